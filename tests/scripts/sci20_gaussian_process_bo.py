import torch  # noqa: I001 (the harness requires torch first)

# Bayesian optimisation as a machine-learning scientist prototypes it in float64: a Gaussian
# process with an ARD squared-exponential kernel (cholesky_ex with jitter retries,
# cholesky_solve, the log marginal likelihood and its hyperparameter gradients against
# MultivariateNormal.log_prob), hyperparameters fitted by Adam on softplus-constrained
# parameters, posterior mean and variance on a grid, expected improvement and probability of
# improvement from distributions.Normal (cdf, log_prob), EI maximised by multistart gradient
# ascent with clamped boxes, a Matern-5/2 kernel, and a Sobol-seeded search of the Branin
# function.
import math

from torch.distributions import MultivariateNormal, Normal

torch.set_default_dtype(torch.float64)
torch.set_printoptions(precision=6, sci_mode=False)
torch.manual_seed(0)


def branin(x):
    x1 = 15 * x[..., 0] - 5
    x2 = 15 * x[..., 1]
    b, c = 5.1 / (4 * math.pi**2), 5 / math.pi
    return (x2 - b * x1**2 + c * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * math.pi)) * torch.cos(x1) + 10


def rbf(A, B, lengths, scale):
    d2 = torch.cdist(A / lengths, B / lengths) ** 2
    return scale * torch.exp(-0.5 * d2)


def matern52(A, B, lengths, scale):
    r = torch.cdist(A / lengths, B / lengths)
    s5 = math.sqrt(5) * r
    return scale * (1 + s5 + s5**2 / 3) * torch.exp(-s5)


def robust_cholesky(K):
    jitter = 0.0
    for attempt in range(6):
        L, info = torch.linalg.cholesky_ex(K + jitter * torch.eye(K.shape[-1]))
        if info.item() == 0:
            return L, jitter
        jitter = 1e-10 if jitter == 0 else jitter * 10
    raise RuntimeError("not positive definite")


sobol = torch.quasirandom.SobolEngine(2, scramble=True, seed=3)
X = sobol.draw(8)
y = branin(X)
print("initial design\n", X[:4], "\nvalues", y)
ymean, ystd = y.mean(), y.std()

raw = torch.zeros(4, requires_grad=True)  # log-ish lengthscales (2), signal, noise
opt = torch.optim.Adam([raw], lr=0.05)


def unpack(raw):
    pos = torch.nn.functional.softplus(raw)
    return pos[:2] * 0.5, pos[2], pos[3] * 1e-2 + 1e-6


def neg_mll(raw, X, yn, kernel=rbf):
    lengths, scale, noise = unpack(raw)
    K = kernel(X, X, lengths, scale) + noise * torch.eye(X.shape[0])
    L, _ = robust_cholesky(K)
    alpha = torch.cholesky_solve(yn.unsqueeze(1), L)
    return (
        0.5 * yn @ alpha.squeeze(1)
        + torch.log(torch.diagonal(L)).sum()
        + 0.5 * X.shape[0] * math.log(2 * math.pi)
    )


yn = (y - ymean) / ystd
for step in range(60):
    opt.zero_grad()
    loss = neg_mll(raw, X, yn)
    loss.backward()
    opt.step()
print(f"fitted -log ML {loss.item():.6f}")
lengths, scale, noise = unpack(raw.detach())
print("lengthscales", lengths, "signal", scale, "noise", noise)
K = rbf(X, X, lengths, scale) + noise * torch.eye(8)
mvn = MultivariateNormal(torch.zeros(8), covariance_matrix=K)
print("matches MultivariateNormal", torch.allclose(-mvn.log_prob(yn), neg_mll(raw.detach(), X, yn)))


def posterior(Xs, X, yn, kernel=rbf):
    lengths, scale, noise = unpack(raw.detach())
    K = kernel(X, X, lengths, scale) + noise * torch.eye(X.shape[0])
    L, _ = robust_cholesky(K)
    Ks = kernel(Xs, X, lengths, scale)
    mean = Ks @ torch.cholesky_solve(yn.unsqueeze(1), L).squeeze(1)
    v = torch.linalg.solve_triangular(L, Ks.T, upper=False)
    var = (scale - (v**2).sum(0)).clamp_min(1e-12)
    return mean, var


def expected_improvement(Xs, X, yn, best, kernel=rbf):
    mean, var = posterior(Xs, X, yn, kernel)
    sd = var.sqrt()
    z = (best - mean) / sd
    normal = Normal(torch.zeros_like(z), torch.ones_like(z))
    return sd * (z * normal.cdf(z) + normal.log_prob(z).exp()), normal.cdf(z)


grid = torch.stack(
    torch.meshgrid(torch.linspace(0, 1, 5), torch.linspace(0, 1, 5), indexing="ij"), -1
).reshape(-1, 2)
mean, var = posterior(grid, X, yn)
print("posterior mean at corners", mean[[0, 4, 20, 24]], "max sd", var.sqrt().max())
ei, pi = expected_improvement(grid, X, yn, yn.min())
print("EI on grid top 3", ei.topk(3).values, "PI max", pi.max())

for round_ in range(6):
    starts = torch.rand(6, 2)
    cand = starts.clone().requires_grad_(True)
    ascent = torch.optim.Adam([cand], lr=0.05)
    for _ in range(40):
        ascent.zero_grad()
        value, _ = expected_improvement(cand, X, yn, yn.min())
        (-value.sum()).backward()
        ascent.step()
        with torch.no_grad():
            cand.clamp_(0, 1)
    value, _ = expected_improvement(cand.detach(), X, yn, yn.min())
    pick = cand.detach()[value.argmax()]
    X = torch.cat([X, pick.unsqueeze(0)])
    y = torch.cat([y, branin(pick).unsqueeze(0)])
    yn = (y - y.mean()) / y.std()
    print(
        f"round {round_} EI {value.max().item():.5f} picked {pick.numpy().round(4).tolist()} "
        f"f {y[-1].item():.5f} best {y.min().item():.5f}"
    )

print("global minimum of Branin is 0.397887; found", round(y.min().item(), 4))
mean_m, var_m = posterior(grid[:3], X, yn, kernel=matern52)
print("Matern-5/2 posterior", mean_m, var_m)
Xg = X[:5].clone().requires_grad_(True)
lengths, scale, _ = unpack(raw.detach())
print(
    "gradcheck matern",
    torch.autograd.gradcheck(lambda A: matern52(A, X[5:8] + 0.01, lengths, scale), (Xg,)),
)
L, info = torch.linalg.cholesky_ex(torch.tensor([[1.0, 2.0], [2.0, 1.0]]))
print("indefinite info", info, "L", L)
try:
    torch.linalg.cholesky(torch.tensor([[1.0, 2.0], [2.0, 1.0]]))
except torch.linalg.LinAlgError as err:
    print("LinAlgError", err)
