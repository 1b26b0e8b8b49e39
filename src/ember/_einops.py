"""Makes einops know ember's tensors, without importing einops at ``import ember``.

einops picks a backend for a tensor among the subclasses of its ``AbstractBackend`` whose
``framework_name`` is a module in ``sys.modules``. ember's subclass (in ``_einops_backend``)
must exist before the first einops call on an ember tensor, whichever of the two packages the
program imported first:

- einops already imported when ``import ember`` runs: the backend is defined at once;
- einops imported later: a finder at the front of ``sys.meta_path`` waits for the top-level
  ``einops`` import, lets the finders behind it locate the package, and defines the backend
  right after the package has executed. It then removes itself, so later imports do not pass
  through it.

Only the module name is compared on each import until then, so ``import ember`` and other
imports cost the same as without it. The finder and the loader are plain classes with the
methods the import system calls (``importlib.abc`` would add its import to ``import ember``).
"""
from __future__ import annotations

import importlib
import sys

BACKEND = "ember._einops_backend"


class _RegisterAfterLoad:
    """Runs einops' own loader, then defines ember's backend; anything else (resource
    readers, source access) is the wrapped loader's."""

    def __init__(self, loader):
        self._loader = loader

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        _remove_watcher()
        importlib.import_module(BACKEND)

    def __getattr__(self, name):
        return getattr(self._loader, name)


class _EinopsWatcher:
    """Finds nothing itself: for ``einops`` it asks the finders behind it and wraps the
    loader of the spec they find. It stays until einops has loaded, as a spec may be looked
    up without loading (``importlib.util.find_spec``)."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "einops":
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _RegisterAfterLoad(spec.loader)
                return spec
        return None


def _remove_watcher():
    sys.meta_path[:] = [finder for finder in sys.meta_path
                        if not isinstance(finder, _EinopsWatcher)]


def install():
    """Defines the backend now if einops is loaded, else once it is."""
    if "einops" in sys.modules:
        importlib.import_module(BACKEND)
    elif not any(isinstance(finder, _EinopsWatcher) for finder in sys.meta_path):
        sys.meta_path.insert(0, _EinopsWatcher())
