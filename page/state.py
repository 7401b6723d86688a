"""The page's state: parameters in session state, checked on the server.

Widget keys are the parameter names, so ``st.session_state`` holds one raw
value per parameter. Those values come from the browser and are not
trusted: a forged websocket message can send a slider any number. Each run
of the page therefore starts here, before any widget is drawn: the raw
values go through :func:`kitchen.scenario.repair`, every fix is put back in
session state (so the widget shows the value actually used) and reported
with the parameter, the value given and what is allowed.

The first run of a session reads the link instead (:mod:`classroom.links`),
and every run writes the state back into the link, so the address bar can
always be copied.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any

from classroom import links
from kitchen import files
from kitchen.params import PARAMS
from kitchen.scenario import repair

VIEWS = ("kitchen", "presenter", "theory", "compare", "library", "lessons")
"""The page's views, as links name them; the first is the default."""
VIEW_KEY = "view"
STARTED = "_started"
NOTICES = "_notices"


def start(state: MutableMapping[str, Any], query: Mapping[str, list[str]]) -> None:
    """On a session's first run, take the parameters and the view from the link."""
    if state.get(STARTED):
        return
    link = links.decode(query, VIEWS)
    for param in PARAMS:
        state[param.name] = getattr(link.scenario, param.name)
    state[VIEW_KEY] = link.view or VIEWS[0]
    state[NOTICES] = [f"From the link: {m}" for m in link.messages]
    state[STARTED] = True


def set_values(state: MutableMapping[str, Any], values: Mapping[str, Any]) -> None:
    """Put values in state as a control would; call before widgets are drawn."""
    for name, value in values.items():
        state[name] = value


def checked(state: MutableMapping[str, Any]) -> tuple[Any, list[str]]:
    """The scenario the state stands for, and a message for every fix made.

    A fixed value is written back to state, so the control shows it.
    """
    raw = [(p.name, state.get(p.name, p.default)) for p in PARAMS]
    scenario, problems = repair(raw)
    for problem in problems:
        state[problem.name] = getattr(scenario, problem.name)
    view = state.get(VIEW_KEY)
    messages = [p.message for p in problems]
    if view not in VIEWS:
        messages.append(
            f"view={str(view)[:40]!r} is not allowed; allowed: one of "
            f"{', '.join(VIEWS)}. Showing the {VIEWS[0]}."
        )
        state[VIEW_KEY] = VIEWS[0]
    return scenario, messages


def open_file(state: MutableMapping[str, Any], data: bytes, name: str) -> None:
    """Take every parameter from a scenario file, as the controls would.

    A file that cannot be read leaves the controls as they were; either way
    the next run shows a message for the file and for every value fixed.
    """
    shown = name[:64]
    try:
        scenario, problems = files.read(data)
    except files.FileProblem as refused:
        state[NOTICES] = [f"Scenario file {shown}: {refused}"]
        return
    set_values(state, scenario.as_dict())
    state[NOTICES] = links.capped(
        [f"Scenario file {shown}: {p.message}" for p in problems]
    )


def take_notices(state: MutableMapping[str, Any]) -> list[str]:
    """Messages saved for the next run (from the link), once."""
    return state.pop(NOTICES, None) or []


def link_query(scenario: Any, view: str) -> dict[str, str]:
    """The link's query for the state: changed parameters, seed, view."""
    return links.encode(scenario, None if view == VIEWS[0] else view)
