import torch

# torch.autograd.graph as the autograd docs page explains it: walking grad_fn.next_functions,
# a Node's name/metadata/saved attributes, Node hooks (register_hook and register_prehook)
# changing gradients in flight, GradientEdge from get_gradient_edge used as an input and an
# output of torch.autograd.grad, register_multi_grad_hook in "all" and "any" modes,
# increment_version and the error it triggers, allow_mutation_on_saved_tensors, retain_grad
# on a non-leaf, and the errors of a graph freed or detached.
from torch.autograd.graph import (allow_mutation_on_saved_tensors, get_gradient_edge,
                                  increment_version, register_multi_grad_hook)

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)

a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
b = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
c = (a * b).exp()
d = c.sum() + (a ** 2).mean()


def walk(node, depth=0, seen=None):
    seen = set() if seen is None else seen
    if node is None:
        print("  " * depth + "None")
        return
    print("  " * depth + node.name(), len(node.next_functions))
    if node in seen:
        return
    seen.add(node)
    for child, _ in node.next_functions:
        walk(child, depth + 1, seen)


walk(d.grad_fn)
mul_node = c.grad_fn.next_functions[0][0]
print(mul_node.name(), sorted(k for k in dir(mul_node) if k.startswith("_saved_")),
      mul_node._saved_self is a, torch.equal(mul_node._saved_other, b))
print(c.grad_fn._saved_result.equal(c), (a ** 2).grad_fn._saved_exponent,
      a.sum().grad_fn._saved_self_sym_sizes)
accumulate = mul_node.next_functions[0][0]
print(accumulate.name(), accumulate.variable is a, accumulate.next_functions)
mul_node.metadata["tag"] = "product"
print(c.grad_fn.next_functions[0][0].metadata)

calls = []


def node_hook(grad_inputs, grad_outputs):
    calls.append(("hook", [g.tolist() if g is not None else None for g in grad_inputs]))
    return tuple(g * 10 if g is not None else None for g in grad_inputs)


def node_prehook(grad_outputs):
    calls.append(("prehook", [g.tolist() for g in grad_outputs]))
    return (grad_outputs[0] + 1,)


handle = mul_node.register_hook(node_hook)
prehandle = mul_node.register_prehook(node_prehook)
d.backward(retain_graph=True)
print(calls)
print(a.grad, b.grad)
handle.remove()
prehandle.remove()
a.grad = b.grad = None
d.backward()
print(a.grad, b.grad)
try:
    d.backward()
except RuntimeError as error:
    print("second backward:", str(error).split(".")[0])

x = torch.tensor([1.0, 2.0], requires_grad=True)
h = x.sin()
y = (h * 3).sum()
edge = get_gradient_edge(h)
print(type(edge).__name__, edge.node.name(), edge.output_nr)
(grad_h,) = torch.autograd.grad(y, edge, retain_graph=True)
print(grad_h)
print(torch.autograd.grad(h, x, grad_outputs=torch.ones(2), retain_graph=True))
print(torch.autograd.grad(y, get_gradient_edge(x)))
leaf_edge = get_gradient_edge(x)
print(leaf_edge.node.name(), leaf_edge.output_nr)
try:
    get_gradient_edge(torch.ones(2))
except RuntimeError as error:
    print("edge of constant:", error)

p = torch.tensor([1.0, 2.0], requires_grad=True)
q = torch.tensor([3.0], requires_grad=True)
seen = []
multi = register_multi_grad_hook((p, q), lambda grads: seen.append(
    ["all", [g.tolist() if g is not None else None for g in grads]]))
(p.sum() * 2).backward()
print(seen)
multi.remove()
seen.clear()
register_multi_grad_hook((p, q), lambda grad: seen.append(["any", grad.tolist()]), mode="any")
(p.sum() + q * 5).sum().backward()
print(seen, p.grad, q.grad)
try:
    register_multi_grad_hook((p, q), lambda g: None, mode="some")
except (ValueError, AssertionError) as error:
    print("mode:", type(error).__name__, error)

v = torch.tensor([1.0, 2.0], requires_grad=True)
w = v * 1
out = w.exp()
print(w._version)
increment_version(w)
print(w._version)
try:
    out.sum().backward()
except RuntimeError as error:
    print("version:", error)

with allow_mutation_on_saved_tensors():
    s = torch.tensor([1.0, 2.0], requires_grad=True)
    t = s.clone()
    u = t * t
    t.mul_(100)
    u.sum().backward()
print(s.grad, t)

r = torch.tensor([2.0, 3.0], requires_grad=True)
mid = r * r
mid.retain_grad()
mid_no = r * 2
(mid * mid_no).sum().backward()
print(mid.grad, mid_no.grad, mid.is_leaf, mid.retains_grad, mid_no.retains_grad)
print(r.detach().grad_fn, r.detach().requires_grad, mid.detach().is_leaf)
with torch.no_grad():
    frozen = r * 2
print(frozen.grad_fn, frozen.requires_grad)
try:
    frozen.sum().backward()
except RuntimeError as error:
    print("no graph:", error)
try:
    torch.autograd.grad((r * 2).sum(), [torch.ones(1, requires_grad=True)])
except RuntimeError as error:
    print("unused:", error)
print(torch.autograd.grad((r * 2).sum(), [r, torch.ones(1, requires_grad=True)],
                          allow_unused=True, materialize_grads=True))
