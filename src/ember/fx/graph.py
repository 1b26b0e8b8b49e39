"""``ember.fx.graph``: the Graph of Nodes a trace records, and the Python code made from it.

A Graph is a doubly linked list of Nodes in execution order (the list's sentinel is a ``root``
Node). It creates Nodes with unique, readable names (the target's name, ``add_1`` for the
second ``add``, never a Python keyword or a builtin's name), edits them (insertion points,
erasing, copying), checks them (``lint``), and writes them out as the ``forward`` function a
GraphModule runs: one line per Node, each value set to None after its last use so that memory
is freed as early as in the original program.
"""
from __future__ import annotations

import builtins
import contextlib
import copy
import inspect
import keyword
import re
import types
import typing

from .node import _MAGIC, _UNARY, Node, _qualified_name, _target_name, map_arg, type_repr

__all__ = ["CodeGen", "Graph", "PythonCode"]


def _snake_case(name):
    """``camelCase``/``CamelCase`` to ``camel_case`` (module class names become node names)."""
    chars = []
    prev_lower = False
    for char in name:
        if char.isupper() and prev_lower:
            chars.append("_")
        chars.append(char.lower())
        prev_lower = char.islower()
    return "".join(chars)


# Names the generated code reads besides the graph's own: they must not be taken by values.
_CUSTOM_BUILTINS = {"inf": float("inf"), "nan": float("nan"), "NoneType": type(None)}


def _ember():
    import ember
    return ember


# typing forms of builtin containers (typing.List[int]) print under their typing names
_TYPING_ORIGINS = {list: typing.List, dict: typing.Dict, set: typing.Set,
                   frozenset: typing.FrozenSet, tuple: typing.Tuple}


class _Namespace:
    """Hands out unique Python identifiers from candidate names (``add``, ``add_1``...)."""

    _ILLEGAL = re.compile("[^0-9a-zA-Z_]+")
    _SUFFIX = re.compile(r"(.*)_(\d+)$")

    def __init__(self):
        self._obj_to_name = {}
        self._used = set()
        self._base_count = {}

    def create_name(self, candidate, obj):
        if obj is not None and id(obj) in self._obj_to_name:
            return self._obj_to_name[id(obj)]
        candidate = self._ILLEGAL.sub("_", candidate) or "_unnamed"
        if candidate[0].isdigit():
            candidate = f"_{candidate}"
        match = self._SUFFIX.match(candidate)
        if match is None:
            base, number = candidate, None
        else:
            base, number = match.group(1), int(match.group(2))
        candidate = base if number is None else f"{base}_{number}"
        if not number:
            number = self._base_count.get(base, 0)
        while candidate in self._used or self._is_illegal(candidate, obj):
            number += 1
            candidate = f"{base}_{number}"
        self._used.add(candidate)
        self._base_count[base] = number
        if obj is not None:
            self._obj_to_name[id(obj)] = candidate
        return candidate

    def associate_name_with_obj(self, name, obj):
        self._obj_to_name[id(obj)] = name

    @staticmethod
    def _is_illegal(name, obj):
        if name in keyword.kwlist:
            return True
        if name in builtins.__dict__:
            return obj is not builtins.__dict__[name]
        if name in _CUSTOM_BUILTINS:
            return obj is not _CUSTOM_BUILTINS[name]
        return name == "ember"


class PythonCode:
    """Generated code: ``src`` (the text of ``forward``) and ``globals`` (the names it reads)."""

    def __init__(self, src, globals_, lineno_map=None):
        self.src = src
        self.globals = globals_
        self._lineno_map = lineno_map


def _format_target(base, target):
    """``self.layer1.0.conv`` as Python: ``getattr(self.layer1, "0").conv``."""
    result = base
    for atom in target.split("."):
        result = f"{result}.{atom}" if atom.isidentifier() else f'getattr({result}, "{atom}")'
    return result


class CodeGen:
    """Writes a Graph as the source of a Python function (the ``forward`` of a GraphModule):
    one line per Node, each value set to None after its last use.

    Example:
        >>> from ember import fx
        >>> gm = fx.symbolic_trace(lambda x: x * 2)
        >>> isinstance(gm.graph._codegen, fx.CodeGen)
        True
        >>> print(gm.graph.python_code("self").src.strip())
        def forward(self, x):
            mul = x * 2;  x = None
            return mul
    """

    def gen_fn_def(self, free_vars, maybe_return_annotation):
        """The ``def`` line of the generated function."""
        return f"def forward({', '.join(free_vars)}){maybe_return_annotation}:"

    def generate_output(self, output_args):
        """The ``return`` statement."""
        return f"return {output_args!r}"

    def _gen_python_code(self, nodes, root_module, namespace, *, verbose=False,
                         include_stride=False, include_device=False, colored=False):
        free_vars = [root_module]
        body = []
        globals_ = {"inf": float("inf"), "nan": float("nan"), "NoneType": type(None),
                    "ember": _ember()}
        wrapped = []

        def add_global(obj):
            if getattr(obj, "__module__", "") == "builtins" or obj in _MAGIC or obj in _UNARY:
                qualified = _qualified_name(obj)
            else:
                qualified = _qualified_name(obj)
                if qualified.startswith("ember."):
                    return qualified
            if qualified.startswith("builtins.") and \
                    getattr(builtins, obj.__name__, None) is obj:
                return obj.__name__
            name = namespace.create_name(qualified, obj)
            globals_[name] = obj
            return name

        nodes = list(nodes)
        last_use = {}
        user_to_last_uses = {}
        for user in reversed(nodes):
            def register(node, user=user):
                if node not in last_use:
                    last_use[node] = user
                    user_to_last_uses.setdefault(user, []).append(node)
            map_arg(user.args, register)
            map_arg(user.kwargs, register)

        def value(arg):
            return _value_repr(arg)

        def args_text(args, kwargs):
            parts = [value(arg) for arg in args]
            parts += [f"{key} = {value(arg)}" for key, arg in kwargs.items()]
            return ", ".join(parts)

        def named(candidate, obj):
            name = namespace.create_name(candidate, obj)
            globals_[name] = obj
            return name

        def annotation_text(hint):
            # a class by its global name, a typing form as origin[args] (typing.List[int]
            # as typing_List[int]), list[int] as written, anything else (a string) as a
            # global bound to it
            if hint is type(None):
                return "NoneType"
            if isinstance(hint, tuple) and hint == ():
                return "()"
            if isinstance(hint, types.GenericAlias):
                return repr(hint)
            origin = getattr(hint, "__origin__", None)
            if origin is not None:
                origin = _TYPING_ORIGINS.get(origin, origin)
                text = named(type_repr(origin), origin)
                hint_args = getattr(hint, "__args__", None)
                if hint_args:
                    return f"{text}[{','.join(annotation_text(a) for a in hint_args)}]"
                return text
            if isinstance(hint, type):
                return add_global(hint)
            return named(type_repr(hint), hint)

        def annotation(node):
            if verbose:
                described = _described_value(node, include_stride, include_device)
                if described:
                    return f": {described}"
            return "" if node.type is None else f" : {annotation_text(node.type)}"

        return_annotation = ""
        for node in nodes:
            if node.op == "placeholder":
                if node.target.startswith("*"):
                    free_vars.append(node.target)
                else:
                    default = f" = {node.args[0]!r}" if node.args else ""
                    free_vars.append(f"{node.target}{annotation(node)}{default}")
                if node.target.lstrip("*") != node.name:
                    body.append(f"{node.name} = {node.target.lstrip('*')}")
                self._end_line(node, body, user_to_last_uses)
                continue
            target_text = node.name
            if verbose and node.op != "output":
                described = _described_value(node, include_stride, include_device)
                target_text += f": {described}" if described else ""
            if node.op == "call_method":
                body.append(f"{target_text} = {_format_target(value(node.args[0]), node.target)}"
                            f"({args_text(node.args[1:], node.kwargs)})")
            elif node.op == "call_function":
                body.append(f"{target_text} = " + self._call_text(node, add_global, args_text,
                                                                  value))
                if node.meta.get("is_wrapped", False):
                    name = add_global(node.target)
                    if name not in wrapped:
                        wrapped.append(name)
            elif node.op == "call_module":
                body.append(f"{target_text} = {_format_target(root_module, node.target)}"
                            f"({args_text(node.args, node.kwargs)})")
            elif node.op == "get_attr":
                body.append(f"{target_text} = {_format_target(root_module, node.target)}")
            elif node.op == "output":
                if node.type is not None:
                    return_annotation = f" -> {annotation_text(node.type)}"
                body.append(self.generate_output(node.args[0]))
                continue
            self._end_line(node, body, user_to_last_uses)
        if not body:
            body.append("pass")
        code = "\n".join(body) + "\n"
        code = "\n".join("    " + line for line in code.split("\n"))
        wrap_statements = "\n".join(f'ember.fx._symbolic_trace.wrap("{name}")'
                                    for name in wrapped)
        source = f"\n{wrap_statements}\n\n{self.gen_fn_def(free_vars, return_annotation)}\n{code}"
        return PythonCode(source, globals_)

    @staticmethod
    def _end_line(node, body, user_to_last_uses):
        dead = list(user_to_last_uses.get(node, []))
        if node.op != "placeholder" and not node.users:
            dead.append(node)
        if node.op == "placeholder" or not dead:
            return
        body[-1] += ";  " + " = ".join([repr(item) for item in dead] + ["None"])

    @staticmethod
    def _call_text(node, add_global, args_text, value):
        target, args, kwargs = node.target, node.args, node.kwargs
        if target in _MAGIC and len(args) == 2 and not kwargs:
            return f"{value(args[0])} {_MAGIC[target]} {value(args[1])}"
        if target in _UNARY and len(args) == 1 and not kwargs:
            return f"{_UNARY[target]}{value(args[0])}"
        if target is builtins.getattr and len(args) == 2 and not kwargs and \
                isinstance(args[1], str) and args[1].isidentifier():
            return f"{value(args[0])}.{args[1]}"
        if target is _getitem() and len(args) == 2 and not kwargs:
            return f"{value(args[0])}[{value(args[1])}]"
        return f"{add_global(target)}({args_text(args, kwargs)})"


# torch's short names of dtypes in annotated code ("f32[2, 3]")
_DTYPE_ABBREVIATIONS = {
    "uint8": "u8", "int8": "i8", "int16": "i16", "int32": "i32", "int64": "i64",
    "float16": "f16", "float32": "f32", "float64": "f64", "complex32": "c32",
    "complex64": "c64", "complex128": "c128", "bool": "b8", "bfloat16": "bf16",
    "bits1x8": "b1x8", "bits2x4": "b2x4", "bits4x2": "b4x2", "bits8": "b8x1", "bits16": "b16x1",
    "float8_e5m2": "f8e5m2", "float8_e4m3fn": "f8e4m3fn", "float8_e5m2fnuz": "f8e5m2fnuz",
    "float8_e4m3fnuz": "f8e4m3fnuz", "uint16": "u16", "uint32": "u32", "uint64": "u64",
    "float8_e8m0fnu": "f8e8m0fnu", "float4_e2m1fn_x2": "f4e2m1fnx2"}


def _described_value(node, include_stride, include_device):
    """The quoted dtype and shape verbose code gives a node whose value is known (a tensor in
    ``meta["val"]``, else ShapeProp's ``meta["tensor_meta"]``), or '' (torch's rule: stride and
    device come only from a tensor)."""
    from .passes.shape_prop import TensorMetadata
    value = node.meta.get("val", node.meta.get("tensor_meta", node.meta.get("example_value")))
    tensor = isinstance(value, _ember().Tensor)
    if not tensor and not isinstance(value, TensorMetadata):
        return ""
    dtype = str(value.dtype).rpartition(".")[2]
    text = _DTYPE_ABBREVIATIONS.get(dtype, dtype) + f"[{', '.join(map(str, value.shape))}]"
    if tensor and include_stride:
        text += f"[{', '.join(map(str, value.stride()))}]"
    if tensor and include_device:
        text += str(value.device)
    return f'"{text}"'


def _getitem():
    import operator
    return operator.getitem


def _value_repr(arg):
    """An argument as generated code writes it (Nodes by name, dtypes as ``ember.float32``)."""
    if isinstance(arg, Node):
        return arg.name
    if isinstance(arg, tuple) and hasattr(arg, "_fields"):
        inner = ", ".join(_value_repr(item) for item in arg)
        return f"{type(arg).__name__}({inner})"
    if isinstance(arg, tuple):
        inner = ", ".join(_value_repr(item) for item in arg)
        return f"({inner},)" if len(arg) == 1 else f"({inner})"
    if isinstance(arg, list):
        return "[" + ", ".join(_value_repr(item) for item in arg) + "]"
    if isinstance(arg, dict):
        return "{" + ", ".join(f"{key!r}: {_value_repr(value)}"
                               for key, value in arg.items()) + "}"
    if isinstance(arg, slice):
        return f"slice({_value_repr(arg.start)}, {_value_repr(arg.stop)}, " \
               f"{_value_repr(arg.step)})"
    return repr(arg)


class _NodeList:
    """A live view of a graph's Nodes in order (``len``, iteration, ``reversed``)."""

    def __init__(self, graph, reverse=False):
        self._graph = graph
        self._reverse = reverse

    def __len__(self):
        return self._graph._len

    def __iter__(self):
        root = self._graph._root
        node = root._prev if self._reverse else root._next
        while node is not root:
            following = node._prev if self._reverse else node._next
            if not node._erased:
                yield node
            node = following

    def __reversed__(self):
        return iter(_NodeList(self._graph, not self._reverse))


class Graph:
    """A program as a list of Nodes: what ``symbolic_trace`` records and a GraphModule runs.

    Args:
        owning_module: the GraphModule the graph belongs to (set by GraphModule itself).
        tracer_cls: the Tracer class that recorded it (optional).
        tracer_extras: extra arguments that tracer took (optional).

    Example:
        >>> from ember import fx
        >>> graph = fx.Graph()
        >>> x = graph.placeholder("x")
        >>> y = graph.call_function(ember.relu, (x,))
        >>> _ = graph.output(y)
        >>> print(graph)
        graph():
            %x : [num_users=1] = placeholder[target=x]
            %relu : [num_users=1] = call_function[target=ember.relu](args = (%x,), kwargs = {})
            return relu
    """

    def __init__(self, owning_module=None, tracer_cls=None, tracer_extras=None):
        self._root = Node(self, "", "root", "", (), {})
        self._len = 0
        self._graph_namespace = _Namespace()
        self._owning_module = owning_module
        self._tracer_cls = tracer_cls
        self._tracer_extras = tracer_extras
        self._codegen = CodeGen()
        self._insert = self._root.prepend

    @property
    def owning_module(self):
        """The GraphModule this graph belongs to (None for a free graph)."""
        return self._owning_module

    @owning_module.setter
    def owning_module(self, module):
        self._owning_module = module

    @property
    def nodes(self):
        """The Nodes in execution order (a live view: ``len``, iteration, ``reversed``)."""
        return _NodeList(self)

    def find_nodes(self, *, op, target=None, sort=True):
        """The Nodes with this ``op`` (and ``target``, when given), in graph order."""
        return [node for node in self.nodes
                if node.op == op and (target is None or node.target == target)]

    # -- creating nodes ----------------------------------------------------------------------
    def create_node(self, op, target, args=None, kwargs=None, name=None, type_expr=None):
        """Create a Node at the current insertion point (the end, unless ``inserting_before``/
        ``inserting_after`` moved it).

        Args:
            op: the kind of call (``call_function``, ``call_method``...).
            target: what is called.
            args: the positional arguments (a tuple).
            kwargs: the keyword arguments (a dict).
            name: the wanted name (made unique); by default one derived from ``target``.
            type_expr: the value's type annotation (optional).

        Returns:
            The new Node.
        """
        candidate = name if name else self._target_to_str(target)
        unique = self._graph_namespace.create_name(candidate, None)
        node = Node(self, unique, op, target, args or (), kwargs or {}, type_expr)
        self._insert(node)
        self._len += 1
        return node

    @staticmethod
    def _target_to_str(target):
        if callable(target) and not isinstance(target, str):
            name = _target_name(target)
        else:
            name = target
            if name.startswith("__") and name.endswith("__"):
                name = name[2:-2]
        return _snake_case(name)

    def placeholder(self, name, type_expr=None, default_value=inspect.Signature.empty):
        """Add an input of the generated function (``default_value`` becomes its default)."""
        args = () if default_value is inspect.Signature.empty else (default_value,)
        return self.create_node("placeholder", name, args=args, type_expr=type_expr)

    def get_attr(self, qualified_name, type_expr=None):
        """Add a read of the root module's attribute ``qualified_name`` (``layer.weight``)."""
        return self.create_node("get_attr", qualified_name, type_expr=type_expr)

    def call_module(self, module_name, args=None, kwargs=None, type_expr=None):
        """Add a call of the root's submodule ``module_name``."""
        return self.create_node("call_module", module_name, args, kwargs, type_expr=type_expr)

    def call_method(self, method_name, args=None, kwargs=None, type_expr=None):
        """Add a method call ``args[0].method_name(*args[1:], **kwargs)``."""
        return self.create_node("call_method", method_name, args, kwargs, type_expr=type_expr)

    def call_function(self, the_function, args=None, kwargs=None, type_expr=None):
        """Add a call of the free function ``the_function``."""
        return self.create_node("call_function", the_function, args, kwargs,
                                type_expr=type_expr)

    def output(self, result, type_expr=None):
        """Add the output: what the generated function returns."""
        return self.create_node("output", "output", (result,), type_expr=type_expr)

    def node_copy(self, node, arg_transform=lambda x: x):
        """Copy ``node`` (from any graph) into this one, mapping its argument Nodes through
        ``arg_transform``; the copy keeps the name where it is free and a copy of ``meta``."""
        args = map_arg(node.args, arg_transform)
        kwargs = map_arg(node.kwargs, arg_transform)
        result = self.create_node(node.op, node.target, args, kwargs, node.name, node.type)
        result.meta = copy.copy(node.meta)
        return result

    def graph_copy(self, g, val_map, return_output_node=False):
        """Copy every Node of graph ``g`` into this one (before the insertion point).

        Args:
            g: the graph to copy.
            val_map: a dict from ``g``'s Nodes to this graph's, filled in as Nodes are copied
                (entries given beforehand are used instead of copies).
            return_output_node: return the output Node's copy rather than its value.

        Returns:
            The value ``g`` returns, in terms of this graph's Nodes (None if ``g`` has none).
        """
        for node in g.nodes:
            if node in val_map:
                continue
            if node.op == "output":
                value = map_arg(node.args[0], lambda n: val_map[n])
                return (value, node) if return_output_node else value
            val_map[node] = self.node_copy(node, lambda n: val_map[n])
        return None

    def __deepcopy__(self, memo):
        memo = memo if memo is not None else {}
        result = Graph(tracer_cls=self._tracer_cls)
        value_map = {}
        output = result.graph_copy(self, value_map, return_output_node=True)
        if output is not None:
            value, old_output = output
            result.output(value, type_expr=old_output.type)
        return result

    # -- editing -----------------------------------------------------------------------------
    @contextlib.contextmanager
    def _inserting(self, insert):
        previous = self._insert
        self._insert = insert
        try:
            yield
        finally:
            self._insert = previous

    def inserting_before(self, n=None):
        """A context in which new Nodes go just before ``n`` (the start if None)."""
        if n is None:
            return self.inserting_after(self._root)
        if n.graph is not self:
            raise AssertionError("Node to insert before is not in graph.")
        return self._inserting(n.prepend)

    def inserting_after(self, n=None):
        """A context in which new Nodes go just after ``n`` (the end if None); each new Node
        goes after the one before it, so they keep their order."""
        if n is None:
            return self.inserting_before(self._root)
        if n.graph is not self:
            raise AssertionError("Node to insert after is not in graph.")
        anchor = [n]

        def insert(node):
            anchor[0].append(node)
            anchor[0] = node
        return self._inserting(insert)

    def erase_node(self, to_erase):
        """Remove a Node that no other Node reads (RuntimeError if some do)."""
        if len(to_erase.users) > 0:
            raise RuntimeError(f"Tried to erase Node {to_erase} but it still had "
                               f"{len(to_erase.users)} users in the graph: {to_erase.users}!")
        if to_erase.graph is not self:
            raise RuntimeError(f"Attempting to remove {to_erase} from wrong graph!")
        if to_erase._erased:
            return
        to_erase._remove_from_list()
        to_erase._erased = True
        self._len -= 1
        to_erase._update_args_kwargs((), {})

    def eliminate_dead_code(self, is_impure_node=None):
        """Erase every Node whose value nothing reads and that has no side effect (see
        ``Node.is_impure``), walking from the end so chains of dead Nodes go in one call.

        Args:
            is_impure_node: a function deciding impurity instead of ``Node.is_impure``.

        Returns:
            True if any Node was erased.
        """
        self.lint()
        impure = is_impure_node or (lambda node: node.is_impure())
        changed = False
        for node in reversed(self.nodes):
            if not node.users and not impure(node):
                self.erase_node(node)
                changed = True
        return changed

    def lint(self):
        """Check the graph's invariants: each Node's arguments are Nodes of this graph defined
        before it, names are unique, and (with an owning module) every ``get_attr`` and
        ``call_module`` target exists. Raises RuntimeError naming the first problem."""
        seen_names = set()
        seen_values = set()
        for node in self.nodes:
            if node.graph is not self:
                raise RuntimeError(f"Node '{node}' does not belong to this Graph!")
            for arg in node._input_nodes:
                if arg.graph is not self:
                    raise RuntimeError(f"Argument '{arg}' of Node '{node}' does not belong "
                                       f"to this Graph, but was used as an argument! If you "
                                       f"are copying nodes from another graph, make sure to "
                                       f"use ``arg_transform`` on node_copy() to remap "
                                       f"values\n{self}")
                if arg not in seen_values:
                    raise RuntimeError(f"Argument '{arg}' of Node '{node}' was used before "
                                       f"it has been defined! Please check that Nodes in the "
                                       f"graph are topologically ordered\n{self}")
            if node.name in seen_names:
                raise RuntimeError(f"Node redefined name {node.name}!")
            seen_names.add(node.name)
            seen_values.add(node)
        module = self.owning_module
        if module is None:
            return
        for node in self.nodes:
            if node.op not in ("get_attr", "call_module"):
                continue
            current = module
            for i, atom in enumerate(node.target.split(".")):
                if not hasattr(current, atom):
                    seen = ".".join(node.target.split(".")[:i])
                    raise RuntimeError(f"Node {node} target {node.target} references "
                                       f"nonexistent attribute {atom} of {seen}")
                current = getattr(current, atom)

    # -- printing and code -------------------------------------------------------------------
    def python_code(self, root_module, *, verbose=False, include_stride=False,
                    include_device=False, colored=False):
        """The source of the function this graph computes, named ``forward``, whose first
        argument is called ``root_module`` (``self`` for a GraphModule).

        Returns:
            A PythonCode (``src`` and the ``globals`` it needs).
        """
        namespace = _Namespace()
        for node in self.nodes:
            namespace.create_name(node.name, node)
        return self._codegen._gen_python_code(
            self.nodes, root_module, namespace, verbose=verbose, include_stride=include_stride,
            include_device=include_device, colored=colored)

    def on_generate_code(self, make_transformer):
        """Register a code transformer; ember's codegen takes none (kept for compatibility)."""
        return contextlib.nullcontext()

    def __str__(self):
        lines = ["graph():"]
        for node in self.nodes:
            lines.append("    " + node.format_node())
        return "\n".join(lines)

    def print_tabular(self):
        """Print the Nodes as a table (opcode, name, target, args, kwargs); needs the
        ``tabulate`` package and prints how to install it when it is missing."""
        try:
            from tabulate import tabulate
        except ImportError:
            print("`print_tabular` relies on the library `tabulate`, which could not be found "
                  "on this machine. Run `pip install tabulate` to install the library.")
            raise
        rows = [[node.op, node.name, node.target, node.args, node.kwargs]
                for node in self.nodes]
        print(tabulate(rows, headers=["opcode", "name", "target", "args", "kwargs"]))


