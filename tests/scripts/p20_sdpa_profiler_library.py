import torch
import math

import numpy as np

import torch.nn as nn
import torch.nn.functional as F
from torch.nn.attention import SDPBackend, sdpa_kernel
from torch.profiler import ProfilerActivity, profile, record_function

torch.manual_seed(0)

# --- scaled dot product attention ----------------------------------------------------------
query, key, value = (torch.randn(2, 3, 8, 16, dtype=torch.float64) for _ in range(3))
out = F.scaled_dot_product_attention(query, key, value)
print(out.shape, out.dtype)


def manual_attention(q, k, v, mask=None, scale=None):
    scale = 1 / math.sqrt(q.size(-1)) if scale is None else scale
    scores = q @ k.transpose(-2, -1) * scale
    if mask is not None:
        if mask.dtype == torch.bool:
            scores = scores.masked_fill(~mask, float("-inf"))
        else:
            scores = scores + mask
    return torch.softmax(scores, dim=-1) @ v


print("plain", torch.allclose(out, manual_attention(query, key, value)))
causal = F.scaled_dot_product_attention(query, key, value, is_causal=True)
tril = torch.ones(8, 8, dtype=torch.bool).tril()
print("causal", torch.allclose(causal, manual_attention(query, key, value, tril)))
float_mask = torch.zeros(8, 8, dtype=torch.float64).masked_fill(~tril, float("-inf"))
print("float mask", torch.allclose(
    F.scaled_dot_product_attention(query, key, value, attn_mask=float_mask), causal))
print("scale", torch.allclose(F.scaled_dot_product_attention(query, key, value, scale=0.1),
                              manual_attention(query, key, value, scale=0.1)))
for backend in (SDPBackend.MATH, [SDPBackend.MATH, SDPBackend.EFFICIENT_ATTENTION]):
    with sdpa_kernel(backend):
        print("backend", backend, torch.allclose(
            F.scaled_dot_product_attention(query, key, value), out))
print(list(SDPBackend.__members__))
try:
    with sdpa_kernel(SDPBackend.FLASH_ATTENTION):
        F.scaled_dot_product_attention(query.float(), key.float(), value.float())
except RuntimeError as e:
    print("RuntimeError", str(e).splitlines()[0][:40])
qg = query.clone().requires_grad_()
kg = key.clone().requires_grad_()
vg = value.clone().requires_grad_()
print("gradcheck sdpa", torch.autograd.gradcheck(
    lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True),
    (qg[:1, :1, :4, :4], kg[:1, :1, :4, :4], vg[:1, :1, :4, :4])))
gq = torch.randn(1, 4, 5, 8)
gk = torch.randn(1, 2, 5, 8)
gv = torch.randn(1, 2, 5, 8)
gqa = F.scaled_dot_product_attention(gq, gk, gv, enable_gqa=True)
ref = F.scaled_dot_product_attention(gq, gk.repeat_interleave(2, 1), gv.repeat_interleave(2, 1))
print("gqa", gqa.shape, torch.allclose(gqa, ref, atol=1e-6))


class CausalSelfAttention(nn.Module):
    def __init__(self, num_heads: int, embed_dimension: int, bias: bool = False,
                 is_causal: bool = False, dropout: float = 0.0):
        super().__init__()
        assert embed_dimension % num_heads == 0
        self.c_attn = nn.Linear(embed_dimension, 3 * embed_dimension, bias=bias)
        self.c_proj = nn.Linear(embed_dimension, embed_dimension, bias=bias)
        self.dropout = dropout
        self.resid_dropout = nn.Dropout(dropout)
        self.num_heads = num_heads
        self.embed_dimension = embed_dimension
        self.is_causal = is_causal

    def forward(self, x):
        query_projected = self.c_attn(x)
        batch_size = query_projected.size(0)
        embed_dim = query_projected.size(2)
        head_dim = embed_dim // (self.num_heads * 3)
        query, key, value = query_projected.chunk(3, -1)
        query = query.view(batch_size, -1, self.num_heads, head_dim).transpose(1, 2)
        key = key.view(batch_size, -1, self.num_heads, head_dim).transpose(1, 2)
        value = value.view(batch_size, -1, self.num_heads, head_dim).transpose(1, 2)
        dropout = self.dropout if self.training else 0.0
        is_causal = self.is_causal
        y = F.scaled_dot_product_attention(query, key, value, attn_mask=None,
                                           dropout_p=dropout, is_causal=is_causal)
        y = y.transpose(1, 2).reshape(batch_size, -1, self.num_heads * head_dim)
        return self.resid_dropout(self.c_proj(y))


model = CausalSelfAttention(num_heads=4, embed_dimension=32, is_causal=True).double()
print(model)
x = torch.randn(2, 6, 32, dtype=torch.float64)
y = model(x)
print("attention out", y.shape, round(y.sum().item(), 8))
model.train()
model.dropout = 0.1
torch.manual_seed(5)
yd = model(x)
print("dropout changes output", not torch.allclose(yd, y))

# --- profiler with record_function -----------------------------------------------------------
net = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 4))
inputs = torch.randn(5, 16)
with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
    with record_function("model_inference"):
        net(inputs)
events = prof.key_averages()
names = {e.key for e in events}
print("model_inference" in names, "aten::addmm" in names, "aten::relu" in names)
by_name = {e.key: e for e in events}
print("counts", by_name["model_inference"].count, by_name["aten::addmm"].count,
      by_name["aten::relu"].count)
shapes = {str(e.input_shapes) for e in prof.key_averages(group_by_input_shape=True)
          if e.key == "aten::addmm"}
print(sorted(shapes))
table = prof.key_averages().table(sort_by="cpu_time_total", row_limit=5)
print("table header", table.splitlines()[1].split()[:3])
with profile(activities=[ProfilerActivity.CPU], profile_memory=True) as prof2:
    with record_function("alloc"):
        torch.empty(256, 256)
print("alloc" in {e.key for e in prof2.key_averages()})


# --- torch.library custom ops ------------------------------------------------------------------
@torch.library.custom_op("mylib::numpy_sin", mutates_args=())
def numpy_sin(x: torch.Tensor) -> torch.Tensor:
    x_np = x.cpu().numpy()
    y_np = np.sin(x_np)
    return torch.from_numpy(y_np).to(device=x.device)


@numpy_sin.register_fake
def _(x):
    return torch.empty_like(x)


def setup_context(ctx, inputs, output):
    x, = inputs
    ctx.save_for_backward(x)


def backward(ctx, grad):
    x, = ctx.saved_tensors
    return grad * x.cos()


numpy_sin.register_autograd(backward, setup_context=setup_context)
xs = torch.randn(4, dtype=torch.float64, requires_grad=True)
ys = numpy_sin(xs)
print("custom op", torch.allclose(ys, xs.sin()), ys.grad_fn is not None)
ys.sum().backward()
print("custom grad", torch.allclose(xs.grad, xs.cos()))
print("ops namespace", torch.allclose(torch.ops.mylib.numpy_sin(xs.detach()), xs.detach().sin()))
print("opcheck", sorted(torch.library.opcheck(
    numpy_sin, (torch.randn(3, dtype=torch.float64, requires_grad=True),),
    test_utils=("test_schema", "test_autograd_registration")).items()))


@torch.library.custom_op("mylib::scale_", mutates_args={"x"})
def scale_(x: torch.Tensor, factor: float) -> None:
    x.mul_(factor)


t = torch.ones(3)
scale_(t, 2.5)
print("mutating op", t)
