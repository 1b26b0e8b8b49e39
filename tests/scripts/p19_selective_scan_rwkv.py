import torch

# Recurrent-style sequence mixers as their minimal reference implementations write them: a
# Mamba-like selective state-space scan (input-dependent dt via softplus, A = -exp(A_log),
# discretised with exp(dt * A), the scan done both as a Python loop and in parallel with
# cumsum of log-decays), a depthwise causal Conv1d with left padding, RWKV-4 time mixing
# (token shift with nn.ZeroPad2d, the WKV recurrence in a numerically stable max-tracking
# form, time_decay / time_first parameters) and channel mixing, trained a few steps.
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def selective_scan_loop(u, delta, A, B, C, D):
    b, length, d = u.shape
    n = A.shape[1]
    deltaA = torch.exp(torch.einsum("bld,dn->bldn", delta, A))
    deltaB_u = torch.einsum("bld,bln,bld->bldn", delta, B, u)
    x = torch.zeros((b, d, n))
    ys = []
    for i in range(length):
        x = deltaA[:, i] * x + deltaB_u[:, i]
        ys.append(torch.einsum("bdn,bn->bd", x, C[:, i, :]))
    return torch.stack(ys, dim=1) + u * D


def selective_scan_parallel(u, delta, A, B, C, D):
    log_a = torch.einsum("bld,dn->bldn", delta, A)
    deltaB_u = torch.einsum("bld,bln,bld->bldn", delta, B, u)
    cum = torch.cumsum(log_a, dim=1)
    # x_t = sum_{s<=t} exp(cum_t - cum_s) * deltaB_u_s, as a masked (t, s) matrix
    diff = cum.unsqueeze(2) - cum.unsqueeze(1)
    mask = torch.tril(torch.ones(u.shape[1], u.shape[1], dtype=torch.bool))
    weights = torch.exp(diff.masked_fill(~mask[None, :, :, None, None], float("-inf")))
    x = torch.einsum("btsdn,bsdn->btdn", weights, deltaB_u)
    return torch.einsum("btdn,btn->btd", x, C) + u * D


class MambaBlock(nn.Module):
    def __init__(self, d_model=6, d_state=4, expand=2, d_conv=3):
        super().__init__()
        d_inner = expand * d_model
        self.in_proj = nn.Linear(d_model, 2 * d_inner, bias=False)
        self.conv1d = nn.Conv1d(d_inner, d_inner, kernel_size=d_conv, groups=d_inner,
                                padding=d_conv - 1)
        self.x_proj = nn.Linear(d_inner, 2 + 2 * d_state, bias=False)
        self.dt_proj = nn.Linear(2, d_inner)
        A = torch.arange(1, d_state + 1).repeat(d_inner, 1).double()
        self.A_log = nn.Parameter(torch.log(A))
        self.D = nn.Parameter(torch.ones(d_inner))
        self.out_proj = nn.Linear(d_inner, d_model, bias=False)
        self.d_state = d_state

    def forward(self, x, parallel=False):
        b, length, _ = x.shape
        xz = self.in_proj(x)
        x_in, res = xz.chunk(2, dim=-1)
        x_in = self.conv1d(x_in.transpose(1, 2))[:, :, :length].transpose(1, 2)
        x_in = F.silu(x_in)
        dbc = self.x_proj(x_in)
        dt, B, C = dbc.split([2, self.d_state, self.d_state], dim=-1)
        delta = F.softplus(self.dt_proj(dt))
        A = -torch.exp(self.A_log)
        scan = selective_scan_parallel if parallel else selective_scan_loop
        y = scan(x_in, delta, A, B, C, self.D)
        return self.out_proj(y * F.silu(res))


block = MambaBlock()
x = torch.randn(2, 7, 6)
y_loop = block(x)
y_par = block(x, parallel=True)
print("loop vs parallel", torch.allclose(y_loop, y_par),
      (y_loop - y_par).abs().max().item() < 1e-12)
print("y[0, -1]", y_loop[0, -1].round(decimals=6))
g1 = torch.autograd.grad(y_loop.square().sum(), block.A_log)[0]
g2 = torch.autograd.grad(block(x, parallel=True).square().sum(), block.A_log)[0]
print("A_log grads agree", torch.allclose(g1, g2), f"{g1.abs().sum().item():.8f}")
causal = block(torch.cat([x[:, :4], torch.randn(2, 3, 6)], dim=1))[:, :4]
print("causal", torch.allclose(causal, y_loop[:, :4]))


class RWKVTimeMix(nn.Module):
    def __init__(self, dim, layer_id=0, n_layer=2):
        super().__init__()
        ratio_0_to_1 = layer_id / (n_layer - 1)
        ratio_1_to_almost0 = 1.0 - layer_id / n_layer
        ddd = torch.arange(dim).double().view(1, 1, dim) / dim
        self.time_mix_k = nn.Parameter(torch.pow(ddd, ratio_1_to_almost0))
        self.time_mix_v = nn.Parameter(torch.pow(ddd, ratio_1_to_almost0) + 0.3 * ratio_0_to_1)
        self.time_mix_r = nn.Parameter(torch.pow(ddd, 0.5 * ratio_1_to_almost0))
        decay_speed = torch.tensor([-5 + 8 * (h / (dim - 1)) ** (0.7 + 1.3 * ratio_0_to_1)
                                    for h in range(dim)])
        self.time_decay = nn.Parameter(decay_speed)
        zigzag = torch.tensor([(i + 1) % 3 - 1 for i in range(dim)]) * 0.5
        self.time_first = nn.Parameter(torch.ones(dim) * torch.log(torch.tensor(0.3)) + zigzag)
        self.time_shift = nn.ZeroPad2d((0, 0, 1, -1))
        self.key = nn.Linear(dim, dim, bias=False)
        self.value = nn.Linear(dim, dim, bias=False)
        self.receptance = nn.Linear(dim, dim, bias=False)
        self.output = nn.Linear(dim, dim, bias=False)

    def wkv(self, k, v):
        b, t, c = k.shape
        w = -torch.exp(self.time_decay)
        u = self.time_first
        aa = torch.zeros(b, c)
        bb = torch.zeros(b, c)
        pp = torch.full((b, c), -1e38)
        out = []
        for i in range(t):
            kk, vv = k[:, i], v[:, i]
            ww = u + kk
            p = torch.maximum(pp, ww)
            e1, e2 = torch.exp(pp - p), torch.exp(ww - p)
            out.append((e1 * aa + e2 * vv) / (e1 * bb + e2))
            ww = w + pp
            p = torch.maximum(ww, kk)
            e1, e2 = torch.exp(ww - p), torch.exp(kk - p)
            aa = e1 * aa + e2 * vv
            bb = e1 * bb + e2
            pp = p
        return torch.stack(out, dim=1)

    def forward(self, x):
        xx = self.time_shift(x)
        xk = x * self.time_mix_k + xx * (1 - self.time_mix_k)
        xv = x * self.time_mix_v + xx * (1 - self.time_mix_v)
        xr = x * self.time_mix_r + xx * (1 - self.time_mix_r)
        k, v = self.key(xk), self.value(xv)
        sr = torch.sigmoid(self.receptance(xr))
        return self.output(sr * self.wkv(k, v))


class RWKVChannelMix(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.time_shift = nn.ZeroPad2d((0, 0, 1, -1))
        self.time_mix_k = nn.Parameter(torch.full((1, 1, dim), 0.5))
        self.time_mix_r = nn.Parameter(torch.full((1, 1, dim), 0.5))
        self.key = nn.Linear(dim, 4 * dim, bias=False)
        self.receptance = nn.Linear(dim, dim, bias=False)
        self.value = nn.Linear(4 * dim, dim, bias=False)

    def forward(self, x):
        xx = self.time_shift(x)
        xk = x * self.time_mix_k + xx * (1 - self.time_mix_k)
        xr = x * self.time_mix_r + xx * (1 - self.time_mix_r)
        k = torch.square(torch.relu(self.key(xk)))
        return torch.sigmoid(self.receptance(xr)) * self.value(k)


shift = nn.ZeroPad2d((0, 0, 1, -1))
print(shift, shift(torch.arange(6.0).view(1, 3, 2)))
mix = RWKVTimeMix(6, layer_id=1)
print("time_decay", mix.time_decay.round(decimals=4))
print("time_first", mix.time_first.round(decimals=4))


class Model(nn.Module):
    def __init__(self, vocab=10, dim=6):
        super().__init__()
        self.emb = nn.Embedding(vocab, dim)
        self.ln0, self.ln1, self.ln2 = nn.LayerNorm(dim), nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.att, self.ffn = RWKVTimeMix(dim, 0), RWKVChannelMix(dim)
        self.mamba = MambaBlock(dim)
        self.head = nn.Linear(dim, vocab, bias=False)

    def forward(self, idx):
        x = self.ln0(self.emb(idx))
        x = x + self.att(self.ln1(x))
        x = x + self.ffn(self.ln2(x))
        x = x + self.mamba(x, parallel=True)
        return self.head(x)


model = Model()
data = torch.randint(0, 10, (3, 9), generator=torch.Generator().manual_seed(5))
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
for step in range(5):
    logits = model(data[:, :-1])
    loss = F.cross_entropy(logits.reshape(-1, 10), data[:, 1:].reshape(-1))
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"step {step} loss {loss.item():.8f} decay grad "
          f"{model.att.time_decay.grad.norm().item():.8f}")
