import torch

import math

# Classical statistics from the regularised incomplete gamma function and friends, as
# scipy.stats-free torch code computes them: chi-square and Poisson tests (torch.igamma /
# igammac and their Tensor methods), a Gamma CDF fit by gradients that flow through igamma's
# x-derivative, Wishart normalising constants with mvlgamma, float_power for exact powers of
# integers, shifted-Chebyshev approximation on [0, 1], and Hermitian FFTs (hfftn / ihfftn).
torch.set_printoptions(precision=6)
dtype = torch.float64

# --- 1. chi-square goodness of fit and independence tests -------------------------------
observed = torch.tensor([43.0, 52.0, 54.0, 40.0, 53.0, 58.0], dtype=dtype)
expected = torch.full((6,), observed.sum().item() / 6, dtype=dtype)
chi2 = ((observed - expected) ** 2 / expected).sum()
dof = 5
p_value = torch.igammac(torch.tensor(dof / 2, dtype=dtype), chi2 / 2)
print("die: chi2 = %.6f, p = %.6f" % (chi2.item(), p_value.item()))
table = torch.tensor([[20.0, 15.0, 25.0], [30.0, 35.0, 15.0]], dtype=dtype)
row, col = table.sum(1, keepdim=True), table.sum(0, keepdim=True)
exp_table = row * col / table.sum()
chi2_ind = ((table - exp_table) ** 2 / exp_table).sum()
p_ind = torch.special.gammaincc(torch.tensor(1.0, dtype=dtype), chi2_ind / 2)
print("contingency: chi2 = %.6f, p = %.6f" % (chi2_ind.item(), p_ind.item()))
# G-test with xlogy, and the Wilson-Hilferty normal approximation of the same p-value
g_stat = 2 * torch.special.xlogy(table, table / exp_table).sum()
wh = ((chi2_ind / 2) ** (1 / 3) - (1 - 2 / 9 / 2)) / math.sqrt(2 / 9 / 2)
print("G = %.6f, p = %.6f | Wilson-Hilferty p = %.6f"
      % (g_stat.item(), torch.igammac(torch.tensor(1.0, dtype=dtype), g_stat / 2).item(),
         torch.special.ndtr(-wh).item()))
# the chi-square CDF agrees with the distribution object's
cdf = torch.distributions.Chi2(torch.tensor(5.0, dtype=dtype)).cdf(chi2)
print("Chi2(5).cdf agrees with igamma:",
      torch.allclose(cdf, torch.igamma(torch.tensor(2.5, dtype=dtype), chi2 / 2)))

# --- 2. Poisson: exact tail probabilities and confidence intervals ------------------------
counts = torch.tensor([0, 1, 3, 7, 12], dtype=dtype)
rate = torch.tensor(4.0, dtype=dtype)
# P(X <= k) = Q(k + 1, rate); P(X >= k) = P(k, rate)
lower = (counts + 1).igammac(rate.expand(5))
upper = torch.where(counts > 0, counts.igamma(rate.expand(5)), torch.ones(5, dtype=dtype))
print("P(X <= k):", lower)
print("P(X >= k):", upper)
pois = torch.distributions.Poisson(rate)
cdf_sum = torch.stack([pois.log_prob(torch.arange(int(k) + 1, dtype=dtype)).exp().sum()
                       for k in counts])
print("CDF by summing the pmf agrees:", torch.allclose(cdf_sum, lower))
# the exact (Garwood) interval for 7 events: invert the incomplete gamma by bisection
def invert(fn, target, lo, hi, iters=80):
    for _ in range(iters):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if fn(mid) < target else (lo, mid)
    return 0.5 * (lo + hi)
k = 7.0
def at_least_k(mu):
    return torch.igamma(torch.tensor(k, dtype=dtype), torch.tensor(mu, dtype=dtype)).item()
def minus_at_most_k(mu):
    return -torch.igammac(torch.tensor(k + 1, dtype=dtype), torch.tensor(mu, dtype=dtype)).item()
lo = invert(at_least_k, 0.025, 0.0, 30.0)
hi = invert(minus_at_most_k, -0.025, 0.0, 30.0)
print("Garwood 95%% interval for 7 events: (%.6f, %.6f)" % (lo, hi))

# --- 3. fitting a Gamma CDF to censored data: gradients through igamma in x ----------------
# igamma is differentiable in x (its density) and not in the shape a, so fit the scale only
edges = torch.tensor([0.5, 1.0, 2.0, 4.0, 8.0], dtype=dtype)
bin_counts = torch.tensor([12.0, 18.0, 30.0, 25.0, 11.0, 4.0], dtype=dtype)
shape = torch.tensor(2.0, dtype=dtype)
log_scale = torch.tensor(0.0, dtype=dtype, requires_grad=True)
opt = torch.optim.Adam([log_scale], lr=0.05)
for it in range(120):
    opt.zero_grad()
    F = torch.igamma(shape, edges / log_scale.exp())
    probs = torch.diff(F, prepend=torch.zeros(1, dtype=dtype), append=torch.ones(1, dtype=dtype))
    nll = -(bin_counts * probs.clamp(min=1e-300).log()).sum()
    nll.backward()
    opt.step()
    if it % 40 == 0:
        print("iter %3d nll %.6f dscale %.6f" % (it, nll.item(), log_scale.grad.item()))
print("fitted scale: %.6f" % log_scale.exp().item())
a_req = torch.tensor([2.0], dtype=dtype, requires_grad=True)
try:
    torch.igamma(a_req, torch.tensor([1.0], dtype=dtype)).sum().backward()
except NotImplementedError as e:
    print("NotImplementedError:", e)
x_g = torch.tensor([0.7, 2.5], dtype=dtype, requires_grad=True)
shapes = torch.tensor([1.5, 3.0], dtype=dtype)
print("gradcheck igammac in x:",
      torch.autograd.gradcheck(lambda x: torch.igammac(shapes, x), (x_g,)))

# --- 4. Wishart normalising constant with mvlgamma ------------------------------------------
p, nu = 3, 6.0
scale = torch.tensor([[2.0, 0.3, 0.0], [0.3, 1.0, 0.2], [0.0, 0.2, 0.5]], dtype=dtype)
log_norm = (nu * p / 2) * math.log(2) + (nu / 2) * torch.logdet(scale) \
    + torch.mvlgamma(torch.tensor(nu / 2, dtype=dtype), p)
print("log Wishart normaliser: %.8f" % log_norm.item())
W = torch.tensor([[5.0, 1.0, 0.2], [1.0, 4.0, 0.5], [0.2, 0.5, 2.0]], dtype=dtype)
manual = ((nu - p - 1) / 2) * torch.logdet(W) - 0.5 * torch.trace(torch.linalg.solve(scale, W)) \
    - log_norm
wishart = torch.distributions.Wishart(df=torch.tensor(nu, dtype=dtype), covariance_matrix=scale)
print("Wishart log_prob by hand agrees:", torch.allclose(manual, wishart.log_prob(W)))
args = torch.tensor([3.0, 4.5], dtype=dtype)
print("multigammaln is mvlgamma:",
      torch.equal(torch.special.multigammaln(args, 3), args.mvlgamma(3)))
nu_t = torch.tensor(4.2, dtype=dtype, requires_grad=True)
torch.mvlgamma(nu_t, 3).backward()
digamma_sum = sum(torch.digamma(torch.tensor(4.2 - j / 2, dtype=dtype)) for j in range(3))
print("d mvlgamma / dx = sum of digammas:", torch.allclose(nu_t.grad, digamma_sum))
# below (p - 1) / 2 a Gamma function argument is negative: torch 2.13 returns a value
print("mvlgamma(0.9, 3) =", torch.mvlgamma(torch.tensor([0.9], dtype=dtype), 3))

# --- 5. float_power: exact integer powers in double precision ------------------------------
ints = torch.tensor([2, 3, 10, 97], dtype=torch.int64)
print("float_power of ints:", torch.float_power(ints, 10), torch.float_power(ints, 10).dtype)
wrapped = 97 ** 10 % 2 ** 64 - (2 ** 64 if 97 ** 10 % 2 ** 64 >= 2 ** 63 else 0)
print("pow of ints wraps around int64 at 97**10:", torch.pow(ints, 10)[-1].item() == wrapped)
print("float_power with a tensor exponent:",
      torch.float_power(torch.tensor([4.0, 9.0]), torch.tensor([0.5, -0.5])))
base = torch.tensor([1.5, 2.5], dtype=torch.float32, requires_grad=True)
out = base.float_power(3)
out.sum().backward()
print("float_power from float32:", out.dtype, "| grad dtype:", base.grad.dtype, base.grad)
try:
    torch.tensor([1.0, 2.0]).float_power_(2)
except RuntimeError as e:
    print("RuntimeError:", e)

# --- 6. shifted Chebyshev approximation of exp(-x) on [0, 1] -------------------------------
nodes = 0.5 * (1 + torch.cos(math.pi * (torch.arange(12, dtype=dtype) + 0.5) / 12))
vals = torch.exp(-nodes)
basis = torch.stack([torch.special.shifted_chebyshev_polynomial_t(nodes, k) for k in range(12)], 1)
coef = torch.linalg.solve(basis, vals)
print("shifted-Chebyshev coefficients (first 5):", coef[:5])
xs = torch.linspace(0, 1, 101, dtype=dtype)
approx = torch.stack([torch.special.shifted_chebyshev_polynomial_t(xs, k)
                      for k in range(12)], 1) @ coef
print("max error on [0, 1] below 1e-13:", (approx - torch.exp(-xs)).abs().max().item() < 1e-13)
for name in ("u", "v", "w"):
    fn = getattr(torch.special, "shifted_chebyshev_polynomial_" + name)
    print("shifted_chebyshev_polynomial_%s(0.3, 0..4):" % name,
          fn(torch.tensor(0.3, dtype=dtype), torch.arange(5, dtype=dtype)))
print("T*_n(x) = T_n(2x - 1):",
      torch.allclose(torch.special.shifted_chebyshev_polynomial_t(xs, 7),
                     torch.special.chebyshev_polynomial_t(2 * xs - 1, 7)))

# --- 7. Hermitian FFTs: a real spectrum's signal and back ---------------------------------
gen = torch.Generator().manual_seed(4)
real_field = torch.randn(6, 8, 10, dtype=dtype, generator=gen)
half = torch.fft.ihfftn(real_field)
print("ihfftn:", half.shape, half.dtype)
print("hfftn(ihfftn(x)) == x:",
      torch.allclose(torch.fft.hfftn(half, s=real_field.shape), real_field))
print("ihfftn is conj(rfftn) / n:",
      torch.allclose(half, torch.fft.rfftn(real_field).conj() / real_field.numel()))
two = torch.fft.ihfft2(real_field)
print("ihfft2 over the last two dims:", two.shape,
      torch.allclose(torch.fft.hfft2(two, s=(8, 10)), real_field))
spectrum = torch.fft.hfftn(half[..., :4], dim=(1, 2), norm="ortho")
print("hfftn over two dims with ortho norm:", spectrum.shape, "sum %.8f" % spectrum.sum().item())
h_grad = half.detach().clone().requires_grad_()
torch.fft.hfftn(h_grad, s=real_field.shape).pow(2).sum().backward()
print("gradient of hfftn is complex:", h_grad.grad.dtype, h_grad.grad.shape)
