"""torch's assertion helpers (``_assert``, ``_assert_async``, the ``_check*`` family), the
``torch._C`` helpers model code calls (``_log_api_usage_once``, ``_get_tracing_state``,
``_set_grad_enabled``, ``Generator``), and ``jit.trace``'s ``check_trace`` runs: each outcome
(value or exception type and message) as torch's."""
from __future__ import annotations

import warnings

import pytest

import ember
from conftest import TORCH, requires_torch

CASES = {
    "assert true": lambda m: m._assert(True, "m"),
    "assert false": lambda m: m._assert(False, "bad shape"),
    "assert tensor": lambda m: m._assert(m.tensor(False), "bad t"),
    "assert two values": lambda m: m._assert(m.tensor([True, True]), "t2"),
    "async zero": lambda m: m._assert_async(m.tensor(False)),
    "async one": lambda m: m._assert_async(m.tensor(True)),
    "async message": lambda m: m._assert_async(m.tensor(0.0), "msg"),
    "async two values": lambda m: m._assert_async(m.tensor([1, 2])),
    "async empty": lambda m: m._assert_async(m.tensor([])),
    "async bool": lambda m: m._assert_async(True),
    "check false": lambda m: m._check(False),
    "check message": lambda m: m._check(False, lambda: "custom"),
    "check true": lambda m: m._check(1 < 2),
    "check str": lambda m: m._check("x"),
    "check tensor": lambda m: m._check(m.tensor(True)),
    "check text not callable": lambda m: m._check(False, "text"),
    "check message not str": lambda m: m._check(False, lambda: 5),
    "index": lambda m: m._check_index(False, lambda: "idx"),
    "value": lambda m: m._check_value(False),
    "type": lambda m: m._check_type(False, lambda: "ty"),
    "not implemented": lambda m: m._check_not_implemented(False, lambda: "ni"),
    "with": lambda m: m._check_with(IndexError, False, lambda: "w"),
    "with not a class": lambda m: m._check_with(5, False, lambda: "w"),
    "tensor all": lambda m: m._check_tensor_all(m.tensor([True, False])),
    "tensor all message": lambda m: m._check_tensor_all(m.tensor([True, False]), lambda: "m"),
    "tensor all ints": lambda m: m._check_tensor_all(m.tensor([1, 0])),
    "tensor all bool": lambda m: m._check_tensor_all(True),
    "tensor all true": lambda m: m._check_tensor_all(m.tensor([True, True])),
    "tensor all with": lambda m: m._check_tensor_all_with(ValueError, m.tensor([False])),
    "log usage": lambda m: m._C._log_api_usage_once("x"),
    "log usage not str": lambda m: m._C._log_api_usage_once(3),
    "tracing state": lambda m: m._C._get_tracing_state(),
    "set grad int": lambda m: m._C._set_grad_enabled(1),
    "generator": lambda m: m._C.Generator is m.Generator,
}


def _outcome(module, case):
    try:
        return ("value", repr(case(module)))
    except Exception as error:  # noqa: BLE001 - the outcome compared is the exception's type and text
        return (type(error).__name__, str(error).replace("torch.", "ember."))


@pytest.mark.parametrize("name", CASES)
def test_each_check_behaves_as_torch(name):
    ours = _outcome(ember, CASES[name])
    if TORCH is None:
        assert ours[0] in ("value", "AssertionError", "RuntimeError", "IndexError", "ValueError",
                           "TypeError", "NotImplementedError")
        pytest.skip("torch is not installed: checked that the outcome is a value or an error")
    assert ours == _outcome(TORCH, CASES[name])


def test_check_is_size_warns_at_the_callers_line_and_checks():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ember._check_is_size(3)
        with pytest.raises(RuntimeError, match="Expected cond to be True"):
            ember._check_is_size(2, max=1)
    assert [w.category for w in caught] == [FutureWarning, FutureWarning]
    assert caught[0].filename == __file__


def test_set_grad_enabled_switches_grad_mode_for_the_thread():
    ember._C._set_grad_enabled(False)
    try:
        assert not ember.is_grad_enabled()
        assert not (ember.ones(1, requires_grad=True) * 2).requires_grad
    finally:
        ember._C._set_grad_enabled(True)
    assert ember.is_grad_enabled()


def _trace_runs(module):
    seen = []

    class Probe(module.nn.Module):
        def forward(self, x):
            seen.append(module._C._get_tracing_state() is not None)
            return x * 2

    def function(x):
        seen.append(module.jit.is_tracing())
        return x + 1

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        module.jit.trace(Probe(), module.ones(2))
        module.jit.trace(Probe(), module.ones(2), check_trace=False)
        module.jit.trace(function, module.ones(2), check_inputs=[module.zeros(3),
                                                                  (module.ones(1),)])
    return seen


def test_trace_checks_by_tracing_again_and_running_the_python_code():
    assert _trace_runs(ember) == [True, True, False, True, True, True, False, True, False]


@requires_torch
def test_trace_runs_the_code_as_often_as_torch():
    assert _trace_runs(ember) == _trace_runs(TORCH)


def test_trace_warns_when_the_python_code_gives_another_output():
    class Noisy(ember.nn.Module):
        def forward(self, x):
            return x + ember.rand(2)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ember.jit.trace(Noisy(), ember.ones(2))
    tracer = [w for w in caught if w.category is ember.jit.TracerWarning]
    assert len(tracer) == 1
    assert str(tracer[0].message).startswith(
        "Output nr 1. of the traced function does not match the corresponding output of the "
        "Python function. Detailed error:\nTensor-likes are not close!")
