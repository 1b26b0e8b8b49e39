"""Models from real programs, compiled and eager side by side, step by step: what used to keep
them eager (a policy returning a ``Categorical``, a max-pooling CNN whose backward scatters
with ``bincount``) or made the compiled run fail (a BatchNorm model called twice before one
backward, lazy modules, rotary embeddings through complex views) now gives eager mode's
samples, values and gradients bit for bit."""
from __future__ import annotations

import collections
import dataclasses

import numpy as np
import pytest
from conftest import TORCH, cpu_only, requires_torch

import ember
from ember import nn
from ember.distributions import Categorical, Normal


def _same(a, b):
    return np.array_equal(a.detach().cpu().numpy(), b.detach().cpu().numpy())


def _pair(make):
    ember.manual_seed(0)
    model = make()
    twin = make()
    twin.load_state_dict(model.state_dict())
    return model, twin


def _region(compiled):
    return compiled._ember_region


class ActorCritic(nn.Module):
    def __init__(self):
        super().__init__()
        self.pi = nn.Sequential(nn.Linear(4, 16), nn.Tanh(), nn.Linear(16, 3))
        self.v = nn.Linear(4, 1)

    def forward(self, obs):
        return Categorical(logits=self.pi(obs)), self.v(obs).squeeze(-1)


# A global named as an attribute the forward reads (``self.v``): not a global it reads.
v = ember.zeros(1)


def test_a_policy_returning_a_categorical_replays_and_trains_as_in_eager_mode():
    global v
    model, twin = _pair(ActorCritic)
    compiled = ember.compile(model)
    opts = [ember.optim.Adam(m.parameters(), lr=1e-2) for m in (model, twin)]
    for step in range(5):
        obs = ember.randn(6, 4)
        results = []
        for run, opt in ((compiled, opts[0]), (twin, opts[1])):
            dist, value = run(obs)
            ember.manual_seed(100 + step)
            action = dist.sample()
            logp = dist.log_prob(action)
            loss = -(logp * (1.0 - value.detach())).mean() + value.pow(2).mean() \
                - 0.01 * dist.entropy().mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            results.append((dist, value, action, logp, loss))
        (dist, value, action, logp, loss), (dist2, value2, action2, logp2, loss2) = results
        assert type(dist) is Categorical and dist.logits is dist._param
        assert dist.batch_shape == dist2.batch_shape and dist._num_events == 3
        for a, b in ((dist.logits, dist2.logits), (dist.probs, dist2.probs), (value, value2),
                     (action, action2), (logp, logp2), (loss, loss2)):
            assert _same(a, b), step
        for p, q in zip(model.parameters(), twin.parameters()):
            assert _same(p, q), step
        v = ember.full((1,), float(step))  # rebinding the global is no new signature
    region = _region(compiled)
    assert region.break_reasons == []
    assert region.captures == 1
    assert type(dist.logits.grad_fn).__name__ == "CompiledFunctionBackward"


def test_a_distribution_holding_another_comes_back_with_every_tensor_replayed():
    ember.manual_seed(1)
    lin = nn.Linear(3, 4)

    def make(x):
        h = lin(x)
        return ember.distributions.Independent(Normal(h, h.exp()), 1), h

    compiled = ember.compile(make)
    for _ in range(3):
        x = ember.randn(2, 3)
        dist, h = compiled(x)
        expected, h2 = make(x)
        assert type(dist.base_dist) is Normal
        assert (dist.base_dist.loc is h) == (expected.base_dist.loc is h2)
        ember.manual_seed(5)
        s = dist.rsample()
        ember.manual_seed(5)
        s2 = expected.rsample()
        assert _same(s, s2) and _same(dist.log_prob(s), expected.log_prob(s2))
        grads = ember.autograd.grad(dist.log_prob(s).sum(), [lin.weight])
        grads2 = ember.autograd.grad(expected.log_prob(s2).sum(), [lin.weight])
        assert _same(grads[0], grads2[0])
    assert _region(compiled).break_reasons == [] and _region(compiled).captures == 1


Out = collections.namedtuple("Out", "logits aux")


@dataclasses.dataclass
class Result:
    loss: object
    logits: object
    note: str = "ok"


def test_named_tuples_and_dataclasses_are_outputs_rebuilt_at_every_call():
    ember.manual_seed(2)
    lin = nn.Linear(3, 2)

    def named(x):
        y = lin(x)
        return Out(y, {"same": y, "size": y.shape})

    def record(x):
        y = lin(x)
        return Result(y.pow(2).mean(), y)

    for fn in (named, record):
        compiled = ember.compile(fn)
        for _ in range(3):
            x = ember.randn(5, 3)
            got, expected = compiled(x), fn(x)
            assert type(got) is type(expected)
            if fn is named:
                assert got.aux["same"] is got.logits and got.aux["size"] == expected.aux["size"]
                loss, loss2 = got.logits.sum(), expected.logits.sum()
            else:
                assert got.note == "ok" and got is not expected
                loss, loss2 = got.loss, expected.loss
            assert _same(loss, loss2)
            lin.zero_grad()
            loss.backward()
            grad = lin.weight.grad.clone()
            lin.zero_grad()
            loss2.backward()
            assert _same(grad, lin.weight.grad)
        assert _region(compiled).break_reasons == [] and _region(compiled).captures == 1


def _resnetish():
    return nn.Sequential(nn.Conv2d(2, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(),
                         nn.MaxPool2d(3, 2, padding=1), nn.Conv2d(4, 4, 3, padding=1),
                         nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 3))


@pytest.mark.parametrize("dtype", [ember.float32, ember.float64])
def test_a_max_pooling_cnn_whose_backward_scatters_with_bincount_replays_its_backward(dtype):
    model, twin = _pair(_resnetish)
    model.to(dtype)
    twin.to(dtype)
    compiled = ember.compile(model)
    opts = [ember.optim.SGD(m.parameters(), lr=0.1, momentum=0.9) for m in (model, twin)]
    for step in range(4):
        x = ember.randn(4, 2, 9, 9, dtype=dtype)
        target = ember.randint(0, 3, (4,))
        losses = []
        for run, opt in ((compiled, opts[0]), (twin, opts[1])):
            loss = nn.functional.cross_entropy(run(x), target)
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss)
        assert _same(*losses), step
        for p, q in zip(model.parameters(), twin.parameters()):
            assert _same(p.grad, q.grad) and _same(p, q), step
        for p, q in zip(model.buffers(), twin.buffers()):
            assert _same(p, q), step
    region = _region(compiled)
    assert region.break_reasons == [] and region.captures == 1
    entry = next(iter(region.plans.values()))
    assert entry.state == "ready" and entry.backward is not None


def test_a_batchnorm_model_called_twice_before_one_backward_trains_as_in_eager_mode():
    # SimCLR's two views: the running statistics change in the second call, which the first
    # call's backward never reads, so eager mode raises nothing and neither does the plan.
    def make():
        return nn.Sequential(nn.Linear(5, 8), nn.BatchNorm1d(8), nn.ReLU(inplace=True),
                             nn.Linear(8, 4))

    model, twin = _pair(make)
    compiled = ember.compile(model)
    opts = [ember.optim.SGD(m.parameters(), lr=0.1) for m in (model, twin)]
    for step in range(4):
        x = ember.randn(6, 5)
        losses = []
        for run, opt in ((compiled, opts[0]), (twin, opts[1])):
            a, b = run(x * 0.5), run(x + 0.1)
            loss = (a - b).pow(2).mean() + a.mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss)
        assert _same(*losses), step
        for p, q in zip(model.state_dict().values(), twin.state_dict().values()):
            assert _same(p, q), step
    assert _region(compiled).break_reasons == []


def test_the_replayed_backward_still_refuses_a_parameter_changed_in_place_after_the_call():
    model = nn.Sequential(nn.Linear(3, 3), nn.BatchNorm1d(3))
    compiled = ember.compile(model)
    compiled(ember.randn(4, 3)).sum().backward()
    out = compiled(ember.randn(4, 3))
    with ember.no_grad():
        model[0].weight.add_(1.0)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        out.sum().backward()


def test_lazy_modules_materialised_inside_the_first_compiled_call_keep_their_weights():
    def make():
        return nn.Sequential(nn.LazyConv2d(3, 3), nn.LazyBatchNorm2d(), nn.ReLU(),
                             nn.Flatten(), nn.LazyLinear(2))

    model, twin = make(), make()
    compiled = ember.compile(model)
    for step in range(3):
        x = ember.randn(2, 1, 5, 5)
        ember.manual_seed(step)  # the first call draws the weights it materialises
        out = compiled(x)
        ember.manual_seed(step)
        out2 = twin(x)
        assert _same(out, out2), step
        out.sum().backward()
        out2.sum().backward()
        for p, q in zip(model.parameters(), twin.parameters()):
            assert tuple(p.shape) == tuple(q.shape) and _same(p.grad, q.grad), step
    assert "a parameter or buffer given another array inside the region" in \
        _region(compiled).break_reasons


def test_rotary_embeddings_through_complex_views_replay_forward_and_backward():
    ember.manual_seed(4)
    lin = nn.Linear(8, 8, dtype=ember.float64)
    freqs = ember.polar(ember.ones(3, 4, dtype=ember.float64),
                        ember.outer(ember.arange(3, dtype=ember.float64),
                                    ember.linspace(0.1, 1.0, 4, dtype=ember.float64)))

    def rotate(x):
        h = lin(x)
        c = ember.view_as_complex(h.reshape(*h.shape[:-1], -1, 2))
        return ember.view_as_real(c * freqs).flatten(-2).tanh().sum()

    compiled = ember.compile(rotate)
    for step in range(3):
        x = ember.randn(3, 8, dtype=ember.float64, requires_grad=True)
        x2 = x.detach().requires_grad_()
        out, out2 = compiled(x), rotate(x2)
        grads = ember.autograd.grad(out, [x, lin.weight])
        grads2 = ember.autograd.grad(out2, [x2, lin.weight])
        assert _same(out, out2), step
        assert all(_same(a, b) for a, b in zip(grads, grads2)), step
    assert _region(compiled).break_reasons == [] and _region(compiled).captures == 1
    assert ember.autograd.gradcheck(compiled, (ember.randn(3, 8, dtype=ember.float64,
                                                           requires_grad=True),))


def test_under_a_flop_counter_a_compiled_model_runs_eagerly_and_is_counted_as_eager():
    from ember.utils.flop_counter import FlopCounterMode
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 4))
    compiled = ember.compile(model)
    x = ember.randn(5, 8)
    compiled(x).sum().backward()
    compiled(x).sum().backward()  # a replay from here on
    counts = []
    for run in (compiled, model):
        with FlopCounterMode(display=False) as counter:
            run(x).sum().backward()
        counts.append(counter.get_total_flops())
    assert counts[0] == counts[1] > 0
    assert any("TorchDispatchMode" in r for r in _region(compiled).break_reasons)


@requires_torch
def test_the_first_calls_grad_fn_is_named_as_torchs_compiled_node():
    previous = TORCH.distributions.Distribution._validate_args
    try:
        compiled = TORCH.compile(TORCH.nn.Linear(3, 2), backend="aot_eager")
        expected = type(compiled(TORCH.randn(2, 3)).grad_fn).__name__
    finally:
        TORCH.distributions.Distribution.set_default_validate_args(previous)
    ours = ember.compile(nn.Linear(3, 2))
    first = ours(ember.randn(2, 3))
    assert type(first.grad_fn).__name__ == expected == first.grad_fn.name()
    assert repr(first.grad_fn).startswith(f"<ember.autograd.function.{expected} object at ")
    first.sum().backward()
    assert type(ours(ember.randn(2, 3)).grad_fn).__name__ == expected


def test_an_ordered_dict_output_comes_back_as_one():
    ember.manual_seed(5)
    lin = nn.Linear(3, 2)

    def fn(x):
        y = lin(x)
        return collections.OrderedDict(last_hidden_state=y, pooled=y.mean(0))

    compiled = ember.compile(fn)
    for _ in range(3):
        x = ember.randn(4, 3)
        got, expected = compiled(x), fn(x)
        assert type(got) is collections.OrderedDict and list(got) == list(expected)
        assert all(_same(got[k], expected[k]) for k in got)
        grad = ember.autograd.grad(got["pooled"].sum(), [lin.weight])[0]
        assert _same(grad, ember.autograd.grad(expected["pooled"].sum(), [lin.weight])[0])
    assert _region(compiled).break_reasons == [] and _region(compiled).captures == 1


def test_a_sparse_embedding_gradient_stays_sparse_and_eager():
    # A sparse gradient is not an array the plan's backward makes: the capture breaks and
    # the gradient reaches the optimizer as eager mode gives it (it lost its layout before).
    def make():
        return nn.Sequential(nn.Embedding(10, 4, sparse=True), nn.Linear(4, 2))

    model, twin = _pair(make)
    compiled = ember.compile(model)
    opts = [ember.optim.SGD(m.parameters(), lr=0.1) for m in (model, twin)]
    for step in range(3):
        idx = ember.randint(0, 10, (5,))
        for run, opt in ((compiled, opts[0]), (twin, opts[1])):
            opt.zero_grad()
            run(idx).pow(2).sum().backward()
            assert run is twin or model[0].weight.grad.is_sparse
            opt.step()
        for p, q in zip(model.parameters(), twin.parameters()):
            assert _same(p, q), step
    assert "a gradient that is not an array the backward computed" in \
        _region(compiled).break_reasons


def test_self_attention_given_one_tensor_as_query_key_and_value_replays():
    model, twin = _pair(lambda: nn.MultiheadAttention(8, 2, batch_first=True,
                                                      dtype=ember.float64))
    compiled = ember.compile(model)
    for step in range(3):
        h = ember.randn(2, 5, 8, dtype=ember.float64, requires_grad=True)
        h2 = h.detach().requires_grad_()
        out, out2 = compiled(h, h, h)[0], twin(h2, h2, h2)[0]
        out.pow(2).sum().backward()
        out2.pow(2).sum().backward()
        assert _same(out, out2) and _same(h.grad, h2.grad), step
        for p, q in zip(model.parameters(), twin.parameters()):
            assert _same(p.grad, q.grad), step
    # Other tensors in the same places are another signature, not the same plan.
    h, k = ember.randn(2, 5, 8, dtype=ember.float64), ember.randn(2, 5, 8, dtype=ember.float64)
    assert _same(compiled(h, k, k)[0], twin(h, k, k)[0])
    assert _same(compiled(h, k, h)[0], twin(h, k, h)[0])
    region = _region(compiled)
    assert region.break_reasons == [] and region.captures == 3
    x = ember.randn(3, 8, dtype=ember.float64, requires_grad=True)
    assert ember.autograd.gradcheck(lambda t: compiled(t, t, t)[0], (x,))


class _Block(nn.Module):
    def __init__(self, counted=False):
        super().__init__()
        self.norm = nn.LayerNorm(8)
        self.mlp = nn.Sequential(nn.Linear(8, 16), nn.GELU(), nn.Dropout(0.2), nn.Linear(16, 8))
        if counted:
            self.register_buffer("calls", ember.zeros(()))

    def forward(self, x):
        if hasattr(self, "calls"):
            self.calls += 1  # the recompute in backward counts again
        return x + self.mlp(self.norm(x))


class _Checkpointed(nn.Module):
    def __init__(self, counted=False):
        super().__init__()
        self.blocks = nn.ModuleList([_Block(counted), _Block(counted)])
        self.head = nn.Linear(8, 3)

    def forward(self, x):
        for block in self.blocks:
            x = ember.utils.checkpoint.checkpoint(block, x, use_reentrant=False)
        return self.head(x)


@cpu_only("on the CUDA stand-in, ember.cuda.get_rng_state and fork_rng move the device's "
          "stream (torch's leave it), so eager checkpoint draws other dropout masks than the "
          "same blocks called plainly")
@pytest.mark.parametrize("counted", [False, True])
def test_checkpointed_blocks_compile_unless_their_recompute_changes_state(counted):
    # Blocks without buffers or hooks are recorded as they run (the plan keeps their
    # activations); a block that counts its calls in a buffer stays eager, where the
    # recompute in backward counts a second time.
    model, twin = _pair(lambda: _Checkpointed(counted))
    compiled = ember.compile(model)
    for step in range(3):
        x = ember.randn(4, 8, requires_grad=True)
        x2 = x.detach().requires_grad_()
        ember.manual_seed(10 + step)  # the same dropout masks
        out = compiled(x)
        out.pow(2).sum().backward()
        state = ember.get_rng_state()
        ember.manual_seed(10 + step)
        out2 = twin(x2)
        out2.pow(2).sum().backward()
        assert _same(state, ember.get_rng_state()), step  # as many draws as eager mode
        assert _same(out, out2) and _same(x.grad, x2.grad), step
        for p, q in zip(model.state_dict().values(), twin.state_dict().values()):
            assert _same(p, q), step
        for p, q in zip(model.parameters(), twin.parameters()):
            assert _same(p.grad, q.grad), step
    region = _region(compiled)
    if counted:
        assert model.blocks[0].calls.item() == twin.blocks[0].calls.item() == 6
        assert region.break_reasons
    else:
        assert region.break_reasons == [] and region.captures == 1


def test_forward_mode_ad_through_a_compiled_module_gets_eager_tangents():
    # A replay carries no tangents: under a dual level the call runs eagerly (the session
    # recommender's linearize through its compiled layers printed zero responses).
    from ember.func import jvp, linearize
    ember.manual_seed(6)
    model = nn.Sequential(nn.Linear(4, 3), nn.Tanh(), nn.LayerNorm(3))
    compiled = ember.compile(model)
    x, t = ember.randn(2, 4), ember.randn(2, 4)
    compiled(x).sum().backward()
    compiled(x).sum().backward()  # replays from here on
    for _ in range(2):
        assert _same(jvp(compiled, (x,), (t,))[1], jvp(model, (x,), (t,))[1])
        out, fn = linearize(compiled, x)
        out2, fn2 = linearize(model, x)
        assert _same(out, out2) and _same(fn(t), fn2(t))
        assert fn(t).abs().sum().item() > 0
    assert any("forward-mode AD" in r for r in _region(compiled).break_reasons)


def test_a_packed_sequence_argument_is_captured_with_its_batch_sizes_guarded():
    from ember.nn.utils.rnn import pack_padded_sequence
    model, twin = _pair(lambda: nn.LSTM(3, 4, batch_first=True))
    compiled = ember.compile(model)
    for step in range(4):
        x = ember.randn(3, 5, 3)
        lengths = [5, 3, 2] if step % 2 == 0 else [4, 4, 1]  # two sets of batch sizes
        packed = pack_padded_sequence(x, lengths, batch_first=True)
        (out, (h, c)), (out2, (h2, c2)) = compiled(packed), twin(packed)
        assert type(out).__name__ == "PackedSequence"
        assert _same(out.data, out2.data) and _same(out.batch_sizes, out2.batch_sizes)
        assert _same(h, h2) and _same(c, c2), step
        (out.data.sum() + h.sum()).backward()
        (out2.data.sum() + h2.sum()).backward()
        for p, q in zip(model.parameters(), twin.parameters()):
            assert _same(p.grad, q.grad), step
    region = _region(compiled)
    assert region.break_reasons == [] and region.captures == 2


def test_a_sparse_argument_keeps_the_call_eager_and_says_so():
    ember.manual_seed(7)
    lin = nn.Linear(4, 4)
    adj = ember.eye(5).to_sparse()

    def propagate(a, h):
        return ember.sparse.mm(a, lin(h)).relu()

    compiled = ember.compile(propagate)
    h = ember.randn(5, 4)
    assert _same(compiled(adj, h), propagate(adj, h))
    assert _region(compiled).break_reasons == ["a sparse tensor argument or parameter"]


def test_the_same_value_given_to_another_keyword_is_another_signature():
    def scale_or_shift(x, a=1.0, b=0.0):
        return x * a + b

    compiled = ember.compile(scale_or_shift)
    x = ember.full((2,), 3.0)  # 6 scaled by 2, 5 shifted by 2
    for kwargs in ({"a": 2.0}, {"b": 2.0}, {"a": 2.0}, {"a": 2.0, "b": 2.0},
                   {"b": 2.0, "a": 2.0}):
        assert _same(compiled(x, **kwargs), scale_or_shift(x, **kwargs)), kwargs


def test_a_first_call_whose_outputs_are_dropped_before_backward_is_captured_again():
    # A program that first calls its model only to print a shape: that call's backward is
    # never recorded, and the signature used to stay eager for good.
    model, twin = _pair(lambda: nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 2)))
    compiled = ember.compile(model)
    x = ember.randn(3, 4)
    assert tuple(compiled(x).shape) == (3, 2)
    for step in range(3):
        out, out2 = compiled(x * step), twin(x * step)
        out.pow(2).sum().backward()
        out2.pow(2).sum().backward()
        assert _same(out, out2), step
        for p, q in zip(model.parameters(), twin.parameters()):
            assert _same(p.grad, q.grad), step
    region = _region(compiled)
    assert region.captures == 2 and region.break_reasons == []
    assert type(out.grad_fn).__name__ == "CompiledFunctionBackward"
    assert next(iter(region.plans.values())).state == "ready"


def test_forward_only_calls_with_grad_on_capture_at_most_three_times_and_match_eager():
    model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 2))
    compiled = ember.compile(model)
    for step in range(10):
        x = ember.randn(3, 4)
        assert _same(compiled(x), model(x)), step  # each output dropped at once
    assert _region(compiled).captures == 3 and _region(compiled).break_reasons == []
