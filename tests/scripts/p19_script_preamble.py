import torch

# The boilerplate around a real training script: the preamble flags (matmul precision,
# cudnn.benchmark/deterministic, use_deterministic_algorithms, anomaly detection), device
# selection that falls back to the CPU, torch.autograd.profiler.record_function and
# torch.profiler.record_function around steps, a NaN caught by detect_anomaly, a conv-BN
# pair fused for inference with torch.nn.utils.fusion, DistributedDataParallel on a
# one-process gloo group with no_sync() gradient accumulation, and checkpoints saved and
# loaded with map_location / weights_only and the errors they raise.
import io
import warnings

import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.nn.utils.fusion import fuse_conv_bn_eval, fuse_linear_bn_eval

torch.set_float32_matmul_precision("high")
print("matmul precision", torch.get_float32_matmul_precision())
torch.backends.cudnn.benchmark = False
torch.backends.cudnn.deterministic = True
torch.use_deterministic_algorithms(True, warn_only=True)
print("deterministic", torch.are_deterministic_algorithms_enabled(),
      torch.is_deterministic_algorithms_warn_only_enabled())
print("tf32", torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32)
device = torch.device("cuda" if torch.cuda.is_available() and False else "cpu")
print("device", device, device.type, device.index, torch.device("cpu", 0))
torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.fc = nn.Linear(4, 3)
        self.bn1d = nn.BatchNorm1d(3)

    def forward(self, x):
        x = F.relu(self.bn(self.conv(x)))
        return self.bn1d(self.fc(x.mean((2, 3))))


model = Net().to(device)
x = torch.randn(8, 2, 5, 5, device=device)
y = torch.randint(0, 3, (8,), device=device)
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)
for step in range(3):
    with torch.autograd.profiler.record_function("forward"):
        loss = F.cross_entropy(model(x), y)
    with torch.profiler.record_function("backward"):
        opt.zero_grad()
        loss.backward()
    opt.step()
    print(f"step {step} loss {loss.item():.8f}")

model.eval()
fused_conv = fuse_conv_bn_eval(model.conv, model.bn)
fused_fc = fuse_linear_bn_eval(model.fc, model.bn1d)
print(fused_conv)
print(fused_fc)
with torch.no_grad():
    ref = model.bn(model.conv(x))
    print("fused conv matches", torch.allclose(fused_conv(x), ref))
    print("fused linear matches", torch.allclose(fused_fc(x.mean((2, 3))[:, :2].repeat(1, 2)),
                                                 model.bn1d(model.fc(x.mean((2, 3))[:, :2]
                                                                     .repeat(1, 2)))))
try:
    fuse_conv_bn_eval(nn.Conv2d(2, 4, 3), nn.BatchNorm2d(4).train())
except AssertionError as error:
    print("AssertionError:", error)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    with torch.autograd.detect_anomaly():
        a = torch.tensor([0.0, 1.0], requires_grad=True)
        b = a.sqrt() * 0
        c = (a / b).sum()
        try:
            c.backward()
        except RuntimeError as error:
            print("RuntimeError:", error)
print("anomaly warnings", [w.category.__name__ for w in caught][:2])
torch.autograd.set_detect_anomaly(True, check_nan=False)
print("anomaly on", torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled())
torch.autograd.set_detect_anomaly(False)

# an in-memory store: no port to collide with another process
dist.init_process_group("gloo", store=dist.HashStore(), rank=0, world_size=1)
print("dist", dist.is_initialized(), dist.get_rank(), dist.get_world_size(), dist.get_backend())
torch.manual_seed(1)
net = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
ddp = DDP(net)
print(type(ddp).__name__, list(ddp.state_dict().keys())[:2])
opt = torch.optim.Adam(ddp.parameters(), lr=1e-2)
data = torch.randn(12, 4)
target = data.sum(1, keepdim=True)
for step in range(3):
    opt.zero_grad()
    for micro in range(3):
        chunk = slice(micro * 4, (micro + 1) * 4)
        if micro < 2:
            with ddp.no_sync():
                F.mse_loss(ddp(data[chunk]), target[chunk]).backward()
        else:
            F.mse_loss(ddp(data[chunk]), target[chunk]).backward()
    opt.step()
    print(f"ddp step {step} loss {F.mse_loss(ddp(data), target).item():.8f}")
t = torch.tensor([1.0, 2.0])
dist.all_reduce(t, op=dist.ReduceOp.SUM)
gathered = [torch.zeros(2)]
dist.all_gather(gathered, t)
print("collectives", t, gathered, dist.get_rank(group=dist.group.WORLD))
dist.barrier()
dist.destroy_process_group()
print("destroyed", dist.is_initialized())

buffer = io.BytesIO()
torch.save({"model": ddp.module.state_dict(), "step": 3, "lr": 1e-2}, buffer)
buffer.seek(0)
ckpt = torch.load(buffer, map_location="cpu")
print("ckpt", sorted(ckpt), ckpt["step"], list(ckpt["model"])[:2])
buffer.seek(0)
ckpt = torch.load(buffer, map_location=lambda storage, loc: storage, weights_only=True)
print("map_location fn", ckpt["model"]["0.weight"].device)


class Config:
    def __init__(self):
        self.hidden = 8


buffer = io.BytesIO()
torch.save({"config": Config(), "w": torch.ones(2)}, buffer)
buffer.seek(0)
try:
    torch.load(buffer)
except Exception as error:
    print(type(error).__name__, str(error).splitlines()[0][:100])
buffer.seek(0)
print("weights_only=False", torch.load(buffer, weights_only=False)["config"].hidden)
buffer.seek(0)
with torch.serialization.safe_globals([Config]):
    print("safe_globals", torch.load(buffer)["config"].hidden)
strict = ddp.module.load_state_dict({k: v for k, v in ckpt["model"].items() if "2." not in k},
                                    strict=False)
print("strict=False", strict)
try:
    ddp.module.load_state_dict({"0.weight": torch.zeros(3, 3)}, strict=False)
except RuntimeError as error:
    print("RuntimeError:", str(error).replace("\n", " | ")[:160])

# the flags are process-wide: put them back for whatever runs next in this process
torch.set_float32_matmul_precision("highest")
torch.use_deterministic_algorithms(False)
torch.backends.cudnn.benchmark = False
torch.backends.cudnn.deterministic = False
print("restored", torch.get_float32_matmul_precision(),
      torch.are_deterministic_algorithms_enabled())
