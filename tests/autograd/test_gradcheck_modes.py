"""gradcheck's check_forward_ad / check_backward_ad switches, as torch's."""
from __future__ import annotations

import ember
from tests.conftest import TORCH, requires_torch


def _functions(lib):
    class GoodJvp(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.result = x.exp()
            return ctx.result

        @staticmethod
        def jvp(ctx, tangent):
            return tangent * ctx.result

    class WrongJvp(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def jvp(ctx, tangent):
            return tangent * 3

    return GoodJvp, WrongJvp


def _outcomes(lib):
    """What gradcheck answers for each mode: True, False, or the error's type and first line."""
    good, wrong = _functions(lib)
    x = lib.tensor([0.5, -1.0, 2.0], dtype=lib.float64, requires_grad=True)
    runs = [(good.apply, dict(check_forward_ad=True, check_backward_ad=False)),
            (wrong.apply, dict(check_forward_ad=True, check_backward_ad=False)),
            (wrong.apply, dict(check_forward_ad=True, check_backward_ad=False,
                               raise_exception=False)),
            (lambda t: (t.sin() * t).sum(), dict(check_forward_ad=True)),
            (lambda t: t.sin(), dict(check_forward_ad=False, check_backward_ad=False))]
    answers = []
    for func, kwargs in runs:
        try:
            answers.append(lib.autograd.gradcheck(func, (x,), check_undefined_grad=False,
                                                  **kwargs))
        except Exception as error:  # noqa: BLE001 - the type and message are compared
            answers.append((type(error).__name__, str(error).splitlines()[0]))
    return answers


def test_forward_ad_is_checked_and_backward_can_be_skipped():
    answers = _outcomes(ember)
    assert answers[0] is True  # a Function with only jvp passes without backward
    assert answers[1] == ("GradcheckError", "Jacobian computed with forward mode mismatch "
                          "for output 0 with respect to input 0,")
    assert answers[2] is False
    assert answers[3] is True
    assert answers[4][0] == "AssertionError"


@requires_torch
def test_matches_torch():
    assert _outcomes(ember) == _outcomes(TORCH)


def test_strided_inputs_are_perturbed_through_their_view():
    """gradcheck on slices and transposes (torch perturbs them in place), and a wrong
    derivative on one is still caught."""
    base = ember.arange(24, dtype=ember.float64).reshape(4, 6).requires_grad_()
    sliced = (base[1:3, ::2] / 10).detach().requires_grad_()  # a copy: contiguous
    transposed = ember.rand(3, 2, dtype=ember.float64).t().requires_grad_()
    assert not transposed.is_contiguous()
    assert ember.autograd.gradcheck(lambda a, b: (a @ b.t()).sin(), (sliced, transposed))

    class Wrong(ember.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * x

        @staticmethod
        def backward(ctx, grad):
            return grad
    assert not ember.autograd.gradcheck(Wrong.apply, (transposed,), raise_exception=False)
