"""Rendezvous: how processes find each other before they communicate. A URL names the method
(``tcp://host:port``, ``env://``, ``file:///path``, or a scheme a program registers) and gives
a store shared by all ranks, this process's rank and the world size.

ember's collectives run over MPI. Under an MPI launcher, which already places the ranks, a
rendezvous gives the shared key/value store (``TCPStore`` or ``FileStore``) that programs use
to exchange small values, as torch's does; for ranks started otherwise, ``init_process_group``
also meets the other ranks in that store to connect them over MPI."""
from __future__ import annotations

import datetime
import os
from urllib.parse import parse_qsl, urlencode, urlparse, urlunparse

_HANDLERS = {}
_DEFAULT_TIMEOUT = datetime.timedelta(seconds=300)


def register_rendezvous_handler(scheme, handler):
    """Register ``handler`` for URLs of ``scheme``: ``handler(url, **kwargs)`` returns an
    iterator of ``(store, rank, world_size)``.

    Args:
        scheme (str): the URL scheme that selects the handler (one handler per scheme).
        handler (callable): ``handler(url, **kwargs) -> iterator of (store, rank,
            world_size)``; a rendezvous takes its first triplet.

    Example:
        >>> dist = ember.distributed
        >>> dist.register_rendezvous_handler("single", lambda url, **kw: iter([(None, 0, 1)]))
        >>> next(dist.rendezvous("single://here"))
        (None, 0, 1)
    """
    if scheme in _HANDLERS:
        raise RuntimeError(f"Rendezvous handler for {scheme}:// already registered")
    _HANDLERS[scheme] = handler


def rendezvous(url, rank=-1, world_size=-1, **kwargs):
    """Meet the other processes as ``url`` says: an iterator whose first item is
    ``(store, rank, world_size)``.

    ``rank`` and ``world_size``, when given, go into the URL's query (a URL that already has
    them refuses the arguments); the ``tcp://`` and ``file://`` methods read them from there,
    ``env://`` from the ``RANK``/``WORLD_SIZE``/``MASTER_ADDR``/``MASTER_PORT`` environment
    variables when the query lacks them.

    Args:
        url (str): ``scheme://...`` naming a registered method.
        rank (int, optional): this process's rank (-1: from the URL or environment).
        world_size (int, optional): the number of processes (-1: likewise).
        **kwargs: passed to the handler (``timeout``, a ``datetime.timedelta``).

    Returns:
        An iterator of ``(store, rank, world_size)``; the bundled methods give one triplet.
    """
    if not isinstance(url, str):
        raise RuntimeError(f"`url` must be a string. {type(url)}: {url}")
    if not isinstance(rank, int):
        raise RuntimeError(f"`rank` must be an integer. {rank}")
    if not isinstance(world_size, int):
        raise RuntimeError(f"`world_size` must be an integer. {world_size}")
    parts = urlparse(url)
    if rank != -1 or world_size != -1:
        query = dict(parse_qsl(parts.query))
        if "rank" in query or "world_size" in query:
            raise AssertionError(f"The url: {url} has node-specific arguments(rank, world_size) "
                                 f"already.")
        if rank != -1:
            query["rank"] = str(rank)
        if world_size != -1:
            query["world_size"] = str(world_size)
        url = urlunparse(parts._replace(query=urlencode(query)))
        parts = urlparse(url)
    if parts.scheme not in _HANDLERS:
        raise RuntimeError(f"No rendezvous handler for {parts.scheme}://")
    return _HANDLERS[parts.scheme](url, **kwargs)


def _error(scheme, message):
    return ValueError(f"Error initializing ember.distributed using {scheme}:// rendezvous: "
                      f"{message}")


def _query_ints(scheme, query):
    values = dict(parse_qsl(query))
    if "rank" not in values:
        raise _error(scheme, "rank parameter missing")
    if "world_size" not in values:
        raise _error(scheme, "world size parameter missing")
    return int(values["rank"]), int(values["world_size"])


def _once(scheme, store, rank, world_size):
    yield store, rank, world_size
    raise RuntimeError(f"Unable to perform re-rendezvous using {scheme}:// method")


def _tcp(url, timeout=_DEFAULT_TIMEOUT, **kwargs):
    from ._store import TCPStore
    parts = urlparse(url)
    if not parts.port:
        raise _error("tcp", "port number missing")
    rank, world_size = _query_ints("tcp", parts.query)
    store = TCPStore(parts.hostname, parts.port, world_size, rank == 0, timeout)
    return _once("tcp", store, rank, world_size)


def _file(url, timeout=_DEFAULT_TIMEOUT, **kwargs):
    from ._store import FileStore
    parts = urlparse(url)
    path = parts.netloc + parts.path if parts.netloc else parts.path
    if not path:
        raise _error("file", "path missing")
    rank, world_size = _query_ints("file", parts.query)
    return _once("file", FileStore(path, world_size), rank, world_size)


def _env(url, timeout=_DEFAULT_TIMEOUT, **kwargs):
    from ._store import TCPStore
    query = dict(parse_qsl(urlparse(url).query))

    def setting(name, variable):
        if name in query:
            return query[name]
        if variable not in os.environ:
            raise _error("env", f"environment variable {variable} expected, but not set")
        return os.environ[variable]

    rank = int(setting("rank", "RANK"))
    world_size = int(setting("world_size", "WORLD_SIZE"))
    host = setting("master_addr", "MASTER_ADDR")
    port = int(setting("master_port", "MASTER_PORT"))
    store = TCPStore(host, port, world_size, rank == 0, timeout)
    return _once("env", store, rank, world_size)


register_rendezvous_handler("tcp", _tcp)
register_rendezvous_handler("file", _file)
register_rendezvous_handler("env", _env)
