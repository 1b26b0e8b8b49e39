import torch
import torch.distributions as D
import torch.distributions.transforms as T
from torch.autograd.functional import jacobian

# Normalizing flows from torch.distributions.transforms: composed bijections checked against
# autograd Jacobians, constrained parameterisations (simplex, correlation Cholesky factors,
# covariance Cholesky factors) through biject_to, and a small flow fitted by maximum
# likelihood with TransformedDistribution.
torch.manual_seed(0)
torch.set_printoptions(precision=6)
dt = torch.float64


def check(name, t, x, event_slice=None):
    y = t(x)
    ladj = t.log_abs_det_jacobian(x, y)
    f = (lambda v: t(v)) if event_slice is None else (lambda v: event_slice(t(v)))
    J = jacobian(f, x)
    if J.dim() == 2 and J.shape[0] == J.shape[1]:
        ref = torch.linalg.slogdet(J)[1]
    else:
        ref = torch.diagonal(J).abs().log().sum() if J.dim() == 2 else J.abs().log()
    back = t.inv(y)
    print(
        f"{name:14s} ladj {ladj.sum().item(): .8f} autograd {ref.sum().item(): .8f} "
        f"roundtrip {torch.allclose(back, x)}"
    )
    return y


print("== composed bijections ==")
flow = T.ComposeTransform(
    [
        T.AffineTransform(loc=0.5, scale=2.0),
        T.SigmoidTransform(),
        T.AffineTransform(loc=-1.0, scale=3.0),
    ]
)
x = torch.randn(5, dtype=dt)
y = check("affine-sigm", flow, x)
print(flow.domain, flow.codomain, flow.bijective, flow.sign, flow.event_dim)
print(torch.allclose(flow.inv.log_abs_det_jacobian(y, x), -flow.log_abs_det_jacobian(x, y)))
tanh_flow = T.ComposeTransform([T.TanhTransform(), T.AffineTransform(2.0, 0.5)])
check("tanh", tanh_flow, torch.randn(4, dtype=dt))
check("softplus", T.SoftplusTransform(), torch.randn(4, dtype=dt))
check(
    "power",
    T.ComposeTransform([T.ExpTransform(), T.PowerTransform(torch.tensor(1.5, dtype=dt))]),
    torch.randn(4, dtype=dt),
)
check("stick", T.StickBreakingTransform(), torch.randn(3, dtype=dt), lambda p: p[:-1])
tril = torch.tril_indices(4, 4, -1)
check(
    "corr-chol", T.CorrCholeskyTransform(), torch.randn(6, dtype=dt), lambda L: L[tril[0], tril[1]]
)
sb = T.StickBreakingTransform()
print(sb.forward_shape((2, 3)), sb.inverse_shape((2, 4)), sb.domain, sb.codomain)
cc = T.CorrCholeskyTransform()
print(cc.forward_shape((5, 6)), cc.inverse_shape((5, 4, 4)))

print("== constrained parameters ==")
for con in (
    D.constraints.simplex,
    D.constraints.corr_cholesky,
    D.constraints.lower_cholesky,
    D.constraints.positive_definite,
    D.constraints.interval(-1.0, 2.0),
    D.constraints.greater_than(3.0),
    D.constraints.unit_interval,
):
    try:
        print(con, "->", D.biject_to(con), end=" ")
    except NotImplementedError as err:
        print(con, "-> no bijection:", err, end=" ")
    print("/", D.transform_to(con))
L = D.transform_to(D.constraints.lower_cholesky)(torch.randn(3, 3, dtype=dt))
print(L, D.constraints.lower_cholesky.check(L))
PD = D.transform_to(D.constraints.positive_definite)(torch.randn(3, 3, dtype=dt))
print(torch.linalg.eigvalsh(PD) > 0, D.constraints.positive_definite.check(PD))
R = D.biject_to(D.constraints.corr_cholesky)(torch.randn(3, dtype=dt))
print(R @ R.T)
cat = T.CatTransform([T.ExpTransform(), T.AffineTransform(0.0, 3.0)], dim=0, lengths=[2, 3])
v = torch.randn(5, dtype=dt)
print(cat(v), cat.log_abs_det_jacobian(v, cat(v)))
st = T.StackTransform([T.ExpTransform(), T.SigmoidTransform()], dim=1)
v2 = torch.randn(4, 2, dtype=dt)
print(st.log_abs_det_jacobian(v2, st(v2)))
ind = T.IndependentTransform(T.SigmoidTransform(), 1)
print(ind.log_abs_det_jacobian(v2, ind(v2)), ind.event_dim)
rs = T.ReshapeTransform((2, 3), (3, 2))
print(rs(torch.arange(6.0).view(2, 3)), rs.inv(torch.zeros(3, 2)).shape)
cdf = T.CumulativeDistributionTransform(D.Normal(0.0, 1.0))
u = cdf(torch.tensor([-1.0, 0.0, 2.0]))
print(u, cdf.inv(u), cdf.log_abs_det_jacobian(torch.tensor([0.0]), u[:1]))

print("== flow fitted by maximum likelihood ==")
n = 128
z0 = torch.randn(n, 2, dtype=dt)
data = torch.stack([torch.exp(0.5 * z0[:, 0] + 0.3), 0.8 * z0[:, 0] + 0.6 * z0[:, 1]], 1)
loc = torch.zeros(2, dtype=dt, requires_grad=True)
log_scale = torch.zeros(2, dtype=dt, requires_grad=True)
shear = torch.zeros((), dtype=dt, requires_grad=True)
opt = torch.optim.Adam([loc, log_scale, shear], lr=0.08)
for step in range(30):
    tril_m = torch.eye(2, dtype=dt) + shear * torch.tensor([[0.0, 0.0], [1.0, 0.0]], dtype=dt)
    base = D.MultivariateNormal(loc, scale_tril=tril_m * log_scale.exp().unsqueeze(-1))
    model = D.TransformedDistribution(
        base,
        [
            T.IndependentTransform(
                T.CatTransform([T.ExpTransform(), T.identity_transform], dim=-1, lengths=[1, 1]), 1
            )
        ],
    )
    nll = -model.log_prob(data).mean()
    opt.zero_grad()
    nll.backward()
    opt.step()
    if step % 10 == 0 or step == 29:
        print(step, round(nll.item(), 8))
print(loc.detach(), log_scale.detach().exp(), shear.item() > 0)
print(model.batch_shape, model.event_shape, model.support)
s = model.sample((3,))
print(s, model.log_prob(s))

print("== Dirichlet through stick breaking ==")
base = D.Independent(D.Normal(torch.zeros(3, dtype=dt), torch.ones(3, dtype=dt)), 1)
simplex_model = D.TransformedDistribution(base, T.StickBreakingTransform())
q = simplex_model.rsample((4,))
print(q, q.sum(-1), simplex_model.log_prob(q))
print(D.Dirichlet(torch.ones(4, dtype=dt)).log_prob(q))
