import torch

# Graph neural network message passing as PyG-free code writes it: edge lists, degree from
# bincount, messages aggregated with scatter_reduce in every reduce mode (with and without
# include_self), index_add_ and index_reduce_, a CSR adjacency for the GCN propagation
# (a coalesced COO tensor, sparse.mm), graph-level readout by scatter over a batch vector,
# and training over a couple of graphs.
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)

num_nodes = 10
src = torch.tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 2, 4, 6, 1, 3])
dst = torch.tensor([1, 2, 3, 4, 0, 6, 7, 8, 9, 5, 2, 4, 0, 8, 3, 1])
edge_index = torch.stack([torch.cat([src, dst]), torch.cat([dst, src])])
batch = torch.tensor([0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
print("edges", edge_index.shape, "degree", torch.bincount(edge_index[1], minlength=num_nodes))

x = torch.randn(num_nodes, 4, dtype=torch.float64)
msg = x[edge_index[0]]
target = edge_index[1].unsqueeze(-1).expand_as(msg)
for reduce in ("sum", "prod", "mean", "amax", "amin"):
    for include_self in (True, False):
        out = torch.zeros(num_nodes, 4, dtype=torch.float64).fill_(0.5)
        out = out.scatter_reduce(0, target, msg, reduce=reduce, include_self=include_self)
        print(f"{reduce:>4} include_self={include_self!s:<5}", out[:3, :2].flatten().tolist())

# Gradients through each reduction, checked against the dense computation where there is one.
leaf = msg.detach().clone().requires_grad_()
base = torch.full((num_nodes, 4), 0.5, dtype=torch.float64, requires_grad=True)
for reduce in ("sum", "mean", "amax", "amin", "prod"):
    leaf.grad = base.grad = None
    out = base.scatter_reduce(0, target, leaf, reduce=reduce, include_self=False)
    (out * torch.arange(4.0, dtype=torch.float64)).sum().backward()
    print(reduce, out.grad_fn.name(), leaf.grad[:4].sum(1).tolist(), base.grad.sum().item())

dense = torch.zeros(num_nodes, num_nodes).index_put_((edge_index[1], edge_index[0]),
                                                     torch.ones(edge_index.shape[1]),
                                                     accumulate=True)
index_sum = torch.zeros(num_nodes, 4, dtype=torch.float64).index_add_(0, edge_index[1], msg)
print("index_add_ matches dense", torch.allclose(index_sum, dense.double() @ x))
reduced = torch.ones(num_nodes, 4, dtype=torch.float64).index_reduce_(
    0, edge_index[1], msg, "amax", include_self=False)
print("index_reduce_ amax", reduced[:2])


class GCNLayer(nn.Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.lin = nn.Linear(n_in, n_out)

    def forward(self, h, adj):
        return torch.sparse.mm(adj, self.lin(h))


class SAGELayer(nn.Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.self_lin = nn.Linear(n_in, n_out)
        self.neigh_lin = nn.Linear(n_in, n_out, bias=False)

    def forward(self, h, edge_index):
        gathered = h[edge_index[0]]
        index = edge_index[1].unsqueeze(-1).expand_as(gathered)
        mean = torch.zeros_like(h).scatter_reduce(0, index, gathered, "mean", include_self=False)
        return self.self_lin(h) + self.neigh_lin(mean)


loops = torch.arange(num_nodes)
full_index = torch.cat([edge_index, torch.stack([loops, loops])], dim=1)
deg = torch.bincount(full_index[0], minlength=num_nodes).float()
weight = deg[full_index[0]].rsqrt() * deg[full_index[1]].rsqrt()
adj_coo = torch.sparse_coo_tensor(full_index.flip(0), weight, (num_nodes, num_nodes)).coalesce()
print(adj_coo.layout, adj_coo.indices()[:, :6].tolist(), adj_coo.values()[:3])
print("sparse @ dense equals dense", torch.allclose(adj_coo @ x.float(), adj_coo.to_dense() @ x.float()))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.gcn = GCNLayer(4, 16)
        self.sage = SAGELayer(16, 16)
        self.head = nn.Linear(16, 2)

    def forward(self, h):
        h = F.relu(self.gcn(h, adj_coo))
        h = F.relu(self.sage(h, edge_index))
        index = batch.unsqueeze(-1).expand_as(h)
        pooled = torch.zeros(2, h.shape[1]).scatter_reduce(0, index, h, "amax", include_self=False)
        return self.head(pooled), h


model = Net()
features = x.float()
labels = torch.tensor([0, 1])
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
for step in range(10):
    optimizer.zero_grad()
    logits, node_h = model(features)
    loss = F.cross_entropy(logits, labels)
    loss.backward()
    optimizer.step()
    if step % 3 == 0:
        print(f"step {step} loss {loss.item():.5f} node_h mean {node_h.mean().item():.5f}")
print(model.gcn.lin.weight.grad.norm().item() > 0)

lengths = torch.tensor([3, 0, 2, 5])
values = torch.arange(10.0, requires_grad=True)
for reduce in ("sum", "mean", "max", "min"):
    seg = torch.segment_reduce(values, reduce, lengths=lengths, unsafe=False, initial=0.0)
    seg.sum().backward()
    print("segment", reduce, seg.tolist(), values.grad.tolist())
    values.grad = None

for bad in (lambda: x.scatter_reduce(0, target, msg, reduce="median"),
            lambda: x.scatter_reduce(0, target, msg.float(), reduce="sum"),
            lambda: x.index_add_(0, edge_index[1][:3], msg),
            lambda: torch.sparse.mm(adj_coo, torch.randn(3, 2))):
    try:
        bad()
    except (RuntimeError, IndexError) as error:
        print(type(error).__name__, str(error).splitlines()[0])
