"""Adafactor (Shazeer & Stern, 2018): Adam-like steps with a factored second moment."""
from .._dtype import finfo
from .._tensor import Tensor
from ..ops import creation
from ._common import scalar
from .optimizer import Optimizer, _step_tensor, _use_grad

__all__ = ["Adafactor"]


class Adafactor(Optimizer):
    """Adafactor with relative step sizes and update clipping.

    Step t, beta2_t = 1 - t^beta2_decay, rho_t = min(lr, 1/sqrt(t)),
    alpha_t = max(eps2, RMS(p)) * rho_t; p <- p * (1 - lr * weight_decay), then
        matrices: R <- lerp(R, mean_cols(g^2), 1 - beta2_t),  C <- lerp(C, mean_rows(g^2), ...)
                  V = R C / max(mean(R), eps1)
        vectors:  V <- lerp(V, g^2, 1 - beta2_t)
        U = g / max(sqrt(V), eps1),   p <- p - alpha_t * U / max(1, RMS(U) / d)
    eps1 defaults to the parameter dtype's machine epsilon.
    """

    def __init__(self, params, lr=1e-2, beta2_decay=-0.8, eps=(None, 1e-3), d=1.0,
                 weight_decay=0.0, *, foreach=None, maximize=False):
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= scalar(lr):
            raise ValueError(f"Learning rate should be >= 0 but is: {lr}")
        if not 0.0 >= beta2_decay:
            raise ValueError(f"beta2_decay should be <= 0 but is: {beta2_decay}")
        if eps[0] is not None and not 0.0 <= eps[0]:
            raise ValueError(f"epsilon1 should be >= 0 but is: {eps[0]}")
        if not 0.0 <= eps[1]:
            raise ValueError(f"epsilon2 should be >= 0 but is: {eps[1]}")
        if not 1.0 <= d:
            raise ValueError(f"Clipping threshold d should be >= 1 but is: {d}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"weight_decay should be >= 0 but is: {weight_decay}")
        defaults = {"lr": lr, "beta2_decay": beta2_decay, "eps": eps, "d": d,
                    "weight_decay": weight_decay, "foreach": foreach, "maximize": maximize}
        super().__init__(params, defaults)

    def _init_state(self, param):
        state = self.state[param]
        if not state:
            state["step"] = _step_tensor()
            grad = param.grad
            if grad.dim() > 1:
                state["row_var"] = grad.new_zeros(grad.shape[:-1] + (1,))
                state["col_var"] = grad.new_zeros(grad.shape[:-2] + (1, grad.shape[-1]))
            else:
                state["variance"] = creation.zeros_like(grad)
        return state

    @_use_grad
    def step(self, closure=None):
        """Perform one update; returns the closure's loss when a closure is given."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            lr, beta2_decay, d = scalar(group["lr"]), group["beta2_decay"], group["d"]
            weight_decay = group["weight_decay"]
            eps1, eps2 = group["eps"]
            params = self._params_with_grad(group)
            for param in params:
                if param.is_complex():
                    raise RuntimeError("Adafactor does not support complex parameters")
                if getattr(param.grad, "is_sparse", False):
                    raise RuntimeError("Adafactor does not support sparse gradients")
            for param in params:
                grad = -param.grad if group["maximize"] else param.grad
                state = self._init_state(param)
                if eps1 is None:
                    # As in torch, the first parameter's dtype fixes eps1 for the whole group.
                    eps1 = finfo(param.dtype).eps
                state["step"] += 1
                step = state["step"].item()
                one_minus_beta2 = step ** beta2_decay
                rho = min(lr, 1 / step ** 0.5)
                alpha = max(eps2, param.norm(2).item() / param.numel() ** 0.5) * rho
                if weight_decay != 0:
                    param.mul_(1 - lr * weight_decay)
                if grad.dim() > 1:
                    row_var, col_var = state["row_var"], state["col_var"]
                    row_var.lerp_(grad.norm(dim=-1, keepdim=True).square_().div_(grad.size(-1)),
                                  one_minus_beta2)
                    col_var.lerp_(grad.norm(dim=-2, keepdim=True).square_().div_(grad.size(-2)),
                                  one_minus_beta2)
                    estimate = row_var @ col_var
                    estimate.div_(row_var.mean(dim=-2, keepdim=True).clamp_(min=eps1))
                else:
                    variance = state["variance"]
                    variance.lerp_(grad * grad, one_minus_beta2)
                    estimate = variance.clone()
                update = estimate.clamp_(min=eps1 * eps1).rsqrt_().mul_(grad)
                denom = max(1.0, update.norm(2).item() / (update.numel() ** 0.5 * d))
                param.add_(update, alpha=-alpha / denom)
        return loss
