"""`make mutation`'s report: kill rate per module, survivors named, equivalents left out."""

from __future__ import annotations

import json
from pathlib import Path

from scripts.mutation_report import equivalents, read_modules, report


def _meta(folder: Path, module: str, codes: dict[str, int | None]) -> None:
    path = folder / "slip_desktop" / "domain" / f"{module}.py.meta"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"exit_code_by_key": codes}), encoding="utf-8")


def test_a_module_under_ninety_percent_fails_and_names_its_survivors(tmp_path: Path) -> None:
    killed = {f"slip_desktop.domain.money.x_pence__mutmut_{i}": 1 for i in range(9)}
    _meta(tmp_path, "money", {**killed, "slip_desktop.domain.money.x_pence__mutmut_9": 0})
    _meta(tmp_path, "upn", {"slip_desktop.domain.upn.x_make__mutmut_1": 0,
                            "slip_desktop.domain.upn.x_make__mutmut_2": 1})
    modules = {m.name: m for m in read_modules(tmp_path, set())}
    assert modules["slip_desktop.domain.money"].rate == 90.0
    assert modules["slip_desktop.domain.upn"].rate == 50.0
    table, ok = report(list(modules.values()), 90.0)
    assert not ok
    assert "| slip_desktop.domain.upn | 1 | 1 | 0 | 50% **below** |" in table
    assert "| slip_desktop.domain.money | 9 | 1 | 0 | 90% |" in table
    assert "slip_desktop.domain.upn.x_make__mutmut_1" in table


def test_equivalent_mutants_listed_with_a_reason_are_left_out(tmp_path: Path) -> None:
    listing = tmp_path / "mutation-equivalents.txt"
    listing.write_text(
        "# header\nslip_desktop.domain.upn.x_make__mutmut_1  # upper() of digits only\n",
        encoding="utf-8",
    )
    names = equivalents(listing)
    assert names == {"slip_desktop.domain.upn.x_make__mutmut_1"}
    _meta(tmp_path / "m", "upn", {"slip_desktop.domain.upn.x_make__mutmut_1": 0,
                                  "slip_desktop.domain.upn.x_make__mutmut_2": 1})
    (module,) = read_modules(tmp_path / "m", names)
    assert (module.killed, module.survivors, module.excluded) == (1, [], 1)
    assert report([module], 90.0)[1]


def test_a_mutant_not_yet_run_is_not_counted_as_killed(tmp_path: Path) -> None:
    _meta(tmp_path, "upn", {"slip_desktop.domain.upn.x_a__mutmut_1": None,
                            "slip_desktop.domain.upn.x_a__mutmut_2": 1})
    (module,) = read_modules(tmp_path, set())
    table, ok = report([module], 90.0)
    assert not ok and "(1 not run)" in table
