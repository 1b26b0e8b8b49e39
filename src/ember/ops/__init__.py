"""All ops, one module per family. Importing this binds each family's methods onto Tensor."""
from __future__ import annotations

import functools as _functools

import numpy as _np

from .._tensor import Tensor
from . import creation, elementwise, indexing, joining, linalg, reduction, shape
from . import activation, nn_misc
from . import linalg_more, pointwise, sorting, special, statistics
from . import conv, pooling, sampling
from . import distributions_sampling, strided, tensor_extras, view_copies

FAMILIES = [elementwise, reduction, shape, indexing, joining, linalg, creation, activation,
            nn_misc, sorting, conv, pooling, sampling, special, pointwise, linalg_more,
            statistics]
FAMILIES.append(distributions_sampling)
FAMILIES.append(strided)
FAMILIES.append(view_copies)
FAMILIES.append(tensor_extras)
from . import complex as _complex  # noqa: E402  (after elementwise: it wraps abs, sgn...)
FAMILIES.append(_complex)
from . import spectral as _spectral  # noqa: E402
FAMILIES.append(_spectral)
from . import top_aliases as _top_aliases  # noqa: E402
FAMILIES.append(_top_aliases)
from . import top_extras as _top_extras  # noqa: E402
FAMILIES.append(_top_extras)
from . import lobpcg as _lobpcg  # noqa: E402
FAMILIES.append(_lobpcg)
from . import fake_quantize as _fake_quantize  # noqa: E402
FAMILIES.append(_fake_quantize)
from . import segment as _segment  # noqa: E402
FAMILIES.append(_segment)

FUNCTIONS = {}
for _family in FAMILIES:
    FUNCTIONS.update(_family.FUNCTIONS)
    for _name, _fn in _family.METHODS.items():
        setattr(Tensor, _name, _fn)


def _refusing_arrays(method):
    """A reflected operator that answers NotImplemented (so Python raises its own TypeError,
    ``unsupported operand type(s)``) to a NumPy array or to an operand the op rejects.

    torch's tensors refuse an ndarray on the left of an operator (``np.ones(2) * t`` is a
    TypeError) while taking NumPy scalars there and arrays on the right (``t * np.ones(2)``),
    and ``2 @ t`` is Python's TypeError, not matmul's.
    """
    def reflected(self, other):
        if isinstance(other, _np.ndarray):
            return NotImplemented
        try:
            return method(self, other)
        except TypeError:
            # A duck type on the left (an object with __torch_function__) takes the call.
            return _refused_operator(reflected.__name__, self, other)
    reflected.__name__ = method.__name__
    return reflected


def _refused_operator(name, tensor, other):
    from .._subclass import refused_operator
    return refused_operator(name, tensor, other)


for _name in ("__radd__", "__rsub__", "__rmul__", "__rpow__", "__rmatmul__", "__rfloordiv__",
              "__rmod__", "__rand__", "__ror__", "__rxor__", "__rlshift__", "__rrshift__"):
    setattr(Tensor, _name, _refusing_arrays(getattr(Tensor, _name)))


def _deferring(method):
    """A binary operator that answers NotImplemented where the op refuses the operand's type,
    as torch's do: Python then tries the other operand's reflected method (a user class's
    ``__radd__``), or raises its own ``unsupported operand type(s)`` TypeError. The op it
    calls stays the function ``__torch_function__`` overrides are told of."""
    @_functools.wraps(method)
    def operator(self, other):
        try:
            return method(self, other)
        except TypeError:
            return NotImplemented
    operator.__ember_operator_of__ = method
    return operator


for _name in ("__add__", "__sub__", "__mul__", "__matmul__", "__truediv__", "__floordiv__",
              "__mod__", "__pow__", "__and__", "__or__", "__xor__", "__lshift__", "__rshift__",
              "__iadd__", "__isub__", "__imul__", "__itruediv__", "__ifloordiv__", "__imod__",
              "__ipow__", "__iand__", "__ior__", "__ixor__", "__ilshift__", "__irshift__"):
    if hasattr(Tensor, _name):
        setattr(Tensor, _name, _deferring(getattr(Tensor, _name)))

from ._out import FACTORIES as _FACTORIES, OUT_OPS as _OUT_OPS  # noqa: E402
from ._out import factory_with_out as _factory_with_out, with_out as _with_out  # noqa: E402

# Top-level functions take PyTorch's out= (Tensor methods don't, as in PyTorch).
for _name in _OUT_OPS:
    if _name in FUNCTIONS:
        FUNCTIONS[_name] = _with_out(_name, FUNCTIONS[_name])
for _table in (linalg.LINALG, linalg_more.LINALG):
    for _name, _fn in list(_table.items()):
        if "linalg." + _name in _OUT_OPS:
            _table[_name] = _with_out("linalg." + _name, _fn)
for _name in _FACTORIES:
    if _name in FUNCTIONS:
        FUNCTIONS[_name] = _factory_with_out(_name, FUNCTIONS[_name])

# NumPy's spellings torch also accepts: axis for dim, keepdims for keepdim.
_NUMPY_NAMED = (
    "all amax amin aminmax any argmax argmin kthvalue logsumexp max mean median min mode nanmean "
    "nanmedian nansum prod std sum var std_mean var_mean argsort chunk count_nonzero cummax "
    "cummin cumprod cumsum log_softmax logcumsumexp softmax sort squeeze topk unbind unsqueeze "
    "cat concat concatenate stack gather index_add index_copy index_select narrow_copy "
    "scatter_add scatter_reduce select select_scatter slice_scatter take_along_dim cross "
    "cosine_similarity unflatten diff").split()
_NUMPY_NAMED_METHODS = [*_NUMPY_NAMED, "cumsum_", "cumprod_", "scatter_add_", "index_add_",
                        "index_copy_", "size", "stride"]

_NUMPY_KEYWORDS = {"axis": "dim", "keepdims": "keepdim"}

# torch's keyword spellings where ember's parameter is named otherwise: torch's name -> ember's.
# "*" passes the value positionally (ember takes *sizes), None drops an argument that changes
# nothing on ember's devices when it is false (pin_memory), and _REFUSED rejects a name torch's
# parser does not take (it is checked before the renames, which may produce it).
_REFUSED = object()
_SPLITS = {"sections": "indices_or_sections", "indices": "indices_or_sections",
           "tensor_indices_or_sections": "indices_or_sections",
           "indices_or_sections": _REFUSED}
_DROPOUT = {"training": _REFUSED, "train": "training"}
_PIN = {"pin_memory": None}
_TORCH_KEYWORDS = {
    "dropout": _DROPOUT, "alpha_dropout": _DROPOUT, "feature_alpha_dropout": _DROPOUT,
    "cholesky_inverse": {"input": "L"}, "cholesky_solve": {"input": "B", "input2": "L"},
    "det": {"input": "A"}, "inverse": {"input": "A"}, "dot": {"tensor": "other"},
    "triangular_solve": {"input": "b"}, "lu_solve": {"input": "b"},
    "swapaxes": {"axis0": "dim0", "axis1": "dim1"}, "threshold_": {"threshold": "threshold_value"},
    "permute": {"dims": "*"}, "reshape": {"shape": "*"},
    "max": {"other": "*"}, "min": {"other": "*"},
    "isin": {"element": "elements", "test_element": "test_elements"},
    "ormqr": {"tau": _REFUSED, "other": _REFUSED, "input2": "tau", "input3": "other"},
    "tensor_split": _SPLITS, "hsplit": _SPLITS, "vsplit": _SPLITS, "dsplit": _SPLITS,
    "zeros": {"size": "*"}, "ones": {"size": "*"}, "empty": {"size": "*"}, "rand": {"size": "*"},
    "randn": {"size": "*"}, "arange": _PIN, "full": _PIN, "eye": _PIN, "linspace": _PIN,
    "logspace": _PIN, "tril_indices": _PIN, "triu_indices": _PIN, "rand_like": _PIN,
    "randn_like": _PIN, "randint": _PIN, "randint_like": _PIN,
}
_BATCHES = {"batch1": "first", "batch2": "second"}
_TORCH_METHOD_KEYWORDS = {
    "dot": {"tensor": "other"}, "swapaxes": {"axis0": "dim0", "axis1": "dim1"},
    "uniform_": {"a": _REFUSED, "b": _REFUSED, "from": "a", "to": "b"},
    "cholesky_solve": {"input2": "L"},
    "ormqr": {"tau": _REFUSED, "other": _REFUSED, "input2": "tau", "input3": "other"},
    "addbmm_": _BATCHES, "baddbmm_": _BATCHES, "addmm_": {"mat1": "first", "mat2": "second"},
    "addmv_": {"mat": "first", "vec": "second"}, "addr_": {"vec1": "first", "vec2": "second"},
    "addcdiv_": {"tensor1": "t1", "tensor2": "t2"}, "addcmul_": {"tensor1": "t1", "tensor2": "t2"},
    "split": {"split_size_or_sections": _REFUSED, "split_size": "split_size_or_sections"},
    "tensor_split": _SPLITS, "hsplit": _SPLITS, "vsplit": _SPLITS, "dsplit": _SPLITS,
    "transpose_": {"dim0": "*", "dim1": "*"}, "swapdims_": {"dim0": "*", "dim1": "*"},
    "swapaxes_": {"axis0": "*", "axis1": "*"}, "unsqueeze_": {"dim": "*"},
    "squeeze_": {"dim": "*"}, "resize_": {"size": "*"},
    "permute": {"dims": "*"}, "expand": {"size": "*"}, "reshape": {"shape": "*"},
    "repeat": {"repeats": "*"}, "max": {"other": "*"}, "min": {"other": "*"},
    "random_": {"from": "from_"},
}


def _torch_keywords(fn, names):
    refused = [name for name, ember_name in names.items() if ember_name is _REFUSED]
    renamed = [(name, ember_name) for name, ember_name in names.items()
               if ember_name is not _REFUSED]

    @_functools.wraps(fn)
    def op(*args, **kwargs):
        if kwargs:
            for name in refused:
                if name in kwargs:
                    raise TypeError(f"{fn.__name__}() got an unexpected keyword argument "
                                    f"'{name}'")
            for torch_name, ember_name in renamed:
                if torch_name not in kwargs:
                    continue
                if ember_name is None:
                    if not kwargs[torch_name]:
                        del kwargs[torch_name]
                elif ember_name == "*":
                    if "input" in kwargs:
                        args = (kwargs.pop("input"), *args)
                    args = (*args, kwargs.pop(torch_name))
                else:
                    kwargs[ember_name] = kwargs.pop(torch_name)
        return fn(*args, **kwargs)
    return op


# NumPy's spellings go through the same renaming, beside torch's own for a name in both tables
# (max and min take NumPy's axis= and torch's other=).
_TORCH_KEYWORDS.update({name: {**_NUMPY_KEYWORDS, **_TORCH_KEYWORDS.get(name, {})}
                        for name in _NUMPY_NAMED if name in FUNCTIONS})
_TORCH_METHOD_KEYWORDS.update({name: {**_NUMPY_KEYWORDS, **_TORCH_METHOD_KEYWORDS.get(name, {})}
                               for name in _NUMPY_NAMED_METHODS if hasattr(Tensor, name)})
for _name, _names in _TORCH_KEYWORDS.items():
    FUNCTIONS[_name] = _torch_keywords(FUNCTIONS[_name], _names)
for _name, _names in _TORCH_METHOD_KEYWORDS.items():
    setattr(Tensor, _name, _torch_keywords(getattr(Tensor, _name), _names))

# An operator with no named method of its own, or a method bound as a private function, carries
# torch's name for it (what __torch_function__ overrides and profilers print): __getitem__,
# __rsub__, __rdiv__, abs...
_NAMED = {id(_value) for _key, _value in vars(Tensor).items() if not _key.startswith("_")}
for _name, _value in sorted(vars(Tensor).items(), key=lambda item: item[0][:3] == "__r"):
    if _name.startswith("__") and _name.endswith("__") and id(_value) not in _NAMED and \
            type(_value).__name__ == "function" and not _value.__name__.startswith("__"):
        _value.__name__ = _value.__qualname__ = "__rdiv__" if _name == "__rtruediv__" else _name
    elif type(_value).__name__ == "function" and _value.__name__ == "_" + _name:
        _value.__name__ = _value.__qualname__ = _name  # complex.py's _abs is Tensor.abs
del _NAMED

# ember.add, ember.relu...: a call with a Tensor subclass, a duck type or an active mode goes
# through __torch_function__ (see ember._subclass; plain calls pay one flag test).
from .._subclass import dispatch_namespace as _dispatch_namespace

_dispatch_namespace(FUNCTIONS, "ember")

from .._aten import aten  # noqa: E402,F401 - ember.ops.aten.mm.default...


def __getattr__(name):
    """``ember.ops.<namespace>``: the operators registered there through ember.library, as
    ``torch.ops.<namespace>.<name>`` reaches custom operators."""
    if not name.startswith("_"):
        from .. import library
        found = library._namespace(name)
        if found is not None:
            return found
    raise AttributeError(f"module 'ember.ops' has no attribute '{name}'")
