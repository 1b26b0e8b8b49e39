import torch
import torch.nn as nn
from torch.nn.utils import parameters_to_vector, vector_to_parameters

# The model bookkeeping people print while fine-tuning: named_modules filtered by type, an
# init function through apply, non-persistent buffers left out of state_dict, load_state_dict
# with strict=False and its _IncompatibleKeys, freezing a backbone with requires_grad_(False),
# parameter groups with their own learning rates, the optimizer's state_dict after a few steps,
# parameters_to_vector / vector_to_parameters, and a module's repr with extra_repr.

torch.manual_seed(8)
torch.set_default_dtype(torch.float64)


class Scale(nn.Module):
    def __init__(self, dim, init=1.0):
        super().__init__()
        self.gamma = nn.Parameter(torch.full((dim,), init))
        self.register_buffer("calls", torch.zeros((), dtype=torch.long))
        self.register_buffer("cache", torch.ones(dim), persistent=False)

    def forward(self, x):
        self.calls += 1
        return x * self.gamma

    def extra_repr(self):
        return f"dim={self.gamma.shape[0]}"


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Sequential(nn.Conv1d(2, 4, 3, padding=1), nn.BatchNorm1d(4),
                                      nn.ReLU(), nn.Flatten(), nn.Linear(24, 8))
        self.scale = Scale(8, 0.5)
        self.head = nn.Linear(8, 3)

    def forward(self, x):
        return self.head(self.scale(self.backbone(x)))


def init_weights(module):
    if isinstance(module, nn.Linear):
        nn.init.xavier_uniform_(module.weight)
        nn.init.zeros_(module.bias)
    elif isinstance(module, nn.Conv1d):
        nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")


model = Net()
model.apply(init_weights)
print(model)
print("linears:", [name for name, m in model.named_modules() if isinstance(m, nn.Linear)])
print("buffers:", [(name, tuple(b.shape)) for name, b in model.named_buffers()])
print("state keys:", list(model.state_dict().keys()))
print("parameter count:", sum(p.numel() for p in model.parameters()))

fresh = Net()
state = {k: v for k, v in model.state_dict().items() if not k.startswith("head.")}
state["extra.weight"] = torch.zeros(1)
result = fresh.load_state_dict(state, strict=False)
print(result)
print("missing:", result.missing_keys, "unexpected:", result.unexpected_keys)
print("all keys matched:", fresh.load_state_dict(model.state_dict()))

model.backbone.requires_grad_(False)
trainable = [name for name, p in model.named_parameters() if p.requires_grad]
print("trainable:", trainable)
model.backbone.requires_grad_(True)
optimizer = torch.optim.AdamW([
    {"params": model.backbone.parameters(), "lr": 1e-4},
    {"params": [model.scale.gamma], "weight_decay": 0.0},
    {"params": model.head.parameters()},
], lr=1e-2, weight_decay=0.05)

x = torch.randn(6, 2, 6)
y = torch.randint(0, 3, (6,))
for step in range(3):
    loss = nn.functional.cross_entropy(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(f"step {step} loss {loss.item():.10f}")

saved = optimizer.state_dict()
print("param_groups:", saved["param_groups"])
print("state keys:", sorted(saved["state"].keys()))
print("state of 8:", saved["state"][8])
print("buffers after:", model.scale.calls, model.backbone[1].num_batches_tracked)

vector = parameters_to_vector(model.head.parameters())
print("vector:", vector.shape, vector[:4])
vector_to_parameters(torch.arange(vector.numel(), dtype=torch.float64), model.head.parameters())
print("head bias:", model.head.bias)
clone = Net()
clone.load_state_dict(model.state_dict())
print("cache kept out:", "scale.cache" in clone.state_dict(), clone.scale.cache)
print("eval outputs equal:", torch.equal(clone.eval()(x), model.eval()(x)))
