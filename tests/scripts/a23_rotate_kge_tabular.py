import torch
# Knowledge-graph embeddings and tabular transformers as their reference repositories write
# them: RotatE (entity embeddings split into real and imaginary halves with torch.chunk,
# relations as phases turned into rotations with torch.polar, distances through complex
# subtraction and .abs(), head- and tail-batch negatives with self-adversarial weights from a
# detached softmax, logsigmoid losses, filtered MRR/Hits@k by argsort ranks); then a tabular
# model with one nn.Embedding per categorical column (offsets into a shared table as well),
# one-hot missing-value indicators through F.one_hot, FT-Transformer numerical tokens and
# periodic (PLR) embeddings, a CLS token, and a few training steps with BCE-with-logits.
import math

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class RotatE(nn.Module):
    def __init__(self, nentity, nrelation, hidden_dim, gamma):
        super().__init__()
        self.epsilon = 2.0
        self.gamma = nn.Parameter(torch.Tensor([gamma]), requires_grad=False)
        self.embedding_range = nn.Parameter(
            torch.Tensor([(self.gamma.item() + self.epsilon) / hidden_dim]), requires_grad=False)
        self.entity_embedding = nn.Parameter(torch.zeros(nentity, hidden_dim * 2))
        nn.init.uniform_(self.entity_embedding, -self.embedding_range.item(),
                         self.embedding_range.item())
        self.relation_embedding = nn.Parameter(torch.zeros(nrelation, hidden_dim))
        nn.init.uniform_(self.relation_embedding, -self.embedding_range.item(),
                         self.embedding_range.item())

    def score(self, head, relation, tail, mode):
        re_head, im_head = torch.chunk(head, 2, dim=2)
        re_tail, im_tail = torch.chunk(tail, 2, dim=2)
        phase = relation / (self.embedding_range.item() / math.pi)
        rot = torch.polar(torch.ones_like(phase), phase)
        h = torch.complex(re_head, im_head)
        t = torch.complex(re_tail, im_tail)
        if mode == "head-batch":
            diff = rot * t - h
        else:
            diff = h * rot - t
        return self.gamma.item() - diff.abs().sum(dim=2)

    def forward(self, sample, mode="single"):
        if mode == "single":
            head = self.entity_embedding[sample[:, 0]].unsqueeze(1)
            relation = self.relation_embedding[sample[:, 1]].unsqueeze(1)
            tail = self.entity_embedding[sample[:, 2]].unsqueeze(1)
        elif mode == "head-batch":
            pos, neg = sample
            head = torch.index_select(self.entity_embedding, 0, neg.view(-1)).view(
                neg.size(0), neg.size(1), -1)
            relation = self.relation_embedding[pos[:, 1]].unsqueeze(1)
            tail = self.entity_embedding[pos[:, 2]].unsqueeze(1)
        else:
            pos, neg = sample
            head = self.entity_embedding[pos[:, 0]].unsqueeze(1)
            relation = self.relation_embedding[pos[:, 1]].unsqueeze(1)
            tail = torch.index_select(self.entity_embedding, 0, neg.view(-1)).view(
                neg.size(0), neg.size(1), -1)
        return self.score(head, relation, tail, mode)


n_ent, n_rel = 20, 3
triples = torch.stack([torch.randint(0, n_ent, (40,)), torch.randint(0, n_rel, (40,)),
                       torch.randint(0, n_ent, (40,))], dim=1)
kge = RotatE(n_ent, n_rel, hidden_dim=8, gamma=6.0).double()
print("embedding_range", round(kge.embedding_range.item(), 6), kge.gamma.dtype,
      [n for n, p in kge.named_parameters() if p.requires_grad])
opt = torch.optim.Adam([p for p in kge.parameters() if p.requires_grad], lr=0.05)
adv_temp = 1.0
for step in range(5):
    batch = triples[step * 8:(step + 1) * 8]
    mode = "head-batch" if step % 2 == 0 else "tail-batch"
    neg = torch.randint(0, n_ent, (8, 6))
    neg_score = kge((batch, neg), mode=mode)
    neg_score = (F.softmax(neg_score * adv_temp, dim=1).detach()
                 * F.logsigmoid(-neg_score)).sum(dim=1)
    pos_score = F.logsigmoid(kge(batch)).squeeze(dim=1)
    positive_sample_loss = -pos_score.mean()
    negative_sample_loss = -neg_score.mean()
    loss = (positive_sample_loss + negative_sample_loss) / 2
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"kge {step} {mode} pos {positive_sample_loss.item():.6f} "
          f"neg {negative_sample_loss.item():.6f}")

with torch.no_grad():
    known = {tuple(t) for t in triples.tolist()}
    test = triples[:6]
    all_tails = torch.arange(n_ent).repeat(6, 1)
    scores = kge((test, all_tails), mode="tail-batch")
    filt = torch.zeros_like(scores, dtype=torch.bool)
    for i, (h, r, t) in enumerate(test.tolist()):
        for e in range(n_ent):
            if e != t and (h, r, e) in known:
                filt[i, e] = True
    scores = scores.masked_fill(filt, -1e9)
    argsort = torch.argsort(scores, dim=1, descending=True)
    ranks = (argsort == test[:, 2:3]).nonzero()[:, 1] + 1
    print("ranks", ranks.tolist(), "MRR", round((1.0 / ranks.double()).mean().item(), 6),
          "Hits@3", (ranks <= 3).double().mean().item())


class PeriodicEmbedding(nn.Module):
    def __init__(self, n_features, n_frequencies, sigma, d_out):
        super().__init__()
        self.coefficients = nn.Parameter(torch.normal(0.0, sigma, (n_features, n_frequencies)))
        self.linear = nn.Linear(2 * n_frequencies, d_out)

    def forward(self, x):
        v = 2 * math.pi * self.coefficients[None] * x[..., None]
        return F.relu(self.linear(torch.cat([torch.cos(v), torch.sin(v)], -1)))


class TabModel(nn.Module):
    def __init__(self, cardinalities, n_num, d=16, heads=4):
        super().__init__()
        self.cat_embeddings = nn.ModuleList([nn.Embedding(c + 1, d) for c in cardinalities])
        offsets = torch.tensor([0] + cardinalities[:-1]).cumsum(0)
        self.register_buffer("category_offsets", offsets, persistent=False)
        self.shared = nn.Embedding(sum(cardinalities), d)
        self.num_weight = nn.Parameter(torch.empty(n_num, d))
        self.num_bias = nn.Parameter(torch.empty(n_num, d))
        for w in (self.num_weight, self.num_bias):
            nn.init.uniform_(w, -1 / math.sqrt(d), 1 / math.sqrt(d))
        self.periodic = PeriodicEmbedding(n_num, 4, 0.5, d)
        self.missing = nn.Linear(2 * n_num, d)
        self.cls = nn.Parameter(torch.zeros(1, 1, d))
        layer = nn.TransformerEncoderLayer(d, heads, 2 * d, dropout=0.0, batch_first=True,
                                           norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, 1, enable_nested_tensor=False)
        self.head = nn.Sequential(nn.LayerNorm(d), nn.ReLU(), nn.Linear(d, 1))

    def forward(self, x_cat, x_num):
        isnan = torch.isnan(x_num)
        x_num = torch.nan_to_num(x_num, nan=0.0)
        cat_tokens = torch.stack([emb(x_cat[:, i]) for i, emb in
                                  enumerate(self.cat_embeddings)], dim=1)
        cat_tokens = cat_tokens + self.shared(x_cat + self.category_offsets[None])
        num_tokens = self.num_weight[None] * x_num[..., None] + self.num_bias[None]
        num_tokens = num_tokens + self.periodic(x_num)
        miss = F.one_hot(isnan.long(), num_classes=2).flatten(1).float()
        miss_token = self.missing(miss).unsqueeze(1)
        x = torch.cat([self.cls.expand(len(x_cat), -1, -1), cat_tokens, num_tokens, miss_token],
                      dim=1)
        x = self.encoder(x)
        return self.head(x[:, 0]).squeeze(-1)


torch.manual_seed(1)
cards = [3, 5, 2]
N = 48
x_cat = torch.stack([torch.randint(0, c, (N,)) for c in cards], dim=1)
x_num = torch.randn(N, 4)
x_num[torch.rand(N, 4) < 0.1] = float("nan")
target = ((x_cat[:, 0] == 1) ^ (torch.nan_to_num(x_num[:, 0]) > 0)).float()
print("missing per column", torch.isnan(x_num).sum(0).tolist(),
      "one-hot", tuple(F.one_hot(torch.isnan(x_num).long(), 2).shape))
tab = TabModel(cards, 4)
print("buffers", [n for n, _ in tab.named_buffers()], "state keys", len(tab.state_dict()),
      "params", sum(p.numel() for p in tab.parameters()))
opt = torch.optim.AdamW(tab.parameters(), lr=3e-3, weight_decay=1e-5)
for epoch in range(5):
    perm = torch.randperm(N)
    total = 0.0
    for idx in perm.split(16):
        logit = tab(x_cat[idx], x_num[idx])
        loss = F.binary_cross_entropy_with_logits(logit, target[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item() * len(idx)
    print(f"tab epoch {epoch} loss {total / N:.5f}")
with torch.no_grad():
    tab.eval()
    prob = torch.sigmoid(tab(x_cat, x_num))
    print("accuracy", ((prob > 0.5).float() == target).float().mean().item())
try:
    tab(x_cat + torch.tensor([0, 0, 5]), x_num)
except IndexError as e:
    print("IndexError", e)
