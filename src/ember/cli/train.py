"""``ember train {linreg,mlp,cnn,charlm}``: train a model on data shipped with ember.

Each task is a model, an optimizer, batches and a metric; one loop trains them all: forward,
loss, zero_grad, backward, step. Progress shows within each epoch (a tqdm bar when tqdm is
installed, else a line every few seconds) and a line per epoch either way. After every epoch
the weights are saved with ``ember.save``: the last epoch's to ``--checkpoint`` and the best
epoch's (by the task's metric) beside it, ``-best`` added to the name. A loss that turns nan or
inf stops the run before anything is saved, so a diverged run never replaces good weights.
``--plot`` draws the loss (and accuracy) curves with matplotlib, or, without it, writes them as
a CSV table to plot later.
"""
from __future__ import annotations

import argparse
import math
import os
import time

import numpy as np

import ember

from ._common import INSTALL, UsageError, note, writable_file

DEFAULT_EPOCHS = {"linreg": 100, "mlp": 20, "cnn": 15, "charlm": 5}
DESCRIPTIONS = {
    "linreg": "linear regression y = 2x + 1 on 100 noisy points (nn.Linear, SGD)",
    "mlp": "a multilayer perceptron on the 8x8 digits (Adam)",
    "cnn": "a convolutional network on the 8x8 digits (Adam)",
    "charlm": "a character-level transformer language model on Shakespeare's sonnets (AdamW)",
}
# Without tqdm, a progress line within an epoch at most this often (seconds).
PROGRESS_EVERY = 5.0


def _positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


_positive.__name__ = "positive integer"  # argparse names the type in its messages


def _learning_rate(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, got {text!r}") from None
    if not value > 0 or not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


def _count(text):
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be at least 0, got {value}")
    return value


_count.__name__ = "whole number"


def add_parser(subparsers):
    tasks = "\n".join(f"  {name:7} {text}" for name, text in DESCRIPTIONS.items())
    parser = subparsers.add_parser(
        "train", help="train a model on data shipped with ember",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Train a model on data shipped inside ember, print its metrics and "
                    "save the last\nand the best epoch's weights.\n\ntasks:\n" + tasks,
        epilog="example: ember train mlp --epochs 5 --plot curves.png\n"
               "         (saves ember-mlp.pt and ember-mlp-best.pt; load them with "
               "ember.load)")
    parser.add_argument("task", choices=list(DESCRIPTIONS), help="what to train")
    parser.add_argument("--epochs", type=_positive,
                        help="passes over the data (default: " + ", ".join(
                            f"{k} {v}" for k, v in DEFAULT_EPOCHS.items()) + "; a charlm "
                        "epoch is 100 steps)")
    parser.add_argument("--lr", type=_learning_rate,
                        help="learning rate, a positive number (default: per task)")
    parser.add_argument("--max-batches", type=_positive, metavar="N",
                        help="end each epoch after N batches (a quick try)")
    parser.add_argument("--sample", type=_count, default=200, metavar="N",
                        help="charlm: characters to generate after training (default 200)")
    parser.add_argument("--plot", metavar="FILE",
                        help="write loss/accuracy curves: a picture (.png, .svg, .pdf...; needs "
                             "matplotlib, without it a .csv table is written instead) or .csv")
    parser.add_argument("--checkpoint", metavar="PATH",
                        help="where to save the last epoch's weights (default: ember-TASK.pt); "
                             "the best epoch's go to PATH with -best before the extension")
    parser.add_argument("--device", default="cpu", help="cpu, or cuda when the GPU backend "
                                                        "is installed")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.set_defaults(run=run, command_parser=parser)
    return parser


# --- the loop ---------------------------------------------------------------------------------

def _progress_bar(total):
    """A tqdm bar over every batch of the run when tqdm is installed, else None."""
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, leave=False, unit="batch", dynamic_ncols=True)


class Diverged(Exception):
    """The loss stopped being a finite number."""


def _best_path(path):
    """Where the best epoch's weights go: ``ember-mlp.pt`` -> ``ember-mlp-best.pt``."""
    stem, extension = os.path.splitext(path)
    return f"{stem}-best{extension}"


class _Checkpoints:
    """Saves the last epoch's weights and the best epoch's, by the task's metric."""

    def __init__(self, task, path):
        self.task, self.last, self.best = task, path, _best_path(path)
        self.best_value = self.best_epoch = self.last_epoch = None

    def save(self, epoch, history):
        name, goal = self.task.monitor
        value = history[name][-1]
        ember.save(self.task.model.state_dict(), self.last)
        self.last_epoch = epoch
        better = (self.best_value is None or (value < self.best_value if goal == "min"
                                              else value > self.best_value))
        if better:
            ember.save(self.task.model.state_dict(), self.best)
            self.best_value, self.best_epoch = value, epoch

    def report(self):
        """Where the weights went, one line each."""
        if self.last_epoch is None:
            return ["no checkpoint saved: no epoch finished"]
        name, _ = self.task.monitor
        return [f"last checkpoint (epoch {self.last_epoch}) saved to {self.last}",
                f"best checkpoint (epoch {self.best_epoch}, {name} {self.best_value:.4f}) "
                f"saved to {self.best}",
                "load one with: model.load_state_dict(ember.load(PATH))"]


def train(task, epochs, max_batches=None, checkpoints=None):
    """Train for ``epochs``; returns the history {"loss": [...], metric: [...]} per epoch.

    About 20 epoch lines are printed whatever the number of epochs. After each epoch the
    weights go to ``checkpoints`` (when given). A nan or inf loss raises Diverged at once,
    before anything of that epoch is saved.
    """
    # The loop reports a loss that overflows as divergence; NumPy's warnings on the way to it
    # would only repeat that, pointing into ember's internals.
    with np.errstate(over="ignore", invalid="ignore"):
        return _train(task, epochs, max_batches, checkpoints)


def _train(task, epochs, max_batches, checkpoints):
    history = {"loss": []}
    start = time.perf_counter()
    every = max(1, epochs // 20)
    bar = None
    for epoch in range(1, epochs + 1):
        batches = task.batches()[:max_batches]
        if epoch == 1:
            bar = _progress_bar(epochs * len(batches))
        total = 0.0
        shown = time.perf_counter()
        for number, batch in enumerate(batches, 1):
            loss = task.loss(batch)
            task.optimizer.zero_grad()
            loss.backward()
            task.optimizer.step()
            value = loss.item()
            if not math.isfinite(value):
                if bar is not None:
                    bar.close()
                raise Diverged(f"epoch {epoch}, batch {number}: the loss is {value}")
            total += value
            if bar is not None:
                bar.set_postfix_str(f"epoch {epoch}, loss {value:.4f}", refresh=False)
                bar.update()
            elif time.perf_counter() - shown >= PROGRESS_EVERY and number < len(batches):
                shown = time.perf_counter()
                print(f"  epoch {epoch}/{epochs}: batch {number}/{len(batches)}, loss "
                      f"{value:.4f} ({shown - start:.1f} s)", flush=True)
        history["loss"].append(total / len(batches))
        metrics = task.evaluate()
        for name, value in metrics.items():
            history.setdefault(name, []).append(value)
        if checkpoints is not None:
            checkpoints.save(epoch, history)
        if epoch % every == 0 or epoch == epochs:
            shown = "".join(f", {name} {value:.4f}" for name, value in metrics.items())
            line = (f"epoch {epoch}/{epochs}: loss {history['loss'][-1]:.4f}{shown} "
                    f"({time.perf_counter() - start:.1f} s)")
            if bar is not None:
                bar.write(line)
            else:
                print(line, flush=True)
    if bar is not None:
        bar.close()
    return history


def _have_matplotlib():
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def plot(history, path, title):
    """The loss curve, and beside it the accuracy (or validation loss) when there is one."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker
    others = [name for name in history if name not in ("loss", "w", "b")]
    figure, axes = plt.subplots(1, 1 + len(others), figsize=(4.5 * (1 + len(others)), 3.5),
                                squeeze=False)
    epochs = range(1, len(history["loss"]) + 1)
    for axis, name in zip(axes[0], ["loss"] + others):
        axis.plot(epochs, history[name], marker="." if len(epochs) < 30 else None)
        axis.set(xlabel="epoch", ylabel={"loss": "training loss",
                                         "accuracy": "test accuracy"}.get(name, name))
        axis.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    figure.suptitle(title)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)


def write_table(history, path):
    """The curves as CSV: a header ``epoch,loss,...`` and one row per epoch."""
    names = list(history)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(",".join(["epoch"] + [name.replace(" ", "_") for name in names]) + "\n")
        for epoch in range(len(history["loss"])):
            handle.write(",".join([str(epoch + 1)] + [repr(float(history[name][epoch]))
                                                      for name in names]) + "\n")


def _device(text, parser):
    try:
        device = ember.device(text)
    except (RuntimeError, ValueError) as error:
        parser.error(f"--device {text}: {error}")
    if device.type == "cuda" and not ember.cuda.is_available():
        parser.error(f"--device {text}: no CUDA backend here (it needs an NVIDIA GPU and CuPy: "
                     "pip install -e \".[gpu]\" from a checkout of ember)")
    return device


# What --plot writes, by file extension: pictures through matplotlib, or a CSV table.
PICTURES = {"png", "pdf", "svg", "jpg", "jpeg", "eps", "ps", "tif", "tiff", "webp"}


def _plan_plot(path):
    """Check --plot before training: (path to write, whether it is a picture)."""
    extension = os.path.splitext(path)[1].lstrip(".").lower()
    if extension not in PICTURES | {"csv"}:
        raise UsageError(f"--plot {path}: unknown format "
                         f"{'.' + extension if extension else '(no extension)'}; use one of "
                         + ", ".join(f".{e}" for e in sorted(PICTURES | {"csv"})))
    writable_file(path, "--plot")
    if extension == "csv":
        return path, False
    if _have_matplotlib():
        return path, True
    table = os.path.splitext(path)[0] + ".csv"
    writable_file(table, "--plot")
    note(f"--plot {path}: matplotlib not found, the curves will be written as a table to "
         f"{table} instead (to draw them: {INSTALL['matplotlib']})")
    return table, False


def run(args, parser):
    device = _device(args.device, parser)
    epochs = args.epochs or DEFAULT_EPOCHS[args.task]
    checkpoint = writable_file(args.checkpoint or f"ember-{args.task}.pt", "--checkpoint")
    writable_file(_best_path(checkpoint), "--checkpoint")
    curves = _plan_plot(args.plot) if args.plot else None
    ember.manual_seed(args.seed)
    from ._tasks import make_task  # imports nn and optim, which tour and grad do not need
    task = make_task(args.task, device, args.lr)
    count = sum(p.numel() for p in task.model.parameters())
    print(f"ember train {args.task}: {DESCRIPTIONS[args.task]}")
    print(f"{count} parameters, {epochs} epoch{'s' if epochs > 1 else ''} on {device}, "
          f"learning rate {task.optimizer.param_groups[0]['lr']:g}")
    checkpoints = _Checkpoints(task, checkpoint)
    try:
        history = train(task, epochs, args.max_batches, checkpoints)
    except Diverged as error:
        print(f"training diverged ({error}): stopped. Try a smaller --lr.")
        if checkpoints.last_epoch is None:
            print(f"nothing saved: {checkpoint} was left as it was")
        else:
            print("saved before that:")
            for line in checkpoints.report():
                print(line)
        return 1
    final = [f"loss {history['loss'][-1]:.4f}"]
    final += [f"{name} {values[-1]:.4f}" for name, values in history.items() if name != "loss"]
    print("final: " + ", ".join(final))
    for line in task.summary(args.sample):
        print(line)
    for line in checkpoints.report():
        print(line)
    if curves:
        path, picture = curves
        if picture:
            plot(history, path, f"ember train {args.task}")
            print(f"curves drawn to {path}")
        else:
            write_table(history, path)
            print(f"curves written as a table to {path}")
    return 0
