"""ember.utils._pytree against torch.utils._pytree: the same trees flatten to the same leaves,
print the same specs, map, serialize and fail alike."""
from __future__ import annotations

import collections
import dataclasses
import enum
import importlib
import json

import pytest
from conftest import TORCH, as_cpu_text, requires_torch

import ember

Point = collections.namedtuple("Point", "x y")


class Color(enum.Enum):
    RED = 1


def _pt(name):
    return importlib.import_module(f"{name}.utils._pytree")


def _lib(name):
    return ember if name == "ember" else TORCH


def _outcome(call):
    try:
        value = call()
    except Exception as error:  # noqa: BLE001 - the test compares the types and messages
        return ("raises", type(error).__name__, str(error).replace("torch.", "ember."))
    return ("returns", value)


def _plain(value):
    """Reprs with the library's name taken out, tensors as lists."""
    if hasattr(value, "tolist"):
        return ("tensor", value.tolist())
    return repr(value).replace("torch.", "ember.").replace("torch", "ember")


def _trees(lib):
    return [
        {"b": [1, (2, 3)], "a": Point(4, None), "c": collections.OrderedDict(z=5)},
        [], ((), {}), 7, None, "text", [lib.ones(2), {"w": lib.zeros(1)}],
        collections.defaultdict(list, x=1, y=[2]), collections.deque([1, 2], maxlen=3),
        lib.Size([2, 3]), lib.max(lib.ones(2, 2), 0), (1, [2, (3, {"k": 4})]),
    ]


def _transcript(name):
    pt, lib = _pt(name), _lib(name)
    out = []
    for tree in _trees(lib):
        leaves, spec = pt.tree_flatten(tree)
        out.append([_plain(v) for v in leaves])
        out.append(_plain(spec))
        out.append(pt.treespec_pprint(spec).replace("torch.", "ember."))
        out.append((spec.num_leaves, spec.num_nodes, spec.num_children, spec.is_leaf()))
        rebuilt = pt.tree_unflatten(list(range(len(leaves))), spec)
        out.append(_plain(rebuilt))
        out.append(_plain(pt.tree_map(lambda v: v * 2 if isinstance(v, int) else v, tree)))
        out.append([(pt.keystr(path), _plain(v)) for path, v in pt.tree_leaves_with_path(tree)])
        out.append(_outcome(lambda spec=spec: json.loads(
            pt.treespec_dumps(spec).replace("torch.", "ember."))))
        out.append(spec == pt.tree_structure(tree))
    tree = (1, 2.0, [3, "s"])
    out.append(pt.tree_map_only(int, lambda v: -v, tree))
    out.append(pt.tree_map_only((int, float), lambda v: -v, tree))
    out.append((pt.tree_all(lambda v: v is not None, (1, None)),
                pt.tree_any(lambda v: v is None, (1, None)),
                pt.tree_all_only(int, lambda v: v > 0, tree),
                pt.tree_any_only(str, lambda v: v == "s", tree)))
    out.append(pt.tree_map(lambda a, b: a + b, (1, [2]), (10, [20])))
    out.append(pt.tree_map(lambda a, b: (a, b), [1, 2], [[3], {"d": 4}]))
    out.append(pt.tree_leaves([1, [2, 3]], is_leaf=lambda v: isinstance(v, list) and len(v) == 2))
    out.append(pt.tree_map_with_path(lambda k, v: pt.keystr(k), {"a": [1, Point(2, 3)]}))
    out.append(pt.key_get({"a": [1, 2]}, (pt.MappingKey("a"), pt.SequenceKey(1))))
    out.append(pt.arg_tree_leaves(1, [2], x=3))
    out.append((pt.is_namedtuple(Point), pt.is_namedtuple_instance(Point(1, 2)),
                pt.is_namedtuple_class(tuple), pt.tree_is_leaf([1]), pt.tree_is_leaf(1)))
    out.append(_plain(pt.treespec_dict(a=pt.treespec_leaf(),
                                       b=pt.treespec_tuple([pt.treespec_leaf()]))))
    seen = []
    out.append(pt.tree_map_(seen.append, [1, (2,)]) and seen)
    loaded = pt.treespec_loads(pt.treespec_dumps(pt.tree_structure(
        {"a": [1, (2,)], "b": collections.OrderedDict(c=3),
         "d": collections.defaultdict(list, x=1), "e": collections.deque([1], maxlen=3)})))
    out.append(_plain(loaded))
    spec = pt.tree_structure({"b": 1, "a": [2, 3]})
    for bad in ({"b": 1, "c": [2, 3]}, {"b": 1, "a": [2]}, {"b": 1, "a": 5}, {"a": [5, 6], "b": 4}):
        out.append(_outcome(lambda bad=bad: spec.flatten_up_to(bad)))
    out.append(_outcome(lambda: pt.tree_unflatten([1, 2], spec)))
    out.append(_outcome(lambda: pt.tree_unflatten([1, 2], 3)))
    out.append(_outcome(lambda: pt.register_pytree_node(list, list, list)))
    return out


@requires_torch
def test_pytree_matches_torch():
    ours, theirs = _transcript("ember"), _transcript("torch")
    for i, (a, b) in enumerate(zip(ours, theirs)):
        a = as_cpu_text(a) if isinstance(a, str) else a  # reprs of tensors on a device run
        assert a == b, (i, a, b)
    assert len(ours) == len(theirs)


@dataclasses.dataclass
class Pair:
    a: object
    b: object = 0


def test_registering_nodes_and_dataclasses():
    pt = _pt("ember")

    class Box:
        def __init__(self, items, label):
            self.items, self.label = items, label

    pt.register_pytree_node(Box, lambda b: (b.items, b.label), lambda items, label: Box(items,
                                                                                        label),
                            flatten_with_keys_fn=lambda b: ([(pt.SequenceKey(i), v) for i, v in
                                                             enumerate(b.items)], b.label))
    try:
        leaves, spec = pt.tree_flatten([Box([1, 2], "l"), 3])
        assert leaves == [1, 2, 3]
        rebuilt = pt.tree_unflatten([4, 5, 6], spec)
        assert (rebuilt[0].items, rebuilt[0].label, rebuilt[1]) == ([4, 5], "l", 6)
        assert repr(spec).startswith("TreeSpec(list, None, [TreeSpec(Box, l, [*,")
        with pytest.raises(ValueError, match="context mismatch"):
            spec.flatten_up_to([Box([1, 2], "other"), 3])
        with pytest.raises(NotImplementedError, match="serialized_type_name"):
            pt.treespec_dumps(spec)
    finally:
        del pt.SUPPORTED_NODES[Box]
    pt.register_dataclass(Pair)
    try:
        leaves, spec = pt.tree_flatten(Pair(ember.ones(1), [2]))
        assert leaves[1:] == [2] and pt.tree_unflatten([7, 8], spec) == Pair(7, [8])
        assert [pt.keystr(p) for p, _ in pt.tree_leaves_with_path(Pair(1, 2))] == [".a", ".b"]
        assert pt.treespec_loads(pt.treespec_dumps(spec)) == spec
    finally:
        del pt.SUPPORTED_NODES[Pair]


@requires_torch
def test_children_specs_is_deprecated_as_in_torch():
    for name in ("ember", "torch"):
        with pytest.warns(FutureWarning, match="children_specs` is deprecated"):
            _pt(name).tree_structure([1]).children_specs  # noqa: B018


@requires_torch
def test_module_constants_and_deprecated_spellings():
    for name in ("ember", "torch"):
        pt = _pt(name)
        assert {t.__name__ for t in pt.BUILTIN_TYPES} == {
            "tuple", "list", "dict", "namedtuple", "OrderedDict", "defaultdict", "deque"}
        assert {t.__name__ for t in pt.STANDARD_DICT_TYPES} == {"dict", "OrderedDict",
                                                                "defaultdict"}
        assert pt.PyTreeSpec is pt.TreeSpec
        spec = pt.tree_structure((1, [2]))
        with pytest.warns(FutureWarning, match="treespec_dumps"):
            text = pt.pytree_to_str(spec)
        with pytest.warns(FutureWarning, match="treespec_loads"):
            assert pt.str_to_pytree(text) == spec
        encoded = json.dumps({"c": Color.RED}, cls=pt.EnumEncoder)
        assert json.loads(encoded, object_hook=pt.enum_object_hook) == {"c": Color.RED}
        assert pt.ConstantNode(3).value == 3
