"""ember's warnings name the user's line, with torch's category and text.

tests/warning_sites.py triggers about a hundred of PyTorch's warnings (deprecations, implicit
dims, degrees of freedom, resized outputs, module and optimizer misuse...) from a user's module,
each from its own line, and reports the file and line each warning names. ember's must all name
the user's line: the line a user can act on, and the key Python's "default"/"once" filters use
to print a warning once per line.

torch's own warnings mostly do the same; TORCH_POINTS_INSIDE lists the cases where torch 2.13
names a frame inside torch instead (Python-level warnings with a fixed stacklevel that stops
inside torch's module machinery or helpers). There ember names the user's line all the same:
ember's call stacks are not torch's (its ``__torch_function__`` wrapper, its ``out=`` layer), so
"the same frame" has no ember counterpart, and the user's line is what the warning is about.
The one exception is a DeprecationWarning, whose attribution decides whether Python shows it at
all (shown by default only when it names ``__main__``): ``ember.jit.script`` names ember's own
frame, as torch's names torch's, so a program's output stays the same
(test_main_program_prints_the_warnings_torch_prints).
"""
from __future__ import annotations

import importlib
import json
import os
import pathlib
import re
import subprocess
import sys
import warnings

import pytest
from conftest import CHECK_WRAPPERS, TORCH, cpu_only, requires_torch

import ember
import ember.nn.functional as F

HERE = pathlib.Path(__file__).resolve().parent
SITES = HERE / "warning_sites.py"

pytestmark = cpu_only(CHECK_WRAPPERS)

# Cases where torch 2.13's warning names a file inside torch rather than the user's line.
TORCH_POINTS_INSIDE = {
    "module_softmax_dim", "mse_size_average", "mha_mask_types", "meshgrid_indexing",
    "chain_matmul", "stft_window", "stft_real", "lu", "default_tensor_type", "matmul_precision",
    "rnn_dropout", "loss_size_average", "instancenorm_features", "trunc_normal_mean",
    "weight_norm", "optim_duplicate", "scheduler_get_lr", "cuda_amp_autocast", "sdp_kernel",
    "gradcheck_float32", "load_meta_into", "backward_hook_output", "checkpoint_no_grad_input",
    "jit_script", "jit_isinstance_empty", "checkpoint_reentrant",
}
# DeprecationWarnings that torch attributes to its own code, hidden by Python's default filters:
# ember attributes them to its own code too.
LIBRARY_ATTRIBUTED = {"jit_script"}
# Cases where neither library warns on this machine (they would on another: a CUDA build).
SILENT = set()


def _report(library):
    """warning_sites.run(library) in a fresh process (some warnings come once per process)."""
    result = subprocess.run([sys.executable, str(SITES), library], capture_output=True,
                            text=True, timeout=300, env=dict(os.environ))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def ember_report():
    return _report("ember")


@pytest.fixture(scope="module")
def torch_report():
    return _report("torch")


def _warnings(entries):
    """The warnings of one case, without the record of an exception the case raised."""
    return [entry for entry in entries if not entry[1].startswith("raised ")]


def _normalised(message):
    """A message as ember words it: ember's name for torch's, no C++ source location (torch's
    C++ warnings end with where they were raised), no object addresses."""
    message = message.split(" (Triggered internally at ")[0].replace("torch", "ember")
    return re.sub(r"0x[0-9a-f]+", "0x", message)


def test_every_case_warns(ember_report):
    quiet = {name for name, entries in ember_report.items() if not _warnings(entries)}
    assert quiet == SILENT


def test_ember_warnings_name_the_users_line(ember_report):
    elsewhere = {name: [where for _, _, where in _warnings(entries) if where != "user"]
                 for name, entries in ember_report.items()}
    elsewhere = {name: places for name, places in elsewhere.items() if places}
    assert set(elsewhere) == LIBRARY_ATTRIBUTED, elsewhere
    for name in LIBRARY_ATTRIBUTED:
        assert all(place.startswith("__init__.py:") for place in elsewhere[name])


@requires_torch
def test_same_category_and_text_as_torch(ember_report, torch_report):
    assert set(ember_report) == set(torch_report)
    for name in torch_report:
        ours = [(category, _normalised(message))
                for category, message, _ in _warnings(ember_report[name])]
        theirs = [(category, _normalised(message))
                  for category, message, _ in _warnings(torch_report[name])]
        assert ours == theirs, name


@requires_torch
def test_where_torch_points_inside_itself(torch_report):
    inside = {name for name, entries in torch_report.items()
              if any(where != "user" for _, _, where in _warnings(entries))}
    assert inside == TORCH_POINTS_INSIDE


@pytest.mark.parametrize("category, call", [
    (UserWarning, lambda: F.softmax(ember.ones(2, 3))),
    (UserWarning, lambda: ember.ones(1).var()),
    (FutureWarning, lambda: ember.nn.Hardtanh(min_value=-2.0)),
    (DeprecationWarning, lambda: ember.amp.autocast_mode.is_autocast_cpu_enabled()),
])
def test_error_filter_raises_the_category(category, call):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(category) as raised:
            call()
    assert type(raised.value) is category


def _count_default(library):
    """How many warnings the "default" filter lets through: a loop that warns three times on
    one line, then the same call on two other lines."""
    x = library.ones(2, 3)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        for _ in range(3):
            library.nn.functional.softmax(x)
        library.nn.functional.softmax(x)
        library.nn.functional.softmax(x)
    assert all(w.filename == __file__ for w in caught)
    return len(caught)


def test_default_filter_prints_once_per_line():
    assert _count_default(ember) == 3


@requires_torch
def test_default_filter_counts_as_torch():
    assert _count_default(ember) == _count_default(TORCH)


MAIN_PROGRAM = '''
import torch
import torch.nn.functional as F



def double(y: torch.Tensor) -> torch.Tensor:
    return y * 2


x = torch.ones(2, 3)
for _ in range(3):
    F.softmax(x)                                   # UserWarning, printed once
torch.jit.script(double)                           # DeprecationWarning inside the library: hidden
torch.ones(1).std()                                # C++-side warning in torch


class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, y):
        return y ** 3


Cube()                                             # DeprecationWarning naming __main__: shown
torch.nn.init.uniform(torch.empty(2))              # FutureWarning
'''

# The alias that runs a program written for torch on ember (as tests/test_scripts.py does).
ALIAS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_alias.py")


def _stderr(command, tmp_path):
    script = tmp_path / "program.py"
    script.write_text(MAIN_PROGRAM)
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    result = subprocess.run([sys.executable, *command, str(script)], capture_output=True,
                            text=True, timeout=120, env=environment, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return [_normalised(line) for line in result.stderr.splitlines()]


def _main_ember(tmp_path):
    return _stderr([ALIAS], tmp_path)


def test_main_program_warnings_name_its_lines(tmp_path):
    lines = _main_ember(tmp_path)
    named = [line for line in lines if "Warning: " in line]
    assert [line.split(": ")[1] for line in named] == [
        "UserWarning", "UserWarning", "DeprecationWarning", "FutureWarning"]
    script = str(tmp_path / "program.py")
    assert all(line.startswith(script + ":") for line in named), named


@requires_torch
def test_main_program_prints_the_warnings_torch_prints(tmp_path):
    assert _main_ember(tmp_path) == _stderr([], tmp_path)


# Any change to Python's warning filters (``warnings.catch_warnings`` on entry and exit,
# ``simplefilter``) makes Python forget which warnings each line has shown, so an op that
# silenced a warning that way made every other warning repeat at each call from one line.
def _sparse_checkpoint(library, path):
    dense = library.tensor([[0.0, 1.0], [2.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the beta note of making the CSR tensor
        library.save({"coo": dense.to_sparse(), "csr": dense.to_sparse_csr()}, path)
    return lambda: library.load(path)


def _meta_ops(library):
    def run():
        x = library.ones(2, 3, device="meta")
        (x.exp() * 2).sum(1)
        library.einsum("ij,kj->ik", x, x)
    return run


def _fsdp_state_dict_type(library):
    fsdp = importlib.import_module(library.__name__ + ".distributed.fsdp")

    def run():
        module = library.nn.Linear(2, 2)
        with fsdp.FullyShardedDataParallel.state_dict_type(
                module, fsdp.StateDictType.FULL_STATE_DICT):
            pass
        fsdp.FullyShardedDataParallel.set_state_dict_type(
            module, fsdp.StateDictType.FULL_STATE_DICT)
    return run


def _shown_per_line(library, case):
    """Each warning's text and line, over three rounds of one line that warns (std with no
    degrees of freedom) and the case, under the default filter (once per line); one round runs
    first, so that a one-off reset on first use (torch's meta ops import their registrations)
    is not counted."""
    case()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        for _ in range(3):
            library.tensor([[1.0, 2.0]]).std(0)
            case()
    return [(str(w.message).split(" (Triggered")[0], w.lineno) for w in caught]


def _registry_cases(library, tmp_path):
    return {"meta": _meta_ops(library),
            "sparse_load": _sparse_checkpoint(library, tmp_path / "sparse.pt")}


@pytest.mark.parametrize("case", ["meta", "sparse_load"])
def test_ops_keep_the_record_of_shown_warnings(case, tmp_path):
    shown = _shown_per_line(ember, _registry_cases(ember, tmp_path)[case])
    assert len(shown) == len(set(shown)) == 1, shown


@requires_torch
@pytest.mark.parametrize("case", ["meta", "sparse_load"])
def test_ops_keep_the_record_of_shown_warnings_as_torch(case, tmp_path):
    assert _shown_per_line(ember, _registry_cases(ember, tmp_path)[case]) == \
        _shown_per_line(TORCH, _registry_cases(TORCH, tmp_path)[case])


def test_fsdp_state_dict_type_warns_once_per_line():
    # torch's warns the same, but cannot enter state_dict_type twice without an FSDP unit
    shown = _shown_per_line(ember, _fsdp_state_dict_type(ember))
    assert len(shown) == len(set(shown)) == 3, shown
    assert sum("state_dict_type" in text for text, _ in shown) == 2
