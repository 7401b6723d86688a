"""The front door: when guests arrive, under each load profile.

Orders arrive as a Poisson process whose rate follows the evening's profile:
steady, a dinner rush of some height and length in the middle of the run, or
a ramp up to a peak at the end. The rate is piecewise linear in time, so the
arrival times are drawn exactly by inverting its integral: the n-th arrival
comes when the integrated rate reaches the sum of n unit exponentials. The
same seed thus gives the same guests, merely moved in time, at any load.
"""

from __future__ import annotations

import math

import numpy as np

from kitchen.randomness import ARRIVALS, stream


def rate_segments(scenario) -> list[tuple[float, float, float, float]]:
    """The arrival rate as linear pieces ``(t0, t1, rate0, rate1)``, per second."""
    horizon = scenario.minutes * 60.0
    base = scenario.load / 60.0
    peak = base * scenario.rush_peak
    if scenario.profile == "steady":
        return [(0.0, horizon, base, base)]
    if scenario.profile == "ramp":
        return [(0.0, horizon, base, peak)]
    rush = min(scenario.rush_minutes * 60.0, horizon)
    start = (horizon - rush) / 2.0
    pieces = [(0.0, start, base, base), (start, start + rush, peak, peak)]
    pieces.append((start + rush, horizon, base, base))
    return [p for p in pieces if p[1] > p[0]]


def rate_at(scenario, t: float) -> float:
    """The arrival rate at time ``t``, in orders per second."""
    for t0, t1, r0, r1 in rate_segments(scenario):
        if t0 <= t < t1:
            return r0 + (r1 - r0) * (t - t0) / (t1 - t0)
    return 0.0


def _invert(area: float, t0: float, t1: float, r0: float, r1: float) -> float:
    """The time in ``[t0, t1]`` where the integrated rate since t0 is ``area``."""
    slope = (r1 - r0) / (t1 - t0)
    if abs(slope) < 1e-15:
        return t0 + area / r0
    # Solve r0*x + slope*x^2/2 = area for x >= 0, in the stable form.
    disc = r0 * r0 + 2.0 * slope * area
    return t0 + 2.0 * area / (r0 + math.sqrt(max(disc, 0.0)))


def arrival_times(scenario) -> list[float]:
    """Every arrival time of the run, in seconds, sorted."""
    generator = stream(scenario.seed, ARRIVALS)
    segments = rate_segments(scenario)
    total = sum((t1 - t0) * (r0 + r1) / 2.0 for t0, t1, r0, r1 in segments)
    # Enough unit exponentials to cover the integrated rate, drawn in blocks.
    levels: list[float] = []
    level = 0.0
    while level <= total:
        block = np.cumsum(generator.standard_exponential(4096)) + level
        level = float(block[-1])
        levels.extend(block[block <= total].tolist())
    times = []
    done = 0.0
    i = 0
    for t0, t1, r0, r1 in segments:
        area = (t1 - t0) * (r0 + r1) / 2.0
        while i < len(levels) and levels[i] <= done + area:
            times.append(min(_invert(levels[i] - done, t0, t1, r0, r1), t1))
            i += 1
        done += area
    return times
