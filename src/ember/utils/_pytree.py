"""ember.utils._pytree: nested containers as trees of leaves, as torch.utils._pytree has them.

A pytree is a leaf or a node: a container of a registered type (tuple, list, dict, OrderedDict,
defaultdict, deque, namedtuple, ember.Size, ember.return_types, and what
``register_pytree_node`` adds) whose children are pytrees. ``tree_flatten`` lists the leaves
in order and returns the structure as a ``TreeSpec``; ``tree_unflatten`` rebuilds a tree from
new leaves; ``tree_map`` applies a function to every leaf. Everything else (tensors, numbers,
None, strings) is a leaf.
"""
from __future__ import annotations

import collections
import dataclasses
import enum
import functools
import importlib
import json
import threading
import warnings
from collections import OrderedDict, defaultdict, deque, namedtuple
from typing import Any, NamedTuple, TypeVar

from .._deprecated import _user_stacklevel

__all__ = [
    "PyTree", "Context", "TreeSpec", "LeafSpec", "NodeDef", "SUPPORTED_NODES", "KeyEntry",
    "KeyPath", "SequenceKey", "MappingKey", "GetAttrKey", "keystr", "key_get",
    "register_pytree_node", "register_dataclass", "register_constant", "tree_flatten",
    "tree_flatten_with_path", "tree_unflatten", "tree_iter", "tree_leaves",
    "tree_leaves_with_path", "tree_structure", "tree_map", "tree_map_", "tree_map_with_path",
    "tree_map_only", "tree_map_only_", "map_only", "tree_all", "tree_any", "tree_all_only",
    "tree_any_only", "tree_is_leaf", "treespec_leaf", "treespec_tuple", "treespec_dict",
    "treespec_pprint", "treespec_dumps", "treespec_loads", "arg_tree_leaves", "is_namedtuple",
    "is_namedtuple_class", "is_namedtuple_instance", "is_structseq", "is_structseq_class",
    "is_structseq_instance",
]

PyTree = Any
Context = Any
KeyEntry = Any
KeyPath = tuple
DEFAULT_TREESPEC_SERIALIZATION_PROTOCOL = 1
NO_SERIALIZED_TYPE_NAME_FOUND = "NO_SERIALIZED_TYPE_NAME_FOUND"


class NodeDef(NamedTuple):
    """How one container type splits into (children, context) and is rebuilt from them."""

    type: type
    flatten_fn: Any
    unflatten_fn: Any
    flatten_with_keys_fn: Any


SUPPORTED_NODES = {}
SUPPORTED_SERIALIZED_TYPES = {}   # type -> (serialized name, to_dumpable, from_dumpable)
SERIALIZED_TYPE_TO_PYTHON_TYPE = {}
CONSTANT_NODES = set()
_lock = threading.Lock()


# --- keys: where a leaf sits in its tree ------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class SequenceKey:
    """The position of a child in a sequence: prints ``[idx]``."""

    idx: int

    def __str__(self):
        return f"[{self.idx!r}]"

    def get(self, sequence):
        return sequence[self.idx]


@dataclasses.dataclass(frozen=True)
class MappingKey:
    """The key of a child in a mapping: prints ``[key]``."""

    key: Any

    def __str__(self):
        return f"[{self.key!r}]"

    def get(self, mapping):
        return mapping[self.key]


@dataclasses.dataclass(frozen=True)
class GetAttrKey:
    """The attribute holding a child (a namedtuple field, a dataclass field): prints ``.name``."""

    name: str

    def __str__(self):
        return f".{self.name}"

    def get(self, obj):
        return getattr(obj, self.name)


def keystr(kp):
    """The key path ``kp`` as one string, as Python would index it: ``['a'][0].x``.

    Args:
        kp: a tuple of keys.

    Returns:
        A string.

    Example:
        >>> from ember.utils._pytree import MappingKey, SequenceKey, keystr
        >>> keystr((MappingKey("a"), SequenceKey(0)))
        "['a'][0]"
    """
    return "".join(str(k) for k in kp)


def key_get(obj, kp):
    """The part of ``obj`` the key path ``kp`` leads to."""
    for k in kp:
        obj = k.get(obj)
    return obj


# --- node types ---------------------------------------------------------------------------------

def is_namedtuple_class(cls):
    """Whether ``cls`` is a namedtuple class (a tuple subclass with ``_fields``/``_make``)."""
    return (isinstance(cls, type) and issubclass(cls, tuple)
            and isinstance(getattr(cls, "_fields", None), tuple)
            and all(type(f) is str for f in cls._fields)
            and callable(getattr(cls, "_make", None)) and callable(getattr(cls, "_asdict", None)))


def is_namedtuple_instance(obj):
    """Whether ``obj`` is a namedtuple."""
    return is_namedtuple_class(type(obj))


def is_namedtuple(obj):
    """Whether ``obj`` is a namedtuple or a namedtuple class."""
    return is_namedtuple_class(obj if isinstance(obj, type) else type(obj))


# The type flag of classes Python code may subclass; C struct sequences lack it.
Py_TPFLAGS_BASETYPE = 1 << 10

# The type variables of the module's annotations.
T = TypeVar("T")
S = TypeVar("S")
U = TypeVar("U")
R = TypeVar("R")
K = TypeVar("K")


class structseq(tuple):
    """A stand-in type for annotations that name a C struct sequence (``PyStructSequence``,
    like ``os.stat_result``); real struct sequences are not its subclasses, so test for one
    with ``is_structseq``.

    Args:
        iterable: the fields' values.

    Example:
        >>> import os
        >>> from ember.utils._pytree import is_structseq, structseq
        >>> is_structseq(os.stat("."))
        True
        >>> isinstance(os.stat("."), structseq)
        False
    """

    n_fields = n_sequence_fields = n_unnamed_fields = 0


def is_structseq_class(cls):
    """Whether ``cls`` is a C struct sequence type (like ``os.stat_result``)."""
    return (isinstance(cls, type) and cls.__bases__ == (tuple,)
            and all(isinstance(getattr(cls, n, None), int)
                    for n in ("n_fields", "n_sequence_fields", "n_unnamed_fields"))
            and not cls.__flags__ & Py_TPFLAGS_BASETYPE)


def is_structseq_instance(obj):
    """Whether ``obj`` is a C struct sequence."""
    return is_structseq_class(type(obj))


def is_structseq(obj):
    """Whether ``obj`` is a C struct sequence or such a type."""
    return is_structseq_class(obj if isinstance(obj, type) else type(obj))


def _node_type(tree):
    kind = type(tree)
    if kind in SUPPORTED_NODES:
        return kind
    # Every namedtuple class shares one node definition, keyed by ``namedtuple`` itself.
    if is_namedtuple_class(kind):
        return namedtuple
    if kind.__module__ == "ember.return_types" and issubclass(kind, tuple):
        _register_return_type(kind)  # made by an op module loaded after this one
    return kind


def _register_return_type(cls):
    """torch registers its return types (values/indices pairs...) as node types of their own."""
    _register(cls, lambda t: (list(t), None),
              functools.partial(lambda kind, values, _: kind(*values), cls), None, None, None,
              lambda t: _sequence_keys(list(t), None))


def register_pytree_node(cls, flatten_fn, unflatten_fn, *, serialized_type_name=None,
                         to_dumpable_context=None, from_dumpable_context=None,
                         flatten_with_keys_fn=None):
    """Make ``cls`` a pytree node: ``flatten_fn(obj) -> (children, context)`` splits it and
    ``unflatten_fn(children, context)`` rebuilds it.

    Args:
        cls: the container type.
        flatten_fn: returns the children (a list) and a context (anything needed to rebuild).
        unflatten_fn: rebuilds an instance from (children, context).
        serialized_type_name: the name ``treespec_dumps`` writes for the type.
        to_dumpable_context: context -> JSON-able value, for ``treespec_dumps``.
        from_dumpable_context: the inverse, for ``treespec_loads``.
        flatten_with_keys_fn: returns ([(key, child)...], context), for the ``*_with_path``
            functions.

    Returns:
        None.

    Example:
        >>> from ember.utils import _pytree as pytree
        >>> class Pair:
        ...     def __init__(self, a, b):
        ...         self.a, self.b = a, b
        >>> pytree.register_pytree_node(Pair, lambda p: ([p.a, p.b], None),
        ...                             lambda children, _: Pair(*children))
        >>> pytree.tree_leaves([Pair(1, 2), 3])
        [1, 2, 3]
    """
    with _lock:
        if cls in SUPPORTED_NODES:
            raise ValueError(f"{cls} is already registered as pytree node.")
        _register(cls, flatten_fn, unflatten_fn, serialized_type_name, to_dumpable_context,
                  from_dumpable_context, flatten_with_keys_fn)


def _register(cls, flatten_fn, unflatten_fn, serialized_type_name=None, to_dumpable=None,
              from_dumpable=None, flatten_with_keys_fn=None):
    SUPPORTED_NODES[cls] = NodeDef(cls, flatten_fn, unflatten_fn, flatten_with_keys_fn)
    if serialized_type_name is None:
        serialized_type_name = NO_SERIALIZED_TYPE_NAME_FOUND
    SUPPORTED_SERIALIZED_TYPES[cls] = (serialized_type_name, to_dumpable, from_dumpable)
    SERIALIZED_TYPE_TO_PYTHON_TYPE[serialized_type_name] = cls


def register_dataclass(cls, *, field_names=None, drop_field_names=None, **kwargs):
    """Make the dataclass ``cls`` a pytree node whose children are its fields (all of them,
    or ``field_names``; ``drop_field_names`` are left out and rebuilt from their defaults)."""
    drop = list(drop_field_names or ())
    if field_names is None:
        if not dataclasses.is_dataclass(cls):
            raise ValueError(f"field_names must be specified with a list of all fields used to "
                             f"initialize {cls}, as it is not a dataclass.")
        field_names = [f.name for f in dataclasses.fields(cls) if f.init and f.name not in drop]
    names = list(field_names)

    def flatten(obj):
        return [getattr(obj, n) for n in names], None

    def unflatten(values, context):
        return cls(**dict(zip(names, values)))

    def flatten_with_keys(obj):
        return [(GetAttrKey(n), getattr(obj, n)) for n in names], None

    name = kwargs.get("serialized_type_name") or f"{cls.__module__}.{cls.__qualname__}"
    register_pytree_node(cls, flatten, unflatten, serialized_type_name=name,
                         flatten_with_keys_fn=flatten_with_keys)


def register_constant(cls):
    """Make instances of ``cls`` (hashable, with ``__eq__``) part of a tree's structure rather
    than leaves: they flatten to no children and come back as they were."""
    if cls.__hash__ is None or cls.__eq__ is object.__eq__:
        raise TypeError("register_constant(cls) expects `cls` to have a non-default `__eq__` "
                        "implementation.")
    CONSTANT_NODES.add(cls)
    register_pytree_node(cls, lambda obj: ([], obj), lambda children, obj: obj,
                         flatten_with_keys_fn=lambda obj: ([], obj))


def is_constant_class(cls):
    """Whether ``cls`` was registered with ``register_constant``."""
    return cls in CONSTANT_NODES


def _sequence_keys(children, context):
    return [(SequenceKey(i), c) for i, c in enumerate(children)], context


def _seq(cls):
    return (lambda obj: (list(obj), None), lambda children, _: cls(children),
            lambda obj: _sequence_keys(list(obj), None))


def _dict_flatten(d):
    return list(d.values()), list(d.keys())


def _dict_keys(d):
    return [(MappingKey(k), v) for k, v in d.items()], list(d.keys())


def _defaultdict_flatten(d):
    return list(d.values()), [d.default_factory, list(d.keys())]


def _defaultdict_unflatten(values, context):
    factory, keys = context
    return defaultdict(factory, zip(keys, values))


def _defaultdict_keys(d):
    return [(MappingKey(k), v) for k, v in d.items()], [d.default_factory, list(d.keys())]


def _defaultdict_dumpable(context):
    factory, keys = context
    return {"default_factory_module": factory.__module__,
            "default_factory_name": factory.__qualname__, "dict_context": keys}


def _defaultdict_loadable(dumpable):
    module = importlib.import_module(dumpable["default_factory_module"])
    return [getattr(module, dumpable["default_factory_name"]), dumpable["dict_context"]]


def _namedtuple_keys(obj):
    return [(GetAttrKey(f), getattr(obj, f)) for f in obj._fields], type(obj)


def _namedtuple_dumpable(context):
    raise NotImplementedError(f"Can't serialize TreeSpec of namedtuple class {context} because "
                              "we didn't register a serializated_type_name. Please register "
                              "using `_register_namedtuple`.")


def _register_builtins():
    for cls, name in ((tuple, "builtins.tuple"), (list, "builtins.list")):
        flatten, unflatten, keys = _seq(cls)
        _register(cls, flatten, unflatten, name, None, None, keys)
    _register(dict, _dict_flatten, lambda values, keys: dict(zip(keys, values)),
              "builtins.dict", None, None, _dict_keys)
    _register(OrderedDict, _dict_flatten, lambda values, keys: OrderedDict(zip(keys, values)),
              "collections.OrderedDict", None, None, _dict_keys)
    _register(defaultdict, _defaultdict_flatten, _defaultdict_unflatten,
              "collections.defaultdict", _defaultdict_dumpable, _defaultdict_loadable,
              _defaultdict_keys)
    _register(deque, lambda d: (list(d), d.maxlen),
              lambda values, maxlen: deque(values, maxlen=maxlen), "collections.deque", None,
              None, lambda d: _sequence_keys(list(d), d.maxlen))
    _register(namedtuple, lambda t: (list(t), type(t)), lambda values, cls: cls(*values),
              "collections.namedtuple", _namedtuple_dumpable, None, _namedtuple_keys)
    from .. import Size, return_types
    flatten, _, keys = _seq(Size)
    # As in torch, a Size comes back as a plain tuple (its leaves may no longer be ints).
    _register(Size, flatten, lambda children, _: tuple(children), "ember.Size", None, None, keys)
    for value in vars(return_types).values():
        if isinstance(value, type) and issubclass(value, tuple):
            _register_return_type(value)


# --- the tree specification -----------------------------------------------------------------

class TreeSpec:
    """The structure of a pytree: its node type, context and children's specs (a leaf: ``*``).

    Args:
        type: the node's container type (None for a leaf).
        context: what the type's unflatten function needs besides the children (dict keys...).
        children_specs: the TreeSpecs of the children, in order.

    Example:
        >>> from ember.utils._pytree import tree_structure
        >>> tree_structure({"a": [1, 2], "b": 3})
        TreeSpec(dict, ['a', 'b'], [TreeSpec(list, None, [*,
            *]),
          *])
    """

    __slots__ = ("type", "_context", "_children", "num_nodes", "num_leaves", "num_children")

    def __init__(self, type, context, children_specs):
        self.type, self._context, self._children = type, context, list(children_specs)
        if type is None:
            self.num_nodes = self.num_leaves = 1
        else:
            self.num_nodes = 1 + sum(c.num_nodes for c in self._children)
            self.num_leaves = sum(c.num_leaves for c in self._children)
        self.num_children = len(self._children)

    @property
    def context(self):
        return self._context

    @property
    def children_specs(self):
        warnings.warn("`treespec.children_specs` is deprecated. Use `treespec.child(index)` to "
                      "access a single child, or `treespec.children()` to get all children.",
                      FutureWarning, stacklevel=_user_stacklevel())
        return self._children

    def is_leaf(self):
        """Whether this spec is a single leaf."""
        return self.type is None

    def children(self):
        """The children's specs, in order."""
        return list(self._children)

    def child(self, index):
        """The spec of child ``index``."""
        return self._children[index]

    def __repr__(self, indent=0):
        if self.type is None:
            return "*"
        text = f"TreeSpec({self.type.__name__}, {self._context}, ["
        if self._children:
            indent += 2
            parts = [c.__repr__(indent) for c in self._children]
            text += (",\n" + " " * indent).join(parts)
        return text + "])"

    def __eq__(self, other):
        if self is other:
            return True
        if not isinstance(other, TreeSpec):
            return NotImplemented
        return (str(self.type) == str(other.type) and self._context == other._context
                and self._children == other._children)

    def __hash__(self):
        return hash((self.type, repr(self._context), tuple(self._children)))

    def flatten_up_to(self, tree):
        """The subtrees of ``tree`` that sit where this spec has leaves (``tree`` must have
        this spec's structure down to them)."""
        out = []
        stack = [(self, tree)]
        while stack:
            spec, sub = stack.pop()
            if spec.type is None:
                out.append(sub)
                continue
            kind = _node_type(sub)
            if kind is not spec.type and not (spec.type is namedtuple and kind is namedtuple):
                raise ValueError(f"Node type mismatch; expected {spec.type}, but got "
                                 f"{type(sub)}.")
            children, context = SUPPORTED_NODES[kind].flatten_fn(sub)
            if len(children) != spec.num_children:
                raise ValueError(f"Node arity mismatch; expected {spec.num_children}, but got "
                                 f"{len(children)}.")
            if kind in (dict, OrderedDict, defaultdict):
                keys = context if kind is not defaultdict else context[1]
                expected = spec._context if kind is not defaultdict else spec._context[1]
                if set(keys) != set(expected):
                    missing, extra = set(expected) - set(keys), set(keys) - set(expected)
                    raise ValueError(f"Node keys mismatch; missing key(s): {missing}; extra "
                                     f"key(s): {extra}.")
                children = [sub[k] for k in expected]
            elif context != spec._context:
                raise ValueError(f"Node context mismatch for custom node type {spec.type}.")
            stack.extend(reversed(list(zip(spec._children, children))))
        return out

    def unflatten(self, leaves):
        """The tree of this structure holding ``leaves`` in order."""
        leaves = list(leaves)
        if len(leaves) != self.num_leaves:
            raise ValueError(f"treespec.unflatten(leaves): `leaves` has length {len(leaves)} "
                             f"but the spec refers to a pytree that holds {self.num_leaves} "
                             f"items ({self}).")
        return self._build(iter(leaves))

    def _build(self, leaves):
        if self.type is None:
            return next(leaves)
        children = [c._build(leaves) for c in self._children]
        return SUPPORTED_NODES[self.type].unflatten_fn(children, self._context)


class LeafSpec(TreeSpec):
    """The spec of a single leaf (printed ``*``)."""

    __slots__ = ()

    def __init__(self):
        super().__init__(None, None, [])


_LEAF = LeafSpec()
PyTreeSpec = TreeSpec


@dataclasses.dataclass(frozen=True)
class ConstantNode:
    """The context ``register_constant`` types keep: the constant value itself."""

    value: Any


def treespec_leaf():
    """The spec of a single leaf."""
    return _LEAF


def treespec_tuple(iterable=()):
    """The spec of a tuple whose children have the given specs."""
    return TreeSpec(tuple, None, list(iterable))


def treespec_dict(mapping=(), /, **kwargs):
    """The spec of a dict whose values have the given specs."""
    items = dict(mapping, **kwargs)
    return TreeSpec(dict, list(items), list(items.values()))


# --- flattening and mapping -------------------------------------------------------------------

def tree_is_leaf(tree, is_leaf=None):
    """Whether ``tree`` is a leaf: not a registered container, or ``is_leaf(tree)`` is true."""
    if is_leaf is not None and is_leaf(tree):
        return True
    return _node_type(tree) not in SUPPORTED_NODES


def _flatten(tree, is_leaf, leaves):
    if tree_is_leaf(tree, is_leaf):
        leaves.append(tree)
        return _LEAF
    node = SUPPORTED_NODES[_node_type(tree)]
    children, context = node.flatten_fn(tree)
    return TreeSpec(node.type, context, [_flatten(c, is_leaf, leaves) for c in children])


def tree_flatten(tree, is_leaf=None):
    """The leaves of ``tree`` in order, and its structure.

    Args:
        tree: a pytree.
        is_leaf: optional predicate; subtrees where it is true count as leaves.

    Returns:
        (leaves, treespec).

    Example:
        >>> from ember.utils._pytree import tree_flatten, tree_unflatten
        >>> leaves, spec = tree_flatten({"w": ember.ones(2), "sizes": (3, 4)})
        >>> leaves
        [tensor([1., 1.]), 3, 4]
        >>> tree_unflatten([0, 1, 2], spec)
        {'w': 0, 'sizes': (1, 2)}
    """
    leaves = []
    spec = _flatten(tree, is_leaf, leaves)
    return leaves, spec


def tree_unflatten(leaves, treespec):
    """The tree with ``treespec``'s structure holding ``leaves`` (inverse of tree_flatten)."""
    if not isinstance(treespec, TreeSpec):
        raise TypeError(f"Expected `treespec` to be an instance of PyTreeSpec but got item of "
                        f"type {type(treespec)}.")
    return treespec.unflatten(leaves)


def tree_iter(tree, is_leaf=None):
    """The leaves of ``tree``, one at a time, in order."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if tree_is_leaf(node, is_leaf):
            yield node
            continue
        children, _ = SUPPORTED_NODES[_node_type(node)].flatten_fn(node)
        stack.extend(reversed(children))


def tree_leaves(tree, is_leaf=None):
    """The leaves of ``tree`` in order (a list)."""
    return list(tree_iter(tree, is_leaf))


def tree_structure(tree, is_leaf=None):
    """The TreeSpec of ``tree``."""
    return tree_flatten(tree, is_leaf)[1]


def tree_map(func, tree, *rests, is_leaf=None):
    """A tree of ``tree``'s structure whose leaves are ``func(leaf, *matching leaves of
    rests)``; each of ``rests`` must have ``tree``'s structure (or hold subtrees where
    ``tree`` has leaves).

    Args:
        func: called once per leaf.
        tree: a pytree.
        rests: more pytrees whose leaves are passed alongside.
        is_leaf: optional predicate marking subtrees as leaves.

    Returns:
        The new tree.

    Example:
        >>> from ember.utils._pytree import tree_map
        >>> tree_map(lambda x: x * 2, {"a": [1, 2], "b": (ember.ones(2),)})
        {'a': [2, 4], 'b': (tensor([2., 2.]),)}
    """
    leaves, spec = tree_flatten(tree, is_leaf)
    flat = [leaves] + [spec.flatten_up_to(r) for r in rests]
    return spec.unflatten(map(func, *flat))


def tree_map_(func, tree, *rests, is_leaf=None):
    """Call ``func`` on every leaf (with the matching leaves of ``rests``) for its side
    effects; returns ``tree`` itself."""
    leaves, spec = tree_flatten(tree, is_leaf)
    flat = [leaves] + [spec.flatten_up_to(r) for r in rests]
    collections.deque(map(func, *flat), maxlen=0)
    return tree


def _flatten_with_path(tree, is_leaf, path, out):
    if tree_is_leaf(tree, is_leaf):
        out.append((path, tree))
        return
    node = SUPPORTED_NODES[_node_type(tree)]
    if node.flatten_with_keys_fn is None:
        raise ValueError(f"Did not find a flatten_with_keys_fn for type: {node.type}. Please "
                         "pass a flatten_with_keys_fn argument to register_pytree_node.")
    pairs, _ = node.flatten_with_keys_fn(tree)
    for key, child in pairs:
        _flatten_with_path(child, is_leaf, (*path, key), out)


def tree_flatten_with_path(tree, is_leaf=None):
    """Like tree_flatten, but each leaf comes with its key path: ([(path, leaf)...], spec)."""
    out = []
    _flatten_with_path(tree, is_leaf, (), out)
    return out, tree_structure(tree, is_leaf)


def tree_leaves_with_path(tree, is_leaf=None):
    """[(key path, leaf)...] for every leaf of ``tree``."""
    out = []
    _flatten_with_path(tree, is_leaf, (), out)
    return out


def tree_map_with_path(func, tree, *rests, is_leaf=None):
    """Like tree_map, with ``func(path, leaf, *rest_leaves)``."""
    pairs, spec = tree_flatten_with_path(tree, is_leaf)
    flat = [spec.flatten_up_to(r) for r in rests]
    return spec.unflatten(func(path, leaf, *others)
                          for (path, leaf), *others in zip(pairs, *flat))


def _type_predicate(type_or_types_or_pred):
    if isinstance(type_or_types_or_pred, (type, tuple)) or (
            type_or_types_or_pred.__class__.__module__ == "types"
            and not callable(type_or_types_or_pred)):
        kinds = type_or_types_or_pred
        return lambda x: isinstance(x, kinds)
    if callable(type_or_types_or_pred):
        return type_or_types_or_pred
    raise TypeError("Argument must be a type, a tuple of types, or a callable.")


def map_only(type_or_types_or_pred):
    """Decorator: the function applies to leaves of the given type(s) (or passing the
    predicate) and returns other leaves unchanged."""
    pred = _type_predicate(type_or_types_or_pred)

    def wrapper(func):
        @functools.wraps(func)
        def wrapped(x):
            return func(x) if pred(x) else x
        return wrapped
    return wrapper


def tree_map_only(type_or_types_or_pred, func, tree, is_leaf=None):
    """tree_map applying ``func`` to the leaves of the given type(s) only."""
    return tree_map(map_only(type_or_types_or_pred)(func), tree, is_leaf=is_leaf)


def tree_map_only_(type_or_types_or_pred, func, tree, is_leaf=None):
    """tree_map_ calling ``func`` on the leaves of the given type(s) only."""
    return tree_map_(map_only(type_or_types_or_pred)(func), tree, is_leaf=is_leaf)


def tree_all(pred, tree, is_leaf=None):
    """Whether ``pred`` holds for every leaf."""
    return all(map(pred, tree_iter(tree, is_leaf)))


def tree_any(pred, tree, is_leaf=None):
    """Whether ``pred`` holds for some leaf."""
    return any(map(pred, tree_iter(tree, is_leaf)))


def tree_all_only(type_or_types, pred, tree, is_leaf=None):
    """Whether ``pred`` holds for every leaf of the given type(s)."""
    return all(pred(x) for x in tree_iter(tree, is_leaf) if isinstance(x, type_or_types))


def tree_any_only(type_or_types, pred, tree, is_leaf=None):
    """Whether ``pred`` holds for some leaf of the given type(s)."""
    return any(pred(x) for x in tree_iter(tree, is_leaf) if isinstance(x, type_or_types))


def arg_tree_leaves(*args, **kwargs):
    """The leaves of ``args`` then of ``kwargs``'s values (a call's tensors, in order)."""
    return tree_leaves(args) + tree_leaves(list(kwargs.values()))


class _Asterisk(str):
    def __repr__(self):
        return "*"


def treespec_pprint(treespec):
    """The structure drawn as its container with ``*`` for each leaf."""
    return repr(treespec.unflatten([_Asterisk("*")] * treespec.num_leaves))


# --- serialization (JSON, torch's protocol 1) -------------------------------------------------

def _spec_to_json(spec):
    if spec.type is None:
        return {"type": None, "context": None, "children_spec": []}
    name, to_dumpable, _ = SUPPORTED_SERIALIZED_TYPES.get(spec.type, (None, None, None))
    if to_dumpable is not None:
        context = to_dumpable(spec._context)
    elif name is None or name == NO_SERIALIZED_TYPE_NAME_FOUND:
        raise NotImplementedError(f"No registered serialization name for {spec.type} found. "
                                  "Please update your _register_pytree_node call with a "
                                  "`serialized_type_name` kwarg.")
    else:
        try:
            context = json.dumps(spec._context)
        except TypeError as error:
            raise TypeError("Unable to serialize context. Please make the context json dump-able, "
                            "or register a custom serializer using _register_pytree_node.") \
                from error
    return {"type": name, "context": context,
            "children_spec": [_spec_to_json(c) for c in spec._children]}


def _json_to_spec(data):
    if data["type"] is None:
        return _LEAF
    cls = SERIALIZED_TYPE_TO_PYTHON_TYPE.get(data["type"])
    if cls is None:
        raise NotImplementedError(f"No registered serialization name for {data['type']} found.")
    _, _, from_dumpable = SUPPORTED_SERIALIZED_TYPES[cls]
    context = from_dumpable(data["context"]) if from_dumpable is not None \
        else json.loads(data["context"])
    return TreeSpec(cls, context, [_json_to_spec(c) for c in data["children_spec"]])


def treespec_dumps(treespec, protocol=None):
    """``treespec`` as a JSON string (each node type needs a serialized name)."""
    if not isinstance(treespec, TreeSpec):
        raise TypeError(f"treespec_dumps(treespec, protocol): Expected `treespec` to be instance "
                        f"of TreeSpec but got item of type {type(treespec)}.")
    protocol = DEFAULT_TREESPEC_SERIALIZATION_PROTOCOL if protocol is None else protocol
    if protocol != 1:
        raise ValueError(f"Unknown protocol {protocol}. Available protocols: [1]")
    return json.dumps([protocol, _spec_to_json(treespec)])


def pytree_to_str(treespec):
    """Deprecated spelling of ``treespec_dumps``."""
    warnings.warn("`pytree_to_str` is deprecated. Please use `treespec_dumps` instead.",
                  FutureWarning, stacklevel=_user_stacklevel())
    return treespec_dumps(treespec)


def str_to_pytree(json):
    """Deprecated spelling of ``treespec_loads``."""
    warnings.warn("`str_to_pytree` is deprecated. Please use `treespec_loads` instead.",
                  FutureWarning, stacklevel=_user_stacklevel())
    return treespec_loads(json)


class EnumEncoder(json.JSONEncoder):
    """JSON encoder writing an Enum member as {"__enum__": true, "fqn": ..., "name": ...}
    (for contexts holding enums); ``enum_object_hook`` reads it back."""

    def default(self, obj):
        if isinstance(obj, enum.Enum):
            kind = type(obj)
            return {"__enum__": True, "fqn": f"{kind.__module__}:{kind.__qualname__}",
                    "name": obj.name}
        return super().default(obj)


def enum_object_hook(obj):
    """``json.loads`` object hook turning EnumEncoder's dicts back into Enum members."""
    if "__enum__" not in obj:
        return obj
    module, _, qualname = obj["fqn"].partition(":")
    kind = importlib.import_module(module)
    for part in qualname.split("."):
        kind = getattr(kind, part)
    return kind[obj["name"]]


def treespec_loads(serialized):
    """The TreeSpec a ``treespec_dumps`` string describes."""
    protocol, data = json.loads(serialized)
    if protocol != 1:
        raise ValueError(f"Unknown protocol {protocol}. Available protocols: [1]")
    return _json_to_spec(data)


_register_builtins()
BUILTIN_TYPES = frozenset({tuple, list, dict, namedtuple, OrderedDict, defaultdict, deque})
STANDARD_DICT_TYPES = frozenset({dict, OrderedDict, defaultdict})
