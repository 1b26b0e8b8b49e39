import torch
import torch.nn as nn

torch.manual_seed(21)
model = nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 3))
activations = {}


def save_activation(name):
    def hook(module, inputs, output):
        activations[name] = output.detach()
        print("forward hook", name, type(module).__name__, tuple(output.shape))
    return hook


handles = [module.register_forward_hook(save_activation(name))
           for name, module in model.named_children()]
pre = model[0].register_forward_pre_hook(lambda module, inputs: print("pre hook", len(inputs)))
x = torch.randn(2, 4)
out = model(x)
print(sorted(activations.keys()), torch.equal(activations["2"], out.detach()))


def backward_hook(module, grad_input, grad_output):
    print("backward hook", type(module).__name__,
          [None if g is None else tuple(g.shape) for g in grad_input],
          [tuple(g.shape) for g in grad_output])


model[2].register_full_backward_hook(backward_hook)
out.sum().backward()
for handle in handles:
    handle.remove()
pre.remove()
model(x)
print("hooks removed")

# feature extraction from a transformer layer's attention block
layer = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, batch_first=True)
calls = []
layer.self_attn.register_forward_hook(lambda m, i, o: calls.append(("self_attn", len(i))))
layer.linear1.register_forward_hook(lambda m, i, o: calls.append(("linear1", len(i))))
layer(torch.randn(1, 3, 8))
print(calls)

# gradient hooks on parameters, and a post-accumulate hook
weight = model[0].weight
weight.register_hook(lambda grad: print("param grad norm", round(grad.norm().item(), 4)))
model.zero_grad()
model(x).pow(2).mean().backward()
print(weight.grad.shape)
counter = []
model[2].bias.register_post_accumulate_grad_hook(lambda p: counter.append(p.grad.sum().item()))
model(x).sum().backward()
print(len(counter), round(counter[0], 4))
state_hooks = model.state_dict(keep_vars=True)
print([type(v).__name__ for v in state_hooks.values()])
