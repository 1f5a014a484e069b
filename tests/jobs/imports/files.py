"""Invented office files the import tests read: CTF XML, a messy pupils CSV, schools."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

from slip_desktop.domain.upn import make_upn

FIRST = [
    "Nguyễn Thị",
    "Σοφία",
    "Олег",
    "Zoë",
    "Aarav",
    "Siobhán",
    "Mateusz",
    "Amara",
    "Yusuf",
    "Léa",
]
LAST = [
    "Ánh",
    "Παπαδοπούλου",
    "Петренко",
    "O'Brien-Ćorić",
    "Patel",
    "Ní Bhriain",
    "Wójcik",
    "Okafor",
]


def pupil_upn(serial: int) -> str:
    """Return a valid invented UPN for school 4001 in Leicestershire."""
    return make_upn("855", "4001", 2014 + serial // 1000 % 3, serial % 1000)


def ctf_xml(
    count: int, la: str = "855", estab: str = "4001", school: str = "Fernfield Academy"
) -> bytes:
    """Return a Common Transfer File of ``count`` invented pupils."""
    pupils = []
    for i in range(count):
        born = date(2012, 9, 1) + timedelta(days=(i * 7) % 700)
        year = 9 if born < date(2013, 9, 1) else 8
        upn = make_upn(la, estab, 12 + i // 1000, i % 1000)
        sen = ["N", "K", "E"][i % 3]
        fsm = (
            "<FSMhistory><FSMinstance><FSMstartDate>2020-09-01</FSMstartDate></FSMinstance>"
            "</FSMhistory>"
            if i % 4 == 0
            else ""
        )
        care = "<InCare><InCare>true</InCare></InCare>" if i % 10 == 0 else ""
        pupils.append(
            f"<Pupil><UPN>{upn}</UPN><Surname>{LAST[i % len(LAST)]}</Surname>"
            f"<Forename>{FIRST[i % len(FIRST)]}</Forename><DOB>{born.isoformat()}</DOB>"
            f"<Gender>{'MF'[i % 2]}</Gender><BasicDetails><NCyearActual>{year}</NCyearActual>"
            f"</BasicDetails>{care}<SENhistory><SEN><StartDate>2021-09-01</StartDate>"
            f"<SENprovision>{sen}</SENprovision></SEN></SENhistory>{fsm}</Pupil>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><CTfile><Header>'
        "<DocumentName>Common Transfer File</DocumentName><CTFversion>24.0</CTFversion>"
        f"<SourceSchool><LEA>{la}</LEA><Estab>{estab}</Estab><SchoolName>{school}</SchoolName>"
        "<AcademicYear>2026</AcademicYear></SourceSchool></Header><CTFpupilData>"
        + "".join(pupils)
        + "</CTFpupilData></CTfile>"
    ).encode()


XML_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<CTfile><CTFpupilData><Pupil><Surname>&lol3;</Surname></Pupil></CTFpupilData></CTfile>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE CTfile [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<CTfile><CTFpupilData><Pupil><Surname>&secret;</Surname></Pupil></CTFpupilData></CTfile>"""


def write_csv(path: Path, headings: list[str], rows: list[list[object]]) -> Path:
    """Write a CSV as Excel saves it (UTF-8 with BOM)."""
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(headings)
        writer.writerows(rows)
    return path
