"""Tensors mixed with NumPy values as torch mixes them: a NumPy scalar on either side acts as a
Python number (the tensor's reflected op runs, so the result is a tensor of the tensor's dtype,
recorded for autograd: np.sqrt(d) * t was a float64 NumPy array), a NumPy ufunc applied to a
tensor gives a tensor (bool results as uint8, as torch's __array_wrap__ gives them), and
``tensor <op> array`` is NumPy's result wrapped as an unrecorded tensor."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import CPU_NUMPY, TORCH, cpu_only

import ember

SCALARS = [np.float32(2), np.float64(2), np.int64(2), np.bool_(True), np.sqrt(2.0), np.pi]
OPS = [("mul", lambda v, t: v * t), ("add", lambda v, t: v + t), ("sub", lambda v, t: v - t),
       ("div", lambda v, t: v / t), ("lt", lambda v, t: v < t), ("pow", lambda v, t: v ** t)]


def _same(ours, lib_result):
    assert type(ours) is ember.Tensor
    assert str(ours.dtype).replace("ember.", "") == str(lib_result.dtype).replace("torch.", "")
    np.testing.assert_array_equal(ours.detach().cpu().numpy(), lib_result.detach().numpy())


@pytest.mark.parametrize("scalar", SCALARS, ids=[type(s).__name__ + str(s) for s in SCALARS])
@pytest.mark.parametrize("name, op", OPS, ids=[o[0] for o in OPS])
def test_numpy_scalar_on_the_left_acts_as_a_python_number(scalar, name, op):
    x = ember.tensor([1.0, 2.0])
    out = op(scalar, x)
    assert type(out) is ember.Tensor
    assert out.dtype is (ember.bool if name == "lt" else ember.float32)
    if TORCH is not None:
        _same(out, op(scalar, TORCH.tensor([1.0, 2.0])))


def test_numpy_scalar_times_a_tensor_is_recorded():
    w = ember.ones(2, requires_grad=True)
    y = (np.sqrt(4.0) * w).sum()
    assert y.grad_fn is not None
    y.backward()
    assert w.grad.tolist() == [2.0, 2.0]


UFUNCS = [("exp", lambda t: np.exp(t)), ("add", lambda t: np.add(t, 1)),
          ("clip", lambda t: np.clip(t, 0, 1.5)), ("isnan", lambda t: np.isnan(t)),
          ("sqrt 0-d", lambda t: np.sqrt(t[0])), ("matmul", lambda t: np.matmul(t, t))]


@pytest.mark.parametrize("name, call", UFUNCS, ids=[u[0] for u in UFUNCS])
def test_numpy_functions_on_a_tensor_give_a_tensor(name, call):
    t = ember.tensor([1.0, 2.0])
    if not t.is_cpu:  # NumPy cannot read a device tensor, and torch copies nothing over for it
        with pytest.raises(TypeError, match=f"can't convert {t.device} device type tensor"):
            call(t)
        return
    out = call(t)
    assert type(out) is ember.Tensor
    if name == "isnan":
        assert out.dtype is ember.uint8  # torch's __array_wrap__ turns bool into uint8
    if TORCH is not None:
        _same(out, call(TORCH.tensor([1.0, 2.0])))


ARRAYS = [np.array(2.0), np.array([2.0, 3.0]), np.array([2, 3]),
          np.array([2.0, 3.0], dtype=np.float32)]


@pytest.mark.parametrize("array", ARRAYS, ids=["0-d", "float64", "int64", "float32"])
@pytest.mark.parametrize("name, op", [("mul", lambda t, a: t * a), ("sub", lambda t, a: t - a),
                                      ("eq", lambda t, a: t == a)])
def test_tensor_with_an_array_on_the_right(array, name, op):
    t = ember.tensor([1.0, 2.0])
    if not t.is_cpu:
        # torch hands the array to NumPy, which refuses a device tensor (no silent copy); ==
        # takes the array as a CPU tensor, which joins a device tensor only when 0-d.
        if name != "eq":
            with pytest.raises(TypeError, match=f"can't convert {t.device} device type tensor"):
                op(t, array)
        elif array.ndim:
            with pytest.raises(RuntimeError, match="Expected all tensors to be on the same"):
                op(t, array)
        else:
            assert op(t, array).tolist() == [False, True]
        return
    out = op(t, array)
    assert type(out) is ember.Tensor  # t == array compared elementwise (it answered False)
    if TORCH is not None:
        _same(out, op(TORCH.tensor([1.0, 2.0]), array))


def test_tensor_not_equal_to_an_array_is_identity_as_in_torch():
    """torch's Tensor.__ne__ leaves an array to Python, which compares identities."""
    assert (ember.tensor([1.0, 2.0]) != np.array([1.0, 2.0])) is True


def test_ordering_a_tensor_against_an_array_is_refused_as_in_torch():
    with pytest.raises(TypeError, match="'>' not supported"):
        ember.tensor([1.0, 2.0]) > np.array([0.0, 3.0])


NAMED_WITH_AN_ARRAY = {
    "add": lambda lib, t, a: t.add(a), "sub": lambda lib, t, a: t.sub(a),
    "mul": lambda lib, t, a: t.mul(a), "rsub": lambda lib, t, a: lib.rsub(t, a),
    "multiply": lambda lib, t, a: lib.multiply(t, a), "add_": lambda lib, t, a: t.add_(a),
    "torch.add": lambda lib, t, a: lib.add(t, a), "eq": lambda lib, t, a: t.eq(a),
    "torch.lt": lambda lib, t, a: lib.lt(t, a), "ge_": lambda lib, t, a: t.ge_(a)}
NOT_OPERANDS = {"an array": np.array([1.0, 2.0]), "None": None, "a list": [1.0, 2.0],
                "a string": "a"}


@pytest.mark.parametrize("other", NOT_OPERANDS.values(), ids=list(NOT_OPERANDS))
@pytest.mark.parametrize("name", NAMED_WITH_AN_ARRAY)
def test_named_binary_ops_refuse_what_is_not_a_tensor_or_number(name, other):
    """torch's named ops take a tensor or a number: an array (which its operators leave to
    NumPy), None or a list is its parser's TypeError (t.add(array) computed, t.eq(None) and
    t.lt(list) answered NotImplemented, t.add_(array) wrote into t)."""
    call = NAMED_WITH_AN_ARRAY[name]
    t = ember.tensor([1.0, 2.0])
    op = name.split(".")[-1].rstrip("_")
    with pytest.raises(TypeError, match="mul" if op == "multiply" else op):
        call(ember, t, other)
    assert t.tolist() == [1.0, 2.0]
    if TORCH is not None:
        with pytest.raises(TypeError):
            call(TORCH, TORCH.tensor([1.0, 2.0]), other)


@pytest.mark.parametrize("other", [None, [1.0, 2.0], "a", object()],
                         ids=["None", "list", "str", "object"])
def test_comparison_operators_leave_other_operands_to_python(other):
    """== and != fall back to identity (t == "a" is False), the orderings are Python's
    TypeError, as torch's operators answer NotImplemented."""
    t = ember.tensor([1.0, 2.0])
    assert (t == other) is False and (t != other) is True
    with pytest.raises(TypeError, match="'<' not supported"):
        t < other  # noqa: B015 - the comparison is the test


@cpu_only(CPU_NUMPY)
def test_in_place_operator_with_an_array_rebinds_as_in_torch():
    """torch's ``t += array`` leaves t alone: __iadd__ answers NotImplemented and Python
    rebinds the name to ``t + array`` (NumPy's float64 result)."""
    t = ember.tensor([1.0, 2.0])
    alias = t
    t += np.array([1.0, 1.0])
    assert alias.tolist() == [1.0, 2.0] and alias.dtype is ember.float32
    assert t.tolist() == [2.0, 3.0] and t.dtype is ember.float64


# torch's argument parser reads a NumPy scalar as a Python number: NumPy integers as int,
# np.complex128 (a complex) as complex, and every other one (floats of any width, np.bool_,
# np.complex64 without its imaginary part) as float. Beside an integer or bool tensor, or a 0-d
# one, the scalar's own dtype never decides the result's (arange(n) * np.float64(s) is float32).
NUMPY_SCALARS = [np.float64(1.5), np.float32(1.5), np.float16(1.5), np.int64(2), np.int32(2),
                 np.uint8(2), np.bool_(True), np.complex128(1j)]
PROMOTING_OPS = [("add", lambda t, v: t + v), ("rmul", lambda t, v: v * t),
                 ("truediv", lambda t, v: t / v), ("torch.sub", lambda t, v: t.sub(v, alpha=2)),
                 ("where", lambda t, v: t.where(t > 0, v)), ("eq", lambda t, v: t == v)]
TENSORS = {"int64": lambda lib: lib.arange(3), "int32": lambda lib: lib.arange(3).int(),
           "uint8": lambda lib: lib.arange(3).to(lib.uint8),
           "bool": lambda lib: lib.tensor([True, False, True]),
           "float64 0-d": lambda lib: lib.tensor(2.0, dtype=lib.float64),
           "float16": lambda lib: lib.ones(3, dtype=lib.float16)}


# (torch refuses bool subtraction, and a float16 tensor with a complex gives complex32, which
# .numpy() cannot read: its dtype is checked in the test below)
PROMOTION_CASES = [(kind, name, scalar) for kind in TENSORS for name in dict(PROMOTING_OPS)
                   for scalar in NUMPY_SCALARS
                   if not (name == "torch.sub" and "bool" in (kind, type(scalar).__name__))
                   and not (kind == "float16" and isinstance(scalar, complex))]


@pytest.mark.parametrize("kind, name, scalar", PROMOTION_CASES,
                         ids=[f"{k}-{n}-{s!r}" for k, n, s in PROMOTION_CASES])
def test_numpy_scalar_promotes_as_a_python_number(kind, name, scalar):
    if TORCH is None:
        pytest.skip("compares with torch, which is not installed")
    op, tensor = dict(PROMOTING_OPS)[name], TENSORS[kind]
    _same(op(tensor(ember), scalar), op(tensor(TORCH), scalar))


def test_numpy_scalar_kind_in_promotion_without_torch():
    assert (ember.arange(3) * np.float64(0.5)).dtype is ember.float32
    assert (ember.arange(3) + np.bool_(True)).tolist() == [1.0, 2.0, 3.0]
    assert (ember.tensor([True]) + np.int32(1)).dtype is ember.int64
    assert (ember.ones(2, dtype=ember.float16) * np.float64(2)).dtype is ember.float16
    assert (ember.tensor(1.0, dtype=ember.float64) * np.float32(2)).dtype is ember.float64
    assert (ember.tensor(1, dtype=ember.int32) * np.float64(2)).dtype is ember.float32
    assert (ember.ones(2, dtype=ember.float16) + np.complex128(1j)).dtype is ember.complex32


# Factories read NumPy scalars the same way (a value from an array's element, a label from a
# uint8 image dataset): full/full_like/new_full/fill_ and arange take them as Python numbers,
# and tensor() keeps an unsigned NumPy scalar's own dtype, as torch does.
FACTORY_CASES = {
    "full float32": lambda lib: lib.full((2,), np.float32(1.5)),
    "full bool_": lambda lib: lib.full((2,), np.bool_(True)),
    "full int32": lambda lib: lib.full((2,), np.int32(4)),
    "full float16 into float16": lambda lib: lib.full((2,), np.float16(2.5), dtype=lib.float16),
    "full_like int32 with float32": lambda lib: lib.full_like(lib.ones(2).int(), np.float32(2.5)),
    "new_full int8": lambda lib: lib.ones(2).new_full((3,), np.int8(3)),
    "fill_ bool_": lambda lib: lib.zeros(2).fill_(np.bool_(True)),
    "arange float32": lambda lib: lib.arange(np.float32(2)),
    "arange bool_ start": lambda lib: lib.arange(np.bool_(True), 3),
    "arange float16 keyword": lambda lib: lib.arange(start=np.float16(1), end=3),
    "tensor uint8": lambda lib: lib.tensor(np.uint8(3)),
    "tensor uint8 list": lambda lib: lib.tensor([np.uint8(3), np.uint8(250)]),
    "tensor uint16": lambda lib: lib.tensor(np.uint16(3)),
    "tensor uint32 nested": lambda lib: lib.tensor([[np.uint32(1)], [np.uint32(2)]]),
    "tensor uint8 as int64": lambda lib: lib.tensor(np.uint8(3), dtype=lib.int64),
    "as_tensor uint8": lambda lib: lib.as_tensor(np.uint8(7)),
}


@pytest.mark.parametrize("case", list(FACTORY_CASES))
def test_factories_read_numpy_scalars_as_torch(case):
    ours = FACTORY_CASES[case](ember)
    if TORCH is None:
        assert type(ours) is ember.Tensor
        pytest.skip("compares with torch, which is not installed")
    _same(ours, FACTORY_CASES[case](TORCH))


def test_a_python_int_past_int64_still_overflows():
    with pytest.raises(ValueError, match="Overflow when unpacking long long"):
        ember.tensor([2 ** 63], dtype=ember.int64)
    assert ember.tensor(np.uint8(200)).dtype is ember.uint8


# Data of NumPy scalars as torch's parser reads it: each element's dtype promotes with the
# others' (promote_types, in order), and an integer dtype reads each number as an index.
SCALAR_DATA = {
    "int16 then int8": ([np.int16(300), np.int8(1)], None),
    "uint8 and int8": ([np.uint8(3), np.int8(-1)], None),
    "an int then a uint8": ([1, np.uint8(3)], None),
    "an int then a uint32": ([1, np.uint32(3)], None),
    "a uint32 then a bool": ([np.uint32(3), True], None),
    "uint32 and uint16": ([np.uint32(3), np.uint16(2)], None),
    "a uint32 array and an int64 one": ([np.array([1], dtype=np.uint32), np.array([2])], None),
    "a uint64 scalar": (np.uint64(3), None),
    "uint64 scalars": ([np.uint64(1), np.uint64(2)], None),
    "uint64 scalars as int64": ([np.uint64(1), np.uint64(2)], "int64"),
    "a uint64 past int64's range as int64": ([np.uint64(2 ** 63)], "int64"),
    "a float32 scalar as int64": (np.float32(1.5), "int64"),
    "float16 scalars as int64": ([np.float16(2)], "int64"),
    "a float64 scalar as int64": ([np.float64(1.5)], "int64"),
    "a NumPy bool as int64": ([np.bool_(True)], "int64"),
    "int8 scalars as uint64": ([np.int8(1)], "uint64"),
    "Python ints as uint64": ([1, 2], "uint64"),
    "a datetime64": ([np.datetime64(3, "D")], None),
    "a timedelta64 as int64": (np.timedelta64(3, "D"), "int64"),
    "a float32 scalar as bool": ([np.float32(1.5)], "bool"),
    "a complex64 scalar as bool": ([np.complex64(1), 1j], "bool"),
    "NumPy bools as bool": ([np.bool_(True), 1], "bool"),
    "a float64 scalar as bool": ([np.float64(2.0), 0.0], "bool"),
}


@pytest.mark.parametrize("case", list(SCALAR_DATA))
def test_tensor_of_numpy_scalars_as_torch(case):
    """A silent result where torch refuses ([1, np.uint32(3)] was uint32, np.float32(1.5) as
    int64 truncated), a wrong dtype ([1, np.uint8(3)] was uint8) or a refusal where torch
    computes ([np.int16(300), np.int8(1)] overflowed int8)."""
    data, dtype = SCALAR_DATA[case]
    outcomes = []
    for lib in (ember, TORCH) if TORCH is not None else (ember,):
        try:
            out = lib.tensor(data, dtype=None if dtype is None else getattr(lib, dtype))
        except Exception as exc:  # noqa: BLE001 - the refusal is the outcome compared
            outcomes.append((type(exc).__name__, str(exc).replace("torch", "ember")))
        else:
            outcomes.append((str(out.dtype).split(".")[-1], out.tolist()))
    assert outcomes[0][0] in ("TypeError", "RuntimeError", "ValueError", "int16", "int64",
                              "uint64", "bool")
    if TORCH is None:
        pytest.skip("compares with torch, which is not installed")
    assert outcomes[0] == outcomes[1]
