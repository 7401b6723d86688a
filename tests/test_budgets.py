"""Budgets stop a runaway run, early enough, with a message saying what to lower.

Time here is a fake clock the test moves, so nothing depends on the machine.
"""

from __future__ import annotations

import pytest

from kitchen import engine
from kitchen.engine import BudgetExceeded, Kitchen
from kitchen.result import simulate
from kitchen.scenario import build

SHORT = build(minutes=10.0, rush_minutes=1.0)


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(engine.time, "perf_counter", fake)
    return fake


def test_the_event_budget_stops_a_run_and_says_what_to_lower():
    with pytest.raises(BudgetExceeded) as stopped:
        simulate(SHORT, event_budget=100)
    assert stopped.value.budget == "events"
    assert "more than 100 kitchen events" in str(stopped.value)
    assert "Lower load, minutes, chefs or stations" in str(stopped.value)


def test_a_run_within_its_wall_budget_finishes(clock):
    assert simulate(SHORT, wall_budget_s=1.0).summary["lost"] == 0


def test_drawing_the_arrivals_counts_against_the_wall_budget(clock, monkeypatch):
    drawn = engine.arrival_times

    def slow_draw(scenario):
        clock.now += 100.0  # a very long evening takes a while to draw
        return drawn(scenario)

    monkeypatch.setattr(engine, "arrival_times", slow_draw)
    kitchen = Kitchen(SHORT, wall_budget_s=50.0)
    with pytest.raises(BudgetExceeded) as stopped:
        kitchen.run()
    assert stopped.value.budget == "wall"
    # Stopped at the first check, one simulated second in.
    assert "stopped at 0:01 of 10:00" in str(stopped.value)


def test_the_longest_evening_is_checked_every_quarter_minute_at_least():
    longest = Kitchen(build(minutes=480.0, rush_minutes=1.0, load=0.5))
    assert longest.horizon / engine.WATCHDOG_CHECKS <= 15.0
