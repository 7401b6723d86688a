"""The kitchen scene: bounded whatever the run, and true to the event log.

The heaviest corner the registry allows for the scene is 6 stations of 20
chefs with 600 orders a minute; its figure was measured at 1.9 to 2.6 MB of
JSON (the more so the longer the run, up to the frame cap), against 0.5 MB
for a quiet five-minute kitchen. :data:`BYTE_CAP` is 3 MB: above every
corner measured, with room for a few more words per frame, yet low enough
that a figure growing with the run's length (rather than the frame cap)
fails here long before it reaches a browser.
"""

from __future__ import annotations

import json
from functools import cache

import plotly.graph_objects as go
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kitchen import build, simulate
from views import palette, replay, scene
from views.legend import CHEF_LOOKS

BYTE_CAP = 3_000_000
"""Most bytes of one scene's JSON; see the module's docstring for why."""
HEAVY = dict(stations=6, chefs=20, load=600.0, crash_rate=60.0, recovery_s=30.0)
CASES = {
    "light": dict(minutes=5.0, rush_minutes=5.0),
    "heavy rail": dict(HEAVY, minutes=5.0, rush_minutes=5.0),
    "heavy buffet": dict(
        HEAVY,
        minutes=2.0,
        rush_minutes=2.0,
        tickets="db",
        recipes="db",
        status="db",
        db_slots=64,
        readers=6,
    ),
    "heavy belt, long": dict(
        HEAVY, minutes=60.0, rush_minutes=5.0, tickets="stream", readers=6
    ),
}


@cache
def run(case: str):
    return simulate(build(CASES[case]))


@cache
def figure(case: str):
    return scene.scene(run(case))


@cache
def text(case: str) -> str:
    return figure(case).to_json()


@cache
def payload(case: str) -> dict:
    return json.loads(text(case))


@cache
def snapshots(case: str) -> list[replay.Snapshot]:
    return replay.snapshots(run(case))


# -- bounded -----------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_every_frame_carries_the_dynamic_traces(case):
    counts = {len(frame["data"]) for frame in payload(case)["frames"]}
    assert counts == {len(scene.DYNAMIC)}


@pytest.mark.parametrize("case", CASES)
def test_every_frame_replaces_the_same_traces(case):
    traces = {tuple(frame["traces"]) for frame in payload(case)["frames"]}
    assert traces == {tuple(range(len(scene.DYNAMIC)))}


@pytest.mark.parametrize("case", CASES)
def test_the_first_traces_are_the_dynamic_ones_in_order(case):
    names = [t.get("name") for t in payload(case)["data"][: len(scene.DYNAMIC)]]
    assert names == list(scene.DYNAMIC)


@pytest.mark.parametrize("case", CASES)
def test_frames_are_at_most_the_cap(case):
    assert len(payload(case)["frames"]) <= replay.MAX_FRAMES


@pytest.mark.parametrize("case", CASES)
def test_the_last_frame_is_closing_time(case):
    assert replay.frame_times(run(case))[-1] == run(case).scenario.minutes * 60.0


@pytest.mark.parametrize("case", CASES)
def test_plotly_accepts_every_property_of_the_scene(case):
    # The scene is sent unchecked (views.drawn): Plotly checks it here, and
    # the checked figure must send what the page sends.
    checked = go.Figure(figure(case).to_dict())
    assert json.loads(checked.to_json()) == payload(case)


def test_a_still_scene_opened_later_is_what_plotly_would_send():
    still = scene.scene(run("light"), start=3, motion=False)
    checked = go.Figure(still.to_dict())
    assert json.loads(checked.to_json()) == json.loads(still.to_json())


@pytest.mark.parametrize("case", CASES)
def test_the_figure_is_under_the_byte_cap(case):
    assert len(text(case).encode()) < BYTE_CAP


@pytest.mark.parametrize("case", CASES)
def test_every_station_shows_at_most_the_capped_tickets(case):
    longest = max(
        max(len(v.shown), len(v.locked), len(v.belt))
        for snap in snapshots(case)
        for v in snap.stations
    )
    assert longest <= replay.SHOWN


@pytest.mark.parametrize("case", CASES)
def test_the_board_and_status_belt_are_capped(case):
    snaps = snapshots(case)
    assert (
        max(len(s.board) for s in snaps) <= replay.BOARD_SHOWN,
        max(len(s.status_belt) for s in snaps) <= replay.SHOWN,
    ) == (True, True)


def _bound(case: str) -> dict[str, int]:
    """Most points each dynamic trace may carry in one frame of ``case``."""
    sc = run(case).scenario
    chefs = sc.stations * sc.chefs
    per_station = replay.SHOWN + scene.RAIL_ROW + 3
    return {
        "chefs": chefs,
        "tickets": sc.stations * replay.SHOWN,
        "marks": sc.stations * per_station
        + scene.SLOTS_SHOWN
        + scene.CROWD_SHOWN
        + replay.SHOWN
        + sc.readers,
        "fresh recipes": 3 * sc.stations,
        "stale recipes": 3 * sc.stations,
        "words": chefs + 3 * sc.stations + sc.readers + 12,
    }


@pytest.mark.parametrize("case", CASES)
def test_every_trace_of_every_frame_is_bounded(case):
    bound = _bound(case)
    most = {name: 0 for name in scene.DYNAMIC}
    for frame in payload(case)["frames"]:
        for name, trace in zip(scene.DYNAMIC, frame["data"], strict=True):
            most[name] = max(most[name], len(trace.get("x", [])))
    assert {k: v <= bound[k] for k, v in most.items()} == dict.fromkeys(most, True)


@pytest.mark.parametrize("case", CASES)
def test_the_axes_are_fixed(case):
    layout = payload(case)["layout"]
    assert (layout["xaxis"], layout["yaxis"]) == (
        {"range": [0, scene.X_MAX], "visible": False, "fixedrange": True},
        {"range": [0, scene.Y_MAX], "visible": False, "fixedrange": True},
    )


@pytest.mark.parametrize("case", CASES)
def test_no_frame_changes_the_layout(case):
    assert [f for f in payload(case)["frames"] if "layout" in f] == []


@pytest.mark.parametrize("case", CASES)
def test_the_scrubber_has_a_step_per_frame(case):
    steps = payload(case)["layout"]["sliders"][0]["steps"]
    assert [s["value"] for s in steps] == [f["name"] for f in payload(case)["frames"]]


# -- chef states -----------------------------------------------------------------------


def test_every_chef_state_has_its_own_symbol():
    symbols = [look.symbol for look in CHEF_LOOKS.values()]
    assert len(set(symbols)) == len(replay.CHEF_STATES)


def test_every_chef_state_has_its_own_word():
    words = [look.words for look in CHEF_LOOKS.values()]
    assert len(set(words)) == len(replay.CHEF_STATES)


def test_every_chef_state_has_its_own_short_word():
    assert len(set(scene.SHORT.values())) == len(replay.CHEF_STATES)


def test_the_legend_names_every_chef_state():
    names = {t.get("name") for t in payload("light")["data"][len(scene.DYNAMIC) :]}
    assert {look.words for look in CHEF_LOOKS.values()} <= names


def _states_drawn(case: str) -> set[tuple[str, str]]:
    """Every (state, symbol) pair the chef trace draws, over all frames."""
    pairs = set()
    for frame, snap in zip(payload(case)["frames"], snapshots(case), strict=True):
        symbols = frame["data"][0]["marker"]["symbol"]
        pairs |= {(c.state, s) for c, s in zip(snap.chefs, symbols, strict=True)}
    return pairs


@pytest.mark.parametrize("case", ["light", "heavy rail"])
def test_each_chef_is_drawn_with_its_states_symbol(case):
    assert all(CHEF_LOOKS[state].symbol == s for state, s in _states_drawn(case))


def test_a_heavy_evening_draws_every_chef_state():
    assert {state for state, _ in _states_drawn("heavy rail")} == set(
        replay.CHEF_STATES
    )


def test_a_chef_says_what_it_is_doing_in_words():
    frame = payload("heavy rail")["frames"][10]
    snap = snapshots("heavy rail")[10]
    said = [text.split(": ", 1)[1] for text in frame["data"][0]["hovertext"]]
    assert said == [scene.chef_words(c) for c in snap.chefs]


@pytest.mark.parametrize(
    ("state", "back", "words"),
    [
        (replay.WORKING, float("nan"), "cooking #7"),
        (replay.IDLE, float("nan"), "idle"),
        (replay.DOWN, 125.0, "DOWN till 2:05"),
        (replay.DOWN, float("nan"), "DOWN, not back by closing"),
        (replay.BACK, float("nan"), "just back"),
    ],
)
def test_chef_words(state, back, words):
    chef = replay.ChefView("cook 1", 1, state, order=7, back_s=back)
    assert scene.chef_words(chef) == words


# -- crashes from the event log ---------------------------------------------------


def _down_spells(result) -> list[tuple[str, float, float]]:
    """Each crash as (chef, from, until); until is closing if never back."""
    events = result.events
    rows = events[events["kind"].isin(["crash", "recover"])]
    horizon = result.scenario.minutes * 60.0
    open_at: dict[str, float] = {}
    spells = []
    for t, kind, actor in zip(rows["time_s"], rows["kind"], rows["actor"], strict=True):
        if kind == "crash":
            open_at[actor] = float(t)
        elif actor in open_at:
            spells.append((actor, open_at.pop(actor), float(t)))
    spells += [(actor, t, horizon + 1.0) for actor, t in open_at.items()]
    return spells


def _missed(result) -> list[tuple[str, float]]:
    """(chef, frame time) for every frame that should show a chef down but does not."""
    snaps = replay.snapshots(result)
    missed = []
    for actor, start, end in _down_spells(result):
        for snap in snaps:
            if start <= snap.time_s < end:
                chef = next(c for c in snap.chefs if c.name == actor)
                if chef.state != replay.DOWN:
                    missed.append((actor, snap.time_s))
    return missed


def test_a_walkout_shows_the_chef_down_for_its_length():
    result = simulate(
        build(
            minutes=5.0,
            rush_minutes=5.0,
            walkout_station=2,
            walkout_at_s=60.0,
            walkout_s=100.0,
        )
    )
    down = [
        snap.time_s
        for snap in replay.snapshots(result)
        for c in snap.chefs
        if c.state == replay.DOWN
    ]
    step = replay.frame_times(result)[0]
    assert (min(down), max(down)) == (
        step * -(-60.0 // step),
        step * ((160.0 - 1e-9) // step),
    )


def test_every_crash_shows_the_chef_down_until_it_is_back():
    assert _missed(run("heavy rail")) == []


def test_a_down_chef_is_drawn_down_in_the_figure():
    snaps = snapshots("heavy rail")
    frames = payload("heavy rail")["frames"]
    drawn = [
        symbol
        for snap, frame in zip(snaps, frames, strict=True)
        for chef, symbol in zip(
            snap.chefs, frame["data"][0]["marker"]["symbol"], strict=True
        )
        if chef.state == replay.DOWN
    ]
    assert set(drawn) == {CHEF_LOOKS[replay.DOWN].symbol}


def test_a_crash_is_counted_in_the_frame_it_happened():
    crashes = run("heavy rail").events
    crashes = crashes[crashes["kind"] == "crash"]
    snaps = snapshots("heavy rail")
    assert [s.crashes for s in snaps] == [
        int((crashes["time_s"] <= s.time_s).sum()) for s in snaps
    ]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["queue", "stream", "db"]),
    st.integers(1, 4),
    st.integers(1, 4),
    st.floats(6.0, 60.0),
    st.floats(5.0, 200.0),
    st.integers(0, 1000),
)
def test_any_crash_shows_its_chef_down(tickets, stations, chefs, rate, back, seed):
    result = simulate(
        build(
            tickets=tickets,
            stations=stations,
            chefs=chefs,
            crash_rate=rate,
            recovery_s=back,
            minutes=4.0,
            rush_minutes=4.0,
            seed=seed,
        )
    )
    assert _missed(result) == []


def test_one_row_is_a_row():
    assert [
        palette.count(n, "open row", "open rows", "<b>{}</b>") for n in (0, 1, 2)
    ] == [
        "<b>0</b> open rows",
        "<b>1</b> open row",
        "<b>2</b> open rows",
    ]
