"""Memory formats: channels-last tensors are NHWC buffers viewed as NCHW, with torch's strides,
contiguity answers and result layouts."""
import pickle

import numpy as np
import pytest

import ember
from tests.conftest import TORCH, assert_close, requires_torch, seeded_on_cpu


def _layout(t):
    return (t.stride(), t.is_contiguous(), t.is_contiguous(memory_format=_lib(t).channels_last))


def _lib(t):
    return ember if isinstance(t, ember.Tensor) else TORCH


def _input(lib):
    return seeded_on_cpu(lib, 0, lambda: lib.randn(2, 3, 4, 5))


# fn(lib, x, cl) with x a contiguous (2, 3, 4, 5) tensor and cl the same values channels-last.
# Each result's strides and contiguity, in both formats, are torch's.
CASES = {
    "to_channels_last": lambda lib, x, cl: cl,
    "contiguous_channels_last": lambda lib, x, cl: x.contiguous(memory_format=lib.channels_last),
    "contiguous_back": lambda lib, x, cl: cl.contiguous(),
    "unary": lambda lib, x, cl: cl.exp(),
    "contiguous_first_operand": lambda lib, x, cl: x + cl,
    "scalar_operand": lambda lib, x, cl: cl * 2,
    "bias_operand": lambda lib, x, cl: cl + lib.ones(3, 1, 1),
    "relu": lambda lib, x, cl: lib.nn.functional.relu(cl),
    "conv2d": lambda lib, x, cl: lib.nn.functional.conv2d(cl, lib.ones(4, 3, 3, 3)),
    "conv2d_channels_last_weight": lambda lib, x, cl: lib.nn.functional.conv2d(
        x, lib.ones(4, 3, 3, 3).to(memory_format=lib.channels_last)),
    "conv2d_module": lambda lib, x, cl: lib.nn.Conv2d(3, 2, 3, padding=1)(cl),
    "batch_norm": lambda lib, x, cl: lib.nn.functional.batch_norm(
        cl, lib.zeros(3), lib.ones(3), training=True),
    "max_pool2d": lambda lib, x, cl: lib.nn.functional.max_pool2d(cl, 2),
    "max_pool2d_indices": lambda lib, x, cl: lib.nn.functional.max_pool2d(
        cl, 2, return_indices=True)[1],
    "avg_pool2d": lambda lib, x, cl: lib.nn.functional.avg_pool2d(cl, 2),
    "clone_preserves": lambda lib, x, cl: cl.clone(),
    "clone_contiguous": lambda lib, x, cl: cl.clone(memory_format=lib.contiguous_format),
    "clone_to_channels_last": lambda lib, x, cl: x.clone(memory_format=lib.channels_last),
    "empty_like": lambda lib, x, cl: lib.empty_like(cl),
    "zeros_like": lambda lib, x, cl: lib.zeros_like(cl),
    "full_like": lambda lib, x, cl: lib.full_like(cl, 2.0),
    "ones_like_contiguous": lambda lib, x, cl: lib.ones_like(
        cl, memory_format=lib.contiguous_format),
    "randn_like": lambda lib, x, cl: lib.randn_like(cl),
    "empty_channels_last": lambda lib, x, cl: lib.empty(2, 3, 4, 5,
                                                        memory_format=lib.channels_last),
    "to_dtype_keeps_format": lambda lib, x, cl: cl.to(lib.float64),
    "double_keeps_format": lambda lib, x, cl: cl.double(),
    "size_one_channel": lambda lib, x, cl: lib.ones(2, 1, 4, 5).to(
        memory_format=lib.channels_last),
    "size_one_spatial": lambda lib, x, cl: lib.ones(1, 3, 1, 1).to(
        memory_format=lib.channels_last),
    "channels_last_3d": lambda lib, x, cl: lib.ones(2, 3, 4, 5, 6).to(
        memory_format=lib.channels_last_3d),
    "meta_channels_last": lambda lib, x, cl: lib.empty(2, 3, 4, 5, device="meta").to(
        memory_format=lib.channels_last),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(CASES))
def test_layouts_match_torch(name):
    fn = CASES[name]

    def run(lib):
        x = _input(lib)
        return _layout(fn(lib, x, x.to(memory_format=lib.channels_last)))
    assert run(ember) == run(TORCH)


@requires_torch
def test_memory_format_objects():
    def report(lib):
        names = ("contiguous_format", "channels_last", "channels_last_3d", "preserve_format")
        return ([repr(getattr(lib, n)).replace("torch", "ember") for n in names],
                [str(getattr(lib, n)).replace("torch", "ember") for n in names],
                type(lib.channels_last) is lib.memory_format, lib.memory_format.__name__,
                pickle.loads(pickle.dumps(lib.channels_last)) is lib.channels_last)
    assert report(ember) == report(TORCH)


@requires_torch
@pytest.mark.parametrize("action", [
    lambda lib: lib.ones(2, 3).to(memory_format=lib.channels_last),
    lambda lib: lib.ones(2, 3).contiguous(memory_format=lib.channels_last),
    lambda lib: lib.empty(2, 3, memory_format=lib.channels_last),
    lambda lib: lib.ones(2, 3, 4, 5).to(memory_format=lib.channels_last_3d),
    lambda lib: lib.ones(2, 3).clone(memory_format=lib.channels_last),
])
def test_wrong_rank_raises_as_torch(action):
    def outcome(lib):
        with pytest.raises(Exception) as info:
            action(lib)
        return type(info.value), str(info.value)
    assert outcome(ember) == outcome(TORCH)


def test_channels_last_is_a_real_nhwc_buffer():
    x = _input(ember)
    cl = x.to(memory_format=ember.channels_last)
    assert ember.equal(cl, x)
    nhwc = np.frombuffer(bytes(cl.untyped_storage().tolist()), np.float32).reshape(2, 4, 5, 3)
    np.testing.assert_array_equal(nhwc, x.cpu().numpy().transpose(0, 2, 3, 1))
    assert cl.permute(0, 2, 3, 1).is_contiguous()
    assert cl.contiguous(memory_format=ember.channels_last) is cl
    assert x.to(memory_format=ember.contiguous_format) is x


@requires_torch
def test_values_and_gradients_through_channels_last_conv_match_torch():
    def run(lib):
        x = _input(lib).to(memory_format=lib.channels_last).requires_grad_()
        conv, bn = seeded_on_cpu(lib, 1, lambda: (lib.nn.Conv2d(3, 4, 3, padding=1),
                                                  lib.nn.BatchNorm2d(4)))
        conv = conv.to(memory_format=lib.channels_last)
        out = lib.nn.functional.max_pool2d(lib.relu(bn(conv(x))), 2)
        out.square().sum().backward()
        return out, x.grad, conv.weight.grad, conv.weight.stride()
    ours, theirs = run(ember), run(TORCH)
    assert_close(ours[:3], theirs[:3], rtol=1e-4, atol=1e-5)
    assert ours[3] == theirs[3]


@requires_torch
def test_module_to_memory_format_changes_only_4d_tensors():
    def strides(lib):
        model = lib.nn.Sequential(lib.nn.Conv2d(3, 4, 3), lib.nn.Flatten(), lib.nn.Linear(2, 3),
                                  lib.nn.BatchNorm2d(4))
        model.to(memory_format=lib.channels_last)
        return [p.stride() for p in model.parameters()] + [b.stride() for b in model.buffers()]
    assert strides(ember) == strides(TORCH)
