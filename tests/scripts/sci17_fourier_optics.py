import torch  # noqa: I001 (the harness requires torch first)

# Fourier optics in complex128, the way a computational-imaging researcher writes it: angular
# spectrum propagation of a field (fft2, fftfreq, a complex transfer function with
# torch.polar), the Fraunhofer pattern of a double slit, Gerchberg-Saxton phase retrieval,
# a phase mask optimised by Adam through the propagation (real phase parameters, complex
# intermediate tensors, abs()**2 intensities), a complex-valued parameter optimised directly
# (Adam on a complex leaf), and Wirtinger gradients checked by gradcheck.
import math

torch.set_default_dtype(torch.float64)
torch.manual_seed(8)
n, dx, wavelength = 32, 1e-5, 5e-7
fx = torch.fft.fftfreq(n, d=dx)
FX, FY = torch.meshgrid(fx, fx, indexing="ij")
arg = 1 / wavelength**2 - FX**2 - FY**2
kz = 2 * math.pi * torch.sqrt(arg.clamp(min=0))


def propagate(field, z):
    H = torch.polar(torch.ones_like(kz), kz * z) * (arg > 0)
    return torch.fft.ifft2(torch.fft.fft2(field) * H)


coords = (torch.arange(n) - n / 2) * dx
X, Y = torch.meshgrid(coords, coords, indexing="ij")
gauss = torch.exp(-(X**2 + Y**2) / (2 * (4 * dx) ** 2)).to(torch.complex128)
out = propagate(gauss, 1e-3)
print(f"energy conserved: {gauss.abs().pow(2).sum().item():.10f} "
      f"{out.abs().pow(2).sum().item():.10f}")
back = propagate(out, -1e-3)
print("propagation is invertible:", torch.allclose(back, gauss, atol=1e-12))
print(f"peak intensity after 1 mm {out.abs().pow(2).max().item():.8f}")
print("phase at the centre", f"{torch.angle(out[n // 2, n // 2]).item():.8f}")

slits = torch.zeros(n, n, dtype=torch.complex128)
slits[:, 12:14] = 1
slits[:, 18:20] = 1
far = torch.fft.fftshift(torch.fft.fft2(slits))
pattern = far.abs().pow(2)
pattern = pattern / pattern.max()
print("double-slit pattern (row 16)", pattern[16, 8:24])

# Gerchberg-Saxton: a phase that turns a flat beam into a target far-field amplitude.
target = torch.zeros(n, n)
target[10:22, 14:18] = 1.0
target = target / target.norm()
source = torch.ones(n, n) / n
phase = 2 * math.pi * torch.rand(n, n)
errors = []
for it in range(30):
    field = torch.polar(source, phase)
    spectrum = torch.fft.fft2(field, norm="ortho")
    errors.append((spectrum.abs() - target).norm().item())
    spectrum = torch.polar(target, spectrum.angle())
    phase = torch.fft.ifft2(spectrum, norm="ortho").angle()
print("GS error", [f"{e:.6f}" for e in errors[::6]], "non-increasing:",
      all(b <= a + 1e-12 for a, b in zip(errors, errors[1:])))

# A phase mask learned by gradient descent through propagation.
mask = torch.zeros(n, n, requires_grad=True)
goal = torch.zeros(n, n)
goal[14:18, 14:18] = 1.0
opt = torch.optim.Adam([mask], lr=0.1)
for step in range(40):
    opt.zero_grad()
    field = gauss * torch.exp(1j * mask)
    intensity = propagate(field, 2e-3).abs() ** 2
    intensity = intensity / intensity.sum()
    loss = -(intensity * goal).sum()
    loss.backward()
    opt.step()
    if step % 10 == 9:
        print(f"step {step + 1} power in the target {-loss.item():.8f}")
print("mask grad dtype", mask.grad.dtype, "field dtype", field.dtype)

# Adam directly on a complex parameter: fit a complex gain to measurements.
gain_true = torch.tensor(0.7 - 0.4j, dtype=torch.complex128)
signal = torch.randn(64, dtype=torch.complex128)
measured = gain_true * signal + 0.01 * torch.randn(64, dtype=torch.complex128)
gain = torch.zeros((), dtype=torch.complex128, requires_grad=True)
opt = torch.optim.Adam([gain], lr=0.05)
for step in range(100):
    opt.zero_grad()
    loss = (gain * signal - measured).abs().pow(2).mean()
    loss.backward()
    opt.step()
print(f"fitted gain {gain.item().real:.6f} {gain.item().imag:+.6f}j loss {loss.item():.8f}")
ls = torch.linalg.vecdot(signal, measured) / torch.linalg.vecdot(signal, signal)
print(f"least squares {ls.real.item():.6f} {ls.imag.item():+.6f}j")
print("Adam state", sorted(opt.state[gain].keys()), opt.state[gain]["exp_avg_sq"].dtype)

# Wirtinger calculus checks.
zc = torch.randn(4, dtype=torch.complex128, requires_grad=True)
print("gradcheck fft2 of |.|:", torch.autograd.gradcheck(
    lambda t: torch.fft.fft(t * t.conj().real).abs(), (zc,)))
print("gradcheck polar:", torch.autograd.gradcheck(
    torch.polar, (torch.rand(3, requires_grad=True) + 0.1, torch.randn(3, requires_grad=True))))
print("gradcheck exp(1j*phi):", torch.autograd.gradcheck(
    lambda p: torch.exp(1j * p), (torch.randn(3, requires_grad=True),)))
(gz,) = torch.autograd.grad((zc * zc).abs().sum(), zc)
print("d|z^2|/dz*", gz)
zd = zc.detach()
print("== 2 z |z|^2 / |z^2|:", torch.allclose(gz, 2 * zd * zd.abs() ** 2 / (zd**2).abs()))
