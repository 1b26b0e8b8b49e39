"""Grad modes: whether ops record the graph. Thread-local, usable as context and decorator."""
from __future__ import annotations

import functools
import threading

_CO_GENERATOR = 0x20  # code-object flag of generator functions (avoids importing inspect)


class _State(threading.local):
    def __init__(self):
        self.enabled = True
        self.inference = False


_state = _State()
# Becomes True the first time any thread enters inference_mode: until then every tensor is
# made outside it, and making one need not read the thread-local state.
inference_used = [False]


def is_grad_enabled():
    """True when ops on tensors that require grad record a backward graph."""
    return _state.enabled


def is_inference_mode_enabled():
    return _state.inference


class _DecoratorContextManager:
    """A context manager that can also decorate functions (and generators)."""

    def __call__(self, func):
        if isinstance(func, type):
            raise TypeError(f"{type(self).__name__} cannot decorate a class")
        if getattr(getattr(func, "__code__", None), "co_flags", 0) & _CO_GENERATOR:
            @functools.wraps(func)
            def gen_wrapper(*args, **kwargs):
                gen = func(*args, **kwargs)
                request = None
                while True:
                    try:
                        with self.clone():
                            response = gen.send(request)
                    except StopIteration as stop:  # the generator finished: pass on its value
                        return stop.value
                    try:
                        request = yield response
                    except GeneratorExit:
                        gen.close()
                        raise
            return gen_wrapper

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self.clone():
                return func(*args, **kwargs)
        return wrapper

    def clone(self):
        return type(self)()


class _BareDecoratorContextManager(_DecoratorContextManager):
    """Also usable as a bare decorator: ``@no_grad`` means ``@no_grad()``."""

    def __new__(cls, orig_func=None):
        if orig_func is None:
            return super().__new__(cls)
        return cls()(orig_func)


class no_grad(_BareDecoratorContextManager):
    """Turn gradient recording off inside a ``with`` block or a decorated function.

    Results computed inside have ``requires_grad=False`` and no ``grad_fn``, which saves memory
    and time in evaluation and in optimizer updates. Gradient mode is per thread.

    Example:
        >>> w = ember.ones(2, requires_grad=True)
        >>> with ember.no_grad():
        ...     y = w * 2
        >>> y.requires_grad
        False
        >>> @ember.no_grad()
        ... def evaluate(x):
        ...     return x * w
        >>> evaluate(ember.ones(2)).requires_grad
        False
    """

    def __enter__(self):
        self.prev = _state.enabled
        _state.enabled = False

    def __exit__(self, *exc):
        _state.enabled = self.prev


class enable_grad(_BareDecoratorContextManager):
    """Turn gradient recording back on inside a ``with`` block, even within ``no_grad``.

    Example:
        >>> x = ember.ones(1, requires_grad=True)
        >>> with ember.no_grad():
        ...     with ember.enable_grad():
        ...         y = x * 2
        >>> y.requires_grad
        True
    """

    def __enter__(self):
        self.prev = _state.enabled
        _state.enabled = True

    def __exit__(self, *exc):
        _state.enabled = self.prev


class set_grad_enabled(_DecoratorContextManager):
    """Set grad mode to ``mode``; takes effect at once (as a function) or within a block.

    Args:
        mode: True to record operations, False not to.

    Example:
        >>> x = ember.ones(1, requires_grad=True)
        >>> training = False
        >>> with ember.set_grad_enabled(training):
        ...     y = x * 2
        >>> y.requires_grad
        False
    """

    def __init__(self, mode):
        if not isinstance(mode, bool):
            raise TypeError(f"set_grad_enabled(): argument 'enabled' (position 1) must be bool, "
                            f"not {type(mode).__name__}")
        self.prev = _state.enabled
        self.mode = bool(mode)
        _state.enabled = self.mode

    def __enter__(self):
        pass

    def __exit__(self, *exc):
        _state.enabled = self.prev

    def __repr__(self):
        # torch prints it so: `torch.set_grad_enabled(False)` typed at a prompt shows this
        return f"{type(self).__module__}.{type(self).__qualname__}(mode={self.mode})"

    def __call__(self, func):
        _state.enabled = self.prev  # used as a decorator: the mode applies only inside calls
        return super().__call__(func)

    def clone(self):
        return type(self)(self.mode)


class inference_mode(_DecoratorContextManager):
    """Like no_grad; ember has no separate inference tensors, so this is grad mode off."""

    def __new__(cls, mode=True):
        if isinstance(mode, bool):
            return super().__new__(cls)
        return cls()(mode)  # used as a bare decorator: ``mode`` is the decorated function

    def __init__(self, mode=True):
        self.mode = bool(mode)

    def __enter__(self):
        self.prev = (_state.enabled, _state.inference)
        if self.mode:
            inference_used[0] = True
        # inference_mode(False) turns grad mode on, as PyTorch does (even inside no_grad).
        _state.enabled, _state.inference = not self.mode, self.mode

    def __exit__(self, *exc):
        _state.enabled, _state.inference = self.prev

    def clone(self):
        return type(self)(self.mode)
