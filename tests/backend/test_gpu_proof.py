"""benchmarks/gpu_proof.sh, checked without a GPU: its shell syntax, and a whole quick run on
the strict stand-in that must leave a report with every section filled."""
from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "benchmarks" / "gpu_proof.sh"


def test_script_parses():
    subprocess.run(["bash", "-n", str(SCRIPT)], check=True)


@pytest.mark.skipif(shutil.which("shellcheck") is None,
                    reason="shellcheck not installed (apt-get install shellcheck)")
def test_script_passes_shellcheck():
    subprocess.run(["shellcheck", str(SCRIPT)], check=True)


def test_quick_run_on_the_standin_writes_the_report(tmp_path):
    env = {**os.environ, "OUT": str(tmp_path), "PYTHON": sys.executable, "GPU_PROOF_QUICK": "1",
           "EMBER_CUDA_STANDIN": "1", "GPU_PROOF_INSTALL": "0",
           "GPU_PROOF_TESTS": "tests/backend/test_standin.py -n 0",
           "GPU_PROOF_SUITE_S": "400"}  # room for a loaded machine: its pytest starts slowly
    done = subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    report = (tmp_path / "gpu_proof.md").read_text()
    assert "- standin: True" in report
    assert "| matmul 64^2 float32 | " in report and "(the benchmark step left" not in report
    assert "- linreg.py: ok" in report
    counts = report.split("- counted: ")[1].splitlines()[0]
    assert "'failed': 0" in counts and "'passed': 0" not in counts
    steps = (tmp_path / "steps.txt").read_text()
    assert "benchmark: exit 0" in steps and "test suite on cuda: exit 0" in steps
