"""Docstrings of ``ember.Tensor``'s methods (attached on import; see ember._docs).

Methods that mirror a top-level function (``x.add(y)`` and ``ember.add(x, y)``) say what they
compute in method form; the in-place ``op_`` forms point to their out-of-place twin.
"""
from __future__ import annotations

from .._tensor import Tensor
from . import add_docstr

add_docstr(Tensor.abs, r"""abs() -> Tensor

Absolute value ``|x|`` of each element; see ``ember.abs``.

The result has the input's dtype. Gradient: ``sign(x)``, taken as 0 at x = 0.
``Tensor.absolute`` is the same method.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([-1.5, 0., 2.])
    >>> x.abs()
    tensor([1.5000, 0.0000, 2.0000])
""")


add_docstr(Tensor.abs_, r"""abs_() -> Tensor

In-place form of ``Tensor.abs``: writes the result into this tensor and returns it. Absolute
value ``|x|`` of each element; see ``ember.abs``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-1.5, 0., 2.])
    >>> x.abs_()
    tensor([1.5000, 0.0000, 2.0000])
    >>> x
    tensor([1.5000, 0.0000, 2.0000])
""")


add_docstr(Tensor.absolute_, r"""absolute_() -> Tensor

In-place form of ``Tensor.absolute``: writes the result into this tensor and returns it.
Absolute value ``|x|`` of each element; see ``ember.abs``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-1.5, 0., 2.])
    >>> x.absolute_()
    tensor([1.5000, 0.0000, 2.0000])
    >>> x
    tensor([1.5000, 0.0000, 2.0000])
""")


add_docstr(Tensor.acos, r"""acos() -> Tensor

Inverse cosine ``arccos(x)`` in radians, elementwise; NaN outside [-1, 1]; see ``ember.acos``.

Integer and bool inputs are promoted to the default float dtype. Gradient:
``-1 / sqrt(1 - x**2)``. ``Tensor.arccos`` is the same method.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([-1., 0., 0.5, 1.])
    >>> x.acos()
    tensor([3.1416, 1.5708, 1.0472, 0.0000])
""")


add_docstr(Tensor.acos_, r"""acos_() -> Tensor

In-place form of ``Tensor.acos``: writes the result into this tensor and returns it. Inverse
cosine ``arccos(x)`` in radians, elementwise; NaN outside [-1, 1]; see ``ember.acos``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-1., 0., 0.5, 1.])
    >>> x.acos_()
    tensor([3.1416, 1.5708, 1.0472, 0.0000])
    >>> x
    tensor([3.1416, 1.5708, 1.0472, 0.0000])
""")


add_docstr(Tensor.arccos_, r"""arccos_() -> Tensor

In-place form of ``Tensor.arccos``: writes the result into this tensor and returns it. Inverse
cosine ``arccos(x)`` in radians, elementwise; NaN outside [-1, 1]; see ``ember.acos``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-1., 0., 0.5, 1.])
    >>> x.arccos_()
    tensor([3.1416, 1.5708, 1.0472, 0.0000])
    >>> x
    tensor([3.1416, 1.5708, 1.0472, 0.0000])
""")


add_docstr(Tensor.acosh, r"""acosh() -> Tensor

Inverse hyperbolic cosine, elementwise; NaN for x < 1; see ``ember.acosh``.

Integer and bool inputs are promoted to the default float dtype. Gradient:
``1 / sqrt(x**2 - 1)``. ``Tensor.arccosh`` is the same method.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([1., 2., 10.])
    >>> x.acosh()
    tensor([0.0000, 1.3170, 2.9932])
""")


add_docstr(Tensor.acosh_, r"""acosh_() -> Tensor

In-place form of ``Tensor.acosh``: writes the result into this tensor and returns it. Inverse
hyperbolic cosine, elementwise; NaN for x < 1; see ``ember.acosh``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 10.])
    >>> x.acosh_()
    tensor([0.0000, 1.3170, 2.9932])
    >>> x
    tensor([0.0000, 1.3170, 2.9932])
""")


add_docstr(Tensor.arccosh_, r"""arccosh_() -> Tensor

In-place form of ``Tensor.arccosh``: writes the result into this tensor and returns it. Inverse
hyperbolic cosine, elementwise; NaN for x < 1; see ``ember.acosh``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 10.])
    >>> x.arccosh_()
    tensor([0.0000, 1.3170, 2.9932])
    >>> x
    tensor([0.0000, 1.3170, 2.9932])
""")


add_docstr(Tensor.arcsin, r"""arcsin() -> Tensor

Inverse sine ``arcsin(x)`` in radians, elementwise; NaN outside [-1, 1]; see ``ember.arcsin``.

Integer and bool inputs are promoted to the default float dtype. Gradient:
``1 / sqrt(1 - x**2)``. ``Tensor.asin`` is the same method.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([-1., 0., 0.5, 1.])
    >>> x.arcsin()
    tensor([-1.5708,  0.0000,  0.5236,  1.5708])
""")


add_docstr(Tensor.arcsin_, r"""arcsin_() -> Tensor

In-place form of ``Tensor.arcsin``: writes the result into this tensor and returns it. Inverse
sine ``arcsin(x)`` in radians, elementwise; NaN outside [-1, 1]; see ``ember.arcsin``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-1., 0., 0.5, 1.])
    >>> x.arcsin_()
    tensor([-1.5708,  0.0000,  0.5236,  1.5708])
    >>> x
    tensor([-1.5708,  0.0000,  0.5236,  1.5708])
""")


add_docstr(Tensor.asin_, r"""asin_() -> Tensor

In-place form of ``Tensor.asin``: writes the result into this tensor and returns it. Inverse
sine ``arcsin(x)`` in radians, elementwise; NaN outside [-1, 1]; see ``ember.arcsin``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-1., 0., 0.5, 1.])
    >>> x.asin_()
    tensor([-1.5708,  0.0000,  0.5236,  1.5708])
    >>> x
    tensor([-1.5708,  0.0000,  0.5236,  1.5708])
""")


add_docstr(Tensor.arcsinh, r"""arcsinh() -> Tensor

Inverse hyperbolic sine ``log(x + sqrt(x**2 + 1))``, elementwise; see ``ember.arcsinh``.

Integer and bool inputs are promoted to the default float dtype. Gradient:
``1 / sqrt(x**2 + 1)``. ``Tensor.asinh`` is the same method.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([-1., 0., 2.])
    >>> x.arcsinh()
    tensor([-0.8814,  0.0000,  1.4436])
""")


add_docstr(Tensor.arcsinh_, r"""arcsinh_() -> Tensor

In-place form of ``Tensor.arcsinh``: writes the result into this tensor and returns it. Inverse
hyperbolic sine ``log(x + sqrt(x**2 + 1))``, elementwise; see ``ember.arcsinh``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-1., 0., 2.])
    >>> x.arcsinh_()
    tensor([-0.8814,  0.0000,  1.4436])
    >>> x
    tensor([-0.8814,  0.0000,  1.4436])
""")


add_docstr(Tensor.asinh_, r"""asinh_() -> Tensor

In-place form of ``Tensor.asinh``: writes the result into this tensor and returns it. Inverse
hyperbolic sine ``log(x + sqrt(x**2 + 1))``, elementwise; see ``ember.arcsinh``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-1., 0., 2.])
    >>> x.asinh_()
    tensor([-0.8814,  0.0000,  1.4436])
    >>> x
    tensor([-0.8814,  0.0000,  1.4436])
""")


add_docstr(Tensor.arctan, r"""arctan() -> Tensor

Inverse tangent ``arctan(x)`` in radians, in (-pi/2, pi/2), elementwise; see ``ember.arctan``.

Integer and bool inputs are promoted to the default float dtype. Gradient: ``1 / (1 + x**2)``.
``Tensor.atan`` is the same method.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([-1., 0., 1., 100.])
    >>> x.arctan()
    tensor([-0.7854,  0.0000,  0.7854,  1.5608])
""")


add_docstr(Tensor.arctan_, r"""arctan_() -> Tensor

In-place form of ``Tensor.arctan``: writes the result into this tensor and returns it. Inverse
tangent ``arctan(x)`` in radians, in (-pi/2, pi/2), elementwise; see ``ember.arctan``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-1., 0., 1., 100.])
    >>> x.arctan_()
    tensor([-0.7854,  0.0000,  0.7854,  1.5608])
    >>> x
    tensor([-0.7854,  0.0000,  0.7854,  1.5608])
""")


add_docstr(Tensor.atan_, r"""atan_() -> Tensor

In-place form of ``Tensor.atan``: writes the result into this tensor and returns it. Inverse
tangent ``arctan(x)`` in radians, in (-pi/2, pi/2), elementwise; see ``ember.arctan``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-1., 0., 1., 100.])
    >>> x.atan_()
    tensor([-0.7854,  0.0000,  0.7854,  1.5608])
    >>> x
    tensor([-0.7854,  0.0000,  0.7854,  1.5608])
""")


add_docstr(Tensor.arctanh, r"""arctanh() -> Tensor

Inverse hyperbolic tangent ``0.5 * log((1 + x) / (1 - x))``, elementwise; +-inf at +-1 and NaN
beyond; see ``ember.arctanh``.

Integer and bool inputs are promoted to the default float dtype. Gradient: ``1 / (1 - x**2)``.
``Tensor.atanh`` is the same method.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([-0.5, 0., 0.5, 1.])
    >>> x.arctanh()
    tensor([-0.5493,  0.0000,  0.5493,     inf])
""")


add_docstr(Tensor.arctanh_, r"""arctanh_() -> Tensor

In-place form of ``Tensor.arctanh``: writes the result into this tensor and returns it. Inverse
hyperbolic tangent ``0.5 * log((1 + x) / (1 - x))``, elementwise; +-inf at +-1 and NaN beyond;
see ``ember.arctanh``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-0.5, 0., 0.5, 1.])
    >>> x.arctanh_()
    tensor([-0.5493,  0.0000,  0.5493,     inf])
    >>> x
    tensor([-0.5493,  0.0000,  0.5493,     inf])
""")


add_docstr(Tensor.atanh_, r"""atanh_() -> Tensor

In-place form of ``Tensor.atanh``: writes the result into this tensor and returns it. Inverse
hyperbolic tangent ``0.5 * log((1 + x) / (1 - x))``, elementwise; +-inf at +-1 and NaN beyond;
see ``ember.arctanh``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-0.5, 0., 0.5, 1.])
    >>> x.atanh_()
    tensor([-0.5493,  0.0000,  0.5493,     inf])
    >>> x
    tensor([-0.5493,  0.0000,  0.5493,     inf])
""")


add_docstr(Tensor.bitwise_not, r"""bitwise_not() -> Tensor

Bitwise NOT of each element (``~x``): flips every bit of an integer (two's complement, so
``~x == -x - 1``) and negates a bool; see ``ember.bitwise_not``.

The result has the input's dtype. Floating-point tensors raise TypeError or RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([0, 5, -3])
    >>> x.bitwise_not()
    tensor([-1, -6,  2])
""")


add_docstr(Tensor.bitwise_not_, r"""bitwise_not_() -> Tensor

In-place form of ``Tensor.bitwise_not``: writes the result into this tensor and returns it.
Bitwise NOT of each element (``~x``): flips every bit of an integer (two's complement, so
``~x == -x - 1``) and negates a bool; see ``ember.bitwise_not``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([0, 5, -3])
    >>> x.bitwise_not_()
    tensor([-1, -6,  2])
    >>> x
    tensor([-1, -6,  2])
""")


add_docstr(Tensor.ceil, r"""ceil() -> Tensor

Smallest integer-valued number ``>= x`` (rounds up), elementwise; see ``ember.ceil``.

The result has the input's dtype. Gradient: zero almost everywhere.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([-1.5, -0.2, 0.2, 2.])
    >>> x.ceil()
    tensor([-1., -0.,  1.,  2.])
""")


add_docstr(Tensor.ceil_, r"""ceil_() -> Tensor

In-place form of ``Tensor.ceil``: writes the result into this tensor and returns it. Smallest
integer-valued number ``>= x`` (rounds up), elementwise; see ``ember.ceil``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-1.5, -0.2, 0.2, 2.])
    >>> x.ceil_()
    tensor([-1., -0.,  1.,  2.])
    >>> x
    tensor([-1., -0.,  1.,  2.])
""")


add_docstr(Tensor.cos, r"""cos() -> Tensor

Cosine of each element, in radians; see ``ember.cos``.

Integer and bool inputs are promoted to the default float dtype. Gradient: ``-sin(x)``.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([0., 1., 3.1416])
    >>> x.cos()
    tensor([ 1.0000,  0.5403, -1.0000])
""")


add_docstr(Tensor.cos_, r"""cos_() -> Tensor

In-place form of ``Tensor.cos``: writes the result into this tensor and returns it. Cosine of
each element, in radians; see ``ember.cos``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([0., 1., 3.1416])
    >>> x.cos_()
    tensor([ 1.0000,  0.5403, -1.0000])
    >>> x
    tensor([ 1.0000,  0.5403, -1.0000])
""")


add_docstr(Tensor.cosh, r"""cosh() -> Tensor

Hyperbolic cosine ``(exp(x) + exp(-x)) / 2``, elementwise; see ``ember.cosh``.

Integer and bool inputs are promoted to the default float dtype. Gradient: ``sinh(x)``.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([-1., 0., 2.])
    >>> x.cosh()
    tensor([1.5431, 1.0000, 3.7622])
""")


add_docstr(Tensor.cosh_, r"""cosh_() -> Tensor

In-place form of ``Tensor.cosh``: writes the result into this tensor and returns it. Hyperbolic
cosine ``(exp(x) + exp(-x)) / 2``, elementwise; see ``ember.cosh``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-1., 0., 2.])
    >>> x.cosh_()
    tensor([1.5431, 1.0000, 3.7622])
    >>> x
    tensor([1.5431, 1.0000, 3.7622])
""")


add_docstr(Tensor.deg2rad, r"""deg2rad() -> Tensor

Converts angles from degrees to radians: ``x * pi / 180``; see ``ember.deg2rad``.

Integer and bool inputs are promoted to the default float dtype. Gradient: ``pi / 180``.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([0., 90., 180., -45.])
    >>> x.deg2rad()
    tensor([ 0.0000,  1.5708,  3.1416, -0.7854])
""")


add_docstr(Tensor.deg2rad_, r"""deg2rad_() -> Tensor

In-place form of ``Tensor.deg2rad``: writes the result into this tensor and returns it. Converts
angles from degrees to radians: ``x * pi / 180``; see ``ember.deg2rad``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([0., 90., 180., -45.])
    >>> x.deg2rad_()
    tensor([ 0.0000,  1.5708,  3.1416, -0.7854])
    >>> x
    tensor([ 0.0000,  1.5708,  3.1416, -0.7854])
""")


add_docstr(Tensor.digamma, r"""digamma() -> Tensor

Digamma function, the derivative of ``lgamma``: ``psi(x) = d/dx log Gamma(x)``, elementwise;
-inf at 0 and NaN at negative integers; see ``ember.digamma``.

Integer and bool inputs are promoted to the default float dtype. Gradient: the trigamma function
``polygamma(1, x)``.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([1., 2., 0.5])
    >>> x.digamma()
    tensor([-0.5772,  0.4228, -1.9635])
""")


add_docstr(Tensor.digamma_, r"""digamma_() -> Tensor

In-place form of ``Tensor.digamma``: writes the result into this tensor and returns it. Digamma
function, the derivative of ``lgamma``: ``psi(x) = d/dx log Gamma(x)``, elementwise; -inf at 0
and NaN at negative integers; see ``ember.digamma``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 0.5])
    >>> x.digamma_()
    tensor([-0.5772,  0.4228, -1.9635])
    >>> x
    tensor([-0.5772,  0.4228, -1.9635])
""")


add_docstr(Tensor.erf, r"""erf() -> Tensor

Gauss error function ``erf(x) = 2/sqrt(pi) * integral_0^x exp(-t**2) dt``, elementwise; see
``ember.erf``.

Integer and bool inputs are promoted to the default float dtype. Gradient:
``2/sqrt(pi) * exp(-x**2)``.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([0., 0.5, -1., 3.])
    >>> x.erf()
    tensor([ 0.0000,  0.5205, -0.8427,  1.0000])
""")


add_docstr(Tensor.erfc, r"""erfc() -> Tensor

Complementary error function ``1 - erf(x)``, computed without the cancellation of subtracting
from 1; see ``ember.erfc``.

Integer and bool inputs are promoted to the default float dtype. Gradient:
``-2/sqrt(pi) * exp(-x**2)``.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([0., 0.5, -1., 3.])
    >>> x.erfc()
    tensor([1.0000e+00, 4.7950e-01, 1.8427e+00, 2.2090e-05])
""")


add_docstr(Tensor.erfinv, r"""erfinv() -> Tensor

Inverse error function: ``y`` with ``erf(y) == x``, for x in [-1, 1]; +-inf at +-1 and NaN
outside; see ``ember.erfinv``.

Integer and bool inputs are promoted to the default float dtype. Gradient:
``sqrt(pi)/2 * exp(erfinv(x)**2)``.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([0., 0.5, -0.9, 1.])
    >>> x.erfinv()
    tensor([ 0.0000,  0.4769, -1.1631,     inf])
""")


add_docstr(Tensor.erfinv_, r"""erfinv_() -> Tensor

In-place form of ``Tensor.erfinv``: writes the result into this tensor and returns it. Inverse
error function: ``y`` with ``erf(y) == x``, for x in [-1, 1]; +-inf at +-1 and NaN outside; see
``ember.erfinv``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([0., 0.5, -0.9, 1.])
    >>> x.erfinv_()
    tensor([ 0.0000,  0.4769, -1.1631,     inf])
    >>> x
    tensor([ 0.0000,  0.4769, -1.1631,     inf])
""")


add_docstr(Tensor.exp, r"""exp() -> Tensor

Exponential ``e**x`` of each element; see ``ember.exp``.

Integer and bool inputs are promoted to the default float dtype. Gradient: ``exp(x)`` itself.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([0., 1., -1., 2.])
    >>> x.exp()
    tensor([1.0000, 2.7183, 0.3679, 7.3891])
""")


add_docstr(Tensor.exp_, r"""exp_() -> Tensor

In-place form of ``Tensor.exp``: writes the result into this tensor and returns it. Exponential
``e**x`` of each element; see ``ember.exp``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([0., 1., -1., 2.])
    >>> x.exp_()
    tensor([1.0000, 2.7183, 0.3679, 7.3891])
    >>> x
    tensor([1.0000, 2.7183, 0.3679, 7.3891])
""")


add_docstr(Tensor.exp2, r"""exp2() -> Tensor

Base-2 exponential ``2**x`` of each element; see ``ember.exp2``.

Integer and bool inputs are promoted to the default float dtype. Gradient: ``2**x * log(2)``.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([0., 1., -1., 10.])
    >>> x.exp2()
    tensor([1.0000e+00, 2.0000e+00, 5.0000e-01, 1.0240e+03])
""")


add_docstr(Tensor.exp2_, r"""exp2_() -> Tensor

In-place form of ``Tensor.exp2``: writes the result into this tensor and returns it. Base-2
exponential ``2**x`` of each element; see ``ember.exp2``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([0., 1., -1., 10.])
    >>> x.exp2_()
    tensor([1.0000e+00, 2.0000e+00, 5.0000e-01, 1.0240e+03])
    >>> x
    tensor([1.0000e+00, 2.0000e+00, 5.0000e-01, 1.0240e+03])
""")


add_docstr(Tensor.expm1, r"""expm1() -> Tensor

``exp(x) - 1``, accurate for x near zero where computing ``exp(x)`` first would lose the digits;
see ``ember.expm1``.

Integer and bool inputs are promoted to the default float dtype. Gradient: ``exp(x)``.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([0., 1e-10, 1.])
    >>> x.expm1()
    tensor([0.0000e+00, 1.0000e-10, 1.7183e+00])
""")


add_docstr(Tensor.expm1_, r"""expm1_() -> Tensor

In-place form of ``Tensor.expm1``: writes the result into this tensor and returns it.
``exp(x) - 1``, accurate for x near zero where computing ``exp(x)`` first would lose the digits;
see ``ember.expm1``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([0., 1e-10, 1.])
    >>> x.expm1_()
    tensor([0.0000e+00, 1.0000e-10, 1.7183e+00])
    >>> x
    tensor([0.0000e+00, 1.0000e-10, 1.7183e+00])
""")


add_docstr(Tensor.fix, r"""fix() -> Tensor

Rounds toward zero (drops the fractional part), elementwise; same as ``trunc``; see
``ember.fix``.

The result has the input's dtype. Gradient: zero almost everywhere. ``Tensor.trunc`` is the same
method.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([-1.7, -0.2, 0.5, 2.9])
    >>> x.fix()
    tensor([-1., -0.,  0.,  2.])
""")


add_docstr(Tensor.fix_, r"""fix_() -> Tensor

In-place form of ``Tensor.fix``: writes the result into this tensor and returns it. Rounds
toward zero (drops the fractional part), elementwise; same as ``trunc``; see ``ember.fix``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-1.7, -0.2, 0.5, 2.9])
    >>> x.fix_()
    tensor([-1., -0.,  0.,  2.])
    >>> x
    tensor([-1., -0.,  0.,  2.])
""")


add_docstr(Tensor.trunc_, r"""trunc_() -> Tensor

In-place form of ``Tensor.trunc``: writes the result into this tensor and returns it. Rounds
toward zero (drops the fractional part), elementwise; same as ``trunc``; see ``ember.fix``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-1.7, -0.2, 0.5, 2.9])
    >>> x.trunc_()
    tensor([-1., -0.,  0.,  2.])
    >>> x
    tensor([-1., -0.,  0.,  2.])
""")


add_docstr(Tensor.floor, r"""floor() -> Tensor

Largest integer-valued number ``<= x`` (rounds down), elementwise; see ``ember.floor``.

The result has the input's dtype. Gradient: zero almost everywhere.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([-1.5, -0.2, 0.2, 2.])
    >>> x.floor()
    tensor([-2., -1.,  0.,  2.])
""")


add_docstr(Tensor.floor_, r"""floor_() -> Tensor

In-place form of ``Tensor.floor``: writes the result into this tensor and returns it. Largest
integer-valued number ``<= x`` (rounds down), elementwise; see ``ember.floor``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-1.5, -0.2, 0.2, 2.])
    >>> x.floor_()
    tensor([-2., -1.,  0.,  2.])
    >>> x
    tensor([-2., -1.,  0.,  2.])
""")


add_docstr(Tensor.frac, r"""frac() -> Tensor

Fractional part ``x - trunc(x)``, which keeps the sign of x; see ``ember.frac``.

The result has the input's dtype. Gradient: 1.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([-1.5, 0.25, 2.75])
    >>> x.frac()
    tensor([-0.5000,  0.2500,  0.7500])
""")


add_docstr(Tensor.frac_, r"""frac_() -> Tensor

In-place form of ``Tensor.frac``: writes the result into this tensor and returns it. Fractional
part ``x - trunc(x)``, which keeps the sign of x; see ``ember.frac``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-1.5, 0.25, 2.75])
    >>> x.frac_()
    tensor([-0.5000,  0.2500,  0.7500])
    >>> x
    tensor([-0.5000,  0.2500,  0.7500])
""")


add_docstr(Tensor.i0, r"""i0() -> Tensor

Modified Bessel function of the first kind of order zero,
``I0(x) = sum_k (x/2)**(2k) / (k!)**2``, elementwise; see ``ember.i0``.

Integer and bool inputs are promoted to the default float dtype. Gradient: ``I1(x)``.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([0., 1., -2.])
    >>> x.i0()
    tensor([1.0000, 1.2661, 2.2796])
""")


add_docstr(Tensor.isneginf, r"""isneginf() -> Tensor

Tests each element for negative infinity; see ``ember.isneginf``.

The result is a bool tensor; nothing is differentiated.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([-float('inf'), -1., float('inf'), float('nan')])
    >>> x.isneginf()
    tensor([ True, False, False, False])
""")


add_docstr(Tensor.isposinf, r"""isposinf() -> Tensor

Tests each element for positive infinity; see ``ember.isposinf``.

The result is a bool tensor; nothing is differentiated.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([-float('inf'), 1., float('inf'), float('nan')])
    >>> x.isposinf()
    tensor([False, False,  True, False])
""")


add_docstr(Tensor.lgamma, r"""lgamma() -> Tensor

Natural log of the absolute value of the gamma function, ``log|Gamma(x)|``; +inf at 0 and the
negative integers; see ``ember.lgamma``.

Integer and bool inputs are promoted to the default float dtype. Gradient: ``digamma(x)``.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([1., 2., 0.5, 10.])
    >>> x.lgamma()
    tensor([ 0.0000,  0.0000,  0.5724, 12.8018])
""")


add_docstr(Tensor.lgamma_, r"""lgamma_() -> Tensor

In-place form of ``Tensor.lgamma``: writes the result into this tensor and returns it. Natural
log of the absolute value of the gamma function, ``log|Gamma(x)|``; +inf at 0 and the negative
integers; see ``ember.lgamma``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 0.5, 10.])
    >>> x.lgamma_()
    tensor([ 0.0000,  0.0000,  0.5724, 12.8018])
    >>> x
    tensor([ 0.0000,  0.0000,  0.5724, 12.8018])
""")


add_docstr(Tensor.log, r"""log() -> Tensor

Natural logarithm of each element; -inf at 0 and NaN for negative values; see ``ember.log``.

Integer and bool inputs are promoted to the default float dtype. Gradient: ``1 / x``.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([1., 2.7183, 0.5, 0.])
    >>> x.log()
    tensor([ 0.0000,  1.0000, -0.6931,    -inf])
""")


add_docstr(Tensor.log_, r"""log_() -> Tensor

In-place form of ``Tensor.log``: writes the result into this tensor and returns it. Natural
logarithm of each element; -inf at 0 and NaN for negative values; see ``ember.log``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2.7183, 0.5, 0.])
    >>> x.log_()
    tensor([ 0.0000,  1.0000, -0.6931,    -inf])
    >>> x
    tensor([ 0.0000,  1.0000, -0.6931,    -inf])
""")


add_docstr(Tensor.log10, r"""log10() -> Tensor

Base-10 logarithm of each element; see ``ember.log10``.

Integer and bool inputs are promoted to the default float dtype. Gradient:
``1 / (x * log(10))``.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([1., 10., 0.])
    >>> x.log10()
    tensor([0., 1., -inf])
""")


add_docstr(Tensor.log10_, r"""log10_() -> Tensor

In-place form of ``Tensor.log10``: writes the result into this tensor and returns it. Base-10
logarithm of each element; see ``ember.log10``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 10., 0.])
    >>> x.log10_()
    tensor([0., 1., -inf])
    >>> x
    tensor([0., 1., -inf])
""")


add_docstr(Tensor.log1p, r"""log1p() -> Tensor

``log(1 + x)``, accurate for x near zero where forming ``1 + x`` first would round it away; see
``ember.log1p``.

Integer and bool inputs are promoted to the default float dtype. Gradient: ``1 / (1 + x)``.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([0., 1e-10, 1., -1.])
    >>> x.log1p()
    tensor([0.0000e+00, 1.0000e-10, 6.9315e-01,       -inf])
""")


add_docstr(Tensor.log1p_, r"""log1p_() -> Tensor

In-place form of ``Tensor.log1p``: writes the result into this tensor and returns it.
``log(1 + x)``, accurate for x near zero where forming ``1 + x`` first would round it away; see
``ember.log1p``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([0., 1e-10, 1., -1.])
    >>> x.log1p_()
    tensor([0.0000e+00, 1.0000e-10, 6.9315e-01,       -inf])
    >>> x
    tensor([0.0000e+00, 1.0000e-10, 6.9315e-01,       -inf])
""")


add_docstr(Tensor.log2, r"""log2() -> Tensor

Base-2 logarithm of each element; see ``ember.log2``.

Integer and bool inputs are promoted to the default float dtype. Gradient: ``1 / (x * log(2))``.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([1., 2., 0.5, 1024.])
    >>> x.log2()
    tensor([ 0.,  1., -1., 10.])
""")


add_docstr(Tensor.log2_, r"""log2_() -> Tensor

In-place form of ``Tensor.log2``: writes the result into this tensor and returns it. Base-2
logarithm of each element; see ``ember.log2``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 0.5, 1024.])
    >>> x.log2_()
    tensor([ 0.,  1., -1., 10.])
    >>> x
    tensor([ 0.,  1., -1., 10.])
""")


add_docstr(Tensor.logical_not, r"""logical_not() -> Tensor

Logical NOT: True where the element is zero (False), False elsewhere; see ``ember.logical_not``.

The result is a bool tensor; nothing is differentiated. The in-place form keeps this tensor's
dtype and writes 1/0.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([0., 2., -1.])
    >>> x.logical_not()
    tensor([ True, False, False])
""")


add_docstr(Tensor.logical_not_, r"""logical_not_() -> Tensor

In-place form of ``Tensor.logical_not``: writes the result into this tensor and returns it.
Logical NOT: True where the element is zero (False), False elsewhere; see ``ember.logical_not``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([0., 2., -1.])
    >>> x.logical_not_()
    tensor([1., 0., 0.])
    >>> x
    tensor([1., 0., 0.])
""")


add_docstr(Tensor.neg, r"""neg() -> Tensor

Negation ``-x`` of each element; see ``ember.neg``.

The result has the input's dtype. Gradient: -1. ``Tensor.negative`` is the same method.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([1., -2., 0.])
    >>> x.neg()
    tensor([-1.,  2., -0.])
""")


add_docstr(Tensor.neg_, r"""neg_() -> Tensor

In-place form of ``Tensor.neg``: writes the result into this tensor and returns it. Negation
``-x`` of each element; see ``ember.neg``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., -2., 0.])
    >>> x.neg_()
    tensor([-1.,  2., -0.])
    >>> x
    tensor([-1.,  2., -0.])
""")


add_docstr(Tensor.negative_, r"""negative_() -> Tensor

In-place form of ``Tensor.negative``: writes the result into this tensor and returns it.
Negation ``-x`` of each element; see ``ember.neg``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., -2., 0.])
    >>> x.negative_()
    tensor([-1.,  2., -0.])
    >>> x
    tensor([-1.,  2., -0.])
""")


add_docstr(Tensor.rad2deg, r"""rad2deg() -> Tensor

Converts angles from radians to degrees: ``x * 180 / pi``; see ``ember.rad2deg``.

Integer and bool inputs are promoted to the default float dtype. Gradient: ``180 / pi``.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([0., 3.1415927, -1.5707964])
    >>> x.rad2deg()
    tensor([  0., 180., -90.])
""")


add_docstr(Tensor.rad2deg_, r"""rad2deg_() -> Tensor

In-place form of ``Tensor.rad2deg``: writes the result into this tensor and returns it. Converts
angles from radians to degrees: ``x * 180 / pi``; see ``ember.rad2deg``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([0., 3.1415927, -1.5707964])
    >>> x.rad2deg_()
    tensor([  0., 180., -90.])
    >>> x
    tensor([  0., 180., -90.])
""")


add_docstr(Tensor.reciprocal, r"""reciprocal() -> Tensor

Reciprocal ``1 / x`` of each element; +-inf at +-0; see ``ember.reciprocal``.

Integer and bool inputs are promoted to the default float dtype. Gradient: ``-1 / x**2``.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([1., 2., -4., 0.])
    >>> x.reciprocal()
    tensor([ 1.0000,  0.5000, -0.2500,     inf])
""")


add_docstr(Tensor.reciprocal_, r"""reciprocal_() -> Tensor

In-place form of ``Tensor.reciprocal``: writes the result into this tensor and returns it.
Reciprocal ``1 / x`` of each element; +-inf at +-0; see ``ember.reciprocal``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., -4., 0.])
    >>> x.reciprocal_()
    tensor([ 1.0000,  0.5000, -0.2500,     inf])
    >>> x
    tensor([ 1.0000,  0.5000, -0.2500,     inf])
""")


add_docstr(Tensor.rsqrt, r"""rsqrt() -> Tensor

Reciprocal square root ``1 / sqrt(x)``; inf at 0 and NaN for negative values; see
``ember.rsqrt``.

Integer and bool inputs are promoted to the default float dtype. Gradient: ``-0.5 * x**-1.5``.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([1., 4., 0.25, 0.])
    >>> x.rsqrt()
    tensor([1.0000, 0.5000, 2.0000,    inf])
""")


add_docstr(Tensor.rsqrt_, r"""rsqrt_() -> Tensor

In-place form of ``Tensor.rsqrt``: writes the result into this tensor and returns it. Reciprocal
square root ``1 / sqrt(x)``; inf at 0 and NaN for negative values; see ``ember.rsqrt``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 4., 0.25, 0.])
    >>> x.rsqrt_()
    tensor([1.0000, 0.5000, 2.0000,    inf])
    >>> x
    tensor([1.0000, 0.5000, 2.0000,    inf])
""")


add_docstr(Tensor.sgn, r"""sgn() -> Tensor

Sign of each element, extended to complex numbers as ``x / |x|`` (0 at 0); equals ``sign`` for
real tensors; see ``ember.sgn``.

The result has the input's dtype. Gradient: zero for real inputs.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([-2., 0., 3.])
    >>> x.sgn()
    tensor([-1.,  0.,  1.])
""")


add_docstr(Tensor.sgn_, r"""sgn_() -> Tensor

In-place form of ``Tensor.sgn``: writes the result into this tensor and returns it. Sign of each
element, extended to complex numbers as ``x / |x|`` (0 at 0); equals ``sign`` for real tensors;
see ``ember.sgn``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-2., 0., 3.])
    >>> x.sgn_()
    tensor([-1.,  0.,  1.])
    >>> x
    tensor([-1.,  0.,  1.])
""")


add_docstr(Tensor.sigmoid, r"""sigmoid() -> Tensor

Logistic sigmoid ``1 / (1 + exp(-x))``, which maps the reals to (0, 1); see ``ember.sigmoid``.

Integer and bool inputs are promoted to the default float dtype. Gradient:
``sigmoid(x) * (1 - sigmoid(x))``. The same function is ``ember.nn.functional.sigmoid``.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([0., 2., -2.])
    >>> x.sigmoid()
    tensor([0.5000, 0.8808, 0.1192])
""")


add_docstr(Tensor.sigmoid_, r"""sigmoid_() -> Tensor

In-place form of ``Tensor.sigmoid``: writes the result into this tensor and returns it. Logistic
sigmoid ``1 / (1 + exp(-x))``, which maps the reals to (0, 1); see ``ember.sigmoid``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([0., 2., -2.])
    >>> x.sigmoid_()
    tensor([0.5000, 0.8808, 0.1192])
    >>> x
    tensor([0.5000, 0.8808, 0.1192])
""")


add_docstr(Tensor.sign, r"""sign() -> Tensor

Sign of each element: -1, 0 or +1; see ``ember.sign``.

The result has the input's dtype. Gradient: zero.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([-2., 0., 3.])
    >>> x.sign()
    tensor([-1.,  0.,  1.])
""")


add_docstr(Tensor.sign_, r"""sign_() -> Tensor

In-place form of ``Tensor.sign``: writes the result into this tensor and returns it. Sign of
each element: -1, 0 or +1; see ``ember.sign``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-2., 0., 3.])
    >>> x.sign_()
    tensor([-1.,  0.,  1.])
    >>> x
    tensor([-1.,  0.,  1.])
""")


add_docstr(Tensor.signbit, r"""signbit() -> Tensor

Tests the sign bit of each element, so -0.0 is True and +0.0 is False; see ``ember.signbit``.

The result is a bool tensor; nothing is differentiated.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([-2., -0., 0., 3.])
    >>> x.signbit()
    tensor([ True,  True, False, False])
""")


add_docstr(Tensor.sin, r"""sin() -> Tensor

Sine of each element, in radians; see ``ember.sin``.

Integer and bool inputs are promoted to the default float dtype. Gradient: ``cos(x)``.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([0., 1., -0.5])
    >>> x.sin()
    tensor([ 0.0000,  0.8415, -0.4794])
""")


add_docstr(Tensor.sin_, r"""sin_() -> Tensor

In-place form of ``Tensor.sin``: writes the result into this tensor and returns it. Sine of each
element, in radians; see ``ember.sin``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([0., 1., -0.5])
    >>> x.sin_()
    tensor([ 0.0000,  0.8415, -0.4794])
    >>> x
    tensor([ 0.0000,  0.8415, -0.4794])
""")


add_docstr(Tensor.sinc, r"""sinc() -> Tensor

Normalized sinc ``sin(pi * x) / (pi * x)``, with the limit 1 at x = 0; see ``ember.sinc``.

Integer and bool inputs are promoted to the default float dtype. Gradient: its derivative, 0 at
x = 0.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([0., 0.5, 1., 1.5])
    >>> x.sinc()
    tensor([ 1.0000e+00,  6.3662e-01, -2.7828e-08, -2.1221e-01])
""")


add_docstr(Tensor.sinh, r"""sinh() -> Tensor

Hyperbolic sine ``(exp(x) - exp(-x)) / 2``, elementwise; see ``ember.sinh``.

Integer and bool inputs are promoted to the default float dtype. Gradient: ``cosh(x)``.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([-1., 0., 2.])
    >>> x.sinh()
    tensor([-1.1752,  0.0000,  3.6269])
""")


add_docstr(Tensor.sinh_, r"""sinh_() -> Tensor

In-place form of ``Tensor.sinh``: writes the result into this tensor and returns it. Hyperbolic
sine ``(exp(x) - exp(-x)) / 2``, elementwise; see ``ember.sinh``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-1., 0., 2.])
    >>> x.sinh_()
    tensor([-1.1752,  0.0000,  3.6269])
    >>> x
    tensor([-1.1752,  0.0000,  3.6269])
""")


add_docstr(Tensor.sqrt, r"""sqrt() -> Tensor

Square root of each element; NaN for negative values; see ``ember.sqrt``.

Integer and bool inputs are promoted to the default float dtype. Gradient: ``0.5 / sqrt(x)``
(inf at 0).

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([0., 1., 2., 9.])
    >>> x.sqrt()
    tensor([0.0000, 1.0000, 1.4142, 3.0000])
""")


add_docstr(Tensor.sqrt_, r"""sqrt_() -> Tensor

In-place form of ``Tensor.sqrt``: writes the result into this tensor and returns it. Square root
of each element; NaN for negative values; see ``ember.sqrt``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([0., 1., 2., 9.])
    >>> x.sqrt_()
    tensor([0.0000, 1.0000, 1.4142, 3.0000])
    >>> x
    tensor([0.0000, 1.0000, 1.4142, 3.0000])
""")


add_docstr(Tensor.square, r"""square() -> Tensor

Square ``x * x`` of each element; see ``ember.square``.

The result has the input's dtype. Gradient: ``2 * x``. (Integer inputs stay integer; bool is
promoted to int64.)

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([-2., 0.5, 3.])
    >>> x.square()
    tensor([4.0000, 0.2500, 9.0000])
""")


add_docstr(Tensor.square_, r"""square_() -> Tensor

In-place form of ``Tensor.square``: writes the result into this tensor and returns it. Square
``x * x`` of each element; see ``ember.square``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-2., 0.5, 3.])
    >>> x.square_()
    tensor([4.0000, 0.2500, 9.0000])
    >>> x
    tensor([4.0000, 0.2500, 9.0000])
""")


add_docstr(Tensor.tan, r"""tan() -> Tensor

Tangent of each element, in radians; see ``ember.tan``.

Integer and bool inputs are promoted to the default float dtype. Gradient: ``1 + tan(x)**2``.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([0., 1., -0.5])
    >>> x.tan()
    tensor([ 0.0000,  1.5574, -0.5463])
""")


add_docstr(Tensor.tan_, r"""tan_() -> Tensor

In-place form of ``Tensor.tan``: writes the result into this tensor and returns it. Tangent of
each element, in radians; see ``ember.tan``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([0., 1., -0.5])
    >>> x.tan_()
    tensor([ 0.0000,  1.5574, -0.5463])
    >>> x
    tensor([ 0.0000,  1.5574, -0.5463])
""")


add_docstr(Tensor.tanh, r"""tanh() -> Tensor

Hyperbolic tangent, which maps the reals to (-1, 1); see ``ember.tanh``.

Integer and bool inputs are promoted to the default float dtype. Gradient: ``1 - tanh(x)**2``.
The same function is ``ember.nn.functional.tanh``.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([0., 1., -2.])
    >>> x.tanh()
    tensor([ 0.0000,  0.7616, -0.9640])
""")


add_docstr(Tensor.tanh_, r"""tanh_() -> Tensor

In-place form of ``Tensor.tanh``: writes the result into this tensor and returns it. Hyperbolic
tangent, which maps the reals to (-1, 1); see ``ember.tanh``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([0., 1., -2.])
    >>> x.tanh_()
    tensor([ 0.0000,  0.7616, -0.9640])
    >>> x
    tensor([ 0.0000,  0.7616, -0.9640])
""")


add_docstr(Tensor.add, r"""add(other, *, alpha=1) -> Tensor

Elementwise sum ``self + alpha * other``; see ``ember.add``.

The operands broadcast, and the result dtype follows ember's type promotion (an int tensor and a
float give a float result). Gradient: 1 for ``self`` and ``alpha`` for ``other``. ``x + y``
calls this.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Keyword args:
    alpha (Number): multiplier of ``other`` (default 1).

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.add(ember.tensor([10., 20., 30.]), alpha=2)
    tensor([21., 42., 63.])
""")


add_docstr(Tensor.add_, r"""add_(other, *, alpha=1) -> Tensor

In-place form of ``Tensor.add``: writes the result into this tensor and returns it. Elementwise
sum ``self + alpha * other``; see ``ember.add``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Keyword args:
    alpha (Number): multiplier of ``other`` (default 1).

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.add_(ember.tensor([10., 20., 30.]), alpha=2)
    tensor([21., 42., 63.])
    >>> x
    tensor([21., 42., 63.])
""")


add_docstr(Tensor.sub, r"""sub(other, *, alpha=1) -> Tensor

Elementwise difference ``self - alpha * other``; see ``ember.sub``.

The operands broadcast, and the result dtype follows ember's type promotion (an int tensor and a
float give a float result). Gradient: 1 for ``self`` and ``-alpha`` for ``other``. ``x - y``
calls this; bool tensors cannot be subtracted. ``Tensor.subtract`` is the same method.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Keyword args:
    alpha (Number): multiplier of ``other`` (default 1).

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([5., 7., 9.])
    >>> x.sub(ember.tensor([1., 2., 3.]), alpha=2)
    tensor([3., 3., 3.])
""")


add_docstr(Tensor.sub_, r"""sub_(other, *, alpha=1) -> Tensor

In-place form of ``Tensor.sub``: writes the result into this tensor and returns it. Elementwise
difference ``self - alpha * other``; see ``ember.sub``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Keyword args:
    alpha (Number): multiplier of ``other`` (default 1).

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([5., 7., 9.])
    >>> x.sub_(ember.tensor([1., 2., 3.]), alpha=2)
    tensor([3., 3., 3.])
    >>> x
    tensor([3., 3., 3.])
""")


add_docstr(Tensor.subtract_, r"""subtract_(other, *, alpha=1) -> Tensor

In-place form of ``Tensor.subtract``: writes the result into this tensor and returns it.
Elementwise difference ``self - alpha * other``; see ``ember.sub``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Keyword args:
    alpha (Number): multiplier of ``other`` (default 1).

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([5., 7., 9.])
    >>> x.subtract_(ember.tensor([1., 2., 3.]), alpha=2)
    tensor([3., 3., 3.])
    >>> x
    tensor([3., 3., 3.])
""")


add_docstr(Tensor.mul, r"""mul(other) -> Tensor

Elementwise product ``self * other``; see ``ember.mul``.

The operands broadcast, and the result dtype follows ember's type promotion (an int tensor and a
float give a float result). Gradient: ``other`` for ``self`` and ``self`` for ``other``.
``x * y`` calls this. ``Tensor.multiply`` is the same method.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.mul(ember.tensor([2., 0.5, -1.]))
    tensor([ 2.,  1., -3.])
""")


add_docstr(Tensor.mul_, r"""mul_(other) -> Tensor

In-place form of ``Tensor.mul``: writes the result into this tensor and returns it. Elementwise
product ``self * other``; see ``ember.mul``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.mul_(ember.tensor([2., 0.5, -1.]))
    tensor([ 2.,  1., -3.])
    >>> x
    tensor([ 2.,  1., -3.])
""")


add_docstr(Tensor.multiply_, r"""multiply_(other) -> Tensor

In-place form of ``Tensor.multiply``: writes the result into this tensor and returns it.
Elementwise product ``self * other``; see ``ember.mul``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.multiply_(ember.tensor([2., 0.5, -1.]))
    tensor([ 2.,  1., -3.])
    >>> x
    tensor([ 2.,  1., -3.])
""")


add_docstr(Tensor.div, r"""div(other, *, rounding_mode=None) -> Tensor

Elementwise quotient ``self / other``, true division unless ``rounding_mode`` says otherwise;
see ``ember.div``.

The operands broadcast, and the result dtype follows ember's type promotion (an int tensor and a
float give a float result). Gradient: ``1 / other`` for ``self`` and ``-self / other**2`` for
``other``. Division by zero gives inf or NaN for floats. ``x / y`` calls this; ``Tensor.divide``
and ``Tensor.true_divide`` are the same method.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Keyword args:
    rounding_mode (str, optional): None for true division (integers give a float result),
        ``'trunc'`` to round toward zero or ``'floor'`` to round down; the rounded modes keep
        integer dtypes.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([7., -7., 1.])
    >>> x.div(2., rounding_mode='floor')
    tensor([ 3., -4.,  0.])
""")


add_docstr(Tensor.div_, r"""div_(other, *, rounding_mode=None) -> Tensor

In-place form of ``Tensor.div``: writes the result into this tensor and returns it. Elementwise
quotient ``self / other``, true division unless ``rounding_mode`` says otherwise; see
``ember.div``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Keyword args:
    rounding_mode (str, optional): None for true division (integers give a float result),
        ``'trunc'`` to round toward zero or ``'floor'`` to round down; the rounded modes keep
        integer dtypes.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([7., -7., 1.])
    >>> x.div_(2., rounding_mode='floor')
    tensor([ 3., -4.,  0.])
    >>> x
    tensor([ 3., -4.,  0.])
""")


add_docstr(Tensor.divide_, r"""divide_(other, *, rounding_mode=None) -> Tensor

In-place form of ``Tensor.divide``: writes the result into this tensor and returns it.
Elementwise quotient ``self / other``, true division unless ``rounding_mode`` says otherwise;
see ``ember.div``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Keyword args:
    rounding_mode (str, optional): None for true division (integers give a float result),
        ``'trunc'`` to round toward zero or ``'floor'`` to round down; the rounded modes keep
        integer dtypes.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([7., -7., 1.])
    >>> x.divide_(2., rounding_mode='trunc')
    tensor([ 3., -3.,  0.])
    >>> x
    tensor([ 3., -3.,  0.])
""")


add_docstr(Tensor.true_divide_, r"""true_divide_(other) -> Tensor

In-place form of ``Tensor.true_divide``: writes the result into this tensor and returns it.
Elementwise quotient ``self / other``, true division unless ``rounding_mode`` says otherwise;
see ``ember.div``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([7., -7., 1.])
    >>> x.true_divide_(2)
    tensor([ 3.5000, -3.5000,  0.5000])
    >>> x
    tensor([ 3.5000, -3.5000,  0.5000])
""")


add_docstr(Tensor.floor_divide, r"""floor_divide(other) -> Tensor

Elementwise quotient rounded down, ``floor(self / other)`` (Python's ``//``); see
``ember.floor_divide``.

The operands broadcast, and the result dtype follows ember's type promotion (an int tensor and a
float give a float result). Integer inputs keep an integer dtype. Integer division by zero
raises RuntimeError. Not differentiable.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([7, -7, 5])
    >>> x.floor_divide(2)
    tensor([ 3, -4,  2])
""")


add_docstr(Tensor.floor_divide_, r"""floor_divide_(other) -> Tensor

In-place form of ``Tensor.floor_divide``: writes the result into this tensor and returns it.
Elementwise quotient rounded down, ``floor(self / other)`` (Python's ``//``); see
``ember.floor_divide``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([7, -7, 5])
    >>> x.floor_divide_(2)
    tensor([ 3, -4,  2])
    >>> x
    tensor([ 3, -4,  2])
""")


add_docstr(Tensor.fmod, r"""fmod(other) -> Tensor

Elementwise C-style remainder ``self - trunc(self / other) * other``, whose sign follows
``self``; see ``ember.fmod``.

The operands broadcast, and the result dtype follows ember's type promotion (an int tensor and a
float give a float result). Gradient: 1 for ``self`` and ``-trunc(self / other)`` for ``other``.
Compare ``remainder``, whose sign follows the divisor.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([5., -5., 5.5])
    >>> x.fmod(3.)
    tensor([ 2.0000, -2.0000,  2.5000])
""")


add_docstr(Tensor.fmod_, r"""fmod_(other) -> Tensor

In-place form of ``Tensor.fmod``: writes the result into this tensor and returns it. Elementwise
C-style remainder ``self - trunc(self / other) * other``, whose sign follows ``self``; see
``ember.fmod``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([5., -5., 5.5])
    >>> x.fmod_(3.)
    tensor([ 2.0000, -2.0000,  2.5000])
    >>> x
    tensor([ 2.0000, -2.0000,  2.5000])
""")


add_docstr(Tensor.remainder, r"""remainder(other) -> Tensor

Elementwise Python-style modulus ``self - floor(self / other) * other``, whose sign follows
``other``; see ``ember.remainder``.

The operands broadcast, and the result dtype follows ember's type promotion (an int tensor and a
float give a float result). Gradient: 1 for ``self`` and ``-floor(self / other)`` for ``other``.
``x % y`` calls this; compare ``fmod``.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([5., -5., 5.5])
    >>> x.remainder(3.)
    tensor([2.0000, 1.0000, 2.5000])
""")


add_docstr(Tensor.remainder_, r"""remainder_(other) -> Tensor

In-place form of ``Tensor.remainder``: writes the result into this tensor and returns it.
Elementwise Python-style modulus ``self - floor(self / other) * other``, whose sign follows
``other``; see ``ember.remainder``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([5., -5., 5.5])
    >>> x.remainder_(3.)
    tensor([2.0000, 1.0000, 2.5000])
    >>> x
    tensor([2.0000, 1.0000, 2.5000])
""")


add_docstr(Tensor.pow, r"""pow(exponent) -> Tensor

Elementwise power ``self ** exponent``; see ``ember.pow``.

The operands broadcast, and the result dtype follows ember's type promotion (an int tensor and a
float give a float result). Gradient: ``exponent * self**(exponent - 1)`` for ``self`` and
``self**exponent * log(self)`` for ``exponent``. ``x ** y`` calls this. An integer tensor raised
to a negative integer power raises RuntimeError.

Args:
    exponent (Tensor or Number): the power, a number or a tensor broadcast against this one.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.pow(2)
    tensor([1., 4., 9.])
""")


add_docstr(Tensor.pow_, r"""pow_(exponent) -> Tensor

In-place form of ``Tensor.pow``: writes the result into this tensor and returns it. Elementwise
power ``self ** exponent``; see ``ember.pow``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    exponent (Tensor or Number): the power, a number or a tensor broadcast against this one.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.pow_(2)
    tensor([1., 4., 9.])
    >>> x
    tensor([1., 4., 9.])
""")


add_docstr(Tensor.float_power_, r"""float_power_(exponent) -> Tensor

In-place form of ``Tensor.float_power``: writes the result into this tensor and returns it.
Power ``self ** exponent`` computed in double precision; see ``ember.float_power``. Only a
float64 (or complex128) tensor can hold the result; others raise RuntimeError.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    exponent (Tensor or Number): the power.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 3.], dtype=ember.float64)
    >>> x.float_power_(2)
    tensor([1., 4., 9.], dtype=ember.float64)
    >>> x
    tensor([1., 4., 9.], dtype=ember.float64)
""")


add_docstr(Tensor.arctan2, r"""arctan2(other) -> Tensor

Elementwise ``atan2(self, other)``: the angle in (-pi, pi] of the point (x=other, y=self), which
keeps the quadrant that ``atan(self / other)`` loses; see ``ember.arctan2``.

The operands broadcast; integer inputs are promoted to the default float dtype. Gradient:
``other / (self**2 + other**2)`` for ``self`` and ``-self / (self**2 + other**2)`` for
``other``. ``Tensor.atan2`` is the same method.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([1., 1., -1., 0.])
    >>> x.arctan2(ember.tensor([1., -1., -1., 1.]))
    tensor([ 0.7854,  2.3562, -2.3562,  0.0000])
""")


add_docstr(Tensor.arctan2_, r"""arctan2_(other) -> Tensor

In-place form of ``Tensor.arctan2``: writes the result into this tensor and returns it.
Elementwise ``atan2(self, other)``: the angle in (-pi, pi] of the point (x=other, y=self), which
keeps the quadrant that ``atan(self / other)`` loses; see ``ember.arctan2``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 1., -1., 0.])
    >>> x.arctan2_(ember.tensor([1., -1., -1., 1.]))
    tensor([ 0.7854,  2.3562, -2.3562,  0.0000])
    >>> x
    tensor([ 0.7854,  2.3562, -2.3562,  0.0000])
""")


add_docstr(Tensor.atan2_, r"""atan2_(other) -> Tensor

In-place form of ``Tensor.atan2``: writes the result into this tensor and returns it.
Elementwise ``atan2(self, other)``: the angle in (-pi, pi] of the point (x=other, y=self), which
keeps the quadrant that ``atan(self / other)`` loses; see ``ember.arctan2``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 1., -1., 0.])
    >>> x.atan2_(ember.tensor([1., -1., -1., 1.]))
    tensor([ 0.7854,  2.3562, -2.3562,  0.0000])
    >>> x
    tensor([ 0.7854,  2.3562, -2.3562,  0.0000])
""")


add_docstr(Tensor.copysign, r"""copysign(other) -> Tensor

Elementwise magnitude of ``self`` with the sign of ``other`` (including the sign of -0.0); see
``ember.copysign``.

The operands broadcast; integer inputs are promoted to the default float dtype. Gradient:
``sign`` change for ``self`` and zero for ``other``.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([1., -2., 3.])
    >>> x.copysign(ember.tensor([-1., 1., -0.]))
    tensor([-1.,  2., -3.])
""")


add_docstr(Tensor.copysign_, r"""copysign_(other) -> Tensor

In-place form of ``Tensor.copysign``: writes the result into this tensor and returns it.
Elementwise magnitude of ``self`` with the sign of ``other`` (including the sign of -0.0); see
``ember.copysign``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., -2., 3.])
    >>> x.copysign_(ember.tensor([-1., 1., -0.]))
    tensor([-1.,  2., -3.])
    >>> x
    tensor([-1.,  2., -3.])
""")


add_docstr(Tensor.hypot, r"""hypot(other) -> Tensor

Elementwise hypotenuse ``sqrt(self**2 + other**2)``, without overflow in the squares; see
``ember.hypot``.

The operands broadcast, and the result dtype follows ember's type promotion (an int tensor and a
float give a float result). Gradient: ``self / hypot`` and ``other / hypot``. Floating-point
inputs only.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([3., 5., 8.])
    >>> x.hypot(ember.tensor([4., 12., 15.]))
    tensor([ 5., 13., 17.])
""")


add_docstr(Tensor.hypot_, r"""hypot_(other) -> Tensor

In-place form of ``Tensor.hypot``: writes the result into this tensor and returns it.
Elementwise hypotenuse ``sqrt(self**2 + other**2)``, without overflow in the squares; see
``ember.hypot``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([3., 5., 8.])
    >>> x.hypot_(ember.tensor([4., 12., 15.]))
    tensor([ 5., 13., 17.])
    >>> x
    tensor([ 5., 13., 17.])
""")


add_docstr(Tensor.ldexp, r"""ldexp(other) -> Tensor

Elementwise ``self * 2**other``; see ``ember.ldexp``.

The operands broadcast; integer inputs are promoted to the default float dtype. Gradient:
``2**other`` for ``self`` and ``self * 2**other * log(2)`` for ``other``.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([1., 3., 0.5])
    >>> x.ldexp(ember.tensor([2, -1, 3]))
    tensor([4.0000, 1.5000, 4.0000])
""")


add_docstr(Tensor.ldexp_, r"""ldexp_(other) -> Tensor

In-place form of ``Tensor.ldexp``: writes the result into this tensor and returns it.
Elementwise ``self * 2**other``; see ``ember.ldexp``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 3., 0.5])
    >>> x.ldexp_(ember.tensor([2, -1, 3]))
    tensor([4.0000, 1.5000, 4.0000])
    >>> x
    tensor([4.0000, 1.5000, 4.0000])
""")


add_docstr(Tensor.logaddexp, r"""logaddexp(other) -> Tensor

Elementwise ``log(exp(self) + exp(other))``, computed without overflow; see ``ember.logaddexp``.

The operands broadcast; integer inputs are promoted to the default float dtype. Gradient:
``sigmoid(self - other)`` and ``sigmoid(other - self)``.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([0., 1000., -1.])
    >>> x.logaddexp(ember.tensor([0., 1000., 2.]))
    tensor([6.9315e-01, 1.0007e+03, 2.0486e+00])
""")


add_docstr(Tensor.logaddexp2, r"""logaddexp2(other) -> Tensor

Elementwise ``log2(2**self + 2**other)``, computed without overflow; see ``ember.logaddexp2``.

The operands broadcast; integer inputs are promoted to the default float dtype. Gradient: the
base-2 analogue of ``logaddexp``'s.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([0., 3., 10.])
    >>> x.logaddexp2(ember.tensor([0., 3., 10.]))
    tensor([ 1.,  4., 11.])
""")


add_docstr(Tensor.maximum, r"""maximum(other) -> Tensor

Elementwise larger of ``self`` and ``other``; NaN wins if either is NaN; see ``ember.maximum``.

The operands broadcast, and the result dtype follows ember's type promotion (an int tensor and a
float give a float result). Gradient: to the larger input, split evenly on ties.

Args:
    other (Tensor or Number): a tensor, broadcast against this one.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([1., 5., float('nan')])
    >>> x.maximum(ember.tensor([3., 2., 1.]))
    tensor([3., 5., nan])
""")


add_docstr(Tensor.minimum, r"""minimum(other) -> Tensor

Elementwise smaller of ``self`` and ``other``; NaN wins if either is NaN; see ``ember.minimum``.

The operands broadcast, and the result dtype follows ember's type promotion (an int tensor and a
float give a float result). Gradient: to the smaller input, split evenly on ties.

Args:
    other (Tensor or Number): a tensor, broadcast against this one.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([1., 5., float('nan')])
    >>> x.minimum(ember.tensor([3., 2., 1.]))
    tensor([1., 2., nan])
""")


add_docstr(Tensor.fmax, r"""fmax(other) -> Tensor

Elementwise larger of ``self`` and ``other``, ignoring NaN: NaN only where both are NaN; see
``ember.fmax``.

The operands broadcast, and the result dtype follows ember's type promotion (an int tensor and a
float give a float result). Gradient: to the larger input.

Args:
    other (Tensor or Number): a tensor, broadcast against this one.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([1., 5., float('nan')])
    >>> x.fmax(ember.tensor([3., 2., 1.]))
    tensor([3., 5., 1.])
""")


add_docstr(Tensor.fmin, r"""fmin(other) -> Tensor

Elementwise smaller of ``self`` and ``other``, ignoring NaN: NaN only where both are NaN; see
``ember.fmin``.

The operands broadcast, and the result dtype follows ember's type promotion (an int tensor and a
float give a float result). Gradient: to the smaller input.

Args:
    other (Tensor or Number): a tensor, broadcast against this one.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([1., 5., float('nan')])
    >>> x.fmin(ember.tensor([3., 2., 1.]))
    tensor([1., 2., 1.])
""")


add_docstr(Tensor.nextafter, r"""nextafter(other) -> Tensor

The next representable floating-point value after ``self`` in the direction of ``other``,
elementwise; see ``ember.nextafter``.

The operands broadcast, and the result dtype follows ember's type promotion (an int tensor and a
float give a float result). Not differentiable.

Args:
    other (Tensor or Number): the direction, a tensor broadcast against this one.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([1., 0.], dtype=ember.float64)
    >>> x.nextafter(ember.tensor([2., 1.], dtype=ember.float64))
    tensor([ 1.0000e+00, 4.9407e-324], dtype=ember.float64)
""")


add_docstr(Tensor.nextafter_, r"""nextafter_(other) -> Tensor

In-place form of ``Tensor.nextafter``: writes the result into this tensor and returns it. The
next representable floating-point value after ``self`` in the direction of ``other``,
elementwise; see ``ember.nextafter``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the direction, a tensor broadcast against this one.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 0.], dtype=ember.float64)
    >>> x.nextafter_(ember.tensor([2., 1.], dtype=ember.float64))
    tensor([ 1.0000e+00, 4.9407e-324], dtype=ember.float64)
    >>> x
    tensor([ 1.0000e+00, 4.9407e-324], dtype=ember.float64)
""")


add_docstr(Tensor.xlogy, r"""xlogy(other) -> Tensor

Elementwise ``self * log(other)``, defined as 0 wherever ``self == 0`` (even if ``other`` is 0),
as entropy-style sums need; see ``ember.xlogy``.

The operands broadcast; integer inputs are promoted to the default float dtype. Gradient:
``log(other)`` and ``self / other``.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([0., 1., 2.])
    >>> x.xlogy(ember.tensor([0., 2.7183, 4.]))
    tensor([0.0000, 1.0000, 2.7726])
""")


add_docstr(Tensor.gcd, r"""gcd(other) -> Tensor

Elementwise greatest common divisor (non-negative, and 0 for gcd(0, 0)); see ``ember.gcd``.

The operands broadcast; both must be integer (or bool) tensors.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([12, 18, 0])
    >>> x.gcd(ember.tensor([8, 27, 5]))
    tensor([4, 9, 5])
""")


add_docstr(Tensor.gcd_, r"""gcd_(other) -> Tensor

In-place form of ``Tensor.gcd``: writes the result into this tensor and returns it. Elementwise
greatest common divisor (non-negative, and 0 for gcd(0, 0)); see ``ember.gcd``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([12, 18, 0])
    >>> x.gcd_(ember.tensor([8, 27, 5]))
    tensor([4, 9, 5])
    >>> x
    tensor([4, 9, 5])
""")


add_docstr(Tensor.lcm, r"""lcm(other) -> Tensor

Elementwise least common multiple (non-negative; 0 if either is 0); see ``ember.lcm``.

The operands broadcast; both must be integer (or bool) tensors.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([4, 6, 0])
    >>> x.lcm(ember.tensor([6, 8, 5]))
    tensor([12, 24,  0])
""")


add_docstr(Tensor.lcm_, r"""lcm_(other) -> Tensor

In-place form of ``Tensor.lcm``: writes the result into this tensor and returns it. Elementwise
least common multiple (non-negative; 0 if either is 0); see ``ember.lcm``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([4, 6, 0])
    >>> x.lcm_(ember.tensor([6, 8, 5]))
    tensor([12, 24,  0])
    >>> x
    tensor([12, 24,  0])
""")


add_docstr(Tensor.heaviside, r"""heaviside(values) -> Tensor

Heaviside step: 0 where ``self < 0``, 1 where ``self > 0`` and ``values`` where ``self == 0``;
see ``ember.heaviside``.

The operands broadcast, and the result dtype follows ember's type promotion (an int tensor and a
float give a float result). Not differentiable.

Args:
    values (Tensor or Number): the result where this tensor is zero (a tensor, broadcast).

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([-1., 0., 2.])
    >>> x.heaviside(ember.tensor([0.5]))
    tensor([0.0000, 0.5000, 1.0000])
""")


add_docstr(Tensor.heaviside_, r"""heaviside_(values) -> Tensor

In-place form of ``Tensor.heaviside``: writes the result into this tensor and returns it.
Heaviside step: 0 where ``self < 0``, 1 where ``self > 0`` and ``values`` where ``self == 0``;
see ``ember.heaviside``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    values (Tensor or Number): the result where this tensor is zero (a tensor, broadcast).

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-1., 0., 2.])
    >>> x.heaviside_(ember.tensor([0.5]))
    tensor([0.0000, 0.5000, 1.0000])
    >>> x
    tensor([0.0000, 0.5000, 1.0000])
""")


add_docstr(Tensor.igamma, r"""igamma(other) -> Tensor

Regularized lower incomplete gamma function ``P(a, x) = gamma(a, x) / Gamma(a)`` with
``a = self`` and ``x = other``, elementwise; see ``ember.igamma``.

The operands broadcast; integer inputs are promoted to the default float dtype. Gradient: only
with respect to ``other``: ``x**(a-1) * exp(-x) / Gamma(a)``.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.igamma(ember.tensor([1., 1., 1.]))
    tensor([0.6321, 0.2642, 0.0803])
""")


add_docstr(Tensor.igamma_, r"""igamma_(other) -> Tensor

In-place form of ``Tensor.igamma``: writes the result into this tensor and returns it.
Regularized lower incomplete gamma function ``P(a, x) = gamma(a, x) / Gamma(a)`` with
``a = self`` and ``x = other``, elementwise; see ``ember.igamma``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.igamma_(ember.tensor([1., 1., 1.]))
    tensor([0.6321, 0.2642, 0.0803])
    >>> x
    tensor([0.6321, 0.2642, 0.0803])
""")


add_docstr(Tensor.igammac, r"""igammac(other) -> Tensor

Regularized upper incomplete gamma function ``Q(a, x) = 1 - P(a, x)`` with ``a = self`` and
``x = other``, elementwise; see ``ember.igammac``.

The operands broadcast; integer inputs are promoted to the default float dtype. Gradient: only
with respect to ``other``: ``-x**(a-1) * exp(-x) / Gamma(a)``.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.igammac(ember.tensor([1., 1., 1.]))
    tensor([0.3679, 0.7358, 0.9197])
""")


add_docstr(Tensor.igammac_, r"""igammac_(other) -> Tensor

In-place form of ``Tensor.igammac``: writes the result into this tensor and returns it.
Regularized upper incomplete gamma function ``Q(a, x) = 1 - P(a, x)`` with ``a = self`` and
``x = other``, elementwise; see ``ember.igammac``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.igammac_(ember.tensor([1., 1., 1.]))
    tensor([0.3679, 0.7358, 0.9197])
    >>> x
    tensor([0.3679, 0.7358, 0.9197])
""")


add_docstr(Tensor.bitwise_and, r"""bitwise_and(other) -> Tensor

Elementwise bitwise AND (``&``) of integer or bool tensors; see ``ember.bitwise_and``.

The operands broadcast; both must be integer (or bool) tensors. On bool tensors it is the
logical operation. Floats raise an error.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([12, 10, -1])
    >>> x.bitwise_and(ember.tensor([10, 6, 7]))
    tensor([8, 2, 7])
""")


add_docstr(Tensor.bitwise_and_, r"""bitwise_and_(other) -> Tensor

In-place form of ``Tensor.bitwise_and``: writes the result into this tensor and returns it.
Elementwise bitwise AND (``&``) of integer or bool tensors; see ``ember.bitwise_and``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([12, 10, -1])
    >>> x.bitwise_and_(ember.tensor([10, 6, 7]))
    tensor([8, 2, 7])
    >>> x
    tensor([8, 2, 7])
""")


add_docstr(Tensor.bitwise_or, r"""bitwise_or(other) -> Tensor

Elementwise bitwise OR (``|``) of integer or bool tensors; see ``ember.bitwise_or``.

The operands broadcast; both must be integer (or bool) tensors. On bool tensors it is the
logical operation. Floats raise an error.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([12, 10, -1])
    >>> x.bitwise_or(ember.tensor([10, 6, 7]))
    tensor([14, 14, -1])
""")


add_docstr(Tensor.bitwise_or_, r"""bitwise_or_(other) -> Tensor

In-place form of ``Tensor.bitwise_or``: writes the result into this tensor and returns it.
Elementwise bitwise OR (``|``) of integer or bool tensors; see ``ember.bitwise_or``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([12, 10, -1])
    >>> x.bitwise_or_(ember.tensor([10, 6, 7]))
    tensor([14, 14, -1])
    >>> x
    tensor([14, 14, -1])
""")


add_docstr(Tensor.bitwise_xor, r"""bitwise_xor(other) -> Tensor

Elementwise bitwise XOR (``^``) of integer or bool tensors; see ``ember.bitwise_xor``.

The operands broadcast; both must be integer (or bool) tensors. On bool tensors it is the
logical operation. Floats raise an error.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([12, 10, -1])
    >>> x.bitwise_xor(ember.tensor([10, 6, 7]))
    tensor([ 6, 12, -8])
""")


add_docstr(Tensor.bitwise_xor_, r"""bitwise_xor_(other) -> Tensor

In-place form of ``Tensor.bitwise_xor``: writes the result into this tensor and returns it.
Elementwise bitwise XOR (``^``) of integer or bool tensors; see ``ember.bitwise_xor``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([12, 10, -1])
    >>> x.bitwise_xor_(ember.tensor([10, 6, 7]))
    tensor([ 6, 12, -8])
    >>> x
    tensor([ 6, 12, -8])
""")


add_docstr(Tensor.bitwise_left_shift, r"""bitwise_left_shift(other) -> Tensor

Elementwise left shift ``self << other``, i.e. ``self * 2**other`` for integers; see
``ember.bitwise_left_shift``.

The operands broadcast; both must be integer (or bool) tensors.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([1, 3, -2])
    >>> x.bitwise_left_shift(ember.tensor([2, 1, 3]))
    tensor([  4,   6, -16])
""")


add_docstr(Tensor.bitwise_left_shift_, r"""bitwise_left_shift_(other) -> Tensor

In-place form of ``Tensor.bitwise_left_shift``: writes the result into this tensor and returns
it. Elementwise left shift ``self << other``, i.e. ``self * 2**other`` for integers; see
``ember.bitwise_left_shift``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1, 3, -2])
    >>> x.bitwise_left_shift_(ember.tensor([2, 1, 3]))
    tensor([  4,   6, -16])
    >>> x
    tensor([  4,   6, -16])
""")


add_docstr(Tensor.bitwise_right_shift, r"""bitwise_right_shift(other) -> Tensor

Elementwise arithmetic right shift ``self >> other``, i.e. ``floor(self / 2**other)`` for
integers; see ``ember.bitwise_right_shift``.

The operands broadcast; both must be integer (or bool) tensors.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([16, 7, -8])
    >>> x.bitwise_right_shift(ember.tensor([2, 1, 2]))
    tensor([ 4,  3, -2])
""")


add_docstr(Tensor.bitwise_right_shift_, r"""bitwise_right_shift_(other) -> Tensor

In-place form of ``Tensor.bitwise_right_shift``: writes the result into this tensor and returns
it. Elementwise arithmetic right shift ``self >> other``, i.e. ``floor(self / 2**other)`` for
integers; see ``ember.bitwise_right_shift``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([16, 7, -8])
    >>> x.bitwise_right_shift_(ember.tensor([2, 1, 2]))
    tensor([ 4,  3, -2])
    >>> x
    tensor([ 4,  3, -2])
""")


add_docstr(Tensor.logical_and, r"""logical_and(other) -> Tensor

Elementwise logical AND, treating nonzero as True; see ``ember.logical_and``.

The operands broadcast and the result is a bool tensor; nothing is differentiated. Any dtypes
may be mixed. The in-place form keeps this tensor's dtype and writes 1/0.

Args:
    other (Tensor or Number): a tensor, broadcast against this one.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([0., 1., 2., 0.])
    >>> x.logical_and(ember.tensor([0., 0., 3., 5.]))
    tensor([False, False,  True, False])
""")


add_docstr(Tensor.logical_and_, r"""logical_and_(other) -> Tensor

In-place form of ``Tensor.logical_and``: writes the result into this tensor and returns it.
Elementwise logical AND, treating nonzero as True; see ``ember.logical_and``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): a tensor, broadcast against this one.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([0., 1., 2., 0.])
    >>> x.logical_and_(ember.tensor([0., 0., 3., 5.]))
    tensor([0., 0., 1., 0.])
    >>> x
    tensor([0., 0., 1., 0.])
""")


add_docstr(Tensor.logical_or, r"""logical_or(other) -> Tensor

Elementwise logical OR, treating nonzero as True; see ``ember.logical_or``.

The operands broadcast and the result is a bool tensor; nothing is differentiated. Any dtypes
may be mixed. The in-place form keeps this tensor's dtype and writes 1/0.

Args:
    other (Tensor or Number): a tensor, broadcast against this one.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([0., 1., 2., 0.])
    >>> x.logical_or(ember.tensor([0., 0., 3., 5.]))
    tensor([False,  True,  True,  True])
""")


add_docstr(Tensor.logical_or_, r"""logical_or_(other) -> Tensor

In-place form of ``Tensor.logical_or``: writes the result into this tensor and returns it.
Elementwise logical OR, treating nonzero as True; see ``ember.logical_or``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): a tensor, broadcast against this one.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([0., 1., 2., 0.])
    >>> x.logical_or_(ember.tensor([0., 0., 3., 5.]))
    tensor([0., 1., 1., 1.])
    >>> x
    tensor([0., 1., 1., 1.])
""")


add_docstr(Tensor.logical_xor, r"""logical_xor(other) -> Tensor

Elementwise logical XOR, treating nonzero as True; see ``ember.logical_xor``.

The operands broadcast and the result is a bool tensor; nothing is differentiated. Any dtypes
may be mixed. The in-place form keeps this tensor's dtype and writes 1/0.

Args:
    other (Tensor or Number): a tensor, broadcast against this one.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([0., 1., 2., 0.])
    >>> x.logical_xor(ember.tensor([0., 0., 3., 5.]))
    tensor([False,  True, False,  True])
""")


add_docstr(Tensor.logical_xor_, r"""logical_xor_(other) -> Tensor

In-place form of ``Tensor.logical_xor``: writes the result into this tensor and returns it.
Elementwise logical XOR, treating nonzero as True; see ``ember.logical_xor``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): a tensor, broadcast against this one.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([0., 1., 2., 0.])
    >>> x.logical_xor_(ember.tensor([0., 0., 3., 5.]))
    tensor([0., 1., 0., 1.])
    >>> x
    tensor([0., 1., 0., 1.])
""")


add_docstr(Tensor.eq, r"""eq(other) -> Tensor

Elementwise comparison ``self == other``: True where this tensor is equal to ``other``; see
``ember.eq``.

The operands broadcast (``other`` may be a Python number) and the result is a bool tensor;
nothing is differentiated. ``x == y`` calls this. The in-place form writes 1/0 in this tensor's
dtype.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.eq(2.)
    tensor([False,  True, False])
""")


add_docstr(Tensor.eq_, r"""eq_(other) -> Tensor

In-place form of ``Tensor.eq``: writes the result into this tensor and returns it. Elementwise
comparison ``self == other``: True where this tensor is equal to ``other``; see ``ember.eq``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.eq_(2.)
    tensor([0., 1., 0.])
    >>> x
    tensor([0., 1., 0.])
""")


add_docstr(Tensor.ne, r"""ne(other) -> Tensor

Elementwise comparison ``self != other``: True where this tensor is not equal to ``other``; see
``ember.ne``.

The operands broadcast (``other`` may be a Python number) and the result is a bool tensor;
nothing is differentiated. ``x != y`` calls this. The in-place form writes 1/0 in this tensor's
dtype. ``Tensor.not_equal`` is the same method.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.ne(2.)
    tensor([ True, False,  True])
""")


add_docstr(Tensor.ne_, r"""ne_(other) -> Tensor

In-place form of ``Tensor.ne``: writes the result into this tensor and returns it. Elementwise
comparison ``self != other``: True where this tensor is not equal to ``other``; see
``ember.ne``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.ne_(2.)
    tensor([1., 0., 1.])
    >>> x
    tensor([1., 0., 1.])
""")


add_docstr(Tensor.not_equal_, r"""not_equal_(other) -> Tensor

In-place form of ``Tensor.not_equal``: writes the result into this tensor and returns it.
Elementwise comparison ``self != other``: True where this tensor is not equal to ``other``; see
``ember.ne``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.not_equal_(2.)
    tensor([1., 0., 1.])
    >>> x
    tensor([1., 0., 1.])
""")


add_docstr(Tensor.ge, r"""ge(other) -> Tensor

Elementwise comparison ``self >= other``: True where this tensor is greater than or equal to
``other``; see ``ember.ge``.

The operands broadcast (``other`` may be a Python number) and the result is a bool tensor;
nothing is differentiated. ``x >= y`` calls this. The in-place form writes 1/0 in this tensor's
dtype. ``Tensor.greater_equal`` is the same method.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.ge(2.)
    tensor([False,  True,  True])
""")


add_docstr(Tensor.ge_, r"""ge_(other) -> Tensor

In-place form of ``Tensor.ge``: writes the result into this tensor and returns it. Elementwise
comparison ``self >= other``: True where this tensor is greater than or equal to ``other``; see
``ember.ge``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.ge_(2.)
    tensor([0., 1., 1.])
    >>> x
    tensor([0., 1., 1.])
""")


add_docstr(Tensor.greater_equal_, r"""greater_equal_(other) -> Tensor

In-place form of ``Tensor.greater_equal``: writes the result into this tensor and returns it.
Elementwise comparison ``self >= other``: True where this tensor is greater than or equal to
``other``; see ``ember.ge``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.greater_equal_(2.)
    tensor([0., 1., 1.])
    >>> x
    tensor([0., 1., 1.])
""")


add_docstr(Tensor.gt_, r"""gt_(other) -> Tensor

In-place form of ``Tensor.gt``: writes the result into this tensor and returns it. Elementwise
comparison ``self > other``: True where this tensor is greater than ``other``; see ``ember.gt``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.gt_(2.)
    tensor([0., 0., 1.])
    >>> x
    tensor([0., 0., 1.])
""")


add_docstr(Tensor.greater_, r"""greater_(other) -> Tensor

In-place form of ``Tensor.greater``: writes the result into this tensor and returns it.
Elementwise comparison ``self > other``: True where this tensor is greater than ``other``; see
``ember.gt``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.greater_(2.)
    tensor([0., 0., 1.])
    >>> x
    tensor([0., 0., 1.])
""")


add_docstr(Tensor.le, r"""le(other) -> Tensor

Elementwise comparison ``self <= other``: True where this tensor is less than or equal to
``other``; see ``ember.le``.

The operands broadcast (``other`` may be a Python number) and the result is a bool tensor;
nothing is differentiated. ``x <= y`` calls this. The in-place form writes 1/0 in this tensor's
dtype. ``Tensor.less_equal`` is the same method.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.le(2.)
    tensor([ True,  True, False])
""")


add_docstr(Tensor.le_, r"""le_(other) -> Tensor

In-place form of ``Tensor.le``: writes the result into this tensor and returns it. Elementwise
comparison ``self <= other``: True where this tensor is less than or equal to ``other``; see
``ember.le``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.le_(2.)
    tensor([1., 1., 0.])
    >>> x
    tensor([1., 1., 0.])
""")


add_docstr(Tensor.less_equal_, r"""less_equal_(other) -> Tensor

In-place form of ``Tensor.less_equal``: writes the result into this tensor and returns it.
Elementwise comparison ``self <= other``: True where this tensor is less than or equal to
``other``; see ``ember.le``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.less_equal_(2.)
    tensor([1., 1., 0.])
    >>> x
    tensor([1., 1., 0.])
""")


add_docstr(Tensor.lt_, r"""lt_(other) -> Tensor

In-place form of ``Tensor.lt``: writes the result into this tensor and returns it. Elementwise
comparison ``self < other``: True where this tensor is less than ``other``; see ``ember.lt``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.lt_(2.)
    tensor([1., 0., 0.])
    >>> x
    tensor([1., 0., 0.])
""")


add_docstr(Tensor.less_, r"""less_(other) -> Tensor

In-place form of ``Tensor.less``: writes the result into this tensor and returns it. Elementwise
comparison ``self < other``: True where this tensor is less than ``other``; see ``ember.lt``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.less_(2.)
    tensor([1., 0., 0.])
    >>> x
    tensor([1., 0., 0.])
""")


add_docstr(Tensor.greater, r"""greater(other) -> Tensor

Elementwise comparison ``self > other``: True where this tensor is greater than ``other``; see
``ember.gt``.

The operands broadcast (``other`` may be a Python number) and the result is a bool tensor;
nothing is differentiated. ``x > y`` calls this. The in-place form writes 1/0 in this tensor's
dtype. ``Tensor.gt`` is the same method.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: a bool tensor with the broadcast shape.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.greater(2.)
    tensor([False, False,  True])
""")


add_docstr(Tensor.less, r"""less(other) -> Tensor

Elementwise comparison ``self < other``: True where this tensor is less than ``other``; see
``ember.lt``.

The operands broadcast (``other`` may be a Python number) and the result is a bool tensor;
nothing is differentiated. ``x < y`` calls this. The in-place form writes 1/0 in this tensor's
dtype. ``Tensor.lt`` is the same method.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: a bool tensor with the broadcast shape.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.less(2.)
    tensor([ True, False, False])
""")


add_docstr(Tensor.addcdiv, r"""addcdiv(tensor1, tensor2, *, value=1) -> Tensor

Elementwise ``self + value * tensor1 / tensor2``; see ``ember.addcdiv``.

All three broadcast together; integer division is not allowed (use floats). Gradient: 1,
``value / tensor2`` and ``-value * tensor1 / tensor2**2``. Optimizers such as Adam use it for
their update.

Args:
    tensor1 (Tensor): the numerator.
    tensor2 (Tensor): the denominator.

Keyword args:
    value (Number): multiplier of the quotient (default 1).

Returns:
    Tensor: the result, with the broadcast shape.

Example::

    >>> x = ember.tensor([1., 1., 1.])
    >>> x.addcdiv(ember.tensor([2., 4., 6.]), ember.tensor([2., 2., 2.]), value=0.5)
    tensor([1.5000, 2.0000, 2.5000])
""")


add_docstr(Tensor.addcdiv_, r"""addcdiv_(tensor1, tensor2, *, value=1) -> Tensor

In-place form of ``Tensor.addcdiv``: writes the result into this tensor and returns it.
Elementwise ``self + value * tensor1 / tensor2``; see ``ember.addcdiv``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    tensor1 (Tensor): the numerator.
    tensor2 (Tensor): the denominator.

Keyword args:
    value (Number): multiplier of the quotient (default 1).

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 1., 1.])
    >>> x.addcdiv_(ember.tensor([2., 4., 6.]), ember.tensor([2., 2., 2.]), value=0.5)
    tensor([1.5000, 2.0000, 2.5000])
    >>> x
    tensor([1.5000, 2.0000, 2.5000])
""")


add_docstr(Tensor.addcmul, r"""addcmul(tensor1, tensor2, *, value=1) -> Tensor

Elementwise ``self + value * tensor1 * tensor2``; see ``ember.addcmul``.

All three broadcast together. Gradient: 1, ``value * tensor2`` and ``value * tensor1``.

Args:
    tensor1 (Tensor): the first factor.
    tensor2 (Tensor): the second factor.

Keyword args:
    value (Number): multiplier of the product (default 1).

Returns:
    Tensor: the result, with the broadcast shape.

Example::

    >>> x = ember.tensor([1., 1., 1.])
    >>> x.addcmul(ember.tensor([1., 2., 3.]), ember.tensor([2., 2., 2.]), value=10)
    tensor([21., 41., 61.])
""")


add_docstr(Tensor.addcmul_, r"""addcmul_(tensor1, tensor2, *, value=1) -> Tensor

In-place form of ``Tensor.addcmul``: writes the result into this tensor and returns it.
Elementwise ``self + value * tensor1 * tensor2``; see ``ember.addcmul``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    tensor1 (Tensor): the first factor.
    tensor2 (Tensor): the second factor.

Keyword args:
    value (Number): multiplier of the product (default 1).

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 1., 1.])
    >>> x.addcmul_(ember.tensor([1., 2., 3.]), ember.tensor([2., 2., 2.]), value=10)
    tensor([21., 41., 61.])
    >>> x
    tensor([21., 41., 61.])
""")


add_docstr(Tensor.clamp, r"""clamp(min=None, max=None) -> Tensor

Limits each element to ``[min, max]``: ``min(max(x, min), max)``; see ``ember.clamp``.

At least one bound must be given; if ``min > max`` every element becomes ``max``. Bounds may be
tensors (broadcast). Gradient: 1 where the element is inside the bounds (ties included), 0 where
it was clipped. ``Tensor.clip`` is the same method.

Args:
    min (Number or Tensor, optional): lower bound (None: no lower bound).
    max (Number or Tensor, optional): upper bound (None: no upper bound).

Returns:
    Tensor: the clamped values.

Example::

    >>> x = ember.tensor([-2., 0.5, 3.])
    >>> x.clamp(min=0., max=1.)
    tensor([0.0000, 0.5000, 1.0000])
""")


add_docstr(Tensor.clamp_, r"""clamp_(min=None, max=None) -> Tensor

In-place form of ``Tensor.clamp``: writes the result into this tensor and returns it. Limits
each element to ``[min, max]``: ``min(max(x, min), max)``; see ``ember.clamp``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    min (Number or Tensor, optional): lower bound (None: no lower bound).
    max (Number or Tensor, optional): upper bound (None: no upper bound).

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-2., 0.5, 3.])
    >>> x.clamp_(min=0., max=1.)
    tensor([0.0000, 0.5000, 1.0000])
    >>> x
    tensor([0.0000, 0.5000, 1.0000])
""")


add_docstr(Tensor.clip_, r"""clip_(min=None, max=None) -> Tensor

In-place form of ``Tensor.clip``: writes the result into this tensor and returns it. Limits each
element to ``[min, max]``: ``min(max(x, min), max)``; see ``ember.clamp``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    min (Number or Tensor, optional): lower bound (None: no lower bound).
    max (Number or Tensor, optional): upper bound (None: no upper bound).

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-2., 0.5, 3.])
    >>> x.clip_(-1., 1.)
    tensor([-1.0000,  0.5000,  1.0000])
    >>> x
    tensor([-1.0000,  0.5000,  1.0000])
""")


add_docstr(Tensor.clamp_min, r"""clamp_min(min) -> Tensor

Limits each element from below: ``max(x, min)``; ``clamp(min=min)``.

Gradient: 1 where the element is at or above ``min``, else 0.

Args:
    min (Number or Tensor): the lower bound.

Returns:
    Tensor: the clamped values.

Example::

    >>> x = ember.tensor([-2., 0.5, 3.])
    >>> x.clamp_min(0.)
    tensor([0.0000, 0.5000, 3.0000])
""")


add_docstr(Tensor.clamp_min_, r"""clamp_min_(min) -> Tensor

In-place form of ``Tensor.clamp_min``: writes the result into this tensor and returns it. Limits
each element from below: ``max(x, min)``; ``clamp(min=min)``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    min (Number or Tensor): the lower bound.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-2., 0.5, 3.])
    >>> x.clamp_min_(0.)
    tensor([0.0000, 0.5000, 3.0000])
    >>> x
    tensor([0.0000, 0.5000, 3.0000])
""")


add_docstr(Tensor.clamp_max, r"""clamp_max(max) -> Tensor

Limits each element from above: ``min(x, max)``; ``clamp(max=max)``.

Gradient: 1 where the element is at or below ``max``, else 0.

Args:
    max (Number or Tensor): the upper bound.

Returns:
    Tensor: the clamped values.

Example::

    >>> x = ember.tensor([-2., 0.5, 3.])
    >>> x.clamp_max(1.)
    tensor([-2.0000,  0.5000,  1.0000])
""")


add_docstr(Tensor.clamp_max_, r"""clamp_max_(max) -> Tensor

In-place form of ``Tensor.clamp_max``: writes the result into this tensor and returns it. Limits
each element from above: ``min(x, max)``; ``clamp(max=max)``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    max (Number or Tensor): the upper bound.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-2., 0.5, 3.])
    >>> x.clamp_max_(1.)
    tensor([-2.0000,  0.5000,  1.0000])
    >>> x
    tensor([-2.0000,  0.5000,  1.0000])
""")


add_docstr(Tensor.lerp, r"""lerp(end, weight) -> Tensor

Linear interpolation ``self + weight * (end - self)``, elementwise; see ``ember.lerp``.

All broadcast together. Gradient: ``1 - weight`` for ``self``, ``weight`` for ``end`` and
``end - self`` for a tensor ``weight``.

Args:
    end (Tensor): the end points.
    weight (float or Tensor): 0 gives this tensor, 1 gives ``end``.

Returns:
    Tensor: the interpolated values.

Example::

    >>> x = ember.tensor([0., 10.])
    >>> x.lerp(ember.tensor([10., 20.]), 0.25)
    tensor([ 2.5000, 12.5000])
""")


add_docstr(Tensor.lerp_, r"""lerp_(end, weight) -> Tensor

In-place form of ``Tensor.lerp``: writes the result into this tensor and returns it. Linear
interpolation ``self + weight * (end - self)``, elementwise; see ``ember.lerp``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    end (Tensor): the end points.
    weight (float or Tensor): 0 gives this tensor, 1 gives ``end``.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([0., 10.])
    >>> x.lerp_(ember.tensor([10., 20.]), 0.25)
    tensor([ 2.5000, 12.5000])
    >>> x
    tensor([ 2.5000, 12.5000])
""")


add_docstr(Tensor.polygamma, r"""polygamma(n) -> Tensor

The n-th derivative of the digamma function, ``psi^(n)(x)``, elementwise; see
``ember.polygamma``.

``n = 0`` is digamma, ``n = 1`` the trigamma function. Gradient: ``polygamma(n + 1, x)``.

Args:
    n (int): the order of the derivative, ``n >= 0``.

Returns:
    Tensor: a new tensor.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.polygamma(1)
    tensor([1.6449, 0.6449, 0.3949])
""")


add_docstr(Tensor.polygamma_, r"""polygamma_(n) -> Tensor

In-place form of ``Tensor.polygamma``: writes the result into this tensor and returns it. The
n-th derivative of the digamma function, ``psi^(n)(x)``, elementwise; see ``ember.polygamma``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    n (int): the order of the derivative, ``n >= 0``.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.polygamma_(1)
    tensor([1.6449, 0.6449, 0.3949])
    >>> x
    tensor([1.6449, 0.6449, 0.3949])
""")


add_docstr(Tensor.mvlgamma_, r"""mvlgamma_(p) -> Tensor

In-place form of ``Tensor.mvlgamma``: writes the result into this tensor and returns it. Log of
the multivariate gamma function of dimension ``p``, elementwise:
``p*(p-1)/4 * log(pi) + sum_{i=0}^{p-1} lgamma(x - i/2)``; see ``ember.mvlgamma``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    p (int): the dimension, ``p >= 1``.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([2., 3.])
    >>> x.mvlgamma_(2)
    tensor([0.4516, 1.5502])
    >>> x
    tensor([0.4516, 1.5502])
""")


add_docstr(Tensor.hardshrink, r"""hardshrink(lambd=0.5) -> Tensor

Hard shrinkage: keeps elements with ``|x| > lambd`` and sets the rest to 0; see
``ember.nn.functional.hardshrink`` (the same function).

Gradient: 1 where kept, 0 elsewhere.

Args:
    lambd (float): the threshold (default 0.5).

Returns:
    Tensor: a new tensor.

Example::

    >>> x = ember.tensor([-1., -0.3, 0., 0.4, 2.])
    >>> x.hardshrink()
    tensor([-1.,  0.,  0.,  0.,  2.])
""")


add_docstr(Tensor.logit, r"""logit(eps=None) -> Tensor

Log-odds ``log(p / (1 - p))``, the inverse of ``sigmoid``; see ``ember.logit``.

With ``eps`` the input is first clamped to ``[eps, 1 - eps]``; without it, 0 and 1 give -inf and
inf and values outside [0, 1] give NaN. Gradient: ``1 / (p * (1 - p))`` (0 where clamped).

Args:
    eps (float, optional): the clamp margin (default None: no clamping).

Returns:
    Tensor: a new tensor.

Example::

    >>> p = ember.tensor([0.5, 0.75, 0., 1.])
    >>> p.logit()
    tensor([0.0000, 1.0986,   -inf,    inf])
    >>> p.logit(eps=0.25)
    tensor([ 0.0000,  1.0986, -1.0986,  1.0986])
""")


add_docstr(Tensor.nan_to_num, r"""nan_to_num(nan=0.0, posinf=None, neginf=None) -> Tensor

Replaces NaN, +inf and -inf by finite numbers; see ``ember.nan_to_num``.

By default NaN becomes 0 and the infinities become the largest and smallest finite values of the
dtype. Gradient: 1 where the element was finite, 0 elsewhere.

Args:
    nan (Number): replacement for NaN (default 0).
    posinf (Number, optional): replacement for +inf (default: the dtype's max).
    neginf (Number, optional): replacement for -inf (default: the dtype's min).

Returns:
    Tensor: a new tensor.

Example::

    >>> x = ember.tensor([float('nan'), float('inf'), -float('inf'), 1.5])
    >>> x.nan_to_num(posinf=100., neginf=-100.)
    tensor([   0.0000,  100.0000, -100.0000,    1.5000])
""")


add_docstr(Tensor.nan_to_num_, r"""nan_to_num_(nan=0.0, posinf=None, neginf=None) -> Tensor

In-place form of ``Tensor.nan_to_num``: writes the result into this tensor and returns it.
Replaces NaN, +inf and -inf by finite numbers; see ``ember.nan_to_num``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    nan (Number): replacement for NaN (default 0).
    posinf (Number, optional): replacement for +inf (default: the dtype's max).
    neginf (Number, optional): replacement for -inf (default: the dtype's min).

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([float('nan'), float('inf'), -float('inf'), 1.5])
    >>> x.nan_to_num_(posinf=100., neginf=-100.)
    tensor([   0.0000,  100.0000, -100.0000,    1.5000])
    >>> x
    tensor([   0.0000,  100.0000, -100.0000,    1.5000])
""")


add_docstr(Tensor.round, r"""round(decimals=0) -> Tensor

Rounds each element to the nearest integer (or to ``decimals`` decimal places), halves to even;
see ``ember.round``.

Integers keep their dtype. Gradient: zero.

Args:
    decimals (int): number of decimal places (negative: round to tens, hundreds...).

Returns:
    Tensor: a new tensor.

Example::

    >>> x = ember.tensor([0.5, 1.5, 2.5, -1.26])
    >>> x.round()
    tensor([ 0.,  2.,  2., -1.])
    >>> x.round(decimals=1)
    tensor([ 0.5000,  1.5000,  2.5000, -1.3000])
""")


add_docstr(Tensor.round_, r"""round_(decimals=0) -> Tensor

In-place form of ``Tensor.round``: writes the result into this tensor and returns it. Rounds
each element to the nearest integer (or to ``decimals`` decimal places), halves to even; see
``ember.round``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    decimals (int): number of decimal places (negative: round to tens, hundreds...).

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([0.5, 1.5, 2.5, -1.26])
    >>> x.round_()
    tensor([ 0.,  2.,  2., -1.])
    >>> x
    tensor([ 0.,  2.,  2., -1.])
""")


add_docstr(Tensor.relu_, r"""relu_() -> Tensor

In-place form of ``Tensor.relu``: writes the result into this tensor and returns it. Rectified
linear unit ``max(x, 0)``, elementwise.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([-1., 0., 2.])
    >>> x.relu_()
    tensor([0., 0., 2.])
    >>> x
    tensor([0., 0., 2.])
""")


add_docstr(Tensor.maximum_, r"""maximum_(other) -> Tensor

In-place form of ``Tensor.maximum``: writes the result into this tensor and returns it.
Elementwise larger of ``self`` and ``other``; NaN wins if either is NaN; see ``ember.maximum``.
This in-place form is ember's own: torch has no ``Tensor.maximum_``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): a tensor, broadcast against this one.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 5., float('nan')])
    >>> x.maximum_(ember.tensor([3., 2., 1.]))
    tensor([3., 5., nan])
    >>> x
    tensor([3., 5., nan])
""")


add_docstr(Tensor.minimum_, r"""minimum_(other) -> Tensor

In-place form of ``Tensor.minimum``: writes the result into this tensor and returns it.
Elementwise smaller of ``self`` and ``other``; NaN wins if either is NaN; see ``ember.minimum``.
This in-place form is ember's own: torch has no ``Tensor.minimum_``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    other (Tensor or Number): a tensor, broadcast against this one.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 5., float('nan')])
    >>> x.minimum_(ember.tensor([3., 2., 1.]))
    tensor([1., 2., nan])
    >>> x
    tensor([1., 2., nan])
""")
