"""Closed pages are let go once Streamlit's wait for their browsers is over."""

from __future__ import annotations

import asyncio
import gc
import threading
import weakref
from types import SimpleNamespace
from typing import ClassVar
from unittest.mock import MagicMock

import pytest
from streamlit.runtime import Runtime
from streamlit.runtime.caching.ttl_cache import TTLCache
from streamlit.runtime.memory_session_storage import MemorySessionStorage
from streamlit.runtime.session_manager import SessionInfo
from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

from page.closed import forget_closed_pages

WAIT_S = 120


class Page:
    """A stand-in for a closed page: all the storage reads is its id."""

    def __init__(self, name: str) -> None:
        self.id = name


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


LOOP_THREAD = "network loop"


@pytest.fixture
def loop():
    """A network loop running in its own thread, as the server's does."""
    running = asyncio.new_event_loop()
    thread = threading.Thread(target=running.run_forever, name=LOOP_THREAD)
    thread.start()

    def stop() -> None:
        running.call_soon_threadsafe(running.stop)
        thread.join()

    running.stop_and_wait = stop
    yield running
    if thread.is_alive():
        stop()
    running.close()


def server(clock: Clock, loop, *names: str) -> tuple[Runtime, list[weakref.ref]]:
    """A server whose storage holds closed pages ``names`` for two minutes."""
    storage = MemorySessionStorage(ttl_seconds=WAIT_S)
    # The same cache Streamlit makes, on a clock the test moves.
    storage._cache = TTLCache(maxsize=128, ttl=WAIT_S, timer=clock)
    manager = WebsocketSessionManager(storage, MagicMock(), MagicMock(), None)
    pages = [Page(name) for name in names]
    for page in pages:
        storage.save(SessionInfo(client=None, session=page, script_run_count=1))
    runtime = SimpleNamespace(
        _session_mgr=manager, _async_objs=SimpleNamespace(eventloop=loop)
    )
    return runtime, [weakref.ref(p) for p in pages]


@pytest.fixture
def running(monkeypatch, loop):
    def start(clock: Clock, *names: str) -> list[weakref.ref]:
        instance, refs = server(clock, loop, *names)
        monkeypatch.setattr(Runtime, "_instance", instance)
        return refs

    return start


def test_pages_whose_wait_is_over_are_let_go(running) -> None:
    clock = Clock()
    refs = running(clock, "a", "b")
    clock.now = WAIT_S + 1
    assert forget_closed_pages() == 2
    gc.collect()
    assert [ref() for ref in refs] == [None, None]


def test_pages_still_waiting_for_their_browser_are_kept(running) -> None:
    clock = Clock()
    refs = running(clock, "a")
    clock.now = WAIT_S - 1
    assert forget_closed_pages() == 0
    gc.collect()
    assert refs[0]() is not None


def test_without_a_server_nothing_is_forgotten(monkeypatch) -> None:
    monkeypatch.setattr(Runtime, "_instance", None)
    assert forget_closed_pages() == 0


def test_a_server_that_stores_pages_differently_is_left_alone(monkeypatch) -> None:
    monkeypatch.setattr(Runtime, "_instance", SimpleNamespace(_session_mgr=object()))
    assert forget_closed_pages() == 0


class Dropped(Page):
    """A page that notes the thread it is let go on."""

    threads: ClassVar[list[str]] = []

    def __del__(self) -> None:
        Dropped.threads.append(threading.current_thread().name)


def test_pages_are_let_go_on_the_network_loop(monkeypatch, loop) -> None:
    clock = Clock()
    instance, _ = server(clock, loop)
    storage = instance._session_mgr._session_storage
    storage.save(SessionInfo(client=None, session=Dropped("a"), script_run_count=1))
    monkeypatch.setattr(Runtime, "_instance", instance)
    clock.now = WAIT_S + 1
    assert forget_closed_pages() == 1
    assert Dropped.threads == [LOOP_THREAD]


def test_a_stopped_loop_forgets_nothing(running, loop) -> None:
    clock = Clock()
    running(clock, "a")
    loop.stop_and_wait()
    clock.now = WAIT_S + 1
    assert forget_closed_pages(timeout_s=1) == 0


def test_a_closed_loop_forgets_nothing(running, loop) -> None:
    clock = Clock()
    running(clock, "a")
    loop.stop_and_wait()
    loop.close()
    clock.now = WAIT_S + 1
    assert forget_closed_pages() == 0
