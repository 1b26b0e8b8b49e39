import torch  # noqa: I001 (the harness requires torch first)

# Classic signal processing in float64: the window functions and torch.signal.windows, an
# STFT/ISTFT round trip (centred and not, reflect padding, normalized), a power spectrogram from
# framed rfft (unfold), a hand-built mel filterbank, spectral subtraction of a noise floor
# measured on a noise-only recording, an ideal low-pass filter in the rfft domain, fft
# convolution against conv1d, and a learned per-bin mask trained by gradient descent through
# stft/istft.
import math

import torch.nn.functional as F

torch.manual_seed(7)
torch.set_default_dtype(torch.float64)
sr, n = 800, 1024
t = torch.arange(n) / sr
clean = torch.sin(2 * math.pi * 50 * t) + 0.5 * torch.sin(2 * math.pi * 120 * t) * (t > 0.5)
noisy = clean + 0.3 * torch.randn(n)

for name, window in [("hann", torch.hann_window(8)), ("hamming", torch.hamming_window(8)),
                     ("blackman", torch.blackman_window(8)),
                     ("bartlett", torch.bartlett_window(8)),
                     ("kaiser", torch.kaiser_window(8, periodic=True, beta=8.0)),
                     ("hann symmetric", torch.hann_window(8, periodic=False))]:
    print(f"{name:15s}", window.numpy().round(4).tolist())

windows = torch.signal.windows
for name, window in [("gaussian", windows.gaussian(8, std=2.0)),
                     ("exponential", windows.exponential(8, tau=3.0)),
                     ("nuttall", windows.nuttall(8, sym=False)),
                     ("general_cosine", windows.general_cosine(8, a=[0.5, 0.3, 0.2])),
                     ("kaiser sym", windows.kaiser(8, beta=8.0))]:
    print(f"{name:15s}", window.numpy().round(4).tolist())
print("scipy-style kaiser(sym=False) == kaiser_window:",
      torch.allclose(windows.kaiser(8, beta=8.0, sym=False), torch.kaiser_window(8, True, 8.0)))

n_fft, hop = 128, 32
window = torch.hann_window(n_fft)
for center, normalized, win in [(True, False, window), (True, True, window),
                                (False, False, torch.hamming_window(n_fft))]:
    spec = torch.stft(noisy, n_fft, hop_length=hop, window=win, center=center,
                      normalized=normalized, return_complex=True, pad_mode="reflect")
    back = torch.istft(spec, n_fft, hop_length=hop, window=win, center=center,
                       normalized=normalized, length=n if center else None)
    span = slice(0, back.shape[-1]) if center else slice(n_fft, back.shape[-1] - n_fft)
    error = (back[span] - noisy[span]).abs().max()
    print(f"stft center={center} normalized={normalized} {tuple(spec.shape)} {spec.dtype} "
          f"round trip < 1e-12: {bool(error < 1e-12)}")

frames = F.pad(noisy[None], (n_fft // 2, n_fft // 2), mode="reflect")[0].unfold(0, n_fft, hop)
power = torch.fft.rfft(frames * window, dim=-1).abs().pow(2)
stft_power = torch.stft(noisy, n_fft, hop, window=window, return_complex=True).abs().pow(2).T
print("framed rfft matches stft:", torch.allclose(power, stft_power), tuple(power.shape))
freqs = torch.fft.rfftfreq(n_fft, d=1 / sr)
peak = freqs[power.mean(0).argmax()]
print("loudest bin (Hz):", peak.item(), "bins:", freqs[:4].tolist())


def hz_to_mel(f):
    return 2595 * torch.log10(1 + f / 700)


def mel_to_hz(m):
    return 700 * (10 ** (m / 2595) - 1)


n_mels = 8
mel_points = mel_to_hz(torch.linspace(hz_to_mel(torch.tensor(0.0)),
                                      hz_to_mel(torch.tensor(sr / 2)), n_mels + 2))
lower, centre, upper = mel_points[:-2, None], mel_points[1:-1, None], mel_points[2:, None]
fbank = torch.clamp(torch.minimum((freqs - lower) / (centre - lower),
                                  (upper - freqs) / (upper - centre)), min=0)
log_mel = torch.log(power @ fbank.T + 1e-10)
print("log-mel", tuple(log_mel.shape), log_mel.mean(0).round(decimals=3))

spec = torch.stft(noisy, n_fft, hop, window=window, return_complex=True)
silence = torch.stft(0.3 * torch.randn(n), n_fft, hop, window=window, return_complex=True)
noise_floor = silence.abs().pow(2).mean(-1, keepdim=True)
gain = torch.clamp(1 - noise_floor / spec.abs().pow(2).clamp_min(1e-12), min=0.05).sqrt()
denoised = torch.istft(spec * gain, n_fft, hop, window=window, length=n)
snr = lambda x: (10 * torch.log10(clean.pow(2).sum() / (x - clean).pow(2).sum())).item()
print(f"snr noisy {snr(noisy):.3f} dB, spectral subtraction {snr(denoised):.3f} dB")

spectrum = torch.fft.rfft(noisy)
lowpass = torch.fft.irfft(spectrum * (torch.fft.rfftfreq(n, 1 / sr) < 80), n=n)
print(f"low-pass 80 Hz snr vs 50 Hz tone: "
      f"{(10 * torch.log10(lowpass.pow(2).sum() / (lowpass - clean * (t <= 0.5)).pow(2).sum())):.3f}")
print("fftshift", torch.fft.fftshift(torch.fft.fftfreq(6, d=0.5)).tolist())

kernel = torch.hann_window(15, periodic=False)
kernel = kernel / kernel.sum()
direct = F.conv1d(noisy.view(1, 1, -1), kernel.flip(0).view(1, 1, -1)).view(-1)
size = n + len(kernel) - 1
via_fft = torch.fft.irfft(torch.fft.rfft(noisy, size) * torch.fft.rfft(kernel, size), size)
print("fft convolution matches conv1d:",
      torch.allclose(via_fft[len(kernel) - 1:n], direct), direct[:3].round(decimals=10))

mask_logits = torch.zeros(n_fft // 2 + 1, 1, requires_grad=True)
opt = torch.optim.Adam([mask_logits], lr=0.2)
for step in range(8):
    estimate = torch.istft(spec * torch.sigmoid(mask_logits), n_fft, hop, window=window,
                           length=n)
    loss = F.mse_loss(estimate, clean)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"mask step {step}: loss {loss.item():.6f} grad norm {mask_logits.grad.norm():.6f}")
print("kept bins (Hz):", freqs[torch.sigmoid(mask_logits).squeeze() > 0.6].tolist())
