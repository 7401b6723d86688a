"""The live charts under the scene, all on the run's time axis.

Each function takes a :class:`kitchen.Result` and returns one Plotly figure
whose x axis runs over the whole service in minutes, the same for every
chart. Every chart shades the dinner rush and any outage, and carries a
dotted line named :data:`CLOCK` that the page moves to wherever the scene's
clock stands. ``layout.uirevision`` stays the same while only the data
changes, so a chart the user zoomed keeps its view when a control moves.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from views import palette, replay
from views.palette import clock, duration
from views.scene import db_used, rush_window

CLOCK = "scene-clock"
"""Name of the line that marks the scene's clock on every chart."""
HEIGHT = 360
MAX_DOTS = 1500
"""Most single orders drawn as dots behind the latency lines."""
GRID_POINTS = 300
"""Most points of a moving-window line."""


def window_s(result) -> float:
    """The moving window of the rate and percentile lines, in seconds."""
    horizon = result.scenario.minutes * 60.0
    return max(60.0, result.sample_s * round(horizon / 20.0 / result.sample_s))


def _grid(result) -> np.ndarray:
    """Times at which a moving-window line is computed, in seconds."""
    horizon = result.scenario.minutes * 60.0
    step = max(result.sample_s, horizon / GRID_POINTS)
    return np.arange(step, horizon + step / 2, step)


def _figure(result, key: str, title: str, y_title: str, secondary: str = ""):
    """An empty chart on the run's time axis, with rush, outage and clock."""
    sc = result.scenario
    minutes = sc.minutes
    figure = go.Figure()
    layout = {
        "height": HEIGHT,
        "title": {"text": title, "x": 0.01, "font": {"size": 17}},
        "margin": {"l": 64, "r": 64 if secondary else 20, "t": 48, "b": 120},
        "font": {"family": palette.FONT, "size": 14, "color": palette.INK},
        "paper_bgcolor": palette.PAPER,
        "plot_bgcolor": palette.PAPER,
        "hovermode": "x unified",
        "uirevision": f"{key}:{minutes:g}",
        # A legend even for one line: a reader must know whose line it is.
        "showlegend": True,
        "legend": {
            "orientation": "h",
            "x": 0.0,
            "xanchor": "left",
            "y": -0.37,
            "yanchor": "top",
            "font": {"size": 13},
        },
        "xaxis": {
            "range": [0, minutes],
            "title": {"text": "minutes into the service"},
            "gridcolor": "#EBEBEB",
            "zeroline": False,
        },
        "yaxis": {
            "title": {"text": y_title},
            "gridcolor": "#EBEBEB",
            "rangemode": "tozero",
            "zeroline": False,
        },
        "meta": {"chart": key},
        "shapes": [*_shading(result), clock_line(result)],
    }
    if secondary:
        layout["yaxis2"] = {
            "title": {"text": secondary},
            "overlaying": "y",
            "side": "right",
            "rangemode": "tozero",
            "tickmode": "auto",
            "showgrid": False,
            "zeroline": False,
        }
    figure.update_layout(layout)
    return figure


def clock_line(result) -> dict:
    """The scene's clock: starts at the scene's first frame."""
    t = replay.frame_times(result)[0]
    return {
        "type": "line",
        "name": CLOCK,
        "x0": t / 60.0,
        "x1": t / 60.0,
        "y0": 0,
        "y1": 1,
        "yref": "paper",
        "line": {"color": palette.INK, "width": 1.5, "dash": "dot"},
        "label": {
            "text": f"scene {clock(t)}",
            "textposition": "end",
            "font": {"size": 11, "color": palette.INK},
        },
    }


def at_clock(figure: go.Figure, seconds: float) -> go.Figure:
    """A copy of a chart with its clock line moved to ``seconds``."""
    moved = go.Figure(figure)
    moved.update_shapes(
        x0=seconds / 60.0,
        x1=seconds / 60.0,
        label_text=f"scene {clock(seconds)}",
        selector={"name": CLOCK},
    )
    return moved


def _shading(result) -> list[dict]:
    """Bands for the dinner rush and for any outage."""
    sc = result.scenario
    bands = []
    for t0, t1 in rush_window(sc):
        bands.append(_band(t0, t1, palette.YELLOW, "rush"))
    events = result.events
    outages = events[events["kind"] == "outage"]
    start = None
    for time_s, detail in zip(outages["time_s"], outages["detail"], strict=True):
        if detail == "down":
            start = float(time_s)
        elif start is not None:
            bands.append(_band(start, float(time_s), palette.VERMILLION, _down(sc)))
            start = None
    if start is not None:
        bands.append(_band(start, sc.minutes * 60.0, palette.VERMILLION, _down(sc)))
    return bands


def _down(sc) -> str:
    return "DB down" if sc.outage == "db" else "broker down"


def _band(t0: float, t1: float, colour: str, text: str) -> dict:
    return {
        "type": "rect",
        "x0": t0 / 60.0,
        "x1": t1 / 60.0,
        "y0": 0,
        "y1": 1,
        "yref": "paper",
        "fillcolor": colour,
        "opacity": 0.16,
        "line": {"width": 0},
        "layer": "below",
        "label": {
            "text": text,
            "textposition": "top center",
            "font": {"size": 12, "color": palette.INK},
        },
    }


def _note(figure: go.Figure, text: str) -> None:
    """A message across an empty chart, saying why it is empty."""
    figure.add_annotation(
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        text=text,
        showarrow=False,
        font={"size": 15, "color": palette.GREY},
    )


def _line(x, y, name, colour, dash="solid", **more) -> go.Scatter:
    return go.Scatter(
        x=x,
        y=y,
        name=name,
        mode="lines",
        line={"color": colour, "dash": dash, "width": more.pop("width", 2.5)},
        **more,
    )


def _moving(times: np.ndarray, grid: np.ndarray, width: float):
    """Index bounds of the values in each window ``(t - width, t]``."""
    lo = np.searchsorted(times, grid - width, side="right")
    hi = np.searchsorted(times, grid, side="right")
    return lo, hi


# -- the charts -----------------------------------------------------------------


def latency(result) -> go.Figure:
    """Order latency over time: p50 and p95 in a moving window, and each order."""
    width = window_s(result)
    figure = _figure(
        result,
        "latency",
        f"Order latency: p50 and p95 over the last {duration(width)}",
        "door to plate (s)",
    )
    served = result.orders[result.orders["status"] == "served"]
    served = served.sort_values("finish_s")
    finish = served["finish_s"].to_numpy()
    took = served["latency_s"].to_numpy()
    grid = _grid(result)
    lo, hi = _moving(finish, grid, width)
    p50 = np.full(len(grid), math.nan)
    p95 = np.full(len(grid), math.nan)
    for i, (a, b) in enumerate(zip(lo, hi, strict=True)):
        if b - a >= 3:
            p50[i], p95[i] = np.quantile(took[a:b], [0.5, 0.95])
    if len(finish):
        pick = np.unique(np.linspace(0, len(finish) - 1, MAX_DOTS).astype(int))
        figure.add_trace(
            go.Scatter(
                x=finish[pick] / 60.0,
                y=took[pick],
                mode="markers",
                name="one served order",
                marker={"color": palette.LIGHT, "size": 5},
                hoverinfo="skip",
            )
        )
    else:
        _note(figure, "No order was served.")
    minutes = grid / 60.0
    figure.add_trace(_line(minutes, p50, "p50 (half are faster)", palette.BLUE))
    figure.add_trace(
        _line(minutes, p95, "p95 (1 in 20 is slower)", palette.VERMILLION, "dash")
    )
    return figure


def throughput(result) -> go.Figure:
    """Orders in and out per minute, in a moving window."""
    width = window_s(result)
    figure = _figure(
        result,
        "throughput",
        f"Throughput: orders per minute over the last {duration(width)}",
        "orders per minute",
    )
    orders = result.orders
    grid = _grid(result)
    minutes = grid / 60.0

    def rate(times) -> np.ndarray:
        times = np.sort(np.asarray(times, dtype=float))
        lo, hi = _moving(times, grid, width)
        span = np.minimum(grid, width)
        return (hi - lo) * 60.0 / span

    figure.add_trace(
        _line(
            minutes, rate(orders["arrival_s"]), "guests arriving", palette.GREY, "dot"
        )
    )
    served = orders.loc[orders["status"] == "served", "finish_s"]
    figure.add_trace(_line(minutes, rate(served), "orders served", palette.GREEN))
    lost = orders.loc[orders["status"].isin(["failed", "dropped"]), "finish_s"]
    if len(lost):
        figure.add_trace(
            _line(minutes, rate(lost), "failed or dropped", palette.VERMILLION, "dash")
        )
    return figure


def backlog(result) -> go.Figure:
    """Tickets waiting at each station that no chef has started."""
    sc = result.scenario
    figure = _figure(
        result, "backlog", "Backlog: tickets waiting at each station", "tickets waiting"
    )
    wide = result.metric("backlog")
    for i, station in enumerate(result.stations):
        if station in wide:
            figure.add_trace(
                _line(
                    wide.index / 60.0,
                    wide[station],
                    station,
                    palette.station_colour(i),
                    palette.station_dash(i),
                    line_shape="hv",
                )
            )
    if sc.tickets == "queue":
        blocked = result.metric("blocked")
        if len(blocked) and float(blocked.to_numpy().max()) > 0:
            figure.add_trace(
                _line(
                    blocked.index / 60.0,
                    blocked.sum(axis=1),
                    "held back: rail full",
                    palette.BLACK,
                    "dot",
                    width=2,
                    line_shape="hv",
                )
            )
    return figure


def database(result) -> go.Figure:
    """The shared database: slots in use, operations waiting, conflicts."""
    sc = result.scenario
    figure = _figure(
        result,
        "database",
        "Buffet table (shared DB): slots, waiting, conflicts, last "
        + duration(window_s(result)),
        "operations",
        secondary="conflicts per minute",
    )
    if not db_used(sc):
        _note(figure, "This mix does not use the shared database.")
        return figure
    busy = result.metric("db_busy")
    waiting = result.metric("db_waiting")
    if len(busy):
        figure.add_trace(
            _line(
                busy.index / 60.0,
                busy["db"],
                "busy slots",
                WOOD_DARK,
                line_shape="hv",
                fill="tozeroy",
                fillcolor="rgba(201, 164, 106, 0.35)",
            )
        )
    if len(waiting):
        figure.add_trace(
            _line(
                waiting.index / 60.0,
                waiting["db"],
                "waiting for a slot",
                palette.VERMILLION,
                "dash",
                line_shape="hv",
            )
        )
    figure.add_hline(
        y=sc.db_slots,
        line={"color": palette.INK, "width": 1, "dash": "dot"},
        annotation_text=f"all {sc.db_slots} slots busy",
        annotation_position="top left",
    )
    grid, rate = _event_rate(result, "conflict")
    if rate.any():
        figure.add_trace(
            go.Scatter(
                x=grid / 60.0,
                y=rate,
                name="conflicts per minute",
                mode="lines+markers",
                yaxis="y2",
                line={"color": palette.PURPLE, "width": 1.5},
                marker={"symbol": "x", "size": 7},
            )
        )
    return figure


WOOD_DARK = "#7A5A2B"


def _event_rate(result, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """How often one kind of event happened, per minute, in the moving window."""
    width = window_s(result)
    grid = _grid(result)
    times = result.events.loc[result.events["kind"] == kind, "time_s"].to_numpy()
    lo, hi = _moving(times, grid, width)
    return grid, (hi - lo) * 60.0 / np.minimum(grid, width)


def cache(result) -> go.Figure:
    """The fridges: share of look-ups that hit, and stale reads."""
    sc = result.scenario
    width = window_s(result)
    figure = _figure(
        result,
        "cache",
        f"Fridges (cache): hit ratio and stale reads, last {duration(width)}",
        "look-ups that hit (%)",
        secondary="stale reads per minute",
    )
    if sc.recipes in ("db", "none"):
        reason = (
            "Recipes are read from the shared DB: always fresh, never cached."
            if sc.recipes == "db"
            else "Recipes are not shared in this mix: nothing to cache."
        )
        _note(figure, reason)
        return figure
    if sc.recipes == "cache":
        hits = result.metric("cache_hits").sum(axis=1)
        misses = result.metric("cache_misses").sum(axis=1)
        times = hits.index.to_numpy()
        grid = _grid(result)
        now = np.searchsorted(times, grid, side="right") - 1
        then = np.searchsorted(times, grid - width, side="right") - 1
        h = hits.to_numpy()
        m = misses.to_numpy()

        def at(values, idx):
            return np.where(idx >= 0, values[np.clip(idx, 0, None)], 0.0)

        dh = at(h, now) - at(h, then)
        dm = at(m, now) - at(m, then)
        looked = dh + dm
        ratio = np.where(
            looked > 0, 100.0 * dh / np.where(looked > 0, looked, 1), np.nan
        )
        figure.add_trace(_line(grid / 60.0, ratio, "hit ratio", palette.BLUE))
        figure.update_layout(yaxis={"range": [0, 105]})
    else:
        figure.update_layout(yaxis={"title": {"text": "(no fridge: local copies)"}})
    grid, rate = _event_rate(result, "stale")
    figure.add_trace(
        _line(
            grid / 60.0,
            rate,
            "stale reads per minute",
            palette.ORANGE,
            "dash",
            yaxis="y2",
        )
    )
    return figure


def stream_lag(result) -> go.Figure:
    """Events on each belt that each reader has not yet committed."""
    figure = _figure(
        result, "stream-lag", "Stream lag per reader", "events not yet read"
    )
    wide = result.metric("stream_lag")
    if wide.empty:
        _note(figure, "No stream (conveyor belt) in this mix.")
        return figure
    stations = list(result.stations)
    for name in wide.columns:
        if name in stations:
            i = stations.index(name)
            colour, dash = palette.station_colour(i), palette.station_dash(i)
            label = f"{name} chefs (tickets)"
        else:
            i = list(result.readers).index(name) if name in result.readers else 0
            colour = palette.READER_COLOURS[i % len(palette.READER_COLOURS)]
            dash = "dot"
            label = f"{name} (status)"
        figure.add_trace(
            _line(wide.index / 60.0, wide[name], label, colour, dash, line_shape="hv")
        )
    return figure


PATTERNS = ("/", "\\", "x", ".", "-", "+")
"""Fill patterns of the stations' bands, so they differ without colour."""


def chefs_up(result) -> go.Figure:
    """Chefs at work over time, stacked by station, with a mark at every crash."""
    sc = result.scenario
    figure = _figure(
        result,
        "chefs-up",
        "Chefs up, stacked by station, and crashes",
        "chefs at their stations",
    )
    events = result.events
    moves = events[events["kind"].isin(["crash", "recover"])]
    horizon = sc.minutes * 60.0
    # Every moment a chef left or came back, for all stations at once.
    edges = np.unique(np.concatenate([[0.0, horizon], moves["time_s"].to_numpy()]))
    total = np.zeros(len(edges))
    crash_x, crash_y, crash_text = [], [], []
    for i, station in enumerate(result.stations):
        rows = moves[moves["station"] == station]
        change = np.where(rows["kind"] == "crash", -1, 1)
        at = np.searchsorted(rows["time_s"].to_numpy(), edges, side="right")
        up = sc.chefs + np.concatenate([[0], np.cumsum(change)])[at]
        total = total + up
        figure.add_trace(
            go.Scatter(
                x=edges / 60.0,
                y=up,
                name=station,
                mode="lines",
                line={"color": palette.station_colour(i), "width": 1.5, "shape": "hv"},
                stackgroup="chefs",
                fillpattern={
                    "shape": PATTERNS[i % len(PATTERNS)],
                    "fgcolor": palette.station_colour(i),
                    "size": 8,
                },
                fillcolor="rgba(255, 255, 255, 0)",
            )
        )
        crashed = rows[rows["kind"] == "crash"]
        # Each cross sits on the top edge of its own station's band.
        tops = total[np.searchsorted(edges, crashed["time_s"], side="right") - 1]
        for time_s, actor, top in zip(
            crashed["time_s"], crashed["actor"], tops, strict=True
        ):
            crash_x.append(float(time_s))
            crash_y.append(float(top))
            crash_text.append(f"{actor} crashed at {clock(float(time_s))}")
    if crash_x:
        figure.add_trace(
            go.Scatter(
                x=np.asarray(crash_x) / 60.0,
                y=crash_y,
                mode="markers",
                name="a chef crashed",
                marker={"symbol": "x", "size": 11, "color": palette.VERMILLION},
                hovertext=crash_text,
                hoverinfo="text",
            )
        )
    everyone = sc.stations * sc.chefs
    figure.add_hline(
        y=everyone,
        line={"color": palette.INK, "width": 1, "dash": "dot"},
        annotation_text=f"all {everyone} chefs",
        annotation_position="bottom left",
    )
    figure.update_layout(yaxis={"range": [0, everyone + 1.0]})
    return figure


CHARTS = (
    ("latency", latency),
    ("throughput", throughput),
    ("backlog", backlog),
    ("database", database),
    ("cache", cache),
    ("stream-lag", stream_lag),
    ("chefs-up", chefs_up),
)
"""Every chart, with the key the page gives it, in the page's order."""


def all_charts(result) -> dict[str, go.Figure]:
    """Every chart of one run, by key."""
    return {key: chart(result) for key, chart in CHARTS}
