"""Tensor: a backend array plus the autograd metadata PyTorch keeps beside it.

The math of every op lives in ``ember.ops``; this file holds what a tensor *is*: its data,
dtype and device, its place in the graph (``grad_fn``, ``requires_grad``, ``grad``), the
version counter that views share, and Python's protocols (printing, ``len``, ``bool``...).
"""
from __future__ import annotations

import numbers
import operator
import warnings

import numpy as np

from . import _dtype as D
from ._deprecated import _user_stacklevel
from ._device import CPU, as_device, device_of, xp_for
from . import autograd as _autograd  # its backward() is looked up at call time
from .autograd import grad_mode
from .autograd.graph import _add_hook

_grad_state = grad_mode._state
_inference_used = grad_mode.inference_used
_new_object = object.__new__


class Size(tuple):
    """The shape of a tensor: a tuple that prints as ``ember.Size([2, 3])``."""

    __slots__ = ()  # no attributes of its own, as torch's (and a smaller, faster object)

    def __new__(cls, sizes=()):
        self = tuple.__new__(cls, sizes)
        for n in self:
            if type(n) is not int:
                return cls._exact(self)
        return self

    @classmethod
    def _exact(cls, values):
        """The sizes as ints: anything with __index__ but a float (bools, 0-d int tensors)
        counts, as in torch, which keeps NumPy integers as they are."""
        exact = []
        for i, n in enumerate(values):
            try:
                if isinstance(n, float) or not hasattr(type(n), "__index__"):
                    raise TypeError
                exact.append(n if isinstance(n, np.integer) else operator.index(n))
            except TypeError:  # a float tensor's __index__ refuses it too: torch names the type
                from .ops._registry import py_type_name
                raise TypeError(f"ember.Size() takes an iterable of 'int' (item {i} is "
                                f"'{py_type_name(n)}')") from None
        return tuple.__new__(cls, exact)

    def __init_subclass__(cls, **kwargs):
        raise TypeError("type 'ember.Size' is not an acceptable base type")  # as torch's

    def __repr__(self):
        # NumPy integers kept as sizes print as numbers, as in torch's repr
        return f"ember.Size({[int(s) for s in self]})"

    __str__ = __repr__

    def numel(self):
        n = 1
        for s in self:
            n *= s
        return n

    def __getitem__(self, key):
        r = tuple.__getitem__(self, key)
        return tuple.__new__(Size, r) if isinstance(key, slice) else r

    # + and * give Sizes, as torch's; + takes tuples only (CPython's messages, with the class
    # named as torch names its own)
    def __add__(self, other):
        if not isinstance(other, tuple):
            raise TypeError(f"can only concatenate tuple (not {type(other).__name__}) to "
                            "ember.Size")
        return tuple.__new__(Size, tuple.__add__(self, other))

    def __radd__(self, other):
        if not isinstance(other, tuple):
            kind = type(other).__name__
            raise TypeError(f'can only concatenate {kind} (not "ember.Size") to {kind}')
        return tuple.__new__(Size, tuple.__add__(other, self))

    def __mul__(self, count):
        if not hasattr(type(count), "__index__"):
            raise TypeError(f"can't multiply sequence by non-int of type "
                            f"'{type(count).__name__}'")
        return tuple.__new__(Size, tuple.__mul__(self, count))

    __rmul__ = __mul__


def _leaf_grad_warning():
    warnings.warn(
        "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
        "attribute won't be populated during autograd.backward(). If you indeed want the .grad "
        "field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. "
        "If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor "
        "instead. See github.com/pytorch/pytorch/pull/30531 for more information.", UserWarning,
        stacklevel=_user_stacklevel())


class Tensor:
    """A multi-dimensional array that can record the operations applied to it.

    ``Tensor(data)`` is PyTorch's legacy constructor: it always gives the default float dtype
    (``Tensor(2, 3)`` gives an uninitialised 2x3 tensor). Prefer ``ember.tensor``.
    """

    # Fields every tensor sets live in slots; rarely used ones are class-level defaults that an
    # instance overrides in its __dict__ only when needed, keeping creation cheap.
    __slots__ = ("_data", "_dtype", "_requires_grad", "grad_fn", "_output_nr", "_grad",
                 "_vc", "_base", "_device", "__dict__", "__weakref__")
    _view_fn = None
    # "Output i of F": an input a custom Function returned as it is (a view torch forbids
    # changing in place while it records, see check_inplace)
    _custom_view = None
    _retains_grad = False
    _backward_hooks = None
    _post_acc_hooks = None
    _accumulator = None
    _is_param = False
    _inference = False
    # A detach()/.data alias of an inference tensor: still an inference tensor, yet PyTorch lets
    # it be written in place outside inference_mode.
    _inference_writable = False
    # PyTorch's lazy conjugate and negative bits (views of ``conj()``; see ember._conj).
    _is_conj = False
    _is_neg = False

    # -- construction ------------------------------------------------------------------------
    def __new__(cls, *args, device=None, dtype=None):
        if len(args) == 1 and not isinstance(args[0], numbers.Integral):
            data = args[0]
            if isinstance(data, Tensor):
                return data
            arr = _to_array(data, D.get_default_dtype() if dtype is None else D.as_dtype(dtype))
        else:
            shape = args[0] if len(args) == 1 and isinstance(args[0], tuple) else args
            arr = np.empty(tuple(int(s) for s in shape), dtype=D.get_default_dtype().np)
        self = cls._make(arr)
        return self if device is None else self.to(device)

    def __init__(self, *args, **kwargs):
        pass

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        from ._subclass import install
        install(cls)

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        """The default override: run ``func`` with subclass dispatch off, then make each tensor
        in its result (also in tuples and lists) an instance of ``cls``.

        A Tensor subclass that defines its own ``__torch_function__`` usually ends by calling
        this one through ``super()``.

        Args:
            func: the function, method or property accessor that was called.
            types: the types of the arguments that take part in dispatch.
            args: its positional arguments.
            kwargs: its keyword arguments (or None).

        Returns:
            ``func``'s result, or NotImplemented when some type in ``types`` is not a base of
            ``cls``.

        Example:
            >>> class Tagged(ember.Tensor):
            ...     pass
            >>> t = ember.tensor([1.0, 2.0]).as_subclass(Tagged)
            >>> t * 2
            Tagged([2., 4.])
            >>> type(t.sum()).__name__
            'Tagged'
        """
        from ._subclass import default_torch_function
        return default_torch_function(cls, func, types, args, kwargs)

    @staticmethod
    def _make_subclass(cls, data, require_grad=False, dispatch_sizes_strides_policy=None,
                       dispatch_device=False, dispatch_layout=False, _extra_dispatch_keys=None,
                       storage_size=None):
        """A leaf tensor of class ``cls`` sharing ``data``'s memory and version counter, with
        no history (``data``'s graph is not followed)."""
        if not (isinstance(cls, type) and issubclass(cls, Tensor)):
            raise TypeError(f"cls must be a type (got {type(cls).__name__})")
        if not isinstance(data, Tensor):
            raise TypeError(f"_make_subclass(): argument 'data' (position 2) must be Tensor, "
                            f"not {type(data).__name__}")
        out = cls._make(data._data)
        out._vc = data._vc
        if data._is_conj or data._is_neg:
            out._is_conj, out._is_neg = data._is_conj, data._is_neg
        if require_grad:
            if data._dtype.category < D._FLOAT:
                raise RuntimeError("Only Tensors of floating point and complex dtype can require "
                                   "gradients")
            out._requires_grad = True
        return out

    @classmethod
    def _make(cls, data, requires_grad=False):
        """Wrap an array (no copy); the fast path every op uses."""
        self = object.__new__(cls)
        self._data = data
        self._dtype = D._FROM_NP[data.dtype]
        self._requires_grad = requires_grad
        self.grad_fn = None
        self._output_nr = 0
        self._grad = None
        self._vc = [0]
        self._base = None
        self._device = CPU if type(data) is np.ndarray else device_of(data)
        if _inference_used[0] and _grad_state.inference:
            self._inference = True
        return self

    @staticmethod
    def _wrap(data, dtype, device):
        """``_make`` for an op's result whose dtype and device the op already knows."""
        self = _new_object(Tensor)
        self._data = data
        self._dtype = dtype
        self._requires_grad = False
        self.grad_fn = None
        self._output_nr = 0
        self._grad = None
        self._vc = [0]
        self._base = None
        self._device = device
        if _inference_used[0] and _grad_state.inference:
            self._inference = True
        return self

    @staticmethod
    def _zeros(shape, dt, device=CPU):
        return Tensor._make(xp_for(device).zeros(shape, dtype=dt.np))

    @staticmethod
    def _make_wrapper_subclass(cls, size, strides=None, storage_offset=None,
                               memory_format=None, dtype=None, layout=None, device=None,
                               pin_memory=False, requires_grad=False, **dispatch_options):
        """A leaf tensor of class ``cls`` with this shape, strides, dtype and device and no data.

        torch lets only classes that define ``__torch_dispatch__`` be wrappers. ember runs no
        ``__torch_dispatch__``: the wrapper's metadata answers as given, and an op that reaches
        its data raises (meta semantics), so its ``__torch_function__`` must take over the ops.
        """
        if getattr(cls, "__torch_dispatch__", None) is None:
            raise TypeError(f"{cls.__name__} must define __torch_dispatch__")
        from ._backend_meta import MetaArray
        dt = D.get_default_dtype() if dtype is None else D.as_dtype(dtype)
        itemsize = dt.itemsize
        out = cls._make(MetaArray(
            tuple(int(n) for n in size), dt.np,
            None if strides is None else tuple(int(s) * itemsize for s in strides),
            int(storage_offset or 0) * itemsize))
        out._dtype = dt
        out._device = CPU if device is None else as_device(device)
        if requires_grad:
            out._requires_grad = True
        return out

    # -- basic attributes --------------------------------------------------------------------
    @property
    def shape(self):
        # an array's shape holds ints: no need for Size()'s checks
        return tuple.__new__(Size, self._data.shape)

    def size(self, dim=None):
        if dim is None:
            return tuple.__new__(Size, self._data.shape)
        if type(dim) is not int and not hasattr(dim, "__index__"):
            raise TypeError(f"size(): argument 'dim' (position 1) must be int, not "
                            f"{type(dim).__name__}")
        shape = self._data.shape
        if not shape:
            raise _no_dimensions(dim)
        return shape[_wrap_dim(dim, len(shape))]

    def dim(self):
        return self._data.ndim

    ndimension = dim

    @property
    def ndim(self):
        return self._data.ndim

    def numel(self):
        return int(self._data.size)

    nelement = numel

    @property
    def dtype(self):
        return self._dtype

    @property
    def device(self):
        return self._device

    @property
    def is_cuda(self):
        return self._device.type == "cuda"

    @property
    def is_cpu(self):
        return self._device.type == "cpu"

    @property
    def is_meta(self):
        return self._device.type == "meta"

    # Devices and layouts ember does not have: always False, as PyTorch reports on a CPU tensor.
    is_xpu = is_mps = is_sparse = is_quantized = is_mkldnn = is_vulkan = is_ipu = property(
        lambda self: False)

    def is_inference(self):
        """True for a tensor created inside ``inference_mode`` (it can never join a graph)."""
        return self._inference

    @property
    def is_leaf(self):
        return self.grad_fn is None

    def is_floating_point(self):
        return self._dtype.category == D._FLOAT

    def is_complex(self):
        return self._dtype.category == D._COMPLEX

    def element_size(self):
        return self._dtype.itemsize

    def stride(self, dim=None):
        st = tuple(s // self._data.itemsize for s in self._data.strides)
        if st and not any(st) and not self._data.size:
            # NumPy gives a new empty array all-zero strides; torch gives it contiguous strides
            # that count an empty dimension as size 1 (an expanded one keeps expand's).
            expanded = self.__dict__.get("_empty_strides")
            if expanded is not None:
                return expanded if dim is None else expanded[_wrap_dim(dim, len(expanded))]
            st, step = [], 1
            for size in reversed(self._data.shape):
                st.insert(0, step)
                step *= max(size, 1)
            st = tuple(st)
        if dim is None:
            return st
        if not self._data.ndim:
            raise _no_dimensions(dim)
        return st[_wrap_dim(dim, self._data.ndim)]

    def storage_offset(self):
        if self._device.type == "meta":
            return self._data.offset // self._data.itemsize
        from .ops.strided import storage_offset
        return storage_offset(self)

    def untyped_storage(self):
        """The memory under this tensor and every view of its base, as bytes.

        Views share their base's storage, so they report the same ``data_ptr()`` and
        ``nbytes()``; writing into the storage changes the tensors over it.

        Returns:
            An ``ember.UntypedStorage`` (the same object on each call).

        Example:
            >>> a = ember.tensor([1.0, 2.0, 3.0])
            >>> s = a.untyped_storage()
            >>> s.nbytes(), a[1:].untyped_storage().data_ptr() == s.data_ptr()
            (12, True)
        """
        from ._storage import untyped_storage
        return untyped_storage(self)

    def storage(self):
        """The storage seen as elements of this tensor's dtype (deprecated in torch, which warns
        and recommends ``untyped_storage()``).

        Returns:
            An ``ember.TypedStorage`` over the same memory.

        Example:
            >>> import warnings
            >>> warnings.simplefilter("ignore")
            >>> ember.tensor([1.0, 2.0])[1:].storage().tolist()
            [1.0, 2.0]
        """
        from ._storage import typed_storage
        return typed_storage(self)

    def _typed_storage(self):
        from ._storage import TypedStorage, untyped_storage
        return TypedStorage(wrap_storage=untyped_storage(self), dtype=self._dtype)

    def set_(self, source=None, storage_offset=0, size=None, stride=None):
        """Point this tensor at ``source``'s memory, in place: writes through either side show
        in the other.

        Element ``index`` of the result is storage element
        ``storage_offset + sum(index[d] * stride[d])`` (stride defaults to contiguous).

        Args:
            source: an ``UntypedStorage``/``TypedStorage``, or a Tensor whose storage and
                geometry to take; None gives an empty tensor.
            storage_offset: the first element's position in the storage.
            size: the shape (default: the whole storage, 1-D).
            stride: the step of each dimension, in elements.

        Returns:
            This tensor.

        Example:
            >>> a = ember.arange(6.0)
            >>> b = ember.empty(0).set_(a.untyped_storage(), 1, (2, 2), (2, 1))
            >>> b[0, 0] = 100.0
            >>> a
            tensor([  0., 100.,   2.,   3.,   4.,   5.])
        """
        from ._storage import set_
        return set_(self, source, storage_offset, size, stride)

    def is_contiguous(self, memory_format=None):
        """True when the elements lie in memory in ``memory_format``'s order with no gaps
        (row-major by default; ``ember.channels_last``: N, H, W, C for a 4-D tensor).

        Args:
            memory_format: ``ember.contiguous_format`` (default), ``ember.channels_last`` or
                ``ember.channels_last_3d``.

        Returns:
            A bool.

        Example:
            >>> x = ember.zeros(2, 3, 4, 5)
            >>> x.is_contiguous(), x.is_contiguous(memory_format=ember.channels_last)
            (True, False)
            >>> y = x.contiguous(memory_format=ember.channels_last)
            >>> y.stride(), y.is_contiguous(memory_format=ember.channels_last)
            ((60, 1, 15, 3), True)
        """
        if memory_format is None or memory_format._name in ("contiguous_format",
                                                            "preserve_format"):
            return bool(self._data.flags.c_contiguous)
        from ._memory_format import is_contiguous_as
        return is_contiguous_as(self._data.shape, self.stride(), memory_format)

    def data_ptr(self):
        if self._device.type == "meta":
            return 0
        from ._backend import address
        from ._conj import source_of
        return address(source_of(self._data))

    @property
    def layout(self):
        from .sparse._coo import strided
        return strided

    def to_dense(self, dtype=None, *, masked_grad=None):
        return self if dtype is None else self.to(dtype)

    def to_sparse(self, sparse_dim=None, *, layout=None, blocksize=None, dense_dim=None):
        """The non-zero elements as a sparse COO tensor (``ember.sparse``), or a compressed one
        for ``layout=ember.sparse_csr`` (``sparse_csc``, and ``sparse_bsr``/``sparse_bsc`` with
        a ``blocksize``)."""
        if layout is not None and layout._name != "sparse_coo":
            from .sparse._compressed import to_layout
            return to_layout(self, layout, blocksize, dense_dim)
        from .sparse._coo import to_sparse
        return to_sparse(self, sparse_dim)

    def to_sparse_csr(self, dense_dim=None):
        """The non-zero elements of a matrix as a sparse CSR tensor (``ember.sparse_csr``).

        Args:
            dense_dim: must be None (ember's CSR matrices have no dense dimensions).

        Example:
            >>> csr = ember.tensor([[1.0, 0.0], [0.0, 2.0]]).to_sparse_csr()
            >>> csr.crow_indices(), csr.col_indices(), csr.values()
            (tensor([0, 1, 2]), tensor([0, 1]), tensor([1., 2.]))
        """
        from .sparse._compressed import to_sparse_csr
        return to_sparse_csr(self, dense_dim)

    def to_sparse_csc(self, dense_dim=None):
        """The non-zero elements of a matrix as a sparse CSC tensor (``ember.sparse_csc``):
        column by column.

        Args:
            dense_dim: must be None (ember's CSC matrices have no dense dimensions).

        Example:
            >>> csc = ember.tensor([[1.0, 0.0], [3.0, 2.0]]).to_sparse_csc()
            >>> csc.ccol_indices(), csc.row_indices(), csc.values()
            (tensor([0, 2, 3]), tensor([0, 1, 1]), tensor([1., 3., 2.]))
        """
        from .sparse._compressed import to_sparse_csc
        return to_sparse_csc(self, dense_dim)

    def to_sparse_bsr(self, blocksize, dense_dim=None):
        """The (r, c) blocks of a matrix that hold a non-zero element, as a sparse BSR tensor
        (``ember.sparse_bsr``): block rows one after another.

        Args:
            blocksize (int or tuple of two ints): (r, c), dividing the matrix's shape.
            dense_dim: must be None (ember's BSR matrices have no dense dimensions).

        Example:
            >>> bsr = ember.tensor([[1.0, 2.0, 0.0, 0.0], [0.0, 3.0, 0.0, 0.0]]).to_sparse_bsr(2)
            >>> bsr.crow_indices(), bsr.col_indices(), bsr.values().shape
            (tensor([0, 1]), tensor([0]), ember.Size([1, 2, 2]))
        """
        from .sparse._compressed import SparseBsrTensor, convert
        return convert(self, SparseBsrTensor, blocksize, dense_dim)

    def to_sparse_bsc(self, blocksize, dense_dim=None):
        """The (r, c) blocks of a matrix that hold a non-zero element, as a sparse BSC tensor
        (``ember.sparse_bsc``): block columns one after another.

        Args:
            blocksize (int or tuple of two ints): (r, c), dividing the matrix's shape.
            dense_dim: must be None (ember's BSC matrices have no dense dimensions).

        Example:
            >>> dense = ember.tensor([[1.0, 0.0], [0.0, 0.0], [0.0, 2.0], [0.0, 0.0]])
            >>> bsc = dense.to_sparse_bsc(2)
            >>> bsc.ccol_indices(), bsc.row_indices()
            (tensor([0, 2]), tensor([0, 1]))
        """
        from .sparse._compressed import SparseBscTensor, convert
        return convert(self, SparseBscTensor, blocksize, dense_dim)

    is_sparse_csr = property(lambda self: False)

    def to_sparse_coo(self):
        return self.to_sparse()

    def sparse_mask(self, mask):
        """The elements at the positions the sparse COO ``mask`` stores, as a sparse tensor
        with ``mask``'s indices; the gradient reaches those positions only.

        Args:
            mask (Tensor): a sparse COO tensor of the same size; only its indices are read.

        Example:
            >>> mask = ember.tensor([[0.0, 5.0], [7.0, 0.0]]).to_sparse()
            >>> ember.tensor([[1.0, 2.0], [3.0, 4.0]]).sparse_mask(mask).to_dense()
            tensor([[0., 2.],
                    [3., 0.]])
        """
        from .sparse._coo import sparse_mask
        return sparse_mask(self, mask)

    def share_memory_(self):
        """Move the data into memory other processes can map (see ``ember.multiprocessing``);
        a no-op when it is already there or on a GPU."""
        from .multiprocessing import _shared
        return _shared.share_memory_(self)

    def is_shared(self):
        from .multiprocessing import _shared
        return _shared.is_shared(self)

    def type(self, dtype=None, non_blocking=False):
        """The legacy type's name, or a copy converted to ``dtype``: a dtype keeps the device, a
        legacy type (``ember.cuda.FloatTensor``, ``"torch.FloatTensor"``) names it too."""
        if dtype is None:
            return f"ember.{self._dtype._legacy}"
        from ._legacy import type_to_dtype
        spec = dtype
        dtype, device = type_to_dtype(spec)
        if device == "cuda":
            from . import cuda
            if not cuda.is_available():  # torch's CPU build: a RuntimeError, not cuda()'s assert
                raise RuntimeError("Cannot convert to a CUDA tensor type: ember has no CUDA "
                                   "device here")
            if dtype is None:  # an unknown name, also for a tensor already on the device
                raise ValueError(f"invalid type: '{spec}'")
        if device is None or device == self._device.type:
            return self.to(dtype, non_blocking=non_blocking)
        return self.to(device, dtype, non_blocking=non_blocking)

    def get_device(self):
        return -1 if self._device.type != "cuda" else (self._device.index or 0)

    # -- autograd attributes -----------------------------------------------------------------
    @property
    def requires_grad(self):
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value):
        if self.grad_fn is not None:
            if not value:
                raise RuntimeError(
                    "you can only change requires_grad flags of leaf variables. If you want to "
                    "use a computed variable in a subgraph that doesn't require differentiation "
                    "use var_no_grad = var.detach().")
            raise RuntimeError("you can only change requires_grad flags of leaf variables.")
        value = bool(value)
        if value and self._dtype.category < D._FLOAT:
            raise RuntimeError("only Tensors of floating point and complex dtype can require "
                               "gradients")
        if value and self._inference and not _grad_state.inference:
            raise RuntimeError("Setting requires_grad=True on inference tensor outside "
                               "InferenceMode is not allowed.")
        self._requires_grad = value

    def requires_grad_(self, requires_grad=True):
        """Switch gradient recording for this tensor on (or off), in place; returns ``self``.

        Operations on a tensor that requires grad are recorded, so that ``backward()`` can later
        compute d(result)/d(tensor) into its ``.grad``. Only floating-point and complex tensors can
        require grad, and only leaves (tensors no recorded operation produced) can be switched off.

        Args:
            requires_grad: True to record operations on this tensor (default), False to stop.

        Returns:
            This tensor, so the call can be chained.

        Example:
            >>> w = ember.zeros(3).requires_grad_()
            >>> w.requires_grad, w.is_leaf
            (True, True)
            >>> (w * 2).sum().requires_grad
            True
        """
        if not isinstance(requires_grad, bool):
            raise TypeError(f"requires_grad_(): argument 'requires_grad' (position 1) must be "
                            f"bool, not {type(requires_grad).__name__}")
        if requires_grad and self._dtype.category < D._FLOAT:
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        if requires_grad and self.grad_fn is not None:
            return self  # already requires grad: PyTorch allows this on non-leaves
        self.requires_grad = requires_grad
        return self

    @property
    def grad(self):
        if self.grad_fn is not None and not self._retains_grad:
            _leaf_grad_warning()
        return self._grad

    @grad.setter
    def grad(self, value):
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of "
                                f"type {type(value).__name__}")
            if value._dtype is not self._dtype or self._grad_dtype is not None:
                from ._names import check_grad_dtype  # the dtype ``grad_dtype`` allows
                check_grad_dtype(self, value)
            if value._device.type != self._device.type:
                raise RuntimeError(f"attempting to assign a gradient with device type "
                                   f"'{value._device.type}' to a tensor with device type "
                                   f"'{self._device.type}'. Please ensure that the gradient and "
                                   f"the tensor are on the same device")
            if value._device != self._device:
                raise RuntimeError("assigned grad has data located on a different device")
            if value.shape != self.shape:
                raise RuntimeError(f"attempting to assign a gradient of size "
                                   f"'{list(value.shape)}' to a tensor of size "
                                   f"'{list(self.shape)}'. Please ensure that the gradient and "
                                   f"the tensor are the same size")
        self._grad = value

    @grad.deleter
    def grad(self):
        self._grad = None

    @property
    def retains_grad(self):
        return self._retains_grad

    def retain_grad(self):
        """Keep this non-leaf tensor's gradient in ``.grad`` when ``backward()`` runs.

        Only leaves keep their gradient by default; an intermediate result's gradient is passed on
        and dropped. Calling this on a leaf that requires grad does nothing (leaves keep theirs).

        Returns:
            None.

        Example:
            >>> x = ember.tensor(3.0, requires_grad=True)
            >>> y = x * x
            >>> y.retain_grad()
            >>> (2 * y).backward()
            >>> y.grad, x.grad
            (tensor(2.), tensor(12.))
        """
        if self.grad_fn is None:
            if not self._requires_grad:
                raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
            return
        if self._retains_grad:
            return
        self._retains_grad = True
        ref = __import__("weakref").ref(self)

        def keep(grad):
            t = ref()
            if t is not None:
                if t._grad is None:
                    t._grad = grad.detach() if not grad_mode.is_grad_enabled() else grad
                    if not grad_mode.is_grad_enabled():
                        t._grad = Tensor._make(grad._data.copy())
                else:
                    t._grad = t._grad + grad
        handle = self.grad_fn._add_tensor_hook(self._output_nr, keep)
        self._retain_hook = (handle._table, handle.id)

    def _rebase_retained_grad(self):
        """After an in-place op gave this tensor a new grad_fn, its retain_grad() hook moves
        to it: as in PyTorch, ``.grad`` holds the gradient of the tensor's current value
        (hooks registered before the op stay with the old value)."""
        table, key = self._retain_hook
        keep = table.pop(key, None)
        if keep is not None and self.grad_fn is not None:
            handle = self.grad_fn._add_tensor_hook(self._output_nr, keep)
            self._retain_hook = (handle._table, handle.id)

    def register_hook(self, hook):
        """Run ``hook(grad)`` whenever the gradient with respect to this tensor is computed.

        The hook sees the gradient before it is passed on (or accumulated into a leaf's ``.grad``);
        if it returns a tensor, that tensor replaces the gradient.

        Args:
            hook: a callable taking the gradient Tensor and returning None or a new gradient.

        Returns:
            A handle whose ``remove()`` unregisters the hook.

        Example:
            >>> x = ember.tensor([1.0, 2.0], requires_grad=True)
            >>> handle = x.register_hook(lambda grad: grad * 10)
            >>> (x * x).sum().backward()
            >>> x.grad
            tensor([20., 40.])
            >>> handle.remove()
        """
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self.grad_fn is not None:
            handle = self.grad_fn._add_tensor_hook(self._output_nr, hook)
            if self._retains_grad:
                # As in PyTorch, .grad stores the gradient after every hook of this tensor,
                # those registered after retain_grad() too: its hook moves to the end.
                table, key = self._retain_hook
                if key in table:
                    table[key] = table.pop(key)
            return handle
        if self._backward_hooks is None:
            self._backward_hooks = {}
        return _add_hook(self._backward_hooks, hook)

    def register_post_accumulate_grad_hook(self, hook):
        """hook(tensor) runs after the gradient was accumulated into this leaf's ``.grad``."""
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self.grad_fn is not None:
            raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf "
                               "tensors")
        if self._post_acc_hooks is None:
            self._post_acc_hooks = {}
        return _add_hook(self._post_acc_hooks, hook)

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Compute the gradient of this tensor with respect to the graph's leaves.

        Walks the recorded graph from this tensor back to every leaf that requires grad and
        adds d(self)/d(leaf) into ``leaf.grad`` (gradients accumulate: call ``zero_()`` or the
        optimizer's ``zero_grad()`` between steps). The graph's saved values are freed
        afterwards unless ``retain_graph=True``.

        Args:
            gradient: d(loss)/d(self), the vector of the vector-Jacobian product; required when this
                tensor has more than one element, optional (1) for a scalar.
            retain_graph: keep the graph so that backward can run through it again (default: the
                value of ``create_graph``).
            create_graph: record the backward pass itself, for higher-order derivatives.
            inputs: accumulate only into these tensors' ``.grad`` (default: every leaf).

        Returns:
            None; the results are in the leaves' ``.grad``.

        Example:
            >>> x = ember.tensor(2.0, requires_grad=True)
            >>> y = x ** 2 + 3 * x + 1
            >>> y.backward()
            >>> x.grad          # dy/dx = 2x + 3
            tensor(7.)
            >>> v = ember.tensor([1.0, 2.0], requires_grad=True)
            >>> (v * v).backward(gradient=ember.tensor([1.0, 1.0]))
            >>> v.grad
            tensor([2., 4.])
        """
        _autograd.backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    def detach(self):
        """A tensor with the same data and no graph history: operations on it are not recorded.

        The result shares memory (and the in-place version counter) with this tensor, so changing
        one in place changes the other; use ``detach().clone()`` for an independent copy.

        Returns:
            A new Tensor with ``requires_grad=False`` and ``grad_fn=None``.

        Example:
            >>> x = ember.tensor([1.0, 2.0], requires_grad=True)
            >>> y = (x * 3).detach()
            >>> y, y.requires_grad
            (tensor([3., 6.]), False)
        """
        out = Tensor._wrap(self._data, self._dtype, self._device)
        out._vc = self._vc
        # Not a view (its _base is None, as torch's is), but an alias of the same storage
        # (_storage_root's steps inline: detach runs once per step in many training loops).
        root = self._base if self._base is not None else self
        out.__dict__["_alias_of"] = root.__dict__.get("_alias_of", root)
        if not self._data.size and "_empty_strides" in self.__dict__:  # (see stride)
            out.__dict__["_empty_strides"] = self.__dict__["_empty_strides"]
        if out._inference is not self._inference:  # an alias is an inference tensor iff self is
            out._inference = out._inference_writable = self._inference
        if self._is_conj or self._is_neg:
            out._is_conj, out._is_neg = self._is_conj, self._is_neg
        return out

    def detach_(self):
        # any view (not detach()'s alias, which shares only the version counter)
        if self._base is not None and (self.grad_fn is not None or self._view_fn is not None):
            raise RuntimeError(
                "Can't detach views in-place. Use detach() instead. If you are using "
                "DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set "
                "as True, gradients are views of DDP buckets, and hence detach_() cannot be "
                "called on these gradients. To fix this error, please refer to the "
                "Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.")
        self.grad_fn = None
        self._requires_grad = False
        return self

    @property
    def data(self):
        out = Tensor._make(self._data)
        if out._inference is not self._inference:
            out._inference = out._inference_writable = self._inference
        if self._is_conj or self._is_neg:
            out._is_conj, out._is_neg = self._is_conj, self._is_neg
        return out

    @data.setter
    def data(self, value):
        if not isinstance(value, Tensor):
            raise TypeError(f"data must be a Tensor, not {type(value).__name__}")
        if value._dtype.category < 2 and self.requires_grad:  # bool or integer
            raise RuntimeError("data set to a tensor that requires gradients must be floating "
                               "point or complex dtype")
        self._data = value._data
        self._dtype = value._dtype
        self._device = value._device

    @property
    def output_nr(self):
        return self._output_nr

    @property
    def _version(self):
        """How many times this tensor's data (shared by its views) was modified in place."""
        return self._vc[0]

    _version_count = _version

    def _is_view(self):
        """Whether this tensor is a view of another (then ``_base`` is that one)."""
        return self._base is not None

    # -- conversion --------------------------------------------------------------------------
    def item(self):
        """The value of a one-element tensor as a Python number (float, int, bool or complex).

        Returns:
            A Python scalar.

        Raises:
            RuntimeError: the tensor has more than one element.

        Example:
            >>> ember.tensor([[2.5]]).item()
            2.5
            >>> ember.tensor(3).item()
            3
        """
        if self._data.size != 1:
            raise RuntimeError(f"a Tensor with {self._data.size} elements cannot be converted "
                               "to Scalar")
        if self._device.type == "meta":
            raise RuntimeError("Tensor.item() cannot be called on meta tensors")
        if self._dtype is D.complex32:
            return D.from_complex32(_host(self._data)).reshape(()).item()
        return self._data.reshape(()).item() if self.is_cpu else self._data.reshape(()).get()\
            .item()

    def tolist(self):
        """The data as (nested) Python lists of Python numbers; a 0-d tensor gives a number.

        Returns:
            A list, nested once per dimension.

        Example:
            >>> ember.tensor([[1, 2], [3, 4]]).tolist()
            [[1, 2], [3, 4]]
        """
        if self._dtype is D.complex32:
            return D.from_complex32(_host(self._data)).astype(complex).tolist()
        return _host(self._data).tolist()

    def numpy(self, *, force=False):
        """The data as a NumPy array that shares memory with this tensor.

        Args:
            force: for a tensor that requires grad or lives on a GPU, return a (copied) array
                instead of raising.

        Returns:
            A numpy.ndarray; writing into it changes the tensor.

        Raises:
            RuntimeError: the tensor requires grad and grad mode is on (use
                ``tensor.detach().numpy()``).

        Example:
            >>> t = ember.tensor([1.0, 2.0])
            >>> a = t.numpy()
            >>> a[0] = 5.0
            >>> t
            tensor([5., 2.])
        """
        # (as torch's, a refusal only while grad mode is on: no_grad code and a custom op's
        # kernel may read a tensor that requires grad)
        if self._requires_grad and _grad_state.enabled and not force:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use "
                               "tensor.detach().numpy() instead.")
        _check_lazy_bits(self, force)
        _check_numpy_dtype(self)
        if not self.is_cpu:
            if force:
                return _host(self._data)
            raise TypeError(f"can't convert {self._device} device type tensor to numpy. Use "
                            "Tensor.cpu() to copy the tensor to host memory first.")
        # force=True on a conj view gives its resolved values in new memory, as in PyTorch.
        # Otherwise a new array object over the same memory: setting its shape must not
        # reshape the tensor.
        return self._data.copy() if self._is_conj or self._is_neg else self._data.view()

    def __array__(self, dtype=None, copy=None):
        if self._requires_grad and _grad_state.enabled:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use "
                               "tensor.detach().numpy() instead.")
        _check_lazy_bits(self, False)
        _check_numpy_dtype(self)
        if not self.is_cpu:  # NumPy's implicit conversion never copies a device tensor over
            raise TypeError(f"can't convert {self._device} device type tensor to numpy. Use "
                            "Tensor.cpu() to copy the tensor to host memory first.")
        return np.asarray(self._data.view(), dtype=dtype)

    # NumPy defers to a tensor in mixed arithmetic, as it does to torch's: np.float64(2) * t
    # and np.sqrt(d) * t run the tensor's reflected op (a tensor, recorded for autograd), not
    # NumPy's (an array).
    __array_priority__ = 1000

    def __array_wrap__(self, array, context=None, return_scalar=False):
        """A NumPy ufunc applied to a tensor gives a tensor (np.exp(t)), as torch's does; like
        torch's, a boolean result becomes uint8 and nothing is recorded for autograd."""
        if array.dtype == np.bool_:
            array = array.astype(np.uint8)
        return Tensor._make(np.asarray(array))

    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))

    def __bool__(self):
        if self._data.size != 1:
            if self._data.size == 0:
                raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return bool(self.item())

    def __float__(self):
        if self._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        if self._requires_grad and _grad_state.enabled:
            _warn_scalar_of_grad()
        return float(self.item())

    def __int__(self):
        if self._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return int(self.item())

    def __complex__(self):
        if self._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return complex(self.item())

    def __index__(self):
        if self._dtype.category != D._INT and self._dtype is not D.bool_ or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an "
                            "index")
        return int(self.item())

    def __format__(self, spec):
        # Only a plain tensor formats as its number; a subclass (a Parameter too) is formatted
        # as an object, which refuses a format spec, as torch does.
        if self._data.ndim == 0 and type(self) is Tensor and self._device.type != "meta":
            return self.item().__format__(spec)
        return object.__format__(self, spec)

    def __repr__(self, *, tensor_contents=None):
        from ._tensor_str import format_tensor
        grad_fn = self.grad_fn
        if self._device.type == "meta":
            from ._tensor_str import format_meta
            return format_meta(
                tuple(self._data.shape), dtype_name=self._dtype.name,
                default_dtype_name=D.get_default_dtype().name,
                requires_grad=self._requires_grad and grad_fn is None,
                grad_fn_name=None if grad_fn is None else type(grad_fn).__name__,
                is_parameter=self._is_param)
        arr = _host(self._data)
        if self._dtype is D.complex32:
            arr = D.from_complex32(arr)
        # A subclass prints its own name where a tensor prints "tensor(" (Parameter does not).
        kind = type(self)
        prefix = "tensor(" if kind is Tensor or "_plain_repr" in vars(kind) else \
            f"{kind.__name__}("
        text = format_tensor(
            arr, dtype_name=self._dtype.name,
            default_dtype_name=D.get_default_dtype().name,
            requires_grad=self._requires_grad and grad_fn is None,
            grad_fn_name=None if grad_fn is None else type(grad_fn).__name__,
            device=None if self.is_cpu else str(self._device), prefix=prefix)
        if self._is_param:
            text = ("Parameter containing:\n" +
                    (text if prefix == "tensor(" else f"Parameter({text})"))
        return text

    # no __str__: str() goes through repr(), so a subclass's own __repr__ prints, as in torch

    def __hash__(self):
        # identity, and the number itself is id(), as torch's (code keys tables by either)
        return id(self)

    def __reduce_ex__(self, proto):
        if self._is_conj:  # pickled as its source's values plus the bit, as PyTorch does
            args = (np.conj(_host(self._data)), self._requires_grad, True)
        else:
            view = _storage_view(self)
            args = (_host(self._data).copy(), self._requires_grad) if view is None else \
                (_host(view[0]).copy(), self._requires_grad, False, view[1:])
        if type(self) is Tensor:
            return (_rebuild, args)
        # A subclass comes back as its class with its attributes, as torch's does.
        state = {key: value for key, value in self.__dict__.items()
                 if key not in _COPIED_FLAGS and key not in _TENSOR_STATE}
        return (_rebuild_subclass, (type(self), args, state))

    def __deepcopy__(self, memo):
        if self.grad_fn is not None:
            raise RuntimeError("Only Tensors created explicitly by the user (graph leaves) "
                               "support the deepcopy protocol at the moment.  If you were "
                               "attempting to deepcopy a module, this may be because of a "
                               "torch.nn.utils.weight_norm usage, see "
                               "https://github.com/pytorch/pytorch/pull/103001")
        if type(self) is Tensor:
            data, storage = _copied_storage_view(self, memo)
            out = type(self)._make(data, self._requires_grad)
            if storage is not None:  # a view's copy: over the whole copied storage, as torch's
                out.__dict__["_storage"] = storage
        else:
            out = self._deepcopy_subclass(memo)
        if self._grad is not None:
            out._grad = self._grad.__deepcopy__(memo)
        memo[id(self)] = out
        return out

    def _deepcopy_subclass(self, memo):
        """torch's copy of a subclass instance: ``new_empty`` must give the same class (its
        memory then holds a copy of the data), and the instance's attributes are deep-copied."""
        out = self.new_empty(())
        if type(out) is not type(self):
            raise RuntimeError(
                "The default implementation of __deepcopy__() for non-wrapper subclasses only "
                "works for subclass types that implement new_empty() and for which that "
                "function returns another instance of the same subclass. You should either "
                "properly implement new_empty() for your subclass or override __deepcopy__() "
                "if it is intended behavior for new_empty() to return an instance of a "
                "different type.")
        out._data, out._dtype, out._device = self._data.copy(), self._dtype, self._device
        out._vc, out._base, out.grad_fn, out._requires_grad = [0], None, None, self._requires_grad
        state = {}
        for key, value in self.__dict__.items():
            if key in _COPIED_FLAGS:
                out.__dict__[key] = value
            elif key not in _TENSOR_STATE:
                state[key] = value
        out.__dict__.update(__import__("copy").deepcopy(state, memo))
        return out

    def __dlpack__(self, stream=None, **kwargs):
        """Export the data through DLPack (zero-copy) for NumPy, CuPy, PyTorch, JAX..."""
        if self._requires_grad:
            raise RuntimeError("Can't export tensors that require gradient, use "
                               "tensor.detach()")
        if stream is not None:
            kwargs["stream"] = stream
        if self._dtype.name == "bfloat16" and type(self._data) is np.ndarray:
            from ._backend_dlpack import export_bfloat16
            return export_bfloat16(self._data, **kwargs)
        return self._data.__dlpack__(**kwargs)

    def __dlpack_device__(self):
        return self._data.__dlpack_device__()

    def __setstate__(self, state):
        pass


# A tensor's own flags a copy keeps, and the bookkeeping it does not (views, forward grads).
_COPIED_FLAGS = frozenset(("_is_conj", "_is_neg", "_inference", "_is_param"))
_TENSOR_STATE = frozenset(("_views", "_fw_grad", "_accumulator", "_backward_hooks",
                           "_post_acc_hooks", "_retains_grad", "_retain_hook", "_view_fn"))


def _check_lazy_bits(tensor, force):
    """numpy() of a lazily conjugated/negated view raises as PyTorch's does (its array would
    hold the resolved values but not share the source's memory)."""
    if force:
        return
    if tensor._is_conj:
        raise RuntimeError("Can't call numpy() on Tensor that has conjugate bit set. Use "
                           "tensor.resolve_conj().numpy() instead.")
    if tensor._is_neg:
        raise RuntimeError("Can't call numpy() on Tensor that has negative bit set. Use "
                           "tensor.resolve_neg().numpy() instead.")


def _check_numpy_dtype(tensor):
    """NumPy has no complex32, bfloat16 or float8 types: torch's numpy() refuses those tensors
    (ember keeps the last two in ml_dtypes' NumPy types, which torch's users never see)."""
    dtype = tensor._dtype
    if dtype is D.complex32:
        raise TypeError("Got unsupported ScalarType ComplexHalf")
    if dtype is D.bfloat16 or dtype in D.FLOAT8:
        name = "BFloat16" if dtype is D.bfloat16 else D._F8_LEGACY[dtype.name]
        raise TypeError(f"Got unsupported ScalarType {name}")


def _storage_view(tensor):
    """``(storage, offset, shape, strides)``: the flat memory under a strided view that is
    not its storage's plain row-major reading, the view's place in it and its element strides
    (torch pickles a tensor as its storage plus these), else None."""
    data = tensor._data
    if tensor._is_neg or tensor._is_conj or tensor._device.type == "meta" or \
            data.size == 0 or data.flags.c_contiguous and data.base is None:
        return None
    from .ops.strided import _storage
    flat, offset = _storage(tensor)
    strides = tuple(s // data.itemsize for s in data.strides)
    if offset == 0 and flat.size == data.size and strides == _row_major(data.shape):
        return None
    return flat, offset, data.shape, strides


def _row_major(shape):
    from ._memory_format import row_major
    return row_major(shape)


def _storage_root(tensor):
    """The tensor whose memory ``tensor`` shares: a view's base, a ``detach()`` alias's source
    (torch's alias is no view: its ``_base`` is None), else ``tensor`` itself."""
    root = tensor._base if tensor._base is not None else tensor
    return root.__dict__.get("_alias_of", root) if root.__dict__ else root


def _copied_storage_view(tensor, memo):
    """A copy of ``tensor``'s array for ``deepcopy``: a view with its strides and offset into
    a copy of its whole storage, made once per storage in a ``memo`` (views copied together
    share it, as in torch), and that storage as a flat array (None where the copy owns its
    memory)."""
    data = tensor._data
    if tensor._is_neg or tensor._is_conj or tensor._device.type == "meta" or data.size == 0:
        return data.copy(), None
    root = _storage_root(tensor)
    key = ("ember storage", id(root))
    kept = memo.get(key)
    if kept is None:
        if data.flags.c_contiguous and data.base is None:  # a tensor owning all its memory
            copied = data.copy()
            memo[key] = (root, copied.reshape(-1))
            return copied, None
        from .ops.strided import _storage
        kept = memo[key] = (root, _storage(tensor)[0].copy())
    if kept[1].dtype != data.dtype:  # (views of one storage as two dtypes)
        return data.copy(), None
    from .ops.strided import _storage
    return _viewed(kept[1], _storage(tensor)[1], data.shape,
                   tuple(s // data.itemsize for s in data.strides)), kept[1]


def _viewed(flat, offset, shape, strides):
    from ._backend import as_strided
    itemsize = flat.itemsize
    return as_strided(flat[offset:], shape, tuple(s * itemsize for s in strides),
                      writeable=True)


def _rebuild(arr, requires_grad, conj=False, view=None):
    storage = None
    if view is not None:  # arr is the storage; view its offset, shape and strides
        storage, arr = arr, _viewed(arr, *view)
    if conj:
        from ._conj import conjugated
        t = Tensor._make(conjugated(arr))
        t._is_conj = True
    else:
        t = Tensor._make(arr)
    if storage is not None:  # the whole storage, so the view keeps its offset, as in torch
        t.__dict__["_storage"] = storage
    t._requires_grad = requires_grad
    return t


def _rebuild_subclass(kind, args, state):
    tensor = _rebuild(*args)
    tensor.__class__ = kind
    tensor.__dict__.update(state)
    return tensor


def _host(arr):
    return arr if type(arr) is np.ndarray else arr.get()


def _int_arg(value, arg):
    """An integer argument given as anything with ``__index__``; TypeError for floats/strings."""
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"argument '{arg}' must be int, not {type(value).__name__}") from None


def _no_dimensions(dim):
    """The IndexError torch's ``size(dim)`` and ``stride(dim)`` raise on a 0-d tensor."""
    if type(dim) is not int:
        dim = _int_arg(dim, "dim")
    return IndexError(f"Dimension specified as {dim} but tensor has no dimensions")


def _wrap_dim(dim, ndim):
    """Turn a possibly negative dim into an index, with PyTorch's IndexError when out of range."""
    if type(dim) is not int:
        dim = _int_arg(dim, "dim")
    lo, hi = (-1, 0) if ndim == 0 else (-ndim, ndim - 1)
    if not lo <= dim <= hi:
        raise IndexError(f"Dimension out of range (expected to be in range of [{lo}, {hi}], but "
                         f"got {dim})")
    return dim % ndim if ndim else 0


# --- turning Python data into arrays -----------------------------------------------------------

def _string_data_error(data):
    """PyTorch reads a string as data the way its shape inference meets it: a string first
    element of a list is a dimension too many (ValueError), any other is a bad type."""
    first = data
    while isinstance(first, (list, tuple)) and first:
        first = first[0]
    if isinstance(first, str) and first is not data:
        return ValueError("too many dimensions 'str'")
    return TypeError("new(): invalid data type 'str'")


def _infer_dtype(data):
    """PyTorch's dtype for nested Python data: bool < int64 < default float < complex."""
    best = None
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, Tensor):
            d = x._dtype
        elif isinstance(x, np.ndarray):
            # arrays inside a list are read value by value: any byte order will do
            d = D.from_numpy_dtype(x.dtype.newbyteorder("="))
        elif isinstance(x, (bool, np.bool_)):
            d = D.bool_
        elif isinstance(x, (int, np.integer)):
            d = D.int64 if isinstance(x, int) else D.from_numpy_dtype(np.dtype(type(x)))
        elif isinstance(x, (float, np.floating)):
            d = D.get_default_dtype() if type(x) is float else \
                D.from_numpy_dtype(np.dtype(type(x)))
        elif isinstance(x, np.complexfloating):
            d = D.from_numpy_dtype(np.dtype(type(x)))
        elif isinstance(x, complex):
            d = D.complex64 if D.get_default_dtype() is not D.float64 else D.complex128
        elif isinstance(x, (list, tuple, range)):
            stack.extend(reversed(x))  # in order: a refused promotion names the first first
            continue
        elif isinstance(x, str):
            raise _string_data_error(data)
        elif isinstance(x, bytes):
            raise TypeError("new(): invalid data type 'bytes'")
        elif isinstance(x, np.generic):  # datetime64, void...: read as a 0-d array
            d = D.from_numpy_dtype(x.dtype)
        else:
            raise RuntimeError(f"Could not infer dtype of {type(x).__name__}")
        # each element's type promotes with the others' as torch's promote_types does (an
        # int8 and an int16 give int16, an int and a uint32 are its RuntimeError)
        best = d if best is None else D.promote_types(best, d)
    return D.get_default_dtype() if best is None else best


def _to_array(data, dtype=None):
    """A fresh array holding ``data`` (nested lists, scalars, arrays, tensors) as ``dtype``."""
    if isinstance(data, Tensor):
        arr = _host(data._data)
        if dtype is D.complex32 or arr.dtype == D.COMPLEX32_NP:
            return D.cast(arr, dtype or data._dtype)
        if dtype is not None and arr.dtype != dtype.np:
            return D.cast(arr, dtype)  # (torch's warning where a complex one turns real)
        return arr.copy()
    if isinstance(data, np.ndarray):
        if dtype is None:
            dtype = D.from_numpy_dtype(data.dtype)
        if dtype is D.complex32:
            return D.to_complex32(data)
        if data.dtype.kind == "c" and dtype.category != D._COMPLEX:
            return D.cast(data, dtype)
        return np.array(data, dtype=dtype.np, copy=True)
    if isinstance(data, (list, tuple)) and not _warned_array_list[0] and \
            _contains(data, np.ndarray):
        _warned_array_list[0] = True
        warnings.warn("Creating a tensor from a list of numpy.ndarrays is extremely slow. "
                      "Please consider converting the list to a single numpy.ndarray with "
                      "numpy.array() before converting to a tensor.", UserWarning,
                      stacklevel=_user_stacklevel())
    # (without a dtype, _infer_dtype refuses a None in the data itself)
    given = dtype is not None
    if dtype is None:
        dtype = _infer_dtype(data)
    if isinstance(data, (list, tuple)) and _contains(data, Tensor):
        data = _tensors_to_lists(data)
    if dtype.category == D._INT:
        checked = _checked_integers(data, dtype)
        if checked is not None:
            return checked
    elif dtype is D.bool_ and not isinstance(data, (bool, int)):
        _check_integer_leaves(data, False, bool_target=True)
    if data is None:
        raise _none_error(dtype)
    if dtype in D.FLOAT8:
        return D.to_float8(np.array(data, dtype=np.float64), dtype)
    if dtype is D.complex32:
        return D.to_complex32(np.array(data, dtype=np.complex128))
    try:
        # a float beyond the dtype's range becomes inf, silently as in torch
        with np.errstate(over="ignore"):
            arr = np.array(data, dtype=dtype.np)
    except OverflowError:
        if dtype is D.int64:
            raise ValueError("Overflow when unpacking long long") from None
        raise RuntimeError(f"value cannot be converted to type {dtype.np.name} without "
                           "overflow") from None
    except (ValueError, TypeError) as exc:
        if dtype.category <= D._INT and not isinstance(data, (list, tuple)) and \
                isinstance(data, float):
            raise RuntimeError(f"value cannot be converted to type {dtype.np.name} without "
                               "overflow") from None
        if isinstance(data, (list, tuple)) and _contains(data, type(None)):
            raise _none_error(dtype) from None
        if isinstance(data, (list, tuple)):
            raise _nested_data_error(data, dtype) or ValueError(
                f"expected sequence of equal-length lists or scalars: {exc}") from None
        if isinstance(data, complex):  # as for a complex number inside a list
            raise TypeError("'complex' object cannot be interpreted as an integer"
                            if dtype.category <= D._INT else
                            "must be real number, not complex") from None
        raise TypeError(f"new(): invalid data type '{type(data).__name__}'") from None
    if arr.dtype == object:
        raise TypeError("new(): invalid data type")
    # NumPy reads None as NaN (False in bool) under a given dtype: looked for only where it may
    # have hidden one
    if given and isinstance(data, (list, tuple)) and (
            arr.dtype.kind == "b" or arr.dtype.kind in "fc" and np.isnan(arr).any()) and \
            _contains(data, type(None)):
        raise _none_error(dtype)
    return arr


def _none_error(dtype):
    """torch's refusal of a None among the data of a tensor of ``dtype``."""
    return TypeError("must be real number, not NoneType" if dtype.category >= D._FLOAT
                     else "'NoneType' object cannot be interpreted as an integer")


def _checked_integers(data, dtype):
    """Python numbers as integer ``dtype``, range-checked as PyTorch checks them.

    Floats must lie within the dtype's range (then truncate); ints may also reach down to the
    negated maximum of an unsigned type, so -2 becomes 254 in uint8. None when ``data`` is not
    all numbers.
    """
    try:
        values = np.array(data)
    except (ValueError, TypeError, OverflowError):
        return None
    if dtype.np == np.uint64 or values.dtype.kind in "fcbmM":
        _check_integer_leaves(data, dtype.np == np.uint64)
    if dtype.np == np.uint64:
        return _checked_uint64(data, values)
    # (Python ints past int64's range make NumPy's array uint64 or object; NumPy's own uint8,
    # uint16 and uint32 scalars are numbers torch takes, and its uint64 ones up to int64's max)
    if values.dtype == np.uint64 and (values > np.iinfo(np.int64).max).any() or \
            values.dtype == object and _has_big_int(data):
        raise ValueError("Overflow when unpacking long long")
    if values.dtype.kind not in "biuf":
        return None
    info = np.iinfo(dtype.np)
    low = info.min if values.dtype.kind == "f" or info.min < 0 else -int(info.max)
    with np.errstate(invalid="ignore"):
        bad = ~((values >= low) & (values <= info.max))
    if bad.any():
        raise RuntimeError(f"value cannot be converted to type {dtype.np.name} without overflow")
    return values.astype(dtype.np)


def _check_integer_leaves(data, unsigned64, bool_target=False):
    """torch's parser reads each number of the data of an integer tensor as an index: a NumPy
    float, bool or date scalar (an array inside a list is read value by value) is its TypeError,
    where NumPy would truncate; for uint64 anything but a Python int or bool is. A bool tensor
    takes NumPy bools, and refuses NumPy floats and complex numbers as well."""
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, (list, tuple)):
            stack.extend(x)
            continue
        if isinstance(x, np.ndarray):
            if not x.size or not unsigned64 and x.dtype.kind not in ("fcmM" if bool_target
                                                                     else "fcbmM"):
                continue
            x = x.reshape(-1)[0]
        if unsigned64 and not isinstance(x, int):
            raise TypeError("an integer is required")
        if bool_target and isinstance(x, np.complexfloating) and not isinstance(x, complex) or \
                isinstance(x, (np.floating, np.datetime64, np.timedelta64)
                           if bool_target else
                           (np.floating, np.bool_, np.datetime64, np.timedelta64)) and \
                not isinstance(x, float):
            raise TypeError(f"'numpy.{type(x).__name__}' object cannot be interpreted as an "
                            "integer")


def _checked_uint64(data, values):
    """Python numbers as uint64, which (unlike the other integer types) takes ints up to
    2**64 - 1, no negative int and, as torch's parser, no float."""
    if values.dtype == object:
        raise OverflowError("int too big to convert")
    if values.dtype.kind not in "biuf":
        return None
    if values.dtype.kind == "i" and (values < 0).any():
        raise OverflowError("can't convert negative int to unsigned")
    if values.dtype.kind == "f" and values.size:
        leaves = _leaves(data)
        if not all(isinstance(v, int) for v in leaves):
            raise TypeError("an integer is required")
        if any(v < 0 for v in leaves):   # NumPy made floats of ints past int64's range
            raise OverflowError("can't convert negative int to unsigned")
        return np.array(data, dtype=np.uint64)
    return values.astype(np.uint64)


def _leaves(data):
    stack, out = [data], []
    while stack:
        x = stack.pop()
        if isinstance(x, (list, tuple)):
            stack.extend(x)
        else:
            out.append(x)
    return out


def _has_big_int(data):
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, (list, tuple)):
            stack.extend(x)
        elif isinstance(x, int) and not -2**63 <= x < 2**63:
            return True
    return False


def _nested_data_error(data, dtype):
    """PyTorch's error for nested data that does not make a ``dtype`` tensor, found as it reads
    the data depth first: a sequence of another length than its first sibling's, a number
    where a sequence belongs, a sequence or a complex number where a number of ``dtype``
    belongs."""
    message = _ragged_message(data)
    if message is not None:
        return ValueError(message)
    depth = 0
    probe = data
    while isinstance(probe, (list, tuple)) and probe:
        depth += 1
        probe = probe[0]

    def scalar_error(item):
        name = type(item).__name__
        if dtype.category <= D._INT:
            return TypeError(f"'{name}' object cannot be interpreted as an integer")
        return TypeError(f"must be real number, not {name}")

    def walk(seq, level):
        for item in seq:
            if level + 1 < depth:
                if not isinstance(item, (list, tuple)):
                    return TypeError("not a sequence")
                found = walk(item, level + 1)
                if found is not None:
                    return found
            elif isinstance(item, (list, tuple)) or \
                    isinstance(item, complex) and dtype.category != D._COMPLEX:
                return scalar_error(item)
        return None
    return walk(data, 0)


def _ragged_message(data):
    """PyTorch's message for nested lists of unequal lengths (shape taken from first items)."""
    shape = []
    probe = data
    while isinstance(probe, (list, tuple)):
        shape.append(len(probe))
        probe = probe[0] if probe else None
    stack = [(data, 0)]
    while stack:
        seq, dim = stack.pop()
        if len(seq) != shape[dim]:
            return f"expected sequence of length {shape[dim]} at dim {dim} (got {len(seq)})"
        if dim + 1 < len(shape):
            stack.extend((item, dim + 1) for item in reversed(seq)
                         if isinstance(item, (list, tuple)))
    return None


_warned_array_list = [False]  # torch gives the list-of-arrays warning once a process




def _refuse_negative_strides(array):
    """torch cannot describe a NumPy array that steps backwards; it asks for a copy. Nor one
    stored in the other byte order (a big-endian file read with ``>f8``)."""
    if not array.dtype.isnative:
        raise ValueError("given numpy array has byte order different from the native byte "
                         "order. Conversion between byte orders is currently not supported.")
    if any(step < 0 for step in array.strides):
        raise ValueError("At least one stride in the given numpy array is negative, and tensors "
                         "with negative strides are not currently supported. (You can probably "
                         "work around this by making a copy of your array  with array.copy().) ")


def _contains(data, kind):
    """Whether a (nested) list or tuple holds an instance of ``kind`` anywhere."""
    for x in data:
        if isinstance(x, kind):
            return True
        if isinstance(x, (list, tuple)) and _contains(x, kind):
            return True
    return False


_SCALAR_OF_GRAD_WARNED = []


def _warn_scalar_of_grad():
    """torch's warning for reading a number out of a tensor that requires grad, at the user's
    line (only while grad mode is on: under no_grad, as in an optimizer's step, torch is
    silent), once per process as torch's (a training loop printing ``%f`` of such tensors
    warns once, not at each line and step)."""
    if _SCALAR_OF_GRAD_WARNED:
        return
    _SCALAR_OF_GRAD_WARNED.append(True)
    from ._deprecated import _user_stacklevel
    warnings.warn("Converting a tensor with requires_grad=True to a scalar may lead to "
                  "unexpected behavior.\nConsider using tensor.detach() first.", UserWarning,
                  stacklevel=_user_stacklevel())


def _tensors_to_lists(data):
    """Nested data with each tensor in it read as a Python number, as torch's constructor reads
    it: one element (of any shape), else torch's ValueError (torch.stack joins tensors)."""
    out = []
    for x in data:
        if isinstance(x, Tensor):
            if x._data.size != 1:
                raise ValueError("only one element tensors can be converted to Python scalars")
            if x._requires_grad and _grad_state.enabled:
                _warn_scalar_of_grad()
            out.append(_host(x._data).reshape(()).item())
        elif isinstance(x, (list, tuple)):
            out.append(_tensors_to_lists(x))
        else:
            out.append(x)
    return out


def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """A new tensor holding a copy of ``data``.

    The dtype is inferred as PyTorch infers it: Python floats give the default dtype (float32),
    ints give int64, bools give bool; NumPy arrays keep their dtype.

    Args:
        data: a number, a (nested) list or tuple, or a NumPy array.
        dtype: the element type, e.g. ``ember.float64`` (default: inferred).
        device: where the tensor lives (default: the CPU).
        requires_grad: record operations on the result for autograd.
        pin_memory: accepted for compatibility; has no effect.

    Returns:
        A new Tensor; it never shares memory with ``data``.

    Example:
        >>> ember.tensor([[1, 2], [3, 4]])
        tensor([[1, 2],
                [3, 4]])
        >>> ember.tensor([1.5, 2.0], requires_grad=True)
        tensor([1.5000, 2.0000], requires_grad=True)
        >>> ember.tensor(1, dtype=ember.float64)
        tensor(1., dtype=ember.float64)
    """
    if isinstance(data, Tensor):
        warnings.warn(
            "To copy construct from a tensor, it is recommended to use sourceTensor.detach()."
            "clone() or sourceTensor.detach().clone().requires_grad_(True), rather than "
            "ember.tensor(sourceTensor).", UserWarning, stacklevel=_user_stacklevel())
    if dtype is not None:
        D.check_dtype_argument(dtype, "tensor")
    dt = None if dtype is None else D.as_dtype(dtype)
    if isinstance(data, np.ndarray):
        _refuse_negative_strides(data)
    arr = _to_array(data, dt)
    dev = as_device(device)
    if dev.type != "cpu":
        arr = xp_for(dev).asarray(arr)
    if isinstance(data, Tensor) and arr.size:
        # torch copies a tensor as clone() does: its strides when it is dense, else dense ones
        # in its stride order (NumPy's copy gave a one-channel channels-last batch row-major
        # channel strides and a broadcast input its zero-stride dim fastest)
        from ._memory_format import preserved_strides, with_strides
        source = data._data
        arr = with_strides(arr, preserved_strides(
            source.shape, tuple(s // source.itemsize for s in source.strides)))
    elif not arr.size:
        # an empty copy keeps a tensor's strides (torch counts it dense); a new one is row-major
        from ._memory_format import element_strides, restrided, torch_strided_empty
        arr = restrided(arr, element_strides(data._data)) if isinstance(data, Tensor) else \
            torch_strided_empty(arr)
    t = Tensor._make(arr)
    if requires_grad:
        _factory_requires_grad(t)
    return t


def _factory_requires_grad(t):
    """requires_grad=True given to a factory: PyTorch's capitalised message for int dtypes."""
    if t._dtype.category < D._FLOAT:
        raise RuntimeError("Only Tensors of floating point and complex dtype can require "
                           "gradients")
    t._requires_grad = True


def as_tensor(data, dtype=None, device=None):
    """Like ``tensor`` but shares memory with an ndarray or tensor when nothing must change."""
    dt = None if dtype is None else D.as_dtype(dtype)
    dev = None if device is None else as_device(device)
    if isinstance(data, Tensor):
        out = data
        if dt is not None and dt is not data._dtype:
            out = out.to(dt)
        if dev is not None and dev != data._device:
            out = out.to(dev)
        return out
    if isinstance(data, np.ndarray):
        _refuse_negative_strides(data)
    if isinstance(data, np.ndarray) and (dt is None or dt.np == data.dtype) and \
            (dev is None or dev.type == "cpu"):
        D.from_numpy_dtype(data.dtype)
        if not data.flags.writeable:
            _warn_not_writable()
        return Tensor._make(data)
    return tensor(data, dtype=dt, device=dev)


def from_dlpack(ext_tensor, *, device=None, copy=None):
    """A tensor sharing memory with any DLPack-exporting array (NumPy, CuPy, torch, JAX...) or
    a "dltensor" capsule (``to_dlpack``'s), on the device (and index) the producer names.

    Args:
        ext_tensor: the array, or a capsule.
        device (ember.device or str, optional): the device to put the result on; a copy when
            it is not the array's.
        copy (bool, optional): True always copies (in C order), False never does; None (the
            default) copies only to change device. Neither this nor ``device`` may be given
            with a capsule.

    Example:
        >>> import numpy as np
        >>> a = np.array([1.0, 2.0])
        >>> shared, copied = ember.from_dlpack(a), ember.from_dlpack(a, copy=True)
        >>> a[0] = 7.0
        >>> shared, copied
        (tensor([7., 2.], dtype=ember.float64), tensor([1., 2.], dtype=ember.float64))
    """
    from ._backend_dlpack import import_array
    from ._device import device as device_cls
    if isinstance(copy, str):
        raise ValueError("strings are not allowed for 'copy' keyword. Use True/False/None "
                         "instead.")
    if (device is not None or copy is not None) and type(ext_tensor).__name__ == "PyCapsule":
        raise AssertionError("device and copy kwargs not supported when ext_tensor is already "
                             "a DLPack capsule.")
    if device is not None and not isinstance(device, (str, device_cls)):
        raise AssertionError(f"from_dlpack: unsupported device type: {type(device)}")
    arr = import_array(ext_tensor)
    D.from_numpy_dtype(arr.dtype)
    result = Tensor._make(arr)
    if device is not None and as_device(device) != result.device:
        if as_device(device).type == "meta":
            raise BufferError("Cannot pack tensors on meta")
        if copy is False:
            raise BufferError(f"from_dlpack: moving to {device} needs a copy, and copy=False "
                              f"forbids one")
        return result.to(device)
    if copy:
        return Tensor._make(arr.copy())
    return result


def from_numpy(array):
    """A tensor that shares memory with a NumPy array: changes to one show in the other.

    Args:
        array: a numpy.ndarray of a dtype ember supports.

    Returns:
        A Tensor with the array's dtype and shape.

    Raises:
        TypeError: ``array`` is not an ndarray, or its dtype has no ember counterpart.

    Example:
        >>> import numpy as np
        >>> a = np.array([1.0, 2.0])
        >>> t = ember.from_numpy(a)
        >>> a[1] = 7.0
        >>> t
        tensor([1., 7.], dtype=ember.float64)
    """
    if not isinstance(array, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(array).__name__})")
    _refuse_negative_strides(array)
    D.from_numpy_dtype(array.dtype)
    if not array.flags.writeable:
        _warn_not_writable()
    return Tensor._make(array)


def _warn_not_writable():
    """torch's once-per-program warning for a tensor sharing a read-only array."""
    from ._deprecated import warn_once
    warn_once("array_not_writable",
              "The given NumPy array is not writable, and PyTorch does not support non-writable "
              "tensors. This means writing to this tensor will result in undefined behavior. "
              "You may want to copy the array to protect its data or make it writable before "
              "converting it to a tensor. This type of warning will be suppressed for the rest "
              "of this program.")
