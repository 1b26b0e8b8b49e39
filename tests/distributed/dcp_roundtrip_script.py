"""A torch user's distributed checkpoint: ``save PATH`` writes one, ``load PATH`` reads it into fresh
objects and prints them. test_distributed_checkpoint.py runs each half under torch and ember."""
import sys, torch, torch.distributed.checkpoint as dcp
mode, path = sys.argv[1], sys.argv[2]
torch.manual_seed(0)
class App(dcp.stateful.Stateful if hasattr(dcp, "stateful") else object):
    def __init__(self): self.m = torch.nn.Linear(3, 2); self.epoch = 0
    def state_dict(self): return {"model": self.m.state_dict(), "epoch": self.epoch}
    def load_state_dict(self, sd): self.m.load_state_dict(sd["model"]); self.epoch = sd["epoch"]
if mode == "save":
    app = App(); app.epoch = 7
    sd = {"app": app, "w": torch.arange(6.).view(2, 3), "b": torch.tensor([1, 2]), "step": 3, "name": "x", "nested": {"h": torch.ones(2, dtype=torch.float64), "l": [1, 2]}}
    md = dcp.save(sd, checkpoint_id=path)
    print(type(md).__name__, sorted(md.state_dict_metadata))
else:
    torch.manual_seed(5)
    app = App()
    sd = {"app": app, "w": torch.zeros(2, 3), "b": torch.zeros(2, dtype=torch.long), "step": 0, "name": "", "nested": {"h": torch.zeros(2, dtype=torch.float64), "l": []}}
    dcp.load(sd, checkpoint_id=path)
    print(sd["w"], sd["b"], sd["step"], sd["name"], sd["nested"], app.epoch, app.m.weight.sum().item())
