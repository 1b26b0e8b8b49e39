import torch

# Vision blocks from modern CNN repositories: a ConvNeXt block (depthwise 7x7 conv, LayerNorm
# over channels after permuting to channels_last, an inverted-bottleneck MLP, layer scale
# gamma, stochastic depth with a per-sample Bernoulli mask), a channels_first LayerNorm
# written with mean/var, an EfficientNet MBConv with squeeze-excitation (SiLU, sigmoid
# gating), trained a few steps, with its repr, parameter counts and drop-path statistics.
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def drop_path(x, drop_prob=0.0, training=False, scale_by_keep=True):
    if drop_prob == 0.0 or not training:
        return x
    keep_prob = 1 - drop_prob
    shape = (x.shape[0],) + (1,) * (x.ndim - 1)
    random_tensor = x.new_empty(shape).bernoulli_(keep_prob)
    if keep_prob > 0.0 and scale_by_keep:
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


class LayerNorm2d(nn.Module):
    def __init__(self, channels, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(channels))
        self.bias = nn.Parameter(torch.zeros(channels))
        self.eps = eps

    def forward(self, x):
        u = x.mean(1, keepdim=True)
        s = (x - u).pow(2).mean(1, keepdim=True)
        x = (x - u) / torch.sqrt(s + self.eps)
        return self.weight[:, None, None] * x + self.bias[:, None, None]


class ConvNeXtBlock(nn.Module):
    def __init__(self, dim, drop_path=0.0, layer_scale_init_value=1e-6):
        super().__init__()
        self.dwconv = nn.Conv2d(dim, dim, kernel_size=7, padding=3, groups=dim)
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.pwconv1 = nn.Linear(dim, 4 * dim)
        self.act = nn.GELU()
        self.pwconv2 = nn.Linear(4 * dim, dim)
        self.gamma = nn.Parameter(layer_scale_init_value * torch.ones(dim))
        self.drop_path = DropPath(drop_path) if drop_path > 0.0 else nn.Identity()

    def forward(self, x):
        shortcut = x
        x = self.dwconv(x)
        x = x.permute(0, 2, 3, 1)
        x = self.norm(x)
        x = self.pwconv2(self.act(self.pwconv1(x)))
        x = self.gamma * x
        x = x.permute(0, 3, 1, 2)
        return shortcut + self.drop_path(x)


class SqueezeExcite(nn.Module):
    def __init__(self, channels, reduced):
        super().__init__()
        self.reduce = nn.Conv2d(channels, reduced, 1)
        self.expand = nn.Conv2d(reduced, channels, 1)

    def forward(self, x):
        s = F.adaptive_avg_pool2d(x, 1)
        s = self.expand(F.silu(self.reduce(s)))
        return x * s.sigmoid()


class MBConv(nn.Module):
    def __init__(self, cin, cout, expand=4, stride=1):
        super().__init__()
        mid = cin * expand
        self.expand = nn.Sequential(nn.Conv2d(cin, mid, 1, bias=False), nn.BatchNorm2d(mid),
                                    nn.SiLU(inplace=True))
        self.dw = nn.Sequential(nn.Conv2d(mid, mid, 3, stride, 1, groups=mid, bias=False),
                                nn.BatchNorm2d(mid), nn.SiLU(inplace=True))
        self.se = SqueezeExcite(mid, max(1, cin // 4))
        self.project = nn.Sequential(nn.Conv2d(mid, cout, 1, bias=False), nn.BatchNorm2d(cout))
        self.use_res = stride == 1 and cin == cout

    def forward(self, x):
        out = self.project(self.se(self.dw(self.expand(x))))
        return x + out if self.use_res else out


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 2, stride=2), LayerNorm2d(8))
        self.blocks = nn.Sequential(ConvNeXtBlock(8, 0.2, 0.5), ConvNeXtBlock(8, 0.0, 0.5))
        self.mb = MBConv(8, 12, stride=2)
        self.head = nn.Linear(12, 4)

    def forward(self, x):
        x = self.mb(self.blocks(self.stem(x)))
        return self.head(x.mean((-2, -1)))


model = Net()
print(model)
print("params", sum(p.numel() for p in model.parameters()))
print("trainable by module", {n: sum(p.numel() for p in m.parameters())
                              for n, m in model.named_children()})
print("decay-free", [n for n, p in model.named_parameters() if p.ndim <= 1][:6])

x = torch.randn(6, 3, 16, 16)
y = torch.tensor([0, 1, 2, 3, 0, 1])
opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.05)
for step in range(5):
    logits = model(x)
    loss = F.cross_entropy(logits, y, label_smoothing=0.1)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"step {step} loss {loss.item():.8f} gamma0 {model.blocks[0].gamma[:3].tolist()}")

model.eval()
with torch.no_grad():
    print("eval logits", model(x[:2]).round(decimals=5))
    print("bn running", model.mb.expand[1].running_mean[:4], model.mb.expand[1].num_batches_tracked)

# drop path statistics: kept samples are scaled by 1/keep_prob
dp = DropPath(0.25)
print(dp)
z = torch.ones(1000, 2, 2)
out = dp(z)
kept = (out[:, 0, 0] > 0).double().mean()
print("kept", kept.item(), "values", out.unique())
dp.eval()
print("eval identity", torch.equal(dp(z), z))

# channels_last input gives the same result
xc = x.to(memory_format=torch.channels_last)
print("channels_last", xc.is_contiguous(memory_format=torch.channels_last),
      torch.allclose(model(xc), model(x)))
ln = LayerNorm2d(8)
t = torch.randn(2, 8, 3, 3)
ref = F.layer_norm(t.permute(0, 2, 3, 1), (8,), eps=1e-6).permute(0, 3, 1, 2)
print("layernorm2d matches F.layer_norm", torch.allclose(ln(t), ref))
