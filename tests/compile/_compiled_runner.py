"""Runs a tests/scripts program under ember with its own models compiled, as a user adding
``model = torch.compile(model)`` would: each call of a module whose class the program defines
(outside another such call) goes through one ``ember.compile`` region per module. The program
itself is unchanged. At exit, one JSON line on stderr after ``EMBER-REGIONS:`` gives each
region's captures, plans and break reasons. argv[1]: the script; argv[1] ``--eager``, then the
script: the same run without compiling (the reference). ``--all-modules`` first: every
module called outside another module's call is compiled, ember's own classes too (a program
whose model is an ``nn.Sequential``)."""
import collections
import json
import runpy
import sys
import weakref


sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1]))
import torch_alias  # noqa: E402

torch_alias.install()
import ember  # noqa: E402
from ember._compile.region import _state  # noqa: E402
from ember.nn.modules.module import Module  # noqa: E402

_original = Module.__call__
_compiled = weakref.WeakKeyDictionary()
_depth = [0]
_seen = []


def _call(self, *args, **kwargs):
    if _depth[0] or _state.capturing or (not _every[0] and type(self).__module__ != "__main__"):
        return _original(self, *args, **kwargs)
    compiled = _compiled.get(self)
    if compiled is None:
        compiled = _compiled[self] = ember.compile(self)
        _seen.append((type(self).__name__, compiled._ember_region))
    _depth[0] += 1
    try:
        return compiled(*args, **kwargs)
    finally:
        _depth[0] -= 1


_every = [sys.argv[1] == "--all-modules"]
if _every[0]:
    del sys.argv[1]
eager = sys.argv[1] == "--eager"
if eager:
    del sys.argv[1]
else:
    Module.__call__ = _call
script = sys.argv[1]
sys.argv = sys.argv[1:]
try:
    runpy.run_path(script, run_name="__main__")
finally:
    report = []
    for name, region in _seen:
        reasons = collections.Counter(region.break_reasons)
        report.append({"module": name, "captures": region.captures,
                       "plans": len(region.plans), "breaks": dict(reasons)})
    sys.stdout.flush()
    print("EMBER-REGIONS:" + json.dumps(report), file=sys.stderr)
