"""DataLoader: batches from a dataset, in this process or in worker processes.

Map-style datasets: a batch sampler yields index lists; each list is fetched
(``dataset[i]`` per index, or ``dataset.__getitems__``) and collated. Iterable datasets:
consecutive samples of the stream are grouped. With ``num_workers > 0`` the index lists go
round-robin to worker processes over queues and the batches come back on one result queue;
they are handed out in the order they were requested, so the output is the same as with
``num_workers=0``.
"""
import itertools
import multiprocessing
import pickle
import queue
import random
import sys
import traceback
import warnings
from typing import Generic

import numpy as np

from ... import _settings
from ..._deprecated import _user_stacklevel
from ..._dtype import int64
from ...ops import creation
from . import _collate
from .dataset import IterableDataset, T_co
from .sampler import BatchSampler, RandomSampler, Sampler, SequentialSampler

__all__ = ["DataLoader", "WorkerInfo", "default_collate", "default_convert", "get_worker_info"]

default_collate = _collate.default_collate
default_convert = _collate.default_convert

# How often the main process checks that its workers are alive while waiting for a batch.
_STATUS_CHECK_INTERVAL = 5.0


class WorkerInfo:
    """Inside a worker process: its ``id``, ``num_workers``, ``seed`` and ``dataset`` copy."""

    def __init__(self, **kwargs):
        self.__dict__.update(kwargs)
        self._frozen = True

    def __setattr__(self, key, value):
        if getattr(self, "_frozen", False):
            raise RuntimeError(f"Cannot assign attributes to {self.__class__.__name__} objects")
        super().__setattr__(key, value)

    def __repr__(self):
        fields = ", ".join(f"{k}={getattr(self, k)}" for k in ("id", "num_workers", "seed",
                                                              "dataset"))
        return f"{self.__class__.__name__}({fields})"


_worker_info = None


def get_worker_info():
    """The current worker's :class:`WorkerInfo`, or None in the main process."""
    return _worker_info


class _InfiniteConstantSampler(Sampler):
    """Index source for iterable datasets: the indices are ignored, only their count matters."""

    def __iter__(self):
        return itertools.repeat(None)


class _StreamEnd:
    """Sent by a worker whose iterable dataset is exhausted."""

    def __init__(self, worker_id):
        self.worker_id = worker_id


class _ResumeIteration:
    """Tells a persistent worker that a new epoch starts (re-iterate the dataset)."""


class _WorkerError:
    """An exception raised in a worker, carried to the main process with its traceback."""

    def __init__(self, exc_type, where, text):
        self.exc_type = exc_type
        self.message = f"Caught {exc_type.__name__} {where}.\nOriginal {text}"

    def reraise(self):
        if self.exc_type is KeyError:
            # KeyError would print its message as a repr, hiding the traceback's line breaks.
            raise KeyError(_KeyErrorMessage(self.message))
        try:
            error = self.exc_type(self.message)
        except Exception:
            raise RuntimeError(self.message) from None
        raise error


class _KeyErrorMessage(str):
    def __repr__(self):
        return self


class _Fetcher:
    """Turns one item of the batch sampler into a batch."""

    def __init__(self, dataset, auto_collation, collate_fn, drop_last, iterable):
        self.dataset = dataset
        self.auto_collation = auto_collation
        self.collate_fn = collate_fn
        self.drop_last = drop_last
        self.iterable = iterable
        self.stream = iter(dataset) if iterable else None
        self.ended = False

    def fetch(self, index):
        if self.iterable:
            if self.ended:
                raise StopIteration
            if not self.auto_collation:
                return self.collate_fn(next(self.stream))
            data = list(itertools.islice(self.stream, len(index)))
            if len(data) < len(index):
                self.ended = True
            if not data or (self.drop_last and len(data) < len(index)):
                raise StopIteration
            return self.collate_fn(data)
        if not self.auto_collation:
            return self.collate_fn(self.dataset[index])
        getitems = getattr(self.dataset, "__getitems__", None)
        data = getitems(index) if callable(getitems) else [self.dataset[i] for i in index]
        return self.collate_fn(data)


def _seed_worker(base_seed, worker_id):
    """Seed ember, ``random`` and NumPy in a worker: base_seed + worker_id, as torch does."""
    seed = base_seed + worker_id
    random.seed(seed)
    creation.manual_seed(seed)
    entropy = [worker_id, base_seed & 0xFFFFFFFF, base_seed >> 32, 0]
    np.random.seed(np.random.SeedSequence(entropy).generate_state(4))
    return seed


def _worker_loop(dataset, index_queue, result_queue, auto_collation, collate_fn, drop_last,
                 base_seed, worker_init_fn, worker_id, num_workers, iterable):
    """Body of a worker process: fetch what the index queue asks for, until told to stop."""
    global _worker_info
    try:
        # As in torch's workers: one intra-op thread each, so that the workers and the main
        # process do not each start a thread per core.
        _settings.set_num_threads(1)
        seed = _seed_worker(base_seed, worker_id)
        _worker_info = WorkerInfo(id=worker_id, num_workers=num_workers, seed=seed,
                                  dataset=dataset)
        init_error = None
        try:
            if worker_init_fn is not None:
                worker_init_fn(worker_id)
            fetcher = _Fetcher(dataset, auto_collation, collate_fn, drop_last, iterable)
        except Exception as error:
            init_error = _WorkerError(type(error), f"in DataLoader worker process {worker_id}",
                                      traceback.format_exc())
        stream_done = False
        while True:
            task = index_queue.get()
            if task is None:
                break
            if isinstance(task, _ResumeIteration):
                stream_done = False
                fetcher = _Fetcher(dataset, auto_collation, collate_fn, drop_last, iterable)
                result_queue.put((task, None))
                continue
            send_index, index = task
            if init_error is not None:
                result_queue.put((send_index, init_error))
                init_error = None
                continue
            if stream_done:
                continue
            try:
                data = fetcher.fetch(index)
            except StopIteration:
                # Only iterable datasets end this way; the main process retires this worker.
                stream_done = True
                data = _StreamEnd(worker_id)
            except Exception as error:
                data = _WorkerError(type(error), f"in DataLoader worker process {worker_id}",
                                    traceback.format_exc())
            result_queue.put((send_index, data))
    except KeyboardInterrupt:
        pass


def _warn_pinning(loader):
    """PyTorch's warnings when an iterator starts with pin_memory set: pin_memory_device is
    deprecated, and without an accelerator nothing is pinned."""
    if not loader.pin_memory:
        return
    from ... import accelerator
    if loader.pin_memory_device:
        warnings.warn("pin_memory_device is deprecated, the current accelerator will be used as "
                      f"the device,ignore pin_memory_device='{loader.pin_memory_device}'.",
                      stacklevel=_user_stacklevel())
    if not accelerator.is_available():
        warnings.warn("'pin_memory' argument is set as true but no accelerator is found, then "
                      "device pinned memory won't be used.", stacklevel=_user_stacklevel())


class _SingleProcessIter:
    """Iteration with ``num_workers=0``: fetch each batch when it is asked for."""

    def __init__(self, loader):
        _warn_pinning(loader)
        self._loader = loader
        self._sampler_iter = iter(loader._index_sampler)
        # Drawn even here (and unused), so the generator advances exactly as torch's does.
        self._base_seed = int(creation.empty((), dtype=int64).random_(
            generator=loader.generator).item())
        if loader.timeout != 0:  # no worker to wait for: torch's iterator refuses it
            raise AssertionError("_SingleProcessDataLoaderIter requires timeout == 0")
        self._fetcher = _Fetcher(loader.dataset, loader._auto_collation, loader.collate_fn,
                                 loader.drop_last, loader._iterable)
        self._num_yielded = 0

    def __iter__(self):
        return self

    def __len__(self):
        return len(self._loader)

    def __next__(self):
        index = next(self._sampler_iter)
        data = self._fetcher.fetch(index)
        self._num_yielded += 1
        return data


class _MultiProcessIter:
    """Iteration with worker processes; batches come back in request order."""

    def __init__(self, loader):
        _warn_pinning(loader)
        self._loader = loader
        self._num_workers = loader.num_workers
        self._timeout = loader.timeout
        self._prefetch = loader.prefetch_factor * loader.num_workers
        self._sampler_iter = iter(loader._index_sampler)
        self._base_seed = int(creation.empty((), dtype=int64).random_(
            generator=loader.generator).item())
        self._persistent = loader.persistent_workers
        context = loader.multiprocessing_context
        if context is None:
            context = multiprocessing.get_context()
        elif isinstance(context, str):
            context = multiprocessing.get_context(context)
        self._check_sendable(loader, context)
        self._result_queue = context.Queue()
        self._index_queues = []
        self._workers = []
        for worker_id in range(self._num_workers):
            index_queue = context.Queue()
            index_queue.cancel_join_thread()
            worker = context.Process(
                target=_worker_loop, daemon=True,
                args=(loader.dataset, index_queue, self._result_queue, loader._auto_collation,
                      loader.collate_fn, loader.drop_last, self._base_seed,
                      loader.worker_init_fn, worker_id, self._num_workers, loader._iterable))
            worker.start()
            self._index_queues.append(index_queue)
            self._workers.append(worker)
        self._shutdown = False
        self._reset(first=True)

    @staticmethod
    def _check_sendable(loader, context):
        """With spawn/forkserver the workers get the dataset by pickling: check that it can be."""
        if context.get_start_method() == "fork":
            return
        for what, value in (("dataset", loader.dataset), ("collate_fn", loader.collate_fn),
                            ("worker_init_fn", loader.worker_init_fn)):
            try:
                pickle.dumps(value)
            except Exception as error:
                raise RuntimeError(
                    f"DataLoader cannot send its {what} ({type(value).__name__}) to worker "
                    f"processes: it cannot be pickled ({type(error).__name__}: {error}). The "
                    f"'{context.get_start_method()}' start method pickles everything a worker "
                    "needs; define it at module level without lambdas, locks or open files, "
                    "or use num_workers=0.") from error

    def _reset(self, first=False):
        self._send_index = 0
        self._receive_index = 0
        self._pending = {}          # send_index -> worker_id, for requests not yet answered
        self._arrived = {}          # send_index -> data that came back out of order
        self._active = [True] * self._num_workers
        self._next_worker = itertools.cycle(range(self._num_workers))
        self._num_yielded = 0
        if not first:
            self._sampler_iter = iter(self._loader._index_sampler)
            for index_queue in self._index_queues:
                index_queue.put(_ResumeIteration())
            resumed = 0
            while resumed < self._num_workers:
                task, _ = self._get_result()
                if isinstance(task, _ResumeIteration):
                    resumed += 1
        for _ in range(self._prefetch):
            self._send_next()

    def __iter__(self):
        return self

    def __len__(self):
        return len(self._loader)

    def _send_next(self):
        if not any(self._active):
            return
        try:
            index = next(self._sampler_iter)
        except StopIteration:
            return
        for _ in range(self._num_workers):
            worker_id = next(self._next_worker)
            if self._active[worker_id]:
                break
        self._index_queues[worker_id].put((self._send_index, index))
        self._pending[self._send_index] = worker_id
        self._send_index += 1

    def _get_result(self):
        """Wait for the next message from any worker, watching for timeouts and dead workers."""
        waited = 0.0
        while True:
            wait = self._timeout if self._timeout > 0 else _STATUS_CHECK_INTERVAL
            try:
                return self._result_queue.get(timeout=wait)
            except queue.Empty:
                waited += wait
                if self._timeout > 0:
                    self._shutdown_workers()
                    raise RuntimeError(
                        f"DataLoader timed out after {self._timeout} seconds") from None
                dead = [w.pid for w in self._workers if not w.is_alive()]
                if dead:
                    self._shutdown_workers()
                    pids = ", ".join(str(pid) for pid in dead)
                    raise RuntimeError(f"DataLoader worker (pid(s) {pids}) exited "
                                       "unexpectedly") from None

    def __next__(self):
        while True:
            if self._receive_index >= self._send_index and not self._pending:
                if not self._persistent:
                    self._shutdown_workers()
                raise StopIteration
            if self._receive_index in self._arrived:
                data = self._arrived.pop(self._receive_index)
            elif self._receive_index not in self._pending:
                # This request went to a worker that has since retired; skip it.
                self._receive_index += 1
                continue
            else:
                send_index, data = self._get_result()
                if isinstance(send_index, _ResumeIteration):
                    continue
                self._pending.pop(send_index, None)
                if isinstance(data, _StreamEnd):
                    self._retire(data.worker_id)
                    self._send_next()
                    continue
                if send_index != self._receive_index:
                    self._arrived[send_index] = data
                    continue
            self._receive_index += 1
            self._send_next()
            if isinstance(data, _WorkerError):
                self._shutdown_workers()
                data.reraise()
            self._num_yielded += 1
            return data

    def _retire(self, worker_id):
        """A worker's stream ended: send it nothing more, and drop what it still owes."""
        self._active[worker_id] = False
        for send_index, owner in list(self._pending.items()):
            if owner == worker_id:
                del self._pending[send_index]

    def _shutdown_workers(self):
        if self._shutdown:
            return
        self._shutdown = True
        for index_queue in self._index_queues:
            try:
                index_queue.put(None)
            except (OSError, ValueError):
                pass
        for worker in self._workers:
            worker.join(timeout=1.0)
            if worker.is_alive():
                worker.terminate()
        for q in (*self._index_queues, self._result_queue):
            q.cancel_join_thread()
            q.close()

    def __del__(self):
        if sys.is_finalizing():
            return
        try:
            self._shutdown_workers()
        except AttributeError:
            pass


class DataLoader(Generic[T_co]):
    """Iterate over a dataset in batches.

    Args:
        dataset: a map-style or iterable dataset.
        batch_size: samples per batch (None: no automatic batching).
        shuffle: reshuffle every epoch (map-style datasets), drawing from ``generator``.
        sampler, batch_sampler: custom index orders (exclusive with shuffle / batch options).
        num_workers: worker processes loading batches (0: load in this process).
        collate_fn: merges a list of samples into a batch (default: :func:`default_collate`).
        drop_last: drop the last, incomplete batch.
        timeout: seconds to wait for a batch from the workers (0: forever).
        worker_init_fn: called with the worker id in each worker after seeding.
        multiprocessing_context: start method name or context for the workers.
        generator: the random generator for shuffling and the workers' base seed.
        prefetch_factor: batches requested ahead per worker (default 2).
        persistent_workers: keep the workers alive between epochs.

    Iterating gives one batch per step: the samples of ``batch_size`` indices merged by
    ``collate_fn`` (tensors are stacked along a new first dimension). With ``shuffle=True``
    the order is the one PyTorch draws for the same seed.

    Example:
        >>> from ember.utils.data import DataLoader, TensorDataset
        >>> dataset = TensorDataset(ember.arange(5.0), ember.arange(5))
        >>> for inputs, labels in DataLoader(dataset, batch_size=2):
        ...     print(inputs, labels)
        tensor([0., 1.]) tensor([0, 1])
        tensor([2., 3.]) tensor([2, 3])
        tensor([4.]) tensor([4])
        >>> len(DataLoader(dataset, batch_size=2, drop_last=True))
        2
    """

    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None,
                 num_workers=0, collate_fn=None, pin_memory=False, drop_last=False, timeout=0,
                 worker_init_fn=None, multiprocessing_context=None, generator=None, *,
                 prefetch_factor=None, persistent_workers=False, pin_memory_device="",
                 in_order=True):
        if num_workers < 0:
            raise ValueError("num_workers option should be non-negative; use num_workers=0 to "
                             "disable multiprocessing.")
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError("prefetch_factor option could only be specified in "
                             "multiprocessing.let num_workers > 0 to enable multiprocessing, "
                             "otherwise set prefetch_factor to None.")
        if num_workers > 0 and prefetch_factor is None:
            prefetch_factor = 2
        elif prefetch_factor is not None and prefetch_factor < 0:
            raise ValueError("prefetch_factor option should be non-negative")
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")
        self.dataset = dataset
        self.num_workers = num_workers
        self.prefetch_factor = prefetch_factor
        self.pin_memory = pin_memory
        self.pin_memory_device = pin_memory_device
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context  # checked by the setter
        self.in_order = in_order
        self._iterable = isinstance(dataset, IterableDataset)
        if self._iterable:
            if shuffle not in {False, None}:
                raise ValueError("DataLoader with IterableDataset: expected unspecified shuffle "
                                 f"option, but got shuffle={shuffle}")
            if sampler is not None:
                raise ValueError("DataLoader with IterableDataset: expected unspecified sampler "
                                 f"option, but got sampler={sampler}")
            if batch_sampler is not None:
                raise ValueError("DataLoader with IterableDataset: expected unspecified "
                                 f"batch_sampler option, but got batch_sampler={batch_sampler}")
        else:
            shuffle = bool(shuffle)
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, "
                                 "shuffle, sampler, and drop_last")
            batch_size = None
            drop_last = False
        elif batch_size is None and drop_last:
            raise ValueError("batch_size=None option disables auto-batching and is mutually "
                             "exclusive with drop_last")
        if sampler is None:
            if self._iterable:
                sampler = _InfiniteConstantSampler()
            elif shuffle:
                sampler = RandomSampler(dataset, generator=generator)
            else:
                sampler = SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.generator = generator
        if collate_fn is None:
            collate_fn = default_collate if self._auto_collation else default_convert
        self.collate_fn = collate_fn
        self.persistent_workers = persistent_workers
        self._iterator = None
        self._initialized = True

    # what an iterator already built from the loader depends on: torch refuses to change it
    _FIXED = frozenset(("batch_size", "batch_sampler", "sampler", "drop_last", "dataset",
                        "persistent_workers"))

    def __setattr__(self, name, value):
        if name in self._FIXED and self.__dict__.get("_initialized", False):
            raise ValueError(f"{name} attribute should not be set after "
                             f"{type(self).__name__} is initialized")
        super().__setattr__(name, value)

    @property
    def multiprocessing_context(self):
        """The start method's context for the workers (None: the default one)."""
        return self._multiprocessing_context

    @multiprocessing_context.setter
    def multiprocessing_context(self, context):
        if context is not None:
            if self.num_workers == 0:
                raise ValueError("multiprocessing_context can only be used with multi-process "
                                 "loading (num_workers > 0), but got "
                                 f"num_workers={self.num_workers}")
            if isinstance(context, str):
                methods = multiprocessing.get_all_start_methods()
                if context not in methods:
                    raise ValueError(f"multiprocessing_context option should specify a valid "
                                     f"start method in {methods!r}, but got "
                                     f"multiprocessing_context={context!r}")
                context = multiprocessing.get_context(context)
            if not isinstance(context, multiprocessing.context.BaseContext):
                raise TypeError("multiprocessing_context option should be a valid context object "
                                "or a string specifying the start method, but got "
                                f"multiprocessing_context={context}")
        self._multiprocessing_context = context

    @property
    def _auto_collation(self):
        return self.batch_sampler is not None

    @property
    def _index_sampler(self):
        return self.batch_sampler if self._auto_collation else self.sampler

    def _get_iterator(self):
        if self.num_workers == 0:
            return _SingleProcessIter(self)
        return _MultiProcessIter(self)

    def __iter__(self):
        if not self.persistent_workers:
            return self._get_iterator()
        if self._iterator is None:
            self._iterator = self._get_iterator()
        else:
            self._iterator._reset()
        return self._iterator

    def __len__(self):
        if self._iterable:
            length = len(self.dataset)
            if self.batch_size is not None:
                if self.drop_last:
                    return length // self.batch_size
                return -(-length // self.batch_size)
            return length
        return len(self._index_sampler)
