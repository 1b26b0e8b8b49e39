"""The __torch_function__ cases issue 15 found missing, each program run on ember and on torch:
subclass operands on either side of an operator, duck types on the left of one, overrides
assigned or removed after a type's first use, and the functions that did not dispatch (numel,
sym_*, feature_dropout, the sparse products and their aliases)."""
from __future__ import annotations

import pytest
from conftest import CHECK_WRAPPERS, TORCH, cpu_only, requires_torch

import ember


def _same(program):
    ours = [str(line).replace("ember", "torch") for line in program(ember)]
    assert ours == [str(line) for line in program(TORCH)]


def _error(fn):
    try:
        return fn()
    except Exception as error:  # noqa: BLE001 - the transcript records what was raised
        return type(error).__name__


def _subclass_on_either_side(lib):
    calls = []

    class Sub(lib.Tensor):
        @classmethod
        def __torch_function__(cls, func, types, args=(), kwargs=None):
            calls.append((func.__name__, [t.__name__ for t in types],
                          func is lib.Tensor.add, func is lib.Tensor.mul))
            return super().__torch_function__(func, types, args, kwargs or {})

    plain, sub = lib.ones(2), lib.ones(2).as_subclass(Sub)
    results = [sub.add(plain), plain + sub, sub * plain, plain * sub, lib.add(plain, sub),
               plain < sub, plain.add(sub), plain.clone().mul_(sub), plain.div(sub),
               plain.expand_as(sub)]
    return [type(r).__name__ for r in results] + calls


@cpu_only(CHECK_WRAPPERS)
@requires_torch
def test_subclass_operand_on_either_side_dispatches():
    _same(_subclass_on_either_side)


class _Duck:
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        return ("duck", func.__name__, [type(a).__name__ for a in args])


# A duck type on either side of an operator, as a method's argument, or anywhere in a call.
_DUCK_CALLS = ["d + t", "d - t", "d * t", "d @ t", "d ** t", "lib.add(t, d)", "lib.cat([t, d])",
               "lib.mul(d, t)", "lib.nn.functional.relu(d)", "t + d", "t.add(d)", "t * d",
               "t.mul_(d)", "t / d", "t == d", "t.expand_as(d)"]


def _duck_transcript(lib):
    t, d = lib.ones(2), _Duck()
    return [_error(lambda call=call: eval(call, {"lib": lib, "t": t, "d": d}))
            for call in _DUCK_CALLS]


@requires_torch
def test_duck_type_on_either_side_of_an_operator():
    _same(_duck_transcript)


def _reassigned(lib):
    disabled = __import__(f"{lib.__name__}._C").__dict__["_C"]._disabled_torch_function_impl
    out = []

    class Plain:
        pass

    t = lib.ones(2)
    out.append(_error(lambda: lib.add(t, Plain())))
    Plain.__torch_function__ = classmethod(lambda cls, f, ty, a=(), k=None: ("P", f.__name__))
    out += [lib.add(t, Plain()), Plain() + t, lib.mul(Plain(), t)]
    del Plain.__torch_function__
    out.append(_error(lambda: lib.add(t, Plain())))

    class Quiet(lib.Tensor):
        __torch_function__ = disabled

    q = lib.ones(2).as_subclass(Quiet)
    out += [type(q + 1).__name__, type(lib.add(q, 1)).__name__]
    Quiet.__torch_function__ = classmethod(lambda cls, f, ty, a=(), k=None: ("Q", f.__name__))
    # ember notices the new override at the next function call that meets the class (its
    # methods then dispatch too); torch checks on every call.
    out += [lib.add(q, 1), q + 1, q.sum(), q.shape, t + q]
    Quiet.__torch_function__ = disabled
    out += [type(q + 1).__name__, type(lib.add(q, 1)).__name__]
    return out


@requires_torch
def test_override_assigned_or_removed_after_first_use():
    _same(_reassigned)


def _names(lib):
    seen = []

    class Sub(lib.Tensor):
        @classmethod
        def __torch_function__(cls, func, types, args=(), kwargs=None):
            seen.append((func.__name__, func is getattr(lib, func.__name__)))
            return -1

    s = lib.ones(2).as_subclass(Sub)
    results = [lib.numel(s), lib.is_floating_point(s), lib.sym_int(s), lib.sym_float(s),
               lib.sym_max(s, 1), lib.sym_min(s, 1), lib.sym_not(s), lib.sym_sum([s]),
               lib.sym_ite(s, 1, 2), lib.feature_dropout(s, 0.5, True), lib.spmm(s, s),
               lib.dsmm(s, s), lib.hsmm(s, s), lib.hspmm(s, s), lib.saddmm(s, s, s),
               lib.sspaddmm(s, s, s), lib.smm(s, s)]
    plain = [lib.numel(lib.ones(2, 3)), lib.sym_int(2.5), lib.sym_max(1, 2), lib.spmm.__name__,
             lib.is_floating_point(lib.ones(1))]
    return results + seen + plain


@cpu_only(CHECK_WRAPPERS)
@requires_torch
def test_functions_that_did_not_dispatch():
    _same(_names)


@requires_torch
@pytest.mark.parametrize("namespace", ["", "nn.functional", "linalg", "fft", "special"])
def test_every_torch_overridable_function_ember_has_dispatches(namespace):
    """Of torch's overridable functions in each namespace, every one ember defines dispatches
    (torch.autocast, a class here as there, is the one torch lists that is not a function)."""
    def module(lib):
        for part in filter(None, namespace.split(".")):
            lib = getattr(lib, part)
        return lib
    theirs, ours = module(TORCH), module(ember)
    listed = TORCH.overrides.get_overridable_functions().get(theirs, [])
    missing = [f.__name__ for f in listed
               if not isinstance(getattr(ours, f.__name__, None), (type, type(None)))
               and not hasattr(getattr(ours, f.__name__), "__ember_dispatch__")]
    assert listed and missing == []
