"""ember.overrides: the __torch_function__ protocol for functions that use it, compared with
torch.overrides on the same programs."""
from __future__ import annotations

import importlib

import pytest
from conftest import TORCH, requires_torch

import ember

MODULES = [pytest.param("ember", id="ember"),
           pytest.param("torch", id="torch", marks=requires_torch)]


def _lib(name):
    return ember if name == "ember" else TORCH


class Logged:
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        return ("Logged", func.__name__, [t.__name__ for t in types], len(args), kwargs)


class LoggedChild(Logged):
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        return ("Child", func.__name__, [t.__name__ for t in types])


class Refuses:
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        return NotImplemented


def _transcript(name):
    lib, o = _lib(name), importlib.import_module(f"{name}.overrides")
    out = []

    def double(x, y=None):
        if o.has_torch_function((x, y)):
            return o.handle_torch_function(double, (x, y), x, y=y)
        return "plain"

    out.append(double(1))
    out.append(double(Logged()))
    out.append(double(Logged(), LoggedChild()))
    try:
        double(Refuses())
    except TypeError as error:
        out.append(str(error).split("found for")[1].replace("test_modules_overrides.", ""))
    out.append((o.has_torch_function((1, lib.ones(1))), o.has_torch_function_unary(Logged()),
                o.has_torch_function_variadic(1, Logged()), o.has_torch_function(())))
    out.append((o.is_tensor_like(lib.ones(1)), o.is_tensor_like(Logged()),
                o.is_tensor_like(Logged), o.is_tensor_like(1)))

    class Mode(o.TorchFunctionMode):
        def __torch_function__(self, func, types, args=(), kwargs=None):
            return ("mode", func.__name__, double(*args, **(kwargs or {})))

    with Mode():
        out.append((double(1), o.has_torch_function((1,))))
    out.append(o.has_torch_function((1,)))
    with o.BaseTorchFunctionMode():
        out.append(double(2))

    @o.wrap_torch_function(lambda x: (x,))
    def wrapped(x):
        return "wrapped plain"

    out.append((wrapped(1), wrapped(Logged())[:2]))
    out.append((o.resolve_name(lib.add), o.resolve_name(lib.Tensor.add),
                o.resolve_name(lambda x: x)))
    out.append((o.is_tensor_method_or_property(lib.Tensor.add),
                o.is_tensor_method_or_property(lib.add)))
    try:
        with o.enable_reentrant_dispatch():
            out.append("entered")
    except RuntimeError as error:
        out.append(str(error))
    return [repr(v).replace("torch", "ember") for v in out]


@requires_torch
def test_protocol_matches_torch():
    assert _transcript("ember") == _transcript("torch")


def test_function_lists():
    from ember import overrides
    functions = overrides.get_overridable_functions()
    assert ember.add in functions[ember] and ember.Tensor.add in functions[ember.Tensor]
    assert ember.nn.functional.relu in functions[ember.nn.functional]
    assert ember.add not in overrides.get_ignored_functions()
    assert ember.get_default_dtype in overrides.get_ignored_functions()
    assert overrides.get_testing_overrides()[ember.add](1, 2) == -1
    assert len(overrides.get_default_nowrap_functions()) == 3


def _redispatch(name):
    o = importlib.import_module(f"{name}.overrides")
    out = []

    class Loud:
        depth = 0

        def __init__(self, value):
            self.value = value

        @classmethod
        def __torch_function__(cls, func, types, args=(), kwargs=None):
            out.append("  " * cls.depth + func.__name__)
            cls.depth += 1
            try:
                return o.redispatch_function(func, types, args, kwargs)
            finally:
                cls.depth -= 1

    def mul(a, b):
        if o.has_torch_function((a, b)):
            return o.handle_torch_function(mul, (a, b), a, b)
        return Loud(a.value * b.value)

    def scaled(a, b):
        if o.has_torch_function_variadic(a, b):
            return o.handle_torch_function(scaled, (a, b), a, b)
        return mul(a, b).value + 1

    out.append(scaled(Loud(3), Loud(4)))
    return out


@requires_torch
def test_redispatch_skips_one_level_as_torch():
    assert _redispatch("ember") == _redispatch("torch") == ["scaled", "  mul", 13]
