"""The run in words: headline figures, what happened, and the strategies used.

The page shows three kinds of text about a run, and this module writes all
of them from the run's frames, never from canned sentences:

* :func:`headline` - the figures across the top of the page, each with its
  change since the previous run and whether a rise is good news or bad;
* :func:`story` - "What happened in this run": a few sentences, each one
  written only when its condition holds in this run, every number read off
  the orders, the event log, the sampled series or the summary;
* :func:`strategy_notes` - the perks and pitfalls of the strategies the
  scenario's mix uses, from the Markdown notes in ``assets/strategies``.

Sentences carry only numbers and fixed words (station, chef and reader names
come from the engine, never from a user), so they are safe to render as
Markdown.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from classroom import figures, measures, notes
from kitchen.records import DROPPED, FAILED
from kitchen.result import Result
from views.palette import clock, duration
from views.palette import count as _count

# -- the strategies a mix uses ---------------------------------------------

STRATEGY_NAMES = ("shared-db", "queue", "stream", "cache")
"""Every strategy note, in the order the page lists them."""

_TICKETS = {"db": ("shared-db",), "queue": ("queue",), "stream": ("stream",)}
# A fridge sits in front of the database: every miss reads the buffet.
_RECIPES = {
    "db": ("shared-db",),
    "cache": ("cache", "shared-db"),
    "stream": ("stream",),
    "none": (),
}
_STATUS = {"db": ("shared-db",), "queue": ("queue",), "stream": ("stream",), "none": ()}


def strategies_used(scenario: Any) -> tuple[str, ...]:
    """The strategies the scenario's mix relies on, in the fixed order."""
    used = {
        *_TICKETS[scenario.tickets],
        *_RECIPES[scenario.recipes],
        *_STATUS[scenario.status],
    }
    return tuple(name for name in STRATEGY_NAMES if name in used)


def strategy_notes(scenario: Any) -> list[tuple[str, str, str]]:
    """(name, title, Markdown body) of each strategy the mix uses."""
    found: list[tuple[str, str, str]] = []
    for name in strategies_used(scenario):
        note = notes.read("strategies", name)
        # The body is everything after the title line, which the page shows
        # as the expander's label instead.
        body = note.text.strip().split("\n", 1)[1].strip()
        found.append((name, note.title, body))
    return found


def _uses_database(scenario: Any) -> bool:
    return "shared-db" in strategies_used(scenario)


def _uses_broker(scenario: Any) -> bool:
    return bool({"queue", "stream"} & set(strategies_used(scenario)))


# -- headline figures ----------------------------------------------------------

HEADLINE_KEYS = (
    "served",
    "latency_p95_s",
    "failed",
    "dropped",
    "duplicates",
    "stale_reads",
)

_DELTA_COLOURS = {figures.HIGHER: "normal", figures.LOWER: "inverse", "": "off"}
"""st.metric's delta colours: green for a rise when higher is better."""

HELP = {
    "served": "Orders that reached the pass before closing.",
    "latency_p95_s": (
        "95 of every 100 served orders took at most this long from the door "
        "to the pass."
    ),
    "failed": ("Orders given up on, because the database or a recipe read timed out."),
    "dropped": "Orders turned away because a full rail had no room for the ticket.",
    "duplicates": (
        "Tickets handed on a second time after a crashed chef's work was "
        "redone; downstream must cope with seeing them twice."
    ),
    "stale_reads": (
        "Recipe reads that returned an older version than the manager's latest."
    ),
}
"""The tooltip of each headline figure; other figures get their label."""


@dataclass(frozen=True)
class Headline:
    """One figure across the top of the page, ready for ``st.metric``."""

    key: str
    label: str
    value: str
    delta: str | None
    delta_color: str
    help: str


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def change(key: str, now: float, before: float | None) -> str | None:
    """The change of one figure as signed text: ``+12``, ``-3.4 s``, ``+5 pts``.

    None when there is nothing to compare (no earlier run, or a figure that
    is missing in either run); ``"0"`` when the shown change rounds to zero.
    """
    if _missing(now) or _missing(before):
        return None
    spec = figures.figure(key)
    if spec.percent:
        # Percentages change in points: 40% to 45% is +5 pts, not +12.5%.
        points = round((now - before) * 100)  # type: ignore[operator]
        return "0" if points == 0 else f"{points:+d} pts"
    step = round(now - before, spec.decimals)  # type: ignore[operator]
    if step == 0:
        return "0"
    text = f"{step:+,.{spec.decimals}f}"
    return f"{text} {spec.unit}" if spec.unit else text


def headline(
    result: Result,
    previous: Result | None = None,
    keys: Sequence[str] = HEADLINE_KEYS,
) -> list[Headline]:
    """The headline figures of a run, with their change since ``previous``."""
    shown: list[Headline] = []
    for key in keys:
        spec = figures.figure(key)
        value = result.summary.get(key, math.nan)
        before = previous.summary.get(key, math.nan) if previous else None
        shown.append(
            Headline(
                key=key,
                label=spec.label,
                value=figures.show(key, value),
                delta=change(key, value, before),
                delta_color=_DELTA_COLOURS.get(spec.better, "off"),
                help=HELP.get(key, spec.label[:1].upper() + spec.label[1:] + "."),
            )
        )
    return shown


# -- what happened in this run ---------------------------------------------

MOST_LISTED = 3
"""Most walkouts named one by one; the rest are counted."""
SATURATION_S = 10.0
"""How long the database must stay saturated before the story calls it so."""

_FAILURES = {
    "database timed out": "the database timed out",
    "recipe read timed out": "a recipe read timed out",
}
"""Failure reasons recorded by the engine, as the end of a 'because' clause."""


def _join(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _percent(share: float) -> str:
    return f"{share:.0%}"


def accounting(result: Result) -> str:
    """Where every order ended up; loud if any was lost track of."""
    s = result.summary
    sentence = (
        f"Over {_count(result.scenario.minutes, 'minute', 'minutes', '{:g}')} "
        f"{_count(s['arrived'], 'order', 'orders')} arrived: "
        f"{s['served']:,.0f} served, {s['failed']:,.0f} failed, "
        f"{s['dropped']:,.0f} dropped and {s['in_kitchen']:,.0f} still in the "
        "kitchen at closing"
    )
    if s["lost"]:
        return (
            f"{sentence}. **{_count(s['lost'], 'order was', 'orders were')} "
            "lost: in no final state and held by no part of the kitchen. "
            "That should never happen; it is a bug in the simulation.**"
        )
    return f"{sentence}; none was lost."


def walkouts(result: Result) -> str | None:
    """Which chef was away when, the first few by name."""
    events = result.events
    moves = events[events["kind"].isin(["crash", "recover"])]
    crashes = moves[moves["kind"] == "crash"]
    if crashes.empty:
        return None
    told: list[str] = []
    for row in crashes.head(MOST_LISTED).itertuples():
        back = moves[
            (moves["kind"] == "recover")
            & (moves["actor"] == row.actor)
            & (moves["time_s"] >= row.time_s)
        ]
        if back.empty:
            told.append(f"{row.actor} at {clock(row.time_s)}, away until closing")
        else:
            away = float(back["time_s"].iloc[0]) - row.time_s
            told.append(f"{row.actor} at {clock(row.time_s)} for {duration(away)}")
    more = len(crashes) - len(told)
    if more:
        told.append(f"{_count(more, 'more walkout', 'more walkouts')}")
    times = _count(len(crashes), "time", "times")
    return f"Chefs walked out {times}: {_join(told)}."


def backlog(result: Result) -> str | None:
    """The longest line of tickets waiting for a chef: how long, where, when."""
    rows = result.series[result.series["metric"] == "backlog"]
    if rows.empty or rows["value"].max() <= 0:
        return None
    peak = rows.loc[rows["value"].idxmax()]
    return (
        f"At most {_count(peak['value'], 'ticket', 'tickets')} waited for a "
        f"chef at once, at the {peak['series']} station at {clock(peak['time_s'])}."
    )


def back_pressure(result: Result) -> str | None:
    """Rails that filled up and held back the station (or door) before them."""
    blocked = result.metric("blocked")
    if blocked.empty or blocked.to_numpy().max() <= 0:
        return None
    told: list[str] = []
    for index, station in enumerate(result.stations):
        if station not in blocked or blocked[station].max() <= 0:
            continue
        column = blocked[station]
        first = float(column[column > 0].index[0])
        behind = "the door" if index == 0 else f"{result.stations[index - 1]}"
        told.append(
            f"at {station} from {clock(first)}, holding back {behind} (up to "
            f"{_count(column.max(), 'ticket', 'tickets')} waiting for room)"
        )
    return f"A full rail pushed back {_join(told)}."


def overflow(result: Result) -> str | None:
    """Orders dropped because a full rail had no room, by reason."""
    orders = result.orders
    dropped = orders.loc[orders["status"] == DROPPED, "reason"]
    if dropped.empty:
        return None
    reasons = dropped.value_counts()
    told = [f"{count:,} {reason}" for reason, count in reasons.items()]
    return (
        f"The rail overflowed: {_count(len(dropped), 'order was', 'orders were')} "
        f"dropped ({_join(told)})."
    )


def redeliveries(result: Result) -> str | None:
    """Tickets given to another chef, or to the same one again."""
    count = result.summary["redeliveries"]
    if not count:
        return None
    why = {
        "db": "a crashed chef's claim ran out",
        "queue": "a chef walked out before acknowledging it",
        "stream": "a chef walked out before committing its offset",
    }[result.scenario.tickets]
    return f"{_count(count, 'ticket was', 'tickets were')} redelivered because {why}."


def duplicates(result: Result) -> str | None:
    """Tickets handed on twice after replayed work."""
    count = result.summary["duplicates"]
    if not count:
        return None
    orders = result.orders
    touched = int((orders["duplicates"] > 0).sum())
    return (
        f"{_count(count, 'ticket was', 'tickets were')} finished a second time "
        f"at the same station (duplicates, in {_count(touched, 'order', 'orders')}):"
        " work redone after a walkout was passed on again."
    )


def saturation(result: Result) -> str | None:
    """When the database first stayed full with a queue, and how busy it was."""
    s = result.summary
    if not s["db_operations"]:
        return None
    slots = result.scenario.db_slots
    every = "its only slot" if slots == 1 else f"all {slots:,} slots"
    busy_share = _percent(s["db_utilization"])
    full = saturated(result)
    stretch = first_saturation(result)
    if stretch is None:
        return (
            f"The database was busy {busy_share} of the time and never stayed "
            f"saturated ({every} busy with a queue) for {duration(SATURATION_S)} "
            "or more."
        )
    start, end = stretch
    waiting = result.metric("db_waiting")["db"]
    queued = waiting[(waiting.index >= start) & (waiting.index <= end)].max()
    step = result.sample_s
    return (
        f"The database saturated at {clock(start)}: {every} busy with up to "
        f"{_count(queued, 'operation', 'operations')} waiting, for about "
        f"{duration(end - start + step)} at a stretch and "
        f"{duration(full.sum() * step)} in all. Over the whole run it was busy "
        f"{busy_share} of the time."
    )


def saturated(result: Result) -> pd.Series:
    """At each sample, whether every database slot was busy with a queue."""
    busy = result.metric("db_busy")
    if busy.empty:
        return pd.Series(dtype=bool)
    waiting = result.metric("db_waiting")
    return (busy["db"] >= result.scenario.db_slots) & (waiting["db"] > 0)


def first_saturation(result: Result) -> tuple[float, float] | None:
    """First and last sample time of the first sustained saturated stretch.

    A stretch counts once its samples cover SATURATION_S and it holds at two
    samples or more: one crowded instant is a queue, not a saturated database.
    """
    full = saturated(result)
    need = max(2, math.ceil(SATURATION_S / result.sample_s))
    # Number each stretch of equal values, then measure the saturated ones.
    stretch = (full != full.shift()).cumsum()
    for _, run in full.groupby(stretch):
        if run.iloc[0] and len(run) >= need:
            return float(run.index[0]), float(run.index[-1])
    return None


def conflicts(result: Result) -> str | None:
    """Claims lost to another chef who wrote first."""
    count = result.summary["conflicts"]
    if not count:
        return None
    return (
        f"{_count(count, 'claim', 'claims')} on the buffet hit a write "
        "conflict: two chefs went for the same row, and the one who wrote "
        "second had to poll again."
    )


def outage(result: Result) -> str | None:
    """When the database or the broker was down, and what it cost."""
    events = result.events
    marks = events[events["kind"] == "outage"]
    sc = result.scenario
    if marks.empty:
        if sc.outage != "none" and sc.outage_s > 0:
            thing = "database" if sc.outage == "db" else "broker"
            return (
                f"The {thing} outage was set for {clock(sc.outage_start_s)}, "
                f"after closing at {clock(sc.minutes * 60.0)}: it never happened."
            )
        return None
    which = marks["actor"].iloc[0]
    down = float(marks.loc[marks["detail"] == "down", "time_s"].iloc[0])
    ups = marks.loc[marks["detail"] == "up", "time_s"]
    up = float(ups.iloc[0]) if len(ups) else math.inf
    span = (
        f"from {clock(down)} to {clock(up)} ({duration(up - down)})"
        if math.isfinite(up)
        else f"from {clock(down)} until closing"
    )
    sc = result.scenario
    if which == "db":
        if not _uses_database(sc):
            return f"The database was down {span}, but this kitchen does not use it."
        failed = measures.failed_times(result)
        during = int(((failed >= down) & (failed <= up)).sum())
        return (
            f"The database was down {span}; "
            f"{_count(during, 'order', 'orders')} failed while it was down."
        )
    if not _uses_broker(sc):
        return f"The broker was down {span}, but this kitchen does not use it."
    return (
        f"The broker was down {span}: nothing went on or off a rail or a belt "
        "until it came back, so tickets waited where they were."
    )


def timeouts(result: Result) -> str | None:
    """Database operations that gave up after waiting too long."""
    count = result.summary["db_timeouts"]
    if not count:
        return None
    return (
        f"{_count(count, 'database operation', 'database operations')} gave up "
        f"after waiting {duration(result.scenario.db_timeout_s)} for the "
        "database."
    )


def failures(result: Result) -> str | None:
    """Orders that failed, by reason."""
    orders = result.orders
    failed = orders.loc[orders["status"] == FAILED, "reason"]
    if failed.empty:
        return None
    told = [
        f"{count:,} because {_FAILURES.get(reason, reason)}"
        for reason, count in failed.value_counts().items()
    ]
    return f"{_count(len(failed), 'order', 'orders')} failed: {_join(told)}."


def lost_updates(result: Result) -> str | None:
    """Served orders whose status never reached the board."""
    count = int((result.events["kind"] == "status_lost").sum())
    if not count:
        return None
    return (
        f"{_count(count, 'served order', 'served orders')} never reached the "
        "board: the status write timed out."
    )


def staleness(result: Result) -> str | None:
    """How many of the recipes cooked from were out of date."""
    if result.scenario.recipes not in ("cache", "stream"):
        return None
    read = measures.cooked(result)
    if not read:
        return None
    stale = result.summary["stale_reads"]
    if not stale:
        return (
            f"All {_count(read, 'recipe read', 'recipe reads')} that cooking "
            "began from were current: no chef cooked from an old recipe."
        )
    return (
        f"{stale:,.0f} of the {_count(read, 'recipe read', 'recipe reads')} that "
        f"cooking began from ({_percent(measures.stale_share(result))}) were "
        "stale: an older version than the manager's latest."
    )


def fridge(result: Result) -> str | None:
    """How often the fridges had the recipe, and stampedes when they did not."""
    ratio = result.summary["cache_hit_ratio"]
    if result.scenario.recipes != "cache" or math.isnan(ratio):
        return None
    sentence = (
        f"The fridges answered {_percent(ratio)} of recipe look-ups; the rest "
        "went to the database"
    )
    stampede = result.summary["stampede_reads"]
    if stampede:
        return (
            f"{sentence}, and {_count(stampede, 'read was', 'reads were')} part "
            "of a stampede: chefs missing the same recipe at once each went to "
            "the database on their own."
        )
    return f"{sentence}."


def board_lag(result: Result) -> str | None:
    """How late served orders reached the board."""
    sc = result.scenario
    lag = result.summary["board_lag_p95_s"]
    if sc.status == "none" or math.isnan(lag):
        return None
    sentence = (
        f"95% of the orders on the board appeared within {duration(lag)} of "
        "being served"
    )
    if sc.status == "queue":
        return f"{sentence}, pushed to the board as each was served."
    poll = sc.poll_ms / 1000.0
    if lag <= poll:
        return f"{sentence}, within one poll interval ({duration(poll)})."
    return (
        f"{sentence}: {lag / poll:.1f} times the poll interval of "
        f"{duration(poll)}, so the board fell behind."
    )


def rush(result: Result) -> str | None:
    """When the dinner rush ran, and latency in it against before it."""
    window = measures.rush_window(result.scenario)
    if window is None:
        return None
    start, end = window
    before, during = measures.rush_latencies(result)
    sentence = f"The dinner rush ran from {clock(start)} to {clock(end)}"
    if math.isnan(during):
        return f"{sentence}; no order that arrived in it was served."
    if math.isnan(before):
        return (
            f"{sentence}; orders that arrived in it took {duration(during)} on "
            "average, and none that came before it was served."
        )
    return (
        f"{sentence}; orders that arrived in it took {duration(during)} on "
        f"average, against {duration(before)} before it."
    )


TELLERS = (
    accounting,
    walkouts,
    backlog,
    back_pressure,
    overflow,
    redeliveries,
    duplicates,
    saturation,
    conflicts,
    outage,
    timeouts,
    failures,
    lost_updates,
    staleness,
    fridge,
    board_lag,
    rush,
)
"""Each writes one sentence about a run, or None when it does not apply."""


def story(result: Result) -> list[str]:
    """What happened in this run, as plain sentences; accounting first."""
    told = (teller(result) for teller in TELLERS)
    return [sentence for sentence in told if sentence]
