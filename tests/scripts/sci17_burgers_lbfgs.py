import torch  # noqa: I001 (the harness requires torch first)

# A physics-informed network for the viscous Burgers equation u_t + u u_x = nu u_xx on
# x in [-1, 1], t in [0, 1], in float64: the residual from first and second derivatives through
# autograd.grad(create_graph=True), trained first with Adam and then with LBFGS using the
# strong-Wolfe line search; a 2-D Laplacian of a network through the trace of its Hessian
# (torch.func.hessian against nested autograd.grad); and the Cole-Hopf closed form of a heat
# equation checked by finite differences.
import math

torch.set_default_dtype(torch.float64)
torch.manual_seed(7)
nu = 0.01 / math.pi

net = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.Tanh(),
                          torch.nn.Linear(16, 16), torch.nn.Tanh(),
                          torch.nn.Linear(16, 1))

xt = torch.rand(128, 2) * torch.tensor([2.0, 1.0]) - torch.tensor([1.0, 0.0])
x0 = torch.linspace(-1, 1, 33).unsqueeze(1)
ic = torch.cat([x0, torch.zeros_like(x0)], dim=1)
tb = torch.linspace(0, 1, 17).unsqueeze(1)
bc = torch.cat([torch.cat([-torch.ones_like(tb), tb], 1), torch.cat([torch.ones_like(tb), tb], 1)])


def residual(points):
    points = points.clone().requires_grad_(True)
    u = net(points)
    (du,) = torch.autograd.grad(u.sum(), points, create_graph=True)
    u_x, u_t = du[:, :1], du[:, 1:]
    (du_x,) = torch.autograd.grad(u_x.sum(), points, create_graph=True)
    u_xx = du_x[:, :1]
    return u_t + u * u_x - nu * u_xx


def loss_fn():
    r = residual(xt)
    ic_err = net(ic) + torch.sin(math.pi * x0)
    bc_err = net(bc)
    return r.pow(2).mean() + ic_err.pow(2).mean() + bc_err.pow(2).mean()


print("initial loss", f"{loss_fn().item():.10f}")
adam = torch.optim.Adam(net.parameters(), lr=1e-2)
for step in range(30):
    adam.zero_grad()
    loss = loss_fn()
    loss.backward()
    adam.step()
    if step % 10 == 9:
        print("adam", step + 1, f"{loss.item():.10f}")

lbfgs = torch.optim.LBFGS(net.parameters(), lr=1.0, max_iter=15, history_size=10,
                          line_search_fn="strong_wolfe", tolerance_grad=1e-12,
                          tolerance_change=1e-14)
evaluations = []


def closure():
    lbfgs.zero_grad()
    loss = loss_fn()
    loss.backward()
    evaluations.append(loss.item())
    return loss


for outer in range(3):
    value = lbfgs.step(closure)
    print("lbfgs step", outer, f"returned {value.item():.7f}", "evaluations", len(evaluations))
state = lbfgs.state[lbfgs._params[0]]
print("lbfgs state keys", sorted(state.keys()))
print("func_evals", state["func_evals"], "n_iter", state["n_iter"],
      "history", len(state["old_dirs"]))
print(f"final loss {loss_fn().item():.7f}")
print("monotone after line searches:", min(evaluations) <= evaluations[0])

grid = torch.cartesian_prod(torch.linspace(-1, 1, 5), torch.tensor([0.0, 0.5, 1.0]))
with torch.no_grad():
    print("u on grid", net(grid).view(5, 3))

# Laplacian of a scalar field in 2-D: trace of the Hessian, two ways.
field = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Softplus(beta=2.0),
                            torch.nn.Linear(8, 1))
pts = torch.randn(6, 2)


def scalar(p):
    return field(p).squeeze(-1)


hess = torch.vmap(torch.func.hessian(scalar))(pts)
lap_func = hess.diagonal(dim1=-2, dim2=-1).sum(-1)
p = pts.clone().requires_grad_(True)
(g,) = torch.autograd.grad(scalar(p).sum(), p, create_graph=True)
lap_auto = sum(torch.autograd.grad(g[:, i].sum(), p, retain_graph=True)[0][:, i]
               for i in range(2))
print("hessian symmetric:", torch.allclose(hess, hess.transpose(-1, -2)))
print("laplacian", lap_func)
print("agree:", torch.allclose(lap_func, lap_auto, atol=1e-12))

# The heat equation's Gaussian kernel solves u_t = nu u_xx: check by central differences.
xs = torch.linspace(-2, 2, 401)
h = xs[1] - xs[0]


def heat(t):
    return torch.exp(-xs.pow(2) / (4 * nu * 50 * t)) / math.sqrt(4 * math.pi * nu * 50 * t)


dt = 1e-4
u_t = (heat(0.5 + dt) - heat(0.5 - dt)) / (2 * dt)
u_xx = (heat(0.5)[2:] - 2 * heat(0.5)[1:-1] + heat(0.5)[:-2]) / h**2
print(f"heat residual max {(u_t[1:-1] - nu * 50 * u_xx).abs().max().item():.3e}")
print(f"mass {torch.trapezoid(heat(0.5), xs).item():.10f}")
