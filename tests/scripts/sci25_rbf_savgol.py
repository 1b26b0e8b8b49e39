import torch
import torch.nn.functional as F

# Scattered-data interpolation and smoothing as an experimental scientist writes them in
# float64: radial basis function interpolation of a 2-D field (Gaussian, multiquadric and
# inverse-multiquadric kernels from torch.cdist, thin-plate splines augmented with a linear
# polynomial and solved as a saddle-point system), the kernel matrices' conditioning
# (linalg.cond, eigvalsh), shape-parameter selection by Rippa's leave-one-out formula with the
# inverse from linalg.inv, the RBF interpolant's gradient by autograd against finite
# differences; then Savitzky-Golay smoothing and differentiating filters built from the
# pseudo-inverse of a Vandermonde matrix (torch.vander, linalg.pinv), applied with conv1d under
# each of F.pad's reflect / replicate / circular modes to a noisy signal from a seeded Generator,
# their frequency responses by rfft, and the derivative estimate's error against the exact one.
torch.set_printoptions(precision=6, sci_mode=False)
dt = torch.float64
g = torch.Generator().manual_seed(5)


def franke(p):
    x, y = 9 * p[..., 0], 9 * p[..., 1]
    return (0.75 * torch.exp(-((x - 2) ** 2 + (y - 2) ** 2) / 4)
            + 0.75 * torch.exp(-((x + 1) ** 2) / 49 - (y + 1) / 10)
            + 0.5 * torch.exp(-((x - 7) ** 2 + (y - 3) ** 2) / 4)
            - 0.2 * torch.exp(-((x - 4) ** 2) - (y - 7) ** 2))


centres = torch.rand(60, 2, dtype=dt, generator=g)
values = franke(centres)
test = torch.rand(200, 2, dtype=dt, generator=g)
truth = franke(test)

kernels = {
    "gaussian": lambda r, eps: torch.exp(-(eps * r) ** 2),
    "multiquadric": lambda r, eps: torch.sqrt(1 + (eps * r) ** 2),
    "inverse mq": lambda r, eps: 1 / torch.sqrt(1 + (eps * r) ** 2),
}

print("== RBF interpolation of Franke's function (60 centres, 200 test points) ==")
R = torch.cdist(centres, centres)
Rt = torch.cdist(test, centres)
print("cdist symmetric:", torch.allclose(R, R.T), " diagonal below 1e-7:",
      R.diagonal().abs().max().item() < 1e-7)
print("cdist p=1 vs manual:", torch.allclose(torch.cdist(centres, test, p=1),
                                             (centres[:, None] - test[None]).abs().sum(-1)))
for name, phi in kernels.items():
    for eps in (3.0, 6.0):
        A = phi(R, eps)
        w = torch.linalg.solve(A, values)
        pred = phi(Rt, eps) @ w
        err = (pred - truth).abs().max().item()
        cond = torch.linalg.cond(A).item()
        print(f"{name:12s} eps={eps}: max error {err:.4f}  log10 cond {torch.log10(torch.tensor(cond)).item():.1f}")

print("\n== thin-plate spline with a linear tail ==")


def tps(r):
    return torch.special.xlogy(r**2, r)


P = torch.cat([torch.ones(60, 1, dtype=dt), centres], 1)
A = torch.cat([torch.cat([tps(R), P], 1),
               torch.cat([P.T, torch.zeros(3, 3, dtype=dt)], 1)])
sol = torch.linalg.solve(A, torch.cat([values, torch.zeros(3, dtype=dt)]))
w, c = sol[:60], sol[60:]
pred = tps(Rt) @ w + torch.cat([torch.ones(200, 1, dtype=dt), test], 1) @ c
print(f"max error {(pred - truth).abs().max().item():.4f}  moment conditions P^T w ~ 0: "
      f"{(P.T @ w).abs().max().item() < 1e-10}")
ev = torch.linalg.eigvalsh(A)
print("saddle-point matrix has negative and positive eigenvalues:",
      (ev < 0).sum().item(), (ev > 0).sum().item())
print("exact at the centres:", torch.allclose(tps(R) @ w + P @ c, values, atol=1e-10))

print("\n== Rippa's leave-one-out shape parameter (Gaussian) ==")
best = None
for eps in torch.linspace(3.0, 8.0, 6, dtype=dt).tolist():
    Ainv = torch.linalg.inv(kernels["gaussian"](R, eps))
    loo = (Ainv @ values) / Ainv.diagonal()
    score = loo.abs().max().item()
    print(f"eps={eps:.1f}: max leave-one-out error {score:.4f}")
    if best is None or score < best[1]:
        best = (eps, score)
print(f"chosen eps = {best[0]:.1f}")

print("\n== gradient of the interpolant by autograd ==")
eps = best[0]
w = torch.linalg.solve(kernels["gaussian"](R, eps), values)
q = torch.tensor([[0.3, 0.6], [0.7, 0.2]], dtype=dt, requires_grad=True)


def interp(points):
    diff = points[:, None, :] - centres[None]
    r2 = (diff**2).sum(-1)
    return torch.exp(-(eps**2) * r2) @ w


(grad_q,) = torch.autograd.grad(interp(q).sum(), q)
print("autograd gradient:", grad_q)
h = 1e-6
fd = torch.stack([(interp(q.detach() + h * e) - interp(q.detach() - h * e)) / (2 * h)
                  for e in torch.eye(2, dtype=dt)], 1)
print("central differences agree to 1e-7:", torch.allclose(grad_q, fd, atol=1e-7))
qq = q.detach().requires_grad_(True)
(gf,) = torch.autograd.grad(franke(qq).sum(), qq)
print("true gradient of the field:", gf)

print("\n== Savitzky-Golay filters ==")


def savgol(window, order, deriv=0, delta=1.0):
    half = window // 2
    k = torch.arange(-half, half + 1, dtype=dt)
    V = torch.vander(k, N=order + 1, increasing=True)
    coeffs = torch.linalg.pinv(V)[deriv]
    fact = torch.exp(torch.lgamma(torch.tensor(deriv + 1.0, dtype=dt)))
    return coeffs * fact / delta**deriv


c5 = savgol(7, 2)
print("window 7, order 2:", c5 * 21)
print("sums to one:", round(c5.sum().item(), 12), " symmetric:", torch.allclose(c5, c5.flip(0)))
d1 = savgol(7, 2, deriv=1)
print("first derivative, window 7:", (d1 * 28).round(decimals=9) + 0.0)  # no -0 from pinv

n = 256
t = torch.linspace(0, 1, n, dtype=dt)
dx = (t[1] - t[0]).item()
clean = torch.sin(2 * torch.pi * 3 * t) + 0.5 * torch.cos(2 * torch.pi * 7 * t)
dclean = 2 * torch.pi * (3 * torch.cos(2 * torch.pi * 3 * t) - 3.5 * torch.sin(2 * torch.pi * 7 * t))
noisy = clean + 0.05 * torch.randn(n, dtype=dt, generator=g)
print(f"noise rms {(noisy - clean).pow(2).mean().sqrt().item():.5f}")
for window, order in ((11, 2), (21, 3), (31, 4)):
    kern = savgol(window, order).view(1, 1, -1)  # conv1d correlates: no flip
    kern_d = savgol(window, order, deriv=1, delta=dx).view(1, 1, -1)
    for mode in ("reflect", "replicate", "circular"):
        padded = F.pad(noisy.view(1, 1, -1), (window // 2, window // 2), mode=mode)
        smooth = F.conv1d(padded, kern).view(-1)
        deriv = F.conv1d(padded, kern_d).view(-1)
        inner = slice(window, n - window)
        print(f"w={window} p={order} {mode:9s}: rms error {(smooth - clean).pow(2).mean().sqrt().item():.5f}"
              f"  edge error {(smooth - clean)[:3].abs().max().item():.4f}"
              f"  derivative rms (interior) {(deriv - dclean)[inner].pow(2).mean().sqrt().item():.4f}")

print("\n== frequency response ==")
for window, order in ((11, 2), (21, 3)):
    resp = torch.fft.rfft(savgol(window, order), n=64).abs()
    print(f"w={window} p={order}: |H| at bins 0, 4, 8, 16, 32:",
          [f"{resp[i].item():.4f}" for i in (0, 4, 8, 16, 32)])
