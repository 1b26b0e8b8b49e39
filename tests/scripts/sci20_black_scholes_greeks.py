import torch  # noqa: I001 (the harness requires torch first)

# Option pricing as a quant writes it in float64: Black-Scholes call and put prices from
# special.ndtr, the greeks by autograd (delta, vega, rho, theta first order; gamma, vanna,
# volga second order through create_graph), put-call parity, implied volatility by Newton's
# method with the autograd vega, a volatility smile inverted from prices in a batch, the
# log-likelihood of returns with special.log_ndtr in the far tail, digital options and
# quantiles by special.ndtri, and distributions.Normal.cdf against ndtr.
import math

from torch.distributions import Normal

torch.set_default_dtype(torch.float64)
torch.set_printoptions(precision=8)


def bs_call(S, K, T, r, sigma):
    sqrtT = torch.sqrt(T)
    d1 = (torch.log(S / K) + (r + 0.5 * sigma**2) * T) / (sigma * sqrtT)
    d2 = d1 - sigma * sqrtT
    return S * torch.special.ndtr(d1) - K * torch.exp(-r * T) * torch.special.ndtr(d2)


def bs_put(S, K, T, r, sigma):
    sqrtT = torch.sqrt(T)
    d1 = (torch.log(S / K) + (r + 0.5 * sigma**2) * T) / (sigma * sqrtT)
    d2 = d1 - sigma * sqrtT
    return K * torch.exp(-r * T) * torch.special.ndtr(-d2) - S * torch.special.ndtr(-d1)


S = torch.tensor(100.0, requires_grad=True)
K = torch.tensor(105.0)
T = torch.tensor(0.75, requires_grad=True)
r = torch.tensor(0.03, requires_grad=True)
sigma = torch.tensor(0.22, requires_grad=True)

call = bs_call(S, K, T, r, sigma)
put = bs_put(S, K, T, r, sigma)
print("call", call, "put", put)
print("call grad_fn", type(call.grad_fn).__name__)
parity = call - put - (S - K * torch.exp(-r * T))
print("parity residual", f"{parity.abs().item():.2e}")

delta, dT, rho, vega = torch.autograd.grad(call, (S, T, r, sigma), create_graph=True)
print("delta", delta.item(), "vega", vega.item())
print("rho", rho.item(), "theta (per year)", -dT.item())
gamma, vanna = torch.autograd.grad(delta, (S, sigma), retain_graph=True)
(volga,) = torch.autograd.grad(vega, sigma, retain_graph=True)
print(f"gamma {gamma.item():.10f} vanna {vanna.item():.10f} volga {volga.item():.10f}")

# closed forms for comparison
with torch.no_grad():
    d1 = (torch.log(S / K) + (r + 0.5 * sigma**2) * T) / (sigma * torch.sqrt(T))
    d2 = d1 - sigma * torch.sqrt(T)
    pdf = torch.exp(-0.5 * d1**2) / math.sqrt(2 * math.pi)
    print("delta closed", torch.special.ndtr(d1))
    print("gamma closed", pdf / (S * sigma * torch.sqrt(T)))
    print("vega closed", S * pdf * torch.sqrt(T))
    print(
        "vanna closed", -pdf * d2 / sigma, "volga closed", S * pdf * torch.sqrt(T) * d1 * d2 / sigma
    )


# Hessian of the price in (S, sigma) with torch.autograd.functional
def price_of(x):
    return bs_call(x[0], K, T.detach(), r.detach(), x[1])


H = torch.autograd.functional.hessian(price_of, torch.tensor([100.0, 0.22]))
print("hessian\n", H)

# implied volatility by Newton with the autograd vega
strikes = torch.tensor([80.0, 90.0, 100.0, 110.0, 120.0, 130.0])
true_vol = 0.2 + 0.0008 * (strikes - 100.0) ** 2 / 10
S0, T0, r0 = torch.tensor(100.0), torch.tensor(0.5), torch.tensor(0.01)
market = bs_call(S0, strikes, T0, r0, true_vol)
print("market prices", market)
vol = torch.full_like(strikes, 0.3)
for it in range(8):
    vol = vol.detach().requires_grad_(True)
    price = bs_call(S0, strikes, T0, r0, vol)
    (v,) = torch.autograd.grad(price.sum(), vol)
    step = (price - market) / v
    vol = vol - step
    # below 1e-9 the step is rounding noise of price - market: print only that it is tiny
    biggest = step.abs().max().item()
    print(f"newton {it}", f"max |step| {biggest:.3e}" if biggest > 1e-9 else "converged")
print("implied", vol.detach())
print("recovered", torch.allclose(vol.detach(), true_vol, atol=1e-10))

# a digital call pays 1 if S_T > K: price e^{-rT} N(d2); derivative against a finite difference
vol_d = torch.tensor(0.25, requires_grad=True)
d2 = (math.log(100 / 105) + (0.03 - 0.5 * vol_d**2) * 0.75) / (vol_d * math.sqrt(0.75))
digital = math.exp(-0.03 * 0.75) * torch.special.ndtr(d2)
digital.backward()
print("digital", digital.item(), "d/dsigma", vol_d.grad.item())

# tail probabilities: log_ndtr stays finite where log(ndtr) underflows
z = torch.tensor([-40.0, -20.0, -5.0, 0.0, 5.0, 20.0])
print("log_ndtr", torch.special.log_ndtr(z))
print("log(ndtr)", torch.log(torch.special.ndtr(z)))
zq = z.clone().requires_grad_(True)
torch.special.log_ndtr(zq).sum().backward()
print("d log_ndtr", zq.grad)
print("ndtri", torch.special.ndtri(torch.tensor([1e-10, 0.01, 0.5, 0.975, 1.0, 0.0])))
print("Normal cdf vs ndtr", torch.allclose(Normal(0.0, 1.0).cdf(z), torch.special.ndtr(z)))
print(
    "Normal icdf",
    Normal(torch.tensor(0.0), torch.tensor(2.0)).icdf(torch.tensor([0.05, 0.5, 0.95])),
)
print("erfcx", torch.special.erfcx(torch.tensor([-3.0, 0.0, 1.0, 10.0, 1e5])))

# value at risk of a delta-gamma portfolio from a Normal quantile
alpha = torch.tensor([0.95, 0.99, 0.999])
dS = 100.0 * 0.22 * math.sqrt(1 / 252) * torch.special.ndtri(1 - alpha)
pnl = delta.detach() * dS + 0.5 * gamma * dS**2
print("delta-gamma VaR", -pnl)

# gradcheck of the price in all inputs
inputs = tuple(t.detach().clone().requires_grad_(True) for t in (S, T, r, sigma))
print("gradcheck", torch.autograd.gradcheck(lambda *a: bs_call(a[0], K, *a[1:]), inputs))
print("gradgradcheck", torch.autograd.gradgradcheck(lambda *a: bs_call(a[0], K, *a[1:]), inputs))
