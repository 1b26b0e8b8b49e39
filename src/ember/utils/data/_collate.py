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

__all__ = ["collate", "default_collate", "default_collate_fn_map", "default_convert"]

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


def collate_tensor_fn(batch, *, collate_fn_map=None):
    """Tensors stack along a new first dimension."""
    return joining.stack(batch, 0)


def collate_numpy_array_fn(batch, *, collate_fn_map=None):
    """NumPy arrays become tensors, then collate as tensors (string/object arrays refuse)."""
    elem = batch[0]
    if _BAD_DTYPE.search(elem.dtype.str):
        raise TypeError(_ERROR.format(elem.dtype))
    if elem.shape == ():
        return as_tensor(np.stack(batch))
    return collate([as_tensor(array) for array in batch], collate_fn_map=collate_fn_map)


def collate_numpy_scalar_fn(batch, *, collate_fn_map=None):
    """NumPy scalars become one tensor of their dtype."""
    if _BAD_DTYPE.search(batch[0].dtype.str):
        raise TypeError(_ERROR.format(batch[0].dtype))
    return as_tensor(np.stack(batch))


def collate_float_fn(batch, *, collate_fn_map=None):
    """Python floats become a float64 tensor."""
    return tensor(batch, dtype=float64)


def collate_int_fn(batch, *, collate_fn_map=None):
    """Python ints (and bools) become an int64 (bool) tensor."""
    return tensor(batch)


def collate_str_fn(batch, *, collate_fn_map=None):
    """Strings and bytes stay a list."""
    return batch


# The leaf rules ``default_collate`` uses; programs extend a copy with their own types and pass
# it to ``collate``. Looked up by exact type first, then by isinstance in this order.
default_collate_fn_map = {Tensor: collate_tensor_fn, np.ndarray: collate_numpy_array_fn,
                          (np.bool_, np.number, np.object_): collate_numpy_scalar_fn,
                          float: collate_float_fn, int: collate_int_fn, str: collate_str_fn,
                          bytes: collate_str_fn}
default_collate_err_msg_format = _ERROR


def collate(batch, *, collate_fn_map=None):
    """Collate a list of samples: a leaf by the first rule in ``collate_fn_map`` that matches
    its type, dicts, named tuples and sequences field by field (a tuple comes back as a list).

    Args:
        batch: a list of samples of one structure.
        collate_fn_map: {type or tuple of types: fn(batch, *, collate_fn_map)} for the leaves.

    Returns:
        The batch, with the samples' structure.
    """
    elem = batch[0]
    if collate_fn_map is not None:
        rule = collate_fn_map.get(type(elem))
        if rule is None:
            rule = next((fn for kind, fn in collate_fn_map.items() if isinstance(elem, kind)),
                        None)
        if rule is not None:
            return rule(batch, collate_fn_map=collate_fn_map)
    if isinstance(elem, collections.abc.Mapping):
        collated = {key: collate([sample[key] for sample in batch],
                                 collate_fn_map=collate_fn_map) for key in elem}
        return _rebuild_mapping(elem, collated)
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):
        return type(elem)(*(collate(samples, collate_fn_map=collate_fn_map)
                            for samples in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        size = len(elem)
        if any(len(sample) != size for sample in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        columns = [collate(samples, collate_fn_map=collate_fn_map) for samples in zip(*batch)]
        if isinstance(elem, tuple):
            return columns
        try:
            return type(elem)(columns)
        except TypeError:
            return columns
    raise TypeError(_ERROR.format(type(elem)))


def default_collate(batch):
    """Collate a list of samples into a batch, following PyTorch's rules."""
    return collate(batch, collate_fn_map=default_collate_fn_map)
