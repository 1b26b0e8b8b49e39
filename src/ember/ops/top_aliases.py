"""torch's top-level spellings of the ``nn.functional`` layers (``torch.layer_norm``,
``torch.kl_div``, ``torch.convolution``, ``torch.lstm_cell``...).

They take torch's ATen signatures, which differ from ``F``'s: reductions are the integers
0/1/2 (none/mean/sum), modes are integers (``grid_sampler``), ``cudnn_enable`` flags are taken
and ignored, and pooling "with indices" returns the pair. Each is a thin call into the op that
``F`` uses, so values, gradients and ``grad_fn`` names are that op's.
"""
from __future__ import annotations

from .. import _backend
from .._tensor import Tensor
from . import conv as _conv
from . import nn_misc as _nn
from . import pooling as _pool
from . import sampling as _sampling
from ._registry import grad_fn, not_tensor, record


class _OnFirstUse:
    """An ops module imported when one of these spellings first needs it, so that
    ``import ember`` stays as quick as it was before they existed (the losses and the
    normalisation kernels load with ``nn.functional``)."""

    def __init__(self, name):
        self._name = name

    def __getattr__(self, attr):
        import importlib
        return getattr(importlib.import_module(f"ember.ops.{self._name}"), attr)


_loss = _OnFirstUse("loss")
_norm = _OnFirstUse("normalization")

_REDUCTIONS = {1: "mean", 2: "sum"}


def _reduction(reduction):
    """ATen's reduction enum: 1 mean, 2 sum, any other integer no reduction. (The default is 0:
    ATen declares Mean, but torch's top-level binding reads that default as 0, unreduced.)"""
    return _REDUCTIONS.get(int(reduction), "none")


def _tensor(name, value, arg="input", position=1):
    if not isinstance(value, Tensor):
        raise not_tensor(name, value, arg, position)
    return value


# --- normalisation ----------------------------------------------------------------------------

def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05, cudnn_enable=True):
    """``F.layer_norm`` under torch's top-level signature (``cudnn_enable`` has no effect)."""
    _tensor("layer_norm", input)
    return _norm.layer_norm(input, normalized_shape, weight, bias, eps)


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-05, cudnn_enabled=True):
    """``F.group_norm`` under torch's top-level signature."""
    _tensor("group_norm", input)
    return _norm.group_norm(input, num_groups, weight, bias, eps)


def batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps,
               cudnn_enabled):
    """``F.batch_norm`` with torch's top-level argument order (all arguments required)."""
    _tensor("batch_norm", input)
    return _norm.batch_norm(input, running_mean, running_var, weight, bias, training, momentum,
                            eps)


def instance_norm(input, weight, bias, running_mean, running_var, use_input_stats, momentum, eps,
                  cudnn_enabled):
    """``F.instance_norm`` with torch's top-level argument order (all arguments required)."""
    _tensor("instance_norm", input)
    return _norm.instance_norm(input, running_mean, running_var, weight, bias, use_input_stats,
                               momentum, eps)


def rms_norm(input, normalized_shape, weight=None, eps=None):
    """``F.rms_norm`` under its top-level name."""
    _tensor("rms_norm", input)
    return _norm.rms_norm(input, normalized_shape, weight, eps)


def norm_except_dim(v, pow=2, dim=0):
    """The ``pow``-norm of ``v`` over every dim but ``dim``, kept as a tensor of ``v``'s rank
    with size 1 elsewhere (weight normalisation's ``||v||``); ``dim=-1`` gives the norm of all
    of ``v`` as a 0-d tensor."""
    _tensor("norm_except_dim", v, "v")
    if dim == -1:
        return v.norm(pow)
    dims = [d for d in range(v.dim()) if d != dim]
    return v.norm(pow, dim=dims, keepdim=True)


# --- embeddings -------------------------------------------------------------------------------

def embedding(weight, indices, padding_idx=-1, scale_grad_by_freq=False, sparse=False):
    """Rows of ``weight`` picked by ``indices`` (``F.embedding`` with its first two arguments
    swapped, as ATen has them); a negative ``padding_idx`` means no padding row."""
    _tensor("embedding", weight, "weight")
    _tensor("embedding", indices, "indices", 2)
    return _nn.embedding(indices, weight, None if padding_idx < 0 else padding_idx, None, 2.0,
                         scale_grad_by_freq, sparse)


# --- losses (reduction: 0 none, 1 mean, 2 sum) ------------------------------------------------

def kl_div(input, target, reduction=0, *, log_target=False):
    """``F.kl_div`` with torch's integer reduction (1, mean, without F.kl_div's warning)."""
    _tensor("kl_div", input)
    input, target = _loss.cast_fp32(input, target)
    return _loss._kl_div(input, target, _reduction(reduction), log_target)


def binary_cross_entropy_with_logits(input, target, weight=None, pos_weight=None, reduction=0):
    """``F.binary_cross_entropy_with_logits`` with torch's integer reduction."""
    _tensor("binary_cross_entropy_with_logits", input)
    return _loss.binary_cross_entropy_with_logits(input, target, weight,
                                                  reduction=_reduction(reduction),
                                                  pos_weight=pos_weight)


def cosine_embedding_loss(input1, input2, target, margin=0.0, reduction=0):
    """``F.cosine_embedding_loss`` with torch's integer reduction."""
    _tensor("cosine_embedding_loss", input1, "input1")
    return _loss.cosine_embedding_loss(input1, input2, target, margin,
                                       reduction=_reduction(reduction))


def hinge_embedding_loss(input, target, margin=1.0, reduction=0):
    """``F.hinge_embedding_loss`` with torch's integer reduction."""
    _tensor("hinge_embedding_loss", input)
    return _loss.hinge_embedding_loss(input, target, margin, reduction=_reduction(reduction))


def margin_ranking_loss(input1, input2, target, margin=0.0, reduction=0):
    """``F.margin_ranking_loss`` with torch's integer reduction."""
    _tensor("margin_ranking_loss", input1, "input1")
    return _loss.margin_ranking_loss(input1, input2, target, margin,
                                     reduction=_reduction(reduction))


def poisson_nll_loss(input, target, log_input, full, eps, reduction):
    """``F.poisson_nll_loss`` with torch's top-level signature (all arguments required)."""
    _tensor("poisson_nll_loss", input)
    return _loss.poisson_nll_loss(input, target, log_input, full, eps=eps,
                                  reduction=_reduction(reduction))


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-06, swap=False,
                        reduction=0):
    """``F.triplet_margin_loss`` with torch's integer reduction."""
    _tensor("triplet_margin_loss", anchor, "anchor")
    return _loss.triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap,
                                     reduction=_reduction(reduction))


def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction=0,
             zero_infinity=False):
    """``F.ctc_loss`` with torch's integer reduction."""
    _tensor("ctc_loss", log_probs, "log_probs")
    return _loss.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank,
                          _reduction(reduction), zero_infinity)


# --- pooling, padding, shuffling, grids -------------------------------------------------------

def adaptive_max_pool1d(input, output_size):
    """``(values, indices)`` of ``F.adaptive_max_pool1d``: torch's top-level form always
    returns the pair."""
    _tensor("adaptive_max_pool1d", input, "self")
    return _pool.adaptive_max_pool1d(input, output_size, return_indices=True)


def max_pool1d_with_indices(input, kernel_size, stride=(), padding=0, dilation=1,
                            ceil_mode=False):
    """``(values, indices)`` of ``F.max_pool1d``; an empty ``stride`` means the kernel size."""
    _tensor("max_pool1d_with_indices", input, "self")
    if isinstance(stride, (tuple, list)) and not stride:
        stride = None
    return _pool.max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode,
                            return_indices=True)


def constant_pad_nd(input, pad, value=0):
    """``input`` padded with ``value``: ``pad`` lists (before, after) pairs from the last dim
    backwards; negative amounts crop."""
    _tensor("constant_pad_nd", input, "self")
    return _nn.pad(input, pad, "constant", value)


def channel_shuffle(input, groups):
    """``F.channel_shuffle`` under its top-level name."""
    _tensor("channel_shuffle", input, "self")
    return _nn.channel_shuffle(input, groups)


def affine_grid_generator(theta, size, align_corners):
    """``F.affine_grid`` with ``align_corners`` required, as ATen has it."""
    _tensor("affine_grid_generator", theta, "theta")
    return _sampling.affine_grid(theta, list(size), align_corners=align_corners)


_INTERPOLATION = {0: "bilinear", 1: "nearest", 2: "bicubic"}
_PADDING_MODES = {0: "zeros", 1: "border", 2: "reflection"}


def _grid_sampler(name, input, grid, interpolation_mode, padding_mode, align_corners, ndim):
    _tensor(name, input)
    _tensor(name, grid, "grid", 2)
    if interpolation_mode not in _INTERPOLATION:
        raise RuntimeError(f"{name}(): unknown interpolation mode {interpolation_mode}")
    if padding_mode not in _PADDING_MODES:
        raise RuntimeError(f"{name}(): unknown padding mode {padding_mode}")
    return _sampling._grid_sampler(input, grid, _INTERPOLATION[interpolation_mode],
                                   _PADDING_MODES[padding_mode], bool(align_corners), ndim)


def grid_sampler(input, grid, interpolation_mode, padding_mode, align_corners):
    """``F.grid_sample`` with ATen's integer modes: interpolation 0 bilinear, 1 nearest,
    2 bicubic; padding 0 zeros, 1 border, 2 reflection."""
    return _grid_sampler("grid_sampler", input, grid, interpolation_mode, padding_mode,
                         align_corners, None)


def grid_sampler_2d(input, grid, interpolation_mode, padding_mode, align_corners):
    """``grid_sampler`` for 4-D inputs only."""
    return _grid_sampler("grid_sampler_2d", input, grid, interpolation_mode, padding_mode,
                         align_corners, 4)


def grid_sampler_3d(input, grid, interpolation_mode, padding_mode, align_corners):
    """``grid_sampler`` for 5-D inputs only (trilinear or nearest)."""
    return _grid_sampler("grid_sampler_3d", input, grid, interpolation_mode, padding_mode,
                         align_corners, 5)


# --- convolution ------------------------------------------------------------------------------

_CONVS = {3: _conv.conv1d, 4: _conv.conv2d, 5: _conv.conv3d}
_TRANSPOSED = {3: _conv.conv_transpose1d, 4: _conv.conv_transpose2d, 5: _conv.conv_transpose3d}


def convolution(input, weight, bias, stride, padding, dilation, transposed, output_padding,
                groups):
    """The general convolution: 1-, 2- or 3-d by ``weight``'s rank, transposed or not
    (``F.conv*d`` / ``F.conv_transpose*d`` with every argument explicit)."""
    _tensor("convolution", input)
    _tensor("convolution", weight, "weight", 2)
    if weight.dim() not in _CONVS:
        raise RuntimeError(f"Expected 3D (unbatched) or 4D (batched) input to conv1d, but got "
                           f"input of size: {list(input.shape)}" if weight.dim() < 3 else
                           f"weight should have at most 5 dimensions, but got {weight.dim()}")
    stride, padding, dilation = list(stride), list(padding), list(dilation)
    if transposed:
        return _TRANSPOSED[weight.dim()](input, weight, bias, stride, padding,
                                         list(output_padding), groups, dilation)
    return _CONVS[weight.dim()](input, weight, bias, stride, padding, dilation, groups)


def conv_tbc(input, weight, bias, pad=0):
    """1-d convolution of a (time, batch, channels) sequence with a (kernel, in, out) weight:
    ``out[t, b, o] = bias[o] + sum_k,c input[t + k - pad, b, c] * weight[k, c, o]``."""
    _tensor("conv_tbc", input, "self")
    if input.dim() != 3:
        raise RuntimeError("Input must have 3 dims: time, batch, in_channel")
    if weight.dim() != 3:
        raise RuntimeError("Weight tensor must have 3 dims: kernel_width, in_channels, "
                           "out_channels.")
    if bias.dim() != 1:
        raise RuntimeError("Bias must be 1-D")
    if input.shape[2] != weight.shape[1]:
        raise RuntimeError("Input dim 2 (input channels) is not == dim 1 in the weight tensor")
    if weight.shape[2] != bias.shape[0]:
        raise RuntimeError("Bias size must equal dim 2 in the weight tensor (output_channels).")
    from ..autograd.grad_mode import no_grad
    with no_grad():
        out = _conv.conv1d(input.permute(1, 2, 0), weight.permute(2, 1, 0), bias, 1, pad)
        out = out.permute(2, 0, 1).contiguous()
    return record(out, ConvTbcBackward0, (input, weight, bias), (input, weight), pad=pad)


@grad_fn("ConvTbcBackward0")
def ConvTbcBackward0(ctx, grad):
    """With x padded by ``pad`` steps of zeros on both ends of time:
    d bias = sum over (t, b) of grad; d weight[k] = sum_t x[t + k]^T grad[t];
    d x[t + k] += grad[t] weight[k]^T, less the padding."""
    input, weight = ctx.saved_tensors
    from .joining import cat
    steps, batch, channels = input.shape
    kernel, pad = weight.shape[0], ctx.pad
    out_steps = grad.shape[0]
    zeros = input.new_zeros((pad, batch, channels))
    padded = cat([zeros, input, zeros]) if pad else input
    grad_input = grad_weight = grad_bias = None
    if ctx.needs_input_grad[1]:
        flat_grad = grad.reshape(-1, grad.shape[2])
        grad_weight = cat([padded[k:k + out_steps].reshape(-1, channels).T.matmul(flat_grad)
                           .unsqueeze(0) for k in range(kernel)])
    if ctx.needs_input_grad[0]:
        total = padded.shape[0]
        grad_padded = None
        for k in range(kernel):
            part = grad.matmul(weight[k].T)
            before = input.new_zeros((k, batch, channels))
            after = input.new_zeros((total - out_steps - k, batch, channels))
            part = cat([before, part, after])
            grad_padded = part if grad_padded is None else grad_padded + part
        grad_input = grad_padded[pad:pad + steps]
    if ctx.needs_input_grad[2]:
        grad_bias = grad.sum((0, 1))
    return grad_input, grad_weight, grad_bias


# --- recurrent cells and layers ---------------------------------------------------------------

def _gates(input, hx, w_ih, w_hh, b_ih, b_hh):
    return _nn.linear(input, w_ih, b_ih), _nn.linear(hx, w_hh, b_hh)


def rnn_tanh_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """One Elman step: ``h' = tanh(input @ w_ih.T + b_ih + hx @ w_hh.T + b_hh)``."""
    _tensor("rnn_tanh_cell", input)
    gi, gh = _gates(input, hx, w_ih, w_hh, b_ih, b_hh)
    return (gi + gh).tanh()


def rnn_relu_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """One Elman step with ReLU: ``h' = relu(input @ w_ih.T + b_ih + hx @ w_hh.T + b_hh)``."""
    _tensor("rnn_relu_cell", input)
    gi, gh = _gates(input, hx, w_ih, w_hh, b_ih, b_hh)
    return (gi + gh).relu()


def lstm_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """One LSTM step on ``hx = (h, c)``: gates ``i, f, g, o`` (in that order along the rows of
    the weights), ``c' = sigmoid(f) c + sigmoid(i) tanh(g)``, ``h' = sigmoid(o) tanh(c')``;
    returns ``(h', c')``."""
    _tensor("lstm_cell", input)
    if len(hx) != 2:
        raise RuntimeError("lstm_cell: Expected hx to have 2 elements, got "
                           f"{len(hx)} instead")
    h, c = hx
    gi, gh = _gates(input, h, w_ih, w_hh, b_ih, b_hh)
    i, f, g, o = (gi + gh).chunk(4, 1)
    cy = f.sigmoid() * c + i.sigmoid() * g.tanh()
    return o.sigmoid() * cy.tanh(), cy


def gru_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """One GRU step: gates ``r, z, n`` (in that order), ``r = sigmoid(i_r + h_r)``,
    ``z = sigmoid(i_z + h_z)``, ``n = tanh(i_n + r h_n)``, ``h' = (1 - z) n + z hx``."""
    _tensor("gru_cell", input)
    gi, gh = _gates(input, hx, w_ih, w_hh, b_ih, b_hh)
    i_r, i_z, i_n = gi.chunk(3, 1)
    h_r, h_z, h_n = gh.chunk(3, 1)
    r, z = (i_r + h_r).sigmoid(), (i_z + h_z).sigmoid()
    n = (i_n + r * h_n).tanh()
    return n + z * (hx - n)


def _run_layers(name, cell, input, hx, params, has_biases, num_layers, dropout, train,
                bidirectional, batch_first):
    """The stacked, optionally bidirectional recurrence of torch.lstm/gru/rnn_*: ``params``
    holds, per layer and direction, ``w_ih, w_hh`` (and ``b_ih, b_hh`` with biases)."""
    _tensor(name, input)
    per = 4 if has_biases else 2
    directions = 2 if bidirectional else 1
    params = list(params)
    if len(params) % per:
        raise RuntimeError("got an incorrect number of RNN parameters")
    if len(params) != per * num_layers * directions:
        raise RuntimeError("Expected more weights in stacked_rnn")
    if input.dim() != 3:
        raise IndexError(f"Dimension out of range (expected to be in range of "
                         f"[{-input.dim()}, {input.dim() - 1}], but got 2)")
    lstm = cell is lstm_cell
    x = input.transpose(0, 1) if batch_first else input
    h0, c0 = (hx[0], hx[1]) if lstm else (hx, None)
    from .. import cat, stack
    h_n, c_n = [], []
    for layer in range(num_layers):
        outputs = []
        for direction in range(directions):
            k = layer * directions + direction
            weights = params[k * per:(k + 1) * per]
            state = (h0[k], c0[k]) if lstm else h0[k]
            steps = range(x.shape[0] - 1, -1, -1) if direction else range(x.shape[0])
            seq = [None] * x.shape[0]
            for t in steps:
                state = cell(x[t], state, *weights)
                seq[t] = state[0] if lstm else state
            outputs.append(stack(seq))
            h_n.append(state[0] if lstm else state)
            if lstm:
                c_n.append(state[1])
        x = outputs[0] if directions == 1 else cat(outputs, -1)
        if dropout and train and layer < num_layers - 1:
            x = _nn.dropout(x, dropout, True)
    output = x.transpose(0, 1) if batch_first else x
    if not lstm:
        return output, stack(h_n)
    return output, stack(h_n), stack(c_n)


def lstm(input, hx, params, has_biases, num_layers, dropout, train, bidirectional,
         batch_first):
    """A stacked LSTM over a padded 3-D sequence (``nn.LSTM``'s computation with explicit
    weights): returns ``(output, h_n, c_n)``."""
    return _run_layers("lstm", lstm_cell, input, hx, params, has_biases, num_layers, dropout,
                       train, bidirectional, batch_first)


def gru(input, hx, params, has_biases, num_layers, dropout, train, bidirectional, batch_first):
    """A stacked GRU over a padded sequence: returns ``(output, h_n)``."""
    return _run_layers("gru", gru_cell, input, hx, params, has_biases, num_layers, dropout,
                       train, bidirectional, batch_first)


def rnn_tanh(input, hx, params, has_biases, num_layers, dropout, train, bidirectional,
             batch_first):
    """A stacked tanh RNN over a padded sequence: returns ``(output, h_n)``."""
    return _run_layers("rnn_tanh", rnn_tanh_cell, input, hx, params, has_biases, num_layers,
                       dropout, train, bidirectional, batch_first)


def rnn_relu(input, hx, params, has_biases, num_layers, dropout, train, bidirectional,
             batch_first):
    """A stacked ReLU RNN over a padded sequence: returns ``(output, h_n)``."""
    return _run_layers("rnn_relu", rnn_relu_cell, input, hx, params, has_biases, num_layers,
                       dropout, train, bidirectional, batch_first)


def fill(input, value):
    """A new tensor shaped and typed like ``input`` holding ``value`` everywhere (a number or a
    0-d tensor); the gradient to ``input`` is zero, to a tensor ``value`` the sum of ``grad``."""
    _tensor("fill", input, "self")
    if isinstance(value, Tensor):
        if value.dim():
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor "
                               f"with {value.dim()} dimensions.")
        # Written into place rather than passed as full_like's fill value, which on a device
        # must be a host scalar: a 0-d value on the device stays there.
        data = _backend.namespace_of(input._data).empty_like(input._data)
        data[...] = value._data
        return record(Tensor._make(data), FillBackward1, (input, value))
    out = Tensor._make(_backend.namespace_of(input._data).full_like(input._data, value))
    return record(out, FillBackward0, (input,))


@grad_fn("FillBackward0")
def FillBackward0(ctx, grad):
    return grad * 0


@grad_fn("FillBackward1")
def FillBackward1(ctx, grad):
    return grad * 0, grad.sum()


FUNCTIONS = {name: globals()[name] for name in (
    "layer_norm", "group_norm", "batch_norm", "instance_norm", "rms_norm", "norm_except_dim",
    "embedding", "kl_div", "binary_cross_entropy_with_logits", "cosine_embedding_loss",
    "hinge_embedding_loss", "margin_ranking_loss", "poisson_nll_loss", "triplet_margin_loss",
    "ctc_loss", "adaptive_max_pool1d", "max_pool1d_with_indices", "constant_pad_nd",
    "channel_shuffle", "affine_grid_generator", "grid_sampler", "grid_sampler_2d",
    "grid_sampler_3d",
    "convolution", "conv_tbc", "rnn_tanh_cell", "rnn_relu_cell", "lstm_cell",
    "gru_cell", "lstm", "gru", "rnn_tanh", "rnn_relu", "fill")}
METHODS = {}
