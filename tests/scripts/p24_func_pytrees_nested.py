import torch

# torch.func beyond the first tutorial: vmap over dicts and nested tuples of inputs with
# matching in_dims, out_dims per output, nested vmap (pairwise distances), chunk_size,
# vmap of functional_call over stacked ensembles with buffers, grad/jacrev with has_aux and
# argnums tuples, vjp/jvp with has_aux, hessian of a model's loss wrt a parameter dict,
# jacfwd of jacrev, and the custom Function with a vmap rule used inside nested transforms.
from torch import nn
from torch.func import (functional_call, grad, grad_and_value, hessian, jacfwd, jacrev, jvp,
                        stack_module_state, vjp, vmap)

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)

batch = {"x": torch.randn(4, 3), "scale": torch.rand(4)}
print(vmap(lambda d: d["x"] * d["scale"])(batch).shape)
print(vmap(lambda d, w: (d["x"] @ w).sum() * d["scale"], in_dims=({"x": 0, "scale": 0}, None))(
    batch, torch.ones(3)))
pair = (torch.randn(3, 2), (torch.randn(2, 3), torch.randn(5)))
out = vmap(lambda a, bc: (a.sum(), bc[0] * 2, bc[1].sum()), in_dims=(0, (1, None)),
           out_dims=(0, 1, None))(*pair)
print([o.shape for o in out])
points = torch.randn(5, 2)
distances = vmap(vmap(lambda p, q: (p - q).norm(), in_dims=(None, 0)), in_dims=(0, None))(
    points, points)
print(torch.allclose(distances, torch.cdist(points, points)), distances.diagonal().abs().max())
u, w = torch.randn(5, 3), torch.randn(5, 2)
print(torch.equal(vmap(torch.outer, chunk_size=2)(u, w), vmap(torch.outer)(u, w)))
x = torch.arange(6.0).reshape(2, 3)
print(vmap(lambda row: row.cumsum(0), in_dims=1)(x), vmap(torch.sum, in_dims=-1,
                                                            out_dims=0)(x))
print(vmap(lambda v: v.new_zeros(2) + v.sum())(x), vmap(lambda v: torch.stack([v, v * 2]),
                                                        out_dims=1)(x).shape)


class Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(3, 2)
        self.register_buffer("offset", torch.randn(2))

    def forward(self, x):
        return self.linear(x).tanh() + self.offset


models = [Tiny() for _ in range(3)]
params, buffers = stack_module_state(models)
print({k: v.shape for k, v in params.items()}, {k: v.shape for k, v in buffers.items()})
base = Tiny().to("meta")
data = torch.randn(4, 3)


def ensemble_member(p, b, x):
    return functional_call(base, (p, b), (x,))


stacked = vmap(ensemble_member, in_dims=(0, 0, None))(params, buffers, data)
print(stacked.shape, torch.allclose(stacked[1], models[1](data)))
minibatches = torch.randn(3, 4, 3)
per_model = vmap(ensemble_member)(params, buffers, minibatches)
print(torch.allclose(per_model[2], models[2](minibatches[2])))

model = Tiny()
named = {k: v.detach() for k, v in model.named_parameters()}
target = torch.randn(4, 2)


def loss_fn(p, x, y):
    pred = functional_call(model, p, (x,))
    return ((pred - y) ** 2).mean(), pred


grads, pred = grad(loss_fn, has_aux=True)(named, data, target)
print({k: v.shape for k, v in grads.items()}, pred.shape)
(g_params, g_x), (loss, _) = grad_and_value(loss_fn, argnums=(0, 1), has_aux=True)(
    named, data, target)
print(f"{loss.item():.10f}", g_x.shape, torch.allclose(g_params["linear.bias"],
                                                       grads["linear.bias"]))
per_sample = vmap(grad(lambda p, x, y: loss_fn(p, x[None], y[None])[0]),
                  in_dims=(None, 0, 0))(named, data, target)
print({k: v.shape for k, v in per_sample.items()})
print(torch.allclose(per_sample["linear.weight"].mean(0), grads["linear.weight"]))
H = hessian(lambda p: loss_fn(p, data, target)[0])(named)
print({(a, b): tuple(H[a][b].shape) for a in H for b in H[a]})
print(torch.allclose(H["linear.bias"]["linear.weight"].transpose(0, 1).transpose(1, 2)
                     .reshape(6, 2).T.reshape(2, 2, 3), H["linear.bias"]["linear.weight"]))

f = lambda a, b: (a * b.sin()).sum()  # noqa: E731
a, b = torch.randn(3), torch.randn(3)
ja, jb = jacrev(f, argnums=(0, 1))(a, b)
print(torch.allclose(ja, b.sin()), torch.allclose(jb, a * b.cos()))
jac, aux = jacrev(lambda t: (t.exp(), t.sum()), has_aux=True)(a)
print(jac.shape, torch.allclose(jac, a.exp().diag()), aux)
print(torch.allclose(jacfwd(jacrev(f))(a, b), torch.zeros(3, 3)),
      torch.allclose(jacfwd(jacrev(f, argnums=1), argnums=1)(a, b), (-a * b.sin()).diag()))
out, vjp_fn, aux = vjp(lambda t: (t ** 2, t.mean()), a, has_aux=True)
print(vjp_fn(torch.ones(3)), aux)
primal, tangent, aux = jvp(lambda t: (t.sin(), t.cos()), (a,), (torch.ones(3),), has_aux=True)
print(torch.allclose(tangent, a.cos()), torch.allclose(aux, a.cos()))
print(jacrev(lambda t: t.softmax(0))(torch.tensor([1.0, 2.0])))
print(vmap(jacrev(torch.sin))(torch.tensor([[0.0, 1.0], [2.0, 3.0]])))
try:
    vmap(lambda t: t.sum(), in_dims=(0, 0))(a)
except ValueError as error:
    print("in_dims:", error)
try:
    vmap(lambda t, u: t + u)(torch.ones(2), torch.ones(3))
except ValueError as error:
    print("sizes:", error)
try:
    grad(lambda t: t * 2)(a)
except RuntimeError as error:
    print("grad output:", error)
try:
    jacrev(f, argnums=2)(a, b)
except RuntimeError as error:
    print("argnums:", error)
try:
    vmap(lambda t: t.item())(a)
except RuntimeError as error:
    print("item:", error[:60] if isinstance(error, str) else str(error)[:60])
