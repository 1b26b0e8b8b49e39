"""torch's top-level names that ember gained late: the ATen spellings of the functional layers
(``torch.layer_norm``, ``torch.kl_div``, ``torch.lstm_cell``...), each compared with torch
(values, grad_fn names, gradients) and gradchecked in float64."""
from __future__ import annotations

import pytest
from conftest import (
    CPU_RNG,
    TORCH,
    assert_close,
    check_gradients,
    cpu_only,
    rand64,
    requires_torch,
)
from conftest import compare_with_torch as _compare

import ember


def compare_with_torch(fn, *inputs, **kw):
    """conftest's comparison on fresh leaves, so gradients of earlier calls do not add up."""
    fresh = [x.detach().clone().requires_grad_(x.requires_grad) if isinstance(x, ember.Tensor)
             else x for x in inputs]
    return _compare(fn, *fresh, **kw)


def _both_error(fn):
    """Run ``fn(module)`` on ember and torch; both must raise the same exception type."""
    errors = []
    for module in (ember, TORCH):
        with pytest.raises(Exception) as info:
            fn(module)
        errors.append(info.value)
    assert type(errors[0]).__name__ == type(errors[1]).__name__, errors
    return errors


# -- normalisation -------------------------------------------------------------------------------

@requires_torch
def test_layer_group_rms_norm_top_level_signatures():
    x, w, b = rand64(2, 4, 3), rand64(3), rand64(3)
    compare_with_torch(lambda m, x, w, b: m.layer_norm(x, [3], w, b, 1e-5, False), x, w, b)
    compare_with_torch(lambda m, x: m.layer_norm(x, (3,)), x)
    x4, w4, b4 = rand64(2, 4, 3), rand64(4), rand64(4)
    compare_with_torch(lambda m, x, w, b: m.group_norm(x, 2, w, b, 1e-5, True), x4, w4, b4)
    compare_with_torch(lambda m, x, w: m.rms_norm(x, [3], w, 1e-6), x, w)
    check_gradients(lambda x, w, b: ember.layer_norm(x, [3], w, b), rand64(2, 3), w, b)


@requires_torch
@pytest.mark.parametrize("training", [True, False])
def test_batch_and_instance_norm_take_every_argument_positionally(training):
    x, w, b = rand64(4, 3, 2), rand64(3), rand64(3)
    means = {m: m.zeros(3, dtype=m.float64) for m in (ember, TORCH)}
    variances = {m: m.ones(3, dtype=m.float64) for m in (ember, TORCH)}
    compare_with_torch(lambda m, x, w, b: m.batch_norm(x, w, b, means[m], variances[m],
                                                       training, 0.1, 1e-5, True), x, w, b)
    assert ember.allclose(means[ember], ember.tensor(means[TORCH].cpu().numpy()))
    compare_with_torch(lambda m, x, w, b: m.instance_norm(x, w, b, None, None, True, 0.1, 1e-5,
                                                          False), x, w, b)
    _both_error(lambda m: m.batch_norm(m.ones(2, 3)))


@requires_torch
@pytest.mark.parametrize("dim", [0, 1, 2, -1])
def test_norm_except_dim(dim):
    v = rand64(2, 3, 4)
    compare_with_torch(lambda m, v: m.norm_except_dim(v, 2, dim), v, check_grad_fn=False)
    compare_with_torch(lambda m, v: m.norm_except_dim(v, 3, dim), v, check_grad_fn=False)
    check_gradients(lambda v: ember.norm_except_dim(v, 2, dim), v)


# -- embeddings and losses -----------------------------------------------------------------------

@requires_torch
@pytest.mark.parametrize("padding_idx", [-1, 1])
def test_embedding_takes_weight_first(padding_idx):
    w = rand64(5, 3)
    idx = ember.tensor([[0, 1], [4, 1]])
    compare_with_torch(lambda m, w, i: m.embedding(w, i, padding_idx), w, idx)
    _both_error(lambda m: m.embedding(m.tensor([1, 2]), m.ones(3, 2)))


LOSSES = {
    "kl_div": (lambda m, a, b, t, r: m.kl_div(a, b.softmax(-1), r), 2),
    "kl_div_log_target": (lambda m, a, b, t, r: m.kl_div(a, b, r, log_target=True), 2),
    "bce_logits": (lambda m, a, b, t, r: m.binary_cross_entropy_with_logits(
        a, b.sigmoid(), None, None, r), 2),
    "bce_logits_weights": (lambda m, a, b, t, r: m.binary_cross_entropy_with_logits(
        a, b.sigmoid(), m.arange(12, dtype=m.float64).reshape(4, 3) / 10,
        m.tensor([0.5, 1.0, 2.0], dtype=m.float64), r), 2),
    "cosine_embedding": (lambda m, a, b, t, r: m.cosine_embedding_loss(a, b, t, 0.1, r), 2),
    "hinge_embedding": (lambda m, a, b, t, r: m.hinge_embedding_loss(a, t.unsqueeze(1), 0.5, r),
                        1),
    "margin_ranking": (lambda m, a, b, t, r: m.margin_ranking_loss(a[:, 0], b[:, 0], t, 0.2, r),
                       2),
    "poisson_nll": (lambda m, a, b, t, r: m.poisson_nll_loss(a, b.abs(), True, True, 1e-8, r), 2),
    "poisson_nll_rate": (lambda m, a, b, t, r: m.poisson_nll_loss(a.exp(), b.abs(), False, False,
                                                                 1e-8, r), 2),
    "triplet_margin": (lambda m, a, b, t, r: m.triplet_margin_loss(a, b, a.flip(0), 1.0, 2.0,
                                                                   1e-6, True, r), 2),
}


@requires_torch
@pytest.mark.parametrize("reduction", [0, 1, 2])
@pytest.mark.parametrize("name", sorted(LOSSES))
def test_losses_take_integer_reductions(name, reduction):
    fn, grads = LOSSES[name]
    a, b = rand64(4, 3, seed=1), rand64(4, 3, seed=2)
    t = ember.tensor([1.0, -1.0, 1.0, -1.0], dtype=ember.float64)
    inputs = (a, b)[:grads]
    compare_with_torch(lambda m, *xs: fn(m, *xs, *([m.tensor(b.detach().cpu().numpy())]
                                                    if len(xs) < 2 else []),
                                         m.tensor(t.cpu().numpy()), reduction),
                       *inputs)
    check_gradients(lambda *xs: fn(ember, *xs, *([b.detach()] if len(xs) < 2 else []), t,
                                   reduction), *inputs)


@requires_torch
@pytest.mark.parametrize("reduction", [-1, 3])
def test_other_reduction_integers_reduce_nothing(reduction):
    compare_with_torch(lambda m, a: m.kl_div(a, a.detach().exp(), reduction), rand64(3))


@requires_torch
def test_default_reduction_is_none_as_torch_binding_reads_it():
    a, b = rand64(2, 3, seed=1), rand64(2, 3, seed=2)
    t = ember.tensor([1.0, -1.0], dtype=ember.float64)
    tt = TORCH.tensor([1.0, -1.0], dtype=TORCH.float64)
    calls = [lambda m, a, b, t: m.kl_div(a, b.exp()),
             lambda m, a, b, t: m.binary_cross_entropy_with_logits(a, b.sigmoid()),
             lambda m, a, b, t: m.cosine_embedding_loss(a, b, t),
             lambda m, a, b, t: m.hinge_embedding_loss(a, b.sign()),
             lambda m, a, b, t: m.margin_ranking_loss(a[:, 0], b[:, 0], t),
             lambda m, a, b, t: m.triplet_margin_loss(a, b, a.flip(0))]
    for call in calls:
        compare_with_torch(lambda m, a, b, c=call: c(m, a, b, t if m is ember else tt), a, b)


@requires_torch
def test_ctc_loss_integer_reduction():
    log_probs = rand64(6, 2, 4, seed=3).detach().log_softmax(-1).requires_grad_()
    targets = ember.tensor([[1, 2], [3, 3]])
    compare_with_torch(lambda m, lp, tg: m.ctc_loss(lp, tg, [6, 5], [2, 2], 0, 1, False),
                       log_probs, targets, check_grad_fn=False)
    compare_with_torch(lambda m, lp, tg: m.ctc_loss(lp, tg, m.tensor([6, 6]), m.tensor([2, 1]),
                                                    0, 0, True), log_probs, targets,
                       check_grad_fn=False)


# -- pooling, padding, grids ---------------------------------------------------------------------

@requires_torch
def test_pooling_with_indices_returns_pairs():
    x = rand64(2, 3, 9)
    ours, _ = compare_with_torch(lambda m, x: m.adaptive_max_pool1d(x, 4), x)
    assert isinstance(ours, tuple) and len(ours) == 2
    compare_with_torch(lambda m, x: m.max_pool1d_with_indices(x, 3), x)
    compare_with_torch(lambda m, x: m.max_pool1d_with_indices(x, [3], [2], [1], [1], True), x)
    _both_error(lambda m: m.adaptive_max_pool1d([1.0], 2))


@requires_torch
def test_constant_pad_nd_and_channel_shuffle():
    x = rand64(2, 4, 3)
    compare_with_torch(lambda m, x: m.constant_pad_nd(x, [1, 2, -1, 0], 0.5), x)
    compare_with_torch(lambda m, x: m.constant_pad_nd(x, (2, 1)), x)
    compare_with_torch(lambda m, x: m.channel_shuffle(x, 2), x)
    check_gradients(lambda x: ember.constant_pad_nd(x, [1, 2, -1, 0], 0.5), x)


@requires_torch
@pytest.mark.parametrize("interpolation", [0, 1, 2])
@pytest.mark.parametrize("padding", [0, 1, 2])
def test_grid_sampler_integer_modes(interpolation, padding):
    x = rand64(1, 2, 4, 5)
    theta = ember.tensor([[[0.9, 0.1, 0.05], [-0.2, 1.1, 0.1]]], dtype=ember.float64,
                         requires_grad=True)
    grid_fn = lambda m, t: m.affine_grid_generator(t, [1, 2, 3, 4], False)
    compare_with_torch(grid_fn, theta)
    compare_with_torch(lambda m, x, t: m.grid_sampler(x, grid_fn(m, t), interpolation, padding,
                                                      False), x, theta)
    compare_with_torch(lambda m, x, t: m.grid_sampler_2d(x, grid_fn(m, t), interpolation,
                                                         padding, True), x, theta)


@requires_torch
def test_grid_sampler_rank_error():
    _both_error(lambda m: m.grid_sampler_2d(m.ones(1, 1, 2, 2, 2), m.zeros(1, 2, 2, 2, 3), 0, 0,
                                            True))


# -- convolution ---------------------------------------------------------------------------------

@requires_torch
@pytest.mark.parametrize("dims", [1, 2, 3])
@pytest.mark.parametrize("transposed", [False, True])
def test_convolution_dispatches_on_rank(dims, transposed):
    x = rand64(2, 4, *([5] * dims))
    w = rand64(*((4, 3) if transposed else (6, 2)), *([3] * dims), seed=7)
    b = rand64(6, seed=8)
    stride, padding, dilation = [2] * dims, [1] * dims, [1] * dims
    out_pad = [1] * dims if transposed else [0] * dims
    compare_with_torch(lambda m, x, w, b: m.convolution(x, w, b, stride, padding, dilation,
                                                        transposed, out_pad, 2), x, w, b,
                       rtol=1e-9, atol=1e-9)


@requires_torch
@pytest.mark.parametrize("pad", [0, 1, 2])
def test_conv_tbc(pad):
    x, w, b = rand64(7, 2, 3), rand64(3, 3, 4, seed=1), rand64(4, seed=2)
    compare_with_torch(lambda m, x, w, b: m.conv_tbc(x, w, b, pad), x, w, b)
    check_gradients(lambda x, w, b: ember.conv_tbc(x, w, b, pad), x, w, b)
    _both_error(lambda m: m.conv_tbc(m.ones(2, 3), m.ones(3, 3, 4), m.ones(4)))
    _both_error(lambda m: m.conv_tbc(m.ones(2, 2, 3), m.ones(3, 2, 4), m.ones(4)))


# -- recurrent cells and layers ------------------------------------------------------------------

@requires_torch
@pytest.mark.parametrize("name", ["rnn_tanh_cell", "rnn_relu_cell", "gru_cell", "lstm_cell"])
def test_cells(name):
    gates = {"rnn_tanh_cell": 1, "rnn_relu_cell": 1, "gru_cell": 3, "lstm_cell": 4}[name]
    x, h = rand64(3, 4, seed=1), rand64(3, 5, seed=2)
    w_ih, w_hh = rand64(5 * gates, 4, seed=3), rand64(5 * gates, 5, seed=4)
    b_ih, b_hh = rand64(5 * gates, seed=5), rand64(5 * gates, seed=6)
    if name == "lstm_cell":
        c = rand64(3, 5, seed=7)
        fn = lambda m, x, h, c, *w: m.lstm_cell(x, (h, c), *w)
        compare_with_torch(fn, x, h, c, w_ih, w_hh, b_ih, b_hh, check_grad_fn=False)
        compare_with_torch(fn, x, h, c, w_ih, w_hh, check_grad_fn=False)
        check_gradients(lambda *a: fn(ember, *a), x, h, c, w_ih, w_hh, b_ih, b_hh,
                        second_order=False)
        return
    fn = lambda m, *a: getattr(m, name)(*a)
    compare_with_torch(fn, x, h, w_ih, w_hh, b_ih, b_hh, check_grad_fn=False)
    compare_with_torch(fn, x, h, w_ih, w_hh, check_grad_fn=False)
    check_gradients(lambda *a: fn(ember, *a), x, h, w_ih, w_hh, b_ih, b_hh, second_order=False)


@requires_torch
@pytest.mark.parametrize("name", ["lstm", "gru", "rnn_tanh", "rnn_relu"])
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("batch_first", [False, True])
def test_stacked_recurrences_match_torch(name, bidirectional, batch_first):
    gates = {"rnn_tanh": 1, "rnn_relu": 1, "gru": 3, "lstm": 4}[name]
    dirs, layers, hidden = 1 + bidirectional, 2, 3
    x = rand64(2, 4, 3, seed=1)
    params = []
    for layer in range(layers):
        for _ in range(dirs):
            width = 3 if layer == 0 else hidden * dirs
            params += [rand64(gates * hidden, width, seed=len(params) + 10),
                       rand64(gates * hidden, hidden, seed=len(params) + 11),
                       rand64(gates * hidden, seed=len(params) + 12),
                       rand64(gates * hidden, seed=len(params) + 13)]
    h0 = rand64(layers * dirs, 2 if batch_first else 4, hidden, seed=3)
    c0 = rand64(layers * dirs, 2 if batch_first else 4, hidden, seed=4)

    def run(m, x, h0, c0, *params):
        hx = (h0, c0) if name == "lstm" else h0
        return getattr(m, name)(x, hx, params, True, layers, 0.0, False, bidirectional,
                                batch_first)
    outs, _ = compare_with_torch(run, x, h0, c0, *params, check_grad_fn=False)
    assert len(outs) == (3 if name == "lstm" else 2)


@requires_torch
def test_lstm_without_biases_and_parameter_errors():
    x, h0, c0 = rand64(5, 1, 3, seed=1), rand64(1, 1, 2, seed=2), rand64(1, 1, 2, seed=3)
    w_ih, w_hh = rand64(8, 3, seed=4), rand64(8, 2, seed=5)
    compare_with_torch(lambda m, x, h, c, a, b: m.lstm(x, (h, c), [a, b], False, 1, 0.0, True,
                                                       False, False), x, h0, c0, w_ih, w_hh,
                       check_grad_fn=False)
    _both_error(lambda m: m.lstm(m.ones(5, 3), (m.ones(1, 2), m.ones(1, 2)),
                                 [m.ones(8, 3), m.ones(8, 2)], False, 1, 0.0, True, False, False))
    _both_error(lambda m: m.gru(m.ones(2, 1, 3), m.ones(1, 1, 2), [m.ones(6, 3)] * 3, True, 1,
                                0.0, False, False, False))
    _both_error(lambda m: m.gru(m.ones(2, 1, 3), m.ones(1, 1, 2), [m.ones(6, 3)], True, 1, 0.0,
                                False, False, False))


# -- fill ----------------------------------------------------------------------------------------

@requires_torch
def test_fill_number_and_tensor_value():
    x = rand64(2, 3)
    compare_with_torch(lambda m, x: m.fill(x, 2.5), x)
    v = ember.tensor(1.5, dtype=ember.float64, requires_grad=True)
    compare_with_torch(lambda m, x, v: m.fill(x, v), x, v)
    _both_error(lambda m: m.fill(m.ones(2), m.ones(2)))
    assert ember.fill(ember.ones(2, dtype=ember.int64), 3).dtype is ember.int64


# -- unsafe splits, nonzero_static ---------------------------------------------------------------

@requires_torch
@pytest.mark.parametrize("call", [
    lambda m, x: m.unsafe_split(x, 2, 1), lambda m, x: x.unsafe_split(3, 0),
    lambda m, x: m.unsafe_chunk(x, 2, 1), lambda m, x: x.unsafe_chunk(5, -1),
    lambda m, x: m.unsafe_split_with_sizes(x, [1, 3], 1),
    lambda m, x: x.unsafe_split_with_sizes([2, 2], 0)])
def test_unsafe_splits(call):
    x = rand64(4, 4)
    compare_with_torch(call, x)
    check_gradients(lambda x: call(ember, x), x)
    pieces = call(ember, x.detach())
    assert all(p._base is None for p in pieces)   # not views, as torch's unsafe_ pieces
    pieces[0].add_(1)                               # ... yet they share memory
    assert x.detach()[0, 0].item() == pieces[0][0, 0].item()


@requires_torch
@pytest.mark.parametrize("call", [
    lambda m: m.unsafe_chunk(m.ones(()), 2), lambda m: m.unsafe_chunk(m.ones(3), 0),
    lambda m: m.unsafe_split(m.ones(3), -1), lambda m: m.unsafe_split_with_sizes(m.ones(3), [1]),
    lambda m: m.nonzero_static(m.ones(3), size=-1)])
def test_split_and_nonzero_static_errors(call):
    _both_error(call)


@requires_torch
@pytest.mark.parametrize("data", [[0, 1, 0, 2], [[0, 1], [2, 0]], [], 3, 0])
@pytest.mark.parametrize("size, fill", [(0, -1), (1, -1), (3, 7), (5, -1)])
def test_nonzero_static(data, size, fill):
    ours = ember.tensor(data).nonzero_static(size=size, fill_value=fill)
    theirs = TORCH.tensor(data).nonzero_static(size=size, fill_value=fill)
    assert ours.dtype is ember.int64
    assert ours.tolist() == theirs.tolist() and tuple(ours.shape) == tuple(theirs.shape)


# -- tensors over buffers and files --------------------------------------------------------------

@requires_torch
def test_frombuffer_shares_writable_memory():
    buf = bytearray(b"\x01\x00\x02\x00\x03\x00\x04\x00")
    ours = ember.frombuffer(buf, dtype=ember.int16, count=2, offset=2)
    theirs = TORCH.frombuffer(bytearray(buf), dtype=TORCH.int16, count=2, offset=2)
    assert ours.tolist() == theirs.tolist() == [2, 3]
    buf[2] = 9
    assert ours.tolist() == [9, 3]
    ours[1] = 5
    assert buf[4] == 5
    assert ember.frombuffer(buf, dtype=ember.float32, requires_grad=True).requires_grad


@requires_torch
@pytest.mark.parametrize("args", [(b"", {}), (b"abc", {}), (b"abcd", {"count": 3}),
                                  (b"abcd", {"offset": 4}), (b"abcd", {"count": 0}),
                                  (b"abcd", {"offset": -1}), ([1, 2], {})])
def test_frombuffer_errors(args):
    buffer, kwargs = args
    ours, theirs = _both_error(lambda m: m.frombuffer(buffer, dtype=m.int16, **kwargs))
    assert str(ours) == str(theirs)


def test_frombuffer_read_only_buffer_is_copied():
    data = b"\x01\x00\x02\x00"
    with pytest.warns(UserWarning, match="not writable") if \
            "buffer_not_writable" not in ember._deprecated._warned else _no_warning():
        t = ember.frombuffer(data, dtype=ember.int16)
    t[0] = 7
    assert t.tolist() == [7, 2] and data[0] == 1


class _no_warning:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@requires_torch
@pytest.mark.parametrize("shared", [False, True])
def test_from_file(tmp_path, shared):
    import numpy as np
    paths = {m: tmp_path / f"{m.__name__}.bin" for m in (ember, TORCH)}
    for path in paths.values():
        np.arange(6, dtype=np.float32).tofile(path)
    tensors = {m: m.from_file(str(paths[m]), shared, 4) for m in (ember, TORCH)}
    assert tensors[ember].tolist() == tensors[TORCH].tolist()
    for m in (ember, TORCH):
        tensors[m][0] = 100
    assert paths[ember].read_bytes() == paths[TORCH].read_bytes()
    grown = {m: m.from_file(str(paths[m]), shared, 8, dtype=m.float32) if shared else None
             for m in (ember, TORCH)}
    if shared:
        assert grown[ember].tolist() == grown[TORCH].tolist()
        assert paths[ember].stat().st_size == paths[TORCH].stat().st_size == 32
    else:
        ours, theirs = _both_error(lambda m: m.from_file(str(paths[m]), False, 8))
        assert str(ours).replace("ember", "torch") == str(theirs)
    assert ember.from_file(str(paths[ember]), shared).shape == (0,)
    _both_error(lambda m: m.from_file(str(tmp_path / "missing.bin"), False, 2))


@requires_torch
@pytest.mark.parametrize("size, layout", [((2, 3, 4), (2, 0, 1)), ((2, 3), (0, 1)), ((5,), (0,)),
                                          ((2, 1, 3), (1, 2, 0))])
def test_empty_permuted_strides(size, layout):
    ours, theirs = ember.empty_permuted(size, layout), TORCH.empty_permuted(size, layout)
    assert tuple(ours.shape) == tuple(theirs.shape) and ours.stride() == theirs.stride()


@requires_torch
@pytest.mark.parametrize("layout", [(0, 0), (0,), (0, 5)])
def test_empty_permuted_errors(layout):
    ours, theirs = _both_error(lambda m: m.empty_permuted((2, 3), layout))
    assert str(ours) == str(theirs)


@requires_torch
def test_to_dlpack_round_trips_and_shares_memory():
    t = ember.arange(4.0)
    back = ember.from_dlpack(ember.to_dlpack(t))
    back[0] = 9
    assert t[0].item() == 9
    assert TORCH.from_dlpack(ember.to_dlpack(t.cpu())).tolist() == [9, 1, 2, 3]
    assert "dltensor" in repr(ember.to_dlpack(t))
    assert ember.is_distributed(t) is False and t.is_distributed() is False


# -- control flow, switches, sym_* ---------------------------------------------------------------

@requires_torch
def test_cond_eager():
    for pred in (True, False, 1, 0.0):
        ours = ember.cond(pred, lambda x: x + 1, lambda x: x - 1, (ember.ones(2),))
        theirs = TORCH.cond(pred, lambda x: x + 1, lambda x: x - 1, (TORCH.ones(2),))
        assert ours.tolist() == theirs.tolist()
    assert ember.cond(ember.tensor([0.0]), lambda: 1, lambda: 2) == 2
    # The message prints the predicate: a CPU one, as torch here has no other device.
    ours, theirs = _both_error(lambda m: m.cond(m.tensor([1, 1], device="cpu"), lambda: 1,
                                                lambda: 2))
    assert str(ours) == str(theirs)
    x = ember.ones(2, requires_grad=True)
    ember.cond(True, lambda x: (x * 3).sum(), lambda x: x.sum(), [x]).backward()
    assert x.grad.tolist() == [3.0, 3.0]


def test_while_loop_eager():
    # torch compiles its while_loop (seconds per call), so the oracle is the plain loop.
    ours = ember.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * 2),
                            (ember.tensor(0.0), ember.ones(2)))
    i, y = 0.0, [1.0, 1.0]
    while i < 3:
        i, y = i + 1, [v * 2 for v in y]
    assert ours[0].item() == i and ours[1].tolist() == y
    assert ember.while_loop(lambda i: i < 3, lambda i: i + 1, (ember.tensor(0),)).item() == 3
    never = (ember.tensor(5),)
    assert ember.while_loop(lambda i: i < 3, lambda i: (i + 1,), never) is never
    with pytest.raises(RuntimeError, match="scalar tensor or a bool"):
        ember.while_loop(lambda i: i < ember.tensor([3, 4]), lambda i: (i + 1,),
                         (ember.tensor(0),))
    with pytest.raises(RuntimeError, match="same metadata"):
        ember.while_loop(lambda i: i < 3, lambda i: (i + 1.0,), (ember.tensor(0),))


@requires_torch
def test_switches():
    for m in (ember, TORCH):
        assert m.is_warn_always_enabled() is False
        m.set_warn_always(True)
        assert m.is_warn_always_enabled() is True
        m.set_warn_always(False)
        assert m.is_anomaly_enabled() is False and m.is_anomaly_check_nan_enabled() is True
        m.set_anomaly_enabled(True, False)
        assert m.is_anomaly_enabled() is True and m.is_anomaly_check_nan_enabled() is False
        assert ember.autograd.is_anomaly_enabled() is ember.is_anomaly_enabled()
        m.set_anomaly_enabled(False)
        assert m.is_anomaly_enabled() is False
    _both_error(lambda m: m.set_warn_always(1))
    _both_error(lambda m: m.set_flush_denormal(1))
    assert ember.set_flush_denormal(False) is False


@requires_torch
@pytest.mark.parametrize("kind", ["DoubleTensor", "torch.DoubleTensor"])
def test_set_default_tensor_type(kind):
    arg = kind if isinstance(kind, str) and "." in kind else getattr(ember, kind)
    from ember import _deprecated
    _deprecated._warned.discard("set_default_tensor_type")  # torch warns once per process
    try:
        with pytest.warns(UserWarning, match="deprecated as of PyTorch 2.1"):
            ember.set_default_tensor_type(arg)
        assert ember.ones(1).dtype is ember.float64
    finally:
        ember.set_default_dtype(ember.float32)
    _both_error(lambda m: m.set_default_tensor_type(m.LongTensor))


# An old train.py's preamble: the deprecation warning comes once per process, after the name
# resolves (a misspelt name raises AttributeError first), then the type is checked.
DEFAULT_TENSOR_TYPE_PROGRAM = """
import sys, warnings
import {module} as torch
warnings.simplefilter("always")
def show(*parts):
    print(" ".join(map(str, parts)).replace("{module}", "M"))
for arg in ["torch.Bogus", torch.float32, "torch.IntTensor", torch.DoubleTensor,
            "torch.FloatTensor", "torch.cuda.FloatTensor"]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            torch.set_default_tensor_type(arg)
            show("ok", torch.get_default_dtype())
        except (AttributeError, TypeError) as error:
            show(type(error).__name__, str(error).split(". ")[0])
    show(len(caught), [str(w.message)[:30] for w in caught])
"""


@requires_torch
def test_set_default_tensor_type_warns_once_and_resolves_names_as_torch():
    import os
    import subprocess
    import sys
    src = os.path.dirname(os.path.dirname(os.path.abspath(ember.__file__)))
    # a CPU-only process on both sides: torch here is a CPU build, and ember's stand-in CUDA
    # device would make torch.cuda.FloatTensor available
    env = {key: value for key, value in os.environ.items()
           if key not in ("EMBER_CUDA_STANDIN", "EMBER_TEST_CUDA")}
    env["PYTHONPATH"] = os.pathsep.join([src, env.get("PYTHONPATH", "")])
    outputs = []
    for module in ("ember", "torch"):
        result = subprocess.run(
            [sys.executable, "-c", DEFAULT_TENSOR_TYPE_PROGRAM.format(module=module)],
            capture_output=True, text=True, check=True, env=env)
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1], outputs
    assert outputs[0].count("1 [") == 1 and "ok M.float64" in outputs[0], outputs[0]


@requires_torch
@pytest.mark.parametrize("call", [
    lambda m: m.sym_max(1, 2.0), lambda m: m.sym_max(3, 2.0), lambda m: m.sym_min(1, 2),
    lambda m: m.sym_min(2.5, 7), lambda m: m.sym_sqrt(4), lambda m: m.sym_sum([1, 2, 3.0]),
    lambda m: m.sym_int(2.7), lambda m: m.sym_int(-2.7), lambda m: m.sym_float(3),
    lambda m: m.sym_not(0), lambda m: m.sym_ite(False, 1, 2), lambda m: m.sym_int(True)])
def test_sym_functions_are_plain_python(call):
    ours, theirs = call(ember), call(TORCH)
    assert ours == theirs and type(ours) is type(theirs)


@requires_torch
@pytest.mark.parametrize("call", [lambda m: m.sym_max(2, "a"), lambda m: m.sym_ite(1, 2, 3),
                                  lambda m: m.sym_ite(True, 2, 3.0)])
def test_sym_function_errors(call):
    ours, theirs = _both_error(call)
    assert str(ours) == str(theirs)


@requires_torch
def test_vmap_errors_streams_events():
    out = ember.vmap(lambda r: r.sum())(ember.arange(6.0).reshape(2, 3))
    assert out.tolist() == TORCH.vmap(lambda r: r.sum())(TORCH.arange(6.0).reshape(2, 3)).tolist()
    for name in ("OutOfMemoryError", "AcceleratorError"):
        assert issubclass(getattr(ember, name), RuntimeError)
    assert repr(ember.Stream()) == repr(TORCH.Stream()).replace("torch", "ember")
    assert repr(ember.Event(enable_timing=True)) == \
        repr(TORCH.Event(enable_timing=True)).replace("torch", "ember")
    assert ember.Stream("cpu") == ember.Stream() and ember.Stream().query()
    ours, theirs = _both_error(lambda m: m.Event().record())
    assert str(ours) == str(theirs)
    assert not isinstance(ember.ones(2).shape[0], (ember.SymInt, ember.SymFloat, ember.SymBool))


# -- Tensor methods ------------------------------------------------------------------------------

@cpu_only(CPU_RNG)
@requires_torch
@pytest.mark.parametrize("dtype", ["float32", "float64", "int32", "int64", "float16"])
@pytest.mark.parametrize("p", [0.3, 0.9, 1e-3])
def test_geometric_is_torch_stream_bit_for_bit(dtype, p):
    out = {}
    for m in (ember, TORCH):
        m.manual_seed(7)
        first = m.empty(17, dtype=getattr(m, dtype)).geometric_(p)
        out[m] = (first, m.rand(3))     # and the generator continues in step
    assert out[ember][0].tolist() == out[TORCH][0].tolist()
    assert out[ember][1].tolist() == out[TORCH][1].tolist()


@cpu_only(CPU_RNG)
@requires_torch
@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
@pytest.mark.parametrize("n", [1, 4, 33])
def test_log_normal_is_torch_stream_bit_for_bit(dtype, n):
    out = {}
    for m in (ember, TORCH):
        m.manual_seed(3)
        gen = m.Generator().manual_seed(11)
        out[m] = (m.empty(n, dtype=getattr(m, dtype)).log_normal_(0.5, 0.75),
                  m.empty(2, 3, dtype=getattr(m, dtype)).log_normal_(generator=gen),
                  m.empty(3, dtype=getattr(m, dtype)).log_normal_(), m.randn(2))
    for ours, theirs in zip(out[ember], out[TORCH]):
        assert ours.tolist() == theirs.tolist()


@requires_torch
@pytest.mark.parametrize("call", [
    lambda m: m.empty(2).geometric_(0), lambda m: m.empty(2).geometric_(1.5),
    lambda m: m.empty(2, dtype=m.bool).geometric_(0.5), lambda m: m.empty(2).log_normal_(1, 0),
    lambda m: m.empty(2).log_normal_(1, -1.5), lambda m: m.empty(2, dtype=m.long).log_normal_()])
def test_sampler_errors(call):
    ours, theirs = _both_error(call)
    assert str(ours) == str(theirs).replace("torch.", "ember.")


@requires_torch
def test_as_subclass_aliases_and_stays_in_graph():
    class Mine(ember.Tensor):
        pass
    x = ember.ones(2, requires_grad=True)
    y = (x * 2).as_subclass(Mine)
    assert type(y) is Mine and y.grad_fn.name() == "AliasBackward0"
    (y * 3).sum().backward()
    assert x.grad.tolist() == [6.0, 6.0]
    z = x.detach().as_subclass(Mine)
    z.add_(1)
    assert x.tolist() == [2.0, 2.0]
    _both_error(lambda m: m.ones(2).as_subclass(int))


@requires_torch
def test_resize_and_resize_as_are_deprecated_views():
    for m in (ember, TORCH):
        x = m.arange(6.0, requires_grad=True)
        with pytest.warns(UserWarning, match="non-inplace resize is deprecated"):
            r = x.resize(2, 3)
        assert tuple(r.shape) == (2, 3) and type(r.grad_fn).__name__ == "ResizeBackward"
        (r * m.arange(6.0).view(2, 3)).sum().backward()
        assert x.grad.tolist() == list(range(6))
        with pytest.warns(UserWarning, match="non-inplace resize_as is deprecated"):
            assert tuple(x.resize_as(m.ones(3, 2)).shape) == (3, 2)
    with pytest.warns(UserWarning):
        ours, theirs = _both_error(lambda m: m.arange(6.0).resize(4))
    assert str(ours) == str(theirs)


@requires_torch
def test_is_set_to_map2_const_data_ptr():
    for m in (ember, TORCH):
        a = m.arange(6.0)
        assert [a.is_set_to(a), a.is_set_to(a.view(6)), a.is_set_to(a[:]),
                a.is_set_to(a.clone()), a.is_set_to(a.view(2, 3)), a.is_set_to(a[1:])] == \
            [True, True, True, False, False, False]
        assert a.const_data_ptr() == a.data_ptr()
    results = []
    for m in (ember, TORCH):
        b = m.ones(2, 3)
        b.map2_(m.arange(3.0), m.full((2, 1), 2.0), lambda s, x, y: s + x * y)
        results.append(b.tolist())
    assert results[0] == results[1]
    for call in (lambda m: m.ones(3).map2_(m.ones(2), m.ones(3), lambda *a: 0),
                 lambda m: m.ones(3).map2_(m.ones(3, dtype=m.long), m.ones(3), lambda *a: 0),
                 lambda m: m.ones(3).map2_(1, m.ones(3), lambda *a: 0),
                 lambda m: m.ones(2).is_set_to(3)):
        ours, theirs = _both_error(call)
        assert str(ours) == str(theirs).replace("torch.", "ember.")


@requires_torch
@pytest.mark.parametrize("name", ["coalesce", "indices", "values", "is_coalesced", "sparse_dim",
                                  "dense_dim"])
def test_sparse_methods_on_dense_and_sparse_tensors(name):
    dense = {m: m.ones(2, 3) for m in (ember, TORCH)}
    if name in ("sparse_dim", "dense_dim"):
        assert getattr(dense[ember], name)() == getattr(dense[TORCH], name)()
    else:
        ours, theirs = _both_error(lambda m: getattr(dense[m], name)())
        assert str(ours) == str(theirs)
    sparse = {m: m.tensor([[0.0, 2.0, 0.0], [3.0, 0.0, 4.0]]).to_sparse() for m in (ember, TORCH)}
    ours, theirs = getattr(sparse[ember], name)(), getattr(sparse[TORCH], name)()
    if name == "coalesce":
        ours, theirs = ours.to_dense(), theirs.to_dense()
    assert (ours.tolist() if hasattr(ours, "tolist") else ours) == \
        (theirs.tolist() if hasattr(theirs, "tolist") else theirs)


@requires_torch
def test_legacy_and_absent_device_methods():
    for m in (ember, TORCH):
        x = m.ones(2)
        assert x.is_nested is False
        with pytest.warns(UserWarning, match="volatile was removed"):
            assert x.volatile is False
        assert x.module_load(m.zeros(2)).tolist() == [0.0, 0.0] and x.tolist() == [0.0, 0.0]
        y = m.ones(2, requires_grad=True)
        loaded = y.module_load(m.full((2,), 3.0, requires_grad=True), assign=True)
        assert not loaded.requires_grad and loaded.tolist() == [3.0, 3.0]
    calls = [lambda m: m.ones(2).reinforce(1), lambda m: m.ones(2).xpu(),
             lambda m: m.ones(2).ipu(),
             # a CPU tensor's: a device tensor may record a stream
             lambda m: m.ones(2, device="cpu").record_stream(m.Stream())]
    if not ember.cuda.is_available():  # with no CUDA, nothing can be pinned
        calls.append(lambda m: m.ones(2).pin_memory())
    for call in calls:
        _both_error(call)
    assert ember.ones(2).is_pinned() is False


# -- dtypes --------------------------------------------------------------------------------------

WIDE_UINTS = ["uint16", "uint32", "uint64"]


@requires_torch
@pytest.mark.parametrize("name", WIDE_UINTS)
def test_wide_unsigned_dtypes(name):
    import numpy as np
    dt = {m: getattr(m, name) for m in (ember, TORCH)}
    assert (dt[ember].itemsize, dt[ember].is_signed, dt[ember].is_floating_point) == \
        (dt[TORCH].itemsize, dt[TORCH].is_signed, dt[TORCH].is_floating_point)
    big = int(np.iinfo(name).max)
    for data in ([1, 2, 3], [big, 0], [2.7, 0.0][:3 if name != "uint64" else 0]):
        ours, theirs = ember.tensor(data, dtype=dt[ember]), TORCH.tensor(data, dtype=dt[TORCH])
        assert repr(ours.cpu()) == repr(theirs).replace("torch.", "ember.")
    x = {m: m.tensor([3, 1, 2], dtype=dt[m]) for m in (ember, TORCH)}
    for call in (lambda m, x: x * x, lambda m, x: x.sum(), lambda m, x: x.float(),
                 lambda m, x: m.ones(2).to(dt[m]), lambda m, x: m.cat([x, x]),
                 lambda m, x: x.cumsum(0), lambda m, x: x.sort().values, lambda m, x: x * 2.5,
                 lambda m, x: x * m.tensor(2), lambda m, x: x == x.clone(), lambda m, x: x[1:],
                 lambda m, x: m.zeros(2, dtype=dt[m]), lambda m, x: x.prod(),
                 lambda m, x: x.unique()):
        ours, theirs = call(ember, x[ember]), call(TORCH, x[TORCH])
        assert repr(ours.cpu()) == repr(theirs).replace("torch.", "ember.")
    assert repr(ember.iinfo(dt[ember])) == repr(TORCH.iinfo(dt[TORCH]))
    assert ember.from_numpy(np.array([5], dtype=name)).dtype is dt[ember]
    assert x[ember].cpu().numpy().dtype == np.dtype(name)


@requires_torch
@pytest.mark.parametrize("name", WIDE_UINTS)
@pytest.mark.parametrize("other", ["int64", "uint8", "bool", "int8", "complex64", "uint16",
                                   "uint32"])
def test_wide_unsigned_promotion_errors(name, other):
    if other == name:
        assert ember.promote_types(getattr(ember, name), getattr(ember, other)) is \
            getattr(ember, name)
        return
    ours, theirs = _both_error(lambda m: m.promote_types(getattr(m, name), getattr(m, other)))
    assert str(ours) == str(theirs)
    _both_error(lambda m: m.tensor([1], dtype=getattr(m, name)) + m.tensor([1],
                                                                            dtype=getattr(m, other)))
    assert ember.promote_types(getattr(ember, name), ember.float16) is ember.float16


@requires_torch
@pytest.mark.parametrize("data", [[1], [-1], [2 ** 64], [70000.0]])
def test_uint64_creation_range(data):
    for name in ("uint64", "uint16"):
        try:
            theirs = TORCH.tensor(data, dtype=getattr(TORCH, name))
        except Exception as exc:  # noqa: BLE001 - the test compares the types
            with pytest.raises(type(exc)):
                ember.tensor(data, dtype=getattr(ember, name))
        else:
            assert ember.tensor(data, dtype=getattr(ember, name)).tolist() == theirs.tolist()


FLOAT8 = ["float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz", "float8_e8m0fnu"]


@requires_torch
@pytest.mark.parametrize("name", FLOAT8)
def test_float8_conversion_and_printing(name):
    pytest.importorskip("ml_dtypes", reason="float8 needs ml_dtypes (pip install ml_dtypes)")
    import numpy as np
    values = np.concatenate([np.linspace(-600, 600, 241), np.geomspace(1e-9, 1e6, 200),
                             [np.inf, -np.inf, np.nan, 0.0, 1e-45]]).astype(np.float32)
    dt = {m: getattr(m, name) for m in (ember, TORCH)}
    ours = ember.from_numpy(values).to(dt[ember])
    theirs = TORCH.from_numpy(values).to(dt[TORCH])
    np.testing.assert_array_equal(ours.float().cpu().numpy(), theirs.float().cpu().numpy())
    if name != "float8_e8m0fnu":   # torch prints e8m0's smallest value as 0.; ember as 5.9e-39
        small = [0.3125, 1.5, -2.0, 384.0] if "e8m0" not in name else [0.25, 2.0, 512.0]
        assert repr(ember.tensor(small).to(dt[ember]).cpu()) == \
            repr(TORCH.tensor(small).to(dt[TORCH])).replace("torch.", "ember.")
    np.testing.assert_array_equal(
        ember.tensor(values[:5].tolist(), dtype=dt[ember]).float().cpu().numpy(),
        TORCH.tensor(values[:5].tolist(), dtype=dt[TORCH]).float().cpu().numpy())
    assert repr(ember.finfo(dt[ember])) == repr(TORCH.finfo(dt[TORCH]))
    assert (dt[ember].itemsize, dt[ember].is_floating_point) == (1, True)
    ours_err, theirs_err = _both_error(lambda m: m.promote_types(getattr(m, name), m.float32))
    assert str(ours_err) == str(theirs_err)
    np.testing.assert_array_equal(ember.cat([ours[:3], ours[:2]]).float().cpu().numpy(),
                                  TORCH.cat([theirs[:3], theirs[:2]]).float().cpu().numpy())


OPAQUE = ["bits1x8", "bits2x4", "bits4x2", "bits8", "bits16", *[f"int{n}" for n in range(1, 8)],
          *[f"uint{n}" for n in range(1, 8)], "qint8", "quint8", "qint32", "quint4x2",
          "quint2x4", "float4_e2m1fn_x2"]


@requires_torch
@pytest.mark.parametrize("name", OPAQUE)
def test_dtype_objects_without_storage(name):
    ours, theirs = getattr(ember, name), getattr(TORCH, name)
    assert repr(ours) == repr(theirs).replace("torch.", "ember.")
    assert (ours.itemsize, ours.is_floating_point) == (theirs.itemsize, theirs.is_floating_point)
    try:
        signed = theirs.is_signed
    except RuntimeError as exc:
        with pytest.raises(RuntimeError, match=str(exc)):
            _ = ours.is_signed
    else:
        assert ours.is_signed is signed
    with pytest.raises(NotImplementedError, match="no storage"):
        ember.empty(2, dtype=ours)


# -- hash_tensor, device modules -----------------------------------------------------------------

@requires_torch
@pytest.mark.parametrize("data, dtype", [([1.0, 2.0], "float32"), ([1.0, 2.5], "float64"),
                                         ([0.5, -2.0], "float16"), ([-1, 2], "int64"),
                                         ([True, False, True], "bool"), ([1, 2], "uint8"),
                                         (3.5, "float32"), ([7, 9, 11], "int32")])
def test_hash_tensor_all_dims(data, dtype):
    ours = ember.tensor(data, dtype=getattr(ember, dtype)).hash_tensor()
    theirs = TORCH.tensor(data, dtype=getattr(TORCH, dtype)).hash_tensor()
    assert repr(ours.cpu()) == repr(theirs).replace("torch.", "ember.")


@requires_torch
@pytest.mark.parametrize("kwargs", [{"dim": 0}, {"dim": [0, 1]}, {"dim": 1, "keepdim": True},
                                    {"dim": (1,)}, {"dim": -1}])
def test_hash_tensor_over_dims(kwargs):
    ours = ember.hash_tensor(ember.arange(6.0).reshape(2, 3), **kwargs)
    theirs = TORCH.hash_tensor(TORCH.arange(6.0).reshape(2, 3), **kwargs)
    assert repr(ours.cpu()) == repr(theirs).replace("torch.", "ember.")
    assert tuple(ember.hash_tensor(ember.ones(0, 3), 1).shape) == \
        tuple(TORCH.hash_tensor(TORCH.ones(0, 3), 1).shape) == (0,)


@requires_torch
@pytest.mark.parametrize("call", [lambda m: m.hash_tensor(m.tensor([])),
                                  lambda m: m.hash_tensor(m.ones(0, 3), 0),
                                  lambda m: m.hash_tensor(m.ones(2), mode=1),
                                  lambda m: m.hash_tensor(m.tensor([1 + 2j]))])
def test_hash_tensor_errors(call):
    ours, theirs = _both_error(call)
    assert str(ours) == str(theirs)


@requires_torch
def test_get_device_module_and_cpu_module():
    assert ember.get_device_module("cpu") is ember.cpu
    assert ember.get_device_module(ember.device("cuda")) is ember.cuda
    assert ember.get_device_module() is (ember.cuda if ember.cuda.is_available() else ember.cpu)
    ours, theirs = _both_error(lambda m: m.get_device_module("meta"))
    assert str(ours) == str(theirs).replace("torch.", "ember.")
    for name in ("is_available", "device_count", "current_device", "synchronize"):
        assert getattr(ember.cpu, name)() == getattr(TORCH.cpu, name)()
    with ember.cpu.stream(ember.cpu.current_stream()):
        assert ember.cpu.current_stream().query()
    assert ember.init_num_threads() is None


@requires_torch
def test_bit_is_uint1():
    assert ember.bit is ember.uint1 and repr(ember.bit) == repr(TORCH.bit).replace("torch", "ember")


# -- lobpcg --------------------------------------------------------------------------------------

def _spd(m, seed, batch=()):
    import numpy as np
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((*batch, m, m))
    a = a @ np.swapaxes(a, -1, -2) + m * np.eye(m)
    return {mod: mod.tensor(a, dtype=mod.float64) for mod in (ember, TORCH) if mod is not None}


@requires_torch
@pytest.mark.parametrize("k, largest", [(1, None), (2, True), (3, False)])
@pytest.mark.parametrize("batch", [(), (2,)])
def test_lobpcg_values(k, largest, batch):
    import numpy as np
    A = _spd(15, k, batch)
    out = {}
    for m in (ember, TORCH):
        m.manual_seed(5)
        out[m] = m.lobpcg(A[m], k=k, largest=largest)
    assert_close(out[ember][0], out[TORCH][0], rtol=1e-6, atol=1e-6)
    E, X = out[ember]
    assert tuple(X.shape) == (*batch, 15, k)
    np.testing.assert_allclose((A[ember] @ X).cpu().numpy(), (X * E.unsqueeze(-2)).cpu().numpy(),
                               rtol=1e-5, atol=1e-5)


@cpu_only(CPU_RNG)
@requires_torch
@pytest.mark.parametrize("batch", [(), (2,)])
def test_lobpcg_draws_the_start_block_as_torch(batch):
    A = _spd(15, 1, batch)
    after = {}
    for m in (ember, TORCH):
        m.manual_seed(5)
        m.lobpcg(A[m], k=2)
        after[m] = m.rand(3).tolist()
    assert after[ember] == after[TORCH]


@requires_torch
def test_lobpcg_gradient_matches_torch():
    A = _spd(12, 0)
    weights = {m: m.arange(12.0, dtype=m.float64).unsqueeze(1) for m in (ember, TORCH)}
    grads = {}
    for m in (ember, TORCH):
        a = A[m].clone().requires_grad_()
        m.manual_seed(0)
        E, X = m.lobpcg(a, k=2)
        (E.sum() + (X ** 2 * weights[m]).sum()).backward()   # invariant to eigenvector signs
        grads[m] = a.grad
        assert type(E.grad_fn).__name__ == "LOBPCGAutogradFunctionBackward"
    assert_close(grads[ember], grads[TORCH], rtol=1e-5, atol=1e-6)


def test_lobpcg_gradcheck():
    A = _spd(9, 1)[ember]
    start = ember.tensor([[1.0, 0.3], [0.2, 1.0], *[[0.1 * i, -0.05 * i] for i in range(7)]],
                         dtype=ember.float64)

    def fn(a):
        E, X = ember.lobpcg(a, k=2, X=start, tol=1e-13)
        return E, X * X.sum(0, keepdim=True).sign()      # fix the sign of each eigenvector
    assert ember.autograd.gradcheck(fn, (A.clone().requires_grad_(),), atol=1e-5, rtol=1e-4)


@requires_torch
@pytest.mark.parametrize("call", [lambda m, A: m.lobpcg(A[:3]), lambda m, A: m.lobpcg(A, k=5),
                                  lambda m, A: m.lobpcg(A[:4, :4], k=2)])
def test_lobpcg_errors(call):
    A = _spd(12, 2)
    ours, theirs = _both_error(lambda m: call(m, A[m]))
    assert str(ours).replace("ember.", "torch.") == str(theirs)


@requires_torch
def test_lobpcg_backward_with_B_raises():
    A = _spd(12, 3)
    for m in (ember, TORCH):
        a = A[m].clone().requires_grad_()
        E, _ = m.lobpcg(a, k=2, B=m.eye(12, dtype=m.float64))
        with pytest.raises(ValueError, match="B != I"):
            E.sum().backward()


def _second_difference(m, layout):
    dense = (2 * m.eye(16, dtype=m.float64) - m.diag(m.ones(15, dtype=m.float64), 1)
             - m.diag(m.ones(15, dtype=m.float64), -1))
    return dense, {"coo": dense.to_sparse, "csr": dense.to_sparse_csr,
                   "csc": dense.to_sparse_csc}[layout]()


@requires_torch
@pytest.mark.parametrize("layout", ["coo", "csr", "csc"])
@pytest.mark.parametrize("largest", [True, False])
def test_lobpcg_takes_a_sparse_matrix(layout, largest):
    """A sparse A (torch's LOBPCG accepts one; a PDE stencil is the usual case) gives the
    eigenpairs of its dense twin."""
    import numpy as np
    out = {}
    for m in (ember, TORCH):
        dense, A = _second_difference(m, layout)
        start = m.linspace(-1, 1, 32, dtype=m.float64).reshape(16, 2).cos()
        out[m] = dense, m.lobpcg(A, k=2, X=start, largest=largest, niter=200, tol=1e-10)
    dense, (E, X) = out[ember]
    assert_close(E, out[TORCH][1][0], rtol=1e-7, atol=1e-7)
    assert E.layout is ember.strided and X.layout is ember.strided
    np.testing.assert_allclose((dense @ X).cpu().numpy(), (X * E.unsqueeze(-2)).cpu().numpy(),
                               atol=1e-6)


@cpu_only(CPU_RNG)
@requires_torch
def test_lobpcg_of_a_sparse_matrix_draws_the_start_block_as_torch():
    after = {}
    for m in (ember, TORCH):
        m.manual_seed(3)
        m.lobpcg(_second_difference(m, "csr")[1], k=2)
        after[m] = m.rand(2).tolist()
    assert after[ember] == after[TORCH]


@requires_torch
def test_lobpcg_backward_with_sparse_input_raises():
    A = _spd(12, 3)
    for m in (ember, TORCH):
        sparse = A[m].to_sparse().coalesce()
        values = sparse.values().requires_grad_()
        E, _ = m.lobpcg(m.sparse_coo_tensor(sparse.indices(), values, (12, 12)), k=1)
        with pytest.raises(ValueError, match="does not support sparse input yet. Note that"):
            E.sum().backward()


@requires_torch
def test_thread_safe_generator_outside_thread_workers():
    assert ember.thread_safe_generator() is None
    assert TORCH.thread_safe_generator() is None


# finfo and iinfo cannot be pickled or copied, as torch's C structs cannot: a checkpoint holding
# one fails at save time under both libraries instead of only under torch.
@pytest.mark.parametrize("info", [lambda: ember.finfo(ember.float32), lambda: ember.finfo(),
                                  lambda: ember.iinfo(ember.int8)])
def test_finfo_and_iinfo_refuse_pickling(info):
    import copy
    import io
    import pickle
    name = type(info()).__name__
    for attempt in (pickle.dumps, copy.deepcopy, copy.copy,
                    lambda obj: ember.save(obj, io.BytesIO())):
        with pytest.raises(TypeError, match=f"^cannot pickle 'ember.{name}' object$"):
            attempt(info())
