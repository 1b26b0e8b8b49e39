import torch

# Deep Q-learning on a tiny grid world, written as DQN tutorials write it: a replay buffer
# (collections.deque, random.sample seeded with the random module), epsilon-greedy actions,
# a target network updated by load_state_dict and by Polyak averaging with torch._foreach_lerp_
# and lerp_, Double-DQN targets with gather/argmax, smooth_l1_loss and huber_loss (beta/delta),
# clip_grad_norm_ and clip_grad_value_, RMSprop and Adam, and a greedy rollout at the end.
import collections
import copy
import random

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
random.seed(0)
SIZE, GOAL = 5, (4, 4)
MOVES = torch.tensor([[0, 1], [1, 0], [0, -1], [-1, 0]])


def encode(pos):
    state = torch.zeros(SIZE * SIZE)
    state[pos[0] * SIZE + pos[1]] = 1.0
    return state


def step(pos, action):
    new = (pos + MOVES[action]).clamp(0, SIZE - 1)
    done = tuple(new.tolist()) == GOAL
    reward = 1.0 if done else -0.04
    return new, reward, done


Transition = collections.namedtuple("Transition", "state action reward next_state done")


class Replay:
    def __init__(self, capacity):
        self.memory = collections.deque(maxlen=capacity)

    def push(self, *args):
        self.memory.append(Transition(*args))

    def sample(self, n):
        batch = Transition(*zip(*random.sample(self.memory, n)))
        return (torch.stack(batch.state), torch.tensor(batch.action),
                torch.tensor(batch.reward), torch.stack(batch.next_state),
                torch.tensor(batch.done, dtype=torch.float32))

    def __len__(self):
        return len(self.memory)


policy = nn.Sequential(nn.Linear(SIZE * SIZE, 32), nn.ReLU(), nn.Linear(32, 4))
target = copy.deepcopy(policy)
target.requires_grad_(False)
optimizer = torch.optim.Adam(policy.parameters(), lr=5e-3)
memory = Replay(500)
gamma, tau = 0.95, 0.1
steps_done = 0


def act(state, epsilon):
    if random.random() < epsilon:
        return random.randrange(4)
    with torch.no_grad():
        return policy(state).argmax().item()


losses = []
for episode in range(12):
    pos = torch.tensor([0, 0])
    total = 0.0
    for t in range(30):
        epsilon = 0.05 + 0.9 * 0.97 ** steps_done
        steps_done += 1
        state = encode(pos)
        action = act(state, epsilon)
        pos, reward, done = step(pos, action)
        total += reward
        memory.push(state, action, reward, encode(pos), done)
        if len(memory) >= 32:
            s, a, r, s2, d = memory.sample(32)
            q = policy(s).gather(1, a.unsqueeze(1)).squeeze(1)
            with torch.no_grad():
                best = policy(s2).argmax(1, keepdim=True)
                q_next = target(s2).gather(1, best).squeeze(1)
                y = r + gamma * q_next * (1 - d)
            loss = F.smooth_l1_loss(q, y, beta=0.5)
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_value_(policy.parameters(), 1.0)
            norm = nn.utils.clip_grad_norm_(policy.parameters(), 2.0, norm_type=2.0)
            optimizer.step()
            losses.append(loss.item())
            with torch.no_grad():
                torch._foreach_lerp_(list(target.parameters()), list(policy.parameters()), tau)
        if done:
            break
    print(f"episode {episode} steps {t + 1} return {total:.2f} epsilon {epsilon:.3f}")
print("updates", len(losses), "mean loss", round(sum(losses) / len(losses), 6),
      "last grad norm", round(norm.item(), 6))

with torch.no_grad():
    for p_target, p in zip(target.parameters(), policy.parameters()):
        p_target.lerp_(p, 0.5)
target.load_state_dict(policy.state_dict())
print("target synced", all(torch.equal(a, b) for a, b in zip(target.parameters(),
                                                             policy.parameters())))

pos, path = torch.tensor([0, 0]), []
with torch.no_grad():
    for _ in range(12):
        action = policy(encode(pos)).argmax().item()
        pos, _, done = step(pos, action)
        path.append(tuple(pos.tolist()))
        if done:
            break
print("greedy path", path)
values = policy(torch.eye(SIZE * SIZE)).max(1).values.view(SIZE, SIZE)
print(values.detach())

q = torch.tensor([0.0, 1.0, 3.0, -2.5], requires_grad=True)
y = torch.tensor([0.2, 0.0, 0.5, 0.0])
for name, fn in (("smooth_l1 beta=1", lambda: F.smooth_l1_loss(q, y)),
                 ("smooth_l1 beta=0", lambda: F.smooth_l1_loss(q, y, beta=0.0)),
                 ("huber delta=2", lambda: F.huber_loss(q, y, delta=2.0, reduction="sum")),
                 ("huber none", lambda: F.huber_loss(q, y, reduction="none"))):
    q.grad = None
    out = fn()
    out.sum().backward()
    print(name, out.detach(), q.grad)

opt = torch.optim.RMSprop(policy.parameters(), lr=1e-3, alpha=0.95, eps=0.01, momentum=0.9,
                          centered=True)
for _ in range(3):
    opt.zero_grad()
    loss = policy(torch.eye(SIZE * SIZE)).pow(2).mean()
    loss.backward()
    opt.step()
print("rmsprop", f"{loss.item():.6f}", sorted(opt.state_dict()["state"][0]))

for bad in (lambda: F.smooth_l1_loss(q, y, beta=-1.0),
            lambda: F.huber_loss(q, y, delta=0.0),
            lambda: nn.utils.clip_grad_norm_(policy.parameters(), 1.0, error_if_nonfinite=True,
                                             norm_type=float("nan"))):
    try:
        bad()
    except RuntimeError as error:
        print("RuntimeError:", str(error).splitlines()[0])
