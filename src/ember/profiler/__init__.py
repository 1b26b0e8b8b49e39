"""ember.profiler: PyTorch's profiler API over ember's op timing (see autograd.profiler).

``with profile(activities=[ProfilerActivity.CPU], schedule=schedule(...)) as prof:`` records
the ops run inside the block (or, with a schedule, during the steps it marks as active,
``prof.step()`` ending each step), then ``prof.key_averages().table(sort_by=...)`` prints
where the time went. ember times the CPU side only; CUDA activity has no separate record.
"""
from __future__ import annotations

import enum
import os
import socket
import time

from ..autograd.profiler import (DeviceType, EventList, KinetoStepTracker, _begin, _end,
                                 _start, _stop, record_function)
from ..optim.optimizer import Optimizer, register_optimizer_step_post_hook
from ..autograd.profiler import profile as _autograd_profile
from .._deprecated import _user_stacklevel

RecordScope = enum.IntEnum("RecordScope", [
    ("FUNCTION", 0), ("BACKWARD_FUNCTION", 1), ("TORCHSCRIPT_FUNCTION", 2),
    ("KERNEL_FUNCTION_DTYPE", 3), ("CUSTOM_CLASS", 4), ("BUILD_FEATURE", 5),
    ("LITE_INTERPRETER", 6), ("USER_SCOPE", 7), ("STATIC_RUNTIME_OP", 8),
    ("STATIC_RUNTIME_MODEL", 9)], module=__name__)
RecordScope.__doc__ = "The scopes of torch's recorded functions, with torch's numbers."

__all__ = ["DeviceType", "KinetoStepTracker", "Optimizer", "ProfilerAction", "ProfilerActivity",
           "RecordScope", "kineto_available", "profile", "record_function",
           "register_optimizer_step_post_hook", "schedule", "supported_activities",
           "tensorboard_trace_handler"]


class ProfilerActivity(enum.Enum):
    """Which device's activity to record."""

    CPU = 0
    XPU = 1
    MTIA = 2
    CUDA = 3
    HPU = 4
    PrivateUse1 = 5


class ProfilerAction(enum.Enum):
    """What the profiler does during a step, as a schedule decides."""

    NONE = 0
    WARMUP = 1
    RECORD = 2
    RECORD_AND_SAVE = 3


def kineto_available():
    """False: ember's profiler is its own op timing, not PyTorch's Kineto library."""
    return False


def supported_activities():
    """The activities ember can record here: the CPU (and CUDA when a GPU is present)."""
    from .. import cuda
    return {ProfilerActivity.CPU} | ({ProfilerActivity.CUDA} if cuda.is_available() else set())


def schedule(*, wait, warmup, active, repeat=0, skip_first=0, skip_first_wait=0):
    """A step -> ProfilerAction function: skip ``skip_first`` steps, then cycles of ``wait``
    idle steps, ``warmup`` steps and ``active`` recorded steps (``repeat`` cycles; 0: forever).
    """
    if wait < 0 or warmup < 0 or active <= 0 or repeat < 0 or skip_first < 0:
        raise AssertionError("Invalid profiler schedule arguments")
    if warmup == 0:
        import warnings
        warnings.warn("Profiler won't be using warmup, this can skew profiler results",
                      UserWarning, stacklevel=_user_stacklevel())

    def action(step):
        if step < 0:
            raise AssertionError(f"step must be non-negative, got {step}")
        if step < skip_first:
            return ProfilerAction.NONE
        step -= skip_first
        if skip_first_wait and step < wait:
            return ProfilerAction.NONE
        cycle = wait + warmup + active
        if repeat > 0 and step // cycle >= repeat:
            return ProfilerAction.NONE
        position = step % cycle
        if position < wait:
            return ProfilerAction.NONE
        if position < wait + warmup:
            return ProfilerAction.WARMUP
        return (ProfilerAction.RECORD if position < cycle - 1
                else ProfilerAction.RECORD_AND_SAVE)
    return action


def _always_record(step):
    return ProfilerAction.RECORD


def tensorboard_trace_handler(dir_name, worker_name=None, use_gzip=False,
                              use_python_export=False):
    """An ``on_trace_ready`` handler writing each trace as a Chrome trace into ``dir_name``
    (``use_python_export``, torch's choice of exporter, is accepted: ember has one)."""
    def handler(prof):
        os.makedirs(dir_name, exist_ok=True)
        worker = worker_name or f"{socket.gethostname()}_{os.getpid()}"
        name = f"{worker}.{time.time_ns() // 1_000_000}.pt.trace.json"
        prof.export_chrome_trace(os.path.join(dir_name, name + (".gz" if use_gzip else "")))
    return handler


class profile(_autograd_profile):
    """Record ember's ops in a block, optionally on a step schedule.

    Args:
        activities: the ProfilerActivity values to record (ember records the CPU's).
        schedule: a step -> ProfilerAction function (``ember.profiler.schedule``); without one
            every step is recorded.
        on_trace_ready: called with the profiler each time a recording cycle ends.
        record_shapes: keep the input shapes of each op call.
        profile_memory: charge each op the memory of the arrays it returns (the table gains
            torch's "CPU Mem" and "Self CPU Mem" columns).
        with_flops: count FLOPs of matrix products, 2-D convolutions, additions and
            multiplications as torch's profiler does (a "Total FLOPs" column).
        with_stack, with_modules: accepted; not measured.
        post_processing_timeout_s: accepted; ember's events are ready when recording ends, so
            there is no post-processing to cut short.
    """

    def __init__(self, *, activities=None, schedule=None, on_trace_ready=None,
                 record_shapes=False, profile_memory=False, with_stack=False, with_flops=False,
                 with_modules=False, experimental_config=None, execution_trace_observer=None,
                 acc_events=False, use_cuda=None, custom_trace_id_callback=None,
                 post_processing_timeout_s=None):
        super().__init__(record_shapes=record_shapes, profile_memory=profile_memory,
                         with_stack=with_stack, with_flops=with_flops)
        self.activities = set(activities) if activities else supported_activities()
        self.schedule = schedule if schedule is not None else _always_record
        self.on_trace_ready = on_trace_ready
        self.step_num = 0
        self._recording = False
        self._step_event = None

    def start(self):
        self._running = True
        self._apply(self.schedule(self.step_num))
        self._begin_step()

    def stop(self):
        self._end_step()
        if self._recording:
            self._stop_recording(save=True)
        self._running = False

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def step(self):
        """Mark the end of a training step; the schedule says what the next one does."""
        self._end_step()
        previous = self.schedule(self.step_num)
        self.step_num += 1
        current = self.schedule(self.step_num)
        if previous == ProfilerAction.RECORD_AND_SAVE and self._recording:
            self._stop_recording(save=True)
        self._apply(current)
        self._begin_step()

    def _apply(self, action):
        recording = action in (ProfilerAction.RECORD, ProfilerAction.RECORD_AND_SAVE)
        if recording and not self._recording:
            self._events = []
            self._function_events = None
            _start(self)
            self._recording = True
        elif not recording and self._recording:
            self._stop_recording(save=False)

    def _stop_recording(self, save):
        _stop(self)
        self._recording = False
        self._function_events = None
        if save and self.on_trace_ready is not None:
            self._running = False
            self.on_trace_ready(self)
            self._running = True

    def _begin_step(self):
        if self._recording and self.schedule is not _always_record:
            self._step_event = _begin(f"ProfilerStep#{self.step_num}", user=True)

    def _end_step(self):
        if self._step_event is not None:
            _end(self._step_event)
            self._step_event = None

    def key_averages(self, group_by_input_shape=False, group_by_stack_n=0,
                     group_by_overload_name=False):
        return self.function_events.key_averages(group_by_input_shape, group_by_stack_n)

    def events(self):
        return self.function_events


EventList = EventList
