"""Taking a run home: its frames as CSV, a one-page handout, charts as PNG.

* :func:`frames_zip` packs the orders, the event log, the sampled series,
  the headline figures and the scenario as CSV files in one zip, as bytes
  for a download button. The same run always gives the same bytes.
* :func:`handout_markdown` and :func:`handout_html` write the page a student
  hands in: the parameters changed from the defaults, the headline figures,
  a few sentences read off the run, and the student's own name and notes.
  Whatever the student typed is escaped, never rendered as markup; the HTML
  is self-contained (no script, no outside resource) and prints on one page.
* :func:`chart_png` draws a Plotly figure as PNG through Kaleido and the
  machine's Chromium. The ``kaleido`` package is optional: without it,
  :func:`png_available` is False and :func:`chart_png` raises
  :class:`PngUnavailable`. The camera button of every Plotly chart on the
  page downloads a PNG in the browser either way.

From the page::

    st.download_button("Data (zip)", export.frames_zip(result), "run.zip")
    page = export.handout_html(result, student=name, notes=answer, link=url)
    st.download_button("Handout", page, "handout.html", mime="text/html")
"""

from __future__ import annotations

import html
import importlib.util
import io
import math
import re
import zipfile
from dataclasses import dataclass

import pandas as pd

from classroom import figures
from kitchen.params import PARAMS
from kitchen.result import Result

ZIP_DATE = (2000, 1, 1, 0, 0, 0)
"""The timestamp of every file in the zip, so that equal runs give equal bytes."""
MAX_TEXT = 5000
"""Most characters of a student's text kept in a handout."""
TITLE = "Kitchen Sync: one evening in the kitchen"

TOOLS = {
    "tickets": {
        "db": "rows on the buffet (the shared database)",
        "queue": "the ticket rail (a message queue)",
        "stream": "the conveyor belt (a data stream)",
    },
    "recipes": {
        "db": "the buffet (the shared database)",
        "cache": "each station's fridge (a cache in front of the database)",
        "stream": "a local copy fed by the conveyor belt (a data stream)",
        "none": "the chefs' memory (not shared at all)",
    },
    "status": {
        "db": "a table on the buffet that every reader polls",
        "queue": "a ticket rail per reader (message queues)",
        "stream": "the conveyor belt (a data stream)",
        "none": "nothing: there is no board",
    },
}
"""How each strategy is said in words, per kind of data."""


class PngUnavailable(RuntimeError):
    """Charts cannot be drawn as PNG on this machine."""


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def summary_frame(result: Result) -> pd.DataFrame:
    """The headline figures: ``figure``, ``label``, ``value``."""
    rows = [
        (key, figures.figure(key).label, float(result.summary[key]))
        for key in figures.headline()
    ]
    return pd.DataFrame(rows, columns=["figure", "label", "value"])


def scenario_frame(result: Result) -> pd.DataFrame:
    """Every parameter of the run: ``parameter``, ``value``, ``default``, ``unit``."""
    scenario = result.scenario
    rows = [(p.name, getattr(scenario, p.name), p.default, p.unit) for p in PARAMS]
    return pd.DataFrame(rows, columns=["parameter", "value", "default", "unit"])


def frames_zip(result: Result) -> bytes:
    """The run's frames as CSV files in a zip: orders, events, series, and more."""
    files = {
        "orders.csv": _csv(result.orders),
        "events.csv": _csv(result.events),
        "series.csv": _csv(result.series),
        "summary.csv": _csv(summary_frame(result)),
        "scenario.csv": _csv(scenario_frame(result)),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def _number(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def changed_parameters(result: Result) -> list[tuple[str, str, str]]:
    """The parameters changed from the defaults: name, value with unit, default."""
    changed = result.scenario.changed()
    rows = []
    for p in PARAMS:
        if p.name in changed:
            unit = f" {p.unit}" if p.unit else ""
            rows.append((p.name, _number(changed[p.name]) + unit, _number(p.default)))
    return rows


def _percent(part: float, whole: float) -> str:
    """``part`` as a whole percentage of ``whole``, never rounded to 0% or 100%
    unless it is exactly that: 199 of 200 is ">99%", not "100%"."""
    share = part / whole
    if 0 < share < 0.01:
        return "<1%"
    if 0.99 < share < 1:
        return ">99%"
    return f"{share:.0%}"


def _plural(count: float, one: str, many: str) -> str:
    return f"{count:,.0f} {one if count == 1 else many}"


def describe(result: Result) -> list[str]:
    """A few sentences about the run, every number read off its summary."""
    s = result.summary
    sc = result.scenario
    arrived = s["arrived"]
    served_share = f" ({_percent(s['served'], arrived)})" if arrived else ""
    sentences = [
        f"Over {sc.minutes:g} {'minute' if sc.minutes == 1 else 'minutes'} "
        f"{_plural(arrived, 'order', 'orders')} arrived: "
        f"{_plural(s['served'], 'was', 'were')} served{served_share}, "
        f"{s['failed']:,.0f} failed, {_plural(s['dropped'], 'was', 'were')} "
        f"dropped and {_plural(s['in_kitchen'], 'was', 'were')} still in the "
        "kitchen at closing.",
        f"Tickets travelled on {TOOLS['tickets'][sc.tickets]}, recipes came "
        f"from {TOOLS['recipes'][sc.recipes]}, and order status reached the "
        f"board through {TOOLS['status'][sc.status]}.",
    ]
    if not math.isnan(s["latency_p50_s"]):
        sentences.append(
            f"Half of the served orders took at most {s['latency_p50_s']:.1f} s "
            f"from the door to the pass, and 95% at most {s['latency_p95_s']:.1f} s."
        )
    if s["chef_crashes"]:
        sentences.append(
            f"Chefs walked out {_plural(s['chef_crashes'], 'time', 'times')} and "
            f"{_plural(s['redeliveries'], 'ticket was', 'tickets were')} redelivered."
        )
    trouble = [
        (s["stale_reads"], "recipe read was stale", "recipe reads were stale"),
        (s["conflicts"], "claim hit a write conflict", "claims hit a write conflict"),
        (s["stampede_reads"], "read was part of a stampede", "reads were stampedes"),
        (s["db_timeouts"], "database operation timed out", "operations timed out"),
        (s["duplicates"], "ticket was handed on twice", "tickets were handed on twice"),
    ]
    noted = [_plural(count, one, many) for count, one, many in trouble if count]
    if noted:
        sentences.append("Along the way " + _join(noted) + ".")
    return sentences


def _join(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


@dataclass(frozen=True)
class _Handout:
    """What goes on the page, before it is written as Markdown or HTML."""

    title: str
    student: str
    notes: str
    link: str
    changed: list[tuple[str, str, str]]
    figures: list[tuple[str, str]]
    sentences: list[str]


def _text(value: object) -> str:
    """A student's text as plain text: a string, cut to MAX_TEXT characters."""
    return str(value)[:MAX_TEXT] if value is not None else ""


def _handout(
    result: Result, student: object, notes: object, link: object, title: object
) -> _Handout:
    return _Handout(
        title=_text(title) or TITLE,
        student=_text(student).strip(),
        notes=_text(notes).strip(),
        link=_text(link).strip(),
        changed=changed_parameters(result),
        figures=[
            (figures.figure(k).label, figures.show(k, result.summary[k]))
            for k in figures.headline()
        ],
        sentences=describe(result),
    )


MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()#+-.!|~:$=^")
"""Characters that are markup somewhere in Markdown or its common extensions."""


def escape_markdown(text: str) -> str:
    """Text that Markdown shows exactly as typed: no markup, no HTML, no links."""
    out = []
    for char in text:
        if char == "&":
            out.append("&amp;")
        elif char == "<":
            out.append("&lt;")
        elif char == ">":
            out.append("&gt;")
        elif char in MARKDOWN_SPECIAL:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


NO_LINK = "\u2060"
"""An invisible word joiner, put where an automatic link would start."""
_AUTOLINK = re.compile(r"(www)(?=\.)|(:)(?=//)|(@)", re.IGNORECASE)


def quote_markdown(text: str) -> str:
    """Text for a message on the page: :func:`escape_markdown`, and no link.

    Escaping stops written links, but Streamlit's Markdown also turns bare
    addresses (``www.``, ``https://``, ``name@host``) into links after
    parsing. An invisible word joiner in each such place stops that, so a
    link or a file name quoted in a warning can never become a link.
    """
    return escape_markdown(_AUTOLINK.sub(lambda m: m.group(0) + NO_LINK, text))


def _markdown_lines(text: str) -> str:
    lines = [escape_markdown(line.strip()) for line in text.splitlines()]
    return "  \n".join(line for line in lines if line)


def handout_markdown(
    result: Result,
    *,
    student: object = "",
    notes: object = "",
    link: object = "",
    title: object = "",
) -> str:
    """The one-page handout as Markdown; every text given is escaped."""
    page = _handout(result, student, notes, link, title)
    out = [f"# {escape_markdown(page.title)}", ""]
    if page.student:
        out += [f"**Student:** {escape_markdown(page.student)}", ""]
    out += ["## The kitchen", ""]
    if page.changed:
        out += ["| parameter | value | default |", "| --- | --- | --- |"]
        out += [f"| {n} | {v} | {d} |" for n, v, d in page.changed]
    else:
        out.append("Every parameter at its default.")
    if page.link:
        out += ["", f"Link: {escape_markdown(page.link)}"]
    out += ["", "## What happened", "", " ".join(page.sentences), ""]
    out += ["| figure | value |", "| --- | --- |"]
    out += [f"| {label} | {value} |" for label, value in page.figures]
    if page.notes:
        out += ["", "## My notes", "", _markdown_lines(page.notes)]
    return "\n".join(out) + "\n"


STYLE = """
@page { size: A4; margin: 14mm; }
body { font: 10.5pt/1.4 system-ui, sans-serif; color: #222; margin: 0 auto;
       max-width: 48em; padding: 1em; }
h1 { font-size: 16pt; margin: 0 0 .3em; }
h2 { font-size: 12pt; margin: 1em 0 .3em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; }
td, th { padding: .1em .8em .1em 0; text-align: left; vertical-align: top; }
dl { columns: 2; column-gap: 2em; margin: .5em 0; }
dl div { break-inside: avoid; display: flex; justify-content: space-between; }
dt { color: #555; } dd { margin: 0 0 0 1em; font-variant-numeric: tabular-nums; }
.notes { white-space: pre-wrap; border-left: 3px solid #ccc; padding-left: .8em; }
code { word-break: break-all; }
"""


def handout_html(
    result: Result,
    *,
    student: object = "",
    notes: object = "",
    link: object = "",
    title: object = "",
) -> str:
    """The one-page handout as a self-contained HTML document; text is escaped."""
    page = _handout(result, student, notes, link, title)
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(page.title)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{e(page.title)}</h1>",
    ]
    if page.student:
        out.append(f"<p><strong>Student:</strong> {e(page.student)}</p>")
    out.append("<h2>The kitchen</h2>")
    if page.changed:
        out.append("<table><tr><th>parameter</th><th>value</th><th>default</th></tr>")
        out += [
            f"<tr><td>{e(n)}</td><td>{e(v)}</td><td>{e(d)}</td></tr>"
            for n, v, d in page.changed
        ]
        out.append("</table>")
    else:
        out.append("<p>Every parameter at its default.</p>")
    if page.link:
        out.append(f"<p>Link: <code>{e(page.link)}</code></p>")
    out += ["<h2>What happened</h2>", f"<p>{e(' '.join(page.sentences))}</p>", "<dl>"]
    out += [
        f"<div><dt>{e(label)}</dt><dd>{e(value)}</dd></div>"
        for label, value in page.figures
    ]
    out.append("</dl>")
    if page.notes:
        out += ["<h2>My notes</h2>", f'<p class="notes">{e(page.notes)}</p>']
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def png_available() -> bool:
    """True when the ``kaleido`` package is installed to draw PNGs."""
    return importlib.util.find_spec("kaleido") is not None


def chart_png(fig, width: int = 900, height: int = 500, scale: float = 1.0) -> bytes:
    """A Plotly figure as PNG bytes; PngUnavailable if it cannot be drawn here."""
    if not png_available():
        raise PngUnavailable(
            "PNG export needs the kaleido package (pip install kaleido) and "
            "Chromium; the camera button on the chart downloads a PNG meanwhile."
        )
    try:
        return fig.to_image(format="png", width=width, height=height, scale=scale)
    # Kaleido's errors (browser not found, browser failed, script error) share
    # no base class beyond Exception.
    except Exception as error:
        raise PngUnavailable(f"The chart could not be drawn as PNG: {error}") from error
