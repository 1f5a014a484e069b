"""The referral form builds pages 2 and 3 when first shown, each read in order by Tab.

Checked in a fresh interpreter: a focus chain walked after other tests' windows has met
PySide's wrappers of deleted widgets at the addresses of new ones ("already deleted").
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from slip_desktop.db.referrals import list_referrals
from slip_desktop.db.store import Store
from tests.conftest import DEMO_TODAY, TEST_PASSPHRASE

pytestmark = pytest.mark.sqlite_only

ROOT = Path(__file__).resolve().parents[3]

CHECK = """
import sys
from datetime import date
from pathlib import Path
from PySide6.QtWidgets import QApplication
from slip_desktop.db.store import Store
from slip_desktop.ui.accessibility import install_namer
from slip_desktop.ui.tab_order import ORDERED, backward_jumps, focus_chain
from slip_desktop.views.referrals.referral_dialog import ReferralDialog

app = QApplication([])
install_namer()  # as the program does: each dialog is put in reading order when shown
store = Store.open(Path(sys.argv[1]), sys.argv[2])
dialog = ReferralDialog(store, date.fromisoformat(sys.argv[3]), int(sys.argv[4]))
dialog.show()
app.processEvents()
print("ordered", bool(dialog.property(ORDERED)))
print("built", dialog.page_built(2), dialog.page_built(3))
for index in (1, 2):
    dialog.tabs.setCurrentIndex(index)
    app.processEvents()
    chain = focus_chain(dialog)
    bar = next(i for i, widget in enumerate(chain) if widget is dialog.tabs.tabBar())
    first = dialog.tabs.widget(index).isAncestorOf(chain[bar + 1])
    print("page", index + 1, dialog.page_built(index + 1), first, backward_jumps(dialog))
print("texts", any(edit.text() for edit in dialog.texts.values()), flush=True)
store.close()
# Out at once: this checks the form, not the interpreter's teardown of a bare QApplication
# with the dialog still up (it can crash there; the program quits through its window).
import os
os._exit(0)
"""


def test_the_later_pages_are_built_when_shown_and_tab_reads_each_in_order(
    demo_store: Store,
) -> None:
    """Opening builds page 1 only (the other two were half the Open's stall). A page built
    later is put in order after the tab bar: Tab reads it top to bottom, then reaches the
    buttons (without that, Cancel led back up to the page's last box)."""
    assert demo_store.path is not None
    referral_id = list_referrals(demo_store)[0].id
    demo_store.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    args = [str(demo_store.path), TEST_PASSPHRASE, DEMO_TODAY.isoformat(), str(referral_id)]
    done = subprocess.run(
        [sys.executable, "-c", CHECK, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.split()[0] in WORDS]
    assert lines == [
        "ordered True",
        "built False False",
        "page 2 True True []",
        "page 3 True True []",
        "texts True",
    ], done.stdout + done.stderr


WORDS = ("ordered", "built", "page", "texts")
