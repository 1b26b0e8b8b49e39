"""SparseAdam: Adam applied only where a sparse gradient has entries (e.g. embedding rows)."""
import math

from ..ops import creation
from ._common import check_lr, scalar
from .optimizer import Optimizer, _use_grad

__all__ = ["SparseAdam"]


class SparseAdam(Optimizer):
    """Lazy Adam for sparse gradients: the moments and the parameter change only at the
    gradient's indices. For each such entry, step t:
        m <- m + (1 - beta1) (g - m),   v <- v + (1 - beta2) (g^2 - v)
        p <- p - lr sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps)
    Gradients must be sparse (``nn.Embedding(..., sparse=True)``); dense ones are refused.
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, maximize=False):
        check_lr(lr)
        if not 0.0 < scalar(lr):
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 < eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        for index in (0, 1):  # (torch reads betas[0] and betas[1]: a shorter one is an IndexError)
            beta = betas[index]
            if not 0.0 <= beta < 1.0:
                raise ValueError(f"Invalid beta parameter at index {index}: {beta}")
        super().__init__(params, {"lr": lr, "betas": betas, "eps": eps, "maximize": maximize})
        sparse, complex_ = [], []
        for group_index, group in enumerate(self.param_groups):
            for param_index, param in enumerate(group["params"]):
                if param.is_sparse:
                    sparse.append([group_index, param_index])
                if param.is_complex():
                    complex_.append([group_index, param_index])
        if sparse:
            raise ValueError(f"Sparse params at indices {sparse}: SparseAdam requires dense "
                             "parameter tensors")
        if complex_:
            raise ValueError(f"Complex params at indices {complex_}: SparseAdam does not "
                             "support complex parameters")

    @_use_grad
    def step(self, closure=None):
        """Perform one update; returns the closure's loss when a closure is given."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            lr, eps = scalar(group["lr"]), group["eps"]
            beta1, beta2 = group["betas"]
            for param in self._params_with_grad(group):
                grad = param.grad
                if not grad.is_sparse:
                    raise RuntimeError("SparseAdam does not support dense gradients, please "
                                       "consider Adam instead")
                state = self.state[param]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = creation.zeros_like(param)
                    state["exp_avg_sq"] = creation.zeros_like(param)
                state["step"] += 1
                if group.get("maximize", False):
                    grad = -grad
                # The update is not linear in g, so repeated indices must be summed first.
                grad = grad.coalesce()
                values = grad._values()
                if values.numel() == 0:
                    continue
                position = tuple(grad._indices())
                exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
                old_avg = exp_avg[position]
                avg_update = values.sub(old_avg).mul_(1 - beta1)
                exp_avg.index_put_(position, avg_update, accumulate=True)
                old_avg_sq = exp_avg_sq[position]
                avg_sq_update = values.pow(2).sub_(old_avg_sq).mul_(1 - beta2)
                exp_avg_sq.index_put_(position, avg_sq_update, accumulate=True)
                numer = avg_update.add_(old_avg)
                denom = avg_sq_update.add_(old_avg_sq).sqrt_().add_(eps)
                step = state["step"]
                step_size = lr * math.sqrt(1 - beta2 ** step) / (1 - beta1 ** step)
                param.index_put_(position, numer.div_(denom).mul_(-step_size), accumulate=True)
        return loss
