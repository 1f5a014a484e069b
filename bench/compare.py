"""Set two benchmark runs side by side: python -m bench.compare A.json B.json."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path


def compare(first: Path, second: Path) -> tuple[str, bool]:
    """Return a Markdown table of both runs' ratios and verdicts, and whether all verdicts agree."""
    a = {r["scenario"]: r for r in json.loads(first.read_text(encoding="utf-8"))["rows"]}
    b = {r["scenario"]: r for r in json.loads(second.read_text(encoding="utf-8"))["rows"]}
    lines = [
        f"| scenario | {first.name} | met | {second.name} | met | same verdict |",
        "|---|---:|---|---:|---|---|",
    ]
    agree = True
    for name in [*a, *(n for n in b if n not in a)]:
        left, right = a.get(name), b.get(name)
        same = left is not None and right is not None and left["ok"] == right["ok"]
        agree = agree and same

        def cell(row: dict[str, object] | None) -> str:
            return "-" if row is None else f"{row['ratio_text']} | {'yes' if row['ok'] else 'no'}"

        lines.append(f"| {name} | {cell(left)} | {cell(right)} | {'yes' if same else '**no**'} |")
    return "\n".join(lines), agree


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: exit 1 when a row's verdict differs between the runs."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print("usage: python -m bench.compare A.json B.json", file=sys.stderr)
        return 2
    table, agree = compare(Path(args[0]), Path(args[1]))
    print(table)
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
