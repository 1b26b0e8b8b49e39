"""Sparse compressed matrices: CSR, CSC, BSR and BSC (``ember.sparse_csr``, ``sparse_csc``,
``sparse_bsr``, ``sparse_bsc``), one core for the four layouts.

A compressed matrix keeps, per row (CSR, BSR) or per column (CSC, BSC), the range of its entries
in the plain indices and the values: ``compressed[i]`` to ``compressed[i + 1]``. The block
layouts store (r, c) blocks instead of single elements: their indices count block rows and
block columns and their values are (nnz, r, c).

ember builds every one on the COO tensor (``ember.sparse._coo``): ``_sparse_indices`` holds the
(row, column) coordinates of each entry (of each block, for the block layouts) in the layout's
order, row by row or column by column, and ``_sparse_values`` the values. So the four layouts
differ only in the dimension they compress (``_axis``) and in whether they hold blocks.
A CSR matrix's entries are exactly a coalesced COO matrix's; the other orders are marked
uncoalesced, so the COO code that needs row-major order sorts them first. Products with dense
matrices, ``to_dense`` and their gradients are the COO tensor's: a block matrix reaches them
through ``_elements()``, the COO tensor of every element of its blocks (block by block, row
by row within a block, as torch's ``to_sparse_coo``), whose values are a view of the blocks.
The CSC (BSC) matrix of ``A`` holds the same arrays as the CSR (BSR) matrix of ``A^T`` (each
block transposed), so ``t()`` turns one into the other, as torch's does.
"""
from __future__ import annotations

import warnings

import numpy as np

from .. import _backend
from .. import _dtype as D
from .._tensor import Tensor
from ..autograd import grad_mode
from ._coo import (SparseTensor, _carry_path, _dense_path, _dense_stand_in, _long, _map_path,
                   _named, _to_dense, _values_given, sparse_bsc, sparse_bsr, sparse_csc,
                   sparse_csr, tensor_sum, whole_sum)

_BETA_WARNING = ("Sparse {} tensor support is in beta state. If you miss a functionality in "
                 "the sparse tensor support, please submit a feature request to "
                 "https://github.com/pytorch/pytorch/issues.")
_warned = [False]


def _warn_beta(kind):
    """torch's note, once a process, naming the compressed layout (CSR, CSC, BSR or BSC) of the
    first such tensor made."""
    if not _warned[0]:
        _warned[0] = True
        # at the user's line, however deep the call (to_sparse_csr reaches here from a method)
        from .._deprecated import _user_stacklevel
        warnings.warn(_BETA_WARNING.format(kind), UserWarning, stacklevel=_user_stacklevel())


class CompressedTensor(SparseTensor):
    """A 2-D sparse compressed matrix; each layout is a subclass that sets what it compresses
    (``_axis``: 0 rows, 1 columns) and whether it holds blocks."""

    _axis = 0
    _blocked = False
    _layout = None
    _kind = ""           # torch's name of the layout in messages: SparseCsr ...
    # the dtype of the compressed and plain indices it reports: int32 where the constructor
    # was given int32 indices, kept by every op whose result is compressed too, as in torch
    _index_dtype = D.int64
    _index_names = ()    # (compressed, plain): ("crow_indices", "col_indices") ...

    is_sparse = property(lambda self: False)  # torch's is_sparse means the COO layout
    is_sparse_csr = property(lambda self: False)

    @classmethod
    def _of(cls, indices, values, shape, grad_fn_name=None, like=None):
        """A matrix of this layout on ``indices`` (2 x nnz, in the layout's order), reporting
        the index dtype of ``like`` (the tensor it was made from) when given."""
        out = cls._build(indices, values, shape, cls._axis == 0 and not cls._blocked,
                         grad_fn_name)
        return out if like is None else _indexed_as(out, like)

    @property
    def layout(self):
        return self._layout

    @property
    def _blocksize(self):
        return tuple(self._sparse_values.shape[1:3]) if self._blocked else (1, 1)

    def _partner(self):
        """The layout holding this one's transpose on the same arrays: CSR <-> CSC, BSR <-> BSC."""
        return _PARTNERS[self._sparse_class]

    def dense_dim(self):
        return 0

    # -- the compressed arrays -------------------------------------------------------------------
    def _compressed(self, name, axis):
        if self._axis != axis:
            kind = "row" if axis == 0 else "column"
            raise RuntimeError(f"{name} expected sparse {kind} compressed tensor layout but got "
                               f"{self._kind}")
        position = self._sparse_indices._data[axis]
        xp = _backend.namespace_of(position)
        extent = self._sparse_shape[axis] // self._blocksize[axis]
        compressed = xp.zeros(extent + 1, np.int64)
        compressed[1:] = xp.bincount(position, minlength=extent).cumsum()
        return _long(compressed).to(self._index_dtype)

    def _plain(self, name, axis):
        if self._axis != axis:
            kind = "row" if axis == 0 else "column"
            raise RuntimeError(f"{name} expected sparse {kind} compressed tensor layout but got "
                               f"{self._kind}")
        return self._sparse_indices[1 - axis].to(self._index_dtype)

    def crow_indices(self):
        """Row ``i``'s entries are ``col_indices()[crow[i]:crow[i + 1]]`` (int64, rows + 1;
        block rows for BSR)."""
        return self._compressed("crow_indices", 0)

    def col_indices(self):
        """The column (block column for BSR) of each entry, row by row (int64, nnz)."""
        return self._plain("col_indices", 0)

    def ccol_indices(self):
        """Column ``j``'s entries are ``row_indices()[ccol[j]:ccol[j + 1]]`` (int64,
        columns + 1; block columns for BSC)."""
        return self._compressed("ccol_indices", 1)

    def row_indices(self):
        """The row (block row for BSC) of each entry, column by column (int64, nnz)."""
        return self._plain("row_indices", 1)

    def values(self):
        values = self._sparse_values
        return _named(values, "ValuesBackward0") if values.requires_grad else values

    def indices(self):
        raise RuntimeError(f"indices expected sparse coordinate tensor layout but got "
                           f"{self._kind}")

    def coalesce(self):
        raise RuntimeError(f"coalesce expected sparse coordinate tensor layout but got "
                           f"{self._kind}")

    def is_coalesced(self):
        raise RuntimeError(f"is_coalesced expected sparse coordinate tensor layout but got "
                           f"{self._kind}")

    def _grad_on_positions(self, values_grad):
        return self._sparse_class._of(self._sparse_indices, values_grad, self._sparse_shape,
                                      like=self)

    # -- conversions ------------------------------------------------------------------------------
    def _elements(self, name=None):
        """The COO tensor of every stored element in the layout's order (for a block layout,
        block by block and row by row within a block), uncoalesced unless this is CSR, behind
        node ``name``; it keeps this matrix's dense path."""
        if not self._blocked:
            coo = SparseTensor._build(self._sparse_indices, self._sparse_values,
                                      self._sparse_shape, self._coalesced, name)
            return _carry_path(coo, _dense_path(self))
        rows, cols = self._blocksize
        blocks = self._sparse_indices._data
        xp = _backend.namespace_of(blocks)
        inner_rows = xp.repeat(xp.arange(rows, dtype=np.int64), cols)
        inner_cols = xp.tile(xp.arange(cols, dtype=np.int64), rows)
        at_rows = (blocks[0][:, None] * rows + inner_rows).reshape(-1)
        at_cols = (blocks[1][:, None] * cols + inner_cols).reshape(-1)
        coo = SparseTensor._build(_long(xp.stack([at_rows, at_cols])),
                                  self._sparse_values.reshape(-1), self._sparse_shape, False,
                                  name)
        return _carry_path(coo, _dense_path(self))

    def to_dense(self, dtype=None, *, masked_grad=None):
        out = _to_dense(self._elements() if self._blocked else self)
        return out if dtype is None else out.to(dtype)

    def to_sparse(self, *args, layout=None, blocksize=None, **kwargs):
        if layout is None or layout is _coo_layout():
            return self._elements("ToSparseBackward1")
        target = _LAYOUTS.get(layout._name)
        if target is not None and target._blocked and blocksize is None:
            where = "to_sparse" if target is self._sparse_class else "sparse_compressed_to_sparse"
            raise RuntimeError(f"{where}: conversion from {self._kind} to {target._kind} "
                               f"without blocksize argument given is not supported")
        if target is self._sparse_class and not self._blocked:
            return self
        return convert(self, target, blocksize)

    def to_sparse_coo(self):
        return self.to_sparse()

    def to(self, *args, **kwargs):
        values = self._sparse_values.to(*args, **kwargs)
        if values is self._sparse_values:
            return self
        out = self._sparse_class._of(self._sparse_indices.to(values.device), values,
                                     self._sparse_shape, "ToCopyBackward0", like=self)
        return _carry_path(out, _map_path(self, lambda path: path.to(*args, **kwargs)))

    def _with_values(self, values, name):
        return self._sparse_class._of(self._sparse_indices, values, self._sparse_shape, name,
                                      like=self)

    # -- arithmetic, products and transposes -------------------------------------------------------
    def add(self, other, *, alpha=1, _name="AddBackward0"):
        if self._blocked:
            return _add_blocks(self, other, alpha, _name)
        out = super().add(other, alpha=alpha, _name=_name)
        if getattr(other, "_sparse_class", None) is self._sparse_class and \
                isinstance(out, SparseTensor):
            return _from_entries(out, self._sparse_class, _name, like=self)
        return out

    __add__ = add

    def sub(self, other, *, alpha=1):
        if self._blocked:
            raise RuntimeError(f"unsupported tensor layout: {self._kind}")
        return super().sub(other, alpha=alpha)

    __sub__ = sub

    def __mul__(self, other):
        if self._blocked and isinstance(other, SparseTensor):
            raise RuntimeError(f"empty_sparse_compressed expected sparse compressed (non-block) "
                               f"tensor layout but got {self._kind}")
        return super().__mul__(other)

    __rmul__ = mul = __mul__

    def __truediv__(self, other):
        raise RuntimeError(f"unsupported tensor layout: {self._kind}")  # torch's: COO only

    div = true_divide = __truediv__

    def sum(self, dim=None, keepdim=False, dtype=None):
        if dim is None:
            return whole_sum(self, dtype)
        if self._sparse_class is not SparseCsrTensor:
            raise RuntimeError(f"Currently the only compressed sparse format supported for "
                               f"sum.dim_IntList is CSR, but got layout {self._kind}")
        if not keepdim:
            raise RuntimeError("reduction operations on CSR tensors with keepdim=False is "
                               "unsupported")
        sums = tensor_sum(self._elements(), dim, True, dtype)
        return _from_entries(sums, SparseCsrTensor, "SumBackward1", like=self)

    def t(self):
        return _swap(self, "TBackward0")

    def transpose(self, dim0, dim1, *, _name="TransposeBackward0"):
        if {dim0 % 2, dim1 % 2} == {0, 1}:
            return _swap(self, _name)
        return super().transpose(dim0, dim1, _name=_name)

    @property
    def T(self):
        return self.t()

    def mm(self, mat2):
        _check_product(self, mat2)
        return super().mm(mat2)

    def matmul(self, other):
        _check_product(self, other)
        if self._blocked and isinstance(other, SparseTensor):
            raise RuntimeError(f"zeros_sparse_compressed expected sparse compressed (non-block) "
                               f"tensor layout but got {self._kind}")
        return super().matmul(other)

    __matmul__ = mv = matmul

    # -- printing and copies ---------------------------------------------------------------------
    def __repr__(self, *, tensor_contents=None):
        from ._coo import _sparse_repr
        axis = self._axis
        compressed, plain = self._index_names
        return _sparse_repr(self, ((compressed, self._compressed(compressed, axis)),
                                   (plain, self._plain(plain, axis)),
                                   ("values", self._sparse_values)), self._layout._name, False)

    __str__ = __repr__

    def __reduce_ex__(self, proto):
        return (_rebuild, (self._layout._name, self._sparse_indices,
                           self._sparse_values.detach(), self._sparse_shape,
                           self._index_dtype))

    def __deepcopy__(self, memo):
        return self._sparse_class._of(self._sparse_indices.clone(),
                                      self._sparse_values.detach().clone(), self._sparse_shape,
                                      like=self)


class SparseCsrTensor(CompressedTensor):
    """A 2-D sparse CSR matrix (``layout == ember.sparse_csr``): entries row by row."""

    _layout, _kind, _index_names = sparse_csr, "SparseCsr", ("crow_indices", "col_indices")
    is_sparse_csr = property(lambda self: True)


class SparseCscTensor(CompressedTensor):
    """A 2-D sparse CSC matrix (``layout == ember.sparse_csc``): entries column by column."""

    _axis = 1
    _layout, _kind, _index_names = sparse_csc, "SparseCsc", ("ccol_indices", "row_indices")


class SparseBsrTensor(CompressedTensor):
    """A 2-D sparse BSR matrix (``layout == ember.sparse_bsr``): (r, c) blocks row by row."""

    _blocked = True
    _layout, _kind, _index_names = sparse_bsr, "SparseBsr", ("crow_indices", "col_indices")


class SparseBscTensor(CompressedTensor):
    """A 2-D sparse BSC matrix (``layout == ember.sparse_bsc``): (r, c) blocks column by
    column."""

    _axis, _blocked = 1, True
    _layout, _kind, _index_names = sparse_bsc, "SparseBsc", ("ccol_indices", "row_indices")


_PARTNERS = {SparseCsrTensor: SparseCscTensor, SparseCscTensor: SparseCsrTensor,
             SparseBsrTensor: SparseBscTensor, SparseBscTensor: SparseBsrTensor}
_LAYOUTS = {cls._layout._name: cls for cls in _PARTNERS}
_SHORT = {SparseCsrTensor: "CSR", SparseCscTensor: "CSC", SparseBsrTensor: "BSR",
          SparseBscTensor: "BSC"}


def _coo_layout():
    from ._coo import sparse_coo
    return sparse_coo


def _rebuild(layout_name, indices, values, shape, index_dtype=D.int64):
    out = _LAYOUTS[layout_name]._of(indices, values, shape)
    out._index_dtype = index_dtype
    return out


def _indexed_as(out, source):
    """``out``, a compressed result of an op on ``source``, reporting ``source``'s index
    dtype."""
    dtype = getattr(source, "_index_dtype", D.int64)
    if dtype is not D.int64 and isinstance(out, CompressedTensor):
        out._index_dtype = dtype
    return out


def _check_product(matrix, other):
    if isinstance(other, Tensor) and other.dim() == 2 and other.shape[0] != matrix.shape[1]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({matrix.shape[0]}x"
                           f"{matrix.shape[1]} and {other.shape[0]}x{other.shape[1]})")


# ------------------------------------------------------------------------------ reordering
def _layout_order(indices, axis):
    """The order that sorts (row, column) ``indices`` along ``axis`` first (rows for CSR and
    BSR, columns for CSC and BSC), then along the other; None where they are in it already."""
    rows, cols = _backend.to_host(indices._data)
    order = np.lexsort((cols, rows) if axis == 0 else (rows, cols))
    return None if (order == np.arange(len(order))).all() else order


def _in_order(indices, values, axis):
    """``indices`` and ``values`` in the order of a layout compressing ``axis``."""
    order = _layout_order(indices, axis)
    if order is None:
        return indices, values
    picked = _long(_backend.to_device(order, values.device))
    return indices[:, picked], values[picked]


def _from_entries(coo, cls, name, like=None):
    """The ``cls`` matrix (CSR or CSC) of a 2-D COO tensor's entries (summed first where it is
    uncoalesced), behind node ``name``, keeping the COO tensor's dense path (and reporting
    ``like``'s index dtype, as ``_of``)."""
    coo = coo if coo._coalesced else coo.coalesce()
    indices, values = _in_order(coo._sparse_indices, coo._sparse_values, cls._axis)
    return _carry_path(cls._of(indices, values, coo._sparse_shape, name, like=like),
                       _dense_path(coo))


def _swap(matrix, name):
    """The transpose of ``matrix`` in its partner layout on the same arrays: the CSR entries of
    ``A`` are the CSC entries of ``A^T`` in the same order (and a block's transpose is a
    block)."""
    values = matrix._sparse_values
    if matrix._blocked:
        values = values.transpose(1, 2)
    elif values.requires_grad:
        values = values.view_as(values)
    rows, cols = matrix._sparse_shape
    out = matrix._partner()._of(matrix._sparse_indices[[1, 0]], values, (cols, rows), name,
                                like=matrix)
    return _carry_path(out, _map_path(matrix, lambda path: path.t()))


def _add_blocks(first, second, alpha, name):
    """``first + alpha * second`` for two block matrices of one layout and blocksize: the blocks
    of both, those at one place summed, in the layout's order."""
    if getattr(second, "_sparse_class", None) is not first._sparse_class or \
            second._blocksize != first._blocksize:
        raise RuntimeError(f"add: expected two {first._kind} tensors with the same blocksize, "
                           f"got {first._kind} and {getattr(second, '_kind', 'Strided')}")
    if second._sparse_shape != first._sparse_shape:
        raise RuntimeError(f"add: expected 'self' and 'other' to have same size, but self has "
                           f"size {list(first._sparse_shape)} while other has size "
                           f"{list(second._sparse_shape)}")
    ember = _ember()
    grid = tuple(s // b for s, b in zip(first._sparse_shape, first._blocksize))
    other_values = second._sparse_values if alpha == 1 else second._sparse_values * alpha
    both = SparseTensor._build(
        ember.cat([first._sparse_indices, second._sparse_indices], dim=1),
        ember.cat([first._sparse_values, other_values]), grid + first._blocksize).coalesce()
    indices, values = _in_order(both._sparse_indices, both._sparse_values, first._axis)
    out = first._sparse_class._of(indices, values, first._sparse_shape, name, like=first)
    paths = _dense_path(first), _dense_path(second)
    if paths != (None, None):
        # the sum's dense path: a term without one reaches its values (entries only)
        one = first.to_dense() if paths[0] is None else paths[0]
        two = second.to_dense() if paths[1] is None else paths[1]
        _carry_path(out, one + two * alpha)
    return out


def _ember():
    import ember
    return ember


# ------------------------------------------------------------------------------ conversion
def _blocksize_of(blocksize, where, shape):
    if isinstance(blocksize, int):
        blocksize = (blocksize, blocksize)
    blocksize = tuple(int(b) for b in blocksize)
    if len(blocksize) != 2:
        raise RuntimeError(f"{where}: blocksize needs to be a tuple of size 2, but got "
                           f"{len(blocksize)}")
    if any(b <= 0 or s % b for s, b in zip(shape, blocksize)):
        raise RuntimeError(f"{where}: tensor sparse size ({shape[0]},{shape[1]}) must be "
                           f"divisible by given blocksize ({blocksize[0]},{blocksize[1]})")
    return blocksize


def _blocks_of(dense, blocksize, pattern):
    """The blocks of the dense matrix ``dense`` that hold a nonzero (or, with ``pattern``, an
    element at one of its (row, column) ``pattern`` places), as (block indices in row-major
    order, (nnz, r, c) values taken from ``dense``, so differentiable in it)."""
    rows, cols = blocksize
    grid = (dense.shape[0] // rows, dense.shape[1] // cols)
    tiles = dense.reshape(grid[0], rows, grid[1], cols).transpose(1, 2)
    if pattern is None:
        nonzero = _backend.to_host(tiles._data != 0).any(axis=(2, 3))
        at = np.stack(np.nonzero(nonzero)).astype(np.int64)
    else:
        places = np.unique(np.ravel_multi_index((pattern[0] // rows, pattern[1] // cols), grid))
        at = np.stack(np.unravel_index(places, grid)).astype(np.int64).reshape(2, -1)
    indices = _long(_backend.to_device(at, dense.device))
    return indices, tiles[indices[0], indices[1]]


def convert(tensor, cls, blocksize=None, dense_dim=None):
    """``tensor`` (dense, COO or compressed) as a ``cls`` matrix: of its nonzero elements (its
    nonzero blocks for a block layout) when dense, of its specified entries (the blocks that
    hold one) when sparse. Gradients: a dense source gets the dense gradient through products
    (its dense path), as in torch."""
    short, kind = _SHORT[cls], cls._kind
    name = f"ToSparse{short.capitalize()}Backward0"
    method = f"to_sparse_{short.lower()}"
    given = getattr(tensor, "_sparse_class", None)
    source = "dense" if given is None else "coo" if given is SparseTensor else \
        "sparse_compressed"
    if given is cls and not cls._blocked:
        return tensor
    if cls._blocked:
        if blocksize is None:
            raise TypeError(f'{method}() missing 1 required positional arguments: "blocksize"')
        if isinstance(tensor, CompressedTensor) and tensor._blocked:
            wanted = (blocksize, blocksize) if isinstance(blocksize, int) else tuple(blocksize)
            if tuple(wanted) != tensor._blocksize:
                where = method if given is cls else f"{source}_{method}"
                raise RuntimeError(f"{where}: conversion from {tensor._kind} to {kind} with "
                                   f"blocksize changed from {list(tensor._blocksize)} to "
                                   f"{list(wanted)} is not supported")
            if given is cls:
                return tensor
    elif isinstance(tensor, CompressedTensor) and tensor._blocked:
        raise RuntimeError(f"sparse_compressed_{method}: expected SparseCsr or SparseCsc layout "
                           f"but got {tensor._kind}")
    if dense_dim:
        raise RuntimeError(f"{method}: ember has no hybrid {short} tensors (dense_dim > 0)")
    if tensor.dim() != 2:
        if tensor.dim() < 2:
            raise IndexError(f"Dimension out of range (expected to be in range of "
                             f"[-{max(tensor.dim(), 1)}, {max(tensor.dim(), 1) - 1}], but got -2)")
        raise RuntimeError(f"{method}: expected a 2-D tensor (ember has no batched or hybrid "
                           f"{short} tensors), got {tensor.dim()}-D")
    _warn_beta(short)
    if not cls._blocked:
        if isinstance(tensor, CompressedTensor):
            return _from_entries(tensor._elements(), cls, name, like=tensor)
        if isinstance(tensor, SparseTensor):
            return _from_entries(tensor, cls, name)
        from ._coo import to_sparse
        out = _from_entries(to_sparse(tensor), cls, name)
        if tensor.requires_grad and grad_mode.is_grad_enabled():
            _carry_path(out, _dense_stand_in(tensor, name))
        return out
    blocksize = _blocksize_of(blocksize, f"{source}_{method}", tuple(tensor.shape))
    if isinstance(tensor, CompressedTensor) and tensor._blocked:  # BSR <-> BSC, same blocks
        indices, values = _in_order(tensor._sparse_indices, tensor._sparse_values, cls._axis)
        out = cls._of(indices, values, tensor._sparse_shape, name, like=tensor)
        return _carry_path(out, _dense_path(tensor))
    if isinstance(tensor, SparseTensor):
        elements = tensor._elements() if isinstance(tensor, CompressedTensor) else tensor
        pattern = _backend.to_host(elements._sparse_indices._data)
        indices, values = _blocks_of(elements.to_dense(), blocksize, pattern)
        path = _dense_path(tensor)
    else:
        indices, values = _blocks_of(tensor, blocksize, None)
        path = _dense_stand_in(tensor, name) \
            if tensor.requires_grad and grad_mode.is_grad_enabled() else None
    indices, values = _in_order(indices, values, cls._axis)
    return _carry_path(cls._of(indices, values, tuple(tensor.shape), name, like=tensor), path)


# ------------------------------------------------------------------------------ construction
def _as_index(value):
    return value if isinstance(value, Tensor) else _ember().tensor(value)


def _construct(cls, compressed, plain, values, size, dtype, device, requires_grad,
               check_invariants):
    """A ``cls`` matrix from its compressed and plain indices and its values, checked as torch
    checks them with ``check_invariants=True`` (ember checks whatever the switch says: torch,
    unchecked, would build a tensor that reads outside its arrays)."""
    ember = _ember()
    compressed_name, plain_name = cls._index_names
    axis, short = cls._axis, _SHORT[cls]
    compressed, plain = _as_index(compressed), _as_index(plain)
    values = _values_given(values, dtype, device)
    if compressed._dtype is not plain._dtype:
        raise RuntimeError(f"{compressed_name} and {plain_name} must have the same dtype, bot "
                           f"got {compressed.dtype._legacy[:-6]} and "
                           f"{plain.dtype._legacy[:-6]}, respectively")
    if compressed._dtype not in (D.int32, D.int64):
        raise RuntimeError(f"{compressed_name} and {plain_name} dtype must be Int or Long, but "
                           f"got {compressed.dtype._legacy[:-6]}")
    block_dims = 2 if cls._blocked else 0
    if cls._blocked and values.dim() <= 2:
        raise RuntimeError(f"values must have dimensionality > sum of batch and block "
                           f"dimensionalities (=0 + 2) but got {values.dim()}")
    if compressed.dim() != 1 or plain.dim() != 1 or values.dim() != 1 + block_dims:
        raise RuntimeError(f"sparse_{short.lower()}_tensor: ember has no batched or hybrid "
                           f"{short} tensors; {compressed_name} and {plain_name} must be 1-D, "
                           f"values {1 + block_dims}-D")
    blocksize = tuple(values.shape[1:]) if cls._blocked else (1, 1)
    nnz = values.shape[0]
    if plain.shape[0] != nnz:
        raise RuntimeError(f"{plain_name}.shape[-1] must be equal to nnz (={nnz}) as defined by "
                           f"values.shape[0], but got {plain.shape[0]}")
    extent = compressed.shape[0] - 1
    if size is None:
        largest = int(plain.max().item()) + 1 if nnz else 0
        grid = (extent, largest) if axis == 0 else (largest, extent)
        size = tuple(g * b for g, b in zip(grid, blocksize))
    size = tuple(int(s) for s in size)
    if len(size) != 2:
        raise RuntimeError(f"tensor dimensionality must be sum of batch, base, and dense "
                           f"dimensionalities (=0 + 2 + 0) but got {len(size)}")
    for dim in (0, 1):
        if size[dim] % blocksize[dim]:
            raise RuntimeError(f"tensor shape[{dim}] (={size[dim]}) must be divisible with "
                               f"blocksize[{dim}] (={blocksize[dim]}) as defined by values shape")
    grid = (size[0] // blocksize[0], size[1] // blocksize[1])
    if extent != grid[axis]:
        what = ("row" if axis == 0 else "column") + (" blocks" if cls._blocked else "s")
        raise RuntimeError(f"{compressed_name}.shape[-1] must be equal to the number of {what} "
                           f"+ 1 (={grid[axis] + 1}), but got {extent + 1}")
    if compressed[0].item() != 0:
        raise RuntimeError(f"`{compressed_name}[..., 0] == 0` is not satisfied.")
    if compressed[-1].item() != nnz:
        raise RuntimeError(f"`{compressed_name}[..., -1] == nnz` is not satisfied.")
    counts = compressed.long().diff()
    other = "ncols" if axis == 0 else "nrows"
    if bool((counts < 0).any()) or bool((counts > grid[1 - axis]).any()):
        raise RuntimeError(f"`0 <= {compressed_name}[..., 1:] - {compressed_name}[..., :-1] <= "
                           f"{other}` is not satisfied.")
    if nnz and (int(plain.min().item()) < 0 or int(plain.max().item()) >= grid[1 - axis]):
        raise RuntimeError(f"`0 <= {plain_name} < {other}` is not satisfied.")
    slots = ember.repeat_interleave(ember.arange(extent, device=values.device), counts)
    pair = (slots, plain.long().to(values.device))
    indices = ember.stack(pair if axis == 0 else pair[::-1])
    if nnz and _layout_order(indices, axis) is not None or \
            nnz > 1 and bool((indices[:, 1:] == indices[:, :-1]).all(0).any()):
        kind = "nrows" if axis == 0 else "ncols"
        raise RuntimeError(f"`{plain_name}[..., {compressed_name}[..., i - 1]:{compressed_name}"
                           f"[..., i]] for all i = 1, ..., {kind} are sorted and distinct along "
                           f"the last dimension values` is not satisfied.")
    from ._more import warn_if_implicit
    warn_if_implicit(check_invariants)
    _warn_beta(short)
    if requires_grad:
        values = values.detach().requires_grad_()
    out = cls._of(indices, values, size,
                  None if requires_grad else "SparseCompressedTensorBackward0")
    out._sparse_leaf = bool(requires_grad)
    out._index_dtype = compressed._dtype
    return out


def sparse_csr_tensor(crow_indices, col_indices, values, size=None, *, dtype=None, device=None,
                      pin_memory=False, requires_grad=False, check_invariants=None):
    """A CSR matrix of ``values`` at columns ``col_indices``, row ``i`` holding entries
    ``crow_indices[i]`` to ``crow_indices[i + 1]``; ``size`` defaults to (rows, largest column
    + 1).

    Example:
        >>> ember.sparse_csr_tensor([0, 1, 3], [1, 0, 1], [1.0, 2.0, 3.0]).to_dense()
        tensor([[0., 1.],
                [2., 3.]])
    """
    return _construct(SparseCsrTensor, crow_indices, col_indices, values, size, dtype, device,
                      requires_grad, check_invariants)


def sparse_csc_tensor(ccol_indices, row_indices, values, size=None, *, dtype=None, device=None,
                      pin_memory=False, requires_grad=False, check_invariants=None):
    """A CSC matrix of ``values`` at rows ``row_indices``, column ``j`` holding entries
    ``ccol_indices[j]`` to ``ccol_indices[j + 1]``; ``size`` defaults to (largest row + 1,
    columns).

    Example:
        >>> ember.sparse_csc_tensor([0, 2, 3], [0, 1, 1], [1.0, 2.0, 3.0]).to_dense()
        tensor([[1., 0.],
                [2., 3.]])
    """
    return _construct(SparseCscTensor, ccol_indices, row_indices, values, size, dtype, device,
                      requires_grad, check_invariants)


def sparse_bsr_tensor(crow_indices, col_indices, values, size=None, *, dtype=None, device=None,
                      pin_memory=False, requires_grad=False, check_invariants=None):
    """A BSR matrix of (r, c) blocks: block ``k`` is ``values[k]``, at block row ``i`` (the one
    whose range ``crow_indices[i]:crow_indices[i + 1]`` holds k) and block column
    ``col_indices[k]``; ``size`` defaults to (block rows * r, (largest block column + 1) * c).

    Example:
        >>> ember.sparse_bsr_tensor([0, 1], [1], [[[1.0, 2.0], [3.0, 4.0]]]).to_dense()
        tensor([[0., 0., 1., 2.],
                [0., 0., 3., 4.]])
    """
    return _construct(SparseBsrTensor, crow_indices, col_indices, values, size, dtype, device,
                      requires_grad, check_invariants)


def sparse_bsc_tensor(ccol_indices, row_indices, values, size=None, *, dtype=None, device=None,
                      pin_memory=False, requires_grad=False, check_invariants=None):
    """A BSC matrix of (r, c) blocks: block ``k`` is ``values[k]``, at block column ``j`` (the
    one whose range ``ccol_indices[j]:ccol_indices[j + 1]`` holds k) and block row
    ``row_indices[k]``; ``size`` defaults to ((largest block row + 1) * r, block columns * c).

    Example:
        >>> ember.sparse_bsc_tensor([0, 0, 1], [0], [[[1.0], [2.0]]]).to_dense()
        tensor([[0., 1.],
                [0., 2.]])
    """
    return _construct(SparseBscTensor, ccol_indices, row_indices, values, size, dtype, device,
                      requires_grad, check_invariants)


def sparse_compressed_tensor(compressed_indices, plain_indices, values, size=None, *,
                             dtype=None, layout=None, device=None, pin_memory=False,
                             requires_grad=False, check_invariants=None):
    """A CSR, CSC, BSR or BSC matrix (``layout=ember.sparse_csr`` ...) from its compressed and
    plain indices and its values.

    Example:
        >>> ember.sparse_compressed_tensor([0, 1, 2], [1, 0], [5.0, 6.0],
        ...                                layout=ember.sparse_csr).to_dense()
        tensor([[0., 5.],
                [6., 0.]])
    """
    cls = _LAYOUTS.get(getattr(layout, "_name", None))
    if cls is None:
        name = "none" if layout is None else {"sparse_coo": "Sparse", "strided": "Strided"}.get(
            layout._name, layout._name)
        raise RuntimeError(f"sparse_compressed_tensor expected sparse compressed tensor layout "
                           f"but got {name}")
    return _construct(cls, compressed_indices, plain_indices, values, size, dtype, device,
                      requires_grad, check_invariants)


def to_sparse_csr(tensor, dense_dim=None):
    """``tensor`` (a dense matrix, a COO or CSC one) as a CSR matrix of its nonzero entries."""
    return convert(tensor, SparseCsrTensor, None, dense_dim)


def to_sparse_csc(tensor, dense_dim=None):
    """``tensor`` (a dense matrix, a COO or CSR one) as a CSC matrix of its nonzero entries."""
    return convert(tensor, SparseCscTensor, None, dense_dim)


def to_layout(tensor, layout, blocksize=None, dense_dim=None):
    """``tensor.to_sparse(layout=layout, blocksize=blocksize)`` for a dense or COO ``tensor``
    and a compressed ``layout``."""
    cls = _LAYOUTS[layout._name]
    if cls._blocked and blocksize is None:
        where, kind = ("sparse_coo_to_sparse", "Sparse") if isinstance(tensor, SparseTensor) \
            else ("dense_to_sparse", "Strided")
        raise RuntimeError(f"{where}: conversion from {kind} to {cls._kind} without blocksize "
                           f"argument given is not supported")
    return convert(tensor, cls, blocksize, dense_dim)
