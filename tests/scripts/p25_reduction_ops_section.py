import torch

# The "Reduction Ops" section of the torch docs page, row by row: each reduction with the
# arguments its entry lists (dim as an int and a tuple, keepdim, dtype, correction,
# interpolation), the namedtuples some return, the dtypes of the results (all/any keep uint8),
# how ties and zeros route the gradient (amax splits it, max(dim) gives it to one index, prod
# with a zero), and the errors a wrong dtype gives.

torch.manual_seed(7)
torch.set_printoptions(precision=4)

x = torch.tensor([[1.0, 3.0, 3.0, -2.0], [0.5, -1.0, 4.0, 4.0], [2.0, 2.0, 2.0, 2.0]])
print("argmax", torch.argmax(x), torch.argmax(x, dim=1), torch.argmax(x, dim=0, keepdim=True))
print("argmin", torch.argmin(x, dim=1))
print("amax", torch.amax(x, dim=(0, 1)), torch.amax(x, dim=1, keepdim=True).shape)
print("aminmax", torch.aminmax(x), torch.aminmax(x, dim=0))
print("max dim", torch.max(x, dim=1))
print("min keepdim", torch.min(x, 1, keepdim=True).values.shape)
mx = torch.max(x, 0)
print("namedtuple", type(mx).__name__, mx.indices, mx[0])

u8 = torch.tensor([[0, 3], [1, 0]], dtype=torch.uint8)
print("all/any uint8", torch.all(u8), torch.any(u8, dim=0), torch.all(u8, 1).dtype)
print("all/any float", torch.all(x), torch.any(x == 4.0, dim=1))
print("count_nonzero", torch.count_nonzero(u8), torch.count_nonzero(x - 2, dim=(0, 1)))

ints = torch.tensor([[1, 2, 3], [4, 5, 6]])
print("sum int", torch.sum(ints), torch.sum(ints, dim=0, dtype=torch.float64))
print("prod int", torch.prod(ints, 1), torch.prod(ints, dtype=torch.int32).dtype)
print("nansum", torch.nansum(torch.tensor([1.0, float("nan"), 2.0])))
print("mean dtype", torch.mean(ints, dtype=torch.float32), ints.float().mean(dim=(0, 1)))
try:
    torch.mean(ints)
except RuntimeError as err:
    print("RuntimeError:", err)
try:
    ints.std()
except RuntimeError as err:
    print("RuntimeError:", err)
print("nanmean", torch.nanmean(torch.tensor([[1.0, float("nan")], [3.0, 5.0]]), dim=0))

v = torch.tensor([3.0, 1.0, 4.0, 1.0, 5.0, 9.0])
print("median even", torch.median(v), torch.median(v.reshape(2, 3), dim=1))
print("nanmedian", torch.nanmedian(torch.tensor([2.0, float("nan"), 1.0, 7.0])))
print("median nan", torch.median(torch.tensor([2.0, float("nan"), 1.0])))
print("mode", torch.mode(torch.tensor([[1, 2, 2, 3], [4, 4, 5, 5]]), dim=1))
for interpolation in ["linear", "lower", "higher", "midpoint", "nearest"]:
    print("quantile", interpolation,
          torch.quantile(v, torch.tensor([0.1, 0.5, 0.75]), interpolation=interpolation))
print("quantile dim", torch.quantile(v.reshape(2, 3), 0.5, dim=1, keepdim=True))
print("nanquantile", torch.nanquantile(torch.tensor([1.0, float("nan"), 3.0, 2.0]), 0.5))
try:
    torch.quantile(v, 1.5)
except RuntimeError as err:
    print("RuntimeError:", err)
try:
    torch.quantile(v.double(), torch.tensor([0.5]))
except RuntimeError as err:
    print("RuntimeError:", err)

w = torch.randn(4, 5, dtype=torch.float64)
for correction in [0, 1, 2]:
    print("std/var correction", correction, torch.std(w, dim=1, correction=correction),
          torch.var(w, correction=correction).item().__round__(8))
print("std_mean", torch.std_mean(w, dim=0, keepdim=True)[0].shape, torch.var_mean(w, 1))
one = torch.tensor([2.0])
print("std of one value", torch.std(one), torch.var(one, correction=0))
print("logsumexp", torch.logsumexp(torch.tensor([[-float("inf"), -float("inf")], [0.0, 1.0]]),
                                   dim=1))
print("dist", torch.dist(w[0], w[1]), torch.dist(w[0], w[1], p=1), torch.dist(w[0], w[1], p=0))
print("norm", torch.norm(w, dim=1), torch.norm(w, p="fro"), torch.norm(w, p=float("inf")))

print("unique", torch.unique(torch.tensor([3, 1, 3, 2, 1])))
vals, inverse, counts = torch.unique(torch.tensor([3, 1, 3, 2, 1]), return_inverse=True,
                                     return_counts=True)
print("unique inverse counts", vals, inverse, counts)
print("unique dim", torch.unique(torch.tensor([[1, 2], [3, 4], [1, 2]]), dim=0,
                                 return_counts=True))
print("unique_consecutive", torch.unique_consecutive(torch.tensor([1, 1, 2, 2, 3, 1, 1]),
                                                     return_inverse=True, return_counts=True))

# how the gradient flows through ties, zeros and the order statistics
t = torch.tensor([[1.0, 3.0, 3.0], [2.0, 2.0, 0.5]], dtype=torch.float64, requires_grad=True)
for name, fn in [("amax", lambda a: torch.amax(a, dim=1)),
                 ("max dim", lambda a: torch.max(a, dim=1).values),
                 ("max all", lambda a: torch.max(a)),
                 ("amin all", lambda a: torch.amin(a)),
                 ("median", lambda a: torch.median(a)),
                 ("median dim", lambda a: torch.median(a, dim=1).values),
                 ("kthvalue", lambda a: torch.kthvalue(a, 2, dim=1).values),
                 ("quantile", lambda a: torch.quantile(a, 0.3, dim=1)),
                 ("logsumexp", lambda a: torch.logsumexp(a, dim=0)),
                 ("std c=0", lambda a: torch.std(a, correction=0)),
                 ("norm 3", lambda a: torch.norm(a, p=3)),
                 ("dist inf", lambda a: torch.dist(a[0], a[1], p=float("inf")))]:
    t.grad = None
    out = fn(t)
    out.sum().backward()
    print(f"d {name}", out.grad_fn.name(), t.grad)

z = torch.tensor([[2.0, 0.0, 3.0], [0.0, 0.0, 4.0], [1.0, 5.0, 2.0]], dtype=torch.float64,
                 requires_grad=True)
torch.prod(z, dim=1).sum().backward()
print("d prod dim with zeros", z.grad)
z.grad = None
torch.prod(z).backward()
print("d prod all with zeros", z.grad)
print("gradcheck prod", torch.autograd.gradcheck(lambda a: torch.prod(a, 0),
                                                 (z.detach().clone().requires_grad_(),)))
print("gradcheck quantile", torch.autograd.gradcheck(
    lambda a: torch.quantile(a, torch.tensor([0.2, 0.9], dtype=torch.float64), dim=1),
    (torch.randn(3, 4, dtype=torch.float64, requires_grad=True),)))
