import torch  # noqa: I001 (the harness requires torch first)

# Stochastic epidemics as an epidemiologist simulates them with torch: a Reed-Frost chain
# binomial model run for many villages at once (torch.binomial in float32 and float64, the
# sampler switching between inversion and BTRS as counts grow), Poisson importations,
# final-size distributions summarised by bincount / unique / quantile, an empirical CDF built
# with searchsorted over sorted data that holds missing values (NaN), and the probability of a
# major outbreak estimated with a Beta posterior.
import torch.distributions as D

torch.manual_seed(1918)
torch.set_printoptions(precision=4)

villages, population = 64, 1000.0
p_contact = torch.tensor(0.0016)
for dtype in (torch.float32, torch.float64):
    torch.manual_seed(5)
    susceptible = torch.full((villages,), population - 1, dtype=dtype)
    infected = torch.ones(villages, dtype=dtype)
    removed = torch.zeros(villages, dtype=dtype)
    history = []
    for generation in range(30):
        infection_prob = 1 - (1 - p_contact.to(dtype)) ** infected
        new = torch.binomial(susceptible, infection_prob)
        imported = torch.poisson(torch.full((villages,), 0.02, dtype=dtype))
        new = torch.minimum(new + imported, susceptible)
        susceptible, removed, infected = susceptible - new, removed + infected, new
        history.append(infected.sum().item())
    final = removed + infected
    print(dtype, "generations", [int(h) for h in history[:12]])
    print("   final sizes", final[:10].tolist())
    print("   mean", final.mean().item(), "max", final.max().item(), "major outbreaks",
          int((final > 100).sum()))
    counts = torch.bincount((final // 100).long(), minlength=10)
    print("   size histogram /100", counts.tolist())
    values, freq = torch.unique(final, return_counts=True)
    print("   distinct sizes", values.numel(), "most common", values[freq.argmax()].item())
    print("   quantiles", torch.quantile(final.double(), torch.tensor([0.1, 0.5, 0.9],
                                                                      dtype=torch.float64)))

# large counts with small probabilities: the sampler threshold count * prob >= 10
torch.manual_seed(11)
for n, p in [(1000.0, 0.01), (2000.0, 0.005), (1e6, 1e-5), (100.0, 0.1), (50.0, 0.2)]:
    draws32 = torch.binomial(torch.full((8,), n), torch.full((8,), p))
    draws64 = torch.binomial(torch.full((8,), n, dtype=torch.float64),
                             torch.full((8,), p, dtype=torch.float64))
    print(f"binomial n={n:g} p={p:g}", draws32.tolist(), draws64.tolist())
print("Binomial distribution", D.Binomial(torch.tensor([1000.0, 30.0]),
                                          torch.tensor([0.01, 0.5])).sample((3,)))

# an empirical CDF over reported sizes with missing reports (NaN sorts last)
reports = final.float().clone()
reports[::5] = float("nan")
ordered = torch.sort(reports).values
print("sorted tail", ordered[-15:])
queries = torch.tensor([0.0, 5.0, 50.0, 150.0, 500.0, 10000.0, float("inf")])
positions = torch.searchsorted(ordered, queries, right=True)
print("searchsorted with NaN", positions.tolist())
valid = ordered[~torch.isnan(ordered)]
ecdf = torch.searchsorted(valid, queries, right=True).double() / valid.numel()
print("ecdf over valid", ecdf)
print("bucketize", torch.bucketize(queries, ordered).tolist(),
      torch.bucketize(queries, valid).tolist())
print("nanquantile", torch.nanquantile(reports.double(),
                                       torch.tensor([0.25, 0.75], dtype=torch.float64)))

# probability of a major outbreak: Beta posterior from the simulated villages
major = int((final > 100).sum())
posterior = D.Beta(1.0 + major, 1.0 + villages - major)
print("posterior mean", posterior.mean, "95% interval",
      torch.sort(posterior.sample((4000,))).values[[100, 3899]])
