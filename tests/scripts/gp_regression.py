import torch  # noqa: I001 (the harness requires torch first)
import math

# Gaussian-process regression in float64, as in GPyTorch tutorials written by hand: an RBF
# kernel with a learned lengthscale, signal and noise variance (log-parameterised), the exact
# log marginal likelihood through a Cholesky factor, maximised with Adam; then the posterior
# mean and variance at test points via cholesky_solve and solve_triangular.

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)

n = 24
x = torch.sort(torch.rand(n) * 6).values
y = torch.sin(x) + 0.3 * torch.cos(3 * x) + 0.1 * torch.randn(n)
x_test = torch.linspace(-0.5, 6.5, 7)


def rbf(a, b, log_lengthscale, log_signal):
    sq = torch.cdist(a.unsqueeze(-1), b.unsqueeze(-1)).pow(2)
    return log_signal.exp() * torch.exp(-0.5 * sq / log_lengthscale.exp().pow(2))


def neg_log_marginal_likelihood(params):
    log_lengthscale, log_signal, log_noise = params
    K = rbf(x, x, log_lengthscale, log_signal) + (log_noise.exp() + 1e-6) * torch.eye(n)
    L = torch.linalg.cholesky(K)
    alpha = torch.cholesky_solve(y.unsqueeze(-1), L)
    data_fit = 0.5 * (y.unsqueeze(-1) * alpha).sum()
    complexity = L.diagonal().log().sum()
    return data_fit + complexity + 0.5 * n * math.log(2 * math.pi)


params = torch.tensor([0.0, 0.0, -2.0], requires_grad=True)
optimizer = torch.optim.Adam([params], lr=0.05)
for step in range(40):
    optimizer.zero_grad()
    loss = neg_log_marginal_likelihood(params)
    loss.backward()
    optimizer.step()
    if step % 5 == 0 or step == 39:
        ell, sig, noise = params.detach().exp().tolist()
        print(f"step {step:2d} nlml {loss.item():.10f} lengthscale {ell:.8f} "
              f"signal {sig:.8f} noise {noise:.8f} grad {params.grad.norm().item():.8e}")

with torch.no_grad():
    log_lengthscale, log_signal, log_noise = params
    K = rbf(x, x, log_lengthscale, log_signal) + (log_noise.exp() + 1e-6) * torch.eye(n)
    L = torch.linalg.cholesky(K)
    K_star = rbf(x_test, x, log_lengthscale, log_signal)
    alpha = torch.cholesky_solve(y.unsqueeze(-1), L)
    mean = (K_star @ alpha).squeeze(-1)
    V = torch.linalg.solve_triangular(L, K_star.T, upper=False)
    variance = log_signal.exp() - V.pow(2).sum(0)
    print("mean", mean)
    print("std ", variance.clamp_min(0).sqrt())
    print("truth", torch.sin(x_test) + 0.3 * torch.cos(3 * x_test))

    # the same posterior through a direct solve and through the L^-1 of the factor
    direct = K_star @ torch.linalg.solve(K, y)
    L_inv = torch.linalg.solve_triangular(L, torch.eye(n), upper=False)
    via_inverse = K_star @ (L_inv.T @ (L_inv @ y))
    print(torch.allclose(mean, direct), torch.allclose(mean, via_inverse))
    print("logdet", round(2 * L.diagonal().log().sum().item(), 10),
          round(torch.logdet(K).item(), 10))
    print("cond", torch.linalg.cond(K).item() > 1.0, torch.linalg.eigvalsh(K).min().item() > 0)

# gradients of the log marginal likelihood agree with finite differences
params64 = params.detach().clone().requires_grad_(True)
print(torch.autograd.gradcheck(neg_log_marginal_likelihood, (params64,)))
grad = torch.autograd.grad(neg_log_marginal_likelihood(params64), params64)[0]
hess = torch.autograd.functional.hessian(neg_log_marginal_likelihood, params64)
print("grad", grad)
print("hessian eigenvalues", torch.linalg.eigvalsh(hess))
samples = torch.distributions.MultivariateNormal(mean, scale_tril=torch.linalg.cholesky(
    rbf(x_test, x_test, *params[:2].detach()) - V.T @ V + 1e-6 * torch.eye(7))).sample((3,))
print("posterior samples", samples.shape, samples[:, 3])
