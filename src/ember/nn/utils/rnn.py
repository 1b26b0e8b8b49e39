"""Variable-length sequences: padding them into one tensor, and PackedSequence, the compact
time-major layout that recurrent layers consume.

A PackedSequence stores, for each time step t, the elements of the sequences still running at t
(sequences sorted by decreasing length), concatenated: ``data`` has sum(lengths) rows and
``batch_sizes[t]`` says how many belong to step t.
"""
from __future__ import annotations

from collections import namedtuple

import numpy as np

from ..._tensor import Tensor

__all__ = [
    "PackedSequence",
    "invert_permutation",
    "pack_padded_sequence",
    "pack_sequence",
    "pad_packed_sequence",
    "pad_sequence",
    "unpack_sequence",
    "unpad_sequence",
]


def invert_permutation(permutation):
    """The permutation that undoes ``permutation`` (None stays None)."""
    if permutation is None:
        return None
    from ... import arange, empty_like
    inverse = empty_like(permutation)
    return inverse.scatter_(0, permutation, arange(permutation.numel(),
                                                   device=permutation.device))


class PackedSequence(namedtuple("PackedSequence",
                                ["data", "batch_sizes", "sorted_indices", "unsorted_indices"])):
    """Packed variable-length sequences: ``data`` (sum of lengths, *), ``batch_sizes`` (int64,
    one per time step), and the permutation from the caller's batch order to the sorted one."""

    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None:
            unsorted_indices = invert_permutation(sorted_indices)
        if batch_sizes is None:
            # PackedSequence((data, batch_sizes)) or PackedSequence(data, batch_sizes) forms.
            if not (isinstance(data, (list, tuple)) and len(data) == 2):
                raise AssertionError("Expected data to be a list or tuple of length 2")
            data, batch_sizes = data
        if batch_sizes.device.type != "cpu":
            raise ValueError("batch_sizes should always be on CPU. Instances of PackedSequence "
                             "should never be created manually. They should be instantiated by "
                             "functions like pack_sequence and pack_padded_sequences in "
                             "nn.utils.rnn. https://pytorch.org/docs/stable/nn.html#torch.nn."
                             "utils.rnn.pack_sequence")
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    def to(self, *args, **kwargs):
        """The same packing with ``data`` converted; indices follow data's device."""
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self
        move = (lambda t: None if t is None else t.to(device=data.device))
        return type(self)(data, self.batch_sizes, move(self.sorted_indices),
                          move(self.unsorted_indices))

    def cuda(self, *args, **kwargs):
        return self.to("cuda", *args, **kwargs)

    def cpu(self, *args, **kwargs):
        return self.to("cpu", *args, **kwargs)

    def double(self):
        from ... import float64
        return self.to(dtype=float64)

    def float(self):
        from ... import float32
        return self.to(dtype=float32)

    def half(self):
        from ... import float16
        return self.to(dtype=float16)

    def long(self):
        from ... import int64
        return self.to(dtype=int64)

    def int(self):
        from ... import int32
        return self.to(dtype=int32)

    @property
    def is_cuda(self):
        return self.data.is_cuda

    def is_pinned(self):
        return False


def _time_major(input, batch_first):
    return input.transpose(0, 1) if batch_first else input


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    """Pack a padded batch (T, B, *) (or (B, T, *) with ``batch_first``) of sequences with the
    given lengths; unsorted lengths need ``enforce_sorted=False``."""
    from ... import as_tensor, from_numpy, int64
    if isinstance(lengths, Tensor):
        if lengths.device.type != "cpu" or lengths.dim() != 1:
            raise RuntimeError(f"'lengths' argument should be a 1D CPU int64 tensor, but got "
                               f"{lengths.dim()}D {lengths.device} Long tensor")
        lengths = lengths.to(dtype=int64).numpy()
    lengths = np.asarray(lengths, dtype=np.int64)
    if lengths.ndim != 1:
        raise RuntimeError(f"'lengths' argument should be a 1D CPU int64 tensor, but got "
                           f"{lengths.ndim}D cpu Long tensor")
    batch = input.shape[0 if batch_first else 1] if input.dim() >= 2 else None
    if batch is not None and lengths.shape[0] != batch:
        raise RuntimeError(f"Expected `len(lengths)` to be equal to batch_size, but got "
                           f"{lengths.shape[0]} (batch_size={batch})")
    sorted_indices = unsorted_indices = None
    if enforce_sorted:
        if np.any(lengths[1:] > lengths[:-1]):
            raise RuntimeError("`lengths` array must be sorted in decreasing order when "
                               "`enforce_sorted` is True. You can pass `enforce_sorted=False` to "
                               "pack_padded_sequence and/or pack_sequence to sidestep this "
                               "requirement if you do not need ONNX exportability.")
    else:
        order = np.argsort(-lengths, kind="stable")
        lengths = lengths[order]
        sorted_indices = from_numpy(order).to(input.device)
        # The inverse from the host order (a scatter on the device would read it back to check)
        unsorted_indices = from_numpy(np.argsort(order, kind="stable")).to(input.device)
        input = input[order] if batch_first else input[:, order]
    if input.numel() == 0:
        raise RuntimeError("Cannot pack empty tensors.")
    if lengths.size and lengths[-1] <= 0:
        raise RuntimeError("Length of all samples has to be greater than 0, but found an element "
                           "in 'lengths' that is <= 0")
    steps = _time_major(input, batch_first)
    total_steps, batch = steps.shape[0], steps.shape[1]
    if lengths[0] > total_steps:
        raise RuntimeError(f"Expected sequence length to be larger than or equal to the "
                           f"maximum length, got {total_steps} < {lengths[0]}")
    max_length = int(lengths[0])
    batch_sizes = (lengths[None, :] > np.arange(max_length)[:, None]).sum(1)
    # Row t*B + b of the flattened (T*B, *) input is step t of sequence b: keep b < size_t.
    keep = np.arange(batch)[None, :] < batch_sizes[:, None]
    rows = np.nonzero(keep.ravel())[0]
    data = steps[:max_length].reshape((max_length * batch,) + tuple(steps.shape[2:]))[rows]
    return PackedSequence(data, as_tensor(batch_sizes.astype(np.int64)), sorted_indices,
                          unsorted_indices)


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    """Undo ``pack_padded_sequence``: (padded batch, int64 lengths) in the caller's order."""
    from ... import cat, from_numpy, full
    if isinstance(padding_value, bool) or not isinstance(padding_value, (int, float)):
        raise TypeError(f"_pad_packed_sequence(): argument 'padding_value' (position 4) must be "
                        f"Number, not {type(padding_value).__name__}")
    batch_sizes = sequence.batch_sizes.numpy()
    max_length = batch_sizes.size
    if total_length is not None:
        if total_length < max_length:
            raise ValueError("Expected total_length to be at least the length of the longest "
                             f"sequence in input, but got total_length={total_length} and max "
                             f"sequence length being {max_length}")
        max_length = total_length
    data = sequence.data
    batch = int(batch_sizes[0])
    feature_shape = tuple(data.shape[1:])
    steps = batch_sizes.size
    valid = np.zeros((max_length, batch), dtype=bool)
    valid[:steps] = np.arange(batch)[None, :] < batch_sizes[:, None]
    # Every padded slot reads the extra row appended after data (the padding value).
    source = np.full(max_length * batch, data.shape[0], dtype=np.int64)
    source[valid.ravel()] = np.arange(data.shape[0])
    padding = full((1,) + feature_shape, padding_value, dtype=data.dtype, device=data.device)
    padded = cat([data, padding])[source].reshape((max_length, batch) + feature_shape)
    lengths = valid.sum(0).astype(np.int64)
    if batch_first:
        padded = padded.transpose(0, 1)
    if sequence.unsorted_indices is not None:
        order = sequence.unsorted_indices
        padded = padded[order] if batch_first else padded[:, order]
        lengths = lengths[order.cpu().numpy()]  # the lengths are on the host, as torch's are
    return padded, from_numpy(lengths)


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    """Stack sequences of shapes (L_i, *) into (max L, B, *) (or (B, max L, *)), filling with
    ``padding_value`` on the ``padding_side``."""
    if not isinstance(batch_first, bool):
        raise TypeError(f"pad_sequence(): argument 'batch_first' (position 2) must be bool, not "
                        f"{type(batch_first).__name__}")
    if isinstance(padding_value, bool) or not isinstance(padding_value, (int, float)):
        raise TypeError(f"pad_sequence(): argument 'padding_value' (position 3) must be float, "
                        f"not {type(padding_value).__name__}")
    if padding_side not in ("left", "right"):
        raise RuntimeError(f"Expected padding_side to be one of left or right, but got "
                           f"{padding_side}.")
    if isinstance(sequences, Tensor):
        sequences = sequences.unbind(0)
    sequences = list(sequences)
    if not sequences:
        raise RuntimeError("received an empty list of sequences")
    if any(seq.ndim == 0 for seq in sequences):  # (torch's kernel slices the shape past its end)
        raise RuntimeError("ArrayRef: invalid slice, N = 1; size = 0")
    max_length = max(seq.size(0) for seq in sequences)
    # As torch builds it: a batch of the first sequence's trailing sizes and dtype, filled
    # with the padding value, each sequence copied into its slot (copy_ broadcasts and casts;
    # the result's grad_fn is CopySlices)
    first = sequences[0]
    trailing = tuple(first.shape[1:])
    shape = ((len(sequences), max_length) if batch_first else (max_length, len(sequences)))
    out = first.new_full(shape + trailing, padding_value)
    for i, seq in enumerate(sequences):
        length = seq.size(0)
        rows = slice(max_length - length, None) if padding_side == "left" else slice(0, length)
        (out[i, rows] if batch_first else out[rows, i]).copy_(seq)
    return out


def unpad_sequence(padded_sequences, lengths, batch_first=False):
    """Split a padded batch back into its sequences (a list of (L_i, *) tensors)."""
    if not batch_first:
        padded_sequences = padded_sequences.transpose(0, 1)
    if isinstance(lengths, Tensor):
        lengths = lengths.tolist()
    return [seq[:int(length)] for seq, length in zip(padded_sequences, lengths, strict=True)]


def pack_sequence(sequences, enforce_sorted=True):
    """Pack a list of (L_i, *) sequences (sorted by decreasing length unless
    ``enforce_sorted=False``)."""
    from ... import as_tensor
    lengths = as_tensor([seq.size(0) for seq in sequences])
    return pack_padded_sequence(pad_sequence(sequences), lengths,
                                enforce_sorted=enforce_sorted)


def unpack_sequence(packed_sequences):
    """The list of sequences a PackedSequence holds, in the caller's order."""
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return [padded[i][:length] for i, length in enumerate(lengths.tolist())]
