import torch
import math
import numpy as np
import torch.nn as nn
import torch.nn.functional as F

# The "Introduction to PyTorch" video series: tensors, the fundamentals of autograd, building
# models (layer zoo), then a small training loop with pruning.
torch.manual_seed(1729)
r1 = torch.rand(2, 2)
torch.manual_seed(1729)
print("same seed, same values", torch.equal(r1, torch.rand(2, 2)))
x = torch.empty(2, 3, dtype=torch.int16).zero_()
print(torch.zeros_like(x), torch.ones(2, 2, dtype=torch.int16).to(torch.int32).dtype)
some_constants = torch.tensor([[3.1415926, 2.71828], [1.61803, 0.0072897]])
print(some_constants)
some_integers = torch.tensor((2, 3, 5, 7, 11, 13, 17, 19))
print(some_integers, some_integers.dtype)
more_integers = torch.tensor(((2, 4, 6), [3, 6, 9]))
print(more_integers)
b = torch.rand((2, 3), dtype=torch.float64) * 20.
c = b.to(torch.int32)
print(c.dtype, c.shape)

ones = torch.zeros(2, 2) + 1
twos = torch.ones(2, 2) * 2
threes = (torch.ones(2, 2) * 7 - 1) / 2
fours = twos ** 2
sqrt2s = twos ** 0.5
print(ones, twos, threes, fours, sqrt2s, sep="\n")
powers2 = twos ** torch.tensor([[1, 2], [3, 4]])
print(powers2, powers2.dtype)
a = torch.rand(2, 3)
b = torch.rand(3, 2)
try:
    print(a * b)
except RuntimeError as err:
    print("RuntimeError", err)
rand = torch.rand(2, 4)
doubled = rand * (torch.ones(1, 4) * 2)
print("broadcast", torch.allclose(doubled, rand * 2))
a = torch.ones(4, 3, 2)
print((a * torch.rand(3, 2)).shape, (a * torch.rand(3, 1)).shape, (a * torch.rand(1, 2)).shape)
for shape in [(4, 3), (2, 3), ()]:
    try:
        print(shape, (a * torch.rand(shape)).shape)
    except RuntimeError as err:
        print(shape, "RuntimeError", err)

a = torch.rand(2, 4) * 2 - 1
print("Common functions:")
print(torch.abs(a).shape, torch.ceil(a).unique().numel() <= 2, torch.floor(a).max() <= 0)
print(torch.clamp(a, -0.5, 0.5).abs().max() <= 0.5)
angles = torch.tensor([0, math.pi / 4, math.pi / 2, 3 * math.pi / 4])
sines = torch.sin(angles)
inverses = torch.asin(sines)
print("\nSine and arcsine:", angles, sines, inverses, sep="\n")
b = torch.tensor([1, 5, 11])
c = torch.tensor([2, 7, 10])
print("\nBitwise XOR:", torch.bitwise_xor(b, c))
d = torch.tensor([[1., 2.], [3., 4.]])
e = torch.ones(1, 2)
print("\nBroadcasted, element-wise equality comparison:", torch.eq(d, e))
print("\nReduction ops:")
print(torch.max(d), torch.max(d).item(), torch.mean(d), torch.std(d), torch.prod(d),
      torch.unique(torch.tensor([1, 2, 1, 2, 1, 2])))
v1 = torch.tensor([1., 0., 0.])
v2 = torch.tensor([0., 1., 0.])
m1 = torch.rand(2, 2)
m2 = torch.tensor([[3., 0.], [0., 3.]])
print("\nVectors & Matrices:", torch.linalg.cross(v2, v1), torch.allclose(torch.matmul(m1, m2),
                                                                           m1 * 3))
u, s, vh = torch.linalg.svd(torch.matmul(m1, m2))
print("svd", s.shape, torch.allclose(u @ torch.diag(s) @ vh, m1 @ m2, atol=1e-6))
print(torch.std_mean(d), torch.var_mean(d, dim=0, correction=0))

a = torch.tensor([0, math.pi / 4, math.pi / 2, 3 * math.pi / 4])
print("a:", a, torch.sin(a), a, sep="\n")
print(torch.sin_(a), a, sep="\n")
a = torch.ones(2, 2)
b = torch.rand(2, 2)
print("before", a)
print(a.add_(b) is a, a.sub_(b), a.mul_(b) is a)
c = torch.zeros(2, 2)
old_id = id(c)
d = torch.matmul(a, b, out=c)
print("out=", c is d, id(c) == old_id)
torch.rand(2, 2, out=c)
print("rand out", id(c) == old_id)
a = torch.ones(2, 2)
b = a
a[0][1] = 561
print("alias", b)
b = a.clone()
a[0][1] = 562
print("clone", b[0, 1].item())
a = torch.rand(2, 2, requires_grad=True)
print("clone grad_fn", a.clone().grad_fn is not None, a.detach().clone().requires_grad)

a = torch.rand(3, 226, 226)
b = a.unsqueeze(0)
print(a.shape, b.shape)
c = torch.rand(1, 1, 1, 1, 1)
print(c.squeeze().shape, c.squeeze().dim())
a = torch.rand(1, 20)
print(a.shape, a.squeeze(0).shape)
b = torch.rand(2, 2)
print("squeeze non-1 dim", b.squeeze(0).shape)
a = torch.ones(4, 3, 2)
c = a * torch.rand(3, 1)
print(c.shape)
a = torch.ones(4, 3, 2)
b = torch.rand(3)
c = b.unsqueeze(1)
print(c.shape, (a * c).shape)
batch_me = torch.rand(3, 226, 226)
batch_me.unsqueeze_(0)
print(batch_me.shape)
output3d = torch.rand(6, 20, 20)
input1d = output3d.reshape(6 * 20 * 20)
print(input1d.shape, torch.reshape(output3d, (6 * 20 * 20,)).shape)
try:
    output3d.transpose(0, 1).view(-1)
except RuntimeError as err:
    print("RuntimeError", str(err).split(".")[0])

numpy_array = np.ones((2, 3))
pytorch_tensor = torch.from_numpy(numpy_array)
print(pytorch_tensor)
pytorch_rand = torch.rand(2, 3)
numpy_rand = pytorch_rand.numpy()
print(type(numpy_rand).__name__, numpy_rand.dtype)
numpy_array[1, 1] = 23
print(pytorch_tensor)
pytorch_rand[1, 1] = 17
print(numpy_rand[1, 1])

# The fundamentals of autograd
a = torch.linspace(0., 2. * math.pi, steps=25, requires_grad=True)
b = torch.sin(a)
print(b.grad_fn, b.requires_grad)
c = 2 * b
d = c + 1
out = d.sum()
print("d:", d.grad_fn, d.grad_fn.next_functions, d.grad_fn.next_functions[0][0].next_functions,
      d.grad_fn.next_functions[0][0].next_functions[0][0].next_functions,
      d.grad_fn.next_functions[0][0].next_functions[0][0].next_functions[0][0].next_functions,
      sep="\n")
print("c:", c.grad_fn, "b:", b.grad_fn, "a:", a.grad_fn)
out.backward()
print(torch.allclose(a.grad, 2 * torch.cos(a.detach())), a.grad[:3])
print("non-leaf grad", b.retains_grad, b.is_leaf, a.is_leaf)
import warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    print("non-leaf .grad", b.grad)
print([(w.category.__name__, str(w.message)[:90]) for w in caught])
b2 = torch.sin(a)
b2.retain_grad()
(b2 * 3).sum().backward()
print("retained", b2.retains_grad, b2.grad[:3])
try:
    b2.retain_grad()
    a.retain_grad()
    print("retain on leaf is a no-op", a.retains_grad)
except RuntimeError as err:
    print(err)

a = torch.ones(2, 3, requires_grad=True)
b1 = a + 1
with torch.no_grad():
    b2 = a + 1
b3 = a + 1
print(b1.requires_grad, b2.requires_grad, b3.requires_grad)


@torch.no_grad()
def add_tensors2(x, y):
    return x + y


print("decorated", add_tensors2(a, a).requires_grad)
with torch.inference_mode():
    inf = a * 2
print("inference", inf.requires_grad, inf.is_inference())
try:
    inf.requires_grad_()
except RuntimeError as err:
    print("RuntimeError", err)
x = torch.rand(5, requires_grad=True)
y = x.detach()
print(x.requires_grad, y.requires_grad, y.is_leaf)
a = torch.linspace(0., 2. * math.pi, steps=25, requires_grad=True)
try:
    torch.sin_(a)
except RuntimeError as err:
    print("RuntimeError", err)


def exp_adder(x, y):
    return 2 * x.exp() + 3 * y


inputs = (torch.tensor([0.5, 1.0]), torch.tensor([2.0, 3.0]))
print(torch.autograd.functional.jacobian(exp_adder, inputs))


def do_some_doubling(x):
    y = x * 2
    while y.data.norm() < 1000:
        y = y * 2
    return y


inputs = torch.tensor([0.1, 0.2, 0.3])
my_gradients = torch.tensor([0.1, 1.0, 0.0001])
print(torch.autograd.functional.vjp(do_some_doubling, inputs, v=my_gradients))
print(torch.autograd.functional.hvp(lambda t: (t ** 3).sum(), inputs, torch.ones(3)))
hooked = torch.tensor([1.0, -2.0], requires_grad=True)
handle = hooked.register_hook(lambda g: g.clamp(min=0))
(hooked * torch.tensor([3.0, 4.0])).sum().backward()
print("hooked grad", hooked.grad)
handle.remove()

# Building models: the layer zoo
torch.manual_seed(3)
layers = [nn.Softmax2d(), nn.ReflectionPad3d(1), nn.ReplicationPad1d((2, 1)),
          nn.ZeroPad2d((1, 0, 0, 1)), nn.ConstantPad3d(1, 0.5), nn.CircularPad1d(2)]
print([str(m) for m in layers])
img = torch.arange(8.).view(1, 2, 2, 2)
print(nn.Softmax2d()(img))
print(nn.ReflectionPad3d(1)(torch.arange(8.).view(1, 1, 2, 2, 2))[0, 0, 0])
print(nn.ReplicationPad1d((2, 1))(torch.arange(3.).view(1, 1, 3)))
print(nn.CircularPad1d(2)(torch.arange(3.).view(1, 1, 3)))
try:
    nn.Softmax2d()(torch.ones(3))
except (AssertionError, ValueError, RuntimeError) as err:
    print(type(err).__name__, err)
w = torch.empty(2, 2, 3)
nn.init.dirac_(w)
print("dirac", w)
w = torch.empty(3, 3, 3, 3)
nn.init.dirac_(w, groups=3)
print("dirac groups", w.sum((2, 3)))
w = torch.empty(6, 4)
nn.init.sparse_(w, sparsity=0.5, std=0.01)
print("sparse zeros per column", (w == 0).sum(0))
print("eye", nn.init.eye_(torch.empty(2, 3)))
try:
    nn.init.sparse_(torch.empty(2, 2, 2), 0.5)
except ValueError as err:
    print("ValueError", err)


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3)
        self.conv2 = nn.Conv2d(4, 8, 3)
        self.fc1 = nn.Linear(8 * 2 * 2, 16)
        self.fc2 = nn.Linear(16, 3)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.relu(self.conv2(x))
        x = x.view(-1, self.num_flat_features(x))
        return self.fc2(F.relu(self.fc1(x)))

    def num_flat_features(self, x):
        size = x.size()[1:]
        num_features = 1
        for s in size:
            num_features *= s
        return num_features


net = LeNet()
print(net)
images = torch.randn(12, 1, 10, 10)
labels = torch.randint(0, 3, (12,))
opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
for step in range(4):
    opt.zero_grad()
    loss = F.cross_entropy(net(images), labels)
    loss.backward()
    opt.step()
    print(f"step {step} loss {loss.item():.4f}")
import torch.nn.utils.prune as prune
parameters_to_prune = [(net.conv1, "weight"), (net.conv2, "weight"), (net.fc1, "weight"),
                       (net.fc2, "weight")]
prune.global_unstructured(parameters_to_prune, pruning_method=prune.L1Unstructured, amount=0.4)
for module, name in parameters_to_prune:
    print(f"Sparsity in {type(module).__name__}.{name}: "
          f"{100. * float(torch.sum(module.weight == 0)) / float(module.weight.nelement()):.2f}%")
total = sum(float(torch.sum(m.weight == 0)) for m, _ in parameters_to_prune)
print("global sparsity", round(100 * total / sum(m.weight.nelement()
                                                 for m, _ in parameters_to_prune), 2))
print([k for k in net.state_dict() if "conv1" in k], list(net.conv1._forward_pre_hooks.values()))
print(prune.is_pruned(net), prune.is_pruned(nn.Linear(2, 2)))
for module, name in parameters_to_prune:
    prune.remove(module, name)
print([k for k in net.state_dict() if "conv1" in k])
