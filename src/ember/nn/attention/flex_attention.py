"""ember.nn.attention.flex_attention: attention whose scores a user's function rewrites.

``flex_attention(q, k, v, score_mod, block_mask)`` computes
``softmax(where(mask, score_mod(q @ k^T * scale), -inf)) @ v``, where ``score_mod(score, b, h,
q_idx, kv_idx)`` and ``mask_mod(b, h, q_idx, kv_idx)`` are written for one score and its four
indices. torch evaluates them with ``vmap``; ember calls them once on broadcast index grids
(``b`` of shape (B, 1, 1, 1), ``h`` (1, H, 1, 1), ``q_idx`` (1, 1, L, 1), ``kv_idx``
(1, 1, 1, S)), which gives the same values for the mods vmap accepts (arithmetic, comparisons,
``where``, lookups ``table[q_idx]`` into captured tensors) and the same gradients into those
captured tensors.

A ``BlockMask`` records, for each tile of BLOCK_SIZE queries by BLOCK_SIZE keys, whether the
mask leaves some (partial) or all (full) of it; a fused kernel skips the empty tiles. Off
``torch.compile`` torch runs the unfused reference on the CPU, which materialises every score
and applies ``mask_mod`` element by element, so the tiles change nothing there: ember does the
same. As torch's CPU path, it refuses query/key/value that require grad (gradients into tensors
the mods capture do flow) and warns once that no fused kernel is used.
"""
from __future__ import annotations

import inspect
import itertools
import math
import warnings
from collections.abc import Callable
from typing import NamedTuple, TypedDict

from ... import _dtype as D
from ..._device import xp_for as _xp_for
from ..._tensor import Tensor
from ...autograd.function import Function

__all__ = ["BlockMask", "flex_attention", "AuxOutput", "AuxRequest", "FlexKernelOptions",
           "create_block_mask", "create_mask", "or_masks", "and_masks", "noop_mask"]

_score_mod_signature = Callable[[Tensor, Tensor, Tensor, Tensor, Tensor], Tensor]
_mask_mod_signature = Callable[[Tensor, Tensor, Tensor, Tensor], Tensor]

_DEFAULT_SPARSE_BLOCK_SIZE = 128
_LARGE_SPARSE_BLOCK_SIZE = 1 << 30
# Set to True to call the mods without torch.compile, as torch's debugging switch does (ember
# never compiles them, so it only silences the warning).
_FLEX_ATTENTION_DISABLE_COMPILE_DEBUG = False
_BACKENDS = ("AUTO", "TRITON", "FLASH", "TRITON_DECODE")
_WARNINGS_SHOWN = set()


def _warn_once(warning_id, message, category=UserWarning):
    """Warn once per process for each ``warning_id``, pointing at this module as torch's do."""
    if warning_id not in _WARNINGS_SHOWN:
        warnings.warn(message, category, stacklevel=2)
        _WARNINGS_SHOWN.add(warning_id)


class FlexKernelOptions(TypedDict, total=False):
    """Tuning switches of torch's fused kernels (tile sizes, warps, backend), a dict; ember's
    unfused computation accepts and ignores them, checking ``BACKEND`` as torch does.

    Args:
        BACKEND (str): "AUTO", "TRITON", "FLASH" or "TRITON_DECODE"; the other keys (tile
            sizes ``BLOCK_M``..., ``num_warps``, ``num_stages``...) are torch's Triton settings.

    Example:
        >>> from ember.nn.attention.flex_attention import FlexKernelOptions
        >>> FlexKernelOptions(BACKEND="AUTO")
        {'BACKEND': 'AUTO'}
    """

    num_warps: int
    num_stages: int
    BLOCK_M: int
    BLOCK_N: int
    BLOCK_M1: int
    BLOCK_N1: int
    BLOCK_M2: int
    BLOCK_N2: int
    PRESCALE_QK: bool
    ROWS_GUARANTEED_SAFE: bool
    BLOCKS_ARE_CONTIGUOUS: bool
    WRITE_DQ: bool
    FORCE_USE_FLEX_ATTENTION: bool
    USE_TMA: bool
    kpack: int
    matrix_instr_nonkdim: int
    waves_per_eu: int
    BACKEND: str


class AuxRequest(NamedTuple):
    """Which extra outputs ``flex_attention`` returns beside the attention: ``lse`` (the
    log-sum-exp of each query's scores) and ``max_scores``.

    Args:
        lse (bool): return the log-sum-exp of each query's scores. Default: False.
        max_scores (bool): return each query's largest score. Default: False.

    Example:
        >>> from ember.nn.attention.flex_attention import AuxRequest
        >>> AuxRequest(lse=True)
        AuxRequest(lse=True, max_scores=False)
    """

    lse: bool = False
    max_scores: bool = False


class AuxOutput(NamedTuple):
    """The extra outputs ``flex_attention`` returns for an ``AuxRequest`` (None if not asked).

    Args:
        lse (Tensor or None): (B, Hq, L) log-sum-exp of each query's scores.
        max_scores (Tensor or None): (B, Hq, L) largest score of each query.

    Example:
        >>> from ember.nn.attention.flex_attention import AuxOutput
        >>> AuxOutput()
        AuxOutput(lse=None, max_scores=None)
    """

    lse: Tensor | None = None
    max_scores: Tensor | None = None


def _positional_count(fn):
    """How many arguments ``fn`` needs (positional, without defaults): 5 for a score_mod, 4 for
    a mask_mod, as torch tells them apart."""
    code = getattr(fn, "__code__", None)
    if code is not None:
        count = code.co_argcount - len(getattr(fn, "__defaults__", None) or ())
    else:
        count = sum(1 for p in inspect.signature(fn).parameters.values()
                    if p.default is inspect.Parameter.empty)
    if count not in (4, 5):
        raise AssertionError(f"Expected 4 or 5 positional args, got {count}")
    return count


def _identity(score, batch, head, token_q, token_kv):
    return score


def noop_mask(batch, head, token_q, token_kv):
    """The mask_mod that keeps every score.

    Args:
        batch (Tensor): batch index.
        head (Tensor): head index.
        token_q (Tensor): query position.
        token_kv (Tensor): key/value position.

    Returns:
        Tensor: ``True`` (a 0-d bool tensor).

    Example:
        >>> from ember.nn.attention.flex_attention import noop_mask
        >>> i = ember.tensor(0)
        >>> noop_mask(i, i, i, i)
        tensor(True)
    """
    return batch.new_ones(size=(), dtype=D.bool_, device=batch.device)


def _sliced_mask_mod_error(batch, head, token_q, token_kv):
    raise RuntimeError(
        "Cannot use mask_mod from a sliced BlockMask. When you slice a BlockMask using [], the "
        "mask_mod attribute is reset. You must set it from the original BlockMask's mask_mod."
        "\n\nIncorrect usage:\n  base_mask = create_block_mask(my_mask_fn, ...)"
        "\n  sliced_mask = base_mask[:, :, block_idx]"
        "\n  sliced_mask.mask_mod = apply_offset(sliced_mask.mask_mod, offset)  # WRONG!"
        "\n\nCorrect usage:\n  base_mask = create_block_mask(my_mask_fn, ...)"
        "\n  sliced_mask = base_mask[:, :, block_idx]"
        "\n  sliced_mask.mask_mod = apply_offset(base_mask.mask_mod, offset)  # Use base_mask!")


def or_masks(*mask_mods):
    """The mask_mod keeping a score where any of ``mask_mods`` keeps it (their union).

    Args:
        *mask_mods (callable): mask_mods of ``(b, h, q_idx, kv_idx)``.

    Returns:
        callable: the combined mask_mod.

    Example:
        >>> from ember.nn.attention.flex_attention import create_mask, or_masks
        >>> first = lambda b, h, q, kv: kv == 0
        >>> diagonal = lambda b, h, q, kv: q == kv
        >>> create_mask(or_masks(first, diagonal), 1, 1, 3, 3, device="cpu")[0, 0]
        tensor([[ True, False, False],
                [ True,  True, False],
                [ True, False,  True]])
    """
    if not all(callable(mod) for mod in mask_mods):
        raise RuntimeError(f"All inputs should be callable mask_mods: {mask_mods}")

    def or_mask(b, h, q_idx, kv_idx):
        kept = b.new_zeros((), dtype=D.bool_)
        for mod in mask_mods:
            kept = kept | mod(b, h, q_idx, kv_idx)
        return kept
    return or_mask


def and_masks(*mask_mods):
    """The mask_mod keeping a score where all of ``mask_mods`` keep it (their intersection).

    Args:
        *mask_mods (callable): mask_mods of ``(b, h, q_idx, kv_idx)``.

    Returns:
        callable: the combined mask_mod.

    Example:
        >>> from ember.nn.attention.flex_attention import and_masks, create_mask
        >>> causal = lambda b, h, q, kv: q >= kv
        >>> window = lambda b, h, q, kv: q - kv < 2
        >>> create_mask(and_masks(causal, window), 1, 1, 4, 4, device="cpu")[0, 0].int()
        tensor([[1, 0, 0, 0],
                [1, 1, 0, 0],
                [0, 1, 1, 0],
                [0, 0, 1, 1]], dtype=ember.int32)
    """
    if not all(callable(mod) for mod in mask_mods):
        raise RuntimeError(f"All inputs should be callable mask_mods: {mask_mods}")

    def and_mask(b, h, q_idx, kv_idx):
        kept = b.new_ones((), dtype=D.bool_)
        for mod in mask_mods:
            kept = kept & mod(b, h, q_idx, kv_idx)
        return kept
    return and_mask


def _index_grids(batch, heads, q_len, kv_len, device):
    """int64 index tensors shaped to broadcast against (B, H, L, S) scores."""
    from ... import arange
    return (arange(batch, device=device).view(batch, 1, 1, 1),
            arange(heads, device=device).view(1, heads, 1, 1),
            arange(q_len, device=device).view(1, 1, q_len, 1),
            arange(kv_len, device=device).view(1, 1, 1, kv_len))


def _default_device(device):
    if device is not None:
        return device
    from ... import accelerator
    return accelerator.current_accelerator() or "cpu"


def create_mask(mod_fn, B, H, Q_LEN, KV_LEN, device=None):
    """The dense (B, H, Q_LEN, KV_LEN) bool mask of a mask_mod (its values), or of a score_mod
    (True where it leaves the score finite, scoring zeros).

    Args:
        mod_fn (callable): a mask_mod ``(b, h, q_idx, kv_idx)`` or a score_mod
            ``(score, b, h, q_idx, kv_idx)``.
        B (int or None): batch size (None: 1).
        H (int or None): number of heads (None: 1).
        Q_LEN (int): query length.
        KV_LEN (int): key/value length.
        device (str or device, optional): where to build it (default: the accelerator, else
            the CPU).

    Returns:
        Tensor: the bool mask.

    Example:
        >>> from ember.nn.attention.flex_attention import create_mask
        >>> create_mask(lambda b, h, q, kv: q >= kv, None, None, 3, 3, device="cpu")
        tensor([[[[ True, False, False],
                  [ True,  True, False],
                  [ True,  True,  True]]]])
    """
    from ... import zeros
    device = _default_device(device)
    B = 1 if B is None else B
    H = 1 if H is None else H
    grids = _index_grids(B, H, Q_LEN, KV_LEN, device)
    shape = (B, H, Q_LEN, KV_LEN)
    if _positional_count(mod_fn) == 5:
        scores = mod_fn(zeros(shape, device=device), *grids)
        return ~scores.isneginf().expand(shape)
    return _as_tensor_like(mod_fn(*grids), grids[0]).expand(shape).clone()


def _as_tensor_like(value, like):
    if isinstance(value, Tensor):
        return value
    from ... import tensor
    return tensor(value, device=like.device)


def _tiles(mask, q_block, kv_block, separate_full):
    """Per tile of q_block x kv_block scores of the bool ``mask`` tensor: (partial, full) int8
    arrays of shape (B, H, ceil(L / q_block), ceil(S / kv_block)) beside the mask's data;
    without ``separate_full`` a tile with any kept score counts as partial and ``full`` is
    None."""
    xp = _xp_for(mask.device)
    batch, heads, q_len, kv_len = mask.shape
    rows, cols = -(-q_len // q_block), -(-kv_len // kv_block)
    padded = xp.zeros((batch, heads, rows * q_block, cols * kv_block), dtype=xp.int64)
    padded[:, :, :q_len, :kv_len] = mask._data
    counts = padded.reshape(batch, heads, rows, q_block, cols, kv_block).sum(axis=(3, 5))
    if not separate_full:
        return (counts > 0).astype(xp.int8), None
    whole = q_block * kv_block
    return ((counts > 0) & (counts < whole)).astype(xp.int8), (counts == whole).astype(xp.int8)


def _dense_to_ordered(dense, xp):
    """The block-sparse row format of a 0/1 array: int32 tensors of the count of kept tiles
    per row, and of the column indices with the kept ones first (in column order)."""
    dense = dense.astype(xp.int32)
    cols = dense.shape[-1]
    # Distinct keys (kept first, then by column), so any sorting algorithm gives this order.
    order = ((1 - dense) * cols + xp.arange(cols, dtype=xp.int32)).argsort(axis=-1)
    return Tensor._make(dense.sum(axis=-1).astype(xp.int32)), Tensor._make(order.astype(xp.int32))


def _ordered_to_dense(num_blocks, indices, num_cols):
    """The 0/1 int32 array of tiles from the row format (inverse of ``_dense_to_ordered``);
    as in torch, a kept index equal to ``num_cols`` is dropped and a larger one an IndexError
    (torch writes into one spare column, then cuts it off)."""
    xp = _xp_for(indices.device)
    num_blocks, indices = num_blocks._data, indices._data
    kept = xp.arange(indices.shape[-1]) < num_blocks[..., None]
    if indices.size and bool((kept & (indices > num_cols)).any()):
        raise IndexError(f"index {int(indices[kept].max())} is out of bounds for dimension "
                         f"{indices.ndim - 1} with size {num_cols + 1}")
    hits = kept[..., None] & (indices[..., None] == xp.arange(num_cols))
    return hits.any(axis=-2).astype(xp.int32)


def _transpose_ordered(num_blocks, indices):
    dense = _ordered_to_dense(num_blocks, indices, indices.shape[-1])
    return _dense_to_ordered(dense.swapaxes(-2, -1), _xp_for(indices.device))


class BlockMask:
    """Which tiles of the (query, key) score matrix an attention mask keeps, in a block-sparse
    row format: for each tile row, ``kv_num_blocks`` counts the kept tiles and ``kv_indices``
    lists their columns first; ``full_kv_*`` the same for tiles kept whole; ``q_*`` the
    transposed format (per tile column). ``mask_mod`` gives the mask inside the tiles.

    Args:
        seq_lengths (tuple of int): (query length, key/value length).
        kv_num_blocks, kv_indices (Tensor): partial tiles per row, and their columns.
        full_kv_num_blocks, full_kv_indices (Tensor or None): full tiles per row, and their
            columns.
        q_num_blocks, q_indices, full_q_num_blocks, full_q_indices (Tensor or None): the same
            per tile column.
        BLOCK_SIZE (tuple of int): (query, key) tile size. Default: (128, 128).
        mask_mod (callable): the element mask. Default: ``noop_mask``.

    Example:
        >>> from ember.nn.attention.flex_attention import create_block_mask
        >>> mask = create_block_mask(lambda b, h, q, kv: q >= kv, None, None, 256, 256,
        ...                          device="cpu")
        >>> mask.shape, mask.sparsity()
        ((1, 1, 256, 256), 25.0)
        >>> mask.kv_num_blocks, mask.full_kv_num_blocks
        (tensor([[[1, 1]]], dtype=ember.int32), tensor([[[0, 1]]], dtype=ember.int32))
    """

    _TENSOR_ATTRS = ["kv_num_blocks", "kv_indices", "full_kv_num_blocks", "full_kv_indices",
                     "q_num_blocks", "q_indices", "full_q_num_blocks", "full_q_indices",
                     "dq_write_order", "dq_write_order_full", "dq_kv_order"]
    _CONTEXT_ATTRS = ["seq_lengths", "BLOCK_SIZE", "mask_mod", "dq_kv_order_spt"]

    def __init__(self, seq_lengths, kv_num_blocks, kv_indices, full_kv_num_blocks,
                 full_kv_indices, q_num_blocks, q_indices, full_q_num_blocks, full_q_indices,
                 BLOCK_SIZE=(_DEFAULT_SPARSE_BLOCK_SIZE, _DEFAULT_SPARSE_BLOCK_SIZE),
                 mask_mod=noop_mask, *, dq_write_order=None, dq_write_order_full=None,
                 dq_kv_order=None, dq_kv_order_spt=None):
        if kv_indices.dim() < 2:
            raise RuntimeError("BlockMask must have at least 2 dimensions")
        if (full_kv_num_blocks is None) != (full_kv_indices is None):
            raise AssertionError(
                "full_kv_num_blocks and full_kv_indices must be both provided or omitted")
        if (full_q_num_blocks is None) != (full_q_indices is None):
            raise AssertionError(
                "full_q_num_blocks and full_q_indices must be both provided or omitted")
        if dq_write_order_full is not None and dq_write_order is None:
            raise ValueError("dq_write_order_full requires dq_write_order")
        self.seq_lengths = seq_lengths
        self.kv_num_blocks, self.kv_indices = kv_num_blocks, kv_indices
        self.full_kv_num_blocks, self.full_kv_indices = full_kv_num_blocks, full_kv_indices
        self.q_num_blocks, self.q_indices = q_num_blocks, q_indices
        self.full_q_num_blocks, self.full_q_indices = full_q_num_blocks, full_q_indices
        self.dq_write_order, self.dq_write_order_full = dq_write_order, dq_write_order_full
        self.dq_kv_order, self.dq_kv_order_spt = dq_kv_order, dq_kv_order_spt
        self.BLOCK_SIZE = BLOCK_SIZE
        self.mask_mod = mask_mod

    @classmethod
    def from_kv_blocks(cls, kv_num_blocks, kv_indices, full_kv_num_blocks=None,
                       full_kv_indices=None, BLOCK_SIZE=_DEFAULT_SPARSE_BLOCK_SIZE,
                       mask_mod=None, seq_lengths=None, compute_q_blocks=True, *,
                       dq_write_order=None, dq_write_order_full=None, dq_kv_order=None):
        """A BlockMask from its per-row format, deriving the per-column one.

        Args:
            kv_num_blocks (Tensor): partial tiles per tile row.
            kv_indices (Tensor): their columns.
            full_kv_num_blocks (Tensor, optional): full tiles per tile row.
            full_kv_indices (Tensor, optional): their columns.
            BLOCK_SIZE (int or tuple of int): tile size. Default: 128.
            mask_mod (callable, optional): the element mask (default: keep all).
            seq_lengths (tuple of int, optional): (query, key) lengths (default: the tiles').
            compute_q_blocks (bool): derive the per-column format. Default: True.

        Returns:
            BlockMask: the mask.

        Example:
            >>> from ember.nn.attention.flex_attention import BlockMask
            >>> mask = BlockMask.from_kv_blocks(ember.tensor([[[1, 2]]], dtype=ember.int32),
            ...                                 ember.tensor([[[[0, 1], [0, 1]]]],
            ...                                              dtype=ember.int32))
            >>> mask.q_num_blocks, mask.shape
            (tensor([[[2, 1]]], dtype=ember.int32), (1, 1, 256, 256))
        """
        if kv_indices.dim() < 2:
            raise RuntimeError("BlockMask must have at least 2 dimensions")
        if (full_kv_num_blocks is None) != (full_kv_indices is None):
            raise AssertionError(
                "full_kv_num_blocks and full_kv_indices must be both provided or omitted")
        q_num_blocks = q_indices = full_q_num_blocks = full_q_indices = None
        if compute_q_blocks:
            q_num_blocks, q_indices = _transpose_ordered(kv_num_blocks, kv_indices)
            if full_kv_num_blocks is not None:
                full_q_num_blocks, full_q_indices = _transpose_ordered(full_kv_num_blocks,
                                                                       full_kv_indices)
        if isinstance(BLOCK_SIZE, int):
            BLOCK_SIZE = (BLOCK_SIZE, BLOCK_SIZE)
        if seq_lengths is None:
            seq_lengths = (kv_indices.shape[-2] * BLOCK_SIZE[0],
                           kv_indices.shape[-1] * BLOCK_SIZE[1])
        if dq_kv_order is not None and not isinstance(dq_kv_order, (bool, Tensor)):
            raise ValueError("dq_kv_order must be a bool, Tensor, or None")
        return cls(seq_lengths, kv_num_blocks, kv_indices, full_kv_num_blocks, full_kv_indices,
                   q_num_blocks, q_indices, full_q_num_blocks, full_q_indices,
                   BLOCK_SIZE=BLOCK_SIZE, mask_mod=noop_mask if mask_mod is None else mask_mod,
                   dq_write_order=dq_write_order, dq_write_order_full=dq_write_order_full,
                   dq_kv_order=dq_kv_order if isinstance(dq_kv_order, Tensor) else None,
                   dq_kv_order_spt=dq_kv_order if isinstance(dq_kv_order, bool) else None)

    def as_tuple(self, flatten=True):
        """The mask's fields in torch's order: lengths, the eight block tensors, the dQ
        ordering fields, block sizes, mask_mod (lengths and block sizes as pairs unless
        ``flatten``)."""
        sizes = tuple(self.BLOCK_SIZE) if flatten else (self.BLOCK_SIZE,)
        lengths = tuple(self.seq_lengths) if flatten else (self.seq_lengths,)
        return (*lengths, self.kv_num_blocks, self.kv_indices, self.full_kv_num_blocks,
                self.full_kv_indices, self.q_num_blocks, self.q_indices,
                self.full_q_num_blocks, self.full_q_indices, self.dq_write_order,
                self.dq_write_order_full, self.dq_kv_order, self.dq_kv_order_spt, *sizes,
                self.mask_mod)

    @property
    def shape(self):
        """(batch dims..., query length, key/value length)."""
        return tuple(self.kv_indices.shape[:-2]) + tuple(self.seq_lengths)

    def numel(self):
        """The number of scores the mask covers (ignoring sparsity)."""
        return math.prod(self.shape)

    def sparsity(self):
        """The percentage of scores in tiles that are skipped (neither partial nor full)."""
        kept = int(self.kv_num_blocks.sum())
        if self.full_kv_num_blocks is not None:
            kept += int(self.full_kv_num_blocks.sum())
        return 100 * (1 - kept * self.BLOCK_SIZE[0] * self.BLOCK_SIZE[1] / self.numel())

    def _dense_array(self):
        dense = _ordered_to_dense(self.kv_num_blocks, self.kv_indices, self.kv_indices.shape[-1])
        if self.full_kv_num_blocks is not None:
            dense = dense | _ordered_to_dense(self.full_kv_num_blocks, self.full_kv_indices,
                                              self.full_kv_indices.shape[-1])
        return dense

    def to_dense(self):
        """The int32 0/1 tensor of kept tiles, (batch dims..., tile rows, tile columns)."""
        return Tensor._make(self._dense_array())

    def to_string(self, grid_size=(20, 20), limit=4):
        """A picture of the kept tiles per (batch, head): '█' all kept, '░' some, ' ' none,
        two characters per cell of at most ``grid_size`` cells; ``limit`` pictures at most."""
        dense = self.to_dense().cpu()._data  # the picture is drawn on the host
        *batch_dims, rows, cols = dense.shape
        if isinstance(grid_size, int):
            max_rows = max_cols = grid_size
        elif grid_size == -1:
            max_rows, max_cols = rows, cols
        else:
            max_rows, max_cols = grid_size
        row_step = max(1, -(-rows // max_rows))
        col_step = max(1, -(-cols // max_cols))
        pictures = []
        for count, index in enumerate(itertools.product(*[range(n) for n in batch_dims])):
            if count == limit:
                pictures += ["...", "To print out more, set BlockMask.to_string(limit=N)",
                             "You can also index (BlockMask[batch, head]) to choose a specific "
                             "batch or head"]
                break
            tiles = dense[index]
            lines = [f"{index}\n"]
            for r in range(0, rows, row_step):
                for c in range(0, cols, col_step):
                    share = tiles[r:r + row_step, c:c + col_step].astype("float32").mean()
                    lines.append(2 * ("█" if share == 1 else " " if share == 0 else "░"))
                lines.append("\n")
            pictures.append("".join(lines))
        return "\n".join(pictures)

    def __str__(self):
        return (f"BlockMask(shape={self.shape}, sparsity={self.sparsity():.2f}%, \n"
                f"{self.to_string().strip()}\n)")

    def __repr__(self):
        def shape_of(t):
            return None if t is None else t.shape
        name = getattr(self.mask_mod, "__name__", self.mask_mod)
        return (f"BlockMask(\n"
                f"    kv_num_blocks={self.kv_num_blocks.shape},\n"
                f"    kv_indices={self.kv_indices.shape},\n"
                f"    full_kv_num_blocks={shape_of(self.full_kv_num_blocks)},\n"
                f"    full_kv_indices={shape_of(self.full_kv_indices)},\n"
                f"    q_num_blocks={shape_of(self.q_num_blocks)},\n"
                f"    q_indices={shape_of(self.q_indices)},\n"
                f"    full_q_num_blocks={shape_of(self.full_q_num_blocks)},\n"
                f"    full_q_indices={shape_of(self.full_q_indices)},\n"
                f"    BLOCK_SIZE={self.BLOCK_SIZE},\n"
                f"    shape={self.shape},\n"
                f"    sparsity={self.sparsity():.2f}%,\n"
                f"    mask_mod={name}\n)")

    def __getitem__(self, index):
        """The mask of some batches/heads/tile rows; an int keeps its dimension as a slice
        (``mask[0]`` still has a batch dimension of 1), and the result's mask_mod refuses to
        run (a slice's rows no longer line up with the original's positions)."""
        if self.dq_kv_order is not None:
            raise NotImplementedError(
                "Slicing BlockMask with tensor dq_kv_order is not supported yet. Construct a "
                "new BlockMask with matching precomputed dq_write_order metadata.")
        index = index if isinstance(index, tuple) else (index,)
        index = (*index, slice(None), slice(None), slice(None))[:3]
        index = tuple((slice(i + n, i + n + 1) if -n <= i < 0 else slice(i, i + 1))
                      if isinstance(i, int) else i
                      for i, n in zip(index, self.kv_num_blocks.shape[:3]))
        full = self.full_kv_num_blocks is not None
        return BlockMask.from_kv_blocks(
            self.kv_num_blocks[index], self.kv_indices[index],
            self.full_kv_num_blocks[index] if full else None,
            self.full_kv_indices[index] if full else None, BLOCK_SIZE=self.BLOCK_SIZE,
            mask_mod=_sliced_mask_mod_error, seq_lengths=self.seq_lengths,
            compute_q_blocks=self.q_indices is not None, dq_kv_order=self.dq_kv_order_spt)

    def _adjust(self, new_q_len, new_kv_len):
        """The mask cropped (or grown with no tiles) to new lengths from the top-left."""
        rows = -(-new_q_len // self.BLOCK_SIZE[0])
        cols = -(-new_kv_len // self.BLOCK_SIZE[1])

        def crop(num_blocks, indices):
            indices = indices[:, :, :rows, :cols]
            num_blocks = num_blocks[:, :, :rows].clamp(max=cols)
            return (indices < num_blocks[..., None]).sum(-1).to(D.int32), indices

        full = self.full_kv_num_blocks is not None
        new = self.from_kv_blocks(
            *crop(self.kv_num_blocks, self.kv_indices),
            *(crop(self.full_kv_num_blocks, self.full_kv_indices) if full else (None, None)),
            BLOCK_SIZE=self.BLOCK_SIZE, mask_mod=self.mask_mod,
            seq_lengths=(new_q_len, new_kv_len), compute_q_blocks=self.q_indices is not None)
        new.dq_kv_order_spt = self.dq_kv_order_spt
        return new

    def to(self, device):
        """The same mask with its tensors on ``device``."""
        moved = {name: None if getattr(self, name) is None else getattr(self, name).to(device)
                 for name in self._TENSOR_ATTRS}
        return BlockMask(self.seq_lengths, **moved, BLOCK_SIZE=self.BLOCK_SIZE,
                         mask_mod=self.mask_mod, dq_kv_order_spt=self.dq_kv_order_spt)


def create_block_mask(mask_mod, B, H, Q_LEN, KV_LEN, device=None,
                      BLOCK_SIZE=_DEFAULT_SPARSE_BLOCK_SIZE, _compile=False,
                      separate_full_blocks=True, compute_dq_write_order=False,
                      dq_kv_order=True):
    """The BlockMask of a mask_mod: evaluates it on every (b, h, q_idx, kv_idx) and records
    which BLOCK_SIZE tiles it keeps partly or wholly.

    Args:
        mask_mod (callable): ``(b, h, q_idx, kv_idx) -> bool tensor`` (True keeps the score).
        B (int or None): batch size (None: 1, shared by all batches).
        H (int or None): number of heads (None: 1, shared by all heads).
        Q_LEN (int): query length.
        KV_LEN (int): key/value length.
        device (str or device, optional): where to build it (default: the accelerator, else
            the CPU).
        BLOCK_SIZE (int or tuple of int): tile size. Default: 128.
        separate_full_blocks (bool): keep whole tiles apart from partial ones. Default: True.
        compute_dq_write_order (bool): torch's deterministic-backward metadata for its CUDA
            kernel; ember has no such kernel and refuses True.

    Returns:
        BlockMask: the mask.

    Example:
        >>> from ember.nn.attention.flex_attention import create_block_mask
        >>> print(create_block_mask(lambda b, h, q, kv: q >= kv, 1, 1, 512, 512,
        ...                         device="cpu"))
        BlockMask(shape=(1, 1, 512, 512), sparsity=37.50%,
        (0, 0)
        ██
        ████
        ██████
        ████████
        )
    """
    device = _default_device(device)
    if _positional_count(mask_mod) != 4:
        raise AssertionError(f"create-block_mask requires a mask_mod function! Got {mask_mod}")
    q_block, kv_block = (BLOCK_SIZE, BLOCK_SIZE) if isinstance(BLOCK_SIZE, int) else BLOCK_SIZE
    if _compile:
        warnings.warn(
            "_compile flag on create_block_mask was originally added to work around a "
            "torch.compile limitation. That limitation has since been addressed. So, to compile "
            "create_block_mask, we suggest doing torch.compile(create_block_mask). This still "
            "works for now, but will be removed in the future.", DeprecationWarning, stacklevel=2)
    if not isinstance(dq_kv_order, bool):
        raise ValueError("dq_kv_order must be a bool when using create_block_mask")
    if compute_dq_write_order:
        raise NotImplementedError("compute_dq_write_order orders the dQ writes of torch's CUDA "
                                  "flash kernel, which ember does not have")
    mask = create_mask(mask_mod, B, H, Q_LEN, KV_LEN, device)
    partial, full = _tiles(mask, q_block, kv_block, separate_full_blocks)
    num, indices = _dense_to_ordered(partial, _xp_for(mask.device))
    full_num = full_indices = None
    if full is not None:
        full_num, full_indices = _dense_to_ordered(full, _xp_for(mask.device))
    return BlockMask.from_kv_blocks(num, indices, full_num, full_indices,
                                    BLOCK_SIZE=(q_block, kv_block), mask_mod=mask_mod,
                                    seq_lengths=(Q_LEN, KV_LEN))


def _create_empty_block_mask(query, key):
    """The mask of one tile covering everything, used when no block_mask is given."""
    from ... import ones, zeros
    return BlockMask.from_kv_blocks(ones([1, 1, 1], dtype=D.int32, device=query.device),
                                    zeros([1, 1, 1, 1], dtype=D.int32, device=query.device),
                                    BLOCK_SIZE=_LARGE_SPARSE_BLOCK_SIZE, seq_lengths=(1, 1))


class _PassThrough(Function):
    """The node torch's flex_attention records: the computation underneath is built from
    ember ops (so gradients reach the tensors the mods capture); this node passes gradients
    through and carries torch's ``grad_fn`` name (set below)."""

    @staticmethod
    def forward(ctx, out, lse):
        # views, not the inputs as they are: torch's op makes new outputs, which may be
        # changed in place (a custom Function's returned input may not)
        return out.view_as(out), lse.view_as(lse)

    @staticmethod
    def backward(ctx, grad_out, grad_lse):
        return grad_out, grad_lse


_PassThrough._backward_cls.__name__ = "FlexAttentionAutogradOpBackward"


def _check_inputs(query, key, value, enable_gqa, block_mask):
    if query.device != key.device or query.device != value.device:
        raise ValueError(f"Expected query, key, and value to have the same device type, but "
                         f"got query.device: {query.device}, key.device: {key.device}, and "
                         f"value.device: {value.device} instead.")
    if query.dim() < 2 or key.dim() < 2 or value.dim() < 2:
        raise ValueError(f"Expected query, key, and value to all be  at least 2 dimensional, "
                         f"but got query.dim: {query.dim()}, key.dim: {key.dim()} and "
                         f"value.dim: {value.dim()} instead.")
    if query.size(-1) != key.size(-1):
        raise ValueError(f"Expect query and key/value to have the same embedding dimension but "
                         f"got E={query.size(-1)} and E={key.size(-1)}.")
    if query.device.type == "cpu" and (query.requires_grad or key.requires_grad
                                       or value.requires_grad):
        raise NotImplementedError("FlexAttention does not support backward on CPU. Please set "
                                  "the input requires_grad to False or use another device.")
    if query.dim() != 4 or key.dim() != 4 or value.dim() != 4:
        raise NotImplementedError("NYI: query, key, and value must be 4D tensors")
    heads_q, heads_kv = query.size(1), key.size(1)
    if not enable_gqa and heads_q != heads_kv:
        raise ValueError(f"Expect query and key/value to have the same number of heads but got "
                         f"Hq={heads_q} and Hkv={heads_kv}. Try setting enable_gqa=True for "
                         f"GQA.")
    if enable_gqa and heads_q % heads_kv != 0:
        raise ValueError(f"Expect number of query heads to be a multiple of kv heads for GQA "
                         f"but got Hq={heads_q} and Hkv={heads_kv}.")
    if query.size(0) != key.size(0):
        if block_mask is None:
            raise ValueError(f"Expect query and key/value to have the same batch size, or "
                             f"non-none block_mask, but got block_mask=None, "
                             f"Bq={query.size(0)}, and Bkv={key.size(0)}.")
        if block_mask.kv_num_blocks.size(0) != query.size(0):
            raise ValueError(f"Expect query and key/value to have the same batch size, or "
                             f"block_mask and query to have the same batch size, but got "
                             f"Bq={query.size(0)}, Bkv={key.size(0)}, "
                             f"B_block_mask={block_mask.kv_num_blocks.size(0)}.")


def _check_block_mask(block_mask, query, key):
    if block_mask.BLOCK_SIZE == (_LARGE_SPARSE_BLOCK_SIZE, _LARGE_SPARSE_BLOCK_SIZE):
        return
    q_len, kv_len = block_mask.shape[-2], block_mask.shape[-1]
    got = (f"block_mask was created for block_mask.shape={block_mask.shape} but got "
           f"q_len={query.size(-2)} and kv_len={key.size(-2)}. ")
    if query.size(-2) > q_len or key.size(-2) > kv_len:
        raise ValueError(got + "As the block mask was created for a smaller length than you're "
                         "using it for, you likely need to create a new block mask.")
    if query.size(-2) != q_len or key.size(-2) != kv_len:
        raise ValueError(got + "As the block mask was created for a larger length than you're "
                         "using it for, you can either 1. create a new block mask with the "
                         "correct length, or 2. 'adjust' the existing block mask to the "
                         "correct length by calling block_mask._adjust(q_len, kv_len). This "
                         "essentially 'crops' the block mask to the upper left corner, which "
                         "does not work for all mask_mods!")


def _kernel_options(query, return_lse, kernel_options, return_aux):
    options = dict(kernel_options or {})
    if "BACKEND" in options and options.get("FORCE_USE_FLEX_ATTENTION", False):
        raise RuntimeError(
            "BACKEND cannot be combined with legacy FORCE_USE_FLEX_ATTENTION. BACKEND "
            "supersedes the legacy knob; please drop FORCE_USE_FLEX_ATTENTION and only specify "
            "the desired BACKEND.")
    if "BACKEND" in options and options["BACKEND"] not in _BACKENDS:
        raise ValueError(f"Invalid BACKEND value '{options['BACKEND']}'. Must be one of "
                         f"{_BACKENDS}")
    for internal in ("OUTPUT_LOGSUMEXP", "OUTPUT_MAX"):
        if internal in options:
            raise AssertionError(f"{internal} must not be in kernel_options")
    wants_max = return_aux is not None and return_aux.max_scores
    if options.get("BACKEND") == "FLASH" and wants_max:
        raise NotImplementedError("Returning max scores is not supported with BACKEND='FLASH'. "
                                  "Use return_aux=AuxRequest(lse=True) or omit max_scores.")
    if wants_max and query.device.type == "cpu":
        raise NotImplementedError("Returning max scores is not supported on CPU/MPS.")


def _attend(query, key, value, score_mod, mask_mod, scale):
    """The unfused attention: scores in float32 (float64 for float64 queries), mods applied on
    index grids, softmax with fully masked rows giving zeros; returns (out, lse, max)."""
    from ... import tensor, where
    working = D.float64 if query.dtype is D.float64 else D.float32
    groups = query.size(1) // key.size(1)
    key = key.repeat_interleave(groups, dim=1)
    value = value.repeat_interleave(groups, dim=1)
    batch_q, batch_kv = query.size(0), key.size(0)
    if not (batch_q == batch_kv or (batch_q > 1 and batch_kv == 1)):
        raise RuntimeError(f"Bq and Bkv must broadcast. Got Bq={batch_q} and Bkv={batch_kv}")
    key = key.expand((batch_q, *key.shape[1:]))
    value = value.expand((batch_q, *value.shape[1:]))
    scores = query.to(working) @ key.to(working).transpose(-2, -1)
    grids = _index_grids(*scores.shape, device=scores.device)
    scores = (scores * scale).to(working)
    kept = _as_tensor_like(mask_mod(*grids), scores)
    modded = _as_tensor_like(score_mod(scores, *grids), scores)
    minus_inf = tensor(-math.inf, dtype=working, device=scores.device)
    scores = where(kept, modded, minus_inf).expand(scores.shape)
    dead = (scores == -math.inf).all(dim=-1, keepdim=True)
    lse = where(dead.squeeze(-1), -math.inf, scores.logsumexp(dim=-1))
    maximum = scores.max(dim=-1)[0]
    # Fully masked rows attend to nothing (zeros), with zero gradients rather than NaNs.
    weights = where(dead, 0.0, where(dead, 0.0, scores).softmax(dim=-1))
    out = weights.to(query.dtype) @ value.to(query.dtype)
    # torch's kernels keep the statistics in base 2 and convert back on return.
    return out, lse / math.log(2) * math.log(2), maximum


def flex_attention(query, key, value, score_mod=None, block_mask=None, scale=None,
                   enable_gqa=False, return_lse=False, kernel_options=None, *,
                   return_aux=None):
    """Scaled dot-product attention with user-written score and mask modifications:
    ``softmax(where(mask_mod(b, h, i, j), score_mod(q_i . k_j * scale, b, h, i, j), -inf))
    @ v``, rows that keep nothing giving zeros.

    Off ``torch.compile`` torch warns once that it materialises all scores (no fused kernel),
    and so does ember. On the CPU query, key and value may not require grad (torch has no CPU
    backward for them); tensors the mods capture may, and receive their gradients.

    Args:
        query (Tensor): (B, Hq, L, E).
        key (Tensor): (B, Hkv, S, E).
        value (Tensor): (B, Hkv, S, Ev).
        score_mod (callable, optional): ``(score, b, h, q_idx, kv_idx) -> score``.
        block_mask (BlockMask, optional): the mask (its ``mask_mod``); default keeps all.
        scale (float, optional): score factor (default ``1 / sqrt(E)``).
        enable_gqa (bool): share each key/value head among Hq / Hkv query heads.
        return_lse (bool): also return the log-sum-exp per query (deprecated for
            ``return_aux``).
        kernel_options (dict, optional): torch's kernel switches (checked, then unused).
        return_aux (AuxRequest, optional): which extra outputs to return as an AuxOutput.

    Returns:
        Tensor: (B, Hq, L, Ev), or with the requested extra outputs.

    Example:
        >>> import warnings
        >>> warnings.simplefilter("ignore")
        >>> from ember.nn.attention.flex_attention import flex_attention
        >>> q = k = ember.eye(2).view(1, 1, 2, 2)
        >>> v = ember.tensor([[[[1.0], [3.0]]]])
        >>> flex_attention(q, k, v, score_mod=lambda s, b, h, i, j: s * 0)
        tensor([[[[2.],
                  [2.]]]])
    """
    if query.is_nested or key.is_nested or value.is_nested:
        raise NotImplementedError(
            "flex_attention does not support NestedTensor inputs, including "
            "torch.compile(flex_attention) with jagged NestedTensor inputs. Convert inputs to "
            "dense tensors before calling flex_attention.")
    _check_inputs(query, key, value, enable_gqa, block_mask)
    score_mod = _identity if score_mod is None else score_mod
    block_mask = _create_empty_block_mask(query, key) if block_mask is None else block_mask
    if block_mask.mask_mod is _sliced_mask_mod_error:
        raise RuntimeError("Cannot use mask_mod from a sliced BlockMask")
    _check_block_mask(block_mask, query, key)
    if scale is None:
        scale = 1.0 / math.sqrt(query.size(-1))
    if query.device != block_mask.kv_num_blocks.device:
        raise RuntimeError(f"Expect q/k/v and block_mask to be on the same device but got "
                           f"{query.device} and {block_mask.kv_num_blocks.device}.")
    if return_lse and return_aux is not None:
        raise ValueError("Cannot specify both return_lse and return_aux. return_lse is "
                         "deprecated, please use return_aux=AuxRequest(lse=True) instead.")
    if return_lse:
        _warn_once("deprecated_return_lse", "return_lse is deprecated and will be removed in "
                   "v2.10. Please use return_aux=AuxRequest(lse=True) instead.", FutureWarning)
    _kernel_options(query, return_lse, kernel_options, return_aux)
    if not _FLEX_ATTENTION_DISABLE_COMPILE_DEBUG:
        _warn_once("flex_attention_performance",
                   "flex_attention called without torch.compile() - this will use an unfused "
                   "implementation that materializes the full scores matrix instead of "
                   "generating a fused kernel.\n\nSOLUTION: Use torch.compile(flex_attention)"
                   "(...)\n\nIf you want to debug your score_mod/mask_mod, you can set:\n"
                   "torch.nn.attention.flex_attention._FLEX_ATTENTION_DISABLE_COMPILE_DEBUG = "
                   "True\n\nThis will allow you to use print statements or breakpoints. Note: "
                   "This doesn't work with the backwards pass and may produce incorrect results.")
    out, lse, maximum = _attend(query, key, value, score_mod, block_mask.mask_mod, scale)
    if out.requires_grad or lse.requires_grad:
        out, lse = _PassThrough.apply(out, lse)
    wants_lse = return_lse or (return_aux is not None and return_aux.lse)
    if return_aux is not None:
        return out, AuxOutput(lse=lse if wants_lse else None,
                              max_scores=maximum if return_aux.max_scores else None)
    if return_lse:
        return out, lse
    return out
