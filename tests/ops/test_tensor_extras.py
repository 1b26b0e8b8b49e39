"""Small tensor-API names real programs use (asarray, empty_strided, unravel_index,
split_with_sizes, sum_to_size, itemsize/nbytes, the predicates...), compared with torch."""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from conftest import (CPU_RNG, TORCH, as_cpu_text, check_gradients, compare_with_torch, cpu_only,
                      rand64, requires_torch)

import ember


def _plain(value):
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist"):
        return value.tolist(), str(value.dtype).replace("torch", "ember")
    if isinstance(value, (bool, int, float)):
        return value
    return str(value).replace("torch", "ember")


def _outcome(fn):
    try:
        return _plain(fn())
    except Exception as error:  # noqa: BLE001 - the error is what is compared
        return f"{type(error).__name__}: {error}".replace("torch", "ember")


CASES = {
    "asarray list": lambda lib: lib.asarray([1, 2]),
    "asarray dtype": lambda lib: lib.asarray([1.0, 2], dtype=lib.float64),
    "asarray number": lambda lib: lib.asarray(3.5),
    "asarray cast": lambda lib: lib.asarray(lib.arange(3.0), dtype=lib.int64),
    "asarray refuses a cast without copy": lambda lib: lib.asarray(
        lib.arange(3.0), dtype=lib.int64, copy=False),
    "asarray requires_grad": lambda lib: lib.asarray(np.arange(2.0), requires_grad=True)
    .requires_grad,
    "detach": lambda lib: lib.detach(lib.ones(2, requires_grad=True)).requires_grad,
    "is_nonzero": lambda lib: (lib.is_nonzero(lib.tensor([1.0])), lib.is_nonzero(lib.tensor(0))),
    "is_nonzero many": lambda lib: lib.is_nonzero(lib.tensor([1.0, 2.0])),
    "is_nonzero none": lambda lib: lib.is_nonzero(lib.tensor([])),
    "is_same_size": lambda lib: (lib.is_same_size(lib.ones(2), lib.ones(2)),
                                 lib.ones(2).is_same_size(lib.ones(3))),
    "is_signed": lambda lib: [lib.ones(1, dtype=d).is_signed() for d in (
        lib.float32, lib.int8, lib.uint8, lib.bool, lib.complex64)],
    "positive": lambda lib: lib.positive(lib.tensor([-1.0, 2.0])),
    "positive bool": lambda lib: lib.positive(lib.tensor([True])),
    "itemsize nbytes": lambda lib: [(lib.ones(3, dtype=d).itemsize, lib.ones(3, dtype=d).nbytes)
                                    for d in (lib.float64, lib.int16, lib.bool)],
    "scalar_tensor": lambda lib: (lib.scalar_tensor(3), lib.scalar_tensor(3, dtype=lib.int64)),
    "split_with_sizes": lambda lib: lib.arange(5).split_with_sizes([2, 3]),
    "unravel_index": lambda lib: lib.unravel_index(lib.tensor([4, 1]), (2, 3)),
    "unravel_index 0-d": lambda lib: lib.unravel_index(lib.tensor(5), (2, 3)),
    "unravel_index float": lambda lib: lib.unravel_index(lib.tensor([1.0]), (2, 3)),
    "typename": lambda lib: (lib.typename(lib.ones(1)), lib.typename(lib.tensor([1])),
                             lib.typename(3), lib.typename(lib.nn.Linear(1, 1))),
    "empty_strided": lambda lib: (lib.empty_strided((2, 3), (1, 2)).stride(),
                                  lib.empty_strided((2, 3), (1, 2), dtype=lib.int64).dtype,
                                  lib.ones(1).new_empty_strided((2, 2), (1, 2)).stride()),
    "sum_to_size": lambda lib: (lib.ones(2, 3).sum_to_size(1, 3),
                                lib.ones(2, 3).sum_to_size((2, 1)), lib.ones(2, 3).sum_to_size(3)),
    "sum_to_size not expandable": lambda lib: lib.ones(2, 3).sum_to_size(2),
    "sum_to_size too long": lambda lib: lib.ones(2, 3).sum_to_size(1, 2, 3, 4),
    "dim_order": lambda lib: (lib.ones(2, 3).dim_order(), lib.ones(2, 3).t().dim_order(),
                              lib.ones(2, 3, 4).permute(2, 0, 1).dim_order()),
    "is_pinned": lambda lib: lib.ones(2).is_pinned(),
    "inference": lambda lib: (lib.is_inference(lib.ones(1)),
                              lib.get_device(lib.ones(1, device="cpu")),
                              lib.is_storage(lib.ones(1))),
    # CPU tensors only, in torch too (test_python_callables_refuse_device_tensors).
    "apply_ map_": lambda lib: (lib.ones(3, device="cpu").apply_(lambda v: v * 2),
                                lib.ones(3, device="cpu").map_(lib.tensor([1.0, 2, 3],
                                                                          device="cpu"),
                                                               lambda a, b: a + b)),
}


@requires_torch
@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_torch(name):
    assert _outcome(lambda: CASES[name](ember)) == _outcome(lambda: CASES[name](TORCH))


@requires_torch
def test_asarray_shares_memory_as_torch_does():
    base = ember.arange(4.0)
    assert ember.asarray(base) is base
    assert ember.asarray(base, copy=True).data_ptr() != base.data_ptr()
    array = np.arange(3.0)
    shared = ember.asarray(array)
    array[0] = 9.0
    assert shared.tolist() == [9.0, 1.0, 2.0]
    with pytest.warns(UserWarning, match="unspecified requires_grad"):
        ember.asarray(ember.ones(1, requires_grad=True))


@requires_torch
def test_gradients_of_the_compositions():
    compare_with_torch(lambda lib, x: x.sum_to_size(1, 3), rand64(2, 3))
    compare_with_torch(lambda lib, x: lib.split_with_sizes(x, [1, 2], 1), rand64(2, 3))
    check_gradients(lambda x: x.sum_to_size(2, 1), rand64(2, 3))


def test_python_callables_refuse_device_tensors(standin):
    # torch's TypeError for apply_/map_ on a CUDA tensor (they run a Python callable per element).
    x = ember.ones(2, device="cuda")
    with pytest.raises(TypeError, match="^apply_ is only implemented on CPU tensors$"):
        x.apply_(float)
    with pytest.raises(TypeError, match="^map_ is only implemented on CPU tensors$"):
        x.map_(x, max)


@requires_torch
@pytest.mark.parametrize("call", [
    lambda m: m.full((), 128, dtype=m.int64), lambda m: m.full([], 1.5),
    lambda m: m.full(size=(), fill_value=2), lambda m: m.full((2, 3), 1),
    lambda m: m.full([2], True)])
def test_full_takes_the_empty_shape_as_torch(call):
    ours, theirs = call(ember), call(TORCH)
    assert as_cpu_text(repr(ours)) == repr(theirs).replace("torch.", "ember.")


@requires_torch
@pytest.mark.parametrize("dtype", ["uint8", "int8", "int16", "int32", "bool", "float16",
                                   "bfloat16", "float32"])
@pytest.mark.parametrize("low, high", [(0, 300), (-5, 3), (0, 2 ** 40)])
def test_random_bounds_errors_and_warnings_as_torch(dtype, low, high):
    # Bounds a dtype cannot hold are refused naming torch's C++ type; a float type warns past
    # the range where it holds every integer.
    import warnings

    def outcome(lib, make):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                make(lib)
                result = "ok"
            except RuntimeError as error:
                result = str(error)
        return result, [str(w.message).split(" (Triggered")[0] for w in caught]
    for make in (lambda lib: lib.randint(low, high, (2,), dtype=getattr(lib, dtype)),
                 lambda lib: lib.empty(2, dtype=getattr(lib, dtype)).random_(low, high)):
        assert outcome(ember, make) == outcome(TORCH, make)


@requires_torch
@pytest.mark.parametrize("shapes", [((3,), (2,)), ((2, 3), (4, 1)), ((3,), (1,))])
def test_normal_of_two_tensors_broadcasts_as_torch(shapes):
    def outcome(lib):
        try:
            return tuple(lib.normal(lib.zeros(shapes[0]), lib.ones(shapes[1])).shape)
        except RuntimeError as error:
            return str(error)
    assert outcome(ember) == outcome(TORCH)


@requires_torch
@cpu_only(CPU_RNG)
def test_like_functions_keep_a_dense_inputs_strides_and_draw_in_memory_order():
    # empty_like & co. copy a transposed/permuted/channels-last input's strides, and the
    # random ones fill them in memory order (randn_like through torch's serial path).
    def run(lib):
        lib.manual_seed(0)
        found = []
        for x in (lib.zeros(2, 3).t(), lib.zeros(2, 3, 4, 5).to(memory_format=lib.channels_last),
                  lib.zeros(4, 1, 3).transpose(0, 2), lib.zeros(3, 4)[:, :2],
                  lib.zeros(1, 3).expand(2, 3), lib.zeros(2, 3, 4).permute(2, 0, 1),
                  lib.zeros(8, 9, dtype=lib.float64).t()):
            for make in (lib.randn_like, lib.rand_like, lib.zeros_like, lib.empty_like,
                         lambda t: lib.randint_like(t, 10)):
                y = make(x)
                values = None if make is lib.empty_like else y.flatten().tolist()
                found.append((y.stride(), y.is_contiguous(), values))
        return found
    assert run(ember) == run(TORCH)


# full and scalar_tensor range-check the number as torch does: ember's full silently wrapped
# 1e10 into int32 and dropped 1j's imaginary part, and its scalar_tensor refused complex
# numbers with "new(): invalid data type 'complex'".
_SCALARS = [(float("inf"), "int32"), (1e10, "int32"), (300, "uint8"), (-1, "uint8"),
            (-255, "uint8"), (-256, "uint8"), (-2.5, "uint8"), (1e40, "float32"),
            (float("nan"), "int64"), (2**40, "int16"), (200, "int8"), (1e300, "float16"),
            (65505.0, "float16"),
            (70000.0, "float16"), (1j, "float32"), (1j, "float64"), (1j, "int64"),
            (2.5 + 0j, "int32"), (1 + 0j, "float16"), (1j, "bool"), (1j, "complex64"),
            (float("inf"), "float32"), (2.7, "int64")]


@requires_torch
@pytest.mark.parametrize("value, dtype", _SCALARS)
@pytest.mark.parametrize("make", ["full", "full one", "scalar_tensor"])
def test_full_and_scalar_tensor_range_checks_match_torch(make, value, dtype):
    def run(lib):
        kind = getattr(lib, dtype)
        if make.startswith("full"):  # torch checks float16 / bfloat16 only past one element
            return lib.full((2,) if make == "full" else (1,), value, dtype=kind)
        return lib.scalar_tensor(value, dtype=kind)
    try:
        theirs = run(TORCH)
    except RuntimeError as err:
        with pytest.raises(RuntimeError) as ours:
            run(ember)
        assert str(ours.value) == str(err)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ours = run(ember)
    np.testing.assert_array_equal(ours.cpu().numpy(), theirs.numpy())


@requires_torch
@pytest.mark.parametrize("value", ["a", None, [1.0]])
def test_scalar_tensor_refuses_non_numbers_like_torch(value):
    with pytest.raises(TypeError) as theirs:
        TORCH.scalar_tensor(value)
    with pytest.raises(TypeError) as ours:
        ember.scalar_tensor(value)
    assert str(ours.value) == str(theirs.value)


@requires_torch
@pytest.mark.parametrize("dtype", ["float32", "float16", "int64", "uint8", "bool"])
@pytest.mark.parametrize("data", [1j, 1 + 0j, [1j], [[1.0, 2j]]])
def test_tensor_of_complex_data_with_a_real_dtype_matches_torch(data, dtype):
    """A lone complex number reads as one inside a list does (ember said "new(): invalid data
    type 'complex'"); bool takes its truth value."""
    try:
        theirs = TORCH.tensor(data, dtype=getattr(TORCH, dtype))
    except TypeError as err:
        with pytest.raises(TypeError) as ours:
            ember.tensor(data, dtype=getattr(ember, dtype))
        assert str(ours.value) == str(err)
        return
    assert ember.tensor(data, dtype=getattr(ember, dtype)).tolist() == theirs.tolist()
