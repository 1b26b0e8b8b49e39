"""ember.backends.mkl: whether the BLAS NumPy computes with is Intel's MKL."""
from __future__ import annotations


def is_available():
    """True when NumPy is linked against MKL (ember's matmuls then run on it)."""
    import numpy as np
    try:
        config = np.show_config(mode="dicts")
    except TypeError:  # NumPy < 1.25 prints its configuration and has no dict form
        return False
    libraries = config.get("Build Dependencies", {})
    return any("mkl" in str(info.get("name", "")).lower() for info in libraries.values())
