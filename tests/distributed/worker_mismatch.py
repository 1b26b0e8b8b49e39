"""Run on N ranks: collectives whose tensors (or op, or root) differ across ranks raise
RuntimeError on every rank, naming both sides, and the group keeps working afterwards.

With the argument ``detail`` the job runs under TORCH_DISTRIBUTED_DEBUG=DETAIL, where a
fingerprint the ranks agreed on before is checked again (and so a later divergence is caught).
"""
import os
import sys

if sys.argv[1:] == ["detail"]:
    os.environ["TORCH_DISTRIBUTED_DEBUG"] = "DETAIL"

import ember  # noqa: E402
import ember.distributed as dist  # noqa: E402

dist.init_process_group("mpi")
rank, size = dist.get_rank(), dist.get_world_size()
last = size - 1


def mine(usual, odd):
    """The last rank differs from the others."""
    return odd if rank == last else usual


def expect_mismatch(name, call, *words):
    try:
        call()
    except RuntimeError as error:
        text = str(error)
        assert "Detected mismatch between collectives on ranks" in text, text
        for word in words:
            assert word in text, f"{name}: {word!r} not in {text!r}"
        print(f"rank {rank}/{size}: {name} raised", flush=True)
    else:
        raise AssertionError(f"{name} returned on rank {rank}")


expect_mismatch("all_reduce shape", lambda: dist.all_reduce(ember.ones(*mine((2, 3), (3, 2)))),
                "TensorShape=[2, 3]", "TensorShape=[3, 2]", f"Rank {last}")
expect_mismatch("all_reduce numel", lambda: dist.all_reduce(ember.ones(mine(2, 3))),
                "NumElements=2", "NumElements=3")
expect_mismatch("all_reduce dtype", lambda: dist.all_reduce(
    ember.ones(4, dtype=mine(ember.float32, ember.float64))), "float32", "float64")
expect_mismatch("all_reduce op", lambda: dist.all_reduce(
    ember.ones(4), op=mine(dist.ReduceOp.SUM, dist.ReduceOp.MAX)), "ReduceOp=SUM", "ReduceOp=MAX")
expect_mismatch("broadcast shape", lambda: dist.broadcast(ember.ones(mine(5, 6)), src=0),
                "OpType=BROADCAST")
expect_mismatch("broadcast src", lambda: dist.broadcast(ember.ones(5), src=mine(0, 1)),
                "Root=0", "Root=1")
expect_mismatch("reduce shape", lambda: dist.reduce(ember.ones(mine(2, 4)), dst=0),
                "OpType=REDUCE")
expect_mismatch("all_gather shape", lambda: dist.all_gather(
    [ember.zeros(mine(2, 3)) for _ in range(size)], ember.ones(mine(2, 3))), "OpType=ALL_GATHER")
expect_mismatch("all_gather_single numel", lambda: dist.all_gather_single(
    ember.zeros(size * mine(2, 4)), ember.ones(mine(2, 4))), "NumElements=2", "NumElements=4")
expect_mismatch("reduce_scatter_single shape", lambda: dist.reduce_scatter_single(
    ember.zeros(mine(2, 3)), ember.ones(size * mine(2, 3))), "OpType=REDUCE_SCATTER_SINGLE")
expect_mismatch("gather shape", lambda: dist.gather(
    ember.ones(mine(2, 3)), [ember.zeros(mine(2, 3)) for _ in range(size)] if rank == 0 else None,
    dst=0), "OpType=GATHER")
expect_mismatch("scatter shape", lambda: dist.scatter(
    ember.zeros(mine(2, 3)), [ember.ones(mine(2, 3)) for _ in range(size)] if rank == 0 else None,
    src=0), "OpType=SCATTER")

# Agreed fingerprints pass, again and again, with the right values.
for _ in range(3):
    t = ember.ones(2, 3)
    dist.all_reduce(t)
    assert t.tolist() == [[float(size)] * 3] * 2, t
if os.environ.get("TORCH_DISTRIBUTED_DEBUG") == "DETAIL":
    # Every call is checked: a divergence after agreement is caught too.
    expect_mismatch("all_reduce diverging after agreement",
                    lambda: dist.all_reduce(ember.ones(*mine((2, 3), (3, 2)))),
                    "TensorShape=[3, 2]")
t = ember.full((4,), float(rank))
dist.all_reduce(t)
assert t.tolist() == [float(sum(range(size)))] * 4, t
print(f"rank {rank}/{size}: mismatch ok", flush=True)
