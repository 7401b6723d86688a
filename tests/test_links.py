"""The link codec: any query decodes to a valid scenario, and links round-trip.

Hypothesis draws valid scenarios from the registry's own bounds (and the two
rules that tie parameters together) for the round trip, and arbitrary
queries, hostile ones included, for decoding.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from classroom import links
from kitchen.params import BY_NAME, PARAMS
from kitchen.scenario import TIED, ParameterError, build, default, format_value

VIEWS = ("kitchen", "charts", "compare")
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TIED_TO = ("stations", "minutes")
SOLO = [p.name for p in PARAMS if p.name not in TIED and p.name not in TIED_TO]
"""Parameters whose every value is checked alone, without a rule tying them."""


def _value(param):
    if param.kind == "choice":
        return st.sampled_from(param.choices)
    if param.kind == "bool":
        return st.booleans()
    if param.kind == "int":
        return st.integers(int(param.low), int(param.high))
    return st.floats(param.low, param.high, allow_nan=False, allow_infinity=False)


@st.composite
def valid_scenarios(draw):
    """Any scenario the registry allows, tied rules included."""
    values = {p.name: draw(_value(p)) for p in PARAMS if p.name not in TIED}
    # The tied rules: walkout_station <= stations, rush_minutes <= minutes.
    values["walkout_station"] = draw(st.integers(0, values["stations"]))
    values["rush_minutes"] = draw(
        st.floats(BY_NAME["rush_minutes"].low, values["minutes"])
    )
    return build(values)


texts = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "nan",
            "NaN",
            "inf",
            "-inf",
            "1e309",
            "-0",
            "1e-400",
            "<script>alert(1)</script>",
            '"><img src=x onerror=alert(1)>',
            "[click](http://127.0.0.1/x)",
            "true",
            "0x10",
            "",
            " ",
            "9" * 5000,
        ]
    ),
)
keys = st.one_of(st.sampled_from([p.name for p in PARAMS] + ["v", "view"]), st.text())
raw_values = st.one_of(
    texts,
    st.lists(texts, max_size=4),
    st.integers(),
    st.floats(),
    st.none(),
    st.binary(max_size=8),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
)
queries = st.dictionaries(keys, raw_values, max_size=12)


# -- round trip ------------------------------------------------------------------


@SETTINGS
@given(valid_scenarios())
def test_encode_then_decode_gives_the_same_scenario(scenario):
    assert links.decode(links.encode(scenario)).scenario == scenario


@SETTINGS
@given(valid_scenarios())
def test_encode_then_decode_keeps_every_value_bit_for_bit(scenario):
    decoded = links.decode(links.encode(scenario)).scenario
    assert [repr(v) for v in decoded.as_dict().values()] == [
        repr(v) for v in scenario.as_dict().values()
    ]


@SETTINGS
@given(valid_scenarios())
def test_a_valid_link_decodes_without_a_message(scenario):
    assert links.decode(links.encode(scenario)).messages == ()


@SETTINGS
@given(valid_scenarios(), st.sampled_from(VIEWS))
def test_a_shared_url_decodes_to_its_scenario_and_view(scenario, view):
    url = links.share_url("http://127.0.0.1:8501/app?old=1#top", scenario, view)
    link = links.decode_url(url, views=VIEWS)
    assert (link.scenario, link.view, link.messages) == (scenario, view, ())


def test_a_link_carries_only_changes_and_the_seed():
    scenario = default().with_values(tickets="db", load=30.0)
    assert links.encode(scenario) == {
        "v": "1",
        "load": "30.0",
        "tickets": "db",
        "seed": "1",
    }


def test_a_link_writes_a_float_as_its_repr():
    scenario = default().with_values(load=10.1 + 0.2)
    assert links.encode(scenario)["load"] == repr(10.1 + 0.2)


def test_encode_refuses_a_malformed_view():
    with pytest.raises(ValueError, match="not a view name"):
        links.encode(default(), view="<script>")


# -- old links ---------------------------------------------------------------------


def test_a_version_1_link_keeps_working():
    link = links.decode({"v": "1", "tickets": "db", "seed": "7"})
    assert (link.scenario, link.version, link.messages) == (
        build(tickets="db", seed=7),
        1,
        (),
    )


def test_a_link_without_a_version_keeps_working():
    link = links.decode({"tickets": "db", "chefs": "4"})
    assert (link.scenario, link.messages) == (build(tickets="db", chefs=4), ())


def test_a_link_written_before_a_parameter_existed_takes_its_default():
    # Old links hold only the parameters of their day; the rest are defaults.
    link = links.decode({"v": "1", "load": "20.0"})
    assert link.scenario == build(load=20.0)


def test_every_old_format_has_an_upgrade():
    assert set(links.UPGRADES) == set(range(1, links.FORMAT_VERSION))


@pytest.mark.parametrize("version", ["0", "2", "99", "one", "", "1.0", "١"])
def test_an_unknown_version_is_read_as_the_current_one_with_a_message(version):
    link = links.decode({"v": version, "tickets": "db"})
    assert (link.scenario.tickets, link.version, link.messages[0][:2]) == (
        "db",
        links.FORMAT_VERSION,
        "v=",
    )


# -- views -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["settings", "<script>", "Kitchen", " ", "", "a" * 40, "../etc"]
)
def test_an_unknown_view_is_refused_with_a_message(name):
    link = links.decode({"view": name}, views=VIEWS)
    allowed = "allowed: one of kitchen, charts, compare"
    assert (link.view, allowed in link.messages[0]) == (None, True)


def test_a_known_view_is_kept():
    assert links.decode({"view": "charts"}, views=VIEWS).view == "charts"


def test_without_a_list_any_well_formed_view_name_is_kept():
    assert links.decode({"view": "charts"}).view == "charts"


def test_without_a_list_a_malformed_view_name_is_refused():
    assert links.decode({"view": "<script>"}).view is None


def test_a_view_that_is_not_text_is_refused():
    link = links.decode({"view": 3}, views=VIEWS)
    assert (link.view, len(link.messages)) == (None, 1)


# -- bad values --------------------------------------------------------------------


BAD = [
    ("load", "nan", "nan", "0.5 to 600", "Using the default 12"),
    ("load", "inf", "inf", "0.5 to 600", "Using 600"),
    ("load", "-inf", "-inf", "0.5 to 600", "Using 0.5"),
    ("load", "<script>", "'<script>'", "0.5 to 600", "Using the default 12"),
    ("chefs", "2.5", "2.5", "1 to 20", "Using 2"),
    ("chefs", "99", "99", "1 to 20", "Using 20"),
    ("stations", "0", "0", "1 to 6", "Using 1"),
    ("seed", "-1", "-1", "0 to 2147483647", "Using 0"),
    ("tickets", "pigeon", "'pigeon'", "one of db, queue, stream", "default queue"),
    ("coalescing", "maybe", "'maybe'", "true or false", "default False"),
    ("load", "1" * 500, "'1111", "0.5 to 600", "text too long"),
]


@pytest.mark.parametrize(("name", "given", "shown", "allowed", "fix"), BAD)
def test_a_bad_value_names_parameter_value_and_range(name, given, shown, allowed, fix):
    (message,) = links.decode({name: given}).messages
    assert (
        message.startswith(f"{name}={shown}"),
        f"allowed: {allowed}" in message,
        fix in message,
    ) == (True, True, True)


def test_a_value_that_is_not_text_names_parameter_type_and_range():
    (message,) = links.decode({"load": math.nan}).messages
    assert message == (
        "load was given a value of type float, not text; allowed: 0.5 to 600. "
        "Using the default 12."
    )


def test_a_walkout_at_a_missing_station_moves_to_the_last_one():
    link = links.decode({"stations": "2", "walkout_station": "5"})
    assert (link.scenario.walkout_station, link.messages) == (
        2,
        (
            "walkout_station=5 is not allowed (no such station); "
            "allowed: 0 to stations (2). Using 2.",
        ),
    )


def test_a_rush_longer_than_the_service_is_cut_to_the_service():
    link = links.decode({"minutes": "10", "rush_minutes": "100"})
    assert (link.scenario.rush_minutes, link.messages) == (
        10.0,
        (
            "rush_minutes=100.0 is not allowed (longer than the service); "
            "allowed: at most minutes (10). Using 10.",
        ),
    )


def test_a_repeated_key_keeps_the_first_value_and_says_so():
    link = links.decode({"load": ["5", "6", "7"]})
    assert (link.scenario.load, link.messages) == (
        5.0,
        ("load was given 3 times; the first value '5' is kept and '6', '7' ignored.",),
    )


def test_an_unknown_parameter_is_ignored_by_name():
    link = links.decode({"spice": "3"})
    assert (link.scenario, link.messages) == (
        default(),
        ("Unknown parameter 'spice' ignored.",),
    )


def test_too_many_keys_are_cut_with_a_message():
    query = {f"k{i}": "1" for i in range(links.MAX_KEYS + 50)}
    link = links.decode(query)
    assert link.messages[-1] == f"{links.MAX_KEYS + 1 - links.MAX_MESSAGES} more " + (
        "problems are not shown."
    )


def test_a_version_of_thousands_of_digits_is_reported_not_raised():
    link = links.decode({"v": "9" * 5000, "tickets": "db"})
    assert (link.scenario.tickets, link.version, len(link.messages)) == (
        "db",
        links.FORMAT_VERSION,
        1,
    )


def test_a_query_that_is_not_a_mapping_is_reported():
    link = links.decode(["load", "5"])
    assert (link.scenario, len(link.messages)) == (default(), 1)


def test_no_query_is_the_default_scenario():
    assert links.decode(None) == links.Link(default(), None, (), links.FORMAT_VERSION)


def test_a_huge_key_and_value_are_cut_in_the_message():
    link = links.decode({"x" * 100_000: "y" * 1_000_000})
    assert max(len(m) for m in link.messages) < 200


# -- properties over any query ---------------------------------------------------


def _checks(scenario) -> bool:
    return build(scenario.as_dict()) == scenario


@SETTINGS
@given(queries)
def test_any_query_decodes_to_a_valid_scenario(query):
    assert _checks(links.decode(query, views=VIEWS).scenario)


@SETTINGS
@given(st.one_of(queries, st.text(), st.integers(), st.lists(texts), st.none()))
def test_decode_never_raises(query):
    link = links.decode(query)
    assert isinstance(link, links.Link)


@SETTINGS
@given(st.text(max_size=300))
def test_decode_url_never_raises(url):
    assert _checks(links.decode_url(url).scenario)


@SETTINGS
@given(queries)
def test_messages_are_capped(query):
    assert len(links.decode(query).messages) <= links.MAX_MESSAGES + 1


@SETTINGS
@given(queries)
def test_any_view_decoded_is_one_of_the_page(query):
    assert links.decode(query, views=VIEWS).view in (None, *VIEWS)


@SETTINGS
@given(st.sampled_from(SOLO), texts)
def test_every_bad_text_value_gets_a_message_naming_it(name, text):
    try:
        build({name: text})
        bad = False
    except ParameterError:
        bad = True
    assume(bad)
    messages = links.decode({name: text}).messages
    param = BY_NAME[name]
    assert any(
        m.startswith(f"{name}=") and f"allowed: {param.allowed()}" in m
        for m in messages
    )


@st.composite
def good_texts(draw):
    """A parameter and a value of it written the way a person might type it."""
    param = BY_NAME[draw(st.sampled_from(SOLO))]
    value = draw(_value(param))
    text = format_value(param, value)
    if param.kind in ("int", "float"):
        text = draw(st.sampled_from([text, f"{value:g}", f" {text} "]))
    return param.name, text


@SETTINGS
@given(good_texts())
def test_a_good_text_value_is_taken_silently(pair):
    name, text = pair
    link = links.decode({name: text})
    assert (link.scenario, link.messages) == (build({name: text}), ())


@SETTINGS
@given(st.dictionaries(st.sampled_from(SOLO), texts, max_size=8))
def test_every_value_is_used_or_reported(query):
    link = links.decode(query)
    for name, text in query.items():
        try:
            value = getattr(build({name: text}), name)
        except ParameterError:
            value = None
        used = value is not None and getattr(link.scenario, name) == value
        reported = any(m.startswith(f"{name}=") for m in link.messages)
        assert used or reported, name
