import torch

# How train.py files turn tensors into log lines: f-strings with format specs on 0-d tensors
# (and the error for a vector), %-formatting through __float__/__int__/__index__, str.format,
# round()/math on tensors, json.dumps of .tolist()/.item() metrics, logging.Formatter records,
# numpy interop (np.asarray, .numpy() sharing memory, from_numpy), the warnings copying a tensor
# with torch.tensor() gives, and a CSV writer fed with tensor values.
import csv
import io
import json
import logging
import math
import operator
import warnings

import numpy as np

torch.manual_seed(0)
loss = torch.tensor(0.123456789)
acc = torch.tensor(0.875, dtype=torch.float64)
step = torch.tensor(42)
vec = torch.tensor([1.5, 2.25])

print(f"{loss:.4f} {loss:.2e} {acc:.1%} {acc:>10.3f}| {step:05d} {step:x} {loss}")
print(f"{loss!r} {step!s} {vec}")
for spec in (".3f", "d", ""):
    try:
        print(f"spec {spec!r}:", format(vec, spec))
    except (TypeError, ValueError, RuntimeError) as error:
        print(f"spec {spec!r}:", type(error).__name__, error)
try:
    print(f"{torch.tensor(3):.2f}")
except (TypeError, ValueError) as error:
    print("int tensor with .2f:", type(error).__name__, error)
print("percent %.3f %d %s %r" % (loss, step, acc, step))
print("format {:.5f} {} {:>6}".format(loss, step, step.item()))
print("round", round(loss.item(), 3), round(acc.item()), type(round(acc.item())).__name__)
try:
    print("round tensor", round(loss, 3))
except TypeError as error:
    print("TypeError", error)
print("math", math.sqrt(acc), math.isclose(loss, 0.1234567, rel_tol=1e-6), float(step), int(acc),
      operator.index(step), [10, 20, 30, 40][torch.tensor(2)], hex(step), bool(torch.tensor(0.0)))
try:
    operator.index(acc)
except TypeError as error:
    print("TypeError", error)
try:
    float(vec)
except (TypeError, ValueError, RuntimeError) as error:
    print(type(error).__name__, error)

metrics = {"loss": loss.item(), "acc": acc.item(), "step": step.item(), "vec": vec.tolist(),
           "per_class": torch.tensor([[1, 2], [3, 4]]).tolist(), "flag": torch.tensor(True).item()}
print(json.dumps(metrics, sort_keys=True))
try:
    json.dumps({"loss": loss})
except TypeError as error:
    print("TypeError", error)
print("types", {k: type(v).__name__ for k, v in metrics.items()})

stream = io.StringIO()
logger = logging.getLogger("train")
logger.propagate = False
handler = logging.StreamHandler(stream)
handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
logger.addHandler(handler)
logger.setLevel(logging.INFO)
logger.info("step %d loss %.4f acc %s", step, loss, acc)
logger.info("vector %s", vec)
logger.debug("hidden %s", vec)
print(stream.getvalue(), end="")

# numpy interop
array = np.asarray(vec)
shared = vec.numpy()
shared[0] = 9.0
print("numpy", array.dtype, vec, array is not shared, np.shares_memory(array, shared))
back = torch.from_numpy(np.arange(3, dtype=np.int32))
print("from_numpy", back, back.dtype, torch.as_tensor([1, 2], dtype=torch.float16))
print("np ops", np.mean(vec.numpy()), np.float32(loss), np.array([loss.item()]).dtype)
grad_t = torch.ones(2, requires_grad=True)
try:
    grad_t.numpy()
except RuntimeError as error:
    print("RuntimeError", error)
print("detach().numpy()", grad_t.detach().numpy())

with warnings.catch_warnings(record=True) as log:
    warnings.simplefilter("always")
    copied = torch.tensor(vec)
    torch.tensor(grad_t)
for w in log:
    print(w.category.__name__, str(w.message).replace("torch", "ember")[:110])
print("copy independent", copied.data_ptr() != vec.data_ptr())

out = io.StringIO()
writer = csv.writer(out)
writer.writerow(["epoch", "loss", "acc"])
for epoch in range(3):
    value = loss * (epoch + 1)
    writer.writerow([epoch, f"{value.item():.6f}", acc.item()])
print(out.getvalue().replace("\r\n", "\n"), end="")
