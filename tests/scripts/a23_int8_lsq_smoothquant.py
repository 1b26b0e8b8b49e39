import torch
# Integer-quantization tricks as LLM-quantization and QAT repositories write them: an int8 GEMM
# emulated with torch._int_mm (and checked against an int32-accumulator matmul), per-token
# activation and per-channel weight absmax scales applied to the int32 result, SmoothQuant's
# scale migration (max|X|^alpha / max|W|^(1-alpha)) folded into the weight, LLM.int8()'s
# outlier decomposition (outlier columns kept in floating point), and LSQ training: a
# hand-written quantizer (round_pass / grad_scale straight-through tricks) next to torch's
# _fake_quantize_learnable_per_tensor_affine / _per_channel_affine, whose gradients reach the
# learned scales and zero points.
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


def quantize_per_token(x):
    scale = x.abs().amax(dim=-1, keepdim=True).clamp(min=1e-5) / 127
    q = torch.clamp(torch.round(x / scale), -128, 127).to(torch.int8)
    return q, scale


def quantize_per_channel(w):
    scale = w.abs().amax(dim=1, keepdim=True).clamp(min=1e-5) / 127
    q = torch.clamp(torch.round(w / scale), -128, 127).to(torch.int8)
    return q, scale


def int8_linear(x, w, b=None):
    qx, sx = quantize_per_token(x)
    qw, sw = quantize_per_channel(w)
    acc = torch._int_mm(qx, qw.t().contiguous())
    out = acc.to(torch.float32) * sx * sw.t()
    return out if b is None else out + b


X = torch.randn(24, 32)
X[:, 5] *= 25.0  # an outlier feature, as in LLM activations
lin = nn.Linear(32, 16)
W = lin.weight.detach()

qx, sx = quantize_per_token(X)
qw, sw = quantize_per_channel(W)
acc = torch._int_mm(qx, qw.t().contiguous())
ref = qx.to(torch.int32) @ qw.t().to(torch.int32)
print("int_mm", acc.dtype, tuple(acc.shape), torch.equal(acc, ref), acc[0, :4].tolist())
print("int8 ranges", qx.min().item(), qx.max().item(), qw.abs().max().item())
with torch.no_grad():
    full = lin(X)
    naive = int8_linear(X, W, lin.bias)
    print(f"naive int8 error {(naive - full).abs().max().item():.5f}")

# SmoothQuant: migrate the activation outlier into the weight, then quantize both
alpha = 0.5
act_max = X.abs().amax(dim=0)
w_max = W.abs().amax(dim=0)
smooth = (act_max.pow(alpha) / w_max.pow(1 - alpha)).clamp(min=1e-5)
print("smooth scales", [round(v, 4) for v in smooth[3:7].tolist()])
with torch.no_grad():
    smoothed = int8_linear(X / smooth, W * smooth, lin.bias)
    print(f"smoothquant error {(smoothed - full).abs().max().item():.5f}",
          f"same math {torch.allclose((X / smooth) @ (W * smooth).t(), X @ W.t(), atol=1e-3)}")

# LLM.int8(): columns with any |x| over the threshold stay in floating point
threshold = 6.0
outliers = (X.abs() > threshold).any(dim=0)
cols = outliers.nonzero().squeeze(1)
print("outlier columns", cols.tolist())
with torch.no_grad():
    regular = int8_linear(X[:, ~outliers], W[:, ~outliers])
    mixed = regular + X[:, cols] @ W[:, cols].t() + lin.bias
    print(f"llm.int8 error {(mixed - full).abs().max().item():.5f}")


def grad_scale(x, scale):
    y_out = x
    y_grad = x * scale
    return (y_out - y_grad).detach() + y_grad


def round_pass(x):
    return (x.round() - x).detach() + x


class LsqQuantizer(nn.Module):
    def __init__(self, bits, signed):
        super().__init__()
        self.thd_neg = -(2 ** (bits - 1)) if signed else 0
        self.thd_pos = 2 ** (bits - 1) - 1 if signed else 2 ** bits - 1
        self.s = nn.Parameter(torch.ones(1))
        self.initialised = False

    def forward(self, x):
        if not self.initialised:
            with torch.no_grad():
                self.s.copy_(x.abs().mean() * 2 / self.thd_pos ** 0.5)
            self.initialised = True
        s_grad_scale = 1.0 / ((self.thd_pos * x.numel()) ** 0.5)
        s_scale = grad_scale(self.s, s_grad_scale)
        x = torch.clamp(x / s_scale, self.thd_neg, self.thd_pos)
        return round_pass(x) * s_scale


class QuantLinear(nn.Linear):
    def __init__(self, d_in, d_out, bits=4):
        super().__init__(d_in, d_out)
        self.quan_w = LsqQuantizer(bits, signed=True)
        self.quan_a = LsqQuantizer(bits, signed=False)

    def forward(self, x):
        return F.linear(self.quan_a(x), self.quan_w(self.weight), self.bias)


class TorchLsqLinear(nn.Linear):
    """The same idea through torch's learnable fake-quantize ops: a per-channel weight
    quantizer and a per-tensor activation quantizer with a learned zero point."""

    def __init__(self, d_in, d_out, bits=4):
        super().__init__(d_in, d_out)
        self.qmax_w = 2 ** (bits - 1) - 1
        self.qmax_a = 2 ** bits - 1
        self.w_scale = nn.Parameter(self.weight.detach().abs().amax(1) / self.qmax_w)
        self.w_zero = nn.Parameter(torch.zeros(d_out), requires_grad=False)
        self.a_scale = nn.Parameter(torch.tensor([0.1]))
        self.a_zero = nn.Parameter(torch.tensor([0.4]))

    def forward(self, x):
        factor = 1.0 / (x.numel() * self.qmax_a) ** 0.5
        xq = torch._fake_quantize_learnable_per_tensor_affine(
            x, self.a_scale, self.a_zero, 0, self.qmax_a, factor)
        wq = torch._fake_quantize_learnable_per_channel_affine(
            self.weight, self.w_scale, self.w_zero, 0, -self.qmax_w - 1, self.qmax_w, 1.0)
        return F.linear(xq, wq, self.bias)


torch.manual_seed(1)
data = torch.randn(64, 8)
target = (data[:, :2].sum(1, keepdim=True) > 0).float()
for cls in (QuantLinear, TorchLsqLinear):
    torch.manual_seed(2)
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), cls(16, 1))
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    for step in range(5):
        loss = F.binary_cross_entropy_with_logits(model(data), target)
        opt.zero_grad()
        loss.backward()
        if step == 0:
            grads = {n: round(p.grad.norm().item(), 6) for n, p in model[2].named_parameters()
                     if p.grad is not None and p.ndim <= 1}
            print(cls.__name__, "qparam grads", grads)
        opt.step()
        print(f"{cls.__name__} step {step} loss {loss.item():.5f}")
    q = model[2]
    if cls is QuantLinear:
        print("learned steps", round(q.quan_w.s.item(), 6), round(q.quan_a.s.item(), 6))
    else:
        print("learned steps", [round(v, 6) for v in q.w_scale[:1].tolist()],
              round(q.a_scale.item(), 6), round(q.a_zero.item(), 6),
              q.w_zero.grad is None)
        out = torch._fake_quantize_learnable_per_tensor_affine(
            data[:3, :4].abs(), q.a_scale, q.a_zero, 0, 15, 1.0)
        print(out.grad_fn.name(), out.detach().tolist()[0])

# the learnable per-channel op agrees with the plain one when its zero points are integers
w = torch.randn(3, 5)
sc = torch.tensor([0.1, 0.2, 0.3])
a = torch._fake_quantize_learnable_per_channel_affine(w, sc, torch.tensor([0.0, 1.0, -1.0]),
                                                      0, -8, 7)
b = torch.fake_quantize_per_channel_affine(w, sc, torch.tensor([0, 1, -1], dtype=torch.int32),
                                           0, -8, 7)
print("learnable == plain", torch.equal(a, b))
try:
    torch._fake_quantize_learnable_per_tensor_affine(
        w.double().requires_grad_(), sc[:1], torch.zeros(1), -8, 7).sum().backward()
except RuntimeError as e:
    print("RuntimeError", str(e).split(".")[0])
