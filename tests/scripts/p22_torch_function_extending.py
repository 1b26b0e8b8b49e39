import torch
import functools
import warnings
from torch.overrides import TorchFunctionMode, handle_torch_function, has_torch_function

# "Extending torch.func / torch with __torch_function__": a duck-typed ScalarTensor, a
# Tensor subclass that logs, a metadata-carrying subclass, and a TorchFunctionMode.

HANDLED_FUNCTIONS = {}


class ScalarTensor:
    def __init__(self, N, value):
        self._N = N
        self._value = value

    def __repr__(self):
        return "ScalarTensor(N={}, value={})".format(self._N, self._value)

    def tensor(self):
        return self._value * torch.eye(self._N)

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        if kwargs is None:
            kwargs = {}
        if func not in HANDLED_FUNCTIONS or not all(
                issubclass(t, (torch.Tensor, ScalarTensor)) for t in types):
            return NotImplemented
        return HANDLED_FUNCTIONS[func](*args, **kwargs)


def implements(torch_function):
    def decorator(func):
        functools.update_wrapper(func, torch_function)
        HANDLED_FUNCTIONS[torch_function] = func
        return func
    return decorator


def ensure_tensor(data):
    if isinstance(data, ScalarTensor):
        return data.tensor()
    return torch.as_tensor(data)


@implements(torch.mean)
def mean(input):
    return float(input._value) / input._N


@implements(torch.add)
def add(input, other):
    try:
        if input._N == other._N:
            return ScalarTensor(input._N, input._value + other._value)
        else:
            raise ValueError("Shape mismatch!")
    except AttributeError:
        return torch.add(ensure_tensor(input), ensure_tensor(other))


d = ScalarTensor(5, 2)
print(d)
print(d.tensor())
print("mean", torch.mean(d))
print("add", torch.add(d, d))
print("add tensor", torch.add(d, torch.ones(5, 5)))
print("wrapped name", mean.__name__, add.__name__)
try:
    torch.mul(d, 3)
except TypeError as err:
    print("TypeError", str(err).split("\n")[0])
print("has_torch_function", has_torch_function((d,)), has_torch_function((torch.ones(1),)))


def my_func(x, scale=2.0):
    if has_torch_function((x,)):
        return handle_torch_function(my_func, (x,), x, scale=scale)
    return x * scale


HANDLED_FUNCTIONS[my_func] = lambda x, scale=2.0: ScalarTensor(x._N, x._value * scale)
print("user function", my_func(torch.ones(2)), my_func(d, scale=3.0))


class LoggingTensor(torch.Tensor):
    calls = []

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        name = getattr(func, "__name__", str(func))
        cls.calls.append(name)
        return super().__torch_function__(func, types, args, kwargs or {})


torch.manual_seed(0)
base = torch.randn(2, 3)
lt = base.as_subclass(LoggingTensor)
out = (lt * 2 + 1).sum(dim=1)
print(type(out).__name__, out.shape, torch.allclose(out.as_subclass(torch.Tensor),
                                                       (base * 2 + 1).sum(1)))
print("calls", LoggingTensor.calls)
LoggingTensor.calls.clear()
s = lt[0]
r = torch.relu(lt)
print(type(s).__name__, type(r).__name__, type(lt.shape).__name__)
print("indexing calls", LoggingTensor.calls)
print("plain after", type(torch.add(base, 1)).__name__)


class MetaTensor(torch.Tensor):
    @staticmethod
    def __new__(cls, data, unit=None):
        t = torch.as_tensor(data).as_subclass(cls)
        t.unit = unit
        return t

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        units = [a.unit for a in args if isinstance(a, MetaTensor) and a.unit is not None]
        with torch._C.DisableTorchFunctionSubclass():
            result = func(*args, **kwargs)
        if isinstance(result, torch.Tensor) and not isinstance(result, MetaTensor):
            result = result.as_subclass(MetaTensor)
        if isinstance(result, MetaTensor):
            result.unit = units[0] if units else None
        return result


m = MetaTensor([1.0, 2.0, 3.0], unit="m")
y = m * 2
print(type(y).__name__, y.unit, y.tolist())
z = torch.cat([m, m])
print("cat", type(z).__name__, z.unit, z.shape)
w = torch.tensor([1.0, 1.0, 1.0], requires_grad=True)
q = (MetaTensor(w, unit="s") ** 2).sum()
q.backward()
print("grad through subclass", w.grad, type(q).__name__, q.unit)


class CountingMode(TorchFunctionMode):
    def __init__(self):
        super().__init__()
        self.counts = {}

    def __torch_function__(self, func, types, args=(), kwargs=None):
        name = getattr(func, "__name__", str(func))
        self.counts[name] = self.counts.get(name, 0) + 1
        return func(*args, **(kwargs or {}))


class ClampMode(TorchFunctionMode):
    def __torch_function__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        if func is torch.exp:
            return out.clamp(max=10.0)
        return out


x = torch.linspace(0, 4, 5)
with CountingMode() as mode:
    torch.exp(x).sum()
    torch.nn.functional.relu(x - 2)
    x.mean()
print("mode counts", sorted(mode.counts.items()))
with ClampMode():
    print("clamped exp", torch.exp(x))
print("outside", torch.exp(x))

with CountingMode() as outer:
    with ClampMode():
        torch.exp(x)
print("nested outer", sorted(outer.counts.items()))

overridable = torch.overrides.get_overridable_functions()
print("overridable has torch.add", torch.add in overridable[torch])
print("ignored has torch.tensor", torch.tensor in torch.overrides.get_ignored_functions())
print("is_tensor_like", torch.overrides.is_tensor_like(d), torch.overrides.is_tensor_like(1.0),
      torch.overrides.is_tensor_like(lt))
lam = torch.overrides.get_testing_overrides()[torch.add]
print("testing override", lam(1, 2), callable(lam))
with warnings.catch_warnings():
    warnings.simplefilter("error")
    print("is_tensor_method_or_property", torch.overrides.is_tensor_method_or_property(
        torch.Tensor.add), torch.overrides.is_tensor_method_or_property(torch.add))
