"""The page, driven through Streamlit's AppTest: controls, presets, links, views.

The kitchen's run is replaced by a recorder that keeps every scenario the
page asks for and hands back one real bundle, so each test checks what the
simulation would receive without paying for a run per click.
"""

from __future__ import annotations

import functools
import math
import types
from pathlib import Path

import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from classroom import export
from kitchen.params import BY_NAME, PARAMS
from kitchen.result import Result
from kitchen.scenario import build
from page import runs, sidebar
from views import controls

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 120


@pytest.fixture(scope="module")
def bundle() -> runs.Shown:
    return runs.bundle(build({"minutes": 5, "rush_minutes": 2}))


@pytest.fixture
def asked(monkeypatch, bundle) -> list:
    """Every scenario the page asks the kitchen for, in order."""
    seen: list = []

    def record(store, scenario):
        seen.append(scenario)
        return bundle

    monkeypatch.setattr(runs, "shown", record)
    return seen


def page(query: dict[str, str] | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in (query or {}).items():
        app.query_params[key] = value
    return app.run()


def warnings(app: AppTest) -> str:
    return " ".join(w.value for w in app.warning)


def widget(app: AppTest, name: str):
    """The sidebar widget of one parameter, whatever its kind."""
    kind = controls.control(BY_NAME[name]).widget
    finder = {
        controls.SLIDER: app.sidebar.slider,
        controls.NUMBER: app.sidebar.number_input,
        controls.RADIO: app.sidebar.radio,
        controls.SELECT: app.sidebar.selectbox,
        controls.TOGGLE: app.sidebar.toggle,
    }[kind]
    return finder(key=name)


def other_value(name: str) -> object:
    """A valid value of a parameter that differs from its default."""
    param = BY_NAME[name]
    if param.kind == "bool":
        return not param.default
    if param.kind == "choice":
        return next(c for c in param.choices if c != param.default)
    step = param.step or 1
    value = param.default + step if param.default + step <= param.high else param.low
    return int(value) if param.kind == "int" else float(value)


def test_the_page_starts_without_an_exception(asked):
    app = page()
    assert not app.exception


def test_the_first_run_simulates_the_default_kitchen(asked):
    page()
    assert asked[-1] == build({})


def test_the_headline_shows_six_figures(asked):
    app = page()
    assert len(app.metric) == 6


def test_every_parameter_has_one_control_keyed_by_its_name(asked):
    app = page()
    for param in PARAMS:
        assert widget(app, param.name).key == param.name


@pytest.mark.parametrize("name", [p.name for p in PARAMS])
def test_each_control_changes_the_scenario_the_kitchen_receives(asked, name):
    app = page()
    value = other_value(name)
    if name == "walkout_station":
        # A walkout needs a station to walk out of: the first one.
        value = 1
    widget(app, name).set_value(value).run()
    assert getattr(asked[-1], name) == value


@pytest.mark.parametrize("found", controls.PRESETS, ids=lambda p: p.name)
def test_each_preset_sets_the_mix(asked, found):
    app = page()
    app.sidebar.button(key=f"preset:{found.name}").click().run()
    received = asked[-1]
    assert (received.tickets, received.recipes, received.status) == (
        found.tickets,
        found.recipes,
        found.status,
    )


def test_a_forged_slider_value_never_reaches_the_kitchen(asked):
    # Streamlit refuses it on the server and puts the registry's default back.
    app = page()
    app.sidebar.slider(key="load").set_value(1e9).run()
    assert asked[-1].load == BY_NAME["load"].default


def test_the_control_shows_the_value_used_after_a_forgery(asked):
    app = page()
    app.sidebar.slider(key="load").set_value(1e9).run()
    assert app.sidebar.slider(key="load").value == BY_NAME["load"].default


def test_a_forged_nan_falls_back_to_the_default(asked):
    app = page()
    widget(app, "work_s").set_value(math.nan).run()
    assert asked[-1].work_s == BY_NAME["work_s"].default


def test_a_link_opens_its_scenario(asked):
    page({"v": "1", "tickets": "db", "load": "20.0", "seed": "7"})
    assert (asked[-1].tickets, asked[-1].load, asked[-1].seed) == ("db", 20.0, 7)


def test_a_bad_link_value_is_named_in_a_warning(asked):
    app = page({"load": "9999"})
    assert "load" in warnings(app)


def test_a_bad_link_still_runs_the_kitchen(asked):
    page({"load": "nan", "menu_size": "x" * 5000, "nonsense": "1"})
    assert asked[-1].load == BY_NAME["load"].default


def test_the_address_bar_follows_the_controls(asked):
    app = page()
    app.sidebar.radio(key="tickets").set_value("db").run()
    assert app.query_params["tickets"] == "db"


def test_the_story_describes_the_run_it_came_from(asked, bundle):
    app = page()
    served = f"{bundle.result.summary['served']:,.0f}"
    story = " ".join(m.value for m in app.markdown)
    assert served in story


def test_the_strategy_notes_follow_the_mix(asked):
    app = page()
    app.sidebar.button(key="preset:All streams").click().run()
    titles = [e.label for e in app.expander]
    assert any("belt" in t.lower() or "stream" in t.lower() for t in titles)


@pytest.mark.parametrize(
    "view", ["presenter", "theory", "compare", "library", "lessons"]
)
def test_every_view_opens_without_an_exception(asked, view):
    app = page({"view": view, "minutes": "5.0", "rush_minutes": "2.0"})
    assert not app.exception


def test_an_unknown_view_in_a_link_opens_the_kitchen(asked):
    app = page({"view": "<img src=x>"})
    assert "view" in warnings(app)


def test_the_lesson_path_can_be_walked_to_its_end(asked):
    app = page({"view": "lessons"})
    visited = 0
    while True:
        visited += 1
        radio = app.radio(key="lesson:pick")
        radio.set_value(radio.options[0]).run()
        app.button(key="lesson:run").click().run()
        assert app.success or app.warning
        following = [b for b in app.button if b.key == "lesson:next"]
        if not following:
            break
        following[0].click().run()
    assert visited == 8


def test_a_link_cannot_put_markup_in_a_warning(asked):
    app = page(
        {"tickets": "[Log in](http://127.0.0.1/x)", "![a](http://127.0.0.1/p.png)": "1"}
    )
    # Every bracket arrives escaped, so Markdown shows it as typed.
    assert "\\[Log in\\]\\(http" in warnings(app)


# -- scenario files -------------------------------------------------------------------


def upload(app: AppTest, name: str, data: bytes) -> AppTest:
    """Open a scenario file from the sidebar, as a student would."""
    return app.sidebar.file_uploader(key=sidebar.FILE_KEY).upload(name, data).run()


def test_a_scenario_file_sets_every_control(asked):
    app = page()
    upload(
        app,
        "rush.json",
        b'{"kitchen_sync": 1, "profile": "rush", "chefs": 4, "seed": 9}',
    )
    assert not app.exception
    assert asked[-1] == build(profile="rush", chefs=4, seed=9)
    assert widget(app, "chefs").value == 4
    assert not app.warning


def test_a_bad_scenario_file_is_named_and_the_page_keeps_working(asked):
    app = page()
    upload(app, "<b>odd</b>.json", b'{"load": 1e9, "chefs": "many"}')
    assert not app.exception
    text = warnings(app)
    assert "load=1000000000.0 is not allowed" in text.replace("\\", "")
    assert "chefs" in text
    assert "<b>" not in text  # the file's name is quoted, never markup
    assert asked[-1].load == BY_NAME["load"].high


def test_an_unreadable_scenario_file_leaves_the_controls_alone(asked):
    app = page({"chefs": "5"})
    upload(app, "x.json", b"[1]")
    assert not app.exception
    assert "holds a JSON list" in warnings(app)
    assert asked[-1].chefs == 5


def test_a_scenario_file_of_many_bad_names_shows_a_bounded_list(asked):
    many = "{" + ", ".join(f'"x{i}": 1' for i in range(500)) + "}"
    app = page()
    upload(app, "many.json", many.encode())
    assert not app.exception
    assert len(app.warning) == 21
    assert "480 more problems are not shown" in warnings(app)


def _held(found: object, depth: int = 0) -> list[object]:
    """What a download's callable keeps alive: closures, partials, containers."""
    if depth > 6:
        return [found]
    if isinstance(found, functools.partial):
        parts = [found.func, *found.args, *found.keywords.values()]
    elif isinstance(found, types.FunctionType):
        parts = [cell.cell_contents for cell in found.__closure__ or ()]
    elif isinstance(found, tuple | list):
        parts = list(found)
    elif isinstance(found, dict):
        parts = list(found.values())
    else:
        return [found]
    return [found, *(h for part in parts for h in _held(part, depth + 1))]


@pytest.fixture
def offered(monkeypatch) -> list:
    """Every download the page offers to make when asked."""
    made: list = []
    real = MediaFileManager.add_deferred

    def record(self, data_callable, *args, **kwargs):
        made.append(data_callable)
        return real(self, data_callable, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return made


def test_a_page_kept_for_its_browser_holds_no_run(asked, offered, bundle):
    # Streamlit keeps a closed page, downloads and all, in case its browser
    # returns: a download holding the run kept every student's run alive.
    page()
    assert len(offered) == 2
    for data in offered:
        held = _held(data)
        assert not any(isinstance(h, Result | pd.DataFrame) for h in held)


def test_the_downloads_are_made_from_the_run_on_screen(asked, offered, bundle):
    page()
    data, handout = (made() for made in offered)
    assert data == export.frames_zip(bundle.result)
    served = f"{bundle.result.summary['served']:,.0f}"
    assert handout.startswith("<!DOCTYPE html>") and served in handout
