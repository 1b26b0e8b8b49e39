import torch

# The Python around the tensors: copy.deepcopy of a model and of an optimizer (its state keyed
# by the new parameters), pickle of tensors, views and whole modules, functools.partial as a
# module factory and as an activation, typing annotations with torch.Tensor, isinstance /
# torch.is_tensor / is_floating_point / is_complex checks, torch.Size arithmetic and tuple
# behaviour, dataclasses holding tensors (and their eq/repr), tensors as dict keys (hash is
# id), and weakref to tensors and modules.
import copy
import dataclasses
import functools
import gc
import pickle
import weakref
from typing import Dict, List, NamedTuple, Optional, Tuple, Union

import torch.nn as nn
import torch.nn.functional as F

Tensor = torch.Tensor
torch.manual_seed(0)


def mlp(sizes: List[int], act=nn.ReLU, norm: Optional[type] = None) -> nn.Sequential:
    layers = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        layers.append(nn.Linear(a, b))
        if norm is not None:
            layers.append(norm(b))
        layers.append(act())
    return nn.Sequential(*layers[:-1])


make_ln_mlp = functools.partial(mlp, norm=nn.LayerNorm, act=functools.partial(nn.LeakyReLU, 0.2))
net = make_ln_mlp([4, 8, 3])
print(net)
print("partial", make_ln_mlp.func.__name__, make_ln_mlp.keywords["norm"].__name__)
gelu = functools.partial(F.gelu, approximate="tanh")
x = torch.linspace(-2, 2, 5)
print("partial gelu", gelu(x))


def scale(x: Tensor, factor: Union[float, Tensor] = 2.0) -> Tuple[Tensor, Tensor]:
    return x * factor, x / factor


print("annotations", scale.__annotations__["x"] is torch.Tensor,
      scale.__annotations__["return"])
print("scale", scale(x, torch.tensor(4.0)))

# type checks people write
values = [torch.tensor(1.5), torch.tensor([1, 2]), nn.Parameter(torch.ones(1)), 3.0,
          torch.tensor([1j]), torch.tensor(True), torch.Size([2, 3]), [torch.ones(1)]]
for v in values:
    tensorish = isinstance(v, torch.Tensor)
    print(f"  {type(v).__name__:<10} isinstance {tensorish!s:<5}",
          f"is_tensor {torch.is_tensor(v)!s:<5}",
          "float" if tensorish and torch.is_floating_point(v) else "-",
          "complex" if tensorish and torch.is_complex(v) else "-",
          "param" if isinstance(v, nn.Parameter) else "-",
          isinstance(v, tuple))

# torch.Size: a tuple with arithmetic
s = torch.Size([2, 3, 4])
print(s, s + (5,), (1,) + s, s[1:], type(s[1:]).__name__, s * 2, s.numel(), len(s))
print(s == (2, 3, 4), s == [2, 3, 4], hash(s) == hash((2, 3, 4)), s.index(3), s.count(4))
print(torch.Size((d * 2 for d in s)), torch.Size(), torch.Size([]).numel(), list(s),
      tuple(reversed(s)))
b, *rest = torch.zeros(2, 3, 4).shape
print("unpack", b, rest, type(rest).__name__, torch.zeros(2, 3).shape[-1:] + s[:1])
try:
    torch.Size([2, "a"])
except TypeError as error:
    print("TypeError", error)


# dataclasses holding tensors
@dataclasses.dataclass
class Batch:
    inputs: Tensor
    labels: Tensor
    mask: Optional[Tensor] = None
    meta: Dict[str, int] = dataclasses.field(default_factory=dict)

    def to(self, device):
        return dataclasses.replace(self, **{f.name: getattr(self, f.name).to(device)
                                           for f in dataclasses.fields(self)
                                           if isinstance(getattr(self, f.name), Tensor)})


batch = Batch(torch.arange(4.0).view(2, 2), torch.tensor([0, 1]), meta={"epoch": 1})
print(batch)
moved = batch.to("cpu")
print("replace keeps tensors", moved.inputs is batch.inputs, moved.mask, moved.meta)
print("astuple", [type(v).__name__ for v in dataclasses.astuple(batch)])
try:
    print(batch == Batch(torch.arange(4.0).view(2, 2), torch.tensor([0, 1]), meta={"epoch": 1}))
except RuntimeError as error:
    print("RuntimeError", error)
print("same object eq", batch == batch)


class Output(NamedTuple):
    logits: Tensor
    loss: Optional[Tensor] = None


out = Output(torch.ones(2), torch.tensor(0.5))
logits, loss = out
print(out, out._fields, out._replace(loss=None).loss, type(out[0]).__name__)

# tensors as dict keys: hashed by identity
a, b2 = torch.tensor([1.0]), torch.tensor([1.0])
table = {a: "a", b2: "b"}
print("dict keys", len(table), table[a], a in table, torch.tensor([1.0]) in table,
      hash(a) == id(a))
seen = {id(p): n for n, p in net.named_parameters()}
print("id table", [seen[id(p)] for p in net.parameters()][:3])
print("set of params", len(set(net.parameters())), len(set([a, a, b2])))

# deepcopy of a model and its optimizer
opt = torch.optim.Adam(net.parameters(), lr=0.01)
net(torch.randn(5, 4)).sum().backward()
opt.step()
net_copy = copy.deepcopy(net)
opt_copy = copy.deepcopy(opt)
p0, c0 = next(net.parameters()), next(net_copy.parameters())
print("deepcopy", p0 is c0, torch.equal(p0, c0), p0.data_ptr() != c0.data_ptr(),
      c0.grad is not None and torch.equal(c0.grad, p0.grad), c0.requires_grad)
print("optimizer copy keyed by its own params", opt_copy.param_groups[0]["params"][0] is p0,
      list(opt_copy.state)[0] is opt_copy.param_groups[0]["params"][0])
opt_rebound = torch.optim.Adam(net_copy.parameters(), lr=0.01)
opt_rebound.load_state_dict(opt.state_dict())
for o, n in ((opt, net), (opt_rebound, net_copy)):
    o.zero_grad()
    n(torch.ones(2, 4)).pow(2).sum().backward()
    o.step()
print("both step alike", all(torch.equal(p, q) for p, q in zip(net.parameters(),
                                                              net_copy.parameters())))
leaf = torch.ones(2, requires_grad=True)
nonleaf = leaf * 2
try:
    copy.deepcopy(nonleaf)
except RuntimeError as error:
    print("RuntimeError", error)
print("deepcopy of a detached view", copy.deepcopy({"v": leaf.detach()[1:]})["v"])

# pickle round trips
blob = pickle.dumps({"t": torch.arange(6).view(2, 3)[:, 1:], "p": nn.Parameter(torch.ones(2)),
                     "dtype": torch.float16, "size": torch.Size([3]), "dev": torch.device("cpu")})
back = pickle.loads(blob)
print("pickled", back["t"], back["t"].is_contiguous(), type(back["p"]).__name__,
      back["p"].requires_grad, back["dtype"], back["size"], back["dev"])
net_back = pickle.loads(pickle.dumps(net))
print("pickled module", type(net_back).__name__,
      torch.equal(net_back(torch.ones(1, 4)), net(torch.ones(1, 4))))
try:
    pickle.dumps(nonleaf)
except RuntimeError as error:
    print("RuntimeError", str(error)[:90])

# weak references
t = torch.randn(3)
ref = weakref.ref(t)
print("weakref alive", ref() is t)
del t
gc.collect()
print("weakref after del", ref())
m = nn.Linear(2, 2)
mref = weakref.ref(m)
cache = weakref.WeakKeyDictionary()
cache[m.weight] = "w"
print("weak dict", len(cache), mref() is m)
del m
gc.collect()
print("after module del", mref(), len(cache))
finalized = []
z = torch.zeros(1)
weakref.finalize(z, finalized.append, "freed")
del z
gc.collect()
print("finalize", finalized)
