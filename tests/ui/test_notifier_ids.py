"""Announcements may say which rows changed; everyone else still sees a set of areas."""

from __future__ import annotations

from slip_desktop.ui.notifier import Area, ChangeNotifier, changed_ids, changes


def test_an_announcement_with_ids_is_still_the_set_of_areas() -> None:
    notifier = ChangeNotifier()
    heard: list[frozenset[Area]] = []
    notifier.changed.connect(heard.append)
    notifier.announce(Area.REFERRALS, Area.PUPILS, ids={Area.REFERRALS: [7, 8], "schools": [1]})
    notifier.announce(Area.MEETINGS)
    told, plain = heard
    assert told == changes(Area.REFERRALS, Area.PUPILS) and isinstance(told, frozenset)
    assert changed_ids(told, Area.REFERRALS) == frozenset({7, 8})
    # Not told row by row (or not changed at all): the list reloads it whole.
    assert changed_ids(told, Area.PUPILS) is None
    assert changed_ids(told, Area.SCHOOLS) is None
    assert changed_ids(plain, Area.MEETINGS) is None
    # Joined with another announcement (coalesced), the ids are dropped: a full reload.
    assert changed_ids(told | plain, Area.REFERRALS) is None
