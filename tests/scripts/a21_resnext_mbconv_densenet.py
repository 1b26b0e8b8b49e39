import torch
import torch.nn as nn
import torch.nn.functional as F

# Vision backbones written the way timm-less research repos write them: a ResNeXt bottleneck
# with 32 groups, an EfficientNet MBConv with squeeze-excite and drop-path, a DenseNet
# concat block and a RegNet-style stage, trained a few steps on random images.
torch.manual_seed(0)


def drop_path(x, drop_prob: float = 0.0, training: bool = False, scale_by_keep: bool = True):
    if drop_prob == 0.0 or not training:
        return x
    keep_prob = 1 - drop_prob
    shape = (x.shape[0],) + (1,) * (x.ndim - 1)
    random_tensor = keep_prob + torch.rand(shape, dtype=x.dtype, device=x.device)
    random_tensor.floor_()
    if scale_by_keep:
        random_tensor.div_(keep_prob)
    return x * random_tensor


class DropPath(nn.Module):
    def __init__(self, drop_prob=0.0):
        super().__init__()
        self.drop_prob = drop_prob

    def forward(self, x):
        return drop_path(x, self.drop_prob, self.training)

    def extra_repr(self):
        return f"drop_prob={round(self.drop_prob, 3):0.3f}"


class ResNeXtBottleneck(nn.Module):
    expansion = 2

    def __init__(self, inplanes, planes, cardinality=32, base_width=4, stride=1):
        super().__init__()
        width = int(planes * (base_width / 64.0)) * cardinality
        self.conv1 = nn.Conv2d(inplanes, width, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, 3, stride=stride, padding=1, groups=cardinality,
                               bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = nn.Conv2d(width, planes * self.expansion, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * self.expansion)
        self.downsample = None
        if stride != 1 or inplanes != planes * self.expansion:
            self.downsample = nn.Sequential(
                nn.Conv2d(inplanes, planes * self.expansion, 1, stride=stride, bias=False),
                nn.BatchNorm2d(planes * self.expansion))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = F.relu(self.bn1(self.conv1(x)), inplace=True)
        out = F.relu(self.bn2(self.conv2(out)), inplace=True)
        out = self.bn3(self.conv3(out))
        return F.relu(out + identity)


class SqueezeExcite(nn.Module):
    def __init__(self, channels, rd_ratio=0.25):
        super().__init__()
        rd = max(1, int(channels * rd_ratio))
        self.conv_reduce = nn.Conv2d(channels, rd, 1)
        self.act = nn.SiLU(inplace=True)
        self.conv_expand = nn.Conv2d(rd, channels, 1)

    def forward(self, x):
        s = x.mean((2, 3), keepdim=True)
        s = self.conv_expand(self.act(self.conv_reduce(s)))
        return x * s.sigmoid()


class MBConv(nn.Module):
    def __init__(self, cin, cout, expand=4, stride=1, drop_path_rate=0.0):
        super().__init__()
        mid = cin * expand
        self.has_skip = stride == 1 and cin == cout
        self.conv_pw = nn.Conv2d(cin, mid, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(mid)
        self.conv_dw = nn.Conv2d(mid, mid, 3, stride, 1, groups=mid, bias=False)
        self.bn2 = nn.BatchNorm2d(mid)
        self.se = SqueezeExcite(mid, rd_ratio=0.25 / expand)
        self.conv_pwl = nn.Conv2d(mid, cout, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(cout)
        self.drop_path = DropPath(drop_path_rate) if drop_path_rate > 0 else nn.Identity()

    def forward(self, x):
        shortcut = x
        x = F.silu(self.bn1(self.conv_pw(x)))
        x = F.silu(self.bn2(self.conv_dw(x)))
        x = self.se(x)
        x = self.bn3(self.conv_pwl(x))
        if self.has_skip:
            x = self.drop_path(x) + shortcut
        return x


class DenseLayer(nn.Module):
    def __init__(self, cin, growth, bn_size=2):
        super().__init__()
        self.norm1 = nn.BatchNorm2d(cin)
        self.conv1 = nn.Conv2d(cin, bn_size * growth, 1, bias=False)
        self.norm2 = nn.BatchNorm2d(bn_size * growth)
        self.conv2 = nn.Conv2d(bn_size * growth, growth, 3, padding=1, bias=False)

    def forward(self, features):
        x = torch.cat(features, 1)
        x = self.conv1(F.relu(self.norm1(x)))
        return self.conv2(F.relu(self.norm2(x)))


class DenseBlock(nn.ModuleDict):
    def __init__(self, num_layers, cin, growth):
        super().__init__()
        for i in range(num_layers):
            self.add_module("denselayer%d" % (i + 1), DenseLayer(cin + i * growth, growth))

    def forward(self, x):
        features = [x]
        for name, layer in self.items():
            features.append(layer(features))
        return torch.cat(features, 1)


class RegNetStage(nn.Sequential):
    def __init__(self, cin, cout, depth, group_width):
        blocks = []
        for i in range(depth):
            c = cin if i == 0 else cout
            blocks.append(nn.Sequential(
                nn.Conv2d(c, cout, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(),
                nn.Conv2d(cout, cout, 3, stride=2 if i == 0 else 1, padding=1,
                          groups=cout // group_width, bias=False),
                nn.BatchNorm2d(cout), nn.ReLU()))
        super().__init__(*blocks)


class Net(nn.Module):
    def __init__(self, num_classes=5):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 32, 3, 1, 1, bias=False), nn.BatchNorm2d(32),
                                  nn.ReLU(inplace=True))
        self.resnext = ResNeXtBottleneck(32, 32, cardinality=32, base_width=4, stride=2)
        self.mbconv = nn.Sequential(MBConv(64, 64, drop_path_rate=0.2),
                                    MBConv(64, 48, stride=2))
        self.dense = DenseBlock(3, 48, growth=8)
        self.regnet = RegNetStage(72, 32, depth=2, group_width=8)
        self.head = nn.Linear(32, num_classes)

    def forward(self, x):
        x = self.stem(x)
        x = self.resnext(x)
        x = self.mbconv(x)
        x = self.dense(x)
        x = self.regnet(x)
        return self.head(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


model = Net()
print(model.mbconv[0])
print(model.resnext.conv2)
n_params = sum(p.numel() for p in model.parameters())
print("params", n_params, "trainable tensors", sum(1 for p in model.parameters()))
print([k for k in model.state_dict().keys() if "dense" in k][:8])
print("buffers", sum(1 for _ in model.buffers()))

# weight decay only on conv/linear weights, as timm's param_groups_weight_decay does
decay, no_decay = [], []
for name, p in model.named_parameters():
    (no_decay if p.ndim <= 1 or name.endswith(".bias") else decay).append(p)
print("decay", len(decay), "no_decay", len(no_decay))
opt = torch.optim.SGD([{"params": decay, "weight_decay": 1e-4},
                       {"params": no_decay, "weight_decay": 0.0}], lr=0.05, momentum=0.9,
                      nesterov=True)

x = torch.randn(8, 3, 16, 16)
y = torch.randint(0, 5, (8,))
for step in range(4):
    model.train()
    out = model(x)
    loss = F.cross_entropy(out, y, label_smoothing=0.1)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    gnorm = torch.nn.utils.clip_grad_norm_(model.parameters(), 2.0)
    opt.step()
    print(f"step {step} loss {loss.item():.4f} grad_norm {gnorm.item():.4f}")

# the drop-path mask itself: per-sample, scaled by 1/keep
torch.manual_seed(1)
ones = torch.ones(6, 2, 1, 1)
print(drop_path(ones, 0.5, training=True).flatten())
print(model.mbconv[0].drop_path, model.mbconv[1].drop_path)

model.eval()
with torch.no_grad():
    logits = model(x)
print("eval", logits.shape, logits.argmax(1).tolist())
print("bn running_mean", model.stem[1].running_mean[:4])
print("num_batches_tracked", model.stem[1].num_batches_tracked)
