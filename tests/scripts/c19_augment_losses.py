import torch

# Augmentation and loss maths as training code writes it by hand: RandomResizedCrop's sampling
# from a Generator (and its state saved and replayed), volumetric affine_grid + grid_sample in
# every mode, the warnings interpolate/grid_sample/upsample give, antialiased and recomputed
# interpolation with gradients, histc/histogram/histogramdd/bucketize, the margin losses
# (multilabel, soft, hinge, multi-margin and their errors), cdist's two paths, embeddings with
# max_norm and EmbeddingBag weights, SparseAdam/Adam on the wrong kind of gradient, and
# gradient clipping's return values.
import math
import warnings

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_printoptions(precision=4)
g = torch.Generator().manual_seed(0)
# RandomResizedCrop maths
area = 64.0
log_ratio = torch.log(torch.tensor((3 / 4, 4 / 3)))
for _ in range(3):
    target_area = area * torch.empty(1).uniform_(0.08, 1.0, generator=g).item()
    aspect = torch.exp(torch.empty(1).uniform_(log_ratio[0], log_ratio[1], generator=g)).item()
    w = int(round(math.sqrt(target_area * aspect)))
    h = int(round(math.sqrt(target_area / aspect)))
    i = torch.randint(0, 8 - h + 1, size=(1,), generator=g).item()
    print("rrc", w, h, i, round(aspect, 6))
st = g.get_state()
a = torch.rand(2, generator=g)
g.set_state(st)
print("state replay", torch.equal(a, torch.rand(2, generator=g)), st.dtype, st.shape)
print(g.initial_seed(), torch.Generator().seed() > 0)
# 3-D grid sample
vol = torch.randn(1, 2, 3, 4, 5, dtype=torch.float64)
theta = torch.tensor([[[0.9, 0.1, 0.0, 0.05], [-0.1, 1.0, 0.1, 0.0], [0.0, 0.05, 1.1, -0.1]]],
                     dtype=torch.float64)
for align in (False, True):
    grid = F.affine_grid(theta, (1, 2, 2, 3, 4), align_corners=align)
    for mode in ("bilinear", "nearest"):
        for pad in ("zeros", "border", "reflection"):
            out = F.grid_sample(vol, grid, mode=mode, padding_mode=pad, align_corners=align)
            print(mode, pad, align, round(out.sum().item(), 10))
try:
    F.grid_sample(vol, grid, mode="bicubic")
except Exception as e:
    print(type(e).__name__, e)
try:
    F.affine_grid(theta[:, :2, :3], (1, 2, 2, 3, 4))
except Exception as e:
    print(type(e).__name__, e)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    F.affine_grid(theta[:, :2, :3].float(), (1, 1, 4, 4))
    F.grid_sample(torch.ones(1, 1, 2, 2), torch.zeros(1, 1, 1, 2))
    F.interpolate(torch.ones(1, 1, 4, 4), scale_factor=0.5, mode="bilinear")
    F.upsample(torch.ones(1, 1, 2, 2), scale_factor=2)
    print([str(x.message)[:90] for x in w])
# interpolate
x = torch.arange(48, dtype=torch.float32).view(1, 3, 4, 4)
print(F.interpolate(x, scale_factor=1.7, mode="bicubic", antialias=True,
                    align_corners=False)[0, 0, 0])
print(F.interpolate(x, scale_factor=0.6, mode="bilinear", recompute_scale_factor=True)[0, 0])
print(F.interpolate(x, size=3, mode="area")[0, 0])
print(F.interpolate(x[:, :, 0], scale_factor=2.5, mode="linear")[0, 0])
print(F.interpolate(x.unsqueeze(2), size=(2, 3, 3), mode="trilinear")[0, 0, 1])
xa = x.double().requires_grad_()
F.interpolate(xa, size=(3, 2), mode="bicubic", antialias=True).pow(2).sum().backward()
print(xa.grad[0, 0])
# histogram
t = torch.tensor([0.1, 0.5, 0.5, 0.9, 1.5, -0.2])
print(torch.histc(t, bins=4, min=0, max=1))
print(torch.histc(t, bins=3))
print(torch.histogram(t, bins=torch.tensor([0.0, 0.5, 1.0]), weight=torch.ones(6) * 2,
                      density=True))
print(torch.histogramdd(torch.rand(10, 2, generator=g), bins=[2, 3]))
try:
    torch.histc(torch.tensor([1, 2, 3]), bins=3)
except Exception as e:
    print(type(e).__name__, e)
edges = torch.tensor([0.0, 0.5, 1.0])
print(torch.bucketize(t, edges), torch.bucketize(t, edges, right=True))
# losses
inp = torch.randn(3, 4, generator=g, dtype=torch.float64, requires_grad=True)
tgt = torch.tensor([[3, 0, -1, 1], [0, 1, 2, 3], [1, -1, 0, 0]])
loss = F.multilabel_margin_loss(inp, tgt)
loss.backward()
print(loss, inp.grad)
print(F.multilabel_soft_margin_loss(inp, (tgt > 0).double(), reduction="none"))
print(F.soft_margin_loss(inp, torch.sign(inp.detach())),
      F.hinge_embedding_loss(inp, torch.ones(3, 4).double() * -1))
print(nn.MultiMarginLoss(p=1, margin=2.0)(inp, torch.tensor([0, 1, 3])))
try:
    F.multi_margin_loss(inp, torch.tensor([0, 1, 3]), p=3)
except Exception as e:
    print(type(e).__name__, e)
print(torch.cdist(inp, inp.detach() + 1, compute_mode="use_mm_for_euclid_dist"))
print(torch.cdist(inp.unsqueeze(0), inp.unsqueeze(0), p=0))
# embedding
emb = nn.Embedding(5, 3, max_norm=1.0, padding_idx=0)
out = emb(torch.tensor([0, 1, 1, 4]))
print(emb.weight.norm(dim=1), out.norm(dim=1))
bag = nn.EmbeddingBag(5, 2, mode="sum")
print(bag(torch.tensor([1, 2, 4, 4]), torch.tensor([0, 2]),
          per_sample_weights=torch.tensor([1.0, 0.5, 2.0, -1.0])))
print(emb)
try:
    torch.optim.SparseAdam(nn.Linear(2, 2).parameters())(0)
except Exception as e:
    print(type(e).__name__, e)
lin = nn.Linear(2, 2)
lin(torch.ones(1, 2)).sum().backward()
try:
    torch.optim.SparseAdam(lin.parameters()).step()
except Exception as e:
    print(type(e).__name__, e)
e2 = nn.Embedding(4, 2, sparse=True)
e2(torch.tensor([1, 1])).sum().backward()
try:
    torch.optim.Adam(e2.parameters()).step()
except Exception as e:
    print(type(e).__name__, e)
print(e2.weight.grad)
print(torch.nn.utils.clip_grad_norm_(lin.parameters(), 0.1),
      torch.nn.utils.clip_grad_value_(lin.parameters(), 0.01))
print(torch.nn.utils.get_total_norm([p.grad for p in lin.parameters()]))
# cdist's matrix-product path (over 25 rows): a point's distance to itself is 0
pts = torch.randint(-5, 6, (30, 3), generator=g).double().requires_grad_()
dd = torch.cdist(pts, pts)
print("self distance", dd.diagonal()[:5], dd.grad_fn)
dd.sum().backward()
print("cdist grad", pts.grad[:3])
gg, = torch.autograd.grad(torch.cdist(pts, pts[:4].detach() + 0.5).pow(2).sum(), pts,
                          create_graph=True)
print("double backward", gg.grad_fn, torch.autograd.grad(gg.sum(), pts)[0][:2])
