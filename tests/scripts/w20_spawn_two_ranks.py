import torch

# The multi-process entry point of a repository train.py: torch.multiprocessing.spawn starts
# two ranks that meet over a tcp:// rendezvous on the gloo backend, shard the data with a
# DistributedSampler, train one DistributedDataParallel model (gradients averaged across the
# ranks), all_reduce a metric and gather the per-rank results; rank 0 reports through a
# queue and the parent prints them in order, so the output does not depend on scheduling.
import socket

import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.utils.data import DataLoader, TensorDataset
from torch.utils.data.distributed import DistributedSampler


def worker(rank, world_size, port, queue):
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank,
                            world_size=world_size)
    lines = [f"rank {dist.get_rank()} of {dist.get_world_size()} backend {dist.get_backend()}"]
    torch.manual_seed(0)
    x = torch.randn(32, 4, dtype=torch.float64)
    y = x @ torch.tensor([[1.0], [-2.0], [0.5], [3.0]], dtype=torch.float64)
    data = TensorDataset(x, y)
    sampler = DistributedSampler(data, shuffle=True, seed=3)
    loader = DataLoader(data, batch_size=4, sampler=sampler)
    torch.manual_seed(1)
    model = DDP(nn.Linear(4, 1).double())
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    for epoch in range(2):
        sampler.set_epoch(epoch)
        lines.append(f"rank {rank} epoch {epoch} indices {list(sampler)}")
        total = torch.zeros(2, dtype=torch.float64)
        for xb, yb in loader:
            loss = F.mse_loss(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += torch.tensor([loss.item() * len(xb), len(xb)], dtype=torch.float64)
        dist.all_reduce(total)
        lines.append(f"rank {rank} epoch {epoch} loss {(total[0] / total[1]).item():.10f}")
    weight = model.module.weight.detach().clone()
    gathered = [torch.zeros_like(weight) for _ in range(world_size)]
    dist.all_gather(gathered, weight)
    lines.append(f"rank {rank} replicas equal {torch.equal(gathered[0], gathered[1])}")
    lines.append(f"rank {rank} weight {[round(v, 8) for v in weight.flatten().tolist()]}")
    dist.barrier()
    dist.destroy_process_group()
    queue.put((rank, lines))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    world_size = 2
    ctx = mp.get_context("spawn")
    queue = ctx.SimpleQueue()
    context = mp.spawn(worker, args=(world_size, free_port(), queue), nprocs=world_size,
                       join=True)
    print("spawn returned", context)
    results = dict(queue.get() for _ in range(world_size))
    for rank in range(world_size):
        print("\n".join(results[rank]))
