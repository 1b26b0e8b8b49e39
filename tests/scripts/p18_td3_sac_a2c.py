import torch

# Continuous-control RL as its reference implementations write it: a vectorised point-mass
# environment in torch, TD3 (twin critics, target policy smoothing with clamped noise, delayed
# actor updates, Polyak averaging under torch.no_grad() with torch._foreach_mul_ /
# _foreach_add_), a SAC actor whose policy is a TransformedDistribution(Normal, TanhTransform)
# with an automatically tuned temperature, and A2C with n-step returns over vectorised envs.
import copy

import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Categorical, Independent, Normal, TransformedDistribution
from torch.distributions.transforms import AffineTransform, ComposeTransform, TanhTransform

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
N_ENVS, OBS, ACT = 4, 3, 2


class PointEnv:
    """N point masses pushed toward the origin; reward is minus the distance."""

    def __init__(self, n, generator):
        self.n, self.generator = n, generator
        self.reset()

    def reset(self):
        self.pos = torch.rand(self.n, ACT, generator=self.generator) * 2 - 1
        self.t = torch.zeros(self.n, dtype=torch.long)
        return self.obs()

    def obs(self):
        return torch.cat([self.pos, self.t[:, None].double() / 10], 1)

    def step(self, action):
        self.pos = (self.pos + 0.1 * action.clamp(-1, 1)).clamp(-2, 2)
        self.t += 1
        reward = -self.pos.norm(dim=1)
        done = self.t >= 10
        if done.any():
            fresh = torch.rand(int(done.sum()), ACT, generator=self.generator) * 2 - 1
            self.pos[done] = fresh
            self.t[done] = 0
        return self.obs(), reward, done


def mlp(i, o, h=16):
    return nn.Sequential(nn.Linear(i, h), nn.ReLU(), nn.Linear(h, h), nn.ReLU(), nn.Linear(h, o))


env = PointEnv(N_ENVS, torch.Generator().manual_seed(1))

# --- TD3 ---
actor = nn.Sequential(mlp(OBS, ACT), nn.Tanh())
critics = nn.ModuleList([mlp(OBS + ACT, 1), mlp(OBS + ACT, 1)])
actor_target, critics_target = copy.deepcopy(actor), copy.deepcopy(critics)
for p in list(actor_target.parameters()) + list(critics_target.parameters()):
    p.requires_grad = False
actor_opt = torch.optim.Adam(actor.parameters(), lr=1e-3)
critic_opt = torch.optim.Adam(critics.parameters(), lr=1e-3)
buffer = []
obs = env.reset()
for t in range(40):
    with torch.no_grad():
        action = (actor(obs) + 0.1 * torch.randn(N_ENVS, ACT)).clamp(-1, 1)
    next_obs, reward, done = env.step(action)
    buffer.append((obs, action, reward, next_obs, done.double()))
    obs = next_obs
s, a, r, s2, d = (torch.cat(x) for x in zip(*buffer))
print("buffer", s.shape, a.shape, f"{r.mean().item():.8f}", int(d.sum()))


def polyak(net, target, tau=0.05):
    with torch.no_grad():
        target_params = list(target.parameters())
        torch._foreach_mul_(target_params, 1 - tau)
        torch._foreach_add_(target_params, list(net.parameters()), alpha=tau)


for it in range(6):
    idx = torch.randint(0, s.size(0), (32,))
    with torch.no_grad():
        noise = (torch.randn_like(a[idx]) * 0.2).clamp(-0.5, 0.5)
        a2 = (actor_target(s2[idx]) + noise).clamp(-1, 1)
        q_next = torch.min(*[c(torch.cat([s2[idx], a2], 1)) for c in critics_target])
        y = r[idx, None] + 0.9 * (1 - d[idx, None]) * q_next
    qs = [c(torch.cat([s[idx], a[idx]], 1)) for c in critics]
    critic_loss = sum(F.mse_loss(q, y) for q in qs)
    critic_opt.zero_grad(set_to_none=True)
    critic_loss.backward()
    critic_opt.step()
    line = f"td3 {it} critic {critic_loss.item():.8f}"
    if it % 2 == 0:
        actor_loss = -critics[0](torch.cat([s[idx], actor(s[idx])], 1)).mean()
        actor_opt.zero_grad()
        actor_loss.backward()
        actor_opt.step()
        polyak(actor, actor_target)
        polyak(critics, critics_target)
        line += f" actor {actor_loss.item():.8f}"
    print(line)
print("target moved", f"{(actor_target[0][0].weight - actor[0][0].weight).abs().max().item():.8f}")
params = [p.detach().clone() for p in actor.parameters()]
norms = torch._foreach_norm(params)
print("foreach_norm", [f"{n.item():.6f}" for n in norms])
torch._foreach_lerp_(params, [torch.zeros_like(p) for p in params], 0.5)
print("lerp", f"{params[0].sum().item():.8f}", torch._foreach_abs(params[:1])[0].shape)

# --- SAC actor with TanhTransform ---


class SquashedGaussian(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = mlp(OBS, 2 * ACT)

    def forward(self, obs):
        mu, log_std = self.body(obs).chunk(2, -1)
        log_std = log_std.clamp(-5, 2)
        base = Independent(Normal(mu, log_std.exp()), 1)
        return TransformedDistribution(base, [TanhTransform(cache_size=1)])


policy = SquashedGaussian()
log_alpha = torch.zeros(1, requires_grad=True)
alpha_opt = torch.optim.Adam([log_alpha], lr=3e-3)
pi_opt = torch.optim.Adam(policy.parameters(), lr=1e-3)
target_entropy = -float(ACT)
dist = policy(s[:3])
print(dist)
print("event", dist.event_shape, dist.batch_shape, dist.support)
for it in range(4):
    dist = policy(s[:32])
    act = dist.rsample()
    logp = dist.log_prob(act)
    q = torch.min(*[c(torch.cat([s[:32], act], 1)) for c in critics]).squeeze(1)
    pi_loss = (log_alpha.exp().detach() * logp - q).mean()
    pi_opt.zero_grad()
    pi_loss.backward()
    pi_opt.step()
    alpha_loss = -(log_alpha * (logp + target_entropy).detach()).mean()
    alpha_opt.zero_grad()
    alpha_loss.backward()
    alpha_opt.step()
    print(f"sac {it} pi {pi_loss.item():.8f} alpha {log_alpha.exp().item():.8f} "
          f"logp {logp.mean().item():.8f} |a|<1 {bool((act.abs() < 1).all())}")
t = TanhTransform()
xs = torch.tensor([-3.0, 0.0, 0.5, 3.0])
print("tanh ladj", t.log_abs_det_jacobian(xs, t(xs)), t.inv(t(xs)))
scaled = ComposeTransform([TanhTransform(), AffineTransform(loc=1.0, scale=2.0)])
print("compose", scaled(xs), scaled.log_abs_det_jacobian(xs, scaled(xs)))
print(scaled.codomain, TanhTransform().sign, TanhTransform() == TanhTransform())

# --- A2C with n-step returns ---
net = mlp(OBS, 3 + 1)
opt = torch.optim.RMSprop(net.parameters(), lr=7e-4, alpha=0.99, eps=1e-5)
moves = torch.tensor([[0.0, 0.0], [-1.0, -1.0], [1.0, 1.0]])
obs = env.reset()
for update in range(5):
    logps, values, rewards, masks, entropies = [], [], [], [], []
    for _ in range(5):
        logits, value = net(obs).split([3, 1], -1)
        pd = Categorical(logits=logits)
        choice = pd.sample()
        obs, reward, done = env.step(moves[choice])
        logps.append(pd.log_prob(choice))
        entropies.append(pd.entropy())
        values.append(value.squeeze(-1))
        rewards.append(reward)
        masks.append(1.0 - done.double())
    with torch.no_grad():
        ret = net(obs)[:, -1]
    returns = []
    for reward, mask in zip(reversed(rewards), reversed(masks)):
        ret = reward + 0.99 * ret * mask
        returns.insert(0, ret)
    returns, values = torch.stack(returns), torch.stack(values)
    advantage = returns - values
    loss = (-(torch.stack(logps) * advantage.detach()).mean() + 0.5 * advantage.pow(2).mean()
            - 0.01 * torch.stack(entropies).mean())
    opt.zero_grad()
    loss.backward()
    gn = nn.utils.clip_grad_norm_(net.parameters(), 0.5)
    opt.step()
    print(f"a2c {update} loss {loss.item():.8f} grad {gn.item():.8f} "
          f"ret {returns.mean().item():.8f}")
