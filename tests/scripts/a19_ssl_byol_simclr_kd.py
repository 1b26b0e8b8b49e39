import torch

# Self-supervised and metric-learning losses as their reference implementations write them:
# SimCLR's NT-Xent (F.normalize, a masked diagonal filled with -inf, cross_entropy over the
# 2N x 2N similarity matrix, and the same loss by logsumexp), BYOL with a momentum target
# network (no gradients into it, _foreach_mul_/_foreach_add_ EMA) and a predictor, batch-hard
# triplet mining with torch.cdist and boolean masks next to nn.TripletMarginLoss, and
# knowledge distillation with F.kl_div(log_target=True) at a temperature.
import copy

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def augment(x, generator):
    noise = 0.1 * torch.randn(x.shape, generator=generator)
    scale = 1 + 0.2 * (torch.rand(x.shape[0], 1, generator=generator) - 0.5)
    drop = torch.rand(x.shape, generator=generator) > 0.1
    return (x * scale + noise) * drop


def nt_xent(z1, z2, temperature=0.5):
    n = z1.shape[0]
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    sim = z @ z.T / temperature
    sim = sim.masked_fill(torch.eye(2 * n, dtype=torch.bool), float("-inf"))
    targets = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])
    return F.cross_entropy(sim, targets), sim, targets


def nt_xent_logsumexp(z1, z2, temperature=0.5):
    n = z1.shape[0]
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    sim = z @ z.T / temperature
    mask = ~torch.eye(2 * n, dtype=torch.bool)
    positives = torch.cat([sim.diagonal(n), sim.diagonal(-n)])
    denominators = torch.logsumexp(sim.masked_fill(~mask, -torch.inf), dim=1)
    return (denominators - positives).mean()


def mlp(i, h, o):
    return nn.Sequential(nn.Linear(i, h), nn.BatchNorm1d(h), nn.ReLU(), nn.Linear(h, o))


data = torch.randn(64, 10)
g = torch.Generator().manual_seed(7)

# SimCLR
encoder = mlp(10, 32, 8)
opt = torch.optim.Adam(encoder.parameters(), lr=1e-2)
for step in range(6):
    batch = data[step * 8:(step + 1) * 8 + 8]
    loss, sim, targets = nt_xent(encoder(augment(batch, g)), encoder(augment(batch, g)))
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step == 0:
        other = nt_xent_logsumexp(encoder(augment(batch, g)), encoder(augment(batch, g)))
        print("sim diag", sim.diagonal()[:3], "targets", targets[:4], targets[-4:])
        print("top-1 of positives", (sim.argmax(1) == targets).float().mean().item())
    print(f"simclr step {step} loss {loss.item():.8f}")
print("logsumexp form", f"{other.item():.8f}")
z1 = torch.randn(4, 3, requires_grad=True)
z2 = torch.randn(4, 3, requires_grad=True)
a, _, _ = nt_xent(z1, z2)
b = nt_xent_logsumexp(z1, z2)
print("two forms agree", torch.allclose(a, b), a.grad_fn.name(), b.grad_fn.name())
ga = torch.autograd.grad(a, (z1, z2))
gb = torch.autograd.grad(b, (z1, z2))
print("gradients agree", all(torch.allclose(x, y) for x, y in zip(ga, gb)))
print("grad z1", ga[0])

# BYOL
online = nn.Sequential(mlp(10, 32, 8))
predictor = mlp(8, 16, 8)
target = copy.deepcopy(online)
for p in target.parameters():
    p.requires_grad_(False)
opt = torch.optim.SGD(list(online.parameters()) + list(predictor.parameters()), lr=0.05,
                      momentum=0.9)


def byol_loss(p, z):
    p, z = F.normalize(p, dim=-1), F.normalize(z, dim=-1)
    return 2 - 2 * (p * z).sum(dim=-1)


for step in range(6):
    tau = 1 - (1 - 0.99) * (torch.cos(torch.tensor(torch.pi * step / 6)) + 1) / 2
    batch = data[torch.randperm(64, generator=g)[:16]]
    v1, v2 = augment(batch, g), augment(batch, g)
    p1, p2 = predictor(online(v1)), predictor(online(v2))
    with torch.no_grad():
        t1, t2 = target(v1), target(v2)
    loss = (byol_loss(p1, t2.detach()) + byol_loss(p2, t1.detach())).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    with torch.no_grad():
        t_params, o_params = list(target.parameters()), list(online.parameters())
        torch._foreach_mul_(t_params, tau.item())
        torch._foreach_add_(t_params, o_params, alpha=1 - tau.item())
        for tb, ob in zip(target.buffers(), online.buffers()):
            tb.copy_(ob)
    print(f"byol step {step} tau {tau.item():.6f} loss {loss.item():.8f}")
print("target grads", [p.grad for p in target.parameters()][:1],
      "requires_grad", target[0][0].weight.requires_grad)
print("target running_var", target[0][1].running_var[:4])

# batch-hard triplet mining
embed = nn.Linear(10, 4)
labels = torch.arange(16) % 4
opt = torch.optim.SGD(embed.parameters(), lr=0.1)
builtin = nn.TripletMarginLoss(margin=0.3)
for step in range(5):
    e = embed(data[:16])
    dist = torch.cdist(e, e)
    same = labels[:, None] == labels[None, :]
    hardest_pos = dist.masked_fill(~same, 0).amax(1)
    hardest_neg = dist.masked_fill(same, float("inf")).amin(1)
    loss = F.relu(hardest_pos - hardest_neg + 0.3).mean()
    pos_index = dist.masked_fill(~same, -1).argmax(1)
    neg_index = dist.masked_fill(same, float("inf")).argmin(1)
    reference = builtin(e, e[pos_index], e[neg_index])
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"triplet step {step} loss {loss.item():.8f} builtin {reference.item():.8f} "
          f"active {(hardest_pos - hardest_neg + 0.3 > 0).sum().item()}")
print("neg index", neg_index.tolist())

# knowledge distillation
teacher = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 5)).eval()
student = nn.Linear(10, 5)
opt = torch.optim.Adam(student.parameters(), lr=5e-3)
hard = teacher(data).argmax(1)
T = 4.0
for step in range(5):
    with torch.no_grad():
        teacher_logits = teacher(data)
    student_logits = student(data)
    soft = F.kl_div(F.log_softmax(student_logits / T, dim=-1),
                    F.log_softmax(teacher_logits / T, dim=-1),
                    reduction="batchmean", log_target=True) * T * T
    prob_form = F.kl_div(F.log_softmax(student_logits / T, dim=-1),
                         F.softmax(teacher_logits / T, dim=-1), reduction="batchmean") * T * T
    loss = 0.7 * soft + 0.3 * F.cross_entropy(student_logits, hard)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"kd step {step} soft {soft.item():.8f} prob form {prob_form.item():.8f} "
          f"total {loss.item():.8f}")
print("kd grad_fn", soft.grad_fn.name(), loss.grad_fn.name())
print("agreement", (student(data).argmax(1) == hard).float().mean().item())
x = torch.randn(3, 4).log_softmax(-1)
print(F.kl_div(x, x.exp(), reduction="none").abs().max() < 1e-12,
      F.kl_div(x, x, reduction="sum", log_target=True))
try:
    F.kl_div(x, x, reduction="bogus")
except ValueError as error:
    print("ValueError", error)
