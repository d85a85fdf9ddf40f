# Talkback: `make run` opens the app on the bundled sample, `make test` runs every check offscreen.
VENV    := .venv
BIN     := $(VENV)/bin
SAMPLE  := resources/samples/harbor-town-pier.txt
STAMP   := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench screenshots clean

$(BIN)/python:
	$$(tools/ensure-system python) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test,dev]"
	touch $(STAMP)

run: $(STAMP)
	tools/ensure-system qt $(BIN)/python
	$(BIN)/talkback open $(SAMPLE)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen tools/ensure-system qt $(BIN)/python
	$(MAKE) --no-print-directory lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

screenshots: $(STAMP)
	$(BIN)/python tools/make_screenshots.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis build dist
