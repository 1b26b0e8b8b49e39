"""Forward + backward time of the hot neural-network kernels, ember beside torch.

    python benchmarks/run.py kernels

Sizes are those of a small transformer/MLP/CNN step: activations on a 256 x 1024 batch,
cross_entropy over 1000 classes, layer_norm over the last dim of a (64, 128, 256) tensor,
group/batch norm on (32, 64, 16, 16), causal attention on (8, 4, 128, 64) heads, an
embedding table of 10000 x 256 read by 8 x 128 ids, 2x2 max pooling of the CNN's first
activation (64, 16, 28, 28), and a decoder's transposed convolution (32, 32, 14, 14) ->
(32, 16, 28, 28) with a 4x4 kernel, stride 2, padding 1.
Each kernel runs on float32 input with a random upstream gradient, so backward does real work.
"""
from __future__ import annotations

import os
import sys
import time

import numpy as np

# Idle OpenMP workers must sleep, not spin: on a machine with few cores torch's spinning
# threads steal the core that the next (single-threaded NumPy) ember run needs, doubling its
# time. run.py imports this file before torch, so the setting reaches torch's OpenMP runtime.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run
from run import interleaved


def _kernels(lib):
    """name -> (input shape, function of (x, extra) returning a tensor)."""
    functional = lib.nn.functional
    return {
        "softmax": ((256, 1024), lambda x, extra: functional.softmax(x, -1)),
        "log_softmax": ((256, 1024), lambda x, extra: functional.log_softmax(x, -1)),
        "gelu_tanh": ((256, 1024), lambda x, extra: functional.gelu(x, approximate="tanh")),
        "gelu": ((256, 1024), lambda x, extra: functional.gelu(x)),
        "silu": ((256, 1024), lambda x, extra: functional.silu(x)),
        "mish": ((256, 1024), lambda x, extra: functional.mish(x)),
        "layer_norm": ((64, 128, 256),
                       lambda x, extra: functional.layer_norm(x, (256,), *extra)),
        "group_norm": ((32, 64, 16, 16),
                       lambda x, extra: functional.group_norm(x, 8, *extra)),
        "batch_norm": ((32, 64, 16, 16), lambda x, extra: functional.batch_norm(
            x, None, None, *extra, training=True)),
        "cross_entropy": ((256, 1000), lambda x, extra: functional.cross_entropy(x, extra[0])),
        "sdpa_causal": ((8, 4, 128, 64), lambda x, extra: functional.scaled_dot_product_attention(
            x, *extra, is_causal=True)),
        "embedding": ((10000, 256), lambda x, extra: functional.embedding(extra[0], x)),
        "max_pool2d": ((64, 16, 28, 28), lambda x, extra: functional.max_pool2d(x, 2)),
        "conv_transpose2d": ((32, 32, 14, 14), lambda x, extra: functional.conv_transpose2d(
            x, *extra, stride=2, padding=1)),
    }


def _extra(lib, name, shape, rng):
    """The other arguments of a kernel: affine parameters, targets, keys and values, ids."""
    def leaf(*size):
        return lib.tensor(rng.standard_normal(size, dtype=np.float32), requires_grad=True)
    if name == "layer_norm":
        return leaf(shape[-1]), leaf(shape[-1])
    if name in ("group_norm", "batch_norm"):
        return leaf(shape[1]), leaf(shape[1])
    if name == "cross_entropy":
        return (lib.tensor(rng.integers(0, shape[1], shape[0])),)
    if name == "sdpa_causal":
        return leaf(*shape), leaf(*shape)
    if name == "embedding":
        return (lib.tensor(rng.integers(0, shape[0], (8, 128))),)
    if name == "conv_transpose2d":
        return leaf(shape[1], 16, 4, 4), leaf(16)
    return ()


def _halves(lib, name, shape, fn):
    """Two closures on fresh leaves: forward() runs fn and returns its output, backward(out)
    runs the backward of that output with a random upstream gradient."""
    rng = np.random.default_rng(0)
    x = lib.tensor(rng.standard_normal(shape, dtype=np.float32), requires_grad=True)
    extra = _extra(lib, name, shape, rng)
    with lib.no_grad():
        out_shape = tuple(fn(x, extra).shape)
    grad = None if name == "cross_entropy" else \
        lib.tensor(rng.standard_normal(out_shape, dtype=np.float32))

    def forward():
        x.grad = None
        return fn(x, extra)

    def backward(out):
        out.backward(grad)
    return forward, backward


def _step(lib, name, shape, fn):
    """A closure running fn forward and backward once on fresh leaves."""
    forward, backward = _halves(lib, name, shape, fn)

    def step():
        backward(forward())
    return step


def kernel(name, libs, repeat=15):
    """(ember seconds, torch seconds or None): best fwd+bwd time of kernel ``name``, the two
    libraries alternating."""
    fns = {lib_name: _step(lib, name, *_kernels(lib)[name]) for lib_name, lib in libs.items()}
    best = interleaved(fns, repeat=repeat)
    return best["ember"], best.get("torch")


def _measure(libs, name, result, suffix=""):
    ember_s, torch_s = kernel(name, libs)
    result[f"{name}.ember{suffix}"] = ember_s * 1e3
    if torch_s is not None:
        result[f"{name}.torch{suffix}"] = torch_s * 1e3
        result[f"{name}.ratio{suffix}"] = ember_s / torch_s


def kernels(libs):
    """fwd+bwd milliseconds per kernel for each library, with ember/torch ratios.

    Both run first with run.py's thread count (NumPy's BLAS threads; ember's fused kernels
    share their row blocks among as many intra-op threads), then with one thread each (keys
    ending in _1thread), which shows what the threads bring and which a busy machine disturbs
    less.
    """
    result = {}
    for name in _kernels(libs["ember"]):
        _measure(libs, name, result)
    threads = {lib_name: lib.get_num_threads() for lib_name, lib in libs.items()}
    for lib in libs.values():
        lib.set_num_threads(1)
    try:
        for name in _kernels(libs["ember"]):
            _measure(libs, name, result, "_1thread")
    finally:
        for lib_name, lib in libs.items():
            lib.set_num_threads(threads[lib_name])
    return result, "ms fwd+bwd (ratio = ember/torch)", "each kernel ≤ 1.5x torch"


WORKLOADS = {"kernels": kernels}


def halves(name, libs, repeat=30):
    """{library: (forward s, backward s)}: the best forward time and the best backward time of
    kernel ``name`` (each backward that of a fresh forward), the libraries alternating."""
    pairs = {lib_name: _halves(lib, name, *_kernels(lib)[name]) for lib_name, lib in libs.items()}
    best = {lib_name: [float("inf"), float("inf")] for lib_name in libs}
    clock = run.CLOCK[0]
    for _ in range(repeat):
        for lib_name, (forward, backward) in pairs.items():
            t0 = clock()
            out = forward()
            t1 = clock()
            backward(out)
            t2 = clock()
            best[lib_name][0] = min(best[lib_name][0], t1 - t0)
            best[lib_name][1] = min(best[lib_name][1], t2 - t1)
    return {lib_name: tuple(times) for lib_name, times in best.items()}


def main(argv=None):
    """Some kernels only, forward and backward timed apart, at a chosen thread count and clock:
    on a machine shared with other jobs, ``--threads 1 --clock cpu`` gives figures that the
    other jobs disturb least."""
    import argparse
    parser = argparse.ArgumentParser(description=main.__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="kernels to time (default: all)")
    parser.add_argument("--threads", type=int,
                        help="threads for both libraries (default: as many as BLAS has)")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="wall time, or this process's CPU time (use it with --threads 1)")
    parser.add_argument("--repeat", type=int, default=30, help="repetitions (the best is kept)")
    args = parser.parse_args(argv)
    if args.clock == "cpu":
        run.CLOCK[0] = time.process_time
    if args.threads:
        from threadpoolctl import threadpool_limits
        threadpool_limits(args.threads, user_api="blas")
    libs = run._libs()
    for lib in libs.values():
        lib.set_num_threads(args.threads or run._blas_threads())
    names = args.names or list(_kernels(libs["ember"]))
    unknown = sorted(set(names) - set(_kernels(libs["ember"])))
    if unknown:
        parser.error(f"unknown kernels {unknown}; known: {sorted(_kernels(libs['ember']))}")
    print(f"# threads {libs['ember'].get_num_threads()}, {args.clock} clock, best of "
          f"{args.repeat}, ms (ratio = ember / torch)")
    for name in names:
        times = halves(name, libs, args.repeat)
        cells = [f"{lib_name} fwd {f * 1e3:.3f} bwd {b * 1e3:.3f}"
                 for lib_name, (f, b) in times.items()]
        line = f"{name:16s} " + "  |  ".join(cells)
        if "torch" in times:
            (ef, eb), (tf, tb) = times["ember"], times["torch"]
            line += (f"  |  ratio fwd {ef / tf:.2f} bwd {eb / tb:.2f} "
                     f"sum {(ef + eb) / (tf + tb):.2f}")
        print(line, flush=True)


if __name__ == "__main__":
    main()
