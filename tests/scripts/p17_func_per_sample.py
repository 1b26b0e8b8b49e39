import torch

# torch.func as research code uses it: per-sample gradients of a small CNN with vmap(grad)
# over functional_call, gradient clipping per sample (DP-SGD style) with noise from a seeded
# generator, model ensembling with stack_module_state, jacrev/jacfwd/hessian of dict inputs,
# jvp/vjp/linearize, grad with has_aux and argnums, vmap in_dims/out_dims/chunk_size and
# randomness modes.
import copy

import torch.nn as nn
import torch.nn.functional as F
from torch.func import (functional_call, grad, grad_and_value, hessian, jacfwd, jacrev, jvp,
                        linearize, stack_module_state, vjp, vmap)

torch.manual_seed(0)


class SmallCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3)
        self.fc = nn.Linear(4 * 4 * 4, 3)

    def forward(self, x):
        return self.fc(F.relu(self.conv(x)).flatten(1))


model = SmallCNN().double()
params = {k: v.detach() for k, v in model.named_parameters()}
buffers = {k: v.detach() for k, v in model.named_buffers()}
data = torch.randn(8, 1, 6, 6, dtype=torch.float64)
labels = torch.randint(0, 3, (8,))


def sample_loss(params, buffers, x, y):
    out = functional_call(model, (params, buffers), (x.unsqueeze(0),))
    return F.cross_entropy(out, y.unsqueeze(0))


per_sample = vmap(grad(sample_loss), in_dims=(None, None, 0, 0))(params, buffers, data, labels)
print({k: tuple(v.shape) for k, v in per_sample.items()})
leaves = {k: v.clone().requires_grad_() for k, v in params.items()}
loop = [torch.autograd.grad(sample_loss(leaves, buffers, data[i], labels[i]),
                            list(leaves.values())) for i in range(8)]
print("matches loop", all(torch.allclose(per_sample[name][i], loop[i][j])
                          for i in range(8) for j, name in enumerate(params)))
chunked = vmap(grad(sample_loss), in_dims=(None, None, 0, 0), chunk_size=3)(params, buffers,
                                                                             data, labels)
print("chunked close", all(torch.allclose(chunked[k], per_sample[k]) for k in params))

# DP-SGD: clip each sample's gradient to norm 1, add seeded Gaussian noise, average.
norms = torch.stack([g.flatten(1).norm(dim=1) for g in per_sample.values()]).norm(dim=0)
factor = (1.0 / (norms + 1e-6)).clamp(max=1.0)
gen = torch.Generator().manual_seed(3)
private = {k: (g * factor.view(-1, *[1] * (g.dim() - 1))).sum(0) for k, g in per_sample.items()}
private = {k: (g + 0.5 * torch.randn(g.shape, generator=gen, dtype=g.dtype)) / 8
           for k, g in private.items()}
print("per-sample norms", norms)
print("private fc.bias grad", private["fc.bias"])

# Ensembles: five models evaluated in one vmap over stacked weights.
torch.manual_seed(1)
models = [nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Linear(8, 1)) for _ in range(5)]
stacked_params, stacked_buffers = stack_module_state(models)
base = copy.deepcopy(models[0]).to("meta")


def run_one(p, b, x):
    return functional_call(base, (p, b), (x,))


x = torch.randn(4, 3)
ensemble = vmap(run_one, in_dims=(0, 0, None))(stacked_params, stacked_buffers, x)
print("ensemble", ensemble.shape, torch.allclose(ensemble[2], models[2](x)))
print(sorted(stacked_params), stacked_params["0.weight"].shape,
      stacked_params["0.weight"].requires_grad)


def f(inputs):
    return (inputs["a"].sin() * inputs["b"]).sum() + inputs["a"].pow(3).sum()


inputs = {"a": torch.tensor([0.3, -1.2], dtype=torch.float64),
          "b": torch.tensor([2.0, 0.5], dtype=torch.float64)}
jr = jacrev(f)(inputs)
jf = jacfwd(f)(inputs)
print({k: v.tolist() for k, v in jr.items()}, all(torch.allclose(jr[k], jf[k]) for k in jr))
h = hessian(f)(inputs)
print("hessian aa", h["a"]["a"], "ab", h["a"]["b"])


def g(x, y):
    return (x * y.exp()).sum(), {"norm": x.norm()}


(gx, gy), aux = grad(g, argnums=(0, 1), has_aux=True)(torch.ones(3), torch.arange(3.0))
print(gx, gy, aux)
(gr, val) = grad_and_value(lambda x: x.pow(2).sum())(torch.tensor([1.0, 2.0]))
print(gr, val)
out, tangent = jvp(torch.sin, (torch.tensor([0.0, 1.0]),), (torch.tensor([1.0, 2.0]),))
print(out, tangent)
out, vjp_fn = vjp(lambda x: x.cumsum(0) ** 2, torch.tensor([1.0, 2.0, 3.0]))
print(vjp_fn(torch.ones(3)))
out, jvp_fn = linearize(lambda x: x.exp().sum(-1), torch.zeros(2, 3))
print(out, jvp_fn(torch.ones(2, 3)))

batched = vmap(lambda a, b: a @ b, in_dims=(0, None), out_dims=1)(torch.randn(4, 2, 3),
                                                                     torch.randn(3, 5))
print(batched.shape)
print(vmap(torch.outer)(torch.arange(6.0).view(2, 3), torch.ones(2, 2)).shape)
torch.manual_seed(5)
same = vmap(lambda t: t + torch.rand(()), randomness="same")(torch.zeros(4))
different = vmap(lambda t: t + torch.rand(()), randomness="different")(torch.zeros(4))
print("same", len(set(same.tolist())), "different", len(set(different.tolist())))

for bad in (lambda: vmap(lambda t: t + torch.rand(()))(torch.zeros(4)),
            lambda: vmap(torch.add, in_dims=(0, 0))(torch.zeros(4), torch.zeros(3)),
            lambda: grad(lambda t: t * 2)(torch.ones(3)),
            lambda: vmap(lambda t: t, randomness="sometimes")(torch.zeros(2))):
    try:
        bad()
    except (RuntimeError, ValueError) as error:
        print(type(error).__name__ + ":", str(error).splitlines()[0])
