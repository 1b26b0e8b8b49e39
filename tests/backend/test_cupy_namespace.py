"""The CuPy namespace ember builds for ``cuda:N`` (``_backend._CupyNamespace``), checked without
a GPU against a recording fake of CuPy's modules: scatter-add, special functions and FFT reach
cupyx through ``xp`` (the names the stand-in and a capture's recording namespace have too), and
creation on ``cuda:N`` (N > 0) runs under device N."""
from __future__ import annotations

import sys
import types

import numpy as np
import pytest

from ember import _backend
from ember._device import device


class _FakeArray:
    """What the backend reads of a CuPy array: its device and nothing NumPy would take."""

    def __init__(self, index):
        self.device = types.SimpleNamespace(id=index)


@pytest.fixture
def fake_cupy(monkeypatch):
    """CuPy and cupyx as modules that record the calls made of them; two devices."""
    calls = []

    def recorder(name):
        def call(*args, **kwargs):
            calls.append((name, args, kwargs, current[-1]))
            return name
        return call

    current = [0]

    class Device:
        def __init__(self, index):
            self.index = index

        def __enter__(self):
            current.append(self.index)

        def __exit__(self, *exc):
            current.pop()

    cupy = types.ModuleType("cupy")
    cupy.zeros = recorder("cupy.zeros")
    cupy.exp = recorder("cupy.exp")
    cupy.cuda = types.SimpleNamespace(
        Device=Device, runtime=types.SimpleNamespace(getDeviceCount=lambda: 2,
                                                     CUDARuntimeError=RuntimeError))
    cupyx = types.ModuleType("cupyx")
    cupyx.scatter_add = recorder("cupyx.scatter_add")
    cupyx.scipy = types.ModuleType("cupyx.scipy")
    cupyx.scipy.fft = types.ModuleType("cupyx.scipy.fft")
    cupyx.scipy.fft.rfft = recorder("cupyx.scipy.fft.rfft")
    cupyx.scipy.special = types.ModuleType("cupyx.scipy.special")
    cupyx.scipy.special.erf = recorder("cupyx.scipy.special.erf")
    for name, module in [("cupy", cupy), ("cupyx", cupyx), ("cupyx.scipy", cupyx.scipy),
                         ("cupyx.scipy.fft", cupyx.scipy.fft),
                         ("cupyx.scipy.special", cupyx.scipy.special)]:
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setattr(_backend, "STANDIN_DEVICES", 0)
    monkeypatch.setattr(_backend, "_NAMESPACES", {})
    return calls


class _Spy:
    """A device namespace that notes the names read of it, as a capture's recording namespace
    sees them, and hands over the namespace's own."""

    def __init__(self, xp):
        self.xp, self.read = xp, []

    def __getattr__(self, name):
        self.read.append(name)
        return getattr(self.xp, name)


def test_cupyx_functions_are_reached_through_the_devices_namespace(fake_cupy):
    array = _FakeArray(1)
    xp = _backend.namespace(device("cuda", 1))
    assert _backend.namespace_of(array) is xp
    spy = _backend._NAMESPACES[1] = _Spy(xp)
    _backend.scatter_add(array, (0,), 1.0)
    assert _backend.special(_backend.namespace_of(array)).erf(array) == "cupyx.scipy.special.erf"
    assert _backend.fft(_backend.namespace_of(array)).rfft(array) == "cupyx.scipy.fft.rfft"
    assert [name for name in spy.read if not name.startswith("_")] == ["scatter_add", "special",
                                                                       "fft"]
    assert [name for name, *_ in fake_cupy] == ["cupyx.scatter_add", "cupyx.scipy.special.erf",
                                               "cupyx.scipy.fft.rfft"]
    assert fake_cupy[0][1] == (array, (0,), 1.0)


def test_a_special_function_cupyx_lacks_runs_scipy_on_the_host(fake_cupy):
    xp = _backend.namespace(device("cuda", 0))
    assert _backend.special(xp).erfc(np.zeros(2)).tolist() == [1.0, 1.0]
    assert fake_cupy == []


@pytest.mark.parametrize("index", [0, 1])
def test_creation_allocates_under_the_namespaces_device(fake_cupy, index):
    xp = _backend.namespace(device("cuda", index))
    xp.zeros(3)
    xp.exp(3)
    assert [(name, where) for name, _, _, where in fake_cupy] == [("cupy.zeros", index),
                                                                  ("cupy.exp", 0)]
    assert xp.exp is sys.modules["cupy"].exp  # looked up once, then read as an attribute
