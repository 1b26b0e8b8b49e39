"""One pre-norm transformer block, forward + backward, ember and torch side by side.

    python benchmarks/run.py transformer

Batch 8, sequence 128, width 256, 4 heads: x + attention(layer_norm(x)), then
h + MLP(layer_norm(h)) with a 4x wide tanh-GELU MLP. Attention is written out (q kᵀ / √d,
softmax, times v) rather than calling scaled_dot_product_attention, so the row measures the
ops a hand-written block uses. Backward runs from a random upstream gradient.
"""
from __future__ import annotations

import importlib
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import interleaved  # noqa: E402

B, S, D, H = 8, 128, 256, 4


def make_step(lib, seed=0):
    """A closure running the block forward and backward once on ``lib``."""
    F = importlib.import_module(lib.__name__ + ".nn.functional")
    rng = np.random.default_rng(seed)

    def param(*shape, scale=None):
        arr = rng.standard_normal(shape).astype(np.float32)
        if scale is not None:
            arr *= scale
        return lib.tensor(arr, requires_grad=True)

    ln1_w, ln1_b = param(D, scale=0.1), param(D, scale=0.1)
    ln2_w, ln2_b = param(D, scale=0.1), param(D, scale=0.1)
    w_qkv, b_qkv = param(3 * D, D, scale=D ** -0.5), param(3 * D, scale=0.02)
    w_o, b_o = param(D, D, scale=D ** -0.5), param(D, scale=0.02)
    w_1, b_1 = param(4 * D, D, scale=D ** -0.5), param(4 * D, scale=0.02)
    w_2, b_2 = param(D, 4 * D, scale=(4 * D) ** -0.5), param(D, scale=0.02)
    params = [ln1_w, ln1_b, ln2_w, ln2_b, w_qkv, b_qkv, w_o, b_o, w_1, b_1, w_2, b_2]
    x = param(B, S, D)
    upstream = lib.tensor(rng.standard_normal((B, S, D)).astype(np.float32))
    head = D // H

    def step():
        for p in params:
            p.grad = None
        x.grad = None
        h = F.layer_norm(x, (D,), ln1_w, ln1_b)
        q, k, v = F.linear(h, w_qkv, b_qkv).split(D, dim=-1)
        q = q.reshape(B, S, H, head).transpose(1, 2)
        k = k.reshape(B, S, H, head).transpose(1, 2)
        v = v.reshape(B, S, H, head).transpose(1, 2)
        att = F.softmax(q @ k.transpose(-2, -1) / math.sqrt(head), dim=-1)
        y = (att @ v).transpose(1, 2).reshape(B, S, D)
        h = x + F.linear(y, w_o, b_o)
        m = F.linear(F.gelu(F.linear(F.layer_norm(h, (D,), ln2_w, ln2_b), w_1, b_1),
                            approximate="tanh"), w_2, b_2)
        (h + m).backward(upstream)
    return step


def transformer(libs):
    """ms per forward + backward of the block for each library."""
    steps = {name: make_step(lib) for name, lib in libs.items()}
    for step in steps.values():
        step()
    best = interleaved(steps, repeat=10)
    return {k: v * 1e3 for k, v in best.items()}, "ms", "ratio ≤ 1.1"


WORKLOADS = {"transformer": transformer}
