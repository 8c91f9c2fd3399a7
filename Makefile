# One place for the commands; CI calls `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install gazetteer js system-deps demo test lint bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# the gazetteer index is compiled once per machine from the installed packages (no download)
gazetteer: $(STAMP)
	$(BIN)/python -c "from claimledger.extract.gazetteer import ensure_index; print('gazetteer index:', ensure_index())"

# the web map's JavaScript (Leaflet) comes from npm at build time and is served from this origin:
# no CDN, no tile server. Without node/npm the map page keeps its static SVG map.
VENDOR := src/claimledger/views/static/vendor/leaflet
js: $(VENDOR)/leaflet.js

$(VENDOR)/leaflet.js: js/package.json js/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  { npm ci --prefix js --no-audit --no-fund --silent && mkdir -p $(VENDOR) && \
	    cp js/node_modules/leaflet/dist/leaflet.js js/node_modules/leaflet/dist/leaflet.css $(VENDOR)/ && \
	    cp js/node_modules/leaflet/LICENSE $(VENDOR)/LICENSE; } \
	  || echo "npm ci failed: the web map stays a static SVG and its browser test fails" >&2; \
	else echo "npm not found: the web map stays a static SVG (install node and npm, then make js)" >&2; fi

install: $(STAMP) gazetteer js

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
	rm -rf $(VENV) ledger.db ledger.db-wal ledger.db-shm build *.egg-info js/node_modules $(VENDOR)
