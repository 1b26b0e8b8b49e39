import torch
from torch import nn
from torch.autograd.functional import hessian, hvp, jacobian, vhp
from torch.nn.utils import parameters_to_vector, vector_to_parameters

# Second-order and derivative-free optimisation, as in optimisation course notebooks:
# Newton's method on logistic regression with the Hessian from autograd.functional, a
# Hessian-free (conjugate-gradient on hvp) Newton step for a small network, Gauss-Newton
# through the jacobian of the residuals, and OpenAI-style evolution strategies that perturb a
# module's flat parameter vector (parameters_to_vector / vector_to_parameters).

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)

X = torch.randn(64, 3)
true_w = torch.tensor([1.5, -2.0, 0.5])
y = (torch.rand(64) < torch.sigmoid(X @ true_w)).double()


def logistic_loss(w):
    return nn.functional.binary_cross_entropy_with_logits(X @ w, y) + 0.01 * w.pow(2).sum()


w = torch.zeros(3)
for step in range(6):
    g = torch.autograd.functional.jacobian(logistic_loss, w)
    H = hessian(logistic_loss, w)
    w = w - torch.linalg.solve(H, g)
    print(f"newton {step} loss {logistic_loss(w).item():.12f} |g| {g.norm().item():.4e}"
          if g.norm() > 1e-9 else f"newton {step} converged, |g| < 1e-9")
print("w", w, "eigs", torch.linalg.eigvalsh(H))
v = torch.tensor([1.0, 0.0, -1.0])
_, Hv = hvp(logistic_loss, w, v)
_, vH = vhp(logistic_loss, w, v)
print("hvp", Hv, torch.allclose(Hv, H @ v), torch.allclose(vH, Hv))

net = nn.Sequential(nn.Linear(1, 8), nn.Tanh(), nn.Linear(8, 1))
xs = torch.linspace(-2, 2, 40).unsqueeze(1)
ys = torch.sin(2 * xs)
names = [n for n, _ in net.named_parameters()]
shapes = [p.shape for p in net.parameters()]


def loss_of(flat):
    params, offset = {}, 0
    for name, shape in zip(names, shapes):
        params[name] = flat[offset:offset + shape.numel()].view(shape)
        offset += shape.numel()
    return (torch.func.functional_call(net, params, (xs,)) - ys).pow(2).mean()


def conjugate_gradient(matvec, b, iterations=6, damping=1.0):
    x = torch.zeros_like(b)
    r, p = b.clone(), b.clone()
    rs = r @ r
    for _ in range(iterations):
        Ap = matvec(p) + damping * p
        alpha = rs / (p @ Ap)
        x, r = x + alpha * p, r - alpha * Ap
        rs_new = r @ r
        if rs_new.sqrt() < 1e-10:
            break
        p, rs = r + (rs_new / rs) * p, rs_new
    return x


theta = parameters_to_vector(net.parameters()).detach()
print("parameters", theta.numel())
for step in range(5):
    loss = loss_of(theta)
    grad = torch.autograd.grad(loss_of(theta.requires_grad_(True)), theta)[0]
    theta = theta.detach()
    direction = conjugate_gradient(lambda vec, at=theta: hvp(loss_of, at, vec)[1], -grad)
    theta = theta + direction
    print(f"hessian-free {step} loss {loss.item():.10f} step {direction.norm().item():.8f}")

# Gauss-Newton (Levenberg-Marquardt damped) on the residuals r(theta):
# (J^T J + lambda I) delta = -J^T r
def _residual(flat):
    params = {n: t.view(s) for n, t, s in
              zip(names, torch.split(flat, [s.numel() for s in shapes]), shapes)}
    return (torch.func.functional_call(net, params, (xs,)) - ys).flatten()


for step in range(3):
    J = jacobian(_residual, theta)
    r = _residual(theta)
    delta = torch.linalg.solve(J.T @ J + 1.0 * torch.eye(J.shape[1]), -J.T @ r)
    theta = theta + delta
    print(f"gauss-newton {step} J {tuple(J.shape)} loss {r.pow(2).mean().item():.10f}")

vector_to_parameters(theta, net.parameters())
print("loaded back", torch.equal(parameters_to_vector(net.parameters()), theta),
      f"{(net(xs) - ys).pow(2).mean().item():.10f}")

# evolution strategies: antithetic Gaussian perturbations, rank-free fitness averaging
es_net = nn.Sequential(nn.Linear(1, 8), nn.Tanh(), nn.Linear(8, 1))
flat = parameters_to_vector(es_net.parameters()).detach()
generator = torch.Generator().manual_seed(3)
sigma, lr, population = 0.05, 0.03, 16
with torch.no_grad():
    for generation in range(6):
        noise = torch.randn(population, flat.numel(), generator=generator)
        fitness = []
        for eps in torch.cat([noise, -noise]):
            vector_to_parameters(flat + sigma * eps, es_net.parameters())
            fitness.append(-(es_net(xs) - ys).pow(2).mean())
        fitness = torch.stack(fitness)
        advantage = (fitness - fitness.mean()) / (fitness.std() + 1e-8)
        flat = flat + lr / (2 * population * sigma) * (
            torch.cat([noise, -noise]).T @ advantage)
        vector_to_parameters(flat, es_net.parameters())
        print(f"es {generation} fitness mean {fitness.mean().item():.8f} "
              f"best {fitness.max().item():.8f} now {-(es_net(xs) - ys).pow(2).mean().item():.8f}")
