"""Tensor attributes and top-level names torch has beside its ops: ``Tensor.grad_dtype`` (the
dtype a leaf's gradient is kept in), ``Tensor.name``, ``Tensor.storage_type()``, the sparse
products as Tensor methods (``smm``, ``sspaddmm``), and the aliases ``Storage``,
``legacy_contiguous_format``.
"""
from __future__ import annotations

from . import _dtype as D
from ._deprecated import warn_once
from ._tensor import Tensor

ANY_DTYPE = "any"  # Tensor._grad_dtype when the user allowed gradients of every dtype


def _grad_dtype_get(self):
    if self.grad_fn is not None:
        raise RuntimeError("grad_dtype can only be accessed on leaf tensors.")
    wanted = self._grad_dtype
    return None if wanted == ANY_DTYPE else self._dtype if wanted is None else wanted


def _grad_dtype_set(self, value):
    if self.grad_fn is not None:
        raise RuntimeError("grad_dtype can only be set on leaf tensors.")
    if value is not None and not isinstance(value, D.dtype):
        raise RuntimeError(f"grad_dtype must be a torch.dtype or None, but got "
                           f"{type(value).__name__}")
    self._grad_dtype = ANY_DTYPE if value is None else value


# C++'s names of the element types, which torch's gradient-dtype error prints.
_CPP_NAMES = {"float32": "float", "float64": "double", "float16": "c10::Half",
              "bfloat16": "c10::BFloat16", "complex64": "c10::complex<float>",
              "complex128": "c10::complex<double>", "int64": "long int", "int32": "int",
              "int16": "short int", "int8": "signed char", "uint8": "unsigned char",
              "bool": "bool"}


def check_grad_dtype(tensor, grad):
    """Raise torch's error when ``grad`` may not be ``tensor``'s gradient by its dtype."""
    wanted = tensor._grad_dtype
    if wanted == ANY_DTYPE:
        return
    wanted = tensor._dtype if wanted is None else wanted
    if grad._dtype is not wanted:
        raise RuntimeError(
            f"attempting to assign a gradient with dtype "
            f"'{_CPP_NAMES.get(grad._dtype.name, grad._dtype.name)}' to a tensor with "
            f"grad_dtype '{wanted._legacy[:-6]}'. The gradient must match the tensor's "
            f"grad_dtype (defaults to the tensor's dtype). You can set the tensor's grad_dtype "
            f"attribute with a specific dtype, or None to allow any dtype. Set grad_dtype with "
            f"caution. Diverging the dtypes of a tensor and its gradient may break downstream "
            f"systems that assume they match.")


def _storage_type(self):
    """The legacy storage class of this tensor's dtype (``ember.FloatStorage``...); warns that
    typed storages are deprecated, as torch does.

    Example:
        >>> import warnings
        >>> warnings.simplefilter("ignore")
        >>> ember.ones(2, dtype=ember.int64).storage_type()
        <class 'ember.LongStorage'>
    """
    if self.is_sparse:
        raise NotImplementedError("Cannot access storage of SparseTensorImpl")
    from ._storage import _TYPED_WARNING, LEGACY
    warn_once("typed_storage", _TYPED_WARNING)
    return LEGACY[self._dtype._legacy.replace("Tensor", "Storage")]


def _smm(self, mat):
    """``self @ mat`` (sparse times dense) as a sparse tensor of the rows where ``self`` has
    entries; see ``ember.smm``.

    Args:
        mat (Tensor): a 2-D dense matrix.

    Example:
        >>> s = ember.tensor([[0.0, 2.0], [0.0, 0.0]]).to_sparse()
        >>> s.smm(ember.tensor([[1.0, 2.0], [3.0, 4.0]])).to_dense()
        tensor([[6., 8.],
                [0., 0.]])
    """
    from .sparse._coo import smm
    return smm(self, mat)


def _sspaddmm(self, mat1, mat2, *, beta=1, alpha=1):
    """``beta * self + alpha * (mat1 @ mat2)`` with ``self`` and ``mat1`` sparse, as a sparse
    tensor; see ``ember.sspaddmm``.

    Args:
        mat1 (Tensor): a 2-D sparse matrix.
        mat2 (Tensor): a 2-D dense matrix.
        beta (Number): the factor of ``self``.
        alpha (Number): the factor of the product.

    Example:
        >>> s = ember.tensor([[0.0, 2.0], [0.0, 0.0]]).to_sparse()
        >>> s.sspaddmm(s, ember.ones(2, 2), beta=3).to_dense()
        tensor([[2., 8.],
                [0., 0.]])
    """
    from .sparse._coo import sspaddmm
    return sspaddmm(self, mat1, mat2, beta=beta, alpha=alpha)


Tensor._grad_dtype = None  # the tensor's own dtype, until set
Tensor.grad_dtype = property(_grad_dtype_get, _grad_dtype_set, doc="""The dtype ``.grad`` of
this leaf is kept in: the tensor's dtype unless set; gradients reaching the leaf are cast to
it, and ``None`` allows any dtype.

Example:
    >>> x = ember.tensor([1.0, 2.0], requires_grad=True)
    >>> x.grad_dtype
    ember.float32
    >>> x.grad_dtype = ember.float64
    >>> (x * 3).sum().backward()
    >>> x.grad
    tensor([3., 3.], dtype=ember.float64)
""")
Tensor.name = property(lambda self: None, doc="""The tensor's name: ``None`` (named
tensors, the experimental API that sets it, are not built).""")
Tensor.storage_type = _storage_type
Tensor.smm = _smm
Tensor.sspaddmm = _sspaddmm

SPARSE_PRODUCTS = {"smm": "smm", "hspmm": "hspmm", "hsmm": "hspmm", "dsmm": "dsmm",
                   "sspaddmm": "sspaddmm", "saddmm": "sspaddmm"}
