import torch
import torch.nn.functional as F
from torch import nn

# The "Loss Functions" section of the torch.nn docs page, one class at a time, the less common
# ones a user reaches for after MSE and cross-entropy: each with its reductions, a gradient,
# the options its docstring lists (margin, p, weight, log_input, full, eps, log_target, delta,
# beta), and the errors a user meets when the shapes are wrong.

torch.manual_seed(0)
torch.set_printoptions(precision=4)


def show(name, loss_fn, *inputs, grads=(0,)):
    leaves = [t.detach().clone().requires_grad_(i in grads) for i, t in enumerate(inputs)]
    out = loss_fn(*leaves)
    print(name, out.shape, out.grad_fn.__class__.__name__ if out.grad_fn else None)
    print("  value", out if out.dim() else round(out.item(), 6))
    out.sum().backward()
    for i, leaf in enumerate(leaves):
        if leaf.requires_grad:
            print(f"  grad[{i}]", leaf.grad)


x = torch.randn(4, 5, dtype=torch.float64)
y = torch.tensor([1, 0, 4, 2])

for reduction in ["mean", "sum", "none"]:
    show(f"MultiMarginLoss({reduction})", nn.MultiMarginLoss(reduction=reduction), x, y)
show("MultiMarginLoss(p=2, margin=0.5)", nn.MultiMarginLoss(p=2, margin=0.5), x, y)
w = torch.tensor([1.0, 2.0, 0.5, 1.0, 3.0], dtype=torch.float64)
show("MultiMarginLoss(weight)", nn.MultiMarginLoss(weight=w), x, y)
try:
    nn.MultiMarginLoss(p=3)
except ValueError as err:
    print("ValueError:", err)

# multilabel margin: targets are class indices padded with -1 after the last one
ml_target = torch.tensor([[3, 0, -1, 1, 2], [1, 2, 4, -1, 0], [0, -1, 2, 3, 4], [4, 3, 2, 1, 0]])
show("MultiLabelMarginLoss", nn.MultiLabelMarginLoss(), x, ml_target)
show("MultiLabelMarginLoss(none)", nn.MultiLabelMarginLoss(reduction="none"), x, ml_target)

signs = torch.tensor([[1.0, -1, 1, 1, -1], [-1, -1, 1, 1, 1], [1, 1, 1, -1, -1], [-1, 1, -1, 1, -1]],
                     dtype=torch.float64)
show("SoftMarginLoss", nn.SoftMarginLoss(), x, signs)
show("MultiLabelSoftMarginLoss", nn.MultiLabelSoftMarginLoss(), x, (signs > 0).double())
show("MultiLabelSoftMarginLoss(weight,none)",
     nn.MultiLabelSoftMarginLoss(weight=w, reduction="none"), x, (signs > 0).double())
show("HingeEmbeddingLoss", nn.HingeEmbeddingLoss(margin=0.7), x.abs(), signs)

counts = torch.poisson(torch.full((3, 4), 2.5, dtype=torch.float64))
rate = torch.rand(3, 4, dtype=torch.float64) * 3 + 0.2
show("PoissonNLLLoss(log_input)", nn.PoissonNLLLoss(), rate.log(), counts)
show("PoissonNLLLoss(rate, full)", nn.PoissonNLLLoss(log_input=False, full=True), rate, counts)

mu = torch.randn(5, 2, dtype=torch.float64)
target = torch.randn(5, 2, dtype=torch.float64)
var_full = torch.rand(5, 2, dtype=torch.float64) + 0.1
var_col = torch.rand(5, 1, dtype=torch.float64) + 0.1
show("GaussianNLLLoss", nn.GaussianNLLLoss(), mu, target, var_full, grads=(0, 2))
show("GaussianNLLLoss(var per row, full)", nn.GaussianNLLLoss(full=True), mu, target, var_col, grads=(0, 2))
show("GaussianNLLLoss(eps, none)", nn.GaussianNLLLoss(eps=0.5, reduction="none"), mu, target,
     var_full, grads=(0, 1, 2))
try:
    F.gaussian_nll_loss(mu, target, torch.rand(5, 3, dtype=torch.float64))
except ValueError as err:
    print("ValueError:", err)
try:
    F.gaussian_nll_loss(mu, target, -var_full)
except ValueError as err:
    print("ValueError:", err)

pred = torch.randn(6, dtype=torch.float64) * 3
goal = torch.randn(6, dtype=torch.float64)
for delta in [0.5, 1.0, 2.0]:
    show(f"HuberLoss(delta={delta})", nn.HuberLoss(delta=delta), pred, goal, grads=(0, 1))
    show(f"SmoothL1Loss(beta={delta})", nn.SmoothL1Loss(beta=delta), pred, goal, grads=(0, 1))
show("SmoothL1Loss(beta=0)", nn.SmoothL1Loss(beta=0.0), pred, goal, grads=(0, 1))

log_p = F.log_softmax(torch.randn(3, 4, dtype=torch.float64), dim=1)
q = F.softmax(torch.randn(3, 4, dtype=torch.float64), dim=1)
show("KLDivLoss(batchmean)", nn.KLDivLoss(reduction="batchmean"), log_p, q, grads=(0, 1))
show("KLDivLoss(log_target)", nn.KLDivLoss(reduction="sum", log_target=True), log_p, q.log(), grads=(0, 1))
show("KLDivLoss(none)", nn.KLDivLoss(reduction="none"), log_p, q)

a, b = torch.randn(4, 6, dtype=torch.float64), torch.randn(4, 6, dtype=torch.float64)
pm = torch.tensor([1.0, -1.0, -1.0, 1.0], dtype=torch.float64)
show("CosineEmbeddingLoss(margin=0.2)", nn.CosineEmbeddingLoss(margin=0.2), a, b, pm, grads=(0, 1))
show("MarginRankingLoss(margin=0.3)", nn.MarginRankingLoss(margin=0.3), a[:, 0], b[:, 0], pm, grads=(0, 1))
anchor, pos, neg = (torch.randn(4, 6, dtype=torch.float64) for _ in range(3))
show("TripletMarginLoss(swap)", nn.TripletMarginLoss(margin=1.0, p=1, swap=True), anchor, pos, neg, grads=(0, 1, 2))
cos_dist = lambda u, v: 1.0 - F.cosine_similarity(u, v)
show("TripletMarginWithDistanceLoss(cos)",
     nn.TripletMarginWithDistanceLoss(distance_function=cos_dist, margin=0.5), anchor, pos, neg, grads=(0, 1, 2))

# shape and value errors a user meets
try:
    nn.MarginRankingLoss()(a[:, 0], b[:3, 0], pm)
except RuntimeError as err:
    print("RuntimeError:", str(err).splitlines()[0])
try:
    nn.KLDivLoss(reduction="batchmean")(log_p, q[:, :3])
except RuntimeError as err:
    print("RuntimeError:", str(err).splitlines()[0])
try:
    nn.HuberLoss(reduction="avg")(pred, goal)
except ValueError as err:
    print("ValueError:", err)
