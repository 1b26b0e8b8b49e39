"""Small top-level names and behaviours real programs use, compared with torch: the in-place
dropout family and embedding_renorm_, addcmul_/addcdiv_'s grad_fn, and the range check of
integer tensors built from Python numbers."""
from __future__ import annotations

import pytest
from conftest import CPU_RNG, TORCH, compare_with_torch, cpu_only, rand64, requires_torch

import ember

DROPOUTS = ["dropout_", "feature_dropout_", "alpha_dropout_", "feature_alpha_dropout_",
            "feature_dropout"]


def _outcome(fn):
    try:
        return fn()
    except Exception as error:  # noqa: BLE001 - the error is what is compared
        return f"{type(error).__name__}: {error}"


@cpu_only(CPU_RNG)
@requires_torch
@pytest.mark.parametrize("name", DROPOUTS)
def test_dropout_functions_draw_as_torch_and_work_in_place(name):
    results = {}
    for lib in (ember, TORCH):
        lib.manual_seed(0)
        x = lib.ones(2, 3, 4)
        out = getattr(lib, name)(x, 0.5, True)
        assert (out is x) == name.endswith("_")
        kept = lib.ones(2, 3)
        assert getattr(lib, name)(kept, 0.5, False) is kept
        results[lib] = out.tolist()
    assert results[ember] == results[TORCH]


@requires_torch
def test_in_place_dropout_refuses_a_leaf_that_requires_grad():
    msgs = [_outcome(lambda lib=lib: lib.dropout_(lib.ones(3, requires_grad=True), 0.5, True))
            for lib in (ember, TORCH)]
    assert msgs[0] == msgs[1] and msgs[0].startswith("RuntimeError: a leaf Variable")


@requires_torch
def test_embedding_renorm_rescales_the_named_rows_in_place():
    rows = [[3.0, 4.0], [1.0, 0.0], [6.0, 8.0]]
    for norm_type in (2.0, 1.0):
        got = []
        for lib in (ember, TORCH):
            w = lib.tensor(rows)
            assert lib.embedding_renorm_(w, lib.tensor([0, 2, 2]), 1.0, norm_type) is w
            got.append(sum(w.tolist(), []))
        assert got[0] == pytest.approx(got[1])
    w = ember.tensor(rows, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        ember.embedding_renorm_(w, ember.tensor([0]), 1.0, 2.0)


@requires_torch
@pytest.mark.parametrize("op", ["addcmul_", "addcdiv_"])
def test_addc_in_place_records_its_own_node(op):
    def run(lib, a, t1, t2):
        out = a * 1
        getattr(out, op)(t1, t2 + 2, value=0.5)
        return out
    compare_with_torch(run, rand64(3, 4), rand64(4, seed=1), rand64(3, 1, seed=2))


@requires_torch
def test_addc_in_place_keeps_torchs_errors():
    cases = [lambda lib: lib.zeros(3).addcmul_(lib.ones(2, 3), lib.ones(3)),
             lambda lib: lib.zeros(3, dtype=lib.int64).addcdiv_(lib.ones(3), lib.ones(3)),
             lambda lib: lib.zeros(2, 3).addcmul_(lib.ones(3), lib.ones(2, 1), value=2).tolist()]
    for case in cases:
        ours = _outcome(lambda case=case: case(ember))
        theirs = _outcome(lambda case=case: case(TORCH))
        assert ours == theirs


VALUES = [[-2.0], [300.0], [-2], [300], [200], [-200], [-255], [-256], [255], [2.7], [-0.5],
          [-1.0], [1e20], [float("nan")], [float("inf")], -2, -2.0, [True, -1], [70000],
          [2 ** 40], [-2 ** 63], [2 ** 63 - 1], [2 ** 63], [1e5]]


@requires_torch
@pytest.mark.parametrize("dtype", ["uint8", "int8", "int16", "int32", "int64", "bool"])
def test_integer_tensors_from_python_numbers_check_range_as_torch(dtype):
    for value in VALUES:
        ours = _outcome(lambda: ember.tensor(value, dtype=getattr(ember, dtype)).tolist())
        theirs = _outcome(lambda: TORCH.tensor(value, dtype=getattr(TORCH, dtype)).tolist())
        assert ours == theirs, value


def test_negative_ints_wrap_into_uint8_but_floats_do_not():
    assert ember.tensor([-2, 255], dtype=ember.uint8).tolist() == [254, 255]
    with pytest.raises(RuntimeError, match="value cannot be converted to type uint8 without"):
        ember.tensor([-2.0], dtype=ember.uint8)


@requires_torch
def test_relu_backward_selects_so_an_infinite_gradient_at_zero_gives_zero():
    grads = []
    for lib in (ember, TORCH):
        x = lib.tensor([0.0, 1.0, -2.0], requires_grad=True)
        lib.relu(x).backward(lib.tensor([float("inf"), 1.0, 3.0]))
        grads.append(x.grad.tolist())
    assert grads[0] == grads[1] == [0.0, 1.0, 0.0]


@requires_torch
@pytest.mark.parametrize("reduction", [0, 1, 2])
def test_top_level_kl_div_takes_an_integer_reduction_without_f_kl_divs_warning(reduction):
    # torch.kl_div (ATen's op, reduction 1 = mean) does not warn about 'mean' as F.kl_div does
    import warnings
    results = []
    for lib in (ember, TORCH):
        x = lib.tensor([[-1.2, -0.4, -2.0], [-0.7, -1.1, -1.5]], dtype=lib.float64,
                       requires_grad=True)
        t = lib.tensor([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]], dtype=lib.float64)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = lib.kl_div(x, t, reduction)
        out.sum().backward()
        results.append((out.detach().reshape(-1).tolist() + x.grad.reshape(-1).tolist(),
                        type(out.grad_fn).__name__, [str(w.message) for w in caught]))
    assert results[0][1:] == results[1][1:]
    assert results[0][0] == pytest.approx(results[1][0], rel=1e-14, abs=1e-15)
    with pytest.warns(UserWarning, match="'batchmean' divides only by the batch size"):
        ember.nn.functional.kl_div(ember.zeros(2, 3), ember.ones(2, 3))
