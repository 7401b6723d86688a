"""A bounded, shared store of finished runs, so that going back is instant.

Every student's page asks the same server for runs. :class:`RunStore`
keeps the most recent ones, bounded both by count and by an estimate of
their bytes, so a flood of distinct scenarios cannot exhaust memory: the
least recently used run goes first. Two sessions asking for the same
scenario at once share one computation (the second waits for the first),
and at most ``workers`` computations run at a time, so a few runaway
scenarios cannot starve everyone else of the processor.

A computation that fails (a run over its budget) is stored too, as its
error, so asking again does not pay for the same failure twice, unless
``keep_error`` says the failure may not happen again (a run that was only
slow because the machine was busy).

Nothing here knows Streamlit; the page holds one store for the whole server.
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class Stored:
    """One finished computation: its value or the error it raised."""

    value: Any
    error: BaseException | None
    size: int


class RunStore:
    """Least-recently-used results, at most ``entries`` and about ``budget`` bytes."""

    def __init__(
        self,
        entries: int,
        budget_bytes: int,
        workers: int = 2,
        keep_error: Callable[[Exception], bool] = lambda error: True,
    ) -> None:
        if entries < 1 or budget_bytes < 1 or workers < 1:
            raise ValueError(
                f"entries={entries}, budget_bytes={budget_bytes} and "
                f"workers={workers} must all be at least 1"
            )
        self.entries = entries
        self.budget_bytes = budget_bytes
        self._items: OrderedDict[Hashable, Stored] = OrderedDict()
        self._pending: dict[Hashable, threading.Event] = {}
        self._lock = threading.Lock()
        self._workers = threading.BoundedSemaphore(workers)
        self._keep_error = keep_error
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
                if found is not None:
                    self._items.move_to_end(key)
                    self.hits += 1
                    return _unpack(found)
                waiting = self._pending.get(key)
                if waiting is None:
                    # This caller computes; any others wait for it.
                    done = self._pending[key] = threading.Event()
                    self.misses += 1
                    break
            waiting.wait()
        try:
            with self._workers:
                try:
                    stored = _stored(compute())
                except Exception as error:
                    stored = Stored(None, error, 1024)
            if stored.error is None or self._keep_error(stored.error):
                self._keep(key, stored)
        finally:
            with self._lock:
                del self._pending[key]
            done.set()
        return _unpack(stored)

    def _keep(self, key: Hashable, stored: Stored) -> None:
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


def _unpack(stored: Stored) -> Any:
    if stored.error is not None:
        raise stored.error
    return stored.value


def _stored(value: Any) -> Stored:
    return Stored(value, None, size_of(value))


def size_of(value: Any, _depth: int = 0) -> int:
    """An estimate of the bytes ``value`` holds: frames deeply, containers by parts.

    Objects that say their own size with ``nbytes`` (a bundle of figures)
    are taken at their word.
    """
    if _depth > 4:
        return sys.getsizeof(value)
    if isinstance(value, pd.DataFrame):
        return int(value.memory_usage(index=True, deep=True).sum())
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
