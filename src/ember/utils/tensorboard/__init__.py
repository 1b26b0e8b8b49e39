"""TensorBoard logging: ``from ember.utils.tensorboard import SummaryWriter``, as in PyTorch.

The events are written by TensorBoard's own package (``pip install tensorboard``, an optional
extra): its event-file writer and its protocol buffers, so the files are the ones torch's
SummaryWriter writes and ``tensorboard --logdir runs`` shows them. Without the package, importing
this module raises the ModuleNotFoundError torch's does.
"""
import tensorboard  # the optional extra: without it this fails, as torch's module does

from .writer import FileWriter, SummaryWriter

__all__ = ["FileWriter", "SummaryWriter"]
