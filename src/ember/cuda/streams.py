"""CUDA streams and events (``ember.cuda.Stream``, ``Event``), on CuPy's.

A stream is a queue of GPU work; an event is a marker recorded on a stream that others can wait
for or time against. Without a GPU, constructing either raises what PyTorch raises when it was
built without CUDA, and ``stream(None)`` is the no-op context PyTorch gives.
"""
from __future__ import annotations


def _cupy_or_raise(message):
    from . import _cupy, is_available
    if not is_available():
        raise RuntimeError(message)
    return _cupy()


def _index(device):
    """The CUDA device index of ``device`` (an int, a string, a device or None: current)."""
    from . import current_device
    if device is None:
        return current_device()
    if isinstance(device, int):
        return device
    from .._device import as_device
    dev = as_device(device)
    if dev.type != "cuda":
        raise ValueError(f"Expected a cuda device, but got: {dev}")
    return current_device() if dev.index is None else dev.index


class Stream:
    """A CUDA stream: work queued on it runs in order, concurrently with other streams.

    Args:
        device: the GPU it belongs to (default: the current one).
        priority: lower numbers run first (CUDA's convention); 0 is the default.

    Returns:
        The stream; ``with ember.cuda.stream(s):`` makes it the current one.

    Example:
        >>> try:
        ...     ember.cuda.Stream()
        ... except RuntimeError as error:  # on a machine without CUDA
        ...     print(error)
        ember.cuda.Stream requires CUDA support
    """

    def __init__(self, device=None, priority=0, **kwargs):
        cp = _cupy_or_raise("ember.cuda.Stream requires CUDA support")
        self._device_index = _index(device)
        with cp.cuda.Device(self._device_index):
            self._stream = cp.cuda.Stream(non_blocking=True, **(
                {"priority": priority} if priority else {}))
        self.priority = priority

    @classmethod
    def _wrap(cls, cupy_stream, device_index):
        stream = cls.__new__(cls)
        stream._stream, stream._device_index, stream.priority = cupy_stream, device_index, 0
        return stream

    @property
    def device(self):
        from .._device import device
        return device("cuda", self._device_index)

    @property
    def cuda_stream(self):
        """The raw ``cudaStream_t`` handle, as an int."""
        return self._stream.ptr

    def query(self):
        """True when all work queued on the stream has finished."""
        return self._stream.done

    def synchronize(self):
        """Block the host until the stream's work has finished."""
        self._stream.synchronize()

    def wait_event(self, event):
        """Make the stream's future work wait until ``event`` has completed."""
        self._stream.wait_event(event._event)

    def wait_stream(self, stream):
        """Make the stream's future work wait for everything queued on ``stream`` so far."""
        self.wait_event(stream.record_event())

    def record_event(self, event=None):
        """Record ``event`` (a new one by default) on the stream; returns it."""
        event = Event() if event is None else event
        event.record(self)
        return event

    def __enter__(self):
        self._stream.__enter__()
        return self

    def __exit__(self, *exc):
        self._stream.__exit__(*exc)

    def __eq__(self, other):
        return isinstance(other, Stream) and self.cuda_stream == other.cuda_stream and \
            self._device_index == other._device_index

    def __hash__(self):
        return hash((self.cuda_stream, self._device_index))

    def __repr__(self):
        return f"<ember.cuda.Stream device={self.device} cuda_stream={self.cuda_stream:#x}>"


class Event:
    """A CUDA event: a marker on a stream to wait for, or to time GPU work between two of.

    Args:
        enable_timing: keep timestamps, so ``elapsed_time`` works.
        blocking: ``synchronize`` sleeps instead of spinning.
        interprocess: shareable between processes.

    Returns:
        The event; ``record()`` places it on a stream.

    Example:
        >>> try:
        ...     ember.cuda.Event(enable_timing=True)
        ... except RuntimeError as error:  # on a machine without CUDA
        ...     print(error)
        Tried to instantiate dummy base class Event
    """

    def __init__(self, enable_timing=False, blocking=False, interprocess=False):
        cp = _cupy_or_raise("Tried to instantiate dummy base class Event")
        self._event = cp.cuda.Event(block=blocking, disable_timing=not enable_timing,
                                    interprocess=interprocess)

    def record(self, stream=None):
        """Place the event on ``stream`` (default: the current stream)."""
        self._event.record((stream if stream is not None else current_stream())._stream)

    def wait(self, stream=None):
        """Make ``stream``'s future work (default: the current stream's) wait for the event."""
        (stream if stream is not None else current_stream()).wait_event(self)

    def query(self):
        """True when the work before the event has finished."""
        return self._event.done

    def synchronize(self):
        """Block the host until the event has completed."""
        self._event.synchronize()

    def elapsed_time(self, end_event):
        """Milliseconds between this event and ``end_event`` (both recorded, with timing)."""
        from cupy.cuda import get_elapsed_time
        return get_elapsed_time(self._event, end_event._event)

    def __repr__(self):
        return f"<ember.cuda.Event {self._event.ptr:#x}>" if self._event.ptr else \
            "<ember.cuda.Event uninitialized>"


def _require_cuda():
    from . import _require
    return _require()


def current_stream(device=None):
    """The stream work is queued on now, for ``device`` (default: the current GPU).

    Args:
        device: the GPU (an index, a string such as ``"cuda:0"``, or a device).

    Returns:
        A Stream.
    """
    cp = _require_cuda()
    index = _index(device)
    with cp.cuda.Device(index):
        return Stream._wrap(cp.cuda.get_current_stream(), index)


def default_stream(device=None):
    """The default (null) stream of ``device`` (default: the current GPU).

    Args:
        device: the GPU (an index, a string such as ``"cuda:0"``, or a device).

    Returns:
        A Stream.
    """
    cp = _require_cuda()
    return Stream._wrap(cp.cuda.Stream.null, _index(device))


def set_stream(stream):
    """Make ``stream`` the current one (None: do nothing, as in PyTorch).

    Args:
        stream: a Stream or None.
    """
    if stream is not None:
        stream._stream.use()


class StreamContext:
    """A context in which ``stream`` is the current stream (None: a context that does nothing,
    usable on machines without CUDA, as PyTorch's is).

    Args:
        stream: a Stream or None.
    """

    def __init__(self, stream):
        self.stream = stream
        self._previous = None

    def __enter__(self):
        if self.stream is None:
            return None
        self._previous = current_stream(self.stream._device_index)
        self.stream._stream.use()
        return self.stream

    def __exit__(self, *exc):
        if self.stream is not None:
            self._previous._stream.use()


def stream(stream):
    """``with ember.cuda.stream(s):`` queues the block's GPU work on ``s`` (None: no change).

    Args:
        stream: a Stream or None.

    Returns:
        A StreamContext.

    Example:
        >>> with ember.cuda.stream(None):
        ...     print(ember.ones(2) * 2)
        tensor([2., 2.])
    """
    return StreamContext(stream)
