"""Forward-mode AD: dual tensors carry a tangent that every op pushes forward (J · tangent).

ember derives each op's forward derivative from its reverse-mode rule, so no op needs a second
formula: for an op with backward g(u) = J^T u (linear in the cotangent u), the tangent of the
output is  J t = d/du <g(u), t>,  one differentiation of the op's own derivative rule.

The few ops whose input is assumed symmetric (cholesky, eigh) are the exception. Their backward
returns a symmetric gradient, so the transposed rule would push forward the symmetric part of a
tangent only, where torch's forward formulas use the whole tangent (``jacfwd`` of cholesky
differs from its ``jacrev`` in torch). Their node classes carry a ``forward_rule`` of their own,
written next to the backward rule.

Complex numbers are pairs of reals here, as in torch's convention for gradients: a backward
rule applies the transposed real Jacobian, so the pairing above is the real inner product
Re(sum(u conj(t))), and holomorphic and non-holomorphic ops (abs, angle, conj, fft of a real
signal...) push tangents forward alike.
"""
from __future__ import annotations

import collections

from . import grad_mode


class _State:
    level = None      # the active dual level, or None when forward AD is off
    next_level = 0
    duals = []        # weak refs to tensors given tangents at the current level


_state = _State()

UnpackedDualTensor = collections.namedtuple("UnpackedDualTensor", ["primal", "tangent"])


def enter_dual_level():
    if _state.level is not None:
        raise RuntimeError("Nested forward mode AD is not supported at the moment")
    _state.level = _state.next_level
    _state.next_level += 1
    return _state.level


def exit_dual_level(*, level=None):
    import weakref  # noqa: F401  (kept beside the weak references it clears)
    for ref in _state.duals:
        t = ref()
        if t is not None:
            t.__dict__.pop("_fw_grad", None)
    _state.duals = []
    _state.level = None


class dual_level:
    """Context manager in which dual tensors exist; tangents are dropped on exit."""

    def __enter__(self):
        return enter_dual_level()

    def __exit__(self, *exc):
        exit_dual_level()


def _attach(tensor, tangent):
    import weakref
    tensor._fw_grad = tangent
    _state.duals.append(weakref.ref(tensor))


def make_dual(tensor, tangent, *, level=None):
    """A view of ``tensor`` carrying ``tangent`` as its forward gradient."""
    from .._vmap_batched import refuse
    refuse("make_dual")  # a batched vmap's rules do not carry tangents
    if _state.level is None:
        raise RuntimeError("To create a dual Tensor, you must first enter a dual level using "
                           "forward_ad.dual_level()")
    if tangent.shape != tensor.shape:
        raise RuntimeError("Trying to set a forward gradient that has a different size than "
                           "that of the original Tensor, this is not supported. Tensor is of "
                           f"size {list(tensor.shape)} while the given forward gradient is of "
                           f"size {list(tangent.shape)}.")
    if not tensor.is_floating_point() and not tensor.is_complex():
        raise ValueError(f"Expected primal to be floating point or complex, but got: "
                         f"{tensor.dtype}")
    dual = tensor.view_as(tensor)
    _attach(dual, tangent.to(tensor.dtype) if tangent.dtype != tensor.dtype else tangent)
    return dual


def unpack_dual(tensor, *, level=None):
    """(primal, tangent) of a dual tensor; tangent is None for an ordinary tensor."""
    tangent = tensor.__dict__.get("_fw_grad") if hasattr(tensor, "__dict__") else None
    if tangent is None:
        return UnpackedDualTensor(tensor, None)
    primal = tensor.view_as(tensor)
    primal.__dict__.pop("_fw_grad", None)
    return UnpackedDualTensor(primal, tangent)


def _tangent(x):
    d = getattr(x, "__dict__", None)
    return d.get("_fw_grad") if d else None


def _zeros_of(data):
    from .. import _backend
    return _backend.namespace_of(data).zeros_like(data)


def propagate(out, cls, inputs, save, attrs):
    """Give ``out`` (a tensor or tuple) the tangent J·t of the op just computed."""
    tangents = [_tangent(x) for x in inputs]
    if all(t is None for t in tangents):
        return
    from .._tensor import Tensor
    from . import grad as autograd_grad
    level, _state.level = _state.level, None  # the rule's own ops must not push tangents
    forward_rule = getattr(cls, "forward_rule", None)
    if forward_rule is not None:
        try:
            outs = out if type(out) is tuple else (out,)
            with grad_mode.no_grad():
                results = forward_rule(attrs, inputs, outs,
                                       [t.detach() if t is not None else None for t in tangents])
            for o, r in zip(outs, results):
                _attach(o, r)
        finally:
            _state.level = level
        return
    try:
        node = cls()
        node.needs_input_grad = tuple(t is not None for t in tangents)
        node._input_meta = [(x._data.shape, x._dtype) if t is not None else None
                            for x, t in zip(inputs, tangents)]
        node.__dict__.update(attrs)
        outs = out if type(out) is tuple else (out,)
        if save:
            node.save_for_backward(*(s.detach() if isinstance(s, Tensor) else s for s in save))
        with grad_mode.enable_grad():
            # zeros_like, not o._data * 0: NumPy turns a 0-d array times 0 into a scalar
            us = [Tensor._make(_zeros_of(o._data)).requires_grad_(True)
                  if o.is_floating_point() or o.is_complex() else None for o in outs]
            gs = node.apply(*us)
            total = None
            for g, t in zip(gs, tangents):
                if g is None or t is None:
                    continue
                t = t.detach()
                # A complex number is a pair of reals to autograd (the backward rule is the
                # transposed real Jacobian, torch's convention), so <g, t> is the real inner
                # product Re(sum(g conj(t))) and its gradient in u is again J t.
                term = (g * t.conj()).real.sum() if g.is_complex() or t.is_complex() else \
                    (g * t).sum()
                total = term if total is None else total + term
            wanted = [u for u in us if u is not None]
            results = autograd_grad(total, wanted, allow_unused=True) if total is not None \
                and total.requires_grad else [None] * len(wanted)
        it = iter(results)
        for o, u in zip(outs, us):
            if u is None:
                continue
            r = next(it)
            _attach(o, r.detach() if r is not None else Tensor._make(_zeros_of(o._data)))
    finally:
        _state.level = level


def written(target, index, value):
    """After an untracked write of ``value`` into ``target`` (``target[index] = value``, or
    the whole of it for ``index`` None: copy_), give target the tangent torch's would have:
    its own (or zeros) with value's tangent (or zeros) written at the same place. A no-op
    unless forward AD is on and either side carries a tangent.

    A view's base does not see the change (ember's views keep tangents of their own)."""
    if _state.level is None:
        return
    mine = _tangent(target)
    theirs = _tangent(value) if hasattr(value, "_data") else None
    if mine is None and theirs is None:
        return
    from .._tensor import Tensor
    from ..ops.indexing import _target
    data = mine._data.copy() if mine is not None else _zeros_of(target._data)
    source = theirs._data if theirs is not None else 0
    if index is None:
        data[...] = source
    else:
        view, at = _target(data, index)
        view[at] = source
    tangent = Tensor._make(data)
    if mine is None:
        _attach(target, tangent)
    else:
        target._fw_grad = tangent


def unsupported(op_name):
    """A ``forward_rule`` for an op torch has no forward derivative for: a dual input raises
    torch's NotImplementedError naming ``op_name`` (its aten function)."""
    def rule(attrs, inputs, outs, tangents):
        raise NotImplementedError(
            f"Trying to use forward AD with {op_name} that does not support it because it has "
            "not been implemented yet.\nPlease file an issue to PyTorch at "
            "https://github.com/pytorch/pytorch/issues/new?template=feature-request.yml so that "
            "we can prioritize its implementation or submit a PR adding the implementation to "
            "derivatives.yaml")
    return rule
