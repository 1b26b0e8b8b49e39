"""The option types of FullyShardedDataParallel: sharding strategies and state-dict settings."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field

__all__ = ["BackwardPrefetch", "CPUOffload", "FullOptimStateDictConfig", "FullStateDictConfig",
           "LocalOptimStateDictConfig", "LocalStateDictConfig", "MixedPrecision",
           "OptimStateDictConfig", "OptimStateKeyType", "ShardedOptimStateDictConfig",
           "ShardedStateDictConfig", "ShardingStrategy", "StateDictConfig", "StateDictSettings",
           "StateDictType"]


class ShardingStrategy(enum.Enum):
    """What each rank keeps between steps.

    FULL_SHARD: a 1/world-size shard of parameters, gradients and optimizer state.
    SHARD_GRAD_OP: the same at rest; parameters stay whole from forward to backward.
    NO_SHARD: everything whole on every rank (DistributedDataParallel's layout).
    HYBRID_SHARD / _HYBRID_SHARD_ZERO2: FULL_SHARD / SHARD_GRAD_OP inside a node, replicated
    across nodes. ember runs its ranks as one node, so they shard as their one-node forms do.
    """

    FULL_SHARD = 1
    SHARD_GRAD_OP = 2
    NO_SHARD = 3
    HYBRID_SHARD = 4
    _HYBRID_SHARD_ZERO2 = 5


class BackwardPrefetch(enum.Enum):
    """When the next unit's parameters are gathered in backward (a scheduling hint)."""

    BACKWARD_PRE = 1
    BACKWARD_POST = 2


class StateDictType(enum.Enum):
    """The form ``state_dict()`` takes under ``FullyShardedDataParallel.state_dict_type``."""

    FULL_STATE_DICT = 1
    LOCAL_STATE_DICT = 2
    SHARDED_STATE_DICT = 3


class OptimStateKeyType(enum.Enum):
    """How ``rekey_optim_state_dict`` names parameters: by name or by position."""

    PARAM_NAME = 1
    PARAM_ID = 2


@dataclass
class CPUOffload:
    """Keep parameters (and their gradients) in host memory between uses."""

    offload_params: bool = False


def _batch_norm_classes():
    from ...nn.modules.batchnorm import _BatchNorm
    return (_BatchNorm,)


@dataclass
class MixedPrecision:
    """Compute in ``param_dtype``, reduce gradients in ``reduce_dtype``, cast buffers.

    The full-precision shard stays the parameter the optimizer updates.
    """

    param_dtype: object = None
    reduce_dtype: object = None
    buffer_dtype: object = None
    keep_low_precision_grads: bool = False
    cast_forward_inputs: bool = False
    cast_root_forward_inputs: bool = True
    _module_classes_to_ignore: tuple = field(default_factory=lambda: _batch_norm_classes())


@dataclass
class StateDictConfig:
    offload_to_cpu: bool = False


@dataclass
class FullStateDictConfig(StateDictConfig):
    """Whole tensors; with ``rank0_only`` the other ranks get an empty dict."""

    rank0_only: bool = False


@dataclass
class LocalStateDictConfig(StateDictConfig):
    pass


@dataclass
class ShardedStateDictConfig(StateDictConfig):
    _use_dtensor: bool = False


@dataclass
class OptimStateDictConfig:
    offload_to_cpu: bool = True


@dataclass
class FullOptimStateDictConfig(OptimStateDictConfig):
    rank0_only: bool = False


@dataclass
class LocalOptimStateDictConfig(OptimStateDictConfig):
    offload_to_cpu: bool = False


@dataclass
class ShardedOptimStateDictConfig(OptimStateDictConfig):
    _use_dtensor: bool = False


@dataclass
class StateDictSettings:
    state_dict_type: StateDictType
    state_dict_config: StateDictConfig
    optim_state_dict_config: OptimStateDictConfig
