"""``ember.cuda.nvtx``: torch's error without a CUDA device, and ranges that nest and count
their depth as torch's on the stand-in device (where there is no profiler to annotate)."""
from __future__ import annotations

import pytest

import ember
from conftest import STANDIN_RUN, TORCH

CALLS = {
    "range_push": lambda m: m.cuda.nvtx.range_push("a"),
    "range_pop": lambda m: m.cuda.nvtx.range_pop(),
    "range_start": lambda m: m.cuda.nvtx.range_start("a"),
    "mark": lambda m: m.cuda.nvtx.mark("a"),
}


@pytest.mark.skipif(STANDIN_RUN or ember.cuda.is_available(), reason="a CUDA device is present")
@pytest.mark.parametrize("name", CALLS)
def test_without_cuda_each_call_raises_torchs_error(name):
    with pytest.raises(RuntimeError) as ours:
        CALLS[name](ember)
    assert str(ours.value) == "NVTX functions not installed. Are you sure you have a CUDA build?"
    # torch's range_start without CUDA fails with an AttributeError from its stub object (an
    # accident of its binding, not a message to copy); ember raises the same error as the rest.
    if TORCH is not None and not TORCH.cuda.is_available() and name != "range_start":
        with pytest.raises(RuntimeError) as theirs:
            CALLS[name](TORCH)
        assert str(theirs.value) == str(ours.value)


def test_on_the_standin_ranges_nest_and_report_their_depth(standin):
    nvtx = ember.cuda.nvtx
    assert nvtx.range_push("outer") == 0
    assert nvtx.range_push("inner") == 1
    assert nvtx.range_pop() == 1
    assert nvtx.range_pop() == 0
    first, second = nvtx.range_start("a"), nvtx.range_start("b")
    assert second == first + 1
    nvtx.range_end(first)
    nvtx.mark("event")

    @nvtx.range("call {}", 1)
    def decorated():
        return nvtx.range_push("inside")

    assert decorated() == 1
    nvtx.range_pop()
    with nvtx.range("block"):
        assert nvtx.range_push("x") == 1
        nvtx.range_pop()
