"""Stochastic gradient descent with momentum (heavy-ball or Nesterov)."""
import numpy as np

from .._tensor import Tensor
from ._common import (CHUNK, bump_versions, check_foreach_fused, check_lr, check_range, pieces,
                      plain_numbers, scalar, scratch_for, update_arrays)
from .optimizer import Optimizer, _use_grad

__all__ = ["SGD"]


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with momentum.

    With g = grad + weight_decay * p and momentum mu:
        b <- mu * b + (1 - dampening) * g    (b = g on the first step)
        p <- p - lr * (g + mu * b if nesterov else b)

    Args:
        params: an iterable of Parameters, or of dicts defining parameter groups.
        lr: the learning rate (default 1e-3).
        momentum: the momentum factor mu (default 0: plain SGD).
        dampening: dampening of the momentum (default 0).
        weight_decay: L2 penalty added to the gradient (default 0).
        nesterov: use Nesterov momentum.
        maximize: ascend the objective instead of descending it.

    Example:
        >>> w = nn.Parameter(ember.tensor([1.0, -2.0]))
        >>> optimizer = ember.optim.SGD([w], lr=0.1)
        >>> loss = (w ** 2).sum()           # gradient 2w
        >>> optimizer.zero_grad()
        >>> loss.backward()
        >>> optimizer.step()
        >>> w
        Parameter containing:
        tensor([ 0.8000, -1.6000], requires_grad=True)
    """

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0,
                 nesterov=False, *, maximize=False, foreach=None, differentiable=False,
                 fused=None):
        check_lr(lr, nan_allowed=True)
        check_range("momentum value", momentum, nan_allowed=True)
        check_range("weight_decay value", weight_decay, nan_allowed=True)
        defaults = {"lr": lr, "momentum": momentum, "dampening": dampening,
                    "weight_decay": weight_decay, "nesterov": nesterov, "maximize": maximize,
                    "foreach": foreach, "differentiable": differentiable, "fused": fused}
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        check_foreach_fused(foreach, fused, differentiable)
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("nesterov", False)
            group.setdefault("maximize", False)

    @_use_grad
    def step(self, closure=None):
        """Update every parameter that has a gradient once, by the rule in the class docstring.

        Args:
            closure: optional; a function that zeroes the gradients, recomputes the loss, calls
                ``backward()`` and returns the loss (needed by LBFGS, accepted by every optimizer).

        Returns:
            The closure's loss, or None without a closure.

        Example:
            >>> w = nn.Parameter(ember.tensor([3.0]))
            >>> optimizer = ember.optim.SGD([w], lr=0.5)
            >>> def closure():
            ...     optimizer.zero_grad()
            ...     loss = (w ** 2).sum()
            ...     loss.backward()
            ...     return loss
            >>> optimizer.step(closure)
            tensor(9., grad_fn=<SumBackward0>)
            >>> w.item()
            0.0
        """
        loss = self._evaluate(closure)
        for group in self.param_groups:
            lr = scalar(group["lr"])
            params = [p for p in group["params"] if p._grad is not None]
            if not group["differentiable"] and plain_numbers(
                    group, ("momentum", "dampening", "weight_decay")):
                # One loop over the parameters' arrays (the foreach path: ``foreach=True`` runs
                # these same updates); what cannot take it goes on to the tensor path.
                params = self._step_arrays(params, group, lr)
            momentum, dampening = group["momentum"], group["dampening"]
            weight_decay, nesterov = group["weight_decay"], group["nesterov"]
            for param in params:
                state = self.state[param] if momentum != 0 else None
                buffer = state.get("momentum_buffer") if momentum != 0 else None
                grad = -param.grad if group["maximize"] else param.grad
                if weight_decay != 0:
                    grad = grad.add(param, alpha=weight_decay)
                if momentum != 0:
                    if buffer is None:
                        buffer = grad.clone().detach()
                        state["momentum_buffer"] = buffer
                    else:
                        buffer.mul_(momentum).add_(grad, alpha=1 - dampening)
                    grad = grad.add(buffer, alpha=momentum) if nesterov else buffer
                param.add_(grad, alpha=-lr)
        return loss

    def _step_arrays(self, params, group, lr):
        """Update in place, on their arrays, the parameters that allow it; return the others."""
        momentum = group["momentum"]
        # The plain rule p <- p - lr * g (no momentum, decay or maximize) runs as _descend:
        # two NumPy calls a chunk, with none of the general rule's lookups per chunk (the MLP
        # step of benchmarks/run.py compile_mlp updates 535k elements in 11 chunks).
        plain = momentum == 0 and group["weight_decay"] == 0 and not group["maximize"]
        state = self.state
        rest = []
        scratch = None
        for param in params:
            buffer = state[param].get("momentum_buffer") if momentum != 0 else None
            arrays = update_arrays(param, () if buffer is None else (buffer,))
            if not arrays:
                rest.append(param)
                continue
            if scratch is None or scratch.dtype != arrays[0].dtype:
                scratch = np.empty_like(arrays[0], shape=CHUNK)
            if plain:
                _descend(arrays[0], arrays[1], -lr, scratch)
                bump_versions(param)
                continue
            fresh = momentum != 0 and buffer is None
            if fresh:
                state[param]["momentum_buffer"] = buffer = Tensor._make(np.empty_like(arrays[0]))
                arrays.append(buffer._data)
            for piece in pieces(arrays):
                self._update_arrays(piece, fresh, group, lr, scratch_for(piece[0], scratch))
            bump_versions(param, *(() if buffer is None or fresh else (buffer,)))
        return rest

    @staticmethod
    def _update_arrays(arrays, fresh, group, lr, scratch):
        """The rule of the class docstring on (pieces of) one parameter's arrays
        ``[p, grad, momentum buffer]``, in place and in the tensor path's order of operations
        (so the results are the same to the bit); ``fresh``: the buffer starts as g."""
        momentum, dampening = group["momentum"], group["dampening"]
        p, g = arrays[0], arrays[1]
        if group["maximize"]:
            g = -g
        if group["weight_decay"] != 0:
            g = g + p * group["weight_decay"]
        if momentum != 0:
            buf = arrays[2]
            if fresh:
                buf[...] = g
            else:
                buf *= momentum
                buf += g if dampening == 0 else g * (1 - dampening)
            g = g + buf * momentum if group["nesterov"] else buf
        np.multiply(g, -lr, out=scratch)
        p += scratch


def _descend(p, g, step, scratch):
    """``p += step * g`` in place, in the order of the tensor path's ``p.add_(g, alpha=step)``
    (the product rounded, then the sum): chunk by chunk through ``scratch`` when both arrays
    are C-contiguous, as ``_common.pieces`` cuts them, else on the whole arrays."""
    size = p.size
    if size <= CHUNK or not (p.flags.c_contiguous and g.flags.c_contiguous):
        product = scratch_for(p, scratch)
        np.multiply(g, step, out=product)
        np.add(p, product, out=p)
        return
    p, g = p.reshape(-1), g.reshape(-1)
    multiply, add = np.multiply, np.add
    for start in range(0, size, CHUNK):
        stop = start + CHUNK
        part = p[start:stop]
        product = scratch if stop <= size else scratch[:size - start]
        multiply(g[start:stop], step, out=product)
        add(part, product, out=part)
