import torch

# Counting FLOPs for an MFU estimate, as training scripts do before a run: FlopCounterMode
# around a forward and a backward of a small transformer block, totals and per-module
# breakdowns (get_flop_counts), the same for convolutions, bmm/baddbmm/addmm and SDPA, the
# 6 * N * tokens rule of thumb next to the measured count, and the achieved-throughput
# arithmetic with a fixed step time (no clock: timings differ run to run).
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.flop_counter import FlopCounterMode

torch.manual_seed(0)


class Block(nn.Module):
    def __init__(self, dim=64, heads=4):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.ln2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, 4 * dim), nn.GELU(), nn.Linear(4 * dim, dim))

    def forward(self, x):
        b, t, c = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(c, dim=-1)
        q, k, v = (z.view(b, t, self.heads, c // self.heads).transpose(1, 2) for z in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + self.proj(y.transpose(1, 2).reshape(b, t, c))
        return x + self.mlp(self.ln2(x))


model = nn.Sequential(nn.Embedding(100, 64), Block(), Block(), nn.Linear(64, 100))
tokens = torch.randint(0, 100, (2, 16))
counter = FlopCounterMode(display=False, depth=2)
with counter:
    logits = model(tokens)
    forward_flops = counter.get_total_flops()
    F.cross_entropy(logits.view(-1, 100), tokens.view(-1)).backward()
total = counter.get_total_flops()
print("forward", forward_flops, "forward+backward", total, "ratio", round(total / forward_flops, 3))
counts = counter.get_flop_counts()
for name in sorted(counts):
    print(name or "<global>", {str(op): n for op, n in sorted(counts[name].items(), key=str)})

n_params = sum(p.numel() for p in model.parameters() if p.dim() > 1)
estimate = 6 * n_params * tokens.numel()
print("params", n_params, "6ND estimate", estimate, "measured / estimate", round(total / estimate, 4))
step_time = 0.25
peak = 1e12
print(f"MFU at {step_time}s/step: {total / step_time / peak:.6%}")

conv = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 16, 3, stride=2),
                     nn.ConvTranspose2d(16, 4, 2, stride=2))
images = torch.randn(2, 3, 16, 16, requires_grad=True)
with FlopCounterMode(display=False) as flops:
    conv(images).sum().backward()
print("conv", flops.get_total_flops(), {str(k): v for k, v in flops.get_flop_counts()["Global"].items()})

a, b, c = torch.randn(4, 5, 6), torch.randn(4, 6, 7), torch.randn(4, 5, 7)
with FlopCounterMode(display=False) as flops:
    torch.bmm(a, b)
    torch.baddbmm(c, a, b)
    torch.addmm(torch.zeros(5, 7), a[0], b[0])
    a[0] @ b[0]
    torch.einsum("bij,bjk->bik", a, b)
print("matmuls", flops.get_total_flops(), sorted((str(k), v) for k, v in flops.get_flop_counts()["Global"].items()))
