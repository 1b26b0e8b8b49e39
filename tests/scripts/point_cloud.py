import torch
import torch.nn.functional as F
from torch import nn

# Point-cloud learning as in PointNet / DGCNN reimplementations: farthest point sampling with
# an argmax loop, k-nearest neighbours by topk on squared distances, neighbourhoods gathered
# with advanced indexing, EdgeConv features max-pooled over neighbours, a scatter_reduce
# (amax / mean) voxel pooling, and a classifier over two synthetic shape classes.
torch.manual_seed(23)
# float64: the neighbour searches rank float32 distances that come out of BLAS products, and a
# near tie ranked the other way under another BLAS build or CPU changed the training's path
torch.set_default_dtype(torch.float64)


def make_shapes(n, points=64):
    """Class 0: points on a sphere; class 1: points on a cube's surface."""
    raw = torch.randn(n, points, 3)
    sphere = raw / raw.norm(dim=-1, keepdim=True)
    cube = raw / raw.abs().amax(dim=-1, keepdim=True)
    labels = torch.arange(n) % 2
    clouds = torch.where(labels[:, None, None] == 0, sphere, cube)
    return clouds + 0.02 * torch.randn_like(clouds), labels


def farthest_point_sample(xyz, m):
    b, n, _ = xyz.shape
    chosen = torch.zeros(b, m, dtype=torch.long)
    distance = torch.full((b, n), float("inf"))
    farthest = torch.zeros(b, dtype=torch.long)
    batch = torch.arange(b)
    for i in range(m):
        chosen[:, i] = farthest
        centroid = xyz[batch, farthest].unsqueeze(1)
        distance = torch.minimum(distance, ((xyz - centroid) ** 2).sum(-1))
        farthest = distance.argmax(-1)
    return chosen


def knn(x, k):
    """x: (b, n, c) -> indices (b, n, k) of each point's k nearest (itself included)."""
    inner = x @ x.transpose(1, 2)
    sq = (x ** 2).sum(-1, keepdim=True)
    dist = sq - 2 * inner + sq.transpose(1, 2)
    return dist.topk(k, dim=-1, largest=False).indices


class EdgeConv(nn.Module):
    def __init__(self, cin, cout, k=8):
        super().__init__()
        self.k = k
        self.mlp = nn.Sequential(nn.Linear(2 * cin, cout), nn.LayerNorm(cout), nn.LeakyReLU(0.2))

    def forward(self, x):
        idx = knn(x, self.k)
        batch = torch.arange(x.shape[0])[:, None, None]
        neighbours = x[batch, idx]
        centre = x.unsqueeze(2).expand_as(neighbours)
        return self.mlp(torch.cat([centre, neighbours - centre], dim=-1)).amax(dim=2)


class DGCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1, self.conv2 = EdgeConv(3, 16), EdgeConv(16, 16)
        self.head = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Dropout(0.2), nn.Linear(32, 2))

    def forward(self, xyz):
        h1 = self.conv1(xyz)
        h2 = self.conv2(h1)
        features = torch.cat([h1, h2], dim=-1)
        pooled = torch.cat([features.amax(dim=1), features.mean(dim=1)], dim=-1)
        return self.head(pooled)


clouds, labels = make_shapes(16)
print("clouds", tuple(clouds.shape), "labels", labels.tolist()[:6])
idx = farthest_point_sample(clouds[:2], 6)
print("fps", idx.tolist())
print("knn", knn(clouds[:1], 4)[0, :3].tolist())

voxel = ((clouds[0] + 1.1) / 0.55).floor().long().clamp(0, 3)
flat = voxel[:, 0] * 16 + voxel[:, 1] * 4 + voxel[:, 2]
occupied, inverse = torch.unique(flat, return_inverse=True)
heights = clouds[0, :, 2]
peak = torch.full((occupied.numel(),), -10.0).scatter_reduce(0, inverse, heights, "amax")
mean = torch.zeros(occupied.numel()).scatter_reduce(0, inverse, heights, "mean",
                                                    include_self=False)
print("voxels", occupied.numel(), "peak", peak[:4], "mean", mean[:4])

model = DGCNN()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
for step in range(10):
    model.train()
    logits = model(clouds)
    loss = F.cross_entropy(logits, labels, label_smoothing=0.1)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 3 == 0 or step == 9:
        print(f"step {step} loss {loss.item():.4f} "
              f"acc {(logits.argmax(1) == labels).float().mean().item():.3f}")
model.eval()
with torch.no_grad():
    test_clouds, test_labels = make_shapes(8)
    rotation = torch.linalg.qr(torch.randn(3, 3)).Q
    predictions = model(test_clouds @ rotation.T).argmax(1)
    print("rotated test accuracy", (predictions == test_labels).float().mean().item(),
          "orthogonal", torch.allclose(rotation @ rotation.T, torch.eye(3), atol=1e-6))
