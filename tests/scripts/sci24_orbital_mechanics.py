import torch

# Celestial mechanics in float64 as an astrodynamicist scripts it: Kepler's equation solved by a
# vectorised Newton iteration over a grid of eccentricities and mean anomalies (its implicit
# derivative dE/dM = 1/(1 - e cos E) checked by autograd through the unrolled solver), classical
# orbital elements from a state vector (cross, linalg.vecdot, atan2, acos), a Kepler orbit
# propagated by Yoshida's fourth-order symplectic integrator against the analytic solution,
# energy and angular-momentum drift, the Chenciner-Montgomery figure-eight three-body
# choreography with forces from autograd of the potential, and the state-transition matrix of
# the flow by torch.func.jacfwd (a symplectic matrix: determinant one, M^T J M = J).
torch.set_printoptions(precision=6, sci_mode=False)
dt = torch.float64


def kepler_E(M, e, iters=8):
    E = M + e * torch.sin(M)
    for _ in range(iters):
        E = E - (E - e * torch.sin(E) - M) / (1 - e * torch.cos(E))
    return E


print("== Kepler's equation ==")
e = torch.tensor([0.0, 0.1, 0.5, 0.9, 0.99], dtype=dt)[:, None]
M = torch.linspace(0, 2 * torch.pi, 7, dtype=dt)[None, :].requires_grad_()
E = kepler_E(M, e)
print(E.detach())
res = (E - e * torch.sin(E) - M).abs().max()
print("max residual below 1e-12", res.item() < 1e-12)
(dEdM,) = torch.autograd.grad(E.sum(), M)
print("dE/dM summed over e", dEdM)
print("implicit formula", (1 / (1 - e * torch.cos(E.detach()))).sum(0))
nu = 2 * torch.atan2(torch.sqrt(1 + e) * torch.sin(E / 2), torch.sqrt(1 - e) * torch.cos(E / 2))
print("true anomaly at e=0.5", nu[2].detach())


def elements(r, v, mu=1.0):
    h = torch.linalg.cross(r, v)
    rn, hn = r.norm(), h.norm()
    evec = torch.linalg.cross(v, h) / mu - r / rn
    a = 1 / (2 / rn - torch.linalg.vecdot(v, v) / mu)
    inc = torch.acos(h[2] / hn)
    node = torch.linalg.cross(torch.tensor([0.0, 0.0, 1.0], dtype=dt), h)
    raan = torch.atan2(node[1], node[0])
    argp = torch.atan2(torch.linalg.vecdot(torch.linalg.cross(node, evec), h) / hn,
                       torch.linalg.vecdot(node, evec))
    return a, evec.norm(), inc, raan, argp


print("== orbital elements ==")
r0 = torch.tensor([1.0, 0.2, 0.3], dtype=dt)
v0 = torch.tensor([-0.1, 0.9, 0.4], dtype=dt)
for name, val in zip(["a", "e", "i", "RAAN", "argp"], elements(r0, v0)):
    print(f"  {name:5s} {val.item():.8f}")


def accel_kepler(r):
    return -r / r.norm(dim=-1, keepdim=True) ** 3


W1 = 1 / (2 - 2 ** (1 / 3))
W0 = 1 - 2 * W1
YOSHIDA_C = [W1 / 2, (W0 + W1) / 2, (W0 + W1) / 2, W1 / 2]
YOSHIDA_D = [W1, W0, W1]


def yoshida(q, p, accel, h, steps):
    for _ in range(steps):
        for i in range(3):
            q = q + YOSHIDA_C[i] * h * p
            p = p + YOSHIDA_D[i] * h * accel(q)
        q = q + YOSHIDA_C[3] * h * p
    return q, p


print("== Kepler orbit by Yoshida ==")
ecc = 0.5
q = torch.tensor([1 - ecc, 0.0], dtype=dt)
p = torch.tensor([0.0, ((1 + ecc) / (1 - ecc)) ** 0.5], dtype=dt)
energy = lambda q, p: 0.5 * (p * p).sum() - 1 / q.norm()
ang = lambda q, p: q[0] * p[1] - q[1] * p[0]
E0, L0 = energy(q, p), ang(q, p)
T = 2 * torch.pi
for n in [50, 100, 200]:
    qT, pT = yoshida(q, p, accel_kepler, T / n, n)
    drift = abs(energy(qT, pT) - E0).item()
    print(f"  n {n:3d} position error {(qT - q).norm().item():.3e}",
          f"energy drift {drift:.3e}" if drift > 1e-10 else "energy drift below 1e-10",
          "L conserved", abs(ang(qT, pT) - L0).item() < 1e-14)
t = torch.tensor(1.3, dtype=dt)
Et = kepler_E(t, torch.tensor(ecc, dtype=dt))
analytic = torch.stack([torch.cos(Et) - ecc, (1 - ecc**2) ** 0.5 * torch.sin(Et)])
qt, _ = yoshida(q, p, accel_kepler, 1.3 / 100, 100)
print("  at t=1.3 analytic", analytic, "integrated", qt)

print("== figure-eight choreography ==")


def potential(x):
    d = x[:, None, :] - x[None, :, :]
    r = (d.pow(2).sum(-1) + torch.eye(3, dtype=dt)).sqrt()
    return -(torch.triu(1 / r, diagonal=1)).sum()


def accel_auto(x):
    with torch.enable_grad():
        xg = x.detach().requires_grad_()
        (g,) = torch.autograd.grad(potential(xg), xg)
    return -g


x1 = torch.tensor([0.97000436, -0.24308753], dtype=dt)
v3 = torch.tensor([-0.93240737, -0.86473146], dtype=dt)
X0 = torch.stack([x1, -x1, torch.zeros(2, dtype=dt)])
V0 = torch.stack([-v3 / 2, -v3 / 2, v3])
H = lambda X, V: 0.5 * (V * V).sum() + potential(X)
H0 = H(X0, V0)
period = 6.32591398
steps = 120
X, V = yoshida(X0, V0, accel_auto, period / steps, steps)
print("  energy", round(H0.item(), 8), "drift", f"{abs(H(X, V) - H0).item():.2e}")
print("  return to start", f"{(X - X0).norm().item():.3e}", "momentum",
      V.sum(0).abs().max().item() < 1e-12)
X3, _ = yoshida(X0, V0, accel_auto, period / steps, steps // 3)
print("  after a third of the period", X3, sep="\n")
print("  bodies trade places", (X3[[2, 0, 1]] - X0).norm().item() < 1e-3, (X3[[1, 2, 0]] - X0).norm().item() < 1e-3)

print("== state-transition matrix ==")


def flow(z):
    q, p = yoshida(z[:2], z[2:], accel_kepler, 0.05, 20)
    return torch.cat([q, p])


z0 = torch.cat([q, p])
Phi = torch.func.jacfwd(flow)(z0)
print(Phi)
J = torch.zeros(4, 4, dtype=dt)
J[:2, 2:] = torch.eye(2, dtype=dt)
J[2:, :2] = -torch.eye(2, dtype=dt)
print("det", round(torch.linalg.det(Phi).item(), 10))
print("symplectic", torch.allclose(Phi.T @ J @ Phi, J, atol=1e-10))
print("jacrev agrees", torch.allclose(torch.func.jacrev(flow)(z0), Phi, atol=1e-12))
ev = torch.linalg.eigvals(Phi)
print("eigenvalue moduli product", round(ev.abs().prod().item(), 10))
