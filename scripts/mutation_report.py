"""Kill rate per domain module from mutmut's results, the survivors, and the 90% verdict.

    python scripts/mutation_report.py [--mutants mutants] [--minimum 90]

Reads ``mutants/**/*.py.meta`` (mutmut 3 writes one per mutated module). Mutants listed in
``mutation-equivalents.txt`` (one name per line, ``#`` and a reason after it) are left out:
they change nothing a rule can observe. A mutant no test reached counts as surviving.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: mutmut's exit codes that mean a test (or the time limit, or the type checker) caught it.
CAUGHT = {1, 3, 36, 37, -24, 24, 152, 255, -11, -9}
SURVIVED = {0, 5, 33}


@dataclass
class Module:
    """One mutated module's counts."""

    name: str
    killed: int = 0
    survivors: list[str] = field(default_factory=list)
    excluded: int = 0
    unchecked: int = 0

    @property
    def total(self) -> int:
        """Mutants that count: killed plus surviving."""
        return self.killed + len(self.survivors)

    @property
    def rate(self) -> float:
        """Percentage killed (100 when nothing counts)."""
        return 100.0 * self.killed / self.total if self.total else 100.0


def equivalents(path: Path) -> set[str]:
    """Names of mutants that cannot change behaviour, from the file beside the config."""
    if not path.exists():
        return set()
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        name = line.split("#", 1)[0].strip()
        if name:
            names.add(name)
    return names


def read_modules(mutants: Path, excluded: set[str]) -> list[Module]:
    """One Module per ``.meta`` file, survivors named."""
    modules = []
    for meta in sorted(mutants.rglob("*.py.meta")):
        relative = meta.relative_to(mutants).as_posix().removesuffix(".py.meta")
        module = Module(relative.replace("/", "."))
        codes: dict[str, int | None] = json.loads(meta.read_text(encoding="utf-8"))[
            "exit_code_by_key"
        ]
        for key, code in sorted(codes.items()):
            if key in excluded:
                module.excluded += 1
            elif code in CAUGHT:
                module.killed += 1
            elif code in SURVIVED:
                module.survivors.append(key)
            else:
                module.unchecked += 1
        if codes:
            modules.append(module)
    return modules


def report(modules: Sequence[Module], minimum: float) -> tuple[str, bool]:
    """The table and the survivors as text, and whether every module reached ``minimum``."""
    lines = ["| module | killed | survived | excluded | kill rate |", "|---|---:|---:|---:|---:|"]
    ok = True
    for m in sorted(modules, key=lambda m: m.rate):
        met = m.rate >= minimum and m.unchecked == 0
        ok = ok and met
        verdict = "" if met else " **below**"
        if m.unchecked:
            verdict += f" ({m.unchecked} not run)"
        lines.append(
            f"| {m.name} | {m.killed} | {len(m.survivors)} | {m.excluded} "
            f"| {m.rate:.0f}%{verdict} |"
        )
    survivors = [s for m in modules for s in m.survivors]
    if survivors:
        lines += ["", f"Surviving mutants ({len(survivors)}; see one with `mutmut show NAME`):"]
        lines += [f"  {name}" for name in survivors]
    return "\n".join(lines), ok


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: exit 1 when a module is under the minimum."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutants", type=Path, default=ROOT / "mutants")
    parser.add_argument("--equivalents", type=Path, default=ROOT / "mutation-equivalents.txt")
    parser.add_argument("--minimum", type=float, default=90.0)
    args = parser.parse_args(argv)
    modules = read_modules(args.mutants, equivalents(args.equivalents))
    if not modules:
        print(f"No mutmut results under {args.mutants}: run `make mutation`.", file=sys.stderr)
        return 2
    table, ok = report(modules, args.minimum)
    print(table)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
