"""Nothing about the partnership is fixed in code: documents read Settings -> Partnership."""

from __future__ import annotations

from pathlib import Path

import slip_desktop
from slip_desktop.domain.partnership import DEFAULTS

PACKAGE = Path(slip_desktop.__file__).parent
#: The one place defaults may live, and the invented demo office.
ALLOWED = (PACKAGE / "domain" / "partnership.py", PACKAGE / "db" / "demo")
#: The old fixed sender and the partnership's name: both now come from the settings.
FIXED = ("office@slip.example.org.uk", DEFAULTS.name)


def hard_coded(root: Path, allowed: tuple[Path, ...]) -> list[str]:
    """Return 'file: text' for every fixed partnership detail in ``root`` outside ``allowed``."""
    return [
        f"{path.relative_to(root)}: {needle}"
        for path in sorted(root.rglob("*"))
        if path.suffix in {".py", ".html", ".md", ".txt", ".svg", ".json"}
        and not any(path == a or a in path.parents for a in allowed)
        for needle in FIXED
        if needle.casefold() in path.read_text(encoding="utf-8", errors="replace").casefold()
    ]


def test_no_partnership_detail_is_hard_coded_outside_defaults_and_demo() -> None:
    assert hard_coded(PACKAGE, ALLOWED) == []


def test_the_grep_catches_a_hard_coded_name_or_address(tmp_path: Path) -> None:
    (tmp_path / "letter.py").write_text(f'SIGNATURE = "{DEFAULTS.name}"\n', encoding="utf-8")
    (tmp_path / "mail.py").write_text('FROM = "Office@SLIP.example.org.uk"\n', encoding="utf-8")
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "seed.py").write_text(f'NAME = "{DEFAULTS.name}"\n', encoding="utf-8")
    assert hard_coded(tmp_path, (tmp_path / "demo",)) == [
        f"letter.py: {DEFAULTS.name}",
        "mail.py: office@slip.example.org.uk",
    ]
