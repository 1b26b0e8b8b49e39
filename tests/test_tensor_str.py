"""Tests for ember._tensor_str: tensor repr must match torch 2.13 character for character.

Oracle tests (marked by the ``torch`` fixture) build the same data in torch and compare reprs
with "torch." replaced by "ember."; they are skipped when torch is absent. The literal tests
below them pin down outputs that were checked against torch once and need no torch to run.
"""
import math
import pathlib
import sys

import numpy as np
import pytest
from conftest import need

try:
    from ember import _tensor_str
except ImportError:  # not installed: use the source tree this test file sits next to
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "src"))
    from ember import _tensor_str
from ember._tensor_str import format_tensor, get_printoptions, printoptions, set_printoptions

try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from hypothesis.extra import numpy as hnp
except ImportError:  # pragma: no cover - hypothesis is a test extra
    given = None


@pytest.fixture(autouse=True)
def _reset_options():
    """Every test starts and ends with default print options (ours and torch's)."""
    set_printoptions(profile="default")
    yield
    set_printoptions(profile="default")
    try:
        import torch
    except ImportError:
        return
    torch.set_printoptions(profile="default")
    torch.set_default_dtype(torch.float32)


@pytest.fixture
def torch():
    return need("torch")


_TORCH_DTYPE_NAMES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16",
                      "float32", "float64", "complex64", "complex128"]


def _to_torch(torch, arr, dtype_name):
    """Build the torch tensor holding ``arr`` as dtype ``dtype_name``."""
    arr = np.asarray(arr)
    if dtype_name == "bfloat16":
        # Round from float32 exactly as ember does for float32 data declared bfloat16.
        return torch.from_numpy(np.array(arr, dtype=np.float32, order="C")).to(torch.bfloat16)
    return torch.from_numpy(np.array(arr, order="C")).to(getattr(torch, dtype_name))


def _oracle(torch, arr, dtype_name, **kwargs):
    """repr of the equivalent torch tensor, spelled the ember way."""
    tensor = _to_torch(torch, arr, dtype_name)
    if kwargs.get("requires_grad"):
        tensor.requires_grad_(True)
    if kwargs.get("is_parameter"):
        tensor = torch.nn.Parameter(tensor, requires_grad=kwargs.get("requires_grad", False))
    return repr(tensor).replace("torch.", "ember.")


def _np_dtype(dtype_name):
    if dtype_name == "bfloat16":
        return np.float32
    return np.dtype(dtype_name)


def _check(torch, arr, dtype_name, **kwargs):
    arr = np.asarray(arr).astype(_np_dtype(dtype_name))
    expected = _oracle(torch, arr, dtype_name, **kwargs)
    got = format_tensor(arr, dtype_name=dtype_name, **kwargs)
    assert got == expected, f"\nexpected:\n{expected}\ngot:\n{got}"


# ---------------------------------------------------------------------------------------------
# oracle: hand-picked edge cases
# ---------------------------------------------------------------------------------------------

_RNG = np.random.default_rng(1234)

_EDGE_CASES = [
    ([1.0, 2.0], "float32"),
    (2.3394, "float32"),
    (-0.0, "float32"),
    (float("nan"), "float32"),
    (float("-inf"), "float64"),
    (7, "int64"),
    (True, "bool"),
    ([[1.0796, 0.3734], [0.4797, -1.6013]], "float32"),
    ([1e10, 1e-10], "float32"),
    ([1e-300, 1e300], "float64"),
    ([1e-100, 1.0], "float64"),
    ([1e100, -3.0], "float64"),
    ([123456789.0, 1.0], "float32"),
    ([1.0, 2.0, 3e8], "float32"),
    ([1.0, 1000.0], "float32"),
    ([1.0, 1001.0], "float32"),
    ([1.5, 1500.5], "float32"),
    ([0.0001, 0.1], "float32"),
    ([0.00009, 0.05], "float32"),
    ([9.99996, 1.0], "float32"),
    ([99999.99, 1.0], "float64"),
    ([-0.0, 1.0, 2.0], "float32"),
    ([-0.0, 0.5], "float32"),
    ([0.0, -0.0], "float32"),
    ([float("nan"), float("inf"), -float("inf"), 0.0, -0.0], "float32"),
    ([float("nan"), 1.5, -0.0], "float32"),
    ([float("nan"), 3.0], "float32"),
    ([float("inf"), 1e-5], "float64"),
    ([1, 2], "int32"),
    ([1, -200], "int64"),
    ([0, 255, 7], "uint8"),
    ([-128, 127], "int8"),
    ([-32768, 5], "int16"),
    ([2**62, -(2**62)], "int64"),
    ([True, False], "bool"),
    ([True, True], "bool"),
    ([[False], [True]], "bool"),
    (np.zeros((0,)), "float32"),
    (np.zeros((0,)), "int64"),
    (np.zeros((0,)), "bool"),
    (np.zeros((0, 3)), "float32"),
    (np.zeros((2, 0, 3)), "int32"),
    (np.zeros((0,)), "float64"),
    (np.zeros((0, 1)), "float16"),
    (np.zeros((0,)), "complex64"),
    (np.arange(2000), "int64"),
    (np.arange(1000), "int64"),
    (np.arange(1001) * 0.5, "float32"),
    (_RNG.standard_normal((2, 2)), "float32"),
    (_RNG.standard_normal((50, 50)), "float32"),
    (_RNG.standard_normal((7, 200)), "float64"),
    (_RNG.standard_normal(30), "float64"),
    (_RNG.standard_normal(300) * 1e5, "float32"),
    (_RNG.standard_normal((3, 4, 5, 6)) * 1e5, "float32"),
    (_RNG.standard_normal((10, 10, 12)) * 100, "float32"),
    (_RNG.standard_normal((2, 3, 2, 2, 2)), "float32"),
    (_RNG.standard_normal((4, 4, 4, 4, 4)), "float64"),
    (_RNG.standard_normal(7), "float16"),
    ([65504.0, 1.0, 0.1], "float16"),
    ([6e-8, 1.0], "float16"),
    (_RNG.standard_normal(9), "bfloat16"),
    ([3.0e38, 1.0], "bfloat16"),
    (_RNG.integers(-100, 100, (4, 40)), "int64"),
    (_RNG.integers(-(10**9), 10**9, (3, 30)), "int64"),
    (_RNG.integers(0, 2, (40, 40)).astype(bool), "bool"),
    (_RNG.standard_normal((2, 3)) + 1j * _RNG.standard_normal((2, 3)), "complex64"),
    ([1 + 0j, -0.0 - 0j, complex(float("nan"), 1.0)], "complex128"),
    (1 + 2j, "complex64"),
    ([1e-8 + 3j, 5 - 1e7j], "complex128"),
    (_RNG.standard_normal(40) * (1 + 1j), "complex64"),
]


@pytest.mark.parametrize("data,dtype_name", _EDGE_CASES)
def test_oracle_edge_cases(torch, data, dtype_name):
    _check(torch, data, dtype_name)


@pytest.mark.parametrize("data,dtype_name", [(d, n) for d, n in _EDGE_CASES[:30]
                                              if n in ("float32", "float64", "float16")])
def test_oracle_requires_grad_and_parameter(torch, data, dtype_name):
    _check(torch, data, dtype_name, requires_grad=True)
    _check(torch, data, dtype_name, requires_grad=True, is_parameter=True)
    _check(torch, data, dtype_name, is_parameter=True)


def test_oracle_grad_fn_names(torch):
    base = torch.tensor([[1.5, -2.0, 3.25], [4.0, 5.5, -6.0]], requires_grad=True)
    for result in (base.mean(), base * 2, base + 1, base.sum(), base.t(), base.exp(),
                   base.reshape(-1), base @ base.t()):
        expected = repr(result).replace("torch.", "ember.")
        got = format_tensor(result.detach().cpu().numpy(), dtype_name="float32",
                            grad_fn_name=type(result.grad_fn).__name__)
        assert got == expected


def test_oracle_suffix_wrapping(torch):
    # Rows whose last line ends near the 80-column limit push suffixes onto their own line.
    for n in range(1, 14):
        data = np.full(n, -1.2345, dtype=np.float64)
        _check(torch, data, "float64", requires_grad=True)
        _check(torch, data.astype(np.int8), "int8")
        _check(torch, data, "float16", requires_grad=True)
    torch.set_printoptions(linewidth=30)
    set_printoptions(linewidth=30)
    _check(torch, [1.0, 2.0, 3.0], "float64", requires_grad=True)
    _check(torch, np.zeros((0, 4)), "int32")


def test_oracle_default_dtype_float64(torch):
    torch.set_default_dtype(torch.float64)
    for data, dtype_name in [([1.5, 2.0], "float32"), ([1.5, 2.0], "float64"),
                             ([1 + 1j], "complex128"), ([1 + 1j], "complex64"),
                             (np.zeros((0,)), "float64"), (np.zeros((0,)), "float32")]:
        arr = np.asarray(data).astype(_np_dtype(dtype_name))
        expected = repr(_to_torch(torch, arr, dtype_name)).replace("torch.", "ember.")
        got = format_tensor(arr, dtype_name=dtype_name, default_dtype_name="float64")
        assert got == expected


def test_oracle_bfloat16_from_ml_dtypes(torch):
    ml_dtypes = need("ml_dtypes")
    values = _RNG.standard_normal(12).astype(np.float32) * 300
    as_bf16 = values.astype(ml_dtypes.bfloat16)
    expected = repr(torch.from_numpy(values).to(torch.bfloat16)).replace("torch.", "ember.")
    assert format_tensor(as_bf16, dtype_name="bfloat16") == expected
    assert format_tensor(values, dtype_name="bfloat16") == expected


_OPTION_SETS = [
    {"precision": 2},
    {"precision": 0},
    {"precision": 8},
    {"sci_mode": True},
    {"sci_mode": False},
    {"linewidth": 40},
    {"linewidth": 200},
    {"threshold": 10},
    {"threshold": 10, "edgeitems": 1},
    {"threshold": 10, "edgeitems": 0},
    {"edgeitems": 0},
    {"profile": "short"},
    {"profile": "full"},
    {"profile": "short", "precision": 6},
]

_OPTION_DATA = [
    (np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 7, "float32"),
    (np.arange(2000, dtype=np.float64) * 1.5, "float64"),
    ([1e10, 1e-10, -3.0], "float32"),
    ([0.0, -0.0, float("nan")], "float32"),
    ([1.0, 2.0, 300.0], "float64"),
    (_RNG.integers(-50, 50, (30, 40)), "int64"),
    (_RNG.standard_normal((12, 12)) + 0.5j, "complex64"),
    (3.14159, "float32"),
    (np.zeros((0, 2)), "float32"),
    ([True, False] * 20, "bool"),
]


@pytest.mark.parametrize("options", _OPTION_SETS)
@pytest.mark.parametrize("data,dtype_name", _OPTION_DATA)
def test_oracle_print_options(torch, options, data, dtype_name):
    torch.set_printoptions(**options)
    set_printoptions(**options)
    assert get_printoptions() == torch._tensor_str.get_printoptions()
    _check(torch, data, dtype_name)
    _check(torch, data, dtype_name, requires_grad=dtype_name.startswith("float"))


# ---------------------------------------------------------------------------------------------
# oracle: random arrays (hypothesis)
# ---------------------------------------------------------------------------------------------

if given is not None:

    def _elements(dtype_name):
        if dtype_name == "bool":
            return st.booleans()
        if dtype_name in ("float16", "float32", "float64", "bfloat16"):
            width = {"float16": 16, "float64": 64}.get(dtype_name, 32)
            return st.one_of(
                st.floats(width=width),  # anything, including nan/inf/subnormals/-0.0
                st.floats(-10, 10, width=width),
                st.integers(-1000, 1000).map(float),  # whole numbers: "1." style
                st.sampled_from([0.0, -0.0, 1e-5, 0.1, 1000.0, 1001.0, 6e4]
                                + ([1e8, 1e9] if width > 16 else [])),
            )
        if dtype_name.startswith("complex"):
            part = st.floats(-1e5, 1e5, width=32) | st.sampled_from([0.0, -0.0, float("nan")])
            return st.builds(complex, part, part)
        info = np.iinfo(dtype_name)
        return st.integers(int(info.min), int(info.max)) | st.integers(-5, 5).filter(
            lambda v: info.min <= v <= info.max)

    @st.composite
    def _random_tensors(draw):
        dtype_name = draw(st.sampled_from(_TORCH_DTYPE_NAMES))
        shape = draw(hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=6))
        arr = draw(hnp.arrays(_np_dtype(dtype_name), shape, elements=_elements(dtype_name)))
        return arr, dtype_name

    @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
    @given(case=_random_tensors(), requires_grad=st.booleans())
    def test_oracle_random_arrays(case, requires_grad):
        torch = need("torch")
        arr, dtype_name = case
        requires_grad = requires_grad and dtype_name in ("float32", "float64", "float16")
        _check(torch, arr, dtype_name, requires_grad=requires_grad)

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        case=_random_tensors(),
        precision=st.integers(0, 7),
        threshold=st.integers(1, 60),
        edgeitems=st.integers(0, 4),
        linewidth=st.integers(10, 120),
        sci_mode=st.sampled_from([None, True, False]),
    )
    def test_oracle_random_print_options(case, precision, threshold, edgeitems, linewidth,
                                         sci_mode):
        torch = need("torch")
        arr, dtype_name = case
        options = dict(precision=precision, threshold=threshold, edgeitems=edgeitems,
                       linewidth=linewidth, sci_mode=sci_mode)
        torch.set_printoptions(**options)
        set_printoptions(**options)
        try:
            _check(torch, arr, dtype_name)
        finally:
            torch.set_printoptions(profile="default")
            set_printoptions(profile="default")

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        shape=st.lists(st.integers(1, 14), min_size=1, max_size=4),
        scale=st.sampled_from([1e-6, 1.0, 1e3, 1e9]),
        seed=st.integers(0, 2**32 - 1),
    )
    def test_oracle_random_summarised(shape, scale, seed):
        torch = need("torch")
        shape = list(shape)
        shape[0] = max(shape[0], 1001 // int(np.prod(shape[1:])) + 1)  # force > 1000 elements
        arr = np.random.default_rng(seed).standard_normal(shape) * scale
        _check(torch, arr.astype(np.float32), "float32")
        _check(torch, np.round(arr * 10).astype(np.int64), "int64")


# ---------------------------------------------------------------------------------------------
# torch-free literal expectations (each checked against torch 2.13 once)
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs,expected", [
    (dict(data=np.full((2, 2), 0.5, np.float32), dtype_name="float32"),
     "tensor([[0.5000, 0.5000],\n        [0.5000, 0.5000]])"),
    (dict(data=np.float32(15.5), dtype_name="float32", grad_fn_name="MeanBackward0"),
     "tensor(15.5000, grad_fn=<MeanBackward0>)"),
    (dict(data=np.array([5.0, 11.0, 19.0]), dtype_name="float32", grad_fn_name="AddBackward0"),
     "tensor([ 5., 11., 19.], grad_fn=<AddBackward0>)"),
    (dict(data=np.arange(3.0, 19.0, 3.0).reshape(2, 3), dtype_name="float32"),
     "tensor([[ 3.,  6.,  9.],\n        [12., 15., 18.]])"),
    (dict(data=[1.0, 2.0], dtype_name="float32", requires_grad=True),
     "tensor([1., 2.], requires_grad=True)"),
    (dict(data=2.3394, dtype_name="float32", grad_fn_name="MeanBackward0"),
     "tensor(2.3394, grad_fn=<MeanBackward0>)"),
    (dict(data=[[1.0796, 0.3734], [0.4797, -1.6013]], dtype_name="float32", requires_grad=True),
     "tensor([[ 1.0796,  0.3734],\n        [ 0.4797, -1.6013]], requires_grad=True)"),
    (dict(data=[1, 2], dtype_name="int32"), "tensor([1, 2], dtype=ember.int32)"),
    (dict(data=[1, 2], dtype_name="int64"), "tensor([1, 2])"),
    (dict(data=np.zeros((0, 3)), dtype_name="float32"), "tensor([], size=(0, 3))"),
    (dict(data=np.zeros(0), dtype_name="int64"), "tensor([], dtype=ember.int64)"),
    (dict(data=np.zeros(0), dtype_name="float32"), "tensor([])"),
    (dict(data=[1e10, 1e-10], dtype_name="float32"), "tensor([1.0000e+10, 1.0000e-10])"),
    (dict(data=[True, False], dtype_name="bool"), "tensor([ True, False])"),
    (dict(data=[1.5, -2.0], dtype_name="float16"),
     "tensor([ 1.5000, -2.0000], dtype=ember.float16)"),
    (dict(data=[float("nan"), float("inf"), -0.0, 2.0], dtype_name="float32"),
     "tensor([nan, inf, -0., 2.])"),
    (dict(data=[1.0, 2.0], dtype_name="float64", device="cuda:0", requires_grad=True),
     "tensor([1., 2.], device='cuda:0', dtype=ember.float64, requires_grad=True)"),
    (dict(data=[1.0, 2.0], dtype_name="float32", device="cuda"),
     "tensor([1., 2.], device='cuda:0')"),
    (dict(data=[1.0, 2.0], dtype_name="float32", device="cpu"), "tensor([1., 2.])"),
    (dict(data=[[0.25, -1.0]], dtype_name="float32", requires_grad=True, is_parameter=True),
     "Parameter containing:\ntensor([[ 0.2500, -1.0000]], requires_grad=True)"),
    (dict(data=np.arange(2000), dtype_name="int64"),
     "tensor([   0,    1,    2,  ..., 1997, 1998, 1999])"),
    (dict(data=[1e300, 3.4e38, 1e-50], dtype_name="float32"),
     "tensor([       inf, 3.4000e+38, 0.0000e+00])"),
])
def test_literal(kwargs, expected):
    assert format_tensor(**kwargs) == expected


def test_literal_summarised_matrix():
    data = np.arange(40 * 40).reshape(40, 40)
    expected = ("tensor([[   0,    1,    2,  ...,   37,   38,   39],\n"
                "        [  40,   41,   42,  ...,   77,   78,   79],\n"
                "        [  80,   81,   82,  ...,  117,  118,  119],\n"
                "        ...,\n"
                "        [1480, 1481, 1482,  ..., 1517, 1518, 1519],\n"
                "        [1520, 1521, 1522,  ..., 1557, 1558, 1559],\n"
                "        [1560, 1561, 1562,  ..., 1597, 1598, 1599]])")
    assert format_tensor(data, dtype_name="int64") == expected


def test_literal_wrapping_and_3d():
    data = np.arange(20, dtype=np.float64) * 1.25
    expected = ("tensor([ 0.0000,  1.2500,  2.5000,  3.7500,  5.0000,  6.2500,  7.5000,  8.7500,\n"
                "        10.0000, 11.2500, 12.5000, 13.7500, 15.0000, 16.2500, 17.5000, 18.7500,\n"
                "        20.0000, 21.2500, 22.5000, 23.7500], dtype=ember.float64)")
    assert format_tensor(data, dtype_name="float64") == expected
    cube = np.arange(8).reshape(2, 2, 2)
    assert format_tensor(cube, dtype_name="int16") == (
        "tensor([[[0, 1],\n         [2, 3]],\n\n        [[4, 5],\n         [6, 7]]], "
        "dtype=ember.int16)")


def test_literal_bfloat16_rounds_float32_input():
    assert format_tensor(np.float32(1.00390625), dtype_name="bfloat16") == (
        "tensor(1., dtype=ember.bfloat16)")
    assert format_tensor([0.1, 3.0], dtype_name="bfloat16") == (
        "tensor([0.1001, 3.0000], dtype=ember.bfloat16)")


def test_literal_complex():
    assert format_tensor([1 + 2j, 0.5 - 0.5j], dtype_name="complex64") == (
        "tensor([1.0000+2.0000j, 0.5000-0.5000j])")
    # -0.5j has a negative-zero real part; the layout is chosen from nonzero values only.
    assert format_tensor([1 + 2j, -0.5j], dtype_name="complex64") == (
        "tensor([1.+2.0000j, -0.-0.5000j])")
    assert format_tensor(1 - 1j, dtype_name="complex128") == (
        "tensor(1.-1.j, dtype=ember.complex128)")


def test_printoptions_semantics():
    assert get_printoptions() == {"precision": 4, "threshold": 1000, "edgeitems": 3,
                                  "linewidth": 80, "sci_mode": None}
    set_printoptions(profile="short", linewidth=100, sci_mode=True)
    assert get_printoptions() == {"precision": 2, "threshold": 1000, "edgeitems": 2,
                                  "linewidth": 100, "sci_mode": True}
    # sci_mode is reset by any call that omits it; other settings persist.
    set_printoptions(precision=3)
    assert get_printoptions()["sci_mode"] is None
    assert get_printoptions()["linewidth"] == 100
    set_printoptions(profile="full")
    assert get_printoptions()["threshold"] == math.inf
    set_printoptions(profile="no-such-profile")
    assert get_printoptions()["threshold"] == math.inf
    with printoptions(precision=1):
        assert format_tensor([0.25, 1.0], dtype_name="float32") == "tensor([0.2, 1.0])"
    assert get_printoptions()["precision"] == 4


def test_printoptions_effects():
    set_printoptions(precision=2)
    assert format_tensor([1.12345], dtype_name="float32") == "tensor([1.12])"
    set_printoptions(threshold=5)
    assert format_tensor(np.arange(10), dtype_name="int64") == "tensor([0, 1, 2,  ..., 7, 8, 9])"
    set_printoptions(profile="default", edgeitems=0)
    assert format_tensor(np.arange(3), dtype_name="int64") == "tensor([0, 1, 2], size=(3,))"
    set_printoptions(threshold=2, edgeitems=0)
    assert format_tensor(np.ones((3, 3)), dtype_name="float32") == "tensor([...], size=(3, 3))"
    set_printoptions(profile="default", sci_mode=True)
    assert format_tensor([1.0, 2.5], dtype_name="float32") == "tensor([1.0000e+00, 2.5000e+00])"
    # All-zero tensors keep integer style even with sci_mode forced on.
    assert format_tensor([0.0, 0.0], dtype_name="float32") == "tensor([0., 0.])"
    set_printoptions(sci_mode=False)
    assert format_tensor([1e-5, 1.0], dtype_name="float32") == "tensor([0.0000, 1.0000])"


def test_module_does_not_import_tensor():
    source = pathlib.Path(_tensor_str.__file__).read_text()
    assert "import ember" not in source and "from ember" not in source and "from ." not in source
