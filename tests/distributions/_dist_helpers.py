"""Helpers to build the same distribution in ember and torch from one parameter table."""
from __future__ import annotations

import numpy as np
from conftest import TORCH

import ember


def build(lib, name, params, dtype="float64", requires_grad=False, **options):
    """``lib.distributions.<name>(**params)`` with array params as ``lib`` tensors of ``dtype``."""
    module = lib.distributions
    args = {}
    for key, value in params.items():
        if isinstance(value, (list, np.ndarray)):
            value = lib.tensor(np.asarray(value, dtype=np.float64), dtype=getattr(lib, dtype),
                               requires_grad=requires_grad)
        args[key] = value
    return getattr(module, name)(**args, **options), args


def pair(name, params, dtype="float64", requires_grad=False, **options):
    """(ember distribution, its tensors, torch distribution, its tensors)."""
    ours, ours_args = build(ember, name, params, dtype, requires_grad, **options)
    theirs, theirs_args = build(TORCH, name, params, dtype, requires_grad, **options)
    return ours, ours_args, theirs, theirs_args


def to_ember(t):
    return ember.tensor(t.detach().cpu().numpy())
