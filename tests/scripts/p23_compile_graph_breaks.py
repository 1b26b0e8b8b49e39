import torch

# The torch.compile docs' follow-ups as a CPU user tries them: Module.compile() in place
# (state_dict keys unchanged), explicit torch._dynamo.graph_break(), print() and .item()
# inside a compiled function, Python containers in and out, closures over modules,
# torch.compiler.set_stance("force_eager"), dynamic=True and mark_dynamic over changing
# batch sizes, compiled functions under no_grad/inference_mode, a compiled training step
# with forward hooks, and the recompile limit falling back to eager.
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = nn.LayerNorm(4)
        self.proj = nn.Linear(4, 4)

    def forward(self, x):
        return x + self.proj(self.norm(x)).relu()


block = Block()
before = list(block.state_dict())
block.compile(backend="eager")
print("Module.compile keeps keys:", list(block.state_dict()) == before, type(block).__name__)
x = torch.randn(3, 4)
print(block(x).detach())


@torch.compile(backend="eager")
def with_break(x):
    y = x.cos() + 1
    torch._dynamo.graph_break()
    return y * x.sin()


print(with_break(torch.linspace(0, 1, 4)))
print(with_break(torch.linspace(0, 1, 4)).equal(torch.linspace(0, 1, 4).cos().add(1)
                                                * torch.linspace(0, 1, 4).sin()))


@torch.compile(backend="eager")
def chatty(x):
    total = x.sum()
    print("inside compiled function, total =", round(total.item(), 4))
    return x / total


print(chatty(torch.tensor([1.0, 2.0, 5.0])))
print(chatty(torch.tensor([2.0, 2.0])))


@torch.compile(backend="eager")
def containers(batch):
    images, meta = batch["images"], batch["meta"]
    scaled = [im * meta["scale"] for im in images]
    return {"stacked": torch.stack(scaled), "count": len(scaled)}, (meta["scale"], "ok")


result, extra = containers({"images": [torch.ones(2), torch.zeros(2), torch.full((2,), 3.0)],
                            "meta": {"scale": 2.0}})
print(result["stacked"], result["count"], extra)

head = nn.Linear(4, 2)


@torch.compile(backend="eager")
def closure_loss(x, target):
    return F.cross_entropy(head(x), target)


target = torch.tensor([0, 1, 1])
loss = closure_loss(x, target)
loss.backward()
print(f"closure loss {loss.item():.6f}", head.weight.grad.abs().sum().item() > 0)
eager_grad = head.weight.grad.clone()
head.zero_grad()
F.cross_entropy(head(x), target).backward()
print("same grads as eager:", torch.allclose(eager_grad, head.weight.grad))

# the stance: force_eager runs the function as written
calls = []


@torch.compile(backend="eager")
def traced(x):
    calls.append(torch.compiler.is_compiling())
    return x * 2


traced(torch.ones(2))
with torch.compiler.set_stance("force_eager"):
    traced(torch.ones(2))
print("is_compiling seen:", calls)

# dynamic shapes: one compiled function over several batch sizes
torch._dynamo.reset()
mlp = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
dyn = torch.compile(mlp, backend="eager", dynamic=True)
for n in (2, 3, 5, 8):
    inp = torch.randn(n, 4)
    print(n, tuple(dyn(inp).shape), torch.allclose(dyn(inp), mlp(inp)))
marked = torch.randn(6, 4)
torch._dynamo.mark_dynamic(marked, 0)
print("mark_dynamic:", tuple(dyn(marked).shape))

# under no_grad and inference_mode
with torch.no_grad():
    out = dyn(torch.ones(2, 4))
print("no_grad:", out.requires_grad, out.grad_fn)
with torch.inference_mode():
    out = dyn(torch.ones(2, 4))
print("inference_mode:", out.is_inference(), out.requires_grad)

# a compiled training step with a forward hook that logs activations
activations = []
handle = mlp[1].register_forward_hook(lambda m, i, o: activations.append(o.abs().mean().item()))
compiled_mlp = torch.compile(mlp, backend="eager")
opt = torch.optim.Adam(mlp.parameters(), lr=0.05)
data, labels = torch.randn(10, 4), torch.randn(10, 1)
for step in range(4):
    opt.zero_grad()
    loss = F.mse_loss(compiled_mlp(data), labels)
    loss.backward()
    opt.step()
    print(f"step {step} loss {loss.item():.6f} hook mean {activations[-1]:.6f}")
print("hook ran", len(activations), "times")
handle.remove()

# the recompile limit: past it the function runs eagerly, results unchanged
torch._dynamo.reset()
torch._dynamo.config.recompile_limit = 2
counter = {"n": 0}


@torch.compile(backend="eager")
def scale_by(x, k):
    counter["n"] += 1
    return x * k


print([scale_by(torch.ones(1), k).item() for k in (1.0, 2.0, 3.0, 4.0)])
torch._dynamo.config.recompile_limit = 8
torch._dynamo.reset()
print("disabled compile returns the model:", torch.compile(mlp, disable=True) is mlp)
