"""Teaching text: the Markdown files under ``assets/``, read and taken apart.

A note is a Markdown file with a ``# Title`` on its first line, an opening
part, and ``## Sections``. In a section, a bullet that opens with a phrase
in bold, ``- **The rail never overflows.** ...``, is keyed by that phrase
(without its full stop), so that code can refer to one bullet by name: the
scenario library ties each "What to notice" bullet to the check that backs
it this way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "assets"
"""The folder of teaching text."""

_BULLET = re.compile(r"- \*\*(?P<key>[^*]+?)\.?\*\*\s*")


@dataclass(frozen=True)
class Note:
    """One Markdown file: its title, its opening part and its sections."""

    title: str
    text: str
    intro: str
    sections: dict[str, str]

    def bullets(self, section: str, lead: bool = True) -> dict[str, str]:
        """The bullets of a section that open in bold, keyed by that phrase.

        Each bullet's text is whole, or without its bold phrase if ``lead``
        is False; lines indented under a bullet continue it.
        """
        found: dict[str, str] = {}
        key = None
        for line in self.sections.get(section, "").splitlines():
            match = _BULLET.match(line)
            if match:
                key = match["key"]
                found[key] = line[2:].strip() if lead else line[match.end() :]
            elif key is not None and line.startswith("  ") and line.strip():
                found[key] = (found[key] + " " + line.strip()).strip()
            else:
                key = None
        return found


def parse(text: str) -> Note:
    """Take a note's Markdown apart."""
    lines = text.strip().splitlines()
    if not lines or not lines[0].startswith("# "):
        raise ValueError("a note must open with a '# Title' line")
    title = lines[0][2:].strip()
    intro: list[str] = []
    sections: dict[str, list[str]] = {}
    current = intro
    for line in lines[1:]:
        if line.startswith("## "):
            current = sections.setdefault(line[3:].strip(), [])
        else:
            current.append(line)
    return Note(
        title=title,
        text=text,
        intro="\n".join(intro).strip(),
        sections={k: "\n".join(v).strip() for k, v in sections.items()},
    )


@cache
def read(folder: str, name: str) -> Note:
    """The note ``assets/<folder>/<name>.md``."""
    path = ASSETS / folder / f"{name}.md"
    return parse(path.read_text(encoding="utf-8"))


def names(folder: str) -> tuple[str, ...]:
    """The notes in ``assets/<folder>``, by file name, sorted."""
    return tuple(sorted(p.stem for p in (ASSETS / folder).glob("*.md")))
