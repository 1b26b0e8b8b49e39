import torch

# The utilities a training script leans on, as users call them: activation checkpointing
# (torch.utils.checkpoint, use_reentrant=False, checkpoint_sequential), clip_grad_value_,
# LambdaLR / PolynomialLR / ChainedScheduler / SequentialLR, saving the whole training state
# and reloading it with weights_only=True, default_collate on nested dicts and namedtuples,
# a torch.Generator per DataLoader for reproducible shuffles, and the messages of
# torch.testing.assert_close when values differ.
import collections
import io
import os
import tempfile

import numpy as np
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.checkpoint import checkpoint, checkpoint_sequential
from torch.utils.data import DataLoader, Dataset, default_collate

torch.manual_seed(0)
Sample = collections.namedtuple("Sample", ["image", "meta"])


class Toy(Dataset):
    def __init__(self, n):
        g = torch.Generator().manual_seed(3)
        self.x = torch.randn(n, 6, generator=g)
        self.y = (self.x.sum(1) > 0).long()

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        return {"input": self.x[i], "target": self.y[i], "extra": {"index": i, "name": f"s{i}"}}


batch = default_collate([Sample(torch.ones(2), {"id": 1, "w": 0.5}),
                         Sample(torch.zeros(2), {"id": 2, "w": 1.5})])
print(type(batch).__name__, batch.image, batch.meta)
print(default_collate([(1, 2.0, "a"), (3, 4.0, "b")]))
print(default_collate([[torch.tensor(1), torch.tensor(2)], [torch.tensor(3), torch.tensor(4)]]))
print(default_collate([np.array([1.0, 2.0]), np.array([3.0, 4.0])]))
try:
    default_collate([torch.ones(2), torch.ones(3)])
except RuntimeError as error:
    print("collate error:", error)

data = Toy(20)
g1 = torch.Generator().manual_seed(7)
g2 = torch.Generator().manual_seed(7)
order1 = [b["extra"]["index"].tolist() for b in DataLoader(data, 5, shuffle=True, generator=g1)]
order2 = [b["extra"]["index"].tolist() for b in DataLoader(data, 5, shuffle=True, generator=g2)]
print("same order", order1 == order2, order1[0])
first = next(iter(DataLoader(data, 4, shuffle=False)))
print(first["extra"]["name"], first["target"], first["input"].shape)
loader = DataLoader(data, batch_size=6, shuffle=True, drop_last=True,
                    generator=torch.Generator().manual_seed(11))
print("len", len(loader))


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(16, 16)
        self.calls = 0

    def forward(self, x):
        self.calls += 1
        return F.gelu(self.lin(x)) + x


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.inp = nn.Linear(6, 16)
        self.blocks = nn.ModuleList([Block() for _ in range(3)])
        self.head = nn.Linear(16, 2)

    def forward(self, x, use_ckpt=True):
        x = self.inp(x)
        for block in self.blocks:
            x = checkpoint(block, x, use_reentrant=False) if use_ckpt else block(x)
        return self.head(x)


net = Net()
x = data.x[:8]
out1 = net(x, use_ckpt=True)
out1.sum().backward()
g_ckpt = [p.grad.clone() for p in net.parameters()]
print("calls after ckpt backward", [b.calls for b in net.blocks])
net.zero_grad()
net(x, use_ckpt=False).sum().backward()
print("ckpt grads equal", all(torch.allclose(a, p.grad) for a, p in zip(g_ckpt, net.parameters())))
seq = nn.Sequential(*[nn.Linear(6, 6) for _ in range(4)])
inp = torch.randn(3, 6, requires_grad=True)
out = checkpoint_sequential(seq, 2, inp, use_reentrant=False)
out.pow(2).sum().backward()
print("checkpoint_sequential", out.shape, f"{inp.grad.sum().item():.6f}")

opt = torch.optim.AdamW(net.parameters(), lr=0.01, weight_decay=0.05)
warm = torch.optim.lr_scheduler.LambdaLR(opt, lambda epoch: min(1.0, (epoch + 1) / 3))
poly = torch.optim.lr_scheduler.PolynomialLR(opt, total_iters=8, power=2.0)
chained = torch.optim.lr_scheduler.ChainedScheduler([warm, poly])
lrs = []
for epoch in range(3):
    for b in loader:
        opt.zero_grad()
        loss = F.cross_entropy(net(b["input"]), b["target"])
        loss.backward()
        nn.utils.clip_grad_value_(net.parameters(), clip_value=0.05)
        assert max(p.grad.abs().max() for p in net.parameters()) <= 0.05
        opt.step()
    chained.step()
    lrs.append(round(chained.get_last_lr()[0], 8))
    print(f"epoch {epoch} loss {loss.item():.5f}")
print("lrs", lrs, [type(s).__name__ for s in chained._schedulers])

opt2 = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=1.0)
seq_sched = torch.optim.lr_scheduler.SequentialLR(
    opt2, [torch.optim.lr_scheduler.LinearLR(opt2, start_factor=0.1, total_iters=3),
           torch.optim.lr_scheduler.PolynomialLR(opt2, total_iters=4, power=1.0)],
    milestones=[3])
history = []
for _ in range(8):
    history.append(round(opt2.param_groups[0]["lr"], 6))
    opt2.step()
    seq_sched.step()
print("sequential", history)
print("poly state", {k: v for k, v in poly.state_dict().items()
                     if k != "_get_lr_called_within_step"})

state = {"model": net.state_dict(), "optimizer": opt.state_dict(), "epoch": 3,
         "scheduler": poly.state_dict(), "lrs": lrs, "rng": torch.get_rng_state()}
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "ckpt.pt")
    torch.save(state, path)
    loaded = torch.load(path, weights_only=True)
print(sorted(loaded), loaded["epoch"], loaded["optimizer"]["param_groups"][0]["lr"])
print(list(loaded["model"].keys())[:4])
print("optimizer state keys", sorted(loaded["optimizer"]["state"][0].keys()),
      loaded["optimizer"]["state"][0]["step"])
net2 = Net()
net2.load_state_dict(loaded["model"])
opt3 = torch.optim.AdamW(net2.parameters(), lr=0.01, weight_decay=0.05)
opt3.load_state_dict(loaded["optimizer"])
torch.set_rng_state(loaded["rng"])
print("restored equal", torch.equal(net2(x, use_ckpt=False), net(x, use_ckpt=False)))


class Custom:
    pass


buffer = io.BytesIO()
torch.save({"obj": Custom()}, buffer)
buffer.seek(0)
try:
    torch.load(buffer, weights_only=True)
except Exception as error:
    print("weights_only refused:", type(error).__name__)
buffer.seek(0)
print("weights_only=False ok", type(torch.load(buffer, weights_only=False)["obj"]).__name__)

for a, b, kwargs in [
    (torch.tensor([1.0, 2.0, 3.0]), torch.tensor([1.0, 2.5, 3.0]), {}),
    (torch.tensor([[1.0, 2.0], [3.0, 4.0]]), torch.tensor([[1.0, 2.0], [3.1, 4.2]]),
     {"rtol": 1e-2, "atol": 1e-3}),
    (torch.tensor([1, 2, 3]), torch.tensor([1, 2, 4]), {}),
    (torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.0], dtype=torch.float64), {}),
    (torch.ones(2, 3), torch.ones(3, 2), {}),
    (torch.tensor([float("nan")]), torch.tensor([float("nan")]), {}),
    (torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.0001]), {}),
    ({"a": torch.ones(2)}, {"a": torch.zeros(2)}, {}),
]:
    try:
        torch.testing.assert_close(a, b, **kwargs)
        print("assert_close ok")
    except (AssertionError, TypeError, ValueError) as error:
        print(type(error).__name__ + ":", error)
torch.testing.assert_close(torch.tensor([float("nan")]), torch.tensor([float("nan")]),
                           equal_nan=True)
torch.testing.assert_close(torch.tensor([1.0]), torch.tensor([1.0], dtype=torch.float64),
                           check_dtype=False)
print("equal_nan / check_dtype ok")
try:
    torch.testing.assert_close(torch.tensor([1.0, 5.0]), torch.tensor([1.0, 2.0]),
                               msg="custom failure")
except AssertionError as error:
    print("msg:", error)
