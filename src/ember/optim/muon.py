"""Muon: momentum whose update is orthogonalised by a Newton-Schulz iteration, for the 2-D
weight matrices of hidden layers (the other parameters go to a method such as AdamW)."""
from __future__ import annotations

import math

import numpy as np

from .._backend import namespace_of
from .._tensor import Tensor
from ._common import scalar
from .optimizer import Optimizer, _use_grad

__all__ = ["Muon"]

NS_COEFFICIENTS = (3.4445, -4.7750, 2.0315)


def _bfloat16(array, xp):
    """float32 values rounded to the nearest bfloat16 (ties to even), kept as float32: torch
    runs the iteration in bfloat16, each matrix product and sum rounded once."""
    array = array.astype(np.float32, copy=False)
    bits = array.view(np.uint32)
    rounded = (bits + np.uint32(0x7FFF) + ((bits >> np.uint32(16)) & np.uint32(1))) \
        & np.uint32(0xFFFF0000)
    return xp.where(xp.isnan(array), array, rounded.view(np.float32))


def _orthogonalised(update, coefficients, steps, eps):
    """The Newton-Schulz iteration X <- a X + (b A + c A A) X with A = X X^T, from X = G/|G|
    (on the wide orientation of G), in bfloat16: it drives every singular value of G towards
    one, so the result is close to U V^T for G = U S V^T."""
    if steps >= 100:
        raise ValueError("Number of steps must be less than 100 for computational efficiency")
    if update.dim() != 2:
        raise ValueError("Input tensor gradient must be a 2D matrix")
    if len(coefficients) != 3:
        raise ValueError("Coefficients must be a tuple of exactly 3 values")
    a, b, c = coefficients
    xp = namespace_of(update._data)  # NumPy, or CuPy for a CUDA parameter
    x = _bfloat16(update.contiguous()._data, xp)
    tall = x.shape[0] > x.shape[1]
    if tall:
        x = x.T
    norm = _bfloat16(xp.sqrt(xp.sum(x.astype(np.float64) ** 2)), xp)
    x = _bfloat16(x / xp.maximum(norm, np.float32(eps)), xp)
    for _ in range(steps):
        gram = _bfloat16(x @ x.T, xp)
        gram = _bfloat16(np.float32(b) * gram + np.float32(c) * (gram @ gram), xp)
        x = _bfloat16(np.float32(a) * x + gram @ x, xp)
    if tall:
        x = x.T
    return Tensor._make(x.copy())


def _adjusted_lr(lr, how, shape):
    """The learning rate scaled so the update's RMS does not depend on the matrix's aspect:
    sqrt(max(1, A/B)) ("original", the default) or 0.2 sqrt(max(A, B)) ("match_rms_adamw")."""
    rows, columns = shape[:2]
    if how is None or how == "original":
        return lr * math.sqrt(max(1, rows / columns))
    if how == "match_rms_adamw":
        return lr * 0.2 * math.sqrt(max(rows, columns))
    return lr


class Muon(Optimizer):
    """Muon, for 2-D parameters. With gradient g, momentum mu and buffer B (zeros at first):
        B <- mu B + (1 - mu) g;   U <- (1 - mu) g + mu B with nesterov, else B
        O <- NS(U): U with its singular values pushed to about one (5 Newton-Schulz steps
             in bfloat16 with coefficients (a, b, c))
        p <- p (1 - lr * weight_decay) - lr' O,   lr' = lr * sqrt(max(1, rows / columns))

    Args:
        params: an iterable of 2-D Parameters, or of dicts defining parameter groups.
        lr: the learning rate (default 1e-3).
        weight_decay: decoupled weight decay (default 0.1).
        momentum: the momentum factor mu (default 0.95).
        nesterov: use the Nesterov form of the update (default True).
        ns_coefficients: (a, b, c) of the iteration (default (3.4445, -4.7750, 2.0315)).
        eps: the least norm the update is divided by (default 1e-7).
        ns_steps: the number of Newton-Schulz steps (default 5).
        adjust_lr_fn: "original" (the default, None) or "match_rms_adamw" (lr' = 0.2 lr
            sqrt(max(rows, columns)), to reuse AdamW's learning rate).

    Example:
        >>> w = ember.nn.Parameter(ember.tensor([[1.0, 0.0], [0.0, 2.0]]))
        >>> optimizer = ember.optim.Muon([w], lr=0.1, weight_decay=0.0)
        >>> w.grad = ember.tensor([[1.0, 0.0], [0.0, 4.0]])
        >>> optimizer.step()
        >>> w.detach()
        tensor([[0.9270, 0.0000],
                [0.0000, 1.9270]])
    """

    def __init__(self, params, lr=1e-3, weight_decay=0.1, momentum=0.95, nesterov=True,
                 ns_coefficients=NS_COEFFICIENTS, eps=1e-7, ns_steps=5, adjust_lr_fn=None):
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Learning rate should be >= 0 but is: {lr}")
        if not 0.0 <= momentum:
            raise ValueError(f"momentum should be >= 0 but is: {momentum}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"weight decay should be >= 0 but is: {weight_decay}")
        if adjust_lr_fn not in (None, "original", "match_rms_adamw"):
            raise ValueError(f"Adjust learning rate function {adjust_lr_fn} is not supported")
        defaults = {"lr": lr, "weight_decay": weight_decay, "momentum": momentum,
                    "nesterov": nesterov, "ns_coefficients": ns_coefficients, "eps": eps,
                    "ns_steps": ns_steps, "adjust_lr_fn": adjust_lr_fn}
        super().__init__(params, defaults)
        for group in self.param_groups:
            for param in group["params"]:
                if param.dim() != 2:
                    raise ValueError(f"Muon only supports 2D parameters whereas we found a "
                                     f"parameter with size: {param.size()}")

    @_use_grad
    def step(self, closure=None):
        """Update every parameter that has a gradient once, by the rule in the class docstring.

        Args:
            closure: optional; a function that recomputes the loss (with its backward) and
                returns it.

        Returns:
            The closure's loss, or None without a closure.

        Example:
            >>> w = ember.nn.Parameter(ember.ones(2, 3))
            >>> optimizer = ember.optim.Muon([w])
            >>> (w ** 2).sum().backward()
            >>> optimizer.step()
            >>> w.shape
            ember.Size([2, 3])
        """
        loss = self._evaluate(closure)
        for group in self.param_groups:
            lr = scalar(group["lr"])
            momentum = group["momentum"]
            for param in group["params"]:
                grad = param.grad
                if grad is None:
                    continue
                if param.dtype.is_complex:
                    raise RuntimeError("Muon does not support complex parameters")
                if grad.is_sparse:
                    raise RuntimeError("Muon does not support sparse gradients")
                state = self.state[param]
                if "momentum_buffer" not in state:
                    state["momentum_buffer"] = grad.new_zeros(grad.shape)
                buffer = state["momentum_buffer"]
                if grad.dim() != 2:
                    raise ValueError("Param gradient must be a 2D matrix")
                buffer.lerp_(grad, 1 - momentum)
                update = grad.lerp(buffer, momentum) if group["nesterov"] else buffer
                update = _orthogonalised(update, group["ns_coefficients"], group["ns_steps"],
                                         group["eps"])
                param.mul_(1 - lr * group["weight_decay"])
                param.add_(update, alpha=-_adjusted_lr(lr, group["adjust_lr_fn"], param.shape))
        return loss
