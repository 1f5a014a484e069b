"""Importing office files: which column holds which field, dates and flags as offices type them."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from slip_desktop.domain.enums import Labelled, SendStatus


class ImportKind(Labelled):
    """What a file brings in."""

    SCHOOLS = "schools", "Schools and contacts"
    PUPILS = "pupils", "Pupils"
    REFERRALS = "referrals", "Referral log"
    PLACEMENTS = "placements", "Current placements"


#: Fields of each kind and the column headings (lower-case, spaces squeezed) that mean them.
SYNONYMS: dict[ImportKind, dict[str, tuple[str, ...]]] = {
    ImportKind.PUPILS: {
        "upn": ("upn", "unique pupil number", "pupil upn"),
        "last_name": ("surname", "legal surname", "last name", "family name", "lastname"),
        "first_name": (
            "forename",
            "legal forename",
            "first name",
            "given name",
            "firstname",
            "forenames",
        ),
        "date_of_birth": ("dob", "date of birth", "birth date", "born"),
        "gender": ("gender", "sex"),
        "year_group": ("year", "year group", "nc year", "ncyearactual", "nc year actual"),
        "school": ("school", "school name", "establishment", "urn", "school urn"),
        "send_status": ("sen", "sen provision", "send", "send status", "sen status"),
        "pupil_premium": ("pupil premium", "pp", "fsm", "free school meals", "ever 6 fsm"),
        "looked_after": ("looked after", "cla", "in care", "lac", "looked-after"),
        "eal": ("eal", "english as an additional language"),
    },
    ImportKind.SCHOOLS: {
        "name": ("school", "school name", "name", "establishment name"),
        "short_name": ("short name", "abbreviation"),
        "urn": ("urn", "unique reference number"),
        "la_code": ("la", "la code", "lea", "local authority code"),
        "la_name": ("local authority", "la name"),
        "phase": ("phase", "phase of education"),
        "address": ("address",),
        "phone": ("phone", "telephone", "school phone"),
        "senco_name": ("senco", "senco name"),
        "senco_email": ("senco email",),
        "head_name": ("headteacher", "head teacher", "head"),
        "head_email": ("headteacher email", "head email"),
    },
}

_WHO: dict[str, tuple[str, ...]] = {
    "upn": ("upn", "unique pupil number", "pupil upn"),
    "first_name": ("forename", "legal forename", "first name", "given name", "firstname"),
    "last_name": ("surname", "legal surname", "last name", "family name", "lastname"),
    "date_of_birth": ("dob", "date of birth", "birth date", "born"),
}
SYNONYMS[ImportKind.REFERRALS] = {
    **_WHO,
    "school": ("school", "school name", "referring school", "urn"),
    "kind": ("kind", "referral kind", "type", "referred to", "route"),
    "received_on": ("received", "received on", "date received", "referral date", "date"),
    "status": ("status", "stage", "outcome"),
    "referrer_name": ("referrer", "referred by", "referrer name"),
    "reasons": ("reason", "reasons", "reason for referral", "primary need"),
    "presenting_concerns": ("concerns", "presenting concerns", "summary", "notes"),
}
SYNONYMS[ImportKind.PLACEMENTS] = {
    **_WHO,
    "programme": ("programme", "program", "provision", "placement", "pathway"),
    "starts_on": ("start", "start date", "starts", "starts on", "from"),
    "planned_end_on": ("end", "end date", "planned end", "ends", "to", "until"),
    "days_per_week": ("days", "days per week", "days a week", "days/week"),
    "weekdays": ("weekdays", "which days", "booked days"),
    "provider": ("provider", "ap provider", "alternative provider"),
    "group_name": ("group", "reset group"),
}

#: The fields a row of each kind cannot do without, for the mapping page to insist on.
REQUIRED: dict[ImportKind, tuple[str, ...]] = {
    ImportKind.PUPILS: ("last_name", "first_name", "date_of_birth"),
    ImportKind.SCHOOLS: ("name",),
    ImportKind.REFERRALS: ("received_on",),
    ImportKind.PLACEMENTS: ("programme", "starts_on"),
}


#: How the mapping page names fields whose code name reads badly.
_LABELS = {
    "upn": "UPN",
    "send_status": "SEN provision",
    "eal": "EAL",
    "urn": "URN",
    "la_code": "LA code",
    "la_name": "Local authority",
    "senco_name": "SENCO",
    "senco_email": "SENCO email",
    "head_name": "Head teacher",
    "head_email": "Head teacher email",
    "gender": "Gender (read, not stored)",
    "received_on": "Received on",
    "starts_on": "Starts on",
    "planned_end_on": "Planned end",
    "referrer_name": "Referrer",
    "group_name": "Reset group",
}


def field_label(name: str) -> str:
    """Return the words the mapping page shows for a field."""
    return _LABELS.get(name) or name.replace("_", " ").capitalize()


def heading_key(text: str) -> str:
    """Return a heading as compared with synonyms: lower-case, punctuation as spaces."""
    return " ".join(re.sub(r"[_\-./]+", " ", text.strip().lower()).split())


def guess_mapping(kind: ImportKind, headings: Sequence[str]) -> dict[str, int]:
    """Return field -> column index for the headings that name a field."""
    found: dict[str, int] = {}
    keys = [heading_key(h) for h in headings]
    used: set[int] = set()
    for name, words in SYNONYMS[kind].items():
        for index, key in enumerate(keys):
            if index not in used and (key in words or key == name.replace("_", " ")):
                found[name] = index
                used.add(index)
                break
    return found


def layout_key(kind: ImportKind, headings: Sequence[str]) -> str:
    """Return the key a file layout's mapping is remembered under (kind + hash of headings)."""
    joined = "\x1f".join(heading_key(h) for h in headings)
    return f"import_map.{kind.value}.{hashlib.sha1(joined.encode()).hexdigest()[:24]}"


def missing_fields(kind: ImportKind, mapping: Mapping[str, int]) -> list[str]:
    """Return the required fields a mapping leaves out."""
    return [f for f in REQUIRED[kind] if f not in mapping]


#: Excel counts days from 30 December 1899 (its 1900 leap-year slip included).
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(value: object) -> date | None:
    """Return a date from what a cell holds: a date, dd/mm/yyyy, yyyy-mm-dd or an Excel serial.

    Raises:
        ValueError: with a sentence saying what was found and what is expected.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(float(value))
    text = str(value).strip()
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return _checked(year, month, day, text)
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _checked(year, month, day, text)
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return _serial(float(text))
    raise ValueError(f"“{text}” is not a date: use dd/mm/yyyy or yyyy-mm-dd.")


def _serial(number: float) -> date:
    if not 1 <= number < 2_958_466:
        raise ValueError(f"{number:g} is not a spreadsheet date.")
    return _EXCEL_EPOCH + timedelta(days=int(number))


def _checked(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"“{text}” is not a real date: use dd/mm/yyyy.") from None


_TRUE = frozenset({"y", "yes", "true", "1", "t", "x", "fsm", "pp", "cla", "eligible"})
_FALSE = frozenset({"", "n", "no", "false", "0", "f", "none", "-"})


def parse_flag(value: object) -> bool:
    """Return a yes/no cell as a bool.

    Raises:
        ValueError: when the text is neither yes nor no.
    """
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, int | float):
        return value != 0
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"“{value}” is not yes or no.")


#: SEN codes (CTF SENprovision and MIS exports) and words offices use.
_SEN: dict[str, SendStatus] = {
    "": SendStatus.NONE,
    "n": SendStatus.NONE,
    "none": SendStatus.NONE,
    "no": SendStatus.NONE,
    "k": SendStatus.SEN_SUPPORT,
    "sen support": SendStatus.SEN_SUPPORT,
    "support": SendStatus.SEN_SUPPORT,
    "a": SendStatus.SEN_SUPPORT,
    "p": SendStatus.SEN_SUPPORT,
    "e": SendStatus.EHC_PLAN,
    "s": SendStatus.EHC_PLAN,
    "ehc": SendStatus.EHC_PLAN,
    "ehcp": SendStatus.EHC_PLAN,
    "ehc plan": SendStatus.EHC_PLAN,
    "statement": SendStatus.EHC_PLAN,
    "ehc needs assessment": SendStatus.EHC_ASSESSMENT,
    "assessment": SendStatus.EHC_ASSESSMENT,
}


def parse_send(value: object) -> SendStatus:
    """Return the SEND status a cell names (CTF codes N, K, E, S or words).

    Raises:
        ValueError: when the text names no SEND status.
    """
    text = heading_key(str(value or ""))
    if text in _SEN:
        return _SEN[text]
    for status in SendStatus:
        if text in (status.value.replace("_", " "), status.label.lower()):
            return status
    raise ValueError(f"“{value}” is not a SEN status: use N, K (SEN support) or E (EHC plan).")


def parse_year_group(value: object) -> int | None:
    """Return a year group from "9", "Y9", "Year 9" or 9.0.

    Raises:
        ValueError: when no year group can be read.
    """
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value)
    text = str(value).strip().lower()
    if not text:
        return None
    match = re.fullmatch(r"(?:year|yr|y|nc)?\s*(\d{1,2})", text)
    if not match:
        raise ValueError(f"“{value}” is not a year group: use a number such as 9.")
    return int(match.group(1))


def parse_choice(value: object, choices: Sequence[Labelled], what: str) -> Labelled | None:
    """Return the choice whose value or label a cell names (case and spacing ignored).

    Raises:
        ValueError: naming the choices when the cell names none.
    """
    text = heading_key(_plain_text(value))
    if not text:
        return None
    for choice in choices:
        if text in (heading_key(choice.value), heading_key(choice.label)):
            return choice
    starts = [c for c in choices if heading_key(c.label).startswith(text)]
    if len(starts) == 1:
        return starts[0]
    names = ", ".join(c.label for c in choices)
    raise ValueError(f"“{value}” is not a {what}: use one of {names}.")


def _plain_text(value: object) -> str:
    return "" if value is None else str(value)


def name_key(first: str, last: str) -> str:
    """Return a name folded for comparing spellings: no accents, lower-case, letters only."""
    text = unicodedata.normalize("NFKD", f"{first} {last}")
    plain = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w ]+", " ", plain).split())


#: How alike two folded names must be (rapidfuzz ratio, 0-100) to be offered as one pupil.
DUPLICATE_SCORE = 85


@dataclass
class RowProblems:
    """The problems of one file row, field -> sentence."""

    errors: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        """Record the first problem found for ``name``."""
        self.errors.setdefault(name, message)
