"""Op results are laid out as torch lays them out: reductions, masked_fill, cumsum, tril/triu
and repeat write row-major results; flip and sort keep their input's layout; unsqueeze keeps
its input's strides and steps over the new dim as torch does; roll writes in
the format its input's strides suggest; cat (and stack) keep a channels-last layout all inputs
share and are row-major otherwise; interpolate and the 2-D transposed convolution of a
channels-last input are channels-last. Checked on permuted, transposed, channels-last and
gappy inputs."""
import numpy as np
import pytest

import ember
from tests.conftest import TORCH, requires_torch
from tests.test_memory_format_copies import _layout  # shape, strides and format flags

INPUTS = {
    "permuted": lambda lib: lib.arange(24.).reshape(2, 3, 4).permute(2, 0, 1),
    "transposed": lambda lib: lib.arange(12.).reshape(3, 4).t(),
    "channels_last": lambda lib: lib.arange(120.).reshape(2, 3, 4, 5).to(
        memory_format=lib.channels_last),
    "channels_last_3d": lambda lib: lib.arange(240.).reshape(2, 3, 2, 4, 5).to(
        memory_format=lib.channels_last_3d),
    "one_channel": lambda lib: lib.arange(40.).reshape(2, 1, 4, 5).to(
        memory_format=lib.channels_last),
    "sliced_channels": lambda lib: lib.arange(240.).reshape(2, 6, 4, 5).to(
        memory_format=lib.channels_last)[:, ::2],
    "gappy_t": lambda lib: lib.arange(48.).reshape(4, 12)[:, ::2].t(),
    "permuted_4d": lambda lib: lib.arange(120.).reshape(2, 3, 4, 5).permute(3, 1, 0, 2),
}
OPS = {
    "sum_keepdim_first": lambda lib, x: x.sum(0, keepdim=True),
    "sum_keepdim_last": lambda lib, x: x.sum(-1, keepdim=True),
    "mean_keepdim": lambda lib, x: x.mean(1, keepdim=True),
    "amax_keepdim": lambda lib, x: x.amax(1, keepdim=True),
    "amin": lambda lib, x: x.amin(0),
    "sum": lambda lib, x: x.sum(0),
    "masked_fill": lambda lib, x: x.masked_fill(x > 3, 0.0),
    "cumsum": lambda lib, x: x.cumsum(0),
    "tril": lambda lib, x: x.tril(),
    "triu": lambda lib, x: x.triu(1),
    "repeat": lambda lib, x: x.repeat(*([1] * x.dim())),
    "flip": lambda lib, x: x.flip(0),
    "roll": lambda lib, x: x.roll(1, 0),
    "cat": lambda lib, x: lib.cat([x, x]),
    "cat_dim1": lambda lib, x: lib.cat([x, x], 1),
    "stack": lambda lib, x: lib.stack([x, x]),
    "sort_values": lambda lib, x: x.sort(-1)[0],
    "sort_indices": lambda lib, x: x.sort(0)[1],
    "unsqueeze_first": lambda lib, x: x.unsqueeze(0),
    "unsqueeze_second": lambda lib, x: x.unsqueeze(1),
    "unsqueeze_last": lambda lib, x: x.unsqueeze(-1),
    "unsqueeze_twice": lambda lib, x: x.unsqueeze(1).unsqueeze(1),
}
SPATIAL_OPS = {
    "interpolate_nearest": lambda lib, x: lib.nn.functional.interpolate(x, scale_factor=2),
    "interpolate_linear": lambda lib, x: lib.nn.functional.interpolate(
        x, scale_factor=2, mode="bilinear" if x.dim() == 4 else "trilinear"),
    "conv_transpose": lambda lib, x: (
        lib.nn.functional.conv_transpose2d if x.dim() == 4 else
        lib.nn.functional.conv_transpose3d)(x, lib.ones((x.shape[1], 2) + (1,) * (x.dim() - 2))),
}


@requires_torch
@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize("input_name", INPUTS)
def test_result_layout_matches_torch(input_name, op):
    ours = OPS[op](ember, INPUTS[input_name](ember))
    theirs = OPS[op](TORCH, INPUTS[input_name](TORCH))
    assert _layout(ember, ours) == _layout(TORCH, theirs)
    assert ours.tolist() == theirs.tolist()


@requires_torch
@pytest.mark.parametrize("op", SPATIAL_OPS)
@pytest.mark.parametrize("input_name", [name for name in INPUTS if "channel" in name or
                                        name == "permuted_4d"])
def test_resampled_layout_matches_torch(input_name, op):
    ours = SPATIAL_OPS[op](ember, INPUTS[input_name](ember))
    theirs = SPATIAL_OPS[op](TORCH, INPUTS[input_name](TORCH))
    assert _layout(ember, ours) == _layout(TORCH, theirs)
    np.testing.assert_allclose(ours.cpu().numpy(), theirs.numpy(), rtol=1e-6, atol=1e-5)


def test_a_kept_dim_is_row_major():
    x = ember.arange(12.).reshape(3, 4).t()  # strides (1, 4)
    out = x.sum(-1, keepdim=True)
    assert out.stride() == (1, 1) and out.tolist() == [[12.0], [15.0], [18.0], [21.0]]


def test_flip_keeps_a_transposed_layout_and_cat_of_them_is_row_major():
    x = ember.arange(6.).reshape(2, 3).t()
    assert x.flip(0).stride() == x.stride() == (1, 3)
    assert x.flip(0).tolist() == [[2.0, 5.0], [1.0, 4.0], [0.0, 3.0]]
    assert ember.cat([x, x]).stride() == (2, 1)


def test_size_is_not_a_base_class():
    with pytest.raises(TypeError, match="not an acceptable base type"):
        type("MySize", (ember.Size,), {})


SOFTMAXES = {
    "softmax_last": lambda lib, x: x.softmax(-1),
    "softmax_first": lambda lib, x: lib.softmax(x, 0),
    "log_softmax_1": lambda lib, x: x.log_softmax(1),
    "log_softmax_double": lambda lib, x: lib.nn.functional.log_softmax(x, 1, dtype=lib.float64),
    "softmin": lambda lib, x: lib.nn.functional.softmin(x, -1),
    "special_softmax": lambda lib, x: lib.special.softmax(x, 1),
}


@requires_torch
@pytest.mark.parametrize("op", SOFTMAXES)
@pytest.mark.parametrize("input_name", INPUTS)
def test_softmax_results_are_row_major_as_torch_writes_them(input_name, op):
    ours = SOFTMAXES[op](ember, INPUTS[input_name](ember) / 10)
    theirs = SOFTMAXES[op](TORCH, INPUTS[input_name](TORCH) / 10)
    assert _layout(ember, ours) == _layout(TORCH, theirs)
    assert ours.stride() == TORCH.empty(ours.shape).stride()
    np.testing.assert_allclose(ours.cpu().numpy(), theirs.numpy(), rtol=1e-5, atol=1e-6)


def test_softmax_of_a_transposed_input_is_row_major_with_its_values():
    x = ember.tensor([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]]).t()  # strides (1, 2)
    out = x.softmax(0)
    assert out.stride() == (3, 1) and out.is_contiguous()
    e = np.exp(np.array([[0.0, 2.0, 4.0], [1.0, 3.0, 5.0]]))
    np.testing.assert_allclose(out.cpu().numpy(), e / e.sum(0), rtol=1e-6)


def _per_channel(lib, x, low, high):
    return lib.linspace(low, high, x.shape[1], dtype=lib.float64)


NORMS = {
    "group_norm": lambda lib, x: lib.nn.functional.group_norm(x, 1),
    "group_norm_affine": lambda lib, x: lib.nn.functional.group_norm(
        x, x.shape[1], _per_channel(lib, x, 0.5, 2.0), _per_channel(lib, x, -1.0, 1.0)),
    "batch_norm_train": lambda lib, x: lib.nn.functional.batch_norm(x, None, None,
                                                                      training=True),
    "batch_norm_eval": lambda lib, x: lib.nn.functional.batch_norm(
        x, _per_channel(lib, x, 0.0, 1.0), _per_channel(lib, x, 1.0, 2.0)),
    "batch_norm_affine": lambda lib, x: lib.nn.functional.batch_norm(
        x, None, None, _per_channel(lib, x, 0.5, 2.0), _per_channel(lib, x, -1.0, 1.0),
        training=True),
    "layer_norm": lambda lib, x: lib.nn.functional.layer_norm(x, x.shape[-1:]),
    "layer_norm_2": lambda lib, x: lib.nn.functional.layer_norm(x, x.shape[-2:]),
    "instance_norm": lambda lib, x: lib.nn.functional.instance_norm(x),
    "rms_norm": lambda lib, x: lib.nn.functional.rms_norm(x, x.shape[-1:]),
    "local_response_norm": lambda lib, x: lib.nn.functional.local_response_norm(x, 2),
    "normalize": lambda lib, x: lib.nn.functional.normalize(x, dim=1),
}
# The one-channel channels-last input is left out: its strides are ambiguous and ember's
# results of it keep NumPy's size-1 strides (as its elementwise results do).
NORM_INPUTS = [name for name in INPUTS if name not in ("one_channel", "transposed")]


@requires_torch
@pytest.mark.parametrize("input_name, op", [  # instance and LRN norms need 3 dims
    (name, op) for name in NORM_INPUTS for op in NORMS
    if not (op in ("instance_norm", "local_response_norm") and name == "gappy_t")])
def test_normalization_layouts_and_grad_strides_match_torch(input_name, op):
    """group_norm, batch_norm and rms_norm write in the format the input suggests
    (channels-last stays channels-last, a permuted input gives row-major); layer_norm and
    instance_norm write row-major; local_response_norm and normalize keep the input's strides.
    The input's gradient takes the input's layout."""
    results = []
    for lib in (ember, TORCH):
        x = INPUTS[input_name](lib).double().requires_grad_()
        out = NORMS[op](lib, x)
        (out * lib.arange(float(out.numel()), dtype=lib.float64).reshape(out.shape)).sum() \
            .backward()
        results.append((out, x.grad, _layout(lib, out), _layout(lib, x.grad)))
    (ours, our_grad, *our_layouts), (theirs, their_grad, *their_layouts) = results
    assert our_layouts == their_layouts
    np.testing.assert_allclose(ours.detach().cpu().numpy(), theirs.detach().numpy(),
                               rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(our_grad.cpu().numpy(), their_grad.numpy(), rtol=1e-7, atol=1e-7)


def test_group_norm_of_a_channels_last_input_is_channels_last_with_its_values():
    # One group of two channels: the grouped view of a channels-last input is strided (the
    # kernel once wrote its result into a copy and returned uninitialised memory).
    x = ember.arange(24.).reshape(1, 2, 3, 4).to(memory_format=ember.channels_last)
    for dtype in (ember.float32, ember.float64):
        out = ember.nn.functional.group_norm(x.to(dtype), 1)
        assert out.is_contiguous(memory_format=ember.channels_last)
        assert out.stride() == (24, 1, 8, 2)
        values = np.arange(24.)
        np.testing.assert_allclose(out.cpu().numpy().ravel(),
                                   (values - values.mean()) / np.sqrt(values.var() + 1e-5),
                                   rtol=1e-5)


F_OPS = {
    "pad_constant": lambda F, x: F.pad(x, (1, 1)),
    "pad_constant_value": lambda F, x: F.pad(x, (1, 2, 0, 1), value=-1.0),
    "pad_reflect": lambda F, x: F.pad(x, (1, 1) * (x.dim() - 2), mode="reflect"),
    "pad_replicate": lambda F, x: F.pad(x, (1, 1) * (x.dim() - 2), mode="replicate"),
    "pad_circular": lambda F, x: F.pad(x, (1, 1) * (x.dim() - 2), mode="circular"),
    "max_pool": lambda F, x: (F.max_pool2d if x.dim() == 4 else F.max_pool3d)(x, 2),
    "max_pool_indices": lambda F, x: (F.max_pool2d if x.dim() == 4 else F.max_pool3d)(
        x, 2, return_indices=True)[1],
    "avg_pool": lambda F, x: (F.avg_pool2d if x.dim() == 4 else F.avg_pool3d)(x, 2),
    "adaptive_avg_pool_1": lambda F, x: (F.adaptive_avg_pool2d if x.dim() == 4 else
                                         F.adaptive_avg_pool3d)(x, 1),
    "adaptive_avg_pool": lambda F, x: (F.adaptive_avg_pool2d if x.dim() == 4 else
                                       F.adaptive_avg_pool3d)(x, (2,) * (x.dim() - 2)),
    "adaptive_max_pool": lambda F, x: (F.adaptive_max_pool2d if x.dim() == 4 else
                                       F.adaptive_max_pool3d)(x, (2,) * (x.dim() - 2)),
    "adaptive_max_pool_indices": lambda F, x: (F.adaptive_max_pool2d if x.dim() == 4 else
                                               F.adaptive_max_pool3d)(
        x, (2,) * (x.dim() - 2), return_indices=True)[1],
    "pixel_shuffle": lambda F, x: F.pixel_shuffle(F.pad(x, (0, 0, 0, 0, 0, 1)), 2),
    "pixel_unshuffle": lambda F, x: F.pixel_unshuffle(x[..., :4], 2),
}
F_INPUTS = [name for name in INPUTS if name in ("channels_last", "channels_last_3d",
                                                "sliced_channels", "permuted_4d")]


@requires_torch
@pytest.mark.parametrize("input_name, op", [  # pixel_(un)shuffle: 4-D inputs
    (name, op) for name in F_INPUTS for op in F_OPS
    if not (op.startswith("pixel") and name == "channels_last_3d")])
def test_padding_pooling_and_shuffles_keep_torchs_layouts(input_name, op):
    """pad (constant, reflect, replicate), pixel_(un)shuffle, adaptive pools and max_pool3d of
    a channels-last batch are channels-last (circular pads, avg_pool3d and adaptive_max_pool3d
    are row-major in torch, and stay so); gradients take the input's layout."""
    results = []
    for lib in (ember, TORCH):
        x = INPUTS[input_name](lib).double().requires_grad_()
        out = F_OPS[op](lib.nn.functional, x)
        layouts = [_layout(lib, out)]
        if out.is_floating_point():
            (out * lib.arange(float(out.numel()), dtype=lib.float64).reshape(out.shape)).sum() \
                .backward()
            layouts.append(_layout(lib, x.grad))
            grad = x.grad.cpu().numpy()
        else:
            grad = None
        results.append((out.detach().cpu().numpy(), grad, layouts))
    (ours, our_grad, our_layouts), (theirs, their_grad, their_layouts) = results
    assert our_layouts == their_layouts
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    if our_grad is not None:
        np.testing.assert_allclose(our_grad, their_grad, rtol=1e-12)


def test_a_constant_pad_of_a_channels_last_batch_is_channels_last():
    x = ember.arange(8.).reshape(1, 2, 2, 2).to(memory_format=ember.channels_last)
    out = ember.nn.functional.pad(x, (1, 0))
    assert out.stride() == (12, 1, 6, 2)
    assert out[0, 1].tolist() == [[0.0, 4.0, 5.0], [0.0, 6.0, 7.0]]


def test_unsqueeze_keeps_the_strides_and_writes_through():
    t = ember.arange(12).reshape(3, 4)
    u = t.t().unsqueeze(-1)
    assert u.stride() == (1, 4, 1)  # one element past the end, as torch steps
    u[1, 2, 0] = 100
    assert t[2, 1].item() == 100  # still a view of t's memory
    one = ember.arange(40.).reshape(2, 1, 4, 5).to(memory_format=ember.channels_last)
    assert one.unsqueeze(1).stride() == (20, 1, 1, 5, 1)  # the channel's stride of 1 stays
    x = ember.randn(3, 4, dtype=ember.float64, requires_grad=True)
    assert ember.autograd.gradcheck(lambda a: a.t().unsqueeze(-1) * 2, (x,))
