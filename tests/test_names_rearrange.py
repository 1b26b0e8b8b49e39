"""func.rearrange (einops' pattern language) against torch.func.rearrange: shapes, values,
contiguity, and the errors."""
from __future__ import annotations

import pytest
from conftest import TORCH, requires_torch

import ember

PATTERNS = ["b c h -> b h c", "b c h -> b (c h)", "b c h -> (b c) h", "... h -> h ...",
            "b ... -> ... b", "b c h -> b 1 c h", "b c h -> b c (h)", "b c h -> (h b) c",
            "b c h -> h c b", "b ... -> (b ...)", "b c ... -> (c b) ..."]


def _run(m, pattern, **lengths):
    out = m.func.rearrange(m.arange(24).reshape(2, 3, 4), pattern, **lengths)
    return tuple(out.shape), out.tolist(), out.is_contiguous()


@requires_torch
@pytest.mark.parametrize("pattern", PATTERNS)
def test_matches_torch(pattern):
    assert _run(ember, pattern) == _run(TORCH, pattern)


@requires_torch
def test_splits_stacks_and_unit_axes_match_torch():
    assert _run(ember, "b (c1 c2) h -> b c1 c2 h", c1=3) == \
        _run(TORCH, "b (c1 c2) h -> b c1 c2 h", c1=3)
    for m in (ember, TORCH):
        x = m.arange(6).reshape(1, 6)
        assert m.func.rearrange(x, "1 (a b) -> b a", a=2).tolist() == [[0, 3], [1, 4], [2, 5]]
        assert tuple(m.func.rearrange([x, x], "n o s -> o n s").shape) == (1, 2, 6)


def test_is_differentiable():
    x = ember.randn(2, 6, dtype=ember.float64, requires_grad=True)
    assert ember.autograd.gradcheck(
        lambda t: ember.func.rearrange(t, "b (c d) -> d (b c)", c=2), (x,))


def _bad(m):
    x = m.arange(24).reshape(2, 3, 4)
    r = m.func.rearrange
    return [lambda: r(x, "b c -> c b"), lambda: r(x, "b c h -> b c"),
            lambda: r(x, "b c h -> h c b", q=3), lambda: r(x, "b c c -> b c"),
            lambda: r(x, "b c h -> b (c h ...)"), lambda: r(x, "b (c d) h -> b c d h", c=2),
            lambda: r(x, "b c h -> b c h", b=3), lambda: r(x, "b (c d) h -> b c d h")]


@requires_torch
@pytest.mark.parametrize("case", range(8))
def test_errors_match_torch(case):
    with pytest.raises(Exception) as theirs:
        _bad(TORCH)[case]()
    with pytest.raises(Exception) as ours:
        _bad(ember)[case]()
    assert type(ours.value).__name__ == type(theirs.value).__name__
    if type(theirs.value).__name__ == "ValueError" or case == 5:
        assert str(ours.value) == str(theirs.value)
