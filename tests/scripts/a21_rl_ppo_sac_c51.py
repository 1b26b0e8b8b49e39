import torch
import math

import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Categorical, Independent, Normal, TransformedDistribution
from torch.distributions.transforms import AffineTransform, TanhTransform

# RL as cleanrl-style single files write it: a hand-vectorised environment, PPO with GAE over a
# reversed loop and a Categorical policy, a SAC actor squashed with TanhTransform through
# TransformedDistribution, and the C51 distributional projection with floor/ceil/index_add_.
torch.manual_seed(0)


class VecCorridor:
    """N copies of a 1-D corridor: move left/right, reward at the right end."""

    def __init__(self, num_envs, length=6, max_steps=12):
        self.n, self.length, self.max_steps = num_envs, length, max_steps
        self.pos = torch.zeros(num_envs, dtype=torch.long)
        self.t = torch.zeros(num_envs, dtype=torch.long)

    def obs(self):
        return F.one_hot(self.pos, self.length).float()

    def reset(self):
        self.pos.zero_()
        self.t.zero_()
        return self.obs()

    def step(self, action):
        self.pos = (self.pos + action * 2 - 1).clamp(0, self.length - 1)
        self.t += 1
        reward = (self.pos == self.length - 1).float() - 0.01
        done = (self.pos == self.length - 1) | (self.t >= self.max_steps)
        self.pos = torch.where(done, torch.zeros_like(self.pos), self.pos)
        self.t = torch.where(done, torch.zeros_like(self.t), self.t)
        return self.obs(), reward, done.float()


def layer_init(layer, std=math.sqrt(2), bias_const=0.0):
    torch.nn.init.orthogonal_(layer.weight, std)
    torch.nn.init.constant_(layer.bias, bias_const)
    return layer


class Agent(nn.Module):
    def __init__(self, obs_dim, n_actions):
        super().__init__()
        self.critic = nn.Sequential(layer_init(nn.Linear(obs_dim, 32)), nn.Tanh(),
                                    layer_init(nn.Linear(32, 1), std=1.0))
        self.actor = nn.Sequential(layer_init(nn.Linear(obs_dim, 32)), nn.Tanh(),
                                   layer_init(nn.Linear(32, n_actions), std=0.01))

    def get_value(self, x):
        return self.critic(x)

    def get_action_and_value(self, x, action=None):
        probs = Categorical(logits=self.actor(x))
        if action is None:
            action = probs.sample()
        return action, probs.log_prob(action), probs.entropy(), self.critic(x)


num_envs, num_steps, gamma, gae_lambda = 4, 8, 0.99, 0.95
env = VecCorridor(num_envs)
agent = Agent(6, 2)
optimizer = torch.optim.Adam(agent.parameters(), lr=2.5e-3, eps=1e-5)
obs = torch.zeros((num_steps, num_envs, 6))
actions = torch.zeros((num_steps, num_envs))
logprobs = torch.zeros((num_steps, num_envs))
rewards = torch.zeros((num_steps, num_envs))
dones = torch.zeros((num_steps, num_envs))
values = torch.zeros((num_steps, num_envs))
next_obs, next_done = env.reset(), torch.zeros(num_envs)
for update in range(3):
    frac = 1.0 - update / 3
    optimizer.param_groups[0]["lr"] = frac * 2.5e-3
    for step in range(num_steps):
        obs[step], dones[step] = next_obs, next_done
        with torch.no_grad():
            action, logprob, _, value = agent.get_action_and_value(next_obs)
            values[step] = value.flatten()
        actions[step], logprobs[step] = action, logprob
        next_obs, reward, next_done = env.step(action)
        rewards[step] = reward.view(-1)
    with torch.no_grad():
        next_value = agent.get_value(next_obs).reshape(1, -1)
        advantages = torch.zeros_like(rewards)
        lastgaelam = 0
        for t in reversed(range(num_steps)):
            if t == num_steps - 1:
                nextnonterminal = 1.0 - next_done
                nextvalues = next_value
            else:
                nextnonterminal = 1.0 - dones[t + 1]
                nextvalues = values[t + 1]
            delta = rewards[t] + gamma * nextvalues * nextnonterminal - values[t]
            advantages[t] = lastgaelam = \
                delta + gamma * gae_lambda * nextnonterminal * lastgaelam
        returns = advantages + values
    b_obs, b_logprobs = obs.reshape((-1, 6)), logprobs.reshape(-1)
    b_actions, b_advantages = actions.reshape(-1), advantages.reshape(-1)
    b_returns, b_values = returns.reshape(-1), values.reshape(-1)
    b_inds = torch.arange(num_steps * num_envs)
    clipfracs = []
    for epoch in range(2):
        b_inds = b_inds[torch.randperm(len(b_inds))]
        for start in range(0, len(b_inds), 16):
            mb = b_inds[start:start + 16]
            _, newlogprob, entropy, newvalue = agent.get_action_and_value(
                b_obs[mb], b_actions.long()[mb])
            logratio = newlogprob - b_logprobs[mb]
            ratio = logratio.exp()
            with torch.no_grad():
                approx_kl = ((ratio - 1) - logratio).mean()
                clipfracs += [((ratio - 1.0).abs() > 0.2).float().mean().item()]
            mb_adv = b_advantages[mb]
            mb_adv = (mb_adv - mb_adv.mean()) / (mb_adv.std() + 1e-8)
            pg_loss = torch.max(-mb_adv * ratio,
                                -mb_adv * torch.clamp(ratio, 0.8, 1.2)).mean()
            v_clipped = b_values[mb] + torch.clamp(newvalue.view(-1) - b_values[mb], -0.2, 0.2)
            v_loss = 0.5 * torch.max((newvalue.view(-1) - b_returns[mb]) ** 2,
                                     (v_clipped - b_returns[mb]) ** 2).mean()
            loss = pg_loss - 0.01 * entropy.mean() + v_loss * 0.5
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(agent.parameters(), 0.5)
            optimizer.step()
    y_pred, y_true = b_values, b_returns
    var_y = torch.var(y_true)
    explained_var = float("nan") if var_y == 0 else 1 - torch.var(y_true - y_pred) / var_y
    print(f"update {update} return {rewards.sum().item():.3f} pg {pg_loss.item():.5f} "
          f"v {v_loss.item():.5f} kl {approx_kl.item():.6f} "
          f"clipfrac {sum(clipfracs) / len(clipfracs):.3f} "
          f"ev {float(explained_var):.4f} lr {optimizer.param_groups[0]['lr']:.6f}")
print("adv[:, 0]", advantages[:, 0])


# ---- SAC actor: Normal squashed by tanh and rescaled to the action bounds
class Actor(nn.Module):
    LOG_STD_MIN, LOG_STD_MAX = -5, 2

    def __init__(self, obs_dim, act_dim, low, high):
        super().__init__()
        self.fc = nn.Sequential(nn.Linear(obs_dim, 32), nn.ReLU())
        self.mean = nn.Linear(32, act_dim)
        self.log_std = nn.Linear(32, act_dim)
        self.register_buffer("action_scale", (high - low) / 2.0)
        self.register_buffer("action_bias", (high + low) / 2.0)

    def dist(self, x):
        h = self.fc(x)
        log_std = torch.tanh(self.log_std(h))
        log_std = self.LOG_STD_MIN + 0.5 * (self.LOG_STD_MAX - self.LOG_STD_MIN) * (log_std + 1)
        base = Normal(self.mean(h), log_std.exp())
        return TransformedDistribution(base, [TanhTransform(cache_size=1),
                                              AffineTransform(self.action_bias,
                                                              self.action_scale)])

    def get_action(self, x):
        dist = self.dist(x)
        action = dist.rsample()
        log_prob = dist.log_prob(action).sum(-1, keepdim=True)
        return action, log_prob


torch.manual_seed(1)
low, high = torch.tensor([-2.0, 0.0]), torch.tensor([2.0, 1.0])
actor = Actor(3, 2, low, high)
o = torch.randn(5, 3)
a, logp = actor.get_action(o)
print("actions in bounds", bool(((a >= low) & (a <= high)).all()), a.shape, logp.shape)
print("logp", logp.flatten())
d = actor.dist(o)
print(type(d).__name__, d.batch_shape, d.event_shape, [type(t).__name__ for t in d.transforms])
ind = Independent(actor.dist(o), 1)
print("Independent", ind.batch_shape, ind.event_shape)
# the cleanrl hand-written squashing correction gives the same log-prob
h = actor.fc(o)
log_std = torch.tanh(actor.log_std(h))
log_std = -5 + 0.5 * 7 * (log_std + 1)
normal = Normal(actor.mean(h), log_std.exp())
torch.manual_seed(7)
x_t = normal.rsample()
y_t = torch.tanh(x_t)
manual = (normal.log_prob(x_t) - torch.log(actor.action_scale * (1 - y_t.pow(2)) + 1e-6)).sum(1)
torch.manual_seed(7)
a2, logp2 = actor.get_action(o)
print("manual vs transformed max diff < 1e-3", (manual - logp2.flatten()).abs().max().item() < 1e-3)
alpha_log = torch.zeros(1, requires_grad=True)
a_opt = torch.optim.Adam([alpha_log], lr=1e-2)
alpha_loss = (-alpha_log.exp() * (logp2.detach() + -2.0)).mean()
a_opt.zero_grad()
alpha_loss.backward()
a_opt.step()
print("alpha", alpha_log.exp().item(), "alpha_loss", f"{alpha_loss.item():.5f}")
(-logp2.mean()).backward()
print("actor mean grad norm", f"{actor.mean.weight.grad.norm().item():.5f}")
try:
    actor.dist(o).log_prob(torch.full((5, 2), 3.0))
except ValueError as e:
    print("ValueError:", str(e).split(" of the distribution")[0])


# ---- C51 categorical projection (Bellemare et al.)
def project_distribution(next_dist, rewards, dones, gamma, support):
    v_min, v_max = support[0].item(), support[-1].item()
    n_atoms = support.numel()
    delta_z = (v_max - v_min) / (n_atoms - 1)
    Tz = rewards.unsqueeze(1) + (1 - dones).unsqueeze(1) * gamma * support.unsqueeze(0)
    Tz = Tz.clamp(v_min, v_max)
    b = (Tz - v_min) / delta_z
    lower, upper = b.floor().long(), b.ceil().long()
    lower[(upper > 0) & (lower == upper)] -= 1
    upper[(lower < (n_atoms - 1)) & (lower == upper)] += 1
    batch = next_dist.shape[0]
    offset = torch.linspace(0, (batch - 1) * n_atoms, batch).long().unsqueeze(1).expand(
        batch, n_atoms)
    proj = torch.zeros(batch * n_atoms)
    proj.index_add_(0, (lower + offset).view(-1), (next_dist * (upper.float() - b)).view(-1))
    proj.index_add_(0, (upper + offset).view(-1), (next_dist * (b - lower.float())).view(-1))
    return proj.view(batch, n_atoms)


torch.manual_seed(2)
support = torch.linspace(-2.0, 2.0, 9)
q_net = nn.Sequential(nn.Linear(4, 32), nn.ReLU(), nn.Linear(32, 3 * 9))
target_net = nn.Sequential(nn.Linear(4, 32), nn.ReLU(), nn.Linear(32, 3 * 9))
target_net.load_state_dict(q_net.state_dict())
opt = torch.optim.Adam(q_net.parameters(), lr=1e-3)
for step in range(4):
    s, s2 = torch.randn(8, 4), torch.randn(8, 4)
    act = torch.randint(0, 3, (8,))
    r = torch.randn(8).clamp(-1, 1)
    done = (torch.rand(8) < 0.25).float()
    with torch.no_grad():
        next_pmfs = F.softmax(target_net(s2).view(8, 3, 9), dim=2)
        next_q = (next_pmfs * support).sum(2)
        next_pmf = next_pmfs[torch.arange(8), next_q.argmax(1)]
        target_pmf = project_distribution(next_pmf, r, done, 0.9, support)
    log_pmf = F.log_softmax(q_net(s).view(8, 3, 9), dim=2)[torch.arange(8), act]
    loss = -(target_pmf * log_pmf).sum(-1).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"c51 step {step} loss {loss.item():.5f} mass {target_pmf.sum(1).mean().item():.4f}")
print("projected row", target_pmf[0])
