"""ember.backends.openmp: whether the BLAS NumPy uses runs its threads with OpenMP."""
from __future__ import annotations


def is_available():
    """True when threadpoolctl reports an OpenMP runtime loaded in this process."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return False
    return any(info.get("user_api") == "openmp" or info.get("threading_layer") == "openmp"
               for info in threadpool_info())
