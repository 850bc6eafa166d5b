# peaceobs — two commands that work on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
CORPUS ?= $(or $(PEACEOBS_CORPUS),../shared/corpus)
DB     ?= data/peaceobs.db

.PHONY: install demo test test-fast screenshots lint bench clean

$(BIN)/peaceobs: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(BIN)/peaceobs

HOST   ?= 127.0.0.1
PORT   ?= 8000

# Ingests the corpus into the embedded store (unchanged files are skipped, so a second run is
# quick), then serves the Observatory on http://$(HOST):$(PORT)/.
demo: install
	@test -d "$(CORPUS)" || { echo "corpus not found at $(CORPUS) (set PEACEOBS_CORPUS)"; exit 1; }
	$(BIN)/peaceobs ingest --db $(DB) --workers 2 \
	  "$(CORPUS)/unsc-resolutions-1946-1994/res_en_gold" \
	  "$(CORPUS)/ga-documents-2023-2025/extracted" \
	  "$(CORPUS)/ga-resolutions-80-markdown" \
	  "$(CORPUS)/peacekeeping-budget-reports-2026-27"
	$(BIN)/peaceobs stats --db $(DB)
	$(BIN)/peaceobs serve --db $(DB) --corpus "$(CORPUS)" --host $(HOST) --port $(PORT)

test: install
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest -q

# The tests that need no corpus, PostgreSQL or browser: small fixtures, under a minute.
test-fast: install
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest -q -m "not corpus and not slow"

# Browser tests that also write docs/screenshots/ (tracked): run when the pages change.
screenshots: install
	PEACEOBS_SCREENSHOTS=docs $(BIN)/pytest -q tests/test_browser.py

lint: install
	$(BIN)/ruff check src tests bench

bench: install
	$(BIN)/python -m bench.ingest_bench
	$(BIN)/python -m bench.search_bench
	$(BIN)/python -m bench.load_bench

clean:
	rm -rf $(VENV) data .pytest_cache
