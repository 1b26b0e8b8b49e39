import torch

# torch.func in practice: per-sample gradients with vmap(grad(...)) over functional_call,
# Jacobians and Hessians with jacrev/jacfwd/hessian, forward-mode derivatives with jvp and with
# dual numbers in torch.autograd.forward_ad, and ensembling stacked models with
# stack_module_state + vmap.
import copy

import torch.autograd.forward_ad as fwAD
import torch.nn.functional as F
from torch import nn
from torch.func import (functional_call, grad, grad_and_value, hessian, jacfwd, jacrev, jvp,
                        stack_module_state, vmap, vjp)

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Linear(8, 1))
params = {k: v.detach() for k, v in model.named_parameters()}
x = torch.randn(5, 3)
y = torch.randn(5, 1)


def sample_loss(p, xi, yi):
    prediction = functional_call(model, p, (xi.unsqueeze(0),))
    return F.mse_loss(prediction, yi.unsqueeze(0))


per_sample = vmap(grad(sample_loss), in_dims=(None, 0, 0))(params, x, y)
print({k: tuple(v.shape) for k, v in per_sample.items()})
batch_grads = torch.autograd.grad(F.mse_loss(model(x), y, reduction="sum"),
                                  list(model.parameters()))
print(torch.allclose(per_sample["0.weight"].sum(0), batch_grads[0], atol=1e-6))
print(per_sample["2.bias"].squeeze())
grads, value = grad_and_value(sample_loss)(params, x[0], y[0])
print(f"{value.item():.6f}", grads["2.weight"])


def f(v):
    return torch.stack([v[0] * v[1], torch.sin(v[2]), (v ** 2).sum()])


v = torch.tensor([0.5, -1.0, 2.0])
print(jacrev(f)(v))
print(torch.allclose(jacfwd(f)(v), jacrev(f)(v)))
print(hessian(lambda u: (u ** 3).sum() + u[0] * u[1])(v))
out, tangent = jvp(f, (v,), (torch.tensor([1.0, 0.0, 0.0]),))
print(out, tangent)
out, pullback = vjp(f, v)
print(pullback(torch.ones(3)))
print(vmap(torch.dot)(torch.randn(4, 3), torch.randn(4, 3)).shape,
      vmap(lambda a: a.sum(0), in_dims=1)(torch.randn(2, 6, 3)).shape)

with fwAD.dual_level():
    primal = torch.tensor([1.0, 2.0])
    dual = fwAD.make_dual(primal, torch.tensor([1.0, 0.0]))
    result = torch.exp(dual) * dual.sum()
    unpacked = fwAD.unpack_dual(result)
    print(unpacked.primal, unpacked.tangent)

ensemble = [nn.Linear(3, 2) for _ in range(4)]
stacked_params, stacked_buffers = stack_module_state(ensemble)
base = copy.deepcopy(ensemble[0])


def call_one(p, b, data):
    return functional_call(base, (p, b), (data,))


outputs = vmap(call_one, in_dims=(0, 0, None))(stacked_params, stacked_buffers, x)
print(outputs.shape, torch.allclose(outputs[2], ensemble[2](x)))
print(stacked_params["weight"].shape, stacked_params["weight"].requires_grad)
