import torch
# Growing neural cellular automata as the distill.pub reference notebooks and their PyTorch
# ports write them: a 16-channel cell state whose perception is an identity plus Sobel x/y
# depthwise convolution (one kernel stack repeated per channel, groups=channels), an update
# rule of two 1x1 convolutions with the last one zero-initialised, stochastic cell updates from
# a torch.rand fire mask, living-cell masks from max_pool2d of the alpha channel before and after
# the update, a random number of CA steps per batch (torch.randint), a sample pool whose
# worst-loss entry is reseeded and which receives the batch back through index assignment,
# circular damage masks, per-parameter gradient normalisation, and MultiStepLR. Prints the loss
# per step, alive-cell counts and the pool's losses.
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
# float64: the living-cell mask is a threshold, and BLAS rounding differs across CPUs
torch.set_default_dtype(torch.float64)
CH, SIZE, POOL, BATCH = 12, 14, 12, 4

yy, xx = torch.meshgrid(torch.arange(SIZE), torch.arange(SIZE), indexing="ij")
center = (SIZE - 1) / 2
r = ((yy - center) ** 2 + (xx - center) ** 2).sqrt()
target = torch.zeros(4, SIZE, SIZE)
ring = (r < 5) & (r > 2)
target[0][ring] = 1.0
target[1][r <= 2] = 0.8
target[2][ring & (xx > center)] = 0.6
target[3][r < 5] = 1.0
target[:3] *= target[3]


def seed_state(n):
    x = torch.zeros(n, CH, SIZE, SIZE)
    x[:, 3:, SIZE // 2, SIZE // 2] = 1.0
    return x


class CA(nn.Module):
    def __init__(self, hidden=32, fire_rate=0.5):
        super().__init__()
        ident = torch.tensor([[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]])
        sobel_x = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]) / 8
        kernel = torch.stack([ident, sobel_x, sobel_x.T])
        self.register_buffer("kernel", kernel.repeat(CH, 1, 1)[:, None])
        self.w1 = nn.Conv2d(3 * CH, hidden, 1)
        self.w2 = nn.Conv2d(hidden, CH, 1, bias=False)
        nn.init.zeros_(self.w2.weight)
        self.fire_rate = fire_rate

    def perceive(self, x):
        return F.conv2d(F.pad(x, (1, 1, 1, 1), mode="circular"), self.kernel, groups=CH)

    def alive(self, x):
        return F.max_pool2d(x[:, 3:4], 3, stride=1, padding=1) > 0.1

    def forward(self, x):
        pre = self.alive(x)
        dx = self.w2(torch.relu(self.w1(self.perceive(x))))
        fire = (torch.rand(x.shape[0], 1, SIZE, SIZE) <= self.fire_rate).to(x.dtype)
        x = x + dx * fire
        post = self.alive(x)
        return x * (pre & post).to(x.dtype)


def damage(x, n):
    for i in range(n):
        c = torch.rand(2) * (SIZE - 6) + 3
        rad = 2 + torch.rand(()) * 2
        hole = ((yy - c[0]) ** 2 + (xx - c[1]) ** 2).sqrt() < rad
        x[-1 - i, :, hole] = 0.0
    return x


ca = CA()
print("perception kernel", tuple(ca.kernel.shape), "sobel row", ca.kernel[1, 0, 0])
x0 = seed_state(1)
print("perceived seed (channel 3, ident/sobel_x/sobel_y) at centre",
      ca.perceive(x0)[0, 9:12, SIZE // 2, SIZE // 2 - 1:SIZE // 2 + 2])
opt = torch.optim.Adam(ca.parameters(), lr=2e-3)
sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[6], gamma=0.3)
pool = seed_state(POOL)

for step in range(10):
    idx = torch.randperm(POOL)[:BATCH]
    x = pool[idx].clone()
    with torch.no_grad():
        per = (x[:, :4] - target).pow(2).mean(dim=(1, 2, 3))
    order = per.argsort(descending=True)
    x = x[order]
    idx = idx[order]
    x[:1] = seed_state(1)
    if step >= 5:
        x = damage(x, 1)
    n_steps = torch.randint(6, 10, ()).item()
    for _ in range(n_steps):
        x = ca(x)
    loss_each = (x[:, :4] - target).pow(2).mean(dim=(1, 2, 3))
    loss = loss_each.mean()
    opt.zero_grad()
    loss.backward()
    with torch.no_grad():
        for p in ca.parameters():
            p.grad /= p.grad.norm() + 1e-8
    opt.step()
    sched.step()
    pool[idx] = x.detach()
    alive = ca.alive(x).sum(dim=(1, 2, 3))
    print(f"step {step} ca steps {n_steps} loss {loss.item():.7f} lr {sched.get_last_lr()[0]:.5f} "
          f"alive {alive.tolist()} |w2| {ca.w2.weight.norm().item():.6f}")

with torch.no_grad():
    pool_loss = (pool[:, :4] - target).pow(2).mean(dim=(1, 2, 3))
print("pool losses", pool_loss)
print("pool alpha max", pool[:, 3].amax(dim=(1, 2)))
