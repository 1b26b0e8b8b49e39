import torch
import torch.nn as nn
import torch.nn.functional as F

# Gradient penalties as GAN and robustness repos write them (WGAN-GP on interpolates, R1 on
# reals, a Jacobian-norm penalty, input-gradient regularisation), pushed through critics built
# from each common activation and normalisation layer. Each penalty needs a double backward,
# so every layer's derivative must itself be differentiable (and reach every parameter).
torch.manual_seed(0)
torch.set_default_dtype(torch.float64)

ACTS = {"relu": nn.ReLU(), "leaky": nn.LeakyReLU(0.2), "elu": nn.ELU(), "selu": nn.SELU(),
        "celu": nn.CELU(0.7), "gelu": nn.GELU(), "gelu_tanh": nn.GELU(approximate="tanh"),
        "silu": nn.SiLU(), "mish": nn.Mish(), "softplus": nn.Softplus(beta=2.0),
        "hardswish": nn.Hardswish(), "hardtanh": nn.Hardtanh(),
        "relu6": nn.ReLU6(), "tanh": nn.Tanh(), "sigmoid": nn.Sigmoid(),
        "logsigmoid": nn.LogSigmoid(), "softsign": nn.Softsign(), "prelu": nn.PReLU(),
        "tanhshrink": nn.Tanhshrink(), "softshrink": nn.Softshrink(0.3),
        "hardshrink": nn.Hardshrink(0.3), "threshold": nn.Threshold(0.1, -1.0)}

NORMS = {"layer": lambda: nn.LayerNorm(8), "group": lambda: nn.GroupNorm(2, 8),
         "batch": lambda: nn.BatchNorm1d(8), "rms": lambda: nn.RMSNorm(8),
         "instance": lambda: nn.InstanceNorm1d(2, affine=True)}


def critic(act, norm="layer"):
    layers = [nn.Linear(4, 8), NORMS[norm](), act, nn.Linear(8, 1)]
    if norm == "instance":
        layers.insert(1, nn.Unflatten(1, (2, 4)))
        layers.insert(3, nn.Flatten())
    return nn.Sequential(*layers)


def wgan_gp(D, real, fake):
    alpha = torch.rand(real.size(0), 1)
    interp = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
    out = D(interp)
    grads = torch.autograd.grad(outputs=out, inputs=interp, grad_outputs=torch.ones_like(out),
                                create_graph=True, retain_graph=True, only_inputs=True)[0]
    return ((grads.norm(2, dim=1) - 1) ** 2).mean()


real, fake = torch.randn(6, 4), torch.randn(6, 4) + 1.0
for name, act in ACTS.items():
    torch.manual_seed(1)
    D = critic(act)
    gp = wgan_gp(D, real, fake)
    D.zero_grad()
    gp.backward()
    missing = [n for n, p in D.named_parameters() if p.grad is None]
    norms = " ".join(f"{p.grad.norm().item():.8f}" for p in D.parameters() if p.grad is not None)
    print(f"{name:11s} gp {gp.item():.10f} grads {norms} missing {missing}")

for norm in NORMS:
    torch.manual_seed(2)
    D = critic(nn.SiLU(), norm)
    D.train()
    x = real.clone().requires_grad_(True)
    out = D(x)
    (g,) = torch.autograd.grad(out.sum(), x, create_graph=True)
    r1 = g.pow(2).sum(1).mean()
    D.zero_grad()
    r1.backward()
    missing = [n for n, p in D.named_parameters() if p.grad is None]
    print(f"r1 {norm:8s} {r1.item():.10f} grad0 {D[0].weight.grad.norm().item():.10f} "
          f"missing {missing}")

# Jacobian Frobenius norm of a small generator (Hutchinson estimate vs exact)
torch.manual_seed(3)
G = nn.Sequential(nn.Linear(3, 5), nn.ELU(), nn.Linear(5, 4), nn.Tanh())
z = torch.randn(2, 3, requires_grad=True)
y = G(z)
v = torch.randn_like(y)
(jv,) = torch.autograd.grad(y, z, v, create_graph=True)
exact = torch.autograd.functional.jacobian(lambda t: G(t).sum(0), z).pow(2).sum()
print("hutchinson", f"{jv.pow(2).sum().item():.10f}", "exact", f"{exact.item():.10f}")
jv.pow(2).sum().backward()
print("G grads", [f"{p.grad.abs().sum().item():.8f}" for p in G.parameters()])
point = (torch.randn(5) + 0.05).requires_grad_()
print("gradgradcheck", torch.autograd.gradgradcheck(
    lambda t: F.leaky_relu(t, 0.1) * t + F.hardtanh(t * 2) * t, (point,)))

# torch cannot differentiate hardsigmoid's derivative: the penalty's backward says so
torch.manual_seed(4)
D = critic(nn.Hardsigmoid())
try:
    wgan_gp(D, real, fake).backward()
except RuntimeError as e:
    print("hardsigmoid critic:", e)
