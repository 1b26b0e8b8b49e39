import torch  # noqa: I001 (the harness requires torch first)

# Transforms and constraints as a probabilistic-programming library uses them, in float64:
# StickBreakingTransform onto the simplex, CorrCholeskyTransform onto correlation Cholesky
# factors, PowerTransform, ComposeTransform and their inverses; log_abs_det_jacobian checked
# against the autograd Jacobian; TransformedDistribution built from them (a logistic-normal on
# the simplex, a log-normal by PowerTransform/ExpTransform); biject_to and transform_to over
# the constraint registry; Dirichlet, Wishart and LKJCholesky reparameterised gradients.
import warnings

import torch.distributions as D
import torch.distributions.transforms as T
from torch.distributions import constraints, biject_to, transform_to

torch.set_default_dtype(torch.float64)
torch.manual_seed(7)


def fmt(t, digits=7):
    return " ".join(f"{v:.{digits}g}" for v in torch.as_tensor(t).detach().flatten().tolist())


# stick breaking: R^{K-1} -> simplex of K
sb = T.StickBreakingTransform()
x = torch.tensor([0.3, -1.2, 0.8])
p = sb(x)
print("stick breaking", sb, fmt(p), "sum", fmt(p.sum()))
print("  inverse", fmt(sb.inv(p)), "event dims", sb.domain.event_dim, sb.codomain.event_dim)
print("  shapes", sb.forward_shape((5, 3)), sb.inverse_shape((5, 4)))
jac = torch.autograd.functional.jacobian(lambda v: sb(v)[:-1], x)
print("  log|det J|", fmt(sb.log_abs_det_jacobian(x, p)), "autograd",
      fmt(torch.linalg.slogdet(jac)[1]))
try:
    print("  sign", sb.sign)
except NotImplementedError:
    print("  sign: NotImplementedError (not monotone), bijective", sb.bijective)
print("  exp sign", T.ExpTransform().sign, "affine sign", T.AffineTransform(0.0, -2.0).sign)

# correlation Cholesky: R^{d(d-1)/2} -> lower-triangular L with unit-norm rows
cc = T.CorrCholeskyTransform()
v = torch.tensor([0.5, -0.3, 1.1, 0.2, -0.7, 0.4])
L = cc(v)
print("corr cholesky\n", L)
print("  rows unit norm", fmt(L.pow(2).sum(-1)), "corr diag", fmt(torch.diagonal(L @ L.T)))
print("  inverse", fmt(cc.inv(L)), "log|det J|", fmt(cc.log_abs_det_jacobian(v, L)))
print("  check", constraints.corr_cholesky.check(L), constraints.corr_cholesky.check(L * 1.1))
jac = torch.autograd.functional.jacobian(lambda u: cc(u)[torch.tril_indices(4, 4, -1).unbind()], v)
print("  autograd log|det J|", fmt(torch.linalg.slogdet(jac)[1]))
print("  batched", tuple(cc(torch.randn(2, 5, 3)).shape), cc.forward_shape((2, 6)))

# power and compose
pt = T.PowerTransform(torch.tensor(2.5))
y = torch.tensor([0.5, 1.0, 3.0])
print("power", pt, fmt(pt(y)), fmt(pt.inv(pt(y))), fmt(pt.log_abs_det_jacobian(y, pt(y))))
comp = T.ComposeTransform([T.AffineTransform(1.0, 2.0), T.ExpTransform(), T.PowerTransform(
    torch.tensor(0.5))])
z = torch.tensor([-0.5, 0.0, 0.7])
print("compose", fmt(comp(z)), fmt(comp.inv(comp(z))), fmt(comp.log_abs_det_jacobian(z, comp(z))))
print("  same as exp(z + 1/2):", torch.allclose(comp(z), torch.exp(z + 0.5)), comp.domain,
      comp.codomain)
print("  inv of inv is itself", comp.inv.inv is comp, T.identity_transform(z).equal(z))

# transformed distributions
base = D.MultivariateNormal(torch.zeros(3), scale_tril=torch.tensor(
    [[1.0, 0.0, 0.0], [0.3, 0.8, 0.0], [-0.2, 0.1, 0.5]]))
logistic_normal = D.TransformedDistribution(base, [sb])
s = logistic_normal.sample((4,))
print("logistic normal", tuple(logistic_normal.batch_shape), tuple(logistic_normal.event_shape),
      logistic_normal.support)
print("  samples on simplex", constraints.simplex.check(s), "log_prob",
      fmt(logistic_normal.log_prob(s)))
ln1 = D.TransformedDistribution(D.Normal(0.2, 0.6), [T.ExpTransform()])
ln2 = D.LogNormal(0.2, 0.6)
q = torch.tensor([0.5, 1.0, 2.5])
print("exp-normal vs LogNormal", fmt(ln1.log_prob(q) - ln2.log_prob(q)), fmt(ln2.cdf(q)),
      fmt(ln1.cdf(q)), fmt(ln1.icdf(torch.tensor([0.1, 0.5, 0.9]))))
sq = D.TransformedDistribution(D.Exponential(torch.tensor(2.0)), [T.PowerTransform(
    torch.tensor(0.5))])
print("sqrt of exponential = Rayleigh:", fmt(sq.log_prob(q)),
      fmt(torch.log(4 * q) - 2 * q**2))

# biject_to / transform_to over constraints
for c in (constraints.positive, constraints.unit_interval, constraints.interval(-2.0, 3.0),
          constraints.greater_than(1.5), constraints.less_than(-1.0), constraints.simplex,
          constraints.lower_cholesky, constraints.positive_definite, constraints.corr_cholesky,
          constraints.real_vector, constraints.independent(constraints.positive, 1),
          constraints.cat([constraints.positive, constraints.real], 0, [1, 2])):
    square = c in (constraints.lower_cholesky, constraints.positive_definite)
    u = torch.linspace(-1.0, 1.0, 9).reshape(3, 3) if square else torch.linspace(-1.0, 1.0, 3)
    t = transform_to(c)
    try:
        b = biject_to(c)
    except NotImplementedError as err:
        b = None
        print(f"  biject_to: NotImplementedError {err}")
    val = t(u)
    print(f"{str(c):32s}", type(t).__name__, "ok", bool(c.check(val).all()), tuple(val.shape),
          "bijection round trip", torch.allclose(b.inv(b(u)), u) if b is not None else "n/a")
try:
    biject_to(constraints.boolean)
except NotImplementedError as err:
    print("NotImplementedError", err)

# reparameterised gradients: Dirichlet, Wishart, LKJCholesky
conc = torch.tensor([2.0, 3.0, 1.5], requires_grad=True)
d = D.Dirichlet(conc)
sample = d.rsample((2000,))
target = torch.tensor([0.2, 0.5, 0.3])
loss = (sample @ target).mean()
(g,) = torch.autograd.grad(loss, conc)
print("dirichlet mean", fmt(d.mean, 6), "entropy", fmt(d.entropy(), 8), "grad sign", torch.sign(g))
print("  exact grad of E[x]·t", fmt(torch.autograd.grad((d.mean @ target), conc)[0], 6))
df = torch.tensor(5.0, requires_grad=True)
W = D.Wishart(df, covariance_matrix=torch.tensor([[1.0, 0.3], [0.3, 2.0]]))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    ws = W.rsample((3,))
print("wishart", W.batch_shape, W.event_shape, W.support, "pd",
      constraints.positive_definite.check(ws))
print("  rsample warned", [str(w.message) for w in caught])
# the singular-sample loop of rsample rewrites the mask it indexed with: its backward refuses
try:
    torch.autograd.grad(ws.sum(), df)
except RuntimeError as err:
    print("  RuntimeError", str(err)[:150])
ws = ws.detach()
print("  log_prob", fmt(W.log_prob(ws)), "mean", fmt(W.mean), "variance", fmt(W.variance))
print("  entropy", fmt(W.entropy()), "mode", fmt(W.mode))
(gdf,) = torch.autograd.grad(W.log_prob(ws).sum(), df)
print("  d logp / d df", fmt(gdf))
lkj = D.LKJCholesky(3, concentration=torch.tensor([0.5, 2.0]))
Lk = lkj.sample()
print("lkj", lkj.batch_shape, lkj.event_shape, lkj.support, "log_prob", fmt(lkj.log_prob(Lk)))
print("  corr check", constraints.corr_cholesky.check(Lk))
print("  log_prob at identity", fmt(lkj.log_prob(torch.eye(3))))
try:
    D.LKJCholesky(1, 1.0)
except ValueError as err:
    print("ValueError", err)
