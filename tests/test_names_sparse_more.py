"""The rest of torch.sparse's names against torch: the invariant-check switch and its warning,
the legacy sparse types, as_sparse_gradcheck, and the ops torch's CPU build refuses."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings

import pytest
from conftest import CUDA_KERNELS, TORCH, cpu_only, requires_torch

import ember
from ember import _deprecated
from ember.sparse import _more


@pytest.fixture
def fresh_switch(monkeypatch):
    """The switch as a new process has it: never set, its warning not yet given."""
    monkeypatch.setitem(_more._CHECK_STATE, "enabled", None)
    monkeypatch.setattr(_deprecated, "_warned", set())


def _build(lib):
    return lib.sparse_coo_tensor(lib.tensor([[0, 1], [1, 0]]), lib.tensor([1.0, 2.0]))


def test_implicit_checks_warn_once_at_the_callers_line(fresh_switch):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _build(ember)
        _build(ember)
    assert len(caught) == 1
    assert caught[0].filename == __file__
    assert str(caught[0].message).startswith("Sparse invariant checks are implicitly disabled.")


def test_adagrad_on_a_sparse_gradient_gives_the_warning_once(fresh_switch):
    # torch's Adagrad builds its sparse update with sparse_coo_tensor (SparseAdam does not)
    for optimizer, expected in ((ember.optim.SparseAdam, 0), (ember.optim.Adagrad, 1)):
        emb = ember.nn.Embedding(4, 2, sparse=True)
        opt = optimizer(emb.parameters())
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for _ in range(2):
                emb(ember.tensor([1, 3])).sum().backward()
                opt.step()
        messages = [str(w.message) for w in caught]
        assert len(messages) == expected, messages
        assert all(m.startswith("Sparse invariant checks are implicitly") for m in messages)
    ember.sparse.check_sparse_tensor_invariants.disable()
    emb = ember.nn.Embedding(4, 2, sparse=True)
    emb(ember.tensor([1])).sum().backward()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ember.optim.Adagrad(emb.parameters()).step()


@pytest.mark.parametrize("opt", [
    lambda: ember.sparse.check_sparse_tensor_invariants.disable(),
    lambda: ember.sparse.check_sparse_tensor_invariants.enable(),
    lambda: ember.sparse.check_sparse_tensor_invariants(False).__enter__()])
def test_an_explicit_choice_silences_the_warning(fresh_switch, opt):
    opt()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _build(ember)
        ember.sparse.spdiags(ember.ones(1, 2), ember.tensor([0]), (2, 2))


def test_check_invariants_argument_silences_the_warning(fresh_switch):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ember.sparse_coo_tensor(ember.tensor([[0]]), ember.tensor([1.0]), check_invariants=False)


@requires_torch
@pytest.mark.parametrize("lib", ["torch", "ember"])
def test_switch_states_match_torch(lib, fresh_switch):
    m = TORCH if lib == "torch" else ember
    switch = m.sparse.check_sparse_tensor_invariants
    before = switch.is_enabled()
    seen = []
    try:
        with switch():
            seen.append(switch.is_enabled())
            with switch(False):
                seen.append(switch.is_enabled())
            seen.append(switch.is_enabled())
            with pytest.raises(RuntimeError, match="size is inconsistent with indices: for dim "
                                                   "0, size is 3 but found index 5"):
                m.sparse_coo_tensor(m.tensor([[0, 5]]), m.tensor([1.0, 2.0]), (3,))

        @switch(enable=True)
        def inside():
            return switch.is_enabled()
        seen += [inside(), inside.__name__, switch.is_enabled()]
        once = switch()
        with once, pytest.raises(RuntimeError, match="already activated"):
            once.__enter__()
    finally:
        (switch.enable if before else switch.disable)()
    assert seen == [True, False, True, True, "test_mth", before]


def _legacy_cases(m):
    i, v = m.tensor([[0, 1], [1, 0]]), m.tensor([1.0, 2.0])
    return [lambda: m.sparse.FloatTensor(i, v, (2, 2)), lambda: m.sparse.DoubleTensor(2, 3),
            lambda: m.sparse.HalfTensor(m.Size([3])), lambda: m.sparse.LongTensor(),
            lambda: m.sparse.IntTensor(i, v), lambda: m.sparse.ByteTensor(i, v.byte(), (2, 3))]


@pytest.fixture(scope="module")
def torch_legacy_warnings():
    """The warning each legacy case gives in a fresh torch process (torch warns once per
    process, so this one has not spent them)."""
    code = ("import json, warnings, torch, sys; sys.path.insert(0, sys.argv[1]); "
            "from test_names_sparse_more import _legacy_cases; out = []\n"
            "for case in _legacy_cases(torch):\n"
            "    with warnings.catch_warnings(record=True) as caught:\n"
            "        warnings.simplefilter('always'); case()\n"
            "    out.append([str(w.message) for w in caught])\n"
            "print(json.dumps(out))")
    done = subprocess.run([sys.executable, "-c", code, os.path.dirname(__file__)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


@requires_torch
@pytest.mark.parametrize("case", range(6))
def test_legacy_sparse_types_build_as_torch(case):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours, theirs = _legacy_cases(ember)[case](), _legacy_cases(TORCH)[case]()
    assert repr(ours) == repr(theirs).replace("torch.", "ember.")


@requires_torch
def test_legacy_sparse_types_warn_once_per_form_as_torch(monkeypatch, torch_legacy_warnings):
    monkeypatch.setattr(_deprecated, "_warned", set())
    seen = []
    for case in _legacy_cases(ember):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            case()
        seen.append([str(w.message) for w in caught if w.filename == __file__])
    assert seen == [[text.replace("torch.", "ember.").partition(" (Triggered")[0]
                     for text in texts] for texts in torch_legacy_warnings]


@requires_torch
@pytest.mark.parametrize("lib", ["torch", "ember"])
def test_legacy_sparse_types_as_isinstance_targets(lib):
    m = TORCH if lib == "torch" else ember
    # The legacy sparse types are the CPU's (a CUDA tensor is a torch.cuda.sparse one).
    x = m.sparse_coo_tensor(m.tensor([[0]], device="cpu"), m.tensor([1.0], device="cpu"),
                            check_invariants=True)
    assert isinstance(x, m.sparse.FloatTensor)
    assert not isinstance(x, m.sparse.DoubleTensor)
    assert not isinstance(x.to_dense(), m.sparse.FloatTensor)
    assert not isinstance(x, m.FloatTensor)
    assert (m.sparse.FloatTensor.dtype, m.sparse.FloatTensor.layout) == (m.float32,
                                                                        m.sparse_coo)
    with pytest.raises(RuntimeError, match="legacy constructor expects device type: cpu but "
                                           "device type: meta was passed"):
        m.sparse.FloatTensor(2, device="meta")
    with pytest.raises(TypeError, match="invalid combination of arguments"):
        m.sparse.FloatTensor([[0, 1]], [1.0, 2.0], (2,))


def _refusals(m):
    x = m.sparse_coo_tensor(m.tensor([[0, 1], [1, 0]]), m.tensor([1.0, 2.0]),
                            check_invariants=True)
    return [lambda: m.sparse.sampled_addmm(x, m.ones(2, 2), m.ones(2, 2)),
            lambda: m.sparse.sampled_addmm(x.to_dense(), m.ones(2, 2), m.ones(2, 2)),
            lambda: m.sparse.spsolve(x, m.ones(2)),
            lambda: m.sparse.spsolve(x.to_dense(), m.ones(2)),
            lambda: m.sparse.to_sparse_semi_structured(m.ones(32, 32)),
            lambda: m.sparse.SparseSemiStructuredTensor(m.Size([2, 2]), *[None] * 5)]


@requires_torch
@pytest.mark.parametrize("case", [pytest.param(case, marks=cpu_only(CUDA_KERNELS)) if case < 5
                                  else case for case in range(6)])
def test_ops_torchs_cpu_build_refuses_raise_the_same(case):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(Exception) as theirs:
            _refusals(TORCH)[case]()
        with pytest.raises(Exception) as ours:
            _refusals(ember)[case]()
    assert ours.type is theirs.type
    first = str(theirs.value).split(". ")[0].split("\n")[0]
    assert str(ours.value).startswith(first)


def test_semi_structured_transposed_is_deprecated():
    with pytest.warns(FutureWarning, match="Setting transpose"), pytest.raises(RuntimeError):
        ember.sparse.to_sparse_semi_structured(ember.ones(32, 32), transposed=True)


def _dense_input():
    return ember.tensor([[0.0, 1.0], [2.0, 0.0]], dtype=ember.float64)


@pytest.mark.parametrize("masked", [False, True])
def test_as_sparse_gradcheck_passes_true_gradients(masked):
    check = ember.sparse.as_sparse_gradcheck(ember.autograd.gradcheck)
    x = _dense_input().to_sparse().requires_grad_()
    weight = ember.tensor([[1.0, -2.0, 0.5], [3.0, 0.0, 1.0]], dtype=ember.float64)
    assert check(lambda s: s * 3, (x,), masked=masked)
    assert check(lambda s: ember.sparse.mm(s, weight), x, masked=masked)
    assert check(lambda s: (s.to_dense() ** 2).sum(), (x,), masked=masked)


def test_as_sparse_gradcheck_catches_a_wrong_gradient():
    class Wrong(ember.autograd.Function):
        @staticmethod
        def forward(ctx, dense):
            return dense * 2

        @staticmethod
        def backward(ctx, grad):
            return grad * 3

    check = ember.sparse.as_sparse_gradcheck(ember.autograd.gradcheck)
    x = _dense_input().to_sparse().requires_grad_()
    with pytest.raises(ember.autograd.GradcheckError):
        check(lambda s: Wrong.apply(s.to_dense()), (x,))


def test_as_sparse_gradcheck_sees_zeros_unless_masked():
    seen = []

    def record(s):
        seen.append(s._nnz())
        return s.to_dense()

    check = ember.sparse.as_sparse_gradcheck(ember.autograd.gradcheck)
    x = _dense_input().to_sparse().requires_grad_()
    check(record, (x,))
    assert seen[0] == 4
    seen.clear()
    check(record, (x,), masked=True)
    assert seen[0] == 2


@requires_torch
@pytest.mark.parametrize("lib", ["torch", "ember"])
def test_spdiags_records_torchs_not_implemented_node(lib):
    m = TORCH if lib == "torch" else ember
    diagonals = m.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    out = m.sparse.spdiags(diagonals, m.tensor([0, -1]), (3, 3))
    assert type(out.grad_fn).__name__ == "NotImplemented"
    assert out.grad_fn.name().endswith("::autograd::NotImplemented")
    assert "grad_fn=<NotImplemented>" in repr(out)
    with pytest.raises(RuntimeError, match="derivative for aten::_spdiags is not implemented"):
        out.to_dense().sum().backward()
