import torch
import math

# Complex-valued autograd (Wirtinger calculus, the conjugate convention torch uses):
# gradients of abs, angle, sgn, polar and FFTs checked against hand-derived formulas and
# gradcheck, phase retrieval from Fourier magnitudes by gradient descent on a complex
# parameter, a complex least-squares problem solved with Adam, and the conjugate views.
torch.manual_seed(0)
torch.set_printoptions(precision=5, sci_mode=False)
c128 = torch.complex128

print("== elementary Wirtinger gradients ==")
z = torch.randn(5, dtype=c128, requires_grad=True)
cases = {
    "abs": (lambda q: q.abs(), lambda q: q / q.abs()),
    "abs^2": (lambda q: (q * q.conj()).real, lambda q: 2 * q),
    "angle": (lambda q: q.angle(), lambda q: 1j * q / q.abs() ** 2),
    "real": (lambda q: q.real, lambda q: torch.ones_like(q)),
    "imag": (lambda q: q.imag, lambda q: 1j * torch.ones_like(q)),
    "log|z|": (lambda q: torch.log(q).real, lambda q: q / q.abs() ** 2),
}
for name, (f, expected) in cases.items():
    (g,) = torch.autograd.grad(f(z).sum(), z)
    print(f"{name:7s}", torch.allclose(g, expected(z.detach())), g[:2])
for name, f in [
    ("sgn", lambda q: torch.sgn(q)),
    ("exp", torch.exp),
    ("sqrt", torch.sqrt),
    ("reciprocal", torch.reciprocal),
    ("fft", torch.fft.fft),
    ("polar", lambda q: torch.polar(q.abs(), q.angle())),
    ("view_as_real", lambda q: torch.view_as_real(q)),
    ("tanh", torch.tanh),
    ("pow", lambda q: q**2.5),
]:
    print(f"{name:12s}", torch.autograd.gradcheck(f, (z.detach().clone().requires_grad_(),)))
w = torch.randn(5, dtype=c128)
out = torch.exp(z)
(g,) = torch.autograd.grad(out, z, grad_outputs=w)
print(torch.allclose(g, w * torch.exp(z.detach()).conj()))
print(
    torch.sgn(torch.tensor([0j, 3 + 4j], dtype=c128)),
    torch.angle(torch.tensor([-1.0, 0.0, 2.0], dtype=torch.float64)),
)

print("== polar coordinates ==")
r = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
th = torch.tensor([0.3, -1.0], dtype=torch.float64, requires_grad=True)
p = torch.polar(r, th)
(p * torch.tensor([1 + 2j, 3 - 1j], dtype=c128)).real.sum().backward()
print(p, r.grad, th.grad)
print(
    torch.allclose(
        r.grad,
        torch.tensor(
            [math.cos(0.3) - 2 * math.sin(0.3), 3 * math.cos(-1.0) + math.sin(-1.0)],
            dtype=torch.float64,
        ),
    )
)

print("== phase retrieval from Fourier magnitudes ==")
n = 32
support = torch.zeros(n, dtype=torch.bool)
support[:10] = True
truth = torch.zeros(n, dtype=c128)
truth[:10] = torch.polar(
    torch.rand(10, dtype=torch.float64) + 0.5, torch.rand(10, dtype=torch.float64) * 2 * math.pi
)
mag = torch.fft.fft(truth).abs()
est = (0.1 * torch.randn(n, dtype=c128) * support).requires_grad_()
opt = torch.optim.Adam([est], lr=0.05)
for step in range(80):
    loss = (torch.fft.fft(est * support).abs() - mag).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 20 == 0 or step == 79:
        print(step, round(loss.item(), 8))
print(est.grad.dtype, est.dtype, torch.fft.fft(est.detach() * support).abs()[:4], mag[:4])

print("== complex least squares ==")
A = torch.randn(12, 3, dtype=c128)
x_true = torch.tensor([1 - 1j, 0.5j, -2.0], dtype=c128)
b = A @ x_true
x = torch.zeros(3, dtype=c128, requires_grad=True)
opt = torch.optim.Adam([x], lr=0.1)
for step in range(60):
    loss = (A @ x - b).abs().pow(2).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
print(round(loss.item(), 6), x.detach())
x_ls = torch.linalg.lstsq(A, b.unsqueeze(-1)).solution.squeeze(-1)
print(torch.allclose(x_ls, x_true), torch.linalg.solve(A.mH @ A, A.mH @ b))
# the gradient of ||Ax - b||^2 is 2 A^H (Ax - b) in torch's convention
x0 = torch.randn(3, dtype=c128, requires_grad=True)
(g,) = torch.autograd.grad((A @ x0 - b).abs().pow(2).sum(), x0)
print(torch.allclose(g, 2 * A.mH @ (A @ x0.detach() - b)))

print("== conjugate views ==")
v = torch.tensor([1 + 2j, 3 - 4j], dtype=c128)
cv = v.conj()
print(cv.is_conj(), cv.resolve_conj().is_conj(), torch.conj_physical(v).is_conj(), cv)
vv = v.clone().requires_grad_()
(vv.conj() * torch.tensor([2j, 1.0], dtype=c128)).real.sum().backward()
print(vv.grad)
print(
    torch.view_as_complex(torch.tensor([[1.0, 2.0], [3.0, -1.0]])),
    torch.view_as_real(cv.resolve_conj()),
)
try:
    torch.view_as_real(cv)
except RuntimeError as err:
    print("RuntimeError:", str(err).split(".")[0])
h = torch.randn(3, 3, dtype=c128)
h = h + h.mH
ev, V = torch.linalg.eigh(h)
print(ev, (V.mH @ V - torch.eye(3, dtype=c128)).abs().max().item() < 1e-12)
hg = h.clone().requires_grad_()
torch.linalg.eigvalsh(hg).pow(2).sum().backward()
print(torch.allclose(hg.grad, 2 * h.mH))
