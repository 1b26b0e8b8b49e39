"""Parameter: a tensor that a Module registers as learnable when assigned as an attribute."""
from __future__ import annotations

from .._subclass import _disabled_torch_function_impl
from .._tensor import Tensor


class Parameter(Tensor):
    """A leaf tensor (``requires_grad=True`` by default) that Modules collect in ``parameters()``.

    ``Parameter(data)`` shares ``data``'s memory and version counter, as PyTorch's does.

    Args:
        data: the initial values (default: an empty tensor).
        requires_grad: whether the optimizer should train it (default True).

    Example:
        >>> p = nn.Parameter(ember.zeros(2))
        >>> p
        Parameter containing:
        tensor([0., 0.], requires_grad=True)
        >>> p.is_leaf
        True
    """

    # Parameters take no part in __torch_function__ dispatch: ops on them give plain tensors,
    # and a Parameter prints as "tensor(...)" under its header (a subclass, by its own name).
    __torch_function__ = _disabled_torch_function_impl
    _plain_repr = True
    _is_param = True  # a class's mark, so _make_subclass(SubclassOfParameter, ...) has it too

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            from .. import empty
            data = empty(0)
        if not isinstance(data, Tensor):  # torch detaches anything that is not a Tensor
            raise AttributeError(f"'{type(data).__name__}' object has no attribute 'detach'")
        if not isinstance(requires_grad, bool):
            raise TypeError("_make_subclass(): argument 'require_grad' (position 3) must be "
                            f"bool, not {type(requires_grad).__name__}")
        if getattr(data, "_sparse_values", None) is not None:
            from ..sparse._coo import as_parameter
            return as_parameter(cls, data, requires_grad)
        self = cls._make(data._data)
        self._vc = data._vc
        self._is_param = True
        if requires_grad and not (data.is_floating_point() or data.is_complex()):
            raise RuntimeError("Only Tensors of floating point and complex dtype can require "
                               "gradients")
        self._requires_grad = bool(requires_grad)
        return self

    def __reduce_ex__(self, proto):
        return (_rebuild_parameter, (self.detach().clone(), self._requires_grad))

    def __deepcopy__(self, memo):
        # As torch's: a new parameter of this class on a copy of the data; its .grad and any
        # attributes set on it are not copied.
        if id(self) in memo:
            return memo[id(self)]
        out = type(self)(self.detach().clone(), self._requires_grad)
        memo[id(self)] = out
        return out


def _rebuild_parameter(data, requires_grad):
    return Parameter(data, requires_grad)


class _BufferMeta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor) and getattr(obj, "_is_buffer", False)


class Buffer(Tensor, metaclass=_BufferMeta):
    """Marks a tensor as a buffer when assigned to a Module attribute; ``persistent`` decides
    whether it goes into ``state_dict``. ``Buffer(t)`` is a plain tensor sharing ``t``'s data."""

    __torch_function__ = _disabled_torch_function_impl

    def __new__(cls, data=None, *, persistent=True):
        if data is None:
            from .. import empty
            data = empty(0)
        out = data.detach().requires_grad_(data.requires_grad)
        out.persistent = persistent
        out._is_buffer = True
        return out


_UNINITIALIZED = ("Can't access the shape of an uninitialized parameter or buffer. This error "
                  "usually happens in `load_state_dict` when trying to load an uninitialized "
                  "parameter into an initialized one. Call `forward` to initialize the parameters "
                  "before accessing their attributes.")


class UninitializedParameter(Parameter):
    """A Parameter whose shape is not known yet (lazy modules): ``materialize(shape)`` gives
    it storage and turns it into an ordinary Parameter.

    Args:
        requires_grad: whether the materialised Parameter requires grad. Default: True.
        device, dtype: where and in which dtype it will be materialised.

    Example:
        >>> weight = nn.UninitializedParameter()
        >>> weight
        <UninitializedParameter>
        >>> weight.materialize((2,))
        >>> type(weight).__name__, tuple(weight.shape)
        ('Parameter', (2,))
    """

    cls_to_become = Parameter

    def __new__(cls, requires_grad=True, device=None, dtype=None):
        from .. import empty
        return super().__new__(cls, empty(0, device=device, dtype=dtype), requires_grad)

    def __init__(self, requires_grad=True, device=None, dtype=None):
        pass

    def materialize(self, shape, device=None, dtype=None):
        """Allocate (uninitialised) storage of ``shape`` and become a Parameter."""
        from .. import empty
        self.data = empty(shape, device=device or self.device, dtype=dtype or self.dtype)
        self.__class__ = self.cls_to_become

    @property
    def shape(self):
        raise RuntimeError(_UNINITIALIZED)

    def size(self, dim=None):
        raise RuntimeError(_UNINITIALIZED)

    def numel(self):
        raise RuntimeError(_UNINITIALIZED)

    def detach(self):
        # Kept uninitialised (no data to share), so a state_dict shows what is still lazy.
        return self

    def __repr__(self):
        return f"<{type(self).__name__}>"

    __str__ = __repr__

    def __deepcopy__(self, memo):
        out = type(self)(self._requires_grad, self.device, self.dtype)
        memo[id(self)] = out
        return out


class UninitializedBuffer(Tensor):
    """A buffer whose shape is not known yet (lazy modules): ``materialize(shape)`` gives it
    storage and turns it into an ordinary tensor.

    Args:
        requires_grad: whether the materialised tensor requires grad. Default: False.
        device, dtype: where and in which dtype it will be materialised.

    Example:
        >>> buffer = nn.UninitializedBuffer()
        >>> buffer
        <UninitializedBuffer>
        >>> buffer.materialize((3,))
        >>> type(buffer).__name__, tuple(buffer.shape)
        ('Tensor', (3,))
    """

    cls_to_become = Tensor
    __torch_function__ = _disabled_torch_function_impl

    def __new__(cls, requires_grad=False, device=None, dtype=None):
        from .. import empty
        self = cls._make(empty(0, device=device, dtype=dtype)._data)
        self._requires_grad = bool(requires_grad)
        return self

    def __init__(self, requires_grad=False, device=None, dtype=None):
        pass

    materialize = UninitializedParameter.materialize
    shape = UninitializedParameter.shape
    size = UninitializedParameter.size
    numel = UninitializedParameter.numel
    detach = UninitializedParameter.detach
    __repr__ = __str__ = UninitializedParameter.__repr__
    __deepcopy__ = UninitializedParameter.__deepcopy__


def is_lazy(param):
    """True for a parameter whose shape is still to be inferred by a lazy module."""
    return isinstance(param, (UninitializedParameter, UninitializedBuffer))
