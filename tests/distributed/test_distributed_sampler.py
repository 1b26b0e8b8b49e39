"""DistributedSampler: the same indices as torch's for every rank, seed, epoch and drop_last."""
from __future__ import annotations

import pytest
from conftest import installed, need, requires

from ember.utils.data.distributed import DistributedSampler


@pytest.mark.parametrize(("length", "replicas", "drop_last", "shuffle", "seed"), [
    (10, 3, False, True, 0), (10, 3, True, True, 5), (7, 4, False, False, 0),
    (2, 5, False, True, 1), (100, 2, True, True, 3), (3, 4, True, True, 0), (12, 4, True, False, 0),
])
def test_indices_as_torch(length, replicas, drop_last, shuffle, seed):
    torch_data = need("torch", "torch.utils.data.distributed")
    for rank in range(replicas):
        ours = DistributedSampler(range(length), replicas, rank, shuffle, seed, drop_last)
        theirs = torch_data.DistributedSampler(range(length), replicas, rank, shuffle, seed,
                                               drop_last)
        for epoch in (0, 1, 7):
            ours.set_epoch(epoch)
            theirs.set_epoch(epoch)
            assert list(ours) == list(theirs)
            assert len(ours) == len(theirs)


def test_ranks_partition_the_padded_permutation():
    shares = [list(DistributedSampler(range(10), 3, rank, seed=4)) for rank in range(3)]
    assert all(len(share) == 4 for share in shares)
    together = sorted(index for share in shares for index in share)
    assert set(together) == set(range(10)) and len(together) == 12  # 2 indices repeated
    dropped = [index for rank in range(3)
               for index in DistributedSampler(range(10), 3, rank, drop_last=True)]
    assert len(dropped) == len(set(dropped)) == 9


def test_epochs_reshuffle_and_seed_is_shared():
    sampler = DistributedSampler(range(50), 2, 0, seed=1)
    first = list(sampler)
    assert first == list(DistributedSampler(range(50), 2, 0, seed=1))
    sampler.set_epoch(1)
    assert list(sampler) != first


def test_invalid_rank():
    with pytest.raises(ValueError, match=r"Invalid rank 3, rank should be in the interval \[0, 2\]"):
        DistributedSampler(range(4), num_replicas=3, rank=3)


@requires("mpi4py")
def test_defaults_need_an_initialized_group():
    with pytest.raises(ValueError, match="Default process group has not been initialized"):
        DistributedSampler(range(4))


@pytest.mark.skipif(installed("mpi4py"), reason="checks the error without mpi4py")
def test_defaults_need_the_distributed_package():
    with pytest.raises(RuntimeError, match="Requires distributed package to be available"):
        DistributedSampler(range(4))
