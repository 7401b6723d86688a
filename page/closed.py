"""Closed pages: letting go of them once their browsers will not come back.

Streamlit keeps the page of a browser that disconnected for
``server.disconnectedSessionTTL`` seconds (two minutes by default), so a
student whose wifi dropped for a moment finds the page as they left it. Once
that wait is over the page is dead, but Streamlit only drops it when another
page closes. After the last student of a class leaves, no page closes: a
hundred dead pages would stay, each small, but together scattered across the
memory the class used and holding all of it against being returned to the
operating system. :func:`forget_closed_pages` drops them, from the same
sweep that forgets the class's runs.

Streamlit offers no public way to do this, so it reaches into the server's
session storage, on the server's network loop where Streamlit itself
touches it. A Streamlit that stores sessions differently is left alone: the
function then forgets nothing, and the tests say so.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from typing import Any

from streamlit.runtime import Runtime


def _server() -> tuple[Any, Any, asyncio.AbstractEventLoop] | None:
    """The session storage's cache, its lock and the server's network loop."""
    if not Runtime.exists():
        return None
    runtime = Runtime.instance()
    manager = getattr(runtime, "_session_mgr", None)
    storage = getattr(manager, "_session_storage", None)
    cache = getattr(storage, "_cache", None)
    lock = getattr(manager, "_storage_lock", None)
    loop = getattr(getattr(runtime, "_async_objs", None), "eventloop", None)
    if (
        not callable(getattr(cache, "expire", None))
        or not isinstance(lock, type(threading.Lock()))
        or not isinstance(loop, asyncio.AbstractEventLoop)
    ):
        return None
    return cache, lock, loop


def forget_closed_pages(timeout_s: float = 10.0) -> int:
    """Drop the closed pages whose wait is over; return how many were dropped.

    Streamlit touches its session storage only from its network loop, so the
    dropping is done there too, and this thread waits for it.
    """
    found = _server()
    if found is None:
        return 0
    cache, lock, loop = found
    done: concurrent.futures.Future[int] = concurrent.futures.Future()

    def drop() -> None:
        if not done.set_running_or_notify_cancel():
            return  # this thread stopped waiting
        try:
            with lock:
                dropped = cache.expire()
            done.set_result(len(dropped))
        except Exception as error:
            done.set_exception(error)
        # Each page shuts down (its files and downloads go) as the last
        # reference to it goes: here, on the loop, as when Streamlit drops it.

    try:
        loop.call_soon_threadsafe(drop)
        return done.result(timeout_s)
    except RuntimeError:
        return 0  # the server's loop is closed: it is stopping
    except concurrent.futures.TimeoutError:
        done.cancel()
        return 0  # the loop is stopped or busy: the next sweep retries
