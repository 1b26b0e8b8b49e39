"""einops on ember tensors: the backend ember registers (ember._einops), compared with einops
on torch tensors (values, grad_fn names, gradients, errors), gradcheck through each
operation, the import orders that must both find the backend, and the layers as ember modules.
"""
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from conftest import (
    CPU_RNG,
    INSTALL,
    TORCH,
    compare_with_torch,
    cpu_only,
    installed,
    rand64,
    requires_torch,
)

import ember

pytestmark = pytest.mark.skipif(not installed("einops"), reason=INSTALL["einops"])


def _einops():
    import einops
    return einops


# One lambda per einops operation; each receives the library first (compare_with_torch).
OPERATIONS = {
    "rearrange_merge": lambda lib, x: _einops().rearrange(x, "b c h w -> b (h w) c"),
    "rearrange_split": lambda lib, x: _einops().rearrange(
        x, "b c (h p) (w q) -> b (h w) (p q c)", p=2, q=1),
    "rearrange_ellipsis": lambda lib, x: _einops().rearrange(x, "b ... w -> w b ..."),
    "rearrange_list": lambda lib, x: _einops().rearrange([x[0], x[1]], "n c h w -> c n h w"),
    "repeat_new_axis": lambda lib, x: _einops().repeat(x, "b c h w -> b c h w r", r=3),
    "repeat_tile": lambda lib, x: _einops().repeat(x, "b c h w -> b c (r h) w", r=2),
    "reduce_mean": lambda lib, x: _einops().reduce(x, "b c h w -> b c", "mean"),
    "reduce_sum": lambda lib, x: _einops().reduce(x, "b c h w -> c", "sum"),
    "reduce_max_pool": lambda lib, x: _einops().reduce(
        x, "b c (h h2) (w w2) -> b c h w", "max", h2=2, w2=5),
    "reduce_min": lambda lib, x: _einops().reduce(x, "b c h w -> b h", "min"),
    "reduce_prod": lambda lib, x: _einops().reduce(x, "b c h w -> b w", "prod"),
    "reduce_keep_axis": lambda lib, x: _einops().reduce(x, "b c h w -> b c 1 1", "mean"),
    "einsum": lambda lib, x: _einops().einsum(x, x, "b c h w, b d h w -> b c d"),
    "pack": lambda lib, x: _einops().pack([x, x[:, 0], x[0, 0, 0]], "* w")[0],
    "unpack": lambda lib, x: _einops().unpack(
        x.reshape(2, 60), [(3, 4), (8, 6)], "b *")[1],
}


@requires_torch
@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_operation_matches_torch(name):
    """Values, the grad_fn name and the input's gradient agree with einops on torch."""
    compare_with_torch(OPERATIONS[name], rand64(2, 3, 4, 5, seed=len(name)))


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_operation_gradcheck(name):
    """First and second derivatives of each operation by finite differences (float64)."""
    x = rand64(2, 3, 4, 5, low=0.5, high=1.5, seed=1)
    assert ember.autograd.gradcheck(lambda t: OPERATIONS[name](ember, t), (x,))
    assert ember.autograd.gradgradcheck(lambda t: OPERATIONS[name](ember, t), (x,))


@requires_torch
def test_parse_shape_and_integer_inputs_match_torch():
    einops = _einops()
    x = ember.arange(24).reshape(2, 3, 4)
    t = TORCH.arange(24).reshape(2, 3, 4)
    assert einops.parse_shape(x, "b _ w") == einops.parse_shape(t, "b _ w") == {"b": 2, "w": 4}
    for pattern, reduction in (("b c w -> b", "sum"), ("b c w -> c w", "max"),
                               ("b c w -> b w", "prod")):
        ours = einops.reduce(x, pattern, reduction)
        theirs = einops.reduce(t, pattern, reduction)
        assert ours.dtype == ember.int64 and theirs.dtype == TORCH.int64
        np.testing.assert_array_equal(ours.cpu().numpy(), theirs.numpy())
    flags = x > 11
    for reduction in ("any", "all"):
        ours = einops.reduce(flags, "b c w -> c", reduction)
        theirs = einops.reduce(t > 11, "b c w -> c", reduction)
        np.testing.assert_array_equal(ours.cpu().numpy(), theirs.numpy())


@requires_torch
@pytest.mark.parametrize("call", [
    lambda einops, x: einops.rearrange(x, "b (c h) w -> b c h w", h=5),
    lambda einops, x: einops.rearrange(x, "b c -> c b"),
    lambda einops, x: einops.reduce(x, "b c w -> b", "mean"),
    lambda einops, x: einops.repeat(x, "b c w -> b c w r"),
])
def test_errors_match_torch(call):
    """einops' own checks raise the same error (EinopsError, or NotImplementedError for the
    mean of integers: the backend's is_float_type decides), with the same text, for both."""
    einops = _einops()
    with pytest.raises((einops.EinopsError, NotImplementedError)) as theirs:
        call(einops, TORCH.arange(24).reshape(2, 3, 4))
    with pytest.raises((einops.EinopsError, NotImplementedError)) as ours:
        call(einops, ember.arange(24).reshape(2, 3, 4))
    assert type(ours.value) is type(theirs.value)
    assert str(ours.value) == str(theirs.value).replace("torch.", "ember.")


def test_views_share_memory_and_expand_without_copy():
    einops = _einops()
    x = ember.zeros(2, 3)
    einops.rearrange(x, "a b -> b a")[1, 0] = 5.0
    assert x[0, 1].item() == 5.0
    assert einops.repeat(x, "a b -> a b r", r=4).stride() == (3, 1, 0)


def test_backend_is_ember_and_layers_are_ember_modules():
    einops = _einops()
    from einops._backends import get_backend
    x = rand64(2, 3, 4, 5, seed=3)
    backend = get_backend(x)
    assert backend.framework_name == "ember"
    assert backend.is_float_type(x) and not backend.is_float_type(x.long())
    layers = backend.layers()
    model = ember.nn.Sequential(layers.Rearrange("b c h w -> b (h w) c"),
                                layers.EinMix("b t c -> b t d", weight_shape="c d",
                                              bias_shape="d", c=3, d=6),
                                layers.Reduce("b t d -> b d", "mean")).double()
    assert isinstance(model[0], ember.nn.Module)
    assert [name for name, _ in model.named_parameters()] == ["1.weight", "1.bias"]
    assert repr(model[0]) == "Rearrange('b c h w -> b (h w) c')"
    assert repr(model[2]) == "Reduce('b t d -> b d', 'mean')"
    out = model(x)
    assert out.shape == (2, 6)
    expected = (einops.rearrange(x, "b c h w -> b (h w) c") @ model[1].weight
                + model[1].bias).mean(1)
    np.testing.assert_allclose(out.detach().cpu().numpy(), expected.detach().cpu().numpy(), rtol=1e-12)
    assert ember.autograd.gradcheck(model, (x,))


@cpu_only(CPU_RNG)
@requires_torch
def test_einmix_initialises_as_torch_layers_do():
    """Same seed, same uniform draws for the weight and bias, same output."""
    from einops.layers.torch import EinMix as TorchEinMix

    from ember._einops_backend import EinMix
    ember.manual_seed(0)
    ours = EinMix("b t c -> b t d", weight_shape="c d", bias_shape="d", c=4, d=5)
    TORCH.manual_seed(0)
    theirs = TorchEinMix("b t c -> b t d", weight_shape="c d", bias_shape="d", c=4, d=5)
    np.testing.assert_array_equal(ours.weight.detach().cpu().numpy(), theirs.weight.detach().numpy())
    np.testing.assert_array_equal(ours.bias.detach().cpu().numpy(), theirs.bias.detach().numpy())


ORDERS = {
    "einops first": "import einops\nimport ember\n",
    "ember first": "import ember\nimport einops\n",
    "from-import after ember": "import ember\nfrom einops import rearrange\nimport einops\n",
    # a spec looked up without loading must leave the watcher in place for the real import
    "find_spec first": "import ember, importlib.util\nimportlib.util.find_spec('einops')\n"
                       "import einops\n",
}


@pytest.mark.parametrize("order", sorted(ORDERS))
def test_either_import_order_finds_the_backend(order):
    """The backend exists whichever package came first; the import watcher is gone after."""
    code = ORDERS[order] + textwrap.dedent("""
        import sys
        from ember._einops import _EinopsWatcher
        x = ember.arange(6.0, requires_grad=True)
        y = einops.rearrange(x, "(a b) -> b a", a=2)
        print(tuple(y.shape), type(y.grad_fn).__name__,
              any(isinstance(f, _EinopsWatcher) for f in sys.meta_path))
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "OMP_NUM_THREADS": "1"}, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["(3,", "2)", "PermuteBackward0", "False"]


def test_import_ember_does_not_import_einops():
    code = "import sys, ember; print('einops' in sys.modules, 'ember._einops_backend' in " \
           "sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]
