"""Colours, marker symbols and clock text shared by every figure.

Colours are the Okabe-Ito palette, which stays distinct for the common
kinds of colour blindness. No state is told by colour alone: each chef state
also has its own marker symbol and a word in its label, and each station's
line in a chart also has its own dash.
"""

from __future__ import annotations

import math

BLACK = "#000000"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#6E6E6E"
LIGHT = "#D9D9D9"
PAPER = "#FFFFFF"
FLOOR = "#F7F5F0"
INK = "#1A1A1A"

STATION_COLOURS = (BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION)
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
READER_COLOURS = (BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION)

FONT = "Source Sans 3, Source Sans Pro, Helvetica Neue, Arial, sans-serif"


def station_colour(index: int) -> str:
    """The colour of one station's line, the same in every chart."""
    return STATION_COLOURS[index % len(STATION_COLOURS)]


def station_dash(index: int) -> str:
    """The dash of one station's line, so lines differ without colour too."""
    return DASHES[index % len(DASHES)]


def clock(seconds: float) -> str:
    """Time into the service as minutes and seconds, e.g. ``12:05``."""
    if not math.isfinite(seconds):
        return "-"
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"


def count(number: float, one: str, many: str, form: str = "{:,.0f}") -> str:
    """A number and its noun, singular for exactly one: ``1 order``, ``3 orders``."""
    return f"{form.format(number)} {one if number == 1 else many}"


def duration(seconds: float) -> str:
    """A length of time in words a student reads at a glance."""
    if not math.isfinite(seconds):
        return "-"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 90:
        return f"{seconds:.1f} s" if seconds < 10 else f"{seconds:.0f} s"
    return f"{seconds / 60:.1f} min"
