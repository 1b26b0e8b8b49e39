import torch

# Optimal transport between point clouds in float64: entropic OT by Sinkhorn iterations in log
# space (logsumexp over the Gibbs kernel), the transport plan's marginals, the 1-D Wasserstein
# distance from sorted samples and from quantile functions, cdist with p=1/p=2/p=inf, and a
# source cloud moved by gradient descent on the Sinkhorn divergence (gradients through every
# iteration).
torch.manual_seed(23)
torch.set_default_dtype(torch.float64)
n, m = 30, 40
source = torch.randn(n, 2) * 0.5
target = torch.randn(m, 2) * 0.8 + torch.tensor([2.0, 1.0])
a = torch.full((n,), 1.0 / n)
b = torch.softmax(torch.randn(m), 0)
print("target weights", b[:4].numpy().round(8), "sum", round(b.sum().item(), 12))

C1, C2, Cinf = (torch.cdist(source, target, p=p) for p in (1.0, 2.0, float("inf")))
print("cdist p=1", C1[0, :3].numpy().round(8), "p=2", C2[0, :3].numpy().round(8),
      "p=inf", Cinf[0, :3].numpy().round(8))
print("norm ordering holds:", bool((Cinf <= C2 + 1e-12).all() and (C2 <= C1 + 1e-12).all()))
print("cdist mm vs direct:", torch.allclose(
    torch.cdist(source, target, compute_mode="use_mm_for_euclid_dist"),
    torch.cdist(source, target, compute_mode="donot_use_mm_for_euclid_dist")))


def sinkhorn(x, y, a, b, eps, iters):
    cost = torch.cdist(x, y) ** 2
    log_a, log_b = a.log(), b.log()
    f, g = torch.zeros_like(a), torch.zeros_like(b)
    for _ in range(iters):
        f = -eps * torch.logsumexp((g[None, :] - cost) / eps + log_b[None, :], dim=1)
        g = -eps * torch.logsumexp((f[:, None] - cost) / eps + log_a[:, None], dim=0)
    log_plan = (f[:, None] + g[None, :] - cost) / eps + log_a[:, None] + log_b[None, :]
    plan = log_plan.exp()
    return (plan * cost).sum(), plan, f, g


def row_error(plan, a):
    error = (plan.sum(1) - a).abs().max().item()
    return f"{error:.1e}" if error > 1e-12 else "< 1e-12"


for eps in (1.0, 0.1, 0.02):
    cost, plan, f, g = sinkhorn(source, target, a, b, eps, 150)
    print(f"eps {eps:4.2f} cost {cost.item():.8f} row marginal error "
          f"{row_error(plan, a)} (g's update makes the columns exact: "
          f"{bool((plan.sum(0) - b).abs().max() < 1e-13)})")
cost, plan, f, g = sinkhorn(source, target, a, b, 0.1, 200)
print("plan entropy", round(-(plan * plan.log()).sum().item(), 8),
      "dual objective", round((f * a).sum().item() + (g * b).sum().item(), 8))
print("largest plan entries", plan.flatten().topk(3).indices.tolist())
print("barycentric map of point 0", (plan[0] @ target / plan[0].sum()).numpy().round(6))

# 1-D Wasserstein: sorted samples, and the quantile-function integral.
u = torch.randn(500)
v = torch.randn(500) * 1.5 + 0.5
w1_sorted = (u.sort().values - v.sort().values).abs().mean()
levels = torch.linspace(0.0005, 0.9995, 1000)
w1_quantile = torch.trapezoid((torch.quantile(u, levels) - torch.quantile(v, levels)).abs(), levels)
print(f"W1 sorted {w1_sorted.item():.8f} quantile integral {w1_quantile.item():.8f}")
print(f"W2 sorted {((u.sort().values - v.sort().values) ** 2).mean().sqrt().item():.8f}")
cdf_grid = torch.linspace(-6, 6, 2001)
F_u = torch.searchsorted(u.sort().values, cdf_grid, side="right") / 500.0
F_v = torch.searchsorted(v.sort().values, cdf_grid, side="right") / 500.0
print(f"W1 from CDFs {torch.trapezoid((F_u - F_v).abs(), cdf_grid).item():.6f}")

# Flow the source towards the target: gradient descent on the debiased Sinkhorn divergence.
moving = source.clone().requires_grad_()
optimizer = torch.optim.SGD([moving], lr=5.0)
for step in range(12):
    optimizer.zero_grad()
    div = (sinkhorn(moving, target, a, b, 0.1, 20)[0]
           - 0.5 * sinkhorn(moving, moving, a, a, 0.1, 20)[0]
           - 0.5 * sinkhorn(target, target, b, b, 0.1, 20)[0])
    div.backward()
    optimizer.step()
    if step % 4 == 0 or step == 11:
        print(f"flow step {step:2d} divergence {div.item():.8f}",
              f"grad norm {moving.grad.norm().item():.6e}")
print("moved mean", moving.detach().mean(0).numpy().round(6), "target weighted mean",
      (b @ target).numpy().round(6))
