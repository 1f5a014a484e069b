"""Qt-free work that spans the database and the reports: exports, packs, statement runs, imports.

Each job is a plain function ``job(store, ..., progress=..., cancel=...)``: it opens its
own sessions, reports ``progress(done, total, text)``, stops with
:class:`~slip_desktop.jobs.progress.Cancelled` when ``cancel`` is set, and records
its own export in the audit trail. ``ui/tasks.py`` runs jobs off the GUI thread.
"""
