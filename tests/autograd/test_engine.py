"""The backward engine: graph walks, freeing, errors, hooks, autograd.grad, accumulation."""
from __future__ import annotations

import gc
import warnings
import weakref

import numpy as np
import pytest

import ember
from tests.conftest import TORCH, requires_torch


def leaf(*values, dtype=ember.float64):
    return ember.tensor(list(values), dtype=dtype, requires_grad=True)


def raises_like_torch(fn, expected_type=RuntimeError):
    """Run ``fn(lib)`` on ember and (when installed) torch; both raise the same message."""
    with pytest.raises(expected_type) as ours:
        fn(ember)
    if TORCH is not None:
        with pytest.raises(expected_type) as theirs:
            fn(TORCH)
        assert str(ours.value).replace("ember.", "torch.") == str(theirs.value)
    return str(ours.value)


# --- graph walks ---------------------------------------------------------------------------

def test_shared_subgraph_counts_every_path():
    a = leaf(1.0)
    b = a + a
    c = b + b
    c.backward(ember.ones_like(c))
    assert a.grad.tolist() == [4.0]


def test_diamond_graph_adds_both_branches():
    a = leaf(3.0)
    b = a * 2
    c = a * a
    (b * c).sum().backward()  # d/da 2a * a^2 = 6 a^2
    assert a.grad.tolist() == [54.0]


def test_million_op_chain_backpropagates_without_recursion():
    x = ember.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(1_000_000):
        y = y + 1.0
    y.backward()
    assert x.grad.item() == 1.0
    assert y.item() == 1_000_001.0


def test_several_roots_accumulate_together():
    x = leaf(2.0)
    y1 = x * 3
    y2 = x * x
    ember.autograd.backward([y1.sum(), y2.sum()])
    assert x.grad.tolist() == [7.0]


def test_several_roots_with_explicit_gradients():
    x = leaf(1.0, 2.0)
    y1, y2 = x * 2, x * x
    ember.autograd.backward([y1, y2], [ember.tensor([1.0, 1.0], dtype=ember.float64),
                                       ember.tensor([10.0, 0.0], dtype=ember.float64)])
    assert x.grad.tolist() == [22.0, 2.0]


def test_graph_is_freed_after_backward():
    x = leaf(1.0, 2.0)
    y = x.exp()  # saves its output
    saved = weakref.ref(y.grad_fn)
    z = (y * x).sum()  # MulBackward0 saves y and x
    mul_node = weakref.ref(z.grad_fn)
    z.backward()
    del y, z
    gc.collect()
    assert saved() is None
    assert mul_node() is None


def test_saved_tensors_released_after_backward_unless_retained():
    x = leaf(1.0, 2.0)
    inner = x * 3
    held = weakref.ref(inner)
    y = (inner * inner).sum()
    del inner
    gc.collect()
    assert held() is not None  # MulBackward0 keeps it for backward
    y.backward()
    gc.collect()
    assert held() is None  # freed right after its node ran


def test_no_grad_records_nothing():
    x = leaf(1.0)
    with ember.no_grad():
        y = x * 2
    assert y.grad_fn is None and not y.requires_grad
    assert (x * 2).requires_grad


def test_second_backward_through_freed_graph():
    def second(lib):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = (x * x).sum()
        y.backward()
        y.backward()
    msg = raises_like_torch(second)
    assert "Trying to backward through the graph a second time" in msg


def test_retain_graph_allows_second_backward():
    x = leaf(1.0, 2.0)
    y = (x * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    assert x.grad.tolist() == [4.0, 8.0]


def test_backward_of_non_scalar_needs_gradient():
    msg = raises_like_torch(lambda lib: (lib.tensor([1.0, 2.0], requires_grad=True) * 2)
                            .backward())
    assert msg == "grad can be implicitly created only for scalar outputs"


def test_backward_of_tensor_without_grad():
    msg = raises_like_torch(lambda lib: lib.tensor([1.0, 2.0]).sum().backward())
    assert msg == "element 0 of tensors does not require grad and does not have a grad_fn"


def test_gradient_shape_mismatch():
    def wrong(lib):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        (x * 2).backward(lib.ones(3))
    msg = raises_like_torch(wrong)
    assert "Mismatch in shape" in msg and "[3]" in msg and "[2]" in msg


def test_inplace_on_leaf_that_requires_grad():
    msg = raises_like_torch(lambda lib: lib.ones(2, requires_grad=True).add_(1))
    assert msg == ("a leaf Variable that requires grad is being used in an in-place "
                   "operation.")


def test_inplace_on_view_of_leaf():
    msg = raises_like_torch(lambda lib: lib.ones(2, 2, requires_grad=True)[0].mul_(2))
    assert "view of a leaf Variable that requires grad" in msg


def test_inplace_on_leaf_allowed_under_no_grad():
    x = leaf(1.0, 2.0)
    with ember.no_grad():
        x.mul_(2)
    assert x.tolist() == [2.0, 4.0] and x.is_leaf and x.requires_grad


def test_saved_tensor_modified_in_place():
    def modified(lib):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = x * 2
        z = y * y  # saves y
        y.add_(1)
        z.sum().backward()
    msg = raises_like_torch(modified)
    assert "modified by an inplace operation" in msg
    assert "[ember.DoubleTensor [2]]" in msg.replace("FloatTensor", "DoubleTensor") or \
        "[ember.FloatTensor [2]]" in msg
    assert "is at version 1; expected version 0 instead" in msg


def test_saved_tensor_modified_through_a_view():
    def through_view(lib):
        x = lib.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        y = x * 1
        z = y.exp()  # saves its output z
        z[0].mul_(2)  # a view shares the version counter
        z.sum().backward()
    msg = raises_like_torch(through_view)
    assert "modified by an inplace operation" in msg


def test_saved_leaf_modified_in_place_under_no_grad():
    def leaf_modified(lib):
        w = lib.tensor([1.0, 2.0], requires_grad=True)
        y = (w * w).sum()
        with lib.no_grad():
            w.add_(1)
        y.backward()
    msg = raises_like_torch(leaf_modified)
    assert "which is a leaf Variable" not in msg or "modified by an inplace operation" in msg


def test_inplace_on_non_leaf_gives_correct_gradient():
    x = leaf(1.0, 2.0)
    y = x * 3
    y.mul_(y.detach().clone())  # gradient of x -> 3 * (3x) (the clone is a constant)
    y.sum().backward()
    assert x.grad.tolist() == [9.0, 18.0]
    z = x * 1
    z.exp_()
    assert z.grad_fn.name() == "ExpBackward0"
    x.grad = None
    z.sum().backward()
    np.testing.assert_allclose(x.grad.cpu().numpy(), np.exp([1.0, 2.0]))


def test_inplace_with_its_own_detached_alias_is_caught():
    def self_alias(lib):
        y = lib.tensor([1.0, 2.0], requires_grad=True) * 3
        y.mul_(y.detach())  # the saved factor shares y's version counter
        y.sum().backward()
    raises_like_torch(self_alias)


# --- hooks --------------------------------------------------------------------------------

def test_register_hook_sees_and_replaces_gradient():
    x = leaf(1.0, 2.0)
    seen = []
    y = x * 2
    y.register_hook(lambda g: seen.append(g.tolist()))
    y.register_hook(lambda g: g * 10)
    y.sum().backward()
    assert seen == [[1.0, 1.0]]
    assert x.grad.tolist() == [20.0, 20.0]


def test_leaf_hook_replaces_accumulated_gradient():
    x = leaf(1.0, 2.0)
    handle = x.register_hook(lambda g: g + 1)
    (x * 3).sum().backward()
    assert x.grad.tolist() == [4.0, 4.0]
    handle.remove()
    x.grad = None
    (x * 3).sum().backward()
    assert x.grad.tolist() == [3.0, 3.0]


def test_hook_on_tensor_without_grad():
    raises_like_torch(lambda lib: lib.ones(2).register_hook(lambda g: g))


def test_post_accumulate_grad_hook_runs_after_accumulation():
    x = leaf(1.0, 2.0)
    seen = []
    x.register_post_accumulate_grad_hook(lambda t: seen.append(t.grad.tolist()))
    (x * 2).sum().backward()
    (x * 2).sum().backward()
    assert seen == [[2.0, 2.0], [4.0, 4.0]]


def _post_hook_returning(lib, value):
    x = lib.ones(2, requires_grad=True)
    x.register_post_accumulate_grad_hook(lambda t: value(lib))
    (x * 2).sum().backward()


@pytest.mark.parametrize("value, error, message", [
    (lambda lib: lib.zeros(2), RuntimeError, "Tensor post accumulate grad hooks should return "
                                             "None."),
    (lambda lib: 5, TypeError, "expected Variable, but hook returned 'int'"),
    (lambda lib: (None,), TypeError, "expected Variable, but hook returned 'tuple'"),
])
def test_post_accumulate_hook_must_return_none(value, error, message):
    assert raises_like_torch(lambda lib: _post_hook_returning(lib, value), error) == message


def test_post_accumulate_hook_on_non_leaf():
    msg = raises_like_torch(lambda lib: (lib.ones(2, requires_grad=True) * 2)
                            .register_post_accumulate_grad_hook(lambda t: None))
    assert "post accumulate grad hooks cannot be registered on non-leaf tensors" in msg


@pytest.mark.parametrize("make", [lambda lib: lib.ones(2), lambda lib: lib.ones(2) * 2])
def test_post_accumulate_hook_needs_requires_grad(make):
    # ember registered it silently; the hook could never run
    msg = raises_like_torch(lambda lib: make(lib).register_post_accumulate_grad_hook(
        lambda t: None))
    assert msg == "cannot register a hook on a tensor that doesn't require gradient"


def test_retain_grad_keeps_intermediate_gradient():
    x = leaf(1.0, 2.0)
    y = x * 3
    y.retain_grad()
    (y * y).sum().backward()
    assert y.retains_grad
    assert y.grad.tolist() == [6.0, 12.0]
    assert x.grad.tolist() == [18.0, 36.0]


def test_retain_grad_accumulates_over_backward_calls():
    x = leaf(1.0)
    y = x * 3
    y.retain_grad()
    z = y * 2
    z.backward(retain_graph=True)
    z.backward()
    assert y.grad.tolist() == [4.0]


def _retained_grads(lib):
    """.grad of retained intermediates next to their hooks and in-place ops, as lists."""
    x = lib.tensor([1.0, 2.0, 3.0], dtype=lib.float64, requires_grad=True)
    hooked_after = x * 2
    hooked_after.register_hook(lambda g: g + 1)
    hooked_after.retain_grad()
    hooked_after.register_hook(lambda g: g * 10)  # runs before .grad is stored
    (hooked_after * x).sum().backward()
    changed = x * 2
    changed.retain_grad()
    changed.mul_(3)  # .grad is the gradient of the new value, with the hook added after
    changed.register_hook(lambda g: g * 7)
    (changed * 5).sum().backward()
    base = x * 2
    base.retain_grad()
    view = base[:2]
    view.retain_grad()
    view.mul_(3)
    (base * lib.tensor([1.0, 2.0, 3.0], dtype=lib.float64)).sum().backward()
    return [hooked_after.grad.tolist(), changed.grad.tolist(), base.grad.tolist(), view.grad,
            x.grad.tolist()]


def test_retain_grad_stores_the_gradient_after_every_hook_and_in_place_op():
    # (x + 1) * 10; 5 * 7 for the new value; [1, 2, 3]; a view read by no later op has no
    # gradient; x's gradient sums the three passes.
    assert _retained_grads(ember) == [[20.0, 30.0, 40.0], [35.0, 35.0, 35.0], [1.0, 2.0, 3.0],
                                      None, [258.0, 286.0, 302.0]]
    if TORCH is not None:
        assert _retained_grads(TORCH) == _retained_grads(ember)


def test_node_hooks_and_prehooks():
    x = leaf(1.0, 2.0)
    y = x * 2
    calls = []
    y.grad_fn.register_prehook(lambda grads: calls.append("pre") or (grads[0] * 2,))
    y.grad_fn.register_hook(lambda gin, gout: calls.append("post"))
    y.sum().backward()
    assert calls == ["pre", "post"]
    assert x.grad.tolist() == [4.0, 4.0]


# --- autograd.grad ------------------------------------------------------------------------

def test_grad_returns_without_touching_dot_grad():
    x = leaf(1.0, 2.0)
    (g,) = ember.autograd.grad((x * x).sum(), x)
    assert g.tolist() == [2.0, 4.0]
    assert x.grad is None


def test_grad_allow_unused():
    x, unused = leaf(1.0), leaf(5.0)
    y = (x * 2).sum()
    with pytest.raises(RuntimeError, match="The differentiated Tensor at index 1 appears to not "
                       "have been used in the graph"):
        ember.autograd.grad(y, [x, unused], retain_graph=True)
    gx, gu = ember.autograd.grad(y, [x, unused], allow_unused=True)
    assert gx.tolist() == [2.0] and gu is None


def test_grad_materialize_grads():
    x, unused = leaf(1.0), leaf(5.0)
    gx, gu = ember.autograd.grad((x * 2).sum(), [x, unused], materialize_grads=True)
    assert gx.tolist() == [2.0] and gu.tolist() == [0.0]


def test_grad_is_grads_batched_gives_rows_of_the_jacobian():
    """With is_grads_batched, grad_outputs' first dim is a batch: the identity's rows give the
    Jacobian of x -> x.exp(), and an unused input stays None (zeros when materialized)."""
    x = ember.tensor([0.0, 1.0, 2.0], dtype=ember.float64, requires_grad=True)
    unused = ember.ones(2, requires_grad=True)
    (jacobian,) = ember.autograd.grad(x.exp(), x, ember.eye(3, dtype=ember.float64),
                                      is_grads_batched=True)
    np.testing.assert_allclose(jacobian.cpu().numpy(), np.diag(np.exp([0.0, 1.0, 2.0])),
                               rtol=1e-15)
    rows, none = ember.autograd.grad([x * x, (2 * x).sum()], [x, unused],
                                     [ember.eye(3, dtype=ember.float64)[:2],
                                      ember.tensor([1.0, 2.0], dtype=ember.float64)],
                                     is_grads_batched=True, allow_unused=True)
    assert rows.tolist() == [[2.0, 2.0, 2.0], [4.0, 6.0, 4.0]] and none is None
    _, zeros = ember.autograd.grad([(2 * x).sum()], [x, unused],
                                   [ember.tensor([1.0, 3.0], dtype=ember.float64)],
                                   is_grads_batched=True, materialize_grads=True)
    assert zeros.tolist() == [0.0, 0.0]
    (second,) = ember.autograd.grad(x ** 3, x, ember.eye(3, dtype=ember.float64),
                                    is_grads_batched=True, create_graph=True)
    (hessian_diagonal,) = ember.autograd.grad(second.diagonal().sum(), x)
    assert hessian_diagonal.tolist() == [0.0, 6.0, 12.0]


@pytest.mark.parametrize("call, error", [
    (lambda lib, x: lib.autograd.grad(x * x, x, lib.ones(3), is_grads_batched=True),
     RuntimeError),
    (lambda lib, x: lib.autograd.grad(x * x, x, lib.ones(2, 4), is_grads_batched=True),
     RuntimeError),
    (lambda lib, x: lib.autograd.grad((x * x).sum(), x, None, is_grads_batched=True),
     ValueError),
    (lambda lib, x: lib.autograd.grad([x * x, x * 2], x, [lib.eye(3), lib.eye(3)[:2]],
                                      is_grads_batched=True), ValueError),
])
def test_grad_is_grads_batched_errors(call, error):
    msg = raises_like_torch(lambda lib: call(lib, lib.ones(3, requires_grad=True)), error)
    assert "is_grads_batched" in msg or "vmap" in msg


def test_grad_of_input_that_does_not_require_grad():
    msg = raises_like_torch(lambda lib: lib.autograd.grad(
        (lib.ones(1, requires_grad=True) * 2).sum(), lib.ones(1)))
    assert msg == "One of the differentiated Tensors does not require grad"


def test_grad_of_intermediate_tensor():
    x = leaf(1.0, 2.0)
    y = x * 3
    (g,) = ember.autograd.grad((y * y).sum(), y)
    assert g.tolist() == [6.0, 12.0]


def test_third_derivative_with_create_graph():
    x = ember.tensor(2.0, dtype=ember.float64, requires_grad=True)
    y = x ** 3
    (d1,) = ember.autograd.grad(y, x, create_graph=True)
    (d2,) = ember.autograd.grad(d1, x, create_graph=True)
    (d3,) = ember.autograd.grad(d2, x)
    assert (d1.item(), d2.item(), d3.item()) == (12.0, 12.0, 6.0)
    assert d1.requires_grad and d2.requires_grad and not d3.requires_grad


def test_backward_create_graph_makes_grad_differentiable():
    x = leaf(3.0)
    (x ** 2).sum().backward(create_graph=True)
    assert x.grad.requires_grad
    (g,) = ember.autograd.grad(x.grad.sum(), x)
    assert g.tolist() == [2.0]


def test_backward_inputs_restricts_accumulation():
    x, w = leaf(1.0, 2.0), leaf(3.0, 4.0)
    (x * w).sum().backward(inputs=[w])
    assert x.grad is None
    assert w.grad.tolist() == [1.0, 2.0]


def test_backward_inputs_empty():
    msg = raises_like_torch(lambda lib: (lib.ones(1, requires_grad=True) * 2).sum()
                            .backward(inputs=[]))
    assert msg == "`inputs` argument to `backward()` cannot be empty."


@pytest.mark.parametrize("options", [{}, {"allow_unused": True}, {"is_grads_batched": True}])
def test_grad_inputs_empty(options):
    # Even a graph-free output: the empty inputs are refused first.
    msg = raises_like_torch(lambda lib: lib.autograd.grad(lib.ones(2) * 2, [], **options))
    assert msg == "`inputs` argument to `grad()` cannot be empty."


@pytest.mark.parametrize("options", [{}, {"is_grads_batched": True}])
def test_grad_inputs_from_a_generator(options):
    """autograd.grad(loss, model.parameters()): the generator is read once, not used up by
    the empty-inputs check (which left nothing to differentiate: an empty tuple)."""
    model = ember.nn.Linear(3, 2)
    loss = model(ember.ones(4, 3)).sum()
    if options:
        loss = model(ember.ones(4, 3)).sum(0)
        grad_outputs = ember.eye(2)
        grads = ember.autograd.grad(loss, model.parameters(), grad_outputs, **options)
        assert [tuple(g.shape) for g in grads] == [(2, 2, 3), (2, 2)]
        assert grads[1].tolist() == [[4.0, 0.0], [0.0, 4.0]]
        return
    grads = ember.autograd.grad(loss, model.parameters())
    assert [tuple(g.shape) for g in grads] == [(2, 3), (2,)]
    assert grads[0].tolist() == [[4.0] * 3] * 2 and grads[1].tolist() == [4.0, 4.0]


# --- accumulation and .grad ---------------------------------------------------------------

def test_gradients_accumulate_and_zero():
    x = leaf(1.0, 2.0)
    for _ in range(3):
        (x * 2).sum().backward()
    assert x.grad.tolist() == [6.0, 6.0]
    x.grad.zero_()
    assert x.grad.tolist() == [0.0, 0.0]
    (x * 2).sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]
    x.grad = None
    (x * 5).sum().backward()
    assert x.grad.tolist() == [5.0, 5.0]


def test_grad_shared_between_leaves_is_not_aliased():
    a, b = leaf(1.0), leaf(1.0)
    (a + b).sum().backward()
    a.grad.add_(10)
    assert b.grad.tolist() == [1.0]


def test_grad_of_non_leaf_warns_and_is_none():
    x = leaf(1.0)
    y = x * 2
    with pytest.warns(UserWarning, match="is not a leaf Tensor is being accessed"):
        assert y.grad is None


def test_grad_of_leaf_does_not_warn():
    x = leaf(1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert x.grad is None


def test_grad_setter_checks():
    x = leaf(1.0, 2.0)
    with pytest.raises(RuntimeError, match="attempting to assign a gradient of size '\\[3\\]' "
                                           "to a tensor of size '\\[2\\]'"):
        x.grad = ember.zeros(3, dtype=ember.float64)
    with pytest.raises(RuntimeError, match="a gradient with dtype 'float' to a tensor with "
                                           "grad_dtype 'Double'"):
        x.grad = ember.zeros(2, dtype=ember.float32)
    x.grad = ember.ones(2, dtype=ember.float64)
    (x * 1).sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]


@pytest.mark.parametrize("grad", [
    lambda lib: lib.zeros(1, 2, dtype=lib.float64),  # the size, named as torch names it
    lambda lib: lib.zeros(3, device="meta"),  # the device type is checked before the size
])
def test_grad_setter_messages_match_torch(grad):
    def assign(lib):
        lib.ones(2, dtype=lib.float64, requires_grad=True).grad = grad(lib)
    raises_like_torch(assign)


def test_gradient_dtype_matches_input():
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    (x.double() * 2).sum().backward()
    assert x.grad.dtype == ember.float32


@requires_torch
def test_accumulation_matches_torch_on_a_small_network():
    rng = np.random.default_rng(0)
    w_np, x_np = rng.standard_normal((3, 4)), rng.standard_normal((5, 3))
    results = []
    for lib in (ember, TORCH):
        w = lib.tensor(w_np, requires_grad=True)
        x = lib.tensor(x_np)
        for _ in range(2):
            h = (x @ w).tanh()
            loss = (h * h).mean() + w.abs().sum() * 0.1
            loss.backward()
        results.append((loss.item(), w.grad.detach().cpu().numpy().copy()))
    assert results[0][0] == pytest.approx(results[1][0], rel=1e-12)
    np.testing.assert_allclose(results[0][1], results[1][1], rtol=1e-12)


@requires_torch
def test_the_non_leaf_grad_warning_is_torchs_text():
    texts = []
    for lib in (ember, TORCH):
        y = lib.ones(2, requires_grad=True) * 2
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert y.grad is None
        texts.append(str(caught[0].message).split(" (Triggered internally")[0])
    assert texts[0] == texts[1]


@requires_torch
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_scalar_loss_backward_starts_from_a_fresh_one(dtype):
    """loss.backward() of a 0-d loss starts from its own 1 each time: a hook may change it in
    place, a leaf that receives it through a view may keep it as .grad, which may be changed in
    place, and the next backward still starts from 1. Retained or not, the gradients and
    errors are torch's."""
    seen = []
    for lib in (ember, TORCH):
        x = lib.tensor(3.0, dtype=getattr(lib, dtype), requires_grad=True)
        grads = []
        for _ in range(3):
            x.grad = None
            loss = x.view(())
            loss.register_hook(lambda grad: grad.mul_(2))  # (in place, which torch allows)
            loss.backward()
            grads.append(x.grad.item())
            x.grad.mul_(5)
        y = (x * x).sum()
        y.backward(retain_graph=True)
        y.backward()
        grads.append(x.grad.item())
        with pytest.raises(RuntimeError) as error:
            y.backward()
        seen.append((grads, x.grad.dtype == getattr(lib, dtype),
                     str(error.value).replace("torch.", "ember.")))
    assert seen[0] == seen[1]


# --- the order leaves receive their gradients ----------------------------------------------

def _leaf_order(lib, build, count):
    """Names of ``count`` leaves in the order their post-accumulate hooks run."""
    order = []
    leaves = [lib.ones(2, dtype=lib.float64, requires_grad=True) for _ in range(count)]
    for i, t in enumerate(leaves):
        t.register_post_accumulate_grad_hook(lambda p, i=i: order.append(i))
    build(lib, leaves).backward()
    return order


LEAF_ORDER_GRAPHS = {
    # one node with many leaf inputs: torch queues the leaves at one priority, and its heap,
    # not their creation order, decides which runs first
    "cat": lambda lib, t: lib.cat(t).sum(),
    "addcmul": lambda lib, t: lib.addcmul(*t).sum(),
    "stack_mixed": lambda lib, t: lib.stack([t[0], t[1] * 2, t[2], t[3].exp(), t[4]]).sum(),
    "add_chain": lambda lib, t: (t[0] + t[1] + t[2] + t[3] + t[4]).sum(),
    "layer_norm_and_mul": lambda lib, t: lib.nn.functional.layer_norm(
        t[0].view(1, 2), (2,), t[1], t[2]).sum() + (t[3] * t[4]).sum(),
    "shared_leaves": lambda lib, t: (t[0] * t[1]).sum() + (t[2] * t[0]).sum()
    + (t[4] * t[3] * t[2]).sum(),
}


@pytest.mark.parametrize("name,count", [("cat", 3), ("cat", 5), ("cat", 9), ("addcmul", 3),
                                        *((name, 5) for name in LEAF_ORDER_GRAPHS
                                          if name not in ("cat", "addcmul"))])
@requires_torch
def test_leaves_receive_gradients_in_torchs_order(name, count):
    """Leaves ready together run in the order torch's ready queue gives them (a heap with
    them all at one priority), which optimizer-in-backward hooks step parameters in."""
    build = LEAF_ORDER_GRAPHS[name]
    ours = _leaf_order(ember, build, count)
    assert ours == _leaf_order(TORCH, build, count)
    assert sorted(ours) == list(range(count))


@pytest.mark.parametrize("lib", ["ember", pytest.param("torch", marks=requires_torch)])
def test_a_leaf_runs_before_every_other_ready_node(lib):
    """A leaf whose gradient is complete is accumulated before any other ready node runs,
    even one made after the leaf's first use."""
    lib = ember if lib == "ember" else TORCH
    events = []
    b = lib.tensor([3.0, 4.0], requires_grad=True)
    first_use = b * 1.0
    a = lib.tensor([1.0, 2.0], requires_grad=True)
    hidden = (a * 2).exp()
    hidden.register_hook(lambda g: events.append("hidden"))
    b.register_post_accumulate_grad_hook(lambda p: events.append("b"))
    (lib.stack([hidden, b]) * 1.0).sum().backward()
    assert first_use.requires_grad
    assert events == ["b", "hidden"]
