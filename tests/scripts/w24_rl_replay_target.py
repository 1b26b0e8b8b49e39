import torch

# An RL repo's DQN: a gridworld environment in NumPy, a ReplayBuffer of preallocated NumPy
# arrays with a circular pointer, a prioritized variant (sum of |TD| ** alpha, importance
# weights normalised by their max), an epsilon-greedy policy with a linear schedule, a Dueling
# Q-network, Double-DQN targets through gather(1, actions.unsqueeze(-1)), smooth_l1_loss with
# reduction="none" weighted by importance, a target network copied by load_state_dict and then
# Polyak-averaged with torch.no_grad() mul_/add_ and lerp_, gradient clipping, evaluation
# episodes, and the state arriving as NumPy float64 converted with torch.as_tensor(obs,
# dtype=torch.get_default_dtype()) under torch.set_default_dtype(torch.float64). Argument
# spellings as found in such repos: torch.max(q, dim=1)[0], q.max(1).values,
# torch.argmax(q, dim=-1, keepdim=True), np.int64 actions, 1 - dones masks.
import copy
import random
from collections import deque, namedtuple

import numpy as np
import torch.nn as nn
import torch.nn.functional as F

SEED = 0
random.seed(SEED)
np.random.seed(SEED)
torch.manual_seed(SEED)
# float64 throughout: prioritized sampling turns the last bits of the TD errors into which
# transitions are drawn, so float32 rounding would decide the run
torch.set_default_dtype(torch.float64)
device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")


class GridWorld:
    """5x5 grid: start (0, 0), goal (4, 4) +1, a pit at (2, 2) -1; 4 actions; 30-step limit."""

    moves = np.array([[-1, 0], [1, 0], [0, -1], [0, 1]])

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)

    def reset(self):
        self.pos, self.t = np.array([0, 0]), 0
        return self.obs()

    def obs(self):
        o = np.zeros(27)
        o[self.pos[0] * 5 + self.pos[1]] = 1.0
        o[25:] = self.pos / 4.0
        return o

    def step(self, action):
        if self.rng.random() < 0.1:  # slippery
            action = self.rng.integers(4)
        self.pos = np.clip(self.pos + self.moves[action], 0, 4)
        self.t += 1
        if (self.pos == 4).all():
            return self.obs(), 1.0, True
        if (self.pos == 2).all():
            return self.obs(), -1.0, True
        return self.obs(), -0.01, self.t >= 30


Batch = namedtuple("Batch", "obs actions rewards next_obs dones weights indices")


class ReplayBuffer:
    def __init__(self, capacity, obs_dim):
        self.capacity, self.ptr, self.size = capacity, 0, 0
        self.obs = np.zeros((capacity, obs_dim), dtype=np.float64)
        self.next_obs = np.zeros((capacity, obs_dim), dtype=np.float64)
        self.actions = np.zeros(capacity, dtype=np.int64)
        self.rewards = np.zeros(capacity, dtype=np.float64)
        self.dones = np.zeros(capacity, dtype=np.float64)

    def add(self, obs, action, reward, next_obs, done):
        self.obs[self.ptr], self.next_obs[self.ptr] = obs, next_obs
        self.actions[self.ptr], self.rewards[self.ptr], self.dones[self.ptr] = action, reward, done
        self.ptr = (self.ptr + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def sample(self, batch_size):
        idx = np.random.randint(0, self.size, size=batch_size)
        return self._batch(idx, np.ones(batch_size, dtype=np.float64))

    def _batch(self, idx, weights):
        def to_t(array):
            return torch.as_tensor(array, device=device)
        return Batch(to_t(self.obs[idx]), to_t(self.actions[idx]), to_t(self.rewards[idx]),
                     to_t(self.next_obs[idx]), to_t(self.dones[idx]),
                     torch.as_tensor(weights, dtype=torch.get_default_dtype(), device=device), idx)

    def __len__(self):
        return self.size


class PrioritizedReplayBuffer(ReplayBuffer):
    def __init__(self, capacity, obs_dim, alpha=0.6):
        super().__init__(capacity, obs_dim)
        self.alpha = alpha
        self.priorities = np.zeros(capacity, dtype=np.float64)

    def add(self, *transition):
        self.priorities[self.ptr] = self.priorities[:self.size].max() if self.size else 1.0
        super().add(*transition)

    def sample(self, batch_size, beta=0.4):
        probs = self.priorities[:self.size] ** self.alpha
        probs /= probs.sum()
        idx = np.random.choice(self.size, batch_size, p=probs)
        weights = (self.size * probs[idx]) ** (-beta)
        return self._batch(idx, (weights / weights.max()).astype(np.float64))

    def update_priorities(self, idx, td_errors):
        self.priorities[idx] = np.abs(td_errors) + 1e-6


class DuelingQNet(nn.Module):
    def __init__(self, obs_dim, n_actions, hidden=32):
        super().__init__()
        self.feature = nn.Sequential(nn.Linear(obs_dim, hidden), nn.ReLU())
        self.value = nn.Sequential(nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, 1))
        self.advantage = nn.Sequential(nn.Linear(hidden, hidden), nn.ReLU(),
                                       nn.Linear(hidden, n_actions))

    def forward(self, x):
        h = self.feature(x)
        adv = self.advantage(h)
        return self.value(h) + adv - adv.mean(dim=1, keepdim=True)


def linear_schedule(start, end, duration, t):
    return max(end, start + (end - start) * t / duration)


def soft_update(target, source, tau):
    with torch.no_grad():
        for tp, sp in zip(target.parameters(), source.parameters()):
            tp.data.mul_(1.0 - tau)
            tp.data.add_(tau * sp.data)


def polyak_lerp(target, source, tau):
    with torch.no_grad():
        for tp, sp in zip(target.parameters(), source.parameters()):
            tp.lerp_(sp, weight=tau)


def train(buffer_cls, double, soft, total_steps=200, batch_size=32, gamma=0.97):
    env = GridWorld(SEED)
    q_net = DuelingQNet(27, 4).to(device)
    target_net = copy.deepcopy(q_net)
    target_net.load_state_dict(q_net.state_dict())
    target_net.eval()
    for p in target_net.parameters():
        p.requires_grad = False
    optimizer = torch.optim.Adam(q_net.parameters(), lr=2e-3)
    buffer = buffer_cls(500, 27)
    obs = env.reset()
    episode_return, returns, losses = 0.0, deque(maxlen=10), []
    for step in range(total_steps):
        epsilon = linear_schedule(1.0, 0.05, 150, step)
        if random.random() < epsilon:
            action = np.int64(random.randrange(4))
        else:
            with torch.no_grad():
                q = q_net(torch.as_tensor(obs, dtype=torch.get_default_dtype(),
                                          device=device).unsqueeze(0))
                action = torch.argmax(q, dim=-1, keepdim=True).item()
        next_obs, reward, done = env.step(action)
        buffer.add(obs, action, reward, next_obs, done)
        episode_return += reward
        obs = next_obs
        if done:
            returns.append(episode_return)
            obs, episode_return = env.reset(), 0.0
        if len(buffer) >= batch_size:
            batch = buffer.sample(batch_size)
            with torch.no_grad():
                if double:
                    next_actions = q_net(batch.next_obs).argmax(dim=1, keepdim=True)
                    next_q = target_net(batch.next_obs).gather(1, next_actions).squeeze(1)
                else:
                    next_q = torch.max(target_net(batch.next_obs), dim=1)[0]
                target = batch.rewards + gamma * next_q * (1 - batch.dones)
            q_taken = q_net(batch.obs).gather(1, batch.actions.unsqueeze(-1)).squeeze(-1)
            td = q_taken - target
            loss = (batch.weights * F.smooth_l1_loss(q_taken, target, reduction="none")).mean()
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(q_net.parameters(), max_norm=10)
            optimizer.step()
            losses.append(loss.item())
            if isinstance(buffer, PrioritizedReplayBuffer):
                buffer.update_priorities(batch.indices, td.detach().cpu().numpy())
            if soft == "mul_add":
                soft_update(target_net, q_net, tau=0.05)
            elif soft == "lerp":
                polyak_lerp(target_net, q_net, tau=0.05)
            elif step % 50 == 0:
                target_net.load_state_dict(q_net.state_dict())
        if step % 50 == 49:
            print(f"  step {step + 1} eps {epsilon:.3f} loss {np.mean(losses[-20:]):.5f} "
                  f"episodes {len(returns)} mean_return "
                  f"{(np.mean(returns) if returns else float('nan')):.3f}")
    return q_net, target_net, buffer


@torch.no_grad()
def evaluate(q_net, episodes=3):
    env, total = GridWorld(123), []
    for _ in range(episodes):
        obs, done, ret = env.reset(), False, 0.0
        while not done:
            state = torch.as_tensor(obs, dtype=torch.get_default_dtype(), device=device)
            action = q_net(state[None]).max(1).indices.item()
            obs, reward, done = env.step(action)
            ret += reward
        total.append(round(ret, 2))
    return total


for name, buffer_cls, double, soft in [("dqn hard", ReplayBuffer, False, "hard"),
                                        ("double lerp", ReplayBuffer, True, "lerp"),
                                        ("per soft", PrioritizedReplayBuffer, True, "mul_add")]:
    print(name)
    q_net, target_net, buffer = train(buffer_cls, double, soft)
    print("  eval returns", evaluate(q_net))
    diff = sum((tp - p).abs().sum().item() for tp, p in zip(target_net.parameters(),
                                                            q_net.parameters()))
    print(f"  target-online L1 distance {diff:.4f}", "requires_grad",
          any(p.requires_grad for p in target_net.parameters()))
    if isinstance(buffer, PrioritizedReplayBuffer):
        print("  priority max/min", round(float(buffer.priorities[:len(buffer)].max()), 4),
              round(float(buffer.priorities[:len(buffer)].min()), 6))
    start = torch.as_tensor(GridWorld(0).reset(), dtype=torch.get_default_dtype(), device=device)
    q_start = q_net(start.unsqueeze(0))
    print("  Q(start)", [round(v, 4) for v in q_start.squeeze(0).tolist()])
