"""The nodes composite ops record: torch's grad_fn names (and the names of the nodes they lead
to), with torch's values and gradients, and ember's own gradcheck for the ones recorded as one
node whose derivative differentiates the composition again."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import ember
from tests.conftest import TORCH, assert_close, check_gradients, rand64, requires_torch, to_torch


def _index(m, values):
    return m.tensor(values)


# name -> (function of (library, *inputs), input shapes); each input is float64, requiring grad.
OPS = {
    "renorm": (lambda m, x: x.renorm(2, 0, 1.0), [(3, 4)]),
    "renorm_p1_dim1": (lambda m, x: x.renorm(1, 1, 0.5), [(3, 4)]),
    "renorm_": (lambda m, x: (x * 1).renorm_(2, 0, 1.0), [(3, 4)]),
    "put": (lambda m, x, s: x.put(_index(m, [1, 5, -1]), s), [(3, 4), (3,)]),
    "put_accumulate": (lambda m, x, s: x.put(_index(m, [1, 5, 1]), s, accumulate=True),
                       [(3, 4), (3,)]),
    "put_": (lambda m, x, s: (x * 1).put_(_index(m, [0, 2]), s), [(3, 4), (2,)]),
    "vdot": (lambda m, x, y: m.vdot(x, y), [(4,), (4,)]),
    "dist": (lambda m, x, y: m.dist(x, y), [(3, 4), (4,)]),
    "dist_p1": (lambda m, x, y: m.dist(x, y, 1), [(3,), (3,)]),
    "dist_inf": (lambda m, x, y: m.dist(x, y, float("inf")), [(3,), (3,)]),
    "index_reduce_prod": (lambda m, x, s: x.index_reduce(0, _index(m, [0, 2, 0]), s, "prod"),
                          [(3, 4), (3, 4)]),
    "index_reduce_mean": (lambda m, x, s: x.index_reduce(1, _index(m, [1, 3]), s, "mean",
                                                         include_self=False), [(3, 4), (3, 2)]),
    "index_reduce_amax": (lambda m, x, s: x.index_reduce(0, _index(m, [2]), s, "amax"),
                          [(3, 4), (1, 4)]),
    "index_reduce_": (lambda m, x, s: (x * 1).index_reduce_(0, _index(m, [1]), s, "amin"),
                      [(3, 4), (1, 4)]),
    "combinations": (lambda m, x: m.combinations(x), [(4,)]),
    "combinations_3": (lambda m, x: m.combinations(x, 3), [(5,)]),
    "combinations_replacement": (lambda m, x: m.combinations(x, with_replacement=True),
                                 [(3,)]),
    "trapezoid": (lambda m, y: m.trapezoid(y), [(5,)]),
    "trapezoid_dx": (lambda m, y: m.trapezoid(y, dx=0.5, dim=0), [(4, 3)]),
    "trapezoid_x": (lambda m, y, x: m.trapezoid(y, x), [(2, 5), (5,)]),
    "trapz": (lambda m, y: m.trapz(y), [(5,)]),
    "cumulative_trapezoid": (lambda m, y: m.cumulative_trapezoid(y, dx=2.0), [(5,)]),
    "cumulative_trapezoid_x": (lambda m, y, x: m.cumulative_trapezoid(y, x), [(5,), (5,)]),
    "quantile": (lambda m, x: m.quantile(x, 0.3), [(5,)]),
    "quantile_dim": (lambda m, x: m.quantile(x, 0.6, 1), [(3, 5)]),
    "quantile_keepdim": (lambda m, x: m.quantile(x, 0.6, 0, True), [(3, 5)]),
    "quantile_all_keepdim": (lambda m, x: m.quantile(x, 0.6, None, True), [(3, 5)]),
    "quantile_q_tensor": (lambda m, x: m.quantile(
        x, m.tensor([0.25, 0.5], dtype=m.float64), 1, True, interpolation="midpoint"),
        [(3, 5)]),
    "nanquantile": (lambda m, x: m.nanquantile(x, 0.3, 0), [(4, 2)]),
    "cov": (lambda m, x: m.cov(x), [(3, 5)]),
    "cov_vector": (lambda m, x: m.cov(x), [(5,)]),
    "cov_one_row": (lambda m, x: m.cov(x, correction=0), [(1, 5)]),
    "householder_product": (lambda m, a, tau: m.linalg.householder_product(a, tau),
                            [(4, 3), (2,)]),
    "orgqr": (lambda m, a, tau: m.orgqr(a, tau), [(3, 3), (3,)]),
    "ormqr": (lambda m, a, tau, other: m.ormqr(a, tau, other), [(3, 2), (2,), (3, 2)]),
    "ormqr_right_transposed": (lambda m, a, tau, other: m.ormqr(a, tau, other, left=False,
                                                                  transpose=True),
                               [(3, 2), (2,), (4, 3)]),
}


# ember shapes these results with other view ops before torch's last node (a reshape where
# torch unsqueezes and transposes): only the last node's name is compared for them.
LAST_NODE_ONLY = {"quantile_keepdim", "quantile_all_keepdim", "quantile_q_tensor"}


def _inputs(shapes):
    return [rand64(*shape, seed=i) for i, shape in enumerate(shapes)]


def _names(out):
    node = out.grad_fn
    return (type(node).__name__,
            [type(child).__name__ for child, _ in node.next_functions if child is not None])


def _run(fn, m, inputs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # index_reduce's beta warning
        return fn(m, *inputs)


@requires_torch
@pytest.mark.parametrize("name", list(OPS))
def test_node_names_values_and_gradients_match_torch(name):
    fn, shapes = OPS[name]
    ours = _inputs(shapes)
    theirs = [to_torch(x) for x in ours]
    out, expected = _run(fn, ember, ours), _run(fn, TORCH, theirs)
    if name in LAST_NODE_ONLY:
        assert _names(out)[0] == _names(expected)[0]
    else:
        assert _names(out) == _names(expected)
    assert_close(out, expected, rtol=1e-10, atol=1e-12)
    seed = np.random.default_rng(1).standard_normal(tuple(out.shape))
    out.backward(ember.tensor(seed))
    expected.backward(TORCH.from_numpy(seed))
    for a, b in zip(ours, theirs):
        assert_close(a.grad, b.grad, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("name", ["renorm", "renorm_p1_dim1", "put", "put_accumulate", "vdot",
                                  "dist", "dist_p1", "index_reduce_prod", "index_reduce_mean",
                                  "combinations_3", "trapezoid_dx", "cumulative_trapezoid_x",
                                  "quantile_q_tensor", "householder_product", "ormqr"])
def test_composite_nodes_pass_gradcheck(name):
    fn, shapes = OPS[name]
    check_gradients(lambda *xs: _run(fn, ember, xs), *_inputs(shapes))


def test_complex_vdot_is_one_node_with_torchs_conventions():
    z = ember.tensor([1 + 2j, 3 - 1j], dtype=ember.complex128, requires_grad=True)
    w = ember.tensor([2 - 1j, 1 + 1j], dtype=ember.complex128, requires_grad=True)
    out = ember.vdot(z, w)
    assert out.item() == pytest.approx(np.vdot([1 + 2j, 3 - 1j], [2 - 1j, 1 + 1j]))
    assert _names(out) == ("VdotBackward0", ["AccumulateGrad", "AccumulateGrad"])
    check_gradients(lambda a, b: ember.vdot(a, b).abs(), z, w)
