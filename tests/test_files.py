"""Scenario files: written exactly, read without trust, round trip for any scenario."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kitchen import files
from kitchen.cli import main
from kitchen.params import BY_NAME
from kitchen.scenario import build, default
from tests.test_links import valid_scenarios

# -- small cases, exact ----------------------------------------------------------


def test_a_file_holds_the_version_the_changes_and_the_seed():
    scenario = build(profile="rush", tickets="db")
    assert json.loads(files.write(scenario)) == {
        "kitchen_sync": 1,
        "profile": "rush",
        "tickets": "db",
        "seed": 1,
    }


def test_a_file_reads_back_to_its_scenario():
    text = '{"kitchen_sync": 1, "load": 20, "tickets": "stream", "seed": 7}'
    scenario, problems = files.read(text)
    assert problems == []
    assert scenario == build(load=20.0, tickets="stream", seed=7)


def test_a_file_without_a_version_is_read_as_the_current_format():
    scenario, problems = files.read(b'{"chefs": 4}')
    assert problems == []
    assert scenario.chefs == 4


def test_an_empty_object_is_the_default_evening():
    assert files.read("{}") == (default(), [])


def test_a_byte_order_mark_is_allowed():
    scenario, _ = files.read('\ufeff{"chefs": 3}'.encode())
    assert scenario.chefs == 3


def test_every_bad_value_is_named_and_the_rest_is_used():
    text = (
        '{"load": 1e9, "tickets": "db", "tickets": "queue", "bogus": 1, '
        '"chefs": "many", "ttl_s": NaN, "recipes": {"a": 1}, "stations": 4}'
    )
    scenario, problems = files.read(text)
    assert [p.name for p in problems] == [
        "load",
        "tickets",
        "bogus",
        "chefs",
        "ttl_s",
        "recipes",
    ]
    assert problems[0].message.startswith("load=1000000000.0 is not allowed")
    assert "allowed: 0.5 to 600" in problems[0].message
    assert problems[1].message == "tickets was given twice; the first value is kept."
    assert scenario.load == BY_NAME["load"].high
    assert scenario.tickets == "db"
    assert scenario.chefs == BY_NAME["chefs"].default
    assert scenario.recipes == BY_NAME["recipes"].default
    assert scenario.stations == 4


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"\xff\xfe\x00garbage", "is not text"),
        ("not json", "is not valid JSON (line 1)"),
        ("[1, 2]", "holds a JSON list"),
        ('"load"', "holds a JSON string"),
        ("12", "holds a JSON number"),
        ("null", "holds a JSON null"),
        ('{"kitchen_sync": 2}', "kitchen_sync is 2"),
        ('{"kitchen_sync": true}', "kitchen_sync is true"),
        ("[" * 50_000 + "]" * 50_000, "is over 65,536 bytes"),
        ("[" * 30_000 + "]" * 30_000, "is not valid JSON"),
        ('{"load": ' + "9" * 5000 + "}", "is not valid JSON"),
    ],
)
def test_a_file_that_cannot_be_used_is_refused_with_what_is_allowed(data, says):
    with pytest.raises(files.FileProblem, match="allowed") as refused:
        files.read(data)
    assert says in str(refused.value)


# -- properties ---------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(valid_scenarios())
def test_any_scenario_survives_a_round_trip(scenario):
    assert files.read(files.write(scenario)) == (scenario, [])


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=10,
)
names = st.sampled_from(sorted(BY_NAME)) | st.text(max_size=20)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(names, json_values, max_size=8))
def test_any_json_object_gives_a_valid_scenario_and_a_message_per_fix(values):
    scenario, problems = files.read(json.dumps(values))
    assert scenario == build(scenario.as_dict())
    for problem in problems:
        assert problem.message


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300))
def test_any_bytes_give_a_scenario_or_a_clear_refusal(data):
    try:
        scenario, _ = files.read(data)
    except files.FileProblem as refused:
        assert "allowed" in str(refused)
    else:
        assert scenario == build(scenario.as_dict())


# -- the command line ---------------------------------------------------------------


def test_the_command_line_runs_a_file_and_set_changes_it(tmp_path, capsys):
    path = tmp_path / "rush.json"
    path.write_text('{"profile": "rush", "seed": 7}')
    saved = tmp_path / "saved.json"
    code = main(["--scenario", str(path), "--set", "tickets=db", "--save", str(saved)])
    assert code == 0
    assert "scenario: profile=rush, tickets=db, seed=7" in capsys.readouterr().out
    assert files.read(saved.read_text()) == (
        build(profile="rush", tickets="db", seed=7),
        [],
    )


def test_the_command_line_warns_for_each_fix_and_still_runs(tmp_path, capsys):
    path = tmp_path / "odd.json"
    path.write_text('{"load": 1e9, "bogus": 1, "minutes": 2, "rush_minutes": 1}')
    assert main(["--scenario", str(path), "--json"]) == 0
    captured = capsys.readouterr()
    assert f"warning: {path}: load=1000000000.0 is not allowed" in captured.err
    assert "Unknown parameter 'bogus' ignored." in captured.err
    assert json.loads(captured.out)["lost"] == 0


def test_the_command_line_refuses_an_unreadable_file(tmp_path, capsys):
    path = tmp_path / "list.json"
    path.write_text("[]")
    assert main(["--scenario", str(path)]) == 2
    assert "holds a JSON list" in capsys.readouterr().err
    assert main(["--scenario", str(tmp_path / "missing.json")]) == 2


# -- found by trying to break it ----------------------------------------------------


@pytest.mark.parametrize("digits", [309, 400, 4300])
def test_an_integer_too_large_for_a_float_is_clamped_not_a_crash(digits):
    scenario, problems = files.read(b'{"load": 1' + b"0" * (digits - 1) + b"}")
    assert scenario.load == BY_NAME["load"].high
    assert [p.name for p in problems] == ["load"]
    assert "out of range" in problems[0].message


def test_text_that_is_not_unicode_is_refused():
    with pytest.raises(files.FileProblem, match="not text"):
        files.read('{"load": "\ud800"}')


def test_a_nested_value_is_quoted_as_json_shows_it():
    _, problems = files.read('{"load": {"x": 1}}')
    assert problems[0].message.startswith("load={'x': 1} is not allowed")


def test_the_command_line_says_why_it_cannot_save(tmp_path, capsys):
    assert (
        main(["--save", str(tmp_path), "--set", "minutes=1", "--set", "rush_minutes=1"])
        == 2
    )
    assert f"error: --save {tmp_path}:" in capsys.readouterr().err


def test_the_command_line_says_why_it_cannot_write_frames(tmp_path, capsys):
    taken = tmp_path / "taken"
    taken.write_text("")
    assert (
        main(["--out", str(taken), "--set", "minutes=1", "--set", "rush_minutes=1"])
        == 2
    )
    assert f"error: --out {taken}:" in capsys.readouterr().err
