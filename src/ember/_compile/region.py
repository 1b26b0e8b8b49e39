"""A compiled region: the callable ``ember.compile`` wraps, and the plans it keeps."""
from __future__ import annotations

import threading
import weakref


class _State(threading.local):
    capturing = False   # a region is recording its calls (is_compiling() is True)
    disabled = 0        # inside ember.compiler.disable'd code or set_stance("force_eager")


_state = _State()
_stance = {"stance": "default"}
_regions = weakref.WeakSet()


class Region:
    """Runs ``fn`` eagerly; keeps the settings ``compile`` was given."""

    def __init__(self, fn, *, fullgraph=False, dynamic=None, backend=None, mode=None,
                 options=None, name=None, recompile_limit=None):
        self.fn = fn
        self.fullgraph = fullgraph
        self.dynamic = dynamic
        self.backend = backend if backend is not None else "inductor"
        self.mode = mode
        self.options = options
        self.name = name or getattr(fn, "__qualname__", type(fn).__name__)
        self.recompile_limit = recompile_limit
        self.plans = {}
        self.break_reasons = []
        _regions.add(self)

    def reset(self):
        self.plans.clear()
        self.break_reasons.clear()

    def __call__(self, *args, **kwargs):
        return self.fn(*args, **kwargs)


def reset():
    """Forget every plan of every compiled region (they capture again on their next call)."""
    for region in list(_regions):
        region.reset()


def is_compiling():
    return _state.capturing
