"""where() with a condition that is not a tensor (a Python bool, a function, a list) or values
that are neither tensors nor numbers raises torch's TypeError listing its overloads; ember
picked from them silently (``torch.where(True, t, 0.0)`` gave ``t``) or raised another text."""
from __future__ import annotations

import pytest
from conftest import TORCH, requires_torch

import ember


def _calls(lib):
    t = lib.ones(2)
    return {
        "function condition": lambda: lib.where(lambda s: s > 0, t, t),
        "bool condition": lambda: lib.where(True, t, t),
        "string other": lambda: lib.where(t > 0, t, "a"),
        "string input": lambda: lib.where(t > 0, "a", t),
        "method function condition": lambda: t.where(lambda s: s > 0, t),
        "method bool condition": lambda: t.where(True, t),
        "method string other": lambda: t.where(t > 0, "a"),
    }


@pytest.mark.parametrize("case", sorted(_calls(ember)))
def test_where_refuses_what_is_not_a_tensor_or_number(case):
    with pytest.raises(TypeError, match=r"^where\(\) received an invalid combination of "
                                        r"arguments - got \("):
        _calls(ember)[case]()


@requires_torch
@pytest.mark.parametrize("case", ["function condition", "string other", "string input",
                                  "method function condition", "method string other",
                                  "method bool condition", "bool condition"])
def test_where_messages_match_torch(case):
    messages = []
    for lib in (ember, TORCH):
        with pytest.raises(TypeError) as caught:
            _calls(lib)[case]()
        messages.append(str(caught.value))
    if case == "bool condition":
        # torch's parser, given a bool condition, also marks the float as a misfit for
        # "Number other"; the arguments named and the signatures listed are the same
        assert messages[0].splitlines()[:5] == messages[1].splitlines()[:5]
    else:
        assert messages[0] == messages[1]


def test_where_still_takes_numbers_and_tensors():
    t = ember.tensor([1.0, -2.0, 3.0])
    assert ember.where(t > 0, t, 0.0).tolist() == [1.0, 0.0, 3.0]
    assert ember.where(t > 0, 1, -1).tolist() == [1, -1, 1]
    assert t.where(t > 0, -t).tolist() == [1.0, 2.0, 3.0]
    assert ember.where(t > 0, True, False).tolist() == [True, False, True]
