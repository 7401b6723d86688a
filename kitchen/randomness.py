"""Independent random streams for every source of chance in the kitchen.

The front door, the dish a guest picks, each chef's hands, each chef's bad
luck and the manager's whims each draw from a stream of their own, spawned
from the one seed. Turning up the crash rate therefore leaves the orders and
their work times exactly as they were, and two strategy mixes run on the same
seed serve the very same guests (common random numbers).
"""

from __future__ import annotations

import numpy as np

ARRIVALS = 1
DISHES = 2
WORK = 3
CRASHES = 4
RECOVERIES = 5
UPDATES = 6


def stream(seed: int, source: int, *index: int) -> np.random.Generator:
    """The generator of one source of chance, e.g. ``stream(seed, CRASHES, 2, 0)``.

    Streams are keyed by position, not drawn from one another, so the same
    key gives the same numbers in any process and whatever else was drawn.
    """
    sequence = np.random.SeedSequence(seed, spawn_key=(source, *index))
    return np.random.Generator(np.random.PCG64(sequence))


class Draws:
    """A generator read one number at a time, from blocks drawn in bulk.

    Drawing numbers one by one from numpy is slow; drawing a block and
    handing it out keeps the per-event cost of the simulation low. The
    sequence handed out is the same whatever the block size.
    """

    __slots__ = ("_block", "_draw", "_i", "_size")

    def __init__(self, draw, size: int = 1024) -> None:
        self._draw = draw
        self._size = size
        self._block: list[float] = []
        self._i = 0

    def __call__(self) -> float:
        if self._i == len(self._block):
            self._block = self._draw(self._size).tolist()
            self._i = 0
        value = self._block[self._i]
        self._i += 1
        return value


def exponentials(generator: np.random.Generator) -> Draws:
    """Standard exponential draws (mean 1), one at a time."""
    return Draws(generator.standard_exponential)
