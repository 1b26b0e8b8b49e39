import torch

# Long-sequence layers from recent repositories: a Hyena operator (implicit filters from a
# positional MLP with sine activations and an exponential decay window, long convolution
# through torch.fft.rfft/irfft with n=2L), RetNet retention (decay masks from
# log-space gammas, parallel and recurrent forms agree), an xLSTM mLSTM/sLSTM cell with
# exponential gating stabilised by logsumexp-style max states, and a float64 check that
# the FFT convolution equals a direct causal convolution, with gradients.
import math

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


def fftconv(u, k, D):
    seqlen = u.shape[-1]
    fft_size = 2 * seqlen
    k_f = torch.fft.rfft(k, n=fft_size) / fft_size
    u_f = torch.fft.rfft(u.to(dtype=k.dtype), n=fft_size)
    y = torch.fft.irfft(u_f * k_f, n=fft_size, norm="forward")[..., :seqlen]
    out = y + u * D.unsqueeze(-1)
    return out.to(dtype=u.dtype)


class Sin(nn.Module):
    def __init__(self, dim, w=10):
        super().__init__()
        self.freq = nn.Parameter(w * torch.ones(1, dim))

    def forward(self, x):
        return torch.sin(self.freq * x)


class PositionalEmbedding(nn.Module):
    def __init__(self, emb_dim, seq_len):
        super().__init__()
        t = torch.linspace(0, 1, seq_len)[None, :, None]
        bands = (emb_dim - 1) // 2
        t_rescaled = torch.linspace(0, seq_len - 1, seq_len)[None, :, None]
        w = 2 * math.pi * t_rescaled / seq_len
        f = torch.linspace(1e-4, bands - 1, bands)[None, None]
        z = torch.exp(-1j * f * w)
        z = torch.cat([t, z.real, z.imag], dim=-1)
        self.register_buffer("z", z)
        self.register_buffer("t", t)

    def forward(self, L):
        return self.z[:, :L], self.t[:, :L]


class ExponentialModulation(nn.Module):
    def __init__(self, d_model, fast_decay_pct=0.3, slow_decay_pct=1.5, target=1e-2):
        super().__init__()
        max_decay = math.log(target) / fast_decay_pct
        min_decay = math.log(target) / slow_decay_pct
        deltas = torch.linspace(min_decay, max_decay, d_model)[None, None]
        self.register_buffer("deltas", deltas)

    def forward(self, t, x):
        decay = torch.exp(-t * self.deltas.abs())
        return x * decay


class HyenaFilter(nn.Module):
    def __init__(self, d_model, emb_dim=5, order=16, seq_len=32):
        super().__init__()
        self.pos_emb = PositionalEmbedding(emb_dim, seq_len)
        self.implicit_filter = nn.Sequential(nn.Linear(emb_dim, order), Sin(order),
                                             nn.Linear(order, order), Sin(order),
                                             nn.Linear(order, d_model, bias=False))
        self.modulation = ExponentialModulation(d_model)
        self.bias = nn.Parameter(torch.randn(d_model))

    def forward(self, L):
        z, t = self.pos_emb(L)
        h = self.implicit_filter(z)
        return self.modulation(t, h)


class HyenaOperator(nn.Module):
    def __init__(self, d_model, l_max):
        super().__init__()
        self.in_proj = nn.Linear(d_model, 3 * d_model)
        self.out_proj = nn.Linear(d_model, d_model)
        self.short_filter = nn.Conv1d(3 * d_model, 3 * d_model, 3, padding=2,
                                      groups=3 * d_model)
        self.filter_fn = HyenaFilter(d_model, seq_len=l_max)

    def forward(self, u):
        L = u.size(-2)
        u = self.in_proj(u).transpose(1, 2)
        uc = self.short_filter(u)[..., :L]
        x0, x1, v = uc.split(uc.shape[1] // 3, dim=1)
        k = self.filter_fn(L)[0].transpose(0, 1)
        v = v * x1
        v = fftconv(v, k, self.filter_fn.bias)
        y = (v * x0).transpose(1, 2)
        return self.out_proj(y)


B, L, D = 2, 16, 8
x = torch.randn(B, L, D)
hyena = HyenaOperator(D, 32)
y = hyena(x)
print("hyena", tuple(y.shape), y[0, :2, :4])
y.square().mean().backward()
print("filter grad", hyena.filter_fn.implicit_filter[0].weight.grad.norm().item() > 0,
      "freq grad", hyena.filter_fn.implicit_filter[1].freq.grad[0, :3])
print("pos emb", hyena.filter_fn.pos_emb.z.dtype, tuple(hyena.filter_fn.pos_emb.z.shape))

# the FFT convolution equals a direct causal convolution (float64, with gradients)
u = torch.randn(3, 10, dtype=torch.float64, requires_grad=True)
k = torch.randn(3, 10, dtype=torch.float64, requires_grad=True)
Dd = torch.randn(3, dtype=torch.float64)
direct = F.conv1d(F.pad(u.unsqueeze(0), (9, 0)), k.flip(-1).unsqueeze(1), groups=3)[0] + \
    u * Dd[:, None]
fast = fftconv(u, k, Dd)
print("fftconv == direct", torch.allclose(fast, direct, atol=1e-12))
g1 = torch.autograd.grad(fast.sin().sum(), (u, k))
g2 = torch.autograd.grad(direct.sin().sum(), (u, k))
print("grads agree", all(torch.allclose(a, b, atol=1e-12) for a, b in zip(g1, g2)))
print("gradcheck", torch.autograd.gradcheck(lambda a, b: fftconv(a, b, Dd), (u, k)))


# RetNet retention: parallel and recurrent forms
def decay_mask(L, gammas):
    idx = torch.arange(L)
    diff = idx[:, None] - idx[None, :]
    mask = torch.where(diff >= 0, gammas.log()[:, None, None] * diff, float("-inf"))
    return torch.exp(mask)


heads, dh = 2, 4
gammas = 1 - torch.exp2(-5 - torch.arange(heads, dtype=torch.float))
print("gammas", gammas)
q = torch.randn(B, heads, L, dh)
k = torch.randn(B, heads, L, dh) / dh ** 0.5
v = torch.randn(B, heads, L, dh)
Dm = decay_mask(L, gammas)
print("decay mask", Dm[0, :3, :3])
Dm = Dm / Dm.sum(-1, keepdim=True).sqrt()
retention = (q @ k.transpose(-1, -2)) * Dm
retention = retention / retention.detach().abs().sum(-1, keepdim=True).clamp(min=1)
out_par = retention @ v
print("parallel", out_par[0, 0, :3])
S = torch.zeros(B, heads, dh, dh)
rec = []
Dm_raw = decay_mask(L, gammas)
for t in range(L):
    S = gammas.view(1, heads, 1, 1) * S + k[:, :, t, :, None] * v[:, :, t, None, :]
    rec.append(q[:, :, t, None, :] @ S)
out_rec = torch.cat(rec, 2)
out_ref = ((q @ k.transpose(-1, -2)) * Dm_raw) @ v
print("recurrent == parallel (unnormalised)", torch.allclose(out_rec, out_ref, atol=1e-4))
gn = F.group_norm(out_par.transpose(1, 2).reshape(B * L, heads * dh), heads)
print("group norm", gn[:2, :4])


# xLSTM mLSTM step with exponential gating and max-state stabilisation
def mlstm_step(c, n, m, q, k, v, i_pre, f_pre):
    log_f = F.logsigmoid(f_pre)
    m_new = torch.maximum(log_f + m, i_pre)
    i = torch.exp(i_pre - m_new)
    f = torch.exp(log_f + m - m_new)
    c = f[..., None, None] * c + i[..., None, None] * (v[..., :, None] @ k[..., None, :])
    n = f[..., None] * n + i[..., None] * k
    h_tilde = (c @ q[..., :, None]).squeeze(-1)
    denom = torch.maximum((n * q).sum(-1).abs(), torch.exp(-m_new))[..., None]
    return c, n, m_new, h_tilde / denom


c = torch.zeros(B, dh, dh)
n = torch.zeros(B, dh)
m = torch.zeros(B)
qs, ks, vs = torch.randn(3, L, B, dh).unbind(0)
i_pre = torch.randn(L, B) * 3
f_pre = torch.randn(L, B) * 3 + 3
hs = []
for t in range(L):
    c, n, m, h = mlstm_step(c, n, m, qs[t], ks[t] / dh ** 0.5, vs[t], i_pre[t], f_pre[t])
    hs.append(h)
H = torch.stack(hs)
print("mlstm", H[-1], "m", m)
# the parallel form with a log-space gate matrix and a row-wise stabiliser
log_f = F.logsigmoid(f_pre).T
cum = torch.cat([torch.zeros(B, 1), log_f.cumsum(-1)], -1)
log_D = cum[:, 1:, None] - cum[:, None, 1:] + i_pre.T[:, None, :]
log_D = log_D.masked_fill(~torch.ones(L, L, dtype=torch.bool).tril(), float("-inf"))
m_par = log_D.amax(-1, keepdim=True)
D_mat = torch.exp(log_D - m_par)
Qb, Kb, Vb = qs.transpose(0, 1), ks.transpose(0, 1) / dh ** 0.5, vs.transpose(0, 1)
Cmat = (Qb @ Kb.transpose(-1, -2)) * D_mat
norm = torch.maximum(Cmat.sum(-1).abs(), torch.exp(-m_par.squeeze(-1)))
H_par = (Cmat / norm[..., None]) @ Vb
print("parallel == recurrent", torch.allclose(H_par.transpose(0, 1), H, atol=1e-4))
print("logsumexp stabiliser", torch.logsumexp(log_D[0, -1], 0), m_par[0, -1])
print("sLSTM gates", torch.logaddexp(torch.tensor([0.0, -50.0, 30.0]),
                                       torch.tensor([0.0, -60.0, float("-inf")])))
