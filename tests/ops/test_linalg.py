"""Linear algebra against torch (values, grad_fn names, gradients), gradcheck and
gradgradcheck on well-conditioned random inputs, and the error paths."""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from conftest import TORCH, check_gradients, compare_with_torch, rand64, requires_torch

import ember


def _spd(lib, a):
    """A symmetric positive-definite matrix built from a (differentiably)."""
    return a @ a.mT + 3 * lib.eye(a.shape[-1], dtype=a.dtype)


def _well(lib, a):
    """A well-conditioned square matrix built from a."""
    return a + 3 * lib.eye(a.shape[-1], dtype=a.dtype)


PRODUCTS = {
    "einsum_mm": lambda t, a, b: t.einsum("ij,jk->ik", a, b.t()),
    "einsum_trace": lambda t, a, b: t.einsum("ii", a[:, :3]),
    "einsum_diag": lambda t, a, b: t.einsum("ii->i", a[:, :3]),
    "einsum_outer_sum": lambda t, a, b: t.einsum("ij,kj->ik", a, b),
    "einsum_implicit": lambda t, a, b: t.einsum("ij,jk", a, b.t()),
    "einsum_ellipsis": lambda t, a, b: t.einsum("...j,...j->...", a, b),
    "einsum_batch": lambda t, a, b: t.einsum("bij,bjk->bik", a.reshape(3, 2, 2),
                                             b.reshape(3, 2, 2)),
    "einsum_three": lambda t, a, b: t.einsum("ij,jk,kl->il", a, b.t(), a),
    "einsum_list": lambda t, a, b: t.einsum("i,i->", [a[0], b[0]]),
    "einsum_summed_only_here": lambda t, a, b: t.einsum("ij,k->k", a, b[0]),
    "tensordot_int": lambda t, a, b: t.tensordot(a, b, 2),
    "tensordot_pairs": lambda t, a, b: t.tensordot(a, b, dims=([0], [0])),
    "tensordot_lists": lambda t, a, b: t.tensordot(a.reshape(3, 2, 2), b.reshape(2, 3, 2),
                                                   dims=([1, 0], [2, 1])),
    "kron": lambda t, a, b: t.kron(a, b[:2, :2]),
    "kron_mixed_rank": lambda t, a, b: t.kron(a[0], b),
    "cross": lambda t, a, b: t.cross(a[:, :3], b[:, :3], dim=1),
    "linalg_cross": lambda t, a, b: t.linalg.cross(a[:, :3], b[:1, 1:]),
    "multi_dot": lambda t, a, b: t.linalg.multi_dot([a[0], b.t(), a, b[1]]),
    "multi_dot_matrices": lambda t, a, b: t.linalg.multi_dot([a, b.t(), a]),
    "addmm": lambda t, a, b: t.addmm(a[0, :3], a, b.t(), beta=0.5, alpha=2),
    "addmm_beta0": lambda t, a, b: t.addmm(a[:, :3], a, b.t()[:4, :3], beta=0),
    "addmv": lambda t, a, b: t.addmv(a[:, 0], a, b[0], alpha=-1),
    "addr": lambda t, a, b: t.addr(a, a[:, 0], b[0], beta=2),
    "baddbmm": lambda t, a, b: t.baddbmm(a[:2, :2], a.reshape(3, 2, 2), b.reshape(3, 2, 2)),
    "addbmm": lambda t, a, b: t.addbmm(a[:2, :2], a.reshape(3, 2, 2), b.reshape(3, 2, 2),
                                       alpha=0.5),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(PRODUCTS))
def test_product_matches_torch(name):
    compare_with_torch(lambda lib, a, b: PRODUCTS[name](lib, a * 1, b * 1), rand64(3, 4),
                       rand64(3, 4, seed=1))


@pytest.mark.parametrize("equation, shapes", [
    ("...ij,...jk->...ik", [(2, 1, 3, 4), (5, 4, 2)]),
    ("bi,bi->b", [(3, 4), (1, 4)]),
    ("ii,i->i", [(3, 3), (3,)]),
])
def test_einsum_broadcasting(equation, shapes):
    operands = [rand64(*s, seed=i) for i, s in enumerate(shapes)]
    check_gradients(lambda *ops: ember.einsum(equation, *ops), *operands)
    if TORCH is not None:
        compare_with_torch(lambda lib, *ops: lib.einsum(equation, *ops), *operands)


@requires_torch
@pytest.mark.parametrize("equation, shapes", [
    ("ij->ji", [(2, 3)]), ("ij->", [(2, 3)]), ("ij->j", [(2, 3)]), ("i,j->ij", [(2,), (3,)]),
    ("ij,ij->ij", [(2, 3), (2, 3)]), ("ij,ij->i", [(2, 3), (2, 3)]),
    ("bij,bjk->bik", [(2, 2, 3), (2, 3, 2)]),
])
def test_einsum_grad_fn_names(equation, shapes):
    operands = [rand64(*s, seed=i) for i, s in enumerate(shapes)]
    compare_with_torch(lambda lib, *ops: lib.einsum(equation, *ops), *operands)


@pytest.mark.parametrize("name", sorted(PRODUCTS))
def test_product_gradcheck(name):
    check_gradients(lambda a, b: PRODUCTS[name](ember, a, b), rand64(3, 4),
                    rand64(3, 4, seed=1))


DECOMPOSITIONS = {
    "inv": lambda t, a: t.linalg.inv(_well(t, a)),
    "inverse": lambda t, a: t.inverse(_well(t, a)),
    "inv_batched": lambda t, a: t.linalg.inv(_well(t, a.reshape(4, 2, 2))),
    "det": lambda t, a: t.linalg.det(a.reshape(4, 4)),
    "det_batched": lambda t, a: t.det(a.reshape(4, 2, 2)),
    "slogdet": lambda t, a: t.linalg.slogdet(a.reshape(4, 4)),
    "logdet": lambda t, a: t.logdet(_spd(t, a.reshape(4, 4))),
    "solve": lambda t, a: t.linalg.solve(_well(t, a.reshape(4, 4)), a.reshape(4, 4).t()),
    "solve_vector": lambda t, a: t.linalg.solve(_well(t, a.reshape(4, 4)), a[:4]),
    "solve_right": lambda t, a: t.linalg.solve(_well(t, a.reshape(4, 4)), a.reshape(4, 4)[:2],
                                               left=False),
    "cholesky": lambda t, a: t.linalg.cholesky(_spd(t, a.reshape(4, 4))),
    "cholesky_upper": lambda t, a: t.linalg.cholesky(_spd(t, a.reshape(4, 4)), upper=True),
    "qr": lambda t, a: t.linalg.qr(a.reshape(4, 4)),
    "qr_tall": lambda t, a: t.linalg.qr(a.reshape(8, 2)),
    "svdvals": lambda t, a: t.linalg.svdvals(a.reshape(4, 4)),
    "svd_reconstruct": lambda t, a: _svd_invariant(t, a.reshape(4, 4), True),
    "svd_tall_reduced": lambda t, a: _svd_invariant(t, a.reshape(8, 2), False),
    "svd_wide_full": lambda t, a: _svd_invariant(t, a.reshape(2, 8), True),
    "eigvalsh": lambda t, a: t.linalg.eigvalsh(_spd(t, a.reshape(4, 4))),
    "eigh_invariant": lambda t, a: _eigh_invariant(t, _spd(t, a.reshape(4, 4))),
    "pinv": lambda t, a: t.linalg.pinv(a.reshape(4, 4)),
    "pinv_wide": lambda t, a: t.linalg.pinv(a.reshape(2, 8)),
    "pinv_tall": lambda t, a: t.linalg.pinv(a.reshape(8, 2)),
    "pinverse": lambda t, a: t.pinverse(a.reshape(2, 8)),
    "lstsq": lambda t, a: t.linalg.lstsq(a.reshape(8, 2), a.reshape(8, 2).flip(0)).solution,
    "matrix_power_3": lambda t, a: t.linalg.matrix_power(a.reshape(4, 4), 3),
    "matrix_power_neg": lambda t, a: t.matrix_power(_well(t, a.reshape(4, 4)), -2),
    "matrix_power_1": lambda t, a: t.linalg.matrix_power(a.reshape(4, 4), 1),
    "norm_default": lambda t, a: t.linalg.norm(a),
    "norm_vector_ord": lambda t, a: t.linalg.norm(a, 3),
    "norm_dim": lambda t, a: t.linalg.norm(a.reshape(4, 4), 1, dim=1),
    "norm_matrix_fro": lambda t, a: t.linalg.norm(a.reshape(4, 4), "fro"),
    "norm_matrix_inf": lambda t, a: t.linalg.norm(a.reshape(4, 4), float("inf")),
    "matrix_norm_fro": lambda t, a: t.linalg.matrix_norm(a.reshape(2, 2, 4)),
    "matrix_norm_nuc": lambda t, a: t.linalg.matrix_norm(a.reshape(4, 4), "nuc"),
    "matrix_norm_2": lambda t, a: t.linalg.matrix_norm(a.reshape(4, 4), 2),
    "matrix_norm_neg2": lambda t, a: t.linalg.matrix_norm(a.reshape(4, 4), -2),
    "matrix_norm_1_keepdim": lambda t, a: t.linalg.matrix_norm(a.reshape(4, 4), 1,
                                                               keepdim=True),
    "matrix_norm_neg1": lambda t, a: t.linalg.matrix_norm(a.reshape(4, 4), -1),
    "matrix_norm_neginf_dims": lambda t, a: t.linalg.matrix_norm(a.reshape(2, 2, 4),
                                                                 float("-inf"), dim=(0, 2)),
    # keepdim puts the reduced dims back by a permute (torch's grad_fn: PermuteBackward0)
    "matrix_norm_nuc_keepdim_dims": lambda t, a: t.linalg.matrix_norm(
        a.reshape(2, 2, 4), "nuc", dim=(2, 0), keepdim=True),
    "matrix_norm_2_keepdim": lambda t, a: t.linalg.matrix_norm(a.reshape(4, 4), 2,
                                                               keepdim=True),
    "vector_norm": lambda t, a: t.linalg.vector_norm(a, 1.5, dim=0),
}


def _svd_invariant(t, a, full):
    """Functions of U and Vh that do not depend on LAPACK's choice of signs."""
    U, S, Vh = t.linalg.svd(a, full_matrices=full)
    k = S.shape[-1]
    U, Vh = U[:, :k], Vh[:k]
    return S, (U * S.pow(2)) @ Vh, U @ U.mT, Vh.mT @ Vh


def _eigh_invariant(t, a):
    L, V = t.linalg.eigh(a)
    return L, (V * L.exp()) @ V.mT, (V[:, :2] @ V[:, :2].mT)


@requires_torch
@pytest.mark.parametrize("name", sorted(DECOMPOSITIONS))
def test_decomposition_matches_torch(name):
    compare_with_torch(lambda lib, a: DECOMPOSITIONS[name](lib, a * 1), rand64(16),
                       rtol=1e-6, atol=1e-8, check_grad_fn=name not in ("svd_reconstruct",
                                                                        "svd_tall_reduced",
                                                                        "svd_wide_full",
                                                                        "eigh_invariant"))


@pytest.mark.parametrize("name", sorted(DECOMPOSITIONS))
def test_decomposition_gradcheck(name):
    check_gradients(lambda a: DECOMPOSITIONS[name](ember, a), rand64(16))


@requires_torch
@pytest.mark.parametrize("fn", [
    lambda t, a: t.linalg.svd(a),
    lambda t, a: t.linalg.svd(a, full_matrices=False),
    lambda t, a: t.linalg.eigh(a @ a.mT),
    lambda t, a: t.linalg.eigh(a @ a.mT, UPLO="U"),
    lambda t, a: t.linalg.qr(a, mode="complete"),
])
def test_multi_output_grad_fn_names_match_torch(fn):
    ours = fn(ember, rand64(3, 3) * 1)
    theirs = fn(TORCH, TORCH.rand(3, 3, dtype=TORCH.float64, requires_grad=True) * 1)
    assert [o.grad_fn.name() for o in ours] == [o.grad_fn.name() for o in theirs]
    assert type(ours).__name__ == type(theirs).__name__


@requires_torch
def test_eigh_gradient_matches_torch_for_raw_vectors():
    """PyTorch's own eigh derivative for a loss that uses the eigenvectors directly (its
    value depends on the sign choice, so compare with the same vectors)."""
    a = rand64(4, 4)
    sym = a.detach() @ a.detach().mT + ember.eye(4, dtype=ember.float64)
    x = sym.clone().requires_grad_()
    tx = TORCH.from_numpy(sym.cpu().numpy().copy()).requires_grad_()
    _, V = ember.linalg.eigh(x)
    _, tV = TORCH.linalg.eigh(tx)
    weights = np.random.default_rng(3).standard_normal((4, 4))
    signs = np.sign((V.detach().cpu().numpy() * tV.detach().cpu().numpy()).sum(0))
    (V * ember.tensor(weights * signs)).sum().backward()
    (tV * TORCH.from_numpy(weights)).sum().backward()
    np.testing.assert_allclose(x.grad.cpu().numpy(), tx.grad.cpu().numpy(), rtol=1e-6, atol=1e-8)


def test_matrix_rank_and_lstsq_extras():
    a = ember.tensor([[1.0, 2.0], [2.0, 4.0], [0.0, 0.0]], dtype=ember.float64)
    assert ember.linalg.matrix_rank(a).item() == 1
    assert ember.linalg.matrix_rank(ember.eye(3)).item() == 3
    assert ember.linalg.matrix_rank(a, atol=10.0).item() == 0
    out = ember.linalg.lstsq(ember.eye(3, dtype=ember.float64), ember.ones(3, 2,
                                                                          dtype=ember.float64))
    assert out.rank.item() == 3 and out.residuals.numel() == 0
    assert type(out).__name__ == "linalg_lstsq"


def test_matrix_power_zero_is_identity():
    a = rand64(2, 3, 3)
    np.testing.assert_array_equal(ember.linalg.matrix_power(a, 0).cpu().numpy(),
                                  np.broadcast_to(np.eye(3), (2, 3, 3)))


def test_cross_without_dim_warns_and_uses_first_size3_dim():
    a, b = rand64(3, 2, requires_grad=False), rand64(3, 2, seed=1, requires_grad=False)
    # ember warns once per process, as torch: forget an earlier warning from this worker (the
    # bad-input grid calls cross without dim too).
    ember._deprecated._warned.discard("cross-dim")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = ember.cross(a, b)
    assert any("without specifying the dim arg is deprecated" in str(w.message)
               for w in caught)
    np.testing.assert_allclose(out.cpu().numpy(),
                               np.cross(a.cpu().numpy(), b.cpu().numpy(), axis=0))


def test_linalg_namespace():
    # The public name adds out= around the op itself (and __torch_function__ dispatch on top).
    assert ember.linalg.inv.__ember_dispatch__.__wrapped__ is ember.ops.linalg.inv
    assert issubclass(ember.linalg.LinAlgError, RuntimeError)
    assert {"norm", "svd", "eigh", "solve", "cholesky", "qr", "pinv"} <= set(dir(ember.linalg))


ERRORS = [
    (lambda t: t.linalg.inv(t.zeros(3, 3)), ("linalg.inv: The diagonal element 1 is zero, the "
     "inversion could not be completed because the input matrix is singular.")),
    (lambda t: t.linalg.inv(t.tensor([[1.0, 2.0], [2.0, 4.0]])), ("The diagonal element 2 is "
     "zero")),
    (lambda t: t.linalg.inv(t.zeros(2, 3)), ("linalg.inv: A must be batches of square matrices, "
     "but they are 2 by 3 matrices")),
    (lambda t: t.linalg.inv(t.zeros(3, 3, dtype=t.long)), ("linalg.inv: Expected a floating "
     "point or complex tensor as input. Got Long")),
    (lambda t: t.linalg.det(t.zeros(2, 3)), "linalg.det: A must be batches of square matrices"),
    (lambda t: t.linalg.solve(t.zeros(3, 3), t.ones(3)), ("linalg.solve: The solver failed "
     "because the input matrix is singular.")),
    (lambda t: t.linalg.solve(t.eye(3), t.ones(4)), ("linalg.solve: Incompatible shapes of A and "
     "B for the equation AX = B (3x3 and 4x1)")),
    (lambda t: t.linalg.cholesky(-t.eye(3)), ("linalg.cholesky: The factorization could not be "
     "completed because the input is not positive-definite (the leading minor of order 1 is "
     "not positive-definite).")),
    (lambda t: t.linalg.cholesky(t.zeros(2, 3)), "linalg.cholesky: A must be batches of square"),
    (lambda t: t.einsum("ij,jk->ik", t.ones(2, 3), t.ones(4, 5)), ("einsum(): subscript j has "
     "size 4 for operand 1 which does not broadcast with previously seen size 3")),
    (lambda t: t.einsum("ij,jk->ik", t.ones(2, 3)), ("einsum(): fewer operands were provided "
     "than specified in the equation")),
    (lambda t: t.einsum("ijk->ik", t.ones(2, 3)), ("einsum(): the number of subscripts in the "
     "equation (3) does not match the number of dimensions (2) for operand 0 and no ellipsis "
     "was given")),
    (lambda t: t.einsum("ij->ik", t.ones(2, 3)), ("einsum(): output subscript k does not appear "
     "in the equation for any input operand")),
    (lambda t: t.tensordot(t.ones(2, 3), t.ones(4, 5), dims=1), ("contracted dimensions need to "
     "match, but first has size 3 in dim -1 and second has size 4 in dim 0")),
    (lambda t: t.cross(t.ones(2, 3), t.ones(2, 2), dim=1), ("linalg.cross: inputs dimension 1 "
     "must have length 3. Got 3 and 2")),
    (lambda t: t.linalg.cross(t.ones(2, 4), t.ones(2, 4)), ("linalg.cross: inputs dimension -1 "
     "must have length 3. Got 4 and 4")),
    (lambda t: t.linalg.cross(t.ones(2, 3), t.ones(3)), ("linalg.cross: inputs must have the "
     "same number of dimensions.")),
    (lambda t: t.linalg.matrix_norm(t.ones(3)), ("linalg.matrix_norm: The input tensor A must "
     "have at least 2 dimensions.")),
    (lambda t: t.linalg.matrix_norm(t.ones(3, 3), 3), ("linalg.matrix_norm: Order 3 not "
     "supported.")),
    (lambda t: t.linalg.norm(t.ones(2, 2, 2), "fro"), ("linalg.norm: If dim is not specified but "
     "ord is, the input must be 1D or 2D. Got 3D.")),
    (lambda t: t.linalg.eigh(t.zeros(2, 3)), ("linalg.eigh: A must be batches of square "
     "matrices, but they are 2 by 3 matrices")),
    (lambda t: t.linalg.svd(t.ones(3)), ("linalg.svd: The input tensor A must have at least 2 "
     "dimensions.")),
    (lambda t: t.linalg.qr(t.ones(3)), ("linalg.qr: The input tensor A must have at least 2 "
     "dimensions.")),
    (lambda t: t.linalg.matrix_power(t.ones(2, 3), 2), ("linalg.matrix_power: A must be batches "
     "of square matrices, but they are 2 by 3 matrices")),
    (lambda t: t.addmm(t.ones(2, 5), t.ones(2, 3), t.ones(4, 5)), ("mat1 and mat2 shapes cannot "
     "be multiplied (2x3 and 4x5)")),
    (lambda t: t.addmv(t.ones(2), t.ones(2, 3), t.ones(4)), ("size mismatch, got input (2), mat "
     "(2x3), vec (4)")),
    (lambda t: t.baddbmm(t.ones(2, 2, 5), t.ones(2, 2, 3), t.ones(2, 4, 5)), ("Expected size for "
     "first two dimensions of batch2 tensor to be: [2, 3] but got: [2, 4].")),
    (lambda t: t.linalg.multi_dot([t.ones(3)]), ("multi_dot(): expected at least 2 tensors but "
     "got 1")),
]


@pytest.mark.parametrize("fn, message", ERRORS)
def test_linalg_errors(fn, message):
    for lib in (ember, TORCH) if TORCH is not None else (ember,):
        with pytest.raises(RuntimeError) as info:
            fn(lib)
        assert message in str(info.value).replace("torch.", "").replace("ember.", "")


@requires_torch
@pytest.mark.parametrize("fn", [
    lambda t: t.linalg.inv_ex(t.tensor([[2.0, 0.0], [0.0, 4.0]])),
    lambda t: t.linalg.inv_ex(t.zeros(2, 2)).info,
    lambda t: t.linalg.cholesky_ex(t.eye(2) * 4),
    lambda t: t.linalg.cholesky_ex(-t.eye(3)).info,
    # One info per matrix of a batch, and LAPACK's partial factor where it failed.
    lambda t: t.linalg.cholesky_ex(t.stack([t.eye(2), -t.eye(2), 2 * t.eye(2)])),
    lambda t: t.linalg.cholesky_ex(t.tensor([[1.0, 2.0], [2.0, 1.0]]), upper=True),
])
def test_ex_variants_match_torch(fn):
    compare_with_torch(lambda lib: fn(lib), grad=False)


@requires_torch
@pytest.mark.parametrize("fn", [
    lambda t: t.linalg.cholesky(t.stack([t.eye(2), -t.eye(2), 2 * t.eye(2)])),
    lambda t: t.linalg.cholesky_ex(t.stack([t.eye(3), t.eye(3) - 2]), check_errors=True),
    lambda t: t.linalg.cholesky(t.tensor([[1.0, 2.0], [2.0, 1.0]])),
])
def test_cholesky_errors_name_the_batch_element_and_minor(fn):
    messages = []
    for lib in (ember, TORCH):
        with pytest.raises(RuntimeError) as info:
            fn(lib)
        messages.append(str(info.value))
    assert messages[0] == messages[1]


def test_singular_errors_are_linalg_errors():
    with pytest.raises(ember.linalg.LinAlgError):
        ember.linalg.inv(ember.zeros(2, 2))
    with pytest.raises(ember.linalg.LinAlgError):
        ember.linalg.cholesky(-ember.eye(2))


@pytest.mark.parametrize("rows", [
    [[1.0, 2.0], [3.0, 4.0]],
    [[1.0, 2.0], [2.0, 4.0]],
    [[0.0, 1.0], [1.0, 0.0]],
    [[2.0, 0.0, 1.0], [1.0, 3.0, 2.0], [1.0, 1.0, 1.0]],
])
def test_det_of_small_integer_matrices_is_exact(rows):
    # torch factors the transposed matrix with LAPACK and multiplies the pivots: on these small
    # integer matrices every step is exact, so the printed determinant is the integer itself.
    exact = round(float(np.linalg.det(np.array(rows))))
    for dtype in (ember.float32, ember.float64):
        assert ember.linalg.det(ember.tensor(rows, dtype=dtype)).item() == exact


SINGULAR = {
    "rank_n_minus_1": [[0.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 3.0]],
    "rank_one_2x2": [[1.0, 2.0], [2.0, 4.0]],
    "rank_one_3x3": [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]],
    "complex_rank_one": [[1 + 1j, 2.0], [2 + 2j, 4.0]],
}


@requires_torch
@pytest.mark.parametrize("name", sorted(SINGULAR))
@pytest.mark.parametrize("batched", [False, True])
def test_det_gradient_at_singular_matrices_matches_torch(name, batched):
    # A first derivative there is det * A^{-T} = 0 (no error from the missing inverse); one
    # built for differentiating again is the true cofactor matrix, from the SVD.
    def gradients(lib):
        a = lib.tensor(SINGULAR[name], dtype=lib.complex128 if "complex" in name
                       else lib.float64, requires_grad=True)
        stack = lib.stack([a, 2 * lib.eye(a.shape[0], dtype=a.dtype)]) if batched else a
        first = lib.autograd.grad(lib.linalg.det(stack).sum().real, a)[0]
        cofactors = lib.autograd.grad(lib.linalg.det(stack).sum().real, a,
                                      create_graph=True)[0]
        return first, cofactors, a

    ours, theirs = gradients(ember), gradients(TORCH)
    for o, t in zip(ours[:2], theirs[:2]):
        np.testing.assert_allclose(o.detach().cpu().numpy(), t.detach().numpy(), atol=1e-12)
    assert ours[1].requires_grad
    if "complex" not in name:  # |.| of a complex zero singular value has no derivative
        if not batched:
            assert ours[1].grad_fn.name() == theirs[1].grad_fn.name()
        second = [lib.autograd.grad(c.pow(2).sum(), a)[0] for lib, (_, c, a)
                  in ((ember, ours), (TORCH, theirs))]
        if name == "rank_one_3x3":
            # Two zero singular values: the SVD branch divides by their difference, which is
            # 0 or round-off by the LAPACK build and CPU (torch gives nan on an AMD EPYC,
            # numbers on others). The cofactor matrix vanishes at a rank-one 3x3 matrix, so
            # the gradient of its squared norm is 0: that is the reference here.
            np.testing.assert_allclose(second[0].cpu().numpy(), 0.0, atol=1e-12)
        else:
            np.testing.assert_allclose(second[0].cpu().numpy(), second[1].numpy(), atol=1e-12)


def test_det_second_derivative_at_rank_deficient_matrix_gradchecks():
    # The cofactor matrix of A is smooth; at diag(0, 2, 3) its own derivative comes from the
    # SVD branch of det's backward.
    def cofactors(m):
        with ember.enable_grad():
            m = m if m.requires_grad else m.detach().requires_grad_()
            return ember.autograd.grad(ember.linalg.det(m), m, create_graph=True)[0]

    a = ember.tensor(SINGULAR["rank_n_minus_1"], dtype=ember.float64, requires_grad=True)
    assert ember.autograd.gradcheck(cofactors, (a,))


# A vector norm's gradient where entries are exactly zero: below p = 2 the formula's power is
# infinite (p < 1) or multiplies 0 by infinity there, and torch takes the gradient as 0; the
# nonzero count (p = 0) has no gradient, so x.grad stays None. An L0.5 sparsity penalty on
# weights that are exactly zero used to give nan.
@requires_torch
@pytest.mark.parametrize("p", [0.5, 1.5, 3.0])
@pytest.mark.parametrize("dim", [None, 0, 1])
def test_vector_norm_gradient_at_zero_entries(p, dim):
    x = ember.tensor([[0.0, 1.0, -2.0], [0.0, 0.0, 3.0]], dtype=ember.float64, requires_grad=True)
    compare_with_torch(lambda lib, a: lib.linalg.vector_norm(a, p, dim=dim), x, rtol=1e-12)
    y = ember.tensor([[0.0, 1.0], [0.0, 0.0]], dtype=ember.float64, requires_grad=True)
    compare_with_torch(lambda lib, a: a.norm(p, dim=dim), y, rtol=1e-12)


@pytest.mark.parametrize("p", [0.5, 1.5, 3.0])
def test_vector_norm_general_p_gradcheck(p):
    check_gradients(lambda a: ember.linalg.vector_norm(a, p, dim=1), rand64(3, 4))
    check_gradients(lambda a: ember.linalg.vector_norm(a, p), rand64(5))


@requires_torch
def test_vector_norm_zero_order_leaves_grad_none():
    for lib in (ember, TORCH):
        x = lib.tensor([[0.0, 1.0], [2.0, 0.0]], dtype=lib.float64, requires_grad=True)
        out = lib.linalg.vector_norm(x, 0, dim=1)
        assert type(out.grad_fn).__name__ == "LinalgVectorNormBackward0"
        out.sum().backward()
        assert x.grad is None


# beta and alpha of the products with an added term, read as torch's kernels read them: addmm,
# addmv, baddbmm and addbmm convert them to the product's dtype (an integral product truncates
# 2.7 to 2, so a float alpha was a silently different number), while addr checks them as add
# checks its alpha (a float beside integers is an error).
SCALAR_CASES = {
    "addmm_int_truncates": (lambda t: t.addmm(t.ones(2, 2, dtype=t.int64),
                                              t.ones(2, 2, dtype=t.int64),
                                              t.ones(2, 2, dtype=t.int64), alpha=2.7, beta=1.9),
                            [[5, 5], [5, 5]]),
    "addmm_int_negative": (lambda t: t.addmm(t.ones(2, 2, dtype=t.int64),
                                             t.ones(2, 2, dtype=t.int64),
                                             t.ones(2, 2, dtype=t.int64), alpha=-1.5),
                           [[-1, -1], [-1, -1]]),
    "addmv_int_beta_below_one": (lambda t: t.addmv(t.tensor([1, 2]), t.ones(2, 2, dtype=t.int64),
                                                   t.tensor([1, 2]), beta=0.5),
                                 [3, 3]),
    "baddbmm_int": (lambda t: t.baddbmm(t.ones(1, 2, 2, dtype=t.int32),
                                        t.ones(1, 2, 2, dtype=t.int32),
                                        t.ones(1, 2, 2, dtype=t.int32), alpha=2.5, beta=1.5),
                    [[[5, 5], [5, 5]]]),
    "addbmm_uint8_wraps_negative": (lambda t: t.addbmm(t.ones(2, 2, dtype=t.uint8),
                                                       t.ones(1, 2, 2, dtype=t.uint8),
                                                       t.ones(1, 2, 2, dtype=t.uint8), alpha=-1),
                                    [[255, 255], [255, 255]]),
    "addmm_float_complex_no_imag": (lambda t: t.addmm(t.ones(2, 2), t.ones(2, 2), t.ones(2, 2),
                                                      beta=2 + 0j),
                                    [[4.0, 4.0], [4.0, 4.0]]),
    "addr_bool_int_alpha": (lambda t: t.addr(t.zeros(2, 2, dtype=t.bool), t.tensor([True, False]),
                                             t.tensor([True, True]), alpha=2),
                            [[True, True], [False, False]]),
}


@pytest.mark.parametrize("name", sorted(SCALAR_CASES))
def test_product_scalars_are_read_in_the_product_dtype(name):
    fn, expected = SCALAR_CASES[name]
    result = fn(ember)
    assert result.tolist() == expected
    if TORCH is not None:
        theirs = fn(TORCH)
        assert theirs.tolist() == expected
        assert str(result.dtype).replace("ember", "torch") == str(theirs.dtype)


_INTEGRAL_ALPHA = "For integral input tensors, argument alpha must not be a floating point number."
_INTEGRAL_BETA = _INTEGRAL_ALPHA.replace("alpha", "beta")
SCALAR_ERRORS = [
    (lambda t: t.addr(t.ones(2, 2, dtype=t.int64), t.tensor([1, 2]), t.tensor([3, 4]), alpha=0.5),
     RuntimeError, _INTEGRAL_ALPHA),
    (lambda t: t.addr(t.ones(2, 2, dtype=t.int64), t.tensor([1, 2]), t.tensor([3, 4]), beta=0.0),
     RuntimeError, _INTEGRAL_BETA),
    (lambda t: t.addr(t.ones(2, 2, dtype=t.bool), t.tensor([True, False]),
                      t.tensor([True, True]), alpha=1.5),
     RuntimeError, _INTEGRAL_ALPHA),
    (lambda t: t.ones(2, 2, dtype=t.int64).addr_(t.tensor([1, 2]), t.tensor([3, 4]), alpha=2j),
     RuntimeError, _INTEGRAL_ALPHA),
    (lambda t: t.addr(t.ones(2, 2), t.ones(2), t.ones(2), alpha=True),
     RuntimeError, "Boolean alpha only supported for Boolean results."),
    (lambda t: t.addr(t.ones(2, 2), t.ones(2), t.ones(2), beta=True),
     RuntimeError, "Boolean beta only supported for Boolean results."),
    (lambda t: t.addr(t.ones(2, 2), t.ones(2), t.ones(2), beta=1j),
     RuntimeError, "value cannot be converted to type float without overflow"),
    (lambda t: t.addr(t.ones(2, 2, dtype=t.float16), t.ones(2, dtype=t.float16),
                      t.ones(2, dtype=t.float16), alpha=1j),
     RuntimeError, "value cannot be converted to type c10::Half without overflow"),
    (lambda t: t.addmm(t.ones(2, 2), t.ones(2, 2), t.ones(2, 2), alpha=1j),
     RuntimeError, "value cannot be converted to type float without overflow"),
    (lambda t: t.addmv(t.ones(2, dtype=t.float64), t.ones(2, 2, dtype=t.float64),
                       t.ones(2, dtype=t.float64), beta=1j),
     RuntimeError, "value cannot be converted to type double without overflow"),
    (lambda t: t.addmm(t.ones(2, 2, dtype=t.int64), t.ones(2, 2, dtype=t.int64),
                       t.ones(2, 2, dtype=t.int64), alpha=1j),
     RuntimeError, "value cannot be converted to type int64_t without overflow"),
    (lambda t: t.addmm(t.ones(2, 2, dtype=t.int64), t.ones(2, 2, dtype=t.int64),
                       t.ones(2, 2, dtype=t.int64), beta=float("nan")),
     RuntimeError, "value cannot be converted to type int64_t without overflow"),
    (lambda t: t.addmm(t.ones(2, 2, dtype=t.int8), t.ones(2, 2, dtype=t.int8),
                       t.ones(2, 2, dtype=t.int8), alpha=300),
     RuntimeError, "value cannot be converted to type int8_t without overflow"),
    (lambda t: t.addmm(t.ones(2, 2, dtype=t.uint8), t.ones(2, 2, dtype=t.uint8),
                       t.ones(2, 2, dtype=t.uint8), alpha=2 ** 70),
     OverflowError, "int too big to convert"),
    (lambda t: t.addmm(t.ones(2, 2, dtype=t.bool), t.ones(2, 2, dtype=t.bool),
                       t.ones(2, 2, dtype=t.bool)),
     NotImplementedError, "not implemented for 'Bool'"),
    (lambda t: t.baddbmm(t.ones(1, 2, 2, dtype=t.bool), t.ones(1, 2, 2, dtype=t.bool),
                         t.ones(1, 2, 2, dtype=t.bool)),
     NotImplementedError, "not implemented for 'Bool'"),
]


@pytest.mark.parametrize("fn, error, message", SCALAR_ERRORS)
def test_product_scalars_the_dtype_cannot_take_are_refused(fn, error, message):
    for lib in (ember, TORCH) if TORCH is not None else (ember,):
        with pytest.raises(error) as info:
            fn(lib)
        assert message in str(info.value)


def test_addmm_float_scalars_gradcheck():
    # a float product takes beta and alpha as given, in its value and its gradient
    a = rand64(2, 3)
    b = rand64(3, 2, seed=1)
    check_gradients(lambda i, x, y: ember.addmm(i, x, y, beta=0.7, alpha=-2.5),
                    rand64(2, 2, seed=2), a, b)


@pytest.mark.parametrize("ord", [-1, -0.5, float("-inf"), float("inf")])
@pytest.mark.parametrize("shape, dim", [((0,), None), ((2, 0), None), ((2, 0), -1),
                                        ((2, 0), (0, 1)), ((0, 3), 0)])
def test_vector_norm_without_an_identity_refuses_empty_as_torch(ord, shape, dim):
    """A negative or infinite ord over no elements has no value: torch's RuntimeError (ember
    gave inf, or NumPy's ValueError for a max/min of nothing)."""
    with pytest.raises(RuntimeError, match="does not have an identity") as ours:
        ember.linalg.vector_norm(ember.zeros(shape), ord=ord, dim=dim)
    if TORCH is not None:
        with pytest.raises(RuntimeError) as theirs:
            TORCH.linalg.vector_norm(TORCH.zeros(shape), ord=ord, dim=dim)
        assert str(ours.value) == str(theirs.value)
    assert ember.linalg.vector_norm(ember.zeros(2, 0), ord=ord, dim=0).shape == (0,)
