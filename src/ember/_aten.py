"""ATen-style operator objects (``ember.ops.aten.mm.default``) and the dispatch under autograd
that ``__torch_dispatch__`` modes see.

torch runs each call through autograd first, then hands the backend-level ("ATen") operator,
with its own overload name and argument list, to the innermost ``TorchDispatchMode``. ember's
ops compute and record their Node in one function, so the hook sits inside the few ops that
have it: between computing the result and recording it. Those ops are the ones FLOP counting
needs, with the overloads torch reaches on CPU for the same calls:

- ``aten.mm``, ``aten.bmm``, ``aten.dot``, ``aten.mv``: every matrix product ember's
  ``matmul`` family computes, with the 2-D/3-D operands torch folds the call into (a batched
  ``(B, n, k) @ (k, m)`` is an ``mm`` of ``(B*n, k)`` by ``(k, m)``); also in backward, where
  the gradients are matrix products too;
- ``aten.addmm`` and ``aten.baddbmm`` (``F.linear`` with a bias, ``addmm``, ``baddbmm``);
- ``aten.convolution`` and ``aten.convolution_backward`` (each convolution and transposed
  convolution, forward and backward, one call each as in torch).

Other ops run without the mode seeing them; ember has no decompositions, and a fused op
(scaled-dot-product attention's CPU kernel) is not reported, as torch's CPU kernel has no FLOP
formula either. While no mode is active the hook is one list read.
"""
from __future__ import annotations

import threading


class _State(threading.local):
    def __init__(self):
        self.modes = []     # the TorchDispatchMode stack, innermost last
        self.kernel = 0     # >0 while an operator computes: the ops it uses are not reported
        self.pending = []   # (op, args, kernel) of the calls the ops are reporting


_state = _State()
ACTIVE = [0]  # dispatch modes pushed, all threads together: the ops' one check


class OpOverloadPacket:
    """An ATen operator with all its overloads (``ember.ops.aten.mm``); calling it calls the
    ``default`` overload."""

    def __init__(self, name):
        self.__name__ = name
        self._qualified_op_name = f"aten::{name}"
        self._overloads = {}

    def __getattr__(self, overload):
        try:
            return self.__dict__["_overloads"][overload]
        except KeyError:
            raise AttributeError(f"The underlying op of 'aten.{self.__name__}' has no overload "
                                 f"name '{overload}'") from None

    def overloads(self):
        """The names of the overloads ember has of this operator."""
        return list(self._overloads)

    def __call__(self, *args, **kwargs):
        return self._overloads["default"](*args, **kwargs)

    def __str__(self):
        return f"aten.{self.__name__}"

    def __repr__(self):
        return f"<OpOverloadPacket(op='aten.{self.__name__}')>"


class OpOverload:
    """One overload of an ATen operator (``ember.ops.aten.mm.default``): what a
    ``__torch_dispatch__`` handler receives as ``func``. Calling it computes the operator on
    its arguments without recording a graph (below autograd), passing through the dispatch
    modes outside the one that is handling it."""

    def __init__(self, packet, overload, compute):
        self._overloadpacket = self.overloadpacket = packet
        self._overloadname = overload
        self.__name__ = f"{packet.__name__}.{overload}"
        self._compute = compute
        packet._overloads[overload] = self

    def name(self):
        """The schema name, ``aten::mm``."""
        return f"aten::{self._overloadpacket.__name__}"

    def decompose(self, *args, **kwargs):
        """ember keeps no decompositions: always NotImplemented."""
        return NotImplemented

    def __call__(self, *args, **kwargs):
        return call(self, args, kwargs)

    def __str__(self):
        return f"aten.{self.__name__}"

    def __repr__(self):
        return (f"<OpOverload(op='aten.{self._overloadpacket.__name__}', "
                f"overload='{self._overloadname}')>")


def call(op, args, kwargs=None, kernel=None):
    """``op(*args, **kwargs)`` through the innermost dispatch mode, which runs with itself
    popped (its own calls go to the modes outside it); its answer is the result.

    ``kernel``, a function of no arguments, is how the calling op computes this very call
    (used when the mode calls ``func`` on the arguments it was given, instead of
    ``op``'s own computation)."""
    kwargs = {} if kwargs is None else kwargs
    if kernel is not None:
        _state.pending.append((op, args, kernel))
    try:
        modes = _state.modes
        if modes and not _state.kernel:
            mode = modes.pop()
            try:
                result = mode.__torch_dispatch__(op, (), args, kwargs)
            finally:
                modes.append(mode)
            if result is NotImplemented:
                raise TypeError(f"Multiple dispatch failed for '{op.name()}'; all "
                                "__torch_dispatch__ handlers returned NotImplemented:\n\n  - "
                                f"mode object {mode!r}")
            return result
        return compute(op, args, kwargs)
    finally:
        if kernel is not None:
            _state.pending.pop()


def compute(op, args, kwargs):
    """Run ``op``'s computation with no graph, the ops it uses unreported: the calling op's
    own kernel when these are the arguments it reported."""
    from .autograd import grad_mode
    function = None
    if _state.pending:
        pending_op, pending_args, kernel = _state.pending[-1]
        if pending_op is op and len(pending_args) == len(args) and \
                all(a is b for a, b in zip(pending_args, args)):
            function = kernel
    _state.kernel += 1
    try:
        if function is not None:
            return function()
        with grad_mode.no_grad():
            return op._compute(*args, **kwargs)
    finally:
        _state.kernel -= 1


def reporting():
    """Whether an op should hand its ATen call to the modes now (a mode is active here and
    this is not inside another operator's computation)."""
    return bool(_state.modes) and not _state.kernel


def push(mode):
    _state.modes.append(mode)
    ACTIVE[0] += 1


def pop(mode):
    _state.modes.remove(mode)
    ACTIVE[0] -= 1


def current_modes():
    return list(_state.modes)


# --- the operators ------------------------------------------------------------------------------

def _mm(self, mat2):
    from .ops.linalg import matmul
    return matmul(self, mat2)


def _addmm(self, mat1, mat2, *, beta=1, alpha=1):
    from .ops.linalg import addmm
    return addmm(self, mat1, mat2, beta=beta, alpha=alpha)


def _baddbmm(self, batch1, batch2, *, beta=1, alpha=1):
    from .ops.linalg import baddbmm
    return baddbmm(self, batch1, batch2, beta=beta, alpha=alpha)


def _convolution(input, weight, bias, stride, padding, dilation, transposed, output_padding,
                 groups):
    from .nn import functional as F
    dims = weight.ndim - 2
    if transposed:
        conv = getattr(F, f"conv_transpose{dims}d")
        return conv(input, weight, bias, tuple(stride), tuple(padding), tuple(output_padding),
                    groups, tuple(dilation))
    conv = getattr(F, f"conv{dims}d")
    return conv(input, weight, bias, tuple(stride), tuple(padding), tuple(dilation), groups)


def _convolution_backward(grad_output, input, weight, bias_sizes, stride, padding, dilation,
                          transposed, output_padding, groups, output_mask):
    """(grad_input, grad_weight, grad_bias), each None where ``output_mask`` says so: the
    gradients of ``convolution`` taken by ember's autograd."""
    from .autograd import grad_mode
    from .autograd import grad as gradient
    with grad_mode.enable_grad():
        x = input.detach().requires_grad_(bool(output_mask[0]))
        w = weight.detach().requires_grad_(bool(output_mask[1]))
        b = None
        if bias_sizes is not None:
            from .ops.creation import zeros
            b = zeros(tuple(bias_sizes), dtype=weight.dtype).requires_grad_(bool(output_mask[2]))
        out = _convolution(x, w, b, stride, padding, dilation, transposed, output_padding,
                           groups)
        wanted = [t for t, need in zip((x, w, b), output_mask) if need and t is not None]
        found = iter(gradient(out, wanted, grad_output)) if wanted else iter(())
    return tuple(next(found) if need and t is not None else None
                 for t, need in zip((x, w, b), output_mask))


class _Namespace:
    """``ember.ops.aten``: the ATen operators ember reports to dispatch modes."""

    def __init__(self, table):
        for name, overloads in table.items():
            packet = OpOverloadPacket(name)
            for overload, function in overloads.items():
                OpOverload(packet, overload, function)
            setattr(self, name, packet)

    def __repr__(self):
        return "<module 'ember.ops.aten'>"


aten = _Namespace({
    "mm": {"default": _mm},
    "bmm": {"default": _mm},
    "dot": {"default": _mm},
    "mv": {"default": _mm},
    "addmm": {"default": _addmm},
    "baddbmm": {"default": _baddbmm},
    "convolution": {"default": _convolution},
    "convolution_backward": {"default": _convolution_backward},
})


# --- what the ops hand over ---------------------------------------------------------------------

def _tensor(arr):
    from ._tensor import Tensor
    return Tensor._make(arr)


def matmul(input, other, folded):
    """``input @ other`` as the ATen call torch's matmul makes for these operands (dot, mv, mm
    on folded or unsqueezed operands, or bmm on the broadcast batch), through the modes; the
    result in matmul's shape. ``folded``: matmul folds the batch into mm/mv rows."""
    import numpy as np
    a, b = input._data, other._data
    da, db = a.ndim, b.ndim
    if da == 1 and db == 1:
        return call(aten.dot.default, (input, other))
    if da == 2 and db == 1:
        return call(aten.mv.default, (input, other))
    if da <= 2 and db == 2:
        left = input if da == 2 else _tensor(a[None])
        out = call(aten.mm.default, (left, other))
        return out if da == 2 else _tensor(out._data.reshape(b.shape[1:]))
    shape = np.broadcast_shapes(a.shape[:-2] if da > 1 else (), b.shape[:-2] if db > 1 else ())
    rows = a.shape[-2] if da > 1 else None
    cols = b.shape[-1] if db > 1 else None
    final = tuple(shape) + ((rows,) if rows is not None else ()) + \
        ((cols,) if cols is not None else ())
    if folded and da >= db:
        flat = _tensor(a.reshape(-1, a.shape[-1]))
        op = aten.mm.default if db == 2 else aten.mv.default
        return _tensor(call(op, (flat, other))._data.reshape(final))
    if folded:  # other is the bigger one: (other^T folded) @ input^T, transposed back
        flat = _tensor(np.swapaxes(b, -1, -2).reshape(-1, b.shape[-2]))
        small = _tensor(a.T if da == 2 else a)
        op = aten.mm.default if da == 2 else aten.mv.default
        out = call(op, (flat, small))._data
        if da == 2:
            out = np.swapaxes(out.reshape(tuple(shape) + (cols, rows)), -1, -2)
        return _tensor(np.ascontiguousarray(out).reshape(final))
    left = a if da > 1 else a[None]
    right = b if db > 1 else b[:, None]
    batch = int(np.prod(shape))
    left = np.broadcast_to(left, tuple(shape) + left.shape[-2:]).reshape(
        (batch,) + left.shape[-2:])
    right = np.broadcast_to(right, tuple(shape) + right.shape[-2:]).reshape(
        (batch,) + right.shape[-2:])
    out = call(aten.bmm.default, (_tensor(left), _tensor(right)))
    return _tensor(out._data.reshape(final))


def convolution(x, weight, bias, geo, transposed):
    """A convolution (``transposed``: its transpose) with ember's geometry ``geo``, as torch's
    ``aten.convolution`` call, through the modes."""
    stride, dilation = list(geo.stride), list(geo.dilation)
    padding = [lo for lo, _ in geo.pads]
    output_padding = [0] * len(stride)
    if transposed:  # geo describes the convolution this one is the transpose of
        output_padding = [size - ((n - 1) * s - 2 * p + d * (k - 1) + 1) for size, n, s, p, d, k
                          in zip(geo.in_size, geo.out_size, stride, padding, dilation,
                                 geo.kernel)]
    return call(aten.convolution.default, (x, weight, bias, stride, padding, dilation,
                                           transposed, output_padding, geo.groups))


def convolution_backward(grad, x, weight, has_bias, geo, transposed, needs, kernel):
    """The gradients of a convolution as torch's one ``aten.convolution_backward`` call;
    ``kernel()`` computes them as the op does."""
    stride, dilation = list(geo.stride), list(geo.dilation)
    padding = [lo for lo, _ in geo.pads]
    output_padding = [0] * len(stride)
    if transposed:
        output_padding = [size - ((n - 1) * s - 2 * p + d * (k - 1) + 1) for size, n, s, p, d, k
                          in zip(geo.in_size, geo.out_size, stride, padding, dilation,
                                 geo.kernel)]
    out_channels = weight.shape[1] * geo.groups if transposed else weight.shape[0]
    mask = [bool(needs[0]), bool(needs[1]), bool(has_bias and len(needs) > 2 and needs[2])]
    return call(aten.convolution_backward.default,
                (grad, x, weight, [out_channels] if has_bias else [0], stride, padding,
                 dilation, transposed, output_padding, geo.groups, mask), kernel=kernel)
