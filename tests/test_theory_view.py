"""The theory page's figures and the run-beside-theory pairs.

The sweep figures are checked on tiny sweeps: two traces, curve then points,
the curve equal to :mod:`kitchen.theory` wherever it is drawn, the points
equal to the frame with their intervals as bars. :func:`views.theory.beside`
is checked on built kitchens for which figures it offers, and against
theory over seeded runs: each pair's difference must have 0 inside the 99%
t interval of its mean over the seeds, so the allowance shrinks with the
length of the runs exactly as their noise does. The seeds are fixed, so
every run of the suite sees the same numbers.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import math

import numpy as np
import plotly.graph_objects as go
import pytest

from kitchen import build, experiments, simulate, theory
from kitchen.experiments import confidence_interval
from views import theory as view
from views.theory import Pair

SEED = 20_260_104
PURE_QUEUE = {"stations": 1, "tickets": "queue", "recipes": "none", "status": "none"}


@functools.cache
def sweep(key: str):
    """A tiny sweep of each kind, enough to draw and not to trust."""
    if key == "utilization":
        return experiments.utilization_sweep(
            utilizations=(0.5, 0.8), replications=2, minutes=3.0, seed=SEED
        )
    if key == "blocking":
        return experiments.blocking_sweep(
            capacities=(1, 3), replications=2, minutes=3.0, seed=SEED
        )
    return experiments.ttl_sweep(
        ttls=(1.0, 4.0), replications=2, minutes=2.0, seed=SEED
    )


FIGURES = {
    "utilization": view.utilization_figure,
    "blocking": view.blocking_figure,
    "ttl": view.ttl_figure,
}


def figure(key: str) -> go.Figure:
    return FIGURES[key](sweep(key))


@functools.cache
def run(**values):
    return simulate(build(values))


def labels(pairs: list[Pair]) -> list[str]:
    return [p.label for p in pairs]


# The sweep figures.


@pytest.mark.parametrize("key", FIGURES)
def test_sweep_figure_has_curve_then_points(key: str) -> None:
    names = [trace.name.split(":")[0] for trace in figure(key).data]
    assert names == [view.THEORY, view.SIMULATED]


@pytest.mark.parametrize("key", FIGURES)
def test_theory_trace_is_a_line(key: str) -> None:
    assert figure(key).data[0].mode == "lines"


@pytest.mark.parametrize("key", ["utilization", "ttl"])
def test_theory_curve_is_drawn_on_a_fine_grid(key: str) -> None:
    curve = figure(key).data[0]
    assert len(curve.x) > 2 * len(sweep(key))


@pytest.mark.parametrize("key", FIGURES)
def test_simulated_points_are_the_frame_estimates(key: str) -> None:
    points = figure(key).data[1]
    assert (points.mode, list(points.y)) == ("markers", sweep(key)["estimate"].tolist())


@pytest.mark.parametrize("key", FIGURES)
def test_error_bars_reach_the_interval(key: str) -> None:
    frame = sweep(key)
    bars = figure(key).data[1].error_y
    low = np.maximum(frame["ci_low"], 0.0)
    reach = (
        frame["estimate"] + np.asarray(bars.array),
        frame["estimate"] - bars.arrayminus,
    )
    high = np.minimum(frame["ci_high"], 1.0 if key != "utilization" else math.inf)
    assert np.allclose(reach[0], high) and np.allclose(reach[1], low)


@pytest.mark.parametrize("key", FIGURES)
def test_axes_have_titles_with_units(key: str) -> None:
    layout = figure(key).layout
    titles = (layout.xaxis.title.text, layout.yaxis.title.text)
    assert all("(" in t and t.endswith(")") for t in titles), titles


@pytest.mark.parametrize("key", FIGURES)
def test_figure_has_a_title_and_keeps_its_zoom(key: str) -> None:
    layout = figure(key).layout
    assert (bool(layout.title.text), layout.uirevision) == (True, f"theory-{key}")


@pytest.mark.parametrize("key", FIGURES)
def test_an_empty_sweep_still_has_both_traces(key: str) -> None:
    empty = sweep(key).iloc[0:0]
    assert len(FIGURES[key](empty).data) == 2


def test_utilization_curve_reaches_095() -> None:
    curve = figure("utilization").data[0]
    assert (curve.x[0] < 0.05, curve.x[-1]) == (True, view.CURVE_TOP)


@pytest.mark.parametrize("index", [0, 57, 150, -1])
def test_utilization_curve_is_erlang_c(index: int) -> None:
    curve = figure("utilization").data[0]
    rho = float(curve.x[index])
    assert curve.y[index] == theory.mmc(rho * 2 / 1.0, 1.0, 2).Wq


def test_utilization_curve_passes_through_each_points_theory() -> None:
    frame = sweep("utilization")
    at = [view.mmc_wait(rho, 2, 1.0) for rho in frame["utilization"]]
    assert at == pytest.approx(frame["theory"].tolist(), rel=1e-12)


@pytest.mark.parametrize("index", [0, -1])
def test_blocking_curve_is_mmck(index: int) -> None:
    curve = figure("blocking").data[0]
    places = int(curve.x[index])
    expected = theory.mmck(1.8, 1.0, 2, 2 + places).p_block
    assert curve.y[index] == expected


def test_blocking_curve_takes_every_whole_capacity_between() -> None:
    assert list(figure("blocking").data[0].x) == [1, 2, 3]


@pytest.mark.parametrize("index", [0, 99, -1])
def test_ttl_curve_is_lam_t_over_one_plus_lam_t(index: int) -> None:
    curve = figure("ttl").data[0]
    ttl = float(curve.x[index])
    assert curve.y[index] == ttl / (1.0 + ttl)


def test_ttl_curve_over_a_menu_is_the_zipf_mean() -> None:
    frame = sweep("ttl").assign(menu_size=8, popularity=1.0)
    curve = view.ttl_figure(frame).data[0]
    ttl = float(curve.x[10])
    assert curve.y[10] == theory.ttl_hit_ratio_zipf(1.0, ttl, 8, 1.0)


# The registry of sweeps the page runs.


def test_sweeps_are_the_three_of_the_page() -> None:
    assert list(view.SWEEPS) == ["utilization", "blocking", "ttl"]


@pytest.mark.parametrize("key", FIGURES)
def test_sweep_arguments_fit_their_experiment(key: str) -> None:
    entry = view.SWEEPS[key]
    inspect.signature(entry.experiment).bind(**entry.arguments)


@pytest.mark.parametrize("key", FIGURES)
def test_sweep_charts_with_its_own_figure_and_note(key: str) -> None:
    entry = view.SWEEPS[key]
    assert (entry.figure, entry.note) == (
        FIGURES[key],
        getattr(view, f"{key.upper()}_NOTE"),
    )


@pytest.mark.parametrize("key", FIGURES)
def test_sweep_points_sit_on_the_curve(key: str) -> None:
    # Intervals of 95% over fixed seeds: one point in twenty may miss.
    frame = view.SWEEPS[key].run()
    covered = (frame["ci_low"] <= frame["theory"]) & (
        frame["theory"] <= frame["ci_high"]
    )
    assert covered.sum() >= len(frame) - 1, frame[["estimate", "ci_low", "theory"]]


# Which pairs a run gets.


def test_pair_is_frozen() -> None:
    pair = Pair("x", 1.0, 1.0, "s", "why.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        pair.simulated = 2.0  # type: ignore[misc]


def test_default_kitchen_gets_utilization_and_littles_law() -> None:
    assert labels(view.beside(run())) == [
        "prep: chefs busy",
        "cook: chefs busy",
        "plate: chefs busy",
        "orders in the kitchen",
    ]


def test_pure_queue_kitchen_gets_erlang_c() -> None:
    assert labels(view.beside(run(**PURE_QUEUE))) == [
        "cook: chefs busy",
        "orders in the kitchen",
        "mean wait on the rail",
    ]


def test_erlang_c_theory_is_the_mmc_wait() -> None:
    pair = view.beside(run(**PURE_QUEUE))[-1]
    assert pair.theory == theory.mmc(12.0 / 60.0, 1 / 5.0, 2).Wq


def test_erlang_c_simulated_is_the_summary_wait() -> None:
    result = run(**PURE_QUEUE)
    assert view.beside(result)[-1].simulated == result.summary["wait_mean_s"]


def test_dropping_rail_gets_mmck_blocking() -> None:
    result = run(**PURE_QUEUE, overflow="drop", queue_capacity=2, load=30.0)
    pair = view.beside(result)[-1]
    assert (pair.label, pair.theory) == (
        "orders dropped",
        theory.mmck(0.5, 0.2, 2, 4).p_block,
    )


def test_a_short_blocking_rail_is_not_mmc() -> None:
    result = run(**PURE_QUEUE, queue_capacity=2)
    assert "mean wait on the rail" not in labels(view.beside(result))


def test_a_crash_rate_gets_availability() -> None:
    result = run(crash_rate=12.0, recovery_s=90.0)
    assert labels(view.beside(result))[0] == "chef availability"


def test_availability_theory_is_mttf_over_mttf_plus_mttr() -> None:
    pair = view.beside(run(crash_rate=12.0, recovery_s=90.0))[0]
    assert pair.theory == theory.availability_from_crash_rate(12.0, 90.0)


def test_availability_simulated_is_the_summary_figure() -> None:
    result = run(crash_rate=12.0, recovery_s=90.0)
    assert view.beside(result)[0].simulated == result.summary["chef_availability"]


def test_a_scheduled_walkout_leaves_availability_out() -> None:
    result = run(crash_rate=12.0, walkout_station=1, walkout_at_s=300.0)
    assert "chef availability" not in labels(view.beside(result))


def test_a_rush_has_no_littles_law_but_keeps_utilization() -> None:
    names = labels(view.beside(run(profile="rush")))
    assert names == ["prep: chefs busy", "cook: chefs busy", "plate: chefs busy"]


def test_a_rush_the_chefs_cannot_keep_up_with_gets_nothing() -> None:
    # 20 orders/min x 5 s over 2 chefs is 83% off-peak and 167% in the rush.
    assert view.beside(run(profile="rush", load=20.0, rush_peak=2.0)) == []


def test_a_swamped_kitchen_gets_nothing() -> None:
    assert view.beside(run(load=600.0, minutes=5.0, rush_minutes=5.0)) == []


def test_utilization_theory_uses_the_guests_who_came() -> None:
    result = run()
    pair = view.beside(result)[0]
    lam = result.summary["arrived"] / (30.0 * 60.0)
    assert pair.theory == lam * 5.0 / 2


def test_every_explanation_is_one_short_sentence() -> None:
    pairs = view.beside(run(**PURE_QUEUE, crash_rate=6.0))
    assert all(
        p.explanation.endswith(".") and len(p.explanation) < 120 for p in pairs
    ), [p.explanation for p in pairs]


# The pairs agree with theory.

AGREE_SEEDS = range(SEED, SEED + 8)
AGREE_CASES = {
    "default kitchen": {"minutes": 60.0},
    "pure M/M/2 queue": {**PURE_QUEUE, "minutes": 60.0, "work_s": 2.0},
}


@functools.cache
def differences(case: str) -> dict[str, list[float]]:
    """Each pair's simulated less theory value, over the seeds."""
    found: dict[str, list[float]] = {}
    for seed in AGREE_SEEDS:
        for pair in view.beside(simulate(build(AGREE_CASES[case], seed=seed))):
            found.setdefault(pair.label, []).append(pair.simulated - pair.theory)
    return found


@pytest.mark.parametrize(
    ("case", "label"),
    [
        ("default kitchen", "prep: chefs busy"),
        ("default kitchen", "cook: chefs busy"),
        ("default kitchen", "plate: chefs busy"),
        ("default kitchen", "orders in the kitchen"),
        ("pure M/M/2 queue", "cook: chefs busy"),
        ("pure M/M/2 queue", "orders in the kitchen"),
        ("pure M/M/2 queue", "mean wait on the rail"),
    ],
)
def test_pair_agrees_with_theory_over_seeds(case: str, label: str) -> None:
    values = differences(case)[label]
    assert len(values) == len(AGREE_SEEDS)
    _, low, high = confidence_interval(values, 0.99)
    assert low <= 0.0 <= high, (low, high)


def test_availability_agrees_within_its_run_length() -> None:
    # Each chef is a two-state Markov chain, up at rate a = 1/MTTF to down and
    # back at rate b = 1/MTTR. The share of time up over a run of length t
    # has variance 2 A (1 - A) / ((a + b) t) per chef, and a chef who starts
    # up adds (1 - A) / ((a + b) t) on top (Ross, "Stochastic Processes", 2nd
    # ed., 1996, sec. 5.8). Allow four standard deviations and that start.
    rate, recovery_s, minutes, chefs = 30.0, 60.0, 240.0, 60
    result = simulate(
        build(
            stations=3,
            chefs=chefs // 3,
            load=0.5,
            minutes=minutes,
            crash_rate=rate,
            recovery_s=recovery_s,
            seed=SEED,
        )
    )
    pair = view.beside(result)[0]
    a, b, t = rate / 3600.0, 1.0 / recovery_s, minutes * 60.0
    up = pair.theory
    sd = math.sqrt(2.0 * up * (1.0 - up) / ((a + b) * t * chefs))
    start = (1.0 - up) / ((a + b) * t)
    assert -4.0 * sd <= pair.simulated - up <= 4.0 * sd + start, (pair, sd, start)


def test_beside_figure_has_a_bar_per_pair() -> None:
    pairs = view.beside(run())
    bars = view.beside_figure(pairs).data
    assert (len(bars), list(bars[0].x)) == (1, labels(pairs))
