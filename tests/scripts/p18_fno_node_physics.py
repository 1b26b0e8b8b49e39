import torch

# Scientific ML as its papers' code writes it: a 2-D Fourier neural operator (torch.fft.rfft2 /
# irfft2 with complex nn.Parameter weights, complex einsum, Adam on complex parameters), a
# neural ODE integrated with a hand-written RK4 whose gradients come from autograd through
# the solver, physics losses from torch.autograd.functional.jacobian / hessian / hvp / vjp
# (vectorize=True and create_graph=True), and Gaussian-process regression with
# torch.cholesky_solve and marginal-likelihood hyperparameter fitting.
import math

import torch.nn as nn
import torch.nn.functional as F
from torch.autograd.functional import hessian, hvp, jacobian, jvp, vjp

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


class SpectralConv2d(nn.Module):
    def __init__(self, cin, cout, modes1, modes2):
        super().__init__()
        self.modes1, self.modes2 = modes1, modes2
        scale = 1 / (cin * cout)
        self.weights1 = nn.Parameter(scale * torch.rand(cin, cout, modes1, modes2,
                                                        dtype=torch.cfloat))
        self.weights2 = nn.Parameter(scale * torch.rand(cin, cout, modes1, modes2,
                                                        dtype=torch.cfloat))

    def forward(self, x):
        b = x.shape[0]
        x_ft = torch.fft.rfft2(x)
        out_ft = torch.zeros(b, self.weights1.size(1), x.size(-2), x.size(-1) // 2 + 1,
                             dtype=torch.cfloat)
        out_ft[:, :, :self.modes1, :self.modes2] = torch.einsum(
            "bixy,ioxy->boxy", x_ft[:, :, :self.modes1, :self.modes2], self.weights1)
        out_ft[:, :, -self.modes1:, :self.modes2] = torch.einsum(
            "bixy,ioxy->boxy", x_ft[:, :, -self.modes1:, :self.modes2], self.weights2)
        return torch.fft.irfft2(out_ft, s=(x.size(-2), x.size(-1)))


class FNO2d(nn.Module):
    def __init__(self, width=6, modes=3):
        super().__init__()
        self.lift = nn.Linear(3, width)
        self.spectral = nn.ModuleList([SpectralConv2d(width, width, modes, modes)
                                       for _ in range(2)])
        self.pointwise = nn.ModuleList([nn.Conv2d(width, width, 1) for _ in range(2)])
        self.proj = nn.Linear(width, 1)

    def forward(self, a):
        b, h, w = a.shape
        gy, gx = torch.meshgrid(torch.linspace(0, 1, h), torch.linspace(0, 1, w), indexing="ij")
        x = torch.stack([a, gx.expand(b, h, w), gy.expand(b, h, w)], -1).float()
        x = self.lift(x).permute(0, 3, 1, 2)
        for spec, pw in zip(self.spectral, self.pointwise):
            x = F.gelu(spec(x) + pw(x))
        return self.proj(x.permute(0, 2, 3, 1)).squeeze(-1)


fno = FNO2d().float()
print("complex params", [(n, p.dtype) for n, p in fno.named_parameters() if p.is_complex()])
a = torch.randn(4, 8, 8, dtype=torch.float32)
kernel = torch.tensor([[0.0, 1, 0], [1, -4, 1], [0, 1, 0]], dtype=torch.float32)
u = F.conv2d(a[:, None], kernel[None, None], padding=1).squeeze(1)
opt = torch.optim.Adam(fno.parameters(), lr=5e-3)
for step in range(4):
    opt.zero_grad()
    pred = fno(a)
    loss = torch.norm(pred - u) / torch.norm(u)
    loss.backward()
    opt.step()
    print(f"fno {step} rel {loss.item():.4f} wgrad {fno.spectral[0].weights1.grad.dtype}")
state = opt.state[fno.spectral[0].weights1]
print("adam complex state", state["exp_avg"].dtype, state["exp_avg_sq"].dtype,
      state["exp_avg_sq"].imag.abs().max().item() == 0.0)
sig = torch.arange(8.0).reshape(2, 4)
spec = torch.fft.rfft2(sig)
print("rfft2", spec)
print("irfft2 roundtrip", torch.allclose(torch.fft.irfft2(spec, s=sig.shape), sig))
print("fftfreq", torch.fft.rfftfreq(8, d=0.5), torch.fft.fftshift(torch.fft.fftfreq(5)))
zg = torch.randn(2, 6, requires_grad=True)
torch.fft.irfft(torch.fft.rfft(zg, norm="ortho") * torch.tensor([1, 2, 3, 2], dtype=torch.cdouble),
                n=6, norm="ortho").pow(2).sum().backward()
print("rfft grad", zg.grad)


# neural ODE with RK4
class ODEFunc(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 2))

    def forward(self, t, y):
        return self.net(y)


def rk4(func, y0, t):
    ys = [y0]
    y = y0
    for i in range(len(t) - 1):
        h = t[i + 1] - t[i]
        k1 = func(t[i], y)
        k2 = func(t[i] + h / 2, y + h * k1 / 2)
        k3 = func(t[i] + h / 2, y + h * k2 / 2)
        k4 = func(t[i] + h, y + h * k3)
        y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        ys.append(y)
    return torch.stack(ys)


true_A = torch.tensor([[-0.1, 2.0], [-2.0, -0.1]])
t = torch.linspace(0, 1.5, 16)
y0 = torch.tensor([[2.0, 0.0]])
with torch.no_grad():
    true_y = rk4(lambda t, y: (y ** 3) @ true_A, y0, t)
func = ODEFunc()
opt = torch.optim.RMSprop(func.parameters(), lr=1e-3)
for it in range(5):
    opt.zero_grad()
    pred_y = rk4(func, y0, t)
    loss = (pred_y - true_y).abs().mean()
    loss.backward()
    opt.step()
    print(f"node {it} loss {loss.item():.10f}")
y0g = y0.clone().requires_grad_(True)
(gy0,) = torch.autograd.grad(rk4(func, y0g, t)[-1].sum(), y0g)
print("sensitivity dy(T)/dy0", gy0)


# physics: jacobian / hessian / hvp
def potential(x):
    return (x[..., 0] ** 2 * x[..., 1] + torch.sin(x[..., 1]) * x[..., 0]).sum()


x = torch.tensor([0.5, -1.2])
print("jacobian", jacobian(lambda v: torch.stack([v.prod(), v.sin().sum()]), x))
print("hessian", hessian(potential, x))
print("vectorized", torch.allclose(jacobian(torch.sin, torch.arange(3.0), vectorize=True),
                                   torch.diag(torch.cos(torch.arange(3.0)))))
val, prod = hvp(potential, x, torch.tensor([1.0, 0.0]))
print("hvp", val, prod)
val, jv = jvp(lambda v: v ** 2, x, torch.ones(2))
print("jvp", jv, "vjp", vjp(lambda v: v.exp(), x, torch.ones(2))[1])
net = nn.Sequential(nn.Linear(1, 12), nn.Tanh(), nn.Linear(12, 1))
xs = torch.linspace(0, 1, 9).unsqueeze(1).requires_grad_(True)
opt = torch.optim.Adam(net.parameters(), lr=1e-2)
for it in range(4):
    opt.zero_grad()
    u = net(xs)
    du = torch.autograd.grad(u.sum(), xs, create_graph=True)[0]
    d2u = torch.autograd.grad(du.sum(), xs, create_graph=True)[0]
    residual = d2u + math.pi ** 2 * torch.sin(math.pi * xs)
    bc = net(torch.tensor([[0.0], [1.0]]))
    loss = residual.pow(2).mean() + bc.pow(2).mean()
    loss.backward()
    opt.step()
    print(f"pinn {it} {loss.item():.10f}")
jac = jacobian(lambda inp: net(inp), xs[:3].detach(), create_graph=True)
print("jacobian of net", jac.shape, jac.requires_grad)
H = hessian(lambda p: (p ** 3).sum() + p.prod(), torch.tensor([1.0, 2.0, 3.0]),
            vectorize=True, outer_jacobian_strategy="forward-mode")
print("hessian fwd", H.tolist())


# GP regression
def rbf(a, b, log_ls, log_sf):
    d2 = torch.cdist(a / log_ls.exp(), b / log_ls.exp()).pow(2)
    return (2 * log_sf).exp() * torch.exp(-0.5 * d2)


X = torch.linspace(-2, 2, 12)[:, None]
Y = torch.sin(2 * X).squeeze(1) + 0.05 * torch.randn(12)
log_ls = torch.zeros(1, requires_grad=True)
log_sf = torch.zeros((), requires_grad=True)
log_sn = torch.tensor(-2.0, requires_grad=True)
opt = torch.optim.LBFGS([log_ls, log_sf, log_sn], lr=0.5, max_iter=10,
                        line_search_fn="strong_wolfe")


def nll():
    opt.zero_grad()
    K = rbf(X, X, log_ls, log_sf) + (2 * log_sn).exp() * torch.eye(12)
    L = torch.linalg.cholesky(K)
    alpha = torch.cholesky_solve(Y[:, None], L)
    loss = 0.5 * (Y[:, None] * alpha).sum() + L.diagonal().log().sum() + 6 * math.log(2 * math.pi)
    loss.backward()
    return loss


for it in range(3):
    loss = opt.step(nll)
    print(f"gp {it} nll {loss.item():.8f} ls {log_ls.exp().item():.6f} "
          f"noise {log_sn.exp().item():.6f}")
with torch.no_grad():
    K = rbf(X, X, log_ls, log_sf) + (2 * log_sn).exp() * torch.eye(12)
    L = torch.linalg.cholesky(K)
    Xs = torch.tensor([[0.3], [1.7]])
    Ks = rbf(Xs, X, log_ls, log_sf)
    mean = Ks @ torch.cholesky_solve(Y[:, None], L)
    v = torch.linalg.solve_triangular(L, Ks.T, upper=False)
    var = rbf(Xs, Xs, log_ls, log_sf).diagonal() - v.pow(2).sum(0)
    print("posterior", mean.squeeze(1), var)
Lg = torch.linalg.cholesky(torch.eye(3) * 2 + 0.1).requires_grad_(True)
torch.cholesky_solve(torch.ones(3, 1), Lg).sum().backward()
print("cholesky_solve grad", Lg.grad.tril(), torch.cholesky_solve(torch.ones(3, 1), Lg).grad_fn)
print(torch.cholesky_solve(torch.ones(3, 1), Lg.detach().T.contiguous(), upper=True).squeeze(1))
try:
    torch.linalg.cholesky(torch.tensor([[1.0, 2.0], [2.0, 1.0]]))
except torch.linalg.LinAlgError as error:
    print("LinAlgError:", error)
