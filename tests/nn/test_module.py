"""nn.Module, Parameter and the containers: registration, traversal, state_dict, hooks, reprs."""
from __future__ import annotations

import copy
import pickle
from collections import OrderedDict

import numpy as np
import pytest

import ember
from ember import nn
from tests.conftest import CPU_PRINTOUT, CPU_RNG, TORCH, cpu_only, requires_torch
from tests.nn._nn_helpers import assert_same_state, build_both, copy_weights, torch_text


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(2, 3)
        self.act = nn.ReLU()
        self.fc2 = nn.Linear(3, 1)
        self.register_buffer("steps", ember.zeros(1))
        self.register_buffer("scratch", ember.zeros(2), persistent=False)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


def nested(lib):
    """A model with nested containers of every kind, built from ``lib`` (ember or torch)."""
    nn_ = lib.nn
    return nn_.Sequential(OrderedDict([
        ("features", nn_.Sequential(nn_.Conv2d(1, 4, 3, padding=1), nn_.BatchNorm2d(4),
                                    nn_.ReLU(inplace=True), nn_.MaxPool2d(2))),
        ("flatten", nn_.Flatten()),
        ("blocks", nn_.ModuleList([nn_.Linear(16, 16) for _ in range(3)] + [nn_.Dropout(0.2)])),
        ("heads", nn_.ModuleDict({"cls": nn_.Linear(16, 10, bias=False),
                                  "norm": nn_.LayerNorm(16)})),
        ("embed", nn_.Embedding(10, 4, padding_idx=0)),
    ]))


# -- registration and traversal ---------------------------------------------------------------

def test_attributes_register_parameters_modules_buffers():
    net = Net()
    assert list(net._parameters) == []
    assert list(net._modules) == ["fc1", "act", "fc2"]
    assert [n for n, _ in net.named_parameters()] == ["fc1.weight", "fc1.bias", "fc2.weight",
                                                      "fc2.bias"]
    assert [n for n, _ in net.named_buffers()] == ["steps", "scratch"]
    assert list(net.state_dict()) == ["steps", "fc1.weight", "fc1.bias", "fc2.weight",
                                      "fc2.bias"]
    assert [n for n, _ in net.named_modules()] == ["", "fc1", "act", "fc2"]
    assert [n for n, _ in net.named_children()] == ["fc1", "act", "fc2"]
    assert all(isinstance(p, nn.Parameter) for p in net.parameters())
    assert [n for n, _ in net.named_parameters(recurse=False)] == []
    assert [n for n, _ in net.fc1.named_parameters(prefix="x")] == ["x.weight", "x.bias"]


def test_reassigning_and_deleting_members():
    net = Net()
    net.fc1 = None
    assert net.fc1 is None and "fc1" in net._modules
    net.extra = nn.Parameter(ember.ones(2))
    assert "extra" in net._parameters
    net.extra = None
    assert net._parameters["extra"] is None
    del net.extra
    assert "extra" not in net._parameters
    net.steps = ember.ones(1)
    assert net._buffers["steps"].item() == 1.0
    net.scratch = ember.ones(3)
    assert "scratch" in net._non_persistent_buffers_set
    net.plain = 3
    assert net.__dict__["plain"] == 3
    net.buf = nn.Buffer(ember.ones(1), persistent=False)
    assert "buf" in net._buffers and "buf" in net._non_persistent_buffers_set


def test_shared_parameters_listed_once_unless_asked():
    a = nn.Linear(2, 2)
    seq = nn.Sequential(a, a)
    assert len(list(seq.parameters())) == 2
    assert len(list(seq.named_parameters(remove_duplicate=False))) == 4
    assert [n for n, _ in seq.named_modules()] == ["", "0"]
    assert [n for n, _ in seq.named_modules(remove_duplicate=False)] == ["", "0", "1"]
    assert list(seq.state_dict()) == ["0.weight", "0.bias", "1.weight", "1.bias"]


@requires_torch
@pytest.mark.parametrize("action", [
    lambda nn_, m: m.register_parameter("w", nn_.Linear(1, 1)),
    lambda nn_, m: m.register_parameter("a.b", None),
    lambda nn_, m: m.register_parameter("", None),
    lambda nn_, m: m.register_parameter(3, None),
    lambda nn_, m: m.register_buffer("weight", None),
    lambda nn_, m: m.register_buffer("x", 3),
    lambda nn_, m: m.register_buffer("a.b", None),
    lambda nn_, m: m.add_module("weight", nn_.ReLU()),
    lambda nn_, m: m.add_module("x", 3),
    lambda nn_, m: m.add_module("a.b", nn_.ReLU()),
    lambda nn_, m: setattr(m, "weight", 3),
    lambda nn_, m: m.get_submodule("nope"),
    lambda nn_, m: m.get_parameter("nope"),
    lambda nn_, m: m.get_buffer("weight"),
    lambda nn_, m: m.nope,
    lambda nn_, m: m.train("yes"),
    lambda nn_, m: m.set_submodule("", nn_.ReLU()),
    lambda nn_, m: m.set_submodule("weight", nn_.ReLU()),
    lambda nn_, m: m.set_submodule("new", nn_.ReLU(), strict=True),
    lambda nn_, m: m.set_submodule("act", 3),
])
def test_registration_errors_match_torch(action):
    ours = theirs = None
    try:
        action(nn, nn.Linear(2, 3))
    except Exception as exc:  # noqa: BLE001 - the exception itself is compared below
        ours = exc
    try:
        action(TORCH.nn, TORCH.nn.Linear(2, 3))
    except Exception as exc:  # noqa: BLE001
        theirs = exc
    assert type(ours) is type(theirs)
    assert str(ours) == torch_text(str(theirs))


def test_non_leaf_parameter_and_early_assignment_errors():
    class Early(nn.Module):
        def __init__(self):
            self.w = nn.Parameter(ember.ones(1))

    with pytest.raises(AttributeError, match="cannot assign parameters before Module.__init__"):
        Early()
    leaf = ember.ones(2, requires_grad=True)
    with pytest.raises(TypeError, match="cannot assign 'ember.FloatTensor' as parameter 'weight'"):
        nn.Linear(2, 2).weight = leaf * 2
    with pytest.raises(NotImplementedError, match=r'Module \[Module\] is missing the required '
                                                  r'"forward" function'):
        nn.Module()(1)


def test_get_submodule_parameter_buffer():
    model = nested(ember)
    assert model.get_submodule("features.1") is model.features[1]
    assert model.get_parameter("heads.cls.weight") is model.heads["cls"].weight
    assert model.get_buffer("features.1.running_mean") is model.features[1].running_mean
    assert model.get_submodule("") is model
    relu = nn.ReLU()
    model.set_submodule("features.2", relu)
    assert model.features[2] is relu
    model.set_submodule("features.extra", nn.Tanh())
    assert list(model.features._modules)[-1] == "extra"


# -- modes, grads, conversions ------------------------------------------------------------------

def test_train_eval_zero_grad_requires_grad_apply():
    net = Net()
    assert net.training and net.fc1.training
    assert net.eval() is net and not net.fc1.training
    net.train()
    assert net.fc2.training
    net(ember.ones(4, 2)).sum().backward()
    assert net.fc1.weight.grad is not None
    net.zero_grad(set_to_none=False)
    assert np.all(net.fc1.weight.grad.cpu().numpy() == 0)
    net.zero_grad()
    assert net.fc1.weight.grad is None
    net.requires_grad_(False)
    assert not any(p.requires_grad for p in net.parameters())
    seen = []
    net.apply(lambda m: seen.append(type(m).__name__))
    assert seen == ["Linear", "ReLU", "Linear", "Net"]


def test_to_converts_in_place_and_keeps_parameter_objects():
    net = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))
    weight = net[0].weight
    net[0].weight.grad = ember.ones(2, 2)
    assert net.double() is net
    assert net[0].weight is weight and weight.dtype is ember.float64
    assert weight.grad.dtype is ember.float64
    assert net[1].running_mean.dtype is ember.float64
    assert net[1].num_batches_tracked.dtype is ember.int64
    net.to(ember.float32)
    assert weight.dtype is ember.float32
    net.to("cpu", dtype=ember.float16)
    assert weight.dtype is ember.float16
    net.float()
    assert weight.dtype is ember.float32
    with pytest.raises(TypeError, match="nn.Module.to only accepts floating point or complex "
                                        "dtypes, but got desired dtype=ember.int64"):
        net.to(ember.int64)


@requires_torch
def test_to_a_complex_dtype_warns_as_torch_does():
    import warnings

    def messages(lib, convert):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            module = convert(lib, lib.nn.Linear(2, 2))
        return module.weight.dtype, [(w.category, str(w.message)) for w in caught]

    for convert in (lambda lib, m: m.to(lib.complex64), lambda lib, m: m.to(dtype=lib.cdouble),
                    lambda lib, m: m.type(lib.complex64), lambda lib, m: m.to(lib.float64)):
        ours, theirs = messages(ember, convert), messages(TORCH, convert)
        assert str(ours[0]).split(".")[-1] == str(theirs[0]).split(".")[-1]
        assert ours[1] == theirs[1]


def test_deepcopy_gives_independent_module():
    net = Net()
    clone = copy.deepcopy(net)
    assert clone.fc1.weight is not net.fc1.weight
    assert isinstance(clone.fc1.weight, nn.Parameter)
    np.testing.assert_array_equal(clone.fc1.weight.detach().cpu().numpy(),
                                  net.fc1.weight.detach().cpu().numpy())
    with ember.no_grad():
        clone.fc1.weight.fill_(0)
    assert net.fc1.weight.abs().sum().item() > 0
    x = ember.ones(1, 2)
    np.testing.assert_array_equal(copy.deepcopy(net)(x).detach().cpu().numpy(),
                                  net(x).detach().cpu().numpy())


def test_pickle_round_trip_keeps_parameters():
    net = Net()
    clone = pickle.loads(pickle.dumps(net))
    assert isinstance(clone.fc1.weight, nn.Parameter) and clone.fc1.weight.requires_grad
    np.testing.assert_array_equal(clone.fc1.weight.detach().cpu().numpy(),
                                  net.fc1.weight.detach().cpu().numpy())
    assert "scratch" in clone._non_persistent_buffers_set


def test_dir_lists_members():
    net = Net()
    names = dir(net)
    for name in ("fc1", "steps", "forward", "training"):
        assert name in names
    assert "0" not in dir(nn.Sequential(nn.ReLU()))


# -- parameters ---------------------------------------------------------------------------------

@requires_torch
def test_parameter_repr_and_sharing():
    data = ember.tensor([1.0, 2.0])
    param = nn.Parameter(data)
    assert repr(nn.Parameter(data.cpu())) == \
        torch_text(repr(TORCH.nn.Parameter(TORCH.tensor([1.0, 2.0]))))
    assert param.requires_grad and param.is_leaf
    data.add_(1)
    assert param.tolist() == [2.0, 3.0]
    frozen = nn.Parameter(ember.ones(1, device="cpu"), requires_grad=False)  # a CPU printout
    assert repr(frozen) == torch_text(repr(TORCH.nn.Parameter(TORCH.ones(1),
                                                              requires_grad=False)))
    assert isinstance(copy.deepcopy(param), nn.Parameter)
    assert nn.Parameter().shape == (0,)
    with pytest.raises(RuntimeError, match="^Only Tensors of floating point and complex dtype can "
                                           "require gradients$"):
        nn.Parameter(ember.tensor([1]))
    assert repr(nn.Parameter(ember.tensor([1], device="cpu"), requires_grad=False)) == torch_text(
        repr(TORCH.nn.Parameter(TORCH.tensor([1]), requires_grad=False)))


# -- state_dict ---------------------------------------------------------------------------------

@requires_torch
def test_state_dict_keys_shapes_and_values_match_torch():
    ours, theirs = build_both(nested)
    assert_same_state(ours, theirs)
    assert isinstance(ours.state_dict(), OrderedDict)
    assert all(not v.requires_grad for v in ours.state_dict().values())
    kept = ours.state_dict(keep_vars=True)
    assert kept["blocks.0.weight"] is ours.blocks[0].weight


def test_state_dict_shares_memory_and_round_trips():
    a, b = Net(), Net()
    state = a.state_dict()
    result = b.load_state_dict(state)
    assert repr(result) == "<All keys matched successfully>"
    assert result.missing_keys == [] and result.unexpected_keys == []
    np.testing.assert_array_equal(a.fc1.weight.detach().cpu().numpy(),
                                  b.fc1.weight.detach().cpu().numpy())
    with ember.no_grad():
        a.fc1.weight.fill_(7)
    assert state["fc1.weight"].cpu().numpy()[0, 0] == 7
    assert b.fc1.weight.detach().cpu().numpy()[0, 0] != 7


@requires_torch
def test_load_state_dict_missing_unexpected_message_matches_torch():
    def attempt(lib, strict):
        model = nested(lib)
        state = model.state_dict()
        del state["blocks.1.bias"]
        del state["features.1.running_var"]
        state["blocks.9.weight"] = state["blocks.0.weight"]
        state["extra"] = state["blocks.0.bias"]
        try:
            return model.load_state_dict(state, strict=strict)
        except RuntimeError as exc:
            return exc

    ours, theirs = attempt(ember, True), attempt(TORCH, True)
    assert isinstance(ours, RuntimeError)
    assert str(ours) == torch_text(str(theirs))
    ours, theirs = attempt(ember, False), attempt(TORCH, False)
    assert ours == tuple(theirs) and repr(ours) == repr(theirs)


@requires_torch
def test_load_state_dict_size_mismatch_message_matches_torch():
    def attempt(lib):
        model = lib.nn.Sequential(lib.nn.Linear(2, 3))
        try:
            model.load_state_dict({"0.weight": lib.zeros(3, 4), "0.bias": lib.zeros(3)})
        except RuntimeError as exc:
            return str(exc)

    assert attempt(ember) == torch_text(attempt(TORCH))


def test_load_state_dict_assign_and_type_errors():
    net = nn.Linear(2, 2)
    new_weight = ember.ones(2, 2)
    net.load_state_dict({"weight": new_weight, "bias": ember.zeros(2)}, assign=True)
    assert isinstance(net.weight, nn.Parameter) and net.weight.requires_grad
    new_weight.add_(1)
    assert net.weight.detach().cpu().numpy()[0, 0] == 2
    with pytest.raises(TypeError, match="Expected state_dict to be dict-like, got <class 'list'>"):
        net.load_state_dict([])


@pytest.mark.parametrize("lib", ["ember", pytest.param("torch", marks=requires_torch)])
def test_assign_is_written_into_the_state_dicts_metadata(lib):
    """As torch does, load_state_dict(assign=True) marks the checkpoint's own metadata: a later
    load of the same state_dict object into a meta-device model assigns (no no-op warning),
    while a fresh state_dict copies in place and warns."""
    import warnings

    lib = ember if lib == "ember" else TORCH
    source = lib.nn.Sequential(lib.nn.Linear(2, 3), lib.nn.LayerNorm(3))
    state = source.state_dict()
    assert "assign_to_params_buffers" not in state._metadata["0"]
    with lib.device("meta"):
        first, second, third = (lib.nn.Sequential(lib.nn.Linear(2, 3), lib.nn.LayerNorm(3))
                                for _ in range(3))
    first.load_state_dict(state, assign=True)
    assert state._metadata["0"]["assign_to_params_buffers"] is True
    assert state._metadata[""]["assign_to_params_buffers"] is True
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        second.load_state_dict(state)
    assert caught == [] and not second[0].weight.is_meta
    assert lib.equal(second[1].bias, source[1].bias)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        third.load_state_dict(source.state_dict())
    assert third[0].weight.is_meta and len(caught) == 4
    assert "copying from a non-meta parameter" in str(caught[0].message)


@requires_torch
def test_batchnorm_state_dict_without_num_batches_tracked_loads():
    bn = nn.BatchNorm1d(3)
    state = bn.state_dict()
    del state["num_batches_tracked"]
    state._metadata[""]["version"] = 1
    assert bn.load_state_dict(state).missing_keys == []


# -- hooks --------------------------------------------------------------------------------------

@cpu_only(CPU_RNG)  # the seeded layers' weights
@requires_torch
def test_forward_hooks_order_arguments_and_replacement():
    def run(lib):
        events = []
        model = lib.nn.Linear(2, 2)
        model.register_forward_pre_hook(lambda m, args: events.append(("pre", len(args))))
        model.register_forward_pre_hook(lambda m, args: events.append("pre-first"),
                                        prepend=True)
        model.register_forward_pre_hook(lambda m, args, kwargs: events.append(
            ("pre-kw", sorted(kwargs))), with_kwargs=True)
        model.register_forward_pre_hook(lambda m, args: (args[0] * 2,))
        model.register_forward_hook(lambda m, args, out: events.append(("post", out.shape[0])))
        handle = model.register_forward_hook(lambda m, args, out: out + 100)
        model.register_forward_hook(lambda m, args, kwargs, out: events.append(
            ("post-kw", kwargs)), with_kwargs=True)
        first = model(lib.ones(1, 2)).detach().cpu().numpy().copy()
        handle.remove()
        second = model(lib.ones(1, 2)).detach().cpu().numpy().copy()
        return events, first, second

    ember.manual_seed(0)
    ours = run(ember)
    TORCH.manual_seed(0)
    theirs = run(TORCH)
    assert ours[0] == theirs[0]
    np.testing.assert_allclose(ours[1], theirs[1], rtol=1e-6)
    np.testing.assert_allclose(ours[2], theirs[2], rtol=1e-6)


@requires_torch
def test_always_called_forward_hook_runs_when_forward_raises():
    def run(lib):
        events = []

        class Failing(lib.nn.Module):
            def forward(self, x):
                raise ValueError("boom")

        model = Failing()
        model.register_forward_hook(lambda m, args, out: events.append(("always", out)),
                                    always_call=True)
        model.register_forward_hook(lambda m, args, out: events.append("normal"))
        with pytest.raises(ValueError, match="boom"):
            model(lib.ones(1))
        return events

    assert run(ember) == run(TORCH) == [("always", None)]


@cpu_only(CPU_RNG)  # the seeded layers' weights
@requires_torch
def test_full_backward_hooks_see_torch_gradients_in_torch_order():
    def run(lib):
        events = []
        lib.manual_seed(0)
        model = lib.nn.Sequential(lib.nn.Linear(3, 4), lib.nn.Tanh(), lib.nn.Linear(4, 2))

        def hook(name):
            def record(module, grad_input, grad_output):
                events.append((name, [None if g is None else g.detach().cpu().numpy().copy()
                                      for g in grad_input],
                               [g.detach().cpu().numpy().copy() for g in grad_output]))
            return record

        def pre_hook(name):
            def record(module, grad_output):
                events.append((name + "-pre", [], [g.detach().cpu().numpy().copy()
                                                   for g in grad_output]))
                return (grad_output[0] * 2,) if name == "tanh" else None
            return record

        for name, module in (("lin0", model[0]), ("tanh", model[1]), ("lin2", model[2]),
                             ("seq", model)):
            module.register_full_backward_hook(hook(name))
            module.register_full_backward_pre_hook(pre_hook(name))
        x = lib.tensor(np.linspace(-1, 1, 6).reshape(2, 3).astype(np.float32),
                       requires_grad=True)
        model(x).pow(2).sum().backward()
        return events, x.grad.cpu().numpy(), model[0].weight.grad.cpu().numpy()

    ours, theirs = run(ember), run(TORCH)
    assert [e[0] for e in ours[0]] == [e[0] for e in theirs[0]]
    for (_, gin_a, gout_a), (_, gin_b, gout_b) in zip(ours[0], theirs[0]):
        for a, b in zip(gin_a + gout_a, gin_b + gout_b):
            assert (a is None) == (b is None)
            if a is not None:
                np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ours[1], theirs[1], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ours[2], theirs[2], rtol=1e-5, atol=1e-6)


@requires_torch
@pytest.mark.parametrize("case", ["tuple_with_constant_output", "unused_output",
                                  "two_grad_inputs", "no_input_needs_grad"])
def test_full_backward_hooks_with_partial_gradients_match_torch(case):
    def values(grads):
        return [None if g is None else g.tolist() for g in grads]

    def run(lib):
        events = []

        class Module(lib.nn.Module):
            def forward(self, x, y):
                if case == "tuple_with_constant_output":
                    return x * 2, y * 3, 5
                if case == "unused_output":
                    return x * 2, x * 3
                if case == "two_grad_inputs":
                    return (x * y).sum(0)
                return y * 2

        model = Module()
        model.register_full_backward_hook(
            lambda m, grad_in, grad_out: events.append(("hook", values(grad_in),
                                                        values(grad_out))))
        model.register_full_backward_pre_hook(
            lambda m, grad_out: events.append(("pre", values(grad_out))))
        x = lib.ones(2, requires_grad=True)
        y = lib.full((2,), 2.0, requires_grad=case == "two_grad_inputs")
        out = model(x, y)
        first = out[0] if isinstance(out, tuple) else out
        if case == "no_input_needs_grad":
            (first * lib.ones(2, requires_grad=True)).sum().backward()
        else:
            first.sum().backward()
        return events

    assert run(ember) == run(TORCH)


def test_full_backward_hook_can_replace_grad_input_and_handles_no_grad_inputs():
    model = nn.Linear(2, 2)
    model.register_full_backward_hook(lambda m, gin, gout: (gin[0] * 0,))
    x = ember.ones(1, 2, requires_grad=True)
    model(x).sum().backward()
    assert x.grad.abs().sum().item() == 0
    seen = []
    other = nn.Linear(2, 2)
    other.register_full_backward_hook(lambda m, gin, gout: seen.append(gin))
    other(ember.ones(1, 2)).sum().backward()
    assert seen == [(None,)]
    assert other.weight.grad is not None
    with pytest.raises(RuntimeError, match="Cannot use both regular backward hooks and full "
                                           "backward hooks"):
        other.register_backward_hook(lambda *a: None)


def test_global_module_hooks_run_for_every_module_until_removed():
    seen = []
    pre = nn.modules.module.register_module_forward_pre_hook(
        lambda m, args: seen.append(("pre", type(m).__name__)))
    post = nn.modules.module.register_module_forward_hook(
        lambda m, args, out: seen.append(("post", type(m).__name__)))
    try:
        nn.Sequential(nn.Linear(2, 2), nn.ReLU())(ember.ones(1, 2))
    finally:
        pre.remove()
        post.remove()
    assert seen == [("pre", "Sequential"), ("pre", "Linear"), ("post", "Linear"),
                    ("pre", "ReLU"), ("post", "ReLU"), ("post", "Sequential")]
    nn.ReLU()(ember.ones(1))
    assert len(seen) == 6


@requires_torch
def test_legacy_backward_hook_sees_the_last_operation_gradients():
    def run(lib):
        lib.manual_seed(0)
        model = lib.nn.Linear(3, 2)
        events = []
        model.register_backward_hook(lambda m, grad_in, grad_out: events.append(
            ([None if g is None else tuple(g.shape) for g in grad_in],
             [g.tolist() for g in grad_out])))
        model(lib.ones(4, 3, requires_grad=True)).sum().backward()
        return events

    assert run(ember) == run(TORCH)


# -- reprs --------------------------------------------------------------------------------------

@requires_torch
def test_nested_model_repr_matches_torch():
    ours, theirs = build_both(nested)
    assert repr(ours) == torch_text(repr(theirs))
    assert str(Net()).startswith("Net(\n  (fc1): Linear(in_features=2, out_features=3, bias=True)")


@requires_torch
@pytest.mark.parametrize("build", [
    lambda lib: lib.nn.ModuleList([lib.nn.ReLU(), lib.nn.ReLU(), lib.nn.Tanh(), lib.nn.ReLU()]),
    lambda lib: lib.nn.ModuleList(),
    pytest.param(lambda lib: lib.nn.ParameterList([lib.nn.Parameter(lib.ones(2, 3)),
                                                   lib.zeros(4)]), marks=cpu_only(CPU_PRINTOUT)),
    pytest.param(lambda lib: lib.nn.ParameterDict({"b": lib.nn.Parameter(lib.ones(2)),
                                                   "a": lib.ones(1, 1)}),
                 marks=cpu_only(CPU_PRINTOUT)),
    lambda lib: lib.nn.Sequential(),
    lambda lib: lib.nn.ModuleDict({"x": lib.nn.Identity()}),
])
def test_container_reprs_match_torch(build):
    ours, theirs = build_both(build)
    assert repr(ours) == torch_text(repr(theirs))


# -- containers ---------------------------------------------------------------------------------

def test_sequential_indexing_slicing_and_editing():
    layers = [nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 1)]
    seq = nn.Sequential(*layers)
    assert len(seq) == 3 and seq[-1] is layers[2] and list(seq) == layers
    sub = seq[1:]
    assert isinstance(sub, nn.Sequential) and list(sub._modules) == ["1", "2"]
    seq.append(nn.Sigmoid())
    seq.insert(0, nn.Identity())
    assert [type(m).__name__ for m in seq] == ["Identity", "Linear", "ReLU", "Linear", "Sigmoid"]
    del seq[0]
    assert list(seq._modules) == ["0", "1", "2", "3"]
    seq[3] = nn.Tanh()
    assert isinstance(seq[3], nn.Tanh)
    assert seq.pop(3).__class__ is nn.Tanh and len(seq) == 3
    seq.extend([nn.ReLU()])
    assert len(seq) == 4 and len(seq + nn.Sequential(nn.ReLU())) == 5
    assert len(nn.Sequential(nn.ReLU()) * 3) == 3
    named = nn.Sequential(OrderedDict([("a", nn.Linear(2, 2)), ("b", nn.ReLU())]))
    assert list(named.state_dict()) == ["a.weight", "a.bias"]
    assert named(ember.ones(1, 2)).shape == (1, 2)
    with pytest.raises(IndexError, match="index 5 is out of range"):
        seq[5]


def test_module_list_and_dict():
    ml = nn.ModuleList([nn.ReLU(), nn.Tanh()])
    ml.append(nn.Sigmoid())
    ml += [nn.Identity()]
    ml.insert(1, nn.ELU())
    assert [type(m).__name__ for m in ml] == ["ReLU", "ELU", "Tanh", "Sigmoid", "Identity"]
    del ml[1]
    assert list(ml._modules) == ["0", "1", "2", "3"]
    assert isinstance(ml[1:], nn.ModuleList) and len(ml[1:]) == 3
    with pytest.raises(TypeError, match="ModuleList.extend should be called with an iterable, "
                                        "but got ReLU"):
        ml.extend(nn.ReLU())
    md = nn.ModuleDict({"b": nn.ReLU(), "a": nn.Tanh()})
    assert list(md) == ["b", "a"] and "a" in md and len(md) == 2
    md.update([("c", nn.Identity())])
    assert list(md.keys()) == ["b", "a", "c"]
    assert isinstance(md.pop("a"), nn.Tanh) and list(md) == ["b", "c"]
    with pytest.raises(ValueError, match="ModuleDict update sequence element #0 has length 1; 2 "
                                         "is required"):
        md.update([("x",)])


def test_parameter_list_and_dict():
    pl = nn.ParameterList([ember.ones(2), nn.Parameter(ember.zeros(3))])
    assert all(isinstance(p, nn.Parameter) for p in pl) and len(pl) == 2
    pl.append(ember.ones(1))
    assert [n for n, _ in pl.named_parameters()] == ["0", "1", "2"]
    assert len(pl[1:]) == 2
    pd = nn.ParameterDict({"z": ember.ones(1), "a": ember.ones(2)})
    assert list(pd) == ["a", "z"]
    pd["m"] = ember.zeros(1)
    assert isinstance(pd["m"], nn.Parameter) and "m" in pd
    assert [n for n, _ in pd.named_parameters()] == ["a", "z", "m"]
    pd.pop("z")
    assert list(pd.keys()) == ["a", "m"]
    with pytest.raises(RuntimeError, match="ParameterDict should not be called."):
        pd()
    with pytest.raises(TypeError, match="Index given to ParameterDict cannot be used as a key"):
        pd[0] = ember.ones(1)


@requires_torch
def test_trained_module_matches_torch_step_by_step():
    def build(lib):
        return lib.nn.Sequential(lib.nn.Linear(4, 8), lib.nn.Tanh(), lib.nn.Linear(8, 1))

    ours, theirs = build_both(build)
    copy_weights(ours, theirs)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((5, 4)).astype(np.float32)
    for _ in range(3):
        out_a = ours(ember.tensor(x)).pow(2).mean()
        out_b = theirs(TORCH.tensor(x)).pow(2).mean()
        out_a.backward()
        out_b.backward()
        with ember.no_grad():
            for p in ours.parameters():
                p.sub_(0.1 * p.grad)
        with TORCH.no_grad():
            for p in theirs.parameters():
                p.sub_(0.1 * p.grad)
        ours.zero_grad()
        theirs.zero_grad()
        np.testing.assert_allclose(out_a.item(), out_b.item(), rtol=1e-5)
    assert_same_state(ours, theirs, exact=False)


def _converted(lib, flag):
    """A Linear with a gradient, converted to float64 under one of torch.__future__'s
    switches: what stays the same object and what changes dtype."""
    setter = getattr(lib.__future__, f"set_{flag}_module_params_on_conversion") if flag else None
    if setter:
        setter(True)
    try:
        layer = lib.nn.Linear(3, 2)
        weight = layer.weight
        layer(lib.ones(1, 3)).sum().backward()
        grad = weight.grad
        layer.register_buffer("scale", lib.ones(2))
        scale = layer.scale
        layer.double()
        return (layer.weight is weight, str(weight.dtype), str(layer.weight.dtype),
                layer.weight.grad is grad, str(layer.weight.grad.dtype), str(grad.dtype),
                type(layer.weight).__name__, layer.weight.requires_grad, layer.scale is scale)
    finally:
        if setter:
            setter(False)


@requires_torch
@pytest.mark.parametrize("flag", [None, "overwrite", "swap"])
def test_module_conversion_future_switches_match_torch(flag):
    ours = _converted(ember, flag)
    theirs = _converted(TORCH, flag)
    assert ours == tuple(v.replace("torch.", "ember.") if isinstance(v, str) else v
                         for v in theirs)
    assert not ember.__future__.get_swap_module_params_on_conversion()
    assert not ember.__future__.get_overwrite_module_params_on_conversion()


def test_swapped_parameters_keep_training_with_their_optimizer():
    ember.__future__.set_swap_module_params_on_conversion(True)
    try:
        layer = nn.Linear(3, 2)
        optimizer = ember.optim.SGD(layer.parameters(), lr=0.5)
        layer.double()
        before = layer.weight.detach().clone()
        layer(ember.ones(1, 3, dtype=ember.float64)).sum().backward()
        optimizer.step()
    finally:
        ember.__future__.set_swap_module_params_on_conversion(False)
    # d(sum(W x + b))/dW = 1 for x = ones: every weight moves by -lr
    assert optimizer.param_groups[0]["params"][0] is layer.weight
    assert ember.equal(layer.weight, before - 0.5)
