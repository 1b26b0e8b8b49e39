"""The gradient a product sends to its sparse operand is dense, as torch's: ``mm``, ``matmul``,
``@``, ``mv`` and ``addmm`` give the sparse matrix ``grad @ other^T`` at every position, and
the sparse ops between (scalar products, ``t``, ``add``, ``clone``, ``coalesce``, dtype casts)
pass it on unmasked down to a dense tensor made sparse by ``to_sparse``/``to_sparse_csr`` or
to a sparse leaf. (ember once sent such a dense tensor the gradient at its nonzero entries
only: the zero entries' derivatives were silently 0.) ``torch.sparse.mm`` and ``to_dense``
keep the gradient at the entries, and so does ember."""
import warnings

import numpy as np
import pytest

import ember
from tests.conftest import TORCH, check_gradients, requires_torch

MATRIX = [[1.0, 0.0, 0.0], [2.0, 3.0, 0.0], [0.0, 0.0, -1.5]]
OTHER = [[0.5, -1.0], [2.0, 0.25], [-0.75, 1.5]]

SOURCES = {
    "to_sparse": lambda lib, x: x.to_sparse(),
    "to_sparse(2)": lambda lib, x: x.to_sparse(2),
    "to_sparse_coo": lambda lib, x: x.to_sparse_coo(),
    "to_sparse_csr": lambda lib, x: x.to_sparse_csr(),
    "coo->csr": lambda lib, x: x.to_sparse().to_sparse_csr(),
}

STEPS = {
    "none": lambda s: s,
    "mul": lambda s: s * 2.5,
    "rmul": lambda s: -0.5 * s,
    "neg": lambda s: -s,
    "div": lambda s: s / 4,
    "t.t": lambda s: s.t().t(),
    "clone": lambda s: s.clone(),
    "add": lambda s: s + s * 2,
    "coalesce": lambda s: s.coalesce() if s.is_sparse else s,
}

PRODUCTS = {
    "@-matrix": lambda lib, s, d: s @ d,
    "@-vector": lambda lib, s, d: s @ d[:, 0],
    "mm": lambda lib, s, d: lib.mm(s, d),
    "matmul": lambda lib, s, d: lib.matmul(s, d),
    "mv": lambda lib, s, d: lib.mv(s, d[:, 1]),
    "vector@": lambda lib, s, d: d[:, 0] @ s,
    "addmm": lambda lib, s, d: lib.addmm(lib.ones(3, 2, dtype=lib.float64), s, d, beta=0.5,
                                         alpha=2.0),
    "sparse.mm": lambda lib, s, d: lib.sparse.mm(s, d),
    "to_dense": lambda lib, s, d: s.to_dense() @ d,
}


def _run(lib, source, step, product):
    x = lib.tensor(MATRIX, dtype=lib.float64, requires_grad=True)
    d = lib.tensor(OTHER, dtype=lib.float64, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the CSR beta-state note
        sparse = STEPS[step](SOURCES[source](lib, x))
        out = PRODUCTS[product](lib, sparse, d)
    (out * out).sum().backward()
    return out.detach().cpu().numpy(), x.grad.cpu().numpy(), d.grad.cpu().numpy()


# torch has no division of a CSR tensor ("unsupported tensor layout: SparseCsr")
CASES = [(source, step, product) for source in sorted(SOURCES) for step in sorted(STEPS)
         for product in sorted(PRODUCTS) if not ("csr" in source and step == "div")]


@requires_torch
@pytest.mark.parametrize("source,step,product", CASES)
def test_dense_source_gets_torch_gradient(source, step, product):
    theirs = _run(TORCH, source, step, product)
    ours = _run(ember, source, step, product)
    for mine, reference in zip(ours, theirs):
        np.testing.assert_allclose(mine, reference, rtol=1e-12, atol=1e-12)


def test_zero_entries_get_their_derivative():
    """The derivative of (x.to_sparse() @ d).sum() at a zero of x is the row sum of d there,
    not 0: the product is x @ d, whatever x's zeros."""
    x = ember.tensor(MATRIX, dtype=ember.float64, requires_grad=True)
    d = ember.tensor(OTHER, dtype=ember.float64)
    (x.to_sparse() @ d).sum().backward()
    np.testing.assert_allclose(x.grad.cpu().numpy(), np.tile(np.sum(OTHER, 1), (3, 1)), rtol=1e-15)


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_gradcheck_through_the_sparse_product(source):
    """gradcheck perturbs x's zero entries too: the numerical derivative there is d's row,
    which only the dense gradient matches."""
    d = ember.tensor(OTHER, dtype=ember.float64, requires_grad=True)

    def product(x, d):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return SOURCES[source](ember, x) @ d

    x = ember.tensor(MATRIX, dtype=ember.float64, requires_grad=True)
    check_gradients(product, x, d, second_order=False)


def test_sparse_leaf_through_scalar_ops_gets_the_dense_gradient():
    """A sparse leaf scaled before the product: the dense derivative, accumulated twice."""
    rng = np.random.default_rng(3)
    other = ember.tensor(rng.standard_normal((3, 2)))
    leaf = ember.tensor(MATRIX, dtype=ember.float64).to_sparse().requires_grad_()
    stand_in = ember.tensor(MATRIX, dtype=ember.float64, requires_grad=True)
    for _ in range(2):
        ((leaf * 3).t().t() @ other).pow(2).sum().backward()
        ((stand_in * 3) @ other).pow(2).sum().backward()
    assert not leaf.grad.is_sparse
    np.testing.assert_allclose(leaf.grad.cpu().numpy(), stand_in.grad.cpu().numpy(), rtol=1e-12)


def test_no_dense_path_without_grad_mode():
    x = ember.tensor(MATRIX, dtype=ember.float64, requires_grad=True)
    with ember.no_grad():
        sparse = x.to_sparse() * 2
    assert "_dense_path" not in sparse.__dict__
    assert not (sparse @ ember.ones(3, dtype=ember.float64)).requires_grad


@requires_torch
def test_addmm_with_a_sparse_operand_matches_torch():
    """torch.addmm takes a sparse mat1 (a broadcast input, beta = 0 ignoring NaN in it)."""
    def run(lib):
        s = lib.tensor(MATRIX, dtype=lib.float64).to_sparse()
        d = lib.tensor(OTHER, dtype=lib.float64)
        return [lib.addmm(lib.tensor([1.0, -1.0], dtype=lib.float64), s, d).cpu().numpy(),
                lib.addmm(lib.full((3, 2), float("nan"), dtype=lib.float64), s, d,
                          beta=0).cpu().numpy(),
                lib.addmm(lib.ones(3, 2, dtype=lib.float64), s, d, beta=2, alpha=-1).cpu().numpy()]
    for mine, reference in zip(run(ember), run(TORCH)):
        np.testing.assert_allclose(mine, reference, rtol=1e-15)
    out = ember.addmm(ember.ones(3, 2, dtype=ember.float64),
                      ember.tensor(MATRIX, dtype=ember.float64, requires_grad=True).to_sparse(),
                      ember.tensor(OTHER, dtype=ember.float64))
    assert out.grad_fn.name() == "AddmmBackward0"
