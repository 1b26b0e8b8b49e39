"""MLP training step with nn.Module + optim.SGD, ember and torch side by side (issue 4's budget).

    python benchmarks/run.py mlp

The step: a batch of 128 float32 vectors of 784 -> Linear(784, 512) + ReLU -> Linear(512, 256)
+ ReLU -> Linear(256, 10) -> cross-entropy, zero_grad, backward, SGD(lr=0.01, momentum=0.9).
The same script runs on both libraries (``import ember as torch`` style), alternating
repetitions so that both see the same machine load.
"""
from __future__ import annotations

import numpy as np

BATCH = 128
BUDGET = "MLP step ≤ 1.3x torch"


def make_step(lib, seed=0):
    lib.manual_seed(seed)
    nn = lib.nn
    model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(),
                          nn.Linear(256, 10))
    opt = lib.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    rng = np.random.default_rng(seed)
    x = lib.tensor(rng.standard_normal((BATCH, 784)).astype(np.float32))
    y = lib.tensor(rng.integers(0, 10, BATCH).astype(np.int64))

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss
    return step


def mlp_step(libs):
    """ms per training step for each library."""
    from run import interleaved
    steps = {name: make_step(lib) for name, lib in libs.items()}
    for s in steps.values():  # warm up (first-call allocations, lazy imports)
        s()
    best = interleaved(steps, repeat=7, number=5)
    return {k: v * 1e3 for k, v in best.items()}, "ms/step", BUDGET


WORKLOADS = {"mlp": mlp_step}
