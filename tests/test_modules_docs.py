"""The examples in the docstrings of the submodules added for torch parity (ember.random,
ember.signal.windows, ember.autograd.graph's hooks, ember.utils._pytree, ember.overrides,
ember.hub, ember.utils.hooks, ember.utils.benchmark, ember.xpu, ember.mps, ember.masked) run,
and print the same under torch (``torch.`` for ``ember.``)."""
from __future__ import annotations

import doctest
import importlib
import inspect

import pytest
from conftest import CPU_PRINTOUT, TORCH, cpu_only, requires_torch

import ember

NAMES = {
    "random": ["fork_rng"],
    "signal.windows": ["bartlett", "blackman", "cosine", "exponential", "gaussian",
                       "general_cosine", "general_hamming", "hamming", "hann", "kaiser",
                       "nuttall"],
    "autograd.graph": ["saved_tensors_hooks", "save_on_cpu", "disable_saved_tensors_hooks",
                       "allow_mutation_on_saved_tensors", "get_gradient_edge",
                       "increment_version", "register_multi_grad_hook"],
    "utils._pytree": ["keystr", "register_pytree_node", "TreeSpec", "tree_flatten", "tree_map"],
    "overrides": ["has_torch_function", "handle_torch_function", "is_tensor_like"],
    "hub": ["get_dir"],
    "utils.hooks": ["unserializable_hook"],
    "utils.benchmark": ["Timer"],
    "xpu": ["is_available"],
    "mps": ["is_available"],
    "masked": ["amax", "amin", "argmax", "argmin", "cumprod", "cumsum", "log_softmax",
               "logaddexp", "logsumexp", "mean", "median", "norm", "normalize", "prod",
               "softmax", "softmin", "std", "sum", "var"],
}
EXAMPLES = [f"{module}.{name}" for module, names in NAMES.items() for name in names]


def _object(lib, qualified):
    module, _, name = qualified.rpartition(".")
    return getattr(importlib.import_module(f"{lib.__name__}.{module}"), name)


def _run(qualified, lib, rename):
    finder = doctest.DocTestFinder(recurse=False)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    value = _object(ember, qualified)
    state = lib.get_rng_state()
    try:
        for test in finder.find(value, qualified, globs={"ember": lib}):
            for example in test.examples:
                if rename:
                    example.source = example.source.replace("from ember", "from torch")
                    example.want = example.want.replace("ember.", "torch.")
            runner.run(test)
    finally:
        lib.set_rng_state(state)
    return runner


@cpu_only(CPU_PRINTOUT)
@pytest.mark.parametrize("qualified", EXAMPLES)
def test_example_is_documented_and_runs(qualified):
    value = _object(ember, qualified)
    text = inspect.getdoc(value) or ""
    assert ">>>" in text and "Args:" in text or ">>>" in text and not inspect.signature(
        value).parameters
    runner = _run(qualified, ember, rename=False)
    assert runner.tries > 0 and runner.failures == 0


@requires_torch
@pytest.mark.parametrize("qualified", EXAMPLES)
def test_example_prints_what_torch_prints(qualified):
    runner = _run(qualified, TORCH, rename=True)
    assert runner.failures == 0
