"""Figures read off one run beyond the headline ones.

The scenario notes and the lessons ask questions the summary does not answer
directly: how long orders that arrived during the rush took, how late an
order reached the table after its chef walked out, how many recipe reads
were stale. Each function here answers one, from the run's frames alone.
A figure that has nothing to be computed from is NaN.
"""

from __future__ import annotations

import math

from kitchen.arrivals import rate_segments
from kitchen.records import DROPPED, FAILED, SERVED
from kitchen.result import Result


def served(result: Result):
    """The served orders of a run."""
    orders = result.orders
    return orders[orders["status"] == SERVED]


def rush_window(scenario) -> tuple[float, float] | None:
    """Start and end of the dinner rush in seconds, or None without a rush."""
    if scenario.profile != "rush":
        return None
    middle = scenario.minutes * 30.0
    for t0, t1, _, _ in rate_segments(scenario):
        if t0 <= middle < t1:
            return (t0, t1)
    return None


def mean_latency(result: Result, start: float, end: float) -> float:
    """Mean latency of the served orders that arrived in ``[start, end)``."""
    done = served(result)
    arrived = done["arrival_s"]
    picked = done.loc[(arrived >= start) & (arrived < end), "latency_s"]
    return float(picked.mean()) if len(picked) else math.nan


def rush_latencies(result: Result) -> tuple[float, float]:
    """Mean latency of orders arriving before the rush, and during it."""
    window = rush_window(result.scenario)
    if window is None:
        return (math.nan, math.nan)
    start, end = window
    return (mean_latency(result, 0.0, start), mean_latency(result, start, end))


def mean_between(result: Result, metric: str, start: float, end: float) -> float:
    """Mean of one sampled metric (summed over its series) in ``[start, end)``."""
    wide = result.metric(metric)
    if wide.empty:
        return math.nan
    total = wide.sum(axis=1)
    picked = total[(total.index >= start) & (total.index < end)]
    return float(picked.mean()) if len(picked) else math.nan


def redelivered(result: Result):
    """Served orders whose ticket was redelivered after a chef walked out."""
    done = served(result)
    return done[done["redeliveries"] > 0]


def redelivered_latency(result: Result) -> float:
    """Mean latency of the served orders that had a ticket redelivered."""
    picked = redelivered(result)["latency_s"]
    return float(picked.mean()) if len(picked) else math.nan


def cooked(result: Result) -> int:
    """Tickets a chef started on; each came after a recipe read that worked."""
    return int((result.events["kind"] == "start").sum())


def stale_share(result: Result) -> float:
    """The share of the recipe reads that cooking began from which were stale."""
    started = cooked(result)
    return result.summary["stale_reads"] / started if started else math.nan


def share(result: Result, key: str) -> float:
    """A count of the summary as a share of the orders that arrived."""
    arrived = result.summary["arrived"]
    return result.summary[key] / arrived if arrived else math.nan


def dropped_downstream(result: Result) -> int:
    """Orders dropped at a station after the first: cooking already begun."""
    events = result.events
    dropped = events[events["kind"] == DROPPED]
    return int((dropped["station"] != result.stations[0]).sum())


def messages_per_order(result: Result, without: Result) -> float:
    """Broker messages per served order beyond those of a run ``without`` them."""
    extra = result.summary["broker_messages"] - without.summary["broker_messages"]
    count = result.summary["served"]
    return extra / count if count else math.nan


def outage_window(scenario) -> tuple[float, float] | None:
    """Start and end of the scheduled outage in seconds, or None without one."""
    if scenario.outage == "none" or scenario.outage_s <= 0:
        return None
    return (scenario.outage_start_s, scenario.outage_start_s + scenario.outage_s)


def failed_times(result: Result):
    """When each failed order failed, in seconds."""
    orders = result.orders
    return orders.loc[orders["status"] == FAILED, "finish_s"]


def served_after(result: Result, time_s: float) -> int:
    """Served orders that arrived at or after ``time_s``."""
    return int((served(result)["arrival_s"] >= time_s).sum())
