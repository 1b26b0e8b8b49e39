"""``import ember`` stays light: optional and heavy libraries load on first use only."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import need

import ember

OPTIONAL = ("ml_dtypes", "scipy", "graphviz", "matplotlib", "tqdm", "mpi4py", "torch",
            "safetensors", "threadpoolctl", "cupy")


def _modules_after(code):
    """The top-level module names loaded in a fresh interpreter after running ``code``."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    return {name.split(".")[0] for name in json.loads(result.stdout.splitlines()[-1])}


def test_import_ember_loads_no_optional_library():
    loaded = _modules_after("import ember")
    assert "ember" in loaded
    assert sorted(loaded.intersection(OPTIONAL)) == []


def test_command_line_parser_loads_no_optional_library():
    loaded = _modules_after("from ember.cli import build_parser; build_parser()")
    assert sorted(loaded.intersection(OPTIONAL)) == []


def test_bfloat16_imports_ml_dtypes_on_first_use():
    need("ml_dtypes")
    code = ("import sys, ember\nbefore = 'ml_dtypes' in sys.modules\n"
            "x = ember.ones(2, dtype=ember.bfloat16)\n"
            "print(before, 'ml_dtypes' in sys.modules, x.dtype)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.split() == ["False", "True", "ember.bfloat16"]


def test_bfloat16_array_made_elsewhere_is_recognised():
    ml_dtypes = need("ml_dtypes")
    import numpy as np
    array = np.array([1.5, -2.0], dtype=ml_dtypes.bfloat16)
    assert ember.from_numpy(array).dtype is ember.bfloat16
    assert json.dumps(ember.from_numpy(array).tolist()) == "[1.5, -2.0]"


def test_every_namespace_imports_with_no_optional_library_installed():
    """As on the minimal install: each optional library made unimportable before ember loads."""
    blocked = "; ".join(f"sys.modules[{name!r}] = None" for name in OPTIONAL + ("onnx",))
    code = (f"import sys; {blocked}\nimport ember, ember.nn, ember.optim, ember.utils.data, "
            "ember.viz, ember.fft, ember.linalg, ember.special, ember.distributions\n"
            "assert not hasattr(ember.Tensor, 'bfloat16') and ember.Tensor.float.__doc__")
    loaded = _modules_after(code)
    assert "ember" in loaded


def test_gamma_gradients_and_sobol_points_leave_scipy_stats_unimported():
    # scipy.stats costs seconds to import; these paths need only scipy.special and a data file.
    script = ("import sys, ember\n"
              "alpha = ember.tensor([2.0, 3.0], dtype=ember.float64, requires_grad=True)\n"
              "ember.distributions.Gamma(alpha, 1.0).rsample((3,)).sum().backward()\n"
              "ember.distributions.Dirichlet(alpha).rsample((2,))[:, 0].sum().backward()\n"
              "print(ember.quasirandom.SobolEngine(3, scramble=True, seed=1).draw(4).shape)\n"
              "print(alpha.grad.isfinite().all().item(), 'scipy.special' in sys.modules,\n"
              "      'scipy.stats' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    assert result.stdout.split() == ["ember.Size([4,", "3])", "True", "True", "False"]
