import torch

# Text features and retrieval without any NLP library: a vocabulary from whitespace tokens,
# bag-of-words counts scattered into a sparse COO matrix, TF-IDF with sparse sums, cosine
# similarity search with topk, EmbeddingBag with offsets / per_sample_weights in every mode,
# hashed bigram features with remainder, stable sorting of ties, and ranking metrics
# (hit rate, MRR, NDCG@k) written with argsort and log2.
from collections import Counter
import torch.nn as nn
import torch.nn.functional as F

docs = ["the cat sat on the mat", "the dog sat on the log", "cats and dogs are friends",
        "a cat and a dog", "the mat is on the floor", "dogs chase cats"]
tokens = [d.split() for d in docs]
counts = Counter(t for doc in tokens for t in doc)
vocab = sorted(counts, key=lambda w: (-counts[w], w))
index = {w: i for i, w in enumerate(vocab)}
print(len(vocab), vocab[:6])

rows = torch.tensor([i for i, doc in enumerate(tokens) for _ in doc])
cols = torch.tensor([index[t] for doc in tokens for t in doc])
bow = torch.sparse_coo_tensor(torch.stack([rows, cols]), torch.ones(len(rows)),
                              (len(docs), len(vocab)))
print(bow.is_coalesced(), bow._nnz(), bow.coalesce()._nnz())
bow = bow.coalesce()
dense = bow.to_dense()
print(dense[0, :8], dense.sum(1))
print("sparse sum", torch.sparse.sum(bow, dim=1).to_dense(), torch.sparse.sum(bow))
df = (dense > 0).sum(0)
idf = torch.log((1 + len(docs)) / (1 + df.float())) + 1
tfidf = dense * idf
tfidf = F.normalize(tfidf, dim=1)
print("idf", idf[:5])
print("norms", tfidf.norm(dim=1))
sim = tfidf @ tfidf.T
sim.fill_diagonal_(-1)
vals, nbrs = sim.topk(2, dim=1)
print("neighbours", nbrs.tolist())
print("similarity", vals)
cs = F.cosine_similarity(tfidf[0:1], tfidf, dim=1)
print("cosine", cs)
q = torch.zeros(len(vocab))
q[[index["cat"], index["mat"]]] = 1.0
scores = tfidf @ F.normalize(q, dim=0)
print("query ranking", scores.argsort(descending=True, stable=True).tolist())

flat = torch.tensor([index[t] for doc in tokens for t in doc])
offsets = torch.tensor([0] + [len(d) for d in tokens[:-1]]).cumsum(0)
print("offsets", offsets)
torch.manual_seed(0)
for mode in ("sum", "mean", "max"):
    bag = nn.EmbeddingBag(len(vocab), 3, mode=mode)
    out = bag(flat, offsets)
    print(mode, out.shape, out[0])
bag = nn.EmbeddingBag(len(vocab), 3, mode="sum")
w = idf[flat]
print("weighted", bag(flat, offsets, per_sample_weights=w)[1])
print("include_last_offset", nn.EmbeddingBag(len(vocab), 2, mode="sum",
                                             include_last_offset=True)(
    flat, torch.cat([offsets, torch.tensor([len(flat)])])).shape)
print("2-D input", bag(torch.tensor([[0, 1], [2, 3]])).shape)
print(F.embedding_bag(torch.tensor([1, 2, 4, 5]), torch.eye(6), torch.tensor([0, 2]),
                      mode="mean"))
print(F.embedding_bag(torch.tensor([1, 2, 4, 5]), torch.eye(6), torch.tensor([0, 2]),
                      mode="sum", padding_idx=2))

buckets = 16
bigrams = []
for doc in tokens:
    ids = torch.tensor([index[t] for t in doc])
    h = (ids[:-1] * 1000003 + ids[1:] * 97).remainder(buckets)
    bigrams.append(torch.bincount(h, minlength=buckets))
bigrams = torch.stack(bigrams)
print("hashed bigrams", bigrams.sum(1).tolist(), bigrams.argmax(1).tolist())
print("bit tricks", (flat & 3).bincount().tolist(), (flat >> 1).max().item(),
      torch.bitwise_xor(flat[:4], 5))

ties = torch.tensor([3, 1, 3, 2, 1, 3])
print(ties.sort(stable=True), ties.argsort(stable=True, descending=True))
print(torch.sort(ties.float(), descending=True, stable=True).indices)
print(ties.topk(3), ties.kthvalue(2), ties.mode())

# ranking metrics: 4 queries, 6 candidates, one relevant each (+ graded relevance)
torch.manual_seed(1)
S = torch.randn(4, 6)
relevant = torch.tensor([2, 0, 5, 3])
rank_order = S.argsort(dim=1, descending=True)
ranks = (rank_order == relevant.unsqueeze(1)).nonzero()[:, 1] + 1
print("ranks", ranks.tolist(), "MRR", round((1.0 / ranks.float()).mean().item(), 6))
for k in (1, 3, 5):
    print(f"hit@{k} {(ranks <= k).float().mean():.3f}")
gains = torch.tensor([[3.0, 2, 0, 1, 0, 0], [0, 1, 2, 3, 0, 1], [1, 1, 1, 0, 0, 0],
                      [0, 0, 0, 0, 2, 3]])
k = 4
top = rank_order[:, :k]
disc = torch.log2(torch.arange(2, k + 2).float())
dcg = (gains.gather(1, top) / disc).sum(1)
ideal = (gains.sort(dim=1, descending=True).values[:, :k] / disc).sum(1)
print("ndcg@4", (dcg / ideal).tolist() == (dcg / ideal).tolist(), f"{(dcg / ideal).mean():.5f}")
print("ndcg rows", [round(v, 4) for v in (dcg / ideal).tolist()])
