import torch  # noqa: I001 (the harness requires torch first)

# Covariance models as a Bayesian statistician fits them in float64: a conjugate
# Normal-Wishart update of a precision matrix (posterior mean and log density), a MAP estimate
# of a correlation matrix under an LKJCholesky prior with HalfCauchy scales through
# CorrCholeskyTransform, a factor-analysis model fitted as a LowRankMultivariateNormal and
# compared with the sample covariance, and Gaussian conditioning with
# MultivariateNormal(scale_tril=...) (Schur complements by cholesky_solve).
import torch.distributions as D
import torch.distributions.transforms as T

torch.set_default_dtype(torch.float64)
torch.manual_seed(42)


def fmt(t, digits=6):
    return " ".join(f"{v:.{digits}f}" for v in torch.as_tensor(t).detach().flatten().tolist())


true_cov = torch.tensor([[2.0, 0.8, -0.4], [0.8, 1.0, 0.3], [-0.4, 0.3, 0.5]])
truth = D.MultivariateNormal(torch.tensor([1.0, -1.0, 0.5]), covariance_matrix=true_cov)
data = truth.sample((120,))
n, p = data.shape
xbar = data.mean(0)
S = (data - xbar).T @ (data - xbar)
print("sample covariance\n", S / (n - 1), "\ntorch.cov agrees", torch.allclose(
    S / (n - 1), torch.cov(data.T)))

# Normal-Wishart conjugacy (known mean): precision ~ Wishart(df0, V0) -> Wishart(df0 + n, Vn)
df0, V0 = torch.tensor(5.0), torch.eye(3)
centred = data - truth.loc
Vn = torch.linalg.inv(torch.linalg.inv(V0) + centred.T @ centred)
posterior = D.Wishart(df0 + n, covariance_matrix=Vn)
print("posterior mean of the precision\n", posterior.mean)
print("implied covariance", fmt(torch.linalg.inv(posterior.mean).diagonal()))
print("log density at the true precision",
      f"{posterior.log_prob(torch.linalg.inv(true_cov)).item():.8f}")
print("wishart entropy", f"{posterior.entropy().item():.8f}", "df", posterior.df.item())

# MAP of (correlation Cholesky, scales) under LKJ(eta = 2) and HalfCauchy(1)
cc = T.CorrCholeskyTransform()
unconstrained = torch.zeros(3, requires_grad=True)
log_scales = torch.zeros(3, requires_grad=True)
prior_corr = D.LKJCholesky(3, concentration=2.0)
prior_scale = D.HalfCauchy(torch.ones(3))
opt = torch.optim.Adam([unconstrained, log_scales], lr=0.05)
for step in range(201):
    Lcorr = cc(unconstrained)
    scales = log_scales.exp()
    L = scales.unsqueeze(-1) * Lcorr
    lp = D.MultivariateNormal(xbar, scale_tril=L).log_prob(data).sum()
    lp = lp + prior_corr.log_prob(Lcorr) + cc.log_abs_det_jacobian(unconstrained, Lcorr)
    lp = lp + (prior_scale.log_prob(scales) + log_scales).sum()
    opt.zero_grad()
    (-lp).backward()
    opt.step()
    if step % 100 == 0:
        print(f"map step {step} log posterior {lp.item():.6f}")
corr = Lcorr @ Lcorr.T
print("MAP correlation\n", corr.detach())
sd = (S / n).diagonal().sqrt()
print("sample correlation\n", torch.corrcoef(data.T))
print("MAP scales", fmt(log_scales.exp()), "sample sd", fmt(sd))

# factor analysis: five measurements of one latent factor plus diagonal noise, by maximum
# likelihood (three variables would put the optimum on the boundary, a zero noise variance)
true_w = torch.tensor([[0.9], [0.7], [-0.5], [0.8], [0.4]])
true_psi = torch.tensor([0.3, 0.5, 0.4, 0.6, 0.3])
fa_data = D.LowRankMultivariateNormal(torch.zeros(5), true_w, true_psi).sample((300,))
fa_mean = fa_data.mean(0)
W = torch.full((5, 1), 0.5, requires_grad=True)
log_psi = torch.zeros(5, requires_grad=True)
opt = torch.optim.LBFGS([W, log_psi], max_iter=200, line_search_fn="strong_wolfe",
                        tolerance_grad=1e-10, tolerance_change=1e-14)


def closure():
    opt.zero_grad()
    model = D.LowRankMultivariateNormal(fa_mean, W, log_psi.exp())
    loss = -model.log_prob(fa_data).mean()
    loss.backward()
    return loss


opt.step(closure)
fa = D.LowRankMultivariateNormal(fa_mean, W.detach(), log_psi.exp().detach())
sign = torch.sign(W[0, 0]).item()
print("loadings", fmt(sign * W.detach().flatten(), 4), "noise", fmt(log_psi.exp(), 4))
print("fa covariance\n", fa.covariance_matrix, "\nmean log lik",
      f"{fa.log_prob(fa_data).mean().item():.6f}")
sample_cov = torch.cov(fa_data.T, correction=0)
full = D.MultivariateNormal(fa_mean, covariance_matrix=sample_cov)
print("saturated mean log lik", f"{full.log_prob(fa_data).mean().item():.6f}",
      "kl(full || fa)", f"{D.kl_divergence(full, fa).item():.6f}")
print("fa precision matches", torch.allclose(fa.precision_matrix,
                                             torch.linalg.inv(fa.covariance_matrix)))

# Gaussian conditioning: x2 | x1 = a, via the Cholesky of the 1-1 block
mvn = D.MultivariateNormal(torch.tensor([1.0, -1.0, 0.5]),
                           scale_tril=torch.linalg.cholesky(true_cov))
idx1, idx2 = [0], [1, 2]
S11 = true_cov[idx1][:, idx1]
S12 = true_cov[idx1][:, idx2]
S22 = true_cov[idx2][:, idx2]
L11 = torch.linalg.cholesky(S11)
a = torch.tensor([2.0])
cond_mean = mvn.loc[idx2] + (S12.T @ torch.cholesky_solve((a - mvn.loc[idx1]).unsqueeze(1),
                                                          L11)).squeeze(1)
cond_cov = S22 - S12.T @ torch.cholesky_solve(S12, L11)
cond = D.MultivariateNormal(cond_mean, scale_tril=torch.linalg.cholesky(cond_cov))
print("conditional mean", fmt(cond.mean), "covariance", fmt(cond.covariance_matrix))
joint = mvn.log_prob(torch.tensor([2.0, 0.0, 0.0]))
marg = D.Normal(mvn.loc[0], true_cov[0, 0].sqrt()).log_prob(torch.tensor(2.0))
print("chain rule log p(x1, x2) = log p(x1) + log p(x2 | x1):",
      torch.allclose(joint, marg + cond.log_prob(torch.tensor([0.0, 0.0]))))
print("mvn", mvn, mvn.batch_shape, mvn.event_shape, "entropy", f"{mvn.entropy().item():.8f}")
