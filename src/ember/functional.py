"""ember.functional: the module PyTorch keeps its tensor-manipulation helpers in.

The same functions as ``ember.<name>``; programs import them from here as
``from torch.functional import einsum``. Loaded on first use, after ember itself.
"""
from __future__ import annotations

import ember as _ember

_NAMES = ("atleast_1d", "atleast_2d", "atleast_3d", "broadcast_shapes", "broadcast_tensors",
          "cartesian_prod", "block_diag", "cdist", "chain_matmul", "einsum", "istft", "lu",
          "norm", "meshgrid", "pca_lowrank", "split", "stft", "svd_lowrank", "tensordot",
          "unique", "unique_consecutive", "unravel_index")

__all__ = [name for name in _NAMES if hasattr(_ember, name)]
globals().update({name: getattr(_ember, name) for name in __all__})
