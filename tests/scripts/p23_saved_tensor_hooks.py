import torch

# The "Hooks for autograd saved tensors" tutorial: what each op saves (grad_fn._saved_*,
# _raw_saved_*), pack/unpack hooks that log, that trade memory for recomputation, that
# move saved tensors to disk in a temporary directory and back, torch.autograd.graph.
# save_on_cpu, the errors of in-place writes to saved tensors, and post-accumulate-grad
# hooks on parameters stepping an optimizer per parameter.
import os
import tempfile
import uuid

import torch.nn as nn
from torch.autograd.graph import saved_tensors_hooks, save_on_cpu

torch.manual_seed(0)

# what the graph saves
a = torch.randn(5, requires_grad=True)
y = a.pow(2)
print(y.grad_fn, y.grad_fn._saved_self.equal(a), y.grad_fn._saved_self is a)
print("exponent", y.grad_fn._saved_exponent)
z = a.exp()
print("exp saves its result:", z.grad_fn._saved_result.equal(z), z.grad_fn._saved_result is z)
print(type(y.grad_fn._raw_saved_self).__name__)
s = a.sin()
s.sum().backward()
try:
    s.grad_fn._saved_self
except RuntimeError as error:
    print("RuntimeError:", error)

# hooks that log what is packed and unpacked
log = []


def pack_hook(x):
    log.append(("pack", tuple(x.shape)))
    return x


def unpack_hook(x):
    log.append(("unpack", tuple(x.shape)))
    return x


x = torch.randn(3, 4, requires_grad=True)
w = torch.randn(4, requires_grad=True)
with saved_tensors_hooks(pack_hook, unpack_hook):
    out = (x.exp().sin().relu().sum(0) + w.pow(2)).sum()
print("after forward", log)
out.backward()
print("after backward", log)
print(x.grad, w.grad)

# registering hooks on the node itself for one saved tensor
b = torch.randn(4, requires_grad=True)
c = b * b
c.grad_fn._raw_saved_self.register_hooks(lambda t: t * 1, lambda t: t * 10)
c.sum().backward()
print("grad / b through the unpack hook:", b.grad / b)

# trading compute for memory: keep only the input and recompute
calls = {"pack": 0, "unpack": 0}


def pack_index(t):
    calls["pack"] += 1
    return t.detach().clone()


def unpack_double(t):
    calls["unpack"] += 1
    return t


net = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
inp = torch.randn(6, 4)
with saved_tensors_hooks(pack_index, unpack_double):
    loss = net(inp).pow(2).mean()
grads_hooked = torch.autograd.grad(loss, net.parameters())
loss_plain = net(inp).pow(2).mean()
grads_plain = torch.autograd.grad(loss_plain, net.parameters())
print(calls["pack"] > 0, calls["pack"] == calls["unpack"],
      all(torch.equal(p, q) for p, q in zip(grads_hooked, grads_plain)))
print(f"loss {loss.item():.6f}")

# saving to disk and loading back on unpack
tmp_dir = tempfile.TemporaryDirectory()
files = []


def pack_to_disk(tensor):
    name = os.path.join(tmp_dir.name, str(uuid.uuid4()))
    torch.save(tensor, name)
    files.append(name)
    return name


def unpack_from_disk(name):
    return torch.load(name, weights_only=True)


p = torch.randn(5, requires_grad=True)
with saved_tensors_hooks(pack_to_disk, unpack_from_disk):
    q = (p * p.cos()).sum()
print("files written", len(files), all(os.path.exists(f) for f in files))
q.backward()
print(p.grad)
print(torch.allclose(p.grad, p.cos() - p * p.sin()))


# only saving big tensors to disk: small ones stay in memory
class SelfDeletingTempFile:
    def __init__(self, directory):
        self.name = os.path.join(directory, str(uuid.uuid4()))

    def __del__(self):
        if os.path.exists(self.name):
            os.remove(self.name)


def pack_big(tensor):
    if tensor.numel() < 16:
        return tensor
    temp_file = SelfDeletingTempFile(tmp_dir.name)
    torch.save(tensor, temp_file.name)
    return temp_file


def unpack_big(packed):
    if isinstance(packed, torch.Tensor):
        return packed
    return torch.load(packed.name, weights_only=True)


small, big = torch.randn(3, requires_grad=True), torch.randn(4, 5, requires_grad=True)
with saved_tensors_hooks(pack_big, unpack_big):
    r = (small.exp().sum() * big.sigmoid()).sum()
print("on disk:", len(os.listdir(tmp_dir.name)) - len(files))
r.backward()
print(small.grad, big.grad.sum())
tmp_dir.cleanup()

# save_on_cpu (pin_memory only matters with CUDA)
m = torch.randn(3, 3, requires_grad=True)
with save_on_cpu(pin_memory=False):
    k = (m @ m).tanh().sum()
k.backward()
print(m.grad)

# hooks nest: the inner pair wins
order = []
with saved_tensors_hooks(lambda t: order.append("outer") or t, lambda t: t):
    with saved_tensors_hooks(lambda t: order.append("inner") or t, lambda t: t):
        (a * 2).sin()
    (a * 3).cos()
print(order)


# in-place on a saved tensor: the version counter catches it
e = torch.randn(3, requires_grad=True)
f = e * 1
g = f.sigmoid()
g.mul_(2)
try:
    g.sum().backward()
except RuntimeError as error:
    print("RuntimeError:", str(error)[:160])
print("version", g._version)

# post-accumulate-grad hooks: each parameter steps its own optimizer during backward
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
twin = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
twin.load_state_dict(model.state_dict())
optimizers = {param: torch.optim.SGD([param], lr=0.05, momentum=0.9)
              for param in model.parameters()}
seen = []


def optimizer_hook(param):
    seen.append(tuple(param.shape))
    optimizers[param].step()
    optimizers[param].zero_grad()


handles = [param.register_post_accumulate_grad_hook(optimizer_hook)
           for param in model.parameters()]
twin_opt = torch.optim.SGD(twin.parameters(), lr=0.05, momentum=0.9)
data, target = torch.randn(8, 3), torch.randn(8, 2)
for step in range(3):
    loss = nn.functional.mse_loss(model(data), target)
    loss.backward()
    twin_opt.zero_grad()
    twin_loss = nn.functional.mse_loss(twin(data), target)
    twin_loss.backward()
    twin_opt.step()
    print(f"step {step} {loss.item():.6f} {twin_loss.item():.6f}",
          all(torch.allclose(p, q) for p, q in zip(model.parameters(), twin.parameters())))
print("hook order", seen[:4])
print("grads cleared:", all(p.grad is None for p in model.parameters()))
for handle in handles:
    handle.remove()
model(data).sum().backward()
print("after remove:", all(p.grad is not None for p in model.parameters()))
try:
    (data * 2).register_post_accumulate_grad_hook(lambda t: None)
except RuntimeError as error:
    print("RuntimeError:", error)
