"""ember.utils.hooks: the handle class module hooks return, unserializable_hook and
warn_if_has_hooks, compared with torch.utils.hooks."""
from __future__ import annotations

import importlib
import warnings
from collections import OrderedDict

import pytest
from conftest import TORCH, requires_torch

import ember

MODULES = [pytest.param("ember", id="ember"),
           pytest.param("torch", id="torch", marks=requires_torch)]


def _lib(name):
    return ember if name == "ember" else TORCH


@pytest.mark.parametrize("name", MODULES)
def test_module_hooks_return_the_public_handle(name):
    lib = _lib(name)
    hooks = importlib.import_module(f"{name}.utils.hooks")
    calls = []
    layer = lib.nn.Linear(2, 2)
    handle = layer.register_forward_hook(lambda *args: calls.append(1))
    assert isinstance(handle, hooks.RemovableHandle)
    layer(lib.ones(1, 2))
    with handle:
        pass
    layer(lib.ones(1, 2))
    assert calls == [1]
    table = OrderedDict()
    assert hooks.RemovableHandle(table).id != hooks.RemovableHandle(table).id


@pytest.mark.parametrize("name", MODULES)
def test_warn_if_has_hooks(name):
    lib = _lib(name)
    hooks = importlib.import_module(f"{name}.utils.hooks")
    x = lib.ones(2, requires_grad=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        hooks.warn_if_has_hooks(x)
        x.register_hook(hooks.unserializable_hook(lambda g: g))
        hooks.warn_if_has_hooks(x)
        x.register_hook(lambda g: g)
        hooks.warn_if_has_hooks(x)
    assert len(caught) == 1
    assert "on tensor will not be serialized" in str(caught[0].message)
    assert f"@{name}.utils.hooks.unserializable_hook" in str(caught[0].message)


@pytest.mark.parametrize("name", MODULES)
def test_backward_hook_runs_module_full_backward_hooks(name):
    lib = _lib(name)
    hooks = importlib.import_module(f"{name}.utils.hooks")
    layer = lib.nn.Linear(2, 1)
    seen = []
    wiring = hooks.BackwardHook(layer, [lambda m, gi, go: seen.append((len(gi), len(go)))], [])
    x = wiring.setup_input_hook((lib.ones(1, 2, requires_grad=True),))
    out = wiring.setup_output_hook(layer(*x))
    out.sum().backward()
    assert seen == [(1, 1)]
