"""How a plan runs: ops and per-step template functions first, straight-line source after
``COMPILE_AFTER`` runs; both give the eager values and gradients bit for bit."""
from __future__ import annotations

import numpy as np

import ember
from ember._compile import plan as _plan


def _entry(compiled):
    return next(iter(compiled._ember_region.plans.values()))


def test_a_plan_switches_to_straight_line_source_after_enough_runs_and_stays_exact():
    def fn(x, w):
        return ((x @ w).tanh() * 0.5 + x.sum()).exp().sum()

    compiled = ember.compile(fn)
    runs = _plan.COMPILE_AFTER + 4
    for step in range(runs):
        x = ember.randn(4, 3, dtype=ember.float64, requires_grad=True)
        w = ember.randn(3, 3, dtype=ember.float64, requires_grad=True)
        out = compiled(x, w)
        out.backward()
        x2, w2 = x.detach().requires_grad_(), w.detach().requires_grad_()
        expected = fn(x2, w2)
        expected.backward()
        assert np.array_equal(out.detach().cpu().numpy(), expected.detach().cpu().numpy()), step
        assert np.array_equal(x.grad.cpu().numpy(), x2.grad.cpu().numpy()), step
        assert np.array_equal(w.grad.cpu().numpy(), w2.grad.cpu().numpy()), step
    entry = _entry(compiled)
    assert entry.forward.compiled is not None and entry.backward.compiled is not None
    assert entry.forward.ops is None
    assert entry.forward.source.startswith("def forward(")


def test_a_plan_runs_without_compiling_source_before_that():
    compiled = ember.compile(lambda x: (x * 2 + 1).sin())
    for _ in range(3):
        compiled(ember.randn(5))
    entry = _entry(compiled)
    assert entry.state == "ready"
    assert entry.forward.compiled is None and entry.forward.runs < _plan.COMPILE_AFTER


def test_common_steps_are_ops_and_other_forms_share_one_compiled_template(monkeypatch):
    # Every form gets its template at once here, from empty tables: what other tests of this
    # process built before (which varies with how pytest-xdist shares them out) cannot decide
    # whether the second region's forms are new.
    monkeypatch.setattr(_plan, "TEMPLATE_AFTER", 1)
    monkeypatch.setattr(_plan, "_FORM_COUNTS", {})
    monkeypatch.setattr(_plan, "_TEMPLATES", {})
    monkeypatch.setattr(_plan, "_FLAT_TEMPLATES", {})

    def fn(x):
        return ((x * 3.0 + 1.0) * 5.0 + 2.0).cos()

    compiled = ember.compile(fn)
    compiled(ember.randn(4))
    codes = _entry(compiled).forward.ops[0::6]  # six items an op, its code first
    # Array functions of arrays and numbers run as ops, no step function made for them.
    assert codes and all(code != 0 for code in codes)
    ember.compile(lambda x: x.reshape(2, 2).transpose(0, 1) * 2.0)(ember.randn(4))
    before = len(_plan._TEMPLATES), len(_plan._FLAT_TEMPLATES)
    assert before != (0, 0)
    # Method calls with other constants: the same forms of call, no new template.
    compiled = ember.compile(lambda x: x.reshape(3, 2).transpose(1, 0) * 5.0)
    compiled(ember.randn(6))
    assert any(code == 0 for code in _entry(compiled).forward.ops[0::6])
    assert (len(_plan._TEMPLATES), len(_plan._FLAT_TEMPLATES)) == before


def test_method_steps_and_a_ufuncs_out_tuple_run_as_ops_and_give_eagers_values():
    # Array methods called with constants (a reshape's shape, an index, an astype's dtype)
    # run as a methodcaller op, an in-place method of two arrays as the method itself, and a
    # ufunc given out=(array,) (batch norm's centring) as an out= op: no step function is
    # made for any of them, and the template phase gives eager mode's values and gradients.
    from operator import methodcaller

    from ember._compile.capture import MethodCall

    ember.manual_seed(0)
    norm = ember.nn.BatchNorm2d(3).double()
    eager_norm = ember.nn.BatchNorm2d(3).double()

    def fn(module, x, y):
        z = module(x).reshape(2, 3, 16)[:, 1:, ::2]
        w = z.clone()
        w += y
        return (w.transpose(1, 2) * 2.0).sum()

    compiled = ember.compile(lambda x, y: fn(norm, x, y))
    for run in range(4):
        x = ember.randn(2, 3, 4, 4, dtype=ember.float64, requires_grad=True)
        y = ember.randn(2, 2, 8, dtype=ember.float64)
        out = compiled(x, y)
        out.backward()
        x2 = x.detach().requires_grad_()
        expected = fn(eager_norm, x2, y)
        expected.backward()
        assert np.array_equal(out.detach().cpu().numpy(), expected.detach().cpu().numpy()), run
        assert np.array_equal(x.grad.cpu().numpy(), x2.grad.cpu().numpy()), run
        assert np.array_equal(norm.running_var.cpu().numpy(),
                              eager_norm.running_var.cpu().numpy()), run
    program = _entry(compiled).forward
    assert program.compiled is None  # still the template phase
    if x.device.type != "cpu":
        return  # a device plan records its arrays' calls in the device library's forms
    ops = [tuple(program.ops[i:i + 6]) for i in range(0, len(program.ops), 6)]
    callers = [op for op in ops if type(op[1]) is methodcaller]
    assert {repr(op[1]).split("'")[1] for op in callers} >= {"reshape", "__getitem__", "copy"}
    assert all(op[0] == 1 for op in callers)
    assert any(op[0] == 2 and type(op[1]) is MethodCall and op[1].name == "__iadd__"
               for op in ops)
    assert any(op[0] == 6 and op[1] is np.subtract for op in ops)
    # Every step of those forms is an op: the step functions left are of other forms.
    constant = sum(type(step[0]) is MethodCall and step[3] is not None
                   and all(type(a).__name__ == "Const" for a in step[1][1:]) and not step[2]
                   for step in program.steps)
    assert len(callers) >= constant > 0


def test_a_form_gets_a_compiled_template_only_once_steps_of_it_are_frequent(monkeypatch):
    # Rare forms run as generic steps (no compilation, ~50 µs a template); a form met
    # TEMPLATE_AFTER times gets its template, shared from then on. Both give eager's values.
    monkeypatch.setattr(_plan, "_FORM_COUNTS", {})
    monkeypatch.setattr(_plan, "_TEMPLATES", {})
    monkeypatch.setattr(_plan, "_FLAT_TEMPLATES", {})

    def fn(x):
        y = x.reshape(3, 2).transpose(1, 0)
        return (y * 2.0).cumsum(1).flip(0).sum()

    x = ember.randn(6, dtype=ember.float64)
    compiled = ember.compile(fn)
    for _ in range(3):
        assert compiled(x).item() == fn(x).item()
    assert _plan._TEMPLATES == {} and _plan._FLAT_TEMPLATES == {}
    assert any(code == 0 for code in _entry(compiled).forward.ops[0::6])  # generic steps ran

    def many(x):
        for _ in range(_plan.TEMPLATE_AFTER + 2):
            x = x.reshape(2, 3).transpose(1, 0).reshape(6)
        return x.cumsum(0)

    compiled = ember.compile(many)
    for _ in range(2):
        assert np.array_equal(compiled(x).cpu().numpy(), many(x).cpu().numpy())
    assert _plan._FLAT_TEMPLATES  # the frequent forms now have templates


def test_template_ops_and_source_write_over_the_same_temporaries_as_recorded_steps_stay():
    # An elementwise chain: each step after the first writes over the temporary it reads for
    # the last time. Both run forms say so (ops 5-8, out= in the source), while the plan's
    # steps stay the recorded ones (the reuse is a map beside them, not rewritten steps).
    def fn(x):
        return ((x * 3.0 + 1.0) * 5.0 + 2.0).cos()

    x = ember.randn(8, dtype=ember.float64)
    compiled = ember.compile(fn)
    for _ in range(3):
        assert np.array_equal(compiled(x).cpu().numpy(), fn(x).cpu().numpy())
    program = _entry(compiled).forward
    assert all(not kw_specs for _, _, kw_specs, _ in program.steps)
    written = sorted(program.outs)
    assert written == [1, 2, 3, 4]
    assert [code >= 5 for code in program.ops[0::6]] == [False, True, True, True, True]
    lines = [line for line in program.source.splitlines()[1:-1]  # one line per step
             if not line.lstrip().startswith("del ")]  # (and the frees of big temporaries)
    assert [i for i, line in enumerate(lines) if "out=" in line] == written
    for _ in range(_plan.COMPILE_AFTER):
        assert np.array_equal(compiled(x).cpu().numpy(), fn(x).cpu().numpy())
    assert program.compiled is not None


def _replay_peak(run, *args):
    """The peak of the memory NumPy allocates during one call of ``run`` (bytes)."""
    import tracemalloc
    tracemalloc.start()
    try:
        run(*args)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_replay_frees_each_big_temporary_after_its_last_reader_in_both_run_forms():
    # Eight matrix products of 128 KiB each, every one reading the one before: each result is
    # a new array (a product is written over none of its operands), so a plan holding its
    # temporaries to the end peaks at all eight, where eager mode holds two at a time.
    def fn(x, w):
        for _ in range(8):
            x = x @ w
        return x.sum()

    x = ember.randn(256, 64, dtype=ember.float64)
    w = ember.randn(64, 64, dtype=ember.float64) / 8
    compiled = ember.compile(fn)
    eager_peak = _replay_peak(fn, x, w)
    assert eager_peak < 4 * 2**17, eager_peak
    for run in range(_plan.COMPILE_AFTER + 2):
        assert np.array_equal(compiled(x, w).cpu().numpy(), fn(x, w).cpu().numpy())
        if run in (0, _plan.COMPILE_AFTER + 1):  # the template form, then the source
            peak = _replay_peak(compiled, x, w)
            assert peak <= eager_peak + 2**16, (run, peak, eager_peak)
    program = _entry(compiled).forward
    assert program.compiled is not None
    assert "out=" not in program.source and program.source.count("del ") >= 7
