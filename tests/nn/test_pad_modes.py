"""F.pad in every mode, over 1-, 2- and 3-d padding, positive, zero and negative amounts and
empty dims: values, gradients and errors against torch."""
from __future__ import annotations

import itertools

import numpy as np
import pytest
from conftest import TORCH, requires_torch

import ember
import ember.nn.functional as F

PADS = {1: [(2, 1), (0, 3), (-1, 2), (2, -1), (-1, -1), (3, 3)],
        2: [(1, 2, 2, 0), (-1, 1, 1, -1), (2, 2, 1, 1), (0, 0, 3, -2)],
        3: [(1, 0, 0, 1, 1, 1), (-1, 1, 1, 0, 0, -1), (2, 1, 1, 2, 0, 0)]}
# (5,), (3, 4) and (2, 3, 4, 5) with a 1-d pad: no batch/channel dims to keep, or too many, so
# the non-constant modes refuse them (torch's message lists the supported combinations).
SHAPES = {1: [(2, 3, 5), (3, 6), (0, 2, 4), (2, 0, 4), (5,), (2, 3, 4, 5)],
          2: [(2, 2, 4, 5), (2, 4, 5), (0, 1, 3, 4), (3, 4)],
          3: [(1, 2, 3, 4, 5), (2, 3, 4, 5)]}
CASES = [(mode, shape, pad) for dims in (1, 2, 3)
         for mode, shape, pad in itertools.product(
             ["constant", "reflect", "replicate", "circular"], SHAPES[dims], PADS[dims])
         # torch leaves one row of this circular crop uninitialised: no value to compare.
         if not (mode == "circular" and pad == (0, 0, 3, -2))]


def _run(lib, functional, mode, shape, pad):
    data = np.arange(1, 1 + int(np.prod(shape)), dtype=np.float64).reshape(shape) / 7
    x = lib.tensor(data).requires_grad_(True)
    try:
        out = functional.pad(x, pad, mode=mode)
    except Exception as error:  # noqa: BLE001 - compared with torch's
        return None, None, error
    weights = lib.tensor(np.arange(out.numel(), dtype=np.float64).reshape(tuple(out.shape)))
    if out.numel():
        (out * weights).sum().backward()
    return out.detach().cpu().numpy(), None if x.grad is None else x.grad.cpu().numpy(), None


@requires_torch
@pytest.mark.parametrize("mode,shape,pad", CASES, ids=[f"{m}-{s}-{p}" for m, s, p in CASES])
def test_pad_matches_torch(mode, shape, pad):
    out_t, grad_t, err_t = _run(TORCH, TORCH.nn.functional, mode, shape, pad)
    out_e, grad_e, err_e = _run(ember, F, mode, shape, pad)
    if err_t is not None:
        assert type(err_e) is type(err_t), err_e
        assert str(err_e) == str(err_t)
        return
    assert err_e is None, err_e
    assert out_e.shape == out_t.shape
    np.testing.assert_allclose(out_e, out_t, rtol=1e-12)
    if grad_t is not None:
        np.testing.assert_allclose(grad_e, grad_t, rtol=1e-12)


UNSUPPORTED = [((1, 2, 5, 5), (1, 1)), ((5,), (1, 1)), ((1,) * 6, (1, 1)),
               ((1, 2, 3), (1,) * 6), ((2, 3), (1, 1, 1, 1))]


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
@pytest.mark.parametrize("shape,pad", UNSUPPORTED, ids=[f"{len(s)}d-{len(p)}" for s, p in UNSUPPORTED])
def test_unsupported_non_constant_padding_names_the_sizes(mode, shape, pad):
    with pytest.raises(NotImplementedError) as ours:
        F.pad(ember.zeros(shape), pad, mode=mode)
    assert f"Padding size {len(pad)} is not supported for {len(shape)}D input" in str(ours.value)
    if TORCH is not None:
        with pytest.raises(NotImplementedError) as theirs:
            TORCH.nn.functional.pad(TORCH.zeros(shape), pad, mode=mode)
        assert str(ours.value) == str(theirs.value)
