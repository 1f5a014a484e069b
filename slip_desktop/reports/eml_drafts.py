"""Unsent e-mail drafts (.eml) that Outlook opens ready to send: plans and statements."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr

from slip_desktop.domain.money import format_money
from slip_desktop.domain.partnership import Partnership
from slip_desktop.domain.school_year import academic_year_label
from slip_desktop.domain.statement_docs import StatementDoc


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


def statement_email(
    partnership: Partnership, doc: StatementDoc, filename: str, pdf: bytes
) -> bytes:
    """Return an .eml draft of a school's statement to its finance contact, the PDF attached.

    From and the signature are the partnership's. The text gives the invoice number,
    the amount, the due date and how to pay; it names no pupil (they are only in the PDF).
    """
    message = EmailMessage(policy=SMTP)
    if partnership.email:
        message["From"] = _from(partnership)
    message["To"] = formataddr((doc.contact_name, doc.contact_email)) if doc.contact_email else ""
    term = f"{doc.term.label} term {academic_year_label(doc.academic_year)}"
    reference = f"invoice {doc.invoice_number}" if doc.invoice_number else "statement"
    message["Subject"] = f"{partnership.name}: {reference}, {term}, {doc.school}"
    message["X-Unsent"] = "1"
    greeting = f"Dear {doc.contact_name}," if doc.contact_name else "Dear colleague,"
    if doc.total > 0:
        amount = f"The amount due is {format_money(doc.total)}"
        if doc.due_on is not None:
            amount += f", payable by {doc.due_on.day} {doc.due_on:%B %Y}"
        amount += "."
    elif doc.total < 0:
        amount = f"It shows a credit of {format_money(-doc.total)} to {doc.school}: nothing is due."
    else:
        amount = "Nothing is due for this term."
    how = partnership.payment_lines()
    if doc.due_on is not None:
        how = how[:-1]  # the terms in days: the due date above says it exactly
    paying = "\n".join(how) if doc.total > 0 else ""
    if paying and doc.invoice_number:
        paying += f"\nPlease quote {doc.invoice_number} as the payment reference."
    message.set_content(
        f"{greeting}\n\n"
        f"Please find attached {doc.school}'s statement of charges for the {term}"
        f"{f' ({reference})' if doc.invoice_number else ''}, with each placement's "
        "working.\n\n"
        f"{amount}\n\n" + (f"{paying}\n\n" if paying else "") + "With best wishes,\n"
        f"{partnership.signature()}\n"
    )
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=filename)
    return message.as_bytes()
