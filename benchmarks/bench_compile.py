"""ember.compile against torch's eager mode (issue 17's targets), and the cost of capturing.

    python benchmarks/run.py compile_chain compile_mlp compile_transformer
    python benchmarks/bench_compile.py          # the same three, printed as a table
    python benchmarks/bench_compile.py --capture  # capture cost per model, split in two calls
    OMP_NUM_THREADS=1 python benchmarks/bench_compile.py --capture --cpu  # on CPU time
    OMP_NUM_THREADS=1 python benchmarks/bench_compile.py --capture --cpu --repeat 5  # medians

Each workload times ember with ``ember.compile`` (after its capture), ember eager and torch
eager, alternating repetitions in one run, and reports the ratio of compiled ember to torch
eager beside the issue's target. ``compile_s`` is the time of the first two compiled steps
(the eager run that records the forward and the backward, then the first replay, preceded by a
check of the plan against eager mode only when the capture may have missed a read of the data)
and ``eager_s`` that of an ordinary eager step, so their ratio says how many eager steps a
capture costs. A plan runs as per-step template functions until it has run
``plan.COMPILE_AFTER`` times, then as straight-line Python source: ``source_s`` is the
one-time cost of that source (paid at that run, only by plans used that often; wall time,
whatever ``--clock`` says); the replay times are taken after it.

Measured on this machine (process CPU time, one BLAS thread; first call / second call, in
eager steps), before and after the capture trusts a plan that saw every read of the data
instead of checking it against eager mode on perturbed copies at the second call:
chain 7.6 / 1.7 -> 7.7 / 0.3, MLP 1.9 / 3.4 -> 1.8 / 1.0, CNN 2.2 / 3.6 -> 2.3 / 1.3,
transformer 3.0 / 3.1 -> 2.7 / 1.0; then with the garbage collector paused during a capture
(and ember._compile's modules imported before timing, a one-time import): chain 6.2 / 0.3,
MLP 1.8 / 1.1, CNN 2.2 / 1.2, transformer 1.5-2.1 / 1.0 (a loaded machine: +-20%). The
chain's first call (~2250 array calls) is its forward recorded (~11 ms against ~3.5 ms
eager), its backward recorded (~15 ms against ~5 ms) and the plan's build (~14 ms, half of
it the per-step functions). Each is recorded once (one eager forward, one engine run of the
backward); the rest is the cost per recorded call. Then, with the trace holding no array
(temporaries freed as in eager mode: the transformer's first call made 11k page faults, now
2.7k), a short path for ufunc calls and template steps found by their kinds, on a loaded
machine (first + second call): chain 5.2-5.3 (4.6-4.9 once a process has made the templates),
MLP 3.0, CNN 2.8-2.9, transformer 2.9-4.6 (the spread: first-use page faults), and a loss
function compiled with the MLP (mlp+loss) 3.0. Plan building is linear in the steps (the chain
at 500 to 4000 ops: 7-9 µs per op). Then, with ember's pure kernels recorded as one step each
(tanh's backward: 1 step instead of 3), the ufunc recording inlined, traced arrays without an
instance dict and a plan's template phase as op tuples instead of per-step closures, three
alternating runs against the previous code at a load of 14-17 (first + second call): chain
5.2-6.0 -> 3.6-3.9, MLP 2.5-2.7 -> 2.4-2.5, mlp+loss 2.7-2.9 -> 2.4-3.1, CNN 2.6-2.9 -> 2.5-2.8,
transformer 2.4-3.0 -> 2.5-2.6; the chain's later captures in one process 2.7-3.2. Later, with
a plan calling a recorded ufunc itself rather than its bound ``__call__``, its buffer reuse kept
as a map beside the recorded steps and its ops as one flat list (the chain's capture keeps 5.5k
GC-tracked objects, 9.3k before), the chain alone in fresh processes (first + second call, no
torch imported): medians 3.07-3.11 -> 2.90-2.97 (spreads 2.86-3.33 -> 2.67-3.04); here, four
alternating runs: first call 2.7-3.1 -> 2.8-3.0; the chain's compiled replay 0.254 -> 0.235 of
torch's eager step. This script imports torch (``_libs``), and that alone puts the chain's
capture about 0.2 eager steps higher (3.1-3.2 against 2.9-3.0 without it, same code). Then,
with the capture patching a fixed list of ember's aliases of recorded functions (the scan of
every module's globals cost a process's first capture 1 ms), traced results taking ember's
elementwise fast path (the cached 0-d operand of a Python float, which the plan keeps: the
chain's replay 0.23 -> 0.20 of torch's step), recorded kernels' results made slots inline and
slots sharing their (shape, dtype) tuples, the chain alone in fresh processes (first + second
call, 6 alternating runs each on a loaded machine): median 2.93 (2.85-3.07) -> 2.67
(2.57-2.77) without torch imported, 3.23 (2.97-3.39) -> 2.78 (2.72-2.89) with it (a gen-1
collection lands in the capture there); here, three alternating runs (first / second call):
chain 2.77-2.94 / 0.22-0.23 -> 2.49-2.51 / 0.19-0.20, MLP, CNN and transformer unchanged.
Then, with each big temporary (64 KiB on) dropped after its last reader (a plan held every
temporary to its end, so each took fresh memory: the transformer's replay was no faster than
its eager step) and batch norm's channel tiles recorded as eager mode runs them, three
alternating runs at a load of 12-14 (second call / replay in template steps, eager steps):
CNN 1.22-1.25 / 1.11-1.17 -> 1.04-1.14 / 0.99-1.02, transformer 1.20-1.26 / 1.02-1.06 ->
0.98-1.00 / 0.97-1.00; the first calls, the chain and the MLPs within the noise.
Then, with the objects tracked by the garbage collector moved to its oldest generation when a
capture's pause of it ends (the first young collection after it went through the thousands of
objects the plan keeps), the collector's own time inside the chain's first call, read from
``gc.callbacks``, went 0.11-0.15 eager steps -> 0 (mlp+loss 0.03 -> 0); whole first + second
calls at a load of 18, three alternating runs: chain 2.87/2.60/3.11 -> 2.59/2.92/2.77,
mlp+loss 3.12/2.63/2.70 -> 2.90/2.88/3.51, within that load's noise.
Then, with the general recording path trimmed (an index with a slice is not computed twice,
slices are constants without a recursive encode), a tuple of constants one constant of a flat
template step (the CNN's 50 reshapes: ~90 -> ~5 µs each to build), _prune making the rows of
slots it keeps (no step_slots pass first) and _reuse indexing lists by slot, three
alternating runs against the previous code at a load of 11 on two cores (first + second call):
chain 2.60/2.55/2.63 -> 2.65/2.52/2.77, MLP 2.20/2.38/2.38 -> 2.45/2.75/2.40, mlp+loss
2.64/2.67/2.67 -> 2.98/3.39/2.65, CNN 2.70/2.66/2.69 -> 2.51/2.54/2.61, transformer
2.22/2.32/2.38 -> 2.35/2.29/2.32: the CNN's gain shows, the rest is under that load's noise
(the eager step, min of 3, moved by 15% between runs). In a first call the big models'
matrix products take 1.2-1.3x their warm time (a new model's first step: eager mode's own
first step of a fresh model costs 1.05-1.3 eager steps), which bounds what cutting the
capture's own work can give them.

Then (a load of 11-13 on two cores, process CPU time, one thread): the second call is a
replay like any later one (median over 8 captures, calls 2-6 of mlp+loss 0.98 0.99 0.98 0.97
1.00, CNN 1.04 1.03 1.07 1.03 0.99): no plan is built, no buffer kept, nothing validated there;
it costs an eager step because at one thread the MLP's and CNN's steps are array work (the
MLP plan's 8 products ~3.8 ms of its ~4.4 ms, ~74 GFLOP/s; eager's Python ~0.2-0.3 ms, the
replay's guards ~60 us). The first call's array calls take 0.94 (MLP) / 0.90 (CNN) eager
steps, and capturing an already trained model costs the same as a fresh one (MLP 1.62 /
1.59, CNN 1.54 / 1.56): cold memory is at most ~0.1 of it. With array-method plan steps as
methodcaller ops (the CNN's build 4.5 -> 3.4 ms) and constant-argument views recorded by
Trace.call_method, 18 fresh-model captures each (first + second, medians): chain 2.56 ->
2.48, mlp+loss 2.60 -> 2.54, CNN 2.71 -> 2.54, under that load's +-0.3 spread; ``--repeat N``
prints such medians.

The capture cost in eager steps is the issue's measure. What a user waits for is better told by
the second figure of ``--capture``, the break-even: the number of training steps after which
the compiled run (first call, second call, then replays at the template-step speed, which only
gets faster once a plan runs as source) has taken no longer than eager mode would have; "never"
where a replay is no faster than an eager step (the plan then buys nothing but fidelity).
"""
from __future__ import annotations

import importlib
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_chains import _chain

from run import CLOCK, interleaved


def _timed(fn):
    """Seconds of one call on run.py's clock (``--clock cpu``: this process's CPU time)."""
    clock = CLOCK[0]
    started = clock()
    fn()
    return clock() - started


def _compare(libs, make, repeat, number=1):
    """Times of the compiled ember step, the eager ember step and each other library's."""
    import ember
    for name in ("ember._compile.runtime", "ember.compiler", "ember._dynamo"):  # one-time imports, not captures
        importlib.import_module(name)
    eager = make(ember, compiled=False)
    compiled = make(ember, compiled=True)
    eager()
    eager_s = _timed(eager)
    compile_s = _timed(compiled)
    # The second call is the first replay (after checking the plan against eager mode when
    # the capture was unsure, runtime.Entry.validate): part of what a capture costs.
    compile_s += _timed(compiled)
    from ember._compile import plan as _plan
    from ember._compile.region import _regions
    for _ in range(_plan.COMPILE_AFTER + 1):  # through the switch to straight-line source
        compiled()
    source_s = sum(p.compile_seconds for region in list(_regions) for entry in
                   region.plans.values() for p in (getattr(entry, "forward", None),
                                                   getattr(entry, "backward", None))
                   if isinstance(p, _plan.Program))
    steps = {"ember_compiled": compiled, "ember": eager}
    for name, lib in libs.items():
        if name != "ember":
            steps[name] = make(lib, compiled=False)
            steps[name]()
    best = interleaved(steps, repeat=repeat, number=number)
    best["compile_s"] = compile_s
    best["eager_s"] = eager_s
    best["source_s"] = source_s
    ember.compiler.reset()
    return best


# -- the 1000-op chain ----------------------------------------------------------------------------

def _make_chain(lib, compiled):
    x = lib.ones(16, requires_grad=True)

    def forward(x):
        return _chain(x, 1000).sum()

    run = lib.compile(forward) if compiled else forward

    def step():
        x.grad = None
        run(x).backward()
    return step


def compile_chain(libs):
    """µs per op of the 1000-op chain on (16,), forward + backward (target ≤ 0.3 of torch)."""
    best = _compare(libs, _make_chain, repeat=15)
    out = {k: v / 1000 * 1e6 for k, v in best.items() if not k.endswith("_s")}
    out.update(compile_s=best["compile_s"], eager_s=best["eager_s"], source_s=best["source_s"])
    return out, "µs/op", "compiled/torch ≤ 0.3"


# -- the MLP training step ------------------------------------------------------------------------

def _make_mlp(lib, compiled, seed=0, region="model"):
    """The MLP's SGD step; compiled, ``region`` says what: the model alone (its output goes to
    an eager loss) or ``"loss"``, a function computing the loss from the batch (the loss and its
    backward inside the plan, the model's parameters its inputs)."""
    lib.manual_seed(seed)
    nn = lib.nn
    model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(),
                          nn.Linear(256, 10))
    opt = lib.optim.SGD(model.parameters(), lr=0.01)
    rng = np.random.default_rng(seed)
    x = lib.tensor(rng.standard_normal((128, 784)).astype(np.float32))
    y = lib.tensor(rng.integers(0, 10, 128).astype(np.int64))
    loss_fn = nn.CrossEntropyLoss()
    if compiled and region == "loss":
        loss = lib.compile(lambda inputs, targets: loss_fn(model(inputs), targets))
    else:
        run = lib.compile(model) if compiled else model

        def loss(inputs, targets):
            return loss_fn(run(inputs), targets)

    def step():
        opt.zero_grad()
        loss(x, y).backward()
        opt.step()
    return step


def _make_mlp_loss(lib, compiled, seed=0):
    return _make_mlp(lib, compiled, seed, region="loss")


def compile_mlp_loss(libs):
    """ms per MLP SGD step as compile_mlp, the compiled region a function returning the loss
    (model and cross-entropy, forward and backward, in one plan)."""
    best = _compare(libs, _make_mlp_loss, repeat=7, number=3)
    return ({k: v * 1e3 for k, v in best.items()}, "ms (compile_s, eager_s: ms too)",
            "compiled/torch ≤ 0.8")


def compile_mlp(libs):
    """ms per MLP 784-512-256-10 batch-128 SGD step (target ≤ 0.8 of torch)."""
    best = _compare(libs, _make_mlp, repeat=7, number=3)
    return ({k: v * 1e3 for k, v in best.items()}, "ms (compile_s, eager_s: ms too)",
            "compiled/torch ≤ 0.8")


# -- the transformer block ------------------------------------------------------------------------

B, S, D, H = 8, 128, 256, 4


def _make_block(lib, compiled, seed=0):
    F = importlib.import_module(lib.__name__ + ".nn.functional")
    nn = lib.nn
    rng = np.random.default_rng(seed)

    def param(*shape, scale):
        return nn.Parameter(lib.tensor(rng.standard_normal(shape).astype(np.float32) * scale))

    class Block(nn.Module):
        """Pre-norm block as in bench_transformer.py, its weights held by a module."""

        def __init__(self):
            super().__init__()
            self.ln1_w, self.ln1_b = param(D, scale=0.1), param(D, scale=0.1)
            self.ln2_w, self.ln2_b = param(D, scale=0.1), param(D, scale=0.1)
            self.w_qkv, self.b_qkv = param(3 * D, D, scale=D ** -0.5), param(3 * D, scale=0.02)
            self.w_o, self.b_o = param(D, D, scale=D ** -0.5), param(D, scale=0.02)
            self.w_1, self.b_1 = param(4 * D, D, scale=D ** -0.5), param(4 * D, scale=0.02)
            self.w_2, self.b_2 = param(D, 4 * D, scale=(4 * D) ** -0.5), param(D, scale=0.02)

        def forward(self, x):
            head = D // H
            h = F.layer_norm(x, (D,), self.ln1_w, self.ln1_b)
            q, k, v = F.linear(h, self.w_qkv, self.b_qkv).split(D, dim=-1)
            q = q.reshape(B, S, H, head).transpose(1, 2)
            k = k.reshape(B, S, H, head).transpose(1, 2)
            v = v.reshape(B, S, H, head).transpose(1, 2)
            att = F.softmax(q @ k.transpose(-2, -1) / math.sqrt(head), dim=-1)
            y = (att @ v).transpose(1, 2).reshape(B, S, D)
            h = x + F.linear(y, self.w_o, self.b_o)
            return h + F.linear(F.gelu(F.linear(F.layer_norm(h, (D,), self.ln2_w, self.ln2_b),
                                                self.w_1, self.b_1), approximate="tanh"),
                                self.w_2, self.b_2)

    block = Block()
    run = lib.compile(block) if compiled else block
    x = lib.tensor(rng.standard_normal((B, S, D)).astype(np.float32), requires_grad=True)
    upstream = lib.tensor(rng.standard_normal((B, S, D)).astype(np.float32))

    def step():
        block.zero_grad()
        x.grad = None
        run(x).backward(upstream)
    return step


def compile_transformer(libs):
    """ms per forward + backward of the B8 S128 D256 H4 block (target ≤ 0.9 of torch)."""
    best = _compare(libs, _make_block, repeat=7)
    return ({k: v * 1e3 for k, v in best.items()}, "ms (compile_s, eager_s: ms too)",
            "compiled/torch ≤ 0.9")


def _make_cnn(lib, compiled, seed=0):
    lib.manual_seed(seed)
    nn = lib.nn
    model = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
                          nn.MaxPool2d(2), nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(),
                          nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 10))
    opt = lib.optim.SGD(model.parameters(), lr=0.01)
    run = lib.compile(model) if compiled else model
    rng = np.random.default_rng(seed)
    x = lib.tensor(rng.standard_normal((32, 3, 32, 32)).astype(np.float32))
    y = lib.tensor(rng.integers(0, 10, 32).astype(np.int64))
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss_fn(run(x), y).backward()
        opt.step()
    return step


def capture_costs(repeat=1):
    """Each model's capture in eager steps, split: the first call (the eager run that records
    the forward and, at backward, the backward) and the second (its first replay, after the
    plan's check against eager mode when the capture was unsure), on run.py's clock.

    ``repeat`` captures per model, each of a fresh model after an eager step measured (min of
    3) just before it, give the medians of the first call, the second and their sum (a
    shared machine's load moves one capture's figures by +-0.3 eager steps)."""
    import statistics

    import ember
    # The modules a region loads at its first call (runtime, plan, capture, ember.compiler,
    # and ember._dynamo, whose config holds the recompile limits): a one-time import
    # (compiled from source where no bytecode is cached), not part of any capture.
    for name in ("ember._compile.runtime", "ember.compiler", "ember._dynamo"):
        importlib.import_module(name)
    rows = {}
    for name, make in (("chain", _make_chain), ("mlp", _make_mlp), ("mlp+loss", _make_mlp_loss),
                       ("cnn", _make_cnn), ("transformer", _make_block)):
        eager = make(ember, compiled=False)
        eager()
        firsts, seconds, sums, steps = [], [], [], []
        for _ in range(repeat):
            eager_s = min(_timed(eager) for _ in range(3))
            compiled = make(ember, compiled=True)
            first, second = _timed(compiled) / eager_s, _timed(compiled) / eager_s
            firsts.append(first)
            seconds.append(second)
            sums.append(first + second)
            steps.append(eager_s)
            replay = min(_timed(compiled) for _ in range(3)) / eager_s
            ember.compiler.reset()
        first, second = statistics.median(firsts), statistics.median(seconds)
        rows[name] = {"eager_s": statistics.median(steps), "capture": first, "check": second,
                      "replay": replay, "sum": statistics.median(sums),
                      "sum_range": (min(sums), max(sums)),
                      "break_even": _break_even(first, second, replay)}
    return rows


def _break_even(first, second, replay):
    """The first step count n at which compiling has cost the user no time: the first two
    calls plus n - 2 replays take no longer than n eager steps (all in eager steps); None when
    a replay is no faster than an eager step."""
    if replay >= 1:
        return None
    return max(2, math.ceil((first + second - 2 * replay) / (1 - replay)))


WORKLOADS = {"compile_chain": compile_chain, "compile_mlp": compile_mlp,
             "compile_mlp_loss": compile_mlp_loss, "compile_transformer": compile_transformer}

TARGETS = {"compile_chain": 0.3, "compile_mlp": 0.8, "compile_mlp_loss": 0.8,
           "compile_transformer": 0.9}


def main():
    from run import _libs
    if "--cpu" in sys.argv:  # process CPU time: steadier on a shared machine
        import time
        CLOCK[0] = time.process_time
    libs = _libs()
    if "--capture" in sys.argv:
        # --repeat N: N captures of fresh models per row, medians (first + second: its range)
        repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 1
        print("| model | eager step | first call / eager | second call / eager | "
              "first + second | replay (template steps) / eager | break-even: steps until "
              "compiled took no longer than eager |")
        print("|---|---|---|---|---|---|---|")
        for name, row in capture_costs(repeat).items():
            even = row["break_even"]
            low, high = row["sum_range"]
            spread = f" ({low:.2f}-{high:.2f})" if repeat > 1 else ""
            print(f"| {name} | {row['eager_s'] * 1e3:.2f} ms | {row['capture']:.2f}x | "
                  f"{row['check']:.2f}x | {row['sum']:.2f}x{spread} | {row['replay']:.2f}x | "
                  f"{'never' if even is None else even} |")
        return
    print("| workload | ember compiled | ember eager | torch eager | compiled/torch | target "
          "| capture (first two steps) / eager step | source, later (eager steps) |")
    print("|---|---|---|---|---|---|---|---|")
    for name, workload in WORKLOADS.items():
        result, unit, _ = workload(libs)
        torch_time = result.get("torch")
        ratio = f"{result['ember_compiled'] / torch_time:.2f}" if torch_time else "n/a"
        print(f"| {name} ({unit.split(' ')[0]}) | {result['ember_compiled']:.3f} | "
              f"{result['ember']:.3f} | {torch_time if torch_time is None else f'{torch_time:.3f}'}"
              f" | {ratio} | ≤ {TARGETS[name]} | "
              f"{result['compile_s'] / result['eager_s']:.1f}x | "
              f"{result['source_s'] / result['eager_s']:.1f}x |")


if __name__ == "__main__":
    main()
