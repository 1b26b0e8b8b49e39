import torch

# Two small models from papers people still reimplement: a mixture density network (Bishop)
# fitting the inverse of a sine, whose head parametrises MixtureSameFamily(Categorical(logits),
# Normal) and trains on its negative log-likelihood; and TransE knowledge-graph embeddings
# (Bordes et al.) trained with MarginRankingLoss on corrupted triples, entity embeddings kept
# inside the unit ball by nn.Embedding(max_norm=1), and ranked by distance for evaluation.
import torch.nn.functional as F
from torch import nn
from torch.distributions import Categorical, MixtureSameFamily, Normal

torch.manual_seed(17)


class MDN(nn.Module):
    def __init__(self, components=4, hidden=24):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(1, hidden), nn.Tanh(), nn.Linear(hidden, hidden),
                                  nn.Tanh())
        self.head = nn.Linear(hidden, 3 * components)

    def forward(self, x):
        logits, means, log_scales = self.head(self.body(x)).chunk(3, dim=-1)
        scales = F.softplus(log_scales) + 1e-3
        return MixtureSameFamily(Categorical(logits=logits), Normal(means, scales))


# Inverse problem: y = x + 0.3 sin(2 pi x) + noise, then predict x from y (multi-valued).
x = torch.rand(256, 1)
y = x + 0.3 * torch.sin(2 * torch.pi * x) + 0.05 * torch.randn(256, 1)
inputs, targets = y, x.squeeze(1)
mdn = MDN()
optimizer = torch.optim.Adam(mdn.parameters(), lr=1e-2)
for step in range(40):
    dist = mdn(inputs)
    nll = -dist.log_prob(targets).mean()
    optimizer.zero_grad()
    nll.backward()
    optimizer.step()
    if step % 12 == 0 or step == 39:
        print(f"mdn step {step:2d} nll {nll.item():.4f}")
with torch.no_grad():
    dist = mdn(torch.tensor([[0.2], [0.5], [0.8]]))
    print("batch/event shape", dist.batch_shape, dist.event_shape,
          "mixture weights", dist.mixture_distribution.probs.shape)
    print("mean", dist.mean, "stddev", dist.stddev)
    samples = dist.sample((5,))
    print("samples", samples.shape, "cdf at mean", dist.cdf(dist.mean))
    mixture = Categorical(logits=torch.tensor([0.0, 1.0, 2.0]))
    print("entropy", mixture.entropy(), "log_prob", mixture.log_prob(torch.tensor(2)))

# TransE: head + relation ~ tail for true triples (h, r, t).
ENTITIES, RELATIONS, DIM = 12, 3, 8
triples = torch.tensor([[h, r, (h + r + 1) % ENTITIES] for h in range(ENTITIES)
                        for r in range(RELATIONS)])


class TransE(nn.Module):
    def __init__(self):
        super().__init__()
        self.entities = nn.Embedding(ENTITIES, DIM, max_norm=1.0)
        self.relations = nn.Embedding(RELATIONS, DIM)
        bound = 6 / DIM ** 0.5
        nn.init.uniform_(self.entities.weight, -bound, bound)
        nn.init.uniform_(self.relations.weight, -bound, bound)
        with torch.no_grad():
            self.relations.weight.div_(self.relations.weight.norm(dim=1, keepdim=True))

    def distance(self, h, r, t):
        return (self.entities(h) + self.relations(r) - self.entities(t)).norm(p=1, dim=-1)


model = TransE()
print("initial max entity norm", round(model.entities.weight.norm(dim=1).max().item(), 4))
criterion = nn.MarginRankingLoss(margin=1.0)
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
for epoch in range(30):
    h, r, t = triples.unbind(1)
    corrupt_tail = torch.rand(len(triples)) < 0.5
    random_entities = torch.randint(0, ENTITIES, (len(triples),))
    h_neg = torch.where(corrupt_tail, h, random_entities)
    t_neg = torch.where(corrupt_tail, random_entities, t)
    positive, negative = model.distance(h, r, t), model.distance(h_neg, r, t_neg)
    loss = criterion(negative, positive, torch.ones_like(positive))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if epoch % 6 == 0 or epoch == 29:
        print(f"transe epoch {epoch:2d} loss {loss.item():.4f} "
              f"max norm {model.entities.weight.norm(dim=1).max().item():.4f}")

with torch.no_grad():
    h, r, t = triples.unbind(1)
    all_tails = torch.arange(ENTITIES)
    scores = (model.entities(h)[:, None] + model.relations(r)[:, None]
              - model.entities(all_tails)[None]).norm(p=1, dim=-1)
    ranks = (scores < scores.gather(1, t[:, None])).sum(1) + 1
    print("mean rank", ranks.float().mean().item(), "hits@3", (ranks <= 3).float().mean().item(),
          "MRR", round((1.0 / ranks.float()).mean().item(), 4))
    print("renormed rows within the ball", bool((model.entities.weight.norm(dim=1)
                                                 <= 1 + 1e-6).all()))
