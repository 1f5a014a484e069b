"""A one-document summary of referrals by school and kind (also the self-test's PDF)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from reportlab.platypus import Paragraph, Spacer

from slip_desktop.reports.pdf_layout import STYLES, build_pdf, data_table


def referral_summary_pdf(rows: Iterable[tuple[str, str]], as_of: date) -> bytes:
    """Return a PDF counting referrals per (school, kind label) pair; no pupil is named."""
    counts = Counter(rows)
    schools = sorted({school for school, _kind in counts})
    kinds = sorted({kind for _school, kind in counts})
    table_rows = [
        [
            school,
            *[str(counts[(school, kind)]) for kind in kinds],
            str(sum(counts[(school, kind)] for kind in kinds)),
        ]
        for school in schools
    ]
    story = [
        Paragraph("Referrals by school", STYLES["title"]),
        Paragraph(f"As of {as_of:%d %B %Y}. Counts only; no pupil is named.", STYLES["body"]),
        Spacer(1, 8),
        data_table(["School", *kinds, "Total"], table_rows),
    ]
    return build_pdf(story, title="Referrals by school", subject="Referral counts")
