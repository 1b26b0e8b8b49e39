"""Forward + backward time of the hot neural-network kernels, ember beside torch.

    python benchmarks/run.py kernels

Sizes are those of a small transformer/MLP step: activations on a 256 x 1024 batch,
cross_entropy over 1000 classes, layer_norm over the last dim of a (64, 128, 256) tensor.
Each kernel runs on float32 input with a random upstream gradient, so backward does real work.
"""
from __future__ import annotations

import os
import sys

import numpy as np

# Idle OpenMP workers must sleep, not spin: on a machine with few cores torch's spinning
# threads steal the core that the next (single-threaded NumPy) ember run needs, doubling its
# time. run.py imports this file before torch, so the setting reaches torch's OpenMP runtime.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import interleaved


def _kernels(lib):
    """name -> (input shape, function of (lib, x, extra) returning a tensor)."""
    functional = lib.nn.functional
    return {
        "softmax": ((256, 1024), lambda x, extra: functional.softmax(x, -1)),
        "log_softmax": ((256, 1024), lambda x, extra: functional.log_softmax(x, -1)),
        "gelu_tanh": ((256, 1024), lambda x, extra: functional.gelu(x, approximate="tanh")),
        "gelu": ((256, 1024), lambda x, extra: functional.gelu(x)),
        "silu": ((256, 1024), lambda x, extra: functional.silu(x)),
        "layer_norm": ((64, 128, 256),
                       lambda x, extra: functional.layer_norm(x, (256,), *extra)),
        "cross_entropy": ((256, 1000), lambda x, extra: functional.cross_entropy(x, extra[0])),
    }


def _step(lib, name, shape, fn):
    """A closure running fn forward and backward once on fresh leaves."""
    rng = np.random.default_rng(0)
    x = lib.tensor(rng.standard_normal(shape, dtype=np.float32), requires_grad=True)
    if name == "layer_norm":
        extra = (lib.tensor(rng.standard_normal(shape[-1:], dtype=np.float32),
                            requires_grad=True),
                 lib.tensor(rng.standard_normal(shape[-1:], dtype=np.float32),
                            requires_grad=True))
    elif name == "cross_entropy":
        extra = (lib.tensor(rng.integers(0, shape[1], shape[0])),)
    else:
        extra = ()
    grad = None if name == "cross_entropy" else \
        lib.tensor(rng.standard_normal(shape, dtype=np.float32))

    def step():
        x.grad = None
        out = fn(x, extra)
        out.backward(grad)
    return step


def _measure(libs, name, result, suffix=""):
    fns = {}
    for lib_name, lib in libs.items():
        shape, fn = _kernels(lib)[name]
        fns[lib_name] = _step(lib, name, shape, fn)
    best = interleaved(fns, repeat=15)
    for lib_name, seconds in best.items():
        result[f"{name}.{lib_name}{suffix}"] = seconds * 1e3
    if "torch" in best:
        result[f"{name}.ratio{suffix}"] = best["ember"] / best["torch"]


def kernels(libs):
    """fwd+bwd milliseconds per kernel for each library, with ember/torch ratios.

    Torch runs first with run.py's thread count (NumPy's BLAS threads), then with one thread
    (keys ending in _1thread): NumPy's elementwise ufuncs use one core, and on a small machine
    torch's spinning worker threads also slow down the ember runs interleaved with them.
    """
    result = {}
    for name in _kernels(libs["ember"]):
        _measure(libs, name, result)
    if "torch" in libs:
        threads = libs["torch"].get_num_threads()
        libs["torch"].set_num_threads(1)
        try:
            for name in _kernels(libs["ember"]):
                _measure(libs, name, result, "_1thread")
        finally:
            libs["torch"].set_num_threads(threads)
    return result, "ms fwd+bwd (ratio = ember/torch)", "each kernel ≤ 2x torch"


WORKLOADS = {"kernels": kernels}
