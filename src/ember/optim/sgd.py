"""Stochastic gradient descent with momentum (heavy-ball or Nesterov)."""
from .._tensor import Tensor
from ._common import bump_versions, check_lr, check_range, scalar, update_arrays
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
        check_lr(lr)
        check_range("momentum value", momentum)
        check_range("weight_decay value", weight_decay)
        defaults = {"lr": lr, "momentum": momentum, "dampening": dampening,
                    "weight_decay": weight_decay, "nesterov": nesterov, "maximize": maximize,
                    "foreach": foreach, "differentiable": differentiable, "fused": fused}
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
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
            momentum, dampening = group["momentum"], group["dampening"]
            weight_decay, nesterov = group["weight_decay"], group["nesterov"]
            fast = not group["differentiable"]
            for param in self._params_with_grad(group):
                state = self.state[param] if momentum != 0 else None
                buffer = state.get("momentum_buffer") if momentum != 0 else None
                arrays = fast and update_arrays(param, () if buffer is None else (buffer,))
                if arrays:
                    self._update_arrays(arrays, state, group, lr)
                    bump_versions(param, *(() if buffer is None else (buffer,)))
                    continue
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

    @staticmethod
    def _update_arrays(arrays, state, group, lr):
        """The rule of the class docstring on one parameter's arrays, in place and in the
        tensor path's order of operations (so the results are the same to the bit)."""
        momentum, dampening = group["momentum"], group["dampening"]
        p, g = arrays[0], arrays[1]
        if group["maximize"]:
            g = -g
        if group["weight_decay"] != 0:
            g = g + p * group["weight_decay"]
        if momentum != 0:
            if len(arrays) == 2:
                state["momentum_buffer"] = Tensor._make(g.copy())
                buf = state["momentum_buffer"]._data
            else:
                buf = arrays[2]
                buf *= momentum
                buf += g if dampening == 0 else g * (1 - dampening)
            g = g + buf * momentum if group["nesterov"] else buf
        p += g * -lr
