"""Start-up imports only what the first window needs: heavy libraries load on first use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pandas", "reportlab", "matplotlib", "openpyxl", "xlsxwriter", "numpy", "icalendar")

SCRIPT = """
import sys, tempfile
from pathlib import Path
from slip_desktop import app
application = app.make_application(sys.argv[:1])
folder = tempfile.mkdtemp()
store = app.open_store(Path(folder) / "startup.db")
window = app.build_window(store)
window.show()
application.processEvents()
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(sys.argv[1:]))
print("HEAVY", " ".join(heavy))
window.close()
store.close()
"""


def test_first_window_loads_no_heavy_library() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, *HEAVY],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("HEAVY"))
    assert line.split()[1:] == [], f"loaded at start-up: {line}"


#: Runs the program as the benchmark does (through bench/probe.py) and reports which
#: libraries were loaded when the probe saw the paint (the program quits straight after it),
#: and which of Qt's enums PySide had built by then (it builds them as Python enums).
PROBED = """
import enum, runpy, sys
built, at_paint = [], []
create = enum.EnumType._create_
def spy(cls, class_name, *args, **kwargs):
    built.append(class_name)
    return create(cls, class_name, *args, **kwargs)
enum.EnumType._create_ = spy
class Out:
    def __init__(self, out): self.out = out
    def write(self, text):
        if text.startswith("PAINTED") and not at_paint:
            at_paint.extend(built or ["none"])
        return self.out.write(text)
    def flush(self): self.out.flush()
sys.stdout = Out(sys.stdout)
sys.argv = ["bench.probe", sys.argv[2], "--db", sys.argv[1]]
try:
    runpy.run_module("bench.probe", run_name="__main__")
except SystemExit:
    pass
watched = {"sqlalchemy", "sqlcipher3", "alembic"}
print("LOADED", " ".join(sorted({n.split(".")[0] for n in sys.modules} & watched)))
print("ENUMS", " ".join(at_paint))
"""


def _demo_file(tmp_path: Path) -> Path:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    db = tmp_path / "demo.db"
    made = subprocess.run(
        [
            sys.executable,
            "-m",
            "slip_desktop",
            "--db",
            str(db),
            "--demo",
            "--screenshot",
            str(tmp_path / "shots"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    return db


def _probe(db: Path, home: Path, what: str) -> tuple[list[str], list[str]]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local"),
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBED, str(db), what],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "PAINTED" in result.stdout, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    loaded = next(x for x in lines if x.startswith("LOADED")).split()[1:]
    return loaded, next(x for x in lines if x.startswith("ENUMS")).split()[1:]


def test_window_paints_before_the_database_opens_and_the_list_before_sqlalchemy(
    tmp_path: Path,
) -> None:
    db = _demo_file(tmp_path)
    # The window is on screen while the file opens beside it (the passphrase is known)...
    loaded, enums = _probe(db, tmp_path / "home", "window")
    assert "sqlalchemy" not in loaded and "alembic" not in loaded
    # Qt's namespace (AlignmentFlag, Key... 93 enums, ~12 ms) is not built before the
    # window's first paint: a shortcut set or a ``Qt`` imported by name would build it.
    assert "QCborKnownTags" in enums  # the spy saw PySide's enums built
    assert "AlignmentFlag" not in enums and "Key" not in enums
    # ...and the referral list, read on the connection that checked the passphrase,
    # is painted before SQLAlchemy (0.25 s, 30 MiB) or Alembic are loaded.
    loaded, _enums = _probe(db, tmp_path / "home", "list")
    assert loaded == ["sqlcipher3"]
