import torch
import math

# Special functions in physics and numerics: Bessel-function roots by Newton's method, a
# Fourier-Bessel series for heat flow in a cylinder, custom autograd Functions that give
# torch.special's Bessel functions their derivatives (J0' = -J1, K0' = -K1, I0' = I1) for
# fitting, Gauss quadrature rules from the Golub-Welsch eigenproblem checked against the
# orthogonal polynomials in torch.special, Chebyshev interpolation, and gradients of entr,
# sinc, logit(eps=) and multigammaln.
torch.set_printoptions(precision=6, sci_mode=False)
dt = torch.float64
S = torch.special

print("== zeros of J0 by Newton (J0' = -J1) ==")
z = torch.tensor([2.4, 5.5, 8.6, 11.8, 14.9], dtype=dt)
for it in range(5):
    z = z + S.bessel_j0(z) / S.bessel_j1(z)
print(z, S.bessel_j0(z).abs().max().item() < 1e-12)
print("McMahon", (torch.arange(1, 6, dtype=dt) - 0.25) * math.pi)
print(S.bessel_y0(z), S.bessel_y1(z))

print("== heat flow in a cylinder (Fourier-Bessel series) ==")
r = torch.linspace(0, 1, 6, dtype=dt)
# initial temperature 1 inside, 0 on the wall: coefficients 2 / (z J1(z))
coef = 2 / (z * S.bessel_j1(z))
for t in (0.01, 0.05, 0.2):
    u = (coef * torch.exp(-(z**2) * t) * S.bessel_j0(r.unsqueeze(-1) * z)).sum(-1)
    print(t, u)

print("== Bessel functions with derivatives for fitting ==")


class J0(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return S.bessel_j0(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return -grad * S.bessel_j1(x)


class K0(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return S.modified_bessel_k0(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return -grad * S.modified_bessel_k1(x)


class I0(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return S.modified_bessel_i0(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * S.modified_bessel_i1(x)


for fn in (J0, K0, I0):
    probe = torch.tensor([0.3, 1.2, 3.7], dtype=dt, requires_grad=True)
    print(fn.__name__, torch.autograd.gradcheck(fn.apply, (probe,)), fn.apply(probe))
# fit the width of a Bessel beam J0(k r)^2 and a screened potential K0(r / lam)
radius = torch.linspace(0.05, 3, 40, dtype=dt)
beam = S.bessel_j0(2.2 * radius) ** 2
k = torch.tensor(1.8, dtype=dt, requires_grad=True)
lam = torch.tensor(0.5, dtype=dt, requires_grad=True)
pot = S.modified_bessel_k0(radius / 1.3)
opt = torch.optim.LBFGS(
    [k, lam],
    lr=0.5,
    max_iter=60,
    tolerance_grad=1e-12,
    tolerance_change=1e-14,
    line_search_fn="strong_wolfe",
)


def closure():
    opt.zero_grad()
    loss = (J0.apply(k * radius) ** 2 - beam).pow(2).mean() + (K0.apply(radius / lam) - pot).pow(
        2
    ).mean()
    loss.backward()
    return loss


opt.step(closure)
loss = closure()
print("fit", round(k.item(), 4), round(lam.item(), 4), loss.item() < 1e-12)
print(S.scaled_modified_bessel_k0(radius[:3]), S.scaled_modified_bessel_k1(radius[:3]))
print(
    torch.allclose(S.scaled_modified_bessel_k1(radius), S.modified_bessel_k1(radius) * radius.exp())
)
print(
    S.i0e(radius[:3]),
    S.i1e(radius[:3]),
    S.spherical_bessel_j0(torch.tensor([0.0, 1e-9, 1.0, 10.0], dtype=dt)),
)
print(S.airy_ai(torch.tensor([-5.0, -1.0, 0.0, 1.0, 5.0], dtype=dt)))

print("== Gauss quadrature by Golub-Welsch ==")
n = 6
k1 = torch.arange(1, n, dtype=dt)
rules = {
    "legendre": (torch.zeros(n, dtype=dt), k1 / torch.sqrt(4 * k1**2 - 1), 2.0),
    "hermite": (torch.zeros(n, dtype=dt), torch.sqrt(k1 / 2), math.sqrt(math.pi)),
    "laguerre": (2 * torch.arange(n, dtype=dt) + 1, k1, 1.0),
}
for name, (diag, off, mu0) in rules.items():
    J = torch.diag(diag) + torch.diag(off, 1) + torch.diag(off, -1)
    nodes, vecs = torch.linalg.eigh(J)
    weights = mu0 * vecs[0] ** 2
    poly = {
        "legendre": S.legendre_polynomial_p,
        "hermite": S.hermite_polynomial_h,
        "laguerre": S.laguerre_polynomial_l,
    }[name]
    print(name, nodes, weights)
    print("   nodes are roots of P_n:", poly(nodes, n).abs().max().item() < 1e-8)
    # orthogonality: sum w P_i P_j is diagonal
    P = torch.stack([poly(nodes, i) for i in range(n)])
    gram = (P * weights) @ P.T
    print(
        "   gram diagonal",
        gram.diagonal(),
        (gram - torch.diag(gram.diagonal())).abs().max().item() < 1e-9,
    )
print(
    "int_-1^1 cos",
    (
        torch.cos(
            torch.linalg.eigh(
                torch.diag(rules["legendre"][1], 1) + torch.diag(rules["legendre"][1], -1)
            )[0]
        )
        * 2
        * torch.linalg.eigh(
            torch.diag(rules["legendre"][1], 1) + torch.diag(rules["legendre"][1], -1)
        )[1][0]
        ** 2
    ).sum(),
)
print(
    S.hermite_polynomial_he(torch.tensor([0.5, 2.0], dtype=dt), 4),
    S.hermite_polynomial_h(torch.tensor([0.5, 2.0], dtype=dt), torch.tensor([3, 5])),
)

print("== Chebyshev interpolation ==")
m = 16
nodes = torch.cos(math.pi * (torch.arange(m, dtype=dt) + 0.5) / m)
f = torch.exp(nodes) * torch.sin(3 * nodes)
T = torch.stack([S.chebyshev_polynomial_t(nodes, j) for j in range(m)])
c = 2 * (T @ f) / m
c[0] /= 2
xe = torch.linspace(-1, 1, 7, dtype=dt)
approx = (c.unsqueeze(-1) * torch.stack([S.chebyshev_polynomial_t(xe, j) for j in range(m)])).sum(0)
print(c[:6], (approx - torch.exp(xe) * torch.sin(3 * xe)).abs().max().item() < 1e-9)
print(
    S.chebyshev_polynomial_u(xe, 3),
    S.chebyshev_polynomial_v(xe, 3),
    S.chebyshev_polynomial_w(xe, 3),
)
u01 = (xe + 1) / 2
print(
    torch.allclose(S.shifted_chebyshev_polynomial_t(u01, 5), S.chebyshev_polynomial_t(xe, 5)),
    S.shifted_chebyshev_polynomial_u(u01, 4),
    S.chebyshev_polynomial_t(torch.tensor([1.5, -2.0], dtype=dt), 7),
)

print("== information and likelihood helpers ==")
p = torch.tensor([0.0, 0.1, 0.2, 0.7], dtype=dt, requires_grad=True)
H = S.entr(p).sum()
H.backward()
print(H, p.grad)
xs = torch.tensor([0.0, 0.25, 1.0, 2.5], dtype=dt, requires_grad=True)
S.sinc(xs).sum().backward()
print(S.sinc(xs), xs.grad)
pr = torch.tensor([0.0, 1e-7, 0.5, 1.0], dtype=dt, requires_grad=True)
lg = S.logit(pr, eps=0.01)
lg.sum().backward()
print(lg, pr.grad, S.logit(torch.tensor([0.0, 0.5, 1.0], dtype=dt)))
a = torch.tensor([2.5, 4.0], dtype=dt, requires_grad=True)
mg = S.multigammaln(a, 3)
mg.sum().backward()
print(mg, a.grad, torch.mvlgamma(torch.tensor([2.5, 4.0], dtype=dt), p=2))
print(
    torch.autograd.gradcheck(
        lambda t: S.multigammaln(t, 2), (torch.tensor([1.7, 3.2], dtype=dt, requires_grad=True),)
    )
)
print(
    S.xlog1py(torch.tensor([0.0, 2.0], dtype=dt), torch.tensor([-1.0, 3.0], dtype=dt)),
    S.xlogy(torch.tensor([0.0, 2.0]), torch.tensor([0.0, 3.0])),
)
