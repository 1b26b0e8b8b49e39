"""``FlopCounterMode``: count the floating-point operations of the matrix products and
convolutions run inside a ``with`` block, forward and backward, in total and per module.

The counts are torch's formulas for the same ATen calls (``ember._aten`` reports them): a
product of (m, k) and (k, n) matrices costs 2·m·n·k, a batch of them b times that; ``addmm``
and ``baddbmm`` count their product only; a convolution with weight (c_out, c_in, *kernel)
costs 2 · batch · c_out · c_in · prod(kernel) · prod(spatial size of the output, or of the
input for a transposed one); its backward counts the convolutions that give the gradients it
computes. Other ops count nothing, as in torch: on CPU that includes scaled-dot-product
attention's fused kernel.
"""
from __future__ import annotations

import warnings
from collections import defaultdict
from math import prod

from .._aten import aten
from .._deprecated import _user_stacklevel
from ._python_dispatch import TorchDispatchMode

__all__ = ["FlopCounterMode", "register_flop_formula"]

flop_registry = {}


def get_shape(i):
    """The shape of a tensor as a tuple, anything else as it is."""
    from .._tensor import Tensor
    return tuple(i.shape) if isinstance(i, Tensor) else i


def shape_wrapper(f):
    """``f`` called with shapes in place of tensors (also inside lists and tuples), and the
    result's shapes as ``out_shape``."""
    def nf(*args, out_val=None, **kwargs):
        from ._pytree import tree_map
        args, kwargs, out_shape = tree_map(get_shape, (args, kwargs, out_val))
        return f(*args, out_shape=out_shape, **kwargs)
    nf.__name__ = getattr(f, "__name__", "formula")
    nf.__doc__ = f.__doc__
    return nf


def register_flop_formula(targets, get_raw=False):
    """Decorator: the function counts the FLOPs of the operators ``targets`` (an
    OpOverloadPacket or a list of them), called with their arguments' shapes (``get_raw``: the
    arguments themselves) and ``out_shape`` (``out_val``).

    Args:
        targets: the operator packets (``ember.ops.aten.mm``).
        get_raw (bool): pass the arguments as they are, not their shapes.

    Returns:
        The decorator.
    """
    def register_fun(flop_formula):
        if not get_raw:
            flop_formula = shape_wrapper(flop_formula)
        for target in (targets if isinstance(targets, (list, tuple)) else [targets]):
            if not hasattr(target, "_overloads"):
                raise ValueError(f"register_flop_formula(targets): expected each target to be "
                                 f"OpOverloadPacket (i.e. torch.ops.mylib.foo), got {target} "
                                 f"which is of type {type(target)}")
            if target in flop_registry:
                raise RuntimeError(f"duplicate registrations for {target}")
            flop_registry[target] = flop_formula
        return flop_formula
    return register_fun


@register_flop_formula(aten.mm)
def mm_flop(a_shape, b_shape, *args, out_shape=None, **kwargs):
    """2·m·n·k for an (m, k) by (k, n) product."""
    m, k = a_shape
    _, n = b_shape
    return m * n * 2 * k


@register_flop_formula(aten.addmm)
def addmm_flop(self_shape, a_shape, b_shape, out_shape=None, **kwargs):
    """The product's count; the addition is not counted."""
    return mm_flop(a_shape, b_shape)


@register_flop_formula(aten.bmm)
def bmm_flop(a_shape, b_shape, out_shape=None, **kwargs):
    """b · 2·m·n·k for a batch of b (m, k) by (k, n) products."""
    b, m, k = a_shape
    _, _, n = b_shape
    return b * m * n * 2 * k


@register_flop_formula(aten.baddbmm)
def baddbmm_flop(self_shape, a_shape, b_shape, out_shape=None, **kwargs):
    """The batched product's count."""
    return bmm_flop(a_shape, b_shape)


def conv_flop_count(x_shape, w_shape, out_shape, transposed=False):
    """2 · batch · c_out · c_in · prod(kernel) · prod(spatial size), the spatial size being
    the output's (the input's for a transposed convolution); the bias is not counted."""
    batch = x_shape[0]
    spatial = (x_shape if transposed else out_shape)[2:]
    c_out, c_in, *kernel = w_shape
    return prod(spatial) * prod(kernel) * batch * c_out * c_in * 2


@register_flop_formula([aten.convolution])
def conv_flop(x_shape, w_shape, _bias, _stride, _padding, _dilation, transposed, *args,
              out_shape=None, **kwargs):
    """A convolution's count (``conv_flop_count``)."""
    return conv_flop_count(x_shape, w_shape, out_shape, transposed=transposed)


def _swap_channels(shape):
    return [shape[1], shape[0], *shape[2:]]


@register_flop_formula(aten.convolution_backward)
def conv_backward_flop(grad_out_shape, x_shape, w_shape, _bias, _stride, _padding, _dilation,
                       transposed, _output_padding, _groups, output_mask, out_shape):
    """The gradient of the input is the transposed convolution of the output's gradient with
    the weight; the gradient of the weight a convolution of the input (channels and batch
    exchanged) with the output's gradient (for a transposed convolution, the other way
    round): each counted as such when it is computed."""
    total = 0
    if output_mask[0]:
        total += conv_flop_count(grad_out_shape, w_shape, get_shape(out_shape[0]),
                                 not transposed)
    if output_mask[1]:
        weight_shape = _swap_channels(get_shape(out_shape[1]))
        if transposed:
            total += conv_flop_count(_swap_channels(grad_out_shape), _swap_channels(x_shape),
                                     weight_shape, transposed=False)
        else:
            total += conv_flop_count(_swap_channels(x_shape), _swap_channels(grad_out_shape),
                                     weight_shape, transposed=False)
    return total


_SUFFIXES = ["", "K", "M", "B", "T"]


def get_suffix_str(number):
    """The suffix a count is printed with: one per three digits past the first two, so that
    1.01 billion prints as 1010M."""
    return _SUFFIXES[max(0, min(len(_SUFFIXES) - 1, (len(str(number)) - 2) // 3))]


def convert_num_with_suffix(number, suffix):
    """``number`` in units of ``suffix``, three decimals (``"22.528K"``)."""
    return f"{number / 1000 ** _SUFFIXES.index(suffix):.3f}{suffix}"


def convert_to_percent_str(num, denom):
    """``num / denom`` as a percentage with two decimals (``"0%"`` when ``denom`` is 0)."""
    return "0%" if denom == 0 else f"{num / denom:.2%}"


def _number(text):
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return None


def _table(rows, headers, aligns):
    """A plain-text table as torch prints it (through the tabulate package): a header, a rule
    of dashes under each column, the rows; cells without their surrounding spaces, columns two
    spaces apart, each at least two wider than its header; a column of numbers only prints
    them in their shortest form (``512.000`` as ``512``)."""
    columns = []
    for index, header in enumerate(headers):
        cells = [row[index].strip() for row in rows]
        numbers = [_number(cell) for cell in cells]
        if all(n is not None for n in numbers):
            cells = [str(n) if isinstance(n, int) else format(n, "g") for n in numbers]
        width = max([len(header) + 2, *map(len, cells)])
        columns.append((header, cells, width))

    def line(values):
        return "  ".join(value.ljust(width) if align == "left" else value.rjust(width)
                         for value, (_, _, width), align in zip(values, columns, aligns))
    out = [line(headers), "  ".join("-" * width for _, _, width in columns)]
    out += [line([cells[i] for _, cells, _ in columns]) for i in range(len(rows))]
    return "\n".join(text.rstrip() for text in out)


class FlopCounterMode:
    """A ``with`` block that counts the FLOPs of the matrix products and convolutions run in
    it, forward and backward, per operator and per module (modules are named as
    ``ModuleTracker`` names them); with ``display`` it prints a table of the counts on exit.

    Args:
        mods: no longer needed (a warning says so).
        depth (int): how deep in the module tree the printed table goes.
        display (bool): print the table when the block ends.
        custom_mapping (dict): {operator packet: formula} added to the built-in formulas.

    Example:
        >>> from ember.utils.flop_counter import FlopCounterMode
        >>> layer = ember.nn.Linear(16, 8)
        >>> with FlopCounterMode(display=False) as counter:
        ...     layer(ember.ones(4, 16)).sum().backward()
        >>> counter.get_total_flops()
        2048
    """

    def __init__(self, mods=None, depth=2, display=True, custom_mapping=None):
        from .module_tracker import ModuleTracker
        self.flop_counts = defaultdict(lambda: defaultdict(int))
        self.depth = depth
        self.display = display
        self.mode = None
        if mods is not None:
            warnings.warn("mods argument is not needed anymore, you can stop passing it",
                          stacklevel=_user_stacklevel())
        self.flop_registry = {**flop_registry, **{
            k: v if getattr(v, "_get_raw", False) else shape_wrapper(v)
            for k, v in (custom_mapping or {}).items()}}
        self.mod_tracker = ModuleTracker()

    def get_total_flops(self):
        """The FLOPs counted in all."""
        return sum(self.flop_counts["Global"].values())

    def get_flop_counts(self):
        """{module name: {operator packet: FLOPs}}, ``"Global"`` holding every count.

        Returns:
            A dict of dicts.
        """
        return {k: dict(v) for k, v in self.flop_counts.items()}

    def get_table(self, depth=None):
        """The counts as the printed table: each module down to ``depth`` (its total, then
        each operator's), with its share of the total; the global counts first when some
        FLOPs happened outside every module.

        Args:
            depth (int): how deep in the module tree to go (default: the counter's).

        Returns:
            The table (str).
        """
        if depth is None:
            depth = self.depth
        if depth is None:
            depth = 999999
        total = self.get_total_flops()
        suffix = get_suffix_str(total)
        subsumed = False

        def rows_of(name, level):
            nonlocal subsumed
            flops = sum(self.flop_counts[name].values())
            subsumed |= flops >= total
            padding = " " * level
            rows = [[padding + name, convert_num_with_suffix(flops, suffix),
                     convert_to_percent_str(flops, total)]]
            for op, count in self.flop_counts[name].items():
                rows.append([padding + " - " + str(op), convert_num_with_suffix(count, suffix),
                             convert_to_percent_str(count, total)])
            return rows

        rows = []
        for name in sorted(self.flop_counts):
            if name == "Global":
                continue
            level = name.count(".") + 1
            if level > depth:
                continue
            rows.extend(rows_of(name, level - 1))
        if "Global" in self.flop_counts and not subsumed:
            for row in rows:
                row[0] = " " + row[0]
            rows = rows_of("Global", 0) + rows
        if not rows:
            rows = [["Global", "0", "0%"]]
        return _table(rows, ["Module", "FLOP", "% Total"], ("left", "right", "right"))

    def __enter__(self):
        self.flop_counts.clear()
        self.mod_tracker.__enter__()
        self.mode = _FlopCounterMode(self)
        self.mode.__enter__()
        return self

    def __exit__(self, *args):
        self.mode.__exit__(*args)
        self.mode = None
        self.mod_tracker.__exit__()
        if self.display:
            print(self.get_table(self.depth))
        return False

    def _count_flops(self, func_packet, out, args, kwargs):
        formula = self.flop_registry.get(func_packet)
        if formula is not None:
            flops = formula(*args, **kwargs, out_val=out)
            for parent in set(self.mod_tracker.parents):
                self.flop_counts[parent][func_packet] += flops
        return out


class _FlopCounterMode(TorchDispatchMode):
    def __init__(self, counter):
        super().__init__()
        self.counter = counter

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        return self.counter._count_flops(func._overloadpacket, out, args, kwargs)
