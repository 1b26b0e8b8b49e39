import torch

# Module plumbing a training codebase leans on: weight tying and what parameters(),
# named_parameters(remove_duplicate=False) and state_dict() make of it, forward hooks with
# prepend / with_kwargs / always_call, apply() initialisers, load_state_dict with strict=False
# and assign=True, load-time key renaming through a pre-hook, state_dict post-hooks, container
# reprs; then torch.fx on an annotated forward (graph, code, concrete_args, a rewrite),
# fuse_conv_bn_eval, L-BFGS without a line search, pca_lowrank/lobpcg, and parametrize with a
# right_inverse, stacked parametrizations and its errors.
from typing import Optional

import torch.fx
import torch.nn as nn
import torch.nn.utils.parametrize as P
from torch.nn.utils.fusion import fuse_conv_bn_eval

torch.manual_seed(0)
torch.set_printoptions(precision=4)

class LM(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(10, 4)
        self.body = nn.Sequential(nn.Linear(4, 4), nn.GELU(approximate="tanh"), nn.LayerNorm(4),
                                  nn.Dropout(0.1))
        self.out = nn.Linear(4, 10, bias=False)
        self.out.weight = self.emb.weight
    def forward(self, idx):
        return self.out(self.body(self.emb(idx)))

m = LM()
print(m)
print(len(list(m.parameters())), len(list(m.named_parameters(remove_duplicate=False))))
print([n for n, _ in m.named_parameters(remove_duplicate=False)])
print(sum(p.numel() for p in m.parameters()), sum(p.numel() for p in set(m.parameters())))
sd = m.state_dict()
print(list(sd.keys()), sd["out.weight"] is sd["emb.weight"],
      sd["out.weight"].data_ptr() == sd["emb.weight"].data_ptr())
print(sd._metadata if hasattr(sd, "_metadata") else None)
kv = m.state_dict(keep_vars=True)
print(type(kv["emb.weight"]).__name__, kv["emb.weight"].requires_grad)
sd2 = m.state_dict(prefix="model.")
print(list(sd2)[:2])
order = []
h1 = m.body.register_forward_hook(lambda mod, i, o: order.append("a"))
h2 = m.body.register_forward_hook(lambda mod, i, o: order.append("b"), prepend=True)
h3 = m.body.register_forward_pre_hook(lambda mod, a, k: order.append("pre") or None,
                                      with_kwargs=True)
m(torch.tensor([[1, 2]]))
print(order)
print(list(m.body._forward_hooks.keys()) == [h2.id, h1.id], h1.id < h2.id)
for h in (h1, h2, h3):
    h.remove()
def bad_hook(mod, i, o):
    raise ValueError("boom")
h = m.body[0].register_forward_hook(lambda mod, i, o: order.append("always"), always_call=True)
h4 = m.body[1].register_forward_hook(bad_hook)
try:
    m(torch.tensor([1]))
except ValueError as e:
    print("error", e, order[-1])
h.remove()
h4.remove()
def init(mod):
    if isinstance(mod, nn.Linear):
        nn.init.constant_(mod.weight, 0.01)
        if mod.bias is not None:
            nn.init.zeros_(mod.bias)
m.apply(init)
print(m.emb.weight[0], m.body[0].weight[0])
new = LM()
res = new.load_state_dict({k: v.clone() for k, v in sd.items() if k != "out.weight"}, strict=False)
print(res, torch.equal(new.out.weight, new.emb.weight))
res = new.load_state_dict(sd, assign=True)
print(res, new.emb.weight is new.out.weight)
print(res.missing_keys, bool(res))
class Old(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)
        self._register_load_state_dict_pre_hook(self._rename)
    def _rename(self, state_dict, prefix, local_metadata, strict, missing, unexpected, errors):
        for k in list(state_dict):
            if k.startswith(prefix + "linear."):
                state_dict[k.replace("linear.", "fc.")] = state_dict.pop(k)
o = Old()
print(o.load_state_dict({"linear.weight": torch.ones(2, 2), "linear.bias": torch.zeros(2)}))
print(o.fc.weight)
o.register_state_dict_post_hook(
    lambda mod, sd, prefix, local_metadata: sd.__setitem__(prefix + "extra", torch.tensor(1.0)))
print(list(o.state_dict()))
print(o.get_extra_state.__doc__ is not None)
ms = nn.ModuleDict({"a": nn.Linear(1, 1), "b": nn.ReLU()})
print(ms, list(ms.keys()), "a" in ms)
pl = nn.ParameterList([nn.Parameter(torch.ones(2)), nn.Parameter(torch.zeros(1, 3))])
print(pl)
pd = nn.ParameterDict({"w": nn.Parameter(torch.ones(2))})
print(pd)
print(nn.utils.parameters_to_vector(pl))
m.requires_grad_(False)
print(any(p.requires_grad for p in m.parameters()))
m.train(False)
print(m.training, m.body[3].training)
print(m.body[1], m.body[2], repr(m.body[3]))
print(m.get_submodule("body.2").normalized_shape)
try:
    m.get_submodule("body.9")
except AttributeError as e:
    print(e)
try:
    m.get_parameter("body.0.nope")
except AttributeError as e:
    print(e)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 2, 3)
        self.bn = nn.BatchNorm2d(2)
        self.param = nn.Parameter(torch.ones(2))
    def forward(self, x: torch.Tensor, scale: float = 1.0,
                mask: Optional[torch.Tensor] = None) -> torch.Tensor:
        y = self.bn(self.conv(x))
        y = y.flatten(1).mean(-1) * self.param * scale
        z = torch.cat([y, y.neg()], dim=0)
        return z.view(-1)[:3] * z.shape[0]

gm = torch.fx.symbolic_trace(Net())
print(gm.graph)
print(gm.code)
print(gm)
for n in gm.graph.nodes:
    target = n.target if isinstance(n.target, str) else n.target.__name__
    print(n.name, n.op, target, n.type, n.args, n.kwargs, list(n.users))
gm2 = torch.fx.symbolic_trace(Net(), concrete_args={"scale": 2.0})
print(gm2.code)
# modify: replace mean with sum
for n in gm.graph.nodes:
    if n.op == "call_method" and n.target == "mean":
        n.target = "sum"
gm.graph.lint()
gm.recompile()
print(gm.code)
print(gm(torch.arange(16.0).view(1, 1, 4, 4) / 8).detach().round(decimals=3))
m = Net().eval()
m.bn.running_mean.uniform_()
m.bn.running_var.uniform_(0.5, 1.5)
fused = fuse_conv_bn_eval(m.conv, m.bn)
x = torch.randn(1, 1, 5, 5)
print(fused, torch.allclose(fused(x), m.bn(m.conv(x)), atol=1e-6))
# LBFGS without line search, and state
w = torch.tensor([1.5, -0.5], requires_grad=True)
opt = torch.optim.LBFGS([w], lr=0.5, max_iter=5, history_size=3)
def closure():
    opt.zero_grad()
    loss = (1 - w[0])**2 + 100 * (w[1] - w[0]**2)**2
    loss.backward()
    return loss
for i in range(4):
    print("rosen", f"{opt.step(closure).item():.5f}", w.detach())
print(opt.state_dict()["state"][0].keys())
print(opt.state_dict()["param_groups"])
print(opt)
# pca_lowrank with default q
torch.manual_seed(1)
A = torch.randn(20, 8, dtype=torch.float64)
U, S, V = torch.pca_lowrank(A)
print(S.shape, U.shape, V.shape, S)
U, S, V = torch.pca_lowrank(A, center=False, q=4)
print(S)
print(torch.linalg.svdvals(A)[:4])
print(torch.svd(A[:4, :3]).S)
# lobpcg
B = A.T @ A
E, X = torch.lobpcg(B, k=2, largest=True)
print(E, torch.linalg.eigvalsh(B)[-2:])
# parametrize errors
lin = nn.Linear(3, 3)
class Bad(nn.Module):
    def forward(self, X):
        return X[:2]
try:
    P.register_parametrization(lin, "weight", Bad())
except Exception as e:
    print(type(e).__name__, str(e)[:200])
try:
    P.remove_parametrizations(lin, "weight")
except Exception as e:
    print(type(e).__name__, e)
class Skew(nn.Module):
    def forward(self, X):
        A = X.triu(1)
        return A - A.T
    def right_inverse(self, A):
        return A.triu(1)
P.register_parametrization(lin, "weight", Skew())
lin.weight = torch.tensor([[0., 1., 2.], [-1., 0., 3.], [-2., -3., 0.]])
print(lin.parametrizations.weight.original)
print(lin.weight)
P.register_parametrization(lin, "weight", nn.Identity())
print(lin.parametrizations.weight)
print(sum(p.numel() for p in lin.parameters()))
print([n for n, _ in lin.named_parameters()])
