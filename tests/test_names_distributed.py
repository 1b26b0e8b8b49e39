"""ember.distributed's stores (HashStore, FileStore, TCPStore, PrefixStore), its error classes,
P2POp/batch_isend_irecv, reduce_op and default_pg_timeout, compared with torch.distributed."""
from __future__ import annotations

import datetime
import os
import sys
import threading
import warnings

import pytest
from conftest import TORCH, requires_torch

import ember
import ember.distributed as dist

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "distributed"))
from mpi_launch import assert_all_ranks_ok, launch, requires_mpi  # noqa: E402


def _stores(m, tmp_path):
    d = m.distributed
    return {"hash": d.HashStore(), "file": d.FileStore(str(tmp_path / f"{m.__name__}"), 1),
            "tcp": d.TCPStore("127.0.0.1", 0, 1, True), "prefix": d.PrefixStore("p", d.HashStore())}


def _exercise(store, kind, d):
    out = []
    store.set("a", "x")
    store.set("b", b"\x00y")
    out += [store.get("a"), store.get("b"), store.add("c", 3), store.add("c", 4), store.get("c")]
    if kind != "tcp":  # torch's TCP server drops the connection on this error
        with pytest.raises(ValueError):
            store.add("a", 1)
    out += [store.compare_set("a", "x", "z"), store.compare_set("a", "nope", "w"),
            store.compare_set("new", "", "v"), store.compare_set("new2", "q", "v")]
    out += [store.delete_key("a"), store.check(["b"]), store.check(["zz"])]
    store.set_timeout(datetime.timedelta(seconds=0.2))
    for call in (lambda: store.get("missing"), lambda: store.wait(["missing"]),
                 lambda: store.wait(["missing"], datetime.timedelta(seconds=0.1))):
        with pytest.raises(RuntimeError) as caught:
            call()
        out.append((type(caught.value).__name__, str(caught.value),
                    isinstance(caught.value, d.DistError)))
    store.append("ap", "x")
    store.append("ap", "y")
    store.multi_set(["m1", "m2"], ["1", b"2"])
    out += [store.get("ap"), store.multi_get(["b", "ap"]), store.get("m2"), store.timeout]
    if kind != "file":
        store.queue_push("q", "a")
        store.queue_push("q", "b")
        out += [store.queue_len("q"), store.queue_pop("q"), store.queue_pop("q")]
        with pytest.raises(d.QueueEmptyError, match="queue is empty"):
            store.queue_pop("q", block=False)
        out.append(sorted(store.list_keys()))
    if kind != "file":
        out.append(store.num_keys())
    return out


@requires_torch
@pytest.mark.parametrize("kind", ["hash", "file", "tcp", "prefix"])
def test_stores_behave_as_torchs(kind, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = _exercise(_stores(ember, tmp_path)[kind], kind, ember.distributed)
        theirs = _exercise(_stores(TORCH, tmp_path)[kind], kind, TORCH.distributed)
    assert ours == theirs


def test_a_get_waits_for_a_key_set_by_another_thread(tmp_path):
    for store in _stores(ember, tmp_path).values():
        store.set_timeout(datetime.timedelta(seconds=10))
        if isinstance(store, dist.TCPStore):  # another client, as a second process would be
            setter = dist.TCPStore("127.0.0.1", store.port, is_master=False)
        else:
            setter = store
        timer = threading.Timer(0.05, lambda s=setter: s.set("late", "1"))
        timer.start()
        assert store.get("late") == b"1"
        timer.join()


def test_file_stores_share_their_file(tmp_path):
    path = str(tmp_path / "shared")
    first, second = dist.FileStore(path, 2), dist.FileStore(path, 2)
    first.set("k", "v")
    assert second.get("k") == b"v" and second.add("n", 2) == 2 and first.add("n", 1) == 3


def test_tcp_store_refuses_an_unreachable_server():
    with pytest.raises(dist.DistNetworkError, match="timed out after 200ms"):
        dist.TCPStore("127.0.0.1", 1, is_master=False, timeout=datetime.timedelta(seconds=0.2))


@requires_torch
def test_error_classes_and_constants_match_torch():
    for name in ("DistError", "DistBackendError", "DistNetworkError", "DistStoreError",
                 "QueueEmptyError"):
        ours, theirs = getattr(dist, name), getattr(TORCH.distributed, name)
        assert [c.__name__ for c in ours.__mro__] == [c.__name__ for c in theirs.__mro__]
    assert dist.default_pg_timeout == TORCH.distributed.default_pg_timeout
    with pytest.warns(FutureWarning, match="reduce_op` is deprecated"):
        assert dist.reduce_op.SUM is dist.ReduceOp.SUM


@requires_torch
def test_p2p_argument_errors_match_torch():
    def errors(m):
        d = m.distributed
        found = []
        for call in (lambda: d.P2POp(d.send, m.ones(1), 1), lambda: d.P2POp(d.isend, [1], 1),
                     lambda: d.batch_isend_irecv([1]), lambda: d.batch_isend_irecv("x")):
            try:
                call()
            except (ValueError, TypeError, RuntimeError) as exc:
                found.append((type(exc).__name__, str(exc).replace("torch.", "ember.")))
        return found
    assert errors(ember) == errors(TORCH)


@requires_mpi
def test_batch_isend_irecv_ring_and_tcp_store_on_three_ranks():
    result = launch("worker_p2p.py", 3, timeout=120)
    assert_all_ranks_ok(result, 3, "p2p")
