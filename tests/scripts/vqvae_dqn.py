import torch

# A vector-quantised autoencoder (nearest codebook entry by cdist/argmin, the straight-through
# estimator x + (q - x).detach(), commitment loss, codebook usage via bincount and an EMA update
# with index_add_) and a deep Q-network (a replay buffer, Q-values gathered by action, a target
# network synced by load_state_dict, Huber loss, epsilon-greedy actions).
import copy
import random
from collections import deque

import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)
random.seed(0)


class VectorQuantizer(nn.Module):
    def __init__(self, num_codes=8, dim=4, decay=0.9):
        super().__init__()
        self.decay = decay
        self.register_buffer("codebook", torch.randn(num_codes, dim))
        self.register_buffer("ema_count", torch.ones(num_codes))
        self.register_buffer("ema_sum", self.codebook.clone())

    def forward(self, z):
        flat = z.reshape(-1, z.shape[-1])
        distances = torch.cdist(flat, self.codebook)
        codes = distances.argmin(dim=1)
        quantized = self.codebook[codes].view_as(z)
        if self.training:
            with torch.no_grad():
                counts = torch.bincount(codes, minlength=self.codebook.shape[0]).float()
                sums = torch.zeros_like(self.ema_sum).index_add_(0, codes, flat)
                self.ema_count.mul_(self.decay).add_(counts, alpha=1 - self.decay)
                self.ema_sum.mul_(self.decay).add_(sums, alpha=1 - self.decay)
                self.codebook.copy_(self.ema_sum / self.ema_count.clamp(min=1e-5).unsqueeze(1))
        commitment = F.mse_loss(z, quantized.detach())
        quantized = z + (quantized - z).detach()
        return quantized, commitment, codes


encoder = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 3 * 4), nn.Unflatten(1, (3, 4)))
decoder = nn.Sequential(nn.Flatten(), nn.Linear(12, 32), nn.ReLU(), nn.Linear(32, 16))
quantizer = VectorQuantizer()
params = list(encoder.parameters()) + list(decoder.parameters())
optimizer = torch.optim.Adam(params, lr=3e-3)
prototypes = torch.randn(4, 16)
data = prototypes[torch.randint(0, 4, (128,))] + 0.1 * torch.randn(128, 16)
for step in range(15):
    batch = data[torch.randperm(128)[:32]]
    quantized, commitment, codes = quantizer(encoder(batch))
    reconstruction = F.mse_loss(decoder(quantized), batch)
    loss = reconstruction + 0.25 * commitment
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 5 == 0:
        usage = torch.bincount(codes, minlength=8)
        frequency = usage / usage.sum()
        perplexity = torch.exp(-(frequency * torch.log(frequency + 1e-10)).sum())
        print(f"vq step {step:2d} recon {reconstruction.item():.6f} commit {commitment.item():.6f}"
              f" perplexity {perplexity.item():.4f}")
print(codes.view(-1, 3)[:3], quantizer.ema_count)
print(encoder[0].weight.grad.abs().sum() > 0, quantizer.codebook.requires_grad)


# --- DQN on a chain: move left or right, reward at the right end -----------------------------
class Chain:
    def __init__(self, length=4):
        self.length, self.position = length, 0

    def reset(self):
        self.position = 0
        return self.observe()

    def observe(self):
        return F.one_hot(torch.tensor(self.position), self.length).float()

    def step(self, action):
        self.position = max(0, min(self.length - 1, self.position + (1 if action == 1 else -1)))
        done = self.position == self.length - 1
        return self.observe(), 1.0 if done else -0.01, done


torch.manual_seed(1)
env = Chain()
q_net = nn.Sequential(nn.Linear(4, 24), nn.ReLU(), nn.Linear(24, 2))
target_net = copy.deepcopy(q_net)
target_net.load_state_dict(q_net.state_dict())
target_net.eval()
optimizer = torch.optim.Adam(q_net.parameters(), lr=5e-3)
memory = deque(maxlen=500)
epsilon, gamma, steps = 1.0, 0.9, 0
for episode in range(12):
    state, total = env.reset(), 0.0
    for t in range(20):
        if random.random() < epsilon:
            action = random.randrange(2)
        else:
            with torch.no_grad():
                action = q_net(state).argmax().item()
        next_state, reward, done = env.step(action)
        memory.append((state, action, reward, next_state, done))
        state, total, steps = next_state, total + reward, steps + 1
        if len(memory) >= 32:
            batch = random.sample(memory, 32)
            states = torch.stack([b[0] for b in batch])
            actions = torch.tensor([b[1] for b in batch]).unsqueeze(1)
            rewards = torch.tensor([b[2] for b in batch])
            next_states = torch.stack([b[3] for b in batch])
            dones = torch.tensor([b[4] for b in batch], dtype=torch.float32)
            q = q_net(states).gather(1, actions).squeeze(1)
            with torch.no_grad():
                target = rewards + gamma * target_net(next_states).max(1).values * (1 - dones)
            loss = F.smooth_l1_loss(q, target)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_value_(q_net.parameters(), 1.0)
            optimizer.step()
        if steps % 25 == 0:
            target_net.load_state_dict(q_net.state_dict())
        if done:
            break
    epsilon = max(0.05, epsilon * 0.7)
    if episode % 3 == 0:
        print(f"episode {episode:2d} return {total:.2f} steps {t + 1} epsilon {epsilon:.3f}")
with torch.no_grad():
    values = q_net(torch.eye(4))
print(values, values.argmax(1))
print(len(memory), target_net[0].weight.requires_grad, loss.grad_fn.name())
