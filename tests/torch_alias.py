"""Runs a program written for torch on ember: ``import torch`` and every ``torch.*`` import
resolve to ``ember`` and ``ember.*`` (a meta-path alias; nothing else changes).

``python tests/torch_alias.py SCRIPT ARGS...`` runs SCRIPT as ``__main__`` with ARGS as its
argv; ``import torch_alias; torch_alias.install()`` installs the alias in a process.
"""
import importlib
import importlib.abc
import importlib.util
import os
import runpy
import sys


class _Alias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def __init__(self):
        self._own_specs = {}

    def find_spec(self, name, path=None, target=None):
        if name == "torch" or name.startswith("torch."):
            if importlib.util.find_spec("ember" + name[len("torch"):]) is None:
                return None
            return importlib.util.spec_from_loader(name, self)
        return None

    def create_module(self, spec):
        module = importlib.import_module("ember" + spec.name[len("torch"):])
        self._own_specs[module.__name__] = module.__spec__
        return module

    def exec_module(self, module):
        # the import system has just set the module's __spec__ to the torch-named one: ember's
        # own goes back, keeping __spec__.parent equal to __package__ (else each relative
        # import inside ember warns ImportWarning)
        module.__spec__ = self._own_specs.pop(module.__name__)


class _InstallInChild:
    """Carried in a spawned child's preparation data, which the child unpickles before it
    imports the parent's __main__: unpickling installs the alias there too."""

    def __reduce__(self):
        here = os.path.dirname(os.path.abspath(__file__))
        return exec, (f"import sys; sys.path.insert(0, {here!r}); import torch_alias; "
                      "torch_alias.install()",)


def _spawned_children_too():
    """Without this a child started by spawn or forkserver (DataLoader workers,
    torch.multiprocessing.spawn) would import the real torch for the script's `import torch`."""
    import multiprocessing.spawn as spawn
    if getattr(spawn.get_preparation_data, "_torch_alias", False):
        return
    original = spawn.get_preparation_data

    def get_preparation_data(name):
        data = original(name)
        data["torch_alias"] = _InstallInChild()
        return data
    get_preparation_data._torch_alias = True
    spawn.get_preparation_data = get_preparation_data


def install():
    if not any(type(finder) is _Alias for finder in sys.meta_path):
        sys.meta_path.insert(0, _Alias())
    _spawned_children_too()


if __name__ == "__main__":
    install()
    script = sys.argv[1]
    sys.argv = sys.argv[1:]
    runpy.run_path(script, run_name="__main__")
