"""Settings modules in the manner of ``torch._dynamo.config`` and ``torch._inductor.config``.

A settings module holds torch's switch names with torch's defaults. Reading or writing a name
it does not have raises ``AttributeError`` naming it, as torch's do, so a misspelt setting is
caught instead of silently ignored. Dotted names (``triton.cudagraphs``) live in sub-settings
objects that refuse unknown names the same way. ``patch`` sets some values for a ``with`` block
or a decorated function; ``get_config_copy`` returns every setting by its dotted name.
"""
from __future__ import annotations

import contextlib
import copy
import sys
import types
import warnings

from ._deprecated import _user_stacklevel


class _SubConfig:
    """The settings under one dotted prefix, e.g. ``config.triton``."""

    def __init__(self, owner, prefix):
        object.__setattr__(self, "_owner", owner)
        object.__setattr__(self, "_prefix", prefix)

    def __getattr__(self, name):
        return self._owner._read(f"{self._prefix}.{name}")

    def __setattr__(self, name, value):
        self._owner._write(f"{self._prefix}.{name}", value)


class ConfigModule(types.ModuleType):
    """A module whose settings are a fixed set of names; see the module's docstring.

    The class of a settings module is switched to this one by :func:`install`, which stores the
    defaults, the aliases (old names that read and write a new one) and the deprecated names
    (which warn and always read as their fixed value) on the module.
    """

    def _read(self, name):
        values = self.__dict__["_values"]
        if name in values:
            return values[name]
        if name in self.__dict__["_prefixes"]:
            return _SubConfig(self, name)
        aliases = self.__dict__["_aliases"]
        if name in aliases:
            return self._read(aliases[name])
        deprecated = self.__dict__["_deprecated"]
        if name in deprecated:
            warnings.warn(f"{self.__name__}.{name} is deprecated and does not do anything, "
                          f"{name} is always {deprecated[name]}. It will be removed in a "
                          f"future version of PyTorch.", FutureWarning,
                          stacklevel=_user_stacklevel())
            return deprecated[name]
        raise AttributeError(f"{self.__name__}.{name} does not exist")

    def _write(self, name, value):
        name = self.__dict__["_aliases"].get(name, name)
        if name in self.__dict__["_deprecated"]:
            return
        if name not in self.__dict__["_values"]:
            raise AttributeError(f"{self.__name__}.{name} does not exist")
        self.__dict__["_values"][name] = value

    def __getattr__(self, name):
        return self._read(name)

    def __setattr__(self, name, value):
        if name.startswith("__") or name in self.__dict__:
            super().__setattr__(name, value)
        else:
            self._write(name, value)

    def __dir__(self):
        tops = {name.split(".")[0] for name in self.__dict__["_values"]}
        return sorted(set(super().__dir__()) | tops)

    def get_config_copy(self):
        """Every setting by its dotted name, as a new dict (values deep-copied)."""
        return copy.deepcopy(self.__dict__["_values"])

    def patch(self, arg1=None, arg2=None, **changes):
        """Set settings for a ``with`` block or each call of a decorated function, then put the
        old values back: ``patch("name", value)``, ``patch({"name": value})`` or
        ``patch(name=value)``; dotted names such as ``"triton.cudagraphs"`` work in the first
        two forms."""
        if isinstance(arg1, str):
            changes[arg1] = arg2
        elif isinstance(arg1, dict):
            changes.update(arg1)
        elif arg1 is not None:
            raise TypeError(f"patch() expects a setting's name or a dict, not "
                            f"{type(arg1).__name__}")
        for name in changes:
            self._read(name)
        module = self

        class _Patch(contextlib.ContextDecorator):
            def __enter__(self):
                self.saved = {name: module._read(name) for name in changes}
                for name, value in changes.items():
                    module._write(name, value)
                return self

            def __exit__(self, *exc):
                for name, value in self.saved.items():
                    module._write(name, value)
                return False

        return _Patch()


def install(module_name, defaults, aliases=None, deprecated=None):
    """Turn the module ``module_name`` into a settings module with these defaults (a dict from
    dotted names to values), aliases (old name -> new name) and deprecated names (name ->
    fixed value)."""
    module = sys.modules[module_name]
    prefixes = set()
    for name in defaults:
        parts = name.split(".")
        prefixes.update(".".join(parts[:i]) for i in range(1, len(parts)))
    module.__dict__.update(_values=dict(defaults), _prefixes=frozenset(prefixes),
                           _aliases=dict(aliases or {}), _deprecated=dict(deprecated or {}))
    module.__class__ = ConfigModule
