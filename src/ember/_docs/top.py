"""Docstrings of ember's top-level functions and classes (attached on import; see ember._docs).

Each text gives torch's signature, what the call computes, its arguments, what it returns and an
example that prints the same under ember and under torch (tests/test_docstrings.py runs both).
"""
from __future__ import annotations

import ember

from . import add_docstr

add_docstr(ember.abs, r"""abs(input, *, out=None) -> Tensor

Absolute value of each element, ``out = |input|``. Integer and float dtypes keep their dtype.
The gradient is ``sign(input)``, so it is 0 at exactly 0.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the absolute values, same shape and dtype as ``input``.

Example::

    >>> ember.abs(ember.tensor([-1.5, 0.0, 2.0]))
    tensor([1.5000, 0.0000, 2.0000])
    >>> ember.abs(ember.tensor([-3, 4]))
    tensor([3, 4])
""")

add_docstr(ember.absolute, r"""absolute(input, *, out=None) -> Tensor

Another name for ``ember.abs``: elementwise ``|input|`` with gradient ``sign(input)``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the absolute values, same shape and dtype as ``input``.

Example::

    >>> ember.absolute(ember.tensor([-2.0, 0.5]))
    tensor([2.0000, 0.5000])
""")

add_docstr(ember.acos, r"""acos(input, *, out=None) -> Tensor

Inverse cosine of each element, in radians in ``[0, pi]``. Outside ``[-1, 1]`` the result is
``nan``. Integer inputs give the default float dtype. The derivative is
``-1 / sqrt(1 - input**2)``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the angles, same shape as ``input``.

Example::

    >>> ember.acos(ember.tensor([1.0, 0.0, -1.0]))
    tensor([0.0000, 1.5708, 3.1416])
""")

add_docstr(ember.arccos, r"""arccos(input, *, out=None) -> Tensor

Another name for ``ember.acos``: the inverse cosine, in radians in ``[0, pi]``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the angles, same shape as ``input``.

Example::

    >>> ember.arccos(ember.tensor([1.0, 0.5]))
    tensor([0.0000, 1.0472])
""")

add_docstr(ember.acosh, r"""acosh(input, *, out=None) -> Tensor

Inverse hyperbolic cosine of each element, ``log(x + sqrt(x**2 - 1))``; defined for
``input >= 1`` (``nan`` below). The derivative is ``1 / sqrt(input**2 - 1)``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, same shape as ``input``.

Example::

    >>> ember.acosh(ember.tensor([1.0, 2.0, 0.5]))
    tensor([0.0000, 1.3170,    nan])
""")

add_docstr(ember.arccosh, r"""arccosh(input, *, out=None) -> Tensor

Another name for ``ember.acosh``: the inverse hyperbolic cosine, defined for ``input >= 1``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, same shape as ``input``.

Example::

    >>> ember.arccosh(ember.tensor([1.0, 10.0]))
    tensor([0.0000, 2.9932])
""")

add_docstr(ember.asin, r"""asin(input, *, out=None) -> Tensor

Inverse sine of each element, in radians in ``[-pi/2, pi/2]``; ``nan`` outside ``[-1, 1]``. The
derivative is ``1 / sqrt(1 - input**2)``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the angles, same shape as ``input``.

Example::

    >>> ember.asin(ember.tensor([0.0, 1.0, -0.5]))
    tensor([ 0.0000,  1.5708, -0.5236])
""")

add_docstr(ember.arcsin, r"""arcsin(input, *, out=None) -> Tensor

Another name for ``ember.asin``: the inverse sine, in radians in ``[-pi/2, pi/2]``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the angles, same shape as ``input``.

Example::

    >>> ember.arcsin(ember.tensor([0.5, 1.0]))
    tensor([0.5236, 1.5708])
""")

add_docstr(ember.asinh, r"""asinh(input, *, out=None) -> Tensor

Inverse hyperbolic sine of each element, ``log(x + sqrt(x**2 + 1))``, defined everywhere. The
derivative is ``1 / sqrt(input**2 + 1)``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, same shape as ``input``.

Example::

    >>> ember.asinh(ember.tensor([0.0, 1.0, -2.0]))
    tensor([ 0.0000,  0.8814, -1.4436])
""")

add_docstr(ember.arcsinh, r"""arcsinh(input, *, out=None) -> Tensor

Another name for ``ember.asinh``: the inverse hyperbolic sine.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, same shape as ``input``.

Example::

    >>> ember.arcsinh(ember.tensor([0.0, 1.0]))
    tensor([0.0000, 0.8814])
""")

add_docstr(ember.atan, r"""atan(input, *, out=None) -> Tensor

Inverse tangent of each element, in radians in ``(-pi/2, pi/2)``. The derivative is
``1 / (1 + input**2)``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the angles, same shape as ``input``.

Example::

    >>> ember.atan(ember.tensor([0.0, 1.0, -1.0]))
    tensor([ 0.0000,  0.7854, -0.7854])
""")

add_docstr(ember.arctan, r"""arctan(input, *, out=None) -> Tensor

Another name for ``ember.atan``: the inverse tangent, in radians in ``(-pi/2, pi/2)``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the angles, same shape as ``input``.

Example::

    >>> ember.arctan(ember.tensor([1.0, float("inf")]))
    tensor([0.7854, 1.5708])
""")

add_docstr(ember.atanh, r"""atanh(input, *, out=None) -> Tensor

Inverse hyperbolic tangent of each element, ``0.5 * log((1 + x) / (1 - x))``; ``+-inf`` at
``+-1`` and ``nan`` beyond. The derivative is ``1 / (1 - input**2)``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, same shape as ``input``.

Example::

    >>> ember.atanh(ember.tensor([0.0, 0.5, 1.0]))
    tensor([0.0000, 0.5493,    inf])
""")

add_docstr(ember.arctanh, r"""arctanh(input, *, out=None) -> Tensor

Another name for ``ember.atanh``: the inverse hyperbolic tangent.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, same shape as ``input``.

Example::

    >>> ember.arctanh(ember.tensor([0.0, -0.5]))
    tensor([ 0.0000, -0.5493])
""")

add_docstr(ember.cos, r"""cos(input, *, out=None) -> Tensor

Cosine of each element (radians). The derivative is ``-sin(input)``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the cosines, same shape as ``input``.

Example::

    >>> import math
    >>> ember.cos(ember.tensor([0.0, math.pi / 3, math.pi]))
    tensor([ 1.0000,  0.5000, -1.0000])
""")

add_docstr(ember.cosh, r"""cosh(input, *, out=None) -> Tensor

Hyperbolic cosine of each element, ``(exp(x) + exp(-x)) / 2``. The derivative is
``sinh(input)``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, same shape as ``input``.

Example::

    >>> ember.cosh(ember.tensor([0.0, 1.0, -1.0]))
    tensor([1.0000, 1.5431, 1.5431])
""")

add_docstr(ember.sin, r"""sin(input, *, out=None) -> Tensor

Sine of each element (radians). The derivative is ``cos(input)``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the sines, same shape as ``input``.

Example::

    >>> import math
    >>> ember.sin(ember.tensor([0.0, math.pi / 6, math.pi / 2]))
    tensor([0.0000, 0.5000, 1.0000])
""")

add_docstr(ember.sinh, r"""sinh(input, *, out=None) -> Tensor

Hyperbolic sine of each element, ``(exp(x) - exp(-x)) / 2``. The derivative is ``cosh(input)``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, same shape as ``input``.

Example::

    >>> ember.sinh(ember.tensor([0.0, 1.0, -1.0]))
    tensor([ 0.0000,  1.1752, -1.1752])
""")

add_docstr(ember.tan, r"""tan(input, *, out=None) -> Tensor

Tangent of each element (radians). The derivative is ``1 + tan(input)**2``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the tangents, same shape as ``input``.

Example::

    >>> import math
    >>> ember.tan(ember.tensor([0.0, math.pi / 4, -math.pi / 4]))
    tensor([ 0.,  1., -1.])
""")

add_docstr(ember.tanh, r"""tanh(input, *, out=None) -> Tensor

Hyperbolic tangent of each element, squashing every real number into ``(-1, 1)``. The derivative
is ``1 - tanh(input)**2``, computed from the saved output.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, same shape as ``input``.

Example::

    >>> ember.tanh(ember.tensor([-2.0, 0.0, 0.5]))
    tensor([-0.9640,  0.0000,  0.4621])
""")

add_docstr(ember.sigmoid, r"""sigmoid(input, *, out=None) -> Tensor

The logistic function ``1 / (1 + exp(-input))`` of each element, mapping reals into ``(0, 1)``.
The derivative is ``sigmoid(x) * (1 - sigmoid(x))``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, same shape as ``input``.

Example::

    >>> ember.sigmoid(ember.tensor([-2.0, 0.0, 2.0]))
    tensor([0.1192, 0.5000, 0.8808])
""")

add_docstr(ember.exp, r"""exp(input, *, out=None) -> Tensor

The exponential ``e**input`` of each element. Integer inputs give the default float dtype. The
derivative is the result itself.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the exponentials, same shape as ``input``.

Example::

    >>> ember.exp(ember.tensor([0.0, 1.0, -1.0]))
    tensor([1.0000, 2.7183, 0.3679])
""")

add_docstr(ember.exp2, r"""exp2(input, *, out=None) -> Tensor

Two to the power of each element, ``2**input``. The derivative is ``2**input * log(2)``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, same shape as ``input``.

Example::

    >>> ember.exp2(ember.tensor([0.0, 3.0, -1.0]))
    tensor([1.0000, 8.0000, 0.5000])
""")

add_docstr(ember.expm1, r"""expm1(input, *, out=None) -> Tensor

``exp(input) - 1``, computed without the cancellation that subtracting 1 would cause for tiny
inputs. The derivative is ``exp(input)``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, same shape as ``input``.

Example::

    >>> ember.expm1(ember.tensor([0.0, 1e-10, 1.0], dtype=ember.float64))
    tensor([0.0000e+00, 1.0000e-10, 1.7183e+00], dtype=ember.float64)
""")

add_docstr(ember.log, r"""log(input, *, out=None) -> Tensor

Natural logarithm of each element; ``-inf`` at 0 and ``nan`` for negative numbers. The
derivative is ``1 / input``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the logarithms, same shape as ``input``.

Example::

    >>> ember.log(ember.tensor([1.0, 0.5, 0.0]))
    tensor([ 0.0000, -0.6931,    -inf])
""")

add_docstr(ember.log10, r"""log10(input, *, out=None) -> Tensor

Base-10 logarithm of each element. The derivative is ``1 / (input * log(10))``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the logarithms, same shape as ``input``.

Example::

    >>> ember.log10(ember.tensor([1.0, 10.0, 0.5]))
    tensor([ 0.0000,  1.0000, -0.3010])
""")

add_docstr(ember.log2, r"""log2(input, *, out=None) -> Tensor

Base-2 logarithm of each element. The derivative is ``1 / (input * log(2))``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the logarithms, same shape as ``input``.

Example::

    >>> ember.log2(ember.tensor([1.0, 8.0, 0.5]))
    tensor([ 0.,  3., -1.])
""")

add_docstr(ember.log1p, r"""log1p(input, *, out=None) -> Tensor

``log(1 + input)``, accurate when ``input`` is tiny (where ``1 + input`` would round to 1). The
derivative is ``1 / (1 + input)``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, same shape as ``input``.

Example::

    >>> import math
    >>> ember.log1p(ember.tensor([0.0, 1e-10, math.e - 1], dtype=ember.float64))
    tensor([0.0000e+00, 1.0000e-10, 1.0000e+00], dtype=ember.float64)
""")

add_docstr(ember.sqrt, r"""sqrt(input, *, out=None) -> Tensor

Square root of each element; ``nan`` for negative numbers. The derivative is
``1 / (2 * sqrt(input))`` (infinite at 0).

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the square roots, same shape as ``input``.

Example::

    >>> ember.sqrt(ember.tensor([4.0, 2.0, 0.0]))
    tensor([2.0000, 1.4142, 0.0000])
""")

add_docstr(ember.rsqrt, r"""rsqrt(input, *, out=None) -> Tensor

Reciprocal square root ``1 / sqrt(input)`` of each element (``inf`` at 0). The derivative is
``-0.5 * input**-1.5``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, same shape as ``input``.

Example::

    >>> ember.rsqrt(ember.tensor([4.0, 0.25, 0.0]))
    tensor([0.5000, 2.0000,    inf])
""")

add_docstr(ember.square, r"""square(input, *, out=None) -> Tensor

``input * input`` for each element, keeping integer dtypes. The derivative is ``2 * input``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the squares, same shape as ``input``.

Example::

    >>> ember.square(ember.tensor([-2.0, 0.5, 3.0]))
    tensor([4.0000, 0.2500, 9.0000])
    >>> ember.square(ember.tensor([3, -4]))
    tensor([ 9, 16])
""")

add_docstr(ember.reciprocal, r"""reciprocal(input, *, out=None) -> Tensor

``1 / input`` for each element; integer inputs are promoted to the default float dtype, and 0
gives ``inf``. The derivative is ``-1 / input**2``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the reciprocals, same shape as ``input``.

Example::

    >>> ember.reciprocal(ember.tensor([2.0, -0.5, 0.0]))
    tensor([ 0.5000, -2.0000,     inf])
    >>> ember.reciprocal(ember.tensor([4]))
    tensor([0.2500])
""")

add_docstr(ember.neg, r"""neg(input, *, out=None) -> Tensor

``-input`` for each element. The derivative is -1. Booleans are rejected (use
``ember.logical_not``).

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the negated values, same shape and dtype as ``input``.

Example::

    >>> ember.neg(ember.tensor([1.0, -2.0, 0.0]))
    tensor([-1.,  2., -0.])
""")

add_docstr(ember.negative, r"""negative(input, *, out=None) -> Tensor

Another name for ``ember.neg``: ``-input`` elementwise.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the negated values, same shape and dtype as ``input``.

Example::

    >>> ember.negative(ember.tensor([3, -1]))
    tensor([-3,  1])
""")

add_docstr(ember.sign, r"""sign(input, *, out=None) -> Tensor

The sign of each element: -1, 0 or 1 (``nan`` stays ``nan``), in the input's dtype. Its gradient
is zero everywhere.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the signs, same shape and dtype as ``input``.

Example::

    >>> ember.sign(ember.tensor([-2.5, 0.0, 3.0]))
    tensor([-1.,  0.,  1.])
""")

add_docstr(ember.sgn, r"""sgn(input, *, out=None) -> Tensor

The sign of each element; for real tensors the same as ``ember.sign``, for complex ones
``z / |z|`` (0 at 0).

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the signs, same shape and dtype as ``input``.

Example::

    >>> ember.sgn(ember.tensor([-4.0, 0.0, 0.1]))
    tensor([-1.,  0.,  1.])
""")

add_docstr(ember.signbit, r"""signbit(input, *, out=None) -> Tensor

True where the sign bit is set: for negative numbers and also ``-0.0``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: a bool tensor of the same shape.

Example::

    >>> ember.signbit(ember.tensor([-1.0, 0.0, -0.0, 2.0]))
    tensor([ True, False,  True, False])
""")

add_docstr(ember.ceil, r"""ceil(input, *, out=None) -> Tensor

Rounds each element up to the nearest integer (toward ``+inf``), keeping the dtype. Its gradient
is zero.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the rounded values, same shape and dtype as ``input``.

Example::

    >>> ember.ceil(ember.tensor([-1.5, -0.2, 0.2, 2.0]))
    tensor([-1., -0.,  1.,  2.])
""")

add_docstr(ember.floor, r"""floor(input, *, out=None) -> Tensor

Rounds each element down to the nearest integer (toward ``-inf``), keeping the dtype. Its
gradient is zero.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the rounded values, same shape and dtype as ``input``.

Example::

    >>> ember.floor(ember.tensor([-1.5, -0.2, 0.2, 2.0]))
    tensor([-2., -1.,  0.,  2.])
""")

add_docstr(ember.trunc, r"""trunc(input, *, out=None) -> Tensor

Rounds each element toward zero (drops the fractional part), keeping the dtype. Its gradient is
zero.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the truncated values, same shape and dtype as ``input``.

Example::

    >>> ember.trunc(ember.tensor([-1.7, -0.2, 0.9, 2.5]))
    tensor([-1., -0.,  0.,  2.])
""")

add_docstr(ember.fix, r"""fix(input, *, out=None) -> Tensor

Another name for ``ember.trunc``: rounds toward zero.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the truncated values, same shape and dtype as ``input``.

Example::

    >>> ember.fix(ember.tensor([-2.5, 2.5]))
    tensor([-2.,  2.])
""")

add_docstr(ember.frac, r"""frac(input, *, out=None) -> Tensor

The fractional part ``input - trunc(input)``, which keeps the sign of ``input``. The derivative
is 1.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the fractional parts, same shape and dtype as ``input``.

Example::

    >>> ember.frac(ember.tensor([1.25, -2.5, 3.0]))
    tensor([ 0.2500, -0.5000,  0.0000])
""")

add_docstr(ember.round, r"""round(input, *, decimals=0, out=None) -> Tensor

Rounds each element to the nearest integer, or to ``decimals`` decimal places; halves go to the
nearest even number (``round(2.5) == 2``). Its gradient is zero.

Args:
    input (Tensor): the input tensor.

Keyword args:
    decimals (int, optional): how many decimal places to keep (negative values round to tens,
        hundreds...).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the rounded values, same shape and dtype as ``input``.

Example::

    >>> ember.round(ember.tensor([0.5, 1.5, 2.5, -0.7]))
    tensor([ 0.,  2.,  2., -1.])
    >>> ember.round(ember.tensor([1.2345, 123.0]), decimals=2)
    tensor([  1.2300, 123.0000])
""")

add_docstr(ember.erf, r"""erf(input, *, out=None) -> Tensor

The error function ``erf(x) = 2/sqrt(pi) * integral from 0 to x of exp(-t**2) dt``. The
derivative is ``2/sqrt(pi) * exp(-input**2)``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, same shape as ``input``.

Example::

    >>> ember.erf(ember.tensor([0.0, 1.0, -2.0]))
    tensor([ 0.0000,  0.8427, -0.9953])
""")

add_docstr(ember.erfc, r"""erfc(input, *, out=None) -> Tensor

The complementary error function ``1 - erf(input)``, accurate in the tail where ``erf`` is close
to 1. The derivative is ``-2/sqrt(pi) * exp(-input**2)``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, same shape as ``input``.

Example::

    >>> ember.erfc(ember.tensor([0.0, 1.0, 3.0]))
    tensor([1.0000e+00, 1.5730e-01, 2.2090e-05])
""")

add_docstr(ember.erfinv, r"""erfinv(input, *, out=None) -> Tensor

The inverse error function: ``erfinv(erf(x)) == x`` for ``x`` in ``(-1, 1)``; ``+-inf`` at
``+-1``. The derivative is ``sqrt(pi)/2 * exp(erfinv(input)**2)``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, same shape as ``input``.

Example::

    >>> ember.erfinv(ember.tensor([0.0, 0.5, -1.0]))
    tensor([0.0000, 0.4769,   -inf])
""")

add_docstr(ember.lgamma, r"""lgamma(input, *, out=None) -> Tensor

Natural log of the absolute value of the gamma function, ``log|Gamma(input)|``; ``inf`` at zero
and the negative integers. The derivative is ``digamma(input)``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, same shape as ``input``.

Example::

    >>> ember.lgamma(ember.tensor([1.0, 5.0, 0.5]))
    tensor([0.0000, 3.1781, 0.5724])
""")

add_docstr(ember.digamma, r"""digamma(input, *, out=None) -> Tensor

The digamma function, the derivative of ``lgamma``: ``Gamma'(x) / Gamma(x)``. At 0 it is
``-inf``. The derivative is ``polygamma(1, input)``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, same shape as ``input``.

Example::

    >>> ember.digamma(ember.tensor([1.0, 2.0, 0.5]))
    tensor([-0.5772,  0.4228, -1.9635])
""")

add_docstr(ember.polygamma, r"""polygamma(n, input, *, out=None) -> Tensor

The ``n``-th derivative of the digamma function at each element (``n = 0`` is digamma itself).
Only ``input`` is differentiable.

Args:
    n (int): the order of the derivative, ``n >= 0``.
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, same shape as ``input``.

Example::

    >>> ember.polygamma(1, ember.tensor([1.0, 2.0]))
    tensor([1.6449, 0.6449])
""")

add_docstr(ember.mvlgamma, r"""mvlgamma(input, p, *, out=None) -> Tensor

The log of the multivariate gamma function of dimension ``p``:
``p(p-1)/4 * log(pi) + sum over j < p of lgamma(input - j/2)``. Every element must exceed
``(p - 1) / 2``.

Args:
    input (Tensor): the input tensor.
    p (int): the dimension, ``p >= 1``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, same shape as ``input``.

Example::

    >>> ember.mvlgamma(ember.tensor([2.5, 3.0]), p=2)
    tensor([0.8570, 1.5502])
""")

add_docstr(ember.i0, r"""i0(input, *, out=None) -> Tensor

The modified Bessel function of the first kind of order zero, ``I0(input)``. The derivative is
``I1(input)``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, same shape as ``input``.

Example::

    >>> ember.i0(ember.tensor([0.0, 1.0, 2.0]))
    tensor([1.0000, 1.2661, 2.2796])
""")

add_docstr(ember.sinc, r"""sinc(input, *, out=None) -> Tensor

The normalized sinc function ``sin(pi * x) / (pi * x)``, with the value 1 at ``x = 0``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, same shape as ``input``.

Example::

    >>> ember.sinc(ember.tensor([0.0, 0.5, 1.0]))
    tensor([ 1.0000e+00,  6.3662e-01, -2.7828e-08])
""")

add_docstr(ember.deg2rad, r"""deg2rad(input, *, out=None) -> Tensor

Converts angles from degrees to radians (multiplies by ``pi / 180``).

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the angles in radians, same shape as ``input``.

Example::

    >>> ember.deg2rad(ember.tensor([0.0, 90.0, 180.0]))
    tensor([0.0000, 1.5708, 3.1416])
""")

add_docstr(ember.rad2deg, r"""rad2deg(input, *, out=None) -> Tensor

Converts angles from radians to degrees (multiplies by ``180 / pi``).

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the angles in degrees, same shape as ``input``.

Example::

    >>> import math
    >>> ember.rad2deg(ember.tensor([0.0, math.pi / 2, math.pi]))
    tensor([  0.,  90., 180.])
""")

add_docstr(ember.logit, r"""logit(input, eps=None, *, out=None) -> Tensor

The log-odds ``log(p / (1 - p))`` of each element, the inverse of ``sigmoid``. With ``eps``, the
input is first clamped to ``[eps, 1 - eps]`` so 0 and 1 give finite values.

Args:
    input (Tensor): the input tensor.
    eps (float, optional): the clamping margin (default ``None``: no clamping, 0 and 1 give
        ``-inf`` and ``inf``).

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the log-odds, same shape as ``input``.

Example::

    >>> ember.logit(ember.tensor([0.5, 0.75, 1.0]))
    tensor([0.0000, 1.0986,    inf])
    >>> ember.logit(ember.tensor([0.0, 1.0]), eps=1e-6)
    tensor([-13.8155,  13.8023])
""")

add_docstr(ember.nan_to_num, r"""nan_to_num(input, nan=0.0, posinf=None, neginf=None, *, out=None) -> Tensor

Replaces ``nan`` with ``nan`` (default 0), ``+inf`` with ``posinf`` and ``-inf`` with ``neginf``
(by default the largest and lowest finite values of the dtype). The gradient passes through
where the value was finite and is 0 elsewhere.

Args:
    input (Tensor): the input tensor.
    nan (Number, optional): the value for ``nan`` (default 0).
    posinf (Number, optional): the value for ``+inf`` (default: the dtype's largest value).
    neginf (Number, optional): the value for ``-inf`` (default: the dtype's lowest value).

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the cleaned tensor, same shape and dtype as ``input``.

Example::

    >>> x = ember.tensor([float("nan"), float("inf"), -float("inf"), 1.5])
    >>> ember.nan_to_num(x)
    tensor([ 0.0000e+00,  3.4028e+38, -3.4028e+38,  1.5000e+00])
    >>> ember.nan_to_num(x, nan=0.0, posinf=100.0, neginf=-100.0)
    tensor([   0.0000,  100.0000, -100.0000,    1.5000])
""")

add_docstr(ember.isfinite, r"""isfinite(input) -> Tensor

True for elements that are neither infinite nor ``nan`` (always True for integers).

Args:
    input (Tensor): the input tensor.

Returns:
    Tensor: a bool tensor of the same shape.

Example::

    >>> ember.isfinite(ember.tensor([1.0, float("inf"), float("nan")]))
    tensor([ True, False, False])
""")

add_docstr(ember.isinf, r"""isinf(input) -> Tensor

True for elements that are ``+inf`` or ``-inf``.

Args:
    input (Tensor): the input tensor.

Returns:
    Tensor: a bool tensor of the same shape.

Example::

    >>> ember.isinf(ember.tensor([1.0, float("inf"), -float("inf"), float("nan")]))
    tensor([False,  True,  True, False])
""")

add_docstr(ember.isnan, r"""isnan(input) -> Tensor

True for elements that are ``nan`` (the only value not equal to itself).

Args:
    input (Tensor): the input tensor.

Returns:
    Tensor: a bool tensor of the same shape.

Example::

    >>> ember.isnan(ember.tensor([1.0, float("nan"), float("inf")]))
    tensor([False,  True, False])
""")

add_docstr(ember.isposinf, r"""isposinf(input, *, out=None) -> Tensor

True for elements that are ``+inf``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: a bool tensor of the same shape.

Example::

    >>> ember.isposinf(ember.tensor([1.0, float("inf"), -float("inf")]))
    tensor([False,  True, False])
""")

add_docstr(ember.isneginf, r"""isneginf(input, *, out=None) -> Tensor

True for elements that are ``-inf``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: a bool tensor of the same shape.

Example::

    >>> ember.isneginf(ember.tensor([1.0, float("inf"), -float("inf")]))
    tensor([False, False,  True])
""")

add_docstr(ember.bitwise_not, r"""bitwise_not(input, *, out=None) -> Tensor

Flips every bit of an integer tensor (``~input``, so ``-x - 1`` for signed integers); for
booleans it is logical not. Floats are rejected.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the result, same shape and dtype as ``input``.

Example::

    >>> ember.bitwise_not(ember.tensor([0, 5, -3]))
    tensor([-1, -6,  2])
    >>> ember.bitwise_not(ember.tensor([True, False]))
    tensor([False,  True])
""")

add_docstr(ember.logical_not, r"""logical_not(input, *, out=None) -> Tensor

True where ``input`` is zero (or False), for any dtype.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: a bool tensor of the same shape (or ``out``'s dtype when given).

Example::

    >>> ember.logical_not(ember.tensor([0.0, 1.5, -2.0]))
    tensor([ True, False, False])
""")

add_docstr(ember.abs_, r"""abs_(input) -> Tensor

In-place version of ``ember.abs``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([-1.5, 2.0])
    >>> ember.abs_(x)
    tensor([1.5000, 2.0000])
    >>> x
    tensor([1.5000, 2.0000])
""")

add_docstr(ember.acos_, r"""acos_(input) -> Tensor

In-place version of ``ember.acos``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([1.0, 0.0])
    >>> ember.acos_(x)
    tensor([0.0000, 1.5708])
    >>> x
    tensor([0.0000, 1.5708])
""")

add_docstr(ember.acosh_, r"""acosh_(input) -> Tensor

In-place version of ``ember.acosh``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([1.0, 2.0])
    >>> ember.acosh_(x)
    tensor([0.0000, 1.3170])
    >>> x
    tensor([0.0000, 1.3170])
""")

add_docstr(ember.arccos_, r"""arccos_(input) -> Tensor

In-place version of ``ember.arccos``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([1.0, -1.0])
    >>> ember.arccos_(x)
    tensor([0.0000, 3.1416])
    >>> x
    tensor([0.0000, 3.1416])
""")

add_docstr(ember.arccosh_, r"""arccosh_(input) -> Tensor

In-place version of ``ember.arccosh``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([1.0, 3.0])
    >>> ember.arccosh_(x)
    tensor([0.0000, 1.7627])
    >>> x
    tensor([0.0000, 1.7627])
""")

add_docstr(ember.arcsin_, r"""arcsin_(input) -> Tensor

In-place version of ``ember.arcsin``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([0.0, 1.0])
    >>> ember.arcsin_(x)
    tensor([0.0000, 1.5708])
    >>> x
    tensor([0.0000, 1.5708])
""")

add_docstr(ember.arcsinh_, r"""arcsinh_(input) -> Tensor

In-place version of ``ember.arcsinh``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([0.0, 1.0])
    >>> ember.arcsinh_(x)
    tensor([0.0000, 0.8814])
    >>> x
    tensor([0.0000, 0.8814])
""")

add_docstr(ember.arctan_, r"""arctan_(input) -> Tensor

In-place version of ``ember.arctan``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([0.0, 1.0])
    >>> ember.arctan_(x)
    tensor([0.0000, 0.7854])
    >>> x
    tensor([0.0000, 0.7854])
""")

add_docstr(ember.arctanh_, r"""arctanh_(input) -> Tensor

In-place version of ``ember.arctanh``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([0.0, 0.5])
    >>> ember.arctanh_(x)
    tensor([0.0000, 0.5493])
    >>> x
    tensor([0.0000, 0.5493])
""")

add_docstr(ember.asin_, r"""asin_(input) -> Tensor

In-place version of ``ember.asin``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([0.0, -1.0])
    >>> ember.asin_(x)
    tensor([ 0.0000, -1.5708])
    >>> x
    tensor([ 0.0000, -1.5708])
""")

add_docstr(ember.asinh_, r"""asinh_(input) -> Tensor

In-place version of ``ember.asinh``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([0.0, -1.0])
    >>> ember.asinh_(x)
    tensor([ 0.0000, -0.8814])
    >>> x
    tensor([ 0.0000, -0.8814])
""")

add_docstr(ember.atan_, r"""atan_(input) -> Tensor

In-place version of ``ember.atan``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([0.0, -1.0])
    >>> ember.atan_(x)
    tensor([ 0.0000, -0.7854])
    >>> x
    tensor([ 0.0000, -0.7854])
""")

add_docstr(ember.atanh_, r"""atanh_(input) -> Tensor

In-place version of ``ember.atanh``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([0.0, -0.5])
    >>> ember.atanh_(x)
    tensor([ 0.0000, -0.5493])
    >>> x
    tensor([ 0.0000, -0.5493])
""")

add_docstr(ember.ceil_, r"""ceil_(input) -> Tensor

In-place version of ``ember.ceil``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([-1.5, 0.2])
    >>> ember.ceil_(x)
    tensor([-1.,  1.])
    >>> x
    tensor([-1.,  1.])
""")

add_docstr(ember.cos_, r"""cos_(input) -> Tensor

In-place version of ``ember.cos``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([0.0, 1.0])
    >>> ember.cos_(x)
    tensor([1.0000, 0.5403])
    >>> x
    tensor([1.0000, 0.5403])
""")

add_docstr(ember.cosh_, r"""cosh_(input) -> Tensor

In-place version of ``ember.cosh``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([0.0, 1.0])
    >>> ember.cosh_(x)
    tensor([1.0000, 1.5431])
    >>> x
    tensor([1.0000, 1.5431])
""")

add_docstr(ember.deg2rad_, r"""deg2rad_(input) -> Tensor

In-place version of ``ember.deg2rad``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([90.0, 180.0])
    >>> ember.deg2rad_(x)
    tensor([1.5708, 3.1416])
    >>> x
    tensor([1.5708, 3.1416])
""")

add_docstr(ember.erf_, r"""erf_(input) -> Tensor

In-place version of ``ember.erf``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([0.0, 1.0])
    >>> ember.erf_(x)
    tensor([0.0000, 0.8427])
    >>> x
    tensor([0.0000, 0.8427])
""")

add_docstr(ember.erfc_, r"""erfc_(input) -> Tensor

In-place version of ``ember.erfc``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([0.0, 1.0])
    >>> ember.erfc_(x)
    tensor([1.0000, 0.1573])
    >>> x
    tensor([1.0000, 0.1573])
""")

add_docstr(ember.exp2_, r"""exp2_(input) -> Tensor

In-place version of ``ember.exp2``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([3.0, -1.0])
    >>> ember.exp2_(x)
    tensor([8.0000, 0.5000])
    >>> x
    tensor([8.0000, 0.5000])
""")

add_docstr(ember.exp_, r"""exp_(input) -> Tensor

In-place version of ``ember.exp``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([0.0, 1.0])
    >>> ember.exp_(x)
    tensor([1.0000, 2.7183])
    >>> x
    tensor([1.0000, 2.7183])
""")

add_docstr(ember.expm1_, r"""expm1_(input) -> Tensor

In-place version of ``ember.expm1``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([0.0, 1.0])
    >>> ember.expm1_(x)
    tensor([0.0000, 1.7183])
    >>> x
    tensor([0.0000, 1.7183])
""")

add_docstr(ember.fix_, r"""fix_(input) -> Tensor

In-place version of ``ember.fix``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([-2.5, 2.5])
    >>> ember.fix_(x)
    tensor([-2.,  2.])
    >>> x
    tensor([-2.,  2.])
""")

add_docstr(ember.floor_, r"""floor_(input) -> Tensor

In-place version of ``ember.floor``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([-1.5, 0.2])
    >>> ember.floor_(x)
    tensor([-2.,  0.])
    >>> x
    tensor([-2.,  0.])
""")

add_docstr(ember.frac_, r"""frac_(input) -> Tensor

In-place version of ``ember.frac``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([1.25, -2.5])
    >>> ember.frac_(x)
    tensor([ 0.2500, -0.5000])
    >>> x
    tensor([ 0.2500, -0.5000])
""")

add_docstr(ember.i0_, r"""i0_(input) -> Tensor

In-place version of ``ember.i0``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([0.0, 1.0])
    >>> ember.i0_(x)
    tensor([1.0000, 1.2661])
    >>> x
    tensor([1.0000, 1.2661])
""")

add_docstr(ember.log10_, r"""log10_(input) -> Tensor

In-place version of ``ember.log10``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([1.0, 10.0])
    >>> ember.log10_(x)
    tensor([0., 1.])
    >>> x
    tensor([0., 1.])
""")

add_docstr(ember.log1p_, r"""log1p_(input) -> Tensor

In-place version of ``ember.log1p``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([0.0, 1.0])
    >>> ember.log1p_(x)
    tensor([0.0000, 0.6931])
    >>> x
    tensor([0.0000, 0.6931])
""")

add_docstr(ember.log2_, r"""log2_(input) -> Tensor

In-place version of ``ember.log2``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([1.0, 8.0])
    >>> ember.log2_(x)
    tensor([0., 3.])
    >>> x
    tensor([0., 3.])
""")

add_docstr(ember.log_, r"""log_(input) -> Tensor

In-place version of ``ember.log``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([1.0, 0.5])
    >>> ember.log_(x)
    tensor([ 0.0000, -0.6931])
    >>> x
    tensor([ 0.0000, -0.6931])
""")

add_docstr(ember.neg_, r"""neg_(input) -> Tensor

In-place version of ``ember.neg``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([1.0, -2.0])
    >>> ember.neg_(x)
    tensor([-1.,  2.])
    >>> x
    tensor([-1.,  2.])
""")

add_docstr(ember.negative_, r"""negative_(input) -> Tensor

In-place version of ``ember.negative``: overwrites every element of ``input`` with its result
and returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([1.0, -2.0])
    >>> ember.negative_(x)
    tensor([-1.,  2.])
    >>> x
    tensor([-1.,  2.])
""")

add_docstr(ember.rad2deg_, r"""rad2deg_(input) -> Tensor

In-place version of ``ember.rad2deg``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([0.0, 1.0])
    >>> ember.rad2deg_(x)
    tensor([ 0.0000, 57.2958])
    >>> x
    tensor([ 0.0000, 57.2958])
""")

add_docstr(ember.reciprocal_, r"""reciprocal_(input) -> Tensor

In-place version of ``ember.reciprocal``: overwrites every element of ``input`` with its result
and returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([2.0, -0.5])
    >>> ember.reciprocal_(x)
    tensor([ 0.5000, -2.0000])
    >>> x
    tensor([ 0.5000, -2.0000])
""")

add_docstr(ember.rsqrt_, r"""rsqrt_(input) -> Tensor

In-place version of ``ember.rsqrt``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([4.0, 0.25])
    >>> ember.rsqrt_(x)
    tensor([0.5000, 2.0000])
    >>> x
    tensor([0.5000, 2.0000])
""")

add_docstr(ember.sigmoid_, r"""sigmoid_(input) -> Tensor

In-place version of ``ember.sigmoid``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([0.0, 2.0])
    >>> ember.sigmoid_(x)
    tensor([0.5000, 0.8808])
    >>> x
    tensor([0.5000, 0.8808])
""")

add_docstr(ember.sin_, r"""sin_(input) -> Tensor

In-place version of ``ember.sin``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([0.0, 1.0])
    >>> ember.sin_(x)
    tensor([0.0000, 0.8415])
    >>> x
    tensor([0.0000, 0.8415])
""")

add_docstr(ember.sinc_, r"""sinc_(input) -> Tensor

In-place version of ``ember.sinc``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([0.0, 0.5])
    >>> ember.sinc_(x)
    tensor([1.0000, 0.6366])
    >>> x
    tensor([1.0000, 0.6366])
""")

add_docstr(ember.sinh_, r"""sinh_(input) -> Tensor

In-place version of ``ember.sinh``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([0.0, 1.0])
    >>> ember.sinh_(x)
    tensor([0.0000, 1.1752])
    >>> x
    tensor([0.0000, 1.1752])
""")

add_docstr(ember.sqrt_, r"""sqrt_(input) -> Tensor

In-place version of ``ember.sqrt``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([4.0, 2.0])
    >>> ember.sqrt_(x)
    tensor([2.0000, 1.4142])
    >>> x
    tensor([2.0000, 1.4142])
""")

add_docstr(ember.square_, r"""square_(input) -> Tensor

In-place version of ``ember.square``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([-2.0, 3.0])
    >>> ember.square_(x)
    tensor([4., 9.])
    >>> x
    tensor([4., 9.])
""")

add_docstr(ember.tan_, r"""tan_(input) -> Tensor

In-place version of ``ember.tan``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([0.0, 1.0])
    >>> ember.tan_(x)
    tensor([0.0000, 1.5574])
    >>> x
    tensor([0.0000, 1.5574])
""")

add_docstr(ember.tanh_, r"""tanh_(input) -> Tensor

In-place version of ``ember.tanh``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([0.0, 0.5])
    >>> ember.tanh_(x)
    tensor([0.0000, 0.4621])
    >>> x
    tensor([0.0000, 0.4621])
""")

add_docstr(ember.trunc_, r"""trunc_(input) -> Tensor

In-place version of ``ember.trunc``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([-1.7, 2.5])
    >>> ember.trunc_(x)
    tensor([-1.,  2.])
    >>> x
    tensor([-1.,  2.])
""")

add_docstr(ember.relu_, r"""relu_(input) -> Tensor

In-place version of ``ember.relu``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([-1.0, 2.0])
    >>> ember.relu_(x)
    tensor([0., 2.])
    >>> x
    tensor([0., 2.])
""")

add_docstr(ember.selu_, r"""selu_(input) -> Tensor

In-place version of ``ember.selu``: overwrites every element of ``input`` with its result and
returns ``input`` itself (no new memory). Autograd records it on a tensor that is not a leaf
requiring grad; the dtype must be able to hold the result (an integer tensor cannot take a float
result).

Args:
    input (Tensor): the tensor to update in place.

Returns:
    Tensor: ``input``, now holding the results.

Example::

    >>> x = ember.tensor([-1.0, 2.0])
    >>> ember.selu_(x)
    tensor([-1.1113,  2.1014])
    >>> x
    tensor([-1.1113,  2.1014])
""")

add_docstr(ember.logit_, r"""logit_(input, eps=None) -> Tensor

In-place version of ``ember.logit``: replaces each probability ``p`` in ``input`` by its
log-odds ``log(p / (1 - p))`` (clamping to ``[eps, 1 - eps]`` first when ``eps`` is given) and
returns ``input``.

Args:
    input (Tensor): the tensor of probabilities to update in place.
    eps (float, optional): the clamping margin (default ``None``: no clamping).

Returns:
    Tensor: ``input``, now holding the log-odds.

Example::

    >>> p = ember.tensor([0.5, 0.75])
    >>> ember.logit_(p)
    tensor([0.0000, 1.0986])
    >>> p
    tensor([0.0000, 1.0986])
""")

add_docstr(ember.round_, r"""round_(input, *, decimals=0) -> Tensor

In-place version of ``ember.round``: rounds ``input`` to the nearest integer (halves to even) or
to ``decimals`` decimal places, and returns it.

Args:
    input (Tensor): the tensor to update in place.

Keyword args:
    decimals (int, optional): how many decimal places to keep (default 0).

Returns:
    Tensor: ``input``, now rounded.

Example::

    >>> x = ember.tensor([0.5, 1.5, 2.567])
    >>> ember.round_(x)
    tensor([0., 2., 3.])
    >>> x
    tensor([0., 2., 3.])
""")

add_docstr(ember.nan_to_num_, r"""nan_to_num_(input, nan=0.0, posinf=None, neginf=None) -> Tensor

In-place version of ``ember.nan_to_num``: replaces ``nan``, ``+inf`` and ``-inf`` in ``input``
by finite values and returns ``input``.

Args:
    input (Tensor): the tensor to update in place.
    nan (Number, optional): the value for ``nan`` (default 0).
    posinf (Number, optional): the value for ``+inf`` (default: the dtype's largest value).
    neginf (Number, optional): the value for ``-inf`` (default: the dtype's lowest value).

Returns:
    Tensor: ``input``, now finite everywhere.

Example::

    >>> x = ember.tensor([float("nan"), float("inf"), 2.0])
    >>> ember.nan_to_num_(x, posinf=9.0)
    tensor([0., 9., 2.])
    >>> x
    tensor([0., 9., 2.])
""")

add_docstr(ember.clamp_, r"""clamp_(input, min=None, max=None) -> Tensor

In-place version of ``ember.clamp``: limits every element of ``input`` to ``[min, max]`` and
returns ``input``. At least one of the bounds must be given.

Args:
    input (Tensor): the tensor to update in place.
    min (Number or Tensor, optional): the lower bound (default: none).
    max (Number or Tensor, optional): the upper bound (default: none).

Returns:
    Tensor: ``input``, now clamped.

Example::

    >>> x = ember.tensor([-2.0, 0.5, 3.0])
    >>> ember.clamp_(x, min=-1.0, max=1.0)
    tensor([-1.0000,  0.5000,  1.0000])
    >>> x
    tensor([-1.0000,  0.5000,  1.0000])
""")

add_docstr(ember.clip_, r"""clip_(input, min=None, max=None) -> Tensor

Another name for ``ember.clamp_``: limits ``input`` to ``[min, max]`` in place and returns it.

Args:
    input (Tensor): the tensor to update in place.
    min (Number or Tensor, optional): the lower bound (default: none).
    max (Number or Tensor, optional): the upper bound (default: none).

Returns:
    Tensor: ``input``, now clamped.

Example::

    >>> x = ember.tensor([-2.0, 0.5, 3.0])
    >>> ember.clip_(x, 0.0, 1.0)
    tensor([0.0000, 0.5000, 1.0000])
""")

add_docstr(ember.clamp_max_, r"""clamp_max_(input, max) -> Tensor

In-place version of ``ember.clamp_max``: replaces every element above ``max`` by ``max`` and
returns ``input``.

Args:
    input (Tensor): the tensor to update in place.
    max (Number or Tensor): the upper bound.

Returns:
    Tensor: ``input``, now at most ``max``.

Example::

    >>> x = ember.tensor([-2.0, 0.5, 3.0])
    >>> ember.clamp_max_(x, 1.0)
    tensor([-2.0000,  0.5000,  1.0000])
""")

add_docstr(ember.clamp_min_, r"""clamp_min_(input, min) -> Tensor

In-place version of ``ember.clamp_min``: replaces every element below ``min`` by ``min`` and
returns ``input``.

Args:
    input (Tensor): the tensor to update in place.
    min (Number or Tensor): the lower bound.

Returns:
    Tensor: ``input``, now at least ``min``.

Example::

    >>> x = ember.tensor([-2.0, 0.5, 3.0])
    >>> ember.clamp_min_(x, 0.0)
    tensor([0.0000, 0.5000, 3.0000])
""")

add_docstr(ember.gcd_, r"""gcd_(input, other) -> Tensor

In-place version of ``ember.gcd``: replaces each integer of ``input`` by its greatest common
divisor with the matching element of ``other`` and returns ``input``.

Args:
    input (Tensor): the integer tensor to update in place.
    other (Tensor): the second integer tensor, broadcast to ``input``'s shape.

Returns:
    Tensor: ``input``, now holding the divisors.

Example::

    >>> a = ember.tensor([12, 9, 7])
    >>> ember.gcd_(a, ember.tensor([8, 6, 0]))
    tensor([4, 3, 7])
""")

add_docstr(ember.lcm_, r"""lcm_(input, other) -> Tensor

In-place version of ``ember.lcm``: replaces each integer of ``input`` by its least common
multiple with the matching element of ``other`` and returns ``input``.

Args:
    input (Tensor): the integer tensor to update in place.
    other (Tensor): the second integer tensor, broadcast to ``input``'s shape.

Returns:
    Tensor: ``input``, now holding the multiples.

Example::

    >>> a = ember.tensor([4, 6, 5])
    >>> ember.lcm_(a, ember.tensor([6, 4, 0]))
    tensor([12, 12,  0])
""")

add_docstr(ember.ldexp_, r"""ldexp_(input, other) -> Tensor

In-place version of ``ember.ldexp``: multiplies ``input`` by ``2**other`` and returns it.

Args:
    input (Tensor): the floating-point tensor to update in place.
    other (Tensor): the exponents, broadcast to ``input``'s shape.

Returns:
    Tensor: ``input``, now scaled.

Example::

    >>> x = ember.tensor([1.0, 3.0])
    >>> ember.ldexp_(x, ember.tensor([2, -1]))
    tensor([4.0000, 1.5000])
""")

add_docstr(ember.xlogy_, r"""xlogy_(input, other) -> Tensor

In-place version of ``ember.xlogy``: computes ``input * log(other)`` (0 where ``input`` is 0)
into ``input`` and returns it.

Args:
    input (Tensor): the multipliers, updated in place.
    other (Tensor or Number): the arguments of the logarithm, broadcast to ``input``'s shape.

Returns:
    Tensor: ``input``, now holding the products.

Example::

    >>> x = ember.tensor([0.0, 1.0, 2.0])
    >>> ember.xlogy_(x, ember.tensor([0.0, 1.0, 4.0]))
    tensor([0.0000, 0.0000, 2.7726])
""")

add_docstr(ember.celu_, r"""celu_(input, alpha=1.) -> Tensor

In-place version of ``ember.celu``: ``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))`` written
into ``input``, which is returned.

Args:
    input (Tensor): the tensor to update in place.
    alpha (float, optional): the scale of the negative part (default 1.0).

Returns:
    Tensor: ``input``, now holding the activations.

Example::

    >>> x = ember.tensor([-1.0, 0.0, 2.0])
    >>> ember.celu_(x, alpha=2.0)
    tensor([-0.7869,  0.0000,  2.0000])
""")

add_docstr(ember.rrelu_, r"""rrelu_(input, lower=1./8, upper=1./3, training=False) -> Tensor

In-place version of ``ember.rrelu``: multiplies the negative elements of ``input`` by a slope
(random in ``[lower, upper]`` when ``training``, else their mean) and returns ``input``.

Args:
    input (Tensor): the tensor to update in place.
    lower (float, optional): the smallest slope (default 1/8).
    upper (float, optional): the largest slope (default 1/3).
    training (bool, optional): draw random slopes instead of using the fixed mean (default
        ``False``).

Returns:
    Tensor: ``input``, now holding the activations.

Example::

    >>> x = ember.tensor([-2.4, 0.0, 1.5])
    >>> ember.rrelu_(x, lower=0.1, upper=0.3)
    tensor([-0.4800,  0.0000,  1.5000])
""")

add_docstr(ember.threshold_, r"""threshold_(input, threshold, value) -> Tensor

In-place version of ``ember.threshold``: every element not above ``threshold`` is replaced by
``value``; ``input`` is returned.

Args:
    input (Tensor): the tensor to update in place.
    threshold (float): elements ``<= threshold`` are replaced.
    value (float): the replacement.

Returns:
    Tensor: ``input``, thresholded.

Example::

    >>> x = ember.tensor([-1.0, 0.5, 2.0])
    >>> ember.threshold_(x, 1.0, 0.0)
    tensor([0., 0., 2.])
""")

add_docstr(ember.fill_, r"""fill_(input, value) -> Tensor

Sets every element of ``input`` to ``value`` in place and returns ``input``. As an autograd op
the gradient to ``input`` is zero and the gradient to a tensor ``value`` is the sum of the
incoming gradient.

Args:
    input (Tensor): the tensor to fill.
    value (Number or Tensor): the value, a Python number or a 0-d tensor.

Returns:
    Tensor: ``input``, now constant.

Example::

    >>> x = ember.zeros(2, 3)
    >>> ember.fill_(x, 7)
    tensor([[7., 7., 7.],
            [7., 7., 7.]])
""")

add_docstr(ember.zero_, r"""zero_(input) -> Tensor

Sets every element of ``input`` to zero in place and returns ``input``.

Args:
    input (Tensor): the tensor to clear.

Returns:
    Tensor: ``input``, now all zeros.

Example::

    >>> x = ember.tensor([[1, 2], [3, 4]])
    >>> ember.zero_(x)
    tensor([[0, 0],
            [0, 0]])
""")

add_docstr(ember.detach_, r"""detach_(input) -> Tensor

Detaches ``input`` from the graph that produced it, in place: afterwards it is a leaf with no
``grad_fn`` and ``requires_grad=False``. Views cannot be detached in place.

Args:
    input (Tensor): the tensor to detach.

Returns:
    Tensor: ``input`` itself.

Example::

    >>> x = ember.tensor([1.0, 2.0], requires_grad=True)
    >>> y = x * 2
    >>> ember.detach_(y)
    tensor([2., 4.])
    >>> y.requires_grad, y.grad_fn
    (False, None)
""")

add_docstr(ember.addmv_, r"""addmv_(input, mat, vec, *, beta=1, alpha=1) -> Tensor

In-place version of ``ember.addmv``: ``input = beta * input + alpha * (mat @ vec)``, returning
``input``. ``input`` must already have the length ``n`` of the product.

Args:
    input (Tensor): the 1-D tensor of length ``n``, updated in place.
    mat (Tensor): the ``(n, m)`` matrix.
    vec (Tensor): the length-``m`` vector.

Keyword args:
    beta (Number, optional): the multiplier of ``input`` (default 1).
    alpha (Number, optional): the multiplier of the product (default 1).

Returns:
    Tensor: ``input``, updated.

Example::

    >>> y = ember.tensor([1.0, 1.0])
    >>> ember.addmv_(y, ember.tensor([[1.0, 2.0], [3.0, 4.0]]), ember.tensor([1.0, 1.0]), beta=2)
    tensor([5., 9.])
""")

add_docstr(ember.index_put_, r"""index_put_(input, indices, values, accumulate=False) -> Tensor

Writes ``values`` into ``input`` at the positions selected by the tuple of index tensors
``indices``, as ``input[indices] = values`` does, and returns ``input``. With
``accumulate=True`` the values are added instead, and repeated indices add up.

Args:
    input (Tensor): the tensor to write into.
    indices (tuple of Tensor): one integer (or bool) index tensor per leading dimension.
    values (Tensor): the values, broadcast to the indexed shape.
    accumulate (bool, optional): add to the existing values instead of replacing them.

Returns:
    Tensor: ``input``, updated.

Example::

    >>> x = ember.zeros(4)
    >>> index = (ember.tensor([0, 2, 2]),)
    >>> ember.index_put_(x, index, ember.tensor([1.0, 2.0, 3.0]), accumulate=True)
    tensor([1., 0., 5., 0.])
""")
