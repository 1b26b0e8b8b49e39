"""``ember.fx.graph_module``: a Module whose ``forward`` is generated from a Graph.

The GraphModule copies from the root module exactly the submodules, parameters and buffers
its Graph reads (intermediate containers become plain Modules), then writes the Graph as
Python source (``gm.code``) and executes it to make ``forward``. Editing ``gm.graph`` and
calling ``gm.recompile()`` regenerates the code. Each GraphModule gets a class of its own, so
that ``forward`` can be replaced per instance, named like the traced module.
"""
from __future__ import annotations

import copy
import itertools
import linecache

from ..nn import Module
from .graph import Graph

__all__ = ["GraphModule"]

_counter = itertools.count()


def _exec_with_source(source, globals_):
    """Execute generated code under a unique file name kept in linecache, so that
    tracebacks through ``forward`` show its lines."""
    key = f"<eval_with_key>.{next(_counter)}"
    linecache.cache[key] = (len(source), None, source.splitlines(True), key)
    exec(compile(source, key, "exec"), globals_)


def _copy_attr(source, target, qualified_name):
    """Copy ``source``'s attribute at ``qualified_name`` onto ``target``, creating plain
    Modules for the intermediate containers (buffers stay buffers)."""
    from .._tensor import Tensor
    from ..nn import Parameter
    *prefix, field = qualified_name.split(".")
    for item in prefix:
        from_child = getattr(source, item)
        to_child = getattr(target, item, None)
        if from_child is to_child:
            return
        if to_child is None:
            to_child = Module()
            setattr(target, item, to_child)
        source, target = from_child, to_child
    value = getattr(source, field)
    if isinstance(value, Tensor) and not isinstance(value, Parameter) and \
            field in getattr(source, "_buffers", {}):
        target.register_buffer(field, value)
    else:
        setattr(target, field, value)


def _assign_attr(value, target, qualified_name):
    *prefix, field = qualified_name.split(".")
    for item in prefix:
        child = getattr(target, item, None)
        if child is None:
            child = Module()
            setattr(target, item, child)
        target = child
    setattr(target, field, value)


class GraphModule(Module):
    """A Module whose ``forward`` runs a Graph: the code made from it is ``self.code``.

    Args:
        root: the Module to take submodules/parameters/buffers from (by the graph's
            ``call_module``/``get_attr`` targets), or a dict from qualified names to values.
        graph: the Graph to run.
        class_name: the name of this GraphModule's class (shown in its repr).

    Example:
        >>> from ember import fx
        >>> graph = fx.Graph()
        >>> x = graph.placeholder("x")
        >>> _ = graph.output(graph.call_function(ember.neg, (x,)))
        >>> gm = fx.GraphModule(ember.nn.Module(), graph)
        >>> gm(ember.tensor([1.0, 2.0]))
        tensor([-1., -2.])
    """

    def __new__(cls, *args, **kwargs):
        for base in cls.__mro__:
            if base.__name__ == "GraphModuleImpl":
                own_class = base
                break
        else:
            class GraphModuleImpl(cls):
                pass
            own_class = GraphModuleImpl
        return super().__new__(own_class)

    def __init__(self, root, graph, class_name="GraphModule"):
        super().__init__()
        type(self).__name__ = class_name
        if isinstance(root, Module):
            if hasattr(root, "training"):
                self.training = root.training
            for node in graph.nodes:
                if node.op in ("get_attr", "call_module"):
                    _copy_attr(root, self, node.target)
        elif isinstance(root, dict):
            for node in graph.nodes:
                if node.op in ("get_attr", "call_module"):
                    if node.target not in root:
                        raise RuntimeError(f"Node {node} referenced target {node.target} but "
                                           f"that target was not provided in ``root``!")
                    _assign_attr(root[node.target], self, node.target)
        else:
            raise RuntimeError("Unsupported type " + str(root) + " passed for root!")
        self.meta = {}
        self._graph = None
        self.graph = graph

    @property
    def graph(self):
        """The Graph this module runs; setting it regenerates ``forward``."""
        return self._graph

    @graph.setter
    def graph(self, graph):
        if not isinstance(graph, Graph):
            raise AssertionError(f"Expected a Graph instance, but got {type(graph)}")
        self._graph = graph
        graph.owning_module = self
        self.recompile()

    @property
    def code(self):
        """The Python source of ``forward``, as generated from the graph."""
        return self._code

    def recompile(self):
        """Regenerate ``forward`` (and ``code``) from the current graph: call it after
        editing ``self.graph``.

        Returns:
            The PythonCode generated.
        """
        python_code = self._graph.python_code(root_module="self")
        self._code = python_code.src
        globals_ = dict(python_code.globals)
        _exec_with_source(self._code, globals_)
        type(self).forward = globals_["forward"]
        return python_code

    def print_readable(self, print_output=True, include_stride=False, include_device=False,
                       colored=False):
        """The code of ``forward`` inside a class statement, printed (and returned); nodes whose
        value is known (ShapeProp's ``tensor_meta``, a tensor in ``meta["val"]``) carry its dtype
        and shape, plus its strides and device when asked."""
        code = self.graph.python_code("self", verbose=True, include_stride=include_stride,
                                      include_device=include_device, colored=colored).src
        lines = code.strip("\n").split("\n")
        body = "\n".join("    " + line if line.strip() else "" for line in lines
                         if not line.startswith("ember.fx._symbolic_trace.wrap"))
        head, *rest = body.split("\n")
        # inputs renamed in the body (``input_1 = input``) come before the nodes' comment
        renamed = sum(1 for node in self.graph.nodes if node.op == "placeholder" and
                      node.name != node.target.lstrip("*"))
        first = "".join(line + "\n" for line in rest[:renamed]) + ("\n" if renamed else "")
        rest = "\n".join(rest[renamed:]).rstrip()
        text = (f"class {type(self).__name__}(ember.nn.Module):\n{head}\n{first}"
                f"        # No stacktrace found for following nodes\n{rest}\n")
        if print_output:
            print(text)
        return text

    def delete_submodule(self, target):
        """Remove submodule ``target`` (a qualified name); False if there is none."""
        *path, name = target.split(".")
        module = self
        for item in path:
            module = getattr(module, item, None)
            if not isinstance(module, Module):
                return False
        if name not in module._modules:
            return False
        delattr(module, name)
        return True

    def add_submodule(self, target, m):
        """Install ``m`` at qualified name ``target``, creating plain Modules on the way.

        Returns:
            True (False if a part of the path is taken by something that is not a Module).
        """
        *path, name = target.split(".")
        module = self
        for item in path:
            child = getattr(module, item, None)
            if child is None:
                child = Module()
                module.add_module(item, child)
            if not isinstance(child, Module):
                return False
            module = child
        module.add_module(name, m)
        return True

    def delete_all_unused_submodules(self):
        """Delete the submodules that no ``call_module`` or ``get_attr`` Node uses."""
        used = set()
        for node in self.graph.nodes:
            if node.op in ("call_module", "get_attr"):
                atoms = node.target.split(".")
                used.update(".".join(atoms[:i]) for i in range(1, len(atoms) + 1))
        for name, _ in list(self.named_modules()):
            if name and name not in used:
                self.delete_submodule(name)

    def __str__(self):
        return "\n".join([super().__str__(), self._code,
                          ("# To see more debug info, please use "
                           "`graph_module.print_readable()`")])

    def __copy__(self):
        result = GraphModule(self, self.graph, type(self).__name__)
        result.meta = copy.copy(self.meta)
        return result

    def __deepcopy__(self, memo):
        holder = Module()
        memo[id(self)] = holder
        state = copy.deepcopy({key: value for key, value in self.__dict__.items()
                               if key not in ("_graph", "_code")}, memo)
        holder.__dict__.update(state)
        result = GraphModule(holder, copy.deepcopy(self.graph, memo))
        for key, value in state.items():
            if key not in result.__dict__ or key == "meta":
                result.__dict__[key] = value
        return result

    def __reduce__(self):
        state = {key: value for key, value in self.__dict__.items()
                 if key not in ("_graph", "_code")}
        return _rebuild_graph_module, (state, self._code)


def _rebuild_graph_module(state, code):
    """Unpickle a GraphModule: its state plus the generated code, retraced into a Graph."""
    from ._symbolic_trace import Tracer

    class CodeOnlyModule(Module):
        pass
    holder = CodeOnlyModule()
    holder.__dict__.update(state)
    globals_ = _codegen_globals()
    _exec_with_source(code, globals_)
    CodeOnlyModule.forward = globals_["forward"]

    class KeepModules(Tracer):
        def is_leaf_module(self, m, module_qualified_name):
            return True
    graph = KeepModules().trace(holder)
    result = GraphModule(holder, graph)
    for key, value in state.items():
        result.__dict__.setdefault(key, value)
    return result


def _codegen_globals():
    import ember
    return {"inf": float("inf"), "nan": float("nan"), "NoneType": type(None), "ember": ember}


