import torch
import torch.nn as nn
import torch.nn.functional as F

# Building blocks of the classic CNN papers, as their reference reimplementations write them:
# AlexNet's LocalResponseNorm, SegNet's max-pool indices reused by MaxUnpool2d, ShuffleNet's
# ChannelShuffle, MobileNet's ReLU6 (Hardtanh) depthwise-separable convolution, reflection /
# replication / circular padding, fractional max pooling with fixed samples, a bilinear
# interaction head and a ParameterList of per-stage scales; a few SGD steps with Nesterov.

torch.manual_seed(17)
torch.set_default_dtype(torch.float64)


class SegNetStage(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.encode = nn.Sequential(nn.ReflectionPad2d(1), nn.Conv2d(channels, channels, 3),
                                    nn.LocalResponseNorm(3, alpha=1e-3, beta=0.75, k=2.0))
        self.pool = nn.MaxPool2d(2, return_indices=True)
        self.unpool = nn.MaxUnpool2d(2)
        self.decode = nn.Sequential(nn.ReplicationPad2d((1, 1, 1, 1)),
                                    nn.Conv2d(channels, channels, 3))

    def forward(self, x):
        features = F.relu(self.encode(x))
        pooled, indices = self.pool(features)
        restored = self.unpool(pooled, indices, output_size=features.shape)
        return self.decode(restored), indices


class ShuffleBlock(nn.Module):
    def __init__(self, channels, groups):
        super().__init__()
        self.group_conv = nn.Conv2d(channels, channels, 1, groups=groups, bias=False)
        self.shuffle = nn.ChannelShuffle(groups)
        self.depthwise = nn.Conv2d(channels, channels, 3, padding=1, padding_mode="circular",
                                   groups=channels, bias=False)
        self.norm = nn.BatchNorm2d(channels)
        self.act = nn.ReLU6()

    def forward(self, x):
        return self.act(self.norm(self.depthwise(self.shuffle(self.group_conv(x)))) + x)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 6, 3, padding=1)
        self.segnet = SegNetStage(6)
        self.shuffle = ShuffleBlock(6, 3)
        self.scales = nn.ParameterList([nn.Parameter(torch.ones(1)) for _ in range(2)])
        self.pool = nn.FractionalMaxPool2d(2, output_size=(3, 3),
                                           _random_samples=torch.rand(1, 6, 2))
        self.clip = nn.Hardtanh(-2.0, 2.0)
        self.bilinear = nn.Bilinear(54, 4, 3)

    def forward(self, x, meta):
        x = self.stem(x)
        x, indices = self.segnet(x)
        x = self.scales[0] * x
        x = self.scales[1] * self.shuffle(x)
        x = self.clip(self.pool(x))
        return self.bilinear(x.flatten(1), meta), indices


model = Net()
print(model.shuffle)
print(model.segnet.encode, model.pool, model.bilinear, sep="\n")
print("scales:", model.scales)
images = torch.randn(1, 3, 6, 6)
meta = torch.randn(1, 4)
target = torch.tensor([2])
optimizer = torch.optim.SGD(model.parameters(), lr=0.002, momentum=0.9, nesterov=True)
for step in range(5):
    logits, indices = model(images, meta)
    loss = F.cross_entropy(logits, target)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(f"step {step} loss {loss.item():.10f} logits {logits.detach()}")
print("pool indices:", indices[0, 0])
print("scale grads:", [p.grad for p in model.scales])

x = torch.arange(16.0).view(1, 1, 4, 4)
print("reflect:", F.pad(x, (1, 2, 0, 1), mode="reflect")[0, 0])
print("replicate:", F.pad(x, (2, 0, 1, 1), mode="replicate")[0, 0])
print("circular:", F.pad(x, (1, 1, 2, 0), mode="circular")[0, 0])
print("circular pad module:", nn.CircularPad2d((1, 0, 0, 1))(x)[0, 0])
shuffled = nn.ChannelShuffle(2)(torch.arange(8.0).view(1, 8, 1, 1))
print("shuffle:", shuffled.flatten())
lrn = F.local_response_norm(torch.arange(1.0, 7.0).view(1, 6, 1, 1), size=2)
print("lrn:", lrn.flatten())
pooled, idx = F.max_pool1d(torch.tensor([[[1.0, 5.0, 2.0, 2.0, 7.0, 0.0]]]), 2,
                           return_indices=True)
print("unpool1d:", F.max_unpool1d(pooled, idx, 2), idx)
fractional = F.fractional_max_pool2d(x, 2, output_ratio=(0.5, 0.5),
                                     _random_samples=torch.tensor([[[0.3, 0.7]]]))
print("fractional:", fractional)
print("relu6:", F.relu6(torch.tensor([-1.0, 3.0, 8.0])), F.hardtanh(torch.tensor([-3.0, 0.5])))
