import torch
import torch.autograd.forward_ad as fwAD
import torch.nn as nn
from torch.func import functional_call
from torch.func import jvp as fjvp, jacfwd, jacrev, vmap, hessian
from torch.autograd.functional import jacobian, hessian as ahess, hvp, vhp
from torch.autograd.functional import jvp as ajvp, vjp as avjp

# Forward-mode automatic differentiation, following the tutorial's order.
torch.manual_seed(0)
primal = torch.randn(10, 10)
tangent = torch.randn(10, 10)


def fn(x, y):
    return x ** 2 + y ** 2


with fwAD.dual_level():
    dual_input = fwAD.make_dual(primal, tangent)
    print("tangent is tangent:", fwAD.unpack_dual(dual_input).tangent is tangent)
    plain_tensor = torch.randn(10, 10)
    dual_output = fn(dual_input, plain_tensor)
    jvp = fwAD.unpack_dual(dual_output).tangent
    unpacked = fwAD.unpack_dual(dual_output)
    print(type(unpacked).__name__, unpacked._fields)
    print("jvp matches 2*x*t:", torch.allclose(jvp, 2 * primal * tangent))
    print("jvp sum", round(jvp.sum().item(), 4))

print("outside level tangent:", fwAD.unpack_dual(dual_output).tangent)

# Modules: make the parameters dual through functional_call
model = nn.Linear(5, 5)
input = torch.randn(16, 5)
params = {name: p for name, p in model.named_parameters()}
tangents = {name: torch.rand_like(p) for name, p in params.items()}

with fwAD.dual_level():
    for name, p in params.items():
        params[name] = fwAD.make_dual(p, tangents[name])
    out = functional_call(model, params, input)
    jvp = fwAD.unpack_dual(out).tangent
    print("module jvp", jvp.shape, round(jvp.abs().sum().item(), 3))
    expected = input @ tangents["weight"].T + tangents["bias"]
    print("module jvp correct:", torch.allclose(jvp, expected, atol=1e-6))


# custom Function with a forward-mode rule
class Fn(torch.autograd.Function):
    @staticmethod
    def forward(ctx, foo):
        result = torch.exp(foo)
        ctx.result = result
        return result

    @staticmethod
    def jvp(ctx, gI):
        gO = gI * ctx.result
        del ctx.result
        return gO


fn_apply = Fn.apply
primal = torch.randn(10, 10, dtype=torch.double, requires_grad=True)
tangent = torch.randn(10, 10)
with fwAD.dual_level():
    dual_input = fwAD.make_dual(primal, tangent)
    dual_output = fn_apply(dual_input)
    jvp = fwAD.unpack_dual(dual_output).tangent
    print("custom jvp", jvp.dtype, torch.allclose(jvp, tangent * primal.exp()))

print("gradcheck fwd", torch.autograd.gradcheck(
    Fn.apply, (primal,), check_forward_ad=True, check_backward_ad=False,
    check_undefined_grad=False, check_batched_grad=False))

# torch.func.jvp / jacfwd with the same function

x = torch.randn(5)
t = torch.ones(5)
value, jvp_out = fjvp(torch.sin, (x,), (t,))
print("func.jvp", torch.allclose(jvp_out, x.cos()), value.shape)
J = jacfwd(torch.sin)(x)
print("jacfwd diag", torch.allclose(J.diagonal(), x.cos()), J.shape)


def predict(weight, bias, x):
    return torch.nn.functional.linear(x, weight, bias).tanh()


D = 4
weight = torch.randn(D, D)
bias = torch.randn(D)
x = torch.randn(D)
jr = jacrev(predict, argnums=2)(weight, bias, x)
jf = jacfwd(predict, argnums=2)(weight, bias, x)
print("jacrev==jacfwd", torch.allclose(jr, jf, atol=1e-6), jr.shape)
jw, jb = jacrev(predict, argnums=(0, 1))(weight, bias, x)
print("param jac shapes", jw.shape, jb.shape)
H = hessian(predict, argnums=2)(weight, bias, x)
print("hessian shape", H.shape)
H2 = jacfwd(jacrev(predict, argnums=2), argnums=2)(weight, bias, x)
print("hessian via jacfwd(jacrev)", torch.allclose(H, H2, atol=1e-6))
xs = torch.randn(3, D)
bj = vmap(jacrev(predict, argnums=2), in_dims=(None, None, 0))(weight, bias, xs)
print("batched jacobian", bj.shape)
row0 = jacrev(predict, argnums=2)(weight, bias, xs[0])
print("batched jacobian row0", torch.allclose(bj[0], row0))

# autograd.functional variants


def f(x):
    return (x ** 3).sum()


x = torch.tensor([1.0, 2.0, 3.0])
v = torch.tensor([1.0, 0.5, 0.25])
print("jacobian", jacobian(lambda x: x ** 2, x))
print("hessian", ahess(f, x))
print("hvp", hvp(f, x, v))
print("vhp", vhp(f, x, v))
print("jvp", ajvp(lambda x: x ** 2, x, v))
print("vjp", avjp(lambda x: x ** 2, x, v))
print("jacobian vectorize", jacobian(lambda x: x.exp(), x, vectorize=True).diagonal())
print("jacobian fwd strategy", jacobian(lambda x: x.sin(), x, vectorize=True,
                                        strategy="forward-mode").diagonal())
print("create_graph", jacobian(lambda x: x ** 2, x, create_graph=True).requires_grad)
