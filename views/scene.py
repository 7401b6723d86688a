"""The kitchen floor: one Plotly figure that plays the run from its frames.

Guests come in at the door on the left, their tickets travel through the
stations in a line and finished orders reach the dining-room board on the
right. How a ticket travels is drawn the way the strategy carries it:

* a *rail* above a station (message queue) with its tickets hanging in line;
* a *conveyor belt* (stream) whose recent events stay on it after they are
  read, with a marker where the station's chefs have read up to;
* rows on the *buffet table* (shared database) along the bottom, beside the
  database's slots and the crowd of operations waiting for one.

Under each station sits its fridge (cache) or its recipe copy, with how
many recipes in it are fresh and how many stale.

The figure is bounded whatever the run: the same :data:`DYNAMIC` traces in
every frame, at most :data:`replay.MAX_FRAMES` frames, every list capped by
:data:`replay.SHOWN`, and fixed axes. Play, pause, the speed buttons and
the time scrubber all run in the browser.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kitchen.arrivals import rate_segments
from views import palette, replay
from views.drawn import Drawn
from views.legend import CHEF_LOOKS, FLASH, LOCKED, READ, legend_traces
from views.palette import clock, duration

X_MAX = 100.0
Y_MAX = 64.0
HEIGHT = 740

# Where things stand on the floor, in the figure's fixed units.
DOOR = (0.8, 10.2)
LINE = (12.5, 85.0)
GAP = 2.0
BOARD = (87.0, 99.6)
CARRIER_Y = (43.0, 57.5)
STATION_Y = (24.4, 41.0)
RECIPE_Y = (14.0, 23.4)
BUFFET_Y = (0.6, 13.0)
HEADER_Y = 61.6
BELT_Y = (CARRIER_Y[0] + CARRIER_Y[1]) / 2 + 1.0
BAR_Y = RECIPE_Y[0] + 2.2

RAIL_ROW = 6
BELT_SLOTS = replay.SHOWN
SLOTS_SHOWN = 8
CROWD_SHOWN = 12

DYNAMIC = ("chefs", "tickets", "marks", "fresh recipes", "stale recipes", "words")
"""The traces every frame carries, in this order; the legend's come after."""

ASSETS = Path(__file__).resolve().parent.parent / "assets"
TICKET_INK = "#7A6A00"
WOOD = "#C9A46A"
WOOD_DARK = "#7A5A2B"
WOOD_LIGHT = "#F2E6D0"
FRIDGE_FILL = "#E3F2FB"
COPY_FILL = "#F3EEF8"
BELT_INK = "#4D4D4D"


@dataclass(frozen=True)
class Floor:
    """The floor plan of one kitchen: where each station and chef stands."""

    stations: int
    chefs: int

    @property
    def width(self) -> float:
        """Width of one station."""
        span = LINE[1] - LINE[0] - GAP * (self.stations - 1)
        return span / self.stations

    def span(self, station: int) -> tuple[float, float]:
        """Left and right edge of one station."""
        x0 = LINE[0] + station * (self.width + GAP)
        return x0, x0 + self.width

    def centre(self, station: int) -> float:
        x0, x1 = self.span(station)
        return (x0 + x1) / 2

    @property
    def grid(self) -> tuple[int, int]:
        """Columns and rows of chefs in a station."""
        ideal = math.sqrt(self.chefs * self.width / 11.0)
        cols = max(1, min(self.chefs, round(ideal)))
        return cols, math.ceil(self.chefs / cols)

    @property
    def labels(self) -> str:
        """How much to write under each chef: ``full``, ``short`` or ``none``."""
        cols, rows = self.grid
        if rows <= 2 and self.width / cols >= 5.0:
            return "full"
        if rows <= 3 and self.width / cols >= 3.0:
            return "short"
        return "none"

    def chef_spot(self, station: int, k: int) -> tuple[float, float]:
        x0, _ = self.span(station)
        cols, rows = self.grid
        row, col = divmod(k, cols)
        x = x0 + (col + 0.5) * self.width / cols
        top, bottom = STATION_Y[1] - 5.4, STATION_Y[0] + 4.6
        y = top if rows == 1 else top - row * (top - bottom) / (rows - 1)
        return x, y

    def slot(self, station: int, i: int, per_row: int) -> float:
        """The x of the i-th of ``per_row`` places along a station."""
        x0, x1 = self.span(station)
        return x0 + 0.8 + (i % per_row + 0.5) * (x1 - x0 - 1.6) / per_row

    def marker_size(self, per_row: int, most: int = 14) -> int:
        """A ticket size that keeps ``per_row`` tickets apart on a station."""
        units = (self.width - 1.6) / per_row
        return int(max(6, min(most, units * 8.5)))


@dataclass
class Marks:
    """Points of one marker trace, each with its own look."""

    x: list = field(default_factory=list)
    y: list = field(default_factory=list)
    symbol: list = field(default_factory=list)
    colour: list = field(default_factory=list)
    size: list = field(default_factory=list)
    hover: list = field(default_factory=list)

    def add(self, x, y, symbol, colour, size, hover=""):
        self.x.append(round(x, 2))
        self.y.append(round(y, 2))
        self.symbol.append(symbol)
        self.colour.append(colour)
        self.size.append(size)
        self.hover.append(hover)

    def trace(self, hover: bool = False) -> dict:
        trace = {
            "type": "scatter",
            "mode": "markers",
            "x": self.x,
            "y": self.y,
            "marker": {
                "symbol": self.symbol,
                "color": self.colour,
                "size": self.size,
                "line": {"width": 1.5, "color": self.colour},
                "opacity": 1,
            },
            "cliponaxis": False,
        }
        if hover:
            trace["hovertext"] = self.hover
            trace["hoverinfo"] = "text"
        else:
            trace["hoverinfo"] = "skip"
        return trace


@dataclass
class Words:
    """Points of the one text trace, each with its own size, colour and anchor."""

    x: list = field(default_factory=list)
    y: list = field(default_factory=list)
    text: list = field(default_factory=list)
    size: list = field(default_factory=list)
    colour: list = field(default_factory=list)
    anchor: list = field(default_factory=list)

    def add(self, x, y, text, size=13, colour=palette.INK, anchor="middle center"):
        self.x.append(round(x, 2))
        self.y.append(round(y, 2))
        self.text.append(text)
        self.size.append(size)
        self.colour.append(colour)
        self.anchor.append(anchor)

    def trace(self) -> dict:
        return {
            "type": "scatter",
            "mode": "text",
            "x": self.x,
            "y": self.y,
            "text": self.text,
            "textposition": self.anchor,
            "textfont": {"size": self.size, "color": self.colour},
            "hoverinfo": "skip",
            "cliponaxis": False,
        }


def scene(result, start: int = 0, motion: bool = True) -> Drawn:
    """The animated kitchen floor of one run, showing frame ``start`` first.

    Without ``motion`` (for viewers who ask for reduced motion) the play
    buttons are left out and the scene moves only when the scrubber does.
    """
    times = replay.frame_times(result)
    snaps = replay.snapshots(result)
    gauges = replay.gauges(result, times)
    floor = Floor(len(result.stations), result.scenario.chefs)
    layers = [
        frame_traces(floor, result, snap, {k: v[i] for k, v in gauges.items()})
        for i, snap in enumerate(snaps)
    ]
    names = [frame_name(t) for t in times]
    frames = [
        {"name": name, "data": layer, "traces": list(range(len(DYNAMIC)))}
        for name, layer in zip(names, layers, strict=True)
    ]
    start = min(max(int(start), 0), len(frames) - 1)
    layout = _layout(floor, result, names)
    layout["sliders"][0]["active"] = start
    if not motion:
        layout["updatemenus"] = []
    return Drawn(
        {
            "data": [*layers[start], *legend_traces()],
            "layout": layout,
            "frames": frames,
        }
    )


def frame_name(t: float) -> str:
    """Frame names are the clock in seconds, so the page can read them back."""
    return f"{t:g}"


# -- one frame ---------------------------------------------------------------


def frame_traces(floor: Floor, result, snap: replay.Snapshot, g: dict) -> list:
    """Every dynamic trace of one frame, in the order of :data:`DYNAMIC`."""
    tickets, marks, words = Marks(), Marks(), Words()
    chefs = _chefs(floor, snap, words)
    _carrier(floor, result, snap, g, tickets, marks, words)
    fresh, stale = _recipes(floor, result, g, words)
    _database(result, g, marks, words)
    _flashes(floor, snap, marks, words)
    _board(result.scenario, snap, words)
    _status(result, snap, g, marks, words)
    _header(result, snap, g, words)
    size = floor.marker_size(BELT_SLOTS if result.scenario.tickets == "stream" else 6)
    ticket_trace = tickets.trace(hover=True)
    ticket_trace["marker"]["line"] = {"width": 1.5, "color": TICKET_INK}
    ticket_trace["marker"]["size"] = size
    layers = [chefs, ticket_trace, marks.trace(), fresh, stale, words.trace()]
    for name, layer in zip(DYNAMIC, layers, strict=True):
        layer["name"] = name
        layer["showlegend"] = False
    return layers


def _chefs(floor: Floor, snap: replay.Snapshot, words: Words) -> dict:
    marks = Marks()
    seen = [0] * floor.stations
    size = 28 if floor.labels == "full" else 18
    for chef in snap.chefs:
        x, y = floor.chef_spot(chef.station, seen[chef.station])
        seen[chef.station] += 1
        look = CHEF_LOOKS[chef.state]
        status = chef_words(chef)
        marks.add(x, y, look.symbol, look.colour, size, f"<b>{chef.name}</b>: {status}")
        if floor.labels == "full":
            words.add(
                x,
                y - 1.9,
                f"<b>{chef.name}</b><br>{status}",
                13,
                anchor="bottom center",
            )
        elif floor.labels == "short":
            words.add(x, y - 1.2, SHORT[chef.state], 11, anchor="bottom center")
    trace = marks.trace(hover=True)
    trace["marker"]["line"]["width"] = 3.5
    return trace


SHORT = {"working": "busy", "idle": "idle", "down": "DOWN", "back": "back"}


def chef_words(chef: replay.ChefView) -> str:
    """What a chef is doing, in the words under its mark."""
    if chef.state == replay.WORKING:
        return f"cooking #{chef.order}"
    if chef.state == replay.DOWN:
        if math.isnan(chef.back_s):
            return "DOWN, not back by closing"
        return f"DOWN till {clock(chef.back_s)}"
    if chef.state == replay.BACK:
        return "just back"
    return "idle"


def _carrier(floor, result, snap, g, tickets: Marks, marks: Marks, words: Words):
    """Tickets as the strategy carries them, with counts and read positions."""
    sc = result.scenario
    broker_down = snap.outage == "broker"
    for s, name in enumerate(result.stations):
        view = snap.stations[s]
        cx = floor.centre(s)
        if sc.tickets == "queue":
            for i, order in enumerate(view.shown):
                y = CARRIER_Y[1] - 3.4 - (i // RAIL_ROW) * 2.8
                tickets.add(
                    floor.slot(s, i, RAIL_ROW),
                    y,
                    "square",
                    palette.YELLOW,
                    0,
                    f"#{order} waiting on the rail",
                )
            text = f"<b>{view.waiting}</b> waiting"
            hidden = view.waiting - len(view.shown)
            if hidden > 0:
                text += f" (+{hidden} not shown)"
            blocked = int(g.get(("blocked", name), 0))
            if blocked:
                text += f"<br>{blocked} held back: rail full"
        elif sc.tickets == "stream":
            size = floor.marker_size(BELT_SLOTS, 12)
            unread_at = None
            for i, (order, read) in enumerate(view.belt):
                x = floor.slot(s, i, BELT_SLOTS)
                if read:
                    marks.add(x, BELT_Y, READ.symbol, palette.GREY, size)
                else:
                    tickets.add(
                        x,
                        BELT_Y,
                        "square",
                        palette.YELLOW,
                        0,
                        f"#{order}: not read yet",
                    )
                    if unread_at is None:
                        unread_at = i
            spot = len(view.belt) if unread_at is None else unread_at
            half = (floor.width - 1.6) / BELT_SLOTS / 2
            x = (
                floor.slot(s, spot, BELT_SLOTS) - half
                if spot < BELT_SLOTS
                else (floor.span(s)[1] - 0.8)
            )
            marks.add(x, BELT_Y + 2.6, "triangle-down", palette.BLUE, 13)
            lag = int(g.get(("stream_lag", name), 0))
            text = f"<b>{view.waiting}</b> to read · lag {lag}"
            down = [c.name for c in snap.chefs if c.station == s and c.state == "down"]
            if down and view.waiting:
                text += f"<br>{down[0]} is down: its partitions wait"
        else:
            for i, order in enumerate(view.shown):
                y = BUFFET_Y[1] - 3.2 - (i // RAIL_ROW) * 2.6
                tickets.add(
                    floor.slot(s, i, RAIL_ROW),
                    y,
                    "square",
                    palette.YELLOW,
                    0,
                    f"#{order}: open row",
                )
            for i in range(min(len(view.locked), RAIL_ROW)):
                marks.add(
                    floor.slot(s, i, RAIL_ROW),
                    BUFFET_Y[1] - 8.4,
                    LOCKED.symbol,
                    LOCKED.colour,
                    floor.marker_size(6),
                )
            text = palette.count(view.waiting, "open row", "open rows", "<b>{}</b>")
            if view.locked:
                text += f" · {len(view.locked)} locked"
            words.add(cx, BUFFET_Y[0] + 1.0, text, 13)
            continue
        if broker_down:
            text = "<b>BROKER DOWN</b><br>" + text
        words.add(cx, CARRIER_Y[0] + 2.0, text, 13)


def _recipes(floor: Floor, result, g: dict, words: Words):
    """Each station's fridge or recipe copy: fresh and stale, as bars and words."""
    sc = result.scenario
    fresh = {"x": [], "y": []}
    stale = {"x": [], "y": []}
    menu = sc.menu_size
    for s, name in enumerate(result.stations):
        x0, x1 = floor.span(s)
        bx0, length = x0 + 1.4, x1 - x0 - 2.8
        stale_n = int(g.get(("stale_entries", name), 0))
        if sc.recipes == "cache":
            held = int(g.get(("fridge_entries", name), 0))
            fresh_n = held - stale_n
            hits = g.get(("cache_hits", name), 0.0)
            looked = hits + g.get(("cache_misses", name), 0.0)
            ratio = f"{hits / looked:.0%} of look-ups hit" if looked else "no look-ups"
            text = f"{fresh_n} fresh · <b>{stale_n} stale</b><br>{ratio}"
        elif sc.recipes == "stream":
            fresh_n = menu - stale_n
            text = f"{fresh_n} current · <b>{stale_n} out of date</b>"
        else:
            fresh_n = stale_n = 0
            text = (
                "reads every recipe<br>at the buffet table"
                if sc.recipes == "db"
                else "knows every recipe<br>by heart (not shared)"
            )
        mid = bx0 + length * fresh_n / menu
        if fresh_n:
            fresh["x"] += [bx0, mid, None]
            fresh["y"] += [BAR_Y, BAR_Y, None]
        if stale_n:
            stale["x"] += [mid, mid + length * stale_n / menu, None]
            stale["y"] += [BAR_Y, BAR_Y, None]
        words.add((x0 + x1) / 2, RECIPE_Y[0] + 4.9, text, 12)
    lines = []
    for points, colour in ((fresh, palette.GREEN), (stale, palette.ORANGE)):
        lines.append(
            {
                "type": "scatter",
                "mode": "lines",
                **points,
                "line": {"color": colour, "width": 12},
                "hoverinfo": "skip",
                "cliponaxis": False,
            }
        )
    return lines[0], lines[1]


def db_used(sc) -> bool:
    """True when some kind of data goes through the shared database."""
    return sc.tickets == "db" or sc.recipes in ("db", "cache") or sc.status == "db"


def _database(result, g: dict, marks: Marks, words: Words) -> None:
    """The buffet's slots (busy or free) and the crowd waiting for one."""
    sc = result.scenario
    busy = int(g.get(("db_busy", "db"), 0))
    waiting = int(g.get(("db_waiting", "db"), 0))
    for i in range(min(sc.db_slots, SLOTS_SHOWN)):
        row, col = divmod(i, 4)
        symbol = "square" if i < busy else "square-open"
        marks.add(
            DOOR[0] + 1.3 + col * 2.3,
            BUFFET_Y[1] - 3.2 - row * 2.4,
            symbol,
            WOOD_DARK,
            15,
        )
    for i in range(min(waiting, CROWD_SHOWN)):
        row, col = divmod(i, 6)
        marks.add(
            DOOR[0] + 0.9 + col * 1.55,
            BUFFET_Y[0] + 1.3 + row * 1.7,
            "circle",
            palette.GREY,
            9,
        )
    x = (DOOR[0] + DOOR[1]) / 2
    if not db_used(sc):
        text = "not used"
    elif busy >= sc.db_slots:
        text = f"<b>ALL {sc.db_slots} BUSY</b><br>{waiting} waiting"
    else:
        text = f"{busy} of {sc.db_slots} busy<br>{waiting} waiting"
    words.add(x, BUFFET_Y[0] + 5.4, text, 12)
    if sc.db_slots > SLOTS_SHOWN:
        words.add(
            DOOR[1],
            BUFFET_Y[1] - 4.4,
            f"+{sc.db_slots - SLOTS_SHOWN}",
            11,
            anchor="middle left",
        )


def _flashes(floor: Floor, snap: replay.Snapshot, marks: Marks, words: Words):
    """What went wrong since the previous frame, starred where it happened."""
    for s, view in enumerate(snap.stations):
        _, x1 = floor.span(s)
        said = [
            f"{what} ×{count}"
            for what, count in (
                ("stale recipe", view.stale),
                ("cooked twice", view.duplicates),
                ("redelivered", view.redelivered),
                ("dropped", view.dropped),
                ("failed", view.failed),
                ("DB conflict", view.conflicts),
            )
            if count
        ]
        if said:
            y = STATION_Y[0] + 1.6
            marks.add(x1 - 1.0, y, FLASH.symbol, FLASH.colour, FLASH.size)
            words.add(
                x1 - 2.0, y + 0.4, "<br>".join(said), 12, palette.VERMILLION, "top left"
            )
        if view.conflicts:
            marks.add(
                x1 - 1.0, BUFFET_Y[1] - 1.1, FLASH.symbol, FLASH.colour, FLASH.size
            )


def _board(sc, snap: replay.Snapshot, words: Words) -> None:
    cx = (BOARD[0] + BOARD[1]) / 2
    if sc.status == "none":
        words.add(cx, STATION_Y[0] + 20.0, "no board:<br>plates go<br>straight out")
        return
    rows = [f"#{order} ready" for order in snap.board] or ["(nothing yet)"]
    words.add(cx, CARRIER_Y[1] - 5.4, "<br>".join(rows), 14, anchor="bottom center")
    if snap.board_waiting == 0:
        behind = "up to date"
    else:
        behind = (
            f"<b>{snap.board_waiting} not shown yet</b><br>"
            f"oldest waiting {duration(snap.board_behind_s)}"
        )
    words.add(cx, STATION_Y[0] + 2.6, behind, 12)


def _status(result, snap: replay.Snapshot, g: dict, marks: Marks, words: Words):
    """How status reaches each reader: a belt, a rail each, or DB rows."""
    sc = result.scenario
    x0 = BOARD[0] + 0.9
    if sc.status == "none":
        return
    if sc.status == "stream":
        step = (BOARD[1] - BOARD[0] - 1.8) / replay.SHOWN
        for i, (_, read) in enumerate(snap.status_belt):
            marks.add(
                x0 + (i + 0.5) * step,
                RECIPE_Y[1] - 2.6,
                "square-open" if read else "square",
                palette.GREY if read else palette.GREEN,
                8,
            )
    metric = "stream_lag" if sc.status == "stream" else "status_backlog"
    unit = {"stream": "behind", "queue": "on its rail"}
    for i, reader in enumerate(result.readers):
        lag = int(g.get((metric, reader), 0))
        y = RECIPE_Y[1] - 5.6 - i * 2.6
        colour = palette.READER_COLOURS[i % len(palette.READER_COLOURS)]
        marks.add(x0 + 0.3, y, "triangle-right", colour, 11)
        words.add(
            x0 + 1.1,
            y,
            f"{reader}: "
            + (
                palette.count(lag, "row to read", "rows to read")
                if sc.status == "db"
                else f"{lag} {unit[sc.status]}"
            ),
            12,
            anchor="middle right",
        )


def _header(result, snap: replay.Snapshot, g: dict, words: Words) -> None:
    """The clock, any outage or rush, the running totals and the door."""
    sc = result.scenario
    news = []
    if snap.outage == "db":
        news.append("<b>SHARED DB DOWN</b>: all work that needs it waits")
    elif snap.outage == "broker":
        news.append("<b>BROKER DOWN</b>: rails and belts stand still")
    if in_rush(sc, snap.time_s):
        news.append(f"<b>DINNER RUSH</b>: {sc.rush_peak:g}× the guests")
    if snap.updates_now:
        changed = "recipe" if snap.updates_now == 1 else "recipes"
        news.append(f"manager changed {snap.updates_now} {changed}")
    words.add(
        DOOR[0],
        HEADER_Y,
        f"Kitchen clock <b>{clock(snap.time_s)}</b> of {clock(sc.minutes * 60)}",
        18,
        anchor="middle right",
    )
    words.add(50.0, HEADER_Y, " · ".join(news), 15, palette.VERMILLION)
    words.add(
        X_MAX,
        HEADER_Y,
        f"served <b>{snap.served}</b> · failed {snap.failed} · dropped {snap.dropped}",
        15,
        anchor="middle left",
    )
    door = f"guests in<br><b>{snap.arrived}</b>"
    at_door = int(g.get(("blocked", result.stations[0]), 0))
    if at_door:
        door += f"<br>{at_door} wait for<br>room"
    words.add(
        (DOOR[0] + DOOR[1]) / 2, STATION_Y[1] - 9.0, door, 14, anchor="bottom center"
    )


def in_rush(sc, t: float) -> bool:
    """True while the dinner rush is on (only the ``rush`` profile has one)."""
    return any(t0 <= t < t1 for t0, t1 in rush_window(sc))


def rush_window(sc) -> list[tuple[float, float]]:
    """When the dinner rush runs, in seconds; empty without one."""
    if sc.profile != "rush" or sc.rush_peak <= 1:
        return []
    peak = sc.load / 60.0 * sc.rush_peak
    return [(t0, t1) for t0, t1, r0, _ in rate_segments(sc) if r0 == peak]


# -- what stays put -----------------------------------------------------------


def _layout(floor: Floor, result, names: list[str]) -> dict:
    sc = result.scenario
    times = [float(n) for n in names]
    return {
        "height": HEIGHT,
        "margin": {"l": 10, "r": 10, "t": 70, "b": 92},
        "paper_bgcolor": palette.PAPER,
        "plot_bgcolor": palette.FLOOR,
        "font": {"family": palette.FONT, "size": 14, "color": palette.INK},
        "xaxis": {"range": [0, X_MAX], "visible": False, "fixedrange": True},
        "yaxis": {"range": [0, Y_MAX], "visible": False, "fixedrange": True},
        "showlegend": True,
        "legend": {
            "orientation": "h",
            "x": 0.0,
            "y": 1.0,
            "xanchor": "left",
            "yanchor": "bottom",
            "font": {"size": 13},
            "itemclick": False,
            "itemdoubleclick": False,
            "entrywidth": 0.25,
            "entrywidthmode": "fraction",
            "traceorder": "normal",
        },
        "dragmode": False,
        "hovermode": "closest",
        "uirevision": "scene",
        "shapes": _shapes(floor, sc),
        "annotations": _titles(floor, result),
        "images": _icons(floor, sc),
        "updatemenus": [_player()],
        "sliders": [_scrubber(names, times)],
        "meta": {"frames": len(names), "horizon_s": sc.minutes * 60.0},
    }


def _rect(x0, y0, x1, y1, fill, line=palette.GREY, width=1.5) -> dict:
    return {
        "type": "rect",
        "x0": x0,
        "y0": y0,
        "x1": x1,
        "y1": y1,
        "fillcolor": fill,
        "line": {"color": line, "width": width},
        "layer": "below",
    }


def _line(x0, y0, x1, y1, colour, width) -> dict:
    return {
        "type": "line",
        "x0": x0,
        "y0": y0,
        "x1": x1,
        "y1": y1,
        "line": {"color": colour, "width": width},
        "layer": "below",
    }


def _shapes(floor: Floor, sc) -> list[dict]:
    used = db_used(sc)
    shapes = [
        _rect(DOOR[0], STATION_Y[0], DOOR[1], STATION_Y[1], "#FFFFFF"),
        _rect(
            BOARD[0], STATION_Y[0], BOARD[1], CARRIER_Y[1], "#EAF6F1", palette.GREEN, 2
        ),
        _rect(BOARD[0], BUFFET_Y[0], BOARD[1], RECIPE_Y[1], "#FFFFFF"),
        _rect(
            DOOR[0],
            BUFFET_Y[0],
            LINE[1],
            BUFFET_Y[1],
            WOOD_LIGHT if used else "#F0F0F0",
            WOOD if used else palette.LIGHT,
            2,
        ),
    ]
    for s in range(floor.stations):
        x0, x1 = floor.span(s)
        shapes.append(_rect(x0, STATION_Y[0], x1, STATION_Y[1], "#FFFFFF", width=2))
        if sc.recipes in ("cache", "stream"):
            fill = FRIDGE_FILL if sc.recipes == "cache" else COPY_FILL
            shapes.append(_rect(x0 + 0.6, RECIPE_Y[0], x1 - 0.6, RECIPE_Y[1], fill))
            shapes.append(_line(x0 + 1.4, BAR_Y, x1 - 1.4, BAR_Y, palette.LIGHT, 12))
        if sc.tickets == "queue":
            y = CARRIER_Y[1] - 1.6
            shapes.append(_line(x0 + 0.4, y, x1 - 0.4, y, palette.GREY, 5))
        elif sc.tickets == "stream":
            shapes.append(
                _rect(
                    x0 + 0.4,
                    BELT_Y - 1.4,
                    x1 - 0.4,
                    BELT_Y + 1.4,
                    "#E6E6E6",
                    BELT_INK,
                    2,
                )
            )
    return shapes


def _annotation(x, y, text, size=13, colour=palette.INK, **more) -> dict:
    return {
        "x": x,
        "y": y,
        "text": text,
        "showarrow": False,
        "font": {"size": size, "color": colour},
        **more,
    }


def _arrow(x0, x1, y) -> dict:
    return {
        "x": x1,
        "y": y,
        "ax": x0,
        "ay": y,
        "xref": "x",
        "yref": "y",
        "axref": "x",
        "ayref": "y",
        "text": "",
        "showarrow": True,
        "arrowhead": 2,
        "arrowsize": 1.2,
        "arrowwidth": 2,
        "arrowcolor": palette.GREY,
    }


def on_the_table(sc) -> str:
    """What the shared database holds for this mix, in kitchen words."""
    held = []
    if sc.tickets == "db":
        held.append("ticket rows")
    if sc.recipes == "db":
        held.append("the recipe book")
    elif sc.recipes == "cache":
        held.append("the recipe book (the fridges keep copies)")
    if sc.status == "db":
        held.append("status rows for the board")
    return ", ".join(held) if held else "not used by this mix"


CARRIER_TITLE = {
    "queue": "ticket rail (message queue)",
    "stream": "conveyor belt (event stream)",
    "db": "",
}
RECIPE_TITLE = {
    "cache": "fridge (cache)",
    "stream": "recipe copy (fed by a stream)",
    "db": "",
    "none": "",
}
STATUS_TITLE = {
    "stream": "status belt (stream)",
    "queue": "a status rail per reader",
    "db": "status rows (shared DB)",
    "none": "no status readers",
}


def _titles(floor: Floor, result) -> list[dict]:
    sc = result.scenario
    door_x = (DOOR[0] + DOOR[1]) / 2
    board_x = (BOARD[0] + BOARD[1]) / 2
    notes = [
        _annotation(door_x, STATION_Y[1] - 1.4, "<b>DOOR</b>", 14),
        _annotation(board_x + 1.0, CARRIER_Y[1] - 1.6, "<b>BOARD</b>", 14),
        _annotation(board_x, CARRIER_Y[1] - 3.6, "dining room", 11, palette.GREY),
        _annotation(board_x, RECIPE_Y[1] - 0.9, STATUS_TITLE[sc.status], 11),
        _annotation(
            LINE[0] + 0.3,
            BUFFET_Y[1] - 1.0,
            "<b>BUFFET TABLE</b> = shared database: " + on_the_table(sc),
            13,
            xanchor="left",
        ),
        _annotation(door_x - 1.3, BUFFET_Y[1] - 1.0, "<b>DB slots</b>", 12),
    ]
    if sc.tickets == "db":
        notes.append(
            _annotation(
                (LINE[0] + LINE[1]) / 2,
                CARRIER_Y[0] + 6.0,
                "Tickets are rows on the buffet table below:<br>"
                "each free chef polls it and claims the oldest open row.",
                13,
                palette.GREY,
            )
        )
    for s, name in enumerate(result.stations):
        cx = floor.centre(s)
        notes.append(_annotation(cx, STATION_Y[1] - 1.3, f"<b>{name.upper()}</b>", 14))
        if CARRIER_TITLE[sc.tickets]:
            notes.append(
                _annotation(
                    cx, CARRIER_Y[1] + 0.5, CARRIER_TITLE[sc.tickets], 11, palette.GREY
                )
            )
        if RECIPE_TITLE[sc.recipes]:
            notes.append(
                _annotation(
                    cx, RECIPE_Y[1] - 0.9, RECIPE_TITLE[sc.recipes], 11, palette.GREY
                )
            )
    # The way of an order: the door, each station in turn, the board.
    y = STATION_Y[1] - 4.0
    notes.append(_arrow(DOOR[1], LINE[0], y))
    for s in range(floor.stations - 1):
        notes.append(_arrow(floor.span(s)[1], floor.span(s + 1)[0], y))
    notes.append(_arrow(LINE[1], BOARD[0], y))
    return notes


@cache
def icon(name: str) -> str:
    """An icon from ``assets/icons`` as a data URI for the figure."""
    data = (ASSETS / "icons" / f"{name}.svg").read_bytes()
    return "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")


def _icons(floor: Floor, sc) -> list[dict]:
    def image(name, x, y, size):
        return {
            "source": icon(name),
            "xref": "x",
            "yref": "y",
            "x": x,
            "y": y,
            "sizex": size,
            "sizey": size,
            "xanchor": "center",
            "yanchor": "middle",
            "layer": "above",
        }

    icons = [
        image("door", (DOOR[0] + DOOR[1]) / 2, STATION_Y[1] - 5.6, 4.0),
        image("board", BOARD[0] + 2.0, CARRIER_Y[1] - 1.8, 2.8),
        image("buffet", DOOR[1] - 0.9, BUFFET_Y[1] - 4.6, 2.8),
    ]
    if sc.recipes == "cache":
        for s in range(floor.stations):
            x0, _ = floor.span(s)
            icons.append(image("fridge", x0 + 1.9, RECIPE_Y[1] - 2.4, 2.6))
    return icons


# -- the player -----------------------------------------------------------------

SPEEDS = (("▶ Play", 450), ("▶▶ Fast", 150))
"""The play buttons and their milliseconds per frame."""


def _animate(duration_ms: int) -> dict:
    return {
        "frame": {"duration": duration_ms, "redraw": True},
        "transition": {"duration": 0},
        "fromcurrent": True,
        "mode": "immediate",
    }


def _player() -> dict:
    buttons = [
        {"label": label, "method": "animate", "args": [None, _animate(ms)]}
        for label, ms in SPEEDS
    ]
    buttons.append(
        {
            "label": "❚❚ Pause",
            "method": "animate",
            "args": [[None], {**_animate(0), "fromcurrent": False}],
        }
    )
    return {
        "type": "buttons",
        "direction": "left",
        "showactive": False,
        "x": 0.0,
        "y": 0.0,
        "xanchor": "left",
        "yanchor": "top",
        "pad": {"t": 44, "r": 10},
        "font": {"size": 14},
        "buttons": buttons,
    }


def _scrubber(names: list[str], times: list[float]) -> dict:
    steps = [
        {
            "label": clock(t),
            "value": name,
            "method": "animate",
            "args": [[name], _animate(0)],
        }
        for name, t in zip(names, times, strict=True)
    ]
    return {
        "active": 0,
        "steps": steps,
        "x": 0.29,
        "len": 0.71,
        "y": 0.0,
        "yanchor": "top",
        "pad": {"t": 38, "b": 0},
        "currentvalue": {
            "prefix": "Kitchen clock ",
            "font": {"size": 15, "color": palette.INK},
            "xanchor": "left",
        },
        "font": {"size": 1, "color": "rgba(0,0,0,0)"},
        "ticklen": 4,
        "minorticklen": 0,
        "transition": {"duration": 0},
    }
