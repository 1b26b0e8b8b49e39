"""``ember.fx.node``: one operation of an FX graph, and the walkers over its arguments.

A Node is a call recorded by symbolic tracing: its ``op`` says what kind of call
(``placeholder``, ``get_attr``, ``call_function``, ``call_module``, ``call_method``,
``output``), its ``target`` what is called, its ``args``/``kwargs`` the arguments (other Nodes
stand for the values they compute). Each Node knows the Nodes it reads (``all_input_nodes``)
and the Nodes that read it (``users``), kept in step whenever ``args`` or ``kwargs`` change.
Nodes of a graph form a doubly linked list in execution order.
"""
from __future__ import annotations

import builtins
import inspect
import operator

__all__ = ["Node", "has_side_effect", "map_aggregate", "map_arg"]

_side_effectful_functions = set()


def has_side_effect(fn):
    """Mark ``fn`` as having a side effect, so that ``Graph.eliminate_dead_code`` keeps its calls.

    Args:
        fn: the function to mark.

    Returns:
        ``fn`` itself (usable as a decorator).

    Example:
        >>> from ember import fx
        >>> def log(x):
        ...     return None
        >>> fx.has_side_effect(log) is log
        True
    """
    _side_effectful_functions.add(fn)
    return fn


def map_aggregate(a, fn):
    """Apply ``fn`` to every leaf of ``a``, rebuilding tuples (named ones too), lists, dicts
    and slices around the results.

    Args:
        a: the value to walk.
        fn: the function applied to each leaf.

    Returns:
        ``a`` with each leaf replaced by ``fn(leaf)``.

    Example:
        >>> from ember.fx.node import map_aggregate
        >>> map_aggregate((1, [2, {"k": 3}]), lambda v: v * 10)
        (10, [20, {'k': 30}])
    """
    if isinstance(a, tuple):
        mapped = tuple(map_aggregate(item, fn) for item in a)
        return type(a)(*mapped) if hasattr(a, "_fields") else mapped
    if isinstance(a, list):
        return [map_aggregate(item, fn) for item in a]
    if isinstance(a, dict):
        return {key: map_aggregate(value, fn) for key, value in a.items()}
    if isinstance(a, slice):
        return slice(map_aggregate(a.start, fn), map_aggregate(a.stop, fn),
                     map_aggregate(a.step, fn))
    return fn(a)


def map_arg(a, fn):
    """Apply ``fn`` to every Node inside ``a`` (tuples, lists, dicts and slices are walked).

    Args:
        a: the argument structure.
        fn: the function applied to each Node.

    Returns:
        ``a`` with each Node replaced by ``fn(node)``.

    Example:
        >>> from ember import fx
        >>> graph = fx.Graph()
        >>> x = graph.placeholder("x")
        >>> fx.map_arg((x, [x, 1]), lambda node: node.name)
        ('x', ['x', 1])
    """
    if not callable(fn):
        raise AssertionError("ember.fx.map_arg(a, fn): fn must be a callable")
    return map_aggregate(a, lambda value: fn(value) if isinstance(value, Node) else value)


def _format_arg(arg):
    """An argument as ``Node.format_node`` shows it: Nodes as ``%name``, strings unquoted."""
    if isinstance(arg, list):
        return "[" + ", ".join(_format_arg(item) for item in arg) + "]"
    if isinstance(arg, tuple):
        items = ", ".join(_format_arg(item) for item in arg)
        return "(" + items + ("," if len(arg) == 1 else "") + ")"
    if isinstance(arg, dict):
        return "{" + ", ".join(f"{key}: {_format_arg(value)}" for key, value in arg.items()) + "}"
    if isinstance(arg, Node):
        return "%" + str(arg)
    return str(arg)


def _qualified_name(func):
    """The dotted name a callable is printed and imported by (``ember.relu``,
    ``operator.add``, ``builtins.getattr``, ``ember.nn.functional.relu``)."""
    name = func.__name__
    module = getattr(func, "__module__", None) or ""
    if module.startswith("ember"):
        public = _public_ember_name(func)
        if public is not None:
            return public
    if module == "" and getattr(builtins, name, None) is func:
        module = "builtins"
    return f"{module}.{name}"


# torch.nn.functional's ops that are torch's own top-level functions (F.conv2d is torch.conv2d):
# calls of them are printed as ``torch.conv2d``.
_TORCH_LEVEL = frozenset((
    "adaptive_avg_pool1d", "avg_pool1d", "bilinear", "celu_", "channel_shuffle", "conv1d",
    "conv2d", "conv3d", "conv_tbc", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
    "cosine_similarity", "hardshrink", "native_channel_shuffle", "pairwise_distance", "pdist",
    "pixel_shuffle", "pixel_unshuffle", "prelu", "relu_", "rrelu_", "selu_", "threshold_"))
_PUBLIC = {}  # id(function) -> (function, its public object, its public dotted name)


def _public_table():
    """Every public function of ember's function namespaces, by id, with its dotted name; the
    functions a public one wraps (``functools.wraps``'s ``__wrapped__``) are entered too, so
    that a call reported by its inner function still finds its public name."""
    if _PUBLIC:
        return _PUBLIC
    import importlib

    from .._C import _NN_NAMES
    for namespace in ("ember.fft", "ember.special", "ember.linalg", "ember.nn.functional",
                      "ember"):
        module = importlib.import_module(namespace)
        for name in dir(module):
            value = getattr(module, name, None)
            if (name.startswith("_") and name != "_assert") or not callable(value) or \
                    isinstance(value, type):
                continue
            path = namespace
            if namespace == "ember.nn.functional" and name in _NN_NAMES:
                path = "ember._C._nn"
            elif namespace == "ember.nn.functional" and name in _TORCH_LEVEL:
                path = "ember"
            inner = value
            while inner is not None:
                seen = _PUBLIC.get(id(inner))
                if seen is None or seen[2].rpartition(".")[2] != value.__name__:
                    _PUBLIC[id(inner)] = (inner, value, f"{path}.{name}")
                inner = getattr(inner, "__wrapped__", None)
    return _PUBLIC


def _public_object(func):
    """The public ember function behind ``func`` (``func`` itself when it is not one)."""
    found = _public_table().get(id(func))
    return found[1] if found is not None and found[0] is func else func


def _public_ember_name(func):
    """The public ``ember.*`` path that holds ``func``: its __module__ and __name__ may be
    internal ones (``ember.sigmoid`` is ``ember.ops.complex._sigmoid`` behind dispatch)."""
    found = _public_table().get(id(func))
    if found is not None and found[0] is func:
        return found[2]
    if "<" in func.__qualname__:
        return None
    return f"{func.__module__}.{func.__qualname__}"


def _target_name(target):
    """The short name a callable target gives its Nodes (``sigmoid`` for ``ember.sigmoid``)."""
    if getattr(target, "__module__", "") and target.__module__.startswith("ember"):
        public = _public_ember_name(target)
        if public is not None:
            return public.rpartition(".")[2]
    return target.__name__


def type_repr(annotation):
    """How a node's type annotation reads in the graph's text: a builtin class by its name,
    another class as module.qualname, anything else (typing forms, strings) by its repr.

    >>> type_repr(int), type_repr(ember.Tensor), type_repr("int")
    ('int', 'ember.Tensor', "'int'")
    """
    if isinstance(annotation, type):
        if annotation.__module__ == "builtins":
            return annotation.__qualname__
        return f"{annotation.__module__}.{annotation.__qualname__}"
    if annotation is ...:
        return "..."
    return repr(annotation)


def _pretty_target(target):
    if isinstance(target, str):
        return target
    if callable(target) and hasattr(target, "__name__"):
        name = _qualified_name(target)
        return "operator." + name[len("_operator."):] if name.startswith("_operator.") else name
    return str(target)


class Node:
    """One call in an ``ember.fx.Graph``: ``op`` (the kind of call), ``target`` (what is
    called), ``args``/``kwargs`` (Nodes stand for their values), ``users`` (the Nodes that read
    this one) and ``meta`` (free-form data passes attach, such as ``tensor_meta``).

    Nodes are made by a Graph (``graph.create_node``, ``graph.call_function``...), not directly.

    Args:
        graph: the Graph it belongs to.
        name: its unique name in the graph (the generated code's variable).
        op: ``placeholder``, ``get_attr``, ``call_function``, ``call_module``,
            ``call_method`` or ``output``.
        target: the callable (``call_function``) or the name (the others).
        args: the positional arguments.
        kwargs: the keyword arguments.
        return_type: the value's type annotation (optional).

    Example:
        >>> from ember import fx
        >>> graph = fx.Graph()
        >>> x = graph.placeholder("x")
        >>> y = graph.call_function(ember.relu, (x,))
        >>> _ = graph.output(y)
        >>> y.op, y.args, list(x.users)
        ('call_function', (x,), [relu])
    """

    def __init__(self, graph, name, op, target, args, kwargs, return_type=None):
        if op not in ("placeholder", "call_method", "call_module", "call_function", "get_attr",
                      "output", "root"):
            raise AssertionError(f"Unknown op: {op}")
        if op in ("call_method", "call_module", "get_attr", "placeholder", "output") and \
                not isinstance(target, str):
            raise ValueError(f"Node [graph = {graph}, name = '{name}'] target {target} has "
                             f"type {type(target)} but a str is expected")
        if op == "call_function" and not callable(target):
            raise ValueError(f"Node [graph = {graph}, name = '{name}'] target {target} has "
                             f"type {type(target)} but a Callable is expected")
        self.graph = graph
        self.name = name
        self.op = op
        self.target = target
        self._input_nodes = {}
        self.users = {}
        self.type = return_type
        self._prev = self
        self._next = self
        self._erased = False
        self.meta = {}
        self._args = ()
        self._kwargs = {}
        self._update_args_kwargs(args, kwargs)

    # -- the linked list ---------------------------------------------------------------------
    @property
    def next(self):
        """The Node after this one in the graph's order."""
        return self._next

    @property
    def prev(self):
        """The Node before this one in the graph's order."""
        return self._prev

    def prepend(self, x):
        """Move Node ``x`` (of the same graph) to just before this one."""
        if x is self:
            return
        if self.graph is not x.graph:
            raise AssertionError("Attempting to move a Node into a different Graph")
        x._remove_from_list()
        previous = self._prev
        previous._next, x._prev = x, previous
        x._next, self._prev = self, x

    def append(self, x):
        """Move Node ``x`` (of the same graph) to just after this one."""
        self._next.prepend(x)

    def _remove_from_list(self):
        previous, following = self._prev, self._next
        previous._next, following._prev = following, previous
        self._prev = self._next = self

    # -- arguments and uses ------------------------------------------------------------------
    @property
    def args(self):
        """The positional arguments (a tuple; Nodes stand for their values)."""
        return self._args

    @args.setter
    def args(self, value):
        self._update_args_kwargs(value, self._kwargs)

    @property
    def kwargs(self):
        """The keyword arguments (a dict; Nodes stand for their values)."""
        return self._kwargs

    @kwargs.setter
    def kwargs(self, value):
        self._update_args_kwargs(self._args, value)

    @property
    def all_input_nodes(self):
        """The Nodes this one reads, in the order they first appear in args then kwargs."""
        return list(self._input_nodes)

    def _update_args_kwargs(self, new_args, new_kwargs):
        for old in self._input_nodes:
            old.users.pop(self, None)
        self._input_nodes = {}
        self._args = tuple(map_aggregate(tuple(new_args), self._track))
        self._kwargs = dict(map_aggregate(dict(new_kwargs), self._track))
        for node in self._input_nodes:
            node.users.setdefault(self, None)

    def _track(self, value):
        if isinstance(value, Node):
            self._input_nodes.setdefault(value, None)
        return value

    def update_arg(self, idx, arg):
        """Set positional argument ``idx`` to ``arg``."""
        args = list(self.args)
        args[idx] = arg
        self.args = tuple(args)

    def update_kwarg(self, key, arg):
        """Set keyword argument ``key`` to ``arg``."""
        self.kwargs = {**self.kwargs, key: arg}

    def replace_all_uses_with(self, replace_with, delete_user_cb=lambda user: True, *,
                              propagate_meta=False):
        """Make every user of this Node read ``replace_with`` instead.

        Args:
            replace_with: the Node to read instead.
            delete_user_cb: called with each user; only users it answers True for change.
            propagate_meta: copy this Node's ``meta`` onto ``replace_with`` (which must have
                none).

        Returns:
            The list of users that changed.
        """
        if propagate_meta:
            if replace_with.meta:
                raise AssertionError("Called node.replace_all_uses_with(replace_with, "
                                     "propagate_meta=True), but replace_with already has "
                                     ".meta keys")
            replace_with.meta.update(self.meta)
        changed = []
        for user in list(self.users):
            if not delete_user_cb(user):
                continue
            user.replace_input_with(self, replace_with)
            changed.append(user)
        return changed

    def replace_input_with(self, old_input, new_input):
        """Read ``new_input`` wherever this Node's arguments read ``old_input``."""
        swap = lambda node: new_input if node is old_input else node
        self._update_args_kwargs(map_arg(self._args, swap), map_arg(self._kwargs, swap))

    # -- facts -------------------------------------------------------------------------------
    @property
    def stack_trace(self):
        """Where in the user's code this Node was recorded (ember does not record it: None)."""
        return self.meta.get("stack_trace")

    def is_impure(self, impure_random=True):
        """Whether removing this Node could change the program even when nothing reads it:
        placeholders, the output, functions marked by ``has_side_effect``, and in-place
        methods (``x.add_(...)``)."""
        if self.op in ("placeholder", "output"):
            return True
        if self.op == "call_function":
            return self.target in _side_effectful_functions
        if self.op == "call_module":
            module = self.graph.owning_module
            if module is None:
                return False
            return getattr(module.get_submodule(self.target), "_is_impure", False)
        return False

    def format_node(self, placeholder_names=None, maybe_return_typename=None):
        """This Node as one line of the graph's text form, e.g.
        ``%relu : [num_users=1] = call_function[target=ember.relu](args = (%x,), kwargs = {})``.

        Args:
            placeholder_names: a list placeholders append their names to (optional).
            maybe_return_typename: a one-element list the output's type name goes in.

        Returns:
            The line as a str.
        """
        typename = "" if self.type is None else f"{type_repr(self.type)} "
        if self.op == "placeholder":
            if placeholder_names is not None:
                placeholder_names.append(self.target)
            default = f"(default={self.args[0]})" if self.args else ""
            return f"%{self.name} : {typename}[num_users={len(self.users)}] = " \
                   f"placeholder[target={self.target}]{default}"
        if self.op == "get_attr":
            return f"%{self.name} : {typename}[num_users={len(self.users)}] = " \
                   f"get_attr[target={_pretty_target(self.target)}]"
        if self.op == "output":
            if self.type is not None and maybe_return_typename is not None:
                maybe_return_typename[0] = f" -> {type_repr(self.type)}"
            return f"return {self.args[0]}"
        return (f"%{self.name} : {typename}[num_users={len(self.users)}] = "
                f"{self.op}[target={_pretty_target(self.target)}](args = "
                f"{_format_arg(self.args)}, kwargs = {_format_arg(self.kwargs)})")

    def __repr__(self):
        return self.name


_MAGIC = {operator.add: "+", operator.sub: "-", operator.mul: "*", operator.truediv: "/",
          operator.floordiv: "//", operator.mod: "%", operator.pow: "**",
          operator.lshift: "<<", operator.rshift: ">>", operator.and_: "&",
          operator.or_: "|", operator.xor: "^", operator.matmul: "@", operator.eq: "==",
          operator.ne: "!=", operator.lt: "<", operator.le: "<=", operator.gt: ">",
          operator.ge: ">="}
_UNARY = {operator.neg: "-", operator.pos: "+", operator.invert: "~"}
_SIGNATURE_EMPTY = inspect.Signature.empty
