"""Helpers for the nn tests: build the same module in ember and torch, copy weights across."""
from __future__ import annotations

import numpy as np

import ember
from tests.conftest import TORCH


def build_both(build, seed=0):
    """``build(lib)`` run with ember and with torch after the same ``manual_seed``; ember's
    module is built on the CPU, whose random stream is torch's, then moved to the default
    device (the stand-in CUDA run's)."""
    device = ember.get_default_device()
    ember.manual_seed(seed)
    with ember.device("cpu"):
        ours = build(ember)
    if device.type != "cpu":
        ours = ours.to(device)
    TORCH.manual_seed(seed)
    theirs = build(TORCH)
    return ours, theirs


def copy_weights(ours, theirs):
    """Load torch module ``theirs``' state into ember module ``ours``."""
    state = {k: ember.tensor(v.detach().cpu().numpy().copy())
             for k, v in theirs.state_dict().items()}
    ours.load_state_dict(state)


def assert_same_state(ours, theirs, exact=True):
    """Same state_dict keys in the same order, shapes, dtypes and values."""
    a, b = ours.state_dict(), theirs.state_dict()
    assert list(a) == list(b)
    for key in a:
        x, y = a[key].cpu().numpy(), b[key].cpu().numpy()
        assert x.shape == y.shape, key
        assert str(a[key].dtype).replace("ember.", "") == str(b[key].dtype).replace("torch.", "")
        if exact:
            np.testing.assert_array_equal(x, y, err_msg=key)
        else:
            np.testing.assert_allclose(x, y, rtol=1e-6, atol=1e-7, err_msg=key)


def torch_text(text):
    """A torch message or repr as ember prints it."""
    return text.replace("torch.", "ember.")
