import torch

# REINFORCE on a multi-armed bandit: Categorical sampling, log_prob and entropy bonus.
from torch import nn
from torch.distributions import Categorical

torch.manual_seed(1)
arm_means = torch.tensor([0.1, 0.5, 0.9, 0.3])
policy = nn.Linear(1, 4)
optimizer = torch.optim.SGD(policy.parameters(), lr=0.1)
state = torch.ones(32, 1)

for episode in range(30):
    dist = Categorical(logits=policy(state))
    actions = dist.sample()
    rewards = torch.bernoulli(arm_means[actions])
    advantage = rewards - rewards.mean()
    loss = -(dist.log_prob(actions) * advantage).mean() - 0.01 * dist.entropy().mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if episode % 5 == 0:
        print(f"episode {episode:2d}  loss {loss.item():.4f}  reward {rewards.mean().item():.4f}"
              f"  actions {actions[:8].tolist()}")

final = Categorical(logits=policy(state[:1]))
print("probs", [round(p, 4) for p in final.probs[0].tolist()])
print("entropy", round(final.entropy().item(), 4), "mode", final.mode.tolist())
print(final.sample((3, 2)).shape, final.enumerate_support().shape)
