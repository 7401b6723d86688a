"""Running one scenario, and what comes back.

A :class:`Result` holds the scenario it came from and three tidy frames:

``orders``
    one row per order: ``order``, ``dish``, ``arrival_s``, ``finish_s``,
    ``latency_s``, ``status`` (served, failed, dropped, in_kitchen),
    ``work_s`` (chef time the order needs over all stations),
    ``reason``, ``wait_s``, ``redeliveries``, ``duplicates``,
    ``stale_reads``, ``board_s`` and ``board_lag_s``;
``events``
    the event log: ``time_s``, ``kind``, ``actor``, ``station``, ``order``,
    ``detail``; enough to replay every ticket, chef, crash and outage;
``series``
    long-format samples at a fixed step: ``time_s``, ``metric``, ``series``,
    ``value`` (backlog and chefs up per station, DB busy slots and waiters,
    cache hits and misses, stream lag per reader group, order counts...).

``summary`` holds the headline figures of :mod:`kitchen.summary`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from kitchen import params
from kitchen.engine import Kitchen, sample_step
from kitchen.summary import summarize


@dataclass(frozen=True)
class Result:
    """Everything one run of the kitchen produced."""

    scenario: Any
    orders: pd.DataFrame
    events: pd.DataFrame
    series: pd.DataFrame
    summary: dict[str, float]
    stations: tuple[str, ...]
    readers: tuple[str, ...]
    sample_s: float

    def metric(self, name: str) -> pd.DataFrame:
        """One sampled metric, wide: a column per series, indexed by time."""
        rows = self.series[self.series["metric"] == name]
        return rows.pivot(index="time_s", columns="series", values="value")


def simulate(
    scenario,
    *,
    event_budget: int = params.EVENT_BUDGET,
    wall_budget_s: float = params.WALL_BUDGET_S,
    arrivals: list[float] | None = None,
) -> Result:
    """Run one evening of the kitchen; raise BudgetExceeded on a runaway.

    ``arrivals`` replaces the drawn arrival times with given ones (seconds),
    for worked examples whose every number can be followed by hand.
    """
    kitchen = Kitchen(
        scenario,
        event_budget=event_budget,
        wall_budget_s=wall_budget_s,
        arrivals=arrivals,
    )
    kitchen.run()
    orders, events, series = kitchen.recorder.frames()
    return Result(
        scenario=scenario,
        orders=orders,
        events=events,
        series=series,
        summary=summarize(kitchen, orders, series),
        stations=tuple(kitchen.station_names),
        readers=tuple(kitchen.reader_names),
        sample_s=sample_step(kitchen.horizon),
    )
