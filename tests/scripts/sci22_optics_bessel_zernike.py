import torch

import math

# Optics with special functions, as lens-design and microscopy notebooks write it: Zernike
# polynomials on the unit disk (orthogonality by quadrature, least-squares wavefront fitting),
# the Airy pattern from bessel_j1 and its first zero, a Hankel transform by quadrature with
# bessel_j0 checked against a Gaussian's closed form, the pupil-to-PSF FFT, and defocus
# recovered by gradient descent (bessel functions carry no derivative: torch.func treats a
# term built from them as a constant).
torch.set_printoptions(precision=6)
dtype = torch.float64

# --- 1. Zernike polynomials: radial parts from factorials, orthogonality on a polar grid ------
def zernike_radial(n, m, rho):
    out = torch.zeros_like(rho)
    for k in range((n - m) // 2 + 1):
        coef = (-1) ** k * math.factorial(n - k) / (math.factorial(k)
                                                    * math.factorial((n + m) // 2 - k)
                                                    * math.factorial((n - m) // 2 - k))
        out = out + coef * rho ** (n - 2 * k)
    return out

def zernike(n, m, rho, theta):
    norm = math.sqrt(2 * (n + 1)) if m != 0 else math.sqrt(n + 1)
    radial = zernike_radial(n, abs(m), rho)
    return norm * radial * (torch.cos(m * theta) if m >= 0 else torch.sin(-m * theta))

modes = [(0, 0), (1, 1), (1, -1), (2, 0), (2, 2), (2, -2), (3, 1), (3, -1), (4, 0)]
names = ["piston", "tilt x", "tilt y", "defocus", "astig 0", "astig 45", "coma x", "coma y",
         "spherical"]
# Gauss-Legendre in rho^2 (exact for polynomials) times a uniform grid in theta
k = torch.arange(1, 12, dtype=dtype)
beta = k / torch.sqrt(4 * k ** 2 - 1)
jacobi = torch.diag(beta, 1) + torch.diag(beta, -1)
eigvals, eigvecs = torch.linalg.eigh(jacobi)
u = 0.5 * (eigvals + 1)            # nodes for rho^2 on [0, 1]
wu = eigvecs[0] ** 2               # weights (sum 1 = half of 2, times the 1/2 Jacobian)
rho = u.sqrt()
theta = torch.arange(24, dtype=dtype) * (2 * math.pi / 24)
R, TH = torch.meshgrid(rho, theta, indexing="ij")
W = wu[:, None] * torch.full_like(TH, 1.0 / 24)  # mean over the unit disk
basis = torch.stack([zernike(n, m, R, TH) for n, m in modes])
gram = torch.einsum("aij,bij,ij->ab", basis, basis, W)
print("Zernike Gram matrix is the identity:",
      torch.allclose(gram, torch.eye(len(modes), dtype=dtype), atol=1e-12))
print("defocus at rho = 0, 0.5, 1:",
      zernike(2, 0, torch.tensor([0.0, 0.5, 1.0], dtype=dtype), torch.zeros(3, dtype=dtype)))

# a wavefront on a Cartesian pupil grid, fitted by least squares
N = 64
coords = torch.linspace(-1, 1, N, dtype=dtype)
Yp, Xp = torch.meshgrid(coords, coords, indexing="ij")
Rp, Tp = torch.sqrt(Xp ** 2 + Yp ** 2), torch.atan2(Yp, Xp)
inside = Rp <= 1
true_coef = torch.tensor([0.0, 0.1, -0.05, 0.3, 0.08, 0.0, -0.04, 0.02, 0.06], dtype=dtype)
design = torch.stack([zernike(n, m, Rp[inside], Tp[inside]) for n, m in modes], 1)
gen = torch.Generator().manual_seed(5)
noise = 0.002 * torch.randn(int(inside.sum()), dtype=dtype, generator=gen)
wavefront = design @ true_coef + noise
fit = torch.linalg.lstsq(design, wavefront[:, None]).solution.squeeze(1)
for name, c in zip(names, fit.tolist()):
    print("  %-9s %+.5f" % (name, c))
rms = (wavefront - wavefront.mean()).pow(2).mean().sqrt()
print("RMS wavefront error: %.6f waves" % rms.item())

# --- 2. the Airy pattern: intensity (2 J1(x) / x)^2 and its first dark ring -------------------
x = torch.linspace(1e-6, 12, 2401, dtype=dtype)
airy = (2 * torch.special.bessel_j1(x) / x) ** 2
sign_change = torch.nonzero(torch.diff(torch.sign(torch.special.bessel_j1(x)))).flatten()
lo, hi = x[sign_change[0]].item(), x[sign_change[0] + 1].item()
for _ in range(60):  # bisection on J1
    mid = 0.5 * (lo + hi)
    j_lo = torch.special.bessel_j1(torch.tensor(lo, dtype=dtype))
    if j_lo * torch.special.bessel_j1(torch.tensor(mid, dtype=dtype)) <= 0:
        hi = mid
    else:
        lo = mid
print("first zero of J1: %.10f (1.22 pi = %.10f)" % (0.5 * (lo + hi), 1.2196698912665045 * math.pi))
ring = (x > 5) & (x < 6)
print("first bright ring peak: %.6f of the centre" % airy[ring].max().item())
# encircled energy 1 - J0^2 - J1^2 at the first dark ring
r0 = torch.tensor(0.5 * (lo + hi), dtype=dtype)
ee = 1 - torch.special.bessel_j0(r0) ** 2 - torch.special.bessel_j1(r0) ** 2
print("encircled energy inside the first dark ring: %.6f" % ee.item())

# --- 3. a Hankel transform by quadrature: a Gaussian maps to a Gaussian --------------------
r = torch.linspace(0, 8, 801, dtype=dtype)
f = torch.exp(-r ** 2 / 2)
ks = torch.tensor([0.0, 0.5, 1.0, 2.0], dtype=dtype)
integrand = f[None, :] * torch.special.bessel_j0(ks[:, None] * r[None, :]) * r[None, :]
hankel = torch.trapezoid(integrand, r, dim=1)
print("Hankel transform:", hankel)
print("closed form exp(-k^2/2):", torch.exp(-ks ** 2 / 2))
print("agree to 1e-4:", torch.allclose(hankel, torch.exp(-ks ** 2 / 2), atol=1e-4))

# --- 4. pupil -> PSF by FFT, Strehl ratio of the fitted aberrations ----------------------------
pupil_phase = torch.zeros(N, N, dtype=dtype)
pupil_phase[inside] = 2 * math.pi * (design @ fit)
field = torch.polar(inside.to(dtype), pupil_phase)
padded = torch.zeros(2 * N, 2 * N, dtype=torch.complex128)
padded[:N, :N] = field
psf = torch.fft.fftshift(torch.fft.fft2(padded)).abs() ** 2
ideal = torch.fft.fftshift(torch.fft.fft2(padded.abs().to(torch.complex128))).abs() ** 2
strehl = psf.max() / ideal.max()
print("Strehl ratio: %.6f (Marechal estimate %.6f)"
      % (strehl.item(), math.exp(-(2 * math.pi * (fit[1:] ** 2).sum().sqrt().item()) ** 2)))
peak = divmod(psf.argmax().item(), 2 * N)
print("PSF peak moved by tilt to", peak)

# --- 5. defocus by gradient descent; a bessel-weighted term is a constant to torch.func -------
target_psf = psf / psf.sum()
defocus_full = zernike(2, 0, Rp, Tp)
def psf_of(defocus):
    # (torch's hessian fails through masked_scatter here: "Trying to set a forward gradient
    # that has a different size": a where over the whole grid instead)
    phase = torch.where(inside, 2 * math.pi * defocus * defocus_full, 0.0)
    fld = torch.polar(inside.to(dtype), phase)
    pad = torch.nn.functional.pad(fld, (0, N, 0, N))
    p = torch.fft.fft2(pad).abs() ** 2
    return torch.fft.fftshift(p / p.sum())
def loss_fn(d):
    apod = torch.special.bessel_j0(d.detach() * 0 + 0.3)  # a fixed weight from a bessel term
    return apod * (psf_of(d) - psf_of(torch.tensor(0.3, dtype=dtype))).pow(2).sum() * 1e4
d = torch.tensor(0.1, dtype=dtype, requires_grad=True)
opt = torch.optim.Adam([d], lr=0.01)
for it in range(60):
    opt.zero_grad()
    loss = loss_fn(d)
    loss.backward()
    opt.step()
    if it % 20 == 0:
        print("iter %2d loss %.6e defocus %.6f" % (it, loss.item(), d.item()))
print("recovered defocus: %.4f (true 0.3)" % d.item())
print("torch.func.grad of a bessel-only term is zero:",
      torch.func.grad(lambda t: torch.special.bessel_j0(t) + torch.special.bessel_y1(t + 1))(
          torch.tensor(0.4, dtype=dtype)).item())
print("hessian of the loss at the answer: %.6f" % torch.func.hessian(loss_fn)(d.detach()).item())
