"""The rest of torch.linalg (real inputs) and the top-level LU/Cholesky/QR helpers: values and
gradients against torch, float64 gradchecks, and torch's errors."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import TORCH, assert_close, check_gradients, compare_with_torch, requires_torch

import ember


def _matrix(*shape, seed=0, spd=False, well=True):
    rng = np.random.default_rng(seed)
    a = rng.normal(size=shape)
    if spd:
        a = a @ np.swapaxes(a, -1, -2) + shape[-1] * np.eye(shape[-1])
    elif well and len(shape) > 1 and shape[-1] == shape[-2]:
        a = a + 2 * shape[-1] * np.eye(shape[-1]) * 0.5
    return a


def _leaf(array, requires_grad=True):
    return ember.tensor(np.ascontiguousarray(array), dtype=ember.float64,
                        requires_grad=requires_grad)


def _both(fn, *arrays, rtol=1e-10, atol=1e-10, grad=True, check_grad_fn=True):
    inputs = [_leaf(a) if isinstance(a, np.ndarray) and a.dtype.kind == "f" else
              (ember.tensor(np.ascontiguousarray(a)) if isinstance(a, np.ndarray) else a)
              for a in arrays]
    return compare_with_torch(fn, *inputs, rtol=rtol, atol=atol, grad=grad,
                              check_grad_fn=check_grad_fn)


SHAPES = [(3, 3), (2, 4, 4), (5, 3), (3, 5)]


@requires_torch
@pytest.mark.parametrize("shape", SHAPES)
def test_lu_factor_and_lu_match_torch(shape):
    a = _matrix(*shape)
    _both(lambda lib, t: lib.linalg.lu_factor(t), a)
    _both(lambda lib, t: lib.linalg.lu_factor_ex(t)[:2], a)
    _both(lambda lib, t: lib.linalg.lu(t), a)
    _both(lambda lib, t: lib.linalg.lu(t)[1], a)
    # Gradchecks (the slow part) on one matrix of a batch; second order on the square one.
    single = _leaf(a.reshape(-1, *shape[-2:])[0])
    second = shape == (3, 3)
    check_gradients(lambda t: ember.linalg.lu_factor(t).LU, single, second_order=second)
    check_gradients(lambda t: tuple(ember.linalg.lu(t)[1:]), single, second_order=False)


@requires_torch
@pytest.mark.parametrize("shape", SHAPES)
def test_lu_unpack_matches_torch(shape):
    a = _matrix(*shape)
    LU, pivots = TORCH.linalg.lu_factor(TORCH.tensor(a))
    _both(lambda lib, t, p: lib.lu_unpack(t, p), LU.cpu().numpy(), pivots.cpu().numpy())
    check_gradients(lambda t: tuple(ember.lu_unpack(t, ember.tensor(pivots.cpu().numpy()))[1:]),
                    _leaf(LU.cpu().numpy()), second_order=shape == (3, 5))


def test_lu_factor_errors():
    singular = ember.tensor([[1.0, 2.0], [2.0, 4.0]])
    with pytest.raises(RuntimeError, match=r"U\[2,2\] is zero"):
        ember.linalg.lu_factor(singular)
    LU, pivots, info = ember.linalg.lu_factor_ex(singular)
    assert info.item() == 2 and pivots.tolist() == [2, 2]
    assert LU.tolist() == [[2.0, 4.0], [0.5, 0.0]]
    with pytest.raises(RuntimeError, match="LU without pivoting is not implemented on the CPU"):
        ember.linalg.lu_factor(singular, pivot=False)
    with pytest.raises(NotImplementedError, match="\"lu_cpu\" not implemented for 'Long'"):
        ember.linalg.lu_factor(ember.tensor([[1, 2], [3, 4]]))


@requires_torch
@pytest.mark.parametrize("left", [True, False])
@pytest.mark.parametrize("adjoint", [False, True])
def test_lu_solve_matches_torch(left, adjoint):
    a = _matrix(2, 3, 3, seed=1)
    b = _matrix(2, 3, 4, seed=2) if left else _matrix(2, 4, 3, seed=2)
    LU, pivots = TORCH.linalg.lu_factor(TORCH.tensor(a))
    _both(lambda lib, lu, p, rhs: lib.linalg.lu_solve(lu, p, rhs, left=left, adjoint=adjoint),
          LU.cpu().numpy(), pivots.cpu().numpy(), b)
    piv = ember.tensor(pivots.cpu().numpy()[0])
    check_gradients(lambda lu, rhs: ember.linalg.lu_solve(lu, piv, rhs, left=left,
                                                          adjoint=adjoint),
                    _leaf(LU.cpu().numpy()[0]), _leaf(b[0, :3, :3]), second_order=left and adjoint)


@requires_torch
def test_top_level_lu_and_lu_solve():
    a = _matrix(3, 3, seed=4)
    b = _matrix(3, 2, seed=5)
    _both(lambda lib, t: lib.lu(t), a, grad=False)
    _both(lambda lib, t: lib.lu(t, get_infos=True), a, grad=False)
    LU, pivots = TORCH.linalg.lu_factor(TORCH.tensor(a))
    _both(lambda lib, rhs, lu, p: lib.lu_solve(rhs, lu, p), b, LU.cpu().numpy(),
          pivots.cpu().numpy())


@requires_torch
@pytest.mark.parametrize("upper", [True, False])
@pytest.mark.parametrize("left", [True, False])
@pytest.mark.parametrize("unitriangular", [False, True])
def test_solve_triangular_matches_torch(upper, left, unitriangular):
    a = _matrix(2, 4, 4, seed=3)
    b = _matrix(4, 3, seed=6) if left else _matrix(3, 4, seed=6)
    _both(lambda lib, A, B: lib.linalg.solve_triangular(A, B, upper=upper, left=left,
                                                        unitriangular=unitriangular), a, b)
    check_gradients(lambda A, B: ember.linalg.solve_triangular(
        A, B, upper=upper, left=left, unitriangular=unitriangular), _leaf(a[0, :3, :3]),
        _leaf(b[:3, :3]), second_order=upper and left)


@requires_torch
@pytest.mark.parametrize("transpose", [False, True])
def test_triangular_solve_matches_torch(transpose):
    a = _matrix(3, 3, seed=8)
    b = _matrix(3, 2, seed=9)
    _both(lambda lib, B, A: lib.triangular_solve(B, A, upper=False, transpose=transpose),
          b, a)
    # both outputs come from one TriangularSolveBackward0 node, the copy of A's gradient
    # reaching A as well as the solution's
    X, M = ember.triangular_solve(_leaf(b), _leaf(a), upper=False, transpose=transpose)
    assert X.grad_fn is M.grad_fn and X.grad_fn.name() == "TriangularSolveBackward0"
    check_gradients(lambda B, A: ember.triangular_solve(B, A, upper=True, transpose=transpose,
                                                         unitriangular=transpose),
                    _leaf(b), _leaf(a))


@requires_torch
def test_slogdet_sign_alone_gives_a_real_matrix_no_gradient():
    a = _matrix(3, 3, seed=12)
    for lib in (ember, TORCH):
        A = lib.tensor(a, requires_grad=True)
        sign, logabs = lib.linalg.slogdet(A)
        (grad,) = lib.autograd.grad(sign * 2, A, allow_unused=True, retain_graph=True)
        assert grad is None
        (sign + logabs).backward()
        np.testing.assert_allclose(A.grad.detach().cpu().numpy(), np.linalg.inv(a).T,
                                   rtol=1e-12)
    # a complex matrix's sign has a phase gradient on its own
    c = a + 1j * _matrix(3, 3, seed=13)
    compare_with_torch(lambda lib, C: lib.linalg.slogdet(C).sign.real,
                       ember.tensor(c, requires_grad=True), rtol=1e-10, atol=1e-12)


def test_solve_triangular_errors():
    with pytest.raises(RuntimeError, match="B must have at least 2 dimensions"):
        ember.linalg.solve_triangular(ember.eye(3), ember.ones(3), upper=True)
    with pytest.raises(RuntimeError, match="Incompatible shapes"):
        ember.linalg.solve_triangular(ember.eye(3), ember.ones(2, 2), upper=True)


@requires_torch
@pytest.mark.parametrize("upper", [False, True])
def test_cholesky_solve_and_inverse_match_torch(upper):
    spd = _matrix(2, 3, 3, seed=10, spd=True)
    factor = np.linalg.cholesky(spd)
    factor = np.swapaxes(factor, -1, -2) if upper else factor
    b = _matrix(3, 2, seed=11)
    _both(lambda lib, B, L: lib.cholesky_solve(B, L, upper), b, factor)
    _both(lambda lib, L: lib.cholesky_inverse(L, upper), factor)
    _both(lambda lib, L: L.cholesky_inverse(upper), factor)
    # Only L's triangle is read: the gradchecked function takes the triangle itself.
    def triangle(L):
        return L.triu() if upper else L.tril()
    check_gradients(lambda B, L: ember.cholesky_solve(B, triangle(L), upper), _leaf(b),
                    _leaf(factor[0]))
    check_gradients(lambda L: ember.cholesky_inverse(triangle(L), upper), _leaf(factor[0]))


@requires_torch
@pytest.mark.parametrize("shape", [(3, 3), (2, 4, 4), (0, 0), (1, 1)])
def test_matrix_exp_matches_torch(shape):
    a = _matrix(*shape, seed=12) * 0.7
    _both(lambda lib, t: lib.linalg.matrix_exp(t), a)
    _both(lambda lib, t: lib.matrix_exp(t), a)
    if a.size:
        check_gradients(ember.linalg.matrix_exp, _leaf(a.reshape(-1, *shape[-2:])[0]),
                        second_order=shape == (1, 1))
    ours = ember.linalg.matrix_exp(ember.tensor(a, dtype=ember.float32))
    theirs = TORCH.linalg.matrix_exp(TORCH.tensor(a, dtype=TORCH.float32))
    assert ours.dtype == ember.float32
    np.testing.assert_allclose(ours.cpu().numpy(), theirs.cpu().numpy(), rtol=1e-4, atol=1e-5)


@requires_torch
def test_solve_ex_matches_torch():
    a = _matrix(3, 3, seed=13)
    b = _matrix(3, seed=14)
    _both(lambda lib, A, B: lib.linalg.solve_ex(A, B), a, b, check_grad_fn=False)
    _both(lambda lib, A, B: lib.linalg.solve_ex(A, B, left=False), a, b[None, :],
          check_grad_fn=False)
    singular = np.array([[1.0, 2.0], [2.0, 4.0]])
    ours = ember.linalg.solve_ex(ember.tensor(singular), ember.ones(2, dtype=ember.float64))
    theirs = TORCH.linalg.solve_ex(TORCH.tensor(singular), TORCH.ones(2, dtype=TORCH.float64))
    assert ours.info.item() == theirs.info.item() == 2
    np.testing.assert_array_equal(np.isfinite(ours.result.cpu().numpy()),
                                  np.isfinite(theirs.result.cpu().numpy()))
    with pytest.raises(RuntimeError, match="singular"):
        ember.linalg.solve_ex(ember.tensor(singular), ember.ones(2, dtype=ember.float64),
                              check_errors=True)


@requires_torch
@pytest.mark.parametrize("p", [None, 2, -2, 1, -1, float("inf"), float("-inf"), "fro", "nuc"])
def test_cond_matches_torch(p):
    a = _matrix(2, 3, 3, seed=15)
    # torch's own backward fails for the norms that go through inv (it modifies inv's output
    # in place), so only the values are compared there; ember's gradient is gradchecked.
    _both(lambda lib, t: lib.linalg.cond(t, p), a, rtol=1e-9,
          grad=p in (None, 2, -2, "nuc"))
    check_gradients(lambda t: ember.linalg.cond(t, p), _leaf(a), second_order=False)


@requires_torch
@pytest.mark.parametrize("p", [None, -2, 1, -1, float("inf"), float("-inf"), "fro", "nuc"])
def test_cond_of_singular_nan_and_empty_matrices_matches_torch(p):
    """A singular matrix's condition number is inf (nan for 'nuc' of a zero matrix), not
    inv's error; empty matrices give zeros; only 'fro'/'nuc' refuse a non-square empty one."""
    nan = float("nan")
    for values in ([[1.0, 2.0], [2.0, 4.0]], [[0.0, 0.0], [0.0, 0.0]], [[nan, 1.0], [0.0, 1.0]],
                   [[1e300, 1.0], [0.0, 1e-300]]):
        if nan in values[0] and p in (None, -2, "nuc"):
            continue  # torch's SVD refuses non-finite input (a LinAlgError, as ember's)
        ours = ember.linalg.cond(ember.tensor(values, dtype=ember.float64), p)
        theirs = TORCH.linalg.cond(TORCH.tensor(values, dtype=TORCH.float64), p)
        if p in (None, -2, "nuc") and values[0] == [1.0, 2.0]:
            # the smallest singular value is a rounding residue: only its size is defined
            sizes = [t.item() if p != -2 else 1 / t.item() for t in (ours, theirs)]
            assert min(sizes) > 1e15
            continue
        np.testing.assert_array_equal(ours.cpu().numpy(), theirs.numpy())
    for shape in ((2, 0, 0), (0, 3, 3), (3, 0), (0, 2)):
        ones = ember.ones(*shape, dtype=ember.complex128)
        try:
            theirs = TORCH.linalg.cond(TORCH.ones(*shape, dtype=TORCH.complex128), p)
        except RuntimeError as err:
            with pytest.raises(RuntimeError) as ours_err:
                ember.linalg.cond(ones, p)
            assert str(ours_err.value) == str(err)
            continue
        ours = ember.linalg.cond(ones, p)
        assert ours.dtype == ember.float64 and tuple(ours.shape) == tuple(theirs.shape)
        assert not ours.cpu().numpy().any()


@requires_torch
def test_compositions_match_torch():
    a = _matrix(3, 4, seed=16)
    _both(lambda lib, t: lib.linalg.diagonal(t, offset=1), a)
    _both(lambda lib, x, y: lib.linalg.vecdot(x, y), a, _matrix(4, seed=17),
          check_grad_fn=False)
    _both(lambda lib, x, y: lib.linalg.vecdot(x, y, dim=0), a, _matrix(3, 1, seed=18),
          check_grad_fn=False)
    x = _matrix(2, 3, seed=19)
    for N in (None, 2, 5):
        _both(lambda lib, t, N=N: lib.linalg.vander(t, N=N), x)
    with pytest.raises(RuntimeError, match="N must be greater than 1"):
        ember.linalg.vander(ember.ones(3), N=1)
    assert ember.linalg.vander(ember.tensor([1, 2, 3])).tolist() == \
        TORCH.linalg.vander(TORCH.tensor([1, 2, 3])).tolist()
    check_gradients(lambda t: ember.linalg.vander(t, N=4), _leaf(x))
    _both(lambda lib, t: lib.linalg.tensorinv(t, ind=2), _matrix(6, 4, 8, 3, seed=20),
          check_grad_fn=False)
    _both(lambda lib, A, B: lib.linalg.tensorsolve(A, B), _matrix(2, 3, 6, seed=21),
          _matrix(2, 3, seed=22), check_grad_fn=False)
    _both(lambda lib, A, B: lib.linalg.tensorsolve(A, B, dims=(0,)), _matrix(6, 2, 3, seed=23),
          _matrix(2, 3, seed=24), check_grad_fn=False)
    with pytest.raises(RuntimeError, match="strictly positive integer for 'ind'"):
        ember.linalg.tensorinv(ember.ones(2, 2), ind=0)


@requires_torch
@pytest.mark.parametrize("shape,k", [((4, 3), 3), ((5, 3), 2), ((2, 4, 4), 4)])
def test_householder_product_orgqr_ormqr_and_geqrf(shape, k):
    a = _matrix(*shape, seed=25)
    geqrf_ours = ember.geqrf(ember.tensor(a))
    geqrf_theirs = TORCH.geqrf(TORCH.tensor(a))
    np.testing.assert_allclose(geqrf_ours.a.cpu().numpy(), geqrf_theirs.a.cpu().numpy(), rtol=1e-10,
                               atol=1e-12)
    np.testing.assert_allclose(geqrf_ours.tau.cpu().numpy(), geqrf_theirs.tau.cpu().numpy(),
                               rtol=1e-10)
    reflectors = geqrf_theirs.a.cpu().numpy()
    tau = geqrf_theirs.tau.cpu().numpy()[..., :k]
    _both(lambda lib, A, t: lib.linalg.householder_product(A, t), reflectors, tau,
          check_grad_fn=False)
    _both(lambda lib, A, t: lib.orgqr(A, t), reflectors, tau, check_grad_fn=False)
    check_gradients(ember.linalg.householder_product, _leaf(reflectors), _leaf(tau),
                    second_order=False)
    m = shape[-2]
    for left in (True, False):
        for transpose in (False, True):
            other = _matrix(*shape[:-2], m, 2, seed=26) if left else \
                _matrix(*shape[:-2], 2, m, seed=26)
            _both(lambda lib, A, t, o, left=left, transpose=transpose: lib.ormqr(
                A, t, o, left=left, transpose=transpose), reflectors,
                geqrf_theirs.tau.cpu().numpy(), other,
                check_grad_fn=False)
    with pytest.raises(NotImplementedError, match="the derivative for 'geqrf'"):
        ember.geqrf(_leaf(a))[0].sum().backward()


@requires_torch
def test_ldl_factor_and_solve_match_torch():
    sym = np.array([[4.0, 1.0, 2.0], [1.0, -3.0, 0.5], [2.0, 0.5, 3.0]])
    indefinite = np.array([[0.0, 1.0, 2.0], [1.0, 0.0, 0.5], [2.0, 0.5, 3.0]])
    b = _matrix(3, 2, seed=27)
    for a in (sym, indefinite, np.stack([sym, indefinite])):
        ours = ember.linalg.ldl_factor_ex(ember.tensor(a))
        theirs = TORCH.linalg.ldl_factor_ex(TORCH.tensor(a))
        np.testing.assert_allclose(ours.LD.cpu().numpy(), theirs.LD.cpu().numpy(), rtol=1e-12,
                                   atol=1e-15)
        assert ours.pivots.tolist() == theirs.pivots.tolist()
        assert ours.info.tolist() == theirs.info.tolist()
        solved = ember.linalg.ldl_solve(ours.LD, ours.pivots, ember.tensor(b))
        expected = TORCH.linalg.ldl_solve(theirs.LD, theirs.pivots, TORCH.tensor(b))
        np.testing.assert_allclose(solved.cpu().numpy(), expected.cpu().numpy(), rtol=1e-10)
    LD = ember.linalg.ldl_factor(_leaf(sym)).LD
    assert LD.grad_fn.name() == "ember::autograd::NotImplemented"
    with pytest.raises(RuntimeError, match="derivative for aten::linalg_ldl_factor_ex"):
        LD.sum().backward()


@requires_torch
def test_ldl_of_a_complex_hermitian_matrix_uses_the_hermitian_factorisation():
    # hermitian=True factors A = L D L^H (LAPACK's hetrf/hetrs); the symmetric L D L^T of a
    # Hermitian matrix that is not symmetric solves another system
    rng = np.random.default_rng(29)
    c = rng.normal(size=(2, 4, 4)) + 1j * rng.normal(size=(2, 4, 4))
    herm = c + np.conj(np.swapaxes(c, -1, -2))
    b = rng.normal(size=(2, 4, 2)) + 1j * rng.normal(size=(2, 4, 2))
    for hermitian in (True, False):
        ours = ember.linalg.ldl_factor_ex(ember.tensor(herm), hermitian=hermitian)
        theirs = TORCH.linalg.ldl_factor_ex(TORCH.tensor(herm), hermitian=hermitian)
        np.testing.assert_allclose(ours.LD.cpu().numpy(), theirs.LD.cpu().numpy(), rtol=1e-12,
                                   atol=1e-14)
        assert ours.pivots.tolist() == theirs.pivots.tolist()
        solved = ember.linalg.ldl_solve(ours.LD, ours.pivots, ember.tensor(b),
                                        hermitian=hermitian)
        expected = TORCH.linalg.ldl_solve(theirs.LD, theirs.pivots, TORCH.tensor(b),
                                          hermitian=hermitian)
        np.testing.assert_allclose(solved.cpu().numpy(), expected.cpu().numpy(), rtol=1e-10)
    LD, pivots = ember.linalg.ldl_factor(ember.tensor(herm), hermitian=True)
    solved = ember.linalg.ldl_solve(LD, pivots, ember.tensor(b), hermitian=True)
    np.testing.assert_allclose(herm @ solved.cpu().numpy(), b, atol=1e-12)


@requires_torch
@pytest.mark.parametrize("shape", [(20, 8), (8, 20)])
def test_svd_and_pca_lowrank_recover_a_low_rank_matrix(shape):
    rng = np.random.default_rng(28)
    low = rng.normal(size=(shape[0], 3)) @ rng.normal(size=(3, shape[1]))
    ember.manual_seed(0)
    U, S, V = ember.svd_lowrank(ember.tensor(low), q=5)
    np.testing.assert_allclose(((U * S) @ V.mT).cpu().numpy(), low, atol=1e-8)
    expected = TORCH.linalg.svdvals(TORCH.tensor(low)).cpu().numpy()[:5]
    np.testing.assert_allclose(S.cpu().numpy(), expected, atol=1e-8)
    U, S, V = ember.pca_lowrank(ember.tensor(low), q=4)
    centred = low - low.mean(0)
    np.testing.assert_allclose(S.cpu().numpy(), TORCH.linalg.svdvals(TORCH.tensor(centred))[:4],
                               atol=1e-8)
    with pytest.raises(ValueError, match="must be non-negative integer and not greater"):
        ember.pca_lowrank(ember.tensor(low), q=99)


def test_removed_functions_raise_torchs_error():
    with pytest.raises(RuntimeError, match="deprecated since version 1.9 and is now removed"):
        ember.lstsq(ember.eye(2), ember.eye(2))
    with pytest.raises(RuntimeError, match="deprecated since version 1.9 and is now removed"):
        ember.eye(2).solve(ember.eye(2))


@requires_torch
def test_linalg_namespace_is_complete_for_real_inputs():
    missing = sorted(n for n in dir(TORCH.linalg) if not n.startswith("_")
                     and not hasattr(ember.linalg, n))
    # common_notes is torch's docstring table, not a function.
    assert missing == ["common_notes"]


LSTSQ_A = [[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]]
LSTSQ_B = [[1.0, 0.0], [2.0, 1.0], [4.0, 1.0]]


def _lstsq_outputs(lib, driver, dtype, vector=False):
    A = lib.tensor(LSTSQ_A, dtype=dtype) * (1 + 0.5j if dtype is lib.complex128 else 1)
    A = A.detach().requires_grad_()
    B = lib.tensor(LSTSQ_B, dtype=dtype)[:, 0] if vector else lib.tensor(LSTSQ_B, dtype=dtype)
    B = B.detach().requires_grad_()
    result = lib.linalg.lstsq(A, B, driver=driver)
    weights = lib.arange(1.0, 1.0 + result.residuals.numel(), dtype=result.residuals.dtype)
    (result.solution.abs().sum() + (result.residuals * weights).sum()).backward()
    return (*result, A.grad, B.grad)


@requires_torch
@pytest.mark.parametrize("driver", [None, "gels", "gelsy", "gelsd", "gelss"])
@pytest.mark.parametrize("dtype", ["float64", "complex128"])
@pytest.mark.parametrize("vector", [False, True])
def test_lstsq_drivers_report_what_torch_reports(driver, dtype, vector):
    ours = _lstsq_outputs(ember, driver, getattr(ember, dtype), vector)
    theirs = _lstsq_outputs(TORCH, driver, getattr(TORCH, dtype), vector)
    for a, b in zip(ours, theirs):
        assert_close(a, b, rtol=1e-9, atol=1e-12)


def test_lstsq_residuals_gradcheck():
    A = ember.tensor(LSTSQ_A, dtype=ember.float64, requires_grad=True)
    B = ember.tensor(LSTSQ_B, dtype=ember.float64, requires_grad=True)
    assert ember.autograd.gradcheck(
        lambda a, b: ember.linalg.lstsq(a, b, driver="gelsd").residuals, (A, B))


def test_lstsq_rank_deficient_has_no_residuals():
    A = ember.tensor([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])
    result = ember.linalg.lstsq(A, ember.tensor(LSTSQ_B), driver="gelsd")
    assert result.residuals.shape == (0,) and result.rank.item() == 1


@requires_torch
def test_vecdot_conjugates_complex_x():
    # vecdot is sum(conj(x) * y): batched, and by vdot for two vectors (whatever dim says).
    def leaf(*shape, seed):
        array = _matrix(*shape, seed=seed) + 1j * _matrix(*shape, seed=seed + 1)
        return ember.tensor(array, requires_grad=True)

    compare_with_torch(lambda lib, x, y: lib.linalg.vecdot(x, y), leaf(3, 4, seed=20),
                       leaf(4, seed=22), check_grad_fn=False)
    compare_with_torch(lambda lib, x, y: lib.linalg.vecdot(x, y, dim=0).unsqueeze(0),
                       leaf(3, seed=26), leaf(3, seed=24), check_grad_fn=False)
    compare_with_torch(lambda lib, x, y: lib.linalg.vecdot(x, y, dim=0), leaf(3, 4, seed=28),
                       leaf(3, 1, seed=30), check_grad_fn=False)


@requires_torch
@pytest.mark.parametrize("case", [
    ((3,), (3,), "int64", "int64"), ((2, 3), (3,), "int64", "int32"),
    ((3,), (3,), "float32", "int64"), ((3,), (3,), "float32", "complex64"),
    ((2, 3), (3,), "float32", "float64")], ids=str)
def test_vecdot_refuses_what_torch_refuses(case):
    x_shape, y_shape, x_dtype, y_dtype = case
    messages = []
    for lib in (ember, TORCH):
        with pytest.raises(RuntimeError) as error:
            lib.linalg.vecdot(lib.ones(x_shape, dtype=getattr(lib, x_dtype)),
                              lib.ones(y_shape, dtype=getattr(lib, y_dtype)))
        messages.append(str(error.value))
    assert messages[0] == messages[1]


@requires_torch
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_lu_and_lu_unpack_keep_negative_zero_multipliers_like_torch(dtype):
    """A zero below a negative pivot gives the multiplier -0.0, which torch's L keeps (and
    prints as -0.): unpacking must place the unit diagonal, not add an identity's zeros."""
    values = [[4.0, 1.0, 0.0], [1.0, -3.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 2.0]]
    for rows in (values[:3], values):  # square and tall
        ours_a = ember.tensor(rows, dtype=getattr(ember, dtype))
        theirs_a = TORCH.tensor(rows, dtype=getattr(TORCH, dtype))
        ours = [ember.linalg.lu(ours_a), ember.lu_unpack(*ember.linalg.lu_factor(ours_a))]
        theirs = [TORCH.linalg.lu(theirs_a), TORCH.lu_unpack(*TORCH.linalg.lu_factor(theirs_a))]
        for mine, ref in zip(ours, theirs):
            for a, b in zip(mine, ref):
                a, b = a.cpu().numpy(), b.numpy()
                np.testing.assert_array_equal(a, b)
                np.testing.assert_array_equal(np.signbit(a), np.signbit(b))


@requires_torch
@pytest.mark.parametrize("driver", ["gelsd", "gelss"])
@pytest.mark.parametrize("rcond", [0.5, 0.3, 0.0, -1.0, 1.0, 2.0, 1e-12])
@pytest.mark.parametrize("dtype", ["float64", "complex128"])
def test_lstsq_rcond_decides_the_rank_as_each_driver_does(driver, rcond, dtype):
    # rcond was ignored (every driver answered with the full-rank solution): gelss drops the
    # singular values at or below rcond * s_max (all of them from rcond 1 on), gelsd does too
    # but reads an rcond of 1 or more as machine precision, as LAPACK's routines do
    rng = np.random.default_rng(4)
    a = rng.normal(size=(2, 5, 3)) * np.array([3.0, 1.0, 0.4])
    b = rng.normal(size=(2, 5, 2))
    if dtype == "complex128":
        a, b = a * (1 + 0.5j), b * (1 - 0.25j)
    ours = ember.linalg.lstsq(ember.tensor(a), ember.tensor(b), rcond=rcond, driver=driver)
    theirs = TORCH.linalg.lstsq(TORCH.tensor(a), TORCH.tensor(b), rcond=rcond, driver=driver)
    assert ours.rank.tolist() == theirs.rank.tolist()
    assert tuple(ours.residuals.shape) == tuple(theirs.residuals.shape)
    np.testing.assert_allclose(ours.solution.cpu().numpy(), theirs.solution.numpy(), rtol=1e-10,
                               atol=1e-12)
    np.testing.assert_allclose(ours.residuals.cpu().numpy(), theirs.residuals.numpy(),
                               rtol=1e-10)


def test_lstsq_rcond_truncates_gelsy_by_its_pivoted_qr():
    # gelsy's rank comes from its column-pivoted QR, and its solution is the minimum-norm one of
    # that truncated problem (not the SVD truncation's): LAPACK's own routine, through SciPy.
    # (torch's gelsy leaves its pivot array uninitialised, so which columns it keeps, and the
    # answer, change from call to call once rcond truncates: no fixed value to compare with.)
    import scipy.linalg
    rng = np.random.default_rng(5)
    a, b = rng.normal(size=(5, 3)) * np.array([3.0, 1.0, 0.4]), rng.normal(size=(5, 2))
    out = ember.linalg.lstsq(ember.tensor(a), ember.tensor(b), rcond=0.5)
    solution, _, rank, _ = scipy.linalg.lstsq(a, b, cond=0.5, lapack_driver="gelsy")
    assert out.rank.item() == rank < 3
    np.testing.assert_allclose(out.solution.cpu().numpy(), solution, rtol=1e-12)
    full = ember.linalg.lstsq(ember.tensor(a), ember.tensor(b))
    assert full.rank.item() == 3


@requires_torch
def test_forward_mode_through_slogdet_and_one_node_ops_matches_torch():
    # slogdet's outputs are 0-d (its tangents were NumPy scalars, which failed to print), and
    # the ops recorded as one node (householder_product, dist) differentiate their composition
    # again on detached inputs in forward mode
    a = _matrix(3, 3, seed=14)
    direction = _matrix(3, 3, seed=15, well=False)
    tau = np.array([1.2, 0.3])
    results = []
    for lib in (ember, TORCH):
        fw = lib.autograd.forward_ad
        with fw.dual_level():
            dual = fw.make_dual(lib.tensor(a), lib.tensor(direction))
            sign, logabs = lib.linalg.slogdet(dual)
            outs = (sign, logabs, lib.linalg.householder_product(dual, lib.tensor(tau)),
                    lib.dist(dual, lib.tensor(a).T))
            results.append([fw.unpack_dual(out).tangent.cpu().numpy(force=True) for out in outs])
            if lib is ember:
                assert repr(fw.unpack_dual(logabs).tangent).startswith("tensor(")
    for ours, theirs in zip(*results):
        assert ours.shape == theirs.shape
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("left", [True, False])
def test_solve_triangular_with_a_broadcast_matrix_folds_the_batch(left):
    # A matrix repeated along batch dims (broadcast, or expanded as MultivariateNormal does)
    # is solved once for all the right-hand sides it meets: the same values and gradients as
    # torch, whose MultivariateNormal folds them the same way
    rng = np.random.default_rng(4)
    raw = rng.standard_normal((3, 1, 4, 4))
    tril = np.tril(raw) + 4 * np.eye(4)
    rhs = rng.standard_normal((3, 5, 4, 2) if left else (3, 5, 2, 4))
    weights = rng.standard_normal((3, 5, 4, 2) if left else (3, 5, 2, 4))

    def run(lib, expand):
        A = lib.tensor(tril, requires_grad=True)
        B = lib.tensor(rhs, requires_grad=True)
        matrix = A.expand(3, 5, 4, 4) if expand else A
        X = lib.linalg.solve_triangular(matrix, B, upper=False, left=left)
        (X * lib.tensor(weights)).sum().backward()
        return X.detach().cpu().numpy(), A.grad.cpu().numpy(), B.grad.cpu().numpy()

    for expand in (False, True):
        ours = run(ember, expand)
        looped = np.stack([np.stack([
            np.linalg.solve(tril[i, 0], rhs[i, j]) if left else
            np.linalg.solve(tril[i, 0].T, rhs[i, j].T).T for j in range(5)]) for i in range(3)])
        np.testing.assert_allclose(ours[0], looped, rtol=1e-12, atol=1e-12)
        if TORCH is not None:
            for got, want in zip(ours, run(TORCH, expand)):
                np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
    small_rhs = rhs[:2, :2, :3, :1] if left else rhs[:2, :2, :1, :3]
    assert ember.autograd.gradcheck(
        lambda a, b: ember.linalg.solve_triangular(a.tril(), b, upper=False, left=left),
        (ember.tensor(tril[:2, :, :3, :3], requires_grad=True),
         ember.tensor(small_rhs, requires_grad=True)))
