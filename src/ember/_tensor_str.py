"""Text rendering of tensors, laid out exactly as PyTorch lays out ``repr(tensor)``.

The module only sees NumPy arrays and plain values (the Tensor class calls into it), so it can
be imported before anything else in the package. The observable rules it reproduces are:

* all floating values of one tensor share one layout: "integer" style (``3.``) when every
  finite value is whole, scientific style when the nonzero finite magnitudes span more than
  three decades or leave [1e-4, 1e8], fixed-point with ``precision`` digits otherwise;
* every element is right-aligned to the widest rendering, rows wrap at ``linewidth``;
* tensors with more than ``threshold`` elements only show ``edgeitems`` entries at each end of
  every long dimension, with ``...`` standing in for the rest;
* keyword suffixes (device, dtype, size, grad_fn / requires_grad) follow the data.
"""
from __future__ import annotations

import contextlib
import math

import numpy as np

__all__ = ["format_tensor", "set_printoptions", "get_printoptions", "printoptions"]


class _PrintOptions:
    """The mutable, process-wide print settings (one instance, ``_OPTS``)."""

    __slots__ = ("precision", "threshold", "edgeitems", "linewidth", "sci_mode")

    def __init__(self):
        self.precision = 4
        self.threshold = 1000
        self.edgeitems = 3
        self.linewidth = 80
        self.sci_mode = None


_OPTS = _PrintOptions()

# Each profile resets the four numeric settings; explicit arguments are applied afterwards so
# they win over the profile.
_PROFILES = {
    "default": {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80},
    "short": {"precision": 2, "threshold": 1000, "edgeitems": 2, "linewidth": 80},
    "full": {"precision": 4, "threshold": math.inf, "edgeitems": 3, "linewidth": 80},
}


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None,
                     profile=None, sci_mode=None):
    """Change the global print settings the way ``torch.set_printoptions`` does.

    ``profile`` ("default", "short" or "full"; anything else is ignored) is applied first,
    then each numeric argument that is not None. ``sci_mode`` is always overwritten, so a call
    without it restores automatic choice of scientific notation.
    """
    if profile is not None and profile in _PROFILES:
        for key, value in _PROFILES[profile].items():
            setattr(_OPTS, key, value)
    if precision is not None:
        _OPTS.precision = precision
    if threshold is not None:
        _OPTS.threshold = threshold
    if edgeitems is not None:
        _OPTS.edgeitems = edgeitems
    if linewidth is not None:
        _OPTS.linewidth = linewidth
    _OPTS.sci_mode = sci_mode


def get_printoptions():
    """Return the current print settings as a dict usable as ``set_printoptions(**d)``."""
    return {key: getattr(_OPTS, key) for key in _PrintOptions.__slots__}


@contextlib.contextmanager
def printoptions(**kwargs):
    """Temporarily apply ``set_printoptions(**kwargs)`` inside a ``with`` block."""
    saved = get_printoptions()
    set_printoptions(**kwargs)
    try:
        yield
    finally:
        set_printoptions(**saved)


# ---------------------------------------------------------------------------------------------
# dtype handling
# ---------------------------------------------------------------------------------------------

_ALIASES = {
    "half": "float16", "float": "float32", "double": "float64", "short": "int16",
    "int": "int32", "long": "int64", "cfloat": "complex64", "cdouble": "complex128",
    "chalf": "complex32", "bool_": "bool",
}


def _canonical(name):
    """Map an alias or ``ember.``-prefixed dtype name onto its canonical spelling."""
    name = str(name)
    for prefix in ("ember.", "torch."):
        if name.startswith(prefix):
            name = name[len(prefix):]
    return _ALIASES.get(name, name)


def _kind(name):
    """Classify a canonical dtype name as 'b' (bool), 'i' (integer), 'f' or 'c'."""
    if name == "bool":
        return "b"
    if name.startswith(("float", "bfloat")):
        return "f"
    if name.startswith("complex"):
        return "c"
    return "i"


def _round_bfloat16(values):
    """Round float32 values to the nearest bfloat16 (ties to even), returned as float32."""
    values = np.asarray(values, dtype=np.float32)
    bits = values.view(np.uint32).astype(np.uint64)
    # Adding 0x7FFF plus the lowest kept bit, then truncating, is round-half-to-even on the
    # 16 dropped bits. Work in uint64 so the carry cannot wrap around.
    rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) & 0xFFFF0000).astype(np.uint32)
    out = rounded.view(np.float32)
    return np.where(np.isnan(values), values, out)


def _to_float(arr, name):
    """Convert ``arr`` to the float values a tensor of dtype ``name`` would hold.

    float16 and bfloat16 are rounded to their precision and widened to float32 (widening is
    exact, so printing them from float32 gives the same digits).
    """
    if name == "float64":
        return arr.astype(np.float64, copy=False)
    if arr.dtype.kind == "c":
        arr = arr.real
    if name == "float16":
        return arr.astype(np.float16).astype(np.float32)
    arr = arr.astype(np.float32)
    if name == "bfloat16":
        arr = _round_bfloat16(arr)
    return arr


def _prepare(data, name):
    """Return ``data`` as an array with the values of dtype ``name`` (see ``_to_float``)."""
    arr = np.asarray(data)
    kind = _kind(name)
    if kind == "f":
        return _to_float(arr, name)
    if kind == "c":
        arr = arr.astype(np.complex128 if name == "complex128" else np.complex64, copy=False)
        if name == "complex32":  # half-precision parts (set apart: 1j * inf would be nan)
            parts = np.empty(arr.shape, np.complex64)
            parts.real, parts.imag = _to_float(arr.real, "float16"), _to_float(arr.imag, "float16")
            arr = parts
        return arr
    if kind == "b":
        return arr.astype(np.bool_, copy=False)
    if arr.dtype.kind not in "iu":
        arr = arr.astype(np.int64)
    return arr


# ---------------------------------------------------------------------------------------------
# element formatting
# ---------------------------------------------------------------------------------------------

class _Layout:
    """How every element of one real-valued tensor is rendered: mode and common width.

    The decision is taken over the values that will be shown (the summary when the tensor is
    summarised), exactly once per tensor.
    """

    __slots__ = ("floating", "int_mode", "sci_mode", "width", "precision")

    def __init__(self, values, floating):
        self.floating = floating
        self.precision = _OPTS.precision
        self.int_mode = True
        self.sci_mode = False
        self.width = 1
        values = values.reshape(-1)
        if not floating:
            if values.size:
                if values.dtype == np.bool_:
                    # "False" is one character wider than "True".
                    self.width = 5 if not values.all() else 4
                else:
                    lo, hi = int(values.min()), int(values.max())
                    self.width = max(1, len(str(lo)), len(str(hi)))
            return
        chosen = values[np.isfinite(values) & (values != 0)]
        if chosen.size == 0:
            # Nothing to measure (all zero / inf / nan): torch keeps integer style and does not
            # even consult a forced sci_mode in this case.
            return
        self.int_mode = bool(np.all(chosen == np.ceil(chosen)))
        magnitude = np.abs(chosen).astype(np.float64)
        small, big = float(magnitude.min()), float(magnitude.max())
        if _OPTS.sci_mode is None:
            self.sci_mode = big / small > 1000.0 or big > 1.0e8 or small < 1.0e-4
        else:
            self.sci_mode = bool(_OPTS.sci_mode)
        # The rendered length only depends on the sign and on a monotone function of the
        # magnitude (rounded integer part, or the exponent's digit count), so the extremes of
        # each sign are enough to find the widest element.
        positive = chosen[chosen > 0]
        negative = chosen[chosen < 0]
        probes = []
        for group in (positive, negative):
            if group.size:
                probes.append(float(group.min()))
                probes.append(float(group.max()))
        if self.sci_mode:
            spec = f".{self.precision}e"
            self.width = max(len(format(p, spec)) for p in probes)
        elif self.int_mode:
            # One extra column for the trailing "." that marks a float.
            self.width = max(len(format(p, ".0f")) + 1 for p in probes)
        else:
            spec = f".{self.precision}f"
            self.width = max(len(format(p, spec)) for p in probes)

    def render(self, values):
        """Render a flat list of Python numbers, each right-aligned to the common width."""
        width = self.width
        if not self.floating:
            return [str(v).rjust(width) for v in values]
        # %-formatting gives the same text as str.format for floats and is about twice as fast.
        if self.sci_mode:
            fmt = "%" + str(width) + "." + str(self.precision) + "e"
            return [fmt % v for v in values]
        if self.int_mode:
            out = []
            for v in values:
                text = "%.0f" % v
                if text[-1].isdigit():  # finite: mark it as a float ("inf"/"nan" stay bare)
                    text += "."
                out.append(text.rjust(width))
            return out
        fmt = "%" + str(width) + "." + str(self.precision) + "f"
        return [fmt % v for v in values]


def _join_complex(real_text, imag_text):
    """Glue the rendered real and imaginary parts of one complex number together."""
    imag_text = (imag_text + "j").lstrip()
    if imag_text[0] in "+-":
        return real_text + imag_text
    return real_text + "+" + imag_text


def _render_elements(shown, layouts):
    """Render every element of ``shown`` in C order; returns (strings, element width)."""
    flat = shown.reshape(-1)
    if len(layouts) == 1:
        texts = layouts[0].render(flat.tolist())
        # Each element is followed by ", " on its line.
        width = layouts[0].width + 2
    else:
        real_layout, imag_layout = layouts
        reals = real_layout.render(flat.real.tolist())
        imags = imag_layout.render(flat.imag.tolist())
        texts = [_join_complex(r, i) for r, i in zip(reals, imags)]
        # ", " between elements plus a "j" per element.
        width = real_layout.width + 2 + imag_layout.width + 1
    return texts, width


def _build_layouts(shown, kind):
    """Choose the element layout(s) from the values that will be printed."""
    if kind == "c":
        return [_Layout(shown.real, True), _Layout(shown.imag, True)]
    return [_Layout(shown, kind == "f")]


def _nest(rows, shape, cut, indent, element_width):
    """Assemble rendered elements into torch's bracketed, indented, wrapped layout.

    ``rows`` holds the rendered innermost vectors in C order, ``shape`` is the shape they
    make up, and ``cut[k]`` says whether axis k was summarised, in which case "..." separates
    the leading and trailing ``edgeitems`` entries along it.
    """
    edge = _OPTS.edgeitems
    if len(shape) == 1:
        items = rows[0]
        if cut[0]:
            items = items[:edge] + [" ..."] + items[edge:]
        per_line = max(1, math.floor((_OPTS.linewidth - indent) / element_width))
        if len(items) <= per_line:
            return "[" + ", ".join(items) + "]"
        lines = [", ".join(items[i:i + per_line]) for i in range(0, len(items), per_line)]
        return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"
    step = len(rows) // shape[0]
    parts = [_nest(rows[i:i + step], shape[1:], cut[1:], indent + 1, element_width)
             for i in range(0, len(rows), step)]
    if cut[0]:
        parts = parts[:edge] + ["..."] + parts[edge:]
    # Blank lines between blocks grow with the rank: one per dimension below this one.
    separator = "," + "\n" * (len(shape) - 1) + " " * (indent + 1)
    return "[" + separator.join(parts) + "]"


def _body(arr, kind, indent):
    """Render the bracketed contents of a non-empty array (no ``tensor(`` prefix)."""
    summarize = arr.size > _OPTS.threshold
    edge = _OPTS.edgeitems
    if arr.ndim == 0:
        layouts = _build_layouts(arr, kind)
        texts, _ = _render_elements(arr, layouts)
        return texts[0]
    if summarize and not edge:
        # No items kept at either end: the whole tensor collapses into one ellipsis.
        return "[...]"
    shown = arr
    cut = [summarize and n > 2 * edge for n in arr.shape]
    for axis, (n, is_cut) in enumerate(zip(arr.shape, cut)):
        # Summarising keeps the first and last ``edge`` entries of every long axis; the layout
        # is then chosen from those kept values alone, as torch does.
        if is_cut:
            shown = np.take(shown, np.r_[0:edge, n - edge:n], axis=axis)
    layouts = _build_layouts(shown, kind)
    texts, element_width = _render_elements(shown, layouts)
    length = shown.shape[-1]
    rows = [texts[i:i + length] for i in range(0, len(texts), length)]
    return _nest(rows, shown.shape, cut, indent, element_width)


def _device_text(device):
    """Return torch's spelling of a device, or None for the CPU (which is never printed)."""
    if device is None:
        return None
    text = str(device)
    device_type = text.split(":")[0]
    if device_type == "cpu":
        return None
    if text == device_type and device_type in ("cuda", "xpu", "mps"):
        # A tensor always lives on a concrete device index; the bare name means index 0.
        text += ":0"
    return text


def _append_suffixes(text, suffixes, indent):
    """Append ``, key=value`` suffixes, moving one to a new line when it would pass linewidth."""
    pieces = [text]
    # torch measures the last line as its length plus two; reproduce that to wrap identically.
    used = len(text) - (text.rfind("\n") + 1) + 2
    for suffix in suffixes:
        if used + len(suffix) + 2 > _OPTS.linewidth:
            pieces.append(",\n" + " " * indent + suffix)
            used = indent + len(suffix)
        else:
            pieces.append(", " + suffix)
            used += len(suffix) + 2
    pieces.append(")")
    return "".join(pieces)


def format_meta(shape, *, dtype_name, default_dtype_name="float32", requires_grad=False,
                grad_fn_name=None, is_parameter=False):
    """The ``repr`` torch prints for a meta tensor: no values, its size, and any dtype but the
    default float one."""
    suffixes = ["device='meta'", f"size={shape}"]
    name = _canonical(dtype_name)
    if name != _canonical(default_dtype_name):
        suffixes.append(f"dtype=ember.{name}")
    if grad_fn_name is not None:
        suffixes.append(f"grad_fn=<{grad_fn_name}>")
    elif requires_grad:
        suffixes.append("requires_grad=True")
    text = _append_suffixes("tensor(...", suffixes, len("tensor("))
    return "Parameter containing:\n" + text if is_parameter else text


def format_tensor(data, *, dtype_name, default_dtype_name="float32", requires_grad=False,
                  grad_fn_name=None, device=None, is_parameter=False, column=0,
                  prefix="tensor("):
    """Return the ``repr`` torch would print for a tensor holding ``data``.

    ``data`` is array-like (any shape, including 0-d and empty); ``dtype_name`` is the ember
    dtype name ("float32", "int64", "bool", "bfloat16", ...) and decides how values are read
    (float32 data with dtype "bfloat16" is rounded to bfloat16 first). ``default_dtype_name``
    is the current default floating dtype, which is never spelled out. ``grad_fn_name`` wins
    over ``requires_grad``; ``device`` is printed unless it is None or a CPU; ``is_parameter``
    adds the ``Parameter containing:`` header of ``nn.Parameter``; ``prefix`` opens the text
    (a Tensor subclass prints its class name instead of "tensor"). ``column`` is where the
    text starts on its first line when it is printed inside another (a sparse tensor's
    ``values=``): rows then wrap within the line width that is left, as torch's do.
    """
    name = _canonical(dtype_name)
    default_name = _canonical(default_dtype_name)
    kind = _kind(name)
    with np.errstate(all="ignore"):
        # Out-of-range values become inf on narrowing, silently, as they do in torch.
        arr = _prepare(data, name)
    indent = column + len(prefix)

    suffixes = []
    device_text = _device_text(device)
    if device_text is not None:
        suffixes.append(f"device='{device_text}'")

    if arr.size == 0:
        # Shape (0,) is implied by "[]"; any other empty shape is spelled out.
        if arr.ndim != 1:
            suffixes.append(f"size={tuple(arr.shape)}")
        # No values to hint at the type, so anything but the default float dtype is named.
        if name != default_name:
            suffixes.append(f"dtype=ember.{name}")
        body = "[]"
    else:
        if not _OPTS.edgeitems:
            suffixes.append(f"size={tuple(arr.shape)}")
        default_complex = "complex128" if default_name == "float64" else "complex64"
        if name not in (default_name, default_complex, "int64", "bool"):
            suffixes.append(f"dtype=ember.{name}")
        body = _body(arr, kind, indent)

    if grad_fn_name is not None:
        suffixes.append(f"grad_fn=<{grad_fn_name}>")
    elif requires_grad:
        suffixes.append("requires_grad=True")

    text = _append_suffixes(prefix + body, suffixes, indent)
    if is_parameter:
        text = "Parameter containing:\n" + text
    return text
