import torch

# The entry point of a repository's train.py: knobs read from os.environ, thread settings
# (torch.set_num_threads / get_num_threads), the start method set under
# `if __name__ == "__main__":` (fork, as on Linux, so workers start fast; put back afterwards),
# and a DataLoader with two persistent workers seeded through worker_init_fn, iterated over two
# epochs; per-worker information comes back through the batches, so nothing depends on which
# worker runs first. A worker that raises reports the worker and the original error.
import os
import random

import numpy as np
import torch.multiprocessing as mp
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset, get_worker_info

EPOCHS = int(os.environ.get("W21_EPOCHS", "2"))
BATCH = int(os.environ.get("W21_BATCH", "4"))
DEBUG = os.environ.get("W21_DEBUG", "0") == "1"


class NoisyDataset(Dataset):
    """Each item carries the worker that produced it and a draw from that worker's RNGs."""

    def __init__(self, n):
        g = torch.Generator().manual_seed(11)
        self.x = torch.randn(n, 3, generator=g, dtype=torch.float64)
        self.y = (self.x.sum(1) > 0).long()

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        info = get_worker_info()
        worker = -1 if info is None else info.id
        return self.x[i], self.y[i], torch.tensor(worker), torch.tensor(i)


def worker_init_fn(worker_id):
    info = get_worker_info()
    assert info.id == worker_id and info.num_workers == 2
    seed = info.seed % 2 ** 32
    np.random.seed(seed)
    random.seed(seed)
    info.dataset.seen_seed = seed


def main():
    torch.set_num_threads(2)
    print("threads", torch.get_num_threads())
    torch.set_num_threads(1)
    print("threads", torch.get_num_threads(), "interop > 0", torch.get_num_interop_threads() > 0)
    print("env", EPOCHS, BATCH, DEBUG, "start method", mp.get_start_method())

    data = NoisyDataset(16)
    loader = DataLoader(data, batch_size=BATCH, shuffle=True, num_workers=2,
                        persistent_workers=True, worker_init_fn=worker_init_fn,
                        generator=torch.Generator().manual_seed(5), prefetch_factor=2)
    print("loader", len(loader), loader.num_workers, loader.persistent_workers,
          loader.multiprocessing_context)
    torch.manual_seed(0)
    model = nn.Linear(3, 2, dtype=torch.float64)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    first_iter = None
    for epoch in range(EPOCHS):
        seen, workers = [], []
        total = 0.0
        it = iter(loader)
        if first_iter is None:
            first_iter = it
        else:
            print("same iterator reused", it is first_iter)
        for x, y, worker, index in it:
            loss = F.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(y)
            seen += index.tolist()
            workers.append(sorted(set(worker.tolist())))
        print(f"epoch {epoch} loss {total / len(data):.10f} order {seen}")
        print("  batches per worker", [w for w in workers])
    print("weights", model.weight.detach())

    # a worker that raises: the error names the worker and the original exception
    class Broken(Dataset):
        def __len__(self):
            return 4

        def __getitem__(self, i):
            if i == 2:
                raise ValueError(f"bad item {i}")
            return torch.tensor(i)

    try:
        list(DataLoader(Broken(), batch_size=1, num_workers=1))
    except ValueError as error:
        lines = str(error).splitlines()
        print("ValueError", lines[0], "|", lines[-1])


if __name__ == "__main__":
    previous = mp.get_start_method(allow_none=True)
    mp.set_start_method("fork", force=True)
    try:
        main()
    finally:
        mp.set_start_method(previous, force=True)
