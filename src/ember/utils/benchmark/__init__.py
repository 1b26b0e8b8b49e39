"""ember.utils.benchmark: time a statement (``Timer``) and report the result (``Measurement``),
as torch.utils.benchmark does: ``timeit``, ``blocked_autorange`` and ``adaptive_autorange``,
with torch's printed layout, and ``Compare``'s tables of many measurements."""
from .utils.compare import Colorize, Compare
from .utils.common import (Measurement, TaskSpec, ordered_unique, select_unit,
                           set_torch_threads, trim_sigfig, unit_to_english)
from .utils.timer import Language, Timer, timer

__all__ = ["Colorize", "Compare", "Language", "Measurement", "TaskSpec", "Timer",
           "ordered_unique", "select_unit", "set_torch_threads", "timer", "trim_sigfig",
           "unit_to_english"]
