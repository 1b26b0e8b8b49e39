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


# --- issue 16's rows: the functional MLP step at two batch sizes, the optimizer step alone,
# and the effect of BLAS threads ------------------------------------------------------------

def make_functional_step(lib, batch, seed=0, optimizer="SGD"):
    """One step of Linear(784,512)-F.relu-Linear(512,256)-F.relu-Linear(256,10)-F.cross_entropy
    with ``optim.SGD(lr=0.01)``: zero_grad, forward, backward, step. Returns (step, model, opt)."""
    lib.manual_seed(seed)
    nn, F = lib.nn, lib.nn.functional
    layers = [nn.Linear(784, 512), nn.Linear(512, 256), nn.Linear(256, 10)]
    params = [p for layer in layers for p in layer.parameters()]
    opt = _optimizer(lib, optimizer, params)
    rng = np.random.default_rng(seed)
    x = lib.tensor(rng.standard_normal((batch, 784)).astype(np.float32))
    y = lib.tensor(rng.integers(0, 10, batch).astype(np.int64))

    def step():
        opt.zero_grad()
        h = F.relu(layers[0](x))
        h = F.relu(layers[1](h))
        loss = F.cross_entropy(layers[2](h), y)
        loss.backward()
        opt.step()
        return loss
    return step, params, opt


def _optimizer(lib, name, params):
    if name == "SGD":
        return lib.optim.SGD(params, lr=0.01)
    if name == "SGD-momentum":
        return lib.optim.SGD(params, lr=0.01, momentum=0.9)
    return getattr(lib.optim, name)(params, lr=1e-3)


def _functional_mlp(libs, batch, repeat, number):
    from run import interleaved
    steps = {name: make_functional_step(lib, batch)[0] for name, lib in libs.items()}
    for s in steps.values():
        s()
    best = interleaved(steps, repeat=repeat, number=number)
    return {k: v * 1e3 for k, v in best.items()}


def mlp128(libs):
    """ms per functional MLP training step, batch 128."""
    return _functional_mlp(libs, 128, 9, 5), "ms/step", "ratio ≤ 1.0"


def mlp1024(libs):
    """ms per functional MLP training step, batch 1024."""
    return _functional_mlp(libs, 1024, 7, 2), "ms/step", "ratio ≤ 0.8"


def optim_step(libs):
    """µs per ``optimizer.step()`` alone over the MLP's 6 parameters (535,818 floats) with
    gradients in place, for SGD, SGD with momentum, Adam and AdamW."""
    from run import interleaved
    result = {}
    for name in ("SGD", "SGD-momentum", "Adam", "AdamW"):
        steps = {}
        for lib_name, lib in libs.items():
            step, _, opt = make_functional_step(lib, 128, optimizer=name)
            step()  # gradients and optimizer state exist from here on
            steps[lib_name] = opt.step
        best = interleaved(steps, repeat=9, number=10)
        for lib_name, seconds in best.items():
            result[f"{name}.{lib_name}"] = seconds * 1e6
        if "torch" in best:
            result[f"{name}.ratio"] = best["ember"] / best["torch"]
    return result, "µs/step (ratio = ember/torch)", "ratio ≤ 1.0"


def threads(libs):
    """1 vs 2 BLAS threads (``set_num_threads``): a 1024² float32 matmul (ms) and the batch-1024
    MLP step (ms), each library at each thread count, alternating."""
    from run import interleaved
    result = {}
    rng = np.random.default_rng(0)
    a_np = rng.standard_normal((1024, 1024), dtype=np.float32)
    b_np = rng.standard_normal((1024, 1024), dtype=np.float32)
    work = {}
    for lib_name, lib in libs.items():
        a, b = lib.tensor(a_np), lib.tensor(b_np)
        work[("matmul", lib_name)] = (lib, lambda a=a, b=b: a @ b)
        work[("mlp1024", lib_name)] = (lib, make_functional_step(lib, 1024)[0])
    previous = {lib_name: lib.get_num_threads() for lib_name, lib in libs.items()}
    try:
        for n in (1, 2):
            for what in ("matmul", "mlp1024"):
                fns = {}
                for lib_name, lib in libs.items():
                    def run_at(lib=lib, fn=work[(what, lib_name)][1], n=n):
                        lib.set_num_threads(n)
                        fn()
                    run_at()
                    fns[lib_name] = run_at
                best = interleaved(fns, repeat=7, number=2)
                for lib_name, seconds in best.items():
                    result[f"{what}.{lib_name}.{n}thread"] = seconds * 1e3
    finally:
        for lib_name, lib in libs.items():
            lib.set_num_threads(previous[lib_name])
    return result, "ms", "reported"


WORKLOADS.update({"mlp128": mlp128, "mlp1024": mlp1024, "optim_step": optim_step,
                  "threads": threads})
