import torch
import copy
import torch.nn as nn
import torch.nn.functional as F
from torch.func import (functional_call, grad, grad_and_value, hessian, jacfwd, jacrev, jvp,
                        replace_all_batch_norm_modules_, stack_module_state, vjp, vmap)

# "torch.func whirlwind tour" and friends: grad/vjp/jvp with aux outputs and argnums,
# Jacobians in chunks, vmap's in_dims/out_dims and randomness, functional_call with several
# dicts and tied weights, batch norm under vmap, and a small ensemble trained functionally.
torch.manual_seed(0)
torch.set_printoptions(precision=5)


def loss_with_aux(w, x, y):
    pred = x @ w
    loss = F.mse_loss(pred, y)
    return loss, {"pred_mean": pred.mean().detach(), "n": torch.tensor(x.shape[0])}


w = torch.randn(3, dtype=torch.float64)
x = torch.randn(8, 3, dtype=torch.float64)
y = torch.randn(8, dtype=torch.float64)
g, aux = grad(loss_with_aux, has_aux=True)(w, x, y)
print("grad", g, "aux", aux)
(gw, gx), (value, aux2) = grad_and_value(loss_with_aux, argnums=(0, 1), has_aux=True)(w, x, y)
print("grad_and_value", value, gw.shape, gx.shape, torch.allclose(gw, g))
try:
    grad(lambda t: t * 2)(w)
except RuntimeError as err:
    print("RuntimeError", err)
try:
    grad(loss_with_aux)(w, x, y)
except RuntimeError as err:
    print("RuntimeError", str(err).split("\n")[0])

out, vjp_fn, aux3 = vjp(lambda t: (t.sin(), t.cos().sum()), w, has_aux=True)
print("vjp", vjp_fn(torch.ones_like(out)), aux3)
primal, tangent = jvp(lambda a, b: (a * b).sum(), (w, w), (torch.ones_like(w), w))
print("jvp", primal, tangent)
f = lambda a, b: torch.stack([a.sum() * b[0], (a ** 2).sum(), b.prod()])
print("jacrev argnums", jacrev(f, argnums=(0, 1))(w, w[:2]))
print("jacfwd == jacrev", torch.allclose(jacfwd(f)(w, w[:2]), jacrev(f, chunk_size=1)(w, w[:2])))
print("hessian", hessian(lambda t: (t ** 3).sum() + t[0] * t[1])(w))
try:
    jacrev(f, chunk_size=0)(w, w)
except ValueError as err:
    print("ValueError", err)

# batched Jacobians: vmap over jacrev
inputs = torch.randn(4, 3, dtype=torch.float64)
batched = vmap(jacrev(torch.sin))(inputs)
print("batched jacobian", batched.shape, torch.allclose(batched[2], torch.diag(inputs[2].cos())))

# vmap's dims
a = torch.arange(6.).reshape(2, 3)
b = torch.arange(3.)
print(vmap(torch.dot, in_dims=(0, None))(a, b))
print(vmap(lambda r: r * 2, in_dims=1, out_dims=1)(a))
print(vmap(lambda d: d["x"] + d["y"], in_dims=({"x": 0, "y": None},))({"x": a, "y": b}))
print(vmap(lambda r: (r.sum(), r.max()))(a))
try:
    vmap(torch.dot)(a, torch.arange(4.))
except ValueError as err:
    print("ValueError", str(err).split("\n")[0])
try:
    vmap(lambda r: r.item())(a)
except RuntimeError as err:
    print("RuntimeError", str(err).split("\n")[0])
print("chunked vmap", vmap(torch.outer, chunk_size=1)(a, a).shape)

# randomness
torch.manual_seed(1)
try:
    vmap(lambda r: F.dropout(r, 0.5))(torch.ones(3, 4))
except RuntimeError as err:
    print("RuntimeError", str(err).split("\n")[0][:120])
same = vmap(lambda r: r + torch.rand(()), randomness="same")(torch.zeros(3, 2))
diff = vmap(lambda r: r + torch.rand(()), randomness="different")(torch.zeros(3, 2))
print("same", bool((same == same[0, 0]).all()), "different rows",
      len(set(diff[:, 0].tolist())) == 3, bool((diff[:, 0] == diff[:, 1]).all()))

# functional_call: several dicts, buffers, tied weights, strict


class Tied(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(5, 3)
        self.proj = nn.Linear(3, 5, bias=False)
        self.proj.weight = self.embed.weight
        self.register_buffer("temperature", torch.tensor(2.0))

    def forward(self, idx):
        return self.proj(self.embed(idx)) / self.temperature


model = Tied()
idx = torch.tensor([0, 3])
new_w = torch.ones(5, 3)
print("tied", functional_call(model, {"embed.weight": new_w}, (idx,)))
print("untied", functional_call(model, {"embed.weight": new_w}, (idx,), tie_weights=False))
print("two dicts", functional_call(model, ({"embed.weight": new_w},
                                          {"temperature": torch.tensor(4.0)}), idx))
print("model untouched", model.temperature, model.embed.weight.sum().item() != 15.0)
try:
    functional_call(model, {"embed.weight": new_w, "extra": torch.ones(1)}, (idx,),
                    strict=True)
except RuntimeError as err:
    print("RuntimeError", str(err).split("\n")[0])
try:
    functional_call(model, ({"temperature": torch.tensor(1.)},
                            {"temperature": torch.tensor(3.)}), (idx,))
except ValueError as err:
    print("ValueError", err)

# batch norm under vmap needs replace_all_batch_norm_modules_
net = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 1))
params = {k: v.detach() for k, v in net.named_parameters()}
buffers = {k: v for k, v in net.named_buffers()}
data = torch.randn(5, 6, 3)
try:
    vmap(lambda d: functional_call(net, (params, buffers), (d,)))(data)
except RuntimeError as err:
    print("RuntimeError", str(err).split("\n")[0][:110])
replace_all_batch_norm_modules_(net)
print("after replace", net[1].running_mean, net[1].track_running_stats,
      list(dict(net.named_buffers())))
outs = vmap(lambda d: functional_call(net, params, (d,)))(data)
print("per-batch normalised", outs.shape)

# a small ensemble trained with grad over stacked parameters


def make():
    return nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1)).double()


torch.manual_seed(2)
models = [make() for _ in range(3)]
params, buffers = stack_module_state(models)
print("stacked", {k: tuple(v.shape) for k, v in params.items()})
base = copy.deepcopy(models[0]).to("meta")


def fmodel(p, b, xb):
    return functional_call(base, (p, b), (xb,))


def loss_fn(p, b, xb, yb):
    return F.mse_loss(fmodel(p, b, xb).squeeze(-1), yb)


xs = torch.randn(16, 2, dtype=torch.float64)
ys = torch.sin(xs[:, 0]) * xs[:, 1]
grad_all = vmap(grad(loss_fn), in_dims=(0, 0, None, None))
for step in range(4):
    grads = grad_all(params, buffers, xs, ys)
    params = {k: v - 0.3 * grads[k] for k, v in params.items()}
    losses = vmap(loss_fn, in_dims=(0, 0, None, None))(params, buffers, xs, ys)
    print("ensemble step", step, losses.detach())
print("member 1 by hand", torch.allclose(
    F.mse_loss(functional_call(make().to("meta"), {k: v[1] for k, v in params.items()},
                               (xs,)).squeeze(-1), ys), losses[1]))
