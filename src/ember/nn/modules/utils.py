"""Argument helpers shared by the layer modules: ``_pair(3) == (3, 3)`` and friends."""
from __future__ import annotations

import types
from collections.abc import Iterable
from itertools import repeat


def _ntuple(n, name="parse"):
    def parse(x):
        if isinstance(x, Iterable):
            return tuple(x)
        return tuple(repeat(x, n))
    parse.__name__ = name
    return parse


_single = _ntuple(1, "_single")
_pair = _ntuple(2, "_pair")
_triple = _ntuple(3, "_triple")
_quadruple = _ntuple(4, "_quadruple")


def _reverse_repeat_tuple(values, n):
    """``(a, b)`` -> ``(b, b, a, a)`` for n=2: F.pad's last-dimension-first padding order."""
    return tuple(x for x in reversed(values) for _ in range(n))


def consume_prefix_in_state_dict_if_present(state_dict, prefix):
    """Strip ``prefix`` from the keys (and metadata keys) of ``state_dict`` that start with it.

    Loads a checkpoint saved from a wrapped model (``module.`` from DataParallel/DDP) into the
    bare model. Works in place on the (ordered) dict.
    """
    for key in [k for k in state_dict if k.startswith(prefix)]:
        state_dict[key[len(prefix):]] = state_dict.pop(key)
    metadata = getattr(state_dict, "_metadata", None)
    if metadata is not None:
        # Metadata keys are module paths: the wrapper's own entry is the prefix without its dot.
        for key in [k for k in metadata if k and (k.startswith(prefix)
                                                  or k == prefix.replace(".", ""))]:
            metadata[key[len(prefix):]] = metadata.pop(key)


def named_function(function, qualname):
    """A copy of ``function`` whose qualified name (the one its argument errors print) is
    ``qualname``."""
    code = function.__code__
    if hasattr(code, "co_qualname"):  # Python 3.11+: the errors read the code's qualname
        code = code.replace(co_qualname=qualname)
    copy = types.FunctionType(code, function.__globals__, function.__name__,
                              function.__defaults__, function.__closure__)
    copy.__kwdefaults__, copy.__qualname__, copy.__doc__ = \
        function.__kwdefaults__, qualname, function.__doc__
    return copy
