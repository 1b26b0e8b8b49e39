"""A multilayer perceptron that reads handwritten digits (the 8x8 set shipped with ember).

64 pixels -> 128 -> 64 -> 10 classes with ReLU between, trained with Adam on minibatches to
minimise cross-entropy; about 97% of the held-out digits come out right after 20 epochs.

    python examples/mlp_digits.py [--epochs 20] [--plot curves.png]
"""
from __future__ import annotations

import argparse
import os

import ember as torch
import ember.nn as nn
import ember.nn.functional as F
import ember.optim as optim
from ember.data import load_digits


def split(images, labels, test_fraction=0.2):
    """A shuffled train/test split (the same one for a given seed)."""
    order = torch.randperm(len(labels))
    cut = int(len(labels) * (1 - test_fraction))
    return (images[order[:cut]], labels[order[:cut]]), (images[order[cut:]], labels[order[cut:]])


def accuracy(model, images, labels):
    with torch.no_grad():
        return (model(images).argmax(dim=1) == labels).float().mean().item()


def progress(iterable, description):
    """A tqdm progress bar when tqdm is installed, the plain iterable otherwise."""
    try:
        from tqdm import tqdm
    except ImportError:
        return iterable
    return tqdm(iterable, desc=description, leave=False)


def train(model, train_set, test_set, epochs, lr, batch_size=64):
    """Minibatch training; returns the per-epoch history of loss and test accuracy."""
    images, labels = train_set
    optimizer = optim.Adam(model.parameters(), lr=lr)
    history = {"loss": [], "accuracy": []}
    for epoch in range(1, epochs + 1):
        model.train()
        order = torch.randperm(len(labels))
        total = 0.0
        for start in progress(range(0, len(labels), batch_size), f"epoch {epoch}"):
            batch = order[start:start + batch_size]
            loss = F.cross_entropy(model(images[batch]), labels[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        model.eval()
        history["loss"].append(total / len(labels))
        history["accuracy"].append(accuracy(model, *test_set))
        print(f"epoch {epoch}: loss {history['loss'][-1]:.4f}, "
              f"test accuracy {history['accuracy'][-1]:.3f}")
    return history


def plot(history, path):
    """Loss and accuracy curves, side by side, into a PNG (needs matplotlib)."""
    try:
        import matplotlib
    except ImportError:
        print("--plot needs matplotlib: pip install 'ember[plot]'")
        return
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    figure, (left, right) = plt.subplots(1, 2, figsize=(9, 3.5))
    epochs = range(1, len(history["loss"]) + 1)
    left.plot(epochs, history["loss"])
    left.set(xlabel="epoch", ylabel="training loss")
    right.plot(epochs, history["accuracy"])
    right.set(xlabel="epoch", ylabel="test accuracy")
    figure.tight_layout()
    figure.savefig(path)
    print(f"curves written to {path}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--plot", metavar="PNG", help="write loss/accuracy curves")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if os.environ.get("EMBER_EXAMPLES_QUICK"):
        args.epochs = 1

    torch.manual_seed(args.seed)
    images, labels = load_digits()
    train_set, test_set = split(images.view(-1, 64), labels)
    model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(),
                          nn.Linear(64, 10))
    history = train(model, train_set, test_set, args.epochs, args.lr)
    print(f"final test accuracy: {history['accuracy'][-1]:.3f}")
    if args.plot:
        plot(history, args.plot)
    return history


if __name__ == "__main__":
    main()
