"""Properties of the figures' rules, both sides: what must change and what must stay equal."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from slip_desktop.domain.global_search import Kind, SearchEntry, SearchIndex, flatten
from slip_desktop.domain.impact import Figure, percent
from slip_desktop.domain.small_numbers import SUPPRESSED, for_release

SOME = settings(max_examples=150, deadline=None)

counts = st.integers(min_value=0, max_value=400)
rows = st.lists(st.tuples(st.text(min_size=1, max_size=8), counts, counts), min_size=0, max_size=6)


@SOME
@given(rows)
def test_per_school_counts_from_one_to_four_are_hidden_and_every_other_count_is_kept(
    table: list[tuple[str, int, int]],
) -> None:
    figure = Figure(
        "moves_tally", "Moves per school", ("School", "In", "Out"), list(table), "", True
    )
    released = for_release(figure)
    assert len(released.rows) == len(table)
    for before, after in zip(table, released.rows, strict=True):
        assert after[0] == before[0]
        for count, shown in zip(before[1:], after[1:], strict=True):
            if 1 <= count <= 4:
                assert shown == SUPPRESSED
            else:
                assert shown == count


@SOME
@given(counts, counts)
def test_a_percentage_is_given_over_five_or_more_cases_and_words_stand_in_below(
    part: int, whole: int
) -> None:
    part = min(part, whole)
    rate = percent(part, whole)
    figure = Figure(
        "moves_success",
        "Moves",
        ("Measure", "Value"),
        [("Finished", whole), ("Successful", part), ("Success rate %", rate)],
    )
    shown = for_release(figure).value("Success rate %")
    if whole >= 5:
        assert shown == rate
    else:
        assert shown == f"{part} of {whole} (too few for a %)"


@SOME
@given(counts, counts)
def test_a_percentage_lies_within_a_twentieth_of_the_exact_share(part: int, whole: int) -> None:
    part = min(part, whole)
    rate = percent(part, whole)
    assert Decimal(0) <= rate <= Decimal(100)
    assert rate.as_tuple().exponent == -1
    if whole:
        assert abs(rate - Decimal(part) * 100 / Decimal(whole)) <= Decimal("0.05")


words = st.text(alphabet="abcçdeéfğıøσжя", min_size=1, max_size=5)


@SOME
@given(
    st.lists(st.lists(words, min_size=1, max_size=3), min_size=1, max_size=12),
    st.lists(words, min_size=1, max_size=2),
)
def test_search_finds_exactly_the_entries_holding_every_word(
    texts: list[list[str]], query: list[str]
) -> None:
    entries = [
        SearchEntry(Kind.PUPIL, n, " ".join(t), "", " ".join(t)) for n, t in enumerate(texts)
    ]
    found = list(flatten(SearchIndex(entries).search(" ".join(query), per_kind=len(entries))))
    expected = [e for e in entries if all(word in e.text for word in query)]
    assert found == expected
