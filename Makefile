# peaceobs — two commands that work on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
CORPUS ?= $(or $(PEACEOBS_CORPUS),../shared/corpus)
DB     ?= data/peaceobs.db

.PHONY: install demo test lint bench clean

$(BIN)/peaceobs: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(BIN)/peaceobs

# Until the web issue lands, the demo ingests the corpus and shows what the store holds.
demo: install
	@test -d "$(CORPUS)" || { echo "corpus not found at $(CORPUS) (set PEACEOBS_CORPUS)"; exit 1; }
	$(BIN)/peaceobs ingest --db $(DB) --workers 2 \
	  "$(CORPUS)/unsc-resolutions-1946-1994/res_en_gold" \
	  "$(CORPUS)/ga-documents-2023-2025/extracted" \
	  "$(CORPUS)/ga-resolutions-80-markdown" \
	  "$(CORPUS)/peacekeeping-budget-reports-2026-27"
	$(BIN)/peaceobs stats --db $(DB)
	$(BIN)/peaceobs search --db $(DB) --body GA --limit 5 '"scale of assessments" peacekeeping'
	$(BIN)/peaceobs show --db $(DB) 'A/80/628' --paragraph P1

test: install
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check src tests bench

bench: install
	$(BIN)/python -m bench.ingest_bench
	$(BIN)/python -m bench.search_bench

clean:
	rm -rf $(VENV) data .pytest_cache
