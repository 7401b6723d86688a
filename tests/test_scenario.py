"""Checking untrusted values against the registry."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kitchen import params
from kitchen.scenario import ParameterError, build, format_value, parse_text, repair


def test_defaults_build_the_default_scenario():
    assert build().as_dict() == params.defaults()


def test_every_default_lies_within_its_own_bounds():
    for p in params.PARAMS:
        if p.kind in ("int", "float"):
            assert p.low <= p.default <= p.high, p.name
        elif p.kind == "choice":
            assert p.default in p.choices, p.name


def test_out_of_range_names_parameter_value_and_range():
    with pytest.raises(ParameterError) as caught:
        build(load=9999)
    assert str(caught.value) == (
        "load=9999.0 is not allowed (out of range); allowed: 0.5 to 600"
    )


def test_unknown_choice_lists_the_choices():
    with pytest.raises(ParameterError) as caught:
        build(tickets="carrier pigeon")
    assert "allowed: one of db, queue, stream" in str(caught.value)


def test_unknown_parameter_is_refused_by_name():
    with pytest.raises(ParameterError) as caught:
        build({"spice": 3})
    assert caught.value.name == "spice"


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, "nan", "inf"])
def test_non_finite_numbers_are_refused(value):
    with pytest.raises(ParameterError, match="load="):
        build(load=value)


def test_a_fraction_of_a_chef_is_refused():
    with pytest.raises(ParameterError, match="not a whole number"):
        build(chefs=2.5)


def test_a_bool_is_not_a_number():
    with pytest.raises(ParameterError, match="not a number"):
        build(chefs=True)


def test_huge_text_is_refused_unread():
    with pytest.raises(ParameterError, match="text too long"):
        build(load="1" * 10_000)


def test_a_rush_longer_than_the_evening_is_refused():
    with pytest.raises(ParameterError, match="rush_minutes"):
        build(minutes=5, rush_minutes=10)


def test_a_walkout_at_a_missing_station_is_refused():
    with pytest.raises(ParameterError, match="walkout_station"):
        build(stations=2, walkout_station=3)


def test_repair_clamps_a_number_to_its_nearest_bound():
    scenario, problems = repair({"load": 5000})
    assert (scenario.load, [p.name for p in problems]) == (600.0, ["load"])


def test_repair_keeps_the_first_of_a_repeated_name():
    scenario, problems = repair([("chefs", 3), ("chefs", 9)])
    assert (scenario.chefs, len(problems)) == (3, 1)


def test_repair_falls_back_to_the_default_for_a_wrong_type():
    scenario, problems = repair({"tickets": "<script>alert(1)</script>"})
    assert scenario.tickets == params.BY_NAME["tickets"].default
    assert "tickets=" in problems[0].message


def test_repair_fixes_tied_parameters_together():
    scenario, problems = repair({"minutes": 5, "stations": 1, "walkout_station": 4})
    assert (scenario.rush_minutes, scenario.walkout_station) == (5.0, 1)
    assert {p.name for p in problems} == {"rush_minutes", "walkout_station"}


def test_changed_lists_only_what_differs_from_the_defaults():
    assert build(load=20, tickets="db").changed() == {"load": 20.0, "tickets": "db"}


def _value(p: params.Param):
    if p.kind == "choice":
        return st.sampled_from(p.choices)
    if p.kind == "bool":
        return st.booleans()
    if p.kind == "int":
        return st.integers(int(p.low), int(p.high))
    return st.floats(p.low, p.high, allow_nan=False)


@given(
    st.sampled_from(params.PARAMS).flatmap(lambda p: st.tuples(st.just(p), _value(p)))
)
def test_every_value_survives_being_written_as_text(pair):
    p, value = pair
    assert parse_text(p, format_value(p, value)) == value


@given(st.dictionaries(st.text(max_size=20), st.text(max_size=80), max_size=6))
def test_repair_turns_any_text_into_a_valid_scenario(raw):
    scenario, problems = repair(raw)
    assert build(scenario.as_dict()) == scenario
    assert all(p.message for p in problems)


def test_an_overlong_number_is_refused_unread_not_cut_and_clamped():
    scenario, problems = repair({"load": "1" * 500})
    assert scenario.load == params.BY_NAME["load"].default
    assert "text too long" in problems[0].message
