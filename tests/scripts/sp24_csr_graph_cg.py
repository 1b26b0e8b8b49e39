import torch
import torch.nn.functional as F
from torch import nn

# A graph workflow on a CSR adjacency as a user ports it from SciPy: int32 crow/col indices,
# degrees from a kept-dim CSR sum, a symmetric normalisation on the stored values, a two-layer
# GCN trained with Adam with learnable edge weights, erf/isnan of the stored values, a two-hop
# CSR @ CSR product, and a conjugate-gradient solve of a graph-Laplacian system written with
# sparse matrix-vector products. Everything in float64, printed per step.

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)

num_nodes, num_features, num_classes = 12, 4, 3
ring = torch.arange(num_nodes)
chords = torch.tensor([[0, 2, 3, 5, 7, 8], [6, 9, 10, 11, 1, 4]])
src = torch.cat([ring, (ring + 1) % num_nodes, chords[0], chords[1], ring])
dst = torch.cat([(ring + 1) % num_nodes, ring, chords[1], chords[0], ring])
order = torch.argsort(src * num_nodes + dst)
src, dst = src[order], dst[order]
crow = torch.zeros(num_nodes + 1, dtype=torch.int64)
crow[1:] = torch.bincount(src, minlength=num_nodes).cumsum(0)
adj = torch.sparse_csr_tensor(crow.int(), dst.int(), torch.ones(src.shape[0]),
                              (num_nodes, num_nodes), check_invariants=True)
print("index dtypes:", adj.crow_indices().dtype, adj.col_indices().dtype, "nnz:", adj._nnz())

degree = adj.sum(dim=1, keepdim=True)
print("degree layout:", degree.layout, tuple(degree.shape), degree.crow_indices().dtype)
d_inv_sqrt = degree.to_dense().squeeze(1).pow(-0.5)
rows = torch.repeat_interleave(torch.arange(num_nodes), adj.crow_indices().diff())
cols = adj.col_indices().long()
norm_adj = torch.sparse_csr_tensor(adj.crow_indices(), adj.col_indices(),
                                   d_inv_sqrt[rows] * adj.values() * d_inv_sqrt[cols],
                                   adj.shape, check_invariants=True)
print("normalised row sums:", norm_adj.to_dense().sum(1))
print("isnan stored:", torch.isnan(norm_adj).values().any().item())
print("erf of stored values:", torch.erf(norm_adj).values()[:4], torch.erf(norm_adj).layout)

two_hop = norm_adj @ norm_adj
print("two-hop:", two_hop.layout, two_hop._nnz(), two_hop.to_dense().diagonal()[:4])

features = torch.randn(num_nodes, num_features)
labels = torch.tensor([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2])
train = torch.tensor([True, False, True, True, False, True, False, True, True, False, True,
                      False])


class GCN(nn.Module):
    def __init__(self):
        super().__init__()
        self.first = nn.Linear(num_features, 8)
        self.second = nn.Linear(8, num_classes)
        self.edge_logits = nn.Parameter(torch.zeros(norm_adj._nnz()))

    def forward(self, graph, x):
        # each stored edge reweighted by 2 * sigmoid(logit), 1 at the start
        weighted = torch.sparse_csr_tensor(graph.crow_indices(), graph.col_indices(),
                                           graph.values() * 2 * torch.sigmoid(self.edge_logits),
                                           graph.shape, check_invariants=True)
        hidden = F.relu(weighted @ self.first(x))
        return weighted @ self.second(hidden)


model = GCN()
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
for step in range(12):
    optimizer.zero_grad()
    logits = model(norm_adj, features)
    loss = F.cross_entropy(logits[train], labels[train])
    loss.backward()
    optimizer.step()
    print(f"step {step:2d} loss {loss.item():.6f} "
          f"edge grad norm {model.edge_logits.grad.norm().item():.6f}")
with torch.no_grad():
    predicted = model(norm_adj, features).argmax(1)
print("held-out accuracy:", (predicted[~train] == labels[~train]).double().mean().item())

# (I + L) x = b with L = D - A, solved by conjugate gradients on the CSR matrix
laplacian = torch.sparse_csr_tensor(
    adj.crow_indices(), adj.col_indices(),
    torch.where(rows == cols, degree.to_dense().squeeze(1)[rows] - adj.values(), -adj.values()),
    adj.shape, check_invariants=True)
print("negative entries of L:", torch.signbit(laplacian).values().sum().item(),
      torch.signbit(laplacian).dtype)
system = laplacian.to_dense() + torch.eye(num_nodes)
b = torch.randn(num_nodes)


def apply(v):
    return laplacian @ v + v


x = torch.zeros(num_nodes)
residual = b - apply(x)
direction = residual.clone()
rs_old = residual @ residual
for iteration in range(30):
    product = apply(direction)
    step_size = rs_old / (direction @ product)
    x = x + step_size * direction
    residual = residual - step_size * product
    rs_new = residual @ residual
    if iteration % 3 == 0:
        print(f"cg {iteration:2d} residual {rs_new.sqrt().item():.3e}")
    if rs_new.sqrt() < 1e-10:
        print(f"cg converged after {iteration + 1} iterations")
        break
    direction = residual + (rs_new / rs_old) * direction
    rs_old = rs_new
print("solution error:", torch.linalg.norm(system @ x - b).item() < 1e-9)
print("x[:4]:", x[:4])
