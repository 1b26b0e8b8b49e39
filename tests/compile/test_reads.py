"""Every path by which a tensor's data reaches Python inside a compiled region is seen by the
capture, so a plan is trusted without re-running the region eagerly: a value read
(``.item()``, ``bool``, ``int``, ``.tolist()``, printing, ``in``, a Python number a NumPy
call computes such as ``ember.equal``'s) is a guard of the plan, an op
whose output shape depends on the data (``nonzero``, ``unique``, a boolean mask,
``repeat_interleave`` with tensor repeats, ``bincount``) is a shape guard, and the Python
globals a module's forward (and the helpers it calls) reads are guards of the signature, as
torch's Dynamo guards them. Data read past the trace (through NumPy's own base class) makes the
plan unsure, and only then is it checked against eager mode first."""
from __future__ import annotations

import sys

import numpy as np
import pytest
from conftest import HOST_TRACE, cpu_only

import ember
from ember import nn
from ember._compile.explain import plans
from ember._compile.region import _EAGER


def _region(compiled):
    return compiled._ember_region


def _numpy(t):
    return t.detach().cpu().numpy()


def _run_both(fn, inputs):
    """Call ``fn`` compiled and eagerly on each input (float64, requiring grad), and check
    values and gradients are the same bits; returns the compiled function."""
    compiled = ember.compile(fn)
    for values in inputs:
        x = ember.tensor(values, dtype=ember.float64, requires_grad=True)
        twin = ember.tensor(values, dtype=ember.float64, requires_grad=True)
        ours, theirs = compiled(x), fn(twin)
        assert np.array_equal(_numpy(ours), _numpy(theirs)), values
        ours.sum().backward()
        theirs.sum().backward()
        assert np.array_equal(_numpy(x.grad), _numpy(twin.grad)), values
    return compiled


def _trusted(compiled):
    """Every plan of the region is in use and none needed the eager check."""
    found = plans(_region(compiled))
    return bool(found) and all(p.state == "ready" and not p.trace.unsure for p in found)


def _branch_on_bool(x):
    return x * 2 if x.sum() > 0 else x * x


def _branch_on_item(x):
    return x * 3 if x.max().item() > 1.0 else x - 1


def _int_of_element(x):
    return x * int(x[0])


def _tolist(x):
    return x * sum(1 for v in x.tolist() if v > 0)


def _nonzero(x):
    positive = x.nonzero()
    return x[positive[:, 0]] * len(positive)


def _len_unique(x):
    return x * len(x.round().unique())


def _repeat_interleave(x):
    counts = (x.abs().round() + 1).long().detach()
    return ember.repeat_interleave(x, counts) * 2


def _boolean_mask(x):
    return x[x > 0].sum() * x


def _bincount(x):
    counts = ember.bincount(x.abs().round().long().detach())
    return x * counts.shape[0]


def _printed(x):
    return x * len(f"{x.sum().item():.1f}") + len(str(x.detach()))


def _membership(x):
    return x * 2 if 2.0 in x.round() else x


def _equal_and_allclose(x):
    # ember.equal and allclose give Python bools computed by NumPy from the data.
    same = ember.equal(x, x.abs()) and ember.allclose(x, x.round())
    return x * 2 if same else x - 1


def _array_membership_and_repr(x):
    # The same reads on the tensor's array itself, as code that works on x.numpy() does
    # ('in' is NumPy's own ==, any() and truth test, each seen by the capture).
    rounded = x.detach().round().cpu().numpy()
    return x * 2 + len(repr(rounded)) if 2.0 in rounded else x


_PATHS = [_array_membership_and_repr, _equal_and_allclose, _branch_on_bool, _branch_on_item,
          _int_of_element, _tolist, _nonzero, _len_unique, _repeat_interleave, _boolean_mask,
          _bincount, _printed, _membership]
# Values that take each region down several paths: other signs, counts, maxima, shapes.
_INPUTS = [[1.5, -0.2, 2.0], [1.5, -0.2, 2.0], [-1.0, -2.0, 0.5], [0.3, 0.2, 0.1],
           [2.2, 2.1, -3.0], [1.5, -0.2, 2.0], [0.0, 0.0, 0.0], [1.0, 2.0, 3.0],
           [-1.0, -2.0, 0.5]]


@pytest.mark.parametrize("fn", _PATHS, ids=[f.__name__ for f in _PATHS])
def test_a_value_or_shape_read_from_the_data_is_guarded_and_the_plan_trusted(fn):
    compiled = _run_both(fn, _INPUTS)
    region = _region(compiled)
    # Several paths were taken, each its own plan (or eager past the recompile limit), and
    # each plan was trusted as captured: no eager re-run of the region checked it.
    assert region.captures >= 2
    assert region.break_reasons == []
    assert _trusted(compiled)


def test_a_shape_guard_hands_a_new_shape_to_its_own_plan():
    """``nonzero`` gives as many rows as the data has non-zeros: a call with another count
    fails the plan's shape check and gets a plan of its own; one with the first count
    replays the first plan."""
    compiled = _run_both(_nonzero, [[1.0, 0.0, 2.0], [3.0, 0.0, 4.0], [1.0, 1.0, 1.0],
                                    [5.0, 0.0, 6.0]])
    region = _region(compiled)
    assert region.captures == 2
    assert [p.state for p in plans(region)] == ["ready", "ready"]
    from ember._compile.capture import ShapeGuard
    assert any(type(step[0]) is ShapeGuard for step in plans(region)[0].trace.steps)


def test_fullgraph_accepts_an_output_shape_that_depends_on_the_data():
    # torch 2.13's fullgraph capture takes nonzero and len() of its result without a break.
    compiled = ember.compile(_nonzero, fullgraph=True)
    for values in ([1.0, 0.0, 2.0], [1.0, 1.0, 2.0]):
        x = ember.tensor(values)
        assert compiled(x).tolist() == _nonzero(x).tolist()
    assert _region(compiled).captures == 2


def test_iterating_over_a_tensors_array_keeps_the_region_eager():
    def summed(x):
        return x * sum(float(v) for v in x._data)

    compiled = ember.compile(summed)
    for values in ([1.0, 2.0], [3.0, 4.0]):
        x = ember.tensor(values)
        assert compiled(x).tolist() == summed(x).tolist()
    assert next(iter(_region(compiled).plans.values())) == _EAGER


@cpu_only(HOST_TRACE)
def test_data_read_past_the_trace_makes_the_plan_checked_first():
    """NumPy's base-class view reads the data with no call the capture sees; an array made
    from it is then a constant of unknown origin, so the plan is checked against eager mode
    on other values before any replay, and the check keeps the region eager."""
    def leaky(x):
        return x + ember.from_numpy(np.ndarray.view(x._data, np.ndarray) * 2)

    compiled = ember.compile(leaky)
    for values in ([1.0, 2.0], [3.0, 4.0], [5.0, 6.0]):
        x = ember.tensor(values)
        assert compiled(x).tolist() == leaky(x).tolist()
    entry = next(iter(_region(compiled).plans.values()))
    assert entry.state == _EAGER


@cpu_only(HOST_TRACE)
def test_a_python_number_read_past_the_trace_needs_the_asked_for_check():
    """What the capture cannot see: a Python number computed from the data through NumPy's
    base class (no array of it enters a recorded call). ember's own ops never read data that
    way; code that does asks for the eager check, which catches it."""
    def leaky(x):
        return x * float(np.ndarray.view(x._data, np.ndarray).sum())

    compiled = ember.compile(leaky, options={"validate": True})
    for values in ([1.0, 2.0], [3.0, 4.0], [5.0, 6.0]):
        x = ember.tensor(values)
        assert compiled(x).tolist() == leaky(x).tolist()
    assert next(iter(_region(compiled).plans.values())).state == _EAGER


@cpu_only(HOST_TRACE)
def test_the_eager_check_can_be_asked_for(capsys):
    def fn(x):
        sys.stdout.write("ran\n")  # not a list append nor print(): the capture breaks on both
        return x.exp()

    checked = ember.compile(fn, options={"validate": True})
    capsys.readouterr()
    for _ in range(3):
        checked(ember.ones(2))
    assert capsys.readouterr().out.split() == ["ran"] * 2  # the capture, the check's eager run
    trusted = ember.compile(fn)
    for _ in range(3):
        trusted(ember.ones(2))
    assert capsys.readouterr().out.split() == ["ran"]


SCALE = 2.0
USE_TANH = True


def _activation(x):
    return x.tanh() if USE_TANH else x.relu()


class _GlobalBranch(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 3)

    def forward(self, x):
        return _activation(self.fc(x)) * SCALE


def test_globals_a_modules_forward_and_its_helpers_read_are_guards():
    """torch's Dynamo guards on the globals the traced frames read, so changing one
    recompiles; ember guards the globals read by the user's forward methods and the plain
    functions they call, and a changed value gets a new plan with eager's result."""
    global SCALE, USE_TANH
    model = _GlobalBranch()
    compiled = ember.compile(model)
    x = ember.randn(2, 3)
    try:
        for scale, use_tanh in ((2.0, True), (2.0, True), (3.0, True), (3.0, False),
                                (2.0, True)):
            SCALE, USE_TANH = scale, use_tanh
            out = compiled(x)
            assert np.array_equal(_numpy(out), _numpy(model(x)))
            out.sum().backward()
    finally:
        SCALE, USE_TANH = 2.0, True
    assert _region(compiled).captures == 3
    assert _trusted(compiled)
