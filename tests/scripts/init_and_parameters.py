import torch
import torch.nn as nn

torch.manual_seed(2024)

layer = nn.Linear(5, 3)
print(layer.weight)
print(layer.bias)
nn.init.xavier_uniform_(layer.weight)
print(layer.weight)
nn.init.kaiming_normal_(layer.weight, mode="fan_out", nonlinearity="relu")
print(layer.weight)
nn.init.kaiming_uniform_(layer.weight, a=0.1)
print(layer.weight)
nn.init.xavier_normal_(layer.weight, gain=nn.init.calculate_gain("tanh"))
print(layer.weight)
nn.init.normal_(layer.weight, mean=0.0, std=0.02)
print(layer.weight)
nn.init.uniform_(layer.weight, -0.1, 0.1)
print(layer.weight)
nn.init.trunc_normal_(layer.weight, std=0.5)
print(layer.weight)
nn.init.orthogonal_(layer.weight)
print(layer.weight @ layer.weight.t())
nn.init.zeros_(layer.bias)
nn.init.constant_(layer.bias, 0.5)
print(layer.bias)
nn.init.ones_(layer.bias)
print(layer.bias)
eye = torch.empty(3, 3)
nn.init.eye_(eye)
print(eye)
print(nn.init.calculate_gain("relu"), nn.init.calculate_gain("leaky_relu", 0.2))

conv = nn.Conv2d(3, 4, 3)
print(conv.weight[0, 0])
print(conv.bias)
emb = nn.Embedding(6, 3, padding_idx=0)
print(emb.weight)
norm = nn.LayerNorm(4)
print(norm.weight, norm.bias)


def init_weights(module):
    if isinstance(module, nn.Linear):
        nn.init.xavier_uniform_(module.weight)
        module.bias.data.fill_(0.01)


model = nn.Sequential(nn.Linear(4, 6), nn.Tanh(), nn.Linear(6, 2))
model.apply(init_weights)
print(model[0].weight)
print(model[2].bias)

print(sum(p.numel() for p in model.parameters()))
print(sum(p.numel() for p in model.parameters() if p.requires_grad))
model[0].weight.requires_grad_(False)
print(sum(p.numel() for p in model.parameters() if p.requires_grad))
for name, p in model.named_parameters():
    print(name, p.shape, p.dtype, p.requires_grad, type(p).__name__)
print(isinstance(model[0].weight, nn.Parameter), isinstance(model[0].weight, torch.Tensor))
p = nn.Parameter(torch.randn(2))
print(p)
print(nn.Parameter(torch.ones(2), requires_grad=False))
model.double()
print(model[2].weight.dtype)
model.float()
print(model[2].weight.dtype)
print(list(model.children())[1], len(list(model.modules())))
