import torch

torch.manual_seed(1)

x = torch.ones(2, 2, requires_grad=True)
print(x)
y = x + 2
print(y)
print(y.grad_fn)
print(y.grad_fn.name(), x.grad_fn, x.is_leaf, y.is_leaf)
z = y * y * 3
out = z.mean()
print(z, out)
out.backward()
print(x.grad)

# requires_grad_ on an existing tensor
a = torch.randn(2, 2)
a = ((a * 3) / (a - 1))
print(a.requires_grad)
a.requires_grad_(True)
print(a.requires_grad)
b = (a * a).sum()
print(b.grad_fn)

# vector-Jacobian product
x = torch.randn(3, requires_grad=True)
y = x * 2
while y.data.norm() < 1000:
    y = y * 2
print(y)
v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)
y.backward(v)
print(x.grad)

# gradient accumulation
w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
for step in range(3):
    loss = (w ** 2).sum()
    loss.backward()
    print(step, w.grad)
w.grad.zero_()
print(w.grad)

# no_grad, detach, set_grad_enabled
with torch.no_grad():
    print((w * 2).requires_grad)
print((w * 2).requires_grad, w.detach().requires_grad, (w.detach() * 2).requires_grad)
with torch.set_grad_enabled(False):
    print((w + 1).requires_grad)
print(torch.is_grad_enabled())
with torch.inference_mode():
    print((w * 3).requires_grad)

@torch.no_grad()
def doubled(t):
    return t * 2

print(doubled(w).requires_grad)

# retain_grad and retain_graph
p = torch.tensor([2.0, -1.0], requires_grad=True)
q = p * 3
q.retain_grad()
r = (q ** 2).sum()
r.backward(retain_graph=True)
print(q.grad, p.grad)
r.backward()
print(p.grad)

# hooks
h = torch.tensor([1.0, 2.0], requires_grad=True)
seen = []
handle = h.register_hook(lambda grad: seen.append(grad.clone()) or grad * 10)
(h * h).sum().backward()
print(seen, h.grad)
handle.remove()
h.grad = None
(h * h).sum().backward()
print(h.grad)

mid = h * 2
mid.register_hook(lambda grad: print("hook on intermediate:", grad))
mid.sum().backward()

# higher-order gradients
s = torch.tensor(3.0, requires_grad=True)
f = s ** 3
(df,) = torch.autograd.grad(f, s, create_graph=True)
(d2f,) = torch.autograd.grad(df, s, create_graph=True)
(d3f,) = torch.autograd.grad(d2f, s)
print(df, d2f, d3f)

u = torch.tensor([1.0, 2.0], requires_grad=True)
g = torch.autograd.grad((u.sin() * u).sum(), u, create_graph=True)[0]
print(g)
g.sum().backward()
print(u.grad)

# jacobian and hessian
def fn(v):
    return torch.stack([v[0] * v[1], v[0].exp(), v[1] ** 2])

point = torch.tensor([0.5, -1.5])
print(torch.autograd.functional.jacobian(fn, point))
print(torch.autograd.functional.hessian(lambda v: (v ** 3).sum() + v.prod(), point))
print(torch.autograd.functional.vjp(fn, point, torch.ones(3)))
print(torch.autograd.functional.jvp(fn, point, torch.ones(2)))
print(torch.autograd.functional.hvp(lambda v: (v ** 3).sum(), point, torch.ones(2)))

# autograd.grad with several inputs and allow_unused
k1 = torch.randn(3, requires_grad=True)
k2 = torch.randn(3, requires_grad=True)
k3 = torch.randn(3, requires_grad=True)
gs = torch.autograd.grad((k1 * k2).sum(), [k1, k2, k3], allow_unused=True)
print(gs)
gs = torch.autograd.grad((k1 * k2).sum(), [k1, k3], allow_unused=True, materialize_grads=True)
print(gs)

# grad through common ops
m = torch.randn(3, 4, requires_grad=True)
loss = torch.softmax(m, dim=1)[:, 0].log().sum() + m.relu().mean() + torch.tanh(m).max()
loss.backward()
print(loss, m.grad)
print(loss.grad_fn, loss.grad_fn.next_functions)
