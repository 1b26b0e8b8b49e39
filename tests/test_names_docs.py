"""The examples in the docstrings of names that live outside the namespaces test_docstrings.py
walks (ember.sparse, ember.export, ember.utils.collect_env...): each runs under ember and
prints the same under torch (``torch.`` for ``ember.``)."""
from __future__ import annotations

import doctest
import importlib
import inspect
import warnings

import pytest
from conftest import TORCH, doctest_for_torch, requires_torch

import ember

NAMES = ["ember.sparse.check_sparse_tensor_invariants", "ember.sparse.as_sparse_gradcheck",
         "ember.export.ShapesCollection", "ember.export.AdditionalInputs",
         "ember.distributed.register_rendezvous_handler", "ember.linalg.LinAlgError",
         "ember.utils._pytree.structseq", "ember.func.rearrange"]


def _resolve(root, name):
    module, _, attr = name.rpartition(".")
    return getattr(importlib.import_module(module.replace("ember", root.__name__, 1)), attr)


def _run(name, lib):
    value = _resolve(ember, name)
    globs = {"ember": lib, "F": lib.nn.functional, "nn": lib.nn}
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    tests = doctest.DocTestFinder(recurse=False).find(value, name, globs=globs)
    assert tests and tests[0].examples, f"{name} has no example"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for test in tests:
            if lib is not ember:
                doctest_for_torch(test)
            runner.run(test)
    return runner


@pytest.mark.parametrize("name", NAMES)
def test_example_runs(name):
    runner = _run(name, ember)
    assert runner.failures == 0, f"{runner.failures} of {runner.tries} examples failed"
    value = _resolve(ember, name)
    try:
        parameters = inspect.signature(value).parameters
    except ValueError:  # a builtin's subclass (an exception) has no signature: it takes *args
        parameters = ["args"]
    takes_arguments = any(p not in ("self", "cls") for p in parameters)
    assert "Args:" in value.__doc__ or not takes_arguments


@requires_torch
@pytest.mark.parametrize("name", NAMES)
def test_example_prints_what_torch_prints(name):
    runner = _run(name, TORCH)
    assert runner.failures == 0, f"{runner.failures} of {runner.tries} differ under torch"
