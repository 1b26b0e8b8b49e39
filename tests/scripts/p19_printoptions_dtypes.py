import torch

# What users see when they print: torch.set_printoptions variants (precision, sci_mode on
# and off, linewidth, threshold/edgeitems, profile="short" / "full" / "default") applied to
# tensors of every dtype (bool, uint8, int8..int64, float16, bfloat16, float32, float64,
# complex64, complex128), with nan/inf, negative zero, huge and tiny values, empty and 0-d
# tensors, and tensors carrying requires_grad and grad_fn; and tolist / item of each dtype.
torch.manual_seed(0)
base = torch.tensor([0.0, -0.0, 1.5, -2.25, 1e-5, 123456.789, float("nan"), float("inf"),
                     -float("inf"), 3.0])
dtypes = [torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64,
          torch.float16, torch.bfloat16, torch.float32, torch.float64, torch.complex64,
          torch.complex128]
finite = torch.tensor([0.0, -0.0, 1.5, -2.25, 1e-3, 12.5, 3.0, 100.0])


def show(title):
    print("==", title)
    for dtype in dtypes:
        if dtype.is_floating_point or dtype.is_complex:
            t = base.to(dtype)
            if dtype.is_complex:
                t = t + 0.5j * torch.arange(10).to(dtype)
        else:
            t = finite.abs().to(dtype) if dtype == torch.uint8 else finite.to(dtype)
        print(t)


show("default")
torch.set_printoptions(precision=2)
show("precision=2")
torch.set_printoptions(sci_mode=True)
show("sci_mode=True")
torch.set_printoptions(precision=4, sci_mode=False, linewidth=40)
show("sci_mode=False linewidth=40")
torch.set_printoptions(profile="short")
print("short", torch.arange(2000.0).view(40, 50) / 7)
print("short int", torch.arange(300))
torch.set_printoptions(profile="full")
print("full", torch.arange(1100)[-30:], torch.arange(1100).numel())
print("full summarised?", "..." in str(torch.arange(1100)))
torch.set_printoptions(profile="default")
print("default", torch.linspace(-1, 1, 1200).view(30, 40) ** 3)
torch.set_printoptions(threshold=5, edgeitems=1)
print("threshold5", torch.arange(24.0).view(2, 3, 4))
print("threshold5 bool", torch.arange(10) % 3 == 0)
torch.set_printoptions(profile="default")

print(torch.tensor([]), torch.tensor([], dtype=torch.int64), torch.empty(0, 3))
print(torch.tensor(3.5), torch.tensor(-0.0), torch.tensor(True), torch.tensor(7, dtype=torch.int8))
print(torch.tensor([1e-10, 1.0]), torch.tensor([1e10, 1.0]), torch.tensor([1e-10, 1e10]))
print(torch.tensor([0.1, 0.25], dtype=torch.float16, requires_grad=True))
w = torch.tensor([1.0, 2.0], requires_grad=True)
print(w * 2, (w * 2).sum(), w.double().mean())
print(torch.tensor([[1 + 2j, -0.5j], [3.25, -1 - 1j]]))
print(torch.tensor([1.0, 2.0], dtype=torch.bfloat16) / 3)
print(torch.full((2, 2), 1e-4, dtype=torch.float16))
print(torch.tensor([65504.0, -65504.0, 6e-8], dtype=torch.float16))

for dtype in dtypes:
    t = torch.tensor([1, 0, 2]).to(dtype)
    items = t.tolist()
    print(dtype, items, [type(v).__name__ for v in items], type(t[0].item()).__name__)
print(torch.tensor([[1.5, 2.5]], dtype=torch.bfloat16).tolist(),
      torch.tensor([0.1], dtype=torch.float16).tolist(),
      torch.tensor([0.1]).tolist(), torch.tensor(0.1).item())
print(repr(torch.tensor([1, 2]).shape), torch.tensor([1.0]).dtype, torch.get_default_dtype())
print(f"{torch.tensor(3.14159):.2f}", f"{torch.tensor(7)}", format(torch.tensor(2.5), "8.3f"))
try:
    print(f"{torch.tensor([1.0, 2.0]):.2f}")
except (TypeError, ValueError, RuntimeError) as error:
    print(type(error).__name__, error)
print(str(torch.float16), str(torch.bfloat16), torch.finfo(torch.bfloat16))
print(torch.iinfo(torch.int16), torch.finfo(torch.float16).eps, torch.finfo().tiny)
