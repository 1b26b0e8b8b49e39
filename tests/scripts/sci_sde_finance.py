import torch

# Stochastic calculus in float64: geometric Brownian motion by Euler-Maruyama and by its exact
# solution, Black-Scholes prices from special.ndtr checked against Monte Carlo, the Greeks
# (delta, gamma, vega) by autograd with create_graph and by pathwise Monte Carlo, implied
# volatility by Newton's method, an Ornstein-Uhlenbeck process whose mean-reversion rate is
# fitted by maximum likelihood, and quadratic variation of Brownian paths.
from torch.special import ndtr

torch.manual_seed(43)
torch.set_default_dtype(torch.float64)


def black_scholes_call(spot, strike, rate, vol, maturity):
    d1 = (torch.log(spot / strike) + (rate + 0.5 * vol ** 2) * maturity) / (vol * maturity ** 0.5)
    d2 = d1 - vol * maturity ** 0.5
    return spot * ndtr(d1) - strike * torch.exp(-rate * maturity) * ndtr(d2)


spot = torch.tensor(100.0, requires_grad=True)
vol = torch.tensor(0.2, requires_grad=True)
strike, rate, maturity = torch.tensor(105.0), torch.tensor(0.03), torch.tensor(1.0)
price = black_scholes_call(spot, strike, rate, vol, maturity)
delta, vega = torch.autograd.grad(price, (spot, vol), create_graph=True)
(gamma,) = torch.autograd.grad(delta, spot)
print(f"call {price.item():.10f} delta {delta.item():.10f} gamma {gamma.item():.10f} "
      f"vega {vega.item():.10f}")
put = price - spot + strike * torch.exp(-rate * maturity)
print(f"put by parity {put.item():.10f}")

# Monte Carlo with antithetic variates and pathwise Greeks.
z = torch.randn(50000)
z = torch.cat([z, -z])
s_paths = spot * torch.exp((rate - 0.5 * vol ** 2) * maturity + vol * maturity ** 0.5 * z)
payoff = torch.exp(-rate * maturity) * torch.relu(s_paths - strike)
mc_price = payoff.mean()
mc_delta, mc_vega = torch.autograd.grad(mc_price, (spot, vol))
stderr = payoff.std() / payoff.numel() ** 0.5
print(f"monte carlo {mc_price.item():.4f} +- {stderr.item():.4f} delta {mc_delta.item():.4f} "
      f"vega {mc_vega.item():.3f}")

# Implied volatility by Newton's method on the closed form.
target = price.detach() + 1.5
sigma = torch.tensor(0.3, requires_grad=True)
for it in range(6):
    value = black_scholes_call(spot.detach(), strike, rate, sigma, maturity)
    (slope,) = torch.autograd.grad(value, sigma)
    with torch.no_grad():
        sigma -= (value - target) / slope
    print(f"newton {it} sigma {sigma.item():.12f} error {(value - target).item():+.3e}")

# Euler-Maruyama against the exact GBM solution on the same Brownian increments.
n_paths, n_steps, dt = 2000, 100, 0.01
dW = torch.randn(n_paths, n_steps) * dt ** 0.5
mu, sig = 0.05, 0.3
s = torch.ones(n_paths)
for k in range(n_steps):
    s = s + mu * s * dt + sig * s * dW[:, k]
exact = torch.exp((mu - 0.5 * sig ** 2) * 1.0 + sig * dW.sum(1))
print(f"strong error {(s - exact).abs().mean().item():.6f} weak error "
      f"{(s.mean() - torch.exp(torch.tensor(mu))).abs().item():.6f}")
W = torch.cumsum(dW, dim=1)
qv = (torch.diff(W, dim=1) ** 2).sum(1)
print(f"quadratic variation {qv.mean().item():.6f} (T = {dt * (n_steps - 1):.2f}) "
      f"var {qv.var().item():.3e}")
running_max = W.abs().cummax(1).values[:, -1]
print("running max of |W| quantiles",
      torch.quantile(running_max, torch.tensor([0.1, 0.5, 0.9])).numpy().round(6))

# Ornstein-Uhlenbeck: exact transition x' = x e^{-th dt} + noise; fit theta by likelihood.
theta_true, sigma_ou, h = 2.0, 0.5, 0.05
x = torch.zeros(400)
for k in range(1, 400):
    decay = torch.exp(torch.tensor(-theta_true * h))
    sd = sigma_ou * torch.sqrt((1 - decay ** 2) / (2 * theta_true))
    x[k] = x[k - 1] * decay + sd * torch.randn(())
log_theta = torch.tensor(0.0, requires_grad=True)
optimizer = torch.optim.LBFGS([log_theta], lr=0.5, max_iter=30, line_search_fn="strong_wolfe")


def ou_nll(log_rate):
    theta = log_rate.exp()
    decay = torch.exp(-theta * h)
    sd = sigma_ou * torch.sqrt((1 - decay ** 2) / (2 * theta))
    return -torch.distributions.Normal(x[:-1] * decay, sd).log_prob(x[1:]).sum()


def closure():
    optimizer.zero_grad()
    loss = ou_nll(log_theta)
    loss.backward()
    return loss


final = optimizer.step(closure)
print(f"OU fit theta {log_theta.exp().item():.6f} nll {final.item():.6f}")
(slope,) = torch.autograd.grad(ou_nll(log_theta), log_theta, create_graph=True)
(hess,) = torch.autograd.grad(slope, log_theta)
print(f"gradient at the optimum {slope.item():.2e}")
print(f"curvature {hess.item():.4f} std error of log theta {hess.item() ** -0.5:.6f}")
