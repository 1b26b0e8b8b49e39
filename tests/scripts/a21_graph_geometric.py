import torch
import torch.nn as nn
import torch.nn.functional as F

# Graph / set / geometric models without torch_geometric: message passing with index_add_ and
# scatter_reduce(amax, include_self=False), a SchNet-like interaction with a Gaussian radial
# basis over cdist, an E(n)-equivariant layer checked under rotation, and PointNet++
# farthest point sampling with a max/argmax loop plus ball grouping.
torch.manual_seed(0)


def scatter_sum(src, index, dim_size):
    out = torch.zeros(dim_size, src.shape[1], dtype=src.dtype, device=src.device)
    return out.index_add_(0, index, src)


def scatter_max(src, index, dim_size):
    out = torch.zeros(dim_size, src.shape[1], dtype=src.dtype, device=src.device)
    idx = index.unsqueeze(-1).expand_as(src)
    return out.scatter_reduce(0, idx, src, reduce="amax", include_self=False)


def scatter_mean(src, index, dim_size):
    out = torch.zeros(dim_size, src.shape[1], dtype=src.dtype, device=src.device)
    idx = index.unsqueeze(-1).expand_as(src)
    return out.scatter_reduce(0, idx, src, reduce="mean", include_self=False)


class MPNNLayer(nn.Module):
    def __init__(self, dim, aggr="sum"):
        super().__init__()
        self.msg = nn.Sequential(nn.Linear(2 * dim + 1, dim), nn.ReLU(), nn.Linear(dim, dim))
        self.upd = nn.GRUCell(dim, dim)
        self.aggr = aggr

    def forward(self, h, edge_index, edge_attr):
        src, dst = edge_index
        m = self.msg(torch.cat([h[dst], h[src], edge_attr], dim=-1))
        agg = {"sum": scatter_sum, "max": scatter_max, "mean": scatter_mean}[self.aggr](
            m, dst, h.shape[0])
        return self.upd(agg, h)


# a batch of two ring graphs (5 and 4 nodes) with an isolated node 9, as a PyG batch would be
edges = [(i, (i + 1) % 5) for i in range(5)] + [(5 + i, 5 + (i + 1) % 4) for i in range(4)]
edge_index = torch.tensor(edges, dtype=torch.long).t()
edge_index = torch.cat([edge_index, edge_index.flip(0)], dim=1)
batch = torch.tensor([0] * 5 + [1] * 5)
x = torch.randn(10, 8)
edge_attr = torch.rand(edge_index.shape[1], 1)
print("degree", torch.bincount(edge_index[1], minlength=10).tolist())
print("scatter_max isolated row", scatter_max(x[edge_index[0]], edge_index[1], 10)[9])
layers = nn.ModuleList([MPNNLayer(8, a) for a in ("sum", "max", "mean")])
readout = nn.Linear(8, 1)
target = torch.tensor([[1.0], [-1.0]])
opt = torch.optim.Adam(list(layers.parameters()) + list(readout.parameters()), lr=1e-2)
for step in range(4):
    h = x
    for layer in layers:
        h = layer(h, edge_index, edge_attr)
    pooled = torch.zeros(2, 8).index_add_(0, batch, h) / torch.bincount(batch).unsqueeze(1)
    loss = F.mse_loss(readout(pooled), target)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"mpnn step {step} loss {loss.item():.5f}")
print("amax grad split", layers[1].msg[0].weight.grad.abs().sum() > 0)

# amax ties: gradient is shared evenly between tied maxima
src = torch.tensor([[1.0], [3.0], [3.0], [2.0]], requires_grad=True)
out = torch.zeros(2, 1).scatter_reduce(0, torch.tensor([[0], [0], [0], [1]]), src, "amax",
                                       include_self=False)
out.sum().backward()
print("amax", out.flatten().tolist(), "grad", src.grad.flatten().tolist())


# ---- SchNet-like continuous-filter convolution
class GaussianSmearing(nn.Module):
    def __init__(self, start=0.0, stop=5.0, num_gaussians=16):
        super().__init__()
        offset = torch.linspace(start, stop, num_gaussians)
        self.coeff = -0.5 / (offset[1] - offset[0]).item() ** 2
        self.register_buffer("offset", offset)

    def forward(self, dist):
        dist = dist.view(-1, 1) - self.offset.view(1, -1)
        return torch.exp(self.coeff * torch.pow(dist, 2))


class ShiftedSoftplus(nn.Module):
    def __init__(self):
        super().__init__()
        self.shift = torch.log(torch.tensor(2.0)).item()

    def forward(self, x):
        return F.softplus(x) - self.shift


class Interaction(nn.Module):
    def __init__(self, hidden=16, num_gaussians=16, cutoff=3.0):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(num_gaussians, hidden), ShiftedSoftplus(),
                                 nn.Linear(hidden, hidden))
        self.lin1 = nn.Linear(hidden, hidden, bias=False)
        self.lin2 = nn.Linear(hidden, hidden)
        self.cutoff = cutoff

    def forward(self, h, edge_index, dist, rbf):
        C = 0.5 * (torch.cos(dist * torch.pi / self.cutoff) + 1.0)
        W = self.mlp(rbf) * C.view(-1, 1)
        src, dst = edge_index
        msg = self.lin1(h)[src] * W
        return h + self.lin2(scatter_sum(msg, dst, h.shape[0]))


torch.manual_seed(1)
pos = torch.randn(7, 3, dtype=torch.float64)
z = torch.tensor([1, 6, 6, 8, 1, 1, 7])
D = torch.cdist(pos, pos)
adj = (D < 3.0) & ~torch.eye(7, dtype=torch.bool)
edge_index = adj.nonzero().t()
print("edges within cutoff", edge_index.shape[1])
emb = nn.Embedding(10, 16).double()
smear = GaussianSmearing().double()
inter = Interaction().double()
energy_head = nn.Sequential(nn.Linear(16, 8), ShiftedSoftplus(), nn.Linear(8, 1)).double()


def energy(pos):
    dist = (pos[edge_index[0]] - pos[edge_index[1]]).norm(dim=-1)
    h = inter(emb(z), edge_index, dist, smear(dist))
    return energy_head(h).sum()


pos.requires_grad_(True)
E = energy(pos)
forces = -torch.autograd.grad(E, pos, create_graph=True)[0]
print("energy", f"{E.item():.8f}", "net force", forces.sum(0).abs().max().item() < 1e-10)
print("forces[0]", [f"{v:.6f}" for v in forces[0].tolist()])
# force-matching loss needs a double backward through cdist-free distances
(forces.pow(2).sum()).backward()
print("grad of force loss wrt filter weights", f"{inter.mlp[0].weight.grad.norm().item():.6f}")
print("gradcheck", torch.autograd.gradcheck(
    lambda p: torch.cdist(p, p[:3]).sin().sum(-1), (torch.randn(4, 3, dtype=torch.float64,
                                                                   requires_grad=True),)))


# ---- EGNN layer (Satorras et al.): equivariant coordinate updates
class EGNNLayer(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.edge_mlp = nn.Sequential(nn.Linear(2 * dim + 1, dim), nn.SiLU(),
                                      nn.Linear(dim, dim), nn.SiLU())
        self.node_mlp = nn.Sequential(nn.Linear(2 * dim, dim), nn.SiLU(), nn.Linear(dim, dim))
        self.coord_mlp = nn.Sequential(nn.Linear(dim, dim), nn.SiLU(),
                                       nn.Linear(dim, 1, bias=False))

    def forward(self, h, x, edge_index):
        row, col = edge_index
        rel = x[row] - x[col]
        radial = (rel ** 2).sum(-1, keepdim=True)
        m = self.edge_mlp(torch.cat([h[row], h[col], radial], dim=-1))
        trans = rel * self.coord_mlp(m)
        count = torch.zeros(x.shape[0], 1, dtype=x.dtype).index_add_(
            0, row, torch.ones_like(radial)).clamp(min=1)
        x = x + scatter_sum(trans, row, x.shape[0]) / count
        h = h + self.node_mlp(torch.cat([h, scatter_sum(m, row, h.shape[0])], dim=-1))
        return h, x


torch.manual_seed(2)
egnn = EGNNLayer(8).double()
h0 = torch.randn(6, 8, dtype=torch.float64)
x0 = torch.randn(6, 3, dtype=torch.float64)
full = torch.ones(6, 6, dtype=torch.bool).fill_diagonal_(False).nonzero().t()
Q, _ = torch.linalg.qr(torch.randn(3, 3, dtype=torch.float64))
shift = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64)
h1, x1 = egnn(h0, x0, full)
h2, x2 = egnn(h0, x0 @ Q.T + shift, full)
print("invariant h", torch.allclose(h1, h2, atol=1e-10),
      "equivariant x", torch.allclose(x1 @ Q.T + shift, x2, atol=1e-10))
print("h1 row", h1[0, :4])


# ---- PointNet++ sampling and grouping
def farthest_point_sample(xyz, npoint):
    B, N, _ = xyz.shape
    centroids = torch.zeros(B, npoint, dtype=torch.long)
    distance = torch.ones(B, N) * 1e10
    farthest = torch.zeros(B, dtype=torch.long)
    batch_indices = torch.arange(B, dtype=torch.long)
    for i in range(npoint):
        centroids[:, i] = farthest
        centroid = xyz[batch_indices, farthest, :].view(B, 1, 3)
        dist = torch.sum((xyz - centroid) ** 2, -1)
        mask = dist < distance
        distance[mask] = dist[mask]
        farthest = torch.max(distance, -1)[1]
    return centroids


def index_points(points, idx):
    B = points.shape[0]
    view_shape = list(idx.shape)
    view_shape[1:] = [1] * (len(view_shape) - 1)
    repeat_shape = list(idx.shape)
    repeat_shape[0] = 1
    batch_indices = torch.arange(B, dtype=torch.long).view(view_shape).repeat(repeat_shape)
    return points[batch_indices, idx, :]


def query_ball_point(radius, nsample, xyz, new_xyz):
    B, N, _ = xyz.shape
    S = new_xyz.shape[1]
    group_idx = torch.arange(N, dtype=torch.long).view(1, 1, N).repeat([B, S, 1])
    sqrdists = torch.cdist(new_xyz, xyz) ** 2
    group_idx[sqrdists > radius ** 2] = N
    group_idx = group_idx.sort(dim=-1)[0][:, :, :nsample]
    group_first = group_idx[:, :, 0].view(B, S, 1).repeat([1, 1, nsample])
    mask = group_idx == N
    group_idx[mask] = group_first[mask]
    return group_idx


torch.manual_seed(3)
xyz = torch.rand(2, 32, 3)
fps_idx = farthest_point_sample(xyz, 6)
print("fps", fps_idx.tolist())
new_xyz = index_points(xyz, fps_idx)
group = query_ball_point(0.4, 5, xyz, new_xyz)
print("group[0]", group[0].tolist())
grouped = index_points(xyz, group) - new_xyz.unsqueeze(2)
sa_mlp = nn.Sequential(nn.Conv2d(3, 16, 1), nn.BatchNorm2d(16), nn.ReLU())
feat = sa_mlp(grouped.permute(0, 3, 2, 1))
feat = torch.max(feat, 2)[0]
print("sa out", feat.shape, f"{feat.mean().item():.5f}")
