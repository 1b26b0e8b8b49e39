"""nn.functional normalisation: values, gradients, running statistics, errors; gradcheck."""
from __future__ import annotations

import numpy as np
import pytest

import ember
import ember.nn.functional as EF
from tests.conftest import check_gradients, compare_with_torch, rand64, requires_torch


def F(lib):
    return EF if lib is ember else lib.nn.functional


@requires_torch
@pytest.mark.parametrize("shape,normalized", [((3, 4), (4,)), ((2, 3, 4), (3, 4)),
                                              ((2, 5), [5])])
@pytest.mark.parametrize("affine", [False, True])
def test_layer_norm(shape, normalized, affine):
    norm_shape = tuple(normalized)
    weight = rand64(*norm_shape, seed=1) if affine else None
    bias = rand64(*norm_shape, seed=2) if affine else None
    compare_with_torch(lambda lib, x, w, b: F(lib).layer_norm(x, normalized, w, b, eps=1e-3),
                       rand64(*shape), weight, bias, rtol=1e-7)


def test_layer_norm_gradcheck():
    check_gradients(lambda x, w, b: EF.layer_norm(x, (3, 4), w, b), rand64(2, 3, 4),
                    rand64(3, 4, seed=1), rand64(3, 4, seed=2))
    check_gradients(lambda x: EF.layer_norm(x, (4,)), rand64(3, 4))


def test_layer_norm_errors():
    with pytest.raises(TypeError, match="argument 'normalized_shape' \\(position 2\\) must be "
                                        "tuple of ints, not int"):
        EF.layer_norm(ember.randn(3, 4), 4)
    with pytest.raises(RuntimeError, match=r"Given normalized_shape=\[5\], expected input with "
                                           r"shape \[\*, 5\], but got input of size\[3, 4\]"):
        EF.layer_norm(ember.randn(3, 4), (5,))
    with pytest.raises(RuntimeError, match=r"Expected weight to be of same shape as "
                                           r"normalized_shape, but got weight of shape \[3\]"):
        EF.layer_norm(ember.randn(3, 4), (4,), ember.ones(3))


@requires_torch
@pytest.mark.parametrize("shape", [(5, 3), (4, 3, 2), (2, 3, 2, 2)])
@pytest.mark.parametrize("affine", [False, True])
def test_batch_norm_training_updates_running_stats(shape, affine):
    weight = rand64(3, seed=1) if affine else None
    bias = rand64(3, seed=2) if affine else None
    stats = {}

    def fn(lib, x, w, b):
        mean = lib.zeros(3, dtype=lib.float64) + 0.5
        var = lib.ones(3, dtype=lib.float64) * 2
        out = F(lib).batch_norm(x, mean, var, w, b, training=True, momentum=0.3)
        stats[lib.__name__] = (mean.cpu().numpy().copy(), var.cpu().numpy().copy())
        return out
    compare_with_torch(fn, rand64(*shape), weight, bias, rtol=1e-7)
    np.testing.assert_allclose(stats["ember"][0], stats["torch"][0], rtol=1e-12)
    np.testing.assert_allclose(stats["ember"][1], stats["torch"][1], rtol=1e-12)


@requires_torch
def test_batch_norm_eval_and_no_running_stats():
    mean = rand64(3, seed=4, requires_grad=False)
    var = rand64(3, seed=5, low=0.5, high=2.0, requires_grad=False)
    compare_with_torch(lambda lib, x, m, v, w, b: F(lib).batch_norm(x, m, v, w, b),
                       rand64(4, 3, 2), mean, var, rand64(3, seed=1), rand64(3, seed=2))
    compare_with_torch(lambda lib, x: F(lib).batch_norm(x, None, None, training=True),
                       rand64(4, 3))


@requires_torch
@pytest.mark.parametrize("missing", ["both", "mean", "var"])
def test_batch_norm_eval_needs_running_stats(missing):
    # Evaluation mode reads the running statistics: torch refuses to fall back on the batch's.
    import torch
    for lib in (ember, torch):
        stats = {"mean": lib.zeros(3), "var": lib.ones(3)}
        for name in (("mean", "var") if missing == "both" else (missing,)):
            stats[name] = None
        with pytest.raises(RuntimeError) as error:
            F(lib).batch_norm(lib.ones(2, 3, 4), stats["mean"], stats["var"], training=False)
        first = "running_mean" if missing != "var" else "running_var"
        assert str(error.value) == f"{first} must be defined in evaluation mode"


def test_batch_norm_version_bump_and_gradcheck():
    mean = ember.zeros(3, dtype=ember.float64)
    before = mean._version_count
    EF.batch_norm(rand64(4, 3), mean, ember.ones(3, dtype=ember.float64), training=True)
    assert mean._version_count > before
    check_gradients(lambda x, w, b: EF.batch_norm(x, None, None, w, b, training=True),
                    rand64(4, 3, 2), rand64(3, seed=1), rand64(3, seed=2))
    mean, var = rand64(3, requires_grad=False), rand64(3, low=0.5, requires_grad=False)
    check_gradients(lambda x, w: EF.batch_norm(x, mean, var, w), rand64(4, 3),
                    rand64(3, seed=1))


def test_batch_norm_single_value_per_channel():
    with pytest.raises(ValueError, match=r"Expected more than 1 value per channel when training, "
                                         r"got input size ember.Size\(\[1, 4\]\)"):
        EF.batch_norm(ember.randn(1, 4), None, None, training=True)


@requires_torch
@pytest.mark.parametrize("groups", [1, 2, 4])
def test_group_norm(groups):
    compare_with_torch(lambda lib, x, w, b: F(lib).group_norm(x, groups, w, b),
                       rand64(2, 4, 3), rand64(4, seed=1), rand64(4, seed=2), rtol=1e-7)
    check_gradients(lambda x, w, b: EF.group_norm(x, groups, w, b), rand64(2, 4, 3),
                    rand64(4, seed=1), rand64(4, seed=2))


def test_group_norm_indivisible():
    with pytest.raises(RuntimeError, match=r"divisible by num_groups, but got input of shape "
                                           r"\[3, 4, 1\] and num_groups=3"):
        EF.group_norm(ember.randn(3, 4, 1), 3)


@requires_torch
def test_instance_norm_with_running_stats():
    stats = {}

    def fn(lib, x, w, b):
        mean = lib.zeros(3, dtype=lib.float64)
        var = lib.ones(3, dtype=lib.float64)
        out = F(lib).instance_norm(x, mean, var, w, b, momentum=0.2)
        stats[lib.__name__] = (mean.cpu().numpy().copy(), var.cpu().numpy().copy())
        return out
    compare_with_torch(fn, rand64(2, 3, 5), rand64(3, seed=1), rand64(3, seed=2), rtol=1e-7)
    for a, b in zip(stats["ember"], stats["torch"]):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    compare_with_torch(lambda lib, x: F(lib).instance_norm(x), rand64(2, 3, 2, 2))
    check_gradients(lambda x: EF.instance_norm(x), rand64(2, 3, 4))


@requires_torch
def test_rms_norm():
    compare_with_torch(lambda lib, x, w: F(lib).rms_norm(x, (4,), w), rand64(3, 4),
                       rand64(4, seed=1))
    compare_with_torch(lambda lib, x: F(lib).rms_norm(x, [3, 4], eps=1e-3), rand64(2, 3, 4))
    check_gradients(lambda x, w: EF.rms_norm(x, (4,), w), rand64(3, 4), rand64(4, seed=1))


@requires_torch
@pytest.mark.parametrize("shape", [(2, 5, 3), (2, 5, 2, 2)])
@pytest.mark.parametrize("size", [2, 3])
def test_local_response_norm(shape, size):
    compare_with_torch(lambda lib, x: F(lib).local_response_norm(x, size, alpha=0.5, k=2.0),
                       rand64(*shape), rtol=1e-7)


def test_local_response_norm_gradcheck_and_error():
    check_gradients(lambda x: EF.local_response_norm(x, 3, alpha=0.5), rand64(2, 4, 3))
    # (torch's text keeps the indent of its source's line continuation before "input")
    with pytest.raises(ValueError, match=r"Expected 3D or higher dimensionality +input \(got 2 "
                                         r"dimensions\)"):
        EF.local_response_norm(ember.randn(2, 3), 2)


@requires_torch
@pytest.mark.parametrize("p,dim", [(2.0, 1), (1.0, 0), (3.0, -1)])
def test_normalize(p, dim):
    compare_with_torch(lambda lib, x: F(lib).normalize(x, p, dim), rand64(3, 4),
                       check_grad_fn=False)
    out = EF.normalize(rand64(3, 4), p, dim)
    assert out.grad_fn.name() == "DivBackward0"
    check_gradients(lambda x: EF.normalize(x, p, dim), rand64(3, 4))


@requires_torch
def test_normalize_zero_vector():
    compare_with_torch(lambda lib, x: F(lib).normalize(x, dim=0),
                       ember.zeros(3, dtype=ember.float64, requires_grad=True),
                       check_grad_fn=False)


@pytest.mark.parametrize("shape, dtype, kernel", [
    ((1, 2, 6), "bool", "avg_pool2d"), ((1, 2, 6), "complex64", "avg_pool2d"),
    ((1, 2, 6), "int32", "avg_pool2d"), ((1, 2, 6, 6), "float16", "avg_pool3d_out_frame"),
    ((1, 2, 6, 6), "uint8", "avg_pool3d_out_frame"),
    ((1, 2, 2, 3, 3), "complex64", "avg_pool3d_out_frame")])
def test_local_response_norm_refuses_the_dtypes_torchs_pooling_refuses(shape, dtype, kernel):
    """torch averages the squares with avg_pool2d/avg_pool3d, which have no kernel for these
    dtypes: its NotImplementedError (ember computed on any dtype)."""
    from tests.conftest import TORCH
    for lib in (ember, TORCH) if TORCH is not None else (ember,):
        with pytest.raises(NotImplementedError, match=f'"{kernel}" not implemented for'):
            lib.nn.functional.local_response_norm(lib.ones(shape, dtype=getattr(lib, dtype)), 2)
    assert EF.local_response_norm(ember.ones(1, 2, 6, dtype=ember.float16), 2).dtype is \
        ember.float16
