"""ember.testing.assert_close / make_tensor against torch.testing: same verdicts, same messages
(with ember's name where torch prints its own), same random draws."""
from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import TORCH, requires_torch

import ember

CASES = [
    lambda m: ((m.tensor([1., 2., 3.]), m.tensor([1., 2.5, 3.])), {}),
    lambda m: ((m.tensor([1., 2.]), m.tensor([1., 2.], dtype=m.float64)), {}),
    lambda m: ((m.tensor([1., 2.]), m.tensor([1., 2., 3.])), {}),
    lambda m: ((m.tensor([1, 2]), m.tensor([1, 3])), {}),
    lambda m: ((m.tensor(1.), m.tensor(2.)), {}),
    lambda m: ((m.tensor(1), m.tensor(2)), {}),
    lambda m: ((1.0, 1.1), {}),
    lambda m: ((1, 1.0), {}),
    lambda m: (([m.ones(2)], [m.zeros(2)]), {}),
    lambda m: (({"a": m.ones(2)}, {"a": m.zeros(2)}), {}),
    lambda m: (([[m.ones(1)]], [[m.zeros(1)]]), {}),
    lambda m: (([1, 2], [1, 2, 3]), {}),
    lambda m: (({"a": 1}, {"b": 1}), {}),
    lambda m: ((m.tensor([math.nan]), m.tensor([math.nan])), {}),
    lambda m: ((m.tensor([math.nan]), m.tensor([math.nan])), {"equal_nan": True}),
    lambda m: ((m.ones(2), m.ones(2) + 1e-6), {}),
    lambda m: ((m.ones(2), m.ones(2) * 1.1), {"rtol": 0.2, "atol": 0}),
    lambda m: ((m.ones(2), m.ones(2) * 1.1), {"rtol": 0.01, "atol": 0}),
    lambda m: ((m.ones(2), m.ones(2)), {"rtol": 0.1}),
    lambda m: ((m.ones(2), [1., 1.]), {}),
    lambda m: ((m.ones(2, 2), m.zeros(2, 2)), {"msg": "custom"}),
    lambda m: ((m.ones(2), m.ones(2) * 2), {"msg": lambda text: "X" + text[:5]}),
    lambda m: ((m.tensor([True]), m.tensor([False])), {}),
    lambda m: ((m.ones(2, requires_grad=True), m.ones(2)), {}),
    lambda m: ((m.tensor([1.]), m.tensor([1.]).double()), {"check_dtype": False}),
    lambda m: ((m.tensor([1.]), m.tensor([1.1]).double()), {"check_dtype": False}),
    lambda m: ((m.zeros(0), m.zeros(0)), {}),
    lambda m: ((m.tensor([1., 2.]), m.tensor([0., 2.])), {}),
    lambda m: ((np.ones(2), np.zeros(2)), {}),
    lambda m: ((m.tensor([1., math.inf]), m.tensor([1., math.inf])), {}),
    lambda m: ((m.tensor([1., math.inf]), m.tensor([1., -math.inf])), {}),
    lambda m: ((m.ones(2).half(), m.ones(2).half() * 1.01), {}),
    lambda m: ((m.arange(6.).reshape(2, 3), m.arange(6.).reshape(2, 3).flip(1)), {}),
    lambda m: ((m.ones(3, 2).t(), m.ones(2, 3)), {"check_stride": True}),
    lambda m: ((None, None), {}),
    lambda m: ((None, 1), {}),
    lambda m: (([m.ones(1), None], [m.ones(1), 2.0]), {}),
    # the relative difference of complex64 values: |z| correctly rounded, as torch.abs
    lambda m: ((m.tensor([1 + 1j]), m.tensor([1 + 1.1j])), {}),
    lambda m: ((m.eye(2).to_sparse(), m.eye(2)), {}),
    lambda m: ((m.eye(2).to_sparse(), m.eye(2)), {"check_layout": False}),
    lambda m: ((m.eye(2).to_sparse(), m.eye(2).to_sparse()), {}),
    lambda m: ((m.eye(2).to_sparse(), m.eye(2).to_sparse() * 2), {}),
    lambda m: ((m.eye(2).to_sparse(), m.ones(2, 2).to_sparse()), {}),
    lambda m: ((m.eye(2).to_sparse(), m.tensor([[0., 1.], [1., 0.]]).to_sparse()), {}),
    lambda m: ((m.eye(2).to_sparse_csr(), m.eye(2).to_sparse_csr() * 2), {}),
    lambda m: ((m.eye(3).to_sparse_csr(), m.eye(3).flip(1).to_sparse_csr()), {}),
    lambda m: ((m.eye(2).to_sparse_csc(), m.eye(2).to_sparse_csc()), {}),
    lambda m: ((m.eye(2).to_sparse_csr(), m.eye(2).to_sparse()), {}),
]


def _outcome(module, case):
    args, kwargs = case(module)
    try:
        module.testing.assert_close(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - compared below
        return type(exc).__name__, str(exc).replace("torch.", "ember.")
    return "passed", ""


@requires_torch
@pytest.mark.parametrize("index", range(len(CASES)))
def test_assert_close_matches_torch(index):
    assert _outcome(ember, CASES[index]) == _outcome(TORCH, CASES[index])


@requires_torch
def test_assert_close_bfloat16_tolerance():
    if not hasattr(ember, "bfloat16"):
        pytest.skip("ember.bfloat16 needs ml_dtypes (pip install ml_dtypes)")
    case = lambda m: ((m.ones(3).bfloat16(), (m.ones(3) * 1.01).bfloat16()), {})  # noqa: E731
    assert _outcome(ember, case) == _outcome(TORCH, case)


MAKE = [
    lambda m: m.testing.make_tensor(3, dtype=m.float32, device="cpu"),
    lambda m: m.testing.make_tensor((2, 2), dtype=m.int64, device="cpu"),
    lambda m: m.testing.make_tensor(5, dtype=m.bool, device="cpu"),
    lambda m: m.testing.make_tensor(4, dtype=m.uint8, device="cpu"),
    lambda m: m.testing.make_tensor(3, dtype=m.float64, device="cpu", low=0, high=1,
                                    exclude_zero=True),
    lambda m: m.testing.make_tensor(2, 3, dtype=m.int32, device="cpu", low=-2, high=3),
    lambda m: m.testing.make_tensor(2, 3, dtype=m.float32, device="cpu", noncontiguous=True),
    lambda m: m.testing.make_tensor(2, dtype=m.float32, device="cpu", requires_grad=True),
    lambda m: m.testing.make_tensor(4, dtype=m.int8, device="cpu", low=-200, high=200),
    lambda m: m.testing.make_tensor(3, dtype=m.float32, device="cpu", low=-1e38, high=3e38),
]


@requires_torch
@pytest.mark.parametrize("index", range(len(MAKE)))
def test_make_tensor_draws_as_torch(index):
    results = []
    for m in (ember, TORCH):
        m.manual_seed(0)
        t = MAKE[index](m)
        results.append((t.tolist(), str(t.dtype).split(".")[1], t.is_contiguous(),
                        t.requires_grad, list(t.shape), m.rand(1, device="cpu").item()))
    assert results[0] == results[1]


@requires_torch
@pytest.mark.parametrize("kwargs", [{"low": 3, "high": 1}, {"low": math.nan},
                                    {"low": 300, "high": 400, "dtype": "int8"}])
def test_make_tensor_errors_match_torch(kwargs):
    def run(m):
        kw = dict(kwargs)
        kw["dtype"] = getattr(m, kw.pop("dtype", "float32"))
        try:
            m.testing.make_tensor(2, device="cpu", **kw)
        except Exception as exc:  # noqa: BLE001
            return type(exc).__name__, str(exc).replace("torch.", "ember.")
        return None
    assert run(ember) == run(TORCH) is not None


@requires_torch
@pytest.mark.parametrize("dtype", [lambda m: None, lambda m: "float32", lambda m: m.quint8])
def test_make_tensor_refuses_what_is_not_a_plain_dtype_as_torch(dtype):
    def run(m):
        try:
            m.testing.make_tensor(2, device="cpu", dtype=dtype(m))
        except Exception as exc:  # noqa: BLE001
            return type(exc).__name__, str(exc).replace("torch.", "ember.")
        return None
    assert run(ember) == run(TORCH) is not None


def test_make_tensor_low_equal_high_warns():
    with pytest.warns(FutureWarning, match="Passing `low==high`"):
        t = ember.testing.make_tensor(2, dtype=ember.float32, device="cpu", low=1, high=1)
    assert t.tolist() == [1.0, 1.0]
