import torch

# The "Indexing, Slicing, Joining, Mutating Ops" section of the torch docs page, the scatter and
# index families on integer tensors: scatter_reduce's "mean" (an integer mean rounds down),
# include_self, index_reduce's "prod"/"amax"/"amin", index_add's alpha, put_ with accumulate,
# the *_scatter functions and their gradients in float64, and the errors an index out of range
# or a dtype mismatch gives.

torch.set_printoptions(precision=4)
src = torch.tensor([5, 7, -3, 8, 2, -9])
index = torch.tensor([0, 1, 0, 1, 2, 2])
base = torch.tensor([10, 20, 30, 40])


def show(label, fn):
    try:
        print(f"{label:<34}", fn())
    except (RuntimeError, IndexError, ValueError, TypeError) as err:
        print(f"{label:<34}", type(err).__name__ + ":", str(err).splitlines()[0])


for reduce in ["sum", "prod", "mean", "amax", "amin"]:
    for include_self in [True, False]:
        show(f"scatter_reduce {reduce} self={include_self}",
             lambda: base.scatter_reduce(0, index, src, reduce=reduce, include_self=include_self))
show("scatter_reduce mean float", lambda: base.double().scatter_reduce(
    0, index, src.double(), reduce="mean", include_self=False))
show("scatter_add", lambda: base.scatter_add(0, index, src))
show("scatter reduce=multiply", lambda: base.scatter(0, index, src, reduce="multiply"))
show("scatter value reduce=add", lambda: base.scatter(0, index, 2, reduce="add"))
show("index_add alpha=2", lambda: base.index_add(0, index, src, alpha=2))
show("index_add alpha=2.5", lambda: base.index_add(0, index, src, alpha=2.5))
show("index_add float alpha=2.5", lambda: base.double().index_add(0, index, src.double(),
                                                                     alpha=2.5))
for reduce in ["prod", "mean", "amax", "amin"]:
    show(f"index_reduce {reduce}", lambda: base.index_reduce(0, index, src, reduce))
    show(f"index_reduce {reduce} no self",
         lambda: base.index_reduce(0, index, src, reduce, include_self=False))
show("index_copy", lambda: base.index_copy(0, torch.tensor([3, 0]), torch.tensor([-1, -2])))
show("index_fill", lambda: base.index_fill(0, torch.tensor([1, 3]), -5))
show("put_ accumulate", lambda: base.clone().put_(torch.tensor([0, 0, 3]),
                                                  torch.tensor([1, 2, 3]), accumulate=True))
show("put_", lambda: base.clone().put_(torch.tensor([0, 3]), torch.tensor([1, 2])))
show("take", lambda: torch.take(base.reshape(2, 2), torch.tensor([[3, 0], [1, -1]])))
show("masked_scatter", lambda: base.masked_scatter(base > 15, torch.tensor([7, 8, 9, 10])))
show("index_put_ accumulate", lambda: base.clone().index_put_(
    (torch.tensor([1, 1, 2]),), torch.tensor([5, 5, 5]), accumulate=True))
grid = torch.zeros(3, 3, dtype=torch.int64)
show("select_scatter", lambda: torch.select_scatter(grid, torch.tensor([1, 2, 3]), 0, 1))
show("slice_scatter", lambda: torch.slice_scatter(grid, torch.ones(3, 2, dtype=torch.int64),
                                                  dim=1, start=1))
show("diagonal_scatter", lambda: torch.diagonal_scatter(grid, torch.tensor([4, 5]), 1))
show("narrow_copy", lambda: torch.narrow_copy(base, 0, 1, 2))
show("index_select", lambda: torch.index_select(base, 0, torch.tensor([3, 3, 0])))
show("gather", lambda: torch.gather(base.reshape(2, 2), 1, torch.tensor([[1, 1], [0, 1]])))
show("take_along_dim", lambda: torch.take_along_dim(base.reshape(2, 2),
                                                    torch.tensor([[1], [0]]), dim=1))

print("== errors")
show("scatter index out of range", lambda: base.scatter(0, torch.tensor([4]), torch.tensor([1])))
show("scatter float into int", lambda: base.scatter(0, index, src.double()))
show("scatter int32 index", lambda: base.scatter(0, index.int(), src))
show("index_add wrong dtype", lambda: base.index_add(0, index, src.double()))
show("gather negative", lambda: torch.gather(base, 0, torch.tensor([-1])))
show("index_select oob", lambda: torch.index_select(base, 0, torch.tensor([4])))
show("take oob", lambda: torch.take(base, torch.tensor([4])))
show("put_ oob", lambda: base.clone().put_(torch.tensor([7]), torch.tensor([1])))
show("scatter_reduce bad reduce", lambda: base.scatter_reduce(0, index, src, reduce="max"))
show("index_reduce bad reduce", lambda: base.index_reduce(0, index, src, "sum"))
show("select_scatter bad shape", lambda: torch.select_scatter(grid, torch.ones(2), 0, 1))

print("== gradients in float64")
x = torch.tensor([1.0, 2.0, 3.0, 4.0], dtype=torch.float64, requires_grad=True)
vals = torch.tensor([2.0, -1.0, 3.0, 0.5, 5.0, 4.0], dtype=torch.float64, requires_grad=True)
for reduce in ["sum", "prod", "mean", "amax", "amin"]:
    x.grad = vals.grad = None
    out = x.scatter_reduce(0, index, vals, reduce=reduce, include_self=True)
    (out * torch.arange(1.0, 5.0, dtype=torch.float64)).sum().backward()
    print("scatter_reduce", reduce, out.grad_fn.name(), x.grad, vals.grad)
for reduce in ["prod", "mean", "amax", "amin"]:
    x.grad = vals.grad = None
    out = x.index_reduce(0, index, vals, reduce, include_self=False)
    (out * torch.arange(1.0, 5.0, dtype=torch.float64)).sum().backward()
    print("index_reduce", reduce, out.grad_fn.name(), x.grad, vals.grad)
x.grad = vals.grad = None
out = x.index_add(0, index, vals, alpha=-0.5)
out.pow(2).sum().backward()
print("index_add", out.grad_fn.name(), x.grad, vals.grad)
m = torch.zeros(3, 3, dtype=torch.float64, requires_grad=True)
row = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64, requires_grad=True)
out = torch.select_scatter(m, row, 1, 2)
(out * torch.arange(9.0, dtype=torch.float64).reshape(3, 3)).sum().backward()
print("select_scatter", out.grad_fn.name(), m.grad, row.grad)
print("gradcheck scatter_reduce mean", torch.autograd.gradcheck(
    lambda a, b: a.scatter_reduce(0, index, b, reduce="mean"),
    (x.detach().clone().requires_grad_(), vals.detach().clone().requires_grad_())))
print("gradcheck diagonal_scatter", torch.autograd.gradcheck(
    lambda a, b: torch.diagonal_scatter(a, b, -1),
    (torch.randn(3, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(0),
                 requires_grad=True),
     torch.ones(2, dtype=torch.float64, requires_grad=True))))
