import torch

# The utilities every repository copies into utils.py: set_seed with deterministic algorithms
# (warn_only, CUBLAS_WORKSPACE_CONFIG), AverageMeter/ProgressMeter, count_parameters,
# get_grad_norm, an EMA of the weights via torch._foreach_lerp_ / _foreach_mul_, AdamW
# parameter groups without weight decay for biases and norms, accuracy@k, and a
# checkpoint-free "train one epoch" that logs through them.
import os
import random
import warnings

import numpy as np
import torch.nn as nn
import torch.nn.functional as F


def set_seed(seed: int = 42, deterministic: bool = True):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)
    os.environ["PYTHONHASHSEED"] = str(seed)
    if deterministic:
        os.environ["CUBLAS_WORKSPACE_CONFIG"] = ":4096:8"
        torch.backends.cudnn.deterministic = True
        torch.backends.cudnn.benchmark = False
        torch.use_deterministic_algorithms(True, warn_only=True)


class AverageMeter:
    """Computes and stores the average and current value"""

    def __init__(self, name, fmt=":f"):
        self.name, self.fmt = name, fmt
        self.reset()

    def reset(self):
        self.val = self.avg = self.sum = 0
        self.count = 0

    def update(self, val, n=1):
        self.val = val
        self.sum += val * n
        self.count += n
        self.avg = self.sum / self.count

    def __str__(self):
        fmtstr = "{name} {val" + self.fmt + "} ({avg" + self.fmt + "})"
        return fmtstr.format(**self.__dict__)


class ProgressMeter:
    def __init__(self, num_batches, meters, prefix=""):
        digits = len(str(num_batches))
        self.batch_fmtstr = "[{:" + str(digits) + "d}/" + str(num_batches) + "]"
        self.meters, self.prefix = meters, prefix

    def display(self, batch):
        print("\t".join([self.prefix + self.batch_fmtstr.format(batch)] +
                        [str(m) for m in self.meters]))


def count_parameters(model, trainable_only=True):
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)


def get_grad_norm(parameters, norm_type=2.0):
    parameters = [p for p in parameters if p.grad is not None]
    if not parameters:
        return torch.tensor(0.0)
    return torch.norm(torch.stack([torch.norm(p.grad.detach(), norm_type)
                                   for p in parameters]), norm_type)


def accuracy(output, target, topk=(1,)):
    with torch.no_grad():
        maxk = max(topk)
        batch_size = target.size(0)
        _, pred = output.topk(maxk, 1, True, True)
        pred = pred.t()
        correct = pred.eq(target.view(1, -1).expand_as(pred))
        res = []
        for k in topk:
            correct_k = correct[:k].reshape(-1).float().sum(0, keepdim=True)
            res.append(correct_k.mul_(100.0 / batch_size))
        return res


class ModelEMA:
    def __init__(self, model, decay=0.9):
        self.decay = decay
        self.shadow = [p.detach().clone() for p in model.parameters()]
        self.buffers = [b.detach().clone() for b in model.buffers()]
        self.updates = 0

    @torch.no_grad()
    def update(self, model):
        self.updates += 1
        d = self.decay * (1 - np.exp(-self.updates / 4))  # ramp-up as in YOLO-style EMAs
        params = [p.detach() for p in model.parameters()]
        torch._foreach_lerp_(self.shadow, params, 1.0 - d)
        floats = [b for b in self.buffers if b.is_floating_point()]
        live = [b for b in model.buffers() if b.is_floating_point()]
        torch._foreach_mul_(floats, d)
        torch._foreach_add_(floats, live, alpha=1.0 - d)
        return d


def param_groups_weight_decay(model, weight_decay=1e-2, skip_list=()):
    decay, no_decay = [], []
    for name, param in model.named_parameters():
        if not param.requires_grad:
            continue
        if param.ndim <= 1 or name.endswith(".bias") or name in skip_list:
            no_decay.append(param)
        else:
            decay.append(param)
    return [{"params": no_decay, "weight_decay": 0.0},
            {"params": decay, "weight_decay": weight_decay}]


with warnings.catch_warnings(record=True) as log:
    warnings.simplefilter("always")
    set_seed(3)
print("deterministic", torch.are_deterministic_algorithms_enabled(),
      torch.is_deterministic_algorithms_warn_only_enabled(),
      os.environ["CUBLAS_WORKSPACE_CONFIG"], torch.backends.cudnn.deterministic,
      torch.backends.cudnn.benchmark, len(log))
# deterministic mode fills new memory, so a read before the first write shows
print("empty under deterministic mode", torch.empty(3), torch.empty(2, dtype=torch.int32),
      torch.utils.deterministic.fill_uninitialized_memory)
torch.set_default_dtype(torch.float64)

model = nn.Sequential(nn.Linear(6, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 4))
model[0].weight.requires_grad_(False)
print("count", count_parameters(model), count_parameters(model, trainable_only=False))
model[0].weight.requires_grad_(True)
groups = param_groups_weight_decay(model, 0.05)
print("groups", [len(g["params"]) for g in groups], [g["weight_decay"] for g in groups])
opt = torch.optim.AdamW(groups, lr=5e-2)
print([{k: v for k, v in g.items() if k != "params"} for g in opt.param_groups][0])
ema = ModelEMA(model)

X = torch.randn(48, 6)
Y = (X[:, 0] > 0).long() + 2 * (X[:, 1] > 0).long()
losses, top1, top2 = AverageMeter("Loss", ":.4e"), AverageMeter("Acc@1", ":6.2f"), \
    AverageMeter("Acc@2", ":6.2f")
progress = ProgressMeter(6, [losses, top1, top2], prefix="Epoch: [0]")
for epoch in range(2):
    for m in (losses, top1, top2):
        m.reset()
    for i, idx in enumerate(torch.arange(48).split(8)):
        out = model(X[idx])
        loss = F.cross_entropy(out, Y[idx])
        acc1, acc2 = accuracy(out, Y[idx], topk=(1, 2))
        losses.update(loss.item(), len(idx))
        top1.update(acc1[0], len(idx))
        top2.update(acc2.item(), len(idx))
        opt.zero_grad()
        loss.backward()
        norm = get_grad_norm(model.parameters())
        clipped = nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        d = ema.update(model)
        if i % 2 == 0:
            progress.prefix = f"Epoch: [{epoch}]"
            progress.display(i)
            print(f"  grad norm {norm.item():.8f} clip {clipped.item():.8f} ema decay {d:.6f}")
    print("acc meter holds", type(top1.sum).__name__, top1.sum.dtype, top1.sum.shape)
print("ema shadow", ema.shadow[0][0, :3])
print("ema running mean", ema.buffers[0][:3])
print("live", model[0].weight[0, :3])
print("wd on biases?", [p.shape for p in opt.param_groups[0]["params"]])
print("foreach norms", [round(t.item(), 8) for t in torch._foreach_norm(ema.shadow)[:3]])
shadow = [t.clone() for t in ema.shadow]
torch._foreach_lerp_(shadow, [torch.zeros_like(t) for t in shadow], torch.tensor(0.5))
print("lerp by tensor weight", shadow[-1])

# the process-wide switches go back (a later program in the same process must not inherit them)
torch.use_deterministic_algorithms(False)
os.environ.pop("CUBLAS_WORKSPACE_CONFIG")
print("restored", torch.are_deterministic_algorithms_enabled(),
      torch.is_deterministic_algorithms_warn_only_enabled())
