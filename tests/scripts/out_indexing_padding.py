import torch

# out= buffers in a loop, fancy indexing inside a training step, reflect padding in a conv net.
import warnings
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(3)

# A running statistic kept in preallocated buffers, as numerical code reuses memory.
total = torch.zeros(4, dtype=torch.float64)
step = torch.empty(0, dtype=torch.float64)
for i in range(5):
    torch.mul(torch.arange(4, dtype=torch.float64), i + 1, out=step)
    torch.add(total, step, out=total)
print(total, step.shape, total._version > 0)
noise = torch.empty(2, 3)
print(torch.rand(2, 3, out=noise) is noise, noise)
buf = torch.zeros(3)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    torch.cat([torch.ones(2), torch.zeros(2)], out=buf)
print(buf, [str(w.message)[:40] for w in caught])
values, indices = torch.empty(0), torch.empty(0, dtype=torch.long)
print(torch.max(torch.tensor([[1.0, 5.0], [7.0, 2.0]]), 1, out=(values, indices)))
try:
    torch.exp(torch.ones(2), out=torch.zeros(2, dtype=torch.long))
except RuntimeError as error:
    print("RuntimeError:", error)

# Fancy indexing in a training step: a gather of per-sample class scores and a scattered update.
emb = nn.Embedding(6, 3)
head = nn.Linear(3, 4)
opt = torch.optim.SGD([*emb.parameters(), *head.parameters()], lr=0.1)
tokens = torch.tensor([[0, 2, 5], [1, 1, 4]])
labels = torch.tensor([3, 0])
for epoch in range(3):
    opt.zero_grad()
    scores = head(emb(tokens).mean(1))
    picked = scores[range(2), labels]
    loss = (scores.logsumexp(1) - picked).mean()
    loss.backward()
    opt.step()
    print(epoch, round(loss.item(), 4))
grid = torch.arange(24.0).reshape(2, 3, 4)
print(grid[[0, 1], :, [1, 3]])
print(grid[0, :, [2, 0]], grid[[[1], [0]], [0, 2]].shape)
grid[1, [0, 2]] = torch.tensor([[-1.0, -2.0, -3.0, -4.0]])
grid[0, 1] = torch.ones(1, 4)
print(grid.sum(axis=2, keepdims=True).flatten())

# A small conv net with reflect padding, trained for a few steps.
net = nn.Sequential(nn.Conv2d(1, 2, 3, padding=1, padding_mode="reflect"), nn.SiLU(),
                    nn.Flatten(), nn.Linear(2 * 5 * 5, 1))
opt = torch.optim.SGD(net.parameters(), lr=0.05)
images = torch.randn(4, 1, 5, 5)
target = torch.randn(4, 1)
for it in range(3):
    opt.zero_grad()
    loss = F.mse_loss(net(F.pad(images, (1, 1, 1, 1), mode="reflect")[..., 1:-1, 1:-1]), target)
    loss.backward()
    opt.step()
    print(it, round(loss.item(), 4))
print(F.pad(torch.arange(6.0).reshape(1, 1, 6), (-1, 3), mode="reflect"))
print(F.pad(torch.arange(4.0).reshape(1, 2, 2), (1, 1, 1, 1), mode="replicate"))
x = torch.tensor(0.5, requires_grad=True)
w = torch.tensor([2.0, 3.0], requires_grad=True)
w.register_hook(lambda g: g * 10)
print(F.silu(x), torch.autograd.grad((w ** 3).sum(), w)[0])
print(torch.pow(torch.tensor([1.5, 2.0]), -0.5))
