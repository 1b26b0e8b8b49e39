import torch  # noqa: I001 (the harness requires torch first)

# Scientific computing in float64: Lotka-Volterra parameters fitted by differentiating through a
# hand-written RK4 solver (no adjoint), Gaussian-process regression whose kernel
# hyperparameters maximise the marginal likelihood (linalg.cholesky, cholesky_solve, logdet),
# a negative-binomial GLM and a probit model whose likelihoods use lgamma, digamma and erf,
# and torch.func's vmap/grad/jacrev/hessian on a small function checked against autograd.
import math

from torch.func import grad, hessian, jacrev, vmap

torch.manual_seed(11)
torch.set_default_dtype(torch.float64)


def lotka_volterra(state, theta):
    prey, pred = state.unbind(-1)
    alpha, beta, delta, gamma = theta.unbind(-1)
    return torch.stack([alpha * prey - beta * prey * pred,
                        delta * prey * pred - gamma * pred], -1)


def rk4(f, y0, theta, t):
    ys, y = [y0], y0
    for i in range(len(t) - 1):
        h = t[i + 1] - t[i]
        k1 = f(y, theta)
        k2 = f(y + h / 2 * k1, theta)
        k3 = f(y + h / 2 * k2, theta)
        k4 = f(y + h * k3, theta)
        y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        ys.append(y)
    return torch.stack(ys)


t = torch.linspace(0, 6, 31)
true_theta = torch.tensor([1.1, 0.4, 0.1, 0.4])
y0 = torch.tensor([10.0, 5.0])
observed = rk4(lotka_volterra, y0, true_theta, t) * torch.exp(0.05 * torch.randn(31, 2))
log_theta = torch.log(torch.tensor([1.0, 0.5, 0.15, 0.3])).requires_grad_()
opt = torch.optim.Adam([log_theta], lr=0.05)
for step in range(10):
    pred = rk4(lotka_volterra, y0, log_theta.exp(), t)
    loss = (pred.log() - observed.log()).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 3 == 0:
        print(f"ode step {step}: loss {loss.item():.8f} theta {log_theta.exp().detach().numpy().round(5)}")
theta = true_theta.clone().requires_grad_()
final = rk4(lotka_volterra, y0, theta, t[:6])[-1]
sens = torch.stack([torch.autograd.grad(final[i], theta, retain_graph=True)[0] for i in range(2)])
print("sensitivity d y(1) / d theta:\n", sens)

x = torch.sort(torch.rand(25) * 10).values
y = torch.sin(x) + 0.1 * torch.randn(25)
log_ls, log_sf, log_sn = (torch.zeros((), requires_grad=True) for _ in range(3))


def kernel(a, b, ls, sf):
    return sf ** 2 * torch.exp(-0.5 * torch.cdist(a[:, None], b[:, None]).pow(2) / ls ** 2)


opt = torch.optim.LBFGS([log_ls, log_sf, log_sn], lr=0.5, max_iter=20,
                        line_search_fn="strong_wolfe")


def nll():
    opt.zero_grad()
    K = kernel(x, x, log_ls.exp(), log_sf.exp()) + (log_sn.exp() ** 2 + 1e-6) * torch.eye(25)
    L = torch.linalg.cholesky(K)
    alpha = torch.cholesky_solve(y[:, None], L)
    value = 0.5 * (y[:, None] * alpha).sum() + 0.5 * torch.logdet(K) + 12.5 * math.log(2 * math.pi)
    value.backward()
    return value


for step in range(3):
    value = opt.step(nll)
    print(f"gp lbfgs {step}: nll {value.item():.6f} ls {log_ls.exp().item():.5f} "
          f"sf {log_sf.exp().item():.5f} sn {log_sn.exp().item():.5f}")
with torch.no_grad():
    K = kernel(x, x, log_ls.exp(), log_sf.exp()) + log_sn.exp() ** 2 * torch.eye(25)
    L = torch.linalg.cholesky(K)
    xs = torch.linspace(0, 10, 5)
    Ks = kernel(xs, x, log_ls.exp(), log_sf.exp())
    mean = Ks @ torch.cholesky_solve(y[:, None], L)
    v = torch.linalg.solve_triangular(L, Ks.T, upper=False)
    var = log_sf.exp() ** 2 - v.pow(2).sum(0)
    print("gp mean", mean.squeeze().numpy().round(5), "sd", var.sqrt().numpy().round(5))
    sign, logabsdet = torch.linalg.slogdet(K)
    print("slogdet vs 2 sum log diag L:", sign.item(),
          round(logabsdet.item(), 8), round(2 * L.diagonal().log().sum().item(), 8))

features = torch.randn(200, 3)
rate = torch.exp(features @ torch.tensor([0.5, -0.3, 0.2]) + 1.0)
counts = torch.distributions.NegativeBinomial(total_count=4.0,
                                              logits=rate.log() - math.log(4.0)).sample()
w = torch.zeros(3, requires_grad=True)
b = torch.zeros((), requires_grad=True)
log_r = torch.zeros((), requires_grad=True)
opt = torch.optim.Adam([w, b, log_r], lr=0.1)
for step in range(30):
    mu, r = torch.exp(features @ w + b), log_r.exp()
    loglik = (torch.lgamma(counts + r) - torch.lgamma(r) - torch.lgamma(counts + 1)
              + r * torch.log(r / (r + mu)) + counts * torch.log(mu / (r + mu)))
    loss = -loglik.mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 10 == 0:
        score_r = (torch.digamma(counts + r) - torch.digamma(r) + torch.log(r / (r + mu))
                   + 1 - (counts + r) / (r + mu)).mean() * r
        print(f"negbin {step}: nll {loss.item():.6f} dispersion {r.item():.5f} "
              f"d/dlog_r analytic {-score_r.item():.6f} autograd {log_r.grad.item():.6f}")
labels = (features[:, 0] + 0.5 * torch.randn(200) > 0).double()
coef = torch.zeros(3, requires_grad=True)
for step in range(40):
    p = 0.5 * (1 + torch.erf(features @ coef / math.sqrt(2)))
    loss = -(labels * p.clamp(1e-12).log() + (1 - labels) * (1 - p).clamp(1e-12).log()).mean()
    (g,) = torch.autograd.grad(loss, coef)
    with torch.no_grad():
        coef -= 0.5 * g
print("probit coefficients", coef.detach().numpy().round(6), "loss", round(loss.item(), 8))


def f(v):
    return torch.sin(v[0]) * v[1] ** 2 + torch.exp(v[0] * v[2]) - v.pow(3).sum() / 3


points = torch.randn(4, 3)
print("vmap(grad)", vmap(grad(f))(points))
print("jacrev(grad) == hessian:", torch.allclose(jacrev(grad(f))(points[0]), hessian(f)(points[0])))
print("hessian", hessian(f)(points[0]))
autograd_h = torch.autograd.functional.hessian(f, points[0])
print("matches autograd.functional:", torch.allclose(autograd_h, hessian(f)(points[0])))
print("vmap(hessian) shape", vmap(hessian(f))(points).shape)
