"""The ``__name__`` torch gives each public function, given to ember's own.

torch names a function after its ATen operator: ``torch.linalg.inv.__name__`` is
``"linalg_inv"``, ``torch.special.erf``'s ``"special_erf"``, ``torch.fft.rfft``'s ``"fft_rfft"``;
elsewhere the name is the attribute's own (``torch.clip.__name__`` is ``"clip"``, not
``"clamp"``), save a few that keep an internal name. ember's namespace functions are each their
own dispatching wrapper, so naming one touches no other; Tensor methods bound under two names
(``clip`` and ``clamp``) get a second function object over the same code, so the alias costs
no extra call.
"""
from __future__ import annotations

import types

_PREFIXES = {"ember.linalg": "linalg_", "ember.special": "special_", "ember.fft": "fft_"}
_INTERNAL = {("ember", "sym_sqrt"): "_sym_sqrt", ("ember", "symeig"): "_symeig",
             ("ember", "to_dlpack"): "_to_dlpack",
             ("ember.nn.functional", "logsigmoid"): "log_sigmoid",
             ("ember.nn.functional", "threshold"): "_threshold"}


# Top-level functions torch writes in Python in a module of their own.
_HOMES = {("ember", name): "ember.functional" for name in (
    "atleast_1d", "atleast_2d", "atleast_3d", "block_diag", "broadcast_shapes",
    "broadcast_tensors", "cartesian_prod", "cdist", "chain_matmul", "einsum", "lu", "meshgrid",
    "norm", "split", "stft", "istft", "tensordot", "unique", "unique_consecutive",
    "unravel_index", "align_tensors")}

# Tensor operators that are in torch the very method beside them.
_SAME_AS = {"__abs__": "abs", "__neg__": "neg", "__pow__": "pow", "__pos__": "positive",
            "__ipow__": "pow_", "__itruediv__": "__idiv__", "__rtruediv__": "__rdiv__"}


def torch_name(module_name, attr):
    """The ``__name__`` torch gives its function ``attr`` of the module ``module_name``."""
    return _INTERNAL.get((module_name, attr), _PREFIXES.get(module_name, "") + attr)


def torch_module(module_name, attr):
    """The ``__module__`` torch gives its function ``attr`` of the module ``module_name``: the
    module itself, or where torch writes the function in Python (``torch.functional``)."""
    return _HOMES.get((module_name, attr), module_name)


def name_methods(cls):
    """Give each method of ``cls`` its attribute's name; an alias of another method becomes a
    function of its own over the same code."""
    bound = {}
    for attr, value in vars(cls).items():
        if type(value) is types.FunctionType:
            bound.setdefault(id(value), []).append(attr)
    for attrs in bound.values():
        # (torch's own aliases stay one object, named after the method: Tensor.__abs__)
        attrs = [attr for attr in attrs if _SAME_AS.get(attr) not in attrs]
        function = vars(cls)[attrs[0]]
        if len(attrs) == 1 and attrs[0] in _SAME_AS:  # one of those, as a function of its own
            function.__name__ = _SAME_AS[attrs[0]]
            function.__qualname__ = f"{cls.__name__}.{function.__name__}"
            continue
        keeper = function.__name__ if function.__name__ in attrs else attrs[0]
        if function.__name__ != keeper:
            function.__name__ = keeper
            function.__qualname__ = f"{cls.__name__}.{keeper}"
        for attr in attrs:
            if attr != keeper:
                setattr(cls, attr, _alias(function, attr, f"{cls.__name__}.{attr}"))
    for attr, value in vars(cls).items():
        # An operator wrapped to answer NotImplemented reports the function it wraps: one of
        # no method's name of its own (``_floordiv``) takes the operator's.
        inner = getattr(value, "__ember_operator_of__", None)
        if type(inner) is types.FunctionType and inner.__name__ not in vars(cls):
            inner.__name__ = attr
            inner.__qualname__ = f"{cls.__name__}.{attr}"


def _alias(function, name, qualname):
    alias = types.FunctionType(function.__code__, function.__globals__, name,
                               function.__defaults__, function.__closure__)
    alias.__kwdefaults__ = function.__kwdefaults__
    alias.__dict__.update(function.__dict__)
    alias.__doc__, alias.__module__ = function.__doc__, function.__module__
    alias.__annotations__ = function.__annotations__
    alias.__qualname__ = qualname
    return alias
