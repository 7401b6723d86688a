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
session storage. A Streamlit that stores sessions differently is left alone:
the function then forgets nothing, and the tests say so.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any

from streamlit.runtime import Runtime


def _storage() -> tuple[Any, Any] | None:
    """The server's session storage's cache and the lock guarding it, if found."""
    if not Runtime.exists():
        return None
    manager = getattr(Runtime.instance(), "_session_mgr", None)
    storage = getattr(manager, "_session_storage", None)
    cache = getattr(storage, "_cache", None)
    lock = getattr(manager, "_storage_lock", None)
    if not callable(getattr(cache, "expire", None)) or not isinstance(
        lock, type(threading.Lock())
    ):
        return None
    return cache, lock


def forget_closed_pages() -> int:
    """Drop the closed pages whose wait is over; return how many were dropped."""
    found = _storage()
    if found is None:
        return 0
    cache, lock = found
    dropped: list = []
    # The network loop may store a page meanwhile; the next sweep retries.
    with lock, contextlib.suppress(RuntimeError):
        dropped = cache.expire()
    # Each page shuts down (its files and downloads go) as the last reference
    # to it goes, here, outside the lock.
    return len(dropped)
