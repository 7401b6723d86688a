"""The guided path: every step parses, and its answer comes from the runs.

Each step is run once (well under a second with its variants) and kept for
the whole module; the rules that read an answer are also put to random
figures, so that no run, however odd, can give a key that is not a choice.
"""

from __future__ import annotations

import math
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classroom import lessons, library

STEPS = lessons.steps()
NAMES = tuple(s.name for s in STEPS)


@cache
def runs(name: str):
    return lessons.run(lessons.step(name))


@cache
def answer(name: str) -> lessons.Answer:
    return lessons.answer(lessons.step(name), runs(name))


# -- the path ------------------------------------------------------------------


def test_the_path_has_a_step_per_library_entry_in_teaching_order():
    assert tuple(e.name for e in library.entries()) == NAMES


def test_steps_are_numbered_from_one():
    assert [s.number for s in STEPS] == list(range(1, len(STEPS) + 1))


def test_every_step_has_a_rule():
    assert set(lessons.RULES) == set(NAMES)


def test_the_welcome_counts_the_steps():
    words = ("One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine")
    assert lessons.welcome().intro.startswith(f"{words[len(STEPS) - 1]} evenings")


@pytest.mark.parametrize("name", NAMES)
def test_every_step_asks_a_question(name):
    assert lessons.step(name).question.endswith("?")


@pytest.mark.parametrize("name", NAMES)
def test_every_step_offers_at_least_two_choices(name):
    assert len(lessons.step(name).choices) >= 2


@pytest.mark.parametrize("name", NAMES)
def test_every_choice_has_words(name):
    assert all(c.label.strip() for c in lessons.step(name).choices)


@pytest.mark.parametrize("name", NAMES)
def test_every_step_tells_its_story(name):
    step = lessons.step(name)
    assert (bool(step.title), bool(step.intro)) == (True, True)


def test_after_walks_the_whole_path_and_ends_with_none():
    walked, current = [], lessons.step(1)
    while current is not None:
        walked.append(current.name)
        current = lessons.after(current)
    assert walked == list(NAMES)


def test_a_step_is_found_by_number_and_by_name_alike():
    assert [lessons.step(s.number) for s in STEPS] == [lessons.step(n) for n in NAMES]


@pytest.mark.parametrize("which", [0, len(STEPS) + 1, -1, "nope", "", None])
def test_an_unknown_step_is_a_value_error(which):
    with pytest.raises(ValueError, match="no step"):
        lessons.step(which)


def test_an_unknown_choice_is_a_value_error_naming_the_choices():
    with pytest.raises(ValueError, match="has no choice 'maybe'"):
        lessons.step("stampede").label("maybe")


def test_grading_an_unknown_choice_is_a_value_error():
    with pytest.raises(ValueError, match="has no choice"):
        lessons.grade(lessons.step("stampede"), "maybe", runs("stampede"))


# -- answers from the runs -----------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_the_answer_is_one_of_the_steps_choices(name):
    choices = lessons.step(name).keys()
    assert answer(name).key in choices


@pytest.mark.parametrize("name", NAMES)
def test_the_explanation_is_one_sentence_of_numbers(name):
    text = answer(name).explanation
    assert (text.endswith("."), any(c.isdigit() for c in text), "nan" in text) == (
        True,
        True,
        False,
    )


EXPECTED = {
    "buffet-crush": "buffet",
    "overflowing-rail": "some",
    "live-scores": "belt",
    "stale-fridge": "many",
    "stampede": "gone",
    "db-outage": "belt",
    "multi-tool": "stale",
}
"""What the default evenings show; the library's checked claims say the same."""


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_default_evening_gives_the_answer_its_note_teaches(name):
    assert answer(name).key == EXPECTED[name]


def test_neither_kitchen_loses_a_ticket_when_chefs_walk_out():
    # Both serve every order in the end: the counts are within a few percent.
    assert answer("chef-walks-out").key == lessons.SAME


@pytest.mark.parametrize("name", NAMES)
def test_a_right_pick_is_graded_right(name):
    step = lessons.step(name)
    feedback = lessons.grade(step, answer(name).key, runs(name))
    assert (feedback.correct, feedback.text) == (
        True,
        "Right. " + answer(name).explanation,
    )


@pytest.mark.parametrize("name", NAMES)
def test_every_wrong_pick_is_graded_not_this_time_naming_the_right_one(name):
    step = lessons.step(name)
    right = answer(name)
    wrong = [key for key in step.choices if key.key != right.key]
    said = {c.key: lessons.grade(step, c.key, runs(name)) for c in wrong}
    opening = f"Not this time: the run says “{step.label(right.key)}”. "
    assert {k: (f.correct, f.text) for k, f in said.items()} == {
        k: (False, opening + right.explanation) for k in said
    }


# -- the rules, over any figures -------------------------------------------------------

figure = st.one_of(
    st.floats(0, 1e6, allow_nan=False),
    st.integers(0, 1000).map(float),
    st.just(math.nan),
    st.just(0.0),
)


@pytest.mark.parametrize("name", NAMES)
def test_any_figures_give_a_key_among_the_choices(name):
    keys = tuple(answer(name).figures)
    rule = lessons.RULES[name]
    choices = lessons.step(name).keys()

    @settings(max_examples=60, deadline=None)
    @given(st.fixed_dictionaries({k: figure for k in keys}))
    def decides(figures):
        assert rule.decide(figures) in choices

    decides()


@pytest.mark.parametrize("name", NAMES)
def test_any_figures_can_be_explained(name):
    keys = tuple(answer(name).figures)
    rule = lessons.RULES[name]

    @settings(max_examples=30, deadline=None)
    @given(st.fixed_dictionaries({k: figure for k in keys}))
    def explains(figures):
        assert rule.explain(figures).endswith(".")

    explains()


def test_larger_names_the_larger():
    assert lessons.larger(10.0, 5.0, "a", "b") == "a"


def test_larger_calls_figures_within_five_percent_the_same():
    assert lessons.larger(100.0, 95.0, "a", "b") == lessons.SAME


def test_larger_calls_nan_the_same():
    assert lessons.larger(math.nan, 5.0, "a", "b") == lessons.SAME


def test_smaller_names_the_smaller():
    assert lessons.smaller(10.0, 5.0, "a", "b") == "b"


@pytest.mark.parametrize(
    ("share", "key"),
    [(0.0, "none"), (0.05, "few"), (0.1, "some"), (0.49, "some"), (0.5, "most")],
)
def test_band_puts_a_share_in_its_band(share, key):
    keys = ("none", "few", "some", "most")
    assert lessons.band(share, (1e-12, 0.1, 0.5), keys) == key


def test_a_share_of_nothing_falls_in_the_lowest_band():
    # No order arrived: none was dropped, rather than "more than half".
    assert lessons.band(math.nan, (1e-12, 0.1, 0.5), ("none", "few", "some")) == "none"


def test_kitchens_that_lose_about_as_many_are_the_same():
    decide = lessons.RULES["db-outage"].decide
    assert decide({"buffet": 100.0, "multi": 99.0, "belt": 98.0}) == lessons.SAME


def test_the_kitchen_that_loses_clearly_fewest_is_named():
    decide = lessons.RULES["db-outage"].decide
    assert decide({"buffet": 22.0, "multi": 23.0, "belt": 0.0}) == "belt"


def test_stampede_reads_that_remain_are_fewer_not_gone():
    decide = lessons.RULES["stampede"].decide
    assert decide({"before": 100.0, "after": 10.0}) == "fewer"


def test_a_multi_tool_kitchen_that_loses_orders_gives_up_orders():
    decide = lessons.RULES["multi-tool"].decide
    figures = {"stale": 0.0, "all_db_stale": 0.0, "gone": 3.0, "all_db_gone": 0.0}
    assert decide(figures) == "lost"


# -- numbers in the stories ------------------------------------------------------------

WORDS = [
    ("buffet-crush", "six-minute rush", "rush_minutes", 6.0),
    ("buffet-crush", "three and a half times", "rush_peak", 3.5),
    ("chef-walks-out", "twelve times an hour", "crash_rate", 12.0),
    ("chef-walks-out", "30-second lease", "lease_s", 30.0),
    ("overflowing-rail", "Thirty guests a minute", "load", 30.0),
    ("overflowing-rail", "holds five waiting tickets", "queue_capacity", 5),
    ("live-scores", "Six readers", "readers", 6),
    ("stale-fridge", "for ten minutes", "ttl_s", 600.0),
    ("stale-fridge", "ten times a minute", "recipe_updates", 10.0),
    ("stampede", "only two", "ttl_s", 2.0),
    ("db-outage", "Ten minutes into the evening", "outage_start_s", 600.0),
    ("db-outage", "down for two minutes", "outage_s", 120.0),
    ("multi-tool", "three readers", "readers", 3),
]


@pytest.mark.parametrize(("name", "words", "param", "value"), WORDS)
def test_a_number_in_a_story_is_the_scenarios(name, words, param, value):
    text = " ".join(lessons.step(name).intro.split())
    assert (words in text, getattr(library.scenario(name), param)) == (True, value)
