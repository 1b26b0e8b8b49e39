"""Names torch has in nn, nn.utils, optim, utils and testing that ember added late: Muon and
swap_in_optimizer_params_and_state (steps compared with torch), nn.factory_kwargs,
convert_conv2d/3d_weight_memory_format, utils.swap_tensors/set_module and the deprecated
testing.assert_allclose."""
from __future__ import annotations

import warnings

import pytest
from conftest import TORCH, assert_close, requires_torch

import ember


def _error(fn, module):
    try:
        fn(module)
    except Exception as exc:  # noqa: BLE001 - the tests compare types and messages
        return type(exc).__name__, str(exc).replace("torch.", "ember.")
    raise AssertionError("no error raised")


def _same_error(fn):
    ours, theirs = _error(fn, ember), _error(fn, TORCH)
    assert ours == theirs


# -- Muon ----------------------------------------------------------------------------------------
def _muon_run(m, shape, dtype, steps, **options):
    w = m.nn.Parameter(m.linspace(-1, 1, shape[0] * shape[1], dtype=dtype).reshape(shape))
    optimizer = m.optim.Muon([w], **options)
    for step in range(steps):
        w.grad = m.sin(m.arange(shape[0] * shape[1], dtype=dtype).reshape(shape) * (step + 1))
        optimizer.step()
    return w.detach(), optimizer.state[w]["momentum_buffer"]


@requires_torch
@pytest.mark.parametrize(("shape", "options"), [
    ((2, 2), {"lr": 0.1, "weight_decay": 0.0}),
    ((5, 3), {}),
    ((3, 7), {"nesterov": False, "adjust_lr_fn": "match_rms_adamw"}),
    ((4, 4), {"momentum": 0.5, "lr": 0.02, "adjust_lr_fn": "original"}),
    ((6, 2), {"ns_steps": 3, "ns_coefficients": (2.0, -1.5, 0.5), "eps": 1e-3}),
])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_muon_steps_match_torch(shape, options, dtype):
    ours = _muon_run(ember, shape, getattr(ember, dtype), 4, **options)
    theirs = _muon_run(TORCH, shape, getattr(TORCH, dtype), 4, **options)
    # The iteration runs in bfloat16: a product summed in another order may round to the
    # neighbouring bfloat16 (2**-8 relative) in an entry, moving the update by lr * 2**-8.
    assert_close(ours[1], theirs[1], rtol=1e-6, atol=1e-7)
    assert_close(ours[0], theirs[0], rtol=0, atol=options.get("lr", 1e-3) * 4 * 2.0 ** -8)


@requires_torch
def test_muon_defaults_and_state_dict_match_torch():
    ours = ember.optim.Muon([ember.nn.Parameter(ember.ones(2, 2))])
    theirs = TORCH.optim.Muon([TORCH.nn.Parameter(TORCH.ones(2, 2))])
    assert ours.state_dict()["param_groups"] == theirs.state_dict()["param_groups"]


@requires_torch
@pytest.mark.parametrize("options", [{"lr": -1.0}, {"momentum": -1}, {"weight_decay": -1},
                                     {"adjust_lr_fn": "x"}])
def test_muon_argument_errors_match_torch(options):
    _same_error(lambda m: m.optim.Muon([m.nn.Parameter(m.ones(2, 2))], **options))


@requires_torch
def test_muon_refuses_what_torch_refuses():
    _same_error(lambda m: m.optim.Muon([m.nn.Parameter(m.ones(2))]))
    _same_error(lambda m: m.optim.Muon([m.nn.Parameter(m.ones(2, 2))], lr=m.ones(2)))

    def step(m, dtype="float32", **options):
        w = m.nn.Parameter(m.ones(2, 2, dtype=getattr(m, dtype)))
        optimizer = m.optim.Muon([w], **options)
        w.grad = m.ones(2, 2, dtype=getattr(m, dtype))
        optimizer.step()
    _same_error(lambda m: step(m, ns_steps=100))
    _same_error(lambda m: step(m, "complex64"))


def test_muon_orthogonalises_the_update():
    """With no momentum history and nesterov off, one step moves the weights by lr times an
    almost orthogonal matrix: its singular values lie near one (the iteration's range)."""
    w = ember.nn.Parameter(ember.zeros(4, 4, dtype=ember.float64))
    optimizer = ember.optim.Muon([w], lr=1.0, weight_decay=0.0, momentum=0.0, nesterov=False)
    w.grad = ember.tensor([[4.0, 1, 0, 0], [1, 3, 0, 0], [0, 0, 2, 0.5], [0, 0, 0.5, 1]],
                          dtype=ember.float64)
    optimizer.step()
    singular = ember.linalg.svdvals(w.detach())
    assert float(singular.min()) > 0.5 and float(singular.max()) < 1.5


# -- swap_in_optimizer_params_and_state ----------------------------------------------------------
def _swap_run(m):
    w = m.nn.Parameter(m.tensor([1.0, -1.0]))
    optimizer = m.optim.Adam([w], lr=0.1)
    w.grad = m.tensor([1.0, 2.0])
    optimizer.step()
    other = {"w": m.tensor([10.0, 20.0])}
    other["w"].grad = m.tensor([-1.0, 0.5])
    saved = optimizer.state_dict()
    saved["param_groups"][0]["lr"] = 0.5
    with m.optim.swap_in_optimizer_params_and_state(optimizer, other, saved):
        optimizer.step()
        inside = optimizer.param_groups[0]["lr"]
    return (other["w"], w.detach(), saved["state"][0]["exp_avg"], inside,
            optimizer.param_groups[0]["lr"], optimizer.param_groups[0]["params"][0] is w)


@requires_torch
def test_swap_in_optimizer_params_and_state_matches_torch():
    ours, theirs = _swap_run(ember), _swap_run(TORCH)
    assert_close(list(ours[:3]), list(theirs[:3]))
    assert ours[3:] == theirs[3:] == (0.5, 0.1, True)


@requires_torch
@pytest.mark.parametrize("change", ["fresh", "not_dict", "groups", "extra", "keys", "count"])
def test_swap_in_optimizer_params_and_state_errors_match_torch(change):
    def run(m):
        w = m.nn.Parameter(m.tensor([1.0]))
        optimizer = m.optim.SGD([w], lr=0.1, momentum=0.9)
        if change != "fresh":
            w.grad = m.tensor([1.0])
            optimizer.step()
        saved = optimizer.state_dict()
        params = {"w": m.tensor([2.0])}
        if change == "not_dict":
            saved = [saved]
        elif change == "groups":
            saved["param_groups"] = saved["param_groups"] * 2
        elif change == "extra":
            saved["state"][7] = {}
        elif change == "keys":
            saved["param_groups"][0]["new"] = 1
        elif change == "count":
            params = {}
        with m.optim.swap_in_optimizer_params_and_state(optimizer, params, saved):
            pass
    _same_error(run)


# -- nn.factory_kwargs, weight memory formats -----------------------------------------------------
@requires_torch
@pytest.mark.parametrize("kwargs", [None, {}, {"dtype": "float64"}, {"x": 1},
                                    {"device": "cpu", "factory_kwargs": {"dtype": 1}},
                                    {"dtype": 1, "factory_kwargs": {"dtype": 2}}])
def test_factory_kwargs_matches_torch(kwargs):
    def call(m):
        return m.nn.factory_kwargs(kwargs)
    try:
        expected = call(TORCH)
    except TypeError:
        _same_error(call)
        return
    assert call(ember) == expected


@requires_torch
@pytest.mark.parametrize(("kind", "function", "layout"), [
    ("Conv2d", "convert_conv2d_weight_memory_format", "channels_last"),
    ("ConvTranspose2d", "convert_conv2d_weight_memory_format", "channels_last"),
    ("Conv3d", "convert_conv3d_weight_memory_format", "channels_last_3d"),
    ("ConvTranspose3d", "convert_conv3d_weight_memory_format", "channels_last_3d"),
    ("Conv3d", "convert_conv2d_weight_memory_format", "channels_last"),
])
def test_convert_conv_weight_memory_format_matches_torch(kind, function, layout):
    def run(m):
        m.manual_seed(0)
        model = m.nn.Sequential(m.nn.Sequential(getattr(m.nn, kind)(3, 4, 2)), m.nn.ReLU())
        before = model[0][0].weight.detach().clone()
        out = getattr(m.nn.utils, function)(model, getattr(m, layout))
        weight = out[0][0].weight
        assert out is model and isinstance(weight, m.nn.Parameter) and weight.requires_grad
        assert m.equal(weight.detach(), before)
        return weight.stride()
    assert run(ember) == run(TORCH)


# -- utils.swap_tensors, utils.set_module --------------------------------------------------------
@requires_torch
def test_swap_tensors_matches_torch():
    def run(m):
        a = m.tensor([1.0])
        b = m.nn.Parameter(m.tensor([2.0, 3.0]))
        b.tag = "param"
        m.utils.swap_tensors(a, b)
        (a * 2).sum().backward()
        return (type(a).__name__, type(b).__name__, a.tolist(), b.tolist(), a.requires_grad,
                b.requires_grad, getattr(a, "tag", None), a.grad.tolist())
    assert run(ember) == run(TORCH)


@requires_torch
def test_swap_tensors_and_set_module_errors_match_torch():
    import weakref

    def held(m):
        a, b = m.ones(1), m.ones(1)
        ref = weakref.ref(a)
        m.utils.swap_tensors(a, b)
        return ref
    _same_error(held)
    _same_error(lambda m: m.utils.set_module(len, 3))


def test_set_module_sets_the_printed_module():
    class Thing:
        pass
    ember.utils.set_module(Thing, "somewhere.else")
    assert Thing.__module__ == "somewhere.else"


# -- testing.assert_allclose ---------------------------------------------------------------------
@requires_torch
@pytest.mark.parametrize(("actual", "expected", "options"), [
    ([1.0, 2.0], [1.00001, 2.0], {}),
    ([1.0, 2.0], [1.001, 2.0], {}),
    ([1.0, float("nan")], [1.0, float("nan")], {}),
    ([1.0, float("nan")], [1.0, float("nan")], {"equal_nan": False}),
    ([1, 2], [1.0, 2.0], {}),
    ([1.0, 2.0], [1.5, 2.0], {"rtol": 0.5, "atol": 0.0}),
    ([1.0, 2.0], [1.5, 2.0], {"msg": "custom"}),
])
def test_assert_allclose_matches_torch_and_warns(actual, expected, options):
    def run(m):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                m.testing.assert_allclose(m.tensor(actual), expected, **options)
                outcome = None
            except AssertionError as exc:
                outcome = str(exc).replace("torch.", "ember.")
        assert [w.category for w in caught] == [FutureWarning]
        return outcome, str(caught[0].message).replace("torch.", "ember.")
    ours, theirs = run(ember), run(TORCH)
    assert ours[1] == theirs[1]
    assert (ours[0] is None) == (theirs[0] is None)
    if options.get("msg"):
        assert ours[0] == theirs[0]
