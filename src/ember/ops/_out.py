"""``out=``: every public function that takes it in PyTorch writes its result into ``out``.

One wrapper serves every op. The op computes its result as usual; the wrapper then checks what
PyTorch checks (no autograd through ``out=``, the dtype rule of that op), resizes ``out`` when its
shape differs (with PyTorch's warning unless ``out`` was empty), copies the result in, bumps the
version counter and returns ``out`` itself (a named tuple of the ``out`` tensors for ops with
several results). The per-op facts (the name PyTorch's messages use, the dtype rule) are the table
below; how each op computes stays in its own module.
"""
from __future__ import annotations

import functools
import warnings

from .. import _dtype as D
from .. import _memory_format as MF
from .._conj import LIVE as _CONJ_LIVE
from .._conj import written as _conj_written
from .._deprecated import _user_stacklevel
from .._tensor import Tensor
from ..autograd import grad_mode
from ._registry import (_INFERENCE_INPLACE_MESSAGE, can_cast, check_no_partial_overlap,
                        legacy_type_name, py_type_name, type_name, write_into)

_grad_state = grad_mode._state

# C++ spellings of scalar types, used by the messages PyTorch raises from its kernels.
_CPP = {"Float": "float", "Double": "double", "Half": "c10::Half", "BFloat16": "c10::BFloat16",
        "Long": "long int", "Int": "int", "Short": "short int", "Char": "signed char",
        "Byte": "unsigned char", "Bool": "bool", "ComplexFloat": "c10::complex<float>",
        "ComplexDouble": "c10::complex<double>"}

_CAST = "cast"          # result cast into out's dtype when the cast is safe (TensorIterator ops)
_FOUND = "found"        # out must have the result's dtype: "Found dtype ... but expected ..."
_EXPECTED = "expected"  # out must have the result's dtype: "Expected out tensor to have dtype ..."
_FREE = "free"          # any out dtype; the op computes in out's dtype (dtype= ops, predicates)

_LEAF = "leaf"          # PyTorch copies into out as an in-place op: only a leaf out is refused
_RESIZE = "resize"      # PyTorch resizes out as a Tensor method, which refuses grad

_CANT_CAST = "result type {res} can't be cast to the desired output type {out}"
_MISMATCH = {
    _FOUND: "Found dtype {out} but expected {res}",
    _EXPECTED: "Expected out tensor to have dtype {res_c}, but got {out_c} instead",
}
_IMPROVE = ("to be true, but got false.  (Could this error message be improved?  If so, please "
            "report an enhancement request to PyTorch.)")
_SEARCHSORTED = ("torch.searchsorted(): output tensor's dtype is wrong, it can only be Int(int32) "
                 "or Long(int64) depending on whether out_int32 flag is True, but we got output "
                 "tensor's dtype {out} and out_int32 flag is False")
_MEDIAN = ("Expected tensor for 'values' to have the same type as tensor for argument #2 'self'; "
           "but type {out_legacy} does not equal {res_legacy} (while checking "
           "arguments for median)")

# Rules with their own message: (condition, exception type, message). The condition is
# "same" (out's dtype must equal the result's), "safe" (the cast must be safe), "float" (out must
# be floating point), "bool" (out must be bool), "bool_or_byte" or "long" (out must be int64).
_CASTABLE = ("Expected result to be safely castable from {res} dtype, but got result with "
             "dtype {out}")
_SPECIAL = {
    "all": ("bool_or_byte", RuntimeError, "all only supports bool tensor for result, got: {out}"),
    "any": ("bool_or_byte", RuntimeError, "any only supports bool tensor for result, got: {out}"),
    "amax": ("same", RuntimeError, "Expected the dtype for input and out to match, but got {res} "
             "for input's dtype and {out} for out's dtype."),
    "addbmm": ("same", RuntimeError, "self and mat2 must have the same dtype, but got {out} and "
               "{res}"),
    "bucketize": ("same", RuntimeError, _SEARCHSORTED),
    "chain_matmul": ("same", RuntimeError, "multi_dot(): expected out tensor to have dtype {res_c} "
                     "but got {out_c}"),
    "cat": ("safe", TypeError, "torch.cat(): input types can't be cast to the desired output type "
            "{out}"),
    "cholesky": ("safe", RuntimeError, "cholesky: " + _CASTABLE),
    "linalg.lstsq": ("safe", RuntimeError, "torch.linalg.lstsq: " + _CASTABLE.replace(
        "result", "solution")),
    "linalg.pinv": ("safe", RuntimeError, "linalg.pinv: " + _CASTABLE),
    "linalg.matrix_rank": ("safe", RuntimeError, "torch.linalg.matrix_rank: " + _CASTABLE),
    "cummax": ("same", RuntimeError, "expected scalar_type {res} but found {out}"),
    "dot": ("same", RuntimeError, "result dtype {out} does not match input dtype {res}"),
    "histc": ("same", RuntimeError, "torch.histogram: input tensor and hist tensor should have the "
              "same dtype, but got input {res_c} and hist {out_c}"),
    "index_select": ("same", RuntimeError, "index_select(): self and result must have the same "
                     "scalar type"),
    "isneginf": ("bool", RuntimeError, "isneginf does not support non-boolean outputs."),
    "isposinf": ("bool", RuntimeError, "isposinf does not support non-boolean outputs."),
    "kthvalue": ("same", RuntimeError, "output values must be of same type as input"),
    "logsumexp": ("float", RuntimeError, "logsumexp(): Expected floating point type for result "
                  "tensor, but got: {out}"),
    "masked_select": ("same", RuntimeError, "masked_select(): self and result must have the same "
                      "scalar type"),
    "max": ("safe", RuntimeError, "Expected canCast( typeMetaToScalarType(self.dtype()), "
            "typeMetaToScalarType(out.dtype())) " + _IMPROVE),
    "mean": ("safe", RuntimeError, "mean.dtype_out(): input types can't be cast to the desired "
             "output type {out}"),
    "median": ("same", RuntimeError, _MEDIAN),
    "mode": ("same", RuntimeError, "expected scalar type '{res}' but got '{out}' for values "
             "output"),
    "multinomial": ("long", RuntimeError, "multinomial expects Long tensor out, got: {out}"),
    "nan_to_num": ("same", RuntimeError, "nan_to_num: dtype of out: {out} should be same as "
                   "input: {res}"),
    "normal": ("float", NotImplementedError, "\"normal_kernel_cpu\" not implemented for '{out}'"),
    "nansum": ("float", NotImplementedError, "\"nansum_cpu\" not implemented for '{out}'"),
    "narrow_copy": ("same", RuntimeError, "Expected self.dtype() == output.dtype() " + _IMPROVE),
    "nonzero": ("long", RuntimeError, "nonzero: Expected out tensor to have scalar type Long but "
                "got scalar type{out}"),
    "signbit": ("bool", RuntimeError, "signbit does not support non-boolean outputs."),
    "ldexp": ("safe", RuntimeError, "ldexp can't be cast to the desired output type {out}"),
    "heaviside": ("same", RuntimeError, "heaviside is not yet implemented for tensors with "
                  "different dtypes."),
    "take": ("same", RuntimeError, "take(): self and out expected to have the same dtype, but got "
             "self.dtype = {res} and out.dtype = {out}"),
    "tensordot": ("same", RuntimeError, "tensordot: Expected the output tensor to have dtype "
                  "{res}, but got an output tensor with dtype {out}"),
    "where": ("same", RuntimeError, "Expected out type to be {res} but got {out}"),
    "mvlgamma": ("safe", RuntimeError, "mvlgamma: result type {res} can't be cast to the desired "
                 "output type {res}"),
    "float_power": ("same", RuntimeError, "the output given to float_power has dtype {out} but "
                    "the operation's result requires dtype {res}"),
    "frexp": ("same", RuntimeError, "torch.frexp() expects mantissa to have dtype {res_c} but "
              "got {out_c}"),
    "cholesky_solve": ("safe", RuntimeError, "cholesky_solve: " + _CASTABLE),
    "cholesky_inverse": ("safe", RuntimeError, "cholesky_inverse: " + _CASTABLE),
    "geqrf": ("safe", RuntimeError, "torch.geqrf: " + _CASTABLE.replace("result", "a")),
    "linalg.householder_product": ("safe", RuntimeError,
                                   "torch.linalg.householder_product: " + _CASTABLE),
    "ormqr": ("same", RuntimeError, "torch.ormqr: Expected input and result to have the same "
              "dtype, but input has dtype{res} and result has dtype {out}"),
    "quantile": ("same", RuntimeError, "quantile() out tensor must be same dtype as the input "
                 "tensor"),
    "linalg.cond": ("safe", RuntimeError, "linalg.cond: " + _CASTABLE),
    "linalg.tensorinv": ("safe", RuntimeError, "tensorinv: " + _CASTABLE),
    "linalg.tensorsolve": ("safe", RuntimeError, "tensorsolve: " + _CASTABLE),
    "linalg.vecdot": ("same", RuntimeError, "linalg.vecdot: Expected out of dtype{res} but found "
                      "{out}"),
    "linalg.solve_triangular": ("same", RuntimeError, "expected scalar type {res} but found "
                                "{out}"),
}
for _alias, _of in (("amin", "amax"), ("searchsorted", "bucketize"), ("cummin", "cummax"),
                    ("logcumsumexp", "cummax"),
                    ("concat", "cat"), ("concatenate", "cat"), ("stack", "cat"),
                    ("hstack", "cat"), ("vstack", "cat"), ("dstack", "cat"),
                    ("row_stack", "cat"), ("column_stack", "cat"), ("min", "max"),
                    ("nanmedian", "median"), ("nanmean", "nansum"), ("inner", "tensordot"),
                    ("vdot", "dot"), ("histogram", "histc"), ("nanquantile", "quantile"),
                    ("orgqr", "linalg.householder_product"), ("special.multigammaln", "mvlgamma"),
                    ("special.logsumexp", "logsumexp"), ("spmm", "linalg.solve_triangular")):
    _SPECIAL[_alias] = _SPECIAL[_of]

# The outputs after the first of an op with several results must have exactly the result's dtype
# ("Expected out tensor to have dtype ..."), except where an op words it its own way or casts
# (None). Same keys and format fields as _SPECIAL.
_LATER = {
    "kthvalue": ("same", RuntimeError, "output indices must be of scalar type Long"),
    "mode": ("same", RuntimeError, "expected scalar type 'Long' but got '{out}' for indices "
             "output"),
    "median": ("same", RuntimeError, "Expected tensor for argument #1 'indices' to have scalar "
               "type Long; but got {out_legacy} instead (while checking arguments for median)"),
    "cummax": ("same", RuntimeError, "expected scalar_type Long but found {out}"),
    "frexp": ("int32", RuntimeError, "torch.frexp() expects exponent to have int dtype but got "
              "{out_c}"),
    "histogram": ("same", RuntimeError, "torch.histogram: input tensor and bin_edges tensor "
                  "should have the same dtype, but got input {res_c} and bin_edges {out_c} for "
                  "dimension 0"),
    "geqrf": ("safe", RuntimeError, "torch.geqrf: " + _CASTABLE.replace("result", "tau")),
    "linalg.lstsq": None, "lu": None,
}
for _alias, _of in (("nanmedian", "median"), ("cummin", "cummax")):
    _LATER[_alias] = _LATER[_of]


def _spec(names, grad, rule):
    return {n: (grad if grad is not None else n, rule) for n in names.split()}


# name -> (the op name PyTorch's autograd message uses, or None where the result has no
# gradient; the dtype rule or a _SPECIAL key).
OUT_OPS = {}
OUT_OPS.update(_spec(
    "acos acosh add addcdiv addcmul addr asin asinh atan atan2 atanh clamp clamp_max clamp_min "
    "cos cosh div exp exp2 expm1 fmax fmin fmod log log10 log1p log2 maximum minimum mul pow "
    "reciprocal remainder rsqrt sigmoid sin sinh sqrt std sub tan tanh var", None, _CAST))
OUT_OPS.update(_spec(
    "copysign deg2rad digamma erf erfc erfinv hypot i0 igamma igammac lgamma logaddexp "
    "logaddexp2 logit nextafter rad2deg sinc xlogy", None, _CAST))
OUT_OPS.update({"gcd": (None, _CAST), "lcm": (None, _CAST), "bitwise_left_shift": (None, _CAST),
                "bitwise_right_shift": (None, _CAST), "signbit": (None, None),
                "ldexp": ("ldexp", None), "logcumsumexp": ("logcumsumexp", None),
                "heaviside": ("aten::heaviside", None)})
OUT_OPS.update(_spec("abs ceil floor frac hardshrink lerp neg round sgn sign trunc", None,
                     _FOUND))
OUT_OPS.update(_spec("addmm addmv aminmax baddbmm bmm gather index_add index_copy matmul mm mv "
                     "scatter scatter_add scatter_reduce sort topk tril triu", None, _EXPECTED))
OUT_OPS.update(_spec("cumsum cumprod sum prod bernoulli", None, _FREE))
OUT_OPS.update(_spec("amax amin chain_matmul cholesky cummax cummin dot histc index_select "
                     "kthvalue logsumexp masked_select max mean median min mode nan_to_num "
                     "nanmedian nansum narrow_copy take tensordot where", None, None))
OUT_OPS.update({"absolute": ("abs", _FOUND), "negative": ("neg", _FOUND),
                "fix": ("trunc", _FOUND), "arccos": ("acos", _CAST), "arccosh": ("acosh", _CAST),
                "arcsin": ("asin", _CAST), "arcsinh": ("asinh", _CAST),
                "arctan": ("atan", _CAST), "arctanh": ("atanh", _CAST),
                "arctan2": ("atan2", _CAST), "clip": ("clamp", _CAST),
                "divide": ("div", _CAST), "true_divide": ("div", _CAST),
                "multiply": ("mul", _CAST), "subtract": ("sub", _CAST),
                "square": ("pow", _CAST), "kron": ("mul", _CAST), "outer": ("mul", _CAST),
                "ger": ("mul", _CAST), "floor_divide": ("aten::floor_divide", _CAST),
                "addbmm": ("addbmm", None), "nanmean": ("nansum", None),
                "cross": ("linalg_cross", _EXPECTED), "diag": ("aten::diagonal_copy", _EXPECTED),
                "inverse": ("linalg_inv_ex", _EXPECTED), "msort": ("sort", _EXPECTED),
                "norm": ("linalg_vector_norm", _EXPECTED), "take_along_dim": ("gather", _EXPECTED),
                "log_softmax": ("aten::log_softmax", _EXPECTED),
                "softmax": ("aten::softmax", _EXPECTED),
                "slice_scatter": ("aten::slice_scatter", _EXPECTED),
                "slogdet": ("_linalg_slogdet", _EXPECTED), "matrix_power": ("matmul", "matpow"),
                "normal": ("normal", None), "chain_matmul": ("mm", None),
                "tensordot": (_LEAF, None)})
for _n in "cat concat concatenate hstack vstack dstack row_stack column_stack".split():
    OUT_OPS[_n] = ("cat", None)
OUT_OPS["stack"] = ("stack", None)
OUT_OPS.update(_spec("angle complex polar conj_physical", None, _CAST))
# The view ops' *_copy twins (the list-valued ones, split_copy..., take out= themselves).
OUT_OPS.update({n: ("aten::" + n, _EXPECTED) for n in (
    "alias_copy as_strided_copy detach_copy diagonal_copy expand_copy permute_copy select_copy "
    "slice_copy squeeze_copy t_copy transpose_copy unfold_copy unsqueeze_copy "
    "view_as_complex_copy view_as_real_copy view_copy").split()})
# torch.fft's transforms (qualified names), labelled by the kernel PyTorch's message names.
OUT_OPS.update({"fft." + n: ("_fft_" + kernel, _CAST) for kernels, kernel in (
    ("fft ifft fft2 ifft2 fftn ifftn", "c2c"), ("rfft rfft2 rfftn ihfft ihfft2 ihfftn", "r2c"),
    ("irfft irfft2 irfftn hfft hfft2 hfftn", "c2r")) for n in kernels.split()})
# Results without a gradient: PyTorch lets out= through whatever requires grad.
OUT_OPS.update({n: (None, _FREE) for n in (
    "eq ne not_equal lt le gt ge less less_equal greater greater_equal logical_and "
    "logical_or logical_xor logical_not").split()})
OUT_OPS.update({n: (None, _CAST) for n in "bitwise_and bitwise_or bitwise_xor".split()})
OUT_OPS.update({"all": (None, None), "any": (None, None)})
OUT_OPS.update({"bitwise_not": (None, _FOUND), "argmax": (None, _EXPECTED),
                "argmin": (None, _EXPECTED), "isneginf": (None, None), "isposinf": (None, None),
                "bucketize": (None, None), "searchsorted": (None, None),
                "multinomial": (None, None), "nonzero": (None, None), "histc": (None, None)})
# torch.linalg's functions, under their qualified names.
OUT_OPS.update({"linalg." + n: (label, rule) for n, label, rule in (
    ("cholesky", "linalg_cholesky_ex", _EXPECTED), ("det", "_linalg_det", _EXPECTED),
    ("eigvalsh", "_linalg_eigh", _EXPECTED), ("inv", "linalg_inv_ex", _EXPECTED),
    ("matrix_norm", _LEAF, None), ("norm", _LEAF, None), ("matrix_rank", (None, "sum"), None),
    ("pinv", "linalg_pinv", None), ("svdvals", "_linalg_svd", _EXPECTED),
    ("vector_norm", "linalg_vector_norm", _EXPECTED), ("slogdet", "_linalg_slogdet", _EXPECTED),
    ("qr", "linalg_qr", _EXPECTED), ("solve", "_linalg_solve_ex", _EXPECTED),
    ("multi_dot", "mm", None), ("matmul", "matmul", _EXPECTED),
    ("matrix_power", "matmul", "matpow"), ("cross", "linalg_cross", _EXPECTED),
    ("lstsq", "linalg_lstsq", None))})
# Factorisations, solvers and the rest. A (inputs, out) pair of labels says which side PyTorch
# refuses: some let inputs that require grad through and refuse only an out that requires grad
# (by name, or as an in-place write to a leaf: _LEAF).
OUT_OPS.update({
    "mvlgamma": ("mvlgamma", None), "float_power": ("pow", None), "frexp": ("frexp", None),
    "svd": (("_linalg_svd", ("_linalg_svd", "_linalg_svd", _LEAF)), _EXPECTED),
    "lu_unpack": (("lu_unpack", (None, "lu_unpack", "lu_unpack")), _EXPECTED),
    "lu": ((None, _RESIZE), _FREE), "lu_solve": ("linalg_lu_solve", _EXPECTED),
    "cholesky_solve": ("cholesky_solve", None), "cholesky_inverse": ("cholesky_inverse", None),
    "geqrf": ("geqrf", None), "orgqr": ("linalg_householder_product", None),
    "ormqr": ("ormqr", None), "triangular_solve": ("triangular_solve", _EXPECTED),
    "argsort": ("sort", _EXPECTED),
    "inner": (_LEAF, None), "vdot": ("vdot", None), "isin": (None, _EXPECTED),
    "quantile": (_LEAF, None), "nanquantile": (_LEAF, None), "renorm": ("renorm", _EXPECTED),
    "histogram": ("aten::histogram", None), "spmm": ("mm", None), "dsmm": ("mm", None),
    "special.multigammaln": ("mvlgamma", None), "special.logsumexp": ("logsumexp", None),
    "special.ndtr": (_LEAF, _CAST), "special.round": ("round", _FOUND),
    "nn.functional.normalize": ("div", _CAST),
})
OUT_OPS.update({"linalg." + n: (label, rule) for n, label, rule in (
    ("eigh", "_linalg_eigh", _EXPECTED), ("svd", "_linalg_svd", _EXPECTED),
    ("inv_ex", "linalg_inv_ex", _EXPECTED), ("cholesky_ex", "linalg_cholesky_ex", _EXPECTED),
    ("cond", _LEAF, None), ("householder_product", "linalg_householder_product", None),
    ("lu", ("linalg_lu", (None, "linalg_lu", "linalg_lu")), _EXPECTED),
    ("lu_factor", "linalg_lu_factor_ex", _EXPECTED),
    ("lu_factor_ex", "linalg_lu_factor_ex", _EXPECTED), ("lu_solve", "linalg_lu_solve", _EXPECTED),
    ("solve_ex", "_linalg_solve_ex", _EXPECTED),
    ("solve_triangular", "linalg_solve_triangular", None), ("vecdot", "sum", None),
    ("tensorinv", _LEAF, None), ("tensorsolve", _LEAF, None),
    ("ldl_factor", "aten::linalg_ldl_factor_ex", _EXPECTED),
    ("ldl_factor_ex", "aten::linalg_ldl_factor_ex", _EXPECTED),
    ("ldl_solve", "aten::linalg_ldl_solve", _EXPECTED))})
_SPECIAL["linalg.multi_dot"] = _SPECIAL["chain_matmul"]
OUT_OPS["_int_mm"] = (None, None)
_SPECIAL["_int_mm"] = ("int32", RuntimeError, "int_mm_out_cpu: Expected result dtype to be of "
                       "type kInt but got {out_c}")
for _n in ("norm", "matrix_norm"):
    _SPECIAL["linalg." + _n] = ("same", RuntimeError, f"linalg.{_n} expected out tensor dtype "
                                "{res} but got: {out}")
# Factories take out's dtype as theirs; the message names the aten op.
FACTORIES = {"zeros": "aten::zeros", "ones": "aten::ones", "full": "aten::full",
             "eye": "aten::eye", "arange": None, "range": "aten::range",
             "linspace": "aten::linspace", "logspace": "aten::logspace", "rand": "aten::rand",
             "randn": None, "empty": None, "randint": None, "randperm": None}
# Ops whose dtype= argument is set from out (PyTorch reduces in out's dtype).
_DTYPE_FROM_OUT = frozenset("sum prod cumsum cumprod mean nansum nanmean".split())


def _names(res, out):
    r, o = type_name(res), type_name(out)
    return {"res": r, "out": o, "res_c": _CPP[r], "out_c": _CPP[o],
            "res_legacy": "torch." + res._legacy,
            "out_legacy": legacy_type_name(out, "torch")}


def _check_dtype(name, rule, res, out):
    """Raise PyTorch's error when ``out``'s dtype can't hold ``res``'s result under ``rule``."""
    if rule == _FREE or res is out:
        return
    if rule == _CAST:
        if not can_cast(res, out):
            raise RuntimeError(_CANT_CAST.format(**_names(res, out)))
        return
    if rule in _MISMATCH:
        raise RuntimeError(_MISMATCH[rule].format(**_names(res, out)))
    if rule == "matpow":
        if not can_cast(res, out):
            raise RuntimeError(("matrix_power: " + _CASTABLE).format(**_names(res, out)))
        raise RuntimeError(_MISMATCH[_EXPECTED].format(**_names(res, out)))
    _raise_if_bad(_SPECIAL[name], res, out)


def _raise_if_bad(special, res, out):
    cond, exc, msg = special
    bad = {"same": res is not out, "safe": not can_cast(res, out),
           "float": out.category != D._FLOAT, "bool": out is not D.bool_,
           "bool_or_byte": out is not D.bool_ and out is not D.uint8,
           "long": out is not D.int64, "int32": out is not D.int32}[cond]
    if bad:
        raise exc(msg.format(**_names(res, out)))


def _check_later(name, res, out):
    """PyTorch's check of the second and later ``out`` tensors of an op with several results."""
    special = _LATER.get(name, _EXPECTED)
    if special is None:
        return
    if special == _EXPECTED:
        if res is not out:
            raise RuntimeError(_MISMATCH[_EXPECTED].format(**_names(res, out)))
        return
    _raise_if_bad(special, res, out)


def _check_out_overlap(out, args, kwargs):
    """torch's refusal of an ``out`` that partially overlaps an input (the same elements in the
    same layout, ``torch.mul(x, 2, out=x)``, are allowed)."""
    inputs = []
    for a in (*args, *kwargs.values()):
        if isinstance(a, Tensor):
            inputs.append(a)
        elif isinstance(a, (list, tuple)):
            inputs.extend(t for t in a if isinstance(t, Tensor))
    for o in out if isinstance(out, (tuple, list)) else (out,):
        if isinstance(o, Tensor) and any(a._vc is o._vc for a in inputs):
            check_no_partial_overlap(o, *inputs)


def _grad_error(label):
    raise RuntimeError(f"{label}(): functions with out=... arguments don't support automatic "
                       "differentiation, but one of the arguments requires grad.")


def _requires_grad(args, kwargs):
    for a in (*args, *kwargs.values()):
        if isinstance(a, Tensor):
            if a._requires_grad:
                return True
        elif isinstance(a, (list, tuple)):
            for t in a:
                if isinstance(t, Tensor) and t._requires_grad:
                    return True
    return False


def _resize_warning(old, new):
    warnings.warn(
        f"An output with one or more elements was resized since it had shape {list(old)}, which "
        f"does not match the required output shape {list(new)}. This behavior is deprecated, and "
        "in a future PyTorch release outputs will not be resized unless they have zero "
        "elements. You can explicitly reuse an out tensor t by resizing it, inplace, to zero "
        "elements with t.resize_(0).", UserWarning, stacklevel=_user_stacklevel())


# These resize out silently; kthvalue and mode resize it in its keepdim shape (dim kept as 1).
_SILENT = frozenset("addbmm bernoulli multinomial narrow_copy spmm lu".split())
_KEEPDIM_SHAPED = {"kthvalue": 2, "mode": 1}
# The order in which PyTorch resizes the outs of some ops (the order of its warnings).
_STORE_ORDER = {"histogram": (1, 0), "linalg.eigh": (1, 0), "svd": (0, 2, 1),
                "linalg.svd": (0, 2, 1)}


def store(result, out, warn=True, keep_dim=None):
    """Write ``result`` into ``out`` (resizing it first when the shapes differ); return ``out``.

    ``keep_dim`` is the reduced dim of ops whose warning shows shapes with that dim kept.
    """
    if out._inference and not out._inference_writable and not _grad_state.inference:
        raise RuntimeError(_INFERENCE_INPLACE_MESSAGE)
    if out._device != result._device:
        raise RuntimeError(f"Attempting to copy from device {result.device} to device "
                           f"{out.device}, but cross-device copies are not allowed!")
    data = result._data
    if out._data.shape != data.shape:
        if warn and out._data.size:
            old, new = list(out._data.shape), list(data.shape)
            if keep_dim is not None:
                d = keep_dim % (len(new) + 1)
                old.insert(min(d, len(old)), 1)
                new.insert(d, 1)
            _resize_warning(old, new)
        resized = data.astype(out._data.dtype, copy=True)
        if 1 in data.shape and resized.ndim > 1 and not MF.same_strides(resized, data):
            # torch restrides a resized out as the result is laid out; NumPy's copy writes
            # size-1 dims row-major
            strides = tuple(s // data.itemsize for s in data.strides)
            if MF.is_dense(data.shape, strides):
                resized = MF.with_strides(resized, strides)
        out._data = resized
    else:
        write_into(out._data, data)
    out._vc[0] += 1
    if _CONJ_LIVE:
        _conj_written(out)
    return out


_OUT_TYPES = {}


def _named_out(result, outs):
    """PyTorch returns ``return_types.<op>_out`` named tuples holding the out tensors."""
    cls = type(result)
    if not hasattr(cls, "_fields"):
        return tuple(outs)
    hit = _OUT_TYPES.get(cls)
    if hit is None:
        from .reduction import return_types
        hit = _OUT_TYPES[cls] = return_types.make(cls.__name__ + "_out", cls._fields)
    return hit(*outs)


def _check_outs(name, out, n):
    if not isinstance(out, (tuple, list)) or len(out) != n or not all(
            isinstance(o, Tensor) for o in out):
        raise TypeError(f"{name}(): argument 'out' must be tuple of {n} Tensors")


def _keep_dim(name, args, kwargs):
    """The reduced dim of kthvalue/mode when keepdim is off (for the resize warning), else None."""
    at = _KEEPDIM_SHAPED.get(name)
    if at is None or kwargs.get("keepdim", len(args) > at + 1 and args[at + 1]):
        return None
    return kwargs.get("dim", args[at] if len(args) > at else -1)


def _sides(label):
    """(label refusing inputs that require grad, label refusing an out that requires grad).

    The second may be a tuple, one label per out (None: that out is not differentiable)."""
    if isinstance(label, tuple):
        return label
    if label == _LEAF or (label is not None and label.startswith("aten::")):
        # aten:: ops only check their out: inputs that require grad pass.
        return None, label
    return label, label


def _refuse_out(label, out):
    if label == _RESIZE:
        raise RuntimeError("cannot resize variables that require grad")
    if label != _LEAF:
        _grad_error(label)
    if out.grad_fn is None:
        raise RuntimeError("a leaf Variable that requires grad is being used in an in-place "
                           "operation.")


# Ops whose Scalar overload (every bound a number) wants out of the result's very dtype, while
# the Tensor overload casts into it.
_SCALAR_BOUNDS = {"clamp", "clip", "clamp_min", "clamp_max"}


def _rule(name, args, kwargs):
    """The dtype rule of ``name``'s out= for this call's arguments."""
    rule = OUT_OPS[name][1]
    if name in _SCALAR_BOUNDS and not any(isinstance(a, Tensor) for a in args[1:]) and \
            not any(isinstance(a, Tensor) for a in kwargs.values()):
        return _FOUND
    return rule


def with_out(name, fn):
    """``fn`` with PyTorch's ``out=`` keyword, following the table entry for ``name``."""
    in_label, out_label = _sides(OUT_OPS[name][0])
    warn = name not in _SILENT

    @functools.wraps(fn)
    def op(*args, out=None, **kwargs):
        if out is None:
            return fn(*args, **kwargs)
        rule = _rule(name, args, kwargs)
        if name == "argsort" and "stable" not in kwargs:
            # PyTorch's only argsort signature with out= is the one with the stable keyword.
            raise TypeError("argsort() received an invalid combination of arguments: out= "
                            "needs the keyword argument 'stable'")
        if _grad_state.enabled and (in_label is not None or out_label is not None):
            outs = out if isinstance(out, (tuple, list)) else (out,)
            if in_label is not None and _requires_grad(args, kwargs):
                _grad_error(in_label)
            if out_label is not None:
                labels = out_label if isinstance(out_label, tuple) else (out_label,) * len(outs)
                for o, label in zip(outs, labels):
                    if label is not None and isinstance(o, Tensor) and o._requires_grad:
                        _refuse_out(label, o)
        _check_out_overlap(out, args, kwargs)
        if name in _DTYPE_FROM_OUT and kwargs.get("dtype") is None and isinstance(out, Tensor):
            result = fn(*args, **kwargs)
            _check_dtype(name, rule, result._dtype, out._dtype)
            if result._dtype is not out._dtype:
                result = fn(*args, **kwargs, dtype=out._dtype)
            return store(result, out, warn)
        result = fn(*args, **kwargs)
        if isinstance(result, tuple):
            _check_outs(name, out, len(result))
            # max/min over a dim want values of exactly the input's dtype (their all-reduce form
            # casts safely into out)
            _check_dtype(name, _EXPECTED if name in ("max", "min") else rule, result[0]._dtype,
                         out[0]._dtype)
            for r, o in zip(result[1:], out[1:]):
                _check_later(name, r._dtype, o._dtype)
            keep_dim = _keep_dim(name, args, kwargs)
            for i in _STORE_ORDER.get(name, range(len(result))):
                store(result[i], out[i], warn, keep_dim)
            return _named_out(result, out)
        if not isinstance(out, Tensor):
            raise TypeError(f"{name}(): argument 'out' must be Tensor, not "
                            f"{py_type_name(out)}")
        _check_dtype(name, rule, result._dtype, out._dtype)
        return store(result, out, warn)
    return op


def factory_with_out(name, fn):
    """A factory with ``out=``: it makes its values in ``out``'s dtype and writes them there."""
    label = FACTORIES[name]

    @functools.wraps(fn)
    def op(*args, out=None, **kwargs):
        if out is None:
            return fn(*args, **kwargs)
        if not isinstance(out, Tensor):
            raise TypeError(f"{name}(): argument 'out' must be Tensor, not "
                            f"{py_type_name(out)}")
        if _grad_state.enabled and out._requires_grad:
            if label is None:
                raise RuntimeError("cannot resize variables that require grad")
            _grad_error(label)
        dt = kwargs.get("dtype")
        if dt is not None and dt is not out._dtype:
            raise RuntimeError(f"dtype {type_name(dt)} does not match dtype of out parameter "
                               f"({type_name(out._dtype)})")
        kwargs["dtype"] = out._dtype
        result = fn(*args, **kwargs)
        if name == "arange" and result._data.size != out._data.size and out._data.size:
            warnings.warn(
                f"The number of elements in the out tensor of shape {list(out.shape)} is "
                f"{out._data.size} which does not match the computed number of elements "
                f"{result._data.size}. Note that this may occur as a result of rounding error. "
                f"The out tensor will be resized to a tensor of shape ({result._data.size},).",
                UserWarning, stacklevel=_user_stacklevel())
        return store(result, out, warn=False)
    return op
