"""Side by side: the same guests in two kitchens.

:func:`run_pair` runs one scenario under two sets of changes, usually two
strategy mixes. Both runs share the seed and every parameter that shapes
the workload, so the very same guests arrive at the very same times and
order the same dishes with the same work (the simulation draws each source
of chance from its own stream); only how the kitchen shares its data
differs. :func:`differences` sets their headline figures side by side, and
the figure functions draw them, taking Results and returning Plotly
figures without showing anything.

From the page::

    pair = compare.run_pair(scenario, {"tickets": "db"}, labels=("rail", "buffet"))
    st.dataframe(compare.differences(pair))
    st.plotly_chart(compare.latency_figure(pair))
    st.plotly_chart(compare.difference_figure(pair))
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from classroom import figures, measures
from kitchen.result import Result, simulate
from views import palette

WORKLOAD = (
    "seed",
    "load",
    "profile",
    "rush_peak",
    "rush_minutes",
    "minutes",
    "stations",
    "menu_size",
    "popularity",
    "work_s",
    "service",
    "work_cv",
)
"""Parameters that decide who arrives, when, and what they order."""

GUEST_COLUMNS = ("order", "dish", "arrival_s", "work_s")
"""Columns of the orders frame that the workload alone decides."""
COLUMNS = ("figure", "label", "left", "right", "difference", "change", "better")
LEFT = "left"
RIGHT = "right"
COLOURS = (palette.BLUE, palette.VERMILLION)
SAME_WITHIN = 0.01
"""Figures within this fraction of each other are called the same: one
guest more in a few hundred is noise, not a better kitchen."""


@dataclass(frozen=True)
class Pair:
    """Two runs of the same workload, with a label for each."""

    left: Result
    right: Result
    labels: tuple[str, str] = ("left", "right")


def _mix_label(scenario: Any) -> str:
    return (
        f"tickets {scenario.tickets}, recipes {scenario.recipes}, "
        f"status {scenario.status}"
    )


def run_pair(
    scenario: Any,
    right: Mapping[str, object],
    left: Mapping[str, object] | None = None,
    labels: tuple[str, str] | None = None,
    **budgets: Any,
) -> Pair:
    """Run ``scenario`` with ``left`` changes and with ``right`` changes.

    Changes are checked like any other input. Changing a workload parameter
    (see :data:`WORKLOAD`) is refused with ValueError: the two runs would not
    serve the same guests. Labels default to each run's strategy mix.
    ``budgets`` (``event_budget``, ``wall_budget_s``) go to each run.
    """
    for changes in (left or {}, right):
        moved = [name for name in changes if name in WORKLOAD]
        if moved:
            raise ValueError(
                f"{moved[0]} shapes the workload, which a comparison keeps the "
                f"same; allowed: any parameter but {', '.join(WORKLOAD)}"
            )
    a = scenario.with_values(**dict(left or {}))
    b = scenario.with_values(**dict(right))
    if labels is None:
        labels = (_mix_label(a), _mix_label(b))
        if labels[0] == labels[1]:
            labels = ("left", "right")
    return Pair(simulate(a, **budgets), simulate(b, **budgets), labels)


def same_guests(pair: Pair) -> bool:
    """True when both runs saw the same orders arrive, at the same times."""
    a, b = pair.left.orders, pair.right.orders
    columns = [c for c in GUEST_COLUMNS if c in a.columns and c in b.columns]
    return len(a) == len(b) and a[columns].equals(b[columns])


def _better(key: str, left: float, right: float) -> str:
    direction = figures.figure(key).better
    if not direction or math.isnan(left) or math.isnan(right):
        return ""
    if abs(right - left) <= SAME_WITHIN * max(abs(left), abs(right)):
        return "same"
    right_wins = (right > left) == (direction == figures.HIGHER)
    return RIGHT if right_wins else LEFT


def differences(pair: Pair) -> pd.DataFrame:
    """One row per headline figure: both values, their difference, the better.

    ``difference`` is right minus left; ``change`` is that as a fraction of
    the left value (NaN when the left is zero or either is missing);
    ``better`` is ``"left"``, ``"right"``, ``"same"``, or empty for a figure
    that is neither better high nor low.
    """
    rows = []
    for key in figures.headline():
        left = float(pair.left.summary[key])
        right = float(pair.right.summary[key])
        difference = right - left
        change = difference / abs(left) if left and not math.isnan(left) else math.nan
        rows.append(
            (
                key,
                figures.figure(key).label,
                left,
                right,
                difference,
                change,
                _better(key, left, right),
            )
        )
    return pd.DataFrame(rows, columns=list(COLUMNS))


def latency_by_minute(result: Result) -> pd.Series:
    """Mean latency of served orders by the minute they arrived in."""
    done = measures.served(result)
    minute = np.floor(done["arrival_s"] / 60.0).astype("int64")
    return done["latency_s"].groupby(minute).mean().rename("latency_s")


def latency_figure(pair: Pair) -> go.Figure:
    """Mean latency of each minute's arrivals, for both runs, over the evening."""
    fig = go.Figure()
    for result, label, colour in zip(
        (pair.left, pair.right), pair.labels, COLOURS, strict=True
    ):
        line = latency_by_minute(result)
        fig.add_trace(
            go.Scatter(
                x=line.index.to_numpy(),
                y=line.to_numpy(),
                mode="lines+markers",
                name=html.escape(label),
                line={"color": colour},
            )
        )
    window = measures.rush_window(pair.left.scenario)
    if window is not None:
        fig.add_vrect(
            x0=window[0] / 60.0,
            x1=window[1] / 60.0,
            fillcolor="orange",
            opacity=0.15,
            line_width=0,
            annotation_text="rush",
        )
    fig.update_layout(
        title="Latency of the orders arriving each minute",
        xaxis_title="minute of arrival",
        yaxis_title="mean latency (s)",
        legend_title="kitchen",
    )
    return fig


def difference_figure(pair: Pair) -> go.Figure:
    """Bars of each headline figure's relative change from left to right.

    Figures without a relative change (zero or missing on the left) or with
    no change are left out. A bar is coloured by which side is better on
    that figure, grey when neither is.
    """
    frame = differences(pair)
    shown = frame[frame["change"].notna() & (frame["difference"] != 0)]
    colour = {LEFT: COLOURS[0], RIGHT: COLOURS[1]}
    left, right = (html.escape(label) for label in pair.labels)
    count = len(shown)
    fig = go.Figure(
        go.Bar(
            x=(shown["change"] * 100.0).to_numpy(),
            y=shown["label"].to_numpy(),
            orientation="h",
            marker_color=[colour.get(b, palette.GREY) for b in shown["better"]],
            customdata=[
                (a, b, left, right)
                for a, b in zip(shown["left"], shown["right"], strict=True)
            ],
            hovertemplate=(
                "%{y}<br>%{customdata[2]}: %{customdata[0]:,.3~f}"
                "<br>%{customdata[3]}: %{customdata[1]:,.3~f}"
                "<br>change: %{x:+.0f}%<extra></extra>"
            ),
        )
    )
    fig.update_layout(
        title=f"How {right} differs from {left}",
        xaxis_title="change (%)",
        yaxis={"autorange": "reversed"},
        height=max(300, 28 * count + 120),
    )
    return fig
