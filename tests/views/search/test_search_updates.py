"""The global search reads again only what a change reached, ending where a whole read would."""

from __future__ import annotations

from collections import Counter

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from slip_desktop.db.models import Pupil
from slip_desktop.db.referral_list import list_referrals
from slip_desktop.db.referrals import change_status
from slip_desktop.db.search_index import all_entries, entries_of, meeting_entries
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import ReferralStatus
from slip_desktop.domain.referral_workflow import allowed_moves
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.views.search.box import GlobalSearch, updated_index
from tests.conftest import DEMO_TODAY


def _closable(store: Store) -> tuple[int, int]:
    row = next(
        r
        for r in list_referrals(store)
        if r.pupil_id is not None and ReferralStatus.CLOSED in allowed_moves(r.kind, r.status)
    )
    assert row.pupil_id is not None
    return row.id, row.pupil_id


def _rename(store: Store, pupil_id: int, first_name: str) -> None:
    with store.session() as session:
        session.execute(update(Pupil).where(Pupil.id == pupil_id).values(first_name=first_name))
        session.commit()


def test_rows_read_again_give_the_entries_a_whole_read_gives(demo_store: Store) -> None:
    before = all_entries(demo_store)
    referral_id, pupil_id = _closable(demo_store)
    change_status(demo_store, referral_id, ReferralStatus.CLOSED, DEMO_TODAY, "Moved away.")
    _rename(demo_store, pupil_id, "Σοφία")
    changed = entries_of(demo_store, [referral_id], [pupil_id])
    updated = updated_index(before, changed, meeting_entries(demo_store))
    fresh = all_entries(demo_store)
    assert Counter(updated.entries) == Counter(fresh.entries)
    assert updated.pupils == fresh.pupils
    # Each kept its place: the changed referral is where it was.
    place = [i for i, e in enumerate(before.entries) if e.target == referral_id]
    assert [updated.entries[i].target for i in place] == [referral_id] * len(place)


def test_a_row_gone_leaves_the_search(demo_store: Store) -> None:
    before = all_entries(demo_store)
    gone = entries_of(demo_store, [10**9], [10**9])
    assert gone.gone_referrals == {10**9} and gone.gone_pupils == {10**9}
    assert updated_index(before, gone, None).entries == before.entries


_PARENTS: list[QWidget] = []  # kept alive: the search and its box are the window's children


def _search(qtbot: QtBot, store: Store) -> tuple[GlobalSearch, ChangeNotifier]:
    parent = QWidget()
    qtbot.addWidget(parent)
    _PARENTS[:] = [parent]
    notifier = ChangeNotifier()
    search = GlobalSearch(store, notifier, {}, parent)
    search.read()
    qtbot.waitUntil(lambda: bool(search.entries), timeout=10000)
    return search, notifier


def test_a_change_told_row_by_row_reads_only_those_rows(qtbot: QtBot, demo_store: Store) -> None:
    search, notifier = _search(qtbot, demo_store)
    referral_id, pupil_id = _closable(demo_store)
    _rename(demo_store, pupil_id, "Zoë")
    notifier.announce(Area.PUPILS, ids={Area.PUPILS: [pupil_id]})
    notifier.announce(Area.MEETINGS)
    whole = search.whole_reads
    search.open_box()
    qtbot.waitUntil(lambda: not search._stale and search._reading is None, timeout=10000)
    assert search.whole_reads == whole and search.partial_reads >= 1
    assert Counter(search.entries) == Counter(all_entries(demo_store).entries)
    search.box.hide()


def test_a_change_to_money_reads_nothing_and_one_not_told_by_row_reads_all(
    qtbot: QtBot, demo_store: Store
) -> None:
    search, notifier = _search(qtbot, demo_store)
    whole, partial = search.whole_reads, search.partial_reads
    notifier.announce(Area.FINANCE)
    assert not search._stale
    notifier.announce(Area.REFERRALS)  # no ids: any referral may have changed
    search.open_box()
    qtbot.waitUntil(lambda: search._reading is None and not search._stale, timeout=10000)
    assert search.whole_reads == whole + 1 and search.partial_reads == partial
    search.box.hide()
