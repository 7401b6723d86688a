"""The kitchen view: headline figures, the animated scene, the charts, the story.

Everything shown here was computed by :mod:`page.runs` from one run; this
module only lays it out. Figures keep their keys from run to run, so
Streamlit updates each chart in place when a control moves, and a chart the
student zoomed keeps its view (the charts carry a steady ``uirevision``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from types import SimpleNamespace
from typing import Any

import pandas as pd
import streamlit as st

from classroom import export, figures
from kitchen.result import Result
from page import runs
from page.store import RunStore
from views import charts, legend, replay, scene, words
from views.palette import clock

PRESENTER_CHARTS = ("latency", "backlog")
"""The two charts the presenter view keeps beside the scene."""
SHOWN_KEY = "_shown"
CHART_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
}
SCENE_CONFIG = {"displayModeBar": False, "scrollZoom": False}


def _chart_config(name: str) -> dict[str, Any]:
    # The camera button downloads the chart as a PNG named after it.
    return {
        **CHART_CONFIG,
        "toImageButtonOptions": {"format": "png", "filename": name, "scale": 2},
    }


def previous_summary(scenario: Any, summary: dict[str, float]) -> Any:
    """The run shown before this scenario's, for the headline deltas.

    Reruns that keep the scenario (the clock moving) keep the same previous
    run, so deltas always compare with the last *different* kitchen.
    """
    memory = st.session_state.get(SHOWN_KEY)
    if memory is None:
        st.session_state[SHOWN_KEY] = (scenario, summary, None)
        return None
    shown_scenario, shown_summary, before = memory
    if shown_scenario == scenario:
        return before
    st.session_state[SHOWN_KEY] = (scenario, summary, shown_summary)
    return shown_summary


def headline(bundle: runs.Shown, scenario: Any, columns: int = 6) -> None:
    """The headline figures, each with its change since the previous run."""
    before = previous_summary(scenario, bundle.result.summary)
    previous = SimpleNamespace(summary=before) if before is not None else None
    figures_row = words.headline(bundle.result, previous)
    for column, found in zip(st.columns(columns), figures_row[:columns], strict=False):
        column.metric(
            found.label,
            found.value,
            found.delta,
            delta_color=found.delta_color,
            help=found.help,
        )


def _clock(bundle: runs.Shown, scenario: Any) -> float:
    """The scene's clock, as the student set it, in seconds."""
    times = list(replay.frame_times(bundle.result))
    # A new evening gets a new clock, starting at the first frame.
    return st.select_slider(
        "Kitchen clock: where the scene opens and the charts' dotted line stands",
        options=times,
        format_func=clock,
        key=f"clock:{hash(scenario)}",
        help="The scene's own player and scrubber run in the browser; this "
        "clock also moves the dotted line on every chart.",
    )


def _scene_at(
    store: RunStore, bundle: runs.Shown, scenario: Any, frame: int, motion: bool
):
    if frame == 0 and motion:
        return bundle.scene
    return store.get(
        ("scene", scenario, frame, motion),
        lambda: scene.scene(bundle.result, start=frame, motion=motion),
    )


def kitchen_scene(
    store: RunStore, bundle: runs.Shown, scenario: Any, motion: bool
) -> float:
    """The animated kitchen floor; returns the clock it opens at."""
    times = replay.frame_times(bundle.result)
    at = _clock(bundle, scenario)
    frame = times.index(at) if at in times else 0
    st.plotly_chart(
        _scene_at(store, bundle, scenario, frame, motion),
        key="scene",
        config=SCENE_CONFIG,
        theme=None,
    )
    return float(times[frame])


def _chart_at(
    store: RunStore, bundle: runs.Shown, scenario: Any, name: str, seconds: float
):
    drawn = bundle.charts[name]
    if seconds == replay.frame_times(bundle.result)[0]:
        return drawn  # the line already stands at the first frame
    return store.get(
        ("chart", scenario, name, seconds), lambda: charts.at_clock(drawn, seconds)
    )


def chart(
    store: RunStore, bundle: runs.Shown, scenario: Any, name: str, seconds: float
) -> None:
    """One chart, its clock line at ``seconds``, keyed so it updates in place."""
    st.plotly_chart(
        _chart_at(store, bundle, scenario, name, seconds),
        key=f"chart:{name}",
        config=_chart_config(name),
        theme=None,
    )


def story(bundle: runs.Shown) -> None:
    """What happened in this run, in plain sentences read off its numbers."""
    st.subheader("What happened in this run")
    st.markdown("\n".join(f"- {sentence}" for sentence in bundle.story))


def theory_beside(bundle: runs.Shown) -> None:
    """Figures of this run that theory predicts, next to the prediction."""
    if not bundle.beside:
        return
    st.subheader("Beside the theory")
    table = pd.DataFrame(
        {
            "figure": [p.label for p in bundle.beside],
            "simulated": [_value(p.simulated, p.unit) for p in bundle.beside],
            "theory": [_value(p.theory, p.unit) for p in bundle.beside],
        }
    )
    st.table(table.set_index("figure"))
    st.caption(" ".join(dict.fromkeys(p.explanation for p in bundle.beside)))


def _value(number: float, unit: str) -> str:
    if unit.startswith("share"):
        return f"{number:.1%}"
    return f"{number:.3g} {unit}".strip()


def strategy_notes(scenario: Any) -> None:
    """Perks and pitfalls of every strategy this kitchen uses."""
    st.subheader("The tools in this kitchen")
    for _, title, body in words.strategy_notes(scenario):
        with st.expander(title):
            st.markdown(body)


def glossary() -> None:
    """Kitchen words and the microservices terms they stand for."""
    rows = [
        look.words.split(" = ", 1) for _, look in legend.TERMS if " = " in look.words
    ]
    st.dataframe(
        pd.DataFrame(rows, columns=["in the kitchen", "in microservices"]),
        hide_index=True,
        width="stretch",
    )


def made_when_asked(
    store: RunStore, scenario: Any, make: Callable[[Result], Any]
) -> Callable[[], Any]:
    """A download made from the run when the student asks for it.

    Streamlit keeps a closed page for a while in case its browser comes back,
    and with it every download the page offered. Holding the scenario, not the
    run, lets a class's runs go once the store forgets them; a download asked
    for after that runs the same evening again.
    """
    return lambda: make(runs.shown(store, scenario).result)


def take_home(store: RunStore, scenario: Any, url: str) -> None:
    """The run's data, a handout, and the link to this exact run."""
    st.subheader("Take it home")
    st.caption(
        "The link opens this exact run, with the same numbers. Each chart's "
        "camera button saves it as a PNG."
    )
    st.code(url, language=None, wrap_lines=True)
    left, right = st.columns(2)
    left.download_button(
        "Data of this run (CSV files, zip)",
        made_when_asked(store, scenario, export.frames_zip),
        file_name="kitchen-run.zip",
        mime="application/zip",
        key="download:zip",
        on_click="ignore",
    )
    with right.popover("One-page summary to hand in"):
        student = st.text_input("Your name", key="handout:name", max_chars=80)
        notes = st.text_area(
            "What you noticed", key="handout:notes", max_chars=export.MAX_TEXT
        )
        st.download_button(
            "Download the summary (HTML, prints on one page)",
            made_when_asked(
                store,
                scenario,
                partial(export.handout_html, student=student, notes=notes, link=url),
            ),
            file_name="kitchen-summary.html",
            mime="text/html",
            key="download:handout",
            on_click="ignore",
        )


def headline_help() -> str:
    """Where the headline figures' names come from, for the page's caption."""
    return ", ".join(figures.figure(k).label for k in words.HEADLINE_KEYS)


def kitchen_view(
    store: RunStore, bundle: runs.Shown, scenario: Any, url: str, motion: bool
) -> None:
    """The whole kitchen view, top to bottom."""
    headline(bundle, scenario)
    seconds = kitchen_scene(store, bundle, scenario, motion)
    left, right = st.columns([3, 2])
    with left:
        story(bundle)
    with right:
        theory_beside(bundle)
        st.subheader("Who is who")
        glossary()
    st.subheader("Live charts")
    names = list(bundle.charts)
    for i in range(0, len(names), 2):
        for column, name in zip(st.columns(2), names[i : i + 2], strict=False):
            with column:
                chart(store, bundle, scenario, name, seconds)
    strategy_notes(scenario)
    take_home(store, scenario, url)


def presenter_view(
    store: RunStore, bundle: runs.Shown, scenario: Any, motion: bool
) -> None:
    """For a projector: large type, the scene and two key charts, no controls."""
    headline(bundle, scenario, columns=4)
    seconds = kitchen_scene(store, bundle, scenario, motion)
    for column, name in zip(st.columns(2), PRESENTER_CHARTS, strict=True):
        with column:
            chart(store, bundle, scenario, name, seconds)
