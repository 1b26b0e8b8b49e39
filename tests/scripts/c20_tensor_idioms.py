import torch

# The tensor manipulation idioms everyday code is made of, with their printed results and the
# errors a slip gives: gather / scatter / index_select / masked_select / take_along_dim, where
# with scalars, nonzero and argwhere, roll / flip / rot90, tril_indices / triu_indices,
# combinations and cartesian_prod, block_diag, kron, vander, diff with prepend/append,
# cummin / cummax / logcumsumexp, chunk / tensor_split / unbind, movedim / swapaxes, expand_as,
# and repeat_interleave with tensor repeats.
x = torch.arange(12).reshape(3, 4)
f = torch.linspace(-1, 1, 12).reshape(3, 4)
idx = torch.tensor([[0, 2], [1, 3], [3, 0]])
print(torch.gather(x, 1, idx), x.gather(0, torch.tensor([[2, 1, 0, 2]])))
print(torch.take_along_dim(x, idx, dim=1), torch.take_along_dim(x, torch.tensor([11, 0])))
print(torch.take_along_dim(f, f.argmax(1, keepdim=True), 1).squeeze(1))
z = torch.zeros(3, 5, dtype=torch.long)
print(z.scatter(1, idx, 7), z.scatter(1, idx, x[:, :2], reduce="add"))
print(torch.zeros(3).scatter_reduce(0, torch.tensor([0, 0, 2, 2]),
                                    torch.tensor([1.0, 5.0, 2.0, 3.0]), "amax", include_self=False))
print(torch.zeros(3).scatter_reduce(0, torch.tensor([0, 0, 2, 2]),
                                    torch.tensor([1.0, 5.0, 2.0, 3.0]), "mean"))
print(x.index_select(1, torch.tensor([3, 0])), x.index_select(0, torch.tensor(1)))
mask = x % 3 == 0
print(x.masked_select(mask), torch.masked_select(f, f > 0.5))
print(x.masked_fill(mask, -1), f.masked_fill(~mask, float("-inf")).softmax(1))
print(torch.where(f > 0, f, 0.0), torch.where(mask, 1, 0).dtype, torch.where(mask, 1.5, x).dtype)
print(torch.where(mask, x, 2.5), torch.where(mask))
print(torch.where(torch.tensor([True, False]), torch.tensor(1, dtype=torch.uint8), -1))
print(mask.nonzero(), mask.nonzero(as_tuple=True), torch.argwhere(x > 9))
print(torch.nonzero(torch.tensor(5)), torch.tensor(0).nonzero(as_tuple=True))
print(x.count_nonzero(), torch.count_nonzero(mask, dim=0))

print(torch.roll(x, 1), torch.roll(x, (1, -1), (0, 1)), x.roll(-2, 1))
print(x.flip(0), torch.fliplr(x), torch.flipud(x), x.flip(-1, 0))
print(torch.rot90(x), torch.rot90(x, 2), torch.rot90(x, -1, (0, 1)))
print(torch.tril_indices(3, 3), torch.triu_indices(3, 4, offset=1))
print(torch.tril_indices(4, 3, -1, dtype=torch.int32))
r, c = torch.triu_indices(4, 4, 1)
print("pairwise", (f.new_tensor([1.0, 2.0, 4.0, 8.0])[r] - f.new_tensor([1.0, 2.0, 4.0, 8.0])[c]))
v = torch.tensor([1, 2, 3, 4])
print(torch.combinations(v), torch.combinations(v, r=3), torch.combinations(v, 2, True).shape)
print(torch.cartesian_prod(torch.tensor([1, 2]), torch.tensor([5, 6, 7])))
print(torch.cartesian_prod(torch.tensor([1.5, 2.5])))
print(torch.block_diag(torch.ones(2, 2), torch.tensor([[5.0, 6.0]]), torch.tensor(7.0)))
print(torch.block_diag(torch.tensor([1, 2]), torch.tensor([[3.0], [4.0]])))
print(torch.kron(torch.eye(2), torch.tensor([[1, 2], [3, 4]])))
print(torch.kron(torch.tensor([1, 10]), torch.tensor([[1, 2, 3]])))
print(torch.vander(torch.tensor([1, 2, 3])), torch.vander(torch.tensor([1.0, 2.0]), N=4,
                                                          increasing=True))
print(torch.linalg.vander(torch.tensor([2, 3]), N=3))

s = torch.tensor([3, 1, 4, 1, 5, 9, 2, 6])
print(s.diff(), torch.diff(s, n=2), torch.diff(s, prepend=torch.tensor([0])),
      torch.diff(s, append=torch.tensor([10, 20])))
print(torch.diff(x, dim=0), torch.diff(x, dim=1, prepend=x[:, :1]))
print(torch.diff(torch.tensor([True, False, False, True])))
print(s.cummax(0), torch.cummin(s, 0))
print(torch.logcumsumexp(torch.tensor([0.0, 1.0, 2.0, -float("inf")]), 0))
print(f.logcumsumexp(1))
print(s.cumsum(0), s.cumprod(0), s.cumsum(0).dtype)
print(torch.tensor([1, 2], dtype=torch.int8).cumsum(0))

print(x.chunk(3, 1), torch.chunk(torch.arange(5), 2))
print(torch.tensor_split(torch.arange(7), 3), torch.tensor_split(x, [1, 3], dim=1))
print(torch.tensor_split(torch.arange(6), torch.tensor([2, 5])), x.split([1, 2], 0))
print(x.unbind(1), torch.unbind(torch.ones(2, 0)))
y3 = torch.arange(24).reshape(2, 3, 4)
print(y3.movedim(0, -1).shape, torch.movedim(y3, (0, 1), (2, 0)).shape, y3.moveaxis(2, 0)[1])
print(y3.swapaxes(0, 2).shape, y3.swapdims(1, 2).stride(), torch.swapaxes(y3, 0, 1).is_contiguous())
print(torch.tensor([1, 2, 3]).unsqueeze(1).expand_as(x[:, :3]), x.new_ones(1).expand(2, 3).stride())
print(torch.repeat_interleave(torch.tensor([1, 2, 3]), torch.tensor([2, 0, 3])))
print(torch.repeat_interleave(torch.tensor([3, 1])), x.repeat_interleave(2, dim=0).shape)
print(x[:2].repeat_interleave(torch.tensor([1, 2]), dim=0), x.repeat(2, 1, 1).shape)
print(torch.repeat_interleave(torch.tensor([[1, 2], [3, 4]]), 2))
print(torch.repeat_interleave(torch.tensor([1, 2]), torch.tensor([2, 1]), output_size=3))

for bad in (lambda: x.gather(1, torch.tensor([[0, 4]])),
            lambda: torch.gather(x, 1, torch.tensor([0, 1])),
            lambda: x.index_select(1, torch.tensor([[0]])),
            lambda: x.masked_select(torch.tensor([True, False])),
            lambda: torch.combinations(x),
            lambda: torch.repeat_interleave(torch.tensor([1, 2]), torch.tensor([1, 2, 3])),
            lambda: torch.repeat_interleave(torch.tensor([1, 2]), torch.tensor([1, -1])),
            lambda: torch.tensor_split(x, 0),
            lambda: x.chunk(0),
            lambda: torch.diff(s, n=-1),
            lambda: torch.roll(x, (1, 2), (0,)),
            lambda: torch.rot90(x, 1, (0, 0)),
            lambda: x.movedim((0, 0), (1, 0)),
            lambda: torch.vander(x),
            lambda: torch.where(mask, x, f),
            lambda: torch.take_along_dim(x, idx.float(), 1),
            lambda: x.scatter(1, idx, 2.5j)):
    try:
        out = bad()
        print("no error", out)
    except (RuntimeError, IndexError, ValueError, TypeError) as e:
        print(type(e).__name__, str(e).split("\n")[0])
