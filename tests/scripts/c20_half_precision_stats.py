import torch

# Statistics on data stored in half precision to save memory (sensor logs in float16, model
# activations in bfloat16), with the gaps real data has: NaN-aware medians and cleaning,
# running maxima, sorting with NaN, group means by scatter_reduce, pooled summaries with
# avg/max/adaptive pooling, and clamped / thresholded readings. Every result is printed in the
# stored dtype, as a report would.
import torch.nn.functional as F

g = torch.Generator().manual_seed(9)
raw = (torch.randn(4, 12, generator=g) * 3 + 20)
raw[0, 3] = float("nan")
raw[1, 0] = float("nan")
raw[2, 7] = float("inf")
raw[3, 11] = -float("inf")
for dtype in (torch.float16, torch.bfloat16):
    x = raw.to(dtype)
    print("==", dtype, x.dtype.itemsize, "bytes per value")
    print("row medians", x.median(1))
    print("nanmedian", x.nanmedian(1).values, x.nanmedian())
    print("cummax row 0", x[0].cummax(0))
    print("cummin row 1", x[1].cummin(0).indices)
    clean = torch.nan_to_num(x)
    print("nan_to_num", clean[:, [0, 3, 7, 11]])
    print("nan_to_num fill", torch.nan_to_num(x, nan=20.0, posinf=30.0, neginf=10.0)[:, 11])
    print("sign", torch.sign(x[:2, :4]))
    finite = torch.where(torch.isfinite(x), x, torch.zeros((), dtype=dtype))
    print("sorted", finite.sort(1, descending=True).values[:, :3])
    print("sort with nan", x[0].sort().values[-3:], x[0].argsort(descending=True)[:2])
    groups = torch.tensor([0, 0, 1, 1, 2, 2, 0, 1, 2, 0, 1, 2])
    means = torch.zeros(4, 3, dtype=dtype).scatter_reduce(
        1, groups.expand(4, -1), finite, "mean", include_self=False)
    print("group means", means)
    peaks = torch.zeros(4, 3, dtype=dtype).scatter_reduce(
        1, groups.expand(4, -1), finite, "amax", include_self=False)
    print("group peaks", peaks)
    lows = torch.zeros(4, 3, dtype=dtype).scatter_reduce(
        1, groups.expand(4, -1), finite, "amin", include_self=False)
    print("group lows", lows)
    series = finite.unsqueeze(0)
    print("avg_pool1d", F.avg_pool1d(series, 3))
    print("max_pool1d", F.max_pool1d(x.unsqueeze(0), 4, return_indices=True))
    print("adaptive avg", F.adaptive_avg_pool1d(series, 5))
    print("adaptive avg with gaps", F.adaptive_avg_pool1d(x.unsqueeze(0), 4))
    grid = finite.reshape(1, 1, 4, 12)
    print("avg_pool2d", F.avg_pool2d(grid, 2, ceil_mode=True))
    print("adaptive 2d", F.adaptive_avg_pool2d(x.reshape(1, 1, 4, 12), (2, 3)))
    print("clamped", x.clamp(15, 25)[0], F.threshold(x[0], 19.0, 0.0))
    print("softshrink", F.softshrink(x[0] - 20, 2.0))
    print("hardtanh", F.hardtanh(x[1] - 20, -2.0, 2.0))
