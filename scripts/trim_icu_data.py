"""Linux build: rebuild Qt's ICU data library without what a UK office program never uses.

PySide6's Linux wheel ships ICU 73 whose data library (libicudata.so.73) is 31 MB: the
locale data of every language, the transliterators and the CJK/EBCDIC converters. Qt
uses ICU for collation, character sets other than UTF and Latin-1, and locale-specific
case mapping; the program shows English only, and its files are UTF-8. This keeps the
Unicode core (properties, normalisation, break rules, the root and English locales,
time zones, the single-byte converters) and drops the other languages' locale data, the
transliterators, the word dictionaries of Chinese, Japanese, Thai, Khmer, Lao and Burmese
(Qt breaks text with its own Unicode tables) and the large multi-byte converters: ~26 MB.
A locale whose data is gone falls back to the root locale, as ICU does for any it lacks.

    python scripts/trim_icu_data.py LIBICUDATA OUTPUT

Needs ``icupkg`` (Debian/Ubuntu: icu-devtools) and a C compiler; the spec calls it and
keeps the original library when either is missing. Windows and macOS builds of Qt use
the system's ICU: nothing to do there.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

#: A locale's resource file: "de.res", "zh_Hant_TW.res", "es_419.res", "de_.res".
LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*$")
#: Converters larger than this are multi-byte tables (CJK, EBCDIC DBCS): dropped.
LARGEST_CONVERTER = 40_000
DEPENDS = re.compile(r"Item (\S+) depends on missing item (\S+)")


def kept(item: str, size: int) -> bool:
    """Whether an ICU data item (e.g. ``coll/de.res``) stays in the trimmed data."""
    folder, _, name = item.rpartition("/")
    stem, _, ext = name.rpartition(".")
    if folder == "translit" or ext == "dict":  # transliterators; CJK/Thai word dictionaries
        return False
    if ext == "cnv":
        return size <= LARGEST_CONVERTER
    if ext == "res" and LOCALE.match(stem):
        return stem == "en" or stem.startswith("en_")
    return True


def _symbol(library: Path) -> tuple[str, int, int]:
    """Return the data symbol's name, file offset and size (it is the whole .rodata)."""
    symbols = subprocess.run(
        ["readelf", "-sW", str(library)], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(
        r"([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+OBJECT\s+GLOBAL\s+\S+\s+\d+\s+(icudt\d+_dat)", symbols
    )
    if found is None:
        raise RuntimeError(f"no icudt*_dat symbol in {library}")
    sections = subprocess.run(
        ["readelf", "-SW", str(library)], capture_output=True, text=True, check=True
    ).stdout
    rodata = re.search(r"\.rodata\s+PROGBITS\s+([0-9a-f]+)\s+([0-9a-f]+)", sections)
    if rodata is None:
        raise RuntimeError(f"no .rodata in {library}")
    address = int(found.group(1), 16)
    offset = address - int(rodata.group(1), 16) + int(rodata.group(2), 16)
    return found.group(3), offset, int(found.group(2), 0)


def trim(library: Path, output: Path) -> None:
    """Write a trimmed copy of ``library`` (libicudata.so.NN) to ``output``."""
    symbol, offset, size = _symbol(library)
    package = symbol.removesuffix("_dat") + "l"  # "icudt73l": the name icupkg expects
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        data = work / f"{package}.dat"
        with library.open("rb") as source:
            source.seek(offset)
            data.write_bytes(source.read(size))
        listing = subprocess.run(
            ["icupkg", "-l", str(data)], capture_output=True, text=True, check=True
        ).stdout.split()
        extracted = work / "items"
        for item in listing:
            (extracted / item).parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["icupkg", "-x", "*", "-d", str(extracted), str(data)], check=True)
        drop = {i for i in listing if not kept(i, (extracted / i).stat().st_size)}
        # Remove, then also drop whatever depended on a removed item, until icupkg agrees.
        for _attempt in range(5):
            trimmed = work / "out" / f"{package}.dat"
            trimmed.parent.mkdir(exist_ok=True)
            trimmed.write_bytes(data.read_bytes())
            (work / "drop.txt").write_text("\n".join(sorted(drop)) + "\n", encoding="utf-8")
            done = subprocess.run(
                ["icupkg", "-r", str(work / "drop.txt"), str(trimmed)],
                capture_output=True,
                text=True,
                check=False,
            )
            dependants = {m.group(1) for m in DEPENDS.finditer(done.stdout + done.stderr)}
            if done.returncode == 0 and not dependants:
                break
            if not dependants - drop:
                raise RuntimeError(f"icupkg failed: {done.stderr[-500:]}")
            drop |= dependants
        else:
            raise RuntimeError("icupkg kept finding dependants")
        assembly = work / "icudata.s"
        assembly.write_text(
            "\t.section .rodata\n"
            f"\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign 16\n{symbol}:\n"
            f'\t.incbin "{trimmed}"\n\t.size {symbol}, . - {symbol}\n'
            '\t.section .note.GNU-stack,"",@progbits\n',
            encoding="utf-8",
        )
        output.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "cc",
                "-shared",
                "-nostdlib",
                "-o",
                str(output),
                f"-Wl,-soname,{library.name}",
                str(assembly),
            ],
            check=True,
        )
    print(
        f"ICU data: {size / 2**20:.1f} MB -> {output.stat().st_size / 2**20:.1f} MB "
        f"({len(drop)} of {len(listing)} items left out)"
    )


if __name__ == "__main__":
    trim(Path(sys.argv[1]), Path(sys.argv[2]))
