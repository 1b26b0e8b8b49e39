"""Window functions and stft/istft against torch: values, dtypes, gradients, warnings, errors."""
from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import warnings

import numpy as np
import pytest
from conftest import TORCH, assert_close, compare_with_torch, requires_torch

import ember

WINDOWS = ["hann_window", "hamming_window", "blackman_window", "bartlett_window",
           "kaiser_window"]
WINDOW_ARGS = ["0", "1", "2", "5", "6, False", "7, dtype=m.float64", "8, True, dtype=m.float64",
               "9, False, requires_grad=True"]


@requires_torch
@pytest.mark.parametrize("args", WINDOW_ARGS)
@pytest.mark.parametrize("name", WINDOWS)
def test_windows_match_torch(name, args):
    expr = f"m.{name}({args})"
    theirs = eval(expr, {"m": TORCH})
    ours = eval(expr, {"m": ember})
    tol = 1e-6 if ours.dtype is ember.float32 else 1e-12
    assert_close(ours, theirs, rtol=tol, atol=tol)
    assert ours.requires_grad == theirs.requires_grad


@requires_torch
@pytest.mark.parametrize("expr", ["m.kaiser_window(6, False, 8.0)",
                                  "m.hamming_window(5, True, 0.5, 0.5)",
                                  "m.kaiser_window(10, True, 3.5, dtype=m.float64)"])
def test_window_parameters_match_torch(expr):
    assert_close(eval(expr, {"m": ember}), eval(expr, {"m": TORCH}), rtol=1e-6, atol=1e-6)


@requires_torch
@pytest.mark.parametrize("expr", ["m.hann_window(-1)", "m.hann_window(3, dtype=m.int64)",
                                  "m.kaiser_window(3, dtype=m.int32)",
                                  "m.hann_window(3, dtype=m.complex64)",
                                  "m.bartlett_window(2.5)"])
def test_window_errors_match_torch(expr):
    with pytest.raises(Exception) as theirs:
        eval(expr, {"m": TORCH})
    with pytest.raises(type(theirs.value)) as ours:
        eval(expr, {"m": ember})
    if not isinstance(theirs.value, TypeError):  # torch lists its overloads; ember does not
        assert str(ours.value) == str(theirs.value).replace("torch.", "ember.")


@requires_torch
@pytest.mark.parametrize("expr", ["m.kaiser_window(8, beta=8.0)",
                                  "m.hamming_window(8, alpha=0.5)",
                                  "m.hamming_window(8, True, beta=0.5)"])
def test_window_coefficient_without_the_ones_before_is_a_type_error(expr):
    with pytest.raises(TypeError) as theirs:
        eval(expr, {"m": TORCH})
    with pytest.raises(TypeError) as ours:
        eval(expr, {"m": ember})
    assert str(ours.value) == str(theirs.value).replace("torch.", "ember.")


@requires_torch
@pytest.mark.parametrize("expr", ["m.kaiser_window(8, periodic=False, beta=8.0)",
                                  "m.hamming_window(5, alpha=0.5, beta=0.4, periodic=False)",
                                  "m.hamming_window(5, False, 0.5)"])
def test_window_coefficients_by_keyword_after_periodic(expr):
    assert_close(eval(expr, {"m": ember}), eval(expr, {"m": TORCH}), rtol=1e-6, atol=1e-6)


def signal(*shape, seed=0, requires_grad=True):
    rng = np.random.default_rng(seed)
    return ember.tensor(rng.standard_normal(shape), dtype=ember.float64,
                        requires_grad=requires_grad)


STFT = [
    ("x, 8, window=m.hann_window(8, dtype=m.float64), return_complex=True", (40,)),
    (("x, 8, 3, window=m.hamming_window(6, dtype=m.float64), win_length=6, "
     "return_complex=True"), (2, 30)),
    (("x, 16, normalized=True, window=m.hann_window(16, dtype=m.float64), "
     "return_complex=True"), (50,)),
    ("x, 8, center=False, window=m.ones(8, dtype=m.float64), return_complex=True", (33,)),
    ("x, 8, onesided=False, window=m.hann_window(8, dtype=m.float64), return_complex=True",
     (20,)),
    (("x, 8, pad_mode='constant', window=m.hann_window(8, dtype=m.float64), "
     "return_complex=True"), (3, 20)),
    ("x, 6, 2, window=m.blackman_window(6, dtype=m.float64), return_complex=False", (21,)),
    (("x, 7, 2, window=m.kaiser_window(7, dtype=m.float64), pad_mode='replicate', "
     "return_complex=True"), (25,)),
]


@requires_torch
@pytest.mark.parametrize("args,shape", STFT)
def test_stft_values_and_gradients_match_torch(args, shape):
    x = signal(*shape)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        compare_with_torch(lambda m, x: eval(f"m.stft({args})", {"m": m, "x": x}), x,
                           rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("args,shape", STFT[:3])
def test_stft_gradcheck(args, shape):
    x = signal(*shape[:-1], 16)
    args = args.replace("16,", "8,").replace("(16,", "(8,")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert ember.autograd.gradcheck(
            lambda x: eval(f"m.stft({args})", {"m": ember, "x": x}), (x,))


ISTFT = [
    ("8, window=w8", "x, 8, window=w8, return_complex=True", (40,)),
    ("8, window=w8, length=30", "x, 8, window=w8, return_complex=True", (40,)),
    ("8, window=w8, length=50", "x, 8, window=w8, return_complex=True", (2, 40)),
    ("16, 4, window=w16, normalized=True", ("x, 16, 4, window=w16, normalized=True, "
     "return_complex=True"), (64,)),
    ("8, window=w8, onesided=False", "x, 8, window=w8, onesided=False, return_complex=True",
     (24,)),
]


@requires_torch
@pytest.mark.parametrize("iargs,sargs,shape", ISTFT)
def test_istft_values_and_gradients_match_torch(iargs, sargs, shape):
    x = signal(*shape, requires_grad=False)

    def spectrum(m):
        names = {"m": m, "x": x if m is ember else TORCH.from_numpy(x.cpu().numpy()),
                 "w8": m.hann_window(8, dtype=m.float64), "w16": m.hann_window(16, dtype=m.float64)}
        return eval(f"m.stft({sargs})", names), names

    spec, _ = spectrum(ember)
    spec = spec.detach().requires_grad_()

    def fn(m, s):
        names = spectrum(m)[1]
        names["s"] = s
        return eval(f"m.istft(s, {iargs})", names)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch warns once when length pads the signal
        # the node names too: an unbatched spectrum ends in a squeeze, a padded one in a pad
        compare_with_torch(fn, spec, rtol=1e-10, atol=1e-10)


def test_istft_inverts_stft():
    x = signal(3, 50, requires_grad=False)
    w = ember.hann_window(10, dtype=ember.float64)
    spec = ember.stft(x, 10, 3, window=w, return_complex=True)
    back = ember.istft(spec, 10, 3, window=w, length=50)
    np.testing.assert_allclose(back.cpu().numpy(), x.cpu().numpy(), atol=1e-12)


def test_istft_gradcheck():
    spec = ember.stft(signal(12, requires_grad=False), 4, 1,
                      window=ember.hann_window(4, dtype=ember.float64), return_complex=True)
    spec = spec.detach().contiguous().requires_grad_()
    assert ember.autograd.gradcheck(
        lambda s: ember.istft(s, 4, 1, window=ember.hann_window(4, dtype=ember.float64)),
        (spec,))


@requires_torch
def test_stft_warnings_match_torch(monkeypatch):
    monkeypatch.setattr(ember._deprecated, "_warned", set())  # torch warns once per process
    x = ember.arange(16.0)
    with pytest.warns(UserWarning, match="A window was not provided"):
        ember.stft(x, 8, return_complex=True)
    with pytest.warns(UserWarning, match="stft with return_complex=False is deprecated"):
        out = ember.stft(x, 8, window=ember.ones(8), return_complex=False)
    assert out.shape == (5, 9, 2) and out.dtype is ember.float32


# Each warning comes once per process, and before the checks that refuse the call: a program
# that first calls stft wrongly sees the window warning then and never again.
WARNINGS_ONCE = r"""
import warnings
import torch
x = torch.arange(16.0)
s = torch.stft(x, 8, window=torch.ones(8), return_complex=True)


def run(call):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            call()
            outcome = "ok"
        except RuntimeError as error:
            outcome = str(error)[:40]
    print([str(w.message)[:40] for w in caught], outcome)


run(lambda: torch.stft(x[:3], 8, return_complex=True))
run(lambda: torch.stft(x, 8))
run(lambda: torch.stft(x, 8, return_complex=True))
run(lambda: torch.stft(x[:3], 8, center=False, window=torch.ones(8), return_complex=False))
run(lambda: torch.stft(x, 8, window=torch.ones(8), return_complex=False))
run(lambda: torch.istft(s.real, 8))
run(lambda: torch.istft(s, 8))
"""


@requires_torch
def test_stft_istft_warn_once_before_their_checks(tmp_path):
    script = tmp_path / "warnings_once.py"
    script.write_text(WARNINGS_ONCE, encoding="utf-8")
    alias = pathlib.Path(__file__).resolve().parents[1] / "torch_alias.py"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(pathlib.Path(ember.__file__).parents[1]), os.environ.get("PYTHONPATH", "")])}
    theirs, ours = (subprocess.run([sys.executable, *runner, str(script)], capture_output=True,
                                   text=True, check=True, env=env).stdout
                    for runner in ((), (str(alias),)))
    assert len(theirs.splitlines()) == 7 and "A window was not provided" in theirs
    assert ours == theirs.replace("torch.", "ember.")


STFT_ERRORS = [
    "m.stft(x, 8)", "m.stft(x, 8, window=m.hann_window(6), return_complex=True)",
    "m.stft(x, 32, return_complex=True)", "m.stft(x.reshape(1, 2, 8), 4, return_complex=True)",
    "m.stft(x, 8, hop_length=0, return_complex=True)",
    "m.stft(x, 8, win_length=9, return_complex=True)", "m.stft(x, 0, return_complex=True)",
    "m.stft(x, 8, return_complex=True, pad_mode='foo')", "m.stft(x.long(), 8, return_complex=True)",
    "m.istft(s, 8, window=m.hann_window(8), center=False)",
    "m.istft(m.view_as_real(s), 8, window=m.hann_window(8))",
    "m.istft(s, 8, window=m.hann_window(8), return_complex=True)",
    "m.istft(s, 8, window=m.hann_window(8), onesided=False)",
    "m.istft(s, 10, window=m.hann_window(10))", "m.istft(s[0], 8)",
    # a window shorter than n_fft: the message names the window given, not the padded one
    "m.istft(s, 8, win_length=6, window=m.hann_window(6), center=False)",
    "m.istft(s, 8, win_length=6, center=False)",
]


@requires_torch
@pytest.mark.parametrize("expr", STFT_ERRORS)
def test_stft_errors_match_torch(expr):
    def run(m):
        x = m.arange(16.0)
        s = m.stft(x, 8, window=m.hann_window(8), return_complex=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            eval(expr, {"m": m, "x": x, "s": s})
    with pytest.raises(Exception) as theirs:
        run(TORCH)
    with pytest.raises(type(theirs.value)) as ours:
        run(ember)
    assert str(ours.value) == str(theirs.value).replace("torch.", "ember.")
