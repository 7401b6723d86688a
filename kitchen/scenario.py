"""A validated scenario: the one thing that goes into the simulation.

Values come from sliders, links, scenario files and the command line, and
none of them is trusted. :func:`build` checks a mapping against the registry
and either returns a :class:`Scenario` or raises :class:`ParameterError`
naming the parameter, the value given and what is allowed. :func:`repair`
does the same but clamps what it can and reports every fix as a
:class:`Problem`, for the page, which must keep working.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, make_dataclass
from typing import Any

from kitchen.params import BY_NAME, PARAMS, Param

MAX_TEXT = 64
"""Longest text accepted for any value; anything longer is refused unread."""


class ParameterError(ValueError):
    """A value that does not fit its parameter."""

    def __init__(self, name: str, value: object, allowed: str, why: str = "") -> None:
        self.name = name
        self.value = value
        self.allowed = allowed
        shown = _show(value)
        reason = f" ({why})" if why else ""
        super().__init__(f"{name}={shown} is not allowed{reason}; allowed: {allowed}")


@dataclass(frozen=True)
class Problem:
    """One fix made to untrusted input, with the words to show for it."""

    name: str
    value: object
    message: str


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _coerce(param: Param, value: object) -> object:
    """Turn one raw value into the parameter's type, or raise."""
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise ParameterError(param.name, value, param.allowed(), "text too long")
        value = parse_text(param, value)
    if param.kind == "choice":
        if not isinstance(value, str) or value not in param.choices:
            raise ParameterError(param.name, value, param.allowed())
        return value
    if param.kind == "bool":
        if not isinstance(value, bool):
            raise ParameterError(param.name, value, param.allowed())
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ParameterError(param.name, value, param.allowed(), "not a number")
    # An int is always finite, and may be too large for a float: it is
    # compared with the bounds before it is converted.
    if isinstance(value, float) and not math.isfinite(value):
        raise ParameterError(param.name, value, param.allowed(), "not finite")
    if param.kind == "int" and value != int(value):
        raise ParameterError(param.name, value, param.allowed(), "not a whole number")
    if param.kind == "float" and isinstance(value, int):
        # Too large for a float: left an int, refused by the bounds below.
        with contextlib.suppress(OverflowError):
            value = float(value)
    assert param.low is not None and param.high is not None
    if not param.low <= value <= param.high:
        raise ParameterError(param.name, value, param.allowed(), "out of range")
    return int(value) if param.kind == "int" else float(value)


def parse_text(param: Param, text: str) -> object:
    """Read a value written as text (a link, a command line, a file)."""
    text = text.strip()
    if param.kind == "choice":
        return text
    if param.kind == "bool":
        lowered = text.lower()
        if lowered in ("true", "1", "yes", "on"):
            return True
        if lowered in ("false", "0", "no", "off"):
            return False
        raise ParameterError(param.name, text, param.allowed())
    try:
        number = float(text)
    except ValueError:
        raise ParameterError(
            param.name, text, param.allowed(), "not a number"
        ) from None
    if param.kind == "int" and math.isfinite(number) and number.is_integer():
        return int(number)
    return number


def format_value(param: Param, value: object) -> str:
    """Write a value as text that :func:`parse_text` reads back exactly."""
    if param.kind == "bool":
        return "true" if value else "false"
    if param.kind == "float":
        return repr(float(value))  # type: ignore[arg-type]
    return str(value)


def _scenario_base_methods() -> dict[str, Any]:
    def changed(self: Any) -> dict[str, object]:
        """The parameters that differ from their defaults."""
        return {
            p.name: getattr(self, p.name)
            for p in PARAMS
            if getattr(self, p.name) != p.default
        }

    def as_dict(self: Any) -> dict[str, object]:
        """Every parameter and its value, in registry order."""
        return {p.name: getattr(self, p.name) for p in PARAMS}

    def with_values(self: Any, **values: object) -> Any:
        """A copy with some values changed, checked like any other input."""
        return build({**as_dict(self), **values})

    return {"changed": changed, "as_dict": as_dict, "with_values": with_values}


Scenario = make_dataclass(
    "Scenario",
    [(p.name, type(p.default), p.default) for p in PARAMS],
    namespace=_scenario_base_methods(),
    frozen=True,
)
Scenario.__module__ = __name__
Scenario.__doc__ = (
    "Every parameter of one kitchen run, checked against the registry. "
    "Frozen and hashable, so it can key a cache."
)


def _check_together(values: dict[str, object]) -> None:
    """Rules that tie two parameters together."""
    station, stations = values["walkout_station"], values["stations"]
    if int(station) > int(stations):  # type: ignore[arg-type]
        raise ParameterError(
            "walkout_station",
            station,
            f"0 to stations ({stations})",
            "no such station",
        )
    rush, minutes = values["rush_minutes"], values["minutes"]
    if float(rush) > float(minutes):  # type: ignore[arg-type]
        raise ParameterError(
            "rush_minutes",
            rush,
            f"at most minutes ({_fmt(minutes)})",
            "longer than the service",
        )


TIED = {
    "walkout_station": lambda v: v["stations"],
    "rush_minutes": lambda v: v["minutes"],
}
"""For each parameter tied to another, the nearest value that fits the rule."""


def _fmt(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def build(raw: Mapping[str, object] | None = None, **more: object) -> Any:
    """A :class:`Scenario` from untrusted values; raise on the first bad one.

    Unknown names are refused. Missing names take their defaults.
    """
    given = dict(raw or {})
    given.update(more)
    values: dict[str, object] = {p.name: p.default for p in PARAMS}
    for name, value in given.items():
        if not isinstance(name, str) or name not in BY_NAME:
            raise ParameterError(
                str(name)[:MAX_TEXT],
                value,
                "a parameter listed by 'kitchen params'",
                "unknown parameter",
            )
        values[name] = _coerce(BY_NAME[name], value)
    _check_together(values)
    return Scenario(**values)


def _clamp(param: Param, value: object) -> object | None:
    """The nearest allowed value for a number out of range, if there is one."""
    if param.kind not in ("int", "float"):
        return None
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            # Refused unread: no part of an overlong text becomes a value.
            return None
        try:
            value = parse_text(param, value)
        except ParameterError:
            return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    assert param.low is not None and param.high is not None
    clamped = min(max(value, param.low), param.high)
    if param.kind == "int":
        clamped = round(clamped)
    return type(param.default)(clamped)


def repair(
    raw: Iterable[tuple[str, object]] | Mapping[str, object],
) -> tuple[Any, list[Problem]]:
    """A :class:`Scenario` from untrusted values, fixing what it must.

    A number out of range is clamped to the nearest bound; anything else that
    does not fit (an unknown name, a repeated name, a wrong type, NaN) is left
    at its default. Every fix is reported; nothing is dropped silently.
    """
    pairs = list(raw.items()) if isinstance(raw, Mapping) else list(raw)
    values: dict[str, object] = {}
    problems: list[Problem] = []
    for name, value in pairs:
        if not isinstance(name, str) or name not in BY_NAME:
            shown = str(name)[:MAX_TEXT]
            problems.append(
                Problem(shown, value, f"Unknown parameter {_show(shown)} ignored.")
            )
            continue
        if name in values:
            problems.append(
                Problem(
                    name, value, f"{name} was given twice; the first value is kept."
                )
            )
            continue
        param = BY_NAME[name]
        try:
            values[name] = _coerce(param, value)
        except ParameterError as error:
            fixed = _clamp(param, value)
            if fixed is None:
                values[name] = param.default
                problems.append(
                    Problem(
                        name,
                        value,
                        f"{error}. Using the default {_fmt(param.default)}.",
                    )
                )
            else:
                values[name] = fixed
                problems.append(Problem(name, value, f"{error}. Using {_fmt(fixed)}."))
    merged = {p.name: p.default for p in PARAMS} | values
    # Rules between parameters: fix the later one until every rule holds.
    for _ in range(len(TIED) + 1):
        try:
            _check_together(merged)
            break
        except ParameterError as error:
            merged[error.name] = TIED[error.name](merged)
            shown = _fmt(merged[error.name])
            problems.append(
                Problem(error.name, error.value, f"{error}. Using {shown}.")
            )
    return Scenario(**merged), problems


def default() -> Any:
    """The scenario with every parameter at its default."""
    return Scenario()


def names() -> tuple[str, ...]:
    """The parameter names, in registry order."""
    return tuple(f.name for f in fields(Scenario))


__all__ = [
    "ParameterError",
    "Problem",
    "Scenario",
    "build",
    "default",
    "format_value",
    "names",
    "parse_text",
    "repair",
]
