import torch
# Efficient-attention layers as the performer-pytorch, linformer, nystromformer and reformer
# repositories write them: FAVOR+ positive random features from orthogonal Gaussian blocks
# (torch.linalg.qr, row norms from a chi distribution), softmax-kernel features with the
# max-stabiliser, non-causal linear attention through einsum and a causal variant through
# cumsum prefix sums; Linformer's learned E/F projections of keys and values along the
# sequence; Nystromformer's segment-mean landmarks with the Newton-Schulz iterative
# pseudo-inverse; Reformer LSH bucketing (random rotations, argmax over [xR, -xR]), a stable
# sort by bucket, chunked attention with a look-back chunk, self-masking with masked_fill and
# the un-sort through scatter of the inverse permutation. Each approximation is checked against
# exact softmax attention, then a small classifier using each is trained for a few steps.
import math

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def exact_attention(q, k, v, causal=False):
    scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
    if causal:
        n = q.shape[-2]
        scores = scores.masked_fill(torch.ones(n, n, dtype=torch.bool).triu(1), float("-inf"))
    return scores.softmax(-1) @ v


def orthogonal_matrix_chunk(cols):
    unstructured = torch.randn(cols, cols)
    q, _ = torch.linalg.qr(unstructured, mode="reduced")
    return q.t()


def gaussian_orthogonal_random_matrix(nb_rows, nb_cols):
    blocks = [orthogonal_matrix_chunk(nb_cols) for _ in range(nb_rows // nb_cols)]
    rem = nb_rows - (nb_rows // nb_cols) * nb_cols
    if rem > 0:
        blocks.append(orthogonal_matrix_chunk(nb_cols)[:rem])
    final = torch.cat(blocks)
    multiplier = torch.randn(nb_rows, nb_cols).norm(dim=1)
    return torch.diag(multiplier) @ final


def softmax_kernel(data, projection, is_query, eps=1e-4):
    d = data.shape[-1]
    normalizer = d ** -0.25
    ratio = projection.shape[0] ** -0.5
    data_dash = torch.einsum("...id,jd->...ij", normalizer * data, projection)
    diag = (data ** 2).sum(-1, keepdim=True) / 2.0 * normalizer ** 2
    if is_query:
        stab = torch.amax(data_dash, dim=-1, keepdim=True).detach()
    else:
        stab = torch.amax(data_dash, dim=(-1, -2), keepdim=True).detach()
    return ratio * (torch.exp(data_dash - diag - stab) + eps)


def linear_attention(q, k, v):
    k_cumsum = k.sum(dim=-2)
    d_inv = 1.0 / torch.einsum("...nd,...d->...n", q, k_cumsum.type_as(q))
    context = torch.einsum("...nd,...ne->...de", k, v)
    return torch.einsum("...de,...nd,...n->...ne", context, q, d_inv)


def causal_linear_attention(q, k, v, eps=1e-6):
    k_cumsum = k.cumsum(dim=-2) + eps
    d_inv = 1.0 / torch.einsum("...nd,...nd->...n", q, k_cumsum)
    context = torch.einsum("...nd,...ne->...nde", k, v).cumsum(dim=-3)
    return torch.einsum("...nde,...nd,...n->...ne", context, q, d_inv)


def iterative_inv(mat, n_iter=8):
    eye = torch.eye(mat.shape[-1])
    k = mat
    v = 1 / (torch.max(torch.sum(k, dim=-2)) * torch.max(torch.sum(k, dim=-1))) * k.transpose(-1, -2)
    for _ in range(n_iter):
        kv = k @ v
        v = 0.25 * v @ (13 * eye - kv @ (15 * eye - kv @ (7 * eye - kv)))
    return v


def nystrom_attention(q, k, v, m):
    n, d = q.shape[-2:]
    q = q / math.sqrt(math.sqrt(d))
    k = k / math.sqrt(math.sqrt(d))
    q_l = q.reshape(*q.shape[:-2], m, n // m, d).mean(-2)
    k_l = k.reshape(*k.shape[:-2], m, n // m, d).mean(-2)
    k1 = (q @ k_l.transpose(-1, -2)).softmax(-1)
    k2 = (q_l @ k_l.transpose(-1, -2)).softmax(-1)
    k3 = (q_l @ k.transpose(-1, -2)).softmax(-1)
    return k1 @ iterative_inv(k2) @ (k3 @ v)


def lsh_attention(qk, v, n_buckets, rotations, chunk):
    b, n, d = qk.shape
    rotated = torch.einsum("bnd,dr->bnr", F.normalize(qk, dim=-1), rotations)
    buckets = torch.cat([rotated, -rotated], dim=-1).argmax(dim=-1)
    ticker = torch.arange(n).expand(b, n)
    keys = buckets * n + ticker
    _, sticker = keys.sort(dim=-1, stable=True)
    undo = torch.empty_like(sticker).scatter_(-1, sticker, ticker)
    sq = qk.gather(1, sticker.unsqueeze(-1).expand(-1, -1, d))
    sv = v.gather(1, sticker.unsqueeze(-1).expand(-1, -1, v.shape[-1]))
    st = sticker
    cq = sq.reshape(b, -1, chunk, d)
    ck = F.normalize(cq, dim=-1)
    cv = sv.reshape(b, -1, chunk, v.shape[-1])
    ct = st.reshape(b, -1, chunk)

    def look_one_back(x):
        return torch.cat([x, torch.roll(x, 1, dims=1)], dim=2)

    ck, cv, kt = look_one_back(ck), look_one_back(cv), look_one_back(ct)
    dots = torch.einsum("bcid,bcjd->bcij", cq, ck) / math.sqrt(d)
    self_mask = ct.unsqueeze(-1) == kt.unsqueeze(-2)
    dots = dots.masked_fill(self_mask, -1e5)
    out = torch.einsum("bcij,bcjd->bcid", dots.softmax(-1), cv).reshape(b, n, -1)
    return out.gather(1, undo.unsqueeze(-1).expand(-1, -1, out.shape[-1])), buckets


B, N, D = 2, 16, 8
q, k, v = torch.randn(3, B, N, D).unbind(0)
q, k = q * 0.5, k * 0.5
exact = exact_attention(q, k, v)

proj = gaussian_orthogonal_random_matrix(64, D)
print("projection", tuple(proj.shape), f"block orthogonal: "
      f"{torch.allclose((proj[:D] / proj[:D].norm(dim=1, keepdim=True)) @ (proj[:D] / proj[:D].norm(dim=1, keepdim=True)).t(), torch.eye(D))}")
qp, kp = softmax_kernel(q, proj, True), softmax_kernel(k, proj, False)
fav = linear_attention(qp, kp, v)
print(f"FAVOR+ rel err {((fav - exact).norm() / exact.norm()).item():.6f}")
causal = causal_linear_attention(qp, kp, v, eps=0.0)
ref_causal = torch.stack([linear_attention(qp[:, :i + 1], kp[:, :i + 1], v[:, :i + 1])[:, -1]
                          for i in range(N)], dim=1)
print(f"causal prefix-sum vs loop: {(causal - ref_causal).abs().max().item() < 1e-5}")
print(f"causal FAVOR+ rel err {((causal - exact_attention(q, k, v, True)).norm() / exact.norm()).item():.6f}")

nys = nystrom_attention(q, k, v, m=4)
print(f"Nystrom rel err {((nys - exact).norm() / exact.norm()).item():.6f}")
a = torch.rand(4, 4) + torch.eye(4) * 2
a = a.softmax(-1)
print(f"iterative pinv residual {(iterative_inv(a, 12) @ a - torch.eye(4)).abs().max().item():.3e}")

rot = torch.randn(D, 2)
lsh, buckets = lsh_attention(q, v, 4, rot, chunk=4)
print("buckets[0]:", buckets[0].tolist())
print("LSH out", tuple(lsh.shape), f"mean {lsh.mean().item():.6f}")

# gradients flow through every approximation into q/k/v
qq = q.clone().requires_grad_()
loss = (linear_attention(softmax_kernel(qq, proj, True), kp, v) ** 2).sum() \
    + nystrom_attention(qq, k, v, 4).pow(2).sum() + lsh_attention(qq, v, 4, rot, 4)[0].pow(2).sum()
(gq,) = torch.autograd.grad(loss, qq)
print(f"dq norm {gq.norm().item():.6f} finite {torch.isfinite(gq).all().item()}")


class Block(nn.Module):
    def __init__(self, kind, d=D, n=N):
        super().__init__()
        self.kind = kind
        self.qkv = nn.Linear(d, 3 * d)
        self.norm = nn.LayerNorm(d)
        if kind == "linformer":
            self.E = nn.Parameter(torch.randn(n, 4) / math.sqrt(4))
            self.F = nn.Parameter(torch.randn(n, 4) / math.sqrt(4))
        if kind == "performer":
            self.register_buffer("proj", gaussian_orthogonal_random_matrix(32, d))
        self.head = nn.Linear(d, 2)

    def forward(self, x):
        q, k, v = self.qkv(self.norm(x)).chunk(3, dim=-1)
        if self.kind == "performer":
            h = linear_attention(softmax_kernel(q, self.proj, True),
                                 softmax_kernel(k, self.proj, False), v)
        elif self.kind == "linformer":
            k = torch.einsum("bnd,nk->bkd", k, self.E)
            v = torch.einsum("bnd,nk->bkd", v, self.F)
            h = exact_attention(q, k, v)
        elif self.kind == "nystrom":
            h = nystrom_attention(q, k, v, 4)
        else:
            h = lsh_attention(q, v, 4, rot, 4)[0]
        return self.head((x + h).mean(1))


x = torch.randn(8, N, D)
y = (x[:, :, 0].sum(1) > 0).long()
for kind in ["performer", "linformer", "nystrom", "lsh"]:
    torch.manual_seed(1)
    model = Block(kind)
    opt = torch.optim.Adam(model.parameters(), lr=0.02)
    losses = []
    for _ in range(3):
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(round(loss.item(), 6))
    g = model.qkv.weight.grad.norm().item()
    print(f"{kind:10s} losses {losses} |g_qkv| {g:.6f}")
