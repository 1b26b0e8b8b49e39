"""PyTorch's default collation: a list of samples becomes one batch of the same structure.

Tensors are stacked along a new first dimension; NumPy arrays and NumPy scalars become
tensors first; Python floats become a float64 tensor and ints an int64 tensor; strings stay a
list; dicts, named tuples and sequences are collated field by field (a tuple comes back as a
list, as in PyTorch).
"""
import collections.abc
import re

import numpy as np

from ..._dtype import float64
from ..._tensor import Tensor, as_tensor, tensor
from ...ops import joining

__all__ = ["default_collate", "default_convert"]

_BAD_DTYPE = re.compile(r"[SaUO]")
_ERROR = ("default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; "
          "found {}")


def default_convert(data):
    """Turn NumPy arrays and scalars inside ``data`` into tensors, keeping the structure.

    This is what a DataLoader applies when automatic batching is off (``batch_size=None``).
    """
    if isinstance(data, Tensor):
        return data
    if isinstance(data, np.ndarray):
        if _BAD_DTYPE.search(data.dtype.str):
            return data
        return as_tensor(data)
    if isinstance(data, np.generic) and not isinstance(data, (np.str_, np.bytes_)):
        # Through a 0-d array, so the NumPy scalar's dtype is kept.
        return as_tensor(np.asarray(data))
    if isinstance(data, (str, bytes)):
        return data
    if isinstance(data, collections.abc.Mapping):
        converted = {key: default_convert(value) for key, value in data.items()}
        return _rebuild_mapping(data, converted)
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(default_convert(value) for value in data))
    if isinstance(data, tuple):
        return [default_convert(value) for value in data]
    if isinstance(data, collections.abc.Sequence):
        converted = [default_convert(value) for value in data]
        try:
            return type(data)(converted)
        except TypeError:
            return converted
    return data


def _rebuild_mapping(template, values):
    """A mapping of ``template``'s type holding ``values`` (a plain dict if that type refuses)."""
    if isinstance(template, collections.abc.MutableMapping):
        try:
            clone = type(template)()
            clone.update(values)
            return clone
        except TypeError:
            return values
    try:
        return type(template)(values)
    except TypeError:
        return values


def default_collate(batch):
    """Collate a list of samples into a batch, following PyTorch's rules."""
    elem = batch[0]
    if isinstance(elem, Tensor):
        return joining.stack(batch, 0)
    if isinstance(elem, np.ndarray) or isinstance(elem, np.generic) and not isinstance(
            elem, (np.str_, np.bytes_)):
        if _BAD_DTYPE.search(elem.dtype.str):
            raise TypeError(_ERROR.format(elem.dtype))
        if elem.shape == ():
            return as_tensor(np.stack(batch))
        return default_collate([as_tensor(array) for array in batch])
    if isinstance(elem, bool):
        return tensor(batch)
    if isinstance(elem, float):
        return tensor(batch, dtype=float64)
    if isinstance(elem, int):
        return tensor(batch)
    if isinstance(elem, (str, bytes)):
        return batch
    if isinstance(elem, collections.abc.Mapping):
        collated = {key: default_collate([sample[key] for sample in batch]) for key in elem}
        return _rebuild_mapping(elem, collated)
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):
        return type(elem)(*(default_collate(samples) for samples in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        size = len(elem)
        if any(len(sample) != size for sample in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        columns = [default_collate(samples) for samples in zip(*batch)]
        if isinstance(elem, tuple):
            return columns
        try:
            return type(elem)(columns)
        except TypeError:
            return columns
    raise TypeError(_ERROR.format(type(elem)))
