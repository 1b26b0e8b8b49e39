"""Check analytical gradients against finite differences (use float64 inputs).

For each input x_j and output y_i, the numerical Jacobian column is
(f(x + eps e_k) - f(x - eps e_k)) / (2 eps); the analytical one comes from backpropagating a
one-hot gradient through the graph. They must agree within atol + rtol * |numerical|.
"""
from __future__ import annotations

import warnings

import numpy as np

from .._deprecated import _user_stacklevel
from . import grad_mode


class GradcheckError(RuntimeError):
    """Raised when analytical and numerical gradients disagree."""


def _as_tuple(x):
    return x if isinstance(x, tuple) else (x,) if not isinstance(x, list) else tuple(x)


def _differentiable_outputs(outputs):
    from .._tensor import Tensor
    return [o for o in _as_tuple(outputs) if isinstance(o, Tensor) and o._dtype.category >= 2]


def _coords(arr):
    """The real coordinates of an array: itself for real data, (real, imag) pairs for complex;
    on the host, where the Jacobians are compared."""
    from .._backend import to_host
    arr = to_host(arr)
    if arr.dtype.kind == "c":
        return np.ascontiguousarray(arr, dtype=np.complex128).view(np.float64).reshape(-1)
    return arr.astype(np.float64).reshape(-1)


def _numel(t):
    return t.numel() * (2 if t._dtype.category == 3 else 1)


def _numerical_jacobian(func, inputs, eps):
    """jac[i][j]: array (coordinates of input j, coordinates of output i) of central
    differences; a complex element has two coordinates, its real and imaginary parts."""
    from .._tensor import Tensor
    with grad_mode.no_grad():
        outs = _differentiable_outputs(func(*inputs))
    jac = [[np.zeros((_numel(t), _numel(o))) for t in inputs if isinstance(t, Tensor)]
           for o in outs]
    j = -1
    for t in inputs:
        if not (isinstance(t, Tensor) and t.requires_grad):
            if isinstance(t, Tensor):
                j += 1
            continue
        j += 1
        # a strided input (a slice, a transpose) is perturbed in place through its view, in
        # row-major order of its elements, as the Jacobian's rows are laid out
        data = t._data
        flat = data.reshape(-1) if data.flags.c_contiguous else None
        places = range(data.size) if flat is not None else np.ndindex(*data.shape)
        target = flat if flat is not None else data
        steps = (eps, 1j * eps) if t._dtype.category == 3 else (eps,)
        for k, place in enumerate(places):
            for part, step in enumerate(steps):
                orig = target[place].copy()
                target[place] = orig + step
                with grad_mode.no_grad():
                    plus = [_coords(o._data) for o in _differentiable_outputs(func(*inputs))]
                target[place] = orig - step
                with grad_mode.no_grad():
                    minus = [_coords(o._data) for o in _differentiable_outputs(func(*inputs))]
                target[place] = orig
                for i in range(len(outs)):
                    jac[i][j][k * len(steps) + part] = (plus[i] - minus[i]) / (2 * eps)
    return jac


def _analytical_jacobian(func, inputs):
    """Backpropagate a one-hot gradient per output coordinate: 1 at an element asks for the
    derivative of its real part, 1j (for complex outputs) for that of its imaginary part; the
    input gradient's (real, imag) pairs are then d/da and d/db, PyTorch's convention."""
    from .._tensor import Tensor
    from . import grad as autograd_grad
    tensor_inputs = [t for t in inputs if isinstance(t, Tensor)]
    diff_inputs = [t for t in tensor_inputs if t.requires_grad]
    outs = _differentiable_outputs(func(*inputs))
    jac = [[np.zeros((_numel(t), _numel(o))) for t in tensor_inputs] for o in outs]
    for i, o in enumerate(outs):
        units = (1, 1j) if o._dtype.category == 3 else (1,)
        for k in range(o.numel()):
            if not o.requires_grad:
                continue
            for part, unit in enumerate(units):
                seed = np.zeros_like(o._data, order="C")  # reshape(-1) below must be a view
                seed.reshape(-1)[k] = unit
                grads = autograd_grad(o, diff_inputs, Tensor._make(seed), retain_graph=True,
                                      allow_unused=True)
                g_iter = iter(grads)
                for j, t in enumerate(tensor_inputs):
                    if not t.requires_grad:
                        continue
                    g = next(g_iter)
                    if g is not None:
                        if g._data.shape != t._data.shape:
                            raise GradcheckError(f"Gradient shape {tuple(g.shape)} of input {j} "
                                                 f"does not match the input's {tuple(t.shape)}")
                        jac[i][j][:, k * len(units) + part] = _coords(g._data)
    return jac


def _forward_jacobian(func, inputs):
    """Push a one-hot tangent through forward-mode AD per input coordinate: 1 at an element
    (1j for the imaginary part of a complex one) gives the row of derivatives of every
    output coordinate, laid out as the numerical Jacobian's."""
    from .._tensor import Tensor
    from . import forward_ad
    tensor_inputs = [t for t in inputs if isinstance(t, Tensor)]
    with grad_mode.no_grad():
        outs = _differentiable_outputs(func(*inputs))
    jac = [[np.zeros((_numel(t), _numel(o))) for t in tensor_inputs] for o in outs]
    for j, t in enumerate(tensor_inputs):
        if not t.requires_grad:
            continue
        units = (1, 1j) if t._dtype.category == 3 else (1,)
        for k in range(t.numel()):
            for part, unit in enumerate(units):
                seed = np.zeros_like(t._data, order="C")
                seed.reshape(-1)[k] = unit
                with forward_ad.dual_level():
                    args = [forward_ad.make_dual(a.detach(), Tensor._make(seed))
                            if a is t else a for a in inputs]
                    results = _differentiable_outputs(func(*args))
                    for i, o in enumerate(results):
                        tangent = forward_ad.unpack_dual(o).tangent
                        if tangent is not None:
                            jac[i][j][k * len(units) + part] = _coords(tangent._data)
    return jac


_SPARSE_OUTPUT = ("Sparse output is not supported at gradcheck yet. Please call "
                  "to_dense(masked_grad=...) on the output of fn for gradcheck.")


def _strided_only(func, inputs, masked):
    """``func`` and ``inputs`` with every sparse input that requires grad (any layout) given as
    a dense leaf, rebuilt inside ``func`` as a tensor of its layout that holds its own entries
    (``masked``) or every element, so that the Jacobians are those of the stored values (or of
    all elements); a sparse output is refused with torch's error."""
    from .._tensor import Tensor
    rebuild, strided = {}, []
    for position, value in enumerate(inputs):
        if isinstance(value, Tensor) and value.requires_grad and \
                getattr(value, "_sparse_values", None) is not None:
            from ..sparse._more import sparse_rebuilder
            rebuild[position] = sparse_rebuilder(value, masked)
            value = value.detach().to_dense().requires_grad_()
        strided.append(value)

    def strided_func(*args):
        result = func(*(rebuild[i](arg) if i in rebuild else arg for i, arg in enumerate(args)))
        for output in _as_tuple(result):
            if getattr(output, "_sparse_values", None) is not None:
                raise ValueError(_SPARSE_OUTPUT)
        return result
    return strided_func, tuple(strided)


def _compare(numerical, analytical, tensor_inputs, rtol, atol, raise_exception, mode):
    for i, (num_row, ana_row) in enumerate(zip(numerical, analytical)):
        for j, (n, a) in enumerate(zip(num_row, ana_row)):
            if not tensor_inputs[j].requires_grad:
                continue
            if not np.allclose(a, n, rtol=rtol, atol=atol):
                if not raise_exception:
                    return False
                raise GradcheckError(
                    f"Jacobian {mode}mismatch for output {i} with respect to input {j},\n"
                    f"numerical:{_fmt(n)}\nanalytical:{_fmt(a)}\n")
    return True


def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True,
              nondet_tol=0.0, check_undefined_grad=True, check_grad_dtypes=False,
              check_batched_grad=False, check_batched_forward_grad=False,
              check_forward_ad=False, check_backward_ad=True, fast_mode=False, masked=None):
    """Check ``func``'s gradients against finite differences at ``inputs``.

    Every input that requires grad is perturbed by ``eps`` in each element; the numerical
    Jacobian (central differences) must match the one backward computes to ``atol + rtol *
    |numerical|``. Use float64 inputs: float32 differences are too coarse. Complex inputs and
    outputs are checked as pairs of real numbers (their real and imaginary parts are perturbed
    and read apart), which tests PyTorch's convention for complex gradients.

    Args:
        func: a function of the inputs returning a tensor or a tuple of tensors.
        inputs: a tensor or tuple of arguments for ``func``.
        eps: the finite-difference step.
        atol, rtol: the tolerances of the comparison.
        raise_exception: raise a GradcheckError describing the mismatch (default) instead of
            returning False.
        check_forward_ad: also check the Jacobian forward-mode AD gives (one dual tangent
            per input coordinate).
        check_backward_ad: check the Jacobian backward gives (default).
        masked: for a sparse input (any layout) that requires grad, the Jacobian with respect
            to its stored values only (True) or to every element (False, the default).

    Returns:
        True when the gradients agree (False, or an exception, otherwise).

    Example:
        >>> x = ember.tensor([0.5, 1.5], dtype=ember.float64, requires_grad=True)
        >>> ember.autograd.gradcheck(lambda t: (t.sin() * t).sum(), (x,))
        True
    """
    from .._tensor import Tensor
    inputs = _as_tuple(inputs)
    for idx, t in enumerate(inputs):
        if isinstance(t, Tensor) and t.requires_grad and t._dtype.name not in (
                "float64", "complex128"):
            warnings.warn(f"Input #{idx} requires gradient and is not a double precision floating "
                          "point or complex. This check will likely fail if all the inputs are "
                          "not of double precision floating point or complex. ", UserWarning,
                          stacklevel=_user_stacklevel())
    if not any(isinstance(t, Tensor) and t.requires_grad for t in inputs):
        raise ValueError("gradcheck expects at least one input tensor to require gradient, but "
                         "none of them have requires_grad=True.")
    if not (check_forward_ad or check_backward_ad):
        raise AssertionError("Expected at least one of check_forward_ad or check_backward_ad "
                             "to be True")
    func, inputs = _strided_only(func, inputs, bool(masked))
    numerical = _numerical_jacobian(func, inputs, eps)
    tensor_inputs = [t for t in inputs if isinstance(t, Tensor)]
    if check_backward_ad and not _compare(numerical, _analytical_jacobian(func, inputs),
                                          tensor_inputs, rtol, atol, raise_exception, ""):
        return False
    if check_forward_ad and not _compare(numerical, _forward_jacobian(func, inputs),
                                         tensor_inputs, rtol, atol, raise_exception,
                                         "computed with forward mode "):
        return False
    return True


def _fmt(arr):
    from .._tensor import Tensor
    return repr(Tensor._make(arr))


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-6, atol=1e-5, rtol=1e-3,
                  gen_non_contig_grad_outputs=False, raise_exception=True, nondet_tol=0.0,
                  check_undefined_grad=True, check_grad_dtypes=False,
                  check_batched_grad=False, check_fwd_over_rev=False, check_rev_over_rev=True,
                  fast_mode=False, masked=False):
    """gradcheck of the gradient itself: checks second derivatives (create_graph=True)."""
    from .._tensor import Tensor
    from . import grad as autograd_grad
    inputs = _as_tuple(inputs)
    if grad_outputs is None:
        # Random cotangents in [-1, 1) from the global generator, drawn as torch draws them
        # (make_tensor), so a program's later random numbers are torch's too.
        from .. import float64
        from ..testing import make_tensor
        with grad_mode.no_grad():
            outs = _differentiable_outputs(func(*inputs))
        grad_outputs = tuple(
            make_tensor(o.shape, dtype=o.dtype if o.is_floating_point() or o.is_complex()
                        else float64, device=o.device, low=-1, high=1, requires_grad=True,
                        noncontiguous=gen_non_contig_grad_outputs)
            for o in outs)
    grad_outputs = _as_tuple(grad_outputs)
    n_in = len(inputs)
    diff_idx = [i for i, t in enumerate(inputs) if isinstance(t, Tensor) and t.requires_grad]

    def first_derivative(*args):
        ins, gos = args[:n_in], args[n_in:]
        with grad_mode.enable_grad():
            outs = _differentiable_outputs(func(*ins))
            diff = [ins[i] for i in diff_idx]
            grads = autograd_grad(outs, diff, gos, create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    return gradcheck(first_derivative, inputs + grad_outputs, eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception)
