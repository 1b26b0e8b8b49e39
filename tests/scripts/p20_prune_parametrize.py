import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.nn.utils.parametrize as parametrize
import torch.nn.utils.prune as prune
from torch.nn.utils import parametrizations

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 3)
        self.conv2 = nn.Conv2d(6, 16, 3)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.view(-1, int(x.nelement() / x.shape[0]))
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


model = LeNet()
module = model.conv1
print(list(module.named_parameters())[0][0], list(module.named_buffers()))
prune.random_unstructured(module, name="weight", amount=0.3)
print([name for name, _ in module.named_parameters()])
print([name for name, _ in module.named_buffers()])
print("mask zeros", int((module.weight_mask == 0).sum()), "of", module.weight_mask.numel())
print(list(module._forward_pre_hooks.values()))  # (the keys count hooks process-wide)
prune.l1_unstructured(module, name="bias", amount=3)
print("bias mask", module.bias_mask)
print("bias", module.bias)
prune.ln_structured(module, name="weight", amount=0.5, n=2, dim=0)
print("structured zero channels", (module.weight.abs().sum((1, 2, 3)) == 0).tolist())
for hook in module._forward_pre_hooks.values():
    if hook._tensor_name == "weight":
        break
print(list(hook))
print(type(hook).__name__, [type(h).__name__ for h in hook])
print(model.state_dict().keys())
prune.remove(module, 'weight')
print([name for name, _ in module.named_parameters()])
print([name for name, _ in module.named_buffers()])

new_model = LeNet()
for name, module in new_model.named_modules():
    if isinstance(module, torch.nn.Conv2d):
        prune.l1_unstructured(module, name='weight', amount=0.2)
    elif isinstance(module, torch.nn.Linear):
        prune.l1_unstructured(module, name='weight', amount=0.4)
print(dict(new_model.named_buffers()).keys())

model = LeNet()
parameters_to_prune = (
    (model.conv1, 'weight'),
    (model.conv2, 'weight'),
    (model.fc1, 'weight'),
    (model.fc2, 'weight'),
    (model.fc3, 'weight'),
)
prune.global_unstructured(parameters_to_prune, pruning_method=prune.L1Unstructured, amount=0.2)
for m, name in parameters_to_prune:
    w = getattr(m, name)
    print("Sparsity in {}: {:.2f}%".format(
        type(m).__name__, 100. * float(torch.sum(w == 0)) / float(w.nelement())))
total = sum(float(torch.sum(getattr(m, n) == 0)) for m, n in parameters_to_prune)
count = sum(float(getattr(m, n).nelement()) for m, n in parameters_to_prune)
print("Global sparsity: {:.2f}%".format(100. * total / count))


class FooBarPruningMethod(prune.BasePruningMethod):
    PRUNING_TYPE = 'unstructured'

    def compute_mask(self, t, default_mask):
        mask = default_mask.clone()
        mask.view(-1)[::2] = 0
        return mask


def foobar_unstructured(module, name):
    FooBarPruningMethod.apply(module, name)
    return module


foobar_unstructured(model.fc3, name='bias')
print(model.fc3.bias_mask)
x = torch.randn(2, 1, 26, 26)
out = model(x)
out.sum().backward()
print("pruned weight_orig grad zeros follow the mask:",
      bool(((model.fc1.weight_orig.grad != 0) <= (model.fc1.weight_mask != 0)).all()))
print("is_pruned", prune.is_pruned(model), prune.is_pruned(nn.Linear(2, 2)))
prune.identity(model.fc2, "bias")
print(sorted(k for k in model.state_dict() if k.startswith("fc2")))


# --- parametrizations -----------------------------------------------------------------------
class Symmetric(nn.Module):
    def forward(self, X):
        return X.triu() + X.triu(1).transpose(-1, -2)


layer = nn.Linear(3, 3)
parametrize.register_parametrization(layer, "weight", Symmetric())
A = layer.weight
print("symmetric", torch.allclose(A, A.T))
print(layer)
print(layer.parametrizations.weight.original.shape)


class Skew(nn.Module):
    def forward(self, X):
        A = X.triu(1)
        return A - A.transpose(-1, -2)

    def right_inverse(self, A):
        return A.triu(1)


class MatrixExponential(nn.Module):
    def forward(self, X):
        return torch.matrix_exp(X)


cnn = nn.Conv2d(in_channels=5, out_channels=4, kernel_size=3)
parametrize.register_parametrization(cnn, "weight", Skew())
print("skew", cnn.weight.shape, torch.allclose(cnn.weight[0, 1], -cnn.weight[0, 1].T))

layer_orthogonal = nn.Linear(3, 3)
parametrize.register_parametrization(layer_orthogonal, "weight", Skew())
parametrize.register_parametrization(layer_orthogonal, "weight", MatrixExponential())
X = layer_orthogonal.weight
print("orthogonal", torch.dist(X.T @ X, torch.eye(3)) < 1e-10)
print(layer_orthogonal.parametrizations.weight)


class NoisyParametrization(nn.Module):
    def forward(self, X):
        print("Computing the Parametrization")
        return X


layer = nn.Linear(4, 4)
parametrize.register_parametrization(layer, "weight", NoisyParametrization())
print("Here, layer.weight is recomputed every time we call it")
foo = layer.weight + layer.weight.T
bar = layer.weight.sum()
with parametrize.cached():
    print("Here, it is computed just the first time layer.weight is called")
    foo = layer.weight + layer.weight.T
    bar = layer.weight.sum()


class CayleyMap(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.register_buffer("Id", torch.eye(n))

    def forward(self, X):
        return torch.linalg.solve(self.Id - X, self.Id + X)

    def right_inverse(self, A):
        return torch.linalg.solve(A + self.Id, self.Id - A)


layer = nn.Linear(3, 3)
parametrize.register_parametrization(layer, "weight", Skew())
parametrize.register_parametrization(layer, "weight", CayleyMap(3))
X = torch.linalg.matrix_exp(torch.tensor([[0., 1., 0.], [-1., 0., 0.5], [0., -0.5, 0.]]))
layer.weight = X
print("assigned", torch.allclose(X, layer.weight))
print(list(layer.parametrizations.weight))
print(layer.parametrizations.weight.original.round(decimals=6))
parametrize.remove_parametrizations(layer, "weight", leave_parametrized=True)
print(layer, type(layer.weight).__name__)

# the built-in parametrizations
lin = parametrizations.orthogonal(nn.Linear(4, 3))
Q = lin.weight
print("orthogonal rows", torch.allclose(Q @ Q.T, torch.eye(3)))
print(lin.parametrizations.weight[0].__class__.__name__)
wn = parametrizations.weight_norm(nn.Linear(5, 2))
print(sorted(n for n, _ in wn.named_parameters()))
print("g", wn.parametrizations.weight.original0.shape, "v",
      wn.parametrizations.weight.original1.shape)
print("norm check", torch.allclose(wn.weight.norm(dim=1, keepdim=True),
                                   wn.parametrizations.weight.original0))
sn = parametrizations.spectral_norm(nn.Linear(6, 4))
for _ in range(5):
    sn(torch.randn(3, 6))
sigma = torch.linalg.matrix_norm(sn.weight, 2)
print("spectral norm ~1:", round(sigma.item(), 3))
print(sorted(n for n, _ in sn.named_buffers()))
sn.eval()
print("eval keeps weight", torch.allclose(sn.weight, sn.weight))
opt = torch.optim.SGD(wn.parameters(), lr=0.1)
for step in range(3):
    loss = wn(torch.ones(2, 5)).pow(2).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"wn step {step} loss {loss.item():.10f}")
