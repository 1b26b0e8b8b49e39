"""A compiled plain function that calls modules (``ember.compile(lambda x, y: loss(model(x),
y))``, as real training scripts write it): the modules' parameters and buffers are inputs of
its plan, as torch lifts them into the graph, so the loss and its backward are one plan and the
gradients reach the parameters' ``.grad``; the modules' flags, hooks and the names that find
them are part of the plan's signature."""
from __future__ import annotations

import numpy as np
import pytest

import ember
from ember import nn
from ember._compile.region import _EAGER

F = nn.functional


def _net(seed):
    ember.manual_seed(seed)
    return nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Dropout(0.25), nn.Linear(16, 3))


def _arrays(tensors):
    return [t.detach().cpu().numpy() for t in tensors]


def _plans(compiled):
    return list(compiled._ember_region.plans.values())


MODEL = _net(0)


def _global_loss(x, y):
    return F.cross_entropy(MODEL(x), y)


@pytest.mark.parametrize("reach", ["global", "closure"])
def test_a_compiled_loss_trains_the_modules_it_calls_as_eager_does(reach):
    global MODEL
    MODEL = _net(0)
    eager_model = _net(0)
    if reach == "global":
        compiled = ember.compile(_global_loss)
        model = MODEL
    else:
        model = _net(0)
        compiled = ember.compile(lambda x, y: F.cross_entropy(model(x), y))
    optimizers = [ember.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
                  for m in (eager_model, model)]
    rng = np.random.default_rng(1)
    for step in range(4):
        x = ember.tensor(rng.standard_normal((5, 6)).astype(np.float32))
        y = ember.tensor(rng.integers(0, 3, 5))
        losses = []
        for run, opt in zip((lambda a, b: F.cross_entropy(eager_model(a), b), compiled),
                            optimizers):
            ember.manual_seed(step)  # the same dropout masks
            opt.zero_grad()
            loss = run(x, y)
            loss.backward()
            opt.step()
            losses.append(loss.item())
        assert losses[0] == losses[1], (step, losses)
    for p, q in zip(_arrays(eager_model.parameters()), _arrays(model.parameters())):
        assert np.array_equal(p, q)
    plans = _plans(compiled)
    assert len(plans) == 1 and plans[0] is not _EAGER and plans[0].state == "ready"
    assert type(loss.grad_fn).__name__ == "CompiledFunctionBackward"
    # The loss's node hands each parameter's gradient to its AccumulateGrad, as eager does.
    assert {n.name() for n, _ in loss.grad_fn.next_functions} == {
        "ember::autograd::AccumulateGrad"}


def test_another_module_under_the_same_name_and_a_mode_switch_are_new_signatures():
    global MODEL
    MODEL = _net(0)
    compiled = ember.compile(_global_loss)
    x, y = ember.randn(4, 6), ember.tensor([0, 1, 2, 0])
    MODEL.eval()
    compiled(x, y)
    first = MODEL
    MODEL = _net(1).eval()
    assert compiled(x, y).item() == F.cross_entropy(MODEL(x), y).item()
    MODEL.train()
    ember.manual_seed(3)
    out = compiled(x, y)
    ember.manual_seed(3)
    assert out.item() == F.cross_entropy(MODEL(x), y).item()
    assert len(_plans(compiled)) == 3
    MODEL = first  # the first module again: its plan replays
    assert compiled(x, y).item() == F.cross_entropy(first(x), y).item()
    assert len(_plans(compiled)) == 3


def test_a_forward_hook_of_a_called_module_runs_at_every_replay():
    model = _net(0).eval()
    seen = []
    model[0].register_forward_hook(lambda module, args, out: seen.append(out.shape))
    compiled = ember.compile(lambda x: model(x).sum())
    x = ember.randn(2, 6)
    results = [compiled(x).item() for _ in range(3)]
    assert seen == [(2, 16)] * 3
    assert results == [model(x).sum().item()] * 3
    assert _plans(compiled)[0] is not _EAGER


def test_a_step_that_updates_the_parameters_inside_runs_eagerly_with_eager_results():
    """A whole training step compiled (backward and the optimizer inside): its writes into the
    parameters are writes into inputs that require grad, so it runs eagerly, as it must."""
    models = [_net(0).eval(), _net(0).eval()]
    optimizers = [ember.optim.SGD(m.parameters(), lr=0.1) for m in models]

    def train_step(x, y, model=models[1], opt=optimizers[1]):
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss.detach()

    compiled = ember.compile(train_step)
    x, y = ember.randn(4, 6), ember.tensor([0, 1, 2, 0])
    for _ in range(3):
        expected = train_step(x, y, models[0], optimizers[0])
        assert compiled(x, y).item() == expected.item()
    for p, q in zip(_arrays(models[0].parameters()), _arrays(models[1].parameters())):
        assert np.array_equal(p, q)


def test_a_compiled_loss_on_a_device_trains_as_eager_does_there(standin):
    """The same plan on a CUDA device (the stand-in): the parameters' gradients equal eager
    mode's on the device bit for bit, and stay there."""
    eager_model, model = _net(0).to("cuda"), _net(0).to("cuda")
    compiled = ember.compile(lambda x, y: F.cross_entropy(model(x), y))
    x = ember.randn(4, 6).to("cuda")
    y = ember.tensor([0, 1, 2, 0]).to("cuda")
    for step in range(3):
        ember.manual_seed(step)  # the same dropout masks, from the device's generator
        loss = compiled(x, y)
        loss.backward()
        ember.manual_seed(step)
        expected = F.cross_entropy(eager_model(x), y)
        expected.backward()
        assert loss.item() == expected.item(), step
    for p, q in zip(eager_model.parameters(), model.parameters()):
        assert q.grad.device == p.device
        assert np.array_equal(p.grad.cpu().numpy(), q.grad.cpu().numpy())
    region = compiled._ember_region
    assert region.break_reasons == []
    assert _plans(compiled)[0].state == "ready"
    assert type(loss.grad_fn).__name__ == "CompiledFunctionBackward"
