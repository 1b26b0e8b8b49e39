"""What used to make a compiled region run eagerly and now replays: module forward hooks (run
again at each replay), in-place writes into inputs that need no gradient; and what must stay
right when it cannot: an input that requires grad written in place, parameters' ``.grad`` read
in the forward, a compiled ``optimizer.step``."""
from __future__ import annotations

import numpy as np
import pytest

import ember
from ember import nn
from ember._compile.region import _EAGER


def _plan(compiled):
    """The plan of the latest signature (the first call, before any ``.grad`` exists, has
    its own)."""
    return list(compiled._ember_region.plans.values())[-1]


def _pair(make):
    ember.manual_seed(0)
    model = make()
    twin = make()
    twin.load_state_dict(model.state_dict())
    return model, twin


def _mlp():
    return nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))


def _same(a, b):
    return np.array_equal(a.detach().cpu().numpy(), b.detach().cpu().numpy())


@pytest.mark.parametrize("kind", ["store", "pre_scale", "replace_output"])
def test_module_forward_hooks_run_at_every_replay_as_in_eager_mode(kind):
    model, twin = _pair(_mlp)
    seen = {id(model): [], id(twin): []}
    for m in (model, twin):
        log = seen[id(m)]
        if kind == "store":
            m[0].register_forward_hook(lambda mod, inp, out, log=log: log.append(out.clone()))
        elif kind == "pre_scale":
            m[2].register_forward_pre_hook(
                lambda mod, inp, log=log: (log.append(inp[0].sum()), (inp[0] * 2,))[1])
        else:
            m[1].register_forward_hook(lambda mod, inp, out, log=log: (log.append(1), out + 1)[1])
    compiled = ember.compile(model)
    for step in range(5):
        x = ember.randn(2, 3)
        ours, theirs = compiled(x), twin(x)
        assert _same(ours, theirs), step
        ours.sum().backward()
        theirs.sum().backward()
    assert _plan(compiled).state == "ready"
    assert len(seen[id(model)]) == len(seen[id(twin)]) == 5
    for a, b in zip(seen[id(model)], seen[id(twin)]):
        assert a == b if isinstance(a, int) else _same(a, b)
    for p, q in zip(model.parameters(), twin.parameters()):
        assert _same(p.grad, q.grad)


def test_an_activation_a_hook_keeps_is_never_overwritten_by_a_later_replay():
    model = nn.Sequential(nn.Linear(3, 3), nn.Tanh(), nn.Linear(3, 3), nn.Tanh())
    kept = []
    model[1].register_forward_hook(lambda mod, inp, out: kept.append(out))
    compiled = ember.compile(model)
    expected = []
    with ember.no_grad():
        for _ in range(4):
            x = ember.randn(2, 3)
            compiled(x)
            expected.append(model[0](x).tanh())  # not through model[1]: its hook
    assert len(kept) == 4 and all(_same(a, b) for a, b in zip(kept, expected))


def test_an_in_place_write_into_an_input_replays_and_moves_its_version():
    def fn(x, y):
        x.mul_(2)
        return x + y

    compiled = ember.compile(fn)
    for step in range(4):
        x, y = ember.randn(3), ember.randn(3)
        x2, y2 = x.clone(), y.clone()
        before = x._version
        out = compiled(x, y)
        expected = fn(x2, y2)
        assert _same(out, expected) and _same(x, x2), step
        assert x._version == before + 1
    assert _plan(compiled).state == "ready"
    assert not compiled._ember_region.break_reasons


def test_an_in_place_write_into_an_input_that_requires_grad_runs_eagerly():
    def fn(x):
        y = x * 1
        y.add_(1)
        return y

    def writes_input(x):
        x.add_(1)
        return x * 3

    compiled = ember.compile(writes_input)
    leaf = ember.randn(3, requires_grad=True)
    inner = leaf * 2  # a non-leaf: eager rebases its history onto the write
    out = compiled(inner)
    out.sum().backward()
    assert np.allclose(leaf.grad.cpu().numpy(), 6.0)
    assert any("requires grad" in r for r in compiled._ember_region.break_reasons)
    assert _plan(compiled) == _EAGER
    assert ember.compile(fn)(ember.ones(2)).tolist() == [2.0, 2.0]


def test_a_forward_that_reads_parameter_grads_follows_them():
    class ReadsGrad(nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = nn.Linear(3, 3)

        def forward(self, x):
            g = self.lin.weight.grad
            return self.lin(x) if g is None else self.lin(x) + g.sum()

    model, twin = _pair(ReadsGrad)
    compiled = ember.compile(model)
    opts = [ember.optim.SGD(m.parameters(), lr=0.1) for m in (model, twin)]
    for step in range(8):
        x = ember.randn(2, 3)
        ours, theirs = compiled(x), twin(x)
        assert _same(ours, theirs), step
        ours.sum().backward()
        theirs.sum().backward()
        for opt in opts:
            opt.step()
            if step % 3 == 2:
                opt.zero_grad()


@pytest.mark.parametrize("name", ["SGD", "Adam"])
def test_a_compiled_optimizer_step_gives_eager_parameters(name):
    model, twin = _pair(_mlp)
    opts = [getattr(ember.optim, name)(m.parameters(), lr=0.01) for m in (model, twin)]
    step = ember.compile(opts[0].step)
    for _ in range(4):
        x = ember.randn(5, 3)
        for m, opt, run in ((model, opts[0], step), (twin, opts[1], opts[1].step)):
            opt.zero_grad()
            m(x).pow(2).sum().backward()
            run()
    for p, q in zip(model.parameters(), twin.parameters()):
        assert _same(p, q)
    # The parameters are the optimizer's, not inputs the capture could trace: eager mode.
    from ember._compile.runtime import OPTIMIZER_REASON
    assert OPTIMIZER_REASON in step._ember_region.break_reasons


def test_a_region_whose_only_effect_is_on_a_tensor_it_does_not_take_runs_eagerly():
    # w is no input: its add_ runs on a plain array the capture never sees, so a plan would be
    # empty and each replay would skip the update.
    w = ember.zeros(3)

    def bump():
        w.add_(1)

    compiled = ember.compile(bump)
    for count in range(1, 4):
        assert compiled() is None
        assert w.tolist() == [float(count)] * 3
    from ember._compile.runtime import EMPTY_REASON
    assert EMPTY_REASON in compiled._ember_region.break_reasons


_COUNTER = ember.zeros(3)


def _count_and_double(x):
    _COUNTER.add_(1)
    return x * 2


class _Counting(ember.nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = ember.nn.Linear(3, 2)
        self.calls = ember.zeros(())  # a plain tensor attribute: no parameter, no buffer

    def forward(self, x):
        self.calls += 1
        return self.linear(x)


def test_an_in_place_write_into_a_tensor_the_region_does_not_take_runs_eagerly():
    # Beside recorded work, each call adds to a tensor read as a global (or a module's plain
    # tensor attribute) with no traced operand: plain array calls the capture cannot see. A
    # plan would return the right values and leave the counter as the capture left it.
    from ember._compile.runtime import FIXED_WRITE_REASON
    compiled = ember.compile(_count_and_double)
    x = ember.ones(3)
    for count in range(1, 4):
        assert compiled(x).tolist() == [2.0] * 3
        assert _COUNTER.tolist() == [float(count)] * 3
    assert FIXED_WRITE_REASON in compiled._ember_region.break_reasons
    module = _Counting()
    compiled = ember.compile(module)
    for count in range(1, 4):
        compiled(ember.randn(4, 3)).sum().backward()
        assert module.calls.item() == count
    assert FIXED_WRITE_REASON in compiled._ember_region.break_reasons


def test_a_cached_read_only_constant_from_one_capture_does_not_break_the_next():
    # ReLU's backward caches a read-only 0-d zero the first time it runs; made during one
    # region's capture, it is an array of that capture, met again by the next one.
    for _ in range(2):
        compiled = ember.compile(_mlp())
        for _ in range(3):
            compiled(ember.randn(2, 3)).sum().backward()
        assert _plan(compiled).state == "ready", compiled._ember_region.break_reasons


@pytest.mark.parametrize("hook", [
    lambda mod, inp, out: out.mul_(2),
    lambda mod, inp, out: out + ember.rand(out.shape),
])
def test_a_hook_that_writes_or_draws_runs_eagerly_so_it_acts_once(hook):
    model, twin = _pair(_mlp)
    for m in (model, twin):
        m[0].register_forward_hook(hook)
    compiled = ember.compile(model)
    for step in range(4):
        x = ember.randn(2, 3)
        ember.manual_seed(step)
        ours = compiled(x)
        ember.manual_seed(step)
        theirs = twin(x)
        assert _same(ours, theirs), step
    assert any("hook that writes" in r for r in compiled._ember_region.break_reasons)


def test_a_numpy_random_draw_in_the_region_breaks_the_capture_instead_of_replaying_memory():
    rng = np.random.default_rng(0)
    reference = np.random.default_rng(0)

    @ember.compile
    def noisy(x):
        return x * 2 + ember.from_numpy(rng.normal(size=3)).to(x.device)

    x = ember.ones(3, dtype=ember.float64)
    for _ in range(4):
        assert noisy(x).tolist() == (2 + reference.normal(size=3)).tolist()
    assert "NumPy random draw" in str(ember._dynamo.explain(noisy)(x).break_reasons)
