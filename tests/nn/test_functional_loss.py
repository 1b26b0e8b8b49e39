"""nn.functional losses: values, gradients, grad_fn names and errors against torch; gradcheck."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import ember
import ember.nn.functional as EF
from tests.conftest import TORCH, check_gradients, compare_with_torch, rand64, requires_torch


def F(lib):
    return EF if lib is ember else lib.nn.functional


def _long(values):
    return ember.tensor(values, dtype=ember.int64)


def _probs(*shape, seed=1):
    rng = np.random.default_rng(seed)
    return ember.tensor(rng.uniform(0.05, 0.95, size=shape))


REDUCTIONS = ["none", "mean", "sum"]

PAIR_LOSSES = {
    "mse_loss": lambda f, x, t, r: f.mse_loss(x, t, reduction=r),
    "l1_loss": lambda f, x, t, r: f.l1_loss(x, t, reduction=r),
    "smooth_l1_loss": lambda f, x, t, r: f.smooth_l1_loss(x * 2, t, reduction=r, beta=0.7),
    "smooth_l1_beta0": lambda f, x, t, r: f.smooth_l1_loss(x, t, reduction=r, beta=0.0),
    "huber_loss": lambda f, x, t, r: f.huber_loss(x * 2, t, reduction=r, delta=0.6),
    "soft_margin_loss": lambda f, x, t, r: f.soft_margin_loss(x, t.sign(), reduction=r),
    "bce_with_logits": lambda f, x, t, r: f.binary_cross_entropy_with_logits(
        x * 3, t.abs(), reduction=r),
    "kl_div": lambda f, x, t, r: f.kl_div(x, t.abs(), reduction=r),
    "kl_div_log_target": lambda f, x, t, r: f.kl_div(x, t, reduction=r, log_target=True),
    "poisson_nll": lambda f, x, t, r: f.poisson_nll_loss(x, t.abs(), reduction=r),
    "poisson_nll_full": lambda f, x, t, r: f.poisson_nll_loss(x.abs() + 0.1, t.abs() * 3,
                                                              log_input=False, full=True,
                                                              reduction=r),
    "gaussian_nll": lambda f, x, t, r: f.gaussian_nll_loss(x, t, t.abs() + 0.1, reduction=r),
    "hinge_embedding": lambda f, x, t, r: f.hinge_embedding_loss(x, t.sign(), reduction=r,
                                                                 margin=0.5),
    "margin_ranking": lambda f, x, t, r: f.margin_ranking_loss(x, t, t.sign(), reduction=r,
                                                               margin=0.1),
    "multilabel_soft_margin": lambda f, x, t, r: f.multilabel_soft_margin_loss(
        x, (t > 0).to(x.dtype), reduction=r),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(PAIR_LOSSES))
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_pair_loss_matches_torch(name, reduction):
    fn = PAIR_LOSSES[name]
    x = rand64(4, 5)
    target = rand64(4, 5, seed=7, requires_grad=False)
    compare_with_torch(lambda lib, a, b: fn(F(lib), a, b, reduction), x, target, rtol=1e-7)


@pytest.mark.parametrize("name", sorted(PAIR_LOSSES))
def test_pair_loss_gradcheck(name):
    fn = PAIR_LOSSES[name]
    x = rand64(3, 4, seed=2)
    x.data = x.data + 0.011
    target = rand64(3, 4, seed=9, requires_grad=False)
    check_gradients(lambda a: fn(EF, a, target, "mean"), x)


@requires_torch
@pytest.mark.parametrize("name", ["mse_loss", "smooth_l1_loss", "huber_loss"])
def test_target_gradient(name):
    fn = PAIR_LOSSES[name]
    compare_with_torch(lambda lib, a, b: fn(F(lib), a, b, "mean"), rand64(3, 4),
                       rand64(3, 4, seed=5))
    check_gradients(lambda a, b: fn(EF, a, b, "sum"), rand64(3, 4), rand64(3, 4, seed=5))


@requires_torch
@pytest.mark.parametrize("name", ["mse_loss", "l1_loss", "huber_loss"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_weighted_pointwise_losses(name, reduction):
    weight = _probs(3, 4)
    compare_with_torch(lambda lib, a, b, w: getattr(F(lib), name)(a, b, reduction=reduction,
                                                                  weight=w),
                       rand64(3, 4), rand64(3, 4, seed=4, requires_grad=False), weight)


@requires_torch
def test_broadcast_target_warns():
    x = rand64(3, 4)
    t = rand64(4, seed=3, requires_grad=False)
    with pytest.warns(UserWarning, match=r"target size \(ember.Size\(\[4\]\)\) that is "
                                         r"different to the input size"):
        ours = EF.mse_loss(x, t)
    expected = ((x.detach().cpu().numpy() - t.cpu().numpy()) ** 2).mean()
    assert ours.item() == pytest.approx(expected)
    with pytest.raises(RuntimeError, match=r"The size of tensor a \(4\) must match the size of "
                                           r"tensor b \(3\) at non-singleton dimension 1"), \
            pytest.warns(UserWarning):
        EF.mse_loss(x, rand64(3, requires_grad=False))
    # The first clash from the right is named, as torch's broadcast does: (2, 3) against (3, 2)
    # clashes at dim 1 (3 against 2), not at dim 0.
    for loss in (EF.mse_loss, EF.l1_loss, EF.smooth_l1_loss):
        with pytest.raises(RuntimeError, match=r"tensor a \(3\) must match the size of tensor "
                                               r"b \(2\) at non-singleton dimension 1"), \
                pytest.warns(UserWarning):
            loss(ember.zeros(2, 3), ember.zeros(3, 2))


@requires_torch
@pytest.mark.parametrize("name,kwargs", [("mse_loss", {}), ("smooth_l1_loss", {"beta": 0.7}),
                                         ("huber_loss", {"delta": 1.3})])
@pytest.mark.parametrize("layout", ["transposed_input", "expanded_input", "broadcast_target"])
@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_regression_loss_gradients_are_row_major_as_torch(name, kwargs, layout, reduction):
    """torch's mse, smooth L1 and Huber backward kernels write a row-major gradient whatever the
    input's and target's layout (l1_loss, a composition, follows its ops' layouts instead);
    their values are norm-times-difference-times-grad in torch's grouping."""
    seen = []
    for lib in (ember, TORCH):
        base = lib.tensor(np.linspace(-3, 3, 12).reshape(4, 3))
        target = lib.tensor(np.linspace(1, -2, 12).reshape(3, 4)).t()  # transposed in memory
        x = base.t().contiguous().t() if layout == "transposed_input" else \
            base[:1].expand(4, 3) if layout == "expanded_input" else base.clone()
        if layout == "broadcast_target":
            target = target[0]
        x, target = x.requires_grad_(), target.requires_grad_()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the broadcast target's warning, tested above
            out = getattr(F(lib), name)(x, target, reduction=reduction, **kwargs)
        grads = lib.autograd.grad(out, (x, target), lib.ones_like(out) * 0.37)
        seen.append(([g.stride() for g in grads], [g.cpu().numpy() for g in grads]))
    assert seen[0][0] == seen[1][0]
    for ours, theirs in zip(seen[0][1], seen[1][1]):
        np.testing.assert_allclose(ours, theirs, rtol=1e-15, atol=0)


def test_soft_margin_target_not_differentiable():
    with pytest.raises(RuntimeError, match="'soft_margin_loss' is not differentiable with "
                                           "respect to argument 'target'"):
        EF.soft_margin_loss(rand64(3), rand64(3))


def test_bad_reduction():
    with pytest.raises(ValueError, match="foo is not a valid value for reduction"):
        EF.mse_loss(rand64(2), rand64(2), reduction="foo")


def test_legacy_size_average_warns():
    x, t = rand64(3), rand64(3, seed=2, requires_grad=False)
    with pytest.warns(UserWarning, match="size_average and reduce args will be deprecated"):
        out = EF.mse_loss(x, t, size_average=False)
    assert out.item() == pytest.approx(EF.mse_loss(x, t, reduction="sum").item())


# --- classification ---------------------------------------------------------------------------

@requires_torch
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("smoothing", [0.0, 0.2])
def test_cross_entropy_indices(reduction, weighted, smoothing):
    weight = _probs(5) if weighted else None
    target = _long([1, -100, 4, 0])

    def fn(lib, x, w):
        return F(lib).cross_entropy(x, target if lib is ember else
                                    lib.from_numpy(target.cpu().numpy()), weight=w,
                                    reduction=reduction, label_smoothing=smoothing)
    compare_with_torch(fn, rand64(4, 5), weight, rtol=1e-7)


@requires_torch
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("shape", [(2, 3, 4), (2, 3, 4, 5), (2, 3, 2, 2, 2)])
def test_cross_entropy_k_dim(reduction, shape):
    rng = np.random.default_rng(0)
    target = rng.integers(0, 3, size=(shape[0],) + shape[2:])
    target.flat[0] = -100

    def fn(lib, x):
        t = lib.tensor(target)
        return F(lib).cross_entropy(x, t, reduction=reduction)
    compare_with_torch(fn, rand64(*shape), rtol=1e-7)
    compare_with_torch(lambda lib, x: F(lib).nll_loss(x, lib.tensor(target),
                                                     reduction=reduction), rand64(*shape))


@requires_torch
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("smoothing", [0.0, 0.3])
def test_cross_entropy_probabilities(reduction, smoothing):
    probs = EF.softmax(rand64(4, 5, seed=3, requires_grad=False), 1)
    compare_with_torch(lambda lib, x, p, w: F(lib).cross_entropy(
        x, p, weight=w, reduction=reduction, label_smoothing=smoothing),
        rand64(4, 5), probs, _probs(5), rtol=1e-7)


@requires_torch
def test_cross_entropy_unbatched_and_all_ignored():
    compare_with_torch(lambda lib, x: F(lib).cross_entropy(x, lib.tensor(2)), rand64(5))
    compare_with_torch(lambda lib, x: F(lib).cross_entropy(x, lib.tensor([-100, -100])),
                       rand64(2, 5))


@requires_torch
def test_cross_entropy_extreme_logits_finite():
    x = ember.tensor([[1e4, -1e4, 0.0], [-5e3, 5e3, 1.0]], dtype=ember.float32,
                     requires_grad=True)
    ours, _ = compare_with_torch(lambda lib, a: F(lib).cross_entropy(a, lib.tensor([1, 1])), x)
    assert np.isfinite(ours.item())
    assert np.isfinite(x.grad.cpu().numpy()).all()


def test_cross_entropy_gradcheck():
    target = _long([1, 0, 4])
    weight = ember.tensor([0.2, 1.0, 0.5, 2.0, 1.5], dtype=ember.float64)
    check_gradients(lambda x: EF.cross_entropy(x, target, weight=weight, label_smoothing=0.1),
                    rand64(3, 5))
    probs = EF.softmax(rand64(3, 5, seed=8, requires_grad=False), 1)
    check_gradients(lambda x: EF.cross_entropy(x, probs), rand64(3, 5))
    check_gradients(lambda x: EF.nll_loss(x, target, reduction="none"), rand64(3, 5))


def _cross_entropy_both_paths(monkeypatch, make_input, target, **kw):
    """cross_entropy through its fast path (``_cross_entropy_rows``), then through the general
    path (the fast path declined): (loss, input's grad, graph names, fast path taken) each."""
    from ember.ops import loss as loss_ops
    fast = loss_ops._cross_entropy_rows
    results = []
    for declined in (False, True):
        taken = []

        def spy(*args):
            out = None if declined else fast(*args)
            taken.append(out is not None)
            return out
        monkeypatch.setattr(loss_ops, "_cross_entropy_rows", spy)
        x = make_input()
        loss = EF.cross_entropy(x, target, **kw)
        names = []
        fn = loss.grad_fn
        while fn is not None:  # the first input's way back to the leaf
            names.append(fn.name())
            fn = fn.next_functions[0][0] if fn.next_functions else None
        if loss.requires_grad:
            loss.backward(ember.ones_like(loss))
        results.append((loss.detach().cpu().numpy(), None if x.grad is None else
                        x.grad.cpu().numpy(), names, any(taken)))
    return results


@pytest.mark.parametrize("dtype", [ember.float32, ember.float64])
@pytest.mark.parametrize("case", ["plain", "ignored", "ignore_in_range", "all_ignored",
                                  "large_logits", "nan_logit", "no_grad_input"])
def test_cross_entropy_fast_path_equals_general_path_bitwise(monkeypatch, dtype, case):
    rng = np.random.default_rng(5)
    logits = rng.standard_normal((64, 10)) * (1e4 if case == "large_logits" else 3)
    if case == "nan_logit":
        logits[3, 4] = np.nan
    target = rng.integers(0, 10, 64)
    ignore_index = 2 if case == "ignore_in_range" else -100
    if case == "ignored":
        target[::5] = -100
    elif case == "all_ignored":
        target[:] = -100

    def make_input():
        return ember.tensor(logits, dtype=dtype, requires_grad=case != "no_grad_input")
    (fast, fast_grad, fast_names, taken), (slow, slow_grad, slow_names, _) = \
        _cross_entropy_both_paths(monkeypatch, make_input, ember.tensor(target),
                                  ignore_index=ignore_index)
    # the fast path takes plain NumPy arrays (the strict CUDA stand-in's go the general way)
    assert taken == (type(make_input()._data) is np.ndarray)
    assert fast.dtype == slow.dtype and fast.tobytes() == slow.tobytes()
    assert fast_names == slow_names
    if case == "no_grad_input":
        assert fast_grad is None and slow_grad is None and fast_names == []
    else:
        assert fast_names == ["NllLossBackward0", "LogSoftmaxBackward0",
                              "ember::autograd::AccumulateGrad"]
        assert fast_grad.tobytes() == slow_grad.tobytes()
    if case == "all_ignored":
        assert np.isnan(fast)


def test_cross_entropy_fast_path_declines_what_it_does_not_cover(monkeypatch):
    x = rand64(3, 4)
    # an out-of-range target: the general path's error
    if x.is_cpu:
        with pytest.raises(IndexError, match="Target 5 is out of bounds."):
            EF.cross_entropy(x, _long([1, 2, 5]))
        with pytest.raises(IndexError, match="Target -1 is out of bounds."):
            EF.cross_entropy(x, _long([1, -1, 0]))
    for kw in ({"reduction": "sum"}, {"label_smoothing": 0.1}, {"weight": rand64(4)},
               {"reduction": "none"}):
        (fast, fast_grad, _, taken), (slow, slow_grad, _, _) = _cross_entropy_both_paths(
            monkeypatch, lambda: rand64(3, 4), _long([1, 2, 0]), **kw)
        assert not taken
        assert fast.tobytes() == slow.tobytes() and fast_grad.tobytes() == slow_grad.tobytes()
    # a transposed (not row-major) input and a 3-d one are not its case either
    (fast, _, _, taken), _ = _cross_entropy_both_paths(
        monkeypatch, lambda: rand64(4, 3, requires_grad=False).t().requires_grad_(),
        _long([1, 2, 0]))
    assert not taken
    (fast, _, _, taken), _ = _cross_entropy_both_paths(
        monkeypatch, lambda: rand64(3, 4, 2), ember.zeros(3, 2, dtype=ember.int64))
    assert not taken


def test_cross_entropy_fast_path_gradcheck():
    target = _long([1, 0, 4, -100])
    check_gradients(lambda x: EF.cross_entropy(x, target), rand64(4, 5))


@requires_torch
@pytest.mark.parametrize("call", ["nll_loss", "cross_entropy"])
@pytest.mark.parametrize("shape", [(3, 4), (2, 4, 3)])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_ignored_targets_leave_positive_zeros(call, shape, reduction):
    """An ignored sample's loss and gradient are +0.0, as in torch: -x * 0 would print as -0.
    wherever x > 0 (positive inputs to nll_loss, a positive upstream gradient)."""
    data = np.random.default_rng(1).uniform(0.5, 2.0, size=shape)
    target = np.zeros((shape[0],) + shape[2:], dtype=np.int64)
    target.flat[::2] = 255
    results = []
    for lib in (ember, TORCH):
        x = lib.tensor(data, requires_grad=True)
        out = getattr(F(lib), call)(x, lib.tensor(target), ignore_index=255,
                                    reduction=reduction)
        out.backward(lib.ones_like(out))
        results.append((out.detach().cpu().numpy(), x.grad.cpu().numpy()))
    (ours, ours_grad), (theirs, theirs_grad) = results
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    np.testing.assert_array_equal(np.signbit(ours), np.signbit(theirs))
    np.testing.assert_allclose(ours_grad, theirs_grad, rtol=1e-12)
    np.testing.assert_array_equal(np.signbit(ours_grad), np.signbit(theirs_grad))
    assert not np.signbit(np.moveaxis(ours_grad, 1, -1)[target == 255]).any()
    # the differentiable (create_graph) backward leaves the same plain zeros
    x = ember.tensor(data, requires_grad=True)
    loss = getattr(EF, call)(x, ember.tensor(target), ignore_index=255, reduction="sum")
    g, = ember.autograd.grad(loss, x, create_graph=True)
    assert not np.signbit(np.moveaxis(g.detach().cpu().numpy(), 1, -1)[target == 255]).any()
    ember.autograd.gradcheck(lambda a: getattr(EF, call)(a, ember.tensor(target),
                                                         ignore_index=255, reduction=reduction),
                             (ember.tensor(data, requires_grad=True),))


@requires_torch
def test_nll_loss_grad_fn_names():
    out = EF.nll_loss(rand64(2, 3), _long([0, 2]))
    assert out.grad_fn.name() == "NllLossBackward0"
    out = EF.cross_entropy(rand64(2, 3, 4, 4), ember.zeros(2, 4, 4, dtype=ember.int64))
    assert out.grad_fn.name() == "NllLoss2DBackward0"


def test_classification_errors():
    x = rand64(3, 4)
    with pytest.raises(ValueError, match=r"Expected input batch_size \(3\) to match target "
                                         r"batch_size \(4\)\."):
        EF.cross_entropy(x, _long([1, 2, 3, 0]))
    if x.is_cpu:
        with pytest.raises(IndexError, match="Target 5 is out of bounds."):
            EF.nll_loss(x, _long([1, 2, 5]))
    else:  # checked on the device without a sync, as torch's CUDA kernel asserts there
        assert EF.nll_loss(x, _long([1, 2, 5])).isnan().item()
    with pytest.raises(RuntimeError, match="weight tensor should be defined either for all 4 "
                                           r"classes or no classes but got weight tensor of "
                                           r"shape: \[3\]"):
        EF.nll_loss(x, _long([1, 2, 3]), weight=ember.ones(3, dtype=ember.float64))
    with pytest.raises(RuntimeError, match="0D or 1D target tensor expected, multi-target not "
                                           "supported"):
        EF.cross_entropy(x, ember.rand(3, 5))
    with pytest.raises(RuntimeError, match="expected target dtype to be Long or Byte, but got "
                                           "Float"):
        EF.nll_loss(x, ember.tensor([1.0, 2.0, 0.0]))


@requires_torch
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_binary_cross_entropy(reduction):
    compare_with_torch(lambda lib, x, t, w: F(lib).binary_cross_entropy(
        x, t, weight=w, reduction=reduction), _probs(3, 4), _probs(3, 4, seed=5), _probs(4))
    edges = ember.tensor([0.0, 1.0, 0.5, 1e-30], dtype=ember.float64)
    compare_with_torch(lambda lib, x, t: F(lib).binary_cross_entropy(x, t, reduction=reduction),
                       edges, ember.tensor([1.0, 0.0, 1.0, 1.0], dtype=ember.float64),
                       grad=False)


@requires_torch
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_binary_cross_entropy_target_gradient_is_unclamped_as_torch(dtype):
    # the loss clamps each log at -100, but torch's gradient for a target that requires grad
    # (a learned or distilled soft label) is log(1 - x) - log(x) unclamped: +-inf at x = 0 or 1
    # (float32 sigmoid saturates to 1.0 past 17), 115 at x = 1e-50; ember gave +-100
    tiny = 1e-50 if dtype == "float64" else 1e-40
    results = []
    for lib in (ember, TORCH):
        kw = {"dtype": getattr(lib, dtype), "requires_grad": True}
        x = lib.tensor([0.0, 1.0, 0.5, tiny, 0.25], **kw)
        t = lib.tensor([0.0, 1.0, 1.0, 0.3, 0.3], **kw)
        loss = F(lib).binary_cross_entropy(x, t, reduction="sum")
        gx, gt = lib.autograd.grad(loss, (x, t), create_graph=True)
        (second,) = lib.autograd.grad(gt.sum(), x)
        results.append([v.detach().cpu().numpy() for v in (loss, gx, gt, second)])
    for ours, theirs in zip(*results):
        np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=0)
        assert (np.signbit(ours) == np.signbit(theirs)).all()


def test_binary_cross_entropy_gradcheck_and_errors():
    probs = _probs(3, 4)
    probs.requires_grad_(True)
    check_gradients(lambda x, t: EF.binary_cross_entropy(x, t), probs, _probs(3, 4, seed=2))
    with pytest.raises(RuntimeError, match="all elements of input should be between 0 and 1"):
        EF.binary_cross_entropy(ember.tensor([1.5]), ember.tensor([1.0]))
    with pytest.raises(ValueError, match="is different to the input size"):
        EF.binary_cross_entropy(ember.rand(3, 4), ember.rand(3))
    with pytest.raises(ValueError, match=r"Target size \(ember.Size\(\[3\]\)\) must be the same "
                                         r"as input size \(ember.Size\(\[3, 4\]\)\)"):
        EF.binary_cross_entropy_with_logits(ember.rand(3, 4), ember.rand(3))


@requires_torch
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_bce_with_logits_weights(reduction):
    x = rand64(3, 4) * 30
    x.retain_grad()
    compare_with_torch(lambda lib, a, t, w, pw: F(lib).binary_cross_entropy_with_logits(
        a * 30, t, weight=w, pos_weight=pw, reduction=reduction),
        rand64(3, 4), _probs(3, 4), _probs(4, seed=3), _probs(4, seed=4) * 3, rtol=1e-7)
    check_gradients(lambda a, t: EF.binary_cross_entropy_with_logits(
        a, t, pos_weight=ember.tensor([0.5, 2.0, 1.0, 3.0], dtype=ember.float64)),
        rand64(3, 4), rand64(3, 4, seed=1, low=0.0))


def _bce_logits_outcome(lib, call):
    """``call(lib)``'s (result shape, grad_fn name), or its error's type and text."""
    try:
        out = call(lib)
    except (RuntimeError, ValueError) as error:
        return type(error).__name__, str(error).replace("torch", "ember")
    return tuple(out.shape), out.grad_fn.name() if out.grad_fn is not None else None


BCE_LOGITS_REFUSALS = {
    # weight and pos_weight take no gradient: torch refuses them requiring one (weight first),
    # while grad mode is on, whether or not the input requires grad
    "weight_requires_grad": lambda lib: F(lib).binary_cross_entropy_with_logits(
        lib.zeros(3), lib.ones(3), weight=lib.ones(3, requires_grad=True),
        pos_weight=lib.ones(3, requires_grad=True)),
    "pos_weight_requires_grad": lambda lib: F(lib).binary_cross_entropy_with_logits(
        lib.zeros(3, requires_grad=True), lib.ones(3), pos_weight=lib.ones(3, requires_grad=True)),
    "no_grad_mode": lambda lib: _under_no_grad(lib, lambda: F(lib).binary_cross_entropy_with_logits(
        lib.zeros(3), lib.ones(3), weight=lib.ones(3, requires_grad=True))),
    # neither may broadcast the loss wider than the input (the kernel scales it in place)
    "wider_weight": lambda lib: F(lib).binary_cross_entropy_with_logits(
        lib.zeros(3, requires_grad=True), lib.ones(3), weight=lib.ones(4, 3), reduction="sum"),
    "wider_pos_weight": lambda lib: F(lib).binary_cross_entropy_with_logits(
        lib.zeros(3), lib.ones(3), pos_weight=lib.ones(1, 3), reduction="none"),
    # pos_weight is applied first; the loss is then the first operand of weight's product
    "both_bad": lambda lib: F(lib).binary_cross_entropy_with_logits(
        lib.zeros(3), lib.ones(3), weight=lib.ones(2), pos_weight=lib.ones(4, 3)),
    "weight_clash": lambda lib: F(lib).binary_cross_entropy_with_logits(
        lib.zeros(3), lib.ones(3), weight=lib.ones(2)),
    "pos_weight_clash": lambda lib: F(lib).binary_cross_entropy_with_logits(
        lib.zeros(3), lib.ones(3), pos_weight=lib.ones(2)),
    "narrower_ones_broadcast": lambda lib: F(lib).binary_cross_entropy_with_logits(
        lib.zeros(2, 3, requires_grad=True), lib.ones(2, 3), weight=lib.ones(2, 1),
        pos_weight=lib.ones(())),
}


def _under_no_grad(lib, call):
    with lib.no_grad():
        return call()


@requires_torch
@pytest.mark.parametrize("case", BCE_LOGITS_REFUSALS)
def test_bce_with_logits_refuses_what_torch_refuses(case):
    call = BCE_LOGITS_REFUSALS[case]
    assert _bce_logits_outcome(ember, call) == _bce_logits_outcome(TORCH, call)


@requires_torch
@pytest.mark.parametrize("layout", ["contiguous", "transposed", "expanded"])
@pytest.mark.parametrize("weights", ["row_pos_weight", "column_weight", "both"])
@pytest.mark.parametrize("reduction", ["none", "mean"])
def test_bce_with_logits_broadcast_weights_on_strided_inputs(layout, weights, reduction):
    """Broadcast weight and pos_weight over a transposed or expanded input: torch's values and
    its input gradient's strides."""
    seen = []
    for lib in (ember, TORCH):
        base = lib.tensor(np.linspace(-3, 3, 12).reshape(4, 3))
        target = lib.tensor(np.linspace(0, 1, 12).reshape(3, 4).T)  # transposed in memory
        x = {"contiguous": base.clone(), "transposed": base.t().contiguous().t(),
             "expanded": base[:1].expand(4, 3)}[layout].requires_grad_()
        row, column = lib.tensor([0.5, 2.0, 3.0]), lib.tensor([[1.0], [2.0], [0.5], [3.0]])
        kwargs = {"row_pos_weight": {"pos_weight": row}, "column_weight": {"weight": column},
                  "both": {"weight": row, "pos_weight": column}}[weights]
        out = F(lib).binary_cross_entropy_with_logits(x, target, reduction=reduction, **kwargs)
        (grad,) = lib.autograd.grad(out, x, lib.ones_like(out))
        seen.append((out.detach().cpu().numpy(), out.stride(), grad.cpu().numpy(), grad.stride()))
    np.testing.assert_allclose(seen[0][0], seen[1][0], rtol=1e-12)
    np.testing.assert_allclose(seen[0][2], seen[1][2], rtol=1e-12)
    assert (seen[0][1], seen[0][3]) == (seen[1][1], seen[1][3])


def test_bce_with_logits_gradcheck_with_both_weights_on_a_transposed_target():
    row = ember.tensor([0.5, 2.0, 3.0], dtype=ember.float64)
    column = ember.tensor([[1.0], [2.0], [0.5], [3.0]], dtype=ember.float64)
    check_gradients(lambda a, t: EF.binary_cross_entropy_with_logits(
        a, t.t(), weight=row, pos_weight=column, reduction="none"),
        rand64(4, 3), rand64(3, 4, seed=1, low=0.0))


@requires_torch
@pytest.mark.parametrize("input_dtype,target_dtype", [("float64", "float32"),
                                                      ("float32", "float64")])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_bce_with_logits_result_takes_target_dtype(input_dtype, target_dtype, reduction):
    # PyTorch accumulates this loss in place into a tensor of target's dtype.
    x = rand64(3, 4).to(getattr(ember, input_dtype)).detach().requires_grad_(True)
    target = _probs(3, 4).to(getattr(ember, target_dtype))
    ours, theirs = compare_with_torch(lambda lib, a, t, pw: F(lib).binary_cross_entropy_with_logits(
        a, t, pos_weight=pw, reduction=reduction), x, target, _probs(4, seed=4))
    assert str(ours.dtype) == str(theirs.dtype).replace("torch", "ember") == f"ember.{target_dtype}"
    assert x.grad.dtype == x.dtype


@requires_torch
def test_kl_div_batchmean_and_warning():
    compare_with_torch(lambda lib, x, t: F(lib).kl_div(x, t, reduction="batchmean"),
                       rand64(3, 4), _probs(3, 4))
    with pytest.warns(UserWarning, match="reduction: 'mean' divides the total loss"):
        EF.kl_div(rand64(2), _probs(2))


@requires_torch
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_embedding_and_ranking_losses(reduction):
    target = ember.tensor([1.0, -1.0, 1.0])
    compare_with_torch(lambda lib, a, b, t: F(lib).cosine_embedding_loss(
        a, b, t, margin=-0.5, reduction=reduction), rand64(3, 4), rand64(3, 4, seed=2), target)
    compare_with_torch(lambda lib, a, p, n: F(lib).triplet_margin_loss(
        a, p, n, margin=2.0, reduction=reduction), rand64(3, 4), rand64(3, 4, seed=2),
        rand64(3, 4, seed=3))
    compare_with_torch(lambda lib, a, p, n: F(lib).triplet_margin_loss(
        a, p, n, p=1, swap=True, reduction=reduction), rand64(3, 4), rand64(3, 4, seed=2),
        rand64(3, 4, seed=3))


def test_embedding_losses_gradcheck():
    target = ember.tensor([1.0, -1.0, 1.0], dtype=ember.float64)
    check_gradients(lambda a, b: EF.cosine_embedding_loss(a, b, target, margin=-0.9),
                    rand64(3, 4), rand64(3, 4, seed=2))
    check_gradients(lambda a, p, n: EF.triplet_margin_loss(a, p, n, margin=3.0),
                    rand64(3, 4), rand64(3, 4, seed=2), rand64(3, 4, seed=3))


@requires_torch
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("p", [1, 2])
def test_multi_margin_loss(reduction, p):
    compare_with_torch(lambda lib, x, w: F(lib).multi_margin_loss(
        x, lib.tensor([1, 0, 3]), p=p, margin=0.7, weight=w, reduction=reduction),
        rand64(3, 4), _probs(4))
    check_gradients(lambda x: EF.multi_margin_loss(x, _long([1, 0, 3]), p=p), rand64(3, 4),
                    second_order=False)


@requires_torch
@pytest.mark.parametrize("call", [
    lambda lib, x: F(lib).multi_margin_loss(x, lib.tensor([1, 0, 3]), p=1),
    lambda lib, x: F(lib).multi_margin_loss(x, lib.tensor([1, 0, 3]), p=2, reduction="none"),
    lambda lib, x: F(lib).multi_margin_loss(x[0], lib.tensor(2), p=2, margin=2.0),
    lambda lib, x: F(lib).multilabel_margin_loss(x, lib.tensor(MULTILABEL_TARGET[:3])),
])
def test_margin_losses_second_derivative_raises_as_in_torch(call):
    # torch has no derivative of these gradients: under create_graph the gradient is recorded
    # on a node whose backward raises. ember's gradient had no graph, so a gradient penalty
    # through a p=2 loss (whose slope depends on the input) silently lost its second-order term.
    outcomes = []
    for lib in (ember, TORCH):
        x = lib.tensor(np.random.default_rng(1).uniform(-1, 1, (3, 4)), requires_grad=True)
        (g,) = lib.autograd.grad(call(lib, x).sum(), x, create_graph=True)
        (plain,) = lib.autograd.grad(call(lib, x).sum(), x)
        with pytest.raises(RuntimeError) as info:
            lib.autograd.grad((g * g).sum(), x)
        outcomes.append((g.requires_grad, plain.requires_grad, g.detach().tolist(), str(info.value)))
    assert outcomes[0] == outcomes[1]


@requires_torch
@pytest.mark.parametrize("loss", ["multi_margin_loss", "multilabel_margin_loss"])
def test_margin_losses_save_their_input(loss):
    # torch's backward reads the input it saved: changing it in place first raises
    messages = []
    for lib in (ember, TORCH):
        x = lib.tensor(np.random.default_rng(2).uniform(-1, 1, (3, 4)), requires_grad=True)
        y = x * 1
        target = lib.tensor([1, 0, 3]) if loss == "multi_margin_loss" else \
            lib.tensor(MULTILABEL_TARGET[:3])
        out = getattr(F(lib), loss)(y, target)
        with lib.no_grad():
            y.add_(1)
        with pytest.raises(RuntimeError) as info:
            out.backward()
        messages.append(str(info.value).split(":")[0])
    assert messages[0] == messages[1]


@requires_torch
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True])
def test_multi_margin_loss_float32_rounds_as_torch(reduction, weighted):
    """Bit for bit in float32: each sample's terms summed in order, then divided by C, the
    batch reduced in double (a per-term 1/C and a float32 mean were an ulp off)."""
    rng = np.random.default_rng(3)
    x = rng.standard_normal((7, 9)).astype(np.float32)
    target = rng.integers(0, 9, 7)
    weight = rng.uniform(0.1, 1.0, 9).astype(np.float32) if weighted else None

    def run(lib):
        w = None if weight is None else lib.tensor(weight)
        out = F(lib).multi_margin_loss(lib.tensor(x), lib.tensor(target), p=2, margin=1.5,
                                       weight=w, reduction=reduction)
        return out.detach().cpu().numpy()

    np.testing.assert_array_equal(run(ember), run(TORCH))


@requires_torch
def test_gaussian_nll_variants():
    compare_with_torch(lambda lib, x, t, v: F(lib).gaussian_nll_loss(x, t, v, full=True),
                       rand64(3, 4), rand64(3, 4, seed=2), _probs(3))
    compare_with_torch(lambda lib, x, t: F(lib).gaussian_nll_loss(x, t, 0.5),
                       rand64(3, 4), rand64(3, 4, seed=2))
    with pytest.raises(ValueError, match="var has negative entry/entries"):
        EF.gaussian_nll_loss(rand64(3), rand64(3), -ember.ones(3))
    with pytest.raises(ValueError, match="var is of incorrect size"):
        EF.gaussian_nll_loss(rand64(3, 4), rand64(3, 4), ember.ones(2))


MULTILABEL_TARGET = [[3, 0, -1, 1], [0, 1, 2, 3], [-1, 0, 0, 0], [2, 2, -1, 0]]


@requires_torch
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_multilabel_margin_loss(reduction):
    compare_with_torch(lambda lib, x: F(lib).multilabel_margin_loss(
        x, lib.tensor(MULTILABEL_TARGET), reduction=reduction), rand64(4, 4))
    compare_with_torch(lambda lib, x: F(lib).multilabel_margin_loss(
        x, lib.tensor([1, 3, -1, 0]), reduction=reduction), rand64(4))


def test_multilabel_margin_gradcheck_and_error():
    target = _long(MULTILABEL_TARGET)
    check_gradients(lambda x: EF.multilabel_margin_loss(x, target), rand64(4, 4),
                    second_order=False)
    with pytest.raises(RuntimeError, match=r"inconsistent target size: \[1, 3\] for input of "
                                           r"size: \[3, 4\]"):
        EF.multilabel_margin_loss(rand64(3, 4), _long([[3, 0, -1]]))


@pytest.mark.parametrize("dtype", ["float32", "int32", "uint8"])
@pytest.mark.parametrize("loss", ["multi_margin_loss", "multilabel_margin_loss"])
def test_margin_losses_want_long_targets(loss, dtype):
    """A target of another dtype is refused (it used to be cast and give a number)."""
    shape = (3,) if loss == "multi_margin_loss" else (3, 4)
    for lib in (ember, TORCH) if TORCH is not None else (ember,):
        target = lib.ones(shape, dtype=getattr(lib, dtype))
        with pytest.raises(RuntimeError) as info:
            getattr(lib.nn.functional, loss)(lib.zeros(3, 4), target)
        name = {"float32": "Float", "int32": "Int", "uint8": "Byte"}[dtype]
        assert str(info.value) == f"expected scalar type Long but found {name}", lib.__name__


@pytest.mark.parametrize("loss, kernel", [
    ("multi_margin_loss", "multi_margin_loss_cpu_kernel"),
    ("multilabel_margin_loss", "multilabel_margin_loss_forward_out_frame")])
def test_margin_losses_refuse_integer_input(loss, kernel):
    """An integer input is refused by its kernel's name before the target's dtype is looked at
    (it used to give a number)."""
    shape = (2,) if loss == "multi_margin_loss" else (2, 3)
    with pytest.raises(NotImplementedError, match=f'"{kernel}" not implemented for \'Long\''):
        getattr(EF, loss)(ember.ones(2, 3, dtype=ember.int64), ember.ones(shape))


CTC_TARGETS = np.array([[1, 2, 2, 0], [3, 1, 0, 0], [4, 4, 4, 1]])
CTC_INPUT_LENGTHS = [7, 5, 6]
CTC_TARGET_LENGTHS = [3, 2, 0]


@requires_torch
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("concatenated", [False, True])
def test_ctc_loss(reduction, concatenated):
    targets = CTC_TARGETS
    if concatenated:
        targets = np.concatenate([row[:n] for row, n in zip(CTC_TARGETS, CTC_TARGET_LENGTHS)])

    def fn(lib, logits):
        log_probs = F(lib).log_softmax(logits, 2)
        return F(lib).ctc_loss(log_probs, lib.tensor(targets), lib.tensor(CTC_INPUT_LENGTHS),
                               lib.tensor(CTC_TARGET_LENGTHS), blank=0, reduction=reduction)
    compare_with_torch(fn, rand64(7, 3, 5, low=-3, high=3), rtol=1e-7)


@requires_torch
def test_ctc_loss_blank_unbatched_and_impossible():
    def fn(lib, logits):
        return F(lib).ctc_loss(F(lib).log_softmax(logits, 1), lib.tensor([1, 2, 1]),
                               lib.tensor(6), lib.tensor(3), blank=4, reduction="sum")
    compare_with_torch(fn, rand64(6, 5), rtol=1e-7)

    def impossible(lib, logits):
        return F(lib).ctc_loss(F(lib).log_softmax(logits, 2), lib.tensor([[1, 1, 1], [1, 2, 3]]),
                               lib.tensor([2, 4]), lib.tensor([3, 3]), zero_infinity=True,
                               reduction="none")
    ours, _ = compare_with_torch(impossible, rand64(4, 2, 5), rtol=1e-7)
    assert ours.detach().cpu().numpy()[0] == 0
    loss = EF.ctc_loss(EF.log_softmax(rand64(2, 1, 3), 2), _long([[1, 1, 1]]), _long([2]),
                       _long([3]), reduction="none")
    assert np.isinf(loss.item())


def test_ctc_loss_gradcheck_through_log_softmax():
    targets = _long(CTC_TARGETS)
    lengths_in, lengths_target = _long(CTC_INPUT_LENGTHS), _long(CTC_TARGET_LENGTHS)
    check_gradients(lambda x: EF.ctc_loss(EF.log_softmax(x, 2), targets, lengths_in,
                                          lengths_target), rand64(7, 3, 5), second_order=False)


@requires_torch
def test_ctc_loss_second_derivative_raises_as_in_torch():
    # torch has no derivative of CTC's gradient: the first gradient (create_graph) is fine, a
    # second backward through it raises (ember returned a constant: a silently wrong hessian)
    messages = []
    for lib in (ember, TORCH):
        x = lib.tensor(np.random.default_rng(0).standard_normal((4, 1, 3)), requires_grad=True)
        lp = lib.nn.functional.log_softmax(x, 2)
        loss = lib.nn.functional.ctc_loss(lp, lib.tensor([[1, 2]]), lib.tensor([4]),
                                          lib.tensor([2]))
        (g,) = lib.autograd.grad(loss, x, create_graph=True)
        assert g.requires_grad
        with pytest.raises(RuntimeError) as info:
            lib.autograd.grad(g.sum(), x)
        messages.append(str(info.value))
    assert messages[0] == messages[1] == ("derivative for aten::_ctc_loss_backward is not "
                                          "implemented")


@requires_torch
@pytest.mark.parametrize("input_count, target_count", [(1, 3), (3, 2), (3, 4)])
def test_ctc_loss_length_errors(input_count, target_count):
    def call(lib):
        return F(lib).ctc_loss(lib.zeros(7, 3, 5), lib.ones(9, dtype=lib.int64),
                               lib.full((input_count,), 7), lib.full((target_count,), 3))
    with pytest.raises(RuntimeError) as theirs:
        call(TORCH)
    with pytest.raises(RuntimeError) as ours:
        call(ember)
    assert str(ours.value) == str(theirs.value)


SHAPE_ERRORS = {
    "cosine_embedding_inputs": lambda f, lib: f.cosine_embedding_loss(
        lib.randn(3, 4), lib.randn(3, 5), lib.ones(3)),
    "cosine_embedding_target": lambda f, lib: f.cosine_embedding_loss(
        lib.randn(3, 4), lib.randn(3, 4), lib.ones(2)),
    "hinge_embedding": lambda f, lib: f.hinge_embedding_loss(lib.randn(3, 4), lib.ones(3)),
    "nll_2d_target": lambda f, lib: f.nll_loss(lib.randn(2, 3, 4, 4),
                                               lib.zeros(2, 4, 5, dtype=lib.int64)),
    "nll_1d_input": lambda f, lib: f.nll_loss(lib.randn(4), lib.tensor([1, 2])),
    "multi_margin_target": lambda f, lib: f.multi_margin_loss(lib.randn(3, 4),
                                                              lib.tensor([1, 2])),
    "bce_weight": lambda f, lib: f.binary_cross_entropy(lib.rand(3, 4), lib.rand(3, 4),
                                                        weight=lib.rand(3)),
    "bce_logits_pos_weight": lambda f, lib: f.binary_cross_entropy_with_logits(
        lib.rand(3, 4), lib.rand(3, 4), pos_weight=lib.rand(3)),
    "margin_ranking_dims": lambda f, lib: f.margin_ranking_loss(lib.randn(3), lib.randn(3, 1),
                                                                lib.ones(3)),
    "triplet_dims": lambda f, lib: f.triplet_margin_loss(lib.randn(3, 4), lib.randn(3, 4),
                                                         lib.randn(4)),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(SHAPE_ERRORS))
def test_shape_errors_match_torch(name):
    import torch
    fn = SHAPE_ERRORS[name]
    with pytest.raises(Exception) as theirs:
        fn(torch.nn.functional, torch)
    with pytest.raises(type(theirs.value)) as ours:
        fn(EF, ember)
    assert str(ours.value).replace("ember.", "torch.") == str(theirs.value)


@requires_torch
def test_cross_entropy_1d_input_with_one_element_target():
    # torch's own backward rejects this target shape, so only the forward is compared.
    compare_with_torch(lambda lib, x: F(lib).cross_entropy(x, lib.tensor([2]), reduction="none"),
                       rand64(5), grad=False)


@requires_torch
@pytest.mark.parametrize("ignore_index", [None, 2])
def test_linear_cross_entropy(ignore_index):
    compare_with_torch(lambda lib, x, w, b: F(lib).linear_cross_entropy(
        x, w, lib.tensor([1, 2, 0]), linear_bias=b, ignore_index=ignore_index,
        label_smoothing=0.1), rand64(3, 4), rand64(5, 4, seed=1), rand64(5, seed=2),
        rtol=1e-7, check_grad_fn=False)


@requires_torch
@pytest.mark.parametrize("call", ["cross_entropy", "cross_entropy_smoothed", "nll_loss",
                                  "nll_loss_2d", "cross_entropy_probabilities"])
@pytest.mark.parametrize("weight_dtype", ["float64", "float16", "int64"])
def test_class_weight_of_another_dtype(call, weight_dtype):
    # The class-index losses read the weights as the input's type and refuse any other; the
    # probability form of cross_entropy promotes instead.
    def run(lib):
        F = lib.nn.functional
        x = lib.arange(20, dtype=lib.float32).reshape(4, 5).sin()
        y = lib.tensor([1, 0, 4, 2])
        w = lib.ones(5, dtype=getattr(lib, weight_dtype))
        return {
            "cross_entropy": lambda: F.cross_entropy(x, y, weight=w),
            "cross_entropy_smoothed": lambda: F.cross_entropy(x, y, weight=w,
                                                              label_smoothing=0.1),
            "nll_loss": lambda: F.nll_loss(x, y, weight=w),
            "nll_loss_2d": lambda: F.nll_loss(x[:, :, None], y[:, None], weight=w),
            "cross_entropy_probabilities": lambda: F.cross_entropy(x, x.softmax(1), weight=w),
        }[call]()
    if call == "cross_entropy_probabilities":
        ours, theirs = run(ember), run(TORCH)
        assert str(ours.dtype).replace("ember", "torch") == str(theirs.dtype)
        np.testing.assert_allclose(ours.detach().cpu().numpy(), theirs.numpy(), rtol=1e-6)
        return
    with pytest.raises(RuntimeError) as theirs:
        run(TORCH)
    with pytest.raises(RuntimeError) as ours:
        run(ember)
    assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize("call", [
    lambda x, y, w: EF.cross_entropy(x, y),
    lambda x, y, w: EF.cross_entropy(x, y, label_smoothing=0.1),
    lambda x, y, w: EF.nll_loss(x.log_softmax(1), y, reduction="none"),
    lambda x, y, w: EF.cross_entropy(x, y.to(x.device), weight=w)])
def test_class_index_losses_refuse_a_target_or_weight_on_another_device(standin, call):
    """A train.py that moves its logits to the GPU but not its labels (a validation loop's
    ``model(xb.to(device))`` beside a CPU ``yb``): torch's RuntimeError, not a failure inside
    the array library."""
    x = ember.randn(4, 3, device="cuda")
    y, w = ember.tensor([0, 1, 2, 0], device="cpu"), ember.ones(3, device="cpu")
    with pytest.raises(RuntimeError, match="Expected all tensors to be on the same device"):
        call(x, y, w)
    # on one device the same calls run
    call(x, y.to(x.device), w.to(x.device))


@pytest.mark.parametrize("extra", ["pos_weight", "weight"])
def test_bce_with_logits_refuses_a_weight_on_another_device(standin, extra):
    """nn.BCEWithLogitsLoss(pos_weight=...) built from CPU class counts before the logits moved
    to the GPU: torch's RuntimeError, not a failure inside the array library. A 0-d CPU
    pos_weight joins as a scalar, as in torch's arithmetic."""
    x = ember.randn(4, 2, device="cuda", requires_grad=True)
    y = ember.ones(4, 2, device="cuda")
    with pytest.raises(RuntimeError, match="Expected all tensors to be on the same device"):
        EF.binary_cross_entropy_with_logits(
            x, y, **{extra: ember.tensor([2.0, 0.5], device="cpu")})
    on_device = EF.binary_cross_entropy_with_logits(
        x, y, **{extra: ember.tensor([2.0, 0.5], device="cuda")})
    scalar = EF.binary_cross_entropy_with_logits(
        x, y, **{extra: ember.tensor(2.0, device="cpu")})
    assert on_device.device == scalar.device == x.device
    scalar.backward()
    assert x.grad.device == x.device
    expected = EF.binary_cross_entropy_with_logits(
        x, y, **{extra: ember.tensor(2.0, device="cuda")})
    assert scalar.item() == expected.item()
