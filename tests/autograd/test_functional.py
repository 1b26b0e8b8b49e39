"""autograd.functional, forward-mode AD and ember.func, checked against finite differences and
against torch."""
import numpy as np
import pytest

import ember
import ember.autograd.forward_ad as fwAD
from ember.autograd import functional as F
from conftest import CPU_RNG, TORCH, cpu_only, requires_torch, to_torch


def f_vec(lib, x, y):
    return (x.sin() * y.exp() + x * x * y, (x * y).sum().tanh())


def f_scalar(x):
    return (x.sin() * x ** 2).sum() + x.prod()


def inputs(seed=0, n=3):
    rng = np.random.default_rng(seed)
    return tuple(ember.tensor(rng.uniform(-1, 1, n), dtype=ember.float64) for _ in range(2))


def numeric_jacobian(fn, x, eps=1e-6):
    """Central differences of fn (tensor -> tensor) at x, shape out.shape + x.shape."""
    base = fn(x)
    flat = x.detach().cpu().numpy().reshape(-1).copy()
    cols = []
    for k in range(flat.size):
        plus, minus = flat.copy(), flat.copy()
        plus[k] += eps
        minus[k] -= eps
        fp = fn(ember.tensor(plus.reshape(x.shape))).cpu().numpy()
        fm = fn(ember.tensor(minus.reshape(x.shape))).cpu().numpy()
        cols.append((fp - fm) / (2 * eps))
    return np.stack(cols, -1).reshape(tuple(base.shape) + tuple(x.shape))


def test_jacobian_matches_finite_differences():
    x, y = inputs()
    jac = F.jacobian(lambda a: f_vec(ember, a, y)[0], x)
    num = numeric_jacobian(lambda a: f_vec(ember, a, y)[0], x)
    np.testing.assert_allclose(jac.cpu().numpy(), num, rtol=1e-6, atol=1e-8)


def test_hessian_matches_finite_differences_of_gradient():
    x, _ = inputs(1)

    def gradient(a):
        a = a.detach().requires_grad_()
        return ember.autograd.grad(f_scalar(a), a)[0]
    np.testing.assert_allclose(F.hessian(f_scalar, x).cpu().numpy(), numeric_jacobian(gradient, x),
                               rtol=1e-6, atol=1e-7)


def test_jvp_equals_jacobian_times_vector_and_vjp_its_transpose():
    x, y = inputs(2)
    v = ember.tensor([0.3, -1.0, 2.0], dtype=ember.float64)
    fn = lambda a: f_vec(ember, a, y)[0]  # noqa: E731
    jac = F.jacobian(fn, x).cpu().numpy()
    _, jv = F.jvp(fn, x, v)
    _, vj = F.vjp(fn, x, v)
    np.testing.assert_allclose(jv.cpu().numpy(), jac @ v.cpu().numpy(), rtol=1e-10)
    np.testing.assert_allclose(vj.cpu().numpy(), v.cpu().numpy() @ jac, rtol=1e-10)
    _, hv = F.hvp(f_scalar, x, v)
    np.testing.assert_allclose(hv.cpu().numpy(),
                               F.hessian(f_scalar, x).cpu().numpy() @ v.cpu().numpy(),
                               rtol=1e-10)


def test_strict_mode_rejects_independent_output():
    x, _ = inputs()
    with pytest.raises(RuntimeError, match="Output 0 of the user-provided function does not "
                                           "require gradients"):
        F.vjp(lambda a: a.detach() * 2, x, ember.ones(3, dtype=ember.float64), strict=True)
    with pytest.raises(RuntimeError, match="Output 0 of the user-provided function is "
                                           "independent of input 1"):
        F.jacobian(lambda a, b: a * 2, (x, x), strict=True)


# Calls PyTorch refuses, each with its own error: strict mode at every stage, v of the wrong
# length or size, non-tensor inputs and outputs, a non-scalar function for hessian/hvp/vhp,
# and the strategy/vectorize/create_graph combinations jacobian does not take.
def _misuse(name):
    def call(lib):
        TF = lib.autograd.functional
        x = lib.tensor([1.0, 2.0], dtype=lib.float64)
        y = lib.ones(1, 3, dtype=lib.float64)
        pair = lambda a, b: (a.sum() * b, (a ** 2).sum())  # noqa: E731
        return {
            "jacobian const": lambda: TF.jacobian(lambda a: lib.ones(2), x, strict=True),
            "vjp const": lambda: TF.vjp(lambda a: lib.ones(2), x, lib.ones(2), strict=True),
            "jvp const": lambda: TF.jvp(lambda a: lib.ones(2), x, lib.ones(2), strict=True),
            "vjp independent": lambda: TF.vjp(lambda a, b: a * 2, (x, x), lib.ones(2),
                                              strict=True),
            "jvp independent": lambda: TF.jvp(lambda a, b: a * 2, (x, y),
                                              (lib.ones(2), lib.ones(1, 3)), strict=True),
            "hessian linear": lambda: TF.hessian(lambda a: (a * 2).sum(), x, strict=True),
            "hessian const": lambda: TF.hessian(lambda a: lib.ones(()), x, strict=True),
            "hessian vector": lambda: TF.hessian(lambda a: a * 2, x),
            "hessian tuple out": lambda: TF.hessian(lambda a: ((a ** 3).sum(),), x),
            "hvp linear": lambda: TF.hvp(lambda a: (a * 2).sum(), x, lib.ones(2), strict=True),
            "hvp vector": lambda: TF.hvp(lambda a: a * 2, x, lib.ones(2)),
            "hvp no v": lambda: TF.hvp(lambda a: (a ** 3).sum(), x),
            "vhp const": lambda: TF.vhp(lambda a: lib.ones(()), x, lib.ones(2), strict=True),
            "vjp v size": lambda: TF.vjp(lambda a: a * 2, x, lib.ones(3)),
            "jvp v size": lambda: TF.jvp(lambda a: a * 2, x, lib.ones(3)),
            "vjp v length": lambda: TF.vjp(pair, (x, y), (lib.ones(1, 3),)),
            "vjp v entry": lambda: TF.vjp(pair, (x, y), (lib.ones(3), lib.ones(()))),
            "vjp v single": lambda: TF.vjp(lambda a: a, x, (lib.ones(2), lib.ones(2))),
            "vjp no v": lambda: TF.vjp(lambda a: a, x),
            "vjp list v": lambda: TF.vjp(lambda a: a, x, [1.0, 2.0]),
            "jacobian float out": lambda: TF.jacobian(lambda a: 3.0, x),
            "jacobian list in": lambda: TF.jacobian(lambda a: a, [x]),
            "jacobian tuple in": lambda: TF.jacobian(lambda a, b: a, (x, 3)),
            "jacobian empty out": lambda: TF.jacobian(lambda a: a[:0], x),
            "vectorize strict": lambda: TF.jacobian(lambda a: a * 2, x, strict=True,
                                                    vectorize=True),
            "forward no vectorize": lambda: TF.jacobian(lambda a: a * 2, x,
                                                        strategy="forward-mode"),
            "forward create_graph": lambda: TF.jacobian(lambda a: a.sin(), x, vectorize=True,
                                                        strategy="forward-mode",
                                                        create_graph=True),
            "forward strict": lambda: TF.jacobian(lambda a: a.sin(), x, vectorize=True,
                                                  strategy="forward-mode", strict=True),
            "bad strategy": lambda: TF.jacobian(lambda a: a * 2, x, strategy="sideways"),
            "hessian bad strategy": lambda: TF.hessian(lambda a: (a ** 3).sum(), x,
                                                       outer_jacobian_strategy="sideways"),
        }[name]()
    return call


@requires_torch
@pytest.mark.parametrize("name", [
    "jacobian const", "vjp const", "jvp const", "vjp independent", "jvp independent",
    "hessian linear",
    "hessian const", "hessian vector", "hessian tuple out", "hvp linear", "hvp vector",
    "hvp no v", "vhp const", "vjp v size", "jvp v size", "vjp v length", "vjp v entry",
    "vjp v single", "vjp no v", "vjp list v", "jacobian float out", "jacobian list in",
    "jacobian tuple in", "jacobian empty out", "vectorize strict", "forward no vectorize",
    "forward create_graph", "forward strict", "bad strategy", "hessian bad strategy"])
def test_functional_misuse_raises_torchs_error(name):
    with pytest.raises(Exception) as theirs:
        _misuse(name)(TORCH)
    with pytest.raises(Exception) as ours:
        _misuse(name)(ember)
    assert type(ours.value) is type(theirs.value)
    assert str(ours.value) == str(theirs.value).replace("torch.", "ember.")


@requires_torch
def test_functional_tuples_create_graph_and_strict_results_match_torch():
    def results(lib):
        TF = lib.autograd.functional
        x = lib.tensor([1.0, 2.0], dtype=lib.float64)
        y = lib.tensor([[0.5, -1.0, 2.0]], dtype=lib.float64)
        pair = lambda a, b: (a.sum() * b, (a ** 2).sum())  # noqa: E731
        scalar = lambda a, b: (a.sum() * b).sum() + (a ** 3).sum()  # noqa: E731
        v = (lib.ones(2, dtype=lib.float64), lib.ones(1, 3, dtype=lib.float64))
        return [
            TF.jacobian(pair, (x, y)), TF.jacobian(lambda a: a * 3, lib.tensor(2.0)),
            TF.vjp(pair, (x, y), (lib.ones(1, 3, dtype=lib.float64), lib.tensor(2.0))),
            TF.jvp(pair, (x, y), v), TF.hessian(scalar, (x, y)), TF.hvp(scalar, (x, y), v),
            TF.vhp(scalar, (x, y), v), TF.hvp(lambda a: (a ** 2).sum(), x, v[0], strict=True),
            TF.hessian(lambda a: (a ** 2).sum(), x, strict=True, create_graph=True),
        ]

    def flat(value):
        if isinstance(value, (tuple, list)):
            return [leaf for inner in value for leaf in flat(inner)]
        return [(value.detach().cpu().numpy().tolist(), value.requires_grad)]
    assert flat(results(ember)) == flat(results(TORCH))


@requires_torch
@pytest.mark.parametrize("name", ["jacobian", "hessian", "jvp", "vjp", "hvp", "vhp"])
def test_functional_matches_torch(name):
    import torch.autograd.functional as TF
    x, _ = inputs(3)
    v = ember.tensor([1.0, -0.5, 0.25], dtype=ember.float64)
    ours = getattr(F, name)
    theirs = getattr(TF, name)
    scalar = name in ("hessian", "hvp", "vhp")
    f_e = f_scalar if scalar else (lambda a: a.exp() * a.sum())
    f_t = (lambda a: (a.sin() * a ** 2).sum() + a.prod()) if scalar else \
        (lambda a: a.exp() * a.sum())
    args_e = (f_e, x) + ((v,) if name not in ("jacobian", "hessian") else ())
    args_t = (f_t, to_torch(x)) + ((to_torch(v),) if name not in ("jacobian", "hessian") else ())
    a, b = ours(*args_e), theirs(*args_t)
    if isinstance(b, tuple):
        for p, q in zip(a, b):
            np.testing.assert_allclose(p.cpu().numpy(), q.cpu().numpy(), rtol=1e-10)
    else:
        np.testing.assert_allclose(a.cpu().numpy(), b.cpu().numpy(), rtol=1e-10)


# --- forward mode ----------------------------------------------------------------------------

FORWARD_CASES = {
    "elementwise": lambda lib, x: (x.sin() * x.exp() + x.tanh()) / (1 + x * x),
    "reduction": lambda lib, x: lib.stack([x.sum(), x.mean(), (x * x).prod(), x.max()]),
    "matmul": lambda lib, x: lib.arange(12, dtype=lib.float64).reshape(4, 3) @ x,
    "activation": lambda lib, x: x.sigmoid() * x.relu() + x.logsumexp(0),
    "indexing": lambda lib, x: lib.cat([x[1:], x[:1] * 3]),
}


@pytest.mark.parametrize("case", sorted(FORWARD_CASES))
def test_forward_ad_tangent_is_jacobian_times_tangent(case):
    fn = FORWARD_CASES[case]
    x, _ = inputs(4)
    t = ember.tensor([0.5, -1.0, 2.0], dtype=ember.float64)
    with fwAD.dual_level():
        out = fn(ember, fwAD.make_dual(x, t))
        primal, tangent = fwAD.unpack_dual(out)
    expected = numeric_jacobian(lambda a: fn(ember, a), x) @ t.cpu().numpy()
    np.testing.assert_allclose(tangent.cpu().numpy(), expected, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(primal.cpu().numpy(), fn(ember, x).cpu().numpy())


def test_forward_ad_inplace_and_exit_clears_tangents():
    x, _ = inputs()
    with fwAD.dual_level():
        d = fwAD.make_dual(x, ember.ones(3, dtype=ember.float64))
        y = d.clone()
        y.mul_(3)
        assert fwAD.unpack_dual(y).tangent.tolist() == [3.0, 3.0, 3.0]
    assert fwAD.unpack_dual(y).tangent is None


def test_forward_ad_errors():
    x, _ = inputs()
    with pytest.raises(RuntimeError, match="enter a dual level"):
        fwAD.make_dual(x, x)
    with fwAD.dual_level():
        with pytest.raises(RuntimeError, match=r"size \[3\] while the given forward gradient "
                                               r"is of size \[2\]"):
            fwAD.make_dual(x, ember.ones(2, dtype=ember.float64))


@requires_torch
def test_forward_ad_matches_torch():
    import torch.autograd.forward_ad as tfw
    x, _ = inputs(5)
    t = ember.tensor([1.0, 0.5, -1.0], dtype=ember.float64)
    fn = FORWARD_CASES["elementwise"]
    with fwAD.dual_level():
        ours = fwAD.unpack_dual(fn(ember, fwAD.make_dual(x, t))).tangent
    with tfw.dual_level():
        theirs = tfw.unpack_dual(fn(TORCH, tfw.make_dual(to_torch(x), to_torch(t)))).tangent
    np.testing.assert_allclose(ours.cpu().numpy(), theirs.cpu().numpy(), rtol=1e-12)


# --- ember.func -------------------------------------------------------------------------------

@requires_torch
def test_func_transforms_match_torch():
    x, _ = inputs(6)
    xt = to_torch(x)
    fs = lambda a: (a.sin() * a ** 2).sum()  # noqa: E731
    fv = lambda a: a.exp() * a  # noqa: E731
    pairs = [
        (ember.func.grad(fs)(x), TORCH.func.grad(fs)(xt)),
        (ember.func.hessian(fs)(x), TORCH.func.hessian(fs)(xt)),
        (ember.func.jacrev(fv)(x), TORCH.func.jacrev(fv)(xt)),
        (ember.func.jacfwd(fv)(x), TORCH.func.jacfwd(fv)(xt)),
        (ember.func.jvp(fv, (x,), (x * 0 + 1,))[1], TORCH.func.jvp(fv, (xt,), (xt * 0 + 1,))[1]),
        (ember.func.vjp(fv, x)[1](x * 0 + 1)[0], TORCH.func.vjp(fv, xt)[1](xt * 0 + 1)[0]),
        (ember.func.vmap(lambda r: r.sum() * r)(x.reshape(3, 1) * ember.ones(3, 2,
                                                                           dtype=ember.float64)),
         TORCH.func.vmap(lambda r: r.sum() * r)(xt.reshape(3, 1) * TORCH.ones(3, 2,
                                                                             dtype=TORCH.float64))),
    ]
    for ours, theirs in pairs:
        np.testing.assert_allclose(ours.cpu().numpy(), theirs.cpu().numpy(), rtol=1e-10)


def test_grad_requires_scalar_output():
    x, _ = inputs()
    with pytest.raises(RuntimeError, match="Expected f\\(\\*args\\) to return a scalar"):
        ember.func.grad(lambda a: a * 2)(x)


# --- anomaly mode -----------------------------------------------------------------------------

def test_detect_anomaly_names_the_op_that_made_nan():
    x = ember.tensor([0.0, 1.0], requires_grad=True)
    with ember.autograd.detect_anomaly():
        y = x.sqrt() * 0  # sqrt'(0) = inf, times 0 = nan in backward
        with pytest.raises(RuntimeError, match="SqrtBackward0"):
            y.sum().backward()


# Forward-over-reverse by hand: autograd.grad(create_graph=True) inside a dual level pushes the
# tangent through the backward's own ops. Ops whose backward reads their saved OUTPUT (exp,
# prod, softplus...) lost the tangent there and gave wrong numbers silently.
_FORWARD_OVER_REVERSE = {
    "softplus_cubed_plus_prod": lambda lib, x: (lib.nn.functional.softplus(x) ** 3).sum()
    + x.prod(),
    "sin_times_exp": lambda lib, x: (x.sin() * x.exp()).sum(),
    "tanh_sigmoid": lambda lib, x: (x.tanh() * x.sigmoid()).sum() + x.sqrt().sum(),
    "square": lambda lib, x: (x * x).sum(),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(_FORWARD_OVER_REVERSE))
def test_forward_over_reverse_by_hand_matches_torch(name):
    def tangent(lib):
        fwad = lib.autograd.forward_ad
        x = lib.tensor([0.5, 1.5], dtype=lib.float64, requires_grad=True)
        with fwad.dual_level():
            dual = fwad.make_dual(x, lib.tensor([1.0, -0.5], dtype=lib.float64))
            grad, = lib.autograd.grad(_FORWARD_OVER_REVERSE[name](lib, dual), dual,
                                      create_graph=True)
            return fwad.unpack_dual(grad).tangent.detach().cpu().numpy()
    np.testing.assert_allclose(tangent(ember), tangent(TORCH), rtol=1e-12, atol=1e-12)


# Nested transforms: the inner transform's result must carry the outer forward-mode tangent
# (jacfwd(jacrev(f)) is torch's own recipe for a Hessian); ember's forward mode has a single
# level, so jacfwd(jacfwd(f)) runs its inner level by reverse mode.
def _two_body(x):
    return -1.0 / (x[:3] - x[3:]).norm() + 0.1 * (x ** 2).sum() + x[0] * x[4] ** 3


_NESTED = {
    "jacfwd_jacrev": lambda fn: fn.jacfwd(fn.jacrev(_two_body)),
    "jacfwd_jacfwd": lambda fn: fn.jacfwd(fn.jacfwd(_two_body)),
    "jacrev_jacfwd": lambda fn: fn.jacrev(fn.jacfwd(_two_body)),
    "jacfwd_grad": lambda fn: fn.jacfwd(fn.grad(_two_body)),
    "vector_jacfwd_jacrev": lambda fn: fn.jacfwd(fn.jacrev(
        lambda x: (x[:3] * x[3:].sin()).cumsum(0))),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(_NESTED))
def test_nested_jacobians_match_torch(name):
    values = [1.0, 0.0, 0.0, -0.5, 0.5, 0.2]
    ours = _NESTED[name](ember.func)(ember.tensor(values, dtype=ember.float64))
    theirs = _NESTED[name](TORCH.func)(TORCH.tensor(values, dtype=TORCH.float64))
    assert ours.shape == theirs.shape and not ours.requires_grad
    np.testing.assert_allclose(ours.cpu().numpy(), theirs.numpy(), rtol=1e-12, atol=1e-12)


@requires_torch
def test_jacfwd_of_a_tuple_valued_function_matches_torch():
    def run(lib):
        x = lib.tensor([0.5, 1.0, 2.0], dtype=lib.float64)
        inner = lib.func.jacrev(lambda a, b: (a.sin() * b.exp()).sum(), argnums=(0, 1))
        per_output = lib.func.jacfwd(inner, argnums=1)(x, 2 * x)
        both = lib.func.jacfwd(lambda a, b: (a * b, a - b), argnums=(0, 1))(x, 2 * x)
        return [per_output[0], per_output[1]] + [block for pair in both for block in pair]
    ours, theirs = run(ember), run(TORCH)
    assert len(ours) == len(theirs) == 6
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a.cpu().numpy(), b.numpy(), rtol=1e-12, atol=1e-12)


def test_hessian_by_forward_over_reverse_is_nonzero():
    x = ember.tensor([0.5, -1.0, 2.0], dtype=ember.float64)
    hess = ember.func.jacfwd(ember.func.jacrev(lambda a: (a ** 3).sum()))(x)
    np.testing.assert_allclose(hess.cpu().numpy(), np.diag(6 * np.array([0.5, -1.0, 2.0])))


@requires_torch
def test_jacobians_over_a_parameter_dict_and_of_a_vjp_match_torch():
    def run(lib):
        net = lib.nn.Sequential(lib.nn.Linear(3, 4), lib.nn.Tanh(), lib.nn.Linear(4, 2)).double()
        # Fixed values, not the random initialisation (the stand-in device draws other numbers).
        params = {name: lib.linspace(-1, 1, p.numel(), dtype=lib.float64).reshape(p.shape)
                  for name, p in net.named_parameters()}
        x = lib.tensor([0.3, -0.7, 1.1], dtype=lib.float64)
        v = lib.tensor([1.0, 0.5, -2.0], dtype=lib.float64)
        fn = lib.func
        rev = fn.jacrev(lambda p, inp: fn.functional_call(net, p, (inp,)))(params, x)
        fwd = fn.jacfwd(lambda p: fn.functional_call(net, p, (x,)))(params)
        hvp = fn.jacfwd(lambda a: fn.vjp(lambda b: (b.sin() * b.roll(1)).sum(), a)[1](
            lib.tensor(1.0, dtype=lib.float64))[0])(x)
        grads = fn.grad(lambda a, b: (a * b).sum(), argnums=(0, 1))(x, v)
        return rev, fwd, hvp, grads
    ours, theirs = run(ember), run(TORCH)
    for name in theirs[0]:
        for jac in (0, 1):
            np.testing.assert_allclose(ours[jac][name].cpu().numpy(), theirs[jac][name].numpy(),
                                       rtol=1e-12, atol=1e-12)
    assert sorted(ours[0]) == sorted(theirs[0]) and sorted(ours[1]) == sorted(theirs[1])
    np.testing.assert_allclose(ours[2].cpu().numpy(), theirs[2].numpy(), rtol=1e-12, atol=1e-12)
    assert type(ours[3]) is tuple and len(ours[3]) == 2


@requires_torch
def test_jacobians_and_jvp_of_structured_outputs_match_torch():
    """A function returning a list, or a dict holding a tuple, gets one Jacobian (or tangent)
    per output tensor in the output's own structure."""
    def run(lib):
        x = lib.tensor([0.5, -1.0, 2.0], dtype=lib.float64)
        fn = lib.func

        def listed(a):
            return [a.sin(), a.sum()]

        def nested(a):
            return {"a": a.sin() * a, "b": (a.pow(2).sum(),)}
        return (fn.jacrev(listed)(x), fn.jacrev(nested)(x), fn.jacfwd(nested)(x),
                fn.jvp(nested, (x,), (lib.ones(3, dtype=lib.float64),)),
                fn.hessian(lambda d: (d["w"] ** 3).sum())({"w": x}))
    ours, theirs = run(ember), run(TORCH)
    assert type(ours[0]) is list and len(ours[0]) == 2
    assert sorted(ours[1]) == ["a", "b"] and type(ours[1]["b"]) is tuple
    assert sorted(ours[4]) == ["w"] and sorted(ours[4]["w"]) == ["w"]
    flat = ember.utils._pytree.tree_leaves(ours)
    expected = TORCH.utils._pytree.tree_leaves(theirs)
    assert len(flat) == len(expected) == 11
    for a, b in zip(flat, expected):
        np.testing.assert_allclose(a.cpu().numpy(), b.numpy(), rtol=1e-12, atol=1e-12)


@requires_torch
@pytest.mark.parametrize("requires_grad", [False, True])
def test_grad_has_aux_comes_back_detached_as_torch(requires_grad):
    def run(lib):
        x = lib.ones(3, requires_grad=requires_grad)
        return lib.func.grad(lambda a: ((a * 2).sum(), {"norm": a.norm()}),
                             has_aux=True)(x)[1]
    ours, theirs = run(ember), run(TORCH)
    assert (ours["norm"].grad_fn is None) == (theirs["norm"].grad_fn is None) \
        == (not requires_grad)
    assert ours["norm"].item() == pytest.approx(theirs["norm"].item())


@pytest.mark.parametrize("device", [None, "cuda"])
def test_vmap_randomness_same_repeats_the_draws(device, standin):
    ember.manual_seed(3)
    same = ember.func.vmap(lambda t: t + ember.rand((), device=device), randomness="same")(
        ember.zeros(4, device=device))
    different = ember.func.vmap(lambda t: t + ember.rand((), device=device),
                                randomness="different")(ember.zeros(4, device=device))
    assert len(set(same.tolist())) == 1 and len(set(different.tolist())) == 4


@requires_torch
@cpu_only(CPU_RNG)
def test_vmap_randomness_modes_match_torch():
    def run(lib):
        def add_noise(t):
            return t + lib.rand(())
        lib.manual_seed(5)
        same = lib.func.vmap(add_noise, randomness="same")(lib.zeros(4))
        after_same = lib.rand(2)
        lib.manual_seed(5)
        different = lib.func.vmap(add_noise, randomness="different")(lib.zeros(4))
        return same, after_same, different
    for a, b in zip(run(ember), run(TORCH)):
        assert a.tolist() == b.tolist()


# Functions drawing under vmap(randomness="different"): torch draws each call's numbers for the
# whole batch at once (randn(B, *shape): at 16 or more values torch's vectorised normal path,
# and the calls of a sample in batch order, not sample by sample).
DIFFERENT_DRAWS = {
    "randn_16_or_more": (lambda lib, t: t + lib.randn(3), (8, 3)),
    "rand_then_randn_like": (lambda lib, t: t * lib.rand(()) + lib.randn_like(t), (3, 2)),
    "randn_size_keyword": (lambda lib, t: t + lib.randn(size=(2, 3), dtype=lib.float64), (6, 2, 3)),
    "randint_and_rand_like": (lambda lib, t: t + lib.randint(0, 5, (2,)) + lib.rand_like(t)
                              + lib.randint(3, (2,)), (5, 2)),
    "randint_like": (lambda lib, t: t + lib.randint_like(t, 2, 9), (4, 5)),
    "nested": (lambda lib, t: lib.func.vmap(lambda u: u + lib.randn(2), randomness="different")(t),
               (3, 4, 2)),
}


@requires_torch
@cpu_only(CPU_RNG)
@pytest.mark.parametrize("name", DIFFERENT_DRAWS)
def test_vmap_different_randomness_draws_the_batch_as_torch(name):
    fn, shape = DIFFERENT_DRAWS[name]

    def run(lib):
        lib.manual_seed(7)
        out = lib.func.vmap(lambda t: fn(lib, t), randomness="different")(lib.zeros(*shape))
        # the draws, and the generator moved on as torch's
        return out.flatten().tolist(), lib.rand(3).tolist()
    ours, theirs = run(ember), run(TORCH)
    assert ours[0] == pytest.approx(theirs[0], rel=1e-6) and ours[1] == theirs[1]


@requires_torch
@cpu_only(CPU_RNG)
def test_vmap_inplace_draws_into_unbatched_tensors_match_torch():
    """randomness="different" refuses an in-place draw into a tensor outside the batch (a
    distribution's rsample is one); "same" allows it."""
    for fn in (lambda lib, t: t + lib.zeros(2).uniform_(),
               lambda lib, t: t + lib.zeros(2).bernoulli_(0.5),
               lambda lib, t: lib.distributions.Normal(t, 1.0).rsample()):
        with pytest.raises(RuntimeError) as theirs:
            TORCH.func.vmap(lambda t: fn(TORCH, t), randomness="different")(TORCH.ones(3, 2))
        with pytest.raises(RuntimeError) as ours:
            ember.func.vmap(lambda t: fn(ember, t), randomness="different")(ember.ones(3, 2))
        assert str(ours.value) == str(theirs.value)
        outs = []
        for lib in (ember, TORCH):
            lib.manual_seed(2)
            outs.append(lib.func.vmap(lambda t: fn(lib, t), randomness="same")(
                lib.ones(3, 2)).flatten().tolist())
        assert outs[0] == pytest.approx(outs[1], rel=1e-6)


@requires_torch
def test_vmap_randomness_errors_match_torch():
    for call in (lambda lib: lib.func.vmap(lambda t: t + lib.rand(()))(lib.zeros(4)),
                 lambda lib: lib.func.vmap(lambda t: lib.nn.functional.dropout(t, 0.5))(
                     lib.ones(4, 3)),
                 lambda lib: lib.func.vmap(lambda t: t, randomness="sometimes")(lib.zeros(2)),
                 lambda lib: lib.func.vmap(lib.add)(lib.zeros(4), lib.zeros(4), lib.zeros(3))):
        with pytest.raises(Exception) as theirs:
            call(TORCH)
        with pytest.raises(type(theirs.value)) as ours:
            call(ember)
        assert str(ours.value) == str(theirs.value)


NESTED_IN_DIMS = {
    "dict": lambda lib: lib.func.vmap(lambda d: d["x"] + d["y"], in_dims=({"x": 1, "y": None},))(
        {"x": lib.arange(6.).view(3, 2), "y": lib.ones(3)}),
    # torch pairs a dict of in_dims with the input's entries by position, not by key
    "dict_other_order": lambda lib: lib.func.vmap(
        lambda d: d["x"] - d["y"], in_dims=({"y": 0, "x": None},))(
        {"x": lib.ones(2), "y": lib.arange(2.)}),
    "tuple_in_tuple": lambda lib: lib.func.vmap(lambda a, b: a[0] * b + a[1],
                                                in_dims=((0, None), 0))(
        (lib.ones(2, 3), lib.arange(3.)), lib.arange(2.)),
    "list_prefix": lambda lib: lib.func.vmap(lambda a: a[0] + a[1][0], in_dims=((0, [1]),))(
        (lib.ones(2, 3), [lib.arange(6.).view(3, 2)])),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(NESTED_IN_DIMS))
def test_vmap_in_dims_nested_like_the_inputs(name):
    """An in_dims entry may be a dict/tuple/list shaped like its input (a prefix of it: an int
    or None covers the subtree below)."""
    ours, theirs = NESTED_IN_DIMS[name](ember), NESTED_IN_DIMS[name](TORCH)
    assert ours.shape == theirs.shape and ours.tolist() == theirs.tolist()


@requires_torch
@pytest.mark.parametrize("call", [
    lambda lib: lib.func.vmap(lib.sin, in_dims=(None,))(lib.ones(2)),
    lambda lib: lib.func.vmap(lambda a: a, in_dims=({"x": 0},))({"y": lib.ones(2)}),
    lambda lib: lib.func.vmap(lambda a: a, in_dims=([0],))((lib.ones(2),)),
    lambda lib: lib.func.vmap(lambda a: a, in_dims=((0, (1,)),))((lib.ones(2), [lib.ones(2)])),
    lambda lib: lib.func.vmap(lambda a: a, in_dims=({"x": 0, "y": "a"},))(
        {"x": lib.ones(2), "y": lib.ones(2)}),
    lambda lib: lib.func.vmap(lambda a, b: a, in_dims=((0, 0), None))((lib.ones(2), 3), 1),
    lambda lib: lib.func.vmap(lambda a: a, in_dims=({"x": 0, "y": 2},))(
        {"x": lib.ones(2), "y": lib.ones(2)}),
    lambda lib: lib.func.jacrev(lib.sin, chunk_size=0),
    lambda lib: lib.func.jacrev(lib.sin, chunk_size=-2),
])
def test_vmap_in_dims_and_jacrev_chunk_errors_match_torch(call):
    with pytest.raises(Exception) as theirs:
        call(TORCH)
    with pytest.raises(type(theirs.value)) as ours:
        call(ember)
    assert str(ours.value).replace("ember", "torch") == str(theirs.value)


AUX_CASES = {
    "grad": lambda lib, f, x: lib.func.grad(f, has_aux=True)(x)[1],
    "grad_and_value": lambda lib, f, x: lib.func.grad_and_value(f, has_aux=True)(x)[1][1],
    "vjp": lambda lib, f, x: lib.func.vjp(lambda t: (f(t)[0] * t, f(t)[1]), x,
                                          has_aux=True)[2],
    "jacrev": lambda lib, f, x: lib.func.jacrev(lambda t: (f(t)[0] * t, f(t)[1]),
                                                has_aux=True)(x)[1],
}


@requires_torch
@pytest.mark.parametrize("name", sorted(AUX_CASES))
def test_aux_outputs_come_back_as_torch_gives_them(name):
    # The auxiliary pytree is cut from the transform's own graph (no grad_fn), stays attached
    # to a closed-over tensor that requires grad, and may hold only tensors.
    def run(lib, aux, closed):
        w = lib.tensor(2.0, dtype=lib.float64, requires_grad=closed)
        x = lib.tensor([0.3, 0.7], dtype=lib.float64)
        return AUX_CASES[name](lib, lambda t: ((t ** 2 * w).sum(), aux(t * w)), x)

    for closed in (False, True):
        ours = run(ember, lambda t: {"m": t.mean(), "e": [t.exp()]}, closed)
        theirs = run(TORCH, lambda t: {"m": t.mean(), "e": [t.exp()]}, closed)
        for o, t in ((ours["m"], theirs["m"]), (ours["e"][0], theirs["e"][0])):
            assert (o.grad_fn is None) == (t.grad_fn is None)
            np.testing.assert_allclose(o.detach().cpu().numpy(), t.detach().numpy())
    for bad in (3, None):
        messages = []
        for lib in (ember, TORCH):
            with pytest.raises(RuntimeError) as error:
                run(lib, lambda t, bad=bad: (t.sum(), bad), False)
            messages.append(str(error.value))
        assert messages[0] == messages[1] == f"Expected tensors, got unsupported type {type(bad)}"


@requires_torch
@pytest.mark.parametrize("names", [("0.weight",), ("0.weight", "0.bias", "extra", "1.weight"),
                                   ("0.weight", "0.bias", "1.weight", "1.bias"), "all"])
def test_functional_call_strict_names_missing_and_unexpected_keys_as_torch(names):
    def run(lib):
        model = lib.nn.Sequential(lib.nn.Linear(2, 1), lib.nn.BatchNorm1d(1))
        own = {**dict(model.named_parameters()), **dict(model.named_buffers())}
        tensors = own if names == "all" else {
            name: own.get(name, lib.ones(1)) for name in names}
        try:
            out = lib.func.functional_call(model, tensors, (lib.ones(3, 2),), strict=True)
            return out.shape
        except RuntimeError as error:
            return str(error)
    assert run(ember) == run(TORCH)


def test_vmap_refuses_random_draws_in_its_own_thread_only():
    import threading
    inside, drawn = threading.Event(), []

    def draw_elsewhere():
        inside.wait(5)
        drawn.append(ember.rand(2).shape)

    def body(t):
        inside.set()
        worker.join(5)
        return t * 2
    worker = threading.Thread(target=draw_elsewhere)
    worker.start()
    ember.func.vmap(body)(ember.ones(1))
    assert drawn == [(2,)]
    with pytest.raises(RuntimeError, match="randomness error mode"):
        ember.func.vmap(lambda t: t + ember.rand(()))(ember.zeros(2))


def _tied_model(lib):
    model = lib.nn.Module()
    model.embed = lib.nn.Embedding(5, 3)
    model.proj = lib.nn.Linear(3, 5, bias=False)
    model.proj.weight = model.embed.weight
    with lib.no_grad():  # fixed values: the stand-in device draws from its own generator
        model.embed.weight.copy_(lib.linspace(-1.0, 1.0, 15).view(5, 3))
    model.register_buffer("temperature", lib.tensor(2.0))
    model.forward = lambda idx: model.proj(model.embed(idx)) / model.temperature
    return model


TIED_CALLS = {
    "one_name": lambda lib, m, w: lib.func.functional_call(m, {"embed.weight": w},
                                                           (lib.tensor([0, 3]),)),
    "other_name": lambda lib, m, w: lib.func.functional_call(m, {"proj.weight": w},
                                                             (lib.tensor([1]),)),
    "both_same": lambda lib, m, w: lib.func.functional_call(
        m, {"proj.weight": w, "embed.weight": w}, (lib.tensor([2]),)),
    "untied": lambda lib, m, w: lib.func.functional_call(
        m, {"proj.weight": w}, (lib.tensor([4]),), tie_weights=False).detach(),
    "strict_one_name": lambda lib, m, w: lib.func.functional_call(
        m, ({"embed.weight": w}, {"temperature": lib.tensor(1.0)}), (lib.tensor([0]),),
        strict=True),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(TIED_CALLS))
def test_functional_call_ties_weights_as_torch(name):
    """A tensor given under one name of a tied parameter replaces it under all its names
    (unless tie_weights=False), and strict accepts one name for the group."""
    results = []
    for lib in (ember, TORCH):
        model = _tied_model(lib)
        results.append(TIED_CALLS[name](lib, model, lib.ones(5, 3)).tolist())
        assert model.proj.weight is model.embed.weight
    # float32 matmuls: a rounding step apart between BLAS kernels
    np.testing.assert_allclose(results[0], results[1], rtol=1e-6)


@requires_torch
def test_functional_call_refuses_two_values_for_tied_names():
    messages = []
    for lib in (ember, TORCH):
        with pytest.raises(ValueError) as caught:
            lib.func.functional_call(_tied_model(lib), {"proj.weight": lib.ones(5, 3),
                                                        "embed.weight": lib.zeros(5, 3)},
                                     (lib.tensor([0]),))
        messages.append(str(caught.value))
    assert messages[0] == messages[1]


BATCH_NORM_UNDER_VMAP = {
    "training_unbatched_stats": lambda lib, x: lib.func.vmap(lambda d: lib.nn.functional.batch_norm(
        d, lib.zeros(3), lib.ones(3), training=True))(x),
    "positional_training": lambda lib, x: lib.func.vmap(lambda d: lib.nn.functional.batch_norm(
        d, lib.zeros(3), lib.ones(3), None, None, True))(x),
    "module_training": lambda lib, x: lib.func.vmap(lib.nn.BatchNorm1d(3))(x),
    "module_eval": lambda lib, x: lib.func.vmap(lib.nn.BatchNorm1d(3).eval())(x),
    "no_running_stats": lambda lib, x: lib.func.vmap(
        lib.nn.BatchNorm1d(3, track_running_stats=False))(x),
    "batched_stats": lambda lib, x: lib.func.vmap(
        lambda d, m, v: lib.nn.functional.batch_norm(d, m, v, training=True))(
        x, lib.zeros(5, 3), lib.ones(5, 3)),
    "unbatched_input": lambda lib, x: lib.func.vmap(
        lambda d: lib.nn.functional.batch_norm(x[0], lib.zeros(3), lib.ones(3), training=True)
        + d)(x),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(BATCH_NORM_UNDER_VMAP))
def test_batch_norm_under_vmap_refuses_shared_running_stats_as_torch(name):
    """Training batch norm on a batched input with unbatched running stats raises torch's
    RuntimeError (each sample would update the shared stats); eval mode, no stats or batched
    stats run."""
    outcomes = []
    for lib in (ember, TORCH):
        x = lib.tensor(np.random.default_rng(0).standard_normal((5, 6, 3)), dtype=lib.float32)
        try:
            outcomes.append(tuple(BATCH_NORM_UNDER_VMAP[name](lib, x).shape))
        except RuntimeError as err:
            outcomes.append(str(err))
    assert outcomes[0] == outcomes[1]
