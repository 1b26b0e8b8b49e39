"""ATen-level top-level functions (``torch.embedding_bag``'s 4-tuple form), and
F.embedding_bag's scale_grad_by_freq, compared with torch and gradient-checked."""
from __future__ import annotations

import pytest
from conftest import TORCH, assert_close, requires_torch

import ember
from ember.autograd import gradcheck

INDICES = [0, 2, 1, 3, 3, 1]


def _bag(m, dtype, requires_grad, mode, weighted, last, padding, offsets=(0, 2, 2, 6)):
    weight = m.arange(12.0, dtype=getattr(m, dtype)).reshape(4, 3).requires_grad_(requires_grad)
    weights = m.arange(6.0, dtype=getattr(m, dtype)) if weighted else None
    out = m.embedding_bag(weight, m.tensor(INDICES), m.tensor(list(offsets)), False, mode, False,
                          weights, last, padding)
    return out


@requires_torch
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("requires_grad", [False, True])
@pytest.mark.parametrize("mode,weighted", [(0, False), (0, True), (1, False), (2, False)])
@pytest.mark.parametrize("last", [False, True])
@pytest.mark.parametrize("padding", [None, 1, -1])
def test_embedding_bag_aten_form_matches_torch(dtype, requires_grad, mode, weighted, last,
                                               padding):
    ours = _bag(ember, dtype, requires_grad, mode, weighted, last, padding)
    theirs = _bag(TORCH, dtype, requires_grad, mode, weighted, last, padding)
    assert len(ours) == 4
    assert_close(ours[0], theirs[0].detach())
    assert (ours[0].grad_fn is None) == (theirs[0].grad_fn is None)
    if requires_grad:
        assert type(ours[0].grad_fn).__name__ == type(theirs[0].grad_fn).__name__
    for mine, reference in zip(ours[1:], theirs[1:]):
        assert mine.tolist() == reference.tolist()
        assert str(mine.dtype) == str(reference.dtype).replace("torch.", "ember.")


@requires_torch
@pytest.mark.parametrize("indices,offsets", [("int32", "int32"), ("int32", "int64"),
                                             ("int64", "int32")])
@pytest.mark.parametrize("mode", [0, 1, 2])
def test_embedding_bag_index_dtypes(indices, offsets, mode):
    def run(m):
        weight = m.tensor([[1.0, 1.0], [1.0, 1.0], [0.0, 2.0]])
        out = m.embedding_bag(weight, m.tensor([0, 1, 2], dtype=getattr(m, indices)),
                              m.tensor([0, 1], dtype=getattr(m, offsets)), False, mode)
        return [(x.tolist(), str(x.dtype).split(".")[1]) for x in out]
    assert run(ember) == run(TORCH)


@requires_torch
@pytest.mark.parametrize("call", [
    lambda m, w, i, o: m.embedding_bag(w, i.float(), o),
    lambda m, w, i, o: m.embedding_bag(w, i, o.float()),
    lambda m, w, i, o: m.embedding_bag(w, i, None),
    lambda m, w, i, o: m.embedding_bag(w, i, o, False, 3),
    lambda m, w, i, o: m.embedding_bag(w, i, o, False, 1, False, m.ones(3)),
    lambda m, w, i, o: m.embedding_bag(w, i, o, False, 0, False, None, False, 7),
])
def test_embedding_bag_aten_errors(call):
    def run(m):
        try:
            call(m, m.ones(3, 2), m.tensor([0, 1, 2]), m.tensor([0, 2]))
        except (RuntimeError, TypeError) as error:
            return type(error).__name__, str(error).replace("torch.", "ember.")
        return None
    ours, theirs = run(ember), run(TORCH)
    assert ours is not None and ours == theirs


@pytest.mark.parametrize("mode", [0, 1, 2])
def test_embedding_bag_aten_gradcheck(mode):
    weight = ember.randn(5, 3, dtype=ember.float64, generator=ember.Generator().manual_seed(0),
                         requires_grad=True)
    indices, offsets = ember.tensor([0, 4, 4, 2, 1, 0]), ember.tensor([0, 3, 3])
    assert gradcheck(lambda w: ember.embedding_bag(w, indices, offsets, False, mode)[0],
                     (weight,))


@pytest.mark.parametrize("mode", ["sum", "mean"])
def test_scale_grad_by_freq_divides_by_the_counts(mode):
    weight = ember.randn(4, 2, dtype=ember.float64, generator=ember.Generator().manual_seed(1),
                         requires_grad=True)
    indices, offsets = ember.tensor([0, 1, 2, 2, 1, 1]), ember.tensor([0, 3])
    # gradcheck cannot see the scaling (it is a convention, not the derivative), so compare
    # with the unscaled gradient divided by each row's count.
    plain = ember.autograd.grad(ember.nn.functional.embedding_bag(
        indices, weight, offsets, mode=mode).sum(), weight)[0]
    scaled = ember.autograd.grad(ember.nn.functional.embedding_bag(
        indices, weight, offsets, mode=mode, scale_grad_by_freq=True).sum(), weight)[0]
    counts = ember.bincount(indices, minlength=4).clamp(min=1).to(ember.float64)
    assert ember.allclose(scaled, plain / counts[:, None], rtol=1e-12, atol=0)


@requires_torch
@pytest.mark.parametrize("mode", ["sum", "mean", "max"])
@pytest.mark.parametrize("scale", [False, True])
def test_embedding_bag_scale_grad_by_freq_matches_torch(mode, scale):
    def run(m):
        weight = m.tensor([[1.0, 5.0], [5.0, 1.0], [3.0, 3.0]], requires_grad=True)
        try:
            out = m.nn.functional.embedding_bag(m.tensor([0, 1, 2, 2, 1]), weight,
                                                m.tensor([0, 3]), mode=mode,
                                                scale_grad_by_freq=scale)
        except ValueError as error:
            return str(error)
        out.sum().backward()
        return weight.grad
    ours, theirs = run(ember), run(TORCH)
    if isinstance(theirs, str):
        assert ours == theirs
    else:
        assert_close(ours, theirs)


def _grid_3d(seed=0, shape=(2, 2, 3, 4, 3), spread=1.2):
    """A float64 5-D grid with points inside and a little outside [-1, 1] (padding matters),
    kept away from the pixel boundaries where the trilinear weights have kinks."""
    rng = ember.Generator().manual_seed(seed)
    grid = (ember.rand(*shape, dtype=ember.float64, generator=rng) * 2 - 1) * spread
    return grid.requires_grad_()


@requires_torch
@pytest.mark.parametrize("mode", ["bilinear", "nearest"])
@pytest.mark.parametrize("padding_mode", ["zeros", "border", "reflection"])
@pytest.mark.parametrize("align_corners", [False, True])
def test_grid_sample_5d_matches_torch(mode, padding_mode, align_corners):
    from conftest import compare_with_torch, rand64
    x = rand64(2, 3, 4, 5, 6)
    compare_with_torch(lambda m, x, g: m.nn.functional.grid_sample(
        x, g, mode=mode, padding_mode=padding_mode, align_corners=align_corners), x, _grid_3d())


@pytest.mark.parametrize("padding_mode", ["zeros", "border", "reflection"])
@pytest.mark.parametrize("align_corners", [False, True])
def test_grid_sample_5d_gradcheck(padding_mode, align_corners):
    x = ember.randn(1, 2, 3, 4, 3, dtype=ember.float64, requires_grad=True,
                    generator=ember.Generator().manual_seed(3))
    grid = _grid_3d(4, (1, 2, 2, 3, 3), spread=0.9)
    assert gradcheck(lambda x, g: ember.nn.functional.grid_sample(
        x, g, padding_mode=padding_mode, align_corners=align_corners), (x, grid))


@requires_torch
@pytest.mark.parametrize("interpolation", [0, 1])
@pytest.mark.parametrize("padding", [0, 1, 2])
def test_grid_sampler_3d_matches_torch(interpolation, padding):
    from conftest import compare_with_torch, rand64
    compare_with_torch(lambda m, x, g: m.grid_sampler_3d(x, g, interpolation, padding, False),
                       rand64(1, 2, 3, 4, 5), _grid_3d(5, (1, 3, 2, 2, 3)))


@requires_torch
@pytest.mark.parametrize("call", [
    lambda m: m.grid_sampler_3d(m.ones(1, 1, 2, 2), m.zeros(1, 2, 2, 2), 0, 0, False),
    lambda m: m.grid_sampler_2d(m.ones(1, 1, 2, 2, 2), m.zeros(1, 2, 2, 2, 3), 0, 0, False),
    lambda m: m.grid_sampler_3d(m.ones(1, 1, 2, 2, 2), m.zeros(1, 2, 2, 2, 3), 2, 0, False),
    lambda m: m.nn.functional.grid_sample(m.ones(1, 1, 2, 2, 2), m.zeros(1, 2, 2, 2, 2),
                                          align_corners=False),
    lambda m: m.nn.functional.grid_sample(m.ones(1, 1, 2, 2, 2), m.zeros(1, 2, 2, 3),
                                          align_corners=False),
    lambda m: m.nn.functional.grid_sample(m.ones(1, 1, 2, 2, 2), m.zeros(1, 2, 2, 2, 3),
                                          mode="bicubic", align_corners=False),
])
def test_grid_sampler_rank_errors(call):
    def run(m):
        try:
            call(m)
        except RuntimeError as error:
            return str(error)
        return None
    ours = run(ember)
    assert ours is not None and ours == run(TORCH)


def test_grid_sample_5d_second_derivative_is_none_for_the_input():
    # grid_sample is linear in its input: the input's own second derivative is None (as in
    # torch), while the derivative stays attached to the graph.
    x = ember.randn(1, 1, 2, 2, 2, dtype=ember.float64, requires_grad=True)
    out = ember.nn.functional.grid_sample(x, _grid_3d(6, (1, 1, 1, 2, 3)), align_corners=True)
    (gx,) = ember.autograd.grad(out.sum(), x, create_graph=True)
    assert gx.grad_fn.name() == "GridSampler3DBackwardBackward0"
    gx.sum().backward()
    assert x.grad is None
