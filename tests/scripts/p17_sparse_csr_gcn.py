import torch

# A graph convolutional network on a CSR adjacency, as sparse-GNN code builds it: edges made
# unique and sorted by destination, crow_indices from bincount/cumsum, torch.sparse_csr_tensor with symmetric
# normalisation values, to_sparse_csr from dense and COO matrices, CSR @ dense in every
# spelling (@, torch.mm, torch.sparse.mm, matmul), a learnable edge-weight vector through the
# CSR values, and two-layer GCN training in float64 with the CSR and the dense adjacency side
# by side.
import warnings

import torch.nn as nn
import torch.nn.functional as F

warnings.simplefilter("ignore", UserWarning)  # CSR is a beta feature in torch
torch.manual_seed(0)
num_nodes = 8
src = torch.tensor([0, 1, 1, 2, 3, 4, 5, 6, 7, 2, 5, 0])
dst = torch.tensor([1, 0, 2, 3, 4, 5, 6, 7, 0, 6, 1, 4])
src, dst = torch.cat([src, dst, torch.arange(num_nodes)]), torch.cat([dst, src, torch.arange(num_nodes)])
keys = torch.unique(dst * num_nodes + src)  # sorted by destination, then source; no repeats
dst, src = keys // num_nodes, keys % num_nodes
counts = torch.bincount(dst, minlength=num_nodes)
crow = torch.cat([torch.zeros(1, dtype=torch.long), counts.cumsum(0)])
degree = counts.double()
norm = degree[dst].rsqrt() * degree[src].rsqrt()
adj = torch.sparse_csr_tensor(crow, src, norm, (num_nodes, num_nodes))
print(adj.layout, adj.crow_indices().tolist())
print(adj.col_indices()[:10].tolist(), f"nnz={adj._nnz()}", adj.shape)
dense_adj = adj.to_dense()
print("row sums", dense_adj.sum(1))
print("symmetric", torch.allclose(dense_adj, dense_adj.T))

again = dense_adj.to_sparse_csr()
print("round trip", torch.equal(again.crow_indices(), crow), torch.equal(again.col_indices(), src))
coo = torch.sparse_coo_tensor(torch.stack([dst, src]), norm, (num_nodes, num_nodes))
from_coo = coo.to_sparse_csr()
print("from coo", from_coo._nnz(), torch.allclose(from_coo.to_dense(), dense_adj),
      from_coo.to_sparse_coo().indices()[:, :4])

x = torch.randn(num_nodes, 5, dtype=torch.float64)
products = [adj @ x, torch.mm(adj, x), torch.sparse.mm(adj, x), adj.matmul(x)]
print("products agree", all(torch.allclose(p, dense_adj @ x) for p in products))
print((adj @ x[:, 0])[:4])


class GCN(nn.Module):
    def __init__(self, n_in, n_hidden, n_out):
        super().__init__()
        self.lin1 = nn.Linear(n_in, n_hidden)
        self.lin2 = nn.Linear(n_hidden, n_out)

    def forward(self, h, a):
        h = F.relu(a @ self.lin1(h))
        return a @ self.lin2(h)


labels = torch.tensor([0, 0, 1, 1, 1, 2, 2, 0])
torch.manual_seed(1)
model = GCN(5, 16, 3).double()
reference = GCN(5, 16, 3).double()
reference.load_state_dict(model.state_dict())
optimizer = torch.optim.Adam(model.parameters(), lr=0.05, weight_decay=5e-4)
ref_optimizer = torch.optim.Adam(reference.parameters(), lr=0.05, weight_decay=5e-4)
for epoch in range(15):
    for net, opt, a in ((model, optimizer, adj), (reference, ref_optimizer, dense_adj)):
        opt.zero_grad()
        loss = F.cross_entropy(net(x, a), labels)
        loss.backward()
        opt.step()
        if net is model:
            sparse_loss = loss.item()
    if epoch % 3 == 0:
        print(f"epoch {epoch} csr {sparse_loss:.10f} dense {loss.item():.10f}")
print("weights agree", torch.allclose(model.lin1.weight, reference.lin1.weight))
print("accuracy", (model(x, adj).argmax(1) == labels).float().mean().item())

edge_weight = torch.ones(src.shape[0], dtype=torch.float64, requires_grad=True)
weighted = torch.sparse_csr_tensor(crow, src, norm * edge_weight, (num_nodes, num_nodes))
out = weighted @ x
out.pow(2).sum().backward()
print("edge weight grad", edge_weight.grad[:6])
leaf = torch.sparse_csr_tensor(crow, src, norm.clone(), (num_nodes, num_nodes), requires_grad=True)
print(leaf.is_leaf, leaf.requires_grad)
torch.sparse.mm(leaf, x).sum().backward()
print("leaf grad layout", leaf.grad.layout, leaf.grad.to_dense()[0])
small = torch.tensor([[0.0, 1.5], [2.0, 0.0]]).to_sparse_csr()
print(small)
print(small.double() * 3)
