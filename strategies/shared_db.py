"""The shared database: the buffet table everyone grabs from.

Tickets are rows. Handing a ticket on is a write into the next station's
table; a free chef *polls* that table (a read), picks the oldest open row and
*claims* it (a write). Two chefs who read the same snapshot both go for the
same row: the first claim wins and the other is a write conflict, counted,
after which the loser polls again. A chef who walks out with a claimed row
leaves it claimed until its lease runs out; then anyone may claim it again.

Recipes read from the database are always current but every read waits its
turn for a slot, and status rows written for the board are found by readers
polling the table. Everything here is an operation of the one
:class:`~kitchen.infrastructure.SharedDatabase`, so every kind of data adds to
the same crowd, and while the database is down everything that needs it waits
until it gives up.
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


class DbTickets(TicketCarrier):
    """Tickets as rows in one table per station, polled and claimed."""

    name = "db"

    def __init__(self, kitchen: Kitchen) -> None:
        super().__init__(kitchen)
        sc = kitchen.scenario
        self.db = kitchen.db
        self.poll_s = sc.poll_ms / 1000.0
        self.lease_s = sc.lease_s
        # Rows per station, oldest first; claimed rows leave the front lazily.
        self.open: list[deque[Ticket]] = [deque() for _ in range(sc.stations)]
        self.unclaimed = [0] * sc.stations
        self.claimed: dict[str, tuple[Ticket, float]] = {}
        self.expiring: list[Ticket] = []
        self.inserting: set[int] = set()

    def seat(self, order: Order) -> None:
        self.inserting.add(order.id)
        self.env.process(self._insert(Ticket(order, 0, self.env.now)))

    def _insert(self, ticket: Ticket) -> Generator[simpy.Event, object, bool]:
        """Write a ticket row into its station's table."""
        try:
            written = yield from self.db.operate("write")
        finally:
            self.inserting.discard(ticket.order.id)
        kitchen = self.kitchen
        if not written:
            kitchen.fail(ticket.order, ticket.station, "database timed out")
            return False
        ticket.ready = self.env.now
        self.open[ticket.station].append(ticket)
        self.unclaimed[ticket.station] += 1
        kitchen.log("queued", "db", ticket.station, ticket.order.id)
        return True

    def next_ticket(self, chef: Chef) -> Generator[simpy.Event, object, Ticket]:
        table = self.open[chef.station]
        kitchen = self.kitchen
        while True:
            # Poll: read the table and pick the oldest open row of the snapshot.
            read = yield from self.db.operate("read")
            if not read:
                continue
            while table and table[0].taken:
                table.popleft()
            if not table:
                yield self.env.timeout(self.poll_s)
                continue
            wanted = table[0]

            # Claim it: by the time the write lands, someone else may have.
            claimed = yield from self.db.operate("write")
            if not claimed:
                continue
            if not wanted.taken:
                wanted.taken = True
                self.unclaimed[chef.station] -= 1
                self.claimed[chef.name] = (wanted, self.env.now)
                return wanted
            kitchen.recorder.count("conflicts")
            kitchen.log("conflict", chef.name, chef.station, wanted.order.id)

    def hand_on(self, chef: Chef, ticket: Ticket) -> Wait:
        # The insert downstream and closing this row are one transaction.
        onward = Ticket(ticket.order, ticket.station + 1, self.env.now)
        self.inserting.add(ticket.order.id)
        written = yield from self._insert(onward)
        if written:
            self.kitchen.handed_on(ticket.order, ticket.station)
        return written

    def ticket_done(self, chef: Chef, ticket: Ticket) -> None:
        self.claimed.pop(chef.name, None)

    def chef_crashed(self, chef: Chef, ticket: Ticket | None) -> None:
        held = self.claimed.pop(chef.name, None)
        if held is None:
            return
        row, since = held
        self.expiring.append(row)
        wait = max(since + self.lease_s - self.env.now, 0.0)
        self.env.timeout(wait).callbacks.append(lambda _: self._lease_expired(row))

    def _lease_expired(self, row: Ticket) -> None:
        """A crashed chef's claim runs out: the row is open to anyone again."""
        self.expiring.remove(row)
        if not row.order.open:
            return
        # The row goes back where it was: first in line, as the oldest.
        fresh = Ticket(row.order, row.station, self.env.now)
        row.order.redeliveries += 1
        self.kitchen.recorder.count("redeliveries")
        self.kitchen.log("redeliver", "db", row.station, row.order.id, "lease expired")
        self.open[row.station].appendleft(fresh)
        self.unclaimed[row.station] += 1

    def backlog(self, station: int) -> int:
        return self.unclaimed[station]

    def holding(self) -> Iterator[int]:
        for table in self.open:
            yield from (t.order.id for t in table if not t.taken)
        yield from (t.order.id for t, _ in self.claimed.values())
        yield from (t.order.id for t in self.expiring)
        yield from self.inserting


class DbRecipes(RecipeBook):
    """Every chef reads the recipe from the database before cooking."""

    name = "db"

    def read_recipe(self, chef: Chef, order: Order) -> Wait:
        return (yield from self.kitchen.db.operate("read"))

    def recipe_changed(self, dish: int) -> Wait:
        written = yield from self.kitchen.db.operate("write")
        if written:
            self.kitchen.versions[dish] += 1
            self.kitchen.log("update", "manager", -1, -1, str(dish))
        return written


class DbStatus(StatusFeed):
    """The last chef writes a status row; every reader polls the table."""

    name = "db"

    def __init__(self, kitchen: Kitchen) -> None:
        super().__init__(kitchen)
        self.poll_s = kitchen.scenario.poll_ms / 1000.0
        self.board_s = kitchen.scenario.board_ms / 1000.0
        self.rows: list[tuple[float, Order]] = []
        self.seen = [0] * len(kitchen.reader_names)

    def start(self) -> None:
        for index, name in enumerate(self.kitchen.reader_names):
            self.env.process(self.status_reader(index, name))

    def order_served(self, chef: Chef, order: Order) -> Wait:
        written = yield from self.kitchen.db.operate("write")
        if written:
            self.rows.append((self.env.now, order))
        else:
            self.kitchen.recorder.count("status_lost")
            self.kitchen.log("status_lost", chef.name, chef.station, order.id)
        return written

    def status_reader(
        self, index: int, name: str
    ) -> Generator[simpy.Event, object, None]:
        """Poll the status table and apply every new row."""
        env = self.env
        recorder = self.kitchen.recorder
        while True:
            read = yield from self.kitchen.db.operate("read")
            if read:
                fresh = self.rows[self.seen[index] :]
                self.seen[index] = len(self.rows)
                for _, order in fresh:
                    if self.board_s:
                        yield env.timeout(self.board_s)
                    if index == 0:
                        order.board = env.now
                        recorder.board_lags.append(env.now - order.finish)
                        self.kitchen.log("board", name, -1, order.id)
            yield env.timeout(self.poll_s)

    def samples(self) -> Iterable[Sample]:
        for name, seen in zip(self.kitchen.reader_names, self.seen, strict=True):
            yield ("status_backlog", name, len(self.rows) - seen)
