import torch
# Hyperbolic representation learning as the Poincare-embeddings and hyperbolic-network
# repositories write it: a transitive-closure tree embedded in the Poincare ball through a
# sparse nn.Embedding, a distance Function with its own backward (arcosh of the conformal
# ratio, clamped away from the boundary), a softmax loss over sampled negatives, and Riemannian
# SGD that reads the sparse gradient (coalesce, indices, values), rescales it by the inverse
# metric and writes back through index_add_ before projecting rows into the ball; a burn-in
# phase at a tenth of the rate; then gyrovector operations (Mobius addition, exp and log maps at
# the origin, Mobius matrix-vector products) and a hyperbolic linear layer and MLR head trained
# on the embeddings with torch.func.jacrev checking exp/log are inverse maps.
import torch.nn as nn
import torch.nn.functional as F
from torch.func import jacrev

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
EPS = 1e-5

# a tree: root 0, three children, each with three children, each of those with two leaves
parent = {}
nodes = [0]
frontier = [0]
for fanout in (3, 3, 2):
    nxt = []
    for p in frontier:
        for _ in range(fanout):
            c = len(nodes)
            nodes.append(c)
            parent[c] = p
            nxt.append(c)
    frontier = nxt
N = len(nodes)
closure = []
for c in range(1, N):
    a = parent[c]
    while True:
        closure.append((c, a))
        if a == 0:
            break
        a = parent[a]
pairs = torch.tensor(closure)
adj = torch.zeros(N, N, dtype=torch.bool)
adj[pairs[:, 0], pairs[:, 1]] = True
adj = adj | adj.T
depth = torch.tensor([0] + [1 + (c > 3) + (c > 12) for c in range(1, N)])
print("nodes", N, "closure edges", len(closure))


class PoincareDistance(torch.autograd.Function):
    @staticmethod
    def forward(ctx, u, v):
        sq_u = u.pow(2).sum(-1).clamp(0, 1 - EPS)
        sq_v = v.pow(2).sum(-1).clamp(0, 1 - EPS)
        sq_d = (u - v).pow(2).sum(-1)
        x = 1 + 2 * sq_d / ((1 - sq_u) * (1 - sq_v))
        z = torch.sqrt(x.pow(2) - 1)
        ctx.save_for_backward(u, v, sq_u, sq_v, x, z)
        return torch.log(x + z)

    @staticmethod
    def backward(ctx, g):
        u, v, sq_u, sq_v, _x, z = ctx.saved_tensors

        def grad_wrt(a, b, sq_a, sq_b):
            alpha, beta = 1 - sq_a, 1 - sq_b
            uv = (a * b).sum(-1, keepdim=True)
            coef = (sq_b.unsqueeze(-1) - 2 * uv + 1) / alpha.pow(2).unsqueeze(-1)
            ga = coef * a - b / alpha.unsqueeze(-1)
            ga = ga * (4 / (beta * z.clamp_min(EPS))).unsqueeze(-1)
            return g.unsqueeze(-1) * ga

        return grad_wrt(u, v, sq_u, sq_v), grad_wrt(v, u, sq_v, sq_u)


def poincare_dist(u, v):
    return PoincareDistance.apply(u, v)


def rsgd_step(emb, lr):
    grad = emb.weight.grad.coalesce()
    idx, val = grad.indices()[0], grad.values()
    rows = emb.weight.data[idx]
    scale = (1 - rows.pow(2).sum(-1, keepdim=True)).pow(2) / 4
    emb.weight.data.index_add_(0, idx, -lr * scale * val)
    norms = emb.weight.data.norm(dim=-1, keepdim=True)
    emb.weight.data.copy_(torch.where(norms >= 1, emb.weight.data / norms * (1 - EPS), emb.weight.data))
    return idx.numel()


emb = nn.Embedding(N, 2, sparse=True)
nn.init.uniform_(emb.weight, -1e-3, 1e-3)

u = torch.rand(4, 2) * 0.5
w = torch.rand(4, 2) * 0.5
u.requires_grad_()
w.requires_grad_()
d_custom = poincare_dist(u, w)
gu, gw = torch.autograd.grad(d_custom.sum(), (u, w))
u2, w2 = u.detach().requires_grad_(), w.detach().requires_grad_()
x = 1 + 2 * (u2 - w2).pow(2).sum(-1) / ((1 - u2.pow(2).sum(-1)) * (1 - w2.pow(2).sum(-1)))
gu2, gw2 = torch.autograd.grad(torch.acosh(x).sum(), (u2, w2))
print("distance", d_custom.detach())
print("custom backward matches acosh autograd", torch.allclose(gu, gu2), torch.allclose(gw, gw2))

n_neg = 6
for epoch in range(14):
    lr = 0.3 if epoch >= 4 else 0.03
    perm = torch.randperm(len(closure))
    total = 0.0
    for b in range(0, len(closure), 16):
        batch = pairs[perm[b:b + 16]]
        negs = torch.randint(0, N, (batch.shape[0], n_neg))
        cand = torch.cat([batch[:, 1:], negs], 1)
        e_u = emb(batch[:, :1]).expand(-1, n_neg + 1, -1)
        e_v = emb(cand)
        logits = -poincare_dist(e_u, e_v)
        loss = F.cross_entropy(logits, torch.zeros(batch.shape[0], dtype=torch.long))
        emb.zero_grad()
        loss.backward()
        touched = rsgd_step(emb, lr)
        total += loss.item() * batch.shape[0]
    if epoch % 3 == 1 or epoch == 13:
        print(f"epoch {epoch:2d} lr {lr} loss {total / len(closure):.6f} rows touched(last) {touched} "
              f"grad layout {emb.weight.grad.layout}")

with torch.no_grad():
    W = emb.weight
    D = poincare_dist(W[:, None, :].expand(N, N, 2), W[None].expand(N, N, 2))
    ranks = []
    for i in range(N):
        pos = adj[i].nonzero().flatten()
        if pos.numel() == 0:
            continue
        d_i = D[i].clone()
        d_i[i] = float("inf")
        for j in pos:
            others = d_i.clone()
            others[pos] = float("inf")
            ranks.append(1 + (others < d_i[j]).sum().item())
    ranks = torch.tensor(ranks, dtype=torch.float64)
    print("mean rank", round(ranks.mean().item(), 6), "hits@1", round((ranks == 1).double().mean().item(), 6))
    norms = W.norm(dim=-1)
    for k in range(4):
        print(f"  depth {k} mean norm {norms[depth == k].mean().item():.6f}")


# gyrovector operations (curvature -1)
def mobius_add(x, y):
    xy = (x * y).sum(-1, keepdim=True)
    x2 = x.pow(2).sum(-1, keepdim=True)
    y2 = y.pow(2).sum(-1, keepdim=True)
    num = (1 + 2 * xy + y2) * x + (1 - x2) * y
    return num / (1 + 2 * xy + x2 * y2).clamp_min(EPS)


def expmap0(v):
    n = v.norm(dim=-1, keepdim=True).clamp_min(EPS)
    return torch.tanh(n) * v / n


def logmap0(y):
    n = y.norm(dim=-1, keepdim=True).clamp(EPS, 1 - EPS)
    return torch.atanh(n) * y / n


def mobius_matvec(M, x):
    return expmap0(logmap0(x) @ M.T)


class HypLinear(nn.Module):
    def __init__(self, d_in, d_out):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(d_out, d_in) * 0.5)
        self.bias = nn.Parameter(torch.zeros(d_out))

    def forward(self, x):
        return mobius_add(mobius_matvec(self.weight, x), expmap0(self.bias))


class HypMLR(nn.Module):
    def __init__(self, d, k):
        super().__init__()
        self.p = nn.Parameter(torch.zeros(k, d))
        self.a = nn.Parameter(torch.randn(k, d) * 0.1)

    def forward(self, x):
        p = expmap0(self.p)
        lam = 2 / (1 - p.pow(2).sum(-1))
        a = self.a * (1 - p.pow(2).sum(-1, keepdim=True))
        diff = mobius_add(-p[None], x[:, None])
        d2 = diff.pow(2).sum(-1)
        an = a.norm(dim=-1)
        arg = 2 * (diff * a[None]).sum(-1) / ((1 - d2) * an)
        return lam * an * torch.asinh(arg)


v0 = torch.tensor([0.3, -0.2])
J = jacrev(lambda v: logmap0(expmap0(v)))(v0)
print("d log0(exp0(v))/dv = I", torch.allclose(J, torch.eye(2)))
print("mobius_add(x, -x) ~ 0", mobius_add(v0, -v0).abs().max().item() < 1e-12)

x_h = emb.weight.detach()
labels = torch.zeros(N, dtype=torch.long)
for c in range(1, N):
    a = c
    while parent.get(a, 0) != 0:
        a = parent[a]
    labels[c] = a - 1 if c else 0
mask = torch.arange(N) > 0
layer, mlr = HypLinear(2, 3), HypMLR(3, 3)
opt = torch.optim.Adam(list(layer.parameters()) + list(mlr.parameters()), lr=0.05)
for step in range(8):
    logits = mlr(layer(x_h[mask]))
    loss = F.cross_entropy(logits, labels[mask])
    opt.zero_grad()
    loss.backward()
    opt.step()
    acc = (logits.argmax(-1) == labels[mask]).double().mean().item()
    print(f"hyp mlr step {step} loss {loss.item():.8f} acc {acc:.4f} |g a| {mlr.a.grad.norm().item():.8f}")
