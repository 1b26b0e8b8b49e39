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
    "autograd/gradcheck.py": 4,  # the Jacobians are compared on the host, in float64
    "nn/parallel/distributed.py": 4,  # MPI (mpi4py) sends host buffers
    "nn/utils/rnn.py": 7,  # lengths and batch_sizes are CPU tensors, as in torch
    "ops/_registry.py": 2,  # Python/NumPy scalars become 0-d CPU tensors, as torch wraps them
    "ops/creation.py": 2,  # the CPU generator's state is host bytes
    "ops/distributions_sampling.py": 2,  # glibc's math per element, for torch's CPU bits
    "ops/elementwise.py": 6,  # NumPy operands and Python scalars, host by nature
    "ops/indexing.py": 1,  # a Python list index is host data, as in torch
    "ops/linalg.py": 1,  # SciPy's LAPACK through host_only (CuPy lacks it)
    "ops/linalg_more.py": 12,  # SciPy's LAPACK through host_only (CuPy lacks it)
    "ops/loss.py": 2,  # ctc_loss reads its lengths on the host, as torch does
    "ops/pooling.py": 3,  # adaptive windows are computed on the host, then moved over
    "ops/sampling.py": 10,  # interpolation taps from the sizes, described on the host, then moved
    "ops/strided.py": 3,  # storage positions from the sizes and strides, then moved
    "ops/tensor_extras.py": 2,  # apply_ and map_ are CPU-only, as in torch
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
