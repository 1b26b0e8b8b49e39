"""distributed.rendezvous and register_rendezvous_handler: the bundled tcp/file/env methods give
a working store, and bad URLs raise what torch raises."""
from __future__ import annotations

import importlib
import socket

import pytest
from conftest import TORCH, requires_torch

import ember

dist = ember.distributed


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_tcp_gives_a_store_once():
    found = dist.rendezvous(f"tcp://127.0.0.1:{_free_port()}?rank=0&world_size=1")
    store, rank, world_size = next(found)
    assert (type(store).__name__, rank, world_size) == ("TCPStore", 0, 1)
    store.set("key", "value")
    assert store.get("key") == b"value"
    with pytest.raises(RuntimeError, match="Unable to perform re-rendezvous using tcp:// method"):
        next(found)


def test_file_and_env_give_stores(tmp_path, monkeypatch):
    store, rank, world_size = next(dist.rendezvous(f"file://{tmp_path / 'store'}", rank=0,
                                                   world_size=1))
    assert (type(store).__name__, rank, world_size) == ("FileStore", 0, 1)
    store.set("k", "1")
    assert store.get("k") == b"1"
    monkeypatch.setenv("MASTER_ADDR", "127.0.0.1")
    monkeypatch.setenv("MASTER_PORT", str(_free_port()))
    monkeypatch.setenv("RANK", "0")
    monkeypatch.setenv("WORLD_SIZE", "1")
    store, rank, world_size = next(dist.rendezvous("env://"))
    assert (type(store).__name__, rank, world_size) == ("TCPStore", 0, 1)


def test_a_registered_scheme_gets_the_url_with_rank_and_world_size(monkeypatch):
    module = importlib.import_module("ember.distributed.rendezvous")
    monkeypatch.setattr(module, "_HANDLERS", dict(module._HANDLERS))
    dist.register_rendezvous_handler("names-test", lambda url, **kw: iter([(url, 0, 2)]))
    assert next(dist.rendezvous("names-test://x", rank=0, world_size=2)) == (
        "names-test://x?rank=0&world_size=2", 0, 2)


def _bad(m, tmp):
    d = m.distributed
    return [lambda: next(d.rendezvous("foo://x")),
            lambda: next(d.rendezvous("tcp://127.0.0.1:1")),
            lambda: next(d.rendezvous("tcp://127.0.0.1:1?rank=0")),
            lambda: next(d.rendezvous(f"file://{tmp}")),
            lambda: next(d.rendezvous(3)),
            lambda: next(d.rendezvous("env://")),
            lambda: next(d.rendezvous("env://", rank=0)),
            lambda: next(d.rendezvous("env://", rank=0, world_size=1)),
            lambda: d.register_rendezvous_handler("tcp", lambda *a: None),
            lambda: next(d.rendezvous("tcp://127.0.0.1:1?rank=0&world_size=1", rank=1))]


@requires_torch
@pytest.mark.parametrize("case", range(10))
def test_errors_match_torch(case, tmp_path, monkeypatch):
    for name in ("MASTER_ADDR", "MASTER_PORT", "RANK", "WORLD_SIZE"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(Exception) as theirs:
        _bad(TORCH, tmp_path / "f")[case]()
    with pytest.raises(Exception) as ours:
        _bad(ember, tmp_path / "f")[case]()
    assert ours.type is theirs.type
    assert str(ours.value) == str(theirs.value).replace("torch.", "ember.")
