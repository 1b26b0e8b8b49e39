import torch

# Optimizers the way research repositories write their own: subclasses of
# torch.optim.Optimizer with a @torch.no_grad() step(closure=None), per-parameter state in
# self.state[p], the _foreach_* multi-tensor ops, Lion, a Sophia-like clipped Hessian-diagonal
# step, Muon (Newton-Schulz orthogonalisation of 2-D gradients in bfloat16) and Adafactor-style
# factored second moments; their state_dict round trip and step pre/post hooks.
import copy
import math

import torch.nn as nn
import torch.nn.functional as F
from torch.optim import Optimizer

torch.manual_seed(0)


class Lion(Optimizer):
    def __init__(self, params, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        defaults = dict(lr=lr, betas=betas, weight_decay=weight_decay)
        super().__init__(params, defaults)

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            params = [p for p in group["params"] if p.grad is not None]
            grads = [p.grad for p in params]
            exp_avgs = []
            for p in params:
                state = self.state[p]
                if len(state) == 0:
                    state["exp_avg"] = torch.zeros_like(p)
                exp_avgs.append(state["exp_avg"])
            beta1, beta2 = group["betas"]
            torch._foreach_mul_(params, 1 - group["lr"] * group["weight_decay"])
            updates = torch._foreach_mul(exp_avgs, beta1)
            torch._foreach_add_(updates, grads, alpha=1 - beta1)
            updates = [u.sign_() for u in updates]
            torch._foreach_add_(params, updates, alpha=-group["lr"])
            torch._foreach_lerp_(exp_avgs, grads, 1 - beta2)
        return loss


class SophiaG(Optimizer):
    """Sophia with a Gauss-Newton-Bartlett Hessian estimate refreshed every k steps."""

    def __init__(self, params, lr=1e-3, betas=(0.965, 0.99), rho=0.04, weight_decay=1e-1):
        super().__init__(params, dict(lr=lr, betas=betas, rho=rho, weight_decay=weight_decay))

    @torch.no_grad()
    def update_hessian(self):
        for group in self.param_groups:
            beta2 = group["betas"][1]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if "hessian" not in state:
                    state["hessian"] = torch.zeros_like(p, memory_format=torch.preserve_format)
                state["hessian"].mul_(beta2).addcmul_(p.grad, p.grad, value=1 - beta2)

    @torch.no_grad()
    def step(self, closure=None, bs=8):
        for group in self.param_groups:
            beta1 = group["betas"][0]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if "step" not in state:
                    state["step"] = torch.zeros((), dtype=torch.float)
                    state["exp_avg"] = torch.zeros_like(p)
                    state.setdefault("hessian", torch.zeros_like(p))
                state["step"] += 1
                p.mul_(1 - group["lr"] * group["weight_decay"])
                state["exp_avg"].mul_(beta1).add_(p.grad, alpha=1 - beta1)
                ratio = (state["exp_avg"].abs() / (group["rho"] * bs * state["hessian"] + 1e-15))
                ratio = ratio.clamp(None, 1)
                p.addcmul_(state["exp_avg"].sign(), ratio, value=-group["lr"])


def zeropower_via_newtonschulz5(G, steps=5):
    assert G.ndim >= 2
    a, b, c = (3.4445, -4.7750, 2.0315)
    X = G.bfloat16()
    if G.size(-2) > G.size(-1):
        X = X.mT
    X = X / (X.norm(dim=(-2, -1), keepdim=True) + 1e-7)
    for _ in range(steps):
        A = X @ X.mT
        B = b * A + c * A @ A
        X = a * X + B @ X
    if G.size(-2) > G.size(-1):
        X = X.mT
    return X


class Muon(Optimizer):
    def __init__(self, params, lr=0.02, momentum=0.95, nesterov=True, ns_steps=5):
        super().__init__(params, dict(lr=lr, momentum=momentum, nesterov=nesterov,
                                      ns_steps=ns_steps))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                g = p.grad
                if g is None:
                    continue
                state = self.state[p]
                if "momentum_buffer" not in state:
                    state["momentum_buffer"] = torch.zeros_like(g)
                buf = state["momentum_buffer"]
                buf.lerp_(g, 1 - group["momentum"])
                g = g.lerp_(buf, group["momentum"]) if group["nesterov"] else buf
                g = zeropower_via_newtonschulz5(g, steps=group["ns_steps"])
                scale = max(1, p.size(-2) / p.size(-1)) ** 0.5
                p.add_(g.type_as(p), alpha=-group["lr"] * scale)


class Adafactor(Optimizer):
    def __init__(self, params, lr=1e-2, eps=(1e-30, 1e-3), decay_rate=-0.8, clip=1.0):
        super().__init__(params, dict(lr=lr, eps=eps, decay_rate=decay_rate, clip=clip))

    @staticmethod
    def _approx_sq_grad(exp_avg_sq_row, exp_avg_sq_col):
        r_factor = (exp_avg_sq_row / exp_avg_sq_row.mean(dim=-1, keepdim=True)).rsqrt_()
        r_factor = r_factor.unsqueeze(-1)
        c_factor = exp_avg_sq_col.unsqueeze(-2).rsqrt()
        return torch.mul(r_factor, c_factor)

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                grad = p.grad
                state = self.state[p]
                factored = grad.dim() >= 2
                if len(state) == 0:
                    state["step"] = 0
                    if factored:
                        state["exp_avg_sq_row"] = torch.zeros(grad.shape[:-1])
                        state["exp_avg_sq_col"] = torch.zeros(grad.shape[:-2] + grad.shape[-1:])
                    else:
                        state["exp_avg_sq"] = torch.zeros_like(grad)
                state["step"] += 1
                beta2t = 1.0 - math.pow(state["step"], group["decay_rate"])
                update = grad ** 2 + group["eps"][0]
                if factored:
                    state["exp_avg_sq_row"].mul_(beta2t).add_(update.mean(dim=-1),
                                                               alpha=1.0 - beta2t)
                    state["exp_avg_sq_col"].mul_(beta2t).add_(update.mean(dim=-2),
                                                               alpha=1.0 - beta2t)
                    update = self._approx_sq_grad(state["exp_avg_sq_row"],
                                                  state["exp_avg_sq_col"])
                    update.mul_(grad)
                else:
                    state["exp_avg_sq"].mul_(beta2t).add_(update, alpha=1.0 - beta2t)
                    update = state["exp_avg_sq"].rsqrt().mul_(grad)
                rms = update.norm(2) / (update.numel() ** 0.5)
                update.div_((rms / group["clip"]).clamp_(min=1.0))
                p.add_(update, alpha=-group["lr"])


def make_model():
    torch.manual_seed(1)
    return nn.Sequential(nn.Linear(6, 16), nn.GELU(), nn.Linear(16, 3))


x = torch.randn(64, 6)
y = (x[:, :3].sum(1, keepdim=True) > 0).long().squeeze(1) + (x[:, 3] > 1).long()

print("foreach ops")
a = [torch.ones(2), torch.full((3,), 2.0)]
b = [torch.arange(2.0), torch.arange(3.0)]
print(torch._foreach_sqrt(b))
print(torch._foreach_add(a, b, alpha=2))
torch._foreach_lerp_(a, b, 0.25)
print(a)
print(torch._foreach_norm(b))
torch._foreach_addcdiv_(a, b, a, value=0.5)
print(a)
print(torch._foreach_maximum(a, b))

for name, cls, kwargs in [("Lion", Lion, dict(lr=3e-3, weight_decay=0.1)),
                          ("SophiaG", SophiaG, dict(lr=2e-2)),
                          ("Muon", Muon, dict(lr=0.02)),
                          ("Adafactor", Adafactor, dict(lr=5e-2))]:
    model = make_model()
    if name == "Muon":
        matrices = [p for p in model.parameters() if p.ndim == 2]
        vectors = [p for p in model.parameters() if p.ndim < 2]
        opt = cls(matrices, **kwargs)
        aux = torch.optim.AdamW(vectors, lr=1e-2)
    else:
        opt = cls(model.parameters(), **kwargs)
        aux = None
    calls = []
    handle = opt.register_step_post_hook(lambda o, args, kw: calls.append(type(o).__name__))
    pre = opt.register_step_pre_hook(lambda o, args, kw: None)
    for step in range(12):
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad(set_to_none=True)
        if aux is not None:
            aux.zero_grad()
        loss.backward()
        if name == "SophiaG" and step % 3 == 0:
            opt.update_hessian()
        opt.step()
        if aux is not None:
            aux.step()
        if step % 4 == 3:
            print(f"{name} step {step + 1} loss {loss.item():.5f}")
    handle.remove()
    pre.remove()
    opt.step()
    print(name, "post-hook calls", len(calls), calls[0])
    sd = opt.state_dict()
    print(name, "state keys", sorted(sd["state"][0].keys()), "groups",
          [sorted(k for k in g if k != "params") for g in sd["param_groups"]])
    print(name, "group params", [g["params"] for g in sd["param_groups"]])
    # round trip into a fresh optimizer over a copy of the model
    clone = copy.deepcopy(model)
    if name == "Muon":
        opt2 = cls([p for p in clone.parameters() if p.ndim == 2], **kwargs)
    else:
        opt2 = cls(clone.parameters(), **kwargs)
    opt2.load_state_dict(sd)
    for o, m in ((opt, model), (opt2, clone)):
        o.zero_grad()
        F.cross_entropy(m(x), y).backward()
        o.step()
    same = all(torch.equal(p, q) for p, q in zip(model.parameters(), clone.parameters()))
    print(name, "resumed step identical", same)
    first_state = next(iter(opt2.state.values()))
    print(name, "state types", {k: type(v).__name__ for k, v in sorted(first_state.items())})

w = torch.randn(8, 5)
o = zeropower_via_newtonschulz5(w)
print("NS dtype", o.dtype, "shape", tuple(o.shape))
print("NS singular values", torch.linalg.svdvals(o.float()))
print(repr(Lion([torch.zeros(2, requires_grad=True)], lr=1e-3)))
try:
    Lion([torch.zeros(1, requires_grad=True)], lr=-1)
except ValueError as e:
    print("ValueError:", e)
try:
    Lion(torch.zeros(1, requires_grad=True))
except TypeError as e:
    print("TypeError:", e)
try:
    Lion([])
except ValueError as e:
    print("ValueError:", e)
