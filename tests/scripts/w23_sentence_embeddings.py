import torch

# sentence-transformers-shaped code: encode() sorting sentences by length (np.argsort of
# negated lengths) and restoring the order, mean pooling with the attention mask expanded and
# clamped, CLS and max pooling, normalize_embeddings, cos_sim / dot_score matrices, the
# MultipleNegativesRankingLoss (scaled cosine scores into cross_entropy against arange), a
# CoSENT loss (pairwise score differences into logsumexp), Matryoshka dims with truncated
# embeddings, semantic_search chunked with topk and merged with heapq, paraphrase mining,
# community detection with a threshold, and int8 / ubinary quantisation with np.packbits.
import heapq

import numpy as np
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor

torch.manual_seed(0)

WORDS = ("the a cat dog sat ran on under mat sofa quickly slowly red blue big small "
         "bird flew over tree").split()
VOCAB = {w: i + 2 for i, w in enumerate(WORDS)}  # 0 = [PAD], 1 = [CLS]


def tokenize(texts, max_len=8):
    ids = [[1] + [VOCAB[w] for w in t.split()][:max_len - 1] for t in texts]
    width = max(len(i) for i in ids)
    input_ids = torch.zeros(len(ids), width, dtype=torch.long)
    attention_mask = torch.zeros(len(ids), width, dtype=torch.long)
    for row, seq in enumerate(ids):
        input_ids[row, :len(seq)] = torch.tensor(seq)
        attention_mask[row, :len(seq)] = 1
    return {"input_ids": input_ids, "attention_mask": attention_mask}


class Transformer(nn.Module):
    def __init__(self, dim=16):
        super().__init__()
        self.embed = nn.Embedding(len(VOCAB) + 2, dim, padding_idx=0)
        self.pos = nn.Parameter(torch.randn(8, dim) * 0.02)
        layer = nn.TransformerEncoderLayer(dim, 2, 32, dropout=0.0, batch_first=True,
                                           norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, 1, enable_nested_tensor=False)

    def forward(self, features):
        ids, mask = features["input_ids"], features["attention_mask"]
        h = self.embed(ids) + self.pos[:ids.shape[1]]
        features["token_embeddings"] = self.encoder(h, src_key_padding_mask=mask == 0)
        return features


class Pooling(nn.Module):
    def __init__(self, mode="mean"):
        super().__init__()
        self.mode = mode

    def forward(self, features):
        token_embeddings = features["token_embeddings"]
        attention_mask = features["attention_mask"]
        if self.mode == "cls":
            features["sentence_embedding"] = token_embeddings[:, 0]
            return features
        input_mask_expanded = attention_mask.unsqueeze(-1).expand(token_embeddings.size())
        input_mask_expanded = input_mask_expanded.to(token_embeddings.dtype)
        if self.mode == "max":
            token_embeddings = token_embeddings.clone()
            token_embeddings[input_mask_expanded == 0] = -1e9
            features["sentence_embedding"] = torch.max(token_embeddings, 1)[0]
            return features
        sum_embeddings = torch.sum(token_embeddings * input_mask_expanded, 1)
        sum_mask = torch.clamp(input_mask_expanded.sum(1), min=1e-9)
        features["sentence_embedding"] = sum_embeddings / sum_mask
        return features


class SentenceTransformer(nn.Sequential):
    def encode(self, sentences, batch_size=3, convert_to_tensor=True,
               normalize_embeddings=False, precision="float32"):
        self.eval()
        length_sorted_idx = np.argsort([-len(s) for s in sentences])
        sorted_sentences = [sentences[i] for i in length_sorted_idx]
        all_embeddings = []
        for start in range(0, len(sentences), batch_size):
            features = tokenize(sorted_sentences[start:start + batch_size])
            with torch.no_grad():
                emb = self.forward(features)["sentence_embedding"].detach()
                if normalize_embeddings:
                    emb = F.normalize(emb, p=2, dim=1)
            all_embeddings.extend(emb)
        all_embeddings = [all_embeddings[idx] for idx in np.argsort(length_sorted_idx)]
        if precision != "float32":
            return quantize_embeddings(torch.stack(all_embeddings), precision)
        return torch.stack(all_embeddings) if convert_to_tensor else all_embeddings


def cos_sim(a: Tensor, b: Tensor) -> Tensor:
    if not isinstance(a, Tensor):
        a = torch.tensor(a)
    if len(a.shape) == 1:
        a = a.unsqueeze(0)
    if len(b.shape) == 1:
        b = b.unsqueeze(0)
    return torch.mm(F.normalize(a, p=2, dim=1), F.normalize(b, p=2, dim=1).transpose(0, 1))


def dot_score(a, b):
    return torch.mm(a.unsqueeze(0) if a.dim() == 1 else a, (b.unsqueeze(0) if b.dim() == 1
                                                            else b).transpose(0, 1))


def quantize_embeddings(embeddings, precision, ranges=None):
    embeddings = embeddings.cpu().numpy()
    if precision == "int8":
        if ranges is None:
            ranges = np.vstack((np.min(embeddings, axis=0), np.max(embeddings, axis=0)))
        starts = ranges[0, :]
        steps = (ranges[1, :] - ranges[0, :]) / 255
        return ((embeddings - starts) / steps - 128).astype(np.int8)
    if precision == "ubinary":
        return np.packbits(embeddings > 0).reshape(embeddings.shape[0], -1)
    raise ValueError(f"Precision {precision} is not supported")


def semantic_search(query_embeddings, corpus_embeddings, query_chunk_size=2,
                    corpus_chunk_size=3, top_k=2, score_function=cos_sim):
    queries_result_list = [[] for _ in range(len(query_embeddings))]
    for q_start in range(0, len(query_embeddings), query_chunk_size):
        for c_start in range(0, len(corpus_embeddings), corpus_chunk_size):
            scores = score_function(query_embeddings[q_start:q_start + query_chunk_size],
                                    corpus_embeddings[c_start:c_start + corpus_chunk_size])
            top_values, top_idx = torch.topk(scores, min(top_k, len(scores[0])), dim=1,
                                             largest=True, sorted=False)
            top_values, top_idx = top_values.cpu().tolist(), top_idx.cpu().tolist()
            for q_itr in range(len(scores)):
                for sub_id, score in zip(top_idx[q_itr], top_values[q_itr]):
                    corpus_id, query_id = c_start + sub_id, q_start + q_itr
                    if len(queries_result_list[query_id]) < top_k:
                        heapq.heappush(queries_result_list[query_id], (score, corpus_id))
                    else:
                        heapq.heappushpop(queries_result_list[query_id], (score, corpus_id))
    for query_id in range(len(queries_result_list)):
        queries_result_list[query_id] = sorted(
            [{"corpus_id": cid, "score": s} for s, cid in queries_result_list[query_id]],
            key=lambda x: x["score"], reverse=True)
    return queries_result_list


def community_detection(embeddings, threshold=0.75, min_community_size=2):
    cos_scores = cos_sim(embeddings, embeddings)
    top_k_values, _ = cos_scores.topk(k=min_community_size, largest=True)
    extracted = []
    for i in range(len(top_k_values)):
        if top_k_values[i][-1] >= threshold:
            top_val_large, top_idx_large = cos_scores[i].topk(k=len(embeddings), largest=True)
            extracted.append(top_idx_large[top_val_large >= threshold].tolist())
    extracted = sorted(extracted, key=lambda x: len(x), reverse=True)
    unique, seen = [], set()
    for community in extracted:
        if not any(idx in seen for idx in community):
            unique.append(sorted(community))
            seen.update(community)
    return unique


class MultipleNegativesRankingLoss(nn.Module):
    def __init__(self, model, scale=20.0, similarity_fct=cos_sim):
        super().__init__()
        self.model, self.scale, self.similarity_fct = model, scale, similarity_fct
        self.cross_entropy_loss = nn.CrossEntropyLoss()

    def forward(self, sentence_features, labels=None, matryoshka_dim=None):
        reps = [self.model(f)["sentence_embedding"] for f in sentence_features]
        if matryoshka_dim is not None:
            reps = [r[..., :matryoshka_dim] for r in reps]
        anchors, candidates = reps[0], torch.cat(reps[1:])
        scores = self.similarity_fct(anchors, candidates) * self.scale
        range_labels = torch.arange(0, scores.size(0), device=scores.device)
        return self.cross_entropy_loss(scores, range_labels)


def cosent_loss(embeddings_a, embeddings_b, labels, scale=20.0):
    scores = F.cosine_similarity(embeddings_a, embeddings_b) * scale
    scores = scores[:, None] - scores[None, :]
    labels = labels[:, None] < labels[None, :]
    labels = labels.float()
    scores = scores - (1 - labels) * 1e12
    scores = torch.cat((torch.zeros(1).to(scores.device), scores.view(-1)), dim=0)
    return torch.logsumexp(scores, dim=0)


model = SentenceTransformer(Transformer(), Pooling("mean"))
pairs = [("the cat sat on the mat", "a cat sat on a mat"),
         ("the dog ran under the tree", "a dog ran quickly under a tree"),
         ("the bird flew over the tree", "a small bird flew over a big tree"),
         ("the red sofa", "a big red sofa"),
         ("a blue bird", "the small blue bird"),
         ("the dog sat slowly", "a big dog sat on the sofa")]
corpus = [b for _, b in pairs]
queries = [a for a, _ in pairs[:4]]

emb = model.encode(corpus)
print("embeddings", emb.shape, emb.dtype, f"{emb.norm(dim=1).mean().item():.4f}")
for mode in ("cls", "max"):
    other = SentenceTransformer(model[0], Pooling(mode))
    print(mode, "pooling", other.encode(corpus[:2])[:, :4])
features = tokenize(corpus[:3])
print("mask", features["attention_mask"])
direct = model(tokenize([corpus[1]]))["sentence_embedding"][0]
print("padding does not change the mean:", torch.allclose(direct, emb[1], atol=1e-6))

loss_fn = MultipleNegativesRankingLoss(model)
optimizer = torch.optim.AdamW(model.parameters(), lr=2e-3)
sim_labels = torch.tensor([0.9, 0.8, 0.85, 0.7, 0.75, 0.3])
for epoch in range(4):
    model.train()
    total = 0.0
    for start in range(0, len(pairs), 3):
        batch = pairs[start:start + 3]
        features = [tokenize([a for a, _ in batch]), tokenize([b for _, b in batch])]
        loss = sum(loss_fn(features, matryoshka_dim=d) for d in (16, 8, 4)) / 3
        a_emb = model(tokenize([a for a, _ in batch]))["sentence_embedding"]
        b_emb = model(tokenize([b for _, b in batch]))["sentence_embedding"]
        loss = loss + 0.1 * cosent_loss(a_emb, b_emb, sim_labels[start:start + 3])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
    print(f"epoch {epoch} loss {total / 2:.4f}")

q_emb = model.encode(queries, normalize_embeddings=True)
c_emb = model.encode(corpus, normalize_embeddings=True)
print("cos_sim diag", torch.diagonal(cos_sim(q_emb, c_emb[:4])))
print("dot == cos for unit vectors:", torch.allclose(dot_score(q_emb, c_emb), cos_sim(q_emb, c_emb),
                                                     atol=1e-6))
for qi, hits in enumerate(semantic_search(q_emb, c_emb, top_k=2)):
    print(f"query {qi}: " + ", ".join(f"{h['corpus_id']} ({h['score']:.4f})" for h in hits))
full = cos_sim(q_emb, c_emb).topk(2, dim=1)
print("matches the unchunked topk:", full.indices.tolist())
scores = cos_sim(c_emb, c_emb)
mined = [(scores[i, j].item(), i, j) for i in range(len(corpus)) for j in range(i + 1, len(corpus))]
for score, i, j in sorted(mined, reverse=True)[:3]:
    print(f"paraphrase {i} {j} {score:.4f}")
print("communities", community_detection(c_emb, threshold=0.6))

# the quantised codes themselves sit on rounding boundaries a float32 ulp can cross on another
# CPU: what is printed is how they relate to the float embeddings
float_emb = model.encode(corpus).numpy()
int8 = model.encode(corpus, precision="int8")
lo, hi = float_emb.min(0), float_emb.max(0)
restored = (int8.astype(np.float32) + 128) * (hi - lo) / 255 + lo
print("int8", int8.dtype, int8.shape, "within one step:",
      bool((np.abs(restored - float_emb) <= (hi - lo) / 255 + 1e-6).all()),
      "column minima at -128:", int((int8 == -128).sum()))
binary = model.encode(corpus, precision="ubinary")
bits = np.unpackbits(binary, axis=-1)[:, :float_emb.shape[1]]
print("ubinary", binary.dtype, binary.shape, "bits are the signs:",
      bool((bits == (float_emb > 0)).all()))
hamming = torch.tensor(np.unpackbits(binary[:, None] ^ binary[None], axis=-1).sum(-1))
print("hamming", hamming.dtype, "symmetric:", torch.equal(hamming, hamming.T),
      "zero diagonal:", bool((hamming.diagonal() == 0).all()))
try:
    quantize_embeddings(c_emb, "float8")
except ValueError as e:
    print("ValueError:", e)
