"""Small names of torch's tensor API that real programs reach for: ``asarray``,
``empty_strided``, ``unravel_index``, ``split_with_sizes``, ``sum_to_size``, the
``itemsize``/``nbytes`` properties and the predicates (``is_nonzero``, ``is_same_size``,
``is_signed``...). Each is a composition of ember ops, so gradients need no rule of their own.
"""
from __future__ import annotations

import math
import numbers
import operator
import warnings

import numpy as np

from .. import _dtype as D
from .._conj import LIVE as _CONJ_LIVE
from .._conj import written as _conj_written
from .._deprecated import _user_stacklevel
from .._tensor import Tensor
from ._registry import not_tensor, sum_to, type_name


def _tensor(name, input):
    if not isinstance(input, Tensor):
        raise not_tensor(name, input)
    return input


def asarray(obj, *, dtype=None, device=None, copy=None, requires_grad=None):
    """``obj`` as a tensor, sharing memory with it when it is a tensor or a NumPy array whose
    dtype and device need no conversion (``copy=False`` insists on that, ``copy=True`` never
    shares)."""
    from .. import as_tensor, tensor
    from .._storage import TypedStorage, UntypedStorage
    if isinstance(obj, (UntypedStorage, TypedStorage)):
        # a storage's bytes seen as ``dtype`` (torch's default: int64 for bytes, the typed
        # storage's own dtype), as many whole elements as they hold, sharing the memory
        if isinstance(obj, TypedStorage):
            obj, dtype = obj.untyped(), obj.dtype if dtype is None else dtype
        view = D.int64 if dtype is None else D.as_dtype(dtype)
        raw = obj._array()
        obj = Tensor._make(raw[:raw.size // view.itemsize * view.itemsize].view(view.np))
        dtype = None
    if isinstance(obj, Tensor):
        if requires_grad is None and obj.requires_grad:
            warnings.warn("ember.asarray: unspecified requires_grad now defaults to "
                          "obj.requires_grad instead of False. Pass requires_grad=False "
                          "explicitly to get the old behavior and silence this warning.",
                          UserWarning, stacklevel=_user_stacklevel())
        target = obj._dtype if dtype is None else D.as_dtype(dtype)
        if copy is False and target is not obj._dtype:
            raise ValueError(f"can't alias tensor with dtype '{type_name(obj._dtype)}' into "
                             f"dtype '{type_name(target)}'.")
        result = obj.to(dtype=target, device=device, copy=bool(copy))
        if copy:
            result = result.detach()
    else:
        result = tensor(obj, dtype=dtype, device=device) if copy else \
            as_tensor(obj, dtype=dtype, device=device)
    if requires_grad:
        result.requires_grad_(True)
    return result


def detach(input):
    """``input.detach()``: the same data, outside the graph."""
    return _tensor("detach", input).detach()


def empty_strided(size, stride, *, dtype=None, layout=None, device=None, requires_grad=False,
                  pin_memory=False):
    """An uninitialised tensor of ``size`` whose elements sit ``stride`` apart in a storage
    just large enough for them."""
    from .. import empty
    size = tuple(operator.index(n) for n in size)
    stride = tuple(operator.index(s) for s in stride)
    needed = 0 if not all(size) else 1 + sum((n - 1) * s for n, s in zip(size, stride))
    result = empty(needed, dtype=dtype, device=device).as_strided(size, stride)
    return result.requires_grad_(requires_grad) if requires_grad else result


def new_empty_strided(self, size, stride, *, dtype=None, layout=None, device=None,
                      requires_grad=False, pin_memory=False):
    """``empty_strided`` with this tensor's dtype and device unless given."""
    return empty_strided(size, stride, dtype=self._dtype if dtype is None else dtype,
                         device=self._device if device is None else device,
                         requires_grad=requires_grad)


def is_nonzero(input):
    """The truth of a one-element tensor (RuntimeError for any other number of elements)."""
    _tensor("is_nonzero", input)
    if input.numel() == 0:
        raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
    if input.numel() > 1:
        raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
    return bool(input.item())


def is_same_size(input, other):
    """Whether the two tensors have the same shape."""
    return _tensor("is_same_size", input).shape == _tensor("is_same_size", other).shape


def is_signed(input):
    """Whether the tensor's dtype holds negative numbers (False for uint8 and bool)."""
    return _tensor("is_signed", input)._dtype.is_signed


def positive(input):
    """``+input``: the input itself (RuntimeError for bool, as torch's unary plus)."""
    if _tensor("positive", input)._dtype is D.bool_:
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return input


def scalar_tensor(s, *, dtype=None, layout=None, device=None, requires_grad=False,
                  pin_memory=False):
    """A 0-d tensor holding the number ``s``, of the default float dtype unless given."""
    from .. import tensor
    from .creation import checked_scalar
    if not isinstance(s, (numbers.Number, Tensor)):
        raise TypeError(f"scalar_tensor(): argument 's' (position 1) must be Number, not "
                        f"{type(s).__name__}")
    dtype = D.get_default_dtype() if dtype is None else dtype
    if not isinstance(s, Tensor):
        s = checked_scalar(s, D.as_dtype(dtype))
    return tensor(s, dtype=dtype, device=device, requires_grad=requires_grad)


def split_with_sizes(input, split_sizes, dim=0):
    """Views of consecutive pieces of ``input`` along ``dim``, of the given sizes."""
    return _tensor("split_with_sizes", input).split(list(split_sizes), dim)


def unravel_index(indices, shape):
    """The coordinates, one tensor per dimension of ``shape``, of flat C-order ``indices``."""
    if not isinstance(indices, Tensor):
        raise TypeError(f"expected 'indices' to be a Tensor, but got {type(indices).__name__}")
    if indices._dtype.category != D._INT:
        raise TypeError(f"expected 'indices' to be integer dtype, but got {indices._dtype}")
    shape = (shape,) if isinstance(shape, int) else tuple(operator.index(n) for n in shape)
    coordinates = []
    remaining = indices.to(D.int64)
    for size in reversed(shape):
        coordinates.append(remaining.remainder(size))
        remaining = remaining.div(size, rounding_mode="floor")
    return tuple(reversed(coordinates))


def typename(obj):
    """The type of ``obj`` as a string: ``ember.FloatTensor`` for tensors, else its class's
    module-qualified name."""
    if isinstance(obj, Tensor):
        return obj.type()
    cls = type(obj)
    if cls.__module__ == "builtins":
        return cls.__qualname__
    return f"{cls.__module__}.{cls.__qualname__}"


def is_storage(obj):
    """True for a storage object (``UntypedStorage``, ``TypedStorage`` and its legacy classes)."""
    from .._storage import TypedStorage, UntypedStorage
    return isinstance(obj, (TypedStorage, UntypedStorage))


def sum_to_size(self, *size):
    """This tensor summed over the dimensions it has beyond ``size`` and those where ``size``
    is 1, giving shape ``size`` (which must broadcast to this tensor's shape)."""
    from .shape import _shape_args
    size = _shape_args(size, "sum_to_size")
    shape = tuple(self._data.shape)
    if len(size) > len(shape) or any(
            s != 1 and s != n for s, n in zip(reversed(size), reversed(shape))):
        raise RuntimeError(f"size {{{list(size)}}} is not expandable to size {{{list(shape)}}}.")
    return sum_to(self, size, "sum_to_size")


def dim_order(self, *, ambiguity_check=False):
    """The dimensions from outermost to innermost in memory (by decreasing stride)."""
    strides = self.stride()
    return tuple(sorted(range(self.ndim), key=lambda d: -strides[d]))


def _cpu_only(name, tensor):
    """torch's TypeError for a Python-callable op on a tensor off the CPU."""
    if tensor._device.type != "cpu":
        raise TypeError(f"{name} is only implemented on CPU tensors")


def apply_(self, callable):
    """Replace each element ``x`` by ``callable(x)`` (a Python function, element by element;
    CPU tensors only), in place."""
    _cpu_only("apply_", self)
    values = [callable(v) for v in self._data.reshape(-1).tolist()]
    self._data[...] = np.asarray(values, dtype=self._data.dtype).reshape(self._data.shape)
    if _CONJ_LIVE:
        _conj_written(self)
    return self


def map_(self, tensor, callable):
    """Replace each element ``x`` by ``callable(x, y)``, ``y`` the matching element of
    ``tensor`` (broadcast to this shape), in place; CPU tensors only."""
    _cpu_only("map_", self)
    other = np.broadcast_to(tensor._data, self._data.shape).reshape(-1).tolist()
    values = [callable(a, b) for a, b in zip(self._data.reshape(-1).tolist(), other)]
    self._data[...] = np.asarray(values, dtype=self._data.dtype).reshape(self._data.shape)
    if _CONJ_LIVE:
        _conj_written(self)
    return self


def is_pinned(self, device=None):
    """False: ember's host memory is never page-locked."""
    return False


def is_inference(input):
    """Whether ``input`` was made in inference mode."""
    return _tensor("is_inference", input).is_inference()


def get_device(input):
    """The CUDA device index of ``input``, -1 on the CPU."""
    return _tensor("get_device", input).get_device()


def _nbytes(self):
    return math.prod(self._data.shape) * self._dtype.itemsize


FUNCTIONS = {
    "asarray": asarray, "detach": detach, "empty_strided": empty_strided,
    "is_nonzero": is_nonzero, "is_same_size": is_same_size, "is_signed": is_signed,
    "positive": positive, "scalar_tensor": scalar_tensor, "split_with_sizes": split_with_sizes,
    "unravel_index": unravel_index, "typename": typename,
    "is_storage": is_storage, "is_inference": is_inference, "get_device": get_device,
}
METHODS = {
    "is_nonzero": is_nonzero, "is_same_size": is_same_size, "is_signed": is_signed,
    "positive": positive, "split_with_sizes": split_with_sizes, "sum_to_size": sum_to_size,
    "new_empty_strided": new_empty_strided, "dim_order": dim_order, "apply_": apply_,
    "map_": map_, "is_pinned": is_pinned,
    "itemsize": property(lambda self: self._dtype.itemsize), "nbytes": property(_nbytes),
}
