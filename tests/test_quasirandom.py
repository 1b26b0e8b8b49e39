"""ember.quasirandom.SobolEngine: the same points as torch's, scrambled or not, across draws."""
from __future__ import annotations

import doctest

import numpy as np
import pytest

import ember
from ember import quasirandom
from ember.quasirandom import SobolEngine
from tests.conftest import CPU_RNG, TORCH, cpu_only, requires_torch


def _same(ours, theirs):
    assert str(ours.dtype).replace("ember", "torch") == str(theirs.dtype)
    np.testing.assert_array_equal(ours.cpu().numpy(), theirs.numpy())


def _both(dimension, **kwargs):
    return SobolEngine(dimension, **kwargs), TORCH.quasirandom.SobolEngine(dimension, **kwargs)


@requires_torch
@pytest.mark.parametrize("dimension", [1, 2, 5, 64, 1111])
def test_direction_numbers_match_torch(dimension):
    state = TORCH.zeros(dimension, SobolEngine.MAXBIT, dtype=TORCH.long)
    TORCH._sobol_engine_initialize_state_(state, dimension)
    ours, _ = _both(dimension)
    np.testing.assert_array_equal(ours.sobolstate.cpu().numpy(), state.numpy())


@requires_torch
@pytest.mark.parametrize("dimension,scramble,seed", [(1, False, None), (3, False, None),
                                                     (7, True, 0), (40, True, 11),
                                                     (300, True, 2)])
def test_draws_reset_and_fast_forward_match_torch(dimension, scramble, seed):
    ours, theirs = _both(dimension, scramble=scramble, seed=seed)
    np.testing.assert_array_equal(ours.sobolstate.cpu().numpy(), theirs.sobolstate.numpy())
    np.testing.assert_array_equal(ours.shift.cpu().numpy(), theirs.shift.numpy())
    for n, dtype in ((1, None), (5, None), (1, "float64"), (37, "float64"), (64, "float32")):
        kwargs = {} if dtype is None else {"dtype": dtype}
        _same(ours.draw(n, **{k: getattr(ember, v) for k, v in kwargs.items()}),
              theirs.draw(n, **{k: getattr(TORCH, v) for k, v in kwargs.items()}))
        assert ours.num_generated == theirs.num_generated
    ours.reset(), theirs.reset()
    assert ours.fast_forward(3) is ours
    theirs.fast_forward(3)
    _same(ours.draw(2), theirs.draw(2))
    ours.fast_forward(5), theirs.fast_forward(5)
    _same(ours.draw(3), theirs.draw(3))
    np.testing.assert_array_equal(ours.quasi.cpu().numpy(), theirs.quasi.numpy())


@requires_torch
@cpu_only(CPU_RNG)
def test_unseeded_scramble_draws_from_the_global_generator():
    ember.manual_seed(5)
    TORCH.manual_seed(5)
    ours, theirs = _both(4, scramble=True)
    _same(ours.draw(9), theirs.draw(9))
    assert ember.rand(1).item() == TORCH.rand(1).item()


@requires_torch
def test_draw_base2_out_and_repr_match_torch():
    ours, theirs = _both(3, scramble=True, seed=5)
    _same(ours.draw_base2(0), theirs.draw_base2(0))
    _same(ours.draw_base2(0), theirs.draw_base2(0))
    _same(ours.draw_base2(1), theirs.draw_base2(1))
    with pytest.raises(ValueError) as info:
        ours.draw_base2(1)
    with pytest.raises(ValueError) as expected:
        theirs.draw_base2(1)
    assert str(info.value) == str(expected.value)
    out = ember.empty(0, dtype=ember.float64)
    assert ours.draw(3, out=out) is out
    _same(out, theirs.draw(3, out=TORCH.empty(0, dtype=TORCH.float64)))
    for kwargs in ({}, {"scramble": True}, {"scramble": True, "seed": 3}, {"seed": 4}):
        assert repr(SobolEngine(2, **kwargs)) == repr(TORCH.quasirandom.SobolEngine(2, **kwargs))


def test_points_are_stratified_and_dimension_is_checked():
    points = SobolEngine(2).draw_base2(4).cpu().numpy()
    # Each of the 16 first points falls in its own cell of the 4 x 4 grid.
    cells = {(int(x * 4), int(y * 4)) for x, y in points}
    assert len(cells) == 16
    for dimension in (0, 21202):
        with pytest.raises(ValueError, match=r"Supported range of dimensionality for "
                                             r"SobolEngine is \[1, 21201\]"):
            SobolEngine(dimension)


def test_docstring_examples_run():
    finder, runner = doctest.DocTestFinder(), doctest.DocTestRunner()
    for test in finder.find(quasirandom, "ember.quasirandom"):
        runner.run(test)
    assert runner.failures == 0 and runner.tries >= 5
