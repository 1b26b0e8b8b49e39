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

# Calls with Tensor subclasses, duck types or an active mode go through __torch_function__.
from ._subclass import dispatch_namespace as _dispatch_namespace  # noqa: E402

_dispatch_namespace(globals(), "ember.linalg")
