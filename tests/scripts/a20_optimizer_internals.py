import torch

# The Optimizer plumbing custom-optimizer code leans on: param_groups and defaults,
# add_param_group (and its errors), per-instance and global step hooks
# (torch.optim.optimizer.register_optimizer_step_pre_hook / _post_hook), state_dict and
# load_state_dict hooks, zero_grad(set_to_none=False), state kept across load_state_dict
# with tensors cast to the parameter's dtype, an optimizer whose state holds Python numbers
# and tensors, a closure-driven step, and the errors users hit.
import torch.nn as nn
from torch.optim import Optimizer
from torch.optim.optimizer import (register_optimizer_step_post_hook,
                                   register_optimizer_step_pre_hook)

torch.manual_seed(0)


class SignSGD(Optimizer):
    def __init__(self, params, lr=0.01, momentum=0.0, *, maximize=False):
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        super().__init__(params, dict(lr=lr, momentum=momentum, maximize=maximize))

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("maximize", False)

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
                d_p = -p.grad if group["maximize"] else p.grad
                state = self.state[p]
                if group["momentum"]:
                    if "buf" not in state:
                        state["buf"] = d_p.clone()
                        state["count"] = 0
                    else:
                        state["buf"].mul_(group["momentum"]).add_(d_p)
                    state["count"] += 1
                    d_p = state["buf"]
                p.add_(torch.sign(d_p), alpha=-group["lr"])
        return loss


model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
opt = SignSGD([{"params": model[0].parameters()},
               {"params": model[2].parameters(), "lr": 0.1, "momentum": 0.9}], lr=0.05)
print(opt)
print("defaults", opt.defaults)
print("groups", [{k: v for k, v in g.items() if k != "params"} for g in opt.param_groups])

events = []
h1 = opt.register_step_pre_hook(lambda o, a, k: events.append("pre"))
h2 = opt.register_step_post_hook(lambda o, a, k: events.append("post"))
g1 = register_optimizer_step_pre_hook(lambda o, a, k: events.append("global-pre"))
g2 = register_optimizer_step_post_hook(lambda o, a, k: events.append("global-post"))
x, y = torch.randn(16, 3), torch.randn(16, 1)


def closure():
    opt.zero_grad()
    loss = ((model(x) - y) ** 2).mean()
    loss.backward()
    return loss


for step in range(4):
    loss = opt.step(closure)
    print(f"step {step} loss {loss.item():.5f}")
print("events", events[:4], len(events))
for h in (h1, h2, g1, g2):
    h.remove()
opt.step(closure)
print("after remove", len(events))

sd = opt.state_dict()
print("state keys", list(sd["state"].keys()), sorted(sd["state"][2].keys()))
print("count", sd["state"][2]["count"], type(sd["state"][2]["count"]).__name__)
print("param_groups", sd["param_groups"])

opt.register_state_dict_pre_hook(lambda o: events.append("sd-pre"))
opt.register_state_dict_post_hook(lambda o, s: {**s, "extra": 1})
sd2 = opt.state_dict()
print("post hook result has extra", "extra" in sd2, events[-1])


def pre_load(o, state_dict):
    state_dict = dict(state_dict)
    state_dict["param_groups"] = [dict(g, lr=g["lr"] * 0.5) for g in state_dict["param_groups"]]
    return state_dict


model2 = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1)).double()
opt2 = SignSGD([{"params": model2[0].parameters()},
                {"params": model2[2].parameters(), "lr": 0.1, "momentum": 0.9}], lr=0.05)
opt2.register_load_state_dict_pre_hook(pre_load)
opt2.register_load_state_dict_post_hook(lambda o: events.append("loaded"))
opt2.load_state_dict(sd)
print("loaded lrs", [g["lr"] for g in opt2.param_groups], events[-1])
buf = opt2.state[model2[2].weight]["buf"]
print("state cast to param dtype", buf.dtype, buf.shape)
print("original state untouched", sd["state"][2]["buf"].dtype)

opt.add_param_group({"params": [nn.Parameter(torch.zeros(2))], "momentum": 0.5})
print("new group", {k: v for k, v in opt.param_groups[-1].items() if k != "params"})
try:
    opt.add_param_group({"params": model[0].weight})
except ValueError as e:
    print("ValueError:", e)
try:
    opt.add_param_group({"params": [torch.zeros(2)]})
except ValueError as e:
    print("ValueError:", e)
try:
    SignSGD([], lr=0.1)
except ValueError as e:
    print("ValueError:", e)
try:
    SignSGD(model.parameters(), lr=-1.0)
except ValueError as e:
    print("ValueError:", e)
try:
    bad = dict(sd)
    bad["param_groups"] = sd["param_groups"][:1]
    opt2.load_state_dict(bad)
except ValueError as e:
    print("ValueError:", e)

model.zero_grad(set_to_none=False)
print("grads zeroed", [p.grad.abs().sum().item() for p in model.parameters()])
opt.zero_grad()
print("grads none", [p.grad for p in model.parameters()])

# state survives a pickle-like deepcopy and __setstate__ adds a missing default
import copy  # noqa: E402
state = opt.__getstate__()
for g in state["param_groups"]:
    g.pop("maximize")
clone = copy.deepcopy(opt)
clone.__setstate__(state)
print("setdefault maximize", [g["maximize"] for g in clone.param_groups])

# maximize really ascends
w = nn.Parameter(torch.tensor([1.0, -2.0]))
up = SignSGD([w], lr=0.5, maximize=True)
w.grad = torch.tensor([1.0, 1.0])
up.step()
print("maximize step", w.data)

# a torch optimizer's state_dict into a custom one's loader is refused on shape
sgd = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
closure()
sgd.step()
print("SGD state", sorted(sgd.state_dict()["state"][0].keys()),
      sgd.state_dict()["param_groups"][0]["nesterov"])
print(torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.95)))
