"""A subject access export: a PDF of everything held about a pupil and a CSV per table, zipped."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from slip_desktop.domain.partnership import DEFAULTS, Partnership
from slip_desktop.domain.subject_access import PupilFile, Section
from slip_desktop.reports.fonts import escape_printable as escape
from slip_desktop.reports.pdf_layout import LIGHT, STYLES, build_pdf, data_table

#: Sections with at most this many columns print as one table; wider ones as a card per record.
_TABLE_COLUMNS = 6
#: A section heading never ends a page on its own.
_HEADING = ParagraphStyle("SarHeading", parent=STYLES["h2"], keepWithNext=1, fontSize=10.5)
#: Each area of the office's work (referrals, plans, money...) opens with a larger heading.
_AREA = ParagraphStyle(
    "SarArea", parent=STYLES["title"], fontSize=14, leading=18, spaceBefore=10, keepWithNext=1
)


def _label(column: str) -> str:
    # the sections carry plain-word labels already ("SEND funding", not send_funding_pence)
    return column


def _para(text: str, style: str = "cell") -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), STYLES[style])


def _changes(text: str) -> str:
    """Return an audit row's JSON changes as lines of ``field: old -> new``."""
    try:
        changes = json.loads(text)
    except ValueError:
        return text
    if not isinstance(changes, dict):
        return text
    lines = []
    for field, pair in sorted(changes.items()):
        old, new = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
        if old is None:
            lines.append(f"{field}: {new}")
        elif new is None:
            lines.append(f"{field}: was {old}")
        else:
            lines.append(f"{field}: {old} -> {new}")
    return "\n".join(lines)


def _card(section: Section, row: tuple[str, ...]) -> Flowable:
    cells = [
        [_para(_label(section.columns[i])), _para(_changes(row[i]))]
        for i in section.printed_columns()
        if row[i]
    ]
    table = Table(cells, colWidths=[45 * mm, None])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (0, -1), LIGHT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (0, 0), (-1, -1), 0.5, LIGHT),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _section_story(section: Section) -> list[Flowable]:
    story: list[Flowable] = [Paragraph(escape(section.name), _HEADING)]
    if section.note:
        story.append(_para(section.note, "small"))
    if not section.rows:
        story.append(_para("Nothing held.", "body"))
        return story
    printed = section.printed_columns()
    if len(printed) <= _TABLE_COLUMNS:
        story.append(
            data_table(
                [escape(_label(section.columns[i])) for i in printed],
                [[escape(row[i]) for i in printed] for row in section.rows],
            )
        )
        return story
    for number, row in enumerate(section.rows, start=1):
        story.append(
            KeepTogether(
                [
                    _para(f"{section.name}: record {number} of {len(section.rows)}", "small"),
                    _card(section, row),
                ]
            )
            if len(row) < 40
            else _card(section, row)
        )
        story.append(Spacer(1, 4))
    return story


def subject_access_pdf(file: PupilFile, partnership: Partnership = DEFAULTS) -> bytes:
    """Return the PDF of everything held about the pupil."""
    summary = [[escape(s.area), escape(s.name), str(len(s.rows))] for s in file.sections]
    story: list[Flowable] = [
        Paragraph(f"Subject access: {escape(file.full_name)}", STYLES["title"]),
        _para(
            f"Born {file.date_of_birth:%d %B %Y}; school: {file.school}. Everything the "
            f"partnership's office system holds about this pupil on {file.gathered_on:%d %B %Y}. "
            "Records are grouped by area of the office's work; empty fields, record numbers "
            "and links between records are left out of this document. The CSV files beside "
            "it hold every column.",
            "body",
        ),
        Spacer(1, 6),
        data_table(["Area", "Records", "Count"], summary),
    ]
    area = None
    for section in file.sections:
        if section.area and section.area != area:
            area = section.area
            story.append(Paragraph(escape(area), _AREA))
        story.extend(_section_story(section))
    return build_pdf(
        story,
        title=f"Subject access: {file.full_name}",
        subject="Subject access request",
        footer=f"Subject access export for pupil {file.pupil_id} · {file.gathered_on:%d %B %Y}",
        partnership=partnership,
    )


def section_csv(section: Section) -> bytes:
    """Return one section as CSV (UTF-8 with a byte-order mark, so Excel reads it)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(section.columns)
    writer.writerows(section.rows)
    return buffer.getvalue().encode("utf-8-sig")


def subject_access_zip(file: PupilFile, partnership: Partnership = DEFAULTS) -> bytes:
    """Return a zip with the PDF, a CSV per section and a short read-me."""
    stem = f"subject-access-pupil-{file.pupil_id}-{file.gathered_on:%Y-%m-%d}"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}.pdf", subject_access_pdf(file, partnership))
        for section in file.sections:
            archive.writestr(f"csv/{section.file_stem}.csv", section_csv(section))
        archive.writestr(
            "README.txt",
            (
                f"Subject access export for {file.full_name}, made {file.gathered_on:%d %B %Y}.\n"
                f"{stem}.pdf is the readable copy; the csv folder holds each kind of record\n"
                "with every column, one file per table.\n"
            ),
        )
    return buffer.getvalue()
