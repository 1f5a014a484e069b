"""The kinds of entry the audit trail holds."""

from __future__ import annotations

from slip_desktop.domain.enums import Labelled


class AuditAction(Labelled):
    """What an audit row records."""

    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"
    EXPORT = "export", "Exported"
    PRINT = "print", "Printed"
    BULK_INSERT = "bulk_insert", "Created (bulk)"
    BULK_UPDATE = "bulk_update", "Changed (bulk)"
    BULK_DELETE = "bulk_delete", "Deleted (bulk)"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in refused"
    ANONYMISE = "anonymise", "Anonymised (retention)"
    DISPOSE = "dispose", "Deleted (retention)"


#: The SQL list a CHECK constraint on audit_event.action compares with.
AUDIT_ACTION_SQL = ", ".join(f"'{a.value}'" for a in AuditAction)
