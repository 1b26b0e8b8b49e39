"""ember.utils.data: same batches as torch for the same seed, collation rules, worker processes."""
import collections
import functools
import operator
import os
import threading
import time

import numpy as np
import pytest

import ember
from ember.utils import data as D
from tests.conftest import CPU_RNG, TORCH, cpu_only, requires_torch

if TORCH is not None:
    import torch.utils.data as TD


def _as_lists(obj):
    """Nested lists/dicts of plain values from an ember or torch batch (for equality checks)."""
    if hasattr(obj, "tolist") and hasattr(obj, "dtype"):
        return ("tensor", str(obj.dtype).split(".")[-1], tuple(obj.shape), obj.tolist())
    if isinstance(obj, dict):
        return {k: _as_lists(v) for k, v in obj.items()}
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return (type(obj).__name__, [_as_lists(v) for v in obj])
    if isinstance(obj, (list, tuple)):
        return (type(obj).__name__, [_as_lists(v) for v in obj])
    return obj


class Squares(D.Dataset):
    """Sample i is (i, i*i as float): a map-style dataset defined at module level (picklable)."""

    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, index):
        return index, float(index * index)


class TorchSquares(Squares):
    pass


class Stream(D.IterableDataset):
    """Yields range(start, end), split between workers by get_worker_info()."""

    def __init__(self, start, end):
        self.start, self.end = start, end

    def __iter__(self):
        info = D.get_worker_info()
        if info is None:
            return iter(range(self.start, self.end))
        return iter(range(self.start + info.id, self.end, info.num_workers))

    def __len__(self):
        return self.end - self.start


def _pair_generators(seed):
    return ember.Generator().manual_seed(seed), TORCH.Generator().manual_seed(seed)


@requires_torch
@pytest.mark.parametrize("batch_size,drop_last", [(1, False), (3, False), (4, True), (7, False)])
@pytest.mark.parametrize("seed", [0, 1234])
def test_shuffled_batches_match_torch_over_epochs(batch_size, drop_last, seed):
    x = np.arange(46, dtype=np.float32).reshape(23, 2)
    y = np.arange(23)
    ours_gen, theirs_gen = _pair_generators(seed)
    ours = D.DataLoader(D.TensorDataset(ember.tensor(x), ember.tensor(y)), batch_size=batch_size,
                        shuffle=True, drop_last=drop_last, generator=ours_gen)
    theirs = TD.DataLoader(TD.TensorDataset(TORCH.tensor(x), TORCH.tensor(y)),
                           batch_size=batch_size, shuffle=True, drop_last=drop_last,
                           generator=theirs_gen)
    assert len(ours) == len(theirs)
    for _ in range(3):
        assert [_as_lists(b) for b in ours] == [_as_lists(b) for b in theirs]


@cpu_only(CPU_RNG)
@requires_torch
def test_shuffle_without_generator_follows_the_global_seed():
    ember.manual_seed(77)
    TORCH.manual_seed(77)
    ours = D.DataLoader(Squares(15), batch_size=4, shuffle=True)
    theirs = TD.DataLoader(TorchSquares(15), batch_size=4, shuffle=True)
    for _ in range(2):
        assert [_as_lists(b) for b in ours] == [_as_lists(b) for b in theirs]


@requires_torch
@pytest.mark.parametrize("kwargs", [{}, {"replacement": True},
                                    {"replacement": True, "num_samples": 70},
                                    {"num_samples": 25}])
def test_random_sampler_matches_torch(kwargs):
    ours_gen, theirs_gen = _pair_generators(3)
    ours = D.RandomSampler(range(10), generator=ours_gen, **kwargs)
    theirs = TD.RandomSampler(range(10), generator=theirs_gen, **kwargs)
    assert len(ours) == len(theirs)
    assert list(ours) == list(theirs) and list(ours) == list(theirs)


@requires_torch
def test_other_samplers_match_torch():
    ours_gen, theirs_gen = _pair_generators(11)
    assert list(D.SubsetRandomSampler([5, 9, 2, 7, 1], ours_gen)) == list(
        TD.SubsetRandomSampler([5, 9, 2, 7, 1], theirs_gen))
    weights = [0.1, 0.9, 0.4, 0.0, 2.0]
    for replacement, count in ((True, 12), (False, 3)):
        assert list(D.WeightedRandomSampler(weights, count, replacement, ours_gen)) == list(
            TD.WeightedRandomSampler(weights, count, replacement, theirs_gen))
    for drop_last in (False, True):
        ours = D.BatchSampler(D.SequentialSampler(range(10)), 3, drop_last)
        theirs = TD.BatchSampler(TD.SequentialSampler(range(10)), 3, drop_last)
        assert list(ours) == list(theirs) and len(ours) == len(theirs)


@requires_torch
@pytest.mark.parametrize("lengths", [[3, 7], [0.3, 0.3, 0.4], [0.5, 0.5], [0.34, 0.33, 0.33]])
def test_random_split_matches_torch(lengths):
    ours_gen, theirs_gen = _pair_generators(42)
    ours = D.random_split(range(31 if isinstance(lengths[0], float) else 10), lengths, ours_gen)
    theirs = TD.random_split(range(31 if isinstance(lengths[0], float) else 10), lengths,
                             theirs_gen)
    assert [list(s) for s in ours] == [list(s) for s in theirs]


def test_random_split_errors():
    with pytest.raises(ValueError, match="Sum of input lengths does not equal"):
        D.random_split(range(10), [3, 4])
    with pytest.raises(ValueError, match="Fraction at index 0 is not between 0 and 1"):
        D.random_split(range(10), [-0.5, 1.5])


Point = collections.namedtuple("Point", "x y")


def _collate_cases(lib):
    return [
        [lib.tensor([1.0, 2.0]), lib.tensor([3.0, 4.0])],
        [(1, 2.5, "a"), (3, 4.5, "b")],
        [{"a": 1, "b": [np.float32(1.5), np.float32(2.5)]}, {"a": 2, "b": [np.float32(3),
                                                                           np.float32(4)]}],
        [np.arange(3), np.arange(3) * 2],
        [np.array(1.5), np.array(2.5)],
        [np.int32(3), np.int32(4)],
        [Point(1, 2.0), Point(3, 4.0)],
        [[1, 2], [3, 4]],
        [True, False],
        [b"x", b"y"],
        [{"nested": (lib.ones(2), {"deep": 1.0})}, {"nested": (lib.zeros(2), {"deep": 2.0})}],
    ]


@requires_torch
def test_default_collate_matches_torch():
    for ours, theirs in zip(_collate_cases(ember), _collate_cases(TORCH)):
        assert _as_lists(D.default_collate(ours)) == _as_lists(TD.default_collate(theirs))


@requires_torch
def test_default_collate_errors_match_torch():
    for batch in ([np.array(["a"]), np.array(["b"])], [object(), object()], [[1, 2], [3]]):
        with pytest.raises(Exception) as theirs:
            TD.default_collate(batch)
        with pytest.raises(type(theirs.value)) as ours:
            D.default_collate(batch)
        assert str(ours.value) == str(theirs.value)


class Interval:
    def __init__(self, low, high):
        self.low, self.high = low, high


def _collate_interval(batch, *, collate_fn_map=None):
    return [(i.low, i.high) for i in batch]


@requires_torch
def test_collate_with_a_custom_type_rule_matches_torch():
    # Programs register their own types in a copy of default_collate_fn_map.
    from torch.utils.data._utils import collate as theirs

    from ember.utils.data._utils import collate as ours

    def samples(lib):
        return [{"span": Interval(0, 1), "x": lib.ones(2), "n": 1.5},
                {"span": Interval(2, 3), "x": lib.zeros(2), "n": 2.5}]

    results = []
    for module, lib in ((ours, ember), (theirs, TORCH)):
        rules = {**module.default_collate_fn_map, Interval: _collate_interval}
        results.append(_as_lists(module.collate(samples(lib), collate_fn_map=rules)))
        with pytest.raises(TypeError) as info:
            module.collate(samples(lib), collate_fn_map=module.default_collate_fn_map)
        results.append(str(info.value).replace("tests.utils.", ""))
    assert results[:2] == results[2:]
    assert set(map(str, ours.default_collate_fn_map)) == {
        str(k).replace("torch", "ember") for k in theirs.default_collate_fn_map}
    assert ours.default_collate is D.default_collate


@requires_torch
def test_default_convert_matches_torch():
    sample = {"a": np.arange(3), "b": (np.float64(2.0), "s"), "c": [np.ones(2)]}
    assert _as_lists(D.default_convert(sample)) == _as_lists(TD.default_convert(sample))


def test_batch_size_none_disables_batching():
    loader = D.DataLoader(Squares(3), batch_size=None)
    assert list(loader) == [[0, 0.0], [1, 1.0], [2, 4.0]]
    assert len(loader) == 3


def test_custom_sampler_batch_sampler_and_collate_fn():
    loader = D.DataLoader(Squares(6), sampler=[5, 4, 3], batch_size=2,
                          collate_fn=lambda batch: [i for i, _ in batch])
    assert list(loader) == [[5, 4], [3]]
    loader = D.DataLoader(Squares(6), batch_sampler=[[0, 2], [4]])
    assert [batch[0].tolist() for batch in loader] == [[0, 2], [4]]


def test_concat_subset_and_tensor_datasets():
    both = D.ConcatDataset([Squares(3), Squares(2)])
    assert len(both) == 5 and both[3] == (0, 0.0) and both[-1] == (1, 1.0)
    assert (Squares(2) + Squares(1))[2] == (0, 0.0)
    subset = D.Subset(Squares(10), [9, 1])
    assert len(subset) == 2 and subset[0] == (9, 81.0)
    with pytest.raises(AssertionError, match="Size mismatch between tensors"):
        D.TensorDataset(ember.zeros(3), ember.zeros(4))
    stacked = D.StackDataset(a=Squares(2), b=Squares(2))
    assert stacked[1] == {"a": (1, 1.0), "b": (1, 1.0)}


@requires_torch
def test_loader_argument_errors_match_torch():
    cases = [
        {"num_workers": -1}, {"timeout": -1}, {"prefetch_factor": 2},
        {"persistent_workers": True}, {"sampler": [0, 1], "shuffle": True},
        {"batch_sampler": [[0]], "batch_size": 2}, {"batch_size": None, "drop_last": True},
    ]
    for kwargs in cases:
        with pytest.raises(ValueError) as theirs:
            TD.DataLoader(TorchSquares(4), **kwargs)
        with pytest.raises(ValueError) as ours:
            D.DataLoader(Squares(4), **kwargs)
        assert str(ours.value) == str(theirs.value)
    with pytest.raises(ValueError, match="expected unspecified shuffle option"):
        D.DataLoader(Stream(0, 4), shuffle=True)


def test_iterable_dataset_batches_in_process():
    loader = D.DataLoader(Stream(0, 7), batch_size=3)
    assert [b.tolist() for b in loader] == [[0, 1, 2], [3, 4, 5], [6]]
    assert len(loader) == 3
    loader = D.DataLoader(Stream(0, 7), batch_size=3, drop_last=True)
    assert [b.tolist() for b in loader] == [[0, 1, 2], [3, 4, 5]]


# ---------------------------------------------------------------------- worker processes

@requires_torch
def test_workers_give_the_same_batches_as_torch():
    ours_gen, theirs_gen = _pair_generators(9)
    ours = D.DataLoader(Squares(29), batch_size=4, shuffle=True, num_workers=2,
                        generator=ours_gen)
    theirs = TD.DataLoader(TorchSquares(29), batch_size=4, shuffle=True, num_workers=2,
                           generator=theirs_gen)
    for _ in range(2):
        assert [_as_lists(b) for b in ours] == [_as_lists(b) for b in theirs]


@requires_torch
def test_iterable_dataset_with_workers_interleaves_like_torch():
    class TorchStream(TD.IterableDataset):
        def __init__(self, start, end):
            self.start, self.end = start, end

        def __iter__(self):
            info = TD.get_worker_info()
            return iter(range(self.start + info.id, self.end, info.num_workers))

    ours = D.DataLoader(Stream(0, 23), batch_size=3, num_workers=2)
    theirs = TD.DataLoader(TorchStream(0, 23), batch_size=3, num_workers=2)
    assert [b.tolist() for b in ours] == [b.tolist() for b in theirs]


def _report_worker(_):
    info = D.get_worker_info()
    return [info.id, info.num_workers, info.seed, os.getpid(), ember.initial_seed()]


def test_workers_are_separate_processes_with_torch_seeds():
    gen = ember.Generator().manual_seed(5)
    loader = D.DataLoader(Squares(4), batch_size=1, num_workers=2, generator=gen,
                          collate_fn=_report_worker)
    base_seed = int(ember.empty((), dtype=ember.int64).random_(
        generator=ember.Generator().manual_seed(5)).item())
    reports = list(loader)
    assert {r[0] for r in reports} == {0, 1}
    assert all(r[3] != os.getpid() for r in reports)
    for worker_id, num_workers, seed, _, initial_seed in reports:
        assert num_workers == 2 and seed == base_seed + worker_id == initial_seed
    assert D.get_worker_info() is None


def _report_threads(_):
    return ember.get_num_threads()


def test_workers_run_one_intra_op_thread_as_torch():
    ours = list(D.DataLoader(Squares(2), batch_size=1, num_workers=2,
                             collate_fn=_report_threads))
    assert ours == [1, 1]
    if TORCH is not None:
        theirs = list(TD.DataLoader(Squares(2), batch_size=1, num_workers=2,
                                    collate_fn=lambda _: TORCH.get_num_threads()))
        assert theirs == ours


_init_calls = []


def _init_worker(worker_id):
    # Runs in the worker: record the id where the dataset can see it.
    D.get_worker_info().dataset.init_id = worker_id


class RecordsInit(Squares):
    init_id = None

    def __getitem__(self, index):
        return self.init_id


def test_worker_init_fn_runs_in_each_worker():
    loader = D.DataLoader(RecordsInit(6), batch_size=None, num_workers=2,
                          worker_init_fn=_init_worker)
    assert sorted(set(loader)) == [0, 1]


class Unpicklable(Squares):
    def __init__(self, n):
        super().__init__(n)
        self.lock = threading.Lock()


def test_unpicklable_dataset_gives_a_clear_error_with_spawn():
    loader = D.DataLoader(Unpicklable(4), num_workers=1, multiprocessing_context="spawn")
    with pytest.raises(RuntimeError, match=r"cannot send its dataset \(Unpicklable\) to worker "
                                           r"processes: it cannot be pickled"):
        iter(loader)


def test_spawned_workers_load_a_picklable_dataset():
    loader = D.DataLoader(Squares(5), batch_size=2, num_workers=1,
                          multiprocessing_context="spawn")
    assert [b[0].tolist() for b in loader] == [[0, 1], [2, 3], [4]]


class Failing(Squares):
    def __getitem__(self, index):
        if index == 3:
            raise ValueError("bad sample 3")
        return index


def test_worker_exception_is_reraised_with_its_type_and_origin():
    loader = D.DataLoader(Failing(6), batch_size=2, num_workers=2)
    with pytest.raises(ValueError, match=r"(?s)Caught ValueError in DataLoader worker process "
                                         r"1.*bad sample 3"):
        list(loader)


class Slow(Squares):
    def __getitem__(self, index):
        time.sleep(3)
        return index


def test_timeout_raises():
    loader = D.DataLoader(Slow(2), num_workers=1, timeout=0.5)
    with pytest.raises(RuntimeError, match="DataLoader timed out after 0.5 seconds"):
        next(iter(loader))


def test_persistent_workers_are_reused_across_epochs():
    loader = D.DataLoader(Squares(5), batch_size=2, num_workers=2, persistent_workers=True,
                          collate_fn=lambda batch: os.getpid())
    first = list(loader)
    second = list(loader)
    assert len(first) == 3 and set(first) == set(second)
    loader = D.DataLoader(Stream(0, 5), batch_size=2, num_workers=2, persistent_workers=True)
    assert sorted(functools.reduce(operator.iadd, (b.tolist() for b in loader), [])) == [0, 1, 2, 3, 4]
    assert sorted(functools.reduce(operator.iadd, (b.tolist() for b in loader), [])) == [0, 1, 2, 3, 4]


def test_breaking_an_epoch_early_shuts_workers_down():
    loader = D.DataLoader(Squares(50), batch_size=2, num_workers=2)
    iterator = iter(loader)
    next(iterator)
    workers = list(iterator._workers)
    iterator._shutdown_workers()
    for worker in workers:
        worker.join(5)
        assert not worker.is_alive()


@pytest.mark.parametrize("workers, context", [(0, "spawn"), (2, "nonsense"), (2, 3)])
def test_multiprocessing_context_is_checked_as_torch_does(workers, context):
    def error(lib):
        with pytest.raises((ValueError, TypeError)) as caught:
            lib.utils.data.DataLoader(range(4), num_workers=workers,
                                      multiprocessing_context=context)
        return type(caught.value), str(caught.value)
    ours = error(ember)
    if TORCH is not None:
        assert ours == error(TORCH)
    assert "multiprocessing_context" in ours[1]


@requires_torch
@pytest.mark.parametrize("name", ["batch_size", "batch_sampler", "sampler", "drop_last",
                                  "dataset", "persistent_workers", "num_workers", "collate_fn"])
def test_setting_what_an_iterator_depends_on_is_refused_like_torch(name):
    def outcome(lib):
        loader = lib.utils.data.DataLoader(range(4), batch_size=2)
        try:
            setattr(loader, name, getattr(loader, name))
        except ValueError as error:
            return str(error)
        return list(loader) and "set"
    assert outcome(ember) == outcome(TORCH)


@requires_torch
def test_data_classes_are_generic_and_iterable_dataset_abstract_like_torch():
    # typed code subclasses Dataset[tuple[Tensor, int]]; an IterableDataset without __iter__
    # cannot be instantiated
    def shape(lib):
        data = lib.utils.data
        names = ["Dataset", "IterableDataset", "Subset", "ConcatDataset", "StackDataset",
                 "ChainDataset", "TensorDataset", "Sampler", "RandomSampler", "BatchSampler",
                 "DataLoader"]
        params = {n: len(getattr(data, n).__parameters__) for n in names}

        class Stream(data.IterableDataset[int]):
            def __iter__(self):
                return iter([3, 4])

        class Broken(data.IterableDataset):
            pass

        try:
            Broken()
            abstract = None
        except TypeError as error:
            abstract = str(error)
        return params, [t.tolist() for t in data.DataLoader(Stream())], abstract

    assert shape(ember) == shape(TORCH)


def test_multiprocessing_context_string_becomes_a_context():
    import multiprocessing
    loader = ember.utils.data.DataLoader(range(4), num_workers=2,
                                         multiprocessing_context="spawn")
    assert isinstance(loader.multiprocessing_context, multiprocessing.context.BaseContext)


@cpu_only("the stand-in's CUDA is an accelerator: nothing to warn about")
def test_pin_memory_without_an_accelerator_warns():
    loader = ember.utils.data.DataLoader(ember.utils.data.TensorDataset(ember.arange(3.0)),
                                         batch_size=2, pin_memory=True)
    with pytest.warns(UserWarning, match="'pin_memory' argument is set as true but no "
                                         "accelerator is found"):
        batch = next(iter(loader))
    assert not batch[0].is_pinned()


# A timeout with no workers is accepted by the constructor and refused when iteration starts, as
# torch's single-process iterator asserts (the loader used to run, ignoring it).
@pytest.mark.parametrize("timeout", [2, 1.5, True])
def test_timeout_without_workers_is_refused_on_iteration(timeout):
    loader = ember.utils.data.DataLoader([1, 2], timeout=timeout)
    assert len(loader) == 2
    with pytest.raises(AssertionError, match="^_SingleProcessDataLoaderIter requires timeout == "
                                             "0$"):
        iter(loader)
    assert [b.tolist() for b in ember.utils.data.DataLoader([1, 2], timeout=0)] == [[1], [2]]
