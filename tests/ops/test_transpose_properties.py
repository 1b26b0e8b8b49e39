"""T, mT, H, mH and adjoint() on tensors of every rank: values, torch's errors, and torch's
once-per-process deprecation warnings for the ranks where they are identities."""
import json
import subprocess
import sys
import warnings

import pytest
from conftest import requires_torch

import ember
from ember import _deprecated

NAMES = ["T", "mT", "H", "mH", "adjoint"]
SHAPES = [(), (3,), (2, 3), (2, 3, 4)]


def outcome(lib, shape, name):
    """[shape and values, or the error] and the warning texts of ``x.<name>`` on a complex tensor
    of ``shape``, as JSON-ready lists."""
    x = (lib.arange(max(1, int(lib.ones(shape).numel())), dtype=lib.float64) * (1 + 2j))
    x = x.reshape(shape)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = getattr(x, name)
            result = result() if callable(result) else result
            resolved = result.resolve_conj()
            value = [list(result.shape), [[z.real, z.imag] for z in resolved.flatten().tolist()]]
        except RuntimeError as error:
            value = ["RuntimeError", str(error)]
    texts = [str(w.message).split(" (Triggered internally")[0].replace("torch.", "ember.")
             for w in caught]
    return [value, texts]


def all_outcomes(lib):
    """Every (rank, name) case in order, twice: the second round shows the warnings are once."""
    return [outcome(lib, shape, name) for _ in range(2) for shape in SHAPES for name in NAMES]


@requires_torch
def test_values_errors_and_warnings_match_torch(monkeypatch):
    # torch warns once per process: its outcomes come from a fresh interpreter, ember's from a
    # fresh record of what has warned.
    code = ("import json, sys, torch; sys.path[:0] = sys.argv[1:]; "
            "import test_transpose_properties as t; print(json.dumps(t.all_outcomes(torch)))")
    from pathlib import Path
    here = Path(__file__).parent
    theirs = json.loads(subprocess.run(
        [sys.executable, "-c", code, str(here), str(here.parent)], capture_output=True,
        text=True, check=True).stdout)
    monkeypatch.setattr(_deprecated, "_warned", set())
    ours = json.loads(json.dumps(all_outcomes(ember)))
    assert len(ours) == len(theirs) == 2 * len(SHAPES) * len(NAMES)
    for case, (mine, reference) in enumerate(zip(ours, theirs)):
        assert mine == reference, (case, SHAPES[case // len(NAMES) % len(SHAPES)],
                                   NAMES[case % len(NAMES)])


def test_the_deprecation_warnings_come_once_per_process_at_the_users_line(monkeypatch):
    monkeypatch.setattr(_deprecated, "_warned", set())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            ember.ones(2, 3, 4).T
            ember.ones(()).mH
    assert [str(w.message)[:22] for w in caught] == ["The use of `x.T` on te",
                                                     "Tensor.mH is deprecate"]
    assert {w.filename for w in caught} == {__file__}


@pytest.mark.parametrize("name", ["H", "mH", "adjoint"])
def test_the_conjugate_transposes_conjugate_with_a_gradient(name):
    x = ember.tensor([[1 + 2j, 3j], [2, 1 - 1j]], dtype=ember.complex128, requires_grad=True)
    result = getattr(x, name)
    result = result() if callable(result) else result
    assert ember.equal(result, x.detach().conj().transpose(0, 1))
    assert result.grad_fn.name() == "ConjBackward0"
    assert ember.autograd.gradcheck(lambda t: getattr(t, name)() if name == "adjoint"
                                    else getattr(t, name), (x,))
