"""ember.utils.collect_env (ember's facts in the layout of torch's report) and
ember.utils.cpp_extension (importable; building an extension refuses, naming why)."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import ember
from ember.utils import collect_env, cpp_extension

# The fact lines torch's report has and ember's keeps, in torch's order.
SHARED_KEYS = ["Is debug build", "OS", "GCC version", "Clang version", "CMake version",
               "Libc version", "Python version", "Python platform", "Is CUDA available",
               "CUDA runtime version", "GPU models and configuration", "Nvidia driver version"]


@pytest.fixture
def no_commands(monkeypatch):
    """Every shell command fails, as on a machine without the tools (and fast)."""
    monkeypatch.setattr(collect_env, "run", lambda command: (127, "", "not found"))


def _facts(text):
    return dict(line.split(": ", 1) for line in text.splitlines()
                if ": " in line and not line.startswith("[pip3]"))


def test_report_has_torchs_lines_in_torchs_order(no_commands):
    text = collect_env.get_pretty_env_info()
    facts = _facts(text)
    assert [key for key in facts if key in SHARED_KEYS] == SHARED_KEYS
    assert facts["ember version"] == ember.__version__
    assert facts["NumPy version"] == np.__version__
    assert facts["Python version"].startswith(sys.version.split()[0])
    assert facts["Is debug build"] == "False"
    assert facts["GCC version"] == facts["CMake version"] == "Could not collect"
    assert text.splitlines()[-1] == "Could not collect"  # the packages pip could not list


def test_pip_lines_keep_the_relevant_packages(monkeypatch):
    listing = "numpy==2.0.0\nrequests==2.0\nscipy==1.13.0\nember==0.1"
    monkeypatch.setattr(collect_env, "run", lambda command: (0, listing, "")
                        if "list" in command else (0, "pip 24.0 from x", ""))
    assert collect_env.get_pip_packages() == ("24.0", "numpy==2.0.0\nscipy==1.13.0\nember==0.1")
    env = collect_env.get_env_info()
    assert collect_env.pretty_str(env).endswith(
        "Versions of relevant libraries:\n[pip3] numpy==2.0.0\n[pip3] scipy==1.13.0\n"
        "[pip3] ember==0.1")


def test_main_prints_the_header_then_the_report(no_commands, capsys):
    collect_env.main()
    out = capsys.readouterr().out
    assert out.startswith("Collecting environment information...\nember version: ")


def test_runs_as_a_module():
    done = subprocess.run([sys.executable, "-m", "ember.utils.collect_env"], capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout.splitlines()[0] == "Collecting environment information..."
    assert "Python platform:" in done.stdout


@pytest.mark.parametrize("build", [
    lambda: cpp_extension.load("ext", ["ext.cpp"]),
    lambda: cpp_extension.load_inline("ext", "int f() { return 1; }", functions=["f"]),
    lambda: cpp_extension.CppExtension("ext", ["ext.cpp"]),
    lambda: cpp_extension.CUDAExtension("ext", ["ext.cu"]),
    lambda: cpp_extension.BuildExtension.with_options(use_ninja=False)()])
def test_building_an_extension_says_why_it_cannot(build):
    with pytest.raises(NotImplementedError, match="no ATen C\\+\\+ library"):
        build()


def test_cpp_extension_imports_with_its_helpers():
    assert ember.utils.cpp_extension is cpp_extension
    assert cpp_extension.include_paths() == []
    assert isinstance(cpp_extension.is_ninja_available(), bool)
