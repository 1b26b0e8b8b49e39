import torch

# Gradient clipping and accumulation as the AMP-examples and nn.utils docs pages show them,
# on a model whose layers carry parametrizations (orthogonal, weight_norm, spectral_norm):
# clip_grad_norm_ with each norm type and foreach, get_total_norm + clip_grads_with_norm_
# (the two halves of clip_grad_norm_), clip_grad_value_, error_if_nonfinite, accumulation
# over micro-batches equal to one big batch, parameters_to_vector round trips, and the
# parametrized weights' invariants printed as training runs in float64.
import math

from torch import nn
from torch.nn.utils import parametrize
from torch.nn.utils.parametrizations import orthogonal, spectral_norm, weight_norm

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def make_model():
    torch.manual_seed(1)
    model = nn.Sequential(nn.Linear(6, 6), nn.Tanh(), nn.Linear(6, 8), nn.ReLU(),
                          nn.Linear(8, 3))
    orthogonal(model[0])
    weight_norm(model[2], dim=0)
    spectral_norm(model[4], n_power_iterations=3)
    return model


model = make_model()
print(model)
print(sorted(name for name, _ in model.named_parameters()))
print(sorted(name for name, _ in model.named_buffers()))
print(parametrize.is_parametrized(model[0]), parametrize.is_parametrized(model[0], "bias"),
      type(model[0].parametrizations.weight[0]).__name__)
inputs, targets = torch.randn(16, 6), torch.randint(0, 3, (16,))

optimizer = torch.optim.SGD(model.parameters(), lr=0.2, momentum=0.5)
for step in range(6):
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(inputs), targets)
    loss.backward()
    total = nn.utils.clip_grad_norm_(model.parameters(), max_norm=0.5, foreach=True)
    after = nn.utils.get_total_norm([p.grad for p in model.parameters()])
    optimizer.step()
    w0 = model[0].weight
    print(step, f"{loss.item():.8f}", f"{total.item():.8f}", f"{after.item():.8f}",
          f"{(w0 @ w0.T - torch.eye(6)).abs().max().item() < 1e-10}",
          f"{model[2].weight.norm(dim=1).sub(model[2].parametrizations.weight.original0.squeeze()).abs().max().item() < 1e-10}",
          f"{torch.linalg.matrix_norm(model[4].weight, 2).item():.6f}")

grads = [torch.tensor([3.0, -4.0]), torch.tensor([[1.0, 2.0], [-2.0, 0.5]]), torch.zeros(3)]
for norm_type in (2.0, 1, float("inf"), 0.5, "inf"):
    print(norm_type, nn.utils.get_total_norm(grads, norm_type=norm_type))
print(nn.utils.get_total_norm([]), nn.utils.get_total_norm(torch.tensor([1.0, 1.0])))
params = [nn.Parameter(torch.zeros_like(g)) for g in grads]
for p, g in zip(params, grads):
    p.grad = g.clone()
norm = nn.utils.get_total_norm([p.grad for p in params], norm_type=2.0)
nn.utils.clip_grads_with_norm_(params, max_norm=1.0, total_norm=norm)
print([p.grad for p in params])
for p, g in zip(params, grads):
    p.grad = g.clone()
print(nn.utils.clip_grad_norm_(params, max_norm=100.0), params[0].grad)
nn.utils.clip_grad_value_(params, clip_value=1.5)
print([p.grad for p in params])
params[2].grad = None
print(nn.utils.clip_grad_norm_(params, 1.0, norm_type=1.0), params[2].grad)
nonfinite = nn.Parameter(torch.zeros(2))
nonfinite.grad = torch.tensor([float("inf"), 1.0])
try:
    nn.utils.clip_grad_norm_([nonfinite], 1.0, error_if_nonfinite=True)
except RuntimeError as error:
    print("nonfinite:", error)
print(nn.utils.clip_grad_norm_([nonfinite], 1.0), nonfinite.grad)
print(nn.utils.clip_grad_norm_([], 1.0), nn.utils.clip_grad_norm_(nn.Parameter(torch.ones(2)),
                                                                    1.0))
try:
    nn.utils.clip_grad_norm_(params, 1.0, norm_type="two")
except (RuntimeError, ValueError) as error:
    print("norm_type:", type(error).__name__, error)

# accumulation: four micro-batches of 4 give the gradient of one batch of 16
big = make_model()
small = make_model()
big_loss = nn.functional.cross_entropy(big(inputs), targets)
big_loss.backward()
for chunk_x, chunk_y in zip(inputs.split(4), targets.split(4)):
    (nn.functional.cross_entropy(small(chunk_x), chunk_y) / 4).backward()
print(all(torch.allclose(a.grad, b.grad, atol=1e-12) for a, b in
          zip(big.parameters(), small.parameters())))
print(f"{big_loss.item():.10f}", f"{nn.utils.get_total_norm([p.grad for p in big.parameters()]).item():.10f}")

accumulated = make_model()
optimizer = torch.optim.Adam(accumulated.parameters(), lr=0.01)
accumulation_steps = 2
for step, (chunk_x, chunk_y) in enumerate(zip(inputs.split(4), targets.split(4))):
    loss = nn.functional.cross_entropy(accumulated(chunk_x), chunk_y) / accumulation_steps
    loss.backward()
    if (step + 1) % accumulation_steps == 0:
        norm = nn.utils.clip_grad_norm_(accumulated.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        print("update", step, f"{norm.item():.8f}",
              [p.grad for p in accumulated.parameters()][0])

vector = nn.utils.parameters_to_vector(accumulated.parameters())
print(vector.shape, f"{vector.sum().item():.8f}")
nn.utils.vector_to_parameters(torch.zeros_like(vector), accumulated.parameters())
print(accumulated[0].bias, accumulated[4].parametrizations.weight.original.abs().sum())
try:
    nn.utils.vector_to_parameters(torch.zeros(3), accumulated.parameters())
except RuntimeError as error:
    print("vector_to_parameters:", str(error)[:80])
try:
    nn.utils.parameters_to_vector([nn.Parameter(torch.zeros(2)), nn.Parameter(torch.zeros(
        2, dtype=torch.float32))])
except (RuntimeError, TypeError) as error:
    print("parameters_to_vector:", error)

with parametrize.cached():
    first = model[0].weight
    print(first is model[0].weight)
print(model[0].weight is model[0].weight)
parametrize.remove_parametrizations(model[0], "weight", leave_parametrized=True)
print(type(model[0].weight).__name__, parametrize.is_parametrized(model[0]),
      math.isclose((model[0].weight @ model[0].weight.T).trace().item(), 6.0))
try:
    parametrize.remove_parametrizations(model[0], "weight")
except ValueError as error:
    print("remove:", error)
