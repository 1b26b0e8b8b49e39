"""ember.utils.checkpoint: the same gradients as without it (and as torch), RNG replayed,
the graph inside the region dropped after forward."""
from __future__ import annotations

import gc
import weakref

import numpy as np
import pytest
from conftest import CPU_RNG, TORCH, assert_close, cpu_only, requires_torch

import ember
from ember.utils.checkpoint import checkpoint, checkpoint_sequential


def _program(m, use_reentrant, dropout=0.5, input_grad=True):
    """A tiny model with a checkpointed block containing dropout; returns grads and a draw."""
    m.manual_seed(0)
    lin1, lin2 = m.nn.Linear(4, 5), m.nn.Linear(5, 3)

    def block(x):
        return m.nn.functional.dropout(lin1(x).tanh(), dropout, True)
    x = m.randn(3, 4, requires_grad=input_grad)
    h = checkpoint_fn(m)(block, x, use_reentrant=use_reentrant)
    loss = (lin2(h) ** 2).sum()
    after = m.rand(2)  # the RNG continues where the forward left it, recomputation or not
    if loss.requires_grad:
        loss.backward()
    grads = [p.grad for p in (lin1.weight, lin1.bias, lin2.weight)]
    return loss, (x.grad if input_grad else None), grads, after, h.requires_grad


def checkpoint_fn(m):
    return checkpoint if m is ember else TORCH.utils.checkpoint.checkpoint


@cpu_only(CPU_RNG)
@requires_torch
@pytest.mark.parametrize("use_reentrant", [True, False])
@pytest.mark.parametrize("input_grad", [True, False])
def test_checkpoint_matches_torch(use_reentrant, input_grad):
    ours = _program(ember, use_reentrant, input_grad=input_grad)
    theirs = _program(TORCH, use_reentrant, input_grad=input_grad)
    assert_close(ours[0], theirs[0])
    assert_close(ours[1], theirs[1])
    for a, b in zip(ours[2], theirs[2]):
        assert_close(a, b, rtol=1e-5, atol=1e-6)
    assert_close(ours[3], theirs[3])
    assert ours[4] == theirs[4]


def test_checkpoint_gives_the_gradients_of_the_plain_program():
    def run(use_checkpoint):
        ember.manual_seed(1)
        lin = ember.nn.Linear(4, 4).double()
        x = ember.randn(2, 4, dtype=ember.float64, requires_grad=True)

        def block(t):
            return ember.nn.functional.dropout(lin(t).relu(), 0.3, True) * t
        y = checkpoint(block, x, use_reentrant=False) if use_checkpoint else block(x)
        grads = ember.autograd.grad(y.pow(2).sum(), [x, lin.weight])
        return y, grads
    plain, checked = run(False), run(True)
    np.testing.assert_array_equal(plain[0].detach().cpu().numpy(),
                                  checked[0].detach().cpu().numpy())
    for a, b in zip(plain[1], checked[1]):
        np.testing.assert_allclose(a.cpu().numpy(), b.cpu().numpy(), rtol=1e-12, atol=1e-12)


def test_checkpoint_supports_double_backward():
    x = ember.tensor([0.3, -0.7, 1.1], dtype=ember.float64, requires_grad=True)
    y = checkpoint(lambda t: (t ** 3).sum(), x, use_reentrant=False)
    (g,) = ember.autograd.grad(y, x, create_graph=True)
    (gg,) = ember.autograd.grad(g.sum(), x)
    np.testing.assert_allclose(g.detach().cpu().numpy(), 3 * x.detach().cpu().numpy() ** 2)
    np.testing.assert_allclose(gg.cpu().numpy(), 6 * x.detach().cpu().numpy())


def test_checkpoint_drops_the_regions_graph_and_recomputes():
    calls = []
    saved = []

    def block(t):
        calls.append(1)
        inner = t * 2
        saved.append(weakref.ref(inner))
        return inner.sin()
    x = ember.randn(4, requires_grad=True)
    y = checkpoint(block, x, use_reentrant=False)
    gc.collect()
    assert len(calls) == 1 and saved[0]() is None  # the intermediate is gone after forward
    y.sum().backward()
    assert len(calls) == 2
    np.testing.assert_allclose(x.grad.cpu().numpy(), 2 * np.cos(2 * x.detach().cpu().numpy()),
                               rtol=1e-6)
    assert type(y.grad_fn).__name__ == "SinBackward0"  # the region's own last node, as torch's


def test_checkpoint_second_backward_errors_like_a_freed_graph():
    x = ember.randn(3, requires_grad=True)
    y = checkpoint(lambda t: t.exp(), x, use_reentrant=True).sum()
    y.backward()
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        y.backward()
    x.grad = None
    z = checkpoint(lambda t: t.exp(), x, use_reentrant=True).sum()
    z.backward(retain_graph=True)
    z.backward()
    np.testing.assert_allclose(x.grad.cpu().numpy(), 2 * np.exp(x.detach().cpu().numpy()),
                               rtol=1e-6)


@requires_torch
def test_checkpoint_warnings_and_errors_match_torch():
    import warnings
    for kwargs in ({}, {"use_reentrant": True}):
        def run(m, kw=kwargs):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                checkpoint_fn(m)(lambda t: t * 2, m.ones(2), **kw)
            return [(w.category, str(w.message).replace("torch.", "ember.")) for w in caught]
        assert run(ember) == run(TORCH)
    with pytest.raises(ValueError, match="Unexpected keyword arguments: scale"):
        checkpoint(lambda t, scale: t * scale, ember.ones(1), use_reentrant=True, scale=2)
    out = checkpoint(lambda t, scale: t * scale, ember.ones(1, requires_grad=True),
                     use_reentrant=False, scale=2)
    assert out.tolist() == [2.0]


def test_checkpoint_under_no_grad_just_runs():
    with ember.no_grad():
        y = checkpoint(lambda t: t + 1, ember.ones(2, requires_grad=True), use_reentrant=False)
    assert not y.requires_grad and y.tolist() == [2.0, 2.0]


@cpu_only(CPU_RNG)
@requires_torch
def test_checkpoint_sequential_matches_torch():
    def run(m):
        m.manual_seed(3)
        model = m.nn.Sequential(m.nn.Linear(4, 4), m.nn.ReLU(), m.nn.Linear(4, 4), m.nn.Tanh(),
                                m.nn.Linear(4, 2))
        x = m.randn(5, 4, requires_grad=True)
        fn = (checkpoint_sequential if m is ember
              else TORCH.utils.checkpoint.checkpoint_sequential)
        out = fn(model, 2, x, use_reentrant=False)
        out.sum().backward()
        return out, x.grad, model[0].weight.grad
    for a, b in zip(run(ember), run(TORCH)):
        assert_close(a, b)


def test_checkpoint_context_fn_wraps_forward_and_recomputation():
    from ember.utils.checkpoint import noop_context_fn, set_checkpoint_early_stop
    entered = []

    class Marker:
        def __init__(self, label):
            self.label = label

        def __enter__(self):
            entered.append(self.label)

        def __exit__(self, *exc):
            return False

    x = ember.randn(3, requires_grad=True)
    y = checkpoint(lambda t: t.exp(), x, use_reentrant=False,
                   context_fn=lambda: (Marker("forward"), Marker("recompute")))
    assert entered == ["forward"]
    with set_checkpoint_early_stop(False):
        y.sum().backward()
    assert entered == ["forward", "recompute"]
    assert all(c.__enter__() is None for c in noop_context_fn())
    with pytest.raises(ValueError, match="only supported when use_reentrant=False"):
        checkpoint(lambda t: t, x, use_reentrant=True, context_fn=lambda: noop_context_fn())
    # torch's default context_fn passed explicitly is no context at all, in either variant
    y = checkpoint(lambda t: t * 2, x, use_reentrant=True, context_fn=noop_context_fn)
    assert y.grad_fn.name() == "CheckpointFunctionBackward"


def _selective(m, policy):
    """A checkpointed block with dropout run under a selective-checkpoint policy."""
    import functools
    ck = m.utils.checkpoint
    m.manual_seed(0)
    w = m.randn(4, 4, requires_grad=True)
    x = m.randn(3, 4, requires_grad=True)
    context_fn = functools.partial(ck.create_selective_checkpoint_contexts, policy(m))
    y = ck.checkpoint(lambda t: m.nn.functional.dropout(t @ w, 0.5).relu().sum(), x,
                      use_reentrant=False, context_fn=context_fn)
    y.backward()
    return y, w.grad, x.grad


@cpu_only(CPU_RNG)
@requires_torch
def test_selective_checkpoint_policies_give_torchs_gradients():
    seen = {"ember": [], "torch": []}

    def by_function(m):
        key = "ember" if m is ember else "torch"

        def policy(ctx, op, *args, **kwargs):
            if op == m.ops.aten.mm.default:
                seen[key].append((str(op), ctx.is_recompute, len(args)))
            return m.utils.checkpoint.CheckpointPolicy.PREFER_RECOMPUTE
        return policy

    for policy in (lambda m: [m.ops.aten.mm.default], by_function):
        for a, b in zip(_selective(ember, policy), _selective(TORCH, policy)):
            assert_close(a, b)
    # the policy is asked about the forward's product once, never in the recomputation
    assert seen["ember"] == seen["torch"] == [("aten.mm.default", False, 2)]


def test_selective_checkpoint_contexts_refuse_what_torch_refuses():
    from ember.utils.checkpoint import (
        CheckpointPolicy,
        SelectiveCheckpointContext,
        create_selective_checkpoint_contexts,
    )
    with pytest.raises(ValueError, match=r"to a specific OpOverload.For example, if you have "
                       r"`ember.ops.aten.mm`"):
        create_selective_checkpoint_contexts([ember.ops.aten.mm])
    with pytest.raises(ValueError, match="to be an OpOverload but got: mm of type"):
        create_selective_checkpoint_contexts(["mm"])
    with pytest.raises(TypeError, match="must be either a function or a list of ops"):
        create_selective_checkpoint_contexts(5)
    assert [p.value for p in CheckpointPolicy] == list(range(6))
    assert SelectiveCheckpointContext(is_recompute=False).op_output is None


def _non_reentrant_log(m):
    """A program using non-reentrant checkpoints the ways real code does; what it observes."""
    ck = m.utils.checkpoint
    log = []
    m.manual_seed(0)
    lin = m.nn.Linear(3, 4).double()
    x = m.randn(2, 3, dtype=m.float64, requires_grad=True)
    y = ck.checkpoint(lin, x, use_reentrant=False)
    # the outputs hang from the region's real nodes
    log.append((type(y.grad_fn).__name__,
                [type(f).__name__ for f, _ in y.grad_fn.next_functions]))
    calls = []

    def region(t):
        calls.append("start")
        out = ((t.sin() * 2).exp() * t).sum()
        calls.append("end")  # after the last saving op: early stop does not run it again
        return out
    for early_stop in (True, False):
        calls.clear()
        x.grad = None
        out = ck.checkpoint(region, x, use_reentrant=False, early_stop=early_stop)
        log.append((type(out.grad_fn).__name__, list(calls)))
        out.backward(retain_graph=True)
        log.append(list(calls))
        out.backward()  # a second pass recomputes again
        log.append((list(calls), x.grad))
    with ck.set_checkpoint_early_stop(False):
        calls.clear()
        out = ck.checkpoint(region, x, use_reentrant=False)
    out.backward()
    log.append(list(calls))
    # nested checkpoints, autograd.grad and double backward through them
    x.grad = None

    def inner(t):
        return (t * 3).tanh() * lin.weight[:, :2].sum()

    def outer(t):
        return ck.checkpoint(inner, t.cos(), use_reentrant=False).sigmoid().sum()
    out = ck.checkpoint(outer, x, use_reentrant=False)
    (g,) = m.autograd.grad(out, x, create_graph=True)
    log.append((type(out.grad_fn).__name__, g, type(g.grad_fn).__name__))
    g.pow(2).sum().backward()
    log.append((x.grad, lin.weight.grad))
    # dropout in the region: the recomputation draws the forward's mask
    lin.zero_grad()
    out = ck.checkpoint(lambda t: m.nn.functional.dropout(lin(t), 0.5).sum(), x,
                        use_reentrant=False)
    after = m.rand(2)
    out.backward()
    log.append((out, lin.weight.grad, after))
    return log


def _same_log(ours, theirs):
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        a = a if isinstance(a, (tuple, list)) else (a,)
        b = b if isinstance(b, (tuple, list)) else (b,)
        assert len(a) == len(b)
        for u, v in zip(a, b):
            if isinstance(v, TORCH.Tensor):
                assert_close(u, v, rtol=1e-10, atol=1e-12)
            else:
                assert u == v


@cpu_only(CPU_RNG)
@requires_torch
def test_non_reentrant_checkpoint_runs_real_nodes_like_torch():
    _same_log(_non_reentrant_log(ember), _non_reentrant_log(TORCH))


def _determinism_errors(m):
    """The errors of regions whose recomputation saves other tensors than their forward did."""
    ck = m.utils.checkpoint
    x = m.ones(2, 3, requires_grad=True)
    errors = []
    runs = [0]

    def shrinking(t):  # the recomputation saves a tensor of another shape
        runs[0] += 1
        return (t[:runs[0]] * 2).exp().sum()

    def fewer(t):  # the recomputation saves one tensor fewer
        runs[0] += 1
        return (t.exp() if runs[0] > 1 else t.sin().exp()).sum()

    def more(t):  # ... and one more
        runs[0] += 1
        return (t.sin().exp() if runs[0] > 1 else t.exp()).sum()
    for region, check in ((shrinking, "default"), (shrinking, "none"), (fewer, "default"),
                          (more, "default")):
        runs[0] = 0
        out = ck.checkpoint(region, x, use_reentrant=False, determinism_check=check,
                            early_stop=False)
        try:
            out.backward()
            errors.append(None)
        except ck.CheckpointError as error:
            errors.append(str(error).replace("torch.", "ember.").replace("ember.utils._", "_"))
    return errors


@requires_torch
def test_non_reentrant_checkpoint_refuses_a_different_recomputation_like_torch():
    import re
    # (the stand-in run's tensors are on its CUDA device; torch's on the CPU)
    ours = [error and re.sub(r"device\(type='cuda', index=\d+\)", "device(type='cpu')", error)
            for error in _determinism_errors(ember)]
    theirs = _determinism_errors(TORCH)
    assert ours[1] is None and "different metadata" in ours[0]
    assert ours == theirs


def _checkpoint_function_program(m):
    """CheckpointFunction.apply around a dropout block: input and parameter gradients."""
    m.manual_seed(0)
    lin = m.nn.Linear(4, 3)
    x = m.randn(5, 4, requires_grad=True)
    y = m.utils.checkpoint.CheckpointFunction.apply(
        lambda t, scale: m.nn.functional.dropout(lin(t), 0.5, True) * scale, True, x, 3.0)
    (y ** 2).sum().backward()
    return y.grad_fn.name(), y, x.grad, lin.weight.grad, lin.bias.grad


@cpu_only(CPU_RNG)
@requires_torch
def test_checkpoint_function_matches_torch():
    ours, theirs = _checkpoint_function_program(ember), _checkpoint_function_program(TORCH)
    assert ours[0] == theirs[0] == "CheckpointFunctionBackward"
    for a, b in zip(ours[1:], theirs[1:]):
        assert_close(a, b, rtol=1e-5, atol=1e-5)


def test_checkpoint_function_gradcheck():
    from ember.utils.checkpoint import CheckpointFunction
    w = ember.randn(3, 3, dtype=ember.float64)

    def region(a, b):
        return (a @ w).sin() * b, a.exp()

    a = ember.randn(2, 3, dtype=ember.float64, requires_grad=True)
    b = ember.randn(2, 3, dtype=ember.float64, requires_grad=True)
    assert ember.autograd.gradcheck(lambda p, q: CheckpointFunction.apply(region, False, p, q),
                                    (a, b))


def test_device_states_round_trip_on_the_tensors_devices():
    from ember.utils.checkpoint import get_device_states, set_device_states
    x = ember.ones(2)
    devices, states = get_device_states([x], {"k": (x, 1)})
    accelerated = x.device.type not in ("cpu", "meta")
    assert devices == ([x.get_device()] * 2 if accelerated else [])
    assert len(states) == len(devices)
    draw = ember.rand(3, device=x.device)
    set_device_states(devices, states, device_type=x.device.type)
    again = ember.rand(3, device=x.device)
    assert ember.equal(draw, again) == accelerated
