import torch  # noqa: I001 (the harness requires torch first)

# A DLRM-style recommender: categorical features through nn.EmbeddingBag tables (sum with
# per-sample weights, mean with padding_idx, max with include_last_offset), a bottom MLP for
# dense features, pairwise dot interactions with triu_indices, sparse=True tables trained with
# SparseAdam beside a dense Adam, a hashed feature column, BCE with pos_weight, and ranking
# metrics (AUC through sorted ranks, NDCG@k, recall@k) computed with torch ops.
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)


def jagged(lengths, high):
    lengths = torch.as_tensor(lengths)
    values = torch.randint(0, high, (int(lengths.sum()),))
    offsets = torch.zeros(len(lengths), dtype=torch.long)
    offsets[1:] = torch.cumsum(lengths, 0)[:-1]
    return values, offsets


class DLRM(nn.Module):
    def __init__(self, dense_in=4, dim=8, table_sizes=(20, 15, 12)):
        super().__init__()
        self.bottom = nn.Sequential(nn.Linear(dense_in, 16), nn.ReLU(), nn.Linear(16, dim),
                                    nn.ReLU())
        self.tables = nn.ModuleList([
            nn.EmbeddingBag(table_sizes[0], dim, mode="sum", sparse=True),
            nn.EmbeddingBag(table_sizes[1], dim, mode="mean", sparse=True, padding_idx=0),
            nn.EmbeddingBag(table_sizes[2], dim, mode="max", include_last_offset=True),
        ])
        n = 1 + len(table_sizes)
        self.register_buffer("li", torch.triu_indices(n, n, offset=1)[0], persistent=False)
        self.register_buffer("lj", torch.triu_indices(n, n, offset=1)[1], persistent=False)
        self.top = nn.Sequential(nn.Linear(dim + n * (n - 1) // 2, 16), nn.ReLU(),
                                 nn.Linear(16, 1))
        for table in self.tables:
            nn.init.uniform_(table.weight, -0.1, 0.1)
            if table.padding_idx is not None:
                with torch.no_grad():
                    table.weight[table.padding_idx].fill_(0)

    def forward(self, dense, sparse_features):
        x = self.bottom(dense)
        embs = []
        for table, (values, offsets, weights) in zip(self.tables, sparse_features):
            embs.append(table(values, offsets, per_sample_weights=weights))
        T = torch.stack([x] + embs, dim=1)
        Z = torch.bmm(T, T.transpose(1, 2))
        Zflat = Z[:, self.li, self.lj]
        return self.top(torch.cat([x, Zflat], dim=1)).squeeze(-1)


def batch(n=6):
    dense = torch.randn(n, 4)
    v0, o0 = jagged(torch.randint(1, 4, (n,)), 20)
    w0 = torch.rand(v0.shape[0])
    v1, o1 = jagged(torch.randint(0, 3, (n,)), 15)
    v2, o2 = jagged(torch.randint(1, 3, (n,)), 12)
    o2 = torch.cat([o2, torch.tensor([v2.numel()])])
    label = (dense[:, 0] + 0.3 * torch.randn(n) > 0.5).float()
    return dense, [(v0, o0, w0), (v1, o1, None), (v2, o2, None)], label


model = DLRM()
print(model.tables)
dense, feats, label = batch()
out = model(dense, feats)
print("logits", out)
criterion = nn.BCEWithLogitsLoss(pos_weight=torch.tensor(2.0))
loss = criterion(out, label)
loss.backward()
for i, table in enumerate(model.tables):
    g = table.weight.grad
    if g.is_sparse:
        gc = g.coalesce()
        print(f"table {i}: {g.layout} nnz {g._nnz()} coalesced rows {gc.indices()[0].tolist()}",
              f"row sum {gc.values().sum().item():.8f}")
    else:
        print(f"table {i}: {g.layout} rows hit {g.abs().sum(1).nonzero().flatten().tolist()}")

sparse_params = [t.weight for t in model.tables if t.sparse]
dense_params = [p for p in model.parameters() if all(p is not q for q in sparse_params)]
opt_sparse = torch.optim.SparseAdam(sparse_params, lr=0.05)
opt_dense = torch.optim.Adam(dense_params, lr=0.01)
print(opt_sparse)
opt_sparse.step()
opt_dense.step()
print("padding row stays zero:", bool((model.tables[1].weight[0] == 0).all()))
print("state keys", sorted(opt_sparse.state[sparse_params[0]].keys()),
      opt_sparse.state[sparse_params[0]]["step"])

for step in range(8):
    dense, feats, label = batch()
    opt_sparse.zero_grad()
    opt_dense.zero_grad()
    loss = criterion(model(dense, feats), label)
    loss.backward()
    opt_sparse.step()
    opt_dense.step()
    if step % 2 == 1:
        print(f"step {step} loss {loss.item():.6f}")

# the functional form, with a 2-D input (fixed-length bags) and max_norm renormalising rows
weight = torch.randn(10, 3)
bags = torch.tensor([[1, 2, 2], [4, 5, 9]])
print("F.embedding_bag 2-D", F.embedding_bag(bags, weight, mode="mean"))
renorm = weight.clone()
F.embedding_bag(bags, renorm, mode="sum", max_norm=1.0)
print("renormed rows", renorm.norm(dim=1).round(decimals=4))

# a hashed feature: Python's hash is salted, so hash strings through a fixed polynomial
words = ["user:alice", "item:42", "ctx:mobile", "item:7"]
codes = torch.tensor([sum(ord(c) * 31 ** i for i, c in enumerate(w)) % 97 for w in words])
hashed = nn.EmbeddingBag(97, 4, mode="sum")
print("hashed", codes.tolist(), hashed(codes, torch.tensor([0, 2])).shape)


# ranking metrics
def auc(scores, labels):
    order = scores.argsort()
    ranks = torch.empty_like(order, dtype=torch.float)
    ranks[order] = torch.arange(1, len(scores) + 1, dtype=torch.float)
    n_pos = labels.sum()
    n_neg = len(labels) - n_pos
    return (ranks[labels == 1].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def ndcg_at_k(scores, relevance, k):
    _, idx = scores.topk(k, dim=-1)
    gains = relevance.gather(-1, idx)
    discounts = 1.0 / torch.log2(torch.arange(2, k + 2, dtype=torch.float))
    dcg = (gains * discounts).sum(-1)
    ideal = relevance.sort(dim=-1, descending=True).values[..., :k]
    return dcg / (ideal * discounts).sum(-1).clamp(min=1e-12)


def recall_at_k(scores, relevance, k):
    _, idx = scores.topk(k, dim=-1)
    hits = relevance.gather(-1, idx).gt(0).sum(-1).float()
    return hits / relevance.gt(0).sum(-1).clamp(min=1).float()


with torch.no_grad():
    dense, feats, label = batch(12)
    s = torch.sigmoid(model(dense, feats))
    print(f"AUC {auc(s, label).item():.6f}")
    user_scores = torch.randn(3, 8)
    relevance = (torch.rand(3, 8) > 0.6).float() * torch.randint(1, 4, (3, 8)).float()
    print("NDCG@4", ndcg_at_k(user_scores, relevance, 4))
    print("recall@4", recall_at_k(user_scores, relevance, 4))
