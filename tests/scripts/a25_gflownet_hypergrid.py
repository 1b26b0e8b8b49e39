import torch
# A GFlowNet on the hypergrid environment as the torchgfn-style and reference GFlowNet
# repositories write it: states one-hot encoded per dimension, a policy MLP emitting forward
# logits (one per dimension plus a stop action) and backward logits, invalid actions masked
# with masked_fill(-inf) before torch.distributions.Categorical, batched trajectory sampling
# with an epsilon-uniform exploration mixture, a learned log Z, the trajectory-balance loss
# (log Z + sum log P_F - log R - sum log P_B)^2, and a detailed-balance variant with a learned
# state flow head; the exact reward distribution is enumerated with torch.cartesian_prod and
# compared with the empirical terminal-state distribution. Prints losses, log Z, entropies,
# sampled terminal states and gradient norms.
import math

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)

NDIM, H = 2, 6
R0, R1, R2 = 0.1, 0.5, 2.0


def reward(s):
    ax = (s / (H - 1) - 0.5).abs()
    return R0 + R1 * ((ax > 0.25) & (ax <= 0.5)).prod(-1) + R2 * ((ax > 0.3) & (ax < 0.4)).prod(-1)


def encode(s):
    return F.one_hot(s, H).flatten(-2).to(torch.get_default_dtype())


class Policy(nn.Module):
    def __init__(self, hidden=32):
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(NDIM * H, hidden), nn.LeakyReLU(), nn.Linear(hidden, hidden),
                                   nn.LeakyReLU())
        self.pf = nn.Linear(hidden, NDIM + 1)
        self.pb = nn.Linear(hidden, NDIM)
        self.flow = nn.Linear(hidden, 1)
        self.log_z = nn.Parameter(torch.zeros(()))

    def forward(self, s):
        h = self.trunk(encode(s))
        return self.pf(h), self.pb(h), self.flow(h).squeeze(-1)


def forward_mask(s):
    at_edge = s == H - 1
    return torch.cat([at_edge, torch.zeros(s.shape[0], 1, dtype=torch.bool)], dim=1)


def backward_mask(s):
    return s == 0


def sample_trajectories(model, n, eps, gen):
    s = torch.zeros(n, NDIM, dtype=torch.long)
    done = torch.zeros(n, dtype=torch.bool)
    sum_logpf = torch.zeros(n)
    sum_logpb = torch.zeros(n)
    steps = []
    while not done.all():
        logits_f, _, flow_s = model(s)
        logits_f = logits_f.masked_fill(forward_mask(s), float("-inf"))
        dist = torch.distributions.Categorical(logits=logits_f)
        uniform = torch.distributions.Categorical(logits=torch.zeros_like(logits_f).masked_fill(
            forward_mask(s), float("-inf")))
        explore = torch.rand(n, generator=gen) < eps
        a_policy = dist.sample()
        a_uniform = uniform.sample()
        a = torch.where(explore, a_uniform, a_policy)
        a = torch.where(done, torch.full_like(a, NDIM), a)
        logpf = dist.log_prob(a)
        sum_logpf = sum_logpf + torch.where(done, torch.zeros_like(logpf), logpf)
        is_stop = a == NDIM
        move = F.one_hot(a.clamp(max=NDIM - 1), NDIM) * (~is_stop).unsqueeze(1)
        s_next = s + move * (~done).unsqueeze(1)
        _, logits_b, flow_next = model(s_next)
        moved = ~is_stop & ~done
        logits_b = logits_b.masked_fill(backward_mask(s_next) & moved.unsqueeze(1), float("-inf"))
        logpb = torch.where(moved, torch.distributions.Categorical(logits=logits_b).log_prob(
            a.clamp(max=NDIM - 1)), torch.zeros(n))
        sum_logpb = sum_logpb + logpb
        steps.append((moved, logpf, logpb, flow_s, flow_next, is_stop & ~done, s_next, dist.entropy()))
        done = done | is_stop
        s = s_next
    return s, sum_logpf, sum_logpb, steps


grid = torch.cartesian_prod(*[torch.arange(H)] * NDIM)
true_r = reward(grid)
true_p = true_r / true_r.sum()
print("grid", tuple(grid.shape), f"log Z* = {true_r.sum().log().item():.6f}")
print("reward modes:", grid[true_r == true_r.max()].tolist())

gen = torch.Generator().manual_seed(5)
model = Policy()
opt = torch.optim.Adam([{"params": [p for n_, p in model.named_parameters() if n_ != "log_z"]},
                        {"params": [model.log_z], "lr": 0.1}], lr=3e-3)
for it in range(6):
    x, logpf, logpb, steps = sample_trajectories(model, 16, eps=0.1, gen=gen)
    log_r = reward(x).log()
    tb = (model.log_z + logpf - log_r - logpb).pow(2).mean()
    opt.zero_grad()
    tb.backward()
    gnorm = torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0)
    opt.step()
    ent = torch.stack([st[7].mean() for st in steps]).mean()
    print(f"TB it {it} loss {tb.item():.6f} logZ {model.log_z.item():.6f} len {len(steps)} "
          f"|g| {gnorm.item():.6f} H {ent.item():.6f}")
print("terminals:", x[:6].tolist())

# detailed balance: F(s) P_F(s'|s) = F(s') P_B(s|s'), terminal F(x) P_F(stop|x) = R(x)
torch.manual_seed(1)
model = Policy()
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
for it in range(4):
    x, _, _, steps = sample_trajectories(model, 16, eps=0.1, gen=gen)
    loss, count = 0.0, 0
    for moved, logpf, logpb, flow_s, flow_next, stopped, s_next, _ in steps:
        db = flow_s + logpf - flow_next - logpb
        term = flow_s + logpf - reward(s_next).log()
        loss = loss + (db.pow(2) * moved).sum() + (term.pow(2) * stopped).sum()
        count += int(moved.sum()) + int(stopped.sum())
    loss = loss / count
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"DB it {it} loss {loss.item():.6f} transitions {count} "
          f"|g_flow| {model.flow.weight.grad.norm().item():.6f}")

# the masked Categorical: -inf logits give zero probability and a finite entropy
s = torch.tensor([[H - 1, 0], [H - 1, H - 1]])
logits = model(s)[0].masked_fill(forward_mask(s), float("-inf"))
dist = torch.distributions.Categorical(logits=logits)
print("masked probs:", dist.probs)
print("entropy:", dist.entropy())
print("log_prob of masked action:", dist.log_prob(torch.tensor([0, 0])))

with torch.no_grad():
    xs, _, _, _ = sample_trajectories(model, 64, eps=0.0, gen=gen)
idx = xs[:, 0] * H + xs[:, 1]
emp = torch.bincount(idx, minlength=H ** NDIM).double() / 64
print(f"L1(empirical, target) {(emp - true_p).abs().sum().item():.6f}")
print("most visited:", grid[emp.argmax()].tolist(), f"log-partition gap "
      f"{abs(model.log_z.item() - math.log(true_r.sum().item())):.6f}")
