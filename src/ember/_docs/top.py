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
    >>> ember.tan(ember.tensor([0.0, math.pi / 4, -1.0]))
    tensor([ 0.0000,  1.0000, -1.5574])
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

    >>> ember.log2(ember.tensor([1.0, 8.0, 3.0]))
    tensor([0.0000, 3.0000, 1.5850])
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

The sign of each element: -1, 0 or 1, in the input's dtype (``nan`` gives 0, as in torch). Its
gradient is zero everywhere.

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

    >>> ember.sinc(ember.tensor([0.0, 0.5, 1.5]))
    tensor([ 1.0000,  0.6366, -0.2122])
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

    >>> x = ember.tensor([1.0, 0.5])
    >>> ember.log10_(x)
    tensor([ 0.0000, -0.3010])
    >>> x
    tensor([ 0.0000, -0.3010])
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

    >>> x = ember.tensor([1.0, 3.0])
    >>> ember.log2_(x)
    tensor([0.0000, 1.5850])
    >>> x
    tensor([0.0000, 1.5850])
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

    >>> ember.hypot(ember.tensor([3.0, 1.0]), ember.tensor([4.0, 1.0]))
    tensor([5.0000, 1.4142])
""")

add_docstr(ember.copysign, r"""
copysign(input, other, *, out=None) -> Tensor

A value with the magnitude of ``input`` and the sign of ``other``, elementwise (the sign of
``-0.0`` counts as negative). The result is floating point. The gradient to ``input`` is
``sign(input) * sign(out)``; the gradient to ``other`` is zero.

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

    >>> ember.logaddexp2(ember.tensor([1.0, 3.0]), ember.tensor([2.0, 3.0]))
    tensor([2.5850, 4.0000])
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

    >>> ember.logspace(-1, 2, steps=4)
    tensor([  0.1000,   1.0000,  10.0000, 100.0000])
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
unique(input, sorted=True, return_inverse=False, return_counts=False,
       dim=None) -> tuple[Tensor, Tensor, Tensor]

The distinct elements of ``input`` (of the flattened tensor, or the distinct slices along
``dim``), sorted. Optionally also the index of each input element in that list
(``return_inverse``) and how often each distinct value occurs (``return_counts``).

Args:
    input (Tensor): the input tensor.
    sorted (bool, optional): whether to sort the result (on the CPU it comes back sorted either
        way).
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

add_docstr(ember.adjoint, r"""
adjoint(input) -> Tensor

The conjugate transpose of the last two dimensions, as a view (for real tensors simply the
transpose ``input.mT``). ``input`` needs at least two dimensions.

Args:
    input (Tensor): the input tensor.

Returns:
    Tensor: a view with the last two dimensions swapped (and conjugated).

Example::

    >>> ember.adjoint(ember.tensor([[1, 2, 3], [4, 5, 6]]))
    tensor([[1, 4],
            [2, 5],
            [3, 6]])
""")

add_docstr(ember.atleast_1d, r"""
atleast_1d(*tensors) -> Tensor or tuple of Tensors

Returns each input viewed with at least one dimension: 0-d tensors become shape ``(1,)``, others
are returned unchanged.

Args:
    *tensors (Tensor or sequence of Tensors): the tensors.

Returns:
    Tensor for one input, else a tuple of Tensors.

Example::

    >>> ember.atleast_1d(ember.tensor(5.0))
    tensor([5.])
    >>> ember.atleast_1d(ember.tensor(1), ember.tensor([2, 3]))
    (tensor([1]), tensor([2, 3]))
""")

add_docstr(ember.atleast_2d, r"""
atleast_2d(*tensors) -> Tensor or tuple of Tensors

Returns each input viewed with at least two dimensions: a 0-d tensor becomes ``(1, 1)`` and a
1-D tensor of length ``n`` a row ``(1, n)``.

Args:
    *tensors (Tensor or sequence of Tensors): the tensors.

Returns:
    Tensor for one input, else a tuple of Tensors.

Example::

    >>> ember.atleast_2d(ember.tensor([1, 2, 3]))
    tensor([[1, 2, 3]])
""")

add_docstr(ember.atleast_3d, r"""
atleast_3d(*tensors) -> Tensor or tuple of Tensors

Returns each input viewed with at least three dimensions: 0-d becomes ``(1, 1, 1)``, a length
``n`` vector ``(1, n, 1)`` and an ``(m, n)`` matrix ``(m, n, 1)``.

Args:
    *tensors (Tensor or sequence of Tensors): the tensors.

Returns:
    Tensor for one input, else a tuple of Tensors.

Example::

    >>> ember.atleast_3d(ember.tensor([1, 2])).shape, ember.atleast_3d(ember.ones(2, 3)).shape
    (ember.Size([1, 2, 1]), ember.Size([2, 3, 1]))
""")

add_docstr(ember.block_diag, r"""
block_diag(*tensors) -> Tensor

Builds a block-diagonal matrix: the inputs (0-d, 1-D as a single row, or 2-D) are placed along
the diagonal and everything else is zero. Each input's gradient is its block of the output's
gradient.

Args:
    *tensors (Tensor): the blocks, with up to two dimensions each.

Returns:
    Tensor: a 2-D tensor whose shape is the sum of the blocks' shapes.

Example::

    >>> ember.block_diag(ember.tensor([[1, 2], [3, 4]]), ember.tensor([[5]]), ember.tensor([6, 7]))
    tensor([[1, 2, 0, 0, 0],
            [3, 4, 0, 0, 0],
            [0, 0, 5, 0, 0],
            [0, 0, 0, 6, 7]])
""")

add_docstr(ember.broadcast_shapes, r"""
broadcast_shapes(*shapes) -> Size

The shape that tensors of the given shapes broadcast to, computed without creating any tensor.
Raises ``RuntimeError`` when the shapes are incompatible.

Args:
    *shapes (ember.Size or tuple of ints): the shapes.

Returns:
    ember.Size: the broadcast shape.

Example::

    >>> ember.broadcast_shapes((2, 1), (1, 3)), ember.broadcast_shapes((5, 1, 4), (4,))
    (ember.Size([2, 3]), ember.Size([5, 1, 4]))
""")

add_docstr(ember.broadcast_tensors, r"""
broadcast_tensors(*tensors) -> List of Tensors

Expands all the tensors to their common broadcast shape. The results are views (no copy), so
several elements may share memory: copy before writing into them.

Args:
    *tensors (Tensor): the tensors to broadcast together.

Returns:
    tuple of Tensors: the broadcast views, all of the same shape.

Example::

    >>> a, b = ember.broadcast_tensors(ember.tensor([[1], [2]]), ember.tensor([10, 20, 30]))
    >>> a
    tensor([[1, 1, 1],
            [2, 2, 2]])
    >>> b
    tensor([[10, 20, 30],
            [10, 20, 30]])
""")

add_docstr(ember.broadcast_to, r"""
broadcast_to(input, shape) -> Tensor

Expands ``input`` to ``shape`` by broadcasting (sizes of 1 are repeated, new leading dimensions
are added; ``-1`` keeps a size). The result is a view with no copied data. The gradient is
summed back over the expanded dimensions.

Args:
    input (Tensor): the input tensor.
    shape (list, tuple, or ember.Size): the target shape.

Returns:
    Tensor: a view of ``input`` with the target shape.

Example::

    >>> ember.broadcast_to(ember.tensor([1, 2, 3]), (2, 3))
    tensor([[1, 2, 3],
            [1, 2, 3]])
""")

add_docstr(ember.cartesian_prod, r"""
cartesian_prod(*tensors) -> Tensor

The Cartesian product of 1-D tensors: every combination of one element from each, one per row,
in the order ``itertools.product`` gives.

Args:
    *tensors (Tensor): 1-D tensors.

Returns:
    Tensor: a ``(N, len(tensors))`` tensor of combinations (1-D for a single input).

Example::

    >>> ember.cartesian_prod(ember.tensor([1, 2]), ember.tensor([3, 4, 5]))
    tensor([[1, 3],
            [1, 4],
            [1, 5],
            [2, 3],
            [2, 4],
            [2, 5]])
""")

add_docstr(ember.combinations, r"""
combinations(input, r=2, with_replacement=False) -> seq

The length-``r`` combinations of a 1-D tensor's elements, one per row, in the order
``itertools.combinations`` gives (or ``combinations_with_replacement`` with
``with_replacement=True``).

Args:
    input (Tensor): a 1-D tensor.
    r (int, optional): the length of each combination (default 2).
    with_replacement (bool, optional): allow an element to repeat within a combination.

Returns:
    Tensor: a ``(N, r)`` tensor of combinations.

Example::

    >>> ember.combinations(ember.tensor([1, 2, 3]))
    tensor([[1, 2],
            [1, 3],
            [2, 3]])
    >>> ember.combinations(ember.tensor([1, 2]), with_replacement=True)
    tensor([[1, 1],
            [1, 2],
            [2, 2]])
""")

add_docstr(ember.chunk, r"""
chunk(input, chunks, dim=0) -> Tuple[Tensor, ...]

Splits ``input`` into ``chunks`` pieces along ``dim``, each of size ``ceil(size / chunks)``
except possibly a smaller last one; fewer pieces may come back when the size does not divide
well. The pieces are views.

Args:
    input (Tensor): the tensor to split.
    chunks (int): how many pieces to aim for.
    dim (int, optional): the dimension to split along (default 0).

Returns:
    tuple of Tensors: the pieces.

Example::

    >>> ember.chunk(ember.arange(5), 2)
    (tensor([0, 1, 2]), tensor([3, 4]))
    >>> ember.chunk(ember.arange(6).reshape(2, 3), 3, dim=1)
    (tensor([[0],
            [3]]), tensor([[1],
            [4]]), tensor([[2],
            [5]]))
""")

add_docstr(ember.split, r"""
split(tensor, split_size_or_sections, dim=0) -> tuple of Tensors

Splits ``tensor`` into views along ``dim``: into pieces of ``split_size_or_sections`` elements
(the last may be smaller), or into pieces of the listed sizes, which must add up to the size of
``dim``.

Args:
    tensor (Tensor): the tensor to split.
    split_size_or_sections (int or list of ints): the size of each piece, or the list of sizes.
    dim (int, optional): the dimension to split along (default 0).

Returns:
    tuple of Tensors: the pieces.

Example::

    >>> x = ember.arange(5)
    >>> ember.split(x, 2)
    (tensor([0, 1]), tensor([2, 3]), tensor([4]))
    >>> ember.split(x, [1, 4])
    (tensor([0]), tensor([1, 2, 3, 4]))
""")

add_docstr(ember.tensor_split, r"""
tensor_split(input, indices_or_sections, dim=0) -> List of Tensors
tensor_split(input, sections, dim=0) -> List of Tensors
tensor_split(input, indices, dim=0) -> List of Tensors

Splits ``input`` into views along ``dim``, like NumPy's ``array_split``: an int ``n`` makes
``n`` nearly equal pieces (the first ones one larger when it does not divide); a list gives the
indices where to cut.

Args:
    input (Tensor): the tensor to split.
    indices_or_sections (Tensor, int, list or tuple of ints): the number of pieces, or the cut
        indices.
    dim (int, optional): the dimension to split along (default 0).
    sections (int): the number of pieces.
    indices (list or tuple of ints): the indices where to cut.

Returns:
    tuple of Tensors: the pieces.

Example::

    >>> x = ember.arange(7)
    >>> ember.tensor_split(x, 3)
    (tensor([0, 1, 2]), tensor([3, 4]), tensor([5, 6]))
    >>> ember.tensor_split(x, [1, 5])
    (tensor([0]), tensor([1, 2, 3, 4]), tensor([5, 6]))
""")

add_docstr(ember.hsplit, r"""
hsplit(input, indices_or_sections) -> List of Tensors

Splits ``input`` horizontally: along dim 1 (dim 0 for 1-D tensors), like ``tensor_split``, but
an int number of sections must divide the size evenly.

Args:
    input (Tensor): the input tensor.
    indices_or_sections (int or list of ints): the number of equal pieces, or the cut indices.

Returns:
    tuple of Tensors: the pieces.

Example::

    >>> ember.hsplit(ember.arange(8).reshape(2, 4), 2)
    (tensor([[0, 1],
            [4, 5]]), tensor([[2, 3],
            [6, 7]]))
""")

add_docstr(ember.vsplit, r"""
vsplit(input, indices_or_sections) -> List of Tensors

Splits ``input`` vertically, along dim 0, like ``tensor_split``; ``input`` needs at least two
dimensions and an int number of sections must divide the size evenly.

Args:
    input (Tensor): the input tensor.
    indices_or_sections (int or list of ints): the number of equal pieces, or the cut indices.

Returns:
    tuple of Tensors: the pieces.

Example::

    >>> ember.vsplit(ember.arange(8).reshape(4, 2), [1])
    (tensor([[0, 1]]), tensor([[2, 3],
            [4, 5],
            [6, 7]]))
""")

add_docstr(ember.dsplit, r"""
dsplit(input, indices_or_sections) -> List of Tensors

Splits ``input`` depth-wise, along dim 2, like ``tensor_split``; ``input`` needs at least three
dimensions and an int number of sections must divide the size evenly.

Args:
    input (Tensor): the input tensor.
    indices_or_sections (int or list of ints): the number of equal pieces, or the cut indices.

Returns:
    tuple of Tensors: the pieces.

Example::

    >>> [t.shape for t in ember.dsplit(ember.zeros(2, 2, 4), 2)]
    [ember.Size([2, 2, 2]), ember.Size([2, 2, 2])]
""")

add_docstr(ember.hstack, r"""
hstack(tensors, *, out=None) -> Tensor

Joins tensors horizontally: along dim 1, or dim 0 when they are 1-D.

Args:
    tensors (sequence of Tensors): the tensors to join.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the joined tensor.

Example::

    >>> ember.hstack((ember.tensor([1, 2]), ember.tensor([3])))
    tensor([1, 2, 3])
    >>> ember.hstack((ember.tensor([[1], [2]]), ember.tensor([[3], [4]])))
    tensor([[1, 3],
            [2, 4]])
""")

add_docstr(ember.vstack, r"""
vstack(tensors, *, out=None) -> Tensor

Joins tensors vertically, along dim 0, after making 1-D tensors rows (``atleast_2d``).

Args:
    tensors (sequence of Tensors): the tensors to join.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the joined tensor.

Example::

    >>> ember.vstack((ember.tensor([1, 2]), ember.tensor([3, 4])))
    tensor([[1, 2],
            [3, 4]])
""")

add_docstr(ember.row_stack, r"""
row_stack(tensors, *, out=None) -> Tensor

Another name for ``ember.vstack``: joins tensors along dim 0, 1-D tensors as rows.

Args:
    tensors (sequence of Tensors): the tensors to join.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the joined tensor.

Example::

    >>> ember.row_stack((ember.tensor([1, 2]), ember.tensor([[3, 4], [5, 6]])))
    tensor([[1, 2],
            [3, 4],
            [5, 6]])
""")

add_docstr(ember.dstack, r"""
dstack(tensors, *, out=None) -> Tensor

Joins tensors depth-wise, along dim 2, after giving each at least three dimensions
(``atleast_3d``).

Args:
    tensors (sequence of Tensors): the tensors to join.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the joined tensor.

Example::

    >>> ember.dstack((ember.tensor([1, 2]), ember.tensor([3, 4])))
    tensor([[[1, 3],
             [2, 4]]])
""")

add_docstr(ember.column_stack, r"""
column_stack(tensors, *, out=None) -> Tensor

Joins tensors as columns: 0-d and 1-D tensors become columns ``(n, 1)``, then everything is
joined along dim 1.

Args:
    tensors (sequence of Tensors): the tensors to join.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the joined tensor.

Example::

    >>> ember.column_stack((ember.tensor([1, 2]), ember.tensor([3, 4])))
    tensor([[1, 3],
            [2, 4]])
""")

add_docstr(ember.diag, r"""
diag(input, diagonal=0, *, out=None) -> Tensor

For a 1-D ``input``, the square matrix with ``input`` on its ``diagonal``-th diagonal; for a 2-D
``input``, its ``diagonal``-th diagonal as a 1-D tensor (a copy).

Args:
    input (Tensor): the input tensor.
    diagonal (int, optional): which diagonal: 0 the main one, positive above, negative below.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: a matrix or a vector.

Example::

    >>> ember.diag(ember.tensor([1, 2]))
    tensor([[1, 0],
            [0, 2]])
    >>> ember.diag(ember.tensor([[1, 2], [3, 4]])), ember.diag(ember.tensor([[1, 2], [3, 4]]), 1)
    (tensor([1, 4]), tensor([2]))
""")

add_docstr(ember.diagflat, r"""
diagflat(input, offset=0) -> Tensor

The 2-D matrix with ``input``'s flattened elements on its ``offset``-th diagonal.

Args:
    input (Tensor): the input tensor.
    offset (int, optional): which diagonal: 0 the main one, positive above, negative below.

Returns:
    Tensor: a square matrix.

Example::

    >>> ember.diagflat(ember.tensor([[1, 2], [3, 4]]))
    tensor([[1, 0, 0, 0],
            [0, 2, 0, 0],
            [0, 0, 3, 0],
            [0, 0, 0, 4]])
""")

add_docstr(ember.diag_embed, r"""
diag_embed(input, offset=0, dim1=-2, dim2=-1) -> Tensor

Builds (batches of) matrices whose ``offset``-th diagonal holds the last dimension of ``input``;
the new matrix dimensions are ``dim1`` and ``dim2`` of the result.

Args:
    input (Tensor): the input tensor.
    offset (int, optional): which diagonal to fill (default 0).
    dim1 (int, optional): the first matrix dimension of the result (default -2).
    dim2 (int, optional): the second matrix dimension of the result (default -1).

Returns:
    Tensor: the matrices, with one more dimension than ``input``.

Example::

    >>> ember.diag_embed(ember.tensor([[1, 2], [3, 4]]))
    tensor([[[1, 0],
             [0, 2]],
    <BLANKLINE>
            [[3, 0],
             [0, 4]]])
""")

add_docstr(ember.diagonal, r"""
diagonal(input, offset=0, dim1=0, dim2=1) -> Tensor

A view of the ``offset``-th diagonal of the matrices spanned by ``dim1`` and ``dim2``; the
diagonal becomes the last dimension of the result. Writes to the view change ``input``.

Args:
    input (Tensor): the input tensor.
    offset (int, optional): which diagonal: 0 the main one, positive above, negative below.
    dim1 (int, optional): the first matrix dimension (default 0).
    dim2 (int, optional): the second matrix dimension (default 1).

Returns:
    Tensor: a view of the diagonal elements.

Example::

    >>> x = ember.arange(9).reshape(3, 3)
    >>> ember.diagonal(x), ember.diagonal(x, offset=1), ember.diagonal(x, offset=-2)
    (tensor([0, 4, 8]), tensor([1, 5]), tensor([6]))
""")

add_docstr(ember.diagonal_scatter, r"""
diagonal_scatter(input, src, offset=0, dim1=0, dim2=1) -> Tensor

A copy of ``input`` with the ``offset``-th diagonal of ``(dim1, dim2)`` replaced by ``src`` (the
out-of-place inverse of ``ember.diagonal``).

Args:
    input (Tensor): the input tensor.
    src (Tensor): the new diagonal, shaped like ``ember.diagonal(input, offset, dim1, dim2)``.
    offset (int, optional): which diagonal (default 0).
    dim1 (int, optional): the first matrix dimension (default 0).
    dim2 (int, optional): the second matrix dimension (default 1).

Returns:
    Tensor: the new tensor, shaped like ``input``.

Example::

    >>> ember.diagonal_scatter(ember.zeros(3, 3), ember.ones(3))
    tensor([[1., 0., 0.],
            [0., 1., 0.],
            [0., 0., 1.]])
""")

add_docstr(ember.flatten, r"""
flatten(input, start_dim=0, end_dim=-1) -> Tensor

Merges the dimensions from ``start_dim`` to ``end_dim`` into one. Returns a view when the memory
layout allows it, otherwise a copy; a 0-d tensor becomes 1-D.

Args:
    input (Tensor): the input tensor.
    start_dim (int, optional): the first dimension to merge (default 0).
    end_dim (int, optional): the last dimension to merge (default -1).

Returns:
    Tensor: the flattened tensor.

Example::

    >>> x = ember.zeros(2, 3, 4)
    >>> ember.flatten(x).shape, ember.flatten(x, start_dim=1).shape
    (ember.Size([24]), ember.Size([2, 12]))
""")

add_docstr(ember.unflatten, r"""
unflatten(input, dim, sizes) -> Tensor

Splits dimension ``dim`` into several with the given ``sizes`` (one may be -1), the inverse of
``flatten``.

Args:
    input (Tensor): the input tensor.
    dim (int): the dimension to split.
    sizes (tuple of ints): the new sizes, whose product must equal the size of ``dim``.

Returns:
    Tensor: a view with the new shape.

Example::

    >>> ember.unflatten(ember.arange(6), 0, (2, 3))
    tensor([[0, 1, 2],
            [3, 4, 5]])
    >>> ember.unflatten(ember.zeros(4, 6), 1, (3, -1)).shape
    ember.Size([4, 3, 2])
""")

add_docstr(ember.ravel, r"""
ravel(input) -> Tensor

The elements of ``input`` as a 1-D tensor in row-major order (a view when contiguous).

Args:
    input (Tensor): the input tensor.

Returns:
    Tensor: a 1-D tensor.

Example::

    >>> ember.ravel(ember.tensor([[1, 2], [3, 4]]))
    tensor([1, 2, 3, 4])
""")

add_docstr(ember.flip, r"""
flip(input, dims) -> Tensor

Reverses the order of elements along the given dimensions. Unlike NumPy's ``flip`` it returns a
copy, not a view.

Args:
    input (Tensor): the input tensor.
    dims (a list or tuple): the dimensions to reverse.

Returns:
    Tensor: the flipped tensor.

Example::

    >>> x = ember.tensor([[1, 2], [3, 4]])
    >>> ember.flip(x, [0]), ember.flip(x, (0, 1))
    (tensor([[3, 4],
            [1, 2]]), tensor([[4, 3],
            [2, 1]]))
""")

add_docstr(ember.fliplr, r"""
fliplr(input) -> Tensor

Reverses the order of the columns (dim 1); ``input`` needs at least two dimensions.

Args:
    input (Tensor): the input tensor.

Returns:
    Tensor: the flipped tensor (a copy).

Example::

    >>> ember.fliplr(ember.tensor([[1, 2, 3], [4, 5, 6]]))
    tensor([[3, 2, 1],
            [6, 5, 4]])
""")

add_docstr(ember.flipud, r"""
flipud(input) -> Tensor

Reverses the order of the rows (dim 0).

Args:
    input (Tensor): the input tensor.

Returns:
    Tensor: the flipped tensor (a copy).

Example::

    >>> ember.flipud(ember.tensor([[1, 2], [3, 4]]))
    tensor([[3, 4],
            [1, 2]])
""")

add_docstr(ember.roll, r"""
roll(input, shifts, dims=None) -> Tensor

Shifts elements along ``dims`` by ``shifts`` places, wrapping around at the end. Without
``dims`` the tensor is flattened, rolled and reshaped back.

Args:
    input (Tensor): the input tensor.
    shifts (int or tuple of ints): how many places to shift (negative shifts go backwards).
    dims (int or tuple of ints, optional): the dimensions to roll along, one per shift.

Returns:
    Tensor: the rolled tensor, shaped like ``input``.

Example::

    >>> x = ember.tensor([[1, 2, 3], [4, 5, 6]])
    >>> ember.roll(x, 1), ember.roll(x, -1, dims=1)
    (tensor([[6, 1, 2],
            [3, 4, 5]]), tensor([[2, 3, 1],
            [5, 6, 4]]))
""")

add_docstr(ember.rot90, r"""
rot90(input, k=1, dims=(0, 1)) -> Tensor

Rotates by 90 degrees ``k`` times in the plane of ``dims``, from the first towards the second
dimension (counter-clockwise for a matrix with the default ``[0, 1]``).

Args:
    input (Tensor): the input tensor.
    k (int, optional): the number of quarter turns (negative turns the other way).
    dims (a list or tuple, optional): the two dimensions of the plane.

Returns:
    Tensor: the rotated tensor.

Example::

    >>> ember.rot90(ember.tensor([[1, 2], [3, 4]]))
    tensor([[2, 4],
            [1, 3]])
    >>> ember.rot90(ember.tensor([[1, 2], [3, 4]]), k=2)
    tensor([[4, 3],
            [2, 1]])
""")

add_docstr(ember.t, r"""
t(input) -> Tensor

The transpose of a matrix: swaps dims 0 and 1 of a 2-D tensor, and returns 0-D and 1-D tensors
unchanged. A view.

Args:
    input (Tensor): the input tensor.

Returns:
    Tensor: the transposed view.

Example::

    >>> ember.t(ember.tensor([[1, 2, 3], [4, 5, 6]]))
    tensor([[1, 4],
            [2, 5],
            [3, 6]])
""")

add_docstr(ember.permute, r"""
permute(input, dims) -> Tensor

Reorders the dimensions: dimension ``i`` of the result is dimension ``dims[i]`` of ``input``. A
view with no copy.

Args:
    input (Tensor): the input tensor.
    dims (tuple of int): a permutation of the dimensions.

Returns:
    Tensor: the permuted view.

Example::

    >>> ember.permute(ember.zeros(2, 3, 4), (2, 0, 1)).shape
    ember.Size([4, 2, 3])
""")

add_docstr(ember.moveaxis, r"""
moveaxis(input, source, destination) -> Tensor

Moves dimension(s) ``source`` to position(s) ``destination``, keeping the others in order
(``ember.movedim`` under NumPy's name). A view.

Args:
    input (Tensor): the input tensor.
    source (int or tuple of ints): the dimensions to move.
    destination (int or tuple of ints): where they go.

Returns:
    Tensor: the view with the moved dimensions.

Example::

    >>> ember.moveaxis(ember.zeros(2, 3, 4), 0, -1).shape
    ember.Size([3, 4, 2])
""")

add_docstr(ember.swapaxes, r"""
swapaxes(input, axis0, axis1) -> Tensor

Swaps two dimensions (``ember.transpose`` under NumPy's name). A view.

Args:
    input (Tensor): the input tensor.
    axis0 (int): the first dimension.
    axis1 (int): the second dimension.

Returns:
    Tensor: the view with the two dimensions swapped.

Example::

    >>> ember.swapaxes(ember.zeros(2, 3, 4), 0, 2).shape
    ember.Size([4, 3, 2])
""")

add_docstr(ember.squeeze, r"""
squeeze(input, dim) -> Tensor

Removes dimensions of size 1: all of them, or only those listed in ``dim`` (a listed dimension
whose size is not 1 is left alone). A view.

Args:
    input (Tensor): the input tensor.
    dim (int or tuple of ints, optional): the dimension(s) to remove (default: every size-1
        one).

Returns:
    Tensor: the squeezed view.

Example::

    >>> x = ember.zeros(2, 1, 3, 1)
    >>> ember.squeeze(x).shape, ember.squeeze(x, 1).shape, ember.squeeze(x, 0).shape
    (ember.Size([2, 3]), ember.Size([2, 3, 1]), ember.Size([2, 1, 3, 1]))
""")

add_docstr(ember.unsqueeze, r"""
unsqueeze(input, dim) -> Tensor

Inserts a dimension of size 1 at position ``dim`` (negative ``dim`` counts from the end of the
result). A view.

Args:
    input (Tensor): the input tensor.
    dim (int): where to insert the new dimension, in ``[-input.dim() - 1, input.dim()]``.

Returns:
    Tensor: the view with one more dimension.

Example::

    >>> x = ember.tensor([1, 2, 3])
    >>> ember.unsqueeze(x, 0), ember.unsqueeze(x, 1).shape
    (tensor([[1, 2, 3]]), ember.Size([3, 1]))
""")

add_docstr(ember.narrow, r"""
narrow(input, dim, start, length) -> Tensor

A view of ``length`` consecutive elements of ``input`` along ``dim``, starting at ``start``,
like ``input[:, start:start + length]`` for ``dim=1``.

Args:
    input (Tensor): the input tensor.
    dim (int): the dimension to narrow.
    start (int or Tensor): the first index kept.
    length (int): how many elements to keep.

Returns:
    Tensor: the narrowed view.

Example::

    >>> ember.narrow(ember.arange(12).reshape(3, 4), 1, 1, 2)
    tensor([[ 1,  2],
            [ 5,  6],
            [ 9, 10]])
""")

add_docstr(ember.narrow_copy, r"""
narrow_copy(input, dim, start, length, *, out=None) -> Tensor

Like ``ember.narrow`` but returns a copy rather than a view.

Args:
    input (Tensor): the input tensor.
    dim (int): the dimension to narrow.
    start (int): the first index kept.
    length (int): how many elements to keep.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the narrowed copy.

Example::

    >>> ember.narrow_copy(ember.arange(6), 0, 2, 3)
    tensor([2, 3, 4])
""")

add_docstr(ember.select, r"""
select(input, dim, index) -> Tensor

The slice at ``index`` along ``dim`` (``input[:, index]`` for ``dim=1``): a view with that
dimension removed.

Args:
    input (Tensor): the input tensor.
    dim (int): the dimension to slice.
    index (int): the index to select (negative counts from the end).

Returns:
    Tensor: the view, with one dimension fewer.

Example::

    >>> ember.select(ember.tensor([[1, 2], [3, 4]]), 1, -1)
    tensor([2, 4])
""")

add_docstr(ember.select_scatter, r"""
select_scatter(input, src, dim, index) -> Tensor

A copy of ``input`` with the slice at ``index`` along ``dim`` replaced by ``src`` (the
out-of-place counterpart of ``input.select(dim, index).copy_(src)``).

Args:
    input (Tensor): the input tensor.
    src (Tensor): the new slice, shaped like ``input.select(dim, index)``.
    dim (int): the dimension of the slice.
    index (int): the index of the slice.

Returns:
    Tensor: the new tensor, shaped like ``input``.

Example::

    >>> ember.select_scatter(ember.zeros(2, 2), ember.tensor([1.0, 2.0]), 0, 0)
    tensor([[1., 2.],
            [0., 0.]])
""")

add_docstr(ember.slice_scatter, r"""
slice_scatter(input, src, dim=0, start=None, end=None, step=1) -> Tensor

A copy of ``input`` with the slice ``start:end:step`` along ``dim`` replaced by ``src``.

Args:
    input (Tensor): the input tensor.
    src (Tensor): the new values, shaped like the slice.
    dim (int, optional): the dimension to slice (default 0).
    start (int, optional): the first index of the slice (default: the beginning).
    end (int, optional): one past the last index of the slice (default: the end).
    step (int, optional): the stride of the slice (default 1).

Returns:
    Tensor: the new tensor, shaped like ``input``.

Example::

    >>> ember.slice_scatter(ember.zeros(6), ember.ones(3), start=0, step=2)
    tensor([1., 0., 1., 0., 1., 0.])
""")

add_docstr(ember.unbind, r"""
unbind(input, dim=0) -> seq

Removes dimension ``dim`` and returns every slice along it, as views.

Args:
    input (Tensor): the input tensor.
    dim (int, optional): the dimension to remove (default 0).

Returns:
    tuple of Tensors: the slices.

Example::

    >>> ember.unbind(ember.tensor([[1, 2], [3, 4]]), dim=1)
    (tensor([1, 3]), tensor([2, 4]))
""")

add_docstr(ember.tile, r"""
tile(input, dims) -> Tensor

Repeats ``input`` along each dimension: ``dims[i]`` copies along dimension ``i``. When ``dims``
is shorter than the number of dimensions, leading 1s are assumed; when longer, ``input`` gains
leading dimensions. (Like ``Tensor.repeat``.)

Args:
    input (Tensor): the input tensor.
    dims (tuple of int): the number of repetitions per dimension.

Returns:
    Tensor: the tiled tensor (a copy).

Example::

    >>> ember.tile(ember.tensor([1, 2]), (2,))
    tensor([1, 2, 1, 2])
    >>> ember.tile(ember.tensor([[1, 2]]), (2, 2))
    tensor([[1, 2, 1, 2],
            [1, 2, 1, 2]])
""")

add_docstr(ember.repeat_interleave, r"""
repeat_interleave(input, repeats, dim=None, *, output_size=None) -> Tensor
repeat_interleave(repeats, *) -> Tensor

Repeats each element (or each slice along ``dim``) ``repeats`` times in place of the original,
so ``[1, 2]`` becomes ``[1, 1, 2, 2]``; ``repeats`` may give one count per element. Without
``dim`` the input is flattened first. With only a tensor of counts, it returns the indices
repeated by those counts.

Args:
    input (Tensor): the input tensor.
    repeats (Tensor or int): the number of repetitions, one for all or one per element.
    dim (int, optional): the dimension to repeat along (default: the flattened input).

Keyword args:
    output_size (int, optional): the total length along ``dim``, to skip computing it.

Returns:
    Tensor: the repeated tensor.

Example::

    >>> x = ember.tensor([1, 2])
    >>> ember.repeat_interleave(x, 2)
    tensor([1, 1, 2, 2])
    >>> ember.repeat_interleave(ember.tensor([[1, 2], [3, 4]]), ember.tensor([1, 2]), dim=0)
    tensor([[1, 2],
            [3, 4],
            [3, 4]])
    >>> ember.repeat_interleave(ember.tensor([2, 1]))
    tensor([0, 0, 1])
""")

add_docstr(ember.tril, r"""
tril(input, diagonal=0, *, out=None) -> Tensor

The lower triangle of the matrices in the last two dimensions: elements above diagonal
``diagonal`` are set to 0.

Args:
    input (Tensor): the input tensor.
    diagonal (int, optional): the diagonal bounding the triangle: 0 main, positive above,
        negative below.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the lower-triangular tensor, shaped like ``input``.

Example::

    >>> x = ember.ones(3, 3)
    >>> ember.tril(x)
    tensor([[1., 0., 0.],
            [1., 1., 0.],
            [1., 1., 1.]])
    >>> ember.tril(x, diagonal=-1)
    tensor([[0., 0., 0.],
            [1., 0., 0.],
            [1., 1., 0.]])
""")

add_docstr(ember.triu, r"""
triu(input, diagonal=0, *, out=None) -> Tensor

The upper triangle of the matrices in the last two dimensions: elements below diagonal
``diagonal`` are set to 0.

Args:
    input (Tensor): the input tensor.
    diagonal (int, optional): the diagonal bounding the triangle: 0 main, positive above,
        negative below.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the upper-triangular tensor, shaped like ``input``.

Example::

    >>> ember.triu(ember.ones(3, 3), diagonal=1)
    tensor([[0., 1., 1.],
            [0., 0., 1.],
            [0., 0., 0.]])
""")

add_docstr(ember.meshgrid, r"""
meshgrid(*tensors, indexing=None) -> tuple of Tensors

Coordinate grids from 1-D tensors: with ``N`` inputs of lengths ``n1 .. nN`` it returns ``N``
tensors of shape ``(n1, ..., nN)`` (``indexing="ij"``) where the ``i``-th varies along dimension
``i``; ``indexing="xy"`` swaps the first two dimensions, as plotting libraries expect. Torch
warns when ``indexing`` is not given and uses ``"ij"``.

Args:
    *tensors (Tensor): 1-D tensors (or 0-d, treated as length 1).

Keyword args:
    indexing (str, optional): ``"ij"`` (matrix) or ``"xy"`` (Cartesian) indexing.

Returns:
    tuple of Tensors: the grids.

Example::

    >>> xs, ys = ember.meshgrid(ember.tensor([1, 2, 3]), ember.tensor([4, 5]), indexing="ij")
    >>> xs
    tensor([[1, 1],
            [2, 2],
            [3, 3]])
    >>> ys
    tensor([[4, 5],
            [4, 5],
            [4, 5]])
""")

add_docstr(ember.gather, r"""
gather(input, dim, index, *, sparse_grad=False, out=None) -> Tensor

Picks values from ``input`` along ``dim`` at the positions in ``index``: for ``dim=1``,
``out[i][j] = input[i][index[i][j]]``. ``index`` has the same number of dimensions as ``input``
and the result has ``index``'s shape. The gradient is scattered (added) back.

Args:
    input (Tensor): the input tensor.
    dim (int): the dimension to index along.
    index (LongTensor): the positions to pick.

Keyword args:
    sparse_grad (bool, optional): accepted for compatibility; the gradient is dense.
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the gathered values, shaped like ``index``.

Example::

    >>> x = ember.tensor([[10, 11, 12], [20, 21, 22]])
    >>> ember.gather(x, 1, ember.tensor([[2, 0], [1, 1]]))
    tensor([[12, 10],
            [21, 21]])
""")

add_docstr(ember.take, r"""
take(input, index) -> Tensor

Indexes ``input`` as if it were flattened: ``out = input.flatten()[index]``.

Args:
    input (Tensor): the input tensor.
    index (LongTensor): positions in the flattened tensor.

Returns:
    Tensor: the values, shaped like ``index``.

Example::

    >>> ember.take(ember.tensor([[1, 2], [3, 4]]), ember.tensor([0, 3]))
    tensor([1, 4])
""")

add_docstr(ember.take_along_dim, r"""
take_along_dim(input, indices, dim=None, *, out=None) -> Tensor

Picks values from ``input`` at ``indices`` along ``dim``, like ``gather`` but with ``input`` and
``indices`` broadcast against each other (NumPy's ``take_along_axis``); without ``dim`` both are
flattened. Handy with the results of ``argmax``/``argsort``.

Args:
    input (Tensor): the input tensor.
    indices (LongTensor): the positions to pick.
    dim (int, optional): the dimension to index along (default: flattened).

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the picked values.

Example::

    >>> x = ember.tensor([[10, 30, 20], [60, 40, 50]])
    >>> ember.take_along_dim(x, ember.argsort(x, dim=1), dim=1)
    tensor([[10, 20, 30],
            [40, 50, 60]])
    >>> ember.take_along_dim(x, ember.argmax(x, dim=1, keepdim=True), dim=1)
    tensor([[30],
            [60]])
""")

add_docstr(ember.index_select, r"""
index_select(input, dim, index, *, out=None) -> Tensor

The slices of ``input`` at the positions ``index`` along ``dim``, in that order (a copy;
positions may repeat). The gradient is added back at those positions.

Args:
    input (Tensor): the input tensor.
    dim (int): the dimension to index along.
    index (IntTensor or LongTensor): a 1-D tensor of positions.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the selected slices.

Example::

    >>> x = ember.tensor([[1, 2, 3], [4, 5, 6]])
    >>> ember.index_select(x, 1, ember.tensor([2, 0, 2]))
    tensor([[3, 1, 3],
            [6, 4, 6]])
""")

add_docstr(ember.masked_select, r"""
masked_select(input, mask, *, out=None) -> Tensor

The elements of ``input`` where ``mask`` is True, as a new 1-D tensor (``mask`` and ``input``
broadcast). The gradient is scattered back to those positions.

Args:
    input (Tensor): the input tensor.
    mask (BoolTensor): which elements to keep.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: a 1-D tensor of the selected elements.

Example::

    >>> x = ember.tensor([[1, -2], [-3, 4]])
    >>> ember.masked_select(x, x > 0)
    tensor([1, 4])
""")

add_docstr(ember.masked_fill, r"""
masked_fill(input, mask, value) -> Tensor

A copy of ``input`` with ``value`` wherever ``mask`` (broadcast to ``input``) is True, for
example to set padded positions to ``-inf`` before a softmax. The gradient to ``input`` is zero
where the mask is True.

Args:
    input (Tensor): the input tensor.
    mask (BoolTensor): where to write ``value``.
    value (float or Tensor): the value (a number or a 0-d tensor).

Returns:
    Tensor: the new tensor, shaped like ``input``.

Example::

    >>> scores = ember.tensor([[1.0, 2.0, 3.0]])
    >>> ember.masked_fill(scores, ember.tensor([False, False, True]), float("-inf"))
    tensor([[1., 2., -inf]])
""")

add_docstr(ember.masked_scatter, r"""
masked_scatter(input, mask, source) -> Tensor

A copy of ``input`` where the positions with ``mask`` True (in row-major order) take consecutive
elements of ``source``.

Args:
    input (Tensor): the input tensor.
    mask (BoolTensor): where to write, broadcast to ``input``.
    source (Tensor): the values, with at least as many elements as ``mask`` has True entries.

Returns:
    Tensor: the new tensor, shaped like ``input``.

Example::

    >>> ember.masked_scatter(ember.zeros(2, 2), ember.tensor([[True, False], [True, True]]),
    ...                      ember.tensor([1.0, 2.0, 3.0]))
    tensor([[1., 0.],
            [2., 3.]])
""")

add_docstr(ember.nonzero, r"""
nonzero(input, *, out=None, as_tuple=False) -> LongTensor or tuple of LongTensors

The indices of the nonzero elements: a ``(N, input.dim())`` tensor with one row per element, or
with ``as_tuple=True`` one 1-D tensor per dimension (ready for indexing).

Args:
    input (Tensor): the input tensor.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.
    as_tuple (bool, optional): return a tuple of index tensors (default ``False``).

Returns:
    Tensor, or tuple of Tensors with ``as_tuple=True``.

Example::

    >>> x = ember.tensor([[0, 1], [2, 0]])
    >>> ember.nonzero(x)
    tensor([[0, 1],
            [1, 0]])
    >>> ember.nonzero(x, as_tuple=True)
    (tensor([0, 1]), tensor([1, 0]))
""")

add_docstr(ember.argwhere, r"""
argwhere(input) -> Tensor

The indices of the nonzero elements, one row per element: the same as ``ember.nonzero(input)``.

Args:
    input (Tensor): the input tensor.

Returns:
    Tensor: a ``(N, input.dim())`` ``int64`` tensor.

Example::

    >>> ember.argwhere(ember.tensor([[0, 1], [2, 0]]))
    tensor([[0, 1],
            [1, 0]])
""")

add_docstr(ember.scatter, r"""
scatter(input, dim, index, src) -> Tensor
scatter(input, dim, index, value) -> Tensor
scatter(input, dim, index, src, *, reduce) -> Tensor

A copy of ``input`` with values written at the positions in ``index`` along ``dim``: for
``dim=0``, ``out[index[i][j]][j] = src[i][j]``. With ``reduce="add"`` or ``"multiply"`` the
values are combined with what is there instead. Where ``index`` repeats, which write wins is
unspecified, so prefer ``scatter_add``/``scatter_reduce`` then.

Args:
    input (Tensor): the input tensor.
    dim (int): the dimension to index along.
    index (LongTensor): the positions to write, with the same number of dimensions as ``input``.
    src (Tensor): the values to write.
    value (Scalar): one value to write everywhere ``index`` points.

Keyword args:
    reduce (str): ``"add"`` or ``"multiply"``.

Returns:
    Tensor: the new tensor, shaped like ``input``.

Example::

    >>> index = ember.tensor([[0, 3], [1, 2]])
    >>> ember.scatter(ember.zeros(2, 4), 1, index, ember.tensor([[1.0, 2.0], [3.0, 4.0]]))
    tensor([[1., 0., 0., 2.],
            [0., 3., 4., 0.]])
""")

add_docstr(ember.scatter_add, r"""
scatter_add(input, dim, index, src) -> Tensor

A copy of ``input`` with ``src`` added at the positions in ``index`` along ``dim`` (for
``dim=0``, ``out[index[i][j]][j] += src[i][j]``); repeated positions add up. The gradient to
``src`` is gathered from the output's gradient.

Args:
    input (Tensor): the input tensor.
    dim (int): the dimension to index along.
    index (LongTensor): the positions, with the same number of dimensions as ``src``.
    src (Tensor): the values to add.

Returns:
    Tensor: the new tensor, shaped like ``input``.

Example::

    >>> index = ember.tensor([0, 2, 0, 0])
    >>> ember.scatter_add(ember.zeros(3), 0, index, ember.tensor([1.0, 2.0, 3.0, 4.0]))
    tensor([8., 0., 2.])
""")

add_docstr(ember.scatter_reduce, r"""
scatter_reduce(input, dim, index, src, reduce, *, include_self=True) -> Tensor

A copy of ``input`` where the values of ``src`` are combined into the positions given by
``index`` along ``dim`` with ``reduce``: ``"sum"``, ``"prod"``, ``"mean"``, ``"amax"`` or
``"amin"``. With ``include_self=False`` the original values at written positions are left out.

Args:
    input (Tensor): the input tensor.
    dim (int): the dimension to index along.
    index (LongTensor): the positions, with the same number of dimensions as ``src``.
    src (Tensor): the values to combine.
    reduce (str): the reduction.

Keyword args:
    include_self (bool, optional): combine with the original values of ``input`` too (default
        ``True``).

Returns:
    Tensor: the new tensor, shaped like ``input``.

Example::

    >>> index, src = ember.tensor([0, 0, 1, 1]), ember.tensor([1.0, 5.0, 2.0, 4.0])
    >>> ember.scatter_reduce(ember.zeros(3), 0, index, src, reduce="amax")
    tensor([5., 4., 0.])
    >>> ember.scatter_reduce(ember.zeros(3), 0, index, src, reduce="mean", include_self=False)
    tensor([3., 3., 0.])
""")

add_docstr(ember.index_add, r"""
index_add(input, dim, index, source, *, alpha=1, out=None) -> Tensor # noqa: B950

A copy of ``input`` with ``alpha * source`` added to the slices at ``index`` along ``dim``;
repeated indices add up.

Args:
    input (Tensor): the input tensor.
    dim (int): the dimension to index along.
    index (Tensor): a 1-D tensor of positions, one per slice of ``source``.
    source (Tensor): the slices to add.

Keyword args:
    alpha (Number, optional): the multiplier of ``source`` (default 1).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the new tensor, shaped like ``input``.

Example::

    >>> ember.index_add(ember.zeros(3, 2), 0, ember.tensor([0, 2, 0]), ember.ones(3, 2))
    tensor([[2., 2.],
            [0., 0.],
            [1., 1.]])
""")

add_docstr(ember.index_copy, r"""
index_copy(input, dim, index, source, *, out=None) -> Tensor

A copy of ``input`` whose slices at ``index`` along ``dim`` are replaced by the slices of
``source``.

Args:
    input (Tensor): the input tensor.
    dim (int): the dimension to index along.
    index (Tensor): a 1-D tensor of positions, one per slice of ``source``.
    source (Tensor): the new slices.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the new tensor, shaped like ``input``.

Example::

    >>> source = ember.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> ember.index_copy(ember.zeros(3, 2), 0, ember.tensor([2, 0]), source)
    tensor([[3., 4.],
            [0., 0.],
            [1., 2.]])
""")

add_docstr(ember.index_fill, r"""
index_fill(input, dim, index, value) -> Tensor

A copy of ``input`` whose slices at ``index`` along ``dim`` are set to ``value``.

Args:
    input (Tensor): the input tensor.
    dim (int): the dimension to index along.
    index (LongTensor): a 1-D tensor of positions.
    value (float or Tensor): the value (a number or 0-d tensor).

Returns:
    Tensor: the new tensor, shaped like ``input``.

Example::

    >>> ember.index_fill(ember.zeros(2, 3), 1, ember.tensor([0, 2]), -1.0)
    tensor([[-1.,  0., -1.],
            [-1.,  0., -1.]])
""")

add_docstr(ember.index_reduce, r"""
index_reduce(input, dim, index, source, reduce, *, include_self=True,
             out=None) -> Tensor # noqa: B950

A copy of ``input`` where the slices of ``source`` are combined into the slices at ``index``
along ``dim`` with ``reduce``: ``"prod"``, ``"mean"``, ``"amax"`` or ``"amin"``. With
``include_self=False`` the original slices at those positions are left out.

Args:
    input (Tensor): the input tensor.
    dim (int): the dimension to index along.
    index (Tensor): a 1-D tensor of positions, one per slice of ``source``.
    source (Tensor): the slices to combine.
    reduce (str): the reduction.

Keyword args:
    include_self (bool, optional): combine with the original values of ``input`` too (default
        ``True``).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the new tensor, shaped like ``input``.

Example::

    >>> x = ember.ones(2)
    >>> ember.index_reduce(x, 0, ember.tensor([0, 0, 1]), ember.tensor([2.0, 3.0, 5.0]), "prod")
    tensor([6., 5.])
""")

add_docstr(ember.index_put, r"""
index_put(input, indices, values, accumulate=False) -> Tensor

The out-of-place form of ``ember.index_put_``: a copy of ``input`` with ``values`` written (or,
with ``accumulate=True``, added) at the positions given by the tuple of index tensors.

Args:
    input (Tensor): the input tensor.
    indices (tuple of Tensor): one index tensor per leading dimension.
    values (Tensor): the values, broadcast to the indexed shape.
    accumulate (bool, optional): add instead of replace; repeated indices add up (default
        ``False``).

Returns:
    Tensor: the new tensor, shaped like ``input``.

Example::

    >>> rows, cols = ember.tensor([0, 1]), ember.tensor([1, 0])
    >>> ember.index_put(ember.zeros(2, 2), (rows, cols), ember.tensor(5.0))
    tensor([[0., 5.],
            [5., 0.]])
""")

add_docstr(ember.put, r"""
put(input, index, source, accumulate=False) -> Tensor

A copy of ``input`` with ``source`` written at the positions ``index`` of the flattened tensor;
with ``accumulate=True`` the values are added and repeated positions add up.

Args:
    input (Tensor): the input tensor.
    index (LongTensor): positions in the flattened ``input``.
    source (Tensor): the values, one per position.
    accumulate (bool, optional): add instead of replace (default ``False``).

Returns:
    Tensor: the new tensor, shaped like ``input``.

Example::

    >>> ember.put(ember.zeros(2, 2), ember.tensor([0, 3]), ember.tensor([1.0, 2.0]))
    tensor([[1., 0.],
            [0., 2.]])
""")

add_docstr(ember.matmul, r"""
matmul(input, other, *, out=None) -> Tensor

The matrix product with broadcasting. Two 1-D tensors give their dot product (0-d); a 1-D first
operand is treated as a row and a 1-D second one as a column (the added dimension is removed
afterwards); tensors with more than two dimensions are batches of matrices whose batch
dimensions broadcast. The same as the ``@`` operator. The gradients are ``grad @ other^T`` and
``input^T @ grad``.

Args:
    input (Tensor): the input tensor.
    other (Tensor): the second operand.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the product.

Example::

    >>> A = ember.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> ember.matmul(A, ember.tensor([1.0, 1.0]))
    tensor([3., 7.])
    >>> ember.matmul(ember.ones(5, 1, 2, 3), ember.ones(4, 3, 2)).shape
    ember.Size([5, 4, 2, 2])
""")

add_docstr(ember.bmm, r"""
bmm(input, mat2, *, out=None) -> Tensor
bmm(input, mat2, out_dtype, *, out=None) -> Tensor

Batched matrix product of ``(b, n, m)`` and ``(b, m, p)`` tensors:
``out[i] = input[i] @ mat2[i]``, with no broadcasting (use ``matmul`` for that).

Args:
    input (Tensor): the first batch of matrices, ``(b, n, m)``.
    mat2 (Tensor): the second batch of matrices, ``(b, m, p)``.
    out_dtype (ember.dtype, optional): the dtype of the result, for low-precision inputs
        accumulated wider (default: the inputs' dtype).

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the ``(b, n, p)`` products.

Example::

    >>> a = ember.arange(8.0).reshape(2, 2, 2)
    >>> ember.bmm(a, ember.ones(2, 2, 1))
    tensor([[[ 1.],
             [ 5.]],
    <BLANKLINE>
            [[ 9.],
             [13.]]])
""")

add_docstr(ember.mv, r"""
mv(input, vec, *, out=None) -> Tensor

The product of an ``(n, m)`` matrix and a length-``m`` vector: a length-``n`` vector.

Args:
    input (Tensor): the matrix.
    vec (Tensor): the vector.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the product, of length ``n``.

Example::

    >>> ember.mv(ember.tensor([[1.0, 2.0], [3.0, 4.0]]), ember.tensor([1.0, -1.0]))
    tensor([-1., -1.])
""")

add_docstr(ember.dot, r"""
dot(input, tensor, *, out=None) -> Tensor

The dot product ``sum(input * tensor)`` of two 1-D tensors of the same length and dtype (no
broadcasting).

Args:
    input (Tensor): the first vector.
    tensor (Tensor): the second vector.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: a 0-d tensor.

Example::

    >>> ember.dot(ember.tensor([1.0, 2.0, 3.0]), ember.tensor([4.0, 5.0, 6.0]))
    tensor(32.)
""")

add_docstr(ember.vdot, r"""
vdot(input, other, *, out=None) -> Tensor

The dot product of two 1-D tensors with the first one conjugated: ``sum(conj(input) * other)``
(the same as ``dot`` for real tensors).

Args:
    input (Tensor): the first vector (conjugated when complex).
    other (Tensor): the second vector.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: a 0-d tensor.

Example::

    >>> ember.vdot(ember.tensor([1, 2]), ember.tensor([3, 4]))
    tensor(11)
""")

add_docstr(ember.inner, r"""
inner(input, other, *, out=None) -> Tensor

The inner product over the last dimension:
``out[i..., j...] = sum_k input[i..., k] * other[j..., k]`` (for 1-D tensors the dot product; a
0-d operand just multiplies).

Args:
    input (Tensor): the input tensor.
    other (Tensor): the second operand; its last dimension must match ``input``'s.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the products, of shape ``input.shape[:-1] + other.shape[:-1]``.

Example::

    >>> ember.inner(ember.tensor([[1, 2], [3, 4]]), ember.tensor([[1, 0], [1, 1]]))
    tensor([[1, 3],
            [3, 7]])
""")

add_docstr(ember.outer, r"""
outer(input, vec2, *, out=None) -> Tensor

The outer product of two 1-D tensors: ``out[i, j] = input[i] * vec2[j]``.

Args:
    input (Tensor): the first vector, of length ``n``.
    vec2 (Tensor): the second vector, of length ``m``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the ``(n, m)`` matrix.

Example::

    >>> ember.outer(ember.tensor([1, 2, 3]), ember.tensor([1, 10]))
    tensor([[ 1, 10],
            [ 2, 20],
            [ 3, 30]])
""")

add_docstr(ember.ger, r"""
ger(input, vec2, *, out=None) -> Tensor

Another name for ``ember.outer`` (deprecated): ``out[i, j] = input[i] * vec2[j]``.

Args:
    input (Tensor): the first vector.
    vec2 (Tensor): the second vector.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the outer-product matrix.

Example::

    >>> ember.ger(ember.tensor([1.0, 2.0]), ember.tensor([3.0, 4.0]))
    tensor([[3., 4.],
            [6., 8.]])
""")

add_docstr(ember.kron, r"""
kron(input, other, *, out=None) -> Tensor

The Kronecker product: block ``(i, j)`` of the result is ``input[i, j] * other`` (generalised to
any number of dimensions).

Args:
    input (Tensor): the input tensor.
    other (Tensor): the second operand.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the product, of shape ``input.shape * other.shape`` dimension by dimension.

Example::

    >>> ember.kron(ember.tensor([[1, 2], [3, 4]]), ember.tensor([[1, 1]]))
    tensor([[1, 1, 2, 2],
            [3, 3, 4, 4]])
""")

add_docstr(ember.tensordot, r"""
tensordot(a, b, dims=2, out=None) -> Tensor

Contracts (multiplies and sums over) dimensions of ``a`` and ``b``: with an int ``dims = d``,
the last ``d`` dimensions of ``a`` with the first ``d`` of ``b``; with two lists, those
dimensions pairwise. ``dims=0`` is the outer product.

Args:
    a (Tensor): the first operand.
    b (Tensor): the second operand.
    dims (int or tuple of two lists of ints, optional): which dimensions to contract.
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the contracted product.

Example::

    >>> a = ember.arange(6.0).reshape(2, 3)
    >>> ember.tensordot(a, ember.ones(3, 4), dims=1).shape
    ember.Size([2, 4])
    >>> ember.tensordot(a, a, dims=([0, 1], [0, 1]))
    tensor(55.)
""")

add_docstr(ember.einsum, r"""
einsum(equation, *operands) -> Tensor

Einstein summation: multiplies the operands elementwise along the indices the equation names and
sums over the indices missing from the output. ``"ij,jk->ik"`` is a matrix product, ``"ii->"`` a
trace, ``"bij->bji"`` a batched transpose; ``...`` stands for broadcast dimensions. Every
operand is differentiable.

Args:
    equation (str): the subscripts, like ``"ij,jk->ik"``.
    *operands (Tensor): the tensors, one per comma-separated term (or one list of them).

Returns:
    Tensor: the result.

Example::

    >>> A = ember.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> ember.einsum("ij,jk->ik", A, A)
    tensor([[ 7., 10.],
            [15., 22.]])
    >>> ember.einsum("ii->", A), ember.einsum("ij->j", A)
    (tensor(5.), tensor([4., 6.]))
""")

add_docstr(ember.trace, r"""
trace(input) -> Tensor

The sum of the main diagonal of a 2-D tensor.

Args:
    input (Tensor): the input tensor.

Returns:
    Tensor: a 0-d tensor.

Example::

    >>> ember.trace(ember.tensor([[1.0, 2.0], [3.0, 4.0]]))
    tensor(5.)
""")

add_docstr(ember.addmm, r"""
addmm(input, mat1, mat2, *, beta=1, alpha=1, out=None) -> Tensor
addmm(input, mat1, mat2, out_dtype, *, beta=1, alpha=1, out=None) -> Tensor

``beta * input + alpha * (mat1 @ mat2)``, with ``input`` broadcast to the ``(n, p)`` product;
the fused form of a linear layer's ``bias + x @ W^T``. With ``beta=0``, ``input`` is ignored
(even ``nan`` in it).

Args:
    input (Tensor): the matrix to add, broadcastable to ``(n, p)``.
    mat1 (Tensor): the ``(n, m)`` first factor.
    mat2 (Tensor): the ``(m, p)`` second factor.
    out_dtype (ember.dtype, optional): the dtype of the result, for low-precision inputs
        accumulated wider (default: the inputs' dtype).

Keyword args:
    beta (Number, optional): the multiplier of ``input`` (default 1).
    alpha (Number, optional): the multiplier of the product (default 1).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the ``(n, p)`` result.

Example::

    >>> bias = ember.tensor([1.0, -1.0])
    >>> ember.addmm(bias, ember.tensor([[1.0, 2.0]]), ember.tensor([[1.0, 0.0], [0.0, 1.0]]))
    tensor([[2., 1.]])
""")

add_docstr(ember.addmv, r"""
addmv(input, mat, vec, *, beta=1, alpha=1, out=None) -> Tensor

``beta * input + alpha * (mat @ vec)``: a matrix-vector product added to a vector.

Args:
    input (Tensor): the vector to add, broadcastable to length ``n``.
    mat (Tensor): the ``(n, m)`` matrix.
    vec (Tensor): the length-``m`` vector.

Keyword args:
    beta (Number, optional): the multiplier of ``input`` (default 1).
    alpha (Number, optional): the multiplier of the product (default 1).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the length-``n`` result.

Example::

    >>> mat = ember.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> ember.addmv(ember.ones(2), mat, ember.tensor([1.0, 1.0]), alpha=2)
    tensor([ 7., 15.])
""")

add_docstr(ember.addr, r"""
addr(input, vec1, vec2, *, beta=1, alpha=1, out=None) -> Tensor

``beta * input + alpha * outer(vec1, vec2)``: an outer product added to a matrix.

Args:
    input (Tensor): the matrix to add, broadcastable to ``(n, m)``.
    vec1 (Tensor): the length-``n`` vector.
    vec2 (Tensor): the length-``m`` vector.

Keyword args:
    beta (Number, optional): the multiplier of ``input`` (default 1).
    alpha (Number, optional): the multiplier of the outer product (default 1).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the ``(n, m)`` result.

Example::

    >>> ember.addr(ember.zeros(2, 2), ember.tensor([1.0, 2.0]), ember.tensor([3.0, 4.0]))
    tensor([[3., 4.],
            [6., 8.]])
""")

add_docstr(ember.addbmm, r"""
addbmm(input, batch1, batch2, *, beta=1, alpha=1, out=None) -> Tensor

``beta * input + alpha * sum_i batch1[i] @ batch2[i]``: the batched products are summed over the
batch into one matrix, which is added to ``input``.

Args:
    input (Tensor): the matrix to add, broadcastable to ``(n, p)``.
    batch1 (Tensor): the ``(b, n, m)`` first factors.
    batch2 (Tensor): the ``(b, m, p)`` second factors.

Keyword args:
    beta (Number, optional): the multiplier of ``input`` (default 1).
    alpha (Number, optional): the multiplier of the summed products (default 1).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the ``(n, p)`` result.

Example::

    >>> ember.addbmm(ember.zeros(2, 2), ember.ones(3, 2, 1), ember.ones(3, 1, 2))
    tensor([[3., 3.],
            [3., 3.]])
""")

add_docstr(ember.baddbmm, r"""
baddbmm(input, batch1, batch2, *, beta=1, alpha=1, out=None) -> Tensor
baddbmm(input, batch1, batch2, out_dtype, *, beta=1, alpha=1, out=None) -> Tensor

``beta * input + alpha * (batch1 @ batch2)`` for batches: each product ``batch1[i] @ batch2[i]``
is added to the matching ``input[i]`` (``input`` broadcasts).

Args:
    input (Tensor): the tensor to add, broadcastable to ``(b, n, p)``.
    batch1 (Tensor): the ``(b, n, m)`` first factors.
    batch2 (Tensor): the ``(b, m, p)`` second factors.
    out_dtype (ember.dtype, optional): the dtype of the result, for low-precision inputs
        accumulated wider (default: the inputs' dtype).

Keyword args:
    beta (Number, optional): the multiplier of ``input`` (default 1).
    alpha (Number, optional): the multiplier of the products (default 1).
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the ``(b, n, p)`` result.

Example::

    >>> ember.baddbmm(ember.ones(2, 1, 1), ember.ones(2, 1, 3), ember.ones(2, 3, 1), alpha=0.5)
    tensor([[[2.5000]],
    <BLANKLINE>
            [[2.5000]]])
""")

add_docstr(ember.chain_matmul, r"""
chain_matmul(*matrices, out=None) -> Tensor

The product of two or more 2-D matrices, ``matrices[0] @ matrices[1] @ ...``, multiplied in the
cheapest order. Deprecated: use ``ember.linalg.multi_dot``.

Args:
    *matrices (Tensor): the matrices, with matching inner sizes.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the product.

Example::

    >>> A = ember.tensor([[1.0, 1.0], [0.0, 1.0]])
    >>> ember.chain_matmul(A, A, A)
    tensor([[1., 3.],
            [0., 1.]])
""")

add_docstr(ember.det, r"""
det(input) -> Tensor

The determinant of a square matrix (or of each matrix in a batch). The gradient is
``det(A) * A^{-T}`` times the incoming gradient.

Args:
    input (Tensor): a ``(*, n, n)`` tensor.

Returns:
    Tensor: the determinants, of shape ``(*)``.

Example::

    >>> ember.det(ember.tensor([[2.0, 0.0], [1.0, 3.0]]))
    tensor(6.)
""")

add_docstr(ember.logdet, r"""
logdet(input) -> Tensor

The natural log of the determinant of a square matrix (or batch): ``nan`` when the determinant
is negative and ``-inf`` when it is 0. See ``ember.slogdet`` for the sign as well.

Args:
    input (Tensor): a ``(*, n, n)`` tensor.

Returns:
    Tensor: the log-determinants.

Example::

    >>> ember.logdet(ember.tensor([[2.0, 0.0], [0.0, 3.0]]))
    tensor(1.7918)
    >>> ember.logdet(ember.tensor([[0.0, 1.0], [1.0, 0.0]]))
    tensor(nan)
""")

add_docstr(ember.slogdet, r"""
slogdet(input) -> (Tensor, Tensor)

The sign and the log of the absolute value of the determinant, ``det = sign * exp(logabsdet)``;
stable where the determinant itself would overflow. A singular matrix gives sign 0 and
``logabsdet = -inf``.

Args:
    input (Tensor): a ``(*, n, n)`` tensor.

Returns:
    (Tensor, Tensor): a named tuple ``(sign, logabsdet)``.

Example::

    >>> ember.slogdet(ember.tensor([[0.0, 2.0], [3.0, 0.0]]))
    ember.return_types.slogdet(
    sign=tensor(-1.),
    logabsdet=tensor(1.7918))
""")

add_docstr(ember.inverse, r"""
inverse(input, *, out=None) -> Tensor

The inverse of a square matrix (or of each matrix in a batch); raises when a matrix is singular.
The gradient is ``-A^{-T} grad A^{-T}``.

Args:
    input (Tensor): a ``(*, n, n)`` tensor of invertible matrices.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the inverses.

Example::

    >>> ember.inverse(ember.tensor([[2.0, 0.0], [0.0, 4.0]]))
    tensor([[0.5000, 0.0000],
            [0.0000, 0.2500]])
""")

add_docstr(ember.pinverse, r"""
pinverse(input, rcond=1e-15) -> Tensor

The Moore-Penrose pseudo-inverse of a matrix (or batch), computed from the SVD with singular
values below ``rcond`` times the largest treated as zero. Works for non-square and singular
matrices.

Args:
    input (Tensor): a ``(*, m, n)`` tensor.
    rcond (float, optional): the relative cutoff for small singular values (default 1e-15).

Returns:
    Tensor: the ``(*, n, m)`` pseudo-inverses.

Example::

    >>> A = ember.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    >>> P = ember.pinverse(A)
    >>> P.shape, ember.allclose(P @ A, ember.eye(2), atol=1e-5)
    (ember.Size([2, 3]), True)

    A singular float32 matrix's zero singular value comes out of the SVD as round-off (about
    1e-7 or 1e-16, by the LAPACK build), so give an ``rcond`` above float32's round-off:

    >>> S = ember.tensor([[1.0, 2.0], [2.0, 4.0]])
    >>> ember.allclose(S @ ember.pinverse(S, rcond=1e-5) @ S, S, atol=1e-5)
    True
""")

add_docstr(ember.matrix_power, r"""
matrix_power(input, n, *, out=None) -> Tensor

The ``n``-th power of a square matrix (or batch) by repeated multiplication: the identity for
``n = 0`` and powers of the inverse for negative ``n``.

Args:
    input (Tensor): the input tensor.
    n (int): the exponent.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the matrix power.

Example::

    >>> A = ember.tensor([[1, 1], [0, 1]])
    >>> ember.matrix_power(A, 3)
    tensor([[1, 3],
            [0, 1]])
""")

add_docstr(ember.matrix_exp, r"""
matrix_exp(A) -> Tensor

The matrix exponential ``exp(A) = sum_k A^k / k!`` of a square matrix (or batch). For a diagonal
matrix it exponentiates the diagonal.

Args:
    A (Tensor): a ``(*, n, n)`` tensor.

Returns:
    Tensor: the exponentials.

Example::

    >>> ember.matrix_exp(ember.tensor([[0.0, 0.0], [0.0, 1.0]]))
    tensor([[1.0000, 0.0000],
            [0.0000, 2.7183]])
""")

add_docstr(ember.svd, r"""
svd(input, some=True, compute_uv=True, *, out=None) -> (Tensor, Tensor, Tensor)

The singular value decomposition ``input = U diag(S) V^H`` of a matrix (or batch). Unlike
``ember.linalg.svd`` it returns ``V``, not ``V^H``; ``some=True`` gives the reduced factors.
``S`` is sorted in descending order.

Args:
    input (Tensor): a ``(*, m, n)`` tensor.
    some (bool, optional): the reduced decomposition (default ``True``).
    compute_uv (bool, optional): compute ``U`` and ``V``; otherwise they are zero-filled.

Keyword args:
    out (tuple, optional): tensors to write the results into.

Returns:
    (Tensor, Tensor, Tensor): a named tuple ``(U, S, V)``.

Example::

    >>> U, S, V = ember.svd(ember.tensor([[3.0, 0.0], [0.0, -2.0]]))
    >>> S.round(decimals=4)
    tensor([3., 2.])
    >>> ember.allclose(U @ ember.diag(S) @ V.T, ember.tensor([[3.0, 0.0], [0.0, -2.0]]))
    True
""")

add_docstr(ember.svd_lowrank, r"""
svd_lowrank(A, q=6, niter=2, M=None) -> (Tensor, Tensor, Tensor)

An approximate rank-``q`` SVD of a (possibly large) matrix by randomized subspace iteration:
``A ~ U diag(S) V^T`` with ``U`` ``(m, q)``, ``S`` ``(q,)`` and ``V`` ``(n, q)``. ``M`` is
subtracted from ``A`` first (for centred data).

Args:
    A (Tensor): the ``(*, m, n)`` input.
    q (int, optional): the rank of the approximation (default 6).
    niter (int, optional): the number of subspace iterations (default 2).
    M (Tensor, optional): a tensor subtracted from ``A`` (default none).

Returns:
    (Tensor, Tensor, Tensor): ``(U, S, V)``.

Example::

    >>> _ = ember.manual_seed(0)
    >>> A = ember.tensor([[2.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    >>> U, S, V = ember.svd_lowrank(A, q=2)
    >>> S.round(decimals=4)
    tensor([2., 1.])
""")

add_docstr(ember.pca_lowrank, r"""
pca_lowrank(A, q=None, center=True, niter=2) -> (Tensor, Tensor, Tensor)

Principal component analysis of the rows of ``A`` through a randomized low-rank SVD: the data
are centred (column means subtracted) when ``center=True``, then ``(U, S, V)`` are returned with
the principal directions in the columns of ``V``.

Args:
    A (Tensor): the ``(*, m, n)`` data, one observation per row.
    q (int, optional): the number of components (default ``min(6, m, n)``).
    center (bool, optional): subtract the column means first (default ``True``).
    niter (int, optional): the number of subspace iterations (default 2).

Returns:
    (Tensor, Tensor, Tensor): ``(U, S, V)``.

Example::

    >>> _ = ember.manual_seed(0)
    >>> data = ember.tensor([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]])
    >>> U, S, V = ember.pca_lowrank(data, q=1)
    >>> S.round(decimals=4), V.abs().round(decimals=4)
    (tensor([2.]), tensor([[0.7071],
            [0.7071]]))
""")

add_docstr(ember.cholesky, r"""
cholesky(input, upper=False, *, out=None) -> Tensor

The Cholesky factor of a symmetric (Hermitian) positive-definite matrix: lower-triangular ``L``
with ``A = L L^H``, or upper ``U`` with ``A = U^H U`` when ``upper=True``. Deprecated: use
``ember.linalg.cholesky``.

Args:
    input (Tensor): a ``(*, n, n)`` positive-definite tensor.
    upper (bool, optional): return the upper factor (default ``False``).

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the triangular factors.

Example::

    >>> ember.cholesky(ember.tensor([[4.0, 2.0], [2.0, 5.0]]))
    tensor([[2., 0.],
            [1., 2.]])
""")

add_docstr(ember.cholesky_inverse, r"""
cholesky_inverse(L, upper=False, *, out=None) -> Tensor

The inverse of ``A = L L^H`` computed from its Cholesky factor ``L`` (or from ``U`` with
``A = U^H U`` when ``upper=True``).

Args:
    L (Tensor): the ``(*, n, n)`` triangular Cholesky factors.
    upper (bool, optional): ``L`` is upper triangular (default ``False``).

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the inverses of ``A``.

Example::

    >>> L = ember.tensor([[2.0, 0.0], [1.0, 2.0]])
    >>> ember.allclose(ember.cholesky_inverse(L) @ (L @ L.T), ember.eye(2), atol=1e-6)
    True
""")

add_docstr(ember.cholesky_solve, r"""
cholesky_solve(B, L, upper=False, *, out=None) -> Tensor

Solves ``A X = B`` given the Cholesky factor ``L`` of ``A = L L^H`` (or ``U`` with ``A = U^H U``
when ``upper=True``), which is cheaper than solving with ``A`` itself.

Args:
    B (Tensor): the ``(*, n, k)`` right-hand sides.
    L (Tensor): the ``(*, n, n)`` triangular Cholesky factors.
    upper (bool, optional): ``L`` is upper triangular (default ``False``).

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the ``(*, n, k)`` solutions ``X``.

Example::

    >>> L = ember.tensor([[2.0, 0.0], [1.0, 1.0]])
    >>> ember.cholesky_solve(ember.tensor([[4.0], [3.0]]), L)
    tensor([[0.5000],
            [1.0000]])
""")

add_docstr(ember.triangular_solve, r"""
triangular_solve(b, A, upper=True, transpose=False, unitriangular=False, *,
                 out=None) -> (Tensor, Tensor)

Solves ``A X = b`` for a triangular ``A`` (upper by default, or lower), optionally with ``A``
transposed or with unit diagonal. Returns the solution and a copy of ``A``. Deprecated: use
``ember.linalg.solve_triangular``.

Args:
    b (Tensor): the ``(*, m, k)`` right-hand sides.
    A (Tensor): the ``(*, m, m)`` triangular matrices.
    upper (bool, optional): ``A`` is upper (default) or lower triangular.
    transpose (bool, optional): solve ``A^T X = b`` instead (default ``False``).
    unitriangular (bool, optional): assume ones on the diagonal of ``A`` (default ``False``).

Keyword args:
    out (tuple, optional): tensors to write the results into.

Returns:
    (Tensor, Tensor): a named tuple ``(solution, cloned_coefficient)``.

Example::

    >>> A = ember.tensor([[2.0, 1.0], [0.0, 4.0]])
    >>> ember.triangular_solve(ember.tensor([[3.0], [4.0]]), A).solution
    tensor([[1.],
            [1.]])
""")

add_docstr(ember.lu, r"""
lu(A, pivot=True, get_infos=False, out=None) -> (Tensor, IntTensor)

The LU factorization of a matrix (or batch) with partial pivoting, packed as LAPACK returns it:
``L`` (unit diagonal, below) and ``U`` (on and above) in one tensor, plus 1-based pivot indices.
Unpack with ``ember.lu_unpack``; solve with ``ember.lu_solve``.

Args:
    A (Tensor): the ``(*, m, n)`` tensor to factor.
    pivot (bool, optional): use partial pivoting (default ``True``; required on the CPU).
    get_infos (bool, optional): also return LAPACK's status codes (default ``False``).
    out (tuple, optional): tensors to write the results into.

Returns:
    (Tensor, IntTensor): the packed factors and the pivots (plus the infos when asked).

Example::

    >>> LU, pivots = ember.lu(ember.tensor([[1.0, 2.0], [3.0, 4.0]]))
    >>> LU, pivots
    (tensor([[3.0000, 4.0000],
            [0.3333, 0.6667]]), tensor([2, 2], dtype=ember.int32))
""")

add_docstr(ember.lu_unpack, r"""
lu_unpack(LU_data, LU_pivots, unpack_data=True, unpack_pivots=True, *,
          out=None) -> (Tensor, Tensor, Tensor)

Unpacks the output of ``ember.lu`` into the permutation ``P``, unit lower-triangular ``L`` and
upper-triangular ``U`` with ``A = P L U``.

Args:
    LU_data (Tensor): the packed factors.
    LU_pivots (IntTensor): the pivots.
    unpack_data (bool, optional): compute ``L`` and ``U`` (default ``True``).
    unpack_pivots (bool, optional): compute ``P`` (default ``True``).

Keyword args:
    out (tuple, optional): tensors to write the results into.

Returns:
    (Tensor, Tensor, Tensor): a named tuple ``(P, L, U)``.

Example::

    >>> A = ember.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> P, L, U = ember.lu_unpack(*ember.lu(A))
    >>> P, L
    (tensor([[0., 1.],
            [1., 0.]]), tensor([[1.0000, 0.0000],
            [0.3333, 1.0000]]))
    >>> ember.allclose(P @ L @ U, A)
    True
""")

add_docstr(ember.lu_solve, r"""
lu_solve(b, LU_data, LU_pivots, *, out=None) -> Tensor

Solves ``A X = b`` from the packed LU factorization of ``A`` returned by ``ember.lu``.

Args:
    b (Tensor): the ``(*, m, k)`` right-hand sides.
    LU_data (Tensor): the packed LU factors of ``A``.
    LU_pivots (IntTensor): the pivots.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the solutions ``X``.

Example::

    >>> A = ember.tensor([[2.0, 0.0], [0.0, 4.0]])
    >>> ember.lu_solve(ember.tensor([[2.0], [2.0]]), *ember.lu(A))
    tensor([[1.0000],
            [0.5000]])
""")

add_docstr(ember.geqrf, r"""
geqrf(input, *, out=None) -> (Tensor, Tensor)

The QR factorization of a matrix in LAPACK's compact form: ``R`` on and above the diagonal, the
Householder reflectors below it, and their scale factors ``tau``. Use ``ember.linalg.qr`` for
``Q`` and ``R`` directly; ``ember.orgqr`` and ``ember.ormqr`` consume this form. Not
differentiable.

Args:
    input (Tensor): the ``(*, m, n)`` tensor to factor.

Keyword args:
    out (tuple, optional): tensors to write the results into.

Returns:
    (Tensor, Tensor): a named tuple ``(a, tau)``.

Example::

    >>> a, tau = ember.geqrf(ember.tensor([[3.0, 1.0], [4.0, 2.0]]))
    >>> ember.triu(a).abs()
    tensor([[5.0000, 2.2000],
            [0.0000, 0.4000]])
""")

add_docstr(ember.orgqr, r"""
orgqr(input, tau) -> Tensor

Forms the ``Q`` of a QR factorization (the product of Householder reflectors) from the compact
form returned by ``ember.geqrf``.

Args:
    input (Tensor): the reflectors below the diagonal, as from ``geqrf``.
    tau (Tensor): their scale factors.

Returns:
    Tensor: the matrix ``Q`` with orthonormal columns.

Example::

    >>> a, tau = ember.geqrf(ember.tensor([[3.0, 1.0], [4.0, 2.0]]))
    >>> Q = ember.orgqr(a, tau)
    >>> ember.allclose(Q.T @ Q, ember.eye(2), atol=1e-6)
    True
""")

add_docstr(ember.ormqr, r"""
ormqr(input, tau, other, left=True, transpose=False, *, out=None) -> Tensor

Multiplies ``other`` by the ``Q`` of a compact QR factorization (from ``ember.geqrf``) without
forming ``Q``: ``Q @ other``, ``Q^T @ other``, ``other @ Q`` or ``other @ Q^T``.

Args:
    input (Tensor): the reflectors, as from ``geqrf``.
    tau (Tensor): their scale factors.
    other (Tensor): the matrix to multiply.
    left (bool, optional): multiply from the left (default ``True``).
    transpose (bool, optional): use ``Q^T`` (default ``False``).

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the product.

Example::

    >>> A = ember.tensor([[3.0, 1.0], [4.0, 2.0]])
    >>> a, tau = ember.geqrf(A)
    >>> ember.allclose(ember.ormqr(a, tau, ember.eye(2)), ember.orgqr(a, tau))
    True
""")

add_docstr(ember.lstsq, r"""
lstsq(input, A, *, out=None) -> (Tensor, Tensor)

Removed from PyTorch: calling it raises ``RuntimeError`` that points to ``ember.linalg.lstsq``
(which takes ``A`` first and returns a named tuple).

Args:
    input (Tensor): the right-hand sides ``B``.
    A (Tensor): the matrix.

Keyword args:
    out (tuple, optional): ignored; the call raises.

Returns:
    Nothing; it always raises.

Example::

    >>> try:
    ...     ember.lstsq(ember.eye(2), ember.eye(2))
    ... except RuntimeError as error:
    ...     print(str(error).split(". ")[0])
    This function was deprecated since version 1.9 and is now removed
""")

add_docstr(ember.solve, r"""
solve(input, A, *, out=None) -> (Tensor, Tensor)

Removed from PyTorch: calling it raises ``RuntimeError`` that points to ``ember.linalg.solve``
(which takes ``A`` first).

Args:
    input (Tensor): the right-hand sides ``B``.
    A (Tensor): the matrix.

Keyword args:
    out (tuple, optional): ignored; the call raises.

Returns:
    Nothing; it always raises.

Example::

    >>> try:
    ...     ember.solve(ember.eye(2), ember.eye(2))
    ... except RuntimeError as error:
    ...     print(str(error).split(". ")[0])
    This function was deprecated since version 1.9 and is now removed
""")

add_docstr(ember.cross, r"""
cross(input, other, dim=None, *, out=None) -> Tensor

The cross product of 3-vectors along ``dim`` (by default the first dimension of size 3; torch
warns about that default, so pass ``dim``). Shapes broadcast.

Args:
    input (Tensor): the input tensor.
    other (Tensor): the second operand.
    dim (int, optional): the dimension holding the 3-vectors.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the cross products.

Example::

    >>> ember.cross(ember.tensor([[1.0, 0.0, 0.0]]), ember.tensor([[0.0, 1.0, 0.0]]), dim=1)
    tensor([[0., 0., 1.]])
""")

add_docstr(ember.cdist, r"""
cdist(x1, x2, p=2.0, compute_mode='use_mm_for_euclid_dist_if_necessary') -> Tensor

The distance between every row of ``x1`` and every row of ``x2``:
``out[..., i, j] = ||x1[..., i, :] - x2[..., j, :]||_p``, batched over leading dimensions.

Args:
    x1 (Tensor): the ``(*, P, M)`` first set of points.
    x2 (Tensor): the ``(*, R, M)`` second set of points.
    p (float, optional): the order of the norm, ``p >= 0`` (default 2).
    compute_mode (str, optional): whether the Euclidean case may use a matrix product (faster, a
        little less exact).

Returns:
    Tensor: the ``(*, P, R)`` distances.

Example::

    >>> a = ember.tensor([[0.0, 0.0], [1.0, 1.0]])
    >>> ember.cdist(a, ember.tensor([[3.0, 4.0]]))
    tensor([[5.0000],
            [3.6056]])
    >>> ember.cdist(a, ember.tensor([[3.0, 4.0]]), p=1)
    tensor([[7.],
            [5.]])
""")

add_docstr(ember.pdist, r"""
pdist(input, p=2) -> Tensor

The p-norm distances between all pairs of rows of a 2-D ``input``: the upper triangle (without
diagonal) of ``cdist(input, input)``, flattened row by row.

Args:
    input (Tensor): an ``(N, M)`` tensor of points.
    p (float, optional): the order of the norm (default 2).

Returns:
    Tensor: a 1-D tensor of ``N * (N - 1) / 2`` distances.

Example::

    >>> ember.pdist(ember.tensor([[0.0, 0.0], [3.0, 4.0], [6.0, 8.0]]))
    tensor([ 5., 10.,  5.])
""")

add_docstr(ember.cov, r"""
cov(input, *, correction=1, fweights=None, aweights=None) -> Tensor

The covariance matrix of the variables in the rows of ``input`` (observations in the columns):
``cov[i, j] = sum_k (x[i, k] - mean_i) (x[j, k] - mean_j) / (N - correction)``, with optional
integer frequency weights and real observation weights.

Args:
    input (Tensor): the input tensor.

Keyword args:
    correction (int, optional): subtracted from the number of observations (default 1,
        unbiased).
    fweights (Tensor, optional): integer repeat counts of the observations.
    aweights (Tensor, optional): observation weights.

Returns:
    Tensor: the ``(V, V)`` covariance matrix (0-d for one variable).

Example::

    >>> x = ember.tensor([[0.0, 1.0, 2.0], [2.0, 1.0, 0.0]])
    >>> ember.cov(x)
    tensor([[ 1., -1.],
            [-1.,  1.]])
    >>> ember.cov(x, correction=0)
    tensor([[ 0.6667, -0.6667],
            [-0.6667,  0.6667]])
""")

add_docstr(ember.corrcoef, r"""
corrcoef(input) -> Tensor

The Pearson correlation coefficients between the variables in the rows of ``input``:
``cov[i, j] / sqrt(cov[i, i] * cov[j, j])``, clipped to ``[-1, 1]``.

Args:
    input (Tensor): the input tensor.

Returns:
    Tensor: the ``(V, V)`` correlation matrix.

Example::

    >>> x = ember.tensor([[0.0, 1.0, 2.0], [2.0, 1.5, 0.0], [1.0, 2.0, 3.0]])
    >>> ember.corrcoef(x).round(decimals=3)
    tensor([[ 1.0000, -0.9610,  1.0000],
            [-0.9610,  1.0000, -0.9610],
            [ 1.0000, -0.9610,  1.0000]])
""")

add_docstr(ember.gradient, r"""
gradient(input, *, spacing=1, dim=None, edge_order=1) -> List of Tensors

Estimates the derivative of a function sampled on a grid, along each dimension: central
differences inside and one-sided differences (of order ``edge_order``) at the ends. The spacing
is 1 unless given as a number, a list of numbers, or the coordinates themselves.

Args:
    input (Tensor): the input tensor.

Keyword args:
    spacing (scalar, list of scalar, list of Tensor, optional): the sample spacing or
        coordinates.
    dim (int, list of int, optional): the dimension(s) to differentiate along (default: all).
    edge_order (int, optional): 1 or 2, the accuracy at the boundaries (default 1).

Returns:
    tuple of Tensors: one derivative estimate per dimension.

Example::

    >>> ember.gradient(ember.tensor([1.0, 4.0, 9.0, 16.0]))
    (tensor([3., 4., 6., 7.]),)
    >>> ember.gradient(ember.tensor([1.0, 4.0, 9.0, 16.0]), spacing=2.0)
    (tensor([1.5000, 2.0000, 3.0000, 3.5000]),)
""")

add_docstr(ember.clamp, r"""
clamp(input, min=None, max=None, *, out=None) -> Tensor

Limits every element to the range ``[min, max]``: ``out = min(max(input, min), max)``. Either
bound may be omitted, and each may be a number or a tensor broadcast against ``input``. When
``min > max`` every element becomes ``max``. The gradient passes where the input was inside the
range and is 0 where it was clipped.

Args:
    input (Tensor): the input tensor.
    min (Number or Tensor, optional): the lower bound.
    max (Number or Tensor, optional): the upper bound.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the clamped values.

Example::

    >>> x = ember.tensor([-2.0, -0.5, 0.5, 2.0])
    >>> ember.clamp(x, min=-1.0, max=1.0)
    tensor([-1.0000, -0.5000,  0.5000,  1.0000])
    >>> ember.clamp(x, min=0.0)
    tensor([0.0000, 0.0000, 0.5000, 2.0000])
    >>> ember.clamp(x, max=ember.tensor([0.0, 0.0, 1.0, 1.0]))
    tensor([-2.0000, -0.5000,  0.5000,  1.0000])
""")

add_docstr(ember.clip, r"""
clip(input, min=None, max=None, *, out=None) -> Tensor

Another name for ``ember.clamp``: limits every element to ``[min, max]``.

Args:
    input (Tensor): the input tensor.
    min (Number or Tensor, optional): the lower bound.
    max (Number or Tensor, optional): the upper bound.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the clamped values.

Example::

    >>> ember.clip(ember.tensor([-2.0, 0.5, 2.0]), -1.0, 1.0)
    tensor([-1.0000,  0.5000,  1.0000])
""")

add_docstr(ember.clamp_max, r"""
clamp_max(input, max) -> Tensor

Limits every element from above: ``out = min(input, max)``.

Args:
    input (Tensor): the input tensor.
    max (Number or Tensor): the upper bound.

Returns:
    Tensor: the clamped values.

Example::

    >>> ember.clamp_max(ember.tensor([-2.0, 0.5, 2.0]), 1.0)
    tensor([-2.0000,  0.5000,  1.0000])
""")

add_docstr(ember.clamp_min, r"""
clamp_min(input, min) -> Tensor

Limits every element from below: ``out = max(input, min)``.

Args:
    input (Tensor): the input tensor.
    min (Number or Tensor): the lower bound.

Returns:
    Tensor: the clamped values.

Example::

    >>> ember.clamp_min(ember.tensor([-2.0, 0.5, 2.0]), 0.0)
    tensor([0.0000, 0.5000, 2.0000])
""")

add_docstr(ember.igamma, r"""
igamma(input, other, *, out=None) -> Tensor

The regularized lower incomplete gamma function ``P(a, x) = gamma(a, x) / Gamma(a)``, with
``a = input`` and ``x = other`` (both positive), elementwise with broadcasting. It is the CDF of
a Gamma(a, 1) distribution at ``x``. Differentiable in ``other`` only.

Args:
    input (Tensor): the shape parameters ``a``.
    other (Tensor): the integration limits ``x``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the values, in ``[0, 1]``.

Example::

    >>> ember.igamma(ember.tensor([1.0, 2.0]), ember.tensor([1.0, 1.0]))
    tensor([0.6321, 0.2642])
""")

add_docstr(ember.igammac, r"""
igammac(input, other, *, out=None) -> Tensor

The regularized upper incomplete gamma function ``Q(a, x) = 1 - P(a, x)``, with ``a = input``
and ``x = other``, elementwise with broadcasting. Differentiable in ``other`` only.

Args:
    input (Tensor): the shape parameters ``a``.
    other (Tensor): the integration limits ``x``.

Keyword args:
    out (Tensor, optional): a tensor to write the result into.

Returns:
    Tensor: the values, in ``[0, 1]``.

Example::

    >>> ember.igammac(ember.tensor([1.0, 2.0]), ember.tensor([1.0, 1.0]))
    tensor([0.3679, 0.7358])
""")

add_docstr(ember.relu, r"""
relu(input) -> Tensor

The rectified linear unit ``max(0, input)`` of each element. Its gradient is 1 where
``input > 0`` and 0 elsewhere (also at 0).

Args:
    input (Tensor): the input tensor.

Returns:
    Tensor: the activations, shaped like ``input``.

Example::

    >>> ember.relu(ember.tensor([-1.0, 0.0, 2.5]))
    tensor([0.0000, 0.0000, 2.5000])
""")

add_docstr(ember.selu, r"""
selu(input) -> Tensor

The scaled exponential linear unit ``scale * (max(0, x) + min(0, alpha * (exp(x) - 1)))`` with
the fixed constants ``alpha ~ 1.6733`` and ``scale ~ 1.0507`` that keep activations
self-normalising.

Args:
    input (Tensor): the input tensor.

Returns:
    Tensor: the activations, shaped like ``input``.

Example::

    >>> ember.selu(ember.tensor([-1.0, 0.0, 1.0]))
    tensor([-1.1113,  0.0000,  1.0507])
""")

add_docstr(ember.celu, r"""
celu(input, alpha=1.0) -> Tensor

The continuously differentiable exponential linear unit
``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))``.

Args:
    input (Tensor): the input tensor.
    alpha (float, optional): the scale of the negative part (default 1.0).

Returns:
    Tensor: the activations, shaped like ``input``.

Example::

    >>> ember.celu(ember.tensor([-1.0, 0.0, 2.0]))
    tensor([-0.6321,  0.0000,  2.0000])
    >>> ember.celu(ember.tensor([-1.0]), alpha=2.0)
    tensor([-0.7869])
""")

add_docstr(ember.rrelu, r"""
rrelu(input, lower=1./8, upper=1./3, training=False) -> Tensor

The randomized leaky ReLU: negative elements are multiplied by a slope, drawn uniformly from
``[lower, upper]`` per element when ``training``, otherwise the fixed mean
``(lower + upper) / 2``. Positive elements pass unchanged.

Args:
    input (Tensor): the input tensor.
    lower (float, optional): the smallest slope (default 1/8).
    upper (float, optional): the largest slope (default 1/3).
    training (bool, optional): draw random slopes (default ``False``).

Returns:
    Tensor: the activations, shaped like ``input``.

Example::

    >>> ember.rrelu(ember.tensor([-2.4, 0.0, 1.5]), lower=0.1, upper=0.3)
    tensor([-0.4800,  0.0000,  1.5000])
""")

add_docstr(ember.prelu, r"""
prelu(input, weight) -> Tensor

The parametric ReLU: ``max(0, x) + weight * min(0, x)``, with a learnable slope ``weight`` of
one element or one per channel (dim 1 of ``input``).

Args:
    input (Tensor): the input tensor.
    weight (Tensor): the negative slopes, of size 1 or the number of channels.

Returns:
    Tensor: the activations, shaped like ``input``.

Example::

    >>> ember.prelu(ember.tensor([[-2.0, 1.0], [-4.0, 3.0]]), ember.tensor([0.25, 0.5]))
    tensor([[-0.5000,  1.0000],
            [-1.0000,  3.0000]])
""")

add_docstr(ember.hardshrink, r"""
hardshrink(input, lambd=0.5) -> Tensor

The hard shrinkage function: keeps elements with ``|x| > lambd`` and sets the others to 0.

Args:
    input (Tensor): the input tensor.
    lambd (float, optional): the threshold (default 0.5).

Returns:
    Tensor: the result, shaped like ``input``.

Example::

    >>> ember.hardshrink(ember.tensor([-1.0, -0.3, 0.2, 0.8]))
    tensor([-1.0000,  0.0000,  0.0000,  0.8000])
""")

add_docstr(ember.threshold, r"""
threshold(input, threshold, value) -> Tensor

Replaces every element that is not greater than ``threshold`` by ``value``:
``out = x if x > threshold else value``.

Args:
    input (Tensor): the input tensor.
    threshold (float): elements ``<= threshold`` are replaced.
    value (float): the replacement.

Returns:
    Tensor: the result, shaped like ``input``.

Example::

    >>> ember.threshold(ember.tensor([-1.0, 0.5, 2.0]), 1.0, -9.0)
    tensor([-9., -9.,  2.])
""")

add_docstr(ember.softmax, r"""
softmax(input, dim, *, dtype=None) -> Tensor

The softmax along ``dim``: ``exp(x_i) / sum_j exp(x_j)``, so each slice along ``dim`` is
positive and sums to 1. Computed stably (the maximum is subtracted first).

Args:
    input (Tensor): the input tensor.
    dim (int): the dimension along which the results sum to 1.

Keyword args:
    dtype (ember.dtype, optional): cast ``input`` to this dtype first (default: keep).

Returns:
    Tensor: the probabilities, shaped like ``input``.

Example::

    >>> ember.softmax(ember.tensor([1.0, 2.0, 3.0]), dim=0)
    tensor([0.0900, 0.2447, 0.6652])
    >>> ember.softmax(ember.tensor([[0.0, 0.0], [1000.0, 0.0]]), dim=1)
    tensor([[0.5000, 0.5000],
            [1.0000, 0.0000]])
""")

add_docstr(ember.log_softmax, r"""
log_softmax(input, dim, dtype=None) -> Tensor

The logarithm of the softmax along ``dim``: ``x_i - log(sum_j exp(x_j))``, computed directly and
stably (more accurate than ``log(softmax(x))``). Its gradient is
``grad - softmax(x) * sum(grad)``.

Args:
    input (Tensor): the input tensor.
    dim (int): the dimension of the distribution.
    dtype (ember.dtype, optional): cast ``input`` to this dtype first (default: keep).

Returns:
    Tensor: the log-probabilities, shaped like ``input``.

Example::

    >>> ember.log_softmax(ember.tensor([0.0, 0.0]), dim=0)
    tensor([-0.6931, -0.6931])
    >>> ember.log_softmax(ember.tensor([1000.0, 0.0]), dim=0)
    tensor([    0., -1000.])
""")

add_docstr(ember.dropout, r"""
dropout(input, p, train) -> Tensor

During training, zeroes each element with probability ``p`` and scales the rest by
``1 / (1 - p)`` so the expected value is unchanged; with ``train=False`` it returns the input
unchanged.

Args:
    input (Tensor): the input tensor.
    p (float): the probability of zeroing an element.
    train (bool): apply dropout (``True``) or pass the input through (``False``).

Returns:
    Tensor: the result, shaped like ``input``.

Example::

    >>> _ = ember.manual_seed(0)
    >>> ember.dropout(ember.ones(8), 0.5, True)
    tensor([0., 0., 2., 0., 0., 0., 2., 2.])
    >>> ember.dropout(ember.ones(3), 0.5, False)
    tensor([1., 1., 1.])
""")

add_docstr(ember.alpha_dropout, r"""
alpha_dropout(input, p, train) -> Tensor

Dropout for SELU networks: dropped elements are set to SELU's negative saturation value and the
result is scaled and shifted so the mean and variance stay those of the input. Identity when
``train=False``.

Args:
    input (Tensor): the input tensor.
    p (float): the probability of dropping an element.
    train (bool): apply dropout (``True``) or pass the input through (``False``).

Returns:
    Tensor: the result, shaped like ``input``.

Example::

    >>> ember.alpha_dropout(ember.tensor([1.0, -1.0]), 0.5, False)
    tensor([ 1., -1.])
    >>> _ = ember.manual_seed(0)
    >>> ember.alpha_dropout(ember.zeros(6), 0.5, True)
    tensor([-0.7792, -0.7792,  0.7792, -0.7792, -0.7792, -0.7792])
""")

add_docstr(ember.feature_alpha_dropout, r"""
feature_alpha_dropout(input, p, train) -> Tensor

Alpha dropout of whole channels: every channel (dim 1) is either kept or set entirely to SELU's
negative saturation value, then the result is scaled and shifted as in ``alpha_dropout``.
Identity when ``train=False``.

Args:
    input (Tensor): the input tensor.
    p (float): the probability of dropping a channel.
    train (bool): apply dropout (``True``) or pass the input through (``False``).

Returns:
    Tensor: the result, shaped like ``input``.

Example::

    >>> ember.feature_alpha_dropout(ember.ones(1, 2, 2), 0.5, False)
    tensor([[[1., 1.],
             [1., 1.]]])
""")

add_docstr(ember.conv1d, r"""
conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1) -> Tensor

A 1-D convolution (cross-correlation, as in all deep-learning libraries):
``out[n, o, l] = bias[o] + sum_{c, k} weight[o, c, k] * input[n, c, stride * l + dilation * k]``
over the (padded) input. ``groups`` splits the channels into independent convolutions.

Args:
    input (Tensor): the ``(N, C_in, L)`` (or unbatched ``(C_in, L)``) input.
    weight (Tensor): the ``(C_out, C_in / groups, kL)`` filters.
    bias (Tensor, optional): the ``(C_out,)`` bias (default none).
    stride (int or tuple, optional): the step between output positions (default 1).
    padding (int, tuple or str, optional): zeros added on both sides, or ``"valid"`` /
        ``"same"`` (default 0).
    dilation (int or tuple, optional): the spacing between kernel taps (default 1).
    groups (int, optional): the number of channel groups (default 1).

Returns:
    Tensor: the ``(N, C_out, L_out)`` output.

Example::

    >>> x = ember.tensor([[[1.0, 2.0, 3.0, 4.0]]])
    >>> ember.conv1d(x, ember.tensor([[[1.0, -1.0]]]))
    tensor([[[-1., -1., -1.]]])
    >>> ember.conv1d(x, ember.tensor([[[1.0, 1.0, 1.0]]]), padding="same")
    tensor([[[3., 6., 9., 7.]]])
""")

add_docstr(ember.conv2d, r"""
conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1) -> Tensor

A 2-D convolution (cross-correlation) of an image batch with learnable filters:
``out[n, o] = bias[o] + sum_c weight[o, c] (star) input[n, c]`` over the (padded) input, with
the given stride and dilation. ``groups`` splits the channels into independent convolutions
(``groups = C_in`` is a depthwise convolution).

Args:
    input (Tensor): the ``(N, C_in, H, W)`` (or unbatched ``(C_in, H, W)``) input.
    weight (Tensor): the ``(C_out, C_in / groups, kH, kW)`` filters.
    bias (Tensor, optional): the ``(C_out,)`` bias (default none).
    stride (int or tuple, optional): the step between output positions (default 1).
    padding (int, tuple or str, optional): zeros added on every side, or ``"valid"`` /
        ``"same"`` (default 0).
    dilation (int or tuple, optional): the spacing between kernel taps (default 1).
    groups (int, optional): the number of channel groups (default 1).

Returns:
    Tensor: the ``(N, C_out, H_out, W_out)`` output,
        ``H_out = (H + 2 * padding - dilation * (kH - 1) - 1) // stride + 1``.

Example::

    >>> image = ember.arange(16.0).reshape(1, 1, 4, 4)
    >>> ember.conv2d(image, ember.ones(1, 1, 2, 2), stride=2)
    tensor([[[[10., 18.],
              [42., 50.]]]])
    >>> ember.conv2d(image, ember.ones(3, 1, 3, 3), padding=1).shape
    ember.Size([1, 3, 4, 4])
""")

add_docstr(ember.conv3d, r"""
conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1) -> Tensor

A 3-D convolution (cross-correlation) of volumes with learnable filters, the 3-D analogue of
``ember.conv2d``.

Args:
    input (Tensor): the ``(N, C_in, D, H, W)`` (or unbatched) input.
    weight (Tensor): the ``(C_out, C_in / groups, kD, kH, kW)`` filters.
    bias (Tensor, optional): the ``(C_out,)`` bias (default none).
    stride (int or tuple, optional): the step between output positions (default 1).
    padding (int, tuple or str, optional): zeros added on every side, or ``"valid"`` /
        ``"same"`` (default 0).
    dilation (int or tuple, optional): the spacing between kernel taps (default 1).
    groups (int, optional): the number of channel groups (default 1).

Returns:
    Tensor: the ``(N, C_out, D_out, H_out, W_out)`` output.

Example::

    >>> ember.conv3d(ember.ones(1, 1, 3, 3, 3), ember.ones(2, 1, 2, 2, 2)).shape
    ember.Size([1, 2, 2, 2, 2])
    >>> ember.conv3d(ember.ones(1, 1, 2, 2, 2), ember.ones(1, 1, 2, 2, 2)).flatten()
    tensor([8.])
""")

add_docstr(ember.conv_transpose1d, r"""
conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                 dilation=1) -> Tensor

A transposed 1-D convolution (sometimes called deconvolution): the gradient of ``conv1d`` with
respect to its input, used to upsample. Each input element scatters ``weight`` times itself into
the output, ``stride`` positions apart.

Args:
    input (Tensor): the ``(N, C_in, L)`` (or unbatched) input.
    weight (Tensor): the ``(C_in, C_out / groups, kL)`` filters.
    bias (Tensor, optional): the ``(C_out,)`` bias (default none).
    stride (int or tuple, optional): the upsampling step (default 1).
    padding (int or tuple, optional): ``dilation * (kL - 1) - padding`` zeros of implicit
        padding (default 0).
    output_padding (int or tuple, optional): extra size added to one side of the output (default
        0).
    groups (int, optional): the number of channel groups (default 1).
    dilation (int or tuple, optional): the spacing between kernel taps (default 1).

Returns:
    Tensor: the ``(N, C_out, L_out)`` output,
        ``L_out = (L - 1) * stride - 2 * padding + dilation * (kL - 1) + output_padding + 1``.

Example::

    >>> weight = ember.tensor([[[1.0, 1.0, 1.0]]])
    >>> ember.conv_transpose1d(ember.tensor([[[1.0, 2.0]]]), weight, stride=2)
    tensor([[[1., 1., 3., 2., 2.]]])
""")

add_docstr(ember.conv_transpose2d, r"""
conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                 dilation=1) -> Tensor

A transposed 2-D convolution: the gradient of ``conv2d`` with respect to its input, used to
upsample feature maps (each input pixel scatters a scaled copy of the filter into the output).

Args:
    input (Tensor): the ``(N, C_in, H, W)`` (or unbatched) input.
    weight (Tensor): the ``(C_in, C_out / groups, kH, kW)`` filters.
    bias (Tensor, optional): the ``(C_out,)`` bias (default none).
    stride (int or tuple, optional): the upsampling step (default 1).
    padding (int or tuple, optional): ``dilation * (k - 1) - padding`` zeros of implicit padding
        (default 0).
    output_padding (int or tuple, optional): extra size added to one side of the output (default
        0).
    groups (int, optional): the number of channel groups (default 1).
    dilation (int or tuple, optional): the spacing between kernel taps (default 1).

Returns:
    Tensor: the ``(N, C_out, H_out, W_out)`` output.

Example::

    >>> x = ember.tensor([[[[1.0, 2.0], [3.0, 4.0]]]])
    >>> ember.conv_transpose2d(x, ember.ones(1, 1, 2, 2), stride=2)
    tensor([[[[1., 1., 2., 2.],
              [1., 1., 2., 2.],
              [3., 3., 4., 4.],
              [3., 3., 4., 4.]]]])
""")

add_docstr(ember.conv_transpose3d, r"""
conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                 dilation=1) -> Tensor

A transposed 3-D convolution: the gradient of ``conv3d`` with respect to its input, the 3-D
analogue of ``ember.conv_transpose2d``.

Args:
    input (Tensor): the ``(N, C_in, D, H, W)`` (or unbatched) input.
    weight (Tensor): the ``(C_in, C_out / groups, kD, kH, kW)`` filters.
    bias (Tensor, optional): the ``(C_out,)`` bias (default none).
    stride (int or tuple, optional): the upsampling step (default 1).
    padding (int or tuple, optional): ``dilation * (k - 1) - padding`` zeros of implicit padding
        (default 0).
    output_padding (int or tuple, optional): extra size added to one side of the output (default
        0).
    groups (int, optional): the number of channel groups (default 1).
    dilation (int or tuple, optional): the spacing between kernel taps (default 1).

Returns:
    Tensor: the ``(N, C_out, D_out, H_out, W_out)`` output.

Example::

    >>> weight = ember.ones(1, 4, 2, 2, 2)
    >>> ember.conv_transpose3d(ember.ones(1, 1, 2, 2, 2), weight, stride=2).shape
    ember.Size([1, 4, 4, 4, 4])
""")

add_docstr(ember.avg_pool1d, r"""
avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
           count_include_pad=True) -> Tensor

The mean over each window of ``kernel_size`` elements of an ``(N, C, L)`` input, ``stride``
apart. With ``count_include_pad`` the zero padding counts towards the mean.

Args:
    input (Tensor): the ``(N, C, L)`` (or ``(C, L)``) input.
    kernel_size (int or tuple): the window length.
    stride (int or tuple, optional): the step between windows (default: ``kernel_size``).
    padding (int or tuple, optional): zeros added on both sides (default 0).
    ceil_mode (bool, optional): round the output length up instead of down (default ``False``).
    count_include_pad (bool, optional): include padding in the averages (default ``True``).

Returns:
    Tensor: the ``(N, C, L_out)`` means.

Example::

    >>> ember.avg_pool1d(ember.tensor([[[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]]]), kernel_size=2)
    tensor([[[1.5000, 3.5000, 5.5000]]])
    >>> ember.avg_pool1d(ember.tensor([[[1.0, 2.0, 3.0]]]), 2, stride=1, padding=1)
    tensor([[[0.5000, 1.5000, 2.5000, 1.5000]]])
""")

add_docstr(ember.adaptive_avg_pool1d, r"""
adaptive_avg_pool1d(input, output_size) -> Tensor

The mean over ``output_size`` windows that tile an ``(N, C, L)`` input as evenly as possible
(window ``i`` spans ``floor(i * L / out)`` to ``ceil((i + 1) * L / out)``), whatever ``L`` is.

Args:
    input (Tensor): the ``(N, C, L)`` (or ``(C, L)``) input.
    output_size (int): the output length.

Returns:
    Tensor: the ``(N, C, output_size)`` means.

Example::

    >>> ember.adaptive_avg_pool1d(ember.tensor([[[1.0, 2.0, 3.0, 4.0, 5.0]]]), 2)
    tensor([[[2., 4.]]])
""")

add_docstr(ember.max_pool1d, r"""
max_pool1d(input, kernel_size, stride=[], padding=0, dilation=1, ceil_mode=False) -> Tensor

The maximum over each window of ``kernel_size`` elements of an ``(N, C, L)`` input, ``stride``
apart (padding counts as ``-inf``). The gradient goes to the maximal element of each window.

Args:
    input (Tensor): the ``(N, C, L)`` (or ``(C, L)``) input.
    kernel_size (int or tuple): the window length.
    stride (int or tuple, optional): the step between windows (default: ``kernel_size``).
    padding (int or tuple, optional): ``-inf`` padding on both sides, at most half the window
        (default 0).
    dilation (int or tuple, optional): the spacing between window elements (default 1).
    ceil_mode (bool, optional): round the output length up instead of down (default ``False``).

Returns:
    Tensor: the ``(N, C, L_out)`` maxima.

Example::

    >>> ember.max_pool1d(ember.tensor([[[1.0, 5.0, 2.0, 4.0, 3.0, 0.0]]]), 2)
    tensor([[[5., 4., 3.]]])
    >>> ember.max_pool1d(ember.tensor([[[1.0, 5.0, 2.0, 4.0, 3.0]]]), 3, stride=1)
    tensor([[[5., 5., 4.]]])
""")

add_docstr(ember.max_pool2d, r"""
max_pool2d(input, kernel_size, stride=[], padding=0, dilation=1, ceil_mode=False) -> Tensor

The maximum over each ``kH x kW`` window of an ``(N, C, H, W)`` input, ``stride`` apart (padding
counts as ``-inf``). The gradient goes to the maximal element of each window.

Args:
    input (Tensor): the ``(N, C, H, W)`` (or ``(C, H, W)``) input.
    kernel_size (int or tuple): the window size.
    stride (int or tuple, optional): the step between windows (default: ``kernel_size``).
    padding (int or tuple, optional): ``-inf`` padding on every side (default 0).
    dilation (int or tuple, optional): the spacing between window elements (default 1).
    ceil_mode (bool, optional): round the output size up instead of down (default ``False``).

Returns:
    Tensor: the ``(N, C, H_out, W_out)`` maxima.

Example::

    >>> ember.max_pool2d(ember.arange(16.0).reshape(1, 1, 4, 4), 2)
    tensor([[[[ 5.,  7.],
              [13., 15.]]]])
""")

add_docstr(ember.max_pool3d, r"""
max_pool3d(input, kernel_size, stride=[], padding=0, dilation=1, ceil_mode=False) -> Tensor

The maximum over each ``kD x kH x kW`` window of an ``(N, C, D, H, W)`` input, ``stride`` apart
(padding counts as ``-inf``).

Args:
    input (Tensor): the ``(N, C, D, H, W)`` (or ``(C, D, H, W)``) input.
    kernel_size (int or tuple): the window size.
    stride (int or tuple, optional): the step between windows (default: ``kernel_size``).
    padding (int or tuple, optional): ``-inf`` padding on every side (default 0).
    dilation (int or tuple, optional): the spacing between window elements (default 1).
    ceil_mode (bool, optional): round the output size up instead of down (default ``False``).

Returns:
    Tensor: the ``(N, C, D_out, H_out, W_out)`` maxima.

Example::

    >>> ember.max_pool3d(ember.arange(8.0).reshape(1, 1, 2, 2, 2), 2).flatten()
    tensor([7.])
""")

add_docstr(ember.bilinear, r"""
bilinear(input1, input2, weight, bias=None) -> Tensor

A bilinear form of two inputs:
``out[..., o] = sum_{i, j} input1[..., i] weight[o, i, j] input2[..., j] + bias[o]``.

Args:
    input1 (Tensor): the ``(*, in1)`` first input.
    input2 (Tensor): the ``(*, in2)`` second input.
    weight (Tensor): the ``(out, in1, in2)`` weights.
    bias (Tensor, optional): the ``(out,)`` bias (default none).

Returns:
    Tensor: the ``(*, out)`` result.

Example::

    >>> weight = ember.ones(1, 2, 2)
    >>> ember.bilinear(ember.tensor([[1.0, 2.0]]), ember.tensor([[3.0, 4.0]]), weight)
    tensor([[21.]])
""")

add_docstr(ember.cosine_similarity, r"""
cosine_similarity(x1, x2, dim=1, eps=1e-08) -> Tensor

The cosine of the angle between ``x1`` and ``x2`` along ``dim``:
``sum(x1 * x2) / (max(||x1||, eps) * max(||x2||, eps))``, with broadcasting.

Args:
    x1 (Tensor): the first vectors.
    x2 (Tensor): the second vectors, broadcast against ``x1``.
    dim (int, optional): the dimension holding the vectors (default 1).
    eps (float, optional): a floor on the norms, to avoid dividing by zero (default 1e-8).

Returns:
    Tensor: the similarities, in ``[-1, 1]``, with ``dim`` removed.

Example::

    >>> a = ember.tensor([[1.0, 0.0], [1.0, 1.0]])
    >>> ember.cosine_similarity(a, ember.tensor([[1.0, 0.0]]))
    tensor([1.0000, 0.7071])
""")

add_docstr(ember.pairwise_distance, r"""
pairwise_distance(x1, x2, p=2.0, eps=1e-06, keepdim=False) -> Tensor

The p-norm distance between matching rows of ``x1`` and ``x2``: ``||x1 - x2 + eps||_p`` along
the last dimension, with broadcasting (``eps`` keeps the gradient finite for equal vectors).

Args:
    x1 (Tensor): the ``(N, D)`` or ``(D,)`` first vectors.
    x2 (Tensor): the second vectors, broadcast against ``x1``.
    p (float, optional): the order of the norm (default 2).
    eps (float, optional): added to the difference (default 1e-6).
    keepdim (bool, optional): keep the last dimension with size 1 (default ``False``).

Returns:
    Tensor: the distances.

Example::

    >>> ember.pairwise_distance(ember.tensor([[0.0, 0.0], [1.0, 1.0]]), ember.tensor([[3.0, 4.0]]))
    tensor([5.0000, 3.6056])
""")

add_docstr(ember.pixel_shuffle, r"""
pixel_shuffle(input, upscale_factor) -> Tensor

Rearranges ``(*, C * r**2, H, W)`` into ``(*, C, H * r, W * r)``: each group of ``r**2``
channels becomes an ``r x r`` block of pixels (sub-pixel convolution upsampling).

Args:
    input (Tensor): the input tensor.
    upscale_factor (int): the factor ``r``.

Returns:
    Tensor: the rearranged tensor.

Example::

    >>> x = ember.arange(8.0).reshape(1, 4, 1, 2)
    >>> ember.pixel_shuffle(x, 2)
    tensor([[[[0., 2., 1., 3.],
              [4., 6., 5., 7.]]]])
""")

add_docstr(ember.pixel_unshuffle, r"""
pixel_unshuffle(input, downscale_factor) -> Tensor

The inverse of ``pixel_shuffle``: rearranges ``(*, C, H * r, W * r)`` into
``(*, C * r**2, H, W)``, moving each ``r x r`` block of pixels into channels.

Args:
    input (Tensor): the input tensor.
    downscale_factor (int): the factor ``r``.

Returns:
    Tensor: the rearranged tensor.

Example::

    >>> ember.pixel_unshuffle(ember.arange(16.0).reshape(1, 1, 4, 4), 2).shape
    ember.Size([1, 4, 2, 2])
""")

add_docstr(ember.Tensor, r"""
Tensor(*args, device=None)

The n-dimensional array of ember: a block of numbers with a ``shape``, a ``dtype`` and a
``device``, plus what autograd needs (``requires_grad``, ``grad``, ``grad_fn``). Create tensors
with factories such as ``ember.tensor``, ``ember.zeros`` or ``ember.arange``; calling
``ember.Tensor(...)`` directly is the legacy constructor: a sequence of numbers gives a
``float32`` tensor of them, and integers give an uninitialised tensor of that shape.

Args:
    *args (sequence or ints): the data, or the sizes of an uninitialised tensor.

Keyword args:
    device (ember.device, optional): where the result lives (default: the default device).

Returns:
    Tensor: a new tensor.

Example::

    >>> x = ember.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    >>> x.shape, x.dtype, x.device
    (ember.Size([2, 2]), ember.float32, device(type='cpu'))
    >>> (x * x).sum().backward()
    >>> x.grad
    tensor([[2., 4.],
            [6., 8.]])
    >>> ember.Tensor([1, 2])
    tensor([1., 2.])
""")

add_docstr(ember.Size, r"""
Size(iterable=(), /)

The shape of a tensor: a ``tuple`` of ints that prints as ``ember.Size([...])``. It supports all
tuple operations (indexing, slicing, unpacking, ``==`` with plain tuples) and ``numel()``, the
product of the sizes.

Args:
    iterable (iterable of int, optional): the sizes (default: empty, the shape of a 0-d tensor).

Returns:
    ember.Size: the shape.

Example::

    >>> s = ember.zeros(2, 3, 4).shape
    >>> s, s[1:], s.numel()
    (ember.Size([2, 3, 4]), ember.Size([3, 4]), 24)
    >>> s == (2, 3, 4), ember.Size([5])
    (True, ember.Size([5]))
""")

add_docstr(ember.dtype, r"""
dtype(name, np_dtype, category, legacy)

The type of a tensor's elements, such as ``ember.float32`` or ``ember.int64``. The instances are
ready-made module attributes (``ember.float32``, its alias ``ember.float``, ``ember.long``...);
ember builds them itself, so the constructor is not meant for users. Properties tell the kind of
number and its size in bytes.

Args:
    name (str): the dtype's name (internal).
    np_dtype (numpy.dtype): the NumPy dtype behind it (internal).
    category (str): its kind, for promotion (internal).
    legacy (str): the legacy tensor type's name (internal).

Returns:
    ember.dtype: one dtype.

Example::

    >>> ember.float32, ember.float is ember.float32
    (ember.float32, True)
    >>> ember.float64.is_floating_point, ember.int16.is_signed, ember.complex64.is_complex
    (True, True, True)
    >>> ember.int64.itemsize, ember.tensor([1, 2]).dtype
    (8, ember.int64)
""")

add_docstr(ember.device, r"""
device(type, index=None)

Where a tensor's data lives: ``ember.device("cpu")`` or a numbered accelerator such as
``ember.device("cuda", 0)`` (also written ``"cuda:0"``). Anywhere a device is expected, a string
or a device object can be given.

Args:
    type (str): the device type, ``"cpu"`` or ``"cuda"``, optionally with ``":index"``.
    index (int, optional): the device number (default: none, meaning the current one).

Returns:
    ember.device: the device.

Example::

    >>> ember.device("cpu"), ember.device("cuda", 1)
    (device(type='cpu'), device(type='cuda', index=1))
    >>> d = ember.device("cuda:1")
    >>> d.type, d.index
    ('cuda', 1)
    >>> ember.zeros(2, device="cpu").device
    device(type='cpu')
""")

add_docstr(ember.Generator, r"""
Generator(device='cpu') -> Generator

A pseudo-random number generator with its own state, for randomness that does not disturb (and
is not disturbed by) the global generator. It uses PyTorch's CPU algorithm (Mersenne Twister),
so a seed gives the same numbers as in PyTorch. Pass it as ``generator=`` to sampling functions.

Args:
    device (ember.device, optional): the device of the generator (default ``"cpu"``).

Returns:
    ember.Generator: a new generator.

Example::

    >>> g = ember.Generator().manual_seed(42)
    >>> ember.rand(3, generator=g)
    tensor([0.8823, 0.9150, 0.3829])
    >>> g.initial_seed()
    42
""")

add_docstr(ember.finfo, r"""
finfo(type=None)

The numerical limits of a floating-point dtype: ``bits``, ``eps`` (the gap between 1 and the
next number), ``max``, ``min``, ``tiny`` (the smallest positive normal number) and
``resolution`` (about ``10**-precision``). Without an argument, the default dtype.

Args:
    type (ember.dtype, optional): a floating (or complex) dtype (default: the default dtype).

Returns:
    ember.finfo: an object with the limits as attributes.

Example::

    >>> ember.finfo(ember.float32).eps, ember.finfo(ember.float16).max
    (1.1920928955078125e-07, 65504.0)
    >>> ember.finfo(ember.float64).bits, ember.finfo().dtype
    (64, 'float32')
""")

add_docstr(ember.iinfo, r"""
iinfo(type)

The numerical limits of an integer dtype: ``bits``, ``min`` and ``max``.

Args:
    type (ember.dtype): an integer dtype (or ``ember.bool``).

Returns:
    ember.iinfo: an object with the limits as attributes.

Example::

    >>> ember.iinfo(ember.int8).min, ember.iinfo(ember.int8).max, ember.iinfo(ember.uint8).max
    (-128, 127, 255)
    >>> ember.iinfo(ember.int64).bits
    64
""")

add_docstr(ember.no_grad, r"""
no_grad(orig_func=None)

A context manager (and function decorator) that turns off gradient recording: inside it, no
operation builds a graph, results have ``requires_grad=False``, and memory for saved values is
not spent. Use it for evaluation and for updating weights by hand. The setting is per thread.

Args:
    orig_func (callable, optional): the function to wrap when used as a bare decorator,
        ``@ember.no_grad``.

Returns:
    ember.no_grad: the context manager.

Example::

    >>> w = ember.tensor([1.0, 2.0], requires_grad=True)
    >>> with ember.no_grad():
    ...     y = w * 2
    >>> y.requires_grad
    False
    >>> @ember.no_grad()
    ... def predict(x):
    ...     return w * x
    >>> predict(3.0).requires_grad
    False
""")

add_docstr(ember.enable_grad, r"""
enable_grad(orig_func=None)

A context manager (and function decorator) that turns gradient recording back on, even inside
``ember.no_grad`` (but not inside inference mode).

Args:
    orig_func (callable, optional): the function to wrap when used as a bare decorator,
        ``@ember.enable_grad``.

Returns:
    ember.enable_grad: the context manager.

Example::

    >>> x = ember.tensor([1.0], requires_grad=True)
    >>> with ember.no_grad():
    ...     with ember.enable_grad():
    ...         y = x * 2
    >>> y.requires_grad
    True
""")

add_docstr(ember.inference_mode, r"""
inference_mode(mode=True)

A context manager (and function decorator) for code that will never need gradients, like
``ember.no_grad``; with ``mode=False`` it does nothing. In ember it turns gradient recording
off; torch also marks the results as inference tensors, which autograd refuses to save later.

Args:
    mode (bool, optional): turn inference mode on (default ``True``) or leave things as they
        are.

Returns:
    ember.inference_mode: the context manager.

Example::

    >>> x = ember.tensor([1.0], requires_grad=True)
    >>> with ember.inference_mode():
    ...     y = x * 2
    >>> y.requires_grad, ember.is_inference_mode_enabled()
    (False, False)
""")

add_docstr(ember.is_grad_enabled, r"""
is_grad_enabled() -> bool

Whether gradient recording is on in this thread: operations on tensors that require grad build a
graph only while it is. It is off inside ``ember.no_grad``.

Returns:
    bool: the current setting.

Example::

    >>> ember.is_grad_enabled()
    True
    >>> with ember.no_grad():
    ...     print(ember.is_grad_enabled())
    False
""")

add_docstr(ember.is_inference_mode_enabled, r"""
is_inference_mode_enabled() -> bool

Whether the current thread is inside ``ember.inference_mode``.

Returns:
    bool: the current setting.

Example::

    >>> ember.is_inference_mode_enabled()
    False
    >>> with ember.inference_mode():
    ...     print(ember.is_inference_mode_enabled())
    True
""")

add_docstr(ember.autocast, r"""
autocast(device_type, dtype=None, enabled=True, cache_enabled=None)

A context manager (and decorator) for mixed precision: inside it, ops that are safe and faster
in lower precision (matrix products, convolutions, linear layers) run in ``dtype`` (by default
``bfloat16`` on ``"cpu"`` and ``float16`` on ``"cuda"``), while precision-sensitive ops stay in
``float32``. Tensors created outside keep their dtypes.

Args:
    device_type (str): ``"cpu"`` or ``"cuda"``.
    dtype (ember.dtype, optional): the low-precision dtype (default: the device's default).
    enabled (bool, optional): turn autocasting on (default ``True``).
    cache_enabled (bool, optional): reuse cast copies of weights within the region.

Returns:
    ember.autocast: the context manager.

Example::

    >>> a = ember.ones(2, 2)
    >>> with ember.autocast("cpu"):
    ...     y = ember.mm(a, a)
    >>> y.dtype, a.dtype
    (ember.bfloat16, ember.float32)
""")

add_docstr(ember.get_autocast_dtype, r"""
get_autocast_dtype(device_type) -> ember.dtype

The dtype autocast casts to on ``device_type`` (``bfloat16`` on the CPU and ``float16`` on CUDA
unless changed).

Args:
    device_type (str): ``"cpu"`` or ``"cuda"``.

Returns:
    ember.dtype: the low-precision dtype.

Example::

    >>> ember.get_autocast_dtype("cpu"), ember.get_autocast_dtype("cuda")
    (ember.bfloat16, ember.float16)
""")

add_docstr(ember.set_autocast_dtype, r"""
set_autocast_dtype(device_type, dtype) -> None

Sets the dtype that autocast regions on ``device_type`` cast to when they give none.

Args:
    device_type (str): ``"cpu"`` or ``"cuda"``.
    dtype (ember.dtype): the low-precision dtype.

Returns:
    None.

Example::

    >>> ember.set_autocast_dtype("cpu", ember.float16)
    >>> ember.get_autocast_dtype("cpu")
    ember.float16
    >>> ember.set_autocast_dtype("cpu", ember.bfloat16)
""")

add_docstr(ember.is_autocast_enabled, r"""
is_autocast_enabled(device_type=None) -> bool

Whether autocasting is on for ``device_type`` (for CUDA when no device type is given).

Args:
    device_type (str, optional): ``"cpu"`` or ``"cuda"``.

Returns:
    bool: the current setting.

Example::

    >>> ember.is_autocast_enabled("cpu")
    False
    >>> with ember.autocast("cpu"):
    ...     print(ember.is_autocast_enabled("cpu"))
    True
""")

add_docstr(ember.set_autocast_enabled, r"""
set_autocast_enabled(device_type, enabled) -> None

Turns autocasting on or off for ``device_type`` without a ``with`` block; ``ember.autocast`` is
the usual way, as it restores the previous state on exit.

Args:
    device_type (str): ``"cpu"`` or ``"cuda"``.
    enabled (bool): the new setting.

Returns:
    None.

Example::

    >>> ember.set_autocast_enabled("cpu", True)
    >>> ember.is_autocast_enabled("cpu")
    True
    >>> ember.set_autocast_enabled("cpu", False)
""")

add_docstr(ember.is_autocast_cpu_enabled, r"""
is_autocast_cpu_enabled() -> bool

Deprecated spelling of ``ember.is_autocast_enabled("cpu")``.

Returns:
    bool: whether autocasting is on for the CPU.

Example::

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     print(ember.is_autocast_cpu_enabled())
    False
""")

add_docstr(ember.set_autocast_cpu_enabled, r"""
set_autocast_cpu_enabled(enabled) -> None

Deprecated spelling of ``ember.set_autocast_enabled("cpu", enabled)``.

Args:
    enabled (bool): the new setting.

Returns:
    None.

Example::

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     ember.set_autocast_cpu_enabled(True)
    ...     print(ember.is_autocast_enabled("cpu"))
    ...     ember.set_autocast_cpu_enabled(False)
    True
""")

add_docstr(ember.get_autocast_cpu_dtype, r"""
get_autocast_cpu_dtype() -> ember.dtype

Deprecated spelling of ``ember.get_autocast_dtype("cpu")``.

Returns:
    ember.dtype: the CPU autocast dtype.

Example::

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     print(ember.get_autocast_cpu_dtype())
    ember.bfloat16
""")

add_docstr(ember.set_autocast_cpu_dtype, r"""
set_autocast_cpu_dtype(dtype) -> None

Deprecated spelling of ``ember.set_autocast_dtype("cpu", dtype)``.

Args:
    dtype (ember.dtype): the new CPU autocast dtype.

Returns:
    None.

Example::

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     ember.set_autocast_cpu_dtype(ember.float16)
    ...     print(ember.get_autocast_dtype("cpu"))
    ...     ember.set_autocast_cpu_dtype(ember.bfloat16)
    ember.float16
""")

add_docstr(ember.get_autocast_gpu_dtype, r"""
get_autocast_gpu_dtype() -> ember.dtype

Deprecated spelling of ``ember.get_autocast_dtype("cuda")``.

Returns:
    ember.dtype: the CUDA autocast dtype.

Example::

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     print(ember.get_autocast_gpu_dtype())
    ember.float16
""")

add_docstr(ember.set_autocast_gpu_dtype, r"""
set_autocast_gpu_dtype(dtype) -> None

Deprecated spelling of ``ember.set_autocast_dtype("cuda", dtype)``.

Args:
    dtype (ember.dtype): the new CUDA autocast dtype.

Returns:
    None.

Example::

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     ember.set_autocast_gpu_dtype(ember.bfloat16)
    ...     print(ember.get_autocast_dtype("cuda"))
    ...     ember.set_autocast_gpu_dtype(ember.float16)
    ember.bfloat16
""")

add_docstr(ember.is_autocast_cache_enabled, r"""
is_autocast_cache_enabled() -> bool

Whether autocast regions keep the low-precision copies of weights they make, so each weight is
cast once per region rather than at every use.

Returns:
    bool: the current setting (``True`` by default).

Example::

    >>> ember.is_autocast_cache_enabled()
    True
""")

add_docstr(ember.set_autocast_cache_enabled, r"""
set_autocast_cache_enabled(enabled) -> None

Turns the autocast weight cache (see ``ember.is_autocast_cache_enabled``) on or off.

Args:
    enabled (bool): the new setting.

Returns:
    None.

Example::

    >>> ember.set_autocast_cache_enabled(False)
    >>> ember.is_autocast_cache_enabled()
    False
    >>> ember.set_autocast_cache_enabled(True)
""")

add_docstr(ember.clear_autocast_cache, r"""
clear_autocast_cache() -> None

Drops the low-precision copies of weights that autocast has cached (it happens by itself when
the outermost autocast region exits).

Returns:
    None.

Example::

    >>> ember.clear_autocast_cache()
""")

add_docstr(ember.autocast_increment_nesting, r"""
autocast_increment_nesting() -> int

Adds one to the count of nested autocast regions and returns the new count; used by
``ember.autocast`` on entry, so the cache is cleared only when the outermost region ends.

Returns:
    int: the nesting depth after the increment.

Example::

    >>> ember.autocast_increment_nesting()
    1
    >>> ember.autocast_decrement_nesting()
    0
""")

add_docstr(ember.autocast_decrement_nesting, r"""
autocast_decrement_nesting() -> int

Subtracts one from the count of nested autocast regions and returns the new count; used by
``ember.autocast`` on exit.

Returns:
    int: the nesting depth after the decrement.

Example::

    >>> ember.autocast_increment_nesting(), ember.autocast_decrement_nesting()
    (1, 0)
""")

add_docstr(ember.use_deterministic_algorithms, r"""
use_deterministic_algorithms(mode, *, warn_only=False) -> None

Makes operations choose deterministic implementations (the same result on every run), and raise
``RuntimeError`` for operations that have none; with ``warn_only=True`` they warn instead. Also
makes ``ember.empty`` fill its memory with ``nan`` or the largest integer.

Args:
    mode (bool): turn the requirement on or off.

Keyword args:
    warn_only (bool, optional): warn rather than raise for nondeterministic operations.

Returns:
    None.

Example::

    >>> ember.use_deterministic_algorithms(True)
    >>> ember.are_deterministic_algorithms_enabled(), ember.empty(2)
    (True, tensor([nan, nan]))
    >>> ember.use_deterministic_algorithms(False)
""")

add_docstr(ember.are_deterministic_algorithms_enabled, r"""
are_deterministic_algorithms_enabled() -> bool

Whether ``ember.use_deterministic_algorithms(True)`` is in force.

Returns:
    bool: the current setting (``False`` by default).

Example::

    >>> ember.are_deterministic_algorithms_enabled()
    False
""")

add_docstr(ember.is_deterministic_algorithms_warn_only_enabled, r"""
is_deterministic_algorithms_warn_only_enabled() -> bool

Whether deterministic mode was switched on with ``warn_only=True`` (warnings instead of errors).

Returns:
    bool: the current setting.

Example::

    >>> ember.use_deterministic_algorithms(True, warn_only=True)
    >>> ember.is_deterministic_algorithms_warn_only_enabled()
    True
    >>> ember.use_deterministic_algorithms(False)
""")

add_docstr(ember.get_deterministic_debug_mode, r"""
get_deterministic_debug_mode() -> int

The deterministic-algorithms setting as a number: 0 off, 1 warn, 2 error.

Returns:
    int: 0, 1 or 2.

Example::

    >>> ember.get_deterministic_debug_mode()
    0
""")

add_docstr(ember.set_deterministic_debug_mode, r"""
set_deterministic_debug_mode(debug_mode) -> None

Sets the deterministic-algorithms mode by level: 0 (or ``"default"``) off, 1 (``"warn"``) warn
about nondeterministic operations, 2 (``"error"``) raise for them.

Args:
    debug_mode (str or int): ``"default"``/0, ``"warn"``/1 or ``"error"``/2.

Returns:
    None.

Example::

    >>> ember.set_deterministic_debug_mode("warn")
    >>> ember.get_deterministic_debug_mode(), ember.is_deterministic_algorithms_warn_only_enabled()
    (1, True)
    >>> ember.set_deterministic_debug_mode(0)
""")

add_docstr(ember.get_float32_matmul_precision, r"""
get_float32_matmul_precision() -> str

The precision that float32 matrix products may use: ``"highest"`` (full float32, the default),
``"high"`` or ``"medium"`` (faster reduced-precision formats, where the hardware has them).

Returns:
    str: the current setting.

Example::

    >>> ember.get_float32_matmul_precision()
    'highest'
""")

add_docstr(ember.set_float32_matmul_precision, r"""
set_float32_matmul_precision(precision) -> None

Allows float32 matrix products to trade precision for speed: ``"highest"``, ``"high"`` (TF32 or
similar) or ``"medium"`` (bfloat16-based). ember's CPU products stay full float32.

Args:
    precision (str): ``"highest"``, ``"high"`` or ``"medium"``.

Returns:
    None.

Example::

    >>> ember.set_float32_matmul_precision("high")
    >>> ember.get_float32_matmul_precision()
    'high'
    >>> ember.set_float32_matmul_precision("highest")
""")

add_docstr(ember.get_num_threads, r"""
get_num_threads() -> int

The number of threads used to parallelise work inside one operation on the CPU (such as a large
matrix product).

Returns:
    int: the thread count.

Example::

    >>> ember.get_num_threads() >= 1
    True
""")

add_docstr(ember.set_num_threads, r"""
set_num_threads(num) -> None

Sets the number of threads used inside CPU operations; fewer threads leave cores free for other
processes (as in data-loader workers).

Args:
    num (int): the thread count, at least 1.

Returns:
    None.

Example::

    >>> before = ember.get_num_threads()
    >>> ember.set_num_threads(1)
    >>> ember.get_num_threads()
    1
    >>> ember.set_num_threads(before)
""")

add_docstr(ember.get_num_interop_threads, r"""
get_num_interop_threads() -> int

The number of threads used to run independent operations in parallel on the CPU.

Returns:
    int: the thread count.

Example::

    >>> ember.get_num_interop_threads() >= 1
    True
""")

add_docstr(ember.set_num_interop_threads, r"""
set_num_interop_threads(num) -> None

Sets the number of threads for running independent CPU operations in parallel. It can be set
only once, before any parallel work starts; later calls raise ``RuntimeError``.

Args:
    num (int): the thread count, at least 1.

Returns:
    None.

Example::

    >>> try:
    ...     ember.set_num_interop_threads(ember.get_num_interop_threads())
    ... except RuntimeError:
    ...     pass
    >>> ember.get_num_interop_threads() >= 1
    True
""")

add_docstr(ember.set_printoptions, r"""
set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None,
                 sci_mode=None)

Changes how tensors print: the number of digits after the decimal point, how many elements are
shown before eliding with ``...``, the line width and scientific notation. ``profile``
(``"default"``, ``"short"``, ``"full"``) resets all of them at once.

Args:
    precision (int, optional): digits after the decimal point (default 4).
    threshold (int, optional): the element count above which a tensor is summarised (default
        1000).
    edgeitems (int, optional): how many elements to show at each end when summarised (default
        3).
    linewidth (int, optional): the characters per line (default 80).
    profile (str, optional): ``"default"``, ``"short"`` or ``"full"``, resetting the others.
    sci_mode (bool, optional): force scientific notation on or off (default ``None``:
        automatic).

Returns:
    None.

Example::

    >>> ember.set_printoptions(precision=2)
    >>> ember.tensor([1.23456, 2.0])
    tensor([1.23, 2.00])
    >>> ember.set_printoptions(threshold=5, edgeitems=2)
    >>> ember.arange(10)
    tensor([0, 1,  ..., 8, 9])
    >>> ember.set_printoptions(profile="default")
    >>> ember.tensor([1.23456, 2.0])
    tensor([1.2346, 2.0000])
""")

add_docstr(ember.can_cast, r"""
can_cast(from_, to) -> bool

Whether a value of dtype ``from_`` may be cast to ``to`` under the type-promotion rules for
in-place and ``out=`` results: no floating to integer, no complex to real, no non-bool to bool.

Args:
    from_ (ember.dtype): the source dtype.
    to (ember.dtype): the target dtype.

Returns:
    bool: whether the cast is allowed.

Example::

    >>> ember.can_cast(ember.int32, ember.float64), ember.can_cast(ember.float64, ember.int32)
    (True, False)
""")

add_docstr(ember.promote_types, r"""
promote_types(type1, type2) -> dtype

The smallest dtype that both ``type1`` and ``type2`` can be converted to without losing kind
(int with float gives float, bool with int gives int...): the dtype of ``a + b`` for tensors of
those dtypes.

Args:
    type1 (ember.dtype): the first dtype.
    type2 (ember.dtype): the second dtype.

Returns:
    ember.dtype: the promoted dtype.

Example::

    >>> ember.promote_types(ember.int32, ember.float32)
    ember.float32
    >>> ember.promote_types(ember.uint8, ember.int8)
    ember.int16
""")

add_docstr(ember.result_type, r"""
result_type(tensor1, tensor2) -> dtype

The dtype an arithmetic operation on ``tensor1`` and ``tensor2`` would produce. Python numbers
and 0-d tensors weigh less than dimensioned tensors: ``int8 tensor + 1000`` stays ``int8``,
while a float number makes it the default float dtype.

Args:
    tensor1 (Tensor or Number): the first operand.
    tensor2 (Tensor or Number): the second operand.

Returns:
    ember.dtype: the result dtype.

Example::

    >>> ember.result_type(ember.tensor([1], dtype=ember.int8), 1000)
    ember.int8
    >>> ember.result_type(ember.tensor([1], dtype=ember.int8), 1.5)
    ember.float32
    >>> ember.result_type(ember.tensor([1, 2]), ember.tensor([1.0], dtype=ember.float64))
    ember.float64
""")

add_docstr(ember.return_types, r"""
return_types

The named-tuple types returned by functions with several results, such as ``ember.max`` with a
dimension (``values``, ``indices``), ``ember.sort`` or ``ember.topk``. Each is a tuple whose
fields also have names, so both ``values, indices = result`` and ``result.values`` work.

Returns:
    the named-tuple classes, as attributes named after the functions.

Example::

    >>> result = ember.max(ember.tensor([[1, 5], [7, 2]]), dim=1)
    >>> isinstance(result, ember.return_types.max), isinstance(result, tuple)
    (True, True)
    >>> result.values, result[1]
    (tensor([5, 7]), tensor([1, 0]))
""")

if "BFloat16Tensor" in dir(ember):  # only with the bf16 extra (ml_dtypes installed)
    add_docstr(ember.BFloat16Tensor, r"""
BFloat16Tensor(*args, device=None)

The legacy constructor and type of CPU tensors with dtype ``ember.bfloat16``. Called with a
sequence it makes a tensor of those values converted to ``bfloat16``; called with ints it makes
an uninitialised tensor of that shape; with no argument, an empty one.
``isinstance(t, ember.BFloat16Tensor)`` is true for any CPU tensor of that dtype. New code
should use ``ember.tensor(data, dtype=ember.bfloat16)`` or
``ember.empty(*size, dtype=ember.bfloat16)``.

Args:
    *args (sequence or ints): the data, or the sizes of an uninitialised tensor.

Keyword args:
    device (ember.device, optional): the device (only the CPU is accepted).

Returns:
    Tensor: a new ``bfloat16`` tensor.

Example::

    >>> ember.BFloat16Tensor.dtype, isinstance(ember.zeros(1), ember.BFloat16Tensor)
    (ember.bfloat16, False)
""")

add_docstr(ember.BoolTensor, r"""
BoolTensor(*args, device=None)

The legacy constructor and type of CPU tensors with dtype ``ember.bool``. Called with a sequence
it makes a tensor of those values converted to ``bool``; called with ints it makes an
uninitialised tensor of that shape; with no argument, an empty one.
``isinstance(t, ember.BoolTensor)`` is true for any CPU tensor of that dtype. New code should
use ``ember.tensor(data, dtype=ember.bool)`` or ``ember.empty(*size, dtype=ember.bool)``.

Args:
    *args (sequence or ints): the data, or the sizes of an uninitialised tensor.

Keyword args:
    device (ember.device, optional): the device (only the CPU is accepted).

Returns:
    Tensor: a new ``bool`` tensor.

Example::

    >>> ember.BoolTensor([1, 0, 2])
    tensor([ True, False,  True])
    >>> isinstance(ember.tensor([True]), ember.BoolTensor)
    True
""")

add_docstr(ember.ByteTensor, r"""
ByteTensor(*args, device=None)

The legacy constructor and type of CPU tensors with dtype ``ember.uint8``. Called with a
sequence it makes a tensor of those values converted to ``uint8``; called with ints it makes an
uninitialised tensor of that shape; with no argument, an empty one.
``isinstance(t, ember.ByteTensor)`` is true for any CPU tensor of that dtype. New code should
use ``ember.tensor(data, dtype=ember.uint8)`` or ``ember.empty(*size, dtype=ember.uint8)``.

Args:
    *args (sequence or ints): the data, or the sizes of an uninitialised tensor.

Keyword args:
    device (ember.device, optional): the device (only the CPU is accepted).

Returns:
    Tensor: a new ``uint8`` tensor.

Example::

    >>> ember.ByteTensor([0, 255])
    tensor([  0, 255], dtype=ember.uint8)
    >>> ember.ByteTensor(2, 2).shape
    ember.Size([2, 2])
""")

add_docstr(ember.CharTensor, r"""
CharTensor(*args, device=None)

The legacy constructor and type of CPU tensors with dtype ``ember.int8``. Called with a sequence
it makes a tensor of those values converted to ``int8``; called with ints it makes an
uninitialised tensor of that shape; with no argument, an empty one.
``isinstance(t, ember.CharTensor)`` is true for any CPU tensor of that dtype. New code should
use ``ember.tensor(data, dtype=ember.int8)`` or ``ember.empty(*size, dtype=ember.int8)``.

Args:
    *args (sequence or ints): the data, or the sizes of an uninitialised tensor.

Keyword args:
    device (ember.device, optional): the device (only the CPU is accepted).

Returns:
    Tensor: a new ``int8`` tensor.

Example::

    >>> ember.CharTensor([-128, 127])
    tensor([-128,  127], dtype=ember.int8)
    >>> isinstance(ember.tensor([1], dtype=ember.int8), ember.CharTensor)
    True
""")

add_docstr(ember.ComplexDoubleTensor, r"""
ComplexDoubleTensor(*args, device=None)

The legacy constructor and type of CPU tensors with dtype ``ember.complex128``. Called with a
sequence it makes a tensor of those values converted to ``complex128``; called with ints it
makes an uninitialised tensor of that shape; with no argument, an empty one.
``isinstance(t, ember.ComplexDoubleTensor)`` is true for any CPU tensor of that dtype. New code
should use ``ember.tensor(data, dtype=ember.complex128)`` or
``ember.empty(*size, dtype=ember.complex128)``. PyTorch has no such name; ember keeps it for
symmetry with the real types.

Args:
    *args (sequence or ints): the data, or the sizes of an uninitialised tensor.

Keyword args:
    device (ember.device, optional): the device (only the CPU is accepted).

Returns:
    Tensor: a new ``complex128`` tensor.

Example::

    >>> ember.ComplexDoubleTensor([1, 2j]).dtype
    ember.complex128
""")

add_docstr(ember.ComplexFloatTensor, r"""
ComplexFloatTensor(*args, device=None)

The legacy constructor and type of CPU tensors with dtype ``ember.complex64``. Called with a
sequence it makes a tensor of those values converted to ``complex64``; called with ints it makes
an uninitialised tensor of that shape; with no argument, an empty one.
``isinstance(t, ember.ComplexFloatTensor)`` is true for any CPU tensor of that dtype. New code
should use ``ember.tensor(data, dtype=ember.complex64)`` or
``ember.empty(*size, dtype=ember.complex64)``. PyTorch has no such name; ember keeps it for
symmetry with the real types.

Args:
    *args (sequence or ints): the data, or the sizes of an uninitialised tensor.

Keyword args:
    device (ember.device, optional): the device (only the CPU is accepted).

Returns:
    Tensor: a new ``complex64`` tensor.

Example::

    >>> ember.ComplexFloatTensor([1, 2j])
    tensor([1.+0.j, 0.+2.j])
""")

add_docstr(ember.DoubleTensor, r"""
DoubleTensor(*args, device=None)

The legacy constructor and type of CPU tensors with dtype ``ember.float64``. Called with a
sequence it makes a tensor of those values converted to ``float64``; called with ints it makes
an uninitialised tensor of that shape; with no argument, an empty one.
``isinstance(t, ember.DoubleTensor)`` is true for any CPU tensor of that dtype. New code should
use ``ember.tensor(data, dtype=ember.float64)`` or ``ember.empty(*size, dtype=ember.float64)``.

Args:
    *args (sequence or ints): the data, or the sizes of an uninitialised tensor.

Keyword args:
    device (ember.device, optional): the device (only the CPU is accepted).

Returns:
    Tensor: a new ``float64`` tensor.

Example::

    >>> ember.DoubleTensor([1, 2])
    tensor([1., 2.], dtype=ember.float64)
    >>> isinstance(ember.ones(1, dtype=ember.float64), ember.DoubleTensor)
    True
""")

add_docstr(ember.FloatTensor, r"""
FloatTensor(*args, device=None)

The legacy constructor and type of CPU tensors with dtype ``ember.float32``. Called with a
sequence it makes a tensor of those values converted to ``float32``; called with ints it makes
an uninitialised tensor of that shape; with no argument, an empty one.
``isinstance(t, ember.FloatTensor)`` is true for any CPU tensor of that dtype. New code should
use ``ember.tensor(data, dtype=ember.float32)`` or ``ember.empty(*size, dtype=ember.float32)``.

Args:
    *args (sequence or ints): the data, or the sizes of an uninitialised tensor.

Keyword args:
    device (ember.device, optional): the device (only the CPU is accepted).

Returns:
    Tensor: a new ``float32`` tensor.

Example::

    >>> ember.FloatTensor([1, 2])
    tensor([1., 2.])
    >>> ember.FloatTensor(2, 3).shape, isinstance(ember.tensor([1.0]), ember.FloatTensor)
    (ember.Size([2, 3]), True)
""")

add_docstr(ember.HalfTensor, r"""
HalfTensor(*args, device=None)

The legacy constructor and type of CPU tensors with dtype ``ember.float16``. Called with a
sequence it makes a tensor of those values converted to ``float16``; called with ints it makes
an uninitialised tensor of that shape; with no argument, an empty one.
``isinstance(t, ember.HalfTensor)`` is true for any CPU tensor of that dtype. New code should
use ``ember.tensor(data, dtype=ember.float16)`` or ``ember.empty(*size, dtype=ember.float16)``.

Args:
    *args (sequence or ints): the data, or the sizes of an uninitialised tensor.

Keyword args:
    device (ember.device, optional): the device (only the CPU is accepted).

Returns:
    Tensor: a new ``float16`` tensor.

Example::

    >>> ember.HalfTensor([1.5, 2.0])
    tensor([1.5000, 2.0000], dtype=ember.float16)
""")

add_docstr(ember.IntTensor, r"""
IntTensor(*args, device=None)

The legacy constructor and type of CPU tensors with dtype ``ember.int32``. Called with a
sequence it makes a tensor of those values converted to ``int32``; called with ints it makes an
uninitialised tensor of that shape; with no argument, an empty one.
``isinstance(t, ember.IntTensor)`` is true for any CPU tensor of that dtype. New code should use
``ember.tensor(data, dtype=ember.int32)`` or ``ember.empty(*size, dtype=ember.int32)``.

Args:
    *args (sequence or ints): the data, or the sizes of an uninitialised tensor.

Keyword args:
    device (ember.device, optional): the device (only the CPU is accepted).

Returns:
    Tensor: a new ``int32`` tensor.

Example::

    >>> ember.IntTensor([1.7, -2.7])
    tensor([ 1, -2], dtype=ember.int32)
""")

add_docstr(ember.LongTensor, r"""
LongTensor(*args, device=None)

The legacy constructor and type of CPU tensors with dtype ``ember.int64``. Called with a
sequence it makes a tensor of those values converted to ``int64``; called with ints it makes an
uninitialised tensor of that shape; with no argument, an empty one.
``isinstance(t, ember.LongTensor)`` is true for any CPU tensor of that dtype. New code should
use ``ember.tensor(data, dtype=ember.int64)`` or ``ember.empty(*size, dtype=ember.int64)``.

Args:
    *args (sequence or ints): the data, or the sizes of an uninitialised tensor.

Keyword args:
    device (ember.device, optional): the device (only the CPU is accepted).

Returns:
    Tensor: a new ``int64`` tensor.

Example::

    >>> ember.LongTensor([1, 2])
    tensor([1, 2])
    >>> isinstance(ember.tensor([1]), ember.LongTensor)
    True
    >>> isinstance(ember.tensor([1.0]), ember.LongTensor)
    False
""")

add_docstr(ember.ShortTensor, r"""
ShortTensor(*args, device=None)

The legacy constructor and type of CPU tensors with dtype ``ember.int16``. Called with a
sequence it makes a tensor of those values converted to ``int16``; called with ints it makes an
uninitialised tensor of that shape; with no argument, an empty one.
``isinstance(t, ember.ShortTensor)`` is true for any CPU tensor of that dtype. New code should
use ``ember.tensor(data, dtype=ember.int16)`` or ``ember.empty(*size, dtype=ember.int16)``.

Args:
    *args (sequence or ints): the data, or the sizes of an uninitialised tensor.

Keyword args:
    device (ember.device, optional): the device (only the CPU is accepted).

Returns:
    Tensor: a new ``int16`` tensor.

Example::

    >>> ember.ShortTensor([1, -1])
    tensor([ 1, -1], dtype=ember.int16)
""")


add_docstr(ember.is_neg, r"""is_neg(input) -> bool

Whether ``input`` carries the lazy negation bit: True for the imaginary part of a conj view
(``x.conj().imag``), whose values are the negated imaginary parts of ``x`` and which writes
back into ``x``.

Args:
    input (Tensor): the tensor to ask.

Returns:
    bool: whether the bit is set.

Example::

    >>> ember.is_neg(ember.tensor([1., -1.]))
    False
""")


add_docstr(ember.resolve_neg, r"""resolve_neg(input) -> Tensor

Returns ``input`` itself when its negation bit is not set, else a copy of its values in new
memory without the bit (see ``ember.is_neg``).

Args:
    input (Tensor): the tensor to resolve.

Returns:
    Tensor: a tensor with ``input``'s values and ``is_neg()`` False.

Example::

    >>> ember.resolve_neg(ember.tensor([1., -1.]))
    tensor([ 1., -1.])
""")

add_docstr(ember.dropout_, r"""
dropout_(input, p, train) -> Tensor

In-place version of ``ember.dropout``: during training each element of ``input`` is zeroed
with probability ``p`` and the survivors are multiplied by ``1 / (1 - p)``, writing into
``input`` itself; with ``train=False`` nothing changes. Returns ``input``.

Args:
    input (Tensor): the tensor to overwrite.
    p (float): the probability of zeroing an element.
    train (bool): apply dropout (``True``) or leave ``input`` as it is (``False``).

Returns:
    Tensor: ``input``, modified in place.

Example::

    >>> _ = ember.manual_seed(0)
    >>> x = ember.ones(8)
    >>> _ = ember.dropout_(x, 0.5, True)
    >>> x
    tensor([0., 0., 2., 0., 0., 0., 2., 2.])
""")

add_docstr(ember.alpha_dropout_, r"""
alpha_dropout_(input, p, train) -> Tensor

In-place version of ``ember.alpha_dropout``: during training dropped elements of ``input``
take SELU's negative saturation value and the whole tensor is then scaled and shifted so its
mean and variance are preserved, all written into ``input``; with ``train=False`` nothing
changes. Returns ``input``.

Args:
    input (Tensor): the tensor to overwrite.
    p (float): the probability of dropping an element.
    train (bool): apply dropout (``True``) or leave ``input`` as it is (``False``).

Returns:
    Tensor: ``input``, modified in place.

Example::

    >>> _ = ember.manual_seed(0)
    >>> x = ember.zeros(6)
    >>> _ = ember.alpha_dropout_(x, 0.5, True)
    >>> x
    tensor([-0.7792, -0.7792,  0.7792, -0.7792, -0.7792, -0.7792])
""")

add_docstr(ember.feature_dropout, r"""
feature_dropout(input, p, train) -> Tensor

Dropout of whole channels: during training every channel (dim 1; every ``input[n, c]``) is
zeroed with probability ``p`` as one unit, and kept channels are multiplied by ``1 / (1 - p)``.
With ``train=False`` it returns the input unchanged. Differentiable: the gradient is masked
and scaled the same way.

Args:
    input (Tensor): an input with at least two dimensions, ``(N, C, *)``.
    p (float): the probability of zeroing a channel.
    train (bool): apply dropout (``True``) or pass the input through (``False``).

Returns:
    Tensor: the result, shaped like ``input``.

Example::

    >>> _ = ember.manual_seed(0)
    >>> ember.feature_dropout(ember.ones(1, 4, 2), 0.5, True)
    tensor([[[0., 0.],
             [0., 0.],
             [2., 2.],
             [0., 0.]]])
    >>> ember.feature_dropout(ember.ones(1, 2, 2), 0.5, False)
    tensor([[[1., 1.],
             [1., 1.]]])
""")

add_docstr(ember.feature_dropout_, r"""
feature_dropout_(input, p, train) -> Tensor

In-place version of ``ember.feature_dropout``: during training each channel (dim 1) of
``input`` is zeroed with probability ``p`` and the kept channels are multiplied by
``1 / (1 - p)``, writing into ``input``; with ``train=False`` nothing changes. Returns
``input``.

Args:
    input (Tensor): the tensor to overwrite, ``(N, C, *)``.
    p (float): the probability of zeroing a channel.
    train (bool): apply dropout (``True``) or leave ``input`` as it is (``False``).

Returns:
    Tensor: ``input``, modified in place.

Example::

    >>> _ = ember.manual_seed(0)
    >>> x = ember.ones(1, 4, 2)
    >>> _ = ember.feature_dropout_(x, 0.5, True)
    >>> x
    tensor([[[0., 0.],
             [0., 0.],
             [2., 2.],
             [0., 0.]]])
""")

add_docstr(ember.feature_alpha_dropout_, r"""
feature_alpha_dropout_(input, p, train) -> Tensor

In-place version of ``ember.feature_alpha_dropout``: during training each channel (dim 1) of
``input`` is dropped with probability ``p`` as a whole, set to SELU's negative saturation
value, and the tensor is then scaled and shifted to keep its mean and variance, all written
into ``input``; with ``train=False`` nothing changes. Returns ``input``.

Args:
    input (Tensor): the tensor to overwrite, ``(N, C, *)``.
    p (float): the probability of dropping a channel.
    train (bool): apply dropout (``True``) or leave ``input`` as it is (``False``).

Returns:
    Tensor: ``input``, modified in place.

Example::

    >>> _ = ember.manual_seed(0)
    >>> x = ember.zeros(1, 4, 2)
    >>> _ = ember.feature_alpha_dropout_(x, 0.5, True)
    >>> x
    tensor([[[-0.7792, -0.7792],
             [-0.7792, -0.7792],
             [ 0.7792,  0.7792],
             [-0.7792, -0.7792]]])
""")

add_docstr(ember.as_strided, r"""
as_strided(input, size, stride, storage_offset=None) -> Tensor

A view of ``input``'s storage with any geometry: element ``i`` of the result is storage
element ``storage_offset + sum(i[d] * stride[d])``. The storage is the memory ``input`` shares
with its base, so the view may reach elements outside ``input`` itself; ``storage_offset``
defaults to ``input.storage_offset()``. The gradient goes through the storage: the output's
gradient is summed into the storage positions it read and taken back at ``input``'s positions.

Args:
    input (Tensor): the tensor whose storage is viewed.
    size (tuple of ints): the shape of the result.
    stride (tuple of ints): the step in storage elements along each dimension (not negative).
    storage_offset (int, optional): the storage position of the first element.

Returns:
    Tensor: a view sharing memory with ``input``.

Example::

    >>> x = ember.arange(6.)
    >>> ember.as_strided(x, (2, 2), (1, 2), 1)
    tensor([[1., 3.],
            [2., 4.]])
""")

add_docstr(ember.as_strided_scatter, r"""
as_strided_scatter(input, src, size, stride, storage_offset=None) -> Tensor

A copy of ``input`` with ``src`` written into its ``as_strided(size, stride, storage_offset)``
view. The copy keeps ``input``'s whole storage layout, so the offset counts from the start of
that storage and defaults to ``input.storage_offset()``. Gradients: ``src`` gets the gradient
read at the written places; ``input`` gets the gradient with those places zeroed.

Args:
    input (Tensor): the tensor to copy.
    src (Tensor): the values to embed; its shape must be ``size`` and its dtype input's.
    size (tuple of ints): the shape of the written view.
    stride (tuple of ints): the view's strides, in storage elements.
    storage_offset (int, optional): the storage position of the view's first element.

Returns:
    Tensor: a new tensor shaped like ``input``.

Example::

    >>> ember.as_strided_scatter(ember.zeros(6), ember.ones(2, 2), (2, 2), (1, 3))
    tensor([1., 1., 0., 1., 1., 0.])
""")

add_docstr(ember.as_strided_, r"""
as_strided_(input, size, stride, storage_offset=None) -> Tensor

In-place ``ember.as_strided``: ``input`` itself takes the new size, stride and offset over its
storage, and is returned.

Args:
    input (Tensor): the tensor to re-view in place.
    size (tuple of ints): its new shape.
    stride (tuple of ints): its new strides, in storage elements.
    storage_offset (int, optional): its new storage offset (default: unchanged).

Returns:
    Tensor: ``input``.

Example::

    >>> x = ember.arange(6.)
    >>> ember.as_strided_(x, (2, 2), (1, 2), 1)
    tensor([[1., 3.],
            [2., 4.]])
""")

add_docstr(ember.resize_as_, r"""
resize_as_(input, the_template, *, memory_format=None) -> Tensor

``input.resize_(the_template.size())``: ``input`` becomes contiguous with the template's
shape over its storage (grown when too small), and is returned.

Args:
    input (Tensor): the tensor to resize (it must not require grad).
    the_template (Tensor): the tensor whose shape is taken.

Returns:
    Tensor: ``input``.

Example::

    >>> x = ember.arange(4.)
    >>> ember.resize_as_(x, ember.ones(2, 2))
    tensor([[0., 1.],
            [2., 3.]])
""")

add_docstr(ember.conj_physical_, r"""
conj_physical_(input) -> Tensor

In-place ``ember.conj_physical``: each complex element of ``input`` becomes its conjugate
(a real tensor is left as it is); ``input`` is returned. Gradient: ``conj(grad)``.

Args:
    input (Tensor): the tensor to conjugate in place.

Returns:
    Tensor: ``input``.

Example::

    >>> ember.conj_physical_(ember.tensor([1 + 2j, -3j]))
    tensor([1.-2.j, -0.+3.j])
""")

_COPY_DOCS = (
    ("alias_copy", "alias_copy(input, *, out=None) -> Tensor", "input", (), "``input``",
     "ember.alias_copy(ember.tensor([1, 2]))", "tensor([1, 2])"),
    ("as_strided_copy",
     "as_strided_copy(input, size, stride, storage_offset=None, *, out=None) -> Tensor",
     "ember.as_strided(input, size, stride, storage_offset)",
     (("size (tuple of ints)", "the shape of the result."),
      ("stride (tuple of ints)", "the strides, in storage elements."),
      ("storage_offset (int, optional)", "the storage position of the first element.")),
     "the strided view", "ember.as_strided_copy(ember.arange(6), (2,), (2,), 1)",
     "tensor([1, 3])"),
    ("detach_copy", "detach_copy(input, *, out=None) -> Tensor", "input.detach()", (),
     "``input`` outside the graph (no gradient)",
     "ember.detach_copy(ember.tensor([1.0]))", "tensor([1.])"),
    ("diagonal_copy", "diagonal_copy(input, offset=0, dim1=0, dim2=1, *, out=None) -> Tensor",
     "ember.diagonal(input, offset, dim1, dim2)",
     (("offset (int, optional)", "which diagonal (0: main, >0: above, <0: below)."),
      ("dim1 (int, optional)", "the first dimension of the 2-D planes."),
      ("dim2 (int, optional)", "the second dimension of the 2-D planes.")),
     "the diagonal", "ember.diagonal_copy(ember.arange(6).view(2, 3), 1)", "tensor([1, 5])"),
    ("expand_copy", "expand_copy(input, size, *, implicit=False, out=None) -> Tensor",
     "input.expand(size)", (("size (tuple of ints)", "the shape to broadcast to (-1 keeps a "
                             "size)."),),
     "the broadcast tensor (each repeat its own memory)",
     "ember.expand_copy(ember.tensor([1, 2]), (2, 2))", "tensor([[1, 2],\n            [1, 2]])"),
    ("permute_copy", "permute_copy(input, dims, *, out=None) -> Tensor",
     "ember.permute(input, dims)", (("dims (tuple of ints)", "the new order of the dimensions."),),
     "the permuted tensor", "ember.permute_copy(ember.arange(4).view(2, 2), (1, 0))",
     "tensor([[0, 2],\n            [1, 3]])"),
    ("select_copy", "select_copy(input, dim, index, *, out=None) -> Tensor",
     "ember.select(input, dim, index)", (("dim (int)", "the dimension to index."),
                                         ("index (int)", "the index along it.")),
     "the slice, one dimension fewer", "ember.select_copy(ember.arange(6).view(2, 3), 1, 2)",
     "tensor([2, 5])"),
    ("slice_copy",
     "slice_copy(input, dim=0, start=None, end=None, step=1, *, out=None) -> Tensor",
     "input[..., start:end:step]",
     (("dim (int, optional)", "the dimension to slice."),
      ("start (int, optional)", "the first index (default 0)."),
      ("end (int, optional)", "one past the last index (default: the end)."),
      ("step (int, optional)", "the step (positive).")),
     "the slice", "ember.slice_copy(ember.arange(6), 0, 1, 6, 2)", "tensor([1, 3, 5])"),
    ("split_copy", "split_copy(input, split_size, dim=0, *, out=None) -> List of Tensors",
     "ember.split(input, split_size, dim)",
     (("split_size (int)", "the size of each piece (the last may be smaller)."),
      ("dim (int, optional)", "the dimension to split.")),
     "the pieces, as a tuple (``out=`` takes a list of tensors and returns None)",
     "ember.split_copy(ember.arange(5), 2)", "(tensor([0, 1]), tensor([2, 3]), tensor([4]))"),
    ("split_with_sizes_copy",
     "split_with_sizes_copy(input, split_sizes, dim=0, *, out=None) -> List of Tensors",
     "ember.split(input, split_sizes, dim)",
     (("split_sizes (list of ints)", "the size of each piece (they add up to the dim's size)."),
      ("dim (int, optional)", "the dimension to split.")),
     "the pieces, as a tuple (``out=`` takes a list of tensors and returns None)",
     "ember.split_with_sizes_copy(ember.arange(5), [2, 3])", "(tensor([0, 1]), tensor([2, 3, 4]))"),
    ("squeeze_copy", "squeeze_copy(input, dim=None, *, out=None) -> Tensor",
     "ember.squeeze(input, dim)", (("dim (int or tuple of ints, optional)",
                                    "the size-1 dimensions to drop (default: all)."),),
     "the squeezed tensor", "ember.squeeze_copy(ember.zeros(1, 2, 1)).shape",
     "ember.Size([2])"),
    ("t_copy", "t_copy(input, *, out=None) -> Tensor", "ember.t(input)", (),
     "the transposed matrix", "ember.t_copy(ember.arange(4).view(2, 2))",
     "tensor([[0, 2],\n            [1, 3]])"),
    ("transpose_copy", "transpose_copy(input, dim0, dim1, *, out=None) -> Tensor",
     "ember.transpose(input, dim0, dim1)", (("dim0 (int)", "the first dimension to swap."),
                                            ("dim1 (int)", "the second dimension to swap.")),
     "the transposed tensor", "ember.transpose_copy(ember.zeros(2, 3), 0, 1).shape",
     "ember.Size([3, 2])"),
    ("unbind_copy", "unbind_copy(input, dim=0, *, out=None) -> List of Tensors",
     "ember.unbind(input, dim)", (("dim (int, optional)", "the dimension to remove."),),
     "the slices, as a tuple (``out=`` takes a list of tensors and returns None)",
     "ember.unbind_copy(ember.arange(4).view(2, 2), 1)", "(tensor([0, 2]), tensor([1, 3]))"),
    ("unfold_copy", "unfold_copy(input, dimension, size, step, *, out=None) -> Tensor",
     "input.unfold(dimension, size, step)",
     (("dimension (int)", "the dimension to take windows along."),
      ("size (int)", "the window length."), ("step (int)", "the distance between windows.")),
     "the windows, as a new last dimension", "ember.unfold_copy(ember.arange(4), 0, 2, 2)",
     "tensor([[0, 1],\n            [2, 3]])"),
    ("unsqueeze_copy", "unsqueeze_copy(input, dim, *, out=None) -> Tensor",
     "ember.unsqueeze(input, dim)", (("dim (int)", "where the new size-1 dimension goes."),),
     "the tensor with one more dimension", "ember.unsqueeze_copy(ember.zeros(2), 0).shape",
     "ember.Size([1, 2])"),
    ("view_as_complex_copy", "view_as_complex_copy(input, *, out=None) -> Tensor",
     "ember.view_as_complex(input)", (),
     "the complex tensor (last dimension of size 2 read as real and imaginary parts)",
     "ember.view_as_complex_copy(ember.tensor([[1.0, 2.0]]))", "tensor([1.+2.j])"),
    ("view_as_real_copy", "view_as_real_copy(input, *, out=None) -> Tensor",
     "ember.view_as_real(input)", (),
     "the real tensor (a last dimension holds the real and imaginary parts)",
     "ember.view_as_real_copy(ember.tensor([1 + 2j]))", "tensor([[1., 2.]])"),
    ("view_copy", "view_copy(input, size, *, out=None) -> Tensor", "input.view(size)",
     (("size (tuple of ints or dtype)", "the new shape (one size may be -1), or a dtype of the "
       "same item size to reinterpret the bytes (no gradient)."),),
     "the reshaped tensor", "ember.view_copy(ember.arange(4), (2, 2))",
     "tensor([[0, 1],\n            [2, 3]])"),
)


def _copy_doc(name, signature, view, args, result, call, printed):
    """The docstring of one ``*_copy`` twin of a view op."""
    arg_lines = "".join(f"    {arg}: {text}\n" for arg, text in args)
    return (f"\n{signature}\n\nThe elements of ``{view}``, in new contiguous memory: the same "
            f"values as the view, but\nwriting into the result leaves ``input`` unchanged. The "
            f"gradient is the view's (added\nback at the elements read).\n\nArgs:\n"
            f"    input (Tensor): the input tensor.\n{arg_lines}\nKeyword args:\n"
            f"    out (Tensor, optional): a tensor to write the result into.\n\nReturns:\n"
            f"    Tensor: {result}.\n\nExample::\n\n    >>> {call}\n    {printed}\n")


for _entry in _COPY_DOCS:
    add_docstr(getattr(ember, _entry[0]), _copy_doc(*_entry))



def _doc(obj, signature, text, args, returns, example):
    """Attach a short docstring: signature, what it computes, Args, Returns and an example."""
    arg_lines = "".join(f"    {name}: {what}\n" for name, what in args)
    add_docstr(obj, f"\n{signature}\n\n{text}\n\nArgs:\n{arg_lines}\nReturns:\n    {returns}\n\n"
                    f"Example::\n\n{example}\n")


_doc(ember.asarray, "asarray(obj, *, dtype=None, device=None, copy=None, requires_grad=False) "
     "-> Tensor",
     "``obj`` (a tensor, NumPy array, number or nested sequence) as a tensor. It shares memory\n"
     "with ``obj`` when ``obj`` is a tensor or an array that needs no dtype or device change;\n"
     "``copy=True`` always copies and ``copy=False`` refuses to (ValueError when a conversion\n"
     "would be needed).",
     (("obj", "the data."), ("dtype (ember.dtype, optional)", "the result's dtype."),
      ("device (optional)", "the result's device."),
      ("copy (bool, optional)", "always copy (True), never copy (False), or copy only when "
       "needed (None)."),
      ("requires_grad (bool, optional)", "whether autograd records the result's uses.")),
     "Tensor: the tensor view of ``obj``.",
     "    >>> import numpy as np\n    >>> a = np.array([1.0, 2.0])\n"
     "    >>> t = ember.asarray(a)\n    >>> a[0] = 5.0\n    >>> t\n"
     "    tensor([5., 2.], dtype=ember.float64)")
_doc(ember.detach, "detach(input) -> Tensor",
     "``input.detach()``: a tensor sharing ``input``'s data that is outside the graph.",
     (("input (Tensor)", "the tensor to detach."),), "Tensor: the detached tensor.",
     "    >>> ember.detach(ember.ones(2, requires_grad=True))\n    tensor([1., 1.])")
_doc(ember.empty_strided, "empty_strided(size, stride, *, dtype=None, layout=None, device=None, "
     "requires_grad=False, pin_memory=False) -> Tensor",
     "An uninitialised tensor of shape ``size`` with the given strides, over a new storage just\n"
     "large enough for it.",
     (("size (tuple of ints)", "the shape."), ("stride (tuple of ints)", "the strides."),
      ("dtype (ember.dtype, optional)", "the dtype (default: the default float dtype)."),
      ("device (optional)", "the device.")), "Tensor: the uninitialised tensor.",
     "    >>> ember.empty_strided((2, 3), (1, 2)).stride()\n    (1, 2)")
_doc(ember.is_nonzero, "is_nonzero(input) -> bool",
     "The truth value of a one-element tensor; RuntimeError when ``input`` has no element or\n"
     "more than one.",
     (("input (Tensor)", "a tensor with exactly one element."),), "bool: ``input != 0``.",
     "    >>> ember.is_nonzero(ember.tensor([0.0])), ember.is_nonzero(ember.tensor(3))\n"
     "    (False, True)")
_doc(ember.is_same_size, "is_same_size(input, other) -> bool",
     "Whether ``input`` and ``other`` have the same shape.",
     (("input (Tensor)", "the first tensor."), ("other (Tensor)", "the second tensor.")),
     "bool: True when the shapes are equal.",
     "    >>> ember.is_same_size(ember.zeros(2, 3), ember.ones(2, 3))\n    True")
_doc(ember.is_signed, "is_signed(input) -> bool",
     "Whether ``input``'s dtype can hold negative values (False for uint8 and bool).",
     (("input (Tensor)", "the tensor whose dtype is asked about."),), "bool: the answer.",
     "    >>> ember.is_signed(ember.tensor([1])), ember.is_signed(ember.tensor([1], "
     "dtype=ember.uint8))\n    (True, False)")
_doc(ember.positive, "positive(input) -> Tensor",
     "``+input``: returns ``input`` itself. A bool tensor raises RuntimeError, as the unary plus\n"
     "does.",
     (("input (Tensor)", "the input tensor."),), "Tensor: ``input``.",
     "    >>> ember.positive(ember.tensor([-1.0, 2.0]))\n    tensor([-1.,  2.])")
_doc(ember.scalar_tensor, "scalar_tensor(s, *, dtype=None, layout=None, device=None, "
     "requires_grad=False, pin_memory=False) -> Tensor",
     "A 0-d tensor holding the number ``s``, of the default float dtype unless ``dtype`` says\n"
     "otherwise.",
     (("s (Number)", "the value."), ("dtype (ember.dtype, optional)", "the dtype."),
      ("device (optional)", "the device."),
      ("requires_grad (bool, optional)", "whether autograd records its uses.")),
     "Tensor: the 0-d tensor.",
     "    >>> ember.scalar_tensor(3), ember.scalar_tensor(3, dtype=ember.int64)\n"
     "    (tensor(3.), tensor(3))")
_doc(ember.split_with_sizes, "split_with_sizes(input, split_sizes, dim=0) -> List of Tensors",
     "Views of consecutive pieces of ``input`` along ``dim``, of the given sizes (they must add\n"
     "up to the size of ``dim``).",
     (("input (Tensor)", "the tensor to split."),
      ("split_sizes (list of ints)", "the size of each piece."),
      ("dim (int, optional)", "the dimension to split.")),
     "tuple of Tensors: the pieces.",
     "    >>> ember.split_with_sizes(ember.arange(5), [2, 3])\n"
     "    (tensor([0, 1]), tensor([2, 3, 4]))")
_doc(ember.unravel_index, "unravel_index(indices, shape) -> tuple of Tensors",
     "The coordinates in an array of ``shape`` of the flat (C-order) ``indices``: one int64\n"
     "tensor per dimension, each shaped like ``indices``.",
     (("indices (Tensor)", "integer flat indices."),
      ("shape (int or tuple of ints)", "the shape they index.")),
     "tuple of Tensors: the coordinate along each dimension.",
     "    >>> ember.unravel_index(ember.tensor([4, 1]), (2, 3))\n"
     "    (tensor([1, 0]), tensor([1, 1]))")
_doc(ember.typename, "typename(obj) -> str",
     "The type of ``obj`` as a string: a tensor's legacy type name (``ember.FloatTensor``), else\n"
     "the module-qualified name of its class (builtins unqualified).",
     (("obj", "any object."),), "str: the type name.",
     "    >>> ember.typename(ember.tensor([1])), ember.typename(3)\n"
     "    ('ember.LongTensor', 'int')")
_doc(ember.is_storage, "is_storage(obj) -> bool",
     "Whether ``obj`` is a storage object; ember keeps none, so always False.",
     (("obj", "any object."),), "bool: False.",
     "    >>> ember.is_storage(ember.ones(2))\n    False")
_doc(ember.is_inference, "is_inference(input) -> bool",
     "Whether ``input`` was created inside ``ember.inference_mode()``.",
     (("input (Tensor)", "the tensor asked about."),), "bool: the answer.",
     "    >>> with ember.inference_mode():\n    ...     t = ember.ones(1)\n"
     "    >>> ember.is_inference(t), ember.is_inference(ember.ones(1))\n    (True, False)")
_doc(ember.get_device, "get_device(input) -> int",
     "The index of the GPU holding ``input``, -1 for a CPU tensor.",
     (("input (Tensor)", "the tensor asked about."),), "int: the device index.",
     "    >>> ember.get_device(ember.ones(1))\n    -1")


def _share_with_wrapped():
    """A wrapper made with functools.wraps (keyword translation, ``out=``) and the function it
    wraps are one function to a user: the documented one of the two gives its text to the
    other, which may be reached under another name (``Tensor.det`` and ``ember.det``)."""
    from .._tensor import Tensor
    for wrapper in [*vars(ember).values(), *vars(Tensor).values()]:
        chain = [wrapper]  # a wrapper of a wrapper (dispatch, then keywords) is one function too
        while callable(getattr(chain[-1], "__wrapped__", None)) and len(chain) < 8:
            chain.append(chain[-1].__wrapped__)
        texts = [getattr(f, "__doc__", None) or "" for f in chain]
        documented = [text for text in texts if ">>>" in text]
        if documented:
            for function, text in zip(chain, texts):
                if ">>>" not in text:
                    function.__doc__ = documented[0]


_share_with_wrapped()
_share_with_wrapped()  # again: a text the first pass gave a shared inner function spreads on

add_docstr(ember.layer_norm, r"""
layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05, cudnn_enable=True) -> Tensor

Layer normalisation under torch's top-level signature: over the last ``len(normalized_shape)``
dims, ``(input - mean) / sqrt(var + eps) * weight + bias`` with the biased variance. The same
op as ``F.layer_norm``; ``cudnn_enable`` is accepted and has no effect.

Args:
    input (Tensor): the input.
    normalized_shape (list of int): the trailing shape to normalise over.
    weight (Tensor, optional): elementwise scale of shape ``normalized_shape``.
    bias (Tensor, optional): elementwise shift of shape ``normalized_shape``.
    eps (float): added to the variance.
    cudnn_enable (bool): ignored.

Returns:
    Tensor: the normalised tensor, shaped like ``input``.

Example::

    >>> ember.layer_norm(ember.tensor([[1.0, 2.0, 3.0]]), [3])
    tensor([[-1.2247,  0.0000,  1.2247]])
""")

add_docstr(ember.group_norm, r"""
group_norm(input, num_groups, weight=None, bias=None, eps=1e-05, cudnn_enabled=True) -> Tensor

Group normalisation under torch's top-level signature: the channels (dim 1) are split into
``num_groups`` groups, each normalised to zero mean and unit (biased) variance per sample,
then scaled by ``weight`` and shifted by ``bias`` per channel. The same op as
``F.group_norm``; ``cudnn_enabled`` has no effect.

Args:
    input (Tensor): input of shape ``(N, C, *)``.
    num_groups (int): number of groups; must divide ``C``.
    weight (Tensor, optional): per-channel scale of shape ``(C,)``.
    bias (Tensor, optional): per-channel shift of shape ``(C,)``.
    eps (float): added to the variance.
    cudnn_enabled (bool): ignored.

Returns:
    Tensor: the normalised tensor, shaped like ``input``.

Example::

    >>> ember.group_norm(ember.tensor([[[1.0], [3.0], [2.0], [6.0]]]), 2)
    tensor([[[-1.0000],
             [ 1.0000],
             [-1.0000],
             [ 1.0000]]])
""")

add_docstr(ember.batch_norm, r"""
batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps, cudnn_enabled) -> Tensor

Batch normalisation with torch's top-level argument order, every argument required: per
channel (dim 1), ``(input - mean) / sqrt(var + eps) * weight + bias``, with the batch's
statistics when ``training`` (updating the running ones by ``momentum``) and the running
statistics otherwise. The same op as ``F.batch_norm``.

Args:
    input (Tensor): input of shape ``(N, C, *)``.
    weight (Tensor or None): per-channel scale.
    bias (Tensor or None): per-channel shift.
    running_mean (Tensor or None): running mean, updated in place when training.
    running_var (Tensor or None): running (unbiased) variance, updated in place when training.
    training (bool): use the batch's statistics.
    momentum (float): weight of the new statistics in the running ones.
    eps (float): added to the variance.
    cudnn_enabled (bool): ignored.

Returns:
    Tensor: the normalised tensor, shaped like ``input``.

Example::

    >>> mean, var = ember.zeros(1), ember.ones(1)
    >>> ember.batch_norm(ember.tensor([[1.0], [3.0]]), None, None, mean, var, True, 0.1, 1e-5, False)
    tensor([[-1.0000],
            [ 1.0000]])
    >>> mean, var
    (tensor([0.2000]), tensor([1.1000]))
""")

add_docstr(ember.instance_norm, r"""
instance_norm(input, weight, bias, running_mean, running_var, use_input_stats, momentum, eps, cudnn_enabled) -> Tensor

Instance normalisation with torch's top-level argument order, every argument required: each
channel of each sample is normalised over its spatial dims, then scaled by ``weight`` and
shifted by ``bias``. The same op as ``F.instance_norm``.

Args:
    input (Tensor): input of shape ``(N, C, *)``.
    weight (Tensor or None): per-channel scale.
    bias (Tensor or None): per-channel shift.
    running_mean (Tensor or None): running mean (updated when ``use_input_stats``).
    running_var (Tensor or None): running variance (updated when ``use_input_stats``).
    use_input_stats (bool): normalise with the instance's own statistics.
    momentum (float): weight of the new statistics in the running ones.
    eps (float): added to the variance.
    cudnn_enabled (bool): ignored.

Returns:
    Tensor: the normalised tensor, shaped like ``input``.

Example::

    >>> ember.instance_norm(ember.tensor([[[1.0, 3.0]]]), None, None, None, None, True, 0.1, 1e-5, False)
    tensor([[[-1.0000,  1.0000]]])
""")

add_docstr(ember.rms_norm, r"""
rms_norm(input, normalized_shape, weight=None, eps=None) -> Tensor

Root-mean-square normalisation: over the last ``len(normalized_shape)`` dims,
``input / sqrt(mean(input ** 2) + eps) * weight``; ``eps=None`` means the dtype's machine
epsilon. The same op as ``F.rms_norm``.

Args:
    input (Tensor): the input.
    normalized_shape (list of int): the trailing shape to normalise over.
    weight (Tensor, optional): elementwise scale of shape ``normalized_shape``.
    eps (float, optional): added to the mean square.

Returns:
    Tensor: the normalised tensor, shaped like ``input``.

Example::

    >>> ember.rms_norm(ember.tensor([[3.0, 4.0]]), [2])
    tensor([[0.8485, 1.1314]])
""")

add_docstr(ember.norm_except_dim, r"""
norm_except_dim(v, pow=2, dim=0) -> Tensor

The ``pow``-norm of ``v`` over every dim except ``dim``, kept with ``v``'s rank (size 1 in the
reduced dims): the ``||v||`` of weight normalisation. ``dim=-1`` gives the norm of all of
``v`` as a 0-d tensor.

Args:
    v (Tensor): the input.
    pow (float): the order of the norm.
    dim (int): the dim to keep, or -1 for none.

Returns:
    Tensor: the norms.

Example::

    >>> ember.norm_except_dim(ember.tensor([[3.0, 0.0], [4.0, 1.0]]), 2, 1)
    tensor([[5., 1.]])
    >>> ember.norm_except_dim(ember.tensor([[3.0, 0.0], [4.0, 0.0]]), 2, -1)
    tensor(5.)
""")

add_docstr(ember.embedding, r"""
embedding(weight, indices, padding_idx=-1, scale_grad_by_freq=False, sparse=False) -> Tensor

The rows of ``weight`` selected by ``indices``: ``out[...] = weight[indices[...]]``. This is
``F.embedding`` with the table first, as ATen orders it; a negative ``padding_idx`` means no
padding row (the padding row gets no gradient).

Args:
    weight (Tensor): the table, shape ``(num_embeddings, embedding_dim)``.
    indices (Tensor): integer indices into the table's rows.
    padding_idx (int): the row that receives no gradient; negative for none.
    scale_grad_by_freq (bool): divide each row's gradient by its count in ``indices``.
    sparse (bool): accepted as in torch; the gradient is dense.

Returns:
    Tensor: shape ``indices.shape + (embedding_dim,)``.

Example::

    >>> ember.embedding(ember.tensor([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]]), ember.tensor([2, 0]))
    tensor([[4., 5.],
            [0., 1.]])
""")

add_docstr(ember.kl_div, r"""
kl_div(input, target, reduction=0, *, log_target=False) -> Tensor

The Kullback-Leibler divergence with ``input`` holding log-probabilities:
``target * (log(target) - input)`` per element (``exp(target) * (target - input)`` when
``log_target``), reduced as ``reduction`` says. ``F.kl_div`` with ATen's integer reduction.

Args:
    input (Tensor): log-probabilities.
    target (Tensor): probabilities (log-probabilities when ``log_target``).
    reduction (int): 1 mean, 2 sum, other integers none; the default reduces nothing, as
        torch's top-level binding does.
    log_target (bool): whether ``target`` is given in log space.

Returns:
    Tensor: the loss.

Example::

    >>> ember.kl_div(ember.tensor([-1.0, -2.0]), ember.tensor([0.5, 0.5]), 2)
    tensor(0.8069)
""")

add_docstr(ember.binary_cross_entropy_with_logits, r"""
binary_cross_entropy_with_logits(input, target, weight=None, pos_weight=None, reduction=0) -> Tensor

Binary cross-entropy on logits, computed stably:
``-weight * (pos_weight * target * log(sigmoid(x)) + (1 - target) * log(1 - sigmoid(x)))``.
``F.binary_cross_entropy_with_logits`` with ATen's argument order and integer reduction.

Args:
    input (Tensor): logits.
    target (Tensor): targets in ``[0, 1]``, shaped like ``input``.
    weight (Tensor, optional): per-element weights (broadcast).
    pos_weight (Tensor, optional): weight of the positive term, per class.
    reduction (int): 1 mean, 2 sum, other integers none; the default reduces nothing, as
        torch's top-level binding does.

Returns:
    Tensor: the loss.

Example::

    >>> ember.binary_cross_entropy_with_logits(ember.tensor([0.0, 2.0]), ember.tensor([1.0, 0.0]))
    tensor([0.6931, 2.1269])
""")

add_docstr(ember.cosine_embedding_loss, r"""
cosine_embedding_loss(input1, input2, target, margin=0.0, reduction=0) -> Tensor

Per row: ``1 - cos(x1, x2)`` where ``target == 1`` and ``max(0, cos(x1, x2) - margin)``
where ``target == -1``. ``F.cosine_embedding_loss`` with ATen's integer reduction.

Args:
    input1 (Tensor): first batch of vectors.
    input2 (Tensor): second batch of vectors.
    target (Tensor): 1 or -1 per row.
    margin (float): the margin for dissimilar pairs.
    reduction (int): 1 mean, 2 sum, other integers none; the default reduces nothing, as
        torch's top-level binding does.

Returns:
    Tensor: the loss.

Example::

    >>> ember.cosine_embedding_loss(ember.tensor([[1.0, 0.0]]), ember.tensor([[1.0, 1.0]]), ember.tensor([1.0]))
    tensor([0.2929])
""")

add_docstr(ember.hinge_embedding_loss, r"""
hinge_embedding_loss(input, target, margin=1.0, reduction=0) -> Tensor

Per element: ``input`` where ``target == 1`` and ``max(0, margin - input)`` where
``target == -1``. ``F.hinge_embedding_loss`` with ATen's integer reduction.

Args:
    input (Tensor): distances.
    target (Tensor): 1 or -1 per element.
    margin (float): the margin.
    reduction (int): 1 mean, 2 sum, other integers none; the default reduces nothing, as
        torch's top-level binding does.

Returns:
    Tensor: the loss.

Example::

    >>> ember.hinge_embedding_loss(ember.tensor([0.3, 0.4]), ember.tensor([1.0, -1.0]), 1.0, 0)
    tensor([0.3000, 0.6000])
""")

add_docstr(ember.margin_ranking_loss, r"""
margin_ranking_loss(input1, input2, target, margin=0.0, reduction=0) -> Tensor

Per element ``max(0, -target * (input1 - input2) + margin)``: the loss of ranking
``input1`` above ``input2`` where ``target`` is 1 (below where -1).
``F.margin_ranking_loss`` with ATen's integer reduction.

Args:
    input1 (Tensor): first scores.
    input2 (Tensor): second scores.
    target (Tensor): 1 or -1 per element.
    margin (float): the margin.
    reduction (int): 1 mean, 2 sum, other integers none; the default reduces nothing, as
        torch's top-level binding does.

Returns:
    Tensor: the loss.

Example::

    >>> ember.margin_ranking_loss(ember.tensor([1.0, 2.0]), ember.tensor([2.0, 1.0]), ember.tensor([1.0, 1.0]), 0.5, 0)
    tensor([1.5000, 0.0000])
""")

add_docstr(ember.poisson_nll_loss, r"""
poisson_nll_loss(input, target, log_input, full, eps, reduction) -> Tensor

The Poisson negative log-likelihood: ``exp(input) - target * input`` when ``log_input``,
else ``input - target * log(input + eps)``, plus Stirling's term for ``target > 1`` when
``full``. ``F.poisson_nll_loss`` with every argument required, as ATen has it.

Args:
    input (Tensor): the predicted (log-)rate.
    target (Tensor): the observed counts.
    log_input (bool): whether ``input`` is the log of the rate.
    full (bool): add Stirling's approximation of ``log(target!)``.
    eps (float): keeps ``log`` finite when ``log_input`` is False.
    reduction (int): 1 mean, 2 sum, other integers none; the default reduces nothing, as
        torch's top-level binding does.

Returns:
    Tensor: the loss.

Example::

    >>> ember.poisson_nll_loss(ember.tensor([0.0, 1.0]), ember.tensor([1.0, 2.0]), True, False, 1e-8, 0)
    tensor([1.0000, 0.7183])
""")

add_docstr(ember.triplet_margin_loss, r"""
triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-06, swap=False, reduction=0) -> Tensor

Per row ``max(0, d(anchor, positive) - d(anchor, negative) + margin)`` with ``d`` the
``p``-norm distance (``swap`` uses the smaller of the two negative distances).
``F.triplet_margin_loss`` with ATen's integer reduction.

Args:
    anchor (Tensor): anchors.
    positive (Tensor): positive examples.
    negative (Tensor): negative examples.
    margin (float): the margin.
    p (float): the norm of the distance.
    eps (float): added inside the distance.
    swap (bool): use the distance swap.
    reduction (int): 1 mean, 2 sum, other integers none; the default reduces nothing, as
        torch's top-level binding does.

Returns:
    Tensor: the loss.

Example::

    >>> ember.triplet_margin_loss(ember.tensor([[0.0, 0.0]]), ember.tensor([[1.0, 0.0]]), ember.tensor([[0.0, 3.0]]), 3.0)
    tensor([1.])
""")

add_docstr(ember.ctc_loss, r"""
ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction=0, zero_infinity=False) -> Tensor

The connectionist temporal classification loss: ``-log`` of the total probability of all
alignments of each target to its input. ``F.ctc_loss`` with ATen's integer reduction (mean
divides each loss by its target length, then averages).

Args:
    log_probs (Tensor): log-probabilities of shape ``(T, N, C)``.
    targets (Tensor): target labels, ``(N, S)`` or concatenated.
    input_lengths (list of int or Tensor): the length of each input.
    target_lengths (list of int or Tensor): the length of each target.
    blank (int): the blank label.
    reduction (int): 1 mean, 2 sum, other integers none; the default reduces nothing, as
        torch's top-level binding does.
    zero_infinity (bool): replace infinite losses (impossible alignments) by zero.

Returns:
    Tensor: the loss.

Example::

    >>> lp = ember.full((3, 1, 2), 0.5).log()
    >>> ember.ctc_loss(lp, ember.tensor([[1]]), [3], [1], 0, 0)
    tensor([0.2877])
""")

add_docstr(ember.adaptive_max_pool1d, r"""
adaptive_max_pool1d(input, output_size) -> (Tensor, Tensor)

Max pooling over the last dim into ``output_size`` windows of adaptive width; torch's
top-level form always returns the maxima and their indices (``F.adaptive_max_pool1d`` with
``return_indices=True``).

Args:
    input (Tensor): input of shape ``(N, C, L)`` or ``(C, L)``.
    output_size (int): the number of windows.

Returns:
    tuple: the maxima and their indices along the last dim.

Example::

    >>> ember.adaptive_max_pool1d(ember.tensor([[1.0, 5.0, 2.0, 4.0]]), 2)
    (tensor([[5., 4.]]), tensor([[1, 3]]))
""")

add_docstr(ember.max_pool1d_with_indices, r"""
max_pool1d_with_indices(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False) -> (Tensor, Tensor)

Max pooling over the last dim returning the maxima and their indices (``F.max_pool1d`` with
``return_indices=True``); an empty ``stride`` means the kernel size.

Args:
    input (Tensor): input of shape ``(N, C, L)`` or ``(C, L)``.
    kernel_size (int): the window width.
    stride (int, optional): the step between windows.
    padding (int): implicit ``-inf`` padding on both sides.
    dilation (int): spacing between window elements.
    ceil_mode (bool): round the output length up.

Returns:
    tuple: the maxima and their indices along the last dim.

Example::

    >>> ember.max_pool1d_with_indices(ember.tensor([[1.0, 5.0, 2.0, 4.0]]), 2)
    (tensor([[5., 4.]]), tensor([[1, 3]]))
""")

add_docstr(ember.constant_pad_nd, r"""
constant_pad_nd(input, pad, value=0) -> Tensor

``input`` padded with ``value``: ``pad`` lists ``(before, after)`` amounts for the last dim,
then the one before it, and so on; negative amounts crop. The gradient is ``grad`` cropped
back to ``input``'s region.

Args:
    input (Tensor): the input.
    pad (list of int): the amounts, an even number of them.
    value (Number): the fill value.

Returns:
    Tensor: the padded tensor.

Example::

    >>> ember.constant_pad_nd(ember.tensor([[1, 2]]), [1, 0, 0, 1], 9)
    tensor([[9, 1, 2],
            [9, 9, 9]])
""")

add_docstr(ember.channel_shuffle, r"""
channel_shuffle(input, groups) -> Tensor

Rearranges the channels (dim 1) of ``(N, C, *)`` as ``(N, groups, C // groups, *)``
transposed to ``(N, C // groups, groups, *)``: ShuffleNet's channel shuffle.

Args:
    input (Tensor): input of shape ``(N, C, *)``.
    groups (int): the number of groups; must divide ``C``.

Returns:
    Tensor: the shuffled tensor.

Example::

    >>> ember.channel_shuffle(ember.arange(4.0).reshape(1, 4, 1), 2).flatten()
    tensor([0., 2., 1., 3.])
""")

add_docstr(ember.affine_grid_generator, r"""
affine_grid_generator(theta, size, align_corners) -> Tensor

The sampling grid of the affine maps ``theta`` (``(N, 2, 3)`` for 2-D, ``(N, 3, 4)`` for
3-D) over an output of ``size``, in normalised ``[-1, 1]`` coordinates: ``F.affine_grid``
with ``align_corners`` required.

Args:
    theta (Tensor): the affine matrices.
    size (list of int): the output size ``(N, C, H, W)`` or ``(N, C, D, H, W)``.
    align_corners (bool): whether -1 and 1 are the corner pixels' centres.

Returns:
    Tensor: the grid, shape ``(N, H, W, 2)`` or ``(N, D, H, W, 3)``.

Example::

    >>> theta = ember.tensor([[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]])
    >>> ember.affine_grid_generator(theta, [1, 1, 1, 2], False)
    tensor([[[[-0.5000,  0.0000],
              [ 0.5000,  0.0000]]]])
""")

add_docstr(ember.grid_sampler, r"""
grid_sampler(input, grid, interpolation_mode, padding_mode, align_corners) -> Tensor

Samples ``input`` at the normalised ``grid`` locations: ``F.grid_sample`` with ATen's
integer modes (interpolation 0 bilinear, 1 nearest, 2 bicubic; padding 0 zeros, 1 border,
2 reflection). ember samples 4-D inputs and has no bicubic mode yet.

Args:
    input (Tensor): input of shape ``(N, C, H, W)``.
    grid (Tensor): locations of shape ``(N, H_out, W_out, 2)`` in ``[-1, 1]``.
    interpolation_mode (int): 0 bilinear, 1 nearest.
    padding_mode (int): 0 zeros, 1 border, 2 reflection.
    align_corners (bool): whether -1 and 1 are the corner pixels' centres.

Returns:
    Tensor: shape ``(N, C, H_out, W_out)``.

Example::

    >>> x = ember.tensor([[[[1.0, 3.0]]]])
    >>> ember.grid_sampler(x, ember.tensor([[[[0.0, 0.0]]]]), 0, 0, True)
    tensor([[[[2.]]]])
""")

add_docstr(ember.grid_sampler_2d, r"""
grid_sampler_2d(input, grid, interpolation_mode, padding_mode, align_corners) -> Tensor

``grid_sampler`` for 4-D inputs (a 5-D one raises, as in torch).

Args:
    input (Tensor): input of shape ``(N, C, H, W)``.
    grid (Tensor): locations of shape ``(N, H_out, W_out, 2)`` in ``[-1, 1]``.
    interpolation_mode (int): 0 bilinear, 1 nearest.
    padding_mode (int): 0 zeros, 1 border, 2 reflection.
    align_corners (bool): whether -1 and 1 are the corner pixels' centres.

Returns:
    Tensor: shape ``(N, C, H_out, W_out)``.

Example::

    >>> x = ember.tensor([[[[1.0, 3.0]]]])
    >>> ember.grid_sampler_2d(x, ember.tensor([[[[0.5, 0.0]]]]), 1, 0, True)
    tensor([[[[3.]]]])
""")

add_docstr(ember.grid_sampler_3d, r"""
grid_sampler_3d(input, grid, interpolation_mode, padding_mode, align_corners) -> Tensor

``grid_sampler`` for 5-D inputs: each output point reads ``input`` at the ``(x, y, z)`` of
``grid`` in ``[-1, 1]``, trilinearly (``interpolation_mode`` 0) or from the nearest voxel (1).

Args:
    input (Tensor): input of shape ``(N, C, D, H, W)``.
    grid (Tensor): locations of shape ``(N, D_out, H_out, W_out, 3)`` in ``[-1, 1]``.
    interpolation_mode (int): 0 trilinear, 1 nearest.
    padding_mode (int): 0 zeros, 1 border, 2 reflection.
    align_corners (bool): whether -1 and 1 are the corner voxels' centres.

Returns:
    Tensor: shape ``(N, C, D_out, H_out, W_out)``.

Example::

    >>> x = ember.arange(8.).reshape(1, 1, 2, 2, 2)
    >>> ember.grid_sampler_3d(x, ember.zeros(1, 1, 1, 1, 3), 0, 0, True)
    tensor([[[[[3.5000]]]]])
    >>> ember.grid_sampler_3d(x, ember.ones(1, 1, 1, 1, 3), 1, 0, True)
    tensor([[[[[7.]]]]])
""")

add_docstr(ember.convolution, r"""
convolution(input, weight, bias, stride, padding, dilation, transposed, output_padding, groups) -> Tensor

The general convolution with every argument explicit: 1-, 2- or 3-d by ``weight``'s rank,
transposed or not (``F.conv*d`` / ``F.conv_transpose*d``).

Args:
    input (Tensor): input of shape ``(N, C_in, *)``.
    weight (Tensor): the filters.
    bias (Tensor or None): per-output-channel bias.
    stride (list of int): step per spatial dim.
    padding (list of int): implicit zero padding per spatial dim.
    dilation (list of int): spacing of kernel elements per spatial dim.
    transposed (bool): compute the transposed convolution.
    output_padding (list of int): extra size on one side of a transposed output.
    groups (int): number of blocked connections from input to output channels.

Returns:
    Tensor: the convolution.

Example::

    >>> x, w = ember.tensor([[[1.0, 2.0, 3.0]]]), ember.tensor([[[1.0, -1.0]]])
    >>> ember.convolution(x, w, None, [1], [0], [1], False, [0], 1)
    tensor([[[-1., -1.]]])
""")

add_docstr(ember.conv_tbc, r"""
conv_tbc(input, weight, bias, pad=0) -> Tensor

1-d convolution of a time-major sequence: ``input`` is ``(time, batch, in)``, ``weight`` is
``(kernel, in, out)``, and ``out[t, b, o] = bias[o] + sum_{k, c} input[t + k - pad, b, c]
* weight[k, c, o]``.

Args:
    input (Tensor): input of shape ``(T, N, C_in)``.
    weight (Tensor): filters of shape ``(K, C_in, C_out)``.
    bias (Tensor): bias of shape ``(C_out,)``.
    pad (int): zero padding on both ends of the time dim.

Returns:
    Tensor: shape ``(T + 2 * pad - K + 1, N, C_out)``.

Example::

    >>> x = ember.tensor([[[1.0]], [[2.0]], [[3.0]]])
    >>> ember.conv_tbc(x, ember.tensor([[[1.0]], [[10.0]]]), ember.tensor([0.5])).flatten()
    tensor([21.5000, 32.5000])
""")

add_docstr(ember.rnn_tanh_cell, r"""
rnn_tanh_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None) -> Tensor

One step of an Elman RNN: ``h' = tanh(input @ w_ih.T + b_ih + hx @ w_hh.T + b_hh)``.

Args:
    input (Tensor): input of shape ``(N, input_size)``.
    hx (Tensor): the previous state.
    w_ih (Tensor): input weights, ``(1 * hidden_size, input_size)``.
    w_hh (Tensor): recurrent weights, ``(1 * hidden_size, hidden_size)``.
    b_ih (Tensor, optional): input bias.
    b_hh (Tensor, optional): recurrent bias.

Returns:
    Tensor: the new hidden state.

Example::

    >>> ember.rnn_tanh_cell(ember.ones(1, 1), ember.zeros(1, 1), ember.ones(1, 1), ember.ones(1, 1))
    tensor([[0.7616]])
""")

add_docstr(ember.rnn_relu_cell, r"""
rnn_relu_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None) -> Tensor

One step of an Elman RNN with ReLU: ``h' = relu(input @ w_ih.T + b_ih + hx @ w_hh.T + b_hh)``.

Args:
    input (Tensor): input of shape ``(N, input_size)``.
    hx (Tensor): the previous state.
    w_ih (Tensor): input weights, ``(1 * hidden_size, input_size)``.
    w_hh (Tensor): recurrent weights, ``(1 * hidden_size, hidden_size)``.
    b_ih (Tensor, optional): input bias.
    b_hh (Tensor, optional): recurrent bias.

Returns:
    Tensor: the new hidden state.

Example::

    >>> ember.rnn_relu_cell(ember.ones(1, 1), ember.ones(1, 1), ember.ones(1, 1), -ember.ones(1, 1) * 3)
    tensor([[0.]])
""")

add_docstr(ember.lstm_cell, r"""
lstm_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None) -> (Tensor, Tensor)

One LSTM step on ``hx = (h, c)``: the gates ``i, f, g, o`` are consecutive row blocks of
``input @ w_ih.T + b_ih + h @ w_hh.T + b_hh``; ``c' = sigmoid(f) * c + sigmoid(i) * tanh(g)``
and ``h' = sigmoid(o) * tanh(c')``.

Args:
    input (Tensor): input of shape ``(N, input_size)``.
    hx (tuple of Tensors): the previous state.
    w_ih (Tensor): input weights, ``(4 * hidden_size, input_size)``.
    w_hh (Tensor): recurrent weights, ``(4 * hidden_size, hidden_size)``.
    b_ih (Tensor, optional): input bias.
    b_hh (Tensor, optional): recurrent bias.

Returns:
    tuple: ``(h', c')``.

Example::

    >>> h, c = ember.lstm_cell(ember.ones(1, 1), (ember.zeros(1, 1), ember.ones(1, 1)), ember.ones(4, 1), ember.zeros(4, 1))
    >>> c
    tensor([[1.2878]])
""")

add_docstr(ember.gru_cell, r"""
gru_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None) -> Tensor

One GRU step: with ``r, z, n`` consecutive row blocks of the input and recurrent
projections, ``r = sigmoid(i_r + h_r)``, ``z = sigmoid(i_z + h_z)``,
``n = tanh(i_n + r * h_n)`` and ``h' = (1 - z) * n + z * hx``.

Args:
    input (Tensor): input of shape ``(N, input_size)``.
    hx (Tensor): the previous state.
    w_ih (Tensor): input weights, ``(3 * hidden_size, input_size)``.
    w_hh (Tensor): recurrent weights, ``(3 * hidden_size, hidden_size)``.
    b_ih (Tensor, optional): input bias.
    b_hh (Tensor, optional): recurrent bias.

Returns:
    Tensor: the new hidden state.

Example::

    >>> ember.gru_cell(ember.ones(1, 1), ember.zeros(1, 1), ember.zeros(3, 1), ember.zeros(3, 1))
    tensor([[0.]])
""")

add_docstr(ember.lstm, r"""
lstm(input, hx, params, has_biases, num_layers, dropout, train, bidirectional, batch_first) -> (Tensor, Tensor, Tensor)

The stacked LSTM of ``nn.LSTM`` with explicit weights: each layer runs ``lstm_cell`` over
time (and backwards too when bidirectional), feeding its outputs to the next layer.

Args:
    input (Tensor): the padded sequence, ``(T, N, input_size)`` (``(N, T, input_size)`` with
        ``batch_first``).
    hx (tuple of Tensors): the initial states ``(h_0, c_0)``, ``(num_layers * directions, N, hidden_size)``.
    params (list of Tensors): per layer and direction ``w_ih, w_hh`` and, with biases,
        ``b_ih, b_hh``.
    has_biases (bool): whether ``params`` holds biases.
    num_layers (int): the number of stacked layers.
    dropout (float): dropout probability between layers (when ``train``).
    train (bool): training mode (dropout on).
    bidirectional (bool): run a second, reversed direction and concatenate.
    batch_first (bool): the batch is dim 0 of ``input`` and of the output.

Returns:
    tuple: ``(output, h_n, c_n)``.

Example::

    >>> w = [ember.ones(4, 1), ember.zeros(4, 1)]
    >>> out, h, c = ember.lstm(ember.ones(2, 1, 1), (ember.zeros(1, 1, 1), ember.zeros(1, 1, 1)), w, False, 1, 0.0, False, False, False)
    >>> out.shape, h.shape
    (ember.Size([2, 1, 1]), ember.Size([1, 1, 1]))
""")

add_docstr(ember.gru, r"""
gru(input, hx, params, has_biases, num_layers, dropout, train, bidirectional, batch_first) -> (Tensor, Tensor)

The stacked GRU of ``nn.GRU`` with explicit weights (``gru_cell`` over time, per layer).

Args:
    input (Tensor): the padded sequence, ``(T, N, input_size)`` (``(N, T, input_size)`` with
        ``batch_first``).
    hx (Tensor): the initial state, ``(num_layers * directions, N, hidden_size)``.
    params (list of Tensors): per layer and direction ``w_ih, w_hh`` and, with biases,
        ``b_ih, b_hh``.
    has_biases (bool): whether ``params`` holds biases.
    num_layers (int): the number of stacked layers.
    dropout (float): dropout probability between layers (when ``train``).
    train (bool): training mode (dropout on).
    bidirectional (bool): run a second, reversed direction and concatenate.
    batch_first (bool): the batch is dim 0 of ``input`` and of the output.

Returns:
    tuple: ``(output, h_n)``.

Example::

    >>> w = [ember.zeros(3, 1), ember.zeros(3, 1)]
    >>> ember.gru(ember.ones(2, 1, 1), ember.ones(1, 1, 1), w, False, 1, 0.0, False, False, False)[1]
    tensor([[[0.2500]]])
""")

add_docstr(ember.rnn_tanh, r"""
rnn_tanh(input, hx, params, has_biases, num_layers, dropout, train, bidirectional, batch_first) -> (Tensor, Tensor)

The stacked Elman RNN of ``nn.RNN`` (tanh) with explicit weights.

Args:
    input (Tensor): the padded sequence, ``(T, N, input_size)`` (``(N, T, input_size)`` with
        ``batch_first``).
    hx (Tensor): the initial state, ``(num_layers * directions, N, hidden_size)``.
    params (list of Tensors): per layer and direction ``w_ih, w_hh`` and, with biases,
        ``b_ih, b_hh``.
    has_biases (bool): whether ``params`` holds biases.
    num_layers (int): the number of stacked layers.
    dropout (float): dropout probability between layers (when ``train``).
    train (bool): training mode (dropout on).
    bidirectional (bool): run a second, reversed direction and concatenate.
    batch_first (bool): the batch is dim 0 of ``input`` and of the output.

Returns:
    tuple: ``(output, h_n)``.

Example::

    >>> w = [ember.ones(1, 1), ember.zeros(1, 1)]
    >>> ember.rnn_tanh(ember.zeros(2, 1, 1), ember.zeros(1, 1, 1), w, False, 1, 0.0, False, False, False)[0].flatten()
    tensor([0., 0.])
""")

add_docstr(ember.rnn_relu, r"""
rnn_relu(input, hx, params, has_biases, num_layers, dropout, train, bidirectional, batch_first) -> (Tensor, Tensor)

The stacked Elman RNN of ``nn.RNN`` with ReLU, with explicit weights.

Args:
    input (Tensor): the padded sequence, ``(T, N, input_size)`` (``(N, T, input_size)`` with
        ``batch_first``).
    hx (Tensor): the initial state, ``(num_layers * directions, N, hidden_size)``.
    params (list of Tensors): per layer and direction ``w_ih, w_hh`` and, with biases,
        ``b_ih, b_hh``.
    has_biases (bool): whether ``params`` holds biases.
    num_layers (int): the number of stacked layers.
    dropout (float): dropout probability between layers (when ``train``).
    train (bool): training mode (dropout on).
    bidirectional (bool): run a second, reversed direction and concatenate.
    batch_first (bool): the batch is dim 0 of ``input`` and of the output.

Returns:
    tuple: ``(output, h_n)``.

Example::

    >>> w = [ember.ones(1, 1), ember.ones(1, 1)]
    >>> ember.rnn_relu(ember.ones(3, 1, 1), ember.zeros(1, 1, 1), w, False, 1, 0.0, False, False, False)[0].flatten()
    tensor([1., 2., 3.])
""")

add_docstr(ember.fill, r"""
fill(input, value) -> Tensor

A new tensor with ``input``'s shape, dtype and device holding ``value`` everywhere. The
gradient to ``input`` is zero; to a 0-d tensor ``value`` it is ``grad.sum()``.

Args:
    input (Tensor): gives the shape, dtype and device.
    value (Number or Tensor): the fill value (a tensor must be 0-d).

Returns:
    Tensor: the filled tensor.

Example::

    >>> ember.fill(ember.zeros(2, dtype=ember.int64), 7)
    tensor([7, 7])
""")


add_docstr(ember.cond, r"""
cond(pred, true_fn, false_fn, operands=()) -> Any

``true_fn(*operands)`` when ``pred`` holds, else ``false_fn(*operands)``: torch's ``cond``
control-flow operator, run eagerly (gradients flow through the branch taken).

Args:
    pred (bool or Tensor): the condition; a tensor must have one element.
    true_fn (callable): called when ``pred`` is true.
    false_fn (callable): called otherwise.
    operands (tuple or list): the arguments of the branch.

Returns:
    what the branch returns.

Example::

    >>> ember.cond(3 > 1, lambda x: x * 10, lambda x: x + 1, (ember.ones(2),))
    tensor([10., 10.])
""")

add_docstr(ember.while_loop, r"""
while_loop(cond_fn, body_fn, carried_inputs) -> Any

Runs ``carried = body_fn(*carried)`` while ``cond_fn(*carried)`` is true, starting from
``carried_inputs``, and returns the last carried values (``carried_inputs`` if the loop never
runs). Each step must return tensors of the same shapes and dtypes as the carried ones; the
condition must be a bool or a 0-d tensor.

Args:
    cond_fn (callable): the loop condition.
    body_fn (callable): one step, returning the new carried values.
    carried_inputs (tuple or list): the initial values.

Returns:
    the final carried values.

Example::

    >>> ember.while_loop(lambda i, x: i < 3, lambda i, x: (i + 1, x * 2), (ember.tensor(0), ember.ones(2)))
    (tensor(3), tensor([8., 8.]))
""")

add_docstr(ember.set_warn_always, r"""
set_warn_always(b, /) -> None

When ``b`` is True, warnings that are normally given once per process are given every time.

Args:
    b (bool): the new setting.

Returns:
    None

Example::

    >>> ember.set_warn_always(True)
    >>> ember.is_warn_always_enabled()
    True
    >>> ember.set_warn_always(False)
""")

add_docstr(ember.is_warn_always_enabled, r"""
is_warn_always_enabled() -> bool

Whether ``set_warn_always(True)`` is in effect (False by default).

Example::

    >>> ember.is_warn_always_enabled()
    False
""")

add_docstr(ember.set_anomaly_enabled, r"""
set_anomaly_enabled(enabled, check_nan=True) -> None

Turns autograd's anomaly detection on or off for the rest of the program: backward then
names the forward op whose gradient failed and, with ``check_nan``, raises when a gradient
becomes NaN. ``autograd.detect_anomaly`` does the same for one block.

Args:
    enabled (bool): the new setting.
    check_nan (bool): also check backward's results for NaN.

Returns:
    None

Example::

    >>> ember.set_anomaly_enabled(True, check_nan=False)
    >>> ember.is_anomaly_enabled(), ember.is_anomaly_check_nan_enabled()
    (True, False)
    >>> ember.set_anomaly_enabled(False)
""")

add_docstr(ember.is_anomaly_check_nan_enabled, r"""
is_anomaly_check_nan_enabled() -> bool

Whether anomaly detection, when on, also checks backward's results for NaN (True unless
turned off with ``check_nan=False``).

Example::

    >>> ember.is_anomaly_check_nan_enabled()
    True
""")

add_docstr(ember.set_flush_denormal, r"""
set_flush_denormal(mode) -> bool

Asks for subnormal floats to be flushed to zero, returning whether that is supported. ember
computes with NumPy, which has no such switch, so the answer is False and nothing changes.

Args:
    mode (bool): whether to flush.

Returns:
    bool: whether the setting took effect.

Example::

    >>> isinstance(ember.set_flush_denormal(False), bool)
    True
""")

add_docstr(ember.set_default_tensor_type, r"""
set_default_tensor_type(t, /) -> None

Deprecated (warns): sets the default floating dtype from a legacy tensor type such as
``ember.DoubleTensor`` or its name ``"torch.DoubleTensor"``. Use ``set_default_dtype``.

Args:
    t (type or str): a floating-point legacy tensor type.

Returns:
    None

Example::

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter('ignore')
    ...     ember.set_default_tensor_type(ember.DoubleTensor)
    >>> ember.ones(1).dtype
    ember.float64
    >>> ember.set_default_dtype(ember.float32)
""")

add_docstr(ember.sym_int, r"""
sym_int(a)

``int(a)``, truncating a float toward zero; symbolic integers stay symbolic under a tracer, and in eager mode this is plain Python.

Args:
    a (int or float): the value.

Returns:
    int

Example::

    >>> ember.sym_int(-2.7)
    -2
""")

add_docstr(ember.sym_float, r"""
sym_float(a)

``float(a)``; in eager mode plain Python.

Args:
    a (int or float): the value.

Returns:
    float

Example::

    >>> ember.sym_float(3)
    3.0
""")

add_docstr(ember.sym_max, r"""
sym_max(a, b)

``max(a, b)``, as a float when either argument is a float.

Args:
    a (int or float): first value.
    b (int or float): second value.

Returns:
    int or float

Example::

    >>> ember.sym_max(3, 2.0)
    3.0
""")

add_docstr(ember.sym_min, r"""
sym_min(a, b)

``min(a, b)``, as a float when either argument is a float.

Args:
    a (int or float): first value.
    b (int or float): second value.

Returns:
    int or float

Example::

    >>> ember.sym_min(1, 2.5)
    1.0
""")

add_docstr(ember.sym_not, r"""
sym_not(a)

``not a``.

Args:
    a (bool): the value.

Returns:
    bool

Example::

    >>> ember.sym_not(False)
    True
""")

add_docstr(ember.sym_sqrt, r"""
sym_sqrt(a)

``math.sqrt(a)``.

Args:
    a (int or float): the value.

Returns:
    float

Example::

    >>> ember.sym_sqrt(4)
    2.0
""")

add_docstr(ember.sym_sum, r"""
sym_sum(args)

``sum(args)``.

Args:
    args (iterable): the values.

Returns:
    int or float

Example::

    >>> ember.sym_sum([1, 2, 3])
    6
""")

add_docstr(ember.sym_ite, r"""
sym_ite(b, t, f)

``t if b else f``; ``t`` and ``f`` must be of one type.

Args:
    b (bool): the condition.
    t: the value when true.
    f: the value when false.

Returns:
    ``t`` or ``f``

Example::

    >>> ember.sym_ite(False, 1, 2)
    2
""")

add_docstr(ember.unsafe_split, r"""
unsafe_split(input, split_size, dim=0) -> tuple of Tensors

``split``'s pieces of ``split_size`` along ``dim`` (the last may be smaller), sharing
``input``'s memory but not tracked as its views, so in-place changes to them skip the view
checks. The gradient is the pieces' gradients joined back.

Args:
    input (Tensor): the tensor to split.
    split_size (int): the size of each piece.
    dim (int): the dim to split.

Returns:
    tuple of Tensors: the pieces.

Example::

    >>> ember.unsafe_split(ember.arange(5), 2)
    (tensor([0, 1]), tensor([2, 3]), tensor([4]))
""")

add_docstr(ember.unsafe_chunk, r"""
unsafe_chunk(input, chunks, dim=0) -> tuple of Tensors

``chunk``'s pieces (each ``ceil(size / chunks)`` long, the last possibly shorter), not tracked
as views of ``input``; see ``unsafe_split``.

Args:
    input (Tensor): the tensor to split.
    chunks (int): the number of pieces asked for.
    dim (int): the dim to split.

Returns:
    tuple of Tensors: the pieces.

Example::

    >>> ember.unsafe_chunk(ember.arange(6), 4)
    (tensor([0, 1]), tensor([2, 3]), tensor([4, 5]))
""")

add_docstr(ember.unsafe_split_with_sizes, r"""
unsafe_split_with_sizes(input, split_sizes, dim=0) -> tuple of Tensors

``split_with_sizes``'s pieces, not tracked as views of ``input``; see ``unsafe_split``.

Args:
    input (Tensor): the tensor to split.
    split_sizes (list of int): the size of each piece; they must add up to the dim's size.
    dim (int): the dim to split.

Returns:
    tuple of Tensors: the pieces.

Example::

    >>> ember.unsafe_split_with_sizes(ember.arange(5), [1, 4])
    (tensor([0]), tensor([1, 2, 3, 4]))
""")

add_docstr(ember.nonzero_static, r"""
nonzero_static(input, *, size, fill_value=-1) -> Tensor

``nonzero(input)`` with a fixed number of rows: the first ``size`` index rows, followed by
rows of ``fill_value`` when there are fewer nonzero elements.

Args:
    input (Tensor): the input.
    size (int): the number of rows of the result.
    fill_value (int): the padding value.

Returns:
    Tensor: int64 indices of shape ``(size, input.dim())``.

Example::

    >>> ember.nonzero_static(ember.tensor([0, 3, 0, 5]), size=3)
    tensor([[ 1],
            [ 3],
            [-1]])
""")

add_docstr(ember.frombuffer, r"""
frombuffer(buffer, *, dtype, count=-1, offset=0, requires_grad=False) -> Tensor

A 1-D tensor over the memory of an object with the buffer protocol (``bytearray``,
``array.array``, ``memoryview``...): ``count`` elements of ``dtype`` from byte ``offset``
(``-1``: all that remain). Writes go through to the buffer. A read-only buffer (``bytes``)
is copied, with torch's warning.

Args:
    buffer: an object with the buffer protocol.
    dtype (ember.dtype): the element type.
    count (int): the number of elements, or -1 for all.
    offset (int): the first byte.
    requires_grad (bool): whether the result requires grad.

Returns:
    Tensor: the 1-D tensor.

Example::

    >>> buf = bytearray(b'\x01\x00\x02\x00')
    >>> t = ember.frombuffer(buf, dtype=ember.int16)
    >>> buf[0] = 7
    >>> t
    tensor([7, 2], dtype=ember.int16)
""")

add_docstr(ember.from_file, r"""
from_file(filename, shared=None, size=0, *, dtype=None, layout=None, device=None, pin_memory=False) -> Tensor

A 1-D tensor of ``size`` elements of ``dtype`` mapped from the file. With ``shared=True`` the
file itself is mapped (writes reach it, and a short file is grown to fit); otherwise the
tensor gets a private copy-on-write mapping and the file must be long enough.

Args:
    filename (str): the file.
    shared (bool): map the file itself.
    size (int): the number of elements.
    dtype (ember.dtype, optional): the element type (default: the default dtype).
    layout: strided only.
    device (ember.device, optional): where the result lives.
    pin_memory (bool): no effect.

Returns:
    Tensor: the mapped tensor.

Example::

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), 'x.bin')
    >>> t = ember.from_file(path, shared=True, size=3)
    >>> t += 2
    >>> ember.from_file(path, shared=False, size=3)
    tensor([2., 2., 2.])
""")

add_docstr(ember.empty_permuted, r"""
empty_permuted(size, physical_layout, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False) -> Tensor

An uninitialised tensor of logical shape ``size`` whose memory holds the dims in the order
``physical_layout`` (outermost first): ``empty(size[physical_layout]).permute(inverse)``.

Args:
    size (list of int): the logical shape.
    physical_layout (list of int): a permutation of the dims, outermost first.
    dtype (ember.dtype, optional): the element type.
    layout: strided only.
    device (ember.device, optional): the device.
    requires_grad (bool): whether the result requires grad.
    pin_memory (bool): no effect.

Returns:
    Tensor: the tensor.

Example::

    >>> ember.empty_permuted((2, 3, 4), (2, 0, 1)).stride()
    (3, 1, 6)
""")

add_docstr(ember.to_dlpack, r"""
to_dlpack(tensor) -> PyCapsule

A DLPack capsule sharing ``tensor``'s memory, for another library's ``from_dlpack`` (NumPy,
CuPy, torch, JAX...). Each capsule may be consumed once.

Args:
    tensor (Tensor): the tensor to export.

Returns:
    PyCapsule: the DLPack capsule.

Example::

    >>> t = ember.arange(3)
    >>> u = ember.from_dlpack(ember.to_dlpack(t))
    >>> u[0] = 5
    >>> t
    tensor([5, 1, 2])
""")

add_docstr(ember.is_distributed, r"""
is_distributed(input) -> bool

torch's legacy query for tensors split across processes; always False.

Args:
    input (Tensor): the tensor.

Returns:
    bool: False.

Example::

    >>> ember.is_distributed(ember.ones(2))
    False
""")


add_docstr(ember.is_anomaly_enabled, r"""
is_anomaly_enabled() -> bool

Whether autograd's anomaly detection is on (see ``set_anomaly_enabled`` and
``autograd.detect_anomaly``).

Example::

    >>> ember.is_anomaly_enabled()
    False
    >>> ember.set_anomaly_enabled(True)
    >>> ember.is_anomaly_enabled()
    True
    >>> ember.set_anomaly_enabled(False)
""")

add_docstr(ember.vmap, r"""
vmap(func, in_dims=0, out_dims=0, randomness='error', *, chunk_size=None) -> Callable

``func`` mapped over a batch dim of its inputs (``func.vmap`` under its top-level name): the
returned function calls ``func`` on each slice along ``in_dims`` and stacks the results along
``out_dims``.

Args:
    func (callable): the function of one (unbatched) example.
    in_dims (int or tuple): the batch dim of each input (None: not batched).
    out_dims (int or tuple): where the batch dim goes in each output.
    randomness (str): 'error', 'different' or 'same' for random ops inside ``func``.
    chunk_size (int, optional): how many slices to run at once.

Returns:
    callable: the batched function.

Example::

    >>> ember.vmap(lambda row: row.sum())(ember.arange(6.0).reshape(2, 3))
    tensor([ 3., 12.])
    >>> ember.vmap(ember.dot, in_dims=(0, None))(ember.ones(2, 3), ember.arange(3.0))
    tensor([3., 3.])
""")


add_docstr(ember.hash_tensor, r"""
hash_tensor(input, dim=None, *, keepdim=False, mode=0) -> Tensor

A cheap fingerprint of the data: the XOR of the elements' 64-bit patterns over ``dim`` (all
dims when None), floats taken as float64 bits and integers and bools as their uint64 value.
Equal tensors hash equal. Not differentiable.

Args:
    input (Tensor): a real tensor.
    dim (int or tuple of ints, optional): the dims to reduce (all when None).
    keepdim (bool): keep the reduced dims with size 1.
    mode (int): the hash; 0 (XOR of the bit patterns) is the only one.

Returns:
    Tensor: uint64 hashes.

Example::

    >>> ember.hash_tensor(ember.tensor([1, 2, 4]))
    tensor(7, dtype=ember.uint64)
    >>> ember.hash_tensor(ember.tensor([[1, 2], [3, 4]]), 1)
    tensor([3, 7], dtype=ember.uint64)
""")

add_docstr(ember.get_device_module, r"""
get_device_module(device=None) -> module

The module holding a device type's runtime functions (``synchronize``, ``device_count``,
streams...): ``ember.cuda`` for ``"cuda"``, ``ember.cpu`` for ``"cpu"``. With no device, the
accelerator's module when one is available, else the CPU's.

Args:
    device (ember.device or str, optional): the device or its type.

Returns:
    module: the device module.

Example::

    >>> ember.get_device_module('cpu').device_count()
    1
    >>> ember.get_device_module(ember.device('cpu')).is_available()
    True
""")

add_docstr(ember.init_num_threads, r"""
init_num_threads() -> None

Sets up the intra-op thread pool for the calling thread. ember's threads are NumPy's BLAS
threads, which start on their own, so there is nothing to do.

Returns:
    None

Example::

    >>> ember.init_num_threads()
""")


add_docstr(ember.lobpcg, r"""
lobpcg(A, k=None, B=None, X=None, n=None, iK=None, niter=None, tol=None, largest=None, method=None, tracker=None, ortho_iparams=None, ortho_fparams=None, ortho_bparams=None) -> (Tensor, Tensor)

The ``k`` largest (or smallest) eigenpairs of a symmetric positive-definite ``A`` (or of the
generalised problem ``A x = lambda B x``) by LOBPCG, the locally optimal block preconditioned
conjugate gradient method (SciPy's implementation), for matrices too large to decompose
whole. Eigenvalues come largest first (smallest first with ``largest=False``); eigenvectors
are determined up to sign. Without ``X`` the start block is ``randn(m, n)`` from the global
generator, drawn as torch draws it. Differentiable in ``A`` (exactly, through the full
eigendecomposition in backward) when ``B`` is not given; the gradient is symmetric.

Args:
    A (Tensor): symmetric positive-definite, ``(*, m, m)``.
    k (int, optional): the number of eigenpairs (default: 1, or ``X``'s columns).
    B (Tensor, optional): the symmetric positive-definite right-hand matrix.
    X (Tensor, optional): the start block, ``(*, m, n)``.
    n (int, optional): the block size when ``X`` is not given (default ``k``).
    iK (Tensor, optional): a preconditioner.
    niter (int, optional): the iteration limit (default 1000).
    tol (float, optional): the residual tolerance (default: the square root of the dtype's
        machine epsilon).
    largest (bool, optional): the largest eigenpairs (default) or the smallest.
    method (str, optional): torch's variant names, 'ortho' or 'basic' (SciPy runs one method).
    tracker (callable, optional): not supported (raises).
    ortho_iparams, ortho_fparams, ortho_bparams (dict, optional): options of torch's own
        orthogonalisation; accepted and unused.

Returns:
    tuple: the eigenvalues ``(*, k)`` and eigenvectors ``(*, m, k)``.

Example::

    >>> A = ember.diag(ember.arange(1.0, 10.0, dtype=ember.float64))
    >>> E, X = ember.lobpcg(A, k=2)
    >>> E.round(decimals=6)
    tensor([9., 8.], dtype=ember.float64)
    >>> E, X = ember.lobpcg(A, k=2, largest=False)
    >>> E.round(decimals=6), X.shape
    (tensor([1., 2.], dtype=ember.float64), ember.Size([9, 2]))
""")


add_docstr(ember.thread_safe_generator, r"""
thread_safe_generator() -> Generator or None

The thread-local generator of the DataLoader thread worker that calls it, so that random
transforms draw safely from several threads; ``None`` in the main process and in process
workers, which makes random functions use the global generator. ember's DataLoader has no
thread workers, so the answer is always ``None``.

Returns:
    ember.Generator or None

Example::

    >>> g = ember.thread_safe_generator()
    >>> g is None, ember.randint(0, 10, (3,), generator=g).shape
    (True, ember.Size([3]))
""")

