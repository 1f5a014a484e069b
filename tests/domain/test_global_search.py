"""The global search's matching: every word, anywhere, grouped by kind, a few per group."""

from __future__ import annotations

from slip_desktop.domain.global_search import Kind, SearchEntry, count, flatten, prepared, search


def _entry(kind: Kind, target: int, *parts: str) -> SearchEntry:
    return SearchEntry(kind, target, parts[0], "", prepared(*parts))


ENTRIES = [
    _entry(Kind.PUPIL, 1, "Nguyễn Thị Ánh", "Riverside Primary"),
    _entry(Kind.PUPIL, 2, "Σοφία Παπαδοπούλου", "Hill Academy"),
    _entry(Kind.REFERRAL, 11, "Nguyễn Thị Ánh", "SLIP-2026-0001", "Riverside Primary"),
    _entry(Kind.REFERRAL, 12, "Олег Петренко", "SLIP-2026-0002", "Hill Academy"),
    _entry(Kind.SCHOOL, 21, "Riverside Primary", "Riverside"),
    _entry(Kind.MEETING, 31, "Core Meeting 17 Dec 2026"),
]


def test_every_word_must_match_anywhere_in_any_case() -> None:
    found = search(ENTRIES, "ánh RIVER")
    assert [e.target for e in flatten(found)] == [1, 11]


def test_results_are_grouped_by_kind_in_order() -> None:
    found = search(ENTRIES, "riverside")
    assert list(found) == [Kind.PUPIL, Kind.REFERRAL, Kind.SCHOOL]
    assert count(found) == 3


def test_each_group_holds_at_most_per_kind() -> None:
    many = [_entry(Kind.PUPIL, n, f"Zoë O'Brien-Ćorić {n}") for n in range(50)]
    found = search(many, "zoë", per_kind=8)
    assert len(found[Kind.PUPIL]) == 8


def test_an_empty_query_finds_nothing() -> None:
    assert search(ENTRIES, "   ") == {}


def test_greek_and_cyrillic_fold_case() -> None:
    assert [e.target for e in flatten(search(ENTRIES, "ΣΟΦΊΑ"))] == [2]
    assert [e.target for e in flatten(search(ENTRIES, "петренко"))] == [12]
