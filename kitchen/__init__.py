"""Kitchen Sync's simulation: a restaurant kitchen whose chefs share data.

``simulate(scenario)`` runs one evening and returns a :class:`Result` of tidy
pandas frames: one row per order, the event log, and the sampled series,
with the headline figures in ``summary``. Scenarios are built and checked by
:mod:`kitchen.scenario` against the registry in :mod:`kitchen.params`.

Nothing in this package imports streamlit or draws anything.
"""

from kitchen.engine import BudgetExceeded
from kitchen.result import Result, simulate
from kitchen.scenario import ParameterError, Scenario, build

__all__ = [
    "BudgetExceeded",
    "ParameterError",
    "Result",
    "Scenario",
    "build",
    "simulate",
]
