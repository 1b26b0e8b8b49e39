import torch

# Three numerical programs: a neural ODE integrated with a hand-written RK4 step and fitted to a
# damped oscillator's trajectory; a linear-chain CRF tagger (forward algorithm with logsumexp,
# the gold path score by gather, Viterbi decoding with max/argmax and backtracking); quantile
# regression with the pinball loss, checked against torch.quantile.
from torch import nn

torch.manual_seed(0)


# --- neural ODE -----------------------------------------------------------------------------
class ODEFunc(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2, 32), nn.Tanh(), nn.Linear(32, 2))

    def forward(self, t, y):
        return self.net(y)


def rk4(func, y0, times):
    ys = [y0]
    y = y0
    for t0, t1 in zip(times[:-1], times[1:]):
        h = t1 - t0
        k1 = func(t0, y)
        k2 = func(t0 + h / 2, y + h * k1 / 2)
        k3 = func(t0 + h / 2, y + h * k2 / 2)
        k4 = func(t1, y + h * k3)
        y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        ys.append(y)
    return torch.stack(ys)


times = torch.linspace(0, 3, 16)
true_matrix = torch.tensor([[-0.1, 2.0], [-2.0, -0.1]])
true_y = rk4(lambda t, y: y @ true_matrix.T, torch.tensor([[2.0, 0.0]]), times)
func = ODEFunc()
optimizer = torch.optim.RMSprop(func.parameters(), lr=5e-3)
for step in range(15):
    optimizer.zero_grad()
    pred = rk4(func, true_y[0], times)
    loss = (pred - true_y).abs().mean()
    loss.backward()
    optimizer.step()
    if step % 5 == 0:
        print(f"ode step {step:2d} loss {loss.item():.6f}")
print(pred.shape, true_y[-1], pred[-1].detach())


# --- linear-chain CRF -------------------------------------------------------------------------
class CRF(nn.Module):
    def __init__(self, num_tags):
        super().__init__()
        self.transitions = nn.Parameter(torch.randn(num_tags, num_tags) * 0.1)
        self.start = nn.Parameter(torch.zeros(num_tags))
        self.end = nn.Parameter(torch.zeros(num_tags))

    def log_partition(self, emissions):
        score = self.start + emissions[:, 0]
        for t in range(1, emissions.shape[1]):
            score = torch.logsumexp(score.unsqueeze(2) + self.transitions + emissions[:, t]
                                    .unsqueeze(1), dim=1)
        return torch.logsumexp(score + self.end, dim=1)

    def path_score(self, emissions, tags):
        score = self.start[tags[:, 0]] + emissions[:, 0].gather(1, tags[:, :1]).squeeze(1)
        for t in range(1, emissions.shape[1]):
            score = score + self.transitions[tags[:, t - 1], tags[:, t]]
            score = score + emissions[:, t].gather(1, tags[:, t:t + 1]).squeeze(1)
        return score + self.end[tags[:, -1]]

    def viterbi(self, emissions):
        score = self.start + emissions[:, 0]
        history = []
        for t in range(1, emissions.shape[1]):
            best, index = (score.unsqueeze(2) + self.transitions).max(dim=1)
            history.append(index)
            score = best + emissions[:, t]
        score = score + self.end
        best_last = score.argmax(dim=1)
        path = [best_last]
        for index in reversed(history):
            best_last = index.gather(1, best_last.unsqueeze(1)).squeeze(1)
            path.append(best_last)
        return torch.stack(path[::-1], dim=1), score.max(dim=1).values


torch.manual_seed(1)
words = torch.randint(0, 10, (16, 7))
tags = (words % 3 == 0).long() + (words > 6).long()
embed = nn.Embedding(10, 8)
emit = nn.Linear(8, 3)
crf = CRF(3)
optimizer = torch.optim.Adam([*embed.parameters(), *emit.parameters(), *crf.parameters()],
                             lr=0.05)
for epoch in range(12):
    emissions = emit(embed(words))
    nll = (crf.log_partition(emissions) - crf.path_score(emissions, tags)).mean()
    optimizer.zero_grad()
    nll.backward()
    optimizer.step()
    if epoch % 4 == 0:
        print(f"crf epoch {epoch:2d} nll {nll.item():.6f}")
with torch.no_grad():
    decoded, best = crf.viterbi(emit(embed(words)))
print(decoded[:2], tags[:2], (decoded == tags).float().mean(), best[:3])


# --- quantile regression ---------------------------------------------------------------------
torch.manual_seed(2)
x = torch.rand(200, 1) * 4
y = 0.5 * x.squeeze(1) + torch.randn(200) * (0.2 + 0.3 * x.squeeze(1))
quantiles = torch.tensor([0.1, 0.5, 0.9])
model = nn.Linear(1, 3)
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)


def pinball(pred, target, q):
    error = target.unsqueeze(1) - pred
    return torch.max(q * error, (q - 1) * error).mean()


for step in range(60):
    loss = pinball(model(x), y, quantiles)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 20 == 0:
        print(f"quantile step {step:2d} loss {loss.item():.6f}")
with torch.no_grad():
    coverage = (y.unsqueeze(1) < model(x)).float().mean(0)
print(coverage, torch.quantile(y, quantiles), torch.quantile(y, 0.5, interpolation="lower"))
print(torch.nanquantile(torch.tensor([1.0, float("nan"), 3.0, 2.0]), 0.25),
      y.reshape(20, 10).quantile(quantiles, dim=1, keepdim=True).shape)
