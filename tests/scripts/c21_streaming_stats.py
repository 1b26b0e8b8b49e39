import torch

# Statistics over a stream of mini-batches, as monitoring and data-loading code keeps them:
# Welford / Chan merging of running means and variances (checked against the full data),
# exponential moving averages with lerp_ and with addcmul_-style updates and their bias
# correction, running min/max with torch.minimum / maximum into preallocated buffers (out=),
# reservoir sampling and a count-min sketch on a seeded Generator, a streaming histogram with
# histc and index_add_, and running covariance / correlation for feature drift checks.
torch.manual_seed(0)
torch.set_printoptions(precision=5, sci_mode=False)
dt = torch.float64
gen = torch.Generator().manual_seed(31)
batches = [torch.randn(int(torch.randint(5, 40, (1,), generator=gen)), 3, generator=gen,
                       dtype=dt) * torch.tensor([1.0, 2.0, 0.5], dtype=dt) + 3.0
           for _ in range(12)]
data = torch.cat(batches)
print("batches", [len(b) for b in batches], "total", len(data))

count = 0
mean = torch.zeros(3, dtype=dt)
m2 = torch.zeros(3, dtype=dt)
lo = torch.full((3,), float("inf"), dtype=dt)
hi = torch.full((3,), -float("inf"), dtype=dt)
for b in batches:
    nb = len(b)
    bm = b.mean(0)
    bm2 = (b - bm).pow(2).sum(0)
    delta = bm - mean
    total = count + nb
    mean += delta * nb / total
    m2 += bm2 + delta.pow(2) * count * nb / total
    count = total
    torch.minimum(lo, b.amin(0), out=lo)
    torch.maximum(hi, b.amax(0), out=hi)
print("running mean", mean, "matches", torch.allclose(mean, data.mean(0)))
print("running var", m2 / (count - 1), "matches", torch.allclose(m2 / (count - 1), data.var(0)))
print("min/max", lo, hi, torch.equal(lo, data.amin(0)), torch.equal(hi, data.amax(0)))

# exponential moving averages
ema = torch.zeros(3, dtype=dt)
ema2 = torch.zeros(3, dtype=dt)
sq = torch.zeros(3, dtype=dt)
beta = 0.9
for step, b in enumerate(batches, 1):
    bm = b.mean(0)
    ema.lerp_(bm, 1 - beta)
    ema2.mul_(beta).add_(bm, alpha=1 - beta)
    sq.mul_(beta).addcmul_(bm, bm, value=1 - beta)
    corrected = ema / (1 - beta ** step)
    if step in (1, 6, 12):
        print(f"step {step:2d} ema {ema} corrected {corrected}")
print("lerp vs mul/add", (ema - ema2).abs().max().item() < 1e-14,
      "second moment", sq / (1 - beta ** len(batches)))
w = torch.tensor([0.5, 0.25, 0.75], dtype=dt)
print("lerp with tensor weight", torch.lerp(torch.zeros(3, dtype=dt), mean, w))

# reservoir sampling (algorithm R)
k = 8
reservoir = torch.empty(k, 3, dtype=dt)
seen = 0
for b in batches:
    for row in b:
        if seen < k:
            reservoir[seen] = row
        else:
            j = int(torch.randint(0, seen + 1, (1,), generator=gen))
            if j < k:
                reservoir[j] = row
        seen += 1
print("reservoir mean", reservoir.mean(0), "seen", seen)

# count-min sketch of integer events
events = torch.randint(0, 50, (400,), generator=gen)
events = torch.where(torch.rand(400, generator=gen) < 0.3, torch.tensor(7), events)
depth, width = 4, 32
a = torch.randint(1, 2 ** 31 - 1, (depth, 1), generator=gen)
b_ = torch.randint(0, 2 ** 31 - 1, (depth, 1), generator=gen)
prime = 2 ** 31 - 1
hashed = torch.remainder(a * events + b_, prime) % width
sketch = torch.zeros(depth, width, dtype=torch.long)
sketch.scatter_add_(1, hashed, torch.ones_like(hashed))
query = torch.tensor([7, 3, 49])
est = sketch.gather(1, torch.remainder(a * query + b_, prime) % width).amin(0)
true = torch.bincount(events, minlength=50)[query]
print("count-min estimates", est.tolist(), "true", true.tolist(), "never under",
      bool((est >= true).all()))

# streaming histogram with fixed edges
edges = torch.linspace(0.0, 6.0, 7, dtype=dt)
hist = torch.zeros(6, dtype=dt)
for b in batches:
    col = b[:, 0]
    hist += torch.histc(col, bins=6, min=0.0, max=6.0)
print("histc stream", hist, "histogram", torch.histogram(data[:, 0], bins=edges).hist)
inside = (data[:, 0] >= 0) & (data[:, 0] <= 6)
idx = torch.bucketize(data[inside, 0], edges[1:-1], right=True)
via_index_add = torch.zeros(6, dtype=dt).index_add_(0, idx, torch.ones(int(inside.sum()),
                                                                       dtype=dt))
print("bucketize + index_add_", via_index_add, torch.equal(via_index_add, hist))

# running covariance (co-moment) and correlation
n = 0
mu = torch.zeros(3, dtype=dt)
C = torch.zeros(3, 3, dtype=dt)
for b in batches:
    for row in b:
        n += 1
        d_old = row - mu
        mu += d_old / n
        C += torch.outer(d_old, row - mu)
cov = C / (n - 1)
print("running cov matches torch.cov", torch.allclose(cov, torch.cov(data.T)))
sd = cov.diagonal().sqrt()
print("correlation", cov / torch.outer(sd, sd))
print("drift z-scores of last batch", (batches[-1].mean(0) - mu) / (sd / len(batches[-1]) ** 0.5))
