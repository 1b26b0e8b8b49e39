import torch  # noqa: I001 (the harness requires torch first)

# Soft actor-critic on a one-dimensional point-mass task: a tanh-squashed Gaussian policy
# (TransformedDistribution(Normal, TanhTransform)) sampled with rsample, log-probabilities with
# the change-of-variables correction, twin Q networks whose target takes torch.min of the two,
# a learned temperature, polyak-averaged target networks (torch._foreach_lerp_ and the classic
# p.data.mul_().add_()), and a replay buffer kept in preallocated tensors.
import copy

import torch.nn.functional as F
from torch import nn
from torch.distributions import Normal, TransformedDistribution
from torch.distributions.transforms import TanhTransform

torch.manual_seed(21)
OBS, ACT, HIDDEN, CAPACITY, BATCH, GAMMA, TAU = 2, 1, 32, 256, 32, 0.95, 0.05


def mlp(inp, out):
    return nn.Sequential(nn.Linear(inp, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, HIDDEN), nn.ReLU(),
                         nn.Linear(HIDDEN, out))


class Actor(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = mlp(OBS, 2 * ACT)

    def forward(self, obs, deterministic=False):
        mean, log_std = self.net(obs).chunk(2, dim=-1)
        std = log_std.clamp(-5, 2).exp()
        dist = TransformedDistribution(Normal(mean, std), [TanhTransform(cache_size=1)])
        action = torch.tanh(mean) if deterministic else dist.rsample()
        return action, dist.log_prob(action).sum(-1)


class Buffer:
    def __init__(self):
        self.obs = torch.zeros(CAPACITY, OBS)
        self.act = torch.zeros(CAPACITY, ACT)
        self.rew = torch.zeros(CAPACITY)
        self.next_obs = torch.zeros(CAPACITY, OBS)
        self.size = self.ptr = 0

    def add(self, obs, act, rew, next_obs):
        n = obs.shape[0]
        idx = (self.ptr + torch.arange(n)) % CAPACITY
        self.obs[idx], self.act[idx], self.rew[idx], self.next_obs[idx] = obs, act, rew, next_obs
        self.ptr, self.size = (self.ptr + n) % CAPACITY, min(self.size + n, CAPACITY)

    def sample(self):
        idx = torch.randint(0, self.size, (BATCH,))
        return self.obs[idx], self.act[idx], self.rew[idx], self.next_obs[idx]


def env_step(obs, action):
    position, velocity = obs.unbind(-1)
    velocity = 0.9 * velocity + 0.2 * action.squeeze(-1)
    position = (position + 0.1 * velocity).clamp(-2, 2)
    reward = -position.pow(2) - 0.05 * action.squeeze(-1).pow(2)
    return torch.stack([position, velocity], -1), reward


actor, q1, q2 = Actor(), mlp(OBS + ACT, 1), mlp(OBS + ACT, 1)
q1_target, q2_target = copy.deepcopy(q1), copy.deepcopy(q2)
for p in (*q1_target.parameters(), *q2_target.parameters()):
    p.requires_grad_(False)
log_alpha = torch.zeros((), requires_grad=True)
actor_opt = torch.optim.Adam(actor.parameters(), lr=3e-3)
critic_opt = torch.optim.Adam([*q1.parameters(), *q2.parameters()], lr=3e-3)
alpha_opt = torch.optim.Adam([log_alpha], lr=3e-3)
target_entropy = -float(ACT)

buffer = Buffer()
obs = torch.rand(8, OBS) * 2 - 1
for step in range(40):
    with torch.no_grad():
        action, _ = actor(obs)
    next_obs, reward = env_step(obs, action)
    buffer.add(obs, action, reward, next_obs)
    obs = next_obs
    if step < 4:
        continue
    o, a, r, o2 = buffer.sample()
    alpha = log_alpha.exp().detach()
    with torch.no_grad():
        a2, logp2 = actor(o2)
        oa2 = torch.cat([o2, a2], -1)
        q_next = torch.min(q1_target(oa2), q2_target(oa2)).squeeze(-1) - alpha * logp2
        target = r + GAMMA * q_next
    oa = torch.cat([o, a], -1)
    critic_loss = F.mse_loss(q1(oa).squeeze(-1), target) + F.mse_loss(q2(oa).squeeze(-1), target)
    critic_opt.zero_grad()
    critic_loss.backward()
    critic_opt.step()

    new_a, logp = actor(o)
    oa_new = torch.cat([o, new_a], -1)
    q_new = torch.min(q1(oa_new), q2(oa_new)).squeeze(-1)
    actor_loss = (alpha * logp - q_new).mean()
    actor_opt.zero_grad()
    actor_loss.backward()
    actor_opt.step()

    alpha_loss = -(log_alpha * (logp.detach() + target_entropy)).mean()
    alpha_opt.zero_grad()
    alpha_loss.backward()
    alpha_opt.step()

    with torch.no_grad():
        targets, sources = list(q1_target.parameters()), list(q1.parameters())
        torch._foreach_lerp_(targets, sources, TAU)
        for p_target, p in zip(q2_target.parameters(), q2.parameters()):
            p_target.data.mul_(1 - TAU).add_(p.data, alpha=TAU)
    if step % 5 == 4:
        print(f"step {step} critic {critic_loss.item():.4f} actor {actor_loss.item():.4f} "
              f"alpha {log_alpha.exp().item():.4f} entropy {-logp.mean().item():.4f} "
              f"reward {reward.mean().item():.4f}")

print("buffer", buffer.size, buffer.ptr, tuple(buffer.obs[:buffer.size].shape))
with torch.no_grad():
    test_obs = torch.tensor([[1.0, 0.0], [-1.0, 0.0], [0.0, 0.5]])
    greedy, _ = actor(test_obs, deterministic=True)
    print("greedy actions", greedy.squeeze(-1))
    dist = TransformedDistribution(Normal(torch.zeros(3), torch.ones(3)), [TanhTransform()])
    sample = dist.sample((4,))
    print("squashed sample in (-1, 1)", bool((sample.abs() < 1).all()), tuple(sample.shape))
    x = torch.tensor([0.0, 0.5, -0.9])
    manual = Normal(0.0, 1.0).log_prob(torch.atanh(x)) - torch.log1p(-x.pow(2))
    print("log_prob correction", dist.log_prob(x), manual)
    drift = max((a - b).abs().max().item() for a, b in zip(q1_target.parameters(),
                                                          q1.parameters()))
    print("target lags online", drift > 0)
