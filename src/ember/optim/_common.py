"""Checks and helpers the optimizer files share."""
from .._tensor import Tensor


def check_range(name, value, low=0.0, high=None, high_inclusive=False):
    """Raise PyTorch's ``ValueError("Invalid <name>: <value>")`` for an out-of-range setting."""
    number = value.item() if isinstance(value, Tensor) else value
    too_high = high is not None and (number > high if high_inclusive else number >= high)
    if not low <= number or too_high:
        raise ValueError(f"Invalid {name}: {value}")


def check_lr(lr):
    if isinstance(lr, Tensor) and lr.numel() != 1:
        raise ValueError("Tensor lr must be 1-element")
    check_range("learning rate", lr)


def check_betas(betas):
    for index, beta in enumerate(betas):
        check_range(f"beta parameter at index {index}", beta, 0.0, 1.0)


def scalar(value):
    """A hyper-parameter as a Python number (a 1-element tensor lr is allowed)."""
    return value.item() if isinstance(value, Tensor) else value
