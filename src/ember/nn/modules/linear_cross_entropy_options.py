"""LinearCrossEntropyOptions: how ``F.linear_cross_entropy`` may chunk its batch."""
from __future__ import annotations

import dataclasses

__all__ = ["LinearCrossEntropyOptions"]


@dataclasses.dataclass(frozen=True)
class LinearCrossEntropyOptions:
    """Settings for computing ``linear_cross_entropy`` a chunk of the batch at a time.

    Chunking bounds the memory of the (batch, num_classes) logits for very wide heads; it
    changes no value. ember computes the logits whole, so the settings are checked and kept
    (a program that passes them runs unchanged) but do not change the computation.

    Args:
        allow_retain_graph (bool): allow a second backward through the loss.
        batch_chunk_size (int, optional): batch rows per chunk (positive).
        chunking_method (str, optional): ``"auto"``, ``"aspect_ratio"`` or
            ``"aspect_ratio:N"`` (``N >= 1``).
        acc_policy (str): ``"auto"``, ``"accurate"``, ``"balanced"`` or ``"compact"``.
        acc_dtype (ember.dtype, optional): float16, bfloat16, float32 or float64.

    Example:
        >>> nn.LinearCrossEntropyOptions(batch_chunk_size=64)
        LinearCrossEntropyOptions(allow_retain_graph=False, batch_chunk_size=64, chunking_method='auto', acc_policy='auto', acc_dtype=None)
    """

    allow_retain_graph: bool = False
    batch_chunk_size: int | None = None
    chunking_method: str | None = "auto"
    acc_policy: str = "auto"
    acc_dtype: object = None

    def __post_init__(self):
        if self.acc_policy not in {"auto", "accurate", "balanced", "compact"}:
            raise ValueError(f"invalid acc_policy: {self.acc_policy!r}")
        if self.chunking_method is not None and self.chunking_method != "auto":
            name, sep, factor = self.chunking_method.partition(":")
            factor = factor if sep else "1"
            if not (name == "aspect_ratio" and factor.isdigit() and int(factor) > 0):
                raise ValueError(f"invalid chunking_method: {self.chunking_method!r}")
        if not (self.batch_chunk_size is None or (isinstance(self.batch_chunk_size, int)
                                                  and self.batch_chunk_size > 0)):
            raise ValueError("batch_chunk_size must be positive int or None, got "
                             f"{self.batch_chunk_size!r}")
        if self.acc_dtype is not None and str(self.acc_dtype) not in (
                "ember.float16", "ember.bfloat16", "ember.float32", "ember.float64"):
            raise ValueError("acc_dtype must be one of {None, ember.float16, ember.bfloat16, "
                             f"ember.float32, ember.float64}}, got {self.acc_dtype!r}. Pass "
                             "acc_dtype=None to let the op pick automatically.")
