"""The headline figures of a run, as a student reads them.

:data:`FIGURES` gives each key of :data:`kitchen.summary.SUMMARY_KEYS` a
label, a unit, the direction in which it is better (if it has one) and how
many decimals to show. The comparison table, the handout and the lessons'
explanations all take their words and formats from here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kitchen.summary import SUMMARY_KEYS

HIGHER = "higher"
LOWER = "lower"


@dataclass(frozen=True)
class Figure:
    """How one headline figure is named and shown."""

    key: str
    label: str
    unit: str = ""
    """Shown after the value: ``"s"`` for seconds; empty for counts."""
    better: str = ""
    """``"higher"``, ``"lower"``, or ``""`` for a figure that is neither."""
    decimals: int = 0
    percent: bool = False


def _f(key: str, label: str, unit: str = "", better: str = "", **kw: object) -> Figure:
    return Figure(key, label, unit, better, **kw)  # type: ignore[arg-type]


FIGURES: dict[str, Figure] = {
    f.key: f
    for f in (
        _f("arrived", "orders arrived"),
        _f("served", "orders served", "", HIGHER),
        _f("failed", "orders failed", "", LOWER),
        _f("dropped", "orders dropped", "", LOWER),
        _f("in_kitchen", "orders still cooking at close", "", LOWER),
        _f("lost", "orders lost track of", "", LOWER),
        _f("latency_p50_s", "median latency", "s", LOWER, decimals=1),
        _f("latency_p95_s", "95th percentile latency", "s", LOWER, decimals=1),
        _f("latency_p99_s", "99th percentile latency", "s", LOWER, decimals=1),
        _f("latency_mean_s", "mean latency", "s", LOWER, decimals=1),
        _f("wait_mean_s", "mean wait for a chef", "s", LOWER, decimals=1),
        _f("throughput_per_min", "orders served per minute", "", HIGHER, decimals=1),
        _f("conflicts", "write conflicts", "", LOWER),
        _f("redeliveries", "tickets redelivered"),
        _f("duplicates", "duplicate tickets", "", LOWER),
        _f("stale_reads", "stale recipe reads", "", LOWER),
        _f("cache_hit_ratio", "fridge hit ratio", "", HIGHER, percent=True),
        _f("stampede_reads", "stampede reads", "", LOWER),
        _f("board_lag_p95_s", "95th percentile board lag", "s", LOWER, decimals=2),
        _f("db_utilization", "database busy", "", LOWER, percent=True),
        _f("db_operations", "database operations", "", LOWER),
        _f("db_timeouts", "database timeouts", "", LOWER),
        _f("max_backlog", "longest backlog", "tickets", LOWER),
        _f("chef_crashes", "chef walkouts"),
        _f("chef_availability", "chefs at work", "", HIGHER, percent=True),
        _f("broker_messages", "broker messages", "", LOWER),
        _f("recipe_updates", "recipe updates"),
    )
}


def figure(key: str) -> Figure:
    """The description of one headline figure; a plain one for a new key."""
    return FIGURES.get(key) or Figure(key, key.replace("_", " "))


def show(key: str, value: float) -> str:
    """A figure's value as text, with its unit: ``12.3 s``, ``48%``, ``-``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    spec = figure(key)
    if spec.percent:
        return f"{value:.0%}"
    text = f"{value:,.{spec.decimals}f}"
    return f"{text} {spec.unit}" if spec.unit else text


def headline() -> tuple[str, ...]:
    """The headline figures in the summary's order."""
    return SUMMARY_KEYS
