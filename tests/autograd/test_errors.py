"""Autograd's error paths raise PyTorch's exception type and message (checked against torch)."""
from __future__ import annotations

import copy

import pytest

import ember
from tests.conftest import TORCH


def _set_requires_grad_on_non_leaf(lib):
    (lib.ones(2, requires_grad=True) * 2).requires_grad = False


def _int_requires_grad(lib):
    lib.tensor([1, 2], requires_grad=True)


def _int_requires_grad_setter(lib):
    lib.arange(3).requires_grad = True


def _int_requires_grad_method(lib):
    lib.arange(3).requires_grad_()


def _int_factory_requires_grad(lib):
    lib.zeros(2, dtype=lib.int64, requires_grad=True)


def _numpy_of_tensor_requiring_grad(lib):
    lib.ones(2, requires_grad=True).cpu().numpy()


def _retain_grad_without_grad(lib):
    lib.ones(2).retain_grad()


def _grad_of_non_float_output(lib):
    x = lib.ones(2, requires_grad=True)
    lib.autograd.grad((x * 2).sum(), x, grad_outputs=lib.ones(2))


def _grad_wrong_type(lib):
    lib.ones(2, requires_grad=True).grad = [1.0, 2.0]


def _deepcopy_non_leaf(lib):
    copy.deepcopy(lib.ones(2, requires_grad=True) * 2)


def _backward_twice_through_saved_output(lib):
    x = lib.ones(2, requires_grad=True)
    y = x.exp().sum()
    y.backward()
    y.backward()


def _item_of_many(lib):
    lib.ones(2, requires_grad=True).item()


def _grad_after_freed_through_autograd_grad(lib):
    x = lib.ones(2, requires_grad=True)
    y = (x * x).sum()
    lib.autograd.grad(y, x)
    lib.autograd.grad(y, x)


def _no_grad_then_backward(lib):
    x = lib.ones(2, requires_grad=True)
    with lib.no_grad():
        y = (x * 2).sum()
    y.backward()


CASES = [
    (_set_requires_grad_on_non_leaf, RuntimeError, "you can only change requires_grad flags of "
                                                   "leaf variables"),
    (_int_requires_grad, RuntimeError, "Only Tensors of floating point and complex dtype can "
                                       "require gradients"),
    (_int_requires_grad_setter, RuntimeError, "only Tensors of floating point and complex dtype "
                                              "can require gradients"),
    (_int_requires_grad_method, RuntimeError, "only Tensors of floating point dtype can "
                                              "require gradients"),
    (_int_factory_requires_grad, RuntimeError, "Only Tensors of floating point and complex "
                                               "dtype can require gradients"),
    (_numpy_of_tensor_requiring_grad, RuntimeError, "Can't call numpy() on Tensor that requires "
                                                    "grad. Use tensor.detach().numpy() instead."),
    (_retain_grad_without_grad, RuntimeError, "can't retain_grad on Tensor that has "
                                              "requires_grad=False"),
    (_grad_of_non_float_output, RuntimeError, "Mismatch in shape"),
    (_grad_wrong_type, TypeError, "assigned grad expected to be a Tensor or None"),
    (_deepcopy_non_leaf, RuntimeError, "Only Tensors created explicitly by the user"),
    (_backward_twice_through_saved_output, RuntimeError, "Trying to backward through the graph "
                                                         "a second time"),
    (_item_of_many, RuntimeError, "a Tensor with 2 elements cannot be converted to Scalar"),
    (_grad_after_freed_through_autograd_grad, RuntimeError, "Trying to backward through the "
                                                            "graph a second time"),
    (_no_grad_then_backward, RuntimeError, "element 0 of tensors does not require grad and does "
                                           "not have a grad_fn"),
]


@pytest.mark.parametrize("fn,kind,fragment", CASES, ids=[c[0].__name__[1:] for c in CASES])
def test_error_type_and_message(fn, kind, fragment):
    with pytest.raises(kind) as ours:
        fn(ember)
    assert fragment in str(ours.value)
    if TORCH is not None:
        with pytest.raises(kind) as theirs:
            fn(TORCH)
        assert str(ours.value).replace("ember.", "torch.") == str(theirs.value)
