"""Adadelta (Zeiler, 2012): steps sized by the ratio of running RMS of updates and grads."""
from ..ops import creation
from ._common import check_lr, check_range, scalar
from .optimizer import Optimizer, _step_tensor, _use_grad

__all__ = ["Adadelta"]


class Adadelta(Optimizer):
    """Adadelta.

    With g = grad + weight_decay * p:
        v <- rho * v + (1 - rho) * g^2
        d = sqrt(u + eps) / sqrt(v + eps) * g
        u <- rho * u + (1 - rho) * d^2
        p <- p - lr * d
    """

    _capturable_xla = (False, False)

    _sparse_error = "Adadelta does not support sparse gradients"

    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, foreach=None, *,
                 capturable=False, maximize=False, differentiable=False):
        check_lr(lr)
        check_range("rho value", rho, 0.0, 1.0, high_inclusive=True)
        check_range("epsilon value", eps)
        check_range("weight_decay value", weight_decay)
        defaults = {"lr": lr, "rho": rho, "eps": eps, "weight_decay": weight_decay,
                    "maximize": maximize, "capturable": capturable, "foreach": foreach,
                    "differentiable": differentiable}
        super().__init__(params, defaults)

    @_use_grad
    def step(self, closure=None):
        """Perform one update; returns the closure's loss when a closure is given."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            lr, rho, eps = scalar(group["lr"]), group["rho"], group["eps"]
            weight_decay = group["weight_decay"]
            for param in self._params_with_grad(group):
                grad = -param.grad if group["maximize"] else param.grad
                state = self.state[param]
                if not state:
                    state["step"] = _step_tensor()
                    state["square_avg"] = creation.zeros_like(param)
                    state["acc_delta"] = creation.zeros_like(param)
                state["step"] += 1
                if weight_decay != 0:
                    grad = grad.add(param, alpha=weight_decay)
                square_avg, acc_delta = state["square_avg"], state["acc_delta"]
                square_avg.mul_(rho).addcmul_(grad, grad, value=1 - rho)
                std = square_avg.add(eps).sqrt_()
                delta = acc_delta.add(eps).sqrt_().div_(std).mul_(grad)
                acc_delta.mul_(rho).addcmul_(delta, delta, value=1 - rho)
                param.add_(delta, alpha=-lr)
        return loss
