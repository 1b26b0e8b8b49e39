"""Reads dcp_sharded_torch_script.py's checkpoint into whole tensors (run under ember)."""
import sys, torch, torch.nn as nn, torch.distributed.checkpoint as dcp
m = nn.Sequential(nn.Linear(3, 5), nn.Linear(5, 2))
sd = {"model": {k: torch.zeros_like(v) for k, v in m.state_dict().items()}}
dcp.load(sd, checkpoint_id=sys.argv[1])
print({k: round(v.sum().item(), 5) for k, v in sd["model"].items()})
sd = {"optim": {"state": {k: {"exp_avg": torch.zeros_like(v)} for k, v in m.state_dict().items()}}}
dcp.load(sd, checkpoint_id=sys.argv[1])
print({k: round(v["exp_avg"].sum().item(), 6) for k, v in sd["optim"]["state"].items()})
