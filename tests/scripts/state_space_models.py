import torch
import torch.nn.functional as F
from torch import nn

# Structured state-space sequence models as written in S4D and Mamba reimplementations: a
# diagonal complex SSM discretised with zero-order hold whose kernel is applied by FFT
# convolution (rfft / irfft with padding), checked against the recurrent scan; then a
# Mamba-style selective scan (input-dependent step sizes through softplus, einsum, a sequential
# scan) inside a small classifier trained for a few steps. Complex parameters are learned
# through view_as_complex and their gradients flow through exp, the FFT and the real part.
torch.manual_seed(31)


class S4DKernel(nn.Module):
    def __init__(self, channels, state=8, dt_min=1e-3, dt_max=1e-1):
        super().__init__()
        log_dt = torch.rand(channels) * (torch.log(torch.tensor(dt_max))
                                         - torch.log(torch.tensor(dt_min))) + \
            torch.log(torch.tensor(dt_min))
        self.log_dt = nn.Parameter(log_dt)
        self.C = nn.Parameter(torch.view_as_real(torch.randn(channels, state // 2,
                                                             dtype=torch.cfloat)))
        self.log_A_real = nn.Parameter(torch.log(0.5 * torch.ones(channels, state // 2)))
        self.A_imag = nn.Parameter(torch.pi * torch.arange(state // 2).float().repeat(channels,
                                                                                      1))

    def discretise(self):
        dt = self.log_dt.exp()
        A = -self.log_A_real.exp() + 1j * self.A_imag
        dtA = A * dt.unsqueeze(-1)
        return dtA, torch.view_as_complex(self.C) * (dtA.exp() - 1.0) / A

    def forward(self, length):
        dtA, C = self.discretise()
        vandermonde = dtA.unsqueeze(-1) * torch.arange(length)
        return 2 * torch.einsum("hn,hnl->hl", C, vandermonde.exp()).real


def fft_conv(u, k):
    length = u.shape[-1]
    k_f = torch.fft.rfft(k, n=2 * length)
    u_f = torch.fft.rfft(u, n=2 * length)
    return torch.fft.irfft(u_f * k_f, n=2 * length)[..., :length]


kernel = S4DKernel(channels=3)
u = torch.randn(2, 3, 16)
k = kernel(16)
y_fft = fft_conv(u, k)
dtA, C = kernel.discretise()
state = torch.zeros(2, 3, 4, dtype=torch.cfloat)
outputs = []
for t in range(16):
    state = dtA.exp() * state + u[..., t:t + 1]
    outputs.append(2 * (C * state).sum(-1).real)
y_scan = torch.stack(outputs, -1)
print("kernel", k.shape, k.dtype, "fft vs scan", torch.allclose(y_fft, y_scan, atol=1e-4))
print("first outputs", y_fft[0, :, :3])
y_fft.pow(2).mean().backward()
print("grad dtypes", kernel.C.grad.dtype, kernel.log_dt.grad.shape,
      "grad norms", [f"{p.grad.norm().item():.3e}" for p in kernel.parameters()])


def selective_scan(x, delta, A, B, C, D):
    """x, delta: (b, l, d); A: (d, n); B, C: (b, l, n). Returns (b, l, d)."""
    deltaA = torch.exp(torch.einsum("bld,dn->bldn", delta, A))
    deltaBx = torch.einsum("bld,bln,bld->bldn", delta, B, x)
    h = torch.zeros(x.shape[0], x.shape[2], A.shape[1])
    ys = []
    for t in range(x.shape[1]):
        h = deltaA[:, t] * h + deltaBx[:, t]
        ys.append(torch.einsum("bdn,bn->bd", h, C[:, t]))
    return torch.stack(ys, dim=1) + x * D


class MambaBlock(nn.Module):
    def __init__(self, dim, state=4, expand=2, conv=3):
        super().__init__()
        inner = expand * dim
        self.in_proj = nn.Linear(dim, 2 * inner, bias=False)
        self.conv1d = nn.Conv1d(inner, inner, conv, groups=inner, padding=conv - 1)
        self.x_proj = nn.Linear(inner, 1 + 2 * state, bias=False)
        self.dt_proj = nn.Linear(1, inner)
        self.A_log = nn.Parameter(torch.log(torch.arange(1, state + 1).float()).repeat(inner, 1))
        self.D = nn.Parameter(torch.ones(inner))
        self.out_proj = nn.Linear(inner, dim, bias=False)
        self.state = state

    def forward(self, x):
        length = x.shape[1]
        xz = self.in_proj(x)
        x_in, z = xz.chunk(2, dim=-1)
        x_in = F.silu(self.conv1d(x_in.transpose(1, 2))[..., :length].transpose(1, 2))
        dt, B, C = self.x_proj(x_in).split([1, self.state, self.state], dim=-1)
        delta = F.softplus(self.dt_proj(dt))
        y = selective_scan(x_in, delta, -self.A_log.exp(), B, C, self.D)
        return self.out_proj(y * F.silu(z))


class Classifier(nn.Module):
    def __init__(self, vocab=10, dim=8):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.block = MambaBlock(dim)
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, 2)

    def forward(self, tokens):
        h = self.embed(tokens)
        h = h + self.block(self.norm(h))
        return self.head(h[:, -1])


# Task: does the token 7 appear anywhere in the sequence?
tokens = torch.randint(0, 10, (32, 12))
labels = (tokens == 7).any(1).long()
model = Classifier()
optimizer = torch.optim.AdamW(model.parameters(), lr=5e-3)
for step in range(12):
    logits = model(tokens)
    loss = F.cross_entropy(logits, labels)
    optimizer.zero_grad()
    loss.backward()
    grad_norm = nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    if step % 3 == 0 or step == 11:
        accuracy = (logits.argmax(1) == labels).float().mean().item()
        print(f"step {step:2d} loss {loss.item():.4f} acc {accuracy:.3f} "
              f"grad {grad_norm.item():.4f}")
print("A stays negative", bool((-model.block.A_log.exp() < 0).all()),
      "D", model.block.D.detach()[:3])
