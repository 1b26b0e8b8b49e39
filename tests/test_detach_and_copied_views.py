"""A ``detach()`` is an alias, not a view: its ``_base`` is None (a view of it has it as
``_base``) while it shares its source's memory and version counter, as in torch."""
import pytest

import ember
from tests.conftest import TORCH, requires_torch


def _detach_facts(lib):
    a = lib.arange(6.).reshape(2, 3).clone()
    row = a[1]
    alias, row_alias = a.detach(), row.detach()
    view_of_alias = row_alias.view(3)
    a.add_(1)
    return {
        "alias_base_is_none": alias._base is None,
        "row_alias_base_is_none": row_alias._base is None,
        "view_of_alias_base_is_alias": view_of_alias._base is row_alias,
        "row_base_is_a": row._base is a,
        "versions": (alias._version, row_alias._version, view_of_alias._version),
        "values": row_alias.tolist(),
        "same_storage": (alias.untyped_storage().data_ptr() == a.untyped_storage().data_ptr(),
                         view_of_alias.untyped_storage().data_ptr()
                         == a.untyped_storage().data_ptr()),
        "offsets": (row_alias.storage_offset(), view_of_alias.storage_offset()),
    }


def test_detach_is_an_alias_without_a_base():
    facts = _detach_facts(ember)
    assert facts["alias_base_is_none"] and facts["row_alias_base_is_none"]
    assert facts["view_of_alias_base_is_alias"] and facts["row_base_is_a"]
    assert facts["versions"] == (1, 1, 1) and facts["values"] == [4.0, 5.0, 6.0]
    assert facts["same_storage"] == (True, True) and facts["offsets"] == (3, 3)


@requires_torch
def test_detach_facts_match_torch():
    assert _detach_facts(ember) == _detach_facts(TORCH)


def test_writes_through_a_detached_leaf_and_set_on_it():
    w = ember.ones(3, requires_grad=True)
    alias = w.detach()
    alias.zero_()
    assert w.tolist() == [0.0, 0.0, 0.0] and w._version == 1
    alias.set_(ember.full((2,), 7.0))  # new memory: the alias no longer shares w's
    assert alias.tolist() == [7.0, 7.0] and w.tolist() == [0.0, 0.0, 0.0]
    assert alias.untyped_storage().data_ptr() != w.untyped_storage().data_ptr()


def test_a_view_of_a_detached_view_cannot_be_detached_in_place_but_the_alias_can():
    a = ember.arange(4.).requires_grad_()
    alias = a.detach()
    assert alias.detach_() is alias
    with pytest.raises(RuntimeError, match="Can't detach views in-place"):
        (a * 1)[1:].detach_()


def _copy_facts(lib, copier):
    import copy
    import pickle
    a = lib.arange(12.).reshape(3, 4).clone()
    views = {"tail": a.reshape(-1)[2:], "transposed": a[1:, 1:].t()}
    copy_of = {"deepcopy": copy.deepcopy,
               "pickle": lambda x: pickle.loads(pickle.dumps(x))}[copier]
    facts = {}
    for name, view in views.items():
        c = copy_of(view)
        facts[name] = (c.storage_offset(), c.stride(), c._base is None,
                       c.untyped_storage().nbytes(), c.tolist())
    both = copy_of([a, views["tail"]])
    shared = both[1].untyped_storage().data_ptr() == both[0].untyped_storage().data_ptr()
    both[0][0, 3] = 100.0
    facts["together"] = (both[1].storage_offset(), shared, both[1].tolist())
    return facts


@pytest.mark.parametrize("copier", ["deepcopy", "pickle"])
def test_a_copied_view_keeps_its_offset_into_a_copy_of_its_whole_storage(copier):
    facts = _copy_facts(ember, copier)
    assert facts["tail"] == (2, (1,), True, 48, [float(i) for i in range(2, 12)])
    assert facts["transposed"] == (5, (1, 4), True, 48,
                                   [[5.0, 9.0], [6.0, 10.0], [7.0, 11.0]])
    # deepcopy of a list shares the copied storage between the copies; one pickle does not
    # (torch pickles each tensor's storage on its own).
    expected_tail = [2.0, 100.0] + [float(i) for i in range(4, 12)]
    assert facts["together"] == ((2, True, expected_tail) if copier == "deepcopy" else
                                 (2, False, [float(i) for i in range(2, 12)]))


@requires_torch
@pytest.mark.parametrize("copier", ["deepcopy", "pickle"])
def test_copied_views_match_torch(copier):
    assert _copy_facts(ember, copier) == _copy_facts(TORCH, copier)
