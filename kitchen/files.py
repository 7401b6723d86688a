"""Scenario files: an evening saved as JSON, and read back without trusting it.

A scenario file is one JSON object: the format's version under
``"kitchen_sync"``, every parameter that differs from its default, and the
seed (always, as in a link)::

    {"kitchen_sync": 1, "profile": "rush", "tickets": "db", "seed": 7}

A file is untrusted like any other input. :func:`read` either refuses the
whole file with :class:`FileProblem` (too large, not text, not JSON, not an
object, another format version), or returns a valid scenario with a
:class:`~kitchen.scenario.Problem` for every value it had to fix: values go
through :func:`kitchen.scenario.repair`, so an unknown or repeated name, a
wrong type, NaN or a number out of range is named with what is allowed.
A file without a version is read as the current format.
"""

from __future__ import annotations

import json
from typing import Any

from kitchen.scenario import Problem, repair

FORMAT_KEY = "kitchen_sync"
FORMAT_VERSION = 1
MAX_BYTES = 64 * 1024
"""Largest file read; a scenario written by :func:`write` is under 2 KB."""


class FileProblem(ValueError):
    """A file that cannot be read as a scenario at all."""


def write(scenario: Any) -> str:
    """The scenario as the text of a scenario file."""
    values: dict[str, object] = {FORMAT_KEY: FORMAT_VERSION}
    values.update(scenario.changed())
    values["seed"] = scenario.seed
    return json.dumps(values, indent=2) + "\n"


def read(data: bytes | str) -> tuple[Any, list[Problem]]:
    """A valid scenario from a file's contents, and every fix made to it.

    Raises :class:`FileProblem` when nothing in the file can be used.
    """
    if isinstance(data, str):
        # Text that cannot be written as UTF-8 (a lone surrogate) is no file.
        try:
            data = data.encode("utf-8")
        except UnicodeEncodeError:
            raise FileProblem(
                "The scenario file is not text; allowed: a JSON object in UTF-8."
            ) from None
    size = len(data)
    if size > MAX_BYTES:
        raise FileProblem(
            f"The scenario file is over {MAX_BYTES:,} bytes; allowed: at most "
            f"{MAX_BYTES:,}."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(
            "The scenario file is not text; allowed: a JSON object in UTF-8."
        ) from None
    try:
        # Pairs, not a dict: a name given twice is reported, not overwritten.
        parsed = json.loads(text, object_pairs_hook=_Pairs)
    except (ValueError, RecursionError) as error:
        where = getattr(error, "lineno", None)
        at = f" (line {where})" if where else ""
        raise FileProblem(
            f"The scenario file is not valid JSON{at}; allowed: one JSON object "
            'such as {"load": 20, "tickets": "db"}.'
        ) from None
    if not isinstance(parsed, _Pairs):
        raise FileProblem(
            f"The scenario file holds a JSON {_kind(parsed)}; allowed: one JSON "
            'object such as {"load": 20, "tickets": "db"}.'
        )
    pairs = [(name, _plain(value)) for name, value in parsed if name != FORMAT_KEY]
    versions = [value for name, value in parsed if name == FORMAT_KEY]
    if versions and (versions[0] != FORMAT_VERSION or isinstance(versions[0], bool)):
        shown = json.dumps(versions[0])[:32]
        raise FileProblem(
            f"{FORMAT_KEY} is {shown}: a format this version does not know; "
            f"allowed: {FORMAT_VERSION}."
        )
    return repair(pairs)


class _Pairs(list):
    """A JSON object as the list of its (name, value) pairs, in order."""


def _plain(value: object) -> object:
    """A nested value as JSON would show it, for messages that quote it."""
    if isinstance(value, _Pairs):
        return {name: _plain(inner) for name, inner in value}
    if isinstance(value, list):
        return [_plain(inner) for inner in value]
    return value


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    return "number"
