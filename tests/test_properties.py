"""Properties every run must have, over random scenarios.

Hypothesis draws kitchens of every shape, with heavy crashes and outages,
kept short so that each run costs a fraction of a second.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kitchen import build, simulate
from kitchen.params import RECIPE_STRATEGIES, STATUS_STRATEGIES, TICKET_STRATEGIES

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

scenarios = st.fixed_dictionaries(
    {
        "tickets": st.sampled_from(TICKET_STRATEGIES),
        "recipes": st.sampled_from(RECIPE_STRATEGIES),
        "status": st.sampled_from(STATUS_STRATEGIES),
        "load": st.floats(2.0, 40.0),
        "minutes": st.floats(2.0, 8.0),
        "profile": st.sampled_from(["steady", "rush", "ramp"]),
        "rush_minutes": st.floats(1.0, 2.0),
        "rush_peak": st.floats(1.0, 4.0),
        "stations": st.integers(1, 4),
        "chefs": st.integers(1, 4),
        "service": st.sampled_from(["exponential", "deterministic", "lognormal"]),
        "work_s": st.floats(1.0, 12.0),
        "crash_rate": st.sampled_from([0.0, 6.0, 30.0, 60.0]),
        "recovery_s": st.floats(1.0, 120.0),
        "outage": st.sampled_from(["none", "db", "broker"]),
        "outage_start_s": st.floats(0.0, 300.0),
        "outage_s": st.floats(0.0, 200.0),
        "queue_capacity": st.integers(1, 30),
        "overflow": st.sampled_from(["block", "drop"]),
        "partitions": st.integers(1, 4),
        "poll_ms": st.floats(50.0, 2000.0),
        "batch": st.integers(1, 20),
        "readers": st.integers(1, 3),
        "ttl_s": st.floats(0.5, 120.0),
        "invalidation": st.sampled_from(["ttl", "event"]),
        "coalescing": st.booleans(),
        "recipe_updates": st.floats(0.0, 30.0),
        "menu_size": st.integers(1, 30),
        "db_slots": st.integers(1, 4),
        "db_op_ms": st.floats(1.0, 400.0),
        "db_timeout_s": st.floats(0.5, 20.0),
        "lease_s": st.floats(1.0, 60.0),
        "seed": st.integers(0, 2**31 - 1),
    }
)


def _run(values: dict):
    return simulate(build(values))


@SETTINGS
@given(scenarios)
def test_nothing_is_ever_lost(values):
    assert _run(values).summary["lost"] == 0


@SETTINGS
@given(scenarios)
def test_every_order_ends_in_exactly_one_state(values):
    summary = _run(values).summary
    states = ("served", "failed", "dropped", "in_kitchen")
    assert sum(summary[s] for s in states) == summary["arrived"]


@SETTINGS
@given(scenarios)
def test_orders_leave_no_earlier_than_their_work_allows(values):
    orders = _run(values).orders
    done = orders[orders["status"] == "served"]
    assert (done["latency_s"] >= done["work_s"] - 1e-9).all()


@settings(max_examples=15, deadline=None)
@given(scenarios)
def test_the_same_scenario_gives_identical_frames(values):
    first, second = _run(values), _run(values)
    pd.testing.assert_frame_equal(first.orders, second.orders)
    pd.testing.assert_frame_equal(first.events, second.events)
    pd.testing.assert_frame_equal(first.series, second.series)


def _guests(result) -> pd.DataFrame:
    return result.orders[["order", "arrival_s", "dish", "work_s"]]


@settings(max_examples=15, deadline=None)
@given(
    scenarios, st.sampled_from(TICKET_STRATEGIES), st.sampled_from(RECIPE_STRATEGIES)
)
def test_two_strategy_mixes_on_one_seed_serve_the_same_guests(values, tickets, recipes):
    other = {**values, "tickets": tickets, "recipes": recipes}
    pd.testing.assert_frame_equal(_guests(_run(values)), _guests(_run(other)))


@settings(max_examples=15, deadline=None)
@given(scenarios, st.sampled_from([0.0, 3.0, 45.0]))
def test_crashes_do_not_redraw_the_guests(values, crash_rate):
    other = {**values, "crash_rate": crash_rate}
    pd.testing.assert_frame_equal(_guests(_run(values)), _guests(_run(other)))


def _fingerprint(values: dict) -> str:
    result = simulate(build(values))
    digest = hashlib.sha256()
    for frame in (result.orders, result.events, result.series):
        digest.update(frame.to_csv(index=False).encode())
    return digest.hexdigest()


def test_the_same_scenario_gives_identical_frames_in_another_process():
    values = {"tickets": "stream", "crash_rate": 30.0, "minutes": 12.0, "seed": 7}
    script = (
        "from tests.test_properties import _fingerprint;"
        f"print(_fingerprint({values!r}))"
    )
    other = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert other.stdout.strip() == _fingerprint(values)
