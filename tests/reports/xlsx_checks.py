"""Read a workbook as Excel would: cell types, number formats, and =SUM() recomputed."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

SUM = re.compile(r"^=SUM\(([A-Z]+[0-9]+:[A-Z]+[0-9]+)\)$")


def recomputed_sums(path: Path) -> list[tuple[str, str, Decimal, Decimal]]:
    """Return (sheet, cell, recomputed, cached) for every =SUM() formula in the workbook.

    The recomputation adds only numeric cells, as Excel does: a number stored as text
    counts 0, which is how a statement total showed £0.00.
    """
    formulas = load_workbook(path)  # formulas as written
    cached = load_workbook(path, data_only=True)  # the values written beside them
    found = []
    for sheet in formulas.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if not (isinstance(cell.value, str) and cell.value.startswith("=")):
                    continue
                match = SUM.match(cell.value)
                assert match, f"{sheet.title}!{cell.coordinate}: unexpected formula {cell.value}"
                low_col, low_row, high_col, high_row = range_boundaries(match.group(1))
                total = Decimal("0")
                for r in range(low_row, high_row + 1):
                    for c in range(low_col, high_col + 1):
                        value = sheet.cell(r, c)
                        if value.data_type == "n" and value.value is not None:
                            total += Decimal(str(value.value))
                stored = cached[sheet.title][cell.coordinate].value
                found.append(
                    (
                        sheet.title,
                        cell.coordinate,
                        total.quantize(Decimal("0.01")),
                        Decimal(str(stored)).quantize(Decimal("0.01")),
                    )
                )
    return found


def money_cells(path: Path, header: str) -> list[tuple[str, object, str, str]]:
    """Return (sheet, value, data_type, number_format) of each cell under ``header``."""
    book = load_workbook(path)
    out = []
    for sheet in book.worksheets:
        titles = [c.value for c in sheet[1]]
        if header not in titles:
            continue
        column = titles.index(header) + 1
        for r in range(2, sheet.max_row + 1):
            cell = sheet.cell(r, column)
            if cell.value is not None:
                out.append((sheet.title, cell.value, cell.data_type, cell.number_format))
    return out
