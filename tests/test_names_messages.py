"""Messages and refusals torch gives at the API's edges: factories handed two sizes or a bad
element, and a NumPy array on the left of a tensor operator."""
from __future__ import annotations

import operator

import numpy as np
import pytest
from conftest import CPU_NUMPY, TORCH, cpu_only, requires_torch

import ember

SIZES = [((2, 3), (4,)), ((2,), 3), ([2], [3]), (2, (3,)), (2, 3.5), ((2, 3.5),), ("a",),
         (2, None), (3.5,), (None,), ("tensor", 2.0), ("tensor", [2, 3]), ("tensor", 2),
         (2, ("tensor", 3)), (2, -0)]


def _args(m, args):
    def one(a):
        return m.tensor(a[1]) if isinstance(a, tuple) and a and a[0] == "tensor" else a
    if args and args[0] == "tensor":
        return (m.tensor(args[1]),)
    return tuple(one(a) for a in args)


@requires_torch
@pytest.mark.parametrize("name", ["zeros", "ones", "empty", "rand", "randn"])
@pytest.mark.parametrize("args", SIZES, ids=str)
def test_factory_size_errors_match_torch(name, args):
    def make(m):
        out = getattr(m, name)(*_args(m, args))
        return tuple(out.shape)
    ours, theirs = (_outcome_shape(make, m) for m in (ember, TORCH))
    assert ours == theirs


def _outcome_shape(make, m):
    try:
        return make(m)
    except TypeError as error:
        return "TypeError", str(error).replace("torch.", "ember.")


def test_two_sizes_name_the_factory():
    with pytest.raises(TypeError, match=r"^zeros\(\) takes 1 positional argument but 2 were given"):
        ember.zeros((2, 3), (4,))
    with pytest.raises(TypeError, match=r"^randn\(\) received an invalid combination of arguments "
                                        r"- got \(tuple, tuple\)"):
        ember.randn((2, 3), (4,))


OPERATORS = [operator.add, operator.sub, operator.mul, operator.truediv, operator.floordiv,
             operator.mod, operator.pow, operator.matmul, operator.lt, operator.eq,
             operator.ne]
LEFT = {"array": lambda: np.ones(2), "0-d array": lambda: np.array(2.0),
        "float64": lambda: np.float64(2.0), "float32": lambda: np.float32(3.0),
        "int64": lambda: np.int64(2)}


def _reflected(m, op, left):
    def call():
        return op(LEFT[left](), m.ones(2))
    try:
        result = call()
    except TypeError as error:
        return "TypeError", str(error)
    if isinstance(result, (bool, np.bool_)):
        return bool(result)
    return str(result.dtype).split(".")[-1], result.tolist()


@requires_torch
@pytest.mark.parametrize("op", OPERATORS, ids=lambda op: op.__name__)
@pytest.mark.parametrize("left", [pytest.param(name, marks=cpu_only(CPU_NUMPY))
                                  if name.endswith("array") else name for name in sorted(LEFT)])
def test_numpy_on_the_left_matches_torch(op, left):
    assert _reflected(ember, op, left) == _reflected(TORCH, op, left)


@cpu_only(CPU_NUMPY)
def test_numpy_array_on_the_left_is_refused_on_the_right_converted():
    with pytest.raises(TypeError, match="unsupported operand type"):
        np.ones(2) * ember.ones(2)
    out = ember.ones(2) * np.ones(2)
    assert out.dtype == ember.float64 and out.tolist() == [1.0, 1.0]
    assert (np.float64(2.0) * ember.ones(2)).tolist() == [2.0, 2.0]
    with pytest.raises(TypeError, match="unsupported operand type.*'int' and 'Tensor'"):
        2 @ ember.ones(2)


@pytest.mark.parametrize("value", [2, 2.5])
def test_python_scalars_on_the_left_still_work(value):
    t = ember.tensor([1.0, 2.0])
    assert (value * t).tolist() == [value * 1.0, value * 2.0]
    assert (value + t).tolist() == [value + 1.0, value + 2.0]
    assert (value - t).tolist() == [value - 1.0, value - 2.0]
