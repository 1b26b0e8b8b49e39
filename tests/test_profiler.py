"""ember.profiler / ember.autograd.profiler: real op timings, PyTorch's table layout and API,
and no cost (no wrapper left behind) when no profiler is active."""
from __future__ import annotations

import json
import re
import time

import pytest
from conftest import CHECK_WRAPPERS, TORCH, cpu_only, requires_torch

import ember
from ember.autograd import profiler as autograd_profiler
from ember.profiler import ProfilerAction, ProfilerActivity, profile, record_function, schedule

# The profiler wraps the public ops itself and finds them by identity.
pytestmark = cpu_only(CHECK_WRAPPERS)


def test_ops_are_unwrapped_when_no_profiler_is_active():
    originals = (ember.Tensor.__dict__["add"], ember.__dict__["matmul"],
                 ember.nn.functional.__dict__["linear"], ember.Tensor.__dict__["__mul__"])
    with profile():
        assert ember.Tensor.__dict__["add"] is not originals[0]
        assert ember.nn.functional.__dict__["linear"] is not originals[2]
        ember.ones(2).add(1)
    assert (ember.Tensor.__dict__["add"], ember.__dict__["matmul"],
            ember.nn.functional.__dict__["linear"], ember.Tensor.__dict__["__mul__"]) == originals
    assert not autograd_profiler._active and not autograd_profiler._installed


def test_events_nest_and_time_real_work():
    def slow(x):
        time.sleep(0.02)
        return x * 2
    with profile(record_shapes=True) as prof:
        with record_function("outer"):
            x = ember.ones(3, 4)
            y = ember.matmul(x, x.t())
            record_function("slow_part")(slow)(y)
    events = {e.name: e for e in prof.events()}
    outer = events["outer"]
    assert outer.cpu_parent is None and outer.is_user_annotation
    names = [c.name for c in outer.cpu_children]
    assert names == ["aten::ones", "aten::t", "aten::matmul", "slow_part"]
    assert events["aten::matmul"].input_shapes == [[3, 4], [4, 3]]
    assert events["slow_part"].cpu_time_total >= 20_000  # microseconds
    assert outer.cpu_time_total >= sum(c.cpu_time_total for c in outer.cpu_children)
    assert outer.self_cpu_time_total == pytest.approx(
        outer.cpu_time_total - sum(c.cpu_time_total for c in outer.cpu_children))
    assert [c.name for c in events["slow_part"].cpu_children] == ["aten::mul"]


def test_key_averages_counts_and_sorts():
    with profile() as prof:
        for _ in range(3):
            ember.ones(2).add(1).mul(2)
    averages = prof.key_averages()
    counts = {e.key: e.count for e in averages}
    assert counts == {"aten::ones": 3, "aten::add": 3, "aten::mul": 3}
    table = averages.table(sort_by="count", row_limit=2)
    assert table.count("\n") == 3 + 2 + 2  # rule/header/rule, two rows, rule and total
    by_self = averages.table(sort_by="self_cpu_time_total")
    rows = [line for line in by_self.splitlines() if line.strip().startswith("aten::")]
    times = [_us(row.split()[2]) for row in rows]
    assert times == sorted(times, reverse=True)
    with pytest.raises(AttributeError):
        averages.table(sort_by="speed")


def _us(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)$", text).groups()
    return float(value) * {"us": 1, "ms": 1e3, "s": 1e6}[unit]


def _layout(table):
    """What of a profiler table does not depend on timing: header, column widths, and for each
    row its name, number of calls and input shapes."""
    lines = table.splitlines()
    widths = [len(group) for group in lines[0].split("  ") if group]
    rows = {}
    for line in lines[3:-2]:
        cells = line.split()
        rows[cells[0]] = (cells[6], " ".join(cells[7:]))
    return re.split(r"\s{2,}", lines[1].strip()), widths, rows, lines[-1].split(":")[0]


@requires_torch
def test_table_layout_matches_torch():
    def run(m):
        x = m.ones(2, 4)
        with m.profiler.profile(activities=[m.profiler.ProfilerActivity.CPU],
                                record_shapes=True) as prof:
            with m.profiler.record_function("model_inference"):
                m.matmul(x, x.t())
        return (prof.key_averages(group_by_input_shape=True).table(sort_by="count"),
                prof.key_averages().table(sort_by="cpu_time_total", row_limit=1))

    for ours, theirs in zip(run(ember), run(TORCH)):
        ours, theirs = _layout(ours), _layout(theirs)
        # torch's matmul calls more kernels underneath: compare the rows both have, and the
        # widths of every column but the name's (which follows the longest name).
        assert ours[0] == theirs[0]
        assert ours[1][1:] == theirs[1][1:] or ours[1][1:-1] == theirs[1][1:-1]
        shared = set(ours[2]) & set(theirs[2])
        assert "model_inference" in shared
        assert {k: ours[2][k] for k in shared} == {k: theirs[2][k] for k in shared}
        assert ours[3] == theirs[3] == "Self CPU time total"


def test_schedule_actions_match_torchs_shape():
    s = schedule(wait=1, warmup=1, active=2, repeat=1)
    assert [s(i) for i in range(6)] == [ProfilerAction.NONE, ProfilerAction.WARMUP,
                                        ProfilerAction.RECORD, ProfilerAction.RECORD_AND_SAVE,
                                        ProfilerAction.NONE, ProfilerAction.NONE]
    s = schedule(skip_first=2, wait=0, warmup=1, active=1)
    assert [s(i) for i in range(6)] == [ProfilerAction.NONE, ProfilerAction.NONE,
                                        ProfilerAction.WARMUP, ProfilerAction.RECORD_AND_SAVE,
                                        ProfilerAction.WARMUP, ProfilerAction.RECORD_AND_SAVE]


@requires_torch
def test_scheduled_profiling_matches_torchs_events():
    def run(m):
        traces = []
        s = m.profiler.schedule(wait=1, warmup=1, active=2, repeat=1)

        def ready(p):
            traces.append((p.step_num, sorted((e.key, e.count) for e in p.key_averages()
                                              if e.key in ("ProfilerStep*", "aten::add"))))
        with m.profiler.profile(activities=[m.profiler.ProfilerActivity.CPU], schedule=s,
                                on_trace_ready=ready) as p:
            for _ in range(6):
                m.ones(2).add(1)
                p.step()
        return traces
    assert run(ember) == run(TORCH)


def test_chrome_trace_and_autograd_profiler(tmp_path):
    with autograd_profiler.profile() as prof:
        ember.ones(3).mul(2)
        with pytest.raises(RuntimeError, match="Profiler didn't finish running"):
            prof.key_averages()
    assert [e.key for e in prof.key_averages()] == ["aten::ones", "aten::mul"]
    assert prof.self_cpu_time_total > 0
    path = tmp_path / "trace.json"
    prof.export_chrome_trace(str(path))
    trace = json.loads(path.read_text())
    assert [e["name"] for e in trace["traceEvents"]] == ["aten::ones", "aten::mul"]
    assert ember.autograd.profiler.profile is autograd_profiler.profile
    with autograd_profiler.profile(enabled=False) as off:
        ember.ones(1)
    assert list(off.key_averages()) == []


def test_record_function_without_profiler_records_nothing():
    with record_function("nothing") as rf:
        ember.ones(1)
    assert rf._event is None
    assert ProfilerActivity.CPU in ember.profiler.supported_activities()


@requires_torch
def test_backward_nodes_are_recorded_as_torch_names_them():
    def run(m):
        m.manual_seed(0)
        lin = m.nn.Linear(3, 2)
        x = m.randn(4, 3)
        with m.profiler.profile() as prof:
            lin(x).relu().sum().backward()
        keys = [e.key.replace("torch::", "ember::") for e in prof.key_averages()]
        table = prof.key_averages().table(sort_by="count", row_limit=100)
        long_rows = [line.split()[0] + " " + line.split()[1] for line in table.splitlines()
                     if "evaluate_function" in line]
        return [k for k in keys if "Backward" in k or "AccumulateGrad" in k], long_rows
    ours, theirs = run(ember), run(TORCH)
    assert ours[0] == theirs[0]
    assert sorted(r.replace("torch::", "ember::") for r in ours[1]) == sorted(
        r.replace("torch::", "ember::") for r in theirs[1])
    assert not ember.autograd.graph._profiling


def _memory_events(lib):
    """(name, bytes) of the top-level events of a short program, with profile_memory on."""
    from_lib = lib.profiler
    keep = lib.ones(256)
    with from_lib.profile(profile_memory=True) as prof:
        y = lib.ones(256)
        z = y * 2
        z.view(16, 16)
        z.sum()
        del y
        lib.empty(100, dtype=lib.float64)
    del keep
    return [(e.name, e.cpu_memory_usage) for e in prof.events()
            if e.cpu_parent is None and abs(e.cpu_memory_usage) != 8], prof


def test_profile_memory_charges_new_arrays_and_their_frees():
    events, prof = _memory_events(ember)
    assert events == [("aten::ones", 1024), ("aten::mul", 1024), ("aten::view", 0),
                      ("aten::sum", 4), ("[memory]", -4), ("[memory]", -1024),
                      ("aten::empty", 800), ("[memory]", -800)]
    table = prof.key_averages().table()
    assert "CPU Mem  Self CPU Mem" in table
    assert re.search(r"\[memory\] .* -1\.79 KB +-1\.79 KB +3 *$", table, re.M)
    with profile() as plain:
        ember.ones(2)
    assert "CPU Mem" not in plain.key_averages().table()
    assert not autograd_profiler._tracked


@requires_torch
def test_profile_memory_totals_match_torchs():
    ours, _ = _memory_events(ember)
    theirs, _ = _memory_events(TORCH)
    assert ours == theirs


def test_profile_memory_in_backward_charges_the_gradients():
    x = ember.randn(4, 8, requires_grad=True)
    w = ember.randn(8, 8, requires_grad=True)
    with profile(profile_memory=True) as prof:
        (x @ w).sum().backward()
    charged = {e.name: e.self_cpu_memory_usage for e in prof.events()}
    assert charged["aten::matmul"] == 4 * 8 * 4
    assert charged["MmBackward0"] >= 4 * 8 * 4 + 8 * 8 * 4


def _flop_events(lib):
    """(name, FLOPs) of the events torch counts, for a training step and a few single ops."""
    lib.manual_seed(0)
    F = lib.nn.functional
    model = lib.nn.Sequential(lib.nn.Linear(64, 64), lib.nn.ReLU(), lib.nn.Linear(64, 10))
    x, a, b = lib.randn(32, 64), lib.randn(4, 5), lib.randn(5, 6)
    with lib.profiler.profile(with_flops=True) as prof:
        model(x).sum().backward()
        F.conv2d(lib.randn(2, 4, 9, 9), lib.randn(6, 2, 3, 3), groups=2, stride=2, padding=1)
        F.conv2d(lib.randn(2, 4, 9, 9), lib.randn(6, 4, 3, 1), dilation=2)
        lib.bmm(lib.randn(3, 4, 5), lib.randn(3, 5, 2))
        lib.add(lib.randn(3, 1), lib.randn(1, 4))
        lib.randn(2, 3).mul(lib.randn(2, 3))
        _ = lib.randn(4) * lib.randn(2, 4)
        lib.addmm(lib.randn(4, 6), a, b)
        _ = a @ b
        lib.matmul(lib.randn(2, 4, 5), b)
        lib.baddbmm(lib.randn(2, 4, 6), lib.randn(2, 4, 5), lib.randn(2, 5, 6))
    return sorted((e.name, e.flops) for e in prof.events() if e.flops), prof


def test_with_flops_counts_torchs_formulas_on_the_events_torch_counts():
    events, prof = _flop_events(ember)
    assert ("aten::addmm", 2 * 32 * 64 * 64) in events      # the first Linear, under aten::linear
    assert ("aten::conv2d", 2 * (2 * 6 * 5 * 5) * (2 * 3 * 3)) in events
    assert ("aten::mm", 2 * 8 * 5 * 6) in events            # the batch folded into the rows
    linear = next(e for e in prof.events() if e.name == "aten::linear")
    assert "aten::addmm" in [c.name for c in linear.cpu_children]
    table = prof.key_averages().table(row_limit=100)
    assert "  Total FLOPs  " in table and re.search(r"aten::bmm .* 240\.000 *$", table, re.M)


@requires_torch
def test_with_flops_matches_torchs_counts():
    assert _flop_events(ember)[0] == _flop_events(TORCH)[0]


def test_operators_are_recorded_after_a_subclass_made_plain_tensors_dispatch():
    """Once a ``__torch_function__`` subclass appears, Tensor holds dispatching copies of its
    methods over the operators' own wrappers; the profiler still times ``x * 2``."""
    class Watched(ember.Tensor):
        @classmethod
        def __torch_function__(cls, func, types, args=(), kwargs=None):
            return super().__torch_function__(func, types, args, kwargs or {})

    w = ember.tensor([1.0, 2.0]).as_subclass(Watched)
    assert type(w + w) is Watched
    with profile() as prof:
        x = ember.ones(3)
        x * 2
        x.add(1)
        x == x  # (Tensor.__eq__: its own function object over eq's code, named as torch's)
    assert [e.name for e in prof.events()] == ["aten::ones", "aten::mul", "aten::add",
                                               "aten::eq"]


def _recorded_shapes(library):
    """key -> input shapes of a few public ops that torch and ember both record."""
    F = library.nn.functional
    gen = library.Generator().manual_seed(0)
    x = library.randn(2, 3, 8, 8, generator=gen)
    a = library.randn(5, 16, generator=gen)
    with library.profiler.profile(record_shapes=True) as prof:
        F.conv2d(x, library.randn(4, 3, 3, 3, generator=gen), padding=1)
        F.linear(a, library.randn(32, 16, generator=gen), library.randn(32, generator=gen))
        a + a
        a.softmax(-1)
        F.max_pool2d(x, 2)
        library.cat([a, a])
    wanted = {"aten::conv2d", "aten::addmm", "aten::linear", "aten::add", "aten::softmax",
              "aten::max_pool2d", "aten::cat"}
    return sorted((e.key, str(e.input_shapes))
                  for e in prof.key_averages(group_by_input_shape=True) if e.key in wanted)


def test_input_shapes_list_the_scalar_arguments_left_out():
    shapes = dict(_recorded_shapes(ember))
    assert shapes["aten::addmm"] == "[[32], [5, 16], [16, 32], [], []]"


@requires_torch
def test_input_shapes_match_torch():
    assert _recorded_shapes(ember) == _recorded_shapes(TORCH)
