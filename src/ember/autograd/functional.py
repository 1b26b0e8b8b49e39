"""Higher-level derivatives of whole functions: jacobian, hessian, vjp, jvp, hvp, vhp.

All are built on reverse mode (``autograd.grad``):
  vjp(f, x, v) = v^T J            one backward pass
  jvp(f, x, v) = J v              the "double-vjp" trick: J v = d/du [u^T J v]... computed as
                                  grad of (vjp(u) · v) with respect to the dummy cotangent u
  jacobian(f, x)                  one backward pass per output element (rows of J)
  hessian(f, x) = jacobian(grad f)
  hvp(f, x, v) = H v, vhp(f, x, v) = v^T H (equal for smooth f: H is symmetric)
"""
from __future__ import annotations

from . import grad_mode


def _as_tuple(x):
    from .._tensor import Tensor
    if isinstance(x, Tensor):
        return (x,), False
    return tuple(x), True


def _prepare(inputs, create_graph):
    """Fresh leaves that require grad (detached from any outer graph unless create_graph)."""
    return tuple(x if create_graph and x.requires_grad else x.detach().requires_grad_(True)
                 for x in inputs)


def _grad(outputs, inputs, grad_outputs, create_graph, strict, allow_none_as_zero=True):
    from . import grad as autograd_grad
    from .. import zeros_like
    diff_out = [o for o in outputs if o.requires_grad]
    if not diff_out:
        if strict:
            raise RuntimeError("The output of the user-provided function is independent of "
                               "input 0. This is not allowed in strict mode.")
        return tuple(zeros_like(x) for x in inputs)
    gos = [g for o, g in zip(outputs, grad_outputs) if o.requires_grad]
    grads = autograd_grad(diff_out, inputs, gos, create_graph=create_graph, retain_graph=True,
                          allow_unused=True)
    out = []
    for i, (x, g) in enumerate(zip(inputs, grads)):
        if g is None:
            if strict:
                raise RuntimeError(f"The output of the user-provided function is independent of "
                                   f"input {i}. This is not allowed in strict mode.")
            g = zeros_like(x)
        out.append(g)
    return tuple(out)


def _finish(out, derivatives, create_graph, as_tuple):
    """(output, derivatives), detached from the graph unless create_graph."""
    if not create_graph:
        out = tuple(o.detach() for o in out) if isinstance(out, tuple) else out.detach()
        derivatives = tuple(d.detach() for d in derivatives)
    return out, derivatives if as_tuple else derivatives[0]


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), v^T J): the vector-Jacobian product at ``inputs``."""
    from .. import ones_like
    inputs, is_tuple = _as_tuple(inputs)
    with grad_mode.enable_grad():
        xs = _prepare(inputs, create_graph)
        out = func(*xs)
        outs, out_tuple = _as_tuple(out)
        if v is None:
            if any(o.numel() != 1 for o in outs):
                raise RuntimeError("The vector v can only be None if the user-provided function "
                                   "returns a single Tensor with a single element.")
            vs = tuple(ones_like(o) for o in outs)
        else:
            vs, _ = _as_tuple(v)
            for o, vv in zip(outs, vs):
                if vv.shape != o.shape:
                    raise RuntimeError(f"Mismatch in shape: v has shape {vv.shape} and the "
                                       f"output of func has shape {o.shape}.")
        grads = _grad(outs, xs, vs, create_graph, strict)
    return _finish(out, grads, create_graph, is_tuple)


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), J v): the Jacobian-vector product, by differentiating a vjp."""
    from .. import ones_like, zeros_like
    inputs, is_tuple = _as_tuple(inputs)
    if v is None:
        if any(x.numel() != 1 for x in inputs):
            raise RuntimeError("The vector v can only be None if the input to the user-provided "
                               "function is a single Tensor with a single element.")
        vs = tuple(ones_like(x) for x in inputs)
    else:
        vs, _ = _as_tuple(v)
    with grad_mode.enable_grad():
        xs = _prepare(inputs, create_graph)
        out = func(*xs)
        outs, out_tuple = _as_tuple(out)
        # u is a dummy cotangent: g(u) = J^T u is linear in u, so d<g(u), v>/du = J v.
        us = tuple(zeros_like(o).requires_grad_(True) for o in outs)
        gs = _grad(outs, xs, us, True, strict)
        from . import grad as autograd_grad
        pairs = [(g, vv) for g, vv in zip(gs, vs) if g.requires_grad]
        if pairs:
            jv = autograd_grad([g for g, _ in pairs], us, [vv for _, vv in pairs],
                               create_graph=create_graph, allow_unused=True)
        else:
            jv = (None,) * len(us)
        jv = tuple(zeros_like(o) if j is None else j for o, j in zip(outs, jv))
    return _finish(out, jv, create_graph, out_tuple)


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False,
             strategy="reverse-mode"):
    """J[i][j] = d output_i / d input_j, each of shape output_i.shape + input_j.shape."""
    from .. import stack, zeros
    inputs, is_tuple = _as_tuple(inputs)
    with grad_mode.enable_grad():
        xs = _prepare(inputs, create_graph)
        out = func(*xs)
        outs, out_tuple = _as_tuple(out)
        jac = []
        for o in outs:
            rows = []
            flat = o.reshape(-1)
            for k in range(flat.numel()):
                if flat.requires_grad:
                    from . import grad as autograd_grad
                    gs = autograd_grad(flat[k], xs, retain_graph=True, create_graph=create_graph,
                                       allow_unused=True)
                else:
                    gs = (None,) * len(xs)
                row = []
                for i, (x, g) in enumerate(zip(xs, gs)):
                    if g is None:
                        if strict:
                            raise RuntimeError(f"Output {len(jac)} of the user-provided function "
                                               f"is independent of input {i}. This is not "
                                               "allowed in strict mode.")
                        g = zeros(x.shape, dtype=x.dtype)
                    row.append(g if create_graph else g.detach())
                rows.append(row)
            per_input = []
            for i, x in enumerate(xs):
                if rows:
                    j = stack([r[i] for r in rows]).reshape(tuple(o.shape) + tuple(x.shape))
                else:
                    j = zeros(tuple(o.shape) + tuple(x.shape), dtype=x.dtype)
                per_input.append(j)
            jac.append(tuple(per_input) if is_tuple else per_input[0])
    return tuple(jac) if out_tuple else jac[0]


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False,
            outer_jacobian_strategy="reverse-mode"):
    """H[i][j] = d^2 f / d input_i d input_j for a scalar-valued ``func``."""
    inputs_t, is_tuple = _as_tuple(inputs)

    def gradient(*xs):
        out = func(*xs)
        if out.numel() != 1:
            raise RuntimeError("The function given to hessian should return a single element "
                               "Tensor")
        from . import grad as autograd_grad
        gs = autograd_grad(out.reshape(()), xs, create_graph=True, allow_unused=True)
        from .. import zeros_like
        return tuple(zeros_like(x) if g is None else g for x, g in zip(xs, gs))

    jac = jacobian(gradient, inputs_t, create_graph=create_graph, strict=strict)
    if is_tuple:
        return jac
    return jac[0][0] if isinstance(jac[0], tuple) else jac[0]


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), v^T H) for scalar ``func``."""
    inputs_t, is_tuple = _as_tuple(inputs)
    with grad_mode.enable_grad():
        xs = _prepare(inputs_t, True)
        out = func(*xs)
        from . import grad as autograd_grad
        gs = autograd_grad(out, xs, create_graph=True, allow_unused=True)
        from .. import zeros_like
        gs = tuple(zeros_like(x) if g is None else g for x, g in zip(xs, gs))
        vs, _ = _as_tuple(v) if v is not None else ((), False)
        pairs = [(g, vv) for g, vv in zip(gs, vs) if g.requires_grad]
        res = autograd_grad([g for g, _ in pairs], xs, [vv for _, vv in pairs],
                            create_graph=create_graph, allow_unused=True) if pairs else \
            (None,) * len(xs)
        res = tuple(zeros_like(x) if r is None else r for x, r in zip(xs, res))
    res = res if create_graph else tuple(r.detach() for r in res)
    return out.detach(), res if is_tuple else res[0]


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), H v) for scalar ``func``; equals vhp since the Hessian is symmetric."""
    return vhp(func, inputs, v, create_graph, strict)
