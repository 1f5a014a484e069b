#!/bin/sh
# Smoke-test the built folder as an office PC would run it: an empty environment (no PATH,
# no PYTHONPATH, no virtualenv), a fresh home folder, offscreen Qt. The program must migrate
# a new database, render every tab and write a PDF using only what is inside the folder.
set -eu
cd "$(dirname "$0")/.."
APP=${1:-dist/slip-desktop}
[ -x "$APP/slip-desktop" ] || { echo "no build in $APP: run make package" >&2; exit 1; }
APP=$(cd "$APP" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/slip-package-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home" "$work/cwd"

run() {  # run the bundled program with nothing from this shell's environment but a locale
  (cd "$work/cwd" && env -i LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen HOME="$work/home" \
     SLIP_DESKTOP_PASSPHRASE="smoke test passphrase" "$@")
}

echo "== version"
run "$APP/slip-desktop" --console --version

echo "== one program: no second (console) copy of the Python archive"
[ ! -e "$APP/slip-desktop-console" ] || { echo "a second program was built" >&2; exit 1; }

echo "== self-test (--console, as support runs it)"
run "$APP/slip-desktop" --console --self-test > "$work/self-test.txt" 2>&1 || {
  cat "$work/self-test.txt"; exit 1; }
cat "$work/self-test.txt"
grep -q "self-test: ok" "$work/self-test.txt"

echo "== screenshots of every tab on a new demo database"
run "$APP/slip-desktop" --db "$work/smoke.db" --demo --screenshot "$work/shots" \
  > "$work/shots.txt" 2>&1 || { cat "$work/shots.txt"; exit 1; }
shots=$(find "$work/shots" -name '*.png' -size +10k | wc -l)
echo "$shots screenshots: $(cd "$work/shots" && ls | tr '\n' ' ')"
[ "$shots" -ge 5 ] || { echo "expected a screenshot of each of at least 5 tabs" >&2; exit 1; }
if [ -n "${KEEP_SHOTS:-}" ]; then rm -rf "$KEEP_SHOTS"; cp -r "$work/shots" "$KEEP_SHOTS"; fi

echo "== the package data: user guide, resources, every migration"
for file in slip_desktop/guide/*.md resources/* slip_desktop/db/migrations/versions/*.py; do
  [ -f "$APP/_internal/$file" ] || { echo "not in the build: $file" >&2; exit 1; }
done
echo "$(ls "$APP/_internal/slip_desktop/db/migrations/versions" | grep -c '\.py$') migrations," \
     "$(ls "$APP/_internal/slip_desktop/guide" | wc -l) guide pages"

echo "== the demo database was written"
[ -s "$work/smoke.db" ] || { echo "no database written" >&2; exit 1; }

echo "== no bundled library needs a Qt or Python library the spec filtered out"
# System libraries (X11, fontconfig, CUPS...) come from the PC; Qt and Python must be inside.
missing=$(find "$APP/_internal" -name '*.so*' -type f -exec ldd {} + 2>/dev/null \
  | grep "not found" | grep -E "libQt6|libpyside|libshiboken|libpython" | sort -u || true)
if [ -n "$missing" ]; then echo "missing libraries:"; echo "$missing"; exit 1; fi

PROBE=${PROBE:-build/probe-dist/slip-desktop-probe}
if [ -x "$PROBE/slip-desktop-probe" ]; then
  echo "== probe: charts, spreadsheets, encryption, calendar... in the same collection"
  PROBE=$(cd "$PROBE" && pwd)
  run "$PROBE/slip-desktop-probe"
  # The shipped programs carry no benchmark hook; the probe, built from the same collection,
  # starts the program through bench/probe.py, which reports each stage's first paint.
  echo "== the windowed start: window, then the referral list read before SQLAlchemy loads"
  for stage in window list; do
    run "$PROBE/slip-desktop-probe" start "$stage" --db "$work/smoke.db" \
      > "$work/start-$stage.txt" 2>&1 || { cat "$work/start-$stage.txt"; exit 1; }
    grep -q "^PAINTED " "$work/start-$stage.txt" || {
      echo "the $stage never painted:"; cat "$work/start-$stage.txt"; exit 1; }
    echo "$stage painted"
  done
else
  echo "== probe: no build in $PROBE (make package builds it); skipped"
fi

echo "package smoke test: ok ($(du -sk "$APP" | awk '{printf "%.1f MB", $1 / 1024}') unpacked)"
