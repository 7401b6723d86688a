"""The sidebar: every control of the registry, and the preset mixes.

Widgets are drawn from :mod:`views.controls`; their keys are the parameter
names and their values live in session state, seeded by
:mod:`page.state` before anything is drawn, so no widget is given a value
here.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from kitchen import files
from kitchen.params import BY_NAME
from page import state
from views import controls
from views.controls import Control


def _apply_preset(name: str) -> None:
    state.set_values(st.session_state, controls.preset(name).values())


def _widget(control: Control) -> None:
    common: dict[str, Any] = {"key": control.name, "help": control.help}
    if control.widget == controls.TOGGLE:
        st.toggle(control.label, **common)
    elif control.widget == controls.RADIO:
        st.radio(control.label, control.options, horizontal=True, **common)
    elif control.widget == controls.SELECT:
        st.selectbox(control.label, control.options, **common)
    else:
        # Streamlit puts a number outside the bounds back to this default.
        draw = st.slider if control.widget == controls.SLIDER else st.number_input
        draw(
            control.label,
            value=_default(control),
            min_value=control.low,
            max_value=control.high,
            step=control.step,
            format=control.format,
            **common,
        )


def _default(control: Control) -> float | int:
    default = BY_NAME[control.name].default
    return int(default) if isinstance(control.low, int) else float(default)


def _presets() -> None:
    current = controls.matching_preset(dict(st.session_state))
    st.caption(
        "Preset mixes"
        + (f": now **{current}**" if current else ": now a mix of your own")
    )
    columns = st.columns(2)
    for index, found in enumerate(controls.PRESETS):
        columns[index % 2].button(
            found.name,
            key=f"preset:{found.name}",
            help=found.help,
            on_click=_apply_preset,
            args=(found.name,),
            width="stretch",
            type="primary" if found.name == current else "secondary",
        )


FILE_KEY = "scenario:file"


def _open_file() -> None:
    uploaded = st.session_state.get(FILE_KEY)
    if uploaded is not None:
        state.open_file(st.session_state, uploaded.getvalue(), uploaded.name)


def scenario_file(scenario: Any) -> None:
    """Save the evening as a scenario file, or open one."""
    with st.sidebar, st.expander("Scenario file", expanded=False):
        st.download_button(
            "Save this evening",
            files.write(scenario),
            file_name="kitchen-sync-scenario.json",
            mime="application/json",
            icon=":material/download:",
            width="stretch",
        )
        st.file_uploader(
            "Open a scenario file",
            type=["json"],
            key=FILE_KEY,
            on_change=_open_file,
            help="A JSON object of parameter names and values, as saved above. "
            "Values that do not fit are fixed and named at the top of the page.",
        )


def sidebar() -> None:
    """Draw every control, grouped as :data:`views.controls.SECTIONS` says."""
    with st.sidebar:
        for section in controls.SECTIONS:
            if section.folded:
                box = st.expander(section.title, expanded=False)
            else:
                st.subheader(section.title)
                box = st.container()
            with box:
                if section.presets:
                    _presets()
                for found in controls.section_controls(section):
                    _widget(found)
