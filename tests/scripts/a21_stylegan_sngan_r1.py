import torch
import copy
import math

import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import spectral_norm

# GAN tricks from StyleGAN2 / SNGAN repos: equalised-learning-rate layers, a mapping network,
# modulated/demodulated convolution as one grouped conv over the batch, noise injection,
# minibatch standard deviation, an R1 penalty (double backward through convolutions), path-
# length regularisation, a spectrally normalised hinge-loss discriminator and a generator EMA.
torch.manual_seed(0)


class EqualLinear(nn.Module):
    def __init__(self, in_dim, out_dim, lr_mul=1.0, bias_init=0.0, activation=False):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_dim, in_dim).div_(lr_mul))
        self.bias = nn.Parameter(torch.zeros(out_dim).fill_(bias_init))
        self.scale = (1 / math.sqrt(in_dim)) * lr_mul
        self.lr_mul = lr_mul
        self.activation = activation

    def forward(self, x):
        out = F.linear(x, self.weight * self.scale, self.bias * self.lr_mul)
        return F.leaky_relu(out, 0.2) * math.sqrt(2) if self.activation else out

    def extra_repr(self):
        return f"{self.weight.shape[1]}, {self.weight.shape[0]}"


class ModulatedConv2d(nn.Module):
    def __init__(self, cin, cout, k, style_dim, demodulate=True, upsample=False):
        super().__init__()
        self.cin, self.cout, self.k = cin, cout, k
        self.scale = 1 / math.sqrt(cin * k * k)
        self.padding = k // 2
        self.weight = nn.Parameter(torch.randn(1, cout, cin, k, k))
        self.modulation = EqualLinear(style_dim, cin, bias_init=1.0)
        self.demodulate = demodulate
        self.upsample = upsample

    def forward(self, x, style):
        batch, cin, h, w = x.shape
        style = self.modulation(style).view(batch, 1, cin, 1, 1)
        weight = self.scale * self.weight * style
        if self.demodulate:
            demod = torch.rsqrt(weight.pow(2).sum([2, 3, 4]) + 1e-8)
            weight = weight * demod.view(batch, self.cout, 1, 1, 1)
        weight = weight.view(batch * self.cout, cin, self.k, self.k)
        if self.upsample:
            x = F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)
            h, w = h * 2, w * 2
        x = x.reshape(1, batch * cin, h, w)
        out = F.conv2d(x, weight, padding=self.padding, groups=batch)
        return out.view(batch, self.cout, h, w)


class NoiseInjection(nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(1))

    def forward(self, image, noise=None):
        if noise is None:
            b, _, h, w = image.shape
            noise = image.new_empty(b, 1, h, w).normal_()
        return image + self.weight * noise


class Generator(nn.Module):
    def __init__(self, style_dim=16, ch=8):
        super().__init__()
        self.style_dim = style_dim
        self.mapping = nn.Sequential(*[EqualLinear(style_dim, style_dim, lr_mul=0.01,
                                                   activation=True) for _ in range(3)])
        self.const = nn.Parameter(torch.randn(1, ch, 4, 4))
        self.conv1 = ModulatedConv2d(ch, ch, 3, style_dim)
        self.noise1 = NoiseInjection()
        self.conv2 = ModulatedConv2d(ch, ch, 3, style_dim, upsample=True)
        self.noise2 = NoiseInjection()
        self.to_rgb = ModulatedConv2d(ch, 1, 1, style_dim, demodulate=False)

    def forward(self, z, truncation=1.0, w_avg=None, return_w=False):
        z = z * torch.rsqrt(z.pow(2).mean(1, keepdim=True) + 1e-8)  # PixelNorm
        w = self.mapping(z)
        if truncation < 1.0 and w_avg is not None:
            w = w_avg + truncation * (w - w_avg)
        x = self.const.repeat(z.shape[0], 1, 1, 1)
        x = F.leaky_relu(self.noise1(self.conv1(x, w)), 0.2) * math.sqrt(2)
        x = F.leaky_relu(self.noise2(self.conv2(x, w)), 0.2) * math.sqrt(2)
        img = self.to_rgb(x, w)
        return (img, w) if return_w else img


class MinibatchStdDev(nn.Module):
    def __init__(self, group_size=2):
        super().__init__()
        self.group_size = group_size

    def forward(self, x):
        N, C, H, W = x.shape
        G = min(self.group_size, N)
        y = x.reshape(G, -1, C, H, W)
        y = y - y.mean(dim=0)
        y = y.square().mean(dim=0)
        y = (y + 1e-8).sqrt()
        y = y.mean(dim=[1, 2, 3])
        y = y.reshape(-1, 1, 1, 1).repeat(G, 1, H, W)
        return torch.cat([x, y], dim=1)


class Discriminator(nn.Module):
    def __init__(self, ch=8):
        super().__init__()
        self.net = nn.Sequential(
            spectral_norm(nn.Conv2d(1, ch, 3, 1, 1)), nn.LeakyReLU(0.2),
            spectral_norm(nn.Conv2d(ch, ch, 4, 2, 1)), nn.LeakyReLU(0.2),
            MinibatchStdDev(), spectral_norm(nn.Conv2d(ch + 1, ch, 3, 1, 1)), nn.LeakyReLU(0.2))
        self.fc = spectral_norm(nn.Linear(ch * 16, 1))

    def forward(self, x):
        return self.fc(self.net(x).flatten(1))


G, D = Generator(), Discriminator()
G_ema = copy.deepcopy(G).eval()
print(G.mapping[0], G.conv2.modulation)
print(D.net[0])
print(sorted(k for k in D.state_dict() if k.startswith("net.0")))
g_opt = torch.optim.Adam(G.parameters(), lr=2e-3, betas=(0.0, 0.99))
d_opt = torch.optim.Adam(D.parameters(), lr=2e-3, betas=(0.0, 0.99))
real = torch.tanh(torch.randn(8, 1, 8, 8))
mean_path_length = torch.zeros(())
for it in range(4):
    # discriminator: hinge loss + lazy R1 on real images
    z = torch.randn(8, 16)
    fake = G(z).detach()
    d_loss = F.relu(1 - D(real)).mean() + F.relu(1 + D(fake)).mean()
    d_opt.zero_grad()
    d_loss.backward()
    d_opt.step()
    if it % 2 == 0:
        real.requires_grad_(True)
        real_pred = D(real)
        grad_real, = torch.autograd.grad(real_pred.sum(), real, create_graph=True)
        r1 = grad_real.pow(2).reshape(grad_real.shape[0], -1).sum(1).mean()
        d_opt.zero_grad()
        (10 / 2 * r1 * 2).backward()
        d_opt.step()
        real.requires_grad_(False)
        print(f"it {it} r1 {r1.item():.5f}")
    # generator: hinge loss + path-length regularisation
    z = torch.randn(8, 16)
    g_loss = -D(G(z)).mean()
    g_opt.zero_grad()
    g_loss.backward()
    g_opt.step()
    if it % 2 == 1:
        img, w = G(torch.randn(4, 16), return_w=True)
        noise = torch.randn_like(img) / math.sqrt(img.shape[2] * img.shape[3])
        grad_w, = torch.autograd.grad((img * noise).sum(), w, create_graph=True)
        path_lengths = grad_w.pow(2).sum(1).sqrt()
        path_mean = mean_path_length + 0.01 * (path_lengths.mean() - mean_path_length)
        path_penalty = (path_lengths - path_mean).pow(2).mean()
        mean_path_length = path_mean.detach()
        g_opt.zero_grad()
        (2 * path_penalty).backward()
        g_opt.step()
        print(f"it {it} path {path_penalty.item():.6f} mean_path {mean_path_length.item():.6f}")
    with torch.no_grad():
        for p_ema, p in zip(G_ema.parameters(), G.parameters()):
            p_ema.copy_(p.lerp(p_ema, 0.9))
        for b_ema, b in zip(G_ema.buffers(), G.buffers()):
            b_ema.copy_(b)
    print(f"it {it} d {d_loss.item():.4f} g {g_loss.item():.4f}")
sn_w = D.net[0].weight
print("spectral norm ~1:", f"{torch.linalg.matrix_norm(sn_w.flatten(1), ord=2).item():.3f}")
print("weight_orig grad", D.net[0].weight_orig.grad is not None, "u", D.net[0].weight_u.shape)
with torch.no_grad():
    w_avg = G_ema.mapping(torch.randn(64, 16)).mean(0, keepdim=True)
    torch.manual_seed(5)
    trunc = G_ema(torch.randn(2, 16), truncation=0.5, w_avg=w_avg)
print("truncated samples", trunc.shape, f"{trunc.std().item():.4f}")
print("noise weights", G.noise1.weight.item() != 0, G_ema.noise2.weight.shape)
