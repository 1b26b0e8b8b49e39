"""What a benchmark measured (``Measurement``) and what it ran (``TaskSpec``)."""
from __future__ import annotations

import collections
import contextlib
import dataclasses
import math
import textwrap

import numpy as np

__all__ = ["Measurement", "TaskSpec", "ordered_unique", "select_unit", "set_torch_threads",
           "trim_sigfig", "unit_to_english"]

# A spread (interquartile range over median) above these earns a warning in the report.
_IQR_WARN_THRESHOLD = 0.1
_IQR_GROSS_WARN_THRESHOLD = 0.25
# Confidence intervals narrower than this are not believed (timer resolution).
_MIN_CONFIDENCE_INTERVAL = 25e-9
_MAX_SIGNIFICANT_FIGURES = 4


@dataclasses.dataclass(frozen=True)
class TaskSpec:
    """What was timed: the statement, its setup and the labels it is reported under."""

    stmt: str
    setup: str
    global_setup: str = ""
    label: str | None = None
    sub_label: str | None = None
    description: str | None = None
    env: str | None = None
    num_threads: int = 1

    __repr__ = object.__repr__

    @property
    def title(self):
        """The heading of a report: the label (or the statement) and the sub-label."""
        suffix = f": {self.sub_label}" if self.sub_label else ""
        if self.label is not None:
            return self.label + suffix
        if "\n" not in self.stmt:
            return self.stmt + suffix
        paren = f" ({self.sub_label})" if self.sub_label else ""
        return f"stmt:{paren}\n{textwrap.indent(self.stmt, '  ')}"

    def setup_str(self):
        if self.setup in ("pass", ""):
            return ""
        if "\n" in self.setup:
            return f"setup:\n{textwrap.indent(self.setup, '  ')}"
        return f"setup: {self.setup}"

    def summarize(self):
        """The title, description and setup, one block each."""
        parts = [self.title, self.description or "", self.setup_str()]
        return "\n".join(f"{p}\n" if "\n" in p else p for p in parts if p)


_TASKSPEC_FIELDS = tuple(f.name for f in dataclasses.fields(TaskSpec))


@dataclasses.dataclass
class Measurement:
    """The times of one benchmark: ``raw_times`` are per block of ``number_per_run`` runs;
    ``times``, ``median``, ``mean`` and ``iqr`` are per run, in seconds."""

    number_per_run: int
    raw_times: list
    task_spec: TaskSpec
    metadata: dict | None = None

    def __post_init__(self):
        self._sorted_times = ()
        self._warnings = ()
        self._median = self._mean = self._p25 = self._p75 = -1.0

    def __getattr__(self, name):
        if name in _TASKSPEC_FIELDS:  # the task's fields read through the measurement
            return getattr(self.task_spec, name)
        raise AttributeError(f"'Measurement' object has no attribute '{name}'")

    @property
    def times(self):
        return [t / self.number_per_run for t in self.raw_times]

    @property
    def median(self):
        self._lazy_init()
        return self._median

    @property
    def mean(self):
        self._lazy_init()
        return self._mean

    @property
    def iqr(self):
        self._lazy_init()
        return self._p75 - self._p25

    @property
    def significant_figures(self):
        """How many digits of the median the spread of the middle half supports (1 to 4)."""
        self._lazy_init()
        n = len(self._sorted_times)
        middle = np.array(self._sorted_times[n // 4:math.ceil(3 * n / 4)], dtype=_f32)
        spread = 1.645 * float(middle.std()) / float(np.sqrt(_f32(len(middle))))
        interval = max(spread, _MIN_CONFIDENCE_INTERVAL)
        digits = int(np.floor(np.log10(_f32(self._median / interval))))
        return min(max(digits, 1), _MAX_SIGNIFICANT_FIGURES)

    @property
    def has_warnings(self):
        self._lazy_init()
        return bool(self._warnings)

    def _lazy_init(self):
        if not self.raw_times or self._sorted_times:
            return
        self._sorted_times = tuple(sorted(self.times))
        values = np.array(self._sorted_times, dtype=np.float64)
        self._median, self._p25, self._p75 = (float(q) for q in
                                              np.quantile(values, [0.5, 0.25, 0.75]))
        self._mean = float(values.mean())
        for threshold, meaning in ((_IQR_GROSS_WARN_THRESHOLD,
                                    "This suggests significant environmental influence."),
                                   (_IQR_WARN_THRESHOLD,
                                    "This could indicate system fluctuation.")):
            if not self.meets_confidence(threshold):
                spread = self.iqr / self.median * 100
                self._warnings += (f"  WARNING: Interquartile range is {spread:.1f}% of the "
                                   f"median measurement.\n           {meaning}",)
                break

    def meets_confidence(self, threshold=_IQR_WARN_THRESHOLD):
        """Whether the interquartile range is below ``threshold`` times the median."""
        return self.iqr / self.median < threshold

    @property
    def title(self):
        return self.task_spec.title

    @property
    def as_row_name(self):
        return self.sub_label or self.stmt or "[Unknown]"

    def __repr__(self):
        self._lazy_init()
        n = len(self._sorted_times)
        unit, scale = select_unit(self._median)
        threads = self.task_spec.num_threads
        lines = [object.__repr__(self), self.task_spec.summarize(),
                 f"  {'Median: ' if n > 1 else ''}{self._median / scale:.2f} {unit}"]
        if n >= 4:
            lines.append(f"  IQR:    {self.iqr / scale:.2f} {unit} ({self._p25 / scale:.2f} to "
                         f"{self._p75 / scale:.2f})")
        lines.append(f"  {n} measurement{'s' if n > 1 else ''}, {self.number_per_run} runs "
                     f"{'per measurement,' if n > 1 else ','} {threads} "
                     f"thread{'s' if threads > 1 else ''}")
        lines.extend(self._warnings)
        return "\n".join(lines).strip()

    @staticmethod
    def merge(measurements):
        """One Measurement per task, pooling the per-run times of those given."""
        groups = collections.defaultdict(list)
        for m in measurements:
            groups[m.task_spec].extend(m.times)
        return [Measurement(1, times, spec) for spec, times in groups.items()]


# torch does this arithmetic on float32 tensors; so does ember, to print the same digits.
_f32 = np.float32


def select_unit(t):
    """(unit, seconds per unit) to print a time of ``t`` seconds: ns, us, ms or s."""
    unit = {-3: "ns", -2: "us", -1: "ms"}.get(int(np.log10(_f32(t)) // 3), "s")
    return unit, {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1}[unit]


def unit_to_english(u):
    return {"ns": "nanosecond", "us": "microsecond", "ms": "millisecond", "s": "second"}[u]


def trim_sigfig(x, n):
    """``x`` rounded to ``n`` significant figures."""
    if n != int(n):
        raise AssertionError("Number of significant figures must be an integer")
    scale = 10 ** (int(np.ceil(np.log10(np.abs(_f32(x))))) - n)
    return float(np.round(_f32(x / scale)) * _f32(scale))


def ordered_unique(elements):
    """The distinct elements, in first-seen order."""
    return list(dict.fromkeys(elements))


@contextlib.contextmanager
def set_torch_threads(n):
    """Run a block with ember's intra-op thread count set to ``n``."""
    import ember
    prior = ember.get_num_threads()
    try:
        ember.set_num_threads(n)
        yield
    finally:
        ember.set_num_threads(prior)
