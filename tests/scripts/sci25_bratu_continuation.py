import torch
from torch.func import jacfwd, vmap

# Numerical continuation and bifurcation as an applied mathematician traces a solution branch in
# float64: the Bratu problem u'' + lam exp(u) = 0 on [0, 1] with u(0) = u(1) = 0 discretised by
# second differences, its hand-written Jacobian checked against torch.func.jacfwd (in u and in
# lam), natural-parameter continuation in lam with Newton (a fixed number of iterations) that
# fails past the fold, pseudo-arclength continuation through the fold (the bordered Jacobian
# solved with linalg.solve, the tangent from the null vector of the extended Jacobian by
# linalg.svd, its orientation kept by a dot product), the fold detected by the sign change of
# linalg.slogdet and by the largest eigenvalue of the Jacobian (linalg.eigvalsh) crossing zero,
# located by a parabola through the three highest branch points (torch.vander + linalg.solve),
# against the continuous problem's fold lam* = 3.51383 (the maximum of lam(theta) =
# theta^2 / (2 cosh^2(theta / 4)) found by Newton with first and second derivatives from
# autograd), and the exact continuous branch evaluated with vmap and put into the discrete
# residual (an O(h^2) truncation error).
torch.set_printoptions(precision=6, sci_mode=False)
dt = torch.float64
n = 39  # interior points
h = 1.0 / (n + 1)
xs = torch.linspace(h, 1 - h, n, dtype=dt)
D2 = (torch.diag(torch.full((n,), -2.0, dtype=dt)) + torch.diag(torch.ones(n - 1, dtype=dt), 1)
      + torch.diag(torch.ones(n - 1, dtype=dt), -1)) / h**2


def residual(u, lam):
    return D2 @ u + lam * torch.exp(u)


def jac_u(u, lam):
    return D2 + torch.diag(lam * torch.exp(u))


def jac_lam(u, lam):
    return torch.exp(u)


print("== the discrete operator ==")
print("D2 symmetric:", torch.equal(D2, D2.T), " eigenvalue range:",
      [f"{v:.4f}" for v in torch.linalg.eigvalsh(D2)[[0, -1]].tolist()])
u_test = torch.sin(torch.pi * xs)
lam1 = torch.tensor(1.3, dtype=dt)
print("jacfwd equals D2 + lam diag(exp u):",
      torch.allclose(jacfwd(residual)(u_test, lam1), jac_u(u_test, lam1), rtol=1e-14))
print("jacfwd in lam equals exp(u):",
      torch.allclose(jacfwd(residual, argnums=1)(u_test, lam1), jac_lam(u_test, lam1)))

print("\n== natural-parameter continuation ==")
u = torch.zeros(n, dtype=dt)
for lam_value in (0.5, 1.0, 2.0, 3.0, 3.4, 3.5, 3.6):
    lam = torch.tensor(lam_value, dtype=dt)
    for _ in range(12):
        u = u - torch.linalg.solve(jac_u(u, lam), residual(u, lam))
    r = residual(u, lam).norm().item()
    converged = r < 1e-8 and bool(torch.isfinite(u).all())
    print(f"lam={lam_value:.1f}: converged {converged}"
          + (f"  max u = {u.max().item():.6f}" if converged else ""))
    if not converged:
        break

print("\n== pseudo-arclength continuation through the fold ==")
u = torch.zeros(n, dtype=dt)
lam = torch.tensor(0.0, dtype=dt)
z = torch.cat([u, lam[None]])
tangent = torch.zeros(n + 1, dtype=dt)
tangent[-1] = 1.0
ds = 0.35
branch = []
fold_bracket = None
prev_sign = torch.linalg.slogdet(jac_u(u, lam)).sign.item()  # (-1)^n: J is negative definite
print("sign of det J at lam = 0:", prev_sign)
for step in range(22):
    Jz = torch.cat([jac_u(z[:-1], z[-1]), jac_lam(z[:-1], z[-1])[:, None]], 1)
    _, _, Vh = torch.linalg.svd(Jz)
    t_new = Vh[-1]
    if (t_new @ tangent) < 0:
        t_new = -t_new
    tangent = t_new
    z_pred = z + ds * tangent
    zk = z_pred.clone()
    for _ in range(8):
        F = torch.cat([residual(zk[:-1], zk[-1]), (tangent @ (zk - z_pred))[None]])
        Jk = torch.cat([torch.cat([jac_u(zk[:-1], zk[-1]), jac_lam(zk[:-1], zk[-1])[:, None]], 1),
                        tangent[None]])
        zk = zk - torch.linalg.solve(Jk, F)
    z_old, z = z, zk
    sign, logabs = torch.linalg.slogdet(jac_u(z[:-1], z[-1]))
    if sign.item() != prev_sign and fold_bracket is None:
        fold_bracket = (z_old, z)
    prev_sign = sign.item()
    branch.append((z[-1].item(), z[:-1].max().item(), sign.item()))
for i in range(0, len(branch), 3):
    lam_i, umax, sgn = branch[i]
    print(f"step {i + 1:2d}: lam = {lam_i:.6f}  max u = {umax:.6f}  sign det J = {sgn:+.0f}")
print("largest lam reached:", f"{max(b[0] for b in branch):.5f}")

print("\n== the fold ==")
print("sign of det J flips along the branch:", fold_bracket is not None)
za, zb = fold_bracket
eig_a = torch.linalg.eigvalsh(jac_u(za[:-1], za[-1]))[-1].item()
eig_b = torch.linalg.eigvalsh(jac_u(zb[:-1], zb[-1]))[-1].item()
print(f"largest Jacobian eigenvalue across the flip: {eig_a:+.4f} -> {eig_b:+.4f}")
lams_branch = torch.tensor([b[0] for b in branch], dtype=dt)
top = int(lams_branch.argmax())
s_pts = torch.arange(top - 1, top + 2, dtype=dt) * ds  # arclength of the three points
coef = torch.linalg.solve(torch.vander(s_pts, N=3), lams_branch[top - 1:top + 2])
lam_fold = coef[2] - coef[1] ** 2 / (4 * coef[0])
print(f"parabola through the three highest points: lam_fold = {lam_fold.item():.4f}")


def theta_equation(theta):
    """lam on the continuous branch u = 2 log(cosh(theta / 4) / cosh(theta (x - 1/2) / 2))."""
    return theta**2 / (2 * torch.cosh(theta / 4) ** 2)


theta = torch.tensor(4.0, dtype=dt, requires_grad=True)
for _ in range(30):
    (g1,) = torch.autograd.grad(theta_equation(theta), theta, create_graph=True)
    (g2,) = torch.autograd.grad(g1, theta)
    with torch.no_grad():
        theta -= g1 / g2
lam_star = theta_equation(theta).item()
print(f"analytic fold: theta* = {theta.item():.6f}, lam* = {lam_star:.6f}")
print(f"discrete fold within 1e-2 of lam*: {abs(lam_fold.item() - lam_star) < 1e-2}")

print("\n== exact branch by vmap ==")


def exact_u(theta_):
    return 2 * torch.log(torch.cosh(theta_ / 4) / torch.cosh(theta_ * (xs - 0.5) / 2))


thetas = torch.tensor([1.0, 3.0, 4.8, 7.0, 10.0], dtype=dt)
U = vmap(exact_u)(thetas)
lams = theta_equation(thetas)
print("lam along the family:", lams)
print("max u along the family:", U.amax(1))
res = vmap(residual)(U, lams)
print("discrete residual of the exact branch (O(h^2)):",
      [f"{v:.3e}" for v in res.abs().amax(1).tolist()])
