import torch
import torch.nn.functional as F
from torch import nn

# A Switch/GShard-style mixture-of-experts layer as written in MoE training code: a linear
# router with top-k gating (topk, softmax over the kept logits), one_hot expert masks, a
# load-balancing auxiliary loss and the router z-loss, expert capacity enforced by a cumsum over
# each expert's queue (overflowing tokens are dropped), dispatch with index_select and combine
# with index_add_, and per-expert statistics with scatter_reduce (amax, mean) and bincount.

torch.manual_seed(21)
torch.set_default_dtype(torch.float64)


class Expert(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.up = nn.Linear(dim, hidden)
        self.down = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.down(F.silu(self.up(x)))


class MoE(nn.Module):
    def __init__(self, dim=8, experts=4, hidden=16, top_k=2, capacity_factor=1.0):
        super().__init__()
        self.router = nn.Linear(dim, experts, bias=False)
        self.experts = nn.ModuleList(Expert(dim, hidden) for _ in range(experts))
        self.top_k, self.capacity_factor, self.num_experts = top_k, capacity_factor, experts

    def forward(self, x):
        tokens = x.reshape(-1, x.shape[-1])
        logits = self.router(tokens)
        probs = logits.softmax(dim=-1)
        weights, chosen = torch.topk(logits, self.top_k, dim=-1)
        weights = weights.softmax(dim=-1)
        mask = F.one_hot(chosen, self.num_experts)
        capacity = int(self.capacity_factor * tokens.shape[0] * self.top_k / self.num_experts)
        # Slot of each (token, choice) in its expert's queue: first choices queue first.
        flat = mask.permute(1, 0, 2).reshape(-1, self.num_experts)
        position = (torch.cumsum(flat, dim=0) - 1) * flat
        position = position.reshape(self.top_k, -1, self.num_experts).permute(1, 0, 2)
        keep = (position < capacity) & mask.bool()
        fraction = mask[:, 0].double().mean(dim=0)
        balance = self.num_experts * (fraction * probs.mean(dim=0)).sum()
        z_loss = torch.logsumexp(logits, dim=-1).pow(2).mean()
        out = torch.zeros_like(tokens)
        for expert_index, expert in enumerate(self.experts):
            token_index, choice = torch.nonzero(keep[..., expert_index], as_tuple=True)
            if token_index.numel() == 0:
                continue
            routed = expert(tokens.index_select(0, token_index))
            gate = weights[token_index, choice].unsqueeze(-1)
            out = out.index_add(0, token_index, routed * gate)
        dropped = (mask.bool() & ~keep).any(-1).any(-1) if self.top_k else None
        stats = {"capacity": capacity, "kept": keep.sum().item(),
                 "dropped tokens": dropped.sum().item(),
                 "load": torch.bincount(chosen[:, 0], minlength=self.num_experts).tolist()}
        return out.reshape(x.shape), balance, z_loss, chosen, stats


model = MoE()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
inputs = torch.randn(4, 6, 8)
targets = torch.tanh(inputs @ torch.randn(8, 8))
for step in range(10):
    out, balance, z_loss, chosen, stats = model(inputs)
    task = F.mse_loss(out, targets)
    loss = task + 0.01 * balance + 1e-3 * z_loss
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(f"step {step} task {task.item():.8f} balance {balance.item():.6f} "
          f"z {z_loss.item():.6f} {stats}")

router_grad = model.router.weight.grad
print(f"router grad norm: {router_grad.norm().item():.10f}")
expert_grads = [sum(p.grad.abs().sum() for p in e.parameters() if p.grad is not None)
                for e in model.experts]
print("expert grad sums:", torch.stack(expert_grads))

with torch.no_grad():
    out, _, _, chosen, _ = model(inputs)
    first = chosen[:, 0]
    norms = out.reshape(-1, 8).norm(dim=-1)
    peak = torch.zeros(4).scatter_reduce(0, first, norms, reduce="amax", include_self=False)
    mean = torch.zeros(4).scatter_reduce(0, first, norms, reduce="mean", include_self=False)
    total = torch.zeros(4).scatter_add(0, first, norms)
    print("first choices:", first.view(4, 6))
    print("per-expert peak:", peak)
    print("per-expert mean:", mean)
    print("per-expert total:", total)
    counts = torch.zeros(4, dtype=torch.long).index_add_(0, first, torch.ones_like(first))
    print("counts:", counts, counts.dtype)
    order = torch.argsort(first, stable=True)
    print("sorted by expert:", order.tolist())
    print("unique:", torch.unique(first, return_counts=True))
