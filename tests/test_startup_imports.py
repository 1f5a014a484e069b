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
    result = subprocess.run([sys.executable, "-c", SCRIPT, *HEAVY], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("HEAVY"))
    assert line.split()[1:] == [], f"loaded at start-up: {line}"
