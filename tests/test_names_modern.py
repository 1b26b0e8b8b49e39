"""Modules modern scripts import: torch._logging.set_logs, torch.__config__, torch._utils's
rebuild functions, and the names of torch.library and nn.attention.flex_attention, compared
with torch 2.13."""
from __future__ import annotations

import importlib
import inspect
import logging
import warnings

import numpy as np
import pytest
from conftest import TORCH, assert_close, requires_torch

import ember

# torch.library names ember does not build: dispatcher hooks (autocast, vmap, torch_dispatch
# registration, fallthrough kernels, get_kernel/get_ctx) and Triton ops, which need torch's C++
# dispatcher or a GPU compiler.
LIBRARY_NOT_BUILT = {"fallthrough_kernel", "impl_abstract", "register_autocast",
                     "register_torch_dispatch", "register_vmap", "get_ctx", "get_kernel",
                     "triton_op", "wrap_triton"}


@requires_torch
@pytest.mark.parametrize("module, missing", [
    ("nn.attention.flex_attention", set()), ("library", LIBRARY_NOT_BUILT)])
def test_public_names_match_torch(module, missing):
    theirs = set(importlib.import_module(f"torch.{module}").__all__)
    ours = importlib.import_module(f"ember.{module}")
    absent = {name for name in theirs if not hasattr(ours, name)}
    assert absent == missing


@requires_torch
def test_set_logs_signature_matches_torch():
    def plain(signature):
        return [(p.name, p.kind, p.default) for p in signature.parameters.values()]
    assert plain(inspect.signature(ember._logging.set_logs)) == \
        plain(inspect.signature(TORCH._logging.set_logs))


@requires_torch
@pytest.mark.parametrize("settings", [{"nope": True}, {"dynamo": "x"}, {"dynamo": 15},
                                      {"graph_breaks": 3}, {"modules": {"no_such_mod": 10}}])
def test_set_logs_refuses_as_torch(settings):
    with pytest.raises(Exception) as theirs:
        TORCH._logging.set_logs(**settings)
    TORCH._logging.set_logs()
    with pytest.raises(type(theirs.value)) as ours:
        ember._logging.set_logs(**settings)
    if not isinstance(theirs.value, ModuleNotFoundError):
        assert str(ours.value) == str(theirs.value)


def test_set_logs_sets_levels_and_resets():
    ember._logging.set_logs(dynamo=logging.DEBUG, inductor=logging.INFO, recompiles=True,
                            modules={"ember.optim": logging.ERROR})
    try:
        assert logging.getLogger("ember._dynamo").level == logging.DEBUG
        assert logging.getLogger("ember._inductor").level == logging.INFO
        assert logging.getLogger("ember.optim").level == logging.ERROR
        assert ember._logging.enabled_artifacts == {"recompiles"}
        artifact = ember._logging.getArtifactLogger("ember.test_names", "recompiles")
        assert artifact.filter(logging.LogRecord("x", logging.INFO, "", 0, "m", None, None))
    finally:
        ember._logging.set_logs()
    assert logging.getLogger("ember._dynamo").level == logging.NOTSET
    assert logging.getLogger("ember.optim").level == logging.NOTSET
    assert not ember._logging.enabled_artifacts
    assert not artifact.filter(logging.LogRecord("x", logging.INFO, "", 0, "m", None, None))


def test_config_reports_ember_facts_in_torch_layout():
    text = ember.__config__.show()
    lines = text.splitlines()
    assert lines[0] == "ember built with:"
    assert all(line.startswith("  - ") for line in lines[1:])
    assert f"NumPy {np.__version__}" in text
    info = ember.__config__.parallel_info()
    assert info.splitlines()[0] == "ember/Parallel:"
    assert f"\tember.get_num_threads() : {ember.get_num_threads()}" in info
    assert "Environment variables:" in info


@requires_torch
def test_config_layout_matches_torch_shape():
    ours, theirs = ember.__config__.show(), TORCH.__config__.show()
    assert ours.startswith("ember built with:\n  - ") and theirs.startswith(
        "PyTorch built with:\n  - ")
    assert ours.endswith("\n") and theirs.endswith("\n")
    assert TORCH.__config__.parallel_info().startswith("ATen/Parallel:\n\tat::get_num_threads()")


@requires_torch
@pytest.mark.parametrize("case", ["v2", "v2_grad", "v3", "parameter", "conj"])
def test_rebuild_functions_match_torch(case):
    def run(m):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch's TypedStorage deprecation
            utils = importlib.import_module(f"{m.__name__}._utils")
            x = m.tensor([1 + 2j, 3j, 4, 5], dtype=m.complex64) if case == "conj" \
                else m.arange(6.0)
            if case == "v3":
                return utils._rebuild_tensor_v3(x.storage(), 1, (2, 2), (2, 1), False, {},
                                                m.float32)
            if case == "parameter":
                return utils._rebuild_parameter(x, True, {})
            metadata = {"conj": True} if case == "conj" else None
            return utils._rebuild_tensor_v2(x.storage(), 1, (2, 1), (1, 2), case == "v2_grad",
                                            {}, metadata)
    ours, theirs = run(ember), run(TORCH)
    assert_close(ours, theirs)
    assert ours.requires_grad == theirs.requires_grad
    assert type(ours).__name__ == type(theirs).__name__


@requires_torch
@pytest.mark.parametrize("device, kwargs", [("cuda:1", {}), ("cpu", {"allow_cpu": True}),
                                            ("cpu", {}), (3, {})])
def test_get_device_index_matches_torch(device, kwargs):
    def run(m):
        try:
            return m._utils._get_device_index(device, **kwargs)
        except ValueError as error:
            return str(error)
    assert run(ember) == run(TORCH)
