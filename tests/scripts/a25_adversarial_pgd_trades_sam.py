import torch
# Robust-training recipes as the adversarial-robustness and sharpness-aware repositories write
# them: FGSM and an L-inf PGD attack (random start, sign of the input gradient from
# torch.autograd.grad, projection with torch.clamp against tensor bounds and clamp_ into the
# data box, model.eval() while attacking), an L2 PGD step normalised per sample with
# view/renorm, the TRADES loss (KL(batchmean) between clean and adversarial softmaxes,
# adversary found by maximising that KL), virtual adversarial training (a power-iteration step
# on a random direction with requires_grad_ and F.kl_div), and SAM/ASAM as a
# torch.optim.Optimizer subclass wrapping SGD (first_step perturbs in place and stores e_w in
# self.state, second_step restores and steps the base optimizer). Prints clean and robust
# losses, accuracies, perturbation norms and gradient norms.
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)

n, d, classes = 32, 10, 3
centers = torch.randn(classes, d) * 1.5
y = torch.arange(n) % classes
x = (centers[y] + torch.randn(n, d) * 0.8).clamp(-3.0, 3.0)
lo, hi = torch.full((d,), -3.0), torch.full((d,), 3.0)


def make_model():
    return nn.Sequential(nn.Linear(d, 24), nn.BatchNorm1d(24), nn.ReLU(), nn.Dropout(0.1),
                         nn.Linear(24, classes))


def fgsm(model, x, y, eps):
    x = x.clone().detach().requires_grad_(True)
    loss = F.cross_entropy(model(x), y)
    (g,) = torch.autograd.grad(loss, x)
    return (x + eps * g.sign()).clamp(lo, hi).detach()


def pgd_linf(model, x, y, eps, alpha, steps, gen):
    delta = torch.empty_like(x).uniform_(-eps, eps, generator=gen)
    x_adv = torch.clamp(x + delta, lo, hi).detach()
    for _ in range(steps):
        x_adv.requires_grad_(True)
        loss = F.cross_entropy(model(x_adv), y)
        (g,) = torch.autograd.grad(loss, [x_adv])
        x_adv = x_adv.detach() + alpha * torch.sign(g.detach())
        x_adv = torch.min(torch.max(x_adv, x - eps), x + eps)
        x_adv.clamp_(min=-3.0, max=3.0)
    return x_adv.detach()


def pgd_l2(model, x, y, eps, alpha, steps):
    delta = torch.zeros_like(x, requires_grad=True)
    for _ in range(steps):
        loss = F.cross_entropy(model(x + delta), y)
        loss.backward()
        g = delta.grad.detach()
        g_norm = g.view(g.shape[0], -1).norm(p=2, dim=1).clamp_min(1e-12).view(-1, 1)
        delta.data.add_(alpha * g / g_norm)
        delta.data = delta.data.renorm(p=2, dim=0, maxnorm=eps)
        delta.grad.zero_()
    return (x + delta).detach()


def trades_adv(model, x, eps, alpha, steps, gen):
    criterion_kl = nn.KLDivLoss(reduction="sum")
    with torch.no_grad():
        p_nat = F.softmax(model(x), dim=1)
    x_adv = x.detach() + 0.001 * torch.randn(x.shape, generator=gen)
    for _ in range(steps):
        x_adv.requires_grad_()
        with torch.enable_grad():
            loss_kl = criterion_kl(F.log_softmax(model(x_adv), dim=1), p_nat)
        grad = torch.autograd.grad(loss_kl, [x_adv])[0]
        x_adv = x_adv.detach() + alpha * torch.sign(grad.detach())
        x_adv = torch.min(torch.max(x_adv, x - eps), x + eps).clamp(-3.0, 3.0)
    return x_adv.detach()


def vat_loss(model, x, xi=10.0, eps=1.0, gen=None):
    with torch.no_grad():
        pred = F.softmax(model(x), dim=1)
    dvec = torch.rand(x.shape, generator=gen).sub(0.5)
    dvec = F.normalize(dvec, dim=1)
    dvec.requires_grad_()
    pred_hat = model(x + xi * dvec)
    adv_distance = F.kl_div(F.log_softmax(pred_hat, dim=1), pred, reduction="batchmean")
    adv_distance.backward()
    dvec = F.normalize(dvec.grad, dim=1)
    model.zero_grad()
    r_adv = dvec * eps
    return F.kl_div(F.log_softmax(model(x + r_adv), dim=1), pred, reduction="batchmean")


class SAM(torch.optim.Optimizer):
    def __init__(self, params, base_optimizer, rho=0.05, adaptive=False, **kwargs):
        if rho < 0.0:
            raise ValueError(f"Invalid rho, should be non-negative: {rho}")
        defaults = dict(rho=rho, adaptive=adaptive, **kwargs)
        super().__init__(params, defaults)
        self.base_optimizer = base_optimizer(self.param_groups, **kwargs)
        self.param_groups = self.base_optimizer.param_groups
        self.defaults.update(self.base_optimizer.defaults)

    @torch.no_grad()
    def first_step(self, zero_grad=False):
        grad_norm = self._grad_norm()
        for group in self.param_groups:
            scale = group["rho"] / (grad_norm + 1e-12)
            for p in group["params"]:
                if p.grad is None:
                    continue
                self.state[p]["old_p"] = p.data.clone()
                e_w = (torch.pow(p, 2) if group["adaptive"] else 1.0) * p.grad * scale.to(p)
                p.add_(e_w)
        if zero_grad:
            self.zero_grad()

    @torch.no_grad()
    def second_step(self, zero_grad=False):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                p.data = self.state[p]["old_p"]
        self.base_optimizer.step()
        if zero_grad:
            self.zero_grad()

    def _grad_norm(self):
        return torch.norm(torch.stack([
            ((torch.abs(p) if group["adaptive"] else 1.0) * p.grad).norm(p=2)
            for group in self.param_groups for p in group["params"] if p.grad is not None]),
            p=2)


gen = torch.Generator().manual_seed(7)
model = make_model()
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
print("== PGD adversarial training")
for epoch in range(3):
    model.eval()
    x_adv = pgd_linf(model, x, y, eps=0.3, alpha=0.1, steps=3, gen=gen)
    x_fgsm = fgsm(model, x, y, 0.3)
    model.train()
    logits = model(x_adv)
    loss = F.cross_entropy(logits, y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    model.eval()
    with torch.no_grad():
        clean_acc = (model(x).argmax(1) == y).double().mean().item()
        rob_acc = (model(x_adv).argmax(1) == y).double().mean().item()
        fgsm_loss = F.cross_entropy(model(x_fgsm), y).item()
    print(f"epoch {epoch} adv loss {loss.item():.6f} clean acc {clean_acc:.4f} "
          f"robust acc {rob_acc:.4f} fgsm loss {fgsm_loss:.6f} "
          f"|delta|inf {(x_adv - x).abs().max().item():.4f}")
x2 = pgd_l2(model, x, y, eps=0.5, alpha=0.2, steps=3)
print("L2 deltas:", (x2 - x).norm(dim=1)[:4], "grads left on params:",
      model[0].weight.grad is not None)

print("== TRADES")
torch.manual_seed(1)
model = make_model()
opt = torch.optim.SGD(model.parameters(), lr=0.1)
beta = 6.0
for epoch in range(3):
    model.eval()
    x_adv = trades_adv(model, x, eps=0.3, alpha=0.1, steps=3, gen=gen)
    model.train()
    opt.zero_grad()
    logits = model(x)
    loss_natural = F.cross_entropy(logits, y)
    loss_robust = (1.0 / n) * nn.KLDivLoss(reduction="sum")(
        F.log_softmax(model(x_adv), dim=1), F.softmax(logits, dim=1))
    loss = loss_natural + beta * loss_robust
    loss.backward()
    opt.step()
    print(f"epoch {epoch} natural {loss_natural.item():.6f} robust {loss_robust.item():.6f} "
          f"|g| {model[0].weight.grad.norm().item():.6f}")

print("== VAT")
torch.manual_seed(2)
model = make_model().eval()
opt = torch.optim.Adam(model.parameters(), lr=0.01)
for step in range(3):
    lds = vat_loss(model, x, gen=gen)
    loss = F.cross_entropy(model(x[:8]), y[:8]) + lds
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"step {step} lds {lds.item():.6e} loss {loss.item():.6f}")

print("== SAM / ASAM")
for adaptive in (False, True):
    torch.manual_seed(3)
    model = make_model()
    model[3].p = 0.0
    opt = SAM(model.parameters(), torch.optim.SGD, rho=2.0 if adaptive else 0.05,
              adaptive=adaptive, lr=0.1, momentum=0.9)
    print("defaults:", sorted(opt.defaults))
    for step in range(3):
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        gnorm = opt._grad_norm()
        opt.first_step(zero_grad=True)
        perturbed = F.cross_entropy(model(x), y)
        perturbed.backward()
        opt.second_step(zero_grad=True)
        print(f"adaptive={adaptive} step {step} loss {loss.item():.6f} "
              f"sharp loss {perturbed.item():.6f} |g| {gnorm.item():.6f}")
    print("state keys:", sorted(opt.state[model[0].weight]),
          "momentum buffer:", "momentum_buffer" in opt.base_optimizer.state[model[0].weight])
try:
    SAM(model.parameters(), torch.optim.SGD, rho=-1.0, lr=0.1)
except ValueError as e:
    print("ValueError:", e)
