"""A differential survey of layouts: a grid of inputs (contiguous, permuted, transposed,
channels-last, one-channel channels-last, gappy, expanded, with size-1 dims) times chains of
views, None-indexing, elementwise ops, copies, keepdim reductions and joins, each run under
ember and torch from the same code. Shapes, strides, contiguity flags (row-major and
channels-last), values, and whether the result shares the input's memory (at which offset)
must agree."""
import warnings

import numpy as np
import pytest

import ember
from tests.conftest import TORCH, cpu_only, requires_torch

INPUTS = {
    "contiguous": lambda lib: lib.arange(24.).reshape(2, 3, 4),
    "permuted": lambda lib: lib.arange(24.).reshape(2, 3, 4).permute(2, 0, 1),
    "transposed": lambda lib: lib.arange(12.).reshape(3, 4).t(),
    "channels_last": lambda lib: lib.arange(120.).reshape(2, 3, 4, 5).contiguous(
        memory_format=lib.channels_last),
    "one_channel": lambda lib: lib.arange(40.).reshape(2, 1, 4, 5).to(
        memory_format=lib.channels_last),
    "one_pixel": lambda lib: lib.arange(6.).reshape(2, 3, 1, 1).contiguous(
        memory_format=lib.channels_last),
    "gappy": lambda lib: lib.arange(48.).reshape(4, 12)[:, ::2],
    "expanded": lambda lib: lib.arange(4.).expand(3, 4),
    "unit_dim": lambda lib: lib.arange(6.).reshape(3, 1, 2),
    "column": lambda lib: lib.arange(5.).reshape(5, 1),
    "scalar": lambda lib: lib.tensor(7.),
    "empty": lambda lib: lib.zeros(0, 3),
    "empty_middle": lambda lib: lib.zeros(2, 0, 3),
    # torch's channels-last strides multiply the sizes as they are: the batch dim steps by 0
    "empty_channels_last": lambda lib: lib.zeros(2, 3, 0, 2).contiguous(
        memory_format=lib.channels_last),
    "empty_listed": lambda lib: lib.tensor([[], []]),
    "empty_like_transposed": lambda lib: lib.zeros_like(lib.zeros(2, 0, 3).transpose(0, 2)),
}


def _quietly(fn, *args, **kwargs):
    """``fn(*args)`` without its warning (torch.tensor of a tensor recommends clone())."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def _reversed(x):
    return x.permute(*reversed(range(x.dim())))


CHAINS = {
    # None-indexing: torch unsqueezes as it meets each None (before the later items apply)
    "none_middle": lambda lib, x: x[:, None],
    "none_first": lambda lib, x: x[None],
    "none_last": lambda lib, x: x[..., None],
    "none_twice": lambda lib, x: x[None, ..., None],
    "none_then_slice": lambda lib, x: x[None, 1:],
    "none_then_step": lambda lib, x: x[:, None, ::2],
    "none_then_int": lambda lib, x: x[None, 0],
    "int_then_none": lambda lib, x: x[0, None],
    "none_pair": lambda lib, x: x[None, None],
    "none_view": lambda lib, x: x[:, None].reshape(-1),
    "none_add": lambda lib, x: x[:, None] + x[None],
    # views
    "transpose": lambda lib, x: x.transpose(0, -1),
    "permute": _reversed,
    "movedim": lambda lib, x: x.movedim(0, -1),
    "expand": lambda lib, x: x.unsqueeze(0).expand(2, *x.shape),
    "narrow": lambda lib, x: x.narrow(-1, 1, 1),
    "diagonal": lambda lib, x: x.diagonal(0, 0, -1),
    "unfold": lambda lib, x: x.unfold(-1, 1, 1),
    "as_strided": lambda lib, x: x.as_strided((2, 2), (1, 2), 1),
    "contiguous": lambda lib, x: x.contiguous(),
    "contiguous_view": lambda lib, x: x.contiguous().view(-1),
    # elementwise, on the input and on views of it
    "add_scalar": lambda lib, x: x + 1,
    "mul_self": lambda lib, x: x * x,
    "neg": lambda lib, x: -x,
    "exp": lambda lib, x: x.exp(),
    "sigmoid": lambda lib, x: x.sigmoid(),
    "relu": lambda lib, x: lib.relu(x),
    "clamp": lambda lib, x: x.clamp(1, 5),
    "abs": lambda lib, x: x.abs(),
    "pow": lambda lib, x: x ** 2,
    "where": lambda lib, x: lib.where(x > 2, x, 0.0),
    "masked_fill": lambda lib, x: x.masked_fill(x > 3, 0.0),
    "nan_to_num": lambda lib, x: x.nan_to_num(),
    "nan_to_num_view": lambda lib, x: x.transpose(0, -1).nan_to_num(),
    "add_row": lambda lib, x: x + lib.ones(x.shape[-1:]),
    "add_inplace_clone": lambda lib, x: x.clone().add_(1),
    "transpose_add": lambda lib, x: x.transpose(0, -1) + 1,
    "permute_mul": lambda lib, x: _reversed(x) * 2,
    "movedim_add": lambda lib, x: x.movedim(0, -1) + 0,
    "expand_add": lambda lib, x: x.unsqueeze(0).expand(2, *x.shape) + 1,
    "narrow_add": lambda lib, x: x.narrow(0, 0, 1) + 1,
    "diagonal_mul": lambda lib, x: x.diagonal(0, 0, -1) * 3,
    "unfold_add": lambda lib, x: x.unfold(0, 1, 1) + 1,
    # copies
    "clone": lambda lib, x: x.clone(),
    "clone_preserve": lambda lib, x: x.clone(memory_format=lib.preserve_format),
    "clone_contiguous": lambda lib, x: x.clone(memory_format=lib.contiguous_format),
    "empty_like": lambda lib, x: lib.empty_like(x),
    "zeros_like": lambda lib, x: lib.zeros_like(x),
    "double": lambda lib, x: x.double(),
    "tensor_of": lambda lib, x: _quietly(lib.tensor, x),
    "new_tensor": lambda lib, x: _quietly(x.new_tensor, x, dtype=lib.float64),
    "flip": lambda lib, x: x.flip(0) if x.dim() else x.flip(()),
    "sort": lambda lib, x: x.sort(-1)[0],
    # reductions that keep their dims, of the input and of a permutation of it
    "sum_keep_first": lambda lib, x: x.sum(0, keepdim=True),
    "sum_keep_last": lambda lib, x: x.sum(-1, keepdim=True),
    "amax_keep": lambda lib, x: x.amax(-1, keepdim=True),
    "mean_keep_permuted": lambda lib, x: _reversed(x).mean(0, keepdim=True),
    # joins
    "cat": lambda lib, x: lib.cat([x, x]),
    "cat_last": lambda lib, x: lib.cat([x, x], -1),
    "stack": lambda lib, x: lib.stack([x, x]),
}
# Values that come from no input (left out of the value comparison)
UNINITIALISED = {"empty_like"}
def _layout(lib, t):
    fmt = {4: lib.channels_last, 5: lib.channels_last_3d}.get(t.dim())
    return (tuple(t.shape), t.stride(), t.is_contiguous(),
            fmt is not None and t.is_contiguous(memory_format=fmt))


def _memory(t, base):
    """Whether ``t`` shares ``base``'s memory and, if it does, at which element offset."""
    if t.numel() == 0 or t.untyped_storage().data_ptr() != base.untyped_storage().data_ptr():
        return None
    return t.storage_offset()


def _run(lib, input_name, chain):
    base = INPUTS[input_name](lib)
    try:
        return base, CHAINS[chain](lib, base)
    except (RuntimeError, IndexError, TypeError, ValueError) as exc:
        return base, type(exc)


def _cases():
    for input_name in INPUTS:
        for chain in CHAINS:
            yield pytest.param(input_name, chain, id=f"{input_name}-{chain}")


@requires_torch
@pytest.mark.parametrize("input_name, chain", _cases())
def test_layout_matches_torch(input_name, chain):
    base, ours = _run(ember, input_name, chain)
    their_base, theirs = _run(TORCH, input_name, chain)
    if isinstance(theirs, type):  # torch refuses the chain for this input: so does ember
        assert ours is theirs
        return
    assert _layout(ember, ours) == _layout(TORCH, theirs)
    assert _memory(ours, base) == _memory(theirs, their_base)
    assert ours.dtype.is_floating_point == theirs.dtype.is_floating_point
    if chain not in UNINITIALISED:
        np.testing.assert_allclose(ours.detach().cpu().double().numpy(),
                                   theirs.detach().double().numpy(), rtol=1e-6, atol=0)


def test_none_index_steps_over_the_dim_it_precedes():
    x = ember.arange(12.).reshape(3, 4)
    assert x[:, None].stride() == (4, 4, 1)
    assert x[None].stride() == (12, 4, 1)
    assert x[..., None].stride() == (4, 1, 1)
    # the stride is taken before the later items apply: a slice after the None does not change
    # it, an int after it drops the dim it would have stepped over
    assert x.t()[None, 1:].stride() == (4, 1, 4)
    assert x[None, 0].stride() == (12, 1)


def test_none_index_is_a_writable_view_with_gradients():
    x = ember.arange(12.).reshape(3, 4)
    view = x.t()[:, None, 1:]
    view[1, 0, 0] = -1.0
    assert x[1, 1].item() == -1.0 and view.grad_fn is None
    leaf = ember.arange(6., dtype=ember.float64).reshape(2, 3).requires_grad_()
    out = leaf[:, None]
    assert out.grad_fn.name() == "UnsqueezeBackward0"
    (out * ember.arange(6., dtype=ember.float64).reshape(2, 1, 3)).sum().backward()
    assert leaf.grad.tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    assert ember.autograd.gradcheck(lambda t: t.t()[None, 1:] * 2, (leaf.detach()
                                                                     .requires_grad_(),))


def test_none_index_of_a_broadcast_view_stays_read_only():
    view = ember.arange(3.).expand(4, 3)[:, None]
    assert view.stride() == (0, 3, 1)
    with pytest.raises(RuntimeError, match="more than one element of the written-to tensor"):
        view.add_(1)


def test_elementwise_results_order_size_one_dims_as_torch():
    x = ember.arange(40.).reshape(2, 1, 4, 5).to(memory_format=ember.channels_last)
    assert x.stride() == (20, 1, 5, 1)
    # a number among the inputs: the dims are ordered by x's strides, the channel dim innermost
    assert (x + 1).stride() == (x > 2).stride() == ember.where(x > 2, x, 0.0).stride() \
        == (20, 1, 5, 1)
    # inputs all of the result's shape and row-major (size-1 dims aside): row-major
    assert (x * x).stride() == (-x).stride() == (20, 20, 5, 1)
    assert (x + 1).tolist() == (ember.arange(40.).reshape(2, 1, 4, 5) + 1).tolist()
    column = ember.arange(5.).reshape(5, 1).t()  # (1, 5) with strides (1, 1)
    assert (column + 1).stride() == (1, 1) and (column * 2).tolist() == [[0., 2., 4., 6., 8.]]


# Two operands of an elementwise op, each laid out its own way: torch's result takes its
# layout from the first operand whose strides order two dims (a broadcast dim orders nothing),
# where NumPy falls back to row-major when its operands disagree.
OPERANDS = {
    "channels_last": lambda lib: lib.arange(120.).reshape(2, 3, 4, 5).to(
        memory_format=lib.channels_last),
    "contiguous": lambda lib: lib.arange(120.).reshape(2, 3, 4, 5),
    "one_channel": lambda lib: lib.arange(40.).reshape(2, 1, 4, 5).to(
        memory_format=lib.channels_last),
    "one_pixel": lambda lib: lib.arange(6.).reshape(2, 3, 1, 1).to(
        memory_format=lib.channels_last),
    "one_row": lambda lib: lib.arange(30.).reshape(2, 3, 1, 5).to(
        memory_format=lib.channels_last),
    "row_major_one_row": lambda lib: lib.arange(30.).reshape(2, 3, 1, 5),
    "batch_of_one": lambda lib: lib.arange(60.).reshape(1, 3, 4, 5).to(
        memory_format=lib.channels_last),
    "permuted": lambda lib: lib.arange(120.).reshape(5, 2, 3, 4).permute(1, 2, 3, 0),
    "bias": lambda lib: lib.arange(3.).reshape(3, 1, 1),
    "row": lambda lib: lib.arange(5.),
    "scalar": lambda lib: lib.tensor(2.),
}
OPERANDS_3D = {
    "channels_last_3d": lambda lib: lib.arange(240.).reshape(2, 3, 2, 4, 5).to(
        memory_format=lib.channels_last_3d),
    "contiguous_3d": lambda lib: lib.arange(240.).reshape(2, 3, 2, 4, 5),
    "one_channel_3d": lambda lib: lib.arange(80.).reshape(2, 1, 2, 4, 5).to(
        memory_format=lib.channels_last_3d),
    "one_deep_3d": lambda lib: lib.arange(120.).reshape(2, 3, 1, 4, 5).to(
        memory_format=lib.channels_last_3d),
    "row_major_one_deep_3d": lambda lib: lib.arange(120.).reshape(2, 3, 1, 4, 5),
    "scalar": OPERANDS["scalar"],
}
BINARY = {
    "add": lambda lib, a, b: a + b,
    "mul_out": lambda lib, a, b: lib.mul(a, b, out=lib.empty(0)),
    "gt": lambda lib, a, b: a > b,
    "where": lambda lib, a, b: lib.where(a > 3, a, b),
    "addcmul": lambda lib, a, b: lib.addcmul(a, b, b),
    "clamp_min": lambda lib, a, b: lib.clamp(a, min=b),
    "mixed_dtypes": lambda lib, a, b: a.double() * b,
    "rsub": lambda lib, a, b: lib.rsub(a, b),
    "mse_none": lambda lib, a, b: lib.nn.functional.mse_loss(*lib.broadcast_tensors(a, b),
                                                             reduction="none"),
}


def _binary_cases():
    for operands in (OPERANDS, OPERANDS_3D):
        for left in operands:
            for right in operands:
                for op in BINARY:
                    yield pytest.param(left, right, op, id=f"{left}-{right}-{op}")


@requires_torch
@pytest.mark.parametrize("left, right, op", _binary_cases())
def test_binary_layout_matches_torch(left, right, op):
    results = []
    make = {**OPERANDS, **OPERANDS_3D}
    for lib in (ember, TORCH):
        results.append(BINARY[op](lib, make[left](lib), make[right](lib)))
    ours, theirs = results
    assert _layout(ember, ours) == _layout(TORCH, theirs)
    assert ours.tolist() == theirs.tolist()


def _same_shape_pairs():
    for operands in (OPERANDS, OPERANDS_3D):
        for left in operands:
            for right in operands:
                if operands[left](TORCH).shape == operands[right](TORCH).shape:
                    yield pytest.param(left, right, id=f"{left}-{right}")


@requires_torch
@pytest.mark.parametrize("left, right", _same_shape_pairs() if TORCH is not None else ())
def test_huber_loss_is_laid_out_like_its_input(left, right):
    # torch writes it into empty_like(input), whatever the target's layout (a target that
    # broadcasts resizes that tensor: not covered, ember's layout differs there)
    results = []
    make = {**OPERANDS, **OPERANDS_3D}
    for lib in (ember, TORCH):
        results.append(lib.nn.functional.huber_loss(make[left](lib), make[right](lib) / 7,
                                                    reduction="none"))
    ours, theirs = results
    assert _layout(ember, ours) == _layout(TORCH, theirs)
    np.testing.assert_allclose(ours.cpu().numpy(), theirs.numpy(), rtol=1e-6)


def test_a_channels_last_batch_plus_a_row_major_one_is_channels_last():
    x = ember.arange(24.).reshape(1, 2, 3, 4).to(memory_format=ember.channels_last)
    y = ember.arange(24.).reshape(1, 2, 3, 4)
    assert (x + y).stride() == (24, 1, 8, 2)  # the first input orders the dims
    assert (y + x).stride() == (24, 12, 4, 1)
    assert (x + y).tolist() == (ember.arange(24.) * 2).reshape(1, 2, 3, 4).tolist()
    # a broadcast first input orders nothing: the second one decides
    assert (ember.ones(2, 1, 1) * x).stride() == (24, 1, 8, 2)
    out = ember.empty(0)
    ember.add(x[:, :1], 1.0, out=out)  # a resized out takes the result's own strides
    assert out.stride() == (12, 1, 4, 1)


# Layers on channels-last batches: the result's layout and the input gradient's (after the
# leaf's AccumulateGrad), and their values, from the same code under both libraries.
BATCHES = {
    "channels_last": lambda lib: lib.arange(120., dtype=lib.float64).reshape(2, 3, 4, 5),
    "one_channel": lambda lib: lib.arange(40., dtype=lib.float64).reshape(2, 1, 4, 5),
    "one_pixel": lambda lib: lib.arange(6., dtype=lib.float64).reshape(2, 3, 1, 1),
    "batch_of_one": lambda lib: lib.arange(60., dtype=lib.float64).reshape(1, 3, 4, 5),
    "channels_last_3d": lambda lib: lib.arange(240., dtype=lib.float64).reshape(2, 3, 2, 4, 5),
    "one_channel_3d": lambda lib: lib.arange(80., dtype=lib.float64).reshape(2, 1, 2, 4, 5),
}


def _batch(lib, name):
    x = BATCHES[name](lib)
    fmt = lib.channels_last if x.dim() == 4 else lib.channels_last_3d
    return (x / x.numel() - 0.3).to(memory_format=fmt).requires_grad_()


def _ones(lib, x):
    return lib.ones(x.shape[1], dtype=lib.float64)


def _spatial(x, kernel):
    return 1 if x.shape[2] == 1 else kernel


LAYERS = {
    "batch_norm": lambda F, lib, x: F.batch_norm(x, None, None, _ones(lib, x),
                                                 _ones(lib, x) * 0, training=True),
    "batch_norm_eval": lambda F, lib, x: F.batch_norm(x, _ones(lib, x) * 0, _ones(lib, x)),
    "group_norm": lambda F, lib, x: F.group_norm(x, 1, _ones(lib, x), _ones(lib, x) * 0),
    "instance_norm": lambda F, lib, x: F.instance_norm(x),
    "layer_norm": lambda F, lib, x: F.layer_norm(x, x.shape[1:]),
    "conv": lambda F, lib, x: (F.conv2d if x.dim() == 4 else F.conv3d)(
        x, lib.ones((2, x.shape[1]) + (_spatial(x, 2),) * (x.dim() - 2), dtype=lib.float64)),
    "conv_float32": lambda F, lib, x: (F.conv2d if x.dim() == 4 else F.conv3d)(
        x.float(), lib.ones((2, x.shape[1]) + (1,) * (x.dim() - 2))),
    "conv_transpose": lambda F, lib, x: (F.conv_transpose2d if x.dim() == 4 else
                                         F.conv_transpose3d)(
        x, lib.ones((x.shape[1], 2) + (1,) * (x.dim() - 2), dtype=lib.float64)),
    "max_pool": lambda F, lib, x: (F.max_pool2d if x.dim() == 4 else F.max_pool3d)(
        x, _spatial(x, 2)),
    "avg_pool": lambda F, lib, x: (F.avg_pool2d if x.dim() == 4 else F.avg_pool3d)(
        x, _spatial(x, 2)),
    "adaptive_avg_pool": lambda F, lib, x: (F.adaptive_avg_pool2d if x.dim() == 4 else
                                            F.adaptive_avg_pool3d)(x, 1),
    "adaptive_max_pool": lambda F, lib, x: (F.adaptive_max_pool2d if x.dim() == 4 else
                                            F.adaptive_max_pool3d)(x, 1),
    "silu": lambda F, lib, x: F.silu(x),
    "gelu": lambda F, lib, x: F.gelu(x),
    "gelu_tanh": lambda F, lib, x: F.gelu(x, approximate="tanh"),
    "mish": lambda F, lib, x: F.mish(x),
    "relu6": lambda F, lib, x: F.relu6(x),
    "hardtanh": lambda F, lib, x: F.hardtanh(x),
    "logsigmoid": lambda F, lib, x: F.logsigmoid(x),
    "rrelu": lambda F, lib, x: F.rrelu(x),
    "prelu": lambda F, lib, x: F.prelu(x, lib.full((1,), 0.25, dtype=lib.float64)),
    "mean_spatial": lambda F, lib, x: x.mean(tuple(range(2, x.dim())), keepdim=True),
    "flatten": lambda F, lib, x: x.flatten(1),
}
def _layer_cases():
    for name in BATCHES:
        for op in LAYERS:
            if (name, op) == ("one_channel_3d", "adaptive_max_pool"):
                continue  # torch's own gradient strides vary here from run to run
            yield pytest.param(name, op, id=f"{name}-{op}")


def _run_layer(lib, name, op):
    x = _batch(lib, name)
    try:
        out = LAYERS[op](lib.nn.functional, lib, x)
    except ValueError as exc:  # instance_norm of one pixel
        return type(exc), None, None
    weights = lib.arange(float(out.numel()), dtype=out.dtype).reshape(out.shape) / out.numel()
    out.backward(weights)
    return out, x.grad, (_layout(lib, out), _layout(lib, x.grad))


@requires_torch
@pytest.mark.parametrize("name, op", _layer_cases())
def test_layer_layouts_and_gradients_match_torch(name, op):
    ours, our_grad, our_layouts = _run_layer(ember, name, op)
    theirs, their_grad, their_layouts = _run_layer(TORCH, name, op)
    if isinstance(theirs, type):
        assert ours is theirs
        return
    assert our_layouts[0] == their_layouts[0]
    np.testing.assert_allclose(ours.detach().cpu().double().numpy(),
                               theirs.detach().double().numpy(), rtol=1e-6, atol=1e-12)
    np.testing.assert_allclose(our_grad.cpu().numpy(), their_grad.numpy(), rtol=1e-6,
                               atol=1e-12)


@requires_torch
@cpu_only("a leaf takes over a gradient it solely owns, strides and all, where a device array "
          "is copied into the leaf's layout (the size-1 dims' strides then differ)")
@pytest.mark.parametrize("name, op", _layer_cases())
def test_gradient_layouts_match_torch(name, op):
    assert _run_layer(ember, name, op)[2] == _run_layer(TORCH, name, op)[2]


def test_a_one_channel_channels_last_batch_keeps_its_channel_stride_through_layers():
    x = ember.arange(40., dtype=ember.float64).reshape(2, 1, 4, 5).to(
        memory_format=ember.channels_last).requires_grad_()
    assert x.stride() == (20, 1, 5, 1)
    assert ember.nn.functional.group_norm(x, 1).stride() == (20, 1, 5, 1)  # as suggested
    conv = ember.nn.functional.conv2d(x, ember.ones(3, 1, 1, 1, dtype=ember.float64))
    conv.backward(ember.ones(2, 3, 4, 5, dtype=ember.float64))
    assert conv.stride() == (60, 1, 15, 3) and x.grad.stride() == (20, 1, 5, 1)
    assert x.grad.tolist() == ember.full((2, 1, 4, 5), 3.0, dtype=ember.float64).tolist()
    # a float64 3-D convolution is row-major, as torch's own kernel writes it
    cube = ember.zeros(1, 2, 2, 2, 2, dtype=ember.float64).to(
        memory_format=ember.channels_last_3d)
    assert ember.nn.functional.conv3d(cube, ember.ones(1, 2, 1, 1, 1,
                                                       dtype=ember.float64)).is_contiguous()


@requires_torch
def test_mean_gradient_is_expanded_then_divided_as_torch():
    # a new row-major tensor (DivBackward1 over ExpandBackward0 under create_graph), not a
    # broadcast view: a one-channel channels-last leaf takes it over with its row-major strides
    seen = []
    for lib in (ember, TORCH):
        x = lib.arange(40., dtype=lib.float64).reshape(2, 1, 4, 5).to(
            memory_format=lib.channels_last).requires_grad_()
        out = x.mean((2, 3), keepdim=True)
        weights = lib.ones(out.shape, dtype=lib.float64, requires_grad=True)
        grad, = lib.autograd.grad(out, x, weights, create_graph=True)
        out.backward(weights.detach())
        seen.append((grad.grad_fn.name(), grad.grad_fn.next_functions[0][0].name(),
                     grad.stride(), x.grad.stride(), grad.tolist()))
    assert seen[0] == seen[1]
