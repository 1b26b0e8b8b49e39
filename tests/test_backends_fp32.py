"""torch 2.9+'s float32 precision flags (``ember.backends.fp32_precision`` and the
``fp32_precision`` of cuda.matmul, cudnn, cudnn.conv/rnn, mkldnn and its leaves) and how they
mix with the legacy ``allow_tf32`` / ``set_float32_matmul_precision`` switches.

Each sequence runs in a fresh process under ember and under torch (tests/fp32_precision_probe.py)
and every flag is read back after every step: values, exception types and texts, warnings."""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import numpy as np
import pytest
from conftest import requires_torch

import ember
from ember.backends import _fp32

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(os.path.dirname(HERE), "src")
VALUES = ["ieee", "tf32", "bf16", "none"]
LEAVES = ["generic", "cuda.all", "cuda.matmul", "cuda.conv", "cuda.rnn", "mkldnn.all",
          "mkldnn.matmul", "mkldnn.conv", "mkldnn.rnn"]


@pytest.fixture(autouse=True)
def _restore_defaults():
    """Every test here leaves ember's process-wide precision flags as it found them."""
    _fp32._reset()
    yield
    _fp32._reset()


def _probe(library, steps):
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, os.path.join(HERE, "fp32_precision_probe.py"),
                           library, json.dumps(steps)], capture_output=True, text=True,
                          env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _same(steps):
    ours, theirs = _probe("ember", steps), _probe("torch", steps)
    assert len(ours) == len(theirs) == len(steps) + 1
    assert ours[0] == theirs[0]
    for step, mine, torchs in zip(steps, ours[1:], theirs[1:]):
        assert mine == torchs, step


@requires_torch
def test_every_setting_and_value_against_torch():
    steps = []
    for leaf in LEAVES:
        for value in VALUES + ["TF32", "fast", 1, None]:
            steps.append(["set", leaf, value])
        steps.append(["set", "generic", "none"])
    _same(steps)


@requires_torch
def test_legacy_switches_mixed_with_the_new_api_against_torch():
    steps = []
    for legacy in ("highest", "high", "medium"):
        for cuda in ("none", "ieee", "tf32"):
            for mkldnn in VALUES:
                steps += [["legacy", "matmul_precision", legacy],
                          ["set", "cuda.matmul", cuda], ["set", "mkldnn.matmul", mkldnn]]
    for flag in (True, False):
        steps += [["legacy", "matmul", flag], ["legacy", "cudnn", flag],
                  ["legacy", "mkldnn", flag], ["set", "cuda.conv", "ieee"],
                  ["set", "generic", "tf32"], ["set", "cuda.rnn", "none"],
                  ["legacy", "matmul_precision", "fast"]]
    _same(steps)


@requires_torch
def test_flags_context_managers_against_torch():
    steps = [["flags", "generic", {"fp32_precision": "tf32"}],
             ["flags", "generic", {}],
             ["flags", "cudnn", {"fp32_precision": "ieee"}],
             ["flags", "cudnn", {"allow_tf32": False}],
             ["set", "cuda.conv", "ieee"],
             ["flags", "cudnn", {"allow_tf32": None, "fp32_precision": None}],
             ["flags", "mkldnn", {"fp32_precision": "bf16", "allow_tf32": None}],
             ["flags", "mkldnn", {"fp32_precision": "tf32"}],
             ["set", "generic", "bf16"],
             ["flags", "generic", {"fp32_precision": "ieee"}]]
    _same(steps)


@requires_torch
@pytest.mark.parametrize("seed", range(4))
def test_random_sequences_against_torch(seed):
    rng = random.Random(seed)
    steps = []
    for _ in range(60):
        kind = rng.random()
        if kind < 0.7:
            steps.append(["set", rng.choice(LEAVES), rng.choice(VALUES)])
        elif kind < 0.8:
            steps.append(["legacy", "matmul_precision", rng.choice(["highest", "high", "medium"])])
        else:
            steps.append(["legacy", rng.choice(["matmul", "cudnn"]), rng.random() < 0.5])
    _same(steps)


def test_defaults_errors_and_restoring():
    b = ember.backends
    assert (b.fp32_precision, b.cuda.matmul.fp32_precision, b.cudnn.fp32_precision,
            b.cudnn.conv.fp32_precision, b.cudnn.rnn.fp32_precision) == (
        "none", "none", "none", "tf32", "tf32")
    assert [leaf.fp32_precision for leaf in (b.mkldnn, b.mkldnn.matmul, b.mkldnn.conv,
                                             b.mkldnn.rnn)] == ["none"] * 4
    with pytest.raises(RuntimeError, match="^backend 'cuda' does not support precision 'bf16'$"):
        b.cuda.matmul.fp32_precision = "bf16"
    with pytest.raises(RuntimeError, match="^Unknown precision: fast$"):
        b.mkldnn.conv.fp32_precision = "fast"
    with pytest.raises(AttributeError, match="Unknown attribute fp32"):
        b.cudnn.conv.fp32 = "tf32"
    b.fp32_precision = "bf16"    # the cuda settings cannot hold it and read 'none'
    assert (b.cuda.matmul.fp32_precision, b.cudnn.conv.fp32_precision,
            b.mkldnn.rnn.fp32_precision) == ("none", "none", "bf16")
    b.cuda.matmul.fp32_precision = "tf32"
    with pytest.raises(RuntimeError, match="mix of the legacy and new APIs"):
        ember.get_float32_matmul_precision()
    with pytest.raises(RuntimeError, match="mix of the legacy and new APIs"):
        b.cuda.matmul.allow_tf32
    b.fp32_precision = "none"
    assert b.cudnn.conv.fp32_precision == "tf32"


def test_the_flags_do_not_change_float32_results():
    """The precision flags only record a wish in ember: float32 matmul, conv and rnn results
    are bitwise the same whichever they hold. (torch's CPU build ignores 'tf32' too; its oneDNN
    kernels take 'bf16' on CPUs with bf16 instructions only, which ember does not copy.)"""
    gen = np.random.default_rng(0)
    a = ember.tensor(gen.standard_normal((32, 48)), dtype=ember.float32)
    w = ember.tensor(gen.standard_normal((48, 16)), dtype=ember.float32)
    img = ember.tensor(gen.standard_normal((2, 3, 9, 9)), dtype=ember.float32)
    ker = ember.tensor(gen.standard_normal((4, 3, 3, 3)), dtype=ember.float32)
    rnn = ember.nn.GRU(5, 7)
    seq = ember.tensor(gen.standard_normal((6, 2, 5)), dtype=ember.float32)

    def compute():
        return [(a @ w).cpu().numpy(), ember.nn.functional.conv2d(img, ker).cpu().numpy(),
                rnn(seq)[0].detach().cpu().numpy()]
    reference = compute()
    for setting in ("tf32", "bf16", "ieee"):
        ember.backends.fp32_precision = setting
        ember.set_float32_matmul_precision("medium")
        for ours, ref in zip(compute(), reference):
            np.testing.assert_array_equal(ours, ref)


@requires_torch
def test_torch_cpu_results_ignore_tf32():
    """The fact the flags' docs rely on, checked on torch: its CPU float32 results do not
    change with 'tf32' or 'ieee' (no CPU has TF32). 'bf16' is left out: torch's oneDNN kernels
    honour it on CPUs with bf16 instructions and ignore it elsewhere. Run in a fresh process,
    so this process's torch keeps its flags."""
    code = (
        "import torch\n"
        "torch.manual_seed(0)\n"
        "a, w = torch.randn(64, 96), torch.randn(96, 32)\n"
        "img, ker = torch.randn(2, 3, 9, 9), torch.randn(4, 3, 3, 3)\n"
        "gru, seq = torch.nn.GRU(5, 7), torch.randn(6, 2, 5)\n"
        "f = lambda: [a @ w, torch.nn.functional.conv2d(img, ker), gru(seq)[0]]\n"
        "ref = f()\n"
        "for p in ('tf32', 'ieee'):\n"
        "    torch.backends.fp32_precision = p\n"
        "    torch.set_float32_matmul_precision('high')\n"
        "    torch.backends.cuda.matmul.allow_tf32 = True\n"
        "    assert all(torch.equal(x, y) for x, y in zip(f(), ref)), p\n"
        "print('same')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0 and done.stdout.strip() == "same", done.stderr
