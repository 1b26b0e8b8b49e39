"""Convolutions: values, gradients (first and second order), grad_fn names, shapes and errors."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ember
from ember.ops import conv
from tests.conftest import TORCH, check_gradients, compare_with_torch, rand64, requires_torch


def F(lib):
    """The functional namespace of ``lib``: ember's conv ops or torch.nn.functional."""
    return conv if lib is ember else lib.nn.functional


CONV2D = [
    {},
    {"stride": 2, "padding": 1},
    {"stride": (2, 1), "padding": (0, 2), "dilation": (1, 2)},
    {"padding": "same", "dilation": 2},
    {"padding": "valid", "stride": 3},
    {"groups": 2, "padding": 1},
    {"groups": 4, "stride": 2, "dilation": 2, "padding": (2, 1)},
]


@requires_torch
@pytest.mark.parametrize("kw", CONV2D)
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("batched", [True, False])
def test_conv2d_matches_torch(kw, bias, batched):
    groups = kw.get("groups", 1)
    x = rand64(2, 4, 9, 8) if batched else rand64(4, 9, 8)
    w = rand64(8, 4 // groups, 3, 2, seed=1)
    b = rand64(8, seed=2) if bias else None
    compare_with_torch(lambda lib, x, w, b: F(lib).conv2d(x, w, b, **kw), x, w, b)


SAME_WARNING = "ignore:Using padding='same' with even kernel lengths"


@requires_torch
@pytest.mark.filterwarnings(SAME_WARNING)
@pytest.mark.parametrize("kw", [{}, {"stride": 2, "padding": 2, "dilation": 2},
                                {"padding": "same", "groups": 3}, {"padding": "same", "dilation": 3}])
def test_conv1d_matches_torch(kw):
    groups = kw.get("groups", 1)
    x, w, b = rand64(2, 3, 11), rand64(6, 3 // groups, 4, seed=1), rand64(6, seed=2)
    compare_with_torch(lambda lib, x, w, b: F(lib).conv1d(x, w, b, **kw), x, w, b)


@requires_torch
@pytest.mark.filterwarnings(SAME_WARNING)
@pytest.mark.parametrize("kw", [{}, {"stride": (1, 2, 1), "padding": 1, "dilation": (2, 1, 1)},
                                {"groups": 2, "padding": "same"}])
def test_conv3d_matches_torch(kw):
    groups = kw.get("groups", 1)
    x, w, b = rand64(2, 4, 5, 6, 5), rand64(4, 4 // groups, 2, 3, 2, seed=1), rand64(4, seed=2)
    compare_with_torch(lambda lib, x, w, b: F(lib).conv3d(x, w, b, **kw), x, w, b)


CONV_TRANSPOSE = [
    {},
    {"stride": 2, "padding": 1, "output_padding": 1},
    {"stride": (3, 2), "padding": (2, 0), "output_padding": (2, 1), "dilation": (1, 2)},
    {"groups": 2, "stride": 2},
    {"dilation": 2, "padding": 2, "output_padding": 1},
]


@requires_torch
@pytest.mark.parametrize("kw", CONV_TRANSPOSE)
@pytest.mark.parametrize("batched", [True, False])
def test_conv_transpose2d_matches_torch(kw, batched):
    groups = kw.get("groups", 1)
    x = rand64(2, 4, 5, 4) if batched else rand64(4, 5, 4)
    w, b = rand64(4, 6 // groups, 3, 2, seed=1), rand64(6, seed=2)
    compare_with_torch(lambda lib, x, w, b: F(lib).conv_transpose2d(x, w, b, **kw), x, w, b)


@requires_torch
@pytest.mark.parametrize("kw", [{}, {"stride": 3, "padding": 1, "output_padding": 2},
                                {"groups": 2, "dilation": 3}])
def test_conv_transpose1d_and_3d_match_torch(kw):
    groups = kw.get("groups", 1)
    x, w, b = rand64(2, 4, 6), rand64(4, 2 // groups * groups // groups, 3, seed=1), rand64(
        2 // groups * groups, seed=2)
    compare_with_torch(lambda lib, x, w, b: F(lib).conv_transpose1d(x, w, b, **kw), x, w, b)
    x3, w3 = rand64(1, 4, 3, 4, 3), rand64(4, 2, 2, 3, 2, seed=1)
    compare_with_torch(lambda lib, x, w: F(lib).conv_transpose3d(x, w, groups=groups,
                                                                  stride=kw.get("stride", 1)),
                       x3, w3)


@requires_torch
def test_conv2d_float32_and_int64_match_torch():
    x = ember.tensor(np.random.default_rng(0).standard_normal((2, 3, 8, 8)).astype(np.float32),
                     requires_grad=True)
    w = ember.tensor(np.random.default_rng(1).standard_normal((5, 3, 3, 3)).astype(np.float32),
                     requires_grad=True)
    compare_with_torch(lambda lib, x, w: F(lib).conv2d(x, w, padding=1), x, w, rtol=1e-4,
                       atol=1e-5)
    xi = ember.randint(-3, 3, (1, 2, 5, 5))
    wi = ember.randint(-3, 3, (3, 2, 2, 2))
    compare_with_torch(lambda lib, x, w: F(lib).conv2d(x, w, stride=2), xi, wi)


def test_same_padding_with_even_kernel_warns():
    with pytest.warns(UserWarning, match="Using padding='same' with even kernel lengths"):
        out = conv.conv1d(ember.zeros(1, 1, 5), ember.zeros(1, 1, 2), padding="same")
    assert tuple(out.shape) == (1, 1, 5)


@pytest.mark.filterwarnings(SAME_WARNING)
@pytest.mark.parametrize("fn, shapes", [
    (lambda x, w, b: conv.conv2d(x, w, b, stride=2, padding=1), ((2, 2, 5, 5), (3, 2, 3, 3), (3,))),
    (lambda x, w, b: conv.conv2d(x, w, b, dilation=2, groups=2, padding="same"),
     ((1, 4, 5, 4), (2, 2, 2, 3), (2,))),
    (lambda x, w, b: conv.conv1d(x, w, b, stride=2, padding=1), ((2, 2, 7), (3, 2, 3), (3,))),
    (lambda x, w, b: conv.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1),
     ((1, 2, 3, 3), (2, 3, 3, 2), (3,))),
    (lambda x, w, b: conv.conv_transpose1d(x, w, b, stride=2, groups=2),
     ((2, 4, 4), (4, 1, 3), (2,))),
    (lambda x, w, b: conv.conv3d(x, w, b, padding=1), ((1, 2, 3, 3, 3), (2, 2, 2, 2, 2), (2,))),
])
def test_conv_gradcheck_and_gradgradcheck(fn, shapes):
    check_gradients(fn, *(rand64(*s, seed=i) for i, s in enumerate(shapes)))


@requires_torch
def test_gradient_penalty_matches_torch():
    """Double backward through conv: d/dw of ||d out / d x||^2, names and values as torch."""
    results = []
    for lib in (ember, TORCH):
        x = lib.tensor(rand64(2, 3, 6, 6).detach().cpu().numpy(), requires_grad=True)
        w = lib.tensor(rand64(4, 3, 3, 3, seed=1).detach().cpu().numpy(), requires_grad=True)
        out = F(lib).conv2d(x, w, padding=1, stride=2)
        (gx,) = lib.autograd.grad((out * out).sum(), x, create_graph=True)
        penalty = (gx * gx).sum()
        penalty.backward()
        results.append((gx.grad_fn.name(), penalty.item(), w.grad.detach().cpu().numpy(),
                        x.grad.detach().cpu().numpy()))
    (name, value, gw, gx), (tname, tvalue, tgw, tgx) = results
    assert name == tname == "ConvolutionBackwardBackward0"
    assert value == pytest.approx(tvalue, rel=1e-10)
    np.testing.assert_allclose(gw, tgw, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(gx, tgx, rtol=1e-9, atol=1e-12)


def _expected_length(size, kernel, stride, padding, dilation):
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


@settings(max_examples=50, deadline=None)
@given(size=st.integers(1, 12), kernel=st.integers(1, 4), stride=st.integers(1, 3),
       padding=st.integers(0, 2), dilation=st.integers(1, 3), channels=st.integers(1, 3),
       transposed=st.booleans())
def test_conv_output_shapes(size, kernel, stride, padding, dilation, channels, transposed):
    x = ember.zeros(2, channels, size, size + 1)
    if transposed:
        out_pad = min(stride, dilation) - 1
        w = ember.zeros(channels, 2, kernel, kernel)
        expect = [(n - 1) * stride - 2 * padding + dilation * (kernel - 1) + out_pad + 1
                  for n in (size, size + 1)]
        if min(expect) <= 0:
            with pytest.raises(RuntimeError, match="Output size is too small"):
                conv.conv_transpose2d(x, w, stride=stride, padding=padding,
                                      output_padding=out_pad, dilation=dilation)
            return
        out = conv.conv_transpose2d(x, w, stride=stride, padding=padding,
                                    output_padding=out_pad, dilation=dilation)
    else:
        w = ember.zeros(2, channels, kernel, kernel)
        if dilation * (kernel - 1) + 1 > size + 2 * padding:
            with pytest.raises(RuntimeError, match="Kernel size can't be greater"):
                conv.conv2d(x, w, padding=padding, dilation=dilation)
            return
        out = conv.conv2d(x, w, stride=stride, padding=padding, dilation=dilation)
        expect = [_expected_length(n, kernel, stride, padding, dilation) for n in (size, size + 1)]
    assert tuple(out.shape) == (2, 2, *expect)
    if TORCH is not None:
        tx, tw = TORCH.zeros(tuple(x.shape)), TORCH.zeros(tuple(w.shape))
        if transposed:
            theirs = TORCH.nn.functional.conv_transpose2d(tx, tw, stride=stride, padding=padding,
                                                          output_padding=out_pad,
                                                          dilation=dilation)
        else:
            theirs = TORCH.nn.functional.conv2d(tx, tw, stride=stride, padding=padding,
                                                dilation=dilation)
        assert tuple(theirs.shape) == tuple(out.shape)


ERRORS = [
    (lambda lib: F(lib).conv2d(lib.zeros(1, 4, 5, 5), lib.zeros(8, 3, 3, 3)),
     (r"Given groups=1, weight of size \[8, 3, 3, 3\], expected input\[1, 4, 5, 5\] to have 3 "
     r"channels, but got 4 channels instead")),
    (lambda lib: F(lib).conv2d(lib.zeros(1, 3, 2, 2), lib.zeros(8, 3, 3, 3)),
     r"Calculated padded input size per channel: \(2 x 2\). Kernel size: \(3 x 3\)"),
    (lambda lib: F(lib).conv2d(lib.zeros(1, 3, 5, 5), lib.zeros(8, 3, 3, 3, dtype=lib.float64)),
     "expected scalar type Float but found Double"),
    (lambda lib: F(lib).conv2d(lib.zeros(1, 3, 5, 5), lib.zeros(8, 3, 3, 3),
                               lib.zeros(8, dtype=lib.float64)),
     r"Input type \(float\) and bias type \(double\) should be the same"),
    (lambda lib: F(lib).conv2d(lib.zeros(1, 3, 5, 5), lib.zeros(8, 3, 3, 3), lib.zeros(7)),
     r"expected bias to be 1-dimensional with 8 elements, but got bias of size \[7\]"),
    (lambda lib: F(lib).conv2d(lib.zeros(3, 5), lib.zeros(8, 3, 3, 3)),
     (r"Expected 3D \(unbatched\) or 4D \(batched\) input to conv2d, but got input of size: "
     r"\[3, 5\]")),
    (lambda lib: F(lib).conv2d(lib.zeros(1, 4, 5, 5), lib.zeros(8, 4, 3, 3), groups=3),
     "Given groups=3, expected weight to be divisible by 3 at dimension 0"),
    (lambda lib: F(lib).conv2d(lib.zeros(1, 4, 5, 5), lib.zeros(8, 4, 3, 3), stride=2,
                               padding="same"),
     "padding='same' is not supported for strided convolutions"),
    (lambda lib: F(lib).conv2d(lib.zeros(1, 4, 5, 5), lib.zeros(8, 4, 3, 3), padding="foo"),
     "Invalid padding string: 'foo'"),
    (lambda lib: F(lib).conv2d(lib.zeros(1, 4, 5, 5), lib.zeros(8, 4, 3, 3), stride=0),
     "non-positive stride is not supported"),
    (lambda lib: F(lib).conv2d(lib.zeros(1, 4, 5, 5), lib.zeros(8, 4, 3, 3), padding=-1),
     "negative padding is not supported"),
    (lambda lib: F(lib).conv2d(lib.zeros(1, 4, 5, 5), lib.zeros(8, 4, 3, 3), stride=(1, 2, 3)),
     (r"expected stride to be a single integer value or a list of 2 values to match the "
     r"convolution dimensions, but got stride=\[1, 2, 3\]")),
    (lambda lib: F(lib).conv1d(lib.zeros(1, 4, 5), lib.zeros(8, 4, 3, 3)),
     (r"Expected 4-dimensional input for 4-dimensional weight \[8, 4, 3, 3\], but got "
     r"3-dimensional input of size \[1, 4, 5\] instead")),
    (lambda lib: F(lib).conv_transpose2d(lib.zeros(1, 4, 5, 5), lib.zeros(3, 2, 3, 3)),
     (r"Given transposed=1, weight of size \[3, 2, 3, 3\], expected input\[1, 4, 5, 5\] to have "
     "3 channels, but got 4 channels instead")),
    (lambda lib: F(lib).conv_transpose2d(lib.zeros(1, 4, 5, 5), lib.zeros(4, 2, 3, 3), stride=2,
                                         output_padding=2),
     ("output padding must be smaller than either stride or dilation, but got "
     "output_padding_height: 2 output_padding_width: 2 stride_height: 2 stride_width: 2 "
     "dilation_height: 1 dilation_width: 1")),
]


@pytest.mark.parametrize("call, message", ERRORS)
def test_conv_errors(call, message):
    with pytest.raises(RuntimeError, match=message):
        call(ember)


@requires_torch
@pytest.mark.parametrize("call, message", ERRORS)
def test_conv_error_messages_match_torch(call, message):
    with pytest.raises(RuntimeError) as theirs:
        call(TORCH)
    with pytest.raises(RuntimeError) as ours:
        call(ember)
    assert str(ours.value) == str(theirs.value)


@requires_torch
@pytest.mark.parametrize("name, weight", [("conv2d", (3, 2, 3, 3)), ("conv_transpose2d",
                                                                      (2, 3, 3, 3))])
def test_empty_batch_matches_torch(name, weight):
    theirs = getattr(TORCH.nn.functional, name)(TORCH.zeros(0, 2, 4, 4), TORCH.zeros(weight))
    x, w = ember.zeros(0, 2, 4, 4, requires_grad=True), ember.ones(weight, requires_grad=True)
    ours = getattr(conv, name)(x, w)
    assert tuple(ours.shape) == tuple(theirs.shape)
    ours.sum().backward()
    assert tuple(x.grad.shape) == (0, 2, 4, 4) and float(w.grad.abs().sum()) == 0.0


@requires_torch
@pytest.mark.parametrize("name, weight, kw", [
    ("conv2d", (6, 2, 3, 2), {"stride": 2, "padding": 1, "dilation": 2, "groups": 2}),
    ("conv_transpose2d", (4, 3, 3, 2), {"stride": 2, "padding": 1, "output_padding": 1, "groups": 2})])
def test_large_batches_run_in_chunks(monkeypatch, name, weight, kw):
    # Shrink the chunk budget so that a small batch takes the chunked path big images take.
    monkeypatch.setattr(conv, "CHUNK_BYTES", 4000)
    monkeypatch.setattr(conv, "KEEP_BYTES", 0)
    compare_with_torch(lambda lib, x, w: getattr(F(lib), name)(x, w, **kw),
                       rand64(7, 4, 9, 8), rand64(*weight, seed=1))


@requires_torch
@pytest.mark.parametrize("name, x_shape, w_shape, kw", [
    ("conv2d", (3, 4, 9, 8), (4, 1, 3, 2), {"stride": 2, "padding": 1, "dilation": 2}),
    ("conv2d", (3, 4, 9, 8), (8, 1, 3, 3), {"padding": "same"}),
    ("conv1d", (2, 3, 9), (3, 1, 4), {"stride": 2, "padding": 2}),
    ("conv3d", (1, 2, 4, 5, 4), (2, 1, 2, 3, 2), {"padding": 1}),
    ("conv_transpose2d", (2, 4, 5, 4), (4, 1, 3, 2), {"stride": 2, "output_padding": 1}),
])
def test_depthwise_matches_torch(name, x_shape, w_shape, kw):
    groups = x_shape[1]
    compare_with_torch(lambda lib, x, w: getattr(F(lib), name)(x, w, groups=groups, **kw),
                       rand64(*x_shape), rand64(*w_shape, seed=1))


# Stride-1 depthwise convolutions with one output per channel take the flat tap-sum kernels:
# padding within and beyond the kernel's extent (the input gradient's gather form needs the
# first), asymmetric 'same' padding, dilation, and a transposed one whose output_padding leaves
# rows no window reads.
DEPTHWISE_FLAT = [
    ("conv2d", (3, 4, 9, 8), (4, 1, 3, 3), {"padding": 1}),
    ("conv2d", (3, 4, 9, 8), (4, 1, 3, 4), {"padding": "same", "dilation": (1, 1)}),
    ("conv2d", (2, 3, 6, 7), (3, 1, 3, 3), {"padding": 3, "dilation": (2, 1)}),
    ("conv1d", (2, 3, 9), (3, 1, 4), {"padding": 2}),
    ("conv3d", (1, 2, 4, 5, 4), (2, 1, 2, 3, 2), {"padding": 1}),
    ("conv_transpose2d", (2, 4, 5, 4), (4, 1, 3, 2), {"dilation": 2, "padding": 1,
                                                      "output_padding": 1}),
]


@requires_torch
@pytest.mark.filterwarnings("ignore:Using padding='same'")
@pytest.mark.parametrize("name, x_shape, w_shape, kw", DEPTHWISE_FLAT)
def test_flat_depthwise_matches_torch(name, x_shape, w_shape, kw):
    groups = x_shape[1]
    compare_with_torch(lambda lib, x, w: getattr(F(lib), name)(x, w, groups=groups, **kw),
                       rand64(*x_shape), rand64(*w_shape, seed=1))


@pytest.mark.filterwarnings("ignore:Using padding='same'")
@pytest.mark.parametrize("name, x_shape, w_shape, kw", DEPTHWISE_FLAT)
def test_flat_depthwise_gradgradcheck(name, x_shape, w_shape, kw):
    groups = x_shape[1]
    check_gradients(lambda x, w: getattr(conv, name)(x, w, groups=groups, **kw),
                    rand64(*x_shape), rand64(*w_shape, seed=1))


def test_flat_depthwise_blocks_shared_among_threads(monkeypatch):
    # One sample a block, every block shared between two threads: the values are those of one
    # thread running the whole batch, bit for bit (each block's sums run in the same order).
    from ember.ops import _kernels
    x, w = rand64(5, 3, 7, 6), rand64(3, 1, 3, 3, seed=1)
    gy = rand64(5, 3, 7, 6, seed=2, requires_grad=False)

    def run():
        x.grad = w.grad = None
        conv.conv2d(x, w, padding=1, groups=3).backward(gy)
        return [t.detach().clone() for t in (conv.conv2d(x, w, padding=1, groups=3), x.grad,
                                             w.grad)]

    before = ember.get_num_threads()
    whole = run()
    monkeypatch.setattr(_kernels, "BLOCK_ELEMENTS", 1)
    monkeypatch.setattr(_kernels, "PARALLEL_MIN_PASSES", 0)
    ember.set_num_threads(2)
    try:
        blocked = run()
    finally:
        ember.set_num_threads(before)
    for ours, reference in zip(blocked, whole):
        np.testing.assert_array_equal(ours.cpu().numpy(), reference.cpu().numpy())


@pytest.mark.parametrize("fn, shapes", [
    (lambda x, w: conv.conv2d(x, w, padding=1, stride=2, groups=4), ((2, 4, 5, 5), (8, 1, 3, 3))),
    (lambda x, w: conv.conv_transpose2d(x, w, stride=2, groups=4), ((2, 4, 3, 3), (4, 1, 2, 2))),
])
def test_depthwise_gradgradcheck(fn, shapes):
    check_gradients(fn, *(rand64(*s, seed=i) for i, s in enumerate(shapes)))


# Grouped stride-1 convolutions run block by block (conv._blocked): blocks of whole samples, or
# of output rows when a sample's columns exceed conv.COLS_BLOCK_BYTES; the input gradient as a
# gather (padding within the kernel's extent, no more output than input channels) or else the
# whole-batch scatter; a transposed one's forward is that input gradient.
BLOCKED = [
    ("conv2d", (3, 4, 7, 6), (6, 2, 3, 3), {"padding": 1, "groups": 2}),
    ("conv2d", (2, 6, 9, 8), (6, 2, 3, 2), {"groups": 3, "dilation": (2, 1), "padding": (2, 0)}),
    ("conv2d", (2, 4, 5, 6), (4, 2, 3, 3), {"padding": 3, "groups": 2}),
    ("conv1d", (3, 4, 11), (4, 2, 3), {"padding": 2, "groups": 2}),
    ("conv3d", (2, 4, 4, 5, 4), (4, 2, 2, 3, 2), {"padding": (1, 0, 1), "groups": 2}),
    ("conv2d", (2, 4, 5, 6), (8, 2, 3, 3), {"padding": 1, "groups": 2}),
    ("conv_transpose2d", (2, 4, 5, 4), (4, 3, 2, 3), {"padding": (1, 0), "dilation": (2, 1),
                                                      "groups": 2}),
]


def _blocked_case(case):
    name, x_shape, w_shape, kwargs = BLOCKED[case]
    bias = w_shape[1] * kwargs["groups"] if "transpose" in name else w_shape[0]
    tensors = [rand64(*x_shape), rand64(*w_shape, seed=1), rand64(bias, seed=2)]
    return (lambda lib, x, w, b: getattr(F(lib), name)(x, w, b, **kwargs)), tensors


@requires_torch
@pytest.mark.parametrize("blocks", ["samples", "rows"])
@pytest.mark.parametrize("case", range(len(BLOCKED)))
def test_blocked_convolutions_match_torch(monkeypatch, case, blocks):
    if blocks == "rows":  # one output row a block
        monkeypatch.setattr(conv, "COLS_BLOCK_BYTES", 1)
    fn, tensors = _blocked_case(case)
    compare_with_torch(fn, *tensors, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("case", [0, 2, 4, 6])
def test_blocked_convolutions_gradgradcheck(monkeypatch, case):
    monkeypatch.setattr(conv, "COLS_BLOCK_BYTES", 1)
    fn, tensors = _blocked_case(case)
    check_gradients(lambda x, w, b: fn(ember, x, w, b), *tensors)


@pytest.mark.parametrize("case", [0, 4, 6])
def test_blocked_convolutions_same_bits_in_threads(monkeypatch, case):
    # Blocks shared between two threads (each with a one-thread BLAS when threadpoolctl is
    # there) give the bits one thread gives, forward and both gradients.
    from ember.ops import _kernels
    monkeypatch.setattr(conv, "COLS_BLOCK_BYTES", 1)
    fn, tensors = _blocked_case(case)

    def run():
        for t in tensors:
            t.grad = None
        out = fn(ember, *tensors)
        out.backward(ember.ones_like(out))
        return [out.detach().cpu().numpy()] + [t.grad.cpu().numpy() for t in tensors]

    before = ember.get_num_threads()
    ember.set_num_threads(1)
    try:
        single = run()
        monkeypatch.setattr(_kernels, "PARALLEL_MIN_PASSES", 0)
        ember.set_num_threads(2)
        shared = run()
    finally:
        ember.set_num_threads(before)
    for ours, reference in zip(shared, single):
        np.testing.assert_array_equal(ours, reference)


# A scatter with a stride and at least four kernel offsets a phase plane runs on phase planes
# (conv._phased): a transposed convolution's forward, a strided convolution's input gradient.
PHASED = [
    ("conv_transpose2d", (3, 4, 5, 4), (4, 3, 4, 4), {"stride": 2, "padding": 1}),
    ("conv_transpose2d", (2, 4, 3, 5), (4, 2, 5, 4), {"stride": (2, 1), "padding": (2, 0),
                                                      "output_padding": (1, 0), "groups": 2,
                                                      "dilation": (1, 2)}),
    ("conv_transpose1d", (2, 3, 6), (3, 2, 12), {"stride": 3, "padding": 1, "output_padding": 2}),
    ("conv_transpose3d", (1, 2, 3, 2, 3), (2, 2, 4, 2, 4), {"stride": (2, 1, 2)}),
    ("conv2d", (2, 3, 11, 10), (4, 3, 5, 5), {"stride": 2, "padding": 2}),
]


@requires_torch
@pytest.mark.parametrize("blocks", ["one", "samples"])
@pytest.mark.parametrize("case", range(len(PHASED)))
def test_phase_plane_scatter_matches_torch(monkeypatch, case, blocks):
    if blocks == "samples":  # one sample a block
        monkeypatch.setattr(conv, "COLS_BLOCK_BYTES", 1)
    name, x_shape, w_shape, kwargs = PHASED[case]
    compare_with_torch(lambda lib, x, w: getattr(F(lib), name)(x, w, **kwargs),
                       rand64(*x_shape), rand64(*w_shape, seed=1), rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("case", [0, 1, 4])
def test_phase_plane_scatter_gradgradcheck(case):
    name, x_shape, w_shape, kwargs = PHASED[case]
    check_gradients(lambda x, w: getattr(conv, name)(x, w, **kwargs), rand64(*x_shape),
                    rand64(*w_shape, seed=1))
