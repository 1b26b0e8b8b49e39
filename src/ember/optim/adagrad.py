"""Adagrad (Duchi et al., 2011): per-coordinate steps scaled by accumulated squared grads."""
from ..ops import creation
from ._common import check_lr, check_range, scalar
from .optimizer import Optimizer, _step_tensor, _use_grad

__all__ = ["Adagrad"]


class Adagrad(Optimizer):
    """Adagrad.

    With g = grad + weight_decay * p, step t:
        lr_t = lr / (1 + (t - 1) * lr_decay)
        s <- s + g^2                      (s starts at initial_accumulator_value)
        p <- p - lr_t * g / (sqrt(s) + eps)
    """

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0,
                 initial_accumulator_value=0, eps=1e-10, foreach=None, *, maximize=False,
                 differentiable=False, fused=None):
        check_lr(lr)
        check_range("lr_decay value", lr_decay)
        check_range("weight_decay value", weight_decay)
        check_range("initial_accumulator_value value", initial_accumulator_value)
        check_range("epsilon value", eps)
        defaults = {"lr": lr, "lr_decay": lr_decay, "eps": eps, "weight_decay": weight_decay,
                    "initial_accumulator_value": initial_accumulator_value, "foreach": foreach,
                    "maximize": maximize, "differentiable": differentiable, "fused": fused}
        super().__init__(params, defaults)
        # Adagrad's state exists from construction, so state_dict is complete before a step.
        for group in self.param_groups:
            for param in group["params"]:
                state = self.state[param]
                state["step"] = _step_tensor()
                state["sum"] = creation.full_like(param, group["initial_accumulator_value"])

    @_use_grad
    def step(self, closure=None):
        """Perform one update; returns the closure's loss when a closure is given."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            lr, lr_decay = scalar(group["lr"]), group["lr_decay"]
            weight_decay, eps = group["weight_decay"], group["eps"]
            for param in self._params_with_grad(group):
                grad = -param.grad if group["maximize"] else param.grad
                state = self.state[param]
                if not state:  # (a loaded state dict without this parameter: made afresh)
                    state["step"] = _step_tensor()
                    state["sum"] = creation.full_like(
                        param, self.defaults["initial_accumulator_value"])
                state["step"] += 1
                step = state["step"].item()
                if grad.is_sparse:
                    _sparse_update(param, grad, state["sum"], weight_decay,
                                   lr / (1 + (step - 1) * lr_decay), eps)
                    continue
                if weight_decay != 0:
                    grad = grad.add(param, alpha=weight_decay)
                clr = lr / (1 + (step - 1) * lr_decay)
                state["sum"].addcmul_(grad, grad, value=1)
                std = state["sum"].sqrt().add_(eps)
                param.addcdiv_(grad, std, value=-clr)
        return loss


def _sparse_update(param, grad, state_sum, weight_decay, clr, eps):
    """Adagrad's rule at a sparse gradient's entries only (e.g. the embedding rows a batch
    used): s[i] <- s[i] + g_i^2, p[i] <- p[i] - clr * g_i / (sqrt(s[i]) + eps)."""
    if weight_decay != 0:
        raise RuntimeError("weight_decay option is not compatible with sparse gradients")
    # torch builds its update as a new sparse tensor, with the invariant checks left implicit:
    # its once-per-process warning comes from here too
    from ..sparse._more import warn_if_implicit
    warn_if_implicit(None)
    grad = grad.coalesce()
    # Coalesced indices are unique, so each entry's row is written once.
    index = tuple(grad.indices())
    values = grad.values()
    state_sum.index_put_(index, values * values, accumulate=True)
    std = state_sum[index].sqrt().add_(eps)
    param.index_put_(index, values / std * -clr, accumulate=True)
