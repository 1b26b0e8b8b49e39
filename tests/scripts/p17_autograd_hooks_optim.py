import torch

# Training-loop machinery from real repositories: the optimizer step fused into backward with
# register_post_accumulate_grad_hook (one optimizer per parameter), a custom autograd.Function
# with setup_context, once_differentiable, mark_non_differentiable and a jvp for forward-mode
# AD, module full backward (pre-)hooks, state_dict pre/post hooks, optimizer step hooks and
# add_param_group, Adafactor, SparseAdam on a sparse embedding, NAdam/RAdam with decoupled
# weight decay, Adam with fused=True and amsgrad, and non-reentrant activation checkpointing.
import torch.nn as nn
import torch.nn.functional as F
from torch.autograd.function import once_differentiable
from torch.utils.checkpoint import checkpoint

torch.manual_seed(0)


class ClampedExp(torch.autograd.Function):
    @staticmethod
    def forward(x, limit):
        y = x.clamp(max=limit).exp()
        mask = x <= limit
        return y, mask

    @staticmethod
    def setup_context(ctx, inputs, output):
        x, limit = inputs
        y, mask = output
        ctx.mark_non_differentiable(mask)
        ctx.save_for_backward(y, mask)
        ctx.save_for_forward(y, mask)

    @staticmethod
    @once_differentiable
    def backward(ctx, grad_y, grad_mask):
        y, mask = ctx.saved_tensors
        return grad_y * y * mask, None

    @staticmethod
    def jvp(ctx, tangent_x, tangent_limit):
        y, mask = ctx.saved_tensors
        return tangent_x * y * mask, None


x = torch.tensor([-1.0, 0.5, 2.0, 3.0], dtype=torch.float64, requires_grad=True)
y, mask = ClampedExp.apply(x, 1.0)
print(y, mask, mask.requires_grad, y.grad_fn.name())
y.sum().backward()
print(x.grad)
print(torch.autograd.gradcheck(lambda t: ClampedExp.apply(t, 1.0)[0], (x,)))
import torch.autograd.forward_ad as fwAD
with fwAD.dual_level():
    dual = fwAD.make_dual(x.detach(), torch.ones(4, dtype=torch.float64))
    out, _ = ClampedExp.apply(dual, 1.0)
    print("jvp", fwAD.unpack_dual(out).tangent)
try:
    z, _ = ClampedExp.apply(x, 1.0)
    g, = torch.autograd.grad(z.sum(), x, create_graph=True)
    g.sum().backward()
except RuntimeError as error:
    print("RuntimeError:", str(error).splitlines()[0])

model = nn.Sequential(nn.Linear(6, 16), nn.Tanh(), nn.Linear(16, 1))
optimizers = {p: torch.optim.SGD([p], lr=0.05, momentum=0.9) for p in model.parameters()}
applied = []


def step_in_backward(param):
    optimizers[param].step()
    optimizers[param].zero_grad()
    applied.append(tuple(param.shape))


for p in model.parameters():
    p.register_post_accumulate_grad_hook(step_in_backward)
data, target = torch.randn(32, 6), torch.randn(32, 1)
for it in range(3):
    loss = F.mse_loss(model(data), target)
    loss.backward()
    print(f"in-backward step {it} loss {loss.item():.6f} grads cleared",
          all(p.grad is None for p in model.parameters()))
print(applied[:4])

events = []
layer = nn.Linear(4, 3)
layer.register_full_backward_pre_hook(lambda m, go: events.append(("pre", tuple(go[0].shape))))
layer.register_full_backward_hook(lambda m, gi, go: events.append(
    ("post", tuple(gi[0].shape) if gi[0] is not None else None)))
layer.register_forward_pre_hook(lambda m, args, kwargs: (args, kwargs), with_kwargs=True)
inp = torch.randn(2, 4, requires_grad=True)
layer(inp).sum().backward()
print(events)

sd_events = []
layer.register_state_dict_pre_hook(lambda m, prefix, keep_vars: sd_events.append(("pre", prefix)))
layer.register_state_dict_post_hook(lambda m, sd, prefix, local: sd_events.append(("post", len(sd))))
layer.register_load_state_dict_post_hook(lambda m, keys: sd_events.append(("load", keys.missing_keys)))
state = nn.Sequential(layer).state_dict()
layer.load_state_dict({"weight": layer.weight.detach().clone()}, strict=False)
print(sd_events, sorted(state))

opt = torch.optim.Adam(model.parameters(), lr=1e-3, amsgrad=True, fused=True)
calls = []
opt.register_step_pre_hook(lambda o, args, kwargs: calls.append("pre"))
opt.register_step_post_hook(lambda o, args, kwargs: calls.append("post"))
extra = nn.Parameter(torch.ones(3))
opt.add_param_group({"params": [extra], "lr": 0.1, "weight_decay": 0.01})
for _ in range(2):
    opt.zero_grad()
    (F.mse_loss(model(data), target) + extra.pow(2).sum()).backward()
    opt.step()
print(calls, [g["lr"] for g in opt.param_groups], extra.detach())

for name, make in (("adafactor", lambda ps: torch.optim.Adafactor(ps, lr=0.01)),
                   ("nadam", lambda ps: torch.optim.NAdam(ps, lr=0.01, weight_decay=0.1, decoupled_weight_decay=True)),
                   ("radam", lambda ps: torch.optim.RAdam(ps, lr=0.01, weight_decay=0.1, decoupled_weight_decay=True)),
                   ("adamw maximize", lambda ps: torch.optim.AdamW(ps, lr=0.01, maximize=True, foreach=False))):
    torch.manual_seed(3)
    net = nn.Linear(6, 1)
    o = make(net.parameters())
    for _ in range(4):
        o.zero_grad()
        loss = F.mse_loss(net(data), target)
        loss.backward()
        o.step()
    print(name, f"{loss.item():.6f}", sorted(o.state_dict()["state"][0]))

emb = nn.Embedding(10, 3, sparse=True)
sparse_opt = torch.optim.SparseAdam(emb.parameters(), lr=0.1)
for _ in range(3):
    sparse_opt.zero_grad()
    emb(torch.tensor([1, 3, 3])).pow(2).sum().backward()
    sparse_opt.step()
print("sparse adam", emb.weight.grad.is_sparse, emb.weight[3].detach(), emb.weight[0].detach())

block = nn.Sequential(nn.Linear(6, 6), nn.GELU(), nn.Dropout(0.2), nn.Linear(6, 6))
torch.manual_seed(4)
a = block(data).sum()
torch.manual_seed(4)
b = checkpoint(block, data, use_reentrant=False, preserve_rng_state=True).sum()
print("checkpoint same", torch.allclose(a, b))
b.backward()
print(block[0].weight.grad.norm().item() > 0)
