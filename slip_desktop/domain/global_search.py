"""One search over everything: pupils, referrals, schools and meetings, matched word by word."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    """What a search result is; the order here is the order the groups are shown in."""

    PUPIL = "Pupils"
    REFERRAL = "Referrals"
    SCHOOL = "Schools"
    MEETING = "Meetings"


@dataclass(frozen=True)
class SearchEntry:
    """One thing that can be found: its kind, what opens it, what is shown and what is searched.

    ``target`` is the id the owning tab opens: a referral's id for a referral (and for
    a pupil, the pupil's newest referral, or 0 when there is none), a school's id, a
    meeting's id. ``text`` is lower case (``casefold``), prepared once, not per keystroke.
    """

    kind: Kind
    target: int
    title: str
    detail: str
    text: str


def prepared(*parts: object) -> str:
    """The searched text of an entry: its parts joined and case-folded."""
    return " ".join(str(part) for part in parts if part).casefold()


def search(
    entries: Sequence[SearchEntry], query: str, per_kind: int = 8
) -> dict[Kind, list[SearchEntry]]:
    """Entries holding every word of ``query``, grouped by kind (at most ``per_kind`` each).

    Words match anywhere in the text ("ann" finds "Joanna"); an empty query finds nothing.
    """
    words = query.casefold().split()
    found: dict[Kind, list[SearchEntry]] = {kind: [] for kind in Kind}
    if not words:
        return {}
    full = 0
    for entry in entries:
        group = found[entry.kind]
        if len(group) >= per_kind:
            continue
        text = entry.text
        if all(word in text for word in words):
            group.append(entry)
            if len(group) == per_kind:
                full += 1
                if full == len(found):
                    break
    return {kind: rows for kind, rows in found.items() if rows}


def count(groups: dict[Kind, list[SearchEntry]]) -> int:
    """How many results the groups hold."""
    return sum(len(rows) for rows in groups.values())


def flatten(groups: dict[Kind, list[SearchEntry]]) -> Iterable[SearchEntry]:
    """The results in the order shown: group by group."""
    for kind in Kind:
        yield from groups.get(kind, [])
