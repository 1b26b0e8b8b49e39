import torch
# Optimizers as research repositories ship them, each a torch.optim.Optimizer subclass: Shampoo
# with Kronecker-factored preconditioners whose inverse fourth roots come from
# torch.linalg.eigh, schedule-free AdamW (gradients taken at an interpolation y of the fast
# iterate z and the averaged x, with train()/eval() switching the parameters between them),
# Adan (Nesterov-style gradient differences), and a float32 Muon (quintic Newton-Schulz on the
# 2-D weights, normalised by torch.linalg.matrix_norm) paired with AdamW for the rest the way
# speedrun repos split parameters. Each trains the same small regression net for a few steps.
import math

import torch.nn as nn
import torch.nn.functional as F


class Shampoo(torch.optim.Optimizer):
    def __init__(self, params, lr=1e-1, momentum=0.9, epsilon=1e-4, update_freq=1):
        defaults = dict(lr=lr, momentum=momentum, epsilon=epsilon, update_freq=update_freq)
        super().__init__(params, defaults)

    @staticmethod
    def _inv_root(mat, root, eps):
        vals, vecs = torch.linalg.eigh(mat + eps * torch.eye(mat.shape[0], dtype=mat.dtype))
        return vecs @ torch.diag(vals.clamp_min(eps).pow(-1.0 / root)) @ vecs.T

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                grad = p.grad
                order = grad.ndimension()
                original_size = grad.size()
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = 0
                    if group["momentum"] > 0:
                        state["momentum_buffer"] = grad.clone()
                    for dim_id, dim in enumerate(grad.size()):
                        state[f"precond_{dim_id}"] = group["epsilon"] * torch.eye(dim)
                        state[f"inv_precond_{dim_id}"] = torch.zeros(dim, dim)
                if group["momentum"] > 0:
                    grad = grad * (1 - group["momentum"]) \
                        + group["momentum"] * state["momentum_buffer"]
                for dim_id, dim in enumerate(grad.size()):
                    precond = state[f"precond_{dim_id}"]
                    inv_precond = state[f"inv_precond_{dim_id}"]
                    grad = grad.transpose_(0, dim_id).contiguous()
                    transposed_size = grad.size()
                    grad = grad.view(dim, -1)
                    precond.add_(grad @ grad.t())
                    if state["step"] % group["update_freq"] == 0:
                        inv_precond.copy_(self._inv_root(precond, 2 * order, group["epsilon"]))
                    if dim_id == order - 1:
                        grad = grad.t() @ inv_precond
                        grad = grad.view(original_size)
                    else:
                        grad = inv_precond @ grad
                        grad = grad.view(transposed_size)
                state["step"] += 1
                if group["momentum"] > 0:
                    state["momentum_buffer"] = grad
                p.add_(grad, alpha=-group["lr"])
        return loss


class AdamWScheduleFree(torch.optim.Optimizer):
    def __init__(self, params, lr=0.0025, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 warmup_steps=0, r=0.0, weight_lr_power=2.0):
        defaults = dict(lr=lr, betas=betas, eps=eps, r=r, k=0, warmup_steps=warmup_steps,
                        train_mode=True, weight_sum=0.0, lr_max=-1.0,
                        weight_lr_power=weight_lr_power, weight_decay=weight_decay)
        super().__init__(params, defaults)

    @torch.no_grad()
    def eval(self):
        for group in self.param_groups:
            if group["train_mode"]:
                beta1 = group["betas"][0]
                for p in group["params"]:
                    state = self.state[p]
                    if "z" in state:
                        p.lerp_(end=state["z"], weight=1 - 1 / beta1)
                group["train_mode"] = False

    @torch.no_grad()
    def train(self):
        for group in self.param_groups:
            if not group["train_mode"]:
                beta1 = group["betas"][0]
                for p in group["params"]:
                    state = self.state[p]
                    if "z" in state:
                        p.lerp_(end=state["z"], weight=1 - beta1)
                group["train_mode"] = True

    @torch.no_grad()
    def step(self, closure=None):
        if not self.param_groups[0]["train_mode"]:
            raise Exception("Optimizer was not in train mode when step is called. "
                            "Please insert .train() and .eval() calls on the optimizer.")
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            eps = group["eps"]
            beta1, beta2 = group["betas"]
            decay = group["weight_decay"]
            k = group["k"]
            warmup_steps = group["warmup_steps"]
            sched = (k + 1) / warmup_steps if k < warmup_steps else 1.0
            bias_correction2 = 1 - beta2 ** (k + 1)
            lr = group["lr"] * sched * math.sqrt(bias_correction2)
            lr_max = group["lr_max"] = max(lr, group["lr_max"])
            weight = ((k + 1) ** group["r"]) * (lr_max ** group["weight_lr_power"])
            weight_sum = group["weight_sum"] = group["weight_sum"] + weight
            ckp1 = weight / weight_sum if weight_sum != 0 else 0
            for p in group["params"]:
                if p.grad is None:
                    continue
                y = p.data
                grad = p.grad.data
                state = self.state[p]
                if "z" not in state:
                    state["z"] = torch.clone(y)
                    state["exp_avg_sq"] = torch.zeros_like(p.data)
                z = state["z"]
                exp_avg_sq = state["exp_avg_sq"]
                exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                denom = exp_avg_sq.sqrt().add_(eps)
                grad_normalized = grad.div_(denom)
                if decay != 0:
                    grad_normalized.add_(y, alpha=decay)
                y.lerp_(end=z, weight=ckp1)
                y.add_(grad_normalized, alpha=lr * (beta1 * (1 - ckp1) - 1))
                z.sub_(grad_normalized, alpha=lr)
            group["k"] = k + 1
        return loss


class Adan(torch.optim.Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.98, 0.92, 0.99), eps=1e-8, weight_decay=0.0):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            beta1, beta2, beta3 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = torch.zeros_like(p)
                    state["exp_avg_diff"] = torch.zeros_like(p)
                    state["exp_avg_sq"] = torch.zeros_like(p)
                    state["pre_grad"] = p.grad.clone()
                state["step"] += 1
                step = state["step"]
                grad = p.grad
                diff = grad - state["pre_grad"]
                update = grad + beta2 * diff
                state["exp_avg"].mul_(beta1).add_(grad, alpha=1 - beta1)
                state["exp_avg_diff"].mul_(beta2).add_(diff, alpha=1 - beta2)
                state["exp_avg_sq"].mul_(beta3).addcmul_(update, update, value=1 - beta3)
                bc1, bc2, bc3 = (1 - beta1 ** step), (1 - beta2 ** step), (1 - beta3 ** step)
                denom = (state["exp_avg_sq"] / bc3).sqrt().add_(group["eps"])
                p.mul_(1 - group["lr"] * group["weight_decay"])
                p.addcdiv_(state["exp_avg"], denom, value=-group["lr"] / bc1)
                p.addcdiv_(state["exp_avg_diff"], denom, value=-group["lr"] * beta2 / bc2)
                state["pre_grad"].copy_(grad)


def zeropower_via_newtonschulz5(G, steps=5):
    a, b, c = (3.4445, -4.7750, 2.0315)
    X = G.float()
    if G.size(-2) > G.size(-1):
        X = X.mT
    X = X / (torch.linalg.matrix_norm(X, keepdim=True) + 1e-7)
    for _ in range(steps):
        A = X @ X.mT
        B = b * A + c * A @ A
        X = a * X + B @ X
    if G.size(-2) > G.size(-1):
        X = X.mT
    return X


class Muon(torch.optim.Optimizer):
    def __init__(self, params, lr=0.02, momentum=0.95, nesterov=True, ns_steps=5):
        super().__init__(params, dict(lr=lr, momentum=momentum, nesterov=nesterov,
                                      ns_steps=ns_steps))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            for p in group["params"]:
                g = p.grad
                state = self.state[p]
                if "momentum_buffer" not in state:
                    state["momentum_buffer"] = torch.zeros_like(g)
                buf = state["momentum_buffer"]
                buf.lerp_(g, 1 - group["momentum"])
                g = g.lerp(buf, group["momentum"]) if group["nesterov"] else buf
                g = zeropower_via_newtonschulz5(g, steps=group["ns_steps"])
                p.add_(g, alpha=-group["lr"] * max(1, p.size(-2) / p.size(-1)) ** 0.5)


def make_net():
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(6, 16), nn.Tanh(), nn.Linear(16, 8), nn.Tanh(),
                         nn.Linear(8, 1))


torch.manual_seed(42)
X = torch.randn(64, 6)
Y = (X[:, :1] * X[:, 1:2] - X[:, 2:3].sin() + 0.1 * torch.randn(64, 1))


def train(name, opt_factory, steps=6):
    net = make_net()
    opts = opt_factory(net)
    opts = opts if isinstance(opts, list) else [opts]
    losses = []
    for _ in range(steps):
        for o in opts:
            o.zero_grad(set_to_none=True)
        loss = F.mse_loss(net(X), Y)
        loss.backward()
        for o in opts:
            o.step()
        losses.append(loss.item())
    print(f"{name:10s}", " ".join(f"{v:.5f}" for v in losses))
    return net, opts


def muon_split(net):
    hidden = [p for n, p in net.named_parameters() if p.ndim == 2 and not n.startswith("4.")]
    rest = [p for n, p in net.named_parameters() if p.ndim < 2 or n.startswith("4.")]
    return [Muon(hidden, lr=0.05), torch.optim.AdamW(rest, lr=1e-2, betas=(0.9, 0.95))]


net, (sh,) = train("shampoo", lambda n: Shampoo(n.parameters(), lr=0.05))
st = sh.state[net[0].weight]
print("shampoo state", sorted(st), st["step"], tuple(st["precond_0"].shape),
      tuple(st["inv_precond_1"].shape))
train("adan", lambda n: Adan(n.parameters(), lr=1e-2, weight_decay=0.02))
net, opts = train("muon+adamw", muon_split)
print("muon groups", [len(o.param_groups[0]["params"]) for o in opts],
      sorted(opts[0].state_dict()["state"]))
W = torch.randn(16, 8)
ortho = zeropower_via_newtonschulz5(W)
sv = torch.linalg.svdvals(ortho)
print("newton-schulz singular values in", f"[{sv.min().item():.2f}, {sv.max().item():.2f}]",
      ortho.dtype, tuple(ortho.shape))

net, (sf,) = train("schedfree", lambda n: AdamWScheduleFree(n.parameters(), lr=1e-2,
                                                              warmup_steps=3))
with torch.no_grad():
    train_loss = F.mse_loss(net(X), Y).item()
    sf.eval()
    eval_loss = F.mse_loss(net(X), Y).item()
    sf.train()
    back = F.mse_loss(net(X), Y).item()
print(f"schedfree y-loss {train_loss:.5f} x-loss {eval_loss:.5f} back {back:.5f}")
print("schedfree group", {k: v for k, v in sf.param_groups[0].items() if k != "params"
                          and k in ("k", "train_mode", "warmup_steps")},
      f"{sf.param_groups[0]['weight_sum']:.6e}")
sf.eval()
try:
    sf.step()
except Exception as e:
    print(type(e).__name__, e)
sd = sf.state_dict()
sf2 = AdamWScheduleFree(make_net().parameters(), lr=1e-2)
sf2.load_state_dict(sd)
print("reloaded", sf2.param_groups[0]["k"], sf2.param_groups[0]["train_mode"],
      sorted(sf2.state[sf2.param_groups[0]["params"][0]]))
