"""Whole programs from tests/scripts run with their own models compiled (as a user adding
``torch.compile(model)``) print exactly what they print in eager mode, step after step: losses,
parameters, samples. What the capture cannot take stays eager and still prints the same: a
call on inference tensors (llama_decoder's generation), lazy modules materialising their
weights in the first call (lazy_cnn)."""
from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest
from conftest import requires

HERE = pathlib.Path(__file__).resolve().parent
RUNNER = HERE / "_compiled_runner.py"
SCRIPTS = HERE.parent / "scripts"
SRC = HERE.parent.parent / "src"

# script -> the break reasons its compiled models report (empty: every call replays a plan)
PROGRAMS = {
    "vae_example": set(),
    "lstm_sequence": set(),
    "nanogpt_train": set(),
    "cartpole_pg": set(),  # a policy returning a Categorical
    "mdn_transe": set(),  # a MixtureSameFamily of a Categorical and a Normal
    "resnet18_schedulers": set(),  # max pooling's backward scatters with bincount
    "classic_cnn_blocks": set(),
    "contrastive_distill": set(),  # BatchNorm called twice before one backward
    "stn_ctc": set(),
    "state_space_models": set(),  # complex kernels
    "t5_idioms": set(),  # an OrderedDict output
    "hf_idioms": set(),  # gradient checkpointing of its blocks
    "llama_decoder": {"an inference tensor argument"},  # rotary embeddings via complex views
    "lazy_cnn": {"a module hook that writes into a tensor or draws random numbers",
                 "a parameter or buffer given another array inside the region",
                 "a module hook in a region whose replay may hand the call back to eager",
                 # materialising, a lazy module sets its attributes (and its class) anew
                 "the region changed a Python list, dict or object it reaches (an append, "
                 "an entry or attribute set): a plan does not replay Python side effects"},
}


# Programs that use an optional extra (t5_idioms computes in bfloat16, which needs ml_dtypes).
REQUIRES = {"t5_idioms": "ml_dtypes"}


def _run(script, *flags):
    env = {"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1",
           "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run([sys.executable, str(RUNNER), *flags, str(SCRIPTS / f"{script}.py")],
                            capture_output=True, text=True, timeout=600, env=env, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.mark.parametrize("script", [pytest.param(name, marks=[requires(REQUIRES[name])]
                                                 if name in REQUIRES else [])
                                    for name in sorted(PROGRAMS)])
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
