"""Each strategy's perks and pitfalls must come out of the simulation.

Every test sets up the situation a lesson talks about and checks that the
effect the lesson claims shows in the run's own numbers.
"""

from __future__ import annotations

import pytest

from kitchen import build, simulate

ALL_DB = dict(tickets="db", recipes="db", status="db")
ONLY_TICKETS = dict(recipes="none", status="none")


def summary(**values):
    return simulate(build(values)).summary


# -- the shared database -------------------------------------------------------


def test_all_db_latency_climbs_steeply_as_the_database_saturates():
    quiet = summary(**ALL_DB, db_op_ms=20.0)
    crowded = summary(**ALL_DB, db_op_ms=500.0)
    assert crowded["db_utilization"] > 0.9 > 0.2 > quiet["db_utilization"]
    assert crowded["latency_p95_s"] > 3 * quiet["latency_p95_s"]


def test_in_the_dinner_rush_the_all_db_kitchen_struggles_first():
    article = summary(profile="rush")
    all_db = summary(**ALL_DB, profile="rush")
    assert all_db["latency_p95_s"] > 1.5 * article["latency_p95_s"]


def test_at_the_default_load_every_mix_copes():
    for mix in (ALL_DB, dict(tickets="queue"), dict(tickets="stream", status="stream")):
        result = summary(**mix)
        assert result["failed"] + result["dropped"] == 0, mix
        assert result["in_kitchen"] < 0.05 * result["arrived"], mix


def test_more_chefs_polling_one_table_claim_the_same_row_more_often():
    few = summary(**ALL_DB, chefs=2, load=20.0)
    many = summary(**ALL_DB, chefs=6, load=20.0)
    assert many["conflicts"] > 2 * few["conflicts"]


def test_a_database_outage_fails_orders_that_wait_past_the_timeout():
    result = summary(**ALL_DB, outage="db", outage_start_s=600.0, outage_s=120.0)
    assert result["failed"] > 0
    assert result["lost"] == 0


def test_a_database_outage_spares_a_kitchen_that_does_not_use_it():
    result = summary(
        tickets="queue", recipes="stream", status="stream", outage="db", outage_s=120.0
    )
    assert result["failed"] == 0


# -- message queues --------------------------------------------------------------


def _walkout(**values):
    return simulate(
        build(
            dict(
                ONLY_TICKETS,
                chefs=1,
                load=6.0,
                walkout_station=2,
                walkout_at_s=300.0,
                walkout_s=240.0,
                **values,
            )
        )
    )


def test_a_rail_piles_up_while_its_chef_is_away_and_drains_after():
    backlog = _walkout(tickets="queue").metric("backlog")["cook"]
    before = backlog.loc[:295].max()
    during = backlog.loc[535]
    after = backlog.loc[1500:].max()
    assert during > 5 * max(before, 1)
    assert after < during / 4


def test_a_crashed_chefs_tickets_wait_and_none_is_lost():
    result = _walkout(tickets="queue")
    assert result.summary["failed"] + result.summary["dropped"] == 0
    assert result.summary["lost"] == 0


def test_a_full_rail_that_drops_loses_orders_with_the_reason():
    result = simulate(
        build(ONLY_TICKETS, load=40.0, queue_capacity=3, overflow="drop", chefs=2)
    )
    dropped = result.orders[result.orders["status"] == "dropped"]
    assert len(dropped) > 0
    assert set(dropped["reason"]) <= {f"rail full at {s}" for s in result.stations}


def test_a_full_rail_that_blocks_holds_the_producer_back_and_drops_nothing():
    result = simulate(
        build(ONLY_TICKETS, load=40.0, queue_capacity=3, overflow="block", chefs=2)
    )
    assert result.summary["dropped"] == 0
    # Every rail but the first is held at its capacity; the door waits instead.
    downstream = result.series[
        (result.series["metric"] == "backlog") & (result.series["series"] != "prep")
    ]
    assert downstream["value"].max() <= 3


def test_a_broker_outage_delays_tickets_but_fails_none():
    result = summary(tickets="queue", outage="broker", outage_s=120.0)
    assert (result["failed"], result["lost"]) == (0, 0)


def test_every_extra_status_reader_costs_a_queue_one_more_message_per_order():
    one = summary(status="queue", readers=1)
    four = summary(status="queue", readers=4)
    board_messages = four["broker_messages"] - one["broker_messages"]
    assert board_messages == 3 * one["served"]


# -- data streams -------------------------------------------------------------------


def test_extra_stream_readers_cost_the_producer_nothing():
    one = summary(status="stream", readers=1)
    four = summary(status="stream", readers=4)
    assert four["broker_messages"] == one["broker_messages"]


def test_a_crashed_consumer_replays_uncommitted_work_as_duplicates():
    result = summary(
        tickets="stream", crash_rate=30.0, batch=20, poll_ms=2000.0, load=20.0
    )
    assert result["duplicates"] > 0
    assert result["lost"] == 0


def test_stream_board_lag_stays_within_the_poll_interval_plus_work():
    result = summary(status="stream", poll_ms=500.0, batch=10, board_ms=5.0)
    assert 0 < result["board_lag_p95_s"] <= 0.5 + 10 * 0.005


# -- the cache ----------------------------------------------------------------------

FRIDGE = dict(recipes="cache", recipe_updates=6.0, menu_size=10)


@pytest.fixture(scope="module")
def ttl_runs():
    return {ttl: summary(**FRIDGE, ttl_s=ttl) for ttl in (2.0, 30.0, 300.0)}


def test_hit_ratio_rises_with_ttl(ttl_runs):
    ratios = [ttl_runs[t]["cache_hit_ratio"] for t in (2.0, 30.0, 300.0)]
    assert ratios == sorted(ratios) and ratios[0] < ratios[-1]


def test_stale_reads_rise_with_ttl(ttl_runs):
    stale = [ttl_runs[t]["stale_reads"] for t in (2.0, 30.0, 300.0)]
    assert stale == sorted(stale) and stale[0] < stale[-1]


def test_event_invalidation_keeps_stale_reads_near_zero(ttl_runs):
    by_event = summary(**FRIDGE, invalidation="event", invalidation_delay_s=0.5)
    assert by_event["stale_reads"] <= 0.05 * ttl_runs[300.0]["stale_reads"]


def test_event_invalidation_hits_more_often_than_a_short_ttl(ttl_runs):
    by_event = summary(**FRIDGE, invalidation="event", invalidation_delay_s=0.5)
    assert by_event["cache_hit_ratio"] > ttl_runs[2.0]["cache_hit_ratio"]


STAMPEDE = dict(
    recipes="cache",
    menu_size=1,
    chefs=10,
    load=90.0,
    work_s=5.0,
    ttl_s=5.0,
    recipe_updates=0.0,
    db_op_ms=400.0,
    minutes=10.0,
    rush_minutes=5.0,
)


def test_a_hot_entry_expiring_sends_a_stampede_to_the_database():
    assert summary(**STAMPEDE)["stampede_reads"] > 0


def test_coalescing_turns_the_stampede_into_one_read():
    assert summary(**STAMPEDE, coalescing=True)["stampede_reads"] == 0


def test_coalescing_saves_database_reads():
    plain = summary(**STAMPEDE)
    shared = summary(**STAMPEDE, coalescing=True)
    assert shared["db_operations"] < plain["db_operations"]
