"""Autograd under misuse and under threads: bad hooks, bad custom Functions, anomaly mode's
forward traceback, and concurrent backward calls into shared leaves."""
from __future__ import annotations

import os
import threading
import time
import warnings

import numpy as np
import pytest
from conftest import CHECK_WRAPPERS, TORCH, cpu_only, requires_torch

import ember


def _libs():
    return (ember, TORCH) if TORCH is not None else (ember,)


# --- hooks that change the gradient's shape or dtype -------------------------------------------

@pytest.mark.parametrize("leaf", [True, False], ids=["leaf", "intermediate"])
@pytest.mark.parametrize("change, message", [
    (lambda lib, g: lib.ones(5), "hook '<lambda>' has changed the size of value"),
    (lambda lib, g: g.double(), "hook '<lambda>' has changed the type of value"),
])
def test_tensor_hook_that_changes_the_gradient_raises(leaf, change, message):
    for lib in _libs():
        x = lib.ones(3, requires_grad=True)
        target = x if leaf else x * 2
        target.register_hook(lambda g, lib=lib: change(lib, g))
        with pytest.raises(RuntimeError, match=message.replace("(", r"\(")):
            (target * 3).sum().backward()
        assert x.grad is None, lib.__name__


def test_tensor_hook_of_the_right_shape_replaces_the_gradient():
    x = ember.ones(3, requires_grad=True)
    x.register_hook(lambda g: g * 10)
    (x * 2).sum().backward()
    assert x.grad.tolist() == [20.0, 20.0, 20.0]


# --- custom Functions --------------------------------------------------------------------------

def _function(lib, forward, backward):
    return type("Custom", (lib.autograd.Function,), {"forward": staticmethod(forward),
                                                     "backward": staticmethod(backward)})


@pytest.mark.parametrize("value", [3, "x", [1.0]])
def test_save_for_backward_takes_tensors_only(value):
    for lib in _libs():
        def forward(ctx, a):
            ctx.save_for_backward(value)
            return a * 2
        custom = _function(lib, forward, lambda ctx, g: g)
        with pytest.raises(TypeError, match="save_for_backward can only save variables, but "
                           f"argument 0 is of type {type(value).__name__}"):
            custom.apply(lib.ones(2, requires_grad=True))


def test_save_for_backward_accepts_none():
    def forward(ctx, a):
        ctx.save_for_backward(a, None)
        return a * 2

    def backward(ctx, g):
        a, nothing = ctx.saved_tensors
        assert nothing is None
        return g * 2
    x = ember.ones(2, requires_grad=True)
    _function(ember, forward, backward).apply(x).sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]


@requires_torch
@pytest.mark.parametrize("graph", ["leaf", "leaf_and_other_path", "intermediate"])
def test_backward_returning_none_means_no_gradient_as_torch(graph):
    grads = []
    for lib in (ember, TORCH):
        custom = _function(lib, lambda ctx, a, b: a * b, lambda ctx, g: (None, g))
        a = lib.ones(2, requires_grad=True)
        b = lib.ones(2, requires_grad=True)
        if graph == "leaf":
            out = custom.apply(a, b)
        elif graph == "leaf_and_other_path":
            out = custom.apply(a, b) + a * 3
        else:
            out = custom.apply(a * 2, b)
        out.sum().backward()
        grads.append([None if t.grad is None else t.grad.tolist() for t in (a, b)])
    assert grads[0] == grads[1]


# --- anomaly mode: the forward call's traceback ------------------------------------------------

def _failing_forward():
    def backward(ctx, g):
        raise ValueError("boom in backward")
    return _function(ember, lambda ctx, a: a * 2, backward)


def test_anomaly_mode_warns_with_the_forward_traceback_of_a_failing_node():
    custom = _failing_forward()
    x = ember.ones(2, requires_grad=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with ember.autograd.detect_anomaly():
            out = custom.apply(x)  # the line the warning must point at
            with pytest.raises(ValueError, match="boom in backward"):
                out.sum().backward()
    messages = [str(w.message) for w in caught if "Error detected in" in str(w.message)]
    assert len(messages) == 1, [str(w.message) for w in caught]
    assert messages[0].startswith("Error detected in CustomBackward. Traceback of forward call "
                                  "that caused the error:\n")
    assert "out = custom.apply(x)  # the line the warning must point at" in messages[0]
    assert "test_reliability.py" in messages[0]


@cpu_only(CHECK_WRAPPERS)  # the check's wrapper frames sit in the forward trace
def test_anomaly_mode_nan_check_shows_the_forward_traceback():
    x = ember.tensor([0.0, 1.0], requires_grad=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with ember.autograd.detect_anomaly():
            y = x.sqrt() * 0  # sqrt'(0) = inf, times 0 = nan in backward
            with pytest.raises(RuntimeError, match="SqrtBackward0"):
                y.sum().backward()
    text = "\n".join(str(w.message) for w in caught)
    assert "Traceback of forward call that caused the error" in text
    assert "y = x.sqrt() * 0" in text
    # torch's ops run in C++, so its trace ends at the user's line: no library frames.
    assert os.path.dirname(ember.__file__) not in text
    assert str(caught[0].message) == ("Anomaly Detection has been enabled. This mode will "
                                      "increase the runtime and should only be enabled for "
                                      "debugging.")
    assert caught[0].filename == __file__


def test_without_anomaly_mode_no_traceback_is_recorded():
    x = ember.ones(2, requires_grad=True)
    y = x * 2
    assert getattr(y.grad_fn, "_anomaly_trace", None) is None
    with ember.autograd.detect_anomaly():
        z = x * 2
    assert "z = x * 2" in z.grad_fn._anomaly_trace


def test_anomaly_forward_traceback_leaves_out_embers_kernel_frames():
    """torch's forward traceback has no frames of its C++ kernels; ember's has none of its
    kernel layer (ops, autograd, Tensor methods) either, only the caller's code."""
    import os
    x = ember.ones(2, requires_grad=True)
    with pytest.warns(UserWarning, match="Anomaly Detection has been enabled"):
        mode = ember.autograd.detect_anomaly()
    with mode:
        z = (x * 2).sqrt()
    trace = z.grad_fn._anomaly_trace
    root = os.path.dirname(ember.__file__)
    for kernel in (os.path.join(root, "ops") + os.sep, os.path.join(root, "autograd") + os.sep,
                   os.path.join(root, "_tensor.py")):
        assert kernel not in trace
    assert "z = (x * 2).sqrt()" in trace


def test_detect_anomaly_warns_when_made_and_enables_only_inside_its_block():
    with pytest.warns(UserWarning, match="This mode will increase the runtime and should only "
                                         "be enabled for debugging."):
        mode = ember.autograd.detect_anomaly(check_nan=False)
    assert not ember.is_anomaly_enabled()
    with mode:
        assert ember.is_anomaly_enabled() and not ember.is_anomaly_check_nan_enabled()
    assert not ember.is_anomaly_enabled() and ember.is_anomaly_check_nan_enabled()
    with ember.autograd.set_detect_anomaly(True):  # torch's set_detect_anomaly does not warn
        assert ember.is_anomaly_enabled()


# --- concurrent backward into shared leaves ----------------------------------------------------

@pytest.mark.parametrize("threads, calls", [(2, 200), (8, 50)])
def test_concurrent_backward_never_loses_a_contribution(threads, calls):
    """Every thread runs ``calls`` backward passes through a graph of its own that ends in the
    same two leaves; each pass adds exactly ``x`` to w.grad and 1 to b.grad. The leaf is large
    enough for NumPy to release the GIL inside ``+=``, where unguarded threads lose updates."""
    w = ember.zeros(20_000, requires_grad=True)
    b = ember.zeros(1, requires_grad=True)
    x = ember.tensor(np.arange(20_000, dtype=np.float32) % 7 + 1)
    start = threading.Barrier(threads)
    errors = []

    def work():
        try:
            start.wait()
            for _ in range(calls):
                ((w * x).sum() + b.sum()).backward()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
    workers = [threading.Thread(target=work) for _ in range(threads)]
    began = time.monotonic()
    for t in workers:
        t.start()
    for t in workers:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in workers), "a backward call hung"
    assert time.monotonic() - began < 60
    assert not errors, errors
    total = threads * calls
    np.testing.assert_array_equal(w.grad.cpu().numpy(), x.cpu().numpy() * total)
    assert b.grad.item() == total


def test_leaf_accumulation_is_serialised_even_when_it_yields(monkeypatch):
    """The race made certain: an accumulation that yields the GIL between reading .grad and
    writing it back. Unguarded, nearly every concurrent contribution would be lost."""
    from ember.autograd import graph
    original = graph._accumulate_into_leaf

    def slow_accumulate(var, grad):
        before = None if var._grad is None else var._grad._data.copy()
        time.sleep(0.001)
        original(var, grad)
        if before is not None:
            assert np.array_equal(var._grad._data, before + grad._data)
    monkeypatch.setattr(graph, "_accumulate_into_leaf", slow_accumulate)
    w = ember.zeros(3, requires_grad=True)
    barrier = threading.Barrier(4)

    def work():
        barrier.wait()
        for _ in range(10):
            (w * 1.0).sum().backward()
    workers = [threading.Thread(target=work) for _ in range(4)]
    for t in workers:
        t.start()
    for t in workers:
        t.join(timeout=60)
    assert w.grad.tolist() == [40.0, 40.0, 40.0]


def test_concurrent_backward_with_create_graph_keeps_every_term():
    w = ember.ones(4, requires_grad=True)
    barrier = threading.Barrier(4)

    def work():
        barrier.wait()
        for _ in range(25):
            (w * w).sum().backward(create_graph=True)
    workers = [threading.Thread(target=work) for _ in range(4)]
    for t in workers:
        t.start()
    for t in workers:
        t.join(timeout=60)
    assert w.grad.tolist() == [200.0] * 4  # 100 passes of d(w*w)/dw = 2w
