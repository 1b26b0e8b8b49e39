"""AdamW (Loshchilov & Hutter, 2019): Adam with decoupled weight decay."""
from .adam import Adam

__all__ = ["AdamW"]


class AdamW(Adam):
    """Adam whose weight decay shrinks the weights directly: p <- p * (1 - lr * weight_decay).

    The decay does not pass through the adaptive denominator, so every weight decays at the
    same relative rate (see :class:`Adam` for the moment updates).

    Args:
        params: an iterable of Parameters, or of dicts defining parameter groups.
        lr: the learning rate (default 1e-3).
        betas: (beta1, beta2), the decay rates of the two moment estimates.
        eps: added to the denominator for numerical stability.
        weight_decay: the decoupled decay rate (default 1e-2).
        amsgrad: use the maximum of past second moments (AMSGrad).

    Example:
        >>> w = nn.Parameter(ember.tensor([1.0]))
        >>> optimizer = ember.optim.AdamW([w], lr=0.1, weight_decay=0.5)
        >>> w.sum().backward()
        >>> optimizer.step()            # decay 1 -> 0.95, then the Adam step of about -lr
        >>> round(w.item(), 4)
        0.85
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2,
                 amsgrad=False, *, maximize=False, foreach=None, capturable=False,
                 differentiable=False, fused=None):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                         amsgrad=amsgrad, foreach=foreach, maximize=maximize,
                         capturable=capturable, differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group["decoupled_weight_decay"] = True
