import torch  # noqa: I001 (the harness requires torch first)

# What production training code does around a model: device selection with a CPU fallback,
# forward hooks that extract features and a pre-hook that rescales inputs, a full backward hook,
# non-persistent buffers, a versioned _load_from_state_dict that migrates an old checkpoint's
# key names, load_state_dict(strict=False) reports, a custom parametrization (a symmetric
# matrix) beside parametrizations.weight_norm, activation checkpointing
# (torch.utils.checkpoint, use_reentrant=False), gradient accumulation, an EMA copy by
# swa_utils.AveragedModel, get/set_rng_state and fork_rng, and anomaly mode naming the
# backward that made a NaN.
import copy
from collections import OrderedDict

import torch.nn.functional as F
from torch import nn
from torch.nn.utils import parametrize
from torch.nn.utils.parametrizations import weight_norm
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn
from torch.utils.checkpoint import checkpoint

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
print("device:", device, "cuda devices:", torch.cuda.device_count())
torch.manual_seed(4)


class Symmetric(nn.Module):
    def forward(self, X):
        return X.triu() + X.triu(1).transpose(-1, -2)


class Block(nn.Module):
    _version = 2

    def __init__(self, dim):
        super().__init__()
        self.proj = nn.Linear(dim, dim)
        self.norm = nn.LayerNorm(dim)
        self.register_buffer("scale", torch.tensor(0.5))
        self.register_buffer("cache", torch.zeros(dim), persistent=False)

    def forward(self, x):
        return x + self.scale * F.gelu(self.proj(self.norm(x)))

    def _load_from_state_dict(self, state_dict, prefix, local_metadata, strict, missing_keys,
                              unexpected_keys, error_msgs):
        version = local_metadata.get("version", None)
        if version is None or version < 2:
            for old, new in (("fc", "proj"), ("ln", "norm")):
                for suffix in ("weight", "bias"):
                    if prefix + f"{old}.{suffix}" in state_dict:
                        state_dict[prefix + f"{new}.{suffix}"] = state_dict.pop(
                            prefix + f"{old}.{suffix}")
        super()._load_from_state_dict(state_dict, prefix, local_metadata, strict, missing_keys,
                                      unexpected_keys, error_msgs)


class Net(nn.Module):
    def __init__(self, dim=8):
        super().__init__()
        self.stem = weight_norm(nn.Linear(4, dim))
        self.blocks = nn.Sequential(Block(dim), Block(dim))
        self.mix = nn.Linear(dim, dim, bias=False)
        parametrize.register_parametrization(self.mix, "weight", Symmetric())
        self.head = nn.Linear(dim, 2)

    def forward(self, x, use_checkpoint=False):
        h = torch.tanh(self.stem(x))
        for block in self.blocks:
            h = checkpoint(block, h, use_reentrant=False) if use_checkpoint else block(h)
        return self.head(self.mix(h))


model = Net().to(device)
print("state_dict keys:", list(model.state_dict().keys()))
print("mix symmetric:", torch.equal(model.mix.weight, model.mix.weight.T),
      "parametrized:", parametrize.is_parametrized(model.mix, "weight"))

features = {}
handles = [model.blocks[i].register_forward_hook(
    lambda module, args, output, i=i: features.__setitem__(f"block{i}", output.detach()))
    for i in range(2)]
handles.append(model.head.register_forward_pre_hook(lambda module, args: (args[0] * 2,)))
grad_norms = []
handles.append(model.stem.register_full_backward_hook(
    lambda module, grad_input, grad_output: grad_norms.append(grad_output[0].norm().item())))
x, y = torch.randn(16, 4), torch.randint(0, 2, (16,))
out = model(x)
F.cross_entropy(out, y).backward()
print({k: tuple(v.shape) for k, v in features.items()}, "block1 mean",
      round(features["block1"].mean().item(), 5), "stem grad norm", round(grad_norms[0], 5))
for h in handles:
    h.remove()
model.zero_grad()

with torch.no_grad():
    plain, ckpt = model(x), model(x, use_checkpoint=True)
print("checkpointed forward equal:", torch.equal(plain, ckpt))
loss_plain = F.cross_entropy(model(x), y)
grads_plain = torch.autograd.grad(loss_plain, list(model.parameters()))
loss_ckpt = F.cross_entropy(model(x, use_checkpoint=True), y)
grads_ckpt = torch.autograd.grad(loss_ckpt, list(model.parameters()))
print("checkpointed grads match:", all(torch.allclose(a, b) for a, b in zip(grads_plain,
                                                                           grads_ckpt)))

old_state = OrderedDict()
for k, v in model.state_dict().items():
    old_state[k.replace("proj", "fc").replace("norm", "ln")] = v.clone()
old_state._metadata = OrderedDict((k, {"version": 1}) for k in model.state_dict()._metadata)
fresh = Net()
print("migrated load:", fresh.load_state_dict(old_state))
print("same after migration:", torch.equal(fresh(x), model(x)))
trimmed = {k: v for k, v in model.state_dict().items() if not k.startswith("head.")}
trimmed["extra.weight"] = torch.zeros(1)
print("strict=False:", Net().load_state_dict(trimmed, strict=False))

optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.9))
accumulation = 4
for step, (xb, yb) in enumerate(zip(torch.randn(12, 4, 4).unbind(), torch.randint(0, 2,
                                                                                  (12, 4)))):
    loss = F.cross_entropy(model(xb, use_checkpoint=True), yb) / accumulation
    loss.backward()
    if (step + 1) % accumulation == 0:
        optimizer.step()
        optimizer.zero_grad()
        ema.update_parameters(model)
        print(f"update {(step + 1) // accumulation}: loss {loss.item() * accumulation:.5f} "
              f"ema n_averaged {ema.n_averaged.item()} "
              f"mix still symmetric {torch.allclose(model.mix.weight, model.mix.weight.T)}")
print("ema vs model head distance:",
      round((ema.module.head.weight - model.head.weight).norm().item(), 6))
print("weight_norm g shape", tuple(model.stem.parametrizations.weight.original0.shape))
removed, symmetric = copy.deepcopy(model), model.mix.weight.detach().clone()
parametrize.remove_parametrizations(removed.mix, "weight")
print("after removal:", type(removed.mix).__name__, type(removed.mix.weight).__name__,
      torch.equal(removed.mix.weight, symmetric))

state = torch.get_rng_state()
first = torch.rand(2)
torch.set_rng_state(state)
print("rng state restored:", torch.equal(first, torch.rand(2)), first)
with torch.random.fork_rng():
    torch.manual_seed(123)
    inside = torch.rand(2)
outside = torch.rand(2)
print("fork_rng leaves the outer stream alone:", inside, outside)

with torch.autograd.detect_anomaly():
    a = torch.tensor([1.0, 0.0], requires_grad=True)
    b = torch.sqrt(a) * 0.0
    try:
        (b / a).sum().backward()
    except RuntimeError as error:
        print("anomaly:", str(error).split(".")[0])
