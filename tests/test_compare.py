"""Side by side: the same guests in two kitchens, their differences, their charts."""

from __future__ import annotations

import dataclasses
import math
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classroom import compare, figures
from kitchen.params import RECIPE_STRATEGIES, STATUS_STRATEGIES, TICKET_STRATEGIES
from kitchen.result import simulate
from kitchen.scenario import build
from kitchen.summary import SUMMARY_KEYS

SHORT = build(minutes=8.0, rush_minutes=3.0, profile="rush", rush_peak=3.0)
mixes = st.fixed_dictionaries(
    {
        "tickets": st.sampled_from(TICKET_STRATEGIES),
        "recipes": st.sampled_from(RECIPE_STRATEGIES),
        "status": st.sampled_from(STATUS_STRATEGIES),
    }
)


@cache
def rail_and_buffet() -> compare.Pair:
    return compare.run_pair(SHORT, {"tickets": "db"}, labels=("rail", "buffet"))


def _with(summary: dict[str, float]):
    """A run whose headline figures are exactly ``summary``."""
    base = rail_and_buffet().left
    return dataclasses.replace(base, summary={**base.summary, **summary})


# -- the same guests -----------------------------------------------------------


def test_two_mixes_on_one_seed_serve_the_same_guests():
    assert compare.same_guests(rail_and_buffet())


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    mixes,
    mixes,
    st.integers(0, 2**31 - 1),
    st.sampled_from([0.0, 30.0]),
    st.sampled_from(["none", "db", "broker"]),
)
def test_any_two_mixes_serve_the_same_guests(left, right, seed, crashes, outage):
    scenario = build(
        minutes=4.0,
        rush_minutes=2.0,
        profile="rush",
        service="lognormal",
        seed=seed,
        crash_rate=crashes,
        outage=outage,
        outage_start_s=60.0,
    )
    assert compare.same_guests(compare.run_pair(scenario, right, left))


def test_two_seeds_do_not_serve_the_same_guests():
    other = simulate(SHORT.with_values(seed=2))
    pair = compare.Pair(rail_and_buffet().left, other)
    assert not compare.same_guests(pair)


@pytest.mark.parametrize("name", compare.WORKLOAD)
def test_changing_the_workload_is_refused_by_name(name):
    with pytest.raises(ValueError, match=f"^{name} shapes the workload"):
        compare.run_pair(SHORT, {name: getattr(SHORT, name)})


def test_changing_the_workload_on_the_left_is_refused_too():
    with pytest.raises(ValueError, match=r"^seed shapes the workload"):
        compare.run_pair(SHORT, {"tickets": "db"}, {"seed": 3})


def test_budgets_reach_both_runs():
    from kitchen.engine import BudgetExceeded

    with pytest.raises(BudgetExceeded) as raised:
        compare.run_pair(SHORT, {"tickets": "db"}, event_budget=50)
    assert raised.value.budget == "events"


def test_labels_default_to_each_runs_mix():
    pair = compare.run_pair(build(minutes=2.0, rush_minutes=1.0), {"tickets": "db"})
    assert pair.labels == (
        "tickets queue, recipes cache, status stream",
        "tickets db, recipes cache, status stream",
    )


def test_labels_of_the_same_mix_are_left_and_right():
    pair = compare.run_pair(build(minutes=2.0, rush_minutes=1.0), {"crash_rate": 6.0})
    assert pair.labels == ("left", "right")


# -- differences ------------------------------------------------------------------


def test_differences_have_one_row_per_headline_figure_in_order():
    frame = compare.differences(rail_and_buffet())
    assert tuple(frame["figure"]) == SUMMARY_KEYS


def test_differences_have_the_documented_columns():
    frame = compare.differences(rail_and_buffet())
    assert tuple(frame.columns) == compare.COLUMNS


def test_a_difference_is_right_minus_left():
    frame = compare.differences(rail_and_buffet())
    pair = rail_and_buffet()
    row = frame.set_index("figure").loc["db_operations"]
    assert row["difference"] == (
        pair.right.summary["db_operations"] - pair.left.summary["db_operations"]
    )


def test_the_buffet_has_more_conflicts_and_the_rail_is_better_there():
    row = compare.differences(rail_and_buffet()).set_index("figure").loc["conflicts"]
    assert (row["left"], row["difference"] > 0, row["better"]) == (0.0, True, "left")


def test_a_change_from_zero_is_missing():
    row = compare.differences(rail_and_buffet()).set_index("figure").loc["conflicts"]
    assert math.isnan(row["change"])


@pytest.mark.parametrize("key", SUMMARY_KEYS)
def test_better_follows_the_figures_direction(key):
    pair = compare.Pair(_with({key: 10.0}), _with({key: 20.0}))
    better = compare.differences(pair).set_index("figure").loc[key, "better"]
    direction = figures.figure(key).better
    expected = {figures.HIGHER: "right", figures.LOWER: "left", "": ""}[direction]
    assert better == expected


@pytest.mark.parametrize(
    ("left", "right", "better"),
    [
        (348.0, 347.0, "same"),
        (37.4, 37.5, "same"),
        (100.0, 101.0, "same"),
        (100.0, 101.5, "right"),
        (348.0, 300.0, "left"),
    ],
)
def test_a_difference_within_one_percent_is_the_same(left, right, better):
    pair = compare.Pair(_with({"served": left}), _with({"served": right}))
    assert compare.differences(pair).set_index("figure").loc["served", "better"] == (
        better
    )


def test_equal_figures_are_the_same():
    pair = compare.Pair(_with({"served": 5.0}), _with({"served": 5.0}))
    row = compare.differences(pair).set_index("figure").loc["served"]
    assert (row["difference"], row["change"], row["better"]) == (0.0, 0.0, "same")


def test_a_missing_figure_has_no_better_side():
    pair = compare.Pair(_with({"latency_p50_s": math.nan}), _with({}))
    row = compare.differences(pair).set_index("figure").loc["latency_p50_s"]
    assert (math.isnan(row["difference"]), row["better"]) == (True, "")


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(SUMMARY_KEYS),
    st.floats(0.0, 1e6, allow_nan=False),
    st.floats(0.0, 1e6, allow_nan=False),
)
def test_the_sign_of_a_difference_and_its_change_agree(key, left, right):
    pair = compare.Pair(_with({key: left}), _with({key: right}))
    row = compare.differences(pair).set_index("figure").loc[key]
    signs = (math.copysign(1, row["difference"]) if row["difference"] else 0,)
    if left:
        signs += (math.copysign(1, row["change"]) if row["change"] else 0,)
    assert (row["difference"], len(set(signs))) == (right - left, 1)


# -- figures -----------------------------------------------------------------------


def test_the_latency_figure_has_a_line_per_kitchen():
    fig = compare.latency_figure(rail_and_buffet())
    assert [t.name for t in fig.data] == ["rail", "buffet"]


def test_the_latency_figure_shades_the_rush():
    fig = compare.latency_figure(rail_and_buffet())
    (band,) = fig.layout.shapes
    assert (band.x0, band.x1) == (
        compare.measures.rush_window(SHORT)[0] / 60.0,
        compare.measures.rush_window(SHORT)[1] / 60.0,
    )


def test_the_latency_figure_has_no_rush_band_without_a_rush():
    pair = compare.run_pair(build(minutes=2.0, rush_minutes=1.0), {"tickets": "db"})
    assert compare.latency_figure(pair).layout.shapes == ()


def test_the_latency_line_is_the_mean_of_each_minutes_arrivals():
    left = rail_and_buffet().left
    served = left.orders[left.orders["status"] == "served"]
    first = served[served["arrival_s"] < 60.0]["latency_s"].mean()
    line = compare.latency_by_minute(left)
    assert line.loc[0] == first


def test_the_difference_figure_has_a_bar_per_changed_figure():
    frame = compare.differences(rail_and_buffet())
    shown = frame[frame["change"].notna() & (frame["difference"] != 0)]
    (bars,) = compare.difference_figure(rail_and_buffet()).data
    assert tuple(bars.y) == tuple(shown["label"])


def test_the_difference_figure_colours_each_bar_by_the_better_side():
    frame = compare.differences(rail_and_buffet())
    shown = frame[frame["change"].notna() & (frame["difference"] != 0)]
    colour = {"left": compare.COLOURS[0], "right": compare.COLOURS[1]}
    (bars,) = compare.difference_figure(rail_and_buffet()).data
    assert list(bars.marker.color) == [
        colour.get(b, "#999999") for b in shown["better"]
    ]


def test_labels_are_escaped_in_every_figure():
    pair = dataclasses.replace(rail_and_buffet(), labels=("<b>x</b>", "<script>"))
    texts = [t.name for t in compare.latency_figure(pair).data] + [
        compare.difference_figure(pair).layout.title.text
    ]
    assert [t for t in texts if "<" in t] == []
