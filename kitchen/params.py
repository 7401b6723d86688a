"""The parameter registry: every number a teacher can turn, in one place.

Each entry names one knob of the kitchen with its type, default, bounds, unit
and a one-line help. The sidebar of the page, the link codec and the command
line are all generated from this table, so a parameter added here appears in
all three at once. Nothing else in the project holds a default or a bound.

The registry only describes values; :mod:`kitchen.scenario` checks them.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

TICKET_STRATEGIES = ("db", "queue", "stream")
RECIPE_STRATEGIES = ("db", "cache", "stream", "none")
STATUS_STRATEGIES = ("db", "queue", "stream", "none")


@dataclass(frozen=True)
class Param:
    """One tunable number or choice of the kitchen.

    ``kind`` is ``"float"``, ``"int"``, ``"bool"`` or ``"choice"``. Numbers
    have inclusive ``low`` and ``high`` bounds; choices list their ``choices``.
    ``group`` places the control on the page: ``"load"``, ``"crashes"``,
    ``"mix"`` or ``"advanced"``. ``step`` is the slider's step on the page.
    """

    name: str
    kind: str
    default: float | int | bool | str
    help: str
    unit: str = ""
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    group: str = "advanced"
    label: str = ""
    step: float | None = None

    @property
    def title(self) -> str:
        """The label shown beside the control, with its unit."""
        text = self.label or self.name.replace("_", " ")
        return f"{text} ({self.unit})" if self.unit else text

    def allowed(self) -> str:
        """The allowed values, in words, for error messages."""
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        if self.kind == "bool":
            return "true or false"
        return f"{_number(self.low)} to {_number(self.high)}"


def _number(value: float | None) -> str:
    if value is None:
        return "?"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:g}"


def _p(name: str, kind: str, default: object, help: str, **kw: object) -> Param:
    return Param(name, kind, default, help, **kw)  # type: ignore[arg-type]


PARAMS: tuple[Param, ...] = (
    # Load: how many orders come in, and when.
    _p(
        "load",
        "float",
        12.0,
        "Mean arrival rate of orders outside the rush.",
        unit="orders/min",
        low=0.5,
        high=600.0,
        group="load",
        step=0.5,
    ),
    _p(
        "profile",
        "choice",
        "steady",
        "Shape of the evening: steady, a dinner rush in the middle, or a ramp.",
        choices=("steady", "rush", "ramp"),
        group="load",
    ),
    _p(
        "rush_peak",
        "float",
        1.6,
        "Height of the rush (or the end of the ramp) as a multiple of the load.",
        unit="x load",
        low=1.0,
        high=10.0,
        group="load",
        step=0.1,
        label="rush peak",
    ),
    _p(
        "rush_minutes",
        "float",
        10.0,
        "Length of the dinner rush, centred in the run.",
        unit="min",
        low=1.0,
        high=480.0,
        group="load",
        step=1.0,
        label="rush length",
    ),
    _p(
        "minutes",
        "float",
        30.0,
        "Length of the service simulated.",
        unit="min",
        low=1.0,
        high=480.0,
        group="load",
        step=1.0,
        label="service length",
    ),
    # Crashes.
    _p(
        "crash_rate",
        "float",
        0.0,
        "How often each chef walks out (exponential time between crashes).",
        unit="crashes/chef/h",
        low=0.0,
        high=60.0,
        group="crashes",
        step=0.5,
        label="crash rate",
    ),
    _p(
        "recovery_s",
        "float",
        60.0,
        "Mean time a crashed chef takes to come back.",
        unit="s",
        low=1.0,
        high=3600.0,
        group="crashes",
        step=5.0,
        label="recovery time",
    ),
    _p(
        "walkout_station",
        "int",
        0,
        "Station whose first chef walks out at a set time (0: nobody does).",
        low=0,
        high=6,
        group="crashes",
        step=1,
        label="walkout station",
    ),
    _p(
        "walkout_at_s",
        "float",
        300.0,
        "When that chef walks out.",
        unit="s",
        low=0.0,
        high=28800.0,
        group="crashes",
        step=10.0,
        label="walkout time",
    ),
    _p(
        "walkout_s",
        "float",
        180.0,
        "How long that chef stays away.",
        unit="s",
        low=1.0,
        high=28800.0,
        group="crashes",
        step=10.0,
        label="walkout length",
    ),
    _p(
        "outage",
        "choice",
        "none",
        "A scheduled outage of the shared database or of the broker.",
        choices=("none", "db", "broker"),
        group="crashes",
    ),
    _p(
        "outage_start_s",
        "float",
        600.0,
        "When the scheduled outage begins.",
        unit="s",
        low=0.0,
        high=28800.0,
        group="crashes",
        step=30.0,
        label="outage start",
    ),
    _p(
        "outage_s",
        "float",
        120.0,
        "How long the scheduled outage lasts.",
        unit="s",
        low=0.0,
        high=28800.0,
        group="crashes",
        step=10.0,
        label="outage length",
    ),
    # The strategy mix: one strategy per kind of data.
    _p(
        "tickets",
        "choice",
        "queue",
        "How tickets travel between stations.",
        choices=TICKET_STRATEGIES,
        group="mix",
    ),
    _p(
        "recipes",
        "choice",
        "cache",
        "How chefs read recipes: the shared DB, a fridge cache in front of it, "
        "a local copy fed by a stream, or not shared at all.",
        choices=RECIPE_STRATEGIES,
        group="mix",
    ),
    _p(
        "status",
        "choice",
        "stream",
        "How finished orders reach the dining-room board.",
        choices=STATUS_STRATEGIES,
        group="mix",
        label="board",
    ),
    # The kitchen's shape and its chefs.
    _p(
        "stations",
        "int",
        3,
        "Stations each order passes through, in a line.",
        low=1,
        high=6,
        step=1,
    ),
    _p(
        "chefs",
        "int",
        2,
        "Chefs at each station (the service's replicas).",
        low=1,
        high=20,
        step=1,
    ),
    _p(
        "work_s",
        "float",
        5.0,
        "Mean time a chef works on one ticket.",
        unit="s",
        low=0.1,
        high=600.0,
        step=0.1,
        label="work time",
    ),
    _p(
        "service",
        "choice",
        "exponential",
        "Distribution of work times around their mean.",
        choices=("exponential", "deterministic", "lognormal"),
    ),
    _p(
        "work_cv",
        "float",
        0.5,
        "Coefficient of variation of lognormal work times.",
        low=0.05,
        high=3.0,
        step=0.05,
        label="work time spread",
    ),
    # Recipes and the fridge.
    _p(
        "menu_size",
        "int",
        20,
        "Number of dishes on the menu.",
        low=1,
        high=500,
        step=1,
        label="menu size",
    ),
    _p(
        "popularity",
        "float",
        1.0,
        "Zipf exponent of dish popularity: 0 is uniform, higher is a few hits.",
        low=0.0,
        high=3.0,
        step=0.1,
    ),
    _p(
        "recipe_updates",
        "float",
        2.0,
        "How often the manager changes a recipe (a new version each time).",
        unit="updates/min",
        low=0.0,
        high=600.0,
        step=0.5,
        label="recipe updates",
    ),
    _p(
        "ttl_s",
        "float",
        60.0,
        "How long a fridge keeps a recipe before it expires.",
        unit="s",
        low=0.1,
        high=3600.0,
        step=1.0,
        label="cache TTL",
    ),
    _p(
        "invalidation",
        "choice",
        "ttl",
        "How the fridge learns of a new recipe: when its TTL runs out, or from an "
        "invalidation event.",
        choices=("ttl", "event"),
    ),
    _p(
        "invalidation_delay_s",
        "float",
        0.5,
        "Delay before an invalidation event reaches each fridge.",
        unit="s",
        low=0.0,
        high=60.0,
        step=0.1,
        label="invalidation delay",
    ),
    _p(
        "coalescing",
        "bool",
        False,
        "Let concurrent misses for one recipe share a single database read.",
    ),
    # The shared database.
    _p(
        "db_slots",
        "int",
        2,
        "Operations the shared database serves at once.",
        low=1,
        high=64,
        step=1,
        label="DB slots",
    ),
    _p(
        "db_op_ms",
        "float",
        200.0,
        "Time one database read or write takes.",
        unit="ms",
        low=0.1,
        high=5000.0,
        step=1.0,
        label="DB operation time",
    ),
    _p(
        "db_timeout_s",
        "float",
        10.0,
        "How long work waits for the database before the order fails.",
        unit="s",
        low=0.1,
        high=600.0,
        step=0.5,
        label="DB timeout",
    ),
    _p(
        "lease_s",
        "float",
        30.0,
        "How long a ticket claimed in the database stays claimed by a crashed chef.",
        unit="s",
        low=1.0,
        high=600.0,
        step=1.0,
        label="claim lease",
    ),
    # The broker: rails and belts.
    _p(
        "queue_capacity",
        "int",
        50,
        "Tickets that can wait on one rail (not counting those being worked).",
        low=1,
        high=10000,
        step=1,
        label="rail capacity",
    ),
    _p(
        "overflow",
        "choice",
        "block",
        "What a full rail does: hold the producer back, or drop the ticket.",
        choices=("block", "drop"),
    ),
    _p(
        "partitions",
        "int",
        2,
        "Partitions of each belt (stream topic).",
        low=1,
        high=64,
        step=1,
    ),
    _p(
        "poll_ms",
        "float",
        500.0,
        "Interval at which pollers look for new tickets, rows or events.",
        unit="ms",
        low=10.0,
        high=10000.0,
        step=10.0,
        label="poll interval",
    ),
    _p(
        "batch",
        "int",
        10,
        "Most events a belt reader takes in one poll.",
        low=1,
        high=1000,
        step=1,
        label="poll batch",
    ),
    _p(
        "readers",
        "int",
        1,
        "Readers of order status: the board, plus waiters, till, loyalty app...",
        low=1,
        high=6,
        step=1,
        label="status readers",
    ),
    _p(
        "board_ms",
        "float",
        5.0,
        "Time a status reader takes to apply one update.",
        unit="ms",
        low=0.0,
        high=1000.0,
        step=1.0,
        label="board update time",
    ),
    _p(
        "seed",
        "int",
        1,
        "Seed of every random stream; the same seed, the same run.",
        low=0,
        high=2**31 - 1,
        step=1,
    ),
)

BY_NAME: dict[str, Param] = {p.name: p for p in PARAMS}

# Budgets that bound one run, so that no corner of the space ties up a server.
EVENT_BUDGET = 3_000_000
"""Most kitchen events (log rows and polls) one run may record."""
WALL_BUDGET_S = 20.0
"""Most wall-clock seconds one run may take."""
MAX_SAMPLES = 600
"""Most points of each sampled time series in one run."""


def defaults() -> dict[str, object]:
    """The default value of every parameter, by name."""
    return {p.name: p.default for p in PARAMS}


def in_group(group: str) -> Iterator[Param]:
    """The parameters shown together in one part of the page."""
    return (p for p in PARAMS if p.group == group)


def is_finite_number(value: object) -> bool:
    """True for an int or float that is neither NaN nor infinite."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value)
