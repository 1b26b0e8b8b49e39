"""Fused update ops the optimizers need: addcmul, addcdiv and their in-place forms.

They are compositions of ember ops, bound onto Tensor when the core does not define them yet.
The evaluation order ``self + (value * tensor1) op tensor2`` is PyTorch's CPU kernel's, so
addcdiv rounds exactly as torch's does; torch's addcmul fuses its last multiply and add into
one rounding (an FMA), so ember's addcmul can differ from it by one unit in the last place.
"""
from .._tensor import Tensor


def addcmul(self, tensor1, tensor2, *, value=1):
    """self + value * tensor1 * tensor2."""
    return self + (tensor1 * value) * tensor2


def addcdiv(self, tensor1, tensor2, *, value=1):
    """self + value * tensor1 / tensor2."""
    return self + (tensor1 * value) / tensor2


def addcmul_(self, tensor1, tensor2, *, value=1):
    """In place: self += value * tensor1 * tensor2."""
    return self.add_((tensor1 * value) * tensor2)


def addcdiv_(self, tensor1, tensor2, *, value=1):
    """In place: self += value * tensor1 / tensor2."""
    return self.add_((tensor1 * value) / tensor2)


for _name, _method in (("addcmul", addcmul), ("addcdiv", addcdiv), ("addcmul_", addcmul_),
                       ("addcdiv_", addcdiv_)):
    if not hasattr(Tensor, _name):
        setattr(Tensor, _name, _method)
