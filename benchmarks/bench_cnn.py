"""A small CNN training step, ember and torch side by side (issue 3's convolution budget).

    python benchmarks/bench_cnn.py [--threads N] [--profile]   # this workload alone
    python benchmarks/run.py cnn            # through the shared runner

The step: batch 64 of 1x28x28 images -> conv3x3(1->16, pad 1) + ReLU + maxpool2 ->
conv3x3(16->32, pad 1) + ReLU + maxpool2 -> linear(32*7*7 -> 10) -> cross-entropy, backward,
and a plain SGD update under no_grad. Both libraries run the same code (written against the
functional API), with torch limited to the number of threads NumPy's BLAS uses; repetitions
alternate between the two so that both see the same machine load.
"""
from __future__ import annotations

import importlib
import os
import time

import numpy as np

BATCH, CLASSES, LR = 64, 10, 0.01
BUDGET = "CNN step ≤ 2x torch"


def blas_threads():
    """Threads NumPy's BLAS uses (torch is given the same number)."""
    try:
        from threadpoolctl import threadpool_info
        return max(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas")
    except (ImportError, ValueError):
        return os.cpu_count() or 1


def make_step(lib, seed=0):
    """A closure running one training step of the CNN on ``lib`` (ember or torch)."""
    F = importlib.import_module(lib.__name__ + ".nn.functional")
    rng = np.random.default_rng(seed)

    def param(*shape, fan_in):
        bound = 1.0 / np.sqrt(fan_in)
        arr = rng.uniform(-bound, bound, size=shape).astype(np.float32)
        return lib.tensor(arr, requires_grad=True)

    params = [param(16, 1, 3, 3, fan_in=9), param(16, fan_in=9),
              param(32, 16, 3, 3, fan_in=144), param(32, fan_in=144),
              param(CLASSES, 32 * 7 * 7, fan_in=32 * 7 * 7), param(CLASSES, fan_in=32 * 7 * 7)]
    images = lib.tensor(rng.standard_normal((BATCH, 1, 28, 28)).astype(np.float32))
    labels = lib.tensor(rng.integers(0, CLASSES, size=BATCH).astype(np.int64))

    def step():
        w1, b1, w2, b2, w3, b3 = params
        h = F.max_pool2d(F.relu(F.conv2d(images, w1, b1, padding=1)), 2)
        h = F.max_pool2d(F.relu(F.conv2d(h, w2, b2, padding=1)), 2)
        loss = F.cross_entropy(F.linear(h.flatten(1), w3, b3), labels)
        for p in params:
            p.grad = None
        loss.backward()
        with lib.no_grad():
            for p in params:
                p -= LR * p.grad
        return loss

    return step


def cnn_step(libs, repeat=15):
    """ms per training step for each library: best wall-clock time of ``repeat`` alternating
    runs, and best CPU time (``<name>_cpu``), which a loaded machine disturbs less."""
    steps = {name: make_step(lib) for name, lib in libs.items()}
    for step in steps.values():   # warm up caches and lazy imports
        step()
        step()
    wall = {name: float("inf") for name in steps}
    cpu = {name: float("inf") for name in steps}
    for _ in range(repeat):
        for name, step in steps.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            step()
            cpu[name] = min(cpu[name], time.process_time() - start_cpu)
            wall[name] = min(wall[name], time.perf_counter() - start)
    result = {name: t * 1e3 for name, t in wall.items()}
    result.update({f"{name}_cpu": t * 1e3 for name, t in cpu.items()})
    return result, "ms/step", BUDGET


WORKLOADS = {"cnn": cnn_step}


def _profile(lib, steps=20):
    """Where ember's step spends its time: the top functions by own time."""
    import cProfile
    import pstats
    step = make_step(lib)
    step()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(steps):
        step()
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(12)


def main():
    import argparse
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, help="limit NumPy's BLAS and torch to this many "
                        "threads (default: what NumPy's BLAS uses)")
    parser.add_argument("--profile", action="store_true", help="profile ember's step")
    args = parser.parse_args()
    if args.threads:
        from threadpoolctl import threadpool_limits
        threadpool_limits(args.threads)
    import ember
    libs = {"ember": ember}
    threads = blas_threads()
    try:
        import torch
        torch.set_num_threads(threads)
        libs["torch"] = torch
    except ImportError:
        print("torch not installed: ember timing only")
    print(f"# {os.cpu_count()} cores, BLAS threads {threads} (torch.set_num_threads({threads})), "
          f"numpy {np.__version__}, torch {libs['torch'].__version__ if 'torch' in libs else '-'}")
    result, unit, budget = cnn_step(libs)
    for clock, suffix in (("wall", ""), ("cpu", "_cpu")):
        line = f"cnn ({clock:4s})  " + "  ".join(
            f"{name}={result[name + suffix]:.2f} {unit}" for name in libs)
        if "torch" in libs:
            line += f"  ratio ember/torch={result['ember' + suffix] / result['torch' + suffix]:.2f}"
        print(f"{line}  [budget: {budget}]")
    if args.profile:
        _profile(ember)


if __name__ == "__main__":
    main()
