"""Forward mode through the ops that assume a symmetric input (cholesky, eigh) uses the whole
tangent, as torch's forward formulas do, not its symmetric part: jvp and jacfwd with a
non-symmetric tangent (jacfwd's basis tangents are) give torch's numbers. With a symmetric
tangent the result is the derivative of the op, checked against central differences."""
import numpy as np
import pytest

import ember
import ember.autograd.forward_ad as fwAD
from conftest import TORCH, requires_torch


def _np(tensor):
    return tensor.detach().cpu().numpy()


def _spd(n=4, seed=0, batch=()):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal(batch + (n, n))
    return a @ np.swapaxes(a, -1, -2) + n * np.eye(n)


def _tangent(n=4, seed=1, batch=()):
    return np.random.default_rng(seed).standard_normal(batch + (n, n))


def _push(fn, a, t):
    with fwAD.dual_level():
        out = fn(fwAD.make_dual(ember.tensor(a), ember.tensor(t)))
        outs = out if isinstance(out, tuple) else (out,)
        return [_np(fwAD.unpack_dual(o).tangent) for o in outs]


def _phi(x):
    return np.tril(x, -1) + 0.5 * np.eye(x.shape[-1]) * x


@pytest.mark.parametrize("upper", [False, True])
def test_cholesky_tangent_is_torchs_formula_with_the_whole_tangent(upper):
    a, t = _spd(), _tangent()
    (got,) = _push(lambda x: ember.linalg.cholesky(x, upper=upper), a, t)
    lower = np.linalg.cholesky(a)
    inv = np.linalg.inv(lower)
    expected = lower @ _phi(inv @ t @ inv.T)
    np.testing.assert_allclose(got, expected.T if upper else expected, rtol=1e-12, atol=1e-12)
    # not the symmetric part's tangent, which the transposed backward rule would give
    sym = lower @ _phi(inv @ (t + t.T) / 2 @ inv.T)
    assert np.abs(expected - sym).max() > 1e-3


def test_eigh_tangents_are_torchs_formula_with_the_whole_tangent():
    a, t = _spd(seed=2), _tangent(seed=3)
    got_values, got_vectors = _push(ember.linalg.eigh, a, t)
    values, vectors = np.linalg.eigh(a)
    p = vectors.T @ t @ vectors
    gaps = values[None, :] - values[:, None]
    np.fill_diagonal(gaps, np.inf)
    np.testing.assert_allclose(got_values, np.diag(p), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(got_vectors, vectors @ (p / gaps), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("op", ["cholesky", "cholesky_upper", "cholesky_ex", "eigh_values",
                                "eigh_vectors", "eigvalsh"])
def test_symmetric_tangents_match_central_differences(op):
    fn = {"cholesky": lambda x: ember.linalg.cholesky(x),
          "cholesky_upper": lambda x: ember.linalg.cholesky(x, upper=True),
          "cholesky_ex": lambda x: ember.linalg.cholesky_ex(x)[0],
          "eigh_values": lambda x: ember.linalg.eigh(x)[0],
          "eigh_vectors": lambda x: ember.linalg.eigh(x)[1],
          "eigvalsh": ember.linalg.eigvalsh}[op]
    a, t = _spd(seed=4), _tangent(seed=5)
    t = t + t.T
    (got,) = _push(fn, a, t)[-1:] if op == "eigh_vectors" else _push(fn, a, t)[:1]
    eps = 1e-6
    plus = _np(fn(ember.tensor(a + eps * t)))
    minus = _np(fn(ember.tensor(a - eps * t)))
    np.testing.assert_allclose(got, (plus - minus) / (2 * eps), rtol=1e-6, atol=1e-7)


def test_batched_and_float32_tangents():
    a, t = _spd(batch=(2,)), _tangent(batch=(2,))
    (got,) = _push(ember.linalg.cholesky, a, t)
    for i in range(2):
        (one,) = _push(ember.linalg.cholesky, a[i], t[i])
        np.testing.assert_allclose(got[i], one, rtol=1e-12, atol=1e-12)
    (single,) = _push(ember.linalg.cholesky, a[0].astype(np.float32), t[0].astype(np.float32))
    assert single.dtype == np.float32
    np.testing.assert_allclose(single, got[0], rtol=1e-4, atol=1e-5)


@requires_torch
@pytest.mark.parametrize("name", ["cholesky", "cholesky_upper", "eigh", "log_det"])
def test_jacfwd_and_jvp_match_torch(name):
    def build(lib):
        return {"cholesky": lambda x: lib.linalg.cholesky(x),
                "cholesky_upper": lambda x: lib.linalg.cholesky(x, upper=True),
                "eigh": lambda x: lib.linalg.eigh(x)[1].sum(0),
                "log_det": lambda x: lib.linalg.cholesky(x).diagonal().log().sum() * 2}[name]
    a, t = _spd(3, seed=6), _tangent(3, seed=7)
    ours = _np(ember.func.jacfwd(build(ember))(ember.tensor(a)))
    theirs = TORCH.func.jacfwd(build(TORCH))(TORCH.tensor(a)).numpy()
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)
    _, ours = ember.func.jvp(build(ember), (ember.tensor(a),), (ember.tensor(t),))
    _, theirs = TORCH.func.jvp(build(TORCH), (TORCH.tensor(a),), (TORCH.tensor(t),))
    np.testing.assert_allclose(_np(ours), theirs.numpy(), rtol=1e-10, atol=1e-12)


# Second derivatives. torch.func.hessian is jacfwd over jacrev, and functional.hessian with
# outer_jacobian_strategy="forward-mode" is forward over reverse too: the tangents go through
# the forward formulas above and then through the backward pass. Off the symmetric matrices
# that is not the reverse-over-reverse Hessian (the forward formula uses the whole tangent, the
# backward rule a symmetrised gradient), so both must run forward over reverse to give torch's.

def _scalar(lib, name):
    weights = lib.tensor(np.linspace(-1.0, 2.0, 16).reshape(4, 4) ** 2)
    return {"cholesky": lambda x: lib.linalg.cholesky(x).diagonal().log().sum(),
            "cholesky_upper": lambda x: (lib.linalg.cholesky(x, upper=True) ** 3).sum(),
            "cholesky_ex": lambda x: (lib.linalg.cholesky_ex(x).L ** 3 * weights).sum(),
            "eigvalsh": lambda x: (lib.linalg.eigvalsh(x) ** 3).sum(),
            "eigvalsh_upper": lambda x: (lib.linalg.eigvalsh(x, UPLO="U") ** 3).sum(),
            "eigh_vectors": lambda x: (lib.linalg.eigh(x).eigenvectors ** 2 * weights).sum(),
            "cholesky_solve": lambda x: (lib.cholesky_solve(weights[:, :2],
                                                            lib.linalg.cholesky(x)) ** 2).sum(),
            }[name]


_SECOND_ORDER = ["cholesky", "cholesky_upper", "cholesky_ex", "eigvalsh", "eigvalsh_upper",
                 "eigh_vectors", "cholesky_solve"]


def _non_symmetric(seed=8):
    return _spd(seed=seed) + 0.5 * _tangent(seed=seed + 1)


@requires_torch
@pytest.mark.parametrize("name", _SECOND_ORDER)
@pytest.mark.parametrize("how", ["func.hessian", "jacfwd(jacrev)", "functional forward-mode",
                                 "functional reverse-mode"])
def test_hessians_off_the_symmetric_matrices_match_torch(name, how):
    a = _non_symmetric()

    def hessian(lib):
        f = _scalar(lib, name)
        x = lib.tensor(a)
        if how == "func.hessian":
            return lib.func.hessian(f)(x)
        if how == "jacfwd(jacrev)":
            return lib.func.jacfwd(lib.func.jacrev(f))(x)
        strategy = how.split()[1]
        return lib.autograd.functional.hessian(f, x, vectorize=strategy == "forward-mode",
                                               outer_jacobian_strategy=strategy)

    theirs = hessian(TORCH).detach().numpy()
    ours = _np(hessian(ember))
    scale = np.abs(theirs).max()
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-11 * scale)


@pytest.mark.parametrize("name", _SECOND_ORDER)
def test_forward_over_reverse_hessian_is_the_gradients_derivative_on_symmetric_directions(name):
    # On a symmetric input along a symmetric direction every formula is the true derivative:
    # H t equals the central difference of the (reverse-mode) gradient.
    f = _scalar(ember, name)
    a, t = _spd(seed=10), _tangent(seed=11)
    t = t + t.T
    hess = _np(ember.func.hessian(f)(ember.tensor(a)))
    eps = 1e-6
    plus = _np(ember.func.grad(f)(ember.tensor(a + eps * t)))
    minus = _np(ember.func.grad(f)(ember.tensor(a - eps * t)))
    np.testing.assert_allclose(np.tensordot(hess, t, axes=2), (plus - minus) / (2 * eps),
                               rtol=1e-6, atol=1e-7)


def test_forward_mode_jacobian_of_plain_ops_is_the_reverse_mode_one():
    def f(x, y):
        return (x.sin() @ y, (x * y.T).sum(0).exp())

    x = ember.tensor(_tangent(3, seed=12)[:, :2].copy())
    y = ember.tensor(_tangent(3, seed=13)[:2, :].copy())
    forward = ember.autograd.functional.jacobian(f, (x, y), vectorize=True,
                                                 strategy="forward-mode")
    reverse = ember.autograd.functional.jacobian(f, (x, y))
    for row_f, row_r in zip(forward, reverse):
        for block_f, block_r in zip(row_f, row_r):
            assert block_f.shape == block_r.shape
            np.testing.assert_allclose(_np(block_f), _np(block_r), rtol=1e-12, atol=1e-14)


@requires_torch
def test_deprecated_cholesky_has_no_forward_derivative_as_in_torch():
    a, t = _spd(3, seed=14), _tangent(3, seed=15)
    raised = []
    for lib in (ember, TORCH):
        with pytest.raises(NotImplementedError) as error:
            lib.func.jvp(lib.cholesky, (lib.tensor(a),), (lib.tensor(t),))
        raised.append(str(error.value))
    assert raised[0] == raised[1]
    assert "forward AD with cholesky" in raised[0]


def test_hessian_away_from_the_symmetric_ops_is_reverse_over_reverse():
    # forward over reverse pushes a tangent per input element through the function; where no
    # op has a forward formula of its own the two orders agree and reverse over reverse runs
    # the function once (plus one call to see which ops it reaches)
    calls = []

    def f(x):
        calls.append(1)
        return (x.sin() * x.cumsum(0)).sum() + (x @ x) ** 2
    x = ember.linspace(-1, 1, 10, dtype=ember.float64)
    h = ember.func.hessian(f)(x)
    assert len(calls) <= 2
    expected = ember.autograd.functional.hessian(f, x)
    np.testing.assert_allclose(h.cpu().numpy(), expected.cpu().numpy(), rtol=1e-12, atol=1e-12)


def test_hessian_through_cholesky_still_runs_forward_over_reverse():
    calls = []

    def f(a):
        calls.append(1)
        return ember.linalg.cholesky(a @ a.mT + ember.eye(3, dtype=a.dtype)).sum()
    ember.func.hessian(f)(ember.eye(3, dtype=ember.float64) * 0.5)
    assert len(calls) > 2
