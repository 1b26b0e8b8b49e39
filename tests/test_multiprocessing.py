"""ember.multiprocessing: shared-memory tensors across fork and spawn, queues, Hogwild
training, spawn's error reporting, and no leaked shared memory."""
import gc
import multiprocessing.reduction
import os
import subprocess
import sys

import numpy as np
import pytest

import ember
import ember.multiprocessing as mp
from tests import mp_workers
from tests.conftest import TORCH, requires_torch

pytestmark = pytest.mark.skipif(not hasattr(os, "memfd_create"),
                                reason="shared tensors need Linux memfd_create")


@pytest.fixture(autouse=True)
def _host_tensors():
    """The tensors here are CPU tensors, whatever the run's default device: this file is about
    host shared memory (CUDA tensors are always shared in torch, and travel by CUDA IPC)."""
    before = ember.get_default_device()
    ember.set_default_device("cpu")
    yield
    ember.set_default_device(before)

TIMEOUT = 60


def _run(context, target, *args):
    process = context.Process(target=target, args=args)
    process.start()
    process.join(TIMEOUT)
    assert process.exitcode == 0


def test_share_memory_keeps_values_and_is_idempotent():
    t = ember.arange(12.0).reshape(3, 4)
    assert not t.is_shared()
    assert t.share_memory_() is t
    assert t.is_shared()
    np.testing.assert_array_equal(t.cpu().numpy(), np.arange(12.0).reshape(3, 4))
    pointer = t.data_ptr()
    t.share_memory_()
    assert t.data_ptr() == pointer
    view = t[1:, ::2]
    assert view.is_shared() and view._base is not None
    view.fill_(-1)
    assert t[2, 2].item() == -1


def test_share_memory_moves_tracked_views_and_base_together():
    base = ember.arange(6.0, requires_grad=True).clone()
    view = base[2:]
    view.share_memory_()
    assert base.is_shared() and view.is_shared()
    base.mul_(2)
    np.testing.assert_array_equal(view.detach().cpu().numpy(), [4.0, 6.0, 8.0, 10.0])


def test_module_share_memory_shares_parameters_grads_and_buffers():
    model = ember.nn.Sequential(ember.nn.Linear(3, 2), ember.nn.BatchNorm1d(2))
    model(ember.randn(4, 3)).sum().backward()
    before = [p.detach().cpu().numpy().copy() for p in model.parameters()]
    assert model.share_memory() is model
    assert all(p.is_shared() and p.grad.is_shared() for p in model.parameters())
    assert all(b.is_shared() for b in model.buffers())
    for p, old in zip(model.parameters(), before):
        np.testing.assert_array_equal(p.detach().cpu().numpy(), old)


@pytest.mark.parametrize("shared", [True, False])
def test_forked_child_writes_reach_the_parent_only_when_shared(shared):
    t = ember.zeros(5)
    if shared:
        t.share_memory_()
    _run(mp.get_context("fork"), mp_workers.add_one, t)
    np.testing.assert_array_equal(t.cpu().numpy(), np.ones(5) if shared else np.zeros(5))


@pytest.mark.parametrize("method,strategy", [("fork", "file_descriptor"),
                                             ("fork", "file_system"),
                                             ("spawn", "file_descriptor"),
                                             ("spawn", "file_system")])
def test_queue_shares_storage_both_ways(method, strategy):
    mp.set_sharing_strategy(strategy)
    try:
        context = mp.get_context(method)
        inbox, outbox = context.Queue(), context.Queue()
        process = context.Process(target=mp_workers.echo_plus_one, args=(inbox, outbox))
        process.start()
        t = ember.arange(6.0)
        inbox.put(t)
        half = outbox.get(timeout=TIMEOUT)
        assert outbox.get(timeout=TIMEOUT) is True
        assert t.is_shared()
        np.testing.assert_array_equal(t.cpu().numpy(), np.arange(6.0) + 1)
        np.testing.assert_array_equal(half.cpu().numpy(), np.arange(3.0, 6.0) + 1)
        half.zero_()
        np.testing.assert_array_equal(t.cpu().numpy(), [1.0, 2.0, 3.0, 0.0, 0.0, 0.0])
        inbox.put(None)
        process.join(TIMEOUT)
        assert process.exitcode == 0
    finally:
        mp.set_sharing_strategy("file_descriptor")


def test_parameters_arrive_as_parameters_on_the_same_memory():
    param = ember.nn.Parameter(ember.ones(3))
    data = multiprocessing.reduction.ForkingPickler.dumps(param)
    received = multiprocessing.reduction.ForkingPickler.loads(data)
    assert isinstance(received, ember.nn.Parameter) and received.requires_grad
    with ember.no_grad():
        received.mul_(3)
    np.testing.assert_array_equal(param.detach().cpu().numpy(), [3.0, 3.0, 3.0])


@requires_torch
def test_non_leaf_requiring_grad_is_refused_as_torch_does():
    import torch.multiprocessing  # noqa: F401
    messages = []
    for lib in (ember, TORCH):
        x = lib.ones(2, requires_grad=True) * 2
        with pytest.raises(RuntimeError) as error:
            multiprocessing.reduction.ForkingPickler.dumps(x)
        messages.append(str(error.value))
    assert messages[0] == messages[1]


def _shm_entries(*pids):
    # Other processes (the suite's other workers, MPI, Python's queue locks) create and remove
    # entries meanwhile; ember's segments carry their creator's pid, so only this process's
    # and its child's are counted.
    names = os.listdir("/dev/shm") if os.path.isdir("/dev/shm") else []
    return {name for name in names if name.startswith(tuple(f"ember_shm_{pid}_" for pid in pids))}


def _ember_mappings():
    with open(f"/proc/{os.getpid()}/maps") as maps:
        return sum("memfd:ember-shared" in line for line in maps)


def _ember_fds():
    """Open descriptors of ember's shared-memory files in this process."""
    folder = f"/proc/{os.getpid()}/fd"
    count = 0
    for name in os.listdir(folder):
        try:
            count += "memfd:ember-shared" in os.readlink(os.path.join(folder, name))
        except OSError:
            pass
    return count


def test_no_shared_memory_leaks():
    gc.collect()
    before_shm = _shm_entries(os.getpid())
    before_fds, before_maps = _ember_fds(), _ember_mappings()
    tensors = [ember.randn(100).share_memory_() for _ in range(20)]
    context = mp.get_context("fork")
    inbox, outbox = context.Queue(), context.Queue()
    process = context.Process(target=mp_workers.echo_plus_one, args=(inbox, outbox))
    process.start()
    inbox.put(tensors[0])
    received = outbox.get(timeout=TIMEOUT)
    outbox.get(timeout=TIMEOUT)
    inbox.put(None)
    process.join(TIMEOUT)
    assert _ember_fds() >= before_fds + 20 and _ember_mappings() >= before_maps + 20
    del tensors, received
    gc.collect()
    assert _ember_fds() <= before_fds
    assert _ember_mappings() == before_maps
    assert _shm_entries(os.getpid(), process.pid) <= before_shm


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_hogwild_trains_the_parents_model(method):
    seed = 0
    model = mp_workers.make_model(seed)
    model.share_memory()
    start = [p.detach().cpu().numpy().copy() for p in model.parameters()]
    loss_before = mp_workers.loss_on_data(model, seed)
    context = mp.get_context(method)
    processes = [context.Process(target=mp_workers.hogwild_train, args=(rank, model, 30, seed))
                 for rank in range(2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(TIMEOUT)
        assert process.exitcode == 0
    assert all(not np.array_equal(p.detach().cpu().numpy(), old)
               for p, old in zip(model.parameters(), start))
    assert mp_workers.loss_on_data(model, seed) < 0.5 * loss_before


@requires_torch
def test_one_process_hogwild_equals_torch():
    seed = 3
    model = mp_workers.make_model(seed)
    model.share_memory()
    with pytest.warns(FutureWarning, match="only supports start_method=spawn"):
        mp.spawn(mp_workers.hogwild_train, args=(model, 20, seed), nprocs=1,
                 start_method="fork")
    reference = mp_workers.make_model(seed, "torch")
    mp_workers.hogwild_train(0, reference, 20, seed, "torch")
    for ours, theirs in zip(model.parameters(), reference.parameters()):
        np.testing.assert_allclose(ours.detach().cpu().numpy(), theirs.detach().cpu().numpy(),
                                   rtol=1e-5,
                                   atol=1e-6)


def test_spawn_reports_the_childs_exception():
    with pytest.raises(mp.ProcessRaisedException) as error:
        mp.start_processes(mp_workers.fail, args=("boom",), nprocs=2, start_method="fork")
    assert "terminated with the following error" in str(error.value)
    assert "ValueError: boom from" in str(error.value)


def test_spawn_reports_an_exit_code():
    with pytest.raises(mp.ProcessExitedException, match="terminated with exit code 3") as error:
        mp.start_processes(mp_workers.exit_with, args=(3,), nprocs=1, start_method="fork")
    assert error.value.exit_code == 3 and error.value.error_index == 0


def test_spawn_without_join_returns_a_context():
    context = mp.start_processes(mp_workers.add_one, args=(), nprocs=2, join=False,
                                 start_method="fork")
    assert len(context.pids()) == 2
    with pytest.raises(mp.ProcessRaisedException):
        while not context.join(TIMEOUT):
            pass


def test_pool_maps_over_tensors():
    with mp.get_context("fork").Pool(2) as pool:
        results = pool.map(mp_workers.square, [ember.tensor([float(i)]) for i in range(4)])
    assert [r.item() for r in results] == [0.0, 1.0, 4.0, 9.0]


@requires_torch
def test_names_and_sharing_strategies_match_torch():
    import torch.multiprocessing as tmp
    assert mp.get_all_sharing_strategies() == tmp.get_all_sharing_strategies()
    assert mp.get_sharing_strategy() == tmp.get_sharing_strategy()
    public = {n for n in dir(tmp) if not n.startswith("_") and n not in
              ("torch", "sys", "multiprocessing", "reductions", "ENV_VAR_PARALLEL_START")}
    assert public <= set(dir(mp))
    with pytest.raises(AssertionError, match="invalid sharing strategy"):
        mp.set_sharing_strategy("shared_files")
    for name in ("set_start_method", "get_start_method", "get_context", "Queue", "SimpleQueue",
                 "Process", "Pool"):
        assert getattr(mp, name) is getattr(tmp, name) or callable(getattr(mp, name))


def test_file_system_strategy_names_a_file_and_removes_it_at_exit():
    """The receiver opens the memory by a path in /dev/shm (no /proc/<pid>/fd lookup, which
    containers may forbid); the process that made the file removes it when it exits."""
    code = (
        "import os, multiprocessing.reduction as r, ember, ember.multiprocessing as mp\n"
        "from ember.multiprocessing import _shared\n"
        "mp.set_sharing_strategy('file_system')\n"
        "t = ember.arange(4.0)\n"
        "layout = _shared._layout(t)\n"
        "path = layout[0]\n"
        "assert isinstance(path, str) and not path.startswith('/proc'), path\n"
        "copy = r.ForkingPickler.loads(r.ForkingPickler.dumps(t))\n"
        "copy.add_(1)\n"
        "assert t.tolist() == [1.0, 2.0, 3.0, 4.0]\n"
        "assert os.path.exists(path)\n"
        "print(path)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=TIMEOUT, env=os.environ.copy())
    assert done.returncode == 0, done.stderr
    assert not os.path.exists(done.stdout.strip())
