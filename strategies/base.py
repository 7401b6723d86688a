"""What every data-sharing strategy must do, in the kitchen's own words.

The kitchen moves three kinds of data and a strategy is chosen for each:

* a :class:`TicketCarrier` carries tickets to a station and back out of it
  (``seat`` an arriving order, ``next_ticket`` for a free chef, ``hand_on``
  a finished ticket, ``ticket_done`` once it is handled, ``chef_crashed``);
* a :class:`RecipeBook` lets a chef ``read_recipe`` before cooking and hears
  of every ``recipe_changed`` by the manager;
* a :class:`StatusFeed` takes ``order_served`` from the last station to the
  dining-room board and any other status readers.

The hooks are generators so that a strategy can make the chef wait: for a
database slot, for room on a rail, for the next poll. Effects such as
contention, redelivery, replay and staleness must come out of these
mechanisms; nothing here decides them.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from typing import TYPE_CHECKING

import simpy

if TYPE_CHECKING:
    from kitchen.engine import Chef, Kitchen
    from kitchen.records import Order

Wait = Generator[simpy.Event, object, bool]
"""A hook that may make its caller wait, and says whether it succeeded."""

Sample = tuple[str, str, float]
"""One sampled figure: metric, series, value."""


class Ticket:
    """One order's ticket at one station; ``ready`` is when it got there.

    ``taken`` marks a ticket a chef has claimed, for carriers that leave
    claimed tickets in place rather than searching for them.
    """

    __slots__ = ("order", "ready", "station", "taken")

    def __init__(self, order: Order, station: int, ready: float) -> None:
        self.order = order
        self.station = station
        self.ready = ready
        self.taken = False

    def __repr__(self) -> str:
        return f"Ticket(order={self.order.id}, station={self.station})"


class Strategy:
    """Common ground of every strategy: the kitchen it serves."""

    name = ""

    def __init__(self, kitchen: Kitchen) -> None:
        self.kitchen = kitchen
        self.env = kitchen.env

    def start(self) -> None:
        """Start any background actors (pollers, readers); called once."""

    def samples(self) -> Iterable[Sample]:
        """Figures for the sampled time series, at the current time."""
        return ()


class TicketCarrier(Strategy):
    """Carries tickets between stations."""

    def seat(self, order: Order) -> None:
        """Put a new order's first ticket in; must not make the door wait."""
        raise NotImplementedError

    def next_ticket(self, chef: Chef) -> Generator[simpy.Event, object, Ticket]:
        """Wait until ``chef`` holds a ticket of its station, and return it."""
        raise NotImplementedError

    def hand_on(self, chef: Chef, ticket: Ticket) -> Wait:
        """Pass a ticket to the next station; False if the order was lost."""
        raise NotImplementedError

    def ticket_done(self, chef: Chef, ticket: Ticket) -> None:
        """The chef has handled its ticket (handed on, served or failed)."""

    def chef_crashed(self, chef: Chef, ticket: Ticket | None) -> None:
        """The chef walked out holding ``ticket`` (None if it held none)."""

    def chef_recovered(self, chef: Chef) -> None:
        """The chef is back at its station."""

    def backlog(self, station: int) -> int:
        """Tickets waiting at a station that no chef has started."""
        raise NotImplementedError

    def holding(self) -> Iterator[int]:
        """Ids of every order whose ticket this carrier holds right now."""
        raise NotImplementedError


class RecipeBook(Strategy):
    """Where chefs read recipes, which the manager keeps changing."""

    def read_recipe(self, chef: Chef, order: Order) -> Wait:
        """Read the recipe of the order's dish; False if it could not be read."""
        raise NotImplementedError

    def recipe_changed(self, dish: int) -> Wait:
        """The manager publishes a new version of a dish; False if it failed."""
        raise NotImplementedError


class StatusFeed(Strategy):
    """Carries finished orders to the board and the other status readers."""

    def order_served(self, chef: Chef, order: Order) -> Wait:
        """Publish that an order is served; False if the update was lost."""
        raise NotImplementedError


class NoRecipes(RecipeBook):
    """Every chef knows every recipe by heart: nothing is shared."""

    name = "none"

    def read_recipe(self, chef: Chef, order: Order) -> Wait:
        return True
        yield  # a generator that never waits

    def recipe_changed(self, dish: int) -> Wait:
        return True
        yield


class NoStatus(StatusFeed):
    """No board: guests simply get their plates."""

    name = "none"

    def order_served(self, chef: Chef, order: Order) -> Wait:
        return True
        yield
