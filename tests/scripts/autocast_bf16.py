import torch

# Mixed precision on the CPU: a training loop under torch.autocast('cpu', dtype=torch.bfloat16)
# (linear layers and matmuls run in bfloat16, the loss in float32), the dtypes autocast picks
# for each op, a bfloat16 model and tensor arithmetic, and GradScaler's CPU form.
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(64, 12)
y = (x[:, :4].sum(1) > 0).long()
# LayerNorm without affine parameters: under autocast torch accumulates their gradients in
# bfloat16 (a column sum of 64 rows comes out several units of the last place off), ember in
# float32, so the two would drift apart over the steps.
model = nn.Sequential(nn.Linear(12, 32), nn.GELU(), nn.LayerNorm(32, elementwise_affine=False),
                      nn.Linear(32, 16), nn.SiLU(), nn.Linear(16, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.2)
print(torch.amp.is_autocast_available("cpu"), torch.get_autocast_dtype("cpu"))

for step in range(8):
    with torch.autocast(device_type="cpu", dtype=torch.bfloat16):
        hidden = model[0](x)
        logits = model(x)
        loss = F.cross_entropy(logits, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(f"step {step} loss {loss.item():.4f} logits {logits.dtype} hidden {hidden.dtype}"
          f" loss {loss.dtype} grad {model[0].weight.grad.dtype}")

with torch.autocast("cpu", dtype=torch.bfloat16):
    a, b = torch.randn(3, 4), torch.randn(4, 2)
    product = a @ b
    print(product.dtype, torch.mm(a, b).dtype, (a + 1).dtype, torch.is_autocast_enabled("cpu"))
    print(F.softmax(product, dim=-1).dtype, torch.relu(product).dtype, product.float().dtype)
    with torch.autocast("cpu", enabled=False):
        print("disabled", (a @ b).dtype)
print("outside", (a @ b).dtype, torch.is_autocast_enabled("cpu"))
print(product)

half_model = nn.Linear(4, 2).to(torch.bfloat16)
inputs = torch.linspace(-1, 1, 8).reshape(2, 4).bfloat16()
out = half_model(inputs)
print(out.dtype, half_model.weight.dtype, inputs)
print(torch.tensor([1.0, 1 / 3, 1000.5, 1e-3], dtype=torch.bfloat16))
print(torch.finfo(torch.bfloat16), torch.bfloat16.is_floating_point, torch.bfloat16.itemsize)
values = torch.tensor([0.1, 0.2, 0.3]).to(torch.bfloat16)
print(values + values, (values * 3).float(), values.sum(), values.mean().dtype)
print(torch.promote_types(torch.bfloat16, torch.float16), (values + 1.5).dtype,
      (values + torch.tensor([1.0])).dtype)

scaler = torch.amp.GradScaler("cpu", init_scale=2.0 ** 8)
with torch.autocast("cpu", dtype=torch.bfloat16):
    loss = F.cross_entropy(model(x), y)
scaler.scale(loss).backward()
scaler.step(optimizer)
scaler.update()
print(f"scaled step loss {loss.item():.4f} scale {scaler.get_scale()}")
