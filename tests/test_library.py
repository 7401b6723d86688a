"""The scenario library: every entry runs and its note says only what it shows.

Each entry and its variants take well under a second together, so every
claim of every note is checked on every test run, one test per claim.
"""

from __future__ import annotations

from functools import cache

import pytest

from classroom import library, links, notes
from kitchen.scenario import build, default

NAMES = tuple(e.name for e in library.entries())
CLAIMS = [(e.name, c.key) for e in library.entries() for c in e.claims]
SEEDS = (1, 2)
"""The default evening, and one other: a note must not hang on one lucky seed."""


@cache
def runs(name: str, seed: int = 1):
    return library.run(name, seed)


@cache
def checks(name: str, seed: int = 1) -> dict[str, library.Check]:
    return {c.key: c for c in library.check(name, runs(name, seed))}


def test_the_library_has_a_note_per_entry():
    assert set(notes.names(library.FOLDER)) == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_entry_runs_itself_and_each_variant(name):
    assert set(runs(name)) == {library.MAIN, *library.entry(name).variants}


@pytest.mark.parametrize("name", NAMES)
def test_every_run_accounts_for_every_order(name):
    assert [r.summary["lost"] for r in runs(name).values()] == [0] * len(runs(name))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("name", "key"), CLAIMS)
def test_every_claim_holds(name, key, seed):
    found = checks(name, seed)[key]
    assert found.holds, f"{name}: {key!r} does not hold: {found.figures}"


@pytest.mark.parametrize("name", NAMES)
def test_every_bullet_to_notice_has_a_claim(name):
    bullets = set(library.note(name).bullets(library.SECTION))
    assert bullets - {c.key for c in library.entry(name).claims} == set()


@pytest.mark.parametrize("name", NAMES)
def test_every_claim_has_a_bullet(name):
    bullets = set(library.note(name).bullets(library.SECTION))
    assert {c.key for c in library.entry(name).claims} - bullets == set()


@pytest.mark.parametrize("name", NAMES)
def test_every_note_has_something_to_notice(name):
    assert len(library.note(name).bullets(library.SECTION)) >= 2


@pytest.mark.parametrize(("name", "key"), CLAIMS)
def test_a_check_carries_its_bullet_text(name, key):
    assert checks(name)[key].text.startswith(f"**{key}.**")


@pytest.mark.parametrize(("name", "key"), CLAIMS)
def test_a_check_carries_exactly_the_figures_its_claim_uses(name, key):
    claim = next(c for c in library.entry(name).claims if c.key == key)
    assert tuple(checks(name)[key].figures) == claim.uses


@pytest.mark.parametrize("name", NAMES)
def test_every_entry_has_a_title(name):
    assert library.entry(name).title == library.note(name).title != ""


# -- numbers the notes write out in words must be the scenario's -----------------

WORDS = [
    ("buffet-crush", "two operations at a time", "db_slots", 2),
    ("buffet-crush", "six-minute", "rush_minutes", 6.0),
    ("buffet-crush", "three and a half times", "rush_peak", 3.5),
    ("buffet-crush", "Three chefs work each station", "chefs", 3),
    ("buffet-crush", "three seconds a dish", "work_s", 3.0),
    ("chef-walks-out", "twelve times an hour", "crash_rate", 12.0),
    ("chef-walks-out", "after a\nminute or so", "recovery_s", 60.0),
    ("chef-walks-out", "30-second lease", "lease_s", 30.0),
    ("overflowing-rail", "Thirty orders a minute", "load", 30.0),
    ("overflowing-rail", "at most five waiting tickets", "queue_capacity", 5),
    ("overflowing-rail", "more than five tickets", "queue_capacity", 5),
    ("live-scores", "Six readers follow", "readers", 6),
    ("live-scores", "one message per reader: six", "readers", 6),
    ("live-scores", "every half second", "poll_ms", 500.0),
    ("stale-fridge", "for ten minutes", "ttl_s", 600.0),
    ("stale-fridge", "ten times a minute", "recipe_updates", 10.0),
    ("stampede", "The menu has one dish", "menu_size", 1),
    ("stampede", "Eight chefs work each", "chefs", 8),
    ("stampede", "only two seconds", "ttl_s", 2.0),
    ("stampede", "one slot", "db_slots", 1),
    ("stampede", "one second a read", "db_op_ms", 1000.0),
    ("db-outage", "Ten minutes into the evening", "outage_start_s", 600.0),
    ("db-outage", "down for two minutes", "outage_s", 120.0),
    ("db-outage", "waits up to ten seconds", "db_timeout_s", 10.0),
    ("db-outage", "ten seconds after its end", "db_timeout_s", 10.0),
    ("multi-tool", "Three readers follow", "readers", 3),
]


@pytest.mark.parametrize(("name", "words", "param", "value"), WORDS)
def test_a_number_in_words_is_the_scenarios(name, words, param, value):
    text = library.note(name).text
    assert (words in text, getattr(library.scenario(name), param)) == (True, value)


def test_the_kitchen_that_overflows_cooks_about_twenty_four_a_minute():
    sc = library.scenario("overflowing-rail")
    assert sc.chefs / sc.work_s * 60.0 == 24.0


# -- links, seeds and variants -----------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_the_link_of_every_entry_decodes_to_its_scenario(name):
    link = links.decode(library.query(name, view="kitchen"))
    assert (link.scenario, link.view, link.messages) == (
        library.scenario(name),
        "kitchen",
        (),
    )


@pytest.mark.parametrize("name", NAMES)
def test_the_url_of_every_entry_decodes_to_its_scenario(name):
    url = library.url(name, "http://127.0.0.1:8501/")
    assert links.decode_url(url).scenario == library.scenario(name)


@pytest.mark.parametrize("name", NAMES)
def test_an_entry_changes_what_it_says_it_changes(name):
    changes = library.entry(name).changes
    assert library.scenario(name) == build(changes) != default()


@pytest.mark.parametrize("name", NAMES)
def test_a_seed_given_reaches_the_entry_and_every_variant(name):
    entry = library.entry(name)
    seeds = {library.scenario(name, 9).seed} | {
        library.variant(name, label, 9).seed for label in entry.variants
    }
    assert seeds == {9}


@pytest.mark.parametrize("name", NAMES)
def test_a_variant_differs_from_its_entry_only_where_it_says(name):
    entry = library.entry(name)
    main = library.scenario(name).as_dict()
    for label, changes in entry.variants.items():
        other = library.variant(name, label).as_dict()
        moved = {k for k in main if main[k] != other[k]}
        assert moved <= set(changes), label


def test_an_unknown_entry_is_refused_with_the_names():
    with pytest.raises(ValueError, match="no scenario named 'nope'; the library has"):
        library.entry("nope")


def test_an_unhashable_name_is_refused_like_an_unknown_one():
    with pytest.raises(ValueError, match="no scenario named"):
        library.entry(["stampede"])


def test_an_unknown_variant_is_refused_with_the_variants():
    with pytest.raises(ValueError, match="its variants: coalescing"):
        library.variant("stampede", "nope")
