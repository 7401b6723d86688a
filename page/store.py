"""A bounded, shared store of finished runs, so that going back is instant.

Every student's page asks the same server for runs. :class:`RunStore`
keeps the most recent ones, bounded both by count and by an estimate of
their bytes, so a flood of distinct scenarios cannot exhaust memory: the
least recently used run goes first. Two sessions asking for the same
scenario at once share one computation (the second waits for the first),
and at most ``workers`` computations run at a time, so a few runaway
scenarios cannot starve everyone else of the processor.

A computation that fails (a run over its budget) is stored too, as its
error, so asking again does not pay for the same failure twice; for as
long as ``error_ttl_s`` says, since some failures may not happen again (a
run that was only slow because the machine was busy). Everyone who waited
for a computation gets its outcome, kept or not, so a failure is never
paid for once per waiting session.

A run nobody has asked for in ``idle_s`` seconds is forgotten by
:meth:`RunStore.sweep` (which the page calls every little while), and the
memory it held is handed back to the operating system, so a server that a
class has left shrinks back towards where it started.

Nothing here knows Streamlit; the page holds one store for the whole server.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import math
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.io as pio
from plotly.basedatatypes import BaseFigure

_LOG = logging.getLogger(__name__)

FIGURE_OVERHEAD = 4
"""Bytes a Plotly figure holds in memory for each byte of its JSON."""


@dataclass
class Stored:
    """One finished computation: its value or the error it raised."""

    value: Any
    error: BaseException | None
    size: int
    used: float = 0.0
    """When it was last asked for, by the store's clock."""
    expires: float = math.inf
    """When it must be computed again, by the store's clock."""


@dataclass
class _Flight:
    """A computation under way, and its outcome once there is one."""

    done: threading.Event
    outcome: Stored | None = None
    waiters: int = 0
    """Callers waiting for this outcome."""


class RunStore:
    """Least-recently-used results, at most ``entries`` and about ``budget`` bytes."""

    def __init__(
        self,
        entries: int,
        budget_bytes: int,
        workers: int = 2,
        error_ttl_s: Callable[[Exception], float] = lambda error: math.inf,
        idle_s: float = float("inf"),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if entries < 1 or budget_bytes < 1 or workers < 1 or not idle_s > 0:
            raise ValueError(
                f"entries={entries}, budget_bytes={budget_bytes}, "
                f"workers={workers} and idle_s={idle_s} must all be positive"
            )
        self.idle_s = idle_s
        self._clock = clock
        self.entries = entries
        self.budget_bytes = budget_bytes
        self._items: OrderedDict[Hashable, Stored] = OrderedDict()
        self._pending: dict[Hashable, _Flight] = {}
        self._lock = threading.Lock()
        self._workers = threading.BoundedSemaphore(workers)
        self._error_ttl_s = error_ttl_s
        self.bytes = 0
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._items

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The value stored under ``key``, computing it once if it is missing.

        Raises whatever ``compute`` raised, now or when it first ran.
        """
        while True:
            with self._lock:
                found = self._items.get(key)
                now = self._clock()
                if found is not None and found.expires <= now:
                    del self._items[key]
                    self.bytes -= found.size
                    found = None
                if found is not None:
                    self._items.move_to_end(key)
                    found.used = now
                    self.hits += 1
                    return _unpack(found)
                flight = self._pending.get(key)
                if flight is not None:
                    flight.waiters += 1
                else:
                    # This caller computes; any others wait for it.
                    mine = self._pending[key] = _Flight(threading.Event())
                    self.misses += 1
                    break
            flight.done.wait()
            if flight.outcome is not None:
                self.hits += 1
                return _unpack(flight.outcome)
            # The computing caller stopped without an outcome: try again.
        try:
            with self._workers:
                try:
                    stored = _stored(compute())
                except Exception as error:
                    stored = Stored(None, error, 1024)
                    stored.expires = self._clock() + self._error_ttl_s(error)
            mine.outcome = stored
            self._keep(key, stored)
        finally:
            with self._lock:
                del self._pending[key]
            mine.done.set()
        return _unpack(stored)

    def waiting(self, key: Hashable) -> int:
        """How many callers wait for the computation of ``key`` under way."""
        with self._lock:
            flight = self._pending.get(key)
            return 0 if flight is None else flight.waiters

    def _keep(self, key: Hashable, stored: Stored) -> None:
        stored.used = self._clock()
        with self._lock:
            if stored.size > self.budget_bytes:
                # Larger than the whole store: served once, never kept.
                return
            self._items[key] = stored
            self.bytes += stored.size
            while len(self._items) > self.entries or self.bytes > self.budget_bytes:
                _, old = self._items.popitem(last=False)
                self.bytes -= old.size

    def clear(self) -> None:
        """Forget every stored run."""
        with self._lock:
            self._items.clear()
            self.bytes = 0

    def sweep(self) -> int:
        """Forget runs unused for ``idle_s``; return how many were forgotten."""
        return self.sweep_with(lambda: 0)

    def sweep_with(self, also: Callable[[], int]) -> int:
        """Sweep, then forget what ``also`` forgets; return how much went.

        Memory is handed back if anything went, even when ``also`` fails
        (its error then follows).
        """
        cutoff = self._clock() - self.idle_s
        with self._lock:
            old = [key for key, kept in self._items.items() if kept.used < cutoff]
            for key in old:
                self.bytes -= self._items.pop(key).size
        forgotten = len(old)
        try:
            forgotten += also()
        finally:
            if forgotten:
                give_back_memory()
        return forgotten

    def sweep_every(
        self, seconds: float, also: Callable[[], int] = lambda: 0
    ) -> threading.Thread:
        """Sweep from a daemon thread every ``seconds``, for as long as we run.

        ``also`` forgets something else each round (the server's closed
        pages) and says how much; memory is handed back if either forgot.
        """

        def sweeping() -> None:
            while True:
                time.sleep(seconds)
                # One failed round must not end the sweeping for good.
                try:
                    self.sweep_with(also)
                except Exception:
                    _LOG.exception("sweeping the run store failed; trying again")

        thread = threading.Thread(target=sweeping, name="run-store-sweep", daemon=True)
        thread.start()
        return thread


def give_back_memory() -> None:
    """Collect garbage and ask the C allocator to return free pages, where it can."""
    gc.collect()
    # Not glibc: its allocator returns memory on its own terms.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _unpack(stored: Stored) -> Any:
    if stored.error is not None:
        raise stored.error
    return stored.value


def _stored(value: Any) -> Stored:
    return Stored(value, None, size_of(value))


def size_of(value: Any, _depth: int = 0) -> int:
    """An estimate of the bytes ``value`` holds: frames deeply, containers by parts.

    Objects that say their own size with ``nbytes`` (a bundle of figures)
    are taken at their word; a Plotly figure is :data:`FIGURE_OVERHEAD`
    times its JSON.
    """
    if _depth > 4:
        return sys.getsizeof(value)
    if isinstance(value, pd.DataFrame):
        return int(value.memory_usage(index=True, deep=True).sum())
    if isinstance(value, BaseFigure):
        return FIGURE_OVERHEAD * len(pio.to_json(value, validate=False))
    own = getattr(value, "nbytes", None)
    if isinstance(own, int):
        return own
    if isinstance(value, dict):
        return sys.getsizeof(value) + sum(
            size_of(v, _depth + 1) for v in value.values()
        )
    if isinstance(value, list | tuple):
        return sys.getsizeof(value) + sum(size_of(v, _depth + 1) for v in value)
    if hasattr(value, "__dataclass_fields__"):
        return sys.getsizeof(value) + sum(
            size_of(getattr(value, name), _depth + 1)
            for name in value.__dataclass_fields__
        )
    return sys.getsizeof(value)
