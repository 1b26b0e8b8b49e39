"""Every function whose torch counterpart takes ``out=`` takes it in ember too.

torch's own argument parser is the reference: called with an unknown keyword, a function with
several signatures lists them (``Tensor out = None`` among them when it takes out=); a function
with one signature states it on its docstring's first line. Run this file as a script to print
the functions still missing ``out=``.
"""
from __future__ import annotations

import inspect
import re

import pytest
from conftest import TORCH, requires_torch

import ember

NAMESPACES = ("", "linalg", "special", "nn.functional", "sparse")


def _module(root, namespace):
    for part in filter(None, namespace.split(".")):
        root = getattr(root, part, None)
    return root


def torch_takes_out(fn):
    """Whether torch's ``fn`` accepts ``out=``, from its argument parser or its docstring."""
    messages = []
    for args in ((), (object(),)):
        try:
            fn(*args, __no_such_argument__=1)
        except Exception as error:  # noqa: BLE001 - only the message is read
            messages.append(str(error))
    if any("invalid combination of arguments" in m for m in messages):
        return any(re.search(r"\bout = None", m) for m in messages)
    signature = (fn.__doc__ or "").strip().split("\n\n")[0]
    return re.search(r"\bout=None", signature) is not None


def ember_takes_out(fn):
    """Whether ``fn`` or a function it wraps has an ``out`` parameter."""
    while fn is not None:
        try:
            if "out" in inspect.signature(fn, follow_wrapped=False).parameters:
                return True
        except (TypeError, ValueError):
            return False
        fn = getattr(fn, "__wrapped__", None)
    return False


def missing_out():
    """Qualified names of ember functions lacking the ``out=`` their torch counterpart has."""
    missing = []
    for namespace in NAMESPACES:
        torch_module, ember_module = _module(TORCH, namespace), _module(ember, namespace)
        for name in sorted(dir(torch_module)):
            fn = getattr(torch_module, name)
            if name.startswith("_") or inspect.isclass(fn) or not callable(fn):
                continue
            ours = getattr(ember_module, name, None)
            if ours is None or not torch_takes_out(fn):
                continue
            if not ember_takes_out(ours):
                missing.append(f"{namespace}.{name}".lstrip("."))
    return missing


@requires_torch
@pytest.mark.filterwarnings("ignore")
def test_every_function_torch_gives_out_takes_it():
    assert missing_out() == []


def test_the_wrapper_is_seen_through_numpy_style_aliases():
    assert ember_takes_out(ember.sum) and ember_takes_out(ember.linalg.lu_factor)
    assert not ember_takes_out(ember.relu)


if __name__ == "__main__":
    print("\n".join(missing_out()) or "none")
