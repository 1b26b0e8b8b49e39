import torch

# Inspecting and re-wiring a model as people do in notebooks: counting parameters, filtering
# named_modules / named_parameters, forward hooks that collect features, full backward hooks,
# state_dict key remapping loaded with strict=False (and the printed result), parametrize
# (orthogonal, weight_norm-like and a custom symmetric one), and torch.fx graphs printed.
from collections import OrderedDict

import torch.fx
import torch.nn as nn
import torch.nn.functional as F
import torch.nn.utils.parametrize as P

torch.manual_seed(0)
torch.set_printoptions(precision=4)


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(c)

    def forward(self, x):
        return F.relu(self.bn(self.conv(x)) + x)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 4, 3, padding=1)
        self.layer1 = nn.Sequential(Block(4), Block(4))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.head = nn.Linear(4, 5)
        self.register_buffer("scale", torch.tensor(2.0))

    def forward(self, x):
        x = self.stem(x)
        x = self.layer1(x)
        x = torch.flatten(self.pool(x), 1)
        return self.head(x) * self.scale


net = Net()
print(net)
total = sum(p.numel() for p in net.parameters())
trainable = sum(p.numel() for p in net.parameters() if p.requires_grad)
print("params", total, trainable)
for name, m in net.named_modules():
    if isinstance(m, (nn.Conv2d, nn.Linear)):
        print("layer", repr(name), type(m).__name__, tuple(m.weight.shape))
print("bn params", [n for n, _ in net.named_parameters() if ".bn." in n])
print("no-decay", [n for n, p in net.named_parameters() if p.ndim <= 1])
print("buffers", [(n, tuple(b.shape)) for n, b in net.named_buffers()])
print("children", [n for n, _ in net.named_children()])
print("modules with prefix", [n for n, _ in net.layer1.named_modules(prefix="layer1")][:4])
print("get_submodule", net.get_submodule("layer1.1.bn"))
print("get_parameter", net.get_parameter("head.bias").shape)
for p in net.stem.parameters():
    p.requires_grad_(False)
print("frozen", sum(p.numel() for p in net.parameters() if not p.requires_grad))

# --- forward hooks ---
feats = OrderedDict()


def save(name):
    def hook(module, inp, out):
        feats[name] = out.detach()
    return hook


handles = [m.register_forward_hook(save(n)) for n, m in net.named_modules()
           if isinstance(m, Block)]
pre = net.head.register_forward_pre_hook(lambda m, args: (args[0] * 0.5,))
x = torch.randn(2, 3, 6, 6)
y = net(x)
print("features", [(k, tuple(v.shape), round(v.mean().item(), 4)) for k, v in feats.items()])
print("out", y)
pre.remove()
for h in handles:
    h.remove()
print("hooks left", len(net.layer1[0]._forward_hooks), len(net.head._forward_pre_hooks))
kw = net.head.register_forward_hook(lambda m, args, kwargs, out: out + 1, with_kwargs=True)
print("with_kwargs shift", (net(x) - y).detach())
kw.remove()

# --- full backward hooks ---
grads = []


def bhook(module, grad_input, grad_output):
    ins = [None if g is None else tuple(g.shape) for g in grad_input]
    grads.append((type(module).__name__, ins, [tuple(g.shape) for g in grad_output]))


hb = net.head.register_full_backward_hook(bhook)
hb2 = net.layer1[1].register_full_backward_hook(bhook)
hpre = net.head.register_full_backward_pre_hook(lambda m, go: (go[0] * 2,))
inp = torch.randn(2, 3, 6, 6, requires_grad=True)
net(inp).sum().backward()
print("backward hooks", grads)
print("head weight grad", net.head.weight.grad[0])
hb.remove(), hb2.remove(), hpre.remove()
t = torch.randn(3, requires_grad=True)
t.register_hook(lambda g: g * 3)
(t * 2).sum().backward()
print("tensor hook grad", t.grad)

# --- state_dict remapping ---
sd = net.state_dict()
print("keys", list(sd.keys())[:6], len(sd))
print("num_batches_tracked", sd["layer1.0.bn.num_batches_tracked"])
remapped = OrderedDict(("backbone." + k if not k.startswith("head") else k.replace("head", "fc"), v)
                       for k, v in sd.items())
new = Net()
res = new.load_state_dict(remapped, strict=False)
print(res)
print("missing", len(res.missing_keys), "unexpected", len(res.unexpected_keys))
fixed = OrderedDict((k.removeprefix("backbone."), v) for k, v in remapped.items()
                    if k.startswith("backbone."))
res2 = new.load_state_dict(fixed, strict=False)
print(res2)
try:
    new.load_state_dict(remapped)
except RuntimeError as e:
    print("strict error:", str(e).splitlines()[0])
bad = dict(sd)
bad["head.weight"] = torch.zeros(3, 4)
try:
    new.load_state_dict(bad)
except RuntimeError as e:
    print("shape error:", str(e).splitlines()[-1].strip())
print("equal after load", torch.equal(new.stem.weight, net.stem.weight))

# --- parametrize ---
lin = nn.Linear(4, 4)
nn.utils.parametrizations.orthogonal(lin)
W = lin.weight
print("orthogonal", torch.allclose(W @ W.T, torch.eye(4), atol=1e-5))
print("parametrized keys", sorted(lin.state_dict().keys()))
print(lin)


class Symmetric(nn.Module):
    def forward(self, X):
        return X.triu() + X.triu(1).transpose(-1, -2)


sym = nn.Linear(3, 3)
P.register_parametrization(sym, "weight", Symmetric())
print("symmetric", torch.equal(sym.weight, sym.weight.T), P.is_parametrized(sym),
      P.is_parametrized(sym, "bias"))
print(type(sym).__name__, sym.parametrizations)
with P.cached():
    a = sym.weight
    b = sym.weight
    print("cached same object", a is b)
P.remove_parametrizations(sym, "weight", leave_parametrized=True)
print("after remove", type(sym).__name__, torch.equal(sym.weight, sym.weight.T),
      type(sym.weight).__name__)
wn = nn.utils.parametrizations.weight_norm(nn.Linear(3, 2))
print("weight_norm keys", sorted(wn.state_dict().keys()))
print("weight_norm g", wn.parametrizations.weight.original0.shape)
sn = nn.utils.parametrizations.spectral_norm(nn.Linear(5, 4))
sn.eval()
print("spectral norm sigma", torch.linalg.matrix_norm(sn.weight, 2).item().__round__(3))

# --- torch.fx ---
class Small(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 8)
        self.fc2 = nn.Linear(8, 2)

    def forward(self, x):
        h = torch.relu(self.fc1(x))
        h = h + x.sum(dim=-1, keepdim=True)
        return F.softmax(self.fc2(h), dim=-1)


gm = torch.fx.symbolic_trace(Small())
print(gm.graph)
print([n.op for n in gm.graph.nodes])
print(gm.code.strip())
xs = torch.randn(2, 4)
print("fx equal", torch.equal(gm(xs), gm.forward(xs)))
for node in gm.graph.nodes:
    if node.op == "call_function" and node.target is torch.relu:
        node.target = torch.sigmoid
gm.recompile()
print("after rewrite", [n.target.__name__ for n in gm.graph.nodes if n.op == "call_function"])
