import torch
import warnings

from torch.utils.checkpoint import (CheckpointFunction, DefaultDeviceType, GraphExecGroup,
                                    checkpoint, get_device_states, set_device_states)

# A reversible block saves and replays the generators of its inputs' devices by hand, as
# RevNet-style code does with get_device_states/set_device_states.
torch.manual_seed(0)
lin = torch.nn.Linear(3, 2)
drop = torch.nn.Dropout(0.5)
x = torch.randn(4, 3, requires_grad=True)

devices, states = get_device_states(x, {"nested": [x, 3]})
print("devices", devices, len(states))
# (the default type is the machine's accelerator's, "cpu" without one)
print(DefaultDeviceType.get_device_type() in ("cpu", "cuda"))
DefaultDeviceType.set_device_type("cpu")
print(DefaultDeviceType.get_device_type())
cpu_state = torch.get_rng_state()
first = torch.rand(3)
torch.set_rng_state(cpu_state)
set_device_states(devices, states)
print("replayed", torch.equal(first, torch.rand(3)))

# The reentrant checkpoint as a Function: dropout draws the same mask in the recomputation.
y = CheckpointFunction.apply(lambda t, k: drop(lin(t)) * k, True, x, 2.0)
print(y.grad_fn.name(), y.requires_grad)
y.pow(2).sum().backward()
print(x.grad)
print(lin.weight.grad, lin.bias.grad)

# The same region through checkpoint(use_reentrant=True) gives the same gradients.
x2 = x.detach().clone().requires_grad_()
lin.zero_grad()
torch.manual_seed(1)
a = CheckpointFunction.apply(lambda t: drop(lin(t)), True, x2)
a.sum().backward()
g_function, w_function = x2.grad.clone(), lin.weight.grad.clone()
x2.grad = None
lin.zero_grad()
torch.manual_seed(1)
checkpoint(lambda t: drop(lin(t)), x2, use_reentrant=True).sum().backward()
print("same as checkpoint", torch.equal(g_function, x2.grad), torch.equal(w_function,
                                                                          lin.weight.grad))

two = CheckpointFunction.apply(lambda p, q: (p * 2, q.sum()), False, x, torch.ones(2))
print([t.requires_grad for t in two])
try:
    CheckpointFunction.apply(lambda p: p.detach(), True, x).sum().backward()
except RuntimeError as error:
    print("RuntimeError", error)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    z = CheckpointFunction.apply(lambda p: p * 2, True, torch.ones(2))
print(z.requires_grad, [str(w.message) for w in caught])

with GraphExecGroup() as group:
    print("group", GraphExecGroup._get_current_group() is group)
    try:
        with GraphExecGroup():
            pass
    except RuntimeError as error:
        print("RuntimeError", str(error).split(". ")[0])
print("after", GraphExecGroup._get_current_group())
