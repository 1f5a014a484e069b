"""One embedded Unicode font family (DejaVu Sans) for every PDF and chart, registered once."""

from __future__ import annotations

import re
import threading
import unicodedata
from pathlib import Path
from typing import Any

#: The names ReportLab knows the family by; reports use these, never "Helvetica".
FONT = "SlipSans"
FONT_BOLD = "SlipSans-Bold"
FONT_ITALIC = "SlipSans-Oblique"
FONT_BOLD_ITALIC = "SlipSans-BoldOblique"

#: The licence shipped beside the program (resources/LICENSE-DejaVu.txt).
LICENCE_NAME = "LICENSE-DejaVu.txt"

_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
    FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}
_lock = threading.Lock()
_registered = False


def font_folder() -> Path:
    """Return the folder holding the DejaVu Sans files (matplotlib ships them, frozen too)."""
    import importlib.util

    # found without importing matplotlib (slow), which the frozen app also lays out this way
    spec = importlib.util.find_spec("matplotlib")
    if spec is not None and spec.origin is not None:
        folder = Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf"
        if (folder / _FILES[FONT]).exists():
            return folder
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def font_file(name: str = FONT) -> Path:
    """Return the TTF file behind one of the family's names."""
    return font_folder() / _FILES[name]


def register() -> None:
    """Register the family with ReportLab (once; safe from worker threads)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        from reportlab import rl_config
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        for name, file in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(font_folder() / file)))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
        )
        # <b> and <i> inside a Paragraph find the family's faces through these mappings
        for bold, italic, name in (
            (0, 0, FONT),
            (1, 0, FONT_BOLD),
            (0, 1, FONT_ITALIC),
            (1, 1, FONT_BOLD_ITALIC),
        ):
            addMapping(FONT, bold, italic, name)
        # a canvas starts in this font: without it every PDF names an unembedded Helvetica
        rl_config.canvas_basefontname = FONT
        # and a table cell starts in the one ReportLab read at import time (Helvetica)
        from reportlab.platypus.tables import CellStyle

        CellStyle.fontname = FONT
        _registered = True


def chart_rc() -> dict[str, Any]:
    """Return the rcParams that make a matplotlib figure draw in the family's very files."""
    from matplotlib import font_manager

    for name in _FILES:
        # known by file, so a system copy of DejaVu (another version) is never picked instead
        font_manager.fontManager.addfont(str(font_file(name)))
    return {
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans"],
        "pdf.fonttype": 42,
        "svg.fonttype": "none",
    }


# Right-to-left scripts: ReportLab lays glyphs out left to right and does not join Arabic
# letters, and no kept library shapes them. Rather than print them backwards or unjoined,
# such a run is transliterated letter by letter into Latin and marked with its script.
_HEBREW_LATIN = "' b g d h v z ch t y k k l m m n n s ' p p ts ts q r sh t"
_ARABIC_LATIN = (
    "' a a ' i ' a b a t th j h kh d dh r z s sh s d t z ' gh f q k l m n h w a y p ch zh g k y"
)
_HEBREW = dict(zip("אבגדהוזחטיכךלמםנןסעפףצץקרשת", _HEBREW_LATIN.split(" "), strict=True))
_ARABIC = dict(
    zip("ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىيپچژگکی", _ARABIC_LATIN.split(" "), strict=True)
)
_VOWEL_MARKS = {"\u064e": "a", "\u0650": "i", "\u064f": "u"}
_RTL_RUN = re.compile(
    r"[\u0590-\u05FF\u0600-\u06FF\u0750-\u077F\uFB1D-\uFDFF\uFE70-\uFEFF]+"
    r"(?:[ \-'][\u0590-\u05FF\u0600-\u06FF\u0750-\u077F\uFB1D-\uFDFF\uFE70-\uFEFF]+)*"
)


def _transliterate_run(run: str) -> str:
    letters: list[str] = []
    script = "Hebrew" if any("\u0590" <= ch <= "\u05ff" for ch in run) else "Arabic"
    for ch in unicodedata.normalize("NFKC", run):
        if ch in _HEBREW:
            letters.append(_HEBREW[ch])
        elif ch in _ARABIC:
            letters.append(_ARABIC[ch])
        elif ch in _VOWEL_MARKS:
            letters.append(_VOWEL_MARKS[ch])
        elif ch in " -'":
            letters.append(ch)
        elif unicodedata.category(ch).startswith("M"):
            continue  # other pointing and marks carry no letter of their own
        elif "\u0660" <= ch <= "\u0669" or "\u06f0" <= ch <= "\u06f9":
            letters.append(str(unicodedata.digit(ch)))
        else:
            letters.append("?")
    word = "".join(letters).strip()
    return f"{word[:1].upper()}{word[1:]} [{script} script, transliterated]"


def printable(value: str) -> str:
    """Return ``value`` as the PDFs can print it: right-to-left runs transliterated and marked."""
    if not _RTL_RUN.search(value):
        return value
    return _RTL_RUN.sub(lambda m: _transliterate_run(m.group(0)), value)


def escape_printable(value: str) -> str:
    """Return ``value`` made printable (see :func:`printable`) and safe inside a Paragraph."""
    from xml.sax.saxutils import escape

    return escape(printable(value))
