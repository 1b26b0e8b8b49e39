"""One process, under ``python names_single.py torch|ember PORT``: the distributed names
(rank lookups, object collectives, all_to_all, subgroups, DeviceMesh, debug levels) print
what they give or raise, for the test to compare the two libraries' printouts."""
import importlib
import os
import sys
import warnings

torch = importlib.import_module(sys.argv[1])
d = torch.distributed
os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=sys.argv[2])
os.environ.pop("LOCAL_RANK", None)
d.init_process_group("gloo", rank=0, world_size=1)
print(d.get_pg_count())
w = d.group.WORLD
print(d.get_global_rank(w, 0), d.get_group_rank(w, 0), d.get_process_group_ranks(w), d.get_process_group_ranks(None))
g = d.new_group([0]); print(d.get_pg_count(), d.get_global_rank(g, 0), d.get_process_group_ranks(g))
for f in [lambda: d.get_global_rank(g, 3), lambda: d.get_group_rank(g, 3)]:
    try: f()
    except Exception as e:  # noqa: BLE001 - the printout compares what each raised
        print(type(e).__name__, str(e).split(" <")[0])
l = [None]; print(d.gather_object("x", l, dst=0), l)
o = [None]; d.scatter_object_list(o, [{"a": 1}], src=0); print(o)
print(d.monitored_barrier())
out = [torch.zeros(2)]; print(d.all_to_all(out, [torch.ones(2)]), out)
o1 = torch.zeros(3); d.all_to_all_single(o1, torch.arange(3.)); print(o1)
try:
    print(d.new_subgroups())
except ValueError as e:
    print("ns", type(e).__name__, e)
cur, subs = d.new_subgroups(1); print(len(subs), d.get_process_group_ranks(cur))
cur, subs = d.new_subgroups_by_enumeration([[0]]); print(len(subs), d.get_process_group_ranks(cur))
for n in [2, 0]:
    try: d.new_subgroups(n)
    except Exception as e:  # noqa: BLE001 - the printout compares what each raised
        print("ns", type(e).__name__, e)
t = [torch.ones(2), torch.ones(3)]
with warnings.catch_warnings(record=True) as ws:
    warnings.simplefilter("always")
    d.all_reduce_coalesced(t); print(t)
    ol = [[torch.zeros(2)]]; d.all_gather_coalesced(ol, [torch.ones(2)]); print(ol, [(x.category.__name__, str(x.message)[:60]) for x in ws])
from importlib import import_module

dm = import_module(sys.argv[1] + ".distributed.device_mesh")
m = dm.init_device_mesh("cpu", (1,)); print(repr(m), m.ndim, m.shape, m.size(), m.get_rank(), m.get_local_rank(), m.get_coordinate(), m.mesh, m.device_type, m.mesh_dim_names)
m2 = dm.init_device_mesh("cpu", (1, 1), mesh_dim_names=("dp", "tp")); print(repr(m2), m2["dp"], m2.get_local_rank("tp"), m2.size(1), len(m2.get_all_groups()))
for f in [lambda: dm.init_device_mesh("cpu", (2,)), lambda: m2["xx"], lambda: m2.get_local_rank()]:
    try: f()
    except Exception as e:  # noqa: BLE001 - the printout compares what each raised
        print(type(e).__name__, e)
print(m == dm.DeviceMesh("cpu", [0]), hash(m) == hash(dm.DeviceMesh("cpu", [0])))
print(dm.DeviceMesh("cpu", torch.tensor([[0]]), mesh_dim_names=("a","b")))
with d.record_comm("x"): pass
d.destroy_process_group(); print(d.get_pg_count())
print(d.supports_complex(d.ReduceOp.PRODUCT), d.supports_complex(d.ReduceOp.SUM), d.get_default_backend_for_device("cpu"), d.get_default_backend_for_device(torch.device("cuda:1")))
os.environ.pop("LOCAL_RANK", None)
print(d.get_node_local_rank(fallback_rank=3), d.is_torchelastic_launched(), d.is_ucc_available(), d.is_xccl_available(), d.is_backend_available("gloo"), d.is_backend_available("bogus"))
print(d.get_debug_level(), d.DebugLevel.DETAIL, int(d.DebugLevel.INFO), d.GroupName("x"))
