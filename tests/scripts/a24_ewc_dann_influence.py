import torch
# Three training-loop tricks from continual-learning, domain-adaptation and data-attribution
# repositories: elastic weight consolidation, whose diagonal Fisher comes from per-sample
# gradients (torch.func.vmap over grad of a functional_call, labels sampled from the model's
# own predictive distribution) and whose penalty anchors a second task to the first task's
# weights; DANN, a gradient-reversal torch.autograd.Function whose backward negates and scales
# the gradient (the scale rising on the paper's 2/(1+exp(-10p))-1 schedule) between a feature
# extractor and a domain classifier; and influence functions, with inverse-Hessian-vector
# products by the LiSSA recursion on Hessian-vector products (double backward through
# create_graph=True), checked against an explicit Hessian from torch.autograd.functional.
import math

import torch.nn as nn
import torch.nn.functional as F
from torch.func import functional_call, grad, vmap

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def task(n, shift):
    x = torch.randn(n, 4)
    w = torch.tensor([1.0, -1.0, 0.5, 0.0]) if shift == 0 else torch.tensor([0.0, 0.5, -1.0, 1.0])
    y = (x @ w + 0.3 * torch.randn(n) > 0).long()
    return x, y


def accuracy(model, x, y):
    with torch.no_grad():
        return (model(x).argmax(-1) == y).double().mean().item()


# ---- EWC -------------------------------------------------------------------------------------
net = nn.Sequential(nn.Linear(4, 16), nn.Tanh(), nn.Linear(16, 2))
xa, ya = task(64, 0)
xb, yb = task(64, 1)
opt = torch.optim.SGD(net.parameters(), lr=0.3)
for _ in range(30):
    opt.zero_grad()
    F.cross_entropy(net(xa), ya).backward()
    opt.step()
print("task A acc after A", accuracy(net, xa, ya))

params = {k: v.detach() for k, v in net.named_parameters()}


def sample_loss(p, x, y):
    out = functional_call(net, p, (x[None],))
    return F.cross_entropy(out, y[None])


with torch.no_grad():
    y_model = torch.multinomial(F.softmax(net(xa), -1), 1).squeeze(1)
per_sample = vmap(grad(sample_loss), in_dims=(None, 0, 0))(params, xa, y_model)
fisher = {k: g.pow(2).mean(0) for k, g in per_sample.items()}
for k, f in fisher.items():
    print(f"  fisher {k:9s} shape {tuple(f.shape)} mean {f.mean().item():.8f}")
g0 = torch.autograd.grad(sample_loss(dict(net.named_parameters()), xa[0], y_model[0]),
                         list(net.parameters()))
print("vmap per-sample grad matches a single autograd.grad",
      all(torch.allclose(a, per_sample[k][0]) for a, k in zip(g0, params)))

for lam in (0.0, 50.0):
    model = nn.Sequential(nn.Linear(4, 16), nn.Tanh(), nn.Linear(16, 2))
    model.load_state_dict(net.state_dict())
    opt = torch.optim.SGD(model.parameters(), lr=0.3)
    for _ in range(30):
        opt.zero_grad()
        penalty = sum((fisher[k] * (p - params[k]).pow(2)).sum() for k, p in model.named_parameters())
        loss = F.cross_entropy(model(xb), yb) + lam / 2 * penalty
        loss.backward()
        opt.step()
    print(f"EWC lambda {lam:4.1f}: acc A {accuracy(model, xa, ya):.4f} acc B {accuracy(model, xb, yb):.4f} "
          f"penalty {penalty.item():.8f}")


# ---- DANN ------------------------------------------------------------------------------------
class GradReverse(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, lambd):
        ctx.lambd = lambd
        return x.view_as(x)

    @staticmethod
    def backward(ctx, g):
        return g.neg() * ctx.lambd, None


feat = nn.Sequential(nn.Linear(4, 12), nn.ReLU())
clf = nn.Linear(12, 2)
disc = nn.Sequential(nn.Linear(12, 8), nn.ReLU(), nn.Linear(8, 1))
xs_, ys_ = task(48, 0)
xt_ = torch.randn(48, 4) * 1.5 + 0.7
opt = torch.optim.SGD([*feat.parameters(), *clf.parameters(), *disc.parameters()], lr=0.05, momentum=0.9)
probe = torch.ones(3, requires_grad=True)
GradReverse.apply(probe, 0.25).sum().backward()
print("reversed grad", probe.grad, "grad_fn", GradReverse.apply(probe, 1.0).grad_fn.__class__.__name__)
steps = 8
for step in range(steps):
    p = step / steps
    lambd = 2.0 / (1.0 + math.exp(-10 * p)) - 1
    lr = 0.05 / (1 + 10 * p) ** 0.75
    for group in opt.param_groups:
        group["lr"] = lr
    fs, ft = feat(xs_), feat(xt_)
    cls_loss = F.cross_entropy(clf(fs), ys_)
    dom_logits = disc(GradReverse.apply(torch.cat([fs, ft]), lambd)).squeeze(1)
    dom_y = torch.cat([torch.zeros(48), torch.ones(48)])
    dom_loss = F.binary_cross_entropy_with_logits(dom_logits, dom_y)
    opt.zero_grad()
    (cls_loss + dom_loss).backward()
    opt.step()
    dom_acc = ((dom_logits > 0).double() == dom_y).double().mean().item()
    print(f"dann step {step} lambda {lambd:.6f} lr {lr:.6f} cls {cls_loss.item():.8f} "
          f"dom {dom_loss.item():.8f} dom acc {dom_acc:.4f} |g feat| {feat[0].weight.grad.norm().item():.8f}")


# ---- influence functions ---------------------------------------------------------------------
lin = nn.Linear(4, 1)
xi, yi = task(40, 0)
yi = yi.double()
opt = torch.optim.LBFGS(lin.parameters(), lr=1, max_iter=50, line_search_fn="strong_wolfe")
damp = 0.01


def train_loss():
    return F.binary_cross_entropy_with_logits(lin(xi).squeeze(1), yi) + damp / 2 * sum(
        p.pow(2).sum() for p in lin.parameters())


def closure():
    opt.zero_grad()
    loss = train_loss()
    loss.backward()
    return loss


opt.step(closure)
print("logistic fit loss", round(train_loss().item(), 10))
ps = list(lin.parameters())


def hvp(v):
    g = torch.autograd.grad(train_loss(), ps, create_graph=True)
    return torch.autograd.grad(g, ps, grad_outputs=v)


x_test, y_test = xi[:1] * -1.0, 1 - yi[:1]
v = torch.autograd.grad(F.binary_cross_entropy_with_logits(lin(x_test).squeeze(1), y_test), ps)
h_est = [t.clone() for t in v]
scale = 0.2
for _ in range(150):
    hv = hvp(h_est)
    h_est = [vv + he - hh / scale for vv, he, hh in zip(v, h_est, hv)]
ihvp = [t / scale for t in h_est]


def flat_loss(flat):
    w, b = flat[:4].view(1, 4), flat[4:]
    return F.binary_cross_entropy_with_logits((xi @ w.T + b).squeeze(1), yi) + damp / 2 * flat.pow(2).sum()


flat = torch.cat([p.detach().flatten() for p in ps])
Hm = torch.autograd.functional.hessian(flat_loss, flat)
exact = torch.linalg.solve(Hm, torch.cat([t.flatten() for t in v]))
print("LiSSA inverse-HVP matches solve(H, v)", torch.allclose(torch.cat([t.flatten() for t in ihvp]), exact,
                                                              atol=1e-8))
print("hessian eigenvalues", torch.linalg.eigvalsh(Hm))
influences = []
for i in range(6):
    gi = torch.autograd.grad(F.binary_cross_entropy_with_logits(lin(xi[i:i + 1]).squeeze(1), yi[i:i + 1]), ps)
    influences.append(-sum((a * b).sum() for a, b in zip(gi, ihvp)).item())
print("influence of first six training points on the test loss",
      [round(s, 8) for s in influences])
