"""DistributedSampler: each rank iterates over its own share of a dataset's indices."""
from __future__ import annotations

import math

import numpy as np

from ...ops.creation import Generator, randperm
from .sampler import Sampler, T_co

__all__ = ["DistributedSampler"]


class DistributedSampler(Sampler[T_co]):
    """Indices ``rank, rank + R, rank + 2R, ...`` of a (shuffled) index list, R = num_replicas.

    With ``shuffle`` the list is ``randperm(len(dataset))`` drawn from a generator seeded with
    ``seed + epoch`` (the same on every rank, and the same indices as PyTorch's sampler). Unless
    ``drop_last``, the list is padded by repeating it from its start so that every rank gets
    ``ceil(len / R)`` indices; with ``drop_last`` the tail is cut so that every rank gets
    ``floor(len / R)``. Call ``set_epoch(epoch)`` before each epoch for a new order.

    Args:
        dataset: the dataset (only its length is used).
        num_replicas: number of ranks taking part (default: the world size).
        rank: this process's rank (default: ``ember.distributed.get_rank()``).
        shuffle: draw a new permutation per epoch (default True).
        seed: base seed of the permutation, the same on every rank (default 0).
        drop_last: cut the tail instead of padding (default False).
    """

    def __init__(self, dataset, num_replicas=None, rank=None, shuffle=True, seed=0,
                 drop_last=False):
        if num_replicas is None or rank is None:
            from ... import distributed
            if not distributed.is_available():
                raise RuntimeError("Requires distributed package to be available")
            num_replicas = distributed.get_world_size() if num_replicas is None else num_replicas
            rank = distributed.get_rank() if rank is None else rank
        if rank >= num_replicas or rank < 0:
            raise ValueError(f"Invalid rank {rank}, rank should be in the interval "
                             f"[0, {num_replicas - 1}]")
        self.dataset = dataset
        self.num_replicas = num_replicas
        self.rank = rank
        self.epoch = 0
        self.drop_last = drop_last
        length = len(dataset)
        if drop_last and length % num_replicas != 0:
            self.num_samples = math.ceil((length - num_replicas) / num_replicas)
        else:
            self.num_samples = math.ceil(length / num_replicas)
        self.total_size = self.num_samples * num_replicas
        self.shuffle = shuffle
        self.seed = seed

    def __iter__(self):
        length = len(self.dataset)
        if self.shuffle:
            generator = Generator()
            generator.manual_seed(self.seed + self.epoch)
            # The indices are host data (Python ints): drawn by the CPU generator on the CPU.
            indices = randperm(length, generator=generator, device="cpu").numpy()
        else:
            indices = np.arange(length)
        # np.resize repeats the list cyclically: exactly the padding that gives every rank
        # the same number of indices (or, when shorter, the cut that drop_last asks for).
        indices = np.resize(indices, self.total_size)
        return iter(indices[self.rank:self.total_size:self.num_replicas].tolist())

    def __len__(self):
        return self.num_samples

    def set_epoch(self, epoch):
        """Use ``seed + epoch`` for the next permutation, so each epoch has its own order."""
        self.epoch = epoch
