"""Run on N ranks: a ring exchange with batch_isend_irecv (receives listed before sends, which
must not deadlock), and a TCPStore shared by all ranks (rank 0 serves it)."""
import datetime
import os

import ember
import ember.distributed as dist

dist.init_process_group("mpi")
rank, size = dist.get_rank(), dist.get_world_size()

received = ember.zeros(3)
ops = [dist.P2POp(dist.irecv, received, (rank - 1) % size),
       dist.P2POp(dist.isend, ember.arange(3.0) + 10 * rank, (rank + 1) % size)]
for work in dist.batch_isend_irecv(ops):
    work.wait()
expected = ember.arange(3.0) + 10 * ((rank - 1) % size)
assert ember.equal(received, expected), (rank, received, expected)

port = ember.tensor([0])
if rank == 0:
    server = dist.TCPStore("127.0.0.1", 0, size, True, timeout=datetime.timedelta(seconds=30))
    port[0] = server.port
dist.broadcast(port, src=0)
store = server if rank == 0 else dist.TCPStore("127.0.0.1", int(port), is_master=False,
                                               timeout=datetime.timedelta(seconds=30))
store.set(f"pid{rank}", str(os.getpid()))
assert store.add("arrived", 1) <= size
store.wait([f"pid{r}" for r in range(size)])
assert int(store.get("arrived")) == size or store.add("arrived", 0) <= size
dist.barrier()
assert int(store.get("arrived")) == size
dist.barrier()
dist.destroy_process_group()
print(f"rank {rank}/{size}: p2p ok", flush=True)
