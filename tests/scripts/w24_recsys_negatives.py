import torch

# A recommendation repo's implicit-feedback pipeline: interactions as a NumPy array of
# (user, item) pairs, leave-one-out split, a Dataset that draws negatives per positive
# (uniform by torch.randint with rejection of seen items, and popularity-weighted by
# torch.multinomial), matrix factorisation with item biases and a NeuMF-style tower, BPR
# loss through F.logsigmoid, in-batch sampled softmax with logQ correction, L2 regularisation on
# the touched embedding rows only, evaluation with seen items masked to -inf through
# index_put_, HR@K and NDCG@K from topk, and argument spellings the way people write them
# (torch.cat(tensors=..., dim=...), torch.topk(k=..., largest=...), numpy integers as indices,
# x.norm(p=2, dim=-1, keepdim=True), torch.gather(input, dim=1, index=...)).
import numpy as np
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(3)
rng = np.random.default_rng(3)
n_users, n_items = 30, 40
# each user likes items near a personal centre on a ring of items
centres = rng.integers(0, n_items, size=n_users)
pairs = []
for u in range(n_users):
    items = (centres[u] + rng.integers(-4, 5, size=8)) % n_items
    for i in np.unique(items):
        pairs.append((u, int(i)))
pairs = np.array(pairs, dtype=np.int64)
print("interactions", pairs.shape, "density", round(len(pairs) / (n_users * n_items), 4))

# leave the last interaction of each user out for testing
test_items = np.zeros(n_users, dtype=np.int64)
train_mask = np.ones(len(pairs), dtype=bool)
for u in range(n_users):
    rows = np.where(pairs[:, 0] == u)[0]
    test_items[u] = pairs[rows[-1], 1]
    train_mask[rows[-1]] = False
train_pairs = pairs[train_mask]
seen = [set() for _ in range(n_users)]
for u, i in train_pairs:
    seen[u].add(int(i))
popularity = torch.from_numpy(np.bincount(train_pairs[:, 1], minlength=n_items)).float()
print("popularity top", torch.topk(popularity, k=5, largest=True, sorted=True).indices.tolist())


class BPRDataset(Dataset):
    def __init__(self, pairs, seen, n_items, n_neg, generator):
        self.pairs, self.seen, self.n_items, self.n_neg = pairs, seen, n_items, n_neg
        self.generator = generator

    def __len__(self):
        return len(self.pairs)

    def __getitem__(self, idx):
        user, pos = self.pairs[idx]
        negs = []
        while len(negs) < self.n_neg:
            cand = torch.randint(low=0, high=self.n_items, size=(1,),
                                 generator=self.generator).item()
            if cand not in self.seen[user]:
                negs.append(cand)
        return torch.tensor(user), torch.tensor(pos), torch.tensor(negs)


class MF(nn.Module):
    def __init__(self, n_users, n_items, dim):
        super().__init__()
        self.user = nn.Embedding(n_users, dim)
        self.item = nn.Embedding(n_items, dim)
        self.item_bias = nn.Embedding(n_items, 1)
        self.tower = nn.Sequential(nn.Linear(2 * dim, dim), nn.ReLU(),
                                   nn.Linear(dim, 1, bias=False))
        for emb in (self.user, self.item):
            nn.init.normal_(emb.weight, std=0.1)
        # a user bias or an output bias would be shift-invariant under BPR and softmax: a
        # gradient of exactly zero, left to rounding noise, which Adam would scale up to lr
        nn.init.zeros_(self.item_bias.weight)

    def score(self, users, items):
        """users: (B,), items: (B, N) -> (B, N)"""
        u = self.user(users).unsqueeze(1).expand(-1, items.size(1), -1)
        v = self.item(items)
        mf = (u * v).sum(dim=-1)
        mlp = self.tower(torch.cat(tensors=(u, v), dim=-1)).squeeze(-1)
        return mf + mlp + self.item_bias(items).squeeze(-1)

    def full_scores(self, users):
        items = torch.arange(self.item.num_embeddings).expand(len(users), -1)
        return self.score(users, items)


def bpr_loss(pos_scores, neg_scores):
    return -F.logsigmoid(pos_scores.unsqueeze(-1) - neg_scores).mean()


def evaluate(model, k=10):
    model.eval()
    users = torch.arange(n_users)
    with torch.no_grad():
        scores = model.full_scores(users)
    rows = torch.tensor([u for u in range(n_users) for _ in seen[u]])
    cols = torch.tensor([i for u in range(n_users) for i in sorted(seen[u])])
    scores.index_put_((rows, cols), torch.tensor(-np.inf))
    topk = torch.topk(scores, k=k, dim=1).indices
    target = torch.as_tensor(test_items).view(-1, 1)
    hits = (topk == target)
    hr = hits.any(dim=1).float().mean().item()
    positions = torch.arange(2, k + 2, dtype=torch.float32)
    ndcg = (hits.float() / torch.log2(positions)).sum(axis=1).mean().item()
    return hr, ndcg


def train(model, loader, loss_kind, epochs, reg=1e-4):
    optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
    log_q = torch.log(popularity / popularity.sum() + 1e-8)
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for users, pos, negs in loader:
            if loss_kind == "bpr":
                pos_scores = model.score(users, pos.unsqueeze(1)).squeeze(1)
                neg_scores = model.score(users, negs)
                loss = bpr_loss(pos_scores, neg_scores)
            else:
                # in-batch sampled softmax: every positive in the batch is a candidate
                candidates = pos.unsqueeze(0).expand(len(users), -1)
                logits = model.score(users, candidates) - log_q[candidates]
                same = pos.unsqueeze(0) == pos.unsqueeze(1)
                labels = torch.arange(len(users))
                logits = logits.masked_fill(same & ~torch.eye(len(users), dtype=torch.bool),
                                            float("-inf"))
                loss = F.cross_entropy(logits, labels)
            touched = torch.cat([model.user(users), model.item(pos),
                                 model.item(negs).flatten(0, 1)])
            loss = loss + reg * touched.norm(p=2, dim=-1, keepdim=True).pow(2).sum() / len(users)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(users)
        hr, ndcg = evaluate(model)
        print(f"{loss_kind} epoch {epoch} loss {total / len(loader.dataset):.4f} "
              f"HR@10 {hr:.4f} NDCG@10 {ndcg:.4f}")


gen = torch.Generator().manual_seed(5)
dataset = BPRDataset(train_pairs, seen, n_items, n_neg=3, generator=gen)
user0, pos0, negs0 = dataset[np.int64(0)]
print("sample", user0, pos0, negs0, negs0.dtype)
loader = DataLoader(dataset, batch_size=32, shuffle=True,
                    generator=torch.Generator().manual_seed(6))

model = MF(n_users, n_items, dim=8)
print("untrained", [round(x, 4) for x in evaluate(model)])
train(model, loader, "bpr", epochs=3)

torch.manual_seed(4)
model2 = MF(n_users, n_items, dim=8)
train(model2, loader, "sampled_softmax", epochs=3)

# popularity-weighted negatives, as word2vec's unigram^0.75 table
weights = popularity.pow(0.75)
negs = torch.multinomial(weights, num_samples=12, replacement=True,
                         generator=torch.Generator().manual_seed(9))
print("popular negatives", negs.tolist())
scores = model.full_scores(torch.tensor([0, 1]))
picked = torch.gather(scores, dim=1, index=negs.view(2, 6))
print("gathered", picked.shape, picked.grad_fn.name())
users_emb = F.normalize(model.user.weight.detach(), dim=1)
similar = users_emb[np.int64(0)] @ users_emb.T
print("nearest users of 0", similar.argsort(descending=True)[:4].tolist())
print("item bias range", round(model.item_bias.weight.min().item(), 4),
      round(model.item_bias.weight.max().item(), 4))
