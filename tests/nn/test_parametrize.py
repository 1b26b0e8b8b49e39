"""nn.utils.parametrize, parametrizations, the hook-based spectral_norm, fusion and
flatten_parameters, compared with torch."""
import copy
import pickle

import numpy as np
import pytest

import ember
from ember.nn.utils import parametrizations as P
from ember.nn.utils import parametrize
from tests.conftest import TORCH, requires_torch, seeded_on_cpu


def _both(build, steps=3, lr=0.1, inputs=(2, 5)):
    """Build the same seeded module in ember and torch, train a few SGD steps on the same
    data, and return (ember module, torch module) after checking outputs and weights."""
    results = []
    for lib in (ember, TORCH):
        module = seeded_on_cpu(lib, 0, lambda lib=lib: build(lib))
        optimizer = lib.optim.SGD(module.parameters(), lr=lr)
        x = lib.linspace(-1, 1, int(np.prod(inputs))).reshape(inputs)
        outputs = []
        for _ in range(steps):
            optimizer.zero_grad()
            out = module(x)
            (out ** 2).sum().backward()
            optimizer.step()
            outputs.append(out.detach().cpu().numpy().copy())
        results.append((module, outputs))
    (ours, ours_out), (theirs, theirs_out) = results
    np.testing.assert_allclose(np.stack(ours_out), np.stack(theirs_out), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(ours.weight.detach().cpu().numpy(),
                               theirs.weight.detach().cpu().numpy(),
                               rtol=1e-4, atol=1e-5)
    assert sorted(ours.state_dict()) == sorted(theirs.state_dict())
    return ours, theirs


@requires_torch
@pytest.mark.parametrize("shape", [(5, 3), (5, 5), (3, 5)])
@pytest.mark.parametrize("orthogonal_map", ["matrix_exp", "cayley", "householder"])
@pytest.mark.parametrize("trivialization", [True, False])
def test_orthogonal_trains_like_torch(shape, orthogonal_map, trivialization):
    def build(lib):
        module = lib.nn.Linear(shape[1], shape[0])
        return lib.nn.utils.parametrizations.orthogonal(
            module, orthogonal_map=orthogonal_map, use_trivialization=trivialization)
    ours, _ = _both(build, inputs=(2, shape[1]))
    weight = ours.weight.detach()
    gram = weight @ weight.T if shape[0] <= shape[1] else weight.T @ weight
    np.testing.assert_allclose(gram.cpu().numpy(), np.eye(min(shape)), atol=1e-5)
    assert type(ours).__name__ == "ParametrizedLinear"


@requires_torch
@pytest.mark.parametrize("dim", [0, 1])
def test_spectral_norm_parametrization_trains_like_torch(dim):
    def build(lib):
        return lib.nn.utils.parametrizations.spectral_norm(lib.nn.Linear(5, 4), dim=dim)
    ours, theirs = _both(build)
    ours.eval()
    theirs.eval()
    np.testing.assert_allclose(ours.weight.detach().cpu().numpy(),
                               theirs.weight.detach().cpu().numpy(),
                               rtol=1e-5, atol=1e-6)


@requires_torch
def test_spectral_norm_parametrization_on_transposed_conv_uses_dim_1():
    def build(lib):
        conv = lib.nn.ConvTranspose1d(2, 3, 3)
        return lib.nn.utils.parametrizations.spectral_norm(conv)
    _both(build, inputs=(1, 2, 4))


@requires_torch
@pytest.mark.parametrize("dim", [0, 1, None])
def test_weight_norm_parametrization_trains_like_torch(dim):
    def build(lib):
        return lib.nn.utils.parametrizations.weight_norm(lib.nn.Linear(5, 4), dim=dim)
    ours, theirs = _both(build)
    for name in ("original0", "original1"):
        np.testing.assert_allclose(
            getattr(ours.parametrizations.weight, name).detach().cpu().numpy(),
            getattr(theirs.parametrizations.weight, name).detach().cpu().numpy(), rtol=1e-5,
            atol=1e-6)


@requires_torch
@pytest.mark.parametrize("n_power_iterations", [1, 3])
def test_hook_spectral_norm_matches_torch_and_removes(n_power_iterations):
    def build(lib):
        return lib.nn.utils.spectral_norm(lib.nn.Conv1d(2, 3, 2),
                                          n_power_iterations=n_power_iterations)
    ours, theirs = _both(build, inputs=(1, 2, 4))
    assert sorted(dict(ours.named_buffers())) == ["weight_u", "weight_v"]
    for module in (ours, theirs):
        module.eval()
    x = np.linspace(-1, 1, 8, dtype=np.float32).reshape(1, 2, 4)
    np.testing.assert_allclose(ours(ember.tensor(x)).detach().cpu().numpy(),
                               theirs(TORCH.tensor(x)).detach().cpu().numpy(), rtol=1e-5, atol=1e-6)
    ember.nn.utils.remove_spectral_norm(ours)
    TORCH.nn.utils.remove_spectral_norm(theirs)
    assert sorted(dict(ours.named_parameters())) == sorted(dict(theirs.named_parameters()))
    np.testing.assert_allclose(ours.weight.detach().cpu().numpy(),
                               theirs.weight.detach().cpu().numpy(),
                               rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="spectral_norm of 'weight' not found"):
        ember.nn.utils.remove_spectral_norm(ours)


def test_hook_spectral_norm_refuses_a_second_hook():
    module = ember.nn.utils.spectral_norm(ember.nn.Linear(3, 3))
    with pytest.raises(RuntimeError, match="Cannot register two spectral_norm hooks"):
        ember.nn.utils.spectral_norm(module)


class _Symmetric(ember.nn.Module):
    def forward(self, X):
        return X.triu() + X.triu(1).transpose(-1, -2)

    def right_inverse(self, A):
        return A.triu()


class _Double(ember.nn.Module):
    def forward(self, X):
        return 2 * X


def test_register_parametrization_composes_and_assigns():
    module = ember.nn.Linear(3, 3)
    original = module.weight
    parametrize.register_parametrization(module, "weight", _Symmetric())
    assert parametrize.is_parametrized(module) and parametrize.is_parametrized(module, "weight")
    assert not parametrize.is_parametrized(module, "bias")
    assert parametrize.type_before_parametrizations(module) is ember.nn.Linear
    assert module.parametrizations.weight.original is original
    weight = module.weight
    np.testing.assert_allclose(weight.detach().cpu().numpy(), weight.detach().cpu().numpy().T)
    parametrize.register_parametrization(module, "weight", _Double())
    np.testing.assert_allclose(module.weight.detach().cpu().numpy(),
                               2 * weight.detach().cpu().numpy())
    target = ember.tensor([[1.0, 2.0, 3.0], [2.0, 4.0, 5.0], [3.0, 5.0, 6.0]])
    with pytest.raises(RuntimeError, match="parametrization _Double does not implement "
                                           "right_inverse"):
        module.weight = target
    module.weight.sum().backward()
    assert original.grad is not None


def test_assignment_goes_through_right_inverse():
    module = ember.nn.Linear(3, 3)
    parametrize.register_parametrization(module, "weight", _Symmetric())
    target = ember.tensor([[1.0, 2.0, 3.0], [2.0, 4.0, 5.0], [3.0, 5.0, 6.0]])
    module.weight = target
    np.testing.assert_allclose(module.weight.detach().cpu().numpy(), target.cpu().numpy())
    np.testing.assert_allclose(module.parametrizations.weight.original.detach().cpu().numpy(),
                               np.triu(target.cpu().numpy()))


def test_cached_computes_once():
    calls = []

    class Counting(ember.nn.Module):
        def forward(self, X):
            calls.append(1)
            return X * 1

    module = ember.nn.Linear(2, 2)
    parametrize.register_parametrization(module, "weight", Counting())
    calls.clear()
    with parametrize.cached():
        first, second = module.weight, module.weight
    assert first is second and len(calls) == 1
    module.weight
    assert len(calls) == 2


@pytest.mark.parametrize("leave", [True, False])
def test_remove_parametrizations_restores_the_class(leave):
    module = ember.nn.Linear(3, 3)
    parametrize.register_parametrization(module, "weight", _Symmetric())
    parametrized = module.weight.detach().cpu().numpy().copy()
    original = module.parametrizations.weight.original.detach().cpu().numpy().copy()
    parametrize.remove_parametrizations(module, "weight", leave_parametrized=leave)
    assert type(module) is ember.nn.Linear
    assert not hasattr(module, "parametrizations")
    assert isinstance(module.weight, ember.nn.Parameter)
    np.testing.assert_allclose(module.weight.detach().cpu().numpy(),
                               parametrized if leave else original)
    with pytest.raises(ValueError, match="does not have a parametrization on weight"):
        parametrize.remove_parametrizations(module, "weight")


def test_remove_weight_norm_parametrization_needs_leave_parametrized():
    module = P.weight_norm(ember.nn.Linear(3, 2))
    with pytest.raises(ValueError, match="Cannot leave unparametrized"):
        parametrize.remove_parametrizations(module, "weight", leave_parametrized=False)
    weight = module.weight.detach().cpu().numpy().copy()
    parametrize.remove_parametrizations(module, "weight")
    np.testing.assert_allclose(module.weight.detach().cpu().numpy(), weight, rtol=1e-6)


def test_parametrized_module_pickles_only_through_state_dict_and_deep_copies():
    module = P.orthogonal(ember.nn.Linear(3, 3))
    with pytest.raises(RuntimeError, match="only supported through state_dict"):
        pickle.dumps(module)
    clone = copy.deepcopy(module)
    np.testing.assert_allclose(clone.weight.detach().cpu().numpy(),
                               module.weight.detach().cpu().numpy())
    assert clone.parametrizations.weight.original is not module.parametrizations.weight.original


@requires_torch
def test_errors_match_torch():
    class Shrink:
        def __call__(self, lib):
            class Cut(lib.nn.Module):
                def forward(self, X):
                    return X[:1]
            return Cut()

    cases = [
        lambda lib: lib.nn.utils.parametrize.register_parametrization(
            lib.nn.Linear(2, 2), "nothing", lib.nn.Identity()),
        lambda lib: lib.nn.utils.parametrize.register_parametrization(
            lib.nn.Linear(2, 2), "weight", Shrink()(lib)),
        lambda lib: lib.nn.utils.parametrizations.orthogonal(lib.nn.Linear(2, 2), "bias"),
        lambda lib: lib.nn.utils.parametrizations.orthogonal(lib.nn.Linear(2, 2), "weight",
                                                             "qr"),
        lambda lib: lib.nn.utils.parametrizations.spectral_norm(lib.nn.Linear(2, 2), dim=3),
        lambda lib: lib.nn.utils.parametrizations.spectral_norm(lib.nn.Linear(2, 2),
                                                                n_power_iterations=0),
    ]
    for case in cases:
        with pytest.raises(Exception) as theirs:
            case(TORCH)
        with pytest.raises(type(theirs.value)) as ours:
            case(ember)
        message = str(theirs.value).split("(")[0] if "Module '" in str(theirs.value) \
            else str(theirs.value)
        assert str(ours.value).replace("ember.", "torch.").startswith(message)


@requires_torch
@pytest.mark.parametrize("kind", ["conv", "conv_transpose", "linear", "linear_one_feature"])
def test_fusion_matches_torch(kind):
    outputs = []
    for lib in (ember, TORCH):
        def build(lib=lib):
            if kind == "conv":
                return lib.nn.Conv2d(2, 3, 3), lib.nn.BatchNorm2d(3), lib.randn(2, 2, 5, 5)
            if kind == "conv_transpose":
                return (lib.nn.ConvTranspose2d(2, 3, 3, bias=False), lib.nn.BatchNorm2d(3),
                        lib.randn(2, 2, 4, 4))
            if kind == "linear":
                return lib.nn.Linear(4, 3), lib.nn.BatchNorm1d(3), lib.randn(6, 4)
            return lib.nn.Linear(4, 3), lib.nn.BatchNorm1d(1), lib.randn(6, 1, 4)

        def drawn(lib=lib):
            layer, bn, x = build()
            bn(layer(x))
            with lib.no_grad():
                bn.weight.uniform_(0.5, 2.0)
                bn.bias.uniform_(-1.0, 1.0)
            return layer, bn, x

        layer, bn, x = seeded_on_cpu(lib, 0, drawn)
        layer.eval()
        bn.eval()
        if kind.startswith("conv"):
            fused = lib.nn.utils.fuse_conv_bn_eval(layer, bn,
                                                   transpose=kind == "conv_transpose")
        else:
            fused = lib.nn.utils.fuse_linear_bn_eval(layer, bn)
        expected = bn(layer(x)).detach().cpu().numpy()
        np.testing.assert_allclose(fused(x).detach().cpu().numpy(), expected, rtol=1e-4, atol=1e-5)
        assert isinstance(fused.weight, lib.nn.Parameter) and fused is not layer
        outputs.append(expected)
    np.testing.assert_allclose(outputs[0], outputs[1], rtol=1e-4, atol=1e-5)


def test_fusion_refuses_training_mode():
    with pytest.raises(AssertionError, match="Fusion only for eval!"):
        ember.nn.utils.fuse_conv_bn_eval(ember.nn.Conv2d(1, 2, 1), ember.nn.BatchNorm2d(2))
    with pytest.raises(AssertionError, match="linear.out_features == bn.num_features"):
        ember.nn.utils.fuse_linear_bn_eval(ember.nn.Linear(2, 3).eval(),
                                           ember.nn.BatchNorm1d(2).eval())


@pytest.mark.parametrize("cls", ["RNN", "LSTM", "GRU"])
def test_flatten_parameters_leaves_the_weights_alone(cls):
    module = getattr(ember.nn, cls)(3, 4, num_layers=2)
    before = {name: p.detach().cpu().numpy().copy() for name, p in module.named_parameters()}
    assert module.flatten_parameters() is None
    for name, p in module.named_parameters():
        np.testing.assert_array_equal(p.detach().cpu().numpy(), before[name])
