import torch

# The "Creation Ops" section of the torch docs page, row by row, with the dtypes and numbers a
# user passes beside the defaults: tensor/as_tensor/asarray from nested lists, NumPy arrays and
# other tensors (shared memory or a copy), zeros/ones/full and their *_like forms with integer,
# bool and half dtypes, arange/range/linspace/logspace, eye, empty_strided's strides,
# complex/polar, heaviside, and randint's bounds, printing each result and each refusal.
import array
import warnings

import numpy as np

torch.manual_seed(11)


def show(label, fn):
    try:
        out = fn()
        print(f"{label:<30}", out)
    except (RuntimeError, ValueError, OverflowError, TypeError, NotImplementedError) as err:
        print(f"{label:<30}", type(err).__name__ + ":", str(err).splitlines()[0])


print("== tensor, as_tensor, asarray, from_numpy, frombuffer")
show("tensor mixed", lambda: torch.tensor([1, 2.5, True]))
show("tensor bool+int", lambda: torch.tensor([True, 2]))
show("tensor complex", lambda: torch.tensor([1, 2j]))
show("tensor int8 300", lambda: torch.tensor([300], dtype=torch.int8))
show("tensor 2**63", lambda: torch.tensor([2 ** 63]))
show("tensor ragged", lambda: torch.tensor([[1, 2], [3]]))
show("tensor empty nested", lambda: torch.tensor([[], []]).shape)
show("tensor of tensors", lambda: torch.tensor([torch.tensor(1.5), torch.tensor(2)]))
arr = np.arange(6, dtype=np.int32).reshape(2, 3)
shared = torch.as_tensor(arr)
arr[0, 0] = 100
print("as_tensor shares", shared[0, 0].item(), shared.dtype)
copied = torch.tensor(arr)
arr[0, 1] = 200
print("tensor copies", copied[0, 1].item())
same = torch.as_tensor(shared, dtype=torch.int32)
print("as_tensor same tensor", same is shared)
cast = torch.as_tensor(shared, dtype=torch.float64)
print("as_tensor cast", cast is shared, cast.dtype)
print("asarray copy=False", torch.asarray(shared, copy=False) is shared)
print("asarray copy=True", torch.asarray(shared, copy=True).data_ptr() == shared.data_ptr())
show("asarray copy=False cast", lambda: torch.asarray(shared, dtype=torch.float64, copy=False))
show("from_numpy float16", lambda: torch.from_numpy(np.array([1.5, 2.25], dtype=np.float16)))
show("from_numpy bool", lambda: torch.from_numpy(np.array([True, False])))
show("from_numpy strided", lambda: torch.from_numpy(arr[:, ::2]).stride())
show("from_numpy object", lambda: torch.from_numpy(np.array([1, "a"], dtype=object)))
buf = array.array("h", [1, -2, 3, -4])
show("frombuffer int16", lambda: torch.frombuffer(buf, dtype=torch.int16))
show("frombuffer offset", lambda: torch.frombuffer(buf, dtype=torch.int16, count=2, offset=4))
show("frombuffer int32", lambda: torch.frombuffer(buf, dtype=torch.int32))
show("frombuffer bad count", lambda: torch.frombuffer(buf, dtype=torch.int32, count=3))

print("== zeros, ones, full, *_like, empty_strided")
show("zeros bool", lambda: torch.zeros(2, 3, dtype=torch.bool))
show("ones int8", lambda: torch.ones((2,), dtype=torch.int8))
show("full int", lambda: torch.full((2, 2), 7))
show("full bool", lambda: torch.full((2,), True))
show("full float", lambda: torch.full((2,), 2.5))
show("full complex", lambda: torch.full((2,), 1 + 2j))
show("full int 2.7", lambda: torch.full((2,), 2.7, dtype=torch.int64))
show("full uint8 -1", lambda: torch.full((2,), -1, dtype=torch.uint8))
show("full int8 300", lambda: torch.full((2,), 300, dtype=torch.int8))
show("full half 1e5", lambda: torch.full((2,), 1e5, dtype=torch.float16))
show("full bool 2", lambda: torch.full((2,), 2, dtype=torch.bool))
base = torch.tensor([[1, 2], [3, 4]], dtype=torch.int16)
show("zeros_like", lambda: torch.zeros_like(base))
show("ones_like float", lambda: torch.ones_like(base, dtype=torch.float32))
show("full_like 2.9", lambda: torch.full_like(base, 2.9))
show("full_like -1 uint8", lambda: torch.full_like(base.to(torch.uint8), -1))
show("empty_like shape", lambda: torch.empty_like(base).shape)
show("empty_strided", lambda: torch.empty_strided((2, 3), (1, 2)).stride())
show("zeros negative", lambda: torch.zeros(2, -1))
show("ones tuple and int", lambda: torch.ones((2, 3), 4))
show("zeros size arg", lambda: torch.zeros(size=(1, 2)))

print("== ranges")
show("arange 5", lambda: torch.arange(5))
show("arange float", lambda: torch.arange(1, 2.5, 0.5))
show("arange int32 1.5", lambda: torch.arange(0, 5, 1.5, dtype=torch.int32))
show("arange bad sign", lambda: torch.arange(0, 5, -1))
show("arange inf", lambda: torch.arange(0, float("inf")))
show("linspace", lambda: torch.linspace(-1, 1, 5))
show("linspace int", lambda: torch.linspace(0.6, 1.4, 3, dtype=torch.int64))
show("linspace steps=1", lambda: torch.linspace(3, 9, 1))
show("linspace no steps", lambda: torch.linspace(0, 1))
show("logspace base 2", lambda: torch.logspace(0, 4, 5, base=2))
show("logspace int", lambda: torch.logspace(0, 3, 4, base=2, dtype=torch.int64))
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    show("range 0..5 step 2", lambda: torch.range(0, 5, 2))
    show("range int 1.5", lambda: torch.range(0, 5, 1.5, dtype=torch.int64))

print("== eye, complex, polar, heaviside, randint")
show("eye", lambda: torch.eye(2, 3, dtype=torch.int64))
show("eye bool", lambda: torch.eye(2, dtype=torch.bool))
show("eye negative", lambda: torch.eye(-1))
show("complex", lambda: torch.complex(torch.tensor([1.0, 2.0]), torch.tensor([3.0, -1.0])))
show("complex float64", lambda: torch.complex(torch.ones(1, dtype=torch.float64),
                                              torch.ones(1, dtype=torch.float64)).dtype)
show("complex int", lambda: torch.complex(torch.tensor([1]), torch.tensor([2])))
show("complex mixed", lambda: torch.complex(torch.ones(1), torch.ones(1, dtype=torch.float64)))
show("polar", lambda: torch.polar(torch.tensor([2.0]), torch.tensor([np.pi / 2])))
show("heaviside", lambda: torch.heaviside(torch.tensor([-1.5, 0.0, 2.0]), torch.tensor([0.5])))
show("heaviside mixed", lambda: torch.heaviside(torch.tensor([-1, 0, 2]), torch.tensor([0.5])))
show("randint", lambda: torch.randint(3, 10, (2, 4)))
show("randint uint8 300", lambda: torch.randint(0, 300, (2,), dtype=torch.uint8))
show("randint bool", lambda: torch.randint(0, 2, (4,), dtype=torch.bool))
show("randint low>=high", lambda: torch.randint(5, 5, (2,)))
show("randint_like", lambda: torch.randint_like(base, 100))
show("randperm int16", lambda: torch.randperm(6, dtype=torch.int16))
