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

if [ "${REUSE_VENV:-0}" != 1 ] || [ ! -x "$VENV/bin/python" ]; then
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip 2>&1 | grep -v "is ignored: it is neither" || true
fi
# Always reinstall the program itself so its metadata (version) matches this checkout.
"$VENV/bin/python" -m pip install --quiet --force-reinstall --no-deps . 2>&1 \
  | grep -v "is ignored: it is neither" || true
"$VENV/bin/python" -m pip install --quiet ".[package]" 2>&1 | grep -v "is ignored: it is neither" || true
venv_done=$(date +%s)

rm -rf dist/slip-desktop
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --workpath build/pyinstaller --distpath dist slip_desktop.spec
end=$(date +%s)

echo "virtualenv: $((venv_done - start)) s, PyInstaller: $((end - venv_done)) s, total: $((end - start)) s"
echo "size unpacked: $(du -sh dist/slip-desktop | cut -f1)" \
     "(compressed: $(tar -C dist -czf - slip-desktop | wc -c | awk '{printf "%.0f MB", $1/1e6}'))"
sh scripts/package-smoke.sh
