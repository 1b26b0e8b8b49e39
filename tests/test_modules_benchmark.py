"""ember.utils.benchmark: Measurement statistics and reports compared with torch's on the same
recorded times, and Timer's three ways of measuring (checked for shape, not for speed)."""
from __future__ import annotations

import importlib

import pytest
from conftest import requires_torch

import ember
from ember.utils import benchmark

RAW = [[1.0e-5], [2.0e-6, 2.1e-6, 1.9e-6, 2.05e-6, 3.5e-6], [4e-3, 4.1e-3],
       [1.2, 1.3, 1.25, 1.21, 9.0, 1.22], [7e-8, 7.1e-8, 7.05e-8, 7.02e-8]]
SPECS = [dict(stmt="x + 1", setup="pass"),
         dict(stmt="y = f(x)\nz = y * 2", setup="x = 1\nf = abs", label="two lines",
              sub_label="abs", description="a description", num_threads=4),
         dict(stmt="g()", setup="import math", sub_label="sub"),
         dict(stmt="h()\nh()", setup="", sub_label="twice"),
         dict(stmt="pass", setup="pass", label="empty", env="cpu")]


def _report(name, raw, spec, number):
    common = importlib.import_module(f"{name}.utils.benchmark.utils.common")
    m = common.Measurement(number_per_run=number, raw_times=list(raw),
                           task_spec=common.TaskSpec(**spec))
    text = repr(m).split("\n", 1)[1]  # without the object's address
    return (text, m.median, m.mean, m.iqr, m.times, m.significant_figures, m.has_warnings,
            m.meets_confidence(), m.title, m.as_row_name, m.env, m.stmt, m.num_threads,
            common.select_unit(m.median), common.trim_sigfig(m.median, 2))


@requires_torch
@pytest.mark.parametrize("raw", RAW)
@pytest.mark.parametrize("spec", SPECS)
@pytest.mark.parametrize("number", [1, 1000])
def test_measurement_report_matches_torch(raw, spec, number):
    ours, theirs = _report("ember", raw, spec, number), _report("torch", raw, spec, number)
    assert ours[0] == theirs[0]
    _close(ours[1:], theirs[1:])


def _close(ours, theirs):
    for a, b in zip(ours, theirs):
        if isinstance(a, float):
            assert a == pytest.approx(b, rel=1e-9)
        elif isinstance(a, list):
            assert a == pytest.approx(b, rel=1e-12)
        else:
            assert a == b


@requires_torch
def test_merge_matches_torch():
    out = []
    for name in ("ember", "torch"):
        common = importlib.import_module(f"{name}.utils.benchmark.utils.common")
        spec, other = common.TaskSpec("a", "pass"), common.TaskSpec("b", "pass")
        merged = common.Measurement.merge([common.Measurement(10, [1e-5, 2e-5], spec),
                                           common.Measurement(1, [3e-6], other),
                                           common.Measurement(2, [4e-6], spec)])
        out.append([(m.stmt, m.number_per_run, m.times) for m in merged])
    assert out[0] == out[1]


def test_timer_measures():
    calls = []
    timer = benchmark.Timer("calls.append(1); y = torch.ones(2) + ember.ones(2)",
                            globals={"calls": calls}, label="ones", num_threads=1)
    single = timer.timeit(20)
    assert (single.number_per_run, len(single.raw_times)) == (20, 1) and len(calls) == 22
    blocked = timer.blocked_autorange(min_run_time=0.01)
    assert sum(blocked.raw_times) >= 0.01 and blocked.median > 0
    adaptive = timer.adaptive_autorange(min_run_time=0.001, max_run_time=0.05)
    assert len(adaptive.raw_times) >= 1 and adaptive.title == "ones"
    seen = []
    timer.blocked_autorange(callback=lambda n, t: seen.append(n), min_run_time=0.005)
    assert seen and all(n == seen[0] for n in seen)
    assert ember.get_num_threads() >= 1


def test_timer_errors():
    with pytest.raises(ValueError, match="only a `str` stmt"):
        benchmark.Timer(lambda: 1)
    with pytest.raises(ValueError, match="global_setup is C\\+\\+ only"):
        benchmark.Timer("pass", global_setup="int x;")
    with pytest.raises(ValueError, match="Invalid language"):
        benchmark.Timer("pass", language="fortran")
    with pytest.raises(NotImplementedError, match="blocked_autorange"):
        benchmark.Timer().repeat()
    with pytest.raises(NotImplementedError, match="blocked_autorange"):
        benchmark.Timer().autorange()
    timer = benchmark.Timer("""
        a = 1
        b = a + 1
    """)
    assert timer._task_spec.stmt == "a = 1\nb = a + 1"


# Tables of recorded times: several descriptions and sub-labels, two thread counts, two
# environments, missing cells, noisy measurements, and times from nanoseconds to seconds.
COMPARE_CASES = {
    "grid": [("Batched dot", "[1, 1]", "mul/sum", 1, None, [5.1e-6, 5.3e-6, 5.2e-6]),
             ("Batched dot", "[1, 1]", "bmm", 1, None, [6.2e-6, 6.1e-6]),
             ("Batched dot", "[64, 32]", "mul/sum", 1, None, [12.5e-6, 12.7e-6]),
             ("Batched dot", "[64, 32]", "bmm", 1, None, [7.9e-6, 8.0e-6]),
             ("Batched dot", "[1, 1]", "mul/sum", 4, None, [3.1e-6]),
             ("Batched dot", "[1, 1]", "bmm", 4, None, [4.1e-6]),
             ("Other", None, "x", 1, None, [1e-3, 1.1e-3])],
    "envs": [("dot", "[1, 1]", "bmm", 1, "A", [2.5e-3, 2.6e-3, 9e-3, 2.55e-3]),
             ("dot", "[1, 1]", "bmm", 1, "B", [1.5e-3])],
    "missing": [("t", "[1, 1]", "a", 1, None, [5e-6, 5.1e-6, 5.0e-6, 5.2e-6]),
                ("t", "[1, 1]", "b", 1, None, [50e-6, 51e-6]),
                ("t", "[1, 1]", "c", 1, None, [12e-6]),
                ("t", "[2]", "a", 1, None, [7e-6])],
    "seconds": [("slow", "[1]", "run", 1, None, [1.5, 1.6]),
                ("slow", "x", "run", 2, None, [0.9, 0.8]),
                ("slow", "y", "run", 2, None, [3e-8, 3.1e-8])],
}


def _compare_text(name, case, options):
    common = importlib.import_module(f"{name}.utils.benchmark.utils.common")
    compare = importlib.import_module(f"{name}.utils.benchmark").Compare
    measurements = [common.Measurement(
        number_per_run=100, raw_times=[t * 100 for t in times],
        task_spec=common.TaskSpec(stmt="f(x)", setup="pass", label=label, sub_label=sub_label,
                                  description=description, num_threads=threads, env=env))
        for label, sub_label, description, threads, env, times in COMPARE_CASES[case]]
    table = compare(measurements)
    if "trim" in options:
        table.trim_significant_figures()
    if "warnings" in options:
        table.highlight_warnings()
    if "columns" in options:
        table.colorize()
    if "rows" in options:
        table.colorize(rowwise=True)
    return str(table)


@requires_torch
@pytest.mark.parametrize("case", sorted(COMPARE_CASES))
@pytest.mark.parametrize("options", [(), ("trim",), ("warnings",), ("columns",), ("rows",),
                                     ("trim", "warnings", "columns")],
                         ids=["plain", "trim", "warnings", "columns", "rows", "all"])
def test_compare_table_matches_torch(case, options):
    assert _compare_text("ember", case, options) == _compare_text("torch", case, options)


def test_compare_lays_out_a_table_and_refuses_what_is_not_a_measurement():
    text = _compare_text("ember", "missing", ())
    assert text.splitlines()[0].startswith("[") and " t " in text.splitlines()[0]
    assert "Times are in microseconds (us)." in text
    with pytest.raises(ValueError, match="Expected an instance of `Measurement`"):
        benchmark.Compare([1.0])
