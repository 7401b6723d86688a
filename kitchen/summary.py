"""Headline figures of one run, computed from its frames and counters.

Every figure here is read off what the simulation recorded; none is set by
hand. ``lost`` counts orders that arrived but are in no final state and are
held by no part of the kitchen: it must always be zero.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from kitchen.records import DROPPED, FAILED, IN_KITCHEN, SERVED

SUMMARY_KEYS = (
    "arrived",
    "served",
    "failed",
    "dropped",
    "in_kitchen",
    "lost",
    "latency_p50_s",
    "latency_p95_s",
    "latency_p99_s",
    "latency_mean_s",
    "wait_mean_s",
    "throughput_per_min",
    "conflicts",
    "redeliveries",
    "duplicates",
    "stale_reads",
    "cache_hit_ratio",
    "stampede_reads",
    "board_lag_p95_s",
    "db_utilization",
    "db_operations",
    "db_timeouts",
    "max_backlog",
    "chef_crashes",
    "chef_availability",
    "broker_messages",
    "recipe_updates",
)


def _quantile(values: pd.Series, q: float) -> float:
    values = values.dropna()
    return float(np.quantile(values.to_numpy(), q)) if len(values) else math.nan


def summarize(kitchen, orders: pd.DataFrame, series: pd.DataFrame) -> dict[str, float]:
    """The headline figures of a finished run."""
    sc = kitchen.scenario
    counts = kitchen.recorder.counts
    recorder = kitchen.recorder
    horizon = kitchen.horizon
    by_status = orders["status"].value_counts()
    served = orders[orders["status"] == SERVED]
    arrived = kitchen.expected_orders()
    still = orders.loc[orders["status"] == IN_KITCHEN, "order"]
    held = kitchen.whereabouts()
    stranded = int((~still.isin(held)).sum())
    accounted = sum(int(by_status.get(s, 0)) for s in (SERVED, FAILED, DROPPED))
    accounted += len(still) - stranded

    fridge = series[series["metric"].isin(["cache_hits", "cache_misses"])]
    if len(fridge):
        last = fridge[fridge["time_s"] == fridge["time_s"].max()]
        hits = float(last.loc[last["metric"] == "cache_hits", "value"].sum())
        looked = float(last["value"].sum())
        hit_ratio = hits / looked if looked else math.nan
    else:
        hit_ratio = math.nan
    backlog = series.loc[series["metric"] == "backlog", "value"]
    chefs = sc.stations * sc.chefs
    down = _chef_downtime(kitchen)
    waits = recorder.waits

    summary: dict[str, float] = {
        "arrived": arrived,
        "served": int(by_status.get(SERVED, 0)),
        "failed": int(by_status.get(FAILED, 0)),
        "dropped": int(by_status.get(DROPPED, 0)),
        "in_kitchen": int(by_status.get(IN_KITCHEN, 0)),
        "lost": arrived - accounted,
        "latency_p50_s": _quantile(served["latency_s"], 0.50),
        "latency_p95_s": _quantile(served["latency_s"], 0.95),
        "latency_p99_s": _quantile(served["latency_s"], 0.99),
        "latency_mean_s": float(served["latency_s"].mean())
        if len(served)
        else math.nan,
        "wait_mean_s": recorder.wait_total / waits if waits else math.nan,
        "throughput_per_min": len(served) / sc.minutes,
        "conflicts": int(counts.get("conflicts", 0)),
        "redeliveries": int(counts.get("redeliveries", 0)),
        "duplicates": int(counts.get("duplicates", 0)),
        "stale_reads": int(counts.get("stale_reads", 0)),
        "cache_hit_ratio": hit_ratio,
        "stampede_reads": int(counts.get("stampede_reads", 0)),
        "board_lag_p95_s": (
            float(np.quantile(np.asarray(recorder.board_lags), 0.95))
            if len(recorder.board_lags)
            else math.nan
        ),
        "db_utilization": kitchen.db.busy_s / (sc.db_slots * horizon),
        "db_operations": kitchen.db.operations,
        "db_timeouts": int(counts.get("db_timeouts", 0)),
        "max_backlog": int(backlog.max()) if len(backlog) else 0,
        "chef_crashes": int(counts.get("chef_crashes", 0)),
        "chef_availability": 1.0 - down / (chefs * horizon),
        "broker_messages": kitchen.broker.messages,
        "recipe_updates": int(counts.get("recipe_updates", 0)),
    }
    return summary


def _chef_downtime(kitchen) -> float:
    """Chef-seconds spent away after a crash, up to the end of the run."""
    total = kitchen.recorder.counts.get("chef_down_s", 0.0)
    for chefs in kitchen.chefs:
        total += sum(kitchen.horizon - c.down_since for c in chefs if c.state == "down")
    return total
