"""``ember.utils.data._utils.collate``: collation by type rules, where PyTorch programs import
``collate``, ``default_collate_fn_map`` (to register their own types) and ``default_collate``."""
from .._collate import (  # noqa: F401
    collate,
    collate_float_fn,
    collate_int_fn,
    collate_numpy_array_fn,
    collate_numpy_scalar_fn,
    collate_str_fn,
    collate_tensor_fn,
    default_collate,
    default_collate_err_msg_format,
    default_collate_fn_map,
    default_convert,
)
