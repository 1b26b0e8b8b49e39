import torch

# torch.testing as its docs page shows it, the way a user's own test suite calls it:
# assert_close's defaults per dtype, rtol/atol, equal_nan, check_dtype/check_device/
# check_stride/check_layout, containers (lists, dicts, sequences of mixed numbers and tensors),
# the messages of each failure (mismatch counts, greatest differences, the failing index),
# a custom msg (string or callable), and make_tensor's ranges, dtypes and flags.
import math

from torch.testing import assert_close, make_tensor


def check(label, actual, expected, **kwargs):
    try:
        assert_close(actual, expected, **kwargs)
        print(label, "close")
    except (AssertionError, TypeError, ValueError) as error:
        print(label, "->", type(error).__name__)
        print(str(error))


expected = torch.tensor([1.0, 2.0, 3.0])
check("identical", expected, expected.clone())
check("float32 rounding", expected, expected + 1e-6)
check("float32 off", torch.tensor([1.0, 2.5, 3.0]), expected)
check("two off", torch.tensor([[1.0, 2.5], [3.0, 4.0]]), torch.tensor([[1.1, 2.0], [3.0, 4.0]]))
check("rtol/atol", torch.tensor([1.0, 2.5, 3.0]), expected, rtol=0.0, atol=0.6)
check("rtol only", torch.tensor([100.0, 2.0]), torch.tensor([101.0, 2.0]), rtol=0.02, atol=0.0)
check("rtol without atol", expected, expected, rtol=0.1)
check("float64 defaults", torch.tensor([1.0], dtype=torch.float64),
      torch.tensor([1.0 + 1e-8], dtype=torch.float64))
check("float64 tight", torch.tensor([1.0], dtype=torch.float64),
      torch.tensor([1.0 + 1e-6], dtype=torch.float64))
check("float16", torch.tensor([1.0], dtype=torch.float16), torch.tensor([1.0009765625],
                                                                          dtype=torch.float16))
check("bfloat16", torch.tensor([1.0], dtype=torch.bfloat16), torch.tensor([1.0078125],
                                                                            dtype=torch.bfloat16))
check("ints", torch.tensor([1, 2, 3]), torch.tensor([1, 2, 4]))
check("bools", torch.tensor([True, False]), torch.tensor([True, True]))
check("nan", torch.tensor([1.0, math.nan]), torch.tensor([1.0, math.nan]))
check("nan equal", torch.tensor([1.0, math.nan]), torch.tensor([1.0, math.nan]),
      equal_nan=True)
check("inf", torch.tensor([math.inf]), torch.tensor([math.inf]))
check("inf sign", torch.tensor([math.inf]), torch.tensor([-math.inf]))
check("dtype", torch.tensor([1.0]), torch.tensor([1.0], dtype=torch.float64))
check("dtype unchecked", torch.tensor([1.0]), torch.tensor([1.0], dtype=torch.float64),
      check_dtype=False)
check("shape", torch.ones(2, 3), torch.ones(3, 2))
check("stride", torch.ones(2, 3).t().contiguous().t(), torch.ones(2, 3), check_stride=True)
check("stride unchecked", torch.ones(2, 3).t().contiguous().t(), torch.ones(2, 3))
check("complex", torch.tensor([1 + 1j]), torch.tensor([1 + 1.1j]))
check("scalar", 1.0, 1.0 + 1e-9)
check("scalar off", 1.0, 1.5)
check("int scalar", 3, 4)
check("number types", 1, 1.0)
check("tensor vs number", torch.tensor(1.0), 1.0)
check("tensor vs list", torch.tensor([1.0, 2.0]), [1.0, 2.0])
check("lists", [torch.tensor(1.0), 2.0], [torch.tensor(1.0), 2.5])
check("list lengths", [1.0, 2.0], [1.0])
check("dicts", {"a": torch.ones(2), "b": 3}, {"a": torch.ones(2), "b": 3})
check("dict values", {"a": torch.ones(2), "b": torch.zeros(1)},
      {"a": torch.ones(2), "b": torch.ones(1)})
check("dict keys", {"a": 1}, {"b": 1})
check("nested", {"x": [torch.ones(1), (2, torch.tensor([3.0]))]},
      {"x": [torch.ones(1), (2, torch.tensor([3.5]))]})
check("msg string", torch.tensor([1.0]), torch.tensor([2.0]), msg="weights drifted")
check("msg callable", torch.tensor([1.0, 2.0]), torch.tensor([2.0, 2.0]),
      msg=lambda generated: generated.splitlines()[0] + " [custom]")
check("rtol alone", expected, expected, atol=1e-3)
check("unsupported", "abc", "abc")
check("none", None, None)
check("big tensor", torch.arange(1000.0).reshape(10, 100),
      torch.arange(1000.0).reshape(10, 100).index_put_((torch.tensor([7]), torch.tensor([42])),
                                                      torch.tensor(0.0)))
check("all off", torch.zeros(4), torch.ones(4))
check("relative inf", torch.tensor([0.0, 1.0]), torch.tensor([0.0, 0.0]))
check("layout", torch.eye(2).to_sparse(), torch.eye(2))
check("sparse", torch.eye(2).to_sparse(), torch.eye(2).to_sparse())

torch.manual_seed(0)
print(make_tensor((2, 3), dtype=torch.float32, device="cpu", low=-1, high=1))
print(make_tensor((4,), dtype=torch.int64, device="cpu", low=0, high=5))
print(make_tensor((3,), dtype=torch.bool, device="cpu"))
print(make_tensor((2,), dtype=torch.complex64, device="cpu", low=0, high=2))
print(make_tensor((2, 2), dtype=torch.float64, device="cpu", requires_grad=True))
print(make_tensor((3, 2), dtype=torch.float32, device="cpu", noncontiguous=True).stride())
print(make_tensor((2, 2), dtype=torch.float32, device="cpu", exclude_zero=True).count_nonzero())
print(make_tensor((0, 2), dtype=torch.float32, device="cpu").shape,
      make_tensor(3, 2, dtype=torch.uint8, device="cpu", high=3))
for label, kwargs in [("low > high", dict(low=2, high=1)),
                      ("nan bound", dict(low=math.nan)),
                      ("no dtype", dict(dtype=None))]:
    try:
        make_tensor((2,), **{"dtype": torch.float32, "device": "cpu", **kwargs})
    except (ValueError, TypeError) as error:
        print(label, "->", type(error).__name__, error)
