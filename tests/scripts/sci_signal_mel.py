import torch  # noqa: I001 (the harness requires torch first)

# Signal processing a speech or sonar scientist writes with torch: frequency axes from
# rfftfreq/fftfreq and fftshift, a windowed STFT / ISTFT round trip with a symmetric Hann
# window, a triangular mel filterbank applied by matmul, a Kaiser-window FIR filter applied by
# F.conv1d and checked against FFT convolution, 2-D Gaussian image filtering with fft2, and
# complex autograd (abs and angle backward, polar, view_as_real).
import math

import torch.nn.functional as F

torch.manual_seed(2)
torch.set_default_dtype(torch.float64)
sr, n = 800, 512
t = torch.arange(n) / sr
signal = torch.sin(2 * math.pi * 50 * t) + 0.5 * torch.sin(2 * math.pi * 120 * t + 0.3)
noisy = signal + 0.2 * torch.randn(n)

freqs = torch.fft.rfftfreq(n, d=1 / sr)
spectrum = torch.fft.rfft(noisy)
peaks = spectrum.abs().topk(2).indices.sort().values
print("rfftfreq", freqs[:4].tolist(), "... peaks at", freqs[peaks].tolist(), "Hz")
print("fftshift", torch.fft.fftshift(torch.fft.fftfreq(8, d=0.5)).tolist())
print("ifftshift round trip", torch.fft.ifftshift(torch.fft.fftshift(torch.arange(7))).tolist())
print("Parseval:", torch.allclose((noisy ** 2).sum(), (torch.fft.fft(noisy).abs() ** 2).sum() / n))

window = torch.hann_window(64, periodic=False)
print("symmetric hann", window[:3].numpy().round(8), "sum", round(window.sum().item(), 10))
stft = torch.stft(noisy, n_fft=64, hop_length=16, window=window, return_complex=True,
                  center=True)
print("stft", tuple(stft.shape), stft.dtype)
recovered = torch.istft(stft, n_fft=64, hop_length=16, window=window, length=n)
print("istft round-trip error", f"{(recovered - noisy).abs().max().item():.2e}" if
      (recovered - noisy).abs().max().item() > 1e-12 else "< 1e-12")
power = stft.abs() ** 2


def hz_to_mel(f):
    return 2595.0 * torch.log10(1.0 + f / 700.0)


def mel_to_hz(m):
    return 700.0 * (10.0 ** (m / 2595.0) - 1.0)


n_mels = 8
edges = mel_to_hz(torch.linspace(hz_to_mel(torch.tensor(0.0)).item(),
                                 hz_to_mel(torch.tensor(sr / 2)).item(), n_mels + 2))
bin_freqs = torch.fft.rfftfreq(64, d=1 / sr)
lower = (bin_freqs[None, :] - edges[:-2, None]) / (edges[1:-1, None] - edges[:-2, None])
upper = (edges[2:, None] - bin_freqs[None, :]) / (edges[2:, None] - edges[1:-1, None])
filterbank = torch.clamp(torch.minimum(lower, upper), min=0.0)
print("mel edges", edges.numpy().round(4))
print("filterbank", tuple(filterbank.shape), "row sums", filterbank.sum(1).numpy().round(5))
log_mel = torch.log(filterbank @ power + 1e-10)
print("log-mel frame 10", log_mel[:, 10].numpy().round(5))
mfcc_like = torch.fft.rfft(log_mel, dim=0).real
print("cepstrum frame 10", mfcc_like[:, 10].numpy().round(5))

# A Kaiser-window low-pass FIR (cutoff 80 Hz) by conv1d and by FFT convolution.
taps = 31
kaiser = torch.signal.windows.kaiser(taps, beta=6.0, sym=True)
print("kaiser", kaiser[:4].numpy().round(8), "i0(beta)", torch.special.i0(torch.tensor(6.0)).item())
k = torch.arange(taps) - (taps - 1) / 2
fir = 2 * 80 / sr * torch.sinc(2 * 80 / sr * k) * kaiser
fir = fir / fir.sum()
by_conv = F.conv1d(noisy.view(1, 1, -1), fir.flip(0).view(1, 1, -1), padding=taps // 2).view(-1)
m = n + taps - 1
by_fft = torch.fft.irfft(torch.fft.rfft(noisy, m) * torch.fft.rfft(fir, m), m)
by_fft = by_fft[taps // 2: taps // 2 + n]
print("conv1d vs fft conv:", torch.allclose(by_conv, by_fft, atol=1e-12))
kept = torch.fft.rfft(by_conv).abs()
print("gain at 50 Hz", round((kept[peaks[0]] / spectrum.abs()[peaks[0]]).item(), 6),
      "at 120 Hz", round((kept[peaks[1]] / spectrum.abs()[peaks[1]]).item(), 6))

# Gaussian blur of an image in the frequency domain.
image = torch.zeros(16, 16)
image[4:12, 6:10] = 1.0
fy, fx = torch.meshgrid(torch.fft.fftfreq(16), torch.fft.fftfreq(16), indexing="ij")
blur = torch.exp(-2 * math.pi ** 2 * 1.5 ** 2 * (fx ** 2 + fy ** 2))
blurred = torch.fft.ifft2(torch.fft.fft2(image) * blur)
print("ifft2 imaginary part < 1e-12:", bool(blurred.imag.abs().max() < 1e-12))
print("blurred row 8", blurred.real[8, 3:13].numpy().round(5))
print("mass kept", round(blurred.real.sum().item(), 10))
centred = torch.fft.fftshift(torch.fft.fft2(image).abs())
print("centred spectrum peak at", divmod(int(centred.argmax().item()), 16))

# Complex autograd: a phase-and-magnitude loss on the spectrum.
z = torch.fft.rfft(noisy[:32]).detach().requires_grad_()
loss = (z.abs() - 1.0).pow(2).sum() + torch.angle(z).sin().sum()
loss.backward()
print("complex loss", round(loss.item(), 8), "grad dtype", z.grad.dtype)
print("grad[1:4]", z.grad[1:4])
rebuilt = torch.polar(z.detach().abs(), torch.angle(z.detach()))
print("polar round trip:", torch.allclose(rebuilt, z.detach()))
print("view_as_real", torch.view_as_real(rebuilt[:3]).numpy().round(6))
w = torch.tensor([1.0, -2.0], requires_grad=True)
c = torch.complex(w[0], w[1])
(c * c.conj()).real.backward()
print("complex() backward", w.grad.tolist())
