"""The shared store of runs: bounded by entries and bytes, one computation per key."""

from __future__ import annotations

import contextlib
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from kitchen.engine import BudgetExceeded
from page import runs
from page import store as store_module
from page.store import FIGURE_OVERHEAD, RunStore, size_of


@dataclass(frozen=True)
class Sized:
    """A value that says its own size, as a bundle of figures does."""

    name: str
    nbytes: int


def test_a_stored_value_is_computed_once() -> None:
    store = RunStore(entries=4, budget_bytes=10_000)
    calls = []

    def compute() -> Sized:
        calls.append(1)
        return Sized("a", 100)

    assert store.get("a", compute) == Sized("a", 100)
    assert store.get("a", compute) == Sized("a", 100)
    assert len(calls) == 1
    assert (store.hits, store.misses) == (1, 1)


def test_the_least_recently_used_entry_goes_first() -> None:
    store = RunStore(entries=2, budget_bytes=10_000)
    store.get("a", lambda: Sized("a", 10))
    store.get("b", lambda: Sized("b", 10))
    store.get("a", lambda: Sized("a", 10))  # a is now the most recent
    store.get("c", lambda: Sized("c", 10))
    assert "a" in store and "c" in store and "b" not in store
    assert len(store) == 2
    assert store.bytes == 20


def test_bytes_bound_the_store_as_well_as_entries() -> None:
    store = RunStore(entries=10, budget_bytes=250)
    for name in "abc":
        store.get(name, lambda name=name: Sized(name, 100))
    assert "a" not in store
    assert "b" in store and "c" in store
    assert store.bytes == 200


def test_a_value_larger_than_the_store_is_served_but_never_kept() -> None:
    store = RunStore(entries=10, budget_bytes=250)
    store.get("small", lambda: Sized("small", 100))
    assert store.get("huge", lambda: Sized("huge", 1000)) == Sized("huge", 1000)
    assert "huge" not in store
    assert "small" in store
    assert store.bytes == 100


def test_a_failure_is_kept_and_raised_again_without_computing() -> None:
    store = RunStore(entries=4, budget_bytes=10_000)
    calls = []

    def compute() -> Sized:
        calls.append(1)
        raise BudgetExceeded("too many events", "events")

    for _ in range(2):
        with pytest.raises(BudgetExceeded, match="too many events"):
            store.get("slow", compute)
    assert len(calls) == 1


def test_a_run_that_was_only_too_slow_is_tried_again_after_a_while() -> None:
    clock = Clock()
    store = RunStore(
        entries=4, budget_bytes=10_000, error_ttl_s=runs.error_ttl_s, clock=clock
    )
    calls = []

    def compute() -> Sized:
        calls.append(1)
        raise BudgetExceeded("too slow", "wall")

    for now in (0.0, runs.RETRY_SLOW_S - 1, runs.RETRY_SLOW_S):
        clock.now = now
        with pytest.raises(BudgetExceeded, match="too slow"):
            store.get("slow", compute)
    assert len(calls) == 2


def test_error_lifetimes_tell_the_two_budgets_apart() -> None:
    assert runs.error_ttl_s(BudgetExceeded("x", "events")) == math.inf
    assert runs.error_ttl_s(BudgetExceeded("x", "wall")) == runs.RETRY_SLOW_S
    assert runs.error_ttl_s(ValueError("x")) == math.inf


def held(outcome: Callable[[], Sized]):
    """A computation that starts, then waits to be released before ``outcome``.

    Returns it with its started and release events and the list of its calls.
    """
    started, release, calls = threading.Event(), threading.Event(), []

    def compute() -> Sized:
        calls.append(1)
        started.set()
        release.wait(timeout=10)
        return outcome()

    return compute, started, release, calls


def test_callers_waiting_for_a_failure_share_it_even_if_it_is_not_kept() -> None:
    store = RunStore(entries=4, budget_bytes=10_000, error_ttl_s=lambda error: 0.0)

    def too_slow() -> Sized:
        raise BudgetExceeded("too slow", "wall")

    compute, started, release, calls = held(too_slow)

    raised = []

    def ask() -> None:
        try:
            store.get("slow", compute)
        except BudgetExceeded as error:
            raised.append(str(error))

    threads = [threading.Thread(target=ask) for _ in range(5)]
    threads[0].start()
    assert started.wait(timeout=10)
    for thread in threads[1:]:
        thread.start()
    while store.waiting("slow") < 4:  # the others queue behind the first
        time.sleep(0.01)
    release.set()
    for thread in threads:
        thread.join(timeout=10)
    assert raised == ["too slow"] * 5
    assert len(calls) == 1


def test_callers_asking_at_once_share_one_computation() -> None:
    store = RunStore(entries=4, budget_bytes=10_000)
    compute, started, release, calls = held(lambda: Sized("a", 10))

    answers = []
    threads = [
        threading.Thread(target=lambda: answers.append(store.get("a", compute)))
        for _ in range(5)
    ]
    threads[0].start()
    assert started.wait(timeout=10)
    for thread in threads[1:]:
        thread.start()
    release.set()
    for thread in threads:
        thread.join(timeout=10)
    assert answers == [Sized("a", 10)] * 5
    assert len(calls) == 1


def test_no_more_computations_run_at_once_than_workers() -> None:
    store = RunStore(entries=10, budget_bytes=10_000, workers=2)
    lock = threading.Lock()
    running = [0]
    most = [0]
    gate = threading.Barrier(2, timeout=10)

    def compute(name: str) -> Sized:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        with contextlib.suppress(threading.BrokenBarrierError):
            gate.wait()  # two at once must be possible
        with lock:
            running[0] -= 1
        return Sized(name, 1)

    threads = [
        threading.Thread(target=store.get, args=(str(i), lambda i=i: compute(str(i))))
        for i in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert most[0] == 2
    assert len(store) == 6


def test_clear_forgets_everything() -> None:
    store = RunStore(entries=4, budget_bytes=10_000)
    store.get("a", lambda: Sized("a", 10))
    store.clear()
    assert len(store) == 0
    assert store.bytes == 0


def test_bounds_must_be_positive() -> None:
    with pytest.raises(ValueError, match="entries=0"):
        RunStore(entries=0, budget_bytes=10)


def test_size_of_counts_frames_deeply_and_trusts_nbytes() -> None:
    frame = pd.DataFrame({"dish": ["soup"] * 100})
    assert size_of(frame) == int(frame.memory_usage(index=True, deep=True).sum())
    assert size_of(Sized("a", 12345)) == 12345
    assert size_of({"a": frame}) > size_of(frame)


def test_budget_exceeded_names_its_budget() -> None:
    error = BudgetExceeded("stopped", "events")
    assert error.budget == "events"
    assert str(error) == "stopped"
    # SimPy copies a failure from its args as it leaves a process.
    copied = type(error)(*error.args)
    assert (str(copied), copied.budget) == ("stopped", "events")


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_sweep_forgets_only_what_nobody_asked_for_lately() -> None:
    clock = Clock()
    store = RunStore(entries=10, budget_bytes=10_000, idle_s=60.0, clock=clock)
    store.get("old", lambda: Sized("old", 10))
    store.get("asked again", lambda: Sized("asked again", 20))
    clock.now = 50.0
    store.get("asked again", lambda: Sized("asked again", 20))
    store.get("new", lambda: Sized("new", 30))
    clock.now = 61.0
    assert store.sweep() == 1
    assert "old" not in store
    assert "asked again" in store and "new" in store
    assert store.bytes == 50
    clock.now = 200.0
    assert store.sweep() == 2
    assert len(store) == 0 and store.bytes == 0


def test_without_an_idle_limit_nothing_is_swept() -> None:
    clock = Clock()
    store = RunStore(entries=10, budget_bytes=10_000, clock=clock)
    store.get("a", lambda: Sized("a", 10))
    clock.now = 1e12
    assert store.sweep() == 0
    assert "a" in store


def test_the_idle_limit_must_be_positive() -> None:
    with pytest.raises(ValueError, match="idle_s=0"):
        RunStore(entries=1, budget_bytes=10, idle_s=0)


def test_a_figure_is_sized_by_its_json() -> None:
    figure = go.Figure(go.Scatter(x=list(range(1000)), y=list(range(1000))))
    json_bytes = len(pio.to_json(figure, validate=False))
    assert size_of(figure) == FIGURE_OVERHEAD * json_bytes
    assert size_of(figure) > 10_000


def test_the_page_bundle_counts_its_figures() -> None:
    from kitchen.scenario import build

    shown = runs.bundle(build(minutes=3.0, rush_minutes=1.0))
    figures = size_of(shown.scene) + sum(size_of(f) for f in shown.charts.values())
    assert shown.nbytes > figures > 0


def test_memory_goes_back_once_whichever_sweep_forgot(monkeypatch) -> None:
    given_back: list[int] = []
    monkeypatch.setattr(store_module, "give_back_memory", lambda: given_back.append(1))
    clock = Clock()
    store = RunStore(entries=10, budget_bytes=10_000, idle_s=60.0, clock=clock)
    store.get("old", lambda: Sized("old", 10))
    assert store.sweep_with(lambda: 0) == 0 and given_back == []
    assert store.sweep_with(lambda: 3) == 3 and given_back == [1]
    clock.now = 61.0
    assert store.sweep_with(lambda: 2) == 3 and given_back == [1, 1]
    assert store.sweep_with(lambda: 0) == 0 and given_back == [1, 1]


def test_a_failed_sweep_does_not_stop_the_sweeping() -> None:
    rounds: list[int] = []
    swept = threading.Event()

    def also() -> int:
        rounds.append(1)
        if len(rounds) == 1:
            raise RuntimeError("the first round fails")
        swept.set()
        return 0

    RunStore(entries=1, budget_bytes=100).sweep_every(0.001, also=also)
    assert swept.wait(timeout=30)


def test_the_store_is_swept_even_when_the_other_forgetting_fails() -> None:
    clock = Clock()
    store = RunStore(entries=10, budget_bytes=10_000, idle_s=60.0, clock=clock)
    store.get("old", lambda: Sized("old", 10))
    clock.now = 61.0

    def failing() -> int:
        raise RuntimeError("the server stores its pages differently")

    with pytest.raises(RuntimeError):
        store.sweep_with(failing)
    assert len(store) == 0
