"""TorchDispatchMode sees the ATen operator calls torch's dispatcher hands it (aten.add.Tensor,
aten.relu.default, aten.sum.dim_IntList...), with their arguments, and its answer is the call's
result; with no mode active, Tensor's methods are their plain selves again."""
from __future__ import annotations

import pytest
from conftest import CPU_RNG, TORCH, assert_close, cpu_only, requires_torch

import ember
from ember import _subclass


def _logging_mode(m):
    base = (ember.utils._python_dispatch if m is ember
            else TORCH.utils._python_dispatch).TorchDispatchMode

    class Log(base):
        def __init__(self):
            super().__init__()
            self.seen = []

        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            self.seen.append(str(func))
            return func(*args, **(kwargs or {}))
    return Log


# Programs whose ATen calls ember reports as torch does (with the aten.detach.default by which
# torch's autograd saves an op's output).
PROGRAMS = {
    "arithmetic": lambda m, x, y: ((x + y) * 2 - 1, 1 - x, x / y, x / 2, x ** 2, x ** y,
                                   2 ** x, -x, x // 2, m.add(x, y, alpha=2)),
    "unary": lambda m, x, y: (x.exp(), x.abs().log(), x.sin(), x.tanh(), x.sigmoid(),
                              x.relu(), x.abs().sqrt(), x.abs().rsqrt(), x.abs()),
    "functional": lambda m, x, y: (m.nn.functional.relu(x), m.nn.functional.gelu(x),
                                   m.nn.functional.silu(x), m.nn.functional.softmax(x, -1),
                                   x.softmax(0), m.nn.functional.log_softmax(x, 1),
                                   m.nn.functional.layer_norm(x, (6,)),
                                   m.nn.functional.mse_loss(x, y),
                                   m.nn.functional.softplus(x),
                                   m.nn.functional.leaky_relu(x),
                                   m.nn.functional.cross_entropy(x, y[0].argsort()[:4]),
                                   m.nn.functional.nll_loss(x, y[1].argsort()[:4])),
    "reductions": lambda m, x, y: (x.sum(), x.sum(1), x.sum(1, keepdim=True), x.mean(),
                                   x.mean(0), x.max(), x.max(1), x.amax(1), x.argmax(1),
                                   x.var(1), x.std(), x.norm(), x.logsumexp(1), x.cumsum(1)),
    "shapes": lambda m, x, y: (x.view(24), x.reshape(2, 12), x.t(), x.transpose(0, 1),
                               x.permute(1, 0), x.unsqueeze(0), x.flatten(), x.clone(),
                               x.t().contiguous(), x.detach(), m.cat([x, y]),
                               m.stack([x, y]), x.split(2), x.chunk(2), x[0].expand(3, 6)),
    "indexing": lambda m, x, y: (x[1], x[1:3], x[y[0][:2].argsort()], x[x > 0], x[:, 1],
                                 x[None], m.where(x > 0, x, y), x.masked_fill(x > 0, 0.0),
                                 x.clamp(-1, 1), x.clamp(min=0), x == y,
                                 x.index_select(0, y[0][:2].argsort())),
    "conversions_and_factories": lambda m, x, y: (x.to(m.float64), x.double(), x.float(),
                                                  m.zeros_like(x), m.ones(3), m.zeros(2, 3),
                                                  m.arange(3), m.full((2,), 1.0)),
    "in_place": lambda m, x, y: (x.detach().add_(1), x.detach().mul_(y),
                                 x.detach().pow_(2), x.detach().zero_(), x.detach().fill_(1),
                                 x.detach().copy_(y), x.detach().__iadd__(y)),
    "linear_layer": lambda m, x, y: (m.nn.functional.linear(x, y[:5]), x @ y.t(),
                                     m.nn.functional.linear(x, y[:3], y[0][:3])),
}


def _seen(m, program):
    x = (m.arange(24.0) * 0.7).sin().reshape(4, 6).requires_grad_()
    y = (m.arange(24.0) * 1.3 + 0.5).cos().reshape(4, 6)
    with _logging_mode(m)() as mode:
        outputs = program(m, x, y)
    return mode.seen, outputs


@requires_torch
@pytest.mark.parametrize("name", list(PROGRAMS))
def test_modes_see_torchs_aten_calls(name):
    ours, our_outputs = _seen(ember, PROGRAMS[name])
    theirs, their_outputs = _seen(TORCH, PROGRAMS[name])
    assert ours == theirs
    for a, b in zip(our_outputs, their_outputs):
        assert_close(a, b, rtol=1e-5, atol=1e-6)


@cpu_only(CPU_RNG)
@requires_torch
def test_results_under_a_mode_keep_their_graph_and_gradients():
    def run(m):
        m.manual_seed(0)
        lin = m.nn.Linear(6, 3)
        x = m.randn(4, 6, requires_grad=True)
        with _logging_mode(m)() as mode:
            loss = m.nn.functional.gelu(lin(x)).softmax(-1).pow(2).sum()
            loss.backward()
        return loss, x.grad, lin.weight.grad, type(loss.grad_fn).__name__, mode.seen
    ours, theirs = run(ember), run(TORCH)
    for a, b in zip(ours[:3], theirs[:3]):
        assert_close(a, b)
    assert ours[3] == theirs[3]
    # the forward's calls as torch's; backward reports the products of the gradients too
    forward = ["aten.t.default", "aten.addmm.default", "aten.gelu.default",
               "aten._softmax.default", "aten.detach.default", "aten.pow.Tensor_Scalar",
               "aten.sum.default"]
    assert theirs[4][:7] == ours[4][:7] == forward
    assert ours[4].count("aten.mm.default") == theirs[4].count("aten.mm.default") == 2


@requires_torch
def test_a_mode_answer_is_the_result():
    def run(m):
        base = _logging_mode(m)

        class Doubling(base):
            def __torch_dispatch__(self, func, types, args=(), kwargs=None):
                out = func(*args, **(kwargs or {}))
                if func is m.ops.aten.relu.default:
                    return out * 2  # (the mode's own call goes to no mode)
                return out
        x = m.tensor([-1.0, 2.0, 3.0])
        with Doubling():
            return m.nn.functional.relu(x) + 1, x.exp()
    for a, b in zip(run(ember), run(TORCH)):
        assert_close(a, b)


@requires_torch
def test_function_and_dispatch_modes_each_see_a_call_once():
    def run(m):
        overrides = ember.overrides if m is ember else TORCH.overrides
        calls = []

        class Functions(overrides.TorchFunctionMode):
            def __torch_function__(self, func, types, args=(), kwargs=None):
                calls.append(("function", func.__name__))
                return func(*args, **(kwargs or {}))
        x = m.ones(2, 3)
        with _logging_mode(m)() as mode, Functions():
            x.relu().sum(0)
        return calls, mode.seen
    ours, theirs = run(ember), run(TORCH)
    assert ours == theirs


def test_no_mode_leaves_tensor_methods_and_functions_plain():
    originals = {name: vars(ember.Tensor)[name] for name in ("add", "__add__", "relu", "sum")}
    live = _subclass._live[0]
    with _logging_mode(ember)() as mode:
        # (methods dispatch for good once a program defined a Tensor subclass)
        assert (vars(ember.Tensor)["relu"] is originals["relu"]) == _subclass._PLAIN[0]
        ember.ones(2).relu()
    assert mode.seen == ["aten.ones.default", "aten.relu.default"]
    assert {name: vars(ember.Tensor)[name] for name in originals} == originals
    assert _subclass._live[0] == live
    ember.ones(2).relu()  # and nothing is reported after the block
    assert mode.seen == ["aten.ones.default", "aten.relu.default"]
