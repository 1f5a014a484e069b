"""Global search rules: each match belongs to the entry holding it, every match is found."""

from __future__ import annotations

from slip_desktop.domain.global_search import (
    Kind,
    SearchEntry,
    SearchIndex,
    count,
    flatten,
    prepared,
    search,
)


def _pupil(target: int, text: str) -> SearchEntry:
    return SearchEntry(Kind.PUPIL, target, text, "", text)


def test_the_searched_text_joins_the_parts_with_spaces_and_folds_case() -> None:
    assert prepared("Zoë", "O'Brien-Ćorić", "SLIP-2026-0001") == "zoë o'brien-ćorić slip-2026-0001"


def test_the_searched_text_leaves_out_empty_parts() -> None:
    assert prepared("Олег", "", None, "Петренко") == "олег петренко"
    assert prepared() == ""


def test_the_searched_text_keeps_numbers() -> None:
    assert prepared("Year", 9) == "year 9"


def test_a_word_at_the_end_of_any_entry_finds_that_entry() -> None:
    entries = [_pupil(1, "anq"), _pupil(2, "bor"), _pupil(3, "cys"), _pupil(4, "det")]
    index = SearchIndex(entries)
    for entry, last in zip(entries, "qrst", strict=True):
        assert index.search(last) == {Kind.PUPIL: [entry]}


def test_a_line_break_inside_an_entry_does_not_move_the_next_entry() -> None:
    entries = [_pupil(1, "ann\nlee"), _pupil(2, "bor"), _pupil(3, "cys")]
    assert search(entries, "r") == {Kind.PUPIL: [entries[1]]}
    assert search(entries, "s") == {Kind.PUPIL: [entries[2]]}


def test_neighbouring_entries_that_both_match_are_both_found() -> None:
    entries = [_pupil(1, "ann"), _pupil(2, "ann b"), _pupil(3, "ann c")]
    assert [e.target for e in flatten(search(entries, "ann"))] == [1, 2, 3]


def test_an_entry_matching_the_long_word_but_not_the_short_is_left_out() -> None:
    entries = [_pupil(1, "petrenko oleg"), _pupil(2, "petrenko anna"), _pupil(3, "oleg")]
    assert [e.target for e in flatten(search(entries, "oleg petrenko"))] == [1]


def test_at_most_eight_results_a_group_unless_told() -> None:
    entries = [_pupil(n, f"nguyễn {n}") for n in range(12)]
    assert len(search(entries, "nguyễn")[Kind.PUPIL]) == 8
    assert len(SearchIndex(entries).search("nguyễn")[Kind.PUPIL]) == 8
    assert [e.target for e in search(entries, "nguyễn", per_kind=3)[Kind.PUPIL]] == [0, 1, 2]
    assert len(search(entries, "nguyễn", per_kind=20)[Kind.PUPIL]) == 12


def test_a_kind_with_no_match_has_no_group() -> None:
    entries = [_pupil(1, "ann"), SearchEntry(Kind.SCHOOL, 2, "Ash", "", "ash academy")]
    assert search(entries, "ash") == {Kind.SCHOOL: [entries[1]]}
    assert search(entries, "zzz") == {}


def test_the_index_holds_every_entry() -> None:
    entries = [_pupil(1, "ann"), SearchEntry(Kind.MEETING, 2, "Core", "", "core")]
    index = SearchIndex(entries)
    assert len(index) == 2
    assert index.entries == entries
    assert len(SearchIndex([])) == 0


def test_results_are_counted_and_flattened_in_the_order_of_kinds() -> None:
    meeting = SearchEntry(Kind.MEETING, 3, "M", "", "m")
    pupil = _pupil(1, "p")
    school = SearchEntry(Kind.SCHOOL, 2, "S", "", "s")
    groups = {Kind.MEETING: [meeting], Kind.PUPIL: [pupil], Kind.SCHOOL: [school]}
    assert list(flatten(groups)) == [pupil, school, meeting]
    assert count(groups) == 3
    assert count({}) == 0
