import torch
import torch.backends.cudnn as cudnn
import torch.nn as nn
import torch.nn.functional as F
from torch.autograd import Variable
from torch.functional import einsum
from torch.nn.modules.linear import NonDynamicallyQuantizableLinear
from torch.profiler import ProfilerActivity, profile, record_function
from torch.types import Number
from torch.utils.checkpoint import checkpoint

# The settings a training script flips at its top (restored at the end: the oracle runs every
# script in one process).
cudnn.benchmark = True
cudnn.deterministic = True
threads = torch.get_num_threads()
torch.set_num_threads(1)
torch.set_float32_matmul_precision("high")
print("precision", torch.get_float32_matmul_precision(), torch.backends.cuda.matmul.allow_tf32)
print("accelerator agrees with cuda:", torch.accelerator.is_available() == torch.cuda.is_available())
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
print("mps", torch.backends.mps.is_available(), "cudnn flags", cudnn.benchmark, cudnn.deterministic)
torch.set_default_dtype(torch.float64)


class Block(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.fc = nn.Linear(width, 2 * width)
        self.proj = NonDynamicallyQuantizableLinear(2 * width, width)
        self.register_buffer("steps", torch.zeros(()), persistent=False)

    def forward(self, x):
        self.steps += 1
        return x + self.proj(F.dropout(F.gelu(self.fc(x)), 0.1, self.training))


class TinyModel(nn.Module):
    def __init__(self, vocab, width):
        super().__init__()
        self.embed = nn.Embedding(vocab, width)
        self.blocks = nn.ModuleList([Block(width) for _ in range(2)])
        self.head = nn.Linear(width, vocab)

    def forward(self, idx):
        x = self.embed(idx)
        for block in self.blocks:
            x = checkpoint(block, x, use_reentrant=False)
        return self.head(x)


torch.manual_seed(0)
model = TinyModel(vocab=5, width=6).to(device)
print(model)
print(sorted(model.state_dict().keys()))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
idx = torch.LongTensor([[0, 1, 2, 3], [4, 3, 2, 1]])
targets = torch.LongTensor([1, 2, 3, 4, 3, 2, 1, 0])
for step in range(5):
    logits = model(idx).view(-1, 5)
    logp = F.log_softmax(logits, dim=-1)
    loss = -logp[range(8), targets].mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(f"step {step} loss {loss.item():.6f}")
print("buffer steps", model.blocks[0].steps.item())


@torch.no_grad
def evaluate(batch):
    model.eval()
    out = model(batch).argmax(-1)
    model.train()
    return out, torch.is_grad_enabled()


print("evaluate", evaluate(idx))
restored = TinyModel(vocab=5, width=6)
print(restored.load_state_dict(model.state_dict()))
torch.testing.assert_close(restored.eval()(idx), model.eval()(idx))
print("restored matches")

# Legacy spellings from old tutorials.
w = Variable(torch.DoubleTensor([[1.0, 2.0], [3.0, 4.0]]), requires_grad=True)
v = torch.FloatTensor(2, 3)
print(isinstance(w, torch.DoubleTensor), isinstance(w, torch.FloatTensor), v.shape, v.dtype)
u = w.detach().clone()
u.add_(0.5, torch.ones(2, 2))
torch.sin_(u)
print(u)
print(w.new([5, 6]), w.new(2, 2).shape, isinstance(1.5, Number.__args__))
print(einsum("ij,jk->ik", w, w).sum().item())

# Profiler: which ops ran, how often, and the table's shape (timings differ between runs).
x = torch.randn(3, 6)
with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
    with record_function("model_inference"):
        model.head(x).relu()
rows = {e.key: e.count for e in prof.key_averages()}
print(sorted((k, v) for k, v in rows.items() if k in ("model_inference", "aten::linear",
                                                     "aten::relu")))
table = prof.key_averages().table(sort_by="cpu_time_total", row_limit=3)
print(table.splitlines()[1].split())
print(table.splitlines()[-1].split(":")[0])

torch.use_deterministic_algorithms(True)
print("deterministic", torch.are_deterministic_algorithms_enabled(), torch.empty(3).isnan().all())
torch.use_deterministic_algorithms(False)
torch.manual_seed(1)
print(torch.testing.make_tensor(2, 3, dtype=torch.float32, device="cpu"))

torch.set_default_dtype(torch.float32)
torch.set_float32_matmul_precision("highest")
torch.set_num_threads(threads)
cudnn.benchmark = cudnn.deterministic = False
