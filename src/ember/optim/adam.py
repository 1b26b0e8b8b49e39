"""Adam (Kingma & Ba, 2015), with optional AMSGrad and decoupled weight decay."""
import numpy as np

from ..ops import creation
from ..ops.complex import view_as_real
from .._tensor import Tensor
from ._common import (bump_versions, check_beta_kinds, check_betas, check_foreach_fused,
                      check_lr, check_range, pieces, plain_numbers, scalar,
                      update_arrays)
from .optimizer import Optimizer, _step_tensor, _use_grad

__all__ = ["Adam"]


class Adam(Optimizer):
    """Adam: bias-corrected moment estimates of the gradient and its square.

    With g = grad (+ weight_decay * p, unless decoupled), step t:
        m <- beta1 * m + (1 - beta1) * g
        v <- beta2 * v + (1 - beta2) * g^2            (AMSGrad: v_max <- max(v_max, v))
        p <- p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
    Decoupled weight decay (AdamW) first shrinks p <- p * (1 - lr * weight_decay).

    Args:
        params: an iterable of Parameters, or of dicts defining parameter groups.
        lr: the learning rate (default 1e-3).
        betas: (beta1, beta2), the decay rates of the two moment estimates.
        eps: added to the denominator for numerical stability.
        weight_decay: L2 penalty (default 0).
        amsgrad: use the maximum of past second moments (AMSGrad).
        maximize: ascend the objective instead of descending it.
        decoupled_weight_decay: decay the weights directly, as AdamW does.

    Example:
        >>> w = nn.Parameter(ember.tensor([1.0, -2.0]))
        >>> optimizer = ember.optim.Adam([w], lr=0.1)
        >>> (w ** 2).sum().backward()
        >>> optimizer.step()                # the first step moves each weight by about lr
        >>> w
        Parameter containing:
        tensor([ 0.9000, -1.9000], requires_grad=True)
    """

    _sparse_error = "Adam does not support sparse gradients, please consider SparseAdam instead"

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 amsgrad=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False, fused=None, decoupled_weight_decay=False):
        if isinstance(lr, Tensor) and foreach and not capturable:
            raise ValueError("lr as a Tensor is not supported for capturable=False and "
                             "foreach=True")
        check_lr(lr)
        check_range("epsilon value", eps)
        check_betas(betas)
        check_range("weight_decay value", weight_decay)
        check_beta_kinds(betas, foreach, capturable)
        check_foreach_fused(foreach, fused, differentiable)
        betas = tuple(scalar(beta) for beta in betas)
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
                    "amsgrad": amsgrad, "maximize": maximize, "foreach": foreach,
                    "capturable": capturable, "differentiable": differentiable, "fused": fused,
                    "decoupled_weight_decay": decoupled_weight_decay}
        super().__init__(params, defaults)

    def _init_state(self, param, amsgrad, fused=False):
        state = self.state[param]
        if not state:
            state["step"] = _step_tensor(bool(fused))
            state["exp_avg"] = creation.zeros_like(param)
            state["exp_avg_sq"] = creation.zeros_like(param)
            if amsgrad:
                state["max_exp_avg_sq"] = creation.zeros_like(param)
        return state

    @_use_grad
    def step(self, closure=None):
        """Perform one update; returns the closure's loss when a closure is given."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            lr, eps, weight_decay = scalar(group["lr"]), group["eps"], group["weight_decay"]
            beta1, beta2 = group["betas"]
            amsgrad = group["amsgrad"]
            fast = not group["differentiable"] and plain_numbers(
                group, ("betas", "eps", "weight_decay"))
            if group.get("foreach") and not fast:
                raise AssertionError("_foreach ops don't support autograd")
            for param in self._params_with_grad(group):
                state = self._init_state(param, amsgrad, group["fused"])
                moments = (state["exp_avg"], state["exp_avg_sq"],
                           *((state["max_exp_avg_sq"],) if amsgrad else ()))
                # Complex parameters take the tensor path, which updates them as real pairs.
                arrays = fast and not param.is_complex() and update_arrays(param, moments)
                step_counter = state["step"]
                if arrays:
                    step_counter._data += 1
                    bump_versions(step_counter)
                    step = float(step_counter._data)
                    # ``foreach=True`` runs this same loop over the parameters' arrays.
                    for piece in pieces(arrays):
                        self._update_arrays(piece, group, lr, step)
                    bump_versions(param, *moments)
                    continue
                grad = -param.grad if group["maximize"] else param.grad
                exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
                if param.is_complex():  # as PyTorch: each real and imaginary part on its own
                    param, grad, exp_avg, exp_avg_sq = (
                        view_as_real(t) for t in (param, grad, exp_avg, exp_avg_sq))
                step_counter += 1
                if weight_decay != 0:
                    if group["decoupled_weight_decay"]:
                        param.mul_(1 - lr * weight_decay)
                    else:
                        grad = grad.add(param, alpha=weight_decay)
                exp_avg.lerp_(grad, 1 - beta1)
                exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                step = step_counter.item()
                bias_correction1 = 1 - beta1 ** step
                bias_correction2_sqrt = (1 - beta2 ** step) ** 0.5
                step_size = lr / bias_correction1
                if amsgrad:
                    max_sq = state["max_exp_avg_sq"]
                    max_sq = view_as_real(max_sq) if max_sq.is_complex() else max_sq
                    max_sq.copy_(max_sq.maximum(exp_avg_sq))
                    second_moment = max_sq
                else:
                    second_moment = exp_avg_sq
                denom = (second_moment.sqrt() / bias_correction2_sqrt).add_(eps)
                param.addcdiv_(exp_avg, denom, value=-step_size)
        return loss

    @staticmethod
    def _update_arrays(arrays, group, lr, step):
        """The rule of the class docstring on one parameter's arrays, in place and in the
        tensor path's order of operations (the same to the bit in float64; in float32 the
        tensor path's lerp_/addcmul_ round once each, this twice); two scratch arrays of the
        parameter's size are all it allocates."""
        p, g, exp_avg, exp_avg_sq = arrays[:4]
        beta1, beta2 = group["betas"]
        weight_decay, eps = group["weight_decay"], group["eps"]
        if group["maximize"]:
            g = -g
        if weight_decay != 0:
            if group["decoupled_weight_decay"]:
                p *= 1 - lr * weight_decay
            else:
                g = g + p * weight_decay
        # lerp_ and addcmul_ as two roundings each: torch's float32 kernels (and ember's tensor
        # ops, the differentiable path) fuse each into one, which in NumPy takes float64
        # temporaries and doubled a 1M-parameter step; the moments may then sit an ulp from
        # torch's, as the parameters already do through sqrt
        scratch = np.subtract(g, exp_avg)          # lerp: m + (1 - beta1) * (g - m)
        scratch *= 1 - beta1
        exp_avg += scratch
        exp_avg_sq *= beta2                        # v * beta2 + (g * (1 - beta2)) * g
        np.multiply(g, 1 - beta2, out=scratch)
        scratch *= g
        exp_avg_sq += scratch
        bias_correction1 = 1 - beta1 ** step
        bias_correction2_sqrt = (1 - beta2 ** step) ** 0.5
        step_size = lr / bias_correction1
        if len(arrays) == 5:
            np.maximum(arrays[4], exp_avg_sq, out=arrays[4])
            second_moment = arrays[4]
        else:
            second_moment = exp_avg_sq
        denom = np.sqrt(second_moment)
        denom /= bias_correction2_sqrt
        denom += eps
        np.multiply(exp_avg, -step_size, out=scratch)   # p + (m * -step_size) / denom
        scratch /= denom
        p += scratch
