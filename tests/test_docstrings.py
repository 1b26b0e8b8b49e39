"""Public docstrings: how many carry arguments and an example, and every example runs.

The public API is what a user reaches from ember's top level, Tensor, nn, nn.functional,
optim (with lr_scheduler), utils.data, autograd and viz. A docstring counts as documented
when it has a doctest example (``>>>``) and, for a callable that takes arguments, an
``Args:`` section. Every public object must be documented (a new public name comes with its
docstring), and each example is run and must print what it shows, under ember and under torch.
"""
from __future__ import annotations

import doctest
import importlib
import inspect

import numpy as np
import pytest

import ember
from conftest import (CPU_PRINTOUT, INSTALL, TORCH, cpu_only, doctest_for_torch, installed,
                      requires_torch)
from ember import autograd, nn, optim, viz
from ember.nn import functional
from ember.utils import data

NAMESPACES = {"ember": ember, "ember.Tensor": ember.Tensor, "ember.nn": nn,
              "ember.nn.functional": functional, "ember.optim": optim,
              "ember.optim.lr_scheduler": optim.lr_scheduler,
              "ember.utils.data": data, "ember.autograd": autograd, "ember.viz": viz,
              "ember.nn.Module": nn.Module, "ember.optim.Optimizer": optim.Optimizer,
              "ember.fft": ember.fft, "ember.optim.swa_utils": optim.swa_utils,
              "ember.optim.optimizer": optim.optimizer}
NAMESPACES["ember.jit"] = ember.jit
# Submodules torch does not import with its package: both sides import them here.
SUBMODULES = ["nn.attention.flex_attention", "library", "_logging", "__config__",
              "ao.quantization", "ao.nn.quantized.dynamic", "utils.checkpoint", "fx",
              "fx.passes.shape_prop", "fx.experimental.optimization"]
for _path in SUBMODULES:
    NAMESPACES[f"ember.{_path}"] = importlib.import_module(f"ember.{_path}")
    if TORCH is not None:
        importlib.import_module(f"torch.{_path}")


def _public(namespace):
    """(name, object) for the public functions, classes and methods of a namespace."""
    for name in sorted(dir(namespace)):
        if name.startswith("_"):
            continue
        try:
            value = inspect.getattr_static(namespace, name) if inspect.isclass(namespace) \
                else getattr(namespace, name)
        except AttributeError:
            continue
        if isinstance(value, (staticmethod, classmethod)):
            value = value.__func__
        if isinstance(value, property) or inspect.ismodule(value):
            continue
        if not (inspect.isfunction(value) or inspect.isclass(value)):
            continue
        if not getattr(value, "__module__", "").startswith("ember"):
            continue
        yield name, value


def public_api():
    """{object: first qualified name} over every namespace, each object once."""
    seen = {}
    for prefix, namespace in NAMESPACES.items():
        for name, value in _public(namespace):
            seen.setdefault(value, f"{prefix}.{name}")
    return {name: value for value, name in seen.items()}


def _takes_arguments(value):
    try:
        signature = inspect.signature(value)
    except (TypeError, ValueError):
        return True
    return any(name not in ("self", "cls") for name in signature.parameters)


def documented(value):
    text = inspect.getdoc(value) or ""
    return ">>>" in text and ("Args:" in text or not _takes_arguments(value))


API = public_api()
EXAMPLES = sorted(name for name, value in API.items()
                  if ">>>" in (value.__doc__ or ""))


def test_every_public_object_is_documented():
    missing = sorted(name for name, value in API.items() if not documented(value))
    print(f"documented: {len(API) - len(missing)} of {len(API)} public objects")
    assert not missing, f"{len(missing)} public objects lack Args/an example: {missing}"


def test_the_count_sees_both_kinds():
    assert documented(ember.Tensor.backward)
    assert not documented(ember.Tensor.__init__) or ">>>" in ember.Tensor.__init__.__doc__
    assert "ember.Tensor.backward" in API and "ember.nn.Linear" in API


@cpu_only(CPU_PRINTOUT)
@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_run(name):
    value = API[name]
    if "bfloat16" in (value.__doc__ or "") and not installed("ml_dtypes"):
        pytest.skip(INSTALL["ml_dtypes"])
    globs = {"ember": ember, "nn": nn, "F": functional, "optim": optim, "np": np}
    finder = doctest.DocTestFinder(recurse=False)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    state = ember.get_rng_state()
    try:
        for test in finder.find(value, name, globs=globs):
            # The example's names stay: fx.wrap remembers the namespace a function lives in
            # and a later trace (of any test) looks the function up there again.
            runner.run(test, clear_globs=False)
    finally:
        ember.set_rng_state(state)
    assert runner.failures == 0, f"{name}: {runner.failures} of {runner.tries} examples failed"


def _torch_counterpart(name):
    """The torch object behind an ember qualified name, or None where torch has no such name."""
    target = TORCH
    for part in name.split(".")[1:]:
        target = getattr(target, part, None)
        if target is None:
            return None
    return target


@requires_torch
@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_print_what_torch_prints(name):
    """Each example, run with torch in ember's place, prints the same (``torch.`` for ``ember.``).

    The docs then teach PyTorch's behaviour, not only ember's. Names torch does not have (ember's
    own additions such as ember.viz) are skipped.
    """
    if _torch_counterpart(name) is None:
        pytest.skip(f"{name} is ember's own: torch has no such name")
    globs = {"ember": TORCH, "nn": TORCH.nn, "F": TORCH.nn.functional, "optim": TORCH.optim,
             "np": np}
    finder = doctest.DocTestFinder(recurse=False)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    state = TORCH.get_rng_state()
    try:
        for test in finder.find(API[name], name, globs=globs):
            doctest_for_torch(test)
            runner.run(test, clear_globs=False)  # as above: torch.fx.wrap's namespaces
    finally:
        TORCH.set_rng_state(state)
    assert runner.failures == 0, f"{name}: {runner.failures} of {runner.tries} examples " \
        "print something else under torch"
