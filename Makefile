# The two commands a newcomer runs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run demo test lint screenshots clean package package-smoke icons version bench mutation

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

## Start the app on its default database (in your user data folder).
run: $(STAMP)
	$(PY) -m slip_desktop

## Start the app on a demo database full of invented data.
demo: $(STAMP)
	$(PY) -m slip_desktop --db demo.db --demo

## Run the whole test suite offscreen, on two worker processes. A test that fails is never
## run again (--only-rerun matches no error); a worker that crashes (a segmentation fault
## in Qt) has its test run once more in a fresh process, listed under "rerun test summary".
test: $(STAMP)
	@sh scripts/ensure-qt-libs.sh
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n 2 --reruns 1 --only-rerun '(?!)' -rR

lint: $(STAMP)
	$(VENV)/bin/ruff check slip_desktop tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

## Benchmark on a ten-year invented dataset: medians of 5 runs beside their baselines;
## then 5 office PCs for 60 s on an embedded PostgreSQL (bench/load.py).
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m bench.run --runs 5
	$(PY) -m bench.load --pcs 5 --seconds 60

## Mutation testing of the office's rules (slip_desktop/domain/ against tests/domain/):
## kill rate per module and the survivors; fails under 90%. Not part of `make test` (slow).
mutation: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/mutmut run --max-children 2 || true
	$(PY) scripts/mutation_report.py

## Render every tab and the main dialogs on demo data into shots/ (on a 1920x1080 screen),
## shots/1366x768/ and shots/1366x768-125/ (a laptop at 100% and 125% scaling), and a first run's
## empty database at 125% into shots/empty-1366x768-125/; each folder's cut-text.txt lists
## any text cut off. shots.db holds only invented data, so its passphrase need not be secret; headless runs read it from SLIP_DESKTOP_PASSPHRASE.
SHOTS_ENV = SLIP_DESKTOP_PASSPHRASE="$${SLIP_DESKTOP_PASSPHRASE:-invented demo data only}"
screenshots: $(STAMP)
	rm -rf shots shots.db shots-empty.db
	$(SHOTS_ENV) QT_QPA_PLATFORM=offscreen:configfile=scripts/screen-1920x1080.json \
	$(PY) -m slip_desktop --db shots.db --demo --screenshot shots
	$(SHOTS_ENV) QT_QPA_PLATFORM=offscreen:configfile=scripts/screen-1366x768.json \
	$(PY) -m slip_desktop --db shots.db --screenshot shots/1366x768
	$(SHOTS_ENV) QT_QPA_PLATFORM=offscreen:configfile=scripts/screen-1366x768.json QT_SCALE_FACTOR=1.25 \
	$(PY) -m slip_desktop --db shots.db --screenshot shots/1366x768-125
	$(SHOTS_ENV) QT_QPA_PLATFORM=offscreen:configfile=scripts/screen-1366x768.json QT_SCALE_FACTOR=1.25 \
	$(PY) -m slip_desktop --db shots-empty.db --screenshot shots/empty-1366x768-125
	rm -f shots-empty.db shots-empty.db.keys
	@cat shots/cut-text.txt shots/1366x768/cut-text.txt shots/1366x768-125/cut-text.txt \
	shots/empty-1366x768-125/cut-text.txt

## Build dist/slip-desktop/ (one folder, no Python needed) from a clean virtualenv in
## build/pkg-venv, then smoke-test it. Takes 2-5 minutes; see README "Install on an office PC".
package:
	@sh scripts/ensure-qt-libs.sh
	PYTHON=$(PYTHON) sh scripts/package.sh

## Smoke-test an existing build: --self-test and --screenshot offscreen in an empty environment.
package-smoke:
	sh scripts/package-smoke.sh

## Re-render resources/icon-*.png and icon.ico from resources/icon.svg (commit the results).
icons: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) scripts/make_icons.py

## Print the version (slip_desktop/__init__.py): the installer's stamp (iscc /DAppVersion=...).
version:
	@$(PYTHON) -c "import re; print(re.search(r'^__version__ = \"([^\"]+)\"', open('slip_desktop/__init__.py').read(), re.M).group(1))"

clean:
	rm -rf $(VENV) build dist shots shots.db *.egg-info
