"""ember.futures: a value that arrives later (``Future``), and waiting on several at once.

A ``Future`` is completed exactly once, with a value (``set_result``) or an error
(``set_exception``); ``wait`` blocks until then and returns the value or raises the error;
``then`` chains a callback whose return value completes a new Future; ``add_done_callback``
runs a callback on completion without making one. ``collect_all`` and ``wait_all`` join
several. Callbacks run on the thread that completes the Future (or at once, on the caller's
thread, when it is already complete).
"""
from __future__ import annotations

import logging
import threading
from typing import Generic, TypeVar

__all__ = ["Future", "collect_all", "wait_all"]

T = TypeVar("T")
S = TypeVar("S")

_log = logging.getLogger(__name__)
_COMPLETED_TWICE = ("Attempting to mark a completed Future as complete again. Note that a Future "
                    "can only be marked completed once.")


def _callback_error(error):
    """The RuntimeError a callback's exception becomes in the Future that ``then`` returned."""
    return RuntimeError("Got the following error when running the callback: "
                        f"{type(error).__name__}: {error}")


class Future(Generic[T]):
    """A value computed elsewhere (another thread, a collective, an RPC) that arrives later.

    It is completed once, with ``set_result(value)`` or ``set_exception(error)``; ``wait()``
    blocks until then and returns the value (or raises the error); ``then(callback)`` returns
    a new Future completed with ``callback(self)``.

    Args:
        devices (list of int, str or ember.device, optional): the CUDA devices whose tensors the
            value may hold (each with an index); CPU values need none.

    Example:
        >>> from ember.futures import Future
        >>> fut = Future()
        >>> doubled = fut.then(lambda f: f.wait() * 2)
        >>> fut.set_result(ember.tensor([1., 2.]))
        >>> doubled.wait()
        tensor([2., 4.])
        >>> fut.done()
        True
    """

    def __init__(self, *, devices=None):
        from .._device import device as _device
        self._devices = []
        for entry in devices or ():
            place = _device(entry)
            if place.type == "cuda":
                from .. import cuda
                if not cuda.is_available():
                    raise RuntimeError("ember is not linked with support for cuda devices")
            if place.index is None:
                raise ValueError(f"Expected devices to have indices, got {place}")
            self._devices.append(place)
        self._condition = threading.Condition()
        self._done = False
        self._value = None
        self._error = None
        self._callbacks = []

    def done(self):
        """Whether the Future has completed, with a value or an error.

        Returns:
            bool: True once ``set_result`` or ``set_exception`` has run.

        Example:
            >>> from ember.futures import Future
            >>> fut = Future()
            >>> fut.done()
            False
            >>> fut.set_result(1)
            >>> fut.done()
            True
        """
        return self._done

    def wait(self):
        """Block until the Future completes; return its value or raise its error.

        Returns:
            the value ``set_result`` gave.

        Example:
            >>> from ember.futures import Future
            >>> fut = Future()
            >>> fut.set_result(ember.ones(2))
            >>> fut.wait()
            tensor([1., 1.])
        """
        with self._condition:
            self._condition.wait_for(lambda: self._done)
        if self._error is not None:
            raise self._error
        return self._value

    def value(self):
        """The value of a completed Future (raising its error), without blocking.

        Returns:
            the value ``set_result`` gave.

        Example:
            >>> from ember.futures import Future
            >>> fut = Future()
            >>> fut.set_result(3)
            >>> fut.value()
            3
        """
        if not self._done:
            raise RuntimeError("Future.value() was called before the Future completed; "
                               "wait() blocks until it does")
        if self._error is not None:
            raise self._error
        return self._value

    def set_result(self, result):
        """Complete the Future with ``result``, waking waiters and running its callbacks.

        Args:
            result: the value ``wait()`` and ``value()`` return from now on.

        Example:
            >>> from ember.futures import Future
            >>> fut = Future()
            >>> fut.set_result("ready")
            >>> fut.wait()
            'ready'
        """
        self._complete(result, None)

    def set_exception(self, result):
        """Complete the Future with an error, which ``wait()`` and ``value()`` then raise.

        Args:
            result (Exception): the error.

        Example:
            >>> from ember.futures import Future
            >>> fut = Future()
            >>> fut.set_exception(ValueError("no data"))
            >>> fut.wait()
            Traceback (most recent call last):
            ...
            ValueError: no data
        """
        assert isinstance(result, Exception), \
            f"{result} is of type {type(result)}, not an Exception."
        self._complete(None, result)

    def _complete(self, value, error):
        with self._condition:
            if self._done:
                raise RuntimeError(_COMPLETED_TWICE)
            self._value, self._error, self._done = value, error, True
            callbacks, self._callbacks = self._callbacks, []
            self._condition.notify_all()
        for callback in callbacks:
            callback()

    def _on_completion(self, callback):
        """Run ``callback()`` when the Future completes (now, when it already has)."""
        with self._condition:
            if not self._done:
                self._callbacks.append(callback)
                return
        callback()

    def then(self, callback):
        """A new Future completed with ``callback(self)`` once this one completes.

        The callback reads this Future's value with ``wait()`` or ``value()`` (which raise its
        error); an exception raised in the callback completes the new Future with a
        RuntimeError naming it.

        Args:
            callback (callable): takes this Future, returns the new Future's value.

        Returns:
            Future: completed with the callback's return value.

        Example:
            >>> from ember.futures import Future
            >>> fut = Future()
            >>> plus_one = fut.then(lambda f: f.wait() + 1)
            >>> fut.set_result(41)
            >>> plus_one.wait()
            42
        """
        chained = Future()

        def run():
            try:
                result = callback(self)
            except Exception as error:  # noqa: BLE001 - any error completes the chained Future
                wrapped = _callback_error(error)
                wrapped.__cause__ = error
                chained.set_exception(wrapped)
            else:
                chained.set_result(result)

        self._on_completion(run)
        return chained

    def add_done_callback(self, callback):
        """Run ``callback(self)`` when this Future completes, without making a new Future.

        An exception the callback raises is logged and otherwise ignored (there is no Future
        to carry it; ``then`` is the way to see it).

        Args:
            callback (callable): takes this Future.

        Example:
            >>> from ember.futures import Future
            >>> fut = Future()
            >>> fut.add_done_callback(lambda f: print("got", f.value()))
            >>> fut.set_result(5)
            got 5
        """
        def run():
            try:
                callback(self)
            except Exception as error:  # noqa: BLE001 - no Future carries it, so it is logged
                _log.error("Got the following error when running the callback: %s: %s",
                           type(error).__name__, error)

        self._on_completion(run)


def _check_futures(futures, caller):
    futures = list(futures)
    for position, future in enumerate(futures):
        if not isinstance(future, Future):
            raise TypeError(f"{caller}(): expected a list of ember.futures.Future, got "
                            f"{type(future).__name__} at position {position}")
    return futures


def collect_all(futures):
    """A Future completed with the list of ``futures`` once every one of them has completed.

    When one of them completed with an error, the combined Future carries that error (the first
    in list order).

    Args:
        futures (list of Future): the Futures to join.

    Returns:
        Future: its value is ``futures`` itself, every one completed.

    Example:
        >>> from ember.futures import Future, collect_all
        >>> a, b = Future(), Future()
        >>> both = collect_all([a, b])
        >>> a.set_result(1)
        >>> both.done()
        False
        >>> b.set_result(2)
        >>> [f.wait() for f in both.wait()]
        [1, 2]
    """
    futures = _check_futures(futures, "collect_all")
    combined = Future()
    remaining = [len(futures)]
    lock = threading.Lock()

    def finish():
        errors = [f._error for f in futures if f._error is not None]
        if errors:
            combined.set_exception(errors[0])
        else:
            combined.set_result(futures)

    def one_done():
        with lock:
            remaining[0] -= 1
            last = remaining[0] == 0
        if last:
            finish()

    if not futures:
        combined.set_result([])
    for future in futures:
        future._on_completion(one_done)
    return combined


def wait_all(futures):
    """Block until every Future completes; return their values in order (raising an error).

    Args:
        futures (list of Future): the Futures to wait on.

    Returns:
        list: ``[f.wait() for f in futures]``.

    Example:
        >>> from ember.futures import Future, wait_all
        >>> a, b = Future(), Future()
        >>> a.set_result(ember.zeros(1)); b.set_result("b")
        >>> wait_all([a, b])
        [tensor([0.]), 'b']
    """
    return [future.wait() for future in collect_all(_check_futures(futures, "wait_all")).wait()]
