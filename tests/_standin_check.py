"""The stand-in run's device check: every op's result is on its inputs' device.

Installed by conftest.py when ``EMBER_CUDA_STANDIN`` is set (``python3 run.py test --standin``):
tensors made without a device go to ``cuda`` (the strict stand-in), and each public function of
ember's op namespaces and each Tensor method is wrapped so that a result on another device than
its tensor inputs (0-d CPU tensors aside, which torch lets join any device) raises at the call
that produced it. Factories called without ``device=`` must give tensors on the default device.
"""
from __future__ import annotations

import functools
import os
import re
import types

import ember
from ember import Tensor

# Functions whose job is to move data between devices or to the host.
MOVERS = frozenset(("to", "cpu", "cuda", "type", "numpy", "tolist", "item", "from_numpy",
                    "from_dlpack", "as_tensor", "asarray", "tensor", "load", "save", "pin_memory",
                    "frombuffer", "from_file", "set_", "to_dense", "to_sparse", "share_memory_",
                    "as_strided", "module_load", "storage", "untyped_storage", "new"))
FACTORIES = frozenset(("zeros", "ones", "empty", "full", "arange", "linspace", "logspace", "eye",
                       "rand", "randn", "randint", "randperm", "tensor", "range"))
OPERATORS = frozenset(("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__",
                       "__truediv__", "__rtruediv__", "__floordiv__", "__rfloordiv__",
                       "__mod__", "__rmod__", "__pow__", "__rpow__", "__matmul__", "__rmatmul__",
                       "__neg__", "__abs__", "__invert__", "__and__", "__or__", "__xor__",
                       "__lt__", "__le__", "__gt__", "__ge__", "__eq__", "__ne__",
                       "__getitem__", "__iadd__", "__isub__", "__imul__", "__itruediv__"))
NAMESPACES = ("ember", "ember.nn.functional", "ember.special", "ember.fft", "ember.linalg")


def _tensors(value, out):
    if isinstance(value, Tensor):
        out.append(value)
    elif isinstance(value, (tuple, list)):
        for v in value:
            _tensors(v, out)
    return out


def _expected(args, kwargs):
    """The one device of the inputs (0-d CPU tensors aside); None when there is not one."""
    # Private attributes, not the properties: a tensor subclass's __torch_function__ would see
    # the check's own reads of .device and .ndim as calls of the program's.
    devices = {t._device for t in _tensors(list(args) + list(kwargs.values()), [])
               if not (t._device.type == "cpu" and t._data.ndim == 0)}
    return next(iter(devices)) if len(devices) == 1 else None


_PACKAGE_FILE = os.path.join(os.path.dirname(ember.__file__), "_standin_check_wrapper.py")


def _checked(name, fn, factory):
    @functools.wraps(fn)
    def call(*args, **kwargs):
        result = fn(*args, **kwargs)
        if "device" in kwargs or "out" in kwargs:
            return result
        expected = _expected(args, kwargs)
        if expected is None and factory:
            expected = ember.get_default_device()
        if expected is not None:
            for t in _tensors(result, []):
                if t._device != expected:
                    raise AssertionError(f"ember backend check: {name} gave a tensor on "
                                         f"{t._device} from inputs on {expected}")
        return result
    # Filed under ember's own folder, so that ember's warnings, which point at the first frame
    # outside the package (the user's call), still point at the test and not at this wrapper.
    call.__code__ = call.__code__.replace(co_filename=_PACKAGE_FILE)
    return call


def install():
    """Send tensors to the stand-in ``cuda`` by default and wrap the ops with the check."""
    import importlib
    ember.set_default_device("cuda")
    for module_name in NAMESPACES:
        module = importlib.import_module(module_name)
        for name, fn in list(vars(module).items()):
            if name.startswith("_") or name in MOVERS or not isinstance(fn, types.FunctionType):
                continue
            setattr(module, name, _checked(f"{module_name}.{name}", fn, name in FACTORIES))
    for name, fn in list(vars(Tensor).items()):
        if not isinstance(fn, types.FunctionType) or name in MOVERS:
            continue
        if name.startswith("_") and name not in OPERATORS:
            continue
        setattr(Tensor, name, _checked(f"Tensor.{name}", fn, False))


# -- the work list: failures counted by the place in ember where they arose -------------------
PLACES = {}
_FRAME = re.compile(r"(src/ember/[\w/]+\.py):(\d+)")


def record_failure(report):
    """Count a failed test under the innermost ember frame of its traceback (the stand-in's
    own frames aside): the file:line that made the host call, or computed off the device."""
    frames = [m for m in _FRAME.findall(str(report.longrepr))
              if not m[0].endswith(("_backend_standin.py", "_standin_check_wrapper.py"))]
    place = f"{frames[-1][0]}:{frames[-1][1]}" if frames else "(no ember frame: the test)"
    PLACES[place] = PLACES.get(place, 0) + 1


DESELECTED = {}


def record_deselected(reason):
    """Count a test the run deselects as CPU-only, under its reason."""
    DESELECTED[reason] = DESELECTED.get(reason, 0) + 1


def summary(write):
    """Write the CPU-only tests deselected, by reason, and the failure places, most failures
    first."""
    if DESELECTED:
        write(f"deselected as CPU-only ({sum(DESELECTED.values())} tests):")
        for reason, count in sorted(DESELECTED.items(), key=lambda item: -item[1]):
            write(f"{count:6d}  {reason}")
    if not PLACES:
        return
    write(f"stand-in failures by place ({sum(PLACES.values())} failures at {len(PLACES)} "
          "places):")
    for place, count in sorted(PLACES.items(), key=lambda item: (-item[1], item[0])):
        write(f"{count:6d}  {place}")
