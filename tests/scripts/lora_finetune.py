import torch  # noqa: I001 (the harness requires torch first)

# LoRA fine-tuning: a pretrained MLP is frozen with requires_grad_(False), low-rank adapters
# (A random, B zero, scaled by alpha / r) are trained on a shifted task, only the adapter
# parameters go to the optimizer and into the saved state_dict, and after training the adapters
# are merged into the base weights so the plain model reproduces the adapted one.
import io
import math

from torch import nn
import torch.nn.functional as F

torch.manual_seed(7)


class LoRALinear(nn.Module):
    def __init__(self, base, r=4, alpha=8.0, dropout=0.0):
        super().__init__()
        self.base = base
        self.scaling = alpha / r
        self.lora_A = nn.Parameter(torch.empty(r, base.in_features))
        self.lora_B = nn.Parameter(torch.zeros(base.out_features, r))
        nn.init.kaiming_uniform_(self.lora_A, a=math.sqrt(5))
        self.dropout = nn.Dropout(dropout)
        self.merged = False

    def forward(self, x):
        out = self.base(x)
        if not self.merged:
            out = out + self.dropout(x) @ self.lora_A.T @ self.lora_B.T * self.scaling
        return out

    @torch.no_grad()
    def merge(self):
        self.base.weight += self.lora_B @ self.lora_A * self.scaling
        self.merged = True


base = nn.Sequential(nn.Linear(6, 32), nn.GELU(), nn.Linear(32, 32), nn.GELU(), nn.Linear(32, 3))
x = torch.randn(256, 6)
y = (x[:, :3] * x[:, 3:]).sum(-1).gt(0).long() + x[:, 0].gt(1).long()

pretrain = torch.optim.SGD(base.parameters(), lr=0.1, momentum=0.9)
for step in range(30):
    loss = F.cross_entropy(base(x), y)
    pretrain.zero_grad()
    loss.backward()
    pretrain.step()
pretrain.zero_grad()
print(f"pretrained loss {loss.item():.4f}")

# The new task relabels the classes: the adapters must learn the permutation.
y_new = (y + 1) % 3
base.requires_grad_(False)
for index in (0, 2, 4):
    base[index] = LoRALinear(base[index])
model = base
trainable = {name: p for name, p in model.named_parameters() if p.requires_grad}
frozen = sum(p.numel() for p in model.parameters() if not p.requires_grad)
print("trainable", list(trainable), sum(p.numel() for p in trainable.values()), "frozen", frozen)
print("lora_B starts at zero", all(m.lora_B.abs().sum().item() == 0 for m in model
                                   if isinstance(m, LoRALinear)))
before = model[0].base.weight.clone()

optimizer = torch.optim.AdamW(trainable.values(), lr=1e-2, weight_decay=0.0)
for step in range(40):
    logits = model(x)
    loss = F.cross_entropy(logits, y_new)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 8 == 0 or step == 39:
        accuracy = (logits.argmax(1) == y_new).float().mean()
        print(f"step {step:2d} loss {loss.item():.4f} acc {accuracy.item():.3f}")
print("base weight untouched", torch.equal(before, model[0].base.weight),
      model[0].base.weight.grad is None)

adapter_state = {k: v for k, v in model.state_dict().items() if "lora_" in k}
print("adapter keys", sorted(adapter_state), [tuple(v.shape) for v in adapter_state.values()])
buffer = io.BytesIO()
torch.save(adapter_state, buffer)
buffer.seek(0)
restored = torch.load(buffer)
print("restored equal", all(torch.equal(restored[k], adapter_state[k]) for k in adapter_state))

model.eval()
with torch.no_grad():
    adapted = model(x)
    for module in model:
        if isinstance(module, LoRALinear):
            module.merge()
    merged = model(x)
    plain = nn.Sequential(*(m.base if isinstance(m, LoRALinear) else m for m in model))
    print("merged matches", torch.allclose(adapted, merged, atol=1e-5),
          torch.allclose(plain(x), merged, atol=1e-6))
    delta = model[0].base.weight - before
    print("update rank", torch.linalg.matrix_rank(delta).item(),
          "delta norm", round(delta.norm().item(), 3))
