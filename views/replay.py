"""The kitchen at each moment of the scene, rebuilt from the run's event log.

The simulation writes what happened as rows of ``Result.events``; this module
walks those rows once, in time order, and takes a :class:`Snapshot` at each
frame time: what every chef is doing, which tickets wait at each station (and
on each belt), which rows a crashed chef still holds, what the board shows,
and what flashed since the previous frame (conflicts, stale reads,
duplicates, redeliveries). Sampled gauges (DB slots, fridge contents, lags)
come from ``Result.series`` through :func:`gauges`.

The number of frames is capped at :data:`MAX_FRAMES` and every list a frame
carries is capped at :data:`SHOWN`, so a busy evening costs the browser no
more than a quiet one.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

MAX_FRAMES = 120
"""Most frames of one scene."""
SHOWN = 12
"""Most tickets drawn at one station (or on one belt) in one frame."""
BOARD_SHOWN = 8
"""Most orders listed on the dining-room board."""

WORKING = "working"
IDLE = "idle"
DOWN = "down"
BACK = "back"
CHEF_STATES = (WORKING, IDLE, DOWN, BACK)


@dataclass(frozen=True)
class ChefView:
    """One chef at one moment. ``back_s`` is when a down chef returns."""

    name: str
    station: int
    state: str
    order: int = -1
    since_s: float = 0.0
    back_s: float = math.nan


@dataclass(frozen=True)
class StationView:
    """Tickets at one station at one moment, oldest first."""

    waiting: int
    shown: tuple[int, ...]
    locked: tuple[int, ...] = ()
    belt: tuple[tuple[int, bool], ...] = ()
    stale: int = 0
    duplicates: int = 0
    redelivered: int = 0
    dropped: int = 0
    failed: int = 0
    conflicts: int = 0


@dataclass(frozen=True)
class Snapshot:
    """The whole kitchen at ``time_s``; flash counts cover the last frame step."""

    time_s: float
    chefs: tuple[ChefView, ...]
    stations: tuple[StationView, ...]
    arrived: int = 0
    served: int = 0
    failed: int = 0
    dropped: int = 0
    board: tuple[int, ...] = ()
    board_waiting: int = 0
    board_behind_s: float = 0.0
    status_belt: tuple[tuple[int, bool], ...] = ()
    status_lost: int = 0
    conflicts: int = 0
    conflicts_now: int = 0
    stale_reads: int = 0
    duplicates: int = 0
    redeliveries: int = 0
    crashes: int = 0
    updates_now: int = 0
    outage: str = ""


def frame_times(result) -> tuple[float, ...]:
    """The scene's frame times: a whole number of sample steps apart, at most
    :data:`MAX_FRAMES` of them, the last at closing time."""
    horizon = result.scenario.minutes * 60.0
    sample = result.sample_s
    step = sample * math.ceil(horizon / (sample * MAX_FRAMES) - 1e-9)
    count = math.ceil(horizon / step - 1e-9)
    return tuple(min((k + 1) * step, horizon) for k in range(count))


def chef_names(result) -> list[tuple[int, str]]:
    """Every chef as ``(station index, name)``, in the kitchen's naming."""
    chefs = result.scenario.chefs
    return [
        (s, f"{name} {k + 1}")
        for s, name in enumerate(result.stations)
        for k in range(chefs)
    ]


@dataclass
class _Kitchen:
    """The running state of the replay, changed event by event."""

    stations: int
    carrier: str
    chefs: dict[str, list] = field(default_factory=dict)
    waiting: list[dict[int, float]] = field(default_factory=list)
    locked: list[dict[int, float]] = field(default_factory=list)
    belts: list[list[list]] = field(default_factory=list)
    unread: list[dict[int, list[int]]] = field(default_factory=list)
    pending: dict[int, float] = field(default_factory=dict)
    board: list[int] = field(default_factory=list)
    status_log: list[list] = field(default_factory=list)
    status_index: dict[int, int] = field(default_factory=dict)
    totals: Counter = field(default_factory=Counter)
    window: Counter = field(default_factory=Counter)
    recovered: set[str] = field(default_factory=set)
    outage: str = ""

    def forget(self, order: int) -> None:
        """An order left the kitchen: no station holds its ticket any more."""
        for table in self.waiting:
            table.pop(order, None)
        for table in self.locked:
            table.pop(order, None)


def snapshots(result) -> list[Snapshot]:
    """The kitchen at every frame time of :func:`frame_times`."""
    sc = result.scenario
    times = frame_times(result)
    index = {name: s for s, name in enumerate(result.stations)}
    state = _Kitchen(stations=len(result.stations), carrier=sc.tickets)
    state.waiting = [{} for _ in result.stations]
    state.locked = [{} for _ in result.stations]
    state.belts = [[] for _ in result.stations]
    state.unread = [{} for _ in result.stations]
    for s, name in chef_names(result):
        state.chefs[name] = [IDLE, -1, 0.0, math.nan, s]
    returns = _returns(result.events)
    status_stream = sc.status == "stream"

    events = result.events
    columns = zip(
        events["time_s"].to_numpy(),
        events["kind"].to_numpy(),
        events["actor"].to_numpy(),
        events["station"].to_numpy(),
        events["order"].to_numpy(),
        events["detail"].to_numpy(),
        strict=True,
    )
    pending_row = next(columns, None)
    frames: list[Snapshot] = []
    for t in times:
        # Apply every event up to this frame, then take the picture.
        while pending_row is not None and pending_row[0] <= t:
            time_s, kind, actor, station, order, detail = pending_row
            _apply(
                state,
                float(time_s),
                kind,
                actor,
                index.get(station, -1),
                int(order),
                detail,
                returns,
                status_stream,
            )
            pending_row = next(columns, None)
        frames.append(_picture(state, t))
        state.window.clear()
        state.recovered.clear()
    return frames


def _returns(events: pd.DataFrame) -> dict[tuple[str, float], float]:
    """When each crashed chef came back: (chef, crash time) -> recovery time."""
    rows = events[events["kind"].isin(["crash", "recover"])]
    back: dict[tuple[str, float], float] = {}
    open_crash: dict[str, float] = {}
    for time_s, kind, actor in zip(
        rows["time_s"], rows["kind"], rows["actor"], strict=True
    ):
        if kind == "crash":
            open_crash[actor] = float(time_s)
        elif actor in open_crash:
            back[(actor, open_crash.pop(actor))] = float(time_s)
    return back


def _apply(
    k: _Kitchen,
    t: float,
    kind: str,
    actor: str,
    s: int,
    order: int,
    detail: str,
    returns: dict[tuple[str, float], float],
    status_stream: bool,
) -> None:
    """Change the replay's state by one event of the log."""
    chef = k.chefs.get(actor)
    if kind == "queued":
        k.waiting[s][order] = t
        if k.carrier == "stream":
            k.belts[s].append([order, False])
            k.unread[s].setdefault(order, []).append(len(k.belts[s]) - 1)
    elif kind == "start" and chef is not None:
        chef[:4] = [WORKING, order, t, math.nan]
        k.waiting[s].pop(order, None)
        k.locked[s].pop(order, None)
        entries = k.unread[s].get(order) if k.carrier == "stream" else None
        if entries:
            k.belts[s][entries.pop(0)][1] = True
    elif kind in ("done", "served") and chef is not None:
        chef[:4] = [IDLE, -1, t, math.nan]
        if kind == "served":
            k.totals["served"] += 1
            k.pending[order] = t
            if status_stream:
                k.status_index[order] = len(k.status_log)
                k.status_log.append([order, False])
    elif kind == "crash" and chef is not None:
        chef[:4] = [DOWN, order, t, returns.get((actor, t), math.nan)]
        k.totals["crashes"] += 1
        if order >= 0 and k.carrier == "db":
            # The row stays claimed by the absent chef until its lease runs out.
            k.locked[s][order] = t
        elif order >= 0 and k.carrier == "stream":
            # The belt still holds the event; the chef will read it again.
            k.waiting[s][order] = -t
            _unread_again(k, s, order)
    elif kind == "recover" and chef is not None:
        chef[:4] = [IDLE, -1, t, math.nan]
        k.recovered.add(actor)
    elif kind == "redeliver":
        k.locked[s].pop(order, None)
        # Back at the front of the line: it is the oldest ticket there.
        k.waiting[s][order] = -t
        k.totals["redeliveries"] += 1
        k.window[("redelivered", s)] += 1
    elif kind == "duplicate":
        k.totals["duplicates"] += 1
        k.window[("duplicates", s)] += 1
        for other in k.chefs.values():
            if other[4] == s and other[0] == WORKING and other[1] == order:
                other[:4] = [IDLE, -1, t, math.nan]
    elif kind in ("failed", "dropped"):
        k.totals[kind] += 1
        if s >= 0:
            k.window[(kind, s)] += 1
        k.forget(order)
    elif kind == "arrive":
        k.totals["arrived"] += 1
    elif kind == "board":
        k.pending.pop(order, None)
        k.board.append(order)
        if order in k.status_index:
            k.status_log[k.status_index.pop(order)][1] = True
    elif kind == "status_lost":
        k.pending.pop(order, None)
        k.totals["status_lost"] += 1
    elif kind == "conflict":
        k.totals["conflicts"] += 1
        k.window["conflicts"] += 1
        k.window[("conflicts", s)] += 1
    elif kind == "stale":
        k.totals["stale_reads"] += 1
        k.window[("stale", s)] += 1
    elif kind == "update":
        k.window["updates"] += 1
    elif kind == "outage":
        k.outage = "" if detail == "up" else actor


def _unread_again(k: _Kitchen, s: int, order: int) -> None:
    """Mark the newest read belt entry of an order unread: it is read again."""
    belt = k.belts[s]
    for i in range(len(belt) - 1, max(len(belt) - 4 * SHOWN, 0) - 1, -1):
        if belt[i][0] == order and belt[i][1]:
            belt[i][1] = False
            entries = k.unread[s].setdefault(order, [])
            entries.insert(0, i)
            return


def _picture(k: _Kitchen, t: float) -> Snapshot:
    """One frame's snapshot of the running state."""
    chefs = []
    for name, (chef_state, order, since, back, s) in k.chefs.items():
        shown = chef_state
        if chef_state == IDLE and name in k.recovered:
            shown = BACK
        chefs.append(ChefView(name, s, shown, order, since, back))
    stations = []
    for s in range(k.stations):
        waiting = k.waiting[s]
        oldest = heapq.nsmallest(SHOWN, waiting.items(), key=lambda item: item[1])
        locked = tuple(list(k.locked[s])[:SHOWN])
        belt = tuple((o, r) for o, r in k.belts[s][-SHOWN:])
        stations.append(
            StationView(
                waiting=len(waiting),
                shown=tuple(o for o, _ in oldest),
                locked=locked,
                belt=belt,
                stale=k.window[("stale", s)],
                duplicates=k.window[("duplicates", s)],
                redelivered=k.window[("redelivered", s)],
                dropped=k.window[("dropped", s)],
                failed=k.window[("failed", s)],
                conflicts=k.window[("conflicts", s)],
            )
        )
    oldest_pending = next(iter(k.pending.values()), None)
    return Snapshot(
        time_s=t,
        chefs=tuple(chefs),
        stations=tuple(stations),
        arrived=k.totals["arrived"],
        served=k.totals["served"],
        failed=k.totals["failed"],
        dropped=k.totals["dropped"],
        board=tuple(reversed(k.board[-BOARD_SHOWN:])),
        board_waiting=len(k.pending),
        board_behind_s=0.0 if oldest_pending is None else t - oldest_pending,
        status_belt=tuple((o, r) for o, r in k.status_log[-SHOWN:]),
        status_lost=k.totals["status_lost"],
        conflicts=k.totals["conflicts"],
        conflicts_now=k.window["conflicts"],
        stale_reads=k.totals["stale_reads"],
        duplicates=k.totals["duplicates"],
        redeliveries=k.totals["redeliveries"],
        crashes=k.totals["crashes"],
        updates_now=k.window["updates"],
        outage=k.outage,
    )


def gauges(result, times: tuple[float, ...]) -> dict[tuple[str, str], np.ndarray]:
    """Every sampled series read at the frame times (the last sample before).

    Keys are ``(metric, series)``; a time before the first sample reads 0.
    """
    series = result.series
    found: dict[tuple[str, str], np.ndarray] = {}
    if series.empty:
        return found
    wanted = np.asarray(times, dtype=float)
    for (metric, name), rows in series.groupby(["metric", "series"], sort=False):
        sample_times = rows["time_s"].to_numpy()
        values = rows["value"].to_numpy()
        at = np.searchsorted(sample_times, wanted + 1e-9, side="right") - 1
        found[(str(metric), str(name))] = np.where(
            at >= 0, values[np.clip(at, 0, None)], 0.0
        )
    return found
