"""What the page shows for one scenario, computed once and shared.

A :class:`Shown` bundles a run with everything drawn from it: the kitchen
scene, the charts, the story of the evening and the figures theory can
check. Building the scene costs more than the run itself, so the bundle is
what the server's :class:`~page.store.RunStore` keeps, keyed by the
scenario (a frozen, hashable value): every student who opens the same link
gets the same bundle without a second computation.

This module joins the simulation to the pure view functions; it does not
import streamlit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from classroom import compare
from kitchen.engine import BudgetExceeded
from kitchen.result import Result, simulate
from page.store import RunStore, size_of
from views import charts, scene, theory, words
from views.drawn import Drawn

STORE_ENTRIES = 48
"""Most bundles kept by one server."""
STORE_BYTES = 512 * 2**20
"""About the most memory the kept bundles may take."""
WALL_BUDGET_S = 8.0
"""Most seconds one run of the page may compute; the command line allows more."""
EVENT_BUDGET = 1_500_000
"""Most kitchen events one run of the page may record."""
RETRY_SLOW_S = 60.0
"""A run stopped for taking too long is tried again after this long."""
STORE_IDLE_S = 180.0
"""A run nobody asked for in this long is forgotten."""
DRAWING_AT_ONCE = 3
"""Most pages one server draws at once; others wait for a turn."""
SWEEP_S = 30.0
"""How often the store looks for forgotten runs."""


@dataclass(frozen=True)
class Shown:
    """One run and everything the kitchen view draws from it."""

    result: Result
    scene: Drawn
    charts: dict[str, go.Figure]
    story: list[str]
    beside: list[theory.Pair]
    nbytes: int


def error_ttl_s(error: Exception) -> float:
    """How long a failed run is remembered: a run that was only too slow may
    pass on a quieter server, so it is tried again after a minute."""
    if isinstance(error, BudgetExceeded) and error.budget == "wall":
        return RETRY_SLOW_S
    return math.inf


def bundle(scenario: Any) -> Shown:
    """Run ``scenario`` and draw everything the kitchen view shows."""
    result = simulate(scenario, wall_budget_s=WALL_BUDGET_S, event_budget=EVENT_BUDGET)
    floor = scene.scene(result)
    drawn = charts.all_charts(result)
    size = size_of(result.orders) + size_of(result.events) + size_of(result.series)
    size += size_of(floor) + sum(size_of(f) for f in drawn.values())
    return Shown(
        result=result,
        scene=floor,
        charts=drawn,
        story=words.story(result),
        beside=theory.beside(result),
        nbytes=size,
    )


def shown(store: RunStore, scenario: Any) -> Shown:
    """The bundle of ``scenario``, from the store if another page made it."""
    return store.get(("kitchen", scenario), lambda: bundle(scenario))


@dataclass(frozen=True)
class Compared:
    """Two kitchens serving the same guests, and their comparison."""

    pair: compare.Pair
    latency: go.Figure
    difference: go.Figure
    nbytes: int


def compared(
    store: RunStore, scenario: Any, right: dict[str, str], labels: tuple[str, str]
) -> Compared:
    """The side-by-side comparison of ``scenario`` with the mix ``right``."""
    key = ("compare", scenario, tuple(sorted(right.items())), labels)

    def compute() -> Compared:
        pair = compare.run_pair(
            scenario,
            right,
            labels=labels,
            wall_budget_s=WALL_BUDGET_S,
            event_budget=EVENT_BUDGET,
        )
        frames = (pair.left.orders, pair.right.orders)
        return Compared(
            pair,
            compare.latency_figure(pair),
            compare.difference_figure(pair),
            sum(size_of(f) for f in frames) + 2**20,
        )

    return store.get(key, compute)
