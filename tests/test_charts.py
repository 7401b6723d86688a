"""The live charts: every chart for every kind of kitchen, on one time axis."""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import pytest

from kitchen import build, simulate
from views import charts, replay

SHORT = dict(minutes=6.0, rush_minutes=2.0, profile="rush", rush_peak=2.0)
MIXES = {
    "default": {},
    "all-db": dict(tickets="db", recipes="db", status="db"),
    "all-stream": dict(tickets="stream", recipes="stream", status="stream"),
    "crash and db outage": dict(
        tickets="db",
        crash_rate=30.0,
        outage="db",
        outage_start_s=60.0,
        outage_s=60.0,
    ),
    "broker outage to closing": dict(
        crash_rate=30.0, outage="broker", outage_start_s=300.0, outage_s=600.0
    ),
    "no shared data": dict(tickets="queue", recipes="none", status="none"),
}
KEYS = [key for key, _ in charts.CHARTS]


@cache
def run(mix: str, seed: int = 1):
    return simulate(build({**SHORT, **MIXES[mix], "seed": seed}))


@cache
def chart(mix: str, key: str, seed: int = 1):
    return dict(charts.CHARTS)[key](run(mix, seed))


def _names(mix: str, key: str) -> list[str]:
    return [t.name for t in chart(mix, key).data]


def _clock(figure) -> list:
    return [s for s in figure.layout.shapes if s.name == charts.CLOCK]


# -- every chart, every kitchen -----------------------------------------------------


@pytest.mark.parametrize("mix", MIXES)
@pytest.mark.parametrize("key", KEYS)
def test_every_chart_builds_and_says_what_it_is(key, mix):
    assert chart(mix, key).layout.meta == {"chart": key}


@pytest.mark.parametrize("mix", MIXES)
def test_every_chart_of_a_run_spans_the_whole_service(mix):
    ranges = {tuple(chart(mix, key).layout.xaxis.range) for key in KEYS}
    assert ranges == {(0, run(mix).scenario.minutes)}


@pytest.mark.parametrize("mix", MIXES)
@pytest.mark.parametrize("key", KEYS)
def test_every_point_lies_on_the_time_axis(key, mix):
    xs = [np.asarray(t.x, dtype=float) for t in chart(mix, key).data if t.x is not None]
    found = np.concatenate(xs) if xs else np.zeros(0)
    found = found[~np.isnan(found)]
    assert (found.min(initial=0) >= 0, found.max(initial=0) <= 6.0) == (True, True)


@pytest.mark.parametrize("mix", MIXES)
@pytest.mark.parametrize("key", KEYS)
def test_every_chart_has_one_clock_line_at_the_first_frame(key, mix):
    (line,) = _clock(chart(mix, key))
    first = replay.frame_times(run(mix))[0] / 60.0
    assert (line.x0, line.x1, line.line.dash) == (first, first, "dot")


@pytest.mark.parametrize("mix", MIXES)
@pytest.mark.parametrize("key", KEYS)
def test_uirevision_stays_when_only_the_seed_changes(key, mix):
    assert chart(mix, key, 2).layout.uirevision == chart(mix, key).layout.uirevision


def test_uirevision_of_each_chart_is_its_own():
    revisions = {chart("default", key).layout.uirevision for key in KEYS}
    assert len(revisions) == len(KEYS)


def test_uirevision_changes_with_the_length_of_the_service():
    longer = simulate(build({**SHORT, "minutes": 8.0}))
    assert (
        charts.latency(longer).layout.uirevision
        != chart("default", "latency").layout.uirevision
    )


# -- shading -------------------------------------------------------------------------


def _bands(figure, text: str) -> list[tuple[float, float]]:
    return [
        (s.x0, s.x1)
        for s in figure.layout.shapes
        if s.type == "rect" and s.label and s.label.text == text
    ]


@pytest.mark.parametrize("key", KEYS)
def test_every_chart_shades_the_rush(key):
    assert _bands(chart("default", key), "rush") == [(2.0, 4.0)]


@pytest.mark.parametrize("key", KEYS)
def test_every_chart_shades_the_outage(key):
    assert _bands(chart("crash and db outage", key), "DB down") == [(1.0, 2.0)]


@pytest.mark.parametrize("key", KEYS)
def test_an_outage_past_closing_is_shaded_to_closing(key):
    assert _bands(chart("broker outage to closing", key), "broker down") == [(5.0, 6.0)]


# -- what each chart draws ------------------------------------------------------------


def test_latency_draws_each_order_and_two_percentiles():
    assert _names("default", "latency") == [
        "one served order",
        "p50 (half are faster)",
        "p95 (1 in 20 is slower)",
    ]


def test_latency_dots_are_capped():
    dots = chart("default", "latency").data[0]
    assert len(dots.x) <= charts.MAX_DOTS


def test_latency_percentiles_are_those_of_the_served_orders():
    result = run("default")
    served = result.orders[result.orders["status"] == "served"]
    window = charts.window_s(result)
    at = 6.0 * 60.0
    recent = served[served["finish_s"] > at - window]["latency_s"]
    p95 = chart("default", "latency").data[2]
    assert math.isclose(p95.y[-1], float(np.quantile(recent.to_numpy(), 0.95)))


def test_throughput_draws_arrivals_and_service():
    assert _names("default", "throughput") == ["guests arriving", "orders served"]


def test_throughput_adds_the_orders_lost_to_an_outage():
    assert _names("crash and db outage", "throughput")[-1] == "failed or dropped"


def test_backlog_draws_a_line_per_station():
    assert _names("default", "backlog") == list(run("default").stations)


def test_database_draws_slots_waiting_and_conflicts_for_the_buffet():
    assert _names("all-db", "database") == [
        "busy slots",
        "waiting for a slot",
        "conflicts per minute",
    ]


def test_database_says_why_it_is_empty_when_no_data_is_shared():
    figure = chart("no shared data", "database")
    assert (len(figure.data), figure.layout.annotations[0].text) == (
        0,
        "This mix does not use the shared database.",
    )


def test_cache_draws_hit_ratio_and_stale_reads_for_the_fridge():
    assert _names("default", "cache") == ["hit ratio", "stale reads per minute"]


def test_cache_says_why_it_is_empty_when_recipes_come_from_the_buffet():
    assert (
        chart("all-db", "cache")
        .layout.annotations[0]
        .text.startswith("Recipes are read from the shared DB")
    )


def test_stream_lag_draws_each_station_and_each_reader():
    result = run("all-stream")
    expected = {f"{s} chefs (tickets)" for s in result.stations} | {
        f"{r} (status)" for r in result.readers
    }
    assert set(_names("all-stream", "stream-lag")) == expected


def test_stream_lag_says_why_it_is_empty_without_a_stream():
    assert chart("all-db", "stream-lag").layout.annotations[0].text == (
        "No stream (conveyor belt) in this mix."
    )


def test_chefs_up_stacks_a_line_per_station_and_marks_every_crash():
    result = run("crash and db outage")
    figure = chart("crash and db outage", "chefs-up")
    crashes = int((result.events["kind"] == "crash").sum())
    marks = [t for t in figure.data if t.name == "a chef crashed"]
    assert ([t.name for t in figure.data[:-1]], len(marks[0].x)) == (
        list(result.stations),
        crashes,
    )


def test_each_crash_is_marked_on_its_own_stations_band():
    result = run("crash and db outage")
    figure = chart("crash and db outage", "chefs-up")
    sc = result.scenario
    moves = result.events[result.events["kind"].isin(["crash", "recover"])]
    crashes = moves[moves["kind"] == "crash"]
    expected = []
    for station, time_s in zip(crashes["station"], crashes["time_s"], strict=True):
        # Chefs up at this station and every one below it, just after the crash.
        below = list(result.stations)[: list(result.stations).index(station) + 1]
        top = 0
        for name in below:
            seen = moves[(moves["station"] == name) & (moves["time_s"] <= time_s)]
            top += (
                sc.chefs
                - (seen["kind"] == "crash").sum()
                + (seen["kind"] == "recover").sum()
            )
        expected.append((round(time_s / 60.0, 9), float(top)))
    marks = next(t for t in figure.data if t.name == "a chef crashed")
    shown = [(round(x, 9), y) for x, y in zip(marks.x, marks.y, strict=True)]
    assert len(set(crashes["station"])) > 1
    assert sorted(shown) == sorted(expected)


def test_chefs_up_never_counts_more_chefs_than_the_kitchen_has():
    result = run("crash and db outage")
    figure = chart("crash and db outage", "chefs-up")
    stacked = sum(np.asarray(t.y) for t in figure.data[:-1])
    sc = result.scenario
    assert (stacked.max(), stacked.min() >= 0) == (sc.stations * sc.chefs, True)


def test_chefs_up_matches_the_sampled_chefs_at_work():
    result = run("crash and db outage")
    figure = chart("crash and db outage", "chefs-up")
    sampled = result.metric("chefs_up")
    first = figure.data[0]
    at = np.searchsorted(np.asarray(first.x) * 60.0, sampled.index, side="right") - 1
    station = result.stations[0]
    assert list(np.asarray(first.y)[at]) == list(sampled[station].astype(int))


def test_all_charts_gives_every_chart_by_key():
    assert list(charts.all_charts(run("default"))) == KEYS


def test_a_chart_of_one_line_still_names_it():
    figure = chart("crash and db outage", "stream-lag")
    lines = [t for t in figure.data if t.mode and "lines" in t.mode]
    assert len(lines) == 1
    assert figure.layout.showlegend is True
