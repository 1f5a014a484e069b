"""One search over everything: pupils, referrals, schools and meetings, matched word by word."""

from __future__ import annotations

from bisect import bisect_right
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


class SearchIndex:
    """The entries of each kind with their texts joined into one string, searched with ``find``.

    Scanning one joined string is done in C: a keystroke over tens of thousands of
    entries costs a millisecond or two, where testing each entry's text in Python
    costs tens. Built once (off the GUI thread) per read of the records.
    """

    def __init__(self, entries: Sequence[SearchEntry]) -> None:
        self.entries = list(entries)
        self._kinds: list[tuple[Kind, list[SearchEntry], str, list[int]]] = []
        for kind in Kind:
            chosen = [entry for entry in entries if entry.kind == kind]
            starts: list[int] = []
            offset = 0
            for entry in chosen:
                starts.append(offset)
                offset += len(entry.text) + 1
            blob = "\n".join(entry.text.replace("\n", " ") for entry in chosen)
            self._kinds.append((kind, chosen, blob, starts))

    def __len__(self) -> int:
        return len(self.entries)

    def search(self, query: str, per_kind: int = 8) -> dict[Kind, list[SearchEntry]]:
        """Entries holding every word of ``query``, grouped by kind, at most ``per_kind`` each.

        Words match anywhere in the text ("ann" finds "Joanna"); an empty query finds nothing.
        """
        words = query.casefold().split()
        if not words:
            return {}
        # The longest word is the rarest, usually: it picks the candidates.
        first = max(words, key=len)
        found: dict[Kind, list[SearchEntry]] = {}
        for kind, chosen, blob, starts in self._kinds:
            group: list[SearchEntry] = []
            at = blob.find(first)
            while at != -1 and len(group) < per_kind:
                number = bisect_right(starts, at) - 1
                entry = chosen[number]
                if all(word in entry.text for word in words):
                    group.append(entry)
                following = starts[number + 1] if number + 1 < len(starts) else len(blob)
                at = blob.find(first, following)
            if group:
                found[kind] = group
        return found


def search(
    entries: Sequence[SearchEntry], query: str, per_kind: int = 8
) -> dict[Kind, list[SearchEntry]]:
    """Entries holding every word of ``query``, grouped by kind (at most ``per_kind`` each).

    Builds a :class:`SearchIndex` each call: keep one for searching as the user types.
    """
    return SearchIndex(entries).search(query, per_kind)


def count(groups: dict[Kind, list[SearchEntry]]) -> int:
    """How many results the groups hold."""
    return sum(len(rows) for rows in groups.values())


def flatten(groups: dict[Kind, list[SearchEntry]]) -> Iterable[SearchEntry]:
    """The results in the order shown: group by group."""
    for kind in Kind:
        yield from groups.get(kind, [])
