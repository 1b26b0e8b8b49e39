"""torch only: FSDP (2 ranks under torchrun) writes a sharded checkpoint, chunks spread over the
ranks' files; rank 0 prints the whole values that ember must read back from it."""
import sys, torch, torch.nn as nn, torch.distributed as dist, torch.distributed.checkpoint as dcp, warnings
warnings.simplefilter("ignore")
from torch.distributed.fsdp import FullyShardedDataParallel as FSDP
from torch.distributed.checkpoint.state_dict import get_state_dict
dist.init_process_group("gloo")
torch.manual_seed(0)
m = nn.Sequential(nn.Linear(3, 5), nn.Linear(5, 2))
f = FSDP(m, device_id=torch.device("cpu"), use_orig_params=True)
opt = torch.optim.Adam(f.parameters(), lr=0.1)
f(torch.randn(4, 3)).sum().backward(); opt.step()
msd, osd = get_state_dict(f, opt)
dcp.save({"model": msd, "optim": osd}, checkpoint_id=sys.argv[1])
from torch.distributed.checkpoint.state_dict import StateDictOptions
full, fosd = get_state_dict(f, opt, options=StateDictOptions(full_state_dict=True))
if dist.get_rank() == 0:
    print({k: round(v.sum().item(), 5) for k, v in full.items()})
    print({k: round(v["exp_avg"].sum().item(), 6) for k, v in fosd["state"].items()})
dist.barrier()  # every rank is done with gloo before any rank tears it down
dist.destroy_process_group()
# torch's gloo sometimes aborts in its C++ teardown after everything ran ("terminate called
# without an active exception"): leave without that teardown
import os  # noqa: E402
sys.stdout.flush()
os._exit(0)
