"""How the engine hands gradients to leaves and releases the graph.

A leaf takes the gradient buffer the engine computed as its ``.grad`` when nothing else can
see that buffer (no copy, as torch does), but never a tensor or memory the user holds; later
backward passes accumulate into the same ``.grad`` in place. A graph is freed by reference
counting alone: no Tensor <-> Node cycles are left for the cyclic collector.
"""
from __future__ import annotations

import gc
import weakref

import numpy as np
import pytest

import ember
from tests.conftest import TORCH, check_gradients, rand64, requires_torch


def _weak_array_hook(refs):
    """A leaf hook that remembers the gradient's array without holding it."""
    def hook(grad):
        refs.append(weakref.ref(grad._data))
    return hook


def test_computed_gradient_becomes_grad_without_a_copy():
    x = ember.ones(4, requires_grad=True)
    refs = []
    x.register_hook(_weak_array_hook(refs))
    (x * 3.0).sum().backward()
    assert refs[0]() is x.grad._data
    assert x.grad.tolist() == [3.0] * 4


def test_linear_gradients_are_contiguous_buffers_handed_over():
    lin = ember.nn.Linear(5, 3)
    refs = {}
    for name, p in lin.named_parameters():
        refs[name] = []
        p.register_hook(_weak_array_hook(refs[name]))
    x = ember.ones(7, 5)
    ember.nn.functional.cross_entropy(lin(x), ember.tensor([0, 1, 2, 0, 1, 2, 0])).backward()
    for name, p in lin.named_parameters():
        assert p.grad.is_contiguous() and p.grad.stride() == p.stride()
        assert p.grad._base is None
        assert refs[name][0]() is p.grad._data, name


@pytest.mark.parametrize("through", ["leaf", "add"])
def test_gradient_the_user_holds_is_copied(through):
    x = ember.ones(3, requires_grad=True)
    g = ember.tensor([1.0, 2.0, 3.0])
    (x if through == "leaf" else x + 0).backward(g)
    assert x.grad is not g and not np.shares_memory(x.grad._data, g._data)
    g.mul_(10)  # changing the user's tensor leaves .grad alone
    assert x.grad.tolist() == [1.0, 2.0, 3.0]


def test_gradient_viewing_part_of_a_buffer_is_copied():
    from ember._backend import memory_owner
    x = ember.ones(3, requires_grad=True)
    buffer = ember.arange(6.0)
    memory = weakref.ref(memory_owner(buffer._data))
    x.backward(buffer[3:])
    del buffer
    gc.collect()
    assert memory() is None  # .grad holds a copy, not the rest of the buffer
    assert x.grad.tolist() == [3.0, 4.0, 5.0]


def test_one_gradient_reaching_two_leaves_gives_each_its_own():
    a = ember.ones(3, requires_grad=True)
    b = ember.ones(3, requires_grad=True)
    ((a + b) * 2.0).sum().backward()  # AddBackward0 passes one tensor to both leaves
    assert not np.shares_memory(a.grad._data, b.grad._data)
    a.grad.add_(1.0)
    assert b.grad.tolist() == [2.0, 2.0, 2.0]


def test_gradient_kept_by_a_hook_is_not_the_grad():
    x = ember.ones(3, requires_grad=True)
    kept = []
    x.register_hook(kept.append)
    (x * 2.0).sum().backward()
    assert not np.shares_memory(kept[0]._data, x.grad._data)
    kept[0].zero_()
    assert x.grad.tolist() == [2.0, 2.0, 2.0]


def test_retained_intermediate_gradient_is_not_shared_with_the_leaf():
    x = ember.ones(3, requires_grad=True)
    y = x * 1.0
    y.retain_grad()
    (y * 2.0).sum().backward()
    assert not np.shares_memory(y.grad._data, x.grad._data)


def _accumulation_identity(lib, set_to_none):
    w = lib.ones(3, requires_grad=True)
    opt = lib.optim.SGD([w], lr=0.1)
    (w * 2.0).sum().backward()
    first = w.grad
    (w * 2.0).sum().backward()   # accumulates in place: same tensor object
    same_after_accumulate = w.grad is first
    values = w.grad.tolist()
    opt.zero_grad(set_to_none=set_to_none)
    (w * 3.0).sum().backward()
    return same_after_accumulate, values, w.grad is first, w.grad.tolist()


@pytest.mark.parametrize("set_to_none", [True, False])
def test_grad_identity_across_steps(set_to_none):
    ours = _accumulation_identity(ember, set_to_none)
    assert ours[0] and ours[1] == [4.0, 4.0, 4.0]
    assert ours[2] is (not set_to_none) and ours[3] == [3.0, 3.0, 3.0]


@requires_torch
@pytest.mark.parametrize("set_to_none", [True, False])
def test_grad_identity_across_steps_matches_torch(set_to_none):
    assert _accumulation_identity(ember, set_to_none) == \
        _accumulation_identity(TORCH, set_to_none)


def test_create_graph_gradient_is_not_taken_over_and_keeps_its_graph():
    x = rand64(3)
    (x.tanh() * 2.0).sum().backward(create_graph=True)
    assert x.grad.requires_grad and x.grad.grad_fn is not None


def test_second_backward_through_freed_fused_node_raises():
    x = rand64(3)
    y = x.tanh().sum()
    y.backward()
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second"):
        y.backward()


# --- the graph is freed by reference counting ---------------------------------------------

def _chain(x, ops):
    for _ in range(ops // 4):
        x = (x * 0.5 + 0.25).tanh().exp()
    return x


@pytest.mark.parametrize("backward", [True, False])
def test_long_chain_is_freed_without_the_cycle_collector(backward):
    x = ember.ones(8, requires_grad=True)
    enabled = gc.isenabled()
    gc.disable()   # only for this test: freeing must not depend on a collection
    try:
        y = _chain(x, 4000)
        middle = y.grad_fn
        for _ in range(2000):
            middle = middle.next_functions[0][0]
        nodes = [weakref.ref(y.grad_fn), weakref.ref(middle)]
        del middle
        if backward:
            y.sum().backward()
        del y
        assert [ref() for ref in nodes] == [None, None]
    finally:
        if enabled:
            gc.enable()


def test_graph_objects_are_not_cyclic_garbage():
    x = ember.ones(8, requires_grad=True)
    gc.collect()
    _chain(x, 400).sum().backward()
    assert gc.collect() == 0   # everything went with its last reference


# --- fused tanh / sigmoid derivatives --------------------------------------------------------

@pytest.mark.parametrize("name", ["tanh", "sigmoid"])
def test_fused_derivative_supports_higher_order(name):
    def first_derivative(t):
        with ember.enable_grad():
            return ember.autograd.grad(getattr(ember, name)(t).sum(), t, create_graph=True)[0]
    check_gradients(first_derivative, rand64(2, 3))


@requires_torch
@pytest.mark.parametrize("name", ["tanh", "sigmoid"])
def test_fused_derivative_records_torchs_nodes(name):
    def names(lib):
        x = lib.tensor([0.3, -1.2, 2.0], dtype=lib.float64, requires_grad=True)
        (g,) = lib.autograd.grad(getattr(lib, name)(x).sum(), x, create_graph=True)
        return (type(g.grad_fn).__name__,
                [type(n).__name__ if n is not None else None
                 for n, _ in g.grad_fn.next_functions], g.tolist())
    ours, theirs = names(ember), names(TORCH)
    assert ours[:2] == theirs[:2]
    assert np.allclose(ours[2], theirs[2], rtol=1e-12)


@pytest.mark.parametrize("shape", [(), (3,)])
@pytest.mark.parametrize("dtypes", [("float32", "float32"), ("float32", "float64")])
def test_fused_derivative_dtypes_and_zero_dim(shape, dtypes):
    x = ember.full(shape, 0.5, dtype=getattr(ember, dtypes[0]), requires_grad=True)
    y = x.tanh()
    y.backward(ember.ones(shape, dtype=getattr(ember, dtypes[1])))
    assert x.grad.dtype == x.dtype and tuple(x.grad.shape) == shape
    assert np.allclose(x.grad._data, 1 - np.tanh(0.5) ** 2, rtol=1e-6)
