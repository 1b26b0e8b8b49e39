"""Custom autograd Functions: ctx API, setup_context style, once_differentiable, grad_fn repr."""
from __future__ import annotations

import re

import numpy as np
import pytest

import ember
from ember.autograd import Function, once_differentiable
from tests.conftest import TORCH, requires_torch


def _cube_function(lib):
    """x**3 with a hand-written derivative 3x**2 (differentiable: uses lib ops)."""
    class Cube(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 3

        @staticmethod
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return grad * 3 * x ** 2
    return Cube


def test_save_for_backward_and_gradient():
    Cube = _cube_function(ember)
    x = ember.tensor([1.0, 2.0], dtype=ember.float64, requires_grad=True)
    y = Cube.apply(x)
    assert y.tolist() == [1.0, 8.0]
    assert y.grad_fn.name() == "CubeBackward"
    y.sum().backward()
    assert x.grad.tolist() == [3.0, 12.0]


def test_custom_function_passes_gradcheck_and_gradgradcheck():
    Cube = _cube_function(ember)
    x = ember.tensor([0.5, -1.5, 2.0], dtype=ember.float64, requires_grad=True)
    assert ember.autograd.gradcheck(Cube.apply, (x,))
    assert ember.autograd.gradgradcheck(Cube.apply, (x,))


def test_forward_runs_without_recording():
    seen = []

    class Probe(Function):
        @staticmethod
        def forward(ctx, x):
            seen.append(ember.is_grad_enabled())
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return grad * 2

    y = Probe.apply(ember.ones(2, requires_grad=True))
    assert seen == [False]
    assert y.requires_grad and y.grad_fn.name() == "ProbeBackward"


def test_needs_input_grad_and_non_tensor_arguments():
    recorded = []

    class Scale(Function):
        @staticmethod
        def forward(ctx, x, y, factor):
            ctx.factor = factor
            ctx.save_for_backward(x, y)
            return x * y * factor

        @staticmethod
        def backward(ctx, grad):
            recorded.append(ctx.needs_input_grad)
            x, y = ctx.saved_tensors
            gx = grad * y * ctx.factor if ctx.needs_input_grad[0] else None
            gy = grad * x * ctx.factor if ctx.needs_input_grad[1] else None
            return gx, gy, None

    x = ember.tensor([1.0, 2.0], requires_grad=True)
    y = ember.tensor([3.0, 4.0])
    Scale.apply(x, y, 2.0).sum().backward()
    assert recorded == [(True, False, False)]
    assert x.grad.tolist() == [6.0, 8.0]


def test_no_graph_when_no_input_requires_grad():
    Cube = _cube_function(ember)
    y = Cube.apply(ember.ones(2))
    assert y.grad_fn is None and not y.requires_grad


def test_setup_context_style():
    class Mul(Function):
        @staticmethod
        def forward(x, y):
            return x * y

        @staticmethod
        def setup_context(ctx, inputs, output):
            ctx.save_for_backward(*inputs)

        @staticmethod
        def backward(ctx, grad):
            x, y = ctx.saved_tensors
            return grad * y, grad * x

    x = ember.tensor([2.0], requires_grad=True)
    y = ember.tensor([5.0], requires_grad=True)
    Mul.apply(x, y).sum().backward()
    assert (x.grad.item(), y.grad.item()) == (5.0, 2.0)


def test_mark_dirty_in_place_function():
    class AddOneInPlace(Function):
        @staticmethod
        def forward(ctx, x):
            x.add_(1)
            ctx.mark_dirty(x)
            return x

        @staticmethod
        def backward(ctx, grad):
            return grad

    base = ember.tensor([1.0, 2.0], requires_grad=True)
    x = base * 1
    out = AddOneInPlace.apply(x)
    assert out.tolist() == [2.0, 3.0]
    assert out.grad_fn.name() == "AddOneInPlaceBackward"
    out.sum().backward()
    assert base.grad.tolist() == [1.0, 1.0]


def _dirty_versions(m):
    """Version counters after Functions that mark inputs dirty, with and without grad."""
    class AddOne(m.autograd.Function):
        @staticmethod
        def forward(ctx, x, y):
            ctx.mark_dirty(x, y)
            return x.add_(1), y

        @staticmethod
        def backward(ctx, gx, gy):
            return gx, gy

    a, b = m.ones(2, requires_grad=True).clone(), m.ones(2)
    AddOne.apply(a, b)
    c, d = m.ones(2), m.ones(2)
    AddOne.apply(c, d)
    with m.no_grad():
        e, f = m.ones(2, requires_grad=True).clone(), m.ones(2)
        AddOne.apply(e, f)
    return [t._version for t in (a, b, c, d, e, f)]


@requires_torch
def test_mark_dirty_counts_one_more_version_as_torch():
    assert _dirty_versions(ember) == _dirty_versions(TORCH) == [2, 1, 2, 1, 2, 1]


def test_mark_dirty_tensor_must_be_returned():
    class Forgets(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.mark_dirty(x)
            x.add_(1)
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return grad

    with pytest.raises(RuntimeError, match="Some elements marked as dirty during the forward "
                                           "method were not returned as output"):
        Forgets.apply(ember.ones(2, requires_grad=True).clone())


def test_mark_dirty_on_leaf_that_requires_grad():
    class AddOneInPlace(Function):
        @staticmethod
        def forward(ctx, x):
            x.add_(1)
            ctx.mark_dirty(x)
            return x

        @staticmethod
        def backward(ctx, grad):
            return grad

    # torch's past tense: the forward has already written into the leaf
    with pytest.raises(RuntimeError, match="^a leaf Variable that requires grad has been used "
                                           "in an in-place operation.$"):
        AddOneInPlace.apply(ember.ones(2, requires_grad=True))
    with ember.no_grad():  # no graph, no error; the output is an alias needing no gradient
        leaf = ember.ones(2, requires_grad=True)
        out = AddOneInPlace.apply(leaf)
    assert out is not leaf and not out.requires_grad and out.is_leaf
    assert leaf.tolist() == [2.0, 2.0] and out._version == leaf._version == 2


def test_returned_input_under_no_grad_needs_no_gradient():
    """An input a Function returns as it is comes back, under no_grad, as another tensor on the
    same data that needs no gradient (ember returned the input itself, requires_grad=True)."""
    class Identity(Function):
        @staticmethod
        def forward(ctx, x, y):
            return x, y * 2

        @staticmethod
        def backward(ctx, gx, gy):
            return gx, gy * 2

    x = ember.ones(2, requires_grad=True)
    with ember.no_grad():
        same, doubled = Identity.apply(x, x)
    assert same is not x and not same.requires_grad and not doubled.requires_grad
    x.data.add_(1)
    assert same.tolist() == [2.0, 2.0]
    same, doubled = Identity.apply(x, x)
    assert same.grad_fn is doubled.grad_fn is not None


def test_calling_an_instance_is_the_legacy_error():
    class Identity(Function):
        @staticmethod
        def forward(ctx, x):
            return x

    with pytest.warns(DeprecationWarning), pytest.raises(RuntimeError) as caught:
        Identity()(ember.ones(1))
    assert str(caught.value) == (
        "Legacy autograd function with non-static forward method is deprecated. Please use "
        "new-style autograd function with static forward method. (Example: "
        "https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)")


def test_mark_non_differentiable_outputs():
    class SortWithIndices(Function):
        @staticmethod
        def forward(ctx, x):
            order = ember.tensor(np.argsort(x.detach().cpu().numpy()), dtype=ember.float32)
            ctx.mark_non_differentiable(order)
            return x * 1, order

        @staticmethod
        def backward(ctx, grad, grad_order):
            assert grad_order is not None  # materialized as zeros
            return grad

    x = ember.tensor([3.0, 1.0, 2.0], requires_grad=True)
    values, order = SortWithIndices.apply(x)
    assert values.requires_grad
    assert not order.requires_grad and order.grad_fn is None
    values.sum().backward()
    assert x.grad.tolist() == [1.0, 1.0, 1.0]


@pytest.mark.parametrize("materialize", [True, False])
def test_set_materialize_grads(materialize):
    seen = []

    class TwoOutputs(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.set_materialize_grads(materialize)
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, grad_a, grad_b):
            seen.append(grad_b)
            return grad_a * 2 if grad_b is None else grad_a * 2 + grad_b * 3

    x = ember.tensor([1.0], requires_grad=True)
    a, _ = TwoOutputs.apply(x)
    a.sum().backward()
    assert x.grad.tolist() == [2.0]
    if materialize:
        assert seen[0].tolist() == [0.0]
    else:
        assert seen[0] is None


def test_once_differentiable_backward_builds_no_graph():
    class Square(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        @once_differentiable
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return grad * 2 * x

    x = ember.tensor([3.0], requires_grad=True)
    (g,) = ember.autograd.grad(Square.apply(x).sum(), x, create_graph=True)
    assert g.tolist() == [6.0]
    assert not g.requires_grad


def _twice_through_once_differentiable(lib):
    """What differentiating a once_differentiable backward's result again gives: its repr,
    then the error of backward() and of grad() with respect to the seed."""
    class Exp(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            y = x.exp()
            ctx.save_for_backward(y)
            return y

        @staticmethod
        @lib.autograd.function.once_differentiable
        def backward(ctx, grad):
            (y,) = ctx.saved_tensors
            return grad * y

    x = lib.tensor([0.5, 1.5], dtype=lib.float64, requires_grad=True)
    seed = lib.ones(2, dtype=lib.float64, requires_grad=True)
    (g,) = lib.autograd.grad(Exp.apply(x), x, seed, create_graph=True)
    seen = [type(g.grad_fn).__name__, g.is_leaf]
    for again in (lambda: g.sum().backward(), lambda: lib.autograd.grad(g.sum(), seed)):
        with pytest.raises(RuntimeError) as info:
            again()
        seen.append(str(info.value))
    seen.append(seed.grad)
    return seen


def test_once_differentiable_result_raises_when_differentiated_again():
    seen = _twice_through_once_differentiable(ember)
    assert seen[0] == "Error"
    assert seen[2] == ("trying to differentiate twice a function that was marked with "
                       "@once_differentiable")
    assert seen[4] is None


@requires_torch
def test_once_differentiable_twice_matches_torch():
    assert _twice_through_once_differentiable(ember) == \
        _twice_through_once_differentiable(TORCH)


def test_wrong_number_of_gradients():
    class Bad(Function):
        @staticmethod
        def forward(ctx, x, y):
            return x + y

        @staticmethod
        def backward(ctx, grad):
            return grad

    x = ember.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match=r"returned an incorrect number of gradients "
                                           r"\(expected 2, got 1\)"):
        Bad.apply(x, ember.ones(2)).sum().backward()


def test_gradient_of_wrong_shape():
    class Bad(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 1

        @staticmethod
        def backward(ctx, grad):
            return ember.ones(3)

    with pytest.raises(RuntimeError, match=r"returned an invalid gradient at index 0 - got "
                                           r"\[3\] but expected shape compatible with \[2\]"):
        Bad.apply(ember.ones(2, requires_grad=True)).sum().backward()


def test_custom_function_saved_tensor_version_check():
    Cube = _cube_function(ember)
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    h = x * 1
    y = Cube.apply(h)
    h.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()


@requires_torch
def test_custom_function_matches_torch():
    values = np.array([0.3, -1.2, 2.5])
    grads = []
    for lib in (ember, TORCH):
        x = lib.tensor(values, requires_grad=True)
        y = _cube_function(lib).apply(x.sin())
        assert y.grad_fn.name() == "CubeBackward"
        y.sum().backward()
        grads.append(x.grad.cpu().numpy().copy())
    np.testing.assert_allclose(grads[0], grads[1], rtol=1e-12)


@requires_torch
def test_grad_fn_repr_and_next_functions_match_torch():
    def build(lib):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = (x * 2 + 1).sum()
        return x, y

    ex, ey = build(ember)
    _, ty = build(TORCH)
    pattern = re.compile(r"0x[0-9a-f]+")
    assert pattern.sub("?", repr(ey.grad_fn)) == pattern.sub("?", repr(ty.grad_fn))
    ours = [n.name() if n is not None else None for n, _ in ey.grad_fn.next_functions]
    theirs = [n.name() if n is not None else None for n, _ in ty.grad_fn.next_functions]
    assert ours == theirs == ["AddBackward0"]
    add_e = ey.grad_fn.next_functions[0][0]
    add_t = ty.grad_fn.next_functions[0][0]
    assert [n.name() if n else None for n, _ in add_e.next_functions] == \
        [n.name() if n else None for n, _ in add_t.next_functions]
    leaf_node = add_e.next_functions[0][0].next_functions[0][0]
    assert leaf_node.name() == "ember::autograd::AccumulateGrad" and leaf_node.variable is ex


@requires_torch
def test_custom_backward_node_repr_matches_torch():
    pattern = re.compile(r"0x[0-9a-f]+")
    reprs = []
    for lib in (ember, TORCH):
        y = _cube_function(lib).apply(lib.ones(1, requires_grad=True))
        reprs.append(pattern.sub("?", repr(y.grad_fn)).replace("ember.", "torch."))
    assert reprs[0] == reprs[1]


def _clamped_exp(lib):
    class ClampedExp(lib.autograd.Function):
        @staticmethod
        def forward(x, limit):
            return x.clamp(max=limit).exp(), x <= limit

        @staticmethod
        def setup_context(ctx, inputs, output):
            y, mask = output
            ctx.mark_non_differentiable(mask)
            ctx.save_for_backward(y, mask)
            ctx.save_for_forward(y, mask)

        @staticmethod
        def backward(ctx, grad_y, grad_mask):
            y, mask = ctx.saved_tensors
            return grad_y * y * mask, None

        @staticmethod
        def jvp(ctx, tangent_x, tangent_limit):
            y, mask = ctx.saved_tensors
            # A deliberately different rule from the forward's own derivative: the tangent
            # must come from jvp alone.
            return tangent_x * y * mask * 2, None
    return ClampedExp


@requires_torch
def test_forward_mode_uses_the_functions_jvp_with_what_save_for_forward_kept():
    def run(lib):
        fw = lib.autograd.forward_ad
        x = lib.tensor([-1.0, 0.5, 2.0], dtype=lib.float64)
        with fw.dual_level():
            dual = fw.make_dual(x, lib.tensor([1.0, 2.0, 3.0], dtype=lib.float64))
            y, mask = _clamped_exp(lib).apply(dual, 1.0)
            return fw.unpack_dual(y).tangent, fw.unpack_dual(mask).tangent, y.detach()
    ours, theirs = run(ember), run(TORCH)
    assert ours[0].tolist() == theirs[0].tolist()
    assert ours[1] is None and theirs[1] is None
    assert ours[2].tolist() == theirs[2].tolist()


@requires_torch
def test_forward_mode_without_jvp_raises_as_torch():
    def run(lib):
        class Exp(lib.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x.exp()

            @staticmethod
            def backward(ctx, grad):
                return grad
        fw = lib.autograd.forward_ad
        with fw.dual_level():
            Exp.apply(fw.make_dual(lib.ones(2), lib.ones(2)))
    with pytest.raises(NotImplementedError) as theirs:
        run(TORCH)
    with pytest.raises(NotImplementedError) as ours:
        run(ember)
    assert str(ours.value) == str(theirs.value)


def _numpy_sort_function(lib, seen):
    """The extending-func docs' NumpySort: forward leaves the tensor API (numpy argsort), so
    under vmap only its vmap staticmethod, run once on the whole batch, can batch it."""
    class NumpySort(lib.autograd.Function):
        @staticmethod
        def forward(x, dim):
            index = lib.as_tensor(x.detach().cpu().numpy().argsort(axis=dim, kind="stable"),
                                  device=x.device)
            return lib.take_along_dim(x, index, dim), index

        @staticmethod
        def setup_context(ctx, inputs, output):
            ctx.mark_non_differentiable(output[1])
            ctx.save_for_backward(output[1])
            ctx.dim = inputs[1]

        @staticmethod
        def backward(ctx, grad_values, _):
            (index,) = ctx.saved_tensors
            return lib.zeros_like(grad_values).scatter(ctx.dim, index, grad_values), None

        @staticmethod
        def vmap(info, in_dims, x, dim):
            seen.append((info.batch_size, info.randomness, in_dims, tuple(x.shape)))
            x = x.movedim(in_dims[0], 0)
            return NumpySort.apply(x, dim % (x.dim() - 1) + 1), (0, 0)
    return NumpySort


@pytest.mark.parametrize("in_dim", [0, 1, -1])
def test_vmap_runs_a_functions_vmap_staticmethod_on_the_whole_batch(in_dim):
    libs = [ember] + ([TORCH] if TORCH is not None else [])
    answers = []
    for lib in libs:
        seen = []
        rows = lib.tensor([[3.0, 1.0, 2.0], [0.0, -1.0, 5.0]], dtype=lib.float64)
        data = rows if in_dim == 0 else rows.T.contiguous()
        leaf = data.clone().requires_grad_()
        values, index = lib.func.vmap(_numpy_sort_function(lib, seen).apply,
                                      in_dims=(in_dim, None))(leaf, -1)
        (values * lib.tensor([1.0, 10.0, 100.0], dtype=lib.float64)).sum().backward()
        answers.append((seen, values.tolist(), index.tolist(), leaf.grad.tolist()))
    seen, values, index, grad = answers[0]
    assert seen == [(2, "error", (in_dim % 2, None), tuple(data.shape))]
    assert values == [[1.0, 2.0, 3.0], [-1.0, 0.0, 5.0]] and index == [[1, 2, 0], [1, 0, 2]]
    expected = [[100.0, 1.0, 10.0], [10.0, 1.0, 100.0]]
    assert grad == (expected if in_dim == 0 else [list(c) for c in zip(*expected)])
    for other in answers[1:]:
        assert other == answers[0]


def test_vmap_rule_is_not_asked_for_an_unbatched_call():
    seen = []
    function = _numpy_sort_function(ember, seen)
    fixed = ember.tensor([2.0, 1.0])
    out = ember.func.vmap(lambda x: x + function.apply(fixed, 0)[0])(ember.zeros(3, 2))
    assert seen == [] and out.tolist() == [[1.0, 2.0]] * 3
