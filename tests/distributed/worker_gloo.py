"""Run on N ranks: a torch-style script that asks for the gloo backend (with the rank and
world size from the environment, as torchrun's env:// rendezvous gives them, or from the MPI
launcher when they are not set) runs its collectives and reports the backend it asked for.

With the argument ``wrong-size`` it asks for one rank more than were started, which must fail
on every rank with the error that says how to start them.
"""
import sys

import ember
import ember.distributed as dist

if sys.argv[1:] == ["wrong-size"]:
    try:
        dist.init_process_group("gloo", world_size=99)
    except RuntimeError as error:
        assert "started as rank" in str(error) and "-n 99" in str(error), error
        print("wrong size refused ok", flush=True)
    sys.exit(0)

dist.init_process_group(backend="cpu:gloo")
rank, size = dist.get_rank(), dist.get_world_size()
t = ember.tensor([float(rank + 1)])
dist.all_reduce(t)
assert t.item() == size * (size + 1) / 2, t
assert dist.get_backend() == "cpu:gloo", dist.get_backend()
dist.destroy_process_group()
print(f"rank {rank}/{size}: gloo ok", flush=True)
