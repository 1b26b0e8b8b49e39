"""Docstrings of ember's top-level functions and classes (attached on import; see ember._docs).

Each text gives torch's signature, what the call computes, its arguments, what it returns and an
example that prints the same under ember and under torch (tests/test_docstrings.py runs both).
"""
from __future__ import annotations

import ember

from . import add_docstr

add_docstr(ember.abs, r"""
abs(input, *, out=None) -> Tensor

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

add_docstr(ember.absolute, r"""
absolute(input, *, out=None) -> Tensor

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

add_docstr(ember.acos, r"""
acos(input, *, out=None) -> Tensor

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

add_docstr(ember.arccos, r"""
arccos(input, *, out=None) -> Tensor

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

add_docstr(ember.acosh, r"""
acosh(input, *, out=None) -> Tensor

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

add_docstr(ember.arccosh, r"""
arccosh(input, *, out=None) -> Tensor

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

add_docstr(ember.asin, r"""
asin(input, *, out=None) -> Tensor

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

add_docstr(ember.arcsin, r"""
arcsin(input, *, out=None) -> Tensor

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

add_docstr(ember.asinh, r"""
asinh(input, *, out=None) -> Tensor

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

add_docstr(ember.arcsinh, r"""
arcsinh(input, *, out=None) -> Tensor

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

add_docstr(ember.atan, r"""
atan(input, *, out=None) -> Tensor

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

add_docstr(ember.arctan, r"""
arctan(input, *, out=None) -> Tensor

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

add_docstr(ember.atanh, r"""
atanh(input, *, out=None) -> Tensor

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

add_docstr(ember.arctanh, r"""
arctanh(input, *, out=None) -> Tensor

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

add_docstr(ember.cos, r"""
cos(input, *, out=None) -> Tensor

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

add_docstr(ember.cosh, r"""
cosh(input, *, out=None) -> Tensor

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

add_docstr(ember.sin, r"""
sin(input, *, out=None) -> Tensor

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

add_docstr(ember.sinh, r"""
sinh(input, *, out=None) -> Tensor

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

add_docstr(ember.tan, r"""
tan(input, *, out=None) -> Tensor

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

add_docstr(ember.tanh, r"""
tanh(input, *, out=None) -> Tensor

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

add_docstr(ember.sigmoid, r"""
sigmoid(input, *, out=None) -> Tensor

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

add_docstr(ember.exp, r"""
exp(input, *, out=None) -> Tensor

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

add_docstr(ember.exp2, r"""
exp2(input, *, out=None) -> Tensor

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

add_docstr(ember.expm1, r"""
expm1(input, *, out=None) -> Tensor

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

add_docstr(ember.log, r"""
log(input, *, out=None) -> Tensor

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

add_docstr(ember.log10, r"""
log10(input, *, out=None) -> Tensor

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

add_docstr(ember.log2, r"""
log2(input, *, out=None) -> Tensor

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

add_docstr(ember.log1p, r"""
log1p(input, *, out=None) -> Tensor

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

add_docstr(ember.sqrt, r"""
sqrt(input, *, out=None) -> Tensor

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

add_docstr(ember.rsqrt, r"""
rsqrt(input, *, out=None) -> Tensor

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

add_docstr(ember.square, r"""
square(input, *, out=None) -> Tensor

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

add_docstr(ember.reciprocal, r"""
reciprocal(input, *, out=None) -> Tensor

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

add_docstr(ember.neg, r"""
neg(input, *, out=None) -> Tensor

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

add_docstr(ember.negative, r"""
negative(input, *, out=None) -> Tensor

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

add_docstr(ember.sign, r"""
sign(input, *, out=None) -> Tensor

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

add_docstr(ember.sgn, r"""
sgn(input, *, out=None) -> Tensor

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

add_docstr(ember.signbit, r"""
signbit(input, *, out=None) -> Tensor

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

add_docstr(ember.ceil, r"""
ceil(input, *, out=None) -> Tensor

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

add_docstr(ember.floor, r"""
floor(input, *, out=None) -> Tensor

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

add_docstr(ember.trunc, r"""
trunc(input, *, out=None) -> Tensor

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

add_docstr(ember.fix, r"""
fix(input, *, out=None) -> Tensor

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

add_docstr(ember.frac, r"""
frac(input, *, out=None) -> Tensor

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

add_docstr(ember.round, r"""
round(input, *, decimals=0, out=None) -> Tensor

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

add_docstr(ember.erf, r"""
erf(input, *, out=None) -> Tensor

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

add_docstr(ember.erfc, r"""
erfc(input, *, out=None) -> Tensor

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

add_docstr(ember.erfinv, r"""
erfinv(input, *, out=None) -> Tensor

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

add_docstr(ember.lgamma, r"""
lgamma(input, *, out=None) -> Tensor

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

add_docstr(ember.digamma, r"""
digamma(input, *, out=None) -> Tensor

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

add_docstr(ember.polygamma, r"""
polygamma(n, input, *, out=None) -> Tensor

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

add_docstr(ember.mvlgamma, r"""
mvlgamma(input, p, *, out=None) -> Tensor

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

add_docstr(ember.i0, r"""
i0(input, *, out=None) -> Tensor

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

add_docstr(ember.sinc, r"""
sinc(input, *, out=None) -> Tensor

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

add_docstr(ember.deg2rad, r"""
deg2rad(input, *, out=None) -> Tensor

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

add_docstr(ember.rad2deg, r"""
rad2deg(input, *, out=None) -> Tensor

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

add_docstr(ember.logit, r"""
logit(input, eps=None, *, out=None) -> Tensor

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

add_docstr(ember.nan_to_num, r"""
nan_to_num(input, nan=0.0, posinf=None, neginf=None, *, out=None) -> Tensor

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

add_docstr(ember.isfinite, r"""
isfinite(input) -> Tensor

True for elements that are neither infinite nor ``nan`` (always True for integers).

Args:
    input (Tensor): the input tensor.

Returns:
    Tensor: a bool tensor of the same shape.

Example::

    >>> ember.isfinite(ember.tensor([1.0, float("inf"), float("nan")]))
    tensor([ True, False, False])
""")

add_docstr(ember.isinf, r"""
isinf(input) -> Tensor

True for elements that are ``+inf`` or ``-inf``.

Args:
    input (Tensor): the input tensor.

Returns:
    Tensor: a bool tensor of the same shape.

Example::

    >>> ember.isinf(ember.tensor([1.0, float("inf"), -float("inf"), float("nan")]))
    tensor([False,  True,  True, False])
""")

add_docstr(ember.isnan, r"""
isnan(input) -> Tensor

True for elements that are ``nan`` (the only value not equal to itself).

Args:
    input (Tensor): the input tensor.

Returns:
    Tensor: a bool tensor of the same shape.

Example::

    >>> ember.isnan(ember.tensor([1.0, float("nan"), float("inf")]))
    tensor([False,  True, False])
""")

add_docstr(ember.isposinf, r"""
isposinf(input, *, out=None) -> Tensor

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

add_docstr(ember.isneginf, r"""
isneginf(input, *, out=None) -> Tensor

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

add_docstr(ember.bitwise_not, r"""
bitwise_not(input, *, out=None) -> Tensor

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

add_docstr(ember.logical_not, r"""
logical_not(input, *, out=None) -> Tensor

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

add_docstr(ember.abs_, r"""
abs_(input) -> Tensor

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

add_docstr(ember.acos_, r"""
acos_(input) -> Tensor

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

add_docstr(ember.acosh_, r"""
acosh_(input) -> Tensor

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

add_docstr(ember.arccos_, r"""
arccos_(input) -> Tensor

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

add_docstr(ember.arccosh_, r"""
arccosh_(input) -> Tensor

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

add_docstr(ember.arcsin_, r"""
arcsin_(input) -> Tensor

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

add_docstr(ember.arcsinh_, r"""
arcsinh_(input) -> Tensor

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

add_docstr(ember.arctan_, r"""
arctan_(input) -> Tensor

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

add_docstr(ember.arctanh_, r"""
arctanh_(input) -> Tensor

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

add_docstr(ember.asin_, r"""
asin_(input) -> Tensor

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

add_docstr(ember.asinh_, r"""
asinh_(input) -> Tensor

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

add_docstr(ember.atan_, r"""
atan_(input) -> Tensor

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

add_docstr(ember.atanh_, r"""
atanh_(input) -> Tensor

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

add_docstr(ember.ceil_, r"""
ceil_(input) -> Tensor

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

add_docstr(ember.cos_, r"""
cos_(input) -> Tensor

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

add_docstr(ember.cosh_, r"""
cosh_(input) -> Tensor

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

add_docstr(ember.deg2rad_, r"""
deg2rad_(input) -> Tensor

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

add_docstr(ember.erf_, r"""
erf_(input) -> Tensor

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

add_docstr(ember.erfc_, r"""
erfc_(input) -> Tensor

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

add_docstr(ember.exp2_, r"""
exp2_(input) -> Tensor

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

add_docstr(ember.exp_, r"""
exp_(input) -> Tensor

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

add_docstr(ember.expm1_, r"""
expm1_(input) -> Tensor

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

add_docstr(ember.fix_, r"""
fix_(input) -> Tensor

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

add_docstr(ember.floor_, r"""
floor_(input) -> Tensor

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

add_docstr(ember.frac_, r"""
frac_(input) -> Tensor

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

add_docstr(ember.i0_, r"""
i0_(input) -> Tensor

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

add_docstr(ember.log10_, r"""
log10_(input) -> Tensor

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

add_docstr(ember.log1p_, r"""
log1p_(input) -> Tensor

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

add_docstr(ember.log2_, r"""
log2_(input) -> Tensor

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

add_docstr(ember.log_, r"""
log_(input) -> Tensor

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

add_docstr(ember.neg_, r"""
neg_(input) -> Tensor

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

add_docstr(ember.negative_, r"""
negative_(input) -> Tensor

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

add_docstr(ember.rad2deg_, r"""
rad2deg_(input) -> Tensor

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

add_docstr(ember.reciprocal_, r"""
reciprocal_(input) -> Tensor

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

add_docstr(ember.rsqrt_, r"""
rsqrt_(input) -> Tensor

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

add_docstr(ember.sigmoid_, r"""
sigmoid_(input) -> Tensor

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

add_docstr(ember.sin_, r"""
sin_(input) -> Tensor

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

add_docstr(ember.sinc_, r"""
sinc_(input) -> Tensor

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

add_docstr(ember.sinh_, r"""
sinh_(input) -> Tensor

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

add_docstr(ember.sqrt_, r"""
sqrt_(input) -> Tensor

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

add_docstr(ember.square_, r"""
square_(input) -> Tensor

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

add_docstr(ember.tan_, r"""
tan_(input) -> Tensor

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

add_docstr(ember.tanh_, r"""
tanh_(input) -> Tensor

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

add_docstr(ember.trunc_, r"""
trunc_(input) -> Tensor

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

add_docstr(ember.relu_, r"""
relu_(input) -> Tensor

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

add_docstr(ember.selu_, r"""
selu_(input) -> Tensor

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

add_docstr(ember.logit_, r"""
logit_(input, eps=None) -> Tensor

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

add_docstr(ember.round_, r"""
round_(input, *, decimals=0) -> Tensor

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

add_docstr(ember.nan_to_num_, r"""
nan_to_num_(input, nan=0.0, posinf=None, neginf=None) -> Tensor

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

add_docstr(ember.clamp_, r"""
clamp_(input, min=None, max=None) -> Tensor

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

add_docstr(ember.clip_, r"""
clip_(input, min=None, max=None) -> Tensor

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

add_docstr(ember.clamp_max_, r"""
clamp_max_(input, max) -> Tensor

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

add_docstr(ember.clamp_min_, r"""
clamp_min_(input, min) -> Tensor

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

add_docstr(ember.gcd_, r"""
gcd_(input, other) -> Tensor

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

add_docstr(ember.lcm_, r"""
lcm_(input, other) -> Tensor

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

add_docstr(ember.ldexp_, r"""
ldexp_(input, other) -> Tensor

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

add_docstr(ember.xlogy_, r"""
xlogy_(input, other) -> Tensor

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

add_docstr(ember.celu_, r"""
celu_(input, alpha=1.) -> Tensor

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

add_docstr(ember.rrelu_, r"""
rrelu_(input, lower=1./8, upper=1./3, training=False) -> Tensor

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

add_docstr(ember.threshold_, r"""
threshold_(input, threshold, value) -> Tensor

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

add_docstr(ember.fill_, r"""
fill_(input, value) -> Tensor

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

add_docstr(ember.zero_, r"""
zero_(input) -> Tensor

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

add_docstr(ember.detach_, r"""
detach_(input) -> Tensor

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

add_docstr(ember.addmv_, r"""
addmv_(input, mat, vec, *, beta=1, alpha=1) -> Tensor

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

add_docstr(ember.index_put_, r"""
index_put_(input, indices, values, accumulate=False) -> Tensor

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

add_docstr(ember.add, r"""
add(input, other, *, alpha=1, out=None) -> Tensor

Adds ``alpha * other`` to ``input`` elementwise: ``out = input + alpha * other``. The shapes
broadcast and the dtypes promote (an int tensor plus a float gives a float). The gradient is 1
for ``input`` and ``alpha`` for ``other``, summed back over broadcast dimensions.

Args:
    input (Tensor): the input tensor.
    other (Tensor or Number): the value to add, broadcast against ``input``.

Keyword args:
    alpha (Number, optional): the multiplier of ``other`` (default 1).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the sums, with the broadcast shape and the promoted dtype.

Example::

    >>> a = ember.tensor([1.0, 2.0, 3.0])
    >>> ember.add(a, 10)
    tensor([11., 12., 13.])
    >>> ember.add(a, ember.tensor([[1.0], [2.0]]), alpha=-1)
    tensor([[ 0.,  1.,  2.],
            [-1.,  0.,  1.]])
""")

add_docstr(ember.sub, r"""
sub(input, other, *, alpha=1, out=None) -> Tensor

Subtracts ``alpha * other`` from ``input`` elementwise: ``out = input - alpha * other``, with
broadcasting and type promotion. The gradient is 1 for ``input`` and ``-alpha`` for ``other``.
Boolean tensors cannot be subtracted (use ``logical_xor``).

Args:
    input (Tensor): the input tensor.
    other (Tensor or Number): the value to subtract, broadcast against ``input``.

Keyword args:
    alpha (Number, optional): the multiplier of ``other`` (default 1).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the differences, with the broadcast shape and the promoted dtype.

Example::

    >>> ember.sub(ember.tensor([5, 7]), ember.tensor([1, 2]))
    tensor([4, 5])
    >>> ember.sub(ember.tensor([5.0, 7.0]), 1.5, alpha=2)
    tensor([2., 4.])
""")

add_docstr(ember.subtract, r"""
subtract(input, other, *, alpha=1, out=None) -> Tensor

Another name for ``ember.sub``: ``input - alpha * other`` elementwise with broadcasting.

Args:
    input (Tensor): the input tensor.
    other (Tensor or Number): the value to subtract, broadcast against ``input``.

Keyword args:
    alpha (Number, optional): the multiplier of ``other`` (default 1).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the differences, with the broadcast shape and the promoted dtype.

Example::

    >>> ember.subtract(ember.tensor([[1.0, 2.0]]), ember.tensor([[0.5], [1.0]]))
    tensor([[0.5000, 1.5000],
            [0.0000, 1.0000]])
""")

add_docstr(ember.rsub, r"""
rsub(input, other, *, alpha=1) -> Tensor

Reversed subtraction: ``other - alpha * input`` elementwise, with broadcasting.

Args:
    input (Tensor): the input tensor.
    other (Tensor or Number): the value ``input`` is subtracted from.

Keyword args:
    alpha (Number, optional): the multiplier of ``input`` (default 1).

Returns:
    Tensor: the differences, with the broadcast shape and the promoted dtype.

Example::

    >>> ember.rsub(ember.tensor([1.0, 2.0]), 10)
    tensor([9., 8.])
    >>> ember.rsub(ember.tensor([1.0, 2.0]), ember.tensor([5.0, 5.0]), alpha=2)
    tensor([3., 1.])
""")

add_docstr(ember.mul, r"""
mul(input, other, *, out=None) -> Tensor

Multiplies elementwise, ``out = input * other``, with broadcasting and type promotion. The
gradient is ``other`` for ``input`` and ``input`` for ``other``.

Args:
    input (Tensor): the input tensor.
    other (Tensor or Number): the second factor, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the products, with the broadcast shape and the promoted dtype.

Example::

    >>> ember.mul(ember.tensor([1.0, 2.0, 3.0]), 2)
    tensor([2., 4., 6.])
    >>> ember.mul(ember.tensor([[1], [2]]), ember.tensor([10, 20, 30]))
    tensor([[10, 20, 30],
            [20, 40, 60]])
""")

add_docstr(ember.multiply, r"""
multiply(input, other, *, out=None)

Another name for ``ember.mul``: elementwise ``input * other`` with broadcasting.

Args:
    input (Tensor): the input tensor.
    other (Tensor or Number): the second factor, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the products, with the broadcast shape and the promoted dtype.

Example::

    >>> ember.multiply(ember.tensor([2.0, -1.0]), ember.tensor([0.5, 4.0]))
    tensor([ 1., -4.])
""")

add_docstr(ember.div, r"""
div(input, other, *, rounding_mode=None, out=None) -> Tensor

Divides elementwise, ``out = input / other``. With ``rounding_mode=None`` this is true division,
so integer inputs give floats; ``"trunc"`` rounds the quotient toward zero and ``"floor"``
toward minus infinity, keeping integer dtypes. The gradient of true division is ``1 / other``
for ``input`` and ``-input / other**2`` for ``other``.

Args:
    input (Tensor): the input tensor.
    other (Tensor or Number): the divisor, broadcast against ``input``.

Keyword args:
    rounding_mode (str, optional): ``None``, ``"trunc"`` or ``"floor"``.
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the quotients, with the broadcast shape.

Example::

    >>> a = ember.tensor([7, -7])
    >>> ember.div(a, 2)
    tensor([ 3.5000, -3.5000])
    >>> ember.div(a, 2, rounding_mode="trunc"), ember.div(a, 2, rounding_mode="floor")
    (tensor([ 3, -3]), tensor([ 3, -4]))
""")

add_docstr(ember.divide, r"""
divide(input, other, *, rounding_mode=None, out=None) -> Tensor

Another name for ``ember.div``: ``input / other`` with an optional rounding mode.

Args:
    input (Tensor): the input tensor.
    other (Tensor or Number): the divisor, broadcast against ``input``.

Keyword args:
    rounding_mode (str, optional): ``None`` (true division), ``"trunc"`` or ``"floor"``.
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the quotients, with the broadcast shape.

Example::

    >>> ember.divide(ember.tensor([1.0, 3.0]), ember.tensor([4.0, 2.0]))
    tensor([0.2500, 1.5000])
""")

add_docstr(ember.true_divide, r"""
true_divide(dividend, divisor, *, out) -> Tensor

Another name for ``ember.div`` with ``rounding_mode=None``: true division, so integers give
floats.

Args:
    dividend (Tensor): the numerator.
    divisor (Tensor or Number): the denominator, broadcast against ``dividend``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the quotients, with the broadcast shape and a floating dtype.

Example::

    >>> ember.true_divide(ember.tensor([1, 2, 3]), 2)
    tensor([0.5000, 1.0000, 1.5000])
""")

add_docstr(ember.floor_divide, r"""
floor_divide(input, other, *, out=None) -> Tensor

``floor(input / other)`` elementwise (Python's ``//``), keeping integer dtypes. It has no
derivative: backward through it raises.

Args:
    input (Tensor): the input tensor.
    other (Tensor or Number): the divisor, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the floored quotients, with the broadcast shape and promoted dtype.

Example::

    >>> ember.floor_divide(ember.tensor([7, -7, 8]), 2)
    tensor([ 3, -4,  4])
    >>> ember.floor_divide(ember.tensor([7.5, -7.5]), 2)
    tensor([ 3., -4.])
""")

add_docstr(ember.remainder, r"""
remainder(input, other, *, out=None) -> Tensor

Python's modulus: ``input - floor(input / other) * other``, so the result has the sign of
``other`` (compare ``ember.fmod``). The gradient is 1 for ``input`` and
``-floor(input / other)`` for ``other``.

Args:
    input (Tensor or Scalar): the dividend.
    other (Tensor or Scalar): the divisor, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the remainders, with the broadcast shape.

Example::

    >>> ember.remainder(ember.tensor([-3, -1, 1, 3]), 2)
    tensor([1, 1, 1, 1])
    >>> ember.remainder(ember.tensor([5.5, -5.5]), 2.0)
    tensor([1.5000, 0.5000])
""")

add_docstr(ember.fmod, r"""
fmod(input, other, *, out=None) -> Tensor

C's remainder: ``input - trunc(input / other) * other``, which has the sign of ``input``
(compare ``ember.remainder``). The gradient is 1 for ``input`` and ``-trunc(input / other)`` for
``other``.

Args:
    input (Tensor): the input tensor.
    other (Tensor or Scalar): the divisor, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the remainders, with the broadcast shape.

Example::

    >>> ember.fmod(ember.tensor([-3, -1, 1, 3]), 2)
    tensor([-1, -1,  1,  1])
    >>> ember.fmod(ember.tensor([5.5, -5.5]), 2.0)
    tensor([ 1.5000, -1.5000])
""")

add_docstr(ember.pow, r"""
pow(input, exponent, *, out=None) -> Tensor
pow(self, exponent, *, out=None) -> Tensor

Raises ``input`` to the power ``exponent`` elementwise; either may be a number. The gradient is
``exponent * input**(exponent - 1)`` for the base and ``input**exponent * log(input)`` for a
tensor exponent. Integer tensors cannot be raised to negative integer powers.

Args:
    input (Tensor or Number): the base.
    exponent (Tensor or Number): the exponent, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the powers, with the broadcast shape and the promoted dtype.

Example::

    >>> ember.pow(ember.tensor([1.0, 2.0, 3.0]), 2)
    tensor([1., 4., 9.])
    >>> ember.pow(2, ember.tensor([0, 1, 10]))
    tensor([   1,    2, 1024])
""")

add_docstr(ember.float_power, r"""
float_power(input, exponent, *, out=None) -> Tensor

``input ** exponent`` computed in double precision: the result is ``float64`` (or
``complex128``) whatever the input dtypes. Use it when float32 powers would lose precision.

Args:
    input (Tensor or Number): the base.
    exponent (Tensor or Number): the exponent, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the powers, as ``float64``.

Example::

    >>> ember.float_power(ember.tensor([2, 3]), 2)
    tensor([4., 9.], dtype=ember.float64)
    >>> ember.float_power(ember.tensor([4.0]), -0.5)
    tensor([0.5000], dtype=ember.float64)
""")

add_docstr(ember.atan2, r"""
atan2(input, other, *, out=None) -> Tensor

The angle of the point ``(other, input)`` (x = ``other``, y = ``input``), in radians in
``[-pi, pi]``: the quadrant-aware ``atan(input / other)``. The gradients are
``other / (input**2 + other**2)`` and ``-input / (input**2 + other**2)``.

Args:
    input (Tensor): the y coordinates.
    other (Tensor): the x coordinates, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the angles, with the broadcast shape.

Example::

    >>> ember.atan2(ember.tensor([1.0, 1.0, -1.0]), ember.tensor([1.0, -1.0, 0.0]))
    tensor([ 0.7854,  2.3562, -1.5708])
""")

add_docstr(ember.arctan2, r"""
arctan2(input, other, *, out=None) -> Tensor

Another name for ``ember.atan2``: the angle of the point ``(other, input)`` in ``[-pi, pi]``.

Args:
    input (Tensor): the y coordinates.
    other (Tensor): the x coordinates, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the angles, with the broadcast shape.

Example::

    >>> ember.arctan2(ember.tensor([0.0, 2.0]), ember.tensor([-1.0, 0.0]))
    tensor([3.1416, 1.5708])
""")

add_docstr(ember.hypot, r"""
hypot(input, other, *, out=None) -> Tensor

The length ``sqrt(input**2 + other**2)`` elementwise, without overflow for large values. The
gradients are ``input / out`` and ``other / out``.

Args:
    input (Tensor): the first legs.
    other (Tensor): the second legs, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the hypotenuses, with the broadcast shape.

Example::

    >>> ember.hypot(ember.tensor([3.0, 5.0]), ember.tensor([4.0, 12.0]))
    tensor([ 5., 13.])
""")

add_docstr(ember.copysign, r"""
copysign(input, other, *, out=None) -> Tensor

A value with the magnitude of ``input`` and the sign of ``other``, elementwise (the sign of
``-0.0`` counts as negative). The result is floating point. The gradient to ``input`` is
``sign(input) * sign(out)``; ``other`` gets none.

Args:
    input (Tensor): the input tensor.
    other (Tensor or Number): the sign donors, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, with the broadcast shape and a floating dtype.

Example::

    >>> ember.copysign(ember.tensor([1.0, -2.0, 3.0]), ember.tensor([-1.0, 1.0, -0.0]))
    tensor([-1.,  2., -3.])
""")

add_docstr(ember.nextafter, r"""
nextafter(input, other, *, out=None) -> Tensor

The next floating-point value after ``input`` in the direction of ``other``, elementwise.

Args:
    input (Tensor): the input tensor.
    other (Tensor): the directions, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the neighbouring values, in ``input``'s dtype.

Example::

    >>> x = ember.tensor([1.0], dtype=ember.float64)
    >>> (ember.nextafter(x, ember.tensor([2.0], dtype=ember.float64)) - x).item()
    2.220446049250313e-16
""")

add_docstr(ember.ldexp, r"""
ldexp(input, other, *, out=None) -> Tensor

``input * 2**other`` elementwise: scales by powers of two. The result is floating point.

Args:
    input (Tensor): the input tensor.
    other (Tensor): the exponents, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the scaled values, with the broadcast shape.

Example::

    >>> ember.ldexp(ember.tensor([1.0, 3.0]), ember.tensor([3, -1]))
    tensor([8.0000, 1.5000])
""")

add_docstr(ember.frexp, r"""
frexp(input, *, out=None) -> (Tensor mantissa, Tensor exponent)

Splits each element into a mantissa and an integer exponent with
``input == mantissa * 2**exponent``, the mantissa's magnitude in ``[0.5, 1)`` (0 for 0).

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    (Tensor, Tensor): a named tuple ``(mantissa, exponent)``; the exponents are ``int32``.

Example::

    >>> mantissa, exponent = ember.frexp(ember.tensor([8.0, 0.75, -3.0]))
    >>> mantissa
    tensor([ 0.5000,  0.7500, -0.7500])
    >>> exponent
    tensor([4, 0, 2], dtype=ember.int32)
""")

add_docstr(ember.xlogy, r"""
xlogy(input, other, *, out=None) -> Tensor

``input * log(other)`` elementwise, defined as 0 where ``input`` is 0 (even if ``other`` is 0),
as in entropy terms. The gradients are ``log(other)`` and ``input / other``.

Args:
    input (Tensor or Number): the multipliers.
    other (Tensor or Number): the arguments of the logarithm, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the products, with the broadcast shape.

Example::

    >>> ember.xlogy(ember.tensor([0.0, 1.0, 2.0]), ember.tensor([0.0, 3.0, 4.0]))
    tensor([0.0000, 1.0986, 2.7726])
""")

add_docstr(ember.logaddexp, r"""
logaddexp(input, other, *, out=None) -> Tensor

``log(exp(input) + exp(other))`` elementwise, computed without overflow (useful for adding
probabilities kept as logs). The gradients are the two softmax weights ``exp(input - out)`` and
``exp(other - out)``.

Args:
    input (Tensor): the input tensor.
    other (Tensor): the second operand, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, with the broadcast shape.

Example::

    >>> ember.logaddexp(ember.tensor([0.0, 1000.0]), ember.tensor([0.0, 1000.0]))
    tensor([6.9315e-01, 1.0007e+03])
""")

add_docstr(ember.logaddexp2, r"""
logaddexp2(input, other, *, out=None) -> Tensor

``log2(2**input + 2**other)`` elementwise, computed without overflow.

Args:
    input (Tensor): the input tensor.
    other (Tensor): the second operand, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, with the broadcast shape.

Example::

    >>> ember.logaddexp2(ember.tensor([1.0, 3.0]), ember.tensor([1.0, 3.0]))
    tensor([2., 4.])
""")

add_docstr(ember.maximum, r"""
maximum(input, other, *, out=None) -> Tensor

The elementwise maximum of two tensors, with broadcasting; ``nan`` in either gives ``nan``. The
gradient goes to the larger input and is split evenly on ties.

Args:
    input (Tensor): the input tensor.
    other (Tensor): the second tensor, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the larger values, with the broadcast shape.

Example::

    >>> ember.maximum(ember.tensor([1.0, 5.0, float("nan")]), ember.tensor([3.0, 2.0, 0.0]))
    tensor([3., 5., nan])
""")

add_docstr(ember.minimum, r"""
minimum(input, other, *, out=None) -> Tensor

The elementwise minimum of two tensors, with broadcasting; ``nan`` in either gives ``nan``. The
gradient goes to the smaller input and is split evenly on ties.

Args:
    input (Tensor): the input tensor.
    other (Tensor): the second tensor, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the smaller values, with the broadcast shape.

Example::

    >>> ember.minimum(ember.tensor([1.0, 5.0, float("nan")]), ember.tensor([3.0, 2.0, 0.0]))
    tensor([1., 2., nan])
""")

add_docstr(ember.fmax, r"""
fmax(input, other, *, out=None) -> Tensor

The elementwise maximum that ignores ``nan``: where one side is ``nan`` the other is returned
(``nan`` only when both are).

Args:
    input (Tensor): the input tensor.
    other (Tensor): the second tensor, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the larger values, with the broadcast shape.

Example::

    >>> ember.fmax(ember.tensor([1.0, 5.0, float("nan")]), ember.tensor([3.0, float("nan"), 0.0]))
    tensor([3., 5., 0.])
""")

add_docstr(ember.fmin, r"""
fmin(input, other, *, out=None) -> Tensor

The elementwise minimum that ignores ``nan``: where one side is ``nan`` the other is returned
(``nan`` only when both are).

Args:
    input (Tensor): the input tensor.
    other (Tensor): the second tensor, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the smaller values, with the broadcast shape.

Example::

    >>> ember.fmin(ember.tensor([1.0, 5.0, float("nan")]), ember.tensor([3.0, float("nan"), 0.0]))
    tensor([1., 5., 0.])
""")

add_docstr(ember.heaviside, r"""
heaviside(input, values, *, out=None) -> Tensor

The Heaviside step function: 0 where ``input < 0``, 1 where ``input > 0`` and the matching
element of ``values`` where ``input == 0``.

Args:
    input (Tensor): the input tensor.
    values (Tensor): the values to use at zero, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the steps, with the broadcast shape.

Example::

    >>> ember.heaviside(ember.tensor([-1.5, 0.0, 2.0]), ember.tensor([0.5]))
    tensor([0.0000, 0.5000, 1.0000])
""")

add_docstr(ember.gcd, r"""
gcd(input, other, *, out=None) -> Tensor

The greatest common divisor of each pair of integers (non-negative; ``gcd(0, 0) == 0``). Integer
dtypes only; there is no gradient.

Args:
    input (Tensor): the input tensor.
    other (Tensor): the second integer tensor, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the divisors, with the broadcast shape.

Example::

    >>> ember.gcd(ember.tensor([12, -9, 7]), ember.tensor([8, 6, 0]))
    tensor([4, 3, 7])
""")

add_docstr(ember.lcm, r"""
lcm(input, other, *, out=None) -> Tensor

The least common multiple of each pair of integers (non-negative; 0 when either is 0). Integer
dtypes only; there is no gradient.

Args:
    input (Tensor): the input tensor.
    other (Tensor): the second integer tensor, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the multiples, with the broadcast shape.

Example::

    >>> ember.lcm(ember.tensor([4, -6, 5]), ember.tensor([6, 4, 0]))
    tensor([12, 12,  0])
""")

add_docstr(ember.lerp, r"""
lerp(input, end, weight, *, out=None)

Linear interpolation ``input + weight * (end - input)``, elementwise with broadcasting:
``weight`` 0 gives ``input`` and 1 gives ``end``. The gradients are ``1 - weight`` for
``input``, ``weight`` for ``end`` and ``end - input`` for a tensor ``weight``.

Args:
    input (Tensor): the starting points.
    end (Tensor): the end points.
    weight (float or Tensor): where to land between them.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the interpolated values, with the broadcast shape.

Example::

    >>> start, end = ember.tensor([0.0, 10.0]), ember.tensor([10.0, 20.0])
    >>> ember.lerp(start, end, 0.25)
    tensor([ 2.5000, 12.5000])
    >>> ember.lerp(start, end, ember.tensor([0.0, 1.0]))
    tensor([ 0., 20.])
""")

add_docstr(ember.addcmul, r"""
addcmul(input, tensor1, tensor2, *, value=1, out=None) -> Tensor

``input + value * tensor1 * tensor2`` elementwise, with all three tensors broadcast. The
gradients are 1, ``value * tensor2`` and ``value * tensor1``.

Args:
    input (Tensor): the tensor to add to.
    tensor1 (Tensor): the first factor.
    tensor2 (Tensor): the second factor.

Keyword args:
    value (Number, optional): the multiplier of the product (default 1).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, with the broadcast shape.

Example::

    >>> ember.addcmul(ember.ones(3), ember.tensor([1.0, 2.0, 3.0]), ember.tensor([2.0]), value=0.5)
    tensor([2., 3., 4.])
""")

add_docstr(ember.addcdiv, r"""
addcdiv(input, tensor1, tensor2, *, value=1, out=None) -> Tensor

``input + value * tensor1 / tensor2`` elementwise, with all three tensors broadcast (the step
that Adam-style optimizers take). Integer ``tensor1`` and ``tensor2`` are rejected.

Args:
    input (Tensor): the tensor to add to.
    tensor1 (Tensor): the numerators.
    tensor2 (Tensor): the denominators.

Keyword args:
    value (Number, optional): the multiplier of the quotient (default 1).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, with the broadcast shape.

Example::

    >>> ember.addcdiv(ember.zeros(2), ember.tensor([1.0, 3.0]), ember.tensor([2.0, 4.0]), value=2)
    tensor([1.0000, 1.5000])
""")

add_docstr(ember.eq, r"""
eq(input, other, *, out=None) -> Tensor

Elementwise ``input == other`` with broadcasting. Comparisons have no gradient.

Args:
    input (Tensor): the input tensor.
    other (Tensor or float): the values to compare with, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: a bool tensor with the broadcast shape.

Example::

    >>> ember.eq(ember.tensor([1, 2, 3]), ember.tensor([1, 0, 3]))
    tensor([ True, False,  True])
    >>> ember.eq(ember.tensor([[1.0, 2.0]]), 2.0)
    tensor([[False,  True]])
""")

add_docstr(ember.ne, r"""
ne(input, other, *, out=None) -> Tensor

Elementwise ``input != other`` with broadcasting (``nan != nan`` is True).

Args:
    input (Tensor): the input tensor.
    other (Tensor or float): the values to compare with, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: a bool tensor with the broadcast shape.

Example::

    >>> ember.ne(ember.tensor([1.0, float("nan")]), ember.tensor([1.0, float("nan")]))
    tensor([False,  True])
""")

add_docstr(ember.not_equal, r"""
not_equal(input, other, *, out=None) -> Tensor

Another name for ``ember.ne``: elementwise ``input != other``.

Args:
    input (Tensor): the input tensor.
    other (Tensor or float): the values to compare with, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: a bool tensor with the broadcast shape.

Example::

    >>> ember.not_equal(ember.tensor([1, 2]), 2)
    tensor([ True, False])
""")

add_docstr(ember.gt, r"""
gt(input, other, *, out=None) -> Tensor

Elementwise ``input > other`` with broadcasting.

Args:
    input (Tensor): the input tensor.
    other (Tensor or float): the values to compare with, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: a bool tensor with the broadcast shape.

Example::

    >>> ember.gt(ember.tensor([1, 2, 3]), 2)
    tensor([False, False,  True])
""")

add_docstr(ember.greater, r"""
greater(input, other, *, out=None) -> Tensor

Another name for ``ember.gt``: elementwise ``input > other``.

Args:
    input (Tensor): the input tensor.
    other (Tensor or float): the values to compare with, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: a bool tensor with the broadcast shape.

Example::

    >>> ember.greater(ember.tensor([0.5, 1.5]), ember.tensor([1.0, 1.0]))
    tensor([False,  True])
""")

add_docstr(ember.ge, r"""
ge(input, other, *, out=None) -> Tensor

Elementwise ``input >= other`` with broadcasting.

Args:
    input (Tensor): the input tensor.
    other (Tensor or float): the values to compare with, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: a bool tensor with the broadcast shape.

Example::

    >>> ember.ge(ember.tensor([1, 2, 3]), 2)
    tensor([False,  True,  True])
""")

add_docstr(ember.greater_equal, r"""
greater_equal(input, other, *, out=None) -> Tensor

Another name for ``ember.ge``: elementwise ``input >= other``.

Args:
    input (Tensor): the input tensor.
    other (Tensor or float): the values to compare with, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: a bool tensor with the broadcast shape.

Example::

    >>> ember.greater_equal(ember.tensor([0.5, 1.0]), 1.0)
    tensor([False,  True])
""")

add_docstr(ember.lt, r"""
lt(input, other, *, out=None) -> Tensor

Elementwise ``input < other`` with broadcasting.

Args:
    input (Tensor): the input tensor.
    other (Tensor or float): the values to compare with, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: a bool tensor with the broadcast shape.

Example::

    >>> ember.lt(ember.tensor([1, 2, 3]), 2)
    tensor([ True, False, False])
""")

add_docstr(ember.less, r"""
less(input, other, *, out=None) -> Tensor

Another name for ``ember.lt``: elementwise ``input < other``.

Args:
    input (Tensor): the input tensor.
    other (Tensor or float): the values to compare with, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: a bool tensor with the broadcast shape.

Example::

    >>> ember.less(ember.tensor([0.5, 1.5]), 1.0)
    tensor([ True, False])
""")

add_docstr(ember.le, r"""
le(input, other, *, out=None) -> Tensor

Elementwise ``input <= other`` with broadcasting.

Args:
    input (Tensor): the input tensor.
    other (Tensor or float): the values to compare with, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: a bool tensor with the broadcast shape.

Example::

    >>> ember.le(ember.tensor([1, 2, 3]), 2)
    tensor([ True,  True, False])
""")

add_docstr(ember.less_equal, r"""
less_equal(input, other, *, out=None) -> Tensor

Another name for ``ember.le``: elementwise ``input <= other``.

Args:
    input (Tensor): the input tensor.
    other (Tensor or float): the values to compare with, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: a bool tensor with the broadcast shape.

Example::

    >>> ember.less_equal(ember.tensor([0.5, 1.0, 1.5]), 1.0)
    tensor([ True,  True, False])
""")

add_docstr(ember.equal, r"""
equal(input, other) -> bool

True when both tensors have the same shape and equal elements (``nan`` is never equal), as a
Python bool rather than a tensor.

Args:
    input (Tensor): the input tensor.
    other (Tensor): the tensor to compare with.

Returns:
    bool: whether the tensors are equal.

Example::

    >>> ember.equal(ember.tensor([1, 2]), ember.tensor([1, 2]))
    True
    >>> ember.equal(ember.tensor([1, 2]), ember.tensor([[1, 2]]))
    False
""")

add_docstr(ember.isclose, r"""
isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> Tensor

Elementwise closeness test ``|input - other| <= atol + rtol * |other|``, with broadcasting.
``nan`` is close to nothing unless ``equal_nan=True``; infinities are close only to themselves.

Args:
    input (Tensor): the input tensor.
    other (Tensor): the second tensor, broadcast against ``input``.
    rtol (float, optional): the relative tolerance (default 1e-05).
    atol (float, optional): the absolute tolerance (default 1e-08).
    equal_nan (bool, optional): count ``nan`` as close to ``nan`` (default ``False``).

Returns:
    Tensor: a bool tensor with the broadcast shape.

Example::

    >>> a = ember.tensor([1.0, 1.0, float("nan")])
    >>> ember.isclose(a, ember.tensor([1.0 + 1e-9, 1.1, float("nan")]))
    tensor([ True, False, False])
    >>> ember.isclose(ember.tensor([float("nan")]), ember.tensor([float("nan")]), equal_nan=True)
    tensor([True])
""")

add_docstr(ember.allclose, r"""
allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool

True when every element pair is close in the sense of ``ember.isclose``:
``|input - other| <= atol + rtol * |other|``. Returns a Python bool.

Args:
    input (Tensor): the input tensor.
    other (Tensor): the second tensor, broadcast against ``input``.
    rtol (float, optional): the relative tolerance (default 1e-05).
    atol (float, optional): the absolute tolerance (default 1e-08).
    equal_nan (bool, optional): count ``nan`` as close to ``nan`` (default ``False``).

Returns:
    bool: whether all elements are close.

Example::

    >>> ember.allclose(ember.tensor([1.0, 2.0]), ember.tensor([1.0, 2.0 + 1e-6]))
    True
    >>> ember.allclose(ember.tensor([1.0, 2.0]), ember.tensor([1.0, 2.1]))
    False
""")

add_docstr(ember.logical_and, r"""
logical_and(input, other, *, out=None) -> Tensor

Elementwise logical AND: True where both ``input`` and ``other`` are nonzero, for any dtypes.

Args:
    input (Tensor): the input tensor.
    other (Tensor): the second tensor, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: a bool tensor with the broadcast shape.

Example::

    >>> ember.logical_and(ember.tensor([True, True, False]), ember.tensor([True, False, False]))
    tensor([ True, False, False])
    >>> ember.logical_and(ember.tensor([0.0, 1.0, 2.0]), ember.tensor([1, 1, 0]))
    tensor([False,  True, False])
""")

add_docstr(ember.logical_or, r"""
logical_or(input, other, *, out=None) -> Tensor

Elementwise logical OR: True where ``input`` or ``other`` (or both) is nonzero.

Args:
    input (Tensor): the input tensor.
    other (Tensor): the second tensor, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: a bool tensor with the broadcast shape.

Example::

    >>> ember.logical_or(ember.tensor([True, False, False]), ember.tensor([False, False, True]))
    tensor([ True, False,  True])
""")

add_docstr(ember.logical_xor, r"""
logical_xor(input, other, *, out=None) -> Tensor

Elementwise logical XOR: True where exactly one of ``input`` and ``other`` is nonzero.

Args:
    input (Tensor): the input tensor.
    other (Tensor): the second tensor, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: a bool tensor with the broadcast shape.

Example::

    >>> ember.logical_xor(ember.tensor([True, True, False]), ember.tensor([True, False, False]))
    tensor([False,  True, False])
""")

add_docstr(ember.bitwise_and, r"""
bitwise_and(input, other, *, out=None) -> Tensor

Bitwise AND of integer or bool tensors, elementwise with broadcasting (``&``).

Args:
    input (Tensor): the input tensor.
    other (Tensor or Number): the second operand, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, with the broadcast shape and promoted dtype.

Example::

    >>> ember.bitwise_and(ember.tensor([12, 10]), ember.tensor([10, 3]))
    tensor([8, 2])
    >>> ember.bitwise_and(ember.tensor([True, True]), ember.tensor([True, False]))
    tensor([ True, False])
""")

add_docstr(ember.bitwise_or, r"""
bitwise_or(input, other, *, out=None) -> Tensor

Bitwise OR of integer or bool tensors, elementwise with broadcasting (``|``).

Args:
    input (Tensor): the input tensor.
    other (Tensor or Number): the second operand, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, with the broadcast shape and promoted dtype.

Example::

    >>> ember.bitwise_or(ember.tensor([12, 8]), ember.tensor([10, 1]))
    tensor([14,  9])
""")

add_docstr(ember.bitwise_xor, r"""
bitwise_xor(input, other, *, out=None) -> Tensor

Bitwise exclusive OR of integer or bool tensors, elementwise with broadcasting (``^``).

Args:
    input (Tensor): the input tensor.
    other (Tensor or Number): the second operand, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, with the broadcast shape and promoted dtype.

Example::

    >>> ember.bitwise_xor(ember.tensor([12, 8]), ember.tensor([10, 8]))
    tensor([6, 0])
""")

add_docstr(ember.bitwise_left_shift, r"""
bitwise_left_shift(input, other, *, out=None) -> Tensor

Shifts the bits of each integer left by ``other`` places (``input << other``), which multiplies
by ``2**other`` within the dtype's width.

Args:
    input (Tensor or Number): the integers to shift.
    other (Tensor or Number): the shift amounts, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the shifted values, with the broadcast shape.

Example::

    >>> ember.bitwise_left_shift(ember.tensor([1, 3, -2]), ember.tensor([2, 1, 3]))
    tensor([  4,   6, -16])
""")

add_docstr(ember.bitwise_right_shift, r"""
bitwise_right_shift(input, other, *, out=None) -> Tensor

Shifts the bits of each integer right by ``other`` places (``input >> other``); for signed
integers the shift is arithmetic, so it floors the division by ``2**other``.

Args:
    input (Tensor or Number): the integers to shift.
    other (Tensor or Number): the shift amounts, broadcast against ``input``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the shifted values, with the broadcast shape.

Example::

    >>> ember.bitwise_right_shift(ember.tensor([16, 7, -7]), 1)
    tensor([ 8,  3, -4])
""")

add_docstr(ember.as_tensor, r"""
as_tensor(data, *, dtype=None, device=None) -> Tensor

Converts ``data`` to a tensor, sharing memory whenever nothing has to change: a tensor with the
requested dtype and device is returned as is, and a NumPy array becomes a tensor over the same
buffer. Lists, scalars and mismatching dtypes are copied. Unlike ``ember.tensor`` it keeps the
autograd history of a tensor input.

Args:
    data (array_like): a tensor, NumPy array, list, tuple or Python number.

Keyword args:
    dtype (ember.dtype, optional): the wanted dtype (default: that of ``data``).
    device (ember.device, optional): the wanted device (default: that of ``data`` or the default
        device).

Returns:
    Tensor: the tensor, possibly sharing memory with ``data``.

Example::

    >>> a = np.array([1, 2, 3])
    >>> t = ember.as_tensor(a)
    >>> a[0] = -1
    >>> t
    tensor([-1,  2,  3])
    >>> ember.as_tensor([1, 2], dtype=ember.float64)
    tensor([1., 2.], dtype=ember.float64)
""")

add_docstr(ember.empty, r"""
empty(*size, *, out=None, dtype=None, layout=ember.strided, device=None, requires_grad=False,
      pin_memory=False, memory_format=ember.contiguous_format) -> Tensor

Creates a tensor of the given shape without initialising its values (whatever the memory held;
under ``ember.use_deterministic_algorithms(True)`` floats are filled with ``nan`` and integers
with their largest value). Use it when every element will be overwritten.

Args:
    *size (int...): the shape, as separate ints or one sequence.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.
    dtype (ember.dtype, optional): the dtype (default: ``ember.get_default_dtype()``).
    layout (ember.layout, optional): only ``ember.strided`` is supported.
    device (ember.device, optional): where the result lives (default: the default device).
    requires_grad (bool, optional): record operations on the result for autograd (default
        ``False``).
    pin_memory (bool, optional): accepted for compatibility; has no effect on the CPU.
    memory_format (ember.memory_format, optional): the layout in memory (default contiguous).

Returns:
    Tensor: an uninitialised tensor of shape ``size``.

Example::

    >>> x = ember.empty(2, 3)
    >>> x.shape, x.dtype
    (ember.Size([2, 3]), ember.float32)
    >>> ember.empty((2, 0), dtype=ember.int64)
    tensor([], size=(2, 0), dtype=ember.int64)
""")

add_docstr(ember.empty_like, r"""
empty_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
           memory_format=ember.preserve_format) -> Tensor

An uninitialised tensor with the shape of ``input`` and, unless overridden, its dtype and
device. It does not copy ``input``'s values.

Args:
    input (Tensor): the tensor whose shape (and by default dtype and device) to use.

Keyword args:
    dtype (ember.dtype, optional): the dtype (default: ``input.dtype``).
    layout (ember.layout, optional): the layout (default: ``input.layout``).
    device (ember.device, optional): the device (default: ``input.device``).
    requires_grad (bool, optional): record operations on the result for autograd (default
        ``False``).
    memory_format (ember.memory_format, optional): the memory layout of the result (default:
        that of ``input``).

Returns:
    Tensor: an uninitialised tensor shaped like ``input``.

Example::

    >>> x = ember.empty_like(ember.ones(2, 2, dtype=ember.int32))
    >>> x.shape, x.dtype
    (ember.Size([2, 2]), ember.int32)
""")

add_docstr(ember.full_like, r"""
full_like(input, fill_value, *, dtype=None, layout=ember.strided, device=None, requires_grad=False,
          memory_format=ember.preserve_format) -> Tensor

A tensor with the shape of ``input`` filled with ``fill_value``; the dtype and device follow
``input`` unless given (so a float value in an int tensor's shape is truncated).

Args:
    input (Tensor): the tensor whose shape (and by default dtype and device) to use.
    fill_value (Number): the value of every element.

Keyword args:
    dtype (ember.dtype, optional): the dtype (default: ``input.dtype``).
    layout (ember.layout, optional): the layout (default: ``input.layout``).
    device (ember.device, optional): the device (default: ``input.device``).
    requires_grad (bool, optional): record operations on the result for autograd (default
        ``False``).
    memory_format (ember.memory_format, optional): the memory layout of the result (default:
        that of ``input``).

Returns:
    Tensor: the filled tensor.

Example::

    >>> ember.full_like(ember.zeros(2, 3), 7.5)
    tensor([[7.5000, 7.5000, 7.5000],
            [7.5000, 7.5000, 7.5000]])
    >>> ember.full_like(ember.tensor([1, 2]), 2.9)
    tensor([2, 2])
""")

add_docstr(ember.ones_like, r"""
ones_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
          memory_format=ember.preserve_format) -> Tensor

A tensor of ones with the shape of ``input``; the dtype and device follow ``input`` unless
given. Same as ``ember.ones(input.size(), dtype=input.dtype, ...)``.

Args:
    input (Tensor): the tensor whose shape (and by default dtype and device) to use.

Keyword args:
    dtype (ember.dtype, optional): the dtype (default: ``input.dtype``).
    layout (ember.layout, optional): the layout (default: ``input.layout``).
    device (ember.device, optional): the device (default: ``input.device``).
    requires_grad (bool, optional): record operations on the result for autograd (default
        ``False``).
    memory_format (ember.memory_format, optional): the memory layout of the result (default:
        that of ``input``).

Returns:
    Tensor: a tensor of ones shaped like ``input``.

Example::

    >>> ember.ones_like(ember.tensor([[1, 2, 3]]))
    tensor([[1, 1, 1]])
    >>> ember.ones_like(ember.tensor([1, 2]), dtype=ember.float64)
    tensor([1., 1.], dtype=ember.float64)
""")

add_docstr(ember.zeros_like, r"""
zeros_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
           memory_format=ember.preserve_format) -> Tensor

A tensor of zeros with the shape of ``input``; the dtype and device follow ``input`` unless
given. Same as ``ember.zeros(input.size(), dtype=input.dtype, ...)``.

Args:
    input (Tensor): the tensor whose shape (and by default dtype and device) to use.

Keyword args:
    dtype (ember.dtype, optional): the dtype (default: ``input.dtype``).
    layout (ember.layout, optional): the layout (default: ``input.layout``).
    device (ember.device, optional): the device (default: ``input.device``).
    requires_grad (bool, optional): record operations on the result for autograd (default
        ``False``).
    memory_format (ember.memory_format, optional): the memory layout of the result (default:
        that of ``input``).

Returns:
    Tensor: a tensor of zeros shaped like ``input``.

Example::

    >>> ember.zeros_like(ember.ones(2, 2))
    tensor([[0., 0.],
            [0., 0.]])
""")

add_docstr(ember.rand_like, r"""
rand_like(input, *, generator=None, dtype=None, layout=None, device=None, requires_grad=False,
          memory_format=ember.preserve_format) -> Tensor

A tensor shaped like ``input`` filled with uniform samples from ``[0, 1)``; ``input`` must have
a floating dtype unless ``dtype`` says otherwise.

Args:
    input (Tensor): the tensor whose shape (and by default dtype and device) to use.

Keyword args:
    generator (ember.Generator, optional): the generator to draw from (default: the global one).
    dtype (ember.dtype, optional): the dtype (default: ``input.dtype``).
    layout (ember.layout, optional): the layout (default: ``input.layout``).
    device (ember.device, optional): the device (default: ``input.device``).
    requires_grad (bool, optional): record operations on the result for autograd (default
        ``False``).
    memory_format (ember.memory_format, optional): the memory layout of the result (default:
        that of ``input``).

Returns:
    Tensor: the samples, shaped like ``input``.

Example::

    >>> _ = ember.manual_seed(0)
    >>> ember.rand_like(ember.zeros(2, 2))
    tensor([[0.4963, 0.7682],
            [0.0885, 0.1320]])
""")

add_docstr(ember.randn_like, r"""
randn_like(input, *, generator=None, dtype=None, layout=None, device=None, requires_grad=False,
           memory_format=ember.preserve_format) -> Tensor

A tensor shaped like ``input`` filled with samples from the standard normal distribution (mean
0, variance 1); ``input`` must have a floating dtype unless ``dtype`` says otherwise.

Args:
    input (Tensor): the tensor whose shape (and by default dtype and device) to use.

Keyword args:
    generator (ember.Generator, optional): the generator to draw from (default: the global one).
    dtype (ember.dtype, optional): the dtype (default: ``input.dtype``).
    layout (ember.layout, optional): the layout (default: ``input.layout``).
    device (ember.device, optional): the device (default: ``input.device``).
    requires_grad (bool, optional): record operations on the result for autograd (default
        ``False``).
    memory_format (ember.memory_format, optional): the memory layout of the result (default:
        that of ``input``).

Returns:
    Tensor: the samples, shaped like ``input``.

Example::

    >>> _ = ember.manual_seed(0)
    >>> ember.randn_like(ember.zeros(3))
    tensor([ 1.5410, -0.2934, -2.1788])
""")

add_docstr(ember.randint, r"""
randint(low=0, high, size, *, generator=None, out=None, dtype=None, layout=ember.strided,
        device=None, requires_grad=False) -> Tensor

A tensor of the given shape filled with integers drawn uniformly from ``[low, high)``. The dtype
is ``int64`` unless ``dtype`` is given.

Args:
    low (int, optional): the smallest value that can be drawn (default 0).
    high (int): one above the largest value that can be drawn.
    size (tuple): the shape of the result.

Keyword args:
    generator (ember.Generator, optional): the generator to draw from (default: the global one).
    out (Tensor, optional): a tensor to write the result into.
    dtype (ember.dtype, optional): the dtype (default ``ember.int64``).
    layout (ember.layout, optional): only ``ember.strided`` (dense) is supported.
    device (ember.device, optional): where the result lives (default: the default device).
    requires_grad (bool, optional): record operations on the result for autograd (default
        ``False``).

Returns:
    Tensor: the random integers.

Example::

    >>> _ = ember.manual_seed(0)
    >>> ember.randint(10, (2, 4))
    tensor([[4, 9, 3, 0],
            [3, 9, 7, 3]])
    >>> ember.randint(-5, 5, (3,))
    tensor([ 2, -2, -4])
""")

add_docstr(ember.randint_like, r"""
randint_like(input, low=0, high, *, generator=None, dtype=None, layout=ember.strided, device=None,
             requires_grad=False, memory_format=ember.preserve_format) -> Tensor

A tensor shaped like ``input`` filled with integers drawn uniformly from ``[low, high)``, in
``input``'s dtype unless ``dtype`` is given.

Args:
    input (Tensor): the tensor whose shape (and by default dtype and device) to use.
    low (int, optional): the smallest value that can be drawn (default 0).
    high (int): one above the largest value that can be drawn.

Keyword args:
    generator (ember.Generator, optional): the generator to draw from (default: the global one).
    dtype (ember.dtype, optional): the dtype (default: ``input.dtype``).
    layout (ember.layout, optional): the layout (default: ``input.layout``).
    device (ember.device, optional): the device (default: ``input.device``).
    requires_grad (bool, optional): record operations on the result for autograd (default
        ``False``).
    memory_format (ember.memory_format, optional): the memory layout of the result (default:
        that of ``input``).

Returns:
    Tensor: the random integers, shaped like ``input``.

Example::

    >>> _ = ember.manual_seed(0)
    >>> ember.randint_like(ember.zeros(2, 3), 5)
    tensor([[4., 4., 3.],
            [0., 3., 4.]])
""")

add_docstr(ember.randperm, r"""
randperm(n, *, generator=None, out=None, dtype=ember.int64, layout=ember.strided, device=None,
         requires_grad=False, pin_memory=False) -> Tensor

A random permutation of the integers ``0 .. n-1``, as a 1-D tensor (``int64`` by default).
Useful for shuffling: ``x[ember.randperm(len(x))]``.

Args:
    n (int): how many integers to permute.

Keyword args:
    generator (ember.Generator, optional): the generator to draw from (default: the global one).
    out (Tensor, optional): a tensor to write the result into.
    dtype (ember.dtype, optional): the dtype (default ``ember.int64``).
    layout (ember.layout, optional): only ``ember.strided`` (dense) is supported.
    device (ember.device, optional): where the result lives (default: the default device).
    requires_grad (bool, optional): record operations on the result for autograd (default
        ``False``).
    pin_memory (bool, optional): accepted for compatibility; has no effect on the CPU.

Returns:
    Tensor: the permutation, of length ``n``.

Example::

    >>> _ = ember.manual_seed(0)
    >>> ember.randperm(6)
    tensor([2, 5, 3, 0, 1, 4])
""")

add_docstr(ember.range, r"""
range(start=0, end, step=1, *, out=None, dtype=None, layout=ember.strided, device=None,
      requires_grad=False) -> Tensor

Deprecated: values from ``start`` to ``end`` *inclusive* in steps of ``step``, as a float tensor
(default dtype), so the result has ``floor((end - start) / step) + 1`` elements. Prefer
``ember.arange``, which excludes ``end`` as Python's ``range`` does. It warns on use.

Args:
    start (float, optional): the first value (default 0).
    end (float): the last value, included when reached exactly.
    step (float, optional): the gap between consecutive values (default 1).

Keyword args:
    out (Tensor, optional): a tensor to write the result into.
    dtype (ember.dtype, optional): the dtype (default: ``ember.get_default_dtype()``).
    layout (ember.layout, optional): only ``ember.strided`` (dense) is supported.
    device (ember.device, optional): where the result lives (default: the default device).
    requires_grad (bool, optional): record operations on the result for autograd (default
        ``False``).

Returns:
    Tensor: the 1-D sequence.

Example::

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     print(ember.range(1, 4), ember.range(0, 1, 0.25))
    tensor([1., 2., 3., 4.]) tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])
""")

add_docstr(ember.logspace, r"""
logspace(start, end, steps, base=10.0, *, out=None, dtype=None, layout=ember.strided, device=None,
         requires_grad=False) -> Tensor

``steps`` values spaced evenly on a log scale: ``base ** linspace(start, end, steps)``, so they
run from ``base**start`` to ``base**end`` inclusive.

Args:
    start (float or Tensor): the first exponent.
    end (float or Tensor): the last exponent.
    steps (int): how many values.
    base (float, optional): the base of the powers (default 10.0).

Keyword args:
    out (Tensor, optional): a tensor to write the result into.
    dtype (ember.dtype, optional): the dtype (default: ``ember.get_default_dtype()``).
    layout (ember.layout, optional): only ``ember.strided`` (dense) is supported.
    device (ember.device, optional): where the result lives (default: the default device).
    requires_grad (bool, optional): record operations on the result for autograd (default
        ``False``).

Returns:
    Tensor: the 1-D tensor of ``steps`` values.

Example::

    >>> ember.logspace(0, 3, steps=4)
    tensor([   1.,   10.,  100., 1000.])
    >>> ember.logspace(0, 4, steps=5, base=2)
    tensor([ 1.,  2.,  4.,  8., 16.])
""")

add_docstr(ember.tril_indices, r"""
tril_indices(row, col, offset=0, *, dtype=ember.long, device='cpu', layout=ember.strided) -> Tensor

The coordinates of the lower triangle of a ``row`` x ``col`` matrix (on and below diagonal
``offset``), as a ``2 x N`` tensor: row indices on top, column indices below, in row-major
order. ``x[i[0], i[1]]`` then picks those elements.

Args:
    row (int): the number of rows.
    col (int): the number of columns.
    offset (int, optional): which diagonal bounds the triangle: 0 the main one, positive above,
        negative below.

Keyword args:
    dtype (ember.dtype, optional): the index dtype (default ``ember.long``).
    device (ember.device, optional): where the result lives (default: the default device).
    layout (ember.layout, optional): only ``ember.strided`` is supported.

Returns:
    Tensor: a ``(2, N)`` tensor of indices.

Example::

    >>> ember.tril_indices(3, 3)
    tensor([[0, 1, 1, 2, 2, 2],
            [0, 0, 1, 0, 1, 2]])
    >>> ember.tril_indices(3, 3, offset=-1)
    tensor([[1, 2, 2],
            [0, 0, 1]])
""")

add_docstr(ember.triu_indices, r"""
triu_indices(row, col, offset=0, *, dtype=ember.long, device='cpu', layout=ember.strided) -> Tensor

The coordinates of the upper triangle of a ``row`` x ``col`` matrix (on and above diagonal
``offset``), as a ``2 x N`` tensor: row indices on top, column indices below, in row-major
order.

Args:
    row (int): the number of rows.
    col (int): the number of columns.
    offset (int, optional): which diagonal bounds the triangle: 0 the main one, positive above,
        negative below.

Keyword args:
    dtype (ember.dtype, optional): the index dtype (default ``ember.long``).
    device (ember.device, optional): where the result lives (default: the default device).
    layout (ember.layout, optional): only ``ember.strided`` is supported.

Returns:
    Tensor: a ``(2, N)`` tensor of indices.

Example::

    >>> ember.triu_indices(3, 3)
    tensor([[0, 0, 0, 1, 1, 2],
            [0, 1, 2, 1, 2, 2]])
    >>> ember.triu_indices(2, 4, offset=1)
    tensor([[0, 0, 0, 1, 1],
            [1, 2, 3, 2, 3]])
""")

add_docstr(ember.from_dlpack, r"""
from_dlpack(ext_tensor) -> Tensor

Wraps any object that speaks the DLPack protocol (a NumPy array, a CuPy or torch tensor...) as a
tensor over the same memory, with no copy: writes through one are seen by the other.

Args:
    ext_tensor (object): an object with ``__dlpack__`` (or a DLPack capsule).

Returns:
    Tensor: a tensor sharing memory with ``ext_tensor``.

Example::

    >>> a = np.arange(4.0)
    >>> t = ember.from_dlpack(a)
    >>> a[0] = 9.0
    >>> t
    tensor([9., 1., 2., 3.], dtype=ember.float64)
""")

add_docstr(ember.bernoulli, r"""
bernoulli(input, *, generator=None, out=None) -> Tensor
bernoulli(input, p, *, generator=None) -> Tensor

Draws 0 or 1 for each element: 1 with the probability given by that element of ``input`` (or by
``p``, when given), which must lie in ``[0, 1]``. The result has ``input``'s shape and dtype.
There is no gradient.

Args:
    input (Tensor): the probabilities of drawing 1.
    p (float, optional): one probability for every element, used instead of ``input``'s values.

Keyword args:
    generator (ember.Generator, optional): the generator to draw from (default: the global one).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the 0/1 draws, shaped like ``input``.

Example::

    >>> _ = ember.manual_seed(0)
    >>> ember.bernoulli(ember.tensor([0.0, 0.5, 0.5, 1.0]))
    tensor([0., 0., 1., 1.])
    >>> ember.bernoulli(ember.zeros(2, 3), p=0.5)
    tensor([[1., 0., 0.],
            [0., 1., 1.]])
""")

add_docstr(ember.binomial, r"""
binomial(count, prob, generator=None) -> Tensor

Draws from a binomial distribution for each element: the number of successes in ``count`` trials
that each succeed with probability ``prob`` (both broadcast). The result is floating point.

Args:
    count (Tensor): the numbers of trials (a floating tensor of non-negative integers).
    prob (Tensor): the success probabilities, in ``[0, 1]``.
    generator (ember.Generator, optional): the generator to draw from (default: the global one).

Returns:
    Tensor: the numbers of successes.

Example::

    >>> _ = ember.manual_seed(0)
    >>> ember.binomial(ember.tensor([10.0, 10.0, 5.0]), ember.tensor([0.0, 1.0, 1.0]))
    tensor([ 0., 10.,  5.])
""")

add_docstr(ember.multinomial, r"""
multinomial(input, num_samples, replacement=False, *, generator=None, out=None) -> LongTensor

Draws ``num_samples`` category indices from each row of ``input``, whose non-negative entries
are taken as (unnormalised) category weights. Without ``replacement`` each category is drawn at
most once per row, so ``num_samples`` cannot exceed the number of categories.

Args:
    input (Tensor): a 1-D tensor of weights, or a 2-D tensor with one distribution per row.
    num_samples (int): how many indices to draw per row.
    replacement (bool, optional): draw with replacement (default ``False``).

Keyword args:
    generator (ember.Generator, optional): the generator to draw from (default: the global one).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the ``int64`` indices, of shape ``(num_samples,)`` or ``(rows, num_samples)``.

Example::

    >>> _ = ember.manual_seed(0)
    >>> weights = ember.tensor([0.0, 10.0, 3.0, 0.0])
    >>> ember.multinomial(weights, 2)
    tensor([1, 2])
    >>> ember.multinomial(weights, 4, replacement=True)
    tensor([1, 2, 1, 1])
""")

add_docstr(ember.normal, r"""
normal(mean, std, *, generator=None, out=None) -> Tensor
normal(mean, std, size, *, generator=None, out=None) -> Tensor

Samples from normal distributions ``N(mean, std**2)``: ``mean`` and ``std`` may be tensors (one
distribution per element, broadcast) or numbers (then ``size`` gives the shape). The samples are
``mean + std * z`` for standard normal ``z``.

Args:
    mean (Tensor or float): the means.
    std (Tensor or float): the standard deviations (non-negative).
    size (int...): the shape, when ``mean`` and ``std`` are both numbers.

Keyword args:
    generator (ember.Generator, optional): the generator to draw from (default: the global one).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the samples.

Example::

    >>> _ = ember.manual_seed(0)
    >>> ember.normal(ember.tensor([0.0, 10.0, 100.0]), ember.tensor([1.0, 0.0, 0.0]))
    tensor([  1.5410,  10.0000, 100.0000])
    >>> ember.normal(2.0, 3.0, size=(2,))
    tensor([ 3.7053, -1.2536])
""")

add_docstr(ember.poisson, r"""
poisson(input, generator=None) -> Tensor

Draws one Poisson sample for each element, using that element as the rate ``lambda`` (which must
be non-negative). The result has ``input``'s shape and dtype.

Args:
    input (Tensor): the rates.
    generator (ember.Generator, optional): the generator to draw from (default: the global one).

Returns:
    Tensor: the counts, as floats.

Example::

    >>> _ = ember.manual_seed(0)
    >>> ember.poisson(ember.tensor([0.0, 1.0, 4.0, 100.0]))
    tensor([ 0.,  2.,  5., 94.])
""")

add_docstr(ember.seed, r"""
seed() -> int

Seeds the global generator from a non-deterministic source (the operating system's entropy) and
returns the seed used, so a run can be reproduced later with ``ember.manual_seed``.

Returns:
    int: the seed now in use.

Example::

    >>> s = ember.seed()
    >>> s == ember.initial_seed()
    True
""")

add_docstr(ember.initial_seed, r"""
initial_seed() -> int

The seed that the global generator was last seeded with (by ``manual_seed``, ``seed`` or at
start-up).

Returns:
    int: the seed.

Example::

    >>> _ = ember.manual_seed(42)
    >>> ember.initial_seed()
    42
""")

add_docstr(ember.get_rng_state, r"""
get_rng_state() -> Tensor

The state of the global CPU generator as a ``uint8`` tensor, to restore later with
``ember.set_rng_state`` and replay the same random numbers.

Returns:
    Tensor: the state, a 1-D ``uint8`` tensor.

Example::

    >>> _ = ember.manual_seed(0)
    >>> state = ember.get_rng_state()
    >>> a = ember.rand(2)
    >>> ember.set_rng_state(state)
    >>> ember.equal(a, ember.rand(2)), state.dtype
    (True, ember.uint8)
""")

add_docstr(ember.set_rng_state, r"""
set_rng_state(new_state) -> None

Restores the global CPU generator to a state saved by ``ember.get_rng_state``, so the random
numbers drawn after it repeat the ones drawn after the save.

Args:
    new_state (Tensor): a ``uint8`` state tensor from ``get_rng_state``.

Returns:
    None.

Example::

    >>> _ = ember.manual_seed(0)
    >>> state = ember.get_rng_state()
    >>> first = ember.randn(3)
    >>> ember.set_rng_state(state)
    >>> ember.equal(first, ember.randn(3))
    True
""")

add_docstr(ember.is_tensor, r"""
is_tensor(obj, /) -> bool

True when ``obj`` is an ember tensor (including Parameters), like ``isinstance(obj, Tensor)``.

Args:
    obj (object): the object to test.

Returns:
    bool: whether ``obj`` is a tensor.

Example::

    >>> ember.is_tensor(ember.tensor([1.0])), ember.is_tensor([1.0])
    (True, False)
""")

add_docstr(ember.is_floating_point, r"""
is_floating_point(input) -> bool

True when ``input``'s dtype is a floating-point one (``float16``, ``bfloat16``, ``float32``,
``float64``).

Args:
    input (Tensor): the input tensor.

Returns:
    bool: whether the dtype is floating point.

Example::

    >>> ember.is_floating_point(ember.tensor([1.0])), ember.is_floating_point(ember.tensor([1]))
    (True, False)
""")

add_docstr(ember.numel, r"""
numel(input) -> int

The total number of elements in ``input``: the product of its sizes (1 for a 0-d tensor).

Args:
    input (Tensor): the input tensor.

Returns:
    int: the element count.

Example::

    >>> ember.numel(ember.zeros(2, 3, 4)), ember.numel(ember.tensor(5.0))
    (24, 1)
""")

add_docstr(ember.get_default_dtype, r"""
get_default_dtype() -> ember.dtype

The floating dtype that factories such as ``ember.tensor([1.5])``, ``ember.zeros`` and
``ember.rand`` use when none is given: ``ember.float32`` unless changed with
``ember.set_default_dtype``.

Returns:
    ember.dtype: the current default.

Example::

    >>> ember.get_default_dtype()
    ember.float32
""")

add_docstr(ember.set_default_dtype, r"""
set_default_dtype(d, /) -> None

Sets the floating dtype that factories use when none is given, and that Python floats become in
``ember.tensor``. Only ``float32``, ``float64`` (and the 16-bit floats) are allowed. The complex
default follows (``complex128`` after ``float64``).

Args:
    d (ember.dtype): the new default floating dtype.

Returns:
    None.

Example::

    >>> ember.set_default_dtype(ember.float64)
    >>> ember.tensor([1.5]).dtype, ember.tensor([1.5j]).dtype
    (ember.float64, ember.complex128)
    >>> ember.set_default_dtype(ember.float32)
    >>> ember.tensor([1.5]).dtype
    ember.float32
""")

add_docstr(ember.get_default_device, r"""
get_default_device() -> ember.device

The device that factories create tensors on when no ``device=`` is given (``cpu`` unless changed
with ``ember.set_default_device``).

Returns:
    ember.device: the current default.

Example::

    >>> ember.get_default_device()
    device(type='cpu')
""")

add_docstr(ember.set_default_device, r"""
set_default_device(device) -> None

Sets the device that factories (``ember.zeros``, ``ember.tensor``...) use when no ``device=`` is
given; ``None`` restores the CPU default. Existing tensors do not move.

Args:
    device (ember.device or str or None): the new default device.

Returns:
    None.

Example::

    >>> ember.set_default_device("cpu")
    >>> ember.zeros(1).device
    device(type='cpu')
    >>> ember.set_default_device(None)
    >>> ember.get_default_device()
    device(type='cpu')
""")

add_docstr(ember.all, r"""
all(input, *, out=None) -> Tensor
all(input, dim, keepdim=False, *, out=None) -> Tensor

Tests whether every element is nonzero (True): over the whole tensor, or along ``dim`` (one or
several dimensions). The result is ``bool`` (``uint8`` stays ``uint8``).

Args:
    input (Tensor): the input tensor.
    dim (int or tuple of ints, optional): the dimension(s) to reduce (default: all).
    keepdim (bool, optional): keep each reduced dimension with size 1 (default ``False``).

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: a bool tensor, 0-d for a full reduction.

Example::

    >>> x = ember.tensor([[True, False], [True, True]])
    >>> ember.all(x), ember.all(x, dim=1)
    (tensor(False), tensor([False,  True]))
    >>> ember.all(ember.tensor([1.0, 2.0]))
    tensor(True)
""")

add_docstr(ember.any, r"""
any(input, *, out=None) -> Tensor
any(input, dim, keepdim=False, *, out=None) -> Tensor

Tests whether some element is nonzero (True): over the whole tensor, or along ``dim``. The
result is ``bool`` (``uint8`` stays ``uint8``).

Args:
    input (Tensor): the input tensor.
    dim (int or tuple of ints, optional): the dimension(s) to reduce (default: all).
    keepdim (bool, optional): keep each reduced dimension with size 1 (default ``False``).

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: a bool tensor, 0-d for a full reduction.

Example::

    >>> x = ember.tensor([[0, 0], [0, 3]])
    >>> ember.any(x), ember.any(x, dim=0)
    (tensor(True), tensor([False,  True]))
""")

add_docstr(ember.amax, r"""
amax(input, dim=None, keepdim=False, *, out=None) -> Tensor

The largest value along ``dim`` (a dimension or tuple of them; all when empty). Unlike
``ember.max`` it returns no indices, and the gradient is split evenly between tied maxima.
``nan`` propagates.

Args:
    input (Tensor): the input tensor.
    dim (int or tuple of ints, optional): the dimension(s) to reduce (default: all).
    keepdim (bool, optional): keep each reduced dimension with size 1 (default ``False``).

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the maxima.

Example::

    >>> x = ember.tensor([[1.0, 5.0, 2.0], [4.0, 0.0, 3.0]])
    >>> ember.amax(x), ember.amax(x, dim=0), ember.amax(x, dim=1, keepdim=True)
    (tensor(5.), tensor([4., 5., 3.]), tensor([[5.],
            [4.]]))
""")

add_docstr(ember.amin, r"""
amin(input, dim=None, keepdim=False, *, out=None) -> Tensor

The smallest value along ``dim`` (a dimension or tuple of them; all when empty). Unlike
``ember.min`` it returns no indices, and the gradient is split evenly between tied minima.

Args:
    input (Tensor): the input tensor.
    dim (int or tuple of ints, optional): the dimension(s) to reduce (default: all).
    keepdim (bool, optional): keep each reduced dimension with size 1 (default ``False``).

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the minima.

Example::

    >>> x = ember.tensor([[1.0, 5.0, 2.0], [4.0, 0.0, 3.0]])
    >>> ember.amin(x), ember.amin(x, dim=1)
    (tensor(0.), tensor([1., 0.]))
""")

add_docstr(ember.aminmax, r"""
aminmax(input, *, dim=None, keepdim=False, out=None) -> (Tensor min, Tensor max)

The minimum and the maximum in one call, over the whole tensor or along ``dim``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    dim (int, optional): the dimension to reduce (default: all).
    keepdim (bool, optional): keep each reduced dimension with size 1 (default ``False``).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    (Tensor, Tensor): a named tuple ``(min, max)``.

Example::

    >>> ember.aminmax(ember.tensor([[3, 1], [7, 5]]))
    ember.return_types.aminmax(
    min=tensor(1),
    max=tensor(7))
    >>> ember.aminmax(ember.tensor([[3, 1], [7, 5]]), dim=1)
    ember.return_types.aminmax(
    min=tensor([1, 5]),
    max=tensor([3, 7]))
""")

add_docstr(ember.argmax, r"""
argmax(input) -> LongTensor
argmax(input, dim, keepdim=False) -> LongTensor

The index of the largest value: in the flattened tensor when ``dim`` is ``None``, else along
``dim``. For ties the first occurrence wins. Not differentiable.

Args:
    input (Tensor): the input tensor.
    dim (int, optional): the dimension to reduce (default: the flattened tensor).
    keepdim (bool, optional): keep each reduced dimension with size 1 (default ``False``).

Returns:
    Tensor: the ``int64`` indices.

Example::

    >>> x = ember.tensor([[1.0, 9.0, 2.0], [8.0, 0.0, 8.0]])
    >>> ember.argmax(x), ember.argmax(x, dim=1), ember.argmax(x, dim=0, keepdim=True)
    (tensor(1), tensor([1, 0]), tensor([[1, 0, 1]]))
""")

add_docstr(ember.argmin, r"""
argmin(input, dim=None, keepdim=False) -> LongTensor

The index of the smallest value: in the flattened tensor when ``dim`` is ``None``, else along
``dim``. For ties the first occurrence wins. Not differentiable.

Args:
    input (Tensor): the input tensor.
    dim (int, optional): the dimension to reduce (default: the flattened tensor).
    keepdim (bool, optional): keep each reduced dimension with size 1 (default ``False``).

Returns:
    Tensor: the ``int64`` indices.

Example::

    >>> x = ember.tensor([[1.0, 9.0, 2.0], [8.0, 0.0, 8.0]])
    >>> ember.argmin(x), ember.argmin(x, dim=1)
    (tensor(4), tensor([0, 1]))
""")

add_docstr(ember.argsort, r"""
argsort(input, dim=-1, descending=False, *, stable=False) -> Tensor

The indices that sort ``input`` along ``dim``: ``input.gather(dim, argsort(input, dim))`` is
sorted. With ``stable=True`` equal elements keep their order.

Args:
    input (Tensor): the input tensor.
    dim (int, optional): the dimension to sort along (default -1, the last).
    descending (bool, optional): sort from largest to smallest (default ``False``).

Keyword args:
    stable (bool, optional): keep the relative order of equal elements (default ``False``).

Returns:
    Tensor: the ``int64`` indices, shaped like ``input``.

Example::

    >>> ember.argsort(ember.tensor([3.0, 1.0, 2.0]))
    tensor([1, 2, 0])
    >>> ember.argsort(ember.tensor([[3, 1, 2], [0, 5, 4]]), dim=1, descending=True)
    tensor([[0, 2, 1],
            [1, 2, 0]])
""")

add_docstr(ember.sort, r"""
sort(input, dim=-1, descending=False, *, stable=False, out=None) -> (Tensor, LongTensor)

Sorts ``input`` along ``dim`` and also returns where each sorted element came from. The gradient
flows back to the original positions. ``nan`` sorts as the largest value.

Args:
    input (Tensor): the input tensor.
    dim (int, optional): the dimension to sort along (default -1, the last).
    descending (bool, optional): sort from largest to smallest (default ``False``).

Keyword args:
    stable (bool, optional): keep the relative order of equal elements.
    out (Tensor, optional): a tensor to write the result into.

Returns:
    (Tensor, Tensor): a named tuple ``(values, indices)``, both shaped like ``input``.

Example::

    >>> values, indices = ember.sort(ember.tensor([3.0, 1.0, 2.0]))
    >>> values, indices
    (tensor([1., 2., 3.]), tensor([1, 2, 0]))
    >>> ember.sort(ember.tensor([[3, 1], [0, 5]]), dim=0, descending=True).values
    tensor([[3, 5],
            [0, 1]])
""")

add_docstr(ember.msort, r"""
msort(input, *, out=None) -> Tensor

Sorts along the first dimension (dim 0), ascending; the same as
``ember.sort(input, dim=0).values``.

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the sorted values, shaped like ``input``.

Example::

    >>> ember.msort(ember.tensor([[3, 1], [0, 5], [2, 2]]))
    tensor([[0, 1],
            [2, 2],
            [3, 5]])
""")

add_docstr(ember.topk, r"""
topk(input, k, dim=None, largest=True, sorted=True, *, out=None) -> (Tensor, LongTensor)

The ``k`` largest (or smallest) elements along ``dim`` and their indices; with ``sorted=True``
the values come in order. The gradient flows back to the selected positions.

Args:
    input (Tensor): the input tensor.
    k (int): how many elements to keep.
    dim (int, optional): the dimension to search along (default: the last).
    largest (bool, optional): take the largest (default) or, when ``False``, the smallest.
    sorted (bool, optional): return them in sorted order (default ``True``).

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    (Tensor, Tensor): a named tuple ``(values, indices)`` with size ``k`` along ``dim``.

Example::

    >>> x = ember.tensor([1.0, 7.0, 3.0, 9.0, 5.0])
    >>> ember.topk(x, 2)
    ember.return_types.topk(
    values=tensor([9., 7.]),
    indices=tensor([3, 1]))
    >>> ember.topk(x, 2, largest=False).indices
    tensor([0, 2])
""")

add_docstr(ember.kthvalue, r"""
kthvalue(input, k, dim=None, keepdim=False, *, out=None) -> (Tensor, LongTensor)

The ``k``-th smallest element (counting from 1) along ``dim`` and its index.

Args:
    input (Tensor): the input tensor.
    k (int): which order statistic, from 1 to the size of ``dim``.
    dim (int, optional): the dimension to search along (default: the last).
    keepdim (bool, optional): keep each reduced dimension with size 1 (default ``False``).

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    (Tensor, Tensor): a named tuple ``(values, indices)``.

Example::

    >>> ember.kthvalue(ember.tensor([5.0, 1.0, 4.0, 2.0]), 2)
    ember.return_types.kthvalue(
    values=tensor(2.),
    indices=tensor(3))
    >>> ember.kthvalue(ember.tensor([[5, 1, 4], [0, 9, 3]]), 3, dim=1).values
    tensor([5, 9])
""")

add_docstr(ember.max, r"""
max(input, *, out=None) -> Tensor
max(input, dim, keepdim=False, *, out=None) -> (Tensor, LongTensor)
max(input, other, *, out=None) -> Tensor

Three forms: ``max(input)`` is the largest element (0-d); ``max(input, dim)`` gives the largest
value along ``dim`` and its index as a named tuple; ``max(input, other)`` is ``ember.maximum``.
``nan`` propagates. The gradient goes to the maximal element (for the full reduction it is split
evenly between ties).

Args:
    input (Tensor): the input tensor.
    dim (int): the dimension to reduce.
    keepdim (bool, optional): keep each reduced dimension with size 1 (default ``False``).
    other (Tensor): a second tensor for the elementwise maximum.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor, or (Tensor, Tensor) as ``(values, indices)`` when ``dim`` is given.

Example::

    >>> x = ember.tensor([[1.0, 9.0, 2.0], [8.0, 0.0, 3.0]])
    >>> ember.max(x)
    tensor(9.)
    >>> ember.max(x, dim=1)
    ember.return_types.max(
    values=tensor([9., 8.]),
    indices=tensor([1, 0]))
    >>> ember.max(x, dim=0, keepdim=True).values
    tensor([[8., 9., 3.]])
""")

add_docstr(ember.min, r"""
min(input, *, out=None) -> Tensor
min(input, dim, keepdim=False, *, out=None) -> (Tensor, LongTensor)
min(input, other, *, out=None) -> Tensor

Three forms: ``min(input)`` is the smallest element (0-d); ``min(input, dim)`` gives the
smallest value along ``dim`` and its index as a named tuple; ``min(input, other)`` is
``ember.minimum``. ``nan`` propagates.

Args:
    input (Tensor): the input tensor.
    dim (int): the dimension to reduce.
    keepdim (bool, optional): keep each reduced dimension with size 1 (default ``False``).
    other (Tensor): a second tensor for the elementwise minimum.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor, or (Tensor, Tensor) as ``(values, indices)`` when ``dim`` is given.

Example::

    >>> x = ember.tensor([[1.0, 9.0, 2.0], [8.0, 0.0, 3.0]])
    >>> ember.min(x)
    tensor(0.)
    >>> ember.min(x, dim=1)
    ember.return_types.min(
    values=tensor([1., 0.]),
    indices=tensor([0, 1]))
""")

add_docstr(ember.median, r"""
median(input) -> Tensor
median(input, dim=-1, keepdim=False, *, out=None) -> (Tensor, LongTensor)

The median: for an even count, the *lower* of the two middle values (not their mean). Without
``dim`` it is over all elements and returns a 0-d tensor; with ``dim`` it returns the values and
their indices. ``nan`` propagates (see ``ember.nanmedian``).

Args:
    input (Tensor): the input tensor.
    dim (int, optional): the dimension to reduce.
    keepdim (bool, optional): keep each reduced dimension with size 1 (default ``False``).

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor, or (Tensor, Tensor) as ``(values, indices)`` when ``dim`` is given.

Example::

    >>> ember.median(ember.tensor([4.0, 1.0, 3.0, 2.0]))
    tensor(2.)
    >>> ember.median(ember.tensor([[4, 1, 3], [9, 7, 8]]), dim=1)
    ember.return_types.median(
    values=tensor([3, 8]),
    indices=tensor([2, 2]))
""")

add_docstr(ember.nanmedian, r"""
nanmedian(input) -> Tensor
nanmedian(input, dim=-1, keepdim=False, *, out=None) -> (Tensor, LongTensor)

Like ``ember.median`` but ignoring ``nan``: the lower middle value of the non-``nan`` elements
(``nan`` only if all are ``nan``).

Args:
    input (Tensor): the input tensor.
    dim (int, optional): the dimension to reduce.
    keepdim (bool, optional): keep each reduced dimension with size 1 (default ``False``).

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor, or (Tensor, Tensor) as ``(values, indices)`` when ``dim`` is given.

Example::

    >>> x = ember.tensor([1.0, float("nan"), 3.0, 2.0])
    >>> ember.median(x), ember.nanmedian(x)
    (tensor(nan), tensor(2.))
""")

add_docstr(ember.mode, r"""
mode(input, dim=-1, keepdim=False, *, out=None) -> (Tensor, LongTensor)

The most frequent value along ``dim`` (the smallest such value on ties) and the index of one of
its occurrences.

Args:
    input (Tensor): the input tensor.
    dim (int, optional): the dimension to reduce (default: the last).
    keepdim (bool, optional): keep each reduced dimension with size 1 (default ``False``).

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    (Tensor, Tensor): a named tuple ``(values, indices)``.

Example::

    >>> ember.mode(ember.tensor([[1, 2, 2, 3], [4, 4, 5, 5]])).values
    tensor([2, 4])
""")

add_docstr(ember.nanmean, r"""
nanmean(input, dim=None, keepdim=False, *, dtype=None, out=None) -> Tensor

The mean of the non-``nan`` elements (all of them, or along ``dim``): ``nan`` values are left
out of both the sum and the count.

Args:
    input (Tensor): the input tensor.
    dim (int or tuple of ints, optional): the dimension(s) to reduce (default: all).
    keepdim (bool, optional): keep each reduced dimension with size 1 (default ``False``).

Keyword args:
    dtype (ember.dtype, optional): the dtype of the result (default: inferred).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the means.

Example::

    >>> x = ember.tensor([[1.0, float("nan")], [3.0, 5.0]])
    >>> ember.nanmean(x), ember.nanmean(x, dim=1)
    (tensor(3.), tensor([1., 4.]))
""")

add_docstr(ember.nansum, r"""
nansum(input, *, dtype=None) -> Tensor
nansum(input, dim, keepdim=False, *, dtype=None) -> Tensor

The sum with ``nan`` values counted as zero, over all elements or along ``dim``.

Args:
    input (Tensor): the input tensor.
    dim (int or tuple of ints, optional): the dimension(s) to reduce (default: all).
    keepdim (bool, optional): keep each reduced dimension with size 1 (default ``False``).

Keyword args:
    dtype (ember.dtype, optional): the dtype of the result (default: inferred).

Returns:
    Tensor: the sums.

Example::

    >>> x = ember.tensor([[1.0, float("nan")], [3.0, 5.0]])
    >>> ember.nansum(x), ember.nansum(x, dim=0)
    (tensor(9.), tensor([4., 5.]))
""")

add_docstr(ember.prod, r"""
prod(input, *, dtype=None) -> Tensor
prod(input, dim, keepdim=False, *, dtype=None) -> Tensor

The product of the elements, over all of them or along ``dim``. Integer and bool inputs multiply
as ``int64``. The gradient is the product of the other elements (correct with zeros).

Args:
    input (Tensor): the input tensor.
    dim (int): the dimension to reduce.
    keepdim (bool, optional): keep each reduced dimension with size 1 (default ``False``).

Keyword args:
    dtype (ember.dtype, optional): the dtype of the result (default: inferred).

Returns:
    Tensor: the products.

Example::

    >>> x = ember.tensor([[1, 2], [3, 4]])
    >>> ember.prod(x), ember.prod(x, 1)
    (tensor(24), tensor([ 2, 12]))
    >>> ember.prod(ember.tensor([2.0, 0.5, 3.0]))
    tensor(3.)
""")

add_docstr(ember.logsumexp, r"""
logsumexp(input, dim, keepdim=False, *, out=None)

``log(sum(exp(input)))`` along ``dim``, computed stably by factoring out the maximum, so large
inputs do not overflow. Its gradient is ``softmax(input)`` along ``dim``.

Args:
    input (Tensor): the input tensor.
    dim (int or tuple of ints): the dimension(s) to reduce.
    keepdim (bool, optional): keep each reduced dimension with size 1 (default ``False``).

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results.

Example::

    >>> x = ember.tensor([[0.0, 0.0], [1000.0, 1000.0]])
    >>> ember.logsumexp(x, dim=1)
    tensor([6.9315e-01, 1.0007e+03])
""")

add_docstr(ember.std, r"""
std(input, dim=None, *, correction=1, keepdim=False, out=None) -> Tensor

The standard deviation ``sqrt(sum((x - mean)**2) / (N - correction))`` over ``dim`` (all
elements by default). ``correction=1`` (the default) is Bessel's unbiased estimate; 0 gives the
population formula.

Args:
    input (Tensor): the input tensor.
    dim (int or tuple of ints, optional): the dimension(s) to reduce (default: all).

Keyword args:
    correction (int, optional): subtracted from the count ``N`` in the denominator (default 1).
    keepdim (bool, optional): keep each reduced dimension with size 1 (default ``False``).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the standard deviations.

Example::

    >>> x = ember.tensor([[1.0, 2.0, 3.0, 4.0]])
    >>> ember.std(x), ember.std(x, correction=0), ember.std(x, dim=1)
    (tensor(1.2910), tensor(1.1180), tensor([1.2910]))
""")

add_docstr(ember.var, r"""
var(input, dim=None, *, correction=1, keepdim=False, out=None) -> Tensor

The variance ``sum((x - mean)**2) / (N - correction)`` over ``dim`` (all elements by default).
``correction=1`` (the default) is the unbiased estimate; 0 gives the population variance.

Args:
    input (Tensor): the input tensor.
    dim (int or tuple of ints, optional): the dimension(s) to reduce (default: all).

Keyword args:
    correction (int, optional): subtracted from the count ``N`` in the denominator (default 1).
    keepdim (bool, optional): keep each reduced dimension with size 1 (default ``False``).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the variances.

Example::

    >>> x = ember.tensor([1.0, 2.0, 3.0, 4.0])
    >>> ember.var(x), ember.var(x, correction=0)
    (tensor(1.6667), tensor(1.2500))
""")

add_docstr(ember.std_mean, r"""
std_mean(input, dim=None, *, correction=1, keepdim=False, out=None) -> (Tensor, Tensor)

The standard deviation and the mean in one call (see ``ember.std``).

Args:
    input (Tensor): the input tensor.
    dim (int or tuple of ints, optional): the dimension(s) to reduce (default: all).

Keyword args:
    correction (int, optional): subtracted from the count in the denominator (default 1).
    keepdim (bool, optional): keep each reduced dimension with size 1 (default ``False``).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    (Tensor, Tensor): ``(std, mean)``.

Example::

    >>> ember.std_mean(ember.tensor([[1.0, 3.0], [2.0, 6.0]]), dim=1)
    (tensor([1.4142, 2.8284]), tensor([2., 4.]))
""")

add_docstr(ember.var_mean, r"""
var_mean(input, dim=None, *, correction=1, keepdim=False, out=None) -> (Tensor, Tensor)

The variance and the mean in one call (see ``ember.var``).

Args:
    input (Tensor): the input tensor.
    dim (int or tuple of ints, optional): the dimension(s) to reduce (default: all).

Keyword args:
    correction (int, optional): subtracted from the count in the denominator (default 1).
    keepdim (bool, optional): keep each reduced dimension with size 1 (default ``False``).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    (Tensor, Tensor): ``(var, mean)``.

Example::

    >>> ember.var_mean(ember.tensor([[1.0, 3.0], [2.0, 6.0]]), dim=1)
    (tensor([2., 8.]), tensor([2., 4.]))
""")

add_docstr(ember.count_nonzero, r"""
count_nonzero(input, dim=None) -> Tensor

Counts the nonzero elements, over all of them or along ``dim``.

Args:
    input (Tensor): the input tensor.
    dim (int or tuple of ints, optional): the dimension(s) to count along (default: all).

Returns:
    Tensor: the ``int64`` counts.

Example::

    >>> x = ember.tensor([[0, 1, 2], [0, 0, 3]])
    >>> ember.count_nonzero(x), ember.count_nonzero(x, dim=1)
    (tensor(3), tensor([2, 1]))
""")

add_docstr(ember.cumsum, r"""
cumsum(input, dim, *, dtype=None, out=None) -> Tensor

The running sum along ``dim``: ``out[i] = input[0] + ... + input[i]``. Integer and bool inputs
accumulate as ``int64``. The gradient is the reversed running sum of the incoming gradient.

Args:
    input (Tensor): the input tensor.
    dim (int): the dimension to accumulate along.

Keyword args:
    dtype (ember.dtype, optional): the dtype of the result (default: inferred).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the running sums, shaped like ``input``.

Example::

    >>> ember.cumsum(ember.tensor([1, 2, 3, 4]), dim=0)
    tensor([ 1,  3,  6, 10])
    >>> ember.cumsum(ember.tensor([[1.0, 2.0], [3.0, 4.0]]), dim=1)
    tensor([[1., 3.],
            [3., 7.]])
""")

add_docstr(ember.cumprod, r"""
cumprod(input, dim, *, dtype=None, out=None) -> Tensor

The running product along ``dim``: ``out[i] = input[0] * ... * input[i]``. Integer and bool
inputs accumulate as ``int64``.

Args:
    input (Tensor): the input tensor.
    dim (int): the dimension to accumulate along.

Keyword args:
    dtype (ember.dtype, optional): the dtype of the result (default: inferred).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the running products, shaped like ``input``.

Example::

    >>> ember.cumprod(ember.tensor([1, 2, 3, 4]), dim=0)
    tensor([ 1,  2,  6, 24])
    >>> ember.cumprod(ember.tensor([2.0, 0.5, 0.0, 3.0]), dim=0)
    tensor([2., 1., 0., 0.])
""")

add_docstr(ember.cummax, r"""
cummax(input, dim, *, out=None) -> (Tensor, LongTensor)

The running maximum along ``dim`` and the index where each running maximum was attained (the
latest one on ties).

Args:
    input (Tensor): the input tensor.
    dim (int): the dimension to accumulate along.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    (Tensor, Tensor): a named tuple ``(values, indices)``, both shaped like ``input``.

Example::

    >>> ember.cummax(ember.tensor([1.0, 3.0, 2.0, 5.0, 4.0]), dim=0)
    ember.return_types.cummax(
    values=tensor([1., 3., 3., 5., 5.]),
    indices=tensor([0, 1, 1, 3, 3]))
""")

add_docstr(ember.cummin, r"""
cummin(input, dim, *, out=None) -> (Tensor, LongTensor)

The running minimum along ``dim`` and the index where each running minimum was attained (the
latest one on ties).

Args:
    input (Tensor): the input tensor.
    dim (int): the dimension to accumulate along.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    (Tensor, Tensor): a named tuple ``(values, indices)``, both shaped like ``input``.

Example::

    >>> ember.cummin(ember.tensor([5.0, 3.0, 4.0, 1.0, 2.0]), dim=0)
    ember.return_types.cummin(
    values=tensor([5., 3., 3., 1., 1.]),
    indices=tensor([0, 1, 1, 3, 3]))
""")

add_docstr(ember.logcumsumexp, r"""
logcumsumexp(input, dim, *, out=None) -> Tensor

The running ``log(sum(exp(...)))`` along ``dim``, computed stably:
``out[i] = log(exp(input[0]) + ... + exp(input[i]))``.

Args:
    input (Tensor): the input tensor.
    dim (int): the dimension to accumulate along.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the results, shaped like ``input``.

Example::

    >>> ember.logcumsumexp(ember.tensor([0.0, 0.0, 0.0, 0.0]), dim=0)
    tensor([0.0000, 0.6931, 1.0986, 1.3863])
""")

add_docstr(ember.norm, r"""
norm(input, p='fro', dim=None, keepdim=False, out=None, dtype=None) -> Tensor

The vector p-norm ``(sum |x|**p) ** (1/p)`` of ``input`` (all elements, or along ``dim``), or
the Frobenius (``"fro"``) or nuclear (``"nuc"``) norm of matrices. ``p="fro"`` over all elements
equals the 2-norm. Prefer ``ember.linalg.vector_norm`` / ``matrix_norm`` in new code.

Args:
    input (Tensor): the input tensor (floating point or complex).
    p (int, float, inf, -inf, 'fro', 'nuc', optional): the order of the norm (default
        ``"fro"``).
    dim (int, tuple of ints, optional): the dimension(s) to reduce (default: all).
    keepdim (bool, optional): keep the reduced dimensions with size 1 (default ``False``).
    out (Tensor, optional): a tensor to write the result into.
    dtype (ember.dtype, optional): cast ``input`` to this dtype first.

Returns:
    Tensor: the norm(s).

Example::

    >>> x = ember.tensor([[3.0, 4.0], [0.0, 0.0]])
    >>> ember.norm(x), ember.norm(x, p=1), ember.norm(x, dim=1)
    (tensor(5.), tensor(7.), tensor([5., 0.]))
    >>> ember.norm(x, p=float("inf"))
    tensor(4.)
""")

add_docstr(ember.quantile, r"""
quantile(input, q, dim=None, keepdim=False, *, interpolation='linear', out=None) -> Tensor

The ``q``-th quantiles of ``input`` (all elements, or along ``dim``). When a quantile falls
between two sorted values ``a`` and ``b`` they are combined as ``interpolation`` says:
``"linear"`` (default), ``"lower"``, ``"higher"``, ``"midpoint"`` or ``"nearest"``. ``nan`` in
the input makes the result ``nan``.

Args:
    input (Tensor): the input tensor.
    q (float or Tensor): the quantile(s), in ``[0, 1]``.
    dim (int, optional): the dimension to reduce (default: all elements).
    keepdim (bool, optional): keep each reduced dimension with size 1 (default ``False``).

Keyword args:
    interpolation (str, optional): how to pick between two neighbours (default ``"linear"``).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the quantiles; a tensor ``q`` adds a leading dimension of its size.

Example::

    >>> x = ember.tensor([1.0, 2.0, 3.0, 4.0])
    >>> ember.quantile(x, 0.5)
    tensor(2.5000)
    >>> ember.quantile(x, ember.tensor([0.25, 0.75]), interpolation="lower")
    tensor([1., 3.])
""")

add_docstr(ember.nanquantile, r"""
nanquantile(input, q, dim=None, keepdim=False, *, interpolation='linear', out=None) -> Tensor

Like ``ember.quantile`` but ignoring ``nan`` values, as if they were not there.

Args:
    input (Tensor): the input tensor.
    q (float or Tensor): the quantile(s), in ``[0, 1]``.
    dim (int, optional): the dimension to reduce (default: all elements).
    keepdim (bool, optional): keep each reduced dimension with size 1 (default ``False``).

Keyword args:
    interpolation (str, optional): how to pick between two neighbours (default ``"linear"``).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the quantiles.

Example::

    >>> x = ember.tensor([1.0, float("nan"), 3.0])
    >>> ember.quantile(x, 0.5), ember.nanquantile(x, 0.5)
    (tensor(nan), tensor(2.))
""")

add_docstr(ember.unique, r"""
unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None) -> tuple[Tensor,
       Tensor, Tensor]

The distinct elements of ``input`` (of the flattened tensor, or the distinct slices along
``dim``), sorted. Optionally also the index of each input element in that list
(``return_inverse``) and how often each distinct value occurs (``return_counts``).

Args:
    input (Tensor): the input tensor.
    sorted (bool, optional): sort the result (ember always does, as torch on the CPU).
    return_inverse (bool, optional): also return, for each element of ``input``, its position in
        the result.
    return_counts (bool, optional): also return the number of occurrences of each distinct
        value.
    dim (int, optional): find distinct slices along this dimension (default: distinct elements).

Returns:
    Tensor, or a tuple with the inverse indices and/or counts added.

Example::

    >>> x = ember.tensor([3, 1, 3, 2, 1, 3])
    >>> ember.unique(x)
    tensor([1, 2, 3])
    >>> ember.unique(x, return_inverse=True, return_counts=True)
    (tensor([1, 2, 3]), tensor([2, 0, 2, 1, 0, 2]), tensor([2, 1, 3]))
""")

add_docstr(ember.unique_consecutive, r"""
unique_consecutive(input, return_inverse=False, return_counts=False, dim=None) -> Tensor

Collapses every run of equal consecutive elements into one (like the Unix ``uniq``), without
sorting. Optionally also returns each element's run index and each run's length.

Args:
    input (Tensor): the input tensor.
    return_inverse (bool, optional): also return, for each element of ``input``, its run's
        position.
    return_counts (bool, optional): also return the length of each run.
    dim (int, optional): compare slices along this dimension (default: the flattened tensor).

Returns:
    Tensor, or a tuple with the inverse indices and/or counts added.

Example::

    >>> x = ember.tensor([1, 1, 2, 2, 3, 1, 1])
    >>> ember.unique_consecutive(x)
    tensor([1, 2, 3, 1])
    >>> ember.unique_consecutive(x, return_counts=True)
    (tensor([1, 2, 3, 1]), tensor([2, 2, 1, 2]))
""")

add_docstr(ember.bincount, r"""
bincount(input, weights=None, minlength=0) -> Tensor

Counts how often each value ``0, 1, ..., max(input)`` occurs in a 1-D tensor of non-negative
integers; with ``weights`` it sums the matching weights instead. The result has at least
``minlength`` entries.

Args:
    input (Tensor): a 1-D tensor of non-negative integers.
    weights (Tensor, optional): one weight per element of ``input``.
    minlength (int, optional): the smallest length of the result (default 0).

Returns:
    Tensor: the counts (``int64``) or weight sums.

Example::

    >>> x = ember.tensor([0, 1, 1, 3])
    >>> ember.bincount(x)
    tensor([1, 2, 0, 1])
    >>> ember.bincount(x, weights=ember.tensor([0.5, 1.0, 1.0, 2.0]), minlength=6)
    tensor([0.5000, 2.0000, 0.0000, 2.0000, 0.0000, 0.0000])
""")

add_docstr(ember.histc, r"""
histc(input, bins=100, min=0, max=0, *, out=None) -> Tensor

A histogram: counts of the elements in ``bins`` equal-width bins spanning ``[min, max]`` (the
data's range when both are 0); values outside are ignored. The result has ``input``'s dtype.

Args:
    input (Tensor): the input tensor.
    bins (int, optional): the number of bins (default 100).
    min (Number, optional): the lower end of the range (default 0).
    max (Number, optional): the upper end of the range (default 0).

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the counts, a 1-D tensor of length ``bins``.

Example::

    >>> ember.histc(ember.tensor([1.0, 2.0, 1.0, 4.0]), bins=4, min=0, max=4)
    tensor([0., 2., 1., 1.])
""")

add_docstr(ember.histogram, r"""
histogram(input, bins, *, range=None, weight=None, density=False, out=None) -> (Tensor, Tensor)

A histogram of ``input``'s values with ``bins`` equal-width bins over ``range`` (default: the
data's range), or with the given bin edges. ``weight`` sums weights instead of counting;
``density`` normalises the result so it integrates to 1.

Args:
    input (Tensor): the input tensor.
    bins (int or Tensor): the number of bins, or a 1-D tensor of increasing bin edges.

Keyword args:
    range (tuple of float, optional): ``(min, max)`` of the bins (default: the data's range).
    weight (Tensor, optional): one weight per element of ``input``.
    density (bool, optional): return a probability density instead of counts (default
        ``False``).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    (Tensor, Tensor): a named tuple ``(hist, bin_edges)``.

Example::

    >>> ember.histogram(ember.tensor([1.0, 2.0, 1.0]), bins=4, range=(0.0, 3.0))
    ember.return_types.histogram(
    hist=tensor([0., 2., 1., 0.]),
    bin_edges=tensor([0.0000, 0.7500, 1.5000, 2.2500, 3.0000]))
""")

add_docstr(ember.histogramdd, r"""
histogramdd(input, bins, *, range=None, weight=None, density=False, out=None) -> (Tensor, Tensor[])

A multi-dimensional histogram of ``N`` points in ``D`` dimensions (``input`` of shape
``(N, D)``): the counts in a grid of bins, one ``bins`` entry per dimension.

Args:
    input (Tensor): the input tensor.
    bins (int, list of int, or list of Tensor): bins per dimension, or their edges.

Keyword args:
    range (list of float, optional): ``[min0, max0, min1, max1, ...]`` (default: the data's
        range).
    weight (Tensor, optional): one weight per point.
    density (bool, optional): normalise to a probability density (default ``False``).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    (Tensor, list of Tensor): a named tuple ``(hist, bin_edges)``.

Example::

    >>> points = ember.tensor([[0.0, 0.0], [1.0, 1.0], [1.0, 0.0]])
    >>> ember.histogramdd(points, bins=[2, 2]).hist
    tensor([[1., 0.],
            [1., 1.]])
""")

add_docstr(ember.diff, r"""
diff(input, n=1, dim=-1, prepend=None, append=None) -> Tensor

The ``n``-th forward difference along ``dim``: ``out[i] = input[i + 1] - input[i]``, repeated
``n`` times (each pass shortens ``dim`` by one). ``prepend`` and ``append`` are joined to
``input`` first. For bool tensors the difference is ``!=``.

Args:
    input (Tensor): the input tensor.
    n (int, optional): how many times to difference (default 1).
    dim (int, optional): the dimension to difference along (default -1).
    prepend (Tensor, optional): values joined in front of ``input`` along ``dim``.
    append (Tensor, optional): values joined after ``input`` along ``dim``.

Returns:
    Tensor: the differences.

Example::

    >>> x = ember.tensor([1, 4, 9, 16])
    >>> ember.diff(x), ember.diff(x, n=2)
    (tensor([3, 5, 7]), tensor([2, 2]))
    >>> ember.diff(x, prepend=ember.tensor([0]))
    tensor([1, 3, 5, 7])
""")

add_docstr(ember.trapezoid, r"""
trapezoid(y, x=None, *, dx=None, dim=-1) -> Tensor

Integrates ``y`` along ``dim`` with the trapezoid rule: the sum of
``(y[i] + y[i + 1]) / 2 * width``, with widths from the sample points ``x`` or the constant
spacing ``dx``.

Args:
    y (Tensor): the function values.
    x (Tensor, optional): the sample points (default: spaced by ``dx``).

Keyword args:
    dx (float, optional): the constant spacing when ``x`` is not given (default 1).
    dim (int, optional): the dimension to integrate along (default -1).

Returns:
    Tensor: the integrals, with ``dim`` removed.

Example::

    >>> y = ember.tensor([1.0, 2.0, 3.0])
    >>> ember.trapezoid(y), ember.trapezoid(y, dx=0.5)
    (tensor(4.), tensor(2.))
    >>> ember.trapezoid(y, x=ember.tensor([0.0, 1.0, 3.0]))
    tensor(6.5000)
""")

add_docstr(ember.trapz, r"""
trapz(y, x, *, dim=-1) -> Tensor
trapz(y, *, dx=1, dim=-1) -> Tensor

Another name for ``ember.trapezoid``: the trapezoid-rule integral of ``y`` along ``dim``.

Args:
    y (Tensor): the function values.
    x (Tensor): the sample points.

Keyword args:
    dim (int, optional): the dimension to integrate along (default -1).
    dx (float, optional): the constant spacing when ``x`` is not given (default 1).

Returns:
    Tensor: the integrals, with ``dim`` removed.

Example::

    >>> ember.trapz(ember.tensor([0.0, 1.0, 4.0]), dx=2.0)
    tensor(6.)
""")

add_docstr(ember.cumulative_trapezoid, r"""
cumulative_trapezoid(y, x=None, *, dx=None, dim=-1) -> Tensor

The running trapezoid-rule integral of ``y`` along ``dim``: entry ``i`` integrates from the
first sample to sample ``i + 1`` (one element fewer than ``y``).

Args:
    y (Tensor): the function values.
    x (Tensor, optional): the sample points (default: spaced by ``dx``).

Keyword args:
    dx (float, optional): the constant spacing when ``x`` is not given (default 1).
    dim (int, optional): the dimension to integrate along (default -1).

Returns:
    Tensor: the running integrals.

Example::

    >>> ember.cumulative_trapezoid(ember.tensor([1.0, 2.0, 3.0, 4.0]))
    tensor([1.5000, 4.0000, 7.5000])
""")

add_docstr(ember.searchsorted, r"""
searchsorted(sorted_sequence, values, *, out_int32=False, right=False, side=None, out=None,
             sorter=None) -> Tensor

For each value, the index where it would be inserted into the sorted ``sorted_sequence`` to keep
it sorted (the first such place, or the last with ``right=True`` / ``side="right"``). The
sequence may be 1-D or batched along its last dimension.

Args:
    sorted_sequence (Tensor): the sorted sequence(s), ascending along the last dimension.
    values (Tensor or Scalar): the values to place.

Keyword args:
    out_int32 (bool, optional): return ``int32`` instead of ``int64`` indices.
    right (bool, optional): return the last suitable index instead of the first.
    side (str, optional): ``"left"`` or ``"right"``, the same choice as ``right``.
    out (Tensor, optional): a tensor to write the result into.
    sorter (LongTensor, optional): indices that sort ``sorted_sequence`` when it is not sorted.

Returns:
    Tensor: the insertion indices, shaped like ``values``.

Example::

    >>> seq = ember.tensor([1, 3, 5, 7])
    >>> ember.searchsorted(seq, ember.tensor([3, 6, 9]))
    tensor([1, 3, 4])
    >>> ember.searchsorted(seq, ember.tensor([3, 6, 9]), right=True)
    tensor([2, 3, 4])
""")

add_docstr(ember.bucketize, r"""
bucketize(input, boundaries, *, out_int32=False, right=False, out=None) -> Tensor

The bucket index of each value given sorted 1-D ``boundaries``: the number of boundaries below
it (``right=False``: ``boundaries[i-1] < x <= boundaries[i]``; ``right=True``:
``boundaries[i-1] <= x < boundaries[i]``).

Args:
    input (Tensor): the input tensor.
    boundaries (Tensor): a sorted 1-D tensor of bucket edges.

Keyword args:
    out_int32 (bool, optional): return ``int32`` instead of ``int64`` indices.
    right (bool, optional): which side of an edge a value equal to it belongs to (default
        ``False``).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the bucket indices, shaped like ``input``.

Example::

    >>> edges = ember.tensor([1, 3, 5])
    >>> ember.bucketize(ember.tensor([0, 1, 4, 5, 6]), edges)
    tensor([0, 0, 2, 2, 3])
    >>> ember.bucketize(ember.tensor([0, 1, 4, 5, 6]), edges, right=True)
    tensor([0, 1, 2, 3, 3])
""")

add_docstr(ember.isin, r"""
isin(elements, test_elements, *, assume_unique=False, invert=False) -> Tensor

True where an element of ``elements`` occurs among ``test_elements`` (or, with ``invert=True``,
where it does not).

Args:
    elements (Tensor or Scalar): the values to look up.
    test_elements (Tensor or Scalar): the set of values to look in.

Keyword args:
    assume_unique (bool, optional): promise both inputs have no repeats, which may be faster.
    invert (bool, optional): negate the result (default ``False``).

Returns:
    Tensor: a bool tensor shaped like ``elements``.

Example::

    >>> ember.isin(ember.tensor([[1, 2], [3, 4]]), ember.tensor([2, 3]))
    tensor([[False,  True],
            [ True, False]])
""")

add_docstr(ember.dist, r"""
dist(input, other, p=2) -> Tensor

The p-norm of the difference ``input - other`` (broadcast), as one number:
``(sum |input - other|**p) ** (1/p)``.

Args:
    input (Tensor): the input tensor.
    other (Tensor): the second tensor, broadcast against ``input``.
    p (float, optional): the order of the norm (default 2).

Returns:
    Tensor: a 0-d tensor.

Example::

    >>> a, b = ember.tensor([0.0, 0.0]), ember.tensor([3.0, 4.0])
    >>> ember.dist(a, b), ember.dist(a, b, p=1)
    (tensor(5.), tensor(7.))
""")

add_docstr(ember.renorm, r"""
renorm(input, p, dim, maxnorm, *, out=None) -> Tensor

Rescales each slice ``input[..., i, ...]`` along ``dim`` whose p-norm exceeds ``maxnorm`` so its
norm equals ``maxnorm``; slices already within the bound are unchanged.

Args:
    input (Tensor): the input tensor.
    p (float): the order of the norm.
    dim (int): the dimension whose slices are rescaled one by one.
    maxnorm (float): the largest allowed norm.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the rescaled tensor, shaped like ``input``.

Example::

    >>> x = ember.tensor([[3.0, 4.0], [0.3, 0.4]])
    >>> ember.renorm(x, p=2, dim=0, maxnorm=1.0)
    tensor([[0.6000, 0.8000],
            [0.3000, 0.4000]])
""")
