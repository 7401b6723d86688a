"""The kitchen beside the textbook: sweeps charted over their formulas.

Two things live here, both pure: frames and results in, Plotly figures and
words out. Nothing here runs a simulation or imports streamlit.

The three sweeps of :mod:`kitchen.experiments` each become one figure:
simulated points with their confidence bars over the formula's curve, drawn
on a fine grid so the shape shows between the points. :data:`SWEEPS` tells
the page which experiment to run for each, with arguments small enough to
run in a couple of seconds, and which figure and note go with it.

:func:`beside` looks at one run of the main view and lists the figures for
which queueing theory has an answer in that kitchen, each as a :class:`Pair`
of the simulated value and the textbook's. A figure is offered only where
the formula's assumptions hold well enough for the two to agree; otherwise
it is left out rather than shown wrong.

Formulas, all through :mod:`kitchen.theory`: M/M/c waits by Erlang C
(Kleinrock, "Queueing Systems Vol. 1", 1975, sec. 3.5); M/M/c/K blocking
(Gross, Shortle, Thompson & Harris, "Fundamentals of Queueing Theory", 4th
ed., 2008, ch. 2); the TTL hit ratio lam T / (1 + lam T) (Jung, Berger &
Balakrishnan, IEEE INFOCOM 2003); availability MTTF / (MTTF + MTTR)
(Trivedi, "Probability and Statistics with Reliability, Queuing, and
Computer Science Applications", 2nd ed., 2002); a station's utilization
lam S / c and Little's law L = lam W (Little, Operations Research 9(3), 1961).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from kitchen import experiments, theory
from kitchen.arrivals import rate_segments
from kitchen.records import DROPPED, FAILED
from kitchen.result import Result
from kitchen.scenario import Scenario
from views import palette

__all__ = [
    "BLOCKING_NOTE",
    "SWEEPS",
    "TTL_NOTE",
    "UTILIZATION_NOTE",
    "Pair",
    "Sweep",
    "beside",
    "beside_figure",
    "blocking_figure",
    "hit_ratio",
    "is_queue_kitchen",
    "mmc_wait",
    "mmck_block",
    "peak_load_per_chef",
    "ttl_figure",
    "ttl_grid",
    "utilization_figure",
    "utilization_grid",
]

HEIGHT = 380
CURVE_POINTS = 200
"""Points of each smooth theory curve."""
CURVE_TOP = 0.95
"""Highest utilization the M/M/c curve reaches, unless a point lies beyond."""
THEORY = "theory"
SIMULATED = "simulated"
"""Names of the two traces of every sweep figure: the curve, then the points."""

LOSS_SHARE_MAX = 0.01
"""Most orders failed or dropped before per-station figures stop being offered.

An order that fails or is dropped never reaches the stations after it, so
those stations see fewer orders than came through the door.
"""
FULL_RAIL_MAX = 1e-3
"""Chance of a full rail below which an M/M/c kitchen counts as endless."""

UTILIZATION_NOTE = (
    "The wait stays short while the chefs have slack, then shoots up like a "
    "hockey stick as utilization nears 100%: the last few percent of load cost "
    "more waiting than all the rest."
)
BLOCKING_NOTE = (
    "Each extra place on the rail turns fewer orders away, but each helps less "
    "than the one before, and the orders it saves are the ones that wait longest."
)
TTL_NOTE = (
    "A longer TTL lets the fridge answer more reads, fast at first and then ever "
    "more slowly, since each miss buys about λ × TTL hits, while every recipe "
    "it serves can be that much older."
)


# -- the house style -----------------------------------------------------------


def _figure(key: str, title: str, x_title: str, y_title: str) -> go.Figure:
    """An empty chart in the house style of :mod:`views.charts`."""
    figure = go.Figure()
    figure.update_layout(
        height=HEIGHT,
        title={"text": title, "x": 0.01, "font": {"size": 17}},
        margin={"l": 64, "r": 20, "t": 48, "b": 96},
        font={"family": palette.FONT, "size": 14, "color": palette.INK},
        paper_bgcolor=palette.PAPER,
        plot_bgcolor=palette.PAPER,
        hovermode="closest",
        # Stays the same while only the data changes, so a zoom survives a rerun.
        uirevision=f"theory-{key}",
        legend={
            "orientation": "h",
            "x": 0.0,
            "xanchor": "left",
            "y": -0.25,
            "yanchor": "top",
            "font": {"size": 13},
        },
        xaxis={
            "title": {"text": x_title},
            "gridcolor": "#EBEBEB",
            "zeroline": False,
        },
        yaxis={
            "title": {"text": y_title},
            "gridcolor": "#EBEBEB",
            "rangemode": "tozero",
            "zeroline": False,
        },
        meta={"chart": f"theory-{key}"},
    )
    return figure


def _curve(x: np.ndarray, y: list[float], name: str) -> go.Scatter:
    return go.Scatter(
        x=x,
        y=y,
        name=name,
        mode="lines",
        line={"color": palette.INK, "width": 2.5},
        hoverinfo="skip",
    )


def _points(
    frame: pd.DataFrame,
    x: pd.Series,
    name: str,
    hover: str,
    low: float = 0.0,
    high: float = math.inf,
) -> go.Scatter:
    """Simulated means with their confidence bars, clipped to what can happen.

    A wait cannot be negative nor a share above 1, so a t interval reaching
    past such a bound is cut at it.
    """
    estimate = frame["estimate"].to_numpy(dtype=float)
    ci_low = np.clip(frame["ci_low"].to_numpy(dtype=float), low, high)
    ci_high = np.clip(frame["ci_high"].to_numpy(dtype=float), low, high)
    confidence = float(frame["confidence"].iloc[0]) if len(frame) else 0.95
    customdata = np.column_stack(
        [ci_low, ci_high, frame["theory"].to_numpy(dtype=float)]
    ).tolist()
    return go.Scatter(
        x=x,
        y=estimate,
        name=f"{name} ({confidence:.0%} interval of the mean)",
        mode="markers",
        marker={"color": palette.VERMILLION, "size": 10, "symbol": "circle"},
        error_y={
            "type": "data",
            "symmetric": False,
            "array": np.maximum(ci_high - estimate, 0.0),
            "arrayminus": np.maximum(estimate - ci_low, 0.0),
            "color": palette.VERMILLION,
            "thickness": 1.5,
            "width": 6,
        },
        customdata=customdata,
        hovertemplate=hover + "<extra></extra>",
    )


def _empty(figure: go.Figure) -> go.Figure:
    """Both traces, empty, and a word on why."""
    figure.add_trace(_curve(np.array([]), [], THEORY))
    figure.add_trace(
        go.Scatter(x=[], y=[], name=SIMULATED, mode="markers", error_y={"array": []})
    )
    figure.add_annotation(
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        text="No sweep has been run yet.",
        showarrow=False,
        font={"size": 15, "color": palette.GREY},
    )
    return figure


# -- the sweeps ----------------------------------------------------------------


def utilization_grid(top: float = CURVE_TOP) -> np.ndarray:
    """Utilizations at which the M/M/c curve is drawn, from nearly idle to ``top``."""
    return np.linspace(0.01, top, CURVE_POINTS)


def mmc_wait(utilization: float, chefs: int, work_s: float) -> float:
    """Mean seconds on the rail of an M/M/c kitchen at ``utilization``."""
    # Erlang C: Wq = C(a, c) / (c mu - lam); Kleinrock (1975), sec. 3.5.
    lam = float(utilization) * chefs / work_s
    return theory.mmc(lam, 1.0 / work_s, chefs).Wq


def utilization_figure(frame: pd.DataFrame) -> go.Figure:
    """Mean wait on the rail against utilization: the simulated hockey stick."""
    figure = _figure(
        "utilization",
        "Waiting climbs like a hockey stick as the chefs fill up",
        "utilization: share of time each chef is busy (%)",
        "mean wait on the rail (s)",
    )
    figure.update_layout(xaxis={"tickformat": ".0%", "range": [0, 1]})
    if frame.empty:
        return _empty(figure)
    chefs = int(frame["chefs"].iloc[0])
    work_s = float(frame["work_s"].iloc[0])
    top = max(CURVE_TOP, float(frame["utilization"].max()))
    grid = utilization_grid(top)
    chef_word = "chef" if chefs == 1 else "chefs"
    figure.add_trace(
        _curve(
            grid,
            [mmc_wait(rho, chefs, work_s) for rho in grid],
            f"{THEORY}: M/M/{chefs} mean wait (Erlang C), "
            f"{chefs} {chef_word}, {work_s:g} s per ticket",
        )
    )
    figure.add_trace(
        _points(
            frame,
            frame["utilization"],
            f"{SIMULATED}: mean of {int(frame['replications'].iloc[0])} runs",
            "utilization %{x:.0%}<br>mean wait %{y:.2f} s "
            "(%{customdata[0]:.2f} to %{customdata[1]:.2f})"
            "<br>theory %{customdata[2]:.2f} s",
        )
    )
    return figure


def blocking_figure(frame: pd.DataFrame) -> go.Figure:
    """Share of orders a full rail turns away, against the rail's places."""
    figure = _figure(
        "blocking",
        "A longer rail turns fewer orders away",
        "rail capacity: tickets that can wait (places)",
        "orders dropped (share of arrivals)",
    )
    figure.update_layout(yaxis={"tickformat": ".0%"})
    if frame.empty:
        return _empty(figure)
    chefs = int(frame["chefs"].iloc[0])
    work_s = float(frame["work_s"].iloc[0])
    rho = float(frame["utilization"].iloc[0])
    lam = float(frame["load_per_min"].iloc[0]) / 60.0
    places = np.arange(int(frame["capacity"].min()), int(frame["capacity"].max()) + 1)
    figure.add_trace(
        _curve(
            places,
            [mmck_block(lam, work_s, chefs, int(q)) for q in places],
            f"{THEORY}: M/M/{chefs}/K blocking, K = {chefs} chefs + places, "
            f"utilization {rho:.0%}",
        )
    )
    figure.add_trace(
        _points(
            frame,
            frame["capacity"],
            f"{SIMULATED}: mean of {int(frame['replications'].iloc[0])} runs",
            "%{x} places<br>dropped %{y:.1%} "
            "(%{customdata[0]:.1%} to %{customdata[1]:.1%})"
            "<br>theory %{customdata[2]:.1%}",
            high=1.0,
        )
    )
    return figure


def mmck_block(lam: float, work_s: float, chefs: int, places: int) -> float:
    """Chance an order finds the station full: ``chefs`` at work, ``places`` waiting."""
    # M/M/c/K with K = chefs + places; Gross et al. (2008), ch. 2.
    K = theory.system_capacity(chefs, places)
    return theory.mmck(lam, 1.0 / work_s, chefs, K).p_block


def ttl_grid(low: float, high: float) -> np.ndarray:
    """TTLs at which the hit-ratio curve is drawn, evenly on a log scale."""
    return np.geomspace(low, high, CURVE_POINTS)


def hit_ratio(
    read_rate: float, ttl_s: float, menu_size: int, popularity: float
) -> float:
    """Share of reads the fridge answers: lam T / (1 + lam T) for one dish."""
    # Jung, Berger & Balakrishnan (2003); over a menu, the read-weighted mean.
    if menu_size == 1:
        return theory.ttl_hit_ratio(read_rate, ttl_s)
    return theory.ttl_hit_ratio_zipf(read_rate, ttl_s, menu_size, popularity)


def ttl_figure(frame: pd.DataFrame) -> go.Figure:
    """Share of recipe reads the fridge answers, against its TTL."""
    figure = _figure(
        "ttl",
        "A longer TTL: more reads answered from the fridge",
        "fridge TTL: seconds a recipe is kept (log scale)",
        "hit ratio: reads answered by the fridge (%)",
    )
    figure.update_layout(xaxis={"type": "log"}, yaxis={"tickformat": ".0%"})
    if frame.empty:
        return _empty(figure)
    lam = float(frame["read_rate_per_min"].iloc[0]) / 60.0
    menu = int(frame["menu_size"].iloc[0])
    popularity = float(frame["popularity"].iloc[0])
    ttls = frame["ttl_s"].astype(float)
    grid = ttl_grid(float(ttls.min()) / 2.0, float(ttls.max()) * 2.0)
    formula = "lam T / (1 + lam T)" if menu == 1 else f"over {menu} dishes"
    figure.add_trace(
        _curve(
            grid,
            [hit_ratio(lam, t, menu, popularity) for t in grid],
            f"{THEORY}: {formula}, {lam * 60:g} reads/min",
        )
    )
    figure.add_trace(
        _points(
            frame,
            ttls,
            f"{SIMULATED}: mean of {int(frame['replications'].iloc[0])} runs",
            "TTL %{x:g} s<br>hit ratio %{y:.1%} "
            "(%{customdata[0]:.1%} to %{customdata[1]:.1%})"
            "<br>theory %{customdata[2]:.1%}",
            high=1.0,
        )
    )
    return figure


@dataclass(frozen=True, eq=False)
class Sweep:
    """One sweep the page can run and chart: experiment, arguments, figure, note.

    ``run()`` calls ``experiment(**arguments)`` and returns its frame;
    ``figure(frame)`` charts it. The page caches ``run()`` as it sees fit.
    """

    title: str
    experiment: Callable[..., pd.DataFrame]
    arguments: Mapping[str, object]
    figure: Callable[[pd.DataFrame], go.Figure]
    note: str

    def run(self) -> pd.DataFrame:
        """The sweep's frame: every point with its interval and theory value."""
        return self.experiment(**self.arguments)


def _sweep(
    title: str,
    experiment: Callable[..., pd.DataFrame],
    figure: Callable[[pd.DataFrame], go.Figure],
    note: str,
    **arguments: object,
) -> Sweep:
    return Sweep(title, experiment, MappingProxyType(arguments), figure, note)


# Sized so that each sweep takes about 2 s of one core and its points sit on
# the curve: long runs where the wait is noisy (near full load), few points.
SWEEPS: dict[str, Sweep] = {
    "utilization": _sweep(
        "Utilization and waiting (M/M/c)",
        experiments.utilization_sweep,
        utilization_figure,
        UTILIZATION_NOTE,
        chefs=2,
        work_s=1.0,
        utilizations=(0.1, 0.3, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9),
        replications=4,
        minutes=40.0,
        seed=1,
    ),
    "blocking": _sweep(
        "Rail capacity and dropped orders (M/M/c/K)",
        experiments.blocking_sweep,
        blocking_figure,
        BLOCKING_NOTE,
        chefs=2,
        work_s=1.0,
        utilization=0.9,
        capacities=(1, 2, 4, 8, 12),
        replications=4,
        minutes=30.0,
        seed=1,
    ),
    "ttl": _sweep(
        "Fridge TTL and hit ratio (TTL cache)",
        experiments.ttl_sweep,
        ttl_figure,
        TTL_NOTE,
        ttls=(0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0),
        read_rate_per_min=60.0,
        replications=4,
        minutes=10.0,
        seed=1,
    ),
}
"""The sweeps of the theory page, by key, in the page's order."""


# -- one run beside the formulas ---------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """One figure of a run beside what the textbook expects of it."""

    label: str
    simulated: float
    theory: float
    unit: str
    explanation: str


def _horizon_s(result: Result) -> float:
    return result.scenario.minutes * 60.0


def _availability(sc: Scenario) -> float:
    """Long-run share of time a chef is at the station, by the formula."""
    return theory.availability_from_crash_rate(sc.crash_rate, sc.recovery_s)


def _walkout_happens(sc: Scenario) -> bool:
    return sc.walkout_station > 0 and sc.walkout_at_s < sc.minutes * 60.0


def peak_load_per_chef(sc: Scenario) -> float:
    """Each chef's busy share the busiest moment of the evening asks for.

    The profile's highest arrival rate times the mean work, over the chefs.
    """
    peak = max(max(r0, r1) for _, _, r0, r1 in rate_segments(sc))
    return peak * sc.work_s / sc.chefs


def _loss_share(result: Result) -> float:
    arrived = result.summary["arrived"]
    if not arrived:
        return 0.0
    return (result.summary[FAILED] + result.summary[DROPPED]) / arrived


def _keeps_up(result: Result) -> bool:
    """True when every station keeps up all evening and almost no order is lost.

    A station keeps up when the busiest moment asks less of each chef than the
    share of time the chef is there. Past that, tickets pile up, and no
    steady-state figure describes the evening.
    """
    sc = result.scenario
    if result.summary["arrived"] == 0:
        return False
    return (
        peak_load_per_chef(sc) < _availability(sc)
        and _loss_share(result) <= LOSS_SHARE_MAX
    )


def _availability_pairs(result: Result) -> list[Pair]:
    sc = result.scenario
    if sc.crash_rate <= 0 or _walkout_happens(sc):
        return []
    mttf_s = 3600.0 / sc.crash_rate
    return [
        Pair(
            "chef availability",
            float(result.summary["chef_availability"]),
            _availability(sc),
            "share of time",
            f"MTTF/(MTTF+MTTR): up {palette.duration(mttf_s)} on average, "
            f"away {palette.duration(sc.recovery_s)}.",
        )
    ]


def _utilization_pairs(result: Result) -> list[Pair]:
    sc = result.scenario
    if not _keeps_up(result):
        return []
    # The rate actually offered: the guests who came, over the evening, so the
    # luck of the arrivals is not held against the formula.
    lam = result.summary["arrived"] / _horizon_s(result)
    offered = lam * sc.work_s / sc.chefs
    working = result.metric("chefs_working")
    return [
        Pair(
            f"{station}: chefs busy",
            float(working[station].mean()) / sc.chefs,
            offered,
            "share of time",
            f"λS/c: {lam * 60:.1f} orders/min × {sc.work_s:g} s ÷ {sc.chefs} "
            "chefs; reading recipes and handing on count as busy too.",
        )
        for station in result.stations
        if station in working
    ]


def _littles_law_pairs(result: Result) -> list[Pair]:
    sc = result.scenario
    if sc.profile != "steady" or sc.outage != "none" or not _keeps_up(result):
        return []
    left = result.orders.dropna(subset=["finish_s"])
    if left.empty:
        return []
    rate = len(left) / _horizon_s(result)
    stay = float(left["latency_s"].mean())
    in_kitchen = float(result.metric("orders")["in_kitchen"].mean())
    return [
        Pair(
            "orders in the kitchen",
            in_kitchen,
            theory.littles_law(rate, stay),
            "orders",
            f"Little's law L = λW: {rate * 60:.1f} orders/min leave after "
            f"{palette.duration(stay)} each, on average.",
        )
    ]


def is_queue_kitchen(sc: Scenario) -> bool:
    """True when the scenario is the one-station kitchen of M/M/c and M/M/c/K.

    The plain kitchen :mod:`kitchen.experiments` builds for the textbook; a
    walkout set for after closing never happens, so it does not count.
    """
    plain = all(
        getattr(sc, name) == value
        for name, value in experiments.QUEUE_KITCHEN.items()
        if name != "walkout_station"
    )
    return plain and not _walkout_happens(sc)


def _queue_pairs(result: Result) -> list[Pair]:
    sc = result.scenario
    if not is_queue_kitchen(sc):
        return []
    lam, mu, c = sc.load / 60.0, 1.0 / sc.work_s, sc.chefs
    K = theory.system_capacity(c, sc.queue_capacity)
    finite = theory.mmck(lam, mu, c, K)
    if sc.overflow == "drop":
        arrived = result.summary["arrived"]
        if not arrived:
            return []
        return [
            Pair(
                "orders dropped",
                result.summary[DROPPED] / arrived,
                finite.p_block,
                "share of orders",
                f"M/M/{c}/K with K = {K}: the chance an order finds every chef "
                "busy and the rail full.",
            )
        ]
    # A rail that blocks holds the front door back when full, which M/M/c
    # never does: only a rail that is almost never full counts as endless.
    if lam >= c * mu or finite.p_block >= FULL_RAIL_MAX:
        return []
    if math.isnan(result.summary["wait_mean_s"]):
        return []
    return [
        Pair(
            "mean wait on the rail",
            float(result.summary["wait_mean_s"]),
            theory.mmc(lam, mu, c).Wq,
            "s",
            f"Erlang C for M/M/{c} at utilization {lam / (c * mu):.0%}; "
            "a short evening wanders further from it.",
        )
    ]


def beside(result: Result) -> list[Pair]:
    """Every figure of this run for which theory has an answer, beside it.

    Empty when none applies: a kitchen that cannot keep up, a rush or a ramp,
    a mix that is not a plain queue, and no crashes leave nothing to compare.
    """
    return [
        *_availability_pairs(result),
        *_utilization_pairs(result),
        *_littles_law_pairs(result),
        *_queue_pairs(result),
    ]


def beside_figure(pairs: list[Pair]) -> go.Figure:
    """The pairs as bars: simulated beside theory, each as a share of theory."""
    figure = _figure("beside", "This run beside the textbook", "", "simulated ÷ theory")
    labels = [p.label for p in pairs]
    ratios = [p.simulated / p.theory if p.theory else math.nan for p in pairs]
    figure.add_trace(
        go.Bar(
            x=labels,
            y=ratios,
            name="simulated ÷ theory",
            marker={"color": palette.BLUE},
            customdata=[[p.simulated, p.theory, p.unit] for p in pairs],
            hovertemplate="%{x}<br>simulated %{customdata[0]:.4g} %{customdata[2]}"
            "<br>theory %{customdata[1]:.4g} %{customdata[2]}<extra></extra>",
        )
    )
    figure.add_hline(
        y=1.0,
        line={"color": palette.INK, "width": 1, "dash": "dot"},
        annotation_text="theory",
        annotation_position="top left",
    )
    return figure
