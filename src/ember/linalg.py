"""``ember.linalg``: PyTorch's ``torch.linalg`` namespace (norms, inverses, solves,
decompositions). The ops themselves, with their derivatives, live in ``ember.ops.linalg``."""
from __future__ import annotations

from .ops.linalg import LINALG as _LINALG
from .ops.linalg_eig import LINALG as _LINALG_EIG
from .ops.linalg_more import LINALG as _LINALG_MORE

globals().update(_LINALG)
globals().update(_LINALG_MORE)
globals().update(_LINALG_EIG)
__all__ = list(_LINALG) + list(_LINALG_MORE) + list(_LINALG_EIG)
