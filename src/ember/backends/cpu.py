"""ember.backends.cpu: the widest vector instruction set NumPy's kernels dispatch to here."""
from __future__ import annotations


def get_cpu_capability():
    """'AVX512', 'AVX2' or 'DEFAULT' (PyTorch's names), from NumPy's detected CPU features."""
    try:
        from numpy._core._multiarray_umath import __cpu_features__ as features
    except ImportError:  # NumPy 1.x
        from numpy.core._multiarray_umath import __cpu_features__ as features
    if all(features.get(f) for f in ("AVX512F", "AVX512BW", "AVX512VL", "AVX512DQ")):
        return "AVX512"
    if features.get("AVX2"):
        return "AVX2"
    return "DEFAULT"
