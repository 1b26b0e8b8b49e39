import torch  # noqa: I001 (the harness requires torch first)

# Ordinary differential equations as a numerical analyst writes them in float64: the
# Dormand-Prince 5(4) embedded pair with an adaptive step-size controller, differentiated by
# autograd straight through the solver (parameter sensitivities of Lotka-Volterra compared to
# finite differences), and the shooting method for a boundary-value problem (Bratu's equation
# and the quantum harmonic oscillator's ground-state energy) with Newton on the shooting
# parameter, its derivative from autograd.
import math

torch.set_default_dtype(torch.float64)

# Dormand-Prince tableau
C = torch.tensor([0.0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1.0, 1.0])
A = [
    [],
    [1 / 5],
    [3 / 40, 9 / 40],
    [44 / 45, -56 / 15, 32 / 9],
    [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
    [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
    [35 / 384, 0.0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
]
B5 = torch.tensor([35 / 384, 0.0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0.0])
B4 = torch.tensor([5179 / 57600, 0.0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100,
                   1 / 40])
print("tableau consistency", torch.allclose(B5.sum(), torch.tensor(1.0)),
      [round(sum(row) - c, 15) for row, c in zip(A[1:], C[1:].tolist())])


def dopri5(f, t0, y0, t1, rtol=1e-8, atol=1e-10, h=0.05, max_steps=400):
    t, y = t0, y0
    n_acc = n_rej = 0
    for _ in range(max_steps):
        if t >= t1:
            break
        h = min(h, t1 - t)
        k = [f(t, y)]
        for i in range(1, 7):
            yi = y + h * sum(a * kj for a, kj in zip(A[i], k))
            k.append(f(t + C[i].item() * h, yi))
        K = torch.stack(k)
        y5 = y + h * torch.einsum("s,s...->...", B5, K)
        y4 = y + h * torch.einsum("s,s...->...", B4, K)
        scale = atol + rtol * torch.maximum(y.detach().abs(), y5.detach().abs())
        err = torch.sqrt(torch.mean(((y5 - y4).detach() / scale) ** 2)).item()
        if err <= 1.0:
            t, y = t + h, y5
            n_acc += 1
        else:
            n_rej += 1
        h = h * min(5.0, max(0.2, 0.9 * (err + 1e-16) ** -0.2))
    return y, n_acc, n_rej


# exponential decay: exact answer and the controller's step counts for several tolerances
for rtol in (1e-4, 1e-6, 1e-8):
    yT, na, nr = dopri5(lambda t, y: -2.0 * y, 0.0, torch.tensor([1.0]), 1.0, rtol=rtol,
                        atol=rtol * 1e-2)
    print(f"rtol {rtol:.0e} steps {na} rejected {nr} error {abs(yT.item() - math.exp(-2)):.3e}")

# Lotka-Volterra with gradients of the final state through every accepted step
theta = torch.tensor([1.1, 0.4, 0.4, 0.1], requires_grad=True)


def lotka(t, y):
    a, b, c, d = theta
    prey, pred = y[0], y[1]
    return torch.stack([a * prey - b * prey * pred, d * prey * pred - c * pred])


y0 = torch.tensor([10.0, 5.0])
yT, na, nr = dopri5(lotka, 0.0, y0, 2.0, rtol=1e-7, atol=1e-9)
print("LV y(2)", f"{yT[0].item():.8f} {yT[1].item():.8f}", "steps", na, nr)
loss = yT.pow(2).sum()
(g,) = torch.autograd.grad(loss, theta)
print("d loss / d theta", " ".join(f"{v:.6f}" for v in g.tolist()))
fd = []
for i in (0, 3):
    with torch.no_grad():
        hi, lo = theta.clone(), theta.clone()
        hi[i] += 1e-6
        lo[i] -= 1e-6
        vals = []
        for p in (hi, lo):
            theta_saved = theta.data.clone()
            theta.data.copy_(p)
            vals.append(dopri5(lotka, 0.0, y0, 2.0, rtol=1e-7, atol=1e-9)[0].pow(2).sum())
            theta.data.copy_(theta_saved)
        fd.append(((vals[0] - vals[1]) / 2e-6).item())
rel = (g[[0, 3]] - torch.tensor(fd)).abs().max() / g.abs().max()
print("finite differences agree", bool(rel < 1e-4))

# conserved quantity of Lotka-Volterra: V = d x - c ln x + b y - a ln y
with torch.no_grad():
    a, b, c, d = theta
    V = lambda y: d * y[0] - c * torch.log(y[0]) + b * y[1] - a * torch.log(y[1])  # noqa: E731
    print("invariant drift below 1e-5", (V(yT) - V(y0)).abs().item() < 1e-5)

# shooting for Bratu: u'' + lam e^u = 0, u(0) = u(1) = 0, unknown slope s = u'(0)
lam = 1.0


def bratu(t, y):
    return torch.stack([y[1], -lam * torch.exp(y[0])])


for guess in (0.5, 12.0):
    s = torch.tensor(guess, requires_grad=True)
    for it in range(8):
        end, _, _ = dopri5(bratu, 0.0, torch.stack([torch.tensor(0.0), s]), 1.0, rtol=1e-8,
                           atol=1e-10)
        residual = end[0]
        (dres,) = torch.autograd.grad(residual, s)
        with torch.no_grad():
            s -= residual / dres
        if abs(residual.item()) < 1e-9:
            break
    print(f"bratu from slope {guess}: u'(0) = {s.item():.8f} after {it + 1} Newton steps")
print("  (the two solution branches of Bratu's problem for lambda = 1)")

# shooting for the harmonic oscillator ground state: psi'' = (x^2 - 2E) psi on [-5, 0],
# even solution needs psi'(0) = 0; Newton on E with autograd through the solver
E = torch.tensor(0.45, requires_grad=True)
x0 = -5.0


def schrodinger(t, y):
    return torch.stack([y[1], (t * t - 2 * E) * y[0]])


for it in range(4):
    start = torch.tensor([math.exp(-x0 * x0 / 2), -x0 * math.exp(-x0 * x0 / 2)])
    end, na, _ = dopri5(schrodinger, x0, start, 0.0, rtol=1e-8, atol=1e-12)
    slope = end[1] / end[0]
    (dslope,) = torch.autograd.grad(slope, E)
    with torch.no_grad():
        E -= slope / dslope
    if it < 3:
        print(f"E iteration {it}: {E.item():.10f} slope {slope.item():.3e}")
print("ground state 1/2 to 1e-9", abs(E.item() - 0.5) < 1e-9)
