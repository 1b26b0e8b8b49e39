"""complex32 (torch.chalf): storage as float16 pairs, conversion, printing, promotion, the ops
torch has ComplexHalf CPU kernels for and torch's error for the ones it has not."""
from __future__ import annotations

import io
import warnings

import numpy as np
import pytest
from conftest import TORCH, as_cpu_text, requires_torch

import ember

pytestmark = pytest.mark.filterwarnings("ignore:ComplexHalf support is experimental")


def _chalf(values):
    return ember.tensor(values, dtype=ember.chalf)


def test_dtype_object_and_storage():
    assert ember.chalf is ember.complex32 and ember.complex32.is_complex
    assert not ember.complex32.is_floating_point and ember.complex32.itemsize == 4
    assert ember.complex32.to_real() is ember.float16 and ember.float16.to_complex() is ember.chalf
    t = _chalf([1 + 2j, 3.3 - 4.1j])
    assert t.element_size() == 4 and t.dtype is ember.complex32 and t.is_complex()
    pairs = ember.view_as_real(t)
    assert pairs.dtype is ember.float16 and pairs.data_ptr() == t.data_ptr()
    pairs[0, 0] = 9
    assert t.tolist() == [9 + 2j, complex(np.float16(3.3), np.float16(-4.1))]
    back = ember.view_as_complex(pairs)
    assert back.dtype is ember.chalf and back.data_ptr() == t.data_ptr()
    assert t.real.dtype is ember.float16 and t.imag.tolist() == pytest.approx([2, -4.1], 1e-3)


def test_conversion_rounds_each_part_to_float16():
    t = ember.tensor([70000 + 2j, 1e-8 + 1j, 0.1 - 0.2j]).chalf()
    values = t.to(ember.complex64).tolist()
    assert values[0].real == np.inf and values[1] == 1j
    assert values[2] == complex(np.float16(0.1), np.float16(-0.2))
    assert ember.tensor([3j], dtype=ember.chalf).bool().tolist() == [True]
    assert ember.tensor([1.5, 2]).chalf().tolist() == [1.5, 2]
    with pytest.raises(TypeError, match="Got unsupported ScalarType ComplexHalf"):
        t.numpy()


def test_creation_and_fills_set_both_parts():
    assert ember.ones(2, dtype=ember.chalf).tolist() == [1, 1]
    assert ember.full((2,), 1 + 2j, dtype=ember.chalf).tolist() == [1 + 2j, 1 + 2j]
    t = _chalf([1 + 2j, 3j])
    t[0] = 5
    t.masked_fill_(ember.tensor([False, True]), 1)
    assert t.tolist() == [5, 1]
    t.fill_(2j)
    assert t.tolist() == [2j, 2j]
    t.copy_(ember.tensor([1.5, 2.0]))
    assert t.tolist() == [1.5, 2]
    assert ember.cat([t, ember.tensor([1.0], dtype=ember.half)]).tolist() == [1.5, 2, 1]


def test_save_load_round_trip(tmp_path):
    t = _chalf([1 + 2j, -0.5j])
    buffer = io.BytesIO()
    ember.save({"t": t, "view": t[1:]}, buffer)
    buffer.seek(0)
    loaded = ember.load(buffer)
    assert loaded["t"].dtype is ember.chalf and loaded["t"].tolist() == [1 + 2j, -0.5j]
    assert loaded["view"].tolist() == [-0.5j]


def test_experimental_warning_is_torchs():
    from ember import _deprecated
    _deprecated._warned.discard("complex32")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ember.zeros(1, dtype=ember.chalf)
        ember.zeros(1, dtype=ember.chalf)
    assert [str(w.message) for w in caught] == [
        "ComplexHalf support is experimental and many operators don't support it yet."]
    assert caught[0].filename == __file__  # at the user's line, as torch's is


# --- torch as the oracle: each case's value or error ------------------------------------------

def _cases(lib):
    t = lib.tensor([1 + 2j, 3.3 - 4.1j], dtype=lib.chalf)
    m = lib.ones(2, 2, dtype=lib.chalf)
    half = lib.tensor([1.5, -2.0], dtype=lib.half)
    return {
        "repr": lambda: repr(t), "repr_2d": lambda: repr(m * (1 + 1j)),
        "zeros": lambda: lib.zeros(2, dtype=lib.chalf),
        "empty": lambda: lib.empty(0, dtype=lib.chalf),
        "to_c64": lambda: t.to(lib.complex64), "to_c128": lambda: t.cdouble(),
        "to_f32": lambda: t.float(), "to_half": lambda: t.half(), "to_long": lambda: t.long(),
        "add": lambda: t + t, "sub": lambda: t - 1, "rsub": lambda: 1 - t, "mul": lambda: t * t,
        "mul_big": lambda: t * 1e5, "mul_half": lambda: t * half,
        "mul_f32": lambda: t * half.float(),
        "add_c128": lambda: t + lib.tensor([1j], dtype=lib.complex128), "neg": lambda: -t,
        "add_": lambda: t.clone().add_(1j), "mul_": lambda: t.clone().mul_(2),
        "abs": lambda: t.abs(), "sgn": lambda: t.sgn(), "conj": lambda: t.conj(),
        "conj_physical": lambda: t.conj_physical(), "isnan": lambda: t.isnan(),
        "isfinite": lambda: (t * 1e5).isfinite(), "eq": lambda: t == t, "ne": lambda: t != 1,
        "eq_c64": lambda: t == t.to(lib.complex64), "isclose": lambda: lib.isclose(t, t),
        "allclose": lambda: lib.allclose(t, t), "any": lambda: t.any(),
        "where": lambda: lib.where(lib.tensor([True, False]), t, 0.0),
        "stack": lambda: lib.stack([t, t]), "index": lambda: t[lib.tensor([1, 0])],
        "transpose": lambda: m.t().contiguous(), "expand": lambda: t[:1].expand(3),
        "result_type": lambda: (lib.result_type(t, 1.0), lib.result_type(t, half.float()),
                                lib.promote_types(lib.chalf, lib.bfloat16)
                                if hasattr(lib, "bfloat16") else None),
        "complex": lambda: lib.complex(half, half),
        "div": lambda: t / 2, "pow": lambda: t ** 2, "exp": lambda: t.exp(),
        "sqrt": lambda: t.sqrt(), "tanh": lambda: t.tanh(), "sigmoid": lambda: t.sigmoid(),
        "reciprocal": lambda: t.reciprocal(), "angle": lambda: t.angle(), "sum": lambda: t.sum(),
        "mean": lambda: t.mean(), "prod": lambda: t.prod(), "cumsum": lambda: t.cumsum(0),
        "matmul": lambda: m @ m, "dot": lambda: lib.dot(t, t), "mv": lambda: m @ t,
        "flip": lambda: t.flip(0), "gather": lambda: t.gather(0, lib.tensor([1])),
        "equal": lambda: lib.equal(t, t), "arange": lambda: lib.arange(2, dtype=lib.chalf),
        "eye": lambda: lib.eye(2, dtype=lib.chalf), "take": lambda: t.take(lib.tensor([0])),
        "unique": lambda: t.unique(), "remainder": lambda: t % 2,
    }


def _outcome(fn):
    try:
        result = fn()
    except Exception as error:  # the error itself is what is compared
        return type(error).__name__, str(error).replace("torch", "ember")
    if isinstance(result, tuple):
        return tuple(str(r).replace("torch", "ember") for r in result)
    if isinstance(result, str):
        return result.replace("torch", "ember")
    if isinstance(result, bool):
        return result
    dtype = str(result.dtype).replace("torch.", "").replace("ember.", "")
    values = result.tolist()
    return dtype, np.array(values, dtype=complex).tolist() if values != [] else []


@requires_torch
@pytest.mark.parametrize("name", sorted(_cases(ember)))
def test_matches_torch(name):
    ours, theirs = _outcome(_cases(ember)[name]), _outcome(_cases(TORCH)[name])
    if isinstance(ours, str):  # a repr: torch's is of its CPU tensor
        ours = as_cpu_text(ours)
    if isinstance(theirs, tuple) and len(theirs) == 2 and isinstance(theirs[1], list):
        assert ours[0] == theirs[0]
        np.testing.assert_array_equal(np.array(ours[1], dtype=complex),
                                      np.array(theirs[1], dtype=complex))
    else:
        assert ours == theirs
