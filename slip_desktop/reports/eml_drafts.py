"""Unsent e-mail drafts (.eml) that Outlook opens ready to send, one per school."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr

from slip_desktop.domain.partnership import Partnership


def _from(partnership: Partnership) -> str:
    # Outlook replaces the sender with the account sending; the name still shows in replies.
    return formataddr((partnership.name, partnership.email)) if partnership.email else ""


def plans_email(
    partnership: Partnership,
    school: str,
    contact_name: str,
    contact_email: str,
    meeting_title: str,
    meeting_on: date,
    attachments: Sequence[tuple[str, bytes]],
) -> bytes:
    """Return an .eml draft from ``partnership`` to a school's contact with its plans attached.

    ``X-Unsent: 1`` makes Outlook open the file as a message still to be sent,
    so the coordinator can check it and press Send. The text names no pupil:
    the names (if any) are only inside the attached plans.
    """
    message = EmailMessage(policy=SMTP)
    if partnership.email:
        message["From"] = _from(partnership)
    message["To"] = formataddr((contact_name, contact_email)) if contact_email else ""
    when = f"{meeting_on.day} {meeting_on:%B %Y}"
    message["Subject"] = f"{meeting_title} action plans, {when}: {school}"
    message["X-Unsent"] = "1"
    count = len(attachments)
    greeting = f"Dear {contact_name}," if contact_name else "Dear colleague,"
    message.set_content(
        f"{greeting}\n\n"
        f"Please find attached the action plan{'s' if count != 1 else ''} for the "
        f"{count} case{'s' if count != 1 else ''} from {school} discussed at the "
        f"{meeting_title} on {meeting_on:%A} {when}.\n\n"
        "Each plan gives the advice and the actions agreed, with who will do them and by "
        "when, and the date of its review. Please share it with the staff who support "
        "the pupil.\n\n"
        "With best wishes,\n"
        f"{partnership.signature()}\n"
    )
    for filename, content in attachments:
        message.add_attachment(content, maintype="application", subtype="pdf", filename=filename)
    return message.as_bytes()
