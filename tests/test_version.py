"""ember.__version__ compares as a version, as torch.__version__ does, so PyTorch programs' version
gates take the branch of the API ember implements."""
import pickle

import pytest
from conftest import TORCH, requires_torch

import ember
from ember.torch_version import TorchVersion

COMPARISONS = [
    (">", "2.0"), (">=", "2.13"), ("<", "2.13.1"), ("==", "2.13.0"), (">", (2, 12)),
    (">=", (2, 13, 0)), ("<", (3,)), (">=", "1.8"), ("<", "2.9"), ("!=", (2, 13)),
]
OPERATORS = {">": lambda a, b: a > b, ">=": lambda a, b: a >= b, "<": lambda a, b: a < b,
             "<=": lambda a, b: a <= b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b}


def test_version_is_the_api_release_with_embers_own_as_the_local_label():
    assert ember.__version__ == ember.version.__version__
    release, label = str(ember.__version__).split("+")
    assert release == ember.version.torch_version
    assert label == f"ember.{ember.version.ember_version}"
    assert isinstance(ember.__version__, str)


@pytest.mark.parametrize("op,other", COMPARISONS)
def test_version_compares_as_a_version_not_as_text(op, other):
    # "2.13.0" < "2.9" as text; as versions it is the other way round.
    version = TorchVersion("2.13.0")
    numbers = tuple(int(p) for p in (other.split(".") if isinstance(other, str) else other))
    padded = numbers + (0,) * (3 - len(numbers))
    assert OPERATORS[op](version, other) == OPERATORS[op]((2, 13, 0), padded)


@requires_torch
@pytest.mark.parametrize("op,other", COMPARISONS)
def test_version_comparisons_match_torchs_own_class(op, other):
    ours = OPERATORS[op](TorchVersion("2.13.0+cpu"), other)
    theirs = OPERATORS[op](TORCH.torch_version.TorchVersion("2.13.0+cpu"), other)
    assert ours == theirs


def test_the_gates_programs_write_take_the_new_api_branch():
    version = ember.__version__
    assert version >= "2.0" and version > (1, 12) and not version < "2.1"
    assert int(version.split(".")[0]) >= 2
    assert pickle.loads(pickle.dumps(version)) == version
    assert {version: 1}[str(version)] == 1


def test_a_comparison_with_a_number_is_a_type_error_as_in_torch():
    with pytest.raises(TypeError):
        assert TorchVersion("2.13.0") < 3


def test_the_release_parts_compare_without_packaging(monkeypatch):
    import ember.torch_version as tv
    monkeypatch.setattr(tv, "_packaging", lambda: None)
    version = TorchVersion("2.13.0+ember.0.1.0")
    assert version > "2.9" and version >= (2, 13) and version == "2.13" and version < "10"
    with pytest.raises(tv.InvalidVersion):
        assert version < "not a version"
