"""ember._foreach_*: values, dtypes, in-place updates, errors and gradients against torch."""
from __future__ import annotations

import pytest

import ember
from ember import _foreach
from tests.conftest import INSTALL, TORCH, assert_close, check_gradients, rand64, requires_torch


def _lists(positive=False):
    """Two float64 lists of differently shaped tensors, fresh each call."""
    low = 0.2 if positive else -1.0
    return ([rand64(3, low=low, seed=1), rand64(2, 2, low=low, seed=2)],
            [rand64(3, low=low, seed=3), rand64(2, 2, low=low, seed=4)])


def _torch(tensors):
    return [TORCH.from_numpy(t.detach().cpu().numpy().copy()) for t in tensors]


def _compare(ours, theirs):
    assert isinstance(ours, tuple) and len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        assert_close(a, b, rtol=1e-12, atol=1e-12)


def test_every_torch_name_but_the_matrix_ones_exists():
    if TORCH is None:
        pytest.skip(INSTALL["torch"])
    theirs = {name for name in dir(TORCH) if name.startswith("_foreach_")}
    assert theirs - set(_foreach.NAMES) == {"_foreach_mm", "_foreach_powsum"}
    assert all(getattr(ember, name) is getattr(_foreach, name) for name in _foreach.NAMES)
    with pytest.raises(AttributeError, match="has no attribute '_foreach_nothing'"):
        ember._foreach_nothing  # noqa: B018


@requires_torch
@pytest.mark.parametrize("op", _foreach._UNARY)
def test_unary_matches_torch_out_of_place_and_in_place(op):
    ours, _ = _lists(positive=op in ("log", "log10", "log2", "rsqrt", "sqrt", "lgamma"))
    theirs = _torch(ours)
    _compare(getattr(ember, f"_foreach_{op}")(ours), getattr(TORCH, f"_foreach_{op}")(theirs))
    with ember.no_grad():
        returned = getattr(ember, f"_foreach_{op}_")(ours)
    getattr(TORCH, f"_foreach_{op}_")(theirs)
    assert returned is ours
    _compare(tuple(ours), theirs)


SECOND = {"scalar": lambda lib, ts: 0.5,
          "scalar list": lambda lib, ts: [0.5, -2.0],
          "tensor list": lambda lib, ts: ts,
          "0-dim tensor": lambda lib, ts: lib.tensor(1.5, dtype=lib.float64)}


@requires_torch
@pytest.mark.parametrize("kind", sorted(SECOND))
@pytest.mark.parametrize("op", _foreach._BINARY)
def test_binary_matches_torch(op, kind):
    if op == "pow" and kind != "tensor list":
        ours, others = _lists(positive=True)
    else:
        ours, others = _lists(positive=op == "pow")
    theirs, their_others = _torch(ours), _torch(others)
    ours_second, theirs_second = SECOND[kind](ember, others), SECOND[kind](TORCH, their_others)
    _compare(getattr(ember, f"_foreach_{op}")(ours, ours_second),
             getattr(TORCH, f"_foreach_{op}")(theirs, theirs_second))
    with ember.no_grad():
        assert getattr(ember, f"_foreach_{op}_")(ours, ours_second) is ours
    getattr(TORCH, f"_foreach_{op}_")(theirs, theirs_second)
    _compare(tuple(ours), theirs)


@requires_torch
def test_alpha_scalar_base_pow_and_mixed_dtypes():
    ours, others = _lists()
    theirs, their_others = _torch(ours), _torch(others)
    _compare(ember._foreach_sub(ours, others, alpha=3),
             TORCH._foreach_sub(theirs, their_others, alpha=3))
    _compare(ember._foreach_pow(2.0, ours), TORCH._foreach_pow(2.0, theirs))
    mixed = [ember.ones(2), ember.ones(2, dtype=ember.int64)]
    their_mixed = [TORCH.ones(2), TORCH.ones(2, dtype=TORCH.int64)]
    _compare(ember._foreach_add(mixed, [1, 2.5]), TORCH._foreach_add(their_mixed, [1, 2.5]))
    _compare(ember._foreach_mul(mixed, ember.tensor(2.5)),
             TORCH._foreach_mul(their_mixed, TORCH.tensor(2.5)))


@requires_torch
@pytest.mark.parametrize("weight", ["scalar", "scalar list", "tensor list", "0-dim tensor"])
def test_lerp_matches_torch(weight):
    ours, ends = _lists()
    theirs, their_ends = _torch(ours), _torch(ends)
    weights = {"scalar": (0.3, 0.3), "scalar list": ([0.1, 0.9], [0.1, 0.9]),
               "tensor list": (ends, their_ends),
               "0-dim tensor": (ember.tensor(0.25, dtype=ember.float64),
                                TORCH.tensor(0.25, dtype=TORCH.float64))}[weight]
    _compare(ember._foreach_lerp(ours, ends, weights[0]),
             TORCH._foreach_lerp(theirs, their_ends, weights[1]))
    with ember.no_grad():
        assert ember._foreach_lerp_(ours, ends, weights[0]) is ours
    TORCH._foreach_lerp_(theirs, their_ends, weights[1])
    _compare(tuple(ours), theirs)


@requires_torch
@pytest.mark.parametrize("op", ["addcmul", "addcdiv"])
@pytest.mark.parametrize("value", ["default", "scalar", "scalar list", "tensor"])
def test_addcmul_addcdiv_match_torch(op, value):
    ours, firsts = _lists()
    _, seconds = _lists(positive=True)
    theirs = _torch(ours)
    args = (firsts, seconds)
    their_args = (_torch(firsts), _torch(seconds))
    values = {"default": (), "scalar": (0.5,), "scalar list": ([2.0, -1.0],),
              "tensor": (ember.tensor([2.0, -1.0]),)}[value]
    their_values = values if value != "tensor" else (TORCH.tensor([2.0, -1.0]),)
    _compare(getattr(ember, f"_foreach_{op}")(ours, *args, *values),
             getattr(TORCH, f"_foreach_{op}")(theirs, *their_args, *their_values))
    with ember.no_grad():
        assert getattr(ember, f"_foreach_{op}_")(ours, *args, *values) is ours
    getattr(TORCH, f"_foreach_{op}_")(theirs, *their_args, *their_values)
    _compare(tuple(ours), theirs)


@requires_torch
def test_norm_max_zero_copy_clone_match_torch():
    ours, others = _lists()
    theirs, their_others = _torch(ours), _torch(others)
    for args in ((), (1,), (float("inf"),)):
        _compare(ember._foreach_norm(ours, *args), TORCH._foreach_norm(theirs, *args))
    floats = [t.float() for t in ours]
    _compare(ember._foreach_norm(floats, dtype=ember.float64),
             TORCH._foreach_norm([t.float() for t in theirs], dtype=TORCH.float64))
    _compare(ember._foreach_max(ours), TORCH._foreach_max(theirs))
    clones = ember._foreach_clone(ours)
    _compare(clones, TORCH._foreach_clone(theirs))
    assert all(c.data_ptr() != t.data_ptr() for c, t in zip(clones, ours))
    with ember.no_grad():
        assert ember._foreach_copy_(ours, others) is ours
        _compare(tuple(ours), their_others)
        assert ember._foreach_zero_(ours) is ours
    assert all(t.abs().sum().item() == 0 for t in ours)


def test_polyak_update_in_place_bumps_versions_and_keeps_tuples():
    targets = (ember.zeros(2), ember.ones(3))
    sources = [ember.ones(2), ember.full((3,), 3.0)]
    versions = [t._version for t in targets]
    assert ember._foreach_lerp_(targets, sources, 0.25) is targets
    assert targets[0].tolist() == [0.25, 0.25] and targets[1].tolist() == [1.5, 1.5, 1.5]
    assert all(t._version > v for t, v in zip(targets, versions))


@requires_torch
@pytest.mark.parametrize("call", [
    lambda lib, a, b: lib._foreach_add(a, b[:1]),
    lambda lib, a, b: lib._foreach_add([], 1.0),
    lambda lib, a, b: lib._foreach_add(a, [1.0]),
    lambda lib, a, b: lib._foreach_mul(a, lib.ones(2)),
    lambda lib, a, b: lib._foreach_add_([lib.ones(2, dtype=lib.int64)], 1.5),
    lambda lib, a, b: lib._foreach_exp_([lib.ones(2, dtype=lib.int64)]),
    lambda lib, a, b: lib._foreach_neg([lib.ones(2, dtype=lib.bool)]),
    lambda lib, a, b: lib._foreach_max([lib.ones(0)]),
    lambda lib, a, b: lib._foreach_mul_([lib.ones(2, requires_grad=True)], 2.0),
], ids=["list lengths", "empty", "scalar list length", "non-scalar tensor", "int in place",
        "int exp in place", "bool neg", "empty max", "leaf in place"])
def test_errors_match_torch(call):
    def run(lib):
        a = [lib.ones(2), lib.ones(3)]
        b = [lib.ones(2), lib.ones(3)]
        with pytest.raises(Exception) as info:
            call(lib, a, b)
        return info

    ours, theirs = run(ember), run(TORCH)
    assert type(ours.value) is type(theirs.value)
    assert str(ours.value) == str(theirs.value).replace("torch.", "ember.")


def test_gradients_flow_through_the_out_of_place_forms():
    def fn(a, b, c):
        return (*ember._foreach_lerp([a], [b], 0.3), *ember._foreach_addcdiv([a], [b], [c], 0.5),
                *ember._foreach_norm([a]), *ember._foreach_mul([a], [b]))

    check_gradients(fn, rand64(3, seed=1), rand64(3, seed=2), rand64(3, low=0.5, seed=3))
