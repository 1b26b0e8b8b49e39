import torch

# The distributed boilerplate of a repository train.py, run as a single process (world size
# 1): env:// and tcp:// rendezvous, is_initialized()/get_rank() guards, DistributedSampler
# with set_epoch, DistributedDataParallel with no_sync accumulation, a metric all_reduced,
# barrier, rank-0-only printing and saving of model.module, destroy_process_group.
import os
import socket

import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.utils.data import DataLoader, TensorDataset
from torch.utils.data.distributed import DistributedSampler


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def is_main():
    return not dist.is_available() or not dist.is_initialized() or dist.get_rank() == 0


def setup(method):
    if method == "env":
        os.environ["MASTER_ADDR"] = "127.0.0.1"
        os.environ["MASTER_PORT"] = str(free_port())
        os.environ["RANK"] = "0"
        os.environ["WORLD_SIZE"] = "1"
        os.environ["LOCAL_RANK"] = "0"
        dist.init_process_group(backend="gloo", init_method="env://")
    else:
        dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{free_port()}", rank=0,
                                world_size=1)
    local_rank = int(os.environ.get("LOCAL_RANK", 0))
    return local_rank


print("available", dist.is_available(), "initialized", dist.is_initialized(), "main", is_main())
torch.manual_seed(0)
x = torch.randn(48, 6)
y = (x[:, 0] * 2 - x[:, 1]).unsqueeze(1)
dataset = TensorDataset(x, y)

for method in ("env", "tcp"):
    local_rank = setup(method)
    print(method, "initialized", dist.is_initialized(), "rank", dist.get_rank(), "world",
          dist.get_world_size(), "backend", dist.get_backend(), "local", local_rank,
          "main", is_main())
    torch.manual_seed(1)
    model = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 1))
    ddp = DDP(model, device_ids=None, find_unused_parameters=False)
    print(type(ddp).__name__, ddp.module is model, next(ddp.parameters()).shape)
    sampler = DistributedSampler(dataset, num_replicas=dist.get_world_size(),
                                 rank=dist.get_rank(), shuffle=True, seed=7, drop_last=False)
    loader = DataLoader(dataset, batch_size=8, sampler=sampler)
    print("sampler len", len(sampler), "loader len", len(loader))
    opt = torch.optim.SGD(ddp.parameters(), lr=0.05, momentum=0.9)
    accum = 2
    for epoch in range(2):
        sampler.set_epoch(epoch)
        print("epoch", epoch, "first indices", list(sampler)[:6])
        total = torch.zeros(2)
        for i, (xb, yb) in enumerate(loader):
            sync = (i + 1) % accum == 0
            if not sync:
                with ddp.no_sync():
                    loss = F.mse_loss(ddp(xb), yb) / accum
                    loss.backward()
            else:
                loss = F.mse_loss(ddp(xb), yb) / accum
                loss.backward()
                gn = torch.nn.utils.clip_grad_norm_(ddp.parameters(), max_norm=1.0)
                opt.step()
                opt.zero_grad()
                if is_main():
                    print(f"  step {i} grad norm {gn.item():.6f}")
            total += torch.tensor([loss.item() * accum * xb.size(0), xb.size(0)])
        dist.all_reduce(total, op=dist.ReduceOp.SUM)
        mean_loss = (total[0] / total[1]).item()
        if is_main():
            print(f"epoch {epoch} mean loss {mean_loss:.6f}")
    metric = torch.tensor(float(epoch + 1))
    dist.all_reduce(metric, op=dist.ReduceOp.AVG)
    objects = [None]
    dist.all_gather_object(objects, {"rank": dist.get_rank(), "loss": round(mean_loss, 4)})
    print("metric", metric, "objects", objects)
    flag = [method] if is_main() else [None]
    dist.broadcast_object_list(flag, src=0)
    print("broadcast", flag)
    dist.barrier()
    if is_main():
        state = ddp.module.state_dict()
        print("saved keys", list(state))
    dist.destroy_process_group()
    print("destroyed", dist.is_initialized(), "main", is_main())
for name in ("MASTER_ADDR", "MASTER_PORT", "RANK", "WORLD_SIZE", "LOCAL_RANK"):
    os.environ.pop(name, None)
