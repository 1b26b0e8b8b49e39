"""vmap batched per op, against the per-sample loop it replaced and against torch.

    python benchmarks/run.py vmap_grad vmap_hessian

``vmap_grad``: the torch.func tutorial's per-sample gradients, a batch of 64 through a small
MLP (Linear(10, 32), ReLU, Linear(32, 5), cross-entropy) with ``vmap(grad(loss),
in_dims=(None, 0, 0))`` over ``functional_call``. ``vmap_hessian``: ``vmap(hessian(f))`` of a
scalar function of 4 float64 numbers, 64 points. ``ember_loop`` runs the same transform once
per sample and stacks the results, which is what ember's vmap did before it batched each op.
"""
from __future__ import annotations

BATCH = 64


def _per_sample_grad(lib, loop=False):
    lib.manual_seed(0)
    nn, F = lib.nn, lib.nn.functional
    model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 5))
    params = {k: v.detach() for k, v in model.named_parameters()}
    x, y = lib.randn(BATCH, 10), lib.randint(0, 5, (BATCH,))

    def loss(p, sample, target):
        out = lib.func.functional_call(model, p, (sample.unsqueeze(0),))
        return F.cross_entropy(out, target.unsqueeze(0))
    grad = lib.func.grad(loss)
    if loop:
        def step():
            rows = [grad(params, x[i], y[i]) for i in range(BATCH)]
            return {k: lib.stack([row[k] for row in rows]) for k in params}
        return step
    batched = lib.func.vmap(grad, in_dims=(None, 0, 0))
    return lambda: batched(params, x, y)


def _hessians(lib, loop=False):
    points = lib.linspace(-1.0, 1.0, BATCH * 4, dtype=lib.float64).reshape(BATCH, 4)

    def f(z):
        return (z.sin() * z).sum() + (z @ z) ** 2
    hessian = lib.func.hessian(f)
    if loop:
        return lambda: lib.stack([hessian(points[i]) for i in range(BATCH)])
    batched = lib.func.vmap(hessian)
    return lambda: batched(points)


def _workload(make, budget):
    def run(libs):
        from run import interleaved
        steps = {name: make(lib) for name, lib in libs.items()}
        steps["ember_loop"] = make(libs["ember"], loop=True)
        for step in steps.values():  # warm up
            step()
        best = interleaved(steps, repeat=5)
        return {k: v * 1e3 for k, v in best.items()}, "ms/call", budget
    return run


WORKLOADS = {
    "vmap_grad": _workload(_per_sample_grad, "per-sample grads (64, MLP) ≥ 10x the loop"),
    "vmap_hessian": _workload(_hessians, "vmap(hessian) of 64 points ≥ 10x the loop"),
}
