import torch
import io
import copy
import torch.nn as nn
import torch.nn.functional as F

# Recipes: fusing the optimizer step into backward (post-accumulate-grad hooks), zeroing
# gradients, warm-starting from a different model, several models in one checkpoint,
# gradient clipping in two stages, and hooks' removable handles.
torch.manual_seed(0)
torch.set_printoptions(precision=5, sci_mode=False)


def make_model():
    torch.manual_seed(1)
    return nn.Sequential(nn.Linear(6, 16), nn.GELU(), nn.LayerNorm(16), nn.Linear(16, 3))


x = torch.randn(32, 6)
y = torch.randint(0, 3, (32,))

# the ordinary loop
model = make_model()
opt = torch.optim.AdamW(model.parameters(), lr=0.01, weight_decay=0.1)
for step in range(3):
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    opt.step()
    opt.zero_grad()
    print(f"plain step {step} loss {loss.item():.6f}")
reference = copy.deepcopy(model.state_dict())

# one optimizer per parameter, stepped from a hook as soon as that gradient is ready
model = make_model()
optimizer_dict = {p: torch.optim.AdamW([p], lr=0.01, weight_decay=0.1)
                  for p in model.parameters()}
order = []
names = {p: n for n, p in model.named_parameters()}


def optimizer_hook(parameter) -> None:
    order.append(names[parameter])
    optimizer_dict[parameter].step()
    optimizer_dict[parameter].zero_grad()


handles = [p.register_post_accumulate_grad_hook(optimizer_hook) for p in model.parameters()]
for step in range(3):
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    print(f"in-backward step {step} loss {loss.item():.6f}",
          all(p.grad is None for p in model.parameters()))
print("hook order", order[:6])
same = all(torch.allclose(reference[k], v, atol=1e-6) for k, v in model.state_dict().items())
print("same parameters as the plain loop", same)
print("handle type", type(handles[0]).__name__, "id" in dir(handles[0]))
for h in handles:
    h.remove()
loss = F.cross_entropy(model(x), y)
loss.backward()
print("after remove, grads kept", all(p.grad is not None for p in model.parameters()))
try:
    loss.sum().register_post_accumulate_grad_hook(optimizer_hook)
except RuntimeError as err:
    print("RuntimeError", err)

# zeroing: set_to_none versus zeros
opt = torch.optim.SGD(model.parameters(), lr=0.1)
opt.zero_grad(set_to_none=False)
print("zeros kept", model[0].bias.grad.abs().sum().item(), model[0].bias.grad.shape)
model.zero_grad()
print("set to none", model[0].bias.grad)

# warm-starting model B from model A's parameters


class NetA(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3)
        self.bn = nn.BatchNorm2d(4)
        self.fc1 = nn.Linear(4 * 4 * 4, 10)


class NetB(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3)
        self.fc1 = nn.Linear(4 * 4 * 4, 10)
        self.fc2 = nn.Linear(10, 2)
        self.register_buffer("step", torch.tensor(0))
        self.register_buffer("scratch", torch.zeros(2), persistent=False)


netA, netB = NetA(), NetB()
buffer = io.BytesIO()
torch.save(netA.state_dict(), buffer)
buffer.seek(0)
result = netB.load_state_dict(torch.load(buffer, weights_only=True), strict=False)
print(result)
print("missing", result.missing_keys)
print("unexpected", result.unexpected_keys)
print("copied", torch.equal(netA.conv1.weight, netB.conv1.weight))
print("netB keys", list(netB.state_dict()))
try:
    netB.load_state_dict(netA.state_dict())
except RuntimeError as err:
    print(str(err))
bad = netA.state_dict()
bad["fc1.weight"] = torch.zeros(3, 3)
try:
    netB.load_state_dict(bad, strict=False)
except RuntimeError as err:
    print(str(err))

# several models and optimizers in one file
optA = torch.optim.Adam(netA.parameters(), lr=1e-3)
optB = torch.optim.SGD(netB.parameters(), lr=1e-2, momentum=0.9)
out = netB.fc2(netB.fc1(torch.ones(2, 64)))
out.sum().backward()
optB.step()
buffer = io.BytesIO()
torch.save({"modelA_state_dict": netA.state_dict(), "modelB_state_dict": netB.state_dict(),
            "optimizerA_state_dict": optA.state_dict(),
            "optimizerB_state_dict": optB.state_dict()}, buffer)
buffer.seek(0)
checkpoint = torch.load(buffer, weights_only=True)
print("checkpoint keys", list(checkpoint))
newA, newB = NetA(), NetB()
newA.load_state_dict(checkpoint["modelA_state_dict"])
newB.load_state_dict(checkpoint["modelB_state_dict"])
new_optB = torch.optim.SGD(newB.parameters(), lr=0.5)
new_optB.load_state_dict(checkpoint["optimizerB_state_dict"])
print("optB param_groups", new_optB.param_groups[0]["lr"], new_optB.param_groups[0]["momentum"],
      len(new_optB.param_groups[0]["params"]), new_optB.param_groups[0]["params"][-1])
state = new_optB.state_dict()["state"]
print("optB state", sorted(state), list(state[4]))
print("optA state", checkpoint["optimizerA_state_dict"]["state"],
      checkpoint["optimizerA_state_dict"]["param_groups"][0]["betas"])
newA.eval()
newB.eval()
print("modes", newA.training, newA.bn.training, newB.training)

# gradient clipping in two stages
model = make_model()
F.cross_entropy(model(x), y).backward()
grads = [p.grad for p in model.parameters()]
norms = [torch.linalg.vector_norm(g) for g in grads]
total = torch.nn.utils.get_total_norm(grads, norm_type=2.0)
print("per-tensor norms", torch.stack(norms))
print("total", total, torch.linalg.vector_norm(torch.stack(norms)))
torch.nn.utils.clip_grads_with_norm_(model.parameters(), max_norm=0.5, total_norm=total)
print("after clipping", torch.nn.utils.get_total_norm([p.grad for p in model.parameters()]))
print("inf norm", torch.nn.utils.get_total_norm(grads, norm_type="inf"))
model[0].weight.grad[0, 0] = float("nan")
try:
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0, error_if_nonfinite=True)
except RuntimeError as err:
    print("RuntimeError", str(err).split(",")[0])
print("foreach clip value", torch.nn.utils.clip_grad_value_(model.parameters(), 0.01,
                                                            foreach=True))
print(model[3].bias.grad)

# module hooks with handles, and the forward hook with kwargs
calls = []
lin = nn.Linear(3, 2)
h1 = lin.register_forward_pre_hook(lambda m, args: calls.append(("pre", args[0].shape[0])))
h2 = lin.register_forward_hook(lambda m, args, kwargs, out: calls.append(("post", kwargs)),
                               with_kwargs=True)
h3 = lin.register_full_backward_hook(
    lambda m, gin, gout: calls.append(("bwd", tuple(g.shape for g in gout))))
lin(torch.ones(4, 3)).sum().backward()
h1.remove()
with h2, h3:
    pass
lin(torch.ones(5, 3)).sum().backward()
print("calls", calls)
print("hooks left", len(lin._forward_pre_hooks), len(lin._forward_hooks),
      len(lin._backward_hooks))
