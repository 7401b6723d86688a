"""Kitchen Sync: a busy restaurant kitchen that teaches how microservices share data.

Run with ``streamlit run app.py`` (or ``make run``). The page reads the
controls, builds a checked scenario, gets its run from the server's shared
store and lays out what the pure functions of :mod:`views` and
:mod:`classroom` made of it. Nothing here simulates or draws.
"""

from __future__ import annotations

import threading

import streamlit as st

from classroom import links
from classroom.export import quote_markdown
from kitchen.engine import BudgetExceeded
from page import classroom as rooms
from page import closed, kitchen, runs, sidebar, state, style
from page.store import RunStore

TITLES = {
    "kitchen": ":material/soup_kitchen: Kitchen",
    "presenter": ":material/co_present: Presenter",
    "theory": ":material/show_chart: Theory check",
    "compare": ":material/compare_arrows: Side by side",
    "library": ":material/menu_book: Scenarios",
    "lessons": ":material/school: Lessons",
}
MOTION_KEY = "display:reduced_motion"
DEFAULT_BASE = "http://localhost:8501/"


@st.cache_resource
def shared_store() -> RunStore:
    """One store of finished runs for every session of this server."""
    store = RunStore(
        runs.STORE_ENTRIES,
        runs.STORE_BYTES,
        error_ttl_s=runs.error_ttl_s,
        idle_s=runs.STORE_IDLE_S,
    )
    store.sweep_every(runs.SWEEP_S, also=closed.forget_closed_pages)
    return store


@st.cache_resource
def drawing_gate() -> threading.BoundedSemaphore:
    """At most a few pages are drawn at once; the rest wait their turn.

    Each session's page runs in its own thread, and Python runs one thread
    at a time: a hundred pages drawn together would each crawl and starve
    the server's network loop. Taking turns keeps every page quick.
    """
    return threading.BoundedSemaphore(runs.DRAWING_AT_ONCE)


def _query() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _base_url() -> str:
    url = st.context.url
    return url if isinstance(url, str) and url.startswith("http") else DEFAULT_BASE


def main() -> None:
    st.set_page_config(page_title="Kitchen Sync", page_icon="🍳", layout="wide")
    state.start(st.session_state, _query())
    scenario, problems = state.checked(st.session_state)
    notices = state.take_notices(st.session_state)
    view = st.session_state[state.VIEW_KEY]

    # Display: the presenter view folds the controls away.
    style.apply(view == "presenter", bool(st.session_state.get(MOTION_KEY)))
    sidebar.sidebar()
    sidebar.scenario_file(scenario)
    with st.sidebar:
        st.subheader("Display")
        st.toggle(
            "Reduced motion",
            key=MOTION_KEY,
            help="No auto-play and no page animation: the scene moves only "
            "when you move its clock.",
        )

    st.title("Kitchen Sync")
    st.caption(
        "Chefs are services, tickets are requests, the dining-room board is a "
        "read model."
        + (
            ""
            if view == "presenter"
            else " Move a control in the sidebar and watch the kitchen cope."
        )
    )
    st.segmented_control(
        "View",
        state.VIEWS,
        format_func=TITLES.get,
        key=state.VIEW_KEY,
        label_visibility="collapsed",
    )
    for message in [*notices, *problems]:
        # Messages quote what the link or the browser sent: never as markup.
        st.warning(quote_markdown(message), icon="⚠️")

    # The address bar always holds a link to what is on screen.
    query = state.link_query(scenario, view)
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)
    url = links.share_url(_base_url(), scenario, query.get("view"))
    store = shared_store()
    motion = not st.session_state.get(MOTION_KEY)

    if view in ("kitchen", "presenter"):
        # Computed before taking a turn to draw: a page waiting for a slow
        # run must not hold a turn that pages already computed could use.
        try:
            with st.spinner("Cooking the evening…"):
                bundle = runs.shown(store, scenario)
        except BudgetExceeded as error:
            st.error(str(error), icon="⏱️")
            return
        with drawing_gate():
            if view == "presenter":
                kitchen.presenter_view(store, bundle, scenario, motion)
            else:
                kitchen.kitchen_view(store, bundle, scenario, url, motion)
        return
    with drawing_gate():
        _classroom_view(view, store, scenario)


def _classroom_view(view: str, store: RunStore, scenario) -> None:
    """Lay out one of the classroom views."""
    if view == "theory":
        rooms.theory_view(store)
    elif view == "compare":
        rooms.compare_view(store, scenario)
    elif view == "library":
        rooms.library_view(store, _base_url())
    elif view == "lessons":
        rooms.lessons_view(store)


main()
