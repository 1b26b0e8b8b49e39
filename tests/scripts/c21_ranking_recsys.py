import torch

# Recommenders and learning to rank: implicit-feedback matrix factorisation with sparse
# Embeddings trained by BPR (logsigmoid of score differences) under SparseAdam, negative
# sampling from a Generator, the ranking losses people reach for (MarginRankingLoss,
# CosineEmbeddingLoss, TripletMarginWithDistanceLoss with a custom distance and swap, the
# functional forms with reduction='none') with their reprs and gradients, a LambdaRank-style
# pairwise loss weighted by |delta NDCG|, and NDCG@k / recall@k from topk.
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_printoptions(precision=4, sci_mode=False)
n_users, n_items, dim = 12, 20, 4
g = torch.Generator().manual_seed(42)
taste = torch.randn(n_users, 2, generator=g)
style = torch.randn(n_items, 2, generator=g)
affinity = taste @ style.T
interactions = (affinity > 0.5).nonzero()
print("interactions", interactions.shape, "per user", torch.bincount(interactions[:, 0],
                                                                       minlength=n_users))


class MF(nn.Module):
    def __init__(self):
        super().__init__()
        self.user = nn.Embedding(n_users, dim, sparse=True)
        self.item = nn.Embedding(n_items, dim, sparse=True)
        self.item_bias = nn.Embedding(n_items, 1, sparse=True)
        nn.init.normal_(self.user.weight, std=0.1)
        nn.init.normal_(self.item.weight, std=0.1)
        nn.init.zeros_(self.item_bias.weight)

    def forward(self, u, i):
        return (self.user(u) * self.item(i)).sum(-1) + self.item_bias(i).squeeze(-1)


model = MF()
print(model)
opt = torch.optim.SparseAdam(model.parameters(), lr=0.05)
print("param groups", [sorted(k for k in grp if k != "params") for grp in opt.param_groups])
seen = torch.zeros(n_users, n_items, dtype=torch.bool)
seen[interactions[:, 0], interactions[:, 1]] = True
for epoch in range(30):
    perm = torch.randperm(len(interactions), generator=g)
    total = 0.0
    for batch in perm.split(16):
        u, pos = interactions[batch].unbind(1)
        neg = torch.randint(0, n_items, (len(batch),), generator=g)
        opt.zero_grad()
        loss = -F.logsigmoid(model(u, pos) - model(u, neg)).mean()
        loss.backward()
        opt.step()
        total += loss.item() * len(batch)
    if epoch % 10 == 9:
        print(f"epoch {epoch + 1} bpr {total / len(interactions):.5f}")
print("grad is sparse", model.user.weight.grad.is_sparse, model.user.weight.grad.layout)
print("state keys", sorted(opt.state[model.user.weight].keys()),
      opt.state[model.user.weight]["step"])

with torch.no_grad():
    scores = model.user.weight @ model.item.weight.T + model.item_bias.weight.T
    scores = scores.masked_fill(seen, float("-inf"))
    top = scores.topk(5, dim=1)
print("top-5 for user 0", top.indices[0].tolist(), top.values[0])
relevant = (affinity > 0.5) & ~seen
print("relevant unseen", relevant.sum().item())

# ranking losses
torch.manual_seed(1)
s1 = torch.randn(6, requires_grad=True)
s2 = torch.randn(6, requires_grad=True)
target = torch.tensor([1.0, -1.0, 1.0, 1.0, -1.0, -1.0])
mrl = nn.MarginRankingLoss(margin=0.3)
print(mrl, mrl(s1, s2, target))
per = F.margin_ranking_loss(s1, s2, target, margin=0.3, reduction="none")
per.sum().backward()
print("per pair", per, "grads", s1.grad, s2.grad)
a = torch.randn(5, 8, requires_grad=True)
b = torch.randn(5, 8)
y = torch.tensor([1, -1, 1, -1, -1])
cel = nn.CosineEmbeddingLoss(margin=0.2, reduction="sum")
out = cel(a, b, y)
out.backward()
print(cel, out, "grad norm", a.grad.norm())
print("cosine none", F.cosine_embedding_loss(a, b, y.float(), reduction="none"))
anchor, positive, negative = torch.randn(3, 4, 6).unbind(0)
anchor.requires_grad_()


def cosine_distance(x, z):
    return 1.0 - F.cosine_similarity(x, z)


tml = nn.TripletMarginWithDistanceLoss(distance_function=cosine_distance, margin=0.5, swap=True)
print(tml)
loss = tml(anchor, positive, negative)
loss.backward()
print("triplet (cosine, swap)", loss, anchor.grad.abs().sum())
print("triplet default distance", F.triplet_margin_with_distance_loss(anchor, positive, negative),
      "triplet_margin_loss", F.triplet_margin_loss(anchor, positive, negative, p=2, eps=0.0))
print("pairwise L1", F.triplet_margin_with_distance_loss(
    anchor, positive, negative, distance_function=nn.PairwiseDistance(p=1), reduction="none"))
print(nn.PairwiseDistance(p=1), nn.TripletMarginLoss(margin=2.0, p=3, swap=True))


def dcg(rel, k):
    gains = (2.0 ** rel[..., :k] - 1) / torch.log2(torch.arange(2, k + 2, dtype=rel.dtype))
    return gains.sum(-1)


def ndcg_at_k(scores_, rel, k):
    order = scores_.argsort(dim=-1, descending=True, stable=True)
    ideal = rel.sort(dim=-1, descending=True).values
    return dcg(rel.gather(-1, order), k) / dcg(ideal, k).clamp_min(1e-12)


# LambdaRank-style pairwise training of a linear scorer on graded relevance
g = torch.Generator().manual_seed(3)
q, m, f = 8, 10, 5
feats = torch.randn(q, m, f, generator=g, dtype=torch.float64)
w_true = torch.tensor([1.0, -0.5, 0.0, 2.0, 0.3], dtype=torch.float64)
rel = torch.bucketize(feats @ w_true, torch.tensor([-1.0, 0.5, 2.0], dtype=torch.float64))
rel = rel.to(torch.float64)
scorer = nn.Linear(f, 1, bias=False).double()
nn.init.zeros_(scorer.weight)
opt = torch.optim.Adam(scorer.parameters(), lr=0.05)
ideal = dcg(rel.sort(-1, descending=True).values, m)
for it in range(60):
    s = scorer(feats).squeeze(-1)
    with torch.no_grad():
        rank = s.argsort(-1, descending=True).argsort(-1).to(torch.float64)
        disc = 1.0 / torch.log2(rank + 2)
        gain = 2.0 ** rel - 1
        delta = ((gain[:, :, None] - gain[:, None, :]) *
                 (disc[:, :, None] - disc[:, None, :])).abs() / ideal[:, None, None]
    diff = s[:, :, None] - s[:, None, :]
    better = (rel[:, :, None] > rel[:, None, :]).to(torch.float64)
    loss = (better * delta * F.softplus(-diff)).sum() / better.sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if it % 20 == 0 or it == 59:
        nd = ndcg_at_k(s.detach(), rel, 5)
        print(f"it {it:2d} lambda loss {loss.item():.6f} ndcg@5 {nd.mean().item():.5f}")
print("weights", scorer.weight.detach())
s = scorer(feats).squeeze(-1).detach()
hits = torch.zeros(q, m, dtype=torch.bool).scatter_(1, s.topk(3).indices, True)
recall = (hits & (rel >= 2)).sum(1) / (rel >= 2).sum(1).clamp_min(1)
print("recall@3", recall)
print("per-query ndcg@3", ndcg_at_k(s, rel, 3))
