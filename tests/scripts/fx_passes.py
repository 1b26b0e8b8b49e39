import torch
import torch.nn.functional as F
from torch import fx, nn
from torch.fx.passes.shape_prop import ShapeProp

# torch.fx in a real workflow: trace a small CNN, read its graph and code, rewrite it with
# passes (relu -> gelu, conv+bn fused for eval), propagate shapes, record activations with an
# Interpreter, then train the transformed module next to the original.
torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


class SmallCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(4)
        self.conv2 = nn.Conv2d(4, 8, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(8)
        self.head = nn.Linear(8, 3)

    def forward(self, x):
        x = torch.relu(self.bn1(self.conv1(x)))
        x = F.max_pool2d(x, 2)
        x = F.relu(self.bn2(self.conv2(x)))
        x = F.adaptive_avg_pool2d(x, 1)
        x = x.view(x.size(0), -1)
        return self.head(x)


model = SmallCNN()
x = torch.randn(4, 1, 8, 8)
gm = fx.symbolic_trace(model)
print(gm.graph)
print(gm.code)
for node in gm.graph.nodes:
    print(node.op, node.name, node.target if isinstance(node.target, str) else
          node.target.__name__, [a.name for a in node.all_input_nodes], len(node.users))
print(torch.equal(gm(x), model(x)))


def relu_to_gelu(gm):
    """Swap every relu (torch.relu and F.relu) for F.gelu."""
    for node in gm.graph.nodes:
        if node.op == "call_function" and node.target in (torch.relu, F.relu):
            with gm.graph.inserting_after(node):
                gelu = gm.graph.call_function(F.gelu, node.args)
            node.replace_all_uses_with(gelu)
            gm.graph.erase_node(node)
    gm.recompile()
    return gm


def fuse_conv_bn(gm):
    """Fold each BatchNorm that follows a conv into the conv's weight and bias (eval only)."""
    modules = dict(gm.named_modules())
    for node in list(gm.graph.nodes):
        if node.op != "call_module" or not isinstance(modules[node.target], nn.BatchNorm2d):
            continue
        conv_node = node.args[0]
        conv, bn = modules[conv_node.target], modules[node.target]
        scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
        fused = nn.Conv2d(conv.in_channels, conv.out_channels, conv.kernel_size,
                          padding=conv.padding)
        with torch.no_grad():
            fused.weight.copy_(conv.weight * scale.reshape(-1, 1, 1, 1))
            fused.bias.copy_((conv.bias - bn.running_mean) * scale + bn.bias)
        setattr(gm, conv_node.target, fused)
        node.replace_all_uses_with(conv_node)
        gm.graph.erase_node(node)
    gm.graph.lint()
    gm.delete_all_unused_submodules()
    gm.recompile()
    return gm


model.train()
for _ in range(2):
    model(torch.randn(8, 1, 8, 8))
model.eval()
fused = fuse_conv_bn(fx.symbolic_trace(model))
print(fused.code)
print(fused)
print("fused max diff < 1e-12:", bool((fused(x) - model(x)).abs().max() < 1e-12))

gelu_gm = relu_to_gelu(fx.symbolic_trace(model))
print(gelu_gm.code)
print([n.target.__name__ for n in gelu_gm.graph.nodes if n.op == "call_function"])

ShapeProp(gelu_gm).propagate(x)
for node in gelu_gm.graph.nodes:
    meta = node.meta.get("tensor_meta")
    if meta is not None:
        print(f"{node.name:>20} {tuple(meta.shape)} {meta.dtype} {meta.stride}")


class ActivationMeans(fx.Interpreter):
    def __init__(self, module):
        super().__init__(module)
        self.means = {}

    def run_node(self, n):
        result = super().run_node(n)
        if n.op in ("call_module", "call_function") and isinstance(result, torch.Tensor):
            self.means[n.name] = result.mean().item()
        return result


recorder = ActivationMeans(gelu_gm)
out = recorder.run(x)
print(torch.allclose(out, gelu_gm(x)))
for name, mean in recorder.means.items():
    print(f"{name:>20} {mean:+.6f}")

# Train the transformed module next to the same network written by hand with gelu: the same
# losses and gradients step by step.
class GeluCNN(SmallCNN):
    def forward(self, x):
        x = F.gelu(self.bn1(self.conv1(x)))
        x = F.max_pool2d(x, 2)
        x = F.gelu(self.bn2(self.conv2(x)))
        x = F.adaptive_avg_pool2d(x, 1)
        return self.head(x.view(x.size(0), -1))


by_hand = GeluCNN()
by_hand.load_state_dict(gelu_gm.state_dict())
torch.manual_seed(1)
data, target = torch.randn(16, 1, 8, 8), torch.randint(0, 3, (16,))
gelu_gm.train()
by_hand.train()
optimizers = [torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9) for m in (gelu_gm, by_hand)]
for step in range(3):
    losses = []
    for module, optimizer in zip((gelu_gm, by_hand), optimizers):
        optimizer.zero_grad()
        loss = F.cross_entropy(module(data), target)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    print(step, f"{losses[0]:.10f}", losses[0] == losses[1],
          f"{gelu_gm.conv1.weight.grad.norm().item():.10f}",
          torch.equal(gelu_gm.conv1.weight.grad, by_hand.conv1.weight.grad))
print(sorted(gelu_gm.state_dict()) == sorted(model.state_dict()))
