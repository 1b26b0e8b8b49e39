"""Grad modes (no_grad, enable_grad, set_grad_enabled, inference_mode) and detaching."""
from __future__ import annotations

import threading

import pytest
from tests.conftest import TORCH, requires_torch

import ember

MODES = [
    ("no_grad", lambda: ember.no_grad(), False),
    ("enable_grad", lambda: ember.enable_grad(), True),
    ("set_grad_enabled(False)", lambda: ember.set_grad_enabled(False), False),
    ("set_grad_enabled(True)", lambda: ember.set_grad_enabled(True), True),
    ("inference_mode", lambda: ember.inference_mode(), False),
    ("inference_mode(False)", lambda: ember.inference_mode(False), True),
]


@pytest.mark.parametrize("name,make,records", MODES, ids=[m[0] for m in MODES])
def test_mode_as_context_manager(name, make, records):
    x = ember.ones(2, requires_grad=True)
    with ember.no_grad() if records else ember.enable_grad():
        with make():
            y = x * 2
            assert ember.is_grad_enabled() == records
        assert ember.is_grad_enabled() != records  # restored on exit
    assert y.requires_grad == records
    assert (y.grad_fn is not None) == records
    assert ember.is_grad_enabled()


@pytest.mark.parametrize("name,make,records", MODES, ids=[m[0] for m in MODES])
def test_mode_as_decorator(name, make, records):
    @make()
    def double(t):
        return t * 2, ember.is_grad_enabled()

    x = ember.ones(2, requires_grad=True)
    with ember.no_grad() if records else ember.enable_grad():
        y, enabled = double(x)
    assert enabled == records and y.requires_grad == records
    assert ember.is_grad_enabled()


def test_decorated_generator_keeps_mode_between_yields():
    @ember.no_grad()
    def gen(t):
        for _ in range(2):
            yield t * 2, ember.is_grad_enabled()

    x = ember.ones(1, requires_grad=True)
    results = list(gen(x))
    assert all(not y.requires_grad and not enabled for y, enabled in results)
    assert ember.is_grad_enabled()


def test_set_grad_enabled_as_function_call():
    ember.set_grad_enabled(False)
    try:
        assert not ember.is_grad_enabled()
        assert not (ember.ones(1, requires_grad=True) * 2).requires_grad
    finally:
        ember.set_grad_enabled(True)
    assert ember.is_grad_enabled()


def test_mode_restored_after_exception():
    with pytest.raises(ValueError):
        with ember.no_grad():
            raise ValueError("inside")
    assert ember.is_grad_enabled()


def test_inference_mode_flag():
    assert not ember.is_inference_mode_enabled()
    with ember.inference_mode():
        assert ember.is_inference_mode_enabled()
    assert not ember.is_inference_mode_enabled()


# What torch does with an inference tensor met by autograd: ops that save it for backward
# refuse; ops that save nothing (add, where, a clone) use it as a constant.
SAVE_CASES = [
    ("add", lambda a, b: b + a, False),
    ("mul", lambda a, b: b * a, True),
    ("matmul", lambda a, b: b @ a, True),
    ("linear", lambda a, b: ember.nn.functional.linear(a[None], b[None]), True),
    ("pow", lambda a, b: a ** b, True),
    ("where", lambda a, b: ember.where(b > 0, a, b), False),
    ("clone", lambda a, b: b.clone() * a, False),
]


@pytest.mark.parametrize("name,op,refused", SAVE_CASES, ids=[c[0] for c in SAVE_CASES])
def test_inference_tensor_saved_for_backward_is_refused(name, op, refused):
    a = ember.ones(2, requires_grad=True)
    with ember.inference_mode():
        b = ember.ones(2) * 2
    if refused:
        with pytest.raises(RuntimeError, match="Inference tensors cannot be saved for backward"):
            op(a, b)
    else:
        op(a, b).sum().backward()
        assert a.grad is not None


def test_views_and_aliases_are_inference_tensors_iff_their_base_is():
    with ember.inference_mode():
        b = ember.ones(2, 3)
    made = [b.t(), b[0], b.view(6), b.detach(), b.data]
    assert [t.is_inference() for t in made] == [True] * 5
    a = ember.ones(2, 3)
    with ember.inference_mode():
        views = [a.t(), a.detach(), a.data, a[0], a.reshape(6)]
        fresh = a.clone()
    assert [t.is_inference() for t in views] == [False] * 5
    assert fresh.is_inference()


INPLACE_CASES = [
    ("add_", lambda t: t.add_(1)),
    ("setitem", lambda t: t.__setitem__(0, 5.0)),
    ("view mul_", lambda t: t[1:].mul_(2)),
    ("fill_", lambda t: t.fill_(2)),
    ("uniform_", lambda t: t.uniform_()),
    ("out=", lambda t: ember.add(ember.ones(3), 1, out=t)),
    ("resize_", lambda t: t.resize_(2)),
]


@pytest.mark.parametrize("name,op", INPLACE_CASES, ids=[c[0] for c in INPLACE_CASES])
def test_inference_tensor_is_read_only_outside_inference_mode(name, op):
    """An inference tensor can't be written in place once the mode has ended (inside it, it
    can); its detach() and .data aliases can, as in torch (but not views of them)."""
    with ember.inference_mode():
        t = ember.ones(3)
        op(t)
    for target in (t, t.detach()) if name == "view mul_" else (t,):
        with pytest.raises(RuntimeError, match="Inplace update to inference tensor outside "
                                               "InferenceMode is not allowed"):
            op(target)
    if name != "view mul_":
        op(t.detach())
        op(t.data)
    with pytest.raises(RuntimeError, match="Setting requires_grad=True on inference tensor "
                                           "outside InferenceMode is not allowed."):
        t.requires_grad_()
    assert not t.clone().add_(1).is_inference()


def test_grad_mode_is_thread_local():
    seen = {}

    def worker():
        seen["worker"] = ember.is_grad_enabled()
        x = ember.ones(1, requires_grad=True)
        seen["records"] = (x * 2).requires_grad

    with ember.no_grad():
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        assert not ember.is_grad_enabled()
    assert seen == {"worker": True, "records": True}


def test_no_grad_class_decoration_is_refused():
    with pytest.raises(TypeError):
        @ember.no_grad()
        class Model:
            pass


def test_detach_shares_data_without_history():
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    d = y.detach()
    assert d.grad_fn is None and not d.requires_grad and d.is_leaf
    d[0] = 10.0
    assert y.tolist()[0] == 10.0  # shares memory
    assert y._vc[0] == d._vc[0] == 1  # and the version counter


def test_detach_in_place():
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    assert y.detach_() is y
    assert y.grad_fn is None and not y.requires_grad and y.is_leaf


def test_detach_in_place_of_a_view_is_refused():
    x = ember.tensor([1.0, 2.0, 3.0], requires_grad=True).clone()
    with pytest.raises(RuntimeError) as info:
        x[:2].detach_()
    assert str(info.value).startswith("Can't detach views in-place. Use detach() instead. If you "
                                      "are using DistributedDataParallel (DDP)")


def test_requires_grad_in_place_switch():
    x = ember.tensor([1.0, 2.0])
    assert x.requires_grad_() is x and x.requires_grad
    x.requires_grad_(False)
    assert not x.requires_grad
    with pytest.raises(RuntimeError, match="only Tensors of floating point dtype can require "
                                           "gradients"):
        ember.tensor([1, 2]).requires_grad_()


@requires_torch
def test_set_grad_enabled_repr_as_torchs():
    texts = []
    for lib in (ember, TORCH):
        texts.append([repr(lib.set_grad_enabled(mode)).replace("torch", "ember")
                      for mode in (False, True)])
    assert texts[0] == texts[1]
    assert ember.is_grad_enabled()
