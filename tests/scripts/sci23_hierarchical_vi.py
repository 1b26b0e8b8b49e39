import torch
import torch.distributions as D
import torch.nn.functional as F

# Variational inference for hierarchical count models: a zero-inflated Poisson and a
# negative-binomial regression with group effects under half-Cauchy scale priors, a
# correlated random-effects model with an LKJ prior on the Cholesky factor, and Wishart /
# LKJ prior checks. Mean-field and full-rank Gaussian guides are fitted with Adam.
torch.manual_seed(0)
torch.set_printoptions(precision=5)
dt = torch.float64

print("== priors and likelihood pieces ==")
hc = D.HalfCauchy(torch.tensor([1.0, 2.5], dtype=dt))
s = hc.sample((3,))
print(s, hc.log_prob(s), hc.cdf(s), hc.icdf(torch.tensor([0.3, 0.9], dtype=dt)))
print(hc.entropy(), hc.mean, hc.variance, hc.support)
nb = D.NegativeBinomial(
    total_count=torch.tensor(3.0, dtype=dt), probs=torch.tensor([0.2, 0.7], dtype=dt)
)
k = nb.sample((4,))
print(k, nb.log_prob(k), nb.mean, nb.variance, nb.mode)
nb2 = D.NegativeBinomial(total_count=2.5, logits=torch.tensor([0.3, -1.0], dtype=dt))
print(nb2.log_prob(torch.tensor([[0.0, 3.0], [7.0, 1.0]], dtype=dt)))
bn = D.Binomial(
    total_count=torch.tensor([10.0, 20.0], dtype=dt), probs=torch.tensor([0.3, 0.6], dtype=dt)
)
kb = bn.sample((3,))
print(kb, bn.log_prob(kb), bn.mean, bn.mode, bn.variance)
print(
    D.Binomial(5, torch.tensor([0.2, 0.5])).enumerate_support().squeeze(-1).T,
    D.Binomial(5, torch.tensor([0.2, 0.5])).entropy(),
)
lkj = D.LKJCholesky(3, concentration=torch.tensor([0.5, 2.0], dtype=dt))
L = lkj.sample()
print(L.shape, (L @ L.mT).diagonal(dim1=-2, dim2=-1), lkj.log_prob(L))
print(D.LKJCholesky(4, 1.5).log_prob(torch.eye(4)), lkj.support, lkj.batch_shape, lkj.event_shape)
W = D.Wishart(df=torch.tensor(5.0, dtype=dt), covariance_matrix=2 * torch.eye(3, dtype=dt))
print(W.mean, W.mode, W.variance.diagonal(), W.entropy())
Wt = D.Wishart(
    df=torch.tensor(4.5, dtype=dt), scale_tril=torch.tensor([[1.0, 0.0], [0.5, 2.0]], dtype=dt)
)
X = Wt.rsample((3,))
print(X.shape, Wt.log_prob(X), torch.linalg.eigvalsh(X).min() > 0)
print(D.Wishart(df=3.0, precision_matrix=torch.eye(2)).covariance_matrix)

print("== zero-inflated Poisson, mean-field guide ==")
y = torch.tensor([0, 0, 1, 3, 0, 2, 5, 0, 0, 1, 0, 4], dtype=dt)


def zip_loglik(logit_pi, log_rate, y):
    pois = D.Poisson(log_rate.exp())
    zero = torch.logaddexp(
        F.logsigmoid(logit_pi), F.logsigmoid(-logit_pi) + pois.log_prob(torch.zeros_like(y))
    )
    positive = F.logsigmoid(-logit_pi) + pois.log_prob(y)
    return torch.where(y == 0, zero, positive).sum(-1)


loc = torch.zeros(2, dtype=dt, requires_grad=True)
log_sd = torch.full((2,), -1.0, dtype=dt, requires_grad=True)
opt = torch.optim.Adam([loc, log_sd], lr=0.05)
for step in range(40):
    q = D.Independent(D.Normal(loc, log_sd.exp()), 1)
    z = q.rsample((16,))
    ll = zip_loglik(z[:, :1], z[:, 1:], y)
    elbo = (ll + D.Normal(0.0, 2.0).log_prob(z).sum(-1) - q.log_prob(z)).mean()
    opt.zero_grad()
    (-elbo).backward()
    opt.step()
    if step % 10 == 0 or step == 39:
        print(step, round(elbo.item(), 6))
print(loc.detach(), log_sd.detach().exp(), torch.sigmoid(loc[0]).item() > 0.1)

print("== negative-binomial regression with group effects ==")
groups = torch.arange(4).repeat_interleave(6)
xcov = torch.linspace(-1, 1, 24, dtype=dt)
true_effect = torch.tensor([-0.5, 0.0, 0.4, 0.9], dtype=dt)
mu = torch.exp(0.7 + 0.8 * xcov + true_effect[groups])
counts = D.NegativeBinomial(
    total_count=torch.tensor(4.0, dtype=dt), logits=(mu / 4.0).log()
).sample()
print(counts)
# guide over (intercept, slope, log_tau, log_r, 4 group effects): full-rank Gaussian
dim = 8
g_loc = torch.zeros(dim, dtype=dt, requires_grad=True)
g_tril = torch.zeros(dim, dim, dtype=dt, requires_grad=True)
opt = torch.optim.Adam([g_loc, g_tril], lr=0.03)
for step in range(40):
    scale_tril = torch.tril(g_tril, -1) + torch.diag(torch.exp(torch.diagonal(g_tril) - 2.0))
    q = D.MultivariateNormal(g_loc, scale_tril=scale_tril)
    z = q.rsample((8,))
    b0, b1, log_tau, log_r, eff = z[:, 0], z[:, 1], z[:, 2], z[:, 3], z[:, 4:]
    tau = log_tau.exp()
    r = log_r.exp()
    log_mu = b0.unsqueeze(-1) + b1.unsqueeze(-1) * xcov + eff[:, groups] * tau.unsqueeze(-1)
    lik = D.NegativeBinomial(total_count=r.unsqueeze(-1), logits=log_mu - r.log().unsqueeze(-1))
    log_joint = (
        lik.log_prob(counts).sum(-1)
        + D.Normal(0.0, 2.0).log_prob(b0)
        + D.Normal(0.0, 2.0).log_prob(b1)
        + D.HalfCauchy(1.0).log_prob(tau)
        + log_tau
        + D.Gamma(2.0, 0.5).log_prob(r)
        + log_r
        + D.Normal(0.0, 1.0).log_prob(eff).sum(-1)
    )
    elbo = (log_joint - q.log_prob(z)).mean()
    opt.zero_grad()
    (-elbo).backward()
    opt.step()
    if step % 10 == 0 or step == 39:
        print(step, round(elbo.item(), 5))
print(g_loc.detach()[:4], torch.diagonal(scale_tril.detach())[:4])

print("== correlated random effects with an LKJ prior ==")
obs = (
    torch.randn(30, 3, dtype=dt)
    @ torch.tensor([[1.0, 0.0, 0.0], [0.6, 0.8, 0.0], [0.0, 0.3, 0.9]], dtype=dt).T
)
unconstrained = torch.zeros(3, dtype=dt, requires_grad=True)
log_sig = torch.zeros(3, dtype=dt, requires_grad=True)
to_chol = D.transform_to(D.constraints.corr_cholesky)
opt = torch.optim.Adam([unconstrained, log_sig], lr=0.1)
for step in range(30):
    Lc = to_chol(unconstrained)
    log_jac = to_chol.log_abs_det_jacobian(unconstrained, Lc)
    cov_tril = log_sig.exp().unsqueeze(-1) * Lc
    lp = (
        D.MultivariateNormal(torch.zeros(3, dtype=dt), scale_tril=cov_tril).log_prob(obs).sum()
        + D.LKJCholesky(3, 2.0).log_prob(Lc)
        + log_jac
        + D.HalfCauchy(2.0).log_prob(log_sig.exp()).sum()
        + log_sig.sum()
    )
    opt.zero_grad()
    (-lp).backward()
    opt.step()
    if step % 10 == 0 or step == 29:
        print(step, round(lp.item(), 6))
corr = Lc @ Lc.T
print(corr.detach(), log_sig.detach().exp())
