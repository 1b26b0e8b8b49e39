import torch
from torch.func import jacfwd, jacrev

# Stiff chemical kinetics as a chemical engineer integrates it in float64: Robertson's
# three-species reaction system (rate constants spanning nine orders of magnitude), its
# hand-written Jacobians in y and in k checked against torch.func.jacfwd / jacrev and
# torch.autograd.functional.jacobian, the stiffness ratio from linalg.eigvals along the
# trajectory, explicit Euler blowing up against backward Euler (full Newton with linalg.solve,
# and simplified Newton with one lu_factor per step and lu_solve) and a two-stage Rosenbrock
# method (ROS2) on a geometrically growing step sequence with a fixed number of Newton
# iterations, mass conservation y1 + y2 + y3 = 1, and the sensitivity of the final state to the
# log rate constants two ways: autograd through the whole implicit integration, and the
# implicit-function theorem applied step by step (a linear solve with the Newton matrix per
# step), checked against central finite differences.
torch.set_printoptions(precision=6, sci_mode=True)
dt = torch.float64


def rhs(y, k):
    y1, y2, y3 = y[0], y[1], y[2]
    r1 = k[0] * y1
    r2 = k[1] * y2 * y3
    r3 = k[2] * y2 * y2
    return torch.stack([-r1 + r2, r1 - r2 - r3, r3])


def jac(y, k):
    """d rhs / d y written out by hand, as a kinetics code ships it."""
    y1, y2, y3 = y[0], y[1], y[2]
    zero = torch.zeros_like(y1)
    return torch.stack([
        torch.stack([-k[0] + zero, k[1] * y3, k[1] * y2]),
        torch.stack([k[0] + zero, -k[1] * y3 - 2 * k[2] * y2, -k[1] * y2]),
        torch.stack([zero, 2 * k[2] * y2, zero])])


def jac_k(y, k):
    """d rhs / d k."""
    y1, y2, y3 = y[0], y[1], y[2]
    zero = torch.zeros_like(y1)
    return torch.stack([torch.stack([-y1, y2 * y3, zero]),
                        torch.stack([y1, -y2 * y3, -y2 * y2]),
                        torch.stack([zero, zero, y2 * y2])])


k0 = torch.tensor([0.04, 1e4, 3e7], dtype=dt)
y0 = torch.tensor([1.0, 0.0, 0.0], dtype=dt)

print("== Jacobian three ways at y = (0.9, 1e-5, 0.1) ==")
yp = torch.tensor([0.9, 1e-5, 0.1], dtype=dt)
J_fwd = jacfwd(rhs)(yp, k0)
J_rev = jacrev(rhs)(yp, k0)
J_fun = torch.autograd.functional.jacobian(lambda y: rhs(y, k0), yp)
print(J_fwd)
print("jacrev == jacfwd:", torch.allclose(J_fwd, J_rev, rtol=1e-14, atol=0),
      "functional == jacfwd:", torch.allclose(J_fun, J_fwd, rtol=1e-14, atol=0))
print("d rhs / d k (argnums=1):")
print(jacfwd(rhs, argnums=1)(yp, k0))
print("column sums (mass conservation):", J_fwd.sum(0))
print("hand-written Jacobians match autodiff:", torch.allclose(jac(yp, k0), J_fwd, rtol=1e-14),
      torch.allclose(jac_k(yp, k0), jacrev(rhs, argnums=1)(yp, k0), rtol=1e-14))

print("\n== stiffness along the trajectory ==")
for y in ([1.0, 0.0, 0.0], [0.98, 3.4e-5, 0.02], [0.5, 8e-6, 0.5], [0.02, 1e-7, 0.98]):
    ev = torch.linalg.eigvals(jac(torch.tensor(y, dtype=dt), k0))
    mags = ev.real.abs().sort().values
    mags = torch.where(mags < 1e-12, 0.0, mags)  # the conservation law's zero, up to round-off
    print(f"y1={y[0]:<5} |Re eigenvalues|: {[f'{m:.4g}' for m in mags.tolist()]}  "
          f"stiffness ratio {(mags[2] / mags[1]).item():.4g}  dtype {ev.dtype}")

steps = torch.logspace(-6, 4, 31, dtype=dt)  # grid points t_1 .. t_31 after t_0 = 0
times = torch.cat([torch.zeros(1, dtype=dt), steps])

print("\n== explicit Euler with a fixed step ==")
for h in (5e-4, 2e-3):
    y = y0.clone()
    for n in range(400):
        y = y + h * rhs(y, k0)
    print(f"h={h:g}: after 400 steps y1={y[0].item():.6f}  bounded: "
          f"{bool(torch.isfinite(y).all() and (y.abs() < 10).all())}")


def backward_euler(k, newton_iters=6):
    y = y0.clone()
    out = [y]
    eye = torch.eye(3, dtype=dt)
    for n in range(len(times) - 1):
        h = times[n + 1] - times[n]
        z = y.clone()
        for _ in range(newton_iters):
            G = z - y - h * rhs(z, k)
            M = eye - h * jac(z, k)
            z = z - torch.linalg.solve(M, G)
        y = z
        out.append(y)
    return torch.stack(out)


def backward_euler_simplified(k, newton_iters=8):
    y = y0.clone()
    out = [y]
    eye = torch.eye(3, dtype=dt)
    for n in range(len(times) - 1):
        h = times[n + 1] - times[n]
        LU, piv = torch.linalg.lu_factor(eye - h * jac(y, k))  # frozen for the whole step
        z = y.clone()
        for _ in range(newton_iters):
            G = z - y - h * rhs(z, k)
            z = z - torch.linalg.lu_solve(LU, piv, G[:, None])[:, 0]
        y = z
        out.append(y)
    return torch.stack(out)


def ros2(k):
    gamma = 1 + 2 ** -0.5
    y = y0.clone()
    out = [y]
    eye = torch.eye(3, dtype=dt)
    for n in range(len(times) - 1):
        h = times[n + 1] - times[n]
        W = eye - gamma * h * jac(y, k)
        k1 = torch.linalg.solve(W, rhs(y, k))
        k2 = torch.linalg.solve(W, rhs(y + h * k1, k) - 2 * k1)
        y = y + 1.5 * h * k1 + 0.5 * h * k2
        out.append(y)
    return torch.stack(out)


print("\n== implicit integrators on 31 geometric steps to t = 1e4 ==")
marks = [0, 10, 15, 20, 25, 31]
results = {"backward Euler": backward_euler(k0),
           "simplified Newton": backward_euler_simplified(k0), "ROS2": ros2(k0)}
for name, Y in results.items():
    print(name)
    for i in marks:
        print(f"  t={times[i].item():8.1e}  y1={Y[i, 0].item():.6f}  "
              f"y2={Y[i, 1].item():.5e}  y3={Y[i, 2].item():.6f}")
    drift = (Y.sum(1) - 1).abs().max().item()
    print(f"  max |y1+y2+y3-1| < 1e-12: {drift < 1e-12}   min y2 >= 0: "
          f"{(Y[:, 1] >= -1e-12).all().item()}")

gap = (results["simplified Newton"] - results["backward Euler"]).abs().max().item()
print("simplified and full Newton agree to 1e-6:", gap < 1e-6)
print(f"ROS2 - backward Euler at t=1e4: {(results['ROS2'][-1] - results['backward Euler'][-1])[0].item():.5f}")

print("\n== sensitivity of y(1e4) to log rate constants ==")
logk = k0.log().clone().requires_grad_(True)
YT = backward_euler(logk.exp(), newton_iters=6)[-1]
S_auto = torch.stack([torch.autograd.grad(YT[i], logk, retain_graph=True)[0]
                      for i in range(3)])
print("autograd through Newton:")
print(S_auto)


def implicit_sensitivity(k):
    """Propagates dy/dlogk through each backward-Euler step by the implicit-function theorem."""
    with torch.no_grad():
        Y = backward_euler(k)
    S = torch.zeros(3, 3, dtype=dt)
    eye = torch.eye(3, dtype=dt)
    for n in range(len(times) - 1):
        h = times[n + 1] - times[n]
        z = Y[n + 1]
        M = eye - h * jac(z, k)
        dfdk = jac_k(z, k) * k  # chain rule to log k
        S = torch.linalg.solve(M, S + h * dfdk)
    return S


S_ift = implicit_sensitivity(k0)
print("implicit-function theorem:")
print(S_ift)
print("agree to 1e-8 relative:", torch.allclose(S_auto, S_ift, rtol=1e-8, atol=1e-12))
eps = 1e-6
fd = []
for j in range(3):  # central differences in each log k
    e = torch.zeros(3, dtype=dt)
    e[j] = eps
    with torch.no_grad():
        fd.append((backward_euler((k0.log() + e).exp())[-1]
                   - backward_euler((k0.log() - e).exp())[-1]) / (2 * eps))
fd = torch.stack(fd, 1)
print("finite differences agree to 1e-5 relative:",
      torch.allclose(fd, S_ift, rtol=1e-5, atol=1e-10))
print("column sums of the sensitivity (conserved mass has none) < 1e-12:",
      (S_ift.sum(0).abs().max() < 1e-12).item())
