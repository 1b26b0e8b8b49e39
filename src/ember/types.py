"""ember.types: the type aliases PyTorch programs annotate with (``torch.types``)."""
from __future__ import annotations

import builtins
import os
from typing import IO, Sequence, Union

from ._device import device as _device
from ._dtype import dtype as _dtype  # noqa: F401 - torch.types names it
from ._tensor import Size, Tensor

_int = builtins.int
_float = builtins.float
_bool = builtins.bool
_complex = builtins.complex
_str = builtins.str
_bytes = builtins.bytes
_size = Union[Size, list[_int], tuple[_int, ...]]
_symsize = _size
_dispatchkey = str
_Number = Number = Union[_int, _float, _bool]
_TensorOrTensors = Union[Tensor, Sequence[Tensor]]
_TensorOrOptionalTensors = Union[Tensor, Sequence[Union[Tensor, None]]]

Device = Union[_device, str, _int, None]
Storage = Tensor  # ember keeps storage inside the tensor; annotations accept the tensor
IntLikeType = SymInt = _int
FloatLikeType = SymFloat = _float
BoolLikeType = SymBool = _bool
py_sym_types = (SymInt, SymFloat, SymBool)
PySymType = Union[SymInt, SymFloat, SymBool]
FileLike = Union[str, os.PathLike, IO[bytes]]

__all__ = ["Number", "Device", "Storage", "FileLike", "IntLikeType", "FloatLikeType",
           "BoolLikeType", "PySymType", "Size", "Tensor"]
