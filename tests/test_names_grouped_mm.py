"""F.grouped_mm against torch's CPU build: every layout's values and gradients, the errors in
torch's order, and the derivative (written with grouped_mm itself) by gradcheck in float64."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import CUDA_KERNELS, TORCH, assert_close, cpu_only, requires_torch

import ember
from ember.nn import _grouped_mm

OFFS = [8, 24]


def _operands(lib, layout, dtype="float32", seed=0):
    rng = np.random.default_rng(seed)
    shapes = {"3d3d": ((2, 8, 16), (2, 16, 8)), "2d3d": ((24, 16), (2, 16, 8)),
              "3d2d": ((2, 8, 16), (16, 24)), "2d2d": ((8, 24), (24, 8))}[layout]
    a, b = (lib.tensor(rng.standard_normal(shape).astype(np.float32)).to(getattr(lib, dtype))
            for shape in shapes)
    offs = None if layout == "3d3d" else lib.tensor(OFFS, dtype=lib.int32)
    return a, b, offs


@requires_torch
@pytest.mark.parametrize("layout", ["3d3d", "2d3d", "3d2d", "2d2d"])
@pytest.mark.parametrize("dtype", ["float32", "float16"])
def test_values_and_gradients_match_torch(layout, dtype):
    results = []
    for lib in (ember, TORCH):
        a, b, offs = _operands(lib, layout, dtype)
        a.requires_grad_()
        b.requires_grad_()
        out = lib.nn.functional.grouped_mm(a, b, offs=offs)
        weight = lib.linspace(-1, 1, out.numel()).reshape(out.shape).to(out.dtype)
        out.backward(weight)
        results.append((out, a.grad, b.grad, type(out.grad_fn).__name__))
    tolerance = {"float32": (1e-5, 1e-4), "float16": (2e-3, 2e-2)}[dtype]
    for ours, theirs in zip(results[0][:3], results[1][:3]):
        assert_close(ours, theirs, *tolerance)
    assert results[0][3] == results[1][3] == "GroupedMmBackward0"


@requires_torch
def test_offsets_cut_the_groups_as_torch():
    for ends in ([0, 24], [8, 8], [3, 20]):
        outs = []
        for lib in (ember, TORCH):
            a, b, _ = _operands(lib, "2d3d")
            out = lib.nn.functional.grouped_mm(a, b, offs=lib.tensor(ends, dtype=lib.int32))
            outs.append(out[:ends[-1]])  # torch leaves the rows past the last end unset
        assert_close(*outs, 1e-5, 1e-4)
    a, b, _ = _operands(ember, "2d3d")
    out = ember.nn.functional.grouped_mm(a, b, offs=ember.tensor([3, 20], dtype=ember.int32))
    assert out[20:].abs().sum().item() == 0


def _bad_calls(m):
    f, o = m.nn.functional.grouped_mm, m.tensor(OFFS, dtype=m.int32)
    return [lambda: f(m.ones(2, 8, 8).double(), m.ones(2, 8, 8)),
            lambda: f(m.ones(8, dtype=m.int32), m.ones(3)),
            lambda: f(m.ones(2, 8, 8), m.ones(2, 8, 8, dtype=m.int32)),
            lambda: f(m.ones(8), m.ones(2, 8, 8)),
            lambda: f(m.ones(2, 8, 8), m.ones(8)),
            lambda: f(m.ones(2, 8, 8), m.ones(3, 16, 8)),
            lambda: f(m.ones(24, 6), m.ones(2, 6, 8), offs=o.long()),
            lambda: f(m.ones(24, 16)[:, ::2], m.ones(2, 8, 8), offs=o),
            lambda: f(m.ones(8, 8), m.ones(8, 8)),
            lambda: f(m.ones(2, 8, 8), m.ones(2, 8, 8), offs=o),
            lambda: f(m.ones(24, 8), m.ones(2, 8, 8), offs=o.reshape(1, 2).long()),
            lambda: f(m.ones(24, 8), m.ones(2, 8, 8), offs=o.long()),
            lambda: f(m.ones(2, 8, 8), m.ones(2, 8, 8), bias=m.ones(8)),
            lambda: f(m.ones(2, 8, 8).half(), m.ones(2, 8, 8).half(), out_dtype=m.float32),
            lambda: f(m.ones(2, 8, 8), m.ones(3, 8, 8)),
            lambda: f(m.ones(24, 8), m.ones(3, 8, 8), offs=o),
            lambda: f(m.ones(3, 8, 16), m.ones(16, 24), offs=o),
            lambda: f(m.ones(2, 8, 8), m.ones(2, 8, 8).half()),
            lambda: f(m.ones(24, 8).half(), m.ones(2, 8, 8), offs=o),
            lambda: f(m.ones(8, 24), m.ones(16, 8), offs=o)]


@requires_torch
@pytest.mark.parametrize("case", range(20))
def test_bad_input_raises_what_torch_raises(case):
    with pytest.raises(Exception) as theirs:
        _bad_calls(TORCH)[case]()
    with pytest.raises(Exception) as ours:
        _bad_calls(ember)[case]()
    assert ours.type is theirs.type
    assert str(ours.value) == str(theirs.value).replace("torch.", "ember.")


def test_bad_input_names_the_problem_without_torch():
    f = ember.nn.functional.grouped_mm
    with pytest.raises(RuntimeError, match="Offsets have to be int32"):
        f(ember.ones(24, 8), ember.ones(2, 8, 8), offs=ember.tensor(OFFS))
    with pytest.raises(RuntimeError, match="strides should be multiple of 16 bytes"):
        f(ember.ones(2, 8, 6), ember.ones(2, 6, 8))


@pytest.mark.parametrize("layout", ["3d3d", "2d3d", "3d2d", "2d2d"])
def test_derivative_passes_gradcheck_and_gradgradcheck(layout):
    # grouped_mm takes 32- and 16-bit floats only; its rule is dtype-blind, so check the
    # recorded product itself in float64.
    shapes = {"3d3d": ((2, 3, 4), (2, 4, 3)), "2d3d": ((5, 4), (2, 4, 3)),
              "3d2d": ((2, 3, 4), (4, 5)), "2d2d": ((3, 5), (5, 3))}[layout]
    a, b = (ember.randn(*shape, dtype=ember.float64, requires_grad=True) for shape in shapes)
    offs = None if layout == "3d3d" else ember.tensor([2, 5], dtype=ember.int32)

    def product(x, y):
        return _grouped_mm._grouped(x, y, offs)
    assert ember.autograd.gradcheck(product, (a, b))
    assert ember.autograd.gradgradcheck(product, (a, b))


def test_no_node_without_requires_grad():
    a, b, offs = _operands(ember, "2d3d")
    assert ember.nn.functional.grouped_mm(a, b, offs=offs).grad_fn is None


@cpu_only(CUDA_KERNELS)
@requires_torch
def test_scaled_grouped_mm_has_no_cpu_kernel_as_in_torch():
    from conftest import installed
    if not installed("ml_dtypes"):
        pytest.skip("float8 needs ml_dtypes: pip install ml_dtypes")
    errors = []
    for m in (TORCH, ember):
        a = m.ones(2, 16, 32).to(m.float8_e4m3fn)
        b = m.ones(2, 32, 16).to(m.float8_e4m3fn)
        with pytest.raises(NotImplementedError) as caught:
            m.nn.functional.scaled_grouped_mm(a, b, m.tensor(1.0),
                                              m.nn.functional.ScalingType.TensorWise,
                                              m.tensor(1.0),
                                              m.nn.functional.ScalingType.TensorWise)
        errors.append(str(caught.value).split(" This could be")[0])
    assert errors[0] == errors[1]
