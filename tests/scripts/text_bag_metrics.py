import torch  # noqa: I001 (the harness requires torch first)

# A bag-of-words text classifier and its evaluation as a practitioner writes them: a vocabulary
# from collections.Counter, token ids by torch.unique(return_inverse/return_counts), an
# EmbeddingBag over flat tokens with offsets (mean) and per_sample_weights (sum), tf-idf
# features in a sparse COO matrix multiplied by torch.sparse.mm, Adagrad, then the metrics: a
# confusion matrix by bincount, precision/recall/F1, ROC AUC by sort and cumsum, length buckets
# by searchsorted and a histogram by histc.
from collections import Counter

import torch.nn.functional as F
from torch import nn

torch.manual_seed(2)
positive = "good great excellent fun love wonderful best nice".split()
negative = "bad awful boring hate worst poor dull terrible".split()
neutral = "the a movie film plot actor scene story was is it".split()


def sample_doc(label):
    words = positive if label else negative
    length = int(torch.randint(4, 12, ()).item())
    picks = []
    for _ in range(length):
        pool = words if torch.rand(()) < 0.4 else (neutral if torch.rand(()) < 0.8 else
                                                   negative if label else positive)
        picks.append(pool[int(torch.randint(len(pool), ()).item())])
    return picks


labels = torch.randint(0, 2, (80,))
docs = [sample_doc(int(y)) for y in labels]
counter = Counter(w for d in docs for w in d)
vocab = {w: i for i, (w, _) in enumerate(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))}
print("vocab", len(vocab), "most common", counter.most_common(3))
flat = torch.tensor([vocab[w] for d in docs for w in d])
lengths = torch.tensor([len(d) for d in docs])
offsets = torch.cat([torch.zeros(1, dtype=torch.long), lengths.cumsum(0)[:-1]])
uniq, inverse, counts = torch.unique(flat, return_inverse=True, return_counts=True)
print("unique ids", len(uniq), "inverse ok", torch.equal(uniq[inverse], flat),
      "top count", counts.max().item())

doc_index = torch.repeat_interleave(torch.arange(len(docs)), lengths)
tf = torch.zeros(len(docs), len(vocab)).index_put_((doc_index, flat), torch.ones(len(flat)),
                                                    accumulate=True)
df = (tf > 0).sum(0)
idf = torch.log((1 + len(docs)) / (1 + df)) + 1
tfidf = tf * idf
tfidf = tfidf / tfidf.norm(dim=1, keepdim=True)
sparse = tfidf.to_sparse()
print("sparse nnz", sparse._nnz(), "layout", sparse.layout, sparse.is_coalesced())

train, test = torch.arange(60), torch.arange(60, 80)
weight = torch.zeros(len(vocab), 1, requires_grad=True)
bias = torch.zeros(1, requires_grad=True)
opt = torch.optim.Adagrad([weight, bias], lr=0.5)
for step in range(20):
    logits = (torch.sparse.mm(sparse, weight) + bias).squeeze(-1)
    loss = F.binary_cross_entropy_with_logits(logits[train], labels[train].float())
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 5 == 0:
        print(f"tfidf step {step:2d} loss {loss.item():.5f}")
top = weight.detach().squeeze().topk(3).indices.tolist()
inv_vocab = {i: w for w, i in vocab.items()}
print("most positive words", [inv_vocab[i] for i in top])

bag = nn.EmbeddingBag(len(vocab), 8, mode="mean")
head = nn.Linear(8, 2)
opt = torch.optim.Adam([*bag.parameters(), *head.parameters()], lr=0.05)
for step in range(15):
    logits = head(bag(flat, offsets))
    loss = F.cross_entropy(logits[train], labels[train])
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 5 == 0:
        print(f"bag step {step:2d} loss {loss.item():.5f}")
summed = nn.EmbeddingBag.from_pretrained(bag.weight.detach(), mode="sum")
per_token = idf[flat]
weighted = summed(flat, offsets, per_sample_weights=per_token)
print("weighted bag", tuple(weighted.shape), round(weighted.abs().sum().item(), 4))

with torch.no_grad():
    probs = head(bag(flat, offsets)).softmax(-1)[:, 1]
pred = (probs > 0.5).long()
y_test, p_test, s_test = labels[test], pred[test], probs[test]
confusion = torch.bincount(y_test * 2 + p_test, minlength=4).reshape(2, 2)
tp, fp, fn = confusion[1, 1].item(), confusion[0, 1].item(), confusion[1, 0].item()
precision = tp / max(tp + fp, 1)
recall = tp / max(tp + fn, 1)
f1 = 2 * precision * recall / max(precision + recall, 1e-12)
print("confusion", confusion.tolist(), f"precision {precision:.4f} recall {recall:.4f} f1 {f1:.4f}")
order = s_test.argsort(descending=True)
hits = y_test[order].float()
tpr = hits.cumsum(0) / hits.sum()
fpr = (1 - hits).cumsum(0) / (1 - hits).sum()
auc = torch.trapezoid(torch.cat([torch.zeros(1), tpr]), torch.cat([torch.zeros(1), fpr]))
print(f"roc auc {auc.item():.4f}")
boundaries = torch.tensor([5, 8, 10])
buckets = torch.searchsorted(boundaries, lengths, right=True)
print("length buckets", torch.bincount(buckets).tolist(),
      "histc", torch.histc(lengths.float(), bins=4, min=4, max=12).tolist())
for b in range(4):
    mask = buckets[test] == b
    if mask.any():
        acc = (p_test[mask] == y_test[mask]).float().mean().item()
        print(f"bucket {b}: n={int(mask.sum())} acc {acc:.4f}")
