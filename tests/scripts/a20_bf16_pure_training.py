import torch

# Pure-bfloat16 training as memory-bound LLM repositories do it: a model cast with
# .to(torch.bfloat16), bfloat16 activations and losses upcast with .float(), an EMA of the
# weights kept by lerp_ in bfloat16, a hand-written AdamW with bfloat16 moments and
# stochastic-free updates, gradient clipping by a norm computed in float32, scalar
# multiplies and divides of bfloat16 tensors (which torch computes with the scalar in
# float32), float16 next to bfloat16, and printed bfloat16 values.
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)



class RMSNorm(nn.Module):
    def __init__(self, dim, eps=1e-6):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        xf = x.float()
        return (xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + self.eps)).type_as(x) * \
            self.weight


# (nn.LayerNorm's bfloat16 backward is left out: torch sums its bias and weight gradients
# in bfloat16 one row at a time on one thread, and otherwise per thread)
model = nn.Sequential(nn.Linear(8, 32), nn.GELU(), RMSNorm(32), nn.Linear(32, 4))
model = model.to(torch.bfloat16)
ema = [p.detach().clone() for p in model.parameters()]
x = torch.randn(64, 8).to(torch.bfloat16)
y = torch.randint(0, 4, (64,))
print("dtypes", {p.dtype for p in model.parameters()}, x.dtype)

state = {}
lr, b1, b2, eps, wd = 3e-3, 0.9, 0.95, 1e-8, 0.1
for step in range(1, 9):
    logits = model(x)
    loss = F.cross_entropy(logits.float(), y)
    for p in model.parameters():
        p.grad = None
    loss.backward()
    grads = [p.grad for p in model.parameters()]
    total = torch.norm(torch.stack([g.float().norm() for g in grads]))
    clip = torch.clamp(1.0 / (total + 1e-6), max=1.0)
    with torch.no_grad():
        for p in model.parameters():
            g = p.grad * clip.to(p.dtype)
            st = state.setdefault(p, {"m": torch.zeros_like(p), "v": torch.zeros_like(p)})
            st["m"].mul_(b1).add_(g, alpha=1 - b1)
            st["v"].mul_(b2).addcmul_(g, g, value=1 - b2)
            mhat = st["m"] / (1 - b1 ** step)
            vhat = st["v"] / (1 - b2 ** step)
            p.mul_(1 - lr * wd)
            p.addcdiv_(mhat, vhat.sqrt() + eps, value=-lr)
        for e, p in zip(ema, model.parameters()):
            e.lerp_(p, 0.1)
    print(f"step {step} loss {loss.item():.4f} norm {total.item():.4f} "
          f"logit0 {logits[0].float().tolist()}")

w = model[0].weight
print("weight", w[0, :4])
print("ema", ema[0][0, :4])
print("m", state[w]["m"][0, :4])
print("scaled", (w[0, :4] * 0.7071), (w[0, :4] / 3.3), (w[0, :4] // 0.05))
print("scalar first", 2.5 * w[0, :4], 1.3 - w[0, :4])
h = w[0, :4].half()
print("half", h * 0.7071, h / 3.3, torch.lerp(h, h * 3, 0.75))
print("sum/mean", w.sum(), w.mean(), w.float().sum())
print("softmax", F.softmax(model(x[:2]), -1))
print("layer_norm forward", F.layer_norm(w[:2, :6], (6,)))
print("gelu", F.gelu(w[0, :4]), F.gelu(w[0, :4], approximate="tanh"))
