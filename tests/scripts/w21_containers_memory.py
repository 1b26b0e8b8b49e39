import torch

# Library-shaped bookkeeping: the reprs of nested containers (ModuleDict inside ModuleList,
# ParameterList, ParameterDict with mixed dtypes and requires_grad), memory counted the way
# repositories count it (element_size() * nelement(), untyped_storage().nbytes(), per-dtype
# totals, buffers vs parameters), data_ptr() and storage equality for views and copies, and a
# torch.Tensor subclass built with _make_subclass (a "Buffer-like" tagged tensor).
from collections import OrderedDict, defaultdict

import torch.nn as nn

torch.manual_seed(0)


class Heads(nn.Module):
    def __init__(self):
        super().__init__()
        self.heads = nn.ModuleDict({"cls": nn.Linear(8, 3), "reg": nn.Sequential(
            nn.Linear(8, 4), nn.SiLU(), nn.Linear(4, 1))})
        self.blocks = nn.ModuleList([nn.ModuleDict({"norm": nn.LayerNorm(8),
                                                    "proj": nn.Linear(8, 8, bias=False)})
                                     for _ in range(2)])
        self.scales = nn.ParameterList([nn.Parameter(torch.ones(8)),
                                        nn.Parameter(torch.zeros(2, 2, dtype=torch.float64)),
                                        nn.Parameter(torch.ones(1), requires_grad=False)])
        self.extras = nn.ParameterDict({"temperature": nn.Parameter(torch.tensor(1.0)),
                                        "bias_table": nn.Parameter(torch.zeros(3, 4))})
        self.register_buffer("step", torch.zeros((), dtype=torch.long))
        self.register_buffer("cache", torch.zeros(4, 8), persistent=False)

    def forward(self, x):
        for block in self.blocks:
            x = x + block["proj"](block["norm"](x)) * self.scales[0]
        return {k: head(x) / self.extras["temperature"] for k, head in self.heads.items()}


model = Heads()
print(model)
print(model.scales)
print(model.extras)
print("ModuleDict keys", list(model.heads.keys()), "in", "cls" in model.heads,
      type(model.heads["reg"]).__name__)
print("ParameterList len", len(model.scales), [tuple(p.shape) for p in model.scales])
out = model(torch.randn(5, 8))
print({k: tuple(v.shape) for k, v in out.items()})

# memory accounting
param_bytes = sum(p.element_size() * p.nelement() for p in model.parameters())
buffer_bytes = sum(b.element_size() * b.nelement() for b in model.buffers())
storage_bytes = sum(p.untyped_storage().nbytes() for p in model.parameters())
print("param bytes", param_bytes, "buffer bytes", buffer_bytes, "storage bytes", storage_bytes,
      f"MB {param_bytes / 1024 ** 2:.6f}")
by_dtype = defaultdict(int)
for name, p in model.named_parameters():
    by_dtype[p.dtype] += p.numel()
print("by dtype", dict(by_dtype))
print("trainable", sum(p.numel() for p in model.parameters() if p.requires_grad),
      "frozen", sum(p.numel() for p in model.parameters() if not p.requires_grad))
print("itemsize/nbytes", model.scales[1].itemsize, model.scales[1].nbytes,
      torch.empty(3, dtype=torch.int16).nbytes, torch.empty(0).nbytes)

# views, copies and storages
x = torch.arange(12.0).reshape(3, 4)
views = {"x": x, "row": x[1], "col": x[:, 1], "t": x.t(), "flat": x.view(-1), "tail": x[2:],
         "clone": x.clone(), "contig_t": x.t().contiguous(), "detach": x.detach(),
         "expand": x[:1].expand(3, 4), "reshape": x.reshape(4, 3)}
for name, v in views.items():
    same_storage = v.untyped_storage().data_ptr() == x.untyped_storage().data_ptr()
    print(f"  {name:<8} same ptr {v.data_ptr() == x.data_ptr()!s:<5} same storage "
          f"{same_storage!s:<5} offset {v.storage_offset()} bytes "
          f"{v.untyped_storage().nbytes()} elem*n {v.element_size() * v.nelement()} "
          f"contiguous {v.is_contiguous()} stride {v.stride()}")
print("ptr arithmetic", views["tail"].data_ptr() - x.data_ptr(),
      views["col"].data_ptr() - x.data_ptr())
print("_base", views["row"]._base is x, views["clone"]._base, views["flat"]._is_view(),
      views["clone"]._is_view())
views["row"].mul_(10)
print("write through view", x[1], "version", x._version, views["row"]._version)
print("state_dict tensors share", model.state_dict()["scales.0"].data_ptr()
      == model.scales[0].data_ptr(), model.state_dict(keep_vars=True)["scales.0"]
      is model.scales[0])
print("persistent buffers", [k for k in model.state_dict() if "step" in k or "cache" in k])


# a tagged tensor subclass, as some libraries build their own Buffer/Parameter types
class Tagged(torch.Tensor):
    def __new__(cls, data, tag="none", requires_grad=False):
        self = torch.Tensor._make_subclass(cls, data, requires_grad)
        self.tag = tag
        return self

    def __repr__(self):
        return f"Tagged({self.tag}, {self.data.tolist()}, grad={self.requires_grad})"


base = torch.tensor([1.0, 2.0, 3.0])
tagged = Tagged(base, tag="scale", requires_grad=True)
print(tagged, type(tagged).__name__, isinstance(tagged, torch.Tensor), tagged.is_leaf,
      tagged.data_ptr() == base.data_ptr(), tagged.tag)
y = (tagged * 2).sum()
print(type(tagged * 2).__name__, type(y).__name__, y.grad_fn.name())
y.backward()
print("grad", tagged.grad, type(tagged.grad).__name__)
plain = tagged.detach()
print("detach", type(plain).__name__, plain.tag if hasattr(plain, "tag") else "no tag")
m = nn.Module()
m.w = nn.Parameter(torch.ones(2))
m.register_buffer("t", Tagged(torch.zeros(2), tag="buf"))
print("buffer kept", type(m.t).__name__, m.t.tag, list(dict(m.named_buffers())))
ordered = OrderedDict((k, v.shape) for k, v in m.state_dict().items())
print(ordered)
