import torch
import warnings
from typing import Dict, List, Optional, Tuple

# "Introduction to TorchScript" and the TorchScript recipes: tracing and scripting a module and
# a function, control flow, @torch.jit.ignore / @torch.jit.export / @torch.jit.unused,
# torch.jit.Final constants, torch.jit.annotate, is_scripting(), freeze and the scripted
# modules' repr and state. (Only what is deterministic across the two libraries is printed:
# the TorchScript IR text of .code and .graph is not compared.)
warnings.simplefilter("ignore", DeprecationWarning)  # torch 2.13 deprecates torch.jit
torch.manual_seed(0)


class MyDecisionGate(torch.nn.Module):
    def forward(self, x):
        if x.sum() > 0:
            return x
        else:
            return -x


class MyCell(torch.nn.Module):
    def __init__(self, dg):
        super().__init__()
        self.dg = dg
        self.linear = torch.nn.Linear(4, 4)

    def forward(self, x, h):
        new_h = torch.tanh(self.dg(self.linear(x)) + h)
        return new_h, new_h


my_cell = MyCell(MyDecisionGate())
x, h = torch.rand(3, 4), torch.rand(3, 4)
print(my_cell)
new_h, _ = my_cell(x, h)
print(new_h)

with warnings.catch_warnings():
    warnings.simplefilter("ignore", torch.jit.TracerWarning)
    traced_cell = torch.jit.trace(MyCell(MyDecisionGate()), (x, h))
print(traced_cell)
print(type(traced_cell).__name__, isinstance(traced_cell, torch.jit.ScriptModule))
out, _ = traced_cell(x, h)
print(out.shape, out.grad_fn is not None)
print(list(traced_cell.state_dict().keys()))

scripted_gate = torch.jit.script(MyDecisionGate())
my_cell = MyCell(scripted_gate)
scripted_cell = torch.jit.script(my_cell)
print(scripted_cell)
print(type(scripted_cell).__name__, scripted_cell.original_name)
a, b = scripted_cell(x, h)
c, d = my_cell(x, h)
print(torch.equal(a, c), a is b)
print(torch.equal(scripted_gate(torch.tensor([-1.0, -2.0])), torch.tensor([1.0, 2.0])))


class MyRNNLoop(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.cell = torch.jit.trace(MyCell(scripted_gate), (x, h))

    def forward(self, xs):
        h, y = torch.zeros(3, 4), torch.zeros(3, 4)
        for i in range(xs.size(0)):
            y, h = self.cell(xs[i], h)
        return y, h


rnn_loop = torch.jit.script(MyRNNLoop())
print(rnn_loop)
xs = torch.rand(5, 3, 4)
y, hh = rnn_loop(xs)
print(y.shape, torch.equal(y, hh))


class WrapRNN(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.loop = torch.jit.script(MyRNNLoop())

    def forward(self, xs):
        y, h = self.loop(xs)
        return torch.relu(y)


traced = torch.jit.trace(WrapRNN(), (torch.rand(10, 3, 4)))
print(traced)
print(traced(xs).shape)


# scripting a function: control flow depends on the data, type annotations give the types
@torch.jit.script
def clamp_norm(x: torch.Tensor, max_norm: float = 1.0) -> torch.Tensor:
    norm = x.norm()
    if norm > max_norm:
        x = x * (max_norm / norm)
    return x


print(type(clamp_norm).__name__, clamp_norm.name)
print(clamp_norm(torch.tensor([3.0, 4.0])), clamp_norm(torch.tensor([0.3, 0.4])))
print(clamp_norm(torch.tensor([3.0, 4.0]), 10.0))


def foo(x, y):
    return 2 * x + y


traced_foo = torch.jit.trace(foo, (torch.rand(3), torch.rand(3)))
print(type(traced_foo).__name__, traced_foo(torch.ones(3), torch.ones(3)))


@torch.jit.script
def tokens_per_batch(lengths: List[int], pad: Optional[int] = None) -> Dict[str, int]:
    result = torch.jit.annotate(Dict[str, int], {})
    result["total"] = sum(lengths)
    result["longest"] = max(lengths)
    if pad is not None:
        result["padded"] = max(lengths) * len(lengths) + pad
    return result


print(tokens_per_batch([3, 5, 2]), tokens_per_batch([3, 5, 2], 1))


class Classifier(torch.nn.Module):
    num_classes: torch.jit.Final[int]

    def __init__(self, num_classes: int = 3):
        super().__init__()
        self.num_classes = num_classes
        self.fc = torch.nn.Linear(4, num_classes)
        self.register_buffer("calls", torch.zeros((), dtype=torch.long))

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        logits = self.fc(x)
        if torch.jit.is_scripting():
            return logits, logits.argmax(-1)
        self.log_eagerly(logits)
        return logits, logits.argmax(-1)

    @torch.jit.ignore
    def log_eagerly(self, logits):
        print("eager call, logits", tuple(logits.shape))

    @torch.jit.export
    def predict_proba(self, x: torch.Tensor) -> torch.Tensor:
        return torch.softmax(self.fc(x), dim=-1)

    @torch.jit.unused
    def debug(self, x):
        return x


model = Classifier()
print(torch.jit.is_scripting(), torch.jit.is_tracing())
logits, labels = model(torch.randn(2, 4))
print(labels)
scripted = torch.jit.script(model)
print(scripted)
logits, labels = scripted(torch.randn(2, 4))
print(logits.shape, labels.dtype, scripted.num_classes)
probs = scripted.predict_proba(torch.randn(2, 4))
print(probs.shape, probs.grad_fn.name(), torch.allclose(probs.sum(-1), torch.ones(2)))
print(list(scripted.state_dict().keys()), list(dict(scripted.named_buffers())))
print(scripted.training, scripted.eval().training, model.training)
print(scripted.fc.weight is model.fc.weight)
print(list(name for name, _ in scripted.named_children()))
print(isinstance(scripted, torch.nn.Module), isinstance(scripted, torch.jit.ScriptModule))
print(sum(p.numel() for p in scripted.parameters()))

# jit.isinstance refines container types at runtime
print(torch.jit.isinstance([1, 2], List[int]), torch.jit.isinstance({"a": 1}, Dict[str, int]),
      torch.jit.isinstance([1, "a"], List[int]))

# frozen modules: inlined weights, eval mode
frozen = torch.jit.freeze(torch.jit.script(Classifier().eval()))
print(type(frozen).__name__)
print(frozen(torch.zeros(1, 4))[0].shape)
try:
    torch.jit.freeze(torch.jit.script(Classifier()))
except RuntimeError as err:
    print("RuntimeError:", err)

# "Saving and loading models": export to TorchScript, save, load back and run
import os  # noqa: E402
import tempfile  # noqa: E402

model = Classifier().eval()
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "model_scripted.pt")
    model_scripted = torch.jit.script(model)
    model_scripted.save(path)
    loaded = torch.jit.load(path)
    loaded.eval()
    print(loaded)
    print(type(loaded).__name__, loaded.original_name, list(loaded.state_dict()))
    sample = torch.randn(3, 4)
    print(torch.equal(loaded(sample)[0], model(sample)[0]), loaded.fc.weight is model.fc.weight)
    extra = {"config.json": ""}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        traced_cell = torch.jit.trace(MyCell(MyDecisionGate()), (x, h))
    torch.jit.save(traced_cell, path, _extra_files={"config.json": '{"hidden": 4}'})
    cell = torch.jit.load(path, map_location="cpu", _extra_files=extra)
    print(cell, extra)
    print([type(m).__name__ for m in cell.modules()], cell(x, h)[0].shape)
