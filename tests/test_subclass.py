"""Tensor subclasses and the __torch_function__ protocol, each program run on ember and on torch.

Every transcript below is a small program written once against a library module (``ember``
or ``torch``); it returns what a user would print (types, reprs, values, errors), and the two
transcripts must be equal once the package name is normalised.
"""
from __future__ import annotations

import copy
import io
import pickle
import re
import subprocess
import sys
import textwrap

import pytest
from conftest import CPU_PRINTOUT, TORCH, cpu_only, requires_torch

import ember


def _lib(name):
    return ember if name == "ember" else TORCH


def _same(program):
    """Run ``program(lib)`` on both libraries and compare the transcripts."""
    ours, theirs = _normalised(program(ember)), _normalised(program(TORCH))
    assert ours == theirs


def _normalised(transcript):
    text = "\n".join(str(line) for line in transcript)
    return re.sub(r" at 0x[0-9a-f]+", "", text.replace("torch", "ember")).splitlines()


def _name(value):
    if isinstance(value, (tuple, list)):
        return f"{type(value).__name__}[{', '.join(type(v).__name__ for v in value)}]"
    return type(value).__name__


def _error(fn):
    try:
        fn()
    except Exception as error:  # noqa: BLE001 - the transcript records what was raised
        return f"{type(error).__name__}: {error}"
    return "no error"


def _classes(lib):
    class Tagged(lib.Tensor):
        pass

    class Logged(lib.Tensor):
        calls = []

        @classmethod
        def __torch_function__(cls, func, types, args=(), kwargs=None):
            cls.calls.append((func.__name__, [t.__name__ for t in types]))
            return super().__torch_function__(func, types, args, kwargs or {})

    class Refusing(lib.Tensor):
        @classmethod
        def __torch_function__(cls, func, types, args=(), kwargs=None):
            return NotImplemented

    return Tagged, Logged, Refusing


# --- results keep the subclass ---------------------------------------------------------------

def _results(lib):
    Tagged, _, _ = _classes(lib)
    F = lib.nn.functional
    a = lib.tensor([[1.0, -2.0], [3.0, 4.0]]).as_subclass(Tagged)
    plain = lib.ones(2, 2)
    calls = {
        "method": lambda: a.sum(), "operator": lambda: a * 2, "reflected": lambda: 2 - a,
        "plain left": lambda: plain + a, "function": lambda: lib.add(plain, a),
        "functional": lambda: F.relu(a), "linear": lambda: F.linear(a, plain),
        "index": lambda: a[0], "T": lambda: a.T, "data": lambda: a.data,
        "detach": lambda: a.detach(), "clone": lambda: a.clone(),
        "to": lambda: a.to(lib.float64), "inplace": lambda: a.clone().add_(1),
        "augmented": lambda: _iadd(a.clone()), "compare": lambda: a > 0,
        "max": lambda: lib.max(a, 0), "split": lambda: a.split(1),
        "unbind": lambda: a.unbind(), "cat": lambda: lib.cat([plain, a]),
        "linalg": lambda: lib.linalg.norm(a), "fft": lambda: lib.fft.fft(a),
        "special": lambda: lib.special.erf(a), "matmul": lambda: a @ plain,
        "shape": lambda: a.shape, "item": lambda: a[0, 0].item(),
        "tolist": lambda: a.tolist(), "len": lambda: len(a), "iter": lambda: list(a),
        "numpy": lambda: a.numpy(), "new_zeros": lambda: a.new_zeros(2),
    }
    out = [f"{name}: {_name(call())}" for name, call in calls.items()]
    out.append((isinstance(a, lib.Tensor), lib.is_tensor(a), type(a.max(0).values).__name__))
    return out


def _iadd(t):
    t += 1
    return t


@requires_torch
@cpu_only(CPU_PRINTOUT)  # the programs print CPU tensors, compared with torch's CPU
def test_results_keep_the_subclass_as_torch():
    _same(_results)


def _printing(lib):
    Tagged, _, _ = _classes(lib)

    class P(lib.nn.Parameter):
        pass

    a = lib.tensor([[1.0, 2.0], [3.0, 4.5]]).as_subclass(Tagged)
    g = lib.ones(2, requires_grad=True).as_subclass(Tagged)
    p = P(lib.ones(2, 2))
    return [repr(a), str(a), repr(a * 2), repr(g), repr(g * 2),
            repr(lib.tensor(3.0, dtype=lib.float64).as_subclass(Tagged)),
            repr(lib.zeros(0).as_subclass(Tagged)), repr(lib.arange(3).as_subclass(Tagged)),
            repr(p), repr(P(lib.ones(2), requires_grad=False)),
            repr(lib.nn.Parameter(lib.ones(2))), repr(lib.ones(2).as_subclass(Tagged)[0]),
            _error(lambda: f"{a.sum():.2f}"), f"{a.sum()}", f"{lib.ones(()):.2f}",
            _error(lambda: f"{lib.nn.Parameter(lib.ones(())):.1f}")]


@requires_torch
@cpu_only(CPU_PRINTOUT)  # the programs print CPU tensors, compared with torch's CPU
def test_subclass_reprs_as_torch():
    _same(_printing)


# --- the protocol -----------------------------------------------------------------------------

def _protocol(lib):
    _, Logged, _ = _classes(lib)
    F = lib.nn.functional
    x = lib.ones(3).as_subclass(Logged)
    out = []
    for program in (lambda: lib.relu(x * 2).sum(), lambda: 2 * x, lambda: lib.ones(3) + x,
                    lambda: x - 1, lambda: 1 - x, lambda: x / 2, lambda: x ** 2,
                    lambda: x[0], lambda: x.__setitem__(0, 5.0), lambda: repr(x),
                    lambda: str(x), lambda: F.softmax(x, 0), lambda: x.shape,
                    lambda: x.requires_grad, lambda: len(x), lambda: -x, lambda: abs(x),
                    lambda: x.add_(1), lambda: x.unbind(), lambda: float(x[0]), lambda: x @ x,
                    lambda: lib.stack([x, x]), lambda: lib.where(x > 0, x, 0.0)):
        Logged.calls.clear()
        result = program()
        out.append((list(Logged.calls), _name(result)))
    return out


@requires_torch
@cpu_only(CPU_PRINTOUT)  # the programs print CPU tensors, compared with torch's CPU
def test_torch_function_sees_the_calls_torch_routes():
    _same(_protocol)


def _not_implemented(lib):
    _, _, Refusing = _classes(lib)
    r = lib.ones(2).as_subclass(Refusing)
    out = [_error(lambda: r.sum()), _error(lambda: r.shape), _error(lambda: r + 1),
           _error(lambda: 1 - r), _error(lambda: lib.nn.functional.softmax(r, 0))]
    # torch.add and torch.cat name themselves as C++ functions do ("torch.add").
    out.append(_error(lambda: lib.add(r, 1)).replace("ember.add", "torch.add"))
    return out


@requires_torch
@cpu_only(CPU_PRINTOUT)  # the programs print CPU tensors, compared with torch's CPU
def test_all_not_implemented_raises_torchs_errors():
    _same(_not_implemented)


def _ducks(lib):
    class Duck:
        def __init__(self, value):
            self.value = value

        @classmethod
        def __torch_function__(cls, func, types, args=(), kwargs=None):
            return ("duck", func.__name__, [t.__name__ for t in types], len(args))

    class Refuses:
        @classmethod
        def __torch_function__(cls, func, types, args=(), kwargs=None):
            return NotImplemented

    return [lib.add(Duck(1), 2), lib.add(lib.ones(1), Duck(2)), lib.mean(Duck(3)),
            lib.nn.functional.relu(Duck(1)), lib.cat([lib.ones(1), Duck(2)]),
            _error(lambda: lib.sum(Refuses())),
            lib.add(lib.ones(2), 1)]


@requires_torch
@cpu_only(CPU_PRINTOUT)  # the programs print CPU tensors, compared with torch's CPU
def test_duck_types_dispatch_as_torch():
    _same(_ducks)


def _ordering(lib):
    seen = []

    class Base(lib.Tensor):
        @classmethod
        def __torch_function__(cls, func, types, args=(), kwargs=None):
            seen.append(("Base", [t.__name__ for t in types]))
            return NotImplemented

    class Child(Base):
        @classmethod
        def __torch_function__(cls, func, types, args=(), kwargs=None):
            seen.append(("Child", [t.__name__ for t in types]))
            return super().__torch_function__(func, types, args, kwargs)

    class Other(lib.Tensor):
        @classmethod
        def __torch_function__(cls, func, types, args=(), kwargs=None):
            seen.append(("Other", [t.__name__ for t in types]))
            return "Other took it"

    b, c, o = (lib.ones(1).as_subclass(k) for k in (Base, Child, Other))
    result = lib.mul(c, o)
    refused = _error(lambda: lib.add(b, c)).replace("ember.add", "torch.add")
    return [seen, result, refused]


@requires_torch
@cpu_only(CPU_PRINTOUT)  # the programs print CPU tensors, compared with torch's CPU
def test_overrides_run_subclasses_first_then_left_to_right():
    _same(_ordering)


def _switches(lib):
    Tagged, Logged, _ = _classes(lib)
    t = lib.ones(2).as_subclass(Tagged)
    out = []
    with lib._C.DisableTorchFunctionSubclass():
        out.append((_name(t + 1), lib._C._is_torch_function_enabled()))
    out.append((_name(t + 1), lib._C._is_torch_function_enabled()))

    class Watch(lib.overrides.TorchFunctionMode):
        def __torch_function__(self, func, types, args=(), kwargs=None):
            out.append(("mode", func.__name__, [k.__name__ for k in types]))
            return func(*args, **(kwargs or {}))

    with Watch():
        x = lib.ones(2)
        y = (x * 2).sum()
        lib.add(t, 1)
    out.append((_name(y), float(y)))
    plain = lib.ones(2)
    with Watch():
        with lib._C.DisableTorchFunctionSubclass():
            out.append(_name(t.sum()))
    out.append(_name(plain * 3))
    return out


@requires_torch
@cpu_only(CPU_PRINTOUT)  # the programs print CPU tensors, compared with torch's CPU
def test_disable_switch_and_modes_as_torch():
    _same(_switches)


def test_modes_leave_plain_methods_undispatched_after_exit():
    class Count(ember.overrides.TorchFunctionMode):
        seen = 0

        def __torch_function__(self, func, types, args=(), kwargs=None):
            Count.seen += 1
            return func(*args, **(kwargs or {}))

    x = ember.ones(2)
    with Count():
        x.sum()
    x.sum()
    assert Count.seen == 1  # the sum() inside the block; nothing after it


def test_plain_methods_stay_undispatched_until_a_user_subclass_takes_part():
    # In a fresh process (an earlier test's subclass switches dispatch on for good): plain
    # tensors keep Tensor's own methods outside modes, and dispatch once a user subclass that
    # takes part exists, so that plain.add(sub) reaches sub's __torch_function__ as in torch.
    code = textwrap.dedent("""
        import ember
        original = ember.Tensor.__dict__["add"]

        class Count(ember.overrides.TorchFunctionMode):
            def __torch_function__(self, func, types, args=(), kwargs=None):
                return func(*args, **(kwargs or {}))

        with Count():
            inside = ember.Tensor.__dict__["add"] is not original
        after_mode = ember.Tensor.__dict__["add"] is original

        class Quiet(ember.Tensor):
            __torch_function__ = ember._C._disabled_torch_function_impl

        after_disabled = ember.Tensor.__dict__["add"] is original

        class Loud(ember.Tensor):
            pass

        r = ember.ones(2).add(ember.ones(2).as_subclass(Loud))
        print(inside, after_mode, after_disabled, ember.Tensor.__dict__["add"] is original,
              type(r).__name__)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=False, timeout=120)
    assert out.stdout.split() == ["True", "True", "True", "False", "Loud"], out.stderr


# --- Parameter, _make_subclass, autograd --------------------------------------------------------

def _parameters(lib):
    class P(lib.nn.Parameter):
        pass

    class Quantized(lib.nn.Parameter):  # bitsandbytes' Params4bit pattern
        def __new__(cls, data=None, requires_grad=False, scale=None):
            out = lib.Tensor._make_subclass(cls, lib.empty(0) if data is None else data,
                                            requires_grad)
            out.scale = scale
            return out

    p = P(lib.ones(2))
    p.grad, p.tag = lib.ones(2), "kept?"
    q = copy.deepcopy(p)
    plain = lib.nn.Parameter(lib.ones(2))
    w = Quantized(lib.tensor([1.0, -2.0]), scale=0.5)
    layer = lib.nn.Linear(2, 1)
    layer.weight = Quantized(lib.ones(1, 2), scale=0.25)
    w_copy = copy.deepcopy(w)
    return [_name(p), _name(p * 2), _name(p.detach()), _name(p.clone()), _name(p.data),
            _name(q), repr(q), q.grad, getattr(q, "tag", "not copied"), _name(plain * 2),
            _name(lib.add(plain, 1)), p.is_leaf, repr(lib.nn.Parameter.__torch_function__),
            repr(P.__torch_function__), repr(w), w.scale, w.requires_grad, _name(w * w.scale),
            [type(v).__name__ for v in layer.parameters()], _name(w_copy), w_copy.scale]


@requires_torch
@cpu_only(CPU_PRINTOUT)  # the programs print CPU tensors, compared with torch's CPU
def test_parameter_subclasses_as_torch():
    _same(_parameters)


def _make_subclass(lib):
    class Unit(lib.Tensor):
        def __new__(cls, data, unit):
            return lib.Tensor._make_subclass(cls, data)

        def __init__(self, data, unit):
            self.unit = unit

    source = lib.ones(2)
    u = Unit(source, "m")
    source[0] = 5.0
    v = lib.Tensor._make_subclass(Unit, lib.ones(2), True)
    (v * 3).sum().backward()
    refused = _error(lambda: lib.Tensor._make_subclass(Unit, lib.ones(2, dtype=lib.long), True))
    return [repr(u), u.unit, _name(u + 1), getattr(u + 1, "unit", None), u._base is None,
            repr(v), v.is_leaf, v.requires_grad, _name(v.grad), repr(v.grad), refused]


@requires_torch
@cpu_only(CPU_PRINTOUT)  # the programs print CPU tensors, compared with torch's CPU
def test_make_subclass_as_torch():
    _same(_make_subclass)


def _autograd(lib):
    Tagged, _, _ = _classes(lib)
    leaf = lib.tensor([1.0, 2.0], requires_grad=True)
    t = leaf.as_subclass(Tagged)
    y = (t * t).sum()
    y.backward()
    w = lib.Tensor._make_subclass(Tagged, lib.tensor([0.5, -1.0]), True)
    z = lib.tanh(w).pow(2).sum()
    z.backward()
    return [t.is_leaf, t.grad_fn.name(), (t * 2).grad_fn.name(), y.grad_fn.name(),
            repr(leaf.grad), _name(w.grad), [round(g, 6) for g in w.grad.tolist()]]


def _wrappers(lib):
    class Plain(lib.Tensor):
        pass

    class Wrapper(lib.Tensor):
        __torch_function__ = lib._C._disabled_torch_function_impl

        @staticmethod
        def __new__(cls, inner):
            return lib.Tensor._make_wrapper_subclass(
                cls, inner.shape, dtype=inner.dtype, device=inner.device,
                requires_grad=inner.requires_grad)

        def __init__(self, inner):
            self.inner = inner

        @classmethod
        def __torch_dispatch__(cls, func, types, args=(), kwargs=None):
            raise RuntimeError("not reached in these programs")

    w = Wrapper(lib.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True))
    x = lib.Tensor._make_wrapper_subclass(Wrapper, (2, 3), strides=(1, 2), dtype=lib.float16)
    return [_error(lambda: lib.Tensor._make_wrapper_subclass(Plain, (2,))), _name(w), w.shape,
            w.dtype, w.device, w.requires_grad, w.stride(), w.dim(), w.is_leaf,
            w.inner.sum().item(), x.stride(), x.dtype, x.shape, x.storage_offset()]


@requires_torch
@cpu_only(CPU_PRINTOUT)  # the programs print CPU tensors, compared with torch's CPU
def test_make_wrapper_subclass_metadata_as_torch():
    _same(_wrappers)


@requires_torch
@cpu_only(CPU_PRINTOUT)  # the programs print CPU tensors, compared with torch's CPU
def test_autograd_through_a_subclass_as_torch():
    _same(_autograd)


def test_gradcheck_on_a_subclass_input():
    class Tagged(ember.Tensor):
        pass

    x = ember.Tensor._make_subclass(
        Tagged, ember.tensor([0.3, -0.7, 1.2], dtype=ember.float64), True)
    assert ember.autograd.gradcheck(lambda v: (ember.sin(v) * v).sum(), (x,))
    assert ember.autograd.gradgradcheck(lambda v: (v * v * v).sum(), (x,))


# --- copies and checkpoints ------------------------------------------------------------------

def _copies(lib):
    Tagged, _, _ = _classes(lib)

    class Copyable(lib.Tensor):
        def new_empty(self, *args, **kwargs):
            return super().new_empty(*args, **kwargs).as_subclass(Copyable)

    c = lib.tensor([1.0, 2.0]).as_subclass(Copyable)
    c.tag = {"unit": "m"}
    d = copy.deepcopy(c)
    c.tag["unit"] = "s"
    c[0] = 9.0
    return [_error(lambda: copy.deepcopy(lib.ones(2).as_subclass(Tagged))).split(".")[0],
            _name(d), repr(d), d.tag]


@requires_torch
@cpu_only(CPU_PRINTOUT)  # the programs print CPU tensors, compared with torch's CPU
def test_deepcopy_as_torch():
    _same(_copies)


class Saved(ember.Tensor):
    pass


# The same class for torch, found by pickle under this module's name.
TorchSaved = type("TorchSaved", (TORCH.Tensor,), {"__module__": __name__}) if TORCH else None


def _checkpoints(lib, kind):
    t = lib.tensor([1.0, 2.0]).as_subclass(kind)
    t.note = "kept"
    buffer = io.BytesIO()
    lib.save({"w": t}, buffer)
    buffer.seek(0)
    refused = _error(lambda: lib.load(buffer)).split(":")[0]
    buffer.seek(0)
    loaded = lib.load(buffer, weights_only=False)["w"]
    pickled = pickle.loads(pickle.dumps(t))
    return [refused, _name(loaded), repr(loaded), loaded.note, repr(pickled), pickled.note,
            _name(pickle.loads(pickle.dumps(lib.ones(1))))]


@requires_torch
@cpu_only(CPU_PRINTOUT)  # the programs print CPU tensors, compared with torch's CPU
def test_save_load_and_pickle_keep_the_subclass_as_torch():
    theirs = [line.replace("TorchSaved", "Saved") if isinstance(line, str) else line
              for line in _checkpoints(TORCH, TorchSaved)]
    assert _checkpoints(ember, Saved) == theirs


def test_weights_only_load_refuses_a_subclass():
    buffer = io.BytesIO()
    ember.save(ember.ones(2).as_subclass(Saved), buffer)
    buffer.seek(0)
    with pytest.raises(pickle.UnpicklingError):
        ember.load(buffer)


# --- coverage -------------------------------------------------------------------------------

class _Catch(ember.Tensor):
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        return "caught"


def test_every_overridable_function_dispatches_before_checking_its_arguments():
    probe = ember.ones(2).as_subclass(_Catch)
    missed = []
    for namespace, functions in ember.overrides.get_overridable_functions().items():
        for function in functions:
            if namespace is ember.Tensor:
                continue
            if function(probe) != "caught":
                missed.append(function.__name__)
    assert not missed
    names = [name for name in ember.overrides._subclass._tensor_originals()
             if not name.startswith("__")]
    for name in names:
        value = getattr(probe, name)
        assert value == "caught" or value() == "caught", name
