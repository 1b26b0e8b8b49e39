import torch
import torch.autograd.forward_ad as fwAD

# The "Extending PyTorch" and "Extending torch.func with autograd.Function" docs pages: a
# Function that modifies its input in place (ctx.mark_dirty), one with an integer output
# (mark_non_differentiable), setup_context-style Functions that vmap through
# generate_vmap_rule=True or a hand-written vmap staticmethod, a jvp staticmethod for
# forward-mode AD, a double-backward-capable Function checked by gradgradcheck, and the
# errors a user meets on the way.
from torch.autograd import Function
from torch.autograd.function import once_differentiable
from torch.func import grad, jacrev, vmap

torch.manual_seed(0)


class MulTwoInplace(Function):
    @staticmethod
    def forward(ctx, x):
        x.mul_(2)
        ctx.mark_dirty(x)
        return x

    @staticmethod
    def backward(ctx, grad_out):
        return grad_out * 2


a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
b = a.clone()
out = MulTwoInplace.apply(b)
print(out, out is b, b._version)
out.sum().backward()
print(a.grad)
try:
    MulTwoInplace.apply(a)
except RuntimeError as error:
    print("leaf:", error)


class SortWithIndex(Function):
    @staticmethod
    def forward(ctx, x):
        values, index = x.sort()
        ctx.mark_non_differentiable(index)
        ctx.save_for_backward(index)
        return values, index

    @staticmethod
    def backward(ctx, grad_values, grad_index):
        (index,) = ctx.saved_tensors
        print("grad_index is None:", grad_index is None)
        grad_x = torch.zeros_like(grad_values)
        grad_x.scatter_(-1, index, grad_values)
        return grad_x


x = torch.tensor([3.0, 1.0, 2.0], requires_grad=True)
values, index = SortWithIndex.apply(x)
print(values, index, index.requires_grad, values.grad_fn.__class__.__name__)
(values * torch.arange(1.0, 4.0)).sum().backward()
print(x.grad)


class MyCube(Function):
    generate_vmap_rule = True

    @staticmethod
    def forward(x):
        return x ** 3, 3 * x ** 2

    @staticmethod
    def setup_context(ctx, inputs, output):
        (x,) = inputs
        ctx.save_for_backward(x, output[1])
        ctx.save_for_forward(x)

    @staticmethod
    def backward(ctx, grad_out, grad_dx):
        x, dx = ctx.saved_tensors
        return grad_out * dx + grad_dx * 6 * x

    @staticmethod
    def jvp(ctx, x_t):
        (x,) = ctx.saved_tensors
        return 3 * x ** 2 * x_t, 6 * x * x_t


def my_cube(x):
    return MyCube.apply(x)[0]


x = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64)
print(vmap(my_cube)(x))
print(grad(lambda t: my_cube(t))(torch.tensor(2.0)))
print(grad(grad(lambda t: my_cube(t)))(torch.tensor(2.0)))
print(vmap(grad(my_cube))(x))
print(jacrev(lambda t: MyCube.apply(t)[0])(x))
xr = x.clone().requires_grad_()
print(torch.autograd.gradcheck(lambda t: MyCube.apply(t), (xr,)))
print(torch.autograd.gradgradcheck(lambda t: MyCube.apply(t)[0], (xr,)))

primal = torch.tensor([1.0, 2.0], dtype=torch.float64)
tangent = torch.tensor([0.5, -1.0], dtype=torch.float64)
with fwAD.dual_level():
    dual = fwAD.make_dual(primal, tangent)
    cube, square3 = MyCube.apply(dual)
    print(fwAD.unpack_dual(cube).tangent, fwAD.unpack_dual(square3).tangent)
print(torch.func.jvp(my_cube, (primal,), (tangent,)))


class NumpySort(Function):
    @staticmethod
    def forward(x, dim):
        index = x.detach().numpy().argsort(axis=dim)
        index = torch.as_tensor(index)
        return torch.take_along_dim(x, index, dim), index

    @staticmethod
    def setup_context(ctx, inputs, output):
        _, dim = inputs
        _, index = output
        ctx.mark_non_differentiable(index)
        ctx.save_for_backward(index)
        ctx.dim = dim

    @staticmethod
    def backward(ctx, grad_values, _):
        (index,) = ctx.saved_tensors
        result = torch.zeros_like(grad_values)
        return result.scatter(ctx.dim, index, grad_values), None

    @staticmethod
    def vmap(info, in_dims, x, dim):
        x_bdim, _ = in_dims
        print("vmap rule: batch", info.batch_size, "in_dims", in_dims, "randomness", info.randomness)
        x = x.movedim(x_bdim, 0)
        dim = dim if dim >= 0 else dim + x.dim() - 1
        return NumpySort.apply(x, dim + 1), (0, 0)


rows = torch.tensor([[3.0, 1.0, 2.0], [0.0, -1.0, 5.0]])
values, index = vmap(NumpySort.apply, in_dims=(0, None))(rows, 0)
print(values, index)
values, index = vmap(NumpySort.apply, in_dims=(1, None))(rows.T.contiguous(), -1)
print(values, index)
leaf = rows.clone().requires_grad_()
values, _ = NumpySort.apply(leaf, 1)
(values * torch.tensor([1.0, 10.0, 100.0])).sum().backward()
print(leaf.grad)


class Exp(Function):
    @staticmethod
    def forward(ctx, x):
        result = x.exp()
        ctx.save_for_backward(result)
        return result

    @staticmethod
    @once_differentiable
    def backward(ctx, grad_out):
        (result,) = ctx.saved_tensors
        return grad_out * result


t = torch.tensor([0.0, 1.0], requires_grad=True)
(g,) = torch.autograd.grad(Exp.apply(t).sum(), t, create_graph=True)
print(g, g.requires_grad, g.grad_fn.__class__.__name__)
try:
    g.sum().backward()
except RuntimeError as error:
    print("once_differentiable:", error)


class NoSetup(Function):
    @staticmethod
    def forward(x):
        return x * 2

    @staticmethod
    def backward(ctx, grad_out):
        return grad_out * 2


try:
    vmap(NoSetup.apply)(torch.ones(3))
except RuntimeError as error:
    print("vmap without setup_context:", error)


class NoVmapRule(Function):
    @staticmethod
    def forward(x):
        return x * 2

    @staticmethod
    def setup_context(ctx, inputs, output):
        pass

    @staticmethod
    def backward(ctx, grad_out):
        return grad_out * 2


try:
    vmap(NoVmapRule.apply)(torch.ones(3))
except RuntimeError as error:
    print("vmap without a rule:", error)


class Materialize(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.set_materialize_grads(False)
        return x.clone(), x.clone()

    @staticmethod
    def backward(ctx, grad_a, grad_b):
        print("grads:", grad_a, grad_b)
        if grad_b is None:
            return grad_a
        return grad_a + grad_b


p = torch.tensor([1.0, 2.0], requires_grad=True)
first, second = Materialize.apply(p)
first.sum().backward()
print(p.grad)
