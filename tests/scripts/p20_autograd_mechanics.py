import torch
import warnings

import torch.nn as nn

torch.manual_seed(0)

# Inspecting the graph: grad_fn, next_functions, names and metadata
a = torch.tensor([2.0, 3.0], requires_grad=True)
b = torch.tensor([6.0, 4.0], requires_grad=True)
Q = 3 * a ** 3 - b ** 2
print(Q.grad_fn.name())
for fn, idx in Q.grad_fn.next_functions:
    print("  ", fn.name() if fn is not None else None, idx)
    if fn is not None:
        print("    ", [(f.name() if f is not None else None, i) for f, i in fn.next_functions])
leaf_node = Q.grad_fn.next_functions[0][0].next_functions[0][0].next_functions[0][0]
print("leaf node variable is a:", leaf_node.variable is a)
print("saved exponent", Q.grad_fn.next_functions[0][0].next_functions[0][0]._saved_exponent)
print("saved self equal:", torch.equal(
    Q.grad_fn.next_functions[0][0].next_functions[0][0]._saved_self, a))

# hooks on the Node and on tensors
order = []
handle_post = Q.grad_fn.register_hook(
    lambda grad_inputs, grad_outputs: order.append(("post", [g.tolist() for g in grad_outputs])))
handle_pre = Q.grad_fn.register_prehook(
    lambda grad_outputs: order.append(("pre", [g.tolist() for g in grad_outputs])))
a.register_hook(lambda g: order.append(("a", g.tolist())))
Q.backward(gradient=torch.tensor([1.0, 1.0]))
for entry in order:
    print(entry)
print("a.grad", a.grad, "b.grad", b.grad)
handle_post.remove()
handle_pre.remove()

# retain_grad and is_leaf
x = torch.ones(2, 2, requires_grad=True)
y = x + 2
y.retain_grad()
z = y * y * 3
out = z.mean()
out.backward()
print("y.grad", y.grad, "y.is_leaf", y.is_leaf, "x.is_leaf", x.is_leaf)
print("out", out, out.grad_fn)

# saved tensor hooks: count packs and unpacks, and pack into something else
packed = []


def pack_hook(t):
    packed.append(tuple(t.shape))
    return t.clone()


def unpack_hook(t):
    packed.append("unpack")
    return t


w = torch.randn(3, requires_grad=True)
with torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook):
    y = w.pow(2).sin()
y.sum().backward()
print("hook events", packed)
print("w.grad matches", torch.allclose(w.grad, torch.cos(w ** 2) * 2 * w))


class SelfDeletingTempFile:
    store = {}

    def __init__(self, tensor):
        self.name = f"tmp{len(SelfDeletingTempFile.store)}"
        SelfDeletingTempFile.store[self.name] = tensor.clone()


def pack_to_store(tensor):
    return SelfDeletingTempFile(tensor)


def unpack_from_store(temp_file):
    return SelfDeletingTempFile.store.pop(temp_file.name)


model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
inp = torch.randn(5, 4)
with torch.autograd.graph.saved_tensors_hooks(pack_to_store, unpack_from_store):
    loss = model(inp).square().mean()
print("stored", len(SelfDeletingTempFile.store))
loss.backward()
print("stored after backward", len(SelfDeletingTempFile.store))
print("grad norms", [round(p.grad.norm().item(), 4) for p in model.parameters()])

with torch.autograd.graph.save_on_cpu(pin_memory=False):
    loss2 = model(inp).square().mean()
model.zero_grad()
loss2.backward()
print("save_on_cpu grad norms", [round(p.grad.norm().item(), 4) for p in model.parameters()])

# hooks on a saved tensor of one node
y = w.exp()
y.grad_fn._raw_saved_result.register_hooks(lambda t: t * 1, lambda t: t * 2)
w.grad = None
y.sum().backward()
print("doubled by the unpack hook", torch.allclose(w.grad, 2 * w.exp()))

# optimizer in backward with post-accumulate-grad hooks
torch.manual_seed(1)
net = nn.Sequential(nn.Linear(6, 6), nn.Tanh(), nn.Linear(6, 2))
optimizer_dict = {p: torch.optim.SGD([p], lr=0.1, momentum=0.9) for p in net.parameters()}


def optimizer_hook(parameter) -> None:
    optimizer_dict[parameter].step()
    optimizer_dict[parameter].zero_grad()


for p in net.parameters():
    p.register_post_accumulate_grad_hook(optimizer_hook)

data = torch.randn(16, 6)
target = torch.randn(16, 2)
for step in range(4):
    loss = nn.functional.mse_loss(net(data), target)
    loss.backward()
    print(f"step {step} loss {loss.item():.6f} grads cleared:",
          all(p.grad is None for p in net.parameters()))

# anomaly detection: NaN produced in backward
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    with torch.autograd.detect_anomaly():
        inp = torch.tensor([0.0, 1.0], requires_grad=True)
        out = torch.sqrt(inp) * 0 + inp
        try:
            torch.sqrt(inp).sum().backward()
            print("no error")
        except RuntimeError as e:
            print("RuntimeError:", e)
print("anomaly warnings", len(caught) > 0, caught[0].category.__name__ if caught else None)
print("is_anomaly_enabled", torch.is_anomaly_enabled())
with torch.autograd.set_detect_anomaly(True):
    print("inside", torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled())

# a function that returns NaN in backward via a custom Function
class BadGrad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x.clone()

    @staticmethod
    def backward(ctx, g):
        return g * float("nan")


with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    with torch.autograd.detect_anomaly():
        v = torch.ones(2, requires_grad=True)
        try:
            BadGrad.apply(v).sum().backward()
        except RuntimeError as e:
            print("RuntimeError:", e)

# inplace on a saved tensor
p = torch.randn(3, requires_grad=True)
q = p.sigmoid()
q.mul_(2)
try:
    q.sum().backward()
except RuntimeError as e:
    print("RuntimeError:", str(e)[:170])
print("version", q._version)

# grad mode contexts
x = torch.ones(2, requires_grad=True)
with torch.no_grad():
    print("no_grad", (x * 2).requires_grad)
with torch.inference_mode():
    y = x * 2
    print("inference", y.requires_grad, y.is_inference())
print("set_grad_enabled(False)", torch.set_grad_enabled(False) is not None)
torch.set_grad_enabled(True)
print("enabled again", torch.is_grad_enabled())
