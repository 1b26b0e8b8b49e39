"""AdaptiveLogSoftmaxWithLoss against torch: layout, values, gradients, errors, checkpoints."""
import io

import numpy as np
import pytest

import ember
from ember import nn
from tests.conftest import TORCH, requires_torch
from tests.nn._nn_helpers import assert_same_state, build_both, copy_weights, torch_text


def _build(lib, dtype=None, **kwargs):
    options = {"cutoffs": [4, 7], "div_value": 2.0, **kwargs}
    return lib.nn.AdaptiveLogSoftmaxWithLoss(8, 12, dtype=dtype, **options)


@requires_torch
@pytest.mark.parametrize("kwargs", [{}, {"head_bias": True}, {"cutoffs": (3,)},
                                    {"cutoffs": [2, 5, 9], "div_value": 1.5}])
def test_same_parameters_repr_and_state_dict_as_torch(kwargs):
    ours, theirs = build_both(lambda lib: _build(lib, **kwargs))
    assert_same_state(ours, theirs)
    assert torch_text(repr(theirs)) == repr(ours)
    assert (ours.shortlist_size, ours.n_clusters, ours.head_size, ours.cutoffs) == \
        (theirs.shortlist_size, theirs.n_clusters, theirs.head_size, theirs.cutoffs)


@requires_torch
@pytest.mark.parametrize("target", [[0, 5, 11, 3, 8, 7], [1, 2, 3, 0, 3, 2], [9, 10, 11, 8, 8, 7],
                                    [4, 4, 5, 6, 6, 4]])
def test_forward_log_prob_predict_and_grads_match_torch(target):
    ours, theirs = build_both(lambda lib: _build(lib, head_bias=True))
    rng = np.random.default_rng(1)
    x = rng.standard_normal((6, 8)).astype(np.float32) * 3
    x_ours = ember.tensor(x, requires_grad=True)
    x_theirs = TORCH.tensor(x, requires_grad=True)
    result_ours = ours(x_ours, ember.tensor(target))
    result_theirs = theirs(x_theirs, TORCH.tensor(target))
    assert type(result_ours).__name__ == "_ASMoutput"
    assert result_ours._fields == ("output", "loss")
    np.testing.assert_allclose(result_ours.output.detach().cpu().numpy(),
                               result_theirs.output.detach().cpu().numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(result_ours.loss.item(), result_theirs.loss.item(), rtol=1e-5)
    result_ours.loss.backward()
    result_theirs.loss.backward()
    np.testing.assert_allclose(x_ours.grad.cpu().numpy(), x_theirs.grad.cpu().numpy(), rtol=1e-4, atol=1e-6)
    for (name, a), (_, b) in zip(ours.named_parameters(), theirs.named_parameters()):
        # A cluster no target falls in is not evaluated: no gradient, in torch as here.
        assert (a.grad is None) == (b.grad is None), name
        if b.grad is None:
            continue
        np.testing.assert_allclose(a.grad.cpu().numpy(), b.grad.cpu().numpy(), rtol=1e-4, atol=1e-6,
                                   err_msg=name)
    np.testing.assert_allclose(ours.log_prob(x_ours).detach().cpu().numpy(),
                               theirs.log_prob(x_theirs).detach().cpu().numpy(), rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(ours.predict(x_ours).cpu().numpy(), theirs.predict(x_theirs).cpu().numpy())


@requires_torch
def test_predict_covers_all_head_cases_like_torch():
    """Rows predicted in the shortlist, in a cluster, or a mix: the head bias forces each."""
    for bias_entry in (None, "clusters", "mixed"):
        ours, theirs = build_both(lambda lib: _build(lib, head_bias=True))
        bias = np.zeros(6, np.float32)
        if bias_entry == "clusters":
            bias[4:] = 50.0
        elif bias_entry == "mixed":
            bias[5] = 1.5
        copy_weights(ours, theirs)
        with ember.no_grad(), TORCH.no_grad():
            ours.head.bias.copy_(ember.tensor(bias))
            theirs.head.bias.copy_(TORCH.tensor(bias))
        x = np.random.default_rng(2).standard_normal((16, 8)).astype(np.float32)
        np.testing.assert_array_equal(ours.predict(ember.tensor(x)).cpu().numpy(),
                                      theirs.predict(TORCH.tensor(x)).cpu().numpy())


@requires_torch
def test_unbatched_input_matches_torch():
    ours, theirs = build_both(_build)
    x = np.random.default_rng(3).standard_normal(8).astype(np.float32)
    for target in (2, 9):
        a, b = ours(ember.tensor(x), ember.tensor(target)), theirs(TORCH.tensor(x),
                                                                    TORCH.tensor(target))
        assert a.output.shape == () and a.loss.shape == ()
        np.testing.assert_allclose(a.output.item(), b.output.item(), rtol=1e-5)
    # torch's log_prob and predict take batches only: one row fails in log_softmax(dim=1).
    for method in ("log_prob", "predict"):
        with pytest.raises(IndexError) as expected:
            getattr(theirs, method)(TORCH.tensor(x))
        with pytest.raises(IndexError) as got:
            getattr(ours, method)(ember.tensor(x))
        assert str(got.value) == str(expected.value)


def test_gradcheck_float64():
    ember.manual_seed(0)
    asm = _build(ember, dtype=ember.float64, head_bias=True)
    x = ember.randn(5, 8, dtype=ember.float64, requires_grad=True)
    target = ember.tensor([0, 5, 11, 4, 9])
    params = list(asm.parameters())

    def loss(x, *weights):
        return ember.func.functional_call(asm, dict(zip([n for n, _ in asm.named_parameters()],
                                                        weights)), (x, target)).output
    assert ember.autograd.gradcheck(loss, (x, *[p.detach().requires_grad_() for p in params]))
    assert ember.autograd.gradcheck(lambda x: asm.log_prob(x), (x,))


@requires_torch
@pytest.mark.parametrize("case", [
    lambda lib: lib.nn.AdaptiveLogSoftmaxWithLoss(8, 10, []),
    lambda lib: lib.nn.AdaptiveLogSoftmaxWithLoss(8, 10, [0, 3]),
    lambda lib: lib.nn.AdaptiveLogSoftmaxWithLoss(8, 10, [3, 3]),
    lambda lib: lib.nn.AdaptiveLogSoftmaxWithLoss(8, 10, [3, 10]),
    lambda lib: lib.nn.AdaptiveLogSoftmaxWithLoss(8, 10, [6, 3]),
    lambda lib: lib.nn.AdaptiveLogSoftmaxWithLoss(8, 10, [3.5]),
    lambda lib: _build(lib)(lib.zeros(3, 8), lib.tensor([0, 1])),
    lambda lib: _build(lib)(lib.zeros(3, 8, 1), lib.tensor([0, 1, 2])),
    lambda lib: _build(lib)(lib.zeros(3, 8), lib.tensor(1)),
    lambda lib: _build(lib)(lib.zeros(3, 8), lib.tensor([[1]])),
    lambda lib: _build(lib)(lib.zeros(3, 8), lib.tensor([0, 12, 3])),
    lambda lib: _build(lib)(lib.zeros(3, 8), lib.tensor([0, -1, 3])),
])
def test_errors_match_torch(case):
    with pytest.raises(Exception) as theirs:
        case(TORCH)
    with pytest.raises(type(theirs.value)) as ours:
        case(ember)
    assert str(ours.value) == torch_text(str(theirs.value))


@requires_torch
def test_torch_checkpoint_loads_and_gives_torch_values():
    TORCH.manual_seed(5)
    theirs = _build(TORCH, cutoffs=[3, 6, 10], head_bias=True)
    buffer = io.BytesIO()
    TORCH.save(theirs.state_dict(), buffer)
    buffer.seek(0)
    ours = _build(ember, cutoffs=[3, 6, 10], head_bias=True)
    ours.load_state_dict(ember.load(buffer))
    x = np.random.default_rng(4).standard_normal((4, 8)).astype(np.float32)
    np.testing.assert_allclose(ours.log_prob(ember.tensor(x)).detach().cpu().numpy(),
                               theirs.log_prob(TORCH.tensor(x)).detach().cpu().numpy(), rtol=1e-5,
                               atol=1e-6)


def test_module_path():
    assert nn.modules.adaptive.AdaptiveLogSoftmaxWithLoss is nn.AdaptiveLogSoftmaxWithLoss
