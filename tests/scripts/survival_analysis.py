import torch

# Survival analysis as biostatisticians write it with torch, in float64: a Kaplan-Meier curve
# from torch.unique(return_counts=True) and cumprod, median survival by searchsorted, a Cox
# proportional-hazards model fitted by Newton's method on the partial likelihood (risk sets by
# logcumsumexp over times sorted in descending order, the Hessian by torch.autograd.functional),
# the concordance index, and a discrete-time hazard model with bucketize'd time bins.
from torch.autograd.functional import hessian

torch.manual_seed(13)
torch.set_default_dtype(torch.float64)

n = 120
covariates = torch.randn(n, 3)
true_beta = torch.tensor([0.8, -0.5, 0.0])
hazard = torch.exp(covariates @ true_beta)
event_times = torch.distributions.Exponential(hazard).sample()
censor_times = torch.distributions.Exponential(torch.full((n,), 0.3)).sample()
times = torch.minimum(event_times, censor_times).round(decimals=2)
events = (event_times <= censor_times).long()
print("events", events.sum().item(), "censored", (1 - events).sum().item(),
      "time range", times.min().item(), times.max().item())

# Kaplan-Meier estimator.
unique_times, counts = torch.unique(times, return_counts=True)
deaths = torch.zeros_like(unique_times).index_add_(
    0, torch.searchsorted(unique_times, times), events.double())
at_risk = counts.flip(0).cumsum(0).flip(0).double()
survival = torch.cumprod(1 - deaths / at_risk, 0)
print("distinct times", unique_times.numel(), "S(t) at first steps", survival[:4])
median_index = torch.searchsorted(-survival, torch.tensor([-0.5]))
print("median survival", unique_times[median_index].item(),
      "S nonincreasing", bool((survival.diff() <= 0).all()))
cummax_check = torch.cummax(survival.flip(0), 0).values.flip(0)
print("cummax agrees", torch.equal(cummax_check, survival))


def neg_partial_log_likelihood(beta):
    order = torch.argsort(times, descending=True, stable=True)
    eta = covariates[order] @ beta
    log_risk = torch.logcumsumexp(eta, 0)
    return -((eta - log_risk) * events[order]).sum()


beta = torch.zeros(3)
for it in range(6):
    beta_var = beta.clone().requires_grad_()
    loss = neg_partial_log_likelihood(beta_var)
    (grad,) = torch.autograd.grad(loss, beta_var)
    hess = hessian(neg_partial_log_likelihood, beta)
    step = torch.linalg.solve(hess, grad)
    beta = beta - step
    size = step.norm().item()
    print(f"newton {it} loss {loss.item():.8f}", f"|step| {size:.3e}" if size > 1e-8 else
          "converged")
standard_errors = torch.linalg.inv(hess).diagonal().sqrt()
print("beta", beta, "se", standard_errors)
print("z", beta / standard_errors, "p", 2 * torch.special.ndtr(-(beta / standard_errors).abs()))

# Harrell's concordance index over comparable pairs.
risk = covariates @ beta
earlier = times[:, None] < times[None, :]
comparable = earlier & events.bool()[:, None]
concordant = (risk[:, None] > risk[None, :]) & comparable
ties = (risk[:, None] == risk[None, :]) & comparable
c_index = (concordant.sum() + 0.5 * ties.sum()) / comparable.sum()
print("pairs", comparable.sum().item(), "c-index", round(c_index.item(), 6))

# Discrete-time hazard: bucketize times into bins, logistic hazard per bin.
edges = torch.quantile(times, torch.tensor([0.25, 0.5, 0.75]))
bins = torch.bucketize(times, edges)
print("edges", edges, "bin counts", torch.bincount(bins, minlength=4))
weights = torch.zeros(4 + 3, requires_grad=True)
optimizer = torch.optim.LBFGS([weights], lr=1, max_iter=30, line_search_fn="strong_wolfe")
at_risk_mask = torch.arange(4)[None, :] <= bins[:, None]
event_mask = torch.nn.functional.one_hot(bins, 4).bool() & events.bool()[:, None]


def closure():
    optimizer.zero_grad()
    logits = weights[:4][None, :] + (covariates @ weights[4:])[:, None]
    loss = torch.nn.functional.binary_cross_entropy_with_logits(
        logits[at_risk_mask], event_mask[at_risk_mask].double(), reduction="sum")
    loss.backward()
    return loss


final = optimizer.step(closure)
print("discrete loss", round(final.item(), 6), "coefficients", weights[4:].detach())
print("baseline hazards", torch.sigmoid(weights[:4]).detach())
print("histc", torch.histc(times, bins=5, min=0, max=times.max().item()))
