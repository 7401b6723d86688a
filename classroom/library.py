"""The scenario library: named evenings, each showing one idea.

Every entry is a link, the parameters it changes from the defaults, plus a
few *variants*: the same evening with one thing changed, to set the idea
against. Its note for students, ``assets/scenarios/<name>.md``, says what to
notice; each bullet of the note's "What to notice" section opens with a
phrase in bold that names a :class:`Claim` here, which measures the runs and
says whether the bullet holds. The tests run every entry and check every
claim, so a note never says what its run does not show.

From the page::

    for entry in library.entries():
        st.subheader(entry.title)
    runs = library.run("stampede")             # {"main": Result, ...}
    st.markdown(library.note("stampede").text)
    for check in library.check("stampede", runs):
        st.write(("✓ " if check.holds else "✗ ") + check.key, check.figures)
    st.query_params.from_dict(library.query("stampede"))

A student who changes the seed can run :func:`run` with it and see which
claims still hold for their evening.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from classroom import links, measures, notes
from kitchen.result import Result, simulate
from kitchen.scenario import build

MAIN = "main"
"""The key of the entry's own run among its runs."""
FOLDER = "scenarios"
SECTION = "What to notice"

Runs = Mapping[str, Result]
Figures = dict[str, float]


@dataclass(frozen=True)
class Claim:
    """One thing a note says the runs show, and the figures it rests on."""

    key: str
    uses: tuple[str, ...]
    holds: Callable[[Figures], bool]


@dataclass(frozen=True)
class Check:
    """A claim put to the runs: the bullet's text, its figures, the verdict."""

    key: str
    text: str
    figures: Figures
    holds: bool


@dataclass(frozen=True)
class Entry:
    """One named scenario of the library.

    ``measure`` reads every figure the claims need off the runs: the entry's
    own under :data:`MAIN`, and each variant under its label.
    """

    name: str
    changes: Mapping[str, object]
    variants: Mapping[str, Mapping[str, object]]
    measure: Callable[[Runs], Figures]
    claims: tuple[Claim, ...]

    @property
    def title(self) -> str:
        """The note's title."""
        return notes.read(FOLDER, self.name).title


def _claim(key: str, uses: str, holds: Callable[[Figures], bool]) -> Claim:
    return Claim(key, tuple(uses.split()), holds)


def _summary(runs: Runs, keys: str, run: str = MAIN, prefix: str = "") -> Figures:
    summary = runs[run].summary
    return {prefix + k: summary[k] for k in keys.split()}


def _first_last(times) -> tuple[float, float]:
    if len(times) == 0:
        return (math.nan, math.nan)
    return (float(times.min()), float(times.max()))


ALL_DB = {"tickets": "db", "recipes": "db", "status": "db"}
MULTI_TOOL = {"tickets": "queue", "recipes": "cache", "status": "stream"}
NO_DB = {"tickets": "queue", "recipes": "stream", "status": "stream"}


def _buffet_crush(runs: Runs) -> Figures:
    main = runs[MAIN]
    start, _ = measures.rush_window(main.scenario) or (0.0, 0.0)
    before, during = measures.rush_latencies(main)
    return {
        **_summary(runs, "db_utilization conflicts"),
        "db_waiting_before_rush": measures.mean_between(main, "db_waiting", 0, start),
        "latency_before_rush_s": before,
        "latency_in_rush_s": during,
        "multi_tool_latency_in_rush_s": measures.rush_latencies(runs["multi-tool"])[1],
    }


BUFFET_CRUSH = Entry(
    "buffet-crush",
    {
        **ALL_DB,
        "profile": "rush",
        "rush_peak": 3.5,
        "rush_minutes": 6.0,
        "minutes": 20.0,
        "chefs": 3,
        "work_s": 3.0,
    },
    {"multi-tool": MULTI_TOOL},
    _buffet_crush,
    (
        _claim(
            "The buffet is busy all evening",
            "db_utilization db_waiting_before_rush",
            lambda f: f["db_utilization"] > 0.9 and f["db_waiting_before_rush"] > 1,
        ),
        _claim(
            "Chefs collide over the same ticket",
            "conflicts",
            lambda f: f["conflicts"] > 0,
        ),
        _claim(
            "The rush hits hard",
            "latency_before_rush_s latency_in_rush_s",
            lambda f: f["latency_in_rush_s"] > 3 * f["latency_before_rush_s"],
        ),
        _claim(
            "The multi-tool kitchen keeps up",
            "latency_in_rush_s multi_tool_latency_in_rush_s",
            lambda f: f["multi_tool_latency_in_rush_s"] < f["latency_in_rush_s"] / 2,
        ),
    ),
)

KEPT = "chef_crashes redeliveries lost failed dropped"


def _kept(f: Figures, prefix: str = "") -> bool:
    gone = f[prefix + "lost"] + f[prefix + "failed"] + f[prefix + "dropped"]
    return (
        f[prefix + "chef_crashes"] > 0 and f[prefix + "redeliveries"] > 0 and not gone
    )


def _chef_walks_out(runs: Runs) -> Figures:
    buffet = runs["buffet tickets"]
    return {
        **_summary(runs, KEPT),
        **_summary(runs, KEPT, "buffet tickets", "buffet_"),
        "rail_redelivered_latency_s": measures.redelivered_latency(runs[MAIN]),
        "buffet_redelivered_latency_s": measures.redelivered_latency(buffet),
        "buffet_redelivered_min_latency_s": _first_last(
            measures.redelivered(buffet)["latency_s"]
        )[0],
        "lease_s": buffet.scenario.lease_s,
    }


CHEF_WALKS_OUT = Entry(
    "chef-walks-out",
    {"crash_rate": 12.0, "minutes": 20.0},
    {"buffet tickets": {"tickets": "db"}},
    _chef_walks_out,
    (
        _claim("The rail keeps every ticket", KEPT, _kept),
        _claim(
            "The buffet keeps them too",
            " ".join("buffet_" + k for k in KEPT.split()),
            lambda f: _kept(f, "buffet_"),
        ),
        _claim(
            "But the buffet makes that order wait out the lease",
            "buffet_redelivered_min_latency_s lease_s",
            lambda f: f["buffet_redelivered_min_latency_s"] >= f["lease_s"],
        ),
        _claim(
            "The rail gets it to the table sooner",
            "rail_redelivered_latency_s buffet_redelivered_latency_s",
            lambda f: (
                f["rail_redelivered_latency_s"] < f["buffet_redelivered_latency_s"]
            ),
        ),
    ),
)


def _overflowing_rail(runs: Runs) -> Figures:
    main = runs[MAIN]
    return {
        **_summary(runs, "dropped max_backlog latency_p95_s in_kitchen"),
        **_summary(runs, "dropped latency_p95_s in_kitchen", "back-pressure", "block_"),
        "dropped_share": measures.share(main, "dropped"),
        "dropped_after_first_station": measures.dropped_downstream(main),
        "queue_capacity": main.scenario.queue_capacity,
    }


OVERFLOWING_RAIL = Entry(
    "overflowing-rail",
    {"queue_capacity": 5, "overflow": "drop", "load": 30.0, "minutes": 20.0},
    {"back-pressure": {"overflow": "block"}},
    _overflowing_rail,
    (
        _claim(
            "Guests are turned away",
            "dropped dropped_share",
            lambda f: f["dropped_share"] > 0.2,
        ),
        _claim(
            "Some are turned away half-cooked",
            "dropped_after_first_station",
            lambda f: f["dropped_after_first_station"] > 0,
        ),
        _claim(
            "The rail never holds more than its capacity",
            "max_backlog queue_capacity",
            lambda f: f["max_backlog"] <= f["queue_capacity"],
        ),
        _claim(
            "Those who get in are served quickly",
            "latency_p95_s block_latency_p95_s",
            lambda f: f["latency_p95_s"] < f["block_latency_p95_s"] / 3,
        ),
        _claim(
            "Back-pressure turns nobody away but keeps them waiting",
            "block_dropped in_kitchen block_in_kitchen",
            lambda f: (
                f["block_dropped"] == 0 and f["block_in_kitchen"] > 5 * f["in_kitchen"]
            ),
        ),
    ),
)


def _live_scores(runs: Runs) -> Figures:
    none = runs["no board"]
    main = runs[MAIN]
    sc = main.scenario
    return {
        "readers": sc.readers,
        "belt_messages_per_order": measures.messages_per_order(main, none),
        "rail_messages_per_order": measures.messages_per_order(runs["rail"], none),
        "belt_board_lag_p95_s": main.summary["board_lag_p95_s"],
        "rail_board_lag_p95_s": runs["rail"].summary["board_lag_p95_s"],
        "poll_s": sc.poll_ms / 1000.0,
        "board_s": sc.board_ms / 1000.0,
        "belt_db_operations": main.summary["db_operations"],
        "buffet_db_operations": runs["buffet"].summary["db_operations"],
    }


LIVE_SCORES = Entry(
    "live-scores",
    {"readers": 6, "minutes": 20.0},
    {
        "rail": {"status": "queue"},
        "buffet": {"status": "db"},
        "no board": {"status": "none"},
    },
    _live_scores,
    (
        _claim(
            "One event serves every reader",
            "readers belt_messages_per_order",
            lambda f: math.isclose(f["belt_messages_per_order"], 1.0),
        ),
        _claim(
            "The rail sends a copy to each reader",
            "readers rail_messages_per_order",
            lambda f: math.isclose(f["rail_messages_per_order"], f["readers"]),
        ),
        _claim(
            "The board is at most a poll behind",
            "belt_board_lag_p95_s poll_s board_s",
            lambda f: f["belt_board_lag_p95_s"] <= f["poll_s"] + f["board_s"],
        ),
        _claim(
            "The rail pushes, so its board is closer",
            "rail_board_lag_p95_s belt_board_lag_p95_s",
            lambda f: f["rail_board_lag_p95_s"] < f["belt_board_lag_p95_s"],
        ),
        _claim(
            "Readers polling the buffet crowd it",
            "belt_db_operations buffet_db_operations",
            lambda f: f["buffet_db_operations"] > 10 * f["belt_db_operations"],
        ),
    ),
)


def _stale_fridge(runs: Runs) -> Figures:
    return {
        **_summary(runs, "cache_hit_ratio stale_reads db_operations"),
        **_summary(runs, "stale_reads", "invalidation events", "event_"),
        **_summary(runs, "stale_reads db_operations", "no fridge", "no_fridge_"),
        "stale_share": measures.stale_share(runs[MAIN]),
    }


STALE_FRIDGE = Entry(
    "stale-fridge",
    {"ttl_s": 600.0, "recipe_updates": 10.0, "minutes": 20.0},
    {"invalidation events": {"invalidation": "event"}, "no fridge": {"recipes": "db"}},
    _stale_fridge,
    (
        _claim(
            "The fridge looks healthy",
            "cache_hit_ratio",
            lambda f: f["cache_hit_ratio"] > 0.8,
        ),
        _claim(
            "Yet many dishes are cooked from an old recipe",
            "stale_reads stale_share",
            lambda f: f["stale_share"] > 0.3,
        ),
        _claim(
            "Invalidation events fix most of it",
            "stale_reads event_stale_reads",
            lambda f: f["event_stale_reads"] < f["stale_reads"] / 20,
        ),
        _claim(
            "Reading the buffet every time is never stale, but costs the database",
            "no_fridge_stale_reads db_operations no_fridge_db_operations",
            lambda f: (
                f["no_fridge_stale_reads"] == 0
                and f["no_fridge_db_operations"] > f["db_operations"]
            ),
        ),
    ),
)

STAMPEDE_KEYS = "stampede_reads db_utilization failed db_operations latency_mean_s"


def _stampede(runs: Runs) -> Figures:
    return {
        **_summary(runs, STAMPEDE_KEYS),
        **_summary(runs, STAMPEDE_KEYS, "coalescing", "coalescing_"),
    }


STAMPEDE = Entry(
    "stampede",
    {
        "menu_size": 1,
        "load": 60.0,
        "chefs": 8,
        "ttl_s": 2.0,
        "minutes": 10.0,
        "db_op_ms": 1000.0,
        "db_slots": 1,
    },
    {"coalescing": {"coalescing": True}},
    _stampede,
    (
        _claim(
            "The hot recipe expires and the chefs stampede",
            "stampede_reads db_operations",
            lambda f: f["stampede_reads"] > f["db_operations"] / 2,
        ),
        _claim(
            "The buffet is swamped and orders fail",
            "db_utilization failed",
            lambda f: f["db_utilization"] > 0.95 and f["failed"] > 0,
        ),
        _claim(
            "Coalescing stops the stampede",
            "coalescing_stampede_reads db_operations coalescing_db_operations",
            lambda f: (
                f["coalescing_stampede_reads"] == 0
                and f["coalescing_db_operations"] < f["db_operations"]
            ),
        ),
        _claim(
            "And the evening is saved",
            "coalescing_failed latency_mean_s coalescing_latency_mean_s",
            lambda f: (
                f["coalescing_failed"] == 0
                and f["coalescing_latency_mean_s"] < f["latency_mean_s"]
            ),
        ),
    ),
)


def _db_outage(runs: Runs) -> Figures:
    main = runs[MAIN]
    start, end = measures.outage_window(main.scenario) or (math.nan, math.nan)
    first, last = _first_last(measures.failed_times(main))
    return {
        **_summary(runs, "failed"),
        **_summary(runs, "failed", "multi-tool", "multi_tool_"),
        **_summary(runs, "failed db_operations", "no database", "no_db_"),
        "outage_start_s": start,
        "outage_end_s": end,
        "db_timeout_s": main.scenario.db_timeout_s,
        "first_failure_s": first,
        "last_failure_s": last,
        "served_after_outage": measures.served_after(main, end),
    }


DB_OUTAGE = Entry(
    "db-outage",
    {**ALL_DB, "outage": "db", "minutes": 20.0},
    {"multi-tool": MULTI_TOOL, "no database": NO_DB},
    _db_outage,
    (
        _claim(
            "Orders fail while the buffet is down",
            "failed outage_start_s outage_end_s db_timeout_s first_failure_s "
            "last_failure_s",
            lambda f: (
                f["failed"] > 0
                and f["first_failure_s"] >= f["outage_start_s"]
                and f["last_failure_s"] <= f["outage_end_s"] + f["db_timeout_s"]
            ),
        ),
        _claim(
            "The kitchen recovers by itself",
            "served_after_outage",
            lambda f: f["served_after_outage"] > 0,
        ),
        _claim(
            "A fridge is no shelter for long",
            "multi_tool_failed",
            lambda f: f["multi_tool_failed"] > 0,
        ),
        _claim(
            "A kitchen that keeps nothing on the buffet does not notice",
            "no_db_failed no_db_db_operations",
            lambda f: f["no_db_failed"] == 0 and f["no_db_db_operations"] == 0,
        ),
    ),
)

MULTI_KEYS = "conflicts db_operations latency_p95_s stale_reads"


def _multi_tool(runs: Runs) -> Figures:
    return {
        **_summary(runs, f"{MULTI_KEYS} {KEPT}"),
        **_summary(runs, MULTI_KEYS, "all on the buffet", "all_db_"),
    }


MULTI_TOOL_KITCHEN = Entry(
    "multi-tool",
    {"minutes": 20.0, "readers": 3, "crash_rate": 6.0},
    {"all on the buffet": ALL_DB},
    _multi_tool,
    (
        _claim(
            "No collisions on the rail",
            "conflicts all_db_conflicts",
            lambda f: f["conflicts"] == 0 and f["all_db_conflicts"] >= 24,
        ),
        _claim(
            "The buffet is left in peace",
            "db_operations all_db_db_operations",
            lambda f: f["db_operations"] < f["all_db_db_operations"] / 10,
        ),
        _claim(
            "Guests are served sooner",
            "latency_p95_s all_db_latency_p95_s",
            lambda f: f["latency_p95_s"] < f["all_db_latency_p95_s"],
        ),
        _claim("Walkouts lose nothing", KEPT, _kept),
        _claim(
            "The price is a few stale recipes",
            "stale_reads all_db_stale_reads",
            lambda f: f["stale_reads"] > 0 and f["all_db_stale_reads"] == 0,
        ),
    ),
)

ENTRIES: dict[str, Entry] = {
    e.name: e
    for e in (
        BUFFET_CRUSH,
        CHEF_WALKS_OUT,
        OVERFLOWING_RAIL,
        LIVE_SCORES,
        STALE_FRIDGE,
        STAMPEDE,
        DB_OUTAGE,
        MULTI_TOOL_KITCHEN,
    )
}


def entries() -> tuple[Entry, ...]:
    """Every entry, in teaching order."""
    return tuple(ENTRIES.values())


def entry(name: str) -> Entry:
    """One entry by name; ValueError naming the entries for an unknown one."""
    try:
        return ENTRIES[name]
    except (KeyError, TypeError):
        known = ", ".join(ENTRIES)
        raise ValueError(
            f"no scenario named {name!r}; the library has {known}"
        ) from None


def scenario(name: str, seed: int | None = None) -> Any:
    """The entry's scenario, checked, with another seed if given."""
    changes = dict(entry(name).changes)
    if seed is not None:
        changes["seed"] = seed
    return build(changes)


def variant(name: str, label: str, seed: int | None = None) -> Any:
    """The scenario of one of the entry's variants."""
    found = entry(name)
    if label not in found.variants:
        known = ", ".join(found.variants) or "none"
        raise ValueError(f"{name} has no variant {label!r}; its variants: {known}")
    return scenario(name, seed).with_values(**found.variants[label])


def note(name: str) -> notes.Note:
    """The entry's note for students."""
    return notes.read(FOLDER, entry(name).name)


def query(name: str, view: str | None = None) -> dict[str, str]:
    """The link query of the entry's scenario."""
    return links.encode(scenario(name), view)


def url(name: str, base: str, view: str | None = None) -> str:
    """A shareable link to the entry's scenario."""
    return links.share_url(base, scenario(name), view)


def run(name: str, seed: int | None = None) -> dict[str, Result]:
    """Run the entry and each variant: ``{"main": ..., label: ...}``."""
    runs = {MAIN: simulate(scenario(name, seed))}
    for label in entry(name).variants:
        runs[label] = simulate(variant(name, label, seed))
    return runs


def check(name: str, runs: Runs) -> tuple[Check, ...]:
    """Every claim of the entry's note, measured on ``runs``."""
    found = entry(name)
    texts = note(name).bullets(SECTION)
    figures = found.measure(runs)
    checks = []
    for claim in found.claims:
        used = {k: figures[k] for k in claim.uses}
        checks.append(
            Check(claim.key, texts.get(claim.key, ""), used, bool(claim.holds(used)))
        )
    return tuple(checks)
