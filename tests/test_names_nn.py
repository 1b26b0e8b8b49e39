"""nn.LinearCrossEntropyLoss, nn.LinearCrossEntropyOptions and F.linear_cross_entropy's
K-dimensional form, compared with torch."""
from __future__ import annotations

import warnings

import pytest
from conftest import TORCH, assert_close, compare_with_torch, rand64, requires_torch

import ember
from ember.autograd import gradcheck

TARGET_2D = [[0, 1], [2, 1], [0, 0], [1, 1], [2, 2]]


@requires_torch
@pytest.mark.parametrize("kw", [{}, {"ignore_index": 1}, {"reduction": "none"},
                                {"reduction": "sum", "label_smoothing": 0.2},
                                {"weight": [1.0, 2.0, 0.5]}, {"bias": True}])
def test_k_dimensional_linear_cross_entropy_matches_torch(kw):
    kw = dict(kw)
    bias = kw.pop("bias", False)

    def run(m, x, w, b):
        extra = dict(kw)
        if "weight" in extra:
            extra["weight"] = m.tensor(extra["weight"], dtype=m.float64)
        return m.nn.functional.linear_cross_entropy(x, w, m.tensor(TARGET_2D),
                                                    linear_bias=b if bias else None, **extra)
    compare_with_torch(run, rand64(5, 4), rand64(3, 2, 4, seed=1), rand64(3, 2, seed=2))


def test_k_dimensional_linear_cross_entropy_gradcheck():
    target = ember.tensor(TARGET_2D)
    assert gradcheck(lambda x, w, b: ember.nn.functional.linear_cross_entropy(
        x, w, target, linear_bias=b, label_smoothing=0.1),
        (rand64(5, 4), rand64(3, 2, 4, seed=1), rand64(3, 2, seed=2)))


@requires_torch
@pytest.mark.parametrize("call", [
    lambda m, F: F.linear_cross_entropy(m.ones(2, 2, 4), m.ones(3, 4), m.zeros(2, 2).long()),
    lambda m, F: F.linear_cross_entropy(m.ones(2, 4), m.ones(4), m.zeros(2).long()),
    lambda m, F: F.linear_cross_entropy(m.ones(2, 4), m.ones(3, 5), m.zeros(2).long()),
    lambda m, F: F.linear_cross_entropy(m.ones(2, 4), m.ones(3, 4), m.zeros(2).long(),
                                        linear_bias=m.ones(2)),
    lambda m, F: F.linear_cross_entropy(m.ones(4), m.ones(3, 2, 4), m.zeros(2).long()),
    lambda m, F: F.linear_cross_entropy(m.ones(2, 4), m.ones(3, 4), m.ones(2, 3) / 3,
                                        ignore_index=0),
    lambda m, F: m.nn.LinearCrossEntropyLoss(4, 3, weight=m.ones(2)),
    lambda m, F: m.nn.LinearCrossEntropyLoss(4, 3, label_smoothing=1.5),
])
def test_linear_cross_entropy_errors_match_torch(call):
    def run(m):
        try:
            call(m, m.nn.functional)
        except RuntimeError as error:
            return str(error)
        return None
    ours = run(ember)
    assert ours is not None and ours == run(TORCH)


@requires_torch
def test_ignore_index_none_is_minus_100():
    def run(m, x, w):
        return m.nn.functional.linear_cross_entropy(x, w, m.tensor([0, -100, 2]))
    compare_with_torch(run, rand64(3, 4), rand64(3, 4, seed=1))


def _module(m, **kw):
    m.manual_seed(0)
    return m.nn.LinearCrossEntropyLoss(4, 3, **kw).double()


@requires_torch
@pytest.mark.parametrize("kw", [{}, {"bias": True}, {"out_features": (2,), "bias": True},
                                {"out_features": (2,), "ignore_index": 1},
                                {"reduction": "sum", "label_smoothing": 0.1}])
def test_linear_cross_entropy_loss_module_matches_torch(kw):
    ours, theirs = _module(ember, **kw), _module(TORCH, **kw)
    ours.load_state_dict({k: ember.tensor(v.numpy()) for k, v in theirs.state_dict().items()})
    assert repr(ours) == repr(theirs)
    assert list(dict(ours.named_parameters())) == list(dict(theirs.named_parameters()))
    target = TARGET_2D if kw.get("out_features") else [0, 1, 2, 1, 0]
    x = rand64(5, 4, requires_grad=False)
    out = ours(x, ember.tensor(target))
    reference = theirs(TORCH.tensor(x.cpu().numpy()), TORCH.tensor(target))
    assert_close(out, reference)
    out.backward()
    reference.backward()
    for name, parameter in ours.named_parameters():
        assert_close(parameter.grad, dict(theirs.named_parameters())[name].grad)


@requires_torch
def test_options_are_checked_as_torch_and_warn_where_unused():
    for kw in [{}, {"batch_chunk_size": 8, "chunking_method": "aspect_ratio:2"},
               {"acc_policy": "x"}, {"chunking_method": "foo"}, {"batch_chunk_size": 0},
               {"acc_dtype": "int32"}]:
        def run(m, kw=kw):
            args = dict(kw)
            if args.get("acc_dtype"):
                args["acc_dtype"] = getattr(m, args["acc_dtype"])
            try:
                return repr(m.nn.LinearCrossEntropyOptions(**args))
            except ValueError as error:
                return "ValueError", str(error)
        theirs = run(TORCH)
        if isinstance(theirs, tuple):
            theirs = tuple(part.replace("torch.", "ember.") for part in theirs)
        assert run(ember) == theirs
    module = ember.nn.LinearCrossEntropyLoss(4, 3, out_features=(2,),
                                             options=ember.nn.LinearCrossEntropyOptions())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        module(ember.ones(2, 4), ember.zeros(2, 2).long())
    assert any("``options`` ignored" in str(w.message) for w in caught)
    with pytest.raises(Exception, match="FrozenInstanceError|cannot assign"):
        ember.nn.LinearCrossEntropyOptions().acc_policy = "compact"


@requires_torch
def test_functional_helpers_and_enums_match_torch():
    ours, theirs = ember.nn.functional, TORCH.nn.functional
    for name in ("ScalingType", "SwizzleType"):
        assert [(m.name, m.value, repr(m)) for m in getattr(ours, name).__members__.values()] == \
            [(m.name, m.value, repr(m)) for m in getattr(theirs, name).__members__.values()]
    for arg in (3, (1, 2), [1, 2, 3], ()):
        outcomes = []
        for F in (ours, theirs):
            try:
                outcomes.append(F.assert_int_or_pair(arg, "stride", "{} is bad"))
            except AssertionError as error:
                outcomes.append(str(error))
        assert outcomes[0] == outcomes[1]
    # values, gradients and torch's ConvTbcBackward0 node
    compare_with_torch(lambda m, x, w, b: m.nn.functional.conv_tbc(x, w, b, 1),
                       rand64(5, 2, 3), rand64(3, 3, 4, seed=1), rand64(4, seed=2))
