"""TorchDispatchMode (ember.utils._python_dispatch) against torch: the ATen calls a mode sees
for the ops ember reports (matrix products and convolutions, forward and backward), with
torch's overload names and the operand shapes torch folds a call into, and a mode's answer
replacing the result under autograd."""
from __future__ import annotations

import pytest
from conftest import TORCH, requires_torch

import ember

REPORTED = {"aten.mm", "aten.bmm", "aten.addmm", "aten.baddbmm", "aten.dot", "aten.mv",
            "aten.convolution", "aten.convolution_backward"}


def _modes(lib):
    from importlib import import_module
    return import_module(f"{lib.__name__}.utils._python_dispatch")


def _logged(lib, program):
    """The reported ATen calls ``program(lib)`` makes: (overload, argument shapes)."""
    log = []

    class Log(_modes(lib).TorchDispatchMode):
        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            if str(func._overloadpacket) in REPORTED:
                log.append((str(func), [tuple(a.shape) if isinstance(a, lib.Tensor) else a
                                        for a in args]))
            return func(*args, **(kwargs or {}))

    with Log():
        program(lib)
    return log


def _leaf(lib, *shape):
    return lib.arange(float(lib.Size(shape).numel())).reshape(shape).div(7).requires_grad_()


PROGRAMS = {
    "mm": lambda m: (_leaf(m, 3, 4) @ _leaf(m, 4, 5)).sum().backward(),
    "vector-matrix": lambda m: (_leaf(m, 4) @ _leaf(m, 4, 5)).sum().backward(),
    "matrix-vector": lambda m: (_leaf(m, 3, 4) @ _leaf(m, 4)).sum().backward(),
    "dot": lambda m: (_leaf(m, 4) @ _leaf(m, 4)).backward(),
    "batch-folded": lambda m: (_leaf(m, 2, 3, 4) @ _leaf(m, 4, 5)).sum().backward(),
    "batched": lambda m: (_leaf(m, 2, 3, 4) @ _leaf(m, 2, 4, 5)).sum().backward(),
    "broadcast-batch": lambda m: (_leaf(m, 2, 1, 3, 4) @ _leaf(m, 3, 4, 2)).sum(),
    "bmm": lambda m: m.bmm(_leaf(m, 2, 3, 4), _leaf(m, 2, 4, 5)).sum().backward(),
    "addmm": lambda m: m.addmm(_leaf(m, 5), _leaf(m, 3, 4), _leaf(m, 4, 5)).sum().backward(),
    "baddbmm": lambda m: m.baddbmm(_leaf(m, 2, 3, 5), _leaf(m, 2, 3, 4), _leaf(m, 2, 4, 5),
                                   beta=0.5, alpha=2.0).sum().backward(),
    "linear-2d": lambda m: m.nn.functional.linear(_leaf(m, 3, 4), _leaf(m, 5, 4),
                                                  _leaf(m, 5)).sum().backward(),
    "linear-3d": lambda m: m.nn.functional.linear(_leaf(m, 2, 3, 4), _leaf(m, 5, 4),
                                                  _leaf(m, 5)).sum().backward(),
    "linear-no-bias": lambda m: m.nn.functional.linear(m.ones(3, 4),
                                                       _leaf(m, 5, 4)).sum().backward(),
    "conv2d": lambda m: m.nn.functional.conv2d(_leaf(m, 2, 3, 6, 6), _leaf(m, 4, 3, 3, 3),
                                               _leaf(m, 4), stride=2,
                                               padding=1).sum().backward(),
    "conv1d-groups": lambda m: m.nn.functional.conv1d(m.ones(1, 4, 9), _leaf(m, 6, 2, 3),
                                                      groups=2, dilation=2).sum().backward(),
    "conv-transpose": lambda m: m.nn.functional.conv_transpose2d(
        _leaf(m, 1, 3, 4, 4), _leaf(m, 3, 2, 3, 3), stride=2, padding=1,
        output_padding=1).sum().backward(),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_mode_sees_the_aten_calls_torch_makes(name):
    ours = _logged(ember, PROGRAMS[name])
    assert ours
    assert ours == _logged(TORCH, PROGRAMS[name])


def _replaced(lib):
    """A mode whose answer for mm is twice the product: the result, its grad_fn and the
    gradients (whose own mm calls it doubles too) are what torch gives."""
    class Double(_modes(lib).TorchDispatchMode):
        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            out = func(*args, **(kwargs or {}))
            return out * 2 if str(func) == "aten.mm.default" else out

    a, b = _leaf(lib, 2, 3), _leaf(lib, 3, 2)
    with Double():
        out = a @ b
        out.sum().backward()
    return [out.tolist(), type(out.grad_fn).__name__, a.grad.tolist(), b.grad.tolist()]


@requires_torch
def test_the_modes_answer_is_the_result():
    assert _replaced(ember) == _replaced(TORCH)


def _nesting(lib):
    """Inside a handler the mode is off (its own calls go to the outer mode); after the
    block none is active."""
    dispatch = _modes(lib)
    seen = []

    class Outer(dispatch.TorchDispatchMode):
        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            if str(func._overloadpacket) in REPORTED:
                seen.append(("outer", str(func)))
            return func(*args, **(kwargs or {}))

    class Inner(dispatch.TorchDispatchMode):
        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            if str(func._overloadpacket) in REPORTED:
                seen.append(("inner", str(func)))
                seen.append(dispatch._get_current_dispatch_mode() is outer)
            return func(*args, **(kwargs or {}))

    a, b = lib.ones(2, 2), lib.ones(2, 2)
    with Outer() as outer, Inner():
        a.mm(b)
    seen.append(dispatch._get_current_dispatch_mode() is None)
    return seen


@requires_torch
def test_modes_nest_as_in_torch():
    assert _nesting(ember) == _nesting(TORCH)


def test_operator_objects_print_as_torchs():
    mm = ember.ops.aten.mm
    assert (str(mm), repr(mm), str(mm.default), repr(mm.default), mm.default.name(),
            mm.default.__name__) == (
        "aten.mm", "<OpOverloadPacket(op='aten.mm')>", "aten.mm.default",
        "<OpOverload(op='aten.mm', overload='default')>", "aten::mm", "mm.default")
    assert mm.default.overloadpacket is mm and mm.default._overloadpacket is mm
    product = mm.default(ember.ones(2, 3), ember.full((3, 2), 2.0))
    assert product.tolist() == [[6.0, 6.0], [6.0, 6.0]] and product.grad_fn is None
    with pytest.raises(AttributeError, match="no overload name 'nope'"):
        mm.nope


@requires_torch
def test_operator_objects_match_torchs():
    ours, theirs = ember.ops.aten, TORCH.ops.aten
    for name in ("mm", "addmm", "convolution_backward"):
        assert str(getattr(ours, name).default) == str(getattr(theirs, name).default)
        assert repr(getattr(ours, name).default) == repr(getattr(theirs, name).default)
