"""Per-op overhead: long chains of tiny elementwise ops, ember and torch side by side.

    python benchmarks/run.py chain1000 chain1000_nograd chain100k

The chain repeats ``mul, add, tanh, exp`` on a (16,) float32 tensor, so the time is almost all
the library's own work per op (making the result Tensor, recording the Node, running its
backward), not arithmetic. The 100,000-op chain runs in a fresh process per library, which
also reports its peak resident memory.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402
from run import interleaved  # noqa: E402

SIZE = 16


def _chain(x, ops):
    """``ops`` elementwise ops (``ops // 4`` rounds of mul, add, tanh, exp) starting at x."""
    for _ in range(ops // 4):
        x = (x * 0.5 + 0.25).tanh().exp()
    return x


def _make(lib, ops, grad):
    x = lib.ones(SIZE, requires_grad=grad)

    def forward_backward():
        _chain(x, ops).sum().backward()

    def forward_no_grad():
        with lib.no_grad():
            _chain(x, ops)
    return forward_backward if grad else forward_no_grad


def chain1000(libs):
    """µs per op of a 1000-op chain on (16,) tensors, forward + backward."""
    best = interleaved({k: _make(v, 1000, True) for k, v in libs.items()}, repeat=15)
    return {k: v / 1000 * 1e6 for k, v in best.items()}, "µs/op", "ratio ≤ 1.3"


def chain1000_nograd(libs):
    """µs per op of the same chain, forward only, under no_grad."""
    best = interleaved({k: _make(v, 1000, False) for k, v in libs.items()}, repeat=15)
    return {k: v / 1000 * 1e6 for k, v in best.items()}, "µs/op", "ratio ≤ 1.2"


_CHILD = """
import sys, time
sys.path.insert(0, {here!r})
import {name} as lib
from bench_chains import _chain

def status_mb(field):
    # /proc's VmHWM is this process's own peak: getrusage's ru_maxrss would also count the
    # parent's memory, which survives fork + exec.
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024

x = lib.ones({size}, requires_grad=True)
_chain(x, 400).sum().backward()   # warm up lazy imports and caches
x.grad = None
base = status_mb("VmRSS")
best = float("inf")
for _ in range({repeat}):
    t0 = time.{clock}()
    _chain(x, {ops}).sum().backward()
    best = min(best, time.{clock}() - t0)
    x.grad = None
peak = status_mb("VmHWM")
print(best, peak, peak - base)
"""


def chain_subprocess(libs, ops, repeat):
    """Seconds for an ``ops``-op chain forward + backward and the peak RSS of the process, one
    fresh process per library (run one after the other, best of ``repeat`` inside each)."""
    out = {}
    here = os.path.dirname(os.path.abspath(__file__))
    for name in libs:
        clock = "process_time" if run.CLOCK[0] is time.process_time else "perf_counter"
        code = _CHILD.format(here=here, name=name, size=SIZE, ops=ops, repeat=repeat,
                             clock=clock)
        res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env=dict(os.environ, OMP_NUM_THREADS="1"))
        if res.returncode:
            out[name] = {"error": res.stderr.strip().splitlines()[-1]}
            continue
        seconds, peak, growth = map(float, res.stdout.split())
        out[name] = seconds
        out[f"{name}_peak_rss_mb"] = peak
        out[f"{name}_rss_growth_mb"] = growth
    return out


def chain100k(libs):
    """A 100,000-op chain forward + backward: seconds, and peak RSS of each process."""
    return chain_subprocess(libs, 100_000, 3), "s", "ratio ≤ 1.5, peak RSS ≤ torch's"


WORKLOADS = {"chain1000": chain1000, "chain1000_nograd": chain1000_nograd,
             "chain100k": chain100k}
