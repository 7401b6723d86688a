"""A figure drawn once, as the plain dict Plotly sends to the browser.

A ``go.Figure`` checks every property of every trace as it is built, and
the page pays that again each time it sends the figure (Streamlit copies
the whole figure to a dict first). For the kitchen scene, 120 frames of
seven traces, building the checked figure costs several times the run
itself, and the copy is made on every rerun of every student's page.

:class:`Drawn` holds the dict a ``go.Figure`` would produce and hands it
out as it is. It is a Plotly figure as far as Streamlit and
:mod:`plotly.io` are concerned (they read it through ``to_dict``), so the
page sends it like any other. The tests check that each drawing passes
Plotly's validation and sends exactly what the checked figure would.
"""

from __future__ import annotations

import functools
from typing import Any

import plotly.io as pio
from plotly.basedatatypes import BaseFigure


@functools.cache
def _template(name: str) -> dict[str, Any]:
    """A template, as a ``go.Figure`` writes the default one into its layout."""
    return pio.templates[name].to_plotly_json()


class Drawn(BaseFigure):
    """A figure as Plotly's dict: ``data``, ``layout`` and ``frames``.

    Read-only by agreement: every page that shows it shares the one dict.
    Only the dict is there: ``fig.layout`` and the other parts of a
    ``go.Figure``'s interface are not; read ``to_dict()`` instead.
    """

    def __init__(self, spec: dict[str, Any]) -> None:
        # BaseFigure.__init__ would build and check the whole figure: the
        # cost this class exists to avoid. Only the dict is kept, less what
        # a checked figure leaves out (empty lists) and with the template
        # it puts in.
        layout = {k: v for k, v in spec.get("layout", {}).items() if v != []}
        if "template" not in layout:
            layout["template"] = _template(pio.templates.default)
        self._spec = {k: v for k, v in spec.items() if v != []} | {"layout": layout}

    def to_dict(self) -> dict[str, Any]:
        # Plotly's to_json drops each trace's uid from the dict it is given:
        # the traces are copied (not their points) so the shared dict keeps its own.
        return {**self._spec, "data": [dict(t) for t in self._spec.get("data", ())]}

    def to_plotly_json(self) -> dict[str, Any]:
        return self.to_dict()

    def to_json(self, *args: Any, **kwargs: Any) -> str:
        kwargs.setdefault("validate", False)
        return pio.to_json(self.to_dict(), *args, **kwargs)

    def __reduce__(self):
        return (type(self), (self._spec,))

    def __repr__(self) -> str:
        frames = len(self._spec.get("frames", ()))
        return f"Drawn({len(self._spec.get('data', ()))} traces, {frames} frames)"
