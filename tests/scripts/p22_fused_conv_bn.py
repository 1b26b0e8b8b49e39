import torch
import torch.fx as fx
import torch.nn as nn
import torch.nn.functional as F
from torch.autograd.function import once_differentiable

# "Fusing Convolution and Batch Norm using Custom Function", then the FX fuser for inference.
torch.manual_seed(0)
torch.set_printoptions(precision=5)


def convolution_backward(grad_out, X, weight):
    grad_input = torch.nn.grad.conv2d_input(X.shape, weight, grad_out)
    grad_weight = torch.nn.grad.conv2d_weight(X, weight.shape, grad_out)
    return grad_input, grad_weight


class Conv2D(torch.autograd.Function):
    @staticmethod
    def forward(ctx, X, weight):
        ctx.save_for_backward(X, weight)
        return F.conv2d(X, weight)

    @staticmethod
    def backward(ctx, grad_out):
        X, weight = ctx.saved_tensors
        return convolution_backward(grad_out, X, weight)


weight = torch.rand(2, 2, 3, 3, requires_grad=True, dtype=torch.double)
X = torch.rand(1, 2, 4, 4, requires_grad=True, dtype=torch.double)
print("conv gradcheck", torch.autograd.gradcheck(Conv2D.apply, (X, weight)))

# the nn.grad helpers against autograd's own conv gradients, with stride/padding/dilation
x1 = torch.randn(2, 3, 9, 8, dtype=torch.double, requires_grad=True)
w1 = torch.randn(4, 3, 3, 2, dtype=torch.double, requires_grad=True)
y1 = F.conv2d(x1, w1, stride=2, padding=1, dilation=(1, 2))
g1 = torch.randn_like(y1)
gx, gw = torch.autograd.grad(y1, (x1, w1), g1)
gx2 = torch.nn.grad.conv2d_input(x1.shape, w1, g1, stride=2, padding=1, dilation=(1, 2))
gw2 = torch.nn.grad.conv2d_weight(x1, w1.shape, g1, stride=2, padding=1, dilation=(1, 2))
print("conv2d_input matches", torch.allclose(gx, gx2), tuple(gx2.shape))
print("conv2d_weight matches", torch.allclose(gw, gw2), tuple(gw2.shape))
x0 = torch.randn(2, 2, 11, dtype=torch.double)
w0 = torch.randn(3, 2, 4, dtype=torch.double)
g0 = torch.randn(2, 3, 4, dtype=torch.double)
print("conv1d grads", tuple(torch.nn.grad.conv1d_input(x0.shape, w0, g0, stride=2).shape),
      tuple(torch.nn.grad.conv1d_weight(x0, w0.shape, g0, stride=2).shape))
print("conv1d_weight sum", round(torch.nn.grad.conv1d_weight(x0, w0.shape, g0, stride=2)
                                 .sum().item(), 6))


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


class BatchNorm(torch.autograd.Function):
    @staticmethod
    def forward(ctx, X, eps=1e-3):
        sum = X.sum(dim=(0, 2, 3))
        var = X.var(unbiased=True, dim=(0, 2, 3))
        N = X.numel() / X.size(1)
        sqrt_var = torch.sqrt(var)
        ctx.save_for_backward(X)
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
    @once_differentiable
    def backward(ctx, grad_out):
        X, = ctx.saved_tensors
        return batch_norm_backward(grad_out, X, ctx.sum, ctx.sqrt_var, ctx.N, ctx.eps), None


a = torch.rand(1, 2, 3, 4, requires_grad=True, dtype=torch.double)
print("bn gradcheck", torch.autograd.gradcheck(BatchNorm.apply, (a,), fast_mode=False))
out = BatchNorm.apply(a)
print("bn grad_fn", type(out.grad_fn).__name__)
try:
    torch.autograd.grad(out.sum() * 1.0, a, create_graph=True)[0].sum().backward()
except RuntimeError as err:
    print("double backward:", str(err).split("\n")[0])


class FusedConvBN2DFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, X, conv_weight, eps=1e-3):
        assert X.ndim == 4
        ctx.save_for_backward(X, conv_weight)
        X = F.conv2d(X, conv_weight)
        sum = X.sum(dim=(0, 2, 3))
        var = X.var(unbiased=True, dim=(0, 2, 3))
        N = X.numel() / X.size(1)
        sqrt_var = torch.sqrt(var)
        ctx.eps = eps
        ctx.sum = sum
        ctx.N = N
        ctx.sqrt_var = sqrt_var
        mean = sum / N
        denom = sqrt_var + eps
        X.sub_(unsqueeze_all(mean))
        X.div_(unsqueeze_all(denom))
        return X

    @staticmethod
    def backward(ctx, grad_out):
        X, conv_weight, = ctx.saved_tensors
        X_conv_out = F.conv2d(X, conv_weight)
        grad_out = batch_norm_backward(grad_out, X_conv_out, ctx.sum, ctx.sqrt_var,
                                       ctx.N, ctx.eps)
        grad_X, grad_input = convolution_backward(grad_out, X, conv_weight)
        return grad_X, grad_input, None, None, None, None, None


weight = torch.rand(2, 2, 2, 2, requires_grad=True, dtype=torch.double)
X = torch.rand(2, 2, 3, 3, requires_grad=True, dtype=torch.double)
print("fused gradcheck", torch.autograd.gradcheck(FusedConvBN2DFunction.apply, (X, weight)))


class FusedConvBN(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, exp_avg_factor=0.1,
                 eps=1e-3, device=None, dtype=None):
        super().__init__()
        factory_kwargs = {"device": device, "dtype": dtype}
        weight_shape = (out_channels, in_channels, kernel_size, kernel_size)
        self.conv_weight = nn.Parameter(torch.empty(*weight_shape, **factory_kwargs))
        num_features = out_channels
        self.num_features = num_features
        self.eps = eps
        self.reset_parameters()

    def forward(self, X):
        return FusedConvBN2DFunction.apply(X, self.conv_weight, self.eps)

    def reset_parameters(self) -> None:
        nn.init.kaiming_uniform_(self.conv_weight, a=5 ** 0.5)


def make_net(fused):
    torch.manual_seed(1)
    if fused:
        return nn.Sequential(FusedConvBN(1, 4, 3), nn.ReLU(), nn.Flatten(),
                             nn.Linear(4 * 6 * 6, 3))
    conv = nn.Conv2d(1, 4, 3, bias=False)
    nn.init.kaiming_uniform_(conv.weight, a=5 ** 0.5)
    return nn.Sequential(conv, nn.BatchNorm2d(4, affine=False, eps=1e-3),
                         nn.ReLU(), nn.Flatten(), nn.Linear(4 * 6 * 6, 3))


torch.manual_seed(2)
images = torch.randn(16, 1, 8, 8)
labels = torch.randint(0, 3, (16,))
for fused in (True, False):
    net = make_net(fused)
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
    losses = []
    for step in range(4):
        opt.zero_grad()
        loss = F.cross_entropy(net(images), labels)
        loss.backward()
        opt.step()
        losses.append(round(loss.item(), 5))
    print("fused" if fused else "unfused", losses)
    print("  keys", list(net.state_dict().keys()))

# The FX conv/bn fuser for inference.


class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 3, 3, padding=1)
        self.bn = nn.BatchNorm2d(3)
        self.act = nn.ReLU()
        self.conv2 = nn.Conv2d(3, 3, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(3)

    def forward(self, x):
        return self.bn2(self.conv2(self.act(self.bn(self.conv(x))))) + 1


def fuse_conv_bn_weights(conv_w, conv_b, bn_rm, bn_rv, bn_eps, bn_w, bn_b):
    if conv_b is None:
        conv_b = torch.zeros_like(bn_rm)
    bn_var_rsqrt = torch.rsqrt(bn_rv + bn_eps)
    conv_w = conv_w * (bn_w * bn_var_rsqrt).reshape([-1] + [1] * (len(conv_w.shape) - 1))
    conv_b = (conv_b - bn_rm) * bn_var_rsqrt * bn_w + bn_b
    return nn.Parameter(conv_w), nn.Parameter(conv_b)


def fuse(model: nn.Module) -> nn.Module:
    import copy
    model = copy.deepcopy(model)
    fx_model: fx.GraphModule = fx.symbolic_trace(model)
    modules = dict(fx_model.named_modules())
    for node in fx_model.graph.nodes:
        if node.op != "call_module":
            continue
        if type(modules[node.target]) is nn.BatchNorm2d and \
                type(modules[node.args[0].target]) is nn.Conv2d:
            if len(node.args[0].users) > 1:
                continue
            conv = modules[node.args[0].target]
            bn = modules[node.target]
            conv.weight, conv.bias = fuse_conv_bn_weights(
                conv.weight, conv.bias, bn.running_mean, bn.running_var, bn.eps,
                bn.weight, bn.bias)
            node.replace_all_uses_with(node.args[0])
            fx_model.graph.erase_node(node)
    fx_model.graph.lint()
    fx_model.recompile()
    return fx_model


torch.manual_seed(3)
model = M()
model.train()
for _ in range(3):
    model(torch.randn(4, 2, 5, 5))
model.eval()
print("running_mean", model.bn.running_mean)
print("num_batches_tracked", model.bn.num_batches_tracked)
fused_model = fuse(model)
print(fused_model.code.strip())
print([n.op + ":" + str(n.target) for n in fused_model.graph.nodes])
inp = torch.randn(2, 2, 5, 5)
with torch.no_grad():
    ref, got = model(inp), fused_model(inp)
print("fx fused close", torch.allclose(ref, got, atol=1e-5), ref.shape)
print("conv bias", fused_model.conv.bias)
print("conv2 has bias", fused_model.conv2.bias is not None, fused_model.conv2.bias.shape)

# the library's own helpers give the same weights
fused_conv = torch.nn.utils.fusion.fuse_conv_bn_eval(model.conv, model.bn)
print("fuse_conv_bn_eval", type(fused_conv).__name__, torch.allclose(fused_conv.weight,
                                                                     fused_model.conv.weight))
print("requires_grad", fused_conv.weight.requires_grad, fused_conv.bias.requires_grad)
try:
    torch.nn.utils.fusion.fuse_conv_bn_eval(model.conv.train(), model.bn)
except AssertionError as err:
    print("AssertionError", err)
