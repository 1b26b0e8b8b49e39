import torch

# Small research layers: a KAN layer with B-spline bases (Cox-de Boor recursion on an
# extended grid, spline coefficients fitted by torch.linalg.lstsq, grid update from
# sorted activations), a closed-form continuous-time (CfC) cell with learned time
# constants, an energy-based model sampled by Langevin dynamics (torch.autograd.grad with
# respect to inputs, x.requires_grad_() inside the loop, a replay buffer), the
# Forward-Forward algorithm's layer-local goodness losses, and a modern Hopfield layer
# (softmax retrieval with beta, the energy with logsumexp).
import math

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


def b_batch(x, grid, k):
    x = x.unsqueeze(2)
    grid = grid.unsqueeze(0)
    if k == 0:
        value = (x >= grid[:, :, :-1]) * (x < grid[:, :, 1:])
    else:
        B_km1 = b_batch(x[:, :, 0], grid=grid[0], k=k - 1)
        value = (x - grid[:, :, :-(k + 1)]) / (grid[:, :, k:-1] - grid[:, :, :-(k + 1)]) * \
            B_km1[:, :, :-1] + (grid[:, :, k + 1:] - x) / \
            (grid[:, :, k + 1:] - grid[:, :, 1:(-k)]) * B_km1[:, :, 1:]
    return torch.nan_to_num(value)


def extend_grid(grid, k_extend=0):
    h = (grid[:, [-1]] - grid[:, [0]]) / (grid.shape[1] - 1)
    for _ in range(k_extend):
        grid = torch.cat([grid[:, [0]] - h, grid], dim=1)
        grid = torch.cat([grid, grid[:, [-1]] + h], dim=1)
    return grid


def coef2curve(x_eval, grid, coef, k):
    b_splines = b_batch(x_eval, grid, k=k)
    return torch.einsum("ijk,jlk->ijl", b_splines, coef.to(b_splines.dtype))


def curve2coef(x_eval, y_eval, grid, k):
    batch, in_dim = x_eval.shape
    out_dim = y_eval.shape[2]
    n_coef = grid.shape[1] - k - 1
    mat = b_batch(x_eval, grid, k).permute(1, 0, 2)[:, None, :, :].expand(in_dim, out_dim,
                                                                         batch, n_coef)
    y_eval = y_eval.permute(1, 2, 0).unsqueeze(dim=3)
    coef = torch.linalg.lstsq(mat, y_eval).solution[:, :, :, 0]
    return coef


class KANLayer(nn.Module):
    def __init__(self, in_dim, out_dim, num=5, k=3, noise_scale=0.5):
        super().__init__()
        self.in_dim, self.out_dim, self.num, self.k = in_dim, out_dim, num, k
        grid = torch.linspace(-1, 1, steps=num + 1)[None, :].expand(in_dim, num + 1)
        grid = extend_grid(grid, k_extend=k)
        self.grid = nn.Parameter(grid, requires_grad=False)
        noises = (torch.rand(num + 1, in_dim, out_dim) - 0.5) * noise_scale / num
        self.coef = nn.Parameter(curve2coef(self.grid[:, k:-k].permute(1, 0), noises,
                                            self.grid, k))
        self.scale_base = nn.Parameter(torch.ones(in_dim, out_dim) / math.sqrt(in_dim))
        self.scale_sp = nn.Parameter(torch.ones(in_dim, out_dim) / math.sqrt(in_dim))

    def forward(self, x):
        base = F.silu(x)
        y = coef2curve(x, self.grid, self.coef, self.k)
        y = self.scale_base[None] * base[:, :, None] + self.scale_sp[None] * y
        return y.sum(dim=1)

    @torch.no_grad()
    def update_grid_from_samples(self, x):
        batch = x.shape[0]
        x_pos = torch.sort(x, dim=0)[0]
        y_eval = coef2curve(x_pos, self.grid, self.coef, self.k)
        ids = [int(batch / self.num * i) for i in range(self.num)] + [-1]
        grid_adaptive = x_pos[ids, :].permute(1, 0)
        h = (grid_adaptive[:, [-1]] - grid_adaptive[:, [0]]) / self.num
        grid_uniform = grid_adaptive[:, [0]] + h * torch.arange(self.num + 1)[None, :]
        grid = 0.02 * grid_uniform + 0.98 * grid_adaptive
        self.grid.data = extend_grid(grid, k_extend=self.k)
        self.coef.data = curve2coef(x_pos, y_eval, self.grid, self.k)


x = torch.rand(64, 2) * 2 - 1
y = torch.sin(math.pi * x[:, :1]) + x[:, 1:] ** 2
kan = nn.Sequential(KANLayer(2, 3), KANLayer(3, 1))
bases = b_batch(torch.tensor([[0.1, -0.5]]), kan[0].grid, 3)
print("bases", tuple(bases.shape), "partition of unity", bases.sum(-1))
opt = torch.optim.Adam(kan.parameters(), lr=2e-2)
for step in range(20):
    if step == 10:
        kan[0].update_grid_from_samples(x)
        print("grid after update", kan[0].grid[0, 3:6])
    loss = F.mse_loss(kan(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 5 == 4:
        print(f"kan step {step} loss {loss.item():.5f}")


class CfCCell(nn.Module):
    def __init__(self, in_features, hidden):
        super().__init__()
        self.backbone = nn.Sequential(nn.Linear(in_features + hidden, 32), nn.Tanh())
        self.ff1 = nn.Linear(32, hidden)
        self.ff2 = nn.Linear(32, hidden)
        self.time_a = nn.Linear(32, hidden)
        self.time_b = nn.Linear(32, hidden)

    def forward(self, x, h, ts):
        z = self.backbone(torch.cat([x, h], 1))
        ff1, ff2 = torch.tanh(self.ff1(z)), torch.tanh(self.ff2(z))
        t_interp = torch.sigmoid(-self.time_a(z) * ts + self.time_b(z))
        return ff1 * (1.0 - t_interp) + t_interp * ff2


cell = CfCCell(3, 8)
seq = torch.randn(5, 10, 3)
ts = torch.rand(5, 10, 1) * 2
h = torch.zeros(5, 8)
for t in range(10):
    h = cell(seq[:, t], h, ts[:, t])
print("cfc", h[0, :4])
h.pow(2).sum().backward()
print("time constant grads", cell.time_a.weight.grad.abs().sum() > 0)


class EBM(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2, 32), nn.SiLU(), nn.Linear(32, 32), nn.SiLU(),
                                 nn.Linear(32, 1))

    def forward(self, x):
        return self.net(x).squeeze(-1)


def langevin(model, x, steps=20, step_size=0.05, noise=0.01, generator=None):
    was_training = model.training
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)
    x = x.clone().detach()
    for _ in range(steps):
        x.requires_grad_()
        energy = model(x).sum()
        grad = torch.autograd.grad(energy, x)[0]
        x = x.detach() - step_size * grad + noise * torch.randn(x.shape, generator=generator)
        x = x.clamp(-3, 3)
    for p in model.parameters():
        p.requires_grad_(True)
    model.train(was_training)
    return x.detach()


ebm = EBM()
data = torch.randn(128, 2) * 0.3 + torch.tensor([1.0, -1.0])
buffer = torch.rand(256, 2) * 6 - 3
opt = torch.optim.Adam(ebm.parameters(), lr=1e-3, betas=(0.0, 0.999))
g = torch.Generator().manual_seed(7)
for step in range(6):
    idx = torch.randint(0, 256, (64,), generator=g)
    fresh = torch.rand(64, 2, generator=g) * 6 - 3
    init = torch.where(torch.rand(64, 1, generator=g) < 0.05, fresh, buffer[idx])
    neg = langevin(ebm, init, generator=g)
    buffer[idx] = neg
    pos_e, neg_e = ebm(data[:64]), ebm(neg)
    loss = pos_e.mean() - neg_e.mean() + 0.1 * (pos_e.pow(2).mean() + neg_e.pow(2).mean())
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"ebm step {step} cd {(pos_e.mean() - neg_e.mean()).item():.5f} "
          f"neg mean {neg.mean(0).tolist()}")
print("requires_grad restored", all(p.requires_grad for p in ebm.parameters()))


class FFLayer(nn.Linear):
    def __init__(self, i, o, threshold=2.0):
        super().__init__(i, o)
        self.threshold = threshold
        self.opt = torch.optim.Adam(self.parameters(), lr=0.03)

    def forward(self, x):
        x_direction = x / (x.norm(2, 1, keepdim=True) + 1e-4)
        return torch.relu(super().forward(x_direction))

    def train_layer(self, x_pos, x_neg, steps):
        for _ in range(steps):
            g_pos = self.forward(x_pos).pow(2).mean(1)
            g_neg = self.forward(x_neg).pow(2).mean(1)
            loss = torch.log(1 + torch.exp(torch.cat([-g_pos + self.threshold,
                                                      g_neg - self.threshold]))).mean()
            self.opt.zero_grad()
            loss.backward()
            self.opt.step()
        return self.forward(x_pos).detach(), self.forward(x_neg).detach(), loss.item()


def overlay(x, label, n_classes=4):
    x_ = x.clone()
    x_[:, :n_classes] *= 0.0
    x_[range(x.shape[0]), label] = x.max()
    return x_


xs = torch.randn(40, 12)
labels = (xs[:, 5] > 0).long() + 2 * (xs[:, 6] > 0).long()
x_pos = overlay(xs, labels)
rnd = labels[torch.randperm(40)]
x_neg = overlay(xs, rnd)
layers = [FFLayer(12, 20), FFLayer(20, 20)]
h_pos, h_neg = x_pos, x_neg
for i, layer in enumerate(layers):
    h_pos, h_neg, ff_loss = layer.train_layer(h_pos, h_neg, 15)
    print(f"ff layer {i} loss {ff_loss:.5f}")
goodness = []
for label in range(4):
    h = overlay(xs, torch.full((40,), label))
    gsum = 0
    for layer in layers:
        h = layer(h)
        gsum = gsum + h.pow(2).mean(1)
    goodness.append(gsum.unsqueeze(1))
pred = torch.cat(goodness, 1).argmax(1)
print("ff accuracy", pred.eq(labels).float().mean().item())


def hopfield_retrieve(xi, X, beta, steps=3):
    for _ in range(steps):
        xi = X.T @ torch.softmax(beta * X @ xi, 0)
    return xi


def hopfield_energy(xi, X, beta):
    M = X.norm(dim=1).max()
    return -torch.logsumexp(beta * X @ xi, 0) / beta + 0.5 * xi @ xi + \
        math.log(X.shape[0]) / beta + 0.5 * M ** 2


patterns = torch.sign(torch.randn(6, 32, dtype=torch.float64))
probe = patterns[2].clone()
probe[:10] *= -1
for beta in (0.05, 1.0):
    out = hopfield_retrieve(probe, patterns, beta)
    print("beta", beta, "overlap", (torch.sign(out) == patterns[2]).double().mean().item(),
          "energy", round(hopfield_energy(out, patterns, beta).item(), 6))
hl = nn.MultiheadAttention(32, 1, batch_first=True, bias=False)
q = probe.float()[None, None]
k = patterns.float()[None]
o, w = hl(q, k, k)
print("as attention", tuple(o.shape), round(w.sum().item(), 5))
