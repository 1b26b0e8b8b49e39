"""Storage-level ops (as_strided and its in-place, scatter and copy forms, resize_,
conj_physical_) and the *_copy twins of the view ops, compared with torch: values, storage
offsets and strides, grad_fn names, gradients and errors."""
from __future__ import annotations

import pytest
from conftest import TORCH, check_gradients, compare_with_torch, rand64, requires_torch

import ember


def _outcome(fn):
    try:
        return fn()
    except Exception as error:  # noqa: BLE001 - the error is what is compared
        return f"{type(error).__name__}: {error}".replace("torch", "ember")


def _both(fn):
    """fn(lib) under ember and torch; tensors compared by value, stride and storage offset."""
    results = []
    for lib in (ember, TORCH):
        out = _outcome(lambda lib=lib: fn(lib))
        if hasattr(out, "stride"):
            out = (out.tolist(), out.stride(), out.storage_offset(), tuple(out.shape))
        results.append(out)
    assert results[0] == results[1]
    return results[0]


STRIDED_CASES = [
    lambda lib: lib.arange(12.)[2:].as_strided((2, 2), (3, 1)),
    lambda lib: lib.arange(12.)[2:].as_strided((2, 2), (3, 1), 1),
    lambda lib: lib.arange(12.).reshape(3, 4).t().as_strided((3, 3), (0, 1), 5),
    lambda lib: lib.as_strided(lib.arange(6.), size=(2,), stride=(2,), storage_offset=1),
    lambda lib: lib.arange(6.).as_strided((), (), 5),
    lambda lib: lib.arange(6.).as_strided((0, 3), (1, 1), 100),
    lambda lib: lib.arange(6.).as_strided((5, 5), (5, 1)),
    lambda lib: lib.arange(6.).as_strided((), (), 6),
    lambda lib: lib.arange(6.).as_strided((2, 2), (1, 1), -1),
    lambda lib: lib.arange(6.).as_strided((2, 2), (1,)),
    lambda lib: lib.arange(6.).as_strided((2, -2), (1, 1)),
    lambda lib: lib.arange(6.).as_strided((2, 2), (1, -1)),
    lambda lib: lib.arange(6.).as_strided((2.5,), (1,)),
]


@requires_torch
@pytest.mark.parametrize("case", range(len(STRIDED_CASES)))
def test_as_strided_views_the_storage_as_torch_does(case):
    _both(STRIDED_CASES[case])


@requires_torch
def test_as_strided_is_a_view_writes_reach_the_base():
    def run(lib):
        base = lib.arange(8.)
        view = base[1:].as_strided((2, 2), (1, 3))
        view.mul_(10)
        return base
    _both(run)


@requires_torch
@pytest.mark.parametrize("make", [
    lambda lib, w: w[1:].as_strided((2, 3), (1, 2), 2),
    lambda lib, w: w.t().as_strided((3, 3), (0, 1)),
    lambda lib, w: w.as_strided((2, 2, 2), (4, 1, 2), 1),
    lambda lib, w: w[:, :1].expand(3, 4).as_strided((4,), (1,)),
])
def test_as_strided_gradients_go_through_the_storage(make):
    compare_with_torch(lambda lib, w: make(lib, w), rand64(3, 4))


# Geometries inside the input: outside it (which the torch comparison above covers) the
# output also depends on base elements the input does not contain, so there is no derivative.
@pytest.mark.parametrize("make", [
    lambda w: w[1:].as_strided((2, 3), (1, 2), 5),
    lambda w: w.t().as_strided((3, 3), (0, 1)),
    lambda w: w[:, :1].expand(3, 4).as_strided((2, 2), (4, 4)),
    lambda w: ember.as_strided_copy(w[1:], (2, 2), (1, 3)),
])
def test_as_strided_gradcheck(make):
    check_gradients(make, rand64(3, 4))


@requires_torch
def test_as_strided_in_place_takes_the_new_geometry():
    def run(lib):
        z = lib.arange(6.)
        assert z.as_strided_((2, 2), (1, 2), 1) is z
        return z
    _both(run)
    _both(lambda lib: lib.ones(4, requires_grad=True).as_strided_((2, 2), (2, 1)))
    compare_with_torch(lambda lib, w: lib.as_strided_(w * 1, (2, 2), (1, 3), 1), rand64(6))


@requires_torch
@pytest.mark.parametrize("offset", [None, 0, 1, 2, 3])
@pytest.mark.parametrize("start", [0, 2])
def test_as_strided_scatter_counts_the_offset_in_the_input_storage(offset, start):
    _both(lambda lib: lib.as_strided_scatter(lib.zeros(8)[start:], lib.arange(1., 5.).view(2, 2),
                                             (2, 2), (1, 3), offset))


@requires_torch
def test_as_strided_scatter_errors_and_gradients():
    _both(lambda lib: lib.as_strided_scatter(lib.zeros(6), lib.ones(3, 2), (2, 2), (1, 3)))
    compare_with_torch(lambda lib, a, b: lib.as_strided_scatter(a, b, (2, 2), (1, 3)),
                       rand64(6), rand64(2, 2, seed=1), grad=False)
    # torch 2.13's AsStridedScatterBackward0 keeps the gradient of the overwritten elements of
    # the input (its gradcheck fails); ember gives the true derivative, which torch computes
    # for the same function written as clone + as_strided + copy_.
    a, b = rand64(6), rand64(2, 2, seed=1)
    g = ember.arange(6.0, dtype=ember.float64)
    grads = ember.autograd.grad(ember.as_strided_scatter(a, b, (2, 2), (1, 3)), (a, b), g)
    ta, tb = (TORCH.tensor(t.tolist(), dtype=TORCH.float64, requires_grad=True) for t in (a, b))
    out = ta.clone()
    out.as_strided((2, 2), (1, 3)).copy_(tb)
    expected = TORCH.autograd.grad(out, (ta, tb), TORCH.arange(6.0, dtype=TORCH.float64))
    assert [t.tolist() for t in grads] == [t.tolist() for t in expected]
    check_gradients(lambda a, b: ember.as_strided_scatter(a, b, (2, 2), (1, 3)), a, b)


RESIZES = [
    lambda lib, x: x.resize_(2, 2),
    lambda lib, x: x.resize_(3, 2),
    lambda lib, x: x.resize_((4,)),
    lambda lib, x: x.reshape(2, 3).t().resize_(3, 2),
    lambda lib, x: x.reshape(2, 3).t().resize_(2, 3),
    lambda lib, x: x[2:].resize_(2, 2),
    lambda lib, x: x[1:3].resize_(2, 2),
    lambda lib, x: x.resize_as_(lib.ones(1, 3)),
    lambda lib, x: x.resize_(-1),
    lambda lib, x: x.requires_grad_().resize_(2),
    lambda lib, x: (x.requires_grad_() * 2).resize_(6),
    lambda lib, x: x[:1].expand(2, 3).resize_(2, 3),
]


@requires_torch
@pytest.mark.parametrize("case", range(len(RESIZES)))
def test_resize_follows_torch(case):
    _both(lambda lib: RESIZES[case](lib, lib.arange(6.)))


@requires_torch
def test_resize_grows_the_storage_keeping_the_data_in_order():
    for lib in (ember, TORCH):
        base = lib.arange(10.)
        view = base[2:]
        view.resize_(2, 2)
        assert view.tolist() == [[2.0, 3.0], [4.0, 5.0]] and view.storage_offset() == 2
        view.resize_(10)
        assert view[:8].tolist() == list(range(2, 10)) and view.storage_offset() == 2
        x = lib.arange(6.)
        x.resize_(2, 5)
        assert x.shape == (2, 5) and x.flatten()[:6].tolist() == list(range(6))
        x.resize_(3)
        assert x.tolist() == [0.0, 1.0, 2.0]
        with lib.no_grad():
            assert _outcome(lambda lib=lib: lib.ones(3, requires_grad=True).resize_(2)) == \
                "RuntimeError: cannot resize variables that require grad"


@requires_torch
def test_conj_physical_in_place():
    _both(lambda lib: lib.tensor([1 + 2j, -3j]).conj_physical_())
    _both(lambda lib: lib.conj_physical_(lib.tensor([1, 2])))
    compare_with_torch(lambda lib, w: lib.conj_physical_(w * 1),
                       ember.tensor([1 + 2j, 3 - 1j], requires_grad=True))


COPIES = {
    "alias_copy": lambda lib, x: lib.alias_copy(x),
    "as_strided_copy": lambda lib, x: lib.as_strided_copy(x, (2,), (2,), 1),
    "diagonal_copy": lambda lib, x: lib.diagonal_copy(x, 1),
    "expand_copy": lambda lib, x: lib.expand_copy(x[:1], (2, 3)),
    "permute_copy": lambda lib, x: lib.permute_copy(x, (1, 0)),
    "select_copy": lambda lib, x: lib.select_copy(x, 1, 2),
    "slice_copy": lambda lib, x: lib.slice_copy(x, 1, 0, 3, 2),
    "split_copy": lambda lib, x: lib.split_copy(x, 2, 1),
    "split_with_sizes_copy": lambda lib, x: lib.split_with_sizes_copy(x, [1, 2], 1),
    "squeeze_copy": lambda lib, x: lib.squeeze_copy(x[:1]),
    "t_copy": lambda lib, x: lib.t_copy(x),
    "transpose_copy": lambda lib, x: lib.transpose_copy(x, 0, 1),
    "unbind_copy": lambda lib, x: lib.unbind_copy(x, 1),
    "unfold_copy": lambda lib, x: lib.unfold_copy(x, 1, 2, 1),
    "unsqueeze_copy": lambda lib, x: lib.unsqueeze_copy(x, 0),
    "view_copy": lambda lib, x: lib.view_copy(x, (3, 2)),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(COPIES))
def test_copy_twins_of_views_match_torch(name):
    ours, _ = compare_with_torch(COPIES[name], rand64(2, 3))
    for out in ours if isinstance(ours, tuple) else (ours,):
        assert out._base is None and out.is_contiguous()
    check_gradients(lambda x: COPIES[name](ember, x), rand64(2, 3))


@requires_torch
@pytest.mark.parametrize("name", sorted(COPIES))
def test_copy_twins_take_out(name):
    def run(lib):
        x = lib.arange(6.).reshape(2, 3)
        expected = COPIES[name](lib, x)
        if isinstance(expected, tuple):
            out = [lib.empty(t.shape) for t in expected]
            assert getattr(lib, name)(*_args(name, lib, x), out=out) is None
            return [t.tolist() for t in out], _outcome(lambda: getattr(lib, name)(
                *_args(name, lib, x), out=[lib.empty(0) for _ in expected]))
        out = lib.empty(0)
        assert getattr(lib, name)(*_args(name, lib, x), out=out) is out
        return out.tolist(), _outcome(lambda: getattr(lib, name)(
            *_args(name, lib, x), out=lib.empty(0, dtype=lib.int64)))
    _both(run)


def _args(name, lib, x):
    return {"as_strided_copy": (x, (2,), (2,), 1), "diagonal_copy": (x, 1),
            "expand_copy": (x[:1], (2, 3)), "permute_copy": (x, (1, 0)),
            "select_copy": (x, 1, 2), "slice_copy": (x, 1, 0, 3, 2), "split_copy": (x, 2, 1),
            "split_with_sizes_copy": (x, [1, 2], 1), "squeeze_copy": (x[:1],),
            "transpose_copy": (x, 0, 1), "unbind_copy": (x, 1), "unfold_copy": (x, 1, 2, 1),
            "unsqueeze_copy": (x, 0), "view_copy": (x, (3, 2))}.get(name, (x,))


@requires_torch
def test_complex_view_copies_and_view_copy_of_a_dtype():
    _both(lambda lib: lib.view_as_real_copy(lib.tensor([1 + 2j, 3 - 4j])))
    _both(lambda lib: lib.view_as_complex_copy(lib.tensor([[1.0, 2.0]])))
    _both(lambda lib: lib.view_copy(lib.tensor([1.0, 2.0]), lib.int32))
    compare_with_torch(lambda lib, w: lib.view_as_real_copy(w * 1),
                       ember.tensor([1 + 2j, 3 - 1j], requires_grad=True))
    assert not ember.detach_copy(rand64(2)).requires_grad


@requires_torch
@pytest.mark.parametrize(("target", "source"), [
    ((0,), (2, 2)), ((3,), (2, 2)), ((2, 3), (4,)), ((3,), (2, 3)), ((2, 1), (2, 3)),
    ((4, 2, 3), (5, 3)), ((1,), (2,)), ((2, 3), (3,))])
def test_copy_into_a_shape_that_does_not_take_the_source(target, source):
    _both(lambda lib: lib.empty(target).copy_(lib.ones(source)))


EXPAND_CASES = [
    # A new leading dim of size 1 gets the stride it would have if contiguous (HF's
    # position_ids buffers are arange(n).expand((1, -1))), a broadcast dim stride 0.
    lambda lib: lib.arange(12.).expand(1, -1),
    lambda lib: lib.arange(12.).expand(1, 1, 12),
    lambda lib: lib.arange(12.).reshape(3, 4).t().expand(1, 1, 4, 3),
    lambda lib: lib.ones(3, 1).expand(1, 3, 1),
    lambda lib: lib.ones(3, 1).expand(1, 3, 4),
    lambda lib: lib.arange(12.).expand(2, 1, 12),
    lambda lib: lib.ones(2, 3)[:, :1].expand(2, 2, 4),
    lambda lib: lib.tensor(5.).expand(1, 1),
    lambda lib: lib.tensor(5.).expand(3, 1),
]


@requires_torch
@pytest.mark.parametrize("case", range(len(EXPAND_CASES)))
def test_expand_strides_match_torch(case):
    _both(EXPAND_CASES[case])


@requires_torch
def test_expand_is_writable_exactly_when_no_element_repeats():
    def run(lib, sizes):
        base = lib.arange(4.)
        base.expand(*sizes).add_(1)
        return base

    _both(lambda lib: run(lib, (1, 1, 4)))
    _both(lambda lib: run(lib, (2, 4)))
