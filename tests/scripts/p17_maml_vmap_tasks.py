import torch

# MAML written the functorch way: the inner loop uses torch.func.grad over functional_call,
# the tasks of a meta-batch are adapted in one vmap (in_dims over the task data, the meta-
# parameters shared), the meta-gradient flows through the inner steps (second order) into an
# Adam meta-optimizer, and a first-order variant detaches the inner gradients. Sine regression
# tasks in float64 so every printed digit is deterministic.
import math

import torch.nn as nn
import torch.nn.functional as F
from torch.func import functional_call, grad, vmap

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(1, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(),
                      nn.Linear(32, 1)).double()
meta_params = dict(model.named_parameters())


def sample_tasks(n, shots=10, generator=None):
    amplitude = torch.rand(n, 1, 1, dtype=torch.float64, generator=generator) * 4.9 + 0.1
    phase = torch.rand(n, 1, 1, dtype=torch.float64, generator=generator) * math.pi
    x = torch.rand(n, 2 * shots, 1, dtype=torch.float64, generator=generator) * 10 - 5
    y = amplitude * torch.sin(x + phase)
    return x[:, :shots], y[:, :shots], x[:, shots:], y[:, shots:]


def loss_fn(params, x, y):
    return F.mse_loss(functional_call(model, params, (x,)), y)


def adapt(params, x, y, steps=2, lr=0.01, first_order=False):
    for _ in range(steps):
        grads = grad(loss_fn)(params, x, y)
        if first_order:
            grads = {k: g.detach() for k, g in grads.items()}
        params = {k: p - lr * grads[k] for k, p in params.items()}
    return params


def task_loss(params, x_s, y_s, x_q, y_q, first_order=False):
    adapted = adapt(params, x_s, y_s, first_order=first_order)
    return loss_fn(adapted, x_q, y_q)


meta_opt = torch.optim.Adam(model.parameters(), lr=1e-3)
gen = torch.Generator().manual_seed(5)
for step in range(6):
    x_s, y_s, x_q, y_q = sample_tasks(4, generator=gen)
    losses = vmap(task_loss, in_dims=(None, 0, 0, 0, 0))(meta_params, x_s, y_s, x_q, y_q)
    meta_loss = losses.mean()
    meta_opt.zero_grad()
    meta_loss.backward()
    meta_opt.step()
    print(f"step {step} meta loss {meta_loss.item():.10f} per task {losses.detach()}")

print("grad of first layer", model[0].weight.grad[:3].flatten())

x_s, y_s, x_q, y_q = sample_tasks(3, generator=gen)
second = torch.func.grad(lambda p: vmap(task_loss, in_dims=(None, 0, 0, 0, 0))(
    p, x_s, y_s, x_q, y_q).mean())({k: v.detach() for k, v in meta_params.items()})
first = torch.func.grad(lambda p: vmap(lambda *a: task_loss(*a, first_order=True),
                                       in_dims=(None, 0, 0, 0, 0))(
    p, x_s, y_s, x_q, y_q).mean())({k: v.detach() for k, v in meta_params.items()})
print("second-order", second["4.bias"], "first-order", first["4.bias"])
print("orders differ", not torch.allclose(second["0.weight"], first["0.weight"]))

loop = torch.stack([task_loss(meta_params, x_s[i], y_s[i], x_q[i], y_q[i]) for i in range(3)])
batched = vmap(task_loss, in_dims=(None, 0, 0, 0, 0))(meta_params, x_s, y_s, x_q, y_q)
print("vmap equals loop", torch.allclose(loop, batched), batched.grad_fn is not None)
