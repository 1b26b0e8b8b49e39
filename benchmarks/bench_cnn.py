"""A small CNN training step and single convolution layers, ember and torch side by side.

    python benchmarks/bench_cnn.py [--threads N] [--profile] [--layers]  # this file alone
    python benchmarks/run.py cnn conv_layers    # through the shared runner
    python benchmarks/run.py conv_maps          # each layer's forward, input and weight
                                                # gradients apart

The step: batch 64 of 1x28x28 images -> conv3x3(1->16, pad 1) + ReLU + maxpool2 ->
conv3x3(16->32, pad 1) + ReLU + maxpool2 -> linear(32*7*7 -> 10) -> cross-entropy, backward,
and a plain SGD update under no_grad. Both libraries run the same code (written against the
functional API), with torch limited to the number of threads NumPy's BLAS uses; repetitions
alternate between the two so that both see the same machine load.
"""
from __future__ import annotations

import importlib
import os
import sys
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


# One convolution layer per shape family PyTorch programs use, forward + backward (input and
# weight gradients): name -> (functional name, input shape, weight shape, keyword arguments).
CONV_LAYERS = {
    "3x3_pad1": ("conv2d", (16, 32, 32, 32), (64, 32, 3, 3), {"padding": 1}),
    "1x1": ("conv2d", (16, 64, 32, 32), (128, 64, 1, 1), {}),
    "3x3_stride2": ("conv2d", (16, 32, 32, 32), (64, 32, 3, 3), {"padding": 1, "stride": 2}),
    "depthwise_3x3": ("conv2d", (16, 64, 32, 32), (64, 1, 3, 3), {"padding": 1, "groups": 64}),
    "grouped_3x3": ("conv2d", (16, 64, 32, 32), (64, 16, 3, 3), {"padding": 1, "groups": 4}),
    "conv1d_k5": ("conv1d", (16, 64, 256), (64, 64, 5), {"padding": 2}),
    "conv3d_3x3x3": ("conv3d", (4, 16, 16, 16, 16), (32, 16, 3, 3, 3), {"padding": 1}),
    "transpose_4x4_s2": ("conv_transpose2d", (16, 64, 16, 16), (64, 32, 4, 4),
                         {"stride": 2, "padding": 1}),
}


def make_conv_layer(lib, name, seed=0):
    """A closure running one CONV_LAYERS entry forward and backward on ``lib``."""
    F = importlib.import_module(lib.__name__ + ".nn.functional")
    fn_name, x_shape, w_shape, kwargs = CONV_LAYERS[name]
    rng = np.random.default_rng(seed)
    x = lib.tensor(rng.standard_normal(x_shape, dtype=np.float32), requires_grad=True)
    w = lib.tensor(rng.standard_normal(w_shape, dtype=np.float32) * 0.1, requires_grad=True)
    b_size = w_shape[1] * kwargs.get("groups", 1) if fn_name == "conv_transpose2d" \
        else w_shape[0]
    b = lib.tensor(rng.standard_normal(b_size, dtype=np.float32), requires_grad=True)
    fn = getattr(F, fn_name)
    grad = None

    def step():
        nonlocal grad
        x.grad = w.grad = b.grad = None
        out = fn(x, w, b, **kwargs)
        if grad is None:
            grad = lib.tensor(rng.standard_normal(tuple(out.shape), dtype=np.float32))
        out.backward(grad)
    return step


def _clock():
    """The clock benchmarks/run.py times with (its --clock: wall by default, or this process's
    CPU time), the wall clock when this file runs alone."""
    runner = sys.modules.get("run")
    return runner.CLOCK[0] if runner is not None and hasattr(runner, "CLOCK") else \
        time.perf_counter


def conv_layer(libs, name, repeat=7):
    """(ember seconds, torch seconds or None) for one CONV_LAYERS entry, fwd+bwd, best of
    ``repeat`` alternating runs."""
    steps = {lib_name: make_conv_layer(lib, name) for lib_name, lib in libs.items()}
    best = {lib_name: float("inf") for lib_name in steps}
    for step in steps.values():
        step()
    clock = _clock()
    for _ in range(repeat):
        for lib_name, step in steps.items():
            start = clock()
            step()
            best[lib_name] = min(best[lib_name], clock() - start)
    return best["ember"], best.get("torch")


def conv_layers(libs):
    """ms fwd+bwd per convolution layer shape, with ember/torch ratios (timed with run.py's
    --clock)."""
    result = {}
    for name in CONV_LAYERS:
        ember_s, torch_s = conv_layer(libs, name)
        result[f"{name}.ember"] = ember_s * 1e3
        if torch_s is not None:
            result[f"{name}.torch"] = torch_s * 1e3
            result[f"{name}.ratio"] = ember_s / torch_s
    return result, "ms fwd+bwd (ratio = ember/torch)", "each layer ≤ 1.2x torch"


def make_conv_maps(lib, name, seed=0):
    """Closures for one CONV_LAYERS entry on ``lib``: the forward alone, and the forward with
    the backward of the input's gradient alone and of the weight's gradient alone."""
    F = importlib.import_module(lib.__name__ + ".nn.functional")
    fn_name, x_shape, w_shape, kwargs = CONV_LAYERS[name]
    rng = np.random.default_rng(seed)
    x_arr = rng.standard_normal(x_shape, dtype=np.float32)
    w_arr = rng.standard_normal(w_shape, dtype=np.float32) * 0.1
    fn = getattr(F, fn_name)
    grad = lib.tensor(rng.standard_normal(tuple(fn(lib.tensor(x_arr), lib.tensor(w_arr),
                                                   **kwargs).shape), dtype=np.float32))

    def with_grad_of(which):
        x = lib.tensor(x_arr, requires_grad=which == "input")
        w = lib.tensor(w_arr, requires_grad=which == "weight")
        return lambda: fn(x, w, **kwargs).backward(grad)

    x, w = lib.tensor(x_arr), lib.tensor(w_arr)
    return {"fwd": lambda: fn(x, w, **kwargs), "input": with_grad_of("input"),
            "weight": with_grad_of("weight")}


def conv_maps(libs, repeat=5):
    """ms per convolution layer shape for the forward, the input's gradient and the weight's
    gradient (each backward's time less the forward's), with ember/torch ratios: where a
    layer's time goes."""
    result = {}
    for name in CONV_LAYERS:
        maps = {lib_name: make_conv_maps(lib, name) for lib_name, lib in libs.items()}
        best = {(lib_name, part): float("inf") for lib_name in maps for part in maps[lib_name]}
        for lib_maps in maps.values():
            for run in lib_maps.values():
                run()
        clock = _clock()
        for _ in range(repeat):
            for lib_name, lib_maps in maps.items():
                for part, run in lib_maps.items():
                    start = clock()
                    run()
                    best[lib_name, part] = min(best[lib_name, part], clock() - start)
        for lib_name in maps:
            for part in ("input", "weight"):
                best[lib_name, part] = max(best[lib_name, part] - best[lib_name, "fwd"], 0.0)
        for part in ("fwd", "input", "weight"):
            result[f"{name}.{part}.ember"] = best["ember", part] * 1e3
            if "torch" in maps:
                result[f"{name}.{part}.torch"] = best["torch", part] * 1e3
                if best["torch", part] > 0:
                    result[f"{name}.{part}.ratio"] = best["ember", part] / best["torch", part]
    return result, "ms per map (input/weight: backward less forward)", "each layer ≤ 1.2x torch"


WORKLOADS = {"cnn": cnn_step, "conv_layers": conv_layers, "conv_maps": conv_maps}


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
    parser.add_argument("--layers", action="store_true", help="also time each layer shape")
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
    if args.layers:
        for name in CONV_LAYERS:
            ember_s, torch_s = conv_layer(libs, name)
            line = f"{name:18s} ember={ember_s * 1e3:.2f} ms"
            if torch_s is not None:
                line += f"  torch={torch_s * 1e3:.2f} ms  ratio={ember_s / torch_s:.2f}"
            print(line)
    if args.profile:
        _profile(ember)


if __name__ == "__main__":
    main()
