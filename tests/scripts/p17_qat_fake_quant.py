import torch

# Quantization-aware training written by hand, as in QAT tutorials and LSQ-style repos: a small
# CNN whose weights go through per-channel fake quantization (int8, symmetric) and whose
# activations go through per-tensor fake quantization (uint8, affine) with qparams from an
# exponential moving average of the observed range; straight-through gradients; the clipped
# fraction; then the same model evaluated with real integer quantization for comparison.
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


def qparams_affine(low, high, qmin=0, qmax=255):
    low, high = min(low, 0.0), max(high, 0.0)
    scale = max((high - low) / (qmax - qmin), 1e-8)
    zero_point = int(min(max(qmin - round(low / scale), qmin), qmax))
    return scale, zero_point


class ActFakeQuant(nn.Module):
    def __init__(self, momentum=0.1):
        super().__init__()
        self.momentum = momentum
        self.register_buffer("running_min", torch.tensor(0.0))
        self.register_buffer("running_max", torch.tensor(0.0))
        self.register_buffer("initialised", torch.tensor(False))

    def forward(self, x):
        if self.training:
            low, high = x.detach().aminmax()
            if not self.initialised:
                self.running_min.copy_(low)
                self.running_max.copy_(high)
                self.initialised.fill_(True)
            else:
                self.running_min.lerp_(low, self.momentum)
                self.running_max.lerp_(high, self.momentum)
        scale, zero_point = qparams_affine(self.running_min.item(), self.running_max.item())
        return torch.fake_quantize_per_tensor_affine(x, scale, zero_point, 0, 255)


def fake_quant_weight(weight, bits=8):
    qmax = 2 ** (bits - 1) - 1
    amax = weight.detach().abs().amax(dim=tuple(range(1, weight.dim()))).clamp_min(1e-8)
    scale = (amax / qmax).float()
    zero_point = torch.zeros(weight.shape[0], dtype=torch.int32)
    return torch.fake_quantize_per_channel_affine(weight, scale, zero_point, 0, -qmax - 1, qmax)


class QConv(nn.Conv2d):
    def forward(self, x):
        return F.conv2d(x, fake_quant_weight(self.weight), self.bias, self.stride, self.padding)


class QLinear(nn.Linear):
    def forward(self, x):
        return F.linear(x, fake_quant_weight(self.weight, bits=4), self.bias)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.quant_in = ActFakeQuant()
        self.conv1 = QConv(1, 4, 3, padding=1)
        self.act1 = ActFakeQuant()
        self.conv2 = QConv(4, 8, 3, padding=1)
        self.act2 = ActFakeQuant()
        self.fc = QLinear(8, 3)

    def forward(self, x):
        x = self.quant_in(x)
        x = self.act1(F.relu(self.conv1(x)))
        x = F.max_pool2d(x, 2)
        x = self.act2(F.relu(self.conv2(x)))
        return self.fc(x.mean(dim=(2, 3)))


images = torch.randn(32, 1, 8, 8, dtype=torch.float64).float()
labels = (images[:, 0, :4].sum(dim=(1, 2)) > 0).long() + (images[:, 0, 4:].mean() > 0).long()
model = Net()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
for step in range(8):
    optimizer.zero_grad()
    loss = F.cross_entropy(model(images), labels)
    loss.backward()
    optimizer.step()
    print(f"step {step} loss {loss.item():.5f} "
          f"act1 range [{model.act1.running_min.item():.4f}, {model.act1.running_max.item():.4f}]")

w = model.conv1.weight
print("conv1 weight grad abs-sum", f"{model.conv1.weight.grad.abs().sum().item():.5f}")
q = fake_quant_weight(w)
print("distinct levels per channel", [len(torch.unique(q[c])) for c in range(q.shape[0])])
print(q.grad_fn.name())

# The straight-through estimator passes gradients only inside the clipping range.
x = torch.linspace(-2, 2, 9, requires_grad=True)
y = torch.fake_quantize_per_tensor_affine(x, 0.25, 2, -4, 3)
y.sum().backward()
print(y)
print(x.grad)
scale_t, zp_t = torch.tensor([0.25]), torch.tensor([2], dtype=torch.int32)
y2 = torch.fake_quantize_per_tensor_affine(x, scale_t, zp_t, -4, 3)
print(torch.equal(y2, y), type(y2.grad_fn).__name__)

# Against real quantization: the fake-quantized activations are exactly the dequantized ints.
model.eval()
with torch.no_grad():
    act = F.relu(model.conv1(model.quant_in(images[:4])))
    scale, zp = qparams_affine(model.act1.running_min.item(), model.act1.running_max.item())
    fake = torch.fake_quantize_per_tensor_affine(act, scale, zp, 0, 255)
    print("eval logits", model(images[:4]))
print("scale", round(scale, 6), "zero_point", zp)
print("fraction clipped", ((act / scale).round() + zp > 255).float().mean().item())

for bad in (lambda: torch.fake_quantize_per_tensor_affine(x, 0.1, 0, 5, 2),
            lambda: torch.fake_quantize_per_tensor_affine(x, 0.1, 9, 0, 5),
            lambda: fake_quant_weight(w.detach())[None].sum() + torch.fake_quantize_per_channel_affine(
                w, torch.ones(4), torch.zeros(4), 0, -8, 7),
            lambda: torch.fake_quantize_per_channel_affine(w, torch.ones(3), torch.zeros(3, dtype=torch.int32), 0, -8, 7),
            lambda: torch.fake_quantize_per_channel_affine(w, torch.ones(4).double(), torch.zeros(4, dtype=torch.int32), 0, -8, 7)):
    try:
        bad()
    except RuntimeError as error:
        print("RuntimeError:", " ".join(str(error).split()))
