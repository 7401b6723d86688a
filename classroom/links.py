"""The link codec: the page's state in a URL's query, and back.

A link holds the version of its format (``v``), every parameter whose value
differs from its default, the seed (always, so that a link replays the same
evening even if the default seed changes), and the name of the view showing
(``view``). Values are written by :func:`kitchen.scenario.format_value`, so
floats travel as their ``repr`` and come back bit for bit.

Decoding trusts nothing. :func:`decode` takes any mapping, such as the
query of a URL typed by hand, and always returns a valid scenario with a
message for every value it could not use, naming the parameter, the value
given and what is allowed. The checks themselves are those of
:func:`kitchen.scenario.repair`; this module only unpacks the query.

Old links keep working as the registry grows: a parameter added later is
simply absent from them and takes its default. A change that alters what an
old link means (a renamed parameter, a changed default) must raise
:data:`FORMAT_VERSION` and add an upgrade to :data:`UPGRADES`, which turns a
query of the old format into one of the next.

From the page (``st`` is streamlit)::

    query = {key: st.query_params.get_all(key) for key in st.query_params}
    link = links.decode(query, views=VIEW_NAMES)
    for message in link.messages:
        st.warning(message)
    scenario, view = link.scenario, link.view or VIEW_NAMES[0]
    ...
    st.query_params.from_dict(links.encode(scenario, view=view))
    st.code(links.share_url(base_url, scenario, view=view))
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from kitchen.params import BY_NAME, PARAMS, Param
from kitchen.scenario import MAX_TEXT, build, format_value, repair

FORMAT_VERSION = 1
"""The format links are written in now."""
VERSION_KEY = "v"
VIEW_KEY = "view"
SEED = "seed"
"""The one parameter a link carries even at its default."""

MAX_KEYS = 200
"""Most query keys read from one link; the rest are ignored, with a message."""
MAX_MESSAGES = 20
"""Most messages returned; one more says how many were left out."""
VIEW_PATTERN = re.compile(r"[a-z][a-z0-9_-]{0,31}")
"""What a view name looks like when the page gives no list of views."""

Query = dict[str, list[object]]
UPGRADES: dict[int, Callable[[Query], Query]] = {}
"""For each old format N, the function turning its query into format N+1."""


@dataclass(frozen=True)
class Link:
    """What a link said: a valid scenario, a view, and what had to be fixed.

    ``view`` is None when the link named no view or one that is not allowed.
    ``version`` is the format the link was written in.
    """

    scenario: Any
    view: str | None
    messages: tuple[str, ...]
    version: int


def _show(value: object) -> str:
    """A value for a message: short, quoted, never the whole of a huge text."""
    if isinstance(value, str):
        return repr(value[:40]) if len(value) <= 40 else repr(value[:37]) + "..."
    return f"a value of type {type(value).__name__}"


def encode(scenario: Any, view: str | None = None) -> dict[str, str]:
    """The query of a link to ``scenario`` (and ``view``), keys in registry order.

    Raises :class:`~kitchen.scenario.ParameterError` for a scenario that was
    not checked against the registry, and ValueError for a malformed view.
    """
    checked = build(scenario.as_dict())
    changed = checked.changed()
    query = {VERSION_KEY: str(FORMAT_VERSION)}
    for param in PARAMS:
        if param.name in changed or param.name == SEED:
            query[param.name] = format_value(param, getattr(checked, param.name))
    if view is not None:
        if not isinstance(view, str) or not VIEW_PATTERN.fullmatch(view):
            raise ValueError(
                f"view={_show(view)} is not a view name; "
                f"allowed: {VIEW_PATTERN.pattern}"
            )
        query[VIEW_KEY] = view
    return query


def query_string(scenario: Any, view: str | None = None) -> str:
    """The query of :func:`encode`, written as ``v=1&tickets=db&seed=1``."""
    return urlencode(encode(scenario, view))


def share_url(base: str, scenario: Any, view: str | None = None) -> str:
    """A full link: ``base`` (scheme, host and path) with the scenario's query.

    Any query or fragment already on ``base`` is replaced.
    """
    parts = urlsplit(base)
    path = parts.path or "/"
    return urlunsplit(
        (parts.scheme, parts.netloc, path, query_string(scenario, view), "")
    )


def _values(raw: object) -> list[object]:
    if isinstance(raw, list | tuple):
        return list(raw)
    return [raw]


def _unpack(query: object, notes: list[str]) -> Query:
    """The query as lists of values per text key, at most MAX_KEYS of them."""
    if query is None:
        return {}
    if isinstance(query, Mapping):
        items: Iterable[tuple[object, object]] = query.items()
    else:
        notes.append(f"A link's query must be a mapping, not {_show(query)}.")
        return {}
    unpacked: Query = {}
    for count, (key, raw) in enumerate(items):
        if count == MAX_KEYS:
            notes.append(
                f"The link has more than {MAX_KEYS} keys; the rest are ignored."
            )
            break
        if not isinstance(key, str):
            notes.append(f"A link key must be text, not {_show(key)}; it is ignored.")
            continue
        unpacked.setdefault(key[: MAX_TEXT + 1], []).extend(_values(raw))
    return unpacked


def _first(
    key: str, values: list[object], notes: list[str], report: bool = True
) -> object:
    """The first value given for a key; a message for any others if ``report``."""
    if not values:
        return ""
    if report and len(values) > 1:
        extra = ", ".join(_show(v) for v in values[1:4])
        more = ", ..." if len(values) > 4 else ""
        notes.append(
            f"{key} was given {len(values)} times; the first value "
            f"{_show(values[0])} is kept and {extra}{more} ignored."
        )
    return values[0]


def _default_text(param: Param) -> str:
    default = param.default
    return f"{default:g}" if isinstance(default, float) else str(default)


def _version(query: Query, notes: list[str]) -> int:
    raw = query.pop(VERSION_KEY, None)
    if raw is None:
        return FORMAT_VERSION
    value = _first(VERSION_KEY, raw, notes)
    text = value.strip() if isinstance(value, str) else ""
    # A short text only: int() refuses a string of thousands of digits.
    digits = text.isascii() and text.isdigit() and len(text) <= 9
    if digits and 1 <= int(text) <= FORMAT_VERSION:
        return int(text)
    known = "1" if FORMAT_VERSION == 1 else f"1 to {FORMAT_VERSION}"
    notes.append(
        f"{VERSION_KEY}={_show(value)} is not a link format this page reads "
        f"(allowed: {known}); the link is read as format {FORMAT_VERSION}."
    )
    return FORMAT_VERSION


def _view(query: Query, views: Collection[str] | None, notes: list[str]) -> str | None:
    raw = query.pop(VIEW_KEY, None)
    if raw is None:
        return None
    value = _first(VIEW_KEY, raw, notes)
    if isinstance(value, str):
        value = value.strip()
        if views is None and VIEW_PATTERN.fullmatch(value):
            return value
        if views is not None and value in views:
            return value
    allowed = "one of " + ", ".join(views) if views is not None else "a view's name"
    notes.append(
        f"{VIEW_KEY}={_show(value)} is not allowed; allowed: {allowed}. "
        "Showing the default view."
    )
    return None


def _parameters(query: Query, notes: list[str]) -> list[tuple[str, object]]:
    """One (name, text) pair per key, for repair; non-text values refused here."""
    pairs: list[tuple[str, object]] = []
    for key, values in query.items():
        param = BY_NAME.get(key)
        value = _first(key, values, notes, report=param is not None)
        if isinstance(value, str):
            pairs.append((key, value))
        elif param is None:
            pairs.append((key, ""))
        else:
            notes.append(
                f"{key} was given {_show(value)}, not text; allowed: "
                f"{param.allowed()}. Using the default {_default_text(param)}."
            )
    return pairs


def decode(query: object, views: Collection[str] | None = None) -> Link:
    """The scenario and view a link's query stands for; never raises.

    ``query`` (None for no query at all) maps keys to text or to lists of
    texts (a key repeated in the URL); any other shape is reported and
    ignored. ``views``, when given, lists the view names the page has;
    otherwise any name matching :data:`VIEW_PATTERN` is accepted.
    """
    notes: list[str] = []
    unpacked = _unpack(query, notes)
    version = _version(unpacked, notes)
    for old in range(version, FORMAT_VERSION):
        unpacked = UPGRADES[old](unpacked)
    view = _view(unpacked, views, notes)
    scenario, problems = repair(_parameters(unpacked, notes))
    notes.extend(problem.message for problem in problems)
    return Link(scenario, view, tuple(capped(notes)), version)


def capped(messages: list[str]) -> list[str]:
    """At most :data:`MAX_MESSAGES` messages, and one more saying how many
    were left out."""
    if len(messages) <= MAX_MESSAGES:
        return messages
    left_out = len(messages) - MAX_MESSAGES
    return [*messages[:MAX_MESSAGES], f"{left_out} more problems are not shown."]


def decode_url(url: str, views: Collection[str] | None = None) -> Link:
    """:func:`decode` for a whole URL, or just its query string."""
    text = url if isinstance(url, str) else ""
    query = urlsplit(text).query if "?" in text or "://" in text else text
    return decode(parse_qs(query, keep_blank_values=True), views)
