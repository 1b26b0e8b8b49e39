"""Capture and replay: compiled and eager models side by side for several training steps give
bit-identical losses, parameters and buffers; guards pick a new plan when the signature
changes; what cannot be captured runs eagerly (fullgraph=True raises torch's error type)."""
from __future__ import annotations

import logging
import sys

import numpy as np
import pytest
from conftest import HOST_TRACE, TORCH, cpu_only, requires_torch

import ember
from ember import nn
from ember._compile.region import _EAGER

F = nn.functional


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 3))

    def forward(self, x, y):
        return F.cross_entropy(self.net(x), y)


class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.fc = nn.Linear(4 * 4 * 4, 3)

    def forward(self, x, y):
        h = F.max_pool2d(F.relu(self.bn(self.conv(x))), 2)
        return F.cross_entropy(self.fc(h.flatten(1)), y)


class LSTMNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(5, 7, batch_first=True)
        self.fc = nn.Linear(7, 2)

    def forward(self, x, y):
        out, _ = self.lstm(x)
        return F.mse_loss(self.fc(out[:, -1]), y)


class GPTBlock(nn.Module):
    """Embedding, pre-norm causal self-attention and MLP with dropout, a head, the loss."""

    def __init__(self, vocab=13, dim=16, heads=2):
        super().__init__()
        self.emb = nn.Embedding(vocab, dim)
        self.ln1, self.ln2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.qkv, self.proj = nn.Linear(dim, 3 * dim), nn.Linear(dim, dim)
        self.fc, self.fc2 = nn.Linear(dim, 4 * dim), nn.Linear(4 * dim, dim)
        self.drop = nn.Dropout(0.2)
        self.head = nn.Linear(dim, vocab)
        self.heads, self.vocab = heads, vocab

    def forward(self, idx, targets):
        x = self.emb(idx)
        B, T, C = x.size()
        q, k, v = self.qkv(self.ln1(x)).split(C, dim=2)
        q, k, v = (t.view(B, T, self.heads, C // self.heads).transpose(1, 2) for t in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True,
                                           dropout_p=0.2 if self.training else 0.0)
        x = x + self.drop(self.proj(y.transpose(1, 2).contiguous().view(B, T, C)))
        x = x + self.drop(self.fc2(F.gelu(self.fc(self.ln2(x)))))
        logits = self.head(x)
        return logits, F.cross_entropy(logits.view(-1, self.vocab), targets.view(-1))


class Branchy(nn.Module):
    """Python control flow on a tensor's value: a graph break."""

    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(3, 3)

    def forward(self, x, y):
        h = self.lin(x)
        if h.sum() > 0:
            h = h * 2
        return F.mse_loss(h, y)


def _batch(name, rng):
    if name == "GPTBlock":
        return (ember.tensor(rng.integers(0, 13, (2, 6))), ember.tensor(rng.integers(0, 13, (2, 6))))
    if name == "CNN":
        return (ember.tensor(rng.standard_normal((3, 1, 8, 8)).astype(np.float32)),
                ember.tensor(rng.integers(0, 3, (3,))))
    if name == "LSTMNet":
        return (ember.tensor(rng.standard_normal((3, 4, 5)).astype(np.float32)),
                ember.tensor(rng.standard_normal((3, 2)).astype(np.float32)))
    if name == "MLP":
        return (ember.tensor(rng.standard_normal((5, 6)).astype(np.float32)),
                ember.tensor(rng.integers(0, 3, (5,))))
    return (ember.tensor(rng.standard_normal((4, 3)).astype(np.float32)),
            ember.tensor(rng.standard_normal((4, 3)).astype(np.float32)))


def _loss(out):
    return out[1] if isinstance(out, tuple) else out


def _region(compiled):
    return compiled._ember_region


def _same_tensors(a, b):
    return all(np.array_equal(p.detach().cpu().numpy(), q.detach().cpu().numpy())
               for p, q in zip(a, b))


@pytest.mark.parametrize("cls", [MLP, CNN, LSTMNet, GPTBlock, Branchy])
def test_training_matches_eager_bit_for_bit(cls):
    ember.manual_seed(0)
    eager, base = cls(), cls()
    base.load_state_dict(eager.state_dict())
    compiled = ember.compile(base)
    optimizers = [ember.optim.AdamW(m.parameters(), lr=1e-2) for m in (eager, compiled)]
    rng = np.random.default_rng(0)
    for step in range(4):
        batch = _batch(cls.__name__, rng)
        losses = []
        for model, opt in zip((eager, compiled), optimizers):
            ember.manual_seed(step)  # dropout draws the same masks in both
            loss = _loss(model(*batch))
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
        assert losses[0] == losses[1], (step, losses)
    assert _same_tensors(eager.parameters(), base.parameters())
    assert _same_tensors(eager.buffers(), base.buffers())
    plans = list(_region(compiled).plans.values())
    assert plans[0] is not _EAGER and plans[0].state == "ready"
    assert type(loss.grad_fn).__name__ == "CompiledFunctionBackward"


def test_replay_uses_no_tensor_or_node_per_op():
    compiled = ember.compile(MLP())
    batch = _batch("MLP", np.random.default_rng(0))
    compiled(*batch).backward()
    loss = compiled(*batch)
    assert type(loss.grad_fn).__name__ == "CompiledFunctionBackward"
    assert loss.grad_fn.next_functions[0][0].name() == "ember::autograd::AccumulateGrad"
    entry = next(iter(_region(compiled).plans.values()))
    assert "Tensor" not in entry.forward.source and entry.backward.source.count("\n") > 5


def test_gradients_reach_inputs_and_their_history():
    """A compiled function's gradient flows into a leaf input and through a non-leaf one."""
    def f(a, b):
        return (a * b).tanh().sum()
    compiled = ember.compile(f)
    for _ in range(3):
        a = ember.randn(4, requires_grad=True)
        w = ember.randn(4, requires_grad=True)
        b = w * 3  # non-leaf input: its gradient continues into w
        compiled(a, b).backward()
        a2, w2 = a.detach().requires_grad_(), w.detach().requires_grad_()
        f(a2, w2 * 3).backward()
        assert np.allclose(a.grad.cpu().numpy(), a2.grad.cpu().numpy(), rtol=0, atol=0)
        assert np.allclose(w.grad.cpu().numpy(), w2.grad.cpu().numpy(), rtol=0, atol=0)


@pytest.mark.parametrize("change", ["shape", "dtype", "mode", "requires_grad", "grad_mode"])
def test_guards_capture_a_new_plan(change):
    model = nn.Sequential(nn.Linear(4, 3), nn.Dropout(0.5))
    compiled = ember.compile(model)
    x = ember.randn(2, 4)
    compiled.eval() if change != "mode" else None
    compiled(x).sum().backward()
    if change == "shape":
        x = ember.randn(5, 4)
    elif change == "dtype":
        model.double()
        x = x.double()
    elif change == "mode":
        compiled.eval()
    elif change == "requires_grad":
        x.requires_grad_()
    context = ember.no_grad() if change == "grad_mode" else ember.enable_grad()
    with context:
        ember.manual_seed(1)
        out = compiled(x)
        ember.manual_seed(1)
        expected = model(x)
    assert len(_region(compiled).plans) == 2
    assert out.dtype == expected.dtype and out.shape == expected.shape
    assert np.array_equal(out.detach().cpu().numpy(), expected.detach().cpu().numpy())
    assert (out.grad_fn is None) == (change == "grad_mode")


def test_parameter_updates_and_rebinding_are_seen():
    model = nn.Linear(3, 1)
    compiled = ember.compile(model)
    x = ember.randn(2, 3)
    compiled(x).sum().backward()
    compiled(x)
    with ember.no_grad():
        model.weight.add_(1.0)  # in place: the plan reads the same array
    assert np.array_equal(compiled(x).detach().cpu().numpy(), model(x).detach().cpu().numpy())
    model.weight = nn.Parameter(ember.zeros(1, 3))  # a new parameter: a new signature
    assert np.array_equal(compiled(x).detach().cpu().numpy(),
                          model.bias.detach().cpu().numpy()[None].repeat(2, 0))


def test_fullgraph_raises_unsupported_for_a_break():
    compiled = ember.compile(Branchy(), fullgraph=True)
    with pytest.raises(ember._dynamo.exc.Unsupported, match=r"\.item\(\)"):
        compiled(*_batch("Branchy", np.random.default_rng(0)))


def _both_branches(x):
    y = x * 2
    return y.relu().sum() if y.sum() > 0 else (y * y).sum()


def test_a_data_dependent_branch_gets_a_plan_per_path():
    """``bool(t)`` splits the plan at the read: each value of the condition gets its own
    plan of the same signature, and every call runs the one whose guard holds."""
    compiled = ember.compile(_both_branches)
    for sign in (1, -1, 1, -1, -1, 1):
        x = ember.randn(4, dtype=ember.float64).abs() * sign
        x.requires_grad_()
        out = compiled(x)
        out.backward()
        x2 = x.detach().requires_grad_()
        expected = _both_branches(x2)
        expected.backward()
        assert np.array_equal(out.detach().cpu().numpy(), expected.detach().cpu().numpy())
        assert np.array_equal(x.grad.cpu().numpy(), x2.grad.cpu().numpy())
    assert type(out.grad_fn).__name__ == "CompiledFunctionBackward"
    from ember._compile.explain import plans
    region = _region(compiled)
    assert [p.state for p in plans(region)] == ["ready", "ready"]
    assert len(region.plans) == 1 and region.break_reasons == []


def test_a_value_read_with_item_is_guarded_by_value():
    """A Python number from ``.item()`` enters the plan as a constant: the plan holds only for
    calls that read the same number; others get a new plan up to the recompile limit, then
    eager mode, always with eager's result."""
    def scaled(x):
        return x * x.sum().item()

    compiled = ember.compile(scaled, recompile_limit=3)
    x = ember.tensor([1.0, 2.0])
    for _ in range(3):
        assert compiled(x).tolist() == [3.0, 6.0]
    assert _region(compiled).captures == 1
    for scale in (2.0, 3.0, 4.0, 5.0, 1.0):
        assert compiled(x * scale).tolist() == (x * scale * (x * scale).sum()).tolist()
    assert _region(compiled).captures == 3


@pytest.mark.parametrize("read", ["tolist", "int", "index"])
def test_other_python_reads_are_guarded_too(read):
    def fn(x, n):
        if read == "tolist":
            count = len([v for v in n.tolist() if v > 0])
        elif read == "int":
            count = int(n.sum())
        else:
            count = [1, 2, 3, 4][n[0]]
        return x * count

    compiled = ember.compile(fn)
    x = ember.ones(2)
    for n in ([1, 2], [1, 2], [1, 2], [2, -1], [2, -1], [1, 2]):
        n = ember.tensor(n)
        assert compiled(x, n).tolist() == fn(x, n).tolist()
    from ember._compile.explain import plans
    assert [p.state for p in plans(_region(compiled))] == ["ready", "ready"]


@cpu_only(HOST_TRACE)
def test_a_plan_refused_by_its_check_is_not_captured_again_for_the_same_path():
    def leaky_branch(x):
        doubled = np.ndarray.view(x._data, np.ndarray) * 2  # past the trace: a constant
        y = x + ember.from_numpy(doubled)
        return y * 2 if y.sum() > 0 else y

    compiled = ember.compile(leaky_branch)
    for _ in range(5):
        x = ember.rand(3) + 0.5
        assert np.array_equal(compiled(x).cpu().numpy(), (6 * x).cpu().numpy())
    region = _region(compiled)
    assert region.captures == 1
    assert next(iter(region.plans.values())).state == _EAGER


def test_explain_reports_the_pieces_around_a_break():
    report = ember._dynamo.explain(_both_branches)(ember.ones(3))
    assert (report.graph_count, report.graph_break_count) == (2, 1)
    # On a device the value read is first copied to the host (a recorded ``.get()``).
    copy = ["ndarray.get"] if ember.ones(1).device.type == "cuda" else []
    # (ember's sum calls np.add.reduce, which reports no overflow warning of NumPy's own)
    assert report.ops_per_graph == [["multiply", "add.reduce", "greater", "ndarray.reshape",
                                     *copy], ["maximum", "add.reduce"]]
    assert [r.reason for r in report.break_reasons] == [
        "a Python number read from a tensor (.item())"]
    assert "Graph Count: 2" in str(report)


@pytest.mark.parametrize("body", ["inplace_input", "param_hook", "disable"])
def test_what_cannot_be_captured_runs_eagerly(body):
    weight = ember.randn(3, requires_grad=True)
    if body == "param_hook":
        weight.register_hook(lambda g: g * 2)

    @ember.compiler.disable
    def helper(t):
        return t + 1

    def fn(x):
        if body == "inplace_input":
            x.add_(1)
            return x * 2
        if body == "disable":
            return helper(x) * 2
        return x * 2

    x = ember.randn(3)
    expected = fn(x.clone())
    compiled = ember.compile(fn)
    outs = [compiled(x.clone()) for _ in range(3)]
    assert all(np.array_equal(o.cpu().numpy(), expected.cpu().numpy()) for o in outs)
    plans = list(_region(compiled).plans.values())
    # A write into an input that needs no gradient replays (tests/compile/test_fallbacks.py).
    assert (plans[0] is _EAGER) is (body == "disable")


def test_checks_inside_ops_are_replayed_and_fall_back_to_eager():
    """An op's own data check (embedding's index bounds) is re-run by the plan: a bad index in
    a later call raises eager mode's error instead of reading out of bounds."""
    emb = nn.Embedding(5, 2)
    compiled = ember.compile(emb)
    for _ in range(3):
        compiled(ember.tensor([1, 2]))
    bad = ember.tensor([1, 7])
    try:
        want = emb(bad)
    except IndexError as eager_error:
        with pytest.raises(IndexError) as compiled_error:
            compiled(bad)
        assert str(compiled_error.value) == str(eager_error)
    else:
        # On a device eager mode reads no index back: the row outside the table is NaN, and
        # the plan gives the same.
        assert emb.weight.device.type != "cpu"
        assert np.array_equal(compiled(bad).detach().cpu().numpy(),
                              want.detach().cpu().numpy(), equal_nan=True)


def test_recompile_limit_warns_and_runs_eagerly(caplog):
    compiled = ember.compile(lambda x: x * 2, recompile_limit=2)
    with caplog.at_level(logging.WARNING, logger="ember._dynamo"):
        outs = [compiled(ember.ones(n)) for n in range(1, 5)]
    assert [o.shape[0] for o in outs] == [1, 2, 3, 4]
    assert len(compiled._ember_region.plans) == 2
    assert "hit config.recompile_limit (2)" in caplog.text


def test_backward_twice_and_double_backward_raise_torchs_errors():
    compiled = ember.compile(lambda x: (x * x).sum())
    x = ember.randn(3, requires_grad=True)
    compiled(x).backward()
    loss = compiled(x)
    loss.backward(retain_graph=True)
    loss.backward()
    assert np.allclose(x.grad.cpu().numpy(), 6 * x.detach().cpu().numpy())
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        loss.backward()
    with pytest.raises(RuntimeError, match="does not currently support double backward"):
        ember.autograd.grad(compiled(x), x, create_graph=True)


def test_reset_and_explain():
    compiled = ember.compile(lambda x: (x * 2).sin())
    compiled(ember.ones(2))
    assert len(compiled._ember_region.plans) == 1
    ember.compiler.reset()
    assert len(compiled._ember_region.plans) == 0

    report = ember._dynamo.explain(ember.compiler.disable(lambda x: x + 1))(ember.ones(3))
    assert (report.graph_count, report.graph_break_count) == (0, 1)
    assert "Graph Break Count: 1" in str(report)
    report = ember._dynamo.explain(lambda x: (x * 2).sin())(ember.ones(3))
    assert (report.graph_count, report.op_count) == (1, 2)
    assert report.ops_per_graph == [["multiply", "sin"]]


@cpu_only(HOST_TRACE)
def test_is_compiling_is_true_only_while_capturing(capsys):
    # Written to stdout, not appended to a list nor printed: a changed list the region reaches
    # and a print() make the capture break (a plan replays no Python); a write is not seen.
    def fn(x):
        sys.stdout.write(f"{ember.compiler.is_compiling()}\n")
        return x + 1
    compiled = ember.compile(fn)
    capsys.readouterr()
    for _ in range(4):
        compiled(ember.ones(1))
    # The capture only: nothing read the data past the trace, so the plan is trusted without
    # an eager check, and replays run no Python.
    assert capsys.readouterr().out.split() == ["True"] and not ember.compiler.is_compiling()
    checked = ember.compile(fn, options={"validate": True})
    for _ in range(4):
        checked(ember.ones(1))
    # Asked for, the eager check on other values runs once before the plan is used.
    assert capsys.readouterr().out.split() == ["True", "False"]


@cpu_only(HOST_TRACE)
def test_a_value_computed_outside_the_recorded_calls_keeps_the_region_eager():
    """Data read past the trace (here through ndarray's own view, which the trace cannot see)
    would be baked into the plan as a constant: checking the plan against eager mode on other
    values before using it catches that, and the region stays eager and right."""
    def leaky(x):
        doubled = np.ndarray.view(x._data, np.ndarray) * 2
        return x + ember.from_numpy(doubled)

    compiled = ember.compile(leaky)
    for _ in range(4):
        x = ember.randn(3)
        assert np.array_equal(compiled(x).cpu().numpy(), (3 * x).cpu().numpy())
    entry = next(iter(compiled._ember_region.plans.values()))
    assert entry.state == _EAGER
    assert "the plan differed from eager mode on other values" in \
        compiled._ember_region.break_reasons


@pytest.mark.parametrize("fn", [
    lambda a, b: ember.linalg.solve(a, b),
    lambda a, b: ember.linalg.svdvals(a) * b,
    lambda a, b: a.topk(2).values.sum() * b,
    lambda a, b: a[[0, 2]][:, 1:] @ b[1:],
    lambda a, b: a[1, 2] * b,
    lambda a, b: a.max() * b + a.cumsum(0)[..., 1],
])
def test_more_ops_replay_with_eager_values_and_gradients(fn):
    compiled = ember.compile(fn)
    for _ in range(4):
        a = ember.randn(3, 3, dtype=ember.float64, requires_grad=True)
        b = ember.randn(3, dtype=ember.float64, requires_grad=True)
        out = compiled(a, b)
        out.sum().backward()
        a2, b2 = a.detach().requires_grad_(), b.detach().requires_grad_()
        expected = fn(a2, b2)
        expected.sum().backward()
        assert np.array_equal(out.detach().cpu().numpy(), expected.detach().cpu().numpy())
        assert np.array_equal(a.grad.cpu().numpy(), a2.grad.cpu().numpy())
        assert np.array_equal(b.grad.cpu().numpy(), b2.grad.cpu().numpy())
    assert next(iter(compiled._ember_region.plans.values())).state == "ready"


def test_the_capture_calls_graph_supports_retain_graph_and_create_graph():
    compiled = ember.compile(lambda x: (x * x * x).sum())
    x = ember.randn(3, dtype=ember.float64, requires_grad=True)
    loss = compiled(x)
    loss.backward(retain_graph=True)
    loss.backward()
    assert np.allclose(x.grad.cpu().numpy(), 6 * x.detach().cpu().numpy() ** 2)
    fresh = ember.compile(lambda x: (x * x * x).sum())
    (grad,) = ember.autograd.grad(fresh(x), x, create_graph=True)
    (second,) = ember.autograd.grad(grad.sum(), x)
    assert np.allclose(second.cpu().numpy(), 6 * x.detach().cpu().numpy())


def test_globals_closures_and_module_attributes_are_guarded():
    """Values the plan took as constants (a closed-over tensor, a module's float setting)
    give a new plan when they change, as eager mode would use the new value."""
    scale = ember.tensor([1.0, 2.0])

    def scaled(x):
        return x * scale

    compiled = ember.compile(scaled)
    x = ember.ones(2)
    for _ in range(3):
        assert compiled(x).tolist() == [1.0, 2.0]
    scale = ember.tensor([3.0, 4.0])  # read by scaled through its closure
    assert compiled(x).tolist() == [3.0, 4.0]

    class Scaled(nn.Module):
        def __init__(self):
            super().__init__()
            self.factor = 2.0

        def forward(self, x):
            return x * self.factor

    module = Scaled()
    compiled_module = ember.compile(module)
    for _ in range(3):
        assert compiled_module(x).tolist() == [2.0, 2.0]
    module.factor = 5.0
    assert compiled_module(x).tolist() == [5.0, 5.0]


def test_dead_temporaries_are_dropped_or_written_over():
    """An elementwise call writes over a temporary it reads for the last time (one buffer for
    a chain); a temporary that a live view still shows, or that backward saved, is kept; calls
    whose results nothing reads are not in the plan."""
    def fn(x):
        y = x * 2
        head = y[:2]           # a view of y, returned: y must keep its values
        z = (y + 1).sin()      # sin may write over y + 1, not over y
        unused = x.exp() * 3  # noqa: F841 - nothing reads it: not replayed
        return z * z, head

    compiled = ember.compile(fn)
    for _ in range(3):
        x = ember.randn(4, dtype=ember.float64, requires_grad=True)
        (z, head), (z2, head2) = compiled(x), fn(x)
        assert np.array_equal(z.detach().cpu().numpy(), z2.detach().cpu().numpy())
        assert np.array_equal(head.detach().cpu().numpy(), head2.detach().cpu().numpy())
        (z.sum() + head.sum()).backward()
        grad = x.grad.clone()
        x.grad = None
        (z2.sum() + head2.sum()).backward()
        assert np.array_equal(grad.cpu().numpy(), x.grad.cpu().numpy())
    x = ember.randn(4, dtype=ember.float64)  # no backward, so nothing is saved for it
    for _ in range(2):
        (z, head), (z2, head2) = compiled(x), fn(x)
        assert np.array_equal(z.cpu().numpy(), z2.cpu().numpy())
        assert np.array_equal(head.cpu().numpy(), head2.cpu().numpy())
    entry = list(_region(compiled).plans.values())[1]
    lines = entry.forward.source.splitlines()
    assert sum("out=" in line for line in lines) == 2  # sin over y + 1, z * z over sin's
    assert "out=" not in next(line for line in lines if ", 1)" in line)  # y + 1 keeps y
    from ember._compile.explain import _name
    called = [_name(step[0]) for step in entry.trace.steps]
    assert "sin" in called and "exp" not in called


def test_the_capture_frees_temporaries_as_eager_mode_does():
    """The capture call holds no array the code dropped: 20 temporaries of 1 MiB made one
    after another peak at a few MiB, as in eager mode (a capture that kept every array it
    recorded held all 20)."""
    import tracemalloc

    def f(x):
        for _ in range(20):
            x = x * 1.5
        return x

    compiled = ember.compile(f)
    x = ember.ones(1 << 17, dtype=ember.float64)
    tracemalloc.start()
    try:
        out = compiled(x)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20, peak
    assert np.array_equal(out.cpu().numpy(), f(x).cpu().numpy())
    assert np.array_equal(compiled(x).cpu().numpy(), f(x).cpu().numpy())


def _input_from_input(lib, compiled):
    """y, and x = 3 * y computed outside the region: both go in. The region's backward ends at
    x's edge; x's own history (back to y) is eager mode's to follow, once."""
    y = lib.tensor([1.0, 2.0, -0.5], dtype=lib.float64, requires_grad=True)
    w = lib.tensor([0.5, -1.0, 2.0], dtype=lib.float64, requires_grad=True)

    def f(a, b):
        return (a * b * w).sum() + (a.tanh() * b).sum()

    run = lib.compile(f) if compiled else f
    losses, grads = [], []
    for step in range(4):
        y.grad = w.grad = None
        x = y * (3.0 + step)
        loss = run(x, y)
        loss.backward()
        losses.append(loss.item())
        grads.append((y.grad.tolist(), w.grad.tolist()))
    return losses, grads


@requires_torch
def test_an_input_computed_from_another_input_gets_its_gradient_once():
    # The capture's backward ran x's history outside the region too, and the plan replayed
    # it: y's gradient counted the path through x twice.
    assert _input_from_input(ember, True) == _input_from_input(TORCH, False)
    assert _input_from_input(ember, True) == _input_from_input(ember, False)


_ALIAS_SCAN = """
import importlib, pkgutil, sys
import ember
from ember._compile import capture
for info in pkgutil.walk_packages(ember.__path__, "ember."):
    try:
        importlib.import_module(info.name)
    except Exception:  # a module needing an extra that is not installed
        pass
capture._TABLE.update(capture._replacements())
replaced = {id(f) for f in capture._TABLE}
patched = {(module.__name__, name) for module, name in capture._patched_sites()}
for module_name, module in sorted(sys.modules.items()):
    if module is None or not module_name.startswith("ember."):
        continue
    for name, value in sorted(vars(module).items()):
        if id(value) in replaced and (module_name, name) not in patched:
            print(module_name, name)
"""


def test_every_ember_global_bound_to_a_recorded_function_is_patched_during_a_capture():
    # A module that binds np.zeros, as_strided or a sampler under its own global (``from
    # numpy.lib.stride_tricks import as_strided``) must be in capture._ALIAS_SITES, or its calls
    # would make arrays the capture never sees. Run apart: it imports every ember module.
    import subprocess
    import sys
    found = subprocess.run([sys.executable, "-c", _ALIAS_SCAN], capture_output=True, text=True,
                           check=True)
    assert found.stdout == "", f"add these to capture._ALIAS_SITES:\n{found.stdout}"


def test_a_captures_objects_go_to_the_oldest_gc_generation_and_frozen_ones_stay_frozen():
    import gc

    def fn(x):
        return (x * 2).tanh().sum()
    x = ember.ones(4, requires_grad=True)
    compiled = ember.compile(fn)
    compiled(x).backward()
    entry = next(iter(compiled._ember_region.plans.values()))
    # The plan keeps its recorded steps for good: the young collections after the capture
    # need not go through them (see capture.gc_paused).
    assert any(o is entry.trace.steps for o in gc.get_objects(generation=2))
    assert not any(o is entry.trace.steps for o in gc.get_objects(generation=0))
    marker = [[]]
    gc.freeze()
    try:
        again = ember.compile(fn)
        again(x).backward()
        # The program's own frozen objects stay in the permanent generation, outside all
        # three that get_objects lists.
        assert not any(o is marker for o in gc.get_objects())
    finally:
        gc.unfreeze()
    assert any(o is marker for o in gc.get_objects())


def _step_forms(steps):
    """(callee, argument specs as values) of recorded steps, slots by index."""
    from ember._compile.capture import Const, Slot

    def form(spec):
        if type(spec) is Slot:
            return ("slot", spec.index)
        if type(spec) is Const:
            return ("const", repr(spec.value))
        if type(spec) in (tuple, list):
            return tuple(form(s) for s in spec)
        if type(spec) is dict:
            return tuple((k, form(v)) for k, v in spec.items())
        return repr(spec)
    return [(repr(fn), form(args), form(kwargs), form(out)) for fn, args, kwargs, out in steps]


def test_views_with_constant_arguments_record_the_steps_of_the_general_path(monkeypatch):
    # Indexing, reshapes, transposes and astype with constants take a short recording path
    # (Trace.call_method); it records what the general path (Trace.call) records, and an
    # index that reads a tensor (a boolean mask: its shape depends on the data) still takes
    # the general path and its guard.
    from ember._compile.capture import ShapeGuard, Trace

    def fn(x, m):
        y = x.reshape(3, 4)[1:, None, ::2].permute(0, 2, 1).reshape(2, 2)
        z = x.view(2, 6)[..., 1].double().float()
        return y.sum() + z.sum() + x[m > 0].sum()

    x = ember.randn(12, requires_grad=True)
    m = ember.tensor([1.0, -1.0] * 6)

    def recorded(compiled):
        out = compiled(x, m)
        out.backward()
        expected = fn(x.detach().requires_grad_(), m)
        assert np.array_equal(out.detach().cpu().numpy(), expected.detach().cpu().numpy())
        for _ in range(2):
            assert np.array_equal(compiled(x, m).detach().cpu().numpy(),
                                  expected.detach().cpu().numpy())
        entry = next(iter(compiled._ember_region.plans.values()))
        assert entry.state == "ready"
        return entry.trace.steps

    short = recorded(ember.compile(fn))
    monkeypatch.setattr(Trace, "call_method", lambda self, fn, args: self.call(fn, args, {}))
    general = recorded(ember.compile(fn))
    assert _step_forms(short) == _step_forms(general)
    assert any(type(step[0]) is ShapeGuard for step in short)  # the mask's guard
