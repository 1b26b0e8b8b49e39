import torch
# Hypernetworks and weight-space models as their research repositories write them: a
# hypernetwork that emits a target MLP's weights from a task embedding, applied through
# torch.func.functional_call (one task at a time, then all tasks at once under torch.vmap),
# an ensemble of small nets stacked with torch.func.stack_module_state and run from a
# meta-device copy, parameters flattened with parameters_to_vector / vector_to_parameters,
# and a permutation-invariant weight-space encoder (DeepSets over hidden neurons) checked
# against a hidden-unit permutation that leaves the target network's function unchanged.
import copy
import math

import torch.nn as nn
import torch.nn.functional as F
from torch.func import functional_call, stack_module_state, vmap
from torch.nn.utils import parameters_to_vector, vector_to_parameters

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


class Target(nn.Module):
    def __init__(self, d_in=2, hidden=8, d_out=1):
        super().__init__()
        self.fc1 = nn.Linear(d_in, hidden)
        self.fc2 = nn.Linear(hidden, d_out)

    def forward(self, x):
        return self.fc2(torch.sin(self.fc1(x)))


class HyperNetwork(nn.Module):
    def __init__(self, target, n_tasks, emb_dim=4, hidden=32):
        super().__init__()
        self.shapes = {n: p.shape for n, p in target.named_parameters()}
        self.numels = [math.prod(s) for s in self.shapes.values()]
        self.task_emb = nn.Embedding(n_tasks, emb_dim)
        self.net = nn.Sequential(nn.Linear(emb_dim, hidden), nn.ReLU(),
                                 nn.Linear(hidden, sum(self.numels)))
        with torch.no_grad():
            self.net[-1].weight.mul_(0.1)

    def forward(self, task):
        flat = self.net(self.task_emb(task))
        chunks = torch.split(flat, self.numels, dim=-1)
        return {n: c.unflatten(-1, s) for (n, s), c in zip(self.shapes.items(), chunks)}


target = Target()
hyper = HyperNetwork(target, n_tasks=3)
print("target shapes", {n: tuple(s) for n, s in hyper.shapes.items()}, "numels", hyper.numels)

xs = torch.linspace(-2, 2, 16).unsqueeze(-1).repeat(1, 2) * torch.tensor([1.0, -0.5])
freqs = torch.tensor([1.0, 2.0, 3.0])
ys = torch.sin(freqs[:, None, None] * xs[None, :, :1])  # (task, point, 1)

opt = torch.optim.Adam(hyper.parameters(), lr=1e-2)
for step in range(6):
    params = hyper(torch.arange(3))
    preds = vmap(functional_call, in_dims=(None, 0, None))(target, params, (xs,))
    loss = F.mse_loss(preds, ys)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"hyper step {step} loss {loss.item():.10f}")

with torch.no_grad():
    params = hyper(torch.arange(3))
    one = functional_call(target, {k: v[1] for k, v in params.items()}, (xs,))
    batched = vmap(functional_call, in_dims=(None, 0, None))(target, params, (xs,))
    print("vmap matches task 1", torch.allclose(batched[1], one, rtol=1e-12, atol=1e-14))
    print("target's own weights untouched", target.fc1.weight.requires_grad,
          round(target(xs).sum().item(), 10) != round(one.sum().item(), 10))

# strict functional_call: a missing key and an unexpected key
try:
    functional_call(target, {"fc1.weight": params["fc1.weight"][0]}, (xs,), strict=True)
except RuntimeError as e:
    print("RuntimeError", str(e).splitlines()[0])

# an ensemble of five targets stacked and run from a meta-device skeleton
torch.manual_seed(1)
models = [Target() for _ in range(5)]
ens_params, ens_buffers = stack_module_state(models)
base = copy.deepcopy(models[0]).to("meta")
print("stacked", {k: tuple(v.shape) for k, v in ens_params.items()}, "buffers", ens_buffers,
      base.fc1.weight.device, ens_params["fc1.weight"].requires_grad)


def fmodel(params, buffers, x):
    return functional_call(base, (params, buffers), (x,))


ens_out = vmap(fmodel, in_dims=(0, 0, None))(ens_params, ens_buffers, xs)
loop_out = torch.stack([m(xs) for m in models])
print("ensemble", tuple(ens_out.shape), torch.allclose(ens_out, loop_out, rtol=1e-12))
ens_out.mean().backward()
print("stacked grad", round(ens_params["fc2.weight"].grad.norm().item(), 10),
      ens_params["fc2.weight"].grad.shape)

vec = parameters_to_vector(models[0].parameters())
print("flat", vec.shape, round(vec.sum().item(), 10))
vector_to_parameters(vec * 0 + 0.25, models[0].parameters())
print("after vector_to_parameters", models[0].fc2.bias.tolist(),
      models[0].fc1.weight.data_ptr() != vec.data_ptr())
try:
    vector_to_parameters(vec[:-1], models[1].parameters())
except Exception as e:
    print(type(e).__name__, e)


class NeuronSetEncoder(nn.Module):
    """DeepSets over the hidden neurons of a two-layer MLP: each neuron is the row of fc1
    (weights and bias) together with its fc2 column."""

    def __init__(self, d_in, d_out, width=16):
        super().__init__()
        self.phi = nn.Sequential(nn.Linear(d_in + 1 + d_out, width), nn.ReLU(),
                                 nn.Linear(width, width))
        self.rho = nn.Sequential(nn.ReLU(), nn.Linear(width, 1))

    def forward(self, sd):
        neurons = torch.cat([sd["fc1.weight"], sd["fc1.bias"][:, None], sd["fc2.weight"].T], -1)
        return self.rho(self.phi(neurons).sum(0) + sd["fc2.bias"].sum())


torch.manual_seed(2)
net = Target()
perm = torch.randperm(8)
permuted = Target()
with torch.no_grad():
    permuted.fc1.weight.copy_(net.fc1.weight[perm])
    permuted.fc1.bias.copy_(net.fc1.bias[perm])
    permuted.fc2.weight.copy_(net.fc2.weight[:, perm])
    permuted.fc2.bias.copy_(net.fc2.bias)
print("permutation", perm.tolist(), "same function",
      torch.allclose(net(xs), permuted(xs), rtol=1e-13, atol=1e-15))
enc = NeuronSetEncoder(2, 1)
a = enc(dict(net.named_parameters()))
b = enc(dict(permuted.named_parameters()))
print("weight-space encoder invariant", torch.allclose(a, b, rtol=1e-12), round(a.item(), 10))

# predict each random MLP's mean output on the grid from its weights alone
zoo = [Target() for _ in range(12)]
labels = torch.stack([m(xs).mean().detach() for m in zoo])
sds = [{k: v.detach() for k, v in m.state_dict().items()} for m in zoo]
opt = torch.optim.SGD(enc.parameters(), lr=0.05, momentum=0.9)
for epoch in range(4):
    pred = torch.cat([enc(sd) for sd in sds])
    loss = F.mse_loss(pred, labels)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"weight-space epoch {epoch} loss {loss.item():.10f}")
print(torch.get_default_dtype(), enc.phi[0].weight.dtype)
torch.set_default_dtype(torch.float32)
