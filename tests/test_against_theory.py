"""The kitchen against the textbook, and against Ciw, an independent simulator.

A one-station kitchen with tickets on a rail, nothing else shared, no crashes
and exponential work is an M/M/c queue; with a rail that drops, M/M/c/K. Each
case runs independent seeded replications through :mod:`kitchen.experiments`
(warm-up left out, late arrivals left out so that nothing is censored) and
checks that the theory value lies inside the 99% t interval of the mean:
one test per figure, so a failure names the figure. The seeds are fixed, so
every run of the suite sees the same numbers.

Ciw simulates the same M/M/c cases on its own; its mean wait must agree with
the kitchen's within their joint 99% interval.
"""

from __future__ import annotations

import functools
import math
import statistics

import ciw
import numpy as np
import pytest
from scipy import stats as scipy_stats

from kitchen import experiments, simulate, theory
from kitchen.experiments import confidence_interval, t_quantile

CONFIDENCE = 0.99
SEED = 20_260_104

# Long evenings, few replications: the kitchen settles within minutes even
# at 0.95, and warm-up is paid once per replication.
MINUTES = 480.0
HORIZON_S = MINUTES * 60.0
WARMUP_S = 0.2 * HORIZON_S
# A ticket arriving this long before closing has left long before it, at any
# load below: the wait beyond it is less likely than 1e-20 in every case.
MARGIN_S = 0.05 * HORIZON_S
REPLICATIONS = 8

# chefs, mean work (s), utilization. Work times are set so that each
# replication sees 10,000 to 30,000 orders.
MMC_CASES = {
    "1 chef at 0.5": (1, 1.5, 0.5),
    "1 chef at 0.95": (1, 1.0, 0.95),
    "2 chefs at 0.8": (2, 3.0, 0.8),
    "5 chefs at 0.9": (5, 6.0, 0.9),
    "10 chefs at 0.95": (10, 10.0, 0.95),
}
# Latency is wait plus work, and the orders in the kitchen are the arrival
# rate times latency (Little), which the difference checks on its own: these
# four figures carry everything the runs can say about the M/M/c formulas.
MMC_FIGURES = ("wait_mean_s", "p_wait", "chef_utilization", "little_difference")

# chefs, mean work (s), utilization, places on the rail. A dropping rail
# settles at any load, even above 1, and settles fast.
MMCK_MINUTES = 120.0
MMCK_REPLICATIONS = 6
MMCK_CASES = {
    "1 chef, 1 place, at 0.8": (1, 0.8, 0.8, 1),
    "2 chefs, 3 places, at 0.9": (2, 2.0, 0.9, 3),
    "3 chefs, 2 places, at 1.0": (3, 3.0, 1.0, 2),
    "2 chefs, 6 places, at 1.5": (2, 1.0, 1.5, 6),
}
MMCK_FIGURES = ("p_block", "wait_mean_s", "little_difference")


def covers(row) -> bool:
    """True when the row's interval holds its theory value."""
    return row["ci_low"] <= row["theory"] <= row["ci_high"]


def shown(row) -> str:
    return (
        f"{row['figure']}: theory {row['theory']:.6g} outside "
        f"[{row['ci_low']:.6g}, {row['ci_high']:.6g}] "
        f"(estimate {row['estimate']:.6g})"
    )


def figure_row(frame, figure: str):
    rows = frame[frame["figure"] == figure]
    assert len(rows) == 1, figure
    return rows.iloc[0]


# Student's t, computed in the library without SciPy.


@pytest.mark.parametrize("df", [1, 2, 3, 4, 5, 7, 9, 10, 30, 101])
@pytest.mark.parametrize("probability", [0.6, 0.9, 0.975, 0.995, 0.9995])
def test_t_quantile_matches_scipy(probability: float, df: int) -> None:
    expected = scipy_stats.t.ppf(probability, df)
    assert t_quantile(probability, df) == pytest.approx(expected, rel=1e-10)


def test_t_quantile_is_symmetric() -> None:
    assert t_quantile(0.025, 4) == -t_quantile(0.975, 4)


def test_t_quantile_of_one_half_is_zero() -> None:
    assert t_quantile(0.5, 3) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("df", [0, -1, 2.5, True])
def test_t_quantile_refuses_degrees_of_freedom(df) -> None:
    with pytest.raises(ValueError, match=f"df={df!r} is not allowed"):
        t_quantile(0.9, df)


def test_confidence_interval_of_known_values() -> None:
    mean, low, high = confidence_interval([1.0, 2.0, 3.0, 4.0], 0.95)
    half = scipy_stats.t.ppf(0.975, 3) * statistics.stdev([1, 2, 3, 4]) / 2.0
    assert (mean, low, high) == pytest.approx((2.5, 2.5 - half, 2.5 + half))


def test_confidence_interval_needs_two_values() -> None:
    with pytest.raises(ValueError, match="replications=1"):
        confidence_interval([1.0, math.nan])


# The scenario the experiments build is the one the spec calls M/M/c.


def test_queue_kitchen_is_one_plain_station() -> None:
    scenario = experiments.queue_kitchen(3, 2.0, 0.75, minutes=10.0, seed=4)
    assert (scenario.stations, scenario.tickets, scenario.recipes) == (
        1,
        "queue",
        "none",
    )
    assert (scenario.status, scenario.crash_rate, scenario.service) == (
        "none",
        0.0,
        "exponential",
    )


def test_queue_kitchen_load_keeps_each_chef_busy_the_share_asked() -> None:
    scenario = experiments.queue_kitchen(3, 2.0, 0.75, minutes=10.0, seed=4)
    assert scenario.load == pytest.approx(0.75 * 3 / 2.0 * 60.0)


def test_queue_kitchen_refuses_a_load_out_of_range() -> None:
    with pytest.raises(ValueError, match=r"utilization=0.9 .* needs load=1080"):
        experiments.queue_kitchen(20, 1.0, 0.9, minutes=10.0, seed=1)


# The frames the page charts.


def test_utilization_sweep_frame() -> None:
    frame = experiments.utilization_sweep(
        utilizations=(0.5, 0.7), replications=2, minutes=5.0
    )
    assert list(frame.columns[:7]) == list(experiments.COLUMNS)
    assert frame["theory"].tolist() == [
        theory.mmc(rho * 2 / 1.0, 1.0, 2).Wq for rho in (0.5, 0.7)
    ]


def test_blocking_sweep_frame() -> None:
    frame = experiments.blocking_sweep(capacities=(1, 4), replications=2, minutes=5.0)
    assert frame["theory"].tolist() == [
        theory.mmck(1.8, 1.0, 2, 2 + q).p_block for q in (1, 4)
    ]


def test_ttl_sweep_frame() -> None:
    frame = experiments.ttl_sweep(ttls=(1.0,), replications=2, minutes=2.0)
    assert frame["theory"].tolist() == [0.5]


# M/M/c: the kitchen on an endless rail.


@functools.cache
def mmc_check(case: str):
    chefs, work_s, rho = MMC_CASES[case]
    return experiments.queue_check(
        chefs,
        work_s,
        rho,
        REPLICATIONS,
        MINUTES,
        SEED,
        confidence=CONFIDENCE,
        warmup_s=WARMUP_S,
        margin_s=MARGIN_S,
    )


@pytest.mark.slow
@pytest.mark.parametrize("figure", MMC_FIGURES)
@pytest.mark.parametrize("case", MMC_CASES)
def test_mmc_figure_matches_theory(case: str, figure: str) -> None:
    row = figure_row(mmc_check(case), figure)
    assert covers(row), shown(row)


@pytest.mark.slow
@pytest.mark.parametrize("case", MMC_CASES)
def test_mmc_window_leaves_no_order_censored(case: str) -> None:
    assert mmc_check(case)["censored"].iloc[0] == 0


# Ciw, on the same cases.


def ciw_mean_waits(chefs: int, work_s: float, rho: float) -> list[float]:
    """Mean wait of each seeded Ciw replication, over the kitchen's window."""
    lam = rho * chefs / work_s
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=lam)],
        service_distributions=[ciw.dists.Exponential(rate=1.0 / work_s)],
        number_of_servers=[chefs],
    )
    means = []
    for seed in range(SEED, SEED + REPLICATIONS):
        ciw.seed(seed)
        simulation = ciw.Simulation(network)
        simulation.simulate_until_max_time(HORIZON_S)
        waits = [
            r.waiting_time
            for r in simulation.get_all_records()
            if WARMUP_S <= r.arrival_date < HORIZON_S - MARGIN_S
        ]
        means.append(statistics.fmean(waits))
    return means


@functools.cache
def ciw_waits(case: str) -> tuple[float, float]:
    """Ciw's mean wait over its replications and the standard error."""
    means = ciw_mean_waits(*MMC_CASES[case])
    return statistics.fmean(means), statistics.stdev(means) / math.sqrt(len(means))


def engine_waits(case: str) -> tuple[float, float]:
    """The kitchen's mean wait and its standard error, from its interval."""
    row = figure_row(mmc_check(case), "wait_mean_s")
    t = t_quantile(0.5 + CONFIDENCE / 2, int(row["replications"]) - 1)
    return row["estimate"], (row["ci_high"] - row["estimate"]) / t


@pytest.mark.slow
@pytest.mark.parametrize("case", MMC_CASES)
def test_ciw_and_the_kitchen_agree_on_the_mean_wait(case: str) -> None:
    engine, engine_se = engine_waits(case)
    other, other_se = ciw_waits(case)
    # Welch's interval for the difference of two independent means.
    se = math.hypot(engine_se, other_se)
    df = se**4 / (engine_se**4 + other_se**4) * (REPLICATIONS - 1)
    half = scipy_stats.t.ppf(0.5 + CONFIDENCE / 2, df) * se
    assert abs(engine - other) <= half, (engine, other, half)


# M/M/c/K: a rail with a few places that drops what does not fit.


@functools.cache
def mmck_check(case: str):
    chefs, work_s, rho, capacity = MMCK_CASES[case]
    return experiments.queue_check(
        chefs,
        work_s,
        rho,
        MMCK_REPLICATIONS,
        MMCK_MINUTES,
        SEED,
        capacity=capacity,
        confidence=CONFIDENCE,
        warmup_s=600.0,
        margin_s=600.0,
    )


@pytest.mark.slow
@pytest.mark.parametrize("figure", MMCK_FIGURES)
@pytest.mark.parametrize("case", MMCK_CASES)
def test_mmck_figure_matches_theory(case: str, figure: str) -> None:
    row = figure_row(mmck_check(case), figure)
    assert covers(row), shown(row)


def test_mmck_theory_counts_the_chefs_in_k() -> None:
    frame = mmck_check("2 chefs, 3 places, at 0.9")
    assert frame["K"].iloc[0] == 5


# Little's law, read off the sampled series.


def test_series_step_is_the_sample_step_the_result_reports() -> None:
    scenario = experiments.queue_kitchen(2, 1.0, 0.5, minutes=MINUTES, seed=SEED)
    result = simulate(scenario)
    times = result.metric("orders").index.to_numpy()
    assert np.all(np.diff(times) == result.sample_s)


def test_series_spans_the_evening_from_opening() -> None:
    scenario = experiments.queue_kitchen(2, 1.0, 0.5, minutes=MINUTES, seed=SEED)
    result = simulate(scenario)
    times = result.metric("orders").index
    assert (times[0], times[-1]) == (0.0, HORIZON_S - result.sample_s)


# The fridge: a TTL cache read by every order.

TTL_MINUTES = 40.0
TTL_CASES = {
    "TTL 0.5 s": dict(ttl_s=0.5),
    "TTL 2 s": dict(ttl_s=2.0),
    "TTL 8 s": dict(ttl_s=8.0),
    "TTL 2 s over a Zipf menu of 8": dict(ttl_s=2.0, menu_size=8, popularity=1.0),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", TTL_CASES)
def test_ttl_hit_ratio_matches_theory(case: str) -> None:
    values = TTL_CASES[case]
    frame = experiments.ttl_sweep(
        (values["ttl_s"],),
        read_rate_per_min=60.0,
        replications=6,
        minutes=TTL_MINUTES,
        seed=SEED,
        confidence=CONFIDENCE,
        menu_size=values.get("menu_size", 1),
        popularity=values.get("popularity", 1.0),
    )
    row = frame.iloc[0]
    assert covers(row), shown(row)


# Chefs who walk out and come back.

AVAILABILITY_CASES = {
    "6 a h, back in 60 s": (6.0, 60.0),
    "30 a h, back in 60 s": (30.0, 60.0),
    "2 a h, back in 10 min": (2.0, 600.0),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", AVAILABILITY_CASES)
def test_chef_availability_matches_theory(case: str) -> None:
    rate, recovery_s = AVAILABILITY_CASES[case]
    frame = experiments.availability_check(
        (rate,),
        recovery_s,
        chefs=20,
        replications=6,
        minutes=MINUTES,
        seed=SEED,
        confidence=CONFIDENCE,
        warmup_s=3600.0,
    )
    row = frame.iloc[0]
    assert covers(row), shown(row)


def test_summary_availability_is_the_event_log_share() -> None:
    scenario = experiments.queue_kitchen(
        20, 1.0, 0.01, minutes=60.0, seed=SEED, crash_rate=30.0, recovery_s=60.0
    )
    result = simulate(scenario)
    from_log = experiments._chefs_up_share(result, 0.0)
    assert result.summary["chef_availability"] == pytest.approx(from_log, rel=1e-12)


# A lone chef walks out for a set time: the consumer outage of the fluid model.

OUTAGE = dict(work_s=1.0, utilization=0.5, walkout_at_s=600.0)
OUTAGE_LENGTHS_S = (120.0, 300.0)


@functools.cache
def outage_check():
    return experiments.outage_check(
        OUTAGE["work_s"],
        OUTAGE["utilization"],
        OUTAGE_LENGTHS_S,
        replications=20,
        minutes=30.0,
        seed=SEED,
        confidence=CONFIDENCE,
        walkout_at_s=OUTAGE["walkout_at_s"],
    )


def outage_row(figure: str, length: float):
    frame = outage_check()
    rows = frame[(frame["figure"] == figure) & (frame["outage_s"] == length)]
    assert len(rows) == 1
    return rows.iloc[0]


@pytest.mark.slow
@pytest.mark.parametrize("length", OUTAGE_LENGTHS_S)
def test_walkout_backlog_is_lam_d(length: float) -> None:
    row = outage_row("backlog", length)
    assert covers(row), shown(row)


@pytest.mark.slow
@pytest.mark.parametrize("length", OUTAGE_LENGTHS_S)
def test_walkout_drains_at_mu_minus_lam(length: float) -> None:
    row = outage_row("drain_s", length)
    lam, mu = OUTAGE["utilization"] / OUTAGE["work_s"], 1.0 / OUTAGE["work_s"]
    # Exact for a kitchen in steady state: every step down the backlog is an
    # M/M/1 busy period, 1/(mu - lam) on average, and the ticket the chef
    # dropped (held with chance rho, length-biased) is cooked again from the
    # start, one more service's worth: rho / (mu - lam) on top of the fluid
    # lam D / (mu - lam).
    redo = OUTAGE["utilization"] / (mu - lam)
    expected = theory.outage_backlog(lam, mu, length).drain_s + redo
    assert row["ci_low"] <= expected <= row["ci_high"], (row["estimate"], expected)


@pytest.mark.slow
def test_walkout_backlog_drains_before_closing() -> None:
    assert outage_check()["undrained"].sum() == 0
