"""nn.functional linear maps, dropout, embeddings, distances, attention and padding."""
from __future__ import annotations

import math

import numpy as np
import pytest

import ember
import ember.nn.functional as EF
from tests.conftest import (
    CPU_RNG,
    TORCH,
    check_gradients,
    compare_with_torch,
    cpu_only,
    rand64,
    requires_torch,
)


def F(lib):
    return EF if lib is ember else lib.nn.functional


# --- linear -----------------------------------------------------------------------------------

@requires_torch
@pytest.mark.parametrize("shape", [(3, 4), (2, 3, 4), (4,)])
@pytest.mark.parametrize("with_bias", [True, False])
def test_linear(shape, with_bias):
    bias = rand64(5, seed=2) if with_bias else None
    compare_with_torch(lambda lib, x, w, b: F(lib).linear(x, w, b), rand64(*shape),
                       rand64(5, 4, seed=1), bias, rtol=1e-7,
                       check_grad_fn=with_bias or len(shape) == 2)


def test_linear_addmm_graph_and_gradcheck():
    out = EF.linear(rand64(3, 4), rand64(5, 4, seed=1), rand64(5, seed=2))
    assert out.grad_fn.name() == "AddmmBackward0"
    assert out.grad_fn.next_functions[2][0].name() == "TBackward0"
    check_gradients(lambda x, w, b: EF.linear(x, w, b), rand64(3, 4), rand64(5, 4, seed=1),
                    rand64(5, seed=2))
    check_gradients(lambda x, w, b: EF.linear(x, w, b), rand64(2, 3, 4), rand64(5, 4, seed=1),
                    rand64(5, seed=2))


def _graph_names(node):
    """Every node reachable from ``node``, depth first, as (name, names of next_functions)."""
    out, stack = [], [node]
    while stack:
        node = stack.pop()
        edges = [n for n, _ in node.next_functions]
        out.append((node.name().replace("ember::", "torch::"),
                    [n.name().replace("ember::", "torch::") if n is not None else None
                     for n in edges]))
        stack.extend(n for n in edges if n is not None)
    return out


def _linear_case(lib, shape, dtype, needs):
    gen = np.random.default_rng(sum(shape))
    values = [gen.standard_normal(s) for s in (shape, (5, shape[-1]), (5,))]
    x, w, b = (lib.tensor(v, dtype=getattr(lib, dtype), requires_grad=r)
               for v, r in zip(values, needs))
    # A layer's weight and bias are Parameters, which take the same path as tensors.
    return x, lib.nn.Parameter(w, w.requires_grad), lib.nn.Parameter(b, b.requires_grad)


@requires_torch
@pytest.mark.parametrize("shape", [(4,), (3, 4)])
@pytest.mark.parametrize("needs", [(True, True, True), (False, True, True),
                                   (True, False, False), (False, False, True)])
@pytest.mark.parametrize("mode", ["grad", "no_grad", "inference_mode"])
def test_linear_direct_graph_is_torchs(shape, needs, mode):
    """A 1-D or 2-D input with a bias builds its views, nodes and saved values directly: the
    same graph, views, requires_grad and saved tensors as torch's."""
    seen = []
    for lib in (ember, TORCH):
        x, w, b = _linear_case(lib, shape, "float64", needs)
        with getattr(lib, mode)() if mode != "grad" else lib.enable_grad():
            out = lib.nn.functional.linear(x, w, b)
        fn = out.grad_fn
        # (torch's result under inference_mode is not a view; ember's is, as it was before)
        seen.append((tuple(out.shape), out.stride(), out.requires_grad,
                     out._base is not None if mode != "inference_mode" else None,
                     out.is_inference(), None if fn is None else _graph_names(fn),
                     None if fn is None else
                     [getattr(fn if len(shape) == 2 else fn.next_functions[0][0],
                              f"_saved_{name}") is not None for name in ("mat1", "mat2")]))
    assert seen[0] == seen[1]


@pytest.mark.parametrize("shape", [(4,), (3, 4)])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_linear_direct_same_bits_as_its_ops(shape, dtype):
    """The direct path gives the bits, gradients and version sharing of the ops it stands for:
    addmm of the input as rows with weight.t(), viewed back."""
    results = []
    for direct in (True, False):
        x, w, b = _linear_case(ember, shape, dtype, (True, True, True))
        if direct:
            out = EF.linear(x, w, b)
        else:
            rows = x.reshape(-1, shape[-1])
            out = ember.addmm(b, rows, w.t()).reshape(shape[:-1] + (5,))
        out.backward(ember.arange(out.numel(), dtype=out.dtype).reshape(out.shape))
        results.append([t.detach().cpu().numpy().tobytes() for t in (out, x.grad, w.grad, b.grad)])
    assert results[0] == results[1]
    x, w, b = _linear_case(ember, shape, dtype, (True, True, True))
    out = EF.linear(x, w, b)
    with ember.no_grad():
        x.add_(1)  # a saved input changed in place: torch's error at backward
    legacy = "DoubleTensor" if dtype == "float64" else "FloatTensor"
    rows = shape[0] if len(shape) == 2 else 1  # the saved input is its rows' view
    with pytest.raises(RuntimeError, match=rf"\[ember.{legacy} \[{rows}, 4\]\].*is at version 1; "
                                           "expected version 0"):
        out.sum().backward()
    check_gradients(lambda x, w, b: EF.linear(x, w, b), rand64(4), rand64(5, 4, seed=1),
                    rand64(5, seed=2))


def test_linear_shape_error():
    with pytest.raises(RuntimeError, match=r"mat1 and mat2 shapes cannot be multiplied "
                                           r"\(3x4 and 5x6\)"):
        EF.linear(ember.randn(3, 4), ember.randn(6, 5), ember.randn(6))
    with pytest.raises(RuntimeError, match=r"mat1 and mat2 shapes cannot be multiplied "
                                           r"\(3x4 and 5x6\)"):
        EF.linear(ember.randn(3, 4), ember.randn(6, 5))


@requires_torch
def test_bilinear():
    compare_with_torch(lambda lib, a, b, w, c: F(lib).bilinear(a, b, w, c), rand64(3, 4),
                       rand64(3, 2, seed=1), rand64(5, 4, 2, seed=2), rand64(5, seed=3),
                       rtol=1e-7)
    compare_with_torch(lambda lib, a, b, w: F(lib).bilinear(a, b, w), rand64(2, 3, 4),
                       rand64(2, 3, 2, seed=1), rand64(5, 4, 2, seed=2), rtol=1e-7,
                       check_grad_fn=False)
    check_gradients(lambda a, b, w, c: EF.bilinear(a, b, w, c), rand64(3, 4),
                    rand64(3, 2, seed=1), rand64(5, 4, 2, seed=2), rand64(5, seed=3))


# --- dropout ----------------------------------------------------------------------------------

DROPOUTS = {"dropout": (4, 5, 3), "alpha_dropout": (4, 5, 3),
            "feature_alpha_dropout": (2, 3, 4), "dropout1d": (2, 3, 4),
            "dropout2d": (2, 3, 4, 2), "dropout3d": (2, 3, 2, 2, 2)}


@cpu_only(CPU_RNG)
@requires_torch
@pytest.mark.parametrize("name", sorted(DROPOUTS))
@pytest.mark.parametrize("p", [0.2, 0.5])
def test_dropout_masks_match_torch_cpu(name, p):
    x = rand64(*DROPOUTS[name]).float().detach().requires_grad_(True)

    def fn(lib, a):
        lib.manual_seed(11)
        return getattr(F(lib), name)(a, p, training=True)
    compare_with_torch(fn, x)


@pytest.mark.parametrize("name", sorted(DROPOUTS))
def test_dropout_eval_returns_input(name):
    x = ember.randn(*DROPOUTS[name])
    assert getattr(EF, name)(x, 0.5, training=False) is x


def test_dropout_statistics_and_scaling():
    ember.manual_seed(0)
    x = ember.ones(20000)
    out = EF.dropout(x, 0.3).cpu().numpy()
    kept = out[out != 0]
    np.testing.assert_allclose(kept, np.float32(1 / 0.7), rtol=1e-6)
    assert abs((out == 0).mean() - 0.3) < 0.02
    assert (EF.dropout(x, 1.0).cpu().numpy() == 0).all()


def test_dropout_inplace_and_errors():
    ember.manual_seed(1)
    x = ember.ones(10)
    out = EF.dropout(x, 0.5, inplace=True)
    assert out is x and (x.cpu().numpy() != 1).any()
    with pytest.raises(ValueError, match="dropout probability has to be between 0 and 1, but got "
                                         "1.5"):
        EF.dropout(x, 1.5)


@pytest.mark.parametrize("name", ["dropout", "alpha_dropout", "dropout2d"])
def test_dropout_draws_the_mask_on_the_inputs_device_whatever_the_default(name, standin):
    x = ember.ones(2, 3, 4, device="cuda")
    with ember.device("cpu"):  # the default device is not the input's
        out = getattr(EF, name)(x, 0.5)
    assert out.device == x.device


def test_dropout_gradient_is_the_mask():
    ember.manual_seed(2)
    x = rand64(50)
    out = EF.dropout(x, 0.4)
    out.sum().backward()
    np.testing.assert_allclose(x.grad.cpu().numpy(), (out / x).detach().cpu().numpy())


# --- embeddings -------------------------------------------------------------------------------

@requires_torch
@pytest.mark.parametrize("padding_idx", [None, 2, -1])
@pytest.mark.parametrize("scale", [False, True])
def test_embedding(padding_idx, scale):
    indices = np.array([[0, 2, 4], [2, 2, 1]])
    compare_with_torch(lambda lib, w: F(lib).embedding(lib.tensor(indices), w, padding_idx,
                                                       scale_grad_by_freq=scale),
                       rand64(5, 3))


@requires_torch
def test_embedding_max_norm_renormalises_in_place():
    weights = {}

    def fn(lib, w):
        table = (w * 3).detach()
        out = F(lib).embedding(lib.tensor([0, 3, 3]), table, max_norm=1.5)
        weights[lib.__name__] = table.cpu().numpy().copy()
        return out
    compare_with_torch(fn, rand64(4, 3))
    np.testing.assert_allclose(weights["ember"], weights["torch"], rtol=1e-10)


def test_embedding_max_norm_scale_formed_in_double():
    """A float32 row of norm 2 renormed to 1 is scaled by 1 / (2 + 1e-7) taken in double, so it
    comes out 0.49999997, not the 0.5 a float32 sum of norm and eps gives; the expected values
    are that double scale rounded to float32 once."""
    table = ember.tensor([[1.0, 1.0, 1.0, 1.0], [3.0, 4.0, 0.0, 0.0], [0.1, 0.2, 0.0, 0.0]])
    out = EF.embedding(ember.tensor([0, 1, 2]), table, max_norm=1.0)
    scales = np.float32(1.0 / (np.array([2.0, 5.0]) + 1e-7))
    expected = np.array([[1.0, 1.0, 1.0, 1.0], [3.0, 4.0, 0.0, 0.0]], np.float32) * scales[:, None]
    np.testing.assert_array_equal(out.cpu().numpy()[:2], expected)
    np.testing.assert_array_equal(table.cpu().numpy()[:2], expected)
    np.testing.assert_array_equal(table.cpu().numpy()[2], np.float32([0.1, 0.2, 0.0, 0.0]))
    assert out.cpu().numpy()[0, 0] != 0.5


def test_embedding_gradcheck_and_errors():
    idx = ember.tensor([[0, 2], [1, 2]])
    check_gradients(lambda w: EF.embedding(idx, w), rand64(4, 3))
    weight = rand64(4, 3)
    EF.embedding(idx, weight, padding_idx=1).sum().backward()
    np.testing.assert_array_equal(weight.grad.cpu().numpy()[1], 0)
    np.testing.assert_array_equal(weight.grad.cpu().numpy()[2], 2)
    # the CPU's check (a device marks the row NaN: tests/backend/test_device_training_paths.py)
    with pytest.raises(IndexError, match="index out of range in self"):
        EF.embedding(ember.tensor([5], device="cpu"), ember.randn(4, 3, device="cpu"))
    with pytest.raises(AssertionError, match="Padding_idx must be within num_embeddings"):
        EF.embedding(ember.tensor([1]), ember.randn(4, 3), padding_idx=4)
    with pytest.raises(RuntimeError, match="'indices' to have one of the following scalar types"):
        EF.embedding(ember.tensor([1.0]), ember.randn(4, 3))


@requires_torch
@pytest.mark.parametrize("mode", ["sum", "mean", "max"])
def test_embedding_bag_offsets(mode):
    indices = [1, 2, 4, 4, 3, 0, 1]
    offsets = [0, 3, 3, 5]
    compare_with_torch(lambda lib, w: F(lib).embedding_bag(
        lib.tensor(indices), w, lib.tensor(offsets), mode=mode), rand64(5, 3))
    compare_with_torch(lambda lib, w: F(lib).embedding_bag(
        lib.tensor([[1, 2], [4, 4], [0, 1]]), w, mode=mode, padding_idx=4), rand64(5, 3))


@requires_torch
def test_embedding_bag_per_sample_weights_and_last_offset():
    compare_with_torch(lambda lib, w, s: F(lib).embedding_bag(
        lib.tensor([1, 2, 4, 0]), w, lib.tensor([0, 2, 4]), mode="sum", per_sample_weights=s,
        include_last_offset=True), rand64(5, 3), rand64(4, seed=3))


@requires_torch
def test_embedding_bag_per_sample_weights_of_a_2d_input_are_per_index():
    # a recommender's (bags, length) history with a weight per item, padding_idx left out
    compare_with_torch(lambda lib, w, s: F(lib).embedding_bag(
        lib.tensor([[3, 1, 0], [2, 2, 0]]), w, mode="sum", per_sample_weights=s, padding_idx=0),
        rand64(5, 3), rand64(2, 3, seed=3))


def test_embedding_bag_per_sample_weights_of_a_2d_input_gradcheck():
    idx = ember.tensor([[3, 1, 0], [2, 2, 4]])
    check_gradients(lambda w, s: EF.embedding_bag(idx, w, mode="sum", per_sample_weights=s,
                                                  padding_idx=0), rand64(5, 3), rand64(2, 3))


@requires_torch
@pytest.mark.parametrize("indices, offsets, weights", [
    ([[1, 2], [3, 4]], None, ([4], "float32")),
    ([1, 2, 3], [0, 1], ([2], "float32")),
    ([1, 2, 3], [0, 1], ([3], "float64")),
    ([[1, 2], [3, 4]], None, ([2, 2], "int64")),
])
def test_embedding_bag_per_sample_weights_errors_match_torch(indices, offsets, weights):
    shape, dtype = weights
    outcomes = []
    for lib in (ember, TORCH):
        with pytest.raises((ValueError, RuntimeError)) as info:
            F(lib).embedding_bag(lib.tensor(indices), lib.ones(6, 3),
                                 None if offsets is None else lib.tensor(offsets), mode="sum",
                                 per_sample_weights=lib.ones(shape, dtype=getattr(lib, dtype)))
        outcomes.append((info.type, str(info.value).replace("torch.", "ember.")))
    assert outcomes[0] == outcomes[1]


@requires_torch
@pytest.mark.parametrize("mode", ["sum", "mean"])
@pytest.mark.parametrize("offsets", [[1, 4], [0, 5, 3], [0, 9]])
def test_embedding_bag_offsets_errors_match_torch(offsets, mode):
    # a bag that ends before it starts trips the kernel's bare check, whose message torch
    # ends with its request for a better one
    outcomes = []
    for lib in (ember, TORCH):
        with pytest.raises(RuntimeError) as info:
            F(lib).embedding_bag(lib.tensor([1, 2, 4, 5, 4, 3, 2, 9]), lib.ones(10, 3),
                                 lib.tensor(offsets), mode=mode)
        outcomes.append(str(info.value).replace("torch.", "ember."))
    assert outcomes[0] == outcomes[1]


def test_embedding_bag_gradcheck():
    idx = ember.tensor([1, 2, 4, 4, 0])
    offsets = ember.tensor([0, 2])
    for mode in ("sum", "mean", "max"):
        check_gradients(lambda w, mode=mode: EF.embedding_bag(idx, w, offsets, mode=mode),
                        rand64(5, 3))


@requires_torch
def test_one_hot():
    compare_with_torch(lambda lib, t: F(lib).one_hot(t), ember.tensor([[0, 3], [1, 1]]))
    compare_with_torch(lambda lib, t: F(lib).one_hot(t, 6), ember.tensor([0, 3]))
    with pytest.raises(RuntimeError, match="Class values must be smaller than num_classes."):
        EF.one_hot(ember.tensor([3]), 2)
    with pytest.raises(RuntimeError, match="one_hot is only applicable to index tensor"):
        EF.one_hot(ember.tensor([1.0]))


# --- distances --------------------------------------------------------------------------------

@requires_torch
@pytest.mark.parametrize("dim", [1, 0, -1])
def test_cosine_similarity(dim):
    compare_with_torch(lambda lib, a, b: F(lib).cosine_similarity(a, b, dim), rand64(3, 4),
                       rand64(3, 4, seed=1), rtol=1e-7)
    check_gradients(lambda a, b: EF.cosine_similarity(a, b, dim), rand64(3, 4),
                    rand64(3, 4, seed=1))


@requires_torch
def test_cosine_similarity_broadcast_and_zero():
    compare_with_torch(lambda lib, a, b: F(lib).cosine_similarity(a, b, -1), rand64(3, 4),
                       rand64(4, seed=1))
    compare_with_torch(lambda lib, a, b: F(lib).cosine_similarity(a, b, 0),
                       ember.zeros(3, dtype=ember.float64, requires_grad=True), rand64(3))


@requires_torch
@pytest.mark.parametrize("p", [1.0, 2.0, 3.0, math.inf])
def test_pairwise_distance_and_pdist(p):
    compare_with_torch(lambda lib, a, b: F(lib).pairwise_distance(a, b, p), rand64(3, 4),
                       rand64(3, 4, seed=1), rtol=1e-7)
    compare_with_torch(lambda lib, a, b: F(lib).pairwise_distance(a, b, p, keepdim=True),
                       rand64(3, 4), rand64(4, seed=1), rtol=1e-7)
    compare_with_torch(lambda lib, a: F(lib).pdist(a, p), rand64(4, 3), rtol=1e-7)
    check_gradients(lambda a: EF.pdist(a, p), rand64(4, 3), second_order=p != math.inf)


@requires_torch
@pytest.mark.parametrize("p", [1.0, 2.0, 0.5])
@pytest.mark.parametrize("rows", [3, 30])
def test_cdist(p, rows):
    # Past 25 rows PyTorch computes p=2 through matrix products, a different graph.
    compare_with_torch(lambda lib, a, b: lib.cdist(a, b, p), rand64(rows, 4),
                       rand64(5, 4, seed=1), rtol=1e-6)
    compare_with_torch(lambda lib, a, b: lib.cdist(a, b, p), rand64(2, 3, 4),
                       rand64(2, 5, 4, seed=1), rtol=1e-7)


@requires_torch
@pytest.mark.parametrize("mode", ["use_mm_for_euclid_dist",
                                  "use_mm_for_euclid_dist_if_necessary",
                                  "donot_use_mm_for_euclid_dist"])
def test_cdist_matrix_product_path_graph_matches_torch(mode):
    # The product path is its own node (EuclideanDistBackward0) under a view, batched inputs
    # broadcast first; its backward is ordinary ops, so a second derivative exists.
    for rows, x2 in ((3, rand64(5, 4, seed=1)), (30, rand64(5, 4, seed=1)),
                     (3, rand64(1, 5, 4, seed=1))):
        x1 = rand64(2, rows, 4) if x2.dim() == 3 else rand64(rows, 4)
        compare_with_torch(lambda lib, a, b: lib.cdist(a, b, compute_mode=mode), x1, x2,
                           rtol=1e-7)
        chains = []
        for lib in (ember, TORCH):
            a, b = (lib.tensor(t.detach().cpu().numpy(), requires_grad=True) for t in (x1, x2))
            out = lib.cdist(a, b, compute_mode=mode)
            chains.append([type(out.grad_fn).__name__] +
                          [type(f).__name__ for f, _ in out.grad_fn.next_functions])
            if mode == "use_mm_for_euclid_dist" or mode.endswith("necessary") and rows > 25:
                ga, = lib.autograd.grad(out.pow(3).sum(), a, create_graph=True)
                chains[-1].append(type(ga.grad_fn).__name__)
                chains[-1].append(lib.autograd.grad(ga.sum(), b)[0].detach().cpu().numpy())
        assert len(chains[0]) == len(chains[1])
        if len(chains[0]) == 4:
            np.testing.assert_allclose(chains[0].pop(), chains[1].pop(), rtol=1e-7, atol=1e-12)
        assert chains[0] == chains[1]


def test_cdist_matrix_product_path_gradcheck():
    check_gradients(lambda a, b: ember.cdist(a, b, compute_mode="use_mm_for_euclid_dist"),
                    rand64(3, 4), rand64(5, 4, seed=1))
    check_gradients(lambda a, b: ember.cdist(a, b, compute_mode="use_mm_for_euclid_dist"),
                    rand64(2, 3, 4), rand64(1, 5, 4, seed=1))


@requires_torch
def test_cdist_matrix_product_path_distance_to_itself_is_zero():
    # A point's distance to itself is 0 on the product path (not the square root of a clamp
    # floor). Small integer coordinates make every partial sum exact, whatever order BLAS adds
    # in (with general floats torch itself leaves ~1e-8 on some diagonal entries).
    x = ember.tensor(np.random.default_rng(0).integers(-5, 6, (30, 4)), dtype=ember.float64)
    outs = []
    for lib in (ember, TORCH):
        a = lib.tensor(x.detach().cpu().numpy(), requires_grad=True)
        d = lib.cdist(a, a)
        d.sum().backward()
        outs.append((d.diagonal().detach().cpu().numpy(), a.grad.cpu().numpy()))
    assert (outs[0][0] == 0).all() and (outs[1][0] == 0).all()
    np.testing.assert_allclose(outs[0][1], outs[1][1], rtol=1e-9, atol=1e-12)


def test_cdist_gradcheck_and_errors():
    # torch declares no double backward for cdist (tests/test_names_fidelity.py checks the error).
    check_gradients(lambda a, b: ember.cdist(a, b), rand64(3, 4), rand64(5, 4, seed=1),
                    second_order=False)
    with pytest.raises(RuntimeError, match="X1 and X2 must have the same number of columns. "
                                           "X1: 4 X2: 3"):
        ember.cdist(ember.randn(3, 4), ember.randn(2, 3))


# --- attention --------------------------------------------------------------------------------

@requires_torch
@pytest.mark.parametrize("mask", [None, "bool", "float", "causal"])
def test_scaled_dot_product_attention(mask):
    rng = np.random.default_rng(0)
    bool_mask = rng.uniform(size=(3, 5)) > 0.3
    bool_mask[:, 0] = True
    float_mask = rng.standard_normal((3, 5))

    def fn(lib, q, k, v):
        kwargs = {}
        if mask == "bool":
            kwargs["attn_mask"] = lib.tensor(bool_mask)
        elif mask == "float":
            kwargs["attn_mask"] = lib.tensor(float_mask)
        elif mask == "causal":
            kwargs["is_causal"] = True
        return F(lib).scaled_dot_product_attention(q, k, v, **kwargs)
    for scale in (None, 0.3):
        compare_with_torch(lambda lib, q, k, v, scale=scale: fn(lib, q, k, v) if scale is None
                           else F(lib).scaled_dot_product_attention(q, k, v, scale=scale),
                           rand64(2, 2, 3, 4), rand64(2, 2, 5, 4, seed=1),
                           rand64(2, 2, 5, 6, seed=2), rtol=1e-7, check_grad_fn=False)


@requires_torch
def test_sdpa_grouped_query():
    compare_with_torch(lambda lib, q, k, v: F(lib).scaled_dot_product_attention(
        q, k, v, enable_gqa=True), rand64(1, 4, 3, 4), rand64(1, 2, 5, 4, seed=1),
        rand64(1, 2, 5, 4, seed=2), rtol=1e-7, check_grad_fn=False)


@requires_torch
def test_sdpa_grouped_query_key_and_value_heads_apart():
    # Key and value may have different head counts, each dividing the query's.
    compare_with_torch(lambda lib, q, k, v: F(lib).scaled_dot_product_attention(
        q, k, v, enable_gqa=True), rand64(1, 4, 3, 4), rand64(1, 2, 5, 4, seed=1),
        rand64(1, 1, 5, 4, seed=2), rtol=1e-7, check_grad_fn=False)


@requires_torch
@pytest.mark.parametrize("heads", [(3, 2, 2), (4, 4, 3), (2, 4, 4)])
def test_sdpa_grouped_query_refuses_heads_that_do_not_divide(heads):
    def call(lib):
        q, k, v = (lib.ones(1, n, 2, 4) for n in heads)
        return F(lib).scaled_dot_product_attention(q, k, v, enable_gqa=True)
    with pytest.raises(RuntimeError) as theirs:
        call(TORCH)
    with pytest.raises(RuntimeError) as ours:
        call(ember)
    assert str(ours.value) == str(theirs.value)


@requires_torch
@pytest.mark.parametrize("dtypes, query_shape", [
    (("float64", "float32", "float32"), (2, 4)),
    (("float32", "float32", "float16"), (2, 4)),
    (("bfloat16", "complex64", "float32"), (2, 4)),
    (("float64", "float32", "float32"), (4,)),  # the dtypes are checked before the ranks
])
def test_sdpa_refuses_mixed_dtypes_as_torch(dtypes, query_shape):
    def call(lib):
        shapes = (query_shape, (3, 4), (3, 4))
        q, k, v = (lib.zeros(shape, dtype=getattr(lib, dtype))
                   for shape, dtype in zip(shapes, dtypes))
        return F(lib).scaled_dot_product_attention(q, k, v)
    with pytest.raises(RuntimeError) as theirs:
        call(TORCH)
    with pytest.raises(RuntimeError) as ours:
        call(ember)
    assert str(ours.value) == str(theirs.value)


def test_sdpa_gradcheck():
    check_gradients(lambda q, k, v: EF.scaled_dot_product_attention(q, k, v, is_causal=True),
                    rand64(2, 3, 4), rand64(2, 3, 4, seed=1), rand64(2, 3, 2, seed=2))


@requires_torch
@pytest.mark.parametrize("mask_kind", ["bool", "float"])
def test_sdpa_fused_kernel_takes_mask_and_is_causal_together(mask_kind):
    # PyTorch's fused CPU kernel (4-D inputs, no dropout) masks what either the mask or the
    # causal triangle masks, keys longer than queries included.
    generator = np.random.default_rng(5)
    mask = generator.random((5, 7)) > 0.3 if mask_kind == "bool" else generator.random((5, 7))
    mask[:, 0] = True if mask_kind == "bool" else mask[:, 0]
    compare_with_torch(lambda lib, q, k, v, m: F(lib).scaled_dot_product_attention(
        q, k, v, attn_mask=m, is_causal=True), rand64(2, 2, 5, 4), rand64(2, 2, 7, 4, seed=1),
        rand64(2, 2, 7, 4, seed=2), ember.tensor(mask), rtol=1e-7, check_grad_fn=False)


def test_sdpa_fused_mask_and_causal_gradcheck():
    mask = ember.tensor(np.random.default_rng(6).random((4, 4)))
    check_gradients(lambda q, k, v: EF.scaled_dot_product_attention(
        q, k, v, attn_mask=mask, is_causal=True), rand64(1, 2, 4, 3),
        rand64(1, 2, 4, 3, seed=1), rand64(1, 2, 4, 3, seed=2))


@requires_torch
@pytest.mark.parametrize("case", ["3-D", "dropout", "mask needs grad"])
def test_sdpa_math_kernel_refuses_mask_with_is_causal(case):
    def call(lib):
        q = lib.ones(2, 5, 4) if case == "3-D" else lib.ones(1, 2, 5, 4)
        mask = lib.zeros(5, 5, requires_grad=case == "mask needs grad")
        return F(lib).scaled_dot_product_attention(q, q, q, attn_mask=mask, is_causal=True,
                                                   dropout_p=0.5 if case == "dropout" else 0.0)
    with pytest.raises(RuntimeError) as theirs:
        call(TORCH)
    with pytest.raises(RuntimeError) as ours:
        call(ember)
    assert str(ours.value) == str(theirs.value)


# --- padding ----------------------------------------------------------------------------------

PADS = [("constant", (1, 2), (2, 3, 4)), ("constant", (1, 0, -1, 2), (2, 3, 4)),
        ("reflect", (2, 1), (2, 3, 4)), ("reflect", (1, 2, 2, 0), (1, 2, 3, 4)),
        ("replicate", (2, 3), (2, 3, 4)), ("replicate", (1, 1, 2, 0), (1, 2, 3, 4)),
        ("replicate", (1, 1, 1, 0, 0, 2), (1, 1, 2, 3, 2)),
        ("circular", (1, 2), (2, 3, 4)), ("circular", (2, 1, 1, 1), (1, 2, 3, 4))]


@requires_torch
@pytest.mark.parametrize("mode,amounts,shape", PADS)
def test_pad(mode, amounts, shape):
    compare_with_torch(lambda lib, x: F(lib).pad(x, amounts, mode=mode), rand64(*shape),
                       check_grad_fn=mode != "circular")
    check_gradients(lambda x: EF.pad(x, amounts, mode=mode), rand64(*shape))


@requires_torch
def test_pad_constant_value():
    compare_with_torch(lambda lib, x: F(lib).pad(x, (1, 1, 2, 0), value=-3.5), rand64(2, 3))


def test_pad_errors():
    with pytest.raises(RuntimeError, match="Padding length must be divisible by 2"):
        EF.pad(ember.randn(2, 3), (1,))
    with pytest.raises(RuntimeError, match=r"Padding size should be less than the corresponding "
                                           r"input dimension, but got: padding \(3, 3\) at "
                                           r"dimension 2 of input \[1, 3, 2\]"):
        EF.pad(ember.randn(1, 3, 2), (3, 3), mode="reflect")


def test_functional_namespace_has_torch_names():
    names = ["relu", "gelu", "softmax", "cross_entropy", "layer_norm", "linear", "dropout",
             "embedding", "pad", "scaled_dot_product_attention", "one_hot", "normalize"]
    for name in names:
        assert callable(getattr(EF, name))


@requires_torch
@pytest.mark.parametrize("groups", [1, 2, 3])
def test_channel_shuffle(groups):
    compare_with_torch(lambda lib, x: F(lib).channel_shuffle(x, groups), rand64(2, 6, 2))
    check_gradients(lambda x: EF.channel_shuffle(x, groups), rand64(1, 6, 2))


def test_channel_shuffle_errors():
    with pytest.raises(RuntimeError, match="Got 5 channels and 2 groups."):
        EF.channel_shuffle(ember.randn(1, 5, 2), 2)
    with pytest.raises(RuntimeError, match=r"expects input with > 2 dims, but got input with "
                                           r"sizes \[1, 6\]"):
        EF.channel_shuffle(ember.randn(1, 6), 2)


def _mha_inputs(batched=True, kdim=4):
    shape = (3, 2, 4) if batched else (3, 4)
    key_shape = (5, 2, kdim) if batched else (5, kdim)
    return (rand64(*shape), rand64(*key_shape, seed=1), rand64(*key_shape, seed=2),
            rand64(12, 4, seed=3), rand64(12, seed=4), rand64(4, 4, seed=5), rand64(4, seed=6))


@requires_torch
@pytest.mark.parametrize("batched", [True, False])
@pytest.mark.parametrize("average", [True, False])
@pytest.mark.parametrize("masks", ["none", "bool", "float_padding"])
def test_multi_head_attention_forward(batched, average, masks):
    rng = np.random.default_rng(0)
    attn_bool = rng.uniform(size=(3, 5)) > 0.7
    attn_bool[:, 0] = False
    padding = np.zeros((2, 5) if batched else (5,), bool)
    padding[..., -1] = True

    def fn(lib, q, k, v, w_in, b_in, w_out, b_out):
        kwargs = {}
        if masks == "bool":
            kwargs["attn_mask"] = lib.tensor(attn_bool)
        elif masks == "float_padding":
            kwargs["attn_mask"] = lib.tensor(np.where(attn_bool, -2.0, 0.5))
            kwargs["key_padding_mask"] = lib.tensor(padding)
        return F(lib).multi_head_attention_forward(
            q, k, v, 4, 2, w_in, b_in, None, None, False, 0.0, w_out, b_out,
            average_attn_weights=average, **kwargs)
    compare_with_torch(fn, *_mha_inputs(batched), rtol=1e-7, check_grad_fn=False)


@requires_torch
def test_multi_head_attention_bias_kv_zero_attn_no_weights():
    bias_k, bias_v = rand64(1, 1, 4, seed=8), rand64(1, 1, 4, seed=9)

    def fn(lib, q, k, v, w_in, b_in, w_out, b_out, bk, bv):
        out, weights = F(lib).multi_head_attention_forward(
            q, k, v, 4, 2, w_in, b_in, bk, bv, True, 0.0, w_out, b_out, need_weights=False)
        assert weights is None
        return out
    compare_with_torch(fn, *_mha_inputs(), bias_k, bias_v, rtol=1e-7, check_grad_fn=False)


@cpu_only(CPU_RNG)
@requires_torch
@pytest.mark.parametrize("hard", [False, True])
def test_gumbel_softmax_matches_torch_with_seed(hard):
    def fn(lib, logits):
        lib.manual_seed(5)
        return F(lib).gumbel_softmax(logits, tau=0.7, hard=hard)
    compare_with_torch(fn, rand64(3, 6).float().detach().requires_grad_(True),
                       check_grad_fn=False)


def test_embedding_bag_errors():
    with pytest.raises(RuntimeError, match=r"offsets\[0\] has to be 0, i.e., the first sequence "
                                           r"in the mini-batch has to start from position 0. "
                                           r"However, got 1"):
        EF.embedding_bag(ember.tensor([1, 2, 3]), ember.randn(5, 2), ember.tensor([1, 2]))
    with pytest.raises(NotImplementedError, match="per_sample_weights is only supported for "
                                                  "mode='sum'"):
        EF.embedding_bag(ember.tensor([[1, 2]]), ember.randn(5, 2), mode="mean",
                         per_sample_weights=ember.ones(1, 2))


CDIST_DTYPES = {
    "float_double": lambda t, a: t.cdist(a, a.double()),
    "double_float": lambda t, a: t.cdist(a.double(), a),
    "half_float": lambda t, a: t.cdist(a.half(), a),
    "float_half": lambda t, a: t.cdist(a, a.half()),
    "half": lambda t, a: t.cdist(a.half(), a.half()),
    "bfloat16_p1": lambda t, a: t.cdist(a.bfloat16(), a.bfloat16(), p=1),
    "half_forced_mm": lambda t, a: t.cdist(a.half(), a.half(),
                                           compute_mode="use_mm_for_euclid_dist"),
    "pdist_half": lambda t, a: t.nn.functional.pdist(a.half()),
    "pdist_bfloat16": lambda t, a: t.nn.functional.pdist(a.bfloat16()),
}


@requires_torch
@pytest.mark.parametrize("rows", [3, 30])  # elementwise kernel / matrix-product path
@pytest.mark.parametrize("name", sorted(CDIST_DTYPES))
def test_cdist_and_pdist_dtypes_as_torch(name, rows):
    # torch's elementwise cdist and pdist take no half type and no second dtype; its matrix
    # path takes half but refuses two dtypes (ember promoted, and computed in half)
    if "bfloat16" in name:
        pytest.importorskip("ml_dtypes")

    def outcome(lib):
        a = lib.arange(rows * 2, dtype=lib.float32).reshape(rows, 2) / 7
        try:
            out = CDIST_DTYPES[name](lib, a)
        except (RuntimeError, NotImplementedError) as error:
            return type(error).__name__, str(error)
        return str(out.dtype).split(".")[1], out.shape
    assert outcome(ember) == outcome(TORCH)


# Distances between points that share coordinates: torch's distance kernels take the gradient
# of a zero coordinate difference as 0 for every p (below p = 2 the formula is infinite or
# undefined there), and for p = inf give each coordinate tied for the largest difference the
# whole gradient (cdist, pdist; a norm, pairwise_distance included, splits it among ties).
@requires_torch
@pytest.mark.parametrize("p", [0.0, 0.5, 1.0, 1.5, 3.0, math.inf])
def test_distance_gradients_at_shared_coordinates_and_ties(p):
    pts = [[0.0, 1.0], [0.0, 1.0], [2.0, 3.0], [1.0, 1.0]]

    def leaf(rows):
        return ember.tensor(rows, dtype=ember.float64, requires_grad=True)

    compare_with_torch(lambda lib, x, y: lib.cdist(x, y, p), leaf(pts),
                       leaf([[0.0, 1.0], [1.0, 3.0]]), rtol=1e-12, atol=1e-12)
    compare_with_torch(lambda lib, x: F(lib).pdist(x, p), leaf(pts), rtol=1e-12, atol=1e-12)
    if p != 0:  # pairwise_distance's p = 0 has no gradient (checked below)
        other = ember.tensor(pts[::-1], dtype=ember.float64)
        compare_with_torch(lambda lib, x, y: F(lib).pairwise_distance(x, y, p, eps=0.0),
                           leaf(pts), other, rtol=1e-12, atol=1e-12)


@requires_torch
def test_pairwise_distance_zero_order_leaves_grad_none():
    for lib in (ember, TORCH):
        x = lib.tensor([[0.0, 1.0], [2.0, 0.0]], dtype=lib.float64, requires_grad=True)
        F(lib).pairwise_distance(x, lib.zeros(2, 2, dtype=lib.float64), 0).sum().backward()
        assert x.grad is None


@pytest.mark.parametrize("p", [0.5, 1.5])
def test_distances_fractional_p_gradcheck(p):
    check_gradients(lambda a, b: ember.cdist(a, b, p), rand64(3, 4), rand64(2, 4, seed=1),
                    second_order=False)
    check_gradients(lambda a: EF.pdist(a, p), rand64(4, 3), second_order=False)
    check_gradients(lambda a, b: EF.pairwise_distance(a, b, p), rand64(3, 4),
                    rand64(3, 4, seed=1))


@requires_torch
@pytest.mark.parametrize("rows, p", [(3, 2.0), (3, 1.0), (30, 2.0)])
def test_cdist_forward_ad_raises_as_in_torch(rows, p):
    # torch has no forward derivative for cdist (_cdist_forward, or _euclidean_dist for the
    # matmul kernel of larger inputs); ember raised its double-backward error instead
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((rows, 2)), rng.standard_normal((rows + 1, 2))
    messages = []
    for lib in (ember, TORCH):
        x1, x2 = lib.tensor(a), lib.tensor(b)
        with pytest.raises(NotImplementedError) as info:
            lib.func.jvp(lambda t, lib=lib, x2=x2: lib.cdist(t, x2, p=p), (x1,), (x1,))
        messages.append(str(info.value))
    assert messages[0] == messages[1]
