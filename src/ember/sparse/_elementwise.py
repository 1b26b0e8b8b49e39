"""Elementwise ops on sparse tensors, as torch 2.13 runs them.

An op that keeps zero at zero (f(0) = 0: abs, sin, sqrt, tanh, relu ...) acts on the stored
values only, and the result keeps the input's layout, indices and coalesced state; its
``grad_fn`` is the dense op's node on the values, so gradients reach the entries the input
stores. torch has such kernels for every layout (COO, CSR, CSC, BSR, BSC), and ``pow`` by a
scalar for COO only. An op
that does not keep zero (exp, cos, sigmoid ...) would make the result dense: torch refuses it,
and so does ember, with torch's error for the layout.
"""
from __future__ import annotations

from ._more import _not_on_cpu

_EVERY_LAYOUT = ("coo", "compressed")
# torch's node name of each op -> the kinds of layout torch's sparse kernels take.
ZERO_PRESERVING = {name: _EVERY_LAYOUT for name in (
    "AbsBackward0", "CeilBackward0", "FloorBackward0", "RoundBackward0", "TruncBackward0",
    "AsinBackward0", "AsinhBackward0", "AsinhBackward1", "AtanBackward0",
    "AtanhBackward0", "AtanhBackward1", "ErfBackward0", "Expm1Backward0", "FracBackward0",
    "Log1PBackward0", "NegBackward0", "ReluBackward0", "SgnBackward0", "SignBackward0",
    "SinBackward0", "SinhBackward0", "SqrtBackward0", "TanBackward0", "TanhBackward0")}
# torch's aten name where it is not the node's name in lower case
_ATEN = {"SpecialI0EBackward0": "special_i0e",
         "SpecialI1Backward0": "special_i1", "SpecialI1EBackward0": "special_i1e"}


def _kind(sparse):
    return "coo" if sparse.layout._name == "sparse_coo" else "compressed"


def _refuse(sparse, name):
    """torch's error for an op its sparse kernels do not have on this layout."""
    _refuse_layout(sparse, _ATEN.get(name, name[:-len("Backward0")].lower()))


def _refuse_layout(sparse, aten, compressed_aten=None):
    """torch's error for a layout an op's sparse kernels lack: for COO its NotImplementedError
    naming ``aten``, for a compressed layout the one naming ``compressed_aten``, or with none,
    ``unsupported tensor layout``."""
    if _kind(sparse) == "compressed":
        if compressed_aten is None:
            raise RuntimeError(f"unsupported tensor layout: {sparse._kind}")
        _not_on_cpu(compressed_aten, sparse)
    _not_on_cpu(aten, sparse)


def on_values(sparse, op, args, kwargs, kinds, aten, compressed_aten=None):
    """``op(values, *args, **kwargs)`` of a sparse tensor's stored values, for an op that keeps
    zero at zero (erf, isnan, deg2rad ...): the result keeps the layout, indices and coalesced
    state, and its ``grad_fn`` is the op's node on the values. On a layout outside ``kinds``
    ("coo", "compressed"), ``_refuse_layout``'s error."""
    if _kind(sparse) not in kinds:
        _refuse_layout(sparse, aten, compressed_aten)
    values = op(sparse._sparse_values, *args, **kwargs)
    node = values.grad_fn
    return sparse._with_values(values, None if node is None else type(node).__name__)


def unary(sparse, fn, node_cls, save_input, save_output, float_result, attrs):
    """``fn`` of a sparse tensor (called by the dense ops' ``_unary``): on its stored values
    where ``fn`` keeps zero at zero, torch's error otherwise."""
    from ..ops.elementwise import _unary
    name = node_cls.__name__
    if _kind(sparse) not in ZERO_PRESERVING.get(name, ()):
        _refuse(sparse, name)
    values = _unary(sparse._sparse_values, fn, node_cls, save_input=save_input,
                    save_output=save_output, float_result=float_result, **attrs)
    return sparse._with_values(values, name)


def pow(sparse, exponent):
    """``sparse ** exponent`` for a scalar exponent, on the stored values (COO only, as in
    torch; a zeroth power would fill every place with ones, which torch refuses)."""
    from .._tensor import Tensor
    if _kind(sparse) == "compressed":
        raise RuntimeError(f"unsupported tensor layout: {sparse._kind}")
    if isinstance(exponent, Tensor):
        _not_on_cpu("pow.Tensor_Tensor", sparse)
    if exponent == 0:
        raise RuntimeError("pow: cannot raise to zeroth power on sparse tensor; it would make "
                           "the result tensor dense")
    return sparse._with_values(sparse._sparse_values.pow(exponent), "PowBackward0")


# the ops above by their public names: each has an in-place form on sparse tensors
IN_PLACE = ("abs", "neg", "sin", "sinh", "tan", "tanh", "asin", "asinh", "atan", "atanh", "sqrt",
            "expm1", "log1p", "sign", "sgn", "relu", "frac", "trunc", "floor", "ceil", "round",
            "erf", "erfinv", "deg2rad", "rad2deg", "nan_to_num")


def in_place(name):
    """The method ``name_`` of a sparse tensor: ``name`` of its stored values, written back in
    place (indices and layout kept), as torch's sparse kernels do."""
    def method(self):
        import ember
        values = self._sparse_values
        if values.requires_grad and values.is_leaf and ember.is_grad_enabled():
            raise RuntimeError("a leaf Variable that requires grad is being used in an in-place "
                               "operation.")
        out = getattr(ember, name)(self)
        self._sparse_values, self.grad_fn = out._sparse_values, out.grad_fn
        self._grad_fn_name = out._grad_fn_name
        self._vc[0] += 1
        return self
    method.__name__ = method.__qualname__ = f"{name}_"
    method.__doc__ = f"In place: ``{name}`` of every stored value."
    return method
