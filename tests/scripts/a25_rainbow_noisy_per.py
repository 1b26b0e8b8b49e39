import torch
# Rainbow-style DQN pieces as the reference Rainbow and DQN-zoo ports write them: a NoisyLinear
# layer with factorised Gaussian noise (f(x) = sign(x) sqrt|x|, epsilon buffers refreshed by
# ger/outer and copy_, mu/sigma parameters initialised with uniform_/fill_), a dueling head
# (value + advantage - mean advantage), a sum-tree prioritized replay buffer sampled by
# stratified segments with importance-sampling weights normalised by their max, n-step
# returns folded backwards, a double-DQN target (online argmax, target gather) under no_grad,
# a per-sample Huber loss weighted by the IS weights, priorities refreshed from |TD error|,
# gradient clipping and a hard target sync via load_state_dict. Prints losses, TD errors,
# priorities, sampled indices, noise statistics and gradient norms on a chain MDP.
import math

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


class NoisyLinear(nn.Module):
    def __init__(self, in_features, out_features, std_init=0.5):
        super().__init__()
        self.in_features, self.out_features, self.std_init = in_features, out_features, std_init
        self.weight_mu = nn.Parameter(torch.empty(out_features, in_features))
        self.weight_sigma = nn.Parameter(torch.empty(out_features, in_features))
        self.register_buffer("weight_epsilon", torch.empty(out_features, in_features))
        self.bias_mu = nn.Parameter(torch.empty(out_features))
        self.bias_sigma = nn.Parameter(torch.empty(out_features))
        self.register_buffer("bias_epsilon", torch.empty(out_features))
        self.reset_parameters()
        self.reset_noise()

    def reset_parameters(self):
        mu_range = 1 / math.sqrt(self.in_features)
        self.weight_mu.data.uniform_(-mu_range, mu_range)
        self.weight_sigma.data.fill_(self.std_init / math.sqrt(self.in_features))
        self.bias_mu.data.uniform_(-mu_range, mu_range)
        self.bias_sigma.data.fill_(self.std_init / math.sqrt(self.out_features))

    def _scale_noise(self, size):
        x = torch.randn(size)
        return x.sign().mul_(x.abs().sqrt_())

    def reset_noise(self):
        epsilon_in = self._scale_noise(self.in_features)
        epsilon_out = self._scale_noise(self.out_features)
        self.weight_epsilon.copy_(epsilon_out.ger(epsilon_in))
        self.bias_epsilon.copy_(epsilon_out)

    def forward(self, x):
        if self.training:
            return F.linear(x, self.weight_mu + self.weight_sigma * self.weight_epsilon,
                            self.bias_mu + self.bias_sigma * self.bias_epsilon)
        return F.linear(x, self.weight_mu, self.bias_mu)

    def extra_repr(self):
        return f"in_features={self.in_features}, out_features={self.out_features}"


class DuelingNoisyDQN(nn.Module):
    def __init__(self, n_states, n_actions, hidden=16):
        super().__init__()
        self.n_states = n_states
        self.feature = nn.Sequential(nn.Linear(n_states, hidden), nn.ReLU())
        self.value = nn.Sequential(NoisyLinear(hidden, hidden), nn.ReLU(), NoisyLinear(hidden, 1))
        self.advantage = nn.Sequential(NoisyLinear(hidden, hidden), nn.ReLU(),
                                       NoisyLinear(hidden, n_actions))

    def forward(self, s):
        x = self.feature(F.one_hot(s, self.n_states).to(torch.get_default_dtype()))
        v, a = self.value(x), self.advantage(x)
        return v + a - a.mean(dim=1, keepdim=True)

    def reset_noise(self):
        for m in self.modules():
            if isinstance(m, NoisyLinear):
                m.reset_noise()


class SumTree:
    def __init__(self, capacity):
        self.capacity = capacity
        self.tree = torch.zeros(2 * capacity - 1)
        self.write = 0
        self.n = 0

    def update(self, idx, p):
        tree_idx = idx + self.capacity - 1
        change = p - self.tree[tree_idx]
        self.tree[tree_idx] = p
        while tree_idx != 0:
            tree_idx = (tree_idx - 1) // 2
            self.tree[tree_idx] += change

    def find(self, s):
        idx = 0
        while idx < self.capacity - 1:
            left = 2 * idx + 1
            if s <= self.tree[left]:
                idx = left
            else:
                s = s - self.tree[left]
                idx = left + 1
        return idx - (self.capacity - 1)

    @property
    def total(self):
        return self.tree[0]


class PrioritizedReplay:
    def __init__(self, capacity, alpha=0.6):
        self.tree = SumTree(capacity)
        self.alpha = alpha
        self.data = [None] * capacity
        self.max_priority = 1.0

    def push(self, transition):
        i = self.tree.write
        self.data[i] = transition
        self.tree.update(i, self.max_priority ** self.alpha)
        self.tree.write = (i + 1) % self.tree.capacity
        self.tree.n = min(self.tree.n + 1, self.tree.capacity)

    def sample(self, batch, beta):
        segment = self.tree.total / batch
        u = torch.rand(batch)
        idx = [self.tree.find((segment * (i + u[i])).item()) for i in range(batch)]
        idx = [min(j, self.tree.n - 1) for j in idx]
        probs = self.tree.tree[torch.tensor(idx) + self.tree.capacity - 1] / self.tree.total
        weights = (self.tree.n * probs) ** (-beta)
        weights = weights / weights.max()
        s, a, r, s2, d = zip(*[self.data[j] for j in idx])
        return (idx, torch.tensor(s), torch.tensor(a), torch.tensor(r), torch.tensor(s2),
                torch.tensor(d, dtype=torch.get_default_dtype()), weights)

    def update_priorities(self, idx, td):
        for j, e in zip(idx, td.tolist()):
            p = abs(e) + 1e-6
            self.max_priority = max(self.max_priority, p)
            self.tree.update(j, p ** self.alpha)


# a 6-state chain: action 1 moves right (reward 1 at the end), action 0 resets to state 0
N_STATES, N_ACTIONS, GAMMA, N_STEP = 6, 2, 0.9, 3


def env_step(s, a):
    if a == 1:
        s2 = min(s + 1, N_STATES - 1)
        return s2, (1.0 if s2 == N_STATES - 1 else 0.0), s2 == N_STATES - 1
    return 0, 0.05, False


online = DuelingNoisyDQN(N_STATES, N_ACTIONS)
target = DuelingNoisyDQN(N_STATES, N_ACTIONS)
target.load_state_dict(online.state_dict())
print(online.value)
print("noise buffers:", sorted(n for n, _ in online.named_buffers())[:2])
eps = online.advantage[0].weight_epsilon
print(f"eps rank-1: {torch.linalg.matrix_rank(eps).item()} mean {eps.mean().item():.6f}")

buffer = PrioritizedReplay(capacity=16)
opt = torch.optim.Adam(online.parameters(), lr=0.01)

# collect with n-step returns folded backwards
s, traj = 0, []
for t in range(24):
    with torch.no_grad():
        a = online(torch.tensor([s])).argmax(1).item()
    if t % 3 == 2:
        a = 1 - a
    s2, r, done = env_step(s, a)
    traj.append((s, a, r, s2, done))
    s = 0 if done else s2
    if len(traj) >= N_STEP:
        ret, s_n, d_n = 0.0, traj[-1][3], traj[-1][4]
        for (_, _, r_k, s2_k, d_k) in reversed(traj[-N_STEP:]):
            ret = r_k + GAMMA * ret * (1.0 - d_k)
            if d_k:
                s_n, d_n = s2_k, True
        s0, a0 = traj[-N_STEP][0], traj[-N_STEP][1]
        buffer.push((s0, a0, ret, s_n, d_n))
print("buffer size", buffer.tree.n, f"total priority {buffer.tree.total.item():.6f}")

for step in range(6):
    beta = 0.4 + 0.6 * step / 5
    idx, sb, ab, rb, s2b, db, w = buffer.sample(8, beta)
    online.reset_noise()
    target.reset_noise()
    q = online(sb).gather(1, ab.unsqueeze(1)).squeeze(1)
    with torch.no_grad():
        a_star = online(s2b).argmax(dim=1, keepdim=True)
        q_next = target(s2b).gather(1, a_star).squeeze(1)
        y = rb + (GAMMA ** N_STEP) * q_next * (1.0 - db)
    td = y - q
    loss = (w * F.smooth_l1_loss(q, y, reduction="none")).mean()
    opt.zero_grad()
    loss.backward()
    gn = nn.utils.clip_grad_norm_(online.parameters(), 1.0)
    opt.step()
    buffer.update_priorities(idx, td.detach())
    print(f"step {step} loss {loss.item():.6f} |g| {gn.item():.6f} idx {idx} "
          f"w_min {w.min().item():.6f} td {td.detach().abs().max().item():.6f}")
    if step % 3 == 2:
        target.load_state_dict(online.state_dict())
        print("  target synced:", torch.equal(target.value[0].weight_mu, online.value[0].weight_mu))

sig = online.advantage[2].weight_sigma
print("sigma grad", tuple(sig.grad.shape), f"{sig.grad.abs().sum().item():.6f}")
print(f"sigma mean {sig.mean().item():.6f} max priority {buffer.max_priority:.6f}")
online.eval()
with torch.no_grad():
    greedy = online(torch.arange(N_STATES))
print("eval Q:", greedy)
print("policy:", greedy.argmax(1).tolist())
