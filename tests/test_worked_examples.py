"""Small evenings whose every number can be followed by hand.

Each case gives the arrival times, uses deterministic work, and pins the
exact times and counts the strategy's mechanism must produce.
"""

from __future__ import annotations

import pytest

from kitchen import build, simulate

QUIET = dict(recipes="none", status="none", service="deterministic", work_s=5.0)


def one_order(**values):
    return simulate(build({**QUIET, **values}), arrivals=[1.0])


def test_queue_single_order_latency_is_the_work_alone():
    result = one_order(tickets="queue", stations=3)
    order = result.orders.iloc[0]
    assert order["latency_s"] == 15.0


def test_queue_single_order_never_waits():
    result = one_order(tickets="queue", stations=3)
    assert result.orders.iloc[0]["wait_s"] == 0.0


def test_queue_single_order_costs_one_message_per_station():
    result = one_order(tickets="queue", stations=3)
    assert result.summary["broker_messages"] == 3


def test_queue_single_order_leaves_the_database_alone():
    result = one_order(tickets="queue", stations=3)
    assert result.summary["db_operations"] == 0


def test_event_log_follows_the_ticket_through_every_station():
    result = one_order(tickets="queue", stations=2)
    rows = result.events[result.events["order"] == 0]
    assert list(zip(rows["kind"], rows["station"], rows["time_s"], strict=True)) == [
        ("arrive", "prep", 1.0),
        ("queued", "prep", 1.0),
        ("start", "prep", 1.0),
        ("done", "prep", 6.0),
        ("queued", "cook", 6.0),
        ("start", "cook", 6.0),
        ("served", "cook", 11.0),
    ]


# The database: slot time 0.2 s, poll every 0.5 s, one slot, one chef.
# The chef polls [0, 0.2], sleeps to 0.7, polls [0.7, 0.9], sleeps to 1.4.
# The order's row is written [1.0, 1.2]; the poll [1.4, 1.6] finds it, the
# claim [1.6, 1.8] wins it, and the work ends at 6.8.
DB_ONE = dict(tickets="db", stations=1, chefs=1, db_slots=1, db_op_ms=200.0)


def test_db_single_order_waits_for_the_next_poll_and_the_claim():
    result = one_order(**DB_ONE)
    assert result.orders.iloc[0]["wait_s"] == pytest.approx(0.6)


def test_db_single_order_latency():
    result = one_order(**DB_ONE)
    assert result.orders.iloc[0]["latency_s"] == pytest.approx(5.8)


def test_db_single_order_claims_without_conflict():
    result = one_order(**DB_ONE)
    assert result.summary["conflicts"] == 0


# Two chefs, two slots: both poll [0, 0.2] and find nothing; the row is
# written [0.2, 0.4]; both poll again [0.7, 0.9], both see the row, both
# write a claim [0.9, 1.1]. The first claim wins, the second conflicts.
DB_TWO = dict(tickets="db", stations=1, chefs=2, db_slots=2, db_op_ms=200.0)


def two_chefs_one_ticket():
    return simulate(build({**QUIET, **DB_TWO}), arrivals=[0.1])


def test_two_chefs_claiming_one_ticket_is_one_conflict():
    assert two_chefs_one_ticket().summary["conflicts"] == 1


def test_the_winner_of_the_claim_cooks_the_order():
    events = two_chefs_one_ticket().events
    starts = events[events["kind"] == "start"]
    assert list(starts["actor"]) == ["cook 1"]


def test_the_loser_of_the_claim_is_logged_at_the_claim_time():
    events = two_chefs_one_ticket().events
    conflict = events[events["kind"] == "conflict"].iloc[0]
    assert (conflict["actor"], conflict["time_s"]) == ("cook 2", pytest.approx(1.1))


def test_two_chefs_one_ticket_latency():
    result = two_chefs_one_ticket()
    assert result.orders.iloc[0]["latency_s"] == pytest.approx(6.0)


# A chef walks out mid-work on a rail: the ticket goes back to the rail and
# the chef's colleague cooks it from the start.
WALKOUT = dict(
    tickets="queue",
    stations=1,
    chefs=2,
    walkout_station=1,
    walkout_at_s=3.0,
    walkout_s=100.0,
)


def walkout_mid_work():
    return simulate(build({**QUIET, **WALKOUT}), arrivals=[1.0])


def test_walkout_mid_work_redelivers_the_ticket_once():
    assert walkout_mid_work().summary["redeliveries"] == 1


def test_redelivered_ticket_is_cooked_by_the_other_chef():
    events = walkout_mid_work().events
    starts = events[events["kind"] == "start"]
    assert list(zip(starts["actor"], starts["time_s"], strict=True)) == [
        ("cook 1", 1.0),
        ("cook 2", 3.0),
    ]


def test_walkout_mid_work_costs_the_work_done_so_far():
    result = walkout_mid_work()
    assert result.orders.iloc[0]["latency_s"] == pytest.approx(7.0)


def test_walkout_mid_work_loses_nothing():
    result = walkout_mid_work()
    assert (result.summary["served"], result.summary["lost"]) == (1, 0)


def test_walkout_keeps_the_chef_away_for_its_length():
    result = walkout_mid_work()
    horizon = result.scenario.minutes * 60
    assert result.summary["chef_availability"] == pytest.approx(
        1 - 100.0 / (2 * horizon)
    )


def test_walkout_with_a_lone_chef_makes_the_ticket_wait_for_its_return():
    result = simulate(
        build({**QUIET, **WALKOUT, "chefs": 1, "walkout_s": 20.0}), arrivals=[1.0]
    )
    # Back at 23.0, the chef starts the ticket over: served at 28.0.
    assert result.orders.iloc[0]["latency_s"] == pytest.approx(27.0)


def test_walkout_while_idle_does_not_swallow_the_next_ticket():
    # The chef is away from 3.0 to 8.0, idle when it left; the order comes
    # at 5.0 and must still be cooked when the chef returns.
    result = simulate(
        build({**QUIET, **WALKOUT, "chefs": 1, "walkout_s": 5.0}), arrivals=[5.0]
    )
    assert result.orders.iloc[0]["finish_s"] == pytest.approx(13.0)


# The fridge: one dish, TTL 30 s, database reads of 0.2 s. The first read
# misses at 1.0 and stores the recipe until 31.2; the read at 20.0 hits; the
# one at 40.0 finds it expired and misses.
FRIDGE = dict(
    tickets="queue",
    recipes="cache",
    stations=1,
    chefs=1,
    menu_size=1,
    ttl_s=30.0,
    recipe_updates=0.0,
    db_op_ms=200.0,
)


def ttl_expiry():
    return simulate(build({**QUIET, **FRIDGE}), arrivals=[1.0, 20.0, 40.0])


def test_ttl_expiry_counts_one_hit():
    hits = ttl_expiry().metric("cache_hits")["cook"]
    assert hits.iloc[-1] == 1


def test_ttl_expiry_counts_two_misses():
    misses = ttl_expiry().metric("cache_misses")["cook"]
    assert misses.iloc[-1] == 2


def test_ttl_hit_ratio_is_one_in_three():
    assert ttl_expiry().summary["cache_hit_ratio"] == pytest.approx(1 / 3)


def test_a_miss_adds_one_database_read_to_the_latency():
    latencies = list(ttl_expiry().orders["latency_s"])
    assert latencies == pytest.approx([5.2, 5.0, 5.2])


# The belt: one station, polls every 0.5 s from 0.0. The order lands on the
# belt at 1.2; the chef's next poll is at 1.5. The board polls its own belt
# on the same grid and applies the update 5 ms after its poll at 6.5.
BELT = dict(tickets="stream", status="stream", stations=1, chefs=1)


def belt_order():
    return simulate(build({**QUIET, **BELT}), arrivals=[1.2])


def test_stream_ticket_waits_for_the_next_poll():
    assert belt_order().orders.iloc[0]["wait_s"] == pytest.approx(0.3)


def test_stream_board_shows_the_order_after_its_poll_and_update():
    assert belt_order().orders.iloc[0]["board_lag_s"] == pytest.approx(0.005)


def test_consumers_beyond_the_partition_count_sit_idle():
    result = simulate(
        build({**QUIET, **BELT, "chefs": 3, "partitions": 2}),
        arrivals=[float(t) for t in range(1, 60)],
    )
    starts = result.events[result.events["kind"] == "start"]
    assert set(starts["actor"]) == {"cook 1", "cook 2"}
