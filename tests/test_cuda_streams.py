"""ember.cuda's streams and events on a machine without CUDA behave as torch's do there:
constructing them raises torch's error, ``stream(None)`` and ``set_stream(None)`` do nothing."""
from __future__ import annotations

import pytest
from conftest import TORCH, requires_torch

import ember

pytestmark = pytest.mark.skipif(ember.cuda.is_available(),
                                reason="checks the behaviour without CUDA; this machine has it")


def _error(fn):
    try:
        fn()
    except Exception as error:  # noqa: BLE001 - the error is what is compared
        return type(error), str(error).replace("torch.", "ember.")
    return None


@requires_torch
@pytest.mark.parametrize("make", [
    lambda lib: lib.cuda.Stream(), lambda lib: lib.cuda.Stream(priority=-1),
    lambda lib: lib.cuda.Event(), lambda lib: lib.cuda.Event(enable_timing=True, blocking=True),
])
def test_constructing_streams_and_events_raises_torchs_error(make):
    assert _error(lambda: make(ember)) == _error(lambda: make(TORCH))
    assert _error(lambda: make(ember)) is not None


@requires_torch
@pytest.mark.parametrize("name", ["current_stream", "default_stream", "synchronize"])
def test_queries_of_the_current_stream_assert_as_torch_does(name):
    ours, theirs = _error(getattr(ember.cuda, name)), _error(getattr(TORCH.cuda, name))
    assert ours[0] is theirs[0] is AssertionError


def test_a_none_stream_is_a_no_op_context():
    with ember.cuda.stream(None) as inside:
        assert inside is None
        assert (ember.ones(2) * 2).tolist() == [2.0, 2.0]
    assert ember.cuda.set_stream(None) is None
    assert isinstance(ember.cuda.stream(None), ember.cuda.StreamContext)
