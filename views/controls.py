"""The sidebar's controls and presets, described from the parameter registry.

Each parameter of :mod:`kitchen.params` becomes one :class:`Control`: which
widget shows it, its label with the unit, its help line, its bounds and
step. The page turns these descriptions into Streamlit widgets whose keys
are the parameter names; nothing here imports streamlit, and no bound or
default is written twice.

:data:`SECTIONS` places every parameter exactly once: load, crashes and the
strategy mix in the open, the planned walkout and outage and everything
else folded away. :data:`PRESETS` are strategy mixes a teacher names in one
click.
"""

from __future__ import annotations

from dataclasses import dataclass

from kitchen.params import BY_NAME, PARAMS, Param

SLIDER_STEPS = 2000
"""A number with more steps than this between its bounds gets a typed field."""
RADIO_CHOICES = 4
"""Choices with at most this many options show side by side as buttons."""

SLIDER = "slider"
NUMBER = "number"
RADIO = "radio"
SELECT = "select"
TOGGLE = "toggle"


@dataclass(frozen=True)
class Control:
    """How one parameter is shown on the page."""

    name: str
    widget: str
    label: str
    help: str
    low: float | None = None
    high: float | None = None
    step: float | None = None
    options: tuple[str, ...] = ()
    format: str | None = None


@dataclass(frozen=True)
class Section:
    """A titled group of controls; ``folded`` ones sit in a closed expander.

    ``presets`` marks the section whose controls the preset mixes set.
    """

    title: str
    names: tuple[str, ...]
    folded: bool = False
    presets: bool = False


@dataclass(frozen=True)
class Preset:
    """A named strategy mix: one strategy per kind of data."""

    name: str
    tickets: str
    recipes: str
    status: str
    help: str

    def values(self) -> dict[str, str]:
        """The mix as parameter values."""
        return {
            "tickets": self.tickets,
            "recipes": self.recipes,
            "status": self.status,
        }


PRESETS: tuple[Preset, ...] = (
    Preset(
        "All shared DB",
        "db",
        "db",
        "db",
        "Tickets, recipes and the board all live on the buffet.",
    ),
    Preset(
        "All queues",
        "queue",
        "db",
        "queue",
        "Tickets and status travel on rails; a rail cannot serve reference "
        "data, so recipes stay on the buffet.",
    ),
    Preset(
        "All streams",
        "stream",
        "stream",
        "stream",
        "Tickets, recipe changes and status all ride conveyor belts.",
    ),
    Preset(
        "Multi-tool",
        "queue",
        "cache",
        "stream",
        "Each kind of data on the tool that suits it: rails for tickets, "
        "fridges in front of the buffet for recipes, a belt for the board.",
    ),
)


def preset(name: str) -> Preset:
    """One preset by name; ValueError naming the presets for an unknown one."""
    for candidate in PRESETS:
        if candidate.name == name:
            return candidate
    known = ", ".join(p.name for p in PRESETS)
    raise ValueError(f"no preset named {name!r}; the presets are {known}")


def matching_preset(values: dict[str, object]) -> str | None:
    """The name of the preset whose mix ``values`` has, if any."""
    for candidate in PRESETS:
        if all(values.get(k) == v for k, v in candidate.values().items()):
            return candidate.name
    return None


_OPEN_CRASHES = ("crash_rate", "recovery_s")

SECTIONS: tuple[Section, ...] = (
    Section("Load", tuple(p.name for p in PARAMS if p.group == "load")),
    Section("Crashes", _OPEN_CRASHES),
    Section(
        "Strategy mix",
        tuple(p.name for p in PARAMS if p.group == "mix"),
        presets=True,
    ),
    Section(
        "A planned walkout or outage",
        tuple(
            p.name
            for p in PARAMS
            if p.group == "crashes" and p.name not in _OPEN_CRASHES
        ),
        folded=True,
    ),
    Section(
        "Advanced",
        tuple(p.name for p in PARAMS if p.group == "advanced"),
        folded=True,
    ),
)
"""Where every parameter sits on the page, in the registry's order."""


def _decimals(step: float) -> int:
    text = f"{step:g}"
    return len(text.split(".")[1]) if "." in text else 0


def control(param: Param) -> Control:
    """The widget that shows one parameter."""
    if param.kind == "bool":
        return Control(param.name, TOGGLE, param.title, param.help)
    if param.kind == "choice":
        widget = RADIO if len(param.choices) <= RADIO_CHOICES else SELECT
        return Control(
            param.name, widget, param.title, param.help, options=param.choices
        )
    assert param.low is not None and param.high is not None
    step = param.step or 1
    steps = (param.high - param.low) / step
    widget = SLIDER if steps <= SLIDER_STEPS else NUMBER
    if param.kind == "int":
        return Control(
            param.name,
            widget,
            param.title,
            param.help,
            int(param.low),
            int(param.high),
            int(step),
        )
    return Control(
        param.name,
        widget,
        param.title,
        param.help,
        float(param.low),
        float(param.high),
        float(step),
        format=f"%.{_decimals(step)}f",
    )


def section_controls(section: Section) -> list[Control]:
    """The controls of one section, in order."""
    return [control(BY_NAME[name]) for name in section.names]
