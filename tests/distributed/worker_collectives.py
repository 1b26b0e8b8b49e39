"""Run on N ranks: every collective of ember.distributed, checked against NumPy.

Each rank builds every rank's input from a seed, so it knows what each collective must give.
A failed check raises, which aborts the whole job (non-zero exit with the traceback).
"""
import warnings

import numpy as np

import ember
import ember.distributed as dist

dist.init_process_group("mpi")
rank, size = dist.get_rank(), dist.get_world_size()


def data(r, shape=(3, 4), dtype=np.float64):
    """Rank r's input: distinct values per rank, exactly representable in every dtype."""
    values = np.random.default_rng(100 + r).integers(1, 5, size=shape)
    return values.astype(dtype)


def check(name, got, expected):
    got = np.asarray(got)
    if got.dtype != np.asarray(expected).dtype or not np.array_equal(got, expected):
        raise AssertionError(f"{name} on rank {rank}: got {got!r}, expected {expected!r}")


everyone = np.stack([data(r) for r in range(size)])
reductions = {dist.ReduceOp.SUM: everyone.sum(0), dist.ReduceOp.PRODUCT: everyone.prod(0),
              dist.ReduceOp.MIN: everyone.min(0), dist.ReduceOp.MAX: everyone.max(0),
              dist.ReduceOp.AVG: everyone.sum(0) / size}

# all_reduce: every op, several dtypes, blocking and async, non-contiguous input.
for op, expected in reductions.items():
    for dtype in (np.float32, np.float64, np.float16):
        t = ember.from_numpy(data(rank, dtype=dtype))
        dist.all_reduce(t, op=op)
        check(f"all_reduce {op} {dtype}", t.cpu().numpy(), expected.astype(dtype))
    if op is not dist.ReduceOp.AVG:
        t = ember.from_numpy(data(rank, dtype=np.int64))
        work = dist.all_reduce(t, op=op, async_op=True)
        assert work.wait() is True and work.is_completed()
        check(f"async all_reduce {op} int64", t.cpu().numpy(), expected.astype(np.int64))
for op, reduce_bits in ((dist.ReduceOp.BAND, np.bitwise_and), (dist.ReduceOp.BOR, np.bitwise_or),
                        (dist.ReduceOp.BXOR, np.bitwise_xor)):
    t = ember.from_numpy(data(rank, dtype=np.int32))
    dist.all_reduce(t, op=op)
    check(f"all_reduce {op}", t.cpu().numpy(), reduce_bits.reduce(everyone.astype(np.int32)))
flags = ember.tensor([rank == 0, True, False])
dist.all_reduce(flags)
check("all_reduce bool", flags.cpu().numpy(), np.array([True, True, False]))
base = ember.from_numpy(data(rank, (4, 3)))
dist.all_reduce(base.t())
check("all_reduce non-contiguous", base.cpu().numpy(),
      np.stack([data(r, (4, 3)) for r in range(size)])
      .sum(0))
try:
    dist.all_reduce(ember.ones(2, dtype=ember.int64), op=dist.ReduceOp.AVG)
    raise AssertionError("AVG on int64 must raise")
except RuntimeError as error:
    assert "can't be cast to the desired output type Long" in str(error)

# broadcast from every root, and reduce to every root.
for root in range(size):
    t = ember.from_numpy(data(rank))
    dist.broadcast(t, src=root)
    check(f"broadcast from {root}", t.cpu().numpy(), data(root))
    t = ember.from_numpy(data(rank))
    dist.reduce(t, dst=root, op=dist.ReduceOp.MAX)
    check(f"reduce to {root}", t.cpu().numpy(), reductions[dist.ReduceOp.MAX] if rank == root
          else data(rank))
t = ember.from_numpy(data(rank))
dist.broadcast(t, src=size - 1, async_op=True).wait()
check("async broadcast", t.cpu().numpy(), data(size - 1))

# all_gather into a list and into one tensor (concatenated or stacked).
outputs = [ember.zeros(3, 4, dtype=ember.float64) for _ in range(size)]
dist.all_gather(outputs, ember.from_numpy(data(rank)))
for r, out in enumerate(outputs):
    check(f"all_gather slot {r}", out.cpu().numpy(), data(r))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    flat = ember.zeros(size * 3, 4, dtype=ember.float64)
    dist.all_gather_into_tensor(flat, ember.from_numpy(data(rank)))
assert caught and caught[0].category is FutureWarning
check("all_gather_into_tensor concat", flat.cpu().numpy(), np.concatenate(list(everyone)))
stacked = ember.zeros(size, 3, 4, dtype=ember.float64)
dist.all_gather_single(stacked, ember.from_numpy(data(rank)), async_op=True).wait()
check("all_gather_single stacked", stacked.cpu().numpy(), everyone)
try:
    dist.all_gather([ember.zeros(3, 4, dtype=ember.float64)] * (size + 1),
                    ember.from_numpy(data(rank)))
    raise AssertionError("a wrong list length must raise")
except RuntimeError as error:
    assert f"expected length {size}, got {size + 1}" in str(error)

# reduce_scatter: rank i keeps the sum of every rank's i-th chunk.
chunks = np.stack([data(r, (size, 2, 3)) for r in range(size)]).sum(0)
out = ember.zeros(2, 3, dtype=ember.float64)
dist.reduce_scatter(out, [ember.from_numpy(c) for c in data(rank, (size, 2, 3))])
check("reduce_scatter", out.cpu().numpy(), chunks[rank])
out = ember.zeros(2, 3, dtype=ember.float64)
with warnings.catch_warnings():
    warnings.simplefilter("ignore", FutureWarning)
    dist.reduce_scatter_tensor(out, ember.from_numpy(data(rank, (size * 2, 3))),
                               op=dist.ReduceOp.AVG)
check("reduce_scatter_tensor avg", out.cpu().numpy(),
      np.stack([data(r, (size * 2, 3)) for r in range(size)]).sum(0)[2 * rank:2 * rank + 2]
      / size)

# gather to and scatter from every root.
for root in range(size):
    slots = [ember.zeros(3, 4, dtype=ember.float64) for _ in range(size)] if rank == root else None
    dist.gather(ember.from_numpy(data(rank)), slots, dst=root)
    if rank == root:
        for r, slot in enumerate(slots):
            check(f"gather to {root} slot {r}", slot.cpu().numpy(), data(r))
    pieces = [ember.from_numpy(data(10 * root + r)) for r in range(size)] if rank == root else None
    into = ember.zeros(3, 4, dtype=ember.float64)
    work = dist.scatter(into, pieces, src=root, async_op=True)
    work.wait()
    check(f"scatter from {root}", into.cpu().numpy(), data(10 * root + rank))
try:
    dist.gather(ember.zeros(2), dst=rank)
    raise AssertionError("gather without a list on dst must raise")
except ValueError as error:
    assert "``gather_list`` must be specified on destination rank" in str(error)

# point to point: a ring of send/recv, then isend/irecv, then recv from any source.
right, left = (rank + 1) % size, (rank - 1) % size
incoming = ember.zeros(3, 4, dtype=ember.float64)
if rank % 2 == 0:
    dist.send(ember.from_numpy(data(rank)), dst=right)
    sender = dist.recv(incoming, src=left)
else:
    sender = dist.recv(incoming, src=left)
    dist.send(ember.from_numpy(data(rank)), dst=right)
assert sender == left
check("recv from left", incoming.cpu().numpy(), data(left))
incoming = ember.zeros(3, 4, dtype=ember.float64)
works = [dist.isend(ember.from_numpy(data(rank)), dst=right, tag=7),
         dist.irecv(incoming, src=left, tag=7)]
for work in works:
    work.wait()
check("irecv", incoming.cpu().numpy(), data(left))
if rank == 0:
    senders = set()
    for _ in range(size - 1):
        box = ember.zeros(1, dtype=ember.int64)
        sender = dist.recv(box)
        assert int(box.item()) == 1000 + sender
        senders.add(sender)
    assert senders == set(range(1, size))
else:
    dist.send(ember.tensor([1000 + rank]), dst=0)
try:
    dist.send(ember.zeros(1), dst=rank)
    raise AssertionError("send to self must raise")
except ValueError as error:
    assert "destination rank should not be the same" in str(error)

# Python objects, a sub-group, barrier, errors.
gathered = [None] * size
dist.all_gather_object(gathered, {"rank": rank})
assert gathered == [{"rank": r} for r in range(size)]
objects = [rank, "x"] if rank == 1 % size else [None, None]
dist.broadcast_object_list(objects, src=1 % size)
assert objects == [1 % size, "x"]
evens = dist.new_group([r for r in range(size) if r % 2 == 0])
if rank % 2 == 0:
    t = ember.tensor([float(rank)])
    dist.all_reduce(t, group=evens)
    check("sub-group all_reduce", t.cpu().numpy(),
          np.array([float(sum(range(0, size, 2)))], np.float32))
    assert dist.get_world_size(evens) == len(range(0, size, 2))
else:
    assert evens is dist.GroupMember.NON_GROUP_MEMBER
dist.barrier()
dist.barrier(async_op=True).wait()
try:
    dist.init_process_group("mpi")
    raise AssertionError("a second init must raise")
except ValueError as error:
    assert "twice" in str(error)
try:
    dist.all_reduce([1, 2])
    raise AssertionError("a list must raise")
except TypeError as error:
    assert "Expected parameter `tensor` of type ember.Tensor" in str(error)
dist.destroy_process_group()
assert not dist.is_initialized()
print(f"rank {rank}/{size}: collectives ok", flush=True)
