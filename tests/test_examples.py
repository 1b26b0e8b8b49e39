"""The examples run as a user runs them (``python examples/x.py``), at a small size.

EMBER_EXAMPLES_QUICK=1 makes each example take its smallest setting (one epoch, a few steps)
so the whole file stays fast; the printed lines are still checked.
"""
from __future__ import annotations

import importlib.util
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

import ember
from ember.data import load_digits, load_text

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples"


def run_example(name, *args, quick=True):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    if quick:
        env["EMBER_EXAMPLES_QUICK"] = "1"
    result = subprocess.run([sys.executable, str(EXAMPLES / name), *args], capture_output=True,
                            text=True, encoding="utf-8", env=env, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_shipped_digits():
    images, labels = load_digits()
    assert images.shape == (1797, 8, 8) and images.dtype == ember.float32
    assert labels.shape == (1797,) and labels.dtype == ember.int64
    assert float(images.min()) == 0.0 and float(images.max()) == 1.0
    assert np.bincount(labels.cpu().numpy()).tolist() == [178, 182, 177, 183, 181, 182, 181, 179,
                                                    174, 180]


def test_shipped_text():
    text = load_text()
    assert text.startswith("I\n\nFrom fairest creatures we desire increase,")
    assert "Shall I compare thee to a summer's day?" in text
    with pytest.raises(ValueError, match="ember ships 'sonnets'"):
        load_text("hamlet")


def test_linreg_matches_the_seed_tutorial():
    out = run_example("linreg.py", quick=False)
    assert "  epoch 20: loss = 2.3416, w = 0.6630, b = 0.3662" in out
    assert "  epoch 100: loss = 0.0947, w = 1.7320, b = 0.9030" in out
    assert out.count("epoch 100:") == 2
    assert "the two fits agree: True" in out


def test_mlp_digits_learns(tmp_path):
    out = run_example("mlp_digits.py", "--plot", str(tmp_path / "curves.png"))
    accuracy = float(out.split("final test accuracy: ")[1].split()[0])
    assert accuracy > 0.5  # one epoch; chance is 0.1
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert "--plot needs matplotlib" in out
    else:
        assert (tmp_path / "curves.png").read_bytes().startswith(b"\x89PNG")


def test_cnn_digits_learns():
    out = run_example("cnn_digits.py")
    assert float(out.split("final test accuracy: ")[1].split()[0]) > 0.2


def test_charlm_gpt_trains_and_samples():
    out = run_example("charlm_gpt.py")
    assert "60 distinct" in out
    losses = [float(line.split("train loss ")[1].split(",")[0])
              for line in out.splitlines() if line.startswith("step ")]
    assert losses and losses[-1] < np.log(60) + 0.5  # at most about chance level
    sample = out.split("---\n", 1)[1]
    assert sample.startswith("Shall I ") and len(sample.rstrip("\n")) >= len("Shall I ") + 20


def test_gpt_attention_is_causal():
    spec = importlib.util.spec_from_file_location("charlm_gpt", EXAMPLES / "charlm_gpt.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    ember.manual_seed(0)
    model = module.GPT(vocab=11, context=8, embed=16, heads=2, layers=1, dropout=0.0).eval()
    idx = ember.randint(11, (1, 8))
    changed = idx.clone()
    changed[0, 5] = (idx[0, 5] + 1) % 11
    before, _ = model(idx)
    after, _ = model(changed)
    # Positions before 5 cannot see position 5; position 5 and later can.
    assert np.allclose(before[0, :5].detach().cpu().numpy(), after[0, :5].detach().cpu().numpy())
    assert not np.allclose(before[0, 5:].detach().cpu().numpy(),
                           after[0, 5:].detach().cpu().numpy())


def test_custom_function_example():
    out = run_example("custom_function.py")
    assert "logsumexp([1.0, 2.0, 3.0]) = 3.4076 (built-in: 3.4076)" in out
    assert "gradient = tensor([0.0900, 0.2447, 0.6652]), softmax = tensor([0.0900, 0.2447, " \
           "0.6652])" in out
    assert "logsumexp([1000, 1000]) = 1000.6932" in out
    assert "gradcheck LogSumExp: True" in out
    assert "straight-through gradient tensor([1., 2., 3.])" in out


def test_scipy_minimize_example():
    pytest.importorskip("scipy")
    out = run_example("scipy_minimize.py")
    assert "Rosenbrock: minimum at [1. 1.]" in out
    assert "training accuracy 1.000" in out
