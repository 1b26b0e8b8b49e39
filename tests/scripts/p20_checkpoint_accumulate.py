import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn
from torch.utils.checkpoint import checkpoint, checkpoint_sequential

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


class Block(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.fc1 = nn.Linear(dim, 4 * dim)
        self.fc2 = nn.Linear(4 * dim, dim)

    def forward(self, x):
        return x + self.fc2(F.gelu(self.fc1(self.norm(x))))


class Net(nn.Module):
    def __init__(self, dim=8, depth=3, use_checkpoint=False):
        super().__init__()
        self.blocks = nn.ModuleList(Block(dim) for _ in range(depth))
        self.head = nn.Linear(dim, 2)
        self.use_checkpoint = use_checkpoint

    def forward(self, x):
        for block in self.blocks:
            if self.use_checkpoint:
                x = checkpoint(block, x, use_reentrant=False)
            else:
                x = block(x)
        return self.head(x.mean(1))


plain = Net()
ckpt = Net(use_checkpoint=True)
ckpt.load_state_dict(plain.state_dict())
x = torch.randn(4, 5, 8)
y = torch.randint(0, 2, (4,))
for model in (plain, ckpt):
    loss = F.cross_entropy(model(x), y)
    loss.backward()
print("same grads", all(torch.allclose(a.grad, b.grad) for a, b in
                        zip(plain.parameters(), ckpt.parameters())))
seq = nn.Sequential(*[Block(8) for _ in range(4)])
inp = torch.randn(2, 5, 8, requires_grad=True)
out = checkpoint_sequential(seq, 2, inp, use_reentrant=False)
out.sum().backward()
ref_inp = inp.detach().clone().requires_grad_()
seq(ref_inp).sum().backward()
print("checkpoint_sequential", torch.allclose(inp.grad, ref_inp.grad))

# recomputation counts: the forward runs again in backward
calls = {"n": 0}


def counted(t):
    calls["n"] += 1
    return t.sin() * t


z = torch.randn(3, requires_grad=True)
checkpoint(counted, z, use_reentrant=False).sum().backward()
print("forward calls with checkpoint", calls["n"])

# gradient accumulation with clipping and an EMA of the weights
torch.manual_seed(1)
model = Net()
ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.9))
opt = torch.optim.AdamW(model.parameters(), lr=1e-2, weight_decay=0.05)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1e-2, total_steps=6)
data = torch.randn(24, 5, 8)
labels = torch.randint(0, 2, (24,))
accumulation_steps = 4
step = 0
for i in range(24 // 2):
    xb, yb = data[2 * i:2 * i + 2], labels[2 * i:2 * i + 2]
    loss = F.cross_entropy(model(xb), yb) / accumulation_steps
    loss.backward()
    if (i + 1) % accumulation_steps == 0:
        norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm=0.5)
        opt.step()
        sched.step()
        opt.zero_grad(set_to_none=True)
        ema.update_parameters(model)
        step += 1
        print(f"update {step} loss {loss.item() * accumulation_steps:.10f} "
              f"grad norm {norm.item():.10f} lr {sched.get_last_lr()[0]:.8f}")
print("ema n_averaged", ema.n_averaged)
with torch.no_grad():
    print("ema output", ema(data[:2]).round(decimals=6))
print(sorted(ema.state_dict().keys())[:3], len(ema.state_dict()))
print("param groups", [sorted(g.keys()) for g in opt.param_groups][0])
