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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import interleaved  # noqa: E402


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


def kernels(libs):
    """fwd+bwd milliseconds per kernel for each library, with ember/torch ratios."""
    result = {}
    for name in _kernels(libs["ember"]):
        fns = {}
        for lib_name, lib in libs.items():
            shape, fn = _kernels(lib)[name]
            fns[lib_name] = _step(lib, name, shape, fn)
        best = interleaved(fns, repeat=15)
        for lib_name, seconds in best.items():
            result[f"{name}.{lib_name}"] = seconds * 1e3
        if "torch" in best:
            result[f"{name}.ratio"] = best["ember"] / best["torch"]
    return result, "ms fwd+bwd (ratio = ember/torch)", "each kernel ≤ 2x torch"


WORKLOADS = {"kernels": kernels}
