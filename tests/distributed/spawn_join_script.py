import torch

# Ranks started by torch.multiprocessing.spawn meet through each rendezvous method, and fail
# as torch fails when a rank is missing or the ranks disagree on the world size. Run with the
# real torch and, through tests/torch_alias.py, with ember; the parent prints what the ranks
# report, in rank order. Usage: spawn_join_script.py methods|failures.
import datetime
import os
import socket
import sys
import tempfile

import torch.distributed as dist
import torch.multiprocessing as mp


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def collectives(rank, world_size):
    total = torch.tensor([float(rank + 1)])
    dist.all_reduce(total)
    last = torch.tensor([float(rank * 10)])
    dist.broadcast(last, src=world_size - 1)
    ranks = [torch.zeros(1, dtype=torch.int64) for _ in range(world_size)]
    dist.all_gather(ranks, torch.tensor([rank]))
    dist.barrier()
    return (f"rank {dist.get_rank()} of {dist.get_world_size()} ({dist.get_backend()}): sum "
            f"{total.item()}, broadcast {last.item()}, gathered {[t.item() for t in ranks]}")


def methods(rank, world_size, ports, path, queue):
    lines = []
    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(ports[0])
    dist.init_process_group("gloo", rank=rank, world_size=world_size)
    lines.append("env:// " + collectives(rank, world_size))
    dist.destroy_process_group()
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{ports[1]}", rank=rank,
                            world_size=world_size)
    lines.append("tcp:// " + collectives(rank, world_size))
    dist.destroy_process_group()
    dist.init_process_group("gloo", init_method=f"file://{path}", rank=rank,
                            world_size=world_size)
    lines.append("file:// " + collectives(rank, world_size))
    dist.destroy_process_group()
    # torchrun's way: everything in the environment, nothing passed
    os.environ.update(RANK=str(rank), WORLD_SIZE=str(world_size), LOCAL_RANK=str(rank),
                      MASTER_PORT=str(ports[2]))
    dist.init_process_group("gloo")
    lines.append("torchrun env " + collectives(rank, world_size))
    dist.destroy_process_group()
    # a store made by the program, and the file:// store once more (a second group on it)
    store = dist.TCPStore("127.0.0.1", ports[3], world_size, rank == 0,
                          timeout=datetime.timedelta(seconds=60))
    dist.init_process_group("gloo", store=store, rank=rank, world_size=world_size)
    lines.append("store= " + collectives(rank, world_size))
    dist.destroy_process_group()
    dist.init_process_group("gloo", init_method=f"file://{path}", rank=rank,
                            world_size=world_size)
    lines.append("file:// again " + collectives(rank, world_size))
    dist.destroy_process_group()
    lines.append(f"rank {rank} environment has PMI settings: "
                 f"{any(key.startswith('PMI_') for key in os.environ)}")
    queue.put((rank, lines))


def failing(rank, sizes, port, seconds, queue):
    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(port)
    try:
        dist.init_process_group("gloo", rank=rank, world_size=sizes[rank],
                                timeout=datetime.timedelta(seconds=seconds))
        line = f"rank {rank} joined a group of {dist.get_world_size()}"
    except Exception as error:
        line = f"rank {rank}: {type(error).__name__}"
        if rank == 0 or len(sizes) == 1:
            line += ": " + str(error).split("\n")[0].replace(str(port), "PORT")
    queue.put((rank, [line]))


def report(queue, count):
    results = dict(queue.get() for _ in range(count))
    for rank in sorted(results):
        print("\n".join(results[rank]))


if __name__ == "__main__":
    case = sys.argv[1]
    queue = mp.get_context("spawn").SimpleQueue()
    if case == "methods":
        with tempfile.TemporaryDirectory() as folder:
            ports = [free_port() for _ in range(4)]
            mp.spawn(methods, args=(3, ports, os.path.join(folder, "store"), queue), nprocs=3)
        report(queue, 3)
    else:
        # rank 0 of 2, and rank 1 never comes: rank 0's store waits for its clients
        mp.spawn(failing, args=([2], free_port(), 2, queue), nprocs=1)
        report(queue, 1)
        # rank 1 of 2 alone (a plain multiprocessing child): nobody serves its store
        process = mp.get_context("spawn").Process(target=failing,
                                                  args=(1, {1: 2}, free_port(), 1, queue))
        process.start()
        process.join()
        report(queue, 1)
        # rank 0 asks for three ranks, rank 1 for two
        mp.spawn(failing, args=([3, 2], free_port(), 2, queue), nprocs=2)
        report(queue, 2)
