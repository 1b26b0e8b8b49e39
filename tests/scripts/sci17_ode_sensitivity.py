import torch  # noqa: I001 (the harness requires torch first)

# Sensitivity analysis of an ODE model in float64, three ways a modeller compares: forward-mode
# dual numbers (torch.autograd.forward_ad) pushed through a hand-written RK4 integration of the
# SIR epidemic model, reverse mode through the same solver, and the adjoint method written by
# hand (a backward RK4 sweep with torch.func.vjp); then the Fisher information from the
# Jacobian (torch.func.jacfwd), parameter identifiability from its eigenvalues, a stiff
# problem by implicit Euler with Newton steps (jacrev + linalg.solve), and a Poisson
# likelihood fit of the SIR parameters with Adam.
import torch.autograd.forward_ad as fwAD

torch.set_default_dtype(torch.float64)
torch.manual_seed(2)


def sir(state, params):
    beta, gamma = params[0], params[1]
    s, i = state[0], state[1]
    infection = beta * s * i
    return torch.stack([-infection, infection - gamma * i, gamma * i])


def rk4(f, y, params, dt, steps):
    ys = [y]
    for _ in range(steps):
        k1 = f(y, params)
        k2 = f(y + dt / 2 * k1, params)
        k3 = f(y + dt / 2 * k2, params)
        k4 = f(y + dt * k3, params)
        y = y + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        ys.append(y)
    return torch.stack(ys)


y0 = torch.tensor([0.99, 0.01, 0.0])
params = torch.tensor([0.5, 0.1])
dt, steps = 0.5, 80
traj = rk4(sir, y0, params, dt, steps)
print("final state", traj[-1], f"mass {traj[-1].sum().item():.12f}")
print(f"peak infected {traj[:, 1].max().item():.8f} at t = {dt * traj[:, 1].argmax().item()}")

# Forward mode: d final / d beta with a dual number.
with fwAD.dual_level():
    dual = fwAD.make_dual(params, torch.tensor([1.0, 0.0]))
    out = rk4(sir, y0, dual, dt, steps)[-1]
    fwd = fwAD.unpack_dual(out).tangent
print("forward-mode d y(T) / d beta", fwd)

# Reverse mode through the solver.
p = params.clone().requires_grad_(True)
final = rk4(sir, y0, p, dt, steps)[-1]
rev = torch.stack([torch.autograd.grad(final[k], p, retain_graph=True)[0][0] for k in range(3)])
print("reverse mode agrees:", torch.allclose(fwd, rev, rtol=1e-10))

# The adjoint method by hand for L = recovered at T.
def adjoint_gradient(params):
    ys = rk4(sir, y0, params, dt, steps)
    lam = torch.tensor([0.0, 0.0, 1.0])
    grad_p = torch.zeros(2)

    def aug(state, lam_and_grad):
        lam = lam_and_grad[:3]
        _, vjp = torch.func.vjp(sir, state, params)
        d_state, d_params = vjp(lam)
        return torch.cat([-d_state, -d_params])

    for k in range(steps, 0, -1):
        # one backward RK4 step, the state interpolated linearly between saved points
        ya, yb = ys[k], ys[k - 1]
        z = torch.cat([lam, grad_p])
        k1 = aug(ya, z)
        k2 = aug((ya + yb) / 2, z - dt / 2 * k1)
        k3 = aug((ya + yb) / 2, z - dt / 2 * k2)
        k4 = aug(yb, z - dt * k3)
        z = z - dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        lam, grad_p = z[:3], z[3:]
    return grad_p


adj = adjoint_gradient(params)
exact = torch.autograd.grad(rk4(sir, y0, p, dt, steps)[-1, 2], p)[0]
print("adjoint gradient", adj)
print("discrete gradient", exact)
print(f"relative difference {((adj - exact).norm() / exact.norm()).item():.3e}")

# Fisher information from the Jacobian of the observed infected curve.
def observed(params):
    return rk4(sir, y0, params, dt, steps)[::8, 1]


J = torch.func.jacfwd(observed)(params)
fisher = J.T @ J / 0.01**2
evals = torch.linalg.eigvalsh(fisher)
print("Jacobian shape", tuple(J.shape), "Fisher eigenvalues", evals)
print(f"condition {(evals[-1] / evals[0]).item():.6f}")
print("Cramer-Rao sd", torch.linalg.inv(fisher).diagonal().sqrt())

# A stiff linear system by implicit Euler with Newton iterations.
A = torch.tensor([[-1000.0, 1.0], [0.0, -0.5]])


def rhs(y):
    return A @ y + torch.stack([torch.sin(y[1]), y[0] ** 2 * 0.0])


y = torch.tensor([1.0, 1.0])
h = 0.1
for step in range(5):
    guess = y.clone()
    for it in range(4):
        residual = guess - y - h * rhs(guess)
        jac = torch.func.jacrev(lambda g: g - y - h * rhs(g))(guess)
        guess = guess - torch.linalg.solve(jac, residual)
    converged = bool((guess - y - h * rhs(guess)).abs().max() < 1e-12)
    y = guess
    print(f"implicit Euler t={h * (step + 1):.1f}", y, "Newton converged:", converged)

# Poisson likelihood fit of beta and gamma from daily counts.
true_curve = rk4(sir, y0, torch.tensor([0.6, 0.15]), dt, steps)[::2, 1] * 1000
counts = torch.poisson(true_curve)
log_params = torch.log(torch.tensor([0.4, 0.2])).requires_grad_(True)
opt = torch.optim.Adam([log_params], lr=0.05)
for it in range(24):
    opt.zero_grad()
    rate = rk4(sir, y0, log_params.exp(), dt, steps)[::2, 1] * 1000 + 1e-9
    nll = -torch.distributions.Poisson(rate).log_prob(counts).sum()
    nll.backward()
    opt.step()
    if it % 8 == 7:
        print(f"iter {it + 1} nll {nll.item():.6f} beta {log_params.exp()[0].item():.6f} "
              f"gamma {log_params.exp()[1].item():.6f}")
