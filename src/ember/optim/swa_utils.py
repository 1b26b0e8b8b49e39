"""Weight averaging (``ember.optim.swa_utils``): stochastic weight averaging (SWA) and
exponential moving averages (EMA) of a model's parameters, the learning-rate schedule SWA
trains with, and the pass that recomputes batch-norm statistics for the averaged weights.

SWA keeps the running mean of the weights visited late in training,
``avg <- avg + (w - avg) / (n + 1)`` after ``n`` averaged models; EMA keeps
``avg <- decay * avg + (1 - decay) * w``.
"""
from __future__ import annotations

import copy
import itertools
import math

from .._tensor import Tensor
from ..autograd.grad_mode import no_grad
from ..nn.modules.batchnorm import _BatchNorm
from ..nn.modules.module import Module
from .lr_scheduler import LRScheduler, _per_group

__all__ = ["AveragedModel", "SWALR", "get_ema_avg_fn", "get_ema_multi_avg_fn",
           "get_swa_avg_fn", "get_swa_multi_avg_fn", "update_bn"]


def get_ema_multi_avg_fn(decay=0.999):
    """An averaging function for lists of tensors: ``ema <- lerp(ema, w, 1 - decay)`` in place.

    Args:
        decay: the weight the old average keeps at each update.

    Returns:
        ``fn(averaged_list, current_list, num_averaged)`` for ``AveragedModel(multi_avg_fn=)``.

    Example:
        >>> avg, cur = [ember.zeros(2)], [ember.ones(2)]
        >>> ember.optim.swa_utils.get_ema_multi_avg_fn(0.9)(avg, cur, None)
        >>> avg[0]
        tensor([0.1000, 0.1000])
    """
    @no_grad()
    def ema_update(ema_param_list, current_param_list, _):
        if ema_param_list[0].is_floating_point() or ema_param_list[0].is_complex():
            for ema, current in zip(ema_param_list, current_param_list):
                ema.lerp_(current, 1 - decay)
        else:
            for ema, current in zip(ema_param_list, current_param_list):
                ema.copy_(ema * decay + current * (1 - decay))
    return ema_update


def get_swa_multi_avg_fn():
    """An averaging function for lists of tensors: the running mean, updated in place.

    Returns:
        ``fn(averaged_list, current_list, num_averaged)``: each average moves by
        ``(current - average) / (num_averaged + 1)``.

    Example:
        >>> avg, cur = [ember.zeros(2)], [ember.ones(2) * 3]
        >>> ember.optim.swa_utils.get_swa_multi_avg_fn()(avg, cur, 2)
        >>> avg[0]
        tensor([1., 1.])
    """
    @no_grad()
    def swa_update(averaged_param_list, current_param_list, num_averaged):
        for averaged, current in zip(averaged_param_list, current_param_list):
            if averaged.is_floating_point() or averaged.is_complex():
                averaged.lerp_(current, 1 / (num_averaged + 1))
            else:
                averaged.add_((current - averaged) / (num_averaged + 1))
    return swa_update


def get_ema_avg_fn(decay=0.999):
    """An averaging function for one tensor: ``decay * ema + (1 - decay) * current``.

    Args:
        decay: the weight the old average keeps.

    Returns:
        ``fn(ema, current, num_averaged)`` returning the new average.

    Example:
        >>> ember.optim.swa_utils.get_ema_avg_fn(0.5)(ember.zeros(2), ember.ones(2), 1)
        tensor([0.5000, 0.5000])
    """
    @no_grad()
    def ema_update(ema_param, current_param, num_averaged):
        return decay * ema_param + (1 - decay) * current_param
    return ema_update


def get_swa_avg_fn():
    """An averaging function for one tensor: the running mean after ``num_averaged`` models.

    Returns:
        ``fn(averaged, current, num_averaged)`` returning
        ``averaged + (current - averaged) / (num_averaged + 1)``.

    Example:
        >>> ember.optim.swa_utils.get_swa_avg_fn()(ember.zeros(2), ember.ones(2) * 3, 2)
        tensor([1., 1.])
    """
    @no_grad()
    def swa_update(averaged_param, current_param, num_averaged):
        return averaged_param + (current_param - averaged_param) / (num_averaged + 1)
    return swa_update


class AveragedModel(Module):
    """A copy of ``model`` whose parameters are the average of the models passed to
    ``update_parameters`` (SWA's running mean by default, or the given ``avg_fn`` /
    ``multi_avg_fn``, e.g. an EMA). ``n_averaged`` counts the models averaged so far.

    Args:
        model: the module to copy and average.
        device: where to keep the averaged copy (default: where ``model`` is).
        avg_fn: ``fn(averaged, current, num_averaged)`` returning one tensor's new average.
        multi_avg_fn: ``fn(averaged_list, current_list, num_averaged)`` updating in place.
        use_buffers: average the buffers too (else they are copied from ``model``).

    Returns:
        A Module that forwards to the averaged copy.

    Example:
        >>> model = ember.nn.Linear(1, 1)
        >>> swa = ember.optim.swa_utils.AveragedModel(model)
        >>> for value in (1.0, 3.0):
        ...     with ember.no_grad():
        ...         _ = model.weight.fill_(value)
        ...     swa.update_parameters(model)
        >>> swa.module.weight, swa.n_averaged
        (Parameter containing:
        tensor([[2.]], requires_grad=True), tensor(2))
    """

    def __init__(self, model, device=None, avg_fn=None, multi_avg_fn=None, use_buffers=False):
        super().__init__()
        if avg_fn is not None and multi_avg_fn is not None:
            raise AssertionError("Only one of avg_fn and multi_avg_fn should be provided")
        self.module = copy.deepcopy(model)
        if device is not None:
            self.module = self.module.to(device)
        from .. import _tensor
        self.register_buffer("n_averaged", _tensor.tensor(0, device=device))
        self.avg_fn = avg_fn
        self.multi_avg_fn = multi_avg_fn
        self.use_buffers = use_buffers

    def forward(self, *args, **kwargs):
        return self.module(*args, **kwargs)

    def update_parameters(self, model):
        """Fold ``model``'s current parameters into the average (the first call copies them)."""
        if self.use_buffers:
            ours = itertools.chain(self.module.parameters(), self.module.buffers())
            theirs = itertools.chain(model.parameters(), model.buffers())
        else:
            ours, theirs = self.parameters(), model.parameters()
        averaged, current = [], []
        first = int(self.n_averaged.item()) == 0
        for mine, source in zip(ours, theirs):
            value = source.detach().to(mine.device)
            averaged.append(mine.detach())
            current.append(value)
            if first:
                mine.detach().copy_(value)
        if not first:
            with no_grad():
                self._average(averaged, current)
        if not self.use_buffers:
            # Buffers that are not averaged follow the source model.
            for mine, source in zip(self.module.buffers(), model.buffers()):
                mine.detach().copy_(source.detach().to(mine.device))
        self.n_averaged += 1

    def _average(self, averaged, current):
        if self.multi_avg_fn is not None:
            for group in _by_device_and_dtype(averaged, current):
                self.multi_avg_fn(*group, self.n_averaged.to(group[0][0].device))
            return
        avg_fn = self.avg_fn if self.avg_fn is not None else get_swa_avg_fn()
        for mine, source in zip(averaged, current):
            mine.copy_(avg_fn(mine, source, self.n_averaged.to(mine.device)))


def _by_device_and_dtype(averaged, current):
    """The (averaged, current) pairs grouped by the averaged tensor's device and dtype."""
    groups = {}
    for mine, source in zip(averaged, current):
        lists = groups.setdefault((str(mine.device), mine.dtype), ([], []))
        lists[0].append(mine)
        lists[1].append(source)
    return list(groups.values())


@no_grad()
def update_bn(loader, model, device=None):
    """Recompute every batch-norm layer's running statistics with one pass over ``loader``
    (as the cumulative mean over its batches), as averaged weights need.

    Args:
        loader: an iterable of input batches (or of tuples whose first item is the input).
        model: the model to run in training mode.
        device: move each batch there first (default: leave it).

    Returns:
        None. The model's training flag is restored.

    Example:
        >>> bn = ember.nn.BatchNorm1d(1)
        >>> ember.optim.swa_utils.update_bn([ember.tensor([[1.0], [3.0]])], bn)
        >>> bn.running_mean, bn.num_batches_tracked
        (tensor([2.]), tensor(1))
    """
    momenta = {}
    for module in model.modules():
        if isinstance(module, _BatchNorm):
            module.reset_running_stats()
            momenta[module] = module.momentum
    if not momenta:
        return
    was_training = model.training
    model.train()
    for module in momenta:
        module.momentum = None
    for batch in loader:
        if isinstance(batch, (list, tuple)):
            batch = batch[0]
        if device is not None:
            batch = batch.to(device)
        model(batch)
    for module, momentum in momenta.items():
        module.momentum = momentum
    model.train(was_training)


class SWALR(LRScheduler):
    """Anneal each group's lr to its ``swa_lr`` over ``anneal_epochs`` epochs, then hold it.

    With ``alpha`` rising from 0 to 1 along the cosine ``(1 - cos(pi t)) / 2`` or linearly in
    ``t = epoch / anneal_epochs``, the lr is ``swa_lr * alpha + lr_0 * (1 - alpha)``.

    Args:
        optimizer: the optimizer whose lr to set.
        swa_lr: the lr to reach (one value, or one per param group).
        anneal_epochs: epochs of annealing (0: jump at once).
        anneal_strategy: ``"cos"`` or ``"linear"``.
        last_epoch: the index of the last epoch (-1 to start).

    Returns:
        The scheduler; call ``step()`` once per epoch.

    Example:
        >>> opt = ember.optim.SGD([ember.nn.Parameter(ember.ones(1))], lr=1.0)
        >>> sched = ember.optim.swa_utils.SWALR(opt, swa_lr=0.5, anneal_epochs=2,
        ...                                     anneal_strategy="linear")
        >>> lrs = []
        >>> for _ in range(3):
        ...     opt.step()
        ...     sched.step()
        ...     lrs.append(sched.get_last_lr()[0])
        >>> lrs
        [0.75, 0.5, 0.5]
    """

    def __init__(self, optimizer, swa_lr, anneal_epochs=10, anneal_strategy="cos",
                 last_epoch=-1):
        for value, group in zip(_per_group("swa_lr", optimizer, swa_lr),
                                optimizer.param_groups):
            group["swa_lr"] = value
        if anneal_strategy not in ("cos", "linear"):
            raise ValueError("anneal_strategy must be one of 'cos' or 'linear', instead got "
                             f"{anneal_strategy}")
        self._use_anneal(anneal_strategy)
        if not isinstance(anneal_epochs, int) or anneal_epochs < 0:
            raise ValueError(f"anneal_epochs must be equal or greater than 0, got {anneal_epochs}")
        self.anneal_epochs = anneal_epochs
        super().__init__(optimizer, last_epoch)

    def _use_anneal(self, anneal_strategy):
        # the strategy's name is the state (a function would not load with weights_only)
        self._anneal_strategy = anneal_strategy
        self.anneal_func = self._cosine_anneal if anneal_strategy == "cos" else \
            self._linear_anneal

    def state_dict(self):
        """The scheduler's attributes but the optimizer and ``anneal_func`` (saved by name)."""
        return {key: value for key, value in self.__dict__.items()
                if key not in ("optimizer", "anneal_func")}

    def load_state_dict(self, state_dict):
        """Restore :meth:`state_dict`'s attributes and the annealing function they name."""
        self.__dict__.update(state_dict)
        self._use_anneal(self._anneal_strategy)

    @staticmethod
    def _linear_anneal(t):
        return t

    @staticmethod
    def _cosine_anneal(t):
        return (1 - math.cos(math.pi * t)) / 2

    @staticmethod
    def _get_initial_lr(lr, swa_lr, alpha):
        """The lr annealing started from, recovered from the current lr and ``alpha``."""
        if alpha == 1:
            return swa_lr
        return (lr - alpha * swa_lr) / (1 - alpha)

    def get_lr(self):
        self._warn_outside_step()
        step = self._step_count - 1
        if self.anneal_epochs == 0:
            step = max(1, step)
        span = max(1, self.anneal_epochs)
        prev_alpha = self.anneal_func(max(0, min(1, (step - 1) / span)))
        starts = [self._get_initial_lr(_number(g["lr"]), g["swa_lr"], prev_alpha)
                  for g in self.optimizer.param_groups]
        alpha = self.anneal_func(max(0, min(1, step / span)))
        return [g["swa_lr"] * alpha + start * (1 - alpha)
                for g, start in zip(self.optimizer.param_groups, starts)]


def _number(value):
    return value.item() if isinstance(value, Tensor) else value
