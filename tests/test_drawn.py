"""A figure drawn once sends exactly what the checked Plotly figure would."""

from __future__ import annotations

import json
import pickle
import textwrap

import plotly.graph_objects as go
import plotly.io as pio
from streamlit.testing.v1 import AppTest

from views.drawn import Drawn

SPEC = {
    "data": [{"type": "scatter", "x": [0, 1, 2], "y": [3, 1, 2], "name": "rail"}],
    "layout": {"title": {"text": "a rail"}, "xaxis": {"range": [0, 2]}},
    "frames": [
        {"name": "0", "data": [{"type": "scatter", "y": [1, 1, 1]}], "traces": [0]}
    ],
}


def sent(figure) -> dict:
    return json.loads(pio.to_json(figure, validate=False))


def test_it_sends_what_the_checked_figure_sends() -> None:
    assert sent(Drawn(SPEC)) == sent(go.Figure(SPEC))


def test_it_carries_the_default_template_a_figure_would() -> None:
    assert (
        sent(Drawn(SPEC))["layout"]["template"]
        == sent(go.Figure())["layout"]["template"]
    )


def test_a_template_of_its_own_is_kept() -> None:
    spec = {**SPEC, "layout": {"template": {"layout": {"font": {"size": 30}}}}}
    assert sent(Drawn(spec))["layout"]["template"] == spec["layout"]["template"]


def test_the_dict_it_was_given_is_not_changed() -> None:
    layout = dict(SPEC["layout"])
    Drawn(SPEC)
    assert SPEC["layout"] == layout


def test_it_survives_pickling_and_equals_its_figure() -> None:
    drawn = Drawn(SPEC)
    assert pickle.loads(pickle.dumps(drawn)) == drawn
    assert drawn == go.Figure(SPEC)


def test_streamlit_sends_it_like_the_checked_figure() -> None:
    script = textwrap.dedent(
        f"""
        import plotly.graph_objects as go
        import streamlit as st
        from views.drawn import Drawn

        spec = {SPEC!r}
        st.plotly_chart(Drawn(spec), key="drawn", theme=None)
        st.plotly_chart(go.Figure(spec), key="checked", theme=None)
        """
    )
    app = AppTest.from_string(script).run()
    assert not app.exception
    drawn, checked = (json.loads(c.proto.spec) for c in app.get("plotly_chart"))
    assert drawn == checked


def test_sending_it_leaves_its_traces_as_they_were() -> None:
    # Plotly's to_json drops each trace's uid from the dict it is handed.
    drawn = Drawn({"data": [{"type": "scatter", "y": [1], "uid": "rail"}]})
    pio.to_json(drawn)
    assert drawn.to_dict()["data"][0]["uid"] == "rail"


def test_empty_lists_are_left_out_as_a_checked_figure_leaves_them() -> None:
    spec = {**SPEC, "layout": {**SPEC["layout"], "updatemenus": []}, "frames": []}
    assert sent(Drawn(spec)) == sent(go.Figure(spec))


def test_it_takes_the_default_template_of_the_moment(monkeypatch) -> None:
    monkeypatch.setattr(pio.templates, "default", "plotly_dark")
    assert sent(Drawn(SPEC)) == sent(go.Figure(SPEC))
