import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset, random_split

# The second round of errors a newcomer meets, this time around data pipelines, modules,
# optimizers and schedulers: each call is made the way it is usually got wrong, and the
# exception's type and text are printed.


def attempt(label, fn):
    try:
        result = fn()
        print(label, "-> no error:", result)
    except Exception as error:
        print(label, "->", type(error).__name__ + ":", error)


torch.manual_seed(5)
ragged = [(torch.randn(3), 0), (torch.randn(4), 1)]
attempt("collate ragged", lambda: next(iter(DataLoader(ragged, batch_size=2))))
attempt("collate mixed", lambda: next(iter(DataLoader([(1, "a"), (2.5, "b")], batch_size=2))))
attempt("dataset sizes", lambda: TensorDataset(torch.ones(3, 2), torch.ones(4)))
attempt("split lengths", lambda: random_split(range(10), [3, 3]))
attempt("split fractions", lambda: random_split(range(10), [0.5, 0.6]))
attempt("batch_size zero", lambda: DataLoader(range(4), batch_size=0))
attempt("sampler and shuffle", lambda: DataLoader(range(4), shuffle=True, sampler=[0, 1]))
attempt("batch_sampler and batch_size", lambda: DataLoader(range(4), batch_size=2,
                                                           batch_sampler=[[0, 1]]))
attempt("len of iterable", lambda: len(DataLoader(iter(range(3)))))

model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
attempt("missing attribute", lambda: model[0].weights)
attempt("index past end", lambda: model[5])
attempt("module call wrong", lambda: model(torch.ones(2, 5)))
attempt("module int input", lambda: model(torch.ones(2, 4, dtype=torch.long)))
attempt("strict load", lambda: model.load_state_dict({"0.weight": torch.ones(3, 4),
                                                      "2.bias": torch.ones(5),
                                                      "extra": torch.ones(1)}))
attempt("register param tensor", lambda: model.register_parameter("p", torch.ones(1)))
attempt("bad module name", lambda: model.add_module("a.b", nn.ReLU()))
attempt("sequential non-module", lambda: nn.Sequential(nn.ReLU(), F.relu))
attempt("modulelist append tensor", lambda: nn.ModuleList().append(torch.ones(1)))
attempt("dropout p", lambda: nn.Dropout(1.5))
attempt("linear negative", lambda: nn.Linear(-1, 2))
attempt("conv groups", lambda: nn.Conv2d(4, 6, 3, groups=4))
attempt("conv padding same stride", lambda: nn.Conv2d(1, 1, 3, stride=2, padding="same"))
attempt("embedding padding_idx", lambda: nn.Embedding(3, 2, padding_idx=5))
attempt("multihead divisible", lambda: nn.MultiheadAttention(10, 3))
attempt("transformer d_model", lambda: nn.TransformerEncoderLayer(10, 3))
attempt("groupnorm divisible", lambda: nn.GroupNorm(3, 4))
attempt("upsample both", lambda: nn.Upsample(size=4, scale_factor=2)(torch.ones(1, 1, 2)))
attempt("interpolate mode", lambda: F.interpolate(torch.ones(1, 1, 2), scale_factor=2,
                                                 mode="bilinear"))
attempt("pad too large", lambda: F.pad(torch.ones(1, 2, 3), (4, 4), mode="reflect"))
attempt("pad odd", lambda: F.pad(torch.ones(2, 3), (1,)))

params = list(model.parameters())
attempt("negative lr", lambda: torch.optim.SGD(params, lr=-0.1))
attempt("bad momentum", lambda: torch.optim.SGD(params, lr=0.1, momentum=-1))
attempt("nesterov no momentum", lambda: torch.optim.SGD(params, lr=0.1, nesterov=True))
attempt("adam betas", lambda: torch.optim.Adam(params, betas=(1.0, 0.999)))
attempt("adam eps", lambda: torch.optim.Adam(params, eps=-1e-8))
attempt("empty params", lambda: torch.optim.Adam([]))
attempt("params a tensor", lambda: torch.optim.Adam(params[0]))
attempt("params a generator twice", lambda: torch.optim.Adam([{"params": params[:1]},
                                                              {"params": params[:1]}]))
attempt("group without params", lambda: torch.optim.SGD([{"lr": 0.1}], lr=0.1))
optimizer = torch.optim.SGD(params, lr=0.1)
attempt("add group overlap", lambda: optimizer.add_param_group({"params": params[0]}))
attempt("load opt state", lambda: optimizer.load_state_dict({"state": {}, "param_groups": []}))
attempt("step lr gamma", lambda: torch.optim.lr_scheduler.StepLR(optimizer, step_size=0))
attempt("onecycle total", lambda: torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1))
attempt("onecycle past end", lambda: [torch.optim.lr_scheduler.OneCycleLR(
    torch.optim.SGD(params, lr=0.1), max_lr=0.1, total_steps=2).step() for _ in range(3)])
attempt("plateau mode", lambda: torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer,
                                                                           mode="middle"))
attempt("lambda count", lambda: torch.optim.lr_scheduler.LambdaLR(optimizer,
                                                                  [lambda e: 1, lambda e: 2]))
attempt("multistep order", lambda: torch.optim.lr_scheduler.MultiStepLR(optimizer, [5, 2])
        .milestones)
attempt("clip nan", lambda: nn.utils.clip_grad_norm_(params, float("nan")))
attempt("save to missing dir", lambda: torch.save({}, "/nonexistent-dir/x.pt"))
attempt("load missing file", lambda: torch.load("/nonexistent-dir/x.pt"))
attempt("manual_seed float", lambda: torch.manual_seed(1.5))
attempt("generator device", lambda: torch.Generator(device="meta"))
attempt("randperm negative", lambda: torch.randperm(-1))
attempt("bernoulli range", lambda: torch.bernoulli(torch.tensor([1.5])))
attempt("normal std", lambda: torch.normal(0.0, -1.0, (2,)))
attempt("uniform range", lambda: torch.empty(2).uniform_(1.0, 0.0))
attempt("set_default_dtype int", lambda: torch.set_default_dtype(torch.int64))
attempt("tensor from None", lambda: torch.tensor(None))
attempt("tensor from str", lambda: torch.tensor(["a"]))
attempt("zeros negative", lambda: torch.zeros(-2))
attempt("linspace steps", lambda: torch.linspace(0, 1, -1))
attempt("eye negative", lambda: torch.eye(-1))
attempt("arange float step", lambda: torch.arange(0, 1, 0.3).tolist())
attempt("full no dtype int", lambda: torch.full((2,), 7).dtype)
