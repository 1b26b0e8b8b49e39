import torch
# A spiking network trained with surrogate gradients as snnTorch-style and SpikingJelly-style
# repositories write it: rate (Bernoulli) and delta encodings of the input, a Heaviside spike
# whose backward is a fast-sigmoid derivative (a torch.autograd.Function saving the membrane
# potential and a non-tensor slope) and an arctan surrogate written with the detach trick,
# leaky integrate-and-fire neurons with a learnable decay squashed by sigmoid and a detached
# subtractive reset, a recurrent leaky layer over time, a convolutional front end with
# max-pooling of spikes, a spike-count cross-entropy and a membrane-potential MSE loss, and
# firing-rate regularisation. Prints losses, spike counts and gradients at every step.
import math

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
# float64: a spike is a threshold crossing, and a float32 rounding step can flip one
torch.set_default_dtype(torch.float64)


class FastSigmoidSpike(torch.autograd.Function):
    @staticmethod
    def forward(ctx, mem, slope):
        ctx.save_for_backward(mem)
        ctx.slope = slope
        return torch.heaviside(mem, torch.tensor(0.0, dtype=mem.dtype))

    @staticmethod
    def backward(ctx, grad_out):
        (mem,) = ctx.saved_tensors
        return grad_out / (ctx.slope * mem.abs() + 1.0) ** 2, None


def atan_spike(mem, alpha=2.0):
    soft = torch.atan(math.pi / 2 * alpha * mem) / math.pi + 0.5
    hard = (mem > 0).to(mem.dtype)
    return hard.detach() + soft - soft.detach()


class Leaky(nn.Module):
    def __init__(self, size, beta=0.9, threshold=1.0, spike="fast_sigmoid"):
        super().__init__()
        self.beta_logit = nn.Parameter(torch.full((size,), math.log(beta / (1 - beta))))
        self.threshold = threshold
        self.spike = spike

    def fire(self, v):
        if self.spike == "fast_sigmoid":
            return FastSigmoidSpike.apply(v - self.threshold, 25.0)
        return atan_spike(v - self.threshold)

    def forward(self, cur, mem):
        beta = torch.sigmoid(self.beta_logit)
        reset = (mem - self.threshold > 0).to(mem.dtype).detach()
        mem = beta * mem + cur - reset * self.threshold
        return self.fire(mem), mem


class RLeaky(Leaky):
    def __init__(self, size, **kw):
        super().__init__(size, **kw)
        self.rec = nn.Linear(size, size, bias=False)
        nn.init.orthogonal_(self.rec.weight, gain=0.5)

    def forward(self, cur, spk, mem):
        return super().forward(cur + self.rec(spk), mem)


class ConvSNN(nn.Module):
    def __init__(self, n_cls=3):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.lif1 = Leaky(4 * 4 * 4, beta=0.8, spike="atan")
        self.fc = nn.Linear(64, 24)
        self.lif2 = RLeaky(24, beta=0.85)
        self.out = nn.Linear(24, n_cls)
        self.lif3 = Leaky(n_cls, beta=0.9)

    def forward(self, frames):
        T, B = frames.shape[:2]
        m1 = torch.zeros(B, 64)
        s2 = torch.zeros(B, 24)
        m2 = torch.zeros(B, 24)
        m3 = torch.zeros(B, 3)
        spikes, mems, hidden = [], [], []
        for t in range(T):
            c = F.max_pool2d(self.conv(frames[t]), 2).flatten(1)
            s1, m1 = self.lif1(c, m1)
            s2, m2 = self.lif2(self.fc(s1), s2, m2)
            s3, m3 = self.lif3(self.out(s2), m3)
            spikes.append(s3)
            mems.append(m3)
            hidden.append(s1.mean() + s2.mean())
        return torch.stack(spikes), torch.stack(mems), torch.stack(hidden).mean() / 2


def rate_encode(x, T):
    return torch.bernoulli(x.clamp(0, 1).unsqueeze(0).expand(T, *x.shape))


def delta_encode(seq, threshold=0.1):
    d = torch.diff(seq, dim=0, prepend=torch.zeros_like(seq[:1]))
    return (d > threshold).to(seq.dtype) - (d < -threshold).to(seq.dtype)


# three classes of 8x8 images: a horizontal bar, a vertical bar, a diagonal
def make_batch(n):
    y = torch.randint(0, 3, (n,))
    img = 0.1 * torch.rand(n, 1, 8, 8)
    for i in range(n):
        k = torch.randint(1, 7, ()).item()
        if y[i] == 0:
            img[i, 0, k, :] = 0.9
        elif y[i] == 1:
            img[i, 0, :, k] = 0.9
        else:
            img[i, 0].diagonal().fill_(0.9)
    return img, y


v = torch.linspace(-1.0, 1.0, 5, requires_grad=True)
FastSigmoidSpike.apply(v, 25.0).sum().backward()
print("fast sigmoid surrogate grad", v.grad)
v.grad = None
atan_spike(v).sum().backward()
print("atan surrogate grad", v.grad)
print("heaviside", torch.heaviside(torch.tensor([-1.0, 0.0, 2.0]), torch.tensor([0.5])))
print("delta encoding", delta_encode(torch.tensor([[0.0], [0.3], [0.35], [0.1], [0.1]])).flatten())

net = ConvSNN()
opt = torch.optim.Adam(net.parameters(), lr=2e-2, betas=(0.9, 0.999))
T = 10
xs, ys = make_batch(12)
for step in range(8):
    frames = rate_encode(xs, T)
    spk, mem, rate = net(frames)
    counts = spk.sum(0)
    ce = F.cross_entropy(counts, ys)
    target_mem = F.one_hot(ys, 3).to(mem.dtype) * 1.2 + (1 - F.one_hot(ys, 3).to(mem.dtype)) * 0.2
    mse = F.mse_loss(mem, target_mem.expand_as(mem))
    reg = (rate - 0.1).pow(2)
    loss = ce + 0.5 * mse + reg
    opt.zero_grad()
    loss.backward()
    opt.step()
    acc = (counts.argmax(1) == ys).double().mean().item()
    print(f"step {step} loss {loss.item():.4f} ce {ce.item():.4f} mse {mse.item():.4f} "
          f"rate {rate.item():.4f} spikes {int(spk.sum().item())} acc {acc:.3f}")
    print(f"   beta1 {torch.sigmoid(net.lif1.beta_logit).mean().item():.4f} "
          f"|g conv| {net.conv.weight.grad.norm().item():.4f} "
          f"|g rec| {net.lif2.rec.weight.grad.norm().item():.4f}")
print("final counts", counts[:4])
