"""``ember train {linreg,mlp,cnn,charlm}``: train a model on data shipped with ember.

Each task is a model, an optimizer, batches and a metric; one loop trains them all: forward,
loss, zero_grad, backward, step. A progress bar shows when tqdm is installed; a line per epoch
is printed either way; the trained weights are saved with ``ember.save``; ``--plot`` draws the
loss (and accuracy) curves with matplotlib.
"""
from __future__ import annotations

import argparse
import math
import time

import ember

DEFAULT_EPOCHS = {"linreg": 100, "mlp": 20, "cnn": 15, "charlm": 5}
DESCRIPTIONS = {
    "linreg": "linear regression y = 2x + 1 on 100 noisy points (nn.Linear, SGD)",
    "mlp": "a multilayer perceptron on the 8x8 digits (Adam)",
    "cnn": "a convolutional network on the 8x8 digits (Adam)",
    "charlm": "a character-level transformer language model on Shakespeare's sonnets (AdamW)",
}


def _positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


_positive.__name__ = "positive integer"  # argparse names the type in its messages


def add_parser(subparsers):
    tasks = "\n".join(f"  {name:7} {text}" for name, text in DESCRIPTIONS.items())
    parser = subparsers.add_parser(
        "train", help="train a model on data shipped with ember",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Train a model on data shipped inside ember, print its final metrics and "
                    "save a checkpoint.\n\ntasks:\n" + tasks)
    parser.add_argument("task", choices=list(DESCRIPTIONS), help="what to train")
    parser.add_argument("--epochs", type=_positive,
                        help="passes over the data (default: " + ", ".join(
                            f"{k} {v}" for k, v in DEFAULT_EPOCHS.items()) + "; a charlm "
                        "epoch is 100 steps)")
    parser.add_argument("--lr", type=float, help="learning rate (default: per task)")
    parser.add_argument("--max-batches", type=_positive, metavar="N",
                        help="end each epoch after N batches (a quick try)")
    parser.add_argument("--sample", type=int, default=200, metavar="N",
                        help="charlm: characters to generate after training (default 200)")
    parser.add_argument("--plot", metavar="PNG", help="write loss/accuracy curves (matplotlib)")
    parser.add_argument("--checkpoint", metavar="PATH",
                        help="where to save the trained weights (default: ember-TASK.pt)")
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


def train(task, epochs, max_batches=None):
    """Train for ``epochs``; returns the history {"loss": [...], metric: [...]} per epoch.

    About 20 epoch lines are printed whatever the number of epochs.
    """
    history = {"loss": []}
    start = time.perf_counter()
    every = max(1, epochs // 20)
    bar = None
    for epoch in range(1, epochs + 1):
        batches = task.batches()[:max_batches]
        if epoch == 1:
            bar = _progress_bar(epochs * len(batches))
        total = 0.0
        for batch in batches:
            loss = task.loss(batch)
            task.optimizer.zero_grad()
            loss.backward()
            task.optimizer.step()
            total += loss.item()
            if bar is not None:
                bar.set_postfix_str(f"epoch {epoch}, loss {loss.item():.4f}", refresh=False)
                bar.update()
        history["loss"].append(total / len(batches))
        metrics = task.evaluate()
        for name, value in metrics.items():
            history.setdefault(name, []).append(value)
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


def plot(history, path, title):
    """The loss curve, and beside it the accuracy (or validation loss) when there is one."""
    try:
        import matplotlib
    except ImportError:
        return "--plot needs matplotlib: pip install 'ember[plot]' (or pip install matplotlib)"
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
    return None


def _device(text, parser):
    try:
        device = ember.device(text)
    except (RuntimeError, ValueError) as error:
        parser.error(f"--device {text}: {error}")
    if device.type == "cuda" and not ember.cuda.is_available():
        parser.error(f"--device {text}: no CUDA backend here (it needs an NVIDIA GPU and CuPy: "
                     "pip install 'ember[gpu]')")
    return device


def run(args, parser):
    device = _device(args.device, parser)
    epochs = args.epochs or DEFAULT_EPOCHS[args.task]
    ember.manual_seed(args.seed)
    from ._tasks import make_task  # imports nn and optim, which tour and grad do not need
    task = make_task(args.task, device, args.lr)
    count = sum(p.numel() for p in task.model.parameters())
    print(f"ember train {args.task}: {DESCRIPTIONS[args.task]}")
    print(f"{count} parameters, {epochs} epoch{'s' if epochs > 1 else ''} on {device}")
    history = train(task, epochs, args.max_batches)
    final = [f"loss {history['loss'][-1]:.4f}"]
    final += [f"{name} {values[-1]:.4f}" for name, values in history.items() if name != "loss"]
    print("final: " + ", ".join(final))
    for line in task.summary(args.sample):
        print(line)
    checkpoint = args.checkpoint or f"ember-{args.task}.pt"
    ember.save(task.model.state_dict(), checkpoint)
    print(f"checkpoint saved to {checkpoint} (ember.load it, then model.load_state_dict)")
    if args.plot:
        problem = plot(history, args.plot, f"ember train {args.task}")
        if problem:
            print(problem)
            return 1
        print(f"curves written to {args.plot}")
    if not math.isfinite(history["loss"][-1]):
        print("training diverged (the loss is not finite): try a smaller --lr")
        return 1
    return 0
