"""The rest of ``torch.sparse``'s names: the invariant-check switch, the legacy sparse tensor
types, the gradcheck decorator for sparse functions, and the ops that torch's CPU build runs
only on layouts or devices ember does not have (CSR, cuDSS, 2:4 semi-structured)."""
from __future__ import annotations

from .. import _dtype as D
from .._deprecated import warn_once

# ``None`` until a program opts in or out; torch warns once while it has not.
_CHECK_STATE = {"enabled": None}

_INVARIANTS_WARNING = (
    "Sparse invariant checks are implicitly disabled. Memory errors (e.g. SEGFAULT) will occur "
    "when operating on a sparse tensor which violates the invariants, but checks incur "
    "performance overhead. To silence this warning, explicitly opt in or out. See "
    "`ember.sparse.check_sparse_tensor_invariants.__doc__` for guidance. ")


def warn_if_implicit(check_invariants):
    """torch's once-per-process warning when a sparse tensor is built with the invariant checks
    neither asked for nor switched off. ember checks every COO tensor's indices against its
    size whatever the switch says (a bad index is an error, never a memory fault), so the
    switch changes only this warning."""
    if check_invariants is None and _CHECK_STATE["enabled"] is None:
        warn_once("sparse_invariants", _INVARIANTS_WARNING)


class check_sparse_tensor_invariants:
    """Switch on (or off) the checks of sparse tensors' invariants in their constructors, as a
    context manager, a decorator, or globally with ``enable()``/``disable()``.

    The invariants of a COO tensor: every index non-negative and below its dimension's size.
    ember checks them in every constructor (a violation raises ``RuntimeError`` naming the dim
    and index), so the switch here records the program's choice, restores it on exit, and
    silences the once-per-process warning torch gives while no choice was made.

    Args:
        enable (bool): the state inside the context or the decorated function. Default: True.

    Example:
        >>> with ember.sparse.check_sparse_tensor_invariants():
        ...     print(ember.sparse.check_sparse_tensor_invariants.is_enabled())
        True
        >>> ember.sparse.check_sparse_tensor_invariants.is_enabled()
        False
    """

    @staticmethod
    def is_enabled():
        """Whether sparse constructors check invariants by default (False until enabled)."""
        return bool(_CHECK_STATE["enabled"])

    @staticmethod
    def enable():
        """Check sparse tensors' invariants in their constructors from now on."""
        _CHECK_STATE["enabled"] = True

    @staticmethod
    def disable():
        """Stop asking for invariant checks (an explicit choice: no warning follows)."""
        _CHECK_STATE["enabled"] = False

    def __init__(self, enable=True):
        self.state = enable
        self.saved_state = None

    def __enter__(self):
        if self.saved_state is not None:
            raise RuntimeError("This context manager instance is already activated. Use a "
                               "different context manager instance for context nesting.")
        self.saved_state = self.is_enabled()
        _CHECK_STATE["enabled"] = bool(self.state)

    def __exit__(self, type, value, traceback):
        _CHECK_STATE["enabled"] = self.saved_state
        self.saved_state = None

    def __call__(self, mth):
        # torch's wrapper is named test_mth and does not copy the wrapped function's name.
        def test_mth(*args, **kwargs):
            with type(self)(self.state):
                return mth(*args, **kwargs)
        return test_mth


def as_sparse_gradcheck(gradcheck):
    """Wrap ``gradcheck`` so that it checks functions taking or returning sparse tensors.

    Each sparse input that requires grad is handed to ``gradcheck`` as a dense tensor, and
    rebuilt as a COO tensor inside the checked function: with every element specified (zeros
    too) by default, or only its own specified elements with ``masked=True``. Sparse outputs
    are compared densely. So ``gradcheck`` itself sees strided tensors only.

    Args:
        gradcheck (callable): ``ember.autograd.gradcheck`` or a ``functools.partial`` of it.

    Returns:
        callable: ``gradcheck_with_sparse_support(func, inputs, *, masked=False, **kwargs)``.

    Example:
        >>> gradcheck = ember.sparse.as_sparse_gradcheck(ember.autograd.gradcheck)
        >>> x = ember.tensor([[0., 1.], [2., 3.]], dtype=ember.float64).to_sparse()
        >>> gradcheck(lambda x: x.to_dense() * 2, (x.requires_grad_(),))
        True
    """
    import ember

    def to_sparse_again(dense, indices, shape):
        values = dense[tuple(indices)]
        return ember.sparse_coo_tensor(indices, values, shape, check_invariants=False)

    def gradcheck_with_sparse_support(func, inputs, **kwargs):
        masked = kwargs.pop("masked", False)
        single = not isinstance(inputs, (list, tuple))
        inputs = (inputs,) if single else tuple(inputs)
        patterns = {}
        strided = []
        for position, value in enumerate(inputs):
            if isinstance(value, ember.Tensor) and value.is_sparse and value.requires_grad:
                shape = tuple(value.shape)
                if masked:
                    indices = value.detach().coalesce()._indices()
                else:
                    indices = ember.ones(shape, dtype=ember.bool).nonzero().T
                patterns[position] = (indices, shape)
                value = value.detach().to_dense().requires_grad_()
            strided.append(value)

        def dense_func(*args):
            args = [to_sparse_again(arg, *patterns[i]) if i in patterns else arg
                    for i, arg in enumerate(args)]
            result = func(*args)
            if isinstance(result, (list, tuple)):
                return type(result)(r.to_dense() if getattr(r, "is_sparse", False) else r
                                    for r in result)
            return result.to_dense() if getattr(result, "is_sparse", False) else result

        return gradcheck(dense_func, tuple(strided), masked=masked, **kwargs)

    return gradcheck_with_sparse_support


def sparse_rebuilder(sparse, masked):
    """For gradcheck: a function of a dense tensor of ``sparse``'s shape that gives the tensor
    of ``sparse``'s layout holding the dense tensor's values at ``sparse``'s stored places
    (``masked``), or at every place (for a block layout, every block). Like a sparse leaf, it
    has the dense tensor as its dense path: mm and matmul hand it their dense gradient, which
    a masked check then finds outside the stored places, as torch's does."""
    import numpy as np

    import ember

    from ._compressed import CompressedTensor, _layout_order
    from ._coo import SparseTensor, _carry_path, _dense_stand_in
    shape = tuple(sparse.shape)
    if not isinstance(sparse, CompressedTensor):
        sparse_dim = sparse.sparse_dim()
        indices = sparse.detach().coalesce()._indices() if masked else \
            ember.ones(shape[:sparse_dim], dtype=ember.bool,
                       device=sparse.device).nonzero().T.contiguous()
        return lambda dense: _carry_path(
            SparseTensor._build(indices, dense[tuple(indices)], shape, True),
            _dense_stand_in(dense, "ToSparseBackward0"))
    cls, (rows, cols) = sparse._sparse_class, sparse._blocksize
    if masked:
        pattern = sparse._sparse_indices
    else:
        grid = np.indices((shape[0] // rows, shape[1] // cols)).reshape(2, -1)
        every = ember.tensor(grid.astype(np.int64), device=sparse.device)
        order = _layout_order(every, cls._axis)
        pattern = every if order is None else every[:, ember.tensor(order)]

    def rebuilt(dense):
        if cls._blocked:
            tiles = dense.reshape(shape[0] // rows, rows, shape[1] // cols, cols).transpose(1, 2)
            values = tiles[pattern[0], pattern[1]]
        else:
            values = dense[pattern[0], pattern[1]]
        out = cls._of(pattern, values, shape)
        out._index_dtype = sparse._index_dtype
        return _carry_path(out, _dense_stand_in(dense, "ToSparseBackward0"))
    return rebuilt


def _not_on_cpu(op, tensor):
    """torch's NotImplementedError for an op its CPU build has no kernel for on this layout."""
    # torch's dispatch keys: SparseCPU for COO, SparseCsrCPU for the four compressed layouts
    layout = tensor.layout._name
    prefix = "Sparse" if layout == "sparse_coo" else "" if layout == "strided" else "SparseCsr"
    backend = prefix + tensor.device.type.upper()
    raise NotImplementedError(f"Could not run 'aten::{op}' with arguments from the '{backend}' "
                              f"backend.")


def sampled_addmm(input, mat1, mat2, *, beta=1.0, alpha=1.0, out=None):
    """``alpha * (mat1 @ mat2) * spy(input) + beta * input``: the dense product sampled at the
    specified elements of a sparse CSR ``input`` (an SDDMM), as a CSR tensor of the same
    pattern. Only the sampled dot products are computed: value k at (i, j) is
    ``beta * input_k + alpha * <mat1[i], mat2[:, j]>``; gradients reach input's values, mat1
    and mat2 (``SparseSampledAddmmBackward0``). For COO and strided inputs torch's CPU build has
    no kernel and raises ``NotImplementedError``, as ember does.

    Args:
        input (Tensor): the sparse CSR (m, n) matrix.
        mat1 (Tensor): dense (m, k).
        mat2 (Tensor): dense (k, n).
        beta (Number, optional): multiplier of ``input``. Default: 1.
        alpha (Number, optional): multiplier of the sampled product. Default: 1.
        out (Tensor, optional): refused unless sparse CSR, as torch's.

    Returns:
        Tensor: sparse CSR (m, n) with ``input``'s pattern.

    Example:
        >>> a = ember.tensor([[1.0, 0.0], [0.0, 2.0]]).to_sparse_csr()
        >>> ember.sparse.sampled_addmm(a, ember.ones(2, 3), ember.ones(3, 2)).values()
        tensor([4., 5.])
    """
    from .._tensor import Tensor
    from ..ops._registry import type_name
    from ._coo import strided
    from ._compressed import sparse_csr
    kind = getattr(input, "_kind", None)
    if kind in ("SparseBsr", "SparseBsc"):
        raise RuntimeError(f"empty_sparse_compressed expected sparse compressed (non-block) "
                           f"tensor layout but got {kind}")
    if kind == "SparseCsc":
        raise RuntimeError("sampled_addmm: Expected result to have sparse csr layout, but got "
                           "SparseCsc")
    if getattr(input, "layout", None) is not sparse_csr:
        _not_on_cpu("sparse_sampled_addmm", input)
    for name, mat in (("mat1", mat1), ("mat2", mat2)):
        if not isinstance(mat, Tensor) or getattr(mat, "is_sparse", False) or \
                mat.layout is not strided:
            layout = "SparseCsr" if getattr(mat, "layout", None) is sparse_csr else "Sparse"
            raise RuntimeError(f"sampled_addmm: Expected {name} to have strided layout, but got "
                               f"{layout}")
        if mat.dim() != 2:
            raise RuntimeError(f"sampled_addmm: Expected {name} to be a matrix, got "
                               f"{mat.dim()}-D tensor")
    if input.dim() != 2:
        raise NotImplementedError("sampled_addmm: ember's sparse CSR tensors are 2-D; a batch "
                                  "of them is not supported")
    if mat1.dtype is not mat2.dtype:
        raise RuntimeError(f"sampled_addmm: Expected mat1 and mat2 to have the same dtype, but "
                           f"got {type_name(mat1.dtype)} and {type_name(mat2.dtype)}")
    if mat1.dtype is not input.dtype:
        raise RuntimeError(f"sampled_addmm: Expected mat1 and self to have the same dtype, but "
                           f"got {type_name(mat1.dtype)} and {type_name(input.dtype)}")
    if not (input.dtype.is_floating_point or input.dtype.is_complex):
        raise RuntimeError(f"sparse_sampled_addmm: Expected self to be a floating-point or "
                           f"complex tensor, but got {type_name(input.dtype)}")
    (m, k), (k2, n) = mat1.shape, mat2.shape
    if k != k2:
        raise RuntimeError(f"sampled_addmm: mat1 and mat2 shapes cannot be multiplied "
                           f"({m}x{k} and {k2}x{n})")
    if input.shape[-2] != m:
        raise RuntimeError("sampled_addmm: self.shape[-2] must match mat1.shape[-2]")
    if input.shape[-1] != n:
        raise RuntimeError("sampled_addmm: self.shape[-1] must match mat2.shape[-1]")
    if out is not None and getattr(out, "layout", None) is not sparse_csr:
        layout = "Strided" if getattr(out, "layout", None) is strided else "Sparse"
        raise RuntimeError(f"sampled_addmm: Expected result to have sparse csr layout, but got "
                           f"{layout}")
    rows, cols = input._sparse_indices[0], input._sparse_indices[1]
    sampled = (mat1.index_select(0, rows) * mat2.t().index_select(0, cols)).sum(-1)
    values = input._sparse_values
    # beta = 0 ignores input's values (inf and nan too) and gives them a zero gradient
    kept = values * beta if beta != 0 else values.masked_fill(
        values.new_ones(values.shape, dtype=D.bool_), 0)
    values = kept + sampled * alpha
    result = input._with_values(values, "SparseSampledAddmmBackward0")
    if out is not None:
        out._sparse_indices, out._sparse_values = result._sparse_indices, result._sparse_values
        out._sparse_shape = result._sparse_shape
        return out
    return result


def spsolve(input, other, *, left=True):
    """The solution ``x`` of ``input @ x = other`` for a sparse CSR ``input``. torch solves it
    only on CUDA with cuDSS; its CPU build raises ``NotImplementedError`` for every layout, as
    ember does (ember has no CSR layout).

    Args:
        input (Tensor): the sparse (n, n) coefficient matrix.
        other (Tensor): the dense right-hand side (n,).
        left (bool, optional): solve ``input @ x = other`` (the only form). Default: True.

    Returns:
        Tensor: never; raises NotImplementedError.
    """
    _not_on_cpu("_spsolve", input)


class SparseSemiStructuredTensor:
    """A 2:4 semi-structured sparse matrix (two of every four elements zero), compressed for
    NVIDIA's sparse tensor cores (cuSPARSELt or CUTLASS). These kernels exist only in torch's
    CUDA build; ember has none, so building one raises as torch's CPU build does.

    Args:
        shape (ember.Size): the dense shape.
        packed, meta, packed_t, meta_t, compressed_swizzled_bitmask (Tensor or None): the
            compressed parts.
        fuse_transpose_cusparselt (bool, optional): Default: False.
        alg_id_cusparselt (int, optional): Default: 0.
        requires_grad (bool, optional): Default: False.
    """

    def __init__(self, shape, packed, meta, packed_t, meta_t, compressed_swizzled_bitmask,
                 fuse_transpose_cusparselt=False, alg_id_cusparselt=0, requires_grad=False):
        warn_once("semi_structured", "The PyTorch API of SparseSemiStructuredTensor is in "
                  "prototype stage and will change in the near future. Please open a Github "
                  "issue for features requests and see our documentation on the ember.sparse "
                  "module for further information about the project.")
        if packed is None and packed_t is None:
            raise ValueError("At least one of packed or packed_t must be provided")
        raise NotImplementedError("SparseSemiStructuredTensor needs the 2:4 sparse kernels of "
                                  "torch's CUDA build (cuSPARSELt, CUTLASS), which ember does "
                                  "not have")


class SparseSemiStructuredTensorCUTLASS(SparseSemiStructuredTensor):
    """The CUTLASS flavour of ``SparseSemiStructuredTensor`` (see there)."""


class SparseSemiStructuredTensorCUSPARSELT(SparseSemiStructuredTensor):
    """The cuSPARSELt flavour of ``SparseSemiStructuredTensor`` (see there)."""


def to_sparse_semi_structured(original_tensor, transposed=False, alg_id=0):
    """Compress a dense 2:4-sparse CUDA matrix into a ``SparseSemiStructuredTensor``. torch
    supports CUDA tensors only and ember has no 2:4 kernels at all, so this raises: torch's
    ``RuntimeError`` for a CPU tensor, ``NotImplementedError`` for an accelerator one.

    Args:
        original_tensor (Tensor): the dense matrix.
        transposed (bool, optional): deprecated (a FutureWarning, as in torch). Default: False.
        alg_id (int, optional): the cuSPARSELt algorithm. Default: 0.

    Returns:
        SparseSemiStructuredTensor: never.
    """
    import warnings

    from .._deprecated import _user_stacklevel
    if transposed:
        warnings.warn("Setting transpose from `to_sparse_semi_structured` is deprecated and will "
                      "be removed in a future release. `SparseSemiStructuredTensor` only support "
                      "contiguous input tensors.", FutureWarning, stacklevel=_user_stacklevel())
    if original_tensor.device.type == "cpu":
        raise RuntimeError(f"Error original_tensor.device= {original_tensor.device} is not "
                           f"supported! Only CUDA tensors are currently supported.")
    SparseSemiStructuredTensor(original_tensor.shape, original_tensor, None, None, None, None)


# ---------------------------------------------------------------- the legacy sparse types
_FORMS = {3: ("indices, values, shape", "indices, values, shape, dtype="),
          2: ("indices, values", "indices, values, dtype="),
          1: ("shape", "shape, dtype="),
          0: ("", "(0,), dtype=")}
_DEPRECATED = ("ember.sparse.SparseTensor({}) is deprecated.  Please use "
               "ember.sparse_coo_tensor({}).")


class _LegacySparseType(type):
    """Calling ``ember.sparse.FloatTensor(...)`` builds a COO tensor (with torch's deprecation
    warning, once per form); ``isinstance`` matches sparse CPU tensors of the dtype."""

    def __call__(cls, *args, device=None):
        import ember
        if device is not None and ember.device(device).type != "cpu":
            raise RuntimeError(f"legacy constructor expects device type: cpu but device type: "
                               f"{ember.device(device).type} was passed")
        tensors = len(args) >= 2 and all(isinstance(a, ember.Tensor) for a in args[:2])
        sizes = len(args) >= 1 and all(isinstance(a, int) for a in args) or (
            len(args) == 1 and isinstance(args[0], (tuple, ember.Size)))
        if not (args == () or (tensors and len(args) in (2, 3)) or (sizes and not tensors)):
            given = ", ".join(type(a).__name__ for a in args)
            raise TypeError(f"new() received an invalid combination of arguments - got "
                            f"({given}), but expected one of:\n"
                            f" * (*, ember.device device = None)\n"
                            f" * (Tensor indices, Tensor values, *, ember.device device = None)\n"
                            f" * (Tensor indices, Tensor values, tuple of ints size, *, "
                            f"ember.device device = None)\n"
                            f" * (tuple of ints size, *, ember.device device = None)\n")
        form = len(args) if tensors else (1 if args else 0)
        old, new = _FORMS[form]
        # torch's text for the argument-less form names no device.
        device_text = ", device=" if form else ""
        warn_once(f"legacy_sparse_{form}", _DEPRECATED.format(
            f"{old}, *, device=" if form else "", f"{new}{device_text}"))
        if tensors:
            # The values keep their dtype, as in torch: the type names only the default.
            return ember.sparse_coo_tensor(*args[:3], check_invariants=False)
        shape = tuple(args[0]) if form and not isinstance(args[0], int) else tuple(args)
        shape = shape if form else (0,)
        indices = ember.zeros((len(shape), 0), dtype=ember.int64)
        values = ember.zeros((0,), dtype=cls.dtype)
        return ember.sparse_coo_tensor(indices, values, shape, check_invariants=False)

    def __instancecheck__(cls, obj):
        return (getattr(obj, "is_sparse", False) is True and obj.dtype is cls.dtype
                and obj.device.type == "cpu")

    def __subclasscheck__(cls, sub):
        return sub is cls


def _legacy_type(dt):
    return _LegacySparseType(dt._legacy, (), {
        "dtype": dt, "is_cuda": False, "is_sparse": True, "__module__": "ember.sparse",
        "__doc__": f"Legacy constructor of sparse COO {dt} CPU tensors."})


# bfloat16 exists only where ml_dtypes is installed.
LEGACY_TYPES = {dt._legacy: _legacy_type(dt)
                for dt in (D.bfloat16, D.uint8, D.int8, D.float64, D.float32, D.float16,
                           D.int32, D.int64, D.int16) if dt is not None}


def _layout():
    from ._coo import sparse_coo
    return sparse_coo


_LegacySparseType.layout = property(lambda cls: _layout())
