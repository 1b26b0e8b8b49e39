"""Linear regression two ways: by hand, as in the autograd tutorials, then with nn and optim.

Data: y = 2x + 1 plus a little noise. By hand: w and b are tensors with requires_grad=True;
each step computes the mean squared error, calls backward(), and moves w and b against their
gradients under no_grad. Then the same fit with nn.Linear, nn.MSELoss and optim.SGD, which
package exactly those steps.

    python examples/linreg.py [--epochs 100] [--lr 0.01]
"""
from __future__ import annotations

import argparse
import os

import ember as torch
import ember.nn as nn
import ember.optim as optim


def make_data(samples=100, weight=2.0, bias=1.0):
    inputs = torch.randn(samples, 1)
    targets = inputs * weight + bias + 0.1 * torch.randn(samples, 1)
    return inputs, targets


def by_hand(inputs, targets, epochs, lr):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for epoch in range(1, epochs + 1):
        loss = ((w * inputs + b - targets) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
            w.grad.zero_()
            b.grad.zero_()
        if epoch % 20 == 0:
            print(f"  epoch {epoch}: loss = {loss.item():.4f}, w = {w.item():.4f}, "
                  f"b = {b.item():.4f}")
    return w.item(), b.item()


def with_modules(inputs, targets, epochs, lr):
    model = nn.Linear(1, 1)
    with torch.no_grad():  # start where the by-hand fit started
        model.weight.zero_()
        model.bias.zero_()
    loss_fn = nn.MSELoss()
    optimizer = optim.SGD(model.parameters(), lr=lr)
    for epoch in range(1, epochs + 1):
        loss = loss_fn(model(inputs), targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if epoch % 20 == 0:
            print(f"  epoch {epoch}: loss = {loss.item():.4f}, w = {model.weight.item():.4f}, "
                  f"b = {model.bias.item():.4f}")
    return model.weight.item(), model.bias.item()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--lr", type=float, default=0.01)
    args = parser.parse_args(argv)
    if os.environ.get("EMBER_EXAMPLES_QUICK"):
        args.epochs = 20

    torch.manual_seed(42)
    inputs, targets = make_data()
    print("by hand:")
    hand = by_hand(inputs, targets, args.epochs, args.lr)
    print("with nn.Linear, nn.MSELoss and optim.SGD:")
    modules = with_modules(inputs, targets, args.epochs, args.lr)
    print(f"learned w = {hand[0]:.4f}, b = {hand[1]:.4f} (true: 2, 1); the two fits agree: "
          f"{abs(hand[0] - modules[0]) < 1e-4 and abs(hand[1] - modules[1]) < 1e-4}")
    return hand, modules


if __name__ == "__main__":
    main()
