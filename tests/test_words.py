"""The run in words: every sentence appears exactly when its condition holds.

Small kitchens with given arrival times and deterministic work pin exact
sentences; busier ones check that each number in a sentence is the one the
frames hold. A property over random kitchens checks that the words never
fail and always account for every order.
"""

from __future__ import annotations

import dataclasses
import math
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classroom import measures, notes
from kitchen import build, simulate
from kitchen.params import RECIPE_STRATEGIES, STATUS_STRATEGIES, TICKET_STRATEGIES
from views import words
from views.palette import clock, duration

QUIET = dict(
    recipes="none",
    status="none",
    service="deterministic",
    work_s=5.0,
    stations=1,
    chefs=1,
    minutes=1.0,
    rush_minutes=1.0,
)


def run(arrivals=None, **values):
    return simulate(build({**QUIET, **values}), arrivals=arrivals)


def said(result, teller) -> str:
    """The one sentence a teller wrote, which must be in the story."""
    sentence = teller(result)
    assert sentence in words.story(result)
    return sentence


# -- strategy notes -----------------------------------------------------------------


@pytest.mark.parametrize("name", words.STRATEGY_NAMES)
def test_every_strategy_note_has_a_kitchen_section(name):
    assert notes.read("strategies", name).bullets("In the kitchen")


@pytest.mark.parametrize("name", words.STRATEGY_NAMES)
def test_every_strategy_note_has_a_microservices_section(name):
    assert notes.read("strategies", name).bullets("In microservices")


def test_the_notes_folder_holds_exactly_the_four_strategies():
    assert set(notes.names("strategies")) == set(words.STRATEGY_NAMES)


@pytest.mark.parametrize(
    ("mix", "expected"),
    [
        (("queue", "none", "none"), ("queue",)),
        (("db", "none", "none"), ("shared-db",)),
        (("stream", "stream", "stream"), ("stream",)),
        (("queue", "cache", "stream"), ("shared-db", "queue", "stream", "cache")),
        (("queue", "cache", "none"), ("shared-db", "queue", "cache")),
        (("stream", "db", "queue"), ("shared-db", "queue", "stream")),
        (("db", "db", "db"), ("shared-db",)),
    ],
)
def test_strategy_notes_follow_the_mix(mix, expected):
    tickets, recipes, status = mix
    scenario = build(tickets=tickets, recipes=recipes, status=status)
    assert tuple(n for n, _, _ in words.strategy_notes(scenario)) == expected


def test_strategy_note_title_is_the_notes_title():
    (_, title, _) = words.strategy_notes(build(tickets="queue", recipes="none"))[0]
    assert title == notes.read("strategies", "queue").title


def test_strategy_note_body_starts_after_the_title():
    (_, _, body) = words.strategy_notes(build(tickets="queue", recipes="none"))[0]
    assert not body.startswith("# ")


def test_strategy_note_body_holds_both_sections():
    (_, _, body) = words.strategy_notes(build(tickets="queue", recipes="none"))[0]
    assert "## In the kitchen" in body and "## In microservices" in body


# -- headline figures ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "now", "before", "expected"),
    [
        ("served", 52.0, 40.0, "+12"),
        ("served", 40.0, 40.0, "0"),
        ("latency_p95_s", 10.0, 13.4, "-3.4 s"),
        ("latency_p95_s", 10.02, 10.0, "0"),
        ("cache_hit_ratio", 0.45, 0.40, "+5 pts"),
        ("cache_hit_ratio", 0.40, 0.45, "-5 pts"),
        ("max_backlog", 7.0, 4.0, "+3 tickets"),
        ("served", 3.0, None, None),
        ("latency_p95_s", math.nan, 10.0, None),
        ("latency_p95_s", 10.0, math.nan, None),
    ],
)
def test_change_is_signed_with_its_unit(key, now, before, expected):
    assert words.change(key, now, before) == expected


@pytest.fixture(scope="module")
def busy():
    return simulate(build(minutes=3, rush_minutes=1, load=30, crash_rate=20))


@pytest.fixture(scope="module")
def calmer():
    return simulate(build(minutes=3, rush_minutes=1, load=10, crash_rate=20))


def test_headline_keeps_the_keys_in_order(busy):
    assert [h.key for h in words.headline(busy)] == list(words.HEADLINE_KEYS)


def test_headline_without_previous_run_has_no_deltas(busy):
    assert {h.delta for h in words.headline(busy)} == {None}


def test_headline_against_itself_is_unchanged(busy):
    deltas = {h.delta for h in words.headline(busy, busy) if h.value != "-"}
    assert deltas == {"0"}


def test_headline_served_value(busy):
    (served,) = words.headline(busy, keys=["served"])
    assert served.value == f"{busy.summary['served']:,}"


def test_headline_latency_value_has_its_unit(busy):
    (latency,) = words.headline(busy, keys=["latency_p95_s"])
    assert latency.value == f"{busy.summary['latency_p95_s']:.1f} s"


def test_headline_served_delta_since_previous(busy, calmer):
    (served,) = words.headline(busy, calmer, keys=["served"])
    assert served.delta == f"{busy.summary['served'] - calmer.summary['served']:+d}"


def test_headline_latency_delta_since_previous(busy, calmer):
    (latency,) = words.headline(busy, calmer, keys=["latency_p95_s"])
    step = busy.summary["latency_p95_s"] - calmer.summary["latency_p95_s"]
    assert latency.delta == f"{step:+.1f} s"


def test_headline_label_comes_from_the_figures(busy):
    (served,) = words.headline(busy, keys=["served"])
    assert served.label == "orders served"


@pytest.mark.parametrize(
    ("key", "colour"),
    [
        ("served", "normal"),
        ("latency_p95_s", "inverse"),
        ("failed", "inverse"),
        ("dropped", "inverse"),
        ("duplicates", "inverse"),
        ("stale_reads", "inverse"),
        ("redeliveries", "off"),
    ],
)
def test_headline_delta_colour_follows_which_way_is_better(busy, key, colour):
    (shown,) = words.headline(busy, keys=[key])
    assert shown.delta_color == colour


def test_every_headline_has_help(busy):
    keys = (*words.HEADLINE_KEYS, "redeliveries")
    assert all(h.help for h in words.headline(busy, keys=keys))


def test_headline_missing_latency_shows_a_dash():
    nothing = run(arrivals=[])
    (latency,) = words.headline(nothing, keys=["latency_p95_s"])
    assert latency.value == "-"


def test_headline_missing_latency_has_no_delta(busy):
    nothing = run(arrivals=[])
    (latency,) = words.headline(nothing, busy, keys=["latency_p95_s"])
    assert latency.delta is None


def test_headline_is_frozen(busy):
    shown = words.headline(busy)[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        shown.value = "99"  # type: ignore[misc]


# -- the story: accounting ----------------------------------------------------------


def test_quiet_single_order_tells_the_accounting_alone():
    assert words.story(run(arrivals=[1.0])) == [
        "Over 1 minute 1 order arrived: 1 served, 0 failed, 0 dropped and 0 "
        "still in the kitchen at closing; none was lost."
    ]


def test_accounting_counts_orders_still_cooking():
    result = run(arrivals=[1.0, 50.0, 58.0])
    assert words.accounting(result) == (
        "Over 1 minute 3 orders arrived: 2 served, 0 failed, 0 dropped and 1 "
        "still in the kitchen at closing; none was lost."
    )


def test_accounting_says_loudly_when_an_order_was_lost():
    result = run(arrivals=[1.0])
    broken = dataclasses.replace(result, summary={**result.summary, "lost": 2})
    assert "**2 orders were lost" in words.accounting(broken)


# -- the story: chefs walking out ---------------------------------------------------

WALKOUT = dict(walkout_station=1, walkout_at_s=10.0, walkout_s=20.0)


def test_walkout_names_the_chef_the_time_and_how_long():
    result = run(arrivals=[1.0], **WALKOUT)
    assert (
        said(result, words.walkouts)
        == "Chefs walked out 1 time: cook 1 at 0:10 for 20 s."
    )


def test_walkout_past_closing_says_so():
    result = run(arrivals=[1.0], **{**WALKOUT, "walkout_s": 500.0})
    assert said(result, words.walkouts) == (
        "Chefs walked out 1 time: cook 1 at 0:10, away until closing."
    )


def test_no_walkout_no_walkout_sentence():
    assert words.walkouts(run(arrivals=[1.0])) is None


def test_many_walkouts_name_a_few_and_count_the_rest(busy):
    crashes = int((busy.events["kind"] == "crash").sum())
    assert said(busy, words.walkouts).endswith(
        f"and {crashes - words.MOST_LISTED} more walkouts."
    )


def test_walkout_count_matches_the_summary(busy):
    crashes = busy.summary["chef_crashes"]
    assert said(busy, words.walkouts).startswith(f"Chefs walked out {crashes} times")


# -- the story: backlog, back-pressure and overflow ---------------------------------

CROWD = [1.0, 1.0, 1.0, 1.0]
"""Four orders at once for one chef on a rail of one: one cooks, one waits."""
RAIL_OF_ONE = dict(tickets="queue", queue_capacity=1)


def test_overflow_counts_the_dropped_orders_by_reason():
    result = run(arrivals=CROWD, overflow="drop", **RAIL_OF_ONE)
    assert said(result, words.overflow) == (
        "The rail overflowed: 2 orders were dropped (2 rail full at cook)."
    )


def test_backlog_names_the_peak_and_where_it_was():
    result = run(arrivals=CROWD, overflow="drop", **RAIL_OF_ONE)
    backlog = result.series[result.series["metric"] == "backlog"]
    first = backlog.loc[backlog["value"] == 1, "time_s"].min()
    assert said(result, words.backlog) == (
        f"At most 1 ticket waited for a chef at once, at the cook station at "
        f"{clock(first)}."
    )


def test_no_waiting_ticket_no_backlog_sentence():
    assert words.backlog(run(arrivals=[1.0], **RAIL_OF_ONE)) is None


def test_blocking_rail_tells_of_back_pressure_to_the_door():
    result = run(arrivals=CROWD, overflow="block", **RAIL_OF_ONE)
    blocked = result.metric("blocked")["cook"]
    first = blocked[blocked > 0].index[0]
    assert said(result, words.back_pressure) == (
        f"A full rail pushed back at cook from {clock(first)}, holding back the "
        "door (up to 2 tickets waiting for room)."
    )


def test_blocking_rail_drops_nothing():
    result = run(arrivals=CROWD, overflow="block", **RAIL_OF_ONE)
    assert words.overflow(result) is None


def test_dropping_rail_never_pushes_back():
    result = run(arrivals=CROWD, overflow="drop", **RAIL_OF_ONE)
    assert words.back_pressure(result) is None


# -- the story: redelivery and duplicates -------------------------------------------


def test_queue_redelivery_after_a_walkout_mid_work():
    # The chef starts at 1.0 and walks out at 3.0, before acknowledging.
    result = run(arrivals=[1.0], tickets="queue", **{**WALKOUT, "walkout_at_s": 3.0})
    assert said(result, words.redeliveries) == (
        "1 ticket was redelivered because a chef walked out before acknowledging it."
    )


def test_walkout_while_idle_redelivers_nothing():
    result = run(arrivals=[1.0], tickets="queue", **WALKOUT)
    assert words.redeliveries(result) is None


@pytest.fixture(scope="module")
def replayed():
    return simulate(
        build(tickets="stream", minutes=4, rush_minutes=1, crash_rate=30, seed=1)
    )


def test_stream_duplicates_match_the_summary(replayed):
    count = replayed.summary["duplicates"]
    assert said(replayed, words.duplicates).startswith(f"{count} tickets were")


def test_stream_duplicates_name_the_orders_touched(replayed):
    touched = int((replayed.orders["duplicates"] > 0).sum())
    assert f"in {touched} orders" in said(replayed, words.duplicates)


def test_no_duplicates_no_duplicate_sentence(busy):
    assert busy.summary["duplicates"] == 0 and words.duplicates(busy) is None


# -- the story: the database --------------------------------------------------------

DB_ONE = dict(tickets="db", db_slots=1, db_op_ms=200.0)
DB_CROWD = dict(
    tickets="db",
    recipes="db",
    status="db",
    stations=3,
    chefs=2,
    db_slots=1,
    load=60.0,
    minutes=3.0,
    rush_minutes=1.0,
    service="exponential",
)


def test_quiet_database_is_busy_but_never_saturated():
    result = run(arrivals=[1.0], **DB_ONE)
    share = f"{result.summary['db_utilization']:.0%}"
    assert said(result, words.saturation) == (
        f"The database was busy {share} of the time and never stayed saturated "
        "(its only slot busy with a queue) for 10 s or more."
    )


def test_no_database_no_database_sentence():
    assert words.saturation(run(arrivals=[1.0], tickets="queue")) is None


def _first_full_stretch(result) -> float:
    """The first time ten samples in a row had every slot busy and a queue."""
    busy = result.metric("db_busy")["db"]
    waiting = result.metric("db_waiting")["db"]
    slots = result.scenario.db_slots
    streak = []
    for time, b, w in zip(busy.index, busy, waiting, strict=True):
        streak = [*streak, time] if b >= slots and w > 0 else []
        if len(streak) * result.sample_s >= words.SATURATION_S and len(streak) > 1:
            return streak[0]
    return math.nan


@pytest.fixture(scope="module")
def crowded():
    return simulate(build(DB_CROWD))


def test_crowded_database_saturates_when_the_samples_say(crowded):
    start = _first_full_stretch(crowded)
    assert said(crowded, words.saturation).startswith(
        f"The database saturated at {clock(start)}: its only slot busy"
    )


def test_crowded_database_utilization(crowded):
    share = f"{crowded.summary['db_utilization']:.0%}"
    assert said(crowded, words.saturation).endswith(f"it was busy {share} of the time.")


def test_crowded_database_time_saturated_in_all(crowded):
    full = words.saturated(crowded).sum() * crowded.sample_s
    assert f"and {duration(full)} in all" in said(crowded, words.saturation)


def test_write_conflict_of_two_chefs_on_one_row():
    # Both chefs poll the same snapshot and claim the same row; one loses.
    result = run(arrivals=[0.0], tickets="db", chefs=2, db_slots=2)
    assert said(result, words.conflicts).startswith(
        "1 claim on the buffet hit a write conflict"
    )


def test_no_conflict_no_conflict_sentence():
    assert words.conflicts(run(arrivals=[1.0], **DB_ONE)) is None


OUTAGE = dict(
    tickets="db",
    db_slots=2,
    db_timeout_s=5.0,
    outage="db",
    outage_start_s=10.0,
    outage_s=20.0,
)


@pytest.fixture(scope="module")
def outage():
    return run(arrivals=[12.0, 14.0, 40.0], **OUTAGE)


def test_database_outage_sentence(outage):
    failed = measures.failed_times(outage)
    during = int(((failed >= 10.0) & (failed <= 30.0)).sum())
    assert said(outage, words.outage) == (
        f"The database was down from 0:10 to 0:30 (20 s); {during} orders failed "
        "while it was down."
    )


def test_database_outage_fails_both_orders_seated_during_it(outage):
    # Each seating write waits 5 s for the database, then gives up.
    assert words.failures(outage) == (
        "2 orders failed: 2 because the database timed out."
    )


def test_database_outage_counts_the_timeouts(outage):
    count = outage.summary["db_timeouts"]
    assert said(outage, words.timeouts) == (
        f"{count} database operations gave up after waiting 5.0 s for the database."
    )


def test_outage_running_past_closing():
    result = run(arrivals=[1.0], **{**OUTAGE, "outage_s": 600.0})
    assert said(result, words.outage).startswith(
        "The database was down from 0:10 until closing;"
    )


def test_an_outage_set_after_closing_is_said_never_to_have_happened():
    result = simulate(
        build(minutes=5.0, rush_minutes=1.0, outage="db", outage_start_s=600.0)
    )
    assert words.outage(result) == (
        "The database outage was set for 10:00, after closing at 5:00: "
        "it never happened."
    )


def test_database_outage_in_a_kitchen_without_a_database():
    result = run(arrivals=[1.0], **{**OUTAGE, "tickets": "queue"})
    assert said(result, words.outage) == (
        "The database was down from 0:10 to 0:30 (20 s), but this kitchen does "
        "not use it."
    )


def test_broker_outage_in_a_queued_kitchen():
    result = run(arrivals=[1.0], **{**OUTAGE, "tickets": "queue", "outage": "broker"})
    assert said(result, words.outage).startswith(
        "The broker was down from 0:10 to 0:30 (20 s): nothing went on or off"
    )


def test_broker_outage_in_a_kitchen_without_a_broker():
    result = run(arrivals=[1.0], **{**OUTAGE, "outage": "broker"})
    assert said(result, words.outage).endswith("but this kitchen does not use it.")


def test_no_outage_no_outage_sentence():
    assert words.outage(run(arrivals=[1.0])) is None


def test_no_timeout_no_timeout_sentence():
    assert words.timeouts(run(arrivals=[1.0], **DB_ONE)) is None


def test_no_failure_no_failure_sentence():
    assert words.failures(run(arrivals=[1.0], **DB_ONE)) is None


# -- the story: recipes -------------------------------------------------------------

STALE = dict(
    recipes="cache",
    ttl_s=60.0,
    recipe_updates=30.0,
    menu_size=3,
    minutes=3.0,
    load=30.0,
    stations=2,
    chefs=2,
)


@pytest.fixture(scope="module")
def stale():
    return simulate(build({**QUIET, **STALE}))


def test_stale_reads_and_their_share(stale):
    share = f"{measures.stale_share(stale):.0%}"
    count = stale.summary["stale_reads"]
    reads = measures.cooked(stale)
    assert said(stale, words.staleness).startswith(
        f"{count} of the {reads} recipe reads that cooking began from ({share})"
    )


def test_fridge_hit_ratio(stale):
    ratio = f"{stale.summary['cache_hit_ratio']:.0%}"
    assert said(stale, words.fridge).startswith(
        f"The fridges answered {ratio} of recipe look-ups"
    )


def test_recipes_never_changed_are_never_stale():
    result = simulate(build({**QUIET, **STALE, "recipe_updates": 0.0}))
    reads = measures.cooked(result)
    assert said(result, words.staleness) == (
        f"All {reads} recipe reads that cooking began from were current: no chef "
        "cooked from an old recipe."
    )


def test_recipes_from_the_database_tell_no_staleness():
    result = run(arrivals=[1.0], recipes="db")
    assert words.staleness(result) is None


def test_recipes_not_shared_tell_no_fridge():
    assert words.fridge(run(arrivals=[1.0])) is None


STAMPEDE = dict(
    recipes="cache",
    ttl_s=1.0,
    menu_size=1,
    chefs=4,
    db_op_ms=500.0,
    minutes=2.0,
    load=60.0,
)


def test_stampede_reads_counted_without_coalescing():
    result = simulate(build({**QUIET, **STAMPEDE}))
    count = result.summary["stampede_reads"]
    assert f"and {count} reads were part of a stampede" in said(result, words.fridge)


def test_coalescing_tells_no_stampede():
    result = simulate(build({**QUIET, **STAMPEDE, "coalescing": True}))
    assert "stampede" not in said(result, words.fridge)


# -- the story: the board and the rush ----------------------------------------------


def test_stream_board_within_one_poll_interval():
    result = run(arrivals=[1.0], status="stream", poll_ms=500.0, board_ms=5.0)
    lag = duration(result.summary["board_lag_p95_s"])
    assert said(result, words.board_lag) == (
        f"95% of the orders on the board appeared within {lag} of being served, "
        "within one poll interval (500 ms)."
    )


def test_busy_database_board_falls_behind(crowded):
    lag = crowded.summary["board_lag_p95_s"]
    assert said(crowded, words.board_lag).endswith(
        f"{lag / 0.5:.1f} times the poll interval of 500 ms, so the board fell behind."
    )


def test_queued_board_has_no_poll_interval():
    result = run(arrivals=[1.0], status="queue")
    assert said(result, words.board_lag).endswith(
        "pushed to the board as each was served."
    )


def test_no_board_no_board_sentence():
    assert words.board_lag(run(arrivals=[1.0])) is None


@pytest.fixture(scope="module")
def rushed():
    return simulate(build(profile="rush", minutes=4, rush_minutes=2, load=20))


def test_rush_window_is_told_in_clock_time(rushed):
    assert said(rushed, words.rush).startswith("The dinner rush ran from 1:00 to 3:00;")


def test_rush_latency_against_before(rushed):
    before, during = measures.rush_latencies(rushed)
    assert said(rushed, words.rush).endswith(
        f"took {duration(during)} on average, against {duration(before)} before it."
    )


def test_steady_evening_has_no_rush(busy):
    assert words.rush(busy) is None


# -- properties over random kitchens ------------------------------------------------

kitchens = st.fixed_dictionaries(
    {
        "tickets": st.sampled_from(TICKET_STRATEGIES),
        "recipes": st.sampled_from(RECIPE_STRATEGIES),
        "status": st.sampled_from(STATUS_STRATEGIES),
        "load": st.floats(1.0, 40.0),
        "minutes": st.floats(1.0, 4.0),
        "profile": st.sampled_from(["steady", "rush", "ramp"]),
        "rush_minutes": st.floats(1.0, 1.0),
        "stations": st.integers(1, 3),
        "chefs": st.integers(1, 3),
        "crash_rate": st.sampled_from([0.0, 30.0, 60.0]),
        "outage": st.sampled_from(["none", "db", "broker"]),
        "outage_start_s": st.floats(0.0, 120.0),
        "outage_s": st.floats(0.0, 200.0),
        "queue_capacity": st.integers(1, 10),
        "overflow": st.sampled_from(["block", "drop"]),
        "db_slots": st.integers(1, 3),
        "db_timeout_s": st.floats(0.5, 10.0),
        "ttl_s": st.floats(0.5, 60.0),
        "recipe_updates": st.floats(0.0, 30.0),
        "coalescing": st.booleans(),
        "seed": st.integers(0, 2**31 - 1),
    }
)

# Markdown or HTML that a sentence must not carry by accident.
MARKUP = re.compile(r"[<>\[\]`$_#|\\]")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kitchens)
def test_words_never_fail_and_always_account_for_every_order(values):
    result = simulate(build(values))
    s = result.summary
    told = words.story(result)
    shown = words.headline(result, result)
    assert (
        told[0].startswith(f"Over {values['minutes']:g} minute")
        and f" {s['arrived']:,} order" in told[0]
    )
    assert f"{s['served']:,} served, {s['failed']:,} failed" in told[0]
    assert not any(MARKUP.search(sentence) for sentence in told)
    assert [h.key for h in shown] == list(words.HEADLINE_KEYS)
