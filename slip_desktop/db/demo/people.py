"""Invented schools, pupils, partnership staff and AP providers."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from slip_desktop.db.models import Provider, Pupil, School, SchoolContact, StaffMember
from slip_desktop.domain.enums import SendStatus, StaffRole
from slip_desktop.domain.school_year import academic_year_of
from slip_desktop.domain.schools import ContactRole, Phase
from slip_desktop.domain.upn import LEICESTERSHIRE_LA, make_upn

SCHOOLS = [
    ("Larkhill Vale Academy", "Larkhill Vale"),
    ("Copperfield Community College", "Copperfield"),
    ("St Aldric's Church of England Academy", "St Aldric's"),
    ("Thornmere School", "Thornmere"),
    ("Brackenridge Academy", "Brackenridge"),
    ("Kestrel Park College", "Kestrel Park"),
    ("Hollowbrook High School", "Hollowbrook"),
    ("Millstone Lane Academy", "Millstone Lane"),
    ("Ravensmoor College", "Ravensmoor"),
    ("Fernleigh Academy", "Fernleigh"),
    ("Oakwell Community School", "Oakwell"),
    ("Elmsworth High School", "Elmsworth"),
    ("Harrowden Fields Academy", "Harrowden Fields"),
    ("Sowerby Gate College", "Sowerby Gate"),
]

FIRST_NAMES = [
    "Aiden",
    "Amara",
    "Ava",
    "Bartosz",
    "Bethany",
    "Caleb",
    "Chloe",
    "Connor",
    "Darius",
    "Ellie",
    "Ethan",
    "Faith",
    "Freya",
    "Harvey",
    "Isla",
    "Jayden",
    "Kacper",
    "Kai",
    "Layla",
    "Leo",
    "Lily",
    "Logan",
    "Maisie",
    "Mason",
    "Mia",
    "Noah",
    "Olivia",
    "Oscar",
    "Priya",
    "Reece",
    "Riley",
    "Ruby",
    "Sami",
    "Sienna",
    "Tyler",
    "Zoë",
    "Zain",
    "Jaden",
    "Keira",
    "Demi",
    "Callum",
    "Harrison",
    "Amelia",
    "Tanvir",
    "Evie",
    "Brandon",
    "Skye",
    "Anh",
]
LAST_NAMES = [
    "Abbott",
    "Ahmed",
    "Bailey",
    "Barker",
    "Bennett",
    "Brooks",
    "Carter",
    "Clarke",
    "Cooper",
    "Davies",
    "Dawson",
    "Ellis",
    "Fletcher",
    "Foster",
    "Grant",
    "Hall",
    "Hughes",
    "Iqbal",
    "Jackson",
    "Kaur",
    "Khan",
    "Lambert",
    "Lewis",
    "Marsh",
    "Mistry",
    "Morgan",
    "Nguyễn",
    "Nowak",
    "O'Brien",
    "Parker",
    "Patel",
    "Price",
    "Reid",
    "Robinson",
    "Shaw",
    "Singh",
    "Spencer",
    "Taylor",
    "Turner",
    "Walsh",
    "Ward",
    "Webb",
    "Wilson",
    "Wood",
    "Young",
]

STAFF = [
    ("Helen Marlowe", StaffRole.DIRECTOR, "1.00", False),
    ("Gareth Pryce", StaffRole.COORDINATOR, "1.00", False),
    ("Nadia Hollis", StaffRole.DEPUTY_COORDINATOR, "1.00", False),
    ("Karen Ashdown", StaffRole.DEPUTY_COORDINATOR, "1.00", False),
    ("Dev Chauhan", StaffRole.INCLUSION_MENTOR, "1.00", False),
    ("Lucy Farrant", StaffRole.INCLUSION_MENTOR, "1.00", False),
    ("Marcus Oyelaran", StaffRole.INCLUSION_MENTOR, "1.00", False),
    ("Sophie Tranter", StaffRole.INCLUSION_MENTOR, "1.00", False),
    ("Ian Whitlock", StaffRole.INCLUSION_MENTOR, "0.40", False),
    ("", StaffRole.ENGAGEMENT_OFFICER, "1.00", True),
    ("Rachel Emberton", StaffRole.KS2_TEACHER, "1.00", False),
    ("Tom Haddow", StaffRole.TEACHER, "1.00", False),
    ("Priti Lakhani", StaffRole.TEACHER, "1.00", False),
    ("Joanne Kettle", StaffRole.HLTA, "1.00", False),
    ("Aaron Fenwick", StaffRole.TA, "1.00", False),
    ("Beth Morrow", StaffRole.TA, "1.00", False),
    ("Sandra Quill", StaffRole.FAMILY_SUPPORT, "1.00", False),
]

PROVIDERS = [
    ("Forge Skills Hub", "Construction and motor vehicle tasters; functional skills", 9500),
    ("Riverside Equine Learning", "Animal care and outdoor learning", 11000),
    ("Open Door Tutoring", "1:1 and small-group tuition, GCSE English and maths", 8500),
    ("Stepping Stones Hair & Beauty", "Hair, beauty and customer service", 9000),
]


@dataclass
class DemoWorld:
    """What later demo modules need from this one."""

    schools: list[School] = field(default_factory=list)
    pupils: list[Pupil] = field(default_factory=list)
    mentors: list[StaffMember] = field(default_factory=list)
    providers: list[Provider] = field(default_factory=list)


def _birth_date(rng: random.Random, year_group: int, academic_year: int) -> date:
    cohort_start = academic_year - year_group - 5
    return date(cohort_start, 9, 1) + timedelta(days=rng.randrange(365))


def _add_contacts(
    session: Session, school_id: int, number: int, slug: str, senco: str, link: str
) -> None:
    """Give a demo school an invented person in every contact role (no extra random draws)."""

    def person(offset: int) -> str:
        first = FIRST_NAMES[(number * 5 + offset * 3) % len(FIRST_NAMES)]
        return f"{first} {LAST_NAMES[(number * 7 + offset * 11) % len(LAST_NAMES)]}"

    people = {
        ContactRole.HEAD: (person(1), f"head@{slug}.example.sch.uk"),
        ContactRole.SENCO: (senco, f"senco@{slug}.example.sch.uk"),
        ContactRole.DSL: (person(2), f"dsl@{slug}.example.sch.uk"),
        ContactRole.ATTENDANCE: (person(3), f"attendance@{slug}.example.sch.uk"),
        ContactRole.FINANCE: (person(4), f"finance@{slug}.example.sch.uk"),
        ContactRole.LINK: (link, f"link@{slug}.example.sch.uk"),
    }
    for role, (name, email) in people.items():
        session.add(
            SchoolContact(
                school_id=school_id,
                role=role,
                name=name,
                email=email,
                phone=f"0116 496 {1000 + number * 10 + len(role.value)}",
            )
        )


def seed(session: Session, rng: random.Random, today: date) -> DemoWorld:
    """Add schools, staff, providers and about 150 pupils; return them."""
    world = DemoWorld()
    for number, (name, short) in enumerate(SCHOOLS):
        slug = short.lower().replace(" ", "").replace("'", "")
        senco = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        school = School(
            name=name,
            short_name=short,
            dfe_number=f"{LEICESTERSHIRE_LA}/{4001 + number * 7}",
            # Invented URNs in a range no real school uses (DfE URNs run 100000-150000ish).
            urn=f"{990100 + number * 13}",
            la_code=LEICESTERSHIRE_LA,
            la_name="Leicestershire",
            phase=Phase.ALL_THROUGH if number == len(SCHOOLS) - 1 else Phase.SECONDARY,
            address=f"{short} Road\nSouth Wigston\nLeicestershire LE18 {number + 1}ZZ",
            phone=f"0116 496 {rng.randrange(1000, 9999)}",
            link_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        )
        session.add(school)
        session.flush()
        _add_contacts(session, school.id, number, slug, senco, school.link_name)
        world.schools.append(school)
    for name, role, fte, vacant in STAFF:
        member = StaffMember(
            name=name,
            role=role,
            fte=Decimal(fte),
            vacant=vacant,
            email=f"{name.split(' ')[0].lower()}@slip.example.org.uk" if name else "",
        )
        session.add(member)
        if role == StaffRole.INCLUSION_MENTOR:
            world.mentors.append(member)
    for name, offer, rate in PROVIDERS:
        provider = Provider(
            name=name,
            offer=offer,
            day_rate_pence=rate,
            contact_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            last_quality_check=today - timedelta(days=rng.randrange(30, 400)),
        )
        session.add(provider)
        world.providers.append(provider)
    session.flush()

    year = academic_year_of(today)
    used: set[str] = set()
    for index in range(150):
        school_index = rng.randrange(len(world.schools))
        school = world.schools[school_index]
        year_group = rng.choice((7, 8, 8, 9, 9, 9, 10, 10, 10, 11))
        upn = ""
        while not upn or upn in used:
            serial = rng.randrange(1, 999)
            upn = make_upn(
                LEICESTERSHIRE_LA, f"{4001 + school_index * 7:04d}", year - year_group + 7, serial
            )
        used.add(upn)
        send = rng.choices(list(SendStatus), weights=(50, 30, 8, 12))[0]
        pupil = Pupil(
            upn=upn,
            first_name=FIRST_NAMES[index % len(FIRST_NAMES)],
            last_name=rng.choice(LAST_NAMES),
            date_of_birth=_birth_date(rng, year_group, year),
            year_group=year_group,
            school_id=school.id,
            send_status=send,
            pupil_premium=rng.random() < 0.45,
            looked_after=rng.random() < 0.06,
            eal=rng.random() < 0.15,
            send_funding_pence=rng.choice((0, 0, 150000, 300000))
            if send == SendStatus.EHC_PLAN
            else 0,
        )
        session.add(pupil)
        world.pupils.append(pupil)
    session.flush()
    return world
