"""The yardstick: a bare SimPy M/M/c queue with nothing but the queue.

It serves the very same orders as the engine's one-station kitchen (the same
arrival times and work times), so the two can be timed against each other
and their finishing times compared order by order.
"""

from __future__ import annotations

import simpy


def run(arrivals: list[float], works: list[float], chefs: int, horizon: float):
    """Finishing time of every order served before the horizon, by order."""
    env = simpy.Environment()
    station = simpy.Resource(env, capacity=chefs)
    finished: dict[int, float] = {}

    def guest(ident: int, work: float):
        with station.request() as turn:
            yield turn
            yield env.timeout(work)
        finished[ident] = env.now

    def door():
        for ident, (arrival, work) in enumerate(zip(arrivals, works, strict=True)):
            if arrival >= horizon:
                return
            yield env.timeout(arrival - env.now)
            env.process(guest(ident, work))

    env.process(door())
    env.run(until=horizon)
    return finished
