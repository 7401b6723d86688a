"""The four ways the kitchen can share data, one module each.

* :mod:`strategies.shared_db` - the buffet table (a shared database);
* :mod:`strategies.message_queue` - the ticket rail (message queues);
* :mod:`strategies.stream` - the conveyor belt (data streams);
* :mod:`strategies.cache` - each station's fridge (a distributed cache).

The scenario names one strategy per kind of data; the functions below build
the one it names. The hooks every strategy implements are in
:mod:`strategies.base`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from strategies.base import NoRecipes, NoStatus, RecipeBook, StatusFeed, TicketCarrier
from strategies.cache import CacheRecipes
from strategies.message_queue import QueueStatus, QueueTickets
from strategies.shared_db import DbRecipes, DbStatus, DbTickets
from strategies.stream import StreamRecipes, StreamStatus, StreamTickets

if TYPE_CHECKING:
    from kitchen.engine import Kitchen

TICKETS: dict[str, type[TicketCarrier]] = {
    "db": DbTickets,
    "queue": QueueTickets,
    "stream": StreamTickets,
}
RECIPES: dict[str, type[RecipeBook]] = {
    "db": DbRecipes,
    "cache": CacheRecipes,
    "stream": StreamRecipes,
    "none": NoRecipes,
}
STATUS: dict[str, type[StatusFeed]] = {
    "db": DbStatus,
    "queue": QueueStatus,
    "stream": StreamStatus,
    "none": NoStatus,
}


def ticket_carrier(name: str, kitchen: Kitchen) -> TicketCarrier:
    """The carrier of tickets between stations that ``name`` stands for."""
    return TICKETS[name](kitchen)


def recipe_book(name: str, kitchen: Kitchen) -> RecipeBook:
    """Where chefs read recipes, as ``name`` says."""
    return RECIPES[name](kitchen)


def status_feed(name: str, kitchen: Kitchen) -> StatusFeed:
    """How finished orders reach the board, as ``name`` says."""
    return STATUS[name](kitchen)
