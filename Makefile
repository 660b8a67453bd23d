# Two commands for a fresh machine: `make run` (the product) and `make test` (the whole suite).
# Each creates .venv and installs what it needs when it is missing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
WEB := tests/web
WEB_STAMP := $(WEB)/node_modules/.installed

.PHONY: run test check format lint types contracts bench browser clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,cluster]'
	touch $(STAMP)

# The real Web SDK test needs Debian's Chromium and @adobe/alloy from npm.
browser: $(WEB_STAMP)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium tmux >/dev/null) \
	      || echo "warning: could not install chromium; the browser test will skip"; \
	  else echo "warning: chromium is missing and this user cannot apt-get install it"; fi; }
	@command -v tmux >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux >/dev/null || true; }

$(WEB_STAMP): $(WEB)/package.json
	@if command -v npm >/dev/null 2>&1; then \
	  cd $(WEB) && npm install --silent --no-audit --no-fund && touch node_modules/.installed; \
	else echo "warning: npm is missing; the browser test will skip"; fi

run: $(STAMP)
	$(BIN)/sandbox

test: $(STAMP) browser
	$(BIN)/pytest

format: $(STAMP)
	$(BIN)/ruff format sandbox mock_partner tests

lint: $(STAMP)
	$(BIN)/ruff format --check sandbox mock_partner tests
	$(BIN)/ruff check sandbox mock_partner tests

types: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

check: lint types contracts test

bench: $(STAMP)
	$(BIN)/sandbox bench

clean:
	rm -rf $(VENV) $(WEB)/node_modules
