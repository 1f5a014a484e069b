"""Reading an office file into headings and rows: CSV, XLSX and the DfE Common Transfer File."""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from slip_desktop.domain.errors import DomainError

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element  # typing only: parsing goes through defusedxml

#: Cells as read: text, numbers, dates (XLSX) or None.
Cell = object


@dataclass(frozen=True)
class Table:
    """A file's contents as a header row and data rows."""

    file_name: str
    sha256: str
    headings: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    #: The school a CTF file comes from (LA + establishment number, name), else empty.
    source_school: tuple[str, str] = ("", "")


class FileProblemError(DomainError):
    """The file cannot be read; the message says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "file")


def read_table(path: Path) -> Table:
    """Read ``path`` by its extension (.csv, .xlsx, .xml).

    Raises:
        FileProblemError: when the file cannot be read safely.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FileProblemError(f"{path.name} could not be opened: {error.strerror}.") from error
    suffix = path.suffix.lower()
    if suffix == ".csv" or suffix == ".txt":
        return read_csv(data, path.name)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(data, path.name)
    if suffix == ".xml":
        return read_ctf(data, path.name)
    raise FileProblemError(f"{path.name}: choose a .csv, .xlsx or Common Transfer File (.xml).")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_csv(data: bytes, name: str) -> Table:
    """Read a CSV file (UTF-8 with or without BOM, else Windows-1252)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [tuple(r) for r in csv.reader(io.StringIO(text, newline=""), dialect)]
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise FileProblemError(f"{name} is empty: it needs a heading row and a row per record.")
    headings = tuple(h.strip() for h in rows[0])
    return Table(name, _digest(data), headings, [tuple(r) for r in rows[1:]])


def read_xlsx(data: bytes, name: str) -> Table:
    """Read the first sheet of an XLSX workbook (read-only, values not formulas)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise FileProblemError(f"{name} is not a workbook Excel can open ({error}).") from error
    try:
        sheet = book.worksheets[0]
        rows = [r for r in sheet.iter_rows(values_only=True) if any(c not in (None, "") for c in r)]
    finally:
        book.close()
    if not rows:
        raise FileProblemError(f"{name} is empty: it needs a heading row and a row per record.")
    headings = tuple("" if h is None else str(h).strip() for h in rows[0])
    return Table(name, _digest(data), headings, [tuple(r) for r in rows[1:]])


#: The columns a Common Transfer File gives, in this order.
CTF_HEADINGS = (
    "UPN",
    "Surname",
    "Forename",
    "DOB",
    "Gender",
    "NCyearActual",
    "SEN provision",
    "FSM",
    "Looked after",
    "School",
)


def read_ctf(data: bytes, name: str) -> Table:
    """Read the pupils of a DfE Common Transfer File, refusing entities and DTDs.

    Raises:
        FileProblemError: for an XML bomb, an external entity, or a file that is not a CTF.
    """
    import defusedxml
    from defusedxml import ElementTree as SafeTree

    try:
        root = SafeTree.fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException as error:
        raise FileProblemError(
            f"{name} was refused: it declares entities or a DTD ({type(error).__name__}), which "
            "a school's Common Transfer File never does. Export it again from the MIS."
        ) from error
    except SafeTree.ParseError as error:
        raise FileProblemError(f"{name} is not well-formed XML ({error}).") from error
    if _local(root.tag) != "CTfile":
        raise FileProblemError(f"{name} is not a Common Transfer File (no CTfile element).")
    source = _find(root, "SourceSchool")
    la = _text(source, "LEA") if source is not None else ""  # noqa: SIM108
    estab = _text(source, "Estab") if source is not None else ""
    school_name = _text(source, "SchoolName") if source is not None else ""
    rows: list[tuple[Cell, ...]] = []
    for pupil in root.iter():
        if _local(pupil.tag) != "Pupil":
            continue
        rows.append(
            (
                _text(pupil, "UPN"),
                _text(pupil, "Surname"),
                _text(pupil, "Forename"),
                _text(pupil, "DOB"),
                _text(pupil, "Gender") or _text(pupil, "Sex"),
                _text(pupil, "NCyearActual"),
                _sen(pupil),
                "yes" if _fsm(pupil) else "no",
                "yes" if _in_care(pupil) else "no",
                school_name or f"{la}{estab}",
            )
        )
    return Table(name, _digest(data), CTF_HEADINGS, rows, (f"{la}{estab}", school_name))


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _find(element: Element, tag: str) -> Element | None:
    for child in element.iter():
        if _local(child.tag) == tag:
            return child
    return None


def _text(element: Element, tag: str) -> str:
    found = _find(element, tag)
    return "" if found is None else (found.text or "").strip()


def _is_true(element: Element) -> bool:
    return (element.text or "").strip().lower() in ("true", "1", "yes", "y")


def _sen(pupil: Element) -> str:
    # The latest SEN record holds the current provision (N, K, E, S).
    latest = ""
    for child in pupil.iter():
        if _local(child.tag) == "SENprovision" and (child.text or "").strip():
            latest = (child.text or "").strip()
    return latest


def _fsm(pupil: Element) -> bool:
    for child in pupil.iter():
        tag = _local(child.tag)
        if tag in ("PupilPremium", "EverFSM6", "FSMeligible") and _is_true(child):
            return True
        if tag == "FSMinstance" and not _text(child, "FSMendDate"):
            return True
    return False


def _in_care(pupil: Element) -> bool:
    return any(
        _local(c.tag) in ("InCare", "LookedAfter") and not list(c) and _is_true(c)
        for c in pupil.iter()
    )
