import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.autograd.graph import saved_tensors_hooks
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils.checkpoint import checkpoint
from torch.utils.flop_counter import FlopCounterMode

# What tools built on autograd's internals see: a small transformer block trained with
# activation checkpointing, its saved activations compressed through saved-tensor hooks, its
# graph walked the way torchviz walks it (node names and their _saved_ attributes), and its
# operators logged and counted by dispatch modes.

torch.manual_seed(0)


class Block(nn.Module):
    def __init__(self, width=16, heads=2):
        super().__init__()
        self.norm1 = nn.LayerNorm(width)
        self.attn = nn.MultiheadAttention(width, heads, batch_first=True)
        self.norm2 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, 4 * width), nn.GELU(),
                                 nn.Linear(4 * width, width))

    def forward(self, x):
        h = self.norm1(x)
        x = x + self.attn(h, h, h, need_weights=False)[0]
        return x + self.mlp(self.norm2(x))


class Model(nn.Module):
    def __init__(self, checkpointed):
        super().__init__()
        self.embed = nn.Embedding(20, 16)
        self.blocks = nn.ModuleList([Block(), Block()])
        self.head = nn.Linear(16, 20)
        self.checkpointed = checkpointed

    def forward(self, tokens):
        x = self.embed(tokens)
        for block in self.blocks:
            x = checkpoint(block, x, use_reentrant=False) if self.checkpointed else block(x)
        return self.head(x)


tokens = torch.randint(0, 20, (4, 6))
targets = torch.randint(0, 20, (4, 6))
plain = Model(checkpointed=False)
checked = Model(checkpointed=True)
checked.load_state_dict(plain.state_dict())

# 1. checkpointed and plain training give the same losses and gradients
for model in (plain, checked):
    logits = model(tokens)
    loss = F.cross_entropy(logits.reshape(-1, 20), targets.reshape(-1))
    loss.backward()
    print(type(model).__name__, "checkpointed" if model.checkpointed else "plain",
          f"loss {loss.item():.5f}", type(logits.grad_fn).__name__)
for (name, a), b in zip(plain.named_parameters(), checked.parameters()):
    if not torch.allclose(a.grad, b.grad, atol=1e-6):
        print("gradient differs:", name)
print("max gradient difference below 1e-6:",
      max((a.grad - b.grad).abs().max().item()
          for a, b in zip(plain.parameters(), checked.parameters())) < 1e-6)

# 2. saved activations compressed to float16 through saved-tensor hooks
packed = []


def pack(tensor):
    packed.append((tuple(tensor.shape), str(tensor.dtype)))
    if tensor.is_floating_point():
        return tensor.dtype, tensor.to(torch.float16)
    return None, tensor


def unpack(stored):
    dtype, tensor = stored
    return tensor if dtype is None else tensor.to(dtype)


plain.zero_grad()
with saved_tensors_hooks(pack, unpack):
    loss = F.cross_entropy(plain(tokens).reshape(-1, 20), targets.reshape(-1))
loss.backward()
print("float activations packed:", sum("float" in d for _, d in packed) > 0)
print("loss with float16 activations:", round(loss.item(), 3))
print("grad of the embedding:", tuple(plain.embed.weight.grad.shape))

# 3. the graph as torchviz walks it
x = torch.randn(3, 4, requires_grad=True)
w = torch.randn(5, 4, requires_grad=True)
y = (F.linear(x, w).relu() * 2).sum(1).mean()
seen, stack = [], [y.grad_fn]
while stack:
    node = stack.pop()
    if node is None or node in seen:
        continue
    seen.append(node)
    fields = []
    for attr in dir(node):
        if attr.startswith("_saved_"):
            value = getattr(node, attr)
            fields.append(f"{attr[7:]}={tuple(value.shape) if torch.is_tensor(value) else value}")
    print(type(node).__name__, " ".join(fields))
    stack.extend(next_node for next_node, _ in node.next_functions)

# 4. composite ops keep torch's node names
v = torch.randn(5, dtype=torch.float64, requires_grad=True)
for name, out in [("renorm", v.reshape(1, 5).renorm(2, 0, 1.0)), ("vdot", torch.vdot(v, v)),
                  ("dist", torch.dist(v, v.detach() * 2)), ("trapezoid", torch.trapezoid(v)),
                  ("quantile", torch.quantile(v, 0.25)), ("combinations", torch.combinations(v))]:
    out.sum().backward()
    print(name, type(out.grad_fn).__name__, f"{v.grad.sum().item():.4f}")
    v.grad = None


# 5. a dispatch mode logs the operators; FLOP counting sees the matrix products
class OpLog(TorchDispatchMode):
    def __init__(self):
        super().__init__()
        self.ops = []

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        self.ops.append(str(func))
        return func(*args, **(kwargs or {}))


a = torch.randn(4, 8)
layer = nn.Linear(8, 3)
with OpLog() as log:
    out = torch.softmax(layer(a).relu() * 0.5, dim=-1).sum()
print("forward ops:", [op for op in log.ops if op != "aten.detach.default"])
with FlopCounterMode(display=False) as counter:
    layer(a).sum().backward()
print("flops:", counter.get_total_flops())
