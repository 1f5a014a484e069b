"""Render resources/icon.svg into the PNG sizes and the multi-size icon.ico the build ships."""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
SIZES = (16, 32, 48, 64, 128, 256)
#: Below this size the lettering blurs, so the simpler drawing is used.
SMALL_UNDER = 48


def render_png(svg: Path, size: int, target: Path) -> None:
    """Render ``svg`` to a square ``size`` pixel PNG with a transparent background."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not a valid SVG file")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    if not image.save(str(target), "PNG"):
        raise OSError(f"Could not write {target}")


def write_ico(pngs: list[tuple[int, bytes]], target: Path) -> None:
    """Write a Windows icon holding one PNG-compressed image per size (Vista and later)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, data in pngs:
        # A width or height of 256 is written as 0 in the directory entry.
        side = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    target.write_bytes(header + entries + blobs)


def main() -> int:
    """Regenerate every icon file from the SVG sources."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - fonts need it
    pngs: list[tuple[int, bytes]] = []
    for size in SIZES:
        source = RESOURCES / ("icon-small.svg" if size < SMALL_UNDER else "icon.svg")
        target = RESOURCES / f"icon-{size}.png"
        render_png(source, size, target)
        pngs.append((size, target.read_bytes()))
        print(f"wrote {target.relative_to(RESOURCES.parent)}")
    write_ico(pngs, RESOURCES / "icon.ico")
    print("wrote resources/icon.ico")
    return 0


if __name__ == "__main__":
    sys.exit(main())
