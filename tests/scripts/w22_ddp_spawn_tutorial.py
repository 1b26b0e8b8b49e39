import torch

# The DistributedDataParallel tutorial as users copy it: mp.spawn starts one process per rank;
# each sets MASTER_ADDR/MASTER_PORT and joins the gloo group through the default env://
# rendezvous, wraps a ToyModel in DDP and takes a few SGD steps on data of its own. The ranks
# build their models from different seeds, so equal replicas at the end show both DDP's
# broadcast at construction and its gradient averaging. Rank 0 reports through a queue and the
# parent prints after spawn has joined every rank, so the output does not depend on scheduling
# (and goes to the parent's stdout).
import os
import socket

import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn as nn
import torch.optim as optim
from torch.nn.parallel import DistributedDataParallel as DDP


class ToyModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.net1 = nn.Linear(10, 10)
        self.relu = nn.ReLU()
        self.net2 = nn.Linear(10, 5)

    def forward(self, x):
        return self.net2(self.relu(self.net1(x)))


def setup(rank, world_size, port):
    os.environ["MASTER_ADDR"] = "localhost"
    os.environ["MASTER_PORT"] = str(port)
    dist.init_process_group("gloo", rank=rank, world_size=world_size)


def cleanup():
    dist.destroy_process_group()


def demo_basic(rank, world_size, port, queue):
    lines = []
    setup(rank, world_size, port)
    torch.manual_seed(rank)
    model = ToyModel().double()
    ddp_model = DDP(model)
    loss_fn = nn.MSELoss()
    optimizer = optim.SGD(ddp_model.parameters(), lr=0.1)
    inputs = torch.randn(8, 10, dtype=torch.float64)
    labels = torch.randn(8, 5, dtype=torch.float64)
    for step in range(4):
        optimizer.zero_grad()
        loss = loss_fn(ddp_model(inputs), labels)
        loss.backward()
        optimizer.step()
        losses = torch.tensor([loss.item()], dtype=torch.float64)
        gathered = [torch.zeros(1, dtype=torch.float64) for _ in range(world_size)]
        dist.all_gather(gathered, losses)
        if rank == 0:
            lines.append(f"step {step} losses " + " ".join(f"{t.item():.10f}" for t in gathered))
    flat = torch.cat([p.detach().flatten() for p in ddp_model.parameters()])
    replicas = [torch.zeros_like(flat) for _ in range(world_size)]
    dist.all_gather(replicas, flat)
    if rank == 0:
        lines.append(f"world size {dist.get_world_size()}, backend {dist.get_backend()}")
        lines.append(f"replicas equal {all(torch.equal(replicas[0], r) for r in replicas[1:])}")
        lines.append(f"parameter sum {flat.sum().item():.10f}")
        queue.put(lines)
    dist.barrier()
    cleanup()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    world_size = 2
    queue = mp.get_context("spawn").SimpleQueue()
    mp.spawn(demo_basic, args=(world_size, free_port(), queue), nprocs=world_size, join=True)
    print("\n".join(queue.get()))
    print("spawn finished")
