import torch  # noqa: I001 (the harness requires torch first)

# The floating-point facts and data summaries a numerical scientist prints: finfo/iinfo fields,
# nextafter and ulps, frexp/ldexp, float32 vs float64 accumulation against math.fsum,
# histc/histogram/bucketize, diff and gradient with spacing, kron/vander/tensordot, cov with
# weights, corrcoef, nan-aware medians and every quantile interpolation.
import math

torch.manual_seed(31)
for dt in (torch.float16, torch.float32, torch.float64):
    fi = torch.finfo(dt)
    print(dt, "bits", fi.bits, "eps", fi.eps, "max", fi.max, "tiny", fi.tiny,
          "resolution", fi.resolution, "smallest_normal", fi.smallest_normal)
print(torch.finfo(torch.float32))
for dt in (torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64):
    ii = torch.iinfo(dt)
    print(dt, ii.bits, ii.min, ii.max)
print(torch.iinfo(torch.int32))
print("finfo() default", torch.finfo().dtype, "complex64 ->", torch.finfo(torch.complex64).dtype)

one = torch.tensor(1.0, dtype=torch.float64)
up = torch.nextafter(one, torch.tensor(2.0, dtype=torch.float64))
print("nextafter(1) - 1", (up - one).item(),
      "== eps:", (up - one).item() == torch.finfo(torch.float64).eps)
print("float32 nextafter", torch.nextafter(torch.tensor([1.0, 0.0]), torch.tensor([0.0, 1.0])))
mantissa, exponent = torch.frexp(torch.tensor([0.0, 1.0, -3.5, 1e-40, 6e4]))
print("frexp", mantissa, exponent)
print("ldexp", torch.ldexp(mantissa, exponent),
      torch.ldexp(torch.tensor([1.0]), torch.tensor([10])))
print("copysign signbit", torch.copysign(torch.tensor([1.0, 2.0]), torch.tensor([-0.0, 0.0])),
      torch.signbit(torch.tensor([-0.0, 0.0, -1.0])))
print("float16 overflow", torch.tensor([60000.0], dtype=torch.float16) * 2,
      "subnormal", torch.tensor([1e-7], dtype=torch.float16))

values = torch.rand(10000, dtype=torch.float64) * 1e6 - 5e5 + 1e-3
exact = math.fsum(values.tolist())
print(f"fsum {exact:.10f}")
print(f"float64 sum error {abs(values.sum().item() - exact):.3e}")
# float32 accumulates in a library-dependent order: only the size of its error is stable.
single = values.float()
print("float32 sum within 1e-6 relative:", abs(single.sum().item() - exact) < 1e-6 * abs(exact),
      f"cumsum (sequential) last {single.cumsum(0)[-1].item():.3f}",
      f"float64 accumulation {single.sum(dtype=torch.float64).item():.6f}")
print("float64 cumsum agrees with sum:",
      math.isclose(values.cumsum(0)[-1].item(), exact, rel_tol=1e-12))
print("logcumsumexp", torch.logcumsumexp(torch.tensor([0.0, 0.0, 1000.0, -1000.0]), 0))

data = torch.randn(500, dtype=torch.float64)
print("histc", torch.histc(data, bins=8, min=-3, max=3).tolist())
h = torch.histogram(data, bins=torch.tensor([-4.0, -1.0, 0.0, 0.5, 4.0], dtype=torch.float64),
                    density=True)
print("histogram density", h.hist.numpy().round(8), "integral",
      round((h.hist * h.bin_edges.diff()).sum().item(), 12))
h2 = torch.histogram(data, bins=5, range=(-2.0, 2.0), weight=data.abs())
print("weighted histogram", h2.hist.numpy().round(6), h2.bin_edges.tolist())
hdd = torch.histogramdd(data.view(-1, 2), bins=[3, 2])
print("histogramdd", hdd.hist.tolist(), [e.numpy().round(4).tolist() for e in hdd.bin_edges])
edges = torch.tensor([-1.0, 0.0, 1.0], dtype=torch.float64)
probes = torch.tensor([-2.0, -1.0, 0.5, 1.0, 3.0], dtype=torch.float64)
print("bucketize", torch.bucketize(probes, edges),
      torch.bucketize(torch.tensor([-1.0, 1.0], dtype=torch.float64), edges, right=True))
print("searchsorted",
      torch.searchsorted(edges, torch.tensor([0.0, 2.0], dtype=torch.float64), side="right"))

x = torch.linspace(0, 2, 9, dtype=torch.float64)
f = x ** 3
print("diff", torch.diff(f, n=2).numpy().round(6),
      torch.diff(f, prepend=torch.tensor([0.0], dtype=torch.float64))[:3])
print("gradient h", torch.gradient(f, spacing=0.25)[0].numpy().round(6))
print("gradient coords", torch.gradient(f, spacing=(x,), edge_order=2)[0].numpy().round(6))
grid = torch.outer(x, x)
gy, gx = torch.gradient(grid, spacing=[0.25, 0.25])
print("2-d gradient", gy[2, :4].numpy().round(6), gx[:4, 2].numpy().round(6))
print("trapezoid", torch.trapezoid(f, x).item(),
      "cumulative", torch.cumulative_trapezoid(f, dx=0.25)[-3:])

print("kron", torch.kron(torch.tensor([[1, 2], [3, 4]]), torch.eye(2, dtype=torch.int64)))
print("vander", torch.vander(torch.tensor([1.0, 2.0, 3.0]), N=4, increasing=True))
T1, T2 = torch.arange(24.0).view(2, 3, 4), torch.arange(12.0).view(4, 3)
print("tensordot", torch.tensordot(T1, T2, dims=([1, 2], [1, 0])),
      torch.tensordot(T2, T2.T, dims=1).shape)
obs = torch.randn(3, 12, dtype=torch.float64)
fw = torch.randint(1, 4, (12,))
aw = torch.rand(12, dtype=torch.float64)
print("cov", torch.cov(obs).numpy().round(8))
print("cov weighted", torch.cov(obs, correction=0, fweights=fw, aweights=aw).numpy().round(8))
print("corrcoef", torch.corrcoef(obs).numpy().round(8))

with_nan = torch.tensor([[1.0, float("nan"), 3.0, 2.0], [float("nan"), 5.0, float("nan"), 7.0]])
print("nanmedian", torch.nanmedian(with_nan, dim=1), "median", torch.median(with_nan[0]))
print("nanmean nansum", torch.nanmean(with_nan, dim=1), torch.nansum(with_nan))
sample = torch.tensor([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0])
q = torch.tensor([0.1, 0.5, 0.9])
for method in ("linear", "lower", "higher", "midpoint", "nearest"):
    print(f"quantile {method:8s}", torch.quantile(sample, q, interpolation=method).tolist())
print("nanquantile", torch.nanquantile(with_nan[0], 0.5), torch.nanquantile(with_nan, 0.25, dim=1))
print("mode", torch.mode(torch.tensor([2, 3, 3, 1, 2, 2])), "unique counts",
      torch.unique(sample, return_counts=True))
print("std_mean", torch.std_mean(sample, correction=0),
      "var unbiased", round(torch.var(sample).item(), 5))
print("aminmax", torch.aminmax(sample), "cummax", torch.cummax(sample, 0).values)
