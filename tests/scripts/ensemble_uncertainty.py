import torch  # noqa: I001 (the harness requires torch first)
import copy
import torch.nn.functional as F
from torch import nn
from torch.func import functional_call, grad, stack_module_state, vmap

# Predictive uncertainty two ways, as in the torch.func ensembling tutorial and MC-dropout
# papers: a deep ensemble of five MLPs whose weights are stacked (stack_module_state) and
# trained together with vmap over functional_call and torch.func.grad, compared with one
# dropout network sampled many times at test time (MC dropout); the spread of the
# predictions grows away from the training data.

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
x_train = torch.cat([torch.linspace(-3, -1, 20), torch.linspace(1, 3, 20)]).unsqueeze(1)
y_train = torch.sin(x_train) + 0.1 * torch.randn_like(x_train)
x_test = torch.tensor([[-2.0], [0.0], [2.0], [5.0]])


def make_mlp(p=0.0):
    return nn.Sequential(nn.Linear(1, 32), nn.ReLU(), nn.Dropout(p), nn.Linear(32, 1))


models = [make_mlp() for _ in range(5)]
params, buffers = stack_module_state(models)
base = copy.deepcopy(models[0]).to("meta")
print({name: tuple(p.shape) for name, p in params.items()})


def model_loss(p, b, x, y):
    return F.mse_loss(functional_call(base, (p, b), (x,)), y)


loss_and_grads = vmap(grad(model_loss), in_dims=(0, 0, None, None))
losses_of = vmap(model_loss, in_dims=(0, 0, None, None))
predict = vmap(lambda p, b, x: functional_call(base, (p, b), (x,)), in_dims=(0, 0, None))
lr = 0.05
moments = {name: torch.zeros_like(p) for name, p in params.items()}
for step in range(60):
    grads = loss_and_grads(params, buffers, x_train, y_train)
    with torch.no_grad():
        for name in params:
            moments[name] = 0.9 * moments[name] + grads[name]
            params[name] = params[name] - lr * moments[name]
    if step % 15 == 0 or step == 59:
        losses = losses_of(params, buffers, x_train, y_train)
        print(f"step {step:2d} losses per model", [round(v, 6) for v in losses.tolist()])

with torch.no_grad():
    predictions = predict(params, buffers, x_test)
    print("ensemble predictions", tuple(predictions.shape))
    print("mean", predictions.mean(0).squeeze(-1))
    print("std ", predictions.std(0).squeeze(-1))
    loop = torch.stack([functional_call(base, ({k: v[i] for k, v in params.items()}, {}),
                                        (x_test,)) for i in range(5)])
    print("vmap equals a loop", torch.allclose(loop, predictions, rtol=0, atol=1e-12))

dropout_net = make_mlp(p=0.2)
optimizer = torch.optim.Adam(dropout_net.parameters(), lr=0.01, weight_decay=1e-4)
for step in range(150):
    loss = F.mse_loss(dropout_net(x_train), y_train)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 50 == 0 or step == 149:
        print(f"dropout step {step:3d} loss {loss.item():.8f}")

dropout_net.eval()
deterministic = dropout_net(x_test).detach()
dropout_net.train()  # MC dropout: keep the masks random at test time
with torch.no_grad():
    samples = torch.stack([dropout_net(x_test) for _ in range(100)])
print("eval mode ", deterministic.squeeze(-1))
print("mc mean   ", samples.mean(0).squeeze(-1))
print("mc std    ", samples.std(0).squeeze(-1))
print("far point most uncertain:", samples.std(0).argmax().item() == 3,
      predictions.std(0).argmax().item() == 3)
