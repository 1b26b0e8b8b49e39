import torch
import numpy as np

# The "Tensors" and "Automatic Differentiation" tutorials of the Learning PyTorch path, with
# the tensor creation API recipe: creation from data, NumPy bridges, attributes, operations,
# then requires_grad, grad_fn, gradients, no_grad/detach and a Jacobian-vector product.
torch.manual_seed(0)

data = [[1, 2], [3, 4]]
x_data = torch.tensor(data)
np_array = np.array(data)
x_np = torch.from_numpy(np_array)
print(x_data, x_np.dtype)

x_ones = torch.ones_like(x_data)
print(f"Ones Tensor: \n {x_ones} \n")
x_rand = torch.rand_like(x_data, dtype=torch.float)
print(f"Random Tensor: \n {x_rand} \n")

shape = (2, 3,)
rand_tensor = torch.rand(shape)
ones_tensor = torch.ones(shape)
zeros_tensor = torch.zeros(shape)
print(f"Random Tensor: \n {rand_tensor} \n")
print(f"Ones Tensor: \n {ones_tensor} \n")
print(f"Zeros Tensor: \n {zeros_tensor}")

tensor = torch.rand(3, 4)
print(f"Shape of tensor: {tensor.shape}")
print(f"Datatype of tensor: {tensor.dtype}")
print(f"Device tensor is stored on: {tensor.device}")

tensor = torch.ones(4, 4)
print(f"First row: {tensor[0]}")
print(f"First column: {tensor[:, 0]}")
print(f"Last column: {tensor[..., -1]}")
tensor[:, 1] = 0
print(tensor)
t1 = torch.cat([tensor, tensor, tensor], dim=1)
print(t1)

y1 = tensor @ tensor.T
y2 = tensor.matmul(tensor.T)
y3 = torch.rand_like(y1)
torch.matmul(tensor, tensor.T, out=y3)
print(y1, torch.equal(y1, y2), torch.equal(y1, y3))
z1 = tensor * tensor
z2 = tensor.mul(tensor)
z3 = torch.rand_like(tensor)
torch.mul(tensor, tensor, out=z3)
print(z1, torch.equal(z2, z3))

agg = tensor.sum()
agg_item = agg.item()
print(agg_item, type(agg_item))
print(f"{tensor} \n")
tensor.add_(5)
print(tensor)

t = torch.ones(5)
print(f"t: {t}")
n = t.numpy()
print(f"n: {n}")
t.add_(1)
print(f"t: {t}")
print(f"n: {n}")
n = np.ones(5)
t = torch.from_numpy(n)
np.add(n, 1, out=n)
print(f"t: {t}")
print(f"n: {n}")

# tensor creation API recipe
print(torch.full((2, 3), 3.141592))
print(torch.full((2, 2), 7), torch.full((2,), True))
print(torch.arange(5), torch.arange(1, 4), torch.arange(1, 2.5, 0.5))
print(torch.arange(0, 1, 0.1).shape, torch.arange(0, 1, 0.1)[-1])
print(torch.linspace(-10, 10, steps=5))
print(torch.linspace(start=-10, end=10, steps=1))
print(torch.logspace(start=-10, end=10, steps=5))
print(torch.logspace(start=0.1, end=1.0, steps=5))
print(torch.logspace(start=2, end=2, steps=1, base=2))
e = torch.empty_like(torch.zeros(2, 3, dtype=torch.int32))
print(e.shape, e.dtype)
print(torch.empty((2, 3), dtype=torch.float64).shape)
print(torch.zeros(2, 3, dtype=torch.int64), torch.ones(3, dtype=torch.bool))
print(torch.eye(3), torch.eye(2, 3))
print(torch.tensor([[0.11111, 0.222222, 0.3333333]], dtype=torch.float64))
print(torch.tensor([1, 2.5, True]), torch.tensor([True, False]), torch.tensor([1, 2, 3]))
print(torch.tensor([[1, 2], [3.0, 4]]).dtype, torch.tensor([1 + 2j, 3]).dtype)
print(torch.tensor(3.14159), torch.tensor([]), torch.tensor([[]]).shape)
a = np.array([1, 2, 3])
t = torch.as_tensor(a)
t[0] = -1
print(a, t)
t = torch.as_tensor(a, dtype=torch.float32)
t[0] = 10
print(a, t)
t = torch.tensor(a)
t[1] = 99
print(a, t)
print(torch.zeros_like(x_rand), torch.full_like(x_data, 9), torch.randn(2, 2).dtype)
print(torch.randint(3, 10, (2, 2)), torch.randperm(6))
print(torch.complex(torch.tensor([1.0]), torch.tensor([2.0])))
print(torch.polar(torch.tensor([2.0]), torch.tensor([0.0])))
print(torch.heaviside(torch.tensor([-1.5, 0, 2.0]), torch.tensor([0.5])))

# Automatic Differentiation with torch.autograd
x = torch.ones(5)
y = torch.zeros(3)
w = torch.randn(5, 3, requires_grad=True)
b = torch.randn(3, requires_grad=True)
z = torch.matmul(x, w) + b
loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
print(f"Gradient function for z = {z.grad_fn}"[:38])
print(f"Gradient function for loss = {loss.grad_fn}"[:65])
print(z.grad_fn.name(), loss.grad_fn.name())
loss.backward()
print(w.grad)
print(b.grad)

z = torch.matmul(x, w) + b
print(z.requires_grad)
with torch.no_grad():
    z = torch.matmul(x, w) + b
print(z.requires_grad)
z = torch.matmul(x, w) + b
z_det = z.detach()
print(z_det.requires_grad)

inp = torch.eye(4, 5, requires_grad=True)
out = (inp + 1).pow(2).t()
out.backward(torch.ones_like(out), retain_graph=True)
print(f"First call\n{inp.grad}")
out.backward(torch.ones_like(out), retain_graph=True)
print(f"\nSecond call\n{inp.grad}")
inp.grad.zero_()
out.backward(torch.ones_like(out), retain_graph=True)
print(f"\nCall after zeroing gradients\n{inp.grad}")

try:
    loss.backward()
except RuntimeError as err:
    print("RuntimeError:", str(err).split(".")[0])
try:
    torch.ones(2, requires_grad=True).mul(2).backward()
except RuntimeError as err:
    print("RuntimeError:", err)
leaf = torch.tensor([1.0, 2.0], requires_grad=True)
print(leaf.is_leaf, (leaf * 2).is_leaf, leaf.detach().is_leaf)
try:
    leaf.add_(1)
except RuntimeError as err:
    print("RuntimeError:", err)
