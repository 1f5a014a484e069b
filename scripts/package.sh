#!/bin/sh
# Build the one-folder app (dist/slip-desktop/) from a clean virtualenv, then smoke-test it.
#   sh scripts/package.sh             fresh build/pkg-venv every time (what `make package` runs)
#   REUSE_VENV=1 sh scripts/package.sh   keep build/pkg-venv if present (faster while iterating)
# A clean virtualenv matters: PyInstaller's SQLAlchemy hook bundles every database driver it
# finds installed, and test tools in a development venv would be analysed too.
set -eu
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=build/pkg-venv
start=$(date +%s)

pip_log=build/pkg-pip.log
mkdir -p build
pip() {  # quiet pip; its log is shown only when it fails
  "$VENV/bin/python" -m pip "$@" >>"$pip_log" 2>&1 || { tail -30 "$pip_log"; exit 1; }
}
: >"$pip_log"
if [ "${REUSE_VENV:-0}" != 1 ] || [ ! -x "$VENV/bin/python" ]; then
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
else
  # Reinstall the program itself so its metadata (the version) matches this checkout.
  pip install --force-reinstall --no-deps .
fi
pip install ".[package]"
venv_done=$(date +%s)

rm -rf dist/slip-desktop
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --workpath build/pyinstaller --distpath dist slip_desktop.spec
end=$(date +%s)
# The same collection around scripts/package_probe.py, which uses the lazily imported
# libraries (charts, spreadsheets, encryption...) that --self-test does not reach.
SLIP_PACKAGE_PROBE="$PWD/scripts/package_probe.py" "$VENV/bin/pyinstaller" --noconfirm \
  --log-level ERROR --workpath build/probe-work --distpath build/probe-dist slip_desktop.spec
probe_done=$(date +%s)

echo "virtualenv: $((venv_done - start)) s, PyInstaller: $((end - venv_done)) s," \
     "probe build: $((probe_done - end)) s, total: $((probe_done - start)) s"
sh scripts/package-smoke.sh

# The size an office PC unpacks: fails above LIMIT_MB. The goal is 200 MB (issue 23); the
# build measures 233 MB with Qt's ICU data trimmed (icupkg and a C compiler on the build
# machine) and about 259 MB without, so the gate holds the line there until the goal is met.
TARGET_MB=200
LIMIT_MB=${LIMIT_MB:-265}
size=$(du -sm dist/slip-desktop | cut -f1)
echo "largest parts (MB):"
du -sm dist/slip-desktop/slip-desktop dist/slip-desktop/_internal/* | sort -n | tail -12
echo "size unpacked: $size MB (limit $LIMIT_MB MB;" \
     "compressed: $(tar -C dist -czf - slip-desktop | wc -c | awk '{printf "%.0f MB", $1/1e6}'))"
if [ "$size" -gt "$TARGET_MB" ]; then
  echo "note: $size MB is over the $TARGET_MB MB goal" >&2
fi
if [ "$size" -gt "$LIMIT_MB" ]; then
  echo "the build is over $LIMIT_MB MB unpacked" >&2
  exit 1
fi
