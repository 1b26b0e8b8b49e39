import torch as th

# stable-baselines3-shaped code (imported as `th`, as SB3 does): preprocess_obs one-hot
# encoding Discrete and MultiDiscrete observations, the distribution wrappers (DiagGaussian
# with a state-independent log_std parameter, SquashedDiagGaussian with the tanh log-det
# correction, Categorical, MultiCategorical over split logits, Bernoulli) summing log_prob over
# action dims, a NumPy RolloutBuffer filled from a vectorised toy env, GAE computed backwards,
# swap_and_flatten, minibatches moved with th.as_tensor, the PPO loss with a clip_range
# schedule, value clipping, clip_fraction and approx_kl early stopping, explained_variance,
# th.nn.utils.clip_grad_norm_, and SAC's polyak_update through th.add(..., out=) plus the
# learned entropy coefficient.
import io
from functools import partial

import numpy as np
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Bernoulli, Categorical, Normal

th.manual_seed(0)
rng = np.random.default_rng(0)


def sum_independent_dims(tensor):
    if len(tensor.shape) > 1:
        tensor = tensor.sum(dim=1)
    else:
        tensor = tensor.sum()
    return tensor


def preprocess_obs(obs, space):
    kind, size = space
    if kind == "box":
        return obs.float()
    if kind == "discrete":
        return F.one_hot(obs.long(), num_classes=int(size)).float()
    if kind == "multidiscrete":
        return th.cat([F.one_hot(obs_.long(), num_classes=int(size[idx])).float()
                       for idx, obs_ in enumerate(th.split(obs.long(), 1, dim=1))],
                      dim=-1).view(obs.shape[0], sum(size))
    raise NotImplementedError(f"Preprocessing not implemented for {kind}")


print(preprocess_obs(th.as_tensor(np.array([0, 2, 1])), ("discrete", 3)))
print(preprocess_obs(th.as_tensor(np.array([[1, 0], [2, 3]])), ("multidiscrete", [3, 4])))


class DiagGaussianDistribution:
    def __init__(self, action_dim):
        self.action_dim = action_dim

    def proba_distribution_net(self, latent_dim, log_std_init=0.0):
        mean_actions = nn.Linear(latent_dim, self.action_dim)
        log_std = nn.Parameter(th.ones(self.action_dim) * log_std_init, requires_grad=True)
        return mean_actions, log_std

    def proba_distribution(self, mean_actions, log_std):
        action_std = th.ones_like(mean_actions) * log_std.exp()
        self.distribution = Normal(mean_actions, action_std)
        return self

    def log_prob(self, actions):
        return sum_independent_dims(self.distribution.log_prob(actions))

    def entropy(self):
        return sum_independent_dims(self.distribution.entropy())

    def sample(self):
        return self.distribution.rsample()

    def mode(self):
        return self.distribution.mean


class SquashedDiagGaussianDistribution(DiagGaussianDistribution):
    def __init__(self, action_dim, epsilon=1e-6):
        super().__init__(action_dim)
        self.epsilon = epsilon
        self.gaussian_actions = None

    @staticmethod
    def atanh(x):
        return 0.5 * (x.log1p() - (-x).log1p())

    @classmethod
    def inverse(cls, y):
        eps = th.finfo(y.dtype).eps
        return cls.atanh(y.clamp(min=-1.0 + eps, max=1.0 - eps))

    def log_prob(self, actions, gaussian_actions=None):
        if gaussian_actions is None:
            gaussian_actions = self.inverse(actions)
        log_prob = super().log_prob(gaussian_actions)
        log_prob -= th.sum(th.log(1 - actions ** 2 + self.epsilon), dim=1)
        return log_prob

    def entropy(self):
        return None

    def sample(self):
        self.gaussian_actions = super().sample()
        return th.tanh(self.gaussian_actions)

    def mode(self):
        self.gaussian_actions = super().mode()
        return th.tanh(self.gaussian_actions)


class MultiCategoricalDistribution:
    def __init__(self, action_dims):
        self.action_dims = action_dims

    def proba_distribution(self, action_logits):
        self.distribution = [Categorical(logits=split)
                             for split in th.split(action_logits, list(self.action_dims), dim=1)]
        return self

    def log_prob(self, actions):
        return th.stack([dist.log_prob(action) for dist, action in
                         zip(self.distribution, th.unbind(actions, dim=1))], dim=1).sum(dim=1)

    def entropy(self):
        return th.stack([dist.entropy() for dist in self.distribution], dim=1).sum(dim=1)

    def mode(self):
        return th.stack([th.argmax(dist.probs, dim=1) for dist in self.distribution], dim=1)


logits = th.randn(3, 5)
multi = MultiCategoricalDistribution([2, 3]).proba_distribution(logits)
acts = multi.mode()
print("multicat mode", acts, "log_prob", multi.log_prob(acts), "entropy", multi.entropy())
bern = Bernoulli(logits=th.randn(3, 2))
b_act = bern.sample()
print("bernoulli", b_act, sum_independent_dims(bern.log_prob(b_act)),
      sum_independent_dims(bern.entropy()))
sq = SquashedDiagGaussianDistribution(2)
sq.proba_distribution(th.randn(4, 2), th.full((2,), -0.5))
a = sq.sample()
print("squashed in (-1, 1):", bool((a.abs() < 1).all()),
      "log_prob agrees with the gaussian actions:",
      th.allclose(sq.log_prob(a), sq.log_prob(a, sq.gaussian_actions), atol=1e-3))
print("squashed at the boundary", sq.log_prob(th.tensor([[1.0, -1.0]]).expand(4, 2)))


def get_linear_fn(start, end, end_fraction):
    def func(progress_remaining):
        if (1 - progress_remaining) > end_fraction:
            return end
        return start + (1 - progress_remaining) * (end - start) / end_fraction
    return func


def explained_variance(y_pred, y_true):
    assert y_true.ndim == 1 and y_pred.ndim == 1
    var_y = np.var(y_true)
    return np.nan if var_y == 0 else float(1 - np.var(y_true - y_pred) / var_y)


class PointEnv:
    """n_envs copies of a 1-D point pushed towards 0 by a continuous action."""

    def __init__(self, n_envs, seed):
        self.rng = np.random.default_rng(seed)
        self.n_envs = n_envs
        self.pos = self.rng.uniform(-1, 1, n_envs).astype(np.float32)
        self.t = np.zeros(n_envs, dtype=np.int64)

    def obs(self):
        return np.stack([self.pos, self.t / 10.0], axis=1).astype(np.float32)

    def step(self, actions):
        self.pos = np.clip(self.pos + 0.3 * actions[:, 0], -2, 2).astype(np.float32)
        self.t += 1
        rewards = (-np.abs(self.pos)).astype(np.float32)
        dones = (self.t >= 6) | (np.abs(self.pos) < 0.05)
        for i in np.nonzero(dones)[0]:
            self.pos[i] = self.rng.uniform(-1, 1)
            self.t[i] = 0
        return self.obs(), rewards, dones


class ActorCriticPolicy(nn.Module):
    def __init__(self, obs_dim, action_dim, lr_schedule, ortho_init=True):
        super().__init__()
        self.mlp_extractor = nn.ModuleDict({
            "policy_net": nn.Sequential(nn.Linear(obs_dim, 16), nn.Tanh()),
            "value_net": nn.Sequential(nn.Linear(obs_dim, 16), nn.Tanh())})
        self.action_dist = DiagGaussianDistribution(action_dim)
        self.action_net, self.log_std = self.action_dist.proba_distribution_net(16, -0.5)
        self.value_net = nn.Linear(16, 1)
        if ortho_init:
            module_gains = {self.mlp_extractor: np.sqrt(2), self.action_net: 0.01,
                            self.value_net: 1}
            for module, gain in module_gains.items():
                module.apply(partial(self.init_weights, gain=gain))
        self.optimizer = th.optim.Adam(self.parameters(), lr=lr_schedule(1), eps=1e-5)

    @staticmethod
    def init_weights(module, gain=1):
        if isinstance(module, (nn.Linear, nn.Conv2d)):
            nn.init.orthogonal_(module.weight, gain=gain)
            if module.bias is not None:
                module.bias.data.fill_(0.0)

    def set_training_mode(self, mode):
        self.train(mode)

    def _dist(self, obs):
        latent = self.mlp_extractor["policy_net"](obs)
        return self.action_dist.proba_distribution(self.action_net(latent), self.log_std)

    def forward(self, obs, deterministic=False):
        dist = self._dist(obs)
        actions = dist.mode() if deterministic else dist.sample()
        values = self.value_net(self.mlp_extractor["value_net"](obs))
        return actions, values, dist.log_prob(actions)

    def evaluate_actions(self, obs, actions):
        dist = self._dist(obs)
        values = self.value_net(self.mlp_extractor["value_net"](obs))
        return values, dist.log_prob(actions), dist.entropy()

    def predict_values(self, obs):
        return self.value_net(self.mlp_extractor["value_net"](obs))


class RolloutBuffer:
    def __init__(self, buffer_size, obs_dim, action_dim, n_envs, gamma=0.99, gae_lambda=0.95):
        self.buffer_size, self.n_envs = buffer_size, n_envs
        self.gamma, self.gae_lambda = gamma, gae_lambda
        shape = (buffer_size, n_envs)
        self.observations = np.zeros(shape + (obs_dim,), dtype=np.float32)
        self.actions = np.zeros(shape + (action_dim,), dtype=np.float32)
        self.rewards, self.returns = np.zeros(shape, np.float32), np.zeros(shape, np.float32)
        self.episode_starts = np.zeros(shape, np.float32)
        self.values, self.log_probs = np.zeros(shape, np.float32), np.zeros(shape, np.float32)
        self.advantages = np.zeros(shape, np.float32)
        self.pos, self.full, self.generator_ready = 0, False, False

    def add(self, obs, action, reward, episode_start, value, log_prob):
        self.observations[self.pos] = np.array(obs)
        self.actions[self.pos] = np.array(action)
        self.rewards[self.pos] = np.array(reward)
        self.episode_starts[self.pos] = np.array(episode_start)
        self.values[self.pos] = value.clone().cpu().numpy().flatten()
        self.log_probs[self.pos] = log_prob.clone().cpu().numpy()
        self.pos += 1
        self.full = self.pos == self.buffer_size

    def compute_returns_and_advantage(self, last_values, dones):
        last_values = last_values.clone().cpu().numpy().flatten()
        last_gae_lam = 0
        for step in reversed(range(self.buffer_size)):
            if step == self.buffer_size - 1:
                next_non_terminal = 1.0 - dones.astype(np.float32)
                next_values = last_values
            else:
                next_non_terminal = 1.0 - self.episode_starts[step + 1]
                next_values = self.values[step + 1]
            delta = (self.rewards[step] + self.gamma * next_values * next_non_terminal
                     - self.values[step])
            last_gae_lam = (delta + self.gamma * self.gae_lambda * next_non_terminal
                            * last_gae_lam)
            self.advantages[step] = last_gae_lam
        self.returns = self.advantages + self.values

    @staticmethod
    def swap_and_flatten(arr):
        shape = arr.shape
        if len(shape) < 3:
            shape = (*shape, 1)
        return arr.swapaxes(0, 1).reshape(shape[0] * shape[1], *shape[2:])

    def get(self, batch_size, np_rng):
        indices = np_rng.permutation(self.buffer_size * self.n_envs)
        if not self.generator_ready:
            for name in ("observations", "actions", "values", "log_probs", "advantages",
                         "returns"):
                self.__dict__[name] = self.swap_and_flatten(self.__dict__[name])
            self.generator_ready = True
        start = 0
        while start < self.buffer_size * self.n_envs:
            idx = indices[start:start + batch_size]
            yield tuple(th.as_tensor(a, device="cpu") for a in (
                self.observations[idx], self.actions[idx], self.values[idx].flatten(),
                self.log_probs[idx].flatten(), self.advantages[idx].flatten(),
                self.returns[idx].flatten()))
            start += batch_size


n_envs, n_steps, batch_size, n_epochs = 4, 8, 8, 3
env = PointEnv(n_envs, seed=1)
lr_schedule = get_linear_fn(3e-3, 1e-3, 0.5)
clip_range = get_linear_fn(0.2, 0.1, 1.0)
policy = ActorCriticPolicy(2, 1, lr_schedule)
print("log_std", policy.log_std, "action_net bias", policy.action_net.bias)
low, high = np.array([-1.0], np.float32), np.array([1.0], np.float32)

obs = env.obs()
episode_starts = np.ones(n_envs, dtype=bool)
total_updates = 3
for update in range(total_updates):
    progress_remaining = 1.0 - update / total_updates
    buffer = RolloutBuffer(n_steps, 2, 1, n_envs)
    policy.set_training_mode(False)
    ep_rewards = []
    for _ in range(n_steps):
        with th.no_grad():
            actions, values, log_probs = policy(th.as_tensor(obs))
        actions = actions.cpu().numpy()
        clipped = np.clip(actions, low, high)
        new_obs, rewards, dones = env.step(clipped)
        ep_rewards.append(rewards.mean())
        buffer.add(obs, actions, rewards, episode_starts, values, log_probs)
        obs, episode_starts = new_obs, dones
    with th.no_grad():
        values = policy.predict_values(th.as_tensor(new_obs))
    buffer.compute_returns_and_advantage(values, dones)

    policy.set_training_mode(True)
    for group in policy.optimizer.param_groups:
        group["lr"] = lr_schedule(progress_remaining)
    cr = clip_range(progress_remaining)
    pg_losses, value_losses, clip_fractions, kls = [], [], [], []
    continue_training = True
    for epoch in range(n_epochs):
        for (b_obs, b_act, b_old_values, b_old_logp, b_adv,
             b_returns) in buffer.get(batch_size, rng):
            values, log_prob, entropy = policy.evaluate_actions(b_obs, b_act)
            values = values.flatten()
            advantages = (b_adv - b_adv.mean()) / (b_adv.std() + 1e-8)
            ratio = th.exp(log_prob - b_old_logp)
            policy_loss_1 = advantages * ratio
            policy_loss_2 = advantages * th.clamp(ratio, 1 - cr, 1 + cr)
            policy_loss = -th.min(policy_loss_1, policy_loss_2).mean()
            pg_losses.append(policy_loss.item())
            clip_fractions.append(th.mean((th.abs(ratio - 1) > cr).float()).item())
            values_pred = b_old_values + th.clamp(values - b_old_values, -cr, cr)
            value_loss = F.mse_loss(b_returns, values_pred)
            value_losses.append(value_loss.item())
            entropy_loss = -th.mean(entropy) if entropy is not None else -th.mean(-log_prob)
            loss = policy_loss + 0.0 * entropy_loss + 0.5 * value_loss
            with th.no_grad():
                log_ratio = log_prob - b_old_logp
                approx_kl_div = th.mean((th.exp(log_ratio) - 1) - log_ratio).cpu().numpy()
            kls.append(approx_kl_div)
            if approx_kl_div > 1.5 * 0.05:
                continue_training = False
                break
            policy.optimizer.zero_grad()
            loss.backward()
            th.nn.utils.clip_grad_norm_(policy.parameters(), 0.5)
            policy.optimizer.step()
        if not continue_training:
            print(f"Early stopping at step {epoch} due to reaching max kl: {approx_kl_div:.2f}")
            break
    ev = explained_variance(buffer.values.flatten(), buffer.returns.flatten())
    print(f"update {update} | rew {np.mean(ep_rewards):.4f} | pg {np.mean(pg_losses):.4f} | "
          f"vf {np.mean(value_losses):.4f} | clip_frac {np.mean(clip_fractions):.3f} | "
          f"kl {np.mean(kls):.5f} | ev {ev:.3f} | lr {lr_schedule(progress_remaining):.4f} "
          f"| clip {cr:.3f} | std {th.exp(policy.log_std).item():.4f}")

with th.no_grad():
    det_actions, _, _ = policy(th.as_tensor(env.obs()), deterministic=True)
print("deterministic", [f"{v:.4f}" for v in np.clip(det_actions.numpy(), low, high).ravel()])


def polyak_update(params, target_params, tau):
    with th.no_grad():
        for param, target_param in zip(params, target_params, strict=True):
            target_param.data.mul_(1 - tau)
            th.add(target_param.data, param.data, alpha=tau, out=target_param.data)


critic = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 1))
critic_target = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 1))
critic_target.load_state_dict(critic.state_dict())
critic_target.requires_grad_(False)
with th.no_grad():
    for p in critic.parameters():
        p.add_(0.1)
polyak_update(critic.parameters(), critic_target.parameters(), tau=0.005)
print("polyak", critic_target[0].bias[:3], critic_target[2].bias)
try:
    polyak_update(critic.parameters(), list(critic_target.parameters())[:2], tau=0.5)
except ValueError as e:
    print("ValueError:", e)

log_ent_coef = th.log(th.ones(1) * 1.0).requires_grad_(True)
ent_optimizer = th.optim.Adam([log_ent_coef], lr=3e-2)
target_entropy = float(-np.prod((2,)).astype(np.float32))
sq = SquashedDiagGaussianDistribution(2)
for i in range(4):
    sq.proba_distribution(th.zeros(5, 2), th.full((2,), -1.0))
    log_prob = sq.log_prob(sq.sample(), sq.gaussian_actions).reshape(-1, 1)
    ent_coef = th.exp(log_ent_coef.detach())
    ent_coef_loss = -(log_ent_coef * (log_prob + target_entropy).detach()).mean()
    ent_optimizer.zero_grad()
    ent_coef_loss.backward()
    ent_optimizer.step()
    print(f"ent_coef {ent_coef.item():.4f} loss {ent_coef_loss.item():.4f}")

buf = io.BytesIO()
th.save({"policy": policy.state_dict(), "policy.optimizer": policy.optimizer.state_dict()}, buf)
buf.seek(0)
loaded = th.load(buf, map_location="cpu", weights_only=True)
print(list(loaded["policy"].keys()))
print("optimizer state steps", [s["step"] for s in loaded["policy.optimizer"]["state"].values()])
