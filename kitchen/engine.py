"""The kitchen itself: the door, the line of stations, the chefs and the manager.

Actors are SimPy processes:

* the *front desk* lets guests in at their arrival times and seats each
  order's first ticket with the ticket carrier;
* a *line cook* per chef takes a ticket, reads the recipe, works, and hands
  the ticket on; the last station serves the order and tells the board;
* a *walkout* per chef interrupts its line cook at exponential times and
  keeps it away for a random recovery time;
* the *manager* changes recipes, and the *outage* takes the shared database
  or the broker down for a while;
* the *sampler* writes the time series and the *watchdog* stops a run that
  overruns its budgets.

How data moves between them is up to the strategies in :mod:`strategies`;
this module only knows their hooks.
"""

from __future__ import annotations

import bisect
import math
import time
from collections.abc import Generator

import numpy as np
import simpy

from kitchen import params
from kitchen.arrivals import arrival_times
from kitchen.infrastructure import Broker, SharedDatabase
from kitchen.randomness import (
    CRASHES,
    DISHES,
    RECOVERIES,
    UPDATES,
    WORK,
    Draws,
    exponentials,
    stream,
)
from kitchen.records import DROPPED, FAILED, SERVED, Order, Recorder
from strategies import recipe_book, status_feed, ticket_carrier
from strategies.base import Ticket

STATION_NAMES = {
    1: ("cook",),
    2: ("prep", "cook"),
    3: ("prep", "cook", "plate"),
    4: ("prep", "grill", "sauce", "plate"),
    5: ("prep", "grill", "sauce", "plate", "pass"),
    6: ("prep", "grill", "sauce", "garnish", "plate", "pass"),
}
READER_NAMES = ("board", "waiters", "till", "loyalty app", "display", "analytics")
SAMPLE_STEPS_S = (1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600)
WATCHDOG_CHECKS = 2000
"""How many times a run checks its budgets, spread over the evening (at
most once a simulated second). Ten times as many checks cost a fifth of a
long run's time in the benchmark; this many stop the worst corner within a
tenth of a second of its wall-clock budget."""

IDLE = "idle"
WORKING = "working"
DOWN = "down"


class BudgetExceeded(RuntimeError):
    """A run that would cost more than its event or wall-clock budget.

    ``budget`` names which: ``"events"`` (the same scenario always exceeds
    it) or ``"wall"`` (it may pass on a less busy machine).
    """

    def __init__(self, message: str, budget: str) -> None:
        # Both in args: SimPy rebuilds a failure from its args as it unwinds.
        super().__init__(message, budget)
        self.budget = budget

    def __str__(self) -> str:
        return str(self.args[0])


class Chef:
    """One chef (a service replica) at one station."""

    __slots__ = ("down_since", "index", "name", "process", "state", "station", "ticket")

    def __init__(self, station: int, index: int, name: str) -> None:
        self.station = station
        self.index = index
        self.name = name
        self.state = IDLE
        self.ticket: Ticket | None = None
        self.process: simpy.Process | None = None
        self.down_since = 0.0


def sample_step(horizon_s: float) -> float:
    """The series' step: the finest round step giving at most MAX_SAMPLES points."""
    for step in SAMPLE_STEPS_S:
        if horizon_s / step <= params.MAX_SAMPLES:
            return float(step)
    return math.ceil(horizon_s / params.MAX_SAMPLES)


class Kitchen:
    """One evening in the kitchen, for one scenario."""

    def __init__(
        self,
        scenario,
        *,
        event_budget: int = params.EVENT_BUDGET,
        wall_budget_s: float = params.WALL_BUDGET_S,
        arrivals: list[float] | None = None,
    ) -> None:
        # The wall-clock budget counts from here: drawing a long evening's
        # arrivals is part of what a run costs.
        self.created = time.perf_counter()
        self.scenario = sc = scenario
        self.env = simpy.Environment()
        self.recorder = Recorder()
        self.horizon = sc.minutes * 60.0
        self.event_budget = event_budget
        self.wall_budget_s = wall_budget_s
        self.station_names = STATION_NAMES[sc.stations]
        self.reader_names = READER_NAMES[: sc.readers]
        self.last_station = sc.stations - 1
        self.db = SharedDatabase(
            self.env, self.recorder, sc.db_slots, sc.db_op_ms / 1000.0, sc.db_timeout_s
        )
        self.broker = Broker(self.env, self.recorder)
        # The current version of every recipe: the truth a stale read misses.
        self.versions = [0] * sc.menu_size
        self.chefs = [
            [Chef(s, k, f"{name} {k + 1}") for k in range(sc.chefs)]
            for s, name in enumerate(self.station_names)
        ]
        # Arrival times may be given, for worked examples; else they are drawn.
        self.arrivals = sorted(arrivals) if arrivals is not None else arrival_times(sc)
        self.seating: set[int] = set()
        self.open_orders = 0
        self.tickets = ticket_carrier(sc.tickets, self)
        self.recipes = recipe_book(sc.recipes, self)
        self.status = status_feed(sc.status, self)

    # -- helpers the strategies use -----------------------------------------

    def log(
        self,
        kind: str,
        actor: str,
        station: int = -1,
        order: int = -1,
        detail: str = "",
    ) -> None:
        """Write one event at the current time."""
        rec = self.recorder
        rec.times.append(self.env.now)
        rec.kinds.append(kind)
        rec.actors.append(actor)
        rec.stations.append(self.station_names[station] if station >= 0 else "")
        rec.order_ids.append(order)
        rec.details.append(detail)

    def close(
        self, order: Order, status: str, actor: str, station: int, reason: str = ""
    ) -> None:
        """An order leaves the kitchen: served, failed or dropped."""
        if order.open:
            order.status = status
            order.reason = reason
            order.finish = self.env.now
            self.open_orders -= 1
            self.recorder.count(status)
            self.log(status, actor, station, order.id, reason)

    def fail(self, order: Order, station: int, reason: str) -> None:
        """An order that cannot be finished: the guest is told and leaves."""
        self.close(order, FAILED, "kitchen", station, reason)

    def drop(self, order: Order, station: int, reason: str) -> None:
        """An order turned away because there was no room for its ticket."""
        self.close(order, DROPPED, "kitchen", station, reason)

    def handed_on(self, order: Order, station: int) -> bool:
        """Note that a station finished its ticket; False if it had already."""
        bit = 1 << station
        if order.done & bit:
            order.duplicates += 1
            self.recorder.count("duplicates")
            self.log("duplicate", "kitchen", station, order.id)
            return False
        order.done |= bit
        return True

    # -- the actors -----------------------------------------------------------

    def front_desk(self) -> Generator[simpy.Event, object, None]:
        """Let each guest in at their arrival time and seat their order."""
        sc = self.scenario
        env = self.env
        dishes = _dish_picker(sc)
        work = _work_drawer(sc)
        for ident, arrival in enumerate(self.arrivals):
            if arrival >= self.horizon:
                break
            yield env.timeout(arrival - env.now)
            order = Order(ident, arrival, dishes(), work())
            self.recorder.orders.append(order)
            self.open_orders += 1
            self.log("arrive", "front", 0, ident, str(order.dish))
            self.tickets.seat(order)

    def line_cook(self, chef: Chef) -> Generator[simpy.Event, object, None]:
        """One chef's shift: take a ticket, read, work, hand on; again."""
        env = self.env
        tickets = self.tickets
        recipes = self.recipes if self.scenario.recipes != "none" else None
        status = self.status if self.scenario.status != "none" else None
        station = chef.station
        last = station == self.last_station
        while True:
            try:
                # Wait for a ticket.
                chef.state = IDLE
                ticket = yield from tickets.next_ticket(chef)
                chef.ticket = ticket
                order = ticket.order
                waited = env.now - ticket.ready
                order.wait += waited
                self.recorder.waited(waited)

                # Read the recipe.
                if recipes is not None:
                    chef.state = WORKING
                    read = yield from recipes.read_recipe(chef, order)
                    if not read:
                        self.fail(order, station, "recipe read timed out")
                        tickets.ticket_done(chef, ticket)
                        chef.ticket = None
                        continue

                # Work.
                chef.state = WORKING
                self.log("start", chef.name, station, order.id)
                yield env.timeout(order.work[station])

                # Hand on, or serve and tell the board.
                if last:
                    if self.handed_on(order, station) and order.open:
                        self.close(order, SERVED, chef.name, station)
                        if status is not None:
                            yield from status.order_served(chef, order)
                else:
                    self.log("done", chef.name, station, order.id)
                    yield from tickets.hand_on(chef, ticket)
                tickets.ticket_done(chef, ticket)
                chef.ticket = None
            except simpy.Interrupt as walkout:
                # Walk out: whatever the chef held is up to the carrier.
                chef.down_since = env.now
                held = chef.ticket
                chef.ticket = None
                self.log("crash", chef.name, station, held.order.id if held else -1)
                tickets.chef_crashed(chef, held)
                yield env.timeout(walkout.cause)
                self.recorder.count("chef_down_s", env.now - chef.down_since)
                chef.state = IDLE
                self.log("recover", chef.name, station)
                tickets.chef_recovered(chef)

    def crash(self, chef: Chef, recovery_s: float) -> bool:
        """Make a chef walk out for ``recovery_s``; False if it is away already."""
        if chef.state == DOWN or chef.process is None:
            return False
        chef.state = DOWN
        chef.process.interrupt(recovery_s)
        self.recorder.count("chef_crashes")
        return True

    def walkout(self, chef: Chef) -> Generator[simpy.Event, object, None]:
        """Crash a chef now and then, and keep it away while it recovers."""
        sc = self.scenario
        env = self.env
        mean_up_s = 3600.0 / sc.crash_rate
        up = exponentials(stream(sc.seed, CRASHES, chef.station, chef.index))
        down = exponentials(stream(sc.seed, RECOVERIES, chef.station, chef.index))
        while True:
            # Time to the next crash counts from the end of the last recovery.
            yield env.timeout(up() * mean_up_s)
            recovery = down() * sc.recovery_s
            if self.crash(chef, recovery):
                yield env.timeout(recovery)

    def scheduled_walkout(self, chef: Chef) -> Generator[simpy.Event, object, None]:
        """The chef a teacher picked walks out at the set time."""
        sc = self.scenario
        yield self.env.timeout(sc.walkout_at_s)
        if not self.crash(chef, sc.walkout_s):
            self.log("walkout_missed", chef.name, chef.station, -1, "already away")

    def manager(self) -> Generator[simpy.Event, object, None]:
        """Change a recipe now and then; each change is a new version."""
        sc = self.scenario
        env = self.env
        generator = stream(sc.seed, UPDATES)
        gaps = exponentials(generator)
        mean_gap_s = 60.0 / sc.recipe_updates
        while True:
            yield env.timeout(gaps() * mean_gap_s)
            dish = int(generator.integers(sc.menu_size))
            changed = yield from self.recipes.recipe_changed(dish)
            if changed:
                self.recorder.count("recipe_updates")
            else:
                self.recorder.count("recipe_updates_failed")
                self.log("update_failed", "manager", -1, -1, str(dish))

    def outage(self) -> Generator[simpy.Event, object, None]:
        """Take the shared database or the broker down for a while."""
        sc = self.scenario
        service = self.db.outage if sc.outage == "db" else self.broker.outage
        yield self.env.timeout(sc.outage_start_s)
        service.go_down()
        self.log("outage", sc.outage, -1, -1, "down")
        yield self.env.timeout(sc.outage_s)
        service.come_back()
        self.log("outage", sc.outage, -1, -1, "up")

    def sampler(self, step: float) -> Generator[simpy.Event, object, None]:
        """Write every sampled series once a step."""
        env = self.env
        rec = self.recorder
        while True:
            now = env.now
            for s, name in enumerate(self.station_names):
                chefs = self.chefs[s]
                rec.sample(now, "backlog", name, self.tickets.backlog(s))
                rec.sample(now, "chefs_up", name, sum(c.state != DOWN for c in chefs))
                rec.sample(
                    now, "chefs_working", name, sum(c.state == WORKING for c in chefs)
                )
            rec.sample(now, "db_busy", "db", self.db.slots.count)
            rec.sample(now, "db_waiting", "db", self.db.waiters)
            for strategy in (self.tickets, self.recipes, self.status):
                for metric, series, value in strategy.samples():
                    rec.sample(now, metric, series, value)
            rec.sample(now, "orders", "in_kitchen", self.open_orders)
            for status in (SERVED, FAILED, DROPPED):
                rec.sample(now, "orders", status, rec.counts.get(status, 0))
            yield env.timeout(step)

    def watchdog(self, started: float) -> Generator[simpy.Event, object, None]:
        """Stop a run that would cost more than its budgets allow."""
        env = self.env
        step = max(1.0, self.horizon / WATCHDOG_CHECKS)
        while True:
            yield env.timeout(step)
            done = self.recorder.size(self.db.operations, self.broker.messages)
            if done > self.event_budget:
                raise BudgetExceeded(
                    f"The run stopped at {_clock(env.now)} of {_clock(self.horizon)}: "
                    f"it needed more than {self.event_budget:,} kitchen events. "
                    "Lower load, minutes, chefs or stations, or raise poll_ms.",
                    "events",
                )
            if time.perf_counter() - started > self.wall_budget_s:
                raise BudgetExceeded(
                    f"The run stopped at {_clock(env.now)} of {_clock(self.horizon)}: "
                    f"it took longer than {self.wall_budget_s:g} s to compute. "
                    "Lower load, minutes, chefs or stations, or raise poll_ms.",
                    "wall",
                )

    # -- running ---------------------------------------------------------------

    def run(self) -> None:
        """Simulate the whole evening."""
        sc = self.scenario
        env = self.env
        started = self.created
        for strategy in (self.tickets, self.recipes, self.status):
            strategy.start()
        env.process(self.front_desk())
        for chefs in self.chefs:
            for chef in chefs:
                chef.process = env.process(self.line_cook(chef))
                if sc.crash_rate > 0:
                    env.process(self.walkout(chef))
        if sc.walkout_station > 0 and sc.walkout_at_s < self.horizon:
            env.process(self.scheduled_walkout(self.chefs[sc.walkout_station - 1][0]))
        if sc.recipes != "none" and sc.recipe_updates > 0:
            env.process(self.manager())
        if sc.outage != "none" and sc.outage_s > 0:
            env.process(self.outage())
        env.process(self.sampler(sample_step(self.horizon)))
        env.process(self.watchdog(started))
        env.run(until=self.horizon)

    def whereabouts(self) -> set[int]:
        """Ids of every order some part of the kitchen still holds."""
        held = set(self.tickets.holding())
        held.update(self.seating)
        for chefs in self.chefs:
            held.update(c.ticket.order.id for c in chefs if c.ticket is not None)
        return held

    def expected_orders(self) -> int:
        """How many guests came through the door before closing."""
        return bisect.bisect_left(self.arrivals, self.horizon)


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"


def _dish_picker(scenario):
    """Draw each order's dish by Zipf popularity over the menu."""
    ranks = np.arange(1, scenario.menu_size + 1, dtype=float)
    weights = ranks**-scenario.popularity
    cumulative = np.cumsum(weights / weights.sum()).tolist()
    cumulative[-1] = 1.0
    uniforms = Draws(stream(scenario.seed, DISHES).random)
    last = scenario.menu_size - 1

    def pick() -> int:
        return min(bisect.bisect_right(cumulative, uniforms()), last)

    return pick


def _work_drawer(scenario):
    """Draw each order's work time at every station, the same for any strategy."""
    generator = stream(scenario.seed, WORK)
    mean = scenario.work_s
    stations = scenario.stations
    if scenario.service == "deterministic":
        return lambda: [mean] * stations
    if scenario.service == "exponential":
        draws = exponentials(generator)
        return lambda: [draws() * mean for _ in range(stations)]
    sigma2 = math.log1p(scenario.work_cv**2)
    mu = math.log(mean) - sigma2 / 2.0
    sigma = math.sqrt(sigma2)
    normals = Draws(generator.standard_normal)
    return lambda: [math.exp(mu + sigma * normals()) for _ in range(stations)]
