import torch

# The torch.optim docs page's API beyond step(): per-parameter options and add_param_group,
# the state_dict's structure (param ids, state entries, param_names), loading it into a new
# optimizer and the errors of mismatched groups, zero_grad(set_to_none), the step pre/post
# hooks (global and per optimizer), state_dict and load_state_dict hooks, and the errors of
# parameters given wrongly, all on a float64 model trained a few steps.
from torch import nn
from torch.optim import SGD, Adam, AdamW, RMSprop
from torch.optim.optimizer import (register_optimizer_step_post_hook,
                                   register_optimizer_step_pre_hook)

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
inputs, targets = torch.randn(8, 3), torch.randn(8, 1)

optimizer = SGD([{"params": model[0].parameters()},
                 {"params": model[2].parameters(), "lr": 0.01, "momentum": 0.9}],
                lr=0.1, momentum=0.5, weight_decay=1e-3)
print(optimizer)
print([sorted(group) for group in optimizer.param_groups][0])
events = []
optimizer.register_step_pre_hook(lambda opt, args, kwargs: events.append("pre"))
handle = optimizer.register_step_post_hook(lambda opt, args, kwargs: events.append("post"))
global_pre = register_optimizer_step_pre_hook(lambda opt, a, k: events.append(
    "global pre " + type(opt).__name__))
global_post = register_optimizer_step_post_hook(lambda opt, a, k: events.append(
    "global post"))
for step in range(3):
    optimizer.zero_grad()
    loss = nn.functional.mse_loss(model(inputs), targets)
    loss.backward()
    optimizer.step()
    print(step, f"{loss.item():.10f}")
print(events)
handle.remove()
global_pre.remove()
global_post.remove()
events.clear()
optimizer.step()
print(events)

state = optimizer.state_dict()
print(list(state), state["param_groups"][1], list(state["state"]),
      sorted(state["state"][2]), state["state"][3]["momentum_buffer"])
fresh = SGD([{"params": model[0].parameters()},
             {"params": model[2].parameters(), "lr": 0.5}], lr=1.0)
fresh.load_state_dict(state)
print(fresh.param_groups[1]["lr"], fresh.param_groups[1]["momentum"],
      torch.equal(fresh.state[model[2].bias]["momentum_buffer"],
                  optimizer.state[model[2].bias]["momentum_buffer"]))
for label, make in [
        ("one group", lambda: SGD(model.parameters(), lr=0.1)),
        ("other sizes", lambda: SGD([{"params": [model[0].weight]},
                                     {"params": [model[0].bias, *model[2].parameters()]}],
                                    lr=0.1))]:
    try:
        make().load_state_dict(state)
        print(label, "loaded")
    except ValueError as error:
        print(label, "->", error)

named = Adam(model.named_parameters(), lr=0.01)
model.zero_grad()
nn.functional.mse_loss(model(inputs), targets).backward()
named.step()
named_state = named.state_dict()
print(named_state["param_groups"][0]["param_names"], sorted(named_state["state"][0]))
print(named_state["state"][0]["step"], named_state["param_groups"][0]["betas"])

adamw = AdamW(model[0].parameters(), lr=0.01)
adamw.add_param_group({"params": model[2].weight, "weight_decay": 0.0})
print(len(adamw.param_groups), adamw.param_groups[1]["weight_decay"],
      adamw.param_groups[1]["lr"], adamw.param_groups[1]["amsgrad"])
for label, call in [
        ("duplicate", lambda: adamw.add_param_group({"params": [model[0].weight]})),
        ("tensor params", lambda: SGD(model[0].weight, lr=0.1)),
        ("empty", lambda: SGD([], lr=0.1)),
        ("non-leaf", lambda: SGD([model[0].weight * 2], lr=0.1)),
        ("negative lr", lambda: Adam(model.parameters(), lr=-1.0)),
        ("betas", lambda: Adam(model.parameters(), betas=(1.0, 0.9))),
        ("momentum", lambda: SGD(model.parameters(), lr=0.1, momentum=-0.1)),
        ("nesterov", lambda: SGD(model.parameters(), lr=0.1, nesterov=True)),
        ("rmsprop alpha", lambda: RMSprop(model.parameters(), alpha=-1.0)),
        ("set params", lambda: SGD({model[0].weight, model[0].bias}, lr=0.1)),
        ("missing lr", lambda: adamw.add_param_group({"params": [], "lr": None}))]:
    try:
        call()
        print(label, "accepted")
    except (ValueError, TypeError, RuntimeError) as error:
        print(label, "->", type(error).__name__, error)

model.zero_grad()
print(model[0].weight.grad)
nn.functional.mse_loss(model(inputs), targets).backward()
optimizer.zero_grad(set_to_none=False)
print(model[0].bias.grad)
optimizer.zero_grad()
print(model[0].bias.grad)

hooked = SGD(model.parameters(), lr=0.1, momentum=0.9)
hooked.register_state_dict_pre_hook(lambda opt: print("state_dict pre", type(opt).__name__))
hooked.register_state_dict_post_hook(lambda opt, sd: {**sd, "extra": 1})
hooked.register_load_state_dict_pre_hook(lambda opt, sd: print("load pre", list(sd)))
hooked.register_load_state_dict_post_hook(lambda opt: print("load post"))
saved = hooked.state_dict()
print(list(saved))
saved.pop("extra")
hooked.load_state_dict(saved)
