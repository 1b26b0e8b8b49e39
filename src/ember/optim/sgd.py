"""Stochastic gradient descent with momentum (heavy-ball or Nesterov)."""
from .._tensor import Tensor
from ._common import check_lr, check_range, scalar
from .optimizer import Optimizer, _use_grad

__all__ = ["SGD"]


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with momentum.

    With g = grad + weight_decay * p and momentum mu:
        b <- mu * b + (1 - dampening) * g    (b = g on the first step)
        p <- p - lr * (g + mu * b if nesterov else b)
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
        """Perform one update; returns the closure's loss when a closure is given."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            lr = scalar(group["lr"])
            momentum, dampening = group["momentum"], group["dampening"]
            weight_decay, nesterov = group["weight_decay"], group["nesterov"]
            for param in self._params_with_grad(group):
                grad = -param.grad if group["maximize"] else param.grad
                if weight_decay != 0:
                    grad = grad.add(param, alpha=weight_decay)
                if momentum != 0:
                    state = self.state[param]
                    buffer = state.get("momentum_buffer")
                    if buffer is None:
                        buffer = grad.clone().detach()
                        state["momentum_buffer"] = buffer
                    else:
                        buffer.mul_(momentum).add_(grad, alpha=1 - dampening)
                    grad = grad.add(buffer, alpha=momentum) if nesterov else buffer
                if isinstance(lr, Tensor):
                    param.add_(grad * lr, alpha=-1)
                else:
                    param.add_(grad, alpha=-lr)
        return loss
