"""Mixed precision: ember.autocast and ember.amp.GradScaler against torch 2.13 on the CPU."""
from __future__ import annotations

import pickle
import threading
import warnings

import numpy as np
import pytest

import ember
from ember.amp import autocast_mode
from tests.conftest import CPU_AUTOCAST, INSTALL, TORCH, cpu_only, requires_torch


def _device():
    """The device type tensors are made on (cuda in the stand-in run): the region's."""
    return ember.get_default_device().type

BF16 = getattr(ember, "bfloat16", None)
LOW_DTYPES = [pytest.param("bfloat16", marks=pytest.mark.skipif(
    BF16 is None, reason=INSTALL["ml_dtypes"])), "float16"]
# Tolerances per autocast dtype: products are rounded once to 8 (bfloat16) or 11 (float16)
# significant bits, so results may differ from torch's by a rounding step.
TOL = {"bfloat16": 2e-2, "float16": 2e-3}


def _name(dtype):
    return str(dtype).split(".")[-1]


def _numpy(t):
    return t.detach().float().cpu().numpy().astype(np.float64)


def _inputs(lib, arrays, grad):
    return [lib.tensor(a, requires_grad=grad and a.dtype.kind == "f") for a in arrays]


def _run(lib, fn, arrays, dtype, grad=True):
    """fn(lib, *inputs) under autocast; the output, its float32 backward's input grads."""
    inputs = _inputs(lib, arrays, grad)
    with lib.autocast("cpu", dtype=getattr(lib, dtype)):
        out = fn(lib, *inputs)
    if grad and out.requires_grad:
        out.float().sum().backward()
    return out, inputs


def _magnitude(fn, arrays):
    """fn of the inputs' absolute values in float64: per output, the sum of its terms' sizes.

    A sum rounded along the way in a low precision is off by up to a few units of that
    precision times this (the order of accumulation, which differs between BLAS kernels and
    vector widths, decides where in that range it lands), not times the result, which
    cancellation can make much smaller.
    """
    inputs = [ember.tensor(np.abs(a).astype(np.float64)) for a in arrays]
    return np.abs(fn(ember, *inputs).detach().cpu().numpy())


def _compare(fn, arrays, dtype, grad=True, grad_fn=True, accumulates=False):
    ours, ours_in = _run(ember, fn, arrays, dtype, grad)
    theirs, theirs_in = _run(TORCH, fn, arrays, dtype, grad)
    assert _name(ours.dtype) == _name(theirs.dtype)
    if grad_fn and theirs.grad_fn is not None:
        assert ours.grad_fn.name() == theirs.grad_fn.name()
    tol = TOL[dtype]
    if accumulates:
        allowed = tol * np.maximum(1.0, _magnitude(fn, arrays)) + tol * np.abs(_numpy(theirs))
        wrong = np.abs(_numpy(ours) - _numpy(theirs)) > allowed
        assert not wrong.any(), (f"{wrong.sum()} of {wrong.size} values off: ember "
                                 f"{_numpy(ours)[wrong]}, torch {_numpy(theirs)[wrong]}")
    else:
        np.testing.assert_allclose(_numpy(ours), _numpy(theirs), rtol=tol, atol=tol)
    for a, b in zip(ours_in, theirs_in):
        if b.grad is not None:
            assert _name(a.grad.dtype) == _name(b.grad.dtype) == "float32"
            scale = max(1.0, np.abs(_numpy(b.grad)).max())
            np.testing.assert_allclose(_numpy(a.grad), _numpy(b.grad), rtol=2 * tol,
                                       atol=2 * tol * scale)
    return ours


def _rand(*shape, seed=0):
    return np.random.RandomState(seed + len(shape)).randn(*shape).astype(np.float32)


def _conv(name):
    return lambda lib, x, w, b: getattr(lib.nn.functional, name)(x, w, b)


# --- ops that autocast runs in the lower-precision dtype --------------------------------------

LOWER = {
    "matmul_mm": (lambda lib, a, b: a @ b, [_rand(3, 4), _rand(4, 5)]),
    "matmul_dot": (lambda lib, a, b: lib.matmul(a, b), [_rand(4), _rand(4, seed=1)]),
    "matmul_mv": (lambda lib, a, b: lib.matmul(a, b), [_rand(3, 4), _rand(4)]),
    "matmul_vm": (lambda lib, a, b: lib.matmul(a, b), [_rand(3), _rand(3, 4)]),
    "matmul_folded": (lambda lib, a, b: lib.matmul(a, b), [_rand(2, 3, 4), _rand(4, 5)]),
    "matmul_bmm": (lambda lib, a, b: lib.matmul(a, b), [_rand(2, 3, 4), _rand(1, 4, 5)]),
    "mm": (lambda lib, a, b: lib.mm(a, b), [_rand(3, 4), _rand(4, 2)]),
    "bmm": (lambda lib, a, b: lib.bmm(a, b), [_rand(2, 3, 4), _rand(2, 4, 5)]),
    "addmm": (lambda lib, c, a, b: lib.addmm(c, a, b, beta=0.5, alpha=2.0),
              [_rand(5), _rand(3, 4), _rand(4, 5)]),
    "baddbmm": (lambda lib, c, a, b: lib.baddbmm(c, a, b),
                [_rand(2, 3, 5), _rand(2, 3, 4), _rand(2, 4, 5)]),
    "addbmm": (lambda lib, c, a, b: lib.addbmm(c, a, b),
               [_rand(3, 5), _rand(2, 3, 4), _rand(2, 4, 5)]),
    "linear": (lambda lib, x, w, b: lib.nn.functional.linear(x, w, b),
               [_rand(4, 6), _rand(3, 6), _rand(3)]),
    "linear_3d": (lambda lib, x, w, b: lib.nn.functional.linear(x, w, b),
                  [_rand(2, 4, 6), _rand(3, 6), _rand(3)]),
    "linear_no_bias": (lambda lib, x, w: lib.nn.functional.linear(x, w),
                       [_rand(4, 6), _rand(3, 6)]),
    "einsum_contraction": (lambda lib, a, b: lib.einsum("ij,jk->ik", a, b),
                           [_rand(3, 4), _rand(4, 5)]),
    "einsum_three": (lambda lib, a, b, c: lib.einsum("ij,jk,kl->il", a, b, c),
                     [_rand(3, 4), _rand(4, 5), _rand(5, 2)]),
    "tensordot": (lambda lib, a, b: lib.tensordot(a, b, dims=1), [_rand(3, 4), _rand(4, 5)]),
    "multi_dot": (lambda lib, a, b, c: lib.linalg.multi_dot([a, b, c]),
                  [_rand(3, 4), _rand(4, 5), _rand(5, 2)]),
    "vecdot": (lambda lib, a, b: lib.linalg.vecdot(a, b), [_rand(3, 4), _rand(3, 4, seed=1)]),
    "sdpa": (lambda lib, q, k, v: lib.nn.functional.scaled_dot_product_attention(q, k, v),
             [_rand(2, 3, 4), _rand(2, 5, 4, seed=1), _rand(2, 5, 4, seed=2)]),
    "prelu": (lambda lib, x, w: lib.nn.functional.prelu(x, w), [_rand(2, 3, 4), _rand(3)]),
    "conv1d": (_conv("conv1d"), [_rand(2, 3, 8), _rand(4, 3, 3), _rand(4)]),
    "conv2d": (_conv("conv2d"), [_rand(2, 3, 6, 6), _rand(4, 3, 3, 3), _rand(4)]),
    "conv3d": (_conv("conv3d"), [_rand(1, 2, 4, 4, 4), _rand(3, 2, 2, 2, 2), _rand(3)]),
    "conv_transpose1d": (_conv("conv_transpose1d"), [_rand(2, 3, 5), _rand(3, 4, 3), _rand(4)]),
    "conv_transpose2d": (_conv("conv_transpose2d"),
                         [_rand(2, 3, 4, 4), _rand(3, 2, 3, 3), _rand(2)]),
    "conv_transpose3d": (_conv("conv_transpose3d"),
                         [_rand(1, 2, 3, 3, 3), _rand(2, 3, 2, 2, 2), _rand(3)]),
}

# Ops outside autocast's lists keep their inputs' dtype (float32 here).
UNLISTED = {
    "mv": (lambda lib, a, b: lib.mv(a, b), [_rand(3, 4), _rand(4)]),
    "dot": (lambda lib, a, b: lib.dot(a, b), [_rand(4), _rand(4, seed=1)]),
    "outer": (lambda lib, a, b: lib.outer(a, b), [_rand(3), _rand(4)]),
    "addmv": (lambda lib, c, a, b: lib.addmv(c, a, b), [_rand(3), _rand(3, 4), _rand(4)]),
    "addr": (lambda lib, c, a, b: lib.addr(c, a, b), [_rand(3, 4), _rand(3), _rand(4)]),
    "kron": (lambda lib, a, b: lib.kron(a, b), [_rand(2, 2), _rand(2, 3)]),
    "einsum_product": (lambda lib, a, b: lib.einsum("ij,ij->ij", a, b),
                       [_rand(3, 4), _rand(3, 4, seed=1)]),
    "einsum_one_operand": (lambda lib, a: lib.einsum("ij->ji", a), [_rand(3, 4)]),
    # a contraction to one element: torch's tensordot (and inner) takes an unlisted product
    "tensordot_one_element": (lambda lib, a, b: lib.tensordot(a, b, dims=1),
                              [_rand(1, 4), _rand(4, 1)]),
    "tensordot_full": (lambda lib, a, b: lib.tensordot(a, b), [_rand(2, 3), _rand(2, 3, seed=1)]),
    "inner_vectors": (lambda lib, a, b: lib.inner(a, b), [_rand(4), _rand(4, seed=1)]),
    "relu": (lambda lib, a: lib.relu(a), [_rand(3, 4)]),
    "softmax": (lambda lib, a: lib.softmax(a, -1), [_rand(3, 4)]),
}


@requires_torch
@pytest.mark.parametrize("dtype", LOW_DTYPES)
@pytest.mark.parametrize("name", sorted(LOWER))
@cpu_only(CPU_AUTOCAST)
def test_lower_precision_ops_match_torch(name, dtype):
    fn, arrays = LOWER[name]
    out = _compare(fn, arrays, dtype, accumulates=True)
    assert _name(out.dtype) == dtype


@requires_torch
@pytest.mark.parametrize("name", sorted(UNLISTED))
def test_unlisted_ops_keep_float32(name):
    fn, arrays = UNLISTED[name]
    out = _compare(fn, arrays, "float16")
    assert out.dtype is ember.float32


RECURRENT = {
    "lstm": lambda lib: lib.nn.LSTM(3, 4, num_layers=2, bidirectional=True),
    "lstm_proj": lambda lib: lib.nn.LSTM(3, 4, proj_size=2),
    "rnn_relu": lambda lib: lib.nn.RNN(3, 4, nonlinearity="relu"),
    "gru": lambda lib: lib.nn.GRU(3, 4),
}
# (name, packed) -> the output's, hidden state's (and cell state's) dtypes under torch's CPU
# autocast: a padded LSTM without projections is one oneDNN layer, all in bfloat16; every other
# call autocasts op by op, so its matrix products are bfloat16 and a float32 state stays so
RECURRENT_DTYPES = {
    ("lstm", False): ["bfloat16"] * 3, ("lstm", True): ["float32"] * 3,
    ("lstm_proj", False): ["bfloat16", "bfloat16", "float32"],
    ("lstm_proj", True): ["bfloat16", "bfloat16", "float32"],
    ("rnn_relu", False): ["bfloat16"] * 2, ("rnn_relu", True): ["bfloat16"] * 2,
    ("gru", False): ["float32"] * 2, ("gru", True): ["float32"] * 2,
}


@requires_torch
@pytest.mark.skipif(BF16 is None, reason=INSTALL["ml_dtypes"])
@pytest.mark.parametrize("packed", [False, True])
@pytest.mark.parametrize("name", sorted(RECURRENT))
@cpu_only(CPU_AUTOCAST)
def test_recurrent_layers_take_torchs_cpu_autocast_dtypes(name, packed):
    def run(lib):
        lib.manual_seed(0)
        layer = RECURRENT[name](lib)
        x = lib.tensor(_rand(5, 2, 3))
        if packed:
            x = lib.nn.utils.rnn.pack_padded_sequence(x, lib.tensor([5, 3]))
        with lib.autocast("cpu", dtype=lib.bfloat16):
            out, state = layer(x)
        plain, _ = layer(x)
        data = (lambda t: t.data) if packed else (lambda t: t)
        states = state if isinstance(state, tuple) else (state,)
        return ([_name(data(out).dtype)] + [_name(s.dtype) for s in states],
                _numpy(data(out)), _numpy(data(plain)))

    ours, theirs = run(ember), run(TORCH)
    assert ours[0] == theirs[0] == RECURRENT_DTYPES[name, packed]
    np.testing.assert_allclose(ours[1], ours[2], atol=5e-2)


# --- ops that autocast runs in float32 --------------------------------------------------------

def _low(lib, *tensors):
    """The tensors in float16, as a lower-precision op before them would leave them."""
    return [t.to(lib.float16) for t in tensors]


def _probabilities(lib, x):
    return lib.sigmoid(x)


def _loss(name, **kwargs):
    return lambda lib, x, y: getattr(lib.nn.functional, name)(*_low(lib, x, y), **kwargs)


LABELS = np.array([0, 2, 1, 4])

FLOAT32 = {
    "mse_loss": (_loss("mse_loss"), [_rand(4, 5), _rand(4, 5, seed=1)]),
    "l1_loss": (_loss("l1_loss"), [_rand(4, 5), _rand(4, 5, seed=1)]),
    "smooth_l1_loss": (_loss("smooth_l1_loss"), [_rand(4, 5), _rand(4, 5, seed=1)]),
    "huber_loss": (_loss("huber_loss", delta=0.5), [_rand(4, 5), _rand(4, 5, seed=1)]),
    "kl_div": (_loss("kl_div", reduction="batchmean"), [_rand(4, 5), _rand(4, 5, seed=1)]),
    "soft_margin_loss": (lambda lib, x, y: lib.nn.functional.soft_margin_loss(
        *_low(lib, x, y.detach())), [_rand(4, 5), _rand(4, 5, seed=1)]),
    "poisson_nll_loss": (_loss("poisson_nll_loss"), [_rand(4, 5), np.abs(_rand(4, 5, seed=1))]),
    "binary_cross_entropy_with_logits": (_loss("binary_cross_entropy_with_logits"),
                                         [_rand(4, 5), np.abs(_rand(4, 5, seed=1)) % 1]),
    "binary_cross_entropy": (
        lambda lib, x, y: lib.nn.functional.binary_cross_entropy(
            *_low(lib, _probabilities(lib, x), y)),
        [_rand(4, 5), np.abs(_rand(4, 5, seed=1)) % 1]),
    "cross_entropy": (lambda lib, x, t: lib.nn.functional.cross_entropy(_low(lib, x)[0], t),
                      [_rand(4, 5), LABELS]),
    "cross_entropy_probabilities": (_loss("cross_entropy"),
                                    [_rand(4, 5), np.full((4, 5), 0.2, np.float32)]),
    "nll_loss": (lambda lib, x, t: lib.nn.functional.nll_loss(_low(lib, x)[0], t),
                 [_rand(4, 5), LABELS]),
    "multi_margin_loss": (lambda lib, x, t: lib.nn.functional.multi_margin_loss(
        _low(lib, x)[0], t), [_rand(4, 5), LABELS]),
    "hinge_embedding_loss": (lambda lib, x: lib.nn.functional.hinge_embedding_loss(
        _low(lib, x)[0], lib.ones(4, 5)), [_rand(4, 5)]),
    "margin_ranking_loss": (lambda lib, a, b: lib.nn.functional.margin_ranking_loss(
        *_low(lib, a, b), lib.ones(5)), [_rand(5), _rand(5, seed=1)]),
    "cosine_embedding_loss": (lambda lib, a, b: lib.nn.functional.cosine_embedding_loss(
        *_low(lib, a, b), lib.ones(4)), [_rand(4, 5), _rand(4, 5, seed=1)]),
    "triplet_margin_loss": (lambda lib, a, b, c: lib.nn.functional.triplet_margin_loss(
        *_low(lib, a, b, c)), [_rand(4, 5), _rand(4, 5, seed=1), _rand(4, 5, seed=2)]),
    "prod": (lambda lib, x: _low(lib, x)[0].prod(), [np.abs(_rand(2, 3)) + 0.5]),
    "prod_dim": (lambda lib, x: lib.prod(_low(lib, x)[0], 1), [_rand(2, 3)]),
    "max_pool3d": (lambda lib, x: lib.nn.functional.max_pool3d(_low(lib, x)[0], 2),
                   [_rand(1, 2, 4, 4, 4)]),
    "avg_pool3d": (lambda lib, x: lib.nn.functional.avg_pool3d(_low(lib, x)[0], 2),
                   [_rand(1, 2, 4, 4, 4)]),
    "adaptive_avg_pool3d": (lambda lib, x: lib.nn.functional.adaptive_avg_pool3d(
        _low(lib, x)[0], 2), [_rand(1, 2, 4, 4, 4)]),
    "cdist": (lambda lib, a, b: lib.cdist(*_low(lib, a, b)), [_rand(4, 3), _rand(5, 3)]),
    "pad_reflect": (lambda lib, x: lib.nn.functional.pad(_low(lib, x)[0], (1, 2),
                                                          mode="reflect"), [_rand(1, 2, 5)]),
    "pad_replicate": (lambda lib, x: lib.nn.functional.pad(_low(lib, x)[0], (1, 1, 2, 0),
                                                            mode="replicate"),
                      [_rand(1, 2, 4, 4)]),
    "inverse": (lambda lib, a: lib.inverse(_low(lib, a)[0]),
                [np.eye(3, dtype=np.float32) * 2 + 0.1 * _rand(3, 3)]),
    "solve": (lambda lib, a, b: lib.linalg.solve(*_low(lib, a, b)),
              [np.eye(3, dtype=np.float32) * 2 + 0.1 * _rand(3, 3), _rand(3, 2)]),
    "eigvalsh": (lambda lib, a: lib.linalg.eigvalsh(_low(lib, a)[0]),
                 [np.diag(np.arange(1, 4, dtype=np.float32))]),
    "svdvals": (lambda lib, a: lib.linalg.svdvals(_low(lib, a)[0]), [_rand(3, 3)]),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(FLOAT32))
@cpu_only(CPU_AUTOCAST)
def test_float32_list_ops_upcast_like_torch(name):
    fn, arrays = FLOAT32[name]
    out = _compare(fn, arrays, "float16")
    assert out.dtype is ember.float32


@requires_torch
def test_padding_modes_outside_the_float32_list_keep_the_dtype():
    # ember records circular padding as one PadBackward0 where torch shows CopySlices.
    for mode in ("constant", "circular"):
        out = _compare(lambda lib, x, m=mode: lib.nn.functional.pad(_low(lib, x)[0], (1, 1),
                                                                    mode=m),
                       [_rand(1, 2, 5)], "float16", grad_fn=mode == "constant")
        assert out.dtype is ember.float16


# --- which tensors are cast --------------------------------------------------------------------

def test_float64_and_integer_inputs_are_not_cast():
    with ember.autocast("cpu", dtype=ember.float16):
        assert (ember.ones(2, 2, dtype=ember.float64) @ ember.ones(2, 2, dtype=ember.float64)
                ).dtype is ember.float64
        assert (ember.ones(2, 2, dtype=ember.int64) @ ember.ones(2, 2, dtype=ember.int64)
                ).dtype is ember.int64
        loss = ember.nn.functional.mse_loss(ember.ones(3, dtype=ember.float64),
                                            ember.zeros(3, dtype=ember.float64))
        assert loss.dtype is ember.float64


def test_outside_autocast_nothing_is_cast():
    out = ember.ones(2, 3) @ ember.ones(3, 2)
    assert out.dtype is ember.float32
    assert ember.nn.functional.mse_loss(ember.ones(3, dtype=ember.float16),
                                        ember.zeros(3, dtype=ember.float16)).dtype is ember.float16


def test_half_precision_products_round_a_float32_product():
    """bfloat16/float16 products are computed in float32 and rounded once."""
    a, b = _rand(8, 16), _rand(16, 4)
    for dtype in [d for d in (BF16, ember.float16) if d is not None]:
        out = ember.tensor(a).to(dtype) @ ember.tensor(b).to(dtype)
        assert out.dtype is dtype
        exact = a.astype(dtype.np).astype(np.float32) @ b.astype(dtype.np).astype(np.float32)
        np.testing.assert_array_equal(out.float().cpu().numpy(), exact.astype(dtype.np)
                                      .astype(np.float32))


@pytest.mark.skipif(BF16 is None, reason=INSTALL["ml_dtypes"])
def test_bfloat16_conv_and_einsum_keep_bfloat16():
    x, w = ember.randn(1, 2, 5, 5).to(BF16), ember.randn(3, 2, 3, 3).to(BF16)
    assert ember.nn.functional.conv2d(x, w).dtype is BF16
    assert ember.einsum("ij,jk->ik", x[0, 0, :, :3], w[0, 0]).dtype is BF16
    assert ember.nn.functional.max_pool2d(x, 2).dtype is BF16


# --- graph structure: casts record ToCopyBackward0, weights are cast once ---------------------

def _next_names(node):
    return [n.name() if n is not None else None for n, _ in node.next_functions]


@requires_torch
@cpu_only(CPU_AUTOCAST)
def test_linear_records_torchs_graph():
    names = []
    for lib in (ember, TORCH):
        x = lib.ones(2, 3)
        w = lib.ones(4, 3, requires_grad=True)
        b = lib.ones(4, requires_grad=True)
        with lib.autocast("cpu", dtype=lib.float16):
            y = lib.nn.functional.linear(x, w, b)
        transpose = y.grad_fn.next_functions[2][0]
        names.append((y.grad_fn.name(), _next_names(y.grad_fn), _next_names(transpose)))
    assert names[0] == names[1] == ("AddmmBackward0", ["ToCopyBackward0", None, "TBackward0"],
                                    ["ToCopyBackward0"])


@requires_torch
@cpu_only(CPU_AUTOCAST)
def test_weight_cache_like_torch():
    results = []
    for lib in (ember, TORCH):
        x = lib.ones(2, 2)
        w = lib.ones(2, 2, requires_grad=True)
        with lib.autocast("cpu"):
            first = (x @ w).grad_fn.next_functions[1][0]
            again = (x @ w).grad_fn.next_functions[1][0]
            with lib.autocast("cpu", cache_enabled=False):
                uncached = (x @ w).grad_fn.next_functions[1][0]
            view = (x @ w[:, :1]).grad_fn.next_functions[1][0]
            view_again = (x @ w[:, :1]).grad_fn.next_functions[1][0]
        with lib.autocast("cpu"):
            later = (x @ w).grad_fn.next_functions[1][0]
        results.append((first is again, first is uncached, view is view_again, first is later))
    assert results[0] == results[1] == (True, False, False, False)


@requires_torch
def test_cast_under_no_grad_is_not_cached():
    for lib in (ember, TORCH):
        x = lib.ones(2, 2)
        w = lib.ones(2, 2, requires_grad=True)
        with lib.autocast("cpu"):
            with lib.no_grad():
                x @ w
            out = x @ w
        assert out.requires_grad and out.grad_fn.name() == "MmBackward0"


# --- the state API ----------------------------------------------------------------------------

def _state(lib):
    return (lib.is_autocast_enabled("cpu"), _name(lib.get_autocast_dtype("cpu")),
            lib.is_autocast_cache_enabled())


@requires_torch
def test_nesting_restores_the_state_like_torch():
    for lib in (ember, TORCH):
        seen = [_state(lib), lib.is_autocast_enabled()]
        with lib.autocast("cpu"):
            seen.append(_state(lib))
            with lib.autocast("cpu", dtype=lib.float16, cache_enabled=False):
                seen.append(_state(lib))
                with lib.autocast("cpu", enabled=False):
                    seen.append(_state(lib))
                    seen.append(_name((lib.ones(2, 2) @ lib.ones(2, 2)).dtype))
                with lib.autocast("cpu"):
                    seen.append(_state(lib))
                seen.append(_state(lib))
            seen.append(_state(lib))
        seen.append(_state(lib))
        if lib is ember:
            ours = seen
    assert ours == seen
    assert ours[0] == (False, "bfloat16", True) and ours[1] is False
    assert ours[3] == (True, "float16", False)


def test_state_is_per_thread():
    seen = []
    with ember.autocast("cpu"):
        thread = threading.Thread(target=lambda: seen.append(ember.is_autocast_enabled("cpu")))
        thread.start()
        thread.join()
        assert ember.is_autocast_enabled("cpu")
    assert seen == [False]


def test_a_region_in_another_thread_leaves_this_one_alone():
    entered, release = threading.Event(), threading.Event()

    def other():
        with ember.autocast("cpu", dtype=ember.float16):
            entered.set()
            release.wait(10)

    thread = threading.Thread(target=other)
    thread.start()
    entered.wait(10)
    try:
        assert (ember.ones(2, 2) @ ember.ones(2, 2)).dtype is ember.float32
    finally:
        release.set()
        thread.join()
    assert autocast_mode._threads_on[0] == 0


def test_decorator_and_exception_restore():
    device = _device()

    @ember.autocast(device, dtype=ember.float16)
    def forward(x):
        return ember.is_autocast_enabled(device), (x @ x).dtype

    assert forward(ember.ones(2, 2)) == (True, ember.float16)
    assert not ember.is_autocast_enabled(device)
    with pytest.raises(KeyError), ember.autocast(device):
        raise KeyError("inside")
    assert not ember.is_autocast_enabled(device)
    assert autocast_mode._threads_on[0] == 0
    assert ember.amp.autocast is ember.autocast


def test_set_autocast_enabled_and_dtype():
    device = _device()
    default = ember.get_autocast_dtype(device)
    ember.set_autocast_enabled(device, True)
    ember.set_autocast_dtype(device, ember.float16)
    try:
        assert (ember.ones(2, 2) @ ember.ones(2, 2)).dtype is ember.float16
    finally:
        ember.set_autocast_enabled(device, False)
        ember.set_autocast_dtype(device, default)
    assert (ember.ones(2, 2) @ ember.ones(2, 2)).dtype is ember.float32


@requires_torch
def test_deprecated_accessors_warn_like_torch():
    messages = []
    for lib in (ember, TORCH):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            lib.is_autocast_cpu_enabled()
            lib.get_autocast_cpu_dtype()
            lib.get_autocast_gpu_dtype()
        messages.append([(w.category, str(w.message).split(" (Triggered")[0]
                          .replace("torch.", "ember.")) for w in caught])
    assert messages[0] == messages[1] and len(messages[0]) == 3
    assert messages[0][0][0] is DeprecationWarning


@requires_torch
def test_errors_match_torch():
    def message(fn, lib):
        with pytest.raises((ValueError, TypeError, RuntimeError)) as info:
            fn(lib)
        return info.type, str(info.value).replace("torch", "ember")

    for fn in (lambda lib: lib.autocast(lib.device("cpu")),
               lambda lib: lib.autocast("cpu")(3),
               lambda lib: lib.is_autocast_enabled(3),
               lambda lib: lib.get_autocast_dtype("meta")):
        assert message(fn, ember) == message(fn, TORCH)
    with pytest.raises(RuntimeError, match="Expected one of cpu, cuda"):
        ember.autocast("gpu")


@requires_torch
def test_unsupported_dtype_warns_and_disables_like_torch():
    results = []
    for lib in (ember, TORCH):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            region = lib.autocast("cpu", dtype=lib.float32)
        with region:
            results.append((lib.is_autocast_enabled("cpu"),
                            [str(w.message).replace("torch", "ember") for w in caught],
                            caught[0].filename))
    assert results[0] == results[1]
    assert results[0][2] == __file__


@pytest.mark.skipif(ember.cuda.is_available(), reason="checks the no-CUDA fallback")
def test_cuda_autocast_without_cuda_warns_and_disables():
    with pytest.warns(UserWarning, match="CUDA is not available"):
        region = ember.autocast("cuda")
    with region:
        assert not ember.is_autocast_enabled("cuda")


# --- custom Functions -------------------------------------------------------------------------

def test_custom_fwd_casts_inputs_and_disables_autocast():
    device = _device()

    class Square(ember.autograd.Function):
        @staticmethod
        @ember.amp.custom_fwd(device_type=device, cast_inputs=ember.float32)
        def forward(ctx, x):
            ctx.save_for_backward(x)
            ctx.inside = ember.is_autocast_enabled(device)
            return x * x

        @staticmethod
        @ember.amp.custom_bwd(device_type=device)
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return 2 * x * grad

    x = ember.ones(3, dtype=ember.float16, requires_grad=True)
    with ember.autocast(device, dtype=ember.float16):
        out = Square.apply(x)
    assert out.dtype is ember.float32
    assert out.grad_fn.inside is False
    out.sum().backward()
    assert x.grad.dtype is ember.float16
    np.testing.assert_array_equal(x.grad.float().cpu().numpy(), [2.0, 2.0, 2.0])
    with pytest.raises(ValueError, match="Expected `device_type` of type `str`"):
        ember.amp.custom_fwd(device_type=None)


# --- GradScaler -------------------------------------------------------------------------------

def _scaler_run(lib, steps=10, bad_steps=(4, 7), **scaler_kwargs):
    """A Linear model trained by SGD with a GradScaler; inf/nan put in some steps' grads."""
    lib.manual_seed(0)
    model = lib.nn.Linear(4, 2)
    with lib.no_grad():
        model.weight.copy_(lib.tensor(_rand(2, 4, seed=3)))
        model.bias.zero_()
    optimizer = lib.optim.SGD(model.parameters(), lr=0.1)
    scaler = lib.amp.GradScaler("cpu", **scaler_kwargs)
    data = np.random.RandomState(0).randn(steps, 8, 4).astype(np.float32)
    log = []
    for i in range(steps):
        optimizer.zero_grad()
        loss = model(lib.tensor(data[i])).pow(2).mean()
        scaler.scale(loss).backward()
        if i in bad_steps:
            model.weight.grad[0, 0] = float("inf") if i % 2 == 0 else float("nan")
        scaler.unscale_(optimizer)
        unscaled = model.bias.grad.cpu().numpy().copy()
        result = scaler.step(optimizer, lambda value=i: value)
        scaler.update()
        log.append((scaler.get_scale(), scaler._get_growth_tracker(), result, unscaled))
    return log, model.weight.detach().cpu().numpy(), scaler.state_dict()


@requires_torch
def test_grad_scaler_sequence_matches_torch():
    ours, ours_weight, ours_state = _scaler_run(ember, init_scale=2.0 ** 10, growth_interval=3)
    theirs, theirs_weight, theirs_state = _scaler_run(TORCH, init_scale=2.0 ** 10,
                                                      growth_interval=3)
    assert [row[:3] for row in ours] == [row[:3] for row in theirs]
    assert [row[0] for row in ours] == [1024.0, 1024.0, 2048.0, 2048.0, 1024.0, 1024.0,
                                        1024.0, 512.0, 512.0, 512.0]
    assert [row[2] for row in ours][3:6] == [3, None, 5]     # skipped steps return None
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a[3], b[3], rtol=1e-6)    # the unscaled gradients
    np.testing.assert_allclose(ours_weight, theirs_weight, rtol=1e-6, atol=1e-6)
    assert ours_state == theirs_state


@requires_torch
@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")
def test_grad_scaler_growth_stops_at_float32_overflow():
    for lib in (ember, TORCH):
        weight = lib.nn.Parameter(lib.ones(3))
        optimizer = lib.optim.SGD([weight], lr=0.1)
        scaler = lib.amp.GradScaler("cpu", init_scale=3e38, growth_interval=1)
        (scaler.scale(weight.sum()) / 3e38).backward()
        scaler.step(optimizer)
        scaler.update()
        if lib is ember:
            ours = (scaler.get_scale(), scaler._get_growth_tracker())
    assert ours == (scaler.get_scale(), scaler._get_growth_tracker())


@requires_torch
@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")
def test_grad_scaler_errors_match_torch():
    def outcomes(lib):
        weight = lib.nn.Parameter(lib.ones(3))
        optimizer = lib.optim.SGD([weight], lr=0.1)
        scaler = lib.amp.GradScaler("cpu")
        calls = [lambda: scaler.update(), lambda: scaler.step(optimizer),
                 lambda: scaler.unscale_(optimizer)]
        found = []

        def run(call):
            try:
                call()
                found.append(None)
            except (AssertionError, RuntimeError, ValueError) as error:
                found.append((type(error).__name__, str(error).replace("torch", "ember")))

        for call in calls:
            run(call)
        scaler.scale(weight.sum()).backward()
        scaler.unscale_(optimizer)
        run(lambda: scaler.unscale_(optimizer))
        scaler.step(optimizer)
        run(lambda: scaler.unscale_(optimizer))
        run(lambda: scaler.step(optimizer))
        scaler.update()
        run(lambda: scaler.step(optimizer, closure=lambda: 0))
        run(lambda: scaler.update(lib.tensor([2.0, 3.0])))
        run(lambda: scaler.update(lib.tensor(2.0, requires_grad=True)))
        run(lambda: scaler.scale([3]))
        run(lambda: scaler.load_state_dict({}))
        run(lambda: lib.amp.GradScaler("cpu", growth_factor=1.0))
        run(lambda: lib.amp.GradScaler("cpu", backoff_factor=1.0))
        half = lib.nn.Parameter(lib.ones(2, dtype=lib.float16))
        half_optimizer = lib.optim.SGD([half], lr=0.1)
        other = lib.amp.GradScaler("cpu")
        other.scale(half.sum()).backward()
        run(lambda: other.unscale_(half_optimizer))
        return found

    ours = outcomes(ember)
    assert ours == outcomes(TORCH)
    assert ours[3] == ("RuntimeError", ("unscale_() has already been called on this optimizer "
                                        "since the last update()."))


@requires_torch
@cpu_only(CPU_AUTOCAST)
def test_grad_scaler_state_api_matches_torch():
    def states(lib):
        weight = lib.nn.Parameter(lib.ones(2))
        optimizer = lib.optim.SGD([weight], lr=1.0)
        scaler = lib.amp.GradScaler("cpu")
        fresh = (scaler.get_scale(), scaler.state_dict(), scaler.is_enabled())
        scaler.load_state_dict({"scale": 4.0, "growth_factor": 3.0, "backoff_factor": 0.25,
                                "growth_interval": 5, "_growth_tracker": 4})
        scaled = scaler.scale([weight.sum(), (weight * 2,)])
        values = [scaled[0].item(), scaled[1][0].tolist()]
        scaled[0].backward()
        scaler.step(optimizer)
        found = {str(k): v.item() for k, v in scaler._found_inf_per_device(optimizer).items()}
        scaler.update()
        grown = scaler.state_dict()
        scaler.update(0.5)
        copy = pickle.loads(pickle.dumps(scaler))
        disabled = lib.amp.GradScaler("cpu", enabled=False)
        off = (disabled.get_scale(), disabled.state_dict(), disabled.is_enabled(),
               disabled.scale(weight) is weight, disabled.step(optimizer, lambda: 7))
        return fresh, values, found, grown, copy.state_dict(), weight.tolist(), off

    assert states(ember) == states(TORCH)


@pytest.mark.skipif(ember.cuda.is_available(), reason="checks the no-CUDA fallback")
def test_cuda_grad_scaler_without_cuda_disables():
    with pytest.warns(UserWarning, match="CUDA is not available"):
        scaler = ember.amp.GradScaler()
    assert not scaler.is_enabled() and scaler.get_scale() == 1.0


# --- training --------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", LOW_DTYPES)
def test_training_under_autocast_with_grad_scaler_lowers_the_loss(dtype):
    ember.manual_seed(0)
    low = getattr(ember, dtype)
    data = np.random.RandomState(0)
    x = ember.tensor(data.randn(64, 8).astype(np.float32))
    y = ember.tensor((data.randn(8, 3).astype(np.float32).T @ x.cpu().numpy().T).argmax(0))
    model = ember.nn.Sequential(ember.nn.Linear(8, 32), ember.nn.ReLU(), ember.nn.Linear(32, 3))
    optimizer = ember.optim.SGD(model.parameters(), lr=0.5)
    device = x.device.type
    scaler = ember.amp.GradScaler(device, growth_interval=5)
    losses = []
    for _ in range(30):
        optimizer.zero_grad()
        with ember.autocast(device, dtype=low):
            logits = model(x)
            loss = ember.nn.functional.cross_entropy(logits, y)
        assert logits.dtype is low and loss.dtype is ember.float32
        scaler.scale(loss).backward()
        assert all(p.grad.dtype is ember.float32 for p in model.parameters())
        scaler.step(optimizer)
        scaler.update()
        losses.append(loss.item())
    assert losses[-1] < 0.5 * losses[0]
    assert all(p.dtype is ember.float32 for p in model.parameters())


@requires_torch
@pytest.mark.parametrize("dtype", LOW_DTYPES)
@cpu_only(CPU_AUTOCAST)
def test_mlp_and_cnn_under_autocast_match_torch(dtype):
    def run(lib):
        lib.manual_seed(0)
        nn = lib.nn
        mlp = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 3))
        cnn = nn.Sequential(nn.Conv2d(2, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                            nn.Flatten(), nn.Linear(64, 3))
        for p in list(mlp.parameters()) + list(cnn.parameters()):
            with lib.no_grad():
                p.copy_(lib.tensor(_rand(*p.shape, seed=p.numel())) * 0.3)
        x = lib.tensor(_rand(5, 6))
        image = lib.tensor(_rand(5, 2, 8, 8))
        target = lib.tensor([0, 1, 2, 0, 1])
        trace = []
        with lib.autocast("cpu", dtype=getattr(lib, dtype)):
            h = x
            for layer in list(mlp) + [None] + list(cnn):
                h = image if layer is None else layer(h)
                trace.append(h)
            loss = nn.functional.cross_entropy(mlp(x), target) + \
                nn.functional.cross_entropy(h, target)
        loss.backward()
        trace.append(loss)
        grads = [p.grad for p in list(mlp.parameters()) + list(cnn.parameters())]
        return trace, grads

    ours, ours_grads = run(ember)
    theirs, theirs_grads = run(TORCH)
    tol = TOL[dtype]
    for a, b in zip(ours, theirs):
        assert _name(a.dtype) == _name(b.dtype)
        assert (a.grad_fn is None) == (b.grad_fn is None)
        if b.grad_fn is not None:
            assert a.grad_fn.name() == b.grad_fn.name()
        np.testing.assert_allclose(_numpy(a), _numpy(b), rtol=tol, atol=tol)
    for a, b in zip(ours_grads, theirs_grads):
        assert a.dtype is ember.float32
        np.testing.assert_allclose(_numpy(a), _numpy(b), rtol=4 * tol, atol=4 * tol)
