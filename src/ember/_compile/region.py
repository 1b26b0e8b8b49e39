"""A compiled region: guards, capture on the first call of a signature, replay afterwards.

A call's *signature* is everything the recorded calls depend on besides the array values:
the arguments' shapes, dtypes, devices and requires_grad, Python arguments by value, grad
mode, the module tree's training flags and the identity of every parameter and buffer (and of
its array, so a rebound ``.data`` is a new signature). The first call of a signature runs
eagerly under ``capture`` and keeps the recorded forward; the backward is recorded when the
engine first runs it. From then on the signature replays: the forward is one generated
function over the arrays, and the outputs' grad_fn is one ``CompiledFunctionBackward`` node
whose derivative is the generated backward. The engine accumulates its gradients into the
same ``.grad`` attributes, with their hooks, as it does for eager leaves.

A Python value read from a tensor inside the region (``bool(t)``, ``.item()``) is a guard of
the plan: a signature keeps a chain of plans, one per path through its guards, and a call
runs the first whose guards hold (runtime.call), capturing a new one when none does. An op
whose output shape depends on the data is a guard on that shape, and the Python globals the
user's forward methods (and the plain functions they call) read are part of the signature.
A capture that saw every read is used as recorded; one that may have missed a read (see
capture.py) is first checked against eager mode on other values.

A module's forward hooks are plan steps (runtime.HookCall: the hook is called again with the
replayed arrays). A region that reads a ``.grad`` adds to its signature which parameters have
one, and a plan that read a ``.grad`` array applies only while that array is the gradient.
Plans run first as per-step functions made from shared templates and become straight-line
Python source after ``plan.COMPILE_AFTER`` runs (plan.py).
"""
from __future__ import annotations

import logging
import threading
import weakref


class _State(threading.local):
    capturing = False   # a region is recording its calls (is_compiling() is True)
    disabled = 0        # inside ember.compiler.disable'd code


_state = _State()
_stance = {"stance": "default"}
_regions = weakref.WeakSet()
_log = logging.getLogger("ember._dynamo")
_EAGER = "eager"
_accumulated = [0]
RECOMPILATION_DOCS = ("https://docs.pytorch.org/docs/main/user_guide/torch_compiler/compile/"
                      "programming_model.recompilation.html")


class Region:
    """Runs ``fn`` with one plan per signature (see the module docstring)."""

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
        self.compile_times = []
        self.captures = 0  # plans captured (a new signature, or a new path of one)
        self.reads_grad = False  # the region reads .grad: signatures include which exist
        self.global_sites = None  # the globals a module's forward reads (runtime._global_sites)
        self.module_sites = None  # where a compiled function finds modules (runtime._roots)
        self.object_sites = None  # the globals its code names (runtime._object_sites)
        self._warned = False
        _regions.add(self)

    def reset(self):
        self.plans.clear()
        self.break_reasons.clear()
        self.compile_times.clear()
        self.captures = 0
        self.reads_grad = False
        self.global_sites = None
        self.module_sites = None
        self.object_sites = None
        self._warned = False

    def __call__(self, *args, **kwargs):
        if _state.capturing or _state.disabled or _stance["stance"] == "force_eager":
            return self.fn(*args, **kwargs)
        from . import runtime
        return runtime.call(self, args, kwargs)

    def limit(self):
        if self.recompile_limit is not None:
            return self.recompile_limit
        from .._dynamo import config
        return config.recompile_limit

    def over_limit(self, reason):
        """True (and torch's warning, once) when no further plan may be captured."""
        from .._dynamo import config
        if self.captures < self.limit() and _accumulated[0] < config.accumulated_recompile_limit:
            return False
        if not self._warned:
            self._warned = True
            name, where = self.code_location()
            _log.warning("ember._dynamo hit config.recompile_limit (%d)\n   function: %r%s\n"
                         "   last reason: %s\nTo log all recompilation reasons, use "
                         "TORCH_LOGS=\"recompiles\".\nTo diagnose recompilation issues, see "
                         "%s", self.limit(), name, where, reason, RECOMPILATION_DOCS)
        return True

    def code_location(self):
        """(name, " (file:line)") of the code the region runs, as torch's recompile warning
        names the frame: a function's own, a module's ``forward``."""
        fn = self.fn
        code = getattr(fn, "__code__", None)
        if code is None:
            code = getattr(getattr(type(fn), "forward", None), "__code__", None)
        if code is None:
            return self.name, ""
        return code.co_name, f" ({code.co_filename}:{code.co_firstlineno})"


def reset():
    """Forget every plan of every compiled region (they capture again on their next call)."""
    for region in list(_regions):
        region.reset()
    _accumulated[0] = 0


def is_compiling():
    """True while a compiled region records its calls (torch: while Dynamo traces)."""
    return _state.capturing
