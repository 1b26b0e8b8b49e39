import torch

# Electrostatics of ionic crystals in float64, the way a solid-state physicist checks a lattice
# code: the Madelung constants of rock salt and caesium chloride by Ewald summation (a real-space
# sum of special.erfc over periodic images built with cartesian_prod, a reciprocal-space sum of
# complex structure factors exp(i k.r), the self term), the total independent of the splitting
# parameter, erfc against erfcx * exp(-x^2), the slowly converging Evjen sum over neutral cubes,
# the 1-D alternating chain against 2 ln 2, and the forces on displaced ions by autograd through
# both sums checked against finite differences and Newton's third law.
torch.set_printoptions(precision=6, sci_mode=False)
dt = torch.float64
SQRT_PI = torch.pi**0.5


def ewald(pos, q, L, alpha, nreal=2, kmax=5):
    n = torch.arange(-nreal, nreal + 1, dtype=dt)
    shifts = torch.cartesian_prod(n, n, n) * L
    d = pos[:, None, None, :] - pos[None, :, None, :] + shifts[None, None, :, :]
    r2 = d.pow(2).sum(-1)
    same = r2 < 1e-12
    r = torch.where(same, torch.ones_like(r2), r2).sqrt()
    pair = torch.where(same, torch.zeros_like(r), torch.special.erfc(alpha * r) / r)
    e_real = 0.5 * (q[:, None, None] * q[None, :, None] * pair).sum()
    m = torch.arange(-kmax, kmax + 1, dtype=dt)
    k = torch.cartesian_prod(m, m, m)
    k = k[(k != 0).any(-1)] * (2 * torch.pi / L)
    k2 = k.pow(2).sum(-1)
    S = (q.to(torch.complex128) * torch.exp(1j * (k @ pos.T))).sum(-1)
    e_recip = (2 * torch.pi / L**3) * (torch.exp(-k2 / (4 * alpha**2)) / k2 * S.abs().pow(2)).sum()
    e_self = -alpha / SQRT_PI * q.pow(2).sum()
    return e_real, e_recip, e_self


print("== rock salt (NaCl), conventional cell ==")
fcc = torch.tensor([[0, 0, 0], [0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]], dtype=dt)
pos = torch.cat([fcc, fcc + torch.tensor([0.5, 0, 0], dtype=dt)])
q = torch.cat([torch.ones(4, dtype=dt), -torch.ones(4, dtype=dt)])
print(pos.shape, q, "neutral", q.sum().item())
for alpha in [4.0, 5.0, 6.0, 7.0]:
    parts = torch.stack(ewald(pos, q, 1.0, alpha))
    total = parts.sum()
    # energy per ion pair is -M / d with the nearest-neighbour distance d = 1/2
    M = -total * 0.5 / 4
    print(f"alpha {alpha}: real {parts[0]:.6f} recip {parts[1]:.6f} self {parts[2]:.6f} M {M:.8f}")

print("== caesium chloride ==")
pos_cs = torch.tensor([[0, 0, 0], [0.5, 0.5, 0.5]], dtype=dt)
q_cs = torch.tensor([1.0, -1.0], dtype=dt)
E_cs = torch.stack(ewald(pos_cs, q_cs, 1.0, 5.0)).sum()
print("M_CsCl", round((-E_cs * (3**0.5 / 2)).item(), 8))

print("== erfc and erfcx ==")
torch.set_printoptions(precision=6, sci_mode=True)
x = torch.tensor([0.0, 0.5, 2.0, 5.0, 10.0, 26.0, 30.0], dtype=dt)
print(torch.special.erfc(x))
print(torch.special.erfcx(x) * torch.exp(-x * x))
print(torch.special.erfcx(x), torch.special.erfcx(torch.tensor([-1.0, -5.0], dtype=dt)))
print(torch.special.erfc(x.float()))
torch.set_printoptions(precision=6, sci_mode=False)

print("== Evjen sums over neutral cubes ==")
for N in [2, 4, 6, 8]:
    idx = torch.arange(-N, N + 1, dtype=dt)
    g = torch.cartesian_prod(idx, idx, idx)
    g = g[(g != 0).any(-1)]
    sign = (-1.0) ** g.sum(-1)
    # ions on a face of the cube count 1/2, on an edge 1/4, at a corner 1/8
    weight = torch.where(g.abs() == N, 0.5, 1.0).prod(-1)
    M = -(sign * weight / g.norm(dim=-1)).sum()
    print(f"  N {N}: M {M.item():.8f}")

print("== 1-D alternating chain ==")
n = torch.arange(1, 200001, dtype=dt)
terms = 2 * (-1.0) ** (n + 1) / n
print("partial sums", terms.cumsum(0)[[9, 99, 9999, -1]])
print("2 ln 2", round(2 * torch.log(torch.tensor(2.0, dtype=dt)).item(), 10))
paired = (2 / (2 * n[:100000] - 1) - 2 / (2 * n[:100000])).sum()
print("paired sum", round(paired.item(), 8))

print("== forces on displaced ions ==")
gen = torch.Generator().manual_seed(3)
disp = 0.02 * torch.randn(8, 3, generator=gen, dtype=dt)
p = (pos + disp).requires_grad_()
E = torch.stack(ewald(p, q, 1.0, 5.0)).sum()
(grad,) = torch.autograd.grad(E, p)
F = -grad
print("energy", round(E.item(), 8))
print("forces", F, sep="\n")
print("net force", F.sum(0).abs().max().item() < 1e-9)
h = 1e-5
fd = torch.zeros(3, dtype=dt)
for c in range(3):
    e = torch.zeros(8, 3, dtype=dt)
    e[2, c] = h
    with torch.no_grad():
        fd[c] = -(torch.stack(ewald(pos + disp + e, q, 1.0, 5.0)).sum()
                  - torch.stack(ewald(pos + disp - e, q, 1.0, 5.0)).sum()) / (2 * h)
print("ion 2 autograd", F[2], "finite difference", fd)
print("agree", torch.allclose(F[2], fd, atol=1e-6))
print("restoring", (F * disp).sum(-1) < 0)
