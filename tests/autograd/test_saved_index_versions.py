"""An index tensor changed in place between an indexing op and its backward: torch saved the
indices and raises its "modified by an inplace operation" error, naming the index tensor's
type (CPUBoolType for a mask). ember's nodes read the indices through arrays sharing their
memory, so without the check the gradient went silently to the new positions."""
from __future__ import annotations

import pytest
from conftest import TORCH

import ember


def raises_like_torch(fn):
    with pytest.raises(RuntimeError) as ours:
        fn(ember)
    if TORCH is not None:
        with pytest.raises(RuntimeError) as theirs:
            fn(TORCH)
        assert str(ours.value).replace("ember.", "torch.") == str(theirs.value)
    return str(ours.value)


def _read_then_change(kind):
    def run(lib):
        x = lib.arange(4.0, requires_grad=True)
        index = lib.tensor([0, 1]) if kind != "mask" else lib.tensor([True, False, True, False])
        out = lib.take(x, index) if kind == "take" else x[index]
        index[1] = 3 if kind != "mask" else True
        out.sum().backward()
    return run


@pytest.mark.parametrize("kind", ["long", "mask", "take"])
def test_changed_index_of_a_read(kind):
    msg = raises_like_torch(_read_then_change(kind))
    name = "[CPUBoolType [4]]" if kind == "mask" else "[ember.LongTensor [2]]"
    assert name in msg and "is at version 1; expected version 0 instead" in msg


@pytest.mark.parametrize("kind", ["setitem", "setitem_mask", "index_put_"])
def test_changed_index_of_a_write(kind):
    def run(lib):
        x = lib.arange(4.0, requires_grad=True)
        v = lib.ones(2, requires_grad=True)
        y = x * 1
        index = lib.tensor([True, False, True, False]) if kind == "setitem_mask" else \
            lib.tensor([0, 1])
        if kind == "index_put_":
            y.index_put_((index,), v)
        else:
            y[index] = v
        index.logical_not_() if index.dtype == lib.bool else index.add_(1)
        (y * lib.arange(4.0)).sum().backward()
    msg = raises_like_torch(run)
    assert "modified by an inplace operation" in msg


def test_unchanged_index_gives_the_gradient():
    # the check leaves the usual case alone: gradients go where the index said when recorded
    x = ember.arange(4.0, requires_grad=True)
    v = ember.ones(2, requires_grad=True)
    index = ember.tensor([2, 0])
    y = x * 1
    y[index] = v * 3
    (y[index] * ember.tensor([1.0, 10.0])).sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 0.0, 0.0]
    assert v.grad.tolist() == [3.0, 30.0]


def test_type_names_in_the_error():
    # torch names the classic types by their legacy class, the others as CPU<Name>Type
    for dtype, name in ((ember.bool, "CPUBoolType"), (ember.complex128, "CPUComplexDoubleType"),
                        (ember.int32, "ember.IntTensor"), (ember.float64, "ember.DoubleTensor")):
        def run(lib, dtype=dtype):
            a = lib.ones(3, requires_grad=True)
            m = lib.zeros(3, dtype=getattr(lib, str(dtype).split(".")[1]))
            z = a * m
            (m.logical_not_() if m.dtype == lib.bool else m.add_(1))
            (z.real if z.is_complex() else z).sum().backward()
        assert f"[{name} [3]]" in raises_like_torch(run)


def _take_along_then_change(dim):
    def run(lib):
        x = lib.arange(6.0).reshape(2, 3).requires_grad_()
        index = lib.tensor([[0, 1, 2], [2, 1, 0]]) if dim is not None else lib.tensor([0, 5])
        out = lib.take_along_dim(x, index, dim=dim)
        index.fill_(0)
        (out * lib.arange(float(out.numel())).reshape(out.shape)).sum().backward()
        return x.grad.tolist()
    return run


def test_take_along_dim_with_a_dim_keeps_its_own_copy_of_the_indices():
    # torch's take_along_dim(dim=d) gathers with a copy of the broadcast indices: changing the
    # caller's index tensor afterwards neither raises nor moves the gradient...
    got = _take_along_then_change(1)(ember)
    assert got == [[0.0, 1.0, 2.0], [5.0, 4.0, 3.0]]
    if TORCH is not None:
        assert got == _take_along_then_change(1)(TORCH)
    # ...while without a dim it gathers from a view of them, and raises
    raises_like_torch(_take_along_then_change(None))
