import torch
from torch.autograd.functional import jacobian, jvp, vjp
from torch.func import functional_call, grad, hessian, jacfwd, jacrev, vmap

torch.manual_seed(4)


def f(x):
    return (x.sin() * x ** 2).sum()


x = torch.randn(4)
print(grad(f)(x))
print(torch.allclose(grad(f)(x), torch.cos(x) * x ** 2 + 2 * x * torch.sin(x)))
print(grad(grad(lambda t: t ** 4))(torch.tensor(2.0)))


def g(v):
    return torch.stack([v[0] * v[1], v[1].exp(), v.sum()])


v = torch.tensor([0.3, -0.7])
print(jacrev(g)(v))
print(jacfwd(g)(v))
print(jacobian(g, v))
print(hessian(f)(x).shape, torch.allclose(hessian(f)(x), hessian(f)(x).t()))
print(vjp(g, v, torch.tensor([1.0, 0.0, 2.0])))
print(jvp(g, v, torch.tensor([1.0, 1.0])))

batched = torch.randn(5, 4)
print(vmap(f)(batched))
print(vmap(grad(f))(batched).shape)
print(vmap(torch.dot)(batched, batched))
print(vmap(lambda row, s: row * s, in_dims=(0, None))(batched, torch.tensor(2.0)).shape)

model = torch.nn.Linear(3, 2)
params = {name: p.detach() for name, p in model.named_parameters()}
inputs = torch.randn(6, 3)
targets = torch.randn(6, 2)


def loss_fn(parameters, data, target):
    prediction = functional_call(model, parameters, (data,))
    return torch.nn.functional.mse_loss(prediction, target)


gradients = grad(loss_fn)(params, inputs, targets)
print(sorted(gradients.keys()))
print(gradients["bias"])
per_example = vmap(grad(loss_fn), in_dims=(None, 0, 0))(params, inputs[:, None], targets[:, None])
print(per_example["weight"].shape)
print(torch.allclose(per_example["weight"].mean(0), gradients["weight"], atol=1e-6))
value, gradient = torch.func.grad_and_value(f)(x)
print(value, gradient)
print(jacobian(lambda a, b: a * b, (torch.ones(2), torch.arange(2.0))))
