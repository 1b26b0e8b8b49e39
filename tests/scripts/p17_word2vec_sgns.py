import torch

# Skip-gram with negative sampling (word2vec) as its PyTorch ports write it: a toy corpus,
# subsampling of frequent words, a unigram^0.75 noise distribution sampled with
# torch.multinomial, sparse embeddings trained with SparseAdam (and SGD on a dense copy),
# the SGNS loss with logsigmoid and bmm, gradient sparsity checks, cosine-similarity
# neighbours with topk, and an analogy query.
import collections

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
corpus = ("the king rules the land the queen rules the land the man works the land "
          "the woman works the land a king is a man a queen is a woman the prince is young "
          "the princess is young the king and the queen have a prince and a princess").split()
counts = collections.Counter(corpus)
vocab = sorted(counts, key=lambda w: (-counts[w], w))
index = {w: i for i, w in enumerate(vocab)}
ids = torch.tensor([index[w] for w in corpus])
freq = torch.tensor([counts[w] for w in vocab], dtype=torch.float64)
print(len(vocab), "words, most common", vocab[:4])

keep_prob = ((freq / freq.sum() / 1e-2).sqrt() + 1) * 1e-2 / (freq / freq.sum())
keep = torch.rand(len(ids), dtype=torch.float64) < keep_prob.clamp(max=1.0)[ids]
print("kept after subsampling", int(keep.sum()), "of", len(ids))
noise = freq.pow(0.75)
noise = noise / noise.sum()
print("noise", noise[:5])

window = 2
pairs = [(ids[i].item(), ids[j].item()) for i in range(len(ids))
         for j in range(max(0, i - window), min(len(ids), i + window + 1)) if i != j]
centers = torch.tensor([p[0] for p in pairs])
contexts = torch.tensor([p[1] for p in pairs])
print("pairs", len(pairs))


class SGNS(nn.Module):
    def __init__(self, n, dim=16, sparse=True):
        super().__init__()
        self.center = nn.Embedding(n, dim, sparse=sparse)
        self.context = nn.Embedding(n, dim, sparse=sparse)
        nn.init.uniform_(self.center.weight, -0.5 / dim, 0.5 / dim)
        nn.init.zeros_(self.context.weight)

    def forward(self, c, pos, neg):
        v = self.center(c)
        u_pos = self.context(pos)
        u_neg = self.context(neg)
        pos_score = F.logsigmoid((v * u_pos).sum(-1))
        neg_score = F.logsigmoid(-torch.bmm(u_neg, v.unsqueeze(2)).squeeze(2)).sum(-1)
        return -(pos_score + neg_score).mean()


model = SGNS(len(vocab))
optimizer = torch.optim.SparseAdam(model.parameters(), lr=0.05)
gen = torch.Generator().manual_seed(11)
for epoch in range(6):
    order = torch.randperm(len(pairs), generator=gen)
    total = 0.0
    for start in range(0, len(pairs), 64):
        batch = order[start:start + 64]
        negatives = torch.multinomial(noise, len(batch) * 5, replacement=True,
                                      generator=gen).view(len(batch), 5)
        optimizer.zero_grad()
        loss = model(centers[batch], contexts[batch], negatives)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(batch)
    print(f"epoch {epoch} loss {total / len(pairs):.5f}")
grad = model.center.weight.grad
print("sparse grad", grad.is_sparse, grad._nnz() <= 64, grad.coalesce().indices().shape[0])

vectors = F.normalize(model.center.weight.detach(), dim=1)
similarity = vectors @ vectors.T
for word in ("king", "land"):
    scores, nearest = similarity[index[word]].topk(4)
    print(word, [vocab[i] for i in nearest.tolist()[1:]], scores[1:])
query = vectors[index["king"]] - vectors[index["man"]] + vectors[index["woman"]]
scores = F.cosine_similarity(query.unsqueeze(0), vectors)
print("king - man + woman ->", [vocab[i] for i in scores.topk(3).indices.tolist()])

dense = SGNS(len(vocab), sparse=False)
dense.load_state_dict(model.state_dict())
sgd = torch.optim.SGD(dense.parameters(), lr=0.1)
loss = dense(centers[:8], contexts[:8], negatives[:8])
loss.backward()
sgd.step()
print("dense step", f"{loss.item():.6f}", dense.center.weight.grad.is_sparse)
