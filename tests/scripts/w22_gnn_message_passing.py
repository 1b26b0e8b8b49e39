import torch  # noqa: I001 (the harness requires torch first)

# PyG-style graph networks written with core torch: a mini-batch of graphs collated by offsetting
# edge_index with a cumulative node count, GCN with symmetric degree normalisation (index_add_,
# bincount, pow(-0.5) with inf masked) and the same layer through torch.sparse.mm on a COO
# adjacency, GAT with a segment softmax (scatter_reduce amax, index_add), GraphSAGE mean/max
# aggregation (scatter_reduce with include_self=False), GIN with a learnable eps, global
# add/mean/max pooling over the batch vector, and link prediction with negative sampling.
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def ring_with_chords(n, chords):
    src = torch.arange(n)
    dst = (src + 1) % n
    edges = torch.cat([torch.stack([src, dst]), torch.tensor(chords).t()], dim=1)
    return torch.cat([edges, edges.flip(0)], dim=1)  # undirected: both directions


graphs = [(torch.randn(5, 3), ring_with_chords(5, [[0, 2]]), 0),
          (torch.randn(4, 3), ring_with_chords(4, [[1, 3]]), 1),
          (torch.randn(6, 3), ring_with_chords(6, [[0, 3], [1, 4]]), 1)]


def collate(items):
    xs, edge_indices, batch, labels = [], [], [], []
    offset = 0
    for i, (x, ei, y) in enumerate(items):
        xs.append(x)
        edge_indices.append(ei + offset)
        batch.append(torch.full((x.shape[0],), i, dtype=torch.long))
        labels.append(y)
        offset += x.shape[0]
    return torch.cat(xs), torch.cat(edge_indices, 1), torch.cat(batch), torch.tensor(labels)


x, edge_index, batch, y = collate(graphs)
num_nodes = x.shape[0]
print("collated", x.shape, edge_index.shape, batch.tolist(), y.tolist())


def add_self_loops(edge_index, n):
    loops = torch.arange(n).unsqueeze(0).repeat(2, 1)
    return torch.cat([edge_index, loops], dim=1)


def gcn_norm(edge_index, n):
    edge_index = add_self_loops(edge_index, n)
    row, col = edge_index
    deg = torch.bincount(col, minlength=n).to(torch.get_default_dtype())
    deg_inv_sqrt = deg.pow(-0.5)
    deg_inv_sqrt.masked_fill_(deg_inv_sqrt == float("inf"), 0)
    return edge_index, deg_inv_sqrt[row] * deg_inv_sqrt[col]


class GCNConv(nn.Module):
    def __init__(self, d_in, d_out):
        super().__init__()
        self.lin = nn.Linear(d_in, d_out, bias=False)
        self.bias = nn.Parameter(torch.zeros(d_out))

    def forward(self, x, edge_index):
        ei, w = gcn_norm(edge_index, x.shape[0])
        h = self.lin(x)
        out = torch.zeros_like(h).index_add_(0, ei[1], h[ei[0]] * w.unsqueeze(-1))
        return out + self.bias

    def forward_sparse(self, x, edge_index):
        ei, w = gcn_norm(edge_index, x.shape[0])
        adj = torch.sparse_coo_tensor(ei.flip(0), w, (x.shape[0], x.shape[0])).coalesce()
        return torch.sparse.mm(adj, self.lin(x)) + self.bias


gcn = GCNConv(3, 4)
dense_path = gcn(x, edge_index)
sparse_path = gcn.forward_sparse(x, edge_index)
print("gcn == sparse.mm:", torch.allclose(dense_path, sparse_path), dense_path[:2])
ei_n, w_n = gcn_norm(edge_index, num_nodes)
adj = torch.sparse_coo_tensor(ei_n.flip(0), w_n, (num_nodes, num_nodes)).coalesce()
print("adjacency nnz", adj._nnz(), "row sums", torch.sparse.sum(adj, dim=1).to_dense()[:4])
csr = adj.to_sparse_csr()
print("csr crow", csr.crow_indices().tolist())
print("csr @ == coo @:", torch.allclose(csr @ x, torch.sparse.mm(adj, x)))


def segment_softmax(scores, index, n):
    shape = (n,) + scores.shape[1:]
    idx = index.view(-1, *([1] * (scores.dim() - 1))).expand_as(scores)
    smax = torch.full(shape, float("-inf")).scatter_reduce(0, idx, scores, "amax",
                                                           include_self=False)
    e = (scores - smax[index]).exp()
    denom = torch.zeros(shape).index_add_(0, index, e)
    return e / denom[index]


class GATConv(nn.Module):
    def __init__(self, d_in, d_out, heads=2):
        super().__init__()
        self.heads, self.d_out = heads, d_out
        self.lin = nn.Linear(d_in, heads * d_out, bias=False)
        self.att_src = nn.Parameter(torch.empty(1, heads, d_out))
        self.att_dst = nn.Parameter(torch.empty(1, heads, d_out))
        nn.init.xavier_uniform_(self.att_src)
        nn.init.xavier_uniform_(self.att_dst)

    def forward(self, x, edge_index):
        ei = add_self_loops(edge_index, x.shape[0])
        h = self.lin(x).view(-1, self.heads, self.d_out)
        a_src = (h * self.att_src).sum(-1)
        a_dst = (h * self.att_dst).sum(-1)
        alpha = F.leaky_relu(a_src[ei[0]] + a_dst[ei[1]], 0.2)
        alpha = segment_softmax(alpha, ei[1], x.shape[0])
        msg = h[ei[0]] * alpha.unsqueeze(-1)
        out = torch.zeros_like(h).index_add_(0, ei[1], msg)
        return out.mean(dim=1), alpha


gat = GATConv(3, 4)
gat_out, alpha = gat(x, edge_index)
ei_loops = add_self_loops(edge_index, num_nodes)
check = torch.zeros(num_nodes, 2).index_add_(0, ei_loops[1], alpha)
print("attention sums to 1 per node:", torch.allclose(check, torch.ones(num_nodes, 2)))
print("gat", gat_out[:2])


class SAGEConv(nn.Module):
    def __init__(self, d_in, d_out, aggr="mean"):
        super().__init__()
        self.aggr = aggr
        self.lin_l = nn.Linear(d_in, d_out)
        self.lin_r = nn.Linear(d_in, d_out, bias=False)

    def forward(self, x, edge_index):
        src, dst = edge_index
        idx = dst.unsqueeze(-1).expand(-1, x.shape[1])
        reduce = {"mean": "mean", "max": "amax"}[self.aggr]
        agg = torch.zeros_like(x).scatter_reduce(0, idx, x[src], reduce, include_self=False)
        return F.normalize(self.lin_l(agg) + self.lin_r(x), p=2.0, dim=-1)


class GINConv(nn.Module):
    def __init__(self, d_in, d_out):
        super().__init__()
        self.eps = nn.Parameter(torch.zeros(1))
        self.mlp = nn.Sequential(nn.Linear(d_in, d_out), nn.BatchNorm1d(d_out), nn.ReLU(),
                                 nn.Linear(d_out, d_out))

    def forward(self, x, edge_index):
        agg = torch.zeros_like(x).index_add_(0, edge_index[1], x[edge_index[0]])
        return self.mlp((1 + self.eps) * x + agg)


def global_pool(h, batch, size):
    idx = batch.unsqueeze(-1).expand_as(h)
    add = torch.zeros(size, h.shape[1]).index_add_(0, batch, h)
    mean = torch.zeros(size, h.shape[1]).scatter_reduce(0, idx, h, "mean", include_self=False)
    mx = torch.full((size, h.shape[1]), float("-inf")).scatter_reduce(0, idx, h, "amax")
    return torch.cat([add, mean, mx], dim=-1)


class GraphClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = GCNConv(3, 8)
        self.conv2 = SAGEConv(8, 8, aggr="max")
        self.conv3 = GINConv(8, 8)
        self.head = nn.Linear(24, 2)

    def forward(self, x, edge_index, batch, num_graphs):
        h = F.relu(self.conv1(x, edge_index))
        h = F.relu(self.conv2(h, edge_index))
        h = self.conv3(h, edge_index)
        return self.head(global_pool(h, batch, num_graphs))


model = GraphClassifier()
opt = torch.optim.Adam(model.parameters(), lr=0.02)
for epoch in range(6):
    opt.zero_grad()
    logits = model(x, edge_index, batch, 3)
    loss = F.cross_entropy(logits, y)
    loss.backward()
    opt.step()
    if epoch % 2 == 1:
        print(f"epoch {epoch} loss {loss.item():.10f} eps {model.conv3.eps.item():.10f}")
print("sage mean", SAGEConv(3, 2)(x, edge_index)[:2])

# link prediction: dot-product decoder, negatives by random corruption of destinations
z = model.conv1(x, edge_index).detach().requires_grad_()
pos = edge_index[:, ::2]
neg = torch.stack([pos[0], torch.randint(0, num_nodes, (pos.shape[1],))])
pos_score = (z[pos[0]] * z[pos[1]]).sum(-1)
neg_score = (z[neg[0]] * z[neg[1]]).sum(-1)
scores = torch.cat([pos_score, neg_score])
targets = torch.cat([torch.ones_like(pos_score), torch.zeros_like(neg_score)])
link_loss = F.binary_cross_entropy_with_logits(scores, targets)
link_loss.backward()
print(f"link loss {link_loss.item():.10f} grad {z.grad.abs().sum().item():.10f}")
dense_adj = torch.zeros(num_nodes, num_nodes).index_put_(tuple(edge_index),
                                                         torch.ones(edge_index.shape[1]),
                                                         accumulate=True)
print("degrees", dense_adj.sum(1).long().tolist(), "symmetric:", torch.equal(dense_adj,
                                                                            dense_adj.t()))
