import torch

# Three attention-era building blocks: a GPT with causal scaled_dot_product_attention, tied
# input/output embeddings, and top-k / nucleus sampling with multinomial; a mixture-of-experts
# layer with top-k gating, a load-balancing loss and tokens routed by index_select/index_add_;
# a graph attention layer whose softmax over neighbours runs on edge lists with scatter_reduce.
import math

import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)


class CausalSelfAttention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim, bias=False)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, t, c = x.shape
        q, k, v = self.qkv(x).split(c, dim=2)
        q, k, v = (z.view(b, t, self.heads, c // self.heads).transpose(1, 2) for z in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        return self.proj(y.transpose(1, 2).contiguous().view(b, t, c))


class Block(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.attn = CausalSelfAttention(dim, heads)
        self.mlp = nn.Sequential(nn.Linear(dim, 4 * dim), nn.GELU(approximate="tanh"),
                                 nn.Linear(4 * dim, dim))

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.mlp(self.ln2(x))


class GPT(nn.Module):
    def __init__(self, vocab=12, dim=16, heads=2, layers=2, block=16):
        super().__init__()
        self.tok = nn.Embedding(vocab, dim)
        self.pos = nn.Embedding(block, dim)
        self.blocks = nn.ModuleList(Block(dim, heads) for _ in range(layers))
        self.ln_f = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, vocab, bias=False)
        self.head.weight = self.tok.weight
        self.apply(self._init)

    @staticmethod
    def _init(module):
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)

    def forward(self, idx, targets=None):
        x = self.tok(idx) + self.pos(torch.arange(idx.shape[1]))
        for block in self.blocks:
            x = block(x)
        logits = self.head(self.ln_f(x))
        loss = None if targets is None else F.cross_entropy(logits.view(-1, logits.size(-1)),
                                                            targets.view(-1), ignore_index=-1)
        return logits, loss

    @torch.no_grad()
    def generate(self, idx, steps, temperature=1.0, top_k=None, top_p=None):
        for _ in range(steps):
            logits = self(idx[:, -16:])[0][:, -1, :] / temperature
            if top_k is not None:
                v, _ = torch.topk(logits, min(top_k, logits.size(-1)))
                logits[logits < v[:, [-1]]] = -float("inf")
            if top_p is not None:
                sorted_logits, order = torch.sort(logits, descending=True)
                cumulative = torch.cumsum(F.softmax(sorted_logits, dim=-1), dim=-1)
                remove = cumulative > top_p
                remove[..., 1:] = remove[..., :-1].clone()
                remove[..., 0] = False
                logits = logits.scatter(1, order, sorted_logits.masked_fill(remove, -math.inf))
            idx = torch.cat((idx, torch.multinomial(F.softmax(logits, dim=-1), 1)), dim=1)
        return idx


text = torch.tensor([i % 12 for i in range(0, 400, 7)])
gpt = GPT()
print("tied", gpt.head.weight is gpt.tok.weight,
      "parameters", sum(p.numel() for p in gpt.parameters()))
optimizer = torch.optim.AdamW(gpt.parameters(), lr=1e-2, weight_decay=0.1, fused=None)
for step in range(12):
    starts = torch.randint(0, len(text) - 9, (8,))
    x = torch.stack([text[s:s + 8] for s in starts.tolist()])
    y = torch.stack([text[s + 1:s + 9] for s in starts.tolist()])
    _, loss = gpt(x, y)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    if step % 3 == 0:
        print(f"gpt step {step:2d} loss {loss.item():.6f}")
gpt.eval()
prompt = text[:4].unsqueeze(0)
print(gpt.generate(prompt, 6, top_k=3), gpt.generate(prompt, 6, temperature=0.8, top_p=0.9))


# --- mixture of experts ---------------------------------------------------------------------
class MoE(nn.Module):
    def __init__(self, dim=8, experts=4, k=2):
        super().__init__()
        self.k = k
        self.gate = nn.Linear(dim, experts, bias=False)
        self.experts = nn.ModuleList(nn.Sequential(nn.Linear(dim, 16), nn.ReLU(),
                                                   nn.Linear(16, dim)) for _ in range(experts))

    def forward(self, x):
        probs = F.softmax(self.gate(x), dim=-1)
        weights, chosen = probs.topk(self.k, dim=-1)
        weights = weights / weights.sum(dim=-1, keepdim=True)
        out = torch.zeros_like(x)
        for e, expert in enumerate(self.experts):
            token, slot = torch.where(chosen == e)
            if token.numel() == 0:
                continue
            contribution = expert(x.index_select(0, token)) * weights[token, slot].unsqueeze(1)
            out = out.index_add(0, token, contribution)
        load = F.one_hot(chosen[:, 0], len(self.experts)).float().mean(0)
        balance = len(self.experts) * (load * probs.mean(0)).sum()
        return out, balance, chosen


torch.manual_seed(2)
moe = MoE()
optimizer = torch.optim.SGD(moe.parameters(), lr=0.1)
inputs = torch.randn(40, 8)
targets = torch.sin(inputs)
for step in range(10):
    out, balance, chosen = moe(inputs)
    loss = F.mse_loss(out, targets) + 0.01 * balance
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 3 == 0:
        print(f"moe step {step} loss {loss.item():.6f} balance {balance.item():.6f}"
              f" routed {torch.bincount(chosen.flatten(), minlength=4).tolist()}")


# --- graph attention on an edge list --------------------------------------------------------
class GATLayer(nn.Module):
    def __init__(self, in_dim, out_dim):
        super().__init__()
        self.lin = nn.Linear(in_dim, out_dim, bias=False)
        self.att_src = nn.Parameter(torch.randn(out_dim) * 0.1)
        self.att_dst = nn.Parameter(torch.randn(out_dim) * 0.1)

    def forward(self, x, edges):
        src, dst = edges
        h = self.lin(x)
        scores = F.leaky_relu((h[src] * self.att_src).sum(-1) + (h[dst] * self.att_dst).sum(-1),
                              0.2)
        node_max = torch.full((x.shape[0],), -math.inf).scatter_reduce(0, dst, scores, "amax",
                                                                         include_self=True)
        exp = torch.exp(scores - node_max[dst])
        denominator = torch.zeros(x.shape[0]).scatter_add(0, dst, exp)
        alpha = exp / denominator[dst]
        out = torch.zeros(x.shape[0], h.shape[1]).index_add_(0, dst, alpha.unsqueeze(1) * h[src])
        return out, alpha


torch.manual_seed(3)
nodes = 10
ring = torch.arange(nodes)
edges = torch.cat([torch.stack([ring, (ring + 1) % nodes]), torch.stack([(ring + 1) % nodes, ring]),
                   torch.stack([ring, ring])], dim=1)
features = torch.randn(nodes, 5)
labels = (features[:, 0] > 0).long()
layer1, layer2 = GATLayer(5, 8), GATLayer(8, 2)
optimizer = torch.optim.Adam(list(layer1.parameters()) + list(layer2.parameters()), lr=0.02)
for epoch in range(10):
    hidden, _ = layer1(features, edges)
    logits, alpha = layer2(F.elu(hidden), edges)
    loss = F.cross_entropy(logits, labels)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if epoch % 3 == 0:
        print(f"gat epoch {epoch} loss {loss.item():.6f}")
print(alpha[:5], edges.shape)
per_node = torch.zeros(nodes).scatter_reduce(0, edges[1], alpha, "sum", include_self=False)
print((per_node - 1).abs().max() < 1e-6, per_node.grad_fn.name(),
      torch.zeros(nodes).scatter_reduce(0, edges[1], alpha, "mean"))
