"""FullyShardedDataParallel as a torch user writes it; test_distributed_fsdp.py runs it under
torchrun and under ember's MPI ranks (``torch`` aliased to ``ember``) and compares the output.

Five configurations (auto-wrap policies, use_orig_params, NO_SHARD, SHARD_GRAD_OP), each: the
wrapped model's repr and parameters, four AdamW steps with gradient clipping, the full state
dict, the full optimizer state dict, summon_full_params with write-back, a second model resumed
from both state dicts, and gradient accumulation under no_sync. Rank 0 prints every rank's lines.
"""
import functools, warnings
import torch, torch.nn as nn, torch.nn.functional as F
import torch.distributed as dist
from torch.distributed.fsdp import (FullyShardedDataParallel as FSDP, ShardingStrategy, StateDictType,
                                    FullStateDictConfig, FullOptimStateDictConfig)
from torch.distributed.fsdp.wrap import ModuleWrapPolicy, transformer_auto_wrap_policy, size_based_auto_wrap_policy
warnings.simplefilter("ignore")
dist.init_process_group("gloo")
rank, world = dist.get_rank(), dist.get_world_size()
lines = []
def out(*a):
    lines.append(" ".join(str(x) for x in a))

class Block(nn.Module):
    def __init__(s): super().__init__(); s.l1 = nn.Linear(16, 24); s.l2 = nn.Linear(24, 16); s.norm = nn.LayerNorm(16)
    def forward(s, x): return x + s.l2(F.gelu(s.l1(s.norm(x))))

def model():
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(3, 16), Block(), Block(), nn.Linear(16, 2))

configs = {
    "module_policy": dict(auto_wrap_policy=ModuleWrapPolicy({Block})),
    "orig_params": dict(auto_wrap_policy=functools.partial(transformer_auto_wrap_policy, transformer_layer_cls={Block}), use_orig_params=True),
    "no_shard": dict(sharding_strategy=ShardingStrategy.NO_SHARD),
    "grad_op_size": dict(sharding_strategy=ShardingStrategy.SHARD_GRAD_OP, auto_wrap_policy=functools.partial(size_based_auto_wrap_policy, min_num_params=400)),
    "no_policy": dict(),
}
for cname, kw in configs.items():
    out("==", cname)
    f = FSDP(model(), device_id=torch.device("cpu"), **kw)
    if cname in ("module_policy", "grad_op_size"):
        out(f)
    for n, p in f.named_parameters():
        out(n, tuple(p.shape), p.requires_grad)
    opt = torch.optim.AdamW(f.parameters(), lr=1e-2, weight_decay=0.1)
    g = torch.Generator().manual_seed(123)
    for step in range(4):
        x = torch.randn(world * 4, 3, generator=g); y = torch.randn(world * 4, 2, generator=g)
        xs, ys = x[rank * 4:(rank + 1) * 4], y[rank * 4:(rank + 1) * 4]
        loss = F.mse_loss(f(xs), ys)
        opt.zero_grad()
        loss.backward()
        norm = f.clip_grad_norm_(0.5)
        opt.step()
        out("step", step, "loss %.5f" % loss.item(), "norm %.5f" % norm.item(), norm.dtype)
    if cname == "module_policy":
        with FSDP.state_dict_type(f, StateDictType.FULL_STATE_DICT, FullStateDictConfig(rank0_only=False), FullOptimStateDictConfig(rank0_only=False)):
            sd = f.state_dict()
            osd = FSDP.optim_state_dict(f, opt)
    else:
        sd = f.state_dict()
        osd = FSDP.optim_state_dict(f, opt)
    out("sd", [(k, tuple(v.shape), "%.5f" % v.double().sum().item()) for k, v in sd.items()])
    out("osd groups", [{k: v for k, v in grp.items() if k in ("params", "lr", "weight_decay")} for grp in osd["param_groups"]])
    state = osd["state"]
    if kw.get("use_orig_params"):
        # torch 2.13 lists these by sorted name and fills "exp_avg" with exp_avg_sq's values
        # here; test_distributed_fsdp.py checks ember's against single-process training
        state = {k: {kk: vv for kk, vv in v.items() if kk != "exp_avg"}
                 for k, v in sorted(state.items())}
    out("osd state", [(k, sorted((kk, tuple(vv.shape) if torch.is_tensor(vv) else vv) for kk, vv in v.items())) for k, v in state.items()])
    out("osd exp_avg_sq sums", ["%.7f" % v["exp_avg_sq"].double().sum().item() for v in state.values()])
    with FSDP.summon_full_params(f):
        out("summon", [(tuple(p.shape), "%.5f" % p.double().sum().item()) for p in f.parameters()])
        if cname == "no_policy":
            with torch.no_grad():
                f[0].weight.fill_(0.5)
    out("after summon", [tuple(p.shape) for p in f.parameters()])
    with FSDP.summon_full_params(f):
        out("written back", "%.4f" % f[0].weight.sum().item())
    # a new model loads the saved whole state and the optimizer state
    f2 = FSDP(model(), device_id=torch.device("cpu"), **kw)
    out("load", f2.load_state_dict(sd))
    opt2 = torch.optim.AdamW(f2.parameters(), lr=1e-2, weight_decay=0.1)
    lo = FSDP.optim_state_dict_to_load(f2, opt2, osd)
    opt2.load_state_dict(lo)
    x = torch.randn(world * 4, 3, generator=g); y = torch.randn(world * 4, 2, generator=g)
    xs, ys = x[rank * 4:(rank + 1) * 4], y[rank * 4:(rank + 1) * 4]
    for mdl, o in ((f, opt), (f2, opt2)):
        loss = F.mse_loss(mdl(xs), ys); o.zero_grad(); loss.backward(); o.step()
        out("resumed loss %.5f" % loss.item())
    # gradient accumulation with no_sync
    opt.zero_grad()
    with f.no_sync():
        F.mse_loss(f(xs), ys).backward()
    F.mse_loss(f(xs * 2), ys).backward()
    out("no_sync grads", ["%.5f" % p.grad.double().sum().item() for p in f.parameters() if p.grad is not None])

# the distributed-checkpoint helpers: whole state dicts under the plain model's names
from torch.distributed.checkpoint.state_dict import (StateDictOptions, get_state_dict,
                                                     set_state_dict)
out("== state_dict helpers")
f = FSDP(model(), device_id=torch.device("cpu"), auto_wrap_policy=ModuleWrapPolicy({Block}),
         use_orig_params=True)
opt = torch.optim.Adam(f.parameters(), lr=1e-2)
g = torch.Generator().manual_seed(7)
x = torch.randn(world * 4, 3, generator=g); y = torch.randn(world * 4, 2, generator=g)
xs, ys = x[rank * 4:(rank + 1) * 4], y[rank * 4:(rank + 1) * 4]
F.mse_loss(f(xs), ys).backward(); opt.step()
full = StateDictOptions(full_state_dict=True)
msd, osd = get_state_dict(f, opt, options=full)
out("model keys", list(msd), "%.5f" % sum(v.double().sum().item() for v in msd.values()))
out("optim keys", list(osd["state"]), [g["params"] for g in osd["param_groups"]])
out("exp_avg_sq", ["%.7f" % v["exp_avg_sq"].double().sum().item() for v in osd["state"].values()])
f2 = FSDP(model(), device_id=torch.device("cpu"), auto_wrap_policy=ModuleWrapPolicy({Block}),
          use_orig_params=True)
opt2 = torch.optim.Adam(f2.parameters(), lr=1e-2)
out("set", set_state_dict(f2, opt2, model_state_dict=msd, optim_state_dict=osd, options=full))
for mdl, o in ((f, opt), (f2, opt2)):
    o.zero_grad(); loss = F.mse_loss(mdl(xs), ys); loss.backward(); o.step()
    out("after resume %.6f" % loss.item())

everyone = [None] * world
dist.all_gather_object(everyone, lines)
if rank == 0:
    for r, ls in enumerate(everyone):
        for l in ls:
            print(f"[{r}] {l}")
dist.barrier()  # every rank is done with gloo before any rank tears it down
dist.destroy_process_group()
if torch.__name__ == "torch":
    # torch's gloo sometimes aborts in its C++ teardown after everything ran ("terminate called
    # without an active exception"); the reference run leaves without that teardown
    import os, sys
    sys.stdout.flush()
    os._exit(0)
