import torch  # noqa: I001 (the harness requires torch first)

# Sensor-array signal processing as a radar or sonar engineer writes it, in complex128 and
# float64: narrowband snapshots of two sources on a uniform linear array, the spatial covariance
# by torch.cov of complex data (Hermitian) and corrcoef, direction finding by the Bartlett and
# MUSIC spectra (eigh of the covariance, noise subspace, peaks by topk), phase wrapping with
# remainder/fmod (signed zeros included), a rank-truncated least-squares deconvolution with
# lstsq(rcond=) for each SVD driver, and a weighted histogram of estimated angles.
import math

torch.set_default_dtype(torch.float64)
torch.manual_seed(2019)
torch.set_printoptions(precision=5)

# --- snapshots on an 8-element half-wavelength array
M, T = 8, 200
angles_true = torch.tensor([-20.0, 35.0])
positions = torch.arange(M, dtype=torch.float64)


def steering(theta_deg):
    phase = math.pi * positions[:, None] * torch.sin(torch.deg2rad(theta_deg))[None, :]
    return torch.polar(torch.ones_like(phase), phase)


A = steering(angles_true)
signals = torch.randn(2, T, dtype=torch.complex128) * torch.tensor([[1.0], [0.7]])
noise = 0.3 * torch.randn(M, T, dtype=torch.complex128)
X = A @ signals + noise
print("snapshots", X.shape, X.dtype, "steering", A.dtype)
R = torch.cov(X, correction=0)
R_manual = (X - X.mean(1, keepdim=True)) @ (X - X.mean(1, keepdim=True)).mH / T
print("cov Hermitian", torch.allclose(R, R.mH), "matches outer products",
      torch.allclose(R, R_manual))
print("cov diagonal real", R.diagonal().real, R.diagonal().imag.abs().max() < 1e-12)
# (the diagonal's imaginary parts are zero up to how the BLAS rounds: off-diagonal entries only)
print("cov row 0", R[0, 1:4])
C = torch.corrcoef(X)
print("corrcoef unit diagonal", torch.allclose(C.diagonal(), torch.ones(M, dtype=C.dtype)),
      "bounded", bool((C.real.abs() <= 1).all() & (C.imag.abs() <= 1).all()))
fw = torch.randint(1, 4, (T,))
Rw = torch.cov(X, fweights=fw)
print("weighted cov Hermitian", torch.allclose(Rw, Rw.mH), "row 1", Rw[1, 2:5])
Ra = torch.cov(X, aweights=torch.linspace(0.5, 1.5, T), correction=0)
print("aweights cov trace", Ra.diagonal().sum().real)

# --- spectra
grid = torch.linspace(-90, 90, 361)
Sg = steering(grid)
bartlett = (Sg.conj() * (R @ Sg)).sum(0).real / M
w, V = torch.linalg.eigh(R)
print("eigenvalues", w)
En = V[:, : M - 2]
music = 1 / (En.mH @ Sg).abs().pow(2).sum(0)


def peaks(spectrum, k=2):
    inner = (spectrum[1:-1] > spectrum[:-2]) & (spectrum[1:-1] > spectrum[2:])
    candidates = torch.where(inner, spectrum[1:-1], torch.zeros_like(spectrum[1:-1]))
    values, idx = torch.topk(candidates, k)
    return grid[1:-1][idx].sort().values, values


print("bartlett peaks", peaks(bartlett)[0])
music_angles, music_values = peaks(music)
print("music peaks", music_angles, "error", (music_angles - angles_true).abs().max())
print("music dB range", 10 * torch.log10(music.max() / music.min()))

# --- phase wrapping: remainder keeps the dividend's sign on zeros, fmod the dividend's sign
phase = torch.tensor([-3 * math.pi, -math.pi, -0.0, 0.0, math.pi, 2 * math.pi, 7.0, -7.0])
wrapped = torch.remainder(phase + math.pi, 2 * math.pi) - math.pi
print("wrapped", wrapped)
print("remainder", torch.remainder(phase, 2 * math.pi),
      torch.signbit(torch.remainder(phase, math.pi)))
print("fmod", torch.fmod(phase, 2 * math.pi), torch.signbit(torch.fmod(phase, math.pi)))
print("% scalar", phase % -math.pi, torch.signbit(torch.tensor([-4.0, 4.0, -0.0]) % 2.0))
unwrapped = torch.cumsum(torch.cat([torch.angle(X[:1, :1]).flatten(), torch.remainder(
    torch.diff(torch.angle(X[0, :12])) + math.pi, 2 * math.pi) - math.pi]), 0)
print("unwrapped", unwrapped)

# --- rank-truncated least squares: a blurred pulse deconvolved
n = 12
kernel = torch.tensor([0.25, 0.5, 0.25])
H = torch.zeros(n + 2, n)
for i in range(n):
    H[i : i + 3, i] = kernel
H = H + 1e-4 * torch.eye(n + 2, n)
pulse = torch.zeros(n)
pulse[4:7] = torch.tensor([1.0, 2.0, 1.0])
y = H @ pulse + 0.01 * torch.randn(n + 2)
print("singular values", torch.linalg.svdvals(H))
for driver in ("gelsd", "gelss"):
    for rcond in (None, 1e-3, 0.05, 0.3):
        out = torch.linalg.lstsq(H, y.unsqueeze(1), rcond=rcond, driver=driver)
        err = (out.solution.squeeze(1) - pulse).norm()
        print(f"{driver} rcond {rcond} rank {out.rank.item()} error {err.item():.5f}",
              "residuals", out.residuals.shape)
print("gelsd rcond 2 == machine precision rank", torch.linalg.lstsq(H, y.unsqueeze(1), rcond=2.0,
                                                                   driver="gelsd").rank)
print("gelss rcond 2", torch.linalg.lstsq(H, y.unsqueeze(1), rcond=2.0, driver="gelss").rank)

# --- weighted histograms of the angle estimates from bootstrap resamples
gen = torch.Generator().manual_seed(3)
estimates = []
for b in range(40):
    cols = torch.randint(0, T, (T,), generator=gen)
    Rb = torch.cov(X[:, cols], correction=0)
    Vb = torch.linalg.eigh(Rb).eigenvectors[:, : M - 2]
    estimates.append(peaks(1 / (Vb.mH @ Sg).abs().pow(2).sum(0))[0])
estimates = torch.stack(estimates)
print("bootstrap spread", estimates.std(0), "median", estimates.median(0).values)
weights = torch.linspace(0.5, 1.0, 40)
hist, edges = torch.histogram(estimates[:, 1].contiguous(), bins=4, weight=weights)
print("weighted histogram", hist, edges)
print("empty histogram edges", torch.histogram(torch.tensor([]), bins=2).bin_edges)
print("isclose with infinite tolerance", torch.isclose(
    torch.tensor([1.0, float("inf"), 0.0]), torch.tensor([1e9, 1e9, 5.0]), rtol=float("inf")))
