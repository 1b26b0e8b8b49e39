"""Tensor itself: creation functions, attributes, conversions, Python protocols, printing
through ``repr(tensor)``, and dtype promotion (hypothesis against torch)."""
from __future__ import annotations

import re
import subprocess
import sys
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ember
from tests.conftest import CPU_PRINTOUT, CPU_RNG, INSTALL, TORCH, cpu_only, requires_torch

DTYPE_NAMES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32",
               "float64"]


def same(ours, theirs, check_values=True):
    """An ember tensor equals a torch tensor: shape, dtype and (optionally) values."""
    assert tuple(ours.shape) == tuple(theirs.shape)
    assert str(ours.dtype).replace("ember", "torch") == str(theirs.dtype)
    if check_values:
        np.testing.assert_array_equal(ours.cpu().numpy(), theirs.cpu().numpy())


# --- creation -------------------------------------------------------------------------------

CREATIONS = [
    lambda lib: lib.tensor([1, 2, 3]), lambda lib: lib.tensor([1.5, 2]),
    lambda lib: lib.tensor([[True, False]]), lambda lib: lib.tensor(3),
    lambda lib: lib.tensor(2.5), lambda lib: lib.tensor([1, 2.5, True]),
    lambda lib: lib.tensor([]), lambda lib: lib.tensor([[1, 2], [3, 4]], dtype=lib.float16),
    lambda lib: lib.tensor(np.arange(3, dtype=np.int32)),
    lambda lib: lib.tensor(np.float64(1.5)), lambda lib: lib.tensor([np.float32(1.5)]),
    lambda lib: lib.Tensor([1, 2]), lambda lib: lib.Tensor(2, 3).zero_(),
    lambda lib: lib.zeros(2, 3), lambda lib: lib.zeros((2, 3), dtype=lib.int64),
    lambda lib: lib.ones(4), lambda lib: lib.ones([2, 2], dtype=lib.bool),
    lambda lib: lib.full((2, 2), 7), lambda lib: lib.full((2,), 1.5),
    lambda lib: lib.full((2,), True), lambda lib: lib.full((1, 3), 2, dtype=lib.float64),
    lambda lib: lib.arange(5), lambda lib: lib.arange(1, 4, 0.5), lambda lib: lib.arange(5.0),
    lambda lib: lib.arange(10, 0, -3), lambda lib: lib.arange(0, 1, 0.1),
    lambda lib: lib.arange(3, dtype=lib.float32),
    lambda lib: lib.linspace(0, 1, 5), lambda lib: lib.linspace(-3, 7, 11),
    lambda lib: lib.linspace(0, 1, 1), lambda lib: lib.linspace(2, 5, 7, dtype=lib.float64),
    lambda lib: lib.logspace(0, 2, 3), lambda lib: lib.logspace(0, 3, 4, base=2.0),
    lambda lib: lib.eye(3), lambda lib: lib.eye(2, 4), lambda lib: lib.eye(3, dtype=lib.int64),
    lambda lib: lib.zeros_like(lib.ones(2, 3, dtype=lib.int32)),
    lambda lib: lib.ones_like(lib.ones(2)), lambda lib: lib.full_like(lib.ones(3), 4),
    lambda lib: lib.full_like(lib.arange(3), 2.7),
    lambda lib: lib.ones(2, 3).new_zeros(4), lambda lib: lib.ones(2).new_ones((1, 2)),
    lambda lib: lib.ones(2, dtype=lib.int64).new_tensor([1.7, 2]),
    lambda lib: lib.ones(2).new_full((3,), 5),
]


@requires_torch
@pytest.mark.parametrize("index", range(len(CREATIONS)))
def test_creation_matches_torch(index):
    same(CREATIONS[index](ember), CREATIONS[index](TORCH))


@requires_torch
@pytest.mark.parametrize("ends", [(-1, 1), (0, 10), (-3.5, 2.25), (0, 2 * np.pi), (5, -5)],
                         ids=str)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_linspace_is_bitwise_torch(ends, dtype):
    # torch's linspace rounds the ends and the step to the dtype and forms each point with one
    # fused multiply-add; two roundings (and a float64 step for float32) gave points an ulp
    # away, enough to move an identity affine grid off exact pixel centres.
    for steps in (2, 7, 8, 12, 33, 64, 101, 1000):
        ours = ember.linspace(*ends, steps, dtype=getattr(ember, dtype)).cpu().numpy()
        theirs = TORCH.linspace(*ends, steps, dtype=getattr(TORCH, dtype)).numpy()
        assert ours.tobytes() == theirs.tobytes(), steps


# Float bounds of an integral arange or linspace are read in that dtype as torch's kernels read
# them: truncated toward zero (int64 arange counts from the truncated bounds, the narrower
# dtypes from the exact ones) and wrapped into an unsigned dtype. ember stepped by the float
# and truncated each value (arange(0, 5, 1.5, dtype=int32) gave [0, 1, 3, 4] for [0, 1, 2, 3]).
INTEGRAL_RANGES = [
    (lambda t: t.arange(0, 5, 1.5, dtype=t.int32), [0, 1, 2, 3]),
    (lambda t: t.arange(-1.5, 3, 1, dtype=t.int64), [-1, 0, 1, 2]),
    (lambda t: t.arange(0, 3.5, dtype=t.int64), [0, 1, 2]),
    (lambda t: t.arange(2.5, 0.4, -1, dtype=t.int64), [2, 1]),
    (lambda t: t.arange(-0.5, 0.4, 1, dtype=t.int64), []),
    (lambda t: t.arange(0, 10, 2.5, dtype=t.uint8), [0, 2, 4, 6]),
    (lambda t: t.arange(-3.5, 0, 1, dtype=t.uint8), [253, 254, 255, 0]),
    (lambda t: t.arange(0.2, 3.7, 0.9, dtype=t.int16), [0, 0, 0, 0]),
    (lambda t: t.linspace(0.6, 1.4, 3, dtype=t.int64), [0, 0, 1]),
    (lambda t: t.linspace(-2, 5, 4, dtype=t.uint8), [254, 171, 88, 5]),
    (lambda t: t.linspace(-0.5, 9.9, 7, dtype=t.int16), [0, 1, 3, 4, 6, 7, 9]),
    # the deprecated inclusive range counts floor((end - start) / step) + 1 values: it stepped
    # past end when step did not divide the span (range(0, 5, 2) gave [0, 2, 4, 6])
    (lambda t: t.range(0, 5, 2), [0.0, 2.0, 4.0]),
    (lambda t: t.range(5, 0, -2, dtype=t.int64), [5, 3, 1]),
    (lambda t: t.range(0, 2.6, 1, dtype=t.float64), [0.0, 1.0, 2.0]),
    (lambda t: t.range(0, 5.5, 1.5, dtype=t.float16), [0.0, 1.5, 3.0, 4.5]),
    (lambda t: t.range(0, 1, 0.25), [0.0, 0.25, 0.5, 0.75, 1.0]),
    (lambda t: t.range(0, 5, 1.5, dtype=t.int64), [0, 1, 2, 3, 4, 5]),
    (lambda t: t.range(-2.5, 3.9, 2.5, dtype=t.uint8), [254, 0, 2]),
]


@pytest.mark.parametrize("case", range(len(INTEGRAL_RANGES)))
def test_integral_ranges_read_float_bounds_in_the_dtype(case):
    fn, expected = INTEGRAL_RANGES[case]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # range's deprecation
        assert fn(ember).tolist() == expected
        if TORCH is not None:
            assert fn(TORCH).tolist() == expected


@pytest.mark.parametrize("fn, error, message", [
    (lambda t: t.arange(0, 2, 0.5, dtype=t.int64), ValueError, "^step must be nonzero$"),
    (lambda t: t.arange(0, 2, 0.0, dtype=t.int64), RuntimeError, "^step must be nonzero$"),
    (lambda t: t.arange(0, 1e30, 1, dtype=t.int64), RuntimeError,
     "^value cannot be converted to type int64_t without overflow$"),
    (lambda t: t.arange(0, 1e30, 1, dtype=t.int32), RuntimeError,
     "^invalid size, possible overflow\\?$"),
    (lambda t: t.linspace(300, 0, 4, dtype=t.uint8), RuntimeError,
     "^value cannot be converted to type uint8_t without overflow$"),
    (lambda t: t.linspace(float("nan"), 1, 3, dtype=t.int64), RuntimeError,
     "^value cannot be converted to type int64_t without overflow$"),
    (lambda t: t.range(0, 5, 1, dtype=t.complex64), NotImplementedError,
     "^\"range_cpu\" not implemented for 'ComplexFloat'$"),
    (lambda t: t.range(0, 5, -1), RuntimeError,
     "^upper bound and lower bound inconsistent with step sign$"),
])
def test_integral_range_bounds_the_dtype_cannot_take(fn, error, message):
    for lib in (ember, TORCH) if TORCH is not None else (ember,):
        with pytest.raises(error, match=message), warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            fn(lib)


@cpu_only(CPU_RNG)
@requires_torch
def test_seeded_random_creation_matches_torch():
    for lib in (ember, TORCH):
        lib.manual_seed(7)
    for fn in (lambda lib: lib.rand(3, 2), lambda lib: lib.randn(4),
               lambda lib: lib.randint(0, 10, (5,)), lambda lib: lib.randperm(6),
               lambda lib: lib.normal(2.0, 3.0, (3,)),
               lambda lib: lib.bernoulli(lib.full((6,), 0.5))):
        ours, theirs = fn(ember), fn(TORCH)
        same(ours, theirs, check_values=False)
        np.testing.assert_allclose(ours.cpu().numpy(), theirs.cpu().numpy(), rtol=1e-6)


def test_manual_seed_reproduces_and_generator_is_independent():
    ember.manual_seed(3)
    first = ember.randn(5)
    ember.manual_seed(3)
    assert ember.equal(first, ember.randn(5))
    assert ember.initial_seed() == 3
    # A generator of the draws' device, seeded alike, repeats the default one's draws.
    gen = ember.Generator(device=first.device).manual_seed(3)
    assert ember.equal(ember.randn(5, generator=gen), first)


def test_from_numpy_shares_memory_and_as_tensor_avoids_copies():
    arr = np.arange(4.0)
    shared = ember.from_numpy(arr)
    arr[0] = 10.0
    assert shared[0].item() == 10.0
    assert ember.as_tensor(arr).cpu().numpy() is arr or np.shares_memory(
        ember.as_tensor(arr).cpu().numpy(), arr)
    t = ember.ones(2)
    assert ember.as_tensor(t) is t
    assert ember.as_tensor(t, dtype=ember.float64).dtype == ember.float64
    copied = ember.tensor(arr)
    arr[1] = -1.0
    assert copied[1].item() == 1.0


CREATION_ERRORS = [
    (lambda lib: lib.tensor([[1, 2], [3]]), ValueError),
    (lambda lib: lib.zeros(-1), RuntimeError),
    (lambda lib: lib.arange(0, 5, 0), RuntimeError),
    (lambda lib: lib.arange(5, 0, 1), RuntimeError),
    (lambda lib: lib.linspace(0, 1, -1), RuntimeError),
    (lambda lib: lib.randn(2, dtype=lib.int64), NotImplementedError),
    (lambda lib: lib.tensor([[1, 2], [3, 4, 5]]), ValueError),
    (lambda lib: lib.tensor([[[1], [2]], [[3], [4, 5]]]), ValueError),
    (lambda lib: lib.zeros(2, -3), RuntimeError),
    (lambda lib: lib.ones(2, -3), RuntimeError),
    (lambda lib: lib.empty(-2), RuntimeError),
    (lambda lib: lib.tensor([1, 2], requires_grad=True), RuntimeError),
    (lambda lib: lib.from_numpy(np.array(["a"])), TypeError),
    (lambda lib: lib.tensor(object()), RuntimeError),
    # NumPy arrays that step backwards: torch asks for a copy
    (lambda lib: lib.from_numpy(np.arange(3.0)[::-1]), ValueError),
    (lambda lib: lib.tensor(np.arange(6.0).reshape(2, 3)[:, ::-1]), ValueError),
    (lambda lib: lib.as_tensor(np.flip(np.arange(4))), ValueError),
    (lambda lib: lib.asarray(np.arange(3.0)[::-1]), ValueError),
]


@pytest.mark.parametrize("fn,kind", CREATION_ERRORS)
def test_creation_errors(fn, kind):
    if TORCH is None:
        with pytest.raises(Exception):
            fn(ember)
        return
    with pytest.raises(Exception) as theirs:
        fn(TORCH)
    with pytest.raises(type(theirs.value)) as ours:
        fn(ember)
    assert type(theirs.value) is kind
    assert str(ours.value).replace("ember", "torch") == str(theirs.value)


@pytest.mark.parametrize("data, dtype", [(1e6, "float16"), ([1e40, -1e40], "float32"),
                                         (1e300, "bfloat16")])
def test_tensor_of_floats_beyond_the_dtype_is_inf_without_a_warning(data, dtype):
    if not hasattr(ember, dtype):
        pytest.skip(f"ember.{dtype} needs ml_dtypes")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # NumPy's overflow RuntimeWarning leaked here
        out = ember.tensor(data, dtype=getattr(ember, dtype))
    assert np.isinf(out.float().cpu().numpy()).all()
    if TORCH is not None:
        expected = TORCH.tensor(data, dtype=getattr(TORCH, dtype)).float().numpy()
        np.testing.assert_array_equal(out.float().cpu().numpy(), expected)


@pytest.mark.parametrize("target", ["long", "int", "short", "half", "float"])
def test_converting_nan_inf_and_huge_floats_does_not_warn(target):
    # torch converts them silently (the integers it gives are the CPU's, so not compared)
    x = ember.tensor([float("nan"), float("inf"), -float("inf"), 1e300, 2.5], dtype=ember.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = getattr(x, target)()
    assert out.shape == x.shape and out[-1].item() == (2 if target in ("long", "int", "short")
                                                       else 2.5)


_OPERATORS = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
              "/": lambda a, b: a / b, "//": lambda a, b: a // b, "%": lambda a, b: a % b,
              "**": lambda a, b: a ** b, "@": lambda a, b: a @ b, "&": lambda a, b: a & b,
              "|": lambda a, b: a | b, "^": lambda a, b: a ^ b, "<<": lambda a, b: a << b}


@requires_torch
@pytest.mark.parametrize("op", sorted(_OPERATORS))
def test_operators_defer_to_the_other_operand_like_torch(op):
    # torch's operators answer NotImplemented to an operand they refuse: a user class's
    # reflected method then runs, or Python raises its own TypeError
    class Reflecting:
        pass
    for name in ("__radd__", "__rsub__", "__rmul__", "__rtruediv__", "__rfloordiv__",
                 "__rmod__", "__rpow__", "__rmatmul__", "__rand__", "__ror__", "__rxor__",
                 "__rlshift__"):
        setattr(Reflecting, name, lambda self, other, name=name: name)

    def outcomes(lib):
        x = lib.ones(2, dtype=lib.int64)
        results = [_OPERATORS[op](x, Reflecting())]
        for other in ([1, 2], None, "a"):
            try:
                results.append(_OPERATORS[op](x, other))
            except TypeError as error:
                results.append(str(error))
        y = lib.ones(2, dtype=lib.int64)
        try:
            y += [1, 2]
        except TypeError as error:
            results.append(str(error))
        return results
    assert outcomes(ember) == outcomes(TORCH)


def test_tensor_of_a_tensor_warns():
    with pytest.warns(UserWarning, match="To copy construct from a tensor"):
        ember.tensor(ember.ones(2))


# --- attributes ---------------------------------------------------------------------------

def test_shape_size_dim_numel():
    x = ember.zeros(2, 3, 4)
    assert x.shape == (2, 3, 4) and isinstance(x.shape, ember.Size)
    assert repr(x.shape) == "ember.Size([2, 3, 4])"
    assert x.size() == x.shape and x.size(1) == 3 and x.size(-1) == 4
    assert x.dim() == x.ndim == 3 and x.numel() == 24 and len(x) == 2
    with pytest.raises(IndexError, match=r"Dimension out of range \(expected to be in range of "
                                         r"\[-3, 2\], but got 3\)"):
        x.size(3)


@requires_torch
@pytest.mark.parametrize("dim", [0, -1, 1, -2])
@pytest.mark.parametrize("method", ["size", "stride"])
def test_size_and_stride_of_a_0d_tensor_raise_torchs_index_error(method, dim):
    # a 0-d tensor has no dimension to wrap -1 into: torch says so, not "out of range"
    messages = []
    for lib in (ember, TORCH):
        with pytest.raises(IndexError) as info:
            getattr(lib.tensor(1.5), method)(dim)
        messages.append(str(info.value))
    assert messages[0] == messages[1]
    assert messages[0] == f"Dimension specified as {dim} but tensor has no dimensions"


@requires_torch
@pytest.mark.parametrize("op", [
    lambda s: s * 2, lambda s: 2 * s, lambda s: s * 0, lambda s: s * True, lambda s: s + (5,),
    lambda s: (1,) + s, lambda s: s + s, lambda s: s[::-1], lambda s: s + [5],
    lambda s: [1] + s, lambda s: s + None, lambda s: "a" + s, lambda s: s * 2.0,
])
def test_size_arithmetic_gives_sizes_and_torchs_errors(op):
    def report(lib):
        try:
            result = op(lib.Size([2, 3]))
        except TypeError as error:
            return "TypeError", str(error).replace("torch", "ember")
        return type(result).__name__, tuple(result)
    assert report(ember) == report(TORCH)


@requires_torch
@pytest.mark.parametrize("sizes", [[2, 3.0], [2, None], (2.5,), [True, 2], 5, "ab",
                                   [np.int64(4)], [[2]], [np.float64(2)],
                                   np.array([2, 3], dtype=np.uint8)])
def test_size_takes_only_integers_as_torch(sizes):
    def report(lib):
        try:
            result = lib.Size(sizes)
        except TypeError as error:
            return "TypeError", str(error).replace("torch", "ember")
        return [(type(n).__name__, n) for n in result]
    assert report(ember) == report(TORCH)
    assert [type(n) for n in ember.Size([ember.tensor(3)])] == [int]


@requires_torch
def test_size_of_numpy_integers_prints_as_torchs_and_names_a_float_tensor():
    # torch.Size(np.array(...)) keeps NumPy integers as the sizes, printing them as numbers
    def report(lib):
        sizes = lib.Size(np.array([2, 3]))
        try:
            lib.Size([lib.tensor(2.0)])
        except TypeError as error:
            refused = str(error).replace("torch", "ember")
        return repr(sizes).replace("torch", "ember"), str(sizes) == repr(sizes), sizes == (2, 3), \
            refused
    assert report(ember) == report(TORCH)


@requires_torch
def test_a_tensor_hashes_to_its_id_as_torchs():
    for lib in (ember, TORCH):
        t = lib.ones(2)
        assert hash(t) == id(t)
        table = {t: 1}
        assert table[t] == 1 and lib.ones(2) not in table


@requires_torch
def test_is_view_and_a_subclass_repr_in_str_as_torchs():
    def report(lib):
        x = lib.arange(6.0)
        cases = [x, x.view(2, 3), x[1:], x.clone(), x.detach(), x.reshape(3, 2).t().reshape(6)]

        class Tagged(lib.Tensor):
            def __repr__(self):
                return "Tagged!"
        tagged = lib.Tensor._make_subclass(Tagged, lib.ones(1))
        return [t._is_view() for t in cases], str(tagged), f"{tagged}", str([tagged])
    assert report(ember) == report(TORCH)


@cpu_only("NumPy arrays of CPU tensors")
@requires_torch
def test_numpy_arrays_are_new_objects_over_the_tensors_memory():
    def report(lib):
        t = lib.arange(4.0)
        a, b, c = t.numpy(), np.asarray(t), np.asarray(t, dtype=np.float32)
        a.shape = (2, 2)
        c.shape = (4, 1)
        b[0] = 7.0
        return (a is b, b is c, np.shares_memory(a, b), np.shares_memory(b, c),
                tuple(t.shape), t.tolist())
    assert report(ember) == report(TORCH)


@requires_torch
def test_transposes_match_torch():
    for x in (ember.arange(6.0).reshape(2, 3), TORCH.arange(6.0).reshape(2, 3)):
        assert x.T.shape == (3, 2) and x.mT.shape == (3, 2)
        assert x.T.tolist() == [[0.0, 3.0], [1.0, 4.0], [2.0, 5.0]]
    batch = ember.arange(24.0).reshape(2, 3, 4)
    same(batch.mT, TORCH.arange(24.0).reshape(2, 3, 4).mT)


def test_is_leaf_and_requires_grad():
    x = ember.ones(2, requires_grad=True)
    y = x * 2
    assert x.is_leaf and not y.is_leaf
    assert ember.ones(2).is_leaf and (ember.ones(2) * 2).is_leaf
    assert y.requires_grad and y.grad_fn.name() == "MulBackward0"


REQUIRES_GRAD_CASES = [
    lambda lib: (lib.ones(2, requires_grad=True) * 2).requires_grad_(False),
    lambda lib: setattr(lib.ones(2, requires_grad=True) * 2, "requires_grad", False),
    lambda lib: setattr(lib.ones(2, requires_grad=True) * 2, "requires_grad", True),
    lambda lib: setattr(lib.arange(2), "requires_grad", True),
    lambda lib: lib.arange(2).requires_grad_(),
]


@requires_torch
@pytest.mark.parametrize("fn", REQUIRES_GRAD_CASES)
def test_requires_grad_setter_errors_match_torch(fn):
    messages = []
    for lib in (ember, TORCH):
        with pytest.raises(RuntimeError) as info:
            fn(lib)
        messages.append(str(info.value))
    assert messages[0] == messages[1]


def test_requires_grad_in_place_on_non_leaf_is_allowed():
    y = ember.ones(2, requires_grad=True) * 2
    assert y.requires_grad_() is y and y.requires_grad


@requires_torch
def test_conversions_match_torch():
    for lib in (ember, TORCH):
        x = lib.tensor([[1.5, -2.0], [3.25, 4.0]])
        assert x.tolist() == [[1.5, -2.0], [3.25, 4.0]]
        assert x[0, 0].item() == 1.5 and isinstance(x[0, 0].item(), float)
        assert lib.tensor(3).item() == 3 and isinstance(lib.tensor(3).item(), int)
        assert lib.tensor(True).item() is True
        assert float(lib.tensor([2.5])) == 2.5 and int(lib.tensor(7.9)) == 7
        assert [1, 2, 3][lib.tensor(1)] == 2
        assert np.asarray(x.cpu()).shape == (2, 2)  # a device tensor refuses, as torch's does
        assert f"{lib.tensor(3.14159):.2f}" == "3.14"
        assert f"{lib.tensor(5):>4}" == "   5"
        assert bool(lib.tensor([0.0])) is False and bool(lib.tensor(2))
        assert [row.tolist() for row in x] == x.tolist()
    same(ember.tensor([1, 2]).float(), TORCH.tensor([1, 2]).float())
    for name in ("double", "long", "int", "bool", "half", "float"):
        same(getattr(ember.tensor([0.5, 2.0]), name)(), getattr(TORCH.tensor([0.5, 2.0]), name)())
    same(ember.tensor([1.7]).to(ember.int32), TORCH.tensor([1.7]).to(TORCH.int32))
    same(ember.ones(2).type_as(ember.ones(1, dtype=ember.int16)),
         TORCH.ones(2).type_as(TORCH.ones(1, dtype=TORCH.int16)))


PROTOCOL_ERRORS = [
    lambda lib: lib.ones(2, requires_grad=True).cpu().numpy(),
    lambda lib: np.asarray(lib.ones(2, requires_grad=True)),
    lambda lib: bool(lib.ones(2)),
    lambda lib: bool(lib.ones(0)),
    lambda lib: len(lib.tensor(1.0)),
    lambda lib: iter(lib.tensor(1.0)),
    lambda lib: float(lib.ones(2)),
    lambda lib: int(lib.ones(3)),
    lambda lib: lib.ones(2).item(),
    lambda lib: [1, 2][lib.tensor(1.0)],
    lambda lib: f"{lib.ones(2):.2f}",
]


@requires_torch
@pytest.mark.parametrize("fn", PROTOCOL_ERRORS)
def test_protocol_errors_match_torch(fn):
    with pytest.raises(Exception) as theirs:
        fn(TORCH)
    with pytest.raises(type(theirs.value)) as ours:
        fn(ember)
    assert str(ours.value).replace("ember", "torch") == str(theirs.value)


def test_numpy_shares_memory_and_detach_allows_it():
    x = ember.ones(3, device="cpu")  # host memory is what numpy() can share
    x.numpy()[0] = 5.0
    assert x[0].item() == 5.0
    y = ember.ones(2, requires_grad=True)
    assert y.detach().cpu().numpy().tolist() == [1.0, 1.0]


@requires_torch
@pytest.mark.parametrize("fn", [
    lambda lib, h: h.fill_(2.0), lambda lib, h: h.fill_(lib.tensor(2.0, requires_grad=True)),
    lambda lib, h: h.zero_(), lambda lib, h: h.copy_(lib.tensor([1.0, 2.0, 3.0])),
    lambda lib, h: h.copy_(lib.tensor(5.0, requires_grad=True))])
def test_in_place_fills_record_torch_nodes(fn):
    results = []
    for lib in (ember, TORCH):
        x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        h = x * 1
        fn(lib, h)
        (h * lib.tensor([1.0, 2.0, 3.0])).sum().backward()
        results.append((h.grad_fn.name().replace("ember", "torch"), h.tolist(), x.grad.tolist()))
    assert results[0] == results[1]


def test_clone_contiguous_and_data():
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    c = x.clone()
    assert c.grad_fn.name() == "CloneBackward0" and c.tolist() == [1.0, 2.0]
    d = x.data
    assert not d.requires_grad
    x.data = ember.tensor([5.0, 6.0])
    assert x.tolist() == [5.0, 6.0] and x.requires_grad
    assert x.T.contiguous().is_contiguous()


# --- printing ---------------------------------------------------------------------------------

REPRS = [
    lambda lib: lib.tensor(3.0), lambda lib: lib.tensor([1.0, 2.5, -3.0]),
    lambda lib: lib.tensor([[1, 2], [30, 4]]), lambda lib: lib.tensor([True, False]),
    lambda lib: lib.tensor([1.0, 2.0], dtype=lib.float64),
    lambda lib: lib.tensor([1, 2], dtype=lib.int32), lambda lib: lib.tensor([1, 2], dtype=lib.uint8),
    lambda lib: lib.tensor([1.5, 2.0], dtype=lib.float16),
    lambda lib: lib.tensor([1e-5, 1.0, 1e5]), lambda lib: lib.tensor([0.1, 0.25]),
    lambda lib: lib.tensor([float("nan"), float("inf"), 1.0]),
    lambda lib: lib.tensor([1.0, 2.0], requires_grad=True),
    lambda lib: lib.tensor([1.0, 2.0], requires_grad=True) * 2,
    lambda lib: lib.tensor(2.0, dtype=lib.float64, requires_grad=True).exp(),
    lambda lib: lib.arange(2000.0), lambda lib: lib.arange(24).reshape(2, 3, 4),
    lambda lib: lib.zeros(0), lambda lib: lib.zeros(2, 0), lambda lib: lib.ones(2, 3) / 3,
    lambda lib: lib.tensor([123456789.0]), lambda lib: lib.tensor([[1.0, -1.0]]).sum(1),
    lambda lib: lib.tensor([1, 2]).max(0),
]


@cpu_only(CPU_PRINTOUT)
@requires_torch
@pytest.mark.parametrize("index", range(len(REPRS)))
def test_repr_through_tensor_matches_torch(index):
    ours = repr(REPRS[index](ember))
    theirs = repr(REPRS[index](TORCH))
    assert ours.replace("ember.", "torch.") == theirs
    assert str(REPRS[index](ember)).replace("ember.", "torch.") == str(REPRS[index](TORCH))


@requires_torch
def test_repr_of_grad_fn_and_parameter_like_leaf():
    pattern = re.compile(r"0x[0-9a-f]+")
    x = ember.ones(2, requires_grad=True)
    t = TORCH.ones(2, requires_grad=True)
    assert pattern.sub("?", repr((x + 1).grad_fn)) == pattern.sub("?", repr((t + 1).grad_fn))


# --- promotion --------------------------------------------------------------------------------

@requires_torch
@settings(max_examples=50, deadline=None)
@given(st.sampled_from(DTYPE_NAMES), st.sampled_from(DTYPE_NAMES))
def test_property_promote_types_matches_torch(left, right):
    ours = ember.promote_types(getattr(ember, left), getattr(ember, right))
    theirs = TORCH.promote_types(getattr(TORCH, left), getattr(TORCH, right))
    assert str(ours).replace("ember", "torch") == str(theirs)


@requires_torch
@settings(max_examples=50, deadline=None)
@given(st.sampled_from(DTYPE_NAMES), st.sampled_from(DTYPE_NAMES), st.booleans(),
       st.one_of(st.none(), st.sampled_from([2, -1.5, True])))
def test_property_result_type_matches_torch(left, right, right_zero_dim, scalar):
    a = ember.ones(2, dtype=getattr(ember, left))
    b = ember.ones(() if right_zero_dim else (2,), dtype=getattr(ember, right))
    ta = TORCH.ones(2, dtype=getattr(TORCH, left))
    tb = TORCH.ones(() if right_zero_dim else (2,), dtype=getattr(TORCH, right))
    assert str(ember.result_type(a, b)).replace("ember", "torch") == str(TORCH.result_type(ta, tb))
    if scalar is not None:
        assert str(ember.result_type(a, scalar)).replace("ember", "torch") == \
            str(TORCH.result_type(ta, scalar))


@requires_torch
@settings(max_examples=50, deadline=None)
@given(st.recursive(st.one_of(st.integers(-5, 5), st.floats(-5, 5, allow_nan=False),
                              st.booleans()),
                    lambda children: st.lists(children, min_size=1, max_size=3), max_leaves=6))
def test_property_tensor_infers_dtype_like_torch(data):
    try:
        theirs = TORCH.tensor(data)
    except (ValueError, TypeError):
        with pytest.raises((ValueError, TypeError)):  # ragged nesting
            ember.tensor(data)
        return
    same(ember.tensor(data), theirs)


def test_default_dtype_round_trip():
    assert ember.get_default_dtype() == ember.float32
    ember.set_default_dtype(ember.float64)
    try:
        assert ember.tensor([1.0]).dtype == ember.float64
        assert ember.zeros(1).dtype == ember.float64
        assert ember.arange(1.0).dtype == ember.float64
        assert ember.tensor([1]).dtype == ember.int64
    finally:
        ember.set_default_dtype(ember.float32)


# --- tensors and ranges inside constructor data, as torch reads them ---------------------------

@pytest.mark.parametrize("make, expected", [
    (lambda lib: [lib.tensor([1.0]), lib.tensor([2.0])], [1.0, 2.0]),
    (lambda lib: [[lib.tensor(1.0), 2.0], [3, lib.tensor(4)]], [[1.0, 2.0], [3.0, 4.0]]),
    (lambda lib: [lib.tensor([[1.0]])], [1.0]),
    (lambda lib: range(3), [0, 1, 2]),
    (lambda lib: [range(2), range(2)], [[0, 1], [0, 1]]),
])
def test_constructor_reads_one_element_tensors_and_ranges_as_numbers(make, expected):
    assert ember.tensor(make(ember)).tolist() == expected
    if TORCH is not None:
        assert TORCH.tensor(make(TORCH)).tolist() == expected


def test_constructor_refuses_multi_element_tensors_in_a_list():
    """torch.stack joins tensors; torch.tensor reads each element as a number."""
    with pytest.raises(ValueError, match="only one element tensors can be converted to Python "
                                         "scalars"):
        ember.tensor([ember.tensor([1.0, 2.0]), ember.tensor([3.0, 4.0])])


_SCALAR_OF_GRAD = """
import warnings
import {lib} as lib
x = lib.ones(2, requires_grad=True)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    lib.tensor([x[0]]); float(x[:1]); "%f" % x[0]; int(x[1]); x[0].item()
print(len(caught), caught[0].lineno if caught else None, caught[0].filename if caught else None)
print(str(caught[0].message).split(" (Triggered")[0] if caught else None)
"""


@pytest.mark.parametrize("lib", ["ember", "torch"])
def test_numbers_read_out_of_tensors_that_require_grad_warn_once_at_the_callers_line(lib):
    """torch warns once per process (a loop printing such numbers warns once), at the line that
    read the number; item() does not warn."""
    if lib == "torch" and TORCH is None:
        pytest.skip(INSTALL["torch"])
    result = _fresh_process(_SCALAR_OF_GRAD.format(lib=lib))
    assert result.returncode == 0, result.stderr
    count, line, filename = result.stdout.splitlines()[0].split()
    assert (count, line, filename) == ("1", "7", "<string>")
    assert result.stdout.splitlines()[1] == ("Converting a tensor with requires_grad=True to a "
                                             "scalar may lead to unexpected behavior.")


def test_numbers_read_under_no_grad_do_not_warn():
    """As torch: an optimizer step (L-BFGS reads float(closure())) runs under no_grad."""
    x = ember.ones(2, requires_grad=True) * 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with ember.no_grad():
            assert float(x[:1]) == 2.0 and ember.tensor([x[0]]).tolist() == [2.0]
    if TORCH is not None:
        theirs = TORCH.ones(2, requires_grad=True) * 2
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with TORCH.no_grad():
                assert float(theirs[:1]) == 2.0


def _fresh_process(code):
    """``code`` run by a new interpreter (for once-per-process warnings)."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False, timeout=60)


def test_a_list_of_arrays_warns_once_per_program():
    code = ("import warnings, numpy as np, ember\n"
            "with warnings.catch_warnings(record=True) as w:\n"
            "    warnings.simplefilter('always')\n"
            "    ember.tensor([np.float64(1.0)]); ember.tensor([[1.0, 2.0]])\n"
            "    n = len(w)\n"
            "    ember.tensor([[1.0], [np.array(2.0)]]); ember.as_tensor([np.ones(2)])\n"
            "print(n, len(w), w[0].filename == '<string>', str(w[0].message)[:47])\n")
    out = _fresh_process(code)
    assert out.stdout.strip() == "0 1 True Creating a tensor from a list of numpy.ndarrays", \
        out.stderr


def test_sharing_a_read_only_array_warns_once_per_program():
    code = ("import warnings, numpy as np, ember\n"
            "warnings.simplefilter('always')\n"
            "a = np.arange(3.0); a.flags.writeable = False\n"
            "with warnings.catch_warnings(record=True) as w:\n"
            "    warnings.simplefilter('always')\n"
            "    ember.from_numpy(a); ember.as_tensor(a); ember.tensor(a)\n"
            "print(len(w), 'not writable' in str(w[0].message))\n")
    out = _fresh_process(code)
    assert out.stdout.strip() == "1 True", out.stderr


# None among the data of a tensor whose dtype is given is refused as torch refuses it; NumPy made
# it a NaN (False in bool), silently.
@pytest.mark.parametrize("make", [ember.tensor, ember.as_tensor])
@pytest.mark.parametrize("data", [None, [None], [1.0, None], [[2.0], [None]], (True, None)])
@pytest.mark.parametrize("dtype, message", [
    ("float32", "must be real number, not NoneType"),
    ("float16", "must be real number, not NoneType"),
    pytest.param("bfloat16", "must be real number, not NoneType", marks=pytest.mark.skipif(
        not hasattr(ember, "bfloat16"), reason=INSTALL["ml_dtypes"])),
    ("complex64", "must be real number, not NoneType"),
    ("bool", "'NoneType' object cannot be interpreted as an integer"),
    ("int64", "'NoneType' object cannot be interpreted as an integer")])
def test_none_in_the_data_of_a_given_dtype(make, data, dtype, message):
    with pytest.raises(TypeError, match=f"^{message}$"):
        make(data, dtype=getattr(ember, dtype))


def test_nan_and_bools_still_make_tensors():
    t = ember.tensor([float("nan"), 1.0], dtype=ember.float32)
    assert t.isnan().tolist() == [True, False]
    assert ember.tensor([True, False], dtype=ember.bool).tolist() == [True, False]
    with pytest.raises(RuntimeError, match="^Could not infer dtype of NoneType$"):
        ember.tensor([1.0, None])
