import torch  # noqa: I001 (the harness requires torch first)

# Spectral filtering: learn a frequency response (a complex gain per rfft bin) that recovers a
# clean two-tone signal from a noisy one. The filter lives in the frequency domain:
# y = irfft(rfft(x) * H), trained with Adam on the mean squared error; then a look at the
# learned gains, a complex-valued loss path (abs/angle of the spectrum) and torch.fft helpers.
import math

torch.manual_seed(0)
n, batch = 64, 16
t = torch.arange(n, dtype=torch.float64) / n
clean = torch.sin(2 * math.pi * 3 * t) + 0.5 * torch.sin(2 * math.pi * 7 * t)
noisy = clean + 0.4 * torch.randn(batch, n, dtype=torch.float64)

bins = n // 2 + 1
gain = torch.zeros(bins, dtype=torch.complex128, requires_grad=True)
optimizer = torch.optim.Adam([gain], lr=0.05)
for step in range(40):
    optimizer.zero_grad()
    filtered = torch.fft.irfft(torch.fft.rfft(noisy) * gain, n=n)
    loss = ((filtered - clean) ** 2).mean()
    loss.backward()
    optimizer.step()
    if step % 10 == 0 or step == 39:
        print(f"step {step:2d} loss {loss.item():.6f}")

print("gain dtype", gain.dtype, "grad dtype", gain.grad.dtype)
print("strongest bins", torch.topk(gain.detach().abs(), 2).indices.sort().values.tolist())
# The signal's bins are learned to unit gain; the noise-only bins stay near zero (their exact
# values hang on rounding-level gradients that Adam normalises, so only a bound is printed).
print("signal gains", gain.detach().abs()[[3, 7]], gain.detach().angle()[[3, 7]])
others = torch.cat([gain.detach()[:3], gain.detach()[4:7], gain.detach()[8:]]).abs()
print("noise gains below 0.3:", bool(others.max() < 0.3))

# A loss built from magnitude and phase of a spectrum, differentiated back to a real signal.
signal = torch.linspace(-1, 1, 16, dtype=torch.float64, requires_grad=True)
spectrum = torch.fft.fft(signal, norm="ortho")
loss = spectrum.abs().sum() + 0.1 * spectrum.angle().pow(2).sum()
loss.backward()
print("spectral loss", round(loss.item(), 6))
print("signal grad", signal.grad[:6])

# Complex views and helpers.
z = torch.view_as_complex(torch.tensor([[1.0, -2.0], [0.5, 0.25]]))
print(z, z.real, z.imag, z.conj().is_conj())
print(torch.view_as_real(z * 1j))
print(torch.fft.fftshift(torch.fft.fftfreq(8, d=0.5)))
print(torch.fft.rfft2(torch.ones(2, 4)))
print(torch.polar(torch.tensor([2.0]), torch.tensor([math.pi / 2])).abs())
