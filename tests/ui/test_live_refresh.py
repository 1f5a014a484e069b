"""Another PC's save becomes one ChangeNotifier announcement here within two seconds."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from slip_desktop.db.models import School
from slip_desktop.db.store import Store
from slip_desktop.ui.live_refresh import start_live_refresh
from slip_desktop.ui.notifier import Area, ChangeNotifier


def test_another_pcs_save_reaches_this_pcs_notifier_within_two_seconds(
    qtbot: QtBot, pg_url: str
) -> None:
    here, there = Store.open(pg_url), Store.open(pg_url)
    notifier = ChangeNotifier()
    live = start_live_refresh(here, notifier)
    assert live is not None
    try:
        assert live.listener.wait_ready()
        with (
            qtbot.waitSignal(notifier.changed, timeout=2000) as announced,
            there.session() as session,
        ):
            session.add(School(name="Nguyễn Thị Ánh Academy"))
        assert announced.args == [frozenset({Area.SCHOOLS})]
    finally:
        live.stop()
        here.close()
        there.close()


def test_a_local_file_has_no_live_refresh(store: Store) -> None:
    assert start_live_refresh(store, ChangeNotifier()) is None
