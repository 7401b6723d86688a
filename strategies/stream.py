"""Data streams: the conveyor belt that every reader watches.

A :class:`Belt` is an append-only log split into partitions. Producers put an
event on it once; any number of *consumer groups* read it, each keeping its
own committed offset per partition, so an extra reader costs the producer
nothing. A consumer polls its partitions at the poll interval and takes up
to a batch of events; it commits how far it got at its next poll. A consumer
that crashes loses what it had fetched and, when it is back, starts again
from its last commit: the work it had done since is replayed, and every
ticket it hands on a second time is a duplicate downstream.

Partitions are shared out among a group's consumers once (chef k reads every
partition p with p mod chefs == k), so chefs beyond the partition count sit
idle, and a crashed chef's partitions wait for it to return.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Generator, Iterable, Iterator
from typing import TYPE_CHECKING

import simpy

from strategies.base import RecipeBook, Sample, StatusFeed, Ticket, TicketCarrier, Wait

if TYPE_CHECKING:
    from kitchen.engine import Chef, Kitchen
    from kitchen.records import Order


class Belt:
    """An append-only, partitioned log of events (a topic)."""

    def __init__(self, env: simpy.Environment, partitions: int) -> None:
        self.env = env
        self.partitions: list[list[object]] = [[] for _ in range(partitions)]
        self._arrived = env.event()

    def append(self, key: int, event: object) -> None:
        """Put one event on the partition its key maps to."""
        self.partitions[key % len(self.partitions)].append(event)
        arrived, self._arrived = self._arrived, self.env.event()
        arrived.succeed()

    def arrival(self) -> simpy.Event:
        """An event that fires at the next append to any partition."""
        return self._arrived


class Consumer:
    """One reader of a belt, within a group, over some of its partitions."""

    def __init__(
        self, env: simpy.Environment, belt: Belt, partitions: list[int], poll_s: float
    ) -> None:
        self.env = env
        self.belt = belt
        self.assigned = partitions
        self.poll_s = poll_s
        self.position = dict.fromkeys(partitions, 0)
        self.committed = dict.fromkeys(partitions, 0)
        self.fetched: deque[tuple[int, object]] = deque()
        self.last_poll = -poll_s

    def available(self) -> bool:
        return any(
            len(self.belt.partitions[p]) > self.position[p] for p in self.assigned
        )

    def poll(self, batch: int, effort) -> Generator[simpy.Event, object, None]:
        """Wait for the next poll with something to read, and fetch a batch."""
        env = self.env
        while True:
            # Polls happen on the consumer's interval; an empty poll waits for
            # the belt to move, then for the next poll after that.
            next_poll = max(self.last_poll + self.poll_s, env.now)
            if next_poll > env.now:
                yield env.timeout(next_poll - env.now)
            self.last_poll = env.now
            effort()
            self.committed.update(self.position_done())
            if self.available():
                break
            if not self.assigned:
                yield env.event()  # an idle consumer: no partition to read
            yield self.belt.arrival()
            elapsed = env.now - self.last_poll
            ticks = -(-elapsed // self.poll_s)
            self.last_poll += max(ticks - 1, 0) * self.poll_s
        for p in self.assigned:
            log = self.belt.partitions[p]
            start = self.position[p]
            end = min(len(log), start + batch - len(self.fetched))
            self.fetched.extend((p, log[i]) for i in range(start, end))
            self.position[p] = end
            if len(self.fetched) >= batch:
                break

    def position_done(self) -> dict[int, int]:
        """Offsets fully processed: the fetch position less what is unread."""
        done = dict(self.position)
        for p, _ in self.fetched:
            done[p] -= 1
        return done

    def rewind(self) -> int:
        """Forget what was fetched and go back to the last commit."""
        rewound = sum(self.position[p] - self.committed[p] for p in self.assigned)
        self.fetched.clear()
        self.position.update(self.committed)
        return rewound

    def lag(self) -> int:
        """Events on the belt not yet committed by this consumer."""
        return sum(
            len(self.belt.partitions[p]) - self.committed[p] for p in self.assigned
        )

    def unread(self) -> int:
        """Events on the belt that no poll has fetched yet, plus those fetched."""
        waiting = sum(
            len(self.belt.partitions[p]) - self.position[p] for p in self.assigned
        )
        return waiting + len(self.fetched)


class StreamTickets(TicketCarrier):
    """One belt per station; the station's chefs form its consumer group."""

    name = "stream"

    def __init__(self, kitchen: Kitchen) -> None:
        super().__init__(kitchen)
        sc = kitchen.scenario
        self.broker = kitchen.broker
        self.batch = sc.batch
        poll_s = sc.poll_ms / 1000.0
        self.belts = [Belt(self.env, sc.partitions) for _ in range(sc.stations)]
        self.consumers = {
            chef.name: Consumer(
                self.env,
                self.belts[chef.station],
                [p for p in range(sc.partitions) if p % sc.chefs == chef.index],
                poll_s,
            )
            for chefs in kitchen.chefs
            for chef in chefs
        }
        self.working: dict[str, Ticket] = {}
        self.waiting: set[int] = set()

    def _effort(self) -> None:
        self.kitchen.recorder.effort += 1

    def seat(self, order: Order) -> None:
        if self.broker.outage.up:
            self._append(Ticket(order, 0, self.env.now))
        else:
            self.waiting.add(order.id)
            self.env.process(self._append_later(Ticket(order, 0, self.env.now)))

    def _append_later(self, ticket: Ticket) -> Generator[simpy.Event, object, None]:
        while not self.broker.outage.up:
            yield self.broker.outage.back()
        self.waiting.discard(ticket.order.id)
        ticket.ready = self.env.now
        self._append(ticket)

    def _append(self, ticket: Ticket) -> None:
        self.broker.message()
        self.belts[ticket.station].append(ticket.order.id, ticket)
        self.kitchen.log("queued", "belt", ticket.station, ticket.order.id)

    def next_ticket(self, chef: Chef) -> Generator[simpy.Event, object, Ticket]:
        consumer = self.consumers[chef.name]
        while not consumer.fetched:
            while not self.broker.outage.up:
                yield self.broker.outage.back()
            yield from consumer.poll(self.batch, self._effort)
        _, event = consumer.fetched[0]
        ticket: Ticket = event  # type: ignore[assignment]
        self.working[chef.name] = ticket
        return ticket

    def hand_on(self, chef: Chef, ticket: Ticket) -> Wait:
        while not self.broker.outage.up:
            yield self.broker.outage.back()
        self.kitchen.handed_on(ticket.order, ticket.station)
        self._append(Ticket(ticket.order, ticket.station + 1, self.env.now))
        return True

    def ticket_done(self, chef: Chef, ticket: Ticket) -> None:
        consumer = self.consumers[chef.name]
        consumer.fetched.popleft()
        del self.working[chef.name]

    def chef_crashed(self, chef: Chef, ticket: Ticket | None) -> None:
        consumer = self.consumers[chef.name]
        held = self.working.pop(chef.name, None)
        if held is not None:
            held.order.redeliveries += 1
            self.kitchen.recorder.count("redeliveries")
        rewound = consumer.rewind()
        if rewound:
            self.kitchen.recorder.count("replayed", rewound)
            self.kitchen.log("replay", chef.name, chef.station, -1, str(rewound))

    def backlog(self, station: int) -> int:
        return sum(
            self.consumers[chef.name].unread() for chef in self.kitchen.chefs[station]
        ) - sum(chef.name in self.working for chef in self.kitchen.chefs[station])

    def holding(self) -> Iterator[int]:
        for chefs in self.kitchen.chefs:
            for chef in chefs:
                consumer = self.consumers[chef.name]
                for p in consumer.assigned:
                    log = consumer.belt.partitions[p]
                    yield from (t.order.id for t in log[consumer.committed[p] :])
        yield from self.waiting

    def samples(self) -> Iterable[Sample]:
        for s, name in enumerate(self.kitchen.station_names):
            lag = sum(self.consumers[c.name].lag() for c in self.kitchen.chefs[s])
            yield ("stream_lag", name, lag)


class StreamRecipes(RecipeBook):
    """A local copy of the recipe book at each station, fed by a change stream."""

    name = "stream"

    def __init__(self, kitchen: Kitchen) -> None:
        super().__init__(kitchen)
        sc = kitchen.scenario
        self.broker = kitchen.broker
        self.batch = sc.batch
        self.belt = Belt(self.env, sc.partitions)
        self.copies = [[0] * sc.menu_size for _ in range(sc.stations)]
        everything = list(range(sc.partitions))
        self.readers = [
            Consumer(self.env, self.belt, everything, sc.poll_ms / 1000.0)
            for _ in range(sc.stations)
        ]

    def start(self) -> None:
        for station in range(self.kitchen.scenario.stations):
            self.env.process(self.copy_keeper(station))

    def copy_keeper(self, station: int) -> Generator[simpy.Event, object, None]:
        """Keep one station's copy of the recipes up to date from the belt."""
        consumer = self.readers[station]
        copy = self.copies[station]
        effort = self._effort
        while True:
            while not self.broker.outage.up:
                yield self.broker.outage.back()
            yield from consumer.poll(self.batch, effort)
            while consumer.fetched:
                _, change = consumer.fetched.popleft()
                dish, version = change  # type: ignore[misc]
                copy[dish] = max(copy[dish], version)

    def _effort(self) -> None:
        self.kitchen.recorder.effort += 1

    def read_recipe(self, chef: Chef, order: Order) -> Wait:
        kitchen = self.kitchen
        if self.copies[chef.station][order.dish] < kitchen.versions[order.dish]:
            order.stale_reads += 1
            kitchen.recorder.count("stale_reads")
            kitchen.log("stale", chef.name, chef.station, order.id, str(order.dish))
        return True
        yield  # reads are local: nothing to wait for

    def recipe_changed(self, dish: int) -> Wait:
        while not self.broker.outage.up:
            yield self.broker.outage.back()
        kitchen = self.kitchen
        kitchen.versions[dish] += 1
        self.broker.message()
        self.belt.append(dish, (dish, kitchen.versions[dish]))
        kitchen.log("update", "manager", -1, -1, str(dish))
        return True

    def samples(self) -> Iterable[Sample]:
        versions = self.kitchen.versions
        for name, copy in zip(self.kitchen.station_names, self.copies, strict=True):
            stale = sum(c < v for c, v in zip(copy, versions, strict=True))
            yield ("stale_entries", name, stale)


class StreamStatus(StatusFeed):
    """One belt of status events; every reader is a consumer group of its own."""

    name = "stream"

    def __init__(self, kitchen: Kitchen) -> None:
        super().__init__(kitchen)
        sc = kitchen.scenario
        self.broker = kitchen.broker
        self.batch = sc.batch
        self.board_s = sc.board_ms / 1000.0
        self.belt = Belt(self.env, sc.partitions)
        everything = list(range(sc.partitions))
        self.readers = [
            Consumer(self.env, self.belt, everything, sc.poll_ms / 1000.0)
            for _ in kitchen.reader_names
        ]

    def start(self) -> None:
        for index, name in enumerate(self.kitchen.reader_names):
            self.env.process(self.status_reader(index, name))

    def order_served(self, chef: Chef, order: Order) -> Wait:
        while not self.broker.outage.up:
            yield self.broker.outage.back()
        # One event on the belt, however many groups read it.
        self.broker.message()
        self.belt.append(order.id, (self.env.now, order))
        return True

    def status_reader(
        self, index: int, name: str
    ) -> Generator[simpy.Event, object, None]:
        """Poll the status belt and apply each event to this reader's view."""
        env = self.env
        consumer = self.readers[index]
        recorder = self.kitchen.recorder
        while True:
            while not self.broker.outage.up:
                yield self.broker.outage.back()
            yield from consumer.poll(self.batch, self._effort)
            while consumer.fetched:
                _, event = consumer.fetched[0]
                _, order = event  # type: ignore[misc]
                if self.board_s:
                    yield env.timeout(self.board_s)
                consumer.fetched.popleft()
                if index == 0:
                    order.board = env.now
                    recorder.board_lags.append(env.now - order.finish)
                    self.kitchen.log("board", name, -1, order.id)

    def _effort(self) -> None:
        self.kitchen.recorder.effort += 1

    def samples(self) -> Iterable[Sample]:
        for name, consumer in zip(self.kitchen.reader_names, self.readers, strict=True):
            yield ("stream_lag", name, consumer.lag())
