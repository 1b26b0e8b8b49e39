"""NumPy arrays in the other byte order (``>f8``, as read from a big-endian file): from_numpy,
as_tensor, tensor and asarray refuse them with torch's ValueError (they raised a TypeError
naming float64 as unsupported); arrays of that order inside a list are read value by value, as
torch reads them."""
from __future__ import annotations

import sys
import warnings

import numpy as np
import pytest
from conftest import TORCH, requires_torch

import ember

OTHER = ">" if sys.byteorder == "little" else "<"
MESSAGE = ("given numpy array has byte order different from the native byte order. "
           "Conversion between byte orders is currently not supported.")

ENTRY_POINTS = {
    "from_numpy": lambda lib, a: lib.from_numpy(a),
    "as_tensor": lambda lib, a: lib.as_tensor(a),
    "as_tensor_dtype": lambda lib, a: lib.as_tensor(a, dtype=lib.float32),
    "tensor": lambda lib, a: lib.tensor(a),
    "tensor_dtype": lambda lib, a: lib.tensor(a, dtype=lib.float64),
    "asarray": lambda lib, a: lib.asarray(a),
}


@pytest.mark.parametrize("code", ["f8", "f4", "i4", "i8", "c16"])
@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
def test_other_byte_order_is_refused(entry, code):
    array = np.arange(4).astype(OTHER + code)
    with pytest.raises(ValueError) as caught:
        ENTRY_POINTS[entry](ember, array)
    assert str(caught.value) == MESSAGE
    # the same array in the native order converts
    if not (code == "c16" and entry.endswith("dtype")):  # (complex to real: another matter)
        native = ENTRY_POINTS[entry](ember, array.astype("=" + code))
        assert native.tolist() == pytest.approx([0, 1, 2, 3])


@requires_torch
@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
def test_refusal_matches_torch(entry):
    array = np.arange(4).astype(OTHER + "f8")
    raised = []
    for lib in (ember, TORCH):
        with pytest.raises(Exception) as caught:
            ENTRY_POINTS[entry](lib, array)
        raised.append((type(caught.value), str(caught.value)))
    assert raised[0] == raised[1]


def test_arrays_of_other_byte_order_inside_a_list():
    rows = [np.arange(3).astype(OTHER + "f8"), np.arange(3, 6).astype(OTHER + "f8")]
    with warnings.catch_warnings():  # the once-per-process "extremely slow" warning
        warnings.simplefilter("ignore", UserWarning)
        ours = ember.tensor(rows)
        ints = ember.tensor([np.arange(2).astype(OTHER + "i4")])
        theirs = None if TORCH is None else TORCH.tensor([np.arange(2).astype(OTHER + "i4")])
    assert ours.dtype == ember.float64
    assert ours.tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    assert ints.dtype == ember.int32 and ints.tolist() == [[0, 1]]
    if theirs is not None:
        assert str(theirs.dtype).split(".")[1] == str(ints.dtype).split(".")[1]
