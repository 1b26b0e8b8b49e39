import torch
import torch.nn.functional as F
from torch.autograd import Function
from torch.autograd.function import once_differentiable
from torch.func import vmap, grad

torch.manual_seed(0)


# setup_context style, usable under torch.func transforms
class MyCube(Function):
    @staticmethod
    def forward(x):
        result = x ** 3
        dx = 3 * x ** 2
        return result, dx

    @staticmethod
    def setup_context(ctx, inputs, output):
        x, = inputs
        result, dx = output
        ctx.save_for_backward(x, dx)

    @staticmethod
    def backward(ctx, grad_output, grad_dx):
        x, dx = ctx.saved_tensors
        result = grad_output * dx + grad_dx * 6 * x
        return result

    @staticmethod
    def vmap(info, in_dims, x):
        x_bdim, = in_dims
        x = x.movedim(x_bdim, 0)
        return MyCube.apply(x), (0, 0)


def my_cube(x):
    result, _ = MyCube.apply(x)
    return result


x = torch.randn([])
print("grad", torch.allclose(grad(my_cube)(x), 3 * x ** 2))
print("grad grad", torch.allclose(grad(grad(my_cube))(x), 6 * x))
xs = torch.randn(4)
print("vmap", torch.allclose(vmap(my_cube)(xs), xs ** 3))
print("vmap grad", torch.allclose(vmap(grad(my_cube))(xs), 3 * xs ** 2))


class Exp(Function):
    generate_vmap_rule = True

    @staticmethod
    def forward(x):
        return x.exp()

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(output)

    @staticmethod
    def backward(ctx, grad_output):
        result, = ctx.saved_tensors
        return grad_output * result


print("generated vmap", torch.allclose(vmap(Exp.apply)(xs), xs.exp()))
print("generated vmap grad", torch.allclose(vmap(grad(Exp.apply))(xs), xs.exp()))

# double backward through a custom Function
xd = torch.tensor([0.5, 1.5, -2.0], dtype=torch.double, requires_grad=True)
out, dx = MyCube.apply(xd)
g, = torch.autograd.grad(out.sum(), xd, create_graph=True)
gg, = torch.autograd.grad(g.sum(), xd)
print("first", g)
print("second", gg)
print("gradgradcheck", torch.autograd.gradgradcheck(my_cube, (xd,)))
print("grad_fn", out.grad_fn.name(), type(out.grad_fn).__name__)


class MyExpOnce(Function):
    @staticmethod
    def forward(ctx, x):
        y = x.exp()
        ctx.save_for_backward(y)
        return y

    @staticmethod
    @once_differentiable
    def backward(ctx, grad_output):
        y, = ctx.saved_tensors
        return grad_output * y


y = MyExpOnce.apply(xd)
g, = torch.autograd.grad(y.sum(), xd, create_graph=True)
print("once differentiable", g.grad_fn, g.requires_grad)
seed = torch.ones(3, dtype=torch.double, requires_grad=True)
g, = torch.autograd.grad(y, xd, seed, create_graph=True)
print("once differentiable with a seed needing grad", repr(g), g.requires_grad)
try:
    g.sum().backward()
except RuntimeError as e:
    print("RuntimeError:", str(e).splitlines()[0])


class SortWithIndices(Function):
    @staticmethod
    def forward(ctx, x):
        values, idx = x.sort()
        ctx.mark_non_differentiable(idx)
        ctx.save_for_backward(x, idx)
        return values, idx

    @staticmethod
    def backward(ctx, g1, g2):
        x, idx = ctx.saved_tensors
        grad_input = torch.zeros_like(x)
        grad_input.index_add_(0, idx, g1)
        return grad_input


a = torch.tensor([3.0, 1.0, 2.0], requires_grad=True)
v, i = SortWithIndices.apply(a)
print("values", v, "indices", i, i.requires_grad)
(v * torch.tensor([1.0, 10.0, 100.0])).sum().backward()
print("sort grad", a.grad)


class SimpleFunc(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.set_materialize_grads(False)
        ctx.save_for_backward(x)
        return x.clone(), x.clone()

    @staticmethod
    @once_differentiable
    def backward(ctx, g1, g2):
        x, = ctx.saved_tensors
        print("  received None:", g1 is None, g2 is None)
        grad_input = torch.zeros_like(x)
        if g1 is not None:
            grad_input += g1
        if g2 is not None:
            grad_input += 2 * g2
        return grad_input


b = torch.tensor([1.0, 2.0], requires_grad=True)
o1, o2 = SimpleFunc.apply(b)
o1.sum().backward()
print("materialize grads", b.grad)


class MulConstant(Function):
    @staticmethod
    def forward(ctx, tensor, constant):
        ctx.constant = constant
        return tensor * constant

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * ctx.constant, None


c = torch.ones(2, requires_grad=True)
MulConstant.apply(c, 5.5).sum().backward()
print("mul constant", c.grad, "needs_input_grad check done")


class NeedsInput(Function):
    @staticmethod
    def forward(ctx, p, q):
        ctx.save_for_backward(p, q)
        return p * q

    @staticmethod
    def backward(ctx, grad_output):
        p, q = ctx.saved_tensors
        print("  needs_input_grad", ctx.needs_input_grad)
        gp = grad_output * q if ctx.needs_input_grad[0] else None
        gq = grad_output * p if ctx.needs_input_grad[1] else None
        return gp, gq


p = torch.tensor([2.0], requires_grad=True)
q = torch.tensor([3.0])
NeedsInput.apply(p, q).backward()
print("needs input", p.grad)


# Fusing convolution and batch norm into one Function (double precision, gradcheck)
def convolution_backward(grad_out, X, weight):
    grad_input = F.conv2d(X.transpose(0, 1), grad_out.transpose(0, 1)).transpose(0, 1)
    grad_X = torch.nn.functional.conv_transpose2d(grad_out, weight)
    return grad_X, grad_input


def unsqueeze_all(t):
    return t[None, :, None, None]


def batch_norm_backward(grad_out, X, sum, sqrt_var, N, eps):
    tmp = ((X - unsqueeze_all(sum) / N) * grad_out).sum(dim=(0, 2, 3))
    tmp *= -1
    d_denom = tmp / (sqrt_var + eps) ** 2
    d_var = d_denom / (2 * sqrt_var)
    d_mean_dx = grad_out / unsqueeze_all(sqrt_var + eps)
    d_mean_dx = unsqueeze_all(-d_mean_dx.sum(dim=(0, 2, 3)) / N)
    grad_input = X * unsqueeze_all(d_var * N)
    grad_input += unsqueeze_all(-d_var * sum)
    grad_input *= 2 / ((N - 1) * N)
    grad_input += d_mean_dx
    grad_input *= unsqueeze_all(sqrt_var + eps)
    grad_input += grad_out
    grad_input /= unsqueeze_all(sqrt_var + eps)
    return grad_input


def batch_norm(input, eps=1e-3):
    sum = input.sum(dim=(0, 2, 3))
    var = input.var(dim=(0, 2, 3))
    N = input.numel() / input.size(1)
    sqrt_var = torch.sqrt(var)
    mean = sum / N
    denom = sqrt_var + eps
    out = input - unsqueeze_all(mean)
    out /= unsqueeze_all(denom)
    return out


class FusedConvBN2DFunction(Function):
    @staticmethod
    def forward(ctx, X, conv_weight, eps=1e-3):
        assert X.ndim == 4
        ctx.save_for_backward(X, conv_weight)
        X = F.conv2d(X, conv_weight)
        sum = X.sum(dim=(0, 2, 3))
        var = X.var(dim=(0, 2, 3))
        N = X.numel() / X.size(1)
        sqrt_var = torch.sqrt(var)
        ctx.eps = eps
        ctx.sum = sum
        ctx.N = N
        ctx.sqrt_var = sqrt_var
        mean = sum / N
        denom = sqrt_var + eps
        out = X - unsqueeze_all(mean)
        out /= unsqueeze_all(denom)
        return out

    @staticmethod
    def backward(ctx, grad_out):
        X, conv_weight, = ctx.saved_tensors
        X_conv_out = F.conv2d(X, conv_weight)
        grad_out = batch_norm_backward(grad_out, X_conv_out, ctx.sum, ctx.sqrt_var,
                                       ctx.N, ctx.eps)
        grad_X, grad_input = convolution_backward(grad_out, X, conv_weight)
        return grad_X, grad_input, None, None, None, None, None


weight = torch.rand(5, 3, 3, 3, requires_grad=True, dtype=torch.double)
X = torch.rand(10, 3, 7, 7, requires_grad=True, dtype=torch.double)
print("fused gradcheck", torch.autograd.gradcheck(FusedConvBN2DFunction.apply, (X, weight)))
a2 = torch.rand(1, 2, 3, 4, requires_grad=True, dtype=torch.double)
print("bn gradcheck", torch.autograd.gradcheck(batch_norm, (a2,), fast_mode=False))


class FusedConvBN(torch.nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, exp_avg_factor=0.1,
                 eps=1e-3, device=None, dtype=None):
        super().__init__()
        factory_kwargs = {'device': device, 'dtype': dtype}
        weight_shape = (out_channels, in_channels, kernel_size, kernel_size)
        self.conv_weight = torch.nn.Parameter(torch.empty(*weight_shape, **factory_kwargs))
        self.eps = eps
        self.reset_parameters()

    def forward(self, X):
        return FusedConvBN2DFunction.apply(X, self.conv_weight, self.eps)

    def reset_parameters(self) -> None:
        torch.nn.init.kaiming_uniform_(self.conv_weight, a=5 ** 0.5)


fused = FusedConvBN(3, 4, 3, dtype=torch.double)
reference = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3, bias=False, dtype=torch.double),
                                torch.nn.BatchNorm2d(4, eps=1e-3, affine=False,
                                                     dtype=torch.double))
with torch.no_grad():
    reference[0].weight.copy_(fused.conv_weight)
inp = torch.randn(6, 3, 8, 8, dtype=torch.double)
out_fused = fused(inp)
out_ref = reference(inp)
print("fused vs reference max diff < 1e-2:", (out_fused - out_ref).abs().max().item() < 1e-2)
out_fused.square().sum().backward()
print("fused weight grad norm", round(fused.conv_weight.grad.norm().item(), 6))
print(fused)
print("grad_fn", out_fused.grad_fn)
