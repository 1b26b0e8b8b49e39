import torch
import torch.nn as nn
from torch.autograd.graph import register_multi_grad_hook, saved_tensors_hooks
from torch.utils._pytree import tree_flatten, tree_map, tree_map_only, tree_unflatten

# Training with packed activations: saved tensors are stored in half precision through
# saved_tensors_hooks, batches are nested dicts handled with torch.utils._pytree, evaluation
# draws its noise inside fork_rng so the training stream is untouched, and a multi-grad hook
# reports which parameter groups received gradients.

torch.manual_seed(0)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(6, 16), nn.Tanh(), nn.Linear(16, 16), nn.GELU())
        self.head = nn.Linear(16, 3)
        self.aux = nn.Linear(16, 1)

    def forward(self, batch):
        hidden = self.encoder(torch.cat([batch["x"]["dense"], batch["x"]["extra"]], dim=1))
        return {"logits": self.head(hidden), "score": self.aux(hidden).squeeze(1)}


packed_bytes = []


def pack(tensor):
    packed_bytes.append(tensor.numel() * 2)
    return tensor.dtype, tensor.to(torch.float16)


def unpack(packed):
    dtype, half = packed
    return half.to(dtype)


model = Net()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
groups = [model.head.weight, model.aux.weight]
seen = []
handle = register_multi_grad_hook(groups, lambda grads: seen.append(
    tuple(g is not None for g in grads)))

data = {"x": {"dense": torch.randn(64, 4), "extra": torch.randn(64, 2)},
        "y": torch.randint(0, 3, (64,)), "target": torch.randn(64)}
leaves, spec = tree_flatten(data)
print("leaves:", [tuple(t.shape) for t in leaves])
print("spec:", spec)

for step in range(6):
    batch = tree_map(lambda t: t[step * 8:(step + 1) * 8], data)
    batch = tree_map_only(torch.Tensor, lambda t: t.clone(), batch)
    with saved_tensors_hooks(pack, unpack):
        out = model(batch)
        loss = nn.functional.cross_entropy(out["logits"], batch["y"])
        if step % 2 == 0:
            loss = loss + nn.functional.mse_loss(out["score"], batch["target"])
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(f"step {step} loss {loss.item():.4f} grads {seen[-1]}")
handle.remove()
print("packed bytes per step (first):", packed_bytes[0] > 0)

state = torch.random.get_rng_state()
with torch.random.fork_rng():
    noisy = tree_map(lambda t: t + 0.1 * torch.randn_like(t) if t.is_floating_point() else t,
                     data)
    with torch.no_grad():
        robust = model(noisy)["logits"].argmax(1)
print("rng untouched:", torch.equal(state, torch.random.get_rng_state()))
with torch.no_grad():
    clean = model(data)["logits"].argmax(1)
print("agreement under noise:", (robust == clean).float().mean().item())
rebuilt = tree_unflatten([t * 0 for t in leaves], spec)
print("rebuilt zeros:", sum(t.abs().sum().item() for t in tree_flatten(rebuilt)[0]))
print("next draw:", torch.rand(3))
