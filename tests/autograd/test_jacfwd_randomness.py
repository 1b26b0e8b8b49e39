"""jacfwd runs its jvps as torch's vmap over the basis tangents runs them: a random op in the
function raises torch's error under randomness="error" (the default), "same" gives each jvp
the same draws (the generator moving on as by one call), "different" fresh ones."""
import numpy as np
import pytest

import ember
from conftest import CPU_RNG, TORCH, cpu_only, requires_torch

MESSAGE = ("vmap: called random operation while in randomness error mode. Please either use "
           "the 'same' or 'different' randomness flags on vmap or perform the randomness "
           "operation out of vmap")


def _scaled(lib):
    return lambda r: (r * lib.randn(3)).sum()


def test_a_random_op_raises_in_the_default_mode():
    x = ember.ones(3)
    with pytest.raises(RuntimeError) as error:
        ember.func.jacfwd(_scaled(ember))(x)
    assert str(error.value) == MESSAGE
    with pytest.raises(RuntimeError, match="randomness error mode"):
        ember.func.jacfwd(lambda r: ember.nn.functional.dropout(r, 0.5).sum())(x)
    # the generator is left as it was: nothing was drawn
    ember.manual_seed(3)
    state = ember.get_rng_state()
    with pytest.raises(RuntimeError):
        ember.func.jacfwd(_scaled(ember))(x)
    assert ember.equal(ember.get_rng_state(), state)


def test_same_gives_every_column_one_draw_and_different_fresh_ones():
    x = ember.ones(3)
    g = lambda r: (r * ember.randn(())).sum()  # noqa: E731
    same = ember.func.jacfwd(g, randomness="same")(x)
    assert len(set(same.tolist())) == 1
    different = ember.func.jacfwd(g, randomness="different")(x)
    assert len(set(different.tolist())) == 3


@cpu_only(CPU_RNG)
def test_same_draws_what_one_call_draws_and_moves_the_generator_as_one_call():
    x = ember.ones(3)
    ember.manual_seed(0)
    jac = ember.func.jacfwd(_scaled(ember), randomness="same")(x)
    after = ember.randn(2)
    ember.manual_seed(0)
    draw = ember.randn(3)
    assert ember.equal(jac, draw)
    assert ember.equal(after, ember.randn(2))


def test_unknown_randomness_mode_is_refused():
    with pytest.raises(RuntimeError, match="Only allowed values for randomness"):
        ember.func.jacfwd(_scaled(ember), randomness="sometimes")


@requires_torch
@cpu_only(CPU_RNG)
def test_same_and_error_match_torch():
    for lib in (ember, TORCH):
        lib.manual_seed(5)
    ours = ember.func.jacfwd(_scaled(ember), randomness="same")(ember.ones(3))
    theirs = TORCH.func.jacfwd(_scaled(TORCH), randomness="same")(TORCH.ones(3))
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    with pytest.raises(RuntimeError) as error:
        TORCH.func.jacfwd(_scaled(TORCH))(TORCH.ones(3))
    assert str(error.value) == MESSAGE
