"""Message queues: the ticket rail above each station.

Each station has a :class:`Rail` on the broker. The chef upstream clips a
ticket on and moves on at once; a chef at the station takes the oldest one.
A ticket stays *unacknowledged* while the chef works on it, so a chef who
walks out mid-work puts nothing at risk: the broker puts the ticket back at
the front of the rail (a redelivery) and another chef picks it up.

A rail holds at most ``queue_capacity`` waiting tickets. When it is full the
``overflow`` policy decides: ``block`` holds the producer back until there is
room (back-pressure that travels upstream, all the way to the door), ``drop``
throws the new ticket away and the order is lost, with the reason recorded.

The same rails carry status updates to the board, one rail per status reader:
every extra reader costs the producer one more message.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Generator, Iterable, Iterator
from typing import TYPE_CHECKING

import simpy

from strategies.base import Sample, StatusFeed, Ticket, TicketCarrier, Wait

if TYPE_CHECKING:
    from kitchen.engine import Chef, Kitchen
    from kitchen.records import Order


class Rail:
    """A FIFO rail of tickets with a capacity for waiting tickets.

    Tickets handed straight to a waiting chef never occupy the rail. Tickets
    put back after a walkout go to the front and may exceed the capacity, so
    that a redelivery can never be refused.
    """

    def __init__(self, env: simpy.Environment, capacity: float) -> None:
        self.env = env
        self.capacity = capacity
        self.items: deque[Ticket] = deque()
        self.takers: deque[simpy.Event] = deque()
        self.waiting_puts: deque[tuple[simpy.Event, Ticket]] = deque()

    @property
    def full(self) -> bool:
        """True when a new ticket could neither be handed over nor wait."""
        return not self.takers and len(self.items) >= self.capacity

    def put(self, ticket: Ticket) -> simpy.Event | None:
        """Clip a ticket on: None if it is on at once, else an event for when."""
        if len(self.items) < self.capacity or self.takers:
            self.items.append(ticket)
            if self.takers:
                self._hand_over()
            return None
        event = self.env.event()
        self.waiting_puts.append((event, ticket))
        return event

    def take_now(self) -> Ticket | None:
        """The oldest ticket if one is waiting and no chef is ahead in line."""
        if self.items and not self.takers:
            ticket = self.items.popleft()
            if self.waiting_puts:
                self._hand_over()
            return ticket
        return None

    def put_back(self, ticket: Ticket) -> None:
        """Return a ticket to the front of the rail, whatever its capacity."""
        self.items.appendleft(ticket)
        self._hand_over()

    def take(self) -> simpy.Event:
        """An event whose value is the oldest ticket, once there is one."""
        event = self.env.event()
        self.takers.append(event)
        self._hand_over()
        return event

    def cancel_take(self, event: simpy.Event) -> None:
        """Withdraw a chef's request for a ticket; return it if already given."""
        if event.triggered:
            self.put_back(event.value)  # type: ignore[arg-type]
        else:
            self.takers.remove(event)

    def cancel_put(self, event: simpy.Event) -> None:
        """Withdraw a producer that is waiting for room."""
        for i, (waiting, _) in enumerate(self.waiting_puts):
            if waiting is event:
                del self.waiting_puts[i]
                return

    def _hand_over(self) -> None:
        while self.takers and self.items:
            self.takers.popleft().succeed(self.items.popleft())
        while self.waiting_puts and len(self.items) < self.capacity:
            event, ticket = self.waiting_puts.popleft()
            ticket.ready = self.env.now
            self.items.append(ticket)
            event.succeed()
            while self.takers and self.items:
                self.takers.popleft().succeed(self.items.popleft())


class QueueTickets(TicketCarrier):
    """Tickets travel on one rail per station, acknowledged after the work."""

    name = "queue"

    def __init__(self, kitchen: Kitchen) -> None:
        super().__init__(kitchen)
        sc = kitchen.scenario
        self.broker = kitchen.broker
        self.block = sc.overflow == "block"
        self.rails = [Rail(self.env, sc.queue_capacity) for _ in range(sc.stations)]
        # Tickets delivered to a chef and not yet acknowledged, by chef name.
        self.unacked: dict[str, Ticket] = {}

    def seat(self, order: Order) -> None:
        if not self.broker.outage.up:
            # The broker is down: the order waits at the door until it is back.
            self.kitchen.seating.add(order.id)
            self.env.process(self._seat_later(order))
            return
        rail = self.rails[0]
        if rail.full and not self.block:
            self.kitchen.drop(order, 0, f"rail full at {self.kitchen.station_names[0]}")
            return
        # With a full rail and back-pressure the ticket waits at the door.
        self._clip(Ticket(order, 0, self.env.now), rail)

    def _seat_later(self, order: Order) -> Generator[simpy.Event, object, None]:
        while not self.broker.outage.up:
            yield self.broker.outage.back()
        self.kitchen.seating.discard(order.id)
        self.seat(order)

    def _clip(self, ticket: Ticket, rail: Rail) -> simpy.Event | None:
        self.broker.message()
        self.kitchen.log("queued", "rail", ticket.station, ticket.order.id)
        return rail.put(ticket)

    def next_ticket(self, chef: Chef) -> Generator[simpy.Event, object, Ticket]:
        while not self.broker.outage.up:
            yield self.broker.outage.back()
        rail = self.rails[chef.station]
        ticket = rail.take_now()
        if ticket is not None:
            self.unacked[chef.name] = ticket
            return ticket
        request = rail.take()
        try:
            ticket = yield request
        except simpy.Interrupt:
            rail.cancel_take(request)
            raise
        self.unacked[chef.name] = ticket  # type: ignore[assignment]
        return ticket  # type: ignore[return-value]

    def hand_on(self, chef: Chef, ticket: Ticket) -> Wait:
        kitchen = self.kitchen
        while not self.broker.outage.up:
            yield self.broker.outage.back()
        target = ticket.station + 1
        rail = self.rails[target]
        if rail.full and not self.block:
            reason = f"rail full at {kitchen.station_names[target]}"
            kitchen.drop(ticket.order, target, reason)
            return False
        placed = self._clip(Ticket(ticket.order, target, self.env.now), rail)
        if placed is not None:
            # Back-pressure: the chef holds the plate until the rail has room.
            try:
                yield placed
            except simpy.Interrupt:
                if placed.triggered:
                    kitchen.handed_on(ticket.order, ticket.station)
                rail.cancel_put(placed)
                raise
        kitchen.handed_on(ticket.order, ticket.station)
        return True

    def ticket_done(self, chef: Chef, ticket: Ticket) -> None:
        self.unacked.pop(chef.name, None)

    def chef_crashed(self, chef: Chef, ticket: Ticket | None) -> None:
        held = self.unacked.pop(chef.name, None)
        if held is None:
            return
        held.order.redeliveries += 1
        self.kitchen.recorder.count("redeliveries")
        self.kitchen.log("redeliver", "rail", chef.station, held.order.id, chef.name)
        held.ready = self.env.now
        self.rails[chef.station].put_back(held)

    def backlog(self, station: int) -> int:
        return len(self.rails[station].items)

    def holding(self) -> Iterator[int]:
        for rail in self.rails:
            yield from (t.order.id for t in rail.items)
            yield from (t.order.id for _, t in rail.waiting_puts)
        yield from (t.order.id for t in self.unacked.values())

    def samples(self) -> Iterable[Sample]:
        for name, rail in zip(self.kitchen.station_names, self.rails, strict=True):
            yield ("blocked", name, len(rail.waiting_puts))


class QueueStatus(StatusFeed):
    """Status updates on one rail per reader; each reader applies its own."""

    name = "queue"

    def __init__(self, kitchen: Kitchen) -> None:
        super().__init__(kitchen)
        self.broker = kitchen.broker
        self.board_s = kitchen.scenario.board_ms / 1000.0
        self.rails = [Rail(self.env, float("inf")) for _ in kitchen.reader_names]

    def start(self) -> None:
        for index, name in enumerate(self.kitchen.reader_names):
            self.env.process(self.status_reader(index, name))

    def order_served(self, chef: Chef, order: Order) -> Wait:
        while not self.broker.outage.up:
            yield self.broker.outage.back()
        # One message per reader: the producer pays for every subscriber.
        self.broker.message(len(self.rails))
        for rail in self.rails:
            rail.put(Ticket(order, -1, self.env.now))  # rails without a limit
        return True

    def status_reader(
        self, index: int, name: str
    ) -> Generator[simpy.Event, object, None]:
        """Take each status update off the reader's rail and apply it."""
        rail = self.rails[index]
        recorder = self.kitchen.recorder
        while True:
            while not self.broker.outage.up:
                yield self.broker.outage.back()
            update: Ticket = yield rail.take()  # type: ignore[assignment]
            if self.board_s:
                yield self.env.timeout(self.board_s)
            if index == 0:
                update.order.board = self.env.now
                recorder.board_lags.append(self.env.now - update.order.finish)
                self.kitchen.log("board", name, -1, update.order.id)

    def samples(self) -> Iterable[Sample]:
        for name, rail in zip(self.kitchen.reader_names, self.rails, strict=True):
            yield ("status_backlog", name, len(rail.items))
