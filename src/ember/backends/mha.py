"""ember.backends.mha: the switch for the inference fast path of ``nn.TransformerEncoder``.

With it on (the default), an encoder in eval mode without a graph runs torch's fast path when
a right-padded ``src_key_padding_mask`` allows it, which leaves zeros at the padded positions;
ember reproduces those values. With it off, the encoder computes every position as in training.
"""
from __future__ import annotations

_is_fastpath_enabled = True


def get_fastpath_enabled():
    """Whether the fast path of ``TransformerEncoder`` and ``MultiheadAttention`` may run.

    Returns:
        bool: the switch (True unless ``set_fastpath_enabled`` turned it off). The fast path
        still runs only when the inputs allow it.

    Example:
        >>> ember.backends.mha.get_fastpath_enabled()
        True
    """
    return _is_fastpath_enabled


def set_fastpath_enabled(value):
    """Turn the fast path of ``TransformerEncoder`` and ``MultiheadAttention`` on or off.

    Args:
        value (bool): the new setting, stored as given.

    Example:
        >>> ember.backends.mha.set_fastpath_enabled(False)
        >>> ember.backends.mha.get_fastpath_enabled()
        False
        >>> ember.backends.mha.set_fastpath_enabled(True)
    """
    global _is_fastpath_enabled
    _is_fastpath_enabled = value
