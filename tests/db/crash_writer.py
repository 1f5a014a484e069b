"""Writer process for the crash-safety test: numbered transactions, each id printed after commit.

Usage: python crash_writer.py DATABASE FIRST_ID  (passphrase in SLIP_DESKTOP_PASSPHRASE).
Each transaction writes two related rows (a transfer and its line); the id is printed
and flushed only after commit() has returned, so every printed id is an acknowledged commit.
"""

from __future__ import annotations

import os
import sys

from sqlalchemy import text

from slip_desktop.db.store import Store


def main() -> None:
    """Write transactions until killed."""
    path, next_id = sys.argv[1], int(sys.argv[2])
    store = Store.open(path, os.environ["SLIP_DESKTOP_PASSPHRASE"])
    payload = os.urandom(1500).hex()  # big enough that the WAL grows and checkpoints
    out = sys.stdout
    while True:
        with store.session() as session:
            session.execute(
                text("INSERT INTO transfer (id, payload) VALUES (:id, :payload)"),
                {"id": next_id, "payload": payload},
            )
            session.execute(
                text("INSERT INTO transfer_line (transfer_id, payload) VALUES (:id, :payload)"),
                {"id": next_id, "payload": payload},
            )
        out.write(f"{next_id}\n")
        out.flush()
        next_id += 1


if __name__ == "__main__":
    main()
