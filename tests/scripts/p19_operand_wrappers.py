import torch

# User classes that meet tensors in arithmetic, as libraries around PyTorch write them without
# __torch_function__: a lazy linear-operator class (scaling, sums and `tensor @ op` through
# __rmatmul__), a masked-value wrapper whose reflected operators keep the mask, a "Units"
# quantity that accepts tensors on either side, Python's own TypeErrors for lists, None and
# strings on the right of a tensor, and in-place operators falling back to the reflected ones.
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


class Diagonal:
    """A lazy diagonal operator: never materialised."""

    def __init__(self, diag):
        self.diag = diag

    def __rmatmul__(self, other):
        return other * self.diag

    def __matmul__(self, other):
        return self.diag.unsqueeze(-1) * other

    def __rmul__(self, scalar):
        return Diagonal(self.diag * scalar)

    def __radd__(self, other):
        return other + torch.diag(self.diag)

    def __repr__(self):
        return f"Diagonal({self.diag.tolist()})"


class Masked:
    def __init__(self, value, mask):
        self.value, self.mask = value, mask

    def _wrap(self, value):
        return Masked(value, self.mask)

    def __radd__(self, other):
        return self._wrap(other + self.value)

    def __rsub__(self, other):
        return self._wrap(other - self.value)

    def __rmul__(self, other):
        return self._wrap(other * self.value)

    def __rtruediv__(self, other):
        return self._wrap(other / self.value)

    def __rpow__(self, other):
        return self._wrap(other ** self.value)

    def mean(self):
        return (self.value * self.mask).sum() / self.mask.sum()

    def __repr__(self):
        shown = torch.where(self.mask, self.value, torch.full_like(self.value, float("nan")))
        return f"Masked({shown.tolist()})"


class Units:
    def __init__(self, magnitude, unit):
        self.magnitude, self.unit = magnitude, unit

    def __mul__(self, other):
        return Units(self.magnitude * other, self.unit)

    __rmul__ = __mul__

    def __radd__(self, other):
        raise TypeError(f"cannot add a plain tensor to a quantity in {self.unit}")

    def __repr__(self):
        return f"{self.magnitude} {self.unit}"


x = torch.randn(3, 3)
d = Diagonal(torch.tensor([1.0, 2.0, 3.0]))
print(d, x @ d)
print("matches dense", torch.allclose(x @ d, x @ torch.diag(d.diag)),
      torch.allclose(d @ x, torch.diag(d.diag) @ x))
print(2.0 * d, torch.tensor(2.0) * d)
print(torch.zeros(3, 3) + d)

values = torch.tensor([1.0, 2.0, 4.0, 8.0])
m = Masked(values, torch.tensor([True, False, True, True]))
for label, result in (("add", torch.ones(4) + m), ("sub", torch.ones(4) - m),
                      ("mul", torch.full((4,), 3.0) * m), ("div", torch.ones(4) / m),
                      ("pow", torch.full((4,), 2.0) ** m)):
    print(label, result, f"{result.mean().item():.6f}")

w = torch.tensor([1.5, 2.5], requires_grad=True)
force = w * Units(torch.tensor(9.81), "N/kg")
print(force, type(force).__name__)
try:
    torch.ones(2) + Units(1.0, "m")
except TypeError as error:
    print("TypeError:", error)

acc = torch.zeros(3, 3)
acc += d
print("in-place falls back", type(acc).__name__, acc.diagonal())
for other in ([1, 2, 3], None, (1, 2, 3), {"a": 1}):
    for op, fn in (("+", lambda a, b: a + b), ("@", lambda a, b: a @ b),
                   ("<<", lambda a, b: a << b)):
        try:
            fn(torch.ones(3, dtype=torch.int64), other)
            print(op, type(other).__name__, "ok")
        except TypeError as error:
            print("TypeError:", error)
try:
    torch.ones(2) * "ab"
except TypeError as error:
    print("TypeError:", error)
try:
    t = torch.ones(2)
    t -= [1, 2]
except TypeError as error:
    print("TypeError:", error)
print("numbers still work", torch.ones(2) + 1, 2 ** torch.arange(3),
      torch.arange(3.0) @ torch.ones(3))
try:
    torch.arange(3) @ torch.ones(3)
except RuntimeError as error:  # a refusal of a tensor operand stays the op's own error
    print("RuntimeError:", error)
loss = F.mse_loss(x @ d, torch.zeros(3, 3))
print(f"loss {loss.item():.8f}")
