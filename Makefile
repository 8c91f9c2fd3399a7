# One place for the commands; CI calls `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install gazetteer system-deps demo test lint bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# the gazetteer index is compiled once per machine from the installed packages (no download)
gazetteer: $(STAMP)
	$(BIN)/python -c "from claimledger.extract.gazetteer import ensure_index; print('gazetteer index:', ensure_index())"

install: $(STAMP) gazetteer

demo: install
	$(BIN)/claimledger demo

system-deps:
	bash scripts/system_deps.sh

# PostgreSQL store tests run against a throwaway server when one can be started (root installs it);
# otherwise they skip with the reason.
test: install system-deps
	@PG_URL="$${CLAIMLEDGER_TEST_PG:-$$(bash scripts/start_postgres.sh </dev/null || true)}"; \
	if [ -z "$$PG_URL" ]; then echo "PostgreSQL unavailable: its tests will skip" >&2; fi; \
	CLAIMLEDGER_TEST_PG="$$PG_URL" $(BIN)/python -m pytest -q tests; rc=$$?; \
	if [ -z "$$CLAIMLEDGER_TEST_PG" ] && [ -n "$$PG_URL" ]; then bash scripts/start_postgres.sh --stop; fi; \
	exit $$rc

lint: install
	$(BIN)/ruff check src tests benchmarks

bench: install
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) ledger.db ledger.db-wal ledger.db-shm build *.egg-info
