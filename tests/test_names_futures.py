"""ember.futures (Future, collect_all, wait_all) and ember.Future, compared with torch.futures."""
from __future__ import annotations

import logging
import threading

import pytest
from conftest import TORCH, requires_torch

import ember
from ember import futures


def _modules():
    return [ember] + ([TORCH] if TORCH is not None else [])


def _outcome(call):
    """(True, value) or (False, exception type name, its first message line).

    torch follows a failed callback's message with its own traceback, hence the first line."""
    try:
        return True, call()
    except Exception as error:  # noqa: BLE001 - the tests compare what was raised
        return False, type(error).__name__, str(error).split("\n")[0]


def _story(m):
    """A sequence of Future calls on library ``m``, with what each gave or raised."""
    fut = m.futures
    out = []
    a = fut.Future()
    chained = a.then(lambda f: f.wait() * 2).then(lambda f: f.value() + 1)
    out += [a.done(), chained.done()]
    a.set_result(5)
    out += [a.done(), a.wait(), a.value(), chained.wait()]
    out.append(_outcome(lambda: a.set_result(6)))
    out.append(_outcome(lambda: a.set_exception(ValueError("late"))))
    bad = fut.Future()
    bad.set_exception(KeyError("k"))
    out += [_outcome(bad.wait), _outcome(bad.value), bad.done()]
    out.append(_outcome(bad.then(lambda f: f.wait()).wait))
    out.append(_outcome(bad.then(lambda f: "ignored the error").wait))
    out.append(_outcome(a.then(lambda f: 1 / 0).wait))
    out.append(_outcome(lambda: fut.Future().set_exception(3)))
    x, y = fut.Future(), fut.Future()
    both = fut.collect_all([x, y])
    x.set_result(1)
    out.append(both.done())
    y.set_result(2)
    out += [both.done(), [f.wait() for f in both.wait()], fut.wait_all([x, y])]
    out.append(_outcome(lambda: fut.wait_all([x, bad])))
    out.append(_outcome(fut.collect_all([x, bad]).wait))
    out += [fut.collect_all([]).wait(), fut.wait_all([])]
    out.append(_outcome(lambda: fut.Future(devices=["cpu"])))
    seen = []
    late = fut.Future()
    late.add_done_callback(lambda f: seen.append(("first", f.value())))
    late.set_result(7)
    late.add_done_callback(lambda f: seen.append(("after", f.value())))
    out.append(seen)
    return out


@requires_torch
def test_futures_behave_as_torch():
    ours, theirs = _story(ember), _story(TORCH)
    assert len(ours) == len(theirs)
    for position, (mine, reference) in enumerate(zip(ours, theirs)):
        assert mine == reference, (position, mine, reference)


@pytest.mark.parametrize("m", _modules(), ids=lambda m: m.__name__)
def test_wait_blocks_until_another_thread_completes(m):
    fut = m.futures.Future()
    started = threading.Event()

    def complete():
        started.wait()
        fut.set_result(m.ones(2))

    worker = threading.Thread(target=complete)
    worker.start()
    assert not fut.done()
    started.set()
    assert fut.wait().tolist() == [1.0, 1.0]
    worker.join()


def test_callback_errors_are_logged_not_raised(caplog):
    fut = futures.Future()
    fut.add_done_callback(lambda f: 1 / 0)
    with caplog.at_level(logging.ERROR, logger="ember.futures"):
        fut.set_result(1)
    assert "ZeroDivisionError: division by zero" in caplog.text
    assert fut.wait() == 1


def test_the_failed_callback_is_the_cause():
    fut = futures.Future()
    chained = fut.then(lambda f: 1 / 0)
    fut.set_result(1)
    with pytest.raises(RuntimeError, match="ZeroDivisionError") as caught:
        chained.wait()
    assert isinstance(caught.value.__cause__, ZeroDivisionError)


def test_value_before_completion_and_bad_lists():
    with pytest.raises(RuntimeError, match="before the Future completed"):
        futures.Future().value()
    with pytest.raises(TypeError, match="collect_all.*int at position 0"):
        futures.collect_all([1])
    with pytest.raises(TypeError, match="wait_all.*str at position 1"):
        futures.wait_all([futures.Future(), "x"])


def test_names_and_generic():
    assert ember.Future is futures.Future
    assert futures.Future[int] is not None
    assert set(futures.__all__) == {"Future", "collect_all", "wait_all"}
