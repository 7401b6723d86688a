"""The kitchen's backing services: the buffet table and the pass.

:class:`SharedDatabase` is the buffet everyone grabs from: a
:class:`simpy.Resource` with a few slots, where every read and write waits its
turn and then takes a fixed time. While it is down, work that needs it waits,
and work that waits past the timeout gives up.

:class:`Broker` is the machinery behind the ticket rails and the conveyor
belts. Its operations are instant, but while it is down nothing is put on or
taken off a rail or a belt; producers and consumers wait for it to come back.
"""

from __future__ import annotations

from collections.abc import Generator

import simpy

from kitchen.records import Recorder


class Outage:
    """Whether a service is up, and an event to wait on until it is."""

    def __init__(self, env: simpy.Environment) -> None:
        self.env = env
        self.up = True
        self._back = env.event()

    def go_down(self) -> None:
        self.up = False

    def come_back(self) -> None:
        self.up = True
        back, self._back = self._back, self.env.event()
        back.succeed()

    def back(self) -> simpy.Event:
        """An event that fires when the service is up again."""
        return self._back


class SharedDatabase:
    """One database server with ``slots`` concurrent operations."""

    def __init__(
        self,
        env: simpy.Environment,
        recorder: Recorder,
        slots: int,
        op_s: float,
        timeout_s: float,
    ) -> None:
        self.env = env
        self.recorder = recorder
        self.slots = simpy.Resource(env, capacity=slots)
        self.op_s = op_s
        self.timeout_s = timeout_s
        self.outage = Outage(env)
        self.busy_s = 0.0
        self.operations = 0
        self.waiting_for_outage = 0

    @property
    def waiters(self) -> int:
        """Operations waiting for a slot or for the database to come back."""
        return len(self.slots.queue) + self.waiting_for_outage

    def operate(self, kind: str) -> Generator[simpy.Event, object, bool]:
        """One read or write; True when done, False when it timed out.

        Reads and writes cost the same; ``kind`` names the operation for
        readers of the code.
        """
        env = self.env
        deadline = env.now + self.timeout_s
        self.operations += 1

        # Wait out an outage, up to the deadline.
        while not self.outage.up:
            self.waiting_for_outage += 1
            try:
                yield self.outage.back() | env.timeout(deadline - env.now)
            finally:
                self.waiting_for_outage -= 1
            if not self.outage.up:
                self.recorder.count("db_timeouts")
                return False

        # Wait for a free slot, then hold it for the operation's time.
        with self.slots.request() as request:
            if not request.triggered:
                remaining = deadline - env.now
                if remaining <= 0:
                    self.recorder.count("db_timeouts")
                    return False
                yield request | env.timeout(remaining)
                if not request.triggered:
                    self.recorder.count("db_timeouts")
                    return False
            started = env.now
            try:
                yield env.timeout(self.op_s)
            finally:
                self.busy_s += env.now - started
        return True


class Broker:
    """The message broker behind the rails and the belts."""

    def __init__(self, env: simpy.Environment, recorder: Recorder) -> None:
        self.env = env
        self.recorder = recorder
        self.outage = Outage(env)
        self.messages = 0

    def message(self, amount: int = 1) -> None:
        """Count messages the broker had to store and deliver."""
        self.messages += amount
