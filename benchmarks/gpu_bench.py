"""The GPU proof's Python half (issue 18): ember on ``cuda`` against torch, the examples on
``cuda``, and the report. ``benchmarks/gpu_proof.sh`` calls it; on a CPU-only machine it runs
against the strict stand-in (EMBER_CUDA_STANDIN=1), which is how its tests check it.

    python benchmarks/gpu_bench.py bench --out DIR [--quick]    # DIR/bench.json
    python benchmarks/gpu_bench.py examples --out DIR [--quick] # DIR/examples.json
    python benchmarks/gpu_bench.py report --out DIR             # DIR/gpu_proof.md

Workloads (issue 18's list): a 4096^2 matmul (float32, and float16 as the mixed-precision
case), an MLP 784-512-256-10 SGD step at batch 128 and 1024, a small CNN step, and a
transformer encoder layer (batch 8, sequence 128, width 256, 4 heads) forward and backward.
Each library runs its own copy of the same code on its own GPU (torch on its CPU when it has
no CUDA, which the report says); repetitions alternate between the two so both see the same
machine, and each time ends with the device synchronised. A training step is also run under
``cupyx.allow_synchronize(False)`` (real CuPy only) to show whether it makes a hidden
host-device sync.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import platform
import runpy
import sys
import time
import traceback

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXAMPLES = (("linreg.py", ()), ("mlp_digits.py", ()), ("cnn_digits.py", ()),
            ("custom_function.py", ()), ("charlm_gpt.py", ("--steps", "20")))


def _libraries():
    import ember
    libs = {"ember": (ember, "cuda")}
    try:
        import torch
    except ImportError:
        return libs
    libs["torch"] = (torch, "cuda" if torch.cuda.is_available() else "cpu")
    return libs


def _sync(lib, device):
    if device == "cuda":
        lib.cuda.synchronize()


def _matmul(lib, device, n, dtype_name):
    dtype = getattr(lib, dtype_name)
    a = lib.randn(n, n, device=device).to(dtype)
    b = lib.randn(n, n, device=device).to(dtype)
    return lambda: a @ b, 2 * n ** 3


def _mlp(lib, device, batch):
    nn = lib.nn
    lib.manual_seed(0)
    model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(),
                          nn.Linear(256, 10)).to(device)
    opt = lib.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    rng = np.random.default_rng(0)
    x = lib.tensor(rng.standard_normal((batch, 784)).astype(np.float32), device=device)
    y = lib.tensor(rng.integers(0, 10, batch), device=device)

    def step():
        opt.zero_grad()
        lib.nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
    return step, None


def _cnn(lib, device, batch):
    nn = lib.nn
    lib.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(32 * 7 * 7, 10)).to(device)
    opt = lib.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    rng = np.random.default_rng(0)
    x = lib.tensor(rng.standard_normal((batch, 1, 28, 28)).astype(np.float32), device=device)
    y = lib.tensor(rng.integers(0, 10, batch), device=device)

    def step():
        opt.zero_grad()
        lib.nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
    return step, None


def _transformer(lib, device, batch, length):
    lib.manual_seed(0)
    layer = lib.nn.TransformerEncoderLayer(256, 4, dim_feedforward=1024, dropout=0.0,
                                           batch_first=True).to(device)
    rng = np.random.default_rng(0)
    x = lib.tensor(rng.standard_normal((batch, length, 256)).astype(np.float32), device=device)

    def step():
        layer.zero_grad()
        layer(x).sum().backward()
    return step, None


def workloads(quick):
    """(name, builder(lib, device) -> (fn, flops or None)) in the report's order."""
    n, small, big, images, length = (64, 8, 16, 4, 16) if quick else (4096, 128, 1024, 64, 128)
    return [
        (f"matmul {n}^2 float32", lambda lib, d: _matmul(lib, d, n, "float32")),
        (f"matmul {n}^2 float16", lambda lib, d: _matmul(lib, d, n, "float16")),
        (f"MLP 784-512-256-10 SGD step, batch {small}", lambda lib, d: _mlp(lib, d, small)),
        (f"MLP 784-512-256-10 SGD step, batch {big}", lambda lib, d: _mlp(lib, d, big)),
        (f"CNN (2 conv, 2 pool, linear) SGD step, batch {images}",
         lambda lib, d: _cnn(lib, d, images)),
        (f"transformer encoder layer B8 S{length} D256 H4 fwd+bwd",
         lambda lib, d: _transformer(lib, d, 8, length)),
    ]


def _time(lib, device, fn, seconds, most):
    """Median seconds of one call (device synchronised), over up to ``most`` calls."""
    times = []
    deadline = time.perf_counter() + seconds
    while len(times) < most and (len(times) < 3 or time.perf_counter() < deadline):
        start = time.perf_counter()
        fn()
        _sync(lib, device)
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def bench(quick):
    libs = _libraries()
    results = []
    for name, build in workloads(quick):
        row = {"workload": name}
        for label, (lib, device) in libs.items():
            try:
                fn, flops = build(lib, device)
                for _ in range(1 if quick else 2):  # warm-up: CuPy compiles kernels on first use
                    fn()
                _sync(lib, device)
                seconds = _time(lib, device, fn, 0.0 if quick else 2.0, 3 if quick else 50)
                row[label] = {"ms": seconds * 1e3, "device": device}
                if flops:
                    row[label]["tflops"] = flops / seconds / 1e12
            except Exception as error:  # a failure is a finding: report it, go on
                row[label] = {"error": f"{type(error).__name__}: {error}"[:300]}
        if "ms" in row.get("ember", {}) and "ms" in row.get("torch", {}):
            row["ratio"] = row["ember"]["ms"] / row["torch"]["ms"]
        results.append(row)
        print(json.dumps(row), flush=True)
    return {"environment": environment(), "results": results, "no_sync": no_sync_step(quick)}


def no_sync_step(quick):
    """Whether an MLP SGD step runs under ``cupyx.allow_synchronize(False)``."""
    from ember import _backend
    if _backend.STANDIN_DEVICES:
        return {"skipped": "the stand-in has no synchronisation to detect"}
    import cupyx

    import ember
    step, _ = _mlp(ember, "cuda", 32 if quick else 128)
    step()
    ember.cuda.synchronize()
    try:
        with cupyx.allow_synchronize(False):
            step()
        return {"ok": True}
    except Exception as error:
        return {"ok": False, "error": f"{type(error).__name__}: {error}"[:300],
                "where": traceback.format_exc()[-1500:]}


def examples(quick):
    """Run each example with cuda as the default device; its exit and last printed line."""
    import contextlib
    import io

    import ember
    ember.set_default_device("cuda")
    os.environ["EMBER_EXAMPLES_QUICK"] = "1"
    rows = []
    for name, args in EXAMPLES:
        out = io.StringIO()
        start = time.perf_counter()
        argv = sys.argv
        sys.argv = [name, *args]
        try:
            with contextlib.redirect_stdout(out):
                runpy.run_path(str(ROOT / "examples" / name), run_name="__main__")
            row = {"example": name, "ok": True}
        except SystemExit as stop:
            row = {"example": name, "ok": stop.code in (0, None)}
        except Exception as error:
            row = {"example": name, "ok": False, "error": f"{type(error).__name__}: {error}"[:300],
                   "where": traceback.format_exc()[-1200:]}
        finally:
            sys.argv = argv
        row["seconds"] = round(time.perf_counter() - start, 2)
        lines = out.getvalue().strip().splitlines()
        row["last_line"] = lines[-1][:200] if lines else ""
        rows.append(row)
        print(json.dumps(row), flush=True)
        if quick:
            break
    return {"examples": rows}


def environment():
    import ember
    from ember import _backend
    env = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
           "python": platform.python_version(), "numpy": np.__version__,
           "standin": bool(_backend.STANDIN_DEVICES),
           "cuda_devices": ember.cuda.device_count()}
    try:
        import cupy
        env["cupy"] = cupy.__version__
        env["gpu"] = cupy.cuda.runtime.getDeviceProperties(0)["name"].decode()
    except Exception as error:
        env["cupy"] = f"unavailable ({type(error).__name__})"
    try:
        import torch
        env["torch"] = torch.__version__
        env["torch_cuda"] = torch.cuda.is_available()
    except ImportError:
        env["torch"] = "not installed"
    return env


def _suite_counts(log):
    """Passed/failed/error/skipped counts from a pytest -v log (partial logs count too)."""
    counts = {"passed": 0, "failed": 0, "error": 0, "skipped": 0}
    summary = None
    for line in log.splitlines():
        for key, word in (("passed", " PASSED"), ("failed", " FAILED"), ("error", " ERROR"),
                          ("skipped", " SKIPPED")):
            if word in line and "::" in line:
                counts[key] += 1
        if (" passed" in line or " failed" in line) and line.startswith("=") and " in " in line:
            summary = line.strip("= ")
    counts["summary"] = summary
    return counts


def report(directory):
    """gpu_proof.md from what the steps left in ``directory``."""
    directory = pathlib.Path(directory)

    def load(name):
        path = directory / name
        return json.loads(path.read_text()) if path.exists() else None
    bench_data, example_data = load("bench.json"), load("examples.json")
    lines = ["# ember GPU proof (issue 18)", ""]
    env = (bench_data or {}).get("environment") or environment()
    lines += [f"- {key}: {value}" for key, value in env.items()] + [""]
    lines += ["## Benchmark: ember on cuda against torch", "",
              "| workload | ember ms | torch ms (device) | ember / torch | TFLOP/s ember, torch |",
              "| --- | --- | --- | --- | --- |"]
    for row in (bench_data or {}).get("results", []):
        ours, theirs = row.get("ember", {}), row.get("torch", {})
        lines.append("| {} | {} | {} | {} | {} |".format(
            row["workload"], _cell(ours), f"{_cell(theirs)} ({theirs.get('device', '-')})",
            f"{row['ratio']:.2f}x" if "ratio" in row else "-",
            ", ".join(f"{side['tflops']:.1f}" if "tflops" in side else "-"
                      for side in (ours, theirs))))
    if bench_data is None:
        lines.append("| (the benchmark step left no bench.json) | | | | |")
    no_sync = (bench_data or {}).get("no_sync")
    lines += ["", f"No-sync training step (cupyx.allow_synchronize(False)): {json.dumps(no_sync)}",
              "", "## Examples on cuda", ""]
    for row in (example_data or {}).get("examples", []):
        status = "ok" if row["ok"] else f"FAILED: {row.get('error', '')}"
        lines.append(f"- {row['example']}: {status} ({row['seconds']} s) {row['last_line']}")
    if example_data is None:
        lines.append("- (the examples step left no examples.json)")
    log = directory / "suite.log"
    lines += ["", "## Test suite with every tensor on cuda", ""]
    if log.exists():
        text = log.read_text(errors="replace")
        counts = _suite_counts(text)
        lines.append(f"- counted: {counts}")
        places = text.split("stand-in failures by place")
        if len(places) > 1:
            lines += ["- failures by place:", "```", places[1][:4000].strip(), "```"]
    else:
        lines.append("- (the suite step left no suite.log)")
    steps = directory / "steps.txt"
    if steps.exists():
        lines += ["", "## Steps", "```", steps.read_text().strip(), "```"]
    (directory / "gpu_proof.md").write_text("\n".join(lines) + "\n")
    return directory / "gpu_proof.md"


def _cell(side):
    if "ms" in side:
        return f"{side['ms']:.3f}"
    return f"error: {side['error'][:80]}" if "error" in side else "-"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=("bench", "examples", "report"))
    parser.add_argument("--out", required=True)
    parser.add_argument("--quick", action="store_true", help="tiny sizes (the tests' run)")
    args = parser.parse_args(argv)
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.mode == "report":
        print(report(out))
        return 0
    data = bench(args.quick) if args.mode == "bench" else examples(args.quick)
    (out / f"{args.mode}.json").write_text(json.dumps(data, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
