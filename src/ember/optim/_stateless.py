"""``swap_in_optimizer_params_and_state``: run an optimizer's API on other parameters and state
for the length of a ``with`` block (torch uses it to trace ``step()`` on stand-in tensors)."""
from __future__ import annotations

import contextlib
from collections import defaultdict

from .._tensor import Tensor

_NAME = "swap_in_optimizer_params_and_state"


def _checked_state(state):
    """The ``state`` entry of a ``state_dict()``: per-parameter dicts keyed by packed ids."""
    if not isinstance(state, dict):
        raise RuntimeError(f"{_NAME} requires swapin_optim_state['state'] to be a dict mapping "
                           f"packed parameter ids to per-param state dicts, got "
                           f"{type(state).__name__}.")
    if any(isinstance(key, Tensor) for key in state):
        raise RuntimeError(f"{_NAME} requires optimizer.state_dict()-style state keyed by "
                           f"packed parameter ids.")
    if any(isinstance(key, int) and not isinstance(entry, dict) for key, entry in state.items()):
        raise RuntimeError(f"{_NAME} requires per-parameter optimizer state entries to be "
                           f"dictionaries.")
    return state


def _checked_group(index, live, group):
    """The packed parameter ids of one swapped-in group, which must mirror the live group."""
    if not isinstance(group, dict):
        raise RuntimeError(f"{_NAME} requires each optimizer param group to be a dictionary.")
    ids = group.get("params")
    if not isinstance(ids, list) or not all(isinstance(i, int) for i in ids):
        raise RuntimeError(f"{_NAME} requires optimizer.state_dict()-style "
                           f"param_groups[*]['params'] entries keyed by packed parameter ids.")
    if len(ids) != len(live["params"]):
        raise RuntimeError(f"swapin_optim_state param group {index} has a different number of "
                           f"params than the live optimizer param group.")
    only_new = [key for key in group if key not in live]
    only_live = [key for key in live if key not in group]
    if only_new or only_live:
        raise RuntimeError(f"{_NAME} requires optimizer.state_dict()-style param group keys to "
                           f"exactly match the live optimizer group keys for group {index}. "
                           f"Keys only in swap-in: {only_new}. Keys only in live: {only_live}.")
    return ids


@contextlib.contextmanager
def swap_in_optimizer_params_and_state(optimizer, swapin_parameters, swapin_optim_state):
    """Inside the block, ``optimizer`` works on ``swapin_parameters`` with the state and
    hyperparameters of ``swapin_optim_state``; on leaving, its own parameters, groups and
    state are back. In-place changes to the swapped-in state tensors (what ``step()`` does)
    show in ``swapin_optim_state``; new entries do not.

    Args:
        optimizer (Optimizer): an optimizer whose state exists (it has stepped once).
        swapin_parameters (dict): name -> tensor, in the order of the optimizer's parameters
            (``model.named_parameters()`` order).
        swapin_optim_state (dict): shaped as ``optimizer.state_dict()``: ``state`` keyed by
            packed ids, ``param_groups`` with the live groups' keys.

    Example:
        >>> w = ember.nn.Parameter(ember.tensor([1.0]))
        >>> opt = ember.optim.SGD([w], lr=0.5, momentum=0.9)
        >>> w.grad = ember.tensor([1.0])
        >>> opt.step()
        >>> other = {"w": ember.tensor([10.0])}
        >>> other["w"].grad = ember.tensor([2.0])
        >>> with ember.optim.swap_in_optimizer_params_and_state(opt, other, opt.state_dict()):
        ...     opt.step()
        >>> other["w"], w.detach()
        (tensor([8.5500]), tensor([0.5000]))
    """
    if not optimizer.state:
        raise RuntimeError(f"{_NAME} requires initialized optimizer state.")
    if not isinstance(swapin_optim_state, dict):
        raise RuntimeError(f"{_NAME} requires a DCP-style optimizer state_dict.")
    state = _checked_state(swapin_optim_state.get("state"))
    groups = swapin_optim_state.get("param_groups")
    if not isinstance(groups, list):
        raise RuntimeError(f"{_NAME} requires swapin_optim_state['param_groups'] to be a list "
                           f"of param-group dicts, got {type(groups).__name__}.")
    if len(groups) != len(optimizer.param_groups):
        raise RuntimeError("swapin_optim_state has a different number of parameter groups "
                           "than the live optimizer.")
    tensors = list(swapin_parameters.values())
    plan, used, start = [], set(), 0
    for index, (live, group) in enumerate(zip(optimizer.param_groups, groups)):
        ids = _checked_group(index, live, group)
        used.update(ids)
        if start + len(ids) > len(tensors):
            raise RuntimeError(f"{_NAME} requires the explicit parameter state to match "
                               f"optimizer.param_groups ordering.")
        plan.append((live, group, ids, tensors[start:start + len(ids)]))
        start += len(ids)
    extra = [key for key in state if key not in used]
    if extra:
        raise RuntimeError(f"{_NAME} requires swapin_optim_state['state'] to be keyed only by "
                           f"packed parameter ids from param_groups[*]['params']; got extra "
                           f"keys {extra!r}.")
    saved_state = optimizer.state
    saved_groups = [dict(group) for group in optimizer.param_groups]
    try:
        swapped = defaultdict(dict)
        for live, group, ids, params in plan:
            live.update({key: value for key, value in group.items() if key != "params"})
            live["params"] = params
            for param, packed in zip(params, ids):
                swapped[param] = dict(state.get(packed, {}))  # shares the state's tensors
        optimizer.state = swapped
        yield
    finally:
        for live, saved in zip(optimizer.param_groups, saved_groups):
            live.clear()
            live.update(saved)
        optimizer.state = saved_state
