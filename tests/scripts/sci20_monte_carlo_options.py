import torch  # noqa: I001 (the harness requires torch first)

# Monte Carlo option pricing as a quant desk prototypes it in float64: geometric Brownian
# motion paths with antithetic variates against the Black-Scholes price, a pathwise delta by
# autograd through the simulation, an Asian option with a geometric control variate, the
# Heston stochastic-volatility model by a full-truncation Euler scheme with correlated normals
# (a Cholesky factor of the correlation), and an American put by Longstaff-Schwartz regression
# (torch.linalg.lstsq on Laguerre-type basis functions of in-the-money paths).
import math

torch.set_default_dtype(torch.float64)
torch.set_printoptions(precision=6)
torch.manual_seed(2024)

S0, K, r, sigma, T = 100.0, 100.0, 0.05, 0.2, 1.0


def bs_call(S, K, T, r, sigma):
    d1 = (math.log(S / K) + (r + 0.5 * sigma**2) * T) / (sigma * math.sqrt(T))
    d2 = d1 - sigma * math.sqrt(T)
    nd = torch.special.ndtr(torch.tensor([d1, d2]))
    return S * nd[0].item() - K * math.exp(-r * T) * nd[1].item()


exact = bs_call(S0, K, T, r, sigma)
print(f"Black-Scholes {exact:.6f}")

# terminal values, plain and antithetic
n = 20000
Z = torch.randn(n)
ST = S0 * torch.exp((r - 0.5 * sigma**2) * T + sigma * math.sqrt(T) * Z)
plain = math.exp(-r * T) * torch.clamp(ST - K, min=0)
ST_anti = S0 * torch.exp((r - 0.5 * sigma**2) * T - sigma * math.sqrt(T) * Z)
anti = 0.5 * (plain + math.exp(-r * T) * torch.relu(ST_anti - K))
for name, est in (("plain", plain), ("antithetic", anti)):
    se = est.std() / math.sqrt(n)
    print(f"{name:10s} {est.mean().item():.6f} se {se.item():.6f}")
print(f"variance ratio {(plain.var() / anti.var()).item():.10f}")

# pathwise delta and vega through autograd
s0 = torch.tensor(S0, requires_grad=True)
vol = torch.tensor(sigma, requires_grad=True)
STg = s0 * torch.exp((r - 0.5 * vol**2) * T + vol * math.sqrt(T) * Z)
price = math.exp(-r * T) * torch.where(STg > K, STg - K, torch.zeros_like(STg)).mean()
price.backward()
print(f"MC price {price.item():.6f} delta {s0.grad.item():.6f} vega {vol.grad.item():.6f}")

# Asian arithmetic average with a geometric control variate over 12 monitoring dates
steps, paths = 12, 8000
dt = T / steps
dW = torch.randn(paths, steps) * math.sqrt(dt)
logS = math.log(S0) + torch.cumsum((r - 0.5 * sigma**2) * dt + sigma * dW, dim=1)
S = torch.exp(logS)
arith = math.exp(-r * T) * (S.mean(1) - K).clamp_min(0)
geo = math.exp(-r * T) * (torch.exp(logS.mean(1)) - K).clamp_min(0)
# geometric Asian closed form
sig_g = sigma * math.sqrt((steps + 1) * (2 * steps + 1) / (6 * steps**2))
mu_g = (r - 0.5 * sigma**2) * (steps + 1) / (2 * steps) + 0.5 * sig_g**2
geo_exact = math.exp(-r * T) * (
    S0
    * math.exp(mu_g * T)
    * torch.special.ndtr(
        torch.tensor((math.log(S0 / K) + (mu_g + 0.5 * sig_g**2) * T) / (sig_g * math.sqrt(T)))
    ).item()
    - K
    * torch.special.ndtr(
        torch.tensor((math.log(S0 / K) + (mu_g - 0.5 * sig_g**2) * T) / (sig_g * math.sqrt(T)))
    ).item()
)
cov = torch.cov(torch.stack([arith, geo]))
b = cov[0, 1] / cov[1, 1]
cv = arith - b * (geo - geo_exact)
print(f"asian plain {arith.mean().item():.5f} cv {cv.mean().item():.5f} beta {b.item():.5f}")
print(f"corrcoef {torch.corrcoef(torch.stack([arith, geo]))[0, 1].item():.10f}")

# Heston with full truncation Euler
kappa, theta, xi, rho, v0 = 2.0, 0.04, 0.5, -0.7, 0.04
steps, paths = 50, 4000
dt = T / steps
L = torch.linalg.cholesky(torch.tensor([[1.0, rho], [rho, 1.0]]))
print("cholesky of correlation\n", L)
logS = torch.full((paths,), math.log(S0))
v = torch.full((paths,), v0)
for _ in range(steps):
    z = torch.randn(paths, 2) @ L.T
    vp = v.clamp(min=0)
    logS = logS + (r - 0.5 * vp) * dt + torch.sqrt(vp * dt) * z[:, 0]
    v = v + kappa * (theta - vp) * dt + xi * torch.sqrt(vp * dt) * z[:, 1]
ST = logS.exp()
heston = math.exp(-r * T) * (ST - K).clamp(min=0)
print(f"heston call {heston.mean().item():.5f} se {(heston.std() / math.sqrt(paths)).item():.5f}")
print("negative variance share", (v < 0).double().mean().item())
print("terminal quantiles", torch.quantile(ST, torch.tensor([0.01, 0.5, 0.99])))
skew = ((logS - logS.mean()) ** 3).mean().item() / logS.var().item() ** 1.5
print(f"skew of log-returns {skew:.10f}")

# American put by Longstaff-Schwartz
K_put, steps, paths = 110.0, 25, 6000
dt = T / steps
disc = math.exp(-r * dt)
half = torch.randn(paths // 2, steps)
Z = torch.cat([half, -half])
S = S0 * torch.exp(torch.cumsum((r - 0.5 * sigma**2) * dt + sigma * math.sqrt(dt) * Z, 1))
cash = (K_put - S[:, -1]).clamp(min=0)
exercised = 0
for t in range(steps - 2, -1, -1):
    cash = cash * disc
    St = S[:, t]
    itm = (K_put - St) > 0
    x = St[itm] / K_put
    X = torch.stack([torch.ones_like(x), 1 - x, 1 - 2 * x + x**2 / 2], dim=1)
    coef = torch.linalg.lstsq(X, cash[itm].unsqueeze(1)).solution
    cont = (X @ coef).squeeze(1)
    ex = (K_put - St[itm]) > cont
    idx = itm.nonzero().squeeze(1)[ex]
    cash[idx] = K_put - St[idx]
    exercised += idx.numel()
    if t % 8 == 0:
        print(f"t {t:2d} itm {int(itm.sum())} exercise {int(ex.sum())} coef", coef.squeeze(1))
american = cash.mean().item() * disc
europe = (math.exp(-r * T) * (K_put - S[:, -1]).clamp(min=0)).mean().item()
print(f"american put {american:.5f} european {europe:.5f} premium {american - europe:.5f}")
print("exercise decisions", exercised)
print("lstsq driver", torch.linalg.lstsq(X, cash[itm].unsqueeze(1), driver="gelsd").rank)
