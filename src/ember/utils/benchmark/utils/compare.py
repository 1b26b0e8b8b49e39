"""``Compare``: many Measurements as one table per label, laid out as torch.utils.benchmark's
Compare prints them (rows: thread count, environment and sub-label; columns: description;
medians in one time unit per table, optionally trimmed, colored and flagged)."""
from __future__ import annotations

import collections
import enum

import numpy as np

from .common import Measurement, ordered_unique, select_unit, trim_sigfig, unit_to_english

__all__ = ["Colorize", "Compare"]

# ANSI sequences of the colored table: best, within 10%, 2x and 5x the best.
_BEST, _GOOD, _BAD, _VERY_BAD = "\033[92m", "\033[34m", "\033[2m\033[91m", "\033[31m"
_BOLD, _END = "\033[1m", "\033[0m"
_VARIANCE_NOTE = "(! XX%) Measurement has high variance, where XX is the IQR / median * 100."


class Colorize(enum.Enum):
    """How ``Compare.colorize`` picks the best value a cell is colored against.

    Example:
        >>> from ember.utils.benchmark.utils.compare import Colorize
        >>> Colorize.COLUMNWISE.value
        'columnwise'
    """

    NONE = "none"
    COLUMNWISE = "columnwise"
    ROWWISE = "rowwise"


def _leading_digits(value):
    """Digits before the decimal point of a positive time in the table's unit (float32
    arithmetic, as torch computes it on a tensor)."""
    return int(np.ceil(np.log10(np.float32(value))))


def _colored(text, value, best):
    if value <= best * 1.01 or value <= best + 100e-9:
        return _BEST + _BOLD + text + _END * 2
    if value <= best * 1.1:
        return _GOOD + _BOLD + text + _END * 2
    if value >= best * 5:
        return _VERY_BAD + _BOLD + text + _END * 2
    if value >= best * 2:
        return _BAD + text + _END * 2
    return text


class _CellFormat:
    """One column's number format: every median right-aligned with the same decimals, enough
    integer digits for the largest, and room for a variance flag where one is shown."""

    def __init__(self, cells, scale, trim, highlight):
        present = [m for m in cells if m is not None]
        self.trim = trim
        self.flag = highlight and any(m.has_warnings for m in present)
        digits = [_leading_digits(m.median / scale) for m in present]
        self.decimals = min(max(m.significant_figures - d, 0)
                            for m, d in zip(present, digits)) if trim else 1
        self.width = max(digits) + self.decimals + (1 if self.decimals else 0)

    def text(self, value, sigfigs=1, spread=None):
        if value is None:
            return " " * len(self.text(1.0))
        if self.trim:
            value = trim_sigfig(value, sigfigs)
        flag = f" (! {spread * 100:.0f}%)" if self.flag and spread is not None else ""
        return f"{value:>{self.width}.{self.decimals}f}" + f"{flag:>{7 if self.flag else 0}}"


def _table(results, colorize, trim, highlight):
    """The printed table of the measurements that share one label."""
    unit, scale = select_unit(min(m.median for m in results))
    row_of = {id(m): (m.num_threads, m.env, m.as_row_name) for m in results}
    rows = ordered_unique(row_of.values())
    rows.sort(key=lambda key: key[:2])  # stable: statements keep their order within a group
    columns = ordered_unique(m.description for m in results)
    grid = {(row_of[id(m)], m.description): m for m in results}
    envs = {m.env for m in results}
    show_env = len(envs) > 1
    env_width = max(len(env) for env in envs) if show_env else 0

    # Rows are grouped by thread count; each column's format spans the whole table.
    groups = []
    for row in rows:
        if not groups or groups[-1][0] != row[0]:
            groups.append((row[0], []))
        groups[-1][1].append(row)
    formats = [_CellFormat([grid.get((row, col)) for row in rows], scale, trim, highlight)
               for col in columns]

    cells = [["", *(col if col is not None else "" for col in columns)]]
    for _, members in groups:
        previous_env = ""
        for row in members:
            env = f"({row[1]})" if show_env and row[1] != previous_env else ""
            previous_env = row[1]
            line = ["  " + env.ljust(env_width + 4) + row[2]]
            for col, fmt in zip(columns, formats):
                m = grid.get((row, col))
                line.append(fmt.text(None) if m is None else fmt.text(
                    m.median / scale, m.significant_figures,
                    m.iqr / m.median if m.has_warnings else None))
            cells.append(line)
    widths = [max(len(line[i]) for line in cells) for i in range(len(cells[0]))]
    header = "  |  ".join(text.center(width) for text, width in zip(cells[0], widths))
    lines = [header]
    index = 1
    for threads, members in groups:
        lines.append(f"{threads} threads: ".ljust(len(header), "-"))
        for row in members:
            line = cells[index]
            index += 1
            measured = [grid.get((row, col)) for col in columns]
            if colorize is Colorize.ROWWISE:
                best = [min(m.median for m in measured if m is not None)] * len(columns)
            elif colorize is Colorize.COLUMNWISE:
                best = [min((grid[(other, col)].median for other in members
                             if (other, col) in grid), default=None) for col in columns]
            parts = [line[0].ljust(widths[0])]
            for i, m in enumerate(measured):
                text = line[i + 1].center(widths[i + 1])
                if colorize is not Colorize.NONE and m is not None and best[i] is not None:
                    text = _colored(text, m.median, best[i])
                parts.append(text)
            lines.append("  |  ".join(parts))
    label = f" {results[0].label or ''} ".center(len(header) - 2, "-")
    flagged = highlight and any(m.has_warnings for m in results)
    return (f"[{label}]\n" + "\n".join(lines) + "\n\n"
            f"Times are in {unit_to_english(unit)}s ({unit}).\n"
            + (_VARIANCE_NOTE + "\n" if flagged else ""))


class Compare:
    """Print many Measurements as tables: one per label, a row per sub-label (or statement)
    and thread count, a column per description, as torch's Compare lays them out.

    Args:
        results (list of Measurement): what to show.

    Example:
        >>> from ember.utils.benchmark import Compare, Measurement, TaskSpec
        >>> spec = TaskSpec("x + 1", "pass", label="add", sub_label="[2]", description="eager")
        >>> print(Compare([Measurement(1, [2e-6, 2.2e-6, 2.1e-6], spec)]))
        [------ add ------]
                   |  eager
        1 threads: --------
              [2]  |   2.1
        <BLANKLINE>
        Times are in microseconds (us).
        <BLANKLINE>
    """

    def __init__(self, results):
        self._results = []
        self.extend_results(results)
        self._trim_significant_figures = False
        self._colorize = Colorize.NONE
        self._highlight_warnings = False

    def extend_results(self, results):
        """Add more Measurements to the table."""
        for result in results:
            if not isinstance(result, Measurement):
                raise ValueError(f"Expected an instance of `Measurement`, got {type(result)} "
                                 f"instead.")
        self._results.extend(results)

    def trim_significant_figures(self):
        """Print each median with only the digits its spread supports."""
        self._trim_significant_figures = True

    def colorize(self, rowwise=False):
        """Color each cell by how it compares with the best in its column (or row)."""
        self._colorize = Colorize.ROWWISE if rowwise else Colorize.COLUMNWISE

    def highlight_warnings(self):
        """Flag the medians whose interquartile range is large."""
        self._highlight_warnings = True

    def print(self):
        """Print the tables."""
        print(str(self))

    def __str__(self):
        by_label = collections.defaultdict(list)
        for measurement in Measurement.merge(self._results):
            by_label[measurement.label].append(measurement)
        return "\n".join(_table(group, self._colorize, self._trim_significant_figures,
                                self._highlight_warnings) for group in by_label.values())
