"""ember gradients inside scipy.optimize.minimize.

SciPy's optimisers take a function returning (value, gradient) as NumPy data: ember computes
both, the gradient by backward(), so BFGS gets exact derivatives instead of finite
differences. Two problems: the Rosenbrock valley (minimum at (1, 1)) and a logistic
regression on two of the shipped digits (0 versus 1).

    python examples/scipy_minimize.py
"""
from __future__ import annotations

import numpy as np
from scipy.optimize import minimize

import ember as torch
import ember.nn.functional as F
from ember.data import load_digits


def value_and_grad(function):
    """Wrap function(tensor) -> scalar tensor as NumPy in, (float, NumPy gradient) out."""
    def wrapped(point):
        x = torch.tensor(point, dtype=torch.float64, requires_grad=True)
        value = function(x)
        value.backward()
        return value.item(), x.grad.numpy()
    return wrapped


def rosenbrock(p):
    x, y = p[0], p[1]
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def main(argv=None):
    result = minimize(value_and_grad(rosenbrock), np.array([-1.2, 1.0]), jac=True,
                      method="BFGS")
    print(f"Rosenbrock: minimum at {np.round(result.x, 5)} after {result.nit} iterations, "
          f"{result.nfev} evaluations (value {result.fun:.2e})")

    images, labels = load_digits()
    keep = labels < 2
    inputs = images[keep].view(-1, 64).double()
    targets = labels[keep].double()

    def logistic_loss(params):
        logits = inputs @ params[:64] + params[64]
        return F.binary_cross_entropy_with_logits(logits, targets) + 1e-3 * (params ** 2).sum()

    fit = minimize(value_and_grad(logistic_loss), np.zeros(65), jac=True, method="L-BFGS-B")
    params = torch.tensor(fit.x)
    accuracy = (((inputs @ params[:64] + params[64]) > 0).double() == targets).double().mean()
    print(f"logistic regression, 0 versus 1: loss {fit.fun:.4f}, training accuracy "
          f"{accuracy.item():.3f}")
    return result, fit


if __name__ == "__main__":
    main()
