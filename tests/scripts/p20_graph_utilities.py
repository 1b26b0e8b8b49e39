import torch

# torch.autograd.graph's utilities: multi-grad hooks, mutation of saved tensors, disabling
# saved-tensor hooks, version counters, gradient edges
torch.manual_seed(0)
a = torch.rand(2, 3, requires_grad=True)
b = torch.rand(2, 3, requires_grad=True)
seen = []
handle = torch.autograd.graph.register_multi_grad_hook(
    (a, b), lambda grads: seen.append([g is None for g in grads]))
(a * 2).sum().backward()
(a * b).sum().backward()
print("all mode", seen)
handle.remove()
seen_any = []
handle = torch.autograd.graph.register_multi_grad_hook(
    (a, b), lambda g: seen_any.append(tuple(g.shape)), mode="any")
(a * b).sum().backward()
print("any mode", seen_any)
handle.remove()

with torch.autograd.graph.allow_mutation_on_saved_tensors():
    x = torch.ones(3, requires_grad=True).clone()
    y = x * x
    x.add_(1)
    y.sum().backward()
print("mutation allowed, grad from the saved values")
x = torch.ones(3, requires_grad=True)
y = x.clone()
z = y * y
y.add_(1)
try:
    z.sum().backward()
except RuntimeError as e:
    print("RuntimeError:", str(e)[:120])

with torch.autograd.graph.disable_saved_tensors_hooks("no hooks here"):
    try:
        with torch.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t):
            pass
    except RuntimeError as e:
        print("RuntimeError", e)

t = torch.ones(2)
v = t._version
torch.autograd.graph.increment_version(t)
t.mul_(2)
t[0] = 5
print("versions", t._version - v)
view = t[:1]
view.add_(1)
print("shared counter", t._version - v, view._version - v)

z = (a * b).sum()
print(z.grad_fn.metadata, isinstance(z.grad_fn, torch.autograd.graph.Node))
edge = torch.autograd.graph.get_gradient_edge(a)
print(type(edge).__name__, edge.output_nr)
g_a, = torch.autograd.grad(z, edge, retain_graph=True)
print("grad via edge", torch.allclose(g_a, b))
mid = a * 3
out = (mid ** 2).sum()
g_mid, = torch.autograd.grad(out, torch.autograd.graph.get_gradient_edge(mid))
print("grad at an intermediate edge", torch.allclose(g_mid, 2 * mid))

# retain_graph, and backward twice
w = torch.tensor([1.0, 2.0], requires_grad=True)
loss = (w.exp() * w).sum()
loss.backward(retain_graph=True)
loss.backward()
print("accumulated twice", w.grad)
try:
    loss.backward()
except RuntimeError as e:
    print("RuntimeError:", str(e).split(".")[0])

# inputs= limits which leaves accumulate
w.grad = None
u = torch.tensor([3.0], requires_grad=True)
(w.sum() * u).backward(inputs=[u])
print("inputs=", w.grad, u.grad)
