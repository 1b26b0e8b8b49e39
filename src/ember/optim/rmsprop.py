"""RMSprop (Hinton, 2012): divide the gradient by a running RMS of its recent values."""
from ..ops import creation
from ._common import check_lr, check_range, scalar
from .optimizer import Optimizer, _step_tensor, _use_grad

__all__ = ["RMSprop"]


class RMSprop(Optimizer):
    """RMSprop, optionally centered and with momentum.

    With g = grad + weight_decay * p:
        v <- alpha * v + (1 - alpha) * g^2
        centered: m <- alpha * m + (1 - alpha) * g,  d = sqrt(v - m^2) + eps
        otherwise: d = sqrt(v) + eps
        momentum: b <- mu * b + g / d,  p <- p - lr * b;   otherwise p <- p - lr * g / d
    """

    _capturable_xla = (True, True)

    _sparse_error = "RMSprop does not support sparse gradients"

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0,
                 centered=False, capturable=False, foreach=None, maximize=False,
                 differentiable=False):
        check_lr(lr)
        check_range("epsilon value", eps)
        check_range("momentum value", momentum)
        check_range("weight_decay value", weight_decay)
        check_range("alpha value", alpha)
        defaults = {"lr": lr, "momentum": momentum, "alpha": alpha, "eps": eps,
                    "centered": centered, "weight_decay": weight_decay, "capturable": capturable,
                    "foreach": foreach, "maximize": maximize, "differentiable": differentiable}
        super().__init__(params, defaults)

    @_use_grad
    def step(self, closure=None):
        """Perform one update; returns the closure's loss when a closure is given."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            lr, alpha, eps = scalar(group["lr"]), group["alpha"], group["eps"]
            weight_decay, momentum = group["weight_decay"], group["momentum"]
            for param in self._params_with_grad(group):
                grad = -param.grad if group["maximize"] else param.grad
                state = self.state[param]
                if not state:
                    state["step"] = _step_tensor()
                    state["square_avg"] = creation.zeros_like(param)
                    if momentum > 0:
                        state["momentum_buffer"] = creation.zeros_like(param)
                    if group["centered"]:
                        state["grad_avg"] = creation.zeros_like(param)
                state["step"] += 1
                if weight_decay != 0:
                    grad = grad.add(param, alpha=weight_decay)
                square_avg = state["square_avg"]
                square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
                if group["centered"]:
                    grad_avg = state["grad_avg"]
                    grad_avg.lerp_(grad, 1 - alpha)
                    avg = square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_()
                else:
                    avg = square_avg.sqrt()
                avg = avg.add_(eps)
                if momentum > 0:
                    buffer = state["momentum_buffer"]
                    buffer.mul_(momentum).addcdiv_(grad, avg)
                    param.add_(buffer, alpha=-lr)
                else:
                    param.addcdiv_(grad, avg, value=-lr)
        return loss
