import torch
# Linear recurrences as their minimal reference repositories write them: minGRU with the
# log-space parallel scan (log-coefficients summed by cumsum, values combined by
# torch.logcumsumexp), checked against the sequential loop; an S5 layer with a complex diagonal
# state matrix stored as real pairs and read through torch.view_as_complex, zero-order-hold
# discretisation, and a Hillis-Steele associative scan written with complex products; and an
# RWKV-7-style generalised delta rule (normalised keys, in-context learning rate, data-dependent
# decay exp(-e^-0.5 * sigmoid)) run as a Python loop over a matrix-valued state.
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


def g(x):
    return torch.where(x >= 0, x + 0.5, torch.sigmoid(x))


def log_g(x):
    return torch.where(x >= 0, (F.relu(x) + 0.5).log(), -F.softplus(-x))


def heinsen_scan_log(log_coeffs, log_values):
    a_star = log_coeffs.cumsum(dim=1)
    log_h0_plus_b_star = (log_values - a_star).logcumsumexp(dim=1)
    return (a_star + log_h0_plus_b_star).exp()


class MinGRU(nn.Module):
    def __init__(self, dim, expansion=1.5):
        super().__init__()
        inner = int(dim * expansion)
        self.to_hidden_and_gate = nn.Linear(dim, inner * 2, bias=False)
        self.to_out = nn.Linear(inner, dim, bias=False)

    def forward(self, x, prev_hidden=None, return_next_prev_hidden=False):
        hidden, gate = self.to_hidden_and_gate(x).chunk(2, dim=-1)
        if x.shape[1] == 1:
            hidden = g(hidden)
            gate = gate.sigmoid()
            if prev_hidden is not None:
                out = torch.lerp(prev_hidden, hidden, gate)
            else:
                out = hidden * gate
        else:
            log_coeffs = -F.softplus(gate)
            log_z = -F.softplus(-gate)
            log_tilde_h = log_g(hidden)
            log_values = log_z + log_tilde_h
            if prev_hidden is not None:
                log_values = torch.cat((prev_hidden.log(), log_values), dim=1)
                log_coeffs = F.pad(log_coeffs, (0, 0, 1, 0))
            out = heinsen_scan_log(log_coeffs, log_values)
            out = out[:, -x.shape[1]:]
        next_prev_hidden = out[:, -1:]
        out = self.to_out(out)
        return (out, next_prev_hidden) if return_next_prev_hidden else out


class MinGRULM(nn.Module):
    def __init__(self, vocab, dim, depth):
        super().__init__()
        self.emb = nn.Embedding(vocab, dim)
        self.layers = nn.ModuleList([nn.ModuleList([nn.RMSNorm(dim), MinGRU(dim)])
                                     for _ in range(depth)])
        self.norm = nn.RMSNorm(dim)
        self.head = nn.Linear(dim, vocab, bias=False)

    def forward(self, ids):
        x = self.emb(ids)
        for norm, gru in self.layers:
            x = gru(norm(x)) + x
        return self.head(self.norm(x))


# parallel scan == sequential recurrence, in float64 so the two agree to rounding
gru = MinGRU(6).double()
x = torch.randn(2, 12, 6, dtype=torch.float64)
par = gru(x)
h, outs = None, []
for t in range(12):
    o, h = gru(x[:, t:t + 1], h, return_next_prev_hidden=True)
    outs.append(o)
seq = torch.cat(outs, dim=1)
print("minGRU parallel vs loop", torch.allclose(par, seq, rtol=1e-10, atol=1e-12),
      f"{(par - seq).abs().max().item() < 1e-12}")
first, h8 = gru(x[:, :8], return_next_prev_hidden=True)
rest = gru(x[:, 8:], prev_hidden=h8)
print("minGRU resumed from a hidden state", torch.allclose(torch.cat([first, rest], 1), par))
print("minGRU out", [round(v, 8) for v in par[0, -1, :3].tolist()])
par.pow(2).sum().backward()
print("grad", round(gru.to_hidden_and_gate.weight.grad.norm().item(), 8))


def binary_operator(q_i, q_j):
    A_i, Bu_i = q_i
    A_j, Bu_j = q_j
    return A_j * A_i, A_j * Bu_i + Bu_j


def associative_scan(As, Bus):
    # Hillis-Steele inclusive scan over dim 0 with the (A, Bu) composition above
    L, d = As.shape[0], 1
    while d < L:
        A_prev = torch.cat([torch.ones_like(As[:d]), As[:-d]], dim=0)
        B_prev = torch.cat([torch.zeros_like(Bus[:d]), Bus[:-d]], dim=0)
        As, Bus = binary_operator((A_prev, B_prev), (As, Bus))
        d *= 2
    return As, Bus


class S5(nn.Module):
    def __init__(self, H, P):
        super().__init__()
        Lambda_re = -0.5 * torch.ones(P)
        Lambda_im = torch.pi * torch.arange(P, dtype=torch.float32)
        self.Lambda = nn.Parameter(torch.stack([Lambda_re, Lambda_im], dim=-1))
        self.B = nn.Parameter(torch.randn(P, H, 2) / (2 * H) ** 0.5)
        self.C = nn.Parameter(torch.randn(H, P, 2) / (2 * P) ** 0.5)
        self.D = nn.Parameter(torch.randn(H))
        self.log_step = nn.Parameter(torch.log(torch.rand(P) * (0.1 - 0.001) + 0.001))

    def discretize(self):
        Lambda = torch.view_as_complex(self.Lambda)
        B = torch.view_as_complex(self.B)
        step = self.log_step.exp()
        Lambda_bar = torch.exp(Lambda * step)
        B_bar = ((1 / Lambda) * (Lambda_bar - 1))[:, None] * B
        return Lambda_bar, B_bar

    def forward(self, u):  # u: (L, H)
        Lambda_bar, B_bar = self.discretize()
        Bu = u.to(B_bar.dtype) @ B_bar.T
        _, xs = associative_scan(Lambda_bar.expand(u.shape[0], -1), Bu)
        C = torch.view_as_complex(self.C)
        ys = (xs @ C.T).real * 2
        return ys + self.D * u


torch.manual_seed(1)
s5 = S5(H=4, P=6)
u = torch.randn(16, 4)
y = s5(u)
Lambda_bar, B_bar = s5.discretize()
print("S5 Lambda_bar", Lambda_bar.dtype, [round(v, 5) for v in Lambda_bar.abs()[:3].tolist()])
state = torch.zeros(6, dtype=torch.complex64)
ys = []
for k in range(16):
    state = Lambda_bar * state + B_bar @ u[k].to(torch.complex64)
    ys.append((torch.view_as_complex(s5.C) @ state).real * 2 + s5.D * u[k])
print("S5 scan vs loop", torch.allclose(y, torch.stack(ys), atol=1e-5))
y.sum().backward()
print("S5 grads", s5.Lambda.grad.dtype, tuple(s5.Lambda.grad.shape),
      f"{s5.Lambda.grad.norm().item():.4f} {s5.B.grad.norm().item():.4f}"
      f" {s5.log_step.grad.norm().item():.4f}")


def rwkv7_recurrence(r, w, k, v, a, b):
    # state S (H, N, N): S <- S diag(w) + (S a) b^T + v k^T ; y = S r
    T, H, N = r.shape
    S = torch.zeros(H, N, N, dtype=r.dtype)
    out = []
    for t in range(T):
        sa = torch.einsum("hij,hj->hi", S, a[t])
        S = S * w[t][:, None, :] + sa[:, :, None] * b[t][:, None, :] \
            + v[t][:, :, None] * k[t][:, None, :]
        out.append(torch.einsum("hij,hj->hi", S, r[t]))
    return torch.stack(out), S


class TimeMix7(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.H, self.N = heads, dim // heads
        self.time_shift = nn.ZeroPad2d((0, 0, 1, -1))
        self.x_r = nn.Parameter(torch.rand(dim))
        self.x_k = nn.Parameter(torch.rand(dim))
        self.r = nn.Linear(dim, dim, bias=False)
        self.k = nn.Linear(dim, dim, bias=False)
        self.v = nn.Linear(dim, dim, bias=False)
        self.w = nn.Linear(dim, dim)
        self.a = nn.Linear(dim, dim)
        self.ln_x = nn.GroupNorm(heads, dim, eps=64e-5)
        self.out = nn.Linear(dim, dim, bias=False)

    def forward(self, x):  # x: (T, C)
        T, C = x.shape
        xx = self.time_shift(x.unsqueeze(0)).squeeze(0) - x
        xr, xk = x + xx * self.x_r, x + xx * self.x_k
        r, k, v = self.r(xr), self.k(xk), self.v(xk)
        w = torch.exp(-0.606531 * torch.sigmoid(self.w(xk)))
        iclr = torch.sigmoid(self.a(xk))
        kk = F.normalize(k.view(T, self.H, self.N), dim=-1, p=2.0)
        k = k * (1 + (iclr - 1) * 0.5)
        r, w, k, v, iclr = (z.view(T, self.H, self.N) for z in (r, w, k, v, iclr))
        y, S = rwkv7_recurrence(r, w, k, v, -kk, kk * iclr)
        y = self.ln_x(y.reshape(T, C)).view(T, C)
        return self.out(y), S


torch.manual_seed(2)
tm = TimeMix7(8, 2).double()
xs = torch.randn(10, 8, dtype=torch.float64)
yt, S = tm(xs)
print("RWKV-7 state", tuple(S.shape), round(S.norm().item(), 8))
print("RWKV-7 out", [round(v, 8) for v in yt[-1, :4].tolist()])
yt.sum().backward()
print("RWKV-7 grad", round(tm.w.weight.grad.norm().item(), 8),
      round(tm.x_r.grad.abs().sum().item(), 8))

# a few steps of language modelling with minGRU blocks on a repeating token pattern
torch.manual_seed(3)
lm = MinGRULM(vocab=11, dim=16, depth=2)
opt = torch.optim.Adam(lm.parameters(), lr=3e-3)
seq = torch.arange(33) % 11
ids = torch.stack([seq.roll(-s) for s in range(4)])
for step in range(6):
    logits = lm(ids[:, :-1])
    loss = F.cross_entropy(logits.transpose(1, 2), ids[:, 1:])
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"lm step {step} loss {loss.item():.4f}")
with torch.no_grad():
    print("greedy", lm(ids[:1, :-1])[0, -5:].argmax(-1).tolist())
