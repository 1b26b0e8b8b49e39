"""ASGD (Polyak & Juditsky, 1992): SGD with a decaying step and a running parameter average."""
from .._tensor import tensor
from ..ops import creation
from ._common import check_lr, check_range, scalar
from .optimizer import Optimizer, _scalar_dtype, _step_tensor, _use_grad

__all__ = ["ASGD"]


class ASGD(Optimizer):
    """Averaged stochastic gradient descent.

    With g = grad + weight_decay * p, step t, and eta, mu from the previous step:
        p <- p * (1 - lambd * eta) - eta * g
        ax <- ax + mu * (p - ax)                   (ax <- p while mu = 1)
        eta <- lr / (1 + lambd * lr * t) ** alpha,   mu <- 1 / max(1, t - t0)
    ``state["ax"]`` holds the averaged parameters.
    """

    _capturable_states = ("params, mus, etas, and state_steps",) * 2

    _sparse_error = "ASGD does not support sparse gradients"

    def __init__(self, params, lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0,
                 foreach=None, maximize=False, differentiable=False, capturable=False):
        check_lr(lr)
        check_range("weight_decay value", weight_decay)
        defaults = {"lr": lr, "lambd": lambd, "alpha": alpha, "t0": t0,
                    "weight_decay": weight_decay, "foreach": foreach, "maximize": maximize,
                    "differentiable": differentiable, "capturable": capturable}
        super().__init__(params, defaults)

    @_use_grad
    def step(self, closure=None):
        """Perform one update; returns the closure's loss when a closure is given."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            lr, lambd, alpha = scalar(group["lr"]), group["lambd"], group["alpha"]
            weight_decay, t0 = group["weight_decay"], group["t0"]
            for param in self._params_with_grad(group):
                grad = -param.grad if group["maximize"] else param.grad
                state = self.state[param]
                if not state:
                    state["step"] = _step_tensor()
                    state["eta"] = tensor(lr, dtype=_scalar_dtype())
                    state["mu"] = tensor(1.0, dtype=_scalar_dtype())
                    state["ax"] = creation.zeros_like(param)
                state["step"] += 1
                if weight_decay != 0:
                    grad = grad.add(param, alpha=weight_decay)
                eta = state["eta"].item()
                param.mul_(1 - lambd * eta)
                param.add_(grad, alpha=-eta)
                mu, ax = state["mu"], state["ax"]
                if mu.item() != 1:
                    ax.add_(param.sub(ax).mul_(mu))
                else:
                    ax.copy_(param)
                step = state["step"].item()
                state["eta"].fill_(lr / ((1 + lambd * lr * step) ** alpha))
                mu.fill_(1 / max(1, step - t0))
        return loss
