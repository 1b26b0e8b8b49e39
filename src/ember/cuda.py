"""ember.cuda: the CUDA device, through CuPy when it is installed and a GPU is present."""
from __future__ import annotations


def _cupy():
    try:
        import cupy
        return cupy
    except ImportError:
        return None


def is_available():
    """True when CuPy is installed and sees at least one GPU."""
    cp = _cupy()
    if cp is None:
        return False
    try:
        return cp.cuda.runtime.getDeviceCount() > 0
    except Exception:  # CuPy present but no driver/GPU
        return False


def device_count():
    return _cupy().cuda.runtime.getDeviceCount() if is_available() else 0


def manual_seed_all(seed):
    if is_available():
        _cupy().random.seed(seed)


manual_seed = manual_seed_all
