"""Saved-tensor hooks see what each op saves for backward as torch's do: pack is called once per
saved tensor of each node (so CPU offload and compression hooks reach them), and gradients
through the hooks are the plain ones."""
from __future__ import annotations

import pytest

import ember
from tests.conftest import TORCH, assert_close, rand64, requires_torch, to_torch

# name -> (program of (library, x, y, w, b, image, kernel, table)); ops whose saves torch and
# ember hand the hooks alike.
PROGRAMS = {
    "linear": lambda m, x, y, w, b, img, k, table: m.nn.functional.linear(x, w, b),
    "linear_no_bias": lambda m, x, y, w, b, img, k, table: m.nn.functional.linear(x, w),
    # a frozen weight keeps no input, a constant input no weight
    "linear_frozen_weight": lambda m, x, y, w, b, img, k, table: m.nn.functional.linear(
        x, w.detach(), b),
    "linear_constant_input": lambda m, x, y, w, b, img, k, table: m.nn.functional.linear(
        x.detach(), w, b),
    "linear_3d_constant_input": lambda m, x, y, w, b, img, k, table: m.nn.functional.linear(
        img.detach()[0, 0, :, :6], w, b),
    "matmul": lambda m, x, y, w, b, img, k, table: x @ y.t(),
    "conv2d": lambda m, x, y, w, b, img, k, table: m.nn.functional.conv2d(img, k, padding=1),
    "relu": lambda m, x, y, w, b, img, k, table: m.nn.functional.relu(x),
    "gelu": lambda m, x, y, w, b, img, k, table: m.nn.functional.gelu(x),
    "softmax": lambda m, x, y, w, b, img, k, table: m.nn.functional.softmax(x, -1),
    "log_softmax": lambda m, x, y, w, b, img, k, table: m.nn.functional.log_softmax(x, -1),
    "dropout": lambda m, x, y, w, b, img, k, table: m.nn.functional.dropout(x, 0.0),
    "embedding": lambda m, x, y, w, b, img, k, table: m.nn.functional.embedding(
        m.tensor([1, 3, 3, 7]), table),
    "mul": lambda m, x, y, w, b, img, k, table: x * y,
    "mul_scalar": lambda m, x, y, w, b, img, k, table: x * 2,
    "div": lambda m, x, y, w, b, img, k, table: x / y,
    "div_scalar": lambda m, x, y, w, b, img, k, table: x / 2,
    "div_by_constant_tensor": lambda m, x, y, w, b, img, k, table: x / y.detach(),
    "exp": lambda m, x, y, w, b, img, k, table: x.exp(),
    "tanh": lambda m, x, y, w, b, img, k, table: x.tanh(),
    "sigmoid": lambda m, x, y, w, b, img, k, table: x.sigmoid(),
    "pow": lambda m, x, y, w, b, img, k, table: x ** 2,
    "pow_tensor": lambda m, x, y, w, b, img, k, table: x.abs() ** y,
    "pow_scalar_base": lambda m, x, y, w, b, img, k, table: 2 ** x,
    "sum": lambda m, x, y, w, b, img, k, table: x.sum(),
    "mean": lambda m, x, y, w, b, img, k, table: x.mean(1),
    "index_int": lambda m, x, y, w, b, img, k, table: x[1],
    "index_slice": lambda m, x, y, w, b, img, k, table: x[1:3],
    "cat": lambda m, x, y, w, b, img, k, table: m.cat([x, y]),
    "mse_loss": lambda m, x, y, w, b, img, k, table: m.nn.functional.mse_loss(x, y),
    "silu": lambda m, x, y, w, b, img, k, table: m.nn.functional.silu(x),
    "bmm": lambda m, x, y, w, b, img, k, table: m.bmm(img[0], img[1]),
}


def _inputs():
    shapes = [(4, 6), (4, 6), (5, 6), (5,), (2, 3, 8, 8), (4, 3, 3, 3), (10, 6)]
    return [rand64(*shape, seed=i) for i, shape in enumerate(shapes)]


def _packed(m, program, inputs):
    shapes = []

    def pack(tensor):
        shapes.append(tuple(tensor.shape))
        return tensor
    with m.autograd.graph.saved_tensors_hooks(pack, lambda tensor: tensor):
        out = program(m, *inputs)
    return out, sorted(shapes)


@requires_torch
@pytest.mark.parametrize("name", list(PROGRAMS))
def test_pack_sees_what_torch_saves(name):
    ours = _inputs()
    theirs = [to_torch(t) for t in ours]
    out, packed = _packed(ember, PROGRAMS[name], ours)
    expected, expected_packed = _packed(TORCH, PROGRAMS[name], theirs)
    assert packed == expected_packed
    out.sum().backward()
    expected.sum().backward()
    for a, b in zip(ours, theirs):
        assert_close(a.grad, b.grad, rtol=1e-10, atol=1e-12)


def test_max_pool_indices_go_through_the_hooks():
    x = rand64(1, 2, 4, 4)
    seen = []

    def pack(tensor):
        seen.append(tensor.dtype)
        return tensor.cpu()

    with ember.autograd.graph.saved_tensors_hooks(pack, lambda tensor: tensor.to(x.device)):
        out = ember.nn.functional.max_pool2d(x, 2)
    assert seen == [ember.int64]
    out.sum().backward()
    plain = rand64(1, 2, 4, 4)
    ember.nn.functional.max_pool2d(plain, 2).sum().backward()
    assert ember.equal(x.grad, plain.grad)


PACK_ORDER_OPS = {
    "mul": lambda lib, a, b, w: a * b, "div": lambda lib, a, b, w: a / b,
    "div_by_a_constant": lambda lib, a, b, w: a.detach() / b,
    "mm": lambda lib, a, b, w: lib.mm(a, b.t()), "matmul": lambda lib, a, b, w: a @ b.t(),
    "atan2": lambda lib, a, b, w: lib.atan2(a, b),
    "maximum": lambda lib, a, b, w: lib.maximum(a, b),
    "minimum": lambda lib, a, b, w: lib.minimum(a, b), "fmod": lambda lib, a, b, w: lib.fmod(a, b),
    "remainder": lambda lib, a, b, w: lib.remainder(a, b),
    "hypot": lambda lib, a, b, w: lib.hypot(a, b), "pow": lambda lib, a, b, w: a ** b,
    "xlogy": lambda lib, a, b, w: lib.xlogy(a, b), "lerp": lambda lib, a, b, w: lib.lerp(a, b, w),
    "sub": lambda lib, a, b, w: a - b, "addcmul": lambda lib, a, b, w: lib.addcmul(a, b, w),
}


@requires_torch
@pytest.mark.parametrize("op", PACK_ORDER_OPS)
def test_pack_hook_sees_a_binary_ops_operands_in_torchs_order(op):
    """torch saves the operand a derivative formula names first first: mul, div, mm... hand
    the second operand to the pack hook before the first, the result last."""
    orders = []
    for lib in (ember, TORCH):
        a, b, w = (lib.rand(2, 3, dtype=lib.float64) + 0.5 for _ in range(3))
        named = {id(t): name for t, name in ((a, "a"), (b, "b"), (w, "w"))}
        a, b, w = (t.requires_grad_() for t in (a, b, w))
        seen = []

        def pack(t):
            seen.append(named.get(id(t), "result" if t.requires_grad else "other"))
            return t
        with lib.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
            out = PACK_ORDER_OPS[op](lib, a, b, w)
        out.sum().backward()
        orders.append((seen, out.grad_fn.name(), [t.grad is None for t in (a, b, w)]))
    assert orders[0] == orders[1]
