import torch
import torch.nn as nn
import torch.nn.functional as F

# Recipes: changing the default device, reasoning about shapes with the meta device, dynamic
# parameter initialisation with lazy modules, skip_init and to_empty.
torch.manual_seed(0)

# changing the default device (only the CPU here: the code is the recipe's)
print(torch.get_default_device())
with torch.device("cpu"):
    mod = nn.Linear(20, 30)
    print(mod.weight.device, torch.randn(2).device)
torch.set_default_device("cpu")
print(torch.get_default_device(), torch.ones(1).device)
torch.set_default_device(None)
print(torch.get_default_device())
print(torch.empty(2, device="meta").device, torch.device("cpu", 0), torch.device("cpu"))
print(torch.device("meta"), torch.device("cpu").type, repr(torch.device("meta")))

# reasoning about shapes: run a model on meta tensors, no memory, no arithmetic
t = torch.rand(2, 3, 10, 10, device="meta")
conv = torch.nn.Conv2d(3, 5, 2, device="meta")
print(conv(t).shape, conv(t).device, conv.weight.is_meta)
print(F.max_pool2d(conv(t), 3, stride=2, padding=1).shape)
print(t.sum(dim=1).shape, (t @ torch.empty(10, 4, device="meta")).shape)


def fake_shape_of(module, shape):
    return module(torch.empty(*shape, device="meta")).shape


features = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(16, 32, 3, stride=2), nn.AdaptiveAvgPool2d((4, 4)),
                         nn.Flatten()).to("meta")
print(fake_shape_of(features, (8, 3, 32, 32)), fake_shape_of(features, (1, 3, 57, 41)))
for name, layer in features.named_children():
    print(name, type(layer).__name__)
try:
    t.sum().item()
except (RuntimeError, NotImplementedError) as err:
    print(type(err).__name__, str(err).splitlines()[0])
print(t.new_zeros(3).is_meta, torch.zeros_like(t).shape, t.to("meta").is_meta)
with torch.device("meta"):
    big = nn.Linear(100000, 100000)
print(big.weight.shape, big.weight.is_meta, big)

# to_empty materialises a meta model with uninitialised memory; reset_parameters fills it
with torch.device("meta"):
    small = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3))
small.to_empty(device="cpu")
print(small[0].weight.device, small[1].running_mean.device, small[0].weight.shape)
torch.manual_seed(1)
for module in small.modules():
    if hasattr(module, "reset_parameters"):
        module.reset_parameters()
print(small[0].weight)
print(small[1].running_mean, small[1].running_var, small[1].num_batches_tracked)

# skip_init: construct without running the initialiser, then initialise by hand
lin = torch.nn.utils.skip_init(nn.Linear, 5, 1)
print(lin, lin.weight.shape, lin.weight.requires_grad)
nn.init.constant_(lin.weight, 0.5)
nn.init.zeros_(lin.bias)
print(lin(torch.ones(1, 5)))
lin64 = torch.nn.utils.skip_init(nn.Linear, in_features=2, out_features=2, dtype=torch.float64)
print(lin64.weight.dtype)
try:
    torch.nn.utils.skip_init(lambda: None)
except (RuntimeError, TypeError, AttributeError) as err:
    print(type(err).__name__, err)

# lazy modules infer in_features / in_channels at the first call
torch.manual_seed(0)


class LazyMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.LazyLinear(10)
        self.relu1 = nn.ReLU()
        self.fc2 = nn.LazyLinear(1)

    def forward(self, x):
        return self.fc2(self.relu1(self.fc1(x)))


lazy_mlp = LazyMLP()
print(lazy_mlp)
print(lazy_mlp.fc1.weight)
print(type(lazy_mlp.fc1).__name__, lazy_mlp.fc1.in_features,
      lazy_mlp.fc1.has_uninitialized_params())
y = lazy_mlp(torch.ones(10, 5))
print(lazy_mlp)
print(type(lazy_mlp.fc1).__name__, lazy_mlp.fc1.weight.shape, lazy_mlp.fc2.weight.shape)
print(y.shape, y.grad_fn.name())
try:
    LazyMLP().load_state_dict(lazy_mlp.state_dict())
    print("loaded into a fresh lazy model")
except RuntimeError as err:
    print(err)
fresh = LazyMLP()
fresh.load_state_dict(lazy_mlp.state_dict())
print(fresh.fc1, type(fresh.fc1).__name__)
print(torch.equal(fresh(torch.ones(2, 5)), lazy_mlp(torch.ones(2, 5))))
print(fresh.fc1, type(fresh.fc1).__name__)

torch.manual_seed(0)
lazy_cnn = nn.Sequential(nn.LazyConv2d(8, 3), nn.LazyBatchNorm2d(), nn.ReLU(), nn.Flatten(),
                         nn.LazyLinear(4))
print(lazy_cnn)
out = lazy_cnn(torch.randn(2, 3, 6, 6))
print(lazy_cnn)
print(out.shape, [tuple(p.shape) for p in lazy_cnn.parameters()])
optimizer = torch.optim.SGD(lazy_cnn.parameters(), lr=0.1)
loss = out.pow(2).mean()
loss.backward()
optimizer.step()
print(f"{loss.item():.6f}", f"{lazy_cnn(torch.randn(2, 3, 6, 6)).pow(2).mean().item():.6f}")
try:
    nn.Sequential(nn.LazyLinear(3)).double()(torch.ones(2, 4)).sum()
except RuntimeError as err:
    print("RuntimeError", err)
