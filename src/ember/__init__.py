"""ember: PyTorch's tensor and autograd system in readable Python on NumPy.

``import ember as torch`` runs PyTorch code on ember: same names, values, gradients and reprs.
"""
from __future__ import annotations

import warnings as _warnings

# PyTorch computes inf/nan silently (1/0 = inf, inf*0 = nan); NumPy warns. Silence NumPy's
# floating-point warnings raised from ember's own modules only, at no per-op cost.
_warnings.filterwarnings("ignore", message=r"(invalid value|divide by zero|overflow) "
                         r"encountered", category=RuntimeWarning, module=r"ember(\.|$)")

from . import _dtype  # noqa: E402
from ._device import device
from ._dtype import (bool_ as bool, complex64, complex128, dtype, finfo, iinfo,  # noqa: F401
                     float16, float32, float64, get_default_dtype, int8, int16, int32, int64,
                     promote_types, set_default_dtype, uint8)
from ._tensor import Size, Tensor, as_tensor, from_dlpack, from_numpy, tensor  # noqa: F401
Tensor.__module__ = Size.__module__ = "ember"  # printed as <class 'ember.Tensor'>, as torch's
from . import autograd  # noqa: F401
from .autograd import (enable_grad, inference_mode, is_grad_enabled,  # noqa: F401
                       is_inference_mode_enabled, no_grad, set_grad_enabled)
from . import ops as _ops
from .ops.reduction import return_types  # noqa: F401
from .amp import autocast_mode as _autocast_mode
from . import cuda  # noqa: F401
from . import linalg  # noqa: F401
from . import func  # noqa: F401

globals().update(_ops.FUNCTIONS)
globals().update(_autocast_mode.FUNCTIONS)  # autocast, is_autocast_enabled, get_autocast_dtype...
half, float, double = float16, float32, float64
short, int, long = int16, int32, int64
cfloat, cdouble = complex64, complex128
complex32 = chalf = _dtype.complex32
if _dtype.bfloat16 is not None:
    bfloat16 = _dtype.bfloat16
globals().update({_d.name: _d for _d in (_dtype.uint16, _dtype.uint32, _dtype.uint64,
                                          *_dtype.FLOAT8, *_dtype.OPAQUE)})
bit = _dtype.ALIASES["uint1"]
from . import _legacy, _inplace  # noqa: E402
globals().update(_legacy.TYPES)  # FloatTensor, LongTensor... (constructors, isinstance targets)
Tensor.new = _legacy.new
globals().update(_inplace.functions(globals()))  # sin_, relu_, clamp_... calling the method
from ._settings import (are_deterministic_algorithms_enabled, get_default_device,  # noqa: F401,E402
                        get_deterministic_debug_mode, get_float32_matmul_precision,
                        get_num_interop_threads, get_num_threads,
                        is_deterministic_algorithms_warn_only_enabled, set_default_device,
                        set_deterministic_debug_mode, set_float32_matmul_precision,
                        set_num_interop_threads, set_num_threads, use_deterministic_algorithms)

from ._memory_format import (channels_last, channels_last_3d, contiguous_format,  # noqa: E402,F401
                             memory_format, preserve_format)
from ._storage import LEGACY as _STORAGES, TypedStorage, UntypedStorage  # noqa: E402,F401
globals().update(_STORAGES)  # FloatStorage, LongStorage... (legacy typed storages)
from ._storage import StorageBase  # noqa: E402,F401
Storage = FloatStorage  # noqa: F821 - torch's alias of the default legacy storage
legacy_contiguous_format = contiguous_format
from . import _names  # noqa: E402,F401 - Tensor.grad_dtype, name, storage_type, smm, sspaddmm

from .version import __version__  # noqa: E402
from . import _toplevel  # noqa: E402
globals().update({_name: getattr(_toplevel, _name) for _name in _toplevel.NAMES})
from . import _checks  # noqa: E402
globals().update({_name: getattr(_checks, _name) for _name in _checks.NAMES})


def is_tensor(obj):
    return isinstance(obj, Tensor)


def numel(input):
    if not isinstance(input, Tensor):
        raise TypeError(f"numel(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    return input.numel()


def result_type(tensor1, tensor2):
    """The dtype PyTorch's promotion gives for an op on these two operands."""
    from .ops._registry import result_type_of
    return result_type_of(tensor1, tensor2)


def can_cast(from_, to):
    from .ops._registry import can_cast as _can_cast
    return _can_cast(from_, to)


def is_floating_point(input):
    return input.is_floating_point()


# Functions defined here (and _toplevel's) that torch's __torch_function__ dispatches too.
from ._subclass import dispatch_namespace as _dispatch_namespace, dispatching as _dispatching  # noqa: E402,I001
_OVERRIDABLE = {_name: globals()[_name] for _name in (
    "numel", "is_floating_point", "feature_dropout", "sym_int", "sym_float", "sym_max",
    "sym_min", "sym_not", "sym_sqrt", "sym_sum", "sym_ite")}
_dispatch_namespace(_OVERRIDABLE, "ember")
globals().update(_OVERRIDABLE)
# torch reports its sparse products' aliases as the function they stand for.
_SPARSE_REPORTED = {"spmm": "mm", "dsmm": "mm", "hsmm": "hspmm", "saddmm": "sspaddmm"}


def _sparse_product(name, function):
    """The dispatching copy of a sparse product, kept as a module attribute from then on."""
    reported = _SPARSE_REPORTED.get(name)
    public = None if reported is None else (
        lambda: globals()[reported] if reported in globals() else __getattr__(reported))
    op = _dispatching(function, f"ember.{name}", public=public)
    op.__name__ = op.__qualname__ = name  # torch's hsmm is named hsmm, though reported as hspmm
    globals()[name] = op
    return op


# Python's own constants, re-exported as torch does (``torch.pi``, ``x[:, torch.newaxis]``).
import math as _math  # noqa: E402 - ``float`` here is ember's dtype, so the constants come from math

pi, e, inf, nan, newaxis = _math.pi, _math.e, _math.inf, _math.nan, None


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None,
                     profile=None, sci_mode=None):
    from ._tensor_str import set_printoptions as _set
    _set(precision, threshold, edgeitems, linewidth, profile, sci_mode)


# Subpackages load on first use, keeping `import ember` quick (PyTorch code reaches them as
# attributes: `torch.nn.functional.relu`, `torch.optim.SGD`...).
_LAZY = {"nn", "optim", "utils", "distributed", "viz", "linalg", "serialization", "amp",
         "special", "accelerator", "backends", "types", "testing", "functional", "profiler"}
_LAZY.add("distributions")
_LAZY.update(("multiprocessing", "sparse"))
_LAZY.update(("compiler", "_dynamo", "onnx"))
_LAZY.add("export")
_LAZY.add("_inductor")
_LAZY.add("fft")
_LAZY.add("jit")
_LAZY.add("cpu")
_LAZY.add("storage")
# torch submodules programs import directly (issue 11): random, signal, hub, overrides...
_LAZY.update(("random", "signal", "hub", "overrides", "xpu", "mps", "masked"))
_LAZY.add("futures")
_LAZY.add("quasirandom")
_LAZY.update(("library", "_logging", "__config__", "_utils"))  # modules real scripts import
_LAZY.update(("ao", "quantization"))
_LAZY.add("fx")
_LAZY.add("__future__")  # module conversion switches (swap_module_params_on_conversion)
_QUANTIZED = {"quantize_per_tensor", "quantize_per_channel", "qscheme", "per_tensor_affine", "per_channel_affine",
              "per_tensor_symmetric", "per_channel_symmetric", "per_channel_affine_float_qparams"}
_LAZY.add("_C")  # the __torch_function__ switches programs reach as torch._C (ember._subclass)


def __getattr__(name):
    if name in _LAZY:
        import importlib
        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    if name == "compile":
        from ._compile import compile
        return compile
    if name in ("save", "load"):
        from . import serialization
        return getattr(serialization, name)
    if name == "spmm":
        from .sparse import _coo
        return _sparse_product(name, _coo.spmm)
    if name in ("sparse_coo_tensor", "sparse_coo", "strided", "layout"):
        from .sparse import _coo
        return getattr(_coo, name)
    if name in ("sparse_csr_tensor", "sparse_csr", "sparse_csc_tensor", "sparse_csc",
                "sparse_bsr_tensor", "sparse_bsr", "sparse_bsc_tensor", "sparse_bsc",
                "sparse_compressed_tensor"):
        from .sparse import _compressed
        return getattr(_compressed, name)
    if name in _names.SPARSE_PRODUCTS:
        from .sparse import _coo
        return _sparse_product(name, getattr(_coo, _names.SPARSE_PRODUCTS[name]))
    if name == "Future":
        from .futures import Future
        return Future
    if name.startswith("_foreach_"):
        from . import _foreach
        if name in _foreach.NAMES:
            return getattr(_foreach, name)
    if name in _QUANTIZED:
        from . import _quantized
        if name in _quantized.SCHEMES:
            return _quantized.SCHEMES[name]
        op = _dispatching(getattr(_quantized, name), f"ember.{name}")  # __torch_function__
        globals()[name] = op
        return op
    if name == "GradScaler":
        from .amp import GradScaler
        return GradScaler
    raise AttributeError(f"module 'ember' has no attribute '{name}'")


# Long docstrings with examples, attached once everything above exists (see ember._docs).
from ._docs import autograd as _docs_autograd, tensor as _docs_tensor, top as _docs_top  # noqa: E402,F401,I001

# Each Tensor method's __name__ is its attribute's, as in torch (aliases get their own object).
from ._torch_names import name_methods as _name_methods  # noqa: E402
_name_methods(Tensor)

# einops finds ember's backend once einops is imported, before or after ember (ember._einops).
from ._einops import install as _install_einops_backend  # noqa: E402
_install_einops_backend()
