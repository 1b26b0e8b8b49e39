"""Statistics and data handling against torch: quantiles (every interpolation), cov/corrcoef,
diff, gradient, trapezoid rules, histograms, isin, index helpers, combinations, dist, inner,
vdot, diagflat, renorm, put; gradients where torch has them."""
from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import TORCH, check_gradients, compare_with_torch, requires_torch

import ember

NAN = math.nan
INTERPOLATIONS = ["linear", "lower", "higher", "midpoint", "nearest"]


def _data(*shape, seed=0):
    return np.random.default_rng(seed).normal(size=shape)


def _leaf(array, dtype=None):
    return ember.tensor(array, dtype=dtype or ember.float64, requires_grad=True)


@requires_torch
@pytest.mark.parametrize("interpolation", INTERPOLATIONS)
@pytest.mark.parametrize("name", ["quantile", "nanquantile"])
@pytest.mark.parametrize("dim,keepdim", [(None, False), (None, True), (0, False), (1, True),
                                         (-1, False)])
def test_quantile_matches_torch(name, interpolation, dim, keepdim):
    x = _data(4, 5)
    x[1, 2] = NAN
    x[3, :] = NAN
    for q in (0.3, 0.0, 1.0, [0.1, 0.5, 0.75]):
        ours = getattr(ember, name)(ember.tensor(x), ember.tensor(q, dtype=ember.float64)
                                    if isinstance(q, list) else q, dim, keepdim,
                                    interpolation=interpolation)
        theirs = getattr(TORCH, name)(TORCH.tensor(x), TORCH.tensor(q, dtype=TORCH.float64)
                                      if isinstance(q, list) else q, dim, keepdim,
                                      interpolation=interpolation)
        assert tuple(ours.shape) == tuple(theirs.shape)
        np.testing.assert_allclose(ours.cpu().numpy(), theirs.cpu().numpy(), rtol=1e-12,
                                   equal_nan=True)
    clean = _data(3, 6, seed=1)
    compare_with_torch(lambda lib, t: getattr(lib, name)(t, 0.4, dim, keepdim,
                                                         interpolation=interpolation),
                       _leaf(clean), rtol=1e-12, check_grad_fn=False)


def test_quantile_gradcheck_and_errors():
    check_gradients(lambda t: ember.quantile(t, ember.tensor([0.2, 0.7], dtype=ember.float64),
                                             1), _leaf(_data(3, 5)))
    x = ember.ones(3)
    with pytest.raises(RuntimeError, match=r"q must be in the range \[0, 1\] but got 1.5"):
        ember.quantile(x, 1.5)
    with pytest.raises(RuntimeError, match=r"q values must be in the range \[0, 1\]"):
        ember.quantile(x, ember.tensor([1.5]))
    with pytest.raises(RuntimeError, match="interpolation must be one of linear"):
        ember.quantile(x, 0.5, interpolation="cubic")
    with pytest.raises(RuntimeError, match="input tensor must be either float or double"):
        ember.quantile(ember.tensor([1, 2]), 0.5)
    with pytest.raises(RuntimeError, match="q tensor must be same dtype as the input"):
        ember.quantile(x, ember.tensor([0.5], dtype=ember.float64))


@requires_torch
@pytest.mark.parametrize("name", ["quantile", "nanquantile"])
@pytest.mark.parametrize("call", ["m.{}(x, 1.5)", "m.{}(x, m.tensor([[0.5]]))",
                                  "m.{}(x, 0.5, interpolation='cubic')",
                                  "m.{}(x.int(), 0.5)",
                                  "m.{}(x, m.tensor([0.5], dtype=m.float64))"])
def test_quantile_error_messages_match_torch(name, call):
    def run(m):
        x = m.tensor([1.0, 7.0, 3.0])
        eval(call.format(name), {"m": m, "x": x})
    with pytest.raises(Exception) as theirs:
        run(TORCH)
    with pytest.raises(type(theirs.value)) as ours:
        run(ember)
    assert str(ours.value) == str(theirs.value)


@requires_torch
@pytest.mark.parametrize("name, call", [("quantile", "m.{}(big, 0.5, dim=0)"),
                                        ("nanquantile", "m.{}(big.t(), 0.5, dim=-1)"),
                                        ("quantile", "m.{}(big, 1.5, dim=0)")])
def test_quantile_refuses_more_than_2_to_the_24_values_as_torch(name, call):
    # torch counts the values in float32: more than 2**24 along the reduced dim it refuses
    # (after checking q); an expanded view keeps the test light
    def run(m):
        big = m.zeros(1, 3).expand(2 ** 24 + 1, 3)
        eval(call.format(name), {"m": m, "big": big})
    with pytest.raises(RuntimeError) as theirs:
        run(TORCH)
    with pytest.raises(RuntimeError) as ours:
        run(ember)
    assert str(ours.value) == str(theirs.value)


@requires_torch
@pytest.mark.parametrize("correction", [0, 1, 2])
def test_cov_and_corrcoef_match_torch(correction):
    x = _data(3, 6, seed=2)
    fweights = np.array([1, 2, 1, 3, 1, 1])
    aweights = np.abs(_data(6, seed=3)) + 0.1

    def compare(fn):
        compare_with_torch(fn, _leaf(x), rtol=1e-10, check_grad_fn=False)
    compare(lambda lib, t: lib.cov(t, correction=correction))
    compare(lambda lib, t: lib.cov(t, correction=correction,
                                   fweights=lib.tensor(fweights)))
    compare(lambda lib, t: lib.cov(t, correction=correction, aweights=lib.tensor(aweights)))
    compare(lambda lib, t: lib.cov(t, correction=correction, fweights=lib.tensor(fweights),
                                   aweights=lib.tensor(aweights)))
    compare(lambda lib, t: lib.cov(t[0], correction=correction))
    compare(lambda lib, t: lib.corrcoef(t))
    compare(lambda lib, t: t.corrcoef())
    check_gradients(lambda t: ember.cov(t, correction=correction), _leaf(x))
    with pytest.raises(RuntimeError, match="fweights cannot be negative"):
        ember.cov(ember.tensor(x), fweights=ember.tensor([1, -1, 1, 1, 1, 1]))
    with pytest.warns(UserWarning, match="degrees of freedom is <= 0"):
        ember.cov(ember.ones(2, 1))


@requires_torch
@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("dim", [0, -1])
def test_diff_matches_torch(n, dim):
    x = _data(4, 5, seed=4)
    compare_with_torch(lambda lib, t: lib.diff(t, n, dim), _leaf(x), rtol=1e-12,
                       check_grad_fn=False)
    compare_with_torch(lambda lib, t, p: t.diff(n, dim, prepend=p, append=p),
                       _leaf(x), _leaf(_data(4, 5, seed=5)[:1] if dim == 0 else
                                       _data(4, 1, seed=5)), rtol=1e-12, check_grad_fn=False)
    bools = [True, False, False, True, True]
    assert ember.diff(ember.tensor(bools)).tolist() == TORCH.diff(TORCH.tensor(bools)).tolist()
    ints = [3, 1, 4, 1, 5, 9]
    assert ember.diff(ember.tensor(ints), n).tolist() == \
        TORCH.diff(TORCH.tensor(ints), n).tolist()


@requires_torch
@pytest.mark.parametrize("edge_order", [1, 2])
def test_gradient_matches_torch(edge_order):
    x = _data(4, 5, seed=6)
    coordinates = np.cumsum(np.abs(_data(5, seed=7)) + 0.2)
    cases = [{}, {"spacing": 0.5}, {"dim": 1}, {"spacing": [2.0], "dim": 0},
             {"spacing": (ember.tensor(coordinates),), "dim": 1}]
    for kwargs in cases:
        ours = ember.gradient(_leaf(x), edge_order=edge_order, **kwargs)
        torch_kwargs = {k: (tuple(TORCH.tensor(c.cpu().numpy()) for c in v) if k == "spacing" and
                            isinstance(v, tuple) else v) for k, v in kwargs.items()}
        theirs = TORCH.gradient(TORCH.tensor(x), edge_order=edge_order, **torch_kwargs)
        assert len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            np.testing.assert_allclose(a.detach().cpu().numpy(), b.cpu().numpy(), rtol=1e-10,
                                       atol=1e-12)
    check_gradients(lambda t: ember.gradient(t, edge_order=edge_order), _leaf(x))
    with pytest.raises(RuntimeError, match="at least edge_order\\+1"):
        ember.gradient(ember.ones(2, 1))


@requires_torch
def test_gradient_spacing_forms_and_errors_match_torch():
    z = _data(3, 4, seed=10)
    y = _data(7, seed=11)

    def both(call):
        """call(lib, Z, Y) under ember and torch: the same tensors, or the same error."""
        outcomes = []
        for lib in (ember, TORCH):
            try:
                result = call(lib, lib.tensor(z), lib.tensor(y))
                outcomes.append([t.detach().cpu().numpy() for t in result])
            except (RuntimeError, TypeError) as err:
                outcomes.append((type(err), str(err).replace("torch.", "ember.")))
        ours, theirs = outcomes
        if isinstance(theirs, tuple):
            assert ours == theirs
        else:
            assert len(ours) == len(theirs)
            for a, b in zip(ours, theirs):
                np.testing.assert_allclose(a, b, rtol=1e-12)

    both(lambda lib, Z, Y: lib.gradient(Y, spacing=lib.tensor(0.5)))  # a 0-dim tensor: a number
    both(lambda lib, Z, Y: lib.gradient(Z, spacing=lib.tensor(2.0), dim=1))
    both(lambda lib, Z, Y: lib.gradient(Y, spacing=lib.arange(7.0)))  # not a sequence
    both(lambda lib, Z, Y: lib.gradient(Z, spacing=[1.0, 2.0, 3.0]))  # dim not given
    both(lambda lib, Z, Y: lib.gradient(Z, spacing=[1.0]))
    both(lambda lib, Z, Y: lib.gradient(Z, spacing=[1.0, 2.0], dim=1))
    both(lambda lib, Z, Y: lib.gradient(Z, spacing=[lib.tensor(2.0), lib.tensor(1.0)]))
    both(lambda lib, Z, Y: lib.gradient(Z, spacing=(lib.ones(3, 1), lib.ones(4))))
    both(lambda lib, Z, Y: lib.gradient(Y, spacing=(lib.arange(5.0),)))  # coordinates too few
    both(lambda lib, Z, Y: lib.gradient(Z, spacing=(lib.arange(3.0), lib.arange(5.0))))
    both(lambda lib, Z, Y: lib.gradient(Z, dim=(1, 1)))
    both(lambda lib, Z, Y: lib.gradient(Y, edge_order=3))


@requires_torch
def test_diff_of_order_zero_is_a_copy_of_the_input():
    x = _leaf(_data(5, seed=12))
    for kwargs in ({}, {"prepend": ember.zeros(2, dtype=ember.float64)}):  # prepend unused
        out = ember.diff(x, n=0, **kwargs)
        assert out is not x and type(out.grad_fn).__name__ == "CopyBackwards"
        reference = TORCH.diff(TORCH.tensor(_data(5, seed=12)), n=0,
                               **{k: TORCH.zeros(2, dtype=TORCH.float64) for k in kwargs})
        np.testing.assert_array_equal(out.detach().cpu().numpy(), reference.numpy())
    check_gradients(lambda t: ember.diff(t, n=0), x)


@requires_torch
@pytest.mark.parametrize("name", ["trapezoid", "trapz", "cumulative_trapezoid"])
def test_trapezoid_rules_match_torch(name):
    y = _data(3, 5, seed=8)
    x = np.cumsum(np.abs(_data(5, seed=9)))
    fn = getattr(ember, name)
    compare_with_torch(lambda lib, t: getattr(lib, name)(t), _leaf(y), rtol=1e-12,
                       check_grad_fn=False)
    compare_with_torch(lambda lib, t: getattr(lib, name)(t, dim=0), _leaf(y), rtol=1e-12,
                       check_grad_fn=False)
    compare_with_torch(lambda lib, t, s: getattr(lib, name)(t, s), _leaf(y), _leaf(x),
                       rtol=1e-12, check_grad_fn=False)
    compare_with_torch(lambda lib, t: getattr(lib, name)(t, dx=0.3), _leaf(y), rtol=1e-12,
                       check_grad_fn=False)
    check_gradients(lambda t, s: fn(t, s), _leaf(y), _leaf(x))
    empty = fn(ember.ones(2, 0))
    assert tuple(empty.shape) == tuple(getattr(TORCH, name)(TORCH.ones(2, 0)).shape)


INTEGER_TRAPEZOID_CALLS = {
    "no x": lambda lib, y, x: (y,), "dx int": lambda lib, y, x: (y, {"dx": 2}),
    "dx float": lambda lib, y, x: (y, {"dx": 0.5}), "dx tensor": lambda lib, y, x: (
        y, {"dx": lib.tensor(2.0)}), "int x": lambda lib, y, x: (y, x),
    "half x": lambda lib, y, x: (y, x.half()), "float y int x": lambda lib, y, x: (y.double(), x),
    "empty": lambda lib, y, x: (y[:0],), "empty x": lambda lib, y, x: (y[:0], x[:0]),
    "bool y": lambda lib, y, x: (y.bool(),), "bool y with x": lambda lib, y, x: (y.bool(), x),
    "bool x": lambda lib, y, x: (y, x.bool()), "number as x": lambda lib, y, x: (y, 3.0),
}


@requires_torch
@pytest.mark.parametrize("name", ["trapezoid", "trapz", "cumulative_trapezoid"])
@pytest.mark.parametrize("call", list(INTEGER_TRAPEZOID_CALLS), ids=str)
def test_trapezoid_rules_of_integer_and_bool_samples_as_torch(name, call):
    # Integer samples are integrated in the default float dtype (the halves promote them): a
    # sum kept in integers truncated each half (14 for [1, 2, 4, 7], torch 10.0, and a running
    # integral of zeros); bool samples, and a number in x's place, are refused.
    results = []
    for lib in (ember, TORCH):
        y, x = lib.tensor([1, 2, 4, 7, 11]), lib.tensor([0, 1, 3, 4, 6])
        args = INTEGER_TRAPEZOID_CALLS[call](lib, y, x)
        kwargs = args[-1] if isinstance(args[-1], dict) else {}
        try:
            out = getattr(lib, name)(*(a for a in args if not isinstance(a, dict)), **kwargs)
            results.append((str(out.dtype).split(".")[1], out.tolist()))
        except (RuntimeError, TypeError) as error:
            results.append((type(error), str(error).replace("torch.", "ember.")))
    assert results[0] == results[1]


@requires_torch
@pytest.mark.parametrize("name", ["trapezoid", "cumulative_trapezoid"])
@pytest.mark.parametrize("shapes", [((3,), (1, 3)), ((2, 3), (3,)), ((3, 2), (3, 1)),
                                    ((2, 3), (1, 3)), ((2, 2, 3), (2, 3)), ((2, 3), (4, 2, 3))],
                         ids=str)
@pytest.mark.parametrize("dim", [-1, 0, 1])
def test_trapezoid_x_of_other_dims_broadcasts_as_torch(name, shapes, dim):
    # The widths are taken along y's axis of x itself (x padded with leading ones when it has
    # fewer dims): values, or the same error, as torch.
    y_shape, x_shape = shapes
    y = _data(*y_shape, seed=12)
    x = np.cumsum(np.abs(_data(*x_shape, seed=13)), axis=-1)
    results = []
    for lib in (ember, TORCH):
        try:
            out = getattr(lib, name)(lib.tensor(y), lib.tensor(x), dim=dim)
            results.append((tuple(out.shape), out.cpu().numpy()))
        except (RuntimeError, IndexError) as error:
            results.append((type(error), str(error)))
    if isinstance(results[1][1], str):
        assert results[0] == results[1]
    else:
        assert results[0][0] == results[1][0]
        np.testing.assert_allclose(results[0][1], results[1][1], rtol=1e-12)


@requires_torch
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_histogram_matches_torch(dtype):
    x = _data(50, seed=10)
    weights = np.abs(_data(50, seed=11))
    for kwargs in ({"bins": 7}, {"bins": 4, "range": (-1.0, 1.0)}, {"bins": 5, "density": True}):
        ours = ember.histogram(ember.tensor(x, dtype=getattr(ember, dtype)), **kwargs)
        theirs = TORCH.histogram(TORCH.tensor(x, dtype=getattr(TORCH, dtype)), **kwargs)
        np.testing.assert_allclose(ours.hist.cpu().numpy(), theirs.hist.cpu().numpy(), rtol=1e-6)
        # (float32 edges from the two linspace kernels may differ in the last place)
        np.testing.assert_allclose(ours.bin_edges.cpu().numpy(), theirs.bin_edges.cpu().numpy(),
                                   rtol=3e-7,
                                   atol=3e-7)
        assert ours.hist.dtype == getattr(ember, dtype)
    edges = np.array([-2.0, -0.5, 0.0, 3.0])
    ours = ember.histogram(ember.tensor(x), ember.tensor(edges), weight=ember.tensor(weights))
    theirs = TORCH.histogram(TORCH.tensor(x), TORCH.tensor(edges),
                             weight=TORCH.tensor(weights))
    np.testing.assert_allclose(ours.hist.cpu().numpy(), theirs.hist.cpu().numpy(), rtol=1e-12)
    single = ember.histogram(ember.tensor([2.0, 2.0]), bins=2)
    expected = TORCH.histogram(TORCH.tensor([2.0, 2.0]), bins=2)
    assert single.hist.tolist() == expected.hist.tolist()
    assert single.bin_edges.tolist() == expected.bin_edges.tolist()


@requires_torch
def test_histogramdd_matches_torch():
    points = _data(40, 2, seed=12)
    for kwargs in ({"bins": [3, 4]}, {"bins": 3, "range": [-1.0, 1.0, -2.0, 2.0]},
                   {"bins": [2, 3], "density": True}):
        ours = ember.histogramdd(ember.tensor(points), **kwargs)
        theirs = TORCH.histogramdd(TORCH.tensor(points), **kwargs)
        np.testing.assert_allclose(ours.hist.cpu().numpy(), theirs.hist.cpu().numpy(), rtol=1e-12)
        assert type(ours.bin_edges) is type(theirs.bin_edges) is tuple  # printed as torch's
        for a, b in zip(ours.bin_edges, theirs.bin_edges):
            np.testing.assert_allclose(a.cpu().numpy(), b.cpu().numpy(), rtol=1e-12)


@requires_torch
def test_isin_and_index_helpers_match_torch():
    elements = [[1, 5, 2], [7, 2, 9]]
    tests = [2, 9, 11]
    for invert in (False, True):
        assert ember.isin(ember.tensor(elements), ember.tensor(tests), invert=invert).tolist() \
            == TORCH.isin(TORCH.tensor(elements), TORCH.tensor(tests), invert=invert).tolist()
    assert ember.isin(ember.tensor(elements), 2).tolist() == \
        TORCH.isin(TORCH.tensor(elements), 2).tolist()
    for row, col, offset in [(3, 3, 0), (4, 3, 1), (3, 5, -1), (0, 0, 0)]:
        for name in ("tril_indices", "triu_indices"):
            ours = getattr(ember, name)(row, col, offset)
            theirs = getattr(TORCH, name)(row, col, offset)
            assert ours.tolist() == theirs.tolist() and ours.dtype == ember.int64


@requires_torch
@pytest.mark.parametrize("r", [0, 1, 2, 3, 5])
@pytest.mark.parametrize("with_replacement", [False, True])
def test_combinations_match_torch(r, with_replacement):
    x = _data(4, seed=13)
    ours = ember.combinations(ember.tensor(x), r, with_replacement)
    theirs = TORCH.combinations(TORCH.tensor(x), r, with_replacement)
    assert tuple(ours.shape) == tuple(theirs.shape)
    np.testing.assert_array_equal(ours.cpu().numpy(), theirs.cpu().numpy())
    if r:
        compare_with_torch(lambda lib, t: lib.combinations(t, r, with_replacement),
                           _leaf(x), check_grad_fn=False)


@requires_torch
def test_dist_inner_vdot_diagflat():
    a, b = _data(3, 4, seed=14), _data(4, seed=15)
    for p in (2, 1, 3.5, math.inf, 0):
        # (torch's own backward of the 0-"norm" fails, so its values only are compared)
        compare_with_torch(lambda lib, x, y, p=p: lib.dist(x, y, p), _leaf(a), _leaf(b),
                           rtol=1e-10, check_grad_fn=False, grad=p != 0)
    compare_with_torch(lambda lib, x, y: lib.inner(x, y), _leaf(a), _leaf(_data(2, 4, seed=16)),
                       rtol=1e-12, check_grad_fn=False)
    compare_with_torch(lambda lib, x, y: lib.inner(x, y), _leaf(a), _leaf(np.array(2.5)),
                       check_grad_fn=False)
    with pytest.raises(TypeError, match="argument 'other' \\(position 2\\) must be Tensor"):
        ember.inner(ember.tensor(a), 2.5)
    compare_with_torch(lambda lib, x, y: lib.vdot(x, y), _leaf(b), _leaf(_data(4, seed=17)),
                       rtol=1e-12, check_grad_fn=False)
    with pytest.raises(RuntimeError, match="1D tensors expected, but got 2D and 1D tensors"):
        ember.vdot(ember.tensor(a), ember.tensor(b))
    for offset in (0, 1, -2):
        compare_with_torch(lambda lib, x, offset=offset: lib.diagflat(x, offset), _leaf(a),
                           check_grad_fn=False)


@requires_torch
@pytest.mark.parametrize("p,dim,maxnorm", [(2, 0, 1.0), (1, 1, 0.5), (3, -1, 10.0)])
def test_renorm_matches_torch(p, dim, maxnorm):
    x = _data(3, 4, seed=18)
    compare_with_torch(lambda lib, t: lib.renorm(t, p, dim, maxnorm), _leaf(x), rtol=1e-10,
                       check_grad_fn=False)
    target = ember.tensor(x)
    target.renorm_(p, dim, maxnorm)
    np.testing.assert_allclose(target.cpu().numpy(),
                               TORCH.tensor(x).renorm_(p, dim, maxnorm).cpu().numpy(), rtol=1e-12)


@requires_torch
@pytest.mark.parametrize("accumulate", [False, True])
def test_put_matches_torch(accumulate):
    x = _data(3, 4, seed=19)
    index = np.array([0, 5, 11, 5])
    source = _data(4, seed=20)
    if not accumulate:
        index = index[:3]
        source = source[:3]
    compare_with_torch(lambda lib, t, s: lib.put(t, lib.tensor(index), s, accumulate),
                       _leaf(x), _leaf(source), rtol=1e-12, check_grad_fn=False)
    target = ember.tensor(x)
    assert target.put_(ember.tensor(index), ember.tensor(source), accumulate) is target
    expected = TORCH.tensor(x).put_(TORCH.tensor(index), TORCH.tensor(source), accumulate)
    np.testing.assert_allclose(target.cpu().numpy(), expected.cpu().numpy(), rtol=1e-12)


# put_'s flat index out of range is torch's (and take's) message over the element count; ember
# gave index_put's, which names a dimension 0 the user never indexed.
@pytest.mark.parametrize("accumulate", [False, True])
@pytest.mark.parametrize("bad", [4, 9, -5])
def test_put_index_out_of_range_names_the_element_count(accumulate, bad):
    for lib in (ember, TORCH) if TORCH is not None else (ember,):
        target = lib.zeros(2, 2)
        with pytest.raises(IndexError, match=f"^out of range: tried to access index {bad} on a "
                                             "tensor of 4 elements.$"):
            target.put_(lib.tensor([0, bad]), lib.tensor([1.0, 2.0]), accumulate=accumulate)


@requires_torch
@pytest.mark.parametrize("reduce", ["prod", "mean", "amax", "amin"])
@pytest.mark.parametrize("include_self", [True, False])
@pytest.mark.parametrize("dim", [0, 1])
def test_index_reduce_matches_torch(reduce, include_self, dim):
    x = _data(4, 3, seed=21)
    index = np.array([0, 2, 0, 3]) if dim == 0 else np.array([2, 0, 2, 2])
    source = _data(4, 3, seed=22) if dim == 0 else _data(4, 4, seed=22)
    compare_with_torch(lambda lib, t, s: lib.index_reduce(t, dim, lib.tensor(index), s, reduce,
                                                          include_self=include_self),
                       _leaf(x), _leaf(source), rtol=1e-12, check_grad_fn=False)
    target = ember.tensor(x)
    assert target.index_reduce_(dim, ember.tensor(index), ember.tensor(source), reduce,
                                include_self=include_self) is target
    expected = TORCH.tensor(x).index_reduce_(dim, TORCH.tensor(index), TORCH.tensor(source),
                                             reduce, include_self=include_self)
    np.testing.assert_allclose(target.cpu().numpy(), expected.cpu().numpy(), rtol=1e-12)
    with pytest.raises(RuntimeError, match="Expected reduce to be one of prod, mean"):
        ember.index_reduce(target, dim, ember.tensor(index), ember.tensor(source), "sum")


def _warnings_of(call):
    import warnings
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = call()
    return result, [(w.category.__name__, str(w.message), w.filename) for w in caught]


@requires_torch
@pytest.mark.parametrize("name,shape,kwargs", [
    ("mean", (0, 3), {"dim": 0}), ("mean", (0, 3), {"dim": 1}), ("mean", (0,), {}),
    ("std", (0, 3), {"dim": 1}), ("std", (0, 3), {"dim": 0}), ("var", (1,), {}),
    ("std", (2, 3), {"dim": 1}),
])
def test_empty_and_single_reductions_warn_as_torch_at_the_callers_line(name, shape, kwargs):
    # The mean of nothing is nan with no warning (NumPy's "Mean of empty slice" stays
    # inside); std/var warn when the reduction factor (input numel / output numel) is no more
    # than the correction, and the warning points at the line that called them.
    def run(lib):
        value, caught = _warnings_of(lambda: getattr(lib.zeros(shape), name)(**kwargs))
        return (value.shape, [(kind, message.split(" (Triggered internally")[0], filename)
                              for kind, message, filename in caught])
    assert run(ember) == run(TORCH)
    assert all(filename == __file__ for _, _, filename in run(ember)[1])


@requires_torch
def test_index_reduce_warns_once_that_it_is_beta_and_names_a_bad_index_as_torch():
    import subprocess
    import sys
    # Each library in a fresh interpreter: the warning comes once per process.
    code = """
import warnings, {lib} as lib
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    for _ in range(2):
        lib.zeros(3).index_reduce(0, lib.tensor([0]), lib.ones(1), "prod")
    for index, source in [([[0]], [1.]), ([0.], [1.]), ([0, 1], [1.]), ([-1], [1.]), ([3], [1.])]:
        try:
            lib.zeros(3).index_reduce(0, lib.tensor(index), lib.tensor(source), "prod")
        except (RuntimeError, IndexError) as error:
            print(type(error).__name__, error)
print([str(w.message).split(" (Triggered")[0] for w in caught])
"""
    outputs = [subprocess.run([sys.executable, "-c", code.format(lib=lib)], capture_output=True,
                              text=True, check=True).stdout for lib in ("ember", "torch")]
    assert outputs[0] == outputs[1]
    assert "in beta" in outputs[0] and "size: [1, 1]" in outputs[0]
    assert outputs[0].count("IndexError") == 3


@requires_torch
@pytest.mark.parametrize("weights", [{}, {"correction": 0}, {"fweights": [1, 2, 1, 3, 1, 1]},
                                     {"aweights": [0.5, 1.0, 0.2, 0.9, 0.4, 0.7]}], ids=str)
def test_cov_and_corrcoef_of_complex_variables_pair_with_conjugates_as_torch(weights):
    # sum_k x_ik conj(x_jk): a Hermitian matrix with a real, positive diagonal (ember paired
    # x_ik with x_jk itself: cov of [1+1j, 2, 4j] gave -3.33-4j where torch gives 5.33); weights
    # stay real (aweights made the degrees of freedom complex and failed)
    rng = np.random.default_rng(21)
    x = rng.normal(size=(3, 6)) + 1j * rng.normal(size=(3, 6))
    kwargs = {k: (v if k == "correction" else None) for k, v in weights.items()}
    results = []
    for lib in (ember, TORCH):
        for k, v in weights.items():
            if k != "correction":
                kwargs[k] = lib.tensor(v) if k == "fweights" else lib.tensor(v, dtype=lib.float64)
        t = lib.tensor(x)
        results.append((lib.cov(t, **kwargs).cpu().numpy(), lib.cov(t[0], **kwargs).cpu().numpy(),
                        lib.corrcoef(t).cpu().numpy()))
    for ours, theirs in zip(*results):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14)
    check_gradients(lambda t: ember.cov(t), _leaf(x, ember.complex128))
    check_gradients(lambda t: ember.corrcoef(t), _leaf(x, ember.complex128))


HISTOGRAM_CALLS = {
    "int input": lambda lib, f: lib.histogram(f.long(), bins=2),
    "half input": lambda lib, f: lib.histogram(f.half(), bins=2),
    "int input, float edges": lambda lib, f: lib.histogram(f.long(), bins=lib.tensor([0.0, 4.0])),
    "int input, int edges": lambda lib, f: lib.histogram(f.long(), bins=lib.tensor([0, 4])),
    "double edges": lambda lib, f: lib.histogram(f, bins=lib.tensor([0.0, 4.0]).double()),
    "2-D edges": lambda lib, f: lib.histogram(f, bins=lib.tensor([[0.0, 4.0]])),
    "double weight": lambda lib, f: lib.histogram(f, bins=2, weight=f.double()),
    "short weight": lambda lib, f: lib.histogram(f, bins=2, weight=f[:2]),
    "dd int input": lambda lib, f: lib.histogramdd(f.long().view(3, 1), bins=2),
    "dd double weight": lambda lib, f: lib.histogramdd(f.view(3, 1), bins=2, weight=f.double()),
    "dd short weight": lambda lib, f: lib.histogramdd(f.view(3, 1), bins=2, weight=f[:2]),
    "reversed range": lambda lib, f: lib.histogram(f, bins=2, range=(3.0, 1.0)),
    "no bins": lambda lib, f: lib.histogram(f, bins=0),
    "empty": lambda lib, f: lib.histogram(f[:0], bins=3),
    "dd empty": lambda lib, f: lib.histogramdd(f[:0].view(0, 1).expand(0, 3), bins=[1, 2, 3]),
    "histc reversed": lambda lib, f: lib.histc(f, bins=3, min=3, max=2),
}


@requires_torch
@pytest.mark.parametrize("call", list(HISTOGRAM_CALLS), ids=str)
def test_histogram_arguments_checked_and_empty_edges_as_torch(call):
    # torch's checks (dtype of input, edges and weight; weight's shape; the range) with its
    # errors; an empty input's bins span [0, 1] as torch's do (ember's spanned [-0.5, 0.5])
    results = []
    for lib in (ember, TORCH):
        try:
            out = HISTOGRAM_CALLS[call](lib, lib.tensor([1.0, 2.0, 2.5]))
            edges = out[1] if isinstance(out, tuple) else ()
            edges = [edges] if isinstance(edges, lib.Tensor) else edges
            results.append([(out[0] if isinstance(out, tuple) else out).tolist()] +
                           [e.tolist() for e in edges])
        except (RuntimeError, NotImplementedError) as error:
            results.append((type(error), str(error).replace("torch.", "ember.")))
    assert results[0] == results[1]


@requires_torch
@pytest.mark.parametrize("extra", [(), (0,), ((1, 1),), ((2, 2),), ((3,),), ((1, 3),), ((2, 5),),
                                   ((2, 5), -1), ((1, 5), -1)], ids=str)
@pytest.mark.parametrize("where", ["prepend", "append"])
def test_diff_checks_prepend_and_append_shapes_as_torch(extra, where):
    results = []
    for lib in (ember, TORCH):
        shape, dim = (extra + (0,))[:2] if extra else (None, 0)
        piece = lib.tensor(0.0) if shape == 0 else lib.ones(*shape) if shape else None
        try:
            out = lib.diff(lib.ones(2, 3), dim=dim, **({where: piece} if piece is not None
                                                       else {}))
            results.append(tuple(out.shape))
        except RuntimeError as error:
            results.append(str(error))
    assert results[0] == results[1]
