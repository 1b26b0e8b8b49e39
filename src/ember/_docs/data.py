"""Docstrings for utils.data (attached on import; see ember._docs)."""
from __future__ import annotations

from ember.utils import data

from . import add_docstr

add_docstr(data.IterableDataset, r"""IterableDataset()

A dataset defined by iteration rather than indexing: subclass it and implement ``__iter__``
to yield samples (a stream, a file read line by line, a generator). A ``DataLoader`` over it
batches what the iterator yields; with several workers each worker runs its own copy of the
iterator, so split the work with ``get_worker_info()`` to avoid duplicates.

Example::

    >>> class Squares(ember.utils.data.IterableDataset):
    ...     def __init__(self, n):
    ...         self.n = n
    ...     def __iter__(self):
    ...         return iter(ember.arange(self.n) ** 2)
    >>> loader = ember.utils.data.DataLoader(Squares(5), batch_size=2)
    >>> list(loader)
    [tensor([0, 1]), tensor([4, 9]), tensor([16])]
""")

add_docstr(data.ConcatDataset, r"""ConcatDataset(datasets)

Several map-style datasets end to end: index ``i`` reaches into the dataset whose range
contains it, so ``len`` is the sum of the lengths.

Args:
    datasets (iterable): the datasets to join (not IterableDatasets).

Example::

    >>> a = ember.utils.data.TensorDataset(ember.tensor([1, 2]))
    >>> b = ember.utils.data.TensorDataset(ember.tensor([10, 20, 30]))
    >>> both = ember.utils.data.ConcatDataset([a, b])
    >>> len(both), both[1], both[2], both.cumulative_sizes
    (5, (tensor(2),), (tensor(10),), [2, 5])
""")

add_docstr(data.ChainDataset, r"""ChainDataset(datasets)

Chains IterableDatasets: iterating yields everything from the first, then the second, and so
on, without loading them all.

Args:
    datasets (iterable): the IterableDatasets to chain.

Example::

    >>> class Count(ember.utils.data.IterableDataset):
    ...     def __init__(self, start, stop):
    ...         self.start, self.stop = start, stop
    ...     def __iter__(self):
    ...         return iter(range(self.start, self.stop))
    >>> list(ember.utils.data.ChainDataset([Count(0, 2), Count(10, 13)]))
    [0, 1, 10, 11, 12]
""")

add_docstr(data.StackDataset, r"""StackDataset(*args, **kwargs)

Zips datasets of equal length: sample ``i`` is the tuple of each dataset's sample ``i`` (or a
dict when the datasets are given as keyword arguments), e.g. to pair images with captions.

Args:
    args (Dataset): datasets whose samples form a tuple.
    kwargs (Dataset): datasets whose samples form a dict under the keyword names (give either
        positional or keyword datasets, not both).

Example::

    >>> x = ember.utils.data.TensorDataset(ember.tensor([1.0, 2.0]))
    >>> y = ember.utils.data.TensorDataset(ember.tensor([0, 1]))
    >>> ember.utils.data.StackDataset(x, y)[1]
    ((tensor(2.),), (tensor(1),))
    >>> ember.utils.data.StackDataset(inputs=x, labels=y)[0]
    {'inputs': (tensor(1.),), 'labels': (tensor(0),)}
""")

add_docstr(data.Subset, r"""Subset(dataset, indices)

The part of a dataset at the given indices, in that order: ``subset[i]`` is
``dataset[indices[i]]``. ``random_split`` returns Subsets.

Args:
    dataset (Dataset): the whole dataset.
    indices (sequence): the indices to keep.

Example::

    >>> ds = ember.utils.data.TensorDataset(ember.arange(10))
    >>> evens = ember.utils.data.Subset(ds, [0, 2, 4])
    >>> len(evens), evens[2], evens.indices
    (3, (tensor(4),), [0, 2, 4])
""")

add_docstr(data.Sampler, r"""Sampler()

The base class of index samplers: an iterable of dataset indices (or, for a batch sampler, of
index lists) that a ``DataLoader`` consumes. Subclass it and implement ``__iter__`` (and
``__len__`` when the length is known).

Args:
    data_source (Dataset, optional): ember accepts and ignores it, for old subclasses;
        torch's ``Sampler()`` takes no arguments.

Example::

    >>> class Reversed(ember.utils.data.Sampler):
    ...     def __init__(self, n):
    ...         self.n = n
    ...     def __iter__(self):
    ...         return iter(range(self.n - 1, -1, -1))
    ...     def __len__(self):
    ...         return self.n
    >>> ds = ember.utils.data.TensorDataset(ember.arange(4))
    >>> [batch[0] for batch in ember.utils.data.DataLoader(ds, batch_size=2, sampler=Reversed(4))]
    [tensor([3, 2]), tensor([1, 0])]
""")

add_docstr(data.SequentialSampler, r"""SequentialSampler(data_source)

Yields ``0, 1, ..., len(data_source) - 1`` in order: what a ``DataLoader`` uses when
``shuffle=False``.

Args:
    data_source (Dataset): the dataset to index (only its length is used).

Example::

    >>> list(ember.utils.data.SequentialSampler(range(4)))
    [0, 1, 2, 3]
""")

add_docstr(data.RandomSampler, r"""RandomSampler(data_source, replacement=False, num_samples=None, generator=None)

Yields the dataset's indices in random order: a fresh permutation each pass without
replacement, or ``num_samples`` independent uniform draws with ``replacement=True``. What a
``DataLoader`` uses when ``shuffle=True``.

Args:
    data_source (Dataset): the dataset to index.
    replacement (bool, optional): draw with replacement. Default: ``False``.
    num_samples (int, optional): how many indices to yield. Default: ``len(data_source)``.
    generator (Generator, optional): the source of randomness.

Example::

    >>> g = ember.Generator().manual_seed(0)
    >>> list(ember.utils.data.RandomSampler(range(5), generator=g))
    [4, 0, 1, 3, 2]
""")

add_docstr(data.SubsetRandomSampler, r"""SubsetRandomSampler(indices, generator=None)

Yields the given indices in a random order (a new permutation each pass), e.g. to draw a
validation split from one dataset.

Args:
    indices (sequence): the indices to sample from.
    generator (Generator, optional): the source of randomness.

Example::

    >>> g = ember.Generator().manual_seed(0)
    >>> sorted(ember.utils.data.SubsetRandomSampler([10, 20, 30], generator=g))
    [10, 20, 30]
""")

add_docstr(data.WeightedRandomSampler, r"""WeightedRandomSampler(weights, num_samples, replacement=True, generator=None)

Draws ``num_samples`` indices ``i`` with probability proportional to ``weights[i]`` (the
weights need not sum to 1): the usual fix for class imbalance.

Args:
    weights (sequence): one non-negative weight per index.
    num_samples (int): how many indices to draw.
    replacement (bool, optional): draw with replacement; without, each index at most once.
        Default: ``True``.
    generator (Generator, optional): the source of randomness.

Example::

    >>> g = ember.Generator().manual_seed(0)
    >>> sampler = ember.utils.data.WeightedRandomSampler([0.0, 0.0, 1.0, 0.0], 3, generator=g)
    >>> list(sampler)
    [2, 2, 2]
    >>> sorted(ember.utils.data.WeightedRandomSampler([1, 1, 1], 3, replacement=False, generator=g))
    [0, 1, 2]
""")

add_docstr(data.BatchSampler, r"""BatchSampler(sampler, batch_size, drop_last)

Groups the indices of another sampler into lists of ``batch_size``; the last list is shorter
unless ``drop_last``.

Args:
    sampler (Sampler or iterable): yields the indices.
    batch_size (int): the size of each batch.
    drop_last (bool): drop the final incomplete batch.

Example::

    >>> list(ember.utils.data.BatchSampler(range(7), batch_size=3, drop_last=False))
    [[0, 1, 2], [3, 4, 5], [6]]
    >>> len(ember.utils.data.BatchSampler(range(7), batch_size=3, drop_last=True))
    2
""")

add_docstr(data.DistributedSampler, r"""DistributedSampler(dataset, num_replicas=None, rank=None, shuffle=True, seed=0, drop_last=False)

Gives each of ``num_replicas`` processes its own share of the dataset: process ``rank`` takes
positions ``rank, rank + R, rank + 2R, ...`` of the (shuffled) index list. Without
``drop_last`` the list is padded by repeating indices so every process gets the same count.
The shuffle is seeded with ``seed + epoch``: call ``set_epoch(epoch)`` every epoch so the
order changes.

Args:
    dataset (Dataset): the dataset to split.
    num_replicas (int, optional): the number of processes. Default: the world size.
    rank (int, optional): this process's rank. Default: the current rank.
    shuffle (bool, optional): shuffle the indices. Default: ``True``.
    seed (int, optional): the shuffle seed, the same on every process. Default: ``0``.
    drop_last (bool, optional): drop the tail instead of padding. Default: ``False``.

Example::

    >>> ds = range(5)
    >>> [list(ember.utils.data.DistributedSampler(ds, num_replicas=2, rank=r, shuffle=False))
    ...  for r in range(2)]
    [[0, 2, 4], [1, 3, 0]]
    >>> sampler = ember.utils.data.DistributedSampler(ds, num_replicas=2, rank=0, seed=0)
    >>> sampler.set_epoch(1)
    >>> len(sampler)
    3
""")

add_docstr(data.WorkerInfo, r"""WorkerInfo(**kwargs)

What ``get_worker_info()`` returns inside a DataLoader worker process: ``id`` (0 to
``num_workers - 1``), ``num_workers``, ``seed`` (this worker's base seed) and ``dataset``
(the worker's copy of the dataset). Its attributes cannot be changed after creation.

Args:
    kwargs: the attributes, set once by the loader.

Example::

    >>> info = ember.utils.data.WorkerInfo(id=0, num_workers=2, seed=7, dataset=None)
    >>> info.id, info.num_workers
    (0, 2)
""")

add_docstr(data.get_worker_info, r"""get_worker_info() -> Optional[WorkerInfo]

Inside a DataLoader worker process, the ``WorkerInfo`` of that worker (``id``,
``num_workers``, ``seed``, ``dataset``); in the main process, ``None``. An IterableDataset
uses it to give each worker a different slice of the stream.

Returns:
    WorkerInfo or None

Example::

    >>> print(ember.utils.data.get_worker_info())
    None
""")

add_docstr(data.default_collate, r"""default_collate(batch)

Merges a list of samples into a batch, recursively by type: tensors are stacked along a new
first dimension, NumPy arrays and Python numbers become tensors (floats as float64, ints as
int64), strings are returned as the sequence they came in, and tuples, lists and dicts are collated element by
element. The default ``collate_fn`` of a DataLoader.

Args:
    batch (list): the samples.

Returns:
    The batch, with the samples' structure.

Example::

    >>> collate = ember.utils.data.default_collate
    >>> collate([ember.tensor([1, 2]), ember.tensor([3, 4])])
    tensor([[1, 2],
            [3, 4]])
    >>> collate([(1.5, 'a'), (2.5, 'b')])
    [tensor([1.5000, 2.5000], dtype=ember.float64), ('a', 'b')]
    >>> collate([{'x': 1}, {'x': 2}])
    {'x': tensor([1, 2])}
""")

add_docstr(data.default_convert, r"""default_convert(data)

Converts NumPy arrays and NumPy scalars inside ``data`` into tensors, keeping the nesting of
lists, tuples and dicts and leaving other values alone. The DataLoader's ``collate_fn`` when
automatic batching is off (``batch_size=None``).

Args:
    data: a sample.

Returns:
    The sample with arrays turned into tensors.

Example::

    >>> ember.utils.data.default_convert({'x': np.array([1, 2]), 'name': 'a'})
    {'x': tensor([1, 2]), 'name': 'a'}
""")
