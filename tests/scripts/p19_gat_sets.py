import torch

# Graph attention and set models as PyG-free research code writes them: a GAT layer whose
# edge softmax is computed per destination node with scatter_reduce(reduce="amax",
# include_self=False) for the max, exp, and index_add_ for the denominator (multi-head,
# LeakyReLU scores, self-loops added with torch.cat), compared with a dense masked softmax;
# then a DeepSets model (sum pooling with a mask) and a Set Transformer (MAB/ISAB/PMA built
# on nn.MultiheadAttention with key_padding_mask), trained on set sizes that vary.
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def edge_softmax(scores, dst, num_nodes):
    heads = scores.shape[1]
    index = dst.unsqueeze(-1).expand(-1, heads)
    node_max = torch.zeros(num_nodes, heads).scatter_reduce(0, index, scores, reduce="amax",
                                                            include_self=False)
    ex = (scores - node_max[dst]).exp()
    denom = torch.zeros(num_nodes, heads).index_add_(0, dst, ex)
    return ex / denom[dst]


class GATLayer(nn.Module):
    def __init__(self, cin, cout, heads, concat=True):
        super().__init__()
        self.heads, self.cout, self.concat = heads, cout, concat
        self.lin = nn.Linear(cin, heads * cout, bias=False)
        self.att_src = nn.Parameter(torch.empty(1, heads, cout))
        self.att_dst = nn.Parameter(torch.empty(1, heads, cout))
        self.bias = nn.Parameter(torch.zeros(heads * cout if concat else cout))
        nn.init.xavier_uniform_(self.att_src)
        nn.init.xavier_uniform_(self.att_dst)

    def forward(self, x, edge_index):
        n = x.shape[0]
        loops = torch.arange(n)
        src = torch.cat([edge_index[0], loops])
        dst = torch.cat([edge_index[1], loops])
        h = self.lin(x).view(n, self.heads, self.cout)
        a_src = (h * self.att_src).sum(-1)
        a_dst = (h * self.att_dst).sum(-1)
        scores = F.leaky_relu(a_src[src] + a_dst[dst], 0.2)
        alpha = edge_softmax(scores, dst, n)
        alpha = F.dropout(alpha, p=0.1, training=self.training)
        out = torch.zeros(n, self.heads, self.cout).index_add_(0, dst, h[src] * alpha.unsqueeze(-1))
        out = out.reshape(n, -1) if self.concat else out.mean(1)
        return out + self.bias, alpha


edge_index = torch.tensor([[0, 1, 1, 2, 3, 4, 4, 5], [1, 0, 2, 1, 4, 3, 5, 4]])
x = torch.randn(6, 5)
layer = GATLayer(5, 4, heads=2)
layer.eval()
out, alpha = layer(x, edge_index)
print("alpha", alpha.round(decimals=6))
src = torch.cat([edge_index[0], torch.arange(6)])
dst = torch.cat([edge_index[1], torch.arange(6)])
print("alpha sums", torch.zeros(6, 2).index_add_(0, dst, alpha))
h = layer.lin(x).view(6, 2, 4)
dense = ((h * layer.att_src).sum(-1)[None, :, :] + (h * layer.att_dst).sum(-1)[:, None, :])
adj = torch.zeros(6, 6, dtype=torch.bool)
adj[dst, src] = True
dense = F.leaky_relu(dense, 0.2).masked_fill(~adj.unsqueeze(-1), float("-inf")).softmax(1)
print("dense matches", torch.allclose(dense[dst, src], alpha))

empty = torch.zeros(3).scatter_reduce(0, torch.tensor([0, 0]), torch.tensor([2.0, 5.0]),
                                      reduce="amax", include_self=False)
print("untouched rows keep self", empty)
for reduce in ("sum", "prod", "mean", "amax", "amin"):
    for include_self in (True, False):
        r = torch.full((3,), 1.5).scatter_reduce(0, torch.tensor([0, 2, 0]),
                                                 torch.tensor([4.0, -1.0, 3.0]), reduce,
                                                 include_self=include_self)
        print(reduce, include_self, r)
ri = torch.tensor([5, 5, 5]).scatter_reduce(0, torch.tensor([1, 1]), torch.tensor([2, 3]),
                                            "mean", include_self=False)
print("int mean", ri)

gat1, gat2 = GATLayer(5, 4, 2), GATLayer(8, 3, 1, concat=False)
labels = torch.tensor([0, 0, 1, 1, 2, 2])
opt = torch.optim.Adam(list(gat1.parameters()) + list(gat2.parameters()), lr=0.01,
                       weight_decay=5e-4)
gen = torch.Generator().manual_seed(1)
for step in range(5):
    torch.manual_seed(step)
    hidden, _ = gat1(F.dropout(x, 0.2), edge_index)
    logits, _ = gat2(F.elu(hidden), edge_index)
    loss = F.cross_entropy(logits, labels)
    opt.zero_grad()
    loss.backward()
    gnorm = torch.nn.utils.clip_grad_norm_(list(gat1.parameters()) + list(gat2.parameters()), 5.0)
    opt.step()
    print(f"gat step {step} loss {loss.item():.8f} grad {gnorm.item():.8f}")

# gradient through scatter_reduce amax with ties split like torch
src_vals = torch.tensor([1.0, 3.0, 3.0, 2.0], requires_grad=True)
res = torch.zeros(2).scatter_reduce(0, torch.tensor([0, 0, 0, 1]), src_vals, "amax",
                                    include_self=False)
res.sum().backward()
print("amax grad ties", src_vals.grad)


class DeepSets(nn.Module):
    def __init__(self):
        super().__init__()
        self.phi = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 16))
        self.rho = nn.Sequential(nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 1))

    def forward(self, x, mask):
        h = self.phi(x) * mask.unsqueeze(-1)
        return self.rho(h.sum(1)).squeeze(-1)


class MAB(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.mha = nn.MultiheadAttention(dim, heads, batch_first=True)
        self.ln0, self.ln1 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.ff = nn.Linear(dim, dim)

    def forward(self, q, k, key_padding_mask=None):
        h = self.ln0(q + self.mha(q, k, k, key_padding_mask=key_padding_mask,
                                  need_weights=False)[0])
        return self.ln1(h + F.relu(self.ff(h)))


class SetTransformer(nn.Module):
    def __init__(self, dim=16, heads=4, inducing=3):
        super().__init__()
        self.embed = nn.Linear(2, dim)
        self.inducing = nn.Parameter(torch.randn(1, inducing, dim) * 0.1)
        self.isab1, self.isab2 = MAB(dim, heads), MAB(dim, heads)
        self.seed = nn.Parameter(torch.randn(1, 1, dim) * 0.1)
        self.pma = MAB(dim, heads)
        self.out = nn.Linear(dim, 1)

    def forward(self, x, mask):
        h = self.embed(x)
        ind = self.isab1(self.inducing.expand(x.shape[0], -1, -1), h, key_padding_mask=~mask)
        h = self.isab2(h, ind)
        pooled = self.pma(self.seed.expand(x.shape[0], -1, -1), h, key_padding_mask=~mask)
        return self.out(pooled).squeeze(-1).squeeze(-1)


sizes = torch.tensor([3, 5, 2, 6, 4])
points = torch.randn(5, 6, 2)
mask = torch.arange(6)[None, :] < sizes[:, None]
target = (points.norm(dim=-1) * mask).amax(1)
for model in (DeepSets(), SetTransformer()):
    opt = torch.optim.Adam(model.parameters(), lr=5e-3)
    for step in range(4):
        loss = F.mse_loss(model(points, mask), target)
        opt.zero_grad()
        loss.backward()
        opt.step()
        print(type(model).__name__, step, f"{loss.item():.8f}")
    perm = torch.randperm(6)
    shuffled_points, shuffled_mask = points[:, perm], mask[:, perm]
    print("permutation invariant", torch.allclose(model(points, mask),
                                                  model(shuffled_points, shuffled_mask)))
