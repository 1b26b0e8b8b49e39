import torch

# Debugging gradients the way people do when a model will not train: retain_grad() on
# intermediate activations next to register_hook gradient scaling and in-place ops, a
# decoder with RReLU (random slopes in training) and ConvTranspose2d(output_size=...) with a
# wrong size caught, attention with both a mask and is_causal, and torch.autograd.functional
# with strict=True to find inputs an output does not depend on.
import torch.nn as nn
import torch.nn.functional as F
from torch.autograd.functional import hessian, hvp, jacobian, jvp, vjp

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(6, 4 * 3 * 3)
        self.act = nn.RReLU(0.1, 0.3)
        self.up = nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1)
        self.out = nn.Conv2d(2, 1, 3, padding=1)

    def forward(self, z, size=None):
        h = self.act(self.fc(z)).view(-1, 4, 3, 3)
        if h.requires_grad:
            h.retain_grad()
        self.hidden = h
        up = self.up(h, output_size=size)
        return self.out(F.rrelu(up, training=self.training)), up


decoder = Decoder()
print(decoder)
z = torch.randn(5, 6)
target = torch.rand(5, 1, 6, 6)
opt = torch.optim.SGD(decoder.parameters(), lr=0.1, momentum=0.9)
for step in range(4):
    opt.zero_grad()
    recon, up = decoder(z, size=(6, 6))
    up.retain_grad()
    up.register_hook(lambda g: g * 0.5)  # added after retain_grad: .grad sees it
    loss = F.mse_loss(recon, target)
    loss.backward()
    opt.step()
    print(f"step {step} loss {loss.item():.10f} |dL/dh| {decoder.hidden.grad.norm().item():.10f} "
          f"|dL/dup| {up.grad.norm().item():.10f}")
decoder.eval()
with torch.no_grad():
    print("eval", decoder(z[:1], size=[5, 5])[0].shape, decoder(z[:1])[0].shape)
for size in [(8, 8), [4, 7], torch.Size([5, 2, 9, 5])]:
    try:
        decoder(z, size=size)
    except ValueError as error:
        print("output_size error:", error)
print("rrelu draws", F.rrelu(torch.tensor([-1.0, 2.0, -3.0, 0.0, -0.5]), training=True))
act = nn.RReLU()
x = -torch.rand(2, 4).t()
print("module draws", act(x), act.eval()(x)[0])

# retain_grad and in-place updates
a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
b = a * 2
b.retain_grad()
b.mul_(3)
b.register_hook(lambda g: g * 7)
(b * 5).sum().backward()
print("retained after in-place", b.grad, a.grad)
c = a.exp()
c.retain_grad()
c.register_hook(lambda g: g.clamp(max=2.0))
c.register_hook(lambda g: print("  hook sees", g) or g)
(c * torch.tensor([1.0, 3.0, 0.5])).sum().backward()
print("retained after hooks", c.grad)

# masked causal attention
q = torch.randn(1, 2, 4, 3)
window = torch.ones(4, 4, dtype=torch.bool).triu(-1)
attn = F.scaled_dot_product_attention(q, q, q, attn_mask=window, is_causal=True)
print("mask + causal", attn[0, 0])

# autograd.functional in strict mode


def energy(x, y):
    return (x ** 2).sum() * y.sum() + x.prod()


x0 = torch.tensor([0.5, -1.5])
y0 = torch.tensor([2.0, 1.0])
print("hessian", hessian(energy, (x0, y0)))
print("hvp", hvp(energy, (x0, y0), (torch.ones(2), torch.zeros(2)), strict=True))
print("jvp", jvp(lambda t: t.sin() * 3, x0, torch.ones(2)))
for name, call in [
    ("linear hessian", lambda: hessian(lambda t: (3 * t).sum(), x0, strict=True)),
    ("detached output", lambda: vjp(lambda t: t.detach() * 2, x0, torch.ones(2), strict=True)),
    ("unused input", lambda: jacobian(lambda s, t: s * 2, (x0, y0), strict=True)),
    ("vector hvp", lambda: hvp(lambda t: t * 2, x0, torch.ones(2))),
    ("wrong v", lambda: vjp(lambda t: t * 2, x0, torch.ones(3))),
    ("vectorize strict", lambda: jacobian(torch.sin, x0, strict=True, vectorize=True)),
    ("forward-mode", lambda: jacobian(torch.sin, x0, strategy="forward-mode")),
]:
    try:
        print(name, call())
    except (RuntimeError, NotImplementedError) as error:
        print(f"{name}: {type(error).__name__}: {error}")
