import torch

# A complex-valued network as signal-processing code writes one: complex64 weights from
# torch.randn(dtype=torch.cfloat) and normal_ on complex parameters, a complex linear layer,
# the modReLU activation on |z| with the phase kept, training with Adam on complex parameters
# against an FFT-domain target, magnitude/phase losses through abs/angle, and the complex
# inputs torch refuses (softmax, ordering) printed with their errors.
import math

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class ComplexLinear(nn.Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(n_out, n_in, dtype=torch.cfloat))
        nn.init.normal_(self.weight, std=1 / math.sqrt(n_in))
        self.bias = nn.Parameter(torch.zeros(n_out, dtype=torch.cfloat))

    def forward(self, z):
        return z @ self.weight.T + self.bias


class ModReLU(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.b = nn.Parameter(torch.full((n,), -0.1))

    def forward(self, z):
        magnitude = z.abs()
        return F.relu(magnitude + self.b) * z / (magnitude + 1e-6)


print("randn complex", torch.randn(3, dtype=torch.cfloat))
w = torch.empty(2, 3, dtype=torch.cdouble).normal_(0.5, 2.0)
print("normal_ complex", w)
net = nn.Sequential(ComplexLinear(16, 32), ModReLU(32), ComplexLinear(32, 16))
print(net)
signal = torch.randn(8, 16)
target = torch.fft.fft(signal * torch.hann_window(16))
spectrum = torch.fft.fft(signal).to(torch.cfloat)
opt = torch.optim.Adam(net.parameters(), lr=3e-3)
for step in range(5):
    opt.zero_grad()
    out = net(spectrum)
    mag_loss = F.mse_loss(out.abs(), target.abs())
    phase_loss = (1 - torch.cos(out.angle() - target.angle())).mean()
    complex_loss = (out - target).abs().pow(2).mean()
    loss = complex_loss + 0.1 * mag_loss + 0.1 * phase_loss
    loss.backward()
    opt.step()
    grad_w = net[0].weight.grad.abs().sum().item()
    print(f"step {step} loss {loss.item():.5f} |grad W| {grad_w:.5f}")
print("grad dtype", net[0].weight.grad.dtype, net[1].b.grad.dtype)
recovered = torch.fft.ifft(net(spectrum)).real
print("recovered", recovered.shape, recovered.dtype)
z = net(spectrum[:2]).detach()
for name, call in [("softmax", lambda: F.softmax(z, dim=-1)),
                   ("softmax dim 0", lambda: torch.softmax(z, 0)),
                   ("log_softmax", lambda: z.log_softmax(-1)),
                   ("max", lambda: z.max()), ("argmax", lambda: z.argmax()),
                   ("sort", lambda: z.sort()), ("clamp", lambda: z.clamp(0, 1))]:
    try:
        call()
    except (RuntimeError, NotImplementedError) as error:
        print(f"{name}: {type(error).__name__}: {error}")
probs = F.softmax(z.abs(), dim=-1)
print("softmax of |z|", probs.sum(-1).round(decimals=4), probs.dtype)
print("view_as_real", torch.view_as_real(z[:1, :2]))
