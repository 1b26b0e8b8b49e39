import torch  # noqa: I001 (the harness requires torch first)

# Signal processing in depth, as an audio or radar engineer writes it with torch: every window
# of torch.signal.windows with its parameters (sym, dtype, requires_grad, M of 0 and 1), the
# classic torch.*_window functions, STFT with every pad_mode and onesided/normalized/
# return_complex variant and ISTFT with length=, hfft/ihfft/fft2/rfft2/ifftn norms and s=,
# fftfreq/rfftfreq with d= and dtype=, FIR band filters designed by hand (windowed sinc) and
# applied as a filterbank through conv1d groups, a mel filterbank, autocorrelation and pitch by
# FFT, and a phase vocoder time-stretch with angle/polar.
import math

import torch.nn.functional as F
from torch.signal import windows as W

torch.set_default_dtype(torch.float64)
torch.manual_seed(18)


def fmt(t, digits=7):
    return " ".join(f"{v:.{digits}g}" for v in t.detach().flatten().tolist())


# --- windows -----------------------------------------------------------------------------------
for M in (0, 1, 2, 7, 8):
    for sym in (True, False):
        print("M", M, "sym", sym)
        print("  bartlett", fmt(W.bartlett(M, sym=sym)))
        print("  blackman", fmt(W.blackman(M, sym=sym)))
        print("  cosine", fmt(W.cosine(M, sym=sym)))
        print("  hamming", fmt(W.hamming(M, sym=sym)))
        print("  hann", fmt(W.hann(M, sym=sym)))
        print("  nuttall", fmt(W.nuttall(M, sym=sym)))
        print("  gaussian", fmt(W.gaussian(M, std=1.5, sym=sym)))
        print("  kaiser", fmt(W.kaiser(M, beta=8.6, sym=sym)))
        print("  general_hamming", fmt(W.general_hamming(M, alpha=0.6, sym=sym)))
        print("  general_cosine", fmt(W.general_cosine(M, a=[0.5, 0.3, 0.2], sym=sym)))
        if sym:
            print("  exponential", fmt(W.exponential(M, tau=2.5, sym=sym)))
        else:
            print("  exponential c", fmt(W.exponential(M, center=1.0, tau=2.0, sym=sym)))
w32 = W.hann(6, dtype=torch.float32, requires_grad=True)
print("hann float32", w32.dtype, w32.requires_grad, w32.is_leaf, w32.grad_fn)
print("kaiser float32", W.kaiser(5, dtype=torch.float32))
for call in (lambda: W.exponential(6, center=1.0), lambda: W.gaussian(5, std=0.0),
             lambda: W.kaiser(5, beta=-1.0), lambda: W.hann(-1),
             lambda: W.hann(4, dtype=torch.int64), lambda: W.general_cosine(4, a=2.0),
             lambda: W.exponential(4, tau=-1.0)):
    try:
        call()
        print("no error")
    except Exception as err:
        print(type(err).__name__, err)
for name in ("hann_window", "hamming_window", "blackman_window", "bartlett_window",
             "kaiser_window"):
    fn = getattr(torch, name)
    print(name, fmt(fn(6)), fmt(fn(6, periodic=False)), fn(5, dtype=torch.float32).dtype)
print("hamming alpha beta", fmt(torch.hamming_window(6, False, alpha=0.5, beta=0.4)))
print("kaiser beta", fmt(torch.kaiser_window(7, False, beta=3.0)))

# --- frequency axes and FFT norms --------------------------------------------------------------
print("fftfreq", torch.fft.fftfreq(8, d=0.1), torch.fft.fftfreq(5).dtype)
print("rfftfreq", torch.fft.rfftfreq(9, d=0.5, dtype=torch.float32))
print("fftshift 2-D", torch.fft.fftshift(torch.arange(12).reshape(3, 4), dim=(0, 1)))
print("ifftshift", torch.fft.ifftshift(torch.arange(7)))
x = torch.randn(10)
X = torch.fft.rfft(x)
for norm in (None, "backward", "ortho", "forward"):
    h = torch.fft.hfft(X, n=10, norm=norm)
    ih = torch.fft.ihfft(x, norm=norm)
    print("hfft", norm, fmt(h[:4]), "ihfft", ih.is_conj(),
          fmt(torch.view_as_real(ih[:3].resolve_conj())))
    img = torch.randn(4, 6)
    F2 = torch.fft.fft2(img, norm=norm)
    print("fft2", norm, fmt(F2.abs().sum()), "round trip",
          torch.allclose(torch.fft.ifft2(F2, norm=norm).real, img))
    R2 = torch.fft.rfft2(img, s=(4, 8), norm=norm)
    print("rfft2 s", tuple(R2.shape), fmt(torch.fft.irfft2(R2, s=(4, 8), norm=norm)[0, :3]))
    print("ifftn", norm, fmt(torch.fft.ifftn(img, s=(2, 3), dim=(0, 1), norm=norm).abs()))
print("hfft2", tuple(torch.fft.hfft2(torch.randn(3, 4, dtype=torch.complex128)).shape),
      tuple(torch.fft.ihfft2(torch.randn(3, 6)).shape))
try:
    torch.view_as_real(torch.fft.ihfft(x))
except RuntimeError as err:
    print("ihfft is a conjugate view:", str(err)[:60])
try:
    torch.fft.fft(x, norm="bogus")
except Exception as err:
    print(type(err).__name__, err)
try:
    torch.fft.rfft(torch.randn(4, dtype=torch.complex128))
except Exception as err:
    print(type(err).__name__, err)

# --- STFT variants -----------------------------------------------------------------------------
sr = 800
t = torch.arange(1200) / sr
sig = torch.sin(2 * math.pi * 50 * t) + 0.5 * torch.sin(2 * math.pi * 140 * t * (1 + t))
win = torch.hann_window(128)
for pad_mode in ("reflect", "constant", "replicate", "circular"):
    S = torch.stft(sig, 128, hop_length=32, window=win, pad_mode=pad_mode, return_complex=True)
    print("stft", pad_mode, tuple(S.shape), fmt(S.abs()[:, 0].sum()), fmt(S.abs()[:, -1].sum()))
for center in (True, False):
    for normalized in (False, True):
        for onesided in (True, False):
            S = torch.stft(sig, 96, hop_length=24, win_length=64, window=torch.hann_window(64),
                           center=center, normalized=normalized, onesided=onesided,
                           return_complex=True)
            try:
                y = torch.istft(S, 96, hop_length=24, win_length=64,
                                window=torch.hann_window(64), center=center,
                                normalized=normalized, onesided=onesided,
                                length=sig.numel() if center else None,
                                return_complex=not onesided)
            except RuntimeError as err:  # the zero-padded window's edges break NOLA
                print("istft", center, normalized, onesided, str(err).replace("\n", " "))
                continue
            core = slice(96, 1000)
            yr = y.real if y.is_complex() else y
            print("stft", center, normalized, onesided, tuple(S.shape), tuple(y.shape), y.dtype,
                  f"{(yr[core] - sig[core]).abs().max().item() < 1e-10}")
S_real = torch.stft(sig[:256], 64, window=torch.hann_window(64), return_complex=False)
print("return_complex=False", tuple(S_real.shape), S_real.dtype)
try:
    torch.stft(sig, 64)
except RuntimeError as err:
    print("stft without return_complex:", str(err).splitlines()[0])
try:
    torch.stft(sig, 64, hop_length=0, return_complex=True)
except RuntimeError as err:
    print("hop 0:", err)
try:
    torch.stft(sig, 64, win_length=80, return_complex=True)
except RuntimeError as err:
    print("win_length > n_fft:", err)
try:
    torch.istft(torch.stft(sig, 64, return_complex=True), 64, window=torch.ones(64),
                center=False)
except RuntimeError as err:
    print("istft NOLA:", str(err).splitlines()[0])
batch = torch.stack([sig, sig.flip(0)])
Sb = torch.stft(batch, 64, hop_length=16, window=torch.hann_window(64), return_complex=True)
yb = torch.istft(Sb, 64, hop_length=16, window=torch.hann_window(64), length=1000)
print("batched", tuple(Sb.shape), tuple(yb.shape), torch.allclose(yb, batch[:, :1000]))

# gradients through stft/istft
sg = sig[:200].clone().requires_grad_()
spec = torch.stft(sg, 32, hop_length=8, window=torch.hann_window(32), return_complex=True)
loss = spec.abs().pow(2).sum() + torch.istft(spec * 0.5, 32, hop_length=8,
                                             window=torch.hann_window(32), length=200).sum()
loss.backward()
print("stft grad", f"{loss.item():.8g}", fmt(sg.grad[:5]))
print("gradcheck stft", torch.autograd.gradcheck(
    lambda s: torch.view_as_real(torch.stft(s, 16, hop_length=4, window=torch.hann_window(16),
                                            return_complex=True)), (sg[:48].detach()
                                                                    .requires_grad_(),)))

# --- FIR filterbank by conv1d groups -----------------------------------------------------------
taps = 63
n = torch.arange(taps) - (taps - 1) / 2
bands = [(20.0, 80.0), (100.0, 200.0), (250.0, 390.0)]
filters = []
for lo, hi in bands:
    h = (2 * hi / sr) * torch.sinc(2 * hi / sr * n) - (2 * lo / sr) * torch.sinc(2 * lo / sr * n)
    filters.append(h * W.kaiser(taps, beta=6.0))
bank = torch.stack(filters).unsqueeze(1)  # (3, 1, taps)
multi = sig.expand(3, -1).unsqueeze(0)  # (1, 3, T): one channel per band
out = F.conv1d(multi, bank, padding=taps // 2, groups=3)
print("filterbank", tuple(out.shape), fmt(out.pow(2).mean(-1)))
H = torch.fft.rfft(bank.squeeze(1), n=512).abs()
freqs = torch.fft.rfftfreq(512, d=1 / sr)
print("band peaks Hz", fmt(freqs[H.argmax(-1)], 5), "gain at 50 Hz",
      fmt(H[:, (freqs - 50).abs().argmin()], 4))
try:
    F.conv1d(multi, bank, groups=2)
except RuntimeError as err:
    print("groups:", err)

# --- mel filterbank ----------------------------------------------------------------------------
def hz_to_mel(f):
    return 2595.0 * torch.log10(1.0 + f / 700.0)


def mel_to_hz(m):
    return 700.0 * (10 ** (m / 2595.0) - 1.0)


n_fft, n_mels = 128, 10
all_freqs = torch.linspace(0, sr // 2, n_fft // 2 + 1)
m_pts = torch.linspace(hz_to_mel(torch.tensor(0.0)), hz_to_mel(torch.tensor(sr / 2)), n_mels + 2)
f_pts = mel_to_hz(m_pts)
f_diff = f_pts[1:] - f_pts[:-1]
slopes = f_pts.unsqueeze(0) - all_freqs.unsqueeze(1)
down = -slopes[:, :-2] / f_diff[:-1]
up = slopes[:, 2:] / f_diff[1:]
fb = torch.clamp(torch.min(down, up), min=0.0)
enorm = 2.0 / (f_pts[2:n_mels + 2] - f_pts[:n_mels])
fb = fb * enorm.unsqueeze(0)
power = torch.stft(sig, n_fft, hop_length=32, window=torch.hann_window(n_fft),
                   return_complex=True).abs().pow(2)
mel = (fb.T @ power).clamp(min=1e-10).log10().mul(10)
print("mel", tuple(mel.shape), fmt(mel.mean(-1), 6))
print("mel db max", fmt(mel.amax(), 6), "top-db clipped", fmt(mel.clamp(min=mel.max() - 60)
                                                              .mean(), 6))

# --- autocorrelation via FFT and pitch ---------------------------------------------------------
tone = torch.sin(2 * math.pi * 123.0 * torch.arange(800) / 8000.0) + 0.1 * torch.randn(800)
nfft = 2048
spec = torch.fft.rfft(tone - tone.mean(), n=nfft)
ac = torch.fft.irfft(spec.abs().pow(2), n=nfft)[:800]
ac = ac / ac[0]
lag = ac[20:200].argmax() + 20
print("autocorr lag", lag.item(), "pitch Hz", f"{8000.0 / lag.item():.4f}", fmt(ac[:4], 6))
direct = torch.stack([(tone - tone.mean())[:800 - k] @ (tone - tone.mean())[k:]
                      for k in range(4)])
print("direct matches", torch.allclose(direct / direct[0], ac[:4]))

# --- phase vocoder time-stretch ----------------------------------------------------------------
n_fft, hop = 256, 64
window = torch.hann_window(n_fft)
Sv = torch.stft(sig, n_fft, hop_length=hop, window=window, return_complex=True)
rate = 1.25
steps = torch.arange(0, Sv.shape[-1] - 1, rate)
phase_advance = torch.linspace(0, math.pi * hop, Sv.shape[0]).unsqueeze(-1)
idx = steps.floor().long()
alpha = (steps - idx).unsqueeze(0)
S0, S1 = Sv[:, idx], Sv[:, idx + 1]
mag = (1 - alpha) * S0.abs() + alpha * S1.abs()
dphi = torch.angle(S1) - torch.angle(S0) - phase_advance
dphi = dphi - 2 * math.pi * torch.round(dphi / (2 * math.pi))
phase = torch.cat([torch.angle(Sv[:, :1]), (dphi + phase_advance)[:, :-1]], -1).cumsum(-1)
stretched = torch.polar(mag, phase)
yv = torch.istft(stretched, n_fft, hop_length=hop, window=window)
print("vocoder", tuple(Sv.shape), tuple(stretched.shape), stretched.dtype, tuple(yv.shape))
print("vocoder energy", fmt(yv.pow(2).mean(), 6), "orig", fmt(sig.pow(2).mean(), 6))
print("polar", torch.polar(torch.tensor([1.0, 2.0]), torch.tensor([0.0, math.pi / 2])))
print("angle of reals", torch.angle(torch.tensor([-2.0, 0.0, 3.0, -0.0])))
