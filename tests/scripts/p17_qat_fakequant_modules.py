import torch

# Eager-style quantization-aware training with torch.ao.quantization's building blocks, as QAT
# recipes wire them by hand: a FakeQuantize (MovingAverageMinMaxObserver) after each
# activation, default_per_channel_weight_fake_quant on the weights of a conv and a linear
# layer, observers frozen with model.apply(disable_observer) after a few epochs, the learned
# scales and zero points read back, MinMaxObserver/PerChannelMinMaxObserver qparams, and
# fake quantization switched off to compare with the float model.
import torch.nn as nn
import torch.nn.functional as F
from torch.ao.quantization import (FakeQuantize, MinMaxObserver, MovingAverageMinMaxObserver,
                                   PerChannelMinMaxObserver, default_fake_quant,
                                   default_per_channel_weight_fake_quant, disable_fake_quant,
                                   disable_observer, enable_fake_quant)

torch.manual_seed(0)


class QATNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.input_fq = default_fake_quant()
        self.conv = nn.Conv2d(1, 6, 3)
        self.conv_wfq = default_per_channel_weight_fake_quant()
        self.act_fq = FakeQuantize(observer=MovingAverageMinMaxObserver, quant_min=0,
                                   quant_max=255, averaging_constant=0.1)
        self.fc = nn.Linear(6, 3)
        self.fc_wfq = default_per_channel_weight_fake_quant()

    def forward(self, x):
        x = self.input_fq(x)
        x = F.conv2d(x, self.conv_wfq(self.conv.weight), self.conv.bias)
        x = self.act_fq(F.relu(x)).mean(dim=(2, 3))
        return F.linear(x, self.fc_wfq(self.fc.weight), self.fc.bias)


model = QATNet()
print(model.act_fq)
images = torch.randn(24, 1, 6, 6)
labels = (images.mean(dim=(1, 2, 3)) > 0).long() + (images[:, 0, 0, 0] > 1).long()
optimizer = torch.optim.SGD(model.parameters(), lr=0.2, momentum=0.9)
for epoch in range(8):
    if epoch == 5:
        model.apply(disable_observer)
    optimizer.zero_grad()
    loss = F.cross_entropy(model(images), labels)
    loss.backward()
    optimizer.step()
    print(f"epoch {epoch} loss {loss.item():.5f} act scale {model.act_fq.scale.item():.6f} "
          f"zero_point {model.act_fq.zero_point.item()}")

print("input qparams", model.input_fq.scale, model.input_fq.zero_point)
print("conv weight scales", model.conv_wfq.scale)
print("observer", model.conv_wfq.activation_post_process)
print(sorted(k for k in model.state_dict() if "fq" in k)[:6])

with torch.no_grad():
    quantized_logits = model(images[:3])
    model.apply(disable_fake_quant)
    float_logits = model(images[:3])
    model.apply(enable_fake_quant)
print(quantized_logits)
print("max fake-quant error", (quantized_logits - float_logits).abs().max().item() > 0)

observer = MinMaxObserver(dtype=torch.qint8, qscheme=torch.per_tensor_symmetric)
observer(torch.tensor([-3.0, 0.5, 1.25]))
print(observer, observer.calculate_qparams())
per_channel = PerChannelMinMaxObserver(ch_axis=0, dtype=torch.qint8,
                                       qscheme=torch.per_channel_affine)
per_channel(model.fc.weight.detach())
print(per_channel.calculate_qparams())
