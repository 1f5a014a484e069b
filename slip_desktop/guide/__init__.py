"""The coordinator's user guide: Markdown pages shipped with the program, read in order."""

from __future__ import annotations

import re
from importlib import resources

#: An image the program renders itself: ``![caption](shot:<tab folder>)``.
SHOT = re.compile(r"!\[[^\]]*\]\(shot:([a-z_]+)\)")


def page_names() -> list[str]:
    """Return the guide's pages (``NN-name.md``), in reading order."""
    folder = resources.files(__name__)
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".md"))


def markdown() -> str:
    """Return the whole guide as one Markdown text."""
    folder = resources.files(__name__)
    return "\n\n".join(
        folder.joinpath(name).read_text(encoding="utf-8").strip() for name in page_names()
    )


def headings(text: str) -> list[tuple[int, str]]:
    """Return each heading of ``text`` as (level, title)."""
    found = []
    for line in text.splitlines():
        match = re.match(r"^(#{1,4})\s+(.*\S)\s*$", line)
        if match:
            found.append((len(match.group(1)), match.group(2)))
    return found


def shots(text: str) -> list[str]:
    """Return the tab folders whose screenshots ``text`` shows."""
    return SHOT.findall(text)
