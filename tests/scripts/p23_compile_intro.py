import torch

# The "Introduction to torch.compile" tutorial as it runs on a CPU-only laptop: a plain
# function and a module compiled, eager and compiled outputs and gradients compared, a
# function with a data-dependent graph break, the mode= presets, torch.compiler.disable,
# torch._dynamo.explain's counts and torch._dynamo.reset() between experiments. Values
# only: the tutorial's timings are left out.
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


def foo(x, y):
    a = torch.sin(x)
    b = torch.cos(y)
    return a + b


opt_foo1 = torch.compile(foo, backend="eager")
x, y = torch.randn(4, 4), torch.randn(4, 4)
print("foo eager == compiled:", torch.allclose(foo(x, y), opt_foo1(x, y)))
print(opt_foo1(x, y)[0])


@torch.compile(backend="eager")
def opt_foo2(x, y):
    a = torch.sin(x)
    b = torch.cos(y)
    return a + b


print("decorated:", opt_foo2(x, y).sum().item() == foo(x, y).sum().item())
print("name kept:", opt_foo2.__name__)


class MyModule(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(6, 6)

    def forward(self, x):
        return F.relu(self.lin(x))


mod = MyModule()
opt_mod = torch.compile(mod, backend="eager")
t = torch.randn(5, 6)
print(type(opt_mod).__name__, opt_mod._orig_mod is mod)
print("state_dict keys:", list(opt_mod.state_dict()))
print("params shared:", opt_mod.lin.weight is mod.lin.weight)
out_eager, out_comp = mod(t), opt_mod(t)
print("module outputs equal:", torch.equal(out_eager, out_comp))
print(out_comp[:2])

# gradients through the compiled module agree with eager ones
out_eager.square().mean().backward()
grad_eager = mod.lin.weight.grad.clone()
mod.zero_grad()
opt_mod(t).square().mean().backward()
print("grads equal:", torch.allclose(grad_eager, mod.lin.weight.grad))
print("bias grad", mod.lin.bias.grad)

# a training loop through the compiled module; the eager twin is updated alongside
twin = MyModule()
twin.load_state_dict(mod.state_dict())
opt_a = torch.optim.SGD(opt_mod.parameters(), lr=0.1)
opt_b = torch.optim.SGD(twin.parameters(), lr=0.1)
target = torch.randn(5, 6)
for step in range(4):
    for model, opt in ((opt_mod, opt_a), (twin, opt_b)):
        opt.zero_grad()
        loss = F.mse_loss(model(t), target)
        loss.backward()
        opt.step()
    print(f"step {step} compiled {loss.item():.6f} same weights "
          f"{torch.allclose(mod.lin.weight, twin.lin.weight)}")


# a data-dependent branch is a graph break: dynamo splits the function in two graphs
def bar(a, b):
    x = a / (torch.abs(a) + 1)
    if b.sum() < 0:
        b = b * -1
    return x * b


explanation = torch._dynamo.explain(bar)(torch.randn(10), torch.randn(10))
print("graphs", explanation.graph_count, "breaks", explanation.graph_break_count,
      "reasons", len(explanation.break_reasons))
opt_bar = torch.compile(bar, backend="eager")
inp1, inp2 = torch.ones(10), -torch.ones(10)
print("bar both branches:", opt_bar(inp1, inp2)[:3], opt_bar(inp1, -inp2)[:3])
print("bar matches eager:", torch.equal(opt_bar(inp1, inp2), bar(inp1, inp2)))

# fullgraph=True turns the graph break into an error (after a reset: the graphs compiled
# above for bar's code would otherwise be reused)
torch._dynamo.reset()
strict_bar = torch.compile(bar, backend="eager", fullgraph=True)
try:
    strict_bar(inp1, inp2)
except Exception as error:
    print("fullgraph error:", type(error).__module__, type(error).__name__,
          isinstance(error, RuntimeError))
torch._dynamo.reset()


# torch.compiler.disable keeps a helper out of the graph; the rest is still compiled
@torch.compiler.disable
def log_stats(t):
    return f"mean={t.mean().item():.4f}"


@torch.compile(backend="eager")
def scaled_tanh(x):
    y = torch.tanh(x) * 2
    note = log_stats(y)
    return y + 1, note


result, note = scaled_tanh(torch.linspace(-1, 1, 5))
print(result, note)

# the modes as a CPU user tries them (the default backend): results stay the same
torch._dynamo.reset()
small = nn.Sequential(nn.Linear(3, 8), nn.GELU(), nn.Linear(8, 2))
small.eval()
inp = torch.randn(4, 3)
with torch.no_grad():
    reference = small(inp)
    for mode in ("default", "reduce-overhead"):
        torch._dynamo.reset()
        compiled = torch.compile(small, mode=mode)
        print(mode, torch.allclose(compiled(inp), reference, atol=1e-6))
print(reference)

# passing both mode and options is refused
try:
    torch.compile(small, mode="default", options={"trace.enabled": False})
except RuntimeError as error:
    print("RuntimeError:", error)

# compiled functions recompile for new shapes and dtypes but give eager's answers
torch._dynamo.reset()
opt_softmax = torch.compile(lambda z: F.softmax(z * 2, dim=-1), backend="eager")
for shape in ((2, 3), (4, 3), (2, 5)):
    z = torch.arange(shape[0] * shape[1], dtype=torch.float32).reshape(shape) / 10
    print(shape, opt_softmax(z).sum(dim=-1))
print(opt_softmax(torch.tensor([0.0, 1.0], dtype=torch.float64)))
print("is_compiling outside:", torch.compiler.is_compiling())
try:
    torch.compile(small, backend="no_such_backend")
except Exception as error:
    print(type(error).__name__, "is RuntimeError:", isinstance(error, RuntimeError))
print("eager in list_backends:", "eager" in torch._dynamo.list_backends(exclude_tags=()))
