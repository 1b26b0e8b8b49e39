import torch
import math

# Spectral estimation: the torch.signal.windows family, a Welch power spectral density, a
# spectrogram with STFT variants (center=False, two-sided, complex input, normalized) and its
# inverse, Hermitian FFTs (hfft/ihfft), n-dimensional FFTs with s= and norm=, the
# convolution theorem, and autocorrelation by Wiener-Khinchin.
torch.manual_seed(0)
torch.set_printoptions(precision=5, sci_mode=False)
dt = torch.float64
W = torch.signal.windows

print("== windows ==")
for name, kw in [
    ("bartlett", {}),
    ("blackman", {}),
    ("cosine", {}),
    ("exponential", {"tau": 2.0}),
    ("gaussian", {"std": 1.5}),
    ("general_cosine", {"a": [0.5, 0.3, 0.2]}),
    ("general_hamming", {"alpha": 0.6}),
    ("hamming", {}),
    ("hann", {}),
    ("kaiser", {"beta": 8.0}),
    ("nuttall", {}),
]:
    sym = getattr(W, name)(7, dtype=dt, **kw)
    periodic = getattr(W, name)(8, sym=False, dtype=dt, **kw)
    # coherent gain and equivalent noise bandwidth of each window
    enbw = 8 * periodic.pow(2).sum() / periodic.sum() ** 2
    print(f"{name:16s}", sym, f"gain {periodic.mean().item():.6f} enbw {enbw.item():.6f}")
print(W.exponential(6, center=1.0, tau=1.5, sym=False), W.hann(1), W.hann(0), W.kaiser(5, beta=0.0))
print(
    torch.allclose(W.hann(16, sym=False, dtype=dt), torch.hann_window(16, dtype=dt)),
    torch.allclose(
        W.kaiser(9, beta=6.0, dtype=dt), torch.kaiser_window(9, periodic=False, beta=6.0, dtype=dt)
    ),
)

print("== Welch PSD ==")
fs = 100.0
t = torch.arange(1024, dtype=dt) / fs
x = (
    torch.sin(2 * math.pi * 12.5 * t)
    + 0.4 * torch.sin(2 * math.pi * 31.25 * t)
    + 0.5 * torch.randn(1024, dtype=dt)
)
nper, hop = 128, 64
win = torch.hann_window(nper, periodic=True, dtype=dt)
segs = x.unfold(0, nper, hop)
segs = segs - segs.mean(-1, keepdim=True)
P = torch.fft.rfft(segs * win, dim=-1).abs().pow(2).mean(0) / (fs * win.pow(2).sum())
P[1:-1] *= 2
f = torch.fft.rfftfreq(nper, 1 / fs)
peaks = torch.topk(P, 2).indices.sort().values
print(segs.shape, f[peaks], P[peaks])
power = P.sum() * (f[1] - f[0])
print("total power", round(power.item(), 6), "signal variance", round(x.var().item(), 6))

print("== spectrogram ==")
S = torch.stft(
    x,
    n_fft=64,
    hop_length=16,
    window=torch.hann_window(64, dtype=dt),
    center=False,
    return_complex=True,
)
print(S.shape, S.dtype, S.abs().sum(), S[8, :3])
S2 = torch.stft(
    x,
    n_fft=64,
    hop_length=16,
    win_length=48,
    window=torch.hann_window(48, dtype=dt),
    center=True,
    pad_mode="constant",
    onesided=False,
    return_complex=True,
    normalized=True,
)
print(S2.shape, S2.abs().sum(), torch.allclose(S2[1:32], S2.flip(0)[:31].conj()))
xc = torch.randn(200, dtype=torch.complex128)
S3 = torch.stft(xc, 32, return_complex=True, window=torch.hamming_window(32, dtype=dt))
print(S3.shape, S3[0, :2])
spec = torch.stft(x, 64, 16, window=torch.hann_window(64, dtype=dt), return_complex=True)
back = torch.istft(spec, 64, 16, window=torch.hann_window(64, dtype=dt), length=1024)
print("istft roundtrip", torch.allclose(back, x), spec.abs().pow(2).argmax(0)[:8])
xr = torch.randn(2, 300, dtype=dt)
print(
    torch.stft(
        xr, 50, hop_length=25, window=torch.hann_window(50, dtype=dt), return_complex=True
    ).shape
)

print("== Hermitian FFTs ==")
a = torch.randn(9, dtype=dt)
h = torch.fft.ihfft(a)
print(h, torch.allclose(torch.fft.hfft(h, n=9), a))
print(torch.fft.hfft(h, n=9, norm="ortho"), torch.fft.ihfft(a, norm="forward"))
b = torch.randn(4, 6, dtype=dt)
print(torch.fft.ihfft2(b).shape, torch.allclose(torch.fft.hfft2(torch.fft.ihfft2(b), s=(4, 6)), b))
print(torch.fft.ihfftn(torch.randn(3, 4, 5, dtype=dt), dim=(0, 2)).shape)

print("== n-dimensional FFTs ==")
X = torch.randn(4, 5, 6, dtype=dt)
for norm in ("backward", "ortho", "forward"):
    Fx = torch.fft.fftn(X, s=(6, 4), dim=(0, 2), norm=norm)
    print(
        norm,
        Fx.shape,
        Fx.abs().sum(),
        torch.fft.ifftn(Fx, s=(4, 6), dim=(0, 2), norm=norm).real[:2, 0, :2],
    )
R = torch.fft.rfftn(X, s=(3, 8))
print(R.shape, torch.allclose(torch.fft.irfftn(torch.fft.rfftn(X), s=X.shape), X))
print(torch.fft.fft2(X[0], norm="ortho").abs().pow(2).sum() - X[0].pow(2).sum() < 1e-10)

print("== convolution theorem ==")
u = torch.randn(20, dtype=dt)
v = torch.randn(7, dtype=dt)
n = 26
conv_fft = torch.fft.irfft(torch.fft.rfft(u, n) * torch.fft.rfft(v, n), n)
conv_direct = torch.nn.functional.conv1d(
    u.view(1, 1, -1), v.flip(0).view(1, 1, -1), padding=6
).flatten()
print(torch.allclose(conv_fft, conv_direct), conv_fft[:5])
img = torch.randn(8, 8, dtype=dt)
ker = torch.zeros(8, 8, dtype=dt)
ker[:3, :3] = torch.tensor([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]], dtype=dt)
circ = torch.fft.ifft2(torch.fft.fft2(img) * torch.fft.fft2(ker)).real
direct = sum(ker[i, j] * torch.roll(img, (i, j), (0, 1)) for i in range(3) for j in range(3))
print(torch.allclose(circ, direct))

print("== autocorrelation ==")
xz = x - x.mean()
r = torch.fft.irfft(torch.fft.rfft(xz, 2048).abs() ** 2, 2048)[:12] / 1024
print(r / r[0])
direct_r = torch.stack([(xz[: 1024 - k] * xz[k:]).sum() for k in range(12)]) / 1024
print(torch.allclose(r, direct_r))
print(torch.fft.fftshift(torch.fft.fftfreq(8, 0.5)), torch.fft.ifftshift(torch.arange(7)))

print("== gradients through spectra ==")
sig = torch.randn(64, dtype=dt, requires_grad=True)
band = torch.stft(
    sig, 16, 4, window=torch.hann_window(16, dtype=dt), center=False, return_complex=True
)
energy = band[2:5].abs().pow(2).sum()
energy.backward()
print(round(energy.item(), 8), sig.grad[:6])
z = torch.randn(8, dtype=torch.complex128, requires_grad=True)
(torch.fft.fft(z).abs().pow(2).sum() + torch.fft.ihfft(z.real).abs().sum()).backward()
print(z.grad)
print(
    torch.autograd.gradcheck(
        lambda q: torch.fft.hfft(q, n=10),
        (torch.randn(6, dtype=torch.complex128, requires_grad=True),),
    )
)
print(
    torch.autograd.gradcheck(
        lambda q: torch.fft.fftn(q, s=(5, 3), norm="ortho"),
        (torch.randn(4, 4, dtype=torch.complex128, requires_grad=True),),
    )
)
