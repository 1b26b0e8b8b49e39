import torch

# Proximal policy optimisation with generalised advantage estimation on a toy environment:
# an actor-critic MLP, Categorical and Normal policies, log_prob/entropy, the clipped surrogate
# objective with clamp/min, normalised advantages, minibatch epochs over randperm, and a
# smooth_l1 value loss.
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Categorical, Normal

torch.manual_seed(0)


class ActorCritic(nn.Module):
    def __init__(self, obs_dim=4, n_actions=3, hidden=32):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(obs_dim, hidden), nn.Tanh(),
                                  nn.Linear(hidden, hidden), nn.Tanh())
        self.policy = nn.Linear(hidden, n_actions)
        self.mean = nn.Linear(hidden, 1)
        self.log_std = nn.Parameter(torch.full((1,), -0.5))
        self.value = nn.Linear(hidden, 1)
        for layer in (self.policy, self.value):
            nn.init.orthogonal_(layer.weight, gain=0.01)
            nn.init.constant_(layer.bias, 0.0)

    def forward(self, obs):
        h = self.body(obs)
        discrete = Categorical(logits=self.policy(h))
        continuous = Normal(self.mean(h).squeeze(-1), self.log_std.exp().expand(obs.shape[0]))
        return discrete, continuous, self.value(h).squeeze(-1)


def environment_step(obs, action, push):
    """Reward for choosing the action that matches the sign pattern, plus a continuous target."""
    target = (obs[:, 0] > 0).long() + (obs[:, 1] > 0).long()
    reward = (action == target).float() - 0.1 * (push - obs[:, 2]) ** 2
    next_obs = torch.roll(obs, 1, dims=1) * 0.9 + 0.1 * torch.randn_like(obs)
    done = (torch.rand(obs.shape[0]) < 0.1).float()
    return next_obs, reward, done


def compute_gae(rewards, values, dones, last_value, gamma=0.99, lam=0.95):
    advantages = torch.zeros_like(rewards)
    gae = torch.zeros_like(last_value)
    for t in reversed(range(rewards.shape[0])):
        next_value = last_value if t == rewards.shape[0] - 1 else values[t + 1]
        delta = rewards[t] + gamma * next_value * (1 - dones[t]) - values[t]
        gae = delta + gamma * lam * (1 - dones[t]) * gae
        advantages[t] = gae
    return advantages, advantages + values


model = ActorCritic()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3, eps=1e-5)
num_envs, horizon, clip = 8, 16, 0.2
obs = torch.randn(num_envs, 4)
for update in range(4):
    buffers = {key: [] for key in ("obs", "act", "push", "logp", "val", "rew", "done")}
    with torch.no_grad():
        for _ in range(horizon):
            discrete, continuous, value = model(obs)
            action, push = discrete.sample(), continuous.sample()
            logp = discrete.log_prob(action) + continuous.log_prob(push)
            next_obs, reward, done = environment_step(obs, action, push)
            for key, item in zip(buffers, (obs, action, push, logp, value, reward, done)):
                buffers[key].append(item)
            obs = next_obs
        last_value = model(obs)[2]
    batch = {key: torch.stack(items) for key, items in buffers.items()}
    advantages, returns = compute_gae(batch["rew"], batch["val"], batch["done"], last_value)
    flat = {key: item.reshape(horizon * num_envs, *item.shape[2:]) for key, item in batch.items()}
    flat_adv, flat_ret = advantages.flatten(), returns.flatten()
    for epoch in range(3):
        permutation = torch.randperm(horizon * num_envs)
        for start in range(0, horizon * num_envs, 32):
            index = permutation[start:start + 32]
            discrete, continuous, value = model(flat["obs"][index])
            new_logp = (discrete.log_prob(flat["act"][index])
                        + continuous.log_prob(flat["push"][index]))
            entropy = (discrete.entropy() + continuous.entropy()).mean()
            adv = flat_adv[index]
            adv = (adv - adv.mean()) / (adv.std() + 1e-8)
            ratio = torch.exp(new_logp - flat["logp"][index])
            surrogate = torch.min(ratio * adv, torch.clamp(ratio, 1 - clip, 1 + clip) * adv)
            policy_loss = -surrogate.mean()
            value_loss = F.smooth_l1_loss(value, flat_ret[index])
            loss = policy_loss + 0.5 * value_loss - 0.01 * entropy
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 0.5)
            optimizer.step()
        clip_fraction = ((ratio - 1).abs() > clip).float().mean()
    print(f"update {update} reward {batch['rew'].mean().item():.6f} policy {policy_loss.item():.6f}"
          f" value {value_loss.item():.6f} entropy {entropy.item():.6f}"
          f" clipfrac {clip_fraction.item():.4f}")

discrete, continuous, value = model(torch.zeros(2, 4))
print(discrete, continuous)
print(discrete.probs, discrete.logits.shape, continuous.stddev)
print(discrete.log_prob(torch.tensor([0, 2])), continuous.entropy())
print(advantages.shape, returns[-1, :3], model.log_std)
