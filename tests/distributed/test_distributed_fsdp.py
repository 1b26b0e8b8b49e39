"""FullyShardedDataParallel on 1-3 MPI ranks: against single-process training on the whole
batch, and against torch's FSDP running the same script under torchrun."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import TORCH
from mpi_launch import HERE, MPIEXEC, assert_all_ranks_ok, launch, mpi_environment, requires_mpi
from test_scripts import EMBER_RUNNER as ALIAS
from test_scripts import first_difference, normalise

import ember
from ember import nn
from ember.distributed.fsdp import FullyShardedDataParallel, MixedPrecision, ShardingStrategy
from ember.distributed.fsdp.wrap import (ModuleWrapPolicy, always_wrap_policy,
                                         lambda_auto_wrap_policy, size_based_auto_wrap_policy,
                                         transformer_auto_wrap_policy)


@requires_mpi
@pytest.mark.parametrize("ranks", [2, 3])
def test_training_matches_full_batch(ranks):
    # FULL_SHARD with a module policy, use_orig_params, NO_SHARD, SHARD_GRAD_OP with a size
    # policy: parameters, gradient norms and AdamW state equal single-process training; a
    # fresh model resumed from the state dicts continues bit for bit. 3 ranks pads the shards.
    assert_all_ranks_ok(launch("worker_fsdp.py", ranks, "train", timeout=240), ranks, "train")


@requires_mpi
def test_mixed_precision_computes_in_param_dtype_and_keeps_float32_shards():
    assert_all_ranks_ok(launch("worker_fsdp.py", 2, "mixed"), 2, "mixed")


@requires_mpi
def test_sync_ignore_meta_init_manual_wrap_checkpoints_and_errors(tmp_path):
    result = launch("worker_fsdp.py", 2, "features", tmp_path / "checkpoint")
    assert_all_ranks_ok(result, 2, "features")


@requires_mpi
def test_one_rank_switches_to_no_shard_with_torchs_warning():
    assert_all_ranks_ok(launch("worker_fsdp.py", 1, "single"), 1, "single")


@requires_mpi
@pytest.mark.skipif(TORCH is None, reason="torch is not installed (the reference for the output)")
def test_script_prints_what_torch_fsdp_prints(tmp_path):
    script = os.path.join(HERE, "fsdp_torch_script.py")
    env = mpi_environment()
    theirs = subprocess.run(
        [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2",
         script], capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    assert theirs.returncode == 0, theirs.stderr[-3000:]
    ours = subprocess.run(
        [MPIEXEC, "-n", "2", sys.executable, ALIAS, script],
        capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    assert ours.returncode == 0, ours.stderr[-3000:]
    assert theirs.stdout.count("\n") > 250
    difference = first_difference(normalise(theirs.stdout), normalise(ours.stdout), True)
    assert difference is None, difference


def test_wrapping_before_init_raises():
    with pytest.raises(ValueError, match="Default process group has not been initialized"):
        FullyShardedDataParallel(nn.Linear(2, 2))


class _Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = nn.Linear(30, 30)


def test_policies_decide_as_torchs_do():
    block, seq = _Block(), nn.ModuleList([nn.Linear(2, 2)])
    assert transformer_auto_wrap_policy(block, True, 0, {_Block})
    assert transformer_auto_wrap_policy(block, False, 0, {_Block})
    assert not transformer_auto_wrap_policy(block.inner, False, 0, {_Block})
    assert always_wrap_policy(block, False, 0)
    assert lambda_auto_wrap_policy(block, False, 0, lambda m: m is block)
    assert not lambda_auto_wrap_policy(block.inner, False, 0, lambda m: m is block)
    assert size_based_auto_wrap_policy(block, False, 930, min_num_params=900)
    assert not size_based_auto_wrap_policy(block, False, 899, min_num_params=900)
    assert not size_based_auto_wrap_policy(seq, False, 10**9)  # ModuleList is never wrapped
    assert not size_based_auto_wrap_policy(nn.MultiheadAttention(4, 2), True, 10**9)
    policy = ModuleWrapPolicy({_Block})
    assert policy(block, recurse=True) and policy(block, recurse=False)
    assert not policy(block.inner, recurse=False)


def test_wrap_targets_are_innermost_first_and_skip_the_root():
    from ember.distributed.fsdp.wrap import _wrap_targets
    model = nn.Sequential(_Block(), nn.Sequential(_Block(), nn.Linear(3, 3)))
    targets = [m for m, _ in _wrap_targets(model, ModuleWrapPolicy({_Block}), set())]
    assert targets == [model[0], model[1][0]]
    big = [m for m, _ in _wrap_targets(model, __import__("functools").partial(
        size_based_auto_wrap_policy, min_num_params=900), set())]
    # each block's Linear holds 930 parameters and is wrapped first, which leaves its block
    # nothing; the inner Sequential's remainder (12) stays unwrapped
    assert big == [model[0].inner, model[1][0].inner]


@pytest.mark.skipif(TORCH is None, reason="torch is not installed (the reference)")
def test_option_types_match_torchs():
    fsdp = pytest.importorskip("torch.distributed.fsdp")
    for name in ("ShardingStrategy", "BackwardPrefetch", "StateDictType", "OptimStateKeyType"):
        ours, theirs = getattr(ember.distributed.fsdp, name), getattr(fsdp, name)
        assert [(m.name, m.value) for m in ours] == [(m.name, m.value) for m in theirs]
    for name in ("CPUOffload", "FullStateDictConfig", "ShardedStateDictConfig",
                 "LocalStateDictConfig", "FullOptimStateDictConfig",
                 "ShardedOptimStateDictConfig", "LocalOptimStateDictConfig"):
        assert repr(getattr(ember.distributed.fsdp, name)()) == repr(getattr(fsdp, name)())
    ours, theirs = MixedPrecision(), fsdp.MixedPrecision()
    assert (ours.param_dtype, ours.cast_root_forward_inputs, ours.keep_low_precision_grads) == \
        (theirs.param_dtype, theirs.cast_root_forward_inputs, theirs.keep_low_precision_grads)
    assert [c.__name__ for c in ours._module_classes_to_ignore] == ["_BatchNorm"]
    assert ShardingStrategy.FULL_SHARD.value == 1


def _free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@requires_mpi
@pytest.mark.skipif(TORCH is None, reason="torch is not installed (the reference for the output)")
def test_state_dict_helpers_print_what_torchs_print(tmp_path):
    # get/set_state_dict on a plain model and on a one-rank DDP: unwrapped names, frozen
    # parameters left out, flattened optimizer state, torch's errors for missing keys, and the
    # optimizer state shared (not copied) on load, as torch's load_state_dict shares it
    script = os.path.join(HERE, "dcp_state_dict_script.py")
    outputs = []
    for command in ([sys.executable, script],
                    [sys.executable, ALIAS, script]):
        env = {**mpi_environment(), "MASTER_PORT": str(_free_port())}
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env,
                                cwd=tmp_path)
        assert result.returncode == 0, result.stderr[-3000:]
        outputs.append(normalise(result.stdout))
    assert outputs[0].count("\n") >= 14
    difference = first_difference(outputs[0], outputs[1], False)
    assert difference is None, difference
