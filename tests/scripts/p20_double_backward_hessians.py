import torch
from torch.func import grad, hessian, jacfwd, jacrev, jvp, linearize, vjp, vmap

torch.manual_seed(0)


# Double backward with custom functions: saving inputs
class Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 2

    @staticmethod
    def backward(ctx, grad_out):
        x, = ctx.saved_tensors
        return grad_out * 2 * x


x = torch.rand(3, 3, requires_grad=True, dtype=torch.double)
print("square gradcheck", torch.autograd.gradcheck(Square.apply, x))
print("square gradgradcheck", torch.autograd.gradgradcheck(Square.apply, x))


# saving outputs
class Exp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        result = torch.exp(x)
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad_out):
        result, = ctx.saved_tensors
        return result * grad_out


print("exp gradcheck", torch.autograd.gradcheck(Exp.apply, x),
      torch.autograd.gradgradcheck(Exp.apply, x))


# saving intermediate results: return them as outputs
class Sinh(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        expx = torch.exp(x)
        expnegx = torch.exp(-x)
        ctx.save_for_backward(expx, expnegx)
        return (expx - expnegx) / 2, expx, expnegx

    @staticmethod
    def backward(ctx, grad_out, _grad_out_exp, _grad_out_negexp):
        expx, expnegx = ctx.saved_tensors
        grad_input = grad_out * (expx + expnegx) / 2
        grad_input += _grad_out_exp * expx
        grad_input -= _grad_out_negexp * expnegx
        return grad_input


def sinh(x):
    return Sinh.apply(x)[0]


print("sinh gradcheck", torch.autograd.gradcheck(sinh, x),
      torch.autograd.gradgradcheck(sinh, x))
out = sinh(x)
g, = torch.autograd.grad(out.sum(), x, create_graph=True)
print("sinh grad is cosh", torch.allclose(g, torch.cosh(x)), g.grad_fn.name())
gg, = torch.autograd.grad(g.sum(), x)
print("second is sinh", torch.allclose(gg, torch.sinh(x)))


# a backward that is not differentiable: the error on double backward
class SinhBad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        expx = torch.exp(x)
        expnegx = torch.exp(-x)
        ctx.expx = expx
        ctx.expnegx = expnegx
        return (expx - expnegx) / 2

    @staticmethod
    def backward(ctx, grad_out):
        expx = ctx.expx
        expnegx = ctx.expnegx
        return grad_out * (expx + expnegx) / 2


out = SinhBad.apply(x)
g, = torch.autograd.grad(out.sum(), x, create_graph=True)
print("bad grad requires grad", g.requires_grad)
try:
    print(torch.autograd.gradgradcheck(SinhBad.apply, x, raise_exception=False))
except RuntimeError as e:
    print("RuntimeError", str(e).splitlines()[0])

# Jacobians, Hessians, hvp, vhp, and friends (torch.func)
D = 8
weight = torch.randn(D, D, dtype=torch.double)
bias = torch.randn(D, dtype=torch.double)
x = torch.randn(D, dtype=torch.double)


def predict(weight, bias, x):
    return torch.nn.functional.linear(x, weight, bias).tanh()


def compute_jac(xp):
    jacobian_rows = [torch.autograd.grad(predict(weight, bias, xp), xp, vec)[0]
                     for vec in unit_vectors]
    return torch.stack(jacobian_rows)


xp = x.clone().requires_grad_()
unit_vectors = torch.eye(D, dtype=torch.double)
jacobian = compute_jac(xp)
print("jac shape", jacobian.shape, jacobian[0].round(decimals=6))
_, vjp_fn = vjp(predict, weight, bias, x)
ft_jacobian, = vmap(vjp_fn)(unit_vectors)[2:]
print("vmap vjp", torch.allclose(ft_jacobian, jacobian))
ft_jacobian = jacrev(predict, argnums=2)(weight, bias, x)
print("jacrev", torch.allclose(ft_jacobian, jacobian))
ft_jac_weight, ft_jac_bias = jacrev(predict, argnums=(0, 1))(weight, bias, x)
print("param jacobians", ft_jac_weight.shape, ft_jac_bias.shape)
print("jacfwd", torch.allclose(jacfwd(predict, argnums=2)(weight, bias, x), jacobian))
hess_api = hessian(predict, argnums=2)(weight, bias, x)
hess_fwdfwd = jacfwd(jacfwd(predict, argnums=2), argnums=2)(weight, bias, x)
hess_revrev = jacrev(jacrev(predict, argnums=2), argnums=2)(weight, bias, x)
print("hessians agree", torch.allclose(hess_api, hess_fwdfwd),
      torch.allclose(hess_api, hess_revrev))
batch_size = 4
xs = torch.randn(batch_size, D, dtype=torch.double)
compute_batch_jacobian = vmap(jacrev(predict, argnums=2), in_dims=(None, None, 0))
batch_jacobian0 = compute_batch_jacobian(weight, bias, xs)


def predict_with_output_summed(weight, bias, x):
    return predict(weight, bias, x).sum(0)


batch_jacobian1 = jacrev(predict_with_output_summed, argnums=2)(weight, bias, xs).movedim(1, 0)
print("batch jacobian tricks", torch.allclose(batch_jacobian0, batch_jacobian1))
compute_batch_hessian = vmap(hessian(predict, argnums=2), in_dims=(None, None, 0))
print("batch hessian", compute_batch_hessian(weight, bias, xs).shape)


def hvp(f, primals, tangents):
    return jvp(grad(f), primals, tangents)[1]


def f(x):
    return x.sin().sum()


x = torch.randn(2048, dtype=torch.double)
tangent = torch.randn(2048, dtype=torch.double)
print("hvp", torch.allclose(hvp(f, (x,), (tangent,)), -x.sin() * tangent))
value, jvp_fn = linearize(torch.sin, x)
print("linearize", torch.allclose(jvp_fn(tangent), x.cos() * tangent))


def loss_fn(w):
    return (torch.tanh(xs @ w) ** 2).mean()


w = torch.randn(D, dtype=torch.double)
print("hessian of loss symmetric", torch.allclose(hessian(loss_fn)(w), hessian(loss_fn)(w).T))
print("autograd.functional hvp", torch.allclose(
    torch.autograd.functional.hvp(loss_fn, w, tangent[:D])[1],
    hessian(loss_fn)(w) @ tangent[:D]))
print("vhp", torch.allclose(torch.autograd.functional.vhp(loss_fn, w, tangent[:D])[1],
                            tangent[:D] @ hessian(loss_fn)(w)))
print("value", round(loss_fn(w).item(), 10))
