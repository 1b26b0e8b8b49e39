"""The backend lint as a ratchet: host creation/conversion/np.random per file only goes down.

``tests/backend/_lint.py`` says what is counted and why. The table holds each file's count when
the lint arrived (issue 18); a file may go below its number (convert it: take ``xp`` from the
inputs, see ``ember._backend``) and then its number here should follow it down, but never above.
A file not in the table must have none.
"""
from __future__ import annotations

import pytest

import _lint

ALLOWED = {
    "autograd/gradcheck.py": 4,
    "nn/parallel/distributed.py": 4,
    "nn/utils/rnn.py": 7,
    "ops/_registry.py": 2,
    "ops/creation.py": 2,
    "ops/distributions_sampling.py": 2,
    "ops/elementwise.py": 6,
    "ops/indexing.py": 1,
    "ops/linalg.py": 1,
    "ops/linalg_more.py": 12,
    "ops/loss.py": 2,  # ctc_loss reads its lengths on the host, as torch does
    "ops/pooling.py": 3,  # adaptive windows are computed on the host, then moved over
    "ops/sampling.py": 10,
    "ops/strided.py": 3,
    "ops/tensor_extras.py": 2,
}


def test_no_file_gains_host_calls():
    found = _lint.counts()
    worse = {f: (n, ALLOWED.get(f, 0)) for f, n in found.items() if n > ALLOWED.get(f, 0)}
    assert not worse, "files with more direct NumPy creation/conversion/np.random calls than " \
        "allowed (found, allowed): " + ", ".join(
            f"{f} {n}>{a} at lines {[line for line, _, _ in _lint.findings(_lint.SOURCE / f)]}"
            for f, (n, a) in worse.items())


def test_table_names_existing_files():
    for file in ALLOWED:
        assert (_lint.SOURCE / file).exists(), f"{file} is gone: drop it from ALLOWED"


@pytest.mark.parametrize("code, kind", [
    ("np.zeros((2, 3))", "creation"),
    ("np.asarray(x)", "conversion"),
    ("np.random.default_rng(0)", "random"),
    ("np.maximum.accumulate(x)", "missing"),
    ("np.lib.stride_tricks.as_strided(x, (2,), (8,))", "missing"),
])
def test_lint_counts_each_kind(tmp_path, code, kind):
    path = tmp_path / "op.py"
    path.write_text(f"import numpy as np\n\ndef f(x):\n    return {code}\n")
    assert [k for _, k, _ in _lint.findings(path)] == [kind]


@pytest.mark.parametrize("code", [
    "np.zeros((2, 3), like=x)", "np.zeros_like(x)", "np.exp(x)", "np.add.at(x, [0], 1)",
    "np.cumsum(x)", "xp.zeros(3)", "np.dtype('float32')",
])
def test_lint_leaves_device_safe_calls_alone(tmp_path, code):
    path = tmp_path / "op.py"
    path.write_text(f"import numpy as np\n\ndef f(x, xp):\n    return {code}\n")
    assert _lint.findings(path) == []
