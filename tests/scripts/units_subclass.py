import torch
import torch.nn.functional as F

import collections

# Tensor subclasses as libraries write them: a physical-units tensor whose unit follows every
# op (and refuses to add metres to seconds), and a logging tensor that counts the torch calls
# a training step makes, both used to fit a line by gradient descent.


def _unit_text(powers):
    up = [f"{b}^{p}" if p > 1 else b for b, p in sorted(powers.items()) if p > 0]
    down = [f"{b}^{-p}" if p < -1 else b for b, p in sorted(powers.items()) if p < 0]
    text = "*".join(up) or "1"
    return text + ("/" + "*".join(down) if down else "")


def _flat(values):
    for value in values:
        if isinstance(value, (list, tuple)):
            yield from _flat(value)
        else:
            yield value


class Quantity(torch.Tensor):
    """A tensor with a unit: {base unit: power}."""

    @staticmethod
    def __new__(cls, data, unit, requires_grad=False):
        out = torch.Tensor._make_subclass(cls, data, requires_grad)
        out.powers = dict(unit)
        return out

    def __init__(self, data, unit, requires_grad=False):
        pass

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        name = getattr(func, "__name__", "")
        units = [a.powers for a in _flat(args) if isinstance(a, Quantity) and
                 hasattr(a, "powers")]
        if name in ("add", "sub", "add_", "sub_", "__rsub__", "mse_loss") and len(units) > 1 \
                and any(u != units[0] for u in units):
            raise ValueError(f"{name}: units {[_unit_text(u) for u in units]} do not match")
        result = super().__torch_function__(func, types, args, kwargs)
        if isinstance(result, Quantity) and not hasattr(result, "powers") and units:
            powers = collections.Counter()
            if name in ("mul", "matmul"):
                for u in units:
                    powers.update(u)
            elif name == "div":
                powers.update(units[0])
                if len(units) > 1:
                    powers.subtract(units[1])
            elif name == "mse_loss":
                powers.update({b: 2 * p for b, p in units[0].items()})
            elif name == "pow":
                powers.update({b: p * args[1] for b, p in units[0].items()})
            else:
                powers.update(units[0])
            result.powers = {b: p for b, p in powers.items() if p}
        return result

    @property
    def unit(self):
        return _unit_text(self.powers)


class Logged(torch.Tensor):
    """Counts each torch function called with a Logged tensor."""

    counts = collections.Counter()

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        cls.counts[getattr(func, "__name__", "?")] += 1
        return super().__torch_function__(func, types, args, kwargs or {})


SECOND, METRE = {"s": 1}, {"m": 1}
times = Quantity(torch.linspace(0.0, 2.0, 9), SECOND)
distances = Quantity(3.0 * torch.linspace(0.0, 2.0, 9) + 0.5, METRE)
speed = Quantity(torch.zeros(()), {"m": 1, "s": -1}, requires_grad=True)
start = Quantity(torch.zeros(()), METRE, requires_grad=True)

print("speed:", type(speed).__name__, speed.unit, speed.is_leaf, speed.requires_grad)
print("speed * time:", (speed * times).unit, "time ** 2:", (times ** 2).unit,
      "distance / time:", (distances / times[1:].mean()).unit)
try:
    times + distances
except ValueError as error:
    print("refused:", error)

for step in range(60):
    predicted = speed * times + start
    loss = F.mse_loss(predicted, distances)
    speed.grad = start.grad = None
    loss.backward()
    with torch.no_grad():
        speed -= 0.2 * speed.grad
        start -= 0.2 * start.grad
    if step % 15 == 0:
        print(f"step {step:2d} loss {loss.item():.5f} [{loss.unit}] "
              f"speed {speed.item():.4f} {speed.unit} start {start.item():.4f} {start.unit}")

print("fit:", round(speed.item(), 3), speed.unit, round(start.item(), 3), start.unit)
print("types:", type(loss).__name__, type(speed.grad).__name__, type(speed.detach()).__name__,
      type(speed.data).__name__, speed.grad_fn, (speed * 2).grad_fn.name())

x = torch.linspace(-1.0, 1.0, 6).reshape(3, 2).as_subclass(Logged)
w = torch.tensor([[0.5], [-0.25]])
hidden = torch.tanh(x @ w)
out = F.softplus(hidden).sum() + x.mean()
print(type(hidden).__name__, type(out).__name__, f"{out.item():.5f}")
print(sorted(Logged.counts.items()))
print(repr(torch.arange(4.0).reshape(2, 2).as_subclass(Logged)))
