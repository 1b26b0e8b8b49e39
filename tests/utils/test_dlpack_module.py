"""ember.utils.dlpack: the import path interop code uses, sharing memory both ways."""
import numpy as np
import pytest
from conftest import TORCH, requires_torch

import ember
from ember.utils.dlpack import DLDeviceType, from_dlpack, to_dlpack


def test_the_functions_are_the_top_level_ones():
    assert from_dlpack is ember.from_dlpack and to_dlpack is ember.to_dlpack


def test_a_round_trip_through_a_capsule_shares_memory():
    x = ember.arange(6.0).reshape(2, 3)
    y = from_dlpack(to_dlpack(x))
    y[0, 0] = 7.0
    assert x[0, 0].item() == 7.0 and y.shape == x.shape


def test_numpy_arrays_come_in_without_a_copy():
    array = np.arange(4.0)
    t = from_dlpack(array)
    array[1] = 9.0
    assert t[1].item() == 9.0


def test_the_device_codes_are_the_dlpack_standards():
    x = ember.ones(1)
    expected = DLDeviceType.kDLCPU if x.device.type == "cpu" else DLDeviceType.kDLCUDA
    assert DLDeviceType(x.__dlpack_device__()[0]) is expected
    assert issubclass(DLDeviceType, int)


@requires_torch
def test_the_device_codes_match_torchs():
    from torch.utils.dlpack import DLDeviceType as theirs
    assert [(d.name, d.value) for d in DLDeviceType] == [(d.name, d.value) for d in theirs]


@requires_torch
@pytest.mark.parametrize("direction", ["to_torch", "from_torch"])
def test_torch_tensors_cross_through_the_module(direction):
    import torch.utils.dlpack as their_dlpack
    if direction == "to_torch":  # torch here is a CPU build: the tensor is on the host
        x = ember.arange(4.0, device="cpu")
        y = their_dlpack.from_dlpack(x)
        y[0] = 5.0
        assert x[0].item() == 5.0
    else:
        x = TORCH.arange(4.0)
        y = from_dlpack(x)
        x[0] = 5.0
        assert y[0].item() == 5.0
