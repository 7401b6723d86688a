"""The classroom views: theory check, side by side, scenario library, lessons.

Each function lays out what :mod:`classroom` and :mod:`views.theory`
compute. Runs go through the server's shared store, so thirty students
walking the same lesson pay for its runs once.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from classroom import compare, figures, lessons, library
from kitchen.engine import BudgetExceeded
from page import runs, state
from page.store import RunStore
from views import controls, theory

LESSON_KEY = "lesson"
PICK_KEY = "lesson:pick"
RAN_KEY = "lesson:ran"


def _open(values: dict[str, Any], view: str) -> None:
    state.set_values(st.session_state, values)
    st.session_state[state.VIEW_KEY] = view


def theory_view(store: RunStore) -> None:
    """Simulated points with confidence bars over the textbook's curves."""
    st.markdown(
        "A one-station kitchen with tickets on a rail, no recipes, no board and "
        "no crashes is exactly the textbook's M/M/c queue. Each point below is "
        "the mean of independent runs of the engine, with its 95% confidence "
        "interval; the line is the formula."
    )
    for name, sweep in theory.SWEEPS.items():
        st.subheader(sweep.title)
        frame = store.get(("sweep", name), sweep.run)
        st.plotly_chart(
            sweep.figure(frame), key=f"theory:{name}", theme=None, width="stretch"
        )
        st.info(sweep.note)


def compare_view(store: RunStore, scenario: Any) -> None:
    """The same guests under the current mix and under a preset mix."""
    names = [p.name for p in controls.PRESETS]
    current = controls.matching_preset(scenario.as_dict()) or "this mix"
    default = names[0] if current != names[0] else names[-1]
    other = st.radio(
        f"Set **{current}** (the sidebar's mix) against",
        names,
        index=names.index(default),
        horizontal=True,
        key="compare:with",
    )
    right = controls.preset(other).values()
    labels = (f"{current} (left)", f"{other} (right)")
    try:
        found = runs.compared(store, scenario, right, labels)
    except BudgetExceeded as error:
        st.error(str(error))
        return
    pair = found.pair
    if compare.same_guests(pair):
        st.caption(
            f"Both kitchens received the very same {pair.left.summary['arrived']:,.0f} "
            "guests, arriving at the same times and ordering the same dishes."
        )
    table = compare.differences(pair)
    for side in ("left", "right"):
        table[side] = [
            figures.show(k, v) for k, v in zip(table.figure, table[side], strict=True)
        ]
    table["change"] = [
        "" if v != v else f"{v:+.0%}"
        for v in table["change"]  # NaN is not v
    ]
    st.dataframe(
        table[["label", "left", "right", "change", "better"]],
        hide_index=True,
        width="stretch",
    )
    left, right = st.columns(2)
    left.plotly_chart(found.latency, key="compare:latency", width="stretch")
    right.plotly_chart(found.difference, key="compare:difference", width="stretch")


def library_view(store: RunStore, base: str) -> None:
    """Every named scenario: its idea, its link, and whether its note holds."""
    st.markdown(
        "Each scenario shows one idea. Open it in the kitchen, or copy its link "
        "for the class. The ticks say whether each point of the note holds in "
        "the run you would see."
    )
    for entry in library.entries():
        with st.expander(entry.title):
            note = library.note(entry.name)
            st.markdown(note.intro)
            found = store.get(("library", entry.name), lambda e=entry: _checked(e))
            for check in found:
                # Material icons ship with the page; an emoji may have no font.
                mark = (
                    ":green[:material/check_circle:]"
                    if check.holds
                    else ":red[:material/cancel:]"
                )
                st.markdown(
                    f"{mark} {'' if check.holds else '*Not in this run:* '}{check.text}"
                )
            for title in ("Try this",):
                if title in note.sections:
                    st.markdown(f"**{title}**\n\n{note.sections[title]}")
            st.code(library.url(entry.name, base), language=None)
            st.button(
                "Open in the kitchen",
                key=f"library:{entry.name}",
                on_click=_open,
                args=(library.scenario(entry.name).as_dict(), "kitchen"),
            )


def _checked(entry: library.Entry) -> tuple[library.Check, ...]:
    return library.check(entry.name, library.run(entry.name))


def _go_to(number: int) -> None:
    st.session_state[LESSON_KEY] = number
    st.session_state.pop(RAN_KEY, None)
    st.session_state.pop(PICK_KEY, None)


def lessons_view(store: RunStore) -> None:
    """The guided path: read, predict, run, and see what happened."""
    path = lessons.steps()
    number = st.session_state.get(LESSON_KEY, 1)
    if not isinstance(number, int) or not 1 <= number <= len(path):
        number = 1
    step = lessons.step(number)
    st.progress(number / len(path), text=f"Step {number} of {len(path)}")
    if number == 1:
        with st.expander(lessons.welcome().title, expanded=True):
            st.markdown(lessons.welcome().intro)
    st.subheader(step.title)
    st.markdown(step.intro)
    picked = st.radio(
        step.question, step.keys(), format_func=step.label, key=PICK_KEY, index=None
    )
    if st.button("Run it", key="lesson:run", disabled=picked is None, type="primary"):
        st.session_state[RAN_KEY] = (number, picked)
    ran = st.session_state.get(RAN_KEY)
    choices = step.keys()
    if ran is not None and ran[0] == number and ran[1] in choices:
        outcome = store.get(("lesson", step.name), lambda: library.run(step.name))
        feedback = lessons.grade(step, ran[1], outcome)
        (st.success if feedback.correct else st.warning)(feedback.text)
        st.button(
            "See this kitchen in the main view",
            key="lesson:open",
            on_click=_open,
            args=(library.scenario(step.name).as_dict(), "kitchen"),
        )
    back, forward = st.columns(2)
    if number > 1:
        back.button(
            "Previous step", key="lesson:back", on_click=_go_to, args=(number - 1,)
        )
    following = lessons.after(step)
    if following is not None:
        forward.button(
            f"Next: {following.title}",
            key="lesson:next",
            on_click=_go_to,
            args=(following.number,),
        )
    else:
        forward.markdown("**That was the last step.** Try your own kitchen next.")
