import torch
import torch.nn as nn
import torch.nn.functional as F
import math

# A two-layer graph convolutional network (Kipf & Welling, 2017, in the shape of pygcn) on a
# random graph whose normalised adjacency is a sparse COO tensor.


class GraphConvolution(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(in_features, out_features))
        self.bias = nn.Parameter(torch.empty(out_features))
        stdv = 1.0 / math.sqrt(out_features)
        self.weight.data.uniform_(-stdv, stdv)
        self.bias.data.uniform_(-stdv, stdv)

    def forward(self, input, adj):
        support = torch.mm(input, self.weight)
        return torch.spmm(adj, support) + self.bias


class GCN(nn.Module):
    def __init__(self, nfeat, nhid, nclass, dropout):
        super().__init__()
        self.gc1 = GraphConvolution(nfeat, nhid)
        self.gc2 = GraphConvolution(nhid, nclass)
        self.dropout = dropout

    def forward(self, x, adj):
        x = F.relu(self.gc1(x, adj))
        x = F.dropout(x, self.dropout, training=self.training)
        return F.log_softmax(self.gc2(x, adj), dim=1)


torch.manual_seed(7)
nodes, features, classes = 40, 12, 3
labels = torch.randint(0, classes, (nodes,))
x = torch.randn(nodes, features) + F.one_hot(labels, features).float()
# Edges mostly join nodes of the same class, plus self loops.
src = torch.randint(0, nodes, (160,))
dst = torch.randint(0, nodes, (160,))
keep = (labels[src] == labels[dst]) | (torch.rand(160) < 0.1)
src, dst = src[keep], dst[keep]
edges = torch.cat([torch.stack([src, dst]), torch.stack([dst, src]),
                   torch.arange(nodes).repeat(2, 1)], dim=1)
ones = torch.ones(edges.shape[1])
adj = torch.sparse_coo_tensor(edges, ones, (nodes, nodes)).coalesce()
print("nnz", adj._nnz(), "coalesced", adj.is_coalesced(), adj.layout)
binary = torch.sparse_coo_tensor(adj.indices(), torch.ones(adj._nnz()), adj.shape).coalesce()
degree = torch.sparse.sum(binary, dim=1).to_dense()
print("degrees", degree[:8])
norm = binary.values() / degree[binary.indices()[0]]
adj = torch.sparse_coo_tensor(binary.indices(), norm, (nodes, nodes))
print(adj.to_dense()[0, :8])
print("row sums", torch.sparse.sum(adj, dim=1).to_dense()[:5])
print("propagated", (adj @ x)[0, :4])

train = torch.arange(nodes) < 25
model = GCN(features, 16, classes, dropout=0.5)
optimizer = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=5e-4)
for epoch in range(60):
    model.train()
    optimizer.zero_grad()
    output = model(x, adj)
    loss = F.nll_loss(output[train], labels[train])
    loss.backward()
    optimizer.step()
    if epoch % 10 == 0:
        model.eval()
        with torch.no_grad():
            predictions = model(x, adj).argmax(dim=1)
        test_accuracy = (predictions[~train] == labels[~train]).float().mean()
        print(f"epoch {epoch:2d} loss {loss.item():.4f} "
              f"test accuracy {test_accuracy.item():.4f}")
print("gc1 weight grad norm", model.gc1.weight.grad.norm().item())

# Gradients to the adjacency's values, through torch.sparse.mm.
weights = norm.clone().requires_grad_()
adjacency = torch.sparse_coo_tensor(binary.indices(), weights, (nodes, nodes))
torch.sparse.mm(adjacency, x).pow(2).sum().backward()
print("edge weight grads", weights.grad[:4])
