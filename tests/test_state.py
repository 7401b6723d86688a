"""The page's state checks: whatever session state holds, a valid scenario.

Widget values arrive from the browser; Streamlit checks the bounds of its
own sliders, and :func:`page.state.checked` checks everything, whatever
its type, before the kitchen sees it.
"""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from kitchen import scenario as scenario_module
from kitchen.params import BY_NAME, PARAMS
from kitchen.scenario import ParameterError, build
from page import state

ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=200),
    st.lists(st.integers(), max_size=3),
)


def test_a_forged_choice_is_refused_with_the_allowed_values():
    values = {"tickets": "<script>alert(1)</script>"}
    scenario, messages = state.checked(values)
    assert scenario.tickets == BY_NAME["tickets"].default
    assert "tickets='<script>alert(1)</script>' is not allowed" in messages[0]


def test_a_refused_choice_names_what_is_allowed():
    _, messages = state.checked({"tickets": "bus"})
    assert "allowed: one of db, queue, stream" in messages[0]


def test_a_fixed_value_is_written_back_for_its_control():
    values = {"chefs": 500}
    state.checked(values)
    assert values["chefs"] == BY_NAME["chefs"].high


def test_text_where_a_number_belongs_falls_back_to_the_default():
    values = {"chefs": "many"}
    scenario, _ = state.checked(values)
    assert scenario.chefs == BY_NAME["chefs"].default


def test_an_infinite_number_is_named():
    _, messages = state.checked({"load": math.inf})
    assert messages[0].startswith("load=inf is not allowed")


def test_an_unknown_view_falls_back_to_the_kitchen():
    values = {state.VIEW_KEY: "admin"}
    _, messages = state.checked(values)
    assert values[state.VIEW_KEY] == "kitchen"
    assert "view='admin' is not allowed" in messages[0]


def test_a_link_seeds_the_state_once():
    values: dict = {}
    state.start(values, {"tickets": ["db"], "view": ["theory"]})
    state.start(values, {"tickets": ["stream"]})
    assert (values["tickets"], values[state.VIEW_KEY]) == ("db", "theory")


def test_a_bad_link_leaves_a_notice_for_the_first_run():
    values: dict = {}
    state.start(values, {"chefs": ["900"]})
    assert "chefs" in state.take_notices(values)[0]


def test_notices_are_shown_once():
    values: dict = {}
    state.start(values, {"chefs": ["900"]})
    state.take_notices(values)
    assert state.take_notices(values) == []


@given(st.dictionaries(st.sampled_from([p.name for p in PARAMS]), ANYTHING))
def test_any_state_gives_a_valid_scenario(values):
    scenario, _ = state.checked(dict(values))
    assert build(scenario.as_dict()) == scenario


def _accepted(name: str, value: object) -> object:
    """The value the registry makes of ``value`` alone, or None if refused.

    Rules between parameters are left out: a value that breaks one (minutes
    shorter than the rush) is kept, and the other parameter is fixed and
    named instead.
    """
    try:
        return scenario_module._coerce(BY_NAME[name], value)
    except ParameterError:
        return None


@given(st.dictionaries(st.sampled_from([p.name for p in PARAMS]), ANYTHING))
def test_every_value_not_used_is_named_in_a_message(values):
    scenario, messages = state.checked(dict(values))
    for name, value in values.items():
        if getattr(scenario, name) != _accepted(name, value):
            assert any(m.startswith(name) for m in messages), (name, value)


@given(st.dictionaries(st.sampled_from([p.name for p in PARAMS]), ANYTHING))
def test_after_a_check_the_state_holds_only_valid_values(values):
    held = dict(values)
    state.checked(held)
    scenario, messages = state.checked(held)
    assert messages == [] and build(scenario.as_dict()) == scenario
