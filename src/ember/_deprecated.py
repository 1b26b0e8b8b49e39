"""PyTorch's deprecated argument order that old programs still use: the scalar first.

``x.add_(2, y)`` means ``x.add_(y, alpha=2)``; likewise ``sub``/``sub_`` (alpha) and
``addcmul``/``addcdiv`` and their in-place forms (value), and ``addmm``/``addmv``/``addr``/
``baddbmm``/``addbmm`` with beta (and alpha) before their tensors. The ops take the extra positional
arguments and hand them here, so the usual order costs nothing. The form warns once per
process with PyTorch's text for the in-place method, the spelling old programs use.
"""
from __future__ import annotations

import contextlib
import functools
import numbers
import os
import sys
import warnings

_warned = set()
# Where the frames a warning passes over live: ember itself, and the standard library's
# call-forwarding helpers.
_INTERNAL = (os.path.dirname(__file__) + os.sep, contextlib.__file__, functools.__file__)

# Per op: the scalar's name, the old signature's tensors after it, the new signature.
_SIGNATURES = {"add": ("alpha", "Tensor other", "Tensor other, *, Number alpha = 1"),
               "sub": ("alpha", "Tensor other", "Tensor other, *, Number alpha = 1"),
               "addcmul": ("value", "Tensor tensor1, Tensor tensor2",
                           "Tensor tensor1, Tensor tensor2, *, Number value = 1"),
               "addcdiv": ("value", "Tensor tensor1, Tensor tensor2",
                           "Tensor tensor1, Tensor tensor2, *, Number value = 1")}


def _user_stacklevel():
    """The ``stacklevel`` that makes a warning name the user's line: the level, counted from the
    function that calls this one, of the first frame outside ember.

    Frames of ``contextlib`` and ``functools`` are passed over too, as they only forward a call
    (a ``with`` block entering an ember context manager names the ``with`` line). A stack that
    never leaves ember (a thread it started) names the warning's caller.
    """
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_code.co_filename.startswith(_INTERNAL):
        frame, level = frame.f_back, level + 1
    return 2 if frame is None else level


def scalar_first(op, scalar, tensors, extra):
    """Reorder ``op(input, scalar, *tensors)``: returns (scalar, tensors) after checking them.

    ``extra`` are the positional arguments beyond the op's usual ones; an op calls this only
    when there are some.
    """
    tensors = tensors + extra
    name, old, new = _SIGNATURES[op]
    if (not isinstance(scalar, numbers.Number) or isinstance(scalar, bool)
            or len(tensors) != old.count("Tensor")
            or not all(hasattr(t, "_vc") for t in tensors)):
        given = len(tensors) + 2
        raise TypeError(f"{op}() takes {old.count('Tensor') + 1} positional arguments but "
                        f"{given} were given")
    warn_once(op, f"This overload of {op}_ is deprecated:\n\t{op}_(Number {name}, {old})\n"
                  f"Consider using one of the following signatures instead:\n\t{op}_({new})")
    return scalar, tensors


# The product ops' scalars-first order: beta (and alpha) before the tensors. Per op: the names
# of the two tensors multiplied, and whether torch's function also takes an out_dtype.
_PRODUCTS = {"addmm": ("mat1", "mat2", True), "addmv": ("mat", "vec", False),
             "addr": ("vec1", "vec2", False), "baddbmm": ("batch1", "batch2", True),
             "addbmm": ("batch1", "batch2", False)}


def product_scalars_first(op, args, inplace=False):
    """Reorder PyTorch's deprecated ``op(beta, input, [alpha,] a, b)`` (the function) and
    ``input.op(beta, [alpha,] a, b)`` (the method, ``op_`` too): ``args`` are every positional
    argument, ``input`` first for the method. Returns (input, a, b, beta, alpha); an op calls
    this only when it was given more positional arguments than its usual three.

    Re-identification code computes squared distances with ``dist.addmm_(1, -2, x, y.t())``.
    """
    first, second, has_out_dtype = _PRODUCTS[op]
    method = isinstance(args[1], numbers.Number) and hasattr(args[0], "_vc")
    if method:  # input.op(beta, [alpha,] a, b)
        input, beta, rest = args[0], args[1], args[2:]
    else:  # op(beta, input, [alpha,] a, b)
        beta, input, rest = args[0], args[1], args[2:]
    alpha = rest[0] if len(rest) == 3 else 1
    tensors = rest[-2:]
    if (not isinstance(beta, numbers.Number) or not isinstance(alpha, numbers.Number)
            or len(rest) not in (2, 3) or not hasattr(input, "_vc")
            or not all(hasattr(t, "_vc") for t in tensors)):
        raise TypeError(f"{op}() takes 3 positional arguments but {len(args)} were given")
    old = "Number alpha, " if len(rest) == 3 else ""
    if method:
        name = op + "_" if inplace else op
        old_signature = f"{name}(Number beta, {old}Tensor {first}, Tensor {second})"
        new = f"\n\t{name}(Tensor {first}, Tensor {second}, *, Number beta = 1, Number alpha = 1)"
    else:
        name = op
        old_signature = (f"{op}(Number beta, Tensor input, {old}Tensor {first}, Tensor {second}, "
                         f"*, Tensor out = None)")
        new = "".join(f"\n\t{op}(Tensor input, Tensor {first}, Tensor {second}, {dtype}*, "
                      f"Number beta = 1, Number alpha = 1, Tensor out = None)"
                      for dtype in ("", "ember.dtype out_dtype, ")[:1 + has_out_dtype])
    warn_once(name, f"This overload of {name} is deprecated:\n\t{old_signature}\n"
                    f"Consider using one of the following signatures instead:{new}")
    return input, tensors[0], tensors[1], beta, alpha


# torch's deprecated linear-algebra spellings warn once per process (TORCH_WARN_ONCE).
_REPLACEMENTS = {
    "lu": "ember.lu is deprecated in favor of ember.linalg.lu_factor / ember.linalg.lu_factor_ex "
          "and will be removed in a future PyTorch release.\nLU, pivots = ember.lu(A, "
          "compute_pivots)\nshould be replaced with\nLU, pivots = ember.linalg.lu_factor(A, "
          "compute_pivots)\nand\nLU, pivots, info = ember.lu(A, compute_pivots, get_infos=True)"
          "\nshould be replaced with\nLU, pivots, info = ember.linalg.lu_factor_ex(A, "
          "compute_pivots)",
    # "lu_solveand", "solve_triangularand": torch's text runs the words together.
    "lu_solve": "ember.lu_solve is deprecated in favor of ember.linalg.lu_solveand will be "
                "removed in a future PyTorch release.\nNote that ember.linalg.lu_solve has its "
                "arguments reversed.\nX = ember.lu_solve(B, LU, pivots)\nshould be replaced with"
                "\nX = ember.linalg.lu_solve(LU, pivots, B)",
    "triangular_solve": "ember.triangular_solve is deprecated in favor of "
                        "ember.linalg.solve_triangularand will be removed in a future PyTorch "
                        "release.\nember.linalg.solve_triangular has its arguments reversed and "
                        "does not return a copy of one of the inputs.\nX = "
                        "ember.triangular_solve(B, A).solution\nshould be replaced with\nX = "
                        "ember.linalg.solve_triangular(A, B).",
}


def warn_replaced_once(name):
    """torch's once-per-process UserWarning that ``ember.<name>`` has a linalg replacement."""
    warn_once(name, _REPLACEMENTS[name])


def warn_complex_to_real():
    """torch's warning (once a process) when a cast to a real dtype drops imaginary parts, in
    place of NumPy's ComplexWarning, which would point into ember."""
    warn_once("complex_cast", "Casting complex values to real discards the imaginary part")


def warn_once(key, message):
    """A UserWarning ``message`` at the user's line, the first time ``key`` is met in the process
    (torch's TORCH_WARN_ONCE: later uses stay silent even under ``simplefilter("always")``)."""
    if key not in _warned:
        _warned.add(key)
        warnings.warn(message, UserWarning, stacklevel=_user_stacklevel())
