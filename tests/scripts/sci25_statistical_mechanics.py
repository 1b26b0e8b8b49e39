import torch

# Statistical mechanics with special functions, as a physics student checks textbook results in
# float64: Planck's law integrated by trapezoid against pi^4/15 and Wien's displacement constant
# by Newton with autograd (special.expm1), Debye and Einstein heat capacities (the Debye
# function by cumulative_trapezoid, its T^3 law), Bose-Einstein condensation (T_c and the energy
# ratio from special.zeta, g_{3/2}(z) by its series against quadrature), the ideal Fermi gas
# (Fermi-Dirac integrals with special.expit, the chemical potential at fixed density by Newton,
# the Sommerfeld expansion), mean-field planar rotors whose magnetisation I1(x)/I0(x) comes from
# the exponentially scaled special.i1e / special.i0e with its derivative by autograd (the
# self-consistency solved by Newton, the critical coupling), the 1-D Ising chain by its transfer
# matrix (linalg.eigvalsh) against the closed form with the specific heat as a second
# derivative by autograd, and Onsager's 2-D Ising free energy by double quadrature with the
# spontaneous magnetisation and the critical temperature.
torch.set_printoptions(precision=6, sci_mode=False)
dt = torch.float64
sp = torch.special

print("== blackbody ==")
x = torch.linspace(1e-8, 60, 60001, dtype=dt)
planck = x**3 / sp.expm1(x)
print(f"int x^3/(e^x - 1) = {torch.trapezoid(planck, x).item():.10f}   pi^4/15 = "
      f"{torch.pi**4 / 15:.10f}")
xw = torch.tensor(4.0, dtype=dt, requires_grad=True)
for _ in range(8):
    f = xw - 5 * (1 - torch.exp(-xw))
    (df,) = torch.autograd.grad(f, xw)
    with torch.no_grad():
        xw -= f / df
h_c_over_k = 6.62607015e-34 * 299792458 / 1.380649e-23
print(f"Wien x = {xw.item():.10f}, b = hc/(k x) = {h_c_over_k / xw.item() * 1e3:.6f} mm K")

print("\n== Debye and Einstein solids ==")


def debye_cv(t_over_theta):
    """C_V / 3Nk for the Debye model, the integral taken on a fine grid."""
    u = torch.linspace(1e-9, 1, 4001, dtype=dt)
    out = []
    for t in t_over_theta.tolist():
        y = u / t
        integrand = y**4 * torch.exp(-y) / (-sp.expm1(-y)) ** 2
        out.append(3 * t**3 * torch.trapezoid(integrand, y))
    return torch.stack(out)


temps = torch.tensor([0.02, 0.05, 0.1, 0.3, 1.0, 3.0], dtype=dt)
cv = debye_cv(temps)
low_t = 4 * torch.pi**4 / 5 * temps**3
einstein = (1 / temps) ** 2 * torch.exp(1 / temps) / sp.expm1(1 / temps) ** 2
for t, c, lt, e in zip(temps.tolist(), cv.tolist(), low_t.tolist(), einstein.tolist(), strict=True):
    print(f"T/theta={t:<5}: Debye {c:.6f}  T^3 law {lt:.6f}  Einstein {e:.6f}")
u = torch.linspace(0, 1, 101, dtype=dt)
cumulative = torch.cumulative_trapezoid(3 * u**2, u)
print("density of states integrates to one:", round(cumulative[-1].item(), 6))

print("\n== Bose-Einstein condensation ==")
z32, z52 = sp.zeta(torch.tensor(1.5, dtype=dt), 1.0), sp.zeta(torch.tensor(2.5, dtype=dt), 1.0)
print(f"zeta(3/2) = {z32.item():.10f}  zeta(5/2) = {z52.item():.10f}")
print(f"energy per particle at T_c: E/(N k T_c) = 3/2 zeta(5/2)/zeta(3/2) = "
      f"{(1.5 * z52 / z32).item():.6f}")
hbar, kB, amu = 1.054571817e-34, 1.380649e-23, 1.66053906660e-27
m = 87 * amu
n_density = 1e20
T_c = 2 * torch.pi * hbar**2 / (m * kB) * (n_density / z32) ** (2 / 3)
print(f"Rb-87 at n = 1e20 m^-3: T_c = {T_c.item() * 1e9:.4f} nK")
k = torch.arange(1, 4001, dtype=dt)
for fug in (0.3, 0.8, 0.99):
    series = (fug**k / k**1.5).sum()
    y = torch.linspace(1e-10, 40, 200001, dtype=dt)
    quad = 2 / torch.pi**0.5 * torch.trapezoid(y.sqrt() / (torch.exp(y) / fug - 1), y)
    print(f"g_3/2({fug}) series {series.item():.6f}  quadrature {quad.item():.6f}")
print("condensate fraction below T_c:", 1 - torch.tensor([0.2, 0.5, 0.9], dtype=dt) ** 1.5)

print("\n== ideal Fermi gas ==")
eps = torch.linspace(0, 60, 120001, dtype=dt)


def fermi_half(eta):
    return torch.trapezoid(eps.sqrt() * sp.expit(eta - eps), eps)


for eta in (-2.0, 0.0, 5.0, 20.0):
    F = fermi_half(torch.tensor(eta, dtype=dt))
    if eta > 4:
        somm = 2 / 3 * eta**1.5 * (1 + torch.pi**2 / 8 / eta**2)
        extra = f"  Sommerfeld {somm:.6f}"
    else:
        kk = torch.arange(1, 200, dtype=dt)
        polylog = -((-torch.exp(torch.tensor(eta, dtype=dt))) ** kk / kk**1.5).sum()
        extra = f"  series {(polylog * torch.pi**0.5 / 2).item():.6f}"
    print(f"eta={eta:5.1f}: F_1/2 = {F.item():.6f}{extra}")
target = 2 / 3 * 10.0**1.5  # the density of a degenerate gas with E_F / kT = 10
eta = torch.tensor(5.0, dtype=dt, requires_grad=True)
for _ in range(10):
    r = fermi_half(eta) - target
    (dr,) = torch.autograd.grad(r, eta)
    with torch.no_grad():
        eta -= r / dr
print(f"mu/kT at E_F/kT = 10: {eta.item():.6f}  Sommerfeld {10 * (1 - torch.pi**2 / 12 / 100):.6f}")

print("\n== mean-field planar rotors ==")


def bessel_ratio(x):
    return sp.i1e(x) / sp.i0e(x)


xs = torch.tensor([0.1, 1.0, 5.0, 50.0, 800.0], dtype=dt, requires_grad=True)
ratio = bessel_ratio(xs)
(dratio,) = torch.autograd.grad(ratio.sum(), xs)
print("I1/I0:", ratio.detach())
print("d/dx autograd:", dratio)
print("identity d/dx(I1/I0) = 1 - r/x - r^2:",
      torch.allclose(dratio, 1 - ratio.detach() / xs.detach() - ratio.detach() ** 2))
print("I0(800) overflows float64, the scaled ratio does not:", torch.isinf(sp.i0(xs[-1])).item(),
      torch.isfinite(ratio[-1]).item())
for J in (1.5, 2.5, 4.0):
    mag = torch.tensor(0.9, dtype=dt, requires_grad=True)
    for _ in range(25):
        r = mag - bessel_ratio(J * mag)
        (dr,) = torch.autograd.grad(r, mag)
        with torch.no_grad():
            mag -= r / dr
    print(f"J/kT={J}: magnetisation {abs(mag.item()):.6f}")  # +-0 below the transition
print("critical coupling J/kT = 2 (the ratio's slope at 0 is 1/2)")

print("\n== 1-D Ising chain ==")


def free_energy_tm(beta, J=1.0, h=0.3):
    T = torch.stack([torch.stack([torch.exp(beta * (J + h)), torch.exp(-beta * J)]),
                     torch.stack([torch.exp(-beta * J), torch.exp(beta * (J - h))])])
    return -torch.log(torch.linalg.eigvalsh(T)[-1]) / beta


def free_energy_exact(beta, J=1.0, h=0.3):
    lam = torch.exp(beta * J) * (torch.cosh(beta * h) + torch.sqrt(
        torch.sinh(beta * h) ** 2 + torch.exp(-4 * beta * J)))
    return -torch.log(lam) / beta


for b in (0.2, 0.5, 1.0):
    beta = torch.tensor(b, dtype=dt, requires_grad=True)
    f_tm = free_energy_tm(beta)
    (dU,) = torch.autograd.grad(beta * f_tm, beta, create_graph=True)  # internal energy
    (dC,) = torch.autograd.grad(dU, beta)
    print(f"beta={b}: f transfer matrix {f_tm.item():.8f}  exact "
          f"{free_energy_exact(torch.tensor(b, dtype=dt)).item():.8f}  U {dU.item():.6f}  "
          f"C {(-b**2 * dC).item():.6f}")

print("\n== Onsager's 2-D Ising model ==")
nq = 201
q = torch.linspace(0, torch.pi, nq, dtype=dt)
q1, q2 = torch.meshgrid(q, q, indexing="ij")


def onsager_free_energy(beta):
    c, s = torch.cosh(2 * beta), torch.sinh(2 * beta)
    integrand = torch.log(c**2 - s * (torch.cos(q1) + torch.cos(q2)))
    inner = torch.trapezoid(integrand, q, dim=1)
    return -(torch.log(torch.tensor(2.0, dtype=dt)) / 2
             + torch.trapezoid(inner, q) / (2 * torch.pi**2)) / beta


beta_c = 0.5 * torch.log(1 + torch.tensor(2.0, dtype=dt).sqrt())
print(f"beta_c = {beta_c.item():.10f}  T_c = {1 / beta_c.item():.10f}")
for b in (0.3, 0.6):
    beta = torch.tensor(b, dtype=dt, requires_grad=True)
    f = onsager_free_energy(beta)
    (U,) = torch.autograd.grad(beta * f, beta)
    mag = (1 - torch.sinh(2 * beta.detach()) ** -4).clamp(min=0) ** 0.125
    print(f"beta={b}: f = {f.item():.6f}  U = {U.item():.6f}  spontaneous m = {mag.item():.6f}")
