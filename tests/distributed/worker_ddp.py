"""Run on N ranks: DistributedDataParallel against single-process training on the full batch.

Usage: worker_ddp.py CASE [bucket_cap_mb]; CASE is train, no_sync, unused, buffers or errors.
Every rank also trains the reference model on the whole batch, so each can check itself.
"""
import sys

import numpy as np

import ember
import ember.distributed as dist
from ember import nn
from ember.nn.parallel import DistributedDataParallel as DDP

dist.init_process_group("mpi")
rank, size = dist.get_rank(), dist.get_world_size()
case = sys.argv[1]
bucket_cap_mb = float(sys.argv[2]) if len(sys.argv) > 2 else 25.0
per_rank = 4
batch = per_rank * size


def mlp(seed):
    ember.manual_seed(seed)
    return nn.Sequential(nn.Linear(6, 16), nn.Tanh(), nn.Linear(16, 16), nn.Tanh(),
                         nn.Linear(16, 3))


def batch_data(step):
    generator = ember.Generator().manual_seed(1000 + step)
    x = ember.randn(batch, 6, generator=generator)
    y = ember.randn(batch, 3, generator=generator)
    return x, y


def mine(tensor):
    return tensor[rank * per_rank:(rank + 1) * per_rank]


def assert_close(name, got, expected, rtol=1e-5, atol=1e-6):
    got, expected = np.asarray(got.detach()), np.asarray(expected.detach())
    if not np.allclose(got, expected, rtol=rtol, atol=atol):
        raise AssertionError(f"{name} on rank {rank}: max difference "
                             f"{np.abs(got - expected).max()}")


def assert_same_on_all_ranks(model):
    values = np.concatenate([p.detach().cpu().numpy().ravel() for p in model.parameters()])
    everyone = dist.distributed_c10d._default_group().comm.allgather(values)
    for other in everyone:
        if not np.array_equal(other, values):
            raise AssertionError("replicas differ between ranks")


if case == "train":
    reference = mlp(0)
    model = DDP(mlp(rank), bucket_cap_mb=bucket_cap_mb)  # other seeds: rank 0's must win
    for (name, p), q in zip(model.module.named_parameters(), reference.parameters()):
        assert_close(f"initial {name}", p, q, 0, 0)
    assert list(model.state_dict()) == ["module." + k for k in reference.state_dict()]
    optimizer = ember.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    reference_optimizer = ember.optim.SGD(reference.parameters(), lr=0.1, momentum=0.9)
    for step in range(20):
        x, y = batch_data(step)
        optimizer.zero_grad()
        nn.functional.mse_loss(model(mine(x)), mine(y)).backward()
        optimizer.step()
        reference_optimizer.zero_grad()
        nn.functional.mse_loss(reference(x), y).backward()
        reference_optimizer.step()
    for (name, p), q in zip(model.module.named_parameters(), reference.parameters()):
        assert_close(f"after 20 steps {name}", p, q)
    assert_same_on_all_ranks(model)

elif case == "no_sync":
    # Two micro-batches per step: the first accumulates locally, the second averages both.
    reference = mlp(0)
    model = DDP(mlp(0), bucket_cap_mb=bucket_cap_mb, gradient_as_bucket_view=True)
    x, y = batch_data(0)
    x2, y2 = batch_data(1)
    with model.no_sync():
        (nn.functional.mse_loss(model(mine(x)), mine(y)) / 2).backward()
    local = [p.grad.clone() for p in model.parameters()]
    (nn.functional.mse_loss(model(mine(x2)), mine(y2)) / 2).backward()
    (nn.functional.mse_loss(reference(x), y) / 2 + nn.functional.mse_loss(reference(x2), y2)
     / 2).backward()
    for (name, p), q in zip(model.module.named_parameters(), reference.parameters()):
        assert_close(f"accumulated grad {name}", p.grad, q.grad)
    # Inside no_sync the gradients were this rank's own, not yet averaged.
    reference.zero_grad()
    (nn.functional.mse_loss(reference(mine(x)), mine(y)) / 2).backward()
    for g, q in zip(local, reference.parameters()):
        assert_close("local grad inside no_sync", g, q.grad)

elif case == "unused":
    class TwoHeads(nn.Module):
        def __init__(self):
            super().__init__()
            self.body = nn.Linear(6, 5)
            self.head = nn.Linear(5, 3)
            self.extra = nn.Linear(5, 3)   # used by rank 0 only
            self.never = nn.Linear(5, 3)   # used by no rank

        def forward(self, x, use_extra):
            h = self.body(x).tanh()
            return self.head(h) + self.extra(h) if use_extra else self.head(h)

    ember.manual_seed(0)
    model = DDP(TwoHeads(), find_unused_parameters=True, bucket_cap_mb=bucket_cap_mb)
    ember.manual_seed(0)
    reference = TwoHeads()
    x, y = batch_data(0)
    nn.functional.mse_loss(model(mine(x), rank == 0), mine(y)).backward()
    # The average of the ranks' gradients, each rank's loss on its own rows.
    total = sum(nn.functional.mse_loss(reference(x[r * per_rank:(r + 1) * per_rank], r == 0),
                                       y[r * per_rank:(r + 1) * per_rank]) for r in range(size))
    (total / size).backward()
    for name in ("body.weight", "head.bias", "extra.weight", "extra.bias"):
        got = dict(model.module.named_parameters())[name].grad
        assert_close(f"grad {name}", got, dict(reference.named_parameters())[name].grad)
    assert model.module.never.weight.grad is None and model.module.never.bias.grad is None
    # Without detection, a parameter without gradient leaves the reduction unfinished.
    strict = DDP(TwoHeads())
    nn.functional.mse_loss(strict(mine(x), False), mine(y)).backward()
    try:
        strict(mine(x), False)
        raise AssertionError("the forward after an unfinished reduction must raise")
    except RuntimeError as error:
        assert "Expected to have finished reduction in the prior iteration" in str(error)
        assert "find_unused_parameters=True" in str(error)

elif case == "buffers":
    class WithBuffer(nn.Module):
        def __init__(self):
            super().__init__()
            self.linear = nn.Linear(2, 2)
            self.register_buffer("scale", ember.ones(2))

        def forward(self, x):
            return self.linear(x) * self.scale

    inner = WithBuffer()
    model = DDP(inner)
    inner.scale.fill_(float(rank + 1))   # drift apart; the next forward re-broadcasts rank 0's
    model(ember.ones(1, 2))
    assert_close("buffer after forward", inner.scale, ember.ones(2), 0, 0)
    frozen = DDP(WithBuffer(), broadcast_buffers=False)
    frozen.module.scale.fill_(float(rank + 1))
    frozen(ember.ones(1, 2))
    assert_close("buffer without broadcast", frozen.module.scale,
                 ember.full((2,), float(rank + 1)), 0, 0)

elif case == "fail":
    # One rank raises while the others wait in a collective: the job must end, not hang.
    if rank == size - 1:
        raise ValueError(f"deliberate failure on rank {rank}")
    dist.all_reduce(ember.ones(3))
    dist.barrier()

print(f"rank {rank}/{size}: {case} ok", flush=True)
