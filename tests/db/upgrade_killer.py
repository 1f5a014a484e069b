"""Upgrade processes for the interrupted-upgrade test: a fork server, like crash_writer.py.

Run as ``python upgrade_killer.py`` (passphrase in SLIP_DESKTOP_PASSPHRASE). SQLAlchemy,
Alembic and the migrations are imported once here; each upgrade is a forked child that
opens a database the way the program does (``open_store``: a backup, then the upgrade).
Commands on stdin, one per line:

- ``upgrade PATH``: fork a child that opens and upgrades PATH; the answer is its pid.
- ``reap PID``: wait for that child; the answer is its exit status (0: upgraded).
"""

from __future__ import annotations

import os
import sys

from alembic.script import ScriptDirectory  # noqa: F401 - loaded before forking

from slip_desktop.db.migrate import MIGRATIONS_DIR  # noqa: F401 - as above
from slip_desktop.db.opening import open_store


def upgrade(path: str) -> None:
    """Open (and so back up and upgrade) the database at ``path``, then close it."""
    store = open_store(path, os.environ["SLIP_DESKTOP_PASSPHRASE"])
    store.close()


def serve() -> None:
    """Fork an upgrade per request (the server itself never opens a database)."""
    for line in sys.stdin:
        command, argument = line.split(maxsplit=1)
        if command == "upgrade":
            pid = os.fork()
            if pid == 0:
                code = 1
                try:
                    upgrade(argument.strip())
                    code = 0
                finally:
                    os._exit(code)
            print(pid, flush=True)
        elif command == "reap":
            _pid, status = os.waitpid(int(argument), 0)
            print(status, flush=True)


if __name__ == "__main__":
    serve()
