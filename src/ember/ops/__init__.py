"""All ops, one module per family. Importing this binds each family's methods onto Tensor."""
from __future__ import annotations

import functools as _functools

from .._tensor import Tensor
from . import creation, elementwise, indexing, joining, linalg, reduction, shape
from . import activation, nn_misc
from . import linalg_more, pointwise, sorting, special, statistics
from . import conv, pooling, sampling
from . import distributions_sampling, strided, view_copies

FAMILIES = [elementwise, reduction, shape, indexing, joining, linalg, creation, activation,
            nn_misc, sorting, conv, pooling, sampling, special, pointwise, linalg_more,
            statistics]
FAMILIES.append(distributions_sampling)
FAMILIES.append(strided)
FAMILIES.append(view_copies)
from . import complex as _complex  # noqa: E402  (after elementwise: it wraps abs, sgn...)
FAMILIES.append(_complex)
from . import spectral as _spectral  # noqa: E402
FAMILIES.append(_spectral)

FUNCTIONS = {}
for _family in FAMILIES:
    FUNCTIONS.update(_family.FUNCTIONS)
    for _name, _fn in _family.METHODS.items():
        setattr(Tensor, _name, _fn)

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


def _numpy_names(fn):
    @_functools.wraps(fn)
    def op(*args, **kwargs):
        if kwargs:
            if "axis" in kwargs:
                kwargs["dim"] = kwargs.pop("axis")
            if "keepdims" in kwargs:
                kwargs["keepdim"] = kwargs.pop("keepdims")
        return fn(*args, **kwargs)
    return op


for _name in _NUMPY_NAMED:
    if _name in FUNCTIONS:
        FUNCTIONS[_name] = _numpy_names(FUNCTIONS[_name])
for _name in _NUMPY_NAMED_METHODS:
    if hasattr(Tensor, _name):
        setattr(Tensor, _name, _numpy_names(getattr(Tensor, _name)))
