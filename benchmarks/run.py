"""Benchmarks: ember and PyTorch side by side in one run, with ratios.

    python benchmarks/run.py            # every workload
    python benchmarks/run.py ops chain  # some of them
    python benchmarks/run.py --table    # issue 16's table: ratio beside each target

Each workload runs the same code on ember and (when installed) torch, alternating repetitions
so that both see the same machine load, and reports the best time of each. Budgets from the
issues are printed beside the ratios; they are goals to check, not assertions.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def _libs():
    import ember
    # ember's fused kernels share their blocks among its intra-op threads: as many as BLAS has.
    ember.set_num_threads(_blas_threads())
    libs = {"ember": ember}
    try:
        import torch
        torch.set_num_threads(_blas_threads())
        libs["torch"] = torch
    except ImportError:
        pass
    return libs


def _blas_threads():
    try:
        from threadpoolctl import threadpool_info
        return max(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas")
    except Exception:
        return os.cpu_count() or 1


# The clock every workload's timing uses: wall time by default; ``--clock cpu`` takes this
# process's CPU time instead, which other jobs on a shared machine disturb far less (use it with
# ``--threads 1``: with more threads, CPU time adds up the threads' time).
CLOCK = [time.perf_counter]


def best_of(fn, repeat=5, number=1):
    clock = CLOCK[0]
    times = []
    for _ in range(repeat):
        t0 = clock()
        for _ in range(number):
            fn()
        times.append((clock() - t0) / number)
    return min(times)


def interleaved(fns, repeat=5, number=1):
    """Best time of each fn, alternating them so they share the machine's load."""
    best = {k: float("inf") for k in fns}
    for _ in range(repeat):
        for k, fn in fns.items():
            best[k] = min(best[k], best_of(fn, 1, number))
    return best


# --- workloads ----------------------------------------------------------------------------------

def per_op_overhead(libs):
    """A chain of 1000 small elementwise ops on a 10-element tensor, forward + backward."""
    def make(lib):
        x = lib.ones(10, requires_grad=True)

        def step():
            y = x
            for _ in range(250):
                y = (y * 1.0001 + 0.001).tanh() - 0.0001
            y.sum().backward()
        return step
    t = interleaved({k: make(v) for k, v in libs.items()}, repeat=5)
    return {k: v / 1000 * 1e6 for k, v in t.items()}, "us/op", "per-op overhead ≤ 3x torch"


def chain_1e6(libs):
    """Backward through a chain of 1,000,000 ops: time and peak RSS (fresh process each)."""
    out = {}
    for name in libs:
        code = (
            "import resource, time, sys\n"
            f"import {name} as lib\n"
            "a = lib.tensor(1.0, requires_grad=True); z = a\n"
            "t0 = time.perf_counter()\n"
            "for _ in range(1_000_000): z = z * 1.0\n"
            "t1 = time.perf_counter(); z.backward(); t2 = time.perf_counter()\n"
            "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
            "print(t1 - t0, t2 - t1, rss, float(a.grad))\n")
        res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        if res.returncode:
            out[name] = {"error": res.stderr.strip().splitlines()[-1]}
            continue
        fwd, bwd, rss, grad = res.stdout.split()
        out[name] = {"forward_s": float(fwd), "backward_s": float(bwd), "peak_rss_mb": float(rss),
                     "grad": float(grad)}
    return out, "s / MB", "completes; peak RSS ≤ 2x torch"


def matmul_2048(libs):
    """2048x2048 float32 matmul forward + backward, GFLOP/s, against raw NumPy."""
    n = 2048
    rng = np.random.default_rng(0)
    a_np = rng.standard_normal((n, n), dtype=np.float32)
    b_np = rng.standard_normal((n, n), dtype=np.float32)
    flops = 3 * 2 * n ** 3  # forward + two backward products

    def numpy_step():
        c = a_np @ b_np
        g = np.ones_like(c)
        g @ b_np.T
        a_np.T @ g

    fns = {"numpy": numpy_step}
    for name, lib in libs.items():
        a = lib.tensor(a_np, requires_grad=True)
        b = lib.tensor(b_np, requires_grad=True)
        g = lib.ones(n, n)

        def step(a=a, b=b, g=g):
            c = a @ b
            c.backward(g)
        fns[name] = step
    t = interleaved(fns, repeat=3)
    return {k: flops / v / 1e9 for k, v in t.items()}, "GFLOP/s", "ember ≥ 90% of raw NumPy"


WORKLOADS = {"ops": per_op_overhead, "chain": chain_1e6, "matmul": matmul_2048}


def extra_workloads():
    """Workloads defined in other benchmarks/bench_*.py files (each exposes WORKLOADS)."""
    import importlib.util
    found = {}
    for fname in sorted(os.listdir(HERE)):
        if fname.startswith("bench_") and fname.endswith(".py"):
            spec = importlib.util.spec_from_file_location(fname[:-3], os.path.join(HERE, fname))
            mod = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(mod)
            found.update(getattr(mod, "WORKLOADS", {}))
    return found


# Issues 16's and 17's table: (row, workload, ember's key, torch's key, unit, target ratio). Keys
# name entries of the workload's result dict; each workload runs once however many rows read it.
_ROW_KERNELS = ("layer_norm", "gelu", "softmax", "log_softmax", "cross_entropy", "silu")
# Kernels issue 16 names without a number of its own: their ratios are reported.
_REPORTED_KERNELS = ("group_norm", "batch_norm", "max_pool2d", "conv_transpose2d")
TABLE = [
    ("1000-op chain on (16,), fwd+bwd", "chain1000", "ember", "torch", "µs/op", 1.3),
    ("same chain, fwd under no_grad", "chain1000_nograd", "ember", "torch", "µs/op", 1.2),
    ("MLP 784-512-256-10 b128 SGD step", "mlp128", "ember", "torch", "ms", 1.0),
    ("same, batch 1024", "mlp1024", "ember", "torch", "ms", 0.8),
    ("100,000-op chain fwd+bwd", "chain100k", "ember", "torch", "s", 1.5),
    ("  its peak RSS", "chain100k", "ember_peak_rss_mb", "torch_peak_rss_mb", "MB", 1.0),
    ("  its RSS growth over import", "chain100k", "ember_rss_growth_mb", "torch_rss_growth_mb",
     "MB", None),
    ("CNN b64 1x28x28 SGD step", "cnn", "ember", "torch", "ms", 1.2),
    ("transformer block B8 S128 D256 H4 fwd+bwd", "transformer", "ember", "torch", "ms", 1.1),
    ("GPT 2L 4H 128d T64 B8 AdamW training step", "gpt", "ember", "torch", "ms/step", None),
    *((f"F.{k} fwd+bwd", "kernels", f"{k}.ember", f"{k}.torch", "ms", 1.5)
      for k in _ROW_KERNELS),
    *((f"F.{k} fwd+bwd", "kernels", f"{k}.ember", f"{k}.torch", "ms", None)
      for k in _REPORTED_KERNELS),
    # The same kernels at one thread each (ember's intra-op pool and torch's both off): what the
    # arithmetic costs, which a machine shared with other jobs disturbs far less than two threads.
    *((f"F.{k} fwd+bwd, 1 thread", "kernels", f"{k}.ember_1thread", f"{k}.torch_1thread", "ms",
       None) for k in _ROW_KERNELS),
    *((f"optimizer.step() alone, {k}", "optim_step", f"{k}.ember", f"{k}.torch", "µs", 1.0)
      for k in ("SGD", "SGD-momentum", "Adam", "AdamW")),
    ("1000-op chain fwd+bwd, ember.compile", "compile_chain", "ember_compiled", "torch", "µs/op",
     0.3),
    ("MLP b128 SGD step, ember.compile", "compile_mlp", "ember_compiled", "torch", "ms", 0.8),
    ("MLP b128 SGD step, ember.compile of the loss", "compile_mlp_loss", "ember_compiled",
     "torch", "ms", 0.8),
    ("transformer block fwd+bwd, ember.compile", "compile_transformer", "ember_compiled", "torch",
     "ms", 0.9),
    *((f"{w} at {n} BLAS thread{'s' if n > 1 else ''}", "threads", f"{w}.ember.{n}thread",
       f"{w}.torch.{n}thread", "ms", None) for w in ("matmul", "mlp1024") for n in (1, 2)),
    # Programs on small tensors (bench_small.py): the fixed costs per op, backward and step.
    *((label, "small", f"{k}.ember", f"{k}.torch", "µs", None) for label, k in (
        ("(x*2).sum().backward(), x (10,) leaf", "mul_sum"),
        ("F.silu(x) on (10,) under no_grad", "silu_nograd"),
        ("F.silu(x).sum().backward() on (10,)", "silu"),
        ("REINFORCE episode, 20 steps, Linear 4-128-2, Adam", "reinforce"),
        ("MLP 8-32-1 Tanh b32 MSE SGD step", "mlp_tiny"))),
]


def print_table(workloads, libs, results):
    """Run the workloads issue 16's table needs and print it as a Markdown table."""
    for _, name, *_ in TABLE:
        if name not in results:
            res, unit, budget = workloads[name](libs)
            results[name] = {"result": res, "unit": unit, "budget": budget}
    print("| workload | ember | torch | ratio | target |\n|---|---|---|---|---|")
    for label, name, ember_key, torch_key, unit, target in TABLE:
        res = results[name]["result"]
        ember, torch = res.get(ember_key), res.get(torch_key)
        ratio = f"{ember / torch:.2f}" if isinstance(ember, float) and torch else "-"
        cells = [f"{v:.4g} {unit}" if isinstance(v, float) else "-" for v in (ember, torch)]
        goal = f"≤ {target}" if target is not None else "reported"
        print(f"| {label} | {cells[0]} | {cells[1]} | {ratio} | {goal} |", flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="workloads to run (default: all)")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--table", action="store_true",
                        help="run issue 16's workloads and print them as a table with targets")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="time with the wall clock (default) or this process's CPU time")
    parser.add_argument("--threads", type=int,
                        help="limit NumPy's BLAS and torch to this many threads")
    args = parser.parse_args(argv)
    # The bench_* files import this module as ``run``: let them share this copy (and its clock).
    sys.modules.setdefault("run", sys.modules[__name__])
    if args.clock == "cpu":
        CLOCK[0] = time.process_time
    if args.threads:
        from threadpoolctl import threadpool_limits
        threadpool_limits(args.threads, user_api="blas")
    workloads = dict(WORKLOADS)
    workloads.update(extra_workloads())
    names = args.names or ([] if args.table else list(workloads))
    libs = _libs()
    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"python {platform.python_version()}, numpy {np.__version__}, "
          f"torch {libs['torch'].__version__ if 'torch' in libs else 'not installed'}, "
          f"BLAS threads {_blas_threads()}, {args.clock} clock, {time.strftime('%Y-%m-%d')}")
    results = {}
    for name in names:
        res, unit, budget = workloads[name](libs)
        results[name] = {"result": res, "unit": unit, "budget": budget}
        line = f"{name:10s} " + "  ".join(
            f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in res.items())
        # A compile workload's ratio is the compiled step's (its budget's), not eager ember's.
        ours = "ember_compiled" if isinstance(res.get("ember_compiled"), float) else "ember"
        if isinstance(res.get(ours), float) and isinstance(res.get("torch"), float):
            ratio = res[ours] / res["torch"]
            line += f"  ratio {ours}/torch={ratio:.2f}"
        print(f"{line}  [{unit}; budget: {budget}]", flush=True)
    if args.table:
        print_table(workloads, libs, results)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(results, fh, indent=1)
    return results


if __name__ == "__main__":
    main()
