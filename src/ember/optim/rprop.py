"""Rprop (Riedmiller & Braun, 1993): per-element step sizes driven by the gradient's sign."""
from ..ops import creation
from ._common import check_lr, scalar
from .optimizer import Optimizer, _step_tensor, _use_grad

__all__ = ["Rprop"]


class Rprop(Optimizer):
    """Resilient backpropagation: only the sign of the gradient moves a parameter.

    With s = sign(g_t * g_{t-1}) for each element:
        s > 0: step <- min(step * eta_plus, step_max)
        s < 0: step <- max(step * eta_minus, step_min), and g_t is treated as 0 this step
        s = 0: step unchanged
        p <- p - sign(g_t) * step
    Step sizes start at ``lr``.
    """

    _capturable_xla = (True, True)

    _sparse_error = "Rprop does not support sparse gradients"

    def __init__(self, params, lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), *,
                 capturable=False, foreach=None, maximize=False, differentiable=False):
        check_lr(lr)
        if not 0.0 < etas[0] < 1.0 < etas[1]:
            raise ValueError(f"Invalid eta values: {etas[0]}, {etas[1]}")
        defaults = {"lr": lr, "etas": etas, "step_sizes": step_sizes, "foreach": foreach,
                    "maximize": maximize, "differentiable": differentiable,
                    "capturable": capturable}
        super().__init__(params, defaults)

    @_use_grad
    def step(self, closure=None):
        """Perform one update; returns the closure's loss when a closure is given."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            eta_minus, eta_plus = group["etas"]
            step_size_min, step_size_max = group["step_sizes"]
            for param in self._params_with_grad(group):
                grad = -param.grad if group["maximize"] else param.grad
                state = self.state[param]
                if not state:
                    state["step"] = _step_tensor()
                    state["prev"] = creation.zeros_like(param)
                    state["step_size"] = creation.full_like(grad, scalar(group["lr"]))
                state["step"] += 1
                prev, step_size = state["prev"], state["step_size"]
                sign = grad.mul(prev).sign()
                sign[sign.gt(0)] = eta_plus
                sign[sign.lt(0)] = eta_minus
                sign[sign.eq(0)] = 1
                step_size.mul_(sign).clamp_(step_size_min, step_size_max)
                grad = grad.clone()
                grad[sign.eq(eta_minus)] = 0
                param.addcmul_(grad.sign(), step_size, value=-1)
                prev.copy_(grad)
        return loss
