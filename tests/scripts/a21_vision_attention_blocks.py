import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import parametrizations, parametrize

# Attention and locality blocks from vision papers' reference code: ECA (conv1d across
# channels), CBAM (channel + spatial attention), coordinate attention, involution built on
# F.unfold, local-window attention with Tensor.unfold, overlapping patches folded back with
# F.fold, BlurPool anti-aliased downsampling, DropBlock, pixel (un)shuffle, and a weight-
# normalised head through torch.nn.utils.parametrizations.weight_norm.
torch.manual_seed(0)


class ECA(nn.Module):
    def __init__(self, k_size=3):
        super().__init__()
        self.avg_pool = nn.AdaptiveAvgPool2d(1)
        self.conv = nn.Conv1d(1, 1, kernel_size=k_size, padding=(k_size - 1) // 2, bias=False)

    def forward(self, x):
        y = self.avg_pool(x)
        y = self.conv(y.squeeze(-1).transpose(-1, -2)).transpose(-1, -2).unsqueeze(-1)
        return x * y.sigmoid().expand_as(x)


class CBAM(nn.Module):
    def __init__(self, channels, reduction=4, kernel_size=7):
        super().__init__()
        self.mlp = nn.Sequential(nn.Conv2d(channels, channels // reduction, 1, bias=False),
                                 nn.ReLU(), nn.Conv2d(channels // reduction, channels, 1,
                                                      bias=False))
        self.spatial = nn.Conv2d(2, 1, kernel_size, padding=kernel_size // 2, bias=False)

    def forward(self, x):
        ca = torch.sigmoid(self.mlp(F.adaptive_avg_pool2d(x, 1)) +
                           self.mlp(F.adaptive_max_pool2d(x, 1)))
        x = x * ca
        sa = torch.cat([x.mean(1, keepdim=True), x.amax(1, keepdim=True)], dim=1)
        return x * torch.sigmoid(self.spatial(sa))


class CoordAtt(nn.Module):
    def __init__(self, channels, reduction=4):
        super().__init__()
        mid = max(4, channels // reduction)
        self.conv1 = nn.Conv2d(channels, mid, 1)
        self.bn1 = nn.BatchNorm2d(mid)
        self.act = nn.Hardswish()
        self.conv_h = nn.Conv2d(mid, channels, 1)
        self.conv_w = nn.Conv2d(mid, channels, 1)

    def forward(self, x):
        n, c, h, w = x.size()
        x_h = F.adaptive_avg_pool2d(x, (h, 1))
        x_w = F.adaptive_avg_pool2d(x, (1, w)).permute(0, 1, 3, 2)
        y = self.act(self.bn1(self.conv1(torch.cat([x_h, x_w], dim=2))))
        x_h, x_w = torch.split(y, [h, w], dim=2)
        a_h = self.conv_h(x_h).sigmoid()
        a_w = self.conv_w(x_w.permute(0, 1, 3, 2)).sigmoid()
        return x * a_w * a_h


class Involution(nn.Module):
    def __init__(self, channels, kernel_size=3, groups=2, reduction=2):
        super().__init__()
        self.k, self.groups = kernel_size, groups
        self.reduce = nn.Sequential(nn.Conv2d(channels, channels // reduction, 1),
                                    nn.BatchNorm2d(channels // reduction), nn.ReLU())
        self.span = nn.Conv2d(channels // reduction, kernel_size ** 2 * groups, 1)
        self.unfold = nn.Unfold(kernel_size, 1, (kernel_size - 1) // 2, 1)

    def forward(self, x):
        b, c, h, w = x.shape
        weight = self.span(self.reduce(x)).view(b, self.groups, self.k ** 2, h, w).unsqueeze(2)
        out = self.unfold(x).view(b, self.groups, c // self.groups, self.k ** 2, h, w)
        return (weight * out).sum(dim=3).view(b, c, h, w)


def local_window_attention(x, window=2):
    # non-overlapping windows with Tensor.unfold, attention inside each window
    b, c, h, w = x.shape
    patches = x.unfold(2, window, window).unfold(3, window, window)
    patches = patches.permute(0, 2, 3, 4, 5, 1).reshape(-1, window * window, c)
    attn = (patches @ patches.transpose(1, 2) / c ** 0.5).softmax(-1)
    out = (attn @ patches).reshape(b, h // window, w // window, window, window, c)
    return out.permute(0, 5, 1, 3, 2, 4).reshape(b, c, h, w)


class BlurPool(nn.Module):
    def __init__(self, channels, stride=2):
        super().__init__()
        a = torch.tensor([1.0, 2.0, 1.0])
        filt = a[:, None] * a[None, :]
        filt = filt / filt.sum()
        self.register_buffer("filt", filt[None, None].repeat(channels, 1, 1, 1))
        self.stride, self.channels = stride, channels

    def forward(self, x):
        x = F.pad(x, (1, 1, 1, 1), mode="reflect")
        return F.conv2d(x, self.filt, stride=self.stride, groups=self.channels)


class DropBlock2d(nn.Module):
    def __init__(self, drop_prob=0.2, block_size=3):
        super().__init__()
        self.drop_prob, self.block_size = drop_prob, block_size

    def forward(self, x):
        if not self.training or self.drop_prob == 0.0:
            return x
        gamma = self.drop_prob / (self.block_size ** 2)
        mask = (torch.rand(x.shape[0], *x.shape[2:], device=x.device) < gamma).float()
        block_mask = F.max_pool2d(mask[:, None], kernel_size=self.block_size, stride=1,
                                  padding=self.block_size // 2)
        block_mask = 1 - block_mask.squeeze(1)
        out = x * block_mask[:, None]
        return out * block_mask.numel() / block_mask.sum()


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 16, 3, padding=1)
        self.eca = ECA()
        self.cbam = CBAM(16)
        self.coord = CoordAtt(16)
        self.inv = Involution(16)
        self.blur = BlurPool(16)
        self.drop = DropBlock2d()
        self.up = nn.Conv2d(16, 16 * 4, 3, padding=1)
        self.head = parametrizations.weight_norm(nn.Linear(16, 4))

    def forward(self, x):
        x = F.relu(self.stem(x))
        x = self.coord(self.cbam(self.eca(x)))
        x = x + self.inv(x)
        x = x + local_window_attention(x)
        x = self.drop(self.blur(x))
        x = F.pixel_shuffle(self.up(x), 2)
        x = F.pixel_unshuffle(x, 2).view(x.shape[0], 16, 4, 4, 4).mean(2)
        return self.head(x.mean((2, 3)))


net = Net()
print(net.head)
print(sorted(net.head.state_dict().keys()))
print("is_parametrized", parametrize.is_parametrized(net.head, "weight"),
      parametrize.is_parametrized(net.stem))
print("blur filter", net.blur.filt[0, 0])
x = torch.randn(4, 3, 8, 8)
y = torch.tensor([0, 1, 2, 3])
opt = torch.optim.AdamW(net.parameters(), lr=3e-3)
for step in range(4):
    loss = F.cross_entropy(net(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    g = net.head.parametrizations.weight.original0
    print(f"step {step} loss {loss.item():.5f} g {g.detach().flatten()[:2].tolist()}")
with parametrize.cached():
    w1 = net.head.weight
    w2 = net.head.weight
print("cached weight is the same object", w1 is w2)
w = net.head.weight.detach()
print("row norms == g", torch.allclose(w.norm(dim=1, keepdim=True),
                                       net.head.parametrizations.weight.original0.detach().abs()))
parametrize.remove_parametrizations(net.head, "weight", leave_parametrized=True)
print("after remove", sorted(net.head.state_dict().keys()), type(net.head.weight).__name__)

# fold(unfold(x)) counts each pixel once per overlapping patch: divide by fold(unfold(1))
img = torch.arange(2 * 1 * 5 * 5, dtype=torch.float32).view(2, 1, 5, 5)
cols = F.unfold(img, kernel_size=3, stride=1, padding=1)
counts = F.fold(torch.ones_like(cols), (5, 5), kernel_size=3, stride=1, padding=1)
print("unfold", cols.shape, "counts", counts[0, 0])
recon = F.fold(cols, (5, 5), kernel_size=3, stride=1, padding=1) / counts
print("fold/unfold roundtrip", torch.equal(recon, img))
print("pixel_shuffle", F.pixel_shuffle(torch.arange(8.0).view(1, 8, 1, 1), 2).shape,
      F.pixel_unshuffle(torch.arange(16.0).view(1, 1, 4, 4), 2)[0, :, 0, 0])
print(net.drop.training, net.blur(torch.ones(1, 16, 6, 6))[0, 0])
torch.manual_seed(3)
net.drop.drop_prob = 0.5
dropped = net.drop(torch.ones(1, 2, 6, 6))
print("dropblock", dropped[0, 0])
try:
    F.unfold(torch.randn(2, 3, 4), kernel_size=2)
except RuntimeError as e:
    print("RuntimeError:", e)
