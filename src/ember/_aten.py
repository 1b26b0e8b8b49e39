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

A fused op (scaled-dot-product attention's CPU kernel) is not reported, as torch's CPU kernel
has no FLOP formula either. While no mode is active the hook is one list read.

Every other public op reports through ``report`` (at the end of this module), called by
Tensor's methods and the namespace functions while a mode that sees every operator is active;
with no such mode they are their plain selves and cost nothing more.
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
# Of those, the modes that see every operator call (a user's mode; not the profiler's, which
# takes only the products and convolutions): while there is one, Tensor's methods and the
# namespace functions hand their calls to ``report``.
EVERY = [0]
_EVERY_LOCK = threading.Lock()
UNREPORTED = object()  # report's answer for a call it leaves to run as it is


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
    if getattr(mode, "_ember_every_op", True):
        _count_every(1)


def pop(mode):
    _state.modes.remove(mode)
    ACTIVE[0] -= 1
    if getattr(mode, "_ember_every_op", True):
        _count_every(-1)


def _count_every(change):
    from . import _subclass
    with _EVERY_LOCK:
        EVERY[0] += change
        if EVERY[0] == (1 if change > 0 else 0):
            _subclass.dispatch_modes_changed(change > 0)


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


# --- every other operator: the calls Tensor's methods and the namespace functions report -------
#
# While a mode that sees every operator is active, a call of a public op (``x + y``,
# ``x.relu()``, ``ember.cat``, ``F.softmax``...) made outside another op's computation comes to
# ``report`` with its public name and arguments. ``_CHOOSERS`` names the ATen operator torch's
# dispatcher would hand the modes for it (``aten.add.Tensor``, ``aten.sum.dim_IntList``,
# ``aten._softmax.default``...), from the arguments where torch's overload depends on them; the
# mode gets the call's own arguments (torch's where they differ only in order). Ops torch
# decomposes into several ATen calls that ember computes as one (cross_entropy, dropout) and
# ops with no entry run unreported, as do the ops they use while they compute. The matrix
# products and convolutions report themselves (above).

def report(function, name, args, kwargs):
    """``function(*args, **kwargs)`` handed to the dispatch modes as its ATen call (its result
    is the modes' answer), or ``UNREPORTED`` when there is no mode here, the call is made while
    another one computes, or ``_CHOOSERS`` has no operator for ``name``."""
    if not _state.modes or _state.kernel:
        return UNREPORTED
    choose = _CHOOSERS.get(name.rsplit(".", 1)[-1])
    if choose is None:
        return UNREPORTED
    kwargs = kwargs or {}
    chosen = choose(args, kwargs)
    if chosen is None:
        return UNREPORTED
    packet, overload, *reordered = chosen
    op = _operator(packet, overload)

    def kernel():
        from . import _subclass
        _subclass._state.all_off += 1  # a torch-function mode has seen this call already
        try:
            return function(*args, **kwargs)
        finally:
            _subclass._state.all_off -= 1
    result = call(op, reordered[0] if reordered else args, kwargs, kernel=kernel)
    if _saves_output(result):
        # torch's autograd saves an output through aten.detach, which the modes see next
        call(_operator("detach", "default"), (result,), {})
    return result


def _saves_output(result):
    """Whether ``result``'s node saved ``result`` itself for backward."""
    node = getattr(result, "grad_fn", None)
    saved = getattr(node, "_saved", None)
    if not saved or type(saved) is not tuple:
        return False
    from .autograd.graph import SavedTensor
    return any(type(s) is SavedTensor and s.output_nr is not None for s in saved)


def reported(function, name, *args, **kwargs):
    """``function(*args, **kwargs)``, handed to the dispatch modes as the ATen call ``name``
    stands for while a mode that sees every operator is active: how an op made of others that
    torch reports one by one (cross_entropy: _log_softmax, then nll_loss_forward) reports its
    parts."""
    if EVERY[0]:
        result = report(function, name, args, kwargs)
        if result is not UNREPORTED:
            return result
    return function(*args, **kwargs)


def _operator(packet_name, overload):
    """``aten.<packet_name>.<overload>``, made on first use."""
    packet = getattr(aten, packet_name, None)
    if packet is None:
        packet = OpOverloadPacket(packet_name)
        setattr(aten, packet_name, packet)
    found = packet._overloads.get(overload)
    if found is None:
        found = OpOverload(packet, overload, _ember_function(packet_name))
    return found


# The ember function computing an ATen operator called with the arguments its public op got
# (when a mode calls ``func`` with arguments of its own); the others are ember's same name.
_COMPUTED_BY = {
    "_softmax": "softmax", "_log_softmax": "log_softmax", "_to_copy": "Tensor.to",
    "native_layer_norm": "nn.functional.layer_norm", "nll_loss_forward": "nn.functional.nll_loss",
    "mse_loss": "nn.functional.mse_loss", "gelu": "nn.functional.gelu",
    "binary_cross_entropy_with_logits": "nn.functional.binary_cross_entropy_with_logits",
    "embedding": "nn.functional.embedding", "softplus": "nn.functional.softplus",
    "leaky_relu": "nn.functional.leaky_relu", "elu": "nn.functional.elu",
    "hardtanh": "nn.functional.hardtanh", "silu": "nn.functional.silu",
    "linalg_vector_norm": "linalg.vector_norm", "index": "Tensor.__getitem__",
    "select": "Tensor.__getitem__", "slice": "Tensor.__getitem__", "view": "Tensor.reshape",
    "_unsafe_view": "Tensor.reshape", "_local_scalar_dense": "Tensor.item",
    "split_with_sizes": "split",
}


def _ember_function(packet_name):
    def compute(*args, **kwargs):
        import ember
        path = _COMPUTED_BY.get(packet_name, packet_name)
        target = ember
        if "." not in path and not hasattr(ember, path):
            path = "Tensor." + path
        for part in path.split("."):
            target = getattr(target, part)
        return target(*args, **kwargs)
    return compute


def _is_tensor(value):
    from ._tensor import Tensor
    return isinstance(value, Tensor)


def _arg(args, kwargs, position, keyword, default=None):
    if len(args) > position:
        return args[position]
    return kwargs.get(keyword, default)


def _fixed(packet, overload="default"):
    return lambda args, kwargs: (packet, overload)


def _tensor_or_scalar(packet, keyword="other"):
    """``.Tensor`` or ``.Scalar`` by the second argument's kind (``x > 0``: gt.Scalar)."""
    def choose(args, kwargs):
        other = _arg(args, kwargs, 1, keyword)
        return packet, "Tensor" if _is_tensor(other) else "Scalar"
    return choose


def _masked_fill(packet):
    def choose(args, kwargs):
        return packet, "Tensor" if _is_tensor(_arg(args, kwargs, 2, "value")) else "Scalar"
    return choose


def _with_dim(packet, overload, keywords=("dim",)):
    """``.default`` for a call over all elements, ``overload`` for one with a dim."""
    def choose(args, kwargs):
        if len(args) > 1 or any(kwargs.get(k) is not None for k in keywords):
            return packet, overload
        return packet, "default"
    return choose


def _pow(args, kwargs):
    exponent = _arg(args, kwargs, 1, "exponent")
    return "pow", "Tensor_Tensor" if _is_tensor(exponent) else "Tensor_Scalar"


def _rpow(args, kwargs):
    return "pow", "Scalar", (args[1], args[0])  # base ** tensor: pow(base, exponent)


def _div(args, kwargs):
    return "div", "Tensor_mode" if _arg(args, kwargs, 2, "rounding_mode") is not None \
        else "Tensor"


def _inplace(packet):
    def choose(args, kwargs):
        other = _arg(args, kwargs, 1, "other")
        if packet == "pow_":
            other = _arg(args, kwargs, 1, "exponent")
        return packet, "Tensor" if packet != "fill_" and packet != "pow_" or _is_tensor(other) \
            else "Scalar"
    return choose


def _max_min(packet, binary):
    def choose(args, kwargs):
        other = _arg(args, kwargs, 1, "dim")
        if _is_tensor(other):
            return binary, "default"
        return packet, "dim" if other is not None else "default"
    return choose


def _squeeze(args, kwargs):
    dim = _arg(args, kwargs, 1, "dim")
    if dim is None:
        return "squeeze", "default"
    return "squeeze", "dims" if isinstance(dim, (tuple, list)) else "dim"


def _reshape(args, kwargs):
    self = args[0]
    if len(args) > 1 and not isinstance(args[1], (int, tuple, list)) and \
            not hasattr(args[1], "__index__"):
        return "view", "dtype"
    return ("view" if self.is_contiguous() else "_unsafe_view"), "default"


def _flatten(args, kwargs):
    self = args[0]
    return ("view" if self.is_contiguous() else "_unsafe_view"), "default"


def _contiguous(args, kwargs):
    return None if args[0].is_contiguous() else ("clone", "default")


def _getitem(args, kwargs):
    key = args[1]
    parts = key if isinstance(key, tuple) else (key,)
    if any(_is_tensor(p) or isinstance(p, (list, bool)) for p in parts):
        return "index", "Tensor"
    if any(p is None for p in parts):
        return "unsqueeze", "default"
    if any(isinstance(p, int) for p in parts):
        return "select", "int"
    if any(isinstance(p, slice) and p != slice(None) for p in parts):
        return "slice", "Tensor"
    return None


def _split(args, kwargs):
    size = _arg(args, kwargs, 1, "split_size_or_sections")
    return ("split_with_sizes", "default") if isinstance(size, (list, tuple)) else \
        ("split", "Tensor")


def _where(args, kwargs):
    return ("where", "self") if len(args) + len(kwargs) >= 3 else None


def _clamp(packet):
    def choose(args, kwargs):
        bounds = [_arg(args, kwargs, 1, "min"), _arg(args, kwargs, 2, "max")]
        return packet, "Tensor" if any(_is_tensor(b) for b in bounds) else "default"
    return choose


def _converted(target):
    """``x.double()`` and the like: ``_to_copy`` when the dtype changes, nothing otherwise."""
    def choose(args, kwargs):
        import ember
        return None if args[0].dtype is getattr(ember, target) else ("_to_copy", "default")
    return choose


def _to(args, kwargs):
    import ember
    self = args[0]
    for value in (*args[1:], *kwargs.values()):
        if isinstance(value, ember.dtype) and value is not self.dtype:
            return "_to_copy", "default"
        if _is_tensor(value) and (value.dtype is not self.dtype or value.device != self.device):
            return "_to_copy", "default"
        if isinstance(value, (str, ember.device)) and value not in ("cpu", "cuda") or \
                isinstance(value, (str, ember.device)) and ember.device(value) != self.device:
            return "_to_copy", "default"
    return None


def _randint(args, kwargs):
    sizes = [a for a in args if isinstance(a, (tuple, list))]
    return "randint", "low" if sizes and args.index(sizes[0]) == 2 else "default"


_UNARY = ("exp log log2 log10 log1p expm1 exp2 sin cos tan asin acos atan sinh cosh tanh asinh "
          "acosh atanh sigmoid relu neg abs sqrt rsqrt reciprocal sign floor ceil round trunc "
          "frac erf erfc erfinv logit t permute expand unsqueeze clone detach flip roll "
          "relu_ sigmoid_ tanh_ exp_ neg_ sqrt_ abs_ zero_ cumsum cumprod argmax argmin amax "
          "amin logsumexp topk sort gather index_select scatter scatter_add masked_select "
          "tril triu diag diagonal repeat mm bmm zeros ones empty full arange rand randn "
          "zeros_like ones_like empty_like full_like rand_like randn_like normal_ uniform_ "
          "bernoulli softplus leaky_relu elu hardtanh gelu silu mish all any nonzero "
          "isnan copy_ embedding mse_loss").split()

_CHOOSERS = {name: _fixed(name) for name in _UNARY}
_CHOOSERS.update({
    "add": _fixed("add", "Tensor"), "__add__": _fixed("add", "Tensor"),
    "__radd__": _fixed("add", "Tensor"), "sub": _fixed("sub", "Tensor"),
    "__sub__": _fixed("sub", "Tensor"), "__rsub__": _fixed("rsub", "Scalar"),
    "rsub": _fixed("rsub", "Tensor"), "mul": _fixed("mul", "Tensor"),
    "__mul__": _fixed("mul", "Tensor"), "__rmul__": _fixed("mul", "Tensor"),
    "multiply": _fixed("mul", "Tensor"), "div": _div, "divide": _div, "true_divide": _div,
    "__truediv__": _div, "__div__": _div, "floor_divide": _fixed("floor_divide"),
    "__floordiv__": _fixed("floor_divide"), "pow": _pow, "__pow__": _pow, "__rpow__": _rpow,
    "__neg__": _fixed("neg"), "negative": _fixed("neg"), "__abs__": _fixed("abs"),
    "absolute": _fixed("abs"),
    "add_": _inplace("add_"), "sub_": _inplace("sub_"), "mul_": _inplace("mul_"),
    "div_": _inplace("div_"), "pow_": _inplace("pow_"), "fill_": _inplace("fill_"),
    "clamp_": _clamp("clamp_"), "masked_fill_": _masked_fill("masked_fill_"),
    "sum": _with_dim("sum", "dim_IntList"), "mean": _with_dim("mean", "dim"),
    "prod": _with_dim("prod", "dim_int"), "var": _fixed("var", "correction"),
    "std": _fixed("std", "correction"), "argsort": _fixed("sort"),
    "max": _max_min("max", "maximum"),
    "min": _max_min("min", "minimum"), "maximum": _fixed("maximum"),
    "minimum": _fixed("minimum"), "norm": _fixed("linalg_vector_norm"),
    "softmax": _fixed("_softmax"), "log_softmax": _fixed("_log_softmax"),
    "layer_norm": _fixed("native_layer_norm"), "nll_loss": _fixed("nll_loss_forward"),
    "binary_cross_entropy_with_logits": _fixed("binary_cross_entropy_with_logits"),
    "view": _reshape, "reshape": _reshape, "flatten": _flatten, "contiguous": _contiguous,
    "transpose": _fixed("transpose", "int"), "swapaxes": _fixed("transpose", "int"),
    "squeeze": _squeeze, "__getitem__": _getitem, "cat": _fixed("cat"),
    "concat": _fixed("cat"), "concatenate": _fixed("cat"), "stack": _fixed("stack"),
    "split": _split, "chunk": _fixed("split", "Tensor"), "where": _where,
    "masked_fill": _masked_fill("masked_fill"), "clamp": _clamp("clamp"),
    "clip": _clamp("clamp"), "clamp_min": _fixed("clamp_min"),
    "randint": _randint, "item": _fixed("_local_scalar_dense"), "to": _to,
    "double": _converted("float64"), "float": _converted("float32"),
    "half": _converted("float16"), "bfloat16": _converted("bfloat16"),
    "long": _converted("int64"), "int": _converted("int32"), "bool": _converted("bool"),
})
for _name, _packet in (("__iadd__", "add_"), ("__isub__", "sub_"), ("__imul__", "mul_"),
                       ("__itruediv__", "div_"), ("__ipow__", "pow_")):
    _CHOOSERS[_name] = _inplace(_packet)
for _name in ("eq", "ne", "lt", "le", "gt", "ge"):
    _CHOOSERS[_name] = _CHOOSERS[f"__{_name}__"] = _tensor_or_scalar(_name)
del _name, _packet
