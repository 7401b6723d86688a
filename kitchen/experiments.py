"""The kitchen beside the textbook: replications that check it against theory.

A one-station kitchen with tickets on a rail, no recipes to read, no board,
no crashes and exponential work is exactly an M/M/c queue: orders are the
customers, chefs the servers, the rail the queue. With a finite rail that
drops what does not fit it is M/M/c/K; a fridge read by every order is a TTL
cache; a chef who walks out now and then is a two-state availability model;
a lone chef who walks out for a set time leaves a backlog to drain.

Each function here builds such a kitchen with :func:`kitchen.scenario.build`,
runs independent replications of it (one seed each, ``seed``, ``seed + 1``,
...; the same seeds at every point of a sweep), and returns a tidy frame: one
row per point and figure, with the mean of the replications as ``estimate``,
its t-based confidence interval ``ci_low`` to ``ci_high``, the ``theory``
value from :mod:`kitchen.theory`, and the inputs that produced them.

The kitchen opens empty, which a steady-state formula knows nothing about,
so orders arriving before a warm-up time are left out. Orders still in the
kitchen at closing time are censored: their wait or stay is unknown and
would be the longest ones, so means are taken over orders that arrived a
margin before closing, and the ``censored`` column counts any order of that
window still unfinished. Time averages (the orders in the kitchen, the
chefs at work) are taken over the same span after the warm-up.

Nothing here draws or imports streamlit; the page charts these frames.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from kitchen import theory
from kitchen.params import BY_NAME
from kitchen.records import DROPPED, IN_KITCHEN, SERVED
from kitchen.result import Result, simulate
from kitchen.scenario import build

__all__ = [
    "COLUMNS",
    "CONFIDENCE",
    "QUEUE_FIGURES",
    "availability_check",
    "blocking_sweep",
    "confidence_interval",
    "littles_law_check",
    "outage_check",
    "queue_check",
    "queue_kitchen",
    "queue_replications",
    "t_quantile",
    "ttl_sweep",
    "utilization_sweep",
]

CONFIDENCE = 0.95
"""Coverage of the intervals the page shows."""

WARMUP_SHARE = 0.1
"""Share of each run, from opening, whose orders are left out by default."""

MARGIN_SHARE = 0.1
"""Share of each run, before closing, whose arrivals are left out by default."""

COLUMNS = (
    "figure",
    "estimate",
    "ci_low",
    "ci_high",
    "theory",
    "replications",
    "confidence",
)
"""Columns every frame here starts with; the inputs of each point follow."""

# The plain one-station kitchen that the queueing formulas describe.
QUEUE_KITCHEN: dict[str, object] = {
    "stations": 1,
    "tickets": "queue",
    "recipes": "none",
    "status": "none",
    "crash_rate": 0.0,
    "outage": "none",
    "walkout_station": 0,
    "service": "exponential",
    "profile": "steady",
}
ENDLESS_RAIL = int(BY_NAME["queue_capacity"].high or 10_000)
"""The longest rail a scenario allows: at the loads swept, it never fills."""


# Confidence intervals. Student's t is computed here rather than imported, so
# that the app needs no statistics package beyond NumPy.


def _t_two_sided(t: float, df: int) -> float:
    """P(|T| <= t) for Student's t with a whole number of degrees of freedom."""
    # Abramowitz & Stegun, "Handbook of Mathematical Functions" (1964),
    # 26.7.3 and 26.7.4: a finite series in cos(theta), theta = atan(t/sqrt(df)).
    theta = math.atan(t / math.sqrt(df))
    cos2 = math.cos(theta) ** 2
    if df % 2 == 0:
        term, total = 1.0, 1.0
        for k in range(2, df, 2):
            term *= cos2 * (k - 1) / k
            total += term
        return math.sin(theta) * total
    if df == 1:
        return 2.0 * theta / math.pi
    term = total = math.cos(theta)
    for k in range(3, df, 2):
        term *= cos2 * (k - 1) / k
        total += term
    return 2.0 / math.pi * (theta + math.sin(theta) * total)


def t_quantile(probability: float, df: int) -> float:
    """The ``probability`` quantile of Student's t with ``df`` degrees of freedom.

    ``df`` is a whole number, 1 or more: the replications less one.
    """
    if isinstance(df, bool) or not isinstance(df, int | np.integer) or df < 1:
        raise ValueError(
            f"df={df!r} is not allowed; allowed: a whole number, 1 or more"
        )
    if not 0.0 < probability < 1.0:
        raise ValueError(
            f"probability={probability!r} is not allowed; allowed: above 0 and below 1"
        )
    if probability < 0.5:
        return -t_quantile(1.0 - probability, df)
    target = 2.0 * probability - 1.0
    # Bisect on the angle theta in [0, pi/2), where the series is monotone.
    low, high = 0.0, math.pi / 2.0
    for _ in range(100):
        middle = (low + high) / 2.0
        if _t_two_sided(math.sqrt(df) * math.tan(middle), int(df)) < target:
            low = middle
        else:
            high = middle
    return math.sqrt(df) * math.tan((low + high) / 2.0)


def confidence_interval(
    values: Iterable[float], confidence: float = CONFIDENCE
) -> tuple[float, float, float]:
    """Mean of independent replications and its t interval: (mean, low, high).

    NaN values (a replication that saw nothing to measure) are left out.
    """
    kept = [float(v) for v in values if not math.isnan(v)]
    if len(kept) < 2:
        raise ValueError(
            f"replications={len(kept)} with a value is not allowed; "
            "allowed: 2 or more, for an interval"
        )
    if not 0.0 < confidence < 1.0:
        raise ValueError(
            f"confidence={confidence!r} is not allowed; allowed: above 0 and below 1"
        )
    mean = statistics.fmean(kept)
    spread = statistics.stdev(kept) / math.sqrt(len(kept))
    half = t_quantile(0.5 + confidence / 2.0, len(kept) - 1) * spread
    return mean, mean - half, mean + half


# Building the kitchens and running their replications.


def queue_kitchen(
    chefs: int,
    work_s: float,
    utilization: float,
    *,
    minutes: float,
    seed: int,
    queue_capacity: int = ENDLESS_RAIL,
    overflow: str = "block",
    **more: object,
) -> Any:
    """The one-station kitchen that is an M/M/c queue, as a checked Scenario.

    Orders arrive at ``utilization * chefs / work_s`` a second, so each chef
    is busy that share of the time. A rail of ``queue_capacity`` places with
    ``overflow="drop"`` makes it M/M/c/K with K = chefs + queue_capacity.
    ``more`` sets any other parameter of the registry.
    """
    load = _load_per_min(chefs, work_s, utilization)
    # A steady evening has no rush, but the rush may not outlast the service.
    rush = min(float(BY_NAME["rush_minutes"].default), float(minutes))
    values = {
        **QUEUE_KITCHEN,
        "rush_minutes": rush,
        "chefs": chefs,
        "work_s": work_s,
        "load": load,
        "minutes": minutes,
        "seed": seed,
        "queue_capacity": queue_capacity,
        "overflow": overflow,
        **more,
    }
    return build(values)


def _load_per_min(chefs: int, work_s: float, utilization: float) -> float:
    """Orders a minute that keep ``chefs`` chefs busy ``utilization`` of the time."""
    if isinstance(utilization, bool) or not isinstance(utilization, int | float):
        raise ValueError(
            f"utilization={utilization!r} is not allowed; allowed: a number above 0"
        )
    if not utilization > 0:
        raise ValueError(
            f"utilization={utilization!r} is not allowed; allowed: above 0"
        )
    load = utilization * chefs / work_s * 60.0
    param = BY_NAME["load"]
    assert param.low is not None and param.high is not None
    if not param.low <= load <= param.high:
        raise ValueError(
            f"utilization={utilization!r} with chefs={chefs!r} and work_s={work_s!r} "
            f"needs load={load:g} orders/min; allowed: {param.allowed()} orders/min"
        )
    return load


def _lightest_utilization(chefs: int, work_s: float) -> float:
    """The utilization of the lightest load allowed: a kitchen nearly idle."""
    low = BY_NAME["load"].low
    assert low is not None
    return low / 60.0 * work_s / chefs


def _seeds(seed: int, replications: int) -> range:
    if isinstance(replications, bool) or not isinstance(replications, int):
        raise ValueError(
            f"replications={replications!r} is not allowed; allowed: 2 or more"
        )
    if replications < 2:
        raise ValueError(
            f"replications={replications!r} is not allowed; allowed: 2 or more"
        )
    return range(seed, seed + replications)


def _window(minutes: float, warmup_s: float | None, margin_s: float | None):
    """The span of arrivals whose orders count: (warm-up end, margin start)."""
    horizon = minutes * 60.0
    warmup = WARMUP_SHARE * horizon if warmup_s is None else float(warmup_s)
    margin = MARGIN_SHARE * horizon if margin_s is None else float(margin_s)
    if not 0.0 <= warmup < horizon:
        raise ValueError(
            f"warmup_s={warmup_s!r} is not allowed; allowed: 0 to below the run's "
            f"{horizon:g} s"
        )
    if not 0.0 <= margin < horizon - warmup:
        raise ValueError(
            f"margin_s={margin_s!r} is not allowed; allowed: 0 to below "
            f"{horizon - warmup:g} s (the run after its warm-up)"
        )
    return warmup, horizon - margin


def _row(
    figure: str,
    values: Sequence[float],
    theory_value: float,
    confidence: float,
    **inputs: object,
) -> dict[str, object]:
    mean, low, high = confidence_interval(values, confidence)
    return {
        "figure": figure,
        "estimate": mean,
        "ci_low": low,
        "ci_high": high,
        "theory": theory_value,
        "replications": len(values),
        "confidence": confidence,
        **inputs,
    }


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    rest = [c for c in frame.columns if c not in COLUMNS]
    return frame[list(COLUMNS) + rest]


def _replicate(
    make: Callable[[int], Any], seeds: range, measure: Callable[[Result], dict]
) -> pd.DataFrame:
    """One row of measured figures per seeded run of the scenario ``make`` builds."""
    return pd.DataFrame([measure(simulate(make(seed))) for seed in seeds])


# What one run says about its orders.


def _orders_in(result: Result, start: float, end: float) -> pd.DataFrame:
    orders = result.orders
    return orders[(orders["arrival_s"] >= start) & (orders["arrival_s"] < end)]


def _time_average(result: Result, metric: str, series: str, start: float) -> float:
    """Mean of a sampled series over the samples taken at or after ``start``.

    Samples come at a fixed step, so their plain mean is the time average.
    """
    values = result.metric(metric)[series]
    return float(values[values.index >= start].mean())


def _in_kitchen_at(result: Result, times: np.ndarray) -> np.ndarray:
    """Orders in the kitchen just after each time: arrived, not yet finished."""
    orders = result.orders
    arrivals = np.sort(orders["arrival_s"].to_numpy())
    finishes = np.sort(orders["finish_s"].dropna().to_numpy())
    came = np.searchsorted(arrivals, times, side="right")
    left = np.searchsorted(finishes, times, side="right")
    return came - left


def _queue_figures(result: Result, start: float, end: float) -> dict[str, float]:
    """The figures of one run of a queue kitchen, over the window's orders."""
    window = _orders_in(result, start, end)
    served = window[window["status"] == SERVED]
    arrival_rate = len(window) / (end - start)
    p_block = float((window["status"] == DROPPED).mean())
    latency = float(served["latency_s"].mean())
    in_kitchen = _time_average(result, "orders", "in_kitchen", start)
    # Little's law counts the tickets let in, not those turned away.
    via_latency = theory.littles_law(arrival_rate * (1.0 - p_block), latency)
    working = _time_average(result, "chefs_working", "cook", start)
    return {
        "wait_mean_s": float(served["wait_s"].mean()),
        "latency_mean_s": latency,
        "p_wait": float((served["wait_s"] > 0).mean()),
        "p_block": p_block,
        "in_kitchen_mean": in_kitchen,
        "arrival_rate_x_latency": via_latency,
        "little_difference": in_kitchen - via_latency,
        "chef_utilization": working / result.scenario.chefs,
        "orders": len(window),
        "censored": int((window["status"] == IN_KITCHEN).sum()),
        "sample_s": result.sample_s,
    }


# The queue kitchens: M/M/c on an endless rail, M/M/c/K on a rail that drops.


def queue_replications(
    chefs: int,
    work_s: float,
    utilization: float,
    replications: int = 4,
    minutes: float = 30.0,
    seed: int = 1,
    *,
    capacity: int | None = None,
    warmup_s: float | None = None,
    margin_s: float | None = None,
) -> pd.DataFrame:
    """One row of figures per seeded run of a queue kitchen.

    With ``capacity`` None the rail is endless (M/M/c); otherwise it holds
    ``capacity`` waiting tickets and drops the rest (M/M/c/K). Columns:
    ``seed``; ``wait_mean_s``, ``latency_mean_s`` and ``p_wait`` (the share
    that waited at all) over the window's served orders; ``p_block``, the
    share of the window's orders turned away; ``in_kitchen_mean`` and
    ``chef_utilization``, time averages of the sampled series after the
    warm-up; ``arrival_rate_x_latency``, the rate let in times the mean
    latency, and ``little_difference``, the first time average less it;
    ``orders`` and ``censored`` in the window; ``sample_s``, the series' step.
    """
    seeds = _seeds(seed, replications)
    start, end = _window(minutes, warmup_s, margin_s)
    rail = {} if capacity is None else {"queue_capacity": capacity, "overflow": "drop"}
    rows = []
    for s in seeds:
        scenario = queue_kitchen(
            chefs, work_s, utilization, minutes=minutes, seed=s, **rail
        )
        rows.append({"seed": s, **_queue_figures(simulate(scenario), start, end)})
    return pd.DataFrame(rows)


QUEUE_FIGURES = {
    "wait_mean_s": "Wq",
    "latency_mean_s": "W",
    "in_kitchen_mean": "L",
    "arrival_rate_x_latency": "L",
}
"""Figures of a queue kitchen and the attribute of the theory that predicts each."""


def _queue_theory(
    chefs: int, work_s: float, utilization: float, capacity: int | None
) -> dict[str, float]:
    """What the textbook expects of each figure of :func:`queue_replications`."""
    lam = _load_per_min(chefs, work_s, utilization) / 60.0
    mu = 1.0 / work_s
    if capacity is None:
        model = theory.mmc(lam, mu, chefs)
        expected = {"p_wait": model.p_wait, "chef_utilization": model.rho}
    else:
        model = theory.mmck(lam, mu, chefs, theory.system_capacity(chefs, capacity))
        expected = {"p_block": model.p_block, "chef_utilization": model.utilization}
    for figure, name in QUEUE_FIGURES.items():
        expected.setdefault(figure, getattr(model, name))
    expected["little_difference"] = 0.0
    return expected


def queue_check(
    chefs: int = 2,
    work_s: float = 1.0,
    utilization: float = 0.8,
    replications: int = 4,
    minutes: float = 30.0,
    seed: int = 1,
    *,
    capacity: int | None = None,
    confidence: float = CONFIDENCE,
    warmup_s: float | None = None,
    margin_s: float | None = None,
) -> pd.DataFrame:
    """Every figure of one queue kitchen beside its M/M/c or M/M/c/K value.

    One row per figure of :func:`queue_replications`: ``wait_mean_s`` (Wq),
    ``latency_mean_s`` (W), ``in_kitchen_mean`` and ``arrival_rate_x_latency``
    (both L), ``little_difference`` (0), ``chef_utilization``, and
    ``p_wait`` (Erlang C) on an endless rail or ``p_block`` on a finite one.
    """
    expected = _queue_theory(chefs, work_s, utilization, capacity)
    runs = queue_replications(
        chefs,
        work_s,
        utilization,
        replications,
        minutes,
        seed,
        capacity=capacity,
        warmup_s=warmup_s,
        margin_s=margin_s,
    )
    return _frame(
        [
            _row(
                figure,
                runs[figure].tolist(),
                value,
                confidence,
                **_queue_inputs(chefs, work_s, utilization, capacity, minutes, runs),
            )
            for figure, value in expected.items()
        ]
    )


def _queue_inputs(
    chefs: int,
    work_s: float,
    utilization: float,
    capacity: int | None,
    minutes: float,
    runs: pd.DataFrame,
) -> dict[str, object]:
    return {
        "chefs": chefs,
        "work_s": work_s,
        "utilization": utilization,
        "load_per_min": _load_per_min(chefs, work_s, utilization),
        "capacity": capacity,
        "K": None if capacity is None else theory.system_capacity(chefs, capacity),
        "minutes": minutes,
        "orders": int(runs["orders"].sum()),
        "censored": int(runs["censored"].sum()),
    }


def utilization_sweep(
    chefs: int = 2,
    work_s: float = 1.0,
    utilizations: Sequence[float] = (0.1, 0.3, 0.5, 0.7, 0.8, 0.9),
    replications: int = 4,
    minutes: float = 15.0,
    seed: int = 1,
    *,
    confidence: float = CONFIDENCE,
    warmup_s: float | None = None,
    margin_s: float | None = None,
) -> pd.DataFrame:
    """Mean wait on the rail against the chefs' utilization: the hockey stick.

    Each point is an M/M/c kitchen on an endless rail; ``theory`` is the M/M/c
    mean wait Wq. Utilizations must stay below 1, where the queue settles;
    near 1 the kitchen takes long to settle and the interval widens.
    """
    rows = []
    for rho in utilizations:
        expected = _queue_theory(chefs, work_s, rho, None)["wait_mean_s"]
        runs = queue_replications(
            chefs,
            work_s,
            rho,
            replications,
            minutes,
            seed,
            warmup_s=warmup_s,
            margin_s=margin_s,
        )
        rows.append(
            _row(
                "wait_mean_s",
                runs["wait_mean_s"].tolist(),
                expected,
                confidence,
                **_queue_inputs(chefs, work_s, rho, None, minutes, runs),
            )
        )
    return _frame(rows)


def blocking_sweep(
    chefs: int = 2,
    work_s: float = 1.0,
    utilization: float = 0.9,
    capacities: Sequence[int] = (1, 2, 4, 8, 12),
    replications: int = 4,
    minutes: float = 15.0,
    seed: int = 1,
    *,
    confidence: float = CONFIDENCE,
    warmup_s: float | None = None,
) -> pd.DataFrame:
    """Share of orders a full rail turns away, against the rail's capacity.

    Each point is an M/M/c/K kitchen whose rail drops what does not fit;
    ``capacity`` counts the places on the rail and ``K`` adds the chefs, as
    :func:`kitchen.theory.system_capacity` does. ``theory`` is the M/M/c/K
    blocking probability; any utilization settles, even 1 or more.
    """
    rows = []
    for capacity in capacities:
        expected = _queue_theory(chefs, work_s, utilization, capacity)["p_block"]
        runs = queue_replications(
            chefs,
            work_s,
            utilization,
            replications,
            minutes,
            seed,
            capacity=capacity,
            warmup_s=warmup_s,
            margin_s=0.0,
        )
        rows.append(
            _row(
                "p_block",
                runs["p_block"].tolist(),
                expected,
                confidence,
                **_queue_inputs(chefs, work_s, utilization, capacity, minutes, runs),
            )
        )
    return _frame(rows)


def littles_law_check(
    chefs: int = 2,
    work_s: float = 1.0,
    utilizations: Sequence[float] = (0.3, 0.6, 0.8),
    replications: int = 4,
    minutes: float = 20.0,
    seed: int = 1,
    *,
    confidence: float = CONFIDENCE,
    warmup_s: float | None = None,
    margin_s: float | None = None,
) -> pd.DataFrame:
    """Little's law, L = lam W, read off the kitchen two ways.

    Three figures per utilization: ``in_kitchen_mean``, the time average of
    the sampled series of orders in the kitchen after the warm-up;
    ``arrival_rate_x_latency``, the arrival rate seen in the window times the
    mean latency of its orders (both with the M/M/c L as ``theory``); and
    ``little_difference``, the first less the second in each replication,
    whose theory is 0.
    """
    rows = []
    figures = ("in_kitchen_mean", "arrival_rate_x_latency", "little_difference")
    for rho in utilizations:
        expected = _queue_theory(chefs, work_s, rho, None)
        runs = queue_replications(
            chefs,
            work_s,
            rho,
            replications,
            minutes,
            seed,
            warmup_s=warmup_s,
            margin_s=margin_s,
        )
        inputs = _queue_inputs(chefs, work_s, rho, None, minutes, runs)
        inputs["sample_s"] = float(runs["sample_s"].iloc[0])
        rows.extend(
            _row(f, runs[f].tolist(), expected[f], confidence, **inputs)
            for f in figures
        )
    return _frame(rows)


# The fridge: every order reads its one recipe, so reads come at the arrival
# rate. Ample, lightly loaded chefs read at once, so reads stay Poisson; the
# quickest database keeps the miss's own read, before the TTL starts, short.
FRIDGE_KITCHEN: dict[str, object] = {
    "recipes": "cache",
    "menu_size": 1,
    "invalidation": "ttl",
    "recipe_updates": 0.0,
    "db_op_ms": float(BY_NAME["db_op_ms"].low or 0.1),
}
FRIDGE_CHEFS = int(BY_NAME["chefs"].high or 20)
FRIDGE_WORK_S = float(BY_NAME["work_s"].low or 0.1)


def ttl_sweep(
    ttls: Sequence[float] = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0),
    read_rate_per_min: float = 60.0,
    replications: int = 4,
    minutes: float = 6.0,
    seed: int = 1,
    *,
    menu_size: int = 1,
    popularity: float = 1.0,
    confidence: float = CONFIDENCE,
    warmup_s: float | None = None,
) -> pd.DataFrame:
    """Share of recipe reads the fridge answers, against its TTL.

    Every order reads its dish's recipe once, so reads come at
    ``read_rate_per_min``; ``theory`` is lam T / (1 + lam T) for one dish, and
    its read-weighted mean over a menu of ``menu_size`` dishes of Zipf
    ``popularity`` otherwise. The hits and misses are counted from the
    sampled series, from the first sample after the warm-up to the last.
    """
    seeds = _seeds(seed, replications)
    start, _ = _window(minutes, warmup_s, 0.0)
    lam = read_rate_per_min / 60.0
    utilization = lam * FRIDGE_WORK_S / FRIDGE_CHEFS
    rows = []
    for ttl in ttls:

        def measure(result: Result) -> dict:
            hits = result.metric("cache_hits")["cook"]
            misses = result.metric("cache_misses")["cook"]
            kept = hits.index >= start
            first = hits.index[kept][0]
            last = hits.index[-1]
            hit = hits[last] - hits[first]
            reads = hit + misses[last] - misses[first]
            return {"hit_ratio": hit / reads if reads else math.nan, "reads": reads}

        runs = _replicate(
            lambda s, ttl=ttl: queue_kitchen(
                FRIDGE_CHEFS,
                FRIDGE_WORK_S,
                utilization,
                minutes=minutes,
                seed=s,
                ttl_s=ttl,
                **{**FRIDGE_KITCHEN, "menu_size": menu_size},
                popularity=popularity,
            ),
            seeds,
            measure,
        )
        rows.append(
            _row(
                "hit_ratio",
                runs["hit_ratio"].tolist(),
                theory.ttl_hit_ratio_zipf(lam, ttl, menu_size, popularity),
                confidence,
                ttl_s=ttl,
                read_rate_per_min=read_rate_per_min,
                menu_size=menu_size,
                popularity=popularity,
                minutes=minutes,
                warmup_s=start,
                reads=int(runs["reads"].sum()),
            )
        )
    return _frame(rows)


def _chefs_up_share(result: Result, start: float) -> float:
    """Share of chef-time at the station from ``start`` to closing, from the log."""
    events = result.events
    horizon = result.scenario.minutes * 60.0
    chefs = result.scenario.chefs * result.scenario.stations
    moves = events[events["kind"].isin(["crash", "recover"])]
    away = 0.0
    for _, log in moves.groupby("actor"):
        left = None
        for time, kind in zip(log["time_s"], log["kind"], strict=True):
            if kind == "crash":
                left = time
            elif left is not None:
                away += max(0.0, time - max(left, start))
                left = None
        if left is not None:
            away += horizon - max(left, start)
    return 1.0 - away / (chefs * (horizon - start))


def availability_check(
    crash_rates: Sequence[float] = (2.0, 6.0, 15.0, 30.0, 60.0),
    recovery_s: float = 60.0,
    chefs: int = 10,
    replications: int = 4,
    minutes: float = 120.0,
    seed: int = 1,
    *,
    confidence: float = CONFIDENCE,
    warmup_s: float | None = None,
) -> pd.DataFrame:
    """Share of time a chef is at the station, against the crash rate.

    ``crash_rates`` are walkouts per chef per hour and ``recovery_s`` the mean
    time away; ``theory`` is MTTF / (MTTF + MTTR). The share is the time
    between crash and recovery in the event log, over every chef, after the
    warm-up (a kitchen opens with every chef there).
    """
    seeds = _seeds(seed, replications)
    start, _ = _window(minutes, warmup_s, 0.0)
    rows = []
    for rate in crash_rates:
        runs = _replicate(
            lambda s, rate=rate: queue_kitchen(
                chefs,
                1.0,
                _lightest_utilization(chefs, 1.0),
                minutes=minutes,
                seed=s,
                crash_rate=rate,
                recovery_s=recovery_s,
            ),
            seeds,
            lambda result: {"availability": _chefs_up_share(result, start)},
        )
        rows.append(
            _row(
                "availability",
                runs["availability"].tolist(),
                theory.availability_from_crash_rate(rate, recovery_s),
                confidence,
                crash_rate=rate,
                recovery_s=recovery_s,
                chefs=chefs,
                minutes=minutes,
                warmup_s=start,
            )
        )
    return _frame(rows)


def _walkout_figures(start: float, length: float) -> Callable[[Result], dict]:
    """The backlog a lone chef's walkout leaves, and the time to clear it."""

    def measure(result: Result) -> dict:
        back = start + length
        before, after = _in_kitchen_at(result, np.array([start, back]))
        finishes = np.sort(result.orders["finish_s"].dropna().to_numpy())
        later = finishes[finishes >= back]
        counts = _in_kitchen_at(result, later)
        cleared = np.nonzero(counts <= before)[0]
        if after <= before:
            drain = 0.0
        elif len(cleared):
            drain = float(later[cleared[0]] - back)
        else:
            drain = math.nan
        return {"backlog": float(after - before), "drain_s": drain}

    return measure


def outage_check(
    work_s: float = 1.0,
    utilization: float = 0.5,
    outages_s: Sequence[float] = (30.0, 60.0, 120.0, 240.0),
    replications: int = 6,
    minutes: float = 20.0,
    seed: int = 1,
    *,
    confidence: float = CONFIDENCE,
    walkout_at_s: float | None = None,
) -> pd.DataFrame:
    """The backlog a consumer outage leaves, and how long it takes to drain.

    The one chef of a one-station kitchen walks out at ``walkout_at_s`` for
    each length in ``outages_s``, while orders keep arriving and wait on the
    rail. ``backlog`` is the rise in orders in the kitchen over the outage,
    ``drain_s`` the time after the chef is back until the kitchen holds no
    more than when it left (NaN, left out, if that is not before closing).
    ``theory`` is the fluid picture of :func:`kitchen.theory.outage_backlog`:
    lam D piled up, cleared at mu - lam. The drain is a little longer than
    that on average: the ticket the chef dropped is cooked again from the
    start, which adds about rho / (mu - lam).
    """
    seeds = _seeds(seed, replications)
    horizon = minutes * 60.0
    start = WARMUP_SHARE * horizon if walkout_at_s is None else float(walkout_at_s)
    if not 0.0 <= start < horizon:
        raise ValueError(
            f"walkout_at_s={walkout_at_s!r} is not allowed; allowed: 0 to below the "
            f"run's {horizon:g} s"
        )
    load = _load_per_min(1, work_s, utilization)
    lam, mu = load / 60.0, 1.0 / work_s
    rows = []
    for length in outages_s:
        expected = theory.outage_backlog(lam, mu, length)
        runs = _replicate(
            lambda s, length=length: queue_kitchen(
                1,
                work_s,
                utilization,
                minutes=minutes,
                seed=s,
                walkout_station=1,
                walkout_at_s=start,
                walkout_s=length,
            ),
            seeds,
            _walkout_figures(start, length),
        )
        inputs = {
            "outage_s": length,
            "work_s": work_s,
            "utilization": utilization,
            "load_per_min": load,
            "minutes": minutes,
            "walkout_at_s": start,
            "undrained": int(runs["drain_s"].isna().sum()),
        }
        rows.append(
            _row(
                "backlog",
                runs["backlog"].tolist(),
                expected.backlog,
                confidence,
                **inputs,
            )
        )
        rows.append(
            _row(
                "drain_s",
                runs["drain_s"].tolist(),
                expected.drain_s,
                confidence,
                **inputs,
            )
        )
    return _frame(rows)
