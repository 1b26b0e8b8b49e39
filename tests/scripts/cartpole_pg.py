import torch  # noqa: I001 (the harness requires torch first)

# Policy gradients on a CartPole written in torch (a batch of 8 environments stepped with the
# classic Euler dynamics, reset where they fall): REINFORCE with a learned value baseline and
# discounted reward-to-go, then PPO on the same policy with GAE(lambda), advantage
# normalisation, the clipped surrogate, a clipped value loss, an entropy bonus, shuffled
# minibatches by randperm, an approximate-KL early stop and the explained variance.
from torch import nn
import torch.nn.functional as F
from torch.distributions import Categorical

torch.manual_seed(3)
N_ENVS, HORIZON, GAMMA, LAM = 8, 24, 0.99, 0.95


class CartPole:
    gravity, masscart, masspole, length, force_mag, tau = 9.8, 1.0, 0.1, 0.5, 10.0, 0.02

    def __init__(self, n):
        self.state = torch.empty(n, 4).uniform_(-0.05, 0.05)

    def step(self, action):
        x, x_dot, theta, theta_dot = self.state.unbind(-1)
        force = torch.where(action == 1, self.force_mag, -self.force_mag)
        costheta, sintheta = torch.cos(theta), torch.sin(theta)
        total_mass, polemass_length = self.masspole + self.masscart, self.masspole * self.length
        temp = (force + polemass_length * theta_dot ** 2 * sintheta) / total_mass
        thetaacc = (self.gravity * sintheta - costheta * temp) / (
            self.length * (4.0 / 3.0 - self.masspole * costheta ** 2 / total_mass))
        xacc = temp - polemass_length * thetaacc * costheta / total_mass
        self.state = torch.stack([x + self.tau * x_dot, x_dot + self.tau * xacc,
                                  theta + self.tau * theta_dot,
                                  theta_dot + self.tau * thetaacc], -1)
        done = (self.state[:, 0].abs() > 2.4) | (self.state[:, 2].abs() > 0.2095)
        fresh = torch.empty_like(self.state).uniform_(-0.05, 0.05)
        self.state = torch.where(done.unsqueeze(-1), fresh, self.state)
        return self.state.clone(), torch.ones(len(action)), done.float()


class ActorCritic(nn.Module):
    def __init__(self):
        super().__init__()
        self.pi = nn.Sequential(nn.Linear(4, 32), nn.Tanh(), nn.Linear(32, 2))
        self.v = nn.Sequential(nn.Linear(4, 32), nn.Tanh(), nn.Linear(32, 1))

    def forward(self, obs):
        return Categorical(logits=self.pi(obs)), self.v(obs).squeeze(-1)


def rollout(env, agent):
    obs_buf, act_buf, logp_buf, rew_buf, done_buf, val_buf = [], [], [], [], [], []
    obs = env.state.clone()
    with torch.no_grad():
        for _ in range(HORIZON):
            dist, value = agent(obs)
            action = dist.sample()
            next_obs, reward, done = env.step(action)
            for buf, item in zip((obs_buf, act_buf, logp_buf, rew_buf, done_buf, val_buf),
                                 (obs, action, dist.log_prob(action), reward, done, value)):
                buf.append(item)
            obs = next_obs
        last_value = agent(obs)[1]
    return [torch.stack(b) for b in (obs_buf, act_buf, logp_buf, rew_buf, done_buf,
                                     val_buf)] + [last_value]


def reward_to_go(rewards, dones):
    returns, running = torch.zeros_like(rewards), torch.zeros(rewards.shape[1])
    for t in reversed(range(len(rewards))):
        running = rewards[t] + GAMMA * running * (1 - dones[t])
        returns[t] = running
    return returns


agent = ActorCritic()
env = CartPole(N_ENVS)
opt = torch.optim.Adam(agent.parameters(), lr=1e-2)
for it in range(4):
    obs, act, _, rew, done, _, _ = rollout(env, agent)
    ret = reward_to_go(rew, done)
    dist, value = agent(obs)
    advantage = ret - value.detach()
    policy_loss = -(dist.log_prob(act) * advantage).mean()
    value_loss = F.mse_loss(value, ret)
    opt.zero_grad()
    (policy_loss + 0.5 * value_loss).backward()
    opt.step()
    print(f"reinforce {it}: falls {int(done.sum())} return {ret[0].mean():.4f} "
          f"pi {policy_loss.item():.4f} v {value_loss.item():.4f}")

clip, target_kl = 0.2, 0.05
for it in range(3):
    obs, act, old_logp, rew, done, old_val, last_value = rollout(env, agent)
    adv, gae = torch.zeros_like(rew), torch.zeros(N_ENVS)
    for t in reversed(range(HORIZON)):
        next_value = last_value if t == HORIZON - 1 else old_val[t + 1]
        delta = rew[t] + GAMMA * next_value * (1 - done[t]) - old_val[t]
        gae = delta + GAMMA * LAM * (1 - done[t]) * gae
        adv[t] = gae
    ret = adv + old_val
    b_obs = obs.reshape(-1, 4)
    b_act, b_logp, b_adv, b_ret, b_val = (x.reshape(-1) for x in
                                          (act, old_logp, adv, ret, old_val))
    for epoch in range(3):
        perm = torch.randperm(len(b_act))
        for mb in perm.split(64):
            dist, value = agent(b_obs[mb])
            logp = dist.log_prob(b_act[mb])
            ratio = (logp - b_logp[mb]).exp()
            mb_adv = (b_adv[mb] - b_adv[mb].mean()) / (b_adv[mb].std() + 1e-8)
            pg_loss = torch.max(-mb_adv * ratio,
                                -mb_adv * torch.clamp(ratio, 1 - clip, 1 + clip)).mean()
            v_clipped = b_val[mb] + (value - b_val[mb]).clamp(-clip, clip)
            v_loss = 0.5 * torch.max((value - b_ret[mb]) ** 2, (v_clipped - b_ret[mb]) ** 2).mean()
            entropy = dist.entropy().mean()
            loss = pg_loss - 0.01 * entropy + 0.5 * v_loss
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(agent.parameters(), 0.5)
            opt.step()
            with torch.no_grad():
                approx_kl = ((ratio - 1) - (logp - b_logp[mb])).mean()
                clipfrac = ((ratio - 1.0).abs() > clip).float().mean()
        if approx_kl > target_kl:
            print(f"  early stop at epoch {epoch}")
            break
    var_y = b_ret.var()
    explained_var = 1 - (b_ret - b_val).var() / var_y
    print(f"ppo {it}: pg {pg_loss.item():.4f} v {v_loss.item():.4f} ent {entropy.item():.4f} "
          f"kl {approx_kl.item():.5f} clipfrac {clipfrac.item():.3f} "
          f"explained var {explained_var.item():.4f}")
print("final policy on upright pole:", agent(torch.zeros(1, 4))[0].probs)
