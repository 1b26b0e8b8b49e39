import torch
# Differentiable architecture search as the DARTS reference code writes it: a cell whose edges
# are softmax-weighted mixtures of candidate operations (zero, skip, 3x3 average and max
# pooling, ReLU-conv-BN and dilated convolutions with affine-free batch norm), architecture
# parameters alpha kept apart from the network weights, and the second-order architect step:
# a virtual SGD-with-momentum step on the weights computed through torch.func.functional_call,
# the validation gradient at the virtual weights, and the Hessian-vector product approximated
# by finite differences of the training gradient at w +- eps * dw (weights moved in place under
# no_grad and restored). The first-order variant runs beside it, and the discrete genotype is
# read off the softmaxed alphas with 'none' excluded. Prints losses, alphas and genotypes.
import torch.nn as nn
import torch.nn.functional as F
from torch.func import functional_call

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
PRIMITIVES = ["none", "skip_connect", "avg_pool_3x3", "max_pool_3x3", "conv_3x3", "dil_conv_3x3"]


class Zero(nn.Module):
    def forward(self, x):
        return x.mul(0.0)


class ReLUConvBN(nn.Module):
    def __init__(self, C, k, pad, dil=1):
        super().__init__()
        self.op = nn.Sequential(nn.ReLU(inplace=False), nn.Conv2d(C, C, k, padding=pad, dilation=dil, bias=False),
                                nn.BatchNorm2d(C, affine=False))

    def forward(self, x):
        return self.op(x)


def make_op(name, C):
    return {
        "none": lambda: Zero(),
        "skip_connect": lambda: nn.Identity(),
        "avg_pool_3x3": lambda: nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False),
        "max_pool_3x3": lambda: nn.MaxPool2d(3, stride=1, padding=1),
        "conv_3x3": lambda: ReLUConvBN(C, 3, 1),
        "dil_conv_3x3": lambda: ReLUConvBN(C, 3, 2, dil=2),
    }[name]()


class MixedOp(nn.Module):
    def __init__(self, C):
        super().__init__()
        self.ops = nn.ModuleList(make_op(p, C) for p in PRIMITIVES)

    def forward(self, x, w):
        return sum(wi * op(x) for wi, op in zip(w, self.ops))


class Cell(nn.Module):
    def __init__(self, C, steps=2):
        super().__init__()
        self.steps = steps
        self.edges = nn.ModuleList(MixedOp(C) for i in range(steps) for _ in range(2 + i))

    def forward(self, s0, s1, weights):
        states = [s0, s1]
        offset = 0
        for i in range(self.steps):
            s = sum(self.edges[offset + j](h, weights[offset + j]) for j, h in enumerate(states))
            offset += len(states)
            states.append(s)
        return torch.cat(states[2:], dim=1)


class Network(nn.Module):
    def __init__(self, C=4, n_cls=3, steps=2):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, C, 3, padding=1, bias=False), nn.BatchNorm2d(C))
        self.cell = Cell(C, steps)
        self.pre = nn.Conv2d(C * steps, C, 1, bias=False)
        self.cell2 = Cell(C, steps)
        self.head = nn.Linear(C * steps, n_cls)
        k = sum(2 + i for i in range(steps))
        self.alphas = nn.Parameter(1e-3 * torch.randn(k, len(PRIMITIVES)))

    def weights(self):
        return [p for n, p in self.named_parameters() if n != "alphas"]

    def forward(self, x):
        w = F.softmax(self.alphas, dim=-1)
        s = self.stem(x)
        c1 = self.cell(s, s, w)
        c2 = self.cell2(s, self.pre(c1), w)
        return self.head(F.adaptive_avg_pool2d(c2, 1).flatten(1))


def genotype(alphas, steps=2):
    w = F.softmax(alphas, dim=-1).detach()
    gene, start = [], 0
    for i in range(steps):
        rows = w[start:start + 2 + i]
        best = rows[:, 1:].max(dim=1)
        edges = sorted(range(rows.shape[0]), key=lambda j: -best.values[j].item())[:2]
        gene += [(PRIMITIVES[1 + best.indices[j].item()], j) for j in edges]
        start += 2 + i
    return gene


def batch(n):
    y = torch.randint(0, 3, (n,))
    x = 0.2 * torch.randn(n, 1, 6, 6)
    x[y == 0, :, 2:4, :] += 1.0
    x[y == 1, :, :, 2:4] += 1.0
    x[y == 2] += torch.eye(6)
    return x, y


class Architect:
    def __init__(self, model, w_opt, lr=3e-2, momentum=0.9, wd=3e-4):
        self.model, self.w_opt = model, w_opt
        self.momentum, self.wd = momentum, wd
        self.a_opt = torch.optim.Adam([model.alphas], lr=lr, betas=(0.5, 0.999), weight_decay=1e-3)

    def virtual_weights(self, x, y, eta):
        names = [n for n, _ in self.model.named_parameters() if n != "alphas"]
        ws = self.model.weights()
        loss = F.cross_entropy(self.model(x), y)
        grads = torch.autograd.grad(loss, ws)
        new = {}
        for n, w, g in zip(names, ws, grads):
            buf = self.w_opt.state[w].get("momentum_buffer") if w in self.w_opt.state else None
            mom = buf * self.momentum if buf is not None else torch.zeros_like(w)
            new[n] = (w - eta * (mom + g + self.wd * w)).detach().requires_grad_()
        return new

    def step(self, xt, yt, xv, yv, eta, unrolled):
        self.a_opt.zero_grad()
        if not unrolled:
            F.cross_entropy(self.model(xv), yv).backward(inputs=[self.model.alphas])
            self.a_opt.step()
            return None
        new = self.virtual_weights(xt, yt, eta)
        new["alphas"] = self.model.alphas
        out = functional_call(self.model, new, (xv,))
        val_loss = F.cross_entropy(out, yv)
        ws_new = [v for k, v in new.items() if k != "alphas"]
        g = torch.autograd.grad(val_loss, [self.model.alphas] + ws_new)
        d_alpha, dw = g[0], g[1:]
        eps = 0.01 / torch.cat([v.flatten() for v in dw]).norm()
        ws = self.model.weights()
        with torch.no_grad():
            for w, v in zip(ws, dw):
                w.add_(v, alpha=eps.item())
        g_pos = torch.autograd.grad(F.cross_entropy(self.model(xt), yt), self.model.alphas)[0]
        with torch.no_grad():
            for w, v in zip(ws, dw):
                w.sub_(v, alpha=2 * eps.item())
        g_neg = torch.autograd.grad(F.cross_entropy(self.model(xt), yt), self.model.alphas)[0]
        with torch.no_grad():
            for w, v in zip(ws, dw):
                w.add_(v, alpha=eps.item())
        hvp = (g_pos - g_neg) / (2 * eps)
        self.model.alphas.grad = d_alpha - eta * hvp
        self.a_opt.step()
        return val_loss.item(), hvp.abs().max().item()


for unrolled in (False, True):
    torch.manual_seed(1)
    model = Network()
    w_opt = torch.optim.SGD(model.weights(), lr=0.05, momentum=0.9, weight_decay=3e-4)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(w_opt, T_max=6, eta_min=1e-3)
    arch = Architect(model, w_opt)
    print("second order" if unrolled else "first order", "edges x ops", tuple(model.alphas.shape),
          "weights", sum(p.numel() for p in model.weights()))
    for step in range(5):
        xt, yt = batch(12)
        xv, yv = batch(12)
        eta = sched.get_last_lr()[0]
        info = arch.step(xt, yt, xv, yv, eta, unrolled)
        w_opt.zero_grad()
        logits = model(xt)
        loss = F.cross_entropy(logits, yt)
        loss.backward()
        nn.utils.clip_grad_norm_(model.weights(), 5.0)
        w_opt.step()
        sched.step()
        msg = f"  step {step} lr {eta:.5f} train {loss.item():.8f}"
        if info is not None:
            msg += f" val(virtual) {info[0]:.8f} |hvp| {info[1]:.6e}"
        print(msg)
    print("  softmax(alphas) edge 0", F.softmax(model.alphas, -1)[0].detach())
    print("  |alpha grad|", round(model.alphas.grad.norm().item(), 10))
    print("  genotype", genotype(model.alphas))
    print("  bn running mean", model.stem[1].running_mean)
