"""Programs on small tensors, ember beside torch: the fixed cost of each op, backward and step.

    python benchmarks/run.py small

RL agents, tiny MLPs and per-sample loops spend their time in the library's own work per call
(making results, recording the graph, starting the engine, the optimizer's bookkeeping), not
in arithmetic. Five workloads, microseconds per call:

- ``mul_sum``: ``(x * 2).sum().backward()`` on a (10,) leaf;
- ``silu_nograd``: ``F.silu(x)`` under ``no_grad``;
- ``silu``: ``F.silu(x).sum().backward()``;
- ``reinforce``: one REINFORCE episode: 20 steps of a Linear(4,128)-ReLU-Linear(128,2) policy,
  softmax, ``Categorical`` sample and log_prob, then stack, the loss, backward and an Adam step;
- ``mlp_tiny``: Linear(8,32)-Tanh-Linear(32,1) on a batch of 32, MSE, backward, SGD step.

Both libraries run at one intra-op thread: tensors this small never use more, and torch's idle
OpenMP workers would otherwise add their spinning to a CPU-time measurement.
"""
from __future__ import annotations

import os
import sys

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import interleaved  # noqa: E402


def _mul_sum(lib):
    x = lib.ones(10, requires_grad=True)

    def step():
        (x * 2).sum().backward()
    return step, 2000


def _silu_nograd(lib):
    x = lib.ones(10, requires_grad=True)
    silu = lib.nn.functional.silu

    def step():
        with lib.no_grad():
            silu(x)
    return step, 2000


def _silu(lib):
    x = lib.ones(10, requires_grad=True)
    silu = lib.nn.functional.silu

    def step():
        silu(x).sum().backward()
    return step, 2000


def _reinforce(lib):
    nn, F = lib.nn, lib.nn.functional
    lib.manual_seed(0)
    policy = nn.Sequential(nn.Linear(4, 128), nn.ReLU(), nn.Linear(128, 2))
    opt = lib.optim.Adam(policy.parameters(), lr=1e-2)
    obs = lib.randn(4)
    returns = lib.arange(20.)

    def episode():
        log_probs = []
        for _ in range(20):
            probs = F.softmax(policy(obs), -1)
            dist = lib.distributions.Categorical(probs)
            action = dist.sample()
            log_probs.append(dist.log_prob(action))
        loss = -(lib.stack(log_probs) * returns).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
    return episode, 20


def _mlp_tiny(lib):
    nn, F = lib.nn, lib.nn.functional
    lib.manual_seed(0)
    model = nn.Sequential(nn.Linear(8, 32), nn.Tanh(), nn.Linear(32, 1))
    opt = lib.optim.SGD(model.parameters(), lr=0.01)
    x, y = lib.randn(32, 8), lib.randn(32, 1)

    def step():
        opt.zero_grad()
        F.mse_loss(model(x), y).backward()
        opt.step()
    return step, 200


_WORKLOADS = {"mul_sum": _mul_sum, "silu_nograd": _silu_nograd, "silu": _silu,
              "reinforce": _reinforce, "mlp_tiny": _mlp_tiny}


def small(libs, repeat=7):
    """µs per call of each small-tensor workload, the two libraries alternating."""
    threads = {name: lib.get_num_threads() for name, lib in libs.items()}
    for lib in libs.values():
        lib.set_num_threads(1)
    result = {}
    try:
        for name, make in _WORKLOADS.items():
            fns, number = {}, 1
            for lib_name, lib in libs.items():
                fns[lib_name], number = make(lib)
                for _ in range(max(1, number // 10)):  # warm up: lazy imports, caches, state
                    fns[lib_name]()
            best = interleaved(fns, repeat=repeat, number=number)
            for lib_name, seconds in best.items():
                result[f"{name}.{lib_name}"] = seconds * 1e6
    finally:
        for lib_name, lib in libs.items():
            lib.set_num_threads(threads[lib_name])
    return result, "µs per call", "reported"


WORKLOADS = {"small": small}
