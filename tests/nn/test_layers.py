"""Layers against torch: default initialisation under the same seed, reprs, outputs, gradients
and running statistics with the weights copied across."""
from __future__ import annotations

import numpy as np
import pytest

import ember
import ember.nn.functional as F
from ember import nn
from tests.conftest import CPU_RNG, TORCH, cpu_only, requires_torch
from tests.nn._nn_helpers import assert_same_state, build_both, copy_weights, torch_text

pytestmark = requires_torch


def needs(*names):
    """Skip when nn.functional lacks an op the layer calls (still being written)."""
    missing = [n for n in names if not hasattr(F, n)]
    return pytest.mark.skipif(bool(missing), reason=f"ember.nn.functional lacks {missing}")


def rand(*shape, seed=0, low=-1.0, high=1.0):
    return np.random.default_rng(seed).uniform(low, high, shape).astype(np.float32)


def ints(high, *shape, seed=0):
    return np.random.default_rng(seed).integers(0, high, shape).astype(np.int64)


# -- default initialisation --------------------------------------------------------------------

INIT_CASES = [
    lambda lib: lib.nn.Linear(3, 4),
    lambda lib: lib.nn.Linear(5, 2, bias=False),
    lambda lib: lib.nn.Sequential(lib.nn.Linear(784, 128), lib.nn.Linear(128, 10)),
    lambda lib: lib.nn.Bilinear(3, 4, 2),
    lambda lib: lib.nn.Conv1d(2, 4, 3),
    lambda lib: lib.nn.Conv2d(3, 6, (3, 2), groups=3),
    lambda lib: lib.nn.Conv3d(2, 2, 2, bias=False),
    lambda lib: lib.nn.ConvTranspose1d(2, 3, 3),
    lambda lib: lib.nn.ConvTranspose2d(4, 2, 3, groups=2),
    lambda lib: lib.nn.Embedding(10, 3, padding_idx=2),
    lambda lib: lib.nn.EmbeddingBag(10, 3, padding_idx=-1),
    lambda lib: lib.nn.PReLU(3),
    lambda lib: lib.nn.BatchNorm1d(3),
    lambda lib: lib.nn.LayerNorm(4),
    lambda lib: lib.nn.GroupNorm(2, 4),
    lambda lib: lib.nn.RMSNorm(4),
    lambda lib: lib.nn.InstanceNorm1d(3, affine=True, track_running_stats=True),
    lambda lib: lib.nn.Linear(3, 4, dtype=lib.float64),
]


@pytest.mark.parametrize("build", INIT_CASES)
def test_default_initialisation_equals_torch_for_the_same_seed(build):
    ours, theirs = build_both(build, seed=7)
    assert_same_state(ours, theirs)
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]


@cpu_only(CPU_RNG)  # the lazy weights are drawn at the first call, on the input's device
def test_lazy_linear_infers_in_features_and_initialises_as_torch():
    ours, theirs = build_both(lambda lib: lib.nn.LazyLinear(3), seed=4)
    assert repr(ours) == torch_text(repr(theirs))
    assert repr(ours.weight) == repr(theirs.weight) == "<UninitializedParameter>"
    assert [repr(v) for v in ours.state_dict().values()] == ["<UninitializedParameter>"] * 2
    with pytest.raises(RuntimeError, match="Can't access the shape of an uninitialized "
                                           "parameter"):
        _ = ours.weight.shape
    x = rand(2, 5)
    out_a, out_b = ours(ember.tensor(x)), theirs(TORCH.tensor(x))
    assert type(ours) is nn.Linear and repr(ours) == torch_text(repr(theirs))
    assert type(ours.weight) is nn.Parameter
    assert_same_state(ours, theirs)
    np.testing.assert_allclose(out_a.detach().cpu().numpy(), out_b.detach().cpu().numpy(),
                               rtol=1e-6)


# -- reprs -------------------------------------------------------------------------------------

REPR_CASES = [
    "Linear(3, 4)", "Linear(3, 4, bias=False)", "Bilinear(2, 3, 4)", "Identity()",
    "Conv1d(2, 4, 3, stride=2, padding=1)", "Conv2d(3, 6, 3, groups=3, bias=False)",
    "Conv2d(1, 1, (3, 5), padding='same', dilation=2, padding_mode='reflect')",
    "Conv3d(2, 2, 2)", "ConvTranspose2d(4, 2, 3, stride=2, output_padding=1)",
    "ConvTranspose1d(2, 2, 3, dilation=2)",
    "MaxPool1d(2)", "MaxPool2d(3, 2, 1, ceil_mode=True)", "MaxPool2d((2, 3))",
    "AvgPool1d(3)", "AvgPool2d(2, stride=1)", "AdaptiveAvgPool2d((2, 3))",
    "AdaptiveAvgPool1d(4)", "AdaptiveMaxPool2d(2)",
    "BatchNorm1d(3)", "BatchNorm2d(3, momentum=None, affine=False)",
    "BatchNorm3d(2, track_running_stats=False)", "LayerNorm((3, 4), eps=1e-6)",
    "LayerNorm(4, bias=False)", "GroupNorm(2, 4)", "InstanceNorm1d(3)",
    "InstanceNorm2d(3, affine=True)", "RMSNorm(4)", "RMSNorm([2, 3], eps=1e-5)",
    "LocalResponseNorm(3)", "Dropout()", "Dropout(0.2, inplace=True)", "Dropout2d(0.1)",
    "AlphaDropout(0.3)", "Embedding(10, 3)", "Embedding(10, 3, padding_idx=-2, max_norm=1.0)",
    "EmbeddingBag(10, 3, mode='sum')", "Flatten()", "Flatten(0, 2)", "Unflatten(1, (2, 3))",
    "ZeroPad2d(1)", "ConstantPad1d((1, 2), 3.5)", "ReflectionPad2d(2)", "ReplicationPad1d(3)",
    "CircularPad2d((1, 0, 2, 1))", "Upsample(scale_factor=2)", "Upsample(size=(4, 4), mode='bilinear')", "PixelShuffle(2)", "CosineSimilarity()", "PairwiseDistance()",
    "Threshold(0.1, 20)", "ReLU()", "ReLU(inplace=True)", "RReLU()", "Hardtanh(-2.0, 2.0)",
    "ReLU6()", "Sigmoid()", "Hardsigmoid(inplace=True)", "Tanh()", "SiLU()", "Mish()",
    "Hardswish()", "ELU(alpha=0.5)", "CELU()", "SELU(inplace=True)", "GLU()",
    "GELU(approximate='tanh')", "Hardshrink()", "LeakyReLU(0.2)", "LogSigmoid()", "Softplus()",
    "Softshrink(0.3)", "PReLU(3)", "Softsign()", "Tanhshrink()", "Softmin(1)",
    "Softmax(dim=-1)", "Softmax2d()", "LogSoftmax(1)", "MSELoss()", "CrossEntropyLoss()",
    "NLLLoss()", "BCEWithLogitsLoss()", "L1Loss(reduction='sum')",
    # its default distance is a PairwiseDistance child module, shown in the repr
    "TripletMarginWithDistanceLoss(margin=0.5)",
]


@pytest.mark.parametrize("spec", REPR_CASES)
def test_layer_repr_matches_torch(spec):
    ours = eval("nn." + spec)
    theirs = eval("TORCH.nn." + spec)
    assert repr(ours) == torch_text(repr(theirs))


# -- forward and backward ----------------------------------------------------------------------

def run_both(build, inputs, grads=None, train=True, seed=0, rtol=1e-5, atol=1e-6, calls=1,
             forward=None):
    """Build with the same weights, call on the same inputs, compare outputs, input gradients,
    parameter gradients and buffers."""
    ours, theirs = build_both(build, seed)
    copy_weights(ours, theirs)
    ours.train(train)
    theirs.train(train)
    if grads is None:
        grads = [x.dtype.kind == "f" for x in inputs]
    forward = forward or (lambda module, *args: module(*args))
    for _ in range(calls):
        ours_in = [ember.tensor(x, requires_grad=g) for x, g in zip(inputs, grads)]
        theirs_in = [TORCH.tensor(x, requires_grad=g) for x, g in zip(inputs, grads)]
        out_a = forward(ours, *ours_in)
        out_b = forward(theirs, *theirs_in)
        if isinstance(out_b, tuple):
            for a, b in zip(out_a[1:], out_b[1:]):
                np.testing.assert_array_equal(a.cpu().numpy(), b.cpu().numpy())
            out_a, out_b = out_a[0], out_b[0]
        np.testing.assert_allclose(out_a.detach().cpu().numpy(), out_b.detach().cpu().numpy(),
                                   rtol=rtol,
                                   atol=atol)
        assert str(out_a.dtype).replace("ember.", "") == str(out_b.dtype).replace("torch.", "")
        if out_b.requires_grad:
            seed_grad = rand(*out_b.shape, seed=1)
            out_a.backward(ember.tensor(seed_grad))
            out_b.backward(TORCH.tensor(seed_grad))
            for a, b in zip(ours_in, theirs_in):
                if b.requires_grad:
                    np.testing.assert_allclose(a.grad.cpu().numpy(), b.grad.cpu().numpy(),
                                               rtol=rtol * 10,
                                               atol=atol * 10)
            params_b = dict(theirs.named_parameters())
            for name, param in ours.named_parameters():
                other = params_b[name].grad
                assert (param.grad is None) == (other is None), name
                if other is not None:
                    np.testing.assert_allclose(param.grad.cpu().numpy(), other.cpu().numpy(),
                                               rtol=rtol * 10,
                                               atol=atol * 10, err_msg=name)
    assert_same_state(ours, theirs, exact=False)
    return ours, theirs


LAYER_CASES = [
    (("linear",), lambda lib: lib.nn.Linear(4, 3), [rand(2, 4)]),
    (("linear",), lambda lib: lib.nn.Linear(4, 3, bias=False), [rand(5, 2, 4)]),
    (("bilinear",), lambda lib: lib.nn.Bilinear(3, 4, 2), [rand(5, 3), rand(5, 4, seed=2)]),
    (("conv1d",), lambda lib: lib.nn.Conv1d(2, 4, 3, stride=2, padding=1), [rand(2, 2, 9)]),
    (("conv1d", "pad"), lambda lib: lib.nn.Conv1d(2, 4, 4, padding="same",
                                                  padding_mode="reflect"), [rand(2, 2, 9)]),
    (("conv2d",), lambda lib: lib.nn.Conv2d(3, 6, 3, groups=3, padding=1), [rand(2, 3, 7, 7)]),
    (("conv2d", "pad"), lambda lib: lib.nn.Conv2d(2, 3, (3, 2), stride=(2, 1), padding=1,
                                                  padding_mode="circular"), [rand(1, 2, 6, 5)]),
    (("conv3d",), lambda lib: lib.nn.Conv3d(2, 2, 2), [rand(1, 2, 4, 4, 4)]),
    (("conv_transpose1d",), lambda lib: lib.nn.ConvTranspose1d(2, 3, 3, stride=2,
                                                               output_padding=1), [rand(2, 2, 5)]),
    (("conv_transpose2d",), lambda lib: lib.nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1,
                                                               groups=2), [rand(1, 4, 4, 4)]),
    (("max_pool1d",), lambda lib: lib.nn.MaxPool1d(2), [rand(2, 3, 8)]),
    (("max_pool2d",), lambda lib: lib.nn.MaxPool2d(3, 2, 1), [rand(2, 2, 7, 7)]),
    (("max_pool2d",), lambda lib: lib.nn.MaxPool2d(2, return_indices=True), [rand(1, 2, 4, 6)]),
    (("avg_pool1d",), lambda lib: lib.nn.AvgPool1d(3, 2, 1), [rand(2, 3, 8)]),
    (("avg_pool2d",), lambda lib: lib.nn.AvgPool2d(2), [rand(2, 2, 6, 6)]),
    (("avg_pool2d",), lambda lib: lib.nn.AvgPool2d(3, 2, 1, count_include_pad=False),
     [rand(1, 2, 5, 5)]),
    (("adaptive_avg_pool1d",), lambda lib: lib.nn.AdaptiveAvgPool1d(3), [rand(2, 3, 7)]),
    (("adaptive_avg_pool2d",), lambda lib: lib.nn.AdaptiveAvgPool2d((2, 3)), [rand(2, 2, 5, 7)]),
    (("adaptive_max_pool2d",), lambda lib: lib.nn.AdaptiveMaxPool2d(2), [rand(2, 2, 5, 5)]),
    (("batch_norm",), lambda lib: lib.nn.BatchNorm1d(3), [rand(4, 3)]),
    (("batch_norm",), lambda lib: lib.nn.BatchNorm1d(3), [rand(4, 3, 5)]),
    (("batch_norm",), lambda lib: lib.nn.BatchNorm2d(3), [rand(2, 3, 4, 4)]),
    (("batch_norm",), lambda lib: lib.nn.BatchNorm3d(2), [rand(2, 2, 3, 3, 3)]),
    (("batch_norm",), lambda lib: lib.nn.BatchNorm2d(3, affine=False,
                                                     track_running_stats=False),
     [rand(2, 3, 4, 4)]),
    (("layer_norm",), lambda lib: lib.nn.LayerNorm(5), [rand(2, 3, 5)]),
    (("layer_norm",), lambda lib: lib.nn.LayerNorm([3, 5], elementwise_affine=False),
     [rand(2, 3, 5)]),
    (("group_norm",), lambda lib: lib.nn.GroupNorm(2, 4), [rand(2, 4, 3)]),
    (("instance_norm",), lambda lib: lib.nn.InstanceNorm1d(3), [rand(2, 3, 5)]),
    (("instance_norm",), lambda lib: lib.nn.InstanceNorm2d(3, affine=True,
                                                           track_running_stats=True),
     [rand(2, 3, 4, 4)]),
    (("rms_norm",), lambda lib: lib.nn.RMSNorm(4), [rand(2, 4)]),
    (("rms_norm",), lambda lib: lib.nn.RMSNorm([2, 4], eps=1e-5), [rand(3, 2, 4)]),
    (("local_response_norm",), lambda lib: lib.nn.LocalResponseNorm(3), [rand(2, 5, 4)]),
    (("embedding",), lambda lib: lib.nn.Embedding(10, 3, padding_idx=1), [ints(10, 4, 5)]),
    (("embedding_bag",), lambda lib: lib.nn.EmbeddingBag(10, 3, mode="sum"), [ints(10, 4, 5)]),
    (("embedding_bag",), lambda lib: lib.nn.EmbeddingBag(10, 3, mode="max"), [ints(10, 4, 5)]),
    (("pad",), lambda lib: lib.nn.ZeroPad2d(1), [rand(1, 2, 3, 3)]),
    (("pad",), lambda lib: lib.nn.ConstantPad1d((1, 2), 3.5), [rand(2, 3, 4)]),
    (("pad",), lambda lib: lib.nn.ReflectionPad2d(2), [rand(1, 2, 4, 4)]),
    (("pad",), lambda lib: lib.nn.ReplicationPad1d((2, 1)), [rand(2, 3, 4)]),
    (("pad",), lambda lib: lib.nn.CircularPad2d(1), [rand(1, 2, 3, 3)]),
    ((), lambda lib: lib.nn.Flatten(), [rand(2, 3, 4)]),
    ((), lambda lib: lib.nn.Unflatten(1, (2, 3)), [rand(2, 6)]),
    ((), lambda lib: lib.nn.Identity(3, foo=1), [rand(2, 6)]),
    (("cosine_similarity",), lambda lib: lib.nn.CosineSimilarity(), [rand(3, 4),
                                                                     rand(3, 4, seed=2)]),
    (("pairwise_distance",), lambda lib: lib.nn.PairwiseDistance(p=1.5), [rand(3, 4),
                                                                          rand(3, 4, seed=2)]),
    (("interpolate",), lambda lib: lib.nn.Upsample(scale_factor=2), [rand(1, 2, 3, 3)]),
    (("interpolate",), lambda lib: lib.nn.Upsample(size=(5, 4), mode="bilinear"),
     [rand(1, 2, 3, 3)]),
    (("pixel_shuffle",), lambda lib: lib.nn.PixelShuffle(2), [rand(1, 8, 2, 3)]),
    (("conv_transpose3d",), lambda lib: lib.nn.ConvTranspose3d(2, 2, 2, stride=2),
     [rand(1, 2, 2, 3, 2)]),
    (("max_pool3d",), lambda lib: lib.nn.MaxPool3d(2), [rand(1, 2, 4, 4, 4)]),
    (("avg_pool3d",), lambda lib: lib.nn.AvgPool3d(2, stride=1), [rand(1, 2, 3, 3, 3)]),
    (("adaptive_avg_pool3d",), lambda lib: lib.nn.AdaptiveAvgPool3d(2), [rand(1, 2, 3, 4, 5)]),
    (("adaptive_max_pool1d",), lambda lib: lib.nn.AdaptiveMaxPool1d(3, return_indices=True),
     [rand(2, 2, 7)]),
    (("adaptive_max_pool3d",), lambda lib: lib.nn.AdaptiveMaxPool3d(2), [rand(1, 2, 3, 4, 5)]),
    (("lp_pool1d",), lambda lib: lib.nn.LPPool1d(2, 3, stride=2), [rand(2, 3, 9, low=0.1)]),
    (("lp_pool2d",), lambda lib: lib.nn.LPPool2d(1.5, 2), [rand(1, 2, 4, 6, low=0.1)]),
    (("unfold",), lambda lib: lib.nn.Unfold(2, padding=1, stride=2), [rand(1, 2, 5, 5)]),
    (("fold",), lambda lib: lib.nn.Fold((4, 5), 2), [rand(1, 8, 12)]),
    (("channel_shuffle",), lambda lib: lib.nn.ChannelShuffle(2), [rand(1, 6, 2, 2)]),
    (("pixel_unshuffle",), lambda lib: lib.nn.PixelUnshuffle(2), [rand(1, 2, 4, 6)]),
    (("instance_norm",), lambda lib: lib.nn.InstanceNorm3d(2), [rand(2, 2, 3, 3, 3)]),
    (("instance_norm",), lambda lib: lib.nn.InstanceNorm1d(3), [rand(3, 5)]),
    # Dropout draws its mask from the default device's generator: torch's stream on the CPU only.
    *(pytest.param(*case, marks=cpu_only(CPU_RNG)) for case in [
        (("dropout",), lambda lib: lib.nn.Dropout(0.3), [rand(4, 5)]),
        (("dropout1d",), lambda lib: lib.nn.Dropout1d(0.5), [rand(2, 6, 3)]),
        (("dropout3d",), lambda lib: lib.nn.Dropout3d(0.5), [rand(2, 4, 2, 2, 2)]),
        (("alpha_dropout",), lambda lib: lib.nn.AlphaDropout(0.2), [rand(4, 5)]),
        (("feature_alpha_dropout",), lambda lib: lib.nn.FeatureAlphaDropout(0.2), [rand(2, 4, 3)]),
        (("dropout2d",), lambda lib: lib.nn.Dropout2d(0.5), [rand(2, 6, 3, 3)]),
    ]),
]


@pytest.mark.parametrize("names,build,inputs", LAYER_CASES)
def test_layer_forward_backward_match_torch(names, build, inputs):
    missing = [n for n in names if not hasattr(F, n)]
    if missing:
        pytest.skip(f"ember.nn.functional lacks {missing}")
    run_both(build, inputs)


@needs("batch_norm")
@pytest.mark.parametrize("momentum", [0.1, None])
def test_batchnorm_running_statistics_over_steps_then_eval(momentum):
    def forward(module, x):
        return module(x)

    ours, theirs = run_both(lambda lib: lib.nn.BatchNorm1d(3, momentum=momentum),
                            [rand(6, 3)], calls=3, forward=forward)
    assert int(ours.num_batches_tracked) == 3
    ours.eval()
    theirs.eval()
    x = rand(4, 3, seed=5)
    np.testing.assert_allclose(ours(ember.tensor(x)).detach().cpu().numpy(),
                               theirs(TORCH.tensor(x)).detach().cpu().numpy(), rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match=r"expected 4D input \(got 2D input\)"):
        nn.BatchNorm2d(3)(ember.ones(2, 3))


@needs("dropout")
def test_dropout_is_identity_in_eval_and_errors_on_bad_p():
    layer = nn.Dropout(0.5).eval()
    x = ember.ones(3, 3)
    assert layer(x) is x or np.array_equal(layer(x).cpu().numpy(), x.cpu().numpy())
    with pytest.raises(ValueError, match="dropout probability has to be between 0 and 1, but got "
                                         "1.5"):
        nn.Dropout(1.5)


@needs("conv_transpose2d")
def test_conv_transpose_output_size():
    run_both(lambda lib: lib.nn.ConvTranspose2d(2, 2, 3, stride=2), [rand(1, 2, 3, 3)],
             forward=lambda module, x: module(x, output_size=[8, 8]))
    with pytest.raises(ValueError, match="requested an output size of"):
        nn.ConvTranspose2d(2, 2, 3, stride=2)(ember.ones(1, 2, 3, 3), output_size=[20, 20])


@needs("conv_transpose2d")
@pytest.mark.parametrize("shape,output_size", [
    ((1, 2, 4, 4), [20, 9]), ((1, 2, 4, 4), (9, 20)), ((1, 2, 4, 4), [1, 2, 9, 20]),
    ((1, 2, 4, 4), "size"), ((2, 4, 4), [2, 9, 20]), ((2, 4, 4), [1, 2, 9, 9]),
    ((1, 2, 4, 4), [9]), ((1, 2, 4, 4), [8, 9])])
def test_conv_transpose_output_size_errors_match_torch(shape, output_size):
    # The message shows output_size as given (cut to the spatial sizes), every dimension's
    # range, and the input's sizes from dim 2 on (one spatial size for an unbatched input).
    def call(lib):
        sizes = lib.Size([1, 2, 9, 20]) if output_size == "size" else output_size
        return lib.nn.ConvTranspose2d(2, 2, 3, stride=2)(lib.ones(*shape), output_size=sizes)
    with pytest.raises(ValueError) as theirs:
        call(TORCH)
    with pytest.raises(ValueError) as ours:
        call(ember)
    assert str(ours.value) == str(theirs.value).replace("torch.", "ember.")


@pytest.mark.parametrize("build,message", [
    (lambda nn_: nn_.Conv2d(3, 4, 3, groups=2), "in_channels must be divisible by groups"),
    (lambda nn_: nn_.Conv2d(2, 3, 3, groups=2), "out_channels must be divisible by groups"),
    (lambda nn_: nn_.Conv2d(2, 2, 3, padding="full"), "Invalid padding string 'full'"),
    (lambda nn_: nn_.Conv2d(2, 2, 3, stride=2, padding="same"),
     "padding='same' is not supported for strided convolutions"),
    (lambda nn_: nn_.ConvTranspose2d(2, 2, 3, padding_mode="reflect"),
     'Only "zeros" padding mode is supported for ConvTranspose2d'),
    (lambda nn_: nn_.GroupNorm(3, 4), "num_channels (4) must be divisible by num_groups (3)"),
])
def test_constructor_errors_match_torch(build, message):
    with pytest.raises(ValueError) as ours:
        build(nn)
    with pytest.raises(ValueError) as theirs:
        build(TORCH.nn)
    assert str(ours.value) == str(theirs.value)
    assert message in str(ours.value)


def test_embedding_from_pretrained_and_padding_gradient():
    table = ember.arange(12.0).reshape(4, 3)
    frozen = nn.Embedding.from_pretrained(table)
    assert not frozen.weight.requires_grad
    assert frozen.weight.data_ptr() == table.data_ptr()
    if not hasattr(F, "embedding"):
        pytest.skip("ember.nn.functional lacks embedding")
    np.testing.assert_array_equal(frozen(ember.tensor([2])).cpu().numpy(), [[6.0, 7.0, 8.0]])
    trainable = nn.Embedding.from_pretrained(table.clone(), freeze=False, padding_idx=0)
    trainable(ember.tensor([0, 1, 0])).sum().backward()
    assert trainable.weight.grad[0].abs().sum().item() == 0
    assert trainable.weight.grad[1].sum().item() == 3


# -- activations and losses ---------------------------------------------------------------------

ACTIVATION_CASES = [
    ("threshold", "Threshold(0.1, 20.0)"), ("relu", "ReLU()"), ("hardtanh", "Hardtanh(-0.5, 0.5)"),
    ("hardtanh", "ReLU6()"), ("sigmoid", "Sigmoid()"), ("hardsigmoid", "Hardsigmoid()"),
    ("tanh", "Tanh()"), ("silu", "SiLU()"), ("mish", "Mish()"), ("hardswish", "Hardswish()"),
    ("elu", "ELU(alpha=0.5)"), ("celu", "CELU(alpha=2.0)"), ("selu", "SELU()"),
    ("glu", "GLU(dim=1)"), ("gelu", "GELU()"), ("gelu", "GELU(approximate='tanh')"),
    ("hardshrink", "Hardshrink(0.3)"), ("leaky_relu", "LeakyReLU(0.2)"),
    ("logsigmoid", "LogSigmoid()"), ("softplus", "Softplus(beta=2.0, threshold=1.0)"),
    ("softshrink", "Softshrink(0.3)"), ("prelu", "PReLU(4)"), ("softsign", "Softsign()"),
    ("tanhshrink", "Tanhshrink()"), ("softmin", "Softmin(dim=1)"), ("softmax", "Softmax(dim=1)"),
    ("softmax", "Softmax2d()"), ("log_softmax", "LogSoftmax(dim=-1)"),
    ("rrelu", "RReLU()"),
]


@pytest.mark.parametrize("function,spec", ACTIVATION_CASES)
def test_activation_modules_match_torch(function, spec):
    if not hasattr(F, function):
        pytest.skip(f"ember.nn.functional lacks {function}")
    build = eval("lambda lib: lib.nn." + spec)
    x = rand(3, 4, 2, 2, low=-3, high=3)
    # RReLU draws its slopes only in training; compare its deterministic eval mode.
    run_both(build, [x], train="RReLU" not in spec)


def loss_inputs(kind):
    logits = rand(4, 5, low=-2, high=2)
    probs = rand(4, 5, low=0.05, high=0.95, seed=3)
    classes = ints(5, 4, seed=4)
    signs = np.where(rand(4, seed=6) > 0, 1.0, -1.0).astype(np.float32)
    return {
        "regression": ([logits, rand(4, 5, seed=2)], [True, False]),
        "classes": ([logits, classes], [True, False]),
        "log_probs": ([logits - np.log(np.exp(logits).sum(1, keepdims=True)), classes],
                      [True, False]),
        "probs": ([probs, rand(4, 5, low=0, high=1, seed=5)], [True, False]),
        "signs": ([rand(4), signs], [True, False]),
        "pair_signs": ([rand(4, 5), rand(4, 5, seed=2), signs], [True, True, False]),
        "pair_rank": ([rand(4), rand(4, seed=2), signs], [True, True, False]),
        "triplet": ([rand(4, 5), rand(4, 5, seed=2), rand(4, 5, seed=3)], [True, True, True]),
        "gaussian": ([logits, rand(4, 5, seed=2), rand(4, 5, low=0.1, high=2, seed=3)],
                     [True, False, True]),
        "multilabel": ([logits, (rand(4, 5, seed=2) > 0).astype(np.float32)], [True, False]),
        "label_lists": ([logits, np.array([[3, 0, -1, 1, 1], [1, 2, 4, 0, -1], [-1, 0, 0, 0, 0],
                                           [4, 3, 2, 1, 0]], dtype=np.int64)], [True, False]),
    }[kind]


LOSS_CASES = [
    ("l1_loss", "L1Loss()", "regression"), ("mse_loss", "MSELoss(reduction='sum')", "regression"),
    ("mse_loss", "MSELoss(reduction='none')", "regression"),
    ("nll_loss", "NLLLoss()", "log_probs"), ("nll_loss", "NLLLoss(ignore_index=2)", "log_probs"),
    ("cross_entropy", "CrossEntropyLoss()", "classes"),
    ("cross_entropy", "CrossEntropyLoss(label_smoothing=0.1, reduction='sum')", "classes"),
    ("cross_entropy", "CrossEntropyLoss(weight=lib.tensor([1., 2., 3., 4., 5.]))", "classes"),
    ("poisson_nll_loss", "PoissonNLLLoss()", "regression"),
    ("gaussian_nll_loss", "GaussianNLLLoss()", "gaussian"),
    ("kl_div", "KLDivLoss(reduction='batchmean')", "log_probs_target"),
    ("binary_cross_entropy", "BCELoss()", "probs"),
    ("binary_cross_entropy_with_logits", "BCEWithLogitsLoss(pos_weight=lib.ones(5) * 2)",
     "multilabel"),
    ("hinge_embedding_loss", "HingeEmbeddingLoss()", "signs"),
    ("smooth_l1_loss", "SmoothL1Loss(beta=0.5)", "regression"),
    ("huber_loss", "HuberLoss(delta=0.5)", "regression"),
    ("soft_margin_loss", "SoftMarginLoss()", "signs"),
    ("multilabel_soft_margin_loss", "MultiLabelSoftMarginLoss()", "multilabel"),
    ("cosine_embedding_loss", "CosineEmbeddingLoss(margin=0.1)", "pair_signs"),
    ("margin_ranking_loss", "MarginRankingLoss(margin=0.2)", "pair_rank"),
    ("multi_margin_loss", "MultiMarginLoss()", "classes"),
    ("triplet_margin_loss", "TripletMarginLoss()", "triplet"),
    ("triplet_margin_with_distance_loss", "TripletMarginWithDistanceLoss()", "triplet"),
    ("multilabel_margin_loss", "MultiLabelMarginLoss()", "label_lists"),
]


@pytest.mark.parametrize("function,spec,kind", LOSS_CASES)
def test_loss_modules_match_torch(function, spec, kind):
    if not hasattr(F, function):
        pytest.skip(f"ember.nn.functional lacks {function}")
    build = eval("lambda lib: lib.nn." + spec)
    if kind == "log_probs_target":
        inputs, grads = loss_inputs("log_probs")
        inputs = [inputs[0], rand(4, 5, low=0.05, high=1, seed=7)]
        grads = [True, False]
    else:
        inputs, grads = loss_inputs(kind)
    run_both(build, inputs, grads=grads)


@needs("max_pool2d", "max_unpool2d")
def test_max_unpool_inverts_max_pool_as_torch():
    def forward(module, x):
        pooled, indices = module[0](x)
        return module[1](pooled, indices, output_size=x.shape)

    run_both(lambda lib: lib.nn.ModuleList([lib.nn.MaxPool2d(2, return_indices=True),
                                            lib.nn.MaxUnpool2d(2)]), [rand(1, 2, 5, 4)],
             forward=forward)


@needs("embedding_bag")
def test_embedding_bag_with_offsets_and_per_sample_weights():
    indices = np.array([1, 2, 4, 5, 4, 3, 2, 9], dtype=np.int64)
    weights = rand(8, low=0, high=1)
    run_both(lambda lib: lib.nn.EmbeddingBag(10, 3, mode="sum"),
             [indices, np.array([0, 3, 5]), weights], grads=[False, False, True])
    run_both(lambda lib: lib.nn.EmbeddingBag(10, 3, include_last_offset=True, padding_idx=2),
             [indices, np.array([0, 3, 5, 8])], grads=[False, False])


@needs("ctc_loss")
def test_ctc_loss_module_matches_torch():
    log_probs = np.log(np.random.default_rng(0).dirichlet(np.ones(5), (6, 2))).astype(np.float32)
    targets = np.array([[1, 2, 2], [3, 4, 0]], dtype=np.int64)
    run_both(lambda lib: lib.nn.CTCLoss(), [log_probs, targets, np.array([6, 5]),
                                           np.array([3, 2])], grads=[True, False, False, False])


def test_legacy_reduction_flags_warn_and_map():
    with pytest.warns(UserWarning, match="size_average and reduce args will be deprecated, "
                                         "please use reduction='sum' instead."):
        loss = nn.MSELoss(size_average=False)
    assert loss.reduction == "sum"
    assert dict(nn.CrossEntropyLoss(weight=ember.ones(3)).named_buffers())["weight"].shape == (3,)


# Every activation module, constructed wrongly: torch's TypeError, naming the class itself.
_ACTIVATIONS = ["ReLU", "ReLU6", "SiLU", "Mish", "Hardswish", "Hardsigmoid", "SELU", "CELU",
                "ELU", "GELU", "Tanh", "Sigmoid", "LogSigmoid", "Softsign", "Tanhshrink",
                "LeakyReLU", "Softplus", "Hardtanh", "PReLU", "Softmax", "LogSoftmax"]


@requires_torch
@pytest.mark.parametrize("name", _ACTIVATIONS)
def test_activation_constructor_errors_name_the_class(name):
    def errors(lib):
        found = []
        for args, kwargs in (((), {"foo": 1}), ((True, 2, 3, 4, 5), {})):
            try:
                getattr(lib.nn, name)(*args, **kwargs)
                found.append(None)
            except TypeError as error:
                found.append(str(error))
        return found
    assert errors(ember) == errors(TORCH)
