"""Another PC's save reaches this one through PostgreSQL LISTEN/NOTIFY."""

from __future__ import annotations

import queue

from slip_desktop.db.live_changes import ChangeListener, areas_of
from slip_desktop.db.models import School
from slip_desktop.db.store import Store


def test_tables_map_to_the_areas_the_tabs_refresh_on() -> None:
    assert areas_of(["referral", "audit_event"]) == ["referrals"]
    assert areas_of(["audit_event"]) == []
    assert areas_of(["a_table_from_a_newer_version"]) == ["all"]


def test_a_save_on_one_pc_is_heard_on_another_within_two_seconds(pg_url: str) -> None:
    saver, watcher = Store.open(pg_url), Store.open(pg_url)
    heard: queue.Queue[list[str]] = queue.Queue()
    listener = ChangeListener(watcher, heard.put).start()
    try:
        assert listener.wait_ready()
        with saver.session() as session:
            session.add(School(name="Nguyễn Thị Ánh Academy"))
        assert heard.get(timeout=2.0) == ["schools"]
    finally:
        listener.stop()
        saver.close()
        watcher.close()


def test_a_rolled_back_save_is_not_announced_nor_your_own(pg_url: str) -> None:
    store = Store.open(pg_url)
    other = Store.open(pg_url)
    heard: queue.Queue[list[str]] = queue.Queue()
    listener = ChangeListener(store, heard.put).start()
    try:
        assert listener.wait_ready()
        with store.session() as session:  # its own save: the UI announced it already
            session.add(School(name="Σοφία Παπαδοπούλου School"))
        try:
            with other.session() as session:
                session.add(School(name="Олег Петренко School"))
                session.flush()
                raise RuntimeError("the user cancelled")
        except RuntimeError:
            pass
        with other.session() as session:
            session.add(School(name="Zoë O'Brien-Ćorić College"))
        # Only the last save is heard: not our own, not the rolled-back one.
        assert heard.get(timeout=2.0) == ["schools"]
        assert heard.empty()
    finally:
        listener.stop()
        store.close()
        other.close()
