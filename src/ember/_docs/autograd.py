"""Docstrings for autograd (attached on import; see ember._docs)."""
from __future__ import annotations

from ember import autograd

from . import add_docstr

add_docstr(autograd.Function, r"""Function(*args, **kwargs)

The base class of custom differentiable operations. Subclass it with two static methods:
``forward(ctx, *args)`` computes the result (with gradient recording off), and
``backward(ctx, *grad_outputs)`` returns one gradient per ``forward`` argument (``None`` for
non-tensors or inputs that need none), i.e. the vector-Jacobian product. Call it through
``MyOp.apply(*args)``, never by instantiating. ``ctx.save_for_backward(*tensors)`` keeps
tensors for the backward pass (read them back as ``ctx.saved_tensors``); other values can be
stored as attributes of ``ctx``. ``forward`` may instead take only the inputs, with a
separate ``setup_context(ctx, inputs, output)``.

Args:
    args, kwargs: not used; ``Function`` subclasses are not instantiated.

Example::

    >>> class Cube(ember.autograd.Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         ctx.save_for_backward(x)
    ...         return x * x * x
    ...     @staticmethod
    ...     def backward(ctx, grad):
    ...         x, = ctx.saved_tensors
    ...         return grad * 3 * x * x
    >>> x = ember.tensor([1.0, 2.0], requires_grad=True)
    >>> y = Cube.apply(x)
    >>> y
    tensor([1., 8.], grad_fn=<CubeBackward>)
    >>> y.sum().backward()
    >>> x.grad
    tensor([ 3., 12.])
""")

add_docstr(autograd.FunctionCtx, r"""FunctionCtx()

The ``ctx`` object a custom ``Function``'s ``forward`` and ``backward`` share. It carries
``save_for_backward(*tensors)`` / ``saved_tensors`` (checked against in-place changes),
``needs_input_grad`` (a tuple of bools, one per forward argument, to skip unneeded work),
``mark_dirty`` (for in-place forwards), ``mark_non_differentiable`` and
``set_materialize_grads``, plus any attributes you set on it. torch has it as
``torch.autograd.function.FunctionCtx``.

Example::

    >>> class Scale(ember.autograd.Function):
    ...     @staticmethod
    ...     def forward(ctx, x, factor):
    ...         ctx.factor = factor
    ...         return x * factor
    ...     @staticmethod
    ...     def backward(ctx, grad):
    ...         print('needs_input_grad:', ctx.needs_input_grad)
    ...         return grad * ctx.factor, None
    >>> x = ember.ones(2, requires_grad=True)
    >>> Scale.apply(x, 3.0).sum().backward()
    needs_input_grad: (True, False)
    >>> x.grad
    tensor([3., 3.])
""")

add_docstr(autograd.Node, r"""Node()

The base class of every ``grad_fn``: one recorded operation of the backward graph. Its
``name()`` is PyTorch's (``MulBackward0``, ...), ``next_functions`` lists the nodes of its
inputs (``AccumulateGrad`` for leaves, ``None`` where no gradient flows), and hooks can be
attached with ``register_hook`` / ``register_prehook``. torch has it as
``torch.autograd.graph.Node``.

Example::

    >>> x = ember.tensor([1.0, 2.0], requires_grad=True)
    >>> y = (x * 2).sum()
    >>> isinstance(y.grad_fn, ember.autograd.Node), y.grad_fn.name()
    (True, 'SumBackward0')
    >>> y.grad_fn.next_functions[0][0].name()
    'MulBackward0'
""")

add_docstr(autograd.Variable, r"""Variable(data=None, requires_grad=False, volatile=False)

The legacy autograd wrapper from before tensors tracked gradients themselves. Calling it
now simply returns a Tensor with ``data``'s values and the given ``requires_grad``; new code
should use tensors directly. ``volatile`` is ignored (use ``ember.no_grad()``).

Args:
    data (Tensor): the values.
    requires_grad (bool, optional): record operations on the result. Default: ``False``.
    volatile (bool, optional): deprecated and ignored.

Example::

    >>> v = ember.autograd.Variable(ember.tensor([1.0, 2.0]), requires_grad=True)
    >>> type(v).__name__, v
    ('Tensor', tensor([1., 2.], requires_grad=True))
""")

add_docstr(autograd.GradcheckError, r"""GradcheckError(*args)

Raised by ``gradcheck`` and ``gradgradcheck`` (with ``raise_exception=True``) when an
analytical gradient differs from the finite-difference estimate beyond the tolerances. The
message shows both Jacobians. A subclass of RuntimeError; torch has it as
``torch.autograd.gradcheck.GradcheckError``.

Args:
    args: the message.

Example::

    >>> class WrongGrad(ember.autograd.Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         return x * 2
    ...     @staticmethod
    ...     def backward(ctx, grad):
    ...         return grad * 3
    >>> x = ember.tensor([1.0], dtype=ember.float64, requires_grad=True)
    >>> try:
    ...     ember.autograd.gradcheck(WrongGrad.apply, (x,))
    ... except ember.autograd.GradcheckError as err:
    ...     print(type(err).__name__, isinstance(err, RuntimeError))
    GradcheckError True
""")

add_docstr(autograd.gradgradcheck, r"""gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-06, atol=1e-05, rtol=0.001, gen_non_contig_grad_outputs=False, raise_exception=True, nondet_tol=0.0, check_undefined_grad=True, check_grad_dtypes=False, check_batched_grad=False, check_fwd_over_rev=False, check_rev_over_rev=True, fast_mode=False, masked=False) -> bool

Checks SECOND derivatives: it builds the first-order gradient with ``create_graph=True``
(for ``grad_outputs``, random if not given) and ``gradcheck``-s that gradient as a function of
the inputs and ``grad_outputs``, comparing the analytical vector-Hessian products with finite
differences. Use float64 inputs with ``requires_grad=True``.

Args:
    func (Callable): maps the tensors in ``inputs`` to a tensor or tuple of tensors.
    inputs (tuple of Tensor or Tensor): the point to check at.
    grad_outputs (tuple of Tensor, optional): the output gradients to differentiate through.
    eps (float, optional): the finite-difference step. Default: ``1e-6``.
    atol (float, optional): absolute tolerance. Default: ``1e-5``.
    rtol (float, optional): relative tolerance. Default: ``1e-3``.
    gen_non_contig_grad_outputs (bool, optional): use non-contiguous random grad outputs.
    raise_exception (bool, optional): raise ``GradcheckError`` on failure instead of
        returning ``False``. Default: ``True``.
    nondet_tol, check_undefined_grad, check_grad_dtypes, check_batched_grad,
        check_fwd_over_rev, check_rev_over_rev, fast_mode, masked: as in ``gradcheck``.

Returns:
    bool: ``True`` when the second derivatives agree.

Example::

    >>> x = ember.tensor([0.5, 1.5], dtype=ember.float64, requires_grad=True)
    >>> ember.autograd.gradgradcheck(lambda t: (t ** 3).sin(), (x,))
    True
""")

add_docstr(autograd.detect_anomaly, r"""detect_anomaly(check_nan=True)

A context manager that enables anomaly detection in its block: the forward records where each
node was created, and a backward that produces NaN raises a RuntimeError naming the node, with
the forward traceback of the operation that caused it. Making one warns that the mode slows
everything down; use it only to debug.

Args:
    check_nan (bool, optional): raise when a backward function returns NaN. Default: ``True``.

Example::

    >>> import warnings
    >>> x = ember.tensor([0.0], requires_grad=True)
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter('ignore')
    ...     with ember.autograd.detect_anomaly():
    ...         y = x.sqrt() * 0.0
    ...         try:
    ...             y.backward()
    ...         except RuntimeError as err:
    ...             print(str(err).split(' returned')[0])
    Function 'SqrtBackward0'
""")

add_docstr(autograd.set_detect_anomaly, r"""set_detect_anomaly(mode, check_nan=True)

Turns anomaly detection on or off: immediately when called, and as a context manager it
restores the previous setting on exit. See ``detect_anomaly`` for what it checks.

Args:
    mode (bool): enable (``True``) or disable it.
    check_nan (bool, optional): raise when a backward function returns NaN. Default: ``True``.

Example::

    >>> x = ember.tensor([0.0], requires_grad=True)
    >>> with ember.autograd.set_detect_anomaly(True):
    ...     y = x.sqrt() * 0.0
    ...     try:
    ...         y.backward()
    ...     except RuntimeError as err:
    ...         print(str(err).split(' returned')[0])
    Function 'SqrtBackward0'
""")

add_docstr(autograd.is_anomaly_enabled, r"""is_anomaly_enabled() -> bool

Whether anomaly detection is currently on (see ``detect_anomaly``). torch has it as
``torch.is_anomaly_enabled``.

Returns:
    bool

Example::

    >>> ember.autograd.is_anomaly_enabled()
    False
    >>> with ember.autograd.set_detect_anomaly(True):
    ...     print(ember.autograd.is_anomaly_enabled())
    True
""")

add_docstr(autograd.set_multithreading_enabled, r"""set_multithreading_enabled(mode)

A context manager that turns multithreaded backward on or off in its block (restoring the
previous setting after). ember's engine always runs backward on the calling thread, so the
setting is recorded but changes nothing.

Args:
    mode (bool): allow (``True``) or forbid multithreaded backward.

Example::

    >>> x = ember.tensor([1.0, 2.0], requires_grad=True)
    >>> with ember.autograd.set_multithreading_enabled(False):
    ...     (x * x).sum().backward()
    >>> x.grad
    tensor([2., 4.])
""")

add_docstr(autograd.once_differentiable, r"""once_differentiable(fn)

A decorator for a custom ``Function``'s ``backward`` that is not itself differentiable: the
backward then runs with gradient recording off, and asking for a gradient of its result
(``create_graph=True`` through it) raises an error instead of silently giving a wrong
second derivative. torch has it as ``torch.autograd.function.once_differentiable``.

Args:
    fn (Callable): the ``backward`` static method.

Returns:
    Callable: the wrapped backward.

Example::

    >>> class Exp(ember.autograd.Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         out = x.exp()
    ...         ctx.save_for_backward(out)
    ...         return out
    ...     @staticmethod
    ...     @ember.autograd.once_differentiable
    ...     def backward(ctx, grad):
    ...         out, = ctx.saved_tensors
    ...         return grad * out
    >>> x = ember.tensor([0.0, 1.0], requires_grad=True)
    >>> Exp.apply(x).sum().backward()
    >>> x.grad
    tensor([1.0000, 2.7183])
""")
