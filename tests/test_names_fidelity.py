"""Small fidelity gaps against torch: the strides of new empty tensors, and (below) the names
and nodes torch prints where ember printed its own."""
from __future__ import annotations

import pytest
from conftest import TORCH, requires_torch

import ember

EMPTY_SHAPES = [(0,), (0, 3), (3, 0), (2, 0, 4), (0, 8, 8), (1, 0), (0, 1, 0)]


@pytest.mark.parametrize("shape", EMPTY_SHAPES, ids=str)
@pytest.mark.parametrize("make", ["empty", "zeros", "ones", "randn"])
def test_new_empty_tensors_have_contiguous_strides(shape, make):
    x = getattr(ember, make)(*shape)
    expected, step = [], 1
    for size in reversed(shape):
        expected.insert(0, step)
        step *= max(size, 1)
    assert x.stride() == tuple(expected)
    assert x.is_contiguous()
    assert x.clone().stride() == x.contiguous().stride() == tuple(expected)


@requires_torch
@pytest.mark.parametrize("shape", EMPTY_SHAPES, ids=str)
def test_empty_strides_match_torch(shape):
    for make in ("empty", "zeros"):
        ours, theirs = getattr(ember, make)(*shape), getattr(TORCH, make)(*shape)
        assert ours.stride() == theirs.stride()
        assert ours.is_contiguous() == theirs.is_contiguous()
        assert ours.reshape(-1).stride() == theirs.reshape(-1).stride()


@requires_torch
def test_empty_tensors_from_data_match_torch():
    for build in (lambda m: m.tensor([]), lambda m: m.arange(0), lambda m: m.ones(3, 4)[:0],
                  lambda m: m.ones(3, 4)[:, :0], lambda m: m.ones(3, 4).t()[:0]):
        assert build(ember).stride() == build(TORCH).stride()


@pytest.mark.parametrize("p", [0.0, 1.0, 2.0, 3.0, float("inf")])
def test_cdist_double_backward_raises_torchs_not_implemented(p):
    x = ember.randn(3, 2, dtype=ember.float64, requires_grad=True)
    y = ember.randn(4, 2, dtype=ember.float64, requires_grad=True)
    gx, gy = ember.autograd.grad(ember.cdist(x, y, p=p).sum(), (x, y), create_graph=True)
    assert type(gx.grad_fn).__name__ == type(gy.grad_fn).__name__ == "CdistBackwardBackward0"
    with pytest.raises(NotImplementedError,
                       match="the derivative for '_cdist_backward' is not implemented."):
        gx.pow(2).sum().backward()
    first, = ember.autograd.grad(ember.cdist(x, y, p=p).sum(), x)
    assert first.grad_fn is None and not first.requires_grad


@requires_torch
def test_cdist_double_backward_node_matches_torch():
    names = []
    for m in (ember, TORCH):
        x = m.ones(3, 2, dtype=m.float64, requires_grad=True)
        y = m.zeros(4, 2, dtype=m.float64, requires_grad=True)
        gx, = m.autograd.grad(m.cdist(x, y).sum(), x, create_graph=True)
        names.append([type(gx.grad_fn).__name__] +
                     [type(f).__name__ for f, _ in gx.grad_fn.next_functions])
    assert names[0] == names[1]


def test_linalg_error_is_the_private_class_of_ember_c():
    error_type = ember.linalg.LinAlgError
    assert error_type is ember._C._LinAlgError
    assert (error_type.__module__, error_type.__qualname__) == ("ember._C", "_LinAlgError")
    assert issubclass(error_type, RuntimeError)


@requires_torch
def test_linalg_error_prints_as_torchs():
    import traceback
    lines = []
    for m in (ember, TORCH):
        try:
            m.linalg.inv(m.zeros(2, 2))
        except m.linalg.LinAlgError as error:
            lines.append((traceback.format_exception_only(error)[-1], repr(error)))
    assert lines[0] == tuple(text.replace("torch.", "ember.") for text in lines[1])


@requires_torch
def test_pytree_type_variables_and_flag_match_torch():
    from torch.utils import _pytree as theirs

    from ember.utils import _pytree as ours
    for name in ("K", "R", "S", "T", "U"):
        assert repr(getattr(ours, name)) == repr(getattr(theirs, name))
    assert ours.Py_TPFLAGS_BASETYPE == theirs.Py_TPFLAGS_BASETYPE
    assert ours.is_structseq(ours.structseq) == theirs.is_structseq(theirs.structseq)
