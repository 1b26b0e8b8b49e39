"""Run on 2 ranks: gather_object, scatter_object_list, send/recv_object_list, all_to_all,
all_to_all_single with uneven splits, subgroups, rank lookups and a (2, 1) DeviceMesh."""
import ember
import ember.distributed as dist
from ember.distributed.device_mesh import init_device_mesh

dist.init_process_group("mpi")
rank, size = dist.get_rank(), dist.get_world_size()
assert size == 2

gathered = [None] * size if rank == 1 else None
dist.gather_object({"rank": rank}, gathered, dst=1)
assert gathered == ([{"rank": 0}, {"rank": 1}] if rank == 1 else None), gathered

slot = [None]
dist.scatter_object_list(slot, ["for 0", "for 1"] if rank == 0 else None, src=0)
assert slot == [f"for {rank}"], slot

if rank == 0:
    dist.send_object_list(["hello", 3], dst=1)
else:
    box = [None, None]
    assert dist.recv_object_list(box, src=0) == 0 and box == ["hello", 3], box

outputs = [ember.zeros(2), ember.zeros(2)]
dist.all_to_all(outputs, [ember.full((2,), 10.0 * rank + peer) for peer in range(size)])
assert [o.tolist() for o in outputs] == [[10.0 * peer + rank] * 2 for peer in range(size)]

# rank 0 sends 1 row to itself and 2 to rank 1; rank 1 sends 2 rows to rank 0, 1 to itself
source = ember.arange(3.0) + 100 * rank
sent = [1, 2] if rank == 0 else [2, 1]
received_rows = [1, 2] if rank == 0 else [2, 1]
output = ember.zeros(sum(received_rows))
dist.all_to_all_single(output, source, received_rows, sent)
expected = {0: [0.0, 100.0, 101.0], 1: [1.0, 2.0, 102.0]}[rank]
assert output.tolist() == expected, (rank, output.tolist())

mine, subgroups = dist.new_subgroups(1)
assert len(subgroups) == 2 and dist.get_process_group_ranks(mine) == [rank]
assert dist.get_global_rank(mine, 0) == rank and dist.get_group_rank(mine, rank) == 0
mine, subgroups = dist.new_subgroups_by_enumeration([[1, 0]])
assert dist.get_process_group_ranks(mine) == [0, 1]
dist.monitored_barrier()

mesh = init_device_mesh("cpu", (2, 1), mesh_dim_names=("dp", "tp"))
assert mesh.get_coordinate() == (rank, 0) and mesh.get_local_rank("dp") == rank
assert dist.get_process_group_ranks(mesh.get_group("dp")) == [0, 1]
assert dist.get_process_group_ranks(mesh.get_group("tp")) == [rank]
value = ember.tensor([float(rank + 1)])
dist.all_reduce(value, group=mesh["dp"].get_group())
assert value.item() == 3.0
dist.destroy_process_group()
print(f"rank {rank}/{size}: names ok", flush=True)
