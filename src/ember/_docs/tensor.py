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

The result has the input's dtype. Floating-point tensors are refused (NotImplementedError).

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

Defined for floating-point tensors; the result keeps their dtype. Gradient: 1. Integer tensors
are refused (NotImplementedError).

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

    >>> x = ember.tensor([1., 10., 0.5, 0.])
    >>> x.log10()
    tensor([ 0.0000,  1.0000, -0.3010,    -inf])
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

    >>> x = ember.tensor([1., 10., 0.5, 0.])
    >>> x.log10_()
    tensor([ 0.0000,  1.0000, -0.3010,    -inf])
    >>> x
    tensor([ 0.0000,  1.0000, -0.3010,    -inf])
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

    >>> x = ember.tensor([1., 2., 0.5, 3.])
    >>> x.log2()
    tensor([ 0.0000,  1.0000, -1.0000,  1.5850])
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

    >>> x = ember.tensor([1., 2., 0.5, 3.])
    >>> x.log2_()
    tensor([ 0.0000,  1.0000, -1.0000,  1.5850])
    >>> x
    tensor([ 0.0000,  1.0000, -1.0000,  1.5850])
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

The result has the input's dtype. Gradient: zero for real inputs. NaN gives 0.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([-2., 0., 3., float('nan')])
    >>> x.sgn()
    tensor([-1.,  0.,  1.,  0.])
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

    >>> x = ember.tensor([-2., 0., 3., float('nan')])
    >>> x.sgn_()
    tensor([-1.,  0.,  1.,  0.])
    >>> x
    tensor([-1.,  0.,  1.,  0.])
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

The result has the input's dtype. Gradient: zero. NaN gives 0; a bool tensor stays bool.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([-2., 0., 3., float('nan')])
    >>> x.sign()
    tensor([-1.,  0.,  1.,  0.])
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

    >>> x = ember.tensor([-2., 0., 3., float('nan')])
    >>> x.sign_()
    tensor([-1.,  0.,  1.,  0.])
    >>> x
    tensor([-1.,  0.,  1.,  0.])
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

    >>> x = ember.tensor([0., 0.5, 1.5, -0.5])
    >>> x.sinc()
    tensor([ 1.0000,  0.6366, -0.2122,  0.6366])
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

The operands broadcast; integer inputs are promoted to the default float dtype. Gradient: +1 for
``self`` where its sign is kept, -1 where it flips, and zero for ``other``.

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

    >>> x = ember.tensor([3., 5., 1.])
    >>> x.hypot(ember.tensor([4., 12., 1.]))
    tensor([ 5.0000, 13.0000,  1.4142])
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

    >>> x = ember.tensor([3., 5., 1.])
    >>> x.hypot_(ember.tensor([4., 12., 1.]))
    tensor([ 5.0000, 13.0000,  1.4142])
    >>> x
    tensor([ 5.0000, 13.0000,  1.4142])
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

The operands broadcast; integer inputs are promoted to the default float dtype. Gradient:
``1 / (1 + 2**(other - self))`` and ``1 / (1 + 2**(self - other))``.

Args:
    other (Tensor or Number): the second operand, broadcast against this tensor.

Returns:
    Tensor: the elementwise result, with the broadcast shape.

Example::

    >>> x = ember.tensor([0., 3., 10.])
    >>> x.logaddexp2(ember.tensor([1., 3., 0.]))
    tensor([ 1.5850,  4.0000, 10.0014])
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
    Tensor: the elementwise result, same shape as this tensor.

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
    Tensor: the shrunk values, same shape as this tensor.

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
    Tensor: the log-odds, same shape as this tensor.

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
    Tensor: the cleaned values, same shape as this tensor.

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
    Tensor: the rounded values, same shape as this tensor.

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


add_docstr(Tensor.all, r"""all(dim=None, keepdim=False) -> Tensor

Tests whether every element (or every element along ``dim``) is nonzero; see ``ember.all``.

The result is a bool tensor (uint8 for a uint8 input); an empty reduction gives True.

Args:
    dim (int or tuple of ints, optional): the dimension(s) to reduce; None (default) reduces all
        of them.
    keepdim (bool): keep each reduced dimension with size 1, so the result broadcasts against
        this tensor (default False).

Returns:
    Tensor: a bool tensor, 0-dim when ``dim`` is None.

Example::

    >>> x = ember.tensor([[1, 0], [2, 3]])
    >>> x.all()
    tensor(False)
    >>> x.all(dim=1)
    tensor([False,  True])
""")


add_docstr(Tensor.any, r"""any(dim=None, keepdim=False) -> Tensor

Tests whether at least one element (or one along ``dim``) is nonzero; see ``ember.any``.

The result is a bool tensor (uint8 for a uint8 input); an empty reduction gives False.

Args:
    dim (int or tuple of ints, optional): the dimension(s) to reduce; None (default) reduces all
        of them.
    keepdim (bool): keep each reduced dimension with size 1, so the result broadcasts against
        this tensor (default False).

Returns:
    Tensor: a bool tensor, 0-dim when ``dim`` is None.

Example::

    >>> x = ember.tensor([[0, 0], [2, 0]])
    >>> x.any()
    tensor(True)
    >>> x.any(dim=0)
    tensor([ True, False])
""")


add_docstr(Tensor.amax, r"""amax(dim=None, keepdim=False) -> Tensor

Largest value over the given dimension(s); see ``ember.amax``.

Unlike ``max(dim)`` it returns only values (no indices) and accepts several dimensions. NaN
propagates. Gradient: split evenly among the elements that tie for the maximum.

Args:
    dim (int or tuple of ints): the dimension(s) to reduce; the default () reduces all of them.
    keepdim (bool): keep each reduced dimension with size 1, so the result broadcasts against
        this tensor (default False).

Returns:
    Tensor: the maxima.

Example::

    >>> x = ember.tensor([[1., 5., 2.], [4., 3., 6.]])
    >>> x.amax()
    tensor(6.)
    >>> x.amax(dim=1)
    tensor([5., 6.])
""")


add_docstr(Tensor.amin, r"""amin(dim=None, keepdim=False) -> Tensor

Smallest value over the given dimension(s); see ``ember.amin``.

Unlike ``min(dim)`` it returns only values (no indices) and accepts several dimensions. NaN
propagates. Gradient: split evenly among the elements that tie for the minimum.

Args:
    dim (int or tuple of ints): the dimension(s) to reduce; the default () reduces all of them.
    keepdim (bool): keep each reduced dimension with size 1, so the result broadcasts against
        this tensor (default False).

Returns:
    Tensor: the minima.

Example::

    >>> x = ember.tensor([[1., 5., 2.], [4., 3., 6.]])
    >>> x.amin()
    tensor(1.)
    >>> x.amin(dim=0)
    tensor([1., 3., 2.])
""")


add_docstr(Tensor.aminmax, r"""aminmax(*, dim=None, keepdim=False) -> (Tensor min, Tensor max)

Smallest and largest value in one call, over all elements or along ``dim``; see
``ember.aminmax``.

The result is a named tuple ``(min, max)``. Not differentiable.

Args:
    self (Tensor): the input; the other arguments are keyword-only (below).

Keyword args:
    dim (int, optional): the dimension to reduce (default: all).
    keepdim (bool): keep each reduced dimension with size 1, so the result broadcasts against
        this tensor (default False).

Returns:
    (Tensor, Tensor): the named tuple ``(min, max)``.

Example::

    >>> x = ember.tensor([[1., 5., 2.], [4., 3., 6.]])
    >>> x.aminmax()
    ember.return_types.aminmax(
    min=tensor(1.),
    max=tensor(6.))
    >>> x.aminmax(dim=1).max
    tensor([5., 6.])
""")


add_docstr(Tensor.argmax, r"""argmax(dim=None, keepdim=False) -> LongTensor

Index of the largest value; see ``ember.argmax``.

Without ``dim`` the index is into the flattened tensor. On ties the first occurrence wins; a NaN
counts as the largest. Not differentiable.

Args:
    dim (int, optional): the dimension to reduce; None (default) reduces the flattened tensor.
    keepdim (bool): keep each reduced dimension with size 1, so the result broadcasts against
        this tensor (default False).

Returns:
    Tensor: int64 indices.

Example::

    >>> x = ember.tensor([[1., 5., 2.], [4., 3., 6.]])
    >>> x.argmax()
    tensor(5)
    >>> x.argmax(dim=1)
    tensor([1, 2])
""")


add_docstr(Tensor.argmin, r"""argmin(dim=None, keepdim=False) -> LongTensor

Index of the smallest value; see ``ember.argmin``.

Without ``dim`` the index is into the flattened tensor. On ties the first occurrence wins; a NaN
counts as the smallest. Not differentiable.

Args:
    dim (int, optional): the dimension to reduce; None (default) reduces the flattened tensor.
    keepdim (bool): keep each reduced dimension with size 1, so the result broadcasts against
        this tensor (default False).

Returns:
    Tensor: int64 indices.

Example::

    >>> x = ember.tensor([[1., 5., 2.], [4., 3., 6.]])
    >>> x.argmin()
    tensor(0)
    >>> x.argmin(dim=0)
    tensor([0, 1, 0])
""")


add_docstr(Tensor.argsort, r"""argsort(dim=-1, descending=False, stable=False) -> LongTensor

Indices that sort the tensor along ``dim``; see ``ember.argsort``.

``x.gather(dim, x.argsort(dim))`` equals ``x.sort(dim).values``. NaN sorts as the largest value.

Args:
    dim (int): the dimension to sort along (default -1, the last).
    descending (bool): largest first (default False).
    stable (bool): keep equal elements in their original order (default False).

Returns:
    Tensor: int64 indices, same shape as this tensor.

Example::

    >>> x = ember.tensor([3., 1., 2.])
    >>> x.argsort()
    tensor([1, 2, 0])
    >>> x.argsort(descending=True)
    tensor([0, 2, 1])
""")


add_docstr(Tensor.count_nonzero, r"""count_nonzero(dim=None) -> Tensor

Number of nonzero elements, in total or along ``dim``; see ``ember.count_nonzero``.

Args:
    dim (int or tuple of ints, optional): the dimension(s) to count along (default: all).

Returns:
    Tensor: int64 counts.

Example::

    >>> x = ember.tensor([[0, 1, 2], [0, 0, 3]])
    >>> x.count_nonzero()
    tensor(3)
    >>> x.count_nonzero(dim=1)
    tensor([2, 1])
""")


add_docstr(Tensor.cummax, r"""cummax(dim) -> (Tensor, Tensor)

Running maximum along ``dim``: element i is the maximum of elements 0..i; see ``ember.cummax``.

Returns a named tuple ``(values, indices)`` where ``indices`` says where each running maximum
came from (the last occurrence on ties). Gradient: flows to the element each running value came
from.

Args:
    dim (int): the dimension to scan.

Returns:
    (Tensor, Tensor): the named tuple ``(values, indices)``, both this tensor's shape.

Example::

    >>> x = ember.tensor([1., 3., 2., 5., 4.])
    >>> x.cummax(dim=0)
    ember.return_types.cummax(
    values=tensor([1., 3., 3., 5., 5.]),
    indices=tensor([0, 1, 1, 3, 3]))
""")


add_docstr(Tensor.cummin, r"""cummin(dim) -> (Tensor, Tensor)

Running minimum along ``dim``: element i is the minimum of elements 0..i; see ``ember.cummin``.

Returns a named tuple ``(values, indices)`` where ``indices`` says where each running minimum
came from (the last occurrence on ties). Gradient: flows to the element each running value came
from.

Args:
    dim (int): the dimension to scan.

Returns:
    (Tensor, Tensor): the named tuple ``(values, indices)``, both this tensor's shape.

Example::

    >>> x = ember.tensor([1., 3., 2., 5., 4.])
    >>> x.cummin(dim=0)
    ember.return_types.cummin(
    values=tensor([1., 1., 1., 1., 1.]),
    indices=tensor([0, 0, 0, 0, 0]))
""")


add_docstr(Tensor.cumsum, r"""cumsum(dim, dtype=None) -> Tensor

Cumulative sum along ``dim``: element i is the sum of elements 0..i; see ``ember.cumsum``.

Bool and integer inputs accumulate in int64. Gradient: the reversed cumulative sum of the
incoming gradient.

Args:
    dim (int): the dimension to scan.

Keyword args:
    dtype (ember.dtype, optional): cast this tensor to this dtype before reducing (to avoid
        overflow of small integer types, for example).

Returns:
    Tensor: same shape as this tensor.

Example::

    >>> x = ember.tensor([[1, 2, 3], [4, 5, 6]])
    >>> x.cumsum(dim=1)
    tensor([[ 1,  3,  6],
            [ 4,  9, 15]])
""")


add_docstr(Tensor.cumsum_, r"""cumsum_(dim, dtype=None) -> Tensor

In-place form of ``Tensor.cumsum``: writes the result into this tensor and returns it.
Cumulative sum along ``dim``: element i is the sum of elements 0..i; see ``ember.cumsum``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    dim (int): the dimension to scan.

Keyword args:
    dtype (ember.dtype, optional): cast this tensor to this dtype before reducing (to avoid
        overflow of small integer types, for example).

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 3., 4.])
    >>> x.cumsum_(0)
    tensor([ 1.,  3.,  6., 10.])
    >>> x
    tensor([ 1.,  3.,  6., 10.])
""")


add_docstr(Tensor.cumprod, r"""cumprod(dim, dtype=None) -> Tensor

Cumulative product along ``dim``: element i is the product of elements 0..i; see
``ember.cumprod``.

Bool and integer inputs accumulate in int64. Gradient: exact also when the input contains zeros.

Args:
    dim (int): the dimension to scan.

Keyword args:
    dtype (ember.dtype, optional): cast this tensor to this dtype before reducing (to avoid
        overflow of small integer types, for example).

Returns:
    Tensor: same shape as this tensor.

Example::

    >>> x = ember.tensor([1., 2., 3., 4.])
    >>> x.cumprod(dim=0)
    tensor([ 1.,  2.,  6., 24.])
""")


add_docstr(Tensor.cumprod_, r"""cumprod_(dim, dtype=None) -> Tensor

In-place form of ``Tensor.cumprod``: writes the result into this tensor and returns it.
Cumulative product along ``dim``: element i is the product of elements 0..i; see
``ember.cumprod``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    dim (int): the dimension to scan.

Keyword args:
    dtype (ember.dtype, optional): cast this tensor to this dtype before reducing (to avoid
        overflow of small integer types, for example).

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 3., 4.])
    >>> x.cumprod_(dim=0)
    tensor([ 1.,  2.,  6., 24.])
    >>> x
    tensor([ 1.,  2.,  6., 24.])
""")


add_docstr(Tensor.logcumsumexp, r"""logcumsumexp(dim) -> Tensor

Running ``log(sum(exp(x)))`` along ``dim``: element i is the log-sum-exp of elements 0..i,
computed without overflow; see ``ember.logcumsumexp``.

Gradient: the softmax weights of each prefix.

Args:
    dim (int): the dimension to scan.

Returns:
    Tensor: same shape as this tensor.

Example::

    >>> x = ember.tensor([0., 0., 0., 1000.])
    >>> x.logcumsumexp(dim=0)
    tensor([0.0000e+00, 6.9315e-01, 1.0986e+00, 1.0000e+03])
""")


add_docstr(Tensor.logsumexp, r"""logsumexp(dim, keepdim=False) -> Tensor

``log(sum(exp(x)))`` over ``dim``, computed stably by factoring out the maximum; see
``ember.logsumexp``.

Integers are promoted to the default float dtype. Gradient: ``softmax(x, dim)``.

Args:
    dim (int or tuple of ints): the dimension(s) to reduce.
    keepdim (bool): keep each reduced dimension with size 1, so the result broadcasts against
        this tensor (default False).

Returns:
    Tensor: the reduced values.

Example::

    >>> x = ember.tensor([[0., 0.], [1000., 1000.]])
    >>> x.logsumexp(dim=1)
    tensor([6.9315e-01, 1.0007e+03])
""")


add_docstr(Tensor.max, r"""max(dim=None, keepdim=False) -> Tensor or (Tensor, Tensor)

Largest element; see ``ember.max``.

Without ``dim`` it returns a 0-dim tensor. With ``dim`` it returns a named tuple
``(values, indices)`` along that dimension. Called with a tensor instead of a dim, it is
``maximum``. NaN propagates. Gradient: to the selected element (split evenly on ties when
reducing everything).

Args:
    dim (int, optional): the dimension to reduce; without it the whole tensor is reduced.
    keepdim (bool): keep each reduced dimension with size 1, so the result broadcasts against
        this tensor (default False).

Returns:
    Tensor, or the named tuple ``(values, indices)`` when ``dim`` is given.

Example::

    >>> x = ember.tensor([[1., 5., 2.], [4., 3., 6.]])
    >>> x.max()
    tensor(6.)
    >>> x.max(dim=1)
    ember.return_types.max(
    values=tensor([5., 6.]),
    indices=tensor([1, 2]))
""")


add_docstr(Tensor.min, r"""min(dim=None, keepdim=False) -> Tensor or (Tensor, Tensor)

Smallest element; see ``ember.min``.

Without ``dim`` it returns a 0-dim tensor. With ``dim`` it returns a named tuple
``(values, indices)`` along that dimension. Called with a tensor instead of a dim, it is
``minimum``. NaN propagates. Gradient: to the selected element (split evenly on ties when
reducing everything).

Args:
    dim (int, optional): the dimension to reduce; without it the whole tensor is reduced.
    keepdim (bool): keep each reduced dimension with size 1, so the result broadcasts against
        this tensor (default False).

Returns:
    Tensor, or the named tuple ``(values, indices)`` when ``dim`` is given.

Example::

    >>> x = ember.tensor([[1., 5., 2.], [4., 3., 6.]])
    >>> x.min()
    tensor(1.)
    >>> x.min(dim=0, keepdim=True)
    ember.return_types.min(
    values=tensor([[1., 3., 2.]]),
    indices=tensor([[0, 1, 0]]))
""")


add_docstr(Tensor.median, r"""median(dim=None, keepdim=False) -> Tensor or (Tensor, LongTensor)

Median; see ``ember.median``.

For an even count it is the LOWER of the two middle values (not their mean). Without ``dim`` it
returns a 0-dim tensor; with ``dim`` a named tuple ``(values, indices)``. NaN propagates (see
``nanmedian``). Gradient: to the selected element.

Args:
    dim (int, optional): the dimension to reduce (default: all).
    keepdim (bool): keep each reduced dimension with size 1, so the result broadcasts against
        this tensor (default False).

Returns:
    Tensor, or the named tuple ``(values, indices)`` when ``dim`` is given.

Example::

    >>> x = ember.tensor([[4., 1., 3., 2.], [9., 8., 7., 6.]])
    >>> x.median()
    tensor(4.)
    >>> x.median(dim=1)
    ember.return_types.median(
    values=tensor([2., 7.]),
    indices=tensor([3, 2]))
""")


add_docstr(Tensor.nanmedian, r"""
nanmedian(dim=None, keepdim=False) -> Tensor or (Tensor, LongTensor)

Median ignoring NaN values; see ``ember.nanmedian``.

Like ``median`` (the lower middle value for an even count), computed over the non-NaN elements
only; all-NaN gives NaN. Gradient: to the selected element.

Args:
    dim (int, optional): the dimension to reduce (default: all).
    keepdim (bool): keep each reduced dimension with size 1, so the result broadcasts against
        this tensor (default False).

Returns:
    Tensor, or the named tuple ``(values, indices)`` when ``dim`` is given.

Example::

    >>> x = ember.tensor([1., float('nan'), 3., 2.])
    >>> x.median()
    tensor(nan)
    >>> x.nanmedian()
    tensor(2.)
""")


add_docstr(Tensor.mode, r"""mode(dim=-1, keepdim=False) -> (Tensor, LongTensor)

Most frequent value along ``dim``; see ``ember.mode``.

On a tie the smallest of the most frequent values wins. Returns a named tuple
``(values, indices)`` where ``indices`` is a position of that value.

Args:
    dim (int): the dimension to reduce (default -1).
    keepdim (bool): keep each reduced dimension with size 1, so the result broadcasts against
        this tensor (default False).

Returns:
    (Tensor, Tensor): the named tuple ``(values, indices)``.

Example::

    >>> x = ember.tensor([[1, 2, 2, 3], [5, 5, 4, 4]])
    >>> x.mode(dim=1).values
    tensor([2, 4])
""")


add_docstr(Tensor.msort, r"""msort() -> Tensor

Sorts along the first dimension (dim 0) in ascending order; ``x.sort(dim=0).values``.

Gradient: routed back through the sort's permutation.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the sorted values.

Example::

    >>> x = ember.tensor([[3., 1.], [1., 2.], [2., 0.]])
    >>> x.msort()
    tensor([[1., 0.],
            [2., 1.],
            [3., 2.]])
""")


add_docstr(Tensor.sort, r"""sort(dim=-1, descending=False, stable=False) -> (Tensor, LongTensor)

Sorts along ``dim``; see ``ember.sort``.

Returns a named tuple ``(values, indices)`` with ``values == x.gather(dim, indices)``. NaN sorts
as the largest value. Gradient: routed back through the permutation.

Args:
    dim (int): the dimension to sort along (default -1).
    descending (bool): largest first (default False).
    stable (bool): keep equal elements in their original order (default False).

Returns:
    (Tensor, Tensor): the named tuple ``(values, indices)``.

Example::

    >>> x = ember.tensor([3., 1., 2.])
    >>> x.sort()
    ember.return_types.sort(
    values=tensor([1., 2., 3.]),
    indices=tensor([1, 2, 0]))
    >>> x.sort(descending=True).indices
    tensor([0, 2, 1])
""")


add_docstr(Tensor.topk, r"""topk(k, dim=-1, largest=True, sorted=True) -> (Tensor, LongTensor)

The ``k`` largest (or smallest) elements along ``dim``; see ``ember.topk``.

Returns a named tuple ``(values, indices)``. ``k`` larger than the dimension raises
RuntimeError. Gradient: to the selected elements.

Args:
    k (int): how many elements to keep.
    dim (int): the dimension (default -1).
    largest (bool): True for the largest, False for the smallest.
    sorted (bool): return them in sorted order (default True).

Returns:
    (Tensor, Tensor): the named tuple ``(values, indices)``.

Example::

    >>> x = ember.tensor([1., 5., 2., 4., 3.])
    >>> x.topk(2)
    ember.return_types.topk(
    values=tensor([5., 4.]),
    indices=tensor([1, 3]))
    >>> x.topk(2, largest=False).values
    tensor([1., 2.])
""")


add_docstr(Tensor.kthvalue, r"""kthvalue(k, dim=-1, keepdim=False) -> (Tensor, LongTensor)

The k-th smallest element along ``dim`` (k counts from 1); see ``ember.kthvalue``.

Returns a named tuple ``(values, indices)``. Gradient: to the selected element.

Args:
    k (int): rank of the element, from 1 (the minimum) to the size of ``dim``.
    dim (int): the dimension (default -1).
    keepdim (bool): keep each reduced dimension with size 1, so the result broadcasts against
        this tensor (default False).

Returns:
    (Tensor, Tensor): the named tuple ``(values, indices)``.

Example::

    >>> x = ember.tensor([[5., 1., 4.], [2., 6., 3.]])
    >>> x.kthvalue(2)
    ember.return_types.kthvalue(
    values=tensor([4., 3.]),
    indices=tensor([2, 2]))
""")


add_docstr(Tensor.nanmean, r"""nanmean(dim=None, keepdim=False, *, dtype=None) -> Tensor

Mean of the non-NaN elements; see ``ember.nanmean``.

NaNs are left out of both the sum and the count; a slice that is all NaN gives NaN.
Floating-point tensors only. Gradient: ``1 / count`` for each non-NaN element, 0 for the NaNs.

Args:
    dim (int or tuple of ints, optional): the dimension(s) to reduce; None (default) reduces all
        of them.
    keepdim (bool): keep each reduced dimension with size 1, so the result broadcasts against
        this tensor (default False).

Keyword args:
    dtype (ember.dtype, optional): cast this tensor to this dtype before reducing (to avoid
        overflow of small integer types, for example).

Returns:
    Tensor: the means.

Example::

    >>> x = ember.tensor([[1., float('nan')], [2., 4.]])
    >>> x.nanmean()
    tensor(2.3333)
    >>> x.nanmean(dim=1)
    tensor([1., 3.])
""")


add_docstr(Tensor.nansum, r"""nansum(dim=None, keepdim=False, dtype=None) -> Tensor

Sum treating NaN as zero; see ``ember.nansum``.

Gradient: 1 for the non-NaN elements, 0 for the NaNs.

Args:
    dim (int or tuple of ints, optional): the dimension(s) to reduce; None (default) reduces all
        of them.
    keepdim (bool): keep each reduced dimension with size 1, so the result broadcasts against
        this tensor (default False).

Keyword args:
    dtype (ember.dtype, optional): cast this tensor to this dtype before reducing (to avoid
        overflow of small integer types, for example).

Returns:
    Tensor: the sums.

Example::

    >>> x = ember.tensor([[1., float('nan')], [2., 4.]])
    >>> x.nansum()
    tensor(7.)
    >>> x.nansum(dim=0)
    tensor([3., 4.])
""")


add_docstr(Tensor.prod, r"""prod(dim=None, keepdim=False, dtype=None) -> Tensor

Product of the elements, in total or along one dimension; see ``ember.prod``.

Bool and integer inputs multiply in int64. Gradient: the product of the other elements (exact
also with zeros in the input).

Args:
    dim (int, optional): the dimension to reduce (default: all).
    keepdim (bool): keep each reduced dimension with size 1, so the result broadcasts against
        this tensor (default False).

Keyword args:
    dtype (ember.dtype, optional): cast this tensor to this dtype before reducing (to avoid
        overflow of small integer types, for example).

Returns:
    Tensor: the products.

Example::

    >>> x = ember.tensor([[1., 2.], [3., 4.]])
    >>> x.prod()
    tensor(24.)
    >>> x.prod(dim=1)
    tensor([ 2., 12.])
""")


add_docstr(Tensor.var, r"""var(dim=None, *, correction=1, keepdim=False) -> Tensor

Variance ``sum((x - mean)**2) / (N - correction)`` over the given dimension(s); see
``ember.var``.

With one element and ``correction=1`` the result is NaN (with a warning). Gradient:
``2 * (x - mean) / (N - correction)``.

Args:
    dim (int or tuple of ints, optional): the dimension(s) to reduce; None (default) reduces all
        of them.
    unbiased (bool, optional): deprecated spelling of ``correction`` (True is 1, False is 0).
    keepdim (bool): keep each reduced dimension with size 1, so the result broadcasts against
        this tensor (default False).

Keyword args:
    correction (int): subtract this from the count N in the divisor: 1 (default, Bessel's
        correction) for the sample estimate, 0 for the population one.

Returns:
    Tensor: the variances.

Example::

    >>> x = ember.tensor([[1., 2., 3., 4.], [2., 2., 2., 2.]])
    >>> x.var(dim=1)
    tensor([1.6667, 0.0000])
    >>> x.var(dim=1, correction=0)
    tensor([1.2500, 0.0000])
""")


add_docstr(Tensor.std, r"""std(dim=None, *, correction=1, keepdim=False) -> Tensor

Standard deviation, the square root of ``var``: ``sqrt(sum((x - mean)**2) / (N - correction))``;
see ``ember.std``.

With one element and ``correction=1`` the result is NaN. Gradient:
``(x - mean) / ((N - correction) * std)``.

Args:
    dim (int or tuple of ints, optional): the dimension(s) to reduce; None (default) reduces all
        of them.
    unbiased (bool, optional): deprecated spelling of ``correction`` (True is 1, False is 0).
    keepdim (bool): keep each reduced dimension with size 1, so the result broadcasts against
        this tensor (default False).

Keyword args:
    correction (int): subtract this from the count N in the divisor: 1 (default, Bessel's
        correction) for the sample estimate, 0 for the population one.

Returns:
    Tensor: the standard deviations.

Example::

    >>> x = ember.tensor([[1., 3.], [2., 2.]])
    >>> x.std()
    tensor(0.8165)
    >>> x.std(dim=1, correction=0)
    tensor([1., 0.])
""")


add_docstr(Tensor.var_mean, r"""
var_mean(dim=None, *, correction=1, keepdim=False) -> (Tensor, Tensor)

Variance and mean in one call, ``(x.var(...), x.mean(...))``; see ``ember.var_mean``.

This method is ember's own: torch has only the function ``torch.var_mean``.

Args:
    dim (int or tuple of ints, optional): the dimension(s) to reduce; None (default) reduces all
        of them.
    unbiased (bool, optional): deprecated spelling of ``correction`` (True is 1, False is 0).
    keepdim (bool): keep each reduced dimension with size 1, so the result broadcasts against
        this tensor (default False).

Keyword args:
    correction (int): subtract this from the count N in the divisor: 1 (default, Bessel's
        correction) for the sample estimate, 0 for the population one.

Returns:
    (Tensor, Tensor): the variance and the mean.

Example::

    >>> x = ember.tensor([1., 2., 3., 4.])
    >>> x.var_mean()
    (tensor(1.6667), tensor(2.5000))
""")


add_docstr(Tensor.std_mean, r"""
std_mean(dim=None, *, correction=1, keepdim=False) -> (Tensor, Tensor)

Standard deviation and mean in one call, ``(x.std(...), x.mean(...))``; see ``ember.std_mean``.

This method is ember's own: torch has only the function ``torch.std_mean``.

Args:
    dim (int or tuple of ints, optional): the dimension(s) to reduce; None (default) reduces all
        of them.
    unbiased (bool, optional): deprecated spelling of ``correction`` (True is 1, False is 0).
    keepdim (bool): keep each reduced dimension with size 1, so the result broadcasts against
        this tensor (default False).

Keyword args:
    correction (int): subtract this from the count N in the divisor: 1 (default, Bessel's
        correction) for the sample estimate, 0 for the population one.

Returns:
    (Tensor, Tensor): the standard deviation and the mean.

Example::

    >>> x = ember.tensor([1., 3., 5.])
    >>> x.std_mean()
    (tensor(2.), tensor(3.))
""")


add_docstr(Tensor.norm, r"""norm(p='fro', dim=None, keepdim=False, dtype=None) -> Tensor

Vector p-norm ``(sum |x|**p)**(1/p)`` of the elements, or over ``dim``; see ``ember.norm``.

``p='fro'`` and ``p=2`` give the Euclidean norm, ``p=1`` the sum of absolute values,
``p=float('inf')`` the largest absolute value, ``p=0`` the number of nonzeros. Gradient of the
2-norm: ``x / norm`` (0 at the origin).

Args:
    p (float or str): the order of the norm (default ``'fro'``).
    dim (int or tuple of ints, optional): the dimension(s) to reduce (default: all).
    keepdim (bool): keep each reduced dimension with size 1, so the result broadcasts against
        this tensor (default False).
    dtype (ember.dtype, optional): compute in this dtype.

Returns:
    Tensor: the norms.

Example::

    >>> x = ember.tensor([[3., 4.], [-1., 0.]])
    >>> x.norm()
    tensor(5.0990)
    >>> x.norm(dim=1)
    tensor([5., 1.])
    >>> x.norm(p=1)
    tensor(8.)
    >>> x.norm(p=float('inf'))
    tensor(4.)
""")


add_docstr(Tensor.histc, r"""histc(bins=100, min=0, max=0) -> Tensor

Histogram with ``bins`` equal-width bins between ``min`` and ``max``; see ``ember.histc``.

When ``min == max == 0`` the range is the data's own minimum and maximum. Elements outside the
range are ignored; the last bin includes its right edge. Floating-point tensors only; the counts
have this tensor's dtype. Not differentiable.

Args:
    bins (int): number of bins (default 100).
    min (Number): lower end of the range.
    max (Number): upper end of the range.

Returns:
    Tensor: the counts, shape ``(bins,)``.

Example::

    >>> x = ember.tensor([1., 2., 1., 4., 2.5])
    >>> x.histc(bins=4, min=0, max=4)
    tensor([0., 2., 2., 1.])
""")


add_docstr(Tensor.diff, r"""diff(n=1, dim=-1, prepend=None, append=None) -> Tensor

Forward differences ``x[i+1] - x[i]`` along ``dim``, applied ``n`` times; see ``ember.diff``.

Each pass shortens the dimension by one; ``prepend``/``append`` are concatenated first. Bool
inputs use ``!=`` (XOR) instead of subtraction. Gradient, with ``g`` the incoming gradient: the
adjoint differences (each element gets ``g[i-1] - g[i]``).

Args:
    n (int): how many times to difference (default 1).
    dim (int): the dimension (default -1).
    prepend (Tensor, optional): values placed before the input along ``dim``.
    append (Tensor, optional): values placed after it.

Returns:
    Tensor: the differences.

Example::

    >>> x = ember.tensor([1, 4, 9, 16])
    >>> x.diff()
    tensor([3, 5, 7])
    >>> x.diff(n=2)
    tensor([2, 2])
    >>> x.diff(prepend=ember.tensor([0]))
    tensor([1, 3, 5, 7])
""")


add_docstr(Tensor.softmax, r"""softmax(dim, dtype=None) -> Tensor

Softmax along ``dim``: ``exp(x) / sum(exp(x))``, computed stably, so each slice is positive and
sums to 1; see ``ember.softmax``.

Gradient, with ``g`` the incoming gradient: ``s * (g - sum(g * s))`` for output ``s`` and
incoming gradient ``g``.

Args:
    dim (int): the dimension that sums to 1.
    dtype (ember.dtype, optional): cast the input to this dtype first.

Returns:
    Tensor: same shape as this tensor.

Example::

    >>> x = ember.tensor([[1., 1.], [0., 2.]])
    >>> x.softmax(dim=1)
    tensor([[0.5000, 0.5000],
            [0.1192, 0.8808]])
""")


add_docstr(Tensor.log_softmax, r"""log_softmax(dim, dtype=None) -> Tensor

``log(softmax(x))`` along ``dim``, computed as ``x - logsumexp(x)`` so it stays finite where
softmax underflows; see ``ember.log_softmax``.

Pair it with ``nll_loss`` for a classifier's loss. Gradient, with ``g`` the incoming gradient:
``g - softmax(x) * sum(g)``.

Args:
    dim (int): the dimension to normalize over.
    dtype (ember.dtype, optional): cast the input to this dtype first.

Returns:
    Tensor: same shape as this tensor.

Example::

    >>> x = ember.tensor([[0., 0.], [0., 200.]])
    >>> x.log_softmax(dim=1)
    tensor([[  -0.6931,   -0.6931],
            [-200.0000,    0.0000]])
""")


add_docstr(Tensor.chunk, r"""chunk(chunks, dim=0) -> List of Tensors

Splits the tensor into ``chunks`` views of (nearly) equal size along ``dim``; see
``ember.chunk``.

Each chunk has ``ceil(size / chunks)`` elements along ``dim`` and the last one may be smaller,
so fewer than ``chunks`` pieces can come back. The result is a view: it shares memory (and
autograd's version counter) with this tensor. Gradients of the pieces flow back into the
matching slices.

Args:
    chunks (int): the number of pieces asked for.
    dim (int): the dimension to split (default 0).

Returns:
    tuple of Tensor: the views.

Example::

    >>> x = ember.arange(5)
    >>> x.chunk(3)
    (tensor([0, 1]), tensor([2, 3]), tensor([4]))
    >>> x.chunk(2)
    (tensor([0, 1, 2]), tensor([3, 4]))
""")


add_docstr(Tensor.contiguous, r"""contiguous(memory_format=ember.contiguous_format) -> Tensor

A tensor with the same values laid out in row-major (C) order in memory; returns this tensor
itself when it already is.

Views such as ``t()`` or ``transpose`` are usually not contiguous, and ``view`` needs a
contiguous input. Gradient: passes through unchanged.

Args:
    memory_format (memory_format): the layout wanted (torch's default ``contiguous_format`` is
        row-major); ember accepts and ignores it.

Returns:
    Tensor: this tensor or a contiguous copy.

Example::

    >>> x = ember.tensor([[1, 2], [3, 4]]).t()
    >>> x.is_contiguous()
    False
    >>> y = x.contiguous()
    >>> y.is_contiguous(), y.stride()
    (True, (2, 1))
    >>> y
    tensor([[1, 3],
            [2, 4]])
""")


add_docstr(Tensor.expand, r"""expand(*sizes) -> Tensor

A view that repeats size-1 dimensions to the given sizes without copying; see
``ember.broadcast_to``.

Pass -1 to keep a dimension's size; new leading dimensions may be added. Only size-1 dimensions
can grow (RuntimeError otherwise). The expanded dimensions have stride 0, so write to a
``clone()`` rather than to the view. Gradient: summed over the expanded dimensions.

Args:
    *sizes (int or ember.Size): the target shape.

Returns:
    Tensor: a view of the new shape.

Example::

    >>> x = ember.tensor([[1], [2]])
    >>> x.expand(2, 3)
    tensor([[1, 1, 1],
            [2, 2, 2]])
    >>> x.expand(-1, 2).stride()
    (1, 0)
""")


add_docstr(Tensor.expand_as, r"""expand_as(other) -> Tensor

``self.expand(other.size())``: a view broadcast to ``other``'s shape without copying. Gradient:
summed over the broadcast dimensions.

Args:
    other (Tensor): the tensor whose shape to take.

Returns:
    Tensor: a view with ``other``'s shape.

Example::

    >>> x = ember.tensor([1, 2, 3])
    >>> x.expand_as(ember.zeros(2, 3))
    tensor([[1, 2, 3],
            [1, 2, 3]])
""")


add_docstr(Tensor.gather, r"""gather(dim, index) -> Tensor

Picks values along ``dim`` by index: ``out[i][j] = self[index[i][j]][j]`` for ``dim=0`` and
``out[i][j] = self[i][index[i][j]]`` for ``dim=1``; see ``ember.gather``.

``index`` is an int64 tensor with as many dimensions as this one; the result has ``index``'s
shape. Gradient: scattered (added) back to the picked positions.

Args:
    dim (int): the dimension to index along.
    index (LongTensor): the indices.

Keyword args:
    sparse_grad (bool): accepted for compatibility; the gradient is dense.

Returns:
    Tensor: the gathered values, shape of ``index``.

Example::

    >>> x = ember.tensor([[1, 2], [3, 4]])
    >>> x.gather(1, ember.tensor([[0, 0], [1, 0]]))
    tensor([[1, 1],
            [4, 3]])
""")


add_docstr(Tensor.index_add, r"""index_add(dim, index, source, *, alpha=1) -> Tensor

Adds ``alpha * source[i]`` into row ``index[i]`` (the slice along ``dim``) for every i; see
``ember.index_add``.

``index_add`` works on a copy, ``index_add_`` in place. Repeated indices accumulate. Gradient: 1
for this tensor and the selected rows of the incoming gradient for ``source``.

Args:
    dim (int): the dimension to index.
    index (LongTensor): 1-D indices into ``dim``.
    source (Tensor): the values to add; its size along ``dim`` equals ``len(index)``.

Keyword args:
    alpha (Number): multiplier of ``source`` (default 1).

Returns:
    Tensor: the sum.

Example::

    >>> x = ember.zeros(3, 2)
    >>> x.index_add(0, ember.tensor([0, 2, 0]), ember.ones(3, 2))
    tensor([[2., 2.],
            [0., 0.],
            [1., 1.]])
""")


add_docstr(Tensor.index_add_, r"""index_add_(dim, index, source, *, alpha=1) -> Tensor

In-place form of ``Tensor.index_add``: writes the result into this tensor and returns it. Adds
``alpha * source[i]`` into row ``index[i]`` (the slice along ``dim``) for every i; see
``ember.index_add``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    dim (int): the dimension to index.
    index (LongTensor): 1-D indices into ``dim``.
    source (Tensor): the values to add; its size along ``dim`` equals ``len(index)``.

Keyword args:
    alpha (Number): multiplier of ``source`` (default 1).

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.zeros(3, 2)
    >>> x.index_add_(0, ember.tensor([0, 2, 0]), ember.ones(3, 2))
    tensor([[2., 2.],
            [0., 0.],
            [1., 1.]])
    >>> x
    tensor([[2., 2.],
            [0., 0.],
            [1., 1.]])
""")


add_docstr(Tensor.index_copy, r"""index_copy(dim, index, source) -> Tensor

Replaces row ``index[i]`` (the slice along ``dim``) by ``source[i]`` for every i; see
``ember.index_copy``.

``index_copy`` works on a copy, ``index_copy_`` in place. With repeated indices which row wins
is unspecified. Gradient: the incoming gradient with the overwritten rows zeroed for this
tensor, and those rows of it for ``source``.

Args:
    dim (int): the dimension to index.
    index (LongTensor): 1-D indices into ``dim``.
    source (Tensor): the rows to write; its size along ``dim`` equals ``len(index)``.

Returns:
    Tensor: the result.

Example::

    >>> x = ember.zeros(3, 2)
    >>> x.index_copy(0, ember.tensor([2, 0]), ember.tensor([[1., 2.], [3., 4.]]))
    tensor([[3., 4.],
            [0., 0.],
            [1., 2.]])
""")


add_docstr(Tensor.index_copy_, r"""index_copy_(dim, index, source) -> Tensor

In-place form of ``Tensor.index_copy``: writes the result into this tensor and returns it.
Replaces row ``index[i]`` (the slice along ``dim``) by ``source[i]`` for every i; see
``ember.index_copy``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    dim (int): the dimension to index.
    index (LongTensor): 1-D indices into ``dim``.
    source (Tensor): the rows to write; its size along ``dim`` equals ``len(index)``.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.zeros(3, 2)
    >>> x.index_copy_(0, ember.tensor([2, 0]), ember.tensor([[1., 2.], [3., 4.]]))
    tensor([[3., 4.],
            [0., 0.],
            [1., 2.]])
    >>> x
    tensor([[3., 4.],
            [0., 0.],
            [1., 2.]])
""")


add_docstr(Tensor.index_fill_, r"""index_fill_(dim, index, value) -> Tensor

In-place form of ``Tensor.index_fill``: writes the result into this tensor and returns it. Fills
the rows (slices along ``dim``) named by ``index`` with ``value``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    dim (int): the dimension to index.
    index (LongTensor): 1-D indices into ``dim``.
    value (Number or 0-dim Tensor): the fill value.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.zeros(2, 3)
    >>> x.index_fill_(1, ember.tensor([0, 2]), 7.)
    tensor([[7., 0., 7.],
            [7., 0., 7.]])
    >>> x
    tensor([[7., 0., 7.],
            [7., 0., 7.]])
""")


add_docstr(Tensor.index_put_, r"""index_put_(indices, values, accumulate=False) -> Tensor

In-place form of ``Tensor.index_put``: writes the result into this tensor and returns it.
Advanced-index assignment ``self[indices] = values`` (or ``+=`` with ``accumulate=True``, where
repeated indices add up).

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    indices (tuple of Tensor): one index tensor per leading dimension, broadcast together, as in
        ``self[i, j]``.
    values (Tensor): the values, broadcast to the indexed shape.
    accumulate (bool): add instead of overwrite (default False).

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.zeros(3)
    >>> x.index_put_((ember.tensor([0, 2, 0]),), ember.tensor(1.), accumulate=True)
    tensor([2., 0., 1.])
    >>> x
    tensor([2., 0., 1.])
""")


add_docstr(Tensor.index_reduce_, r"""
index_reduce_(dim, index, source, reduce, *, include_self=True) -> Tensor

In-place form of ``Tensor.index_reduce``: writes the result into this tensor and returns it.
Combines ``source``'s rows into the rows (slices along ``dim``) named by ``index`` with a
reduction: ``'prod'``, ``'mean'``, ``'amax'`` or ``'amin'``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    dim (int): the dimension to index.
    index (LongTensor): 1-D indices into ``dim``.
    source (Tensor): the rows to combine.
    reduce (str): ``'prod'``, ``'mean'``, ``'amax'`` or ``'amin'``.

Keyword args:
    include_self (bool): whether this tensor's values take part (default True).

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.index_reduce_(0, ember.tensor([0, 0, 2]), ember.tensor([5., 6., 7.]), 'amax')
    tensor([6., 2., 7.])
    >>> x
    tensor([6., 2., 7.])
""")


add_docstr(Tensor.index_select, r"""index_select(dim, index) -> Tensor

Selects the rows (slices along ``dim``) named by ``index``, in that order and with repeats; see
``ember.index_select``.

The result is a new tensor (not a view). Gradient: added back to the selected rows.

Args:
    dim (int): the dimension to index.
    index (LongTensor): 1-D indices into ``dim``.

Returns:
    Tensor: the selected rows.

Example::

    >>> x = ember.tensor([[1, 2, 3], [4, 5, 6]])
    >>> x.index_select(1, ember.tensor([2, 0, 2]))
    tensor([[3, 1, 3],
            [6, 4, 6]])
""")


add_docstr(Tensor.masked_fill_, r"""masked_fill_(mask, value) -> Tensor

In-place form of ``Tensor.masked_fill``: writes the result into this tensor and returns it.
Fills the elements where ``mask`` is True with ``value``; ``mask`` is a bool tensor broadcast to
this tensor's shape.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    mask (BoolTensor): where to write.
    value (Number or 0-dim Tensor): the fill value.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.masked_fill_(x > 1.5, 0.)
    tensor([1., 0., 0.])
    >>> x
    tensor([1., 0., 0.])
""")


add_docstr(Tensor.masked_scatter_, r"""masked_scatter_(mask, source) -> Tensor

In-place form of ``Tensor.masked_scatter``: writes the result into this tensor and returns it.
Copies ``source``'s elements, in row-major order, into the positions where ``mask`` is True;
``source`` needs at least as many elements as ``mask`` has True values.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    mask (BoolTensor): where to write, broadcast to this tensor's shape.
    source (Tensor): the values, consumed in order.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.zeros(2, 3)
    >>> mask = ember.tensor([[True, False, True], [False, True, False]])
    >>> x.masked_scatter_(mask, ember.tensor([1., 2., 3., 4.]))
    tensor([[1., 0., 2.],
            [0., 3., 0.]])
    >>> x
    tensor([[1., 0., 2.],
            [0., 3., 0.]])
""")


add_docstr(Tensor.masked_select, r"""masked_select(mask) -> Tensor

The elements where ``mask`` is True, as a 1-D tensor in row-major order; see
``ember.masked_select``.

``mask`` is a bool tensor, broadcast against this one. Same as ``x[mask]``. Gradient: scattered
back to the selected positions.

Args:
    mask (BoolTensor): which elements to take.

Returns:
    Tensor: a new 1-D tensor.

Example::

    >>> x = ember.tensor([[1, 2, 3], [4, 5, 6]])
    >>> x.masked_select(x % 2 == 0)
    tensor([2, 4, 6])
""")


add_docstr(Tensor.narrow_copy, r"""narrow_copy(dim, start, length) -> Tensor

Like ``narrow`` (elements ``start`` to ``start + length`` along ``dim``) but returns a copy
instead of a view. Gradient: the incoming gradient placed in the narrowed range, zero elsewhere.

Args:
    dim (int): the dimension to slice.
    start (int): the first index.
    length (int): how many elements to keep.

Returns:
    Tensor: a new tensor.

Example::

    >>> x = ember.tensor([[1, 2, 3], [4, 5, 6]])
    >>> x.narrow_copy(1, 1, 2)
    tensor([[2, 3],
            [5, 6]])
""")


add_docstr(Tensor.nonzero, r"""nonzero(*, as_tuple=False) -> LongTensor

Indices of the nonzero elements; see ``ember.nonzero``.

By default an int64 tensor of shape ``(n, ndim)`` with one row per nonzero element, in row-major
order. With ``as_tuple=True`` a tuple of ``ndim`` 1-D index tensors, one per dimension, usable
as ``x[x.nonzero(as_tuple=True)]``.

Args:
    self (Tensor): the input; the other arguments are keyword-only (below).

Keyword args:
    as_tuple (bool): return one index tensor per dimension (default False).

Returns:
    Tensor or tuple of Tensor: the indices.

Example::

    >>> x = ember.tensor([[0, 3], [4, 0]])
    >>> x.nonzero()
    tensor([[0, 1],
            [1, 0]])
    >>> x.nonzero(as_tuple=True)
    (tensor([0, 1]), tensor([1, 0]))
""")


add_docstr(Tensor.put_, r"""put_(index, source, accumulate=False) -> Tensor

In-place form of ``Tensor.put``: writes the result into this tensor and returns it. Writes
``source``'s values at the given indices into the FLATTENED tensor (as if it were 1-D,
row-major).

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    index (LongTensor): flat indices (negative ones count from the end).
    source (Tensor): the values, same number of elements as ``index``.
    accumulate (bool): add instead of overwrite; repeated indices then add up.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.zeros(2, 2)
    >>> x.put_(ember.tensor([0, 3, 3]), ember.tensor([1., 2., 3.]), accumulate=True)
    tensor([[1., 0.],
            [0., 5.]])
    >>> x
    tensor([[1., 0.],
            [0., 5.]])
""")


add_docstr(Tensor.repeat, r"""repeat(*repeats) -> Tensor

Tiles the tensor: repeats it ``repeats[i]`` times along dimension i, copying the data (unlike
``expand``).

With more repeats than dimensions, new leading dimensions are added. Gradient: the tiles'
gradients summed.

Args:
    *repeats (int or ember.Size): how many times to repeat along each dimension.

Returns:
    Tensor: a new tensor of shape ``size[i] * repeats[i]``.

Example::

    >>> x = ember.tensor([1, 2])
    >>> x.repeat(2, 2)
    tensor([[1, 2, 1, 2],
            [1, 2, 1, 2]])
    >>> x.repeat(3)
    tensor([1, 2, 1, 2, 1, 2])
""")


add_docstr(Tensor.reshape_as, r"""reshape_as(other) -> Tensor

``self.reshape(other.shape)``: the same elements in ``other``'s shape (a view when possible,
else a copy). Gradient: reshaped back to this tensor's shape.

Args:
    other (Tensor): the tensor whose shape to take.

Returns:
    Tensor: the reshaped tensor.

Example::

    >>> x = ember.arange(6)
    >>> x.reshape_as(ember.zeros(2, 3))
    tensor([[0, 1, 2],
            [3, 4, 5]])
""")


add_docstr(Tensor.view_as, r"""view_as(other) -> Tensor

``self.view(other.size())``: a view with ``other``'s shape.

Raises RuntimeError when the memory layout does not allow a view (use ``reshape_as`` then).
Gradient: flows back through the view unchanged (reshaped to this tensor).

Args:
    other (Tensor): the tensor whose shape to take.

Returns:
    Tensor: a view sharing this tensor's memory.

Example::

    >>> x = ember.arange(4.)
    >>> y = x.view_as(ember.zeros(2, 2))
    >>> y[0, 0] = 9.
    >>> x
    tensor([9., 1., 2., 3.])
""")


add_docstr(Tensor.scatter, r"""scatter(dim, index, src) -> Tensor

Writes the values of ``src`` at the positions along ``dim`` that ``index`` gives; see
``ember.scatter``.

``scatter`` works on a copy, ``scatter_`` in place. For ``dim=0``:
``out[index[i][j]][j] = src[i][j]``; for ``dim=1``: ``out[i][index[i][j]] = src[i][j]``. The
inverse of ``gather``. ``value=`` writes a scalar instead of ``src``; ``reduce='add'`` or
``'multiply'`` combine instead of overwrite. With repeated indices which write wins is
unspecified. Gradient: to this tensor except where overwritten, and ``gather`` of the incoming
gradient for ``src``.

Args:
    dim (int): the dimension to index along.
    index (LongTensor): where each element of ``src`` goes along ``dim``; same number of
        dimensions as this tensor.
    src (Tensor): the values (only its leading part matching ``index`` is used).

Keyword args:
    value (Number): a scalar to write instead of ``src``.
    reduce (str, optional): ``'add'`` or ``'multiply'``.

Returns:
    Tensor: the result.

Example::

    >>> x = ember.zeros(2, 4)
    >>> x.scatter(1, ember.tensor([[3], [0]]), ember.tensor([[5.], [6.]]))
    tensor([[0., 0., 0., 5.],
            [6., 0., 0., 0.]])
""")


add_docstr(Tensor.scatter_, r"""scatter_(dim, index, src) -> Tensor

In-place form of ``Tensor.scatter``: writes the result into this tensor and returns it. Writes
the values of ``src`` at the positions along ``dim`` that ``index`` gives; see
``ember.scatter``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    dim (int): the dimension to index along.
    index (LongTensor): where each element of ``src`` goes along ``dim``; same number of
        dimensions as this tensor.
    src (Tensor): the values (only its leading part matching ``index`` is used).

Keyword args:
    value (Number): a scalar to write instead of ``src``.
    reduce (str, optional): ``'add'`` or ``'multiply'``.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.zeros(2, 4)
    >>> x.scatter_(1, ember.tensor([[3], [0]]), ember.tensor([[5.], [6.]]))
    tensor([[0., 0., 0., 5.],
            [6., 0., 0., 0.]])
    >>> x
    tensor([[0., 0., 0., 5.],
            [6., 0., 0., 0.]])
""")


add_docstr(Tensor.scatter_add, r"""scatter_add(dim, index, src) -> Tensor

Like ``scatter`` but adds: ``out[i][index[i][j]] += src[i][j]`` for ``dim=1``, so repeated
indices accumulate; see ``ember.scatter_add``.

The usual way to sum values into bins. Gradient: ``gather`` of the incoming gradient for
``src``.

Args:
    dim (int): the dimension to index along.
    index (LongTensor): where each element of ``src`` goes along ``dim``; same number of
        dimensions as this tensor.
    src (Tensor): the values to add.

Returns:
    Tensor: the result.

Example::

    >>> x = ember.zeros(3)
    >>> x.scatter_add(0, ember.tensor([0, 2, 0, 0]), ember.tensor([1., 2., 3., 4.]))
    tensor([8., 0., 2.])
""")


add_docstr(Tensor.scatter_add_, r"""scatter_add_(dim, index, src) -> Tensor

In-place form of ``Tensor.scatter_add``: writes the result into this tensor and returns it. Like
``scatter`` but adds: ``out[i][index[i][j]] += src[i][j]`` for ``dim=1``, so repeated indices
accumulate; see ``ember.scatter_add``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    dim (int): the dimension to index along.
    index (LongTensor): where each element of ``src`` goes along ``dim``; same number of
        dimensions as this tensor.
    src (Tensor): the values to add.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.zeros(3)
    >>> x.scatter_add_(0, ember.tensor([0, 2, 0, 0]), ember.tensor([1., 2., 3., 4.]))
    tensor([8., 0., 2.])
    >>> x
    tensor([8., 0., 2.])
""")


add_docstr(Tensor.scatter_reduce, r"""
scatter_reduce(dim, index, src, reduce, *, include_self=True) -> Tensor

Scatters ``src`` along ``dim`` combining the values that land on the same position with
``reduce``; see ``ember.scatter_reduce``.

``reduce`` is ``'sum'``, ``'prod'``, ``'mean'``, ``'amax'`` or ``'amin'``. With
``include_self=False`` the positions that receive values forget their own. Differentiable for
``'sum'``, ``'mean'``, ``'prod'``, ``'amax'`` and ``'amin'`` (ties in the latter two share the
gradient evenly).

Args:
    dim (int): the dimension to index along.
    index (LongTensor): where each element of ``src`` goes along ``dim``; same number of
        dimensions as this tensor.
    src (Tensor): the values.
    reduce (str): the reduction.

Keyword args:
    include_self (bool): whether this tensor's values take part (default True).

Returns:
    Tensor: the result.

Example::

    >>> x = ember.tensor([0., 0., 0.])
    >>> idx = ember.tensor([0, 0, 2])
    >>> x.scatter_reduce(0, idx, ember.tensor([1., 5., 3.]), 'amax')
    tensor([5., 0., 3.])
    >>> x.scatter_reduce(0, idx, ember.tensor([1., 5., 3.]), 'mean', include_self=False)
    tensor([3., 0., 3.])
""")


add_docstr(Tensor.scatter_reduce_, r"""
scatter_reduce_(dim, index, src, reduce, *, include_self=True) -> Tensor

In-place form of ``Tensor.scatter_reduce``: writes the result into this tensor and returns it.
Scatters ``src`` along ``dim`` combining the values that land on the same position with
``reduce``; see ``ember.scatter_reduce``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    dim (int): the dimension to index along.
    index (LongTensor): where each element of ``src`` goes along ``dim``; same number of
        dimensions as this tensor.
    src (Tensor): the values.
    reduce (str): the reduction.

Keyword args:
    include_self (bool): whether this tensor's values take part (default True).

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([10., 10., 10.])
    >>> x.scatter_reduce_(0, ember.tensor([0, 0, 2]), ember.tensor([1., 5., 3.]), 'sum')
    tensor([16., 10., 13.])
    >>> x
    tensor([16., 10., 13.])
""")


add_docstr(Tensor.select, r"""select(dim, index) -> Tensor

The slice at position ``index`` along ``dim``, with that dimension removed: ``x.select(1, 2)``
is ``x[:, 2]``; see ``ember.select``.

The result is a view: it shares memory (and autograd's version counter) with this tensor.
Gradient: the incoming gradient placed at that index, zero elsewhere.

Args:
    dim (int): the dimension to slice.
    index (int): the position (negative counts from the end).

Returns:
    Tensor: a view with one dimension fewer.

Example::

    >>> x = ember.tensor([[1, 2, 3], [4, 5, 6]])
    >>> x.select(1, 2)
    tensor([3, 6])
    >>> x.select(0, -1)
    tensor([4, 5, 6])
""")


add_docstr(Tensor.select_scatter, r"""select_scatter(src, dim, index) -> Tensor

A copy of this tensor with the slice ``select(dim, index)`` replaced by ``src``; the
out-of-place way to write ``x[:, index] = src``. Gradient: to this tensor outside the slice and
to ``src`` inside it.

Args:
    src (Tensor): the values, shaped like the selected slice.
    dim (int): the dimension.
    index (int): the position.

Returns:
    Tensor: a new tensor.

Example::

    >>> x = ember.zeros(2, 3)
    >>> x.select_scatter(ember.tensor([1., 2.]), 1, 0)
    tensor([[1., 0., 0.],
            [2., 0., 0.]])
""")


add_docstr(Tensor.slice_scatter, r"""
slice_scatter(src, dim=0, start=None, end=None, step=1) -> Tensor

A copy of this tensor with the slice ``start:end:step`` along ``dim`` replaced by ``src``.
Gradient: to this tensor outside the slice and to ``src`` inside it.

Args:
    src (Tensor): the values, shaped like the slice.
    dim (int): the dimension (default 0).
    start (int, optional): first index of the slice.
    end (int, optional): end of the slice (exclusive).
    step (int): the stride of the slice.

Returns:
    Tensor: a new tensor.

Example::

    >>> x = ember.zeros(4)
    >>> x.slice_scatter(ember.tensor([1., 2.]), start=0, step=2)
    tensor([1., 0., 2., 0.])
""")


add_docstr(Tensor.squeeze, r"""squeeze(dim=None) -> Tensor

Removes dimensions of size 1: all of them, or only the given one(s); see ``ember.squeeze``.

A named dimension that is not of size 1 is left alone (no error). The result is a view: it
shares memory (and autograd's version counter) with this tensor. Gradient: flows back through
the view unchanged (reshaped to this tensor).

Args:
    dim (int or tuple of ints, optional): the dimension(s) to remove if they have size 1.

Returns:
    Tensor: a view.

Example::

    >>> x = ember.zeros(2, 1, 3, 1)
    >>> x.squeeze().shape
    ember.Size([2, 3])
    >>> x.squeeze(1).shape
    ember.Size([2, 3, 1])
    >>> x.squeeze(0).shape
    ember.Size([2, 1, 3, 1])
""")


add_docstr(Tensor.squeeze_, r"""squeeze_(dim=None) -> Tensor

In-place form of ``Tensor.squeeze``: changes this tensor's own shape and returns it. Removes
dimensions of size 1: all of them, or only the given one(s); see ``ember.squeeze``.

Only this tensor's shape and strides change; no data moves, and views of it keep their own
shapes.

Args:
    dim (int or tuple of ints, optional): the dimension(s) to remove if they have size 1.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.zeros(2, 1, 3)
    >>> x.squeeze_(1).shape
    ember.Size([2, 3])
    >>> x.shape
    ember.Size([2, 3])
""")


add_docstr(Tensor.unsqueeze, r"""unsqueeze(dim) -> Tensor

Inserts a dimension of size 1 at position ``dim``; see ``ember.unsqueeze``.

``dim`` may range over ``[-x.dim() - 1, x.dim()]``; negative values count from the end of the
result. The result is a view: it shares memory (and autograd's version counter) with this
tensor. Gradient: flows back through the view unchanged (reshaped to this tensor).

Args:
    dim (int): where the new dimension goes.

Returns:
    Tensor: a view with one more dimension.

Example::

    >>> x = ember.tensor([1, 2, 3])
    >>> x.unsqueeze(0)
    tensor([[1, 2, 3]])
    >>> x.unsqueeze(-1)
    tensor([[1],
            [2],
            [3]])
""")


add_docstr(Tensor.unsqueeze_, r"""unsqueeze_(dim) -> Tensor

In-place form of ``Tensor.unsqueeze``: changes this tensor's own shape and returns it. Inserts a
dimension of size 1 at position ``dim``; see ``ember.unsqueeze``.

Only this tensor's shape and strides change; no data moves, and views of it keep their own
shapes.

Args:
    dim (int): where the new dimension goes.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1, 2, 3])
    >>> x.unsqueeze_(0).shape
    ember.Size([1, 3])
    >>> x
    tensor([[1, 2, 3]])
""")


add_docstr(Tensor.swapaxes_, r"""swapaxes_(axis0, axis1) -> Tensor

In-place form of ``Tensor.swapaxes``: changes this tensor's own shape and returns it. Alias of
``transpose``.

Only this tensor's shape and strides change; no data moves, and views of it keep their own
shapes.

Args:
    axis0 (int): the first dimension.
    axis1 (int): the second dimension.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([[1, 2, 3], [4, 5, 6]])
    >>> x.swapaxes_(0, 1)
    tensor([[1, 4],
            [2, 5],
            [3, 6]])
    >>> x
    tensor([[1, 4],
            [2, 5],
            [3, 6]])
""")


add_docstr(Tensor.swapdims_, r"""swapdims_(dim0, dim1) -> Tensor

In-place form of ``Tensor.swapdims``: changes this tensor's own shape and returns it. Alias of
``transpose``.

Only this tensor's shape and strides change; no data moves, and views of it keep their own
shapes.

Args:
    dim0 (int): the first dimension.
    dim1 (int): the second dimension.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([[1, 2, 3], [4, 5, 6]])
    >>> x.swapdims_(0, 1)
    tensor([[1, 4],
            [2, 5],
            [3, 6]])
    >>> x
    tensor([[1, 4],
            [2, 5],
            [3, 6]])
""")


add_docstr(Tensor.transpose_, r"""transpose_(dim0, dim1) -> Tensor

In-place form of ``Tensor.transpose``: changes this tensor's own shape and returns it. Swaps two
dimensions.

Only this tensor's shape and strides change; no data moves, and views of it keep their own
shapes.

Args:
    dim0 (int): the first dimension.
    dim1 (int): the second dimension.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([[1, 2, 3], [4, 5, 6]])
    >>> x.transpose_(0, 1)
    tensor([[1, 4],
            [2, 5],
            [3, 6]])
    >>> x
    tensor([[1, 4],
            [2, 5],
            [3, 6]])
""")


add_docstr(Tensor.t_, r"""t_() -> Tensor

In-place form of ``Tensor.t``: changes this tensor's own shape and returns it. Transposes a
matrix (a 0-D or 1-D tensor is returned as it is).

Only this tensor's shape and strides change; no data moves, and views of it keep their own
shapes.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([[1, 2, 3], [4, 5, 6]])
    >>> x.t_()
    tensor([[1, 4],
            [2, 5],
            [3, 6]])
    >>> x
    tensor([[1, 4],
            [2, 5],
            [3, 6]])
""")


add_docstr(Tensor.take, r"""take(index) -> Tensor

Picks elements of the FLATTENED tensor (row-major, as if 1-D) by index; the result has
``index``'s shape; see ``ember.take``.

Negative indices count from the end. Gradient: added back to the picked elements.

Args:
    index (LongTensor): flat indices.

Returns:
    Tensor: shape of ``index``.

Example::

    >>> x = ember.tensor([[1, 2, 3], [4, 5, 6]])
    >>> x.take(ember.tensor([[0, 5], [-1, 1]]))
    tensor([[1, 6],
            [6, 2]])
""")


add_docstr(Tensor.take_along_dim, r"""take_along_dim(indices, dim) -> Tensor

Like ``gather`` but ``indices`` broadcasts against this tensor; without ``dim`` both are
flattened; see ``ember.take_along_dim``.

The natural partner of ``argmax``/``argsort`` with ``keepdim``. Gradient: added back to the
selected positions.

Args:
    indices (LongTensor): the indices along ``dim``.
    dim (int, optional): the dimension (default None: index the flattened tensor).

Returns:
    Tensor: the selected values.

Example::

    >>> x = ember.tensor([[10, 30, 20], [60, 40, 50]])
    >>> x.take_along_dim(x.argmax(dim=1, keepdim=True), dim=1)
    tensor([[30],
            [60]])
""")


add_docstr(Tensor.tril, r"""tril(diagonal=0) -> Tensor

Lower triangle of a matrix (or of each matrix in a batch): keeps elements on and below the
``diagonal``-th diagonal and zeros the rest; see ``ember.tril``.

``diagonal=0`` is the main diagonal, positive values move it up (keeping more), negative ones
down. Gradient: the incoming gradient's lower triangle (the same mask).

Args:
    diagonal (int): which diagonal bounds the triangle (default 0).

Returns:
    Tensor: same shape as this tensor.

Example::

    >>> x = ember.ones(3, 3)
    >>> x.tril()
    tensor([[1., 0., 0.],
            [1., 1., 0.],
            [1., 1., 1.]])
    >>> x.tril(diagonal=-1)
    tensor([[0., 0., 0.],
            [1., 0., 0.],
            [1., 1., 0.]])
""")


add_docstr(Tensor.tril_, r"""tril_(diagonal=0) -> Tensor

In-place form of ``Tensor.tril``: writes the result into this tensor and returns it. Lower
triangle of a matrix (or of each matrix in a batch): keeps elements on and below the
``diagonal``-th diagonal and zeros the rest; see ``ember.tril``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    diagonal (int): which diagonal bounds the triangle (default 0).

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.ones(3, 3)
    >>> x.tril()
    tensor([[1., 0., 0.],
            [1., 1., 0.],
            [1., 1., 1.]])
    >>> x.tril_(diagonal=-1)
    tensor([[0., 0., 0.],
            [1., 0., 0.],
            [1., 1., 0.]])
    >>> x
    tensor([[0., 0., 0.],
            [1., 0., 0.],
            [1., 1., 0.]])
""")


add_docstr(Tensor.triu, r"""triu(diagonal=0) -> Tensor

Upper triangle of a matrix (or of each matrix in a batch): keeps elements on and above the
``diagonal``-th diagonal and zeros the rest; see ``ember.triu``.

``diagonal=0`` is the main diagonal, positive values move it up (keeping less), negative ones
down. Gradient: the incoming gradient's upper triangle (the same mask).

Args:
    diagonal (int): which diagonal bounds the triangle (default 0).

Returns:
    Tensor: same shape as this tensor.

Example::

    >>> x = ember.ones(3, 3)
    >>> x.triu()
    tensor([[1., 1., 1.],
            [0., 1., 1.],
            [0., 0., 1.]])
    >>> x.triu(diagonal=1)
    tensor([[0., 1., 1.],
            [0., 0., 1.],
            [0., 0., 0.]])
""")


add_docstr(Tensor.triu_, r"""triu_(diagonal=0) -> Tensor

In-place form of ``Tensor.triu``: writes the result into this tensor and returns it. Upper
triangle of a matrix (or of each matrix in a batch): keeps elements on and above the
``diagonal``-th diagonal and zeros the rest; see ``ember.triu``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    diagonal (int): which diagonal bounds the triangle (default 0).

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.ones(3, 3)
    >>> x.triu()
    tensor([[1., 1., 1.],
            [0., 1., 1.],
            [0., 0., 1.]])
    >>> x.triu_(diagonal=1)
    tensor([[0., 1., 1.],
            [0., 0., 1.],
            [0., 0., 0.]])
    >>> x
    tensor([[0., 1., 1.],
            [0., 0., 1.],
            [0., 0., 0.]])
""")


add_docstr(Tensor.unbind, r"""unbind(dim=0) -> seq

Splits the tensor into the tuple of its slices along ``dim``, each with that dimension removed;
see ``ember.unbind``.

Each slice is a view: it shares memory (and autograd's version counter) with this tensor.
Gradients of the slices are stacked back.

Args:
    dim (int): the dimension to remove (default 0).

Returns:
    tuple of Tensor: ``x.size(dim)`` views.

Example::

    >>> x = ember.tensor([[1, 2, 3], [4, 5, 6]])
    >>> x.unbind()
    (tensor([1, 2, 3]), tensor([4, 5, 6]))
    >>> x.unbind(1)
    (tensor([1, 4]), tensor([2, 5]), tensor([3, 6]))
""")


add_docstr(Tensor.unflatten, r"""unflatten(dim, sizes) -> Tensor

Splits dimension ``dim`` into several with the given sizes (the inverse of ``flatten``); see
``ember.unflatten``.

One size may be -1 and is inferred; the sizes must multiply to the old size. Gradient: flows
back through the view unchanged (reshaped to this tensor).

Args:
    dim (int): the dimension to split.
    sizes (tuple of ints): the new sizes.

Returns:
    Tensor: a view when possible.

Example::

    >>> x = ember.arange(12).reshape(2, 6)
    >>> x.unflatten(1, (2, 3)).shape
    ember.Size([2, 2, 3])
    >>> x.unflatten(1, (-1, 2)).shape
    ember.Size([2, 3, 2])
""")


add_docstr(Tensor.unfold, r"""unfold(dimension, size, step) -> Tensor

Sliding windows along one dimension: windows of length ``size`` starting every ``step``
elements, as a new last dimension.

The result has ``(x.size(dimension) - size) // step + 1`` windows along ``dimension``. The
result is a view: it shares memory (and autograd's version counter) with this tensor. Gradient:
overlapping windows add their gradients.

Args:
    dimension (int): the dimension to slide along.
    size (int): the window length.
    step (int): the distance between window starts.

Returns:
    Tensor: a view.

Example::

    >>> x = ember.arange(6)
    >>> x.unfold(0, 3, 2)
    tensor([[0, 1, 2],
            [2, 3, 4]])
    >>> x.unfold(0, 2, 1).shape
    ember.Size([5, 2])
""")


add_docstr(Tensor.diag, r"""diag(diagonal=0) -> Tensor

For a 1-D tensor, a square matrix with it on the ``diagonal``-th diagonal; for a 2-D tensor, the
``diagonal``-th diagonal as a 1-D tensor; see ``ember.diag``.

``diagonal > 0`` is above the main diagonal, ``< 0`` below. Gradient: the diagonal of the
incoming gradient (or a diagonal matrix of it).

Args:
    diagonal (int): which diagonal (default 0, the main one).

Returns:
    Tensor: a new 2-D or 1-D tensor.

Example::

    >>> ember.tensor([1, 2]).diag()
    tensor([[1, 0],
            [0, 2]])
    >>> ember.tensor([[1, 2], [3, 4]]).diag(1)
    tensor([2])
""")


add_docstr(Tensor.fill_, r"""fill_(value) -> Tensor

Writes ``value`` into every element, in place, and returns this tensor.

The value is cast to this tensor's dtype. Autograd sees it as an op whose result does not depend
on the old values.

Args:
    value (Number or 0-dim Tensor): the value to write.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.empty(2, 2)
    >>> x.fill_(3.5)
    tensor([[3.5000, 3.5000],
            [3.5000, 3.5000]])
    >>> ember.zeros(2, dtype=ember.int64).fill_(2.7)
    tensor([2, 2])
""")


add_docstr(Tensor.zero_, r"""zero_() -> Tensor

Sets every element to zero, in place, and returns this tensor.

Used to clear accumulated gradients: ``p.grad.zero_()``.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([1., 2.])
    >>> x.zero_()
    tensor([0., 0.])
    >>> x
    tensor([0., 0.])
""")


add_docstr(Tensor.fill_diagonal_, r"""fill_diagonal_(fill_value, wrap=False) -> Tensor

Writes ``fill_value`` on the main diagonal (all indices equal), in place.

For a tall matrix with ``wrap=True`` the diagonal restarts every ``ncols + 1`` rows, as in
NumPy; more than 2 dimensions need all sizes equal.

Args:
    fill_value (Number): the value to write.
    wrap (bool): continue the diagonal below the first square block of a tall matrix (default
        False).

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.zeros(2, 3)
    >>> x.fill_diagonal_(5.)
    tensor([[5., 0., 0.],
            [0., 5., 0.]])
    >>> ember.zeros(5, 2).fill_diagonal_(1., wrap=True)
    tensor([[1., 0.],
            [0., 1.],
            [0., 0.],
            [1., 0.],
            [0., 1.]])
""")


add_docstr(Tensor.copy_, r"""copy_(src, non_blocking=False) -> Tensor

Copies ``src``'s values into this tensor, in place, and returns it.

``src`` is broadcast to this tensor's shape and cast to its dtype and device. Differentiable
with respect to ``src``.

Args:
    src (Tensor): the values to copy.
    non_blocking (bool): allow an asynchronous copy between host and GPU (ignored on the CPU).

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.zeros(2, 3, dtype=ember.int32)
    >>> x.copy_(ember.tensor([1.7, 2., 3.]))
    tensor([[1, 2, 3],
            [1, 2, 3]], dtype=ember.int32)
""")


add_docstr(Tensor.renorm_, r"""renorm_(p, dim, maxnorm) -> Tensor

In-place form of ``Tensor.renorm``: writes the result into this tensor and returns it. Rescales
each slice along ``dim`` whose p-norm exceeds ``maxnorm`` so that its norm equals ``maxnorm``;
slices within the limit are unchanged.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    p (float): the norm's order.
    dim (int): the dimension that indexes the slices (each slice is everything else).
    maxnorm (float): the largest allowed norm.

Returns:
    Tensor: this tensor, modified.

Example::

    >>> x = ember.tensor([[3., 4.], [0.3, 0.4]])
    >>> x.renorm_(2, 0, 1.)
    tensor([[0.6000, 0.8000],
            [0.3000, 0.4000]])
    >>> x
    tensor([[0.6000, 0.8000],
            [0.3000, 0.4000]])
""")


add_docstr(Tensor.kron, r"""kron(other) -> Tensor

Kronecker product: every element of this tensor scales a full copy of ``other``; see
``ember.kron``.

For matrices of shapes (m, n) and (p, q) the result has shape (m*p, n*q). Gradient: each factor
gets the incoming gradient contracted with the other factor.

Args:
    other (Tensor): the second factor.

Returns:
    Tensor: the Kronecker product.

Example::

    >>> x = ember.tensor([[1, 2], [3, 4]])
    >>> x.kron(ember.tensor([[1, 1]]))
    tensor([[1, 1, 2, 2],
            [3, 3, 4, 4]])
""")


add_docstr(Tensor.cross, r"""cross(other, dim=None) -> Tensor

Cross product of 3-vectors along ``dim``; see ``ember.linalg.cross``.

Both tensors broadcast; the size along ``dim`` must be 3. Without ``dim`` the first dimension of
size 3 is used (deprecated: pass ``dim``). Gradient, with ``g`` the incoming gradient:
``other x g`` and ``g x self``.

Args:
    other (Tensor): the second vectors.
    dim (int, optional): the dimension holding the 3 components.

Returns:
    Tensor: the cross products.

Example::

    >>> x = ember.tensor([1., 0., 0.])
    >>> x.cross(ember.tensor([0., 1., 0.]), dim=0)
    tensor([0., 0., 1.])
""")


add_docstr(Tensor.addmm, r"""addmm(mat1, mat2, *, beta=1, alpha=1) -> Tensor

``beta * self + alpha * (mat1 @ mat2)``: a matrix product added to this tensor; see
``ember.addmm``.

``mat1`` is (n, m), ``mat2`` (m, p) and this tensor broadcasts to (n, p). It is the affine map
of ``nn.Linear``. Gradient, with ``g`` the incoming gradient: ``beta * g``,
``alpha * g @ mat2.T`` and ``alpha * mat1.T @ g``.

Args:
    mat1 (Tensor): the left matrix, (n, m).
    mat2 (Tensor): the right matrix, (m, p).

Keyword args:
    beta (Number): multiplier of this tensor (default 1; with 0 this tensor is ignored, NaNs
        included).
    alpha (Number): multiplier of the product (default 1).

Returns:
    Tensor: the (n, p) result.

Example::

    >>> b = ember.tensor([1., 2.])
    >>> b.addmm(ember.tensor([[1., 2.], [3., 4.]]), ember.eye(2), alpha=10)
    tensor([[11., 22.],
            [31., 42.]])
""")


add_docstr(Tensor.addmm_, r"""addmm_(mat1, mat2, *, beta=1, alpha=1) -> Tensor

In-place form of ``Tensor.addmm``: writes the result into this tensor and returns it.
``beta * self + alpha * (mat1 @ mat2)``: a matrix product added to this tensor; see
``ember.addmm``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    mat1 (Tensor): the left matrix, (n, m).
    mat2 (Tensor): the right matrix, (m, p).

Keyword args:
    beta (Number): multiplier of this tensor (default 1; with 0 this tensor is ignored, NaNs
        included).
    alpha (Number): multiplier of the product (default 1).

Returns:
    Tensor: this tensor, modified.

Example::

    >>> c = ember.ones(2, 2)
    >>> c.addmm_(ember.tensor([[1., 2.], [3., 4.]]), ember.eye(2), beta=0.5)
    tensor([[1.5000, 2.5000],
            [3.5000, 4.5000]])
    >>> c
    tensor([[1.5000, 2.5000],
            [3.5000, 4.5000]])
""")


add_docstr(Tensor.addmv, r"""addmv(mat, vec, *, beta=1, alpha=1) -> Tensor

``beta * self + alpha * (mat @ vec)``: a matrix-vector product added to this vector; see
``ember.addmv``.

``mat`` is (n, m), ``vec`` (m,) and this tensor broadcasts to (n,). Gradient, with ``g`` the
incoming gradient: ``beta * g``, ``alpha * outer(g, vec)`` and ``alpha * mat.T @ g``.

Args:
    mat (Tensor): the matrix, (n, m).
    vec (Tensor): the vector, (m,).

Keyword args:
    beta (Number): multiplier of this tensor (default 1; with 0 this tensor is ignored, NaNs
        included).
    alpha (Number): multiplier of the product (default 1).

Returns:
    Tensor: the (n,) result.

Example::

    >>> b = ember.tensor([1., 1.])
    >>> b.addmv(ember.tensor([[1., 2.], [3., 4.]]), ember.tensor([1., -1.]), beta=2)
    tensor([1., 1.])
""")


add_docstr(Tensor.addmv_, r"""addmv_(mat, vec, *, beta=1, alpha=1) -> Tensor

In-place form of ``Tensor.addmv``: writes the result into this tensor and returns it.
``beta * self + alpha * (mat @ vec)``: a matrix-vector product added to this vector; see
``ember.addmv``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    mat (Tensor): the matrix, (n, m).
    vec (Tensor): the vector, (m,).

Keyword args:
    beta (Number): multiplier of this tensor (default 1; with 0 this tensor is ignored, NaNs
        included).
    alpha (Number): multiplier of the product (default 1).

Returns:
    Tensor: this tensor, modified.

Example::

    >>> b = ember.tensor([1., 1.])
    >>> b.addmv_(ember.tensor([[1., 2.], [3., 4.]]), ember.tensor([1., -1.]), beta=2)
    tensor([1., 1.])
    >>> b
    tensor([1., 1.])
""")


add_docstr(Tensor.addr, r"""addr(vec1, vec2, *, beta=1, alpha=1) -> Tensor

``beta * self + alpha * outer(vec1, vec2)``: an outer product added to this matrix; see
``ember.addr``.

``vec1`` is (n,), ``vec2`` (m,) and this tensor broadcasts to (n, m). Gradient, with ``g`` the
incoming gradient: ``beta * g``, ``alpha * g @ vec2`` and ``alpha * g.T @ vec1``.

Args:
    vec1 (Tensor): the column factor, (n,).
    vec2 (Tensor): the row factor, (m,).

Keyword args:
    beta (Number): multiplier of this tensor (default 1; with 0 this tensor is ignored, NaNs
        included).
    alpha (Number): multiplier of the product (default 1).

Returns:
    Tensor: the (n, m) result.

Example::

    >>> m = ember.zeros(2, 3)
    >>> m.addr(ember.tensor([1., 2.]), ember.tensor([1., 0., -1.]))
    tensor([[ 1.,  0., -1.],
            [ 2.,  0., -2.]])
""")


add_docstr(Tensor.addr_, r"""addr_(vec1, vec2, *, beta=1, alpha=1) -> Tensor

In-place form of ``Tensor.addr``: writes the result into this tensor and returns it.
``beta * self + alpha * outer(vec1, vec2)``: an outer product added to this matrix; see
``ember.addr``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    vec1 (Tensor): the column factor, (n,).
    vec2 (Tensor): the row factor, (m,).

Keyword args:
    beta (Number): multiplier of this tensor (default 1; with 0 this tensor is ignored, NaNs
        included).
    alpha (Number): multiplier of the product (default 1).

Returns:
    Tensor: this tensor, modified.

Example::

    >>> m = ember.zeros(2, 3)
    >>> m.addr_(ember.tensor([1., 2.]), ember.tensor([1., 0., -1.]))
    tensor([[ 1.,  0., -1.],
            [ 2.,  0., -2.]])
    >>> m
    tensor([[ 1.,  0., -1.],
            [ 2.,  0., -2.]])
""")


add_docstr(Tensor.addbmm, r"""addbmm(batch1, batch2, *, beta=1, alpha=1) -> Tensor

``beta * self + alpha * sum_b(batch1[b] @ batch2[b])``: batched matrix products, summed over the
batch, added to this matrix; see ``ember.addbmm``.

``batch1`` is (b, n, m), ``batch2`` (b, m, p), and this tensor broadcasts to (n, p). Gradient,
with ``g`` the incoming gradient: ``beta * g`` for this tensor, ``alpha * g @ batch2[b].T`` for
each ``batch1[b]`` and ``alpha * batch1[b].T @ g`` for each ``batch2[b]``.

Args:
    batch1 (Tensor): the left matrices, (b, n, m).
    batch2 (Tensor): the right matrices, (b, m, p).

Keyword args:
    beta (Number): multiplier of this tensor (default 1; with 0 this tensor is ignored, NaNs
        included).
    alpha (Number): multiplier of the product (default 1).

Returns:
    Tensor: the (n, p) result.

Example::

    >>> m = ember.zeros(2, 2)
    >>> m.addbmm(ember.ones(3, 2, 4), ember.ones(3, 4, 2))
    tensor([[12., 12.],
            [12., 12.]])
""")


add_docstr(Tensor.addbmm_, r"""addbmm_(batch1, batch2, *, beta=1, alpha=1) -> Tensor

In-place form of ``Tensor.addbmm``: writes the result into this tensor and returns it.
``beta * self + alpha * sum_b(batch1[b] @ batch2[b])``: batched matrix products, summed over the
batch, added to this matrix; see ``ember.addbmm``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    batch1 (Tensor): the left matrices, (b, n, m).
    batch2 (Tensor): the right matrices, (b, m, p).

Keyword args:
    beta (Number): multiplier of this tensor (default 1; with 0 this tensor is ignored, NaNs
        included).
    alpha (Number): multiplier of the product (default 1).

Returns:
    Tensor: this tensor, modified.

Example::

    >>> m = ember.zeros(2, 2)
    >>> m.addbmm_(ember.ones(3, 2, 4), ember.ones(3, 4, 2))
    tensor([[12., 12.],
            [12., 12.]])
    >>> m
    tensor([[12., 12.],
            [12., 12.]])
""")


add_docstr(Tensor.baddbmm, r"""baddbmm(batch1, batch2, *, beta=1, alpha=1) -> Tensor

``beta * self + alpha * (batch1 @ batch2)``, one matrix product per batch entry; see
``ember.baddbmm``.

``batch1`` is (b, n, m), ``batch2`` (b, m, p) and this tensor broadcasts to (b, n, p). Gradient,
with ``g`` the incoming gradient: ``beta * g``, ``alpha * g @ batch2.mT`` and
``alpha * batch1.mT @ g``.

Args:
    batch1 (Tensor): the left matrices, (b, n, m).
    batch2 (Tensor): the right matrices, (b, m, p).

Keyword args:
    beta (Number): multiplier of this tensor (default 1; with 0 this tensor is ignored, NaNs
        included).
    alpha (Number): multiplier of the product (default 1).

Returns:
    Tensor: the (b, n, p) result.

Example::

    >>> m = ember.zeros(2, 1, 2)
    >>> m.baddbmm(ember.ones(2, 1, 3), ember.ones(2, 3, 2), alpha=0.5)
    tensor([[[1.5000, 1.5000]],
    <BLANKLINE>
            [[1.5000, 1.5000]]])
""")


add_docstr(Tensor.baddbmm_, r"""baddbmm_(batch1, batch2, *, beta=1, alpha=1) -> Tensor

In-place form of ``Tensor.baddbmm``: writes the result into this tensor and returns it.
``beta * self + alpha * (batch1 @ batch2)``, one matrix product per batch entry; see
``ember.baddbmm``.

The result is written into this tensor in its own dtype, so it must be castable to it (a float
result into an integer tensor raises RuntimeError), and the shape after broadcasting must be
this tensor's shape. Autograd records it like the out-of-place form, but an in-place op on a
leaf that requires grad raises RuntimeError.

Args:
    batch1 (Tensor): the left matrices, (b, n, m).
    batch2 (Tensor): the right matrices, (b, m, p).

Keyword args:
    beta (Number): multiplier of this tensor (default 1; with 0 this tensor is ignored, NaNs
        included).
    alpha (Number): multiplier of the product (default 1).

Returns:
    Tensor: this tensor, modified.

Example::

    >>> m = ember.zeros(2, 1, 2)
    >>> m.baddbmm_(ember.ones(2, 1, 3), ember.ones(2, 3, 2), alpha=0.5)
    tensor([[[1.5000, 1.5000]],
    <BLANKLINE>
            [[1.5000, 1.5000]]])
    >>> m
    tensor([[[1.5000, 1.5000]],
    <BLANKLINE>
            [[1.5000, 1.5000]]])
""")


add_docstr(Tensor.bmm, r"""bmm(mat2) -> Tensor

Batched matrix product: ``out[b] = self[b] @ mat2[b]``; see ``ember.bmm``.

This tensor is (b, n, m) and ``mat2`` (b, m, p); no broadcasting (use ``matmul`` for that).
Gradient, with ``g`` the incoming gradient: ``g @ mat2.mT`` and ``self.mT @ g``.

Args:
    mat2 (Tensor): the right matrices, (b, m, p).

Returns:
    Tensor: the (b, n, p) products.

Example::

    >>> a = ember.arange(8.).reshape(2, 2, 2)
    >>> a.bmm(ember.eye(2).expand(2, 2, 2))
    tensor([[[0., 1.],
             [2., 3.]],
    <BLANKLINE>
            [[4., 5.],
             [6., 7.]]])
    >>> a.bmm(ember.ones(2, 2, 1)).shape
    ember.Size([2, 2, 1])
""")


add_docstr(Tensor.dot, r"""dot(other) -> Tensor

Inner product ``sum(self * other)`` of two 1-D tensors with the same number of elements and the
same dtype; see ``ember.dot``.

Gradient, with ``g`` the incoming gradient: ``g * other`` and ``g * self``.

Args:
    other (Tensor): the second vector.

Returns:
    Tensor: a 0-dim tensor.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.dot(ember.tensor([4., 5., 6.]))
    tensor(32.)
""")


add_docstr(Tensor.ger, r"""ger(vec2) -> Tensor

Outer product ``out[i][j] = self[i] * vec2[j]`` of two vectors; deprecated alias of ``outer``;
see ``ember.outer``. Gradient, with ``g`` the incoming gradient: ``g @ vec2`` and
``g.T @ self``.

Args:
    vec2 (Tensor): the second vector, (m,).

Returns:
    Tensor: the (n, m) matrix.

Example::

    >>> x = ember.tensor([1, 2])
    >>> x.ger(ember.tensor([1, 10, 100]))
    tensor([[  1,  10, 100],
            [  2,  20, 200]])
""")


add_docstr(Tensor.matmul, r"""matmul(other) -> Tensor

Matrix product with NumPy-style broadcasting; ``x @ y``; see ``ember.matmul``.

Two 1-D tensors give their dot product (0-dim); a 1-D operand is treated as a row (left) or
column (right) vector and that dimension is removed from the result; batch dimensions broadcast.
Gradient, with ``g`` the incoming gradient: ``g @ other.mT`` and ``self.mT @ g`` (summed over
broadcast batches).

Args:
    other (Tensor): the right operand.

Returns:
    Tensor: the product.

Example::

    >>> a = ember.tensor([[1., 2.], [3., 4.]])
    >>> a.matmul(ember.tensor([1., 1.]))
    tensor([3., 7.])
    >>> a.matmul(a)
    tensor([[ 7., 10.],
            [15., 22.]])
    >>> ember.ones(5, 3, 2).matmul(a).shape
    ember.Size([5, 3, 2])
""")


add_docstr(Tensor.mv, r"""mv(vec) -> Tensor

Matrix-vector product of this (n, m) matrix with an (m,) vector; see ``ember.mv``. Gradient,
with ``g`` the incoming gradient: ``outer(g, vec)`` and ``self.T @ g``.

Args:
    vec (Tensor): the vector, (m,).

Returns:
    Tensor: the (n,) result.

Example::

    >>> a = ember.tensor([[1., 2.], [3., 4.]])
    >>> a.mv(ember.tensor([1., -1.]))
    tensor([-1., -1.])
""")


add_docstr(Tensor.matrix_power, r"""matrix_power(n) -> Tensor

The n-th power of a square matrix (or of each in a batch) by repeated multiplication; see
``ember.linalg.matrix_power``.

``n = 0`` gives the identity; a negative ``n`` uses the inverse (RuntimeError for a singular
matrix). Gradient: through the chain of matrix products.

Args:
    n (int): the exponent.

Returns:
    Tensor: same shape as this tensor.

Example::

    >>> a = ember.tensor([[1., 1.], [0., 1.]])
    >>> a.matrix_power(3)
    tensor([[1., 3.],
            [0., 1.]])
    >>> a.matrix_power(-1)
    tensor([[ 1., -1.],
            [ 0.,  1.]])
""")


add_docstr(Tensor.inverse, r"""inverse() -> Tensor

Inverse of a square matrix (or of each in a batch); see ``ember.linalg.inv``.

Raises an error for a singular matrix. Floating-point or complex only. Gradient, with ``g`` the
incoming gradient: ``-A^-T g A^-T``.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: the inverse(s).

Example::

    >>> a = ember.tensor([[2., 0.], [0., 4.]])
    >>> a.inverse()
    tensor([[0.5000, 0.0000],
            [0.0000, 0.2500]])
""")


add_docstr(Tensor.cholesky, r"""cholesky(upper=False) -> Tensor

Cholesky factor of a symmetric positive-definite matrix A (or a batch): lower-triangular L with
``A = L @ L.T``, or upper U with ``A = U.T @ U``; see ``ember.linalg.cholesky``.

A matrix that is not positive definite raises an error. The input's upper (or lower) triangle is
not read. Deprecated (a UserWarning says so): prefer ``ember.linalg.cholesky``. Differentiable
(gradient by the standard Cholesky adjoint formula).

Args:
    upper (bool): return the upper factor instead (default False).

Returns:
    Tensor: the triangular factor.

Example::

    >>> a = ember.tensor([[4., 2.], [2., 5.]])
    >>> a.cholesky()
    tensor([[2., 0.],
            [1., 2.]])
    >>> a.cholesky(upper=True)
    tensor([[2., 1.],
            [0., 2.]])
""")


add_docstr(Tensor.slogdet, r"""slogdet() -> (Tensor, Tensor)

Sign and log of the absolute determinant of a square matrix (or a batch),
``det = sign * exp(logabsdet)``, without the overflow of computing ``det`` directly; see
``ember.linalg.slogdet``.

A singular matrix gives sign 0 and logabsdet -inf. Gradient of ``logabsdet``: ``inverse(A).mT``;
``sign`` is not differentiable.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    (Tensor, Tensor): the named tuple ``(sign, logabsdet)``.

Example::

    >>> a = ember.tensor([[0., 2.], [1., 0.]])
    >>> a.slogdet()
    ember.return_types.slogdet(
    sign=tensor(-1.),
    logabsdet=tensor(0.6931))
""")


if hasattr(Tensor, "bfloat16"):  # only with the bf16 extra (ml_dtypes installed)
    add_docstr(Tensor.bfloat16, r"""bfloat16(memory_format=ember.preserve_format) -> Tensor

``self.to(ember.bfloat16)``: this tensor converted to bfloat16; it is returned itself when it
already has that dtype.

Values are rounded to the nearest bfloat16 (about 2-3 decimal digits). Conversions between
floating-point dtypes are differentiable; to integer or bool they are not.

Args:
    memory_format (memory_format): the memory layout of the result (torch's default
        ``preserve_format`` keeps the input's); ember accepts and ignores it, as its tensors are
        always strided, row-major when contiguous.

Returns:
    Tensor: a bfloat16 tensor.

Example::

    >>> x = ember.tensor([1., 2.5])
    >>> x.bfloat16()
    tensor([1.0000, 2.5000], dtype=ember.bfloat16)
""")


add_docstr(Tensor.bool, r"""bool(memory_format=ember.preserve_format) -> Tensor

``self.to(ember.bool)``: this tensor converted to bool; it is returned itself when it already
has that dtype.

Nonzero becomes True. Conversions between floating-point dtypes are differentiable; to integer
or bool they are not.

Args:
    memory_format (memory_format): the memory layout of the result (torch's default
        ``preserve_format`` keeps the input's); ember accepts and ignores it, as its tensors are
        always strided, row-major when contiguous.

Returns:
    Tensor: a bool tensor.

Example::

    >>> x = ember.tensor([0., 2., -1.])
    >>> x.bool()
    tensor([False,  True,  True])
""")


add_docstr(Tensor.byte, r"""byte(memory_format=ember.preserve_format) -> Tensor

``self.to(ember.uint8)``: this tensor converted to uint8; it is returned itself when it already
has that dtype.

Floats are truncated toward zero; values outside 0..255 are out of range (the result is
unspecified). Conversions between floating-point dtypes are differentiable; to integer or bool
they are not.

Args:
    memory_format (memory_format): the memory layout of the result (torch's default
        ``preserve_format`` keeps the input's); ember accepts and ignores it, as its tensors are
        always strided, row-major when contiguous.

Returns:
    Tensor: a uint8 tensor.

Example::

    >>> x = ember.tensor([0., 2.7, 255.])
    >>> x.byte()
    tensor([  0,   2, 255], dtype=ember.uint8)
""")


add_docstr(Tensor.char, r"""char(memory_format=ember.preserve_format) -> Tensor

``self.to(ember.int8)``: this tensor converted to int8; it is returned itself when it already
has that dtype.

Floats are truncated toward zero. Conversions between floating-point dtypes are differentiable;
to integer or bool they are not.

Args:
    memory_format (memory_format): the memory layout of the result (torch's default
        ``preserve_format`` keeps the input's); ember accepts and ignores it, as its tensors are
        always strided, row-major when contiguous.

Returns:
    Tensor: a int8 tensor.

Example::

    >>> x = ember.tensor([0., 2.7, -3.2])
    >>> x.char()
    tensor([ 0,  2, -3], dtype=ember.int8)
""")


add_docstr(Tensor.double, r"""double(memory_format=ember.preserve_format) -> Tensor

``self.to(ember.float64)``: this tensor converted to float64; it is returned itself when it
already has that dtype.

Conversions between floating-point dtypes are differentiable; to integer or bool they are not.

Args:
    memory_format (memory_format): the memory layout of the result (torch's default
        ``preserve_format`` keeps the input's); ember accepts and ignores it, as its tensors are
        always strided, row-major when contiguous.

Returns:
    Tensor: a float64 tensor.

Example::

    >>> x = ember.tensor([1, 2])
    >>> x.double()
    tensor([1., 2.], dtype=ember.float64)
""")


add_docstr(Tensor.float, r"""float(memory_format=ember.preserve_format) -> Tensor

``self.to(ember.float32)``: this tensor converted to float32; it is returned itself when it
already has that dtype.

Conversions between floating-point dtypes are differentiable; to integer or bool they are not.

Args:
    memory_format (memory_format): the memory layout of the result (torch's default
        ``preserve_format`` keeps the input's); ember accepts and ignores it, as its tensors are
        always strided, row-major when contiguous.

Returns:
    Tensor: a float32 tensor.

Example::

    >>> x = ember.tensor([1, 2])
    >>> x.float()
    tensor([1., 2.])
""")


add_docstr(Tensor.half, r"""half(memory_format=ember.preserve_format) -> Tensor

``self.to(ember.float16)``: this tensor converted to float16; it is returned itself when it
already has that dtype.

Values are rounded to the nearest float16 (about 3 decimal digits). Conversions between
floating-point dtypes are differentiable; to integer or bool they are not.

Args:
    memory_format (memory_format): the memory layout of the result (torch's default
        ``preserve_format`` keeps the input's); ember accepts and ignores it, as its tensors are
        always strided, row-major when contiguous.

Returns:
    Tensor: a float16 tensor.

Example::

    >>> x = ember.tensor([1., 0.1])
    >>> x.half()
    tensor([1.0000, 0.1000], dtype=ember.float16)
""")


add_docstr(Tensor.int, r"""int(memory_format=ember.preserve_format) -> Tensor

``self.to(ember.int32)``: this tensor converted to int32; it is returned itself when it already
has that dtype.

Floats are truncated toward zero. Conversions between floating-point dtypes are differentiable;
to integer or bool they are not.

Args:
    memory_format (memory_format): the memory layout of the result (torch's default
        ``preserve_format`` keeps the input's); ember accepts and ignores it, as its tensors are
        always strided, row-major when contiguous.

Returns:
    Tensor: a int32 tensor.

Example::

    >>> x = ember.tensor([1.7, -1.7])
    >>> x.int()
    tensor([ 1, -1], dtype=ember.int32)
""")


add_docstr(Tensor.long, r"""long(memory_format=ember.preserve_format) -> Tensor

``self.to(ember.int64)``: this tensor converted to int64; it is returned itself when it already
has that dtype.

Floats are truncated toward zero. Conversions between floating-point dtypes are differentiable;
to integer or bool they are not.

Args:
    memory_format (memory_format): the memory layout of the result (torch's default
        ``preserve_format`` keeps the input's); ember accepts and ignores it, as its tensors are
        always strided, row-major when contiguous.

Returns:
    Tensor: a int64 tensor.

Example::

    >>> x = ember.tensor([1.7, -1.7])
    >>> x.long()
    tensor([ 1, -1])
""")


add_docstr(Tensor.short, r"""short(memory_format=ember.preserve_format) -> Tensor

``self.to(ember.int16)``: this tensor converted to int16; it is returned itself when it already
has that dtype.

Floats are truncated toward zero. Conversions between floating-point dtypes are differentiable;
to integer or bool they are not.

Args:
    memory_format (memory_format): the memory layout of the result (torch's default
        ``preserve_format`` keeps the input's); ember accepts and ignores it, as its tensors are
        always strided, row-major when contiguous.

Returns:
    Tensor: a int16 tensor.

Example::

    >>> x = ember.tensor([1.7, -1.7])
    >>> x.short()
    tensor([ 1, -1], dtype=ember.int16)
""")


add_docstr(Tensor.chalf, r"""chalf(memory_format=ember.preserve_format) -> Tensor

``self.to(ember.complex32)``: this tensor converted to complex32 (half-precision complex); it is
returned itself when it already has that dtype.

Each of the real and imaginary parts is rounded to the nearest float16 (beyond 65504 it
becomes inf). Few ops support complex32, as in torch: arithmetic (``+``, ``-``, ``*``), ``abs``,
``sgn``, comparisons, copies and views; the others raise torch's ``NotImplementedError``.

Args:
    memory_format (memory_format): the memory layout of the result (torch's default
        ``preserve_format`` keeps the input's); ember accepts and ignores it, as its tensors are
        always strided, row-major when contiguous.

Returns:
    Tensor: a complex32 tensor.

Example::

    >>> import warnings
    >>> warnings.simplefilter("ignore")
    >>> ember.tensor([0.1 + 2j, 3]).chalf()
    tensor([0.1000+2.j, 3.0000+0.j], dtype=ember.complex32)
""")


add_docstr(Tensor.cfloat, r"""cfloat(memory_format=ember.preserve_format) -> Tensor

``self.to(ember.complex64)``: this tensor converted to complex64; it is returned itself when it
already has that dtype.

Real values get a zero imaginary part. Conversions between floating-point dtypes are
differentiable; to integer or bool they are not.

Args:
    memory_format (memory_format): the memory layout of the result (torch's default
        ``preserve_format`` keeps the input's); ember accepts and ignores it, as its tensors are
        always strided, row-major when contiguous.

Returns:
    Tensor: a complex64 tensor.

Example::

    >>> x = ember.tensor([1., 2.])
    >>> x.cfloat()
    tensor([1.+0.j, 2.+0.j])
""")


add_docstr(Tensor.cdouble, r"""cdouble(memory_format=ember.preserve_format) -> Tensor

``self.to(ember.complex128)``: this tensor converted to complex128; it is returned itself when
it already has that dtype.

Real values get a zero imaginary part. Conversions between floating-point dtypes are
differentiable; to integer or bool they are not.

Args:
    memory_format (memory_format): the memory layout of the result (torch's default
        ``preserve_format`` keeps the input's); ember accepts and ignores it, as its tensors are
        always strided, row-major when contiguous.

Returns:
    Tensor: a complex128 tensor.

Example::

    >>> x = ember.tensor([1., 2.])
    >>> x.cdouble()
    tensor([1.+0.j, 2.+0.j], dtype=ember.complex128)
""")


add_docstr(Tensor.type, r"""type(dtype=None, non_blocking=False, **kwargs) -> str or Tensor

Without an argument, the legacy type name of this tensor (``'ember.FloatTensor'`` for a float32
CPU tensor); with one, this tensor converted to that type.

``dtype`` may be an ``ember.dtype``, a legacy type name such as ``'ember.LongTensor'`` or a
legacy type class. Returns this tensor itself when nothing changes.

Args:
    dtype (ember.dtype or str or type, optional): the type to convert to.
    non_blocking (bool): allow an asynchronous host/GPU copy (no effect on the CPU).

Returns:
    str or Tensor: the type name, or the converted tensor.

Example::

    >>> x = ember.tensor([1.5, 2.5])
    >>> x.type()
    'ember.FloatTensor'
    >>> x.type(ember.int64)
    tensor([1, 2])
""")


add_docstr(Tensor.type_as, r"""type_as(other) -> Tensor

This tensor converted to ``other``'s dtype, ``self.to(other.dtype)``; itself when the dtypes
already match. Differentiable between floating-point dtypes.

Args:
    other (Tensor): the tensor whose dtype to take.

Returns:
    Tensor: the converted tensor.

Example::

    >>> x = ember.tensor([1.7, 2.2])
    >>> x.type_as(ember.tensor([0]))
    tensor([1, 2])
""")


add_docstr(Tensor.cpu, r"""cpu(memory_format=ember.preserve_format) -> Tensor

A copy of this tensor in CPU memory; this tensor itself when it already is on the CPU.

Differentiable: gradients flow back to the original device.

Args:
    memory_format (memory_format): the memory layout of the result (torch's default
        ``preserve_format`` keeps the input's); ember accepts and ignores it, as its tensors are
        always strided, row-major when contiguous.

Returns:
    Tensor: a CPU tensor.

Example::

    >>> x = ember.tensor([1., 2.])
    >>> x.cpu() is x
    True
    >>> x.cpu().device
    device(type='cpu')
""")


add_docstr(Tensor.cuda, r"""
cuda(device=None, non_blocking=False, memory_format=ember.preserve_format) -> Tensor

A copy of this tensor in GPU memory (the current CUDA device, or ``device``); this tensor itself
when it is already there.

ember runs CUDA tensors on CuPy; without a GPU (or without CuPy) it raises an error, so check
``ember.cuda.is_available()`` first.

Args:
    device (ember.device or int, optional): the GPU to copy to (default: the current one).
    non_blocking (bool): allow an asynchronous copy from pinned memory.
    memory_format (memory_format): the memory layout of the result (torch's default
        ``preserve_format`` keeps the input's); ember accepts and ignores it, as its tensors are
        always strided, row-major when contiguous.

Returns:
    Tensor: a CUDA tensor.

Example::

    >>> x = ember.tensor([1., 2.])
    >>> y = x.cuda() if ember.cuda.is_available() else x
    >>> y.tolist()
    [1.0, 2.0]
""")


add_docstr(Tensor.to_dense, r"""to_dense(dtype=None, *, masked_grad=True) -> Tensor

A dense (strided) copy of a sparse tensor, with zeros where no value is stored; a dense tensor
is returned as it is.

Args:
    dtype (ember.dtype, optional): convert to this dtype as well.

Keyword args:
    masked_grad (bool): accepted for compatibility with torch.

Returns:
    Tensor: a strided tensor.

Example::

    >>> s = ember.tensor([[0., 2.], [3., 0.]]).to_sparse()
    >>> s.to_dense()
    tensor([[0., 2.],
            [3., 0.]])
""")


add_docstr(Tensor.to_sparse, r"""to_sparse(sparse_dim=None) -> Tensor

This tensor in sparse COO layout: the indices and values of its nonzero elements; see
``ember.sparse``.

With ``sparse_dim`` only the leading dimensions are sparse and each stored value is a dense
slice.

Args:
    sparse_dim (int, optional): how many leading dimensions to make sparse (default: all).

Returns:
    Tensor: a sparse COO tensor.

Example::

    >>> x = ember.tensor([[0., 2.], [3., 0.]])
    >>> s = x.to_sparse()
    >>> s.indices()
    tensor([[0, 1],
            [1, 0]])
    >>> s.values()
    tensor([2., 3.])
    >>> s.layout
    ember.sparse_coo
""")


add_docstr(Tensor.to_sparse_coo, r"""to_sparse_coo() -> Tensor

This tensor in sparse COO layout: ``to_sparse()`` with all dimensions sparse.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: a sparse COO tensor.

Example::

    >>> x = ember.tensor([0., 5., 0., 7.])
    >>> s = x.to_sparse_coo()
    >>> s.values()
    tensor([5., 7.])
    >>> s._nnz()
    2
""")


add_docstr(Tensor.new_zeros, r"""
new_zeros(size, *, dtype=None, device=None, requires_grad=False) -> Tensor

A new tensor of the given shape filled with 0, with this tensor's dtype and device unless told
otherwise.

Handy in code that must follow its input's dtype and device.

Args:
    size (int... or tuple of ints): the shape of the new tensor.

Keyword args:
    dtype (ember.dtype, optional): the dtype (default: this tensor's).
    device (ember.device, optional): the device (default: this tensor's).
    requires_grad (bool): record operations on the result (default False).

Returns:
    Tensor: the new tensor.

Example::

    >>> x = ember.tensor([1, 2], dtype=ember.int16)
    >>> x.new_zeros(2, 3)
    tensor([[0, 0, 0],
            [0, 0, 0]], dtype=ember.int16)
    >>> x.new_zeros((2,), dtype=ember.float64)
    tensor([0., 0.], dtype=ember.float64)
""")


add_docstr(Tensor.new_ones, r"""
new_ones(size, *, dtype=None, device=None, requires_grad=False) -> Tensor

A new tensor of the given shape filled with 1, with this tensor's dtype and device unless told
otherwise.

Args:
    size (int... or tuple of ints): the shape of the new tensor.

Keyword args:
    dtype (ember.dtype, optional): the dtype (default: this tensor's).
    device (ember.device, optional): the device (default: this tensor's).
    requires_grad (bool): record operations on the result (default False).

Returns:
    Tensor: the new tensor.

Example::

    >>> x = ember.tensor([1., 2.], dtype=ember.float64)
    >>> x.new_ones(3)
    tensor([1., 1., 1.], dtype=ember.float64)
""")


add_docstr(Tensor.new_full, r"""
new_full(size, fill_value, *, dtype=None, device=None, requires_grad=False) -> Tensor

A new tensor of the given shape filled with ``fill_value``, with this tensor's dtype and device
unless told otherwise.

Args:
    size (tuple of ints): the shape.
    fill_value (Number): the value of every element.

Keyword args:
    dtype (ember.dtype, optional): the dtype (default: this tensor's).
    device (ember.device, optional): the device (default: this tensor's).
    requires_grad (bool): record operations on the result (default False).

Returns:
    Tensor: the new tensor.

Example::

    >>> x = ember.tensor([1, 2])
    >>> x.new_full((2, 2), 7)
    tensor([[7, 7],
            [7, 7]])
""")


add_docstr(Tensor.new_empty, r"""
new_empty(size, *, dtype=None, device=None, requires_grad=False) -> Tensor

A new tensor of the given shape whose values are NOT initialized (whatever the memory held),
with this tensor's dtype and device unless told otherwise.

Fill it before reading it.

Args:
    size (int... or tuple of ints): the shape of the new tensor.

Keyword args:
    dtype (ember.dtype, optional): the dtype (default: this tensor's).
    device (ember.device, optional): the device (default: this tensor's).
    requires_grad (bool): record operations on the result (default False).

Returns:
    Tensor: the new tensor.

Example::

    >>> x = ember.tensor([1., 2.])
    >>> y = x.new_empty(2, 3)
    >>> y.shape, y.dtype
    (ember.Size([2, 3]), ember.float32)
""")


add_docstr(Tensor.new_tensor, r"""
new_tensor(data, *, dtype=None, device=None, requires_grad=False) -> Tensor

A new tensor holding a copy of ``data``, with this tensor's dtype and device unless told
otherwise.

``data`` may be a list, a number, a NumPy array or a tensor (copied and detached;
``clone().detach()`` is the usual spelling for a tensor).

Args:
    data (array_like): the values.

Keyword args:
    dtype (ember.dtype, optional): the dtype (default: this tensor's).
    device (ember.device, optional): the device (default: this tensor's).
    requires_grad (bool): record operations on the result (default False).

Returns:
    Tensor: the new tensor.

Example::

    >>> x = ember.tensor([1, 2], dtype=ember.int8)
    >>> x.new_tensor([3, 4])
    tensor([3, 4], dtype=ember.int8)
    >>> x.new_tensor([[0.5]], dtype=ember.float32)
    tensor([[0.5000]])
""")


add_docstr(Tensor.new, r"""new(*args) -> Tensor

Legacy constructor with this tensor's dtype and device: ``x.new(2, 3)`` is an uninitialized
tensor of that shape, ``x.new([1, 2])`` copies the data and ``x.new()`` is empty.

Prefer ``new_empty``, ``new_tensor`` and friends in new code.

Args:
    *args (ints or sequence): a shape, or data to copy.

Returns:
    Tensor: the new tensor.

Example::

    >>> x = ember.tensor([1., 2.], dtype=ember.float64)
    >>> x.new([3, 4])
    tensor([3., 4.], dtype=ember.float64)
    >>> x.new(2, 3).shape
    ember.Size([2, 3])
    >>> x.new().shape
    ember.Size([0])
""")


add_docstr(Tensor.bernoulli, r"""bernoulli(*, generator=None) -> Tensor

Draws 0 or 1 for each element, 1 with the probability given by that element (which must lie in
[0, 1]); see ``ember.bernoulli``.

The result has this tensor's dtype. Not differentiable.

Args:
    self (Tensor): the input; the other arguments are keyword-only (below).

Keyword args:
    generator (ember.Generator, optional): the random generator to draw from (default: the
        global one seeded by ``ember.manual_seed``).

Returns:
    Tensor: the samples, same shape as this tensor.

Example::

    >>> _ = ember.manual_seed(0)
    >>> p = ember.tensor([0., 0.5, 0.5, 1.])
    >>> p.bernoulli()
    tensor([0., 0., 1., 1.])
""")


add_docstr(Tensor.bernoulli_, r"""bernoulli_(p=0.5, *, generator=None) -> Tensor

Fills this tensor, in place, with independent draws of 0 or 1, each 1 with probability ``p``.

``p`` may be a number or a tensor of probabilities broadcast to this tensor's shape.

Args:
    p (float or Tensor): the probability of a 1 (default 0.5).

Keyword args:
    generator (ember.Generator, optional): the random generator to draw from (default: the
        global one seeded by ``ember.manual_seed``).

Returns:
    Tensor: this tensor, filled.

Example::

    >>> _ = ember.manual_seed(0)
    >>> ember.empty(6).bernoulli_(0.5)
    tensor([0., 0., 1., 0., 0., 0.])
""")


add_docstr(Tensor.normal_, r"""normal_(mean=0, std=1, *, generator=None) -> Tensor

Fills this tensor, in place, with samples from the normal distribution N(``mean``, ``std``**2).

Floating-point tensors only. ``nn.init.normal_`` does the same for parameters.

Args:
    mean (float): the mean (default 0).
    std (float): the standard deviation (default 1).

Keyword args:
    generator (ember.Generator, optional): the random generator to draw from (default: the
        global one seeded by ``ember.manual_seed``).

Returns:
    Tensor: this tensor, filled.

Example::

    >>> _ = ember.manual_seed(0)
    >>> ember.empty(3).normal_()
    tensor([ 1.5410, -0.2934, -2.1788])
    >>> ember.empty(2).normal_(mean=10., std=0.1)
    tensor([10.0568,  9.8915])
""")


add_docstr(Tensor.uniform_, r"""uniform_(from=0, to=1, *, generator=None) -> Tensor

Fills this tensor, in place, with samples drawn uniformly from the interval [``from``, ``to``).

Floating-point tensors only. ``from`` is a Python keyword, so pass the bounds positionally:
``x.uniform_(-1., 1.)``.

Args:
    from (float): the lower end (default 0).
    to (float): the upper end (default 1).

Keyword args:
    generator (ember.Generator, optional): the random generator to draw from (default: the
        global one seeded by ``ember.manual_seed``).

Returns:
    Tensor: this tensor, filled.

Example::

    >>> _ = ember.manual_seed(0)
    >>> ember.empty(3).uniform_()
    tensor([0.4963, 0.7682, 0.0885])
    >>> ember.empty(2).uniform_(-1., 1.)
    tensor([-0.7359, -0.3852])
""")


add_docstr(Tensor.exponential_, r"""exponential_(lambd=1, *, generator=None) -> Tensor

Fills this tensor, in place, with samples from the exponential distribution with rate ``lambd``
(density ``lambd * exp(-lambd * x)`` for x >= 0, mean ``1 / lambd``).

Args:
    lambd (float): the rate, positive (default 1).

Keyword args:
    generator (ember.Generator, optional): the random generator to draw from (default: the
        global one seeded by ``ember.manual_seed``).

Returns:
    Tensor: this tensor, filled.

Example::

    >>> _ = ember.manual_seed(0)
    >>> ember.empty(3).exponential_()
    tensor([3.5083, 1.2304, 0.6150])
    >>> ember.empty(2).exponential_(lambd=10.)
    tensor([0.2535, 0.1036])
""")


add_docstr(Tensor.cauchy_, r"""cauchy_(median=0, sigma=1, *, generator=None) -> Tensor

Fills this tensor, in place, with samples from the Cauchy distribution, density
``1 / (pi * sigma * (1 + ((x - median) / sigma)**2))``.

Its heavy tails mean it has no mean or variance.

Args:
    median (float): the location (default 0).
    sigma (float): the scale, positive (default 1).

Keyword args:
    generator (ember.Generator, optional): the random generator to draw from (default: the
        global one seeded by ``ember.manual_seed``).

Returns:
    Tensor: this tensor, filled.

Example::

    >>> _ = ember.manual_seed(0)
    >>> ember.empty(3).cauchy_()
    tensor([10.5977,  0.7648, -0.1283])
""")


add_docstr(Tensor.random_, r"""random_(from=0, to=None, *, generator=None) -> Tensor

Fills this tensor, in place, with integers drawn uniformly from [``from``, ``to`` - 1].

``x.random_(n)`` draws from [0, n - 1]; without bounds the range is the whole range of the dtype
(up to 2**24 for float32, whose integers are exact up to there).

Args:
    from (int): the lower end, inclusive (default 0).
    to (int, optional): the upper end, exclusive.

Keyword args:
    generator (ember.Generator, optional): the random generator to draw from (default: the
        global one seeded by ``ember.manual_seed``).

Returns:
    Tensor: this tensor, filled.

Example::

    >>> _ = ember.manual_seed(0)
    >>> ember.empty(5, dtype=ember.int64).random_(10)
    tensor([4, 9, 3, 0, 3])
    >>> ember.empty(3).random_(5, 8)
    tensor([5., 6., 6.])
""")


add_docstr(Tensor.multinomial, r"""
multinomial(num_samples, replacement=False, *, generator=None) -> LongTensor

Draws category indices with probabilities proportional to this tensor's (non-negative, not
necessarily normalized) weights; see ``ember.multinomial``.

A 1-D tensor gives ``num_samples`` indices; a 2-D tensor draws for each row. Without replacement
every index appears at most once, so ``num_samples`` cannot exceed the number of categories.

Args:
    num_samples (int): how many indices to draw.
    replacement (bool): draw with replacement (default False).

Keyword args:
    generator (ember.Generator, optional): the random generator to draw from (default: the
        global one seeded by ``ember.manual_seed``).

Returns:
    Tensor: int64 indices.

Example::

    >>> _ = ember.manual_seed(0)
    >>> w = ember.tensor([0., 10., 3., 0.])
    >>> w.multinomial(2)
    tensor([1, 2])
    >>> w.multinomial(6, replacement=True)
    tensor([1, 2, 1, 1, 1, 1])
""")


add_docstr(Tensor.data_ptr, r"""data_ptr() -> int

Memory address of this tensor's first element.

Two views of the same memory differ by their offsets times the element size; useful to check
whether two tensors share memory.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    int: the address.

Example::

    >>> x = ember.zeros(4)
    >>> x[1:].data_ptr() - x.data_ptr()
    4
    >>> x.view(2, 2).data_ptr() == x.data_ptr()
    True
""")


add_docstr(Tensor.element_size, r"""element_size() -> int

Size of one element in bytes (4 for float32, 8 for int64, 1 for bool).

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    int: bytes per element.

Example::

    >>> ember.zeros(3).element_size()
    4
    >>> ember.zeros(3, dtype=ember.int64).element_size()
    8
    >>> ember.zeros(3, dtype=ember.bool).element_size()
    1
""")


add_docstr(Tensor.get_device, r"""get_device() -> Device ordinal (Integer)

Index of the GPU holding this tensor, or -1 for a CPU tensor.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    int: the device index.

Example::

    >>> ember.zeros(2).get_device()
    -1
""")


add_docstr(Tensor.is_complex, r"""is_complex() -> bool

True when this tensor's dtype is complex (complex64 or complex128).

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    bool.

Example::

    >>> ember.tensor([1., 2.]).is_complex()
    False
    >>> ember.tensor([1+2j]).is_complex()
    True
""")


add_docstr(Tensor.is_floating_point, r"""is_floating_point() -> bool

True when this tensor's dtype is a real floating-point type (float16, bfloat16, float32,
float64).

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    bool.

Example::

    >>> ember.tensor([1., 2.]).is_floating_point()
    True
    >>> ember.tensor([1, 2]).is_floating_point()
    False
""")


add_docstr(Tensor.is_contiguous, r"""is_contiguous(memory_format=ember.contiguous_format) -> bool

True when the elements lie in memory in row-major (C) order with no gaps, so that ``view``
works.

Transposes and strided slices are usually not contiguous; ``contiguous()`` makes a copy that is.

Args:
    memory_format (memory_format): the layout to check against (torch's default
        ``contiguous_format`` is row-major); ember accepts and ignores it.

Returns:
    bool.

Example::

    >>> x = ember.zeros(2, 3)
    >>> x.is_contiguous()
    True
    >>> x.t().is_contiguous()
    False
    >>> x[:, ::2].is_contiguous()
    False
""")


add_docstr(Tensor.is_inference, r"""is_inference() -> bool

True when this tensor was created under ``ember.inference_mode()``.

Such tensors record no autograd history and cannot be saved for backward later.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    bool.

Example::

    >>> with ember.inference_mode():
    ...     y = ember.ones(2) * 2
    >>> y.is_inference()
    True
    >>> ember.ones(2).is_inference()
    False
""")


add_docstr(Tensor.is_shared, r"""is_shared() -> bool

True when this tensor's memory is in shared memory (see ``share_memory_``), which lets
``ember.multiprocessing`` worker processes use it without a copy.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    bool.

Example::

    >>> x = ember.zeros(3)
    >>> x.is_shared()
    False
    >>> _ = x.share_memory_()
    >>> x.is_shared()
    True
""")


add_docstr(Tensor.share_memory_, r"""share_memory_() -> Tensor

Moves this tensor's memory into shared memory, in place, and returns it; a no-op if it already
is there (or on a GPU).

After this, processes started by ``ember.multiprocessing`` see the same data rather than a copy;
the values are unchanged.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor.

Example::

    >>> x = ember.tensor([1., 2.])
    >>> x.share_memory_()
    tensor([1., 2.])
    >>> x.is_shared()
    True
""")


add_docstr(Tensor.nelement, r"""nelement() -> int

Number of elements, the product of the sizes; alias of ``numel()`` (``Tensor.numel`` is the same
method).

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    int.

Example::

    >>> ember.zeros(2, 3, 4).nelement()
    24
    >>> ember.tensor(5.).nelement()
    1
""")


add_docstr(Tensor.dim, r"""dim() -> int

Number of dimensions (0 for a scalar tensor); ``ndim`` is the same number.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    int.

Example::

    >>> ember.tensor(3.).dim()
    0
    >>> ember.zeros(2, 3).dim()
    2
""")


add_docstr(Tensor.size, r"""size(dim=None) -> ember.Size or int

The shape of this tensor, or the size of one dimension; ``x.shape`` is the same ``ember.Size``.

``ember.Size`` is a tuple subclass.

Args:
    dim (int, optional): a dimension (negative counts from the end); without it the whole shape.

Returns:
    ember.Size or int.

Example::

    >>> x = ember.zeros(2, 3)
    >>> x.size()
    ember.Size([2, 3])
    >>> x.size(-1)
    3
""")


add_docstr(Tensor.stride, r"""stride(dim) -> tuple or int

Strides: how many ELEMENTS to step in memory to move one position along each dimension (all of
them, or ``dim``'s).

A row-major (2, 3) tensor has strides (3, 1); views such as ``t()`` and ``expand`` only change
strides (0 for expanded dimensions).

Args:
    dim (int, optional): a dimension; without it every stride.

Returns:
    tuple of int or int.

Example::

    >>> x = ember.zeros(2, 3)
    >>> x.stride()
    (3, 1)
    >>> x.t().stride()
    (1, 3)
    >>> x.stride(0)
    3
""")


add_docstr(Tensor.storage_offset, r"""storage_offset() -> int

Position of this tensor's first element in its underlying storage, in elements (not bytes);
nonzero for many views.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    int.

Example::

    >>> x = ember.arange(6)
    >>> x.storage_offset()
    0
    >>> x[2:].storage_offset()
    2
    >>> x.view(2, 3)[1].storage_offset()
    3
""")


add_docstr(Tensor.detach_, r"""detach_() -> Tensor

Detaches this tensor from the graph that created it, in place: it becomes a leaf that does not
require grad, and returns itself.

Use ``detach()`` for a new detached tensor instead. Views cannot be detached in place
(RuntimeError).

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    Tensor: this tensor, now a leaf.

Example::

    >>> a = ember.tensor([1., 2.], requires_grad=True)
    >>> b = a * 2
    >>> b.grad_fn is None
    False
    >>> b.detach_()
    tensor([2., 4.])
    >>> b.grad_fn is None, b.requires_grad, b.is_leaf
    (True, False, True)
""")


add_docstr(Tensor.register_post_accumulate_grad_hook, r"""
register_post_accumulate_grad_hook(hook) -> RemovableHandle

Registers ``hook(tensor)`` to run on a leaf right after its ``.grad`` has been accumulated
during backward.

The hook sees the updated ``tensor.grad`` and returns None; it can, for instance, apply an
optimizer step to that parameter while the rest of the backward pass runs. Only leaf tensors
that require grad accept one (RuntimeError otherwise).

Args:
    hook (Callable[[Tensor], None]): called with this tensor.

Returns:
    RemovableHandle: call ``.remove()`` on it to unregister the hook.

Example::

    >>> w = ember.tensor([1., 2.], requires_grad=True)
    >>> h = w.register_post_accumulate_grad_hook(lambda t: print('grad:', t.grad))
    >>> (w * 3).sum().backward()
    grad: tensor([3., 3.])
    >>> h.remove()
""")


add_docstr(Tensor.float_power, r"""float_power(exponent) -> Tensor

Power ``self ** exponent`` computed in double precision; see ``ember.float_power``.

The result is float64 (complex128 for complex inputs) whatever the input dtypes, so integer
bases with negative exponents work. Gradient: as for ``pow``, in float64.

Args:
    exponent (Tensor or Number): the power, broadcast against this tensor.

Returns:
    Tensor: a float64 tensor with the broadcast shape.

Example::

    >>> x = ember.tensor([1, 2, 4])
    >>> x.float_power(2)
    tensor([ 1.,  4., 16.], dtype=ember.float64)
    >>> x.float_power(-1)
    tensor([1.0000, 0.5000, 0.2500], dtype=ember.float64)
""")


add_docstr(Tensor.mvlgamma, r"""mvlgamma(p) -> Tensor

Log of the multivariate gamma function of dimension ``p``, elementwise:
``p*(p-1)/4 * log(pi) + sum_{i=0}^{p-1} lgamma(x - i/2)``; see ``ember.mvlgamma``.

The function is defined for elements greater than ``(p - 1) / 2``. Gradient:
``sum_i digamma(x - i/2)``.

Args:
    p (int): the dimension, ``p >= 1``.

Returns:
    Tensor: the elementwise result, same shape as this tensor.

Example::

    >>> x = ember.tensor([2., 3.])
    >>> x.mvlgamma(2)
    tensor([0.4516, 1.5502])
""")


add_docstr(Tensor.renorm, r"""renorm(p, dim, maxnorm) -> Tensor

Rescales each slice along ``dim`` whose p-norm exceeds ``maxnorm`` so that its norm becomes
``maxnorm``; slices within the limit are unchanged; see ``ember.renorm``.

A slice is everything with one fixed index along ``dim`` (``dim=0`` on a matrix: each row). Used
to cap the norm of embedding rows or weight vectors. Gradient: through the rescaling.

Args:
    p (float): the norm's order.
    dim (int): the dimension that indexes the slices (each slice is everything else).
    maxnorm (float): the largest allowed norm.

Returns:
    Tensor: same shape as this tensor.

Example::

    >>> x = ember.tensor([[3., 4.], [0.3, 0.4]])
    >>> x.renorm(2, 0, 1.)
    tensor([[0.6000, 0.8000],
            [0.3000, 0.4000]])
""")


add_docstr(Tensor.frexp, r"""frexp() -> (Tensor mantissa, Tensor exponent)

Splits each element into a mantissa in [0.5, 1) (in absolute value) and an integer exponent with
``x == mantissa * 2**exponent``; see ``ember.frexp``.

Floating-point tensors only; the exponent is int32. Zero gives (0, 0). Not differentiable.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    (Tensor, Tensor): the named tuple ``(mantissa, exponent)``.

Example::

    >>> x = ember.tensor([8., 0.5, -3., 0.])
    >>> x.frexp()
    ember.return_types.frexp(
    mantissa=tensor([ 0.5000,  0.5000, -0.7500,  0.0000]),
    exponent=tensor([4, 0, 2, 0], dtype=ember.int32))
""")


add_docstr(Tensor.histogram, r"""
histogram(bins, *, range=None, weight=None, density=False) -> (Tensor, Tensor)

Histogram of the values, with ``bins`` equal-width bins over ``range`` or with the given bin
edges; see ``ember.histogram``.

Returns a named tuple ``(hist, bin_edges)``; each bin holds its left edge and the last one its
right edge too. Floating-point tensors only. Not differentiable.

Args:
    bins (int or Tensor): the number of bins, or the increasing bin edges (1-D).

Keyword args:
    range (tuple of float, optional): ``(min, max)`` of the bins (default: the data's range).
    weight (Tensor, optional): a weight per element (default 1 each).
    density (bool): normalize so that the histogram integrates to 1 (default False).

Returns:
    (Tensor, Tensor): the named tuple ``(hist, bin_edges)``.

Example::

    >>> x = ember.tensor([1., 2., 1., 4., 2.5])
    >>> x.histogram(bins=4, range=(0., 4.))
    ember.return_types.histogram(
    hist=tensor([0., 2., 2., 1.]),
    bin_edges=tensor([0., 1., 2., 3., 4.]))
""")


add_docstr(Tensor.inner, r"""inner(other) -> Tensor

Inner product over the last dimension: for 1-D tensors the dot product, in general
``out[i..., j...] = sum_k self[i..., k] * other[j..., k]``; see ``ember.inner``.

The last dimensions must match. A scalar operand multiplies elementwise. Gradient: the incoming
gradient contracted with the other operand.

Args:
    other (Tensor): the second operand.

Returns:
    Tensor: shape ``self.shape[:-1] + other.shape[:-1]``.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.inner(ember.tensor([4., 5., 6.]))
    tensor(32.)
    >>> ember.tensor([[1., 0.], [0., 2.]]).inner(ember.tensor([[1., 1.]]))
    tensor([[1.],
            [2.]])
""")


add_docstr(Tensor.vdot, r"""vdot(other) -> Tensor

Dot product of two 1-D tensors that conjugates this one first: ``sum(conj(self) * other)``; see
``ember.vdot``.

For real tensors it is ``dot``. Both must have the same number of elements and dtype.

Args:
    other (Tensor): the second vector.

Returns:
    Tensor: a 0-dim tensor.

Example::

    >>> x = ember.tensor([1., 2., 3.])
    >>> x.vdot(ember.tensor([4., 5., 6.]))
    tensor(32.)
""")


add_docstr(Tensor.quantile, r"""
quantile(q, dim=None, keepdim=False, *, interpolation='linear') -> Tensor

The q-th quantiles of the values, over all elements or along ``dim``; see ``ember.quantile``.

Between two data points the value is interpolated as ``interpolation`` says: ``'linear'``
(default), ``'lower'``, ``'higher'``, ``'midpoint'`` or ``'nearest'``. A NaN in a slice makes
its quantiles NaN (see ``nanquantile``). With a 1-D ``q`` the quantiles form a new first
dimension. Gradient: to the one or two data points each quantile interpolates.

Args:
    q (float or Tensor): quantile levels in [0, 1].
    dim (int, optional): the dimension to reduce (default: all).
    keepdim (bool): keep the reduced dimension with size 1 (default False).

Keyword args:
    interpolation (str): how to pick a value between data points (default ``'linear'``).

Returns:
    Tensor: the quantiles.

Example::

    >>> x = ember.tensor([1., 2., 3., 4.])
    >>> x.quantile(0.5)
    tensor(2.5000)
    >>> x.quantile(ember.tensor([0.25, 0.75]))
    tensor([1.7500, 3.2500])
    >>> x.quantile(0.5, interpolation='lower')
    tensor(2.)
""")


add_docstr(Tensor.nanquantile, r"""
nanquantile(q, dim=None, keepdim=False, *, interpolation='linear') -> Tensor

Like ``quantile`` but ignoring NaN values, as if they were not in the tensor; see
``ember.nanquantile``.

A slice that is all NaN gives NaN.

Args:
    q (float or Tensor): quantile levels in [0, 1].
    dim (int, optional): the dimension to reduce (default: all).
    keepdim (bool): keep the reduced dimension with size 1 (default False).

Keyword args:
    interpolation (str): ``'linear'`` (default), ``'lower'``, ``'higher'``, ``'midpoint'`` or
        ``'nearest'``.

Returns:
    Tensor: the quantiles.

Example::

    >>> x = ember.tensor([1., float('nan'), 3., 2.])
    >>> x.quantile(0.5)
    tensor(nan)
    >>> x.nanquantile(0.5)
    tensor(2.)
""")


add_docstr(Tensor.cholesky_inverse, r"""cholesky_inverse(upper=False) -> Tensor

Inverse of a symmetric positive-definite matrix A from its Cholesky factor: this tensor is L
(``A = L @ L.T``) or, with ``upper=True``, U (``A = U.T @ U``); see ``ember.cholesky_inverse``.

Cheaper and more accurate than inverting A again when the factor is already at hand. Batches
work too.

Args:
    upper (bool): whether this tensor is the upper factor (default False).

Returns:
    Tensor: ``inverse(A)``.

Example::

    >>> A = ember.tensor([[4., 2.], [2., 5.]])
    >>> L = ember.linalg.cholesky(A)
    >>> (L.cholesky_inverse() * 16).round()
    tensor([[ 5., -2.],
            [-2.,  4.]])
""")


add_docstr(Tensor.cholesky_solve, r"""cholesky_solve(input2, upper=False) -> Tensor

Solves ``A @ X = self`` for X given the Cholesky factor ``input2`` of a symmetric
positive-definite A (``A = L @ L.T``, or ``U.T @ U`` with ``upper=True``); see
``ember.cholesky_solve``.

This tensor holds the right-hand sides as columns, shape (n, k); batches broadcast.

Args:
    input2 (Tensor): the Cholesky factor of A, (n, n).
    upper (bool): whether it is the upper factor (default False).

Returns:
    Tensor: X, shape (n, k).

Example::

    >>> A = ember.tensor([[4., 2.], [2., 5.]])
    >>> L = ember.linalg.cholesky(A)
    >>> b = ember.tensor([[1.], [2.]])
    >>> (b.cholesky_solve(L) * 16).round()
    tensor([[1.],
            [6.]])
""")


add_docstr(Tensor.lu, r"""lu(pivot=True, get_infos=False) -> (Tensor, IntTensor)

LU factorization with partial pivoting, ``P @ A = L @ U``, packed in one matrix; see
``ember.linalg.lu_factor``.

Returns ``(LU, pivots)``: ``LU`` holds U on and above the diagonal and L's strict lower part (L
has a unit diagonal), and ``pivots`` (int32, 1-based as in LAPACK) says which row was swapped
with row i. ``ember.lu_unpack`` recovers P, L and U; ``lu_solve`` uses them directly. With
``get_infos=True`` a third tensor reports singular factors. Deprecated in torch in favour of
``ember.linalg.lu_factor``.

Args:
    pivot (bool): use partial pivoting (must be True on the CPU).
    get_infos (bool): also return the LAPACK info codes (default False).

Returns:
    tuple of Tensor: ``(LU, pivots)`` or ``(LU, pivots, infos)``.

Example::

    >>> A = ember.tensor([[1., 2.], [3., 4.]])
    >>> LU, pivots = A.lu()
    >>> pivots
    tensor([2, 2], dtype=ember.int32)
    >>> LU.triu()
    tensor([[3.0000, 4.0000],
            [0.0000, 0.6667]])
""")


add_docstr(Tensor.lu_solve, r"""lu_solve(LU_data, LU_pivots) -> Tensor

Solves ``A @ X = self`` from the LU factorization of A given by ``A.lu()`` (or
``ember.linalg.lu_factor``); see ``ember.lu_solve``.

This tensor holds the right-hand sides as columns, shape (n, k). Factor once, solve for many
right-hand sides. Deprecated in torch in favour of ``ember.linalg.lu_solve`` (whose arguments
come in the other order).

Args:
    LU_data (Tensor): the packed LU factors of A.
    LU_pivots (IntTensor): the pivots from the factorization.

Returns:
    Tensor: X, shape (n, k).

Example::

    >>> A = ember.tensor([[2., 0.], [0., 4.]])
    >>> LU, pivots = A.lu()
    >>> ember.tensor([[2.], [2.]]).lu_solve(LU, pivots)
    tensor([[1.0000],
            [0.5000]])
""")


add_docstr(Tensor.triangular_solve, r"""
triangular_solve(A, upper=True, transpose=False, unitriangular=False) -> (Tensor, Tensor)

Solves ``A @ X = self`` for a triangular matrix A by substitution (no factorization needed); see
``ember.triangular_solve``.

Returns a named tuple ``(solution, cloned_coefficient)``. Only the triangle of A named by
``upper`` is read. Deprecated in torch in favour of ``ember.linalg.solve_triangular``.

Args:
    A (Tensor): the triangular matrix, (n, n).
    upper (bool): A is upper triangular (default True).
    transpose (bool): solve ``A.T @ X = self`` instead.
    unitriangular (bool): assume ones on A's diagonal without reading it.

Returns:
    (Tensor, Tensor): the named tuple ``(solution, cloned_coefficient)``.

Example::

    >>> A = ember.tensor([[2., 1.], [0., 4.]])
    >>> b = ember.tensor([[3.], [8.]])
    >>> b.triangular_solve(A).solution
    tensor([[0.5000],
            [2.0000]])
""")


add_docstr(Tensor.svd, r"""svd(some=True, compute_uv=True) -> (Tensor, Tensor, Tensor)

Singular value decomposition ``A = U @ diag(S) @ V.mT``; see ``ember.svd`` (and
``ember.linalg.svd``, which returns ``Vh`` instead of V).

Returns a named tuple ``(U, S, V)`` with S real, non-negative and descending. ``some=True``
gives the reduced factors (k = min(m, n) columns). The signs of the singular vectors are not
unique. Gradient: defined when the singular values are distinct.

Args:
    some (bool): reduced (True, default) or full U and V.
    compute_uv (bool): compute U and V (default True); without them they are zero-filled.

Returns:
    (Tensor, Tensor, Tensor): the named tuple ``(U, S, V)``.

Example::

    >>> A = ember.tensor([[3., 0.], [0., -2.], [0., 0.]])
    >>> U, S, V = A.svd()
    >>> S.round(decimals=4)
    tensor([3., 2.])
    >>> U.shape, V.shape
    (ember.Size([3, 2]), ember.Size([2, 2]))
    >>> ember.allclose(U @ ember.diag(S) @ V.T, A)
    True
""")


add_docstr(Tensor.geqrf, r"""geqrf() -> (Tensor, Tensor)

LAPACK's raw QR factorization: returns ``(a, tau)`` where R is the upper triangle of ``a`` and Q
is stored implicitly as Householder reflectors (below the diagonal of ``a``, with scales
``tau``); see ``ember.geqrf``.

``orgqr`` turns them into Q and ``ormqr`` multiplies by Q without forming it. Use
``ember.linalg.qr`` for Q and R directly. Not differentiable.

Args:
    self (Tensor): the input; the method takes no other argument.

Returns:
    (Tensor, Tensor): the named tuple ``(a, tau)``.

Example::

    >>> A = ember.tensor([[3., 1.], [4., 2.]])
    >>> a, tau = A.geqrf()
    >>> a.shape, tau.shape
    (ember.Size([2, 2]), ember.Size([2]))
    >>> ember.allclose(a.orgqr(tau) @ a.triu(), A)
    True
""")


add_docstr(Tensor.orgqr, r"""orgqr(input2) -> Tensor

Forms the matrix Q, with orthonormal columns, from the Householder reflectors that ``geqrf``
returns: this tensor is ``a`` and ``input2`` is ``tau``; see
``ember.linalg.householder_product``.

Args:
    input2 (Tensor): ``tau``, the reflectors' scales.

Returns:
    Tensor: Q, shape of this tensor.

Example::

    >>> A = ember.tensor([[3., 1.], [4., 2.]])
    >>> a, tau = A.geqrf()
    >>> Q = a.orgqr(tau)
    >>> ember.allclose(Q.T @ Q, ember.eye(2), atol=1e-6)
    True
""")


add_docstr(Tensor.ormqr, r"""ormqr(input2, input3, left=True, transpose=False) -> Tensor

Multiplies ``input3`` by the Q of a ``geqrf`` factorization without forming Q: ``Q @ C``,
``C @ Q`` or with Q transposed; this tensor is ``a``, ``input2`` is ``tau``; see
``ember.ormqr``.

Args:
    input2 (Tensor): ``tau``, the reflectors' scales.
    input3 (Tensor): the matrix C to multiply.
    left (bool): ``Q @ C`` (True, default) or ``C @ Q``.
    transpose (bool): use Q's transpose instead (default False).

Returns:
    Tensor: the product, shape of C.

Example::

    >>> A = ember.tensor([[3., 1.], [4., 2.]])
    >>> a, tau = A.geqrf()
    >>> ember.allclose(a.ormqr(tau, ember.eye(2)), a.orgqr(tau))
    True
""")


add_docstr(Tensor.atan2, r"""atan2(other) -> Tensor

The angle of the point (``other``, ``self``) from the positive x-axis, elementwise, in radians
in [-pi, pi]: ``atan(self / other)`` with the quadrant chosen by both signs. See
``ember.atan2``. Complex tensors are refused, as in torch.

Gradient: ``d/dself = other / (self**2 + other**2)``,
``d/dother = -self / (self**2 + other**2)``.

Args:
    other (Tensor): the x-coordinates, broadcast against this tensor (the y-coordinates).

Returns:
    Tensor: the angles, in the promoted floating dtype.

Example::

    >>> ember.tensor([1., -1.]).atan2(ember.tensor([1., 1.]))
    tensor([ 0.7854, -0.7854])
""")


add_docstr(Tensor.as_strided_, r"""as_strided_(size, stride, storage_offset=None) -> Tensor

In-place ``as_strided``: this tensor takes the given size and strides (in storage elements)
over its storage, starting at ``storage_offset`` (default: its current offset). Gradient, on a
tensor that is not a leaf: the incoming gradient summed into the storage positions read, taken
back at the old geometry's positions.

Args:
    size (tuple of ints): the new shape.
    stride (tuple of ints): the new strides (not negative).
    storage_offset (int, optional): the new offset into the storage.

Returns:
    Tensor: this tensor.

Example::

    >>> x = ember.arange(6.)
    >>> x.as_strided_((2, 2), (1, 2), 1)
    tensor([[1., 3.],
            [2., 4.]])
    >>> x.storage_offset()
    1
""")

add_docstr(Tensor.resize_, r"""resize_(*sizes, memory_format=None) -> Tensor

Gives this tensor the contiguous shape ``sizes`` over its storage: element ``i`` (in C order)
becomes storage element ``storage_offset() + i``. When the storage holds too few elements it
grows (the old elements keep their places; the new ones are uninitialised); when the shape is
already ``sizes`` nothing changes, not even the strides. A tensor that requires grad cannot be
resized (RuntimeError). Growing a view gives it memory of its own: its base keeps the old.

Args:
    *sizes (ints or one tuple of ints): the new shape.
    memory_format (optional): accepted for compatibility; the result is contiguous.

Returns:
    Tensor: this tensor.

Example::

    >>> x = ember.arange(6.)
    >>> x.resize_(2, 2)
    tensor([[0., 1.],
            [2., 3.]])
    >>> x.resize_(3, 2)
    tensor([[0., 1.],
            [2., 3.],
            [4., 5.]])
""")

add_docstr(Tensor.resize_as_, r"""resize_as_(the_template, memory_format=None) -> Tensor

``self.resize_(the_template.size())``: this tensor becomes contiguous with the template's shape
over its storage (grown when too small).

Args:
    the_template (Tensor): the tensor whose shape is taken.
    memory_format (optional): accepted for compatibility; the result is contiguous.

Returns:
    Tensor: this tensor.

Example::

    >>> x = ember.arange(4)
    >>> x.resize_as_(ember.zeros(2, 2))
    tensor([[0, 1],
            [2, 3]])
""")


def _doc(obj, signature, text, args, returns, example):
    """Attach a short docstring: signature, what it computes, Args, Returns and an example."""
    arg_lines = "".join(f"    {name}: {what}\n" for name, what in args)
    add_docstr(obj, f"{signature}\n\n{text}\n\nArgs:\n{arg_lines}\nReturns:\n    {returns}\n\n"
                    f"Example::\n\n{example}\n")


_doc(Tensor.sum_to_size, "sum_to_size(*size) -> Tensor",
     "This tensor summed to shape ``size``: over the leading dimensions it has beyond ``size``\n"
     "and over those where ``size`` is 1 (``size`` must broadcast to this tensor's shape).\n"
     "Gradient: the incoming gradient broadcast back.",
     (("*size (ints or one tuple of ints)", "the target shape."),), "Tensor: the sums.",
     "    >>> ember.ones(2, 3).sum_to_size(1, 3)\n    tensor([[2., 2., 2.]])")
_doc(Tensor.new_empty_strided, "new_empty_strided(size, stride, *, dtype=None, device=None, "
     "requires_grad=False, layout=None, pin_memory=False) -> Tensor",
     "``ember.empty_strided(size, stride)`` with this tensor's dtype and device unless given.",
     (("size (tuple of ints)", "the shape."), ("stride (tuple of ints)", "the strides."),
      ("dtype (ember.dtype, optional)", "the dtype (default: this tensor's).")),
     "Tensor: an uninitialised tensor.",
     "    >>> ember.ones(2).new_empty_strided((2, 2), (1, 2)).stride()\n    (1, 2)")
_doc(Tensor.dim_order, "dim_order(*, ambiguity_check=False) -> tuple",
     "The dimensions ordered from outermost to innermost in memory (by decreasing stride).",
     (("ambiguity_check (bool, optional)", "accepted for compatibility."),),
     "tuple of ints: the dimension order.",
     "    >>> ember.ones(2, 3).t().dim_order()\n    (1, 0)")
_doc(Tensor.apply_, "apply_(callable) -> Tensor",
     "Replaces each element ``x`` by ``callable(x)``, calling the Python function once per\n"
     "element (CPU tensors only; slow, for tests and small data).",
     (("callable", "a function of one number returning a number."),), "Tensor: this tensor.",
     "    >>> ember.tensor([1.0, 2.0]).apply_(lambda v: v * 10)\n    tensor([10., 20.])")
_doc(Tensor.map_, "map_(tensor, callable) -> Tensor",
     "Replaces each element ``x`` by ``callable(x, y)``, ``y`` the matching element of\n"
     "``tensor`` broadcast to this shape (CPU tensors only; one Python call per element).",
     (("tensor (Tensor)", "the second operand."),
      ("callable", "a function of two numbers returning a number.")),
     "Tensor: this tensor.",
     "    >>> ember.tensor([1.0, 2.0]).map_(ember.tensor([3.0, 4.0]), lambda a, b: a * b)\n"
     "    tensor([3., 8.])")
_doc(Tensor.is_pinned, "is_pinned(device=None) -> bool",
     "Whether the tensor lives in page-locked host memory; ember never pins, so False.",
     (("device (optional)", "accepted for compatibility."),), "bool: False.",
     "    >>> ember.ones(2).is_pinned()\n    False")

add_docstr(Tensor.geometric_, r"""
geometric_(p, *, generator=None) -> Tensor

Fills this tensor, in place, with draws from the geometric distribution: the number of
Bernoulli(``p``) trials up to and including the first success, ``P(k) = (1 - p)**(k - 1) p``
for ``k = 1, 2, ...``. Each is ``ceil(log(u) / log1p(-p))`` for ``u`` uniform on [0, 1),
drawn from the generator as torch's CPU kernel draws (same seed, same numbers).

Args:
    p (float): the success probability, in (0, 1).

Keyword args:
    generator (ember.Generator, optional): the random generator (default: the global one).

Returns:
    Tensor: this tensor, filled.

Example::

    >>> _ = ember.manual_seed(0)
    >>> ember.empty(5).geometric_(0.3)
    tensor([1., 1., 3., 1., 2.])
""")

add_docstr(Tensor.log_normal_, r"""
log_normal_(mean=1, std=2, *, generator=None) -> Tensor

Fills this tensor, in place, with log-normal draws ``exp(mean + std * z)``, ``z`` standard
normal (so ``mean`` and ``std`` are those of the logarithm), drawn as torch's CPU kernel
draws them (same seed, same numbers).

Args:
    mean (float): the mean of ``log(x)``.
    std (float): the standard deviation of ``log(x)``, positive.

Keyword args:
    generator (ember.Generator, optional): the random generator (default: the global one).

Returns:
    Tensor: this tensor, filled.

Example::

    >>> _ = ember.manual_seed(0)
    >>> ember.empty(3).log_normal_(0.0, 0.5)
    tensor([2.1608, 0.8635, 0.3364])
""")

add_docstr(Tensor.as_subclass, r"""
as_subclass(cls) -> Tensor

This tensor's data as an instance of the Tensor subclass ``cls``: it shares memory and stays
in the autograd graph (an alias, ``grad_fn`` AliasBackward0).

Args:
    cls (type): a subclass of ``ember.Tensor``.

Returns:
    Tensor: an instance of ``cls``.

Example::

    >>> class Tagged(ember.Tensor):
    ...     pass
    >>> base = ember.ones(2)
    >>> t = base.as_subclass(Tagged)
    >>> type(t).__name__, t.data_ptr() == base.data_ptr()
    ('Tagged', True)
""")

add_docstr(Tensor.const_data_ptr, r"""
const_data_ptr() -> int

The address of this tensor's first element, for reading (the same as ``data_ptr``).

Args:
    self (Tensor): the tensor; the method takes no other argument.

Returns:
    int: the address.

Example::

    >>> t = ember.arange(4)
    >>> t.const_data_ptr() == t.data_ptr()
    True
""")

add_docstr(Tensor.pin_memory, r"""
pin_memory(device=None) -> Tensor

A copy of this CPU tensor in page-locked memory, for faster copies to an accelerator. Without
an accelerator it raises RuntimeError, as torch does; ember never page-locks host memory, so
with one the copy is an ordinary one (``is_pinned()`` stays False).

Args:
    device (ember.device, optional): the accelerator the memory is pinned for.

Returns:
    Tensor: the copy.

Example::

    >>> ember.ones(2).is_pinned()
    False
""")

add_docstr(Tensor.is_set_to, r"""
is_set_to(tensor) -> bool

Whether ``tensor`` views exactly the same memory as this tensor: the same first element,
dtype, shape and strides.

Args:
    tensor (Tensor): the tensor to compare with.

Returns:
    bool

Example::

    >>> a = ember.arange(6)
    >>> a.is_set_to(a.view(6)), a.is_set_to(a.view(2, 3)), a.is_set_to(a.clone())
    (True, False, False)
""")

add_docstr(Tensor.map2_, r"""
map2_(x, y, callable) -> Tensor

Replaces each element ``s`` of this tensor, in place, by ``callable(s, a, b)``, where ``a`` and
``b`` are the matching elements of ``x`` and ``y`` broadcast to this tensor's shape. A Python
call per element: for small CPU tensors.

Args:
    x (Tensor): the second argument's values, of this tensor's dtype.
    y (Tensor): the third argument's values, of this tensor's dtype.
    callable (callable): a function of three numbers.

Returns:
    Tensor: this tensor.

Example::

    >>> ember.zeros(3).map2_(ember.tensor([1.0, 2.0, 3.0]), ember.tensor([2.0]), lambda s, a, b: s + a * b)
    tensor([2., 4., 6.])
""")

add_docstr(Tensor.resize, r"""
resize(*sizes) -> Tensor

Deprecated (warns): this tensor viewed with shape ``sizes``, which must hold the same number
of elements (use ``reshape``). The gradient is reshaped back.

Args:
    sizes (int...): the new shape.

Returns:
    Tensor: the reshaped view.

Example::

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter('ignore')
    ...     print(ember.arange(6).resize(2, 3))
    tensor([[0, 1, 2],
            [3, 4, 5]])
""")

add_docstr(Tensor.resize_as, r"""
resize_as(tensor) -> Tensor

Deprecated (warns): this tensor viewed with ``tensor``'s shape, which must hold the same
number of elements (use ``reshape_as``).

Args:
    tensor (Tensor): gives the shape.

Returns:
    Tensor: the reshaped view.

Example::

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter('ignore')
    ...     print(ember.arange(4).resize_as(ember.ones(2, 2)).shape)
    ember.Size([2, 2])
""")

add_docstr(Tensor.sparse_dim, r"""
sparse_dim() -> int

The number of sparse dims of a sparse COO tensor (those its indices address); 0 for a dense
tensor.

Args:
    self (Tensor): the tensor; the method takes no other argument.

Returns:
    int

Example::

    >>> ember.ones(2, 3).to_sparse().sparse_dim(), ember.ones(2, 3).sparse_dim()
    (2, 0)
""")

add_docstr(Tensor.dense_dim, r"""
dense_dim() -> int

The number of dense dims of a sparse COO tensor (those of each stored value); all of a
dense tensor's dims.

Args:
    self (Tensor): the tensor; the method takes no other argument.

Returns:
    int

Example::

    >>> ember.ones(2, 3).to_sparse().dense_dim(), ember.ones(2, 3).dense_dim()
    (0, 2)
""")

add_docstr(Tensor.coalesce, r"""
coalesce() -> Tensor

A sparse COO tensor with its indices sorted and duplicates summed (a dense tensor raises
RuntimeError).

Args:
    self (Tensor): a sparse COO tensor.

Returns:
    Tensor: the coalesced tensor.

Example::

    >>> i = ember.tensor([[1, 0, 1]])
    >>> s = ember.sparse_coo_tensor(i, ember.tensor([1.0, 2.0, 3.0]), (2,))
    >>> s.coalesce().values()
    tensor([2., 4.])
""")

add_docstr(Tensor.indices, r"""
indices() -> Tensor

The indices of a coalesced sparse COO tensor, shape ``(sparse_dim, nnz)`` (a dense tensor
raises RuntimeError).

Args:
    self (Tensor): a coalesced sparse COO tensor.

Returns:
    Tensor: int64 indices.

Example::

    >>> ember.tensor([[0.0, 2.0], [3.0, 0.0]]).to_sparse().indices()
    tensor([[0, 1],
            [1, 0]])
""")

add_docstr(Tensor.values, r"""
values() -> Tensor

The stored values of a coalesced sparse COO tensor, one per index column (a dense tensor
raises RuntimeError). Gradients flow through them.

Args:
    self (Tensor): a coalesced sparse COO tensor.

Returns:
    Tensor: the values.

Example::

    >>> ember.tensor([[0.0, 2.0], [3.0, 0.0]]).to_sparse().values()
    tensor([2., 3.])
""")

add_docstr(Tensor.is_coalesced, r"""
is_coalesced() -> bool

Whether a sparse COO tensor's indices are sorted and unique (a dense tensor raises
RuntimeError).

Args:
    self (Tensor): a sparse COO tensor.

Returns:
    bool

Example::

    >>> ember.ones(2).to_sparse().is_coalesced()
    True
""")

add_docstr(Tensor.module_load, r"""
module_load(other, assign=False) -> Tensor

What ``Module.load_state_dict`` puts in place of this parameter or buffer given the loaded
``other``: ``other`` detached when ``assign``, else this tensor with ``other`` copied into it
(detached). Subclasses override it to change loading.

Args:
    other (Tensor): the loaded value.
    assign (bool): take ``other`` itself instead of copying into this tensor.

Returns:
    Tensor: the value to put in place.

Example::

    >>> t = ember.zeros(2)
    >>> t.module_load(ember.ones(2)), t
    (tensor([1., 1.]), tensor([1., 1.]))
""")

add_docstr(Tensor.record_stream, r"""
record_stream(stream) -> None

Marks this tensor's memory as used by ``stream``, so that the allocator does not hand it out
again before that stream's work is done. On an accelerator ember orders all work on one
stream and has nothing to record; a CPU tensor raises NotImplementedError, as torch does.

Args:
    stream (Stream): the stream that uses the memory.

Returns:
    None

Example::

    >>> try:
    ...     ember.ones(2).record_stream(ember.Stream())
    ... except NotImplementedError:
    ...     print('CPU tensors have no streams')
    CPU tensors have no streams
""")

add_docstr(Tensor.reinforce, r"""
reinforce(reward) -> None

Removed from torch long ago: raises RuntimeError pointing to ``ember.distributions``
(use ``-dist.log_prob(action) * reward`` as the loss).

Args:
    reward (Tensor): the reward.

Returns:
    None

Example::

    >>> try:
    ...     ember.ones(1).reinforce(1.0)
    ... except RuntimeError as err:
    ...     print(str(err).splitlines()[0])
    reinforce() was removed.
""")

add_docstr(Tensor.xpu, r"""
xpu(device=None, non_blocking=False, memory_format=ember.preserve_format) -> Tensor

A copy on the XPU device. ember has no XPU backend, so this raises AssertionError, as a
torch built without it does.

Args:
    device (int, optional): the device index.
    non_blocking (bool): copy asynchronously where possible.
    memory_format: the layout of the copy.

Returns:
    Tensor: never; the call raises.

Example::

    >>> try:
    ...     ember.ones(1).xpu()
    ... except AssertionError:
    ...     print('no XPU device')
    no XPU device
""")

add_docstr(Tensor.ipu, r"""
ipu(device=None, non_blocking=False, memory_format=ember.preserve_format) -> Tensor

A copy on the IPU device. ember has no IPU backend, so this raises RuntimeError, as a
torch built without it does.

Args:
    device (int, optional): the device index.
    non_blocking (bool): copy asynchronously where possible.
    memory_format: the layout of the copy.

Returns:
    Tensor: never; the call raises.

Example::

    >>> try:
    ...     ember.ones(1).ipu()
    ... except RuntimeError:
    ...     print('no IPU device')
    no IPU device
""")

add_docstr(Tensor.mtia, r"""
mtia(device=None, non_blocking=False, memory_format=ember.preserve_format) -> Tensor

A copy on the MTIA device. ember has no MTIA backend, so this raises AssertionError, as a
torch built without it does.

Args:
    device (int, optional): the device index.
    non_blocking (bool): copy asynchronously where possible.
    memory_format: the layout of the copy.

Returns:
    Tensor: never; the call raises.

Example::

    >>> try:
    ...     ember.ones(1).mtia()
    ... except AssertionError:
    ...     print('no MTIA device')
    no MTIA device
""")



add_docstr(Tensor.flip, r"""flip(*dims) -> Tensor

A copy with the order of elements reversed along ``dims``; see ``ember.flip``. Unlike the
function, the method also takes the dims one by one (``x.flip(0, 1)``) or a single int.

Gradient: the incoming gradient flipped back along the same dims.

Args:
    dims (int, or a list or tuple of ints): the dimensions to reverse; a dim may appear once.

Returns:
    Tensor: the flipped copy, same shape as this tensor.

Example::

    >>> x = ember.tensor([[1, 2], [3, 4]])
    >>> x.flip(0), x.flip(0, 1)
    (tensor([[3, 4],
            [1, 2]]), tensor([[4, 3],
            [2, 1]]))
""")
