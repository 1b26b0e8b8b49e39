"""Utilities: ``ember.utils.data`` (datasets, samplers, DataLoader), ``ember.utils.checkpoint``."""
from . import data

_LAZY = {"checkpoint", "hooks", "_pytree", "benchmark", "model_zoo", "tensorboard", "dlpack",
         "collect_env", "cpp_extension", "flop_counter", "module_tracker",
         "_python_dispatch", "deterministic"}


def __getattr__(name):
    if name in _LAZY:  # loaded on first use
        import importlib
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'ember.utils' has no attribute '{name}'")


def set_module(obj, mod):
    """Set ``obj.__module__`` to ``mod``, the module it prints as belonging to.

    Args:
        obj: a class or function.
        mod (str): the module's name.

    Example:
        >>> def f():
        ...     pass
        >>> ember.utils.set_module(f, "mypackage")
        >>> f.__module__
        'mypackage'
    """
    if not isinstance(mod, str):
        raise TypeError("The mod argument should be a string")
    obj.__module__ = mod


def swap_tensors(t1, t2):
    """Exchange what two tensor objects are (class, data, autograd state, attributes) while each
    keeps its identity: afterwards ``t1`` is what ``t2`` was, and the other way round.

    Args:
        t1 (Tensor): the first tensor.
        t2 (Tensor): the second tensor.

    Example:
        >>> a, b = ember.tensor([1.0]), ember.nn.Parameter(ember.tensor([2.0, 3.0]))
        >>> ember.utils.swap_tensors(a, b)
        >>> type(a).__name__, a.tolist(), b.tolist()
        ('Parameter', [2.0, 3.0], [1.0])
    """
    import copyreg
    import weakref
    for tensor, name in ((t1, "t1"), (t2, "t2")):
        if weakref.getweakrefs(tensor):
            raise RuntimeError(f"Cannot swap {name} because it has weakref associated with it")
    slots = set(copyreg._slotnames(type(t1)))
    if slots != set(copyreg._slotnames(type(t2))):
        raise RuntimeError("Cannot swap t1 and t2 if they have different slots")
    t1.__class__, t2.__class__ = type(t2), type(t1)
    t1.__dict__, t2.__dict__ = t2.__dict__, t1.__dict__
    for slot in slots - {"__dict__", "__weakref__"}:
        first, second = (getattr(t, slot, _UNSET) for t in (t1, t2))
        for tensor, value in ((t1, second), (t2, first)):
            if value is _UNSET:
                if hasattr(tensor, slot):
                    delattr(tensor, slot)
            else:
                setattr(tensor, slot, value)


_UNSET = object()

__all__ = ["data", "set_module", "swap_tensors"]
