"""``torch._inductor``: the settings module (``config``) and the option lists of
``torch.compile``'s modes, so that scripts that tune torch's code generator run under ember."""
from __future__ import annotations

from . import config

__all__ = ["config", "list_mode_options", "list_options"]

_MODE_OPTIONS = {
    "default": {},
    "lite": {"fallback_by_default": True, "selective_decompose": True,
             "reorder_for_peak_memory": False, "reorder_for_compute_comm_overlap": False,
             "triton.reorder_for_reducing_graph_partitions": False,
             "use_pre_grad_passes": False, "use_joint_graph_passes": False,
             "use_post_grad_passes": False, "use_dce": False, "allow_buffer_reuse": False},
    "reduce-overhead": {"triton.cudagraphs": True},
    "max-autotune-no-cudagraphs": {"max_autotune": True, "coordinate_descent_tuning": True},
    "max-autotune": {"max_autotune": True, "triton.cudagraphs": True,
                     "coordinate_descent_tuning": True},
}


def list_mode_options(mode=None, dynamic=None):
    """The settings each ``torch.compile`` mode turns on.

    Args:
        mode (str, optional): a mode's name; all modes when None.
        dynamic (bool, optional): accepted as torch's; the lists do not depend on it here.

    Returns:
        dict: the mode's settings by dotted name, or every mode's when ``mode`` is None.

    Example:
        >>> import ember._inductor
        >>> ember._inductor.list_mode_options("max-autotune")
        {'max_autotune': True, 'triton.cudagraphs': True, 'coordinate_descent_tuning': True}
    """
    if mode is None:
        return {name: dict(options) for name, options in _MODE_OPTIONS.items()}
    if mode not in _MODE_OPTIONS:
        raise RuntimeError(f"Unrecognized mode={mode}, should be one of: "
                           f"{', '.join(_MODE_OPTIONS)}")
    return dict(_MODE_OPTIONS[mode])


def list_options():
    """Every setting's dotted name in ``config``.

    Returns:
        list[str]: the names, in the order they are defined.

    Example:
        >>> import ember._inductor
        >>> "coordinate_descent_tuning" in ember._inductor.list_options()
        True
    """
    return list(config.get_config_copy())
