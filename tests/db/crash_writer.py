"""Writer processes for the crash-safety test: numbered transactions, each id printed after commit.

Run as ``python crash_writer.py DATABASE`` (passphrase in SLIP_DESKTOP_PASSPHRASE), it
is a small fork server: importing SQLAlchemy once here and forking one writer per cycle
keeps 50 kill cycles inside a few seconds each. Commands on stdin, one per line:

- ``write FIRST_ID FIFO``: fork a writer that sends its acknowledgements into FIFO;
  the server answers with the writer's pid.
- ``reap PID``: wait until that (killed) writer is gone; the server answers ``reaped``.

Each transaction writes two related rows (a transfer and its line); the id is written
and flushed only after commit has returned, so every id read is an acknowledged commit.
"""

from __future__ import annotations

import os
import sys

from sqlalchemy import text

from slip_desktop.db.store import Store


def write_forever(path: str, next_id: int, fifo: str) -> None:
    """Open the store and commit transactions until killed."""
    store = Store.open(path, os.environ["SLIP_DESKTOP_PASSPHRASE"])
    payload = os.urandom(1500).hex()  # big enough that the WAL grows and checkpoints
    with open(fifo, "w", encoding="ascii") as out:
        while True:
            with store.session() as session:
                session.execute(
                    text("INSERT INTO transfer (id, payload) VALUES (:id, :payload)"),
                    {"id": next_id, "payload": payload},
                )
                session.execute(
                    text(
                        "INSERT INTO transfer_line (transfer_id, payload) VALUES (:id, :payload)"
                    ),
                    {"id": next_id, "payload": payload},
                )
            out.write(f"{next_id}\n")
            out.flush()
            next_id += 1


def serve(path: str) -> None:
    """Fork writers on request (the server itself never opens the database)."""
    for line in sys.stdin:
        command, *args = line.split()
        if command == "write":
            pid = os.fork()
            if pid == 0:
                try:
                    write_forever(path, int(args[0]), args[1])
                finally:
                    os._exit(1)
            print(pid, flush=True)
        elif command == "reap":
            os.waitpid(int(args[0]), 0)
            print("reaped", flush=True)


if __name__ == "__main__":
    serve(sys.argv[1])
