"""Matrix products: matmul/@ over 1-D, 2-D, batched and broadcast shapes, mm, bmm, mv, dot,
outer/ger — gradients, values and grad_fn names against torch, and shape/dtype errors."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ember
from ember.ops import linalg
from tests.conftest import TORCH, check_gradients, rand64, requires_torch
from tests.conftest import compare_with_torch as _compare


def compare_with_torch(fn, *inputs, **kwargs):
    """The shared oracle, on fresh leaf copies so repeated calls never accumulate grads."""
    fresh = [t.detach().clone().requires_grad_(t.requires_grad) if isinstance(t, ember.Tensor)
             else t for t in inputs]
    return _compare(fn, *fresh, **kwargs)


# (function, shape of input, shape of other)
PRODUCTS = [
    ("matmul", (3,), (3,)), ("matmul", (2, 3), (3,)), ("matmul", (3,), (3, 4)),
    ("matmul", (2, 3), (3, 4)), ("matmul", (5, 2, 3), (5, 3, 4)), ("matmul", (5, 2, 3), (3, 4)),
    ("matmul", (2, 3), (5, 3, 4)), ("matmul", (5, 2, 3), (3,)), ("matmul", (3,), (5, 3, 4)),
    ("matmul", (2, 1, 2, 3), (5, 3, 4)), ("matmul", (4, 2, 3), (1, 3, 4)),
    ("mm", (2, 3), (3, 4)), ("bmm", (2, 2, 3), (2, 3, 4)), ("mv", (2, 3), (3,)),
    ("dot", (3,), (3,)), ("outer", (3,), (2,)), ("ger", (3,), (2,)),
]
IDS = [f"{name}-{a}x{b}" for name, a, b in PRODUCTS]


def test_every_product_is_tested():
    products = {"matmul", "mm", "bmm", "mv", "dot", "outer", "ger"}
    assert products <= set(linalg.FUNCTIONS)
    assert products == {name for name, _, _ in PRODUCTS}


@pytest.mark.parametrize("name,shape_a,shape_b", PRODUCTS, ids=IDS)
def test_gradcheck(name, shape_a, shape_b):
    a = rand64(*shape_a, seed=1)
    b = rand64(*shape_b, seed=2)
    check_gradients(getattr(ember, name), a, b)


@requires_torch
@pytest.mark.parametrize("dtype", [ember.float32, ember.float64])
@pytest.mark.parametrize("name,shape_a,shape_b", PRODUCTS, ids=IDS)
def test_matches_torch(name, shape_a, shape_b, dtype):
    a = rand64(*shape_a, seed=3).to(dtype).detach().requires_grad_()
    b = rand64(*shape_b, seed=4).to(dtype).detach().requires_grad_()
    compare_with_torch(lambda lib, x, y: getattr(lib, name)(x, y), a, b)


@requires_torch
@pytest.mark.parametrize("shape_a,shape_b", [(a, b) for name, a, b in PRODUCTS
                                             if name == "matmul"], ids=str)
def test_operator_and_method_match_torch(shape_a, shape_b):
    a = rand64(*shape_a, seed=5)
    b = rand64(*shape_b, seed=6)
    compare_with_torch(lambda lib, x, y: x @ y, a, b)
    compare_with_torch(lambda lib, x, y: x.matmul(y), a, b)


@requires_torch
def test_only_one_side_requires_grad():
    a = rand64(2, 3, seed=7)
    b = rand64(3, 4, seed=8, requires_grad=False)
    compare_with_torch(lambda lib, x, y: x @ y, a, b)
    compare_with_torch(lambda lib, x, y: y.T @ x.T, a, b)


@requires_torch
def test_integer_matmul_matches_torch():
    a = ember.arange(6).reshape(2, 3)
    b = ember.arange(12).reshape(3, 4)
    compare_with_torch(lambda lib, x, y: x @ y, a, b, grad=False)


def test_matmul_is_differentiable_twice():
    a = rand64(2, 3, seed=9)
    b = rand64(3, 2, seed=10)
    loss = ((a @ b) ** 2).sum()
    (ga,) = ember.autograd.grad(loss, a, create_graph=True)
    (gga,) = ember.autograd.grad(ga.sum(), b)
    assert gga.shape == b.shape


ERRORS = [
    (lambda lib: lib.ones(2, 3) @ lib.ones(4, 5),
     "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)"),
    (lambda lib: lib.ones(3) @ lib.ones(4), "inconsistent tensor size, expected tensor [3] and "
     "src [4] to have the same number of elements, but got 3 and 4 elements respectively"),
    (lambda lib: lib.ones(2, 3) @ lib.ones(4), "size mismatch, got input (2), mat (2x3), vec (4)"),
    (lambda lib: lib.ones(4) @ lib.ones(3, 5),
     "mat1 and mat2 shapes cannot be multiplied (1x4 and 3x5)"),
    (lambda lib: lib.ones(5, 2, 3) @ lib.ones(5, 4, 5),
     "Expected size for first two dimensions of batch2 tensor to be: [5, 3] but got: [5, 4]."),
    (lambda lib: lib.ones(2, 2, 3) @ lib.ones(3, 3, 4),
     "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0"),
    (lambda lib: lib.mm(lib.ones(2, 3), lib.ones(4, 5)),
     "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)"),
    (lambda lib: lib.mm(lib.ones(3), lib.ones(3, 4)), "self must be a matrix"),
    (lambda lib: lib.mm(lib.ones(2, 3), lib.ones(3)), "mat2 must be a matrix"),
    (lambda lib: lib.bmm(lib.ones(2, 3), lib.ones(3, 4)), "batch1 must be a 3D tensor"),
    (lambda lib: lib.bmm(lib.ones(2, 2, 3), lib.ones(3, 3, 4)),
     "Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [3, 3]."),
    (lambda lib: lib.mv(lib.ones(2, 3), lib.ones(4)),
     "size mismatch, got input (2), mat (2x3), vec (4)"),
    (lambda lib: lib.mv(lib.ones(3), lib.ones(3)),
     "vector + matrix @ vector expected, got 1, 1, 1"),
    (lambda lib: lib.dot(lib.ones(3), lib.ones(4)), "inconsistent tensor size, expected tensor "
     "[3] and src [4] to have the same number of elements, but got 3 and 4 elements "
     "respectively"),
    (lambda lib: lib.dot(lib.ones(3, 1), lib.ones(3)),
     "1D tensors expected, but got 2D and 1D tensors"),
    (lambda lib: lib.dot(lib.ones(3), lib.ones(3, dtype=lib.float64)),
     "dot : expected both vectors to have same dtype, but found Float and Double"),
    (lambda lib: lib.ones(2, 3) @ lib.ones(3, 4, dtype=lib.float64),
     "expected m1 and m2 to have the same dtype, but got: float != double"),
    (lambda lib: lib.tensor(1.0) @ lib.ones(3),
     "both arguments to matmul need to be at least 1D, but they are 0D and 1D"),
    (lambda lib: lib.outer(lib.ones(2, 2), lib.ones(3)),
     "outer: Expected 1-D argument self, but got 2-D"),
]


@pytest.mark.parametrize("fn,message", ERRORS, ids=[m[:40] for _, m in ERRORS])
def test_shape_and_dtype_errors(fn, message):
    with pytest.raises(RuntimeError) as ours:
        fn(ember)
    assert str(ours.value) == message
    if TORCH is not None:
        with pytest.raises(RuntimeError) as theirs:
            fn(TORCH)
        assert str(theirs.value) == message


def test_matmul_with_a_number_is_a_type_error():
    with pytest.raises(TypeError, match="must be Tensor, not int"):
        ember.matmul(ember.ones(3), 2)


@requires_torch
@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 3), min_size=0, max_size=2), st.lists(st.integers(1, 3),
       min_size=0, max_size=2), st.integers(1, 3), st.integers(1, 3), st.integers(1, 3),
       st.booleans(), st.booleans())
def test_property_batched_broadcast_matches_torch(batch_a, batch_b, n, k, m, vec_a, vec_b):
    shape_a = (k,) if vec_a else tuple(batch_a) + (n, k)
    shape_b = (k,) if vec_b else tuple(batch_b) + (k, m)
    a = rand64(*shape_a, seed=11)
    b = rand64(*shape_b, seed=12)
    try:
        TORCH.matmul(TORCH.ones(shape_a), TORCH.ones(shape_b))
    except RuntimeError as error:
        with pytest.raises(RuntimeError) as ours:
            ember.matmul(a, b)
        assert str(ours.value) == str(error)
        return
    # grad_fn names are checked by the table above; PyTorch's choice for batches of size 1
    # depends on internals beyond the route rules.
    compare_with_torch(lambda lib, x, y: x @ y, a, b, check_grad_fn=False)


def _next_names(node):
    return [type(fn).__name__ for fn, _ in node.next_functions if fn is not None]


@requires_torch
@pytest.mark.parametrize("op", ["mm", "matmul", "addmm", "linear"])
def test_create_graph_gradient_transposes_matrices_with_t(op):
    # torch's mm formulas take matrix.t(): a gradient kept with create_graph walks through
    # TBackward0 (a batch's transpose(-2, -1) is TransposeBackward0), and its second
    # derivative is torch's.
    def graphs(lib):
        a = lib.tensor([[1.0, 2.0], [3.0, -4.0]], dtype=lib.float64, requires_grad=True)
        b = lib.tensor([[0.5, -1.0], [2.0, 1.5]], dtype=lib.float64, requires_grad=True)
        calls = {"mm": lambda: lib.mm(a, b), "matmul": lambda: a @ b,
                 "addmm": lambda: lib.addmm(b, a, b),
                 "linear": lambda: lib.nn.functional.linear(a, b)}
        out = calls[op]()
        ga, gb = lib.autograd.grad((out * out).sum(), (a, b), create_graph=True)
        second = lib.autograd.grad((ga * gb).sum(), (a, b))
        names = [[_next_names(fn) for fn, _ in g.grad_fn.next_functions if fn is not None]
                 for g in (ga, gb)]
        return names, [s.cpu().numpy() for s in second]

    (ours, ours_second), (theirs, theirs_second) = graphs(ember), graphs(TORCH)
    assert ours == theirs
    for mine, reference in zip(ours_second, theirs_second, strict=True):
        np.testing.assert_allclose(mine, reference, rtol=1e-14)
    a = ember.tensor([[1.0, 2.0], [3.0, -4.0]], dtype=ember.float64, requires_grad=True)
    b = ember.tensor([[0.5, -1.0], [2.0, 1.5]], dtype=ember.float64, requires_grad=True)
    assert ember.autograd.gradgradcheck(lambda x, y: ember.addmm(y, x, y) @ x, (a, b))
