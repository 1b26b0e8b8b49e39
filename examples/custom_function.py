"""Writing your own differentiable operation with ember.autograd.Function.

Two examples:
  * LogSumExp, computed stably (subtracting the maximum first), whose derivative is the
    softmax: d/dx log(sum(exp(x))) = exp(x) / sum(exp(x)) = exp(x - out).
  * A straight-through rounding: forward rounds to integers (zero derivative almost
    everywhere), backward pretends it was the identity so gradients still flow, a trick used
    to train quantised networks.
gradcheck compares each backward with finite differences of the forward.

    python examples/custom_function.py
"""
from __future__ import annotations

import ember as torch
from ember.autograd import Function, gradcheck
from ember.viz import explain


class LogSumExp(Function):
    @staticmethod
    def forward(ctx, x):
        top = x.max()
        out = top + (x - top).exp().sum().log()
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, out = ctx.saved_tensors
        return grad * (x - out).exp()


class RoundStraightThrough(Function):
    @staticmethod
    def forward(ctx, x):
        return x.round()

    @staticmethod
    def backward(ctx, grad):
        return grad


def main(argv=None):
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    out = LogSumExp.apply(x)
    print(f"logsumexp({x.tolist()}) = {out.item():.4f} "
          f"(built-in: {torch.logsumexp(x.detach(), dim=0).item():.4f})")
    explain(out)
    out.backward()
    print(f"gradient = {x.grad}, softmax = {torch.softmax(x.detach(), dim=0)}")
    # Large inputs overflow exp() in float32, yet the stable form is fine.
    big = torch.tensor([1000.0, 1000.0])
    print(f"stable for large inputs: logsumexp([1000, 1000]) = {LogSumExp.apply(big).item():.4f}")

    x64 = torch.randn(5, dtype=torch.float64, requires_grad=True)
    print("gradcheck LogSumExp:", gradcheck(LogSumExp.apply, (x64,)))

    weights = torch.tensor([0.4, 1.6, -2.2], requires_grad=True)
    loss = (RoundStraightThrough.apply(weights) * torch.tensor([1.0, 2.0, 3.0])).sum()
    loss.backward()
    print(f"rounded {weights.detach()} -> {weights.detach().round()}; "
          f"straight-through gradient {weights.grad}")
    return x.grad


if __name__ == "__main__":
    main()
