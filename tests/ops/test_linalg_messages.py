"""torch's exception types and messages for bad linear-algebra inputs, word for word.

Singular matrices (naming the batch element), wrong shapes, non-square matrices, batch
mismatches, mixed and integer dtypes, bad options: each case raises under torch and under ember,
and ember's exception has the same type (ember.linalg.LinAlgError for torch's) and message, with
"ember." where torch names itself.
"""

from __future__ import annotations

import warnings

import pytest
from conftest import TORCH, requires_torch

import ember


def c(t, *shape):
    return t.ones(*shape, dtype=t.complex64)


def d(t, *shape):
    return t.ones(*shape, dtype=t.float64)


CASES = {
    "inv_sing": lambda t: t.linalg.inv(t.zeros(3, 3)),
    "inv_batch_sing": lambda t: t.linalg.inv(t.stack([t.eye(2), t.zeros(2, 2)])),
    "inv_int": lambda t: t.linalg.inv(t.ones(2, 2, dtype=t.int64)),
    "inv_1d": lambda t: t.linalg.inv(t.ones(3)),
    "inv_ex_check": lambda t: t.linalg.inv_ex(t.zeros(2, 2), check_errors=True),
    "det_1d": lambda t: t.linalg.det(t.ones(3)),
    "det_int": lambda t: t.linalg.det(t.ones(2, 2, dtype=t.int64)),
    "slogdet_nonsq": lambda t: t.linalg.slogdet(t.ones(2, 3)),
    "logdet_nonsq": lambda t: t.logdet(t.ones(2, 3)),
    "solve_sing": lambda t: t.linalg.solve(t.zeros(3, 3), t.ones(3, 1)),
    "solve_batch_sing": lambda t: t.linalg.solve(
        t.stack([t.eye(2), t.zeros(2, 2)]), t.ones(2, 2, 1)
    ),
    "solve_nonsq": lambda t: t.linalg.solve(t.ones(2, 3), t.ones(2)),
    "solve_dtype": lambda t: t.linalg.solve(t.eye(2), d(t, 2)),
    "solve_cdtype": lambda t: t.linalg.solve(t.eye(2), c(t, 2)),
    "solve_batch": lambda t: t.linalg.solve(t.ones(2, 3, 3), t.ones(4, 3, 1)),
    "solve_int": lambda t: t.linalg.solve(t.ones(2, 2, dtype=t.int64), t.ones(2, 1)),
    "solve_ex_sing": lambda t: t.linalg.solve_ex(t.zeros(2, 2), t.ones(2), check_errors=True),
    "chol_nonpd": lambda t: t.linalg.cholesky(-t.eye(2)),
    "chol_int": lambda t: t.linalg.cholesky(t.ones(2, 2, dtype=t.int64)),
    "chol_1d": lambda t: t.linalg.cholesky(t.ones(2)),
    "chol_ex_check": lambda t: t.linalg.cholesky_ex(-t.eye(2), check_errors=True),
    "qr_mode": lambda t: t.linalg.qr(t.ones(2, 2), mode="x"),
    "qr_int": lambda t: t.linalg.qr(t.ones(2, 2, dtype=t.int64)),
    "svd_int": lambda t: t.linalg.svd(t.ones(2, 2, dtype=t.int64)),
    "svd_driver": lambda t: t.linalg.svd(t.ones(2, 2), driver="gesvd"),
    "svdvals_1d": lambda t: t.linalg.svdvals(t.ones(2)),
    "eigh_uplo": lambda t: t.linalg.eigh(t.eye(2), UPLO="X"),
    "eigvalsh_nonsq": lambda t: t.linalg.eigvalsh(t.ones(2, 3)),
    "eigvalsh_uplo": lambda t: t.linalg.eigvalsh(t.eye(2), UPLO="X"),
    "eig_nonsq": lambda t: t.linalg.eig(t.ones(2, 3)),
    "eigvals_int": lambda t: t.linalg.eigvals(t.ones(2, 2, dtype=t.int64)),
    "pinv_int": lambda t: t.linalg.pinv(t.ones(2, 2, dtype=t.int64)),
    "pinv_1d": lambda t: t.linalg.pinv(t.ones(2)),
    "mrank_int": lambda t: t.linalg.matrix_rank(t.ones(2, 2, dtype=t.int64)),
    "lstsq_shape": lambda t: t.linalg.lstsq(t.ones(3, 2), t.ones(4, 1)),
    "lstsq_dtype": lambda t: t.linalg.lstsq(t.ones(3, 2), d(t, 3, 1)),
    "lstsq_1d": lambda t: t.linalg.lstsq(t.ones(3), t.ones(3)),
    "lstsq_int": lambda t: t.linalg.lstsq(t.ones(3, 2, dtype=t.int64), t.ones(3, 1, dtype=t.int64)),
    "lstsq_driver": lambda t: t.linalg.lstsq(t.ones(3, 2), t.ones(3, 1), driver="foo"),
    "mpow_nonsq": lambda t: t.linalg.matrix_power(t.ones(2, 3), 2),
    "mpow_int_neg": lambda t: t.linalg.matrix_power(t.ones(2, 2, dtype=t.int64), -1),
    "mpow_sing": lambda t: t.linalg.matrix_power(t.zeros(2, 2), -1),
    "lu_factor_sing": lambda t: t.linalg.lu_factor(t.zeros(2, 2)),
    "lu_factor_int": lambda t: t.linalg.lu_factor(t.ones(2, 2, dtype=t.int64)),
    "lu_factor_ex_check": lambda t: t.linalg.lu_factor_ex(t.zeros(2, 2), check_errors=True),
    "lu_solve_shape": lambda t: t.linalg.lu_solve(*t.linalg.lu_factor(t.eye(3)), t.ones(2, 1)),
    "lu_solve_dtype": lambda t: t.linalg.lu_solve(*t.linalg.lu_factor(t.eye(3)), d(t, 3, 1)),
    "lu_solve_nonsq": lambda t: t.linalg.lu_solve(
        t.ones(2, 3), t.ones(2, dtype=t.int32), t.ones(2, 1)
    ),
    "lu_solve_1d": lambda t: t.linalg.lu_solve(*t.linalg.lu_factor(t.eye(3)), t.ones(3)),
    "lu_nonfloat": lambda t: t.linalg.lu(t.ones(2, 2, dtype=t.int64)),
    "soltri_shape": lambda t: t.linalg.solve_triangular(t.eye(3), t.ones(2, 1), upper=True),
    "soltri_nonsq": lambda t: t.linalg.solve_triangular(t.ones(2, 3), t.ones(2, 1), upper=True),
    "soltri_int": lambda t: t.linalg.solve_triangular(
        t.eye(2, dtype=t.int64), t.ones(2, 1), upper=True
    ),
    "soltri_1d": lambda t: t.linalg.solve_triangular(t.eye(2), t.ones(2), upper=True),
    "chsolve_shape": lambda t: t.cholesky_solve(t.ones(2, 1), t.eye(3)),
    "chsolve_dtype": lambda t: t.cholesky_solve(d(t, 3, 1), t.eye(3)),
    "chinv_nonsq": lambda t: t.cholesky_inverse(t.ones(2, 3)),
    "mexp_nonsq": lambda t: t.linalg.matrix_exp(t.ones(2, 3)),
    "mexp_int": lambda t: t.linalg.matrix_exp(t.ones(2, 2, dtype=t.int64)),
    "cond_nonsq_fro": lambda t: t.linalg.cond(t.ones(2, 3), "fro"),
    "cond_int": lambda t: t.linalg.cond(t.ones(2, 2, dtype=t.int64)),
    "cond_ord": lambda t: t.linalg.cond(t.eye(2), 3),
    "multi_dot_shape": lambda t: t.linalg.multi_dot([t.ones(2, 3), t.ones(4, 5)]),
    "multi_dot_dtype": lambda t: t.linalg.multi_dot([t.ones(2, 3), d(t, 3, 5)]),
    "vander_0d": lambda t: t.linalg.vander(t.tensor(1.0)),
    "tensorinv_ind": lambda t: t.linalg.tensorinv(t.ones(4, 2, 2), ind=0),
    "tensorinv_shape": lambda t: t.linalg.tensorinv(t.ones(4, 3), ind=1),
    "tensorsolve_shape": lambda t: t.linalg.tensorsolve(t.ones(2, 3, 6), t.ones(2, 3)),
    "householder_shape": lambda t: t.linalg.householder_product(t.ones(2, 3), t.ones(2)),
    "householder_tau": lambda t: t.linalg.householder_product(t.ones(3, 2), t.ones(3)),
    "ldl_nonsq": lambda t: t.linalg.ldl_factor(t.ones(2, 3)),
    "vnorm_int": lambda t: t.linalg.vector_norm(t.ones(2, dtype=t.int64)),
    "vnorm_ord": lambda t: t.linalg.vector_norm(t.ones(2), "fro"),
    "norm_ord_3d": lambda t: t.linalg.norm(t.ones(2, 2, 2), 2),
    "norm_str_vec": lambda t: t.linalg.norm(t.ones(3), "fro"),
    "mnorm_dim_len": lambda t: t.linalg.matrix_norm(t.ones(2, 3, 3), dim=(1,)),
    "mnorm_same_dims": lambda t: t.linalg.matrix_norm(t.ones(2, 3, 3), dim=(1, -2)),
    "mnorm_dim_range": lambda t: t.linalg.matrix_norm(t.ones(2, 3, 3), dim=(0, 5)),
    "mnorm_int": lambda t: t.linalg.matrix_norm(t.ones(2, 3, 3, dtype=t.int64), 1),
    "mnorm_order_first": lambda t: t.linalg.matrix_norm(t.ones(3, dtype=t.int64), "bogus"),
    "mnorm_int_dtype": lambda t: t.linalg.matrix_norm(t.ones(2, 2), dtype=t.int64),
    "mnorm_complex_to_real": lambda t: t.linalg.matrix_norm(c(t, 2, 2), dtype=t.float64),
    "norm_p_bogus": lambda t: t.ones(3).norm(p="bogus"),
    "nuclear_norm_1d": lambda t: t.nuclear_norm(t.ones(3)),
    "matmul_shape": lambda t: t.matmul(t.ones(2, 3), t.ones(4, 5)),
    "matmul_batch": lambda t: t.matmul(t.ones(2, 2, 3), t.ones(3, 3, 4)),
    "matmul_dtype": lambda t: t.matmul(t.ones(2, 3), d(t, 3, 4)),
    "matmul_cdtype": lambda t: t.matmul(t.ones(2, 3), c(t, 3, 4)),
    "mm_dtype": lambda t: t.mm(t.ones(2, 3), c(t, 3, 4)),
    "bmm_batch": lambda t: t.bmm(t.ones(2, 2, 3), t.ones(3, 3, 4)),
    "inverse_sing": lambda t: t.inverse(t.zeros(2, 2)),
    "det_batch": lambda t: t.det(t.ones(2, 2, 3)),
    "cross_shape": lambda t: t.linalg.cross(t.ones(3), t.ones(2, 4)),
    "diagonal_1d": lambda t: t.linalg.diagonal(t.ones(3)),
    "chol_batch_nonpd": lambda t: t.linalg.cholesky(t.stack([t.eye(2), -t.eye(2)])),
    "eigh_complex_nonherm_int": lambda t: t.linalg.eigh(t.ones(2, 2, dtype=t.int64)),
    "geqrf_1d": lambda t: t.geqrf(t.ones(3)),
    "orgqr_shape": lambda t: t.orgqr(t.ones(2, 3), t.ones(2)),
    "ormqr_shape": lambda t: t.ormqr(t.ones(3, 2), t.ones(2), t.ones(4, 2)),
    "triangular_solve_shape": lambda t: t.triangular_solve(t.ones(2, 1), t.eye(3)),
    "kron_int": lambda t: t.kron(t.ones(2), "x"),
    "dot_shape": lambda t: t.dot(t.ones(2), t.ones(3)),
    "dot_dtype": lambda t: t.dot(t.ones(2), d(t, 2)),
    "vdot_shape": lambda t: t.vdot(c(t, 2), c(t, 3)),
    "mv_shape": lambda t: t.mv(t.ones(2, 3), t.ones(2)),
    "outer_2d": lambda t: t.outer(t.ones(2, 2), t.ones(2)),
    "chain_matmul_1d": lambda t: t.chain_matmul(t.ones(2), t.ones(2)),
}


def _raised(fn, lib):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(Exception) as info:
            fn(lib)
    return info.value


@requires_torch
@pytest.mark.parametrize("name", sorted(CASES))
def test_linalg_error_matches_torch(name):
    theirs = _raised(CASES[name], TORCH)
    ours = _raised(CASES[name], ember)
    if isinstance(theirs, TORCH.linalg.LinAlgError):
        assert type(ours) is ember.linalg.LinAlgError
    else:
        assert type(ours) is type(theirs)
    assert str(ours) == str(theirs).replace("torch.", "ember.")
