"""The kitchen's notebook: orders, the event log and the sampled series.

Nothing in the simulation prints. Every actor writes what it did into a
:class:`Recorder`, column by column so that a long evening stays cheap, and
:meth:`Recorder.frames` turns the notebook into tidy pandas frames at the end.
"""

from __future__ import annotations

import math
from array import array

import pandas as pd

SERVED = "served"
FAILED = "failed"
DROPPED = "dropped"
IN_KITCHEN = "in_kitchen"
STATUSES = (SERVED, FAILED, DROPPED, IN_KITCHEN)

EVENT_COLUMNS = ("time_s", "kind", "actor", "station", "order", "detail")
ORDER_COLUMNS = (
    "order",
    "dish",
    "arrival_s",
    "finish_s",
    "latency_s",
    "status",
    "reason",
    "work_s",
    "wait_s",
    "redeliveries",
    "duplicates",
    "stale_reads",
    "board_s",
    "board_lag_s",
)
SERIES_COLUMNS = ("time_s", "metric", "series", "value")


class Order:
    """One guest's order, from the door to the board.

    ``work`` holds the chef time the order needs at each station, drawn once
    when it arrives, so every strategy cooks exactly the same work.
    """

    __slots__ = (
        "arrival",
        "board",
        "dish",
        "done",
        "duplicates",
        "finish",
        "id",
        "reason",
        "redeliveries",
        "stale_reads",
        "status",
        "wait",
        "work",
    )

    def __init__(
        self, ident: int, arrival: float, dish: int, work: list[float]
    ) -> None:
        self.id = ident
        self.arrival = arrival
        self.dish = dish
        self.work = work
        self.status = IN_KITCHEN
        self.reason = ""
        self.finish = math.nan
        self.board = math.nan
        self.wait = 0.0
        self.redeliveries = 0
        self.duplicates = 0
        self.stale_reads = 0
        # Stations whose ticket for this order has been handed on already.
        self.done = 0

    @property
    def open(self) -> bool:
        """True while the order is still somewhere in the kitchen."""
        return self.status == IN_KITCHEN


class Recorder:
    """Columns of everything that happened, and counters of what went wrong."""

    def __init__(self) -> None:
        self.times = array("d")
        self.kinds: list[str] = []
        self.actors: list[str] = []
        self.stations: list[str] = []
        self.order_ids = array("q")
        self.details: list[str] = []
        self.sample_times = array("d")
        self.metrics: list[str] = []
        self.series: list[str] = []
        self.values = array("d")
        self.orders: list[Order] = []
        self.counts: dict[str, float] = {}
        self.waits = 0
        self.wait_total = 0.0
        self.board_lags = array("d")
        # Work that does not leave a log row but still costs time (polls).
        self.effort = 0

    def log(
        self,
        time: float,
        kind: str,
        actor: str,
        station: str = "",
        order: int = -1,
        detail: str = "",
    ) -> None:
        """Write one row of the event log."""
        self.times.append(time)
        self.kinds.append(kind)
        self.actors.append(actor)
        self.stations.append(station)
        self.order_ids.append(order)
        self.details.append(detail)

    def count(self, name: str, amount: float = 1) -> None:
        """Add to one of the run's counters."""
        self.counts[name] = self.counts.get(name, 0) + amount

    def sample(self, time: float, metric: str, series: str, value: float) -> None:
        """Write one point of a sampled time series."""
        self.sample_times.append(time)
        self.metrics.append(metric)
        self.series.append(series)
        self.values.append(value)

    def waited(self, seconds: float) -> None:
        """Note how long one ticket waited before a chef started on it."""
        self.waits += 1
        self.wait_total += seconds

    def size(self, *more: int) -> int:
        """How much the run has done so far, for its event budget."""
        return len(self.times) + len(self.sample_times) + self.effort + sum(more)

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """The orders, the event log and the series, as tidy frames."""
        orders = pd.DataFrame(
            {
                "order": [o.id for o in self.orders],
                "dish": [o.dish for o in self.orders],
                "arrival_s": [o.arrival for o in self.orders],
                "finish_s": [o.finish for o in self.orders],
                "status": pd.Categorical(
                    [o.status for o in self.orders], categories=STATUSES
                ),
                "reason": [o.reason for o in self.orders],
                "work_s": [sum(o.work) for o in self.orders],
                "wait_s": [o.wait for o in self.orders],
                "redeliveries": [o.redeliveries for o in self.orders],
                "duplicates": [o.duplicates for o in self.orders],
                "stale_reads": [o.stale_reads for o in self.orders],
                "board_s": [o.board for o in self.orders],
            }
        )
        orders = orders.astype(
            {
                "order": "int64",
                "dish": "int64",
                "arrival_s": "float64",
                "finish_s": "float64",
                "reason": "object",
                "work_s": "float64",
                "wait_s": "float64",
                "redeliveries": "int64",
                "duplicates": "int64",
                "stale_reads": "int64",
                "board_s": "float64",
            }
        )
        orders["latency_s"] = orders["finish_s"] - orders["arrival_s"]
        orders["board_lag_s"] = orders["board_s"] - orders["finish_s"]
        orders = orders[list(ORDER_COLUMNS)]
        events = pd.DataFrame(
            {
                "time_s": pd.Series(self.times, dtype="float64"),
                "kind": pd.Series(self.kinds, dtype="object"),
                "actor": pd.Series(self.actors, dtype="object"),
                "station": pd.Series(self.stations, dtype="object"),
                "order": pd.Series(self.order_ids, dtype="int64"),
                "detail": pd.Series(self.details, dtype="object"),
            }
        )
        series = pd.DataFrame(
            {
                "time_s": pd.Series(self.sample_times, dtype="float64"),
                "metric": pd.Series(self.metrics, dtype="object"),
                "series": pd.Series(self.series, dtype="object"),
                "value": pd.Series(self.values, dtype="float64"),
            }
        )
        return orders, events, series
