"""Gradients of the convolutions with respect to their input and their weight, as functions
(torch.nn.grad). Each runs the convolution's own backward at a zero point of the variable
(a convolution is linear in each argument, so the point does not matter), so the numbers are
those autograd gives, and the results are differentiable in the other arguments."""
from __future__ import annotations

__all__ = ["conv1d_input", "conv1d_weight", "conv2d_input", "conv2d_weight", "conv3d_input",
           "conv3d_weight"]


def _vjp(dims, input, weight, grad_output, variable, stride, padding, dilation, groups):
    """The gradient of ``conv{dims}d(input, weight)`` with respect to ``variable`` (one of
    the two) along ``grad_output``."""
    from .. import autograd
    from ..autograd import grad_mode
    from . import functional
    with grad_mode.enable_grad():
        out = getattr(functional, f"conv{dims}d")(input, weight, None, stride, padding,
                                                   dilation, groups)
        if out.shape != grad_output.shape:
            raise RuntimeError(f"conv{dims}d gradient: grad_output has shape "
                               f"{tuple(grad_output.shape)} but the convolution of these "
                               f"sizes gives {tuple(out.shape)}")
        others = [t for t in (input, weight, grad_output) if t is not variable]
        (result,) = autograd.grad(out, variable, grad_output,
                                  create_graph=any(t.requires_grad for t in others))
    return result


def _input_gradient(dims):
    def gradient(input_size, weight, grad_output, stride=1, padding=0, dilation=1, groups=1):
        from .. import zeros
        input = zeros(tuple(input_size), dtype=weight.dtype, device=weight.device,
                      requires_grad=True)
        return _vjp(dims, input, weight, grad_output, input, stride, padding, dilation, groups)
    gradient.__name__ = gradient.__qualname__ = f"conv{dims}d_input"
    gradient.__doc__ = f"""The gradient of ``conv{dims}d`` with respect to its input.

    Args:
        input_size (tuple): the input's shape ``(N, C_in, ...)``.
        weight (Tensor): the convolution's weight.
        grad_output (Tensor): the gradient with respect to the convolution's output.
        stride, padding, dilation, groups: as in ``conv{dims}d``.

    Returns:
        Tensor: ``d(conv{dims}d(x, weight) . grad_output) / dx``, of shape ``input_size``.
    """
    return gradient


def _weight_gradient(dims):
    def gradient(input, weight_size, grad_output, stride=1, padding=0, dilation=1, groups=1):
        from .. import zeros
        weight = zeros(tuple(weight_size), dtype=input.dtype, device=input.device,
                       requires_grad=True)
        return _vjp(dims, input, weight, grad_output, weight, stride, padding, dilation, groups)
    gradient.__name__ = gradient.__qualname__ = f"conv{dims}d_weight"
    gradient.__doc__ = f"""The gradient of ``conv{dims}d`` with respect to its weight.

    Args:
        input (Tensor): the convolution's input.
        weight_size (tuple): the weight's shape ``(C_out, C_in / groups, ...)``.
        grad_output (Tensor): the gradient with respect to the convolution's output.
        stride, padding, dilation, groups: as in ``conv{dims}d``.

    Returns:
        Tensor: ``d(conv{dims}d(input, w) . grad_output) / dw``, of shape ``weight_size``.
    """
    return gradient


conv1d_input, conv2d_input, conv3d_input = (_input_gradient(d) for d in (1, 2, 3))
conv1d_weight, conv2d_weight, conv3d_weight = (_weight_gradient(d) for d in (1, 2, 3))
