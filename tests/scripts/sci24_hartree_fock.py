import torch

# Restricted Hartree-Fock for two-electron diatomics (H2 and HeH+) in an STO-3G basis, the way
# Szabo & Ostlund's appendix program is ported to torch in float64: contracted Gaussian
# integrals vectorised over primitive pairs (overlap, kinetic, nuclear attraction and electron
# repulsion through the Boys function F0 written with special.erf and a torch.where guard at
# zero), the generalised eigenproblem FC = SCe solved by symmetric orthogonalisation (eigh of S)
# and by a Cholesky factor with solve_triangular, the SCF loop by einsum, Mulliken populations,
# the force on the nuclei by autograd straight through the unrolled SCF against a finite
# difference, and the bond length relaxed by Newton steps on that force.
torch.set_printoptions(precision=6, sci_mode=False)
dt = torch.float64

# STO-3G contraction of a Slater 1s function with exponent 1 (scaled by zeta**2)
D = torch.tensor([0.444635, 0.535328, 0.154329], dtype=dt)
A1 = torch.tensor([0.109818, 0.405771, 2.22766], dtype=dt)


def boys0(t):
    safe = torch.where(t < 1e-10, torch.ones_like(t), t)
    far = 0.5 * torch.sqrt(torch.pi / safe) * torch.special.erf(torch.sqrt(safe))
    return torch.where(t < 1e-10, 1.0 - t / 3.0, far)


def primitives(zetas, centers):
    alpha = (A1[None, :] * zetas[:, None] ** 2).reshape(-1)
    coef = (D[None, :] * (2 * A1[None, :] * zetas[:, None] ** 2 / torch.pi) ** 0.75).reshape(-1)
    pos = centers.repeat_interleave(3, dim=0)
    owner = torch.arange(len(zetas)).repeat_interleave(3)
    return alpha, coef, pos, owner


def integrals(zetas, charges, centers):
    a, c, r, owner = primitives(zetas, centers)
    nb = len(zetas)
    B = torch.nn.functional.one_hot(owner, nb).to(dt).T * c  # basis x primitive
    p = a[:, None] + a[None, :]
    mu = a[:, None] * a[None, :] / p
    rab2 = (r[:, None, :] - r[None, :, :]).pow(2).sum(-1)
    K = torch.exp(-mu * rab2)
    Sp = (torch.pi / p) ** 1.5 * K
    Tp = mu * (3 - 2 * mu * rab2) * Sp
    P = (a[:, None, None] * r[:, None, :] + a[None, :, None] * r[None, :, :]) / p[..., None]
    Vp = torch.zeros_like(Sp)
    for Z, C in zip(charges, centers):
        rpc2 = (P - C).pow(2).sum(-1)
        Vp = Vp - 2 * torch.pi / p * Z * K * boys0(p * rpc2)
    S = B @ Sp @ B.T
    T = B @ Tp @ B.T
    V = B @ Vp @ B.T
    # (ab|cd) over primitive quadruples, then contracted to the basis
    pq = p[:, :, None, None] + p[None, None, :, :]
    rpq2 = (P[:, :, None, None, :] - P[None, None, :, :, :]).pow(2).sum(-1)
    ERIp = (
        2 * torch.pi**2.5 / (p[:, :, None, None] * p[None, None] * torch.sqrt(pq))
        * K[:, :, None, None] * K[None, None]
        * boys0(p[:, :, None, None] * p[None, None] / pq * rpq2)
    )
    ERI = torch.einsum("ia,jb,kc,ld,abcd->ijkl", B, B, B, B, ERIp)
    return S, T, V, ERI


def scf(zetas, charges, R, iters=25, ortho="symmetric", verbose=False):
    centers = torch.stack([torch.zeros(3, dtype=dt), torch.stack([R * 0, R * 0, R])])
    S, T, V, ERI = integrals(zetas, charges, centers)
    H = T + V
    s, U = torch.linalg.eigh(S)
    X = U @ torch.diag(s.rsqrt()) @ U.T
    L = torch.linalg.cholesky(S)
    P = torch.zeros_like(S)
    E_old = torch.zeros((), dtype=dt)
    for it in range(iters):
        G = torch.einsum("ls,mnsl->mn", P, ERI) - 0.5 * torch.einsum("ls,mlsn->mn", P, ERI)
        F = H + G
        if ortho == "symmetric":
            e, Cp = torch.linalg.eigh(X.T @ F @ X)
            C = X @ Cp
        else:
            Fp = torch.linalg.solve_triangular(L, F, upper=False)
            Fp = torch.linalg.solve_triangular(L, Fp.T, upper=False).T
            e, Cp = torch.linalg.eigh(Fp)
            C = torch.linalg.solve_triangular(L.T, Cp, upper=True)
        P = 2 * C[:, :1] @ C[:, :1].T
        E_el = 0.5 * (P * (H + F)).sum()
        if verbose and it in (0, 1, 2, 5, iters - 1):
            dE = abs(E_el - E_old).item()
            print(f"  iter {it:2d} E_el {E_el.item():.8f} dE {dE:.2e}" if dE > 1e-9 else f"  iter {it:2d} converged")
        E_old = E_el
    E_nuc = charges[0] * charges[1] / R
    return E_el + E_nuc, e, C, P, S, H


print("== H2 at R = 1.4 bohr ==")
z_h2 = torch.tensor([1.24, 1.24], dtype=dt)
q_h2 = torch.tensor([1.0, 1.0], dtype=dt)
R = torch.tensor(1.4, dtype=dt)
E, e, C, P, S, H = scf(z_h2, q_h2, R, verbose=True)
print("S", S, sep="\n")
print("H_core", H, sep="\n")
print("orbital energies", e)
print("E_total", round(E.item(), 6))
print("bonding MO (sign fixed)", C[:, 0] * C[0, 0].sign())

print("== HeH+ at R = 1.4632 bohr ==")
z = torch.tensor([2.0925, 1.24], dtype=dt)
q = torch.tensor([2.0, 1.0], dtype=dt)
R = torch.tensor(1.4632, dtype=dt)
E1, e1, C1, P1, S1, H1 = scf(z, q, R, verbose=True)
E2, e2, C2, P2, S2, H2 = scf(z, q, R, ortho="cholesky")
print("E symmetric", round(E1.item(), 6), "E cholesky", round(E2.item(), 6))
print("orbital energies", e1, e2)
print("density equal", torch.allclose(P1, P2, atol=1e-10))
mulliken = (P1 @ S1).diagonal()
print("Mulliken populations", mulliken, "charges", q - mulliken)
print("electrons", round((P1 * S1).sum().item(), 10))

print("== force by autograd through the SCF ==")
Rg = torch.tensor(1.4632, dtype=dt, requires_grad=True)
E, *_ = scf(z, q, Rg)
(dE,) = torch.autograd.grad(E, Rg)
h = 1e-4
fd = (scf(z, q, torch.tensor(1.4632 + h, dtype=dt))[0] - scf(z, q, torch.tensor(1.4632 - h, dtype=dt))[0]) / (2 * h)
print("dE/dR autograd", round(dE.item(), 7), "finite difference", round(fd.item(), 7))
print("agree", abs(dE - fd).item() < 1e-6)

print("== potential curve and relaxation of H2 ==")
for r in [1.0, 1.2, 1.4, 1.6, 2.0, 3.0]:
    Er = scf(z_h2, q_h2, torch.tensor(r, dtype=dt), iters=15)[0]
    print(f"  R {r:.1f} E {Er.item():.6f}")
r = torch.tensor(1.6, dtype=dt)
for step in range(4):
    rr = r.clone().requires_grad_()
    Er = scf(z_h2, q_h2, rr, iters=15)[0]
    (g,) = torch.autograd.grad(Er, rr)
    # secant on the gradient: a Newton step with a finite-difference curvature
    rr2 = (r + 1e-3).requires_grad_()
    (g2,) = torch.autograd.grad(scf(z_h2, q_h2, rr2, iters=15)[0], rr2)
    r = r - g * 1e-3 / (g2 - g)
    print(f"  step {step} R {r.item():.6f} E {Er.item():.6f} dE/dR {g.item():.2e}")
