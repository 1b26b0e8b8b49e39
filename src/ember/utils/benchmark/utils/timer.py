"""``Timer``: run a Python statement many times and measure it."""
from __future__ import annotations

import enum
import statistics
import textwrap
import timeit

from . import common

__all__ = ["Language", "Timer", "timer"]


timer = timeit.default_timer  # the clock; with a GPU, Timer waits for its queued work first


def _synchronized_clock():
    import ember
    ember.cuda.synchronize()
    return timeit.default_timer()


class Language(enum.Enum):
    PYTHON = 0
    CPP = 1


class Timer:
    """Time ``stmt`` (after ``setup``), run in ``globals`` (which always hold ``ember``, also
    under the name ``torch``, so statements written for torch run).

    Args:
        stmt: the statement to time.
        setup: run once before timing.
        global_setup: C++ only; must be empty.
        timer: the clock.
        globals: the namespace the statement runs in (copied).
        label: the report's heading.
        sub_label: a second heading.
        description: a line under the heading.
        env: a note on the environment.
        num_threads: ember's thread count while timing.
        language: "python" (C++ is not supported).

    Example:
        >>> from ember.utils.benchmark import Timer
        >>> m = Timer("x + 1", globals={"x": 1}, label="add").timeit(100)
        >>> m.number_per_run, len(m.times), m.title
        (100, 1, 'add')
    """

    _timer_cls = timeit.Timer

    def __init__(self, stmt="pass", setup="pass", global_setup="", timer=timer, globals=None,
                 label=None, sub_label=None, description=None, env=None, num_threads=1,
                 language=Language.PYTHON):
        if not isinstance(stmt, str):
            raise ValueError("Currently only a `str` stmt is supported.")
        if language in (Language.CPP, "cpp", "c++"):
            raise ValueError("ember times Python statements only: there is no C++ to compile "
                             "the statement against")
        if language not in (Language.PYTHON, "py", "python"):
            raise ValueError(f"Invalid language `{language}`.")
        if global_setup:
            raise ValueError(f"global_setup is C++ only, got `{global_setup}`. Most likely "
                             "this code can simply be moved to `setup`.")
        import ember
        self._globals = dict(globals or {})
        self._globals.setdefault("ember", ember)
        self._globals.setdefault("torch", ember)
        stmt, setup = self._tidy(stmt), self._tidy(setup)
        if timer is timeit.default_timer and ember.cuda.is_available():
            timer = _synchronized_clock
        self._timer = self._timer_cls(stmt=stmt, setup=setup, timer=timer,
                                      globals=self._globals)
        self._task_spec = common.TaskSpec(stmt=stmt, setup=setup, global_setup=global_setup,
                                          label=label, sub_label=sub_label,
                                          description=description, env=env,
                                          num_threads=num_threads)

    @staticmethod
    def _tidy(code):
        """Dedent a block string and drop its leading newline and trailing space."""
        code = textwrap.dedent(code)
        return (code[1:] if code.startswith("\n") else code).rstrip()

    def _timeit(self, number):
        # No real statement takes under a nanosecond; the floor also avoids dividing by 0.
        return max(self._timer.timeit(number), 1e-9)

    def timeit(self, number=1000000):
        """Run the statement ``number`` times (after a short warm-up); one measurement.

        Args:
            number: how many runs.

        Returns:
            A Measurement.
        """
        with common.set_torch_threads(self._task_spec.num_threads):
            self._timeit(max(number // 100, 2))
            return common.Measurement(number, [self._timeit(number)], self._task_spec)

    def repeat(self, repeat=-1, number=-1):
        raise NotImplementedError("See `Timer.blocked_autorange.`")

    def autorange(self, callback=None):
        raise NotImplementedError("See `Timer.blocked_autorange.`")

    def _block_size(self, min_run_time):
        """Runs per block: enough that the timer's own overhead is negligible (also warms
        up)."""
        with common.set_torch_threads(self._task_spec.num_threads):
            overhead = statistics.median(self._timeit(0) for _ in range(5))
            number = 1
            while True:
                taken = self._timeit(number)
                if overhead / taken <= 1e-4 and taken >= min_run_time / 1000:
                    break
                if taken > min_run_time or number * 10 > 2147483647:
                    break
                number *= 10
        return number

    def _measure(self, number, stop, min_run_time, max_run_time=None, callback=None):
        total, times = 0.0, []
        with common.set_torch_threads(self._task_spec.num_threads):
            while True:
                spent = self._timeit(number)
                times.append(spent)
                total += spent
                if callback:
                    callback(number, spent)
                done = stop(times)
                if max_run_time and total > max_run_time:
                    break
                if total >= min_run_time and done:
                    break
        return times

    def blocked_autorange(self, callback=None, min_run_time=0.2):
        """Time blocks of runs until ``min_run_time`` seconds have passed.

        Args:
            callback: called with (runs, seconds) after each block.
            min_run_time: the total time to spend, in seconds.

        Returns:
            A Measurement.
        """
        number = self._block_size(min_run_time)
        times = self._measure(number, lambda times: True, min_run_time, callback=callback)
        return common.Measurement(number, times, self._task_spec)

    def adaptive_autorange(self, threshold=0.1, *, min_run_time=0.01, max_run_time=10.0,
                           callback=None):
        """Time blocks of runs until the interquartile range is below ``threshold`` times the
        median (at least 4 blocks and ``min_run_time``; at most ``max_run_time``).

        Args:
            threshold: the relative spread to reach.
            min_run_time: the least total time, in seconds.
            max_run_time: the most total time, in seconds.
            callback: called with (runs, seconds) after each block.

        Returns:
            A Measurement.
        """
        number = self._block_size(0.05)

        def stop(times):
            return len(times) > 3 and common.Measurement(
                number, times, self._task_spec).meets_confidence(threshold)

        times = self._measure(number, stop, min_run_time, max_run_time, callback)
        return common.Measurement(number, times, self._task_spec)
