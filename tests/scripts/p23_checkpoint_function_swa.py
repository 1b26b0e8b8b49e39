import torch

# Three docs pages: torch.utils.checkpoint (non-reentrant checkpoint of a block, determinism
# check, checkpoint_sequential, the RNG state being replayed for dropout), the
# torch.autograd.Function examples (save_for_backward, needs_input_grad,
# set_materialize_grads, mark_non_differentiable, a jvp staticmethod for forward AD, the
# vmap staticmethod via generate_vmap_rule, gradcheck) and torch.optim.swa_utils (AveragedModel,
# SWALR annealing, update_bn recomputing batch-norm statistics, an EMA model).
import torch.nn as nn
import torch.nn.functional as F
import torch.autograd.forward_ad as fwAD
from torch.optim.swa_utils import SWALR, AveragedModel, get_ema_multi_avg_fn, update_bn
from torch.utils.checkpoint import checkpoint, checkpoint_sequential

torch.manual_seed(0)

# --- checkpoint ---------------------------------------------------------------------------
block = nn.Sequential(nn.Linear(6, 6), nn.Tanh(), nn.Dropout(0.2), nn.Linear(6, 6))
x = torch.randn(4, 6, requires_grad=True)
torch.manual_seed(1)
plain = block(x)
plain.sum().backward()
grad_plain = x.grad.clone()
x.grad = None
torch.manual_seed(1)
ckpt = checkpoint(block, x, use_reentrant=False)
print(ckpt.grad_fn.name(), torch.equal(ckpt, plain))
ckpt.sum().backward()
print("dropout mask replayed:", torch.allclose(x.grad, grad_plain))
x.grad = None
torch.manual_seed(1)
out_det = checkpoint(block, x, use_reentrant=False, determinism_check="default",
                     preserve_rng_state=True)
out_det.sum().backward()
print(torch.allclose(x.grad, grad_plain))


def run_with_kwargs(inp, scale=1.0):
    return block[0](inp).relu() * scale


y = checkpoint(run_with_kwargs, x, use_reentrant=False, scale=3.0)
print("kwargs:", y.shape, round(y.sum().item(), 4))
seq = nn.Sequential(*[nn.Linear(6, 6) for _ in range(4)])
inp = torch.randn(3, 6, requires_grad=True)
out_seq = checkpoint_sequential(seq, 2, inp, use_reentrant=False)
ref = seq(inp)
print("checkpoint_sequential:", torch.allclose(out_seq, ref))
g1 = torch.autograd.grad(out_seq.sum(), inp)[0]
g2 = torch.autograd.grad(ref.sum(), inp)[0]
print(torch.allclose(g1, g2), g1[0])
counter = {"calls": 0}


def counted(t):
    counter["calls"] += 1
    return t.sin() * 2


z = torch.randn(3, requires_grad=True)
checkpoint(counted, z, use_reentrant=False).sum().backward()
print("forward ran", counter["calls"], "times")
with torch.no_grad():
    print("no_grad output:", checkpoint(counted, z, use_reentrant=False).requires_grad)


# --- autograd.Function ----------------------------------------------------------------------
needs_seen = []


class LinearFunction(torch.autograd.Function):
    @staticmethod
    def forward(input, weight, bias):
        output = input.mm(weight.t())
        if bias is not None:
            output += bias.unsqueeze(0).expand_as(output)
        return output

    @staticmethod
    def setup_context(ctx, inputs, output):
        input, weight, bias = inputs
        ctx.save_for_backward(input, weight, bias)

    @staticmethod
    def backward(ctx, grad_output):
        input, weight, bias = ctx.saved_tensors
        grad_input = grad_weight = grad_bias = None
        if ctx.needs_input_grad[0]:
            grad_input = grad_output.mm(weight)
        if ctx.needs_input_grad[1]:
            grad_weight = grad_output.t().mm(input)
        if bias is not None and ctx.needs_input_grad[2]:
            grad_bias = grad_output.sum(0)
        needs_seen.append(ctx.needs_input_grad)
        return grad_input, grad_weight, grad_bias


inp64 = torch.randn(5, 3, dtype=torch.float64, requires_grad=True)
w64 = torch.randn(2, 3, dtype=torch.float64, requires_grad=True)
b64 = torch.randn(2, dtype=torch.float64, requires_grad=True)
out = LinearFunction.apply(inp64, w64, b64)
print(out.grad_fn.name(), torch.allclose(out, F.linear(inp64, w64, b64)))
out.sum().backward()
print(b64.grad)
LinearFunction.apply(inp64.detach(), w64, None).sum().backward()
print("needs_input_grad", needs_seen)
print("gradcheck:", torch.autograd.gradcheck(LinearFunction.apply, (inp64, w64, b64)))


class MulConstant(torch.autograd.Function):
    @staticmethod
    def forward(ctx, tensor, constant):
        ctx.constant = constant
        return tensor * constant

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * ctx.constant, None


a = torch.ones(3, requires_grad=True)
MulConstant.apply(a, 5.0).sum().backward()
print(a.grad)


class SplitHalves(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.set_materialize_grads(False)
        ctx.save_for_backward(x)
        return x.clone(), x.clone() * 2

    @staticmethod
    def backward(ctx, g1, g2):
        x, = ctx.saved_tensors
        print("grads seen:", g1 is None, g2 is None)
        grad = torch.zeros_like(x)
        if g1 is not None:
            grad = grad + g1
        if g2 is not None:
            grad = grad + 2 * g2
        return grad


c = torch.ones(2, requires_grad=True)
first, _ = SplitHalves.apply(c)
first.sum().backward()
print(c.grad)


class Sort(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        values, indices = x.sort()
        ctx.mark_non_differentiable(indices)
        ctx.save_for_backward(indices)
        return values, indices

    @staticmethod
    def backward(ctx, grad_values, grad_indices):
        indices, = ctx.saved_tensors
        grad = torch.zeros_like(grad_values)
        grad.scatter_(0, indices, grad_values)
        return grad


d = torch.tensor([3.0, 1.0, 2.0], requires_grad=True)
vals, idx = Sort.apply(d)
print(vals, idx, idx.requires_grad)
(vals * torch.tensor([1.0, 10.0, 100.0])).sum().backward()
print(d.grad)


class Exp(torch.autograd.Function):
    generate_vmap_rule = True

    @staticmethod
    def forward(x):
        return x.exp()

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(output)
        ctx.save_for_forward(output)

    @staticmethod
    def backward(ctx, grad):
        result, = ctx.saved_tensors
        return grad * result

    @staticmethod
    def jvp(ctx, x_t):
        result, = ctx.saved_tensors
        return x_t * result


e = torch.tensor([0.0, 1.0, -1.0], dtype=torch.float64, requires_grad=True)
with fwAD.dual_level():
    dual = fwAD.make_dual(e.detach(), torch.ones(3, dtype=torch.float64))
    primal, tangent = fwAD.unpack_dual(Exp.apply(dual))
    print("jvp tangent", tangent)
print("vmap:", torch.vmap(Exp.apply)(torch.zeros(2, 2)))
print("gradcheck fwd:", torch.autograd.gradcheck(Exp.apply, (e,), check_forward_ad=True,
                                                 check_backward_ad=True))
print("grad of grad:", torch.autograd.gradgradcheck(Exp.apply, (e,)))

# --- SWA with update_bn and an EMA (float64: the losses print to six places) ----------------
torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
model = nn.Sequential(nn.Linear(3, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 1))
swa_model = AveragedModel(model)
ema_model = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.9))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=6)
swa_scheduler = SWALR(optimizer, swa_lr=0.05, anneal_epochs=2, anneal_strategy="linear")
data = torch.randn(16, 3)
target = data.sum(1, keepdim=True)
loader = [(data[i:i + 8], target[i:i + 8]) for i in range(0, 16, 8)]
swa_start = 3
for epoch in range(6):
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = F.mse_loss(model(xb), yb)
        loss.backward()
        optimizer.step()
        ema_model.update_parameters(model)
    if epoch >= swa_start:
        swa_model.update_parameters(model)
        swa_scheduler.step()
    else:
        scheduler.step()
    print(f"epoch {epoch} loss {loss.item():.6f} lr {optimizer.param_groups[0]['lr']:.5f}")
print("n_averaged", swa_model.n_averaged.item(), ema_model.n_averaged.item())
bn = swa_model.module[1]
print("before update_bn", bn.running_mean[:3], bn.num_batches_tracked.item())
update_bn(loader, swa_model)
print("after update_bn", bn.running_mean[:3], bn.momentum, bn.num_batches_tracked.item())
swa_model.eval()
with torch.no_grad():
    print(f"swa loss {F.mse_loss(swa_model(data), target).item():.6f}")
print(sorted(swa_model.state_dict())[:4])
