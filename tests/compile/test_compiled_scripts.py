"""Whole programs from tests/scripts run with their own models compiled (as a user adding
``torch.compile(model)``) print exactly what they print in eager mode, step after step: losses,
parameters, samples. A model the capture cannot take stays eager and still prints the same
(cartpole_pg's policy returns a Categorical distribution: an output the plan cannot hold)."""
from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
RUNNER = HERE / "_compiled_runner.py"
SCRIPTS = HERE.parent / "scripts"
SRC = HERE.parent.parent / "src"

# script -> the break reasons its compiled models report (empty: every call replays a plan)
PROGRAMS = {
    "vae_example": set(),
    "lstm_sequence": set(),
    "nanogpt_train": set(),
    "cartpole_pg": set(),
}


def _run(script, *flags):
    env = {"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1",
           "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run([sys.executable, str(RUNNER), *flags, str(SCRIPTS / f"{script}.py")],
                            capture_output=True, text=True, timeout=600, env=env, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.mark.parametrize("script", sorted(PROGRAMS))
def test_a_program_with_its_models_compiled_prints_what_eager_mode_prints(script):
    eager = _run(script, "--eager")
    compiled = _run(script)
    assert compiled.stdout == eager.stdout
    assert compiled.stdout.strip()
    line = next(x for x in compiled.stderr.splitlines() if x.startswith("EMBER-REGIONS:"))
    regions = json.loads(line[len("EMBER-REGIONS:"):])
    assert regions, "no model of the program went through ember.compile"
    assert all(r["captures"] >= 1 for r in regions)
    reasons = {reason for r in regions for reason in r["breaks"]}
    assert reasons == PROGRAMS[script]
