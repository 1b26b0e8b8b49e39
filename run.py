"""Set up and run ember from a fresh clone with nothing but Python 3.10+ (standard library only).

    python3 run.py tour            # the main job: ember's guided tour of autograd
    python3 run.py test            # the whole test suite, on the minimal install
    python3 run.py test --full     # the suite again with every optional extra (torch, ...)
    python3 run.py test --standin  # tests with every tensor on the strict CUDA stand-in

Each command makes a virtual environment inside the checkout (``.venv``, or ``.venv-full`` for
``--full``), installs ember there in editable mode with what the command needs, then runs it.
The install is repeated only when pyproject.toml changes. Arguments after the command go to it:
``python3 run.py tour --no-pictures``, ``python3 run.py test tests/test_cli.py -x``.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
MINIMUM_PYTHON = (3, 10)
# What each command installs (extras of pyproject.toml) and into which environment.
SETUPS = {
    "tour": (".venv", ""),
    "test": (".venv", "test"),
    "full": (".venv-full", ("test,ref,viz,progress,plot,dist,bf16,safetensors,bench,onnx,"
                            "tensorboard,einops")),
}
# pytest's options: quiet, two worker processes (pytest-xdist), no cache files; the paths come
# from pyproject.toml's testpaths.
PYTEST = ["-q", "-p", "no:cacheprovider", "-n", "2"]


def python_in(environment):
    """The interpreter of a virtual environment, on POSIX or Windows."""
    scripts = "Scripts" if os.name == "nt" else "bin"
    return environment / scripts / ("python.exe" if os.name == "nt" else "python")


def prepare(setup):
    """Create the environment and install ember (with ``extras``) unless it is up to date."""
    folder, extras = SETUPS[setup]
    environment = ROOT / folder
    python = python_in(environment)
    target = f".[{extras}]" if extras else "."
    stamp = environment / "ember-installed"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + target.encode()).hexdigest()
    installed = set(stamp.read_text().split()) if stamp.exists() else set()
    if python.exists() and wanted in installed:
        return python
    if not python.exists():
        print(f"run.py: creating the virtual environment {folder}/", flush=True)
        venv.create(environment, with_pip=True)
    print(f"run.py: installing ember{f' with {extras}' if extras else ''} into {folder}/ "
          "(once; again only when pyproject.toml changes)", flush=True)
    command = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q",
               "-e", target]
    if subprocess.call(command, cwd=ROOT) != 0:
        sys.exit(f"run.py: installing failed (command: {' '.join(command)})")
    stamp.write_text("\n".join(sorted(installed | {wanted})) + "\n")
    return python


def tour(arguments):
    python = prepare("tour")
    return subprocess.call([str(python), "-m", "ember", "tour", *arguments], cwd=ROOT)


def test(arguments):
    full = "--full" in arguments
    standin = "--standin" in arguments
    arguments = [a for a in arguments if a not in ("--full", "--standin")]
    python = prepare("full" if full else "test")
    environment = dict(os.environ)
    if standin:
        # Two stand-in CUDA devices (see src/ember/_backend_standin.py); tests/conftest.py then
        # makes cuda the default device and checks each op's result device.
        environment["EMBER_CUDA_STANDIN"] = "2"
    if full:
        for program, hint in (("dot", "Graphviz (apt-get install graphviz, brew install "
                                      "graphviz): the rendering tests will skip"),):
            if shutil.which(program) is None:
                print(f"run.py: {program} not found: {hint}", flush=True)
    return subprocess.call([str(python), "-m", "pytest", *PYTEST, *arguments], cwd=ROOT,
                           env=environment)


COMMANDS = {"tour": tour, "test": test}


def main(argv):
    if sys.version_info < MINIMUM_PYTHON:
        sys.exit(f"run.py: ember needs Python {'.'.join(map(str, MINIMUM_PYTHON))} or newer; "
                 f"this is {sys.version.split()[0]}")
    if not argv or argv[0] not in COMMANDS:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
