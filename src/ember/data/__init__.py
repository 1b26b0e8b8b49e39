"""Small data sets shipped with ember (see README in this folder for their provenance).

    images, labels = ember.data.load_digits()   # 1797 8x8 digits, float32 in [0, 1], int64
    text = ember.data.load_text()               # 23 of Shakespeare's sonnets, as one string
"""
from __future__ import annotations

from importlib import resources

import numpy as np

from .._tensor import from_numpy


def _path(name):
    return resources.files(__name__).joinpath(name)


def load_digits():
    """The 8x8 handwritten digits: images (1797, 8, 8) float32 in [0, 1], labels (1797,) int64."""
    with _path("digits.npz").open("rb") as handle:
        arrays = np.load(handle)
        images = arrays["images"].astype(np.float32) / 16.0
        labels = arrays["labels"].astype(np.int64)
    return from_numpy(images), from_numpy(labels)


def load_text(name="sonnets"):
    """A public-domain text shipped with ember, as a string (``name``: "sonnets")."""
    if name != "sonnets":
        raise ValueError(f"unknown text {name!r}: ember ships 'sonnets'")
    return _path("sonnets.txt").read_text(encoding="utf-8")
