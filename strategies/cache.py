"""A distributed cache: each station's fridge, in front of the shared database.

A chef looks in the station's :class:`Fridge` first. A recipe that is there
and has not expired is a *hit*: instant, but possibly an older version than
the manager's latest, which is a *stale read*. A *miss* reads the database
and puts what it read in the fridge for ``ttl_s`` seconds.

With ``invalidation = "event"`` entries do not expire; instead each change
of a recipe sends an invalidation event that reaches every fridge after
``invalidation_delay_s`` and throws the old version out.

When a popular recipe expires, every chef who wants it before the first
read comes back misses too and goes to the database on its own: a stampede.
With ``coalescing`` on, those chefs wait for the read already under way.
"""

from __future__ import annotations

import math
from collections.abc import Generator, Iterable
from typing import TYPE_CHECKING

import simpy

from strategies.base import RecipeBook, Sample, Wait
from strategies.shared_db import DbRecipes

if TYPE_CHECKING:
    from kitchen.engine import Chef, Kitchen
    from kitchen.records import Order


class Fridge:
    """One station's cache: recipe -> (version, expiry time)."""

    def __init__(self) -> None:
        self.entries: dict[int, tuple[int, float]] = {}
        # The newest version an invalidation announced, per dish: an older one
        # read before the event may not be stored after it.
        self.floor: dict[int, int] = {}
        # Reads of the database under way, per dish, for coalescing.
        self.loading: dict[int, simpy.Event] = {}
        self.hits = 0
        self.misses = 0

    def store(self, dish: int, version: int, expires: float) -> None:
        if version >= self.floor.get(dish, 0):
            self.entries[dish] = (version, expires)

    def invalidate(self, dish: int, version: int) -> None:
        self.floor[dish] = max(self.floor.get(dish, 0), version)
        entry = self.entries.get(dish)
        if entry is not None and entry[0] < version:
            del self.entries[dish]


class CacheRecipes(RecipeBook):
    """Recipes through a fridge at each station, backed by the database."""

    name = "cache"

    def __init__(self, kitchen: Kitchen) -> None:
        super().__init__(kitchen)
        sc = kitchen.scenario
        self.by_event = sc.invalidation == "event"
        self.ttl_s = math.inf if self.by_event else sc.ttl_s
        self.delay_s = sc.invalidation_delay_s
        self.coalescing = sc.coalescing
        self.fridges = [Fridge() for _ in range(sc.stations)]
        self.source = DbRecipes(kitchen)

    def read_recipe(self, chef: Chef, order: Order) -> Wait:
        kitchen = self.kitchen
        env = self.env
        fridge = self.fridges[chef.station]
        dish = order.dish
        entry = fridge.entries.get(dish)
        if entry is not None and entry[1] > env.now:
            fridge.hits += 1
            version = entry[0]
        else:
            fridge.misses += 1
            version = yield from self._fetch(chef, fridge, dish)
            if version < 0:
                return False
        if version < kitchen.versions[dish]:
            order.stale_reads += 1
            kitchen.recorder.count("stale_reads")
            kitchen.log("stale", chef.name, chef.station, order.id, str(dish))
        return True

    def _fetch(
        self, chef: Chef, fridge: Fridge, dish: int
    ) -> Generator[simpy.Event, object, int]:
        """Read a recipe from the database into the fridge; -1 on a timeout."""
        kitchen = self.kitchen
        loading = fridge.loading.get(dish)
        if loading is not None:
            if self.coalescing:
                kitchen.recorder.count("coalesced")
                version = yield loading
                if version >= 0:  # type: ignore[operator]
                    return version  # type: ignore[return-value]
            else:
                # Another chef is already fetching this recipe: a stampede.
                kitchen.recorder.count("stampede_reads")
                kitchen.log("stampede", chef.name, chef.station, -1, str(dish))
        done = self.env.event()
        if loading is None:
            fridge.loading[dish] = done
        version = -1
        try:
            read = yield from self.source.read_recipe(chef, None)  # type: ignore[arg-type]
            if read:
                version = kitchen.versions[dish]
                fridge.store(dish, version, self.env.now + self.ttl_s)
        finally:
            if fridge.loading.get(dish) is done:
                del fridge.loading[dish]
            done.succeed(version)
        return version

    def recipe_changed(self, dish: int) -> Wait:
        written = yield from self.source.recipe_changed(dish)
        if written and self.by_event:
            version = self.kitchen.versions[dish]
            for fridge in self.fridges:
                self.env.timeout(self.delay_s).callbacks.append(
                    lambda _, f=fridge: f.invalidate(dish, version)
                )
        return written

    def samples(self) -> Iterable[Sample]:
        versions = self.kitchen.versions
        now = self.env.now
        for name, fridge in zip(self.kitchen.station_names, self.fridges, strict=True):
            yield ("cache_hits", name, fridge.hits)
            yield ("cache_misses", name, fridge.misses)
            fresh = [(d, v) for d, (v, t) in fridge.entries.items() if t > now]
            yield ("fridge_entries", name, len(fresh))
            yield ("stale_entries", name, sum(v < versions[d] for d, v in fresh))
