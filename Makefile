# AI Product Metrics course. Two commands matter (see README):
#   make course   set everything up and open the course in JupyterLab
#   make test     set everything up and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PATH := $(abspath $(BIN)):$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# The real-browser tests (tests/test_browser.py) need Debian's Chromium and axe-core from npm;
# `make browser` installs both (apt-get as root, npm into build/browser-deps). Outside CI it
# only warns when it cannot, and those tests then skip; in CI (CI=true) it fails.
CHROMIUM     ?= /usr/bin/chromium
BROWSER_DEPS := build/browser-deps
AXE_VERSION  := 4.14.1
AXE          := $(BROWSER_DEPS)/node_modules/axe-core/axe.min.js

.PHONY: course test setup build check lint bench browser site clean help

help:
	@echo "make course  - set up and open the course in JupyterLab"
	@echo "make test    - set up and run the test suite (real-browser tests included)"
	@echo "make build   - regenerate assignments/, solutions/, datasets/ from course/"
	@echo "make site    - build the course website into build/site"
	@echo "make browser - install Chromium (Debian) and axe-core (npm) for the browser tests"
	@echo "make lint    - ruff"
	@echo "make bench   - print the benchmark figures"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# playwright drives Debian's Chromium (make browser): never its own browser download
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(BIN)/python -m pip install --quiet -e '.[test]'
	@# rfc3987-syntax (an optional extra of jupyter-events) compiles grammars on import and
	@# doubles the start-up of every jupyter/nbgrader command; nothing here needs it.
	$(BIN)/python -m pip uninstall --quiet -y rfc3987-syntax
	$(BIN)/python -m pip check
	$(BIN)/aipm link-config
	touch $(STAMP)

setup: $(STAMP)

course: setup
	$(BIN)/aipm lab

test: setup browser postgres
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 --dist loadfile --durations=15

browser: $(CHROMIUM) $(AXE)

$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium for the browser tests (about a minute)"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	elif command -v apt-get >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	  sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	elif [ -n "$$CI" ]; then \
	  echo "make browser: $(CHROMIUM) is missing and apt-get cannot install it here" >&2; exit 1; \
	else \
	  echo "make browser: no $(CHROMIUM) and no apt-get as root: the browser tests will be" \
	       "skipped (install Chromium, or set CHROMIUM=/path and AIPM_CHROMIUM=/path)"; \
	fi

$(AXE):
	@if command -v npm >/dev/null 2>&1; then \
	  mkdir -p $(BROWSER_DEPS) && \
	  npm install --prefix $(BROWSER_DEPS) --no-audit --no-fund --loglevel=error \
	    axe-core@$(AXE_VERSION); \
	elif [ -n "$$CI" ]; then \
	  echo "make browser: npm is missing: cannot install axe-core" >&2; exit 1; \
	else \
	  echo "make browser: no npm: the browser tests will be skipped (they need axe-core)"; \
	fi

# The PostgreSQL gradebook test (tests/test_instructor_postgres.py) starts a throw-away server
# from Debian's package; `make postgres` installs it (apt-get as root, non-interactive). Outside
# CI it only warns when it cannot, and that test then skips; in CI (CI=true) it fails.
postgres:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's postgresql for the gradebook test (about 20 s)"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql || \
	  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql; }; \
	elif [ -n "$$CI" ]; then \
	  echo "make postgres: PostgreSQL is missing and apt-get cannot install it here" >&2; exit 1; \
	else \
	  echo "make postgres: no PostgreSQL and no apt-get as root: the PostgreSQL gradebook" \
	       "test will be skipped"; \
	fi

site: setup
	$(BIN)/aipm site

build: setup
	$(BIN)/aipm build

check: setup
	$(BIN)/aipm check my-work

lint: setup
	$(BIN)/ruff check .

bench: setup browser
	$(BIN)/python benchmarks/bench_module1.py
	$(BIN)/python benchmarks/bench_module2.py
	$(BIN)/python benchmarks/bench_module3.py
	$(BIN)/python benchmarks/bench_module4.py
	$(BIN)/python benchmarks/bench_module5.py
	$(BIN)/python benchmarks/bench_module6.py
	$(BIN)/python benchmarks/bench_autograde.py
	$(BIN)/python benchmarks/bench_browser.py

clean:
	rm -rf build .pytest_cache .ruff_cache
