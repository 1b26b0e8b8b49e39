import torch
import torch.nn as nn
import torch.nn.functional as F

# A two-layer GCN as a graph-learning user writes it: the symmetric normalised adjacency
# D^-1/2 (A + I) D^-1/2 is a sparse COO tensor built from an edge list, each layer is
# torch.sparse.mm(adj, X @ W). A second model learns one weight per edge: the adjacency's
# values are a parameter, so its gradient is sparse. Adam steps print losses, and the
# sparse results print their grad_fn, layout and gradients.

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)

num_nodes, num_features, num_classes = 8, 5, 3
edges = torch.tensor([[0, 1, 1, 2, 3, 4, 4, 5, 6, 7, 2, 6],
                      [1, 2, 3, 3, 4, 5, 6, 6, 7, 0, 5, 1]])
edges = torch.cat([edges, edges.flip(0)], dim=1)            # undirected
loops = torch.arange(num_nodes).repeat(2, 1)
index = torch.cat([edges, loops], dim=1)
weights = torch.ones(index.shape[1])
adj = torch.sparse_coo_tensor(index, weights, (num_nodes, num_nodes),
                              check_invariants=True).coalesce()
degree = torch.sparse.sum(adj, dim=1).to_dense()
d_inv_sqrt = degree.pow(-0.5)
rows, cols = adj.indices()
norm_values = d_inv_sqrt[rows] * adj.values() * d_inv_sqrt[cols]
norm_adj = torch.sparse_coo_tensor(adj.indices(), norm_values, adj.shape,
                                   check_invariants=True).coalesce()
print("adjacency:", norm_adj.layout, norm_adj.is_coalesced(), norm_adj._nnz())
print("degrees:", degree)
print("row sums:", torch.sparse.sum(norm_adj, dim=1).to_dense())

features = torch.randn(num_nodes, num_features)
labels = torch.tensor([0, 1, 2, 0, 1, 2, 0, 1])
train = torch.tensor([True, True, True, False, True, True, False, True])


class GraphConv(nn.Module):
    def __init__(self, fan_in, fan_out):
        super().__init__()
        self.linear = nn.Linear(fan_in, fan_out)

    def forward(self, x, adj):
        return torch.sparse.mm(adj, self.linear(x))


class GCN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = GraphConv(num_features, 16)
        self.conv2 = GraphConv(16, num_classes)

    def forward(self, x, adj):
        return self.conv2(F.relu(self.conv1(x, adj)), adj)


model = GCN()
optimizer = torch.optim.Adam(model.parameters(), lr=0.05, weight_decay=5e-4)
for step in range(6):
    optimizer.zero_grad()
    out = model(features, norm_adj)
    loss = F.cross_entropy(out[train], labels[train])
    loss.backward()
    optimizer.step()
    print(f"step {step} loss {loss.item():.6f}")
print("out grad_fn:", out.grad_fn.name())
grad = model.conv1.linear.weight.grad
print("weight grad:", grad.layout, tuple(grad.shape), f"{grad.norm().item():.6f}")

# Learned edge weights: the sparse adjacency's values are the parameter.
edge_logits = nn.Parameter(torch.zeros(norm_adj._nnz()))
adj_leaf = torch.sparse_coo_tensor(norm_adj.indices(), norm_values.detach(), norm_adj.shape,
                                   requires_grad=True)
print("leaf:", adj_leaf.requires_grad, adj_leaf.is_leaf, adj_leaf.grad_fn)
scaled = adj_leaf * 2
print("scaled:", scaled.grad_fn.name(), scaled.is_leaf, scaled.layout)
print("coalesce:", adj_leaf.coalesce().grad_fn.name())
print("transpose:", adj_leaf.t().grad_fn.name())
print("row softmax:", torch.sparse.softmax(adj_leaf, 1).grad_fn.name())
print("sum over rows:", torch.sparse.sum(adj_leaf, 0).grad_fn.name())
print("_values:", adj_leaf._values().requires_grad)
hidden = torch.sparse.mm(adj_leaf, features)
print("mm:", hidden.grad_fn.name(), hidden.layout)
hidden.pow(2).sum().backward()
g = adj_leaf.grad
print("adjacency grad:", g.layout, g._nnz(), torch.equal(g._indices(), adj_leaf._indices()))
print(g.coalesce().values()[:6])

# Attention-like edge weights: a softmax over each row's entries, learned with Adam.
attention = torch.optim.Adam([edge_logits], lr=0.1)
for step in range(4):
    attention.zero_grad()
    logits = torch.sparse_coo_tensor(norm_adj.indices(), edge_logits, norm_adj.shape)
    weights = torch.sparse.softmax(logits, dim=1)
    out = model(features, weights)
    loss = F.cross_entropy(out[train], labels[train])
    loss.backward()
    attention.step()
    print(f"attention step {step} loss {loss.item():.6f} grad_fn {weights.grad_fn.name()}")
print("edge logit grad:", edge_logits.grad.layout, f"{edge_logits.grad.abs().sum().item():.6f}")

# Masking a dense gradient-carrying matrix to the graph's pattern.
dense = torch.randn(num_nodes, num_nodes, requires_grad=True)
masked = dense.sparse_mask(norm_adj)
print("sparse_mask:", masked.grad_fn.name(), masked._nnz(), masked.is_coalesced())
torch.sparse.sum(masked).backward()
print("dense grad nonzeros:", int(dense.grad.count_nonzero()), dense.grad.layout)
