"""The command line: run one scenario and read its figures in a terminal.

``python -m kitchen --set load=30 --set tickets=db`` runs one evening and
prints its headline figures. ``--scenario FILE`` starts from a scenario
file (see :mod:`kitchen.files`), which ``--set`` can then change, and
``--save FILE`` writes one; ``--json`` prints the figures as one JSON
object and ``--out DIR`` writes the frames as CSV. ``python -m kitchen
params`` lists the registry. Options come from the same registry as the
page's controls. A value given with ``--set`` must fit; a scenario file is
read as the page reads one, fixing what it must with a warning for each.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path

from kitchen import files, params
from kitchen.engine import BudgetExceeded
from kitchen.result import simulate
from kitchen.scenario import ParameterError, build


def _pair(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"expected name=value, got {text!r}")
    return name.strip(), value


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(
        prog="python -m kitchen",
        description="Run one evening of the Kitchen Sync simulation.",
        epilog="'python -m kitchen params' lists every parameter.",
    )
    cli.add_argument(
        "--set",
        dest="pairs",
        metavar="NAME=VALUE",
        type=_pair,
        action="append",
        default=[],
        help="set one parameter (repeat for more)",
    )
    cli.add_argument(
        "--scenario",
        type=Path,
        metavar="FILE",
        help="start from a scenario file (JSON), then apply any --set",
    )
    cli.add_argument("--json", action="store_true", help="print the summary as JSON")
    cli.add_argument(
        "--save", type=Path, metavar="FILE", help="write the scenario to FILE"
    )
    cli.add_argument("--out", type=Path, help="write the frames as CSV into DIR")
    return cli


def params_table() -> str:
    """The registry as a plain-text table."""
    rows = [("name", "default", "allowed", "unit", "help")]
    for p in params.PARAMS:
        rows.append((p.name, str(p.default), p.allowed(), p.unit, p.help))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[4]]).rstrip())
    return "\n".join(lines)


def summary_table(summary: dict[str, float]) -> str:
    """The headline figures, one per line."""
    width = max(len(k) for k in summary)
    lines = []
    for key, value in summary.items():
        if isinstance(value, float):
            shown = "-" if math.isnan(value) else f"{value:.3f}"
        else:
            shown = str(value)
        lines.append(f"{key.ljust(width)}  {shown}")
    return "\n".join(lines)


def _json_safe(summary: dict[str, float]) -> dict[str, object]:
    return {
        k: (None if isinstance(v, float) and not math.isfinite(v) else v)
        for k, v in summary.items()
    }


def _read_bytes(path: Path) -> bytes:
    """At most one byte more than a scenario file may hold."""
    with path.open("rb") as handle:
        return handle.read(files.MAX_BYTES + 1)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["params"]:
        print(params_table())
        return 0
    options = parser().parse_args(args)
    seen: set[str] = set()
    for name, _ in options.pairs:
        if name in seen:
            print(f"error: {name} was set twice", file=sys.stderr)
            return 2
        seen.add(name)
    base: dict[str, object] = {}
    if options.scenario is not None:
        try:
            from_file, problems = files.read(_read_bytes(options.scenario))
        except (OSError, files.FileProblem) as error:
            print(f"error: {options.scenario}: {error}", file=sys.stderr)
            return 2
        for problem in problems:
            print(f"warning: {options.scenario}: {problem.message}", file=sys.stderr)
        base = from_file.as_dict()
    try:
        scenario = build({**base, **dict(options.pairs)})
        if options.save is not None:
            options.save.write_text(files.write(scenario))
        result = simulate(scenario)
    except OSError as error:
        print(f"error: --save {options.save}: {error}", file=sys.stderr)
        return 2
    except (ParameterError, BudgetExceeded) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if options.out is not None:
        try:
            options.out.mkdir(parents=True, exist_ok=True)
            result.orders.to_csv(options.out / "orders.csv", index=False)
            result.events.to_csv(options.out / "events.csv", index=False)
            result.series.to_csv(options.out / "series.csv", index=False)
        except OSError as error:
            print(f"error: --out {options.out}: {error}", file=sys.stderr)
            return 2
    if options.json:
        print(json.dumps(_json_safe(result.summary)))
    else:
        changed = ", ".join(f"{k}={v}" for k, v in scenario.changed().items())
        print(f"scenario: {changed or 'all defaults'}")
        print(summary_table(result.summary))
    return 0
