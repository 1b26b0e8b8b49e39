import torch
import numpy as np
from torch import Tensor

# "Custom Python operators": wrap a NumPy kernel as an operator with torch.library.custom_op,
# give it a fake (meta) implementation, an autograd formula, in-place variants and checks;
# then the lower-level torch.library.Library define/impl route.
torch.manual_seed(0)
torch.set_printoptions(precision=4)


@torch.library.custom_op("p22::numpy_sin", mutates_args=())
def numpy_sin(x: Tensor) -> Tensor:
    return torch.from_numpy(np.sin(x.numpy(force=True))).to(x.device)


@numpy_sin.register_fake
def _(x):
    return torch.empty_like(x)


def setup_context(ctx, inputs, output):
    (x,) = inputs
    ctx.save_for_backward(x)


def backward(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad * x.cos()


numpy_sin.register_autograd(backward, setup_context=setup_context)

x = torch.randn(5, requires_grad=True)
y = numpy_sin(x)
print(y, type(numpy_sin).__name__)
print("matches torch.sin", torch.allclose(y, torch.sin(x)))
y.sum().backward()
print("grad", x.grad, torch.allclose(x.grad, x.detach().cos()))
print("meta", numpy_sin(torch.empty(2, 3, device="meta")).shape)
print("gradcheck", torch.autograd.gradcheck(numpy_sin, (torch.randn(4, dtype=torch.double,
                                                                    requires_grad=True),)))
print("op", torch.ops.p22.numpy_sin.default(torch.zeros(2)))
print(torch.ops.p22.numpy_sin)


@torch.library.custom_op("p22::numpy_mul", mutates_args=())
def numpy_mul(x: Tensor, y: Tensor, scale: float = 1.0) -> Tensor:
    return torch.from_numpy(x.numpy(force=True) * y.numpy(force=True) * scale)


@numpy_mul.register_fake
def _(x, y, scale=1.0):
    torch._check(x.shape == y.shape)
    return torch.empty_like(x)


def mul_setup(ctx, inputs, output):
    x, y, scale = inputs
    ctx.scale = scale
    saved_x = x if ctx.needs_input_grad[1] else None
    saved_y = y if ctx.needs_input_grad[0] else None
    ctx.save_for_backward(saved_x, saved_y)


def mul_backward(ctx, grad):
    x, y = ctx.saved_tensors
    grad_x = grad * y * ctx.scale if ctx.needs_input_grad[0] else None
    grad_y = grad * x * ctx.scale if ctx.needs_input_grad[1] else None
    return grad_x, grad_y, None


numpy_mul.register_autograd(mul_backward, setup_context=mul_setup)
a = torch.randn(3, requires_grad=True)
b = torch.randn(3)
out = numpy_mul(a, b, scale=2.0)
out.sum().backward()
print("mul", out, a.grad, torch.allclose(a.grad, 2 * b))
print("b.grad", b.grad)
a2 = torch.randn(2, 2, dtype=torch.double, requires_grad=True)
b2 = torch.randn(2, 2, dtype=torch.double, requires_grad=True)
print("mul gradcheck", torch.autograd.gradcheck(lambda p, q: numpy_mul(p, q, 0.5), (a2, b2)))


@torch.library.custom_op("p22::numpy_clip_", mutates_args={"x"})
def numpy_clip_(x: Tensor, low: float, high: float) -> None:
    arr = x.numpy()
    np.clip(arr, low, high, out=arr)


t = torch.linspace(-2, 2, 5)
version = t._version
print("returns", numpy_clip_(t, -1.0, 1.0), t, t._version > version)
print("schema", torch.ops.p22.numpy_clip_.default._schema)
print("mul schema", torch.ops.p22.numpy_mul.default._schema)
try:
    @torch.library.custom_op("p22::bad", mutates_args=())
    def bad(x):
        return x
except ValueError as err:
    print("ValueError", str(err).split(".")[0])


@torch.library.custom_op("p22::add_one", mutates_args=(), device_types="cpu")
def add_one(x: Tensor) -> Tensor:
    return x + 1


@add_one.register_kernel("meta")
def _(x):
    return torch.empty_like(x)


print("add_one", add_one(torch.zeros(2)), add_one(torch.zeros(2, device="meta")).device)
try:
    add_one(torch.zeros(2, requires_grad=True)).sum().backward()
except RuntimeError as err:
    print("RuntimeError", str(err).split(".")[0])

# opcheck exercises the op's registrations (its AOT-dispatch check needs torch.compile)
examples = [[torch.randn(3)], [torch.randn(2, 3, requires_grad=True)],
            [torch.randn(4, dtype=torch.double, requires_grad=True)]]
checks = ("test_schema", "test_autograd_registration", "test_faketensor")
for args in examples:
    result = torch.library.opcheck(numpy_sin, args, test_utils=checks)
    print("opcheck", sorted(result.items()))
print("opcheck mul", torch.library.opcheck(numpy_mul, (a2, b2), {"scale": 0.5},
                                           test_utils="test_faketensor"))

# the lower-level route: define a schema, implement it per dispatch key
lib = torch.library.Library("p22lib", "DEF")
lib.define("scaled_add(Tensor x, Tensor y, float alpha=1.0) -> Tensor")


def scaled_add_cpu(x, y, alpha=1.0):
    return x + alpha * y


lib.impl("scaled_add", scaled_add_cpu, "CPU")
print("Library op", torch.ops.p22lib.scaled_add(torch.ones(2), torch.ones(2), alpha=3.0))
print(torch.ops.p22lib.scaled_add.default._schema)
try:
    torch.ops.p22lib.scaled_add(torch.ones(2))
except (RuntimeError, TypeError) as err:
    print(type(err).__name__, str(err).split("\n")[0])
try:
    torch.ops.p22lib.missing
except AttributeError as err:
    print("AttributeError", str(err).split("\n")[0])
