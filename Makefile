# The two commands a newcomer runs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run demo test lint screenshots clean

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

## Run the whole test suite offscreen.
test: $(STAMP)
	@sh scripts/ensure-qt-libs.sh
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check slip_desktop tests
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

## Render every tab on demo data into shots/ (shots.db holds only invented data, so its
## passphrase need not be secret; headless runs read it from SLIP_DESKTOP_PASSPHRASE).
screenshots: $(STAMP)
	rm -rf shots shots.db
	SLIP_DESKTOP_PASSPHRASE="$${SLIP_DESKTOP_PASSPHRASE:-invented demo data only}" \
	QT_QPA_PLATFORM=offscreen $(PY) -m slip_desktop --db shots.db --demo --screenshot shots

clean:
	rm -rf $(VENV) build dist shots shots.db *.egg-info
