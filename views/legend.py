"""Kitchen words and the microservices terms they stand for.

The scene's legend is built from :data:`TERMS` and :data:`CHEF_LOOKS`, so the
drawing and its key cannot drift apart: every mark the scene draws for a
chef state takes its symbol, colour and word from :data:`CHEF_LOOKS`.
"""

from __future__ import annotations

from dataclasses import dataclass

from views import palette
from views.replay import BACK, DOWN, IDLE, WORKING


@dataclass(frozen=True)
class Look:
    """How one kind of mark is drawn, and what it means."""

    symbol: str
    colour: str
    words: str
    size: int = 14


TERMS: tuple[tuple[str, Look], ...] = (
    ("chef", Look("circle", palette.BLUE, "chef = service (one replica)")),
    ("ticket", Look("square", palette.YELLOW, "ticket = request (message)", 12)),
    ("rail", Look("line-ew", palette.GREY, "rail = message queue")),
    ("belt", Look("square-open", palette.GREY, "belt = event stream (log)", 12)),
    ("buffet", Look("square", "#C9A46A", "buffet table = shared database")),
    ("fridge", Look("square", palette.SKY, "fridge = cache")),
    ("board", Look("square", palette.GREEN, "board = read model (view)")),
    ("flash", Look("star", palette.ORANGE, "star = trouble just now", 16)),
)
"""Each kitchen element and its microservices term, in the legend's order."""

CHEF_LOOKS: dict[str, Look] = {
    WORKING: Look("circle", palette.BLUE, "chef working", 22),
    IDLE: Look("circle-open", palette.GREY, "chef idle", 22),
    DOWN: Look("x", palette.VERMILLION, "chef down: crashed, recovering", 22),
    BACK: Look("diamond", palette.GREEN, "chef just back", 22),
}
"""How each chef state is drawn: shape, colour and word, never colour alone."""

FLASH = TERMS[-1][1]
LOCKED = Look("square-x-open", palette.VERMILLION, "row locked by a crashed chef", 12)
READ = Look("square-open", palette.GREY, "event already read", 10)


def legend_traces() -> list[dict]:
    """Legend-only traces: one per term and one per chef state.

    They carry no points (``x`` is ``[None]``), so they add nothing to the
    drawing and stay the same in every frame.
    """
    entries = [("Kitchen = microservices", name, look) for name, look in TERMS] + [
        ("Chef states", state, look) for state, look in CHEF_LOOKS.items()
    ]
    traces = []
    for group, key, look in entries:
        traces.append(
            {
                "type": "scatter",
                "x": [None],
                "y": [None],
                "mode": "markers",
                "name": look.words,
                "legendgroup": group,
                "marker": {
                    "symbol": look.symbol,
                    "color": look.colour,
                    "size": 13,
                    "line": {"width": 2, "color": look.colour},
                },
                "hoverinfo": "skip",
                "meta": key,
            }
        )
    return traces
