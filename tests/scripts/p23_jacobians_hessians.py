import torch

# The "Jacobians, Hessians, hvp, vhp, and more: composing function transforms" tutorial and
# the torch.autograd.functional docs: a linear layer's Jacobian with respect to its input
# by jacrev and jacfwd (and argnums= for the weights), batched Jacobians by vmap and by
# summing outputs, Hessians three ways, hvp by jvp-of-grad, vjp/jvp pairs, and
# autograd.functional's jacobian/hessian/vjp/jvp/hvp/vhp with vectorize=True, strategy=,
# create_graph= and strict=.
import torch.nn.functional as F
from functools import partial
from torch.func import hessian, jacfwd, jacrev, jvp, vjp, vmap
import torch.autograd.functional as AF

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def predict(weight, bias, x):
    return F.linear(x, weight, bias).tanh()


D = 4
weight = torch.randn(D, D)
bias = torch.randn(D)
x = torch.randn(D)

# row by row with vjp: what jacrev vectorises
_, vjp_fn = vjp(partial(predict, weight, bias), x)
unit_vectors = torch.eye(D)
rows = [vjp_fn(v)[0] for v in unit_vectors]
jacobian_rows = torch.stack(rows)
ft_jacobian = jacrev(predict, argnums=2)(weight, bias, x)
print(ft_jacobian.shape, torch.allclose(ft_jacobian, jacobian_rows))
print(ft_jacobian)
print("jacfwd agrees:", torch.allclose(jacfwd(predict, argnums=2)(weight, bias, x), ft_jacobian))

# with respect to the weight and the bias at once
jac_weight, jac_bias = jacrev(predict, argnums=(0, 1))(weight, bias, x)
print("weight jac", tuple(jac_weight.shape), "bias jac", tuple(jac_bias.shape))
print(jac_bias.diagonal())

# batched Jacobians: vmap over the batch, or the sum trick
batch = torch.randn(3, D)
per_sample = vmap(jacrev(predict, argnums=2), in_dims=(None, None, 0))(weight, bias, batch)
summed = jacrev(lambda xs: predict(weight, bias, xs).sum(0))(batch).movedim(1, 0)
print(per_sample.shape, torch.allclose(per_sample, summed))
print(per_sample[1].trace())

# Hessians: hessian(), jacfwd(jacrev()), jacrev(jacrev())


def energy(x):
    return (x.sin() * x.roll(1)).sum() + 0.5 * (x ** 4).sum()


h1 = hessian(energy)(x)
h2 = jacfwd(jacrev(energy))(x)
h3 = jacrev(jacrev(energy))(x)
print(h1.shape, torch.allclose(h1, h2), torch.allclose(h1, h3), torch.allclose(h1, h1.T))
print(h1)

# a batch of Hessians of a net's output
hess_batch = vmap(hessian(lambda xi: predict(weight, bias, xi).sum()))(batch)
print("batched hessians", tuple(hess_batch.shape), hess_batch[0, 0, :2])


# hvp: forward-over-reverse, checked against the full Hessian
def hvp_func(f, primals, tangents):
    return jvp(torch.func.grad(f), primals, tangents)[1]


v = torch.randn(D)
print("hvp", hvp_func(energy, (x,), (v,)))
print("H @ v", h1 @ v)

# vjp and jvp on a function of two inputs
value, vjp_two = vjp(lambda a, b: a * b.exp(), x, v)
ga, gb = vjp_two(torch.ones(D))
print("vjp", ga, gb)
out, tangent_out = jvp(lambda a, b: a * b.exp(), (x, v), (torch.ones(D), torch.zeros(D)))
print("jvp", tangent_out, torch.equal(out, value))

# torch.autograd.functional: the older API, with vectorize and the forward strategy


def two_outputs(a, b):
    return a * b, (a - b).pow(2).sum()


inputs = (x.clone(), v.clone())
jac = AF.jacobian(two_outputs, inputs)
print("jacobian nesting:", len(jac), len(jac[0]), tuple(jac[0][0].shape), tuple(jac[1][1].shape))
jac_vec = AF.jacobian(two_outputs, inputs, vectorize=True)
jac_fwd = AF.jacobian(two_outputs, inputs, vectorize=True, strategy="forward-mode")
print("vectorize agrees:", all(torch.allclose(p, q) for row_p, row_q in zip(jac, jac_vec)
                               for p, q in zip(row_p, row_q)))
print("forward-mode agrees:", all(torch.allclose(p, q) for row_p, row_q in zip(jac, jac_fwd)
                                  for p, q in zip(row_p, row_q)))
print(jac[1][0])

try:
    AF.jacobian(two_outputs, inputs, strategy="forward-mode")
except NotImplementedError as error:
    print("NotImplementedError:", error)
try:
    AF.jacobian(two_outputs, inputs, strategy="sideways")
except AssertionError as error:
    print("AssertionError:", error)

H = AF.hessian(energy, x)
H_vec = AF.hessian(energy, x, vectorize=True, outer_jacobian_strategy="forward-mode")
print("AF.hessian", torch.allclose(H, h1), torch.allclose(H_vec, h1))

fx, vhp_out = AF.vhp(energy, x, v)
fx2, hvp_out = AF.hvp(energy, x, v)
print("vhp == hvp (symmetric H):", torch.allclose(vhp_out, hvp_out), round(fx.item(), 10),
      fx.item() == fx2.item())
print(vhp_out)

out, vjp_out = AF.vjp(lambda t: t.cumsum(0) * 2, x, torch.ones(D))
print("AF.vjp", vjp_out)
out, jvp_out = AF.jvp(lambda t: t.cumsum(0) * 2, x, torch.ones(D))
print("AF.jvp", jvp_out)
print("requires_grad without create_graph:", vjp_out.requires_grad, out.requires_grad)

# create_graph=True keeps the results differentiable: a third derivative
xg = x.clone().requires_grad_()
_, hv = AF.hvp(energy, xg, v, create_graph=True)
third = torch.autograd.grad(hv.sum(), xg)[0]
print("d/dx (H v).sum()", third, hv.grad_fn is not None)

# strict=True refuses outputs independent of the input
try:
    AF.jacobian(lambda t: torch.ones(2), x, strict=True)
except Exception as error:
    print(type(error).__name__, error)
print(AF.jacobian(lambda t: torch.ones(2), x))
print(AF.vjp(lambda t: t.sum() * 0 + 3.0, x)[1])

# a single-output function with a tuple of inputs gives a tuple of Jacobians
jw, jb = AF.jacobian(lambda w, b: predict(w, b, x), (weight, bias), vectorize=True)
print(torch.allclose(jw, jac_weight), torch.allclose(jb, jac_bias))
print(torch.func.jacrev(torch.sin)(torch.tensor(0.5)), jacfwd(torch.sin)(torch.tensor(0.5)))

# has_aux, chunk_size, and Jacobians of a module's parameters through functional_call


def loss_with_aux(x):
    y = x.sin()
    return y * 2, {"norm": y.norm()}


jac_aux, aux = jacrev(loss_with_aux, has_aux=True, chunk_size=2)(x)
print("aux", round(aux["norm"].item(), 8), jac_aux.diagonal())
jac_fwd_aux, aux_fwd = jacfwd(loss_with_aux, has_aux=True)(x)
print(torch.allclose(jac_aux, jac_fwd_aux), aux_fwd["norm"].requires_grad)

model = torch.nn.Sequential(torch.nn.Linear(D, 3), torch.nn.Tanh(), torch.nn.Linear(3, 1))
params = {name: p.detach() for name, p in model.named_parameters()}


def model_out(params, inp):
    return torch.func.functional_call(model, params, (inp,)).squeeze(-1)


param_jac = jacrev(model_out)(params, batch)
print({name: tuple(j.shape) for name, j in param_jac.items()})
print(param_jac["2.bias"].flatten(), param_jac["0.weight"][0, 0])
out, linear_fn = torch.func.linearize(torch.sin, x)
print("linearize", torch.allclose(linear_fn(v), x.cos() * v), torch.equal(out, x.sin()))
h_ab = hessian(lambda a, b: (a * b.sin()).sum(), argnums=(0, 1))(x, v)
print("mixed hessian blocks", tuple(h_ab[0][1].shape), h_ab[0][1].diagonal())
scaled = vmap(lambda a, s: a * s, in_dims=(1, None), out_dims=1)(batch, 2.0)
print(scaled.shape, torch.equal(scaled, batch * 2))
