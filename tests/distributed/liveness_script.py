import torch

# Ranks started by a plain multiprocessing.Process (the "Writing distributed applications"
# tutorial's way) when one of them ends early. Run with the real torch and, through
# tests/torch_alias.py, with ember. Usage: liveness_script.py crash|subgroup.
#   crash: rank 1 raises after the first all_reduce; rank 0's next all_reduce must fail
#          (torch: RuntimeError "Connection closed by peer") instead of waiting for ever.
#   subgroup: rank 2 leaves after a barrier; ranks 0 and 1 go on in their own group, rank 1
#             first waiting 2.5 s in the pair's all_reduce for a slow rank 0.
import os
import socket
import sys
import time

import torch.distributed as dist
import torch.multiprocessing as mp


def crash(rank, size, queue):
    x = torch.ones(3) * (rank + 1)
    dist.all_reduce(x)
    queue.put(f"rank {rank} first all_reduce {x.tolist()}")
    if rank == 1:
        raise ValueError("rank 1 fails on purpose")
    dist.all_reduce(x)
    queue.put(f"rank {rank} second all_reduce {x.tolist()}")


def subgroup(rank, size, queue):
    pair = dist.new_group([0, 1])
    dist.barrier()
    if rank == 2:
        return
    total = torch.zeros(1)
    for step in range(12):
        x = torch.tensor([float(rank + step)])
        if step == 0 and rank == 0:
            time.sleep(2.5)  # rank 1 waits in the pair's all_reduce meanwhile
        dist.all_reduce(x, group=pair)
        total += x
        time.sleep(0.15)
    queue.put(f"rank {rank} pair total {total.item()}")


def init_process(rank, size, port, fn, queue):
    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(port)
    dist.init_process_group("gloo", rank=rank, world_size=size)
    fn(rank, size, queue)


if __name__ == "__main__":
    case = sys.argv[1]
    size = 3 if case == "subgroup" else 2
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    context = mp.get_context("spawn")
    queue = context.SimpleQueue()  # the ranks' lines, printed by this process in one order
    processes = [context.Process(target=init_process,
                                 args=(rank, size, port, globals()[case], queue))
                 for rank in range(size)]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
    lines = []
    while not queue.empty():
        lines.append(queue.get())
    print("\n".join(sorted(lines)))
    print("exit codes nonzero:", [p.exitcode != 0 for p in processes], flush=True)
