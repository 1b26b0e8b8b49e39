"""``ember.linalg``: PyTorch's ``torch.linalg`` namespace (norms, inverses, solves,
decompositions). The ops themselves, with their derivatives, live in ``ember.ops.linalg``."""
from __future__ import annotations

from .ops.linalg import LINALG as _LINALG

globals().update(_LINALG)
__all__ = list(_LINALG)
