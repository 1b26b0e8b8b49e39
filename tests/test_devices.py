"""Devices without a GPU: the CUDA API reports none and says why; DLPack shares memory."""
import numpy as np
import pytest

import ember
from conftest import TORCH, requires_torch


def test_device_objects_print_and_compare_as_torch():
    assert repr(ember.device("cuda:1")) == "device(type='cuda', index=1)"
    assert str(ember.device("cpu")) == "cpu"
    assert ember.device("cuda", 0) == "cuda:0"
    assert ember.ones(2).device == ember.device("cpu")
    with pytest.raises(RuntimeError, match="Expected one of cpu, cuda"):
        ember.device("tpu")


@pytest.mark.skipif(ember.cuda.is_available(), reason="a GPU is present: this checks the "
                                                      "behaviour without one")
def test_cuda_unavailable_is_reported_clearly():
    assert ember.cuda.device_count() == 0
    with pytest.raises(AssertionError, match="CuPy"):
        ember.ones(2).cuda()
    with pytest.raises(AssertionError, match="NVIDIA GPU"):
        ember.cuda.current_device()
    ember.cuda.manual_seed(0)  # a no-op without a GPU, as in PyTorch


def test_cpu_is_identity_on_cpu_tensors():
    t = ember.ones(3)
    assert t.cpu() is t


def test_dlpack_round_trip_with_numpy_shares_memory():
    arr = np.arange(6.0).reshape(2, 3)
    t = ember.from_dlpack(arr)
    t += 1
    assert arr[0, 0] == 1.0
    back = np.from_dlpack(t)
    back[1, 2] = -5
    assert t[1, 2].item() == -5


def test_dlpack_refuses_tensors_that_require_grad():
    with pytest.raises(RuntimeError, match="require gradient"):
        np.from_dlpack(ember.ones(2, requires_grad=True))


@requires_torch
def test_dlpack_with_torch_both_ways():
    t = ember.arange(4.0)
    theirs = TORCH.from_dlpack(t)
    theirs[0] = 42
    assert t[0].item() == 42
    x = TORCH.arange(3.0)
    ours = ember.from_dlpack(x)
    ours.mul_(2)
    assert x.tolist() == [0.0, 2.0, 4.0]
